/* Hostile input to `bsxsim` (issue 8), run against the ASan/UBSan build of
 * the program ($BSXSIM in make test): wrong answers that used to exit 0,
 * output paths that are not regular files, inputs that hang or grow memory,
 * full disks and option conflicts. Each case is one regression test: exit
 * status, one stderr line naming the problem, and no output file left
 * behind. */
#define _XOPEN_SOURCE 700 /* mknod */
#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

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

/* Messages that named the wrong problem: the grid limits (the preset check
 * and the table builder disagreed: "invalid argument"), a table spanning
 * +-1e308 (a "duplicate point"), an element 1.0000001 ("is 1"). */
START_TEST(messages_name_the_real_problem)
{
    expect_error("column --preset sram-m6-1ua --rows 4 --wl 1111 --w 1111 "
                 "--set table_margin_v=0.3 --set table_step_v=0.0005",
                 "table_step_v 0.0005 V and table_margin_v 0.3 V give 1601 grid "
                 "points per axis (the cell tables need 4..1024)");
    expect_error("column --preset sram-m6-1ua --rows 4 --wl 1111 --w 1111 "
                 "--set table_margin_v=1e300", "table_margin_v 1e+300 V");
    FILE *f = fopen(tb_path("big.csv"), "w");
    ck_assert_ptr_nonnull(f);
    static const char *const v[] = {"-1e308", "-5e307", "5e307", "1e308"};
    fputs("state,vb,vs,current\n", f);
    for (int st = 0; st < 4; st++)
        for (int b = 0; b < 4; b++)
            for (int k = 0; k < 4; k++)
                fprintf(f, "%d,%s,%s,1e-6\n", st, v[b], v[k]);
    fclose(f);
    expect_error("column --preset sram-m6-1ua --rows 4 --wl 1111 --w 1111 "
                 "--table big.csv", "grid span max - min must be finite");
    double wf[4 * 64];
    for (int i = 0; i < 4 * 64; i++)
        wf[i] = 1.0;
    wf[64 + 3] = 1.0000001;
    tb_write_npy(tb_path("Wf.npy"), "<f8", 4, 64, wf, sizeof(double));
    tb_write_npy(tb_path("X4.npy"), "<f8", 2, 4, wf, sizeof(double));
    expect_error("vmm --weights Wf.npy --inputs X4.npy --scheme binsparx",
                 "(row 1, col 3) is 1.0000001000000001");
}
END_TEST

/* ---- files and paths ---- */

enum { N = 64, BATCH = 64 };

/* W (N x N) and X (BATCH x N) of +-1 in the scratch folder; Y is 16 KiB. */
static void operands(void)
{
    static int8_t w[N * N], x[BATCH * N];
    for (int i = 0; i < N * N; i++)
        w[i] = (i * 7 + i / 5) % 3 ? 1 : -1;
    for (int i = 0; i < BATCH * N; i++)
        x[i] = (i * 5 + i / 3) % 4 ? -1 : 1;
    tb_write_npy(tb_path("W.npy"), "|i1", N, N, w, 1);
    tb_write_npy(tb_path("X.npy"), "|i1", BATCH, N, x, 1);
}

/* No temporary (.NAME.XXXXXX) is left in the scratch folder. */
static void no_temporaries(void)
{
    DIR *d = opendir(tb_path(""));
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d)))
        ck_assert_msg(e->d_name[0] != '.' || !strcmp(e->d_name, ".")
                          || !strcmp(e->d_name, ".."),
                      "temporary left behind: %s", e->d_name);
    closedir(d);
}

static void setup(void)
{
    tb_dir_make("hostile");
    operands();
}

static void teardown(void) { tb_dir_remove(); }

#define VMM "vmm --weights W.npy --inputs X.npy --scheme binsparx "

