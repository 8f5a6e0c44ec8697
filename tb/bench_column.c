/* Column-solver throughput: solves per second, single thread, at 64 and 256
 * rows on random patterns (every wl and w bit 1 with probability 1/2), for a
 * synthetic exponential cell table and for every preset's tables and
 * circuit (set-up time: calibration and cell tables, bsx_analog_create).
 * Times are CPU seconds of the benchmark thread. Prints a table, or with
 * --json one JSON object for scripts that combine it with ngspice's speed.
 * --seconds S sets the time per case; --only NAME runs one case
 * (synthetic-exp or a preset name), for profiling. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsx_status.h"
#include "analog.h"
#include "column.h"
#include "column_batch.h"

#define N_WL 16   /* word-line patterns per round */
#define N_COLS 64 /* stored columns of the tile (the batch) */
#define MAX_CASES 64

typedef struct {
    char name[32];
    int rows;
    double solves_per_s;       /* scalar solver */
    double batch_solves_per_s; /* batched solver */
    double mean_iterations;
    double ns_per_row_iteration; /* scalar */
    double setup_s;
    long differing;            /* batched currents != scalar, bitwise */
} result;

/* CPU time of this thread: the machine is shared, so wall time would
 * charge other processes to the solver. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Subthreshold-transistor-like cell, gate referenced to ground. */
static int synthetic_cell(void *ctx, int state, double vb, double vs,
                          double *current)
{
    static const double K[4] = {1e-13, 3e-13, 2e-9, 2e-6};
    (void)ctx;
    *current = K[state] * exp(-vs / 0.027) * (1.0 - exp(-(vb - vs) / 0.02585));
    return BSX_OK;
}

/* Random bits, each 1 with probability 1/2. */
static void random_bits(unsigned char *b, size_t n)
{
    for (size_t k = 0; k < n; k++)
        b[k] = (unsigned char)(rand() & 1);
}

/* The scalar solver on every (word-line pattern, column) pair of the tile,
 * round after round for `seconds`; the batched solver on the same pairs (one
 * batch of N_COLS columns per pattern) for as long. Currents of the last
 * round of each are compared bit for bit. */
static int time_solves(const bsx_column_circuit *c, const bsx_cell_table *t,
                       double seconds, result *out, char *err)
{
    int rows = c->rows;
    bsx_solve_options opts;
    bsx_solve_defaults(&opts);
    bsx_column *col = NULL;
    bsx_column_batch *batch = NULL;
    unsigned char *wl = malloc((size_t)rows * N_WL);
    unsigned char *bits = malloc((size_t)rows * N_COLS);
    double *ref = malloc(sizeof(double) * N_WL * N_COLS);
    double *got = malloc(sizeof(double) * N_WL * N_COLS);
    const unsigned char *w[N_COLS];
    int st = wl && bits && ref && got ? BSX_OK : BSX_ENOMEM;
    if (st == BSX_OK)
        st = bsx_column_create(c, t, &col, err);
    if (st == BSX_OK)
        st = bsx_column_batch_create(c, t, &batch, err);
    if (st == BSX_OK) {
        srand(2024);
        random_bits(wl, (size_t)rows * N_WL);
        random_bits(bits, (size_t)rows * N_COLS);
        for (int k = 0; k < N_COLS; k++)
            w[k] = bits + (size_t)k * (size_t)rows;
    }
    long solves = 0, iterations = 0;
    double t0 = now_s(), elapsed = 0.0;
    while (st == BSX_OK && elapsed < seconds) {
        for (int p = 0; p < N_WL && st == BSX_OK; p++)
            for (int k = 0; k < N_COLS && st == BSX_OK; k++) {
                bsx_solve_stats s;
                st = bsx_column_solve(col, wl + (size_t)p * rows, w[k], &opts,
                                      &ref[p * N_COLS + k], &s, NULL, NULL);
                iterations += s.iterations;
            }
        solves += N_WL * N_COLS;
        elapsed = now_s() - t0;
    }
    if (st != BSX_OK && col && !err[0])
        snprintf(err, BSX_ERRLEN, "%s", bsx_column_error(col));
    out->rows = rows;
    out->solves_per_s = (double)solves / elapsed;
    out->mean_iterations = (double)iterations / (double)solves;
    out->ns_per_row_iteration = 1e9 * elapsed / ((double)iterations * rows);
    solves = 0;
    t0 = now_s(), elapsed = 0.0;
    while (st == BSX_OK && elapsed < seconds) {
        for (int p = 0; p < N_WL && st == BSX_OK; p++) {
            int failed;
            st = bsx_column_batch_solve(batch, wl + (size_t)p * rows, w, N_COLS,
                                        &opts, got + p * N_COLS, NULL,
                                        &failed);
            if (st != BSX_OK)
                snprintf(err, BSX_ERRLEN, "%s", bsx_column_batch_error(batch));
        }
        solves += N_WL * N_COLS;
        elapsed = now_s() - t0;
    }
    out->batch_solves_per_s = (double)solves / elapsed;
    out->differing = 0;
    for (int k = 0; k < N_WL * N_COLS; k++)
        out->differing += memcmp(&ref[k], &got[k], sizeof(double)) != 0;
    bsx_column_destroy(col);
    bsx_column_batch_destroy(batch);
    free(wl);
    free(bits);
    free(ref);
    free(got);
    return st;
}

