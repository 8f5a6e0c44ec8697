/* Layer tiling and the VMM loop of the reference: per input vector and row
 * tile, prepare the activation sub-vector once, then convert every column of
 * every column tile (ideal arithmetic or analog currents through the shared
 * ADC rule), post-process and sum row tiles. Threads split the batch; every
 * per-input quantity is kept per input and reduced in order, so results and
 * statistics do not depend on the thread count. */
#include "vmm.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adc.h"
#include "bsx_status.h"
#include "solve_cache.h"

struct bsx_layer {
    bsx_macro_config cfg;
    size_t rows, cols;
    size_t row_tiles, col_tiles;
    size_t words;     /* ceil(rows / 64) */
    uint64_t *w_plus; /* cols x words: bit r of column j set when w[r][j] = +1 */
    bsx_tile *tiles;  /* row_tiles x col_tiles */
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

void bsx_layer_destroy(bsx_layer *layer)
{
    if (!layer)
        return;
    if (layer->tiles)
        for (size_t t = 0; t < layer->row_tiles * layer->col_tiles; t++)
            bsx_tile_free(&layer->tiles[t]);
    free(layer->tiles);
    free(layer->w_plus);
    free(layer);
}

int bsx_layer_program(const bsx_macro_config *cfg, const int8_t *w, size_t rows,
                      size_t cols, bsx_layer **out, char *err)
{
    *out = NULL;
    int st = bsx_macro_config_check(cfg, err);
    if (st != BSX_OK)
        return st;
    if (rows < 1 || cols < 1 || rows > (size_t)INT32_MAX / 4 || cols > SIZE_MAX / rows) {
        snprintf(err, BSX_ERRLEN, "weights: shape (%zu, %zu) is empty or too large",
                 rows, cols);
        return BSX_EINVAL;
    }
    bsx_layer *L = calloc(1, sizeof *L);
    if (!L)
        return BSX_ENOMEM;
    L->cfg = *cfg;
    L->rows = rows;
    L->cols = cols;
    L->row_tiles = (rows + (size_t)cfg->rows - 1) / (size_t)cfg->rows;
    L->col_tiles = (cols + (size_t)cfg->cols - 1) / (size_t)cfg->cols;
    L->words = (rows + 63) / 64;
    L->w_plus = calloc(cols * L->words, sizeof *L->w_plus);
    L->tiles = calloc(L->row_tiles * L->col_tiles, sizeof *L->tiles);
    if (!L->w_plus || !L->tiles) {
        bsx_layer_destroy(L);
        return BSX_ENOMEM;
    }
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++)
            L->w_plus[c * L->words + r / 64] |= (uint64_t)(w[r * cols + c] == 1) << (r % 64);
    for (size_t rt = 0; rt < L->row_tiles; rt++)
        for (size_t ct = 0; ct < L->col_tiles; ct++) {
            size_t r0 = rt * (size_t)cfg->rows, c0 = ct * (size_t)cfg->cols;
            int n_used = (int)min_size((size_t)cfg->rows, rows - r0);
            int m_used = (int)min_size((size_t)cfg->cols, cols - c0);
            st = bsx_tile_program(cfg, w + r0 * cols + c0, cols, n_used, m_used,
                                  &L->tiles[rt * L->col_tiles + ct]);
            if (st != BSX_OK) {
                if (st == BSX_EINVAL)
                    snprintf(err, BSX_ERRLEN,
                             "weights: rows %zu..%zu, columns %zu..%zu hold a value other than -1/+1",
                             r0, r0 + (size_t)n_used - 1, c0, c0 + (size_t)m_used - 1);
                else
                    snprintf(err, BSX_ERRLEN, "weights: %s", bsx_strerror(st));
                bsx_layer_destroy(L);
                return st;
            }
        }
    *out = L;
    return BSX_OK;
}

const bsx_macro_config *bsx_layer_config(const bsx_layer *layer)
{
    return &layer->cfg;
}

size_t bsx_layer_rows(const bsx_layer *layer)
{
    return layer->rows;
}

