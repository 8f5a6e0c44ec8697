/* `bsxsim vmm` and `bsxsim study psum` as users run them ($BSXSIM): outputs
 * against X @ W computed here, thread independence of the written file, the
 * psum CSV against its own totals, and bad input (one line on stderr, exit 1,
 * no output file). The .npy files are written and read by this test's own
 * minimal code, independent of src/npy.c. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tb_cli.h"

/* Reads the int32 payload of a version 1.0 .npy written by bsxsim. */
static int32_t *read_i32(const char *p, size_t count)
{
    FILE *f = fopen(p, "rb");
    ck_assert_ptr_nonnull(f);
    unsigned char head[10];
    ck_assert_uint_eq(fread(head, 1, 10, f), 10);
    ck_assert(memcmp(head, "\x93NUMPY\x01\x00", 8) == 0);
    size_t hlen = head[8] | (size_t)head[9] << 8;
    char *hdr = calloc(hlen + 1, 1);
    ck_assert_uint_eq(fread(hdr, 1, hlen, f), hlen);
    ck_assert_ptr_nonnull(strstr(hdr, "'<i4'"));
    free(hdr);
    int32_t *y = malloc(count * sizeof *y);
    ck_assert_uint_eq(fread(y, sizeof *y, count, f), count);
    ck_assert_int_eq(fgetc(f), EOF);
    fclose(f);
    return y;
}

static uint64_t rng = 0x2545f4914f6cdd1dull;

static void fill_pm1(int8_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        v[i] = (rng >> 11) & 1 ? 1 : -1;
    }
}


enum { ROWS = 100, COLS = 21, BATCH = 30 };
static int8_t w[ROWS * COLS], x[BATCH * ROWS];

static void setup(void)
{
    tb_dir_make("ref_cli");
    fill_pm1(w, sizeof w);
    fill_pm1(x, sizeof x);
    tb_write_npy(tb_path("W.npy"), "|i1", ROWS, COLS, w, 1);
    tb_write_npy(tb_path("X.npy"), "|i1", BATCH, ROWS, x, 1);
}

static void teardown(void)
{
    tb_dir_remove();
}

static void check_exact(const int32_t *y)
{
    for (size_t b = 0; b < BATCH; b++)
        for (size_t j = 0; j < COLS; j++) {
            int32_t e = 0;
            for (size_t r = 0; r < ROWS; r++)
                e += x[b * ROWS + r] * w[r * COLS + j];
            ck_assert_int_eq(y[b * COLS + j], e);
        }
}

/* Both schemes with a wide ADC (no clip possible) on partial tiles: Y is
 * X @ W; two threads write the same bytes. */
START_TEST(vmm_writes_exact_product)
{
    const char *scheme = _i ? "binsparx" : "baseline";
    char args[512];
    snprintf(args, sizeof args,
             "vmm --weights W.npy --inputs X.npy --out Y.npy --scheme %s --rows 32 --cols 16 "
             "--adcs 4 --adc-bits 6 --json",
             scheme);
    ck_assert_int_eq(tb_bsxsim(args), 0);
    int32_t *y = read_i32(tb_path("Y.npy"), BATCH * COLS);
    check_exact(y);
    snprintf(args, sizeof args,
             "vmm --weights W.npy --inputs X.npy --out Y2.npy --scheme %s --rows 32 --cols 16 "
             "--adcs 4 --adc-bits 6 --threads 2 --ideal",
             scheme);
    ck_assert_int_eq(tb_bsxsim(args), 0);
    int32_t *y2 = read_i32(tb_path("Y2.npy"), BATCH * COLS);
    ck_assert_mem_eq(y, y2, BATCH * COLS * sizeof *y);
    free(y);
    free(y2);
    ck_assert(!tb_exists(tb_path("Y.npy.tmp")));
}
END_TEST

/* Analog mode through the CLI: a ReRAM preset with every resistance set to
 * zero is an ideal array, so with a wide ADC Y is X @ W. */
START_TEST(vmm_zero_resistance_preset_is_exact)
{
    ck_assert_int_eq(tb_bsxsim("vmm --weights W.npy --inputs X.npy --out Y.npy --scheme binsparx "
                            "--adc-bits 7 --preset reram-m6-1ua --set r_drv=0 --set r_sink=0 "
                            "--set r_bl=0 --set r_sl=0 --threads 2"),
                     0);
    int32_t *y = read_i32(tb_path("Y.npy"), BATCH * COLS);
    check_exact(y);
    free(y);
}
END_TEST

