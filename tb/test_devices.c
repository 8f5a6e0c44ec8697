/* Device models against closed forms and an independent transcription of
 * docs/parameters.md section 4: the VS FinFET (Rs = 0 by the direct formula, Rs
 * by its implicit equation), odd symmetry, monotonicity, derivatives, the
 * ASAP7 anchors; the Jiang ReRAM law; the cell series solve against a plain
 * bisection; the calibration against its targets. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "calibrate.h"
#include "cell.h"
#include "cell_table.h"
#include "tb_cli.h"

/* docs/parameters.md section 4 written out again, for internal voltages
 * (log1p keeps ln(1 + e^z) accurate in deep subthreshold). */
static double vs_formula(const bsx_fet_params *p, double vgs, double vds)
{
    double a = p->alpha * p->phit;
    double ff = 1.0 / (1.0 + exp((vgs - (p->vt0 - p->delta * vds - a / 2.0)) / a));
    double q = p->cinv * p->n * p->phit *
               log1p(exp((vgs - (p->vt0 - p->delta * vds - a * ff)) / (p->n * p->phit)));
    double vdsat = p->vxo * p->lg_m / p->mu * (1.0 - ff) + p->phit * ff;
    double x = vds / vdsat;
    return p->nfin * p->w_fin_m * q * p->vxo * x / pow(1.0 + pow(x, p->beta), 1.0 / p->beta);
}

static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * (rand() / (double)RAND_MAX);
}

static bsx_fet_params rvt(void)
{
    bsx_fet_params p;
    ck_assert_int_eq(bsx_fet_defaults(BSX_FET_RVT, &p), BSX_OK);
    return p;
}

START_TEST(fet_without_rs_is_the_direct_formula)
{
    srand(100u + (unsigned)_i);
    bsx_fet_params p;
    ck_assert_int_eq(bsx_fet_defaults(_i % 4, &p), BSX_OK);
    p.rs_ohm_m = 0.0;
    for (int k = 0; k < 2000; k++) {
        double vg = uniform(-0.2, 1.0), vd = uniform(0.0, 0.8), vs = uniform(0.0, 0.3);
        double want = vd >= vs ? vs_formula(&p, vg - vs, vd - vs)
                               : -vs_formula(&p, vg - vd, vs - vd);
        double got = bsx_fet_current(&p, vg, vd, vs, NULL, NULL, NULL);
        ck_assert_double_eq_tol(got, want, 1e-12 * fabs(want) + 1e-30);
    }
}
END_TEST

START_TEST(fet_with_rs_satisfies_its_implicit_equation)
{
    srand(200u + (unsigned)_i);
    bsx_fet_params p;
    ck_assert_int_eq(bsx_fet_defaults(_i % 4, &p), BSX_OK);
    p.nfin = 1 + _i % 3;
    double rs = p.rs_ohm_m / (p.nfin * p.w_fin_m);
    for (int k = 0; k < 2000; k++) {
        double vgs = uniform(-0.2, 1.0), vds = uniform(0.0, 0.8);
        double i = bsx_fet_current(&p, vgs, vds, 0.0, NULL, NULL, NULL);
        double rhs = vs_formula(&p, vgs - i * rs, vds - 2.0 * i * rs);
        ck_assert_double_eq_tol(i, rhs, 1e-11 * i + 1e-30);
        ck_assert(i >= 0.0 && i <= vs_formula(&p, vgs, vds));
    }
}
END_TEST