size_t bsx_layer_cols(const bsx_layer *layer)
{
    return layer->cols;
}

size_t bsx_layer_row_tiles(const bsx_layer *layer)
{
    return layer->row_tiles;
}

size_t bsx_layer_col_tiles(const bsx_layer *layer)
{
    return layer->col_tiles;
}

const bsx_tile *bsx_layer_tile(const bsx_layer *layer, size_t rt, size_t ct)
{
    return &layer->tiles[rt * layer->col_tiles + ct];
}

void bsx_vmm_defaults(bsx_vmm_options *opts)
{
    opts->analog = NULL;
    opts->threads = 1;
    opts->psum_histogram = NULL;
    opts->psum_only = 0;
    opts->solve_cache = 0;
    opts->codes = NULL;
}

/* Per-input counters: reduced in input order after the threads finish. */
typedef struct {
    uint64_t psum_total;
    double current_total;
} input_sums;

/* One worker: a contiguous slice of the batch, its own scratch and counters. */
typedef struct {
    const bsx_layer *layer;
    const bsx_vmm_options *opts;
    const int8_t *x;
    int32_t *y;
    input_sums *sums;
    size_t first, last;
    /* scratch */
    unsigned char *wl;
    uint64_t *wl_packed;
    uint64_t *x_plus;       /* the current input, packed like layer->w_plus */
    unsigned char *clipped; /* per output of the current input */
    unsigned *ideal_code;   /* N + 1: bsx_ideal_code of each partial sum */
    uint64_t *histogram;    /* N + 1, or NULL */
    bsx_analog_ws *ws;      /* analog mode: this thread's solver scratch */
    double *net, *column;   /* analog mode: M currents of the current tile */
    double i_lsb;           /* analog mode: the ADC's LSB current */
    bsx_solve_cache *cache; /* analog mode with opts->solve_cache, else NULL */
    bsx_solve_count solved;
    /* counters */
    bsx_vmm_stats st;
    int64_t error_sum;        /* sum of e = output - exact */
    int status;
    char err[BSX_ERRLEN];
} worker;

/* The exact X @ W row for input xb, by the +-1 identity
 * sum(x w) = rows - 2 * (number of rows where x and w differ). */
static void compare_with_exact(worker *wk, const int8_t *xb, const int32_t *yb)
{
    const bsx_layer *L = wk->layer;
    memset(wk->x_plus, 0, L->words * sizeof *wk->x_plus);
    for (size_t r = 0; r < L->rows; r++)
        wk->x_plus[r / 64] |= (uint64_t)(xb[r] == 1) << (r % 64);
    for (size_t j = 0; j < L->cols; j++) {
        const uint64_t *wj = L->w_plus + j * L->words;
        int32_t differ = 0;
        for (size_t k = 0; k < L->words; k++)
            differ += __builtin_popcountll(wk->x_plus[k] ^ wj[k]);
        int32_t exact = (int32_t)L->rows - 2 * differ;
        int64_t e = (int64_t)yb[j] - exact;
        int32_t diff = (int32_t)(e < 0 ? -e : e);
        if (e < -BSX_VMM_ERROR_RANGE)
            wk->st.errors_below++;
        else if (e > BSX_VMM_ERROR_RANGE)
            wk->st.errors_above++;
        else
            wk->st.error_histogram[e + BSX_VMM_ERROR_RANGE]++;
        if (diff == 0)
            continue;
        wk->st.sum_abs_error += (uint64_t)diff;
        wk->st.sum_sq_error += (uint64_t)diff * (uint64_t)diff;
        wk->error_sum += e;
        wk->st.mismatches++;
        if (wk->clipped[j])
            wk->st.mismatches_clip++;
        else
            wk->st.mismatches_analog++;
        if (diff > wk->st.max_abs_error)
            wk->st.max_abs_error = diff;
    }
}

/* Analog mode: the currents of tile number `index` for the current word
 * lines, from the cache or solved (and remembered). */
