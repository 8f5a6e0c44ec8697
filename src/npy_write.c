/* Writes 2-D .npy files (contract in npy.h): version 1.0, little-endian, C
 * order, with the header NumPy's np.save writes (dict padded with spaces so
 * the data starts on a 64-byte boundary), so the bytes equal np.save's. The
 * file goes to PATH.tmp first and is renamed only when complete. */
#include "npy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bsx_status.h"

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

static void encode_i8(const void *data, size_t first, size_t n, uint8_t *buf)
{
    memcpy(buf, (const int8_t *)data + first, n);
}

/* Preamble and padded header for descr and shape; returns its length. */
static size_t format_header(uint8_t *out, size_t cap, const char *descr,
                            size_t rows, size_t cols)
{
    char dict[160];
    int n = snprintf(dict, sizeof dict,
                     "{'descr': '%s', 'fortran_order': False, 'shape': (%zu, %zu), }",
                     descr, rows, cols);
    if (n < 0 || (size_t)n >= sizeof dict)
        return 0;
    size_t pad = NPY_ARRAY_ALIGN - (10 + (size_t)n + 1) % NPY_ARRAY_ALIGN;
    size_t header_len = (size_t)n + pad + 1;
    size_t total = 10 + header_len;
    if (total > cap)
        return 0;
    static const uint8_t magic[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    memcpy(out, magic, sizeof magic);
    out[8] = (uint8_t)(header_len & 0xff);
    out[9] = (uint8_t)(header_len >> 8);
    memcpy(out + 10, dict, (size_t)n);
    memset(out + 10 + (size_t)n, ' ', pad);
    out[total - 1] = '\n';
    return total;
}

static int write_body(FILE *f, const char *descr, size_t itemsize, size_t rows,
                      size_t cols, const void *data, encode_fn *encode)
{
    uint8_t buf[NPY_CHUNK];
    size_t len = format_header(buf, sizeof buf, descr, rows, cols);
    if (len == 0 || fwrite(buf, 1, len, f) != len)
        return -1;
    size_t count = rows * cols, per_chunk = NPY_CHUNK / itemsize;
    for (size_t first = 0; first < count; first += per_chunk) {
        size_t n = count - first < per_chunk ? count - first : per_chunk;
        encode(data, first, n, buf);
        if (fwrite(buf, itemsize, n, f) != n)
            return -1;
    }
    return 0;
}

/* Checks the shape, writes path.tmp and renames it onto path. */
static int write_npy(const char *path, const char *descr, size_t itemsize,
                     size_t rows, size_t cols, const void *data,
                     encode_fn *encode, char *err)
{
    if (rows == 0 || cols == 0 || cols > SIZE_MAX / rows / itemsize) {
        snprintf(err, BSX_ERRLEN, "%s: cannot write shape (%zu, %zu)", path,
                 rows, cols);
        return BSX_EINVAL;
    }
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        snprintf(err, BSX_ERRLEN, "%s: path is too long", path);
        return BSX_EINVAL;
    }
    FILE *f = fopen(tmp, "wb");
    if (f == NULL) {
        snprintf(err, BSX_ERRLEN, "%s: cannot create %s.tmp: %s", path, path,
                 strerror(errno));
        return BSX_EIO;
    }
    int failed = write_body(f, descr, itemsize, rows, cols, data, encode);
    int saved = errno;
    if (fclose(f) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (!failed && rename(tmp, path) != 0) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        remove(tmp);
        snprintf(err, BSX_ERRLEN, "%s: cannot write: %s", path, strerror(saved));
        return BSX_EIO;
    }
    return BSX_OK;
}

int bsx_npy_write_i32(const char *path, size_t rows, size_t cols,
                      const int32_t *data, char *err)
{
    return write_npy(path, "<i4", 4, rows, cols, data, encode_i32, err);
}

int bsx_npy_write_pm1(const char *path, size_t rows, size_t cols,
                      const int8_t *data, char *err)
{
    size_t count = rows != 0 && cols <= SIZE_MAX / rows ? rows * cols : 0;
    for (size_t i = 0; i < count; i++)
        if (data[i] != 1 && data[i] != -1) {
            snprintf(err, BSX_ERRLEN, "%s: element %zu (row %zu, col %zu) is %d, "
                     "not -1 or +1", path, i, i / cols, i % cols, data[i]);
            return BSX_EINVAL;
        }
    return write_npy(path, "|i1", 1, rows, cols, data, encode_i8, err);
}
