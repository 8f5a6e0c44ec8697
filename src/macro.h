/* One CiM macro (array tile) of the software reference: the configuration,
 * offline programming of a tile (static weight-column flip), preparation of
 * one activation sub-vector (dynamic activation flip, sum-select), the ADC
 * clip rule and the post-processing of one column (equation (1), sign
 * correction). docs/design.md section 2 defines every step. The co-simulation
 * (sim/) calls these same functions, so reference and RTL bench share one
 * definition of the arithmetic. Whole layers are in vmm.h. */
#ifndef BSX_MACRO_H
#define BSX_MACRO_H

#include <stddef.h>
#include <stdint.h>

#include "analog.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    BSX_SCHEME_BASELINE = 0, /* NAND-Net mapping, equation (1), no flips */
    BSX_SCHEME_BINSPARX = 1  /* column flip + activation flip + sum-select */
} bsx_scheme;

typedef struct {
    int rows;          /* N, rows of the array */
    int cols;          /* M, columns of the array */
    int adcs;          /* K, ADCs sharing the M columns; K divides M */
    int adc_bits;      /* B, SAR resolution, 1..BSX_ADC_MAX_BITS (adc.h) */
    bsx_scheme scheme;
} bsx_macro_config;

/* Largest N and M accepted (keeps every partial sum and output in int32). */
#define BSX_MACRO_MAX_DIM 4096

/* The ADC bits a scheme needs for N rows: ceil(log2 N) for the baseline,
 * one fewer for BinSparX (partial sums <= N/2), at least 1. */
int bsx_default_adc_bits(int rows, bsx_scheme scheme);

/* Defaults: the macro of macro_defaults.h (64 x 64, K = 8) with
 * B = bsx_default_adc_bits (6 baseline, 5 BinSparX). */
void bsx_macro_defaults(bsx_macro_config *cfg, bsx_scheme scheme);

/* 1 (and one line in msg, BSX_ERRLEN bytes, naming --adc-bits) when B is
 * below what the scheme needs for the rows, i.e. partial sums clip that the
 * default B would convert; 0 otherwise. */
int bsx_adc_bits_clip_warning(const bsx_macro_config *cfg, char *msg);

/* Checks ranges (1 <= N, M <= BSX_MACRO_MAX_DIM, 1 <= K, K divides M,
 * 1 <= B <= 16, known scheme). err: BSX_ERRLEN bytes naming the field. */
int bsx_macro_config_check(const bsx_macro_config *cfg, char *err);

/* "baseline" / "binsparx" <-> scheme. parse returns BSX_EINVAL on others. */
int bsx_scheme_parse(const char *name, bsx_scheme *out);
const char *bsx_scheme_name(bsx_scheme scheme);

/* One programmed array tile. Column-major: column c's stored bits W' are
 * bits[c * N .. c * N + N - 1] (row 0 at the driver end); rows >= n_used and
 * columns >= m_used hold 0. packed[] is the same bits, 64 rows per word
 * (words_per_col words per column), for fast ideal partial sums. */
typedef struct {
    int rows, cols;              /* N, M of the array */
    int n_used, m_used;          /* rows and columns in use */
    int words_per_col;           /* ceil(N / 64) */
    unsigned char *bits;         /* N * M stored bits W' in {0,1} */
    uint64_t *packed;            /* M * words_per_col */
    unsigned char *column_flip;  /* M; 1 = column stored as -w */
    int *stored_ones;            /* M; sum(W') of the stored column */
} bsx_tile;

/* Programs a tile from +-1 weights: element (r, c) of the tile is
 * w[r * ld + c], 0 <= r < n_used <= N, 0 <= c < m_used <= M. BinSparX flips a
 * column when sum(w) >= 0 over the rows in use. Weights other than +-1 give
 * BSX_EINVAL. Free with bsx_tile_free (also on a zeroed, unprogrammed tile). */
int bsx_tile_program(const bsx_macro_config *cfg, const int8_t *w, size_t ld,
                     int n_used, int m_used, bsx_tile *tile);
void bsx_tile_free(bsx_tile *tile);

/* One activation sub-vector as applied to a tile. */
typedef struct {
    int n_used;          /* rows in use */
    int s;               /* sum(I') of the +-1 input over the rows in use */
    int activation_flip; /* BinSparX: 1 when 2 s > n_used */
    int s_used;          /* s, or n_used - s when flipped (sum-select mux) */
} bsx_activation;

/* Word-line bits for +-1 inputs a[0..n_used-1]: wl[N] (rows >= n_used 0),
 * the flip decision and the selected sum. Inputs other than +-1 give
 * BSX_EINVAL. */
int bsx_activation_prepare(const bsx_macro_config *cfg, const int8_t *a,
                           int n_used, unsigned char *wl, bsx_activation *act);

/* Ideal partial sum sum(wl AND W') of column `col`; wl packed like
 * tile->packed (words_per_col words). */
int bsx_tile_ideal_psum(const bsx_tile *tile, int col, const uint64_t *wl_packed);

/* Packs wl[N] into words_per_col words, row r at bit r % 64 of word r / 64. */
void bsx_wordlines_pack(const unsigned char *wl, int rows, uint64_t *packed);

/* The ADC code an ideal array gives for partial sum ps: the shared SAR rule
 * (bsx_adc_convert) on current ps * I_LSB, i.e. min(ps, 2^B - 1). */
unsigned bsx_ideal_code(int ps, int adc_bits);

/* 1 when the code is at the top of the ADC range (2^B - 1): the ADC cannot
 * tell this code from any larger partial sum, so it is reported as clipped. */
int bsx_code_clipped(unsigned code, int adc_bits);

/* Post-processing of one column: equation (1),
 * 4 code - 2 s_used - 2 stored_ones + n_used, negated (two's complement)
 * when activation_flip XOR column_flip. */
int32_t bsx_postprocess(unsigned code, int s_used, int stored_ones, int n_used,
                        int activation_flip, int column_flip);

/* Analog mode: solves the m_used columns of a tile and its dummy column for
 * word lines wl[N] (analog rows == N), all in one batch (bsx_analog_tile).
 * net[M]: column current minus dummy current, A, the current each ADC
 * digitises (bsx_adc_convert(net[c], B, bsx_analog_i_lsb)); column[M] (or
 * NULL): the raw column currents. Entries >= m_used are 0. dummy (or NULL):
 * the dummy column's current (0 without one). count (or NULL) accumulates
 * the work. A solver failure returns its status. */
int bsx_tile_currents(const bsx_analog *analog, bsx_analog_ws *ws,
                      const bsx_tile *tile, const unsigned char *wl, double *net,
                      double *column, double *dummy, bsx_solve_count *count);

#ifdef __cplusplus
}
#endif

#endif
