/* Benchmark baseline for the co-simulation (make bench-cosim): the same
 * verilated bsx_macro (BinSparX, K = 8, N = M = 64, built with --cc instead
 * of --sc) driven by a bare C++ loop with ideal comparators (keep from the
 * ideal partial sum through bsx_adc_keep, I_LSB = 1), no SystemC kernel, no
 * bit-vector ports. One tile (the first 64 x 64 of W), vectors streamed as
 * fast as the macro takes them, every result checked against the reference.
 *
 *   bench_bare_loop W.npy X.npy      prints one JSON line
 */
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <vector>

#include "Vbsx_macro_bare.h"
#include "verilated.h"
#include "macro_geometry.h"

extern "C" {
#include "adc.h"
#include "bsx_status.h"
#include "macro.h"
#include "npy.h"
}

namespace {

/* the configuration's parameters, -DBSX_<P> from `bsxsim config --params` */
constexpr int kN = BSX_N, kM = BSX_M, kK = BSX_K, kB = BSX_B, kOutBits = BSX_OW;
constexpr int kColBits = vl_clog2(kM);

struct Bench {
    Vbsx_macro_bare top;
    uint64_t cycles = 0;

    void tick()
    {
        top.clk_i = 0;
        top.eval();
        top.clk_i = 1;
        top.eval();
        ++cycles;
    }
};

/* Field [lo, lo + width) of a wide output (32-bit words). */
uint32_t wide_field(const uint32_t *words, int lo, int width)
{
    uint64_t two = words[lo / 32];
    if ((lo % 32) + width > 32)
        two |= (uint64_t)words[lo / 32 + 1] << 32;
    return (uint32_t)((two >> (lo % 32)) & ((1u << width) - 1));
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: bench_bare_loop W.npy X.npy\n");
        return 2;
    }
    char err[BSX_ERRLEN];
    bsx_pm1_matrix w{}, x{};
    if (bsx_npy_read_pm1(argv[1], "weights", &w, err) != BSX_OK ||
        bsx_npy_read_pm1(argv[2], "inputs", &x, err) != BSX_OK) {
        std::fprintf(stderr, "bench_bare_loop: %s\n", err);
        return 1;
    }
    if (w.rows < (size_t)kN || w.cols < (size_t)kM || x.cols != w.rows) {
        std::fprintf(stderr, "bench_bare_loop: need W at least 64 x 64 and X with W's rows\n");
        return 1;
    }
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, BSX_SCHEME_BINSPARX);
    bsx_tile tile{};
    if (bsx_tile_program(&cfg, w.data, w.cols, kN, kM, &tile) != BSX_OK) {
        std::fprintf(stderr, "bench_bare_loop: tile programming failed\n");
        return 1;
    }

    Bench b;
    b.top.rst_ni = 0;
    b.top.in_valid_i = 0;
    b.top.out_ready_i = 1;
    b.top.cfg_we_i = 0;
    for (int i = 0; i < 3; ++i)
        b.tick();
    b.top.rst_ni = 1;
    b.top.cfg_rows_i = kN;
    for (int c = 0; c < kM; ++c) {
        b.top.cfg_we_i = 1;
        b.top.cfg_col_i = (uint32_t)c;
        b.top.cfg_col_flip_i = tile.column_flip[c];
        b.top.cfg_wsum_i = (uint32_t)tile.stored_ones[c];
        b.tick();
    }
    b.top.cfg_we_i = 0;

    std::vector<uint64_t> wcol(kM, 0);
    for (int c = 0; c < kM; ++c)
        for (int r = 0; r < kN; ++r)
            wcol[c] |= (uint64_t)tile.bits[c * kN + r] << r;

    uint64_t mismatches = 0, sent = 0, received = 0;
    const size_t batch = x.rows;
    const uint64_t start_cycles = b.cycles;
    auto t0 = std::chrono::steady_clock::now();
    while (received < batch) {
        /* inputs and comparator answers settle before the edge */
        if (sent < batch) {
            uint64_t act = 0;
            for (int r = 0; r < kN; ++r)
                act |= (uint64_t)(x.data[sent * x.cols + r] > 0) << r;
            b.top.in_act_i = act;
            b.top.in_valid_i = 1;
        } else {
            b.top.in_valid_i = 0;
        }
        b.top.eval();
        uint32_t keep = 0;
        for (int k = 0; k < kK; ++k) {
            unsigned col = (unsigned)((b.top.adc_col_o >> (k * kColBits)) & (kM - 1));
            unsigned trial = (unsigned)((b.top.adc_trial_o >> (k * kB)) & ((1u << kB) - 1));
            int ps = __builtin_popcountll(b.top.wl_o & wcol[col]);
            keep |= (uint32_t)(bsx_adc_keep((double)ps, trial, 1.0) != 0) << k;
        }
        b.top.adc_keep_i = (uint8_t)keep;
        b.top.eval();
        bool take_in = b.top.in_valid_i && b.top.in_ready_o;
        bool take_out = b.top.out_valid_o;
        if (take_out) {
            unsigned char wl[kN];
            bsx_activation act;
            bsx_activation_prepare(&cfg, x.data + received * x.cols, kN, wl, &act);
            uint64_t packed;
            bsx_wordlines_pack(wl, kN, &packed);
            for (int c = 0; c < kM; ++c) {
                unsigned code = bsx_ideal_code(bsx_tile_ideal_psum(&tile, c, &packed), kB);
                int32_t want = bsx_postprocess(code, act.s_used, tile.stored_ones[c], kN,
                                               act.activation_flip, tile.column_flip[c]);
                uint32_t raw = wide_field(b.top.out_data_o.data(), c * kOutBits, kOutBits);
                int32_t got = (int32_t)(raw ^ (1u << (kOutBits - 1))) - (1 << (kOutBits - 1));
                mismatches += got != want;
            }
            ++received;
        }
        b.tick();
        sent += take_in;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    uint64_t cycles = b.cycles - start_cycles;
    std::printf("{\"vectors\": %zu, \"cycles\": %llu, \"seconds\": %.6f, \"cycles_per_second\": %.1f, "
                "\"vectors_per_second\": %.1f, \"mismatches\": %llu}\n",
                batch, (unsigned long long)cycles, secs, cycles / secs, batch / secs,
                (unsigned long long)mismatches);
    b.top.final();
    bsx_tile_free(&tile);
    bsx_pm1_free(&x);
    bsx_pm1_free(&w);
    return mismatches ? 1 : 0;
}
