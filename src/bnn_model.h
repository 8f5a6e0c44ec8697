/* A binary neural network in the format of docs/bnn-format.md: the manifest
 * (JSON) and one .npy per tensor, loaded into memory and checked as a whole
 * before anything runs: every field, every tensor's dtype, shape and values,
 * the shape of the tensor flowing from layer to layer, and that each binary
 * layer receives +-1 values. Sizes are capped (BSX_BNN_MAX_*) so a hostile
 * manifest cannot make memory grow without bound. Inference is bnn_run.h. */
#ifndef BSX_BNN_MODEL_H
#define BSX_BNN_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define BSX_BNN_MAX_LAYERS 256
#define BSX_BNN_MAX_DIM 65536            /* channels, features, classes */
#define BSX_BNN_MAX_SPATIAL 4096         /* H, W */
#define BSX_BNN_MAX_KERNEL 15
#define BSX_BNN_MAX_ELEMENTS (1u << 24)  /* one image's tensor between layers */
#define BSX_BNN_MAX_WEIGHTS (1u << 26)   /* elements of one weight tensor */
#define BSX_BNN_MANIFEST_MAX_BYTES (1u << 20)

typedef enum {
    BSX_BNN_CONV2D,
    BSX_BNN_LINEAR,
    BSX_BNN_MAXPOOL2D,
    BSX_BNN_BN_SIGN,
    BSX_BNN_SIGN,
    BSX_BNN_FLATTEN,
    BSX_BNN_KINDS /* number of kinds */
} bsx_bnn_kind;

/* The tensor between two layers for one image: (c, h, w), or c features
 * when flat (h = w = 1). */
typedef struct {
    int flat;
    size_t c, h, w;
} bsx_bnn_shape;

/* One layer as loaded (read-only to users of the model). */
typedef struct {
    bsx_bnn_kind kind;
    int binary;                 /* conv2d / linear: runs on the macro */
    bsx_bnn_shape in, out;      /* per image */
    /* conv2d (kernel, stride, padding) and linear (kernel 1) */
    size_t kernel, stride, padding;
    size_t rows, cols;          /* binary: macro orientation, inputs x outputs */
    float *weight;              /* full precision: PyTorch layout (out, in[, k, k]) */
    float *bias;                /* full precision: out values, or NULL */
    int8_t *wbin;               /* binary: rows x cols, +-1 */
    /* maxpool2d */
    size_t pool;
    /* bn_sign: one per channel (or feature) */
    double *threshold;
    int8_t *direction;
} bsx_bnn_layer;

typedef struct bsx_bnn_model bsx_bnn_model;

/* Loads dir/manifest.json and its tensors. Any problem is BSX_EFORMAT (or
 * BSX_EIO, BSX_EUNSUP, BSX_ENOMEM) with one line in err (BSX_ERRLEN) naming
 * the file, the field (e.g. layers[3].weight) and the problem. */
int bsx_bnn_model_load(const char *dir, bsx_bnn_model **out, char *err);
void bsx_bnn_model_destroy(bsx_bnn_model *m);

const char *bsx_bnn_model_name(const bsx_bnn_model *m);
size_t bsx_bnn_model_classes(const bsx_bnn_model *m);
/* Input image (C, H, W) and its normalisation: (p * scale - mean[c]) / std[c]
 * in float32 arithmetic. */
bsx_bnn_shape bsx_bnn_model_input(const bsx_bnn_model *m);
float bsx_bnn_model_scale(const bsx_bnn_model *m);
const float *bsx_bnn_model_mean(const bsx_bnn_model *m); /* C values */
const float *bsx_bnn_model_std(const bsx_bnn_model *m);  /* C values */
size_t bsx_bnn_model_layers(const bsx_bnn_model *m);
/* The files the model was read from (the manifest, then each tensor as
 * DIR/NAME): outputs must be none of them. */
size_t bsx_bnn_model_files(const bsx_bnn_model *m);
const char *bsx_bnn_model_file(const bsx_bnn_model *m, size_t i);
const bsx_bnn_layer *bsx_bnn_model_layer(const bsx_bnn_model *m, size_t i);
const char *bsx_bnn_kind_name(bsx_bnn_kind kind);

/* Elements of one image's tensor of shape s. */
size_t bsx_bnn_shape_size(bsx_bnn_shape s);

#endif
