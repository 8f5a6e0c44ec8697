/* MIT virtual-source FinFET model (docs/parameters.md section 4) with analytic
 * derivatives, and the self-consistent solve of the source/drain series
 * resistance by a bracketed Newton iteration on the drain current. */
#include "fet.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "bsx_status.h"

/* Fitted columns of docs/parameters.md section 4, converted to SI. */
static const struct {
    const char *name;
    double vt0, n, delta, vxo_cm_s, mu_cm2, rs_ohm_um;
} fits[] = {
    [BSX_FET_RVT] = {"rvt", 0.4477, 1.0654, 0.0213, 1.134e7, 266.0, 144.0},
    [BSX_FET_LVT] = {"lvt", 0.3729, 1.0632, 0.0223, 0.988e7, 254.5, 121.8},
    [BSX_FET_SLVT] = {"slvt", 0.3052, 1.0705, 0.0226, 0.873e7, 199.5, 99.5},
    [BSX_FET_SRAM] = {"sram", 0.5280, 1.0555, 0.0192, 1.349e7, 249.7, 181.1},
};

#define NFITS ((int)(sizeof(fits) / sizeof(fits[0])))

int bsx_fet_defaults(int flavour, bsx_fet_params *p)
{
    if (flavour < 0 || flavour >= NFITS)
        return BSX_EINVAL;
    p->flavour = flavour;
    p->nfin = 1;
    p->w_fin_m = 70.5e-9;
    p->lg_m = 21e-9;
    p->cinv = 2.5e-6 / 1e-4; /* 2.5 uF/cm^2 */
    p->alpha = 3.5;
    p->beta = 1.8;
    p->phit = 0.02569;
    p->vt0 = fits[flavour].vt0;
    p->n = fits[flavour].n;
    p->delta = fits[flavour].delta;
    p->vxo = fits[flavour].vxo_cm_s * 1e-2;
    p->mu = fits[flavour].mu_cm2 * 1e-4;
    p->rs_ohm_m = fits[flavour].rs_ohm_um * 1e-6;
    return BSX_OK;
}

const char *bsx_fet_flavour_name(int flavour)
{
    return flavour >= 0 && flavour < NFITS ? fits[flavour].name : NULL;
}

int bsx_fet_flavour_parse(const char *name)
{
    for (int i = 0; i < NFITS; i++)
        if (strcmp(name, fits[i].name) == 0)
            return i;
    return -1;
}

/* ln(1 + e^z) without overflow, and its derivative 1 / (1 + e^-z). */
static double softplus(double z)
{
    return z > 0.0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

static double logistic(double z)
{
    if (z >= 0.0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z);
    return e / (1.0 + e);
}

double bsx_fet_core(const bsx_fet_params *p, double vgs, double vds,
                    double *gm, double *gds)
{
    double a = p->alpha * p->phit;
    double nphit = p->n * p->phit;
    double vlin = p->vxo * p->lg_m / p->mu;

    double ff = logistic(-(vgs - (p->vt0 - p->delta * vds - 0.5 * a)) / a);
    double dff = -ff * (1.0 - ff) / a; /* dFf/dvgs; dFf/dvds = delta * dff */

    double z2 = (vgs - (p->vt0 - p->delta * vds - a * ff)) / nphit;
    double qscale = p->cinv * nphit;
    double q = qscale * softplus(z2);
    double dq_dz2 = qscale * logistic(z2);
    double dq_g = dq_dz2 * (1.0 + a * dff) / nphit;
    double dq_d = dq_dz2 * (p->delta + a * p->delta * dff) / nphit;

    double vdsat = vlin * (1.0 - ff) + p->phit * ff;
    double dvdsat_g = (p->phit - vlin) * dff;
    double dvdsat_d = p->delta * dvdsat_g;

    double x = vds / vdsat;
    double xb = pow(x, p->beta);
    double f = x * pow(1.0 + xb, -1.0 / p->beta);
    double df_dx = pow(1.0 + xb, -1.0 / p->beta - 1.0);
    double dx_g = -x / vdsat * dvdsat_g;
    double dx_d = 1.0 / vdsat - x / vdsat * dvdsat_d;

    double k = p->nfin * p->w_fin_m * p->vxo;
    if (gm)
        *gm = k * (dq_g * f + q * df_dx * dx_g);
    if (gds)
        *gds = k * (dq_d * f + q * df_dx * dx_d);
    return k * q * f;
}

/* Current for vgs0, vds0 >= 0 at the terminals: the root of
 * h(I) = I - core(vgs0 - I*Rs, vds0 - 2*I*Rs), which is increasing in I and
 * bracketed by [0, min(core(vgs0, vds0), vds0 / (2 Rs))]. */
static double solve_rs(const bsx_fet_params *p, double vgs0, double vds0,
                       double *di_dvgs, double *di_dvds)
{
    double rs = p->rs_ohm_m / (p->nfin * p->w_fin_m);
    double gm, gds;
    double i0 = bsx_fet_core(p, vgs0, vds0, &gm, &gds);
    double slope = 1.0 + rs * (gm + 2.0 * gds);
    if (rs == 0.0 || vds0 == 0.0) {
        if (di_dvgs)
            *di_dvgs = gm / slope;
        if (di_dvds)
            *di_dvds = gds / slope;
        return i0;
    }
    double lo = 0.0, hi = fmin(i0, vds0 / (2.0 * rs));
    double i = i0 / slope;
    for (int it = 0; it < 200; it++) {
        double c = bsx_fet_core(p, vgs0 - i * rs, vds0 - 2.0 * i * rs, &gm, &gds);
        double h = i - c;
        slope = 1.0 + rs * (gm + 2.0 * gds);
        if (h == 0.0)
            break;
        if (h < 0.0)
            lo = i;
        else
            hi = i;
        double next = i - h / slope;
        /* Quadratic convergence: once a Newton step is 1e-9 relative, the
         * error after it is far below rounding. */
        if (fabs(next - i) <= 1e-9 * i) {
            i = next;
            break;
        }
        i = next > lo && next < hi ? next : 0.5 * (lo + hi);
        if (hi - lo <= 1e-15 * hi)
            break;
    }
    if (di_dvgs)
        *di_dvgs = gm / slope;
    if (di_dvds)
        *di_dvds = gds / slope;
    return i;
}

double bsx_fet_current(const bsx_fet_params *p, double vg, double vd, double vs,
                       double *d_dvg, double *d_dvd, double *d_dvs)
{
    double ig, id, current;
    if (vd >= vs) {
        current = solve_rs(p, vg - vs, vd - vs, &ig, &id);
        if (d_dvd)
            *d_dvd = id;
        if (d_dvs)
            *d_dvs = -ig - id;
    } else {
        current = -solve_rs(p, vg - vd, vs - vd, &ig, &id);
        ig = -ig;
        if (d_dvs)
            *d_dvs = -id;
        if (d_dvd)
            *d_dvd = -ig + id;
    }
    if (d_dvg)
        *d_dvg = ig;
    return current;
}
