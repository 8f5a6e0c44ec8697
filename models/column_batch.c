/* Batched column solver (column_batch.h). One lane per column, LANES
 * columns in a lane set. Per Newton iteration two passes over the rows,
 * each a vector operation across the lanes:
 *   1. cell-table evaluation (per-lane patch gather), KCL residuals and
 *      Jacobian, Schur complement and forward substitution (column_chain.c's
 *      assemble_and_eliminate, expression for expression);
 *   2. back substitution: the Newton step, and the nodes moved by it;
 * then each lane's verdict: the step rule (column_converged, the rule both
 * scalar engines use) or, from the second iteration on, the proved bound
 * (column_certified: certify, a third pass, run when a lane needs it), and
 * the step, damped and clipped where a lane's step is too long.
 * Columns start in the start set: the next LANES columns run their first
 * iteration together, at the initial guess, where the cells are the
 * pre-evaluated ones of their state (no table lookups). They then move into
 * the run set's free lanes, which take the next waiting column as soon as
 * theirs is done: columns need two or three iterations, and lanes at their
 * first iteration beside lanes at later ones would make every pass a full
 * one. Floating-point contraction is off (Makefile); multiply-adds are
 * fused only where the scalar engine fuses them too (vmadd, madd.h): results
 * equal the scalar solver's exactly.
 *
 * SIMD path: GCC vector extensions of LANES doubles, one register's worth:
 * AVX-512, AVX2 or SSE2 depending on the -m flags the Makefile chose for
 * the solver from what the compiler and CPU support. Intrinsics only where
 * the vector extensions have no exact equivalent: the patch gather (or its
 * loads and transposes, patch_row), max/min (x86's semantics are the scalar
 * a > b ? a : b, NaN included), the integer min/max and FP-class test of
 * AVX-512, AVX2's rounding and the fused multiply-add. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

#include "cell_table_nodes.h"
#include "column_batch.h"
#include "column_state.h"

/* Lanes: one register's worth (8 on AVX-512, 4 on AVX2, 2 otherwise, e.g.
 * SSE2), which keeps the loops in registers. */
#if defined(__AVX512F__)
#define LANES 8
#elif defined(__AVX2__)
#define LANES 4
#else
#define LANES 2
#endif

typedef double vd __attribute__((vector_size(8 * LANES), aligned(8 * LANES)));
typedef int64_t vi __attribute__((vector_size(8 * LANES), aligned(8 * LANES)));
typedef uint8_t lane_bytes __attribute__((vector_size(LANES)));
/* Patch numbers per lane: integers on AVX-512, integer-valued doubles on
 * the other paths, which lack 64-bit integer conversions. */
#if defined(__AVX512F__)
typedef vi grid_index;
#else
typedef vd grid_index;
#endif

/* Gather indices (doubles from the table's start) of every lane. */
#if defined(__AVX2__) && !defined(__AVX512F__)
typedef __m128i gather_index; /* 4 x int32: tables hold < 2^31 doubles */
#else
typedef vi gather_index;
#endif

/* How the batch reads the cell table's patches (patch_row, below): by
 * loads and transposes where the build asks for it (BSX_TABLE_LOADS,
 * scripts/simd_flags.sh) and has the shuffles for it, else by gathers. */
#if defined(BSX_TABLE_LOADS) && (defined(__AVX512F__) || defined(__AVX2__))
#define TABLE_BY_LOADS 1
#define TABLE_FETCH ", table by loads and transposes"
#else
#define TABLE_BY_LOADS 0
#define TABLE_FETCH ", table by gathers"
#endif

/* LANES columns in flight: per row, one vector (one lane per column). */
typedef struct {
    vd *ub, *us;       /* node voltage offsets (column_state.h) */
    vd *ub_next, *us_next; /* the same after the full Newton step */
    vd *inv;           /* [4 rows] Schur complement inverses */
    vd *x;             /* [2 rows] right-hand side, then the Newton step */
    vd *cur;           /* cell currents (only when linear_sink) */
    vd *d_b, *d_s;     /* their derivatives: the Jacobian's cell entries */
    vd *z;             /* [2 rows] certify's test vector */
    gather_index *patch_at; /* each cell's patch at x_k, as gather indices */
    grid_index *patch0; /* first patch of each cell's state, in patches */
    vi *state;         /* each cell's state, BSX_STATE */
    lane_bytes *lane_state; /* the same as bytes, while lanes are loaded */
    int col[LANES];    /* the column in each lane, or -1 */
    int iter[LANES];   /* Newton iterations its column has had */
    void *block;       /* the memory of every array above */
} lane_set;

struct bsx_column_batch {
    bsx_column *col; /* circuit constants, and the scalar fallback */
    int rows;
    int linear_sink;   /* 1: the sink current needs the linearised cells */
    /* start: columns at their first iteration, all in step (no table
     * lookups); run: columns past it, each lane refilled from start as
     * soon as its column is done */
    lane_set start, run;
    vd init_cur, init_d_b, init_d_s; /* cells at the initial guess by state */
    vd init_q_bb, init_q_bs, init_q_ss; /* and their second-order terms */
    char err[BSX_ERRLEN];
};

const char *bsx_column_batch_path(void)
{
#if defined(__AVX512F__) && defined(__FMA__)
    return "avx512, 8 lanes, fused multiply-add" TABLE_FETCH;
#elif defined(__AVX512F__)
    return "avx512, 8 lanes" TABLE_FETCH;
#elif defined(__AVX2__) && defined(__FMA__)
    return "avx2, 4 lanes, fused multiply-add" TABLE_FETCH;
#elif defined(__AVX2__)
    return "avx2, 4 lanes" TABLE_FETCH;
#elif defined(__FMA__)
    return "generic (compiler's vectors), 2 lanes, fused multiply-add";
#else
    return "generic (compiler's vectors, e.g. sse2), 2 lanes";
#endif
}

static inline vd splat(double a)
{
    vd r = {0};
    for (int l = 0; l < LANES; l++)
        r[l] = a;
    return r;
}

static inline vi splat_i(int64_t a)
{
    vi r;
    for (int l = 0; l < LANES; l++)
        r[l] = a;
    return r;
}

/* m ? a : b per lane, m from a vector comparison (all ones or zero). */
static inline vd select_vd(vi m, vd a, vd b)
{
    return (vd)(((vi)a & m) | ((vi)b & ~m));
}

static inline vi select_vi(vi m, vi a, vi b)
{
    return (a & m) | (b & ~m);
}

static inline vd vabs(vd a)
{
    return (vd)((vi)a & splat_i(INT64_MAX));
}