static int tile_currents(worker *wk, const bsx_tile *t, size_t index)
{
    if (wk->cache &&
        bsx_solve_cache_get(wk->cache, index, wk->wl_packed, wk->net, wk->column)) {
        wk->st.cache_hits++;
        return BSX_OK;
    }
    double t0 = now_seconds();
    int st = bsx_tile_currents(wk->opts->analog, wk->ws, t, wk->wl, wk->net, wk->column, NULL,
                               &wk->solved);
    wk->st.solver_seconds += now_seconds() - t0;
    if (st == BSX_OK && wk->cache)
        bsx_solve_cache_put(wk->cache, index, wk->wl_packed, wk->net, wk->column);
    return st;
}

/* Converts and post-processes every column of one tile for one prepared
 * sub-vector, adding into the outputs yb of the tile's columns (and writing
 * their codes to codes, when not NULL). Analog mode solves the tile first
 * and digitises its currents through the shared ADC rule; ideal mode
 * converts the ideal partial sum. */
static int run_tile(worker *wk, const bsx_tile *t, size_t index,
                    const bsx_activation *act, size_t b, int32_t *yb,
                    unsigned char *clipped, uint16_t *codes)
{
    const bsx_vmm_options *opts = wk->opts;
    int bits = wk->layer->cfg.adc_bits;
    int top = (1 << bits) - 1;
    if (opts->analog) {
        int st = tile_currents(wk, t, index);
        if (st != BSX_OK)
            return st;
    }
    for (int c = 0; c < t->m_used; c++) {
        int ps = bsx_tile_ideal_psum(t, c, wk->wl_packed);
        unsigned code;
        if (opts->analog) {
            code = bsx_adc_convert(wk->net[c], (unsigned)bits, wk->i_lsb);
            wk->sums[b].current_total += wk->column[c];
        } else {
            code = wk->ideal_code[ps];
        }
        if (codes)
            codes[c] = (uint16_t)code;
        wk->st.conversions++;
        wk->sums[b].psum_total += (uint64_t)ps;
        if (wk->histogram)
            wk->histogram[ps]++;
        if (ps > top)
            wk->st.overflow_codes++;
        if (bsx_code_clipped(code, bits)) {
            wk->st.clipped_codes++;
            clipped[c] = 1;
        }
        yb[c] += bsx_postprocess(code, act->s_used, t->stored_ones[c], t->n_used,
                                 act->activation_flip, t->column_flip[c]);
    }
    return BSX_OK;
}

/* psum_only: the ideal partial sum of every column of one tile. */
static void psum_tile(worker *wk, const bsx_tile *t, size_t b)
{
    for (int c = 0; c < t->m_used; c++) {
        int ps = bsx_tile_ideal_psum(t, c, wk->wl_packed);
        wk->st.conversions++;
        wk->sums[b].psum_total += (uint64_t)ps;
        if (wk->histogram)
            wk->histogram[ps]++;
    }
}

static void *worker_main(void *arg)
{
    worker *wk = arg;
    const bsx_layer *L = wk->layer;
    const bsx_macro_config *cfg = &L->cfg;
    for (size_t b = wk->first; b < wk->last; b++) {
        const int8_t *xb = wk->x + b * L->rows;
        int psum_only = wk->opts->psum_only;
        int32_t *yb = psum_only ? NULL : wk->y + b * L->cols;
        if (!psum_only) {
            memset(yb, 0, L->cols * sizeof *yb);
            memset(wk->clipped, 0, L->cols);
        }
        for (size_t rt = 0; rt < L->row_tiles; rt++) {
            size_t r0 = rt * (size_t)cfg->rows;
            int n_used = (int)min_size((size_t)cfg->rows, L->rows - r0);
            bsx_activation act;
            if (bsx_activation_prepare(cfg, xb + r0, n_used, wk->wl, &act) != BSX_OK) {
                wk->status = BSX_EINVAL;
                snprintf(wk->err, BSX_ERRLEN,
                         "inputs: row %zu holds a value other than -1/+1", b);
                return NULL;
            }
            wk->st.activation_flips += (uint64_t)act.activation_flip;
            bsx_wordlines_pack(wk->wl, cfg->rows, wk->wl_packed);
            for (size_t ct = 0; psum_only && ct < L->col_tiles; ct++)
                psum_tile(wk, bsx_layer_tile(L, rt, ct), b);
            for (size_t ct = 0; !psum_only && ct < L->col_tiles; ct++) {
                size_t c0 = ct * (size_t)cfg->cols;
                uint16_t *codes = wk->opts->codes
                                      ? wk->opts->codes + (b * L->row_tiles + rt) * L->cols + c0
                                      : NULL;
                int st = run_tile(wk, bsx_layer_tile(L, rt, ct), rt * L->col_tiles + ct,
                                  &act, b, yb + c0, wk->clipped + c0, codes);
                if (st != BSX_OK) {
                    wk->status = st;
                    snprintf(wk->err, BSX_ERRLEN,
                             "analog: input %zu, tile (%zu, %zu): %.300s", b, rt,
                             ct, bsx_analog_ws_error(wk->ws));
                    return NULL;
                }
            }
        }
        if (!psum_only)
            compare_with_exact(wk, xb, yb);
    }
    return NULL;
}

