/* Newton engine for columns whose lines are chains or pinned (column_state.h),
 * the path every preset takes. One iteration is two passes over the rows:
 * the first evaluates each cell, assembles its KCL rows and eliminates them
 * at once (2x2 Schur complement and forward substitution); the second backs
 * the step out and applies it. The first iteration needs no table lookups:
 * every cell starts at the same bias, evaluated once per state at create,
 * and its step gets the cells' second-order term there (second_order_step).
 * From the second iteration on, both passes also solve certify's test
 * vector, and a third pass (certify) runs when the step rule has not
 * accepted: the bounds of the second way to stop (column_state.h). */
#include <math.h>
#include <stdio.h>

#include "cell_table_nodes.h"
#include "column_state.h"

/* First pass: cells, residuals, Jacobian, elimination. Wire currents are
 * conductance times a difference of node offsets (exact), which keeps the
 * residual's rounding far below the currents. The forward-reduced
 * right-hand side goes to x, the Schur inverses to inv; after the first
 * iteration also the forward-reduced D 1 of certify to z. Returns the row
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
            double f = bsx_madd(up[2 * i], b_next - vb[i],
                                lo[2 * i] * (b_prev - vb[i]))
                       - cur - (i == 0 ? g_drv * vb[i] : 0.0);
            max_f = column_max(max_f, fabs(f));
            a00 = -g_diag[2 * i] - ib, a01 = -is, r0 = -f;
        }
        if (pinned[2 * i + 1]) {
            a10 = 0.0, a11 = 1.0, r1 = 0.0;
        } else {
            double f = bsx_madd(up[2 * i + 1], s_next - vs[i],
                                bsx_madd(lo[2 * i + 1], s_prev - vs[i], cur))
                       - (i == sink_row ? g_sink * (pin_s + vs[i]) : 0.0);
            max_f = column_max(max_f, fabs(f));
            a10 = ib, a11 = is - g_diag[2 * i + 1], r1 = -f;
        }
        double z0 = pinned[2 * i] ? 1.0 : -1.0;
        double z1 = pinned[2 * i + 1] ? 1.0 : -1.0;
        if (i > 0) {
            const double *w = inv + 4 * (i - 1), *p = x + 2 * (i - 1);
            double lb = lo[2 * i], ls = lo[2 * i + 1];
            double ub = up[2 * i - 2], us = up[2 * i - 1];
            a00 = bsx_madd(-(lb * w[0]), ub, a00);
            a01 = bsx_madd(-(lb * w[1]), us, a01);
            a10 = bsx_madd(-(ls * w[2]), ub, a10);
            a11 = bsx_madd(-(ls * w[3]), us, a11);
            r0 = bsx_madd(-lb, bsx_madd(w[1], p[1], w[0] * p[0]), r0);
            r1 = bsx_madd(-ls, bsx_madd(w[3], p[1], w[2] * p[0]), r1);
            if (!first) {
                const double *q = col->z + 2 * (i - 1);
                z0 = bsx_madd(-lb, bsx_madd(w[1], q[1], w[0] * q[0]), z0);
                z1 = bsx_madd(-ls, bsx_madd(w[3], q[1], w[2] * q[0]), z1);
            }
        }
        if (!first) {
            col->z[2 * i] = z0;
            col->z[2 * i + 1] = z1;
        }
        double det = bsx_madd(a00, a11, -(a01 * a10));
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

/* Back substitution with the factorisation of the first pass: v, forward
 * reduced, becomes the solution. Returns its largest component. */
static double back_solve(const bsx_column *col, double *v)
{
    const int n = col->c.rows;
    const double *up = col->up, *inv = col->inv;
    double largest = 0.0, next0 = 0.0, next1 = 0.0;
    for (int i = n - 1; i >= 0; i--) {
        double y0 = bsx_madd(-up[2 * i], next0, v[2 * i]);
        double y1 = bsx_madd(-up[2 * i + 1], next1, v[2 * i + 1]);
        const double *w = inv + 4 * i;
        next0 = bsx_madd(w[1], y1, w[0] * y0);
        next1 = bsx_madd(w[3], y1, w[2] * y0);
        v[2 * i] = next0;
        v[2 * i + 1] = next1;
        largest = column_max(largest, column_max(fabs(next0), fabs(next1)));
    }
    return largest;
}

/* Second pass: x becomes the Newton step; returns its largest component.
 * with_z: z too (certify's test vector), and its smallest and largest
 * components. */
