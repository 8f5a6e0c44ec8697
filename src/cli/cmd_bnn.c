/* `bsxsim bnn`: a binary network (docs/bnn-format.md) on test images with
 * every binary layer on the reference macro (bnn_run.h), reporting accuracy
 * with its Wilson 95 % interval and, per binary layer, partial sums of both
 * schemes, +1 fractions, clipped codes, errors against exact arithmetic,
 * array work and time. --dump-layer writes one layer's W and X for
 * bsxsim-cosim instead. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bnn_data.h"
#include "bnn_model.h"
#include "bnn_run.h"
#include "bsx_status.h"
#include "commands.h"
#include "npy.h"
#include "options.h"
#include "run_mode.h"
#include "safe_file.h"

/* Bytes of VMM inputs per batch of images (sets the images per batch). */
#define CHUNK_BYTES ((size_t)8 << 20)

typedef struct {
    const char *model, *data, *labels, *out, *logits, *dump;
    bsx_run_mode mode;
    int limit, offset, dump_layer, image;
} bnn_args;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: bsxsim bnn --model DIR --data FASHION_MNIST_DIR|IMAGES.npy [--labels L.npy]\n"
            "                  --scheme baseline|binsparx [--ideal | --preset P [--set K=V]...]\n"
            "                  [--adc-bits B] [--limit N] [--offset I] [--threads T] [--json]\n"
            "                  [--out PREDICTIONS.npy] [--logits LOGITS.npy]\n"
            "       bsxsim bnn ... --dump-layer L --image I --dump PREFIX\n\n"
            "Runs a binary network (format: docs/bnn-format.md) on test images: full-\n"
            "precision layers in float, every binary layer on 64 x 64 reference macros\n"
            "(as bsxsim vmm: im2col, row tiles summed digitally; --ideal or the analog\n"
            "array of --preset). --data is the IDX folder of the test set (e.g.\n"
            "/usr/share/datasets/fashion-mnist) or a uint8 .npy (B, H, W) / (B, C, H, W)\n"
            "with optional integer labels (B,). --offset I --limit N run images I..I+N-1\n"
            "(fewer when the set ends first; the report states the range).\n"
            "Reports accuracy with its Wilson 95 %% interval and per binary layer the\n"
            "mean ideal partial sum of both schemes, +1 fractions, clipped codes,\n"
            "mean |error| and RMS against exact arithmetic, array VMMs, column solves\n"
            "and time. --out writes int32 predictions (N,), --logits float32 (N, classes).\n"
            "--dump-layer L (manifest index of a binary layer) --image I writes\n"
            "PREFIX_W.npy (rows x cols) and PREFIX_X.npy (pixels x rows), +-1 int8, the\n"
            "operands of that layer for image I, for bsxsim-cosim / bsxsim vmm.\n");
}

typedef struct {
    bsx_macro_config cfg;
    int threads, limit, offset, dump_layer, image;
} bnn_config;

