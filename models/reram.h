/* ReRAM switching layer as the tunnelling-gap law of Jiang et al. (IEEE TED
 * 63(5), 2016): I = i0 * exp(-gap / g0) * sinh(V / v0), odd in V. The gap is
 * the state (LRS / HRS); the 1T-1ReRAM cell (cell.c) puts it in series with
 * the access FET. */
#ifndef BSX_RERAM_H
#define BSX_RERAM_H

/* Law parameters, SI: i0 in A, g0_m in m, v0 in V. */
typedef struct {
    double i0, g0_m, v0;
} bsx_reram_params;

/* The TED'16 Table I TiOx/HfOx bilayer set (docs/parameters.md section 3). */
void bsx_reram_defaults(bsx_reram_params *p);

/* Current through the device at gap gap_m (m) and voltage v (V), A; its
 * derivative with respect to v in *di_dv (may be NULL). */
double bsx_reram_current(const bsx_reram_params *p, double gap_m, double v,
                         double *di_dv);

#endif
