/* The default macro, stated once: an N x M array, K ADCs sharing its
 * columns, the adder tree's pipeline registers and the cycles the array
 * settles after its word lines change. Everything else takes these from
 * here: the C reference (bsx_macro_defaults), `bsxsim config` and through
 * it the RTL flows (rtl/bsx_macro.sv has no defaults of its own; Verilator,
 * Yosys, OpenSTA, the co-simulation and the latency study get every
 * parameter from `bsxsim config`). The ADC bits B and the result width OW
 * follow from N (bsx_default_adc_bits, bsx_min_out_bits). */
#ifndef BSX_MACRO_DEFAULTS_H
#define BSX_MACRO_DEFAULTS_H

#define BSX_DEFAULT_ROWS 64        /* N */
#define BSX_DEFAULT_COLS 64        /* M */
#define BSX_DEFAULT_ADCS 8         /* K, divides M */
#define BSX_DEFAULT_TREE_STAGES 2  /* TREE_STAGES: keeps the tree under a 1 ns clock (make sta) */
#define BSX_DEFAULT_SETTLE 1       /* SETTLE, cycles: an assumption, the array model is DC */

#endif
