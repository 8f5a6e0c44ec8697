/* Sampling and statistics of the deviation study. */
#include "deviation_study.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bsx_status.h"

/* splitmix64: small, seedable, good enough for sampling patterns. */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform integer in 0..n-1 (n small; modulo bias below 2^-50). */
static int below(uint64_t *s, int n)
{
    return (int)(next_u64(s) % (uint64_t)n);
}

void bsx_random_pattern(uint64_t *rng, int rows, int x, unsigned char *wl,
                        unsigned char *w, int *order)
{
    static const unsigned char off_wl[3] = {0, 0, 1}, off_w[3] = {0, 1, 0};
    for (int i = 0; i < rows; i++)
        order[i] = i;
    /* Partial Fisher-Yates: order[0..x-1] is a uniform x-subset. */
    for (int i = 0; i < x; i++) {
        int j = i + below(rng, rows - i);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (int i = 0; i < rows; i++) {
        int k = below(rng, 3);
        wl[i] = off_wl[k];
        w[i] = off_w[k];
    }
    for (int i = 0; i < x; i++)
        wl[order[i]] = w[order[i]] = 1;
}

int bsx_deviation_study(const bsx_analog *a, long samples, uint64_t seed,
                        bsx_deviation_point *out, char *err)
{
    int rows = bsx_analog_rows(a);
    bsx_analog_ws *ws = NULL;
    unsigned char *wl = malloc((size_t)rows), *w = malloc((size_t)rows);
    int *order = malloc((size_t)rows * sizeof(int));
    int st = wl && w && order ? bsx_analog_ws_create(a, &ws) : BSX_ENOMEM;
    if (st != BSX_OK)
        snprintf(err, BSX_ERRLEN, "out of memory");
    uint64_t rng = seed;
    for (int x = 0; st == BSX_OK && x <= rows; x++) {
        bsx_deviation_point *p = &out[x];
        double sum = 0.0;
        p->x = x;
        p->samples = samples;
        p->min = INFINITY;
        p->max = -INFINITY;
        for (long k = 0; k < samples; k++) {
            bsx_net_current cur;
            bsx_random_pattern(&rng, rows, x, wl, w, order);
            st = bsx_analog_net_current(a, ws, wl, w, &cur, NULL, NULL);
            if (st != BSX_OK) {
                snprintf(err, BSX_ERRLEN, "x = %d: %.400s", x,
                         bsx_analog_ws_error(ws));
                break;
            }
            double dev = bsx_analog_deviation_lsb(a, cur.net, x);
            sum += dev;
            p->min = fmin(p->min, dev);
            p->max = fmax(p->max, dev);
        }
        p->mean = sum / (double)samples;
    }
    bsx_analog_ws_destroy(ws);
    free(wl);
    free(w);
    free(order);
    return st;
}

double bsx_deviation_exponent(const bsx_deviation_point *pts, int lo, int hi)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int n = 0;
    for (int x = lo; x <= hi; x++) {
        if (x < 1 || pts[x].mean == 0.0)
            continue;
        double lx = log((double)x), ly = log(fabs(pts[x].mean));
        sx += lx;
        sy += ly;
        sxx += lx * lx;
        sxy += lx * ly;
        n++;
    }
    if (n < 2)
        return NAN;
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}
