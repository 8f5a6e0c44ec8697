/* The software reference in ideal mode against two independent models: the
 * exact product X @ W, and a direct model of the flips and the ADC written in
 * the +-1 domain (not through equation (1)). Exhaustive flip identities for
 * small n, the sparsity bounds of BinSparX, the clip rule, partial tiles,
 * thread independence and the configuration checks. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "macro.h"
#include "vmm.h"
#include "tb_cli.h"

/* xorshift64*: reproducible across platforms, one stream per seed. */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static int rng_below(uint64_t *s, int n)
{
    return (int)(rng_next(s) % (uint64_t)n);
}

/* +-1 values, +1 with probability p_plus_percent / 100. */
static void fill_pm1(int8_t *v, size_t n, int p_plus_percent, uint64_t *s)
{
    for (size_t i = 0; i < n; i++)
        v[i] = rng_below(s, 100) < p_plus_percent ? 1 : -1;
}

static int32_t exact_dot(const int8_t *x, const int8_t *w, size_t rows, size_t cols,
                         size_t j)
{
    int32_t acc = 0;
    for (size_t r = 0; r < rows; r++)
        acc += x[r] * w[r * cols + j];
    return acc;
}

/* Independent model of one output: per row tile, flip a and w by their
 * definitions in the +-1 domain, count ON cells, saturate at the top code and
 * correct the +-1 dot product by the lost partial sum (4 per count).
 * *clipped: some tile's code reached 2^B - 1. */
static int32_t model_output(const bsx_macro_config *cfg, const int8_t *x,
                            const int8_t *w, size_t rows, size_t cols, size_t j,
                            int *clipped)
{
    int32_t out = 0;
    int top = (1 << cfg->adc_bits) - 1;
    *clipped = 0;
    for (size_t r0 = 0; r0 < rows; r0 += (size_t)cfg->rows) {
        size_t n = rows - r0 < (size_t)cfg->rows ? rows - r0 : (size_t)cfg->rows;
        int sum_a = 0, sum_w = 0;
        for (size_t r = r0; r < r0 + n; r++) {
            sum_a += x[r];
            sum_w += w[r * cols + j];
        }
        int bsx = cfg->scheme == BSX_SCHEME_BINSPARX;
        int fa = bsx && sum_a > 0 ? -1 : 1; /* more +1 than -1: flip a */
        int fw = bsx && sum_w >= 0 ? -1 : 1;
        int dot = 0, on = 0;
        for (size_t r = r0; r < r0 + n; r++) {
            int a = fa * x[r], wv = fw * w[r * cols + j];
            dot += a * wv;
            on += a == 1 && wv == 1;
        }
        int code = on < top ? on : top;
        if (code == top)
            *clipped = 1;
        out += fa * fw * (dot + 4 * (code - on));
    }
    return out;
}

typedef struct {
    size_t rows, cols, batch;
    int8_t *w, *x;
    int32_t *y;
} problem;

static void problem_alloc(problem *p, size_t rows, size_t cols, size_t batch)
{
    p->rows = rows;
    p->cols = cols;
    p->batch = batch;
    p->w = malloc(rows * cols);
    p->x = malloc(batch * rows);
    p->y = malloc(batch * cols * sizeof(int32_t));
    ck_assert(p->w && p->x && p->y);
}

static void problem_free(problem *p)
{
    free(p->w);
    free(p->x);
    free(p->y);
}

static void run_ideal(const bsx_macro_config *cfg, problem *p, int threads,
                      uint64_t *histogram, bsx_vmm_stats *st)
{
    char err[BSX_ERRLEN];
    bsx_layer *layer = NULL;
    ck_assert_int_eq(bsx_layer_program(cfg, p->w, p->rows, p->cols, &layer, err), BSX_OK);
    bsx_vmm_options opts;
    bsx_vmm_defaults(&opts);
    opts.threads = threads;
    opts.psum_histogram = histogram;
    ck_assert_int_eq(bsx_vmm_run(layer, p->x, p->batch, &opts, p->y, st, err), BSX_OK);
    bsx_layer_destroy(layer);
}

/* Checks every output against the model and X @ W; returns the number of
 * outputs with a clipped code. */