/* Default ADCs on all +1: baseline clips every conversion of full tiles;
 * the JSON report says so. */
START_TEST(vmm_reports_clips)
{
    int8_t ones[64 * 8];
    memset(ones, 1, sizeof ones);
    tb_write_npy(tb_path("W1.npy"), "|i1", 64, 8, ones, 1);
    tb_write_npy(tb_path("X1.npy"), "|i1", 1, 64, ones, 1);
    ck_assert_int_eq(tb_bsxsim("vmm --weights W1.npy --inputs X1.npy --scheme baseline --json"), 0);
    FILE *f = fopen(tb_path("out.txt"), "r");
    char text[4096] = "";
    ck_assert_uint_gt(fread(text, 1, sizeof text - 1, f), 0);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "\"clipped_codes\": 8,"));
    ck_assert_ptr_nonnull(strstr(text, "\"mismatches_clip\": 8,"));
    ck_assert_ptr_nonnull(strstr(text, "\"max_abs_error\": 4,"));
    /* every output is 4 * 63 - 2 * 64 - 2 * 64 + 64 = 60 against 64 */
    ck_assert_ptr_nonnull(strstr(text, "\"error_mean\": -4, \"error_mean_abs\": 4, \"error_rms\": 4,"));
    ck_assert_ptr_nonnull(strstr(text, "\"error_histogram\": [[-4, 8]],"));
    ck_assert_int_eq(tb_bsxsim("vmm --weights W1.npy --inputs X1.npy --scheme binsparx --json"), 0);
    f = fopen(tb_path("out.txt"), "r");
    memset(text, 0, sizeof text);
    ck_assert_uint_gt(fread(text, 1, sizeof text - 1, f), 0);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "\"clipped_codes\": 0,"));
    ck_assert_ptr_nonnull(strstr(text, "\"mean_psum\": 0,"));
}
END_TEST

/* The error distribution of an analog run against e = Y - X @ W computed
 * here from the written Y: histogram, mean |e|, RMS and mean, in JSON and in
 * the text report. */
START_TEST(vmm_reports_error_distribution)
{
    ck_assert_int_eq(tb_bsxsim("vmm --weights W.npy --inputs X.npy --out Y.npy --scheme baseline "
                               "--preset sram-m3-2ua --json"),
                     0);
    char *json = tb_out();
    int32_t *y = read_i32(tb_path("Y.npy"), BATCH * COLS);
    enum { RANGE = 256 };
    uint64_t hist[2 * RANGE + 1] = {0};
    double abs_sum = 0, sq_sum = 0, sum = 0;
    for (size_t b = 0; b < BATCH; b++)
        for (size_t j = 0; j < COLS; j++) {
            int32_t exact = 0;
            for (size_t r = 0; r < ROWS; r++)
                exact += x[b * ROWS + r] * w[r * COLS + j];
            int32_t e = y[b * COLS + j] - exact;
            ck_assert_int_le(abs(e), RANGE);
            hist[e + RANGE]++;
            abs_sum += abs(e);
            sq_sum += (double)e * e;
            sum += e;
        }
    free(y);
    const double outputs = BATCH * COLS;
    ck_assert_double_gt(abs_sum, 0); /* this preset does err */
    double mean, mean_abs, rms;
    const char *p = strstr(json, "\"error_mean\":");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(sscanf(p, "\"error_mean\": %lf, \"error_mean_abs\": %lf, \"error_rms\": %lf",
                            &mean, &mean_abs, &rms), 3);
    ck_assert_double_eq_tol(mean, sum / outputs, 1e-12);
    ck_assert_double_eq_tol(mean_abs, abs_sum / outputs, 1e-12);
    ck_assert_double_eq_tol(rms, sqrt(sq_sum / outputs), 1e-12);
    /* the histogram lists exactly the non-empty bins, in order */
    char want[8192] = "\"error_histogram\": [";
    for (int e = -RANGE; e <= RANGE; e++)
        if (hist[e + RANGE])
            snprintf(want + strlen(want), sizeof want - strlen(want), "%s[%d, %llu]",
                     want[strlen(want) - 1] == '[' ? "" : ", ", e,
                     (unsigned long long)hist[e + RANGE]);
    strcat(want, "],");
    ck_assert_msg(strstr(json, want) != NULL, "want %s in %s", want, json);
    /* the text report states the same figures */
    ck_assert_int_eq(tb_bsxsim("vmm --weights W.npy --inputs X.npy --scheme baseline "
                               "--preset sram-m3-2ua"),
                     0);
    char line[128];
    snprintf(line, sizeof line, "mean |e| %.4f, RMS %.4f, mean %+.4f", abs_sum / outputs,
             sqrt(sq_sum / outputs), sum / outputs);
    ck_assert_msg(strstr(tb_out(), line) != NULL, "want '%s' in %s", line, tb_out());
}
END_TEST

