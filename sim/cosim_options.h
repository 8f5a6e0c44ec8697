/* Command line of build/bsxsim-cosim: the same data arguments as `bsxsim
 * vmm` (so the two can be compared run for run), the macro configuration of
 * `bsxsim config` (src/rtl_config.h: it selects the verilated model) and
 * what only a cycle-level run has (clock, trace, cycle limit). Parsing and
 * the configuration's rules only; nothing here touches SystemC. */
#ifndef BSX_SIM_COSIM_OPTIONS_H
#define BSX_SIM_COSIM_OPTIONS_H

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

extern "C" {
#include "rtl_config.h"
}

struct CosimOptions {
    std::string weights, inputs, out; /* .npy paths (out written tmp+rename) */
    bsx_rtl_config config{};          /* resolved: scheme, N, M, K, B, TREE_STAGES, SETTLE, OW */
    std::string config_warning;       /* "" or one line (e.g. B below the scheme's need) */
    bool build_only = false;          /* --build-only: build the model, run nothing */
    bool ideal = false;               /* --ideal: no analog model, I_LSB = 1 */
    std::string preset;               /* --preset NAME (analog mode) */
    std::vector<std::string> sets;    /* --set KEY=VALUE overrides, in order */
    std::string trace;                /* FST path, empty = no waves */
    uint64_t max_cycles = 0;          /* 0: no limit given (a generous default applies) */
    int clock_ps = 0;                 /* clock period, ps; 0: the configuration's default
                                         (bsxsim-cosim picks it, see --help) */
    bool json = false;                /* report as JSON on stdout */
};

/* Parses argv. Returns 0 on success, 2 when --help was asked (usage printed
 * to stdout), 1 on bad input with one line in err naming the option. */
int parse_cosim_options(int argc, char **argv, CosimOptions &opts, std::string &err);

/* The usage text. */
void print_cosim_usage(std::FILE *to);

#endif
