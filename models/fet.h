/* 7 nm FinFET (NMOS) as the MIT virtual-source model of docs/parameters.md
 * section 4, with series resistance Rs at source and drain solved
 * self-consistently. The cell models (cell.c) stack these devices; the gate
 * is referenced to ground, so a rise of the source terminal cuts V_GS. */
#ifndef BSX_FET_H
#define BSX_FET_H

/* Fitted flavours of docs/parameters.md section 4. */
enum bsx_fet_flavour { BSX_FET_RVT, BSX_FET_LVT, BSX_FET_SLVT, BSX_FET_SRAM };

/* All SI (V, m, F/m^2, m/s, m^2/Vs, Ohm.m). Rs per device = rs_ohm_m /
 * (nfin * w_fin_m), present at the source and at the drain. */
typedef struct {
    int flavour;     /* enum bsx_fet_flavour the numbers came from */
    int nfin;        /* fins, >= 1 */
    double w_fin_m;  /* effective width per fin */
    double lg_m;     /* gate length */
    double cinv;     /* inversion capacitance, F/m^2 */
    double alpha, beta, phit;
    double vt0, n, delta;
    double vxo;      /* virtual-source velocity, m/s */
    double mu;       /* mobility, m^2/Vs */
    double rs_ohm_m; /* series resistance times width, Ohm.m */
} bsx_fet_params;

/* Fills p with the fitted parameters of `flavour` and nfin = 1. Returns
 * BSX_EINVAL for an unknown flavour. */
int bsx_fet_defaults(int flavour, bsx_fet_params *p);

/* Lower-case name of a flavour ("rvt", ...), NULL when unknown; and the
 * inverse (-1 when unknown). */
const char *bsx_fet_flavour_name(int flavour);
int bsx_fet_flavour_parse(const char *name);

/* Intrinsic (Rs = 0) drain current for internal voltages vgs, vds >= 0, A,
 * with its partial derivatives (either pointer may be NULL). */
double bsx_fet_core(const bsx_fet_params *p, double vgs, double vds,
                    double *gm, double *gds);

/* Drain-to-source current of the device with gate vg, drain vd, source vs
 * (absolute voltages), Rs solved; odd under drain/source exchange. d_dvg,
 * d_dvd, d_dvs: partial derivatives (each may be NULL). Returns the current. */
double bsx_fet_current(const bsx_fet_params *p, double vg, double vd, double vs,
                       double *d_dvg, double *d_dvd, double *d_dvs);

#endif
