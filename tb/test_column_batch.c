/* The batched column solver (models/column_batch.h) against the scalar
 * solver, its independent oracle: on every preset, random and structured
 * word-line patterns and stored columns, the batch gives bit-identical
 * currents and iteration counts (so the same ADC code on every column);
 * circuits across the resistance range (0, 1e-300 .. 1e6 Ohm, sink at either
 * end, zero sink resistance) give the scalar answer or the scalar failure;
 * a column that does not converge is reported with its index and status.
 * Short by default (make test); BSX_BATCH_SOLVES=N sets the number of
 * column solves compared per preset (make test-batch-full: 10^6 in all). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adc.h"
#include "analog.h"
#include "bsx_status.h"
#include "column_batch.h"
#include "tb_cli.h"

enum { ROWS = 64, COLS = 64, N_PRESETS = 12 };

static const char *const presets[N_PRESETS] = {
    "sram-m3-1ua",  "sram-m3-2ua",  "sram-m4-1ua",  "sram-m4-2ua",
    "sram-m6-1ua",  "sram-m6-2ua",  "reram-m3-1ua", "reram-m3-2ua",
    "reram-m4-1ua", "reram-m4-2ua", "reram-m6-1ua", "reram-m6-2ua"};

static bsx_analog *make(const char *name, int rows)
{
    char err[BSX_ERRLEN];
    bsx_preset p;
    bsx_analog *a;
    ck_assert_int_eq(bsx_preset_lookup(name, &p, err), BSX_OK);
    ck_assert_msg(bsx_analog_create(&p, rows, &a, err) == BSX_OK, "%s", err);
    return a;
}

static bsx_column_circuit circuit_of(const bsx_analog *a)
{
    const bsx_preset *q = bsx_analog_preset(a);
    bsx_column_circuit c = {bsx_analog_rows(a), q->v_read, q->r_drv, q->r_bl,
                            q->r_sl, q->r_sink, q->sink_same_end};
    return c;
}

/* Pattern k of a column or word-line set: the first 8 structured (all ones,
 * all zeros, both checkerboards, only the first / last row, first / second
 * half), the rest random with a density drawn from [0.05, 0.95]. */
static void pattern(int k, int rows, unsigned char *b)
{
    double p = 0.05 + 0.9 * (rand() / (double)RAND_MAX);
    for (int i = 0; i < rows; i++) {
        int v;
        switch (k) {
        case 0: v = 1; break;
        case 1: v = 0; break;
        case 2: v = i & 1; break;
        case 3: v = !(i & 1); break;
        case 4: v = i == 0; break;
        case 5: v = i == rows - 1; break;
        case 6: v = i < rows / 2; break;
        case 7: v = i >= rows / 2; break;
        default: v = rand() / (double)RAND_MAX < p; break;
        }
        b[i] = (unsigned char)v;
    }
}

/* Compares batch and scalar on n_wl word-line patterns of circuit c, with
 * COLS - 7 .. COLS columns (every batch size mod 8, so also batches whose
 * last round fills only a few lanes); fails on any difference. Returns the
 * solves compared. */