START_TEST(outputs_replace_only_regular_files)
{
    /* a private copy of /dev/null (never the machine's own: a regression
     * would replace it) and a FIFO */
    struct stat sb;
    int have_dev = mknod(tb_path("null"), S_IFCHR | 0666, makedev(1, 3)) == 0;
    ck_assert_int_eq(mkfifo(tb_path("fifo"), 0600), 0);
    const char *const targets[] = {"fifo", "null"};
    for (int k = 0; k < 1 + have_dev; k++) {
        char args[256];
        snprintf(args, sizeof args, VMM "--out %s", targets[k]);
        expect_error(args, "not a regular file");
        snprintf(args, sizeof args,
                 "presets --preset sram-m6-1ua --save-table %s " FAST, targets[k]);
        expect_error(args, "not a regular file");
        ck_assert_int_eq(lstat(tb_path(targets[k]), &sb), 0);
        ck_assert(k ? S_ISCHR(sb.st_mode) : S_ISFIFO(sb.st_mode));
    }
    ck_assert_int_eq(mkdir(tb_path("sub"), 0700), 0);
    expect_error(VMM "--out sub", "not a regular file");
    expect_error(VMM "--out sub/", "not a regular file");
    ck_assert_int_eq(symlink("X.npy", tb_path("link.npy")), 0);
    expect_error(VMM "--out link.npy", "symbolic link");
    expect_error(VMM "--out ''", "empty file name");
    expect_error("study psum --weights W.npy --inputs X.npy --out ''",
                 "empty file name");
    expect_error("study deviation --preset sram-m6-1ua --rows 8 --samples 1 "
                 "--out '' " FAST, "empty file name");
    no_temporaries();
}
END_TEST

/* An existing output the user may not write (mode 0444: root passes
 * access(W_OK), so the mode bits decide) used to be replaced silently by
 * the rename; it is refused before the work, for every writer, and stays
 * as it was. */
START_TEST(read_only_outputs_are_refused)
{
    static const struct { const char *file, *args; } cases[] = {
        {"Y.npy", VMM "--out Y.npy"},
        {"t.csv", "presets --preset sram-m6-1ua --save-table t.csv " FAST},
        {"p.png", "study psum --weights W.npy --inputs X.npy --out p"},
        {"d.csv", "study deviation --preset sram-m6-1ua --rows 8 --samples 1 --out d " FAST},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        tb_write_file(tb_path(cases[k].file), "precious\n");
        ck_assert_int_eq(chmod(tb_path(cases[k].file), 0444), 0);
        expect_error(cases[k].args, "is read-only");
        char text[64];
        tb_slurp(tb_path(cases[k].file), text, sizeof text);
        ck_assert_str_eq(text, "precious\n");
        struct stat sb;
        ck_assert_int_eq(stat(tb_path(cases[k].file), &sb), 0);
        ck_assert_int_eq(sb.st_mode & 07777, 0444);
        /* writable again: replaced as usual */
        ck_assert_int_eq(chmod(tb_path(cases[k].file), 0644), 0);
        ck_assert_msg(tb_bsxsim(cases[k].args) == 0, "%s: %s", cases[k].args, tb_err());
        unlink(tb_path(cases[k].file));
    }
    no_temporaries();
}
END_TEST

/* A planted NAME.tmp symlink used to be followed; the temporary is now a
 * fresh mkstemp name, so the victim stays untouched. */
START_TEST(planted_temporary_is_not_followed)
{
    tb_write_file(tb_path("victim"), "precious\n");
    ck_assert_int_eq(symlink("victim", tb_path("Y.npy.tmp")), 0);
    ck_assert_int_eq(tb_bsxsim(VMM "--out Y.npy"), 0);
    char text[64];
    tb_slurp(tb_path("victim"), text, sizeof text);
    ck_assert_str_eq(text, "precious\n");
    struct stat sb;
    ck_assert_int_eq(lstat(tb_path("Y.npy.tmp"), &sb), 0);
    ck_assert(S_ISLNK(sb.st_mode));
    ck_assert_int_eq(stat(tb_path("Y.npy"), &sb), 0);
    ck_assert_int_eq(sb.st_size, 128 + BATCH * N * 4);
    no_temporaries();
}
END_TEST

START_TEST(fifo_and_device_inputs_are_refused_without_hanging)
{
    ck_assert_int_eq(mkfifo(tb_path("fifo"), 0600), 0);
    expect_error("vmm --weights fifo --inputs X.npy --scheme binsparx",
                 "not a regular file");
    expect_error("column --preset sram-m6-1ua --rows 8 --patterns fifo " FAST,
                 "not a regular file");
    expect_error("column --preset sram-m6-1ua --rows 8 --wl 11111111 --w 11111111 "
                 "--table fifo " FAST, "not a regular file");
    expect_error("column --preset sram-m6-1ua --rows 8 --wl 11111111 --w 11111111 "
                 "--table /dev/zero " FAST, "not a regular file");
    expect_error("column --preset sram-m6-1ua --rows 8 --patterns /dev/zero " FAST,
                 "not a regular file");
    expect_error("vmm --weights . --inputs X.npy --scheme binsparx", "folder");
}
END_TEST

