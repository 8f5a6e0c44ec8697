/* NumPy .npy files: the interface format for weights, inputs and outputs
 * (docs/design.md section 6).
 *
 * Reading accepts format versions 1.0, 2.0 and 3.0 whose header (at most
 * 10000 bytes, NumPy's own limit) is the Python dict literal NumPy writes
 * (keys descr, fortran_order, shape, each once, in any order, ending in a
 * newline), C order, shape (rows, cols) or (k,) read as (1, k), no empty
 * dimension, and the dtypes i1, i2, i4, i8, f2, f4, f8 in either byte order
 * ('<', '>', or '|' for one-byte types). For +-1 data every element must be
 * exactly -1 or +1; for int32 data an integer dtype with values in range.
 * Everything else is rejected with one line "FILE: WHAT: problem" in err.
 * Writing produces version 1.0, little-endian, C order. */
#ifndef BSX_NPY_H
#define BSX_NPY_H

#include <stddef.h>
#include <stdint.h>

#include "safe_file.h"

/* Most elements of a matrix the 2-D readers below take, and of the result
 * of bsx_vmm_read_operands' two operands: 128 Mi (128 MiB as +-1 bytes,
 * 512 MiB as int32, the file's own data at most 1 GiB). More is BSX_EUNSUP
 * naming the file and this limit, before any data is allocated or read
 * (the N-d reader takes its caller's limit the same way). */
#define BSX_NPY_MAX_ELEMENTS ((size_t)1 << 27)

/* A 2-D matrix of +-1 values read from a .npy file, stored as int8. A 1-D
 * array of length k is read as shape (1, k). */
typedef struct {
    size_t rows, cols;
    int8_t *data; /* rows * cols, row-major */
} bsx_pm1_matrix;

/* Reads a 2-D (or 1-D) array whose every element is exactly -1 or +1.
 * what: the field name used in messages ("weights", "inputs"); err:
 * BSX_ERRLEN bytes. Returns BSX_EIO (cannot read), BSX_EFORMAT (not a valid
 * .npy), BSX_EUNSUP (valid but unsupported dtype, order or shape) or
 * BSX_ERANGE (an element is not +-1); on failure *out is left empty. */
int bsx_npy_read_pm1(const char *path, const char *what, bsx_pm1_matrix *out,
                     char *err);

/* The same parse on a whole .npy file already in memory (bytes[0..len)),
 * used by bsx_npy_read_pm1 and by the fuzzer; name stands for the file in
 * messages. */
int bsx_npy_parse_pm1(const uint8_t *bytes, size_t len, const char *name,
                      const char *what, bsx_pm1_matrix *out, char *err);

/* Frees the data of a matrix filled by a reader (NULL or empty is fine) and
 * leaves it empty. */
void bsx_pm1_free(bsx_pm1_matrix *m);

/* Reads the operands of a layer VMM: weights (rows, cols) and inputs
 * (batch, rows) from .npy files of +-1 values, and checks that the inputs
 * have as many columns as the weights have rows and that the result (batch,
 * cols) holds at most BSX_NPY_MAX_ELEMENTS. On failure err names the file
 * and problem and both matrices are left empty. */
int bsx_vmm_read_operands(const char *weights_path, const char *inputs_path,
                          bsx_pm1_matrix *w, bsx_pm1_matrix *x, char *err);

/* A 2-D int32 matrix read from a .npy file (outputs Y, for comparisons). */
typedef struct {
    size_t rows, cols;
    int32_t *data; /* rows * cols, row-major */
} bsx_i32_matrix;

/* Reads a 2-D (or 1-D) array of an integer dtype (i1, i2, i4, i8, either
 * byte order) whose every value fits int32; same header and shape rules
 * and messages as bsx_npy_read_pm1, floats are BSX_EUNSUP. */
int bsx_npy_read_i32(const char *path, const char *what, bsx_i32_matrix *out,
                     char *err);

/* Frees a matrix filled by bsx_npy_read_i32 (NULL or empty is fine). */
void bsx_i32_free(bsx_i32_matrix *m);

/* An N-d array of any supported dtype (1 to 4 dimensions; signed, unsigned
 * or float), every element converted to double (exact for every dtype but
 * int64/uint64 beyond 2^53). Used for network tensors and images. */
typedef struct {
    char kind;         /* 'i', 'u' or 'f', as stored */
    unsigned itemsize; /* bytes per stored element */
    size_t ndim;       /* 1..4 */
    size_t shape[4];
    size_t count;      /* product of the shape */
    double *data;      /* count values, C order */
} bsx_npy_tensor;

/* Reads an N-d .npy file of at most max_count elements (more is BSX_EUNSUP,
 * before allocating). Same header rules and messages as the readers above;
 * only regular files are read. */
int bsx_npy_read_tensor(const char *path, const char *what, size_t max_count,
                        bsx_npy_tensor *out, char *err);

/* Frees a tensor filled by bsx_npy_read_tensor (NULL or empty is fine). */
void bsx_npy_tensor_free(bsx_npy_tensor *t);

/* Writes a (rows, cols) int32 array ('<i4'). Writes path.tmp then renames,
 * so a failure leaves no partial file. rows, cols >= 1 (BSX_EINVAL). */
int bsx_npy_write_i32(const char *path, size_t rows, size_t cols,
                      const int32_t *data, char *err);

/* Writes a 1-D int32 array of n elements (shape (n,)), as tmp + rename. */
int bsx_npy_write_i32_vector(const char *path, size_t n, const int32_t *data,
                             char *err);

/* Writes a (rows, cols) int8 array ('|i1') of +-1 values, as tmp + rename.
 * Any other value, or an empty dimension, is BSX_EINVAL and writes nothing. */
int bsx_npy_write_pm1(const char *path, size_t rows, size_t cols,
                      const int8_t *data, char *err);

/* Staged writers for commands that write several files: each writes and
 * finishes a temporary next to path (safe_file.h) and hands it over in
 * *staged for bsx_out_commit (or bsx_out_abort), so that no file is
 * replaced before all were written. *staged is NULL on failure.
 * A 1-D int32 array of n elements (shape (n,)): */
int bsx_npy_stage_i32_vector(const char *path, size_t n, const int32_t *data,
                             bsx_out **staged, char *err);
/* A (rows, cols) float32 array ('<f4'): */
int bsx_npy_stage_f32(const char *path, size_t rows, size_t cols,
                      const float *data, bsx_out **staged, char *err);
/* A (rows, cols) int8 array of +-1 values, as bsx_npy_write_pm1: */
int bsx_npy_stage_pm1(const char *path, size_t rows, size_t cols,
                      const int8_t *data, bsx_out **staged, char *err);

#endif