/* Every command `bsxsim --help` lists (studies included), and `study`
 * itself, answers --help with its usage on stdout and exit 0. */
START_TEST(every_command_has_help)
{
    ck_assert_int_eq(tb_bsxsim("--help"), 0);
    char listing[4096];
    snprintf(listing, sizeof listing, "%s", tb_out());
    char cmds[32][64];
    int n = 0;
    for (char *line = strtok(listing, "\n"); line && n < 32; line = strtok(NULL, "\n")) {
        char first[32], second[32];
        if (strncmp(line, "  ", 2) != 0 || line[2] == ' ' ||
            sscanf(line, "%31s %31s", first, second) != 2)
            continue;
        if (strcmp(first, "study") == 0)
            snprintf(cmds[n++], sizeof cmds[0], "study %s", second);
        else
            snprintf(cmds[n++], sizeof cmds[0], "%s", first);
    }
    ck_assert_int_ge(n, 5); /* presets, column, vmm and the two studies */
    snprintf(cmds[n++], sizeof cmds[0], "study");
    for (int i = 0; i < n; i++) {
        char args[96], want[96];
        snprintf(args, sizeof args, "%s --help", cmds[i]);
        snprintf(want, sizeof want, "usage: bsxsim %s ", cmds[i]);
        ck_assert_msg(tb_bsxsim(args) == 0, "exit status of bsxsim %s", args);
        ck_assert_msg(strncmp(tb_out(), want, strlen(want)) == 0, "bsxsim %s printed: %.80s", args,
                      tb_out());
    }
}
END_TEST

/* Every sub-command's options go through one table-driven parser: an
 * unknown option, a missing value and a repeated option are usage errors
 * (exit 2), a number out of range or not spelled as decimal digits (white
 * space, '+', trailing characters) is bad input (exit 1); each is one line
 * "bsxsim CMD: ..." naming the option, and nothing runs. */
START_TEST(every_command_parses_options_alike)
{
    static const struct {
        const char *cmd, *valued, *number;
    } cmds[] = {
        {"presets", "--preset sram-m6-1ua", NULL},
        {"column", "--preset sram-m6-1ua", "--rows 0"},
        {"vmm", "--weights W.npy", "--threads 257"},
        {"bnn", "--model m", "--limit 0"},
        {"study deviation", "--preset sram-m6-1ua", "--samples 0"},
        {"study psum", "--weights W.npy", "--rows 0"},
        {"config", "--rows 32", "--settle 99999"},
    };
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
        const char *opt = strchr(cmds[k].valued, ' ');
        char args[256], want[128];
        /* an unknown option, the option without its value, the option twice */
        static const char *const problem[] = {"unknown option '--bogus'", "needs a value",
                                              "is given twice"};
        for (int c = 0; c < 3; c++) {
            int n = snprintf(args, sizeof args, "%s %s", cmds[k].cmd, cmds[k].valued);
            if (c == 0)
                snprintf(args + n, sizeof args - (size_t)n, " --bogus 1");
            else if (c == 1)
                snprintf(args + n, sizeof args - (size_t)n, " %.*s",
                         (int)(opt - cmds[k].valued), cmds[k].valued);
            else
                snprintf(args + n, sizeof args - (size_t)n, " %s", cmds[k].valued);
            snprintf(want, sizeof want, "bsxsim %s: ", cmds[k].cmd);
            ck_assert_msg(tb_bsxsim(args) == 2, "exit code of %s", args);
            ck_assert_msg(tb_stderr_lines() == 1, "one stderr line for %s: %s", args, tb_err());
            ck_assert_msg(strncmp(tb_err(), want, strlen(want)) == 0 &&
                              strstr(tb_err(), problem[c]),
                          "%s: %s", args, tb_err());
            ck_assert_str_eq(tb_out(), "");
        }
        if (cmds[k].number) {
            snprintf(args, sizeof args, "%s %s", cmds[k].cmd, cmds[k].number);
            ck_assert_msg(tb_bsxsim(args) == 1, "exit code of %s", args);
            ck_assert_msg(tb_stderr_lines() == 1 && strstr(tb_err(), "is outside"),
                          "%s: %s", args, tb_err());
            /* numbers are strict: digits and an optional '-', nothing else */
            static const char *const spelled[] = {"' 4'", "'4 '", "'\t4'", "'+4'", "'4x'",
                                                  "''",   "'-'",  "'0x4'", "'4.0'"};
            int name_len = (int)(strchr(cmds[k].number, ' ') - cmds[k].number);
            for (size_t v = 0; v < sizeof spelled / sizeof spelled[0]; v++) {
                snprintf(args, sizeof args, "%s %s %.*s %s", cmds[k].cmd, cmds[k].valued,
                         name_len, cmds[k].number, spelled[v]);
                ck_assert_msg(tb_bsxsim(args) == 1, "exit code of %s", args);
                ck_assert_msg(tb_stderr_lines() == 1 && strstr(tb_err(), "is not an integer"),
                              "%s: %s", args, tb_err());
                ck_assert_str_eq(tb_out(), "");
            }
        }
    }
}
END_TEST

