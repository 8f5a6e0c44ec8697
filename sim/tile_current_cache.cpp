/* The tile currents of the co-simulation, solved and remembered (see
 * tile_current_cache.h). */
#include "tile_current_cache.h"

#include <algorithm>
#include <cstring>
#include <new>

extern "C" {
#include "bsx_status.h"
}

TileCurrentCache::TileCurrentCache(const bsx_analog *analog, int rows, int cols)
    : analog_(analog), rows_(rows), cols_(cols)
{
    for (Entry &e : entries_) {
        e.wl.assign((size_t)rows, 0);
        e.net.assign((size_t)cols, 0.0);
    }
    if (analog_) {
        if (bsx_analog_ws_create(analog_, &ws_) != BSX_OK)
            throw std::bad_alloc();
        i_lsb_ = bsx_analog_i_lsb(analog_);
    }
}

TileCurrentCache::~TileCurrentCache() { bsx_analog_ws_destroy(ws_); }

void TileCurrentCache::set_tile(const bsx_tile *tile) { tile_ = tile; }

int TileCurrentCache::apply(const unsigned char *wl, std::string &err)
{
    for (int i = 0; i < kRemembered; ++i) {
        const Entry &e = entries_[(last_ + i) % kRemembered];
        if (e.tile == tile_ && std::memcmp(e.wl.data(), wl, (size_t)rows_) == 0) {
            last_ = (last_ + i) % kRemembered;
            return 0;
        }
    }
    Entry &e = entries_[next_];
    e.tile = nullptr;
    std::memcpy(e.wl.data(), wl, (size_t)rows_);
    if (solve(e, err) != 0)
        return 1;
    e.tile = tile_;
    last_ = next_;
    next_ = (next_ + 1) % kRemembered;
    return 0;
}

int TileCurrentCache::solve(Entry &e, std::string &err)
{
    e.total = 0.0;
    if (!tile_) { /* nothing programmed yet (reset): no current */
        std::fill(e.net.begin(), e.net.end(), 0.0);
    } else if (analog_) {
        std::vector<double> column((size_t)cols_);
        double dummy = 0.0;
        int rc = bsx_tile_currents(analog_, ws_, tile_, e.wl.data(), e.net.data(), column.data(),
                                   &dummy, nullptr);
        e.total = dummy;
        for (int c = 0; c < cols_ && rc == BSX_OK; ++c)
            e.total += column[c];
        if (rc != BSX_OK) {
            err = std::string("analog array: ") + bsx_analog_ws_error(ws_);
            return 1;
        }
    } else {
        std::vector<uint64_t> packed((size_t)(rows_ + 63) / 64);
        bsx_wordlines_pack(e.wl.data(), rows_, packed.data());
        for (int c = 0; c < cols_; ++c)
            e.net[c] = c < tile_->m_used ? bsx_tile_ideal_psum(tile_, c, packed.data()) : 0.0;
    }
    ++solves_;
    return 0;
}
