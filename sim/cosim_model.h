/* The configuration-specific half of a co-simulation model binary
 * (build/vl/NAME/bsxsim-cosim-model): sim/cosim_model.cpp, compiled per
 * configuration against that configuration's verilated bsx_macro. The rest
 * of the program (cosim_main.cpp and the other sim/ sources) is compiled once
 * and shared by every configuration. */
#ifndef BSX_SIM_COSIM_MODEL_H
#define BSX_SIM_COSIM_MODEL_H

#include <string>

#include "cosim_job.h"
#include "cosim_options.h"
#include "cosim_result.h"
#include "scoreboard.h"

/* The Verilog parameters this binary was built with ("SCHEME=1 N=64 ..."),
 * as bsx_rtl_config_params writes them. */
const char *cosim_model_params();

/* Elaborates and runs the co-simulation (cosim_run.h). Returns 0, or 1 with
 * one line in err. */
int cosim_model_run(const CosimOptions &opts, const CosimJob &job, Scoreboard &scoreboard,
                    RunResult &result, std::string &err);

#endif
