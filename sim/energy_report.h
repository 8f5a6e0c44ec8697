/* The analog side's energy and area of one co-simulation (array read
 * current, word-line and bitline charging, SAR ADCs), per array VMM, from
 * the counts of sim/energy_meter.h and the models of models/array_energy.h.
 * The digital peripherals' energy needs the switching activity of a trace:
 * scripts/energy_digital.py (make study-overhead). */
#ifndef BSX_SIM_ENERGY_REPORT_H
#define BSX_SIM_ENERGY_REPORT_H

#include <cstdio>
#include <string>

#include "cosim_job.h"
#include "cosim_result.h"

/* The JSON value of the report's "energy" key: an object, or null in ideal
 * mode (no physical array). */
std::string energy_json(const CosimJob &job, const RunResult &run);

/* The same as readable lines (nothing in ideal mode). */
void print_energy_text(std::FILE *to, const CosimJob &job, const RunResult &run);

#endif