START_TEST(text_inputs_are_bounded)
{
    /* a line longer than the cap, a NUL byte, a file over the size cap */
    FILE *f = fopen(tb_path("long.txt"), "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 70000; i++)
        fputc('1', f);
    fputs(" 1\n", f);
    fclose(f);
    expect_error("column --preset sram-m6-1ua --rows 8 --patterns long.txt " FAST,
                 "long.txt:1: line longer than 65536 bytes");
    expect_error("column --preset sram-m6-1ua --rows 8 --wl 11111111 --w 11111111 "
                 "--table long.txt " FAST, "long.txt:1: line longer than 65536 bytes");
    f = fopen(tb_path("nul.txt"), "w");
    fputs("11111111 11111111\n11111111", f);
    fputc('\0', f);
    fputs(" 11111111\n", f);
    fclose(f);
    expect_error("column --preset sram-m6-1ua --rows 8 --patterns nul.txt " FAST,
                 "nul.txt:2: NUL byte");
    f = fopen(tb_path("huge.csv"), "w");
    ck_assert_int_eq(ftruncate(fileno(f), (off_t)65 << 20), 0);
    fclose(f);
    expect_error("column --preset sram-m6-1ua --rows 8 --wl 11111111 --w 11111111 "
                 "--table huge.csv " FAST, "above the limit");
}
END_TEST

/* Writes a version 1.0 .npy header for an int8 array of shape (rows, cols)
 * and extends the file to its full size without writing the data (a sparse
 * file: no disk used, and a reader that follows the header would allocate
 * the whole of it). */
static void sparse_npy(const char *name, unsigned long rows, unsigned long cols)
{
    char dict[128];
    int n = snprintf(dict, sizeof dict,
                     "{'descr': '|i1', 'fortran_order': False, 'shape': (%lu, %lu), }", rows,
                     cols);
    int total = 10 + n + 1, pad = (64 - total % 64) % 64;
    FILE *f = fopen(tb_path(name), "wb");
    ck_assert_ptr_nonnull(f);
    unsigned short hlen = (unsigned short)(n + pad + 1);
    fwrite("\x93NUMPY\x01\x00", 1, 8, f);
    fputc(hlen & 0xff, f);
    fputc(hlen >> 8, f);
    fwrite(dict, 1, (size_t)n, f);
    for (int k = 0; k < pad; k++)
        fputc(' ', f);
    fputc('\n', f);
    ck_assert_int_eq(ftruncate(fileno(f), (off_t)(10 + n + pad + 1) + (off_t)(rows * cols)), 0);
    fclose(f);
}

/* .npy operands are capped (BSX_NPY_MAX_ELEMENTS, 2^27 elements) before
 * anything is allocated: memory used to follow the file up to ulimit -v.
 * One line naming the file and the limit; so is a result too large for
 * operands each under the cap. */
START_TEST(npy_inputs_are_bounded)
{
    sparse_npy("big.npy", (1ul << 27) + 1, 1);
    expect_error("vmm --weights big.npy --inputs X.npy --scheme binsparx --out Y.npy",
                 "big.npy: weights: 134217729 elements exceed the limit of 134217728");
    expect_error("vmm --weights W.npy --inputs big.npy --scheme binsparx --out Y.npy",
                 "big.npy: inputs: 134217729 elements exceed the limit of 134217728");
    expect_error("study psum --weights big.npy --inputs X.npy --out p",
                 "big.npy: weights: 134217729 elements exceed the limit of 134217728");
    /* (2^14 x 1) inputs times (1 x 2^14) weights: a 2^28-element result */
    static int8_t ones[1 << 14];
    memset(ones, 1, sizeof ones);
    tb_write_npy(tb_path("tall.npy"), "|i1", sizeof ones, 1, ones, 1);
    tb_write_npy(tb_path("wide.npy"), "|i1", 1, sizeof ones, ones, 1);
    expect_error("vmm --weights wide.npy --inputs tall.npy --scheme binsparx --out Y.npy",
                 "more than the limit of 134217728 elements");
    ck_assert(!tb_exists(tb_path("Y.npy")));
    ck_assert(!tb_exists(tb_path("p.csv")));
}
END_TEST

/* A full disk (here: a file size limit, writes fail with EFBIG) is an error
 * and leaves neither the output nor a temporary. */
#define FULL "trap '' XFSZ; ulimit -f 4;"

START_TEST(full_disk_is_reported)
{
    ck_assert_int_eq(tb_bsxsim_with(FULL, VMM "--out Y.npy"), 1);
    ck_assert_ptr_nonnull(strstr(tb_err(), "Y.npy: cannot write: File too large"));
    ck_assert(!tb_exists(tb_path("Y.npy")));
    ck_assert_int_eq(tb_bsxsim_with(FULL, "presets --preset sram-m6-1ua "
                                          "--save-table t.csv " FAST), 1);
    ck_assert_ptr_nonnull(strstr(tb_err(), "t.csv: "));
    ck_assert(!tb_exists(tb_path("t.csv")));
    /* the PNG (about 25 KiB) is cut off: gnuplot's write is checked too */
    ck_assert_int_eq(tb_bsxsim_with(FULL, "study psum --weights W.npy "
                                          "--inputs X.npy --out p"), 1);
    ck_assert_ptr_nonnull(strstr(tb_err(), "p.png: gnuplot wrote an incomplete PNG"));
    ck_assert(!tb_exists(tb_path("p.png")));
    ck_assert(!tb_exists(tb_path("p.csv")));
    no_temporaries();
}
END_TEST

/* A newline and a gnuplot command in --out used to run the command. */
START_TEST(out_names_never_reach_gnuplot)
{
    ck_assert_int_eq(tb_bsxsim("study psum --weights W.npy --inputs X.npy "
                               "--out \"$(printf \"p\\nsystem('touch PWNED')\")\""),
                     0);
    ck_assert(!tb_exists(tb_path("PWNED")));
    ck_assert(tb_exists(tb_path("p\nsystem('touch PWNED').png")));
    ck_assert(tb_exists(tb_path("p\nsystem('touch PWNED').csv")));
    ck_assert_int_eq(tb_bsxsim("study deviation --preset sram-m6-1ua --rows 8 "
                               "--samples 2 --out \"d'x\" " FAST), 0);
    ck_assert(tb_exists(tb_path("d'x.png")));
    no_temporaries();
}
END_TEST

START_TEST(output_equal_to_an_input_is_refused)
{
    char before[256], after[256];
    tb_slurp(tb_path("W.npy"), before, sizeof before);
    expect_error(VMM "--out W.npy", "--out W.npy is the same file as --weights");
    expect_error(VMM "--out ./X.npy", "same file as --inputs");
    ck_assert_int_eq(link(tb_path("W.npy"), tb_path("H.npy")), 0);
    expect_error(VMM "--out H.npy", "same file as --weights");
    tb_slurp(tb_path("W.npy"), after, sizeof after);
    ck_assert_mem_eq(before, after, sizeof before);
    ck_assert_int_eq(link(tb_path("W.npy"), tb_path("s.csv")), 0);
    expect_error("study psum --weights W.npy --inputs X.npy --out s",
                 "same file as --weights");
}
END_TEST

/* When the plot fails, the previous CSV and PNG stay as they were. */
START_TEST(failing_plot_keeps_previous_outputs)
{
    tb_write_file(tb_path("p.csv"), "old data\n");
    tb_write_file(tb_path("p.png"), "old plot\n");
    ck_assert_int_eq(tb_bsxsim_with("PATH=/nonexistent",
                                    "study psum --weights W.npy --inputs X.npy "
                                    "--out p"), 1);
    ck_assert_ptr_nonnull(strstr(tb_err(), "gnuplot failed"));
    char text[64];
    tb_slurp(tb_path("p.csv"), text, sizeof text);
    ck_assert_str_eq(text, "old data\n");
    tb_slurp(tb_path("p.png"), text, sizeof text);
    ck_assert_str_eq(text, "old plot\n");
    no_temporaries();
}
END_TEST

/* A key given twice used to be last-wins and a value below the smallest
 * normal double silently became 0 (an ideal wire). */
START_TEST(set_values_are_taken_as_given)
{
    tb_dir_make("hostile");
    expect_error("presets --preset sram-m6-1ua --set r_sl=1 --set r_sl=2", "key 'r_sl' is set by an earlier --set");
    expect_error("presets --preset sram-m6-1ua --set vt0=0.3 --set fet.vt0=0.4",
                 "key 'fet.vt0' is set by an earlier --set");
    expect_error("presets --preset sram-m6-1ua --set r_sl=1e-400", "key 'r_sl': '1e-400' is below");
    expect_error("presets --preset sram-m6-1ua --set r_drv=1e-320", "key 'r_drv': '1e-320' is below");
    /* numbers as written: no white space, hexadecimal or trailing junk */
    expect_error("presets --preset sram-m6-1ua --set \"r_drv= 50\"", "key 'r_drv': ' 50' is not a");
    expect_error("presets --preset sram-m6-1ua --set \"r_drv=50 \"", "key 'r_drv': '50 ' is not a");
    expect_error("presets --preset sram-m6-1ua --set r_drv=0x32", "key 'r_drv': '0x32' is not a");
    expect_error("presets --preset sram-m6-1ua --set r_drv=50x", "key 'r_drv': '50x' is not a");
    ck_assert_str_eq(tb_out(), "");
    ck_assert_int_eq(tb_bsxsim("presets --preset sram-m6-1ua --set r_sl=0 --set r_drv=1e-300"), 0);
    tb_dir_remove();
}
END_TEST

/* Missing --preset is a usage error (exit 2) as every missing required
 * option; a plot prefix ending in '/' used to write DIR/.csv and DIR/.png. */
START_TEST(usage_and_prefix_errors)
{
    ck_assert_int_eq(tb_bsxsim("column --wl 1111 --w 1111 --rows 4"), 2);
    ck_assert_msg(tb_stderr_lines() == 1 && strstr(tb_err(), "--preset is required"), "%s",
                  tb_err());
    ck_assert_int_eq(tb_bsxsim("study deviation --rows 8 --samples 1"), 2);
    ck_assert_msg(tb_stderr_lines() == 1 && strstr(tb_err(), "--preset is required"), "%s",
                  tb_err());
    ck_assert_int_eq(mkdir(tb_path("plots"), 0700), 0);
    expect_error("study psum --weights W.npy --inputs X.npy --out plots/", "names a folder");
    expect_error("study deviation --preset sram-m6-1ua --rows 8 --samples 1 --out plots/ " FAST,
                 "names a folder");
    ck_assert(!tb_exists(tb_path("plots/.csv")) && !tb_exists(tb_path("plots/.png")));
    /* a stray character is named even when the length is wrong too */
    expect_error("column --preset sram-m6-1ua --rows 4 --wl 1111x --w 1111 " FAST,
                 "--wl: character 5 is 'x'");
    expect_error("column --preset sram-m6-1ua --rows 4 --wl \"$(printf '11\\00111')\" --w 1111 " FAST,
                 "--wl: character 3 is byte 0x01");
    /* a newline in a file name stays inside the one line */
    expect_error("vmm --weights \"$(printf 'no\\nsuch.npy')\" --inputs X.npy --scheme binsparx",
                 "no?such.npy: weights: cannot open");
    expect_error("study psum --weights W.npy --inputs X.npy --out \"$(printf 'nodir\\n/p')\"",
                 "nodir?/p.csv");
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
    tcase_add_test(answers, set_values_are_taken_as_given);
    suite_add_tcase(s, answers);
    TCase *files = tcase_create("files");
    tcase_set_timeout(files, 120);
    tcase_add_checked_fixture(files, setup, teardown);
    tcase_add_test(files, outputs_replace_only_regular_files);
    tcase_add_test(files, read_only_outputs_are_refused);
    tcase_add_test(files, planted_temporary_is_not_followed);
    tcase_add_test(files, fifo_and_device_inputs_are_refused_without_hanging);
    tcase_add_test(files, text_inputs_are_bounded);
    tcase_add_test(files, npy_inputs_are_bounded);
    tcase_add_test(files, full_disk_is_reported);
    tcase_add_test(files, out_names_never_reach_gnuplot);
    tcase_add_test(files, output_equal_to_an_input_is_refused);
    tcase_add_test(files, failing_plot_keeps_previous_outputs);
    tcase_add_test(files, messages_name_the_real_problem);
    tcase_add_test(files, usage_and_prefix_errors);
    suite_add_tcase(s, files);
    return tb_run_suite(s);
}