static uint64_t check_outputs(const bsx_macro_config *cfg, const problem *p,
                              const bsx_vmm_stats *st)
{
    uint64_t clipped_outputs = 0, mismatches = 0;
    for (size_t b = 0; b < p->batch; b++)
        for (size_t j = 0; j < p->cols; j++) {
            int clipped;
            const int8_t *xb = p->x + b * p->rows;
            int32_t want = model_output(cfg, xb, p->w, p->rows, p->cols, j, &clipped);
            int32_t got = p->y[b * p->cols + j];
            int32_t exact = exact_dot(xb, p->w, p->rows, p->cols, j);
            ck_assert_int_eq(got, want);
            if (!clipped)
                ck_assert_int_eq(got, exact);
            clipped_outputs += (uint64_t)clipped;
            mismatches += got != exact;
        }
    ck_assert_uint_eq(st->mismatches, mismatches);
    ck_assert_uint_eq(st->mismatches_analog, 0);
    ck_assert_uint_eq(st->mismatches_clip, mismatches);
    return clipped_outputs;
}

/* Random layers: shapes, array sizes, ADC bits and +1 densities vary with the
 * seed (the loop index). */
START_TEST(ideal_matches_exact_where_nothing_clips)
{
    static const int array_rows[] = {64, 16, 8, 7, 33};
    uint64_t s = 0x9e3779b97f4a7c15ull * (uint64_t)(_i + 1);
    for (int rep = 0; rep < 6; rep++) {
        bsx_macro_config cfg;
        bsx_macro_defaults(&cfg, rng_below(&s, 2) ? BSX_SCHEME_BINSPARX : BSX_SCHEME_BASELINE);
        cfg.rows = array_rows[rng_below(&s, 5)];
        cfg.cols = 8 * (1 + rng_below(&s, 8));
        cfg.adcs = 8;
        cfg.adc_bits = 1 + rng_below(&s, 8);
        problem p;
        problem_alloc(&p, 1 + (size_t)rng_below(&s, 200), 1 + (size_t)rng_below(&s, 90),
                      1 + (size_t)rng_below(&s, 12));
        int density = rng_below(&s, 101);
        fill_pm1(p.w, p.rows * p.cols, density, &s);
        fill_pm1(p.x, p.batch * p.rows, rng_below(&s, 101), &s);
        bsx_vmm_stats st;
        run_ideal(&cfg, &p, 1, NULL, &st);
        check_outputs(&cfg, &p, &st);
        problem_free(&p);
    }
}
END_TEST

/* With B = log2(N) + 1 bits no code can reach the top: every output exact. */
START_TEST(wide_adc_is_always_exact)
{
    uint64_t s = 77u + (uint64_t)_i;
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, _i % 2 ? BSX_SCHEME_BINSPARX : BSX_SCHEME_BASELINE);
    cfg.adc_bits = 7;
    problem p;
    problem_alloc(&p, 1 + (size_t)rng_below(&s, 300), 1 + (size_t)rng_below(&s, 150), 20);
    fill_pm1(p.w, p.rows * p.cols, 50, &s);
    fill_pm1(p.x, p.batch * p.rows, 50, &s);
    bsx_vmm_stats st;
    run_ideal(&cfg, &p, 1, NULL, &st);
    ck_assert_uint_eq(check_outputs(&cfg, &p, &st), 0);
    ck_assert_uint_eq(st.clipped_codes, 0);
    ck_assert_uint_eq(st.mismatches, 0);
    problem_free(&p);
}
END_TEST

/* Runs input a (length n) through column 0 of a programmed tile. */
static int32_t tile_dot(const bsx_macro_config *cfg, const bsx_tile *t, const int8_t *a,
                        int n, int *wl_ones, int *ps)
{
    unsigned char wl[64];
    uint64_t wl_packed[1];
    bsx_activation act;
    ck_assert_int_eq(bsx_activation_prepare(cfg, a, n, wl, &act), BSX_OK);
    bsx_wordlines_pack(wl, cfg->rows, wl_packed);
    *wl_ones = 0;
    for (int r = 0; r < cfg->rows; r++)
        *wl_ones += wl[r];
    ck_assert_int_eq(*wl_ones, act.s_used);
    *ps = bsx_tile_ideal_psum(t, 0, wl_packed);
    unsigned code = bsx_ideal_code(*ps, cfg->adc_bits);
    return bsx_postprocess(code, act.s_used, t->stored_ones[0], n, act.activation_flip,
                           t->column_flip[0]);
}

