/* Benchmark of the reference VMM on one 64 x 64 array: ideal and analog
 * (every preset) VMMs per second with 1 and 2 threads, the share of time in
 * the column solver, the outputs that differ from X @ W per preset, and the
 * mean partial sums with their reduction by BinSparX on two synthetic
 * workloads (uniform +-1, and per-column / per-vector +1 densities drawn
 * from [0.1, 0.9]), with clip counts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsx_status.h"
#include "macro.h"
#include "vmm.h"

enum { N = 64, IDEAL_BATCH = 200000, ANALOG_BATCH = 200 };

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

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One run; *cpu (or NULL): process CPU seconds it took, all threads. */
static int run(bsx_scheme scheme, const int8_t *w, const int8_t *x, size_t batch,
               const bsx_analog *analog, int threads, int32_t *y, bsx_vmm_stats *st,
               double *cpu)
{
    char err[BSX_ERRLEN];
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, scheme);
    bsx_layer *layer = NULL;
    bsx_vmm_options opts;
    bsx_vmm_defaults(&opts);
    opts.threads = threads;
    opts.analog = analog;
    int rc = bsx_layer_program(&cfg, w, N, N, &layer, err);
    double c0 = cpu_seconds();
    if (rc == BSX_OK)
        rc = bsx_vmm_run(layer, x, batch, &opts, y, st, err);
    if (cpu)
        *cpu = cpu_seconds() - c0;
    if (rc != BSX_OK)
        fprintf(stderr, "bench_vmm: %s\n", err);
    bsx_layer_destroy(layer);
    return rc;
}

/* Every non-ideal preset, both schemes, 1 and 2 threads, on the uniform
 * workload already in w and x. */
static int bench_analog(const int8_t *w, const int8_t *x, int32_t *y)
{
    printf("\nanalog (uniform workload, batch %d, %d x %d array):\n", ANALOG_BATCH, N, N);
    printf("  wall VMMs/s with 1 and 2 threads, VMMs per CPU-second (1 thread), share of\n"
           "  wall time in the column solver (1 thread), outputs != X @ W with no clip\n");
    printf("  %-14s %-9s %9s %9s %9s %7s %10s %14s %10s\n", "preset", "scheme", "wall 1T",
           "wall 2T", "CPU 1T", "solver", "iter/solve", "analog errors", "mean I uA");
    for (int i = 0; i < bsx_preset_count(); i++) {
        char err[BSX_ERRLEN];
        bsx_preset p;
        bsx_analog *analog = NULL;
        if (bsx_preset_lookup(bsx_preset_name(i), &p, err) != BSX_OK) {
            fprintf(stderr, "bench_vmm: %s\n", err);
            return 1;
        }
        if (bsx_preset_is_ideal(&p))
            continue;
        if (bsx_analog_create(&p, N, &analog, err) != BSX_OK) {
            fprintf(stderr, "bench_vmm: %s\n", err);
            return 1;
        }
        for (int scheme = 0; scheme < 2; scheme++) {
            bsx_vmm_stats st1, st2;
            double cpu1;
            if (run((bsx_scheme)scheme, w, x, ANALOG_BATCH, analog, 1, y, &st1, &cpu1) != BSX_OK ||
                run((bsx_scheme)scheme, w, x, ANALOG_BATCH, analog, 2, y, &st2, NULL) != BSX_OK)
                return 1;
            printf("  %-14s %-9s %9.0f %9.0f %9.0f %6.1f%% %10.2f %7llu/%-6llu %10.3f\n",
                   bsx_preset_name(i), bsx_scheme_name((bsx_scheme)scheme),
                   (double)ANALOG_BATCH / st1.seconds, (double)ANALOG_BATCH / st2.seconds,
                   (double)ANALOG_BATCH / cpu1,
                   100.0 * st1.solver_seconds / st1.seconds,
                   (double)st1.solver_iterations / (double)st1.solves,
                   (unsigned long long)st1.mismatches_analog,
                   (unsigned long long)(ANALOG_BATCH * N), 1e6 * st1.mean_current);
        }
        bsx_analog_destroy(analog);
    }
    return 0;
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
        if (run(BSX_SCHEME_BASELINE, w, x, IDEAL_BATCH, NULL, 1, y, &sb, NULL) != BSX_OK ||
            run(BSX_SCHEME_BINSPARX, w, x, IDEAL_BATCH, NULL, 1, y, &sx, NULL) != BSX_OK)
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
            double cpu;
            if (run((bsx_scheme)scheme, w, x, IDEAL_BATCH, NULL, threads, y, &st, &cpu) != BSX_OK)
                return 1;
            printf("  %-9s %d thread%s  %12.0f VMMs/s wall  %12.0f VMMs per CPU-second\n",
                   bsx_scheme_name((bsx_scheme)scheme), threads, threads == 1 ? " " : "s",
                   (double)IDEAL_BATCH / st.seconds, (double)IDEAL_BATCH / cpu);
        }
    if (bench_analog(w, x, y) != 0)
        return 1;
    free(w);
    free(x);
    free(y);
    return 0;
}
