// Bench of bsx_adc_bank (M = P_M columns, K = P_K ADCs, B = P_B bits): each
// column has a random true code and every ADC's comparator answers
// keep = (true code of the column it looks at >= its trial code). Checked
// cycle by cycle against the schedule in the module header: round r samples
// at t + r*(B+1) with ADC k on column r*K + k, B bit cycles with busy, the
// codes of round r (code_round_o = r) in cycle t + (r+1)*(B+1), code_last_o
// only on the last round; every column converted exactly once, to its code.
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include "Vbsx_adc_bank.h"
#include "verilated.h"
#include "vl_bits.h"

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    constexpr int M = P_M, K = P_K, B = P_B, R = M / K;
    constexpr int CW = vl_clog2(M);
    VerilatedContext ctx;
    Vbsx_adc_bank top(&ctx, "bsx_adc_bank");
    Tally tally("tb_adc_bank[" P_LABEL "]");
    std::mt19937 rng(7);

    auto edge = [&] { vl_clock_edge(top); };
    top.rst_ni = 0;
    top.start_i = 0;
    edge();
    top.rst_ni = 1;

    for (int vec = 0; vec < 200; vec++) {
        std::vector<unsigned> truth(M);
        for (int c = 0; c < M; c++)
            truth[c] = vec == 0 ? 0u : vec == 1 ? (1u << B) - 1u : rng() % (1u << B);
        std::vector<int> converted(M, 0);
        int idle = static_cast<int>(rng() % 3);  // idle cycles before start
        for (int i = 0; i < idle; i++) {
            top.start_i = 0;
            top.eval();
            edge();
        }
        for (int t = 0; t <= R * (B + 1); t++) {
            int round = t / (B + 1), phase = t % (B + 1);  // phase 0: sample (or done + sample)
            top.start_i = t == 0;
            for (int k = 0; k < K; k++) {
                unsigned col = static_cast<unsigned>(vl_field(top.adc_col_o, k * CW, CW));
                unsigned trial = static_cast<unsigned>(vl_field(top.adc_trial_o, k * B, B));
                vl_set_bit(top.keep_i, k, col < static_cast<unsigned>(M) && truth[col] >= trial);
            }
            top.eval();
            // columns: the round being sampled / converted (none after the last)
            if (t < R * (B + 1)) {
                tally.check(static_cast<int>(top.round_o) == round,
                            [&] { std::printf("  vec %d t %d: round_o %d, want %d\n", vec, t, (int)top.round_o, round); });
                for (int k = 0; k < K; k++) {
                    unsigned col = static_cast<unsigned>(vl_field(top.adc_col_o, k * CW, CW));
                    tally.check(col == static_cast<unsigned>(round * K + k), [&] {
                        std::printf("  vec %d t %d adc %d: column %u, want %d\n", vec, t, k, col, round * K + k);
                    });
                }
            }
            bool busy_want = phase != 0;
            for (int k = 0; k < K; k++)
                tally.check(vl_bit(top.adc_busy_o, k) == busy_want,
                            [&] { std::printf("  vec %d t %d adc %d: busy %u, want %u\n", vec, t, k, vl_bit(top.adc_busy_o, k), (unsigned)busy_want); });
            bool codes_want = t > 0 && phase == 0;
            tally.check(top.code_valid_o == codes_want && top.code_last_o == (t == R * (B + 1)), [&] {
                std::printf("  vec %d t %d: code_valid %d code_last %d, want %d %d\n", vec, t, top.code_valid_o, top.code_last_o,
                            codes_want, t == R * (B + 1));
            });
            if (top.code_valid_o) {
                int r = static_cast<int>(top.code_round_o);
                tally.check(r == round - 1, [&] { std::printf("  vec %d t %d: code_round %d, want %d\n", vec, t, r, round - 1); });
                for (int k = 0; k < K; k++) {
                    int col = r * K + k;
                    unsigned code = static_cast<unsigned>(vl_field(top.codes_o, k * B, B));
                    if (col < M) {
                        converted[col]++;
                        tally.check(code == truth[col], [&] {
                            std::printf("  vec %d col %d: code %u, want %u\n", vec, col, code, truth[col]);
                        });
                    }
                }
            }
            edge();
        }
        for (int c = 0; c < M; c++)
            tally.check(converted[c] == 1, [&] { std::printf("  vec %d col %d: converted %d times, want once\n", vec, c, converted[c]); });
        top.start_i = 0;
        top.eval();
        tally.check(!top.code_valid_o && !top.adc_busy_o, [&] { std::printf("  vec %d after the last round: code_valid %d busy %#llx, want 0 0\n", vec, top.code_valid_o,
                                (unsigned long long)vl_field(top.adc_busy_o, 0, K)); });
    }
    top.final();
    return tally.finish();
}
