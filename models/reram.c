/* Jiang ReRAM law (docs/parameters.md section 3). */
#include "reram.h"

#include <math.h>
#include <stddef.h>

void bsx_reram_defaults(bsx_reram_params *p)
{
    p->i0 = 0.2e-3;
    p->g0_m = 0.15e-9;
    p->v0 = 0.35;
}

double bsx_reram_current(const bsx_reram_params *p, double gap_m, double v,
                         double *di_dv)
{
    double scale = p->i0 * exp(-gap_m / p->g0_m);
    if (di_dv)
        *di_dv = scale * cosh(v / p->v0) / p->v0;
    return scale * sinh(v / p->v0);
}