/* bsx_madd (madd.h) per lane: a * b + c, fused where the build has FMA. */
static inline vd vmadd(vd a, vd b, vd c)
{
#if defined(__AVX512F__) && defined(__FMA__)
    return (vd)_mm512_fmadd_pd((__m512d)a, (__m512d)b, (__m512d)c);
#elif defined(__AVX2__) && defined(__FMA__)
    return (vd)_mm256_fmadd_pd((__m256d)a, (__m256d)b, (__m256d)c);
#elif defined(__FMA__)
    vd r;
    for (int l = 0; l < LANES; l++)
        r[l] = fma(a[l], b[l], c[l]);
    return r;
#else
    return a * b + c;
#endif
}

/* column_max, per lane: a > b ? a : b (also for NaN and signed zeros:
 * the x86 max instruction returns its second operand unless a > b). */
static inline vd vmax(vd a, vd b)
{
#if defined(__AVX512F__)
    return (vd)_mm512_max_pd((__m512d)a, (__m512d)b);
#elif defined(__AVX2__)
    return (vd)_mm256_max_pd((__m256d)a, (__m256d)b);
#else
    return select_vd(a > b, a, b);
#endif
}

/* Per lane, all ones where det == 0 or det is not finite (the scalar
 * solver's singular Jacobian). */
static inline vi singular_det(vd det)
{
#if defined(__AVX512DQ__)
    /* classes: quiet NaN, +0, -0, +inf, -inf, signalling NaN */
    return (vi)_mm512_movm_epi64(_mm512_fpclass_pd_mask((__m512d)det, 0x9f));
#else
    return (det == splat(0.0)) | ~(vabs(det) <= splat(1.7976931348623157e308));
#endif
}

/* Per lane: a < b ? a : b (likewise exact: the x86 min instruction). */
static inline vd vmin(vd a, vd b)
{
#if defined(__AVX512F__)
    return (vd)_mm512_min_pd((__m512d)a, (__m512d)b);
#elif defined(__AVX2__)
    return (vd)_mm256_min_pd((__m256d)a, (__m256d)b);
#else
    return select_vd(a < b, a, b);
#endif
}

/* Per lane: want < lo ? lo : want > hi ? hi : want, for lo <= hi. */
static inline vd vclip(vd want, vd lo, vd hi)
{
    return vmax(lo, vmin(hi, want));
}

/* base[idx] in every lane. */
static inline vd gather(const double *base, gather_index idx)
{
#if defined(__AVX512F__)
    return (vd)_mm512_i64gather_pd((__m512i)idx, base, 8);
#elif defined(__AVX2__)
    return (vd)_mm256_i32gather_pd(base, idx, 8);
#else
    vd r = {0};
    for (int l = 0; l < LANES; l++)
        r[l] = base[idx[l]];
    return r;
#endif
}

#if defined(__AVX512F__)
/* Per lane: i < 0 ? 0 : i > last ? last : i, for last >= 0. */
static inline vi clip_index(vi i, vi last)
{
    return (vi)_mm512_max_epi64(_mm512_setzero_si512(),
                                _mm512_min_epi64((__m512i)last, (__m512i)i));
}

/* The patch of each lane's cell (first patch of its state: patch0) at grid
 * coordinates x, y, as gather indices, and the patch-local coordinates u,
 * v: bsx_cell_table_patch_eval's (int) conversions and clips. */