START_TEST(fet_is_odd_zero_at_zero_bias_and_monotone)
{
    srand(300u + (unsigned)_i);
    bsx_fet_params p = rvt();
    for (int k = 0; k < 2000; k++) {
        double vg = uniform(0.0, 0.9), vd = uniform(-0.1, 0.4), vs = uniform(-0.1, 0.4);
        double fwd = bsx_fet_current(&p, vg, vd, vs, NULL, NULL, NULL);
        ck_assert(fwd == -bsx_fet_current(&p, vg, vs, vd, NULL, NULL, NULL));
        ck_assert(bsx_fet_current(&p, vg, vd, vd, NULL, NULL, NULL) == 0.0);
        double dv = uniform(1e-4, 0.05);
        ck_assert(fabs(bsx_fet_current(&p, vg + dv, vd, vs, NULL, NULL, NULL)) >= fabs(fwd));
        ck_assert(bsx_fet_current(&p, vg, vd + dv, vs, NULL, NULL, NULL) > fwd);
        ck_assert(bsx_fet_current(&p, vg, vd, vs + dv, NULL, NULL, NULL) < fwd);
    }
}
END_TEST

START_TEST(fet_derivatives_match_differences)
{
    srand(400u);
    bsx_fet_params p = rvt();
    const double h = 1e-6;
    for (int k = 0; k < 500; k++) {
        double vg = uniform(0.2, 0.9), vd = uniform(0.0, 0.4), vs = uniform(0.0, 0.4);
        if (fabs(vd - vs) < 10 * h)
            continue;
        double dg, dd, ds;
        bsx_fet_current(&p, vg, vd, vs, &dg, &dd, &ds);
        double ng = (bsx_fet_current(&p, vg + h, vd, vs, NULL, NULL, NULL) -
                     bsx_fet_current(&p, vg - h, vd, vs, NULL, NULL, NULL)) / (2 * h);
        double nd = (bsx_fet_current(&p, vg, vd + h, vs, NULL, NULL, NULL) -
                     bsx_fet_current(&p, vg, vd - h, vs, NULL, NULL, NULL)) / (2 * h);
        double ns = (bsx_fet_current(&p, vg, vd, vs + h, NULL, NULL, NULL) -
                     bsx_fet_current(&p, vg, vd, vs - h, NULL, NULL, NULL)) / (2 * h);
        ck_assert_double_eq_tol(dg, ng, 1e-5 * fabs(ng) + 1e-15);
        ck_assert_double_eq_tol(dd, nd, 1e-5 * fabs(nd) + 1e-15);
        ck_assert_double_eq_tol(ds, ns, 1e-5 * fabs(ns) + 1e-15);
    }
}
END_TEST

/* The fit reproduces MEJ Table 3 (RVT): Idsat 37.85 uA, Ioff 0.019 nA. */
START_TEST(fet_reproduces_asap7_rvt_anchors)
{
    bsx_fet_params p = rvt();
    double idsat = bsx_fet_current(&p, 0.7, 0.7, 0.0, NULL, NULL, NULL);
    double ioff = bsx_fet_current(&p, 0.0, 0.7, 0.0, NULL, NULL, NULL);
    ck_assert_double_eq_tol(idsat, 37.85e-6, 0.01 * 37.85e-6);
    ck_assert_double_eq_tol(ioff, 0.019e-9, 0.1 * 0.019e-9);
}
END_TEST

/* docs/parameters.md: two stacked 1-fin RVT with both gates at 0.7 V pass 1 uA
 * at about 12 mV. Tolerance: 11-13 mV. */
START_TEST(two_stacked_rvt_pass_1ua_near_12mv)
{
    bsx_cell cell = {.topology = BSX_CELL_SRAM_8T, .v_wl_on = 0.7, .v_q_on = 0.7};
    cell.fet = rvt();
    double lo = 0.0, hi = 0.1;
    for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi), i;
        ck_assert_int_eq(bsx_cell_current(&cell, BSX_STATE(1, 1), mid, 0.0, &i, NULL),
                         BSX_OK);
        if (i < 1e-6)
            lo = mid;
        else
            hi = mid;
    }
    ck_assert(lo > 0.011 && lo < 0.013);
}
END_TEST