/* presets --save-table writes CSV: with --json it is a usage error, one
 * line, nothing written (it used to write the CSV and ignore --json). */
START_TEST(presets_json_and_save_table_exclude_each_other)
{
    ck_assert_int_eq(tb_bsxsim("presets --preset sram-m6-1ua --json --save-table t.csv"), 2);
    ck_assert_int_eq(tb_stderr_lines(), 1);
    ck_assert_ptr_nonnull(strstr(tb_err(), "--json and --save-table exclude each other"));
    ck_assert_str_eq(tb_out(), "");
    ck_assert(!tb_exists(tb_path("t.csv")));
}
END_TEST

/* presets --set without --preset applies to every analog preset and says so. */
START_TEST(presets_set_without_preset)
{
    ck_assert_int_eq(tb_bsxsim("presets --set r_drv=50"), 0);
    const char *out = tb_out();
    ck_assert_ptr_nonnull(strstr(out, "# --set applied to each of the 12 analog presets"));
    ck_assert_ptr_null(strstr(out, "preset ideal"));
    int presets = 0;
    for (const char *p = out; (p = strstr(p, "\npreset ")) != NULL; p++)
        presets++;
    ck_assert_int_eq(presets, 12);
}
END_TEST

/* Output folders are checked before the work: a deviation study that would
 * run for hours fails at once (the test's timeout catches a late check), and
 * so do psum and vmm; one stderr line naming --out, no output file. */
START_TEST(outputs_checked_before_work)
{
    static const char *const cases[] = {
        "study deviation --preset sram-m6-1ua --samples 100000000 --out nodir/dev",
        "study deviation --preset sram-m6-1ua --samples 100000000 --out W.npy/dev",
        "study psum --weights W.npy --inputs X.npy --out nodir/ps",
        "study psum --weights W.npy --inputs X.npy --out W.npy/ps",
        "vmm --weights W.npy --inputs X.npy --scheme baseline --out nodir/Y.npy",
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ck_assert_msg(tb_bsxsim(cases[k]) == 1, "exit code for: %s", cases[k]);
        ck_assert_msg(tb_stderr_lines() == 1, "one stderr line for: %s", cases[k]);
        ck_assert_msg(strstr(tb_err(), "--out ") && strstr(tb_err(), "cannot create a file in its folder"),
                      "names --out and the folder: %s", tb_err());
        ck_assert_str_eq(tb_out(), "");
    }
    ck_assert(!tb_exists(tb_path("nodir")));
}
END_TEST

/* bsxsim bnn checks its outputs with the same helper before loading
 * anything: an output that is one of the inputs, or lies in no folder, is
 * refused in one line and the input is left as it was. */
START_TEST(bnn_outputs_checked_before_work)
{
    static const struct {
        const char *args, *want;
    } cases[] = {
        {"--data X.npy --out X.npy", "--out X.npy is the same file as --data X.npy"},
        {"--data X.npy --labels W.npy --logits W.npy", "--logits W.npy is the same file as "
                                                       "--labels W.npy"},
        {"--data X.npy --out nodir/p.npy", "--out nodir/p.npy: cannot create a file in its "
                                           "folder"},
    };
    struct stat before, after;
    ck_assert_int_eq(stat(tb_path("X.npy"), &before), 0);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char args[256];
        snprintf(args, sizeof args, "bnn --model nomodel --scheme baseline %s", cases[k].args);
        ck_assert_msg(tb_bsxsim(args) == 1, "exit code of %s", args);
        ck_assert_msg(tb_stderr_lines() == 1 && strstr(tb_err(), cases[k].want), "%s: %s",
                      args, tb_err());
    }
    ck_assert_int_eq(stat(tb_path("X.npy"), &after), 0);
    ck_assert(after.st_ino == before.st_ino && after.st_size == before.st_size &&
              after.st_mtim.tv_sec == before.st_mtim.tv_sec &&
              after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
    ck_assert(!tb_exists(tb_path("nodir")));
}
END_TEST

