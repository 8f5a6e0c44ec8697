/* `bsxsim presets`, `bsxsim column` and `bsxsim study deviation` as users
 * run them ($BSXSIM): results against the library, one line per pattern,
 * the study's CSV, and bad input (one line on stderr naming the problem,
 * exit 1, no output file). Small columns and a coarse table grid keep it
 * fast. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analog.h"
#include "bsx_status.h"
#include "deviation_study.h"
#include "tb_cli.h"

#define FAST "--set table_step_v=0.01"

/* Exit 1 and exactly one stderr line containing `want`. */
static void expect_error(const char *args, const char *want)
{
    ck_assert_int_eq(tb_bsxsim(args), 1);
    ck_assert_msg(strstr(tb_err(), want) != NULL, "'%s' not in: %s", want, tb_err());
    char *nl = strchr(tb_err(), '\n');
    ck_assert(nl && nl[1] == '\0');
}

static double json_number(const char *text, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *at = strstr(text, pat);
    ck_assert_msg(at != NULL, "%s missing", key);
    return strtod(at + strlen(pat), NULL);
}

/* The CLI reports what the library computes for the same preset. */
START_TEST(column_json_matches_the_library)
{
    tb_dir_make("cli_column");
    ck_assert_int_eq(tb_bsxsim("column --preset reram-m3-1ua --rows 6 --wl 111011 --w 101110 "
                         "--json " FAST),
                     0);
    char err[BSX_ERRLEN];
    bsx_preset p;
    ck_assert_int_eq(bsx_preset_lookup("reram-m3-1ua", &p, err), BSX_OK);
    ck_assert_int_eq(bsx_preset_set(&p, "table_step_v", "0.01", err), BSX_OK);
    bsx_analog *a;
    bsx_analog_ws *ws;
    ck_assert_int_eq(bsx_analog_create(&p, 6, &a, err), BSX_OK);
    ck_assert_int_eq(bsx_analog_ws_create(a, &ws), BSX_OK);
    const unsigned char wl[6] = {1, 1, 1, 0, 1, 1}, w[6] = {1, 0, 1, 1, 1, 0};
    double cur, dummy;
    ck_assert_int_eq(bsx_analog_column(a, ws, wl, w, &cur, NULL), BSX_OK);
    ck_assert_int_eq(bsx_analog_dummy(a, ws, wl, &dummy, NULL), BSX_OK);
    ck_assert_double_eq_tol(json_number(tb_out(), "current"), cur, 1e-12 * cur);
    ck_assert_double_eq_tol(json_number(tb_out(), "dummy_current"), dummy, 1e-12 * dummy);
    double lsb = bsx_analog_i_lsb(a);
    ck_assert(json_number(tb_out(), "ps") == 3.0);
    ck_assert(json_number(tb_out(), "adc_bits") == 3.0);
    ck_assert(json_number(tb_out(), "adc_code") == 3.0);
    ck_assert_double_eq_tol(json_number(tb_out(), "deviation_lsb"), (cur - dummy) / lsb - 3,
                            1e-9);
    bsx_analog_ws_destroy(ws);
    bsx_analog_destroy(a);
    tb_dir_remove();
}
END_TEST

/* The solver tolerances are preset keys that reach the solver: on a column
 * whose cells all conduct (four iterations at the defaults), a looser
 * solver_tol_v stops earlier, within it, and a tighter one later, within
 * it. */
static void column_with(const char *set, double *iterations, double *bound)
{
    char args[512];
    snprintf(args, sizeof args, "column --preset sram-m3-2ua --wl %s --w %s "
             "--json " FAST " %s",
             "1111111111111111111111111111111111111111111111111111111111111111",
             "1111111111111111111111111111111111111111111111111111111111111111",
             set);
    ck_assert_int_eq(tb_bsxsim(args), 0);
    *iterations = json_number(tb_out(), "iterations");
    /* the proved bound, or the last step where the step rule stopped */
    *bound = strstr(tb_out(), "\"voltage_bound\":null")
                 ? json_number(tb_out(), "last_step")
                 : json_number(tb_out(), "voltage_bound");
}

