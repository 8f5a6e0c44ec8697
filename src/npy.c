/* Reads matrices from .npy files (contract in npy.h). The header is parsed
 * by npy_header.c; this file decodes the elements in their stored dtype and
 * byte order and checks each one: exactly -1 or +1 for +-1 data, inside the
 * int32 range for integer outputs. The file reader and the in-memory parser
 * share every check. */
#include "npy.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bsx_status.h"
#include "npy_header.h"
#include "safe_file.h"

/* The element at p as an unsigned integer of size bytes in file order. */
static uint64_t load_bits(const uint8_t *p, unsigned size, int big_endian)
{
    uint64_t u = 0;
    for (unsigned i = 0; i < size; i++)
        u = u << 8 | p[big_endian ? i : size - 1 - i];
    return u;
}

static double half_to_double(uint16_t h)
{
    int exponent = (h >> 10) & 0x1f;
    double mantissa = h & 0x3ff;
    double v = exponent == 0    ? ldexp(mantissa, -24)
             : exponent == 0x1f ? (mantissa != 0.0 ? NAN : INFINITY)
                                : ldexp(mantissa + 1024.0, exponent - 25);
    return (h & 0x8000) ? -v : v;
}

static double load_float(const uint8_t *p, unsigned size, int big_endian)
{
    uint64_t u = load_bits(p, size, big_endian);
    if (size == 2)
        return half_to_double((uint16_t)u);
    if (size == 4) {
        uint32_t u32 = (uint32_t)u;
        float f;
        memcpy(&f, &u32, sizeof f);
        return f;
    }
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static int64_t load_int(const uint8_t *p, unsigned size, int big_endian)
{
    uint64_t u = load_bits(p, size, big_endian);
    if (size < 8 && (u >> (8 * size - 1)) & 1u)
        u |= ~(uint64_t)0 << (8 * size);
    int64_t v;
    memcpy(&v, &u, sizeof v);
    return v;
}

/* Turns the data bytes described by layout into a fresh matrix in *out;
 * the reader functions below differ only in this step. */
typedef int convert_fn(const bsx_npy_layout *layout, const uint8_t *data,
                       const char *name, const char *what, void *out, char *err);

static int bad_element(const bsx_npy_layout *layout, size_t i, const char *name,
                       const char *what, char *err, const char *value,
                       const char *expected)
{
    return bsx_npy_fail(err, name, what, BSX_ERANGE,
                        "element %zu (row %zu, col %zu) is %s; %s", i,
                        i / layout->cols, i % layout->cols, value, expected);
}

static int convert_pm1(const bsx_npy_layout *layout, const uint8_t *data,
                       const char *name, const char *what, void *out, char *err)
{
    static const char expected[] = "every value must be -1 or +1";
    size_t count = layout->rows * layout->cols;
    int8_t *values = malloc(count);
    if (values == NULL)
        return bsx_npy_fail(err, name, what, BSX_ENOMEM,
                            "cannot allocate %zu elements", count);
    for (size_t i = 0; i < count; i++) {
        const uint8_t *p = data + i * layout->itemsize;
        char shown[32];
        if (layout->kind == 'i') {
            int64_t v = load_int(p, layout->itemsize, layout->big_endian);
            values[i] = v > 0 ? 1 : -1;
            if (v == 1 || v == -1)
                continue;
            snprintf(shown, sizeof shown, "%lld", (long long)v);
        } else {
            double v = load_float(p, layout->itemsize, layout->big_endian);
            values[i] = v > 0.0 ? 1 : -1;
            if (v == 1.0 || v == -1.0)
                continue;
            snprintf(shown, sizeof shown, "%.17g", v);
        }
        free(values);
        return bad_element(layout, i, name, what, err, shown, expected);
    }
    *(bsx_pm1_matrix *)out =
        (bsx_pm1_matrix){.rows = layout->rows, .cols = layout->cols, .data = values};
    return BSX_OK;
}

static int convert_i32(const bsx_npy_layout *layout, const uint8_t *data,
                       const char *name, const char *what, void *out, char *err)
{
    if (layout->kind != 'i')
        return bsx_npy_fail(err, name, what, BSX_EUNSUP,
                            "dtype is floating point; expected an integer "
                            "dtype (int8, int16, int32 or int64)");
    size_t count = layout->rows * layout->cols;
    int32_t *values = malloc(count * sizeof *values);
    if (values == NULL)
        return bsx_npy_fail(err, name, what, BSX_ENOMEM,
                            "cannot allocate %zu elements", count);
    for (size_t i = 0; i < count; i++) {
        int64_t v = load_int(data + i * layout->itemsize, layout->itemsize,
                             layout->big_endian);
        if (v < INT32_MIN || v > INT32_MAX) {
            char shown[32];
            snprintf(shown, sizeof shown, "%lld", (long long)v);
            free(values);
            return bad_element(layout, i, name, what, err, shown,
                               "outside the int32 range");
        }
        values[i] = (int32_t)v;
    }
    *(bsx_i32_matrix *)out =
        (bsx_i32_matrix){.rows = layout->rows, .cols = layout->cols, .data = values};
    return BSX_OK;
}

static int convert_tensor(const bsx_npy_layout *layout, const uint8_t *data,
                          const char *name, const char *what, void *out, char *err)
{
    size_t count = layout->rows * layout->cols;
    double *values = malloc(count * sizeof *values);
    if (values == NULL)
        return bsx_npy_fail(err, name, what, BSX_ENOMEM,
                            "cannot allocate %zu elements", count);
    for (size_t i = 0; i < count; i++) {
        const uint8_t *p = data + i * layout->itemsize;
        if (layout->kind == 'f')
            values[i] = load_float(p, layout->itemsize, layout->big_endian);
        else if (layout->kind == 'u')
            values[i] = (double)load_bits(p, layout->itemsize, layout->big_endian);
        else
            values[i] = (double)load_int(p, layout->itemsize, layout->big_endian);
    }
    bsx_npy_tensor *t = out;
    *t = (bsx_npy_tensor){.kind = layout->kind, .itemsize = layout->itemsize,
                          .ndim = layout->ndim, .count = count, .data = values};
    memcpy(t->shape, layout->shape, sizeof t->shape);
    return BSX_OK;
}

int bsx_npy_parse_pm1(const uint8_t *bytes, size_t len, const char *name,
                      const char *what, bsx_pm1_matrix *out, char *err)
{
    bsx_npy_layout layout;
    *out = (bsx_pm1_matrix){0};
    int st = bsx_npy_parse_header(bytes, len, len, name, what, &layout, err);
    if (st != BSX_OK)
        return st;
    return convert_pm1(&layout, bytes + layout.data_offset, name, what, out, err);
}

/* Reads the header from the front of f, then exactly the data it promises
 * when it holds at most max_count elements (checked before any data is
 * read: a huge sparse file costs no memory). */
static int read_open_file(FILE *f, const char *path, const char *what, int nd,
                          size_t max_count, convert_fn *convert, void *out, char *err)
{
    struct stat st_file;
    if (fstat(fileno(f), &st_file) != 0)
        return bsx_npy_fail(err, path, what, BSX_EIO, "cannot stat: %s",
                            strerror(errno));
    if (!S_ISREG(st_file.st_mode))
        return bsx_npy_fail(err, path, what, BSX_EIO, "not a regular file");
    size_t file_len = (size_t)st_file.st_size;
    uint8_t head[BSX_NPY_HEAD_MAX];
    size_t head_len = file_len < sizeof head ? file_len : sizeof head;
    if (fread(head, 1, head_len, f) != head_len)
        return bsx_npy_fail(err, path, what, BSX_EIO, "read failed or the file "
                            "changed while reading");
    bsx_npy_layout layout;
    int st = nd ? bsx_npy_parse_header_nd(head, head_len, file_len, path, what,
                                          &layout, err)
                : bsx_npy_parse_header(head, head_len, file_len, path, what, &layout,
                                       err);
    if (st != BSX_OK)
        return st;
    if (layout.rows * layout.cols > max_count)
        return bsx_npy_fail(err, path, what, BSX_EUNSUP,
                            "%zu elements exceed the limit of %zu",
                            layout.rows * layout.cols, max_count);
    uint8_t *data = malloc(layout.data_bytes);
    if (data == NULL)
        return bsx_npy_fail(err, path, what, BSX_ENOMEM,
                            "cannot allocate %zu bytes of data", layout.data_bytes);
    if (fseek(f, (long)layout.data_offset, SEEK_SET) != 0 ||
        fread(data, 1, layout.data_bytes, f) != layout.data_bytes) {
        free(data);
        return bsx_npy_fail(err, path, what, BSX_EIO, "read failed or the file "
                            "changed while reading");
    }
    st = convert(&layout, data, path, what, out, err);
    free(data);
    return st;
}

/* Opens through safe_file.h: only a regular file, never blocking on a
 * FIFO. */
static int read_file(const char *path, const char *what, int nd, size_t max_count,
                     convert_fn *convert, void *out, char *err)
{
    FILE *f;
    int st = bsx_in_open(path, what, LONG_MAX, &f, err);
    if (st != BSX_OK)
        return st;
    st = read_open_file(f, path, what, nd, max_count, convert, out, err);
    fclose(f);
    return st;
}

int bsx_npy_read_pm1(const char *path, const char *what, bsx_pm1_matrix *out,
                     char *err)
{
    *out = (bsx_pm1_matrix){0};
    return read_file(path, what, 0, BSX_NPY_MAX_ELEMENTS, convert_pm1, out, err);
}

int bsx_npy_read_i32(const char *path, const char *what, bsx_i32_matrix *out,
                     char *err)
{
    *out = (bsx_i32_matrix){0};
    return read_file(path, what, 0, BSX_NPY_MAX_ELEMENTS, convert_i32, out, err);
}

void bsx_pm1_free(bsx_pm1_matrix *m)
{
    if (m == NULL)
        return;
    free(m->data);
    *m = (bsx_pm1_matrix){0};
}

void bsx_i32_free(bsx_i32_matrix *m)
{
    if (m == NULL)
        return;
    free(m->data);
    *m = (bsx_i32_matrix){0};
}

int bsx_npy_read_tensor(const char *path, const char *what, size_t max_count,
                        bsx_npy_tensor *out, char *err)
{
    *out = (bsx_npy_tensor){0};
    return read_file(path, what, 1, max_count, convert_tensor, out, err);
}

void bsx_npy_tensor_free(bsx_npy_tensor *t)
{
    if (t == NULL)
        return;
    free(t->data);
    *t = (bsx_npy_tensor){0};
}
