/* Per preset: the calibrated numbers (8T-SRAM gate V_DD, ReRAM gaps), I_ON,
 * I_HRS, I_LSB, the time to realise the analog array (calibration + cell
 * tables) and the measured table error against the direct device model on
 * random off-grid points: relative where |V_b - V_s| >= 50 mV (the read
 * operating region) and absolute in I_LSB over all of [0, v_read]^2. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analog.h"
#include "bsx_status.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(void)
{
    printf("%-13s %9s %9s %9s %10s %10s %10s %8s %10s %10s\n", "preset", "V_g (V)",
           "gap_lrs", "gap_hrs", "I_ON (A)", "I_HRS (A)", "I_LSB (A)", "build s",
           "tab rel", "tab abs/LSB");
    srand(2024u);
    for (int i = 0; i < bsx_preset_count(); i++) {
        char err[BSX_ERRLEN];
        bsx_preset p;
        if (bsx_preset_lookup(bsx_preset_name(i), &p, err) != BSX_OK) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        if (bsx_preset_is_ideal(&p))
            continue;
        bsx_analog *a;
        double t0 = now();
        if (bsx_analog_create(&p, 64, &a, err) != BSX_OK) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        double build = now() - t0;
        bsx_cell cell;
        bsx_preset_cell(&p, &cell);
        double rel = 0.0, abs_lsb = 0.0;
        for (int k = 0; k < 20000; k++) {
            int state = k % 4;
            double vb = p.v_read * (rand() / (double)RAND_MAX);
            double vs = p.v_read * (rand() / (double)RAND_MAX);
            double want, got;
            if (bsx_cell_current(&cell, state, vb, vs, &want, NULL) != BSX_OK ||
                bsx_cell_table_eval(bsx_analog_table(a), state, vb, vs, &got, NULL,
                                    NULL) != BSX_OK) {
                fprintf(stderr, "%s: evaluation failed at (%g, %g)\n", p.name, vb, vs);
                return 1;
            }
            abs_lsb = fmax(abs_lsb, fabs(got - want) / p.i_lsb);
            if (fabs(vb - vs) >= 0.05)
                rel = fmax(rel, fabs(got - want) / fmax(fabs(want), 1e-3 * p.i_on));
        }
        char vg[16] = "-", lrs[16] = "-", hrs[16] = "-";
        if (p.tech == BSX_TECH_SRAM) {
            snprintf(vg, sizeof vg, "%.6f", p.v_wl_on);
        } else {
            snprintf(lrs, sizeof lrs, "%.4fnm", p.gap_lrs_m * 1e9);
            snprintf(hrs, sizeof hrs, "%.4fnm", p.gap_hrs_m * 1e9);
        }
        printf("%-13s %9s %9s %9s %10.4e %10.4e %10.4e %8.2f %10.2e %10.2e\n", p.name, vg,
               lrs, hrs, p.i_on, p.i_hrs, p.i_lsb, build, rel, abs_lsb);
        bsx_analog_destroy(a);
    }
    return 0;
}
