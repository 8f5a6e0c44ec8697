/* Kirchhoff solver for one crossbar column (docs/design.md section 3):
 *
 *   V_drv -R_drv- b1 -R_bl- b2 ... bN        bitline
 *                 |         |      |
 *               cell1     cell2  cellN       nonlinear, from a cell table
 *                 |         |      |
 *                 s1 -R_sl- s2 ... sN -R_sink- 0 V   (far-end sink, default)
 *
 * Newton-Raphson on KCL at the 2N nodes with an O(N) 2x2-block tridiagonal
 * elimination per iteration. All resistances >= 0; zero resistances are
 * handled exactly: a zero end resistance pins its node (R_drv = 0: b1 = V_drv;
 * R_sink = 0: the sink node is at 0 V), a zero wire resistance merges the
 * line's N nodes into one node (floating unless its end resistance is zero
 * too), which the elimination carries as a border unknown. (Doubles resolve
 * the current of a wire of resistance R only to G * ulp(node offset): use 0,
 * not 1e-9 Ohm, for an ideal wire.)
 *
 * Stopping rule (column_accept in column_state.h, one rule for every
 * engine): at iterate x_k the solver computes the KCL residual F(x_k) and
 * the full Newton step d_k. It stops when max |d_k| <= tol_v and
 * max |F(x_k)| <= tol_rel_i * sum|I_cell| plus a rounding floor (16 eps
 * (max G_wire |u| + sum|I_cell|), u the node voltages as offsets from V_drv
 * on the bitline and from 0 V on the source line, which is how the solver
 * keeps them so that IR drops stay exact), and when the residual left at
 * x_k + d_k, which it returns, is proved to be within tol_rel_i *
 * sum|I_cell| too: the step solves the linearised equations, so what is
 * left is the cells' departure from their linearisation, at most C |d_k|^2
 * / 2 per cell with C the cell table's curvature bound (max of |I_bb| +
 * 2 |I_bs| + |I_ss|), times N on a merged line's node, plus rounding. Checking the bound costs nothing; an
 * evaluation at the returned point would cost a fourth pass per solve. The
 * point's error is of order |d_k|^2 by Newton's quadratic convergence
 * (stats: residual at x_k, residual_bound at x_k + d_k). The floor
 * itself must stay <= tol_rel_i * sum|I_cell|: a wire resistance so small
 * next to its line's end resistance that doubles cannot resolve its
 * currents (about r_wire < 16 eps r_end / tol_rel_i, e.g. 1e-9 Ohm next to
 * 100 Ohm) is refused with BSX_ERANGE, never answered. Steps are scaled to
 * at most max_step and clipped to the cell table's grid, so Newton never
 * leaves it. The start is V_drv on every bitline node and 0 V on every
 * source-line node. On chain lines (every preset) the first step, when
 * taken whole and where it matters (large IR drops), also gets its
 * second-order term: the cells' quadratic departure from their
 * linearisation at the start, from the table's Hessian there, solved with
 * the same factorisation (one or two passes, no table lookups;
 * column_chain.c, second_order_step). It leaves the second iterate a
 * third-order error instead of a second-order one; only the number of
 * iterations depends on it, not what is accepted.
 *
 * A second way to stop (chain lines, every preset; column_state.h,
 * column_error_bound): from the second iteration on, x_k + d_k is accepted
 * when it is proved within tol_v of a solution and its KCL residual proved
 * within tol_rel_i * sum|I_cell|, however large d_k: the residual bound
 * uses the curvature of each cell's own patch and its neighbours, an
 * M-matrix certificate bounds ||J^-1||, and Kantorovich's theorem turns the
 * two into the distance to the solution (stats->voltage_bound). It saves
 * the last iteration of the first way, whose only use is to show that the
 * step has become small: with the second-order first step, every preset
 * converges in 2 iterations at 64 rows instead of 3-4, with currents within
 * about 1e-6 relative of a tight solve instead of about 1e-12
 * (tb/test_column.c checks the first; the preset key solver_tol_v, or a
 * lower tol_v here, buys the second back).
 *
 * The column current is the current into the sink: s_sink / R_sink, or with
 * R_sink = 0 the wire and cell currents into the pinned sink node (cell
 * currents linearised along the final step). */
#ifndef BSX_COLUMN_H
#define BSX_COLUMN_H

#include "cell_table.h"

typedef struct {
    int rows;          /* N >= 1 */
    double v_drv;      /* driver voltage, V */
    double r_drv;      /* driver resistance, Ohm */
    double r_bl;       /* bitline wire resistance per cell, Ohm */
    double r_sl;       /* source-line wire resistance per cell, Ohm */
    double r_sink;     /* residual sink resistance, Ohm */
    int sink_same_end; /* 0: sink at row N (default), 1: at row 1 */
} bsx_column_circuit;

typedef struct {
    double tol_v;     /* stop when the Newton step max |dV| <= tol_v (V) ... */
    double tol_rel_i; /* ... and max KCL residual <= tol_rel_i * sum|I_cell| */
    double max_step;  /* largest node-voltage change per iteration, V */
    int max_iter;     /* Newton iterations (Jacobian solves) allowed */
} bsx_solve_options;

typedef struct {
    int iterations;   /* Newton iterations (Jacobian solves) used */
    double residual;  /* max |KCL residual| at the last linearisation, A */
    double residual_bound; /* bound on max |KCL residual| at the point
                            * returned, A: curvature * last_step^2 / 2 plus
                            * the rounding floor (column_state.h) */
    double last_step; /* max |dV| of the last Newton step, V */
    double voltage_bound; /* proved bound on max |V - V*| at the point
                           * returned, V*: a solution of the circuit; INFINITY
                           * when the step rule accepted (no bound proved) */
} bsx_solve_stats;

typedef struct bsx_column bsx_column;

/* Fills opts with the defaults the validation is done with: tol_v 1e-7 V,
 * tol_rel_i 1e-6, max_step 0.1 V, max_iter 50 (tb/test_column.c asserts
 * every node within tol_v and the current within 1e-6 relative of a
 * tol_v = 1e-14 solve; measured 6.7e-8). */
void bsx_solve_defaults(bsx_solve_options *opts);

/* Creates a solver (owns its scratch; not shared between threads). The table
 * is borrowed and must outlive the solver. err: BSX_ERRLEN bytes. */
int bsx_column_create(const bsx_column_circuit *c, const bsx_cell_table *cells,
                      bsx_column **out, char *err);

/* Solves one column. wl[rows], w[rows] in {0,1}. *current: current into the
 * sink (op-amp), A. v_b, v_s: node voltages [rows] or NULL; stats may be
 * NULL. Non-convergence returns BSX_ENOCONV (BSX_ERANGE when the solution
 * leaves the table grid or a wire is below what doubles resolve), never an
 * answer; bsx_column_error says why. */
int bsx_column_solve(bsx_column *col, const unsigned char *wl,
                     const unsigned char *w, const bsx_solve_options *opts,
                     double *current, bsx_solve_stats *stats, double *v_b,
                     double *v_s);

/* One line describing the last failure of bsx_column_solve on col. */
const char *bsx_column_error(const bsx_column *col);

void bsx_column_destroy(bsx_column *col);

#endif
