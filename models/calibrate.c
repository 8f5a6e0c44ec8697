/* Calibration by bisection: the ON current rises monotonically with the gate
 * voltage and falls monotonically with the gap, so bisection to the
 * resolution of a double always finds the unique solution. */
#include "calibrate.h"

#include <stdio.h>

#include "bsx_status.h"
#include "cell_table.h"

/* Which cell parameter a bisection moves. */
enum knob { KNOB_SRAM_GATE, KNOB_GAP_LRS, KNOB_GAP_HRS };

static void set_knob(bsx_cell *cell, enum knob knob, double value)
{
    if (knob == KNOB_SRAM_GATE)
        cell->v_wl_on = cell->v_q_on = value;
    else if (knob == KNOB_GAP_LRS)
        cell->gap_lrs_m = value;
    else
        cell->gap_hrs_m = value;
}

/* Current of `state` at the read bias with the knob at value. */
static int current_at(bsx_cell *cell, enum knob knob, int state, double v_read,
                      double value, double *current)
{
    set_knob(cell, knob, value);
    return bsx_cell_current(cell, state, v_read, 0.0, current, NULL);
}

/* Finds value in [lo, hi] where the current equals target; `rising` says
 * whether the current increases with the value. */
static int bisect(bsx_cell *cell, enum knob knob, int state, double v_read,
                  double target, double lo, double hi, int rising,
                  const char *what, char *err)
{
    double i_lo, i_hi;
    int st = current_at(cell, knob, state, v_read, lo, &i_lo);
    if (st == BSX_OK)
        st = current_at(cell, knob, state, v_read, hi, &i_hi);
    if (st != BSX_OK) {
        snprintf(err, BSX_ERRLEN, "calibration of %s: cell model did not converge",
                 what);
        return st;
    }
    double i_min = rising ? i_lo : i_hi, i_max = rising ? i_hi : i_lo;
    if (!(target > i_min && target < i_max)) {
        snprintf(err, BSX_ERRLEN,
                 "calibration of %s: target %.4g A is outside the reachable "
                 "%.4g .. %.4g A at v_read %.4g V",
                 what, target, i_min, i_max, v_read);
        return BSX_EINVAL;
    }
    for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
        double mid = 0.5 * (lo + hi), i_mid;
        st = current_at(cell, knob, state, v_read, mid, &i_mid);
        if (st != BSX_OK) {
            snprintf(err, BSX_ERRLEN,
                     "calibration of %s: cell model did not converge", what);
            return st;
        }
        if ((i_mid < target) == (rising != 0))
            lo = mid;
        else
            hi = mid;
    }
    set_knob(cell, knob, 0.5 * (lo + hi));
    return BSX_OK;
}

int bsx_calibrate_sram_gate(bsx_cell *cell, double v_read, double target,
                            char *err)
{
    return bisect(cell, KNOB_SRAM_GATE, BSX_STATE(1, 1), v_read, target, 0.0, 1.5,
                  1, "the 8T-SRAM gate voltage (i_on_target)", err);
}

int bsx_calibrate_reram_gap(bsx_cell *cell, int w, double v_read, double target,
                            char *err)
{
    return bisect(cell, w ? KNOB_GAP_LRS : KNOB_GAP_HRS, BSX_STATE(1, w), v_read,
                  target, 0.0, 3e-9, 0,
                  w ? "the ReRAM LRS gap (i_on_target)"
                    : "the ReRAM HRS gap (i_hrs_target)",
                  err);
}
