// Bench of the post-processing, bsx_post_offset feeding bsx_post_process as
// bsx_macro chains them (tb_post_chain.sv), at N = P_N, B = P_B, exhaustive:
// every code 0..2^B-1, every n 0..N, every s_used and sum(W') in 0..n, both
// signs; the result (OW = P_OW bits, signed) must equal equation (1) with the
// negation in unbounded integers, and clip_o must flag code 2^B - 1. OW must
// be the minimum width (what `bsxsim config` gives): the largest |result|
// of the sweep needs all OW bits, so every result fits and one bit less
// would not.
#include <cstdint>
#include <cstdio>

#include "Vtb_post_chain.h"
#include "block_models.h"
#include "verilated.h"
#include "vl_bits.h"

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    constexpr int N = P_N, B = P_B, OW = P_OW;
    VerilatedContext ctx;
    Vtb_post_chain top(&ctx, "tb_post_chain");
    Tally tally("tb_post_process[" P_LABEL "]");
    int64_t largest = 0;  // largest |equation (1)| of the sweep
    for (int n = 0; n <= N; n++)
        for (int s = 0; s <= n; s++)
            for (int w = 0; w <= n; w++)
                for (unsigned code = 0; code < (1u << B); code++)
                    for (int neg = 0; neg < 2; neg++) {
                        top.code_i = static_cast<uint8_t>(code);
                        top.sum_i = static_cast<uint8_t>(s);
                        top.wsum_i = static_cast<uint8_t>(w);
                        top.rows_i = static_cast<uint8_t>(n);
                        top.negate_i = static_cast<uint8_t>(neg);
                        top.eval();
                        int64_t want = model::post_process(code, s, w, n, neg != 0);
                        largest = want > largest ? want : (-want > largest ? -want : largest);
                        int64_t got = sign_extend(static_cast<uint64_t>(top.result_o), OW);
                        bool clip = code == (1u << B) - 1u;
                        tally.check(got == want && top.clip_o == clip, [&] {
                            std::printf("  code %u s %d wsum %d n %d neg %d: %lld clip %d, want %lld clip %d\n", code,
                                        s, w, n, neg, (long long)got, top.clip_o, (long long)want, clip);
                        });
                    }
    // two's complement of w bits holds magnitudes up to 2^(w-1) - 1
    const int64_t fits = (int64_t{1} << (OW - 1)) - 1, fits_less = (int64_t{1} << (OW - 2)) - 1;
    tally.check(largest <= fits && largest > fits_less, [&] {
        std::printf("  OW %d is not the minimum width: largest |result| %lld\n", OW, (long long)largest);
    });
    top.final();
    return tally.finish();
}
