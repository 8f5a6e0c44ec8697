/* Output checking against the software reference (see scoreboard.h). */
#include "scoreboard.h"

Scoreboard::Scoreboard(const CosimJob &job)
    : job_(job), y_(job.batch() * job.out_cols(), 0)
{
}

int Scoreboard::check(size_t rt, size_t ct, size_t b, const int32_t *got, const unsigned char *clip,
                      bool act_flip, std::string &err)
{
    const bsx_macro_config &cfg = job_.config();
    const bsx_tile *tile = bsx_layer_tile(job_.layer(), rt, ct);
    std::vector<unsigned char> wl((size_t)cfg.rows);
    bsx_activation act;
    if (bsx_activation_prepare(&cfg, job_.input(b, rt * (size_t)cfg.rows), tile->n_used, wl.data(),
                               &act) != 0) {
        err = "reference: activation preparation failed";
        return 1;
    }
    const uint16_t *codes = job_.reference_codes(b, rt) + ct * (size_t)cfg.cols;
    activation_flips_ += (uint64_t)act.activation_flip;
    if ((int)act_flip != act.activation_flip) {
        ++flip_mismatches_;
        if (first_.empty())
            first_ = "input " + std::to_string(b) + ", row tile " + std::to_string(rt) +
                     ": RTL activation_flip " + std::to_string((int)act_flip) + ", reference " +
                     std::to_string(act.activation_flip);
    }
    for (int c = 0; c < tile->m_used; ++c) {
        unsigned code = codes[c];
        int32_t want = bsx_postprocess(code, act.s_used, tile->stored_ones[c], tile->n_used,
                                       act.activation_flip, tile->column_flip[c]);
        int want_clip = bsx_code_clipped(code, cfg.adc_bits);
        int got_clip = clip[c] != 0;
        ++words_;
        clips_ += (uint64_t)got_clip;
        if (got[c] != want || got_clip != want_clip) {
            mismatches_ += got[c] != want;
            clip_mismatches_ += got_clip != want_clip;
            if (first_.empty())
                first_ = "input " + std::to_string(b) + ", row tile " + std::to_string(rt) +
                         ", column " + std::to_string(ct * (size_t)cfg.cols + (size_t)c) + ": RTL " +
                         std::to_string(got[c]) + " clip " + std::to_string(got_clip) +
                         ", reference " + std::to_string(want) + " clip " +
                         std::to_string(want_clip) + " (code " + std::to_string(code) +
                         ", activation_flip " + std::to_string(act.activation_flip) +
                         ", column_flip " + std::to_string(tile->column_flip[c]) + ")";
        }
        y_[b * job_.out_cols() + ct * (size_t)cfg.cols + (size_t)c] += got[c];
    }
    return 0;
}
