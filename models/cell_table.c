/* Cell tables: node data -> bicubic Hermite patches, building from a device
 * callback, and evaluation (value and both partial derivatives). The CSV
 * reader and writer are in cell_table_csv.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bsx_status.h"
#include "cell_table_nodes.h"

/* Central-difference step of the build, as a fraction of the grid step:
 * small enough that the O(step^2) error is far below the interpolation
 * error, large enough that rounding in the callback does not dominate. */
#define BUILD_DIFF_FRACTION (1.0 / 256.0)

/* Points within this fraction of a step outside the grid still count as on
 * its edge (rounding of vb_min + k*h). */
#define EDGE_SLACK 1e-9

int bsx_cell_table_check_grid(const bsx_grid *g, const char **problem)
{
    const char *what = NULL;
    if (!g)
        what = "no grid";
    else if (!isfinite(g->vb_min) || !isfinite(g->vb_max)
             || !isfinite(g->vs_min) || !isfinite(g->vs_max))
        what = "grid bounds must be finite";
    else if (!(g->vb_max > g->vb_min) || !(g->vs_max > g->vs_min))
        what = "grid bounds must satisfy max > min";
    else if (!isfinite(g->vb_max - g->vb_min) || !isfinite(g->vs_max - g->vs_min))
        what = "grid span max - min must be finite (coordinates near 1e308)";
    else if (g->n_b < 4 || g->n_s < 4)
        what = "grid needs at least 4 points per axis";
    else if ((size_t)g->n_b * (size_t)g->n_s > (size_t)1 << 20)
        what = "grid has more than 2^20 points per state";
    if (problem)
        *problem = what;
    return what ? BSX_EINVAL : BSX_OK;
}

/* 1-D cubic Hermite: c[k] multiplies t^k given p0, p1, d0, d1 (row k of H
 * holds the weights of p0, p1, d0, d1). */
static const double HERMITE[4][4] = {
    {1, 0, 0, 0},
    {0, 0, 1, 0},
    {-3, 3, -2, -1},
    {2, -2, 1, 1},
};

static void make_patch(const bsx_cell_table *t, int state, int ib, int is,
                       double *a)
{
    const bsx_grid *g = &t->grid;
    double gm[4][4]; /* [p0,p1,d0,d1 along u][p0,p1,d0,d1 along v] */
    for (int du = 0; du < 2; du++)
        for (int dv = 0; dv < 2; dv++) {
            const double *n = t->nodes
                              + BSX_NODE_LEN
                                    * bsx_cell_table_node(g, state, ib + du,
                                                          is + dv);
            gm[du][dv] = n[BSX_NODE_F];
            gm[2 + du][dv] = n[BSX_NODE_FB] * t->h_b;
            gm[du][2 + dv] = n[BSX_NODE_FS] * t->h_s;
            gm[2 + du][2 + dv] = n[BSX_NODE_FBS] * t->h_b * t->h_s;
        }
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            double sum = 0.0;
            for (int p = 0; p < 4; p++)
                for (int q = 0; q < 4; q++)
                    sum += HERMITE[i][p] * gm[p][q] * HERMITE[j][q];
            a[i * 4 + j] = sum;
        }
}

/* A bound on |I_bb| + 2 |I_bs| + |I_ss| over one patch, A/V^2: each second
 * derivative of sum a_ij u^i v^j is at most the sum of its coefficients'
 * magnitudes on [0, 1]^2, scaled from patch units to volts. With it, a cell
 * moved by at most d on both terminals departs from its linearisation by at
 * most curvature d^2 / 2 (the table is C1 and piecewise bicubic, so the
 * integral form of Taylor's remainder holds across patch borders). */
static double patch_curvature(const bsx_cell_table *t, const double *a)
{
    double uu = 0.0, uv = 0.0, vv = 0.0;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            double m = fabs(a[i * 4 + j]);
            uu += i * (i - 1) * m;
            uv += i * j * m;
            vv += j * (j - 1) * m;
        }
    return uu * t->inv_h_b * t->inv_h_b + 2.0 * uv * t->inv_h_b * t->inv_h_s
           + vv * t->inv_h_s * t->inv_h_s;
}

/* near[p] = the largest own[] over patch p and its (up to 8) neighbours of
 * the same state: a bound over every patch a segment starting in p can
 * cross while it moves less than one grid step along each axis. */
