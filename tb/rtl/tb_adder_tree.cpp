// Bench of bsx_adder_tree: every input vector of N bits (all 2^N) for every
// n in 0..N (mask_i = the n rows in use), one vector per clock through the
// pipeline; sum_o must be the popcount of the n rows in use and valid_o must
// arrive exactly STAGES cycles after valid_i. Parameters P_N, P_STAGES (same as the Verilog -G flags).
#include <cstdint>
#include <cstdio>
#include <deque>

#include "Vbsx_adder_tree.h"
#include "verilated.h"
#include "vl_bits.h"

namespace {

struct Sent {
    uint64_t cycle;
    int sum;
};

int popcount_rows(uint64_t act, int n)
{
    uint64_t mask = n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    return __builtin_popcountll(act & mask);
}

} // namespace

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    constexpr int N = P_N, STAGES = P_STAGES;
    static_assert(N <= 20, "exhaustive bench: keep N small");
    VerilatedContext ctx;
    Vbsx_adder_tree top(&ctx, "bsx_adder_tree");
    Tally tally("tb_adder_tree[" P_LABEL "]");

    uint64_t cycle = 0;
    auto edge = [&] {
        vl_clock_edge(top);
        cycle++;
    };
    top.rst_ni = 0;
    top.valid_i = 0;
    edge();
    top.rst_ni = 1;

    std::deque<Sent> pending;  // vectors in the pipeline, oldest first
    const uint64_t total = (uint64_t{1} << N) * (N + 1);
    uint64_t sent = 0;
    // Every third cycle carries no vector so valid_o gaps are checked too.
    while (sent < total || !pending.empty()) {
        bool send = sent < total && cycle % 3 != 2;
        int n = 0;
        uint64_t act = 0;
        if (send) {
            n = static_cast<int>(sent >> N);
            act = sent & ((uint64_t{1} << N) - 1);
            vl_assign(top.act_i, act);
            vl_assign(top.mask_i, (uint64_t{1} << n) - 1);
        }
        top.valid_i = send;
        top.eval();
        if (STAGES == 0) {  // combinational: the answer is here now
            tally.check(top.valid_o == send, [&] { std::printf("  cycle %llu: valid_o %d, want %d\n", (unsigned long long)cycle, top.valid_o, send); });
            if (send)
                tally.check(top.sum_o == popcount_rows(act, n), [&] {
                    std::printf("  act %#llx n %d: sum %d, want %d\n", (unsigned long long)act, n, top.sum_o, popcount_rows(act, n));
                });
        }
        if (send) {
            if (STAGES > 0)
                pending.push_back({cycle + STAGES, popcount_rows(act, n)});
            sent++;
        }
        edge();
        if (STAGES > 0) {
            top.valid_i = 0;
            top.eval();
            bool due = !pending.empty() && pending.front().cycle == cycle;
            tally.check(top.valid_o == due, [&] { std::printf("  cycle %llu: valid_o %d, want %d\n", (unsigned long long)cycle, top.valid_o, due); });
            if (due) {
                int want = pending.front().sum;
                tally.check(top.sum_o == want, [&] { std::printf("  cycle %llu: sum %d, want %d\n", (unsigned long long)cycle, top.sum_o, want); });
                pending.pop_front();
            }
        }
    }
    top.final();
    return tally.finish();
}
