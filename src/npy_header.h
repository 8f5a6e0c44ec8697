/* The front of a .npy file: magic, version, header length and the header
 * dict, parsed strictly into the layout of the array that follows. Internal
 * to the .npy reader and writers (npy.c, npy_write.c); the public API is
 * npy.h. */
#ifndef BSX_NPY_HEADER_H
#define BSX_NPY_HEADER_H

#include <stddef.h>
#include <stdint.h>

/* NumPy's own reader refuses headers longer than this (max_header_size);
 * so does ours, before allocating anything. */
#define BSX_NPY_HEADER_MAX 10000u
/* Magic (6) + version (2) + header length (4 in versions 2.0 and 3.0). */
#define BSX_NPY_PREAMBLE_MAX 12u
/* Bytes a reader must hand to bsx_npy_parse_header (or the whole file if
 * it is shorter) for the header of any acceptable file to be inside. */
#define BSX_NPY_HEAD_MAX (BSX_NPY_PREAMBLE_MAX + BSX_NPY_HEADER_MAX)

/* Most dimensions an N-d read accepts (images (B, C, H, W)). */
#define BSX_NPY_DIMS_MAX 4

/* Where and how the elements of an accepted file are stored. */
typedef struct {
    char kind;          /* 'i' signed, 'u' unsigned (N-d only) integer, 'f' float */
    unsigned itemsize;  /* bytes per element: 1, 2, 4 or 8 */
    int big_endian;     /* 1 for '>' descr, 0 for '<' and '|' */
    size_t rows, cols;  /* shape as 2-D: cols = last dimension, rows = the rest */
    size_t ndim;        /* dimensions as stored, 1..BSX_NPY_DIMS_MAX */
    size_t shape[BSX_NPY_DIMS_MAX];
    size_t data_offset; /* bytes before the first element */
    size_t data_bytes;  /* rows * cols * itemsize, without overflow */
} bsx_npy_layout;

/* Parses head[0..head_len), the first min(file_len, BSX_NPY_HEAD_MAX) bytes
 * of a file of file_len bytes, and checks that the data after the header has
 * exactly data_bytes bytes. Returns a bsx_status; err gets one line
 * "NAME: WHAT: problem". */
int bsx_npy_parse_header(const uint8_t *head, size_t head_len, size_t file_len,
                         const char *name, const char *what,
                         bsx_npy_layout *out, char *err);

/* The same for N-d arrays: 1 to BSX_NPY_DIMS_MAX dimensions, and unsigned
 * integer dtypes too (u1 images). */
int bsx_npy_parse_header_nd(const uint8_t *head, size_t head_len, size_t file_len,
                            const char *name, const char *what,
                            bsx_npy_layout *out, char *err);

/* Writes "NAME: WHAT: " and the printf-formatted problem into err
 * (BSX_ERRLEN bytes) and returns status. A name longer than 200 characters
 * is shown as "..." and its last 200. */
int bsx_npy_fail(char *err, const char *name, const char *what, int status,
                 const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