static inline gather_index patch_of(const bsx_cell_table_view *t,
                                    grid_index patch0, vd x, vd y, vd *u,
                                    vd *v)
{
    vi ib = clip_index(__builtin_convertvector(x, vi), splat_i(t->last_b));
    vi is = clip_index(__builtin_convertvector(y, vi), splat_i(t->last_s));
    *u = x - __builtin_convertvector(ib, vd);
    *v = y - __builtin_convertvector(is, vd);
    return BSX_PATCH_LEN * (patch0 + ib * (int64_t)t->patches_per_row + is);
}
#else
/* (int64)x per lane, as a double, for |x| < 2^52 and NaN (NaN stays NaN). */
static inline vd trunc_vd(vd x)
{
#if defined(__AVX2__)
    return (vd)_mm256_round_pd((__m256d)x,
                               _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
#else
    vd r = {0};
    for (int l = 0; l < LANES; l++)
        r[l] = fabs(x[l]) < 4503599627370496.0 ? (double)(int64_t)x[l] : x[l];
    return r;
#endif
}

/* As on AVX-512, with the integer parts held as doubles (AVX2 and SSE2
 * have no 64-bit integer conversions): the scalar (int)x clipped to
 * [0, last] is x's integer part (x is on the grid: vb, vs were clipped to
 * it), and 0 for NaN, which vmax(NaN, 0) gives too. */
static inline gather_index patch_of(const bsx_cell_table_view *t,
                                    grid_index patch0, vd x, vd y, vd *u,
                                    vd *v)
{
    vd ib = vmin(vmax(trunc_vd(x), splat(0.0)), splat(t->last_b));
    vd is = vmin(vmax(trunc_vd(y), splat(0.0)), splat(t->last_s));
    *u = x - ib;
    *v = y - is;
    vd a = (patch0 + (ib * (double)t->patches_per_row + is)) * BSX_PATCH_LEN;
#if defined(__AVX2__)
    return _mm256_cvttpd_epi32((__m256d)a);
#else
    return __builtin_convertvector(a, vi);
#endif
}
#endif

/* Row i of the lanes' patches: r[j] = patches[a + 4 * i + j] in every
 * lane, the coefficient of u^i v^j (cell_table_nodes.h). Two ways, chosen
 * at build time (scripts/simd_flags.sh), the same numbers either way: one
 * gather per coefficient, or (TABLE_BY_LOADS) one 32-byte load per lane,
 * turned into vectors across the lanes by an in-register transpose
 * (unpacks, then lane permutes). Gathers won on the Intel AVX-512 machine
 * this was first tuned on (an earlier 8 x 8 transpose ran 0.78x there: its
 * shuffles take a port the arithmetic needs; this one was not measured
 * there); on AMD Zen 4 the whole solve runs 1.14-1.42x (AVX-512) and
 * 0.92-1.12x (AVX2) as fast with loads and transposes (README,
 * "Performance"). */
typedef struct {
#if TABLE_BY_LOADS
    const double *lane[LANES]; /* each lane's patch */
#else
    const double *patches;
    gather_index a;
#endif
} patch_refs;

static inline patch_refs patch_refs_of(const double *patches, gather_index a)
{
    patch_refs p;
#if TABLE_BY_LOADS
#if defined(__AVX512F__)
    int64_t at[LANES];
#else
    int32_t at[LANES];
#endif
    memcpy(at, &a, sizeof at);
    for (int l = 0; l < LANES; l++)
        p.lane[l] = patches + at[l];
#else
    p.patches = patches;
    p.a = a;
#endif
    return p;
}

#if TABLE_BY_LOADS && defined(__AVX512F__)
/* Row i of lane l's patch in the low half, of lane l + 4's in the high. */
static inline __m512d lane_pair_row(const patch_refs *p, int l, int i)
{
    return _mm512_insertf64x4(
        _mm512_castpd256_pd512(_mm256_loadu_pd(p->lane[l] + 4 * i)),
        _mm256_loadu_pd(p->lane[l + 4] + 4 * i), 1);
}

static inline void patch_row(const patch_refs *p, int i, vd r[4])
{
    /* t0 holds coefficient 0 of lanes 0, 1 in its 128-bit quarter 0 and of
     * lanes 4, 5 in quarter 2, coefficient 2 in quarters 1 and 3; t2 the
     * same for lanes 2, 3, 6, 7 (t1, t3: coefficients 1 and 3). Written
     * out lane pair by lane pair: GCC kept a loop over them in memory. */
    const __m512i even = _mm512_set_epi64(13, 12, 5, 4, 9, 8, 1, 0);
    const __m512i odd = _mm512_set_epi64(15, 14, 7, 6, 11, 10, 3, 2);
    __m512d q0 = lane_pair_row(p, 0, i), q1 = lane_pair_row(p, 1, i);
    __m512d q2 = lane_pair_row(p, 2, i), q3 = lane_pair_row(p, 3, i);
    __m512d t0 = _mm512_unpacklo_pd(q0, q1);
    __m512d t1 = _mm512_unpackhi_pd(q0, q1);
    __m512d t2 = _mm512_unpacklo_pd(q2, q3);
    __m512d t3 = _mm512_unpackhi_pd(q2, q3);
    r[0] = (vd)_mm512_permutex2var_pd(t0, even, t2);
    r[1] = (vd)_mm512_permutex2var_pd(t1, even, t3);
    r[2] = (vd)_mm512_permutex2var_pd(t0, odd, t2);
    r[3] = (vd)_mm512_permutex2var_pd(t1, odd, t3);
}
#elif TABLE_BY_LOADS
static inline void patch_row(const patch_refs *p, int i, vd r[4])
{
    __m256d q0 = _mm256_loadu_pd(p->lane[0] + 4 * i);
    __m256d q1 = _mm256_loadu_pd(p->lane[1] + 4 * i);
    __m256d q2 = _mm256_loadu_pd(p->lane[2] + 4 * i);
    __m256d q3 = _mm256_loadu_pd(p->lane[3] + 4 * i);
    __m256d t0 = _mm256_unpacklo_pd(q0, q1);
    __m256d t1 = _mm256_unpackhi_pd(q0, q1);
    __m256d t2 = _mm256_unpacklo_pd(q2, q3);
    __m256d t3 = _mm256_unpackhi_pd(q2, q3);
    r[0] = (vd)_mm256_permute2f128_pd(t0, t2, 0x20);
    r[1] = (vd)_mm256_permute2f128_pd(t1, t3, 0x20);
    r[2] = (vd)_mm256_permute2f128_pd(t0, t2, 0x31);
    r[3] = (vd)_mm256_permute2f128_pd(t1, t3, 0x31);
}
#else
static inline void patch_row(const patch_refs *p, int i, vd r[4])
{
    /* one index vector, the coefficient's offset in the base address */
    r[0] = gather(p->patches + 4 * i, p->a);
    r[1] = gather(p->patches + (4 * i + 1), p->a);
    r[2] = gather(p->patches + (4 * i + 2), p->a);
    r[3] = gather(p->patches + (4 * i + 3), p->a);
}
#endif

/* bsx_cell_table_patch_eval across lanes, expression for expression.
 * Returns the patches' gather indices. */
static inline gather_index eval_cells(const bsx_cell_table_view *t,
                                      grid_index patch0, vd vb, vd vs,
                                      vd *current, vd *di_dvb, vd *di_dvs)
{
    vd x = (vb - t->vb_min) * t->inv_h_b;
    vd y = (vs - t->vs_min) * t->inv_h_s;
    vd u, v;
    gather_index a = patch_of(t, patch0, x, y, &u, &v);
    vd c[4], dc[4], v3 = 3.0 * v, u3 = 3.0 * u;
    const patch_refs p = patch_refs_of(t->patches, a);
    for (int i = 0; i < 4; i++) {
        vd r[4];
        patch_row(&p, i, r);
        vd r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3];
        c[i] = vmadd(v, vmadd(v, vmadd(v, r3, r2), r1), r0);
        dc[i] = vmadd(v, vmadd(v3, r3, 2.0 * r2), r1);
    }
    *current = vmadd(u, vmadd(u, vmadd(u, c[3], c[2]), c[1]), c[0]);
    *di_dvb = vmadd(u, vmadd(u3, c[3], 2.0 * c[2]), c[1]) * t->inv_h_b;
    *di_dvs = vmadd(u, vmadd(u, vmadd(u, dc[3], dc[2]), dc[1]), dc[0])
              * t->inv_h_s;
    return a;
}

/* table[state] in every lane: the cells at the initial guess; by_lane
 * holds table[l % BSX_NSTATES] in lane l. */
static inline vd by_state(const double table[BSX_NSTATES], vd by_lane,
                          vi state)
{
#if LANES >= BSX_NSTATES
    (void)table;
    return __builtin_shuffle(by_lane, state);
#else
    (void)by_lane;
    vd r = {0};
    for (int l = 0; l < LANES; l++)
        r[l] = table[state[l]];
    return r;
#endif
}

/* Pass 1 (column_chain.c, assemble_and_eliminate): returns the lanes whose
 * Schur complement was singular (all ones) in *singular; residual, current
 * scale and largest offset per lane. first: every lane is at the initial
 * guess, where the cells are the pre-evaluated ones of their state (as in
 * the scalar solver's first iteration: no table lookups). */
