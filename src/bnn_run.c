/* Inference through the macro (contract in bnn_run.h). Tensors of a chunk of
 * images live in two float buffers (image-major, each image C x H x W in
 * PyTorch's order); integer results of binary layers are exact in float
 * (|value| <= rows < 2^24). Full-precision layers accumulate in double and
 * round once to float32. */
#include "bnn_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsx_status.h"
#include "vmm.h"

/* Tile solves each thread remembers (about 1 KB each for 64 x 64 arrays). */
#define SOLVE_CACHE_SLOTS 4096

/* The programmed arrays of one binary layer: the scheme run and the other
 * scheme (its ideal partial sums only, bsx_vmm_options.psum_only). */
typedef struct {
    bsx_layer *run, *other;
    bsx_bnn_layer_stats st;
} binary_layer;

struct bsx_bnn_runner {
    const bsx_bnn_model *model;
    bsx_bnn_run_options opts;
    size_t nbinary;
    binary_layer *binary;     /* in manifest order */
    size_t *binary_index;     /* per manifest layer: index into binary, or SIZE_MAX */
    double *layer_seconds;    /* per manifest layer */
    size_t max_act;           /* largest tensor of one image */
    size_t max_x, max_y;      /* largest VMM input / output of one image */
    float *act[2];
    int8_t *sign_in;          /* the +-1 input of a binary layer as bytes */
    double *acc;              /* one output plane of a float convolution */
    int8_t *x;
    int32_t *y;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void bsx_bnn_runner_destroy(bsx_bnn_runner *r)
{
    if (!r)
        return;
    for (size_t b = 0; r->binary && b < r->nbinary; b++) {
        bsx_layer_destroy(r->binary[b].run);
        bsx_layer_destroy(r->binary[b].other);
        free(r->binary[b].st.psum_hist[0]);
        free(r->binary[b].st.psum_hist[1]);
    }
    free(r->binary);
    free(r->binary_index);
    free(r->layer_seconds);
    free(r->act[0]);
    free(r->act[1]);
    free(r->sign_in);
    free(r->acc);
    free(r->x);
    free(r->y);
    free(r);
}

/* Output pixels of a layer for one image (1 for linear). */
static size_t pixels(const bsx_bnn_layer *L)
{
    return L->out.h * L->out.w;
}

static int program_binary(bsx_bnn_runner *r, const bsx_bnn_layer *L, size_t index,
                          binary_layer *B, char *err)
{
    bsx_macro_config other = r->opts.cfg;
    other.scheme = other.scheme == BSX_SCHEME_BASELINE ? BSX_SCHEME_BINSPARX
                                                       : BSX_SCHEME_BASELINE;
    int st = bsx_layer_program(&r->opts.cfg, L->wbin, L->rows, L->cols, &B->run, err);
    if (st == BSX_OK)
        st = bsx_layer_program(&other, L->wbin, L->rows, L->cols, &B->other, err);
    if (st != BSX_OK)
        return st;
    B->st.layer = index;
    B->st.rows = L->rows;
    B->st.cols = L->cols;
    B->st.row_tiles = bsx_layer_row_tiles(B->run);
    B->st.col_tiles = bsx_layer_col_tiles(B->run);
    for (int s = 0; s < 2; s++) {
        B->st.psum_hist[s] = calloc((size_t)r->opts.cfg.rows + 1, sizeof(uint64_t));
        if (!B->st.psum_hist[s])
            return BSX_ENOMEM;
    }
    for (size_t k = 0; k < L->rows * L->cols; k++)
        B->st.plus_weights += L->wbin[k] == 1;
    return BSX_OK;
}

int bsx_bnn_runner_create(const bsx_bnn_model *m, const bsx_bnn_run_options *opts,
                          bsx_bnn_runner **out, char *err)
{
    *out = NULL;
    if (opts->threads < 1 || opts->chunk < 1) {
        snprintf(err, BSX_ERRLEN, "bnn: threads and chunk must be at least 1");
        return BSX_EINVAL;
    }
    bsx_bnn_runner *r = calloc(1, sizeof *r);
    if (!r)
        return BSX_ENOMEM;
    r->model = m;
    r->opts = *opts;
    size_t n = bsx_bnn_model_layers(m);
    r->binary = calloc(n, sizeof *r->binary);
    r->binary_index = calloc(n, sizeof *r->binary_index);
    r->layer_seconds = calloc(n, sizeof *r->layer_seconds);
    int st = r->binary && r->binary_index && r->layer_seconds ? BSX_OK : BSX_ENOMEM;
    r->max_act = bsx_bnn_shape_size(bsx_bnn_model_input(m));
    for (size_t i = 0; st == BSX_OK && i < n; i++) {
        const bsx_bnn_layer *L = bsx_bnn_model_layer(m, i);
        if (bsx_bnn_shape_size(L->out) > r->max_act)
            r->max_act = bsx_bnn_shape_size(L->out);
        r->binary_index[i] = SIZE_MAX;
        if (!L->binary)
            continue;
        r->binary_index[i] = r->nbinary;
        st = program_binary(r, L, i, &r->binary[r->nbinary++], err);
        if (pixels(L) * L->rows > r->max_x)
            r->max_x = pixels(L) * L->rows;
        if (pixels(L) * L->cols > r->max_y)
            r->max_y = pixels(L) * L->cols;
    }
    size_t c = opts->chunk;
    if (st == BSX_OK) {
        r->act[0] = malloc(c * r->max_act * sizeof(float));
        r->act[1] = malloc(c * r->max_act * sizeof(float));
        r->sign_in = malloc(c * r->max_act);
        r->acc = malloc(r->max_act * sizeof *r->acc);
        r->x = malloc(c * r->max_x + 1);
        r->y = malloc((c * r->max_y + 1) * sizeof(int32_t));
        if (!r->act[0] || !r->act[1] || !r->sign_in || !r->acc || !r->x || !r->y)
            st = BSX_ENOMEM;
    }
    if (st != BSX_OK) {
        if (st == BSX_ENOMEM)
            snprintf(err, BSX_ERRLEN, "bnn: %s", bsx_strerror(st));
        bsx_bnn_runner_destroy(r);
        return st;
    }
    *out = r;
    return BSX_OK;
}

/* Raw pixels -> normalised float input, float32 arithmetic as the format says. */
static void normalise(const bsx_bnn_model *m, const uint8_t *images, size_t n, float *out)
{
    bsx_bnn_shape s = bsx_bnn_model_input(m);
    size_t plane = s.h * s.w, size = bsx_bnn_shape_size(s);
    float scale = bsx_bnn_model_scale(m);
    const float *mean = bsx_bnn_model_mean(m), *std = bsx_bnn_model_std(m);
    for (size_t b = 0; b < n; b++)
        for (size_t i = 0; i < size; i++) {
            size_t c = i / plane;
            float v = (float)images[b * size + i] * scale;
            v = v - mean[c];
            out[b * size + i] = v / std[c];
        }
}

/* Full-precision convolution. Each output plane is accumulated in double,
 * one kernel tap at a time over whole rows (the inner loop runs over
 * contiguous pixels), so every pixel still sums bias, then c, ky, kx in that
 * order; acc: OH x OW doubles of scratch. */
static void conv_float(const bsx_bnn_layer *L, const float *in, size_t n, float *out,
                       double *acc)
{
    size_t C = L->in.c, H = L->in.h, W = L->in.w, K = L->kernel, S = L->stride;
    size_t P = L->padding, O = L->out.c, OH = L->out.h, OW = L->out.w;
    for (size_t b = 0; b < n; b++) {
        const float *ib = in + b * C * H * W;
        float *ob = out + b * O * OH * OW;
        for (size_t o = 0; o < O; o++) {
            double bias = L->bias ? L->bias[o] : 0.0;
            for (size_t p = 0; p < OH * OW; p++)
                acc[p] = bias;
            for (size_t c = 0; c < C; c++)
                for (size_t ky = 0; ky < K; ky++)
                    for (size_t kx = 0; kx < K; kx++) {
                        double w = L->weight[((o * C + c) * K + ky) * K + kx];
                        /* output columns whose input column ox*S + kx - P is inside */
                        size_t x0 = kx >= P ? 0 : (P - kx + S - 1) / S;
                        size_t x1 = W + P > kx ? (W + P - kx + S - 1) / S : 0;
                        if (x1 > OW)
                            x1 = OW;
                        for (size_t oy = 0; oy < OH; oy++) {
                            size_t iy = oy * S + ky;
                            if (iy < P || iy - P >= H)
                                continue;
                            const float *row = ib + (c * H + iy - P) * W;
                            double *arow = acc + oy * OW;
                            for (size_t ox = x0; ox < x1; ox++)
                                arow[ox] += w * (double)row[ox * S + kx - P];
                        }
                    }
            for (size_t p = 0; p < OH * OW; p++)
                ob[o * OH * OW + p] = (float)acc[p];
        }
    }
}

static void linear_float(const bsx_bnn_layer *L, const float *in, size_t n, float *out)
{
    size_t I = L->in.c, O = L->out.c;
    for (size_t b = 0; b < n; b++)
        for (size_t o = 0; o < O; o++) {
            double acc = L->bias ? L->bias[o] : 0.0;
            const float *w = L->weight + o * I;
            for (size_t i = 0; i < I; i++)
                acc += (double)w[i] * (double)in[b * I + i];
            out[b * O + o] = (float)acc;
        }
}

/* The VMM inputs of binary layer L for n images into r->x: one row of
 * L->rows +-1 values per output pixel (im2col, row c*K*K + ky*K + kx; padding
 * -1, docs/bnn-format.md). Returns the number of rows; counts +1 inputs. */
static size_t im2col(bsx_bnn_runner *r, const bsx_bnn_layer *L, const float *in,
                     size_t n, uint64_t *plus)
{
    size_t size = bsx_bnn_shape_size(L->in);
    int8_t *s = r->sign_in;
    for (size_t i = 0; i < n * size; i++)
        s[i] = in[i] > 0.0f ? 1 : -1;
    int8_t *x = r->x;
    if (L->kind == BSX_BNN_LINEAR) {
        memcpy(x, s, n * size);
    } else {
        size_t C = L->in.c, H = L->in.h, W = L->in.w, K = L->kernel;
        size_t OH = L->out.h, OW = L->out.w;
        for (size_t b = 0; b < n; b++)
            for (size_t oy = 0; oy < OH; oy++)
                for (size_t ox = 0; ox < OW; ox++) {
                    int8_t *row = x + ((b * OH + oy) * OW + ox) * L->rows;
                    for (size_t c = 0; c < C; c++)
                        for (size_t ky = 0; ky < K; ky++) {
                            int8_t *dst = row + (c * K + ky) * K;
                            size_t iy = oy * L->stride + ky;
                            if (iy < L->padding || iy - L->padding >= H) {
                                memset(dst, -1, K);
                                continue;
                            }
                            const int8_t *src = s + ((b * C + c) * H + iy - L->padding) * W;
                            for (size_t kx = 0; kx < K; kx++) {
                                size_t ix = ox * L->stride + kx;
                                dst[kx] = ix < L->padding || ix - L->padding >= W
                                              ? -1 : src[ix - L->padding];
                            }
                        }
                }
    }
    size_t batch = n * pixels(L);
    uint64_t count = 0;
    for (size_t i = 0; i < batch * L->rows; i++)
        count += x[i] == 1;
    *plus += count;
    return batch;
}

static void add_vmm_stats(bsx_bnn_layer_stats *st, const bsx_vmm_stats *v)
{
    st->vmms += v->batch;
    st->conversions += v->conversions;
    st->clipped_codes += v->clipped_codes;
    st->overflow_codes += v->overflow_codes;
    st->mismatches += v->mismatches;
    st->sum_abs_error += v->sum_abs_error;
    st->sum_sq_error += v->sum_sq_error;
    if (v->max_abs_error > st->max_abs_error)
        st->max_abs_error = v->max_abs_error;
    st->solves += v->solves;
    st->solver_iterations += v->solver_iterations;
    st->cache_hits += v->cache_hits;
    st->vmm_seconds += v->seconds;
    st->solver_seconds += v->solver_seconds;
}

static int binary_forward(bsx_bnn_runner *r, const bsx_bnn_layer *L, binary_layer *B,
                          const float *in, size_t n, float *out, char *err)
{
    size_t batch = im2col(r, L, in, n, &B->st.plus_inputs);
    bsx_vmm_options o;
    bsx_vmm_defaults(&o);
    o.threads = r->opts.threads;
    o.analog = r->opts.analog;
    o.psum_histogram = B->st.psum_hist[r->opts.cfg.scheme];
    o.solve_cache = SOLVE_CACHE_SLOTS;
    bsx_vmm_stats v;
    int st = bsx_vmm_run(B->run, r->x, batch, &o, r->y, &v, err);
    if (st != BSX_OK)
        return st;
    add_vmm_stats(&B->st, &v);
    o.psum_only = 1;
    o.psum_histogram = B->st.psum_hist[!r->opts.cfg.scheme];
    st = bsx_vmm_run(B->other, r->x, batch, &o, NULL, &v, err);
    if (st != BSX_OK)
        return st;
    B->st.psum_seconds += v.seconds;
    size_t P = pixels(L), O = L->cols;
    for (size_t b = 0; b < n; b++)
        for (size_t p = 0; p < P; p++)
            for (size_t c = 0; c < O; c++)
                out[(b * O + c) * P + p] = (float)r->y[(b * P + p) * O + c];
    return BSX_OK;
}

static void maxpool(const bsx_bnn_layer *L, const float *in, size_t n, float *out)
{
    size_t S = L->pool, H = L->in.h, W = L->in.w, OH = L->out.h, OW = L->out.w;
    for (size_t bc = 0; bc < n * L->in.c; bc++)
        for (size_t oy = 0; oy < OH; oy++)
            for (size_t ox = 0; ox < OW; ox++) {
                const float *p = in + (bc * H + oy * S) * W + ox * S;
                float best = p[0];
                for (size_t dy = 0; dy < S; dy++)
                    for (size_t dx = 0; dx < S; dx++)
                        if (p[dy * W + dx] > best)
                            best = p[dy * W + dx];
                out[(bc * OH + oy) * OW + ox] = best;
            }
}

static void bn_sign(const bsx_bnn_layer *L, const float *in, size_t n, float *out)
{
    size_t size = bsx_bnn_shape_size(L->in), plane = L->in.h * L->in.w;
    for (size_t b = 0; b < n; b++)
        for (size_t i = 0; i < size; i++) {
            size_t c = i / plane;
            double d = L->direction[c] * ((double)in[b * size + i] - L->threshold[c]);
            out[b * size + i] = d >= 0.0 ? 1.0f : -1.0f;
        }
}

/* Runs layers 0 .. stop-1 on n images (stop = layers: all of them); the
 * result is left in r->act[*which]. */
static int forward(bsx_bnn_runner *r, const uint8_t *images, size_t n, size_t stop,
                   int *which, char *err)
{
    const bsx_bnn_model *m = r->model;
    int cur = 0;
    normalise(m, images, n, r->act[cur]);
    for (size_t i = 0; i < stop; i++) {
        const bsx_bnn_layer *L = bsx_bnn_model_layer(m, i);
        const float *in = r->act[cur];
        float *out = r->act[!cur];
        double t0 = now_seconds();
        int st = BSX_OK;
        switch (L->kind) {
        case BSX_BNN_CONV2D:
        case BSX_BNN_LINEAR:
            if (L->binary) {
                binary_layer *B = &r->binary[r->binary_index[i]];
                st = binary_forward(r, L, B, in, n, out, err);
                B->st.seconds += now_seconds() - t0;
            } else if (L->kind == BSX_BNN_CONV2D) {
                conv_float(L, in, n, out, r->acc);
            } else {
                linear_float(L, in, n, out);
            }
            break;
        case BSX_BNN_MAXPOOL2D:
            maxpool(L, in, n, out);
            break;
        case BSX_BNN_BN_SIGN:
            bn_sign(L, in, n, out);
            break;
        case BSX_BNN_SIGN:
            for (size_t k = 0; k < n * bsx_bnn_shape_size(L->in); k++)
                out[k] = in[k] >= 0.0f ? 1.0f : -1.0f;
            break;
        default: /* flatten: the same bytes in the same order */
            memcpy(out, in, n * bsx_bnn_shape_size(L->in) * sizeof *out);
            break;
        }
        if (st != BSX_OK) {
            char inner[BSX_ERRLEN];
            memcpy(inner, err, BSX_ERRLEN);
            snprintf(err, BSX_ERRLEN, "layer %zu (%s): %.400s", i,
                     bsx_bnn_kind_name(L->kind), inner);
            return st;
        }
        r->layer_seconds[i] += now_seconds() - t0;
        cur = !cur;
    }
    *which = cur;
    return BSX_OK;
}

int bsx_bnn_runner_infer(bsx_bnn_runner *r, const uint8_t *images, size_t count,
                         float *logits, char *err)
{
    size_t in_size = bsx_bnn_shape_size(bsx_bnn_model_input(r->model));
    size_t classes = bsx_bnn_model_classes(r->model);
    for (size_t first = 0; first < count; first += r->opts.chunk) {
        size_t n = count - first < r->opts.chunk ? count - first : r->opts.chunk;
        int which;
        int st = forward(r, images + first * in_size, n, bsx_bnn_model_layers(r->model),
                         &which, err);
        if (st != BSX_OK)
            return st;
        memcpy(logits + first * classes, r->act[which], n * classes * sizeof *logits);
    }
    return BSX_OK;
}

int bsx_bnn_runner_capture(bsx_bnn_runner *r, size_t layer, const uint8_t *image,
                           int8_t **x, size_t *batch, char *err)
{
    *x = NULL;
    *batch = 0;
    if (layer >= bsx_bnn_model_layers(r->model) || r->binary_index[layer] == SIZE_MAX) {
        snprintf(err, BSX_ERRLEN, "--dump-layer: layer %zu is not a binary layer", layer);
        return BSX_EINVAL;
    }
    int which;
    int st = forward(r, image, 1, layer, &which, err);
    if (st != BSX_OK)
        return st;
    const bsx_bnn_layer *L = bsx_bnn_model_layer(r->model, layer);
    uint64_t plus = 0;
    size_t rows_out = im2col(r, L, r->act[which], 1, &plus);
    *x = malloc(rows_out * L->rows);
    if (!*x) {
        snprintf(err, BSX_ERRLEN, "--dump-layer: %s", bsx_strerror(BSX_ENOMEM));
        return BSX_ENOMEM;
    }
    memcpy(*x, r->x, rows_out * L->rows);
    *batch = rows_out;
    return BSX_OK;
}

size_t bsx_bnn_runner_binary_layers(const bsx_bnn_runner *r)
{
    return r->nbinary;
}

const bsx_bnn_layer_stats *bsx_bnn_runner_stats(const bsx_bnn_runner *r, size_t b)
{
    return &r->binary[b].st;
}

double bsx_bnn_runner_layer_seconds(const bsx_bnn_runner *r, size_t layer)
{
    return r->layer_seconds[layer];
}
