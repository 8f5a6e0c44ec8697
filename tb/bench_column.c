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

#define N_PATTERNS 256
#define MAX_CASES 64

typedef struct {
    char name[32];
    int rows;
    double solves_per_s;
    double mean_iterations;
    double ns_per_row_iteration;
    double setup_s;
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

/* Random patterns: rows * N_PATTERNS bits each for wl and w. */
static void make_patterns(int rows, unsigned char *wl, unsigned char *w)
{
    srand(2024);
    for (int k = 0; k < rows * N_PATTERNS; k++) {
        wl[k] = (unsigned char)(rand() & 1);
        w[k] = (unsigned char)(rand() & 1);
    }
}

/* Solves the patterns round-robin with `solve` for `seconds`. */
typedef int (*solve_fn)(void *ctx, const unsigned char *wl,
                        const unsigned char *w, double *current,
                        bsx_solve_stats *stats);

static int time_solves(solve_fn solve, void *ctx, int rows, double seconds,
                       result *out)
{
    unsigned char *wl = malloc((size_t)rows * N_PATTERNS);
    unsigned char *w = malloc((size_t)rows * N_PATTERNS);
    make_patterns(rows, wl, w);
    long solves = 0, iterations = 0;
    double t0 = now_s(), elapsed = 0.0;
    int st = BSX_OK;
    while (st == BSX_OK && elapsed < seconds) {
        for (int p = 0; p < N_PATTERNS && st == BSX_OK; p++) {
            double current;
            bsx_solve_stats s;
            st = solve(ctx, wl + (size_t)p * rows, w + (size_t)p * rows,
                       &current, &s);
            iterations += s.iterations;
        }
        solves += N_PATTERNS;
        elapsed = now_s() - t0;
    }
    free(wl);
    free(w);
    out->rows = rows;
    out->solves_per_s = (double)solves / elapsed;
    out->mean_iterations = (double)iterations / (double)solves;
    out->ns_per_row_iteration = 1e9 * elapsed / ((double)iterations * rows);
    return st;
}

typedef struct {
    bsx_column *col;
    bsx_solve_options opts;
} column_ctx;

static int solve_column(void *ctx, const unsigned char *wl,
                        const unsigned char *w, double *current,
                        bsx_solve_stats *stats)
{
    column_ctx *c = ctx;
    return bsx_column_solve(c->col, wl, w, &c->opts, current, stats, NULL,
                            NULL);
}

/* Times bsx_column on table t at 64 and 256 rows of circuit c. */
static int bench_table(const char *name, const bsx_cell_table *t,
                       bsx_column_circuit c, double seconds, double setup_s,
                       result *res, int *count)
{
    int bad = 0;
    for (int rows = 64; rows <= 256; rows *= 4) {
        column_ctx ctx;
        char err[BSX_ERRLEN];
        c.rows = rows;
        bsx_solve_defaults(&ctx.opts);
        if (bsx_column_create(&c, t, &ctx.col, err) != BSX_OK) {
            fprintf(stderr, "bench_column: %s: %s\n", name, err);
            bad = 1;
            continue;
        }
        result *r = &res[(*count)++];
        snprintf(r->name, sizeof r->name, "%s", name);
        r->setup_s = setup_s;
        if (time_solves(solve_column, &ctx, rows, seconds, r) != BSX_OK) {
            fprintf(stderr, "bench_column: %s, %d rows: %s\n", name, rows,
                    bsx_column_error(ctx.col));
            bad = 1;
        }
        bsx_column_destroy(ctx.col);
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
    printf("column solver, single thread, random patterns, default stopping "
           "rule\n");
    printf("%-16s %5s %12s %10s %10s %14s %10s\n", "cells", "rows", "solves/s",
           "us/solve", "mean iter", "ns/(row*iter)", "set-up s");
    for (int k = 0; k < n; k++)
        printf("%-16s %5d %12.0f %10.2f %10.2f %14.1f %10.2f\n", r[k].name,
               r[k].rows, r[k].solves_per_s, 1e6 / r[k].solves_per_s,
               r[k].mean_iterations, r[k].ns_per_row_iteration,
               r[k].setup_s);
}

static void print_json(const result *r, int n)
{
    printf("{\"bench\": \"column\", \"threads\": 1, \"patterns\": \"random, "
           "p(bit)=0.5\", \"results\": [");
    for (int k = 0; k < n; k++)
        printf("%s\n  {\"cells\": \"%s\", \"rows\": %d, \"solves_per_s\": "
               "%.6g, \"us_per_solve\": %.6g, \"mean_iterations\": %.4g, "
               "\"ns_per_row_iteration\": %.4g, \"setup_s\": %.4g}",
               k ? "," : "", r[k].name, r[k].rows, r[k].solves_per_s,
               1e6 / r[k].solves_per_s, r[k].mean_iterations,
               r[k].ns_per_row_iteration, r[k].setup_s);
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