/* Every (a, w) pair at n = 8 and n = 7 (2^16 and 2^14 pairs), both schemes,
 * in an 8-row array: the result is the +-1 dot product, and after BinSparX
 * the stored column, the applied word lines and the partial sum have at most
 * n/2 ones. */
START_TEST(flip_identities_exhaustive_small_n)
{
    int n = _i < 2 ? 8 : 7;
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, _i % 2 ? BSX_SCHEME_BINSPARX : BSX_SCHEME_BASELINE);
    cfg.rows = 8;
    cfg.cols = 8;
    cfg.adc_bits = 4;
    for (unsigned wbits = 0; wbits < (1u << n); wbits++) {
        int8_t a[8], w[8];
        for (int r = 0; r < n; r++)
            w[r] = (wbits >> r) & 1 ? 1 : -1;
        bsx_tile t;
        ck_assert_int_eq(bsx_tile_program(&cfg, w, 1, n, 1, &t), BSX_OK);
        int stored = 0;
        for (int r = 0; r < 8; r++)
            stored += t.bits[r];
        ck_assert_int_eq(stored, t.stored_ones[0]);
        if (cfg.scheme == BSX_SCHEME_BINSPARX)
            ck_assert_int_le(2 * stored, n);
        for (unsigned abits = 0; abits < (1u << n); abits++) {
            int32_t dot = 0;
            for (int r = 0; r < n; r++) {
                a[r] = (abits >> r) & 1 ? 1 : -1;
                dot += a[r] * w[r];
            }
            int wl_ones, ps;
            ck_assert_int_eq(tile_dot(&cfg, &t, a, n, &wl_ones, &ps), dot);
            if (cfg.scheme == BSX_SCHEME_BINSPARX) {
                ck_assert_int_le(2 * wl_ones, n);
                ck_assert_int_le(2 * ps, n);
            }
        }
        bsx_tile_free(&t);
    }
}
END_TEST

/* Ties: s = n/2 (even n) is not flipped, sum(w) = 0 is flipped; odd n flips
 * from s = (n+1)/2 on. */
START_TEST(tie_rules)
{
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, BSX_SCHEME_BINSPARX);
    int8_t v[64];
    unsigned char wl[64];
    bsx_activation act;
    bsx_tile t;
    for (int r = 0; r < 64; r++)
        v[r] = r % 2 ? 1 : -1; /* 32 of 64 are +1 */
    ck_assert_int_eq(bsx_activation_prepare(&cfg, v, 64, wl, &act), BSX_OK);
    ck_assert_int_eq(act.activation_flip, 0);
    ck_assert_int_eq(act.s_used, 32);
    ck_assert_int_eq(bsx_tile_program(&cfg, v, 1, 64, 1, &t), BSX_OK);
    ck_assert_int_eq(t.column_flip[0], 1); /* sum(w) = 0 */
    ck_assert_int_eq(t.stored_ones[0], 32);
    bsx_tile_free(&t);
    /* n = 63: rows 0..62 hold 31 ones (odd rows): no flip; 32 ones: flip. */
    ck_assert_int_eq(bsx_activation_prepare(&cfg, v, 63, wl, &act), BSX_OK);
    ck_assert_int_eq(act.s, 31);
    ck_assert_int_eq(act.activation_flip, 0);
    ck_assert_int_eq(wl[63], 0);
    v[0] = 1;
    ck_assert_int_eq(bsx_activation_prepare(&cfg, v, 63, wl, &act), BSX_OK);
    ck_assert_int_eq(act.activation_flip, 1);
    ck_assert_int_eq(act.s_used, 31);
    ck_assert_int_eq(bsx_tile_program(&cfg, v, 1, 63, 1, &t), BSX_OK);
    ck_assert_int_eq(t.column_flip[0], 1);
    ck_assert_int_eq(t.stored_ones[0], 31);
    for (int r = 63; r < 64; r++)
        ck_assert_int_eq(t.bits[r], 0);
    bsx_tile_free(&t);
}
END_TEST

/* The one BinSparX clip at n = 64, B = 5: ps = 32 = 2^B gives code 31, an
 * error of 4, reported as a clip and an overflow; ps = 31 is exact but at the
 * top code, so it is counted as clipped without a mismatch. */