static void worker_free(worker *wk)
{
    free(wk->wl);
    free(wk->wl_packed);
    free(wk->x_plus);
    free(wk->clipped);
    free(wk->ideal_code);
    free(wk->net);
    free(wk->column);
    bsx_analog_ws_destroy(wk->ws);
    bsx_solve_cache_destroy(wk->cache);
    free(wk->histogram);
}

static int worker_init(worker *wk, const bsx_layer *L, const bsx_vmm_options *opts)
{
    int n = L->cfg.rows;
    wk->wl = calloc((size_t)n, 1);
    wk->wl_packed = calloc((size_t)(n + 63) / 64, sizeof(uint64_t));
    wk->x_plus = calloc(L->words, sizeof(uint64_t));
    wk->clipped = calloc(L->cols, 1);
    wk->ideal_code = calloc((size_t)n + 1, sizeof *wk->ideal_code);
    if (opts->psum_histogram)
        wk->histogram = calloc((size_t)n + 1, sizeof(uint64_t));
    if (!wk->wl || !wk->wl_packed || !wk->x_plus || !wk->clipped || !wk->ideal_code ||
        (opts->psum_histogram && !wk->histogram))
        return BSX_ENOMEM;
    for (int ps = 0; ps <= n; ps++)
        wk->ideal_code[ps] = bsx_ideal_code(ps, L->cfg.adc_bits);
    if (opts->analog) {
        wk->net = calloc((size_t)L->cfg.cols, sizeof *wk->net);
        wk->column = calloc((size_t)L->cfg.cols, sizeof *wk->column);
        wk->i_lsb = bsx_analog_i_lsb(opts->analog);
        if (!wk->net || !wk->column)
            return BSX_ENOMEM;
        if (opts->solve_cache > 0) {
            int st = bsx_solve_cache_create(opts->solve_cache, (n + 63) / 64, L->cfg.cols,
                                            &wk->cache);
            if (st != BSX_OK)
                return st;
        }
        return bsx_analog_ws_create(opts->analog, &wk->ws);
    }
    return BSX_OK;
}

/* Adds a worker's counters into the run's statistics. */
static void merge_counters(bsx_vmm_stats *into, const bsx_vmm_stats *from)
{
    into->conversions += from->conversions;
    into->activation_flips += from->activation_flips;
    into->clipped_codes += from->clipped_codes;
    into->overflow_codes += from->overflow_codes;
    into->mismatches += from->mismatches;
    into->mismatches_clip += from->mismatches_clip;
    into->mismatches_analog += from->mismatches_analog;
    into->sum_abs_error += from->sum_abs_error;
    into->sum_sq_error += from->sum_sq_error;
    if (from->max_abs_error > into->max_abs_error)
        into->max_abs_error = from->max_abs_error;
    for (size_t i = 0; i < 2 * BSX_VMM_ERROR_RANGE + 1; i++)
        into->error_histogram[i] += from->error_histogram[i];
    into->errors_below += from->errors_below;
    into->errors_above += from->errors_above;
    into->solver_seconds += from->solver_seconds;
    into->cache_hits += from->cache_hits;
}