static double back_substitute(bsx_column *col, int with_z, double z_range[2])
{
    double step = back_solve(col, col->x), min_z = INFINITY, max_z = 0.0;
    if (with_z) {
        back_solve(col, col->z);
        for (int i = 0; i < 2 * col->c.rows; i++) {
            min_z = column_min(min_z, col->z[i]);
            max_z = column_max(max_z, col->z[i]);
        }
    }
    z_range[0] = min_z;
    z_range[1] = max_z;
    return step;
}

/* What column_error_bound (column_state.h) needs at x_k + d_k, from the
 * iteration's passes and one more; column_batch.c does the same across
 * lanes, expression for expression.
 * beta: the first two passes solved J_k z = D 1 with the factorisation
 * (D = -1 on free nodes, +1 on pinned ones; z > 0 when D J_k is an
 * M-matrix). Here D J_k z >= c > 0 is checked from the Jacobian's entries,
 * with the product's rounding (at most 16 eps ||J_k|| max z per row, above
 * the 6 terms' gamma_6) taken off c. Returns max z / c, or INFINITY when a
 * cell's derivatives have the wrong sign (I_b < 0 or I_s > 0), z is not
 * positive, c is not, or a NaN or infinity turned up (guard, the sum of
 * every D J_k z); *norm = ||J_k||, the largest absolute row sum.
 * *rho: the KCL residual bound at x_k + d_k, node by node: each node holds
 * one cell (chain lines), whose departure from its linearisation is at most
 * column_cell_residual; INFINITY when x_k + d_k leaves the table grid (the
 * point returned would be clipped). */
static double certify(bsx_column *col, const double z_range[2], double *norm,
                      double *rho)
{
    const int n = col->c.rows;
    const double *lo = col->lo, *up = col->up, *g_diag = col->g_diag;
    const double *g_row = col->g_row, *x = col->x, *z = col->z;
    const unsigned char *pinned = col->pinned;
    const bsx_cell_table_view view = bsx_cell_table_view_of(col->cells);
    double min_m = INFINITY, max_row = 0.0, max_r = 0.0, guard = 0.0;
    double min_ib = INFINITY, max_is = -INFINITY;
    int inside = 1;
    for (int i = 0; i < n; i++) {
        double ib = col->d_b[i], is = col->d_s[i];
        double zb = z[2 * i], zs = z[2 * i + 1];
        double zb_prev = i > 0 ? z[2 * i - 2] : 0.0;
        double zs_prev = i > 0 ? z[2 * i - 1] : 0.0;
        double zb_next = i < n - 1 ? z[2 * i + 2] : 0.0;
        double zs_next = i < n - 1 ? z[2 * i + 3] : 0.0;
        double mb = zb, ms = zs, rb = 1.0, rs = 1.0;
        if (!pinned[2 * i]) {
            mb = (g_diag[2 * i] + ib) * zb - lo[2 * i] * zb_prev
                 - up[2 * i] * zb_next + is * zs;
            rb = g_row[2 * i] + ib - is;
        }
        if (!pinned[2 * i + 1]) {
            ms = (g_diag[2 * i + 1] - is) * zs - lo[2 * i + 1] * zs_prev
                 - up[2 * i + 1] * zs_next - ib * zb;
            rs = g_row[2 * i + 1] + ib - is;
        }
        min_ib = column_min(min_ib, ib);
        max_is = column_max(max_is, is);
        min_m = column_min(min_m, column_min(mb, ms));
        max_row = column_max(max_row, column_max(rb, rs));
        guard += mb + ms;
        double ub = col->u[LINE_B][i], us = col->u[LINE_S][i];
        double db = x[2 * i], ds = x[2 * i + 1], u, v;
        inside &= ub + db >= col->u_min[LINE_B] && ub + db <= col->u_max[LINE_B]
                  && us + ds >= col->u_min[LINE_S]
                  && us + ds <= col->u_max[LINE_S];
        size_t p = bsx_cell_table_patch_at(&view, col->state[i],
                                           col->pin_v[LINE_B] + ub,
                                           col->pin_v[LINE_S] + us, &u, &v);
        max_r = column_max(max_r,
                           column_cell_residual(col, view.near_curvatures[p],
                                                column_max(fabs(db),
                                                           fabs(ds))));
    }
    const double eps = 2.220446049250313e-16;
    double c = min_m - 16.0 * eps * max_row * z_range[1];
    *norm = max_row;
    *rho = inside ? max_r : INFINITY;
    int ok = min_ib >= 0.0 && max_is <= 0.0 && z_range[0] > 0.0 && c > 0.0
             && guard - guard == 0.0;
    return ok ? z_range[1] / c : INFINITY;
}

