/* Batched column solver: the columns of one array tile share their word
 * lines and circuit and differ only in their stored bits, so they are solved
 * together, one column per SIMD lane (structure-of-arrays state, Newton
 * iteration, cell-table evaluation and 2x2-block tridiagonal elimination all
 * vectorised across columns). A lane whose column has converged takes the
 * next column of the batch at once. Every lane does exactly the arithmetic of
 * the scalar solver (column.h), in the same order, so currents, iteration
 * counts and statuses equal bsx_column_solve's bit for bit; the scalar solver
 * stays the independent oracle of the tests. Circuits with a merged floating
 * line (zero wire resistance, non-zero end resistance) and any column that
 * fails are handed to the scalar solver, which reports why. */
#ifndef BSX_COLUMN_BATCH_H
#define BSX_COLUMN_BATCH_H

#include "column.h"

typedef struct bsx_column_batch bsx_column_batch;

/* Creates a batch solver for circuit c and table cells (borrowed; must
 * outlive it). Owns its scratch; one per thread. err: BSX_ERRLEN bytes. */
int bsx_column_batch_create(const bsx_column_circuit *c,
                            const bsx_cell_table *cells,
                            bsx_column_batch **out, char *err);

/* Solves cols >= 0 columns under word lines wl[rows]: column k stores
 * w[k][rows] (bits in {0,1}). Writes current[cols] (A, into the sink) and,
 * if not NULL, iterations[cols] (Newton iterations of each column). On a
 * failure returns the scalar solver's status for the first failing column
 * met, *failed = its index, and bsx_column_batch_error says why; otherwise
 * BSX_OK and *failed = -1. */
int bsx_column_batch_solve(bsx_column_batch *b, const unsigned char *wl,
                           const unsigned char *const *w, int cols,
                           const bsx_solve_options *opts, double *current,
                           int *iterations, int *failed);

/* One line describing the last failure of bsx_column_batch_solve. */
const char *bsx_column_batch_error(const bsx_column_batch *b);

/* The SIMD path chosen at build time, e.g. "avx512, 8 lanes". */
const char *bsx_column_batch_path(void);

void bsx_column_batch_destroy(bsx_column_batch *b);

#endif