/* The plots mark what the studies are about: x = n/2 on the deviation plot
 * (the range BinSparX keeps to) and each scheme's top ADC code on the psum
 * plot. A gnuplot first on PATH records the script it is given and hands
 * it to the real one. */
START_TEST(plots_mark_n_half_and_top_codes)
{
    char dir[512], prefix[600], script[4096];
    snprintf(dir, sizeof dir, "%s", tb_path("gp"));
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    snprintf(prefix, sizeof prefix, "%s/gnuplot", dir);
    tb_write_file(prefix, "#!/bin/sh\ntee \"$0.script\" | exec /usr/bin/gnuplot\n");
    ck_assert_int_eq(chmod(prefix, 0755), 0);
    snprintf(prefix, sizeof prefix, "PATH='%s':\"$PATH\"", dir);

    ck_assert_int_eq(tb_bsxsim_with(prefix, "study psum --weights W.npy --inputs X.npy --out ps"),
                     0);
    tb_slurp(tb_path("gp/gnuplot.script"), script, sizeof script);
    ck_assert_msg(strstr(script, "set arrow from 63, graph 0") &&
                      strstr(script, "baseline top code 63 (6 bits)"),
                  "%s", script);
    ck_assert_msg(strstr(script, "set arrow from 31, graph 0") &&
                      strstr(script, "BinSparX top code 31 (5 bits)"),
                  "%s", script);
    ck_assert(tb_exists(tb_path("ps.png")));

    ck_assert_int_eq(tb_bsxsim_with(prefix, "study deviation --preset sram-m3-2ua --rows 8 "
                                            "--samples 2 --set table_step_v=0.01 --out dev"),
                     0);
    tb_slurp(tb_path("gp/gnuplot.script"), script, sizeof script);
    ck_assert_msg(strstr(script, "set arrow from 4, graph 0 to 4, graph 1") &&
                      strstr(script, "x = n/2 = 4"),
                  "%s", script);
    ck_assert(tb_exists(tb_path("dev.png")));
}
END_TEST

/* Both studies: --json gives the same numbers whatever --threads is. */
START_TEST(studies_json_and_threads)
{
    static const char dev[] = "study deviation --preset sram-m3-2ua --rows 8 --samples 40 "
                              "--seed 3 --json --set table_step_v=0.01 --threads ";
    char one[16384], args[256];
    snprintf(args, sizeof args, "%s1", dev);
    ck_assert_int_eq(tb_bsxsim(args), 0);
    snprintf(one, sizeof one, "%s", tb_out());
    ck_assert_ptr_nonnull(strstr(one, "{\"x\":8,\"mean_lsb\":-"));
    ck_assert_ptr_nonnull(strstr(one, "\"superlinear\":"));
    snprintf(args, sizeof args, "%s3", dev);
    ck_assert_int_eq(tb_bsxsim(args), 0);
    ck_assert_str_eq(tb_out(), one);
    ck_assert_str_eq(tb_err(), ""); /* stderr is a file here: no progress */

    ck_assert_int_eq(tb_bsxsim("study psum --weights W.npy --inputs X.npy --out ps --json"), 0);
    snprintf(one, sizeof one, "%s", tb_out());
    ck_assert_ptr_nonnull(strstr(one, "\"scheme\":\"binsparx\",\"adc_bits\":5,"
                                      "\"top_code\":31,\"conversions\":1260,"));
    ck_assert_int_eq(tb_bsxsim("study psum --weights W.npy --inputs X.npy --out ps --json "
                               "--threads 4"),
                     0);
    ck_assert_str_eq(tb_out(), one);
}
END_TEST

/* On a terminal (script(1) gives the program one) the deviation study shows
 * its progress on stderr; with stderr redirected to a file it prints
 * nothing there. */
