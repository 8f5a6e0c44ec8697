/* Writes 2-D .npy files (contract in npy.h): version 1.0, little-endian, C
 * order, with the header NumPy's np.save writes (dict padded with spaces so
 * the data starts on a 64-byte boundary), so the bytes equal np.save's. The
 * file is written through safe_file.h (a temporary renamed when complete). */
#include "npy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bsx_status.h"
#include "npy_header.h"
#include "safe_file.h"

/* np.save aligns the start of the data to this many bytes. */
#define NPY_ARRAY_ALIGN 64u
#define NPY_CHUNK 4096u

/* Encodes elements [first, first + n) into buf in file order. */
typedef void encode_fn(const void *data, size_t first, size_t n, uint8_t *buf);

static void encode_i32(const void *data, size_t first, size_t n, uint8_t *buf)
{
    const int32_t *v = (const int32_t *)data + first;
    for (size_t i = 0; i < n; i++) {
        uint32_t u = (uint32_t)v[i];
        for (unsigned b = 0; b < 4; b++)
            buf[4 * i + b] = (uint8_t)(u >> (8 * b));
    }
}

static void encode_f32(const void *data, size_t first, size_t n, uint8_t *buf)
{
    const float *v = (const float *)data + first;
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &v[i], sizeof u);
        for (unsigned b = 0; b < 4; b++)
            buf[4 * i + b] = (uint8_t)(u >> (8 * b));
    }
}

static void encode_i8(const void *data, size_t first, size_t n, uint8_t *buf)
{
    memcpy(buf, (const int8_t *)data + first, n);
}

/* The longest dict format_header writes (two 20-digit sizes) is 97 bytes. */
#define NPY_DICT_CAP 128u
_Static_assert(10 + NPY_DICT_CAP + NPY_ARRAY_ALIGN + 1 <= NPY_CHUNK,
               "the header fits the write buffer");

/* Writes into out (NPY_CHUNK bytes) the preamble and padded header for
 * descr ("<i4", "<f4" or "|i1") and shape (rows, cols), or (cols,) when rows
 * is 0; returns its length. */
static size_t format_header(uint8_t *out, const char *descr, size_t rows,
                            size_t cols)
{
    char dict[NPY_DICT_CAP];
    size_t n = rows == 0
        ? (size_t)snprintf(dict, sizeof dict,
                           "{'descr': '%s', 'fortran_order': False, 'shape': (%zu,), }",
                           descr, cols)
        : (size_t)snprintf(dict, sizeof dict,
                           "{'descr': '%s', 'fortran_order': False, 'shape': (%zu, %zu), }",
                           descr, rows, cols);
    size_t pad = NPY_ARRAY_ALIGN - (10 + n + 1) % NPY_ARRAY_ALIGN;
    size_t header_len = n + pad + 1;
    static const uint8_t magic[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    memcpy(out, magic, sizeof magic);
    out[8] = (uint8_t)(header_len & 0xff);
    out[9] = (uint8_t)(header_len >> 8);
    memcpy(out + 10, dict, n);
    memset(out + 10 + n, ' ', pad);
    out[10 + header_len - 1] = '\n';
    return 10 + header_len;
}

static int write_body(FILE *f, const char *descr, size_t itemsize, size_t rows,
                      size_t cols, const void *data, encode_fn *encode)
{
    uint8_t buf[NPY_CHUNK];
    size_t len = format_header(buf, descr, rows, cols);
    if (fwrite(buf, 1, len, f) != len)
        return -1;
    size_t count = (rows == 0 ? 1 : rows) * cols, per_chunk = NPY_CHUNK / itemsize;
    for (size_t first = 0; first < count; first += per_chunk) {
        size_t n = count - first < per_chunk ? count - first : per_chunk;
        encode(data, first, n, buf);
        if (fwrite(buf, itemsize, n, f) != n)
            return -1;
    }
    return 0;
}

/* Checks the shape, writes a temporary and renames it onto path, or with
 * staged hands the finished temporary to the caller to commit; rows == 0
 * writes the 1-D shape (cols,). */
static int write_npy(const char *path, const char *descr, size_t itemsize,
                     size_t rows, size_t cols, const void *data,
                     encode_fn *encode, bsx_out **staged, char *err)
{
    static const char what[] = "cannot write";
    size_t rows_seen = rows == 0 ? 1 : rows;
    if (cols == 0 || cols > SIZE_MAX / rows_seen / itemsize)
        return bsx_npy_fail(err, path, what, BSX_EINVAL,
                            "shape (%zu, %zu) is empty or too large", rows, cols);
    bsx_out *o;
    int st = bsx_out_open(path, "--out", &o, err);
    if (st != BSX_OK)
        return st;
    if (write_body(bsx_out_stream(o), descr, itemsize, rows, cols, data,
                   encode)) {
        int saved = errno;
        bsx_out_abort(o);
        return bsx_npy_fail(err, path, what, BSX_EIO, "%s", strerror(saved));
    }
    if (!staged)
        return bsx_out_commit(o, err);
    st = bsx_out_finish(o, err);
    *staged = st == BSX_OK ? o : NULL;
    return st;
}

/* The 2-D writers refuse rows == 0 (write_npy would write a 1-D array). */
static int refuse_no_rows(const char *path, size_t cols, char *err)
{
    return bsx_npy_fail(err, path, "cannot write", BSX_EINVAL,
                        "shape (0, %zu) is empty or too large", cols);
}

int bsx_npy_write_i32(const char *path, size_t rows, size_t cols,
                      const int32_t *data, char *err)
{
    if (rows == 0)
        return refuse_no_rows(path, cols, err);
    return write_npy(path, "<i4", 4, rows, cols, data, encode_i32, NULL, err);
}

int bsx_npy_write_i32_vector(const char *path, size_t n, const int32_t *data,
                             char *err)
{
    return write_npy(path, "<i4", 4, 0, n, data, encode_i32, NULL, err);
}

int bsx_npy_stage_i32_vector(const char *path, size_t n, const int32_t *data,
                             bsx_out **staged, char *err)
{
    return write_npy(path, "<i4", 4, 0, n, data, encode_i32, staged, err);
}

int bsx_npy_stage_f32(const char *path, size_t rows, size_t cols,
                      const float *data, bsx_out **staged, char *err)
{
    if (rows == 0)
        return refuse_no_rows(path, cols, err);
    return write_npy(path, "<f4", 4, rows, cols, data, encode_f32, staged, err);
}

int bsx_npy_stage_pm1(const char *path, size_t rows, size_t cols,
                      const int8_t *data, bsx_out **staged, char *err)
{
    if (rows == 0)
        return refuse_no_rows(path, cols, err);
    size_t count = cols <= SIZE_MAX / rows ? rows * cols : 0;
    for (size_t i = 0; i < count; i++)
        if (data[i] != 1 && data[i] != -1)
            return bsx_npy_fail(err, path, "cannot write", BSX_EINVAL,
                                "element %zu (row %zu, col %zu) is %d, not -1 "
                                "or +1", i, i / cols, i % cols, data[i]);
    return write_npy(path, "|i1", 1, rows, cols, data, encode_i8, staged, err);
}

int bsx_npy_write_pm1(const char *path, size_t rows, size_t cols,
                      const int8_t *data, char *err)
{
    return bsx_npy_stage_pm1(path, rows, cols, data, NULL, err);
}