START_TEST(reram_follows_the_jiang_law)
{
    bsx_reram_params r;
    bsx_reram_defaults(&r);
    srand(500u);
    for (int k = 0; k < 1000; k++) {
        double gap = uniform(0.1e-9, 1.5e-9), v = uniform(-0.5, 0.5), d;
        double i = bsx_reram_current(&r, gap, v, &d);
        ck_assert_double_eq_tol(i, 0.2e-3 * exp(-gap / 0.15e-9) * sinh(v / 0.35),
                                1e-13 * fabs(i) + 1e-30);
        ck_assert(bsx_reram_current(&r, gap, -v, NULL) == -i);
        ck_assert_double_eq_tol(d, 0.2e-3 * exp(-gap / 0.15e-9) * cosh(v / 0.35) / 0.35,
                                1e-13 * d);
    }
    ck_assert(bsx_reram_current(&r, 1e-9, 0.0, NULL) == 0.0);
    /* docs/parameters.md section 3: 0.719 nm passes 1 uA at 0.2 V. */
    ck_assert_double_eq_tol(bsx_reram_current(&r, 0.719e-9, 0.2, NULL), 1e-6, 0.005e-6);
}
END_TEST

static bsx_cell test_cell(int topology)
{
    bsx_cell c = {.topology = topology, .v_wl_on = 0.7, .v_q_on = 0.4};
    c.fet = rvt();
    bsx_reram_defaults(&c.reram);
    c.gap_lrs_m = 0.7e-9;
    c.gap_hrs_m = 1.06e-9;
    if (topology == BSX_CELL_SRAM_8T)
        c.v_wl_on = 0.4;
    return c;
}

/* Element currents at the internal node, computed here. */
static void element_currents(const bsx_cell *c, int state, double vb, double x,
                             double vs, double *up, double *down)
{
    int wl = state >> 1, w = state & 1;
    if (c->topology == BSX_CELL_SRAM_8T) {
        *up = bsx_fet_current(&c->fet, wl ? c->v_wl_on : 0.0, vb, x, NULL, NULL, NULL);
        *down = bsx_fet_current(&c->fet, w ? c->v_q_on : 0.0, x, vs, NULL, NULL, NULL);
    } else {
        *up = bsx_reram_current(&c->reram, w ? c->gap_lrs_m : c->gap_hrs_m, vb - x, NULL);
        *down = bsx_fet_current(&c->fet, wl ? c->v_wl_on : 0.0, x, vs, NULL, NULL, NULL);
    }
}

/* Internal node by 200 bisection steps on the current difference. */
static double bisect_cell(const bsx_cell *c, int state, double vb, double vs)
{
    double lo = fmin(vb, vs), hi = fmax(vb, vs), up, down;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        element_currents(c, state, vb, mid, vs, &up, &down);
        if (up > down)
            lo = mid;
        else
            hi = mid;
    }
    element_currents(c, state, vb, 0.5 * (lo + hi), vs, &up, &down);
    return down;
}

START_TEST(cell_solve_matches_plain_bisection)
{
    srand(600u + (unsigned)_i);
    bsx_cell c = test_cell(_i % 2 ? BSX_CELL_RERAM_1T1R : BSX_CELL_SRAM_8T);
    for (int k = 0; k < 300; k++) {
        int state = rand() % 4;
        double vb = uniform(-0.02, 0.25), vs = uniform(-0.02, 0.25), i, x, up, down;
        ck_assert_int_eq(bsx_cell_current(&c, state, vb, vs, &i, &x), BSX_OK);
        element_currents(&c, state, vb, x, vs, &up, &down);
        ck_assert_double_eq_tol(up, down, 1e-9 * fabs(up) + 1e-21);
        double ref = bisect_cell(&c, state, vb, vs);
        ck_assert_double_eq_tol(i, ref, 1e-8 * fabs(ref) + 1e-21);
        ck_assert((i > 0.0) == (vb > vs) || vb == vs);
    }
}
END_TEST