START_TEST(binsparx_ps_half_n_is_reported_clip)
{
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, BSX_SCHEME_BINSPARX);
    problem p;
    problem_alloc(&p, 64, 2, 1);
    for (int r = 0; r < 64; r++) {
        p.x[r] = r < 32 ? 1 : -1;              /* s = 32: tie, not flipped */
        p.w[r * 2 + 0] = r < 32 ? -1 : 1;      /* sum 0: stored as -w, ones at rows 0..31 */
        p.w[r * 2 + 1] = r < 31 || r == 63 ? -1 : 1; /* stored ones rows 0..30, 63 */
    }
    bsx_vmm_stats st;
    run_ideal(&cfg, &p, 1, NULL, &st);
    ck_assert_int_eq(p.y[0], exact_dot(p.x, p.w, 64, 2, 0) + 4);
    ck_assert_int_eq(p.y[1], exact_dot(p.x, p.w, 64, 2, 1));
    ck_assert_uint_eq(st.clipped_codes, 2);
    ck_assert_uint_eq(st.overflow_codes, 1);
    ck_assert_uint_eq(st.mismatches, 1);
    ck_assert_uint_eq(st.mismatches_clip, 1);
    ck_assert_int_eq(st.max_abs_error, 4);
    problem_free(&p);
}
END_TEST

/* All +1 and all -1 weights and inputs; the baseline clips only at ps = 64. */
START_TEST(all_plus_and_all_minus)
{
    for (int scheme = 0; scheme < 2; scheme++)
        for (int wv = -1; wv <= 1; wv += 2)
            for (int xv = -1; xv <= 1; xv += 2) {
                bsx_macro_config cfg;
                bsx_macro_defaults(&cfg, (bsx_scheme)scheme);
                problem p;
                problem_alloc(&p, 64, 64, 1);
                memset(p.w, wv, 64 * 64);
                memset(p.x, xv, 64);
                bsx_vmm_stats st;
                run_ideal(&cfg, &p, 1, NULL, &st);
                int baseline_clip = scheme == 0 && wv == 1 && xv == 1;
                for (int j = 0; j < 64; j++)
                    ck_assert_int_eq(p.y[j], 64 * wv * xv - (baseline_clip ? 4 : 0));
                ck_assert_uint_eq(st.clipped_codes, baseline_clip ? 64 : 0);
                ck_assert_double_eq(st.mean_psum, baseline_clip ? 64.0 : 0.0);
                problem_free(&p);
            }
}
END_TEST

/* Row counts that are not multiples of N, column counts that are not
 * multiples of K or M, one row: exact with a wide ADC, model-exact with the
 * default one. */
START_TEST(partial_tiles_edge_shapes)
{
    static const size_t shapes[][2] = {{1, 1}, {1, 64}, {63, 10}, {65, 70},
                                       {100, 130}, {576, 65}, {64, 7}, {129, 64}};
    size_t k = (size_t)_i / 2;
    uint64_t s = 1234u + (uint64_t)_i;
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, _i % 2 ? BSX_SCHEME_BINSPARX : BSX_SCHEME_BASELINE);
    problem p;
    problem_alloc(&p, shapes[k][0], shapes[k][1], 8);
    fill_pm1(p.w, p.rows * p.cols, 60, &s);
    fill_pm1(p.x, p.batch * p.rows, 60, &s);
    bsx_vmm_stats st;
    run_ideal(&cfg, &p, 1, NULL, &st);
    check_outputs(&cfg, &p, &st);
    size_t tiles = ((p.rows + 63) / 64) * p.cols;
    ck_assert_uint_eq(st.conversions, tiles * p.batch);
    cfg.adc_bits = 7;
    run_ideal(&cfg, &p, 1, NULL, &st);
    ck_assert_uint_eq(check_outputs(&cfg, &p, &st), 0);
    ck_assert_uint_eq(st.mismatches, 0);
    problem_free(&p);
}
END_TEST

