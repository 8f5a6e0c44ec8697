/* Bitcell currents from the device models, for the two cell topologies the
 * presets use (notes agreed with the ngspice validation):
 *   8T-SRAM read port: b --NMOS(gate v_wl_on if wl)-- x --NMOS(gate v_q_on if w)-- s
 *   1T-1ReRAM:         b --ReRAM(gap_lrs if w, else gap_hrs)-- x --NMOS(gate v_wl_on if wl)-- s
 * Off gates are at 0 V. The internal node x is solved for every (V_b, V_s);
 * these are the functions the cell tables are sampled from. */
#ifndef BSX_CELL_H
#define BSX_CELL_H

#include "fet.h"
#include "reram.h"

enum bsx_cell_topology { BSX_CELL_SRAM_8T, BSX_CELL_RERAM_1T1R };

typedef struct {
    int topology;         /* enum bsx_cell_topology */
    bsx_fet_params fet;   /* every FET of the cell */
    double v_wl_on;       /* gate of the word-line device when wl = 1, V */
    double v_q_on;        /* 8T-SRAM: gate of the storage device when w = 1, V */
    bsx_reram_params reram;
    double gap_lrs_m, gap_hrs_m; /* 1T-1ReRAM gaps for w = 1 / w = 0, m */
} bsx_cell;

/* Current from b to s of a cell in `state` (BSX_STATE(wl, w)) at terminal
 * voltages vb, vs, A; the solved internal node in *vx (may be NULL).
 * Returns BSX_ENOCONV if the internal node does not converge. */
int bsx_cell_current(const bsx_cell *cell, int state, double vb, double vs,
                     double *current, double *vx);

/* The same, with Newton started at `guess` when it lies strictly between
 * vb and vs (NAN: no guess). Same answer, fewer iterations near a known
 * solution. */
int bsx_cell_current_from(const bsx_cell *cell, int state, double vb, double vs,
                          double guess, double *current, double *vx);

/* Table sampling context: the cell and the last solution, which starts the
 * next solve (the table builder samples neighbouring points in turn).
 * Initialise as {cell, -1, 0.0}. */
typedef struct {
    const bsx_cell *cell;
    int state;  /* state of the last solve, -1 for none */
    double vx;  /* its internal node */
} bsx_cell_sampler;

/* bsx_cell_fn adapter for bsx_cell_table_build: ctx is a bsx_cell_sampler. */
int bsx_cell_table_sample(void *ctx, int state, double vb, double vs,
                          double *current);

#endif
