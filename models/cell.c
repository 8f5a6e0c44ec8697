/* Series solve of the internal node of a two-element bitcell: the current of
 * the upper element (b to x) minus that of the lower one (x to s) falls
 * monotonically in V_x and changes sign between V_s and V_b, so a Newton
 * iteration kept inside that bracket (bisection when it leaves it) always
 * converges. */
#include "cell.h"

#include <math.h>
#include <stddef.h>

#include "bsx_status.h"
#include "cell_table.h"

/* Current b -> x of the upper element and its derivative in vx. */
static double upper(const bsx_cell *c, int wl, int w, double vb, double vx,
                    double *d_dvx)
{
    if (c->topology == BSX_CELL_SRAM_8T)
        return bsx_fet_current(&c->fet, wl ? c->v_wl_on : 0.0, vb, vx, NULL,
                               NULL, d_dvx);
    double di_dv;
    double i = bsx_reram_current(&c->reram, w ? c->gap_lrs_m : c->gap_hrs_m,
                                 vb - vx, &di_dv);
    *d_dvx = -di_dv;
    return i;
}

/* Current x -> s of the lower element (always a FET) and its derivative. */
static double lower(const bsx_cell *c, int wl, int w, double vx, double vs,
                    double *d_dvx)
{
    double gate = c->topology == BSX_CELL_SRAM_8T ? (w ? c->v_q_on : 0.0)
                                                  : (wl ? c->v_wl_on : 0.0);
    return bsx_fet_current(&c->fet, gate, vx, vs, NULL, d_dvx, NULL);
}

int bsx_cell_current(const bsx_cell *cell, int state, double vb, double vs,
                     double *current, double *vx)
{
    return bsx_cell_current_from(cell, state, vb, vs, NAN, current, vx);
}

int bsx_cell_current_from(const bsx_cell *cell, int state, double vb, double vs,
                          double guess, double *current, double *vx)
{
    int wl = (state >> 1) & 1, w = state & 1;
    if (vb == vs) {
        *current = 0.0;
        if (vx)
            *vx = vb;
        return BSX_OK;
    }
    /* r(x) = upper - lower falls from >= 0 at min(vb, vs) to <= 0 at
     * max(vb, vs) for either polarity; inside, both currents have the sign
     * of vb - vs, so Newton runs on g(x) = ln(upper / lower), nearly linear
     * where the devices are exponential (subthreshold, sinh), with a linear
     * Newton step and bisection as fallbacks. */
    const double a = fmin(vb, vs), b = fmax(vb, vs);
    double lo = a, hi = b;
    double x = guess > lo && guess < hi ? guess : 0.5 * (lo + hi);
    double iu = 0.0, il = 0.0;
    for (int it = 0; it < 200; it++) {
        double du, dl;
        iu = upper(cell, wl, w, vb, x, &du);
        il = lower(cell, wl, w, x, vs, &dl);
        double r = iu - il;
        if (fabs(r) <= 1e-13 * fabs(iu))
            break;
        if (r > 0.0)
            lo = x;
        else if (r < 0.0)
            hi = x;
        else
            break;
        double next = x - log(iu / il) / (du / iu - dl / il);
        if (!(next > lo && next < hi))
            next = x - (iu - il) / (du - dl);
        /* A Newton step this small (relative to the distance from the nearer
         * terminal, which matters for a root near one end) is converged. */
        double step = fabs(next - x);
        if (step <= 1e-13 * fmin(x - a, b - x))
            break;
        x = next > lo && next < hi ? next : 0.5 * (lo + hi);
        if (hi - lo <= 1e-16 * (b - a))
            break;
    }
    /* 1e-21 A: far below anything a column current resolves. */
    if (!(fabs(iu - il) <= 1e-9 * fabs(iu) + 1e-21))
        return BSX_ENOCONV;
    *current = 0.5 * (iu + il);
    if (vx)
        *vx = x;
    return BSX_OK;
}

int bsx_cell_table_sample(void *ctx, int state, double vb, double vs,
                          double *current)
{
    bsx_cell_sampler *sm = ctx;
    if (state < 0 || state >= BSX_NSTATES)
        return BSX_EINVAL;
    double guess = state == sm->state ? sm->vx : NAN;
    int st = bsx_cell_current_from(sm->cell, state, vb, vs, guess, current, &sm->vx);
    sm->state = st == BSX_OK ? state : -1;
    return st;
}
