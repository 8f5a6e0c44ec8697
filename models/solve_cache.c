/* Direct-mapped memo of tile solves (see solve_cache.h). */
#include "solve_cache.h"

#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"

struct bsx_solve_cache {
    size_t slots;
    int key_words, cols;
    unsigned char *used; /* slots */
    size_t *tile;        /* slots */
    uint64_t *keys;      /* slots x key_words */
    double *currents;    /* slots x 2 cols: net, then column */
};

int bsx_solve_cache_create(size_t slots, int key_words, int cols, bsx_solve_cache **out)
{
    *out = NULL;
    if (slots < 1 || key_words < 1 || cols < 1 || slots > SIZE_MAX / 2 / (size_t)cols)
        return BSX_EINVAL;
    bsx_solve_cache *c = calloc(1, sizeof *c);
    if (!c)
        return BSX_ENOMEM;
    c->slots = slots;
    c->key_words = key_words;
    c->cols = cols;
    c->used = calloc(slots, 1);
    c->tile = calloc(slots, sizeof *c->tile);
    c->keys = calloc(slots * (size_t)key_words, sizeof *c->keys);
    c->currents = calloc(slots * 2 * (size_t)cols, sizeof *c->currents);
    if (!c->used || !c->tile || !c->keys || !c->currents) {
        bsx_solve_cache_destroy(c);
        return BSX_ENOMEM;
    }
    *out = c;
    return BSX_OK;
}

void bsx_solve_cache_destroy(bsx_solve_cache *c)
{
    if (!c)
        return;
    free(c->used);
    free(c->tile);
    free(c->keys);
    free(c->currents);
    free(c);
}

/* splitmix64 finaliser over the tile and the pattern. */
static size_t slot_of(const bsx_solve_cache *c, size_t tile, const uint64_t *wl)
{
    uint64_t h = (uint64_t)tile * 0x9e3779b97f4a7c15u;
    for (int k = 0; k < c->key_words; k++) {
        h ^= wl[k] + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
        h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9u;
        h = (h ^ (h >> 27)) * 0x94d049bb133111ebu;
        h ^= h >> 31;
    }
    return (size_t)(h % c->slots);
}

int bsx_solve_cache_get(const bsx_solve_cache *c, size_t tile, const uint64_t *wl,
                        double *net, double *column)
{
    size_t s = slot_of(c, tile, wl);
    size_t kw = (size_t)c->key_words, m = (size_t)c->cols;
    if (!c->used[s] || c->tile[s] != tile ||
        memcmp(c->keys + s * kw, wl, kw * sizeof *wl) != 0)
        return 0;
    memcpy(net, c->currents + s * 2 * m, m * sizeof *net);
    memcpy(column, c->currents + s * 2 * m + m, m * sizeof *column);
    return 1;
}

void bsx_solve_cache_put(bsx_solve_cache *c, size_t tile, const uint64_t *wl,
                         const double *net, const double *column)
{
    size_t s = slot_of(c, tile, wl);
    size_t kw = (size_t)c->key_words, m = (size_t)c->cols;
    c->used[s] = 1;
    c->tile[s] = tile;
    memcpy(c->keys + s * kw, wl, kw * sizeof *wl);
    memcpy(c->currents + s * 2 * m, net, m * sizeof *net);
    memcpy(c->currents + s * 2 * m + m, column, m * sizeof *column);
}
