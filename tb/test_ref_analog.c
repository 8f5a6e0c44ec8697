/* The reference in analog mode: with every resistance zero the array is
 * ideal and the VMM must equal ideal mode bit for bit (8T-SRAM and ReRAM with
 * its dummy column); on a real preset the current deficit grows with the
 * partial sum, BinSparX lowers the mean partial sum and column current, and
 * the thread count changes nothing. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "macro.h"
#include "preset_args.h"
#include "tb_cli.h"
#include "vmm.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static int rng_below(int n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (int)((rng >> 11) % (uint64_t)n);
}

static void fill_pm1(int8_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        v[i] = rng_below(2) ? 1 : -1;
}

static bsx_analog *open_preset(const char *name, char **sets, int nsets, int rows)
{
    char err[BSX_ERRLEN];
    bsx_preset p;
    ck_assert_msg(bsx_preset_from_args(name, sets, nsets, &p, err) == BSX_OK, "%s", err);
    bsx_analog *a = NULL;
    ck_assert_msg(bsx_analog_create(&p, rows, &a, err) == BSX_OK, "%s", err);
    return a;
}

typedef struct {
    bsx_vmm_stats st;
    int32_t *y;
} result;

static void run(bsx_scheme scheme, const int8_t *w, size_t rows, size_t cols,
                const int8_t *x, size_t batch, const bsx_analog *analog, int threads,
                result *r)
{
    char err[BSX_ERRLEN];
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, scheme);
    bsx_layer *layer = NULL;
    ck_assert_msg(bsx_layer_program(&cfg, w, rows, cols, &layer, err) == BSX_OK, "%s", err);
    bsx_vmm_options opts;
    bsx_vmm_defaults(&opts);
    opts.analog = analog;
    opts.threads = threads;
    r->y = malloc(batch * cols * sizeof *r->y);
    ck_assert_ptr_nonnull(r->y);
    ck_assert_msg(bsx_vmm_run(layer, x, batch, &opts, r->y, &r->st, err) == BSX_OK, "%s", err);
    bsx_layer_destroy(layer);
}

/* Zero driver, wire and sink resistance: every ON cell sees the nominal
 * bias, so each code is the ideal partial sum (the leakage of 64 OFF cells
 * stays far below half an LSB) and the output equals ideal mode. */
START_TEST(zero_resistance_preset_equals_ideal)
{
    static const char *const presets[] = {"sram-m6-1ua", "reram-m3-2ua"};
    char s0[] = "r_drv=0", s1[] = "r_sink=0", s2[] = "r_bl=0", s3[] = "r_sl=0";
    char *sets[] = {s0, s1, s2, s3};
    bsx_analog *a = open_preset(presets[_i / 2], sets, 4, 64);
    bsx_scheme scheme = _i % 2 ? BSX_SCHEME_BINSPARX : BSX_SCHEME_BASELINE;
    enum { ROWS = 100, COLS = 70, BATCH = 6 };
    int8_t w[ROWS * COLS], x[BATCH * ROWS];
    fill_pm1(w, sizeof w);
    fill_pm1(x, sizeof x);
    memset(x, 1, ROWS); /* first input all +1: large partial sums */
    result ideal, analog;
    run(scheme, w, ROWS, COLS, x, BATCH, NULL, 1, &ideal);
    run(scheme, w, ROWS, COLS, x, BATCH, a, 1, &analog);
    ck_assert_mem_eq(analog.y, ideal.y, sizeof(int32_t) * BATCH * COLS);
    ck_assert_uint_eq(analog.st.clipped_codes, ideal.st.clipped_codes);
    ck_assert_uint_eq(analog.st.mismatches_analog, 0);
    ck_assert_uint_gt(analog.st.solves, 0);
    ck_assert_double_gt(analog.st.mean_current, 0.0);
    free(ideal.y);
    free(analog.y);
    bsx_analog_destroy(a);
}
END_TEST

/* Mean current deficit (ps - I_net / I_LSB, in LSB) over random columns with
 * exactly ps ON cells, on a preset with strong IR drop: it grows with ps. */
