/* I_ON / I_HRS calibration of a bitcell at the nominal read bias
 * (V_b = v_read, V_s = 0): the 8T-SRAM read-port gate voltage (V_DD tuning)
 * and the ReRAM LRS / HRS tunnelling gaps, each solved by bisection on a
 * quantity the cell current is monotone in. */
#ifndef BSX_CALIBRATE_H
#define BSX_CALIBRATE_H

#include "cell.h"

/* Sets cell->v_wl_on = cell->v_q_on = V_g so that state (1, 1) passes
 * `target` A. BSX_EINVAL with a line in err (BSX_ERRLEN) when no gate
 * voltage in [0, 1.5] V reaches it. */
int bsx_calibrate_sram_gate(bsx_cell *cell, double v_read, double target,
                            char *err);

/* Sets cell->gap_lrs_m (w = 1) or cell->gap_hrs_m (w = 0) so that state
 * (1, w) passes `target` A with the access FET at cell->v_wl_on. BSX_EINVAL
 * when no gap in [0, 3] nm reaches it. */
int bsx_calibrate_reram_gap(bsx_cell *cell, int w, double v_read, double target,
                            char *err);

#endif
