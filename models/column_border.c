/* Newton engine for columns with merged floating lines (column_state.h):
 * the chain rows are solved by the block elimination with up to two border
 * unknowns (the merged lines' voltages), eliminated by their Schur
 * complement. Assembly handles every line kind, so this engine also serves
 * as the general one. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cell_table_nodes.h"
#include "column_blocktri.h"
#include "column_state.h"

/* Residuals and Jacobian of one Newton iteration. rhs = -F for the chain
 * rows (x[0..2n)), border columns C in x[2n(1+k)..], border rows E in e_row,
 * border block D and right-hand side in d / f_border. Returns max |F|. */
static double assemble(bsx_column *col, double d[2][2], double f_border[2])
{
    const bsx_column_circuit *c = &col->c;
    int n = c->rows, nb = col->n_border;
    const double *vb = col->u[LINE_B], *vs = col->u[LINE_S]; /* offsets */
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
        f_border[bb] = -col->g_end[LINE_B] * vb[0];
        d[bb][bb] = -col->g_end[LINE_B];
    }
    if (bs >= 0) {
        f_border[bs] = -col->g_end[LINE_S] * (col->pin_v[LINE_S] + vs[0]);
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
            double v_left = i == 0 ? 0.0 : vb[i - 1]; /* driver: offset 0 */
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
            resid = column_max(resid, fabs(f));
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
                f -= col->g_end[LINE_S] * (col->pin_v[LINE_S] + vs[i]);
                diag += col->g_end[LINE_S];
            }
            a[2] = col->kind[LINE_B] == LINE_CHAIN ? ib : 0.0;
            a[3] = is - diag;
            if (bb >= 0)
                col->x[2 * n * (1 + bb) + 2 * i + 1] = ib;
            rhs[2 * i + 1] = -f;
            resid = column_max(resid, fabs(f));
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
        resid = column_max(resid, fabs(f_border[k]));
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

/* Applies alpha * step to every node, clipped to the table grid. Returns the
 * largest amount clipped off, V; *row / *line tell where. */
static double apply_step(bsx_column *col, double alpha, const double z[2],
                         int *row, int *line)
{
    double clipped = 0.0;
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < col->c.rows; i++) {
            double want = col->u[k][i] + alpha * column_step_of(col, k, i, z);
            double v = want < col->u_min[k]   ? col->u_min[k]
                       : want > col->u_max[k] ? col->u_max[k]
                                              : want;
            if (fabs(want - v) > clipped) {
                clipped = fabs(want - v);
                *row = i;
                *line = k;
            }
            col->u[k][i] = v;
        }
    return clipped;
}

static void evaluate_cells(bsx_column *col)
{
    bsx_cell_table_view view = bsx_cell_table_view_of(col->cells);
    for (int i = 0; i < col->c.rows; i++)
        bsx_cell_table_patch_eval(&view, col->state[i],
                                  col->pin_v[LINE_B] + col->u[LINE_B][i],
                                  col->pin_v[LINE_S] + col->u[LINE_S][i],
                                  &col->cur[i],
                                  &col->d_b[i], &col->d_s[i]);
}

int column_border_iterate(bsx_column *col, const bsx_solve_options *opts,
                          bsx_solve_stats *stats, double z[2])
{
    int n = col->c.rows, len = 2 * n;
    int clip_row = 0, clip_line = 0;
    double clipped = 0.0;
    for (int iter = 1; iter <= opts->max_iter; iter++) {
        evaluate_cells(col);
        double d[2][2], f_border[2];
        z[0] = z[1] = 0.0;
        double resid = assemble(col, d, f_border);
        int st = newton_step(col, d, f_border, z);
        if (st != BSX_OK)
            return st;
        double step = 0.0, scale = 0.0, max_u[2] = {0.0, 0.0};
        for (int j = 0; j < len; j++)
            step = column_max(step, fabs(col->x[j]));
        for (int k = 0; k < col->n_border; k++)
            step = column_max(step, fabs(z[k]));
        for (int i = 0; i < n; i++) {
            scale += fabs(col->cur[i]);
            max_u[LINE_B] = column_max(max_u[LINE_B], fabs(col->u[LINE_B][i]));
            max_u[LINE_S] = column_max(max_u[LINE_S], fabs(col->u[LINE_S][i]));
        }
        double alpha;
        int verdict = column_converged(col, opts, iter, resid, step, scale,
                                       max_u, stats, &alpha);
        if (verdict == COLUMN_UNRESOLVED)
            return column_unresolved(col, opts, scale, max_u);
        if (verdict == COLUMN_ACCEPT) {
            apply_step(col, 1.0, z, &clip_row, &clip_line);
            return BSX_OK;
        }
        clipped = apply_step(col, alpha, z, &clip_row, &clip_line);
    }
    return column_no_convergence(col, opts, stats, clipped, clip_row,
                                 clip_line);
}
