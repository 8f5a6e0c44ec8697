/* Newton-Raphson solver of one column (column.h): circuit checks and set-up,
 * KCL assembly, the bordered block elimination for merged (zero-resistance)
 * lines, step limiting and the stopping rule. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "column.h"
#include "column_blocktri.h"

/* How a line (bitline or source line) is represented. */
typedef enum {
    LINE_CHAIN,         /* N nodes joined by wires; end node may be pinned */
    LINE_MERGED,        /* zero wire resistance: one floating node (border) */
    LINE_MERGED_PINNED  /* zero wire and end resistance: one fixed node */
} line_kind;

enum { LINE_B, LINE_S };

struct bsx_column {
    bsx_column_circuit c;
    const bsx_cell_table *cells;
    line_kind kind[2];
    int pinned_row[2]; /* chain row whose node is pinned, or -1 */
    double pin_v[2];   /* voltage of pinned nodes: V_drv, 0 */
    double g_wire[2];  /* wire conductance of chain lines, S */
    double g_end[2];   /* driver / sink conductance, 0 when pinned, S */
    int end_row[2];    /* row the driver / sink connects to */
    int border[2];     /* index of the line's border unknown, or -1 */
    int n_border;
    double g_max;      /* largest finite conductance, for the rounding floor */
    double grid_lo[2], grid_hi[2];
    /* per-row constants of the linear system */
    double *lo, *up;   /* [2n] couplings to rows i-1 / i+1 */
    /* per-solve scratch */
    double *v[2];      /* [n] node voltages of each line */
    double *cur, *d_b, *d_s; /* [n] cell current and partial derivatives */
    double *diag, *inv;      /* [4n] */
    double *x;               /* [2n * (1 + n_border)]: rhs, then border cols */
    double *e_row;           /* [2n * n_border] border rows */
    char err[BSX_ERRLEN];
};

void bsx_solve_defaults(bsx_solve_options *opts)
{
    opts->tol_v = 1e-7;
    opts->tol_rel_i = 1e-6;
    opts->max_step = 0.1;
    opts->max_iter = 50;
}

static int check_resistance(const char *name, double r, char *err)
{
    if (isfinite(r) && r >= 0.0)
        return BSX_OK;
    snprintf(err, BSX_ERRLEN, "column: %s must be finite and >= 0 Ohm, got %g",
             name, r);
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
    col->g_max = 0.0;
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
        double g = fmax(merged ? 0.0 : col->g_wire[k], col->g_end[k]);
        col->g_max = fmax(col->g_max, g);
    }
}

/* Couplings between rows: wire conductance on chain lines, none into or out
 * of pinned nodes or on merged lines. */
static void set_couplings(bsx_column *col)
{
    int n = col->c.rows;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 2; k++) {
            double g = col->kind[k] == LINE_CHAIN ? col->g_wire[k] : 0.0;
            int pinned = col->pinned_row[k];
            col->lo[2 * i + k] = i > 0 && i != pinned && i - 1 != pinned ? g : 0;
            col->up[2 * i + k] =
                i < n - 1 && i != pinned && i + 1 != pinned ? g : 0;
        }
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
    col->grid_lo[LINE_B] = g->vb_min;
    col->grid_hi[LINE_B] = g->vb_max;
    col->grid_lo[LINE_S] = g->vs_min;
    col->grid_hi[LINE_S] = g->vs_max;
    classify_lines(col);
    size_t n = (size_t)c->rows, nb = (size_t)col->n_border;
    col->lo = malloc(2 * n * sizeof(double));
    col->up = malloc(2 * n * sizeof(double));
    col->v[LINE_B] = malloc(n * sizeof(double));
    col->v[LINE_S] = malloc(n * sizeof(double));
    col->cur = malloc(n * sizeof(double));
    col->d_b = malloc(n * sizeof(double));
    col->d_s = malloc(n * sizeof(double));
    col->diag = malloc(4 * n * sizeof(double));
    col->inv = malloc(4 * n * sizeof(double));
    col->x = malloc(2 * n * (1 + nb) * sizeof(double));
    col->e_row = malloc(2 * n * (nb ? nb : 1) * sizeof(double));
    if (!col->lo || !col->up || !col->v[0] || !col->v[1] || !col->cur
        || !col->d_b || !col->d_s || !col->diag || !col->inv || !col->x
        || !col->e_row) {
        bsx_column_destroy(col);
        snprintf(err, BSX_ERRLEN, "column: out of memory");
        return BSX_ENOMEM;
    }
    set_couplings(col);
    *out = col;
    return BSX_OK;
}

