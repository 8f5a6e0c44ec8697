/* A preset realised as an analog array: resolved preset, cell tables
 * sampled from the device models on the preset's grid, the column circuit,
 * and per-thread solvers. The dummy column (ReRAM) is the same circuit with
 * every cell in HRS (w = 0) under the same word lines. */
#include "analog.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "column_batch.h"

struct bsx_analog {
    bsx_preset preset;
    bsx_cell cell;
    bsx_cell_table *table;
    bsx_column_circuit circuit;
    bsx_solve_options opts;
};

struct bsx_analog_ws {
    bsx_column *col;
    bsx_column_batch *batch;
    unsigned char *all_hrs; /* rows zeros: the dummy column's weights */
    /* batch of the last bsx_analog_tile: dummy first, then the columns */
    int capacity;
    const unsigned char **w;
    double *current;
    int *iterations;
};

/* Common checks and the resolved copy of the preset. */
static int start_create(const bsx_preset *preset, int rows, bsx_analog **out,
                        char *err)
{
    *out = NULL;
    if (bsx_preset_is_ideal(preset)) {
        snprintf(err, BSX_ERRLEN, "preset %s has no analog model (use ideal arithmetic)",
                 preset->name);
        return BSX_EINVAL;
    }
    if (rows < 1) {
        snprintf(err, BSX_ERRLEN, "rows %d: must be >= 1", rows);
        return BSX_EINVAL;
    }
    bsx_analog *a = calloc(1, sizeof(*a));
    if (!a) {
        snprintf(err, BSX_ERRLEN, "out of memory");
        return BSX_ENOMEM;
    }
    a->preset = *preset;
    int st = a->preset.resolved ? BSX_OK : bsx_preset_resolve(&a->preset, err);
    if (st != BSX_OK) {
        free(a);
        return st;
    }
    bsx_preset_cell(&a->preset, &a->cell);
    *out = a;
    return BSX_OK;
}

/* The circuit around the tables; checked once so that workspaces cannot
 * fail on it. Destroys a on failure. */
static int finish_create(bsx_analog *a, int rows, bsx_analog **out, char *err)
{
    const bsx_preset *p = &a->preset;
    bsx_column_circuit c = {rows, p->v_read, p->r_drv, p->r_bl,
                            p->r_sl, p->r_sink, p->sink_same_end};
    a->circuit = c;
    bsx_solve_defaults(&a->opts);
    a->opts.tol_v = p->solver_tol_v;
    a->opts.tol_rel_i = p->solver_tol_rel_i;
    bsx_column *probe;
    int st = bsx_column_create(&a->circuit, a->table, &probe, err);
    if (st != BSX_OK) {
        bsx_analog_destroy(a);
        return st;
    }
    bsx_column_destroy(probe);
    *out = a;
    return BSX_OK;
}

int bsx_analog_create(const bsx_preset *preset, int rows, bsx_analog **out,
                      char *err)
{
    *out = NULL; /* on every failure (start_create fills a local) */
    bsx_analog *a;
    int st = start_create(preset, rows, &a, err);
    if (st != BSX_OK)
        return st;
    bsx_grid grid;
    bsx_preset_table_grid(&a->preset, &grid); /* checked when resolved */
    bsx_cell_sampler sampler = {&a->cell, -1, 0.0};
    st = bsx_cell_table_build(bsx_cell_table_sample, &sampler, &grid, &a->table);
    if (st != BSX_OK) {
        snprintf(err, BSX_ERRLEN, "preset %s: building the cell tables failed: %s",
                 a->preset.name, bsx_strerror(st));
        free(a);
        return st;
    }
    return finish_create(a, rows, out, err);
}