/* The first iteration's second-order term, added to its Newton step d
 * (a Chebyshev-type step): d solves the equations linearised at the initial
 * guess, where every cell sits at the same bias, and what that leaves out
 * is each cell's quadratic term q(d) = db (q_bb db + q_bs ds) + q_ss ds^2
 * (column_second_order_term), which takes q from the bitline node and gives
 * it to the source-line node. With the same factorisation, c solves
 * J c = (q, -q) per row (0 on pinned nodes) with q taken at d + c, by
 * fixed-point passes from c = 0 (each a forward reduction and a back
 * substitution, no table lookups; c is kept in z, unused in the first
 * iteration), and d + c is the step: it leaves an error of third order
 * where d leaves one of second order, which is what lets columns with large
 * IR drops stop at the second iteration (the proof there,
 * column_error_bound, is about that iteration's own Newton step and does
 * not depend on how its starting point was found). It runs when the terms
 * are large enough to matter (column_second_order), and a second pass, with
 * q at d + c, when the first correction is a sizeable part of the step
 * (column_second_pass).
 *
 * One pass into z (the first: q already in z[2i] from second_order_step;
 * the second: q at x + c); returns max |c|. */
static double second_order_pass(bsx_column *col, int second)
{
    const int n = col->c.rows;
    const double *lo = col->lo, *inv = col->inv;
    const unsigned char *pinned = col->pinned;
    const double *x = col->x;
    double *c = col->z, p0 = 0.0, p1 = 0.0;
    for (int i = 0; i < n; i++) {
        double q = second ? column_second_order_term(col, col->state[i],
                                                     x[2 * i] + c[2 * i],
                                                     x[2 * i + 1] + c[2 * i + 1])
                          : c[2 * i];
        double r0 = pinned[2 * i] ? 0.0 : q;
        double r1 = pinned[2 * i + 1] ? 0.0 : -q;
        if (i > 0) {
            const double *w = inv + 4 * (i - 1);
            r0 = bsx_madd(-lo[2 * i], bsx_madd(w[1], p1, w[0] * p0), r0);
            r1 = bsx_madd(-lo[2 * i + 1], bsx_madd(w[3], p1, w[2] * p0), r1);
        }
        c[2 * i] = p0 = r0;
        c[2 * i + 1] = p1 = r1;
    }
    return back_solve(col, c);
}

/* d + c into x, when the terms matter (step: max |d|; resid: max |F| at
 * the initial guess). */
static void second_order_step(bsx_column *col, double step, double resid)
{
    const int n = col->c.rows;
    double max_q = 0.0;
    for (int i = 0; i < n; i++) {
        double q = column_second_order_term(col, col->state[i], col->x[2 * i],
                                            col->x[2 * i + 1]);
        col->z[2 * i] = q;
        max_q = column_max(max_q, fabs(q));
    }
    if (!column_second_order(max_q, resid))
        return;
    if (column_second_pass(second_order_pass(col, 0), step))
        second_order_pass(col, 1);
    for (int i = 0; i < 2 * n; i++)
        col->x[i] += col->z[i];
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
        double z_range[2];
        double step = back_substitute(col, iter > 1, z_range);
        double alpha;
        int verdict = column_converged(col, opts, iter, resid, step, scale,
                                       max_u, stats, &alpha);
        if (verdict == COLUMN_UNRESOLVED)
            return column_unresolved(col, opts, scale, max_u);
        double floor = column_residual_floor(col, max_u, scale);
        if (verdict == COLUMN_ITERATE
            && column_may_certify(opts, iter, scale, floor)) {
            double norm, rho, beta = certify(col, z_range, &norm, &rho);
            double bound;
            if (column_certified(col, opts, beta, norm, step, rho, floor,
                                 scale, &bound)) {
                verdict = COLUMN_ACCEPT;
                stats->residual_bound = rho + floor;
                stats->voltage_bound = bound;
            }
        }
        if (verdict == COLUMN_ACCEPT) {
            apply_step(col, 1.0, &clip_row, &clip_line);
            return BSX_OK;
        }
        if (iter == 1 && alpha == 1.0)
            second_order_step(col, step, resid);
        clipped = apply_step(col, alpha, &clip_row, &clip_line);
    }
    return column_no_convergence(col, opts, stats, clipped, clip_row,
                                 clip_line);
}
