/* Sampling and statistics of the deviation study. */
#include "deviation_study.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Generator state at the first pattern of x: a pattern of x' takes
 * x' + rows draws and each draw advances splitmix64 by one constant, so
 * every x starts on its own at the point where one sequential stream over
 * x = 0, 1, ... would be: the result does not depend on the threads. */
static uint64_t state_at(uint64_t seed, long samples, int rows, int x)
{
    uint64_t draws = (uint64_t)samples *
                     ((uint64_t)x * (uint64_t)rows + (uint64_t)x * (uint64_t)(x - 1) / 2);
    return seed + draws * 0x9e3779b97f4a7c15ull;
}

/* One x: `samples` patterns summarised into *p. */
static int study_one(const bsx_analog *a, bsx_analog_ws *ws, long samples, uint64_t seed,
                     int x, unsigned char *wl, unsigned char *w, int *order,
                     bsx_deviation_point *p, char *err)
{
    int rows = bsx_analog_rows(a);
    uint64_t rng = state_at(seed, samples, rows, x);
    double sum = 0.0;
    p->x = x;
    p->samples = samples;
    p->min = INFINITY;
    p->max = -INFINITY;
    for (long k = 0; k < samples; k++) {
        bsx_net_current cur;
        bsx_random_pattern(&rng, rows, x, wl, w, order);
        int st = bsx_analog_net_current(a, ws, wl, w, &cur, NULL, NULL);
        if (st != BSX_OK) {
            snprintf(err, BSX_ERRLEN, "x = %d: %.400s", x, bsx_analog_ws_error(ws));
            return st;
        }
        double dev = bsx_analog_deviation_lsb(a, cur.net, x);
        sum += dev;
        p->min = fmin(p->min, dev);
        p->max = fmax(p->max, dev);
    }
    p->mean = sum / (double)samples;
    return BSX_OK;
}

/* Shared by the workers, under `lock`: the next x to take, the x values
 * done, the first failure. */
typedef struct {
    const bsx_analog *a;
    const bsx_deviation_options *opts;
    long samples;
    uint64_t seed;
    bsx_deviation_point *out;
    pthread_mutex_t lock;
    int next_x, done, status;
    char err[BSX_ERRLEN];
} study_queue;

static void *worker_main(void *arg)
{
    study_queue *q = arg;
    int rows = bsx_analog_rows(q->a);
    bsx_analog_ws *ws = NULL;
    unsigned char *wl = malloc((size_t)rows), *w = malloc((size_t)rows);
    int *order = malloc((size_t)rows * sizeof(int));
    char err[BSX_ERRLEN] = "out of memory";
    int st = wl && w && order ? bsx_analog_ws_create(q->a, &ws) : BSX_ENOMEM;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        if (st != BSX_OK && q->status == BSX_OK) {
            q->status = st;
            memcpy(q->err, err, BSX_ERRLEN);
        }
        int x = q->status == BSX_OK && q->next_x <= rows ? q->next_x++ : -1;
        pthread_mutex_unlock(&q->lock);
        if (x < 0)
            break;
        st = study_one(q->a, ws, q->samples, q->seed, x, wl, w, order, &q->out[x], err);
        if (st == BSX_OK && q->opts->progress) {
            pthread_mutex_lock(&q->lock);
            q->done++;
            q->opts->progress(q->opts->progress_ctx, q->done, rows + 1);
            pthread_mutex_unlock(&q->lock);
        }
    }
    bsx_analog_ws_destroy(ws);
    free(wl);
    free(w);
    free(order);
    return NULL;
}

int bsx_deviation_study(const bsx_analog *a, long samples, uint64_t seed,
                        const bsx_deviation_options *opts, bsx_deviation_point *out,
                        char *err)
{
    if (opts->threads < 1) {
        snprintf(err, BSX_ERRLEN, "threads: %d must be at least 1", opts->threads);
        return BSX_EINVAL;
    }
    study_queue q = {.a = a, .opts = opts, .samples = samples, .seed = seed, .out = out,
                     .status = BSX_OK};
    pthread_mutex_init(&q.lock, NULL);
    int extra = opts->threads - 1;
    pthread_t *tids = extra ? calloc((size_t)extra, sizeof *tids) : NULL;
    int started = 0;
    while (tids && started < extra && pthread_create(&tids[started], NULL, worker_main, &q) == 0)
        started++;
    worker_main(&q);
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    free(tids);
    pthread_mutex_destroy(&q.lock);
    if (q.status != BSX_OK)
        memcpy(err, q.err, BSX_ERRLEN);
    return q.status;
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
