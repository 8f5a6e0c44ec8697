/* Moving bits between SystemC bit vectors (the verilated ports, built with
 * --pins-bv 2) and plain integers / byte arrays. */
#ifndef BSX_SIM_SC_BITS_H
#define BSX_SIM_SC_BITS_H

#include <cstdint>

#include <systemc>

/* Bits [lo, lo + width) of v as an unsigned integer; width <= 64. */
inline uint64_t bv_field(const sc_dt::sc_bv_base &v, int lo, int width)
{
    return v.range(lo + width - 1, lo).to_uint64();
}

/* Bits [0, n) of v into out[n] as 0/1 bytes. */
inline void unpack_bits(const sc_dt::sc_bv_base &v, unsigned char *out, int n)
{
    for (int w = 0; w * 32 < n; ++w) {
        uint32_t word = (uint32_t)v.get_word(w);
        for (int i = 0; i < 32 && w * 32 + i < n; ++i)
            out[w * 32 + i] = (unsigned char)((word >> i) & 1u);
    }
}

#endif
