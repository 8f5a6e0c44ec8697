/* One configuration of the RTL macro (rtl/bsx_macro.sv): the reference
 * macro's N, M, K, B and scheme plus what only the hardware has (adder-tree
 * pipeline registers, array settle cycles, result width). Defaults come from
 * macro_defaults.h; the rules here are the RTL's own elaboration checks plus
 * the co-simulation's size limits, so a configuration that passes them
 * verilates, synthesizes and co-simulates. Everything that builds the RTL
 * (bsxsim config, bsxsim-cosim, scripts/sta.py, scripts/latency.py) goes
 * through this one definition, including the configuration's name, which
 * names its cached verilated model (build/vl/NAME/). */
#ifndef BSX_RTL_CONFIG_H
#define BSX_RTL_CONFIG_H

#include <stddef.h>

#include "macro.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    bsx_macro_config macro; /* N, M, K, B (BSX_RTL_CONFIG_UNSET: the
                             * scheme's default), scheme */
    int tree_stages;        /* TREE_STAGES, adder-tree pipeline registers */
    int settle;             /* SETTLE, cycles the array settles */
    int out_bits;           /* OW, result width (BSX_RTL_CONFIG_UNSET: the
                             * minimum) */
} bsx_rtl_config;

/* B or OW not given: resolved to the default. Never a value an option can
 * set (they parse as 0..2^20), so --adc-bits 0 and --out-bits 0 are out of
 * range, not "default". */
#define BSX_RTL_CONFIG_UNSET (-1)

/* Largest N and M the co-simulation builds (verilation time grows with N*M). */
#define BSX_RTL_MAX_DIM 512

/* macro_defaults.h with B and OW left to resolve. */
void bsx_rtl_config_defaults(bsx_rtl_config *cfg, bsx_scheme scheme);

/* The configuration options (--scheme --rows --cols --adcs --adc-bits
 * --tree-stages --settle --out-bits), i = 0..BSX_RTL_CONFIG_OPTIONS - 1. */
#define BSX_RTL_CONFIG_OPTIONS 8
const char *bsx_rtl_config_option(size_t i);

/* Sets the field of option opt from its value text. Returns BSX_OK, or
 * BSX_EINVAL with one line in err (BSX_ERRLEN bytes) naming the option. */
int bsx_rtl_config_set(bsx_rtl_config *cfg, const char *opt, const char *value, char *err);

/* The smallest result width holding equation (1) for every B-bit code:
 * $clog2(max(3N, 4(2^B - 1) + N) + 1) + 1 (rtl/bsx_post_process.sv). */
int bsx_rtl_min_out_bits(int rows, int adc_bits);

/* Fills the defaults left open (B, OW) and checks every rule. Returns BSX_OK
 * (warning: one line, or "" when there is nothing to warn about) or
 * BSX_EINVAL with one line in err naming the option and the rule. Both
 * buffers BSX_ERRLEN bytes. */
int bsx_rtl_config_resolve(bsx_rtl_config *cfg, char *warning, char *err);

/* NAME of a resolved configuration: binsparx_n64_m64_k8_b5_t2_s1_ow9. */
void bsx_rtl_config_name(const bsx_rtl_config *cfg, char *buf, size_t len);

/* The macro's latency in clock cycles, from the edge that accepts an input
 * vector to the edge that raises out_valid_o, of a resolved configuration:
 * the schedule of rtl/bsx_macro.sv's header,
 *   baseline  SETTLE + (M/K) (B + 1) + 1
 *   binsparx  TREE_STAGES + 1 + SETTLE + (M/K) (B + 1) + 1
 * (BinSparX's adder tree, n/2 compare and row flip come before the word
 * lines). The one copy of the formula: `bsxsim config --json` prints it as
 * latency_cycles, which scripts/latency.py and tb/test_cosim.py compare
 * with the co-simulation's measured cycles (the measurement is what the
 * studies report). tb/rtl/tb_macro.cpp keeps its own copy as an
 * independent oracle of the RTL bench. */
int bsx_rtl_latency_cycles(const bsx_rtl_config *cfg);

/* The Verilog parameters of a resolved configuration as
 * "SCHEME=1 N=64 M=64 K=8 B=5 TREE_STAGES=2 SETTLE=1 OW=9". */
void bsx_rtl_config_params(const bsx_rtl_config *cfg, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
