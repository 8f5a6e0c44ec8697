/* The port widths of one verilated bsx_macro configuration, as compile-time
 * constants for the SystemC signals and modules that connect to it (each
 * configuration's model binary is compiled with its own; sim/model.mk). */
#ifndef BSX_SIM_MACRO_GEOMETRY_H
#define BSX_SIM_MACRO_GEOMETRY_H

/* $clog2(v) of Verilog: bits to count 0..v-1. */
constexpr int vl_clog2(long v)
{
    int b = 0;
    while ((1L << b) < v)
        ++b;
    return b;
}

template <int N_, int M_, int K_, int B_, int OW_>
struct MacroGeometry {
    static constexpr int N = N_;                 /* rows */
    static constexpr int M = M_;                 /* columns */
    static constexpr int K = K_;                 /* ADCs */
    static constexpr int B = B_;                 /* ADC bits */
    static constexpr int OW = OW_;               /* result width */
    static constexpr int SW = vl_clog2(N + 1);   /* rows in use, sum(W') */
    static constexpr int CW = vl_clog2(M);       /* column index */
};

#endif