static void assemble_and_eliminate(const bsx_column_batch *b, lane_set *s, int first, vd *resid,
                                   vd *scale, vd max_offset[2], vi *singular)
{
    const bsx_column *col = b->col;
    const int n = b->rows;
    const double *lo = col->lo, *up = col->up, *g_diag = col->g_diag;
    const unsigned char *pinned = col->pinned;
    const double g_drv = col->g_end[LINE_B];
    const double pin_b = col->pin_v[LINE_B], pin_s = col->pin_v[LINE_S];
    const double g_sink = col->g_end[LINE_S];
    const int sink_row = col->end_row[LINE_S];
    const bsx_cell_table_view view = bsx_cell_table_view_of(col->cells);
    const vd zero = splat(0.0), one = splat(1.0), minus_one = splat(-1.0);
    vd max_f = zero, sum_i = zero, max_ub = zero, max_us = zero;
    vd w0 = zero, w1 = zero, w2 = zero, w3 = zero, p0 = zero, p1 = zero;
    vd q0 = zero, q1 = zero;
    vi bad = splat_i(0);
    for (int i = 0; i < n; i++) {
        vd vb = s->ub[i], vs = s->us[i];
        vd cur, ib, is;
        if (first) {
            cur = by_state(b->col->init_cur, b->init_cur, s->state[i]);
            ib = by_state(b->col->init_d_b, b->init_d_b, s->state[i]);
            is = by_state(b->col->init_d_s, b->init_d_s, s->state[i]);
        } else {
            s->patch_at[i] = eval_cells(&view, s->patch0[i], pin_b + vb,
                                        pin_s + vs, &cur, &ib, &is);
        }
        if (b->linear_sink)
            s->cur[i] = cur;
        s->d_b[i] = ib;
        s->d_s[i] = is;
        sum_i += vabs(cur);
        max_ub = vmax(max_ub, vabs(vb));
        max_us = vmax(max_us, vabs(vs));
        vd b_prev = i > 0 ? s->ub[i - 1] : zero;
        vd b_next = i < n - 1 ? s->ub[i + 1] : zero;
        vd s_prev = i > 0 ? s->us[i - 1] : zero;
        vd s_next = i < n - 1 ? s->us[i + 1] : zero;
        vd a00, a01, a10, a11, r0, r1;
        if (pinned[2 * i]) {
            a00 = one, a01 = zero, r0 = zero;
        } else {
            vd f = vmadd(splat(up[2 * i]), b_next - vb,
                         lo[2 * i] * (b_prev - vb))
                   - cur - (i == 0 ? g_drv * vb : zero);
            max_f = vmax(max_f, vabs(f));
            a00 = -g_diag[2 * i] - ib, a01 = -is, r0 = -f;
        }
        if (pinned[2 * i + 1]) {
            a10 = zero, a11 = one, r1 = zero;
        } else {
            vd f = vmadd(splat(up[2 * i + 1]), s_next - vs,
                         vmadd(splat(lo[2 * i + 1]), s_prev - vs, cur))
                   - (i == sink_row ? g_sink * (pin_s + vs) : zero);
            max_f = vmax(max_f, vabs(f));
            a10 = ib, a11 = is - g_diag[2 * i + 1], r1 = -f;
        }
        vd z0 = pinned[2 * i] ? one : minus_one;
        vd z1 = pinned[2 * i + 1] ? one : minus_one;
        if (i > 0) {
            double lb = lo[2 * i], ls = lo[2 * i + 1];
            double ub = up[2 * i - 2], us = up[2 * i - 1];
            a00 = vmadd(-(lb * w0), splat(ub), a00);
            a01 = vmadd(-(lb * w1), splat(us), a01);
            a10 = vmadd(-(ls * w2), splat(ub), a10);
            a11 = vmadd(-(ls * w3), splat(us), a11);
            r0 = vmadd(splat(-lb), vmadd(w1, p1, w0 * p0), r0);
            r1 = vmadd(splat(-ls), vmadd(w3, p1, w2 * p0), r1);
            if (!first) {
                z0 = vmadd(splat(-lb), vmadd(w1, q1, w0 * q0), z0);
                z1 = vmadd(splat(-ls), vmadd(w3, q1, w2 * q0), z1);
            }
        }
        if (!first) {
            s->z[2 * i] = q0 = z0;
            s->z[2 * i + 1] = q1 = z1;
        }
        vd det = vmadd(a00, a11, -(a01 * a10));
        bad |= singular_det(det);
        vd rdet = 1.0 / det, minus_rdet = -rdet;
        w0 = a11 * rdet;
        w1 = a01 * minus_rdet; /* -a01 * rdet, exactly */
        w2 = a10 * minus_rdet;
        w3 = a00 * rdet;
        s->inv[4 * i] = w0;
        s->inv[4 * i + 1] = w1;
        s->inv[4 * i + 2] = w2;
        s->inv[4 * i + 3] = w3;
        s->x[2 * i] = p0 = r0;
        s->x[2 * i + 1] = p1 = r1;
    }
    *resid = max_f;
    *scale = sum_i;
    max_offset[0] = max_ub;
    max_offset[1] = max_us;
    *singular = bad;
}

/* column_second_order_term across lanes: the cells' second-order terms
 * after a move of (db, ds) from the initial guess, by state. */
static inline vd second_order_term(const bsx_column_batch *b, vi state, vd db,
                                   vd ds)
{
    const bsx_column *col = b->col;
    return vmadd(db,
                 vmadd(by_state(col->init_q_bb, b->init_q_bb, state), db,
                       by_state(col->init_q_bs, b->init_q_bs, state) * ds),
                 by_state(col->init_q_ss, b->init_q_ss, state) * ds * ds);
}

/* Pass 2 (column_chain.c, back_substitute): x becomes the Newton step;
 * returns its largest component per lane. The undamped step (alpha = 1 of
 * apply_step, the usual case) is applied on the way into ub_next, us_next
 * (the back substitution's dependency chain leaves room for it). first:
 * each cell's second-order term q into z[2i], and max |q| per lane into
 * *max_q (column_chain.c, second_order_step); else z too, with its
 * smallest and largest components per lane. */
static vd back_substitute(const bsx_column_batch *b, lane_set *s, int first,
                          vd z_range[2], vd *max_q)
{
    const bsx_column *col = b->col;
    const double *up = col->up;
    vd lo_b = splat(col->u_min[LINE_B]), hi_b = splat(col->u_max[LINE_B]);
    vd lo_s = splat(col->u_min[LINE_S]), hi_s = splat(col->u_max[LINE_S]);
    vd step = splat(0.0), next0 = step, next1 = step;
    vd zn0 = step, zn1 = step, min_z = splat(INFINITY), max_z = step;
    vd quad = step;
    for (int i = b->rows - 1; i >= 0; i--) {
        vd y0 = vmadd(splat(-up[2 * i]), next0, s->x[2 * i]);
        vd y1 = vmadd(splat(-up[2 * i + 1]), next1, s->x[2 * i + 1]);
        const vd *w = s->inv + 4 * i;
        next0 = vmadd(w[1], y1, w[0] * y0);
        next1 = vmadd(w[3], y1, w[2] * y0);
        s->x[2 * i] = next0;
        s->x[2 * i + 1] = next1;
        step = vmax(step, vmax(vabs(next0), vabs(next1)));
        /* ub + 1.0 * x of apply_step is ub + x exactly */
        s->ub_next[i] = vclip(s->ub[i] + next0, lo_b, hi_b);
        s->us_next[i] = vclip(s->us[i] + next1, lo_s, hi_s);
        if (first) {
            vd q = second_order_term(b, s->state[i], next0, next1);
            s->z[2 * i] = q;
            quad = vmax(quad, vabs(q));
        } else {
            vd q0 = vmadd(splat(-up[2 * i]), zn0, s->z[2 * i]);
            vd q1 = vmadd(splat(-up[2 * i + 1]), zn1, s->z[2 * i + 1]);
            zn0 = vmadd(w[1], q1, w[0] * q0);
            zn1 = vmadd(w[3], q1, w[2] * q0);
            s->z[2 * i] = zn0;
            s->z[2 * i + 1] = zn1;
            min_z = vmin(min_z, vmin(zn0, zn1));
            max_z = vmax(max_z, vmax(zn0, zn1));
        }
    }
    z_range[0] = min_z;
    z_range[1] = max_z;
    *max_q = quad;
    return step;
}