START_TEST(deviation_progress_only_on_a_terminal)
{
    static const char args[] = "study deviation --preset sram-m6-1ua --rows 4 --samples 5 "
                               "--set table_step_v=0.01";
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && script -qec \"'%s' %s >/dev/null\" /dev/null >tty.txt 2>&1",
             tb_path(""), getenv("BSXSIM"), args);
    ck_assert_int_eq(system(cmd), 0);
    char tty[4096];
    tb_slurp(tb_path("tty.txt"), tty, sizeof tty);
    ck_assert_msg(strstr(tty, "x 5 of 5 done") != NULL, "terminal output: %s", tty);
    ck_assert_int_eq(tb_bsxsim(args), 0);
    ck_assert_str_eq(tb_err(), "");
}
END_TEST

/* Every bad input: exit 1, exactly one line on stderr, no output file. */
START_TEST(vmm_bad_input)
{
    static const char *const cases[] = {
        "--weights W.npy --inputs W.npy --scheme baseline",        /* shapes */
        "--weights W.npy --inputs X.npy --scheme nandnet",         /* scheme */
        "--weights W.npy --inputs X.npy --scheme baseline --cols 64 --adcs 7",
        "--weights W.npy --inputs X.npy --scheme binsparx --adc-bits 0",
        "--weights W.npy --inputs X.npy --scheme binsparx --adc-bits 17",
        "--weights W.npy --inputs X.npy --scheme binsparx --rows 6x4",
        "--weights W.npy --inputs X.npy --scheme binsparx --threads 0",
        "--weights W.npy --inputs X.npy --scheme binsparx --preset sram-m9-7ua",
        "--weights W.npy --inputs X.npy --scheme binsparx --ideal --preset sram-m6-1ua",
        "--weights W.npy --inputs X.npy --scheme binsparx --preset sram-m6-1ua --set r_drv=-1",
        "--weights W.npy --inputs X.npy --scheme binsparx --preset sram-m6-1ua --set bogus=1",
        "--weights W.npy --inputs X.npy --scheme binsparx --set r_drv=0",
        "--weights missing.npy --inputs X.npy --scheme baseline",
        "--weights Wbad.npy --inputs X.npy --scheme baseline",     /* a 0 weight */
        "--weights W.npy --inputs Xf.npy --scheme baseline",       /* float 0.5 */
    };
    int8_t bad[ROWS * COLS];
    memcpy(bad, w, sizeof bad);
    bad[17] = 0;
    tb_write_npy(tb_path("Wbad.npy"), "|i1", ROWS, COLS, bad, 1);
    double xf[ROWS];
    for (int r = 0; r < ROWS; r++)
        xf[r] = r == 5 ? 0.5 : 1.0;
    tb_write_npy(tb_path("Xf.npy"), "<f8", 1, ROWS, xf, sizeof(double));
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char args[512];
        snprintf(args, sizeof args, "vmm %s --out Y.npy", cases[k]);
        ck_assert_msg(tb_bsxsim(args) == 1, "exit code for: %s", cases[k]);
        ck_assert_msg(tb_stderr_lines() == 1, "one stderr line for: %s", cases[k]);
        ck_assert_msg(!tb_exists(tb_path("Y.npy")) && !tb_exists(tb_path("Y.npy.tmp")),
                      "no output for: %s", cases[k]);
    }
    ck_assert_int_eq(tb_bsxsim("vmm --weights W.npy --bogus 1"), 2);
    ck_assert_int_eq(tb_bsxsim("vmm --help"), 0);
}
END_TEST

/* The CSV holds N + 1 rows whose counts add up to the conversions
 * (batch x row tiles x columns) for each scheme, and a PNG is written. */
START_TEST(psum_writes_csv_and_png)
{
    ck_assert_int_eq(tb_bsxsim("study psum --weights W.npy --inputs X.npy --rows 32 --out ps"), 0);
    ck_assert(tb_exists(tb_path("ps.png")));
    ck_assert(!tb_exists(tb_path("ps.csv.tmp")) && !tb_exists(tb_path("ps.png.tmp")));
    FILE *f = fopen(tb_path("ps.csv"), "r");
    ck_assert_ptr_nonnull(f);
    char line[256];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    ck_assert_str_eq(line, "psum,baseline_count,binsparx_count,baseline_fraction,binsparx_fraction\n");
    unsigned long long total[2] = {0, 0}, weighted[2] = {0, 0};
    int rows = 0, p;
    unsigned long long cb, cx;
    while (fgets(line, sizeof line, f)) {
        ck_assert_int_eq(sscanf(line, "%d,%llu,%llu", &p, &cb, &cx), 3);
        ck_assert_int_eq(p, rows++);
        total[0] += cb;
        total[1] += cx;
        weighted[0] += (unsigned long long)p * cb;
        weighted[1] += (unsigned long long)p * cx;
        if (p > 16)
            ck_assert_uint_eq(cx, 0); /* BinSparX: at most n/2 ON cells */
    }
    fclose(f);
    ck_assert_int_eq(rows, 33);
    unsigned long long conversions = BATCH * ((ROWS + 31) / 32) * COLS;
    ck_assert_uint_eq(total[0], conversions);
    ck_assert_uint_eq(total[1], conversions);
    ck_assert_uint_lt(weighted[1], weighted[0]);
}
END_TEST