START_TEST(cell_current_is_monotone_in_both_terminals)
{
    srand(700u + (unsigned)_i);
    bsx_cell c = test_cell(_i % 2 ? BSX_CELL_RERAM_1T1R : BSX_CELL_SRAM_8T);
    for (int k = 0; k < 300; k++) {
        int state = rand() % 4;
        double vb = uniform(0.0, 0.2), vs = uniform(0.0, 0.2), dv = uniform(1e-4, 0.02);
        double i, ib, is;
        bsx_cell_current(&c, state, vb, vs, &i, NULL);
        bsx_cell_current(&c, state, vb + dv, vs, &ib, NULL);
        bsx_cell_current(&c, state, vb, vs + dv, &is, NULL);
        ck_assert(ib > i && is < i);
    }
}
END_TEST

START_TEST(calibration_hits_its_targets)
{
    const double targets[] = {0.5e-6, 1e-6, 2e-6, 5e-6};
    const double reads[] = {0.1, 0.2, 0.3};
    for (int t = 0; t < 4; t++)
        for (int r = 0; r < 3; r++) {
            char err[BSX_ERRLEN];
            double i;
            bsx_cell s = test_cell(BSX_CELL_SRAM_8T);
            ck_assert_int_eq(bsx_calibrate_sram_gate(&s, reads[r], targets[t], err), BSX_OK);
            ck_assert(s.v_wl_on == s.v_q_on);
            bsx_cell_current(&s, BSX_STATE(1, 1), reads[r], 0.0, &i, NULL);
            ck_assert_double_eq_tol(i, targets[t], 1e-9 * targets[t]);

            bsx_cell m = test_cell(BSX_CELL_RERAM_1T1R);
            ck_assert_int_eq(bsx_calibrate_reram_gap(&m, 1, reads[r], targets[t], err), BSX_OK);
            ck_assert_int_eq(bsx_calibrate_reram_gap(&m, 0, reads[r], targets[t] / 10, err),
                             BSX_OK);
            bsx_cell_current(&m, BSX_STATE(1, 1), reads[r], 0.0, &i, NULL);
            ck_assert_double_eq_tol(i, targets[t], 1e-9 * targets[t]);
            bsx_cell_current(&m, BSX_STATE(1, 0), reads[r], 0.0, &i, NULL);
            ck_assert_double_eq_tol(i, targets[t] / 10, 1e-9 * targets[t] / 10);
            ck_assert(m.gap_lrs_m < m.gap_hrs_m);
        }
}
END_TEST

START_TEST(calibration_rejects_unreachable_targets)
{
    char err[BSX_ERRLEN];
    bsx_cell s = test_cell(BSX_CELL_SRAM_8T);
    ck_assert_int_eq(bsx_calibrate_sram_gate(&s, 0.2, 1e-3, err), BSX_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "outside the reachable"));
    bsx_cell m = test_cell(BSX_CELL_RERAM_1T1R);
    ck_assert_int_eq(bsx_calibrate_reram_gap(&m, 1, 0.2, 1e-3, err), BSX_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("devices");
    TCase *fet = tcase_create("fet");
    tcase_add_loop_test(fet, fet_without_rs_is_the_direct_formula, 0, 8);
    tcase_add_loop_test(fet, fet_with_rs_satisfies_its_implicit_equation, 0, 8);
    tcase_add_loop_test(fet, fet_is_odd_zero_at_zero_bias_and_monotone, 0, 4);
    tcase_add_test(fet, fet_derivatives_match_differences);
    tcase_add_test(fet, fet_reproduces_asap7_rvt_anchors);
    tcase_add_test(fet, two_stacked_rvt_pass_1ua_near_12mv);
    suite_add_tcase(s, fet);
    TCase *reram = tcase_create("reram");
    tcase_add_test(reram, reram_follows_the_jiang_law);
    suite_add_tcase(s, reram);
    TCase *cell = tcase_create("cell");
    tcase_add_loop_test(cell, cell_solve_matches_plain_bisection, 0, 4);
    tcase_add_loop_test(cell, cell_current_is_monotone_in_both_terminals, 0, 4);
    tcase_add_test(cell, calibration_hits_its_targets);
    tcase_add_test(cell, calibration_rejects_unreachable_targets);
    suite_add_tcase(s, cell);
    return tb_run_suite(s);
}
