/* One co-simulation job, everything that is not cycle-level: the weights
 * and inputs read from .npy, the layer programmed into N x M tiles by the
 * software reference (static column flip, stored sum(W')), the analog model
 * of the chosen preset (or none in ideal mode) and the reference's own layer
 * VMM result, which the co-simulated output must equal element for element,
 * with the ADC code of every column, tile and input it was made of (the
 * scoreboard's expected words). */
#ifndef BSX_SIM_COSIM_JOB_H
#define BSX_SIM_COSIM_JOB_H

#include <cstdint>
#include <string>
#include <vector>

#include "cosim_options.h"

extern "C" {
#include "analog.h"
#include "macro.h"
#include "npy.h"
#include "vmm.h"
}

class CosimJob {
public:
    CosimJob() = default;
    ~CosimJob();
    CosimJob(const CosimJob &) = delete;
    CosimJob &operator=(const CosimJob &) = delete;

    /* Reads the files, programs the layer, builds the analog model and runs
     * the reference VMM. Returns 0, or 1 with one line in err. */
    int load(const CosimOptions &opts, std::string &err);

    const bsx_macro_config &config() const { return cfg_; }
    int rows() const { return cfg_.rows; } /* N of the array */
    int cols() const { return cfg_.cols; } /* M of the array */
    const bsx_layer *layer() const { return layer_; }
    const bsx_analog *analog() const { return analog_; } /* NULL: ideal */
    size_t batch() const { return x_.rows; }
    size_t in_rows() const { return x_.cols; }
    size_t out_cols() const { return w_.cols; }
    /* Input b, rows [r0, r0 + n) as +-1 values. */
    const int8_t *input(size_t b, size_t r0) const { return x_.data + b * x_.cols + r0; }
    const std::vector<int32_t> &reference_y() const { return y_ref_; }
    /* The reference VMM's ADC codes of input b on row tile rt, one per layer
     * column (out_cols): what the scoreboard checks the RTL against. */
    const uint16_t *reference_codes(size_t b, size_t rt) const
    {
        return codes_ref_.data() + (b * bsx_layer_row_tiles(layer_) + rt) * w_.cols;
    }
    const bsx_vmm_stats &reference_stats() const { return ref_stats_; }
    std::string mode_name() const { return analog_ ? preset_name_ : "ideal"; }

private:
    bsx_macro_config cfg_{};
    bsx_pm1_matrix w_{}, x_{};
    bsx_layer *layer_ = nullptr;
    bsx_analog *analog_ = nullptr;
    std::string preset_name_;
    std::vector<int32_t> y_ref_;
    std::vector<uint16_t> codes_ref_; /* batch x row tiles x out_cols */
    bsx_vmm_stats ref_stats_{};
};

#endif