static void near_maxima(const bsx_grid *grid, const double *own, double *near)
{
    int nb = grid->n_b - 1, ns = grid->n_s - 1;
    for (int s = 0; s < BSX_NSTATES; s++) {
        const double *o = own + (size_t)s * nb * ns;
        double *m = near + (size_t)s * nb * ns;
        for (int ib = 0; ib < nb; ib++)
            for (int is = 0; is < ns; is++) {
                double c = 0.0;
                for (int jb = ib - 1; jb <= ib + 1; jb++)
                    for (int js = is - 1; js <= is + 1; js++)
                        if (jb >= 0 && jb < nb && js >= 0 && js < ns
                            && o[(size_t)jb * ns + js] > c)
                            c = o[(size_t)jb * ns + js];
                m[(size_t)ib * ns + is] = c;
            }
    }
}

int bsx_cell_table_from_nodes(const bsx_grid *grid, double *nodes,
                              bsx_cell_table **out)
{
    *out = NULL;
    if (bsx_cell_table_check_grid(grid, NULL) != BSX_OK) {
        free(nodes);
        return BSX_EINVAL;
    }
    bsx_cell_table *t = calloc(1, sizeof *t);
    size_t n_patch = (size_t)BSX_NSTATES * (size_t)(grid->n_b - 1)
                     * (size_t)(grid->n_s - 1);
    double *patches = malloc(n_patch * BSX_PATCH_LEN * sizeof *patches);
    double *own = malloc(n_patch * sizeof *own);
    double *near = malloc(n_patch * sizeof *near);
    if (!t || !patches || !own || !near) {
        free(t);
        free(patches);
        free(own);
        free(near);
        free(nodes);
        return BSX_ENOMEM;
    }
    t->grid = *grid;
    t->h_b = (grid->vb_max - grid->vb_min) / (grid->n_b - 1);
    t->h_s = (grid->vs_max - grid->vs_min) / (grid->n_s - 1);
    t->inv_h_b = 1.0 / t->h_b;
    t->inv_h_s = 1.0 / t->h_s;
    t->nodes = nodes;
    t->patches = patches;
    t->near_curvatures = near;
    double *a = patches, *curv = own;
    for (int s = 0; s < BSX_NSTATES; s++)
        for (int ib = 0; ib < grid->n_b - 1; ib++)
            for (int is = 0; is < grid->n_s - 1;
                 is++, a += BSX_PATCH_LEN, curv++) {
                make_patch(t, s, ib, is, a);
                double c = *curv = patch_curvature(t, a);
                t->curvature = c > t->curvature ? c : t->curvature;
            }
    near_maxima(grid, own, near);
    free(own);
    *out = t;
    return BSX_OK;
}

/* Weights of the derivative at integer position `at` of the Lagrange
 * polynomial through positions 0..m-1 (unit spacing). */
static void lagrange_derivative_weights(int m, int at, double *w)
{
    for (int k = 0; k < m; k++) {
        double sum = 0.0;
        for (int l = 0; l < m; l++) {
            if (l == k)
                continue;
            double prod = 1.0 / (k - l);
            for (int q = 0; q < m; q++)
                if (q != k && q != l)
                    prod *= (double)(at - q) / (k - q);
            sum += prod;
        }
        w[k] = sum;
    }
}

/* d/d(axis) of field `from` into field `to`, along vb (axis 0) or vs. */
static void differentiate_axis(const bsx_grid *g, double *nodes, int axis,
                               int from, int to)
{
    int n = axis == 0 ? g->n_b : g->n_s;
    double h = axis == 0 ? (g->vb_max - g->vb_min) / (g->n_b - 1)
                         : (g->vs_max - g->vs_min) / (g->n_s - 1);
    int m = n < 5 ? n : 5;
    for (int s = 0; s < BSX_NSTATES; s++)
        for (int ib = 0; ib < g->n_b; ib++)
            for (int is = 0; is < g->n_s; is++) {
                int pos = axis == 0 ? ib : is;
                int start = pos - 2;
                if (start > n - m)
                    start = n - m;
                if (start < 0)
                    start = 0;
                double w[5];
                lagrange_derivative_weights(m, pos - start, w);
                double d = 0.0;
                for (int k = 0; k < m; k++) {
                    size_t idx = axis == 0
                                     ? bsx_cell_table_node(g, s, start + k, is)
                                     : bsx_cell_table_node(g, s, ib, start + k);
                    d += w[k] * nodes[BSX_NODE_LEN * idx + from];
                }
                nodes[BSX_NODE_LEN * bsx_cell_table_node(g, s, ib, is) + to] =
                    d / h;
            }
}

