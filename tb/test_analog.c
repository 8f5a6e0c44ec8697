/* The analog array glue: cell tables against the direct device model on
 * off-grid points (the measured table error is printed), zero-resistance
 * columns against the sum of directly computed cell currents, the ReRAM
 * dummy subtraction, I_LSB, and the IR-drop deviation sign and growth. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analog.h"
#include "bsx_status.h"
#include "tb_cli.h"

static bsx_preset preset(const char *name, const char *const *sets, int nsets)
{
    char err[BSX_ERRLEN];
    bsx_preset p;
    ck_assert_int_eq(bsx_preset_lookup(name, &p, err), BSX_OK);
    for (int i = 0; i < nsets; i += 2)
        ck_assert_int_eq(bsx_preset_set(&p, sets[i], sets[i + 1], err), BSX_OK);
    ck_assert_int_eq(bsx_preset_resolve(&p, err), BSX_OK);
    return p;
}

static bsx_analog *make(const bsx_preset *p, int rows)
{
    char err[BSX_ERRLEN];
    bsx_analog *a;
    ck_assert_msg(bsx_analog_create(p, rows, &a, err) == BSX_OK, "%s", err);
    return a;
}

static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * (rand() / (double)RAND_MAX);
}

static const char *const table_presets[] = {"sram-m6-1ua", "reram-m6-1ua"};

/* Default grid: relative error <= 1e-6 where the cell conducts in read
 * direction (|V_b - V_s| >= 50 mV, the operating region), and <= 1e-4
 * I_LSB absolute anywhere in [0, v_read]^2 (near V_b = V_s the VS model's
 * (V'ds/Vdsat)^1.8 term is not C2). */
START_TEST(tables_match_the_device_model_off_grid)
{
    bsx_preset p = preset(table_presets[_i], NULL, 0);
    bsx_analog *a = make(&p, 4);
    bsx_cell cell;
    bsx_preset_cell(&p, &cell);
    srand(800u + (unsigned)_i);
    double worst_rel = 0.0, worst_abs = 0.0;
    for (int k = 0; k < 4000; k++) {
        int state = k % 4;
        double vb = uniform(0.0, p.v_read), vs = uniform(0.0, p.v_read), want, got;
        ck_assert_int_eq(bsx_cell_current(&cell, state, vb, vs, &want, NULL), BSX_OK);
        ck_assert_int_eq(bsx_cell_table_eval(bsx_analog_table(a), state, vb, vs, &got,
                                             NULL, NULL),
                         BSX_OK);
        double abs_err = fabs(got - want) / p.i_lsb;
        worst_abs = fmax(worst_abs, abs_err);
        if (fabs(vb - vs) >= 0.05)
            worst_rel = fmax(worst_rel, fabs(got - want) / fmax(fabs(want), 1e-3 * p.i_on));
    }
    printf("table error %s (step %g V): %.2e relative (|Vb-Vs| >= 50 mV), "
           "%.2e I_LSB absolute\n",
           p.name, p.table_step_v, worst_rel, worst_abs);
    ck_assert(worst_rel <= 1e-6);
    ck_assert(worst_abs <= 1e-4);
    bsx_analog_destroy(a);
}
END_TEST

static const char *const no_wires[] = {"r_bl", "0", "r_sl", "0", "r_drv", "0",
                                       "r_sink", "0", "table_step_v", "0.005"};

/* With every resistance zero each cell sees V_b = v_read, V_s = 0, so the
 * column current is the sum of directly computed cell currents. */
START_TEST(zero_resistance_column_is_the_sum_of_cells)
{
    const char *name = _i ? "reram-m3-2ua" : "sram-m3-1ua";
    bsx_preset p = preset(name, no_wires, 10);
    bsx_analog *a = make(&p, 64);
    bsx_analog_ws *ws;
    ck_assert_int_eq(bsx_analog_ws_create(a, &ws), BSX_OK);
    bsx_cell cell;
    bsx_preset_cell(&p, &cell);
    double state_i[4];
    for (int s = 0; s < 4; s++)
        bsx_cell_current(&cell, s, p.v_read, 0.0, &state_i[s], NULL);
    srand(900u + (unsigned)_i);
    for (int k = 0; k < 50; k++) {
        unsigned char wl[64], w[64];
        double want = 0.0, dummy_want = 0.0, got, dummy;
        int ps = 0;
        for (int r = 0; r < 64; r++) {
            wl[r] = (unsigned char)(rand() & 1);
            w[r] = (unsigned char)(rand() & 1);
            want += state_i[BSX_STATE(wl[r], w[r])];
            dummy_want += state_i[BSX_STATE(wl[r], 0)];
            ps += wl[r] & w[r];
        }
        ck_assert_int_eq(bsx_analog_column(a, ws, wl, w, &got, NULL), BSX_OK);
        ck_assert_int_eq(bsx_analog_dummy(a, ws, wl, &dummy, NULL), BSX_OK);
        ck_assert_double_eq_tol(got, want, 1e-7 * want);
        if (bsx_analog_has_dummy(a)) {
            ck_assert_double_eq_tol(dummy, dummy_want, 1e-7 * dummy_want);
        } else {
            ck_assert(dummy == 0.0);
        }
        /* Ideal array: the net current is ps LSBs to within leakage. */
        ck_assert_double_eq_tol((got - dummy) / bsx_analog_i_lsb(a), ps, 1e-3);
    }
    bsx_analog_ws_destroy(ws);
    bsx_analog_destroy(a);
}
END_TEST

