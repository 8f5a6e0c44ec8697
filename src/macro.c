/* One array tile of the reference: configuration checks, static column flip
 * when programming, dynamic activation flip and sum-select per input, the
 * clip rule and equation (1) with sign correction (docs/design.md section 2). */
#include "macro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adc.h"
#include "bsx_status.h"
#include "macro_defaults.h"

int bsx_default_adc_bits(int rows, bsx_scheme scheme)
{
    int bits = 0;
    while (bits < 30 && (1 << bits) < rows)
        bits++;
    if (scheme == BSX_SCHEME_BINSPARX)
        bits--;
    return bits < 1 ? 1 : bits;
}

void bsx_macro_defaults(bsx_macro_config *cfg, bsx_scheme scheme)
{
    cfg->rows = BSX_DEFAULT_ROWS;
    cfg->cols = BSX_DEFAULT_COLS;
    cfg->adcs = BSX_DEFAULT_ADCS;
    cfg->adc_bits = bsx_default_adc_bits(cfg->rows, scheme);
    cfg->scheme = scheme;
}

int bsx_adc_bits_clip_warning(const bsx_macro_config *cfg, char *msg)
{
    int need = bsx_default_adc_bits(cfg->rows, cfg->scheme);
    if (cfg->adc_bits >= need)
        return 0;
    snprintf(msg, BSX_ERRLEN,
             "--adc-bits %d is below the %d bits %s needs for %d rows (%s): partial sums "
             "above %d clip",
             cfg->adc_bits, need, bsx_scheme_name(cfg->scheme), cfg->rows,
             cfg->scheme == BSX_SCHEME_BINSPARX ? "ceil(log2 N) - 1" : "ceil(log2 N)",
             (1 << cfg->adc_bits) - 1);
    return 1;
}

int bsx_macro_config_check(const bsx_macro_config *cfg, char *err)
{
    if (cfg->scheme != BSX_SCHEME_BASELINE && cfg->scheme != BSX_SCHEME_BINSPARX) {
        snprintf(err, BSX_ERRLEN, "scheme: must be baseline or binsparx");
        return BSX_EINVAL;
    }
    if (cfg->rows < 1 || cfg->rows > BSX_MACRO_MAX_DIM) {
        snprintf(err, BSX_ERRLEN, "rows: %d is outside 1..%d", cfg->rows,
                 BSX_MACRO_MAX_DIM);
        return BSX_EINVAL;
    }
    if (cfg->cols < 1 || cfg->cols > BSX_MACRO_MAX_DIM) {
        snprintf(err, BSX_ERRLEN, "cols: %d is outside 1..%d", cfg->cols,
                 BSX_MACRO_MAX_DIM);
        return BSX_EINVAL;
    }
    if (cfg->adcs < 1 || cfg->cols % cfg->adcs != 0) {
        snprintf(err, BSX_ERRLEN, "adcs: %d does not divide the %d columns",
                 cfg->adcs, cfg->cols);
        return BSX_EINVAL;
    }
    if (cfg->adc_bits < 1 || cfg->adc_bits > BSX_ADC_MAX_BITS) {
        snprintf(err, BSX_ERRLEN, "adc-bits: %d is outside 1..%d", cfg->adc_bits,
                 BSX_ADC_MAX_BITS);
        return BSX_EINVAL;
    }
    return BSX_OK;
}

int bsx_scheme_parse(const char *name, bsx_scheme *out)
{
    if (strcmp(name, "baseline") == 0) {
        *out = BSX_SCHEME_BASELINE;
        return BSX_OK;
    }
    if (strcmp(name, "binsparx") == 0) {
        *out = BSX_SCHEME_BINSPARX;
        return BSX_OK;
    }
    return BSX_EINVAL;
}

const char *bsx_scheme_name(bsx_scheme scheme)
{
    return scheme == BSX_SCHEME_BINSPARX ? "binsparx" : "baseline";
}

void bsx_tile_free(bsx_tile *tile)
{
    free(tile->bits);
    free(tile->packed);
    free(tile->column_flip);
    free(tile->stored_ones);
    memset(tile, 0, sizeof *tile);
}

