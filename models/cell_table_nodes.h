/* Inside view of a cell table, shared by the files that build, load, save
 * and evaluate it (models/cell_table*.c) and by the column solver's inner
 * loop, which evaluates patches without the public call's checks. */
#ifndef BSX_CELL_TABLE_NODES_H
#define BSX_CELL_TABLE_NODES_H

#include "cell_table.h"
#include "madd.h"

/* Node data per grid point: value, dI/dVb, dI/dVs, d2I/dVbdVs. */
enum { BSX_NODE_F, BSX_NODE_FB, BSX_NODE_FS, BSX_NODE_FBS, BSX_NODE_LEN };
/* Polynomial coefficients per patch: a[i*4+j] multiplies u^i v^j, with u, v
 * the patch-local coordinates in [0, 1] along vb and vs. */
#define BSX_PATCH_LEN 16

struct bsx_cell_table {
    bsx_grid grid;
    double h_b, h_s;         /* grid steps, V */
    double inv_h_b, inv_h_s; /* 1 / step */
    double *nodes;           /* [state][i_b][i_s][BSX_NODE_LEN] */
    double *patches;         /* [state][i_b][i_s][BSX_PATCH_LEN], n-1 per axis */
    double curvature;        /* bound on |I_bb| + 2 |I_bs| + |I_ss| over the
                              * whole table, A/V^2 (patch_curvature) */
    double *near_curvatures; /* [state][i_b][i_s] the same bound over each
                              * patch and its 8 neighbours, A/V^2 */
};

/* Index of node (i_b, i_s) of `state` in t->nodes, in units of nodes. */
static inline size_t bsx_cell_table_node(const bsx_grid *g, int state,
                                         int i_b, int i_s)
{
    return ((size_t)state * (size_t)g->n_b + (size_t)i_b) * (size_t)g->n_s
           + (size_t)i_s;
}

/* What patch evaluation needs, copied out of the table so that a caller's
 * loop keeps it in registers (stores to its own arrays cannot alias it). */
typedef struct {
    double vb_min, vs_min, inv_h_b, inv_h_s;
    int last_b, last_s;             /* index of the last patch per axis */
    size_t patches_per_state, patches_per_row;
    const double *patches;
    const double *near_curvatures;  /* per patch, as in the table */
} bsx_cell_table_view;

static inline bsx_cell_table_view bsx_cell_table_view_of(const bsx_cell_table *t)
{
    const bsx_grid *g = &t->grid;
    bsx_cell_table_view v = {
        g->vb_min,
        g->vs_min,
        t->inv_h_b,
        t->inv_h_s,
        g->n_b - 2,
        g->n_s - 2,
        (size_t)(g->n_b - 1) * (size_t)(g->n_s - 1),
        (size_t)(g->n_s - 1),
        t->patches,
        t->near_curvatures,
    };
    return v;
}

/* The patch holding (vb, vs) for `state` (its number from the table's
 * first patch) and the patch-local coordinates u, v: vb, vs must lie on the
 * grid (callers clip to it; points up to rounding outside use the edge
 * patch). */
static inline size_t bsx_cell_table_patch_at(const bsx_cell_table_view *t,
                                             int state, double vb, double vs,
                                             double *u, double *v)
{
    double x = (vb - t->vb_min) * t->inv_h_b;
    double y = (vs - t->vs_min) * t->inv_h_s;
    int ib = (int)x, is = (int)y;
    ib = ib < 0 ? 0 : ib > t->last_b ? t->last_b : ib;
    is = is < 0 ? 0 : is > t->last_s ? t->last_s : is;
    *u = x - ib;
    *v = y - is;
    return (size_t)state * t->patches_per_state
           + (size_t)ib * t->patches_per_row + (size_t)is;
}

/* Patch evaluation without checks (points as for bsx_cell_table_patch_at).
 * Current and both partial derivatives, A and A/V. */
static inline void bsx_cell_table_patch_eval(const bsx_cell_table_view *t,
                                             int state, double vb, double vs,
                                             double *current, double *di_dvb,
                                             double *di_dvs)
{
    double u, v;
    const double *a = t->patches
                      + BSX_PATCH_LEN
                            * bsx_cell_table_patch_at(t, state, vb, vs, &u, &v);
    double c[4], dc[4]; /* c[i](v) and dc[i]/dv */
    double v3 = 3.0 * v, u3 = 3.0 * u;
    for (int i = 0; i < 4; i++) {
        const double *r = a + 4 * i;
        /* r0 + v (r1 + v (r2 + v r3)) and its derivative in v */
        c[i] = bsx_madd(v, bsx_madd(v, bsx_madd(v, r[3], r[2]), r[1]), r[0]);
        dc[i] = bsx_madd(v, bsx_madd(v3, r[3], 2.0 * r[2]), r[1]);
    }
    *current = bsx_madd(u, bsx_madd(u, bsx_madd(u, c[3], c[2]), c[1]), c[0]);
    *di_dvb = bsx_madd(u, bsx_madd(u3, c[3], 2.0 * c[2]), c[1]) * t->inv_h_b;
    *di_dvs = bsx_madd(u, bsx_madd(u, bsx_madd(u, dc[3], dc[2]), dc[1]), dc[0])
              * t->inv_h_s;
}

/* Second partial derivatives of the patch polynomial at (vb, vs), A/V^2
 * (points as for bsx_cell_table_patch_at): for the column solver's
 * second-order first step, evaluated once per state, not in a loop. */
static inline void bsx_cell_table_patch_hessian(const bsx_cell_table_view *t,
                                                int state, double vb,
                                                double vs, double *i_bb,
                                                double *i_bs, double *i_ss)
{
    double u, v;
    const double *a = t->patches
                      + BSX_PATCH_LEN
                            * bsx_cell_table_patch_at(t, state, vb, vs, &u, &v);
    const double pu[4] = {1.0, u, u * u, u * u * u};
    const double pv[4] = {1.0, v, v * v, v * v * v};
    double uu = 0.0, uv = 0.0, vv = 0.0;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            double m = a[i * 4 + j];
            if (i >= 2)
                uu += i * (i - 1) * m * pu[i - 2] * pv[j];
            if (i >= 1 && j >= 1)
                uv += i * j * m * pu[i - 1] * pv[j - 1];
            if (j >= 2)
                vv += j * (j - 1) * m * pu[i] * pv[j - 2];
        }
    *i_bb = uu * t->inv_h_b * t->inv_h_b;
    *i_bs = uv * t->inv_h_b * t->inv_h_s;
    *i_ss = vv * t->inv_h_s * t->inv_h_s;
}

/* Checks the grid: finite bounds, max > min, >= 4 points per axis, at most
 * 2^20 points. Returns a status; *problem (if not NULL) gets the problem in
 * words, or NULL. */
int bsx_cell_table_check_grid(const bsx_grid *grid, const char **problem);

/* Makes a table from node data (ownership of `nodes`, allocated with malloc,
 * passes to the table, also on failure). */
int bsx_cell_table_from_nodes(const bsx_grid *grid, double *nodes,
                              bsx_cell_table **out);

/* Fills the derivative fields of `nodes` from their values by 5-point
 * (4 at 4-point axes) Lagrange differentiation on the grid. */
void bsx_cell_table_differentiate(const bsx_grid *grid, double *nodes);

#endif