static int configure(const bnn_args *a, bnn_config *c, char *err)
{
    bsx_scheme scheme;
    if (bsx_run_mode_check(&a->mode, &scheme, err) != BSX_OK)
        return BSX_EINVAL;
    bsx_macro_defaults(&c->cfg, scheme);
    c->cfg.adc_bits = a->mode.bits ? a->mode.bits : c->cfg.adc_bits;
    c->threads = a->mode.threads;
    c->limit = a->limit;
    c->offset = a->offset;
    c->dump_layer = a->dump_layer;
    c->image = a->image < 0 ? 0 : a->image;
    return bsx_macro_config_check(&c->cfg, err) == BSX_OK ? BSX_OK : BSX_EINVAL;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Wilson score interval for k successes of n at 95 % (z = 1.959964). */
static void wilson(size_t k, size_t n, double *lo, double *hi)
{
    const double z = 1.959963984540054;
    double p = (double)k / (double)n, z2n = z * z / (double)n;
    double centre = (p + z2n / 2.0) / (1.0 + z2n);
    double half = z * sqrt(p * (1.0 - p) / (double)n + z2n / (4.0 * (double)n)) /
                  (1.0 + z2n);
    *lo = centre - half;
    *hi = centre + half;
}

/* What one run measured, for the reports. */
typedef struct {
    const bnn_args *a;
    const bnn_config *c;
    const bsx_bnn_model *model;
    const bsx_bnn_runner *runner;
    size_t first, count, correct;
    int labelled;
    double seconds;
} bnn_result;

static double psum_mean(const uint64_t *hist, int rows, uint64_t *total)
{
    uint64_t n = 0, sum = 0;
    for (int p = 0; p <= rows; p++) {
        n += hist[p];
        sum += (uint64_t)p * hist[p];
    }
    *total = n;
    return n ? (double)sum / (double)n : 0.0;
}

/* The derived numbers of one binary layer that both reports print. */
typedef struct {
    const bsx_bnn_layer_stats *s;
    const char *kind;
    uint64_t array_vmms;
    double plus_in, plus_w, psum_baseline, psum_binsparx, mean_abs, rms;
} layer_summary;

static layer_summary summarise(const bnn_result *r, size_t b)
{
    const bsx_bnn_layer_stats *s = bsx_bnn_runner_stats(r->runner, b);
    int rows = r->c->cfg.rows;
    uint64_t n;
    double outputs = (double)s->vmms * (double)s->cols;
    layer_summary u = {
        .s = s,
        .kind = bsx_bnn_kind_name(bsx_bnn_model_layer(r->model, s->layer)->kind),
        .array_vmms = s->vmms * s->row_tiles * s->col_tiles,
        .plus_in = s->vmms ? (double)s->plus_inputs / ((double)s->vmms * (double)s->rows)
                           : 0.0,
        .plus_w = (double)s->plus_weights / ((double)s->rows * (double)s->cols),
        .psum_baseline = psum_mean(s->psum_hist[BSX_SCHEME_BASELINE], rows, &n),
        .psum_binsparx = psum_mean(s->psum_hist[BSX_SCHEME_BINSPARX], rows, &n),
        .mean_abs = outputs > 0 ? (double)s->sum_abs_error / outputs : 0.0,
        .rms = outputs > 0 ? sqrt((double)s->sum_sq_error / outputs) : 0.0};
    return u;
}

/* Where the run's wall time went: the VMMs of the scheme run (the array
 * model's solves inside them, summed over threads), the other scheme's ideal
 * partial-sum pass, and the host (float layers, im2col, the rest). */
typedef struct {
    double vmm, solver_share, psum, host;
} time_split;

static time_split split_time(const bnn_result *r)
{
    time_split t = {0};
    double solver = 0.0;
    for (size_t b = 0; b < bsx_bnn_runner_binary_layers(r->runner); b++) {
        const bsx_bnn_layer_stats *s = bsx_bnn_runner_stats(r->runner, b);
        solver += s->solver_seconds;
        t.vmm += s->vmm_seconds;
        t.psum += s->psum_seconds;
    }
    t.host = r->seconds - t.vmm - t.psum;
    t.solver_share = r->seconds > 0.0 ? solver / (r->seconds * r->c->threads) : 0.0;
    return t;
}

static void report_text(const bnn_result *r)
{
    const bsx_macro_config *cfg = &r->c->cfg;
    printf("bsxsim bnn: %s (%s), %s, %s, arrays of %d x %d, %d ADCs of %d bits, %d thread%s\n",
           r->a->model, bsx_bnn_model_name(r->model), bsx_scheme_name(cfg->scheme),
           r->a->mode.preset ? r->a->mode.preset : "ideal", cfg->rows, cfg->cols, cfg->adcs,
           cfg->adc_bits, r->c->threads, r->c->threads == 1 ? "" : "s");
    printf("  images          %zu (%zu..%zu of %s)\n", r->count, r->first,
           r->first + r->count - 1, r->a->data);
    if (r->labelled) {
        double lo, hi;
        wilson(r->correct, r->count, &lo, &hi);
        printf("  accuracy        %.2f %% (%zu of %zu), 95 %% interval %.2f..%.2f %% (Wilson)\n",
               100.0 * (double)r->correct / (double)r->count, r->correct, r->count,
               100.0 * lo, 100.0 * hi);
    } else {
        printf("  accuracy        no labels\n");
    }
    time_split t = split_time(r);
    double whole = r->seconds > 0.0 ? r->seconds : 1.0;
    printf("  time            %.3f s, %.2f images/s; array model %.1f %%, VMMs %.1f %%, "
           "other-scheme psum pass %.1f %%, host layers %.1f %%\n",
           r->seconds, r->seconds > 0 ? (double)r->count / r->seconds : 0.0,
           100.0 * t.solver_share, 100.0 * t.vmm / whole, 100.0 * t.psum / whole,
           100.0 * t.host / whole);
    printf("  layer kind    weights      VMMs   arr.VMMs  +1 in  +1 w  psum base  psum bsx  "
           "clipped   mean|err|     RMS     solves  cached   time s\n");
    for (size_t b = 0; b < bsx_bnn_runner_binary_layers(r->runner); b++) {
        layer_summary u = summarise(r, b);
        const bsx_bnn_layer_stats *s = u.s;
        char shape[32];
        snprintf(shape, sizeof shape, "%zux%zu", s->rows, s->cols);
        printf("  %5zu %-6s %9s %9llu %10llu %5.3f %5.3f %10.3f %9.3f %8llu %11.4f %8.4f %10llu %6.1f%% %8.3f\n",
               s->layer, u.kind, shape, (unsigned long long)s->vmms,
               (unsigned long long)u.array_vmms, u.plus_in, u.plus_w, u.psum_baseline,
               u.psum_binsparx, (unsigned long long)s->clipped_codes, u.mean_abs, u.rms,
               (unsigned long long)s->solves,
               u.array_vmms ? 100.0 * (double)s->cache_hits / (double)u.array_vmms : 0.0,
               s->seconds);
    }
}

static json_t *histogram_json(const uint64_t *hist, int rows)
{
    json_t *arr = json_array();
    for (int p = 0; p <= rows; p++)
        json_array_append_new(arr, json_integer((json_int_t)hist[p]));
    return arr;
}

static void report_json(const bnn_result *r)
{
    const bsx_macro_config *cfg = &r->c->cfg;
    json_t *root = json_object();
    json_object_set_new(root, "model", json_string(r->a->model));
    json_object_set_new(root, "name", json_string(bsx_bnn_model_name(r->model)));
    json_object_set_new(root, "scheme", json_string(bsx_scheme_name(cfg->scheme)));
    json_object_set_new(root, "mode",
                        json_string(r->a->mode.preset ? r->a->mode.preset : "ideal"));
    json_object_set_new(root, "rows", json_integer(cfg->rows));
    json_object_set_new(root, "cols", json_integer(cfg->cols));
    json_object_set_new(root, "adcs", json_integer(cfg->adcs));
    json_object_set_new(root, "adc_bits", json_integer(cfg->adc_bits));
    json_object_set_new(root, "threads", json_integer(r->c->threads));
    json_object_set_new(root, "first", json_integer((json_int_t)r->first));
    json_object_set_new(root, "images", json_integer((json_int_t)r->count));
    if (r->labelled) {
        double lo, hi;
        wilson(r->correct, r->count, &lo, &hi);
        json_object_set_new(root, "correct", json_integer((json_int_t)r->correct));
        json_object_set_new(root, "accuracy", json_real((double)r->correct / (double)r->count));
        json_object_set_new(root, "accuracy_lo", json_real(lo));
        json_object_set_new(root, "accuracy_hi", json_real(hi));
    } else {
        json_object_set_new(root, "correct", json_null());
        json_object_set_new(root, "accuracy", json_null());
    }
    json_object_set_new(root, "seconds", json_real(r->seconds));
    json_object_set_new(root, "images_per_s",
                        json_real(r->seconds > 0 ? (double)r->count / r->seconds : 0.0));
    time_split t = split_time(r);
    json_object_set_new(root, "array_model_share", json_real(t.solver_share));
    json_object_set_new(root, "vmm_seconds", json_real(t.vmm));
    json_object_set_new(root, "psum_seconds", json_real(t.psum));
    json_object_set_new(root, "host_seconds", json_real(t.host));
    json_t *layers = json_array();
    for (size_t b = 0; b < bsx_bnn_runner_binary_layers(r->runner); b++) {
        layer_summary u = summarise(r, b);
        const bsx_bnn_layer_stats *s = u.s;
        json_t *o = json_object();
        json_object_set_new(o, "layer", json_integer((json_int_t)s->layer));
        json_object_set_new(o, "kind", json_string(u.kind));
        json_object_set_new(o, "rows", json_integer((json_int_t)s->rows));
        json_object_set_new(o, "cols", json_integer((json_int_t)s->cols));
        json_object_set_new(o, "row_tiles", json_integer((json_int_t)s->row_tiles));
        json_object_set_new(o, "col_tiles", json_integer((json_int_t)s->col_tiles));
        json_object_set_new(o, "vmms", json_integer((json_int_t)s->vmms));
        json_object_set_new(o, "array_vmms", json_integer((json_int_t)u.array_vmms));
        json_object_set_new(o, "conversions", json_integer((json_int_t)s->conversions));
        json_object_set_new(o, "plus_input_fraction", json_real(u.plus_in));
        json_object_set_new(o, "plus_weight_fraction", json_real(u.plus_w));
        json_object_set_new(o, "mean_psum_baseline", json_real(u.psum_baseline));
        json_object_set_new(o, "mean_psum_binsparx", json_real(u.psum_binsparx));
        json_object_set_new(o, "psum_hist_baseline",
                            histogram_json(s->psum_hist[BSX_SCHEME_BASELINE], cfg->rows));
        json_object_set_new(o, "psum_hist_binsparx",
                            histogram_json(s->psum_hist[BSX_SCHEME_BINSPARX], cfg->rows));
        json_object_set_new(o, "clipped_codes", json_integer((json_int_t)s->clipped_codes));
        json_object_set_new(o, "overflow_codes", json_integer((json_int_t)s->overflow_codes));
        json_object_set_new(o, "mismatches", json_integer((json_int_t)s->mismatches));
        json_object_set_new(o, "mean_abs_error", json_real(u.mean_abs));
        json_object_set_new(o, "rms_error", json_real(u.rms));
        json_object_set_new(o, "max_abs_error", json_integer(s->max_abs_error));
        json_object_set_new(o, "solves", json_integer((json_int_t)s->solves));
        json_object_set_new(o, "cached_tile_solves", json_integer((json_int_t)s->cache_hits));
        json_object_set_new(o, "solver_iterations",
                            json_integer((json_int_t)s->solver_iterations));
        json_object_set_new(o, "seconds", json_real(s->seconds));
        json_object_set_new(o, "vmm_seconds", json_real(s->vmm_seconds));
        json_object_set_new(o, "psum_seconds", json_real(s->psum_seconds));
        json_object_set_new(o, "solver_seconds", json_real(s->solver_seconds));
        json_array_append_new(layers, o);
    }
    json_object_set_new(root, "layers", layers);
    json_dumpf(root, stdout, JSON_COMPACT | JSON_REAL_PRECISION(17));
    fputc('\n', stdout);
    json_decref(root);
}

/* Images per batch: about CHUNK_BYTES of VMM inputs, 1..256; on an analog
 * array, where one image takes seconds, 2 per thread so progress moves. */
static size_t chunk_images(const bsx_bnn_model *m, int analog, int threads)
{
    if (analog)
        return 2 * (size_t)threads;
    size_t per_image = 1;
    for (size_t i = 0; i < bsx_bnn_model_layers(m); i++) {
        const bsx_bnn_layer *L = bsx_bnn_model_layer(m, i);
        if (L->binary && L->out.h * L->out.w * L->rows > per_image)
            per_image = L->out.h * L->out.w * L->rows;
    }
    size_t n = CHUNK_BYTES / per_image;
    return n < 1 ? 1 : n > 256 ? 256 : n;
}

/* The files a run writes: --out, --logits, or the two of --dump. */
typedef struct {
    const char *what[2], *path[2];
    char dump[2][4096];
} bnn_outputs;

/* Commits both staged outputs when st is BSX_OK, else removes them: an
 * output is replaced only when every output was written. */
static int commit_all(bsx_out *staged[2], int st, char *err)
{
    for (int k = 0; k < 2; k++) {
        if (st == BSX_OK && staged[k])
            st = bsx_out_commit(staged[k], err);
        else
            bsx_out_abort(staged[k]);
    }
    return st;
}

static int dump_layer(const bnn_outputs *outs, const bnn_config *c, const bsx_bnn_model *m,
                      bsx_bnn_runner *runner, const bsx_bnn_data *d, char *err)
{
    if ((size_t)c->image >= d->count) {
        snprintf(err, BSX_ERRLEN, "--image: %d is beyond the %zu images", c->image, d->count);
        return BSX_EINVAL;
    }
    int8_t *x;
    size_t batch;
    size_t in_size = d->c * d->h * d->w;
    int st = bsx_bnn_runner_capture(runner, (size_t)c->dump_layer,
                                    d->pixels + (size_t)c->image * in_size, &x, &batch, err);
    if (st != BSX_OK)
        return st;
    const bsx_bnn_layer *L = bsx_bnn_model_layer(m, (size_t)c->dump_layer);
    const char *wpath = outs->path[0], *xpath = outs->path[1];
    bsx_out *staged[2] = {NULL, NULL};
    st = bsx_npy_stage_pm1(wpath, L->rows, L->cols, L->wbin, &staged[0], err);
    if (st == BSX_OK)
        st = bsx_npy_stage_pm1(xpath, batch, L->rows, x, &staged[1], err);
    st = commit_all(staged, st, err);
    free(x);
    if (st == BSX_OK)
        printf("bsxsim bnn: layer %d (%s %zu x %zu), image %d: %s, %s (%zu vectors)\n",
               c->dump_layer, bsx_bnn_kind_name(L->kind), L->rows, L->cols, c->image,
               wpath, xpath, batch);
    return st;
}

/* Runs images first..first+count-1 in batches, with progress on a terminal. */
static int infer_all(bsx_bnn_runner *runner, const bsx_bnn_data *d, size_t first,
                     size_t count, size_t chunk, size_t classes, float *logits, char *err)
{
    int progress = isatty(STDERR_FILENO);
    size_t in_size = d->c * d->h * d->w;
    for (size_t done = 0; done < count; done += chunk) {
        size_t n = count - done < chunk ? count - done : chunk;
        int st = bsx_bnn_runner_infer(runner, d->pixels + (first + done) * in_size, n,
                                      logits + done * classes, err);
        if (st != BSX_OK)
            return st;
        if (progress)
            fprintf(stderr, "\r  images %zu / %zu", done + n, count);
    }
    if (progress)
        fprintf(stderr, "\n");
    return BSX_OK;
}

static int write_outputs(const bnn_args *a, size_t count, size_t classes,
                         const int32_t *pred, const float *logits, char *err)
{
    int st = BSX_OK;
    bsx_out *staged[2] = {NULL, NULL};
    if (a->out)
        st = bsx_npy_stage_i32_vector(a->out, count, pred, &staged[0], err);
    if (st == BSX_OK && a->logits)
        st = bsx_npy_stage_f32(a->logits, count, classes, logits, &staged[1], err);
    return commit_all(staged, st, err);
}

/* The outputs of this run; --dump PREFIX names PREFIX_W.npy and
 * PREFIX_X.npy. */
static int name_outputs(const bnn_args *a, bnn_outputs *o, char *err)
{
    *o = (bnn_outputs){{"--out", "--logits"}, {a->out, a->logits}, {"", ""}};
    if (!a->dump)
        return BSX_OK;
    if (!*a->dump || a->dump[strlen(a->dump) - 1] == '/') {
        snprintf(err, BSX_ERRLEN, "--dump '%.300s': the prefix needs a file name (DIR/NAME "
                 "writes DIR/NAME_W.npy and DIR/NAME_X.npy)", a->dump);
        return BSX_EINVAL;
    }
    for (int k = 0; k < 2; k++) {
        o->what[k] = "--dump";
        o->path[k] = o->dump[k];
        if (snprintf(o->dump[k], sizeof o->dump[k], "%s_%c.npy", a->dump, "WX"[k])
            >= (int)sizeof o->dump[k]) {
            snprintf(err, BSX_ERRLEN, "--dump: the prefix is too long for a file name");
            return BSX_EINVAL;
        }
    }
    return BSX_OK;
}

/* Every output must be writable before a long run starts (safe_file.h),
 * and differ from the other output and from the inputs named on the
 * command line. */
static int check_outputs(const bnn_outputs *o, const bnn_args *a, char *err)
{
    int st = BSX_OK;
    for (int k = 0; k < 2 && st == BSX_OK; k++) {
        if (!o->path[k])
            continue;
        st = bsx_out_check(o->path[k], o->what[k], err);
        if (st == BSX_OK)
            st = bsx_check_distinct(o->path[k], o->what[k], a->data, "--data", err);
        if (st == BSX_OK)
            st = bsx_check_distinct(o->path[k], o->what[k], a->labels, "--labels", err);
    }
    if (st == BSX_OK && o->path[0] && o->path[1])
        st = bsx_check_distinct(o->path[1], o->what[1], o->path[0], o->what[0], err);
    return st;
}

/* No output may be a file the model or the data was read from (a tensor of
 * the model folder, an IDX file of the data folder). */
static int check_outputs_read(const bnn_outputs *o, const bsx_bnn_model *m,
                              const bsx_bnn_data *d, char *err)
{
    int st = BSX_OK;
    for (int k = 0; k < 2 && st == BSX_OK; k++) {
        for (size_t i = 0; o->path[k] && i < bsx_bnn_model_files(m) && st == BSX_OK; i++)
            st = bsx_check_distinct(o->path[k], o->what[k], bsx_bnn_model_file(m, i),
                                    "--model", err);
        for (int i = 0; o->path[k] && i < 2 && st == BSX_OK; i++)
            st = bsx_check_distinct(o->path[k], o->what[k], d->files[i], "--data", err);
    }
    return st;
}

static int check_data(const bsx_bnn_model *m, const bsx_bnn_data *d, const bnn_args *a,
                      char *err)
{
    bsx_bnn_shape in = bsx_bnn_model_input(m);
    if (d->c != in.c || d->h != in.h || d->w != in.w) {
        snprintf(err, BSX_ERRLEN, "%.300s: images are %zu x %zu x %zu, the model wants "
                 "%zu x %zu x %zu", a->data, d->c, d->h, d->w, in.c, in.h, in.w);
        return BSX_EINVAL;
    }
    for (size_t i = 0; d->labels && i < d->count; i++)
        if ((size_t)d->labels[i] >= bsx_bnn_model_classes(m)) {
            snprintf(err, BSX_ERRLEN, "%.300s: label %zu is %d, beyond the model's %zu "
                     "classes", a->labels ? a->labels : a->data, i, (int)d->labels[i],
                     bsx_bnn_model_classes(m));
            return BSX_ERANGE;
        }
    return BSX_OK;
}

static int run(const bnn_args *a)
{
    char err[BSX_ERRLEN] = "";
    bnn_config c;
    if (configure(a, &c, err) != BSX_OK) {
        bsx_cli_fail("bsxsim bnn", err);
        return 1;
    }
    bsx_bnn_model *m = NULL;
    bsx_bnn_data d = {0};
    bsx_analog *analog = NULL;
    bsx_bnn_runner *runner = NULL;
    float *logits = NULL;
    int32_t *pred = NULL;
    int code = 1;
    bnn_outputs outs;
    if (name_outputs(a, &outs, err) != BSX_OK || check_outputs(&outs, a, err) != BSX_OK ||
        bsx_bnn_model_load(a->model, &m, err) != BSX_OK ||
        bsx_bnn_data_load(a->data, a->labels, &d, err) != BSX_OK ||
        check_outputs_read(&outs, m, &d, err) != BSX_OK ||
        check_data(m, &d, a, err) != BSX_OK ||
        bsx_run_mode_analog(&a->mode, c.cfg.rows, &analog, err) != BSX_OK)
        goto done;
    size_t first = (size_t)c.offset;
    if (first >= d.count) {
        snprintf(err, BSX_ERRLEN, "--offset: %zu is beyond the %zu images", first, d.count);
        goto done;
    }
    size_t count = d.count - first;
    if (c.limit > 0 && (size_t)c.limit < count)
        count = (size_t)c.limit;
    size_t classes = bsx_bnn_model_classes(m);
    bsx_bnn_run_options o = {.cfg = c.cfg, .analog = analog, .threads = c.threads,
                             .chunk = c.dump_layer >= 0 ? 1 : chunk_images(m, analog != NULL, c.threads)};
    if (bsx_bnn_runner_create(m, &o, &runner, err) != BSX_OK)
        goto done;
    if (c.dump_layer >= 0) {
        code = dump_layer(&outs, &c, m, runner, &d, err) == BSX_OK ? 0 : 1;
        goto done;
    }
    logits = malloc(count * classes * sizeof *logits);
    pred = malloc(count * sizeof *pred);
    if (!logits || !pred) {
        snprintf(err, BSX_ERRLEN, "bnn: %s", bsx_strerror(BSX_ENOMEM));
        goto done;
    }
    double t0 = now_seconds();
    if (infer_all(runner, &d, first, count, o.chunk, classes, logits, err) != BSX_OK)
        goto done;
    bnn_result r = {.a = a, .c = &c, .model = m, .runner = runner, .first = first,
                    .count = count, .labelled = d.labels != NULL,
                    .seconds = now_seconds() - t0};
    for (size_t i = 0; i < count; i++) {
        const float *l = logits + i * classes;
        size_t best = 0; /* the first maximum, as torch.argmax and np.argmax */
        for (size_t k = 1; k < classes; k++)
            if (l[k] > l[best])
                best = k;
        pred[i] = (int32_t)best;
        if (d.labels && d.labels[first + i] == pred[i])
            r.correct++;
    }
    if (write_outputs(a, count, classes, pred, logits, err) != BSX_OK)
        goto done;
    if (a->mode.json)
        report_json(&r);
    else
        report_text(&r);
    code = 0;
done:
    if (code != 0)
        bsx_cli_fail("bsxsim bnn", err);
    free(logits);
    free(pred);
    bsx_bnn_runner_destroy(runner);
    bsx_analog_destroy(analog);
    bsx_bnn_data_free(&d);
    bsx_bnn_model_destroy(m);
    return code;
}

int cmd_bnn(int argc, char **argv)
{
    bnn_args a = {.mode.threads = 1, .limit = -1, .dump_layer = -1, .image = -1};
    const bsx_opt opts[] = {
        {"--model", BSX_OPT_TEXT, &a.model, 0, 0, NULL},
        {"--data", BSX_OPT_TEXT, &a.data, 0, 0, NULL},
        {"--labels", BSX_OPT_TEXT, &a.labels, 0, 0, NULL},
        {"--out", BSX_OPT_TEXT, &a.out, 0, 0, NULL},
        {"--logits", BSX_OPT_TEXT, &a.logits, 0, 0, NULL},
        {"--dump", BSX_OPT_TEXT, &a.dump, 0, 0, NULL},
        {"--limit", BSX_OPT_INT, &a.limit, 1, 1 << 30, NULL},
        {"--offset", BSX_OPT_INT, &a.offset, 0, 1 << 30, NULL},
        {"--dump-layer", BSX_OPT_INT, &a.dump_layer, 0, BSX_BNN_MAX_LAYERS - 1, NULL},
        {"--image", BSX_OPT_INT, &a.image, 0, 1 << 30, NULL},
        BSX_RUN_MODE_OPTIONS(a.mode),
    };
    int rc = bsx_opt_parse("bsxsim bnn", argc, argv, opts, sizeof opts / sizeof opts[0], usage);
    if (rc >= 0)
        return rc;
    if (!a.model || !a.data || !a.mode.scheme) {
        fprintf(stderr, "bsxsim bnn: --model, --data and --scheme are required (see --help)\n");
        return BSX_EXIT_USAGE;
    }
    if ((a.dump_layer >= 0) != (a.image >= 0) || (a.dump_layer >= 0) != (a.dump != NULL)) {
        fprintf(stderr, "bsxsim bnn: --dump-layer, --image and --dump go together\n");
        return BSX_EXIT_USAGE;
    }
    if (a.dump && (a.out || a.logits)) {
        fprintf(stderr, "bsxsim bnn: --dump writes the layer's operands only; --out and "
                        "--logits do not apply\n");
        return BSX_EXIT_USAGE;
    }
    return run(&a);
}