/* One pass of the first iteration's second-order term (column_chain.c,
 * second_order_pass) into z, every lane (the first: q in z[2i] from
 * back_substitute); returns max |c| per lane. The lanes in take get
 * ub_next, us_next moved to the step plus c (x is left as the Newton step:
 * apply_step takes ub_next, us_next where alpha is 1). */
static vd second_order_pass(const bsx_column_batch *b, lane_set *s, int second,
                            vi take)
{
    const bsx_column *col = b->col;
    const int n = b->rows;
    const double *lo = col->lo, *up = col->up;
    const unsigned char *pinned = col->pinned;
    const vd zero = splat(0.0);
    const vd *x = s->x;
    vd *c = s->z, p0 = zero, p1 = zero;
    for (int i = 0; i < n; i++) {
        vd q = second ? second_order_term(b, s->state[i], x[2 * i] + c[2 * i],
                                          x[2 * i + 1] + c[2 * i + 1])
                      : c[2 * i];
        vd r0 = pinned[2 * i] ? zero : q;
        vd r1 = pinned[2 * i + 1] ? zero : -q;
        if (i > 0) {
            const vd *w = s->inv + 4 * (i - 1);
            r0 = vmadd(splat(-lo[2 * i]), vmadd(w[1], p1, w[0] * p0), r0);
            r1 = vmadd(splat(-lo[2 * i + 1]), vmadd(w[3], p1, w[2] * p0), r1);
        }
        c[2 * i] = p0 = r0;
        c[2 * i + 1] = p1 = r1;
    }
    vd lo_b = splat(col->u_min[LINE_B]), hi_b = splat(col->u_max[LINE_B]);
    vd lo_s = splat(col->u_min[LINE_S]), hi_s = splat(col->u_max[LINE_S]);
    vd next0 = zero, next1 = zero, corr = zero;
    for (int i = n - 1; i >= 0; i--) {
        vd y0 = vmadd(splat(-up[2 * i]), next0, c[2 * i]);
        vd y1 = vmadd(splat(-up[2 * i + 1]), next1, c[2 * i + 1]);
        const vd *w = s->inv + 4 * i;
        next0 = vmadd(w[1], y1, w[0] * y0);
        next1 = vmadd(w[3], y1, w[2] * y0);
        c[2 * i] = next0;
        c[2 * i + 1] = next1;
        corr = vmax(corr, vmax(vabs(next0), vabs(next1)));
        /* ub + 1.0 * (x + c) of the scalar apply_step */
        s->ub_next[i] = select_vd(take,
                                  vclip(s->ub[i] + (x[2 * i] + next0), lo_b,
                                        hi_b),
                                  s->ub_next[i]);
        s->us_next[i] = select_vd(take,
                                  vclip(s->us[i] + (x[2 * i + 1] + next1),
                                        lo_s, hi_s),
                                  s->us_next[i]);
    }
    return corr;
}

/* After the first iteration (column_chain.c, second_order_step): the
 * lanes in take go to their Newton step (step: its largest component)
 * plus the second-order term, in ub_next, us_next; the others keep theirs. */
static void second_order_step(const bsx_column_batch *b, lane_set *s, vi take,
                              vd step)
{
    vi again = splat_i(0);
    int any = 0;
    vd corr = second_order_pass(b, s, 0, take);
    for (int l = 0; l < LANES; l++)
        if (take[l] && column_second_pass(corr[l], step[l])) {
            again[l] = -1;
            any = 1;
        }
    if (any)
        second_order_pass(b, s, 1, again);
}

/* Pass 3 (column_chain.c, apply_step without the clip bookkeeping, which
 * only the failure message needs; failures are re-run by the scalar
 * solver): every node moves by alpha times its step, clipped to the grid.
 * Lanes that take the full step find it done in ub_next, us_next
 * (back_substitute, and second_order_step after the first iteration); when
 * every lane does, the buffers are swapped. */
static void apply_step(const bsx_column_batch *b, lane_set *s, vd alpha)
{
    const bsx_column *col = b->col;
    int full = 1;
    vi whole = splat_i(0);
    for (int l = 0; l < LANES; l++) {
        full &= alpha[l] == 1.0;
        whole[l] = alpha[l] == 1.0 ? -1 : 0;
    }
    if (full) {
        vd *t = s->ub;
        s->ub = s->ub_next;
        s->ub_next = t;
        t = s->us;
        s->us = s->us_next;
        s->us_next = t;
        return;
    }
    vd lo_b = splat(col->u_min[LINE_B]), hi_b = splat(col->u_max[LINE_B]);
    vd lo_s = splat(col->u_min[LINE_S]), hi_s = splat(col->u_max[LINE_S]);
    for (int i = 0; i < b->rows; i++) {
        vd want = s->ub[i] + alpha * s->x[2 * i];
        s->ub[i] = select_vd(whole, s->ub_next[i], vclip(want, lo_b, hi_b));
        want = s->us[i] + alpha * s->x[2 * i + 1];
        s->us[i] = select_vd(whole, s->us_next[i], vclip(want, lo_s, hi_s));
    }
}

/* per_patch[patch] in every lane, for gather indices a of patch_of. */
static inline vd gather_per_patch(const double *per_patch, gather_index a)
{
#if defined(__AVX2__) && !defined(__AVX512F__)
    return gather(per_patch, _mm_srli_epi32(a, 4));
#else
    return gather(per_patch, a >> 4);
#endif
}

/* column_chain.c's certify across lanes, expression for expression (z from
 * the iteration's first two passes, the patches of x_k from the first):
 * per lane beta (or INFINITY), *norm = ||J_k|| and *rho, the residual bound
 * at the full step (INFINITY where it leaves the grid: back_substitute
 * clipped it). */