static long compare(const bsx_column_circuit *c, const bsx_cell_table *t,
                    const bsx_solve_options *opts, int n_wl, int tile_seed,
                    double i_lsb)
{
    char err[BSX_ERRLEN];
    int rows = c->rows;
    bsx_column *col;
    bsx_column_batch *batch;
    ck_assert_msg(bsx_column_create(c, t, &col, err) == BSX_OK, "%s", err);
    ck_assert_msg(bsx_column_batch_create(c, t, &batch, err) == BSX_OK, "%s",
                  err);
    unsigned char *bits = malloc((size_t)rows * COLS), *wl = malloc(rows);
    const unsigned char *w[COLS];
    double got[COLS];
    int iters[COLS];
    ck_assert(bits && wl);
    srand((unsigned)tile_seed);
    for (int k = 0; k < COLS; k++) {
        w[k] = bits + (size_t)k * rows;
        pattern(k, rows, bits + (size_t)k * rows);
    }
    long solves = 0;
    for (int p = 0; p < n_wl; p++) {
        pattern(p, rows, wl);
        int failed, cols = COLS - p % 8;
        int st = bsx_column_batch_solve(batch, wl, w, cols, opts, got, iters,
                                        &failed);
        double want;
        bsx_solve_stats s;
        if (st != BSX_OK) {
            /* a failure is the scalar solver's on that column */
            ck_assert_int_ge(failed, 0);
            ck_assert_int_eq(bsx_column_solve(col, wl, w[failed], opts, &want,
                                              &s, NULL, NULL),
                             st);
            ck_assert_str_eq(bsx_column_batch_error(batch),
                             bsx_column_error(col));
            continue;
        }
        for (int k = 0; k < cols; k++) {
            int want_st = bsx_column_solve(col, wl, w[k], opts, &want, &s, NULL,
                                           NULL);
            ck_assert_msg(want_st == BSX_OK, "pattern %d column %d: scalar "
                          "failed (%s), batch did not", p, k,
                          bsx_column_error(col));
            ck_assert_msg(memcmp(&got[k], &want, sizeof want) == 0,
                          "pattern %d column %d: batch %.17g A, scalar %.17g A",
                          p, k, got[k], want);
            ck_assert_int_eq(iters[k], s.iterations);
            ck_assert_uint_eq(bsx_adc_convert(got[k], 6, i_lsb),
                              bsx_adc_convert(want, 6, i_lsb));
            solves++;
        }
    }
    free(bits);
    free(wl);
    bsx_column_destroy(col);
    bsx_column_batch_destroy(batch);
    return solves;
}

static long solves_per_preset(void)
{
    const char *env = getenv("BSX_BATCH_SOLVES");
    long n = env ? strtol(env, NULL, 10) : 0;
    return n > 0 ? n : 24 * COLS;
}

START_TEST(batch_equals_scalar_on_every_preset)
{
    bsx_analog *a = make(presets[_i], ROWS);
    bsx_column_circuit c = circuit_of(a);
    bsx_solve_options opts;
    bsx_solve_defaults(&opts);
    long want = solves_per_preset(), done = 0;
    for (int tile = 0; done < want; tile++)
        done += compare(&c, bsx_analog_table(a), &opts,
                        (int)((want + COLS - 1) / COLS < 64
                                  ? (want + COLS - 1) / COLS
                                  : 64),
                        1000 * _i + tile, bsx_analog_i_lsb(a));
    printf("%s: %ld column solves, batch == scalar bit for bit\n",
           presets[_i], done);
    bsx_analog_destroy(a);
}
END_TEST

/* Resistances over the accepted range, each line kind (chain, pinned end,
 * merged floating line handed to the scalar solver, merged pinned), sink at
 * either end, 256 rows and 61 (not a multiple of the 8 rows load_lanes
 * takes at a time). */
START_TEST(batch_equals_scalar_across_the_resistance_range)
{
    static const double R[] = {0.0, 1e-300, 1e-30, 1e-9, 2.5, 25.0, 1e3, 1e6};
    const int nr = (int)(sizeof R / sizeof R[0]);
    bsx_analog *a = make(_i ? "reram-m4-1ua" : "sram-m3-2ua", ROWS);
    bsx_column_circuit base = circuit_of(a);
    bsx_solve_options opts;
    bsx_solve_defaults(&opts);
    for (int k = 0; k < 4 * nr; k++) {
        bsx_column_circuit c = base;
        double r = R[k % nr];
        switch (k / nr) {
        case 0: c.r_bl = r; c.r_sl = r; break;
        case 1: c.r_drv = r; c.r_sink = r; c.sink_same_end = 1; break;
        case 2: c.r_sl = r; c.r_sink = 0.0; c.rows = 61; break;
        default: c.r_bl = r; c.r_drv = 0.0; c.rows = 256; break;
        }
        compare(&c, bsx_analog_table(a), &opts, 3, 77 + k,
                bsx_analog_i_lsb(a));
    }
    bsx_analog_destroy(a);
}
END_TEST

static double log_uniform(double lo, double hi)
{
    return exp(log(lo) + (log(hi) - log(lo)) * (rand() / (double)RAND_MAX));
}

