/* Inside view of a column solver, shared by the public entry points
 * (column.c) and its two Newton engines: column_chain.c for lines that are
 * chains or pinned (no border unknowns: the fast path every preset takes)
 * and column_border.c for merged floating lines (zero wire resistance with a
 * non-zero end resistance). */
#ifndef BSX_COLUMN_STATE_H
#define BSX_COLUMN_STATE_H

#include <stdio.h>

#include "bsx_status.h"
#include "column.h"

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
    /* cells at the initial guess (every row at the same point), per state */
    double init_cur[BSX_NSTATES], init_d_b[BSX_NSTATES], init_d_s[BSX_NSTATES];
    /* per-row constants: [2i + line] */
    double *lo, *up;   /* wire couplings to rows i-1 / i+1, 0 in pinned rows */
    double *g_diag;    /* conductance from the node to its neighbours/end */
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
    double *e_row;           /* [2n * n_border] border rows */
    char err[BSX_ERRLEN];
};

static inline double column_max(double a, double b) { return a > b ? a : b; }

/* Newton loops: from the initial guess in col->u until the stopping rule of
 * column.h holds at col->u (col->cur and derivatives are the cells there) or
 * max_iter Newton steps are spent. Return BSX_OK, BSX_ENOCONV or BSX_ERANGE
 * with col->err set. */
int column_chain_iterate(bsx_column *col, const bsx_solve_options *opts,
                         bsx_solve_stats *stats);
int column_border_iterate(bsx_column *col, const bsx_solve_options *opts,
                          bsx_solve_stats *stats);

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
    COLUMN_ACCEPT = 1,     /* converged: x_k, whose residual was checked, is
                            * the answer */
    COLUMN_UNRESOLVED = 2  /* the point has settled but the rounding floor
                            * exceeds the tolerance: doubles cannot resolve
                            * the wire currents (tiny wire resistance) */
};

/* The acceptance rule, stated once for every engine (the scalar ones here
 * and any batched one), checked at the point x_k it returns: x_k is
 * accepted only when the move into it (alpha |d_{k-1}|, the full or damped
 * Newton step that produced it) was <= tol_v and its own KCL residual
 * F(x_k) is <= tol_rel_i * scale + floor, where the rounding floor itself
 * is <= tol_rel_i * scale (so an accepted residual is never above twice the
 * tolerance; a floor larger than that means the residual cannot be
 * checked, and the answer is refused). moved: +inf at the initial guess.
 * scale = sum of |cell current| at x_k, A; floor from column_residual_floor,
 * A. */
static inline int column_accept(const bsx_solve_options *opts, double resid,
                                double moved, double scale, double floor)
{
    double tol_i = opts->tol_rel_i * scale;
    if (!(moved <= opts->tol_v))
        return COLUMN_ITERATE;
    if (!(floor <= tol_i))
        return COLUMN_UNRESOLVED;
    return resid <= tol_i + floor ? COLUMN_ACCEPT : COLUMN_ITERATE;
}

/* The rule at x_k for the scalar engines: records the residual in stats and
 * returns the verdict of column_accept. steps: Newton steps taken so far. */
static inline int column_converged(const bsx_column *col,
                                   const bsx_solve_options *opts, int steps,
                                   double resid, double moved, double scale,
                                   const double max_offset[2],
                                   bsx_solve_stats *stats)
{
    stats->iterations = steps;
    stats->residual = resid;
    return column_accept(opts, resid, moved, scale,
                         column_residual_floor(col, max_offset, scale));
}

/* The damping alpha that limits a Newton step of largest component step
 * to max_step; the move into the next point is alpha * step. */
static inline double column_damping(const bsx_solve_options *opts,
                                    double step)
{
    return step > opts->max_step ? opts->max_step / step : 1.0;
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