/* Unused rows and columns of a partial tile hold 0 and unused word lines 0. */
START_TEST(partial_tile_holds_zeros)
{
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, BSX_SCHEME_BINSPARX);
    int8_t w[5 * 3], a[5] = {1, 1, 1, -1, 1};
    memset(w, -1, sizeof w);
    bsx_tile t;
    ck_assert_int_eq(bsx_tile_program(&cfg, w, 3, 5, 3, &t), BSX_OK);
    for (int c = 0; c < 64; c++)
        for (int r = 0; r < 64; r++)
            ck_assert_int_eq(t.bits[c * 64 + r], 0);
    ck_assert_int_eq(t.column_flip[0], 0);
    bsx_tile_free(&t);
    memset(w, 1, sizeof w);
    ck_assert_int_eq(bsx_tile_program(&cfg, w, 3, 5, 3, &t), BSX_OK);
    ck_assert_int_eq(t.column_flip[2], 1);
    ck_assert_int_eq(t.column_flip[3], 0);
    bsx_tile_free(&t);
    unsigned char wl[64];
    bsx_activation act;
    memset(wl, 7, sizeof wl);
    ck_assert_int_eq(bsx_activation_prepare(&cfg, a, 5, wl, &act), BSX_OK);
    ck_assert_int_eq(act.activation_flip, 1);
    ck_assert_int_eq(act.s_used, 1);
    for (int r = 0; r < 64; r++)
        ck_assert_int_eq(wl[r], r == 3);
}
END_TEST

/* Output and statistics are the same for 1, 2 and 3 threads; the histogram
 * adds up to the conversions and gives the mean partial sum. */
START_TEST(threads_do_not_change_results)
{
    uint64_t s = 99u;
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, BSX_SCHEME_BINSPARX);
    problem p;
    problem_alloc(&p, 200, 100, 37);
    fill_pm1(p.w, p.rows * p.cols, 50, &s);
    fill_pm1(p.x, p.batch * p.rows, 50, &s);
    uint64_t h1[65] = {0};
    bsx_vmm_stats st1;
    run_ideal(&cfg, &p, 1, h1, &st1);
    int32_t *y1 = malloc(p.batch * p.cols * sizeof *y1);
    ck_assert_ptr_nonnull(y1);
    memcpy(y1, p.y, p.batch * p.cols * sizeof *y1);
    uint64_t total = 0, weighted = 0;
    for (int k = 0; k <= 64; k++) {
        total += h1[k];
        weighted += (uint64_t)k * h1[k];
    }
    ck_assert_uint_eq(total, st1.conversions);
    ck_assert_double_eq_tol(st1.mean_psum, (double)weighted / (double)total, 1e-12);
    for (int threads = 2; threads <= 3; threads++) {
        uint64_t h[65] = {0};
        bsx_vmm_stats st;
        run_ideal(&cfg, &p, threads, h, &st);
        ck_assert_mem_eq(p.y, y1, p.batch * p.cols * sizeof *y1);
        ck_assert_mem_eq(h, h1, sizeof h);
        ck_assert_uint_eq(st.clipped_codes, st1.clipped_codes);
        ck_assert_uint_eq(st.mismatches, st1.mismatches);
        ck_assert_uint_eq(st.activation_flips, st1.activation_flips);
        ck_assert(st.mean_psum == st1.mean_psum);
    }
    free(y1);
    problem_free(&p);
}
END_TEST

/* On random layers BinSparX never raises the mean partial sum, and lowers it
 * clearly once flips are common (50 % +1 and more); with 50 % density the
 * baseline mean is near n/4. */
START_TEST(binsparx_lowers_mean_partial_sum)
{
    uint64_t s = 4242u + (uint64_t)_i;
    int density = 10 + 10 * _i;
    problem p;
    problem_alloc(&p, 128, 64, 16);
    fill_pm1(p.w, p.rows * p.cols, density, &s);
    fill_pm1(p.x, p.batch * p.rows, density, &s);
    bsx_macro_config base, bsx;
    bsx_macro_defaults(&base, BSX_SCHEME_BASELINE);
    bsx_macro_defaults(&bsx, BSX_SCHEME_BINSPARX);
    bsx_vmm_stats sb, sx;
    run_ideal(&base, &p, 1, NULL, &sb);
    run_ideal(&bsx, &p, 1, NULL, &sx);
    ck_assert_double_le(sx.mean_psum, sb.mean_psum);
    if (density >= 50)
        ck_assert_double_lt(sx.mean_psum, 0.8 * sb.mean_psum);
    if (density == 50)
        ck_assert_double_eq_tol(sb.mean_psum, 16.0, 1.0);
    problem_free(&p);
}
END_TEST