/* Residuals and Jacobian of one Newton iteration. rhs = -F for the chain
 * rows (x[0..2n)), border columns C in x[2n(1+k)..], border rows E in e_row,
 * border block D and right-hand side in d / f_border. Returns max |F|. */
static double assemble(bsx_column *col, double d[2][2], double f_border[2])
{
    const bsx_column_circuit *c = &col->c;
    int n = c->rows, nb = col->n_border;
    const double *vb = col->v[LINE_B], *vs = col->v[LINE_S];
    double *rhs = col->x;
    double resid = 0.0;
    memset(col->x + 2 * n, 0, 2 * (size_t)n * (size_t)nb * sizeof(double));
    memset(col->e_row, 0, 2 * (size_t)n * (size_t)nb * sizeof(double));
    for (int k = 0; k < 2; k++) {
        f_border[k] = 0.0;
        d[k][0] = d[k][1] = 0.0;
    }
    int bb = col->border[LINE_B], bs = col->border[LINE_S];
    if (bb >= 0) {
        f_border[bb] = col->g_end[LINE_B] * (c->v_drv - vb[0]);
        d[bb][bb] = -col->g_end[LINE_B];
    }
    if (bs >= 0) {
        f_border[bs] = -col->g_end[LINE_S] * vs[0];
        d[bs][bs] = -col->g_end[LINE_S];
    }
    for (int i = 0; i < n; i++) {
        double *a = col->diag + 4 * i;
        double ib = col->d_b[i], is = col->d_s[i], cur = col->cur[i];
        /* bitline row: current in from the driver side minus out */
        if (col->kind[LINE_B] != LINE_CHAIN || i == col->pinned_row[LINE_B]) {
            a[0] = 1.0;
            a[1] = 0.0;
            rhs[2 * i] = 0.0;
        } else {
            double g = col->g_wire[LINE_B];
            double left = i == 0 ? col->g_end[LINE_B] : g;
            double v_left = i == 0 ? c->v_drv : vb[i - 1];
            double f = left * (v_left - vb[i]) - cur;
            double diag = left;
            if (i < n - 1) {
                f += g * (vb[i + 1] - vb[i]);
                diag += g;
            }
            a[0] = -diag - ib;
            a[1] = col->kind[LINE_S] == LINE_CHAIN ? -is : 0.0;
            if (bs >= 0)
                col->x[2 * n * (1 + bs) + 2 * i] = -is;
            rhs[2 * i] = -f;
            resid = fmax(resid, fabs(f));
        }
        /* source-line row: cell current in, wire and sink currents out */
        if (col->kind[LINE_S] != LINE_CHAIN || i == col->pinned_row[LINE_S]) {
            a[2] = 0.0;
            a[3] = 1.0;
            rhs[2 * i + 1] = 0.0;
        } else {
            double g = col->g_wire[LINE_S];
            double f = cur, diag = 0.0;
            if (i > 0) {
                f += g * (vs[i - 1] - vs[i]);
                diag += g;
            }
            if (i < n - 1) {
                f += g * (vs[i + 1] - vs[i]);
                diag += g;
            }
            if (i == col->end_row[LINE_S]) {
                f -= col->g_end[LINE_S] * vs[i];
                diag += col->g_end[LINE_S];
            }
            a[2] = col->kind[LINE_B] == LINE_CHAIN ? ib : 0.0;
            a[3] = is - diag;
            if (bb >= 0)
                col->x[2 * n * (1 + bb) + 2 * i + 1] = ib;
            rhs[2 * i + 1] = -f;
            resid = fmax(resid, fabs(f));
        }
        /* border rows: KCL of merged floating lines */
        if (bb >= 0) {
            f_border[bb] -= cur;
            d[bb][bb] -= ib;
            if (bs >= 0)
                d[bb][bs] -= is;
            else if (col->kind[LINE_S] == LINE_CHAIN)
                col->e_row[2 * n * bb + 2 * i + 1] = -is;
        }
        if (bs >= 0) {
            f_border[bs] += cur;
            d[bs][bs] += is;
            if (bb >= 0)
                d[bs][bb] += ib;
            else if (col->kind[LINE_B] == LINE_CHAIN)
                col->e_row[2 * n * bs + 2 * i] = ib;
        }
    }
    for (int k = 0; k < nb; k++)
        resid = fmax(resid, fabs(f_border[k]));
    return resid;
}

