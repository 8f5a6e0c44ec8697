/* Benchmark of the reference VMM on one 64 x 64 array: ideal VMMs per second
 * with 1 and 2 threads, and the mean partial sums with their reduction by
 * BinSparX on two synthetic workloads (uniform +-1, and per-column /
 * per-vector +1 densities drawn from [0.1, 0.9]), with clip counts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "macro.h"
#include "vmm.h"

enum { N = 64, IDEAL_BATCH = 200000 };

static uint64_t rng_state = 0x853c49e6748fea9bull;

static double uniform(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* Weights (N x N) and inputs (batch x N); skewed: each column of W and each
 * input vector gets its own +1 probability in [0.1, 0.9]. */
static void workload(int8_t *w, int8_t *x, size_t batch, int skewed)
{
    for (int c = 0; c < N; c++) {
        double p = skewed ? 0.1 + 0.8 * uniform() : 0.5;
        for (int r = 0; r < N; r++)
            w[r * N + c] = uniform() < p ? 1 : -1;
    }
    for (size_t b = 0; b < batch; b++) {
        double p = skewed ? 0.1 + 0.8 * uniform() : 0.5;
        for (int r = 0; r < N; r++)
            x[b * N + r] = uniform() < p ? 1 : -1;
    }
}

static int run(bsx_scheme scheme, const int8_t *w, const int8_t *x, size_t batch,
               int threads, int32_t *y, bsx_vmm_stats *st)
{
    char err[BSX_ERRLEN];
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, scheme);
    bsx_layer *layer = NULL;
    bsx_vmm_options opts;
    bsx_vmm_defaults(&opts);
    opts.threads = threads;
    int rc = bsx_layer_program(&cfg, w, N, N, &layer, err);
    if (rc == BSX_OK)
        rc = bsx_vmm_run(layer, x, batch, &opts, y, st, err);
    if (rc != BSX_OK)
        fprintf(stderr, "bench_vmm: %s\n", err);
    bsx_layer_destroy(layer);
    return rc;
}

int main(void)
{
    int8_t *w = malloc(N * N);
    int8_t *x = malloc((size_t)IDEAL_BATCH * N);
    int32_t *y = malloc((size_t)IDEAL_BATCH * N * sizeof *y);
    if (!w || !x || !y)
        return 1;
    printf("reference VMM, one %d x %d array, K = 8\n", N, N);
    printf("\npartial sums (ideal, batch %d):\n", IDEAL_BATCH);
    printf("  %-26s %14s %14s %10s %16s %16s\n", "workload", "mean baseline", "mean BinSparX",
           "reduction", "clips base (6b)", "clips BSX (5b)");
    for (int skewed = 0; skewed < 2; skewed++) {
        workload(w, x, IDEAL_BATCH, skewed);
        bsx_vmm_stats sb, sx;
        if (run(BSX_SCHEME_BASELINE, w, x, IDEAL_BATCH, 1, y, &sb) != BSX_OK ||
            run(BSX_SCHEME_BINSPARX, w, x, IDEAL_BATCH, 1, y, &sx) != BSX_OK)
            return 1;
        printf("  %-26s %14.4f %14.4f %9.2f%% %16llu %16llu\n",
               skewed ? "skewed densities 0.1-0.9" : "uniform +-1", sb.mean_psum,
               sx.mean_psum, 100.0 * (sb.mean_psum - sx.mean_psum) / sb.mean_psum,
               (unsigned long long)sb.clipped_codes, (unsigned long long)sx.clipped_codes);
    }
    printf("\nideal throughput (uniform workload, batch %d):\n", IDEAL_BATCH);
    workload(w, x, IDEAL_BATCH, 0);
    for (int scheme = 0; scheme < 2; scheme++)
        for (int threads = 1; threads <= 2; threads++) {
            bsx_vmm_stats st;
            if (run((bsx_scheme)scheme, w, x, IDEAL_BATCH, threads, y, &st) != BSX_OK)
                return 1;
            printf("  %-9s %d thread%s  %12.0f VMMs/s\n", bsx_scheme_name((bsx_scheme)scheme),
                   threads, threads == 1 ? " " : "s", (double)IDEAL_BATCH / st.seconds);
        }
    free(w);
    free(x);
    free(y);
    return 0;
}
