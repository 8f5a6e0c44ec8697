/* The current-deviation study (paper Fig. 2d): for every partial sum x in
 * 0..N, random (wl, w) column patterns with exactly x ON cells (wl = w = 1),
 * the other rows uniformly one of (0,0), (0,1), (1,0) -- i.e. uniformly
 * random pairs conditioned on ps = x -- solved on an analog array; the
 * deviation net / I_LSB - x is summarised per x. */
#ifndef BSX_DEVIATION_STUDY_H
#define BSX_DEVIATION_STUDY_H

#include <stdint.h>

#include "analog.h"

typedef struct {
    int x;
    long samples;
    double mean, min, max; /* deviation, LSB */
} bsx_deviation_point;

/* One random pattern with exactly x ON rows: wl[rows], w[rows]; order[rows]
 * is scratch. *rng is the generator state (any value; updated). */
void bsx_random_pattern(uint64_t *rng, int rows, int x, unsigned char *wl,
                        unsigned char *w, int *order);

typedef struct {
    int threads; /* worker threads over the x values, >= 1 */
    /* NULL, or called after each finished x with the number of x values
     * done and their total (rows + 1); the calls are serialised. */
    void (*progress)(void *ctx, int done, int total);
    void *progress_ctx;
} bsx_deviation_options;

/* Runs `samples` patterns per x on `a` (rows from a); out[rows + 1]. The
 * patterns are those of one stream from `seed` over x = 0, 1, ..., so the
 * result does not depend on opts->threads. Returns the first solver
 * failure (err names x). */
int bsx_deviation_study(const bsx_analog *a, long samples, uint64_t seed,
                        const bsx_deviation_options *opts, bsx_deviation_point *out,
                        char *err);

/* Exponent p of a least-squares fit |mean(x)| = c * x^p on log-log axes over
 * the points with lo <= x <= hi and mean != 0; NAN if fewer than 2. */
double bsx_deviation_exponent(const bsx_deviation_point *pts, int lo, int hi);

#endif