/* I_LSB is I_ON - I_HRS for ReRAM (dummy), I_ON for 8T-SRAM, and a single
 * ON cell at the driver end with no wires passes exactly I_ON. */
START_TEST(i_lsb_follows_the_technology)
{
    bsx_preset s = preset("sram-m6-2ua", no_wires, 10);
    bsx_preset r = preset("reram-m6-2ua", no_wires, 10);
    bsx_analog *as = make(&s, 8), *ar = make(&r, 8);
    ck_assert_double_eq_tol(bsx_analog_i_lsb(as), 2e-6, 1e-15);
    ck_assert_double_eq_tol(bsx_analog_i_lsb(ar), 2e-6 - 0.1e-6, 1e-15);
    ck_assert_int_eq(bsx_analog_has_dummy(as), 0);
    ck_assert_int_eq(bsx_analog_has_dummy(ar), 1);
    ck_assert_int_eq(bsx_analog_rows(as), 8);
    bsx_analog_destroy(as);
    bsx_analog_destroy(ar);
}
END_TEST

/* IR drop only removes current: the deviation (net / I_LSB - ps) of the
 * first x rows ON is negative and grows in magnitude with x. */
START_TEST(deviation_is_negative_and_grows)
{
    const char *name = _i ? "reram-m3-1ua" : "sram-m3-1ua";
    const char *coarse[] = {"table_step_v", "0.005"};
    bsx_preset p = preset(name, coarse, 2);
    bsx_analog *a = make(&p, 64);
    bsx_analog_ws *ws;
    ck_assert_int_eq(bsx_analog_ws_create(a, &ws), BSX_OK);
    double last = 0.0;
    for (int x = 8; x <= 64; x += 8) {
        unsigned char wl[64] = {0}, w[64] = {0};
        memset(wl, 1, (size_t)x);
        memset(w, 1, (size_t)x);
        double i, d;
        bsx_solve_stats st;
        ck_assert_int_eq(bsx_analog_column(a, ws, wl, w, &i, &st), BSX_OK);
        ck_assert_int_eq(bsx_analog_dummy(a, ws, wl, &d, NULL), BSX_OK);
        double dev = (i - d) / bsx_analog_i_lsb(a) - x;
        ck_assert(dev < last);
        last = dev;
    }
    bsx_analog_ws_destroy(ws);
    bsx_analog_destroy(a);
}
END_TEST

START_TEST(ideal_preset_and_bad_rows_are_rejected)
{
    char err[BSX_ERRLEN];
    bsx_preset p;
    bsx_analog *a = (bsx_analog *)&p; /* not NULL: create must clear it */
    ck_assert_int_eq(bsx_preset_lookup("ideal", &p, err), BSX_OK);
    ck_assert_int_eq(bsx_analog_create(&p, 64, &a, err), BSX_EINVAL);
    ck_assert_ptr_null(a);
    ck_assert_ptr_nonnull(strstr(err, "no analog model"));
    ck_assert_int_eq(bsx_preset_lookup("sram-m6-1ua", &p, err), BSX_OK);
    ck_assert_int_eq(bsx_analog_create(&p, 0, &a, err), BSX_EINVAL);
    ck_assert_ptr_null(a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("analog");
    TCase *tc = tcase_create("analog");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, tables_match_the_device_model_off_grid, 0, 2);
    tcase_add_loop_test(tc, zero_resistance_column_is_the_sum_of_cells, 0, 2);
    tcase_add_test(tc, i_lsb_follows_the_technology);
    tcase_add_loop_test(tc, deviation_is_negative_and_grows, 0, 2);
    tcase_add_test(tc, ideal_preset_and_bad_rows_are_rejected);
    suite_add_tcase(s, tc);
    return tb_run_suite(s);
}
