/* A bounded memo of analog tile solves: the currents of one tile for one
 * word-line pattern. A column's currents depend only on the preset, the
 * tile's stored bits and the word lines, and every solve starts from the
 * same initial guess (models/column.c), so a remembered answer is the
 * answer a new solve would give, bit for bit. Binary networks apply the
 * same sub-vector many times (an image's uniform background gives identical
 * im2col patches), which this saves. Direct-mapped: a new pattern replaces
 * the one in its slot, so memory stays at `slots` entries. */
#ifndef BSX_SOLVE_CACHE_H
#define BSX_SOLVE_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct bsx_solve_cache bsx_solve_cache;

/* slots >= 1 entries for patterns of key_words 64-bit words and tiles of
 * cols columns. Returns BSX_OK or BSX_ENOMEM / BSX_EINVAL. */
int bsx_solve_cache_create(size_t slots, int key_words, int cols, bsx_solve_cache **out);
void bsx_solve_cache_destroy(bsx_solve_cache *c);

/* 1 and net[cols], column[cols] filled when tile `tile` with word lines
 * wl[key_words] is remembered; else 0. */
int bsx_solve_cache_get(const bsx_solve_cache *c, size_t tile, const uint64_t *wl,
                        double *net, double *column);

/* Remembers the currents of (tile, wl), replacing its slot's entry. */
void bsx_solve_cache_put(bsx_solve_cache *c, size_t tile, const uint64_t *wl,
                         const double *net, const double *column);

#endif
