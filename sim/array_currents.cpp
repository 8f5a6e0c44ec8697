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

void ArrayCurrents::set_tile(const bsx_tile *tile) { tile_ = tile; }

int ArrayCurrents::apply(const unsigned char *wl, std::string &err)
{
    for (int i = 0; i < kRemembered; ++i) {
        const Entry &e = entries_[(last_ + i) % kRemembered];
        if (e.tile == tile_ && std::memcmp(e.wl, wl, sizeof e.wl) == 0) {
            last_ = (last_ + i) % kRemembered;
            return 0;
        }
    }
    Entry &e = entries_[next_];
    e.tile = nullptr;
    std::memcpy(e.wl, wl, sizeof e.wl);
    if (solve(e, err) != 0)
        return 1;
    e.tile = tile_;
    last_ = next_;
    next_ = (next_ + 1) % kRemembered;
    return 0;
}

int ArrayCurrents::solve(Entry &e, std::string &err)
{
    e.total = 0.0;
    if (!tile_) { /* nothing programmed yet (reset): no current */
        std::memset(e.net, 0, sizeof e.net);
    } else if (analog_) {
        double column[kCols], dummy;
        int rc = bsx_tile_currents(analog_, ws_, tile_, e.wl, e.net, column, &dummy, nullptr);
        e.total = dummy;
        for (int c = 0; c < kCols && rc == BSX_OK; ++c)
            e.total += column[c];
        if (rc != BSX_OK) {
            err = std::string("analog array: ") + bsx_analog_ws_error(ws_);
            return 1;
        }
    } else {
        uint64_t packed[(kRows + 63) / 64];
        bsx_wordlines_pack(e.wl, kRows, packed);
        for (int c = 0; c < kCols; ++c)
            e.net[c] = c < tile_->m_used ? bsx_tile_ideal_psum(tile_, c, packed) : 0.0;
    }
    ++solves_;
    return 0;
}