START_TEST(psum_bad_input)
{
    static const char *const cases[] = {
        "--weights W.npy --inputs W.npy",
        "--weights W.npy --inputs X.npy --rows 0",
        "--weights W.npy --inputs missing.npy",
        "--weights W.npy --inputs X.npy --out nodir/ps",
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char args[512];
        snprintf(args, sizeof args, "study psum %s%s", cases[k], k == 3 ? "" : " --out ps");
        ck_assert_msg(tb_bsxsim(args) == 1, "exit code for: %s", cases[k]);
        ck_assert_msg(tb_stderr_lines() == 1, "one stderr line for: %s", cases[k]);
        ck_assert(!tb_exists(tb_path("ps.csv")) && !tb_exists(tb_path("ps.png")));
    }
}
END_TEST

/* B follows the rows when not given: ceil(log2 N) baseline, one fewer
 * BinSparX, in vmm and study psum; nothing is warned about then. */
START_TEST(default_bits_follow_rows)
{
    static const struct { const char *scheme; int rows, bits; } cases[] = {
        {"baseline", 128, 7}, {"binsparx", 128, 6}, {"binsparx", 32, 4}, {"baseline", 64, 6}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char args[256], want[64];
        snprintf(args, sizeof args, "vmm --weights W.npy --inputs X.npy --scheme %s --rows %d --json",
                 cases[k].scheme, cases[k].rows);
        ck_assert_int_eq(tb_bsxsim(args), 0);
        snprintf(want, sizeof want, "\"adc_bits\": %d,", cases[k].bits);
        ck_assert_msg(strstr(tb_out(), want), "%s: no %s in %s", args, want, tb_out());
        ck_assert_int_eq(tb_stderr_lines(), 0);
    }
    ck_assert_int_eq(tb_bsxsim("study psum --weights W.npy --inputs X.npy --rows 128 --out ps"), 0);
    ck_assert_ptr_nonnull(strstr(tb_out(), "(7)"));
    ck_assert_ptr_nonnull(strstr(tb_out(), "(6)"));
    /* column: rows up to the macro model's 4096 (default B = 12, inside the
     * ADC model's 16); one more is refused with the rule named */
    static char line[2 * 4097 + 2];
    for (int rows = 4096; rows <= 4097; rows++) {
        char args[128];
        memset(line, '1', 2 * (size_t)rows + 1);
        line[rows] = ' ';
        line[2 * rows + 1] = '\0';
        tb_write_file(tb_path("p.txt"), line);
        snprintf(args, sizeof args, "column --preset sram-m6-1ua --rows %d --patterns p.txt --json",
                 rows);
        int rc = tb_bsxsim(args);
        if (rows == 4096) {
            ck_assert_msg(rc == 0, "column --rows 4096: %s", tb_err());
            ck_assert_ptr_nonnull(strstr(tb_out(), "\"adc_bits\":12,"));
        } else {
            ck_assert_int_eq(rc, 1);
            ck_assert_int_eq(tb_stderr_lines(), 1);
            ck_assert_msg(strstr(tb_err(), "--rows: 4097 is outside 1..4096 (the macro model's "
                                           "largest array"), "%s", tb_err());
        }
    }
}
END_TEST

/* A chosen B below the scheme's need is warned about, before the run (the
 * rule) and after it (how many conversions clipped); the output is still
 * written. 100-row partial sums of random data exceed 15 often. */