START_TEST(postprocess_and_clip_rule)
{
    /* 4 code - 2 s - 2 ones + n, negated on XOR. */
    ck_assert_int_eq(bsx_postprocess(3, 5, 7, 16, 0, 0), 12 - 10 - 14 + 16);
    ck_assert_int_eq(bsx_postprocess(3, 5, 7, 16, 1, 0), -4);
    ck_assert_int_eq(bsx_postprocess(3, 5, 7, 16, 0, 1), -4);
    ck_assert_int_eq(bsx_postprocess(3, 5, 7, 16, 1, 1), 4);
    for (int bits = 1; bits <= 16; bits++) {
        unsigned top = (1u << bits) - 1u;
        ck_assert(bsx_code_clipped(top, bits));
        ck_assert(!bsx_code_clipped(top - 1u, bits));
        ck_assert_uint_eq(bsx_ideal_code((int)top + 5, bits), top);
        ck_assert_uint_eq(bsx_ideal_code((int)top - 1, bits), top - 1u);
    }
}
END_TEST

START_TEST(bad_configuration_and_values)
{
    char err[BSX_ERRLEN];
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, BSX_SCHEME_BASELINE);
    ck_assert_int_eq(cfg.adc_bits, 6);
    ck_assert_int_eq(bsx_macro_config_check(&cfg, err), BSX_OK);
    cfg.adcs = 7;
    ck_assert_int_eq(bsx_macro_config_check(&cfg, err), BSX_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "adcs"));
    cfg.adcs = 8;
    cfg.adc_bits = 17;
    ck_assert_int_eq(bsx_macro_config_check(&cfg, err), BSX_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "adc-bits"));
    cfg.adc_bits = 0;
    ck_assert_int_eq(bsx_macro_config_check(&cfg, err), BSX_EINVAL);
    cfg.adc_bits = 6;
    cfg.rows = 0;
    ck_assert_int_eq(bsx_macro_config_check(&cfg, err), BSX_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "rows"));
    cfg.rows = 64;
    bsx_scheme sch;
    ck_assert_int_eq(bsx_scheme_parse("binsparx", &sch), BSX_OK);
    ck_assert_int_eq(sch, BSX_SCHEME_BINSPARX);
    ck_assert_int_eq(bsx_scheme_parse("BinSparX2", &sch), BSX_EINVAL);

    int8_t w[4] = {1, -1, 0, 1};
    bsx_layer *layer = NULL;
    ck_assert_int_eq(bsx_layer_program(&cfg, w, 2, 2, &layer, err), BSX_EINVAL);
    ck_assert_ptr_null(layer);
    ck_assert_ptr_nonnull(strstr(err, "weights"));
    w[2] = -1;
    ck_assert_int_eq(bsx_layer_program(&cfg, w, 2, 2, &layer, err), BSX_OK);
    int8_t x[2] = {1, 3};
    int32_t y[2];
    bsx_vmm_options opts;
    bsx_vmm_defaults(&opts);
    bsx_vmm_stats st;
    ck_assert_int_eq(bsx_vmm_run(layer, x, 1, &opts, y, &st, err), BSX_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "inputs"));
    bsx_layer_destroy(layer);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reference");
    TCase *tc = tcase_create("ideal");
    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, ideal_matches_exact_where_nothing_clips, 0, 40);
    tcase_add_loop_test(tc, wide_adc_is_always_exact, 0, 8);
    tcase_add_loop_test(tc, flip_identities_exhaustive_small_n, 0, 4);
    tcase_add_test(tc, tie_rules);
    tcase_add_test(tc, binsparx_ps_half_n_is_reported_clip);
    tcase_add_test(tc, all_plus_and_all_minus);
    tcase_add_loop_test(tc, partial_tiles_edge_shapes, 0, 16);
    tcase_add_test(tc, partial_tile_holds_zeros);
    tcase_add_test(tc, threads_do_not_change_results);
    tcase_add_loop_test(tc, binsparx_lowers_mean_partial_sum, 0, 9);
    tcase_add_test(tc, postprocess_and_clip_rule);
    tcase_add_test(tc, bad_configuration_and_values);
    suite_add_tcase(s, tc);
    return tb_run_suite(s);
}
