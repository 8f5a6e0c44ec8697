/* Newton engine for columns whose lines are chains or pinned (column_state.h),
 * the path every preset takes. One iteration is two passes over the rows:
 * the first evaluates each cell, assembles its KCL rows and eliminates them
 * at once (2x2 Schur complement and forward substitution); the second backs
 * the step out and applies it. The first iteration needs no table lookups:
 * every cell starts at the same bias, evaluated once per state at create. */
#include <math.h>
#include <stdio.h>

#include "cell_table_nodes.h"
#include "column_state.h"

/* First pass: cells, residuals, Jacobian, elimination. Wire currents are
 * conductance times a difference of node offsets (exact), which keeps the
 * residual's rounding far below the currents. The forward-reduced
 * right-hand side goes to x, the Schur inverses to inv. Returns the row
 * whose Schur complement is singular, or -1; *resid = max |F|, *scale =
 * sum |I_cell|, max_offset[k] = max |u| of line k (for the rounding
 * floor). */
static int assemble_and_eliminate(bsx_column *col, int first, double *resid,
                                  double *scale, double max_offset[2])
{
    const int n = col->c.rows;
    const double *vb = col->u[LINE_B], *vs = col->u[LINE_S]; /* offsets */
    const double *lo = col->lo, *up = col->up, *g_diag = col->g_diag;
    const unsigned char *pinned = col->pinned;
    const double g_drv = col->g_end[LINE_B];
    const double pin_b = col->pin_v[LINE_B], pin_s = col->pin_v[LINE_S];
    const double g_sink = col->g_end[LINE_S];
    const int sink_row = col->end_row[LINE_S];
    double *inv = col->inv, *x = col->x;
    const bsx_cell_table_view view = bsx_cell_table_view_of(col->cells);
    double max_f = 0.0, sum_i = 0.0, max_ub = 0.0, max_us = 0.0;
    for (int i = 0; i < n; i++) {
        double cur, ib, is;
        int s = col->state[i];
        if (first) {
            cur = col->init_cur[s];
            ib = col->init_d_b[s];
            is = col->init_d_s[s];
        } else {
            bsx_cell_table_patch_eval(&view, s, pin_b + vb[i], pin_s + vs[i],
                                      &cur, &ib, &is);
        }
        col->cur[i] = cur;
        col->d_b[i] = ib;
        col->d_s[i] = is;
        sum_i += fabs(cur);
        max_ub = column_max(max_ub, fabs(vb[i]));
        max_us = column_max(max_us, fabs(vs[i]));
        /* neighbours (their couplings are 0 at the ends) */
        double b_prev = i > 0 ? vb[i - 1] : 0.0;
        double b_next = i < n - 1 ? vb[i + 1] : 0.0;
        double s_prev = i > 0 ? vs[i - 1] : 0.0;
        double s_next = i < n - 1 ? vs[i + 1] : 0.0;
        double a00, a01, a10, a11, r0, r1;
        if (pinned[2 * i]) {
            a00 = 1.0, a01 = 0.0, r0 = 0.0;
        } else {
            double f = lo[2 * i] * (b_prev - vb[i])
                       + up[2 * i] * (b_next - vb[i]) - cur
                       - (i == 0 ? g_drv * vb[i] : 0.0);
            max_f = column_max(max_f, fabs(f));
            a00 = -g_diag[2 * i] - ib, a01 = -is, r0 = -f;
        }
        if (pinned[2 * i + 1]) {
            a10 = 0.0, a11 = 1.0, r1 = 0.0;
        } else {
            double f = cur + lo[2 * i + 1] * (s_prev - vs[i])
                       + up[2 * i + 1] * (s_next - vs[i])
                       - (i == sink_row ? g_sink * (pin_s + vs[i]) : 0.0);
            max_f = column_max(max_f, fabs(f));
            a10 = ib, a11 = is - g_diag[2 * i + 1], r1 = -f;
        }
        if (i > 0) {
            const double *w = inv + 4 * (i - 1), *p = x + 2 * (i - 1);
            double lb = lo[2 * i], ls = lo[2 * i + 1];
            double ub = up[2 * i - 2], us = up[2 * i - 1];
            a00 -= lb * w[0] * ub;
            a01 -= lb * w[1] * us;
            a10 -= ls * w[2] * ub;
            a11 -= ls * w[3] * us;
            r0 -= lb * (w[0] * p[0] + w[1] * p[1]);
            r1 -= ls * (w[2] * p[0] + w[3] * p[1]);
        }
        double det = a00 * a11 - a01 * a10;
        if (det == 0.0 || !isfinite(det))
            return i;
        double rdet = 1.0 / det;
        double *wi = inv + 4 * i;
        wi[0] = a11 * rdet;
        wi[1] = -a01 * rdet;
        wi[2] = -a10 * rdet;
        wi[3] = a00 * rdet;
        x[2 * i] = r0;
        x[2 * i + 1] = r1;
    }
    *resid = max_f;
    *scale = sum_i;
    max_offset[LINE_B] = max_ub;
    max_offset[LINE_S] = max_us;
    return -1;
}

