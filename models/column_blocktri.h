/* The linear algebra of one Newton iteration of the column solver: a
 * tridiagonal system with 2x2 diagonal blocks (row i = nodes b_i, s_i) and
 * diagonal off-diagonal blocks (the wires), solved by block elimination
 * without pivoting in O(n). Kept apart from the circuit so it can be tested
 * and profiled on its own. */
#ifndef BSX_COLUMN_BLOCKTRI_H
#define BSX_COLUMN_BLOCKTRI_H

/* Factors the matrix with diagonal blocks diag[4n] (row-major a00 a01 a10
 * a11 per row), couplings lo[2n] (row i to unknowns i-1, per component) and
 * up[2n] (row i to i+1). Writes the inverses of the Schur complements to
 * inv[4n]. Returns -1, or the row whose Schur complement is singular. */
int column_blocktri_factor(int n, const double *diag, const double *lo,
                           const double *up, double *inv);

/* Solves in place: x[2n] holds the right-hand side and gets the solution. */
void column_blocktri_solve(int n, const double *lo, const double *up,
                           const double *inv, double *x);

#endif