START_TEST(deficit_grows_with_partial_sum)
{
    static const int targets[] = {4, 16, 32, 48, 64};
    const char *preset = _i ? "reram-m3-2ua" : "sram-m3-2ua";
    bsx_analog *a = open_preset(preset, NULL, 0, 64);
    bsx_analog_ws *ws = NULL;
    ck_assert_int_eq(bsx_analog_ws_create(a, &ws), BSX_OK);
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, BSX_SCHEME_BASELINE);
    double i_lsb = bsx_analog_i_lsb(a), previous = -1.0;
    for (size_t k = 0; k < sizeof targets / sizeof targets[0]; k++) {
        double sum = 0.0;
        enum { SAMPLES = 12 };
        for (int sample = 0; sample < SAMPLES; sample++) {
            /* Rows 0..ps-1 ON (shuffled below), the others (0,0), (0,1), (1,0). */
            unsigned char wl[64];
            int8_t w[64];
            for (int r = 0; r < 64; r++) {
                int state = r < targets[k] ? 3 : rng_below(3);
                wl[r] = (unsigned char)(state >> 1);
                w[r] = state & 1 ? 1 : -1;
            }
            for (int r = 63; r > 0; r--) {
                int j = rng_below(r + 1);
                unsigned char tw = wl[r];
                int8_t tv = w[r];
                wl[r] = wl[j];
                w[r] = w[j];
                wl[j] = tw;
                w[j] = tv;
            }
            bsx_tile t;
            ck_assert_int_eq(bsx_tile_program(&cfg, w, 1, 64, 1, &t), BSX_OK);
            double net[64];
            ck_assert_int_eq(bsx_tile_currents(a, ws, &t, wl, net, NULL, NULL, NULL), BSX_OK);
            sum += targets[k] - net[0] / i_lsb;
            ck_assert(net[1] == 0.0);
            bsx_tile_free(&t);
        }
        double mean = sum / SAMPLES;
        ck_assert_msg(mean > previous, "%s: deficit %.4f LSB at ps %d not above %.4f", preset,
                      mean, targets[k], previous);
        previous = mean;
    }
    ck_assert_double_gt(previous, 0.5); /* ps = 64 on M3 at 2 uA loses codes */
    bsx_analog_ws_destroy(ws);
    bsx_analog_destroy(a);
}
END_TEST

/* On random data with a lossy preset: BinSparX never raises the mean partial
 * sum, lowers the mean column current, and the output does not depend on
 * the number of threads. */
START_TEST(binsparx_lowers_current_threads_agree)
{
    bsx_analog *a = open_preset("sram-m3-2ua", NULL, 0, 64);
    enum { ROWS = 128, COLS = 64, BATCH = 8 };
    int8_t w[ROWS * COLS], x[BATCH * ROWS];
    fill_pm1(w, sizeof w);
    fill_pm1(x, sizeof x);
    result base, bsx, bsx2;
    run(BSX_SCHEME_BASELINE, w, ROWS, COLS, x, BATCH, a, 1, &base);
    run(BSX_SCHEME_BINSPARX, w, ROWS, COLS, x, BATCH, a, 1, &bsx);
    run(BSX_SCHEME_BINSPARX, w, ROWS, COLS, x, BATCH, a, 2, &bsx2);
    ck_assert_double_le(bsx.st.mean_psum, base.st.mean_psum);
    ck_assert_double_lt(bsx.st.mean_current, base.st.mean_current);
    ck_assert_uint_gt(base.st.mismatches_analog, 0);
    ck_assert_mem_eq(bsx.y, bsx2.y, sizeof(int32_t) * BATCH * COLS);
    ck_assert_uint_eq(bsx.st.mismatches, bsx2.st.mismatches);
    ck_assert_uint_eq(bsx.st.solves, bsx2.st.solves);
    ck_assert(bsx.st.mean_current == bsx2.st.mean_current);
    free(base.y);
    free(bsx.y);
    free(bsx2.y);
    bsx_analog_destroy(a);
}
END_TEST

START_TEST(analog_rows_must_match_array)
{
    bsx_analog *a = open_preset("sram-m6-1ua", NULL, 0, 32);
    char err[BSX_ERRLEN];
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, BSX_SCHEME_BASELINE);
    int8_t w[64], x[64];
    fill_pm1(w, 64);
    fill_pm1(x, 64);
    bsx_layer *layer = NULL;
    ck_assert_int_eq(bsx_layer_program(&cfg, w, 64, 1, &layer, err), BSX_OK);
    bsx_vmm_options opts;
    bsx_vmm_defaults(&opts);
    opts.analog = a;
    int32_t y[1];
    bsx_vmm_stats st;
    ck_assert_int_eq(bsx_vmm_run(layer, x, 1, &opts, y, &st, err), BSX_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "rows"));
    bsx_layer_destroy(layer);
    bsx_analog_destroy(a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reference-analog");
    TCase *tc = tcase_create("analog");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, zero_resistance_preset_equals_ideal, 0, 4);
    tcase_add_loop_test(tc, deficit_grows_with_partial_sum, 0, 2);
    tcase_add_test(tc, binsparx_lowers_current_threads_agree);
    tcase_add_test(tc, analog_rows_must_match_array);
    suite_add_tcase(s, tc);
    return tb_run_suite(s);
}