void bsx_cell_table_differentiate(const bsx_grid *grid, double *nodes)
{
    differentiate_axis(grid, nodes, 0, BSX_NODE_F, BSX_NODE_FB);
    differentiate_axis(grid, nodes, 1, BSX_NODE_F, BSX_NODE_FS);
    differentiate_axis(grid, nodes, 0, BSX_NODE_FS, BSX_NODE_FBS);
}

/* Value and central-difference slopes of fn at one node (5 calls). */
static int sample_node(bsx_cell_fn fn, void *ctx, int state, double vb,
                       double vs, double db, double ds, double *node)
{
    static const int OFFS[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    double f0, f[4];
    int st = fn(ctx, state, vb, vs, &f0);
    for (int k = 0; k < 4 && st == BSX_OK; k++)
        st = fn(ctx, state, vb + OFFS[k][0] * db, vs + OFFS[k][1] * ds, &f[k]);
    if (st != BSX_OK)
        return st;
    if (!isfinite(f0) || !isfinite(f[0]) || !isfinite(f[1]) || !isfinite(f[2])
        || !isfinite(f[3]))
        return BSX_ERANGE;
    node[BSX_NODE_F] = f0;
    node[BSX_NODE_FB] = (f[0] - f[1]) / (2.0 * db);
    node[BSX_NODE_FS] = (f[2] - f[3]) / (2.0 * ds);
    return BSX_OK;
}

int bsx_cell_table_build(bsx_cell_fn fn, void *ctx, const bsx_grid *grid,
                         bsx_cell_table **out)
{
    *out = NULL;
    if (!fn || bsx_cell_table_check_grid(grid, NULL) != BSX_OK)
        return BSX_EINVAL;
    size_t n_nodes = (size_t)BSX_NSTATES * (size_t)grid->n_b
                     * (size_t)grid->n_s;
    double *nodes = malloc(n_nodes * BSX_NODE_LEN * sizeof *nodes);
    if (!nodes)
        return BSX_ENOMEM;
    double h_b = (grid->vb_max - grid->vb_min) / (grid->n_b - 1);
    double h_s = (grid->vs_max - grid->vs_min) / (grid->n_s - 1);
    double db = h_b * BUILD_DIFF_FRACTION, ds = h_s * BUILD_DIFF_FRACTION;
    for (int s = 0; s < BSX_NSTATES; s++)
        for (int ib = 0; ib < grid->n_b; ib++)
            for (int is = 0; is < grid->n_s; is++) {
                double vb = grid->vb_min + ib * h_b;
                double vs = grid->vs_min + is * h_s;
                double *node =
                    nodes + BSX_NODE_LEN * bsx_cell_table_node(grid, s, ib, is);
                int st = sample_node(fn, ctx, s, vb, vs, db, ds, node);
                if (st != BSX_OK) {
                    free(nodes);
                    return st;
                }
            }
    differentiate_axis(grid, nodes, 0, BSX_NODE_FS, BSX_NODE_FBS);
    return bsx_cell_table_from_nodes(grid, nodes, out);
}

int bsx_cell_table_eval(const bsx_cell_table *t, int state, double vb,
                        double vs, double *current, double *di_dvb,
                        double *di_dvs)
{
    if (state < 0 || state >= BSX_NSTATES)
        return BSX_EINVAL;
    const bsx_grid *g = &t->grid;
    double x = (vb - g->vb_min) * t->inv_h_b;
    double y = (vs - g->vs_min) * t->inv_h_s;
    if (!(x >= -EDGE_SLACK && x <= g->n_b - 1 + EDGE_SLACK)
        || !(y >= -EDGE_SLACK && y <= g->n_s - 1 + EDGE_SLACK))
        return BSX_ERANGE;
    double d_b, d_s;
    bsx_cell_table_view view = bsx_cell_table_view_of(t);
    bsx_cell_table_patch_eval(&view, state, vb, vs, current, &d_b, &d_s);
    if (di_dvb)
        *di_dvb = d_b;
    if (di_dvs)
        *di_dvs = d_s;
    return BSX_OK;
}

const bsx_grid *bsx_cell_table_grid(const bsx_cell_table *t)
{
    return &t->grid;
}

void bsx_cell_table_destroy(bsx_cell_table *t)
{
    if (!t)
        return;
    free(t->nodes);
    free(t->patches);
    free(t->near_curvatures);
    free(t);
}
