/* NumPy .npy files: the interface format for weights, inputs and outputs
 * (DESIGN.md section 6). Reads format versions 1.0-3.0, C order, little-endian
 * int8/int16/int32/float32/float64 (and '|i1'/'|b1'... as documented in
 * README.md); writes version 1.0. Anything else is rejected with one line
 * naming the file and the problem. */
#ifndef BSX_NPY_H
#define BSX_NPY_H

#include <stddef.h>
#include <stdint.h>

/* A 2-D matrix of +-1 values read from a .npy file, stored as int8. A 1-D
 * array of length k is read as shape (1, k). */
typedef struct {
    size_t rows, cols;
    int8_t *data; /* rows * cols, row-major */
} bsx_pm1_matrix;

/* Reads a 2-D (or 1-D) array whose every element is exactly -1 or +1.
 * what: the field name used in messages ("weights", "inputs").
 * err: BSX_ERRLEN bytes. */
int bsx_npy_read_pm1(const char *path, const char *what, bsx_pm1_matrix *out,
                     char *err);
void bsx_pm1_free(bsx_pm1_matrix *m);

/* Writes a (rows, cols) int32 array. Writes path.tmp then renames, so a
 * failure leaves no partial file. */
int bsx_npy_write_i32(const char *path, size_t rows, size_t cols,
                      const int32_t *data, char *err);

#endif