static vd certify(const bsx_column_batch *b, lane_set *s, const vd z_range[2], vd *norm, vd *rho)
{
    const bsx_column *col = b->col;
    const int n = b->rows;
    const double *lo = col->lo, *up = col->up, *g_diag = col->g_diag;
    const double *g_row = col->g_row;
    const unsigned char *pinned = col->pinned;
    const double *near_curvatures =
        bsx_cell_table_view_of(col->cells).near_curvatures;
    const vd zero = splat(0.0), one = splat(1.0);
    const vd reach = splat(col->local_reach), global = splat(col->curvature);
    const vd *z = s->z;
    vd min_m = splat(INFINITY), max_row = zero, max_r = zero, guard = zero;
    vd min_ib = splat(INFINITY), max_is = splat(-INFINITY);
    vi inside = splat_i(-1);
    for (int i = 0; i < n; i++) {
        vd ib = s->d_b[i], is = s->d_s[i];
        vd zb = z[2 * i], zs = z[2 * i + 1];
        vd zb_prev = i > 0 ? z[2 * i - 2] : zero;
        vd zs_prev = i > 0 ? z[2 * i - 1] : zero;
        vd zb_next = i < n - 1 ? z[2 * i + 2] : zero;
        vd zs_next = i < n - 1 ? z[2 * i + 3] : zero;
        vd mb = zb, ms = zs, rb = one, rs = one;
        if (!pinned[2 * i]) {
            mb = (g_diag[2 * i] + ib) * zb - lo[2 * i] * zb_prev
                 - up[2 * i] * zb_next + is * zs;
            rb = g_row[2 * i] + ib - is;
        }
        if (!pinned[2 * i + 1]) {
            ms = (g_diag[2 * i + 1] - is) * zs - lo[2 * i + 1] * zs_prev
                 - up[2 * i + 1] * zs_next - ib * zb;
            rs = g_row[2 * i + 1] + ib - is;
        }
        min_ib = vmin(min_ib, ib);
        max_is = vmax(max_is, is);
        min_m = vmin(min_m, vmin(mb, ms));
        max_row = vmax(max_row, vmax(rb, rs));
        guard += mb + ms;
        vd db = s->x[2 * i], ds = s->x[2 * i + 1];
        inside &= (s->ub_next[i] == s->ub[i] + db)
                  & (s->us_next[i] == s->us[i] + ds);
        vd near = gather_per_patch(near_curvatures, s->patch_at[i]);
        vd d = vmax(vabs(db), vabs(ds));
        vd r = 0.5 * select_vd(d < reach, near, global) * d * d;
        max_r = vmax(max_r, r);
    }
    const double eps = 2.220446049250313e-16;
    vd c = min_m - 16.0 * eps * max_row * z_range[1];
    *norm = max_row;
    *rho = select_vd(inside, max_r, splat(INFINITY));
    vi ok = (min_ib >= zero) & (max_is <= zero) & (z_range[0] > zero)
            & (c > zero) & (guard - guard == zero);
    return select_vd(ok, z_range[1] / c, splat(INFINITY));
}

/* Step of node i of line k in lane l (column_step_of on a chain engine). */
static double step_of(const bsx_column_batch *b, const lane_set *s, int k, int i, int l)
{
    return b->col->kind[k] == LINE_CHAIN ? s->x[2 * i + k][l] : 0.0;
}

/* Current into the sink of lane l at its solution (column.c, sink_current
 * on a chain engine). */
static double sink_current(const bsx_column_batch *b, const lane_set *s, int l)
{
    const bsx_column *col = b->col;
    int n = b->rows, k = col->end_row[LINE_S];
    if (col->g_end[LINE_S] > 0.0)
        return col->g_end[LINE_S] * s->us[k][l];
    double total = 0.0;
    if (col->kind[LINE_S] == LINE_MERGED_PINNED) {
        for (int i = 0; i < n; i++)
            total += s->cur[i][l] + (s->d_b[i][l] * step_of(b, s, LINE_B, i, l)
                                     + s->d_s[i][l] * step_of(b, s, LINE_S, i, l));
        return total;
    }
    total = s->cur[k][l] + (s->d_b[k][l] * step_of(b, s, LINE_B, k, l)
                            + s->d_s[k][l] * step_of(b, s, LINE_S, k, l));
    if (k > 0)
        total += col->g_wire[LINE_S] * (s->us[k - 1][l] - s->us[k][l]);
    if (k < n - 1)
        total += col->g_wire[LINE_S] * (s->us[k + 1][l] - s->us[k][l]);
    return total;
}

/* Puts the column with bits cols[l][rows] into each lane l of s, at the
 * initial guess. The states go lane by lane into bytes first, then row by
 * row into whole vectors: a vector load right after single-lane stores to
 * it would stall (no store forwarding). */
static void load_lanes(const bsx_column_batch *b, lane_set *s,
                       const unsigned char *wl,
                       const unsigned char *const cols[LANES])
{
    const int n = b->rows;
    int i0 = 0;
#if LANES == 8 && defined(__BYTE_ORDER__) \
    && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* 8 rows at a time: the 8 lanes' bytes as 64-bit words, transposed by
     * three rounds of masked swaps (bytes, pairs, quads), then the word
     * line bits; a sixth of the work of byte-by-byte (which the tail rows
     * and the 2- and 4-lane paths still do). */
    const uint64_t ones = 0x0101010101010101u;
    for (; i0 + 8 <= n; i0 += 8) {
        uint64_t m[8];
        for (int l = 0; l < 8; l++) {
            memcpy(&m[l], cols[l] + i0, 8);
            m[l] &= ones;
        }
        static const uint64_t mask[3] = {0x00ff00ff00ff00ffu,
                                         0x0000ffff0000ffffu,
                                         0x00000000ffffffffu};
        for (int r = 0; r < 3; r++) {
            int d = 1 << r, sh = 8 << r;
            for (int l = 0; l < 8; l++) {
                if (l & d)
                    continue;
                uint64_t t = ((m[l] >> sh) ^ m[l + d]) & mask[r];
                m[l + d] ^= t;
                m[l] ^= t << sh;
            }
        }
        for (int r = 0; r < 8; r++) {
            uint64_t row = m[r] | (wl[i0 + r] & 1u) * (2 * ones);
            memcpy(&s->lane_state[i0 + r], &row, 8);
        }
    }
#endif
    for (int l = 0; l < LANES; l++)
        for (int i = i0; i < n; i++)
            s->lane_state[i][l] = (uint8_t)BSX_STATE(wl[i], cols[l][i]);
    int64_t per_state =
        (int64_t)bsx_cell_table_view_of(b->col->cells).patches_per_state;
    const vd zero = splat(0.0);
    for (int i = 0; i < n; i++) {
        vi state = __builtin_convertvector(s->lane_state[i], vi);
        s->ub[i] = zero;
        s->us[i] = zero;
        s->state[i] = state;
#if defined(__AVX512F__)
        s->patch0[i] = state * per_state;
#else
        s->patch0[i] = __builtin_convertvector(state * per_state, vd);
#endif
    }
}

