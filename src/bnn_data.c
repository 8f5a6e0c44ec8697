/* Loading of the test images of `bsxsim bnn` (see bnn_data.h). */
#include "bnn_data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bsx_status.h"
#include "idx.h"
#include "npy.h"

void bsx_bnn_data_free(bsx_bnn_data *d)
{
    if (!d)
        return;
    free(d->pixels);
    free(d->labels);
    free(d->files[0]);
    free(d->files[1]);
    *d = (bsx_bnn_data){0};
}

/* dir/name.gz if it exists, else dir/name. */
static void idx_path(const char *dir, const char *name, char *out, size_t cap)
{
    struct stat st;
    snprintf(out, cap, "%s/%s.gz", dir, name);
    if (stat(out, &st) != 0)
        snprintf(out, cap, "%s/%s", dir, name);
}

static int load_idx(const char *dir, bsx_bnn_data *d, char *err)
{
    char ipath[4096], lpath[4096];
    idx_path(dir, "t10k-images-idx3-ubyte", ipath, sizeof ipath);
    idx_path(dir, "t10k-labels-idx1-ubyte", lpath, sizeof lpath);
    bsx_idx_array im, lab;
    d->files[0] = strdup(ipath);
    d->files[1] = strdup(lpath);
    if (!d->files[0] || !d->files[1]) {
        snprintf(err, BSX_ERRLEN, "%.300s: out of memory", dir);
        return BSX_ENOMEM;
    }
    int st = bsx_idx_read(ipath, BSX_BNN_DATA_MAX_PIXELS, &im, err);
    if (st != BSX_OK)
        return st;
    if (im.ndim != 3) {
        snprintf(err, BSX_ERRLEN, "%.300s: images must have 3 dimensions, not %zu",
                 ipath, im.ndim);
        bsx_idx_free(&im);
        return BSX_EFORMAT;
    }
    st = bsx_idx_read(lpath, BSX_BNN_DATA_MAX_PIXELS, &lab, err);
    if (st != BSX_OK) {
        bsx_idx_free(&im);
        return st;
    }
    if (lab.ndim != 1 || lab.dims[0] != im.dims[0]) {
        snprintf(err, BSX_ERRLEN, "%.300s: %zu labels in %zu dimension(s) for %zu images",
                 lpath, lab.count, lab.ndim, im.dims[0]);
        bsx_idx_free(&im);
        bsx_idx_free(&lab);
        return BSX_EFORMAT;
    }
    d->count = im.dims[0];
    d->c = 1;
    d->h = im.dims[1];
    d->w = im.dims[2];
    d->pixels = im.data;
    d->labels = malloc(d->count * sizeof *d->labels);
    if (d->labels)
        for (size_t i = 0; i < d->count; i++)
            d->labels[i] = lab.data[i];
    bsx_idx_free(&lab);
    if (!d->labels) {
        snprintf(err, BSX_ERRLEN, "%.300s: cannot allocate the labels", lpath);
        return BSX_ENOMEM;
    }
    return BSX_OK;
}

static int load_npy(const char *path, const char *labels_path, bsx_bnn_data *d, char *err)
{
    bsx_npy_tensor t;
    d->files[0] = strdup(path);
    d->files[1] = labels_path ? strdup(labels_path) : NULL;
    if (!d->files[0] || (labels_path && !d->files[1])) {
        snprintf(err, BSX_ERRLEN, "%.300s: out of memory", path);
        return BSX_ENOMEM;
    }
    int st = bsx_npy_read_tensor(path, "images", BSX_BNN_DATA_MAX_PIXELS, &t, err);
    if (st != BSX_OK)
        return st;
    if (t.kind != 'u' || t.itemsize != 1 || t.ndim < 3) {
        snprintf(err, BSX_ERRLEN, "%.300s: images: must be uint8 (B, H, W) or "
                 "(B, C, H, W), not %s%u with %zu dimensions", path,
                 t.kind == 'f' ? "float" : t.kind == 'u' ? "uint" : "int", 8 * t.itemsize,
                 t.ndim);
        bsx_npy_tensor_free(&t);
        return BSX_EUNSUP;
    }
    d->count = t.shape[0];
    d->c = t.ndim == 4 ? t.shape[1] : 1;
    d->h = t.shape[t.ndim - 2];
    d->w = t.shape[t.ndim - 1];
    d->pixels = malloc(t.count);
    if (!d->pixels) {
        bsx_npy_tensor_free(&t);
        snprintf(err, BSX_ERRLEN, "%.300s: cannot allocate the images", path);
        return BSX_ENOMEM;
    }
    for (size_t i = 0; i < t.count; i++)
        d->pixels[i] = (uint8_t)t.data[i];
    bsx_npy_tensor_free(&t);
    if (!labels_path)
        return BSX_OK;
    st = bsx_npy_read_tensor(labels_path, "labels", BSX_BNN_DATA_MAX_PIXELS, &t, err);
    if (st != BSX_OK)
        return st;
    if (t.kind == 'f' || t.ndim != 1 || t.count != d->count) {
        snprintf(err, BSX_ERRLEN, "%.300s: labels: must be an integer array of shape "
                 "(%zu,)", labels_path, d->count);
        bsx_npy_tensor_free(&t);
        return BSX_EUNSUP;
    }
    d->labels = malloc(d->count * sizeof *d->labels);
    for (size_t i = 0; d->labels && i < d->count; i++) {
        if (t.data[i] < 0 || t.data[i] > 65535) {
            snprintf(err, BSX_ERRLEN, "%.300s: labels: element %zu is %g, not a class "
                     "index", labels_path, i, t.data[i]);
            bsx_npy_tensor_free(&t);
            return BSX_ERANGE;
        }
        d->labels[i] = (int32_t)t.data[i];
    }
    bsx_npy_tensor_free(&t);
    if (!d->labels) {
        snprintf(err, BSX_ERRLEN, "%.300s: cannot allocate the labels", labels_path);
        return BSX_ENOMEM;
    }
    return BSX_OK;
}

int bsx_bnn_data_load(const char *path, const char *labels_path, bsx_bnn_data *out,
                      char *err)
{
    *out = (bsx_bnn_data){0};
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, BSX_ERRLEN, "%.300s: --data: %s", path, strerror(errno));
        return BSX_EIO;
    }
    int status;
    if (S_ISDIR(st.st_mode)) {
        if (labels_path) {
            snprintf(err, BSX_ERRLEN, "--labels: only with an .npy of images (the IDX "
                     "folder %.400s has its own labels)", path);
            return BSX_EINVAL;
        }
        status = load_idx(path, out, err);
    } else {
        status = load_npy(path, labels_path, out, err);
    }
    if (status != BSX_OK)
        bsx_bnn_data_free(out);
    return status;
}
