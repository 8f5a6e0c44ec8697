/* The scoreboard: every output word the RTL delivers (one tile, one input
 * vector, M columns plus clip flags) is compared with what the software
 * reference computed for the same tile and input: the ADC code of the
 * reference's own layer VMM (CosimJob::reference_codes, from its own solves),
 * then activation flip, equation (1) and the sign (macro.h). Accepted words
 * are summed over row tiles into the layer output, which the caller then
 * compares with the reference VMM's layer output.
 *
 * It shares no state with the simulated analog array (ComparatorBank and its
 * TileCurrentCache): a cache it shared with the array would let a fault on the
 * array's side (a wrong or stale current) reach the expected words too and go
 * unseen; tb/test_scoreboard.cpp checks that such a fault is caught. */
#ifndef BSX_SIM_SCOREBOARD_H
#define BSX_SIM_SCOREBOARD_H

#include <cstdint>
#include <string>
#include <vector>

#include "cosim_job.h"

class Scoreboard {
public:
    explicit Scoreboard(const CosimJob &job);

    /* Checks the words got[M] (sign-extended results), clip flags clip[M]
     * (0/1) and the activation_flip the RTL applied, for tile
     * (rt, ct) and input b. Returns 0, or 1 with one line in err when the
     * reference itself failed (bad input). */
    int check(size_t rt, size_t ct, size_t b, const int32_t *got, const unsigned char *clip,
              bool act_flip, std::string &err);

    uint64_t words() const { return words_; }             /* column results checked */
    uint64_t mismatches() const { return mismatches_; }   /* results != reference */
    uint64_t clip_mismatches() const { return clip_mismatches_; } /* clip flag != reference */
    uint64_t flip_mismatches() const { return flip_mismatches_; } /* activation_flip != reference */
    uint64_t clips() const { return clips_; }             /* clipped codes (RTL flags) */
    uint64_t activation_flips() const { return activation_flips_; } /* sub-vectors flipped */
    const std::string &first_mismatch() const { return first_; } /* "" when none */
    /* The layer output assembled from the RTL's words, batch x out_cols. */
    const std::vector<int32_t> &y() const { return y_; }

private:
    const CosimJob &job_;
    std::vector<int32_t> y_;
    uint64_t words_ = 0, mismatches_ = 0, clip_mismatches_ = 0, flip_mismatches_ = 0, clips_ = 0;
    uint64_t activation_flips_ = 0;
    std::string first_;
};

#endif