/* Random tolerances, step limits and resistances (those of test_column's
 * check of the stopping rule at the returned point): the batch takes the
 * same decisions as the scalar solver, so its answers pass that rule too. */
START_TEST(batch_equals_scalar_under_random_solve_options)
{
    bsx_analog *a = make(_i ? "reram-m4-1ua" : "sram-m3-2ua", 64);
    bsx_column_circuit base = circuit_of(a);
    srand(4242u + (unsigned)_i);
    for (int k = 0; k < 12; k++) {
        bsx_column_circuit c = base;
        c.r_drv = log_uniform(0.1, 1e6);
        c.r_bl = log_uniform(0.1, 1e4);
        c.r_sl = log_uniform(0.1, 1e4);
        c.r_sink = log_uniform(0.1, 1e6);
        c.sink_same_end = rand() % 2;
        bsx_solve_options opts = {.tol_v = log_uniform(1e-6, 1.0),
                                  .tol_rel_i = log_uniform(1e-6, 0.5),
                                  .max_step = log_uniform(0.01, 3.0),
                                  .max_iter = 50};
        compare(&c, bsx_analog_table(a), &opts, 2, 300 + k,
                bsx_analog_i_lsb(a));
    }
    bsx_analog_destroy(a);
}
END_TEST

/* What the second-order first step (column_chain.c, second_order_step)
 * is for: at 64 rows, random columns (bits 1 with probability 1/2, the
 * bench's workload) of every preset stop at the second Newton iteration,
 * including the M3 ones whose IR drops used to need a third. */
START_TEST(random_columns_stop_at_the_second_iteration)
{
    enum { N = 200 };
    srand(17);
    for (int k = 0; k < N_PRESETS; k++) {
        bsx_analog *a = make(presets[k], ROWS);
        bsx_column_circuit c = circuit_of(a);
        bsx_solve_options opts;
        bsx_solve_defaults(&opts);
        char err[BSX_ERRLEN];
        bsx_column *col;
        ck_assert_int_eq(bsx_column_create(&c, bsx_analog_table(a), &col, err),
                         BSX_OK);
        int at_two = 0, most = 0;
        for (int n = 0; n < N; n++) {
            unsigned char wl[ROWS], w[ROWS];
            for (int i = 0; i < ROWS; i++) {
                wl[i] = rand() & 1;
                w[i] = rand() & 1;
            }
            double cur;
            bsx_solve_stats stats;
            ck_assert_int_eq(bsx_column_solve(col, wl, w, &opts, &cur, &stats,
                                              NULL, NULL), BSX_OK);
            at_two += stats.iterations == 2;
            most = stats.iterations > most ? stats.iterations : most;
        }
        ck_assert_msg(at_two >= N * 98 / 100 && most <= 3,
                      "%s: %d of %d solves at 2 iterations, most %d",
                      presets[k], at_two, N, most);
        bsx_column_destroy(col);
        bsx_analog_destroy(a);
    }
}
END_TEST

/* Too few iterations: the batch reports a failing column by index, with the
 * scalar solver's status and message for that column. */
START_TEST(non_convergence_names_the_column)
{
    bsx_analog *a = make("sram-m3-2ua", ROWS);
    bsx_column_circuit c = circuit_of(a);
    const bsx_cell_table *t = bsx_analog_table(a);
    bsx_solve_options opts;
    bsx_solve_defaults(&opts);
    opts.max_iter = 2;
    opts.tol_v = 1e-12; /* beyond the second iteration's proved bound */
    char err[BSX_ERRLEN];
    bsx_column *col;
    bsx_column_batch *batch;
    ck_assert_int_eq(bsx_column_create(&c, t, &col, err), BSX_OK);
    ck_assert_int_eq(bsx_column_batch_create(&c, t, &batch, err), BSX_OK);
    unsigned char wl[ROWS], zeros[ROWS] = {0}, ones[ROWS];
    memset(wl, 1, sizeof wl);
    memset(ones, 1, sizeof ones);
    /* all-zero columns converge within two iterations; the all-ones
     * column (index 9) needs more */
    const unsigned char *w[12];
    for (int k = 0; k < 12; k++)
        w[k] = k == 9 ? ones : zeros;
    double cur[12];
    int failed;
    int st = bsx_column_batch_solve(batch, wl, w, 12, &opts, cur, NULL,
                                    &failed);
    double want;
    int want_st = bsx_column_solve(col, wl, ones, &opts, &want, NULL, NULL,
                                   NULL);
    ck_assert_int_eq(want_st, BSX_ENOCONV);
    ck_assert_int_eq(st, BSX_ENOCONV);
    ck_assert_int_eq(failed, 9);
    ck_assert_str_eq(bsx_column_batch_error(batch), bsx_column_error(col));
    bsx_column_batch_destroy(batch);
    bsx_column_destroy(col);
    bsx_analog_destroy(a);
}
END_TEST

