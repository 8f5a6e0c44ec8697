/* Bitcell current tables: I = f_state(V_b, V_s) for the four (wl, w) states
 * of a cell, on a regular voltage grid, interpolated with C1-smooth bicubic
 * Hermite patches so that Newton's method sees continuous derivatives.
 *
 * Tables are built from a device-model callback (models/cell.c) or loaded
 * from the plain-text CSV format documented in README.md. Current is from the
 * bitline terminal b to the source-line terminal s, in amperes. */
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
    int n_b, n_s; /* >= 4 each */
} bsx_grid;

/* Device-model callback: current for `state` at (vb, vs). Returns a status. */
typedef int (*bsx_cell_fn)(void *ctx, int state, double vb, double vs,
                           double *current);

/* Builds a table by sampling fn on grid (values and the derivatives the
 * Hermite patches need). */
int bsx_cell_table_build(bsx_cell_fn fn, void *ctx, const bsx_grid *grid,
                         bsx_cell_table **out);

/* Loads a table from CSV; on failure writes one line naming path, line and
 * problem to err (BSX_ERRLEN bytes) and returns BSX_EFORMAT or BSX_EIO. */
int bsx_cell_table_load_csv(const char *path, bsx_cell_table **out, char *err);

/* Writes the table's grid samples as CSV (the same format load accepts). */
int bsx_cell_table_save_csv(const bsx_cell_table *t, const char *path,
                            char *err);

/* Interpolated current and partial derivatives for one state. Outside the
 * grid it returns BSX_ERANGE (the solver turns that into a clear error). */
int bsx_cell_table_eval(const bsx_cell_table *t, int state, double vb,
                        double vs, double *current, double *di_dvb,
                        double *di_dvs);

const bsx_grid *bsx_cell_table_grid(const bsx_cell_table *t);

void bsx_cell_table_destroy(bsx_cell_table *t);

#endif
