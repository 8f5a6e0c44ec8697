// Benches of the flip path's combinational blocks, exhaustive at N = P_N:
//   bsx_row_mask      every rows_i value (0 .. 2^SW - 1; above N: all rows)
//   bsx_half_compare  every 0 <= s <= n <= N: flip = 2s > n
//   bsx_row_flip      every N-bit activation x every n in 0..N x both flips
//   bsx_sum_select    every s <= n <= N x both flips: n - s or s
// against the models of block_models.h.
#include <cstdint>
#include <cstdio>

#include "Vtb_flip_blocks.h"
#include "block_models.h"
#include "verilated.h"
#include "vl_bits.h"

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    constexpr int N = P_N;
    constexpr int SW = vl_clog2(N + 1);
    static_assert(N <= 20, "exhaustive bench: keep N small");
    const uint64_t all_rows = (uint64_t{1} << N) - 1;
    VerilatedContext ctx;
    Vtb_flip_blocks top(&ctx, "tb_flip_blocks");

    Tally mask("tb_row_mask[" P_LABEL "]");
    for (int n = 0; n < (1 << SW); n++) {
        top.mask_rows_i = static_cast<uint8_t>(n);
        top.eval();
        uint64_t want = n >= N ? all_rows : (uint64_t{1} << n) - 1;
        mask.check(top.mask_o == want, [&] {
            std::printf("  n %d: mask %#llx, want %#llx\n", n, (unsigned long long)top.mask_o, (unsigned long long)want);
        });
    }

    Tally cmp("tb_half_compare[" P_LABEL "]");
    for (int n = 0; n <= N; n++)
        for (int s = 0; s <= n; s++) {
            top.cmp_sum_i = static_cast<uint8_t>(s);
            top.cmp_rows_i = static_cast<uint8_t>(n);
            top.eval();
            bool want = model::activation_flip(s, n);
            cmp.check(top.cmp_flip_o == want, [&] { std::printf("  s %d n %d: flip %d, want %d\n", s, n, top.cmp_flip_o, want); });
        }

    Tally flip("tb_row_flip[" P_LABEL "]");
    for (int n = 0; n <= N; n++)
        for (uint64_t act = 0; act <= all_rows; act++)
            for (int f = 0; f < 2; f++) {
                vl_assign(top.rf_act_i, act);
                top.rf_rows_i = static_cast<uint8_t>(n);
                top.rf_flip_i = static_cast<uint8_t>(f);
                top.eval();
                uint64_t in_use = (uint64_t{1} << n) - 1;
                uint64_t want = (f ? ~act : act) & in_use;
                flip.check(top.rf_wl_o == want, [&] {
                    std::printf("  act %#llx n %d flip %d: wl %#llx, want %#llx\n", (unsigned long long)act, n, f,
                                (unsigned long long)top.rf_wl_o, (unsigned long long)want);
                });
            }

    Tally sel("tb_sum_select[" P_LABEL "]");
    for (int n = 0; n <= N; n++)
        for (int s = 0; s <= n; s++)
            for (int f = 0; f < 2; f++) {
                top.sel_sum_i = static_cast<uint8_t>(s);
                top.sel_rows_i = static_cast<uint8_t>(n);
                top.sel_flip_i = static_cast<uint8_t>(f);
                top.eval();
                int want = model::sum_used(s, n, f != 0);
                sel.check(top.sel_sum_o == want, [&] { std::printf("  s %d n %d flip %d: sum %d, want %d\n", s, n, f, top.sel_sum_o, want); });
            }

    top.final();
    return finish_all("tb_flip_blocks[" P_LABEL "]", {&mask, &cmp, &flip, &sel});
}