static double dot(const double *a, const double *b, int len)
{
    double sum = 0.0;
    for (int j = 0; j < len; j++)
        sum += a[j] * b[j];
    return sum;
}

/* Solves the bordered system for the Newton step: chain part in x[0..2n),
 * border part in z. Returns BSX_OK or BSX_ENOCONV (singular Jacobian). */
static int newton_step(bsx_column *col, double d[2][2],
                       const double f_border[2], double z[2])
{
    int n = col->c.rows, nb = col->n_border, len = 2 * n;
    int bad = column_blocktri_factor(n, col->diag, col->lo, col->up, col->inv);
    if (bad >= 0) {
        snprintf(col->err, BSX_ERRLEN, "column: singular Jacobian at row %d",
                 bad + 1);
        return BSX_ENOCONV;
    }
    for (int k = 0; k <= nb; k++)
        column_blocktri_solve(n, col->lo, col->up, col->inv, col->x + len * k);
    if (nb == 0)
        return BSX_OK;
    double m[2][2], g[2];
    for (int k = 0; k < nb; k++) {
        const double *e = col->e_row + len * k;
        g[k] = -f_border[k] - dot(e, col->x, len);
        for (int j = 0; j < nb; j++)
            m[k][j] = d[k][j] - dot(e, col->x + len * (1 + j), len);
    }
    if (nb == 1) {
        if (m[0][0] == 0.0 || !isfinite(m[0][0]))
            goto singular;
        z[0] = g[0] / m[0][0];
    } else {
        double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
        if (det == 0.0 || !isfinite(det))
            goto singular;
        z[0] = (g[0] * m[1][1] - m[0][1] * g[1]) / det;
        z[1] = (m[0][0] * g[1] - m[1][0] * g[0]) / det;
    }
    for (int k = 0; k < nb; k++)
        for (int j = 0; j < len; j++)
            col->x[j] -= col->x[len * (1 + k) + j] * z[k];
    return BSX_OK;
singular:
    snprintf(col->err, BSX_ERRLEN, "column: singular Jacobian at a merged "
             "line");
    return BSX_ENOCONV;
}

/* Newton step of node i of line k (chain component or border unknown). */
static double step_of(const bsx_column *col, int k, int i, const double z[2])
{
    if (col->kind[k] == LINE_CHAIN)
        return col->x[2 * i + k];
    return col->kind[k] == LINE_MERGED ? z[col->border[k]] : 0.0;
}

/* Applies alpha * step to every node, clipped to the table grid. Returns the
 * largest amount clipped off, V; *row / *line tell where. */
static double apply_step(bsx_column *col, double alpha, const double z[2],
                         int *row, int *line)
{
    double clipped = 0.0;
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < col->c.rows; i++) {
            double want = col->v[k][i] + alpha * step_of(col, k, i, z);
            double v = fmin(fmax(want, col->grid_lo[k]), col->grid_hi[k]);
            if (fabs(want - v) > clipped) {
                clipped = fabs(want - v);
                *row = i;
                *line = k;
            }
            col->v[k][i] = v;
        }
    return clipped;
}

