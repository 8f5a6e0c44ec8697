/* a * b + c in the column solver's hot loops: one rounding (fused
 * multiply-add) where the build targets a CPU that has it, two otherwise.
 * The scalar engine (column_chain.c, the cell-table patch evaluation) and
 * the batch (column_batch.c, its vector twin vmadd) use it at the same
 * places and are compiled with the same -m flags (Makefile, BATCH_SIMD), so
 * the batch stays bit-identical to the scalar solver either way. Everywhere
 * else floating-point contraction stays off (-ffp-contract=off). */
#ifndef BSX_MADD_H
#define BSX_MADD_H

#include <math.h>

static inline double bsx_madd(double a, double b, double c)
{
#if defined(__FMA__)
    return fma(a, b, c);
#else
    return a * b + c;
#endif
}

#endif
