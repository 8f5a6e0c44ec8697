/* Block elimination for column_blocktri.h: forward sweep of Schur
 * complements S_i = D_i - Lo_i S_{i-1}^-1 Up_{i-1}, then forward and back
 * substitution. About 30 flops per row to factor and 16 per right-hand side. */
#include <math.h>

#include "column_blocktri.h"

/* Inverts the 2x2 block a into w; returns 0 if singular or not finite. */
static int invert(const double *a, double *w)
{
    double det = a[0] * a[3] - a[1] * a[2];
    if (det == 0.0 || !isfinite(det))
        return 0;
    double r = 1.0 / det;
    w[0] = a[3] * r;
    w[1] = -a[1] * r;
    w[2] = -a[2] * r;
    w[3] = a[0] * r;
    return 1;
}

int column_blocktri_factor(int n, const double *diag, const double *lo,
                           const double *up, double *inv)
{
    if (!invert(diag, inv))
        return 0;
    for (int i = 1; i < n; i++) {
        const double *w = inv + 4 * (i - 1);
        const double *u = up + 2 * (i - 1);
        const double *l = lo + 2 * i;
        const double *d = diag + 4 * i;
        double s[4] = {d[0] - l[0] * w[0] * u[0], d[1] - l[0] * w[1] * u[1],
                       d[2] - l[1] * w[2] * u[0], d[3] - l[1] * w[3] * u[1]};
        if (!invert(s, inv + 4 * i))
            return i;
    }
    return -1;
}

void column_blocktri_solve(int n, const double *lo, const double *up,
                           const double *inv, double *x)
{
    for (int i = 1; i < n; i++) {
        const double *w = inv + 4 * (i - 1);
        const double *p = x + 2 * (i - 1);
        x[2 * i] -= lo[2 * i] * (w[0] * p[0] + w[1] * p[1]);
        x[2 * i + 1] -= lo[2 * i + 1] * (w[2] * p[0] + w[3] * p[1]);
    }
    for (int i = n - 1; i >= 0; i--) {
        double y0 = x[2 * i], y1 = x[2 * i + 1];
        if (i < n - 1) {
            y0 -= up[2 * i] * x[2 * i + 2];
            y1 -= up[2 * i + 1] * x[2 * i + 3];
        }
        const double *w = inv + 4 * i;
        x[2 * i] = w[0] * y0 + w[1] * y1;
        x[2 * i + 1] = w[2] * y0 + w[3] * y1;
    }
}
