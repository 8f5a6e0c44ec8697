/* The co-simulation's scoreboard (sim/scoreboard.h) is independent of the
 * simulated analog array: its expected words come from the reference VMM's
 * own solves, never from the array object that answers the RTL's
 * comparators. Here the RTL side is emulated without SystemC: a
 * TileCurrentCache (what sim/comparator_bank.h reads) is applied to each
 * input's word lines and its currents are converted by the shared SAR rule,
 * as the RTL's ADCs would. A faithful array passes word for word; an array with the
 * wrong model (ideal currents while the reference is analog) must fail on
 * exactly the words whose code it changes. A scoreboard that read its
 * expectations from the array it checks (a shared cache, as before) would
 * follow the faulty array and report nothing. Plain C++ (Check), under
 * ASan+UBSan like the C tests. */
#include <check.h>

#include <string>
#include <vector>

#include "tile_current_cache.h"
#include "cosim_job.h"
#include "scoreboard.h"

extern "C" {
#include "adc.h"
#include "bsx_status.h"
#include "tb_cli.h"
}

namespace {

constexpr size_t kBatch = 40;
constexpr size_t kInRows = 100;  /* two row tiles, the second partial */
constexpr size_t kOutCols = 70;  /* two column tiles, the second partial */

uint64_t rng_state = 0x2545f4914f6cdd1dull;

int8_t random_pm1()
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (rng_state >> 11) & 1 ? 1 : -1;
}

/* A BinSparX job on the default 64 x 64 array with sram-m6-1ua. */
void load_job(CosimJob &job)
{
    std::vector<int8_t> w(kInRows * kOutCols), x(kBatch * kInRows);
    for (int8_t &v : w)
        v = random_pm1();
    for (int8_t &v : x)
        v = random_pm1();
    char msg[BSX_ERRLEN] = "";
    ck_assert_msg(bsx_npy_write_pm1(tb_path("w.npy"), kInRows, kOutCols, w.data(), msg) == BSX_OK,
                  "%s", msg);
    ck_assert_msg(bsx_npy_write_pm1(tb_path("x.npy"), kBatch, kInRows, x.data(), msg) == BSX_OK,
                  "%s", msg);
    CosimOptions opts;
    opts.weights = tb_path("w.npy");
    opts.inputs = tb_path("x.npy");
    opts.out = tb_path("y.npy");
    bsx_macro_defaults(&opts.config.macro, BSX_SCHEME_BINSPARX);
    opts.preset = "sram-m6-1ua";
    std::string err;
    ck_assert_msg(job.load(opts, err) == 0, "%s", err.c_str());
    ck_assert_ptr_nonnull(job.analog());
}

/* What the RTL delivers for every tile and input when its comparators see
 * `array`, handed to the scoreboard tile by tile as the streamer does.
 * Returns the number of words whose code differs from the reference's. */
uint64_t stream_through(const CosimJob &job, TileCurrentCache &array, Scoreboard &sb)
{
    const bsx_macro_config &cfg = job.config();
    const bsx_layer *layer = job.layer();
    std::vector<unsigned char> wl((size_t)cfg.rows);
    std::vector<int32_t> words((size_t)cfg.cols);
    std::vector<unsigned char> clip((size_t)cfg.cols);
    uint64_t changed = 0;
    for (size_t ct = 0; ct < bsx_layer_col_tiles(layer); ++ct)
        for (size_t rt = 0; rt < bsx_layer_row_tiles(layer); ++rt) {
            const bsx_tile *tile = bsx_layer_tile(layer, rt, ct);
            array.set_tile(tile);
            for (size_t b = 0; b < job.batch(); ++b) {
                bsx_activation act;
                ck_assert_int_eq(bsx_activation_prepare(&cfg, job.input(b, rt * (size_t)cfg.rows),
                                                        tile->n_used, wl.data(), &act),
                                 BSX_OK);
                std::string err;
                ck_assert_msg(array.apply(wl.data(), err) == 0, "%s", err.c_str());
                const uint16_t *ref = job.reference_codes(b, rt) + ct * (size_t)cfg.cols;
                for (int c = 0; c < tile->m_used; ++c) {
                    unsigned code =
                        bsx_adc_convert(array.net(c), (unsigned)cfg.adc_bits, array.i_lsb());
                    changed += code != ref[c];
                    words[c] = bsx_postprocess(code, act.s_used, tile->stored_ones[c],
                                               tile->n_used, act.activation_flip,
                                               tile->column_flip[c]);
                    clip[c] = (unsigned char)bsx_code_clipped(code, cfg.adc_bits);
                }
                ck_assert_msg(sb.check(rt, ct, b, words.data(), clip.data(),
                                       act.activation_flip != 0, err) == 0,
                              "%s", err.c_str());
            }
        }
    return changed;
}

}  // namespace

START_TEST(faithful_array_passes)
{
    tb_dir_make("scoreboard");
    CosimJob job;
    load_job(job);
    TileCurrentCache array(job.analog(), job.rows(), job.cols());
    Scoreboard sb(job);
    ck_assert_int_eq(stream_through(job, array, sb), 0);
    ck_assert_uint_eq(sb.words(), kBatch * kOutCols * 2);
    ck_assert_uint_eq(sb.mismatches() + sb.clip_mismatches() + sb.flip_mismatches(), 0);
    ck_assert_msg(sb.y() == job.reference_y(), "layer output differs from the reference VMM");
    tb_dir_remove();
}
END_TEST

START_TEST(wrong_array_model_is_caught)
{
    tb_dir_make("scoreboard");
    CosimJob job;
    load_job(job);
    TileCurrentCache ideal_array(nullptr, job.rows(), job.cols()); /* the fault */
    Scoreboard sb(job);
    uint64_t changed = stream_through(job, ideal_array, sb);
    /* the fault is visible at all on this workload (analog codes sit below
     * ideal ones at large partial sums), and every changed word is reported */
    ck_assert_uint_gt(changed, 0);
    ck_assert_uint_eq(sb.mismatches(), changed);
    ck_assert_str_ne(sb.first_mismatch().c_str(), "");
    tb_dir_remove();
}
END_TEST

int main()
{
    Suite *s = suite_create("scoreboard");
    TCase *tc = tcase_create("independent-of-array");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, faithful_array_passes);
    tcase_add_test(tc, wrong_array_model_is_caught);
    suite_add_tcase(s, tc);
    return tb_run_suite(s);
}
