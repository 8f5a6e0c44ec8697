/* Bitcell current tables: I = f_state(V_b, V_s) for the four (wl, w) states
 * of a cell, on a regular voltage grid, interpolated with C1-smooth bicubic
 * Hermite patches so that Newton's method sees continuous derivatives.
 * Current is from the bitline terminal b to the source-line terminal s, in
 * amperes; voltages in volts.
 *
 * Node data of the patches: the value, dI/dVb, dI/dVs and d2I/dVbdVs at every
 * grid point. Built tables take the slopes from the device callback by
 * central differences with a step of 1/256 of the grid step (5 calls per
 * node) and the cross derivative by differentiating dI/dVs along vb on the
 * grid (5-point Lagrange, below); loaded tables take them
 * from the file when it has the derivative columns, otherwise from the grid
 * values (derivative of the 5-point Lagrange polynomial around the node, one-
 * sided at the edges, 4 points when an axis has only 4), so that any table
 * reproduces bicubic polynomials exactly.
 *
 * CSV format (what load accepts and save writes):
 *   - lines starting with '#' (after optional blanks) and blank lines are
 *     ignored; fields are separated by commas, blanks around them allowed;
 *   - the first other line is the header, exactly
 *       state,vb,vs,current
 *     or, with node derivatives,
 *       state,vb,vs,current,di_dvb,di_dvs,d2i_dvbdvs
 *   - then one line per grid point and state, in any order: state is the
 *     integer (wl << 1) | w in 0..3, vb and vs in volts, current in amperes
 *     (derivatives in A/V and A/V^2); all values finite;
 *   - the grid is the full regular grid, the same for all four states: every
 *     (vb, vs) combination present exactly once per state, at least 4 points
 *     per axis, at most 2^20 points per state, spacing uniform to 1e-4 of
 *     the step.
 * Errors name path:line and the problem. */
#ifndef BSX_CELL_TABLE_H
#define BSX_CELL_TABLE_H

#include <stddef.h>

/* State index of a cell: (wl << 1) | w, so 0 = (0,0) ... 3 = (1,1). */
#define BSX_STATE(wl, w) ((((wl) & 1) << 1) | ((w) & 1))
#define BSX_NSTATES 4

typedef struct bsx_cell_table bsx_cell_table;

/* Regular grid: n_b points from vb_min to vb_max, n_s from vs_min to vs_max. */
typedef struct {
    double vb_min, vb_max;
    double vs_min, vs_max;
    int n_b, n_s; /* >= 4 each, n_b * n_s <= 2^20 */
} bsx_grid;

/* Device-model callback: current for `state` at (vb, vs). Returns a status. */
typedef int (*bsx_cell_fn)(void *ctx, int state, double vb, double vs,
                           double *current);

/* Builds a table by sampling fn on grid (values, and slopes by central
 * differences). Returns BSX_EINVAL for a bad grid, fn's status if it fails,
 * BSX_ERANGE if fn returns a non-finite current. */
int bsx_cell_table_build(bsx_cell_fn fn, void *ctx, const bsx_grid *grid,
                         bsx_cell_table **out);

/* Loads a table from CSV; on failure writes one line naming path, line and
 * problem to err (BSX_ERRLEN bytes) and returns BSX_EFORMAT or BSX_EIO. */
int bsx_cell_table_load_csv(const char *path, bsx_cell_table **out, char *err);

/* Writes the table's grid samples and node derivatives as CSV (the format
 * load accepts) to path.tmp, then renames it to path. */
int bsx_cell_table_save_csv(const bsx_cell_table *t, const char *path,
                            char *err);

/* Interpolated current and partial derivatives for one state (di_dvb and
 * di_dvs may be NULL). Outside the grid (or NaN) it returns BSX_ERANGE. */
int bsx_cell_table_eval(const bsx_cell_table *t, int state, double vb,
                        double vs, double *current, double *di_dvb,
                        double *di_dvs);

const bsx_grid *bsx_cell_table_grid(const bsx_cell_table *t);

void bsx_cell_table_destroy(bsx_cell_table *t);

#endif
