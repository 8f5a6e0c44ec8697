/* Inside view of a cell table, shared by the files that build, load, save
 * and evaluate it (models/cell_table*.c) and by the column solver's inner
 * loop, which evaluates patches without the public call's checks. */
#ifndef BSX_CELL_TABLE_NODES_H
#define BSX_CELL_TABLE_NODES_H

#include "cell_table.h"

/* Node data per grid point: value, dI/dVb, dI/dVs, d2I/dVbdVs. */
enum { BSX_NODE_F, BSX_NODE_FB, BSX_NODE_FS, BSX_NODE_FBS, BSX_NODE_LEN };
/* Polynomial coefficients per patch: a[i*4+j] multiplies u^i v^j, with u, v
 * the patch-local coordinates in [0, 1] along vb and vs. */
#define BSX_PATCH_LEN 16

struct bsx_cell_table {
    bsx_grid grid;
    double h_b, h_s;         /* grid steps, V */
    double inv_h_b, inv_h_s; /* 1 / step */
    double *nodes;           /* [state][i_b][i_s][BSX_NODE_LEN] */
    double *patches;         /* [state][i_b][i_s][BSX_PATCH_LEN], n-1 per axis */
};

/* Index of node (i_b, i_s) of `state` in t->nodes, in units of nodes. */
static inline size_t bsx_cell_table_node(const bsx_grid *g, int state,
                                         int i_b, int i_s)
{
    return ((size_t)state * (size_t)g->n_b + (size_t)i_b) * (size_t)g->n_s
           + (size_t)i_s;
}

/* Checks the grid: finite bounds, max > min, >= 4 points per axis. Returns a
 * status and writes the problem to err (BSX_ERRLEN bytes) if not NULL. */
int bsx_cell_table_check_grid(const bsx_grid *grid, char *err);

/* Makes a table from node data (ownership of `nodes`, allocated with malloc,
 * passes to the table, also on failure). */
int bsx_cell_table_from_nodes(const bsx_grid *grid, double *nodes,
                              bsx_cell_table **out);

/* Fills the derivative fields of `nodes` from their values by 5-point
 * (4 at 4-point axes) Lagrange differentiation on the grid. */
void bsx_cell_table_differentiate(const bsx_grid *grid, double *nodes);

#endif