/* The scalar solver on column c: used for circuits the batch does not
 * handle and to report (or, should it succeed, answer) a failing column. */
static int scalar_solve(bsx_column_batch *b, const unsigned char *wl,
                        const unsigned char *w,
                        const bsx_solve_options *opts, double *current,
                        int *iterations)
{
    bsx_solve_stats stats;
    int st = bsx_column_solve(b->col, wl, w, opts, current, &stats, NULL, NULL);
    if (iterations)
        *iterations = stats.iterations;
    if (st != BSX_OK)
        snprintf(b->err, BSX_ERRLEN, "%s", bsx_column_error(b->col));
    return st;
}

static int valid_options(bsx_column_batch *b, const bsx_solve_options *opts)
{
    if (opts->tol_v > 0.0 && opts->tol_rel_i > 0.0 && opts->max_step > 0.0
        && opts->max_iter >= 1)
        return 1;
    snprintf(b->err, BSX_ERRLEN, "column: solve options need tol_v, "
             "tol_rel_i, max_step > 0 and max_iter >= 1");
    return 0;
}

/* One Newton iteration of every lane of s (first: every lane at the
 * initial guess), then each lane's verdict: a lane whose column is done
 * (accepted: its current written; or answered by the scalar solver) gets
 * col -1. Returns BSX_OK, or a failing column's status from the scalar
 * solver (*failed = the column). */
static int iterate(bsx_column_batch *b, lane_set *s, int first,
                   const unsigned char *wl, const unsigned char *const *w,
                   const bsx_solve_options *opts, double *current,
                   int *iterations, int *failed)
{
    vd resid, scale, max_u[2], alpha, z_range[2];
    vi singular;
    assemble_and_eliminate(b, s, first, &resid, &scale, max_u, &singular);
    vd max_q;
    vd step = back_substitute(b, s, first, z_range, &max_q);
    /* per lane: 0 iterate, 1 converged, 2 answered by the scalar solver,
     * 3 waiting for the inverse bound */
    int done[LANES], certify_any = 0;
    for (int l = 0; l < LANES; l++) {
        done[l] = 0;
        alpha[l] = 1.0;
        if (s->col[l] < 0)
            continue;
        int iter = ++s->iter[l];
        bsx_solve_stats stats;
        double a = 1.0;
        const double offsets[2] = {max_u[0][l], max_u[1][l]};
        /* COLUMN_UNRESOLVED goes to the scalar solver, which refuses */
        int verdict = singular[l] ? COLUMN_UNRESOLVED
                                  : column_converged(b->col, opts, iter,
                                                     resid[l], step[l],
                                                     scale[l], offsets, &stats,
                                                     &a);
        alpha[l] = a;
        if (verdict == COLUMN_ACCEPT) {
            alpha[l] = 1.0;
            done[l] = 1;
        } else if (verdict == COLUMN_ITERATE
                   && column_may_certify(opts, iter, scale[l],
                                         column_residual_floor(b->col, offsets,
                                                               scale[l]))) {
            done[l] = 3;
            certify_any = 1;
        } else if (verdict == COLUMN_UNRESOLVED) {
            done[l] = 2;
        }
    }
    if (first) {
        /* as column_chain_iterate: the full first steps of the columns
         * going on get their second-order term where it matters */
        vi take = splat_i(0);
        int any = 0;
        for (int l = 0; l < LANES; l++)
            if (s->col[l] >= 0 && !done[l] && alpha[l] == 1.0
                && column_second_order(max_q[l], resid[l])) {
                take[l] = -1;
                any = 1;
            }
        if (any)
            second_order_step(b, s, take, step);
    }
    vd beta = splat(INFINITY), norm = beta, rho = beta;
    if (certify_any)
        beta = certify(b, s, z_range, &norm, &rho);
    for (int l = 0; l < LANES; l++) {
        int c = s->col[l];
        if (c < 0)
            continue;
        if (done[l] == 3) {
            const double offsets[2] = {max_u[0][l], max_u[1][l]};
            double bound;
            done[l] = column_certified(
                b->col, opts, beta[l], norm[l], step[l], rho[l],
                column_residual_floor(b->col, offsets, scale[l]), scale[l],
                &bound);
            if (done[l])
                alpha[l] = 1.0;
        }
        if (done[l] == 2 || (!done[l] && s->iter[l] >= opts->max_iter)) {
            int st = scalar_solve(b, wl, w[c], opts, &current[c],
                                  iterations ? &iterations[c] : NULL);
            if (st != BSX_OK) {
                *failed = c;
                return st;
            }
            done[l] = 2;
            alpha[l] = 1.0;
        }
    }
    apply_step(b, s, alpha);
    for (int l = 0; l < LANES; l++) {
        if (!done[l])
            continue;
        int c = s->col[l];
        if (done[l] == 1) {
            current[c] = sink_current(b, s, l);
            if (iterations)
                iterations[c] = s->iter[l];
        }
        s->col[l] = -1;
    }
    return BSX_OK;
}

/* Loads the next columns (up to LANES, from *next) into the start set and
 * runs their first iteration there, all lanes in step: that iteration
 * needs no table lookups. Idle lanes compute column 0, unread. */
static int start_columns(bsx_column_batch *b, const unsigned char *wl,
                         const unsigned char *const *w, int cols, int *next,
                         const bsx_solve_options *opts, double *current,
                         int *iterations, int *failed)
{
    lane_set *s = &b->start;
    const unsigned char *load[LANES];
    for (int l = 0; l < LANES; l++) {
        s->col[l] = *next < cols ? (*next)++ : -1;
        s->iter[l] = 0;
        load[l] = w[s->col[l] >= 0 ? s->col[l] : 0];
    }
    load_lanes(b, s, wl, load);
    return iterate(b, s, 1, wl, w, opts, current, iterations, failed);
}

/* Moves columns waiting in the start set into the run set's free lanes, as
 * many as fit (a lane permutation, a whole vector per row). Returns how
 * many moved. */
