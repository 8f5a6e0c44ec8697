/* Inside view of a column solver, shared by the public entry points
 * (column.c) and its two Newton engines: column_chain.c for lines that are
 * chains or pinned (no border unknowns: the fast path every preset takes)
 * and column_border.c for merged floating lines (zero wire resistance with a
 * non-zero end resistance). */
#ifndef BSX_COLUMN_STATE_H
#define BSX_COLUMN_STATE_H

#include <math.h>
#include <stdio.h>

#include "bsx_status.h"
#include "column.h"
#include "madd.h"

/* How a line (bitline or source line) is represented. */
typedef enum {
    LINE_CHAIN,        /* N nodes joined by wires; end node may be pinned */
    LINE_MERGED,       /* zero wire resistance: one floating node (border) */
    LINE_MERGED_PINNED /* zero wire and end resistance: one fixed node */
} column_line_kind;

enum { LINE_B, LINE_S };

struct bsx_column {
    bsx_column_circuit c;
    const bsx_cell_table *cells;
    column_line_kind kind[2];
    int pinned_row[2]; /* chain row whose node is pinned, or -1 */
    double pin_v[2];   /* voltage of pinned nodes: V_drv, 0 */
    double g_wire[2];  /* wire conductance of chain lines, S */
    double g_end[2];   /* driver / sink conductance, 0 when pinned, S */
    int end_row[2];    /* row the driver / sink connects to */
    int border[2];     /* index of the line's border unknown, or -1 */
    int n_border;
    double u_min[2], u_max[2]; /* the table grid as node offsets, V */
    double g_round[2]; /* wire conductance of chain lines for the rounding
                        * floor (0 on merged or pinned lines), S */
    double curvature;  /* the cell table's curvature bound times the most
                        * cells on one node (N with a merged floating line,
                        * else 1), A/V^2 */
    double local_reach; /* half the table's smaller grid step, V: a cell
                         * moved by less stays within its patch's
                         * neighbours (near_curvatures) */
    /* cells at the initial guess (every row at the same point), per state */
    double init_cur[BSX_NSTATES], init_d_b[BSX_NSTATES], init_d_s[BSX_NSTATES];
    /* and their second-order terms: a cell whose terminals move by (db, ds)
     * from there departs from its linearisation by about
     * db (q_bb db + q_bs ds) + q_ss ds^2 (q_bb = I_bb / 2, q_bs = I_bs,
     * q_ss = I_ss / 2; column_chain.c, second_order_step) */
    double init_q_bb[BSX_NSTATES], init_q_bs[BSX_NSTATES];
    double init_q_ss[BSX_NSTATES];
    /* per-row constants: [2i + line] */
    double *lo, *up;   /* wire couplings to rows i-1 / i+1, 0 in pinned rows */
    double *g_diag;    /* conductance from the node to its neighbours/end */
    double *g_row;     /* g_diag + lo + up (free nodes) or 1 (pinned): the
                        * wires' part of the Jacobian's absolute row sum */
    unsigned char *pinned; /* 1: the node is fixed (identity row) */
    /* per-solve scratch */
    unsigned char *state;    /* [n] BSX_STATE of each row */
    /* Node voltages are kept as offsets u from pin_v (b = V_drv + u_b,
     * s = 0 + u_s): IR drops are small numbers, so wire currents G * du stay
     * exact to rounding even for tiny R, where G * ulp(V_drv) would not. */
    double *u[2];            /* [n] node voltage offsets of each line, V */
    double *cur, *d_b, *d_s; /* [n] cell current and partial derivatives */
    double *diag, *inv;      /* [4n] */
    double *x;               /* [2n * (1 + n_border)]: step, border columns */
    double *z;               /* [2n] the inverse bound's test vector
                              * (column_chain.c, certify) */
    double *e_row;           /* [2n * n_border] border rows */
    char err[BSX_ERRLEN];
};

static inline double column_max(double a, double b) { return a > b ? a : b; }
static inline double column_min(double a, double b) { return a < b ? a : b; }