START_TEST(solver_tolerances_are_preset_keys)
{
    tb_dir_make("cli_column");
    double it, it_loose, it_tight, bound, bound_loose, bound_tight;
    column_with("", &it, &bound);
    column_with("--set solver_tol_v=1e-4", &it_loose, &bound_loose);
    column_with("--set solver_tol_v=1e-13", &it_tight, &bound_tight);
    ck_assert_double_le(bound, 1e-7);
    ck_assert_double_lt(it_loose, it);
    ck_assert_double_le(bound_loose, 1e-4);
    ck_assert_double_gt(it_tight, it);
    ck_assert_double_le(bound_tight, 1e-13);
    expect_error("column --preset sram-m3-2ua --rows 4 --wl 1111 --w 1111 "
                 "--set solver_tol_rel_i=-1", "must be > 0");
    tb_dir_remove();
}
END_TEST

START_TEST(pattern_file_gives_one_line_per_pattern)
{
    tb_dir_make("cli_column");
    tb_write_file(tb_path("pat.txt"), "# four rows\n1111 1111\n\n0000 1111   # none on\n"
                                "1000 1000\n0001 0001\n");
    char args[600];
    snprintf(args, sizeof args, "column --preset sram-m3-2ua --rows 4 --patterns %s " FAST,
             tb_path("pat.txt"));
    ck_assert_int_eq(tb_bsxsim(args), 0);
    int lines[4], ps[4], n = 0;
    for (char *l = strtok(tb_out(), "\n"); l; l = strtok(NULL, "\n")) {
        if (l[0] == '#')
            continue;
        ck_assert_int_lt(n, 4);
        ck_assert_int_eq(sscanf(l, "%d %d", &lines[n], &ps[n]), 2);
        n++;
    }
    ck_assert_int_eq(n, 4);
    const int want_line[4] = {2, 4, 5, 6}, want_ps[4] = {4, 0, 1, 1};
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(lines[i], want_line[i]);
        ck_assert_int_eq(ps[i], want_ps[i]);
    }
    snprintf(args, sizeof args,
             "column --preset sram-m3-2ua --rows 4 --patterns %s --json --nodes " FAST,
             tb_path("pat.txt"));
    ck_assert_int_eq(tb_bsxsim(args), 0);
    int objects = 0;
    for (const char *c = tb_out(); (c = strstr(c, "{\"line\":")); c++)
        objects++;
    ck_assert_int_eq(objects, 4);
    ck_assert_ptr_nonnull(strstr(tb_out(), "\"v_b\":["));
    tb_dir_remove();
}
END_TEST

START_TEST(column_bad_input_is_one_line_and_exit_1)
{
    tb_dir_make("cli_column");
    tb_write_file(tb_path("bad_char.txt"), "1111 1111\n11x1 1111\n");
    tb_write_file(tb_path("one_field.txt"), "1111\n");
    tb_write_file(tb_path("empty.txt"), "# nothing\n");
    char args[600];
    expect_error("column --preset sram-m3-1ua --rows 4 --wl 111 --w 1111",
                 "--wl: 3 bits, expected 4");
    expect_error("column --preset sram-m3-1ua --rows 4 --wl 1111 --w 11a1",
                 "--w: character 3 is 'a'");
    expect_error("column --preset sram-m9-1ua --rows 4 --wl 1111 --w 1111",
                 "unknown preset 'sram-m9-1ua'");
    expect_error("column --preset ideal --rows 4 --wl 1111 --w 1111", "no analog column");
    expect_error("column --preset sram-m3-1ua --rows 4 --wl 1111 --w 1111 --set r_bl=-2",
                 "--set r_bl=-2: key 'r_bl': -2 must be >= 0");
    expect_error("column --preset sram-m3-1ua --rows 4 --wl 1111 --w 1111 --set r_sl=nan",
                 "not a finite number");
    expect_error("column --preset sram-m3-1ua --rows 4 --wl 1111 --w 1111 --set foo=1",
                 "unknown key 'foo'");
    expect_error("column --preset sram-m3-1ua --rows 4 --wl 1111 --w 1111 --adc-bits 17",
                 "--adc-bits");
    snprintf(args, sizeof args, "column --preset sram-m3-1ua --rows 4 --patterns %s",
             tb_path("missing.txt"));
    expect_error(args, "missing.txt: --patterns: cannot open");
    snprintf(args, sizeof args, "column --preset sram-m3-1ua --rows 4 --patterns %s",
             tb_path("bad_char.txt"));
    expect_error(args, "bad_char.txt:2: WL: character 3 is 'x'");
    snprintf(args, sizeof args, "column --preset sram-m3-1ua --rows 4 --patterns %s",
             tb_path("one_field.txt"));
    expect_error(args, "one_field.txt:1: expected two bit strings");
    snprintf(args, sizeof args, "column --preset sram-m3-1ua --rows 4 --patterns %s",
             tb_path("empty.txt"));
    expect_error(args, "no patterns");
    ck_assert_int_eq(tb_bsxsim("column --preset sram-m3-1ua --wl 1"), 2); /* usage */
    ck_assert_int_eq(tb_bsxsim("column --help"), 0);
    ck_assert_ptr_nonnull(strstr(tb_out(), "usage: bsxsim column"));
    tb_dir_remove();
}
END_TEST

