/* Column solver entry points (column.h): circuit checks, how each line is
 * represented (chain, pinned node, merged line), per-row constants, the
 * initial guess, dispatch to a Newton engine (column_chain.c when no line is
 * a merged floating node, else column_border.c) and the sink current. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell_table_nodes.h"
#include "column_state.h"

void bsx_solve_defaults(bsx_solve_options *opts)
{
    opts->tol_v = 1e-7;
    opts->tol_rel_i = 1e-6;
    opts->max_step = 0.1;
    opts->max_iter = 50;
}

static int check_resistance(const char *name, double r, char *err)
{
    if (isfinite(r) && (r == 0.0 || (r > 0.0 && isfinite(1.0 / r))))
        return BSX_OK;
    snprintf(err, BSX_ERRLEN, "column: %s must be 0 or a finite resistance "
             "whose conductance is finite, got %g Ohm", name, r);
    return BSX_EINVAL;
}

static int check_circuit(const bsx_column_circuit *c, const bsx_grid *g,
                         char *err)
{
    if (c->rows < 1) {
        snprintf(err, BSX_ERRLEN, "column: rows must be >= 1, got %d", c->rows);
        return BSX_EINVAL;
    }
    int st = check_resistance("r_drv", c->r_drv, err);
    if (st == BSX_OK)
        st = check_resistance("r_bl", c->r_bl, err);
    if (st == BSX_OK)
        st = check_resistance("r_sl", c->r_sl, err);
    if (st == BSX_OK)
        st = check_resistance("r_sink", c->r_sink, err);
    if (st != BSX_OK)
        return st;
    if (!isfinite(c->v_drv) || c->v_drv < g->vb_min || c->v_drv > g->vb_max) {
        snprintf(err, BSX_ERRLEN, "column: v_drv %g V is outside the cell "
                 "table's vb range [%g, %g] V", c->v_drv, g->vb_min,
                 g->vb_max);
        return BSX_EINVAL;
    }
    if (g->vs_min > 0.0 || g->vs_max < 0.0) {
        snprintf(err, BSX_ERRLEN, "column: the cell table's vs range [%g, %g] "
                 "V does not contain the sink's 0 V", g->vs_min, g->vs_max);
        return BSX_EINVAL;
    }
    return BSX_OK;
}

/* Line kinds, pinned rows and conductances from the resistances. */
static void classify_lines(bsx_column *col)
{
    const bsx_column_circuit *c = &col->c;
    double r_wire[2] = {c->r_bl, c->r_sl}, r_end[2] = {c->r_drv, c->r_sink};
    col->end_row[LINE_B] = 0;
    col->end_row[LINE_S] = c->sink_same_end ? 0 : c->rows - 1;
    col->pin_v[LINE_B] = c->v_drv;
    col->pin_v[LINE_S] = 0.0;
    col->n_border = 0;
    for (int k = 0; k < 2; k++) {
        int merged = r_wire[k] == 0.0 && c->rows > 1;
        col->g_wire[k] = r_wire[k] > 0.0 ? 1.0 / r_wire[k] : 0.0;
        col->g_end[k] = r_end[k] > 0.0 ? 1.0 / r_end[k] : 0.0;
        if (merged)
            col->kind[k] = r_end[k] == 0.0 ? LINE_MERGED_PINNED : LINE_MERGED;
        else
            col->kind[k] = LINE_CHAIN;
        col->pinned_row[k] =
            col->kind[k] == LINE_CHAIN && r_end[k] == 0.0 ? col->end_row[k]
                                                          : -1;
        col->border[k] = col->kind[k] == LINE_MERGED ? col->n_border++ : -1;
        col->g_round[k] = col->kind[k] == LINE_CHAIN ? col->g_wire[k] : 0.0;
    }
}

/* Per-row constants: wire couplings (none out of a pinned node's own row
 * or on merged lines), each node's total conductance to its neighbours and
 * end, and which nodes are fixed. */