/* Newton loops: from the initial guess in col->u until the stopping rule of
 * column.h holds (then col->u = x_k + d_k, col->x and z hold d_k, col->cur
 * and derivatives the linearisation at x_k) or max_iter is spent. Return
 * BSX_OK, BSX_ENOCONV or BSX_ERANGE with col->err set. */
int column_chain_iterate(bsx_column *col, const bsx_solve_options *opts,
                         bsx_solve_stats *stats);
int column_border_iterate(bsx_column *col, const bsx_solve_options *opts,
                          bsx_solve_stats *stats, double z[2]);

/* Newton step of node i of line k (chain component or border unknown). */
static inline double column_step_of(const bsx_column *col, int k, int i,
                                    const double z[2])
{
    if (col->kind[k] == LINE_CHAIN)
        return col->x[2 * i + k];
    return col->kind[k] == LINE_MERGED ? z[col->border[k]] : 0.0;
}

/* Rounding floor of the KCL residual: a node offset u is known to an ulp,
 * and a wire of conductance G turns that into G * ulp(u) of current; the
 * end resistances see offsets that are themselves small, so their rounding
 * stays within eps of the currents (scale). max_offset[k]: max |u| of line
 * k. */
static inline double column_residual_floor(const bsx_column *col,
                                           const double max_offset[2],
                                           double scale)
{
    const double eps = 2.220446049250313e-16;
    double wires = column_max(col->g_round[0] * max_offset[0],
                              col->g_round[1] * max_offset[1]);
    return 16.0 * eps * (wires + scale);
}

/* Verdicts of the stopping rule. */
enum {
    COLUMN_ITERATE = 0,    /* take the (damped) step and go on */
    COLUMN_ACCEPT = 1,     /* converged: x_k + d_k is the answer */
    COLUMN_UNRESOLVED = 2  /* the step has settled but the rounding floor
                            * exceeds the tolerance: doubles cannot resolve
                            * the wire currents (tiny wire resistance) */
};

/* How far the KCL residual can be from zero after the Newton step d_k, A:
 * the step solves the linearised equations, so what is left at x_k + d_k is
 * the cells' departure from their linearisation, at most C step^2 / 2 per
 * cell (C the table's curvature bound, cell_table_nodes.h) times the cells
 * on a node (one on a chain node, all N on a merged line's node:
 * col->curvature has that factor), plus the step's rounding, which the
 * floor covers. */
static inline double column_linearisation_error(const bsx_column *col,
                                                double step)
{
    return 0.5 * col->curvature * step * step;
}

/* The acceptance rule, stated once for every engine (the scalar ones here
 * and any batched one): a solve is accepted only when the Newton step is
 * <= tol_v and the KCL residual is <= tol_rel_i * scale + floor, where the
 * rounding floor itself is <= tol_rel_i * scale (so an accepted residual is
 * never above twice the tolerance; a floor larger than that means the
 * residual cannot be checked, and the answer is refused), and when the
 * residual left after the step (lin, column_linearisation_error) is <=
 * tol_rel_i * scale: so the point returned, x_k + d_k, keeps the rule too,
 * proved rather than measured (tb/test_column.c,
 * accepted_solutions_pass_the_stopping_rule_where_returned, checks it).
 * scale = sum of |cell current|, A; floor from column_residual_floor, A. */
static inline int column_accept(const bsx_solve_options *opts, double resid,
                                double step, double scale, double floor,
                                double lin)
{
    double tol_i = opts->tol_rel_i * scale;
    if (!(step <= opts->tol_v))
        return COLUMN_ITERATE;
    if (!(floor <= tol_i))
        return COLUMN_UNRESOLVED;
    return resid <= tol_i + floor && lin <= tol_i ? COLUMN_ACCEPT
                                                  : COLUMN_ITERATE;
}

