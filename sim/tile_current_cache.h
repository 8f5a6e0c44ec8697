/* TileCurrentCache: the currents one programmed N x M tile delivers to its
 * ADCs for a given set of word lines, remembered for the last few patterns: through the analog model of models/analog.h (every
 * column in use and the dummy solved once per word-line pattern, net =
 * column - dummy, docs/design.md section 3) or, in ideal mode, ps * I_LSB with
 * I_LSB = 1. Plain C++, no SystemC. The simulated array owns one, read by
 * its comparators (comparator_bank.h) and the energy meter: the last few
 * patterns are remembered, so the meter's reads cost no second solve. The
 * scoreboard has none: its expected codes are the reference VMM's own
 * (scoreboard.h), so nothing it does can change what the comparators see. */
#ifndef BSX_SIM_TILE_CURRENT_CACHE_H
#define BSX_SIM_TILE_CURRENT_CACHE_H

#include <cstdint>
#include <string>
#include <vector>

#include "cosim_job.h"

class TileCurrentCache {
public:
    /* analog NULL: ideal mode; rows x cols: the array (the job's N x M). */
    TileCurrentCache(const bsx_analog *analog, int rows, int cols);
    ~TileCurrentCache();
    TileCurrentCache(const TileCurrentCache &) = delete;
    TileCurrentCache &operator=(const TileCurrentCache &) = delete;

    /* Selects the tile whose stored bits the array holds (borrowed). */
    void set_tile(const bsx_tile *tile);
    /* Currents for word lines wl[rows] in {0,1} on the current tile; solves
     * only when that pair is not among the last kRemembered. Returns 0, or 1
     * with one line in err. */
    int apply(const unsigned char *wl, std::string &err);
    /* Net current into column col's ADC for the last apply(), A (ideal: ps). */
    double net(int col) const { return entries_[last_].net[col]; }
    /* Sum of every column's and the dummy's current for the last apply(),
     * before the dummy is subtracted, A (ideal: 0, no physical current). */
    double total() const { return entries_[last_].total; }
    /* The ADC's LSB current, A (ideal: 1). */
    double i_lsb() const { return i_lsb_; }
    /* Word-line patterns solved so far (each: every column + the dummy). */
    uint64_t solves() const { return solves_; }

private:
    static constexpr int kRemembered = 4;
    struct Entry {
        const bsx_tile *tile = nullptr; /* nullptr: empty */
        std::vector<unsigned char> wl;  /* rows */
        std::vector<double> net;        /* cols */
        double total = 0.0;
    };
    int solve(Entry &e, std::string &err);

    const bsx_analog *analog_;
    int rows_, cols_;
    bsx_analog_ws *ws_ = nullptr;
    const bsx_tile *tile_ = nullptr;
    Entry entries_[kRemembered];
    int last_ = 0, next_ = 0;
    double i_lsb_ = 1.0;
    uint64_t solves_ = 0;
};

#endif