static void set_row_constants(bsx_column *col)
{
    int n = col->c.rows;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 2; k++) {
            int j = 2 * i + k;
            double g = col->kind[k] == LINE_CHAIN ? col->g_wire[k] : 0.0;
            col->pinned[j] = col->kind[k] == LINE_MERGED_PINNED
                             || i == col->pinned_row[k];
            col->lo[j] = i > 0 && !col->pinned[j] ? g : 0.0;
            col->up[j] = i < n - 1 && !col->pinned[j] ? g : 0.0;
            col->g_diag[j] = (i > 0 ? g : 0.0) + (i < n - 1 ? g : 0.0);
            if (i == col->end_row[k])
                col->g_diag[j] += col->g_end[k];
            col->g_row[j] = col->pinned[j]
                                ? 1.0
                                : col->g_diag[j] + col->lo[j] + col->up[j];
        }
}

/* Every row starts at the same bias: V_drv on the bitline, 0 V on the
 * source line (inside the grid, checked at create), i.e. zero offsets. */
static void initial_guess(bsx_column *col)
{
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < col->c.rows; i++)
            col->u[k][i] = 0.0;
}

static int allocate(bsx_column *col)
{
    size_t n = (size_t)col->c.rows, nb = (size_t)col->n_border;
    col->lo = malloc(2 * n * sizeof(double));
    col->up = malloc(2 * n * sizeof(double));
    col->g_diag = malloc(2 * n * sizeof(double));
    col->g_row = malloc(2 * n * sizeof(double));
    col->pinned = malloc(2 * n);
    col->state = malloc(n);
    col->u[LINE_B] = malloc(n * sizeof(double));
    col->u[LINE_S] = malloc(n * sizeof(double));
    col->cur = malloc(n * sizeof(double));
    col->d_b = malloc(n * sizeof(double));
    col->d_s = malloc(n * sizeof(double));
    col->diag = malloc(4 * n * sizeof(double));
    col->inv = malloc(4 * n * sizeof(double));
    col->x = malloc(2 * n * (1 + nb) * sizeof(double));
    col->z = malloc(2 * n * sizeof(double));
    col->e_row = malloc(2 * n * (nb ? nb : 1) * sizeof(double));
    return col->lo && col->up && col->g_diag && col->g_row && col->pinned && col->state
           && col->u[0] && col->u[1] && col->cur && col->d_b && col->d_s
           && col->diag && col->inv && col->x && col->z && col->e_row;
}

int bsx_column_create(const bsx_column_circuit *c, const bsx_cell_table *cells,
                      bsx_column **out, char *err)
{
    *out = NULL;
    if (!c || !cells) {
        snprintf(err, BSX_ERRLEN, "column: no circuit or no cell table");
        return BSX_EINVAL;
    }
    const bsx_grid *g = bsx_cell_table_grid(cells);
    int st = check_circuit(c, g, err);
    if (st != BSX_OK)
        return st;
    bsx_column *col = calloc(1, sizeof *col);
    if (!col) {
        snprintf(err, BSX_ERRLEN, "column: out of memory");
        return BSX_ENOMEM;
    }
    col->c = *c;
    col->cells = cells;
    classify_lines(col);
    /* a merged floating line is one node with all N cells on it */
    col->curvature = cells->curvature * (col->n_border > 0 ? c->rows : 1);
    col->local_reach = 0.5 * fmin(cells->h_b, cells->h_s);
    col->u_min[LINE_B] = g->vb_min - col->pin_v[LINE_B];
    col->u_max[LINE_B] = g->vb_max - col->pin_v[LINE_B];
    col->u_min[LINE_S] = g->vs_min - col->pin_v[LINE_S];
    col->u_max[LINE_S] = g->vs_max - col->pin_v[LINE_S];
    if (!allocate(col)) {
        bsx_column_destroy(col);
        snprintf(err, BSX_ERRLEN, "column: out of memory");
        return BSX_ENOMEM;
    }
    set_row_constants(col);
    bsx_cell_table_view view = bsx_cell_table_view_of(cells);
    for (int s = 0; s < BSX_NSTATES; s++) {
        double i_bb, i_bs, i_ss;
        bsx_cell_table_patch_eval(&view, s, col->pin_v[LINE_B],
                                  col->pin_v[LINE_S], &col->init_cur[s],
                                  &col->init_d_b[s], &col->init_d_s[s]);
        bsx_cell_table_patch_hessian(&view, s, col->pin_v[LINE_B],
                                     col->pin_v[LINE_S], &i_bb, &i_bs, &i_ss);
        col->init_q_bb[s] = 0.5 * i_bb;
        col->init_q_bs[s] = i_bs;
        col->init_q_ss[s] = 0.5 * i_ss;
    }
    *out = col;
    return BSX_OK;
}

