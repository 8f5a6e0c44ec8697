/* `bsxsim presets`, `bsxsim column` and `bsxsim study deviation` as users
 * run them ($BSXSIM): results against the library, one line per pattern,
 * the study's CSV, and bad input (one line on stderr naming the problem,
 * exit 1, no output file). Small columns and a coarse table grid keep it
 * fast. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analog.h"
#include "bsx_status.h"
#include "deviation_study.h"

#define FAST "--set table_step_v=0.01"

static char dir[256];
static char out_text[1 << 16], err_text[4096];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/bsx_cli_column_%ld", (long)getpid());
    mkdir(dir, 0700);
}

static void remove_dir(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static const char *path(const char *name)
{
    static char buf[4][400];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, 400, "%s/%s", dir, name);
    return p;
}

static int exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

static void slurp(const char *p, char *buf, size_t n)
{
    FILE *f = fopen(p, "r");
    size_t got = f ? fread(buf, 1, n - 1, f) : 0;
    buf[got] = '\0';
    if (f)
        fclose(f);
}

/* Runs "$BSXSIM args"; stdout / stderr land in out_text / err_text. */
static int run(const char *args)
{
    const char *bin = getenv("BSXSIM");
    ck_assert_msg(bin != NULL, "BSXSIM is not set (run through make test)");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s %s >'%s' 2>'%s'", bin, args, path("stdout"),
             path("stderr"));
    int status = system(cmd);
    slurp(path("stdout"), out_text, sizeof out_text);
    slurp(path("stderr"), err_text, sizeof err_text);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void write_file(const char *p, const char *text)
{
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Exit 1 and exactly one stderr line containing `want`. */
static void expect_error(const char *args, const char *want)
{
    ck_assert_int_eq(run(args), 1);
    ck_assert_msg(strstr(err_text, want) != NULL, "'%s' not in: %s", want, err_text);
    char *nl = strchr(err_text, '\n');
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
    make_dir();
    ck_assert_int_eq(run("column --preset reram-m3-1ua --rows 6 --wl 111011 --w 101110 "
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
    ck_assert_double_eq_tol(json_number(out_text, "current"), cur, 1e-12 * cur);
    ck_assert_double_eq_tol(json_number(out_text, "dummy_current"), dummy, 1e-12 * dummy);
    double lsb = bsx_analog_i_lsb(a);
    ck_assert(json_number(out_text, "ps") == 3.0);
    ck_assert(json_number(out_text, "adc_bits") == 3.0);
    ck_assert(json_number(out_text, "adc_code") == 3.0);
    ck_assert_double_eq_tol(json_number(out_text, "deviation_lsb"), (cur - dummy) / lsb - 3,
                            1e-9);
    bsx_analog_ws_destroy(ws);
    bsx_analog_destroy(a);
    remove_dir();
}
END_TEST

START_TEST(pattern_file_gives_one_line_per_pattern)
{
    make_dir();
    write_file(path("pat.txt"), "# four rows\n1111 1111\n\n0000 1111   # none on\n"
                                "1000 1000\n0001 0001\n");
    char args[600];
    snprintf(args, sizeof args, "column --preset sram-m3-2ua --rows 4 --patterns %s " FAST,
             path("pat.txt"));
    ck_assert_int_eq(run(args), 0);
    int lines[4], ps[4], n = 0;
    for (char *l = strtok(out_text, "\n"); l; l = strtok(NULL, "\n")) {
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
             path("pat.txt"));
    ck_assert_int_eq(run(args), 0);
    int objects = 0;
    for (const char *c = out_text; (c = strstr(c, "{\"line\":")); c++)
        objects++;
    ck_assert_int_eq(objects, 4);
    ck_assert_ptr_nonnull(strstr(out_text, "\"v_b\":["));
    remove_dir();
}
END_TEST

START_TEST(column_bad_input_is_one_line_and_exit_1)
{
    make_dir();
    write_file(path("bad_char.txt"), "1111 1111\n11x1 1111\n");
    write_file(path("one_field.txt"), "1111\n");
    write_file(path("empty.txt"), "# nothing\n");
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
             path("missing.txt"));
    expect_error(args, "missing.txt: cannot open");
    snprintf(args, sizeof args, "column --preset sram-m3-1ua --rows 4 --patterns %s",
             path("bad_char.txt"));
    expect_error(args, "bad_char.txt:2: WL: character 3 is 'x'");
    snprintf(args, sizeof args, "column --preset sram-m3-1ua --rows 4 --patterns %s",
             path("one_field.txt"));
    expect_error(args, "one_field.txt:1: expected two bit strings");
    snprintf(args, sizeof args, "column --preset sram-m3-1ua --rows 4 --patterns %s",
             path("empty.txt"));
    expect_error(args, "no patterns");
    ck_assert_int_eq(run("column --preset sram-m3-1ua --wl 1"), 2); /* usage */
    ck_assert_int_eq(run("column --help"), 0);
    ck_assert_ptr_nonnull(strstr(out_text, "usage: bsxsim column"));
    remove_dir();
}
END_TEST

START_TEST(presets_json_lists_every_preset)
{
    make_dir();
    ck_assert_int_eq(run("presets --json"), 0);
    int names = 0;
    for (const char *c = out_text; (c = strstr(c, "\"name\":")); c++)
        names++;
    ck_assert_int_eq(names, 13);
    ck_assert(out_text[0] == '[');
    ck_assert_int_eq(run("presets --preset reram-m6-2ua --json --set wire_basis=orfs"), 0);
    ck_assert_double_eq_tol(json_number(out_text, "r_per_um"), 11.9, 1e-12);
    ck_assert_double_eq_tol(json_number(out_text, "i_on"), 2e-6, 1e-14);
    ck_assert_ptr_nonnull(strstr(out_text, "\"reram\":{\"i0\":"));
    ck_assert_int_eq(run("presets --preset sram-m6-1ua"), 0);
    ck_assert_ptr_null(strstr(out_text, "user (--set)"));
    ck_assert_ptr_nonnull(strstr(out_text, "Est: midpoint of the size-effect range"));
    expect_error("presets --preset sram-m6-1ua --set r_drv=-1", "-1 must be >= 0");
    remove_dir();
}
END_TEST

START_TEST(deviation_study_writes_csv_and_png)
{
    make_dir();
    char args[600];
    snprintf(args, sizeof args,
             "study deviation --preset sram-m3-1ua --rows 8 --samples 20 --seed 3 "
             "--out %s " FAST,
             path("dev"));
    ck_assert_int_eq(run(args), 0);
    ck_assert_ptr_nonnull(strstr(out_text, "power-law exponent"));
    ck_assert(exists(path("dev.png")));
    ck_assert(!exists(path("dev.csv.tmp")) && !exists(path("dev.png.tmp")));
    char csv[8192];
    slurp(path("dev.csv"), csv, sizeof csv);
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
    remove_dir();
}
END_TEST

START_TEST(deviation_study_bad_input_writes_nothing)
{
    make_dir();
    char args[600];
    snprintf(args, sizeof args, "study deviation --preset nope --samples 2 --out %s",
             path("a"));
    expect_error(args, "unknown preset 'nope'");
    snprintf(args, sizeof args,
             "study deviation --preset sram-m3-1ua --samples 2 --out %s --set v_read=-0.2",
             path("a"));
    expect_error(args, "must be > 0");
    snprintf(args, sizeof args,
             "study deviation --preset sram-m3-1ua --rows 4 --samples 2 --out %s/no/dir " FAST,
             dir);
    expect_error(args, "cannot create");
    expect_error("study deviation --preset sram-m3-1ua --samples 0", "--samples");
    ck_assert(!exists(path("a.csv")) && !exists(path("a.png")));
    ck_assert(!exists(path("a.csv.tmp")) && !exists(path("a.png.tmp")));
    remove_dir();
}
END_TEST

/* A preset's tables saved as CSV and loaded back give the same column;
 * a broken table file is one error line naming path:line. */
START_TEST(saved_tables_load_back_identically)
{
    make_dir();
    char args[800], builtin[4096];
    snprintf(args, sizeof args,
             "presets --preset sram-m4-2ua " FAST " --save-table %s", path("t.csv"));
    ck_assert_int_eq(run(args), 0);
    ck_assert(exists(path("t.csv")) && !exists(path("t.csv.tmp")));
    ck_assert_int_eq(run("column --preset sram-m4-2ua --rows 5 --wl 11011 --w 10111 --json "
                         FAST),
                     0);
    snprintf(builtin, sizeof builtin, "%.4000s", out_text);
    snprintf(args, sizeof args,
             "column --preset sram-m4-2ua --rows 5 --wl 11011 --w 10111 --json --table %s",
             path("t.csv"));
    ck_assert_int_eq(run(args), 0);
    ck_assert(json_number(out_text, "current") == json_number(builtin, "current"));
    ck_assert_double_eq_tol(json_number(out_text, "i_lsb"), 2e-6, 1e-15);

    write_file(path("bad.csv"), "state,vb,vs,current\n0,0,0,x\n");
    snprintf(args, sizeof args, "column --preset sram-m4-2ua --rows 5 --wl 11011 "
                                "--w 10111 --table %s", path("bad.csv"));
    expect_error(args, "bad.csv:2:");
    snprintf(args, sizeof args,
             "study deviation --preset sram-m4-2ua --rows 5 --samples 2 --table %s --out %s",
             path("bad.csv"), path("d"));
    expect_error(args, "bad.csv:2:");
    ck_assert(!exists(path("d.csv")) && !exists(path("d.png")));
    snprintf(args, sizeof args, "presets --preset ideal --save-table %s", path("i.csv"));
    expect_error(args, "ideal has no cell tables");
    ck_assert(!exists(path("i.csv")));
    ck_assert_int_eq(run("presets --save-table x.csv"), 2);
    remove_dir();
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
    tcase_add_test(tc, pattern_file_gives_one_line_per_pattern);
    tcase_add_test(tc, column_bad_input_is_one_line_and_exit_1);
    tcase_add_test(tc, presets_json_lists_every_preset);
    tcase_add_test(tc, deviation_study_writes_csv_and_png);
    tcase_add_test(tc, deviation_study_bad_input_writes_nothing);
    tcase_add_test(tc, saved_tables_load_back_identically);
    tcase_add_loop_test(tc, random_patterns_are_uniform_given_x, 0, 3);
    tcase_add_loop_test(tc, exponent_recovers_a_power_law, 0, 5);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
