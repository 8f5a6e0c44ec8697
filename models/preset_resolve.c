/* Resolution of a preset: the numbers derived from others (wire resistance
 * by basis and metal, per-cell resistances), the finite check, the cell
 * table grid, and the calibration of gate voltages or ReRAM gaps to the
 * ON/HRS targets with the currents and I_LSB that follow. */
#include "preset.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bsx_status.h"
#include "calibrate.h"
#include "cell_table.h"
#include "cell_table_nodes.h"
#include "preset_keys.h"

/* R per um of line (docs/parameters.md section 1), by basis and metal. The
 * size-effect values are the midpoints of the stated ranges. */
static double wire_r_per_um(int basis, int metal)
{
    static const double size_effect[] = {153.5, 63.5, 27.5};
    static const double orfs[] = {31.3, 18.0, 11.9};
    int m = metal == 3 ? 0 : metal == 4 ? 1 : 2;
    return basis == BSX_WIRE_ORFS ? orfs[m] : size_effect[m];
}

void bsx_preset_cell(const bsx_preset *p, bsx_cell *out)
{
    memset(out, 0, sizeof(*out));
    out->topology = p->tech == BSX_TECH_SRAM ? BSX_CELL_SRAM_8T : BSX_CELL_RERAM_1T1R;
    out->fet = p->fet;
    out->v_wl_on = p->v_wl_on;
    out->v_q_on = p->v_q_on;
    out->reram = p->reram;
    out->gap_lrs_m = p->gap_lrs_m;
    out->gap_hrs_m = p->gap_hrs_m;
}

static int calibrate(bsx_preset *p, char *err)
{
    bsx_cell cell;
    bsx_preset_cell(p, &cell);
    int st = BSX_OK;
    if (p->tech == BSX_TECH_SRAM) {
        int wl_set = bsx_preset_is_user_set(p, "v_wl_on");
        int q_set = bsx_preset_is_user_set(p, "v_q_on");
        if (!wl_set && !q_set)
            st = bsx_calibrate_sram_gate(&cell, p->v_read, p->i_on_target, err);
        else if (!q_set) /* one V_DD for both gates */
            cell.v_q_on = cell.v_wl_on;
        else if (!wl_set)
            cell.v_wl_on = cell.v_q_on;
    } else {
        if (!(p->i_hrs_target < p->i_on_target)) {
            snprintf(err, BSX_ERRLEN,
                     "i_hrs_target %.4g A must be below i_on_target %.4g A",
                     p->i_hrs_target, p->i_on_target);
            return BSX_EINVAL;
        }
        if (!bsx_preset_is_user_set(p, "reram.gap_lrs_m"))
            st = bsx_calibrate_reram_gap(&cell, 1, p->v_read, p->i_on_target, err);
        if (st == BSX_OK && !bsx_preset_is_user_set(p, "reram.gap_hrs_m"))
            st = bsx_calibrate_reram_gap(&cell, 0, p->v_read, p->i_hrs_target, err);
    }
    if (st != BSX_OK)
        return st;
    p->v_wl_on = cell.v_wl_on;
    p->v_q_on = cell.v_q_on;
    p->gap_lrs_m = cell.gap_lrs_m;
    p->gap_hrs_m = cell.gap_hrs_m;
    if (bsx_cell_current(&cell, BSX_STATE(1, 1), p->v_read, 0.0, &p->i_on, NULL) ||
        bsx_cell_current(&cell, BSX_STATE(1, 0), p->v_read, 0.0, &p->i_hrs, NULL)) {
        snprintf(err, BSX_ERRLEN, "cell model did not converge at the read bias");
        return BSX_ENOCONV;
    }
    p->i_lsb = p->tech == BSX_TECH_RERAM ? p->i_on - p->i_hrs : p->i_on;
    if (!(p->i_lsb > 0.0)) {
        snprintf(err, BSX_ERRLEN,
                 "I_LSB %.4g A is not positive (ON cell not above HRS)",
                 p->i_lsb);
        return BSX_EINVAL;
    }
    return BSX_OK;
}

double bsx_preset_table_points(const bsx_preset *p)
{
    return ceil((p->v_read + 2.0 * p->table_margin_v) / p->table_step_v - 1e-9) + 1.0;
}

int bsx_preset_table_grid(const bsx_preset *p, bsx_grid *out)
{
    double points = bsx_preset_table_points(p);
    if (!(points >= 4.0 && points <= 1024.0))
        return BSX_EINVAL;
    double lo = -p->table_margin_v, hi = p->v_read + p->table_margin_v;
    bsx_grid g = {lo, hi, lo, hi, (int)points, (int)points};
    *out = g;
    return BSX_OK;
}

int bsx_preset_resolve(bsx_preset *p, char *err)
{
    if (p->tech == BSX_TECH_IDEAL) {
        p->resolved = 1;
        return BSX_OK;
    }
    if (!bsx_preset_is_user_set(p, "r_per_um"))
        p->r_per_um = wire_r_per_um(p->wire_basis, p->metal);
    if (!bsx_preset_is_user_set(p, "r_bl"))
        p->r_bl = p->cell_pitch_um * p->r_per_um;
    if (!bsx_preset_is_user_set(p, "r_sl"))
        p->r_sl = p->cell_pitch_um * p->r_per_um;
    int st = bsx_preset_check_finite(p, err);
    if (st != BSX_OK)
        return st;
    bsx_grid grid;
    const char *problem = NULL;
    double points = bsx_preset_table_points(p);
    if (!(points >= 4.0 && points <= 1024.0) || bsx_preset_table_grid(p, &grid) != BSX_OK
        || bsx_cell_table_check_grid(&grid, &problem) != BSX_OK) {
        snprintf(err, BSX_ERRLEN,
                 "table_step_v %.4g V and table_margin_v %.4g V give %.4g grid points "
                 "per axis (the cell tables need 4..1024)%s%s",
                 p->table_step_v, p->table_margin_v, points, problem ? ": " : "",
                 problem ? problem : "");
        return BSX_EINVAL;
    }
    st = calibrate(p, err);
    p->resolved = st == BSX_OK;
    return st;
}