int bsx_analog_create_from_csv(const bsx_preset *preset, int rows,
                               const char *table_csv, bsx_analog **out, char *err)
{
    *out = NULL; /* on every failure (start_create fills a local) */
    bsx_analog *a;
    int st = start_create(preset, rows, &a, err);
    if (st != BSX_OK)
        return st;
    st = bsx_cell_table_load_csv(table_csv, &a->table, err);
    if (st != BSX_OK) {
        free(a);
        return st;
    }
    bsx_preset *p = &a->preset;
    if (bsx_cell_table_eval(a->table, BSX_STATE(1, 1), p->v_read, 0.0, &p->i_on, NULL,
                            NULL) != BSX_OK ||
        bsx_cell_table_eval(a->table, BSX_STATE(1, 0), p->v_read, 0.0, &p->i_hrs, NULL,
                            NULL) != BSX_OK) {
        snprintf(err, BSX_ERRLEN,
                 "%.300s: the table grid does not contain V_b = v_read = %g V, V_s = 0",
                 table_csv, p->v_read);
        bsx_analog_destroy(a);
        return BSX_ERANGE;
    }
    p->i_lsb = p->tech == BSX_TECH_RERAM ? p->i_on - p->i_hrs : p->i_on;
    if (!(p->i_lsb > 0.0)) {
        snprintf(err, BSX_ERRLEN, "%.300s: I_LSB from the table is %g A, not positive",
                 table_csv, p->i_lsb);
        bsx_analog_destroy(a);
        return BSX_EINVAL;
    }
    return finish_create(a, rows, out, err);
}

void bsx_analog_destroy(bsx_analog *a)
{
    if (!a)
        return;
    bsx_cell_table_destroy(a->table);
    free(a);
}

int bsx_analog_ws_create(const bsx_analog *a, bsx_analog_ws **out)
{
    char err[BSX_ERRLEN];
    *out = NULL;
    bsx_analog_ws *ws = calloc(1, sizeof(*ws));
    if (!ws)
        return BSX_ENOMEM;
    ws->all_hrs = calloc((size_t)a->circuit.rows, 1);
    int st = ws->all_hrs ? bsx_column_create(&a->circuit, a->table, &ws->col, err)
                         : BSX_ENOMEM;
    if (st == BSX_OK)
        st = bsx_column_batch_create(&a->circuit, a->table, &ws->batch, err);
    if (st != BSX_OK) {
        bsx_analog_ws_destroy(ws);
        return st;
    }
    *out = ws;
    return BSX_OK;
}

void bsx_analog_ws_destroy(bsx_analog_ws *ws)
{
    if (!ws)
        return;
    bsx_column_destroy(ws->col);
    bsx_column_batch_destroy(ws->batch);
    free(ws->all_hrs);
    free(ws->w);
    free(ws->current);
    free(ws->iterations);
    free(ws);
}

const char *bsx_analog_ws_error(const bsx_analog_ws *ws)
{
    return bsx_column_error(ws->col);
}

int bsx_analog_rows(const bsx_analog *a) { return a->circuit.rows; }

double bsx_analog_i_lsb(const bsx_analog *a) { return a->preset.i_lsb; }

int bsx_analog_has_dummy(const bsx_analog *a)
{
    return a->preset.tech == BSX_TECH_RERAM;
}

const bsx_preset *bsx_analog_preset(const bsx_analog *a) { return &a->preset; }

const bsx_cell_table *bsx_analog_table(const bsx_analog *a) { return a->table; }

int bsx_analog_column_nodes(const bsx_analog *a, bsx_analog_ws *ws,
                            const unsigned char *wl, const unsigned char *w,
                            double *current, bsx_solve_stats *stats, double *v_b,
                            double *v_s)
{
    return bsx_column_solve(ws->col, wl, w, &a->opts, current, stats, v_b, v_s);
}

int bsx_analog_column(const bsx_analog *a, bsx_analog_ws *ws,
                      const unsigned char *wl, const unsigned char *w,
                      double *current, bsx_solve_stats *stats)
{
    return bsx_column_solve(ws->col, wl, w, &a->opts, current, stats, NULL, NULL);
}