START_TEST(presets_json_lists_every_preset)
{
    tb_dir_make("cli_column");
    ck_assert_int_eq(tb_bsxsim("presets --json"), 0);
    int names = 0;
    for (const char *c = tb_out(); (c = strstr(c, "\"name\":")); c++)
        names++;
    ck_assert_int_eq(names, 13);
    ck_assert(tb_out()[0] == '[');
    ck_assert_int_eq(tb_bsxsim("presets --preset reram-m6-2ua --json --set wire_basis=orfs"), 0);
    ck_assert_double_eq_tol(json_number(tb_out(), "r_per_um"), 11.9, 1e-12);
    ck_assert_double_eq_tol(json_number(tb_out(), "i_on"), 2e-6, 1e-14);
    ck_assert_ptr_nonnull(strstr(tb_out(), "\"reram\":{\"i0\":"));
    ck_assert_int_eq(tb_bsxsim("presets --preset sram-m6-1ua"), 0);
    ck_assert_ptr_null(strstr(tb_out(), "user (--set)"));
    ck_assert_ptr_nonnull(strstr(tb_out(), "Est: midpoint of the size-effect range"));
    expect_error("presets --preset sram-m6-1ua --set r_drv=-1", "-1 must be >= 0");
    tb_dir_remove();
}
END_TEST

START_TEST(deviation_study_writes_csv_and_png)
{
    tb_dir_make("cli_column");
    char args[600];
    snprintf(args, sizeof args,
             "study deviation --preset sram-m3-1ua --rows 8 --samples 20 --seed 3 "
             "--out %s " FAST,
             tb_path("dev"));
    ck_assert_int_eq(tb_bsxsim(args), 0);
    ck_assert_ptr_nonnull(strstr(tb_out(), "power-law exponent"));
    ck_assert(tb_exists(tb_path("dev.png")));
    ck_assert(!tb_exists(tb_path("dev.csv.tmp")) && !tb_exists(tb_path("dev.png.tmp")));
    char csv[8192];
    tb_slurp(tb_path("dev.csv"), csv, sizeof csv);
    ck_assert(strncmp(csv, "x,samples,mean_dev_lsb,min_dev_lsb,max_dev_lsb\n", 47) == 0);
    int rows = 0;
    double means[9];
    for (char *l = strtok(csv + 47, "\n"); l; l = strtok(NULL, "\n")) {
        int x;
        long samples;
        double mean, lo, hi;
        ck_assert_int_eq(sscanf(l, "%d,%ld,%lf,%lf,%lf", &x, &samples, &mean, &lo, &hi), 5);
        ck_assert_int_eq(x, rows);
        ck_assert_int_eq(samples, 20);
        ck_assert(lo <= mean && mean <= hi);
        if (x == 8) /* one pattern only: all ON */
            ck_assert(lo == hi);
        means[x] = mean;
        rows++;
    }
    ck_assert_int_eq(rows, 9);
    /* IR drop: more ON cells, more current lost. */
    ck_assert(means[8] < means[4] && means[4] < 0.0 && fabs(means[0]) < 1e-3);
    tb_dir_remove();
}
END_TEST