/* Second pass: back substitution; x becomes the Newton step. Returns its
 * largest component. */
static double back_substitute(bsx_column *col)
{
    const int n = col->c.rows;
    const double *up = col->up, *inv = col->inv;
    double *x = col->x;
    double step = 0.0, next0 = 0.0, next1 = 0.0;
    for (int i = n - 1; i >= 0; i--) {
        double y0 = x[2 * i] - up[2 * i] * next0;
        double y1 = x[2 * i + 1] - up[2 * i + 1] * next1;
        const double *w = inv + 4 * i;
        next0 = w[0] * y0 + w[1] * y1;
        next1 = w[2] * y0 + w[3] * y1;
        x[2 * i] = next0;
        x[2 * i + 1] = next1;
        step = column_max(step, column_max(fabs(next0), fabs(next1)));
    }
    return step;
}

/* Moves every node by alpha times its step, clipped to the table grid.
 * Returns the largest amount clipped off, V, and where. */
static double apply_step(bsx_column *col, double alpha, int *row, int *line)
{
    double clipped = 0.0;
    for (int k = 0; k < 2; k++) {
        double lo = col->u_min[k], hi = col->u_max[k], *v = col->u[k];
        for (int i = 0; i < col->c.rows; i++) {
            double want = v[i] + alpha * col->x[2 * i + k];
            double got = want < lo ? lo : want > hi ? hi : want;
            if (fabs(want - got) > clipped) {
                clipped = fabs(want - got);
                *row = i;
                *line = k;
            }
            v[i] = got;
        }
    }
    return clipped;
}

int column_chain_iterate(bsx_column *col, const bsx_solve_options *opts,
                         bsx_solve_stats *stats)
{
    int clip_row = 0, clip_line = 0;
    double clipped = 0.0;
    for (int iter = 1; iter <= opts->max_iter; iter++) {
        double resid, scale, max_u[2];
        int bad = assemble_and_eliminate(col, iter == 1, &resid, &scale,
                                         max_u);
        if (bad >= 0) {
            snprintf(col->err, BSX_ERRLEN, "column: singular Jacobian at row "
                     "%d", bad + 1);
            return BSX_ENOCONV;
        }
        double step = back_substitute(col);
        double alpha;
        int verdict = column_converged(col, opts, iter, resid, step, scale,
                                       max_u, stats, &alpha);
        if (verdict == COLUMN_UNRESOLVED)
            return column_unresolved(col, opts, scale, max_u);
        if (verdict == COLUMN_ACCEPT) {
            apply_step(col, 1.0, &clip_row, &clip_line);
            return BSX_OK;
        }
        clipped = apply_step(col, alpha, &clip_row, &clip_line);
    }
    return column_no_convergence(col, opts, stats, clipped, clip_row,
                                 clip_line);
}