int bsx_tile_program(const bsx_macro_config *cfg, const int8_t *w, size_t ld,
                     int n_used, int m_used, bsx_tile *tile)
{
    int n = cfg->rows, m = cfg->cols;
    if (n_used < 1 || n_used > n || m_used < 1 || m_used > m || ld < (size_t)m_used)
        return BSX_EINVAL;
    memset(tile, 0, sizeof *tile);
    tile->rows = n;
    tile->cols = m;
    tile->n_used = n_used;
    tile->m_used = m_used;
    tile->words_per_col = (n + 63) / 64;
    tile->bits = calloc((size_t)n * (size_t)m, 1);
    tile->packed = calloc((size_t)m * (size_t)tile->words_per_col, sizeof(uint64_t));
    tile->column_flip = calloc((size_t)m, 1);
    tile->stored_ones = calloc((size_t)m, sizeof(int));
    if (!tile->bits || !tile->packed || !tile->column_flip || !tile->stored_ones) {
        bsx_tile_free(tile);
        return BSX_ENOMEM;
    }
    for (int c = 0; c < m_used; c++) {
        int plus = 0;
        for (int r = 0; r < n_used; r++) {
            int8_t v = w[(size_t)r * ld + (size_t)c];
            if (v != 1 && v != -1) {
                bsx_tile_free(tile);
                return BSX_EINVAL;
            }
            plus += v == 1;
        }
        /* sum(w) = 2 plus - n_used >= 0: store -w (at most n_used/2 ones). */
        int flip = cfg->scheme == BSX_SCHEME_BINSPARX && 2 * plus >= n_used;
        unsigned char *col = tile->bits + (size_t)c * (size_t)n;
        for (int r = 0; r < n_used; r++)
            col[r] = (unsigned char)((w[(size_t)r * ld + (size_t)c] == 1) ^ flip);
        bsx_wordlines_pack(col, n, tile->packed + (size_t)c * (size_t)tile->words_per_col);
        tile->column_flip[c] = (unsigned char)flip;
        tile->stored_ones[c] = flip ? n_used - plus : plus;
    }
    return BSX_OK;
}

int bsx_activation_prepare(const bsx_macro_config *cfg, const int8_t *a,
                           int n_used, unsigned char *wl, bsx_activation *act)
{
    if (n_used < 1 || n_used > cfg->rows)
        return BSX_EINVAL;
    int s = 0;
    for (int r = 0; r < n_used; r++) {
        if (a[r] != 1 && a[r] != -1)
            return BSX_EINVAL;
        s += a[r] == 1;
    }
    int flip = cfg->scheme == BSX_SCHEME_BINSPARX && 2 * s > n_used;
    for (int r = 0; r < n_used; r++)
        wl[r] = (unsigned char)((a[r] == 1) ^ flip);
    memset(wl + n_used, 0, (size_t)(cfg->rows - n_used));
    act->n_used = n_used;
    act->s = s;
    act->activation_flip = flip;
    act->s_used = flip ? n_used - s : s;
    return BSX_OK;
}

void bsx_wordlines_pack(const unsigned char *wl, int rows, uint64_t *packed)
{
    int words = (rows + 63) / 64;
    memset(packed, 0, (size_t)words * sizeof(uint64_t));
    for (int r = 0; r < rows; r++)
        packed[r / 64] |= (uint64_t)(wl[r] & 1u) << (r % 64);
}

int bsx_tile_ideal_psum(const bsx_tile *tile, int col, const uint64_t *wl_packed)
{
    const uint64_t *w = tile->packed + (size_t)col * (size_t)tile->words_per_col;
    int ps = 0;
    for (int k = 0; k < tile->words_per_col; k++)
        ps += __builtin_popcountll(w[k] & wl_packed[k]);
    return ps;
}

unsigned bsx_ideal_code(int ps, int adc_bits)
{
    return bsx_adc_convert((double)ps, (unsigned)adc_bits, 1.0);
}

int bsx_code_clipped(unsigned code, int adc_bits)
{
    return code == (1u << adc_bits) - 1u;
}

int32_t bsx_postprocess(unsigned code, int s_used, int stored_ones, int n_used,
                        int activation_flip, int column_flip)
{
    int32_t v = 4 * (int32_t)code - 2 * s_used - 2 * stored_ones + n_used;
    return (activation_flip ^ column_flip) ? -v : v;
}

int bsx_tile_currents(const bsx_analog *analog, bsx_analog_ws *ws,
                      const bsx_tile *tile, const unsigned char *wl, double *net,
                      double *column, double *dummy, bsx_solve_count *count)
{
    double dummy_current;
    int failed;
    int st = bsx_analog_tile(analog, ws, wl, tile->bits, tile->m_used, column,
                             net, &dummy_current, count, &failed, NULL);
    if (st != BSX_OK)
        return st;
    if (dummy)
        *dummy = dummy_current;
    for (int c = tile->m_used; c < tile->cols; c++) {
        net[c] = 0.0;
        if (column)
            column[c] = 0.0;
    }
    return BSX_OK;
}
