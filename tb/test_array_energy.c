/* Array and SAR ADC energy/area models against hand-computed cases: a column
 * of known current, a line toggling, one ADC conversion, the NeuroSim table
 * values, and the array geometry of the paper's M3 presets. */
#include <check.h>

#include "array_energy.h"
#include "bsx_status.h"
#include "tb_cli.h"

START_TEST(known_current_read_energy)
{
    /* 64 columns of 1 uA for 10 ns at 0.2 V: 64e-6 A x 10e-9 s x 0.2 V */
    ck_assert_double_eq_tol(bsx_read_energy(0.2, 64 * 1e-6 * 10e-9), 1.28e-13, 1e-25);
}
END_TEST

START_TEST(line_toggling_every_cycle)
{
    /* 10 fF at 0.7 V toggling 100 times: 100 x 0.5 x 10e-15 x 0.49 */
    ck_assert_double_eq_tol(bsx_toggle_energy(10e-15, 0.7, 100), 2.45e-13, 1e-25);
    ck_assert_double_eq(bsx_toggle_energy(10e-15, 0.7, 0), 0.0);
}
END_TEST

START_TEST(one_conversion_matches_neurosim_table)
{
    /* parameters.md 5: 8.49 fJ (5 bits), 10.65 fJ (6 bits); 33.0 / 38.0 um^2 */
    ck_assert_double_eq_tol(bsx_sar_energy(5), (0.1061 * 5 + 0.8847) * 1e-6 * 6e-9, 1e-24);
    ck_assert_double_eq_tol(bsx_sar_energy(5), 8.49e-15, 0.005e-15);
    ck_assert_double_eq_tol(bsx_sar_energy(6), 10.65e-15, 0.005e-15);
    ck_assert_double_eq_tol(bsx_sar_area_um2(5), 33.0, 1e-9);
    ck_assert_double_eq_tol(bsx_sar_area_um2(6), 38.0, 0.05);
}
END_TEST

START_TEST(m3_geometry_by_hand)
{
    char err[BSX_ERRLEN];
    bsx_preset p;
    bsx_array_energy a;
    ck_assert_int_eq(bsx_preset_lookup("sram-m3-1ua", &p, err), BSX_OK);
    ck_assert_int_eq(bsx_array_energy_init(&p, 64, 64, &a, err), BSX_OK);
    ck_assert_int_eq(a.lines, 64); /* no dummy column */
    /* word line: 64 x (0.270 um x 0.175 fF/um + 0.10 fF) */
    ck_assert_double_eq_tol(a.c_wl, 64 * (0.270 * 0.175 + 0.10) * 1e-15, 1e-21);
    /* bitline on M3: 64 x (0.165 um x 0.156 fF/um + 0.05 fF) */
    ck_assert_double_eq_tol(a.c_bl, 64 * (0.165 * 0.156 + 0.05) * 1e-15, 1e-21);
    ck_assert_double_eq_tol(bsx_array_area_um2(&a), 0.165 * 0.270 * 64 * 64, 1e-9);

    ck_assert_int_eq(bsx_preset_lookup("reram-m3-1ua", &p, err), BSX_OK);
    ck_assert_int_eq(bsx_array_energy_init(&p, 64, 64, &a, err), BSX_OK);
    ck_assert_int_eq(a.lines, 65); /* + the dummy column */
    ck_assert_double_eq_tol(a.v_wl, 0.7, 1e-12);
    ck_assert_double_eq_tol(bsx_array_area_um2(&a), 0.095 * 0.108 * 64 * 65, 1e-9);
}
END_TEST

START_TEST(ideal_and_empty_arrays_are_rejected)
{
    char err[BSX_ERRLEN];
    bsx_preset p;
    bsx_array_energy a;
    ck_assert_int_eq(bsx_preset_lookup("ideal", &p, err), BSX_OK);
    ck_assert_int_eq(bsx_array_energy_init(&p, 64, 64, &a, err), BSX_EINVAL);
    ck_assert_int_eq(bsx_preset_lookup("sram-m6-1ua", &p, err), BSX_OK);
    ck_assert_int_eq(bsx_array_energy_init(&p, 0, 64, &a, err), BSX_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("array_energy");
    TCase *tc = tcase_create("models");
    tcase_add_test(tc, known_current_read_energy);
    tcase_add_test(tc, line_toggling_every_cycle);
    tcase_add_test(tc, one_conversion_matches_neurosim_table);
    tcase_add_test(tc, m3_geometry_by_hand);
    tcase_add_test(tc, ideal_and_empty_arrays_are_rejected);
    suite_add_tcase(s, tc);
    return tb_run_suite(s);
}
