/* What one co-simulation run measured, apart from the scoreboard's counts:
 * the streaming statistics of the testbench and the analog and wall-clock
 * work. Plain structs shared by the configuration-specific run (cosim_run.h)
 * and the configuration-independent report (cosim_report.h). */
#ifndef BSX_SIM_COSIM_RESULT_H
#define BSX_SIM_COSIM_RESULT_H

#include <cstdint>

struct StreamStats {
    uint64_t cycles = 0;          /* clock edges simulated */
    uint64_t vectors = 0;         /* output vectors received (batch x tiles) */
    uint64_t config_cycles = 0;   /* edges spent loading tile configurations */
    uint64_t stream_cycles = 0;   /* edges from each tile's first input to its last output */
    uint64_t latency_min = 0, latency_max = 0, latency_sum = 0; /* edges */
    bool hung = false;            /* --max-cycles reached */
};

struct EnergyCounts {
    uint64_t cycles = 0;          /* clock edges seen */
    uint64_t wl_on_cycles = 0;    /* cycles with at least one word line on */
    uint64_t wl_toggles = 0;      /* word-line transitions, summed over rows */
    uint64_t bl_toggles = 0;      /* array on/off transitions (every bitline swings) */
    uint64_t conversions = 0;     /* ADC conversions started */
    double current_seconds = 0;   /* integral of the summed column + dummy current, A*s */
};
struct RunResult {
    StreamStats stream;
    uint64_t solves = 0;       /* word-line patterns the analog array solved */
    double wall_seconds = 0;   /* time in sc_start */
    EnergyCounts energy;       /* what the analog side's energy is made of */
};

#endif