int bsx_vmm_run(const bsx_layer *layer, const int8_t *x, size_t batch,
                const bsx_vmm_options *opts, int32_t *y, bsx_vmm_stats *stats,
                char *err)
{
    memset(stats, 0, sizeof *stats);
    stats->batch = batch;
    if (opts->threads < 1) {
        snprintf(err, BSX_ERRLEN, "threads: %d must be at least 1", opts->threads);
        return BSX_EINVAL;
    }
    if (opts->psum_only && opts->codes) {
        snprintf(err, BSX_ERRLEN, "codes: a psum_only run converts nothing");
        return BSX_EINVAL;
    }
    if (opts->analog && bsx_analog_rows(opts->analog) != layer->cfg.rows) {
        snprintf(err, BSX_ERRLEN, "analog: the model has %d rows but the arrays have %d",
                 bsx_analog_rows(opts->analog), layer->cfg.rows);
        return BSX_EINVAL;
    }
    if (batch == 0)
        return BSX_OK;
    double t0 = now_seconds();
    size_t nthreads = min_size((size_t)opts->threads, batch);
    worker *wks = calloc(nthreads, sizeof *wks);
    input_sums *sums = calloc(batch, sizeof *sums);
    int st = wks && sums ? BSX_OK : BSX_ENOMEM;
    for (size_t i = 0; st == BSX_OK && i < nthreads; i++) {
        worker *wk = &wks[i];
        wk->layer = layer;
        wk->opts = opts;
        wk->x = x;
        wk->y = y;
        wk->sums = sums;
        wk->first = batch * i / nthreads;
        wk->last = batch * (i + 1) / nthreads;
        st = worker_init(wk, layer, opts);
    }
    if (st != BSX_OK) {
        snprintf(err, BSX_ERRLEN, "vmm: %s", bsx_strerror(st));
    } else {
        pthread_t *tids = calloc(nthreads, sizeof *tids);
        size_t started = 1;
        if (tids)
            for (; started < nthreads; started++)
                if (pthread_create(&tids[started], NULL, worker_main, &wks[started]) != 0)
                    break;
        /* Slices whose thread did not start run here, in order. */
        worker_main(&wks[0]);
        for (size_t i = 1; i < nthreads; i++) {
            if (i < started)
                pthread_join(tids[i], NULL);
            else
                worker_main(&wks[i]);
        }
        free(tids);
        for (size_t i = 0; i < nthreads; i++) {
            if (wks[i].status != BSX_OK && st == BSX_OK) {
                st = wks[i].status;
                memcpy(err, wks[i].err, BSX_ERRLEN);
            }
            merge_counters(stats, &wks[i].st);
            stats->solves += wks[i].solved.solves;
            stats->solver_iterations += wks[i].solved.iterations;
            if (opts->psum_histogram)
                for (int p = 0; p <= layer->cfg.rows; p++)
                    opts->psum_histogram[p] += wks[i].histogram[p];
        }
        int64_t error_sum = 0;
        for (size_t i = 0; i < nthreads; i++)
            error_sum += wks[i].error_sum;
        double outputs = (double)batch * (double)layer->cols;
        stats->mean_error = (double)error_sum / outputs;
        stats->mean_abs_error = (double)stats->sum_abs_error / outputs;
        stats->rms_error = sqrt((double)stats->sum_sq_error / outputs);
        uint64_t psum_total = 0;
        double current_total = 0.0;
        for (size_t b = 0; b < batch; b++) {
            psum_total += sums[b].psum_total;
            current_total += sums[b].current_total;
        }
        if (stats->conversions > 0) {
            stats->mean_psum = (double)psum_total / (double)stats->conversions;
            stats->mean_current = current_total / (double)stats->conversions;
        }
    }
    for (size_t i = 0; wks && i < nthreads; i++)
        worker_free(&wks[i]);
    free(wks);
    free(sums);
    stats->seconds = now_seconds() - t0;
    return st;
}