static int move_started(bsx_column_batch *b)
{
    lane_set *from = &b->start, *to = &b->run;
    vi take = splat_i(0), perm = splat_i(0);
    int moved = 0, k = 0;
    for (int l = 0; l < LANES; l++) {
        if (to->col[l] >= 0)
            continue;
        while (k < LANES && from->col[k] < 0)
            k++;
        if (k == LANES)
            break;
        take[l] = -1;
        perm[l] = k;
        to->col[l] = from->col[k];
        to->iter[l] = from->iter[k];
        from->col[k] = -1;
        moved++;
    }
    for (int i = 0; moved && i < b->rows; i++) {
        to->ub[i] = select_vd(take, __builtin_shuffle(from->ub[i], perm),
                              to->ub[i]);
        to->us[i] = select_vd(take, __builtin_shuffle(from->us[i], perm),
                              to->us[i]);
#if defined(__AVX512F__)
        to->patch0[i] = select_vi(take, __builtin_shuffle(from->patch0[i], perm),
                                  to->patch0[i]);
#else
        to->patch0[i] = select_vd(take, __builtin_shuffle(from->patch0[i], perm),
                                  to->patch0[i]);
#endif
    }
    return moved;
}

static int count_lanes(const lane_set *s)
{
    int n = 0;
    for (int l = 0; l < LANES; l++)
        n += s->col[l] >= 0;
    return n;
}

int bsx_column_batch_solve(bsx_column_batch *b, const unsigned char *wl,
                           const unsigned char *const *w, int cols,
                           const bsx_solve_options *opts, double *current,
                           int *iterations, int *failed)
{
    *failed = -1;
    b->err[0] = '\0';
    if (!valid_options(b, opts))
        return BSX_EINVAL;
    if (b->col->n_border) {
        for (int c = 0; c < cols; c++) {
            int st = scalar_solve(b, wl, w[c], opts, &current[c],
                                  iterations ? &iterations[c] : NULL);
            if (st != BSX_OK) {
                *failed = c;
                return st;
            }
        }
        return BSX_OK;
    }
    if (cols <= 0)
        return BSX_OK;
    /* A last round of at most LANES / 4 columns (e.g. a tile's 64 columns
     * and the ReRAM dummy) would run whole vectors for them: the scalar
     * solver, bit-identical, takes them instead. */
    int tail = cols > LANES && cols % LANES <= LANES / 4 ? cols % LANES : 0;
    for (int c = cols - tail; c < cols; c++) {
        int st = scalar_solve(b, wl, w[c], opts, &current[c],
                              iterations ? &iterations[c] : NULL);
        if (st != BSX_OK) {
            *failed = c;
            return st;
        }
    }
    cols -= tail;
    for (int l = 0; l < LANES; l++)
        b->start.col[l] = b->run.col[l] = -1;
    int next = 0;
    for (;;) {
        /* every free lane of the run set gets a column past its first
         * iteration while there are columns left */
        while (count_lanes(&b->run) < LANES) {
            if (count_lanes(&b->start) == 0) {
                if (next >= cols)
                    break;
                int st = start_columns(b, wl, w, cols, &next, opts, current,
                                       iterations, failed);
                if (st != BSX_OK)
                    return st;
                continue;
            }
            move_started(b);
        }
        if (count_lanes(&b->run) == 0)
            return BSX_OK;
        int st = iterate(b, &b->run, 0, wl, w, opts, current, iterations,
                         failed);
        if (st != BSX_OK)
            return st;
    }
}

/* The per-row arrays of one lane set, zeroed (lanes that never held a
 * column still compute, unread). Returns 0 when out of memory. */
static int lane_set_alloc(lane_set *s, size_t n)
{
    /* one zeroed block, carved into the arrays at whole-vector offsets */
    const size_t vsz = sizeof(vd);
    const size_t vec = n * vsz;
    const size_t index = (n * sizeof(gather_index) + vsz - 1) / vsz * vsz;
    const size_t bytes = (n * sizeof(lane_bytes) + vsz - 1) / vsz * vsz;
    const size_t total = 15 * vec + index + 2 * n * sizeof(vi) + bytes;
    char *p = aligned_alloc(vsz, total);
    if (!p)
        return 0;
    memset(p, 0, total);
    s->block = p;
    vd **one[] = {&s->ub, &s->us, &s->ub_next, &s->us_next, &s->cur,
                  &s->d_b, &s->d_s};
    for (size_t k = 0; k < sizeof one / sizeof *one; k++, p += vec)
        *one[k] = (vd *)p;
    s->inv = (vd *)p;
    p += 4 * vec;
    s->x = (vd *)p;
    p += 2 * vec;
    s->z = (vd *)p;
    p += 2 * vec;
    s->patch_at = (gather_index *)p;
    p += index;
    s->patch0 = (grid_index *)p;
    p += n * sizeof(vi);
    s->state = (vi *)p;
    p += n * sizeof(vi);
    s->lane_state = (lane_bytes *)p;
    return 1;
}

static void lane_set_free(lane_set *s)
{
    free(s->block);
}

int bsx_column_batch_create(const bsx_column_circuit *c,
                            const bsx_cell_table *cells,
                            bsx_column_batch **out, char *err)
{
    *out = NULL;
    bsx_column *col;
    int st = bsx_column_create(c, cells, &col, err);
    if (st != BSX_OK)
        return st;
    /* aligned: the struct holds vectors */
    size_t n = (size_t)c->rows, vsz = sizeof(vd);
    bsx_column_batch *b = aligned_alloc(vsz, (sizeof *b + vsz - 1) / vsz * vsz);
    if (b)
        memset(b, 0, sizeof *b);
    int ok = b != NULL;
    if (b) {
        b->col = col;
        b->rows = c->rows;
        b->linear_sink = !(col->g_end[LINE_S] > 0.0);
        for (int l = 0; l < LANES; l++) {
            b->init_cur[l] = col->init_cur[l % BSX_NSTATES];
            b->init_d_b[l] = col->init_d_b[l % BSX_NSTATES];
            b->init_d_s[l] = col->init_d_s[l % BSX_NSTATES];
            b->init_q_bb[l] = col->init_q_bb[l % BSX_NSTATES];
            b->init_q_bs[l] = col->init_q_bs[l % BSX_NSTATES];
            b->init_q_ss[l] = col->init_q_ss[l % BSX_NSTATES];
        }
        ok = lane_set_alloc(&b->start, n);
        ok = lane_set_alloc(&b->run, n) && ok;
    }
    if (!ok) {
        if (b)
            bsx_column_batch_destroy(b);
        else
            bsx_column_destroy(col);
        snprintf(err, BSX_ERRLEN, "column: out of memory");
        return BSX_ENOMEM;
    }
    *out = b;
    return BSX_OK;
}

const char *bsx_column_batch_error(const bsx_column_batch *b)
{
    return b->err;
}

void bsx_column_batch_destroy(bsx_column_batch *b)
{
    if (!b)
        return;
    bsx_column_destroy(b->col);
    lane_set_free(&b->start);
    lane_set_free(&b->run);
    free(b);
}
