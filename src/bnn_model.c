/* Loader and checker of the network format of docs/bnn-format.md (contract
 * in bnn_model.h). The manifest is parsed by Jansson (Debian libjansson-dev)
 * with duplicate keys rejected; tensors by the project's .npy reader. Each
 * layer is checked against the shape that reaches it, so a model that loads
 * runs without further checks. Unknown keys are ignored (room for
 * annotations such as a layer name). */
#include "bnn_model.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "npy.h"
#include "safe_file.h"

struct bsx_bnn_model {
    char *name;
    size_t classes;
    bsx_bnn_shape input;
    float scale;
    float *mean, *std;
    size_t nlayers;
    bsx_bnn_layer *layers;
    char **files; /* the manifest and every tensor read, as opened */
    size_t nfiles;
};

/* Where the loader is: the model folder, the manifest path, the file and
 * field being read (for messages). */
typedef struct {
    const char *dir;
    bsx_bnn_model *model; /* records the files it reads */
    char manifest[4096];
    char file[4096]; /* the manifest, or the tensor just read */
    char field[96];
    char *err;
} loader;

static int fail(loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "MANIFEST: FIELD: problem". */
static int fail(loader *ld, const char *fmt, ...)
{
    int n = snprintf(ld->err, BSX_ERRLEN, "%.300s: %s: ", ld->file, ld->field);
    if (n >= 0 && n < BSX_ERRLEN) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ld->err + n, BSX_ERRLEN - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return BSX_EFORMAT;
}

static void set_field(loader *ld, size_t layer, const char *key)
{
    memcpy(ld->file, ld->manifest, sizeof ld->file);
    if (layer == SIZE_MAX)
        snprintf(ld->field, sizeof ld->field, "%s", key);
    else
        snprintf(ld->field, sizeof ld->field, "layers[%zu].%s", layer, key);
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a real number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* obj[key] must exist (missing is an error naming the field). */
static int get(loader *ld, const json_t *obj, size_t layer, const char *key, json_t **v)
{
    set_field(ld, layer, key);
    *v = json_object_get(obj, key);
    if (!*v)
        return fail(ld, "missing field");
    return BSX_OK;
}

static int get_size(loader *ld, const json_t *obj, size_t layer, const char *key,
                    size_t lo, size_t hi, size_t *out)
{
    json_t *v;
    int st = get(ld, obj, layer, key, &v);
    if (st != BSX_OK)
        return st;
    if (!json_is_integer(v))
        return fail(ld, "must be an integer, not %s", type_name(v));
    json_int_t i = json_integer_value(v);
    if (i < (json_int_t)lo || i > (json_int_t)hi)
        return fail(ld, "%lld is outside %zu..%zu", (long long)i, lo, hi);
    *out = (size_t)i;
    return BSX_OK;
}

static int get_number(loader *ld, const json_t *v, double *out)
{
    if (!json_is_number(v))
        return fail(ld, "must be a number, not %s", type_name(v));
    *out = json_number_value(v);
    if (!isfinite(*out))
        return fail(ld, "must be finite");
    return BSX_OK;
}

/* Notes path as one of the files the model was read from. */
static int add_file(loader *ld, const char *path)
{
    bsx_bnn_model *m = ld->model;
    char **grown = realloc(m->files, (m->nfiles + 1) * sizeof *grown);
    if (grown)
        m->files = grown;
    if (!grown || !(m->files[m->nfiles] = strdup(path)))
        return fail(ld, "cannot allocate");
    m->nfiles++;
    return BSX_OK;
}

/* A tensor file name: plain (no '/', not "." or ".."), read from the folder. */
static int get_tensor(loader *ld, const json_t *obj, size_t layer, const char *key,
                      int optional, bsx_npy_tensor *t, size_t max_count)
{
    json_t *v;
    int st = get(ld, obj, layer, key, &v);
    if (st != BSX_OK)
        return st;
    if (optional && json_is_null(v))
        return BSX_OK;
    if (!json_is_string(v))
        return fail(ld, "must be a file name%s, not %s", optional ? " or null" : "",
                    type_name(v));
    const char *name = json_string_value(v);
    if (name[0] == '\0' || strchr(name, '/') || strcmp(name, ".") == 0 ||
        strcmp(name, "..") == 0 || strstr(name, "..") ||
        strlen(name) != json_string_length(v))
        return fail(ld, "'%.80s' is not a plain file name in the model folder (no '/', "
                        "no '..')", name);
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", ld->dir, name) >= (int)sizeof path)
        return fail(ld, "path is too long");
    memcpy(ld->file, path, sizeof ld->file);
    st = add_file(ld, path);
    return st != BSX_OK ? st : bsx_npy_read_tensor(path, ld->field, max_count, t, ld->err);
}

/* The tensor t (from FILE, field already set) must have exactly the shape
 * dims[0..ndim) and the kind class ('f' float, 'i' integer). */
static int check_tensor(loader *ld, const bsx_npy_tensor *t, char kind, size_t ndim,
                        const size_t *dims)
{
    char want[96], have[96];
    size_t n = 0, m = 0;
    for (size_t i = 0; i < ndim; i++)
        n += (size_t)snprintf(want + n, sizeof want - n, "%s%zu", i ? ", " : "(", dims[i]);
    snprintf(want + n, sizeof want - n, "%s)", ndim == 1 ? "," : "");
    for (size_t i = 0; i < t->ndim; i++)
        m += (size_t)snprintf(have + m, sizeof have - m, "%s%zu", i ? ", " : "(",
                              t->shape[i]);
    snprintf(have + m, sizeof have - m, "%s)", t->ndim == 1 ? "," : "");
    int kind_ok = kind == 'f' ? t->kind == 'f' : (t->kind == 'i' || t->kind == 'u');
    if (!kind_ok)
        return fail(ld, "dtype must be %s, the file holds %s%u",
                    kind == 'f' ? "float32 (or float64)" : "an integer type (int8)",
                    t->kind == 'f' ? "float" : t->kind == 'u' ? "uint" : "int",
                    8 * t->itemsize);
    int same = t->ndim == ndim;
    for (size_t i = 0; same && i < ndim; i++)
        same = t->shape[i] == dims[i];
    if (!same)
        return fail(ld, "shape %s, expected %s", have, want);
    return BSX_OK;
}

static int finite_floats(loader *ld, const bsx_npy_tensor *t, float **out)
{
    *out = malloc(t->count * sizeof **out);
    if (!*out)
        return fail(ld, "cannot allocate %zu floats", t->count);
    for (size_t i = 0; i < t->count; i++) {
        if (!isfinite(t->data[i]) || fabs(t->data[i]) > 3.4e38)
            return fail(ld, "element %zu is %g; every value must be a finite float32",
                        i, t->data[i]);
        (*out)[i] = (float)t->data[i];
    }
    return BSX_OK;
}

static int pm1_bytes(loader *ld, const bsx_npy_tensor *t, const char *what, int8_t **out)
{
    *out = malloc(t->count ? t->count : 1);
    if (!*out)
        return fail(ld, "cannot allocate %zu bytes", t->count);
    for (size_t i = 0; i < t->count; i++) {
        if (t->data[i] != 1.0 && t->data[i] != -1.0)
            return fail(ld, "element %zu is %g; %s must be -1 or +1", i, t->data[i],
                        what);
        (*out)[i] = t->data[i] > 0 ? 1 : -1;
    }
    return BSX_OK;
}

static int check_layer_size(loader *ld, size_t index, bsx_bnn_shape s)
{
    if (s.c > BSX_BNN_MAX_DIM || bsx_bnn_shape_size(s) > BSX_BNN_MAX_ELEMENTS) {
        set_field(ld, index, "kind");
        return fail(ld, "output of %zu x %zu x %zu exceeds the limit of %u elements",
                    s.c, s.h, s.w, BSX_BNN_MAX_ELEMENTS);
    }
    return BSX_OK;
}

/* conv2d and linear: geometry, then weights and bias by kind. */
static int load_weighted(loader *ld, const json_t *obj, size_t i, bsx_bnn_layer *L)
{
    int conv = L->kind == BSX_BNN_CONV2D;
    json_t *v;
    int st = get(ld, obj, i, "binary", &v);
    if (st != BSX_OK)
        return st;
    if (!json_is_boolean(v))
        return fail(ld, "must be true or false, not %s", type_name(v));
    L->binary = json_is_true(v);
    size_t in_n, out_n;
    const char *in_key = conv ? "in_channels" : "in_features";
    const char *out_key = conv ? "out_channels" : "out_features";
    if ((st = get_size(ld, obj, i, in_key, 1, BSX_BNN_MAX_DIM, &in_n)) != BSX_OK ||
        (st = get_size(ld, obj, i, out_key, 1, BSX_BNN_MAX_DIM, &out_n)) != BSX_OK)
        return st;
    L->kernel = 1;
    L->stride = 1;
    L->padding = 0;
    if (conv) {
        if ((st = get_size(ld, obj, i, "kernel", 1, BSX_BNN_MAX_KERNEL, &L->kernel)) ||
            (st = get_size(ld, obj, i, "stride", 1, BSX_BNN_MAX_KERNEL, &L->stride)) ||
            (st = get_size(ld, obj, i, "padding", 0, BSX_BNN_MAX_KERNEL, &L->padding)))
            return st;
        if (L->in.flat) {
            set_field(ld, i, "kind");
            return fail(ld, "conv2d needs a (C, H, W) input, got %zu flat features",
                        L->in.c);
        }
        set_field(ld, i, in_key);
        if (in_n != L->in.c)
            return fail(ld, "%zu, but the input has %zu channels", in_n, L->in.c);
        if (L->in.h + 2 * L->padding < L->kernel || L->in.w + 2 * L->padding < L->kernel)
            return fail(ld, "kernel %zu does not fit the padded %zu x %zu input",
                        L->kernel, L->in.h, L->in.w);
        L->out = (bsx_bnn_shape){0, out_n,
                                 (L->in.h + 2 * L->padding - L->kernel) / L->stride + 1,
                                 (L->in.w + 2 * L->padding - L->kernel) / L->stride + 1};
    } else {
        set_field(ld, i, in_key);
        if (!L->in.flat)
            return fail(ld, "linear needs a flat input, got %zu x %zu x %zu (add a "
                            "flatten layer)", L->in.c, L->in.h, L->in.w);
        if (in_n != L->in.c)
            return fail(ld, "%zu, but the input has %zu features", in_n, L->in.c);
        L->out = (bsx_bnn_shape){1, out_n, 1, 1};
    }
    if ((st = check_layer_size(ld, i, L->out)) != BSX_OK)
        return st;
    size_t k2 = L->kernel * L->kernel;
    if (in_n * k2 > BSX_BNN_MAX_WEIGHTS / out_n) {
        set_field(ld, i, "weight");
        return fail(ld, "%zu x %zu weights exceed the limit of %u", in_n * k2, out_n,
                    BSX_BNN_MAX_WEIGHTS);
    }
    bsx_npy_tensor w = {0}, b = {0};
    st = get_tensor(ld, obj, i, "weight", 0, &w, BSX_BNN_MAX_WEIGHTS);
    if (st == BSX_OK && L->binary) {
        size_t dims[2] = {in_n * k2, out_n};
        L->rows = dims[0];
        L->cols = dims[1];
        st = check_tensor(ld, &w, 'i', 2, dims);
        if (st == BSX_OK)
            st = pm1_bytes(ld, &w, "binary weights", &L->wbin);
        if (st == BSX_OK) {
            json_t *bias = json_object_get(obj, "bias");
            set_field(ld, i, "bias");
            if (bias && !json_is_null(bias))
                st = fail(ld, "binary layers carry no bias (fold it into the next "
                              "bn_sign threshold); must be null");
        }
    } else if (st == BSX_OK) {
        size_t dims[4] = {out_n, in_n, L->kernel, L->kernel};
        st = check_tensor(ld, &w, 'f', conv ? 4 : 2, dims);
        if (st == BSX_OK)
            st = finite_floats(ld, &w, &L->weight);
        if (st == BSX_OK)
            st = get_tensor(ld, obj, i, "bias", 1, &b, BSX_BNN_MAX_DIM);
        if (st == BSX_OK && b.data) {
            st = check_tensor(ld, &b, 'f', 1, &out_n);
            if (st == BSX_OK)
                st = finite_floats(ld, &b, &L->bias);
        }
    }
    bsx_npy_tensor_free(&w);
    bsx_npy_tensor_free(&b);
    return st;
}

static int load_bn_sign(loader *ld, const json_t *obj, size_t i, bsx_bnn_layer *L)
{
    size_t n = L->in.c;
    L->out = L->in;
    bsx_npy_tensor t = {0}, d = {0};
    int st = get_tensor(ld, obj, i, "threshold", 0, &t, BSX_BNN_MAX_DIM);
    if (st == BSX_OK)
        st = check_tensor(ld, &t, 'f', 1, &n);
    for (size_t k = 0; st == BSX_OK && k < n; k++)
        if (isnan(t.data[k]))
            st = fail(ld, "element %zu is NaN (use +-inf for a constant channel)", k);
    if (st == BSX_OK) {
        L->threshold = malloc(n * sizeof *L->threshold);
        if (!L->threshold)
            st = fail(ld, "cannot allocate %zu values", n);
        else
            memcpy(L->threshold, t.data, n * sizeof *L->threshold);
    }
    if (st == BSX_OK)
        st = get_tensor(ld, obj, i, "direction", 0, &d, BSX_BNN_MAX_DIM);
    if (st == BSX_OK)
        st = check_tensor(ld, &d, 'i', 1, &n);
    if (st == BSX_OK)
        st = pm1_bytes(ld, &d, "directions", &L->direction);
    bsx_npy_tensor_free(&t);
    bsx_npy_tensor_free(&d);
    return st;
}

static int load_layer(loader *ld, const json_t *obj, size_t i, int in_pm1,
                      bsx_bnn_layer *L)
{
    set_field(ld, i, "kind");
    if (!json_is_object(obj))
        return fail(ld, "the layer must be an object, not %s", type_name(obj));
    json_t *v;
    int st = get(ld, obj, i, "kind", &v);
    if (st != BSX_OK)
        return st;
    const char *kind = json_is_string(v) ? json_string_value(v) : "";
    int k = 0;
    while (k < BSX_BNN_KINDS && strcmp(kind, bsx_bnn_kind_name((bsx_bnn_kind)k)) != 0)
        k++;
    if (k == BSX_BNN_KINDS)
        return fail(ld, "'%.40s' is not a layer kind (conv2d, linear, maxpool2d, "
                        "bn_sign, sign, flatten)", json_is_string(v) ? kind : type_name(v));
    L->kind = (bsx_bnn_kind)k;
    switch (L->kind) {
    case BSX_BNN_CONV2D:
    case BSX_BNN_LINEAR:
        st = load_weighted(ld, obj, i, L);
        if (st == BSX_OK && L->binary && !in_pm1) {
            set_field(ld, i, "binary");
            st = fail(ld, "a binary %s needs +-1 inputs (put bn_sign or sign before it)",
                      kind);
        }
        return st;
    case BSX_BNN_MAXPOOL2D:
        if ((st = get_size(ld, obj, i, "size", 1, BSX_BNN_MAX_KERNEL, &L->pool)))
            return st;
        if (L->in.flat || L->in.h % L->pool || L->in.w % L->pool)
            return fail(ld, "%zu does not divide the input %zu x %zu%s", L->pool,
                        L->in.h, L->in.w, L->in.flat ? " (flat)" : "");
        L->out = (bsx_bnn_shape){0, L->in.c, L->in.h / L->pool, L->in.w / L->pool};
        return BSX_OK;
    case BSX_BNN_BN_SIGN:
        return load_bn_sign(ld, obj, i, L);
    case BSX_BNN_SIGN:
        L->out = L->in;
        return BSX_OK;
    default: /* flatten */
        L->out = (bsx_bnn_shape){1, bsx_bnn_shape_size(L->in), 1, 1};
        return check_layer_size(ld, i, L->out);
    }
}

/* format, version, name, classes, input. */
static int load_header(loader *ld, const json_t *root, bsx_bnn_model *m)
{
    json_t *v;
    int st;
    if ((st = get(ld, root, SIZE_MAX, "format", &v)))
        return st;
    if (!json_is_string(v) || strcmp(json_string_value(v), "bsx-bnn") != 0)
        return fail(ld, "must be \"bsx-bnn\"");
    size_t version;
    if ((st = get_size(ld, root, SIZE_MAX, "version", 0, 1000, &version)))
        return st;
    if (version != 1)
        return fail(ld, "version %zu is not supported (1 is)", version);
    v = json_object_get(root, "name");
    set_field(ld, SIZE_MAX, "name");
    if (v && !json_is_string(v))
        return fail(ld, "must be a string, not %s", type_name(v));
    m->name = strdup(v ? json_string_value(v) : "");
    if (!m->name)
        return fail(ld, "cannot allocate");
    if ((st = get_size(ld, root, SIZE_MAX, "classes", 1, BSX_BNN_MAX_DIM, &m->classes)))
        return st;
    json_t *in;
    if ((st = get(ld, root, SIZE_MAX, "input", &in)))
        return st;
    if (!json_is_object(in))
        return fail(ld, "must be an object, not %s", type_name(in));
    if ((st = get(ld, in, SIZE_MAX, "shape", &v)))
        return st;
    set_field(ld, SIZE_MAX, "input.shape");
    if (!json_is_array(v) || json_array_size(v) != 3)
        return fail(ld, "must be [C, H, W]");
    size_t dims[3], lim[3] = {BSX_BNN_MAX_DIM, BSX_BNN_MAX_SPATIAL, BSX_BNN_MAX_SPATIAL};
    for (size_t k = 0; k < 3; k++) {
        json_t *e = json_array_get(v, k);
        if (!json_is_integer(e) || json_integer_value(e) < 1 ||
            json_integer_value(e) > (json_int_t)lim[k])
            return fail(ld, "entry %zu must be an integer 1..%zu", k, lim[k]);
        dims[k] = (size_t)json_integer_value(e);
    }
    m->input = (bsx_bnn_shape){0, dims[0], dims[1], dims[2]};
    if (bsx_bnn_shape_size(m->input) > BSX_BNN_MAX_ELEMENTS)
        return fail(ld, "%zu x %zu x %zu exceeds the limit of %u elements", dims[0],
                    dims[1], dims[2], BSX_BNN_MAX_ELEMENTS);
    double scale;
    if ((st = get(ld, in, SIZE_MAX, "scale", &v)))
        return st;
    set_field(ld, SIZE_MAX, "input.scale");
    if ((st = get_number(ld, v, &scale)))
        return st;
    m->scale = (float)scale;
    m->mean = calloc(dims[0], sizeof *m->mean);
    m->std = calloc(dims[0], sizeof *m->std);
    if (!m->mean || !m->std)
        return fail(ld, "cannot allocate");
    static const char *const keys[2] = {"mean", "std"};
    float *dst[2] = {m->mean, m->std};
    for (int k = 0; k < 2; k++) {
        if ((st = get(ld, in, SIZE_MAX, keys[k], &v)))
            return st;
        set_field(ld, SIZE_MAX, k ? "input.std" : "input.mean");
        if (!json_is_array(v) || json_array_size(v) != dims[0])
            return fail(ld, "must be an array of %zu numbers (one per channel)", dims[0]);
        for (size_t c = 0; c < dims[0]; c++) {
            double x;
            if ((st = get_number(ld, json_array_get(v, c), &x)))
                return st;
            if (k == 1 && !(x > 0.0))
                return fail(ld, "entry %zu is %g; must be positive", c, x);
            dst[k][c] = (float)x;
        }
    }
    return BSX_OK;
}

static int load_layers(loader *ld, const json_t *root, bsx_bnn_model *m)
{
    json_t *arr;
    int st = get(ld, root, SIZE_MAX, "layers", &arr);
    if (st != BSX_OK)
        return st;
    if (!json_is_array(arr) || json_array_size(arr) == 0 ||
        json_array_size(arr) > BSX_BNN_MAX_LAYERS)
        return fail(ld, "must be an array of 1..%d layers", BSX_BNN_MAX_LAYERS);
    m->nlayers = json_array_size(arr);
    m->layers = calloc(m->nlayers, sizeof *m->layers);
    if (!m->layers)
        return fail(ld, "cannot allocate");
    bsx_bnn_shape shape = m->input;
    int pm1 = 0; /* the tensor holds only +-1 */
    for (size_t i = 0; i < m->nlayers; i++) {
        bsx_bnn_layer *L = &m->layers[i];
        L->in = shape;
        st = load_layer(ld, json_array_get(arr, i), i, pm1, L);
        if (st != BSX_OK)
            return st;
        if (L->kind == BSX_BNN_BN_SIGN || L->kind == BSX_BNN_SIGN)
            pm1 = 1;
        else if (L->kind == BSX_BNN_CONV2D || L->kind == BSX_BNN_LINEAR)
            pm1 = 0;
        shape = L->out;
    }
    set_field(ld, SIZE_MAX, "layers");
    if (!shape.flat || shape.c != m->classes)
        return fail(ld, "the last layer gives %zu x %zu x %zu%s, expected %zu flat "
                        "class scores", shape.c, shape.h, shape.w,
                    shape.flat ? " (flat)" : "", m->classes);
    return BSX_OK;
}

int bsx_bnn_model_load(const char *dir, bsx_bnn_model **out, char *err)
{
    *out = NULL;
    loader ld = {.dir = dir, .err = err};
    if (snprintf(ld.manifest, sizeof ld.manifest, "%s/manifest.json", dir) >=
        (int)sizeof ld.manifest) {
        snprintf(err, BSX_ERRLEN, "--model: path is too long");
        return BSX_EINVAL;
    }
    set_field(&ld, SIZE_MAX, "manifest");
    char *text;
    size_t len;
    int st = bsx_in_read_all(ld.manifest, "--model", BSX_BNN_MANIFEST_MAX_BYTES, &text, &len,
                             err);
    if (st != BSX_OK)
        return st;
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    free(text);
    if (!root) {
        snprintf(err, BSX_ERRLEN, "%.300s: line %d column %d: %.150s", ld.manifest, jerr.line,
                 jerr.column, jerr.text);
        return BSX_EFORMAT;
    }
    bsx_bnn_model *m = calloc(1, sizeof *m);
    if (!m) {
        json_decref(root);
        snprintf(err, BSX_ERRLEN, "%.400s: cannot allocate", ld.manifest);
        return BSX_ENOMEM;
    }
    ld.model = m;
    st = add_file(&ld, ld.manifest);
    if (st == BSX_OK && !json_is_object(root))
        st = fail(&ld, "the manifest must be a JSON object");
    if (st == BSX_OK)
        st = load_header(&ld, root, m);
    if (st == BSX_OK)
        st = load_layers(&ld, root, m);
    json_decref(root);
    if (st != BSX_OK) {
        bsx_bnn_model_destroy(m);
        return st;
    }
    *out = m;
    return BSX_OK;
}

void bsx_bnn_model_destroy(bsx_bnn_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->layers && i < m->nlayers; i++) {
        bsx_bnn_layer *L = &m->layers[i];
        free(L->weight);
        free(L->bias);
        free(L->wbin);
        free(L->threshold);
        free(L->direction);
    }
    free(m->layers);
    for (size_t i = 0; i < m->nfiles; i++)
        free(m->files[i]);
    free(m->files);
    free(m->name);
    free(m->mean);
    free(m->std);
    free(m);
}

const char *bsx_bnn_model_name(const bsx_bnn_model *m) { return m->name; }
size_t bsx_bnn_model_classes(const bsx_bnn_model *m) { return m->classes; }
bsx_bnn_shape bsx_bnn_model_input(const bsx_bnn_model *m) { return m->input; }
float bsx_bnn_model_scale(const bsx_bnn_model *m) { return m->scale; }
const float *bsx_bnn_model_mean(const bsx_bnn_model *m) { return m->mean; }
const float *bsx_bnn_model_std(const bsx_bnn_model *m) { return m->std; }
size_t bsx_bnn_model_layers(const bsx_bnn_model *m) { return m->nlayers; }
size_t bsx_bnn_model_files(const bsx_bnn_model *m) { return m->nfiles; }
const char *bsx_bnn_model_file(const bsx_bnn_model *m, size_t i) { return m->files[i]; }

const bsx_bnn_layer *bsx_bnn_model_layer(const bsx_bnn_model *m, size_t i)
{
    return &m->layers[i];
}

const char *bsx_bnn_kind_name(bsx_bnn_kind kind)
{
    static const char *const names[] = {"conv2d", "linear", "maxpool2d",
                                        "bn_sign", "sign", "flatten"};
    return names[kind];
}

size_t bsx_bnn_shape_size(bsx_bnn_shape s)
{
    return s.c * s.h * s.w;
}
