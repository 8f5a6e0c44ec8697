/* Inference of a loaded network (bnn_model.h) with every binary layer on the
 * reference macro: the same path as `bsxsim vmm` (one bsx_layer_program per
 * layer, bsx_vmm_run on the im2col batch of every output pixel of a chunk of
 * images), full-precision layers in float on the host. Each binary layer is
 * also programmed for the other scheme, whose ideal partial sums alone are
 * computed (bsx_vmm_options.psum_only), so the partial sums are known before
 * and after BinSparX whatever the scheme run. */
#ifndef BSX_BNN_RUN_H
#define BSX_BNN_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "analog.h"
#include "bnn_model.h"
#include "macro.h"

typedef struct bsx_bnn_runner bsx_bnn_runner;

typedef struct {
    bsx_macro_config cfg;     /* scheme, array size, ADCs, bits */
    const bsx_analog *analog; /* NULL: ideal arrays */
    int threads;              /* >= 1, over each layer's VMM batch */
    size_t chunk;             /* images per batch, >= 1 */
} bsx_bnn_run_options;

/* Statistics of one binary layer, summed over every image run. */
typedef struct {
    size_t layer;              /* index in the manifest */
    size_t rows, cols;         /* weights, macro orientation */
    size_t row_tiles, col_tiles;
    uint64_t vmms;             /* input vectors (output pixels x images) */
    uint64_t conversions;      /* column conversions */
    uint64_t *psum_hist[2];    /* [scheme]: N + 1 counts of each ideal partial sum */
    uint64_t plus_inputs;      /* +1 elements of the VMM inputs (padding included) */
    uint64_t plus_weights;     /* +1 weights (rows x cols in all) */
    uint64_t clipped_codes, overflow_codes;
    uint64_t mismatches;       /* outputs != exact */
    uint64_t sum_abs_error, sum_sq_error;
    int32_t max_abs_error;
    uint64_t solves, solver_iterations;
    uint64_t cache_hits;       /* tile solves answered by the solve cache */
    double seconds;            /* whole layer: im2col, VMMs, conversion */
    double vmm_seconds;        /* bsx_vmm_run of the scheme run */
    double psum_seconds;       /* the other scheme's partial-sum pass */
    double solver_seconds;     /* summed over threads */
} bsx_bnn_layer_stats;

/* Programs every binary layer. err: BSX_ERRLEN. */
int bsx_bnn_runner_create(const bsx_bnn_model *m, const bsx_bnn_run_options *opts,
                          bsx_bnn_runner **out, char *err);
void bsx_bnn_runner_destroy(bsx_bnn_runner *r);

/* Runs count images (raw pixels, count x C x H x W bytes) and writes
 * logits[count x classes]. Statistics add up over calls. */
int bsx_bnn_runner_infer(bsx_bnn_runner *r, const uint8_t *images, size_t count,
                         float *logits, char *err);

/* Binary layers and their statistics (index 0 .. binary layers - 1). */
size_t bsx_bnn_runner_binary_layers(const bsx_bnn_runner *r);
const bsx_bnn_layer_stats *bsx_bnn_runner_stats(const bsx_bnn_runner *r, size_t b);
/* Seconds spent in each manifest layer (all kinds), summed over calls. */
double bsx_bnn_runner_layer_seconds(const bsx_bnn_runner *r, size_t layer);

/* Runs one image up to binary layer `layer` (manifest index) and returns
 * that layer's VMM inputs: *x (fresh, free it) of *batch x rows +-1 values,
 * one row per output pixel (the order of the layer's im2col). */
int bsx_bnn_runner_capture(bsx_bnn_runner *r, size_t layer, const uint8_t *image,
                           int8_t **x, size_t *batch, char *err);

#endif