START_TEST(deviation_study_bad_input_writes_nothing)
{
    tb_dir_make("cli_column");
    char args[600];
    snprintf(args, sizeof args, "study deviation --preset nope --samples 2 --out %s",
             tb_path("a"));
    expect_error(args, "unknown preset 'nope'");
    snprintf(args, sizeof args,
             "study deviation --preset sram-m3-1ua --samples 2 --out %s --set v_read=-0.2",
             tb_path("a"));
    expect_error(args, "must be > 0");
    snprintf(args, sizeof args,
             "study deviation --preset sram-m3-1ua --rows 4 --samples 2 --out %s " FAST,
             tb_path("no/dir"));
    expect_error(args, "cannot create");
    expect_error("study deviation --preset sram-m3-1ua --samples 0", "--samples");
    ck_assert(!tb_exists(tb_path("a.csv")) && !tb_exists(tb_path("a.png")));
    ck_assert(!tb_exists(tb_path("a.csv.tmp")) && !tb_exists(tb_path("a.png.tmp")));
    tb_dir_remove();
}
END_TEST

/* A preset's tables saved as CSV and loaded back give the same column;
 * a broken table file is one error line naming path:line. */
START_TEST(saved_tables_load_back_identically)
{
    tb_dir_make("cli_column");
    char args[800], builtin[4096];
    snprintf(args, sizeof args,
             "presets --preset sram-m4-2ua " FAST " --save-table %s", tb_path("t.csv"));
    ck_assert_int_eq(tb_bsxsim(args), 0);
    ck_assert(tb_exists(tb_path("t.csv")) && !tb_exists(tb_path("t.csv.tmp")));
    ck_assert_int_eq(tb_bsxsim("column --preset sram-m4-2ua --rows 5 --wl 11011 --w 10111 --json "
                         FAST),
                     0);
    snprintf(builtin, sizeof builtin, "%.4000s", tb_out());
    snprintf(args, sizeof args,
             "column --preset sram-m4-2ua --rows 5 --wl 11011 --w 10111 --json --table %s",
             tb_path("t.csv"));
    ck_assert_int_eq(tb_bsxsim(args), 0);
    ck_assert(json_number(tb_out(), "current") == json_number(builtin, "current"));
    ck_assert_double_eq_tol(json_number(tb_out(), "i_lsb"), 2e-6, 1e-15);

    tb_write_file(tb_path("bad.csv"), "state,vb,vs,current\n0,0,0,x\n");
    snprintf(args, sizeof args, "column --preset sram-m4-2ua --rows 5 --wl 11011 "
                                "--w 10111 --table %s", tb_path("bad.csv"));
    expect_error(args, "bad.csv:2:");
    snprintf(args, sizeof args,
             "study deviation --preset sram-m4-2ua --rows 5 --samples 2 --table %s --out %s",
             tb_path("bad.csv"), tb_path("d"));
    expect_error(args, "bad.csv:2:");
    ck_assert(!tb_exists(tb_path("d.csv")) && !tb_exists(tb_path("d.png")));
    snprintf(args, sizeof args, "presets --preset ideal --save-table %s", tb_path("i.csv"));
    expect_error(args, "ideal has no cell tables");
    ck_assert(!tb_exists(tb_path("i.csv")));
    ck_assert_int_eq(tb_bsxsim("presets --save-table x.csv"), 2);
    tb_dir_remove();
}
END_TEST

/* Exactly x ON rows; the other rows spread evenly over the three other
 * states and over positions (uniform pairs conditioned on ps = x). */
START_TEST(random_patterns_are_uniform_given_x)
{
    uint64_t rng = 42u + (uint64_t)_i;
    enum { ROWS = 16, DRAWS = 30000 };
    int x = 3 + 4 * _i;
    long count[4] = {0}, on_at[ROWS] = {0};
    unsigned char wl[ROWS], w[ROWS];
    int order[ROWS];
    for (int k = 0; k < DRAWS; k++) {
        bsx_random_pattern(&rng, ROWS, x, wl, w, order);
        int ps = 0;
        for (int r = 0; r < ROWS; r++) {
            ck_assert(wl[r] <= 1 && w[r] <= 1);
            ps += wl[r] & w[r];
            count[(wl[r] << 1) | w[r]]++;
            on_at[r] += wl[r] & w[r];
        }
        ck_assert_int_eq(ps, x);
    }
    double off = (double)DRAWS * (ROWS - x) / 3.0;
    for (int s = 0; s < 3; s++)
        ck_assert_double_eq_tol((double)count[s], off, 5.0 * sqrt(off));
    double per_row = (double)DRAWS * x / ROWS;
    for (int r = 0; r < ROWS; r++)
        ck_assert_double_eq_tol((double)on_at[r], per_row, 5.0 * sqrt(per_row));
}
END_TEST

