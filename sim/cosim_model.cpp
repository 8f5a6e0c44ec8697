/* The configuration-specific half of a model binary (see cosim_model.h):
 * the port widths and the verilated class of one configuration, given by
 * sim/model.mk as -DBSX_<PARAM>=<value> (from `bsxsim config --params`)
 * and the include path of build/vl/NAME/obj. */
#include "cosim_model.h"

#include "Vbsx_macro.h"
#include "cosim_run.h"
#include "macro_geometry.h"

using Geometry = MacroGeometry<BSX_N, BSX_M, BSX_K, BSX_B, BSX_OW>;

const char *cosim_model_params() { return BSX_PARAMS; }

int cosim_model_run(const CosimOptions &opts, const CosimJob &job, Scoreboard &scoreboard,
                    RunResult &result, std::string &err)
{
    return run_cosim<Vbsx_macro, Geometry>(opts, job, scoreboard, result, err);
}
