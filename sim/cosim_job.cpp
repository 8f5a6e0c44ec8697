/* Loading a co-simulation job (see cosim_job.h). */
#include "cosim_job.h"

extern "C" {
#include "bsx_status.h"
#include "preset_args.h"
#include "preset.h"
}

CosimJob::~CosimJob()
{
    bsx_analog_destroy(analog_);
    bsx_layer_destroy(layer_);
    bsx_pm1_free(&x_);
    bsx_pm1_free(&w_);
}

int CosimJob::load(const CosimOptions &opts, std::string &err)
{
    char msg[BSX_ERRLEN] = "";
    cfg_ = opts.config.macro;
    if (bsx_macro_config_check(&cfg_, msg) != BSX_OK) {
        err = msg;
        return 1;
    }
    if (bsx_vmm_read_operands(opts.weights.c_str(), opts.inputs.c_str(), &w_, &x_, msg) !=
        BSX_OK) {
        err = msg;
        return 1;
    }
    if (!opts.ideal) {
        std::vector<char *> sets;
        for (const std::string &s : opts.sets)
            sets.push_back(const_cast<char *>(s.c_str()));
        bsx_preset preset;
        if (bsx_preset_from_args(opts.preset.c_str(), sets.data(), (int)sets.size(), &preset, msg) !=
            BSX_OK) {
            err = msg;
            return 1;
        }
        if (!bsx_preset_is_ideal(&preset)) {
            if (bsx_analog_create(&preset, cfg_.rows, &analog_, msg) != BSX_OK) {
                err = std::string("--preset ") + opts.preset + ": " + msg;
                return 1;
            }
            preset_name_ = opts.preset;
        }
    }
    if (bsx_layer_program(&cfg_, w_.data, w_.rows, w_.cols, &layer_, msg) != BSX_OK) {
        err = opts.weights + ": " + msg;
        return 1;
    }
    bsx_vmm_options vopts;
    bsx_vmm_defaults(&vopts);
    vopts.analog = analog_;
    y_ref_.assign(x_.rows * w_.cols, 0);
    codes_ref_.assign(x_.rows * bsx_layer_row_tiles(layer_) * w_.cols, 0);
    vopts.codes = codes_ref_.data();
    if (bsx_vmm_run(layer_, x_.data, x_.rows, &vopts, y_ref_.data(), &ref_stats_, msg) !=
        BSX_OK) {
        err = std::string("reference VMM: ") + msg;
        return 1;
    }
    return 0;
}