START_TEST(vmm_warns_when_chosen_bits_clip)
{
    ck_assert_int_eq(tb_bsxsim("vmm --weights W.npy --inputs X.npy --out Y.npy --scheme binsparx "
                               "--rows 128 --adc-bits 4"),
                     0);
    ck_assert_int_eq(tb_stderr_lines(), 2);
    ck_assert_ptr_nonnull(strstr(tb_err(), "warning: --adc-bits 4 is below the 6 bits binsparx "
                                           "needs for 128 rows"));
    ck_assert_ptr_nonnull(strstr(tb_err(), "warning: --adc-bits 4 clipped "));
    ck_assert(tb_exists(tb_path("Y.npy")));
    ck_assert_int_eq(tb_bsxsim("vmm --weights W.npy --inputs X.npy --scheme binsparx --rows 128 "
                               "--adc-bits 6"),
                     0);
    ck_assert_int_eq(tb_stderr_lines(), 0);
}
END_TEST

/* bsxsim config: the rules named in one line, the warning, the parameters. */
START_TEST(config_rules)
{
    static const struct { const char *args, *rule; } bad[] = {
        {"--cols 16 --adcs 6", "K must divide M"},
        {"--rows 2", "N = 2 is outside 4..512"},
        {"--adc-bits 8", "$clog2(N+1) = 7 bits"},
        {"--rows 32 --tree-stages 5", "at most $clog2(N) - 1"},
        {"--scheme baseline --tree-stages 5 --settle 0", "TREE_STAGES <= SETTLE + B - 2 = 4"},
        {"--out-bits 8", "equation (1) needs 9 bits"},
        /* 0 is a value like any other, not "the default" */
        {"--adc-bits 0", "B = 0 is outside 1..7"},
        {"--out-bits 0", "OW = 0 is outside 9..32"},
        {"--scheme nand", "is not baseline or binsparx"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char args[256];
        snprintf(args, sizeof args, "config %s", bad[k].args);
        ck_assert_msg(tb_bsxsim(args) == 1, "exit code for: %s", args);
        ck_assert_int_eq(tb_stderr_lines(), 1);
        ck_assert_msg(strstr(tb_err(), bad[k].rule), "%s: '%s' not in %s", args, bad[k].rule,
                      tb_err());
    }
    ck_assert_int_eq(tb_bsxsim("config --rows 32 --adc-bits 3 --params"), 0);
    ck_assert_ptr_nonnull(strstr(tb_err(), "warning: --adc-bits 3 is below the 4 bits"));
    ck_assert_str_eq(tb_out(), "SCHEME=1 N=32 M=64 K=8 B=3 TREE_STAGES=2 SETTLE=1 OW=8\n");
    ck_assert_int_eq(tb_bsxsim("config --scheme baseline --rows 128 --adcs 16 --json"), 0);
    ck_assert_int_eq(tb_stderr_lines(), 0);
    ck_assert_ptr_nonnull(strstr(tb_out(), "\"name\": \"baseline_n128_m64_k16_b7_t2_s1_ow11\""));
    /* the latency formula's cycles: 1 + 4 rounds x 8 + 1; BinSparX adds
     * TREE_STAGES + 1 (the co-simulation measures the same, tb/test_cosim.py) */
    ck_assert_ptr_nonnull(strstr(tb_out(), "\"latency_cycles\": 34,"));
    ck_assert_int_eq(tb_bsxsim("config --adcs 64 --tree-stages 5 --settle 3 --json"), 0);
    ck_assert_ptr_nonnull(strstr(tb_out(), "\"latency_cycles\": 16,"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reference-cli");
    TCase *tc = tcase_create("cli");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, vmm_writes_exact_product, 0, 2);
    tcase_add_test(tc, vmm_zero_resistance_preset_is_exact);
    tcase_add_test(tc, vmm_reports_clips);
    tcase_add_test(tc, vmm_reports_error_distribution);
    tcase_add_test(tc, every_command_has_help);
    tcase_add_test(tc, every_command_parses_options_alike);
    tcase_add_test(tc, presets_set_without_preset);
    tcase_add_test(tc, presets_json_and_save_table_exclude_each_other);
    tcase_add_test(tc, outputs_checked_before_work);
    tcase_add_test(tc, studies_json_and_threads);
    tcase_add_test(tc, plots_mark_n_half_and_top_codes);
    tcase_add_test(tc, bnn_outputs_checked_before_work);
    tcase_add_test(tc, deviation_progress_only_on_a_terminal);
    tcase_add_test(tc, vmm_bad_input);
    tcase_add_test(tc, psum_writes_csv_and_png);
    tcase_add_test(tc, psum_bad_input);
    tcase_add_test(tc, default_bits_follow_rows);
    tcase_add_test(tc, vmm_warns_when_chosen_bits_clip);
    tcase_add_test(tc, config_rules);
    suite_add_tcase(s, tc);
    return tb_run_suite(s);
}
