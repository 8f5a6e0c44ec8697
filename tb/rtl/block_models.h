// C++ models of the macro's arithmetic, written from docs/design.md section 2
// independently of the RTL and of the C reference in src/, for the RTL
// benches to compare against.
#ifndef BSX_TB_BLOCK_MODELS_H
#define BSX_TB_BLOCK_MODELS_H

#include <cstdint>

namespace model {

// activation_flip: more than half of the n rows in use are +1.
inline bool activation_flip(int s, int n) { return 2 * s > n; }

// Sum-select mux: the activation sum of the vector actually applied.
inline int sum_used(int s, int n, bool flip) { return flip ? n - s : s; }

// Code of an ideal B-bit SAR for partial sum ps: min(ps, 2^B - 1).
inline unsigned ideal_code(int ps, int bits)
{
    int top = (1 << bits) - 1;
    return static_cast<unsigned>(ps < top ? ps : top);
}

// Equation (1) and the sign correction, in unbounded integers.
inline int64_t post_process(unsigned code, int s_used, int wsum, int n, bool negate)
{
    int64_t y = 4 * static_cast<int64_t>(code) - 2 * s_used - 2 * wsum + n;
    return negate ? -y : y;
}

} // namespace model

#endif
