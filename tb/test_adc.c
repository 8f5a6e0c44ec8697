/* The SAR decision rule: every code and threshold against the closed form
 * clamp(floor(I/I_LSB + 0.5), 0, 2^B - 1). */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "adc.h"
#include "tb_cli.h"

static unsigned closed_form(double current, unsigned bits, double i_lsb)
{
    double code = floor(current / i_lsb + 0.5);
    double top = (double)((1u << bits) - 1u);
    if (code < 0.0)
        return 0;
    return code > top ? (unsigned)top : (unsigned)code;
}

START_TEST(ideal_partial_sums_convert_exactly)
{
    for (unsigned bits = 1; bits <= 8; bits++)
        for (unsigned ps = 0; ps <= 300; ps++) {
            unsigned want = ps < (1u << bits) ? ps : (1u << bits) - 1u;
            ck_assert_uint_eq(bsx_adc_convert((double)ps * 1e-6, bits, 1e-6), want);
            ck_assert_uint_eq(bsx_adc_convert((double)ps, bits, 1.0), want);
        }
}
END_TEST

START_TEST(random_currents_match_closed_form)
{
    srand(12345u + (unsigned)_i);
    for (int k = 0; k < 20000; k++) {
        unsigned bits = 1u + (unsigned)(rand() % 8);
        double i_lsb = 1e-7 * (1.0 + rand() / (double)RAND_MAX);
        double current = (rand() / (double)RAND_MAX) * 300.0 * i_lsb - 2.0 * i_lsb;
        ck_assert_uint_eq(bsx_adc_convert(current, bits, i_lsb),
                          closed_form(current, bits, i_lsb));
    }
}
END_TEST

START_TEST(threshold_is_half_lsb_below_code)
{
    ck_assert_int_eq(bsx_adc_keep(2.5, 3, 1.0), 1);
    ck_assert_int_eq(bsx_adc_keep(nextafter(2.5, 0.0), 3, 1.0), 0);
    ck_assert_int_eq(bsx_adc_keep(-0.5, 0, 1.0), 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("adc");
    TCase *tc = tcase_create("sar");
    tcase_add_test(tc, ideal_partial_sums_convert_exactly);
    tcase_add_loop_test(tc, random_currents_match_closed_form, 0, 8);
    tcase_add_test(tc, threshold_is_half_lsb_below_code);
    suite_add_tcase(s, tc);
    return tb_run_suite(s);
}