int bsx_analog_dummy(const bsx_analog *a, bsx_analog_ws *ws,
                     const unsigned char *wl, double *current,
                     bsx_solve_stats *stats)
{
    if (!bsx_analog_has_dummy(a)) {
        *current = 0.0;
        if (stats) {
            stats->iterations = 0;
            stats->residual = 0.0;
        }
        return BSX_OK;
    }
    return bsx_column_solve(ws->col, wl, ws->all_hrs, &a->opts, current, stats,
                            NULL, NULL);
}

/* The current an ADC digitises: the column's minus the dummy column's,
 * which cancels the HRS cells' leakage (docs/design.md section 3). */
static double net_current(double column, double dummy) { return column - dummy; }

int bsx_analog_net_current(const bsx_analog *a, bsx_analog_ws *ws,
                           const unsigned char *wl, const unsigned char *w,
                           bsx_net_current *out, double *v_b, double *v_s)
{
    int st = bsx_analog_column_nodes(a, ws, wl, w, &out->column,
                                     &out->column_stats, v_b, v_s);
    if (st == BSX_OK)
        st = bsx_analog_dummy(a, ws, wl, &out->dummy, &out->dummy_stats);
    if (st != BSX_OK)
        return st;
    out->net = net_current(out->column, out->dummy);
    return BSX_OK;
}

double bsx_analog_deviation_lsb(const bsx_analog *a, double net, int ps)
{
    return net / a->preset.i_lsb - ps;
}

/* Room for a batch of n columns in ws (grows to the largest tile seen). */
static int reserve(bsx_analog_ws *ws, int n)
{
    if (n <= ws->capacity)
        return BSX_OK;
    const unsigned char **w = realloc(ws->w, (size_t)n * sizeof *w);
    if (w)
        ws->w = w;
    double *cur = realloc(ws->current, (size_t)n * sizeof *cur);
    if (cur)
        ws->current = cur;
    int *it = realloc(ws->iterations, (size_t)n * sizeof *it);
    if (it)
        ws->iterations = it;
    if (!w || !cur || !it)
        return BSX_ENOMEM;
    ws->capacity = n;
    return BSX_OK;
}

int bsx_analog_tile(const bsx_analog *a, bsx_analog_ws *ws,
                    const unsigned char *wl, const unsigned char *bits,
                    int cols, double *current, double *net, double *dummy,
                    bsx_solve_count *count, int *failed, char *err)
{
    int with_dummy = bsx_analog_has_dummy(a), n = cols + with_dummy, bad;
    *failed = -1;
    *dummy = 0.0;
    int st = cols >= 0 ? reserve(ws, n) : BSX_EINVAL;
    if (st != BSX_OK) {
        if (err)
            snprintf(err, BSX_ERRLEN, "analog tile: %s", bsx_strerror(st));
        return st;
    }
    if (with_dummy)
        ws->w[0] = ws->all_hrs;
    for (int c = 0; c < cols; c++)
        ws->w[with_dummy + c] = bits + (size_t)c * (size_t)a->circuit.rows;
    st = bsx_column_batch_solve(ws->batch, wl, ws->w, n, &a->opts, ws->current,
                                ws->iterations, &bad);
    if (st != BSX_OK) {
        *failed = bad - with_dummy;
        if (err && *failed < 0)
            snprintf(err, BSX_ERRLEN, "dummy column: %s",
                     bsx_column_batch_error(ws->batch));
        else if (err)
            snprintf(err, BSX_ERRLEN, "column %d: %s", *failed + 1,
                     bsx_column_batch_error(ws->batch));
        return st;
    }
    if (with_dummy)
        *dummy = ws->current[0];
    for (int c = 0; c < cols; c++) {
        if (current)
            current[c] = ws->current[with_dummy + c];
        if (net)
            net[c] = net_current(ws->current[with_dummy + c], *dummy);
    }
    if (count) {
        count->solves += (uint64_t)n;
        for (int k = 0; k < n; k++)
            count->iterations += (uint64_t)ws->iterations[k];
    }
    return BSX_OK;
}

const char *bsx_analog_simd_path(void)
{
    return bsx_column_batch_path();
}
