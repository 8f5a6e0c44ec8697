/* IDX reader (see idx.h) on top of zlib's gz* stream, which reads gzip and
 * plain files alike. */
#include "idx.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "bsx_status.h"
#include "safe_file.h"

/* Reads exactly n bytes; 0 on success. gzread takes an unsigned length, so
 * large bodies are read in pieces. */
static int read_exact(gzFile gz, uint8_t *buf, size_t n)
{
    while (n > 0) {
        unsigned piece = n > (1u << 30) ? (1u << 30) : (unsigned)n;
        int got = gzread(gz, buf, piece);
        if (got <= 0)
            return -1;
        buf += got;
        n -= (size_t)got;
    }
    return 0;
}

static int fail(char *err, const char *path, const char *problem, size_t value)
{
    snprintf(err, BSX_ERRLEN, "%s: %s%zu", path, problem, value);
    return BSX_EFORMAT;
}

static int read_body(gzFile gz, const char *path, size_t max_count, bsx_idx_array *out,
                     char *err)
{
    uint8_t magic[4];
    if (read_exact(gz, magic, 4) != 0)
        return fail(err, path, "not an IDX file (shorter than its magic); bytes: ", 0);
    if (magic[0] != 0 || magic[1] != 0)
        return fail(err, path, "not an IDX file (magic must start with two zero "
                               "bytes); first byte ", magic[0]);
    if (magic[2] != 0x08)
        return fail(err, path, "IDX element type is not unsigned byte (0x08) but ",
                    magic[2]);
    if (magic[3] < 1 || magic[3] > BSX_IDX_DIMS_MAX)
        return fail(err, path, "IDX dimensions must be 1 to 4, not ", magic[3]);
    out->ndim = magic[3];
    out->count = 1;
    for (size_t i = 0; i < out->ndim; i++) {
        uint8_t b[4];
        if (read_exact(gz, b, 4) != 0)
            return fail(err, path, "truncated IDX header at dimension ", i);
        out->dims[i] = (size_t)b[0] << 24 | (size_t)b[1] << 16 | (size_t)b[2] << 8 | b[3];
        if (out->dims[i] == 0)
            return fail(err, path, "empty IDX dimension ", i);
        if (out->dims[i] > max_count / out->count) {
            snprintf(err, BSX_ERRLEN, "%s: IDX array exceeds the limit of %zu elements",
                     path, max_count);
            return BSX_EUNSUP;
        }
        out->count *= out->dims[i];
    }
    out->data = malloc(out->count);
    if (!out->data) {
        snprintf(err, BSX_ERRLEN, "%s: cannot allocate %zu bytes", path, out->count);
        return BSX_ENOMEM;
    }
    if (read_exact(gz, out->data, out->count) != 0)
        return fail(err, path, "truncated IDX data: expected bytes ", out->count);
    uint8_t extra;
    if (gzread(gz, &extra, 1) != 0)
        return fail(err, path, "data after the IDX array of bytes ", out->count);
    return BSX_OK;
}

int bsx_idx_read(const char *path, size_t max_count, bsx_idx_array *out, char *err)
{
    *out = (bsx_idx_array){0};
    FILE *f;
    int st = bsx_in_open(path, "--data", LONG_MAX, &f, err);
    if (st != BSX_OK)
        return st;
    int fd = dup(fileno(f)); /* the gzip stream owns its descriptor */
    fclose(f);
    gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
    if (!gz) {
        if (fd >= 0)
            close(fd);
        snprintf(err, BSX_ERRLEN, "%s: cannot open the gzip stream", path);
        return BSX_EIO;
    }
    st = read_body(gz, path, max_count, out, err);
    gzclose(gz);
    if (st != BSX_OK)
        bsx_idx_free(out);
    return st;
}

void bsx_idx_free(bsx_idx_array *a)
{
    if (!a)
        return;
    free(a->data);
    *a = (bsx_idx_array){0};
}