/* Refuses before iterating when the rounding floor of a chain line is sure
 * to exceed the tolerance: node offsets reach I (r_end + n r_wire), so the
 * floor is about 16 eps (r_end / r_wire + n) of the current I. (The
 * stopping rule still checks the measured floor.) */
static int check_resolution(bsx_column *col, const bsx_solve_options *opts)
{
    const double eps = 2.220446049250313e-16;
    for (int k = 0; k < 2; k++) {
        if (col->g_round[k] == 0.0 || col->g_end[k] == 0.0)
            continue;
        double rel = 16.0 * eps * (col->g_round[k] / col->g_end[k]
                                   + col->c.rows);
        if (!(rel <= opts->tol_rel_i))
            return column_wire_too_small(col, opts, k, rel);
    }
    return BSX_OK;
}

/* Current into the sink at the solution; cell currents are those of the
 * last linearisation moved along the final step (second-order exact). */
static double sink_current(bsx_column *col, const double z[2])
{
    int n = col->c.rows, k = col->end_row[LINE_S];
    const double *vs = col->u[LINE_S]; /* = voltages: the pin is 0 V */
    if (col->g_end[LINE_S] > 0.0)
        return col->g_end[LINE_S] * vs[k];
    double total = 0.0;
    for (int i = 0; i < n; i++)
        col->cur[i] += col->d_b[i] * column_step_of(col, LINE_B, i, z)
                       + col->d_s[i] * column_step_of(col, LINE_S, i, z);
    if (col->kind[LINE_S] == LINE_MERGED_PINNED) {
        for (int i = 0; i < n; i++)
            total += col->cur[i];
        return total;
    }
    total = col->cur[k];
    if (k > 0)
        total += col->g_wire[LINE_S] * (vs[k - 1] - vs[k]);
    if (k < n - 1)
        total += col->g_wire[LINE_S] * (vs[k + 1] - vs[k]);
    return total;
}

int bsx_column_solve(bsx_column *col, const unsigned char *wl,
                     const unsigned char *w, const bsx_solve_options *opts,
                     double *current, bsx_solve_stats *stats, double *v_b,
                     double *v_s)
{
    bsx_solve_stats local;
    stats = stats ? stats : &local;
    memset(stats, 0, sizeof *stats);
    col->err[0] = '\0';
    if (!(opts->tol_v > 0.0) || !(opts->tol_rel_i > 0.0)
        || !(opts->max_step > 0.0) || opts->max_iter < 1) {
        snprintf(col->err, BSX_ERRLEN, "column: solve options need tol_v, "
                 "tol_rel_i, max_step > 0 and max_iter >= 1");
        return BSX_EINVAL;
    }
    int st = check_resolution(col, opts);
    if (st != BSX_OK)
        return st;
    int n = col->c.rows;
    for (int i = 0; i < n; i++)
        col->state[i] = (unsigned char)BSX_STATE(wl[i], w[i]);
    initial_guess(col);
    double z[2] = {0.0, 0.0};
    st = col->n_border ? column_border_iterate(col, opts, stats, z)
                           : column_chain_iterate(col, opts, stats);
    if (st != BSX_OK)
        return st;
    *current = sink_current(col, z);
    for (int i = 0; i < n; i++) {
        if (v_b)
            v_b[i] = col->pin_v[LINE_B] + col->u[LINE_B][i];
        if (v_s)
            v_s[i] = col->pin_v[LINE_S] + col->u[LINE_S][i];
    }
    return BSX_OK;
}

const char *bsx_column_error(const bsx_column *col)
{
    return col->err;
}

void bsx_column_destroy(bsx_column *col)
{
    if (!col)
        return;
    free(col->lo);
    free(col->up);
    free(col->g_diag);
    free(col->g_row);
    free(col->pinned);
    free(col->state);
    free(col->u[LINE_B]);
    free(col->u[LINE_S]);
    free(col->cur);
    free(col->d_b);
    free(col->d_s);
    free(col->diag);
    free(col->inv);
    free(col->x);
    free(col->z);
    free(col->e_row);
    free(col);
}
