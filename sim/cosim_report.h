/* The report of one co-simulation: bit-exactness (per output word and per
 * layer element against the reference VMM), clips, latency in cycles and ns,
 * streaming throughput and simulation speed; a table or JSON on stdout. */
#ifndef BSX_SIM_COSIM_REPORT_H
#define BSX_SIM_COSIM_REPORT_H

#include <cstdio>

#include "cosim_job.h"
#include "cosim_result.h"
#include "scoreboard.h"

/* layer_mismatches: elements of Y that differ from the reference VMM. */
void print_cosim_report(std::FILE *to, const CosimOptions &opts, const CosimJob &job,
                        const Scoreboard &scoreboard, const RunResult &run,
                        uint64_t layer_mismatches);

#endif