/* Times both solvers on table t at 64 and 256 rows of circuit c. */
static int bench_table(const char *name, const bsx_cell_table *t,
                       bsx_column_circuit c, double seconds, double setup_s,
                       result *res, int *count)
{
    int bad = 0;
    for (int rows = 64; rows <= 256; rows *= 4) {
        char err[BSX_ERRLEN] = "";
        c.rows = rows;
        result *r = &res[(*count)++];
        snprintf(r->name, sizeof r->name, "%s", name);
        r->setup_s = setup_s;
        if (time_solves(&c, t, seconds, r, err) != BSX_OK) {
            fprintf(stderr, "bench_column: %s, %d rows: %s\n", name, rows,
                    err);
            bad = 1;
        }
        bad |= r->differing != 0;
    }
    return bad;
}

static int bench_synthetic(double seconds, result *res, int *count)
{
    bsx_grid g = {-0.01, 0.31, -0.01, 0.31, 65, 65};
    bsx_cell_table *t;
    double t0 = now_s();
    if (bsx_cell_table_build(synthetic_cell, NULL, &g, &t) != BSX_OK)
        return 1;
    bsx_column_circuit c = {64, 0.3, 100.0, 15.0, 15.0, 10.0, 0};
    int bad = bench_table("synthetic-exp", t, c, seconds, now_s() - t0, res,
                          count);
    bsx_cell_table_destroy(t);
    return bad;
}

/* The preset realised once by bsx_analog_create (calibration and tables,
 * whose time is the set-up column), then its tables and circuit timed. */
static int bench_preset(const char *name, double seconds, result *res,
                        int *count)
{
    bsx_preset p;
    bsx_analog *a;
    char err[BSX_ERRLEN];
    double t0 = now_s();
    if (bsx_preset_lookup(name, &p, err) != BSX_OK
        || bsx_analog_create(&p, 64, &a, err) != BSX_OK) {
        fprintf(stderr, "bench_column: %s\n", err);
        return 1;
    }
    double setup_s = now_s() - t0;
    const bsx_preset *q = bsx_analog_preset(a);
    bsx_column_circuit c = {64,     q->v_read, q->r_drv,        q->r_bl,
                            q->r_sl, q->r_sink, q->sink_same_end};
    int bad = bench_table(name, bsx_analog_table(a), c, seconds, setup_s, res,
                          count);
    bsx_analog_destroy(a);
    return bad;
}

static void print_table(const result *r, int n)
{
    printf("column solver, single thread (CPU time), random patterns, default "
           "stopping rule; scalar vs batched (%s), %d columns per batch\n",
           bsx_column_batch_path(), N_COLS);
    printf("%-14s %5s %11s %11s %7s %9s %9s %13s %8s %9s\n", "cells", "rows",
           "scalar/s", "batched/s", "ratio", "us/solve", "mean iter",
           "ns/(row*it)", "set-up s", "differ");
    for (int k = 0; k < n; k++)
        printf("%-14s %5d %11.0f %11.0f %7.2f %9.3f %9.2f %13.1f %8.2f %9ld\n",
               r[k].name, r[k].rows, r[k].solves_per_s,
               r[k].batch_solves_per_s,
               r[k].batch_solves_per_s / r[k].solves_per_s,
               1e6 / r[k].batch_solves_per_s, r[k].mean_iterations,
               1e9 / (r[k].batch_solves_per_s * r[k].mean_iterations
                      * r[k].rows),
               r[k].setup_s, r[k].differing);
    printf("(us/solve and ns/(row*it) of the batched solver; differ: batched "
           "currents not bitwise equal to the scalar ones, of %d)\n",
           N_WL * N_COLS);
}

static void print_json(const result *r, int n)
{
    printf("{\"bench\": \"column\", \"threads\": 1, \"patterns\": \"random, "
           "p(bit)=0.5\", \"batch_path\": \"%s\", \"results\": [",
           bsx_column_batch_path());
    for (int k = 0; k < n; k++)
        printf("%s\n  {\"cells\": \"%s\", \"rows\": %d, \"solves_per_s\": "
               "%.6g, \"batch_solves_per_s\": %.6g, \"mean_iterations\": "
               "%.4g, \"ns_per_row_iteration\": %.4g, \"setup_s\": %.4g, "
               "\"differing\": %ld}",
               k ? "," : "", r[k].name, r[k].rows, r[k].solves_per_s,
               r[k].batch_solves_per_s, r[k].mean_iterations,
               r[k].ns_per_row_iteration, r[k].setup_s, r[k].differing);
    printf("\n]}\n");
}

int main(int argc, char **argv)
{
    int json = 0;
    double seconds = 0.3;
    const char *only = NULL;
    for (int k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[k], "--only") == 0 && k + 1 < argc) {
            only = argv[++k];
        } else if (strcmp(argv[k], "--seconds") == 0 && k + 1 < argc) {
            char *end;
            seconds = strtod(argv[++k], &end);
            if (*end || !(seconds > 0.0) || seconds > 60.0) {
                fprintf(stderr, "bench_column: --seconds must be in (0, 60], "
                        "got '%s'\n", argv[k]);
                return 2;
            }
        } else {
            fprintf(stderr, "usage: bench_column [--json] [--seconds S] "
                    "[--only NAME]\n");
            return 2;
        }
    }
    result res[MAX_CASES];
    int count = 0, bad = 0;
    if (!only || strcmp(only, "synthetic-exp") == 0)
        bad |= bench_synthetic(seconds, res, &count);
    for (int i = 0; i < bsx_preset_count() && count + 2 <= MAX_CASES; i++) {
        const char *name = bsx_preset_name(i);
        if (strcmp(name, "ideal") != 0 && (!only || strcmp(only, name) == 0))
            bad |= bench_preset(name, seconds, res, &count);
    }
    if (count == 0) {
        fprintf(stderr, "bench_column: --only %s matches no case\n", only);
        return 2;
    }
    if (json)
        print_json(res, count);
    else
        print_table(res, count);
    return bad ? 1 : 0;
}