/* The second way to accept (chain engines: the scalar column_chain.c and
 * the batch), for steps above tol_v or a residual at x_k above the
 * tolerance: a proof that x_k + d_k is within tol_v of a solution. It
 * usually saves the last Newton iteration, whose only use under the first
 * way is to show that the step has become small.
 *
 * beta bounds ||J_k^-1|| (infinity norm; J_k the Jacobian just factorised,
 * as computed), norm is ||J_k||. beta comes from an M-matrix certificate
 * (column_chain.c, certify): with D = -1 on free nodes and +1 on
 * pinned ones, M = D J_k has non-positive off-diagonal entries whenever
 * every cell has I_b >= 0 >= I_s (wires and cells as conductances), and a
 * vector z > 0 with M z >= c > 0 (checked with the rounding of the product
 * taken off c) makes M a nonsingular M-matrix with M^-1 >= 0, so
 * ||J_k^-1|| = ||M^-1|| = max_i (M^-1 1)_i <= max z / c.
 *
 * From there, with C = col->curvature the Lipschitz constant of the
 * Jacobian in the infinity norm (a cell's row of the Jacobian holds I_b and
 * I_s, which move by at most C delta when the node voltages move by delta:
 * cell_table_nodes.h; the wires are linear):
 *   ||J(x_k + d_k)^-1|| <= beta' = beta / (1 - beta (C |d_k| + 64 eps norm))
 *   (64 eps norm: the rounding of the Jacobian's entries, an allowance far
 *   above the few ulps of each entry's arithmetic);
 *   ||J(x_k + d_k)^-1 F(x_k + d_k)|| <= eta = beta' rho, rho the residual
 *   bound at x_k + d_k (column_cell_residual's largest, plus the rounding
 *   floor);
 *   h = beta' C eta <= 1/2: Kantorovich's theorem puts a solution of the
 *   (table's) circuit within (1 - sqrt(1 - 2h)) / (beta' C) <= 2 eta of
 *   x_k + d_k.
 * Returns 2 eta, V, or INFINITY when a condition fails. */
static inline double column_error_bound(const bsx_column *col, double beta,
                                        double norm, double step, double rho)
{
    const double eps = 2.220446049250313e-16;
    double c = col->curvature;
    double drift = beta * (c * step + 64.0 * eps * norm);
    if (!(drift < 1.0))
        return INFINITY;
    double beta1 = beta / (1.0 - drift);
    double eta = beta1 * rho;
    double h = beta1 * c * eta;
    return h <= 0.5 ? 2.0 * eta : INFINITY;
}

/* Bound on one cell's departure from its linearisation at x_k after its
 * terminals moved by at most d, A: C d^2 / 2 with C the curvature bound of
 * its patch and the patch's neighbours (near, cell_table_nodes.h) when d
 * is below col->local_reach, else of the whole table. */
static inline double column_cell_residual(const bsx_column *col, double near,
                                          double d)
{
    return 0.5 * (d < col->local_reach ? near : col->curvature) * d * d;
}

/* Whether an iteration column_accept left at COLUMN_ITERATE goes to the
 * second way (one more pass: certify; its test vector is solved in the
 * iteration's own passes from the second on): not the first iteration (a
 * step from the initial guess is never that small), and a rounding floor
 * within the tolerance. */
static inline int column_may_certify(const bsx_solve_options *opts, int iter,
                                     double scale, double floor)
{
    return iter >= 2 && floor <= opts->tol_rel_i * scale;
}

/* The second way's verdict: the residual at x_k + d_k is proved within
 * tol_rel_i * scale (rho, node by node, plus the rounding floor: <= twice
 * the tolerance, as in column_accept) and the point within tol_v of a
 * solution (column_error_bound). */
static inline int column_certified(const bsx_column *col,
                                   const bsx_solve_options *opts, double beta,
                                   double norm, double step, double rho,
                                   double floor, double scale, double *bound)
{
    *bound = column_error_bound(col, beta, norm, step, rho + floor);
    return rho <= opts->tol_rel_i * scale && *bound <= opts->tol_v;
}

/* One iteration's bookkeeping for the scalar engines: records it in stats,
 * sets *alpha to the damping that limits the step to max_step and returns
 * the verdict of column_accept. */