static int evaluate_cells(bsx_column *col, const unsigned char *wl,
                          const unsigned char *w)
{
    for (int i = 0; i < col->c.rows; i++) {
        int st = bsx_cell_table_eval(col->cells, BSX_STATE(wl[i], w[i]),
                                     col->v[LINE_B][i], col->v[LINE_S][i],
                                     &col->cur[i], &col->d_b[i], &col->d_s[i]);
        if (st != BSX_OK) {
            snprintf(col->err, BSX_ERRLEN, "column: row %d at vb %g V, vs %g V "
                     "is outside the cell table", i + 1, col->v[LINE_B][i],
                     col->v[LINE_S][i]);
            return st;
        }
    }
    return BSX_OK;
}

/* Current into the sink at the solution; cell currents are those of the
 * last linearisation moved along the final step (second-order exact). */
static double sink_current(bsx_column *col, const double z[2])
{
    int n = col->c.rows, k = col->end_row[LINE_S];
    const double *vs = col->v[LINE_S];
    if (col->g_end[LINE_S] > 0.0)
        return col->g_end[LINE_S] * vs[k];
    double total = 0.0;
    for (int i = 0; i < n; i++)
        col->cur[i] += col->d_b[i] * step_of(col, LINE_B, i, z)
                       + col->d_s[i] * step_of(col, LINE_S, i, z);
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

static void initial_guess(bsx_column *col)
{
    for (int k = 0; k < 2; k++) {
        double v = fmin(fmax(col->pin_v[k], col->grid_lo[k]), col->grid_hi[k]);
        for (int i = 0; i < col->c.rows; i++)
            col->v[k][i] = v;
    }
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
    int n = col->c.rows, len = 2 * n;
    initial_guess(col);
    double resid_floor = 16.0 * DBL_EPSILON * fabs(col->c.v_drv) * col->g_max;
    int clip_row = 0, clip_line = 0;
    double clipped = 0.0;
    for (int iter = 1; iter <= opts->max_iter; iter++) {
        int st = evaluate_cells(col, wl, w);
        if (st != BSX_OK)
            return st;
        double d[2][2], f_border[2], z[2] = {0.0, 0.0};
        double resid = assemble(col, d, f_border);
        st = newton_step(col, d, f_border, z);
        if (st != BSX_OK)
            return st;
        double step = 0.0, scale = 0.0;
        for (int j = 0; j < len; j++)
            step = fmax(step, fabs(col->x[j]));
        for (int k = 0; k < col->n_border; k++)
            step = fmax(step, fabs(z[k]));
        for (int i = 0; i < n; i++)
            scale += fabs(col->cur[i]);
        stats->iterations = iter;
        stats->residual = resid;
        stats->last_step = step;
        if (step <= opts->tol_v && resid <= opts->tol_rel_i * scale + resid_floor) {
            apply_step(col, 1.0, z, &clip_row, &clip_line);
            *current = sink_current(col, z);
            if (v_b)
                memcpy(v_b, col->v[LINE_B], (size_t)n * sizeof *v_b);
            if (v_s)
                memcpy(v_s, col->v[LINE_S], (size_t)n * sizeof *v_s);
            return BSX_OK;
        }
        double alpha = step > opts->max_step ? opts->max_step / step : 1.0;
        clipped = apply_step(col, alpha, z, &clip_row, &clip_line);
    }
    if (clipped > opts->tol_v) {
        snprintf(col->err, BSX_ERRLEN, "column: the solution leaves the cell "
                 "table's %s range at row %d (clipped by %g V)",
                 clip_line == LINE_B ? "vb" : "vs", clip_row + 1, clipped);
        return BSX_ERANGE;
    }
    snprintf(col->err, BSX_ERRLEN, "column: Newton did not converge in %d "
             "iterations (last step %g V, residual %g A)", opts->max_iter,
             stats->last_step, stats->residual);
    return BSX_ENOCONV;
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
    free(col->v[LINE_B]);
    free(col->v[LINE_S]);
    free(col->cur);
    free(col->d_b);
    free(col->d_s);
    free(col->diag);
    free(col->inv);
    free(col->x);
    free(col->e_row);
    free(col);
}
