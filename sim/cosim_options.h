/* Command line of build/bsxsim-cosim: the same data arguments as `bsxsim
 * vmm` (so the two can be compared run for run) plus what only a cycle-level
 * run has (ADC count selecting the verilated model, clock, trace, cycle
 * limit). Parsing only; nothing here touches SystemC. */
#ifndef BSX_SIM_COSIM_OPTIONS_H
#define BSX_SIM_COSIM_OPTIONS_H

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

struct CosimOptions {
    std::string weights, inputs, out; /* .npy paths (out written tmp+rename) */
    std::string scheme;               /* "baseline" or "binsparx" */
    int adcs = 8;                     /* K: 8 or 64 (one verilated model each) */
    bool ideal = false;               /* --ideal: no analog model, I_LSB = 1 */
    std::string preset;               /* --preset NAME (analog mode) */
    std::vector<std::string> sets;    /* --set KEY=VALUE overrides, in order */
    std::string trace;                /* FST path, empty = no waves */
    uint64_t max_cycles = 0;          /* 0: no limit given (a generous default applies) */
    int clock_ps = 1000;              /* clock period, ps: the 1 ns SAR bit, which
                                         covers the `make sta` worst path (0.89 ns) */
    bool json = false;                /* report as JSON on stdout */
};

/* Parses argv. Returns 0 on success, 2 when --help was asked (usage printed
 * to stdout), 1 on bad input with one line in err naming the option. */
int parse_cosim_options(int argc, char **argv, CosimOptions &opts, std::string &err);

/* The usage text. */
void print_cosim_usage(std::FILE *to);

#endif