static inline int column_converged(const bsx_column *col,
                                   const bsx_solve_options *opts, int iter,
                                   double resid, double step, double scale,
                                   const double max_offset[2],
                                   bsx_solve_stats *stats, double *alpha)
{
    double floor = column_residual_floor(col, max_offset, scale);
    double lin = column_linearisation_error(col, step);
    stats->iterations = iter;
    stats->residual = resid;
    stats->residual_bound = lin + floor;
    stats->last_step = step;
    stats->voltage_bound = INFINITY;
    *alpha = step > opts->max_step ? opts->max_step / step : 1.0;
    return column_accept(opts, resid, step, scale, floor, lin);
}

/* A cell's second-order term after its terminals moved by (db, ds) from
 * the initial guess (state s; column_chain.c, second_order_step). */
static inline double column_second_order_term(const bsx_column *col, int s,
                                              double db, double ds)
{
    return bsx_madd(db, bsx_madd(col->init_q_bb[s], db, col->init_q_bs[s] * ds),
                    col->init_q_ss[s] * ds * ds);
}

/* Whether the first step gets its second-order term at all
 * (column_chain.c, second_order_step): when the largest cell term q is
 * more than 1/128 of the largest KCL residual at the initial guess (what
 * the step answers to first order). Only speed depends on it: measured
 * with bsxsim column on random columns (wl, w bits 1 with probability 1/2,
 * 64 rows), the SRAM columns that need a third iteration without the term
 * have q above 0.0098 of the residual, and the M6 ones stay below 0.0043;
 * below the gate the term would cost a pass and save nothing. */
static inline int column_second_order(double max_q, double resid)
{
    return max_q > resid * (1.0 / 128.0);
}

/* Whether the first iteration's second-order term gets a second pass
 * (column_chain.c, second_order_step): when the first correction is more
 * than 1/64 of the Newton step (corr, step: their largest components).
 * Only speed depends on it: measured with bsxsim column on random columns
 * (wl, w bits 1 with probability 1/2, 64 rows), the 2 uA M3 presets' columns
 * that one pass leaves at a third Newton iteration (a sixth of them) have a
 * ratio of 0.022 or more, and the M6 and ReRAM presets' stay below 0.004. */
static inline int column_second_pass(double corr, double step)
{
    return corr > step * (1.0 / 64.0);
}

/* The refusal of a chain wire too small for doubles next to its line's end
 * resistance: its currents resolve only to rel_floor of the column current,
 * above tol_rel_i. BSX_ERANGE. */
static inline int column_wire_too_small(bsx_column *col,
                                        const bsx_solve_options *opts, int k,
                                        double rel_floor)
{
    snprintf(col->err, BSX_ERRLEN, "column: %s = %g Ohm is too small for "
             "doubles next to %s = %g Ohm: its wire currents resolve only to "
             "%.2g of the column current, above tol_rel_i %g (use 0 for an "
             "ideal wire)", k == LINE_B ? "r_bl" : "r_sl",
             k == LINE_B ? col->c.r_bl : col->c.r_sl,
             k == LINE_B ? "r_drv" : "r_sink",
             k == LINE_B ? col->c.r_drv : col->c.r_sink, rel_floor,
             opts->tol_rel_i);
    return BSX_ERANGE;
}

/* The message for an unresolved solve (COLUMN_UNRESOLVED): BSX_ERANGE. */
static inline int column_unresolved(bsx_column *col,
                                    const bsx_solve_options *opts,
                                    double scale, const double max_offset[2])
{
    int k = col->g_round[LINE_B] * max_offset[LINE_B]
                    >= col->g_round[LINE_S] * max_offset[LINE_S]
                ? LINE_B
                : LINE_S;
    return column_wire_too_small(col, opts, k,
                                 column_residual_floor(col, max_offset, scale)
                                     / scale);
}

/* The message for a loop that ran out of iterations: BSX_ERANGE when the
 * last step was clipped at the grid by more than tol_v, else BSX_ENOCONV. */
static inline int column_no_convergence(bsx_column *col,
                                        const bsx_solve_options *opts,
                                        const bsx_solve_stats *stats,
                                        double clipped, int clip_row,
                                        int clip_line)
{
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

#endif