/* The tile entry point: the dummy column rides in the same batch and equals
 * its scalar solve; no columns is no work. */
START_TEST(tile_includes_the_dummy_column)
{
    bsx_analog *a = make("reram-m6-2ua", ROWS);
    bsx_analog_ws *ws;
    ck_assert_int_eq(bsx_analog_ws_create(a, &ws), BSX_OK);
    unsigned char wl[ROWS], bits[3 * ROWS];
    srand(5);
    pattern(20, ROWS, wl);
    for (int k = 0; k < 3; k++)
        pattern(8 + k, ROWS, bits + k * ROWS);
    double cur[3], net[3], dummy, want, want_dummy;
    bsx_solve_count count = {0, 0};
    int failed;
    ck_assert_int_eq(bsx_analog_tile(a, ws, wl, bits, 3, cur, net, &dummy, &count,
                                     &failed, NULL),
                     BSX_OK);
    ck_assert_int_eq(failed, -1);
    ck_assert_int_eq(bsx_analog_dummy(a, ws, wl, &want_dummy, NULL), BSX_OK);
    ck_assert(memcmp(&dummy, &want_dummy, sizeof dummy) == 0);
    ck_assert(dummy > 0.0);
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(bsx_analog_column(a, ws, wl, bits + k * ROWS, &want,
                                           NULL),
                         BSX_OK);
        ck_assert(memcmp(&cur[k], &want, sizeof want) == 0);
        /* the one net-current rule, for a tile and for a single column */
        double want_net = want - want_dummy;
        ck_assert(memcmp(&net[k], &want_net, sizeof want_net) == 0);
        bsx_net_current one;
        ck_assert_int_eq(bsx_analog_net_current(a, ws, wl, bits + k * ROWS, &one,
                                                NULL, NULL),
                         BSX_OK);
        ck_assert(one.column == want && one.dummy == want_dummy && one.net == want_net);
        int ps = 0;
        for (int i = 0; i < ROWS; i++)
            ps += wl[i] & bits[k * ROWS + i];
        ck_assert_double_eq(bsx_analog_deviation_lsb(a, one.net, ps),
                            want_net / bsx_analog_i_lsb(a) - ps);
    }
    ck_assert_uint_eq(count.solves, 4);
    ck_assert_uint_ge(count.iterations, 4);
    ck_assert_int_eq(bsx_analog_tile(a, ws, wl, bits, 0, cur, NULL, &dummy, &count,
                                     &failed, NULL),
                     BSX_OK);
    ck_assert_uint_eq(count.solves, 5); /* the dummy alone */
    bsx_analog_ws_destroy(ws);
    bsx_analog_destroy(a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("column_batch");
    TCase *tc = tcase_create("column_batch");
    tcase_set_timeout(tc, 3600);
    tcase_add_loop_test(tc, batch_equals_scalar_on_every_preset, 0, N_PRESETS);
    tcase_add_loop_test(tc, batch_equals_scalar_across_the_resistance_range, 0,
                        2);
    tcase_add_loop_test(tc, batch_equals_scalar_under_random_solve_options, 0,
                        2);
    tcase_add_test(tc, random_columns_stop_at_the_second_iteration);
    tcase_add_test(tc, non_convergence_names_the_column);
    tcase_add_test(tc, tile_includes_the_dummy_column);
    suite_add_tcase(s, tc);
    return tb_run_suite(s);
}
