/* Cell tables: exact reproduction of polynomials the Hermite patches can
 * represent, the measured error and its h^4 convergence on an exponential
 * cell, C1 continuity across patches, the CSV round trip and every malformed
 * CSV case the loader must reject. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsx_status.h"
#include "cell_table.h"
#include "cell_table_nodes.h"
#include "tb_cli.h"

static const bsx_grid GRID = {0.0, 0.3, -0.05, 0.15, 31, 21};

/* A bicubic polynomial with state-dependent coefficients. */
static double cubic(int state, double vb, double vs)
{
    double k = 1.0 + state;
    return 1e-6 * (0.3 * k + 2.0 * vb - k * vs + 5.0 * vb * vs
                   - 3.0 * k * vb * vb * vb + 7.0 * vs * vs * vs
                   + 11.0 * vb * vb * vs * vs - 13.0 * k * vb * vb * vb * vs
                   + 17.0 * vb * vb * vb * vs * vs * vs);
}

static double biquadratic(int state, double vb, double vs)
{
    double k = 1.0 + state;
    return 1e-6 * (k + vb * vs - 2.0 * k * vb * vb + 3.0 * vs * vs
                   + 4.0 * vb * vb * vs * vs);
}

static double expo(int state, double vb, double vs)
{
    return 1e-6 * (1.0 + state) * exp((vb - vs) / 0.03);
}

static int cb_cubic(void *ctx, int state, double vb, double vs, double *i)
{
    (void)ctx;
    *i = cubic(state, vb, vs);
    return BSX_OK;
}

static int cb_biquadratic(void *ctx, int state, double vb, double vs,
                          double *i)
{
    (void)ctx;
    *i = biquadratic(state, vb, vs);
    return BSX_OK;
}

static int cb_expo(void *ctx, int state, double vb, double vs, double *i)
{
    (void)ctx;
    *i = expo(state, vb, vs);
    return BSX_OK;
}

static int cb_fails(void *ctx, int state, double vb, double vs, double *i)
{
    (void)ctx;
    (void)state;
    *i = 0.0;
    return vb > 0.2 && vs > 0.1 ? BSX_ENOCONV : BSX_OK;
}

static int cb_nan(void *ctx, int state, double vb, double vs, double *i)
{
    (void)ctx;
    (void)vs;
    *i = state == 3 && vb > 0.25 ? NAN : 1.0;
    return BSX_OK;
}

static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * (rand() / (double)RAND_MAX);
}

static char tmp_dir[64];

