/* Whole-layer VMMs on the reference macro: a (rows x cols) +-1 weight matrix
 * is cut into row tiles of N rows (the last may use fewer) and column tiles of
 * M columns (the last may use fewer); row tiles are summed digitally, column
 * tiles sit side by side (docs/design.md section 2, partial arrays). Each tile is
 * a bsx_tile (macro.h). A VMM runs in ideal mode or on an analog model, and
 * reports what it saw: clipped codes, outputs that differ from the exact
 * X @ W and why, partial-sum and current statistics, solver work, time. */
#ifndef BSX_VMM_H
#define BSX_VMM_H

#include <stddef.h>
#include <stdint.h>

#include "macro.h"
#include "npy.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bsx_layer bsx_layer;

/* Programs every tile of the layer w[rows * cols] (row-major, +-1) for the
 * configuration cfg (checked). err: BSX_ERRLEN bytes. */
int bsx_layer_program(const bsx_macro_config *cfg, const int8_t *w, size_t rows,
                      size_t cols, bsx_layer **out, char *err);
void bsx_layer_destroy(bsx_layer *layer);

const bsx_macro_config *bsx_layer_config(const bsx_layer *layer);
size_t bsx_layer_rows(const bsx_layer *layer);
size_t bsx_layer_cols(const bsx_layer *layer);
size_t bsx_layer_row_tiles(const bsx_layer *layer);
size_t bsx_layer_col_tiles(const bsx_layer *layer);
/* Tile (row tile rt, column tile ct): weight rows rt*N.., columns ct*M... */
const bsx_tile *bsx_layer_tile(const bsx_layer *layer, size_t rt, size_t ct);

typedef struct {
    const bsx_analog *analog; /* NULL: ideal mode; else rows must equal N */
    int threads;              /* worker threads over the batch, >= 1 */
    uint64_t *psum_histogram; /* NULL, or N + 1 counters the run adds to */
    int psum_only;            /* 1: ideal partial sums only (histogram, mean_psum,
                                 conversions, activation_flips); nothing is
                                 converted, y is not written (may be NULL),
                                 the analog model is not used */
    size_t solve_cache;       /* analog: tile solves each thread remembers
                                 (solve_cache.h); 0 = none. Outputs are the
                                 same either way; solves and cache_hits then
                                 depend on how threads split the batch */
    uint16_t *codes;          /* NULL, or batch * row_tiles * cols ADC codes the
                                 run writes: code of input b, row tile rt,
                                 layer column j at [(b * row_tiles + rt) * cols
                                 + j] (what the co-simulation's scoreboard
                                 checks each RTL word against); must be
                                 NULL with psum_only */
} bsx_vmm_options;

/* Fills opts for a single-threaded ideal run. */
void bsx_vmm_defaults(bsx_vmm_options *opts);

/* The error histogram counts e = Y - X @ W for |e| <= BSX_VMM_ERROR_RANGE,
 * one bin per value; errors beyond are counted in errors_below/above. */
#define BSX_VMM_ERROR_RANGE 256

typedef struct {
    size_t batch;               /* input vectors */
    uint64_t conversions;       /* column conversions (batch x tiles x columns in use) */
    uint64_t activation_flips;  /* sub-vectors applied flipped */
    uint64_t clipped_codes;     /* codes at 2^B - 1 (bsx_code_clipped) */
    uint64_t overflow_codes;    /* conversions whose ideal ps > 2^B - 1 */
    uint64_t mismatches;        /* outputs != exact X @ W ... */
    uint64_t mismatches_clip;   /* ... with at least one clipped code */
    uint64_t mismatches_analog; /* ... with no clipped code (analog error) */
    int32_t max_abs_error;      /* max |output - exact| */
    uint64_t sum_abs_error;     /* sum of |output - exact| over every output */
    uint64_t sum_sq_error;      /* sum of (output - exact)^2 over every output */
    double mean_error;          /* mean of e = output - exact, over all outputs */
    double mean_abs_error;      /* mean |e| over all outputs */
    double rms_error;           /* sqrt(mean e^2) over all outputs */
    uint64_t error_histogram[2 * BSX_VMM_ERROR_RANGE + 1]; /* [e + RANGE] */
    uint64_t errors_below;      /* outputs with e < -BSX_VMM_ERROR_RANGE */
    uint64_t errors_above;      /* outputs with e > +BSX_VMM_ERROR_RANGE */
    double mean_psum;           /* mean ideal partial sum per conversion */
    double mean_current;        /* analog: mean raw column current, A; else 0 */
    uint64_t solves;            /* analog: column + dummy solves */
    uint64_t solver_iterations; /* analog: Newton iterations over all solves */
    uint64_t cache_hits;        /* analog: tile solves answered by the cache */
    double seconds;             /* wall time of the run */
    double solver_seconds;      /* analog: summed over threads, time in solves */
} bsx_vmm_stats;

/* y[batch * cols] = the macro's result for inputs x[batch * rows] (+-1,
 * row-major). Results do not depend on opts->threads. Inputs other than +-1
 * give BSX_EINVAL; a solver failure its status. err: BSX_ERRLEN bytes. */
int bsx_vmm_run(const bsx_layer *layer, const int8_t *x, size_t batch,
                const bsx_vmm_options *opts, int32_t *y, bsx_vmm_stats *stats,
                char *err);

#ifdef __cplusplus
}
#endif

#endif
