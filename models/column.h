/* Kirchhoff solver for one crossbar column (DESIGN.md section 3):
 *
 *   V_drv -R_drv- b1 -R_bl- b2 ... bN        bitline
 *                 |         |      |
 *               cell1     cell2  cellN       nonlinear, from a cell table
 *                 |         |      |
 *                 s1 -R_sl- s2 ... sN -R_sink- 0 V   (far-end sink, default)
 *
 * Newton-Raphson on KCL at the 2N nodes with an O(N) banded elimination per
 * iteration. All resistances >= 0; zero resistances are handled exactly. */
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
    double tol_v;    /* stop when max |dV| < tol_v (V) ... */
    double tol_rel_i;/* ... and max KCL residual < tol_rel_i * column current */
    int max_iter;
} bsx_solve_options;

typedef struct {
    int iterations;   /* Newton iterations used */
    double residual;  /* max |KCL residual| at the end, A */
} bsx_solve_stats;

typedef struct bsx_column bsx_column;

/* Fills opts with the defaults the validation is done with. */
void bsx_solve_defaults(bsx_solve_options *opts);

/* Creates a solver (owns its scratch; not shared between threads). The table
 * is borrowed and must outlive the solver. err: BSX_ERRLEN bytes. */
int bsx_column_create(const bsx_column_circuit *c, const bsx_cell_table *cells,
                      bsx_column **out, char *err);

/* Solves one column. wl[rows], w[rows] in {0,1}. *current: current into the
 * sink (op-amp), A. v_b, v_s: node voltages [rows] or NULL. Non-convergence
 * returns BSX_ENOCONV, never an answer. */
int bsx_column_solve(bsx_column *col, const unsigned char *wl,
                     const unsigned char *w, const bsx_solve_options *opts,
                     double *current, bsx_solve_stats *stats, double *v_b,
                     double *v_s);

void bsx_column_destroy(bsx_column *col);

#endif