static void make_tmp_dir(void)
{
    strcpy(tmp_dir, "/tmp/bsx_cell_table_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp_dir));
}

static void remove_tmp_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void tmp_path(char *out, const char *name)
{
    snprintf(out, 256, "%s/%s", tmp_dir, name);
}

/* Writes a 4-field CSV of f on grid g, optionally leaving out or doubling
 * one line (skip / dup: index of the data line, -1 for none). */
static void write_csv(const char *path, double (*f)(int, double, double),
                      const bsx_grid *g, int skip, int dup)
{
    FILE *out = fopen(path, "w");
    ck_assert_ptr_nonnull(out);
    fprintf(out, "# test table\n\nstate,vb,vs,current\n");
    int k = 0;
    double hb = (g->vb_max - g->vb_min) / (g->n_b - 1);
    double hs = (g->vs_max - g->vs_min) / (g->n_s - 1);
    for (int s = BSX_NSTATES - 1; s >= 0; s--) /* any order is allowed */
        for (int is = 0; is < g->n_s; is++)
            for (int ib = 0; ib < g->n_b; ib++, k++) {
                double vb = g->vb_min + ib * hb, vs = g->vs_min + is * hs;
                if (k == skip)
                    continue;
                int times = k == dup ? 2 : 1;
                for (int t = 0; t < times; t++)
                    fprintf(out, "%d, %.17g ,%.17g,%.17g\n", s, vb, vs,
                            f(s, vb, vs));
            }
    ck_assert_int_eq(fclose(out), 0);
}

static double max_rel_error(const bsx_cell_table *t,
                            double (*f)(int, double, double), int samples)
{
    const bsx_grid *g = bsx_cell_table_grid(t);
    double worst = 0.0;
    for (int k = 0; k < samples; k++) {
        int s = k % BSX_NSTATES;
        double vb = uniform(g->vb_min, g->vb_max);
        double vs = uniform(g->vs_min, g->vs_max);
        double i;
        ck_assert_int_eq(bsx_cell_table_eval(t, s, vb, vs, &i, NULL, NULL),
                         BSX_OK);
        double want = f(s, vb, vs);
        double scale = fabs(want) > 1e-9 ? fabs(want) : 1e-9;
        double e = fabs(i - want) / scale;
        worst = e > worst ? e : worst;
    }
    return worst;
}

/* The table of cubic on GRID, through a CSV file (loaded tables hold their
 * nodes' values as given). */
static bsx_cell_table *load_cubic(void)
{
    make_tmp_dir();
    char path[256];
    tmp_path(path, "cubic.csv");
    write_csv(path, cubic, &GRID, -1, -1);
    bsx_cell_table *t;
    char err[BSX_ERRLEN];
    ck_assert_int_eq(bsx_cell_table_load_csv(path, &t, err), BSX_OK);
    remove_tmp_dir();
    return t;
}

START_TEST(loaded_table_reproduces_bicubics_exactly)
{
    bsx_cell_table *t = load_cubic();
    srand(7);
    ck_assert_double_le(max_rel_error(t, cubic, 20000), 1e-9);
    /* derivatives of the patches are exact for a bicubic too */
    for (int k = 0; k < 2000; k++) {
        int s = k % 4;
        double vb = uniform(0.0, 0.3), vs = uniform(-0.05, 0.15), i, db, ds;
        ck_assert_int_eq(bsx_cell_table_eval(t, s, vb, vs, &i, &db, &ds),
                         BSX_OK);
        double e = 1e-6;
        double nb = (cubic(s, vb + e, vs) - cubic(s, vb - e, vs)) / (2 * e);
        double ns = (cubic(s, vb, vs + e) - cubic(s, vb, vs - e)) / (2 * e);
        ck_assert_double_eq_tol(db, nb, 1e-11);
        ck_assert_double_eq_tol(ds, ns, 1e-11);
    }
    bsx_cell_table_destroy(t);
}
END_TEST

/* The patches' second derivatives (the column solver's second-order first
 * step) are those of the bicubic the table holds: cubic's, by hand. */
START_TEST(patch_hessian_is_the_bicubics)
{
    bsx_cell_table *t = load_cubic();
    bsx_cell_table_view view = bsx_cell_table_view_of(t);
    srand(13);
    for (int k = 0; k < 2000; k++) {
        int s = k % BSX_NSTATES;
        double c = 1.0 + s;
        /* grid points (patch edges) included */
        double vb = k % 7 == 0 ? 0.01 * (k % 31) : uniform(0.0, 0.3);
        double vs = k % 5 == 0 ? -0.05 + 0.01 * (k % 21) : uniform(-0.05, 0.15);
        double bb, bs, ss;
        bsx_cell_table_patch_hessian(&view, s, vb, vs, &bb, &bs, &ss);
        double vb2 = vb * vb, vs2 = vs * vs;
        double want_bb = 1e-6 * (-18.0 * c * vb + 22.0 * vs2
                                 - 78.0 * c * vb * vs + 102.0 * vb * vs2 * vs);
        double want_bs = 1e-6 * (5.0 + 44.0 * vb * vs - 39.0 * c * vb2
                                 + 153.0 * vb2 * vs2);
        double want_ss = 1e-6 * (42.0 * vs + 22.0 * vb2 + 102.0 * vb2 * vb * vs);
        ck_assert_double_eq_tol(bb, want_bb, 1e-12);
        ck_assert_double_eq_tol(bs, want_bs, 1e-12);
        ck_assert_double_eq_tol(ss, want_ss, 1e-12);
    }
    bsx_cell_table_destroy(t);
}
END_TEST

START_TEST(built_table_reproduces_biquadratics_and_nearly_bicubics)
{
    bsx_cell_table *t;
    srand(11);
    ck_assert_int_eq(bsx_cell_table_build(cb_biquadratic, NULL, &GRID, &t),
                     BSX_OK);
    ck_assert_double_le(max_rel_error(t, biquadratic, 20000), 1e-10);
    bsx_cell_table_destroy(t);
    ck_assert_int_eq(bsx_cell_table_build(cb_cubic, NULL, &GRID, &t), BSX_OK);
    /* central differences of a cubic are off by step^2 f'''/6 only */
    ck_assert_double_le(max_rel_error(t, cubic, 20000), 1e-7);
    bsx_cell_table_destroy(t);
}
END_TEST

static double expo_error(int n_b, int n_s)
{
    bsx_grid g = {0.0, 0.3, 0.0, 0.15, n_b, n_s};
    bsx_cell_table *t;
    ck_assert_int_eq(bsx_cell_table_build(cb_expo, NULL, &g, &t), BSX_OK);
    srand(3);
    double e = max_rel_error(t, expo, 40000);
    bsx_cell_table_destroy(t);
    return e;
}

START_TEST(exponential_cell_error_is_small_and_falls_as_h4)
{
    /* 10 mV and 5 mV steps on I = 1e-6 exp((vb - vs)/30 mV) */
    double coarse = expo_error(31, 16), fine = expo_error(61, 31);
    printf("cell table error on exp((vb-vs)/30mV): %.3g at 10 mV, %.3g at "
           "5 mV (ratio %.1f)\n", coarse, fine, coarse / fine);
    ck_assert_double_le(fine, 5e-6);
    ck_assert_double_ge(coarse / fine, 12.0);
    ck_assert_double_le(coarse / fine, 20.0);
}
END_TEST

START_TEST(patches_join_with_continuous_value_and_slopes)
{
    bsx_cell_table *t;
    ck_assert_int_eq(bsx_cell_table_build(cb_expo, NULL, &GRID, &t), BSX_OK);
    double hb = 0.3 / 30, hs = 0.2 / 20, eps = 1e-12;
    for (int k = 1; k < 30; k++) {
        double vb = k * hb, vs = 0.0123;
        double i0, b0, s0, i1, b1, s1;
        bsx_cell_table_eval(t, 3, vb - eps, vs, &i0, &b0, &s0);
        bsx_cell_table_eval(t, 3, vb + eps, vs, &i1, &b1, &s1);
        ck_assert_double_eq_tol(i0, i1, 1e-9 * fabs(i0));
        ck_assert_double_eq_tol(b0, b1, 1e-6 * fabs(b0));
        ck_assert_double_eq_tol(s0, s1, 1e-6 * fabs(s0));
    }
    for (int k = 1; k < 20; k++) {
        double vb = 0.1234, vs = -0.05 + k * hs;
        double i0, b0, s0, i1, b1, s1;
        bsx_cell_table_eval(t, 2, vb, vs - eps, &i0, &b0, &s0);
        bsx_cell_table_eval(t, 2, vb, vs + eps, &i1, &b1, &s1);
        ck_assert_double_eq_tol(i0, i1, 1e-9 * fabs(i0));
        ck_assert_double_eq_tol(b0, b1, 1e-6 * fabs(b0));
        ck_assert_double_eq_tol(s0, s1, 1e-6 * fabs(s0));
    }
    bsx_cell_table_destroy(t);
}
END_TEST

START_TEST(outside_the_grid_is_a_range_error)
{
    bsx_cell_table *t;
    ck_assert_int_eq(bsx_cell_table_build(cb_expo, NULL, &GRID, &t), BSX_OK);
    double i;
    ck_assert_int_eq(bsx_cell_table_eval(t, 0, 0.3, 0.15, &i, NULL, NULL),
                     BSX_OK);
    ck_assert_double_eq_tol(i, expo(0, 0.3, 0.15), 1e-12 * i);
    ck_assert_int_eq(bsx_cell_table_eval(t, 0, 0.0, -0.05, &i, NULL, NULL),
                     BSX_OK);
    ck_assert_int_eq(bsx_cell_table_eval(t, 0, 0.301, 0.0, &i, NULL, NULL),
                     BSX_ERANGE);
    ck_assert_int_eq(bsx_cell_table_eval(t, 0, -0.001, 0.0, &i, NULL, NULL),
                     BSX_ERANGE);
    ck_assert_int_eq(bsx_cell_table_eval(t, 1, 0.1, 0.151, &i, NULL, NULL),
                     BSX_ERANGE);
    ck_assert_int_eq(bsx_cell_table_eval(t, 1, 0.1, -0.06, &i, NULL, NULL),
                     BSX_ERANGE);
    ck_assert_int_eq(bsx_cell_table_eval(t, 1, NAN, 0.0, &i, NULL, NULL),
                     BSX_ERANGE);
    ck_assert_int_eq(bsx_cell_table_eval(t, 1, 0.1, NAN, &i, NULL, NULL),
                     BSX_ERANGE);
    ck_assert_int_eq(bsx_cell_table_eval(t, 4, 0.1, 0.0, &i, NULL, NULL),
                     BSX_EINVAL);
    bsx_cell_table_destroy(t);
}
END_TEST

START_TEST(build_rejects_bad_grids_and_failing_models)
{
    bsx_cell_table *t = (bsx_cell_table *)&t;
    bsx_grid g = GRID;
    g.n_b = 3;
    ck_assert_int_eq(bsx_cell_table_build(cb_expo, NULL, &g, &t), BSX_EINVAL);
    ck_assert_ptr_null(t);
    g = GRID;
    g.vs_max = g.vs_min;
    ck_assert_int_eq(bsx_cell_table_build(cb_expo, NULL, &g, &t), BSX_EINVAL);
    g = GRID;
    g.n_b = 2048;
    g.n_s = 1024;
    ck_assert_int_eq(bsx_cell_table_build(cb_expo, NULL, &g, &t), BSX_EINVAL);
    g = GRID;
    g.vb_max = INFINITY;
    ck_assert_int_eq(bsx_cell_table_build(cb_expo, NULL, &g, &t), BSX_EINVAL);
    ck_assert_int_eq(bsx_cell_table_build(cb_fails, NULL, &GRID, &t),
                     BSX_ENOCONV);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(bsx_cell_table_build(cb_nan, NULL, &GRID, &t),
                     BSX_ERANGE);
    ck_assert_ptr_null(t);
}
END_TEST

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

START_TEST(csv_round_trip_is_exact)
{
    make_tmp_dir();
    char a[256], b[256], err[BSX_ERRLEN];
    tmp_path(a, "a.csv");
    tmp_path(b, "b.csv");
    bsx_cell_table *t, *u;
    ck_assert_int_eq(bsx_cell_table_build(cb_expo, NULL, &GRID, &t), BSX_OK);
    ck_assert_int_eq(bsx_cell_table_save_csv(t, a, err), BSX_OK);
    ck_assert_int_eq(bsx_cell_table_load_csv(a, &u, err), BSX_OK);
    ck_assert_int_eq(bsx_cell_table_save_csv(u, b, err), BSX_OK);
    char *ta = slurp(a), *tb = slurp(b);
    ck_assert_str_eq(ta, tb);
    free(ta);
    free(tb);
    const bsx_grid *g = bsx_cell_table_grid(u);
    ck_assert_int_eq(g->n_b, GRID.n_b);
    ck_assert_int_eq(g->n_s, GRID.n_s);
    srand(5);
    for (int k = 0; k < 5000; k++) {
        int s = k % 4;
        double vb = uniform(0.0, 0.3), vs = uniform(-0.05, 0.15);
        double i0, b0, s0, i1, b1, s1;
        bsx_cell_table_eval(t, s, vb, vs, &i0, &b0, &s0);
        bsx_cell_table_eval(u, s, vb, vs, &i1, &b1, &s1);
        ck_assert_double_eq_tol(i0, i1, 1e-13 * fabs(i0));
        ck_assert_double_eq_tol(b0, b1, 1e-12 * fabs(b0));
        ck_assert_double_eq_tol(s0, s1, 1e-12 * fabs(s0));
    }
    ck_assert_int_eq(access(a, F_OK), 0);
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.tmp", a);
    ck_assert_int_ne(access(tmp, F_OK), 0);
    bsx_cell_table_destroy(t);
    bsx_cell_table_destroy(u);
    remove_tmp_dir();
}
END_TEST

START_TEST(save_to_unwritable_place_fails_without_output)
{
    make_tmp_dir();
    char path[256], err[BSX_ERRLEN];
    tmp_path(path, "no/such/dir/t.csv");
    bsx_cell_table *t;
    ck_assert_int_eq(bsx_cell_table_build(cb_expo, NULL, &GRID, &t), BSX_OK);
    ck_assert_int_eq(bsx_cell_table_save_csv(t, path, err), BSX_EIO);
    ck_assert_ptr_nonnull(strstr(err, "no/such/dir"));
    ck_assert_int_ne(access(path, F_OK), 0);
    bsx_cell_table_destroy(t);
    remove_tmp_dir();
}
END_TEST

/* Each malformed file: its text, and words the error must contain. */
static const struct {
    const char *text;
    const char *want[2];
} BAD[] = {
    {"", {"no header", NULL}},
    {"# only a comment\n", {"no header", NULL}},
    {"state,vb,vs,current\n", {"no data lines", NULL}},
    {"state,vb,vs,i\n0,0,0,1\n", {":1:", "header"}},
    {"state,vb,vs\n0,0,0\n", {":1:", "header"}},
    {"state,vb,vs,current\n0,0,0\n", {":2:", "expected 4 fields, found 3"}},
    {"state,vb,vs,current\n0,0,0,1,2\n", {":2:", "found 5"}},
    {"state,vb,vs,current\n0,0,x,1\n", {":2:", "'vs' is not a number"}},
    {"state,vb,vs,current\n0,0,0.1V,1\n", {":2:", "'vs' is not a number"}},
    {"state,vb,vs,current\n0,,0,1\n", {":2:", "'vb' is empty"}},
    {"state,vb,vs,current\n0,0,0,nan\n", {":2:", "'current' is not finite"}},
    {"state,vb,vs,current\n0,0,0,-inf\n", {":2:", "not finite"}},
    {"state,vb,vs,current\n0,0,0,1e999\n", {":2:", "not finite"}},
    {"state,vb,vs,current\n4,0,0,1\n", {":2:", "state must be an integer"}},
    {"state,vb,vs,current\n1.5,0,0,1\n", {":2:", "state must be"}},
    {"state,vb,vs,current\n-1,0,0,1\n", {":2:", "state must be"}},
    {"state,vb,vs,current,di_dvb,di_dvs,d2i_dvbdvs\n0,0,0,1\n",
     {":2:", "expected 7 fields"}},
};

START_TEST(malformed_csv_is_rejected_with_its_line)
{
    make_tmp_dir();
    char path[256], err[BSX_ERRLEN];
    tmp_path(path, "bad.csv");
    FILE *f = fopen(path, "w");
    fputs(BAD[_i].text, f);
    fclose(f);
    bsx_cell_table *t = (bsx_cell_table *)&t;
    err[0] = '\0';
    ck_assert_int_eq(bsx_cell_table_load_csv(path, &t, err), BSX_EFORMAT);
    ck_assert_ptr_null(t);
    ck_assert_msg(strstr(err, path) == err, "error does not name the file: %s",
                  err);
    for (int k = 0; k < 2 && BAD[_i].want[k]; k++)
        ck_assert_msg(strstr(err, BAD[_i].want[k]), "case %d: '%s' lacks '%s'",
                      _i, err, BAD[_i].want[k]);
    remove_tmp_dir();
}
END_TEST

static double shifted_grid_value(int state, double vb, double vs)
{
    return biquadratic(state, vb, vs);
}

START_TEST(grid_problems_are_rejected)
{
    make_tmp_dir();
    char path[256], err[BSX_ERRLEN];
    tmp_path(path, "grid.csv");
    bsx_cell_table *t;
    bsx_grid small = {0.0, 0.3, 0.0, 0.1, 5, 4};

    write_csv(path, biquadratic, &small, -1, -1);
    ck_assert_int_eq(bsx_cell_table_load_csv(path, &t, err), BSX_OK);
    bsx_cell_table_destroy(t);

    write_csv(path, biquadratic, &small, 7, -1); /* a point missing */
    ck_assert_int_eq(bsx_cell_table_load_csv(path, &t, err), BSX_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err, "missing point state 3"));

    write_csv(path, biquadratic, &small, -1, 9); /* a point twice */
    ck_assert_int_eq(bsx_cell_table_load_csv(path, &t, err), BSX_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err, "duplicate point"));
    ck_assert_ptr_nonnull(strstr(err, ":14:")); /* line of the second copy */
    ck_assert_ptr_nonnull(strstr(err, "first at line 13"));

    bsx_grid three = {0.0, 0.3, 0.0, 0.1, 5, 3};
    write_csv(path, biquadratic, &three, -1, -1);
    ck_assert_int_eq(bsx_cell_table_load_csv(path, &t, err), BSX_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err, "vs axis has 3 distinct values"));

    /* non-uniform vb: levels 0, 0.1, 0.2, 0.35 */
    FILE *f = fopen(path, "w");
    fprintf(f, "state,vb,vs,current\n");
    const double vbs[4] = {0.0, 0.1, 0.2, 0.35};
    for (int s = 0; s < 4; s++)
        for (int ib = 0; ib < 4; ib++)
            for (int is = 0; is < 4; is++)
                fprintf(f, "%d,%g,%g,%g\n", s, vbs[ib], 0.05 * is,
                        shifted_grid_value(s, vbs[ib], 0.05 * is));
    fclose(f);
    ck_assert_int_eq(bsx_cell_table_load_csv(path, &t, err), BSX_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err, "vb grid is not uniform"));

    /* state 2 on a different vs grid than the others */
    f = fopen(path, "w");
    fprintf(f, "state,vb,vs,current\n");
    for (int s = 0; s < 4; s++)
        for (int ib = 0; ib < 4; ib++)
            for (int is = 0; is < 4; is++)
                fprintf(f, "%d,%g,%g,1e-6\n", s, 0.1 * ib,
                        s == 2 ? 0.05 * is + 0.2 : 0.05 * is);
    fclose(f);
    ck_assert_int_eq(bsx_cell_table_load_csv(path, &t, err), BSX_EFORMAT);

    tmp_path(path, "does-not-exist.csv");
    ck_assert_int_eq(bsx_cell_table_load_csv(path, &t, err), BSX_EIO);
    ck_assert_ptr_nonnull(strstr(err, "does-not-exist.csv: cell table: cannot open"));
    remove_tmp_dir();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cell_table");
    TCase *interp = tcase_create("interpolation");
    tcase_set_timeout(interp, 30);
    tcase_add_test(interp, loaded_table_reproduces_bicubics_exactly);
    tcase_add_test(interp, patch_hessian_is_the_bicubics);
    tcase_add_test(interp, built_table_reproduces_biquadratics_and_nearly_bicubics);
    tcase_add_test(interp, exponential_cell_error_is_small_and_falls_as_h4);
    tcase_add_test(interp, patches_join_with_continuous_value_and_slopes);
    tcase_add_test(interp, outside_the_grid_is_a_range_error);
    tcase_add_test(interp, build_rejects_bad_grids_and_failing_models);
    suite_add_tcase(s, interp);
    TCase *csv = tcase_create("csv");
    tcase_set_timeout(csv, 30);
    tcase_add_test(csv, csv_round_trip_is_exact);
    tcase_add_test(csv, save_to_unwritable_place_fails_without_output);
    tcase_add_loop_test(csv, malformed_csv_is_rejected_with_its_line, 0,
                        (int)(sizeof BAD / sizeof BAD[0]));
    tcase_add_test(csv, grid_problems_are_rejected);
    suite_add_tcase(s, csv);
    return tb_run_suite(s);
}
