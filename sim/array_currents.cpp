/* Array currents for the co-simulation (see array_currents.h). */
#include "array_currents.h"

#include <cstring>
#include <new>

extern "C" {
#include "bsx_status.h"
}

ArrayCurrents::ArrayCurrents(const bsx_analog *analog) : analog_(analog)
{
    if (analog_) {
        if (bsx_analog_ws_create(analog_, &ws_) != BSX_OK)
            throw std::bad_alloc();
        i_lsb_ = bsx_analog_i_lsb(analog_);
    }
}

ArrayCurrents::~ArrayCurrents() { bsx_analog_ws_destroy(ws_); }

void ArrayCurrents::set_tile(const bsx_tile *tile)
{
    tile_ = tile;
    valid_ = false;
}

int ArrayCurrents::apply(const unsigned char *wl, std::string &err)
{
    if (valid_ && std::memcmp(wl, wl_, sizeof wl_) == 0)
        return 0;
    std::memcpy(wl_, wl, sizeof wl_);
    if (!tile_) { /* nothing programmed yet (reset): no current */
        std::memset(net_, 0, sizeof net_);
    } else if (analog_) {
        bsx_solve_stats stats;
        double dummy = 0.0;
        int rc = bsx_analog_dummy(analog_, ws_, wl_, &dummy, &stats);
        for (int c = 0; c < kCols && rc == BSX_OK; ++c) {
            double column = 0.0;
            if (c < tile_->m_used)
                rc = bsx_analog_column(analog_, ws_, wl_, tile_->bits + (size_t)c * kRows,
                                       &column, &stats);
            net_[c] = c < tile_->m_used ? column - dummy : 0.0;
        }
        if (rc != BSX_OK) {
            err = std::string("analog array: column solve failed: ") + bsx_strerror(rc);
            return 1;
        }
    } else {
        uint64_t packed[(kRows + 63) / 64];
        bsx_wordlines_pack(wl_, kRows, packed);
        for (int c = 0; c < kCols; ++c)
            net_[c] = c < tile_->m_used ? bsx_tile_ideal_psum(tile_, c, packed) : 0.0;
    }
    valid_ = true;
    ++solves_;
    return 0;
}
