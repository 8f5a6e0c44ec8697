// Bench of bsx_column_config (N = P_N, M = P_M, WITH_FLIP = P_WITH_FLIP):
// random writes, including column addresses >= M that must be ignored and
// cycles without we_i; after every cycle every column's column_flip and
// sum(W') must equal a plain array model (flips stay 0 without WITH_FLIP).
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include "Vbsx_column_config.h"
#include "verilated.h"
#include "vl_bits.h"

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    constexpr int N = P_N, M = P_M;
    constexpr bool WITH_FLIP = P_WITH_FLIP != 0;
    constexpr int SW = vl_clog2(N + 1);
    constexpr int CW = vl_clog2(M);
    VerilatedContext ctx;
    Vbsx_column_config top(&ctx, "bsx_column_config");
    Tally tally("tb_column_config[" P_LABEL "]");
    std::mt19937 rng(11);
    std::vector<int> flip(M, 0), wsum(M, 0);

    auto edge = [&] { vl_clock_edge(top); };
    top.rst_ni = 0;
    top.we_i = 0;
    edge();
    top.rst_ni = 1;
    for (int i = 0; i < 20000; i++) {
        unsigned col = rng() % (1u << CW);
        int f = static_cast<int>(rng() & 1u);
        int w = static_cast<int>(rng() % (N + 1));
        bool we = rng() % 4 != 0;
        top.we_i = we;
        top.col_i = static_cast<uint8_t>(col);
        top.flip_i = static_cast<uint8_t>(f);
        top.wsum_i = static_cast<uint8_t>(w);
        top.eval();
        edge();
        if (we && col < static_cast<unsigned>(M)) {
            flip[col] = WITH_FLIP ? f : 0;
            wsum[col] = w;
        }
        for (int c = 0; c < M; c++) {
            int got_flip = static_cast<int>(vl_bit(top.flip_o, c));
            int got_wsum = static_cast<int>(vl_field(top.wsum_o, c * SW, SW));
            tally.check(got_flip == flip[c] && got_wsum == wsum[c], [&] {
                std::printf("  write %d col %d: flip %d wsum %d, want %d %d\n", i, c, got_flip, got_wsum, flip[c], wsum[c]);
            });
        }
    }
    top.final();
    return tally.finish();
}