/* The study draws the patterns of one stream from the seed over x = 0, 1,
 * ... whatever the number of threads: each x, started on its own, gives
 * exactly the numbers of a plain sequential loop. */
START_TEST(deviation_study_is_one_stream_whatever_the_threads)
{
    enum { N = 6, S = 7 };
    char err[BSX_ERRLEN];
    bsx_preset p;
    ck_assert_int_eq(bsx_preset_lookup("sram-m3-2ua", &p, err), BSX_OK);
    ck_assert_int_eq(bsx_preset_set(&p, "table_step_v", "0.01", err), BSX_OK);
    bsx_analog *a;
    bsx_analog_ws *ws;
    ck_assert_int_eq(bsx_analog_create(&p, N, &a, err), BSX_OK);
    ck_assert_int_eq(bsx_analog_ws_create(a, &ws), BSX_OK);
    bsx_deviation_point want[N + 1], got[N + 1];
    uint64_t rng = 11;
    unsigned char wl[N], w[N];
    int order[N];
    for (int x = 0; x <= N; x++) {
        double sum = 0.0;
        want[x].min = INFINITY;
        want[x].max = -INFINITY;
        for (int k = 0; k < S; k++) {
            bsx_net_current cur;
            bsx_random_pattern(&rng, N, x, wl, w, order);
            ck_assert_int_eq(bsx_analog_net_current(a, ws, wl, w, &cur, NULL, NULL), BSX_OK);
            double dev = bsx_analog_deviation_lsb(a, cur.net, x);
            sum += dev;
            want[x].min = fmin(want[x].min, dev);
            want[x].max = fmax(want[x].max, dev);
        }
        want[x].mean = sum / S;
    }
    for (int threads = 1; threads <= 4; threads += 3) {
        bsx_deviation_options opts = {threads, NULL, NULL};
        ck_assert_int_eq(bsx_deviation_study(a, S, 11, &opts, got, err), BSX_OK);
        for (int x = 0; x <= N; x++) {
            ck_assert_int_eq(got[x].x, x);
            ck_assert_msg(got[x].mean == want[x].mean && got[x].min == want[x].min &&
                              got[x].max == want[x].max,
                          "threads %d, x %d: mean %.17g want %.17g", threads, x, got[x].mean,
                          want[x].mean);
        }
    }
    bsx_analog_ws_destroy(ws);
    bsx_analog_destroy(a);
}
END_TEST

START_TEST(exponent_recovers_a_power_law)
{
    bsx_deviation_point pts[65];
    for (int x = 0; x <= 64; x++)
        pts[x].mean = -0.01 * pow(x, 1.0 + 0.25 * _i);
    ck_assert_double_eq_tol(bsx_deviation_exponent(pts, 8, 64), 1.0 + 0.25 * _i, 1e-12);
    for (int x = 0; x <= 64; x++)
        pts[x].mean = 0.0;
    ck_assert(isnan(bsx_deviation_exponent(pts, 8, 64)));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli_column");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, column_json_matches_the_library);
    tcase_add_test(tc, solver_tolerances_are_preset_keys);
    tcase_add_test(tc, pattern_file_gives_one_line_per_pattern);
    tcase_add_test(tc, column_bad_input_is_one_line_and_exit_1);
    tcase_add_test(tc, presets_json_lists_every_preset);
    tcase_add_test(tc, deviation_study_writes_csv_and_png);
    tcase_add_test(tc, deviation_study_bad_input_writes_nothing);
    tcase_add_test(tc, saved_tables_load_back_identically);
    tcase_add_loop_test(tc, random_patterns_are_uniform_given_x, 0, 3);
    tcase_add_test(tc, deviation_study_is_one_stream_whatever_the_threads);
    tcase_add_loop_test(tc, exponent_recovers_a_power_law, 0, 5);
    suite_add_tcase(s, tc);
    return tb_run_suite(s);
}
