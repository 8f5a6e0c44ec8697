/* `bsxsim study deviation`: mean / min / max current deviation in LSB
 * against the ideal partial sum (paper Fig. 2d) on one preset, with a
 * verdict on whether the mean curve is superlinear. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>

#include "bsx_status.h"
#include "commands.h"
#include "deviation_study.h"
#include "macro.h"
#include "options.h"
#include "plot_output.h"
#include "preset_args.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: bsxsim study deviation --preset P [--samples S] [--seed N]\n"
            "                              [--rows N] [--out PREFIX] [--set KEY=VALUE ...]\n"
            "                              [--table FILE] [--threads T] [--json]\n"
            "  For every partial sum x in 0..N, S random column patterns (default\n"
            "  10000) with exactly x ON cells (wl = w = 1), every other row uniformly\n"
            "  (0,0), (0,1) or (1,0); prints mean, min and max of the deviation\n"
            "  net / I_LSB - x in LSB, and whether |mean| grows superlinearly: the\n"
            "  exponent p of a least-squares fit |mean| = c x^p over x in N/8..N\n"
            "  (superlinear when p > 1). --out writes PREFIX.csv and PREFIX.png.\n"
            "  --seed: random seed (default 1). --table: cell tables from a CSV file\n"
            "  (bsxsim presets --save-table writes one) instead of the device models.\n"
            "  --threads: worker threads over x (default 1; the result does not depend\n"
            "  on it). --json: one JSON object instead of the table. On a terminal the\n"
            "  progress (x values done) is shown on stderr.\n");
}

struct options {
    const char *preset, *out, *table;
    int rows, samples, seed, threads, json;
    bsx_opt_list sets;
};

/* --json: the same numbers as report(), one object on stdout. */
static void report_json(const bsx_preset *p, const struct options *o,
                        const bsx_deviation_point *pts)
{
    int n = o->rows, lo = n / 8 > 1 ? n / 8 : 1;
    double p_exp = bsx_deviation_exponent(pts, lo, n);
    json_t *root = json_object(), *points = json_array();
    json_object_set_new(root, "preset", json_string(p->name));
    json_object_set_new(root, "rows", json_integer(n));
    json_object_set_new(root, "samples", json_integer(o->samples));
    json_object_set_new(root, "seed", json_integer(o->seed));
    json_object_set_new(root, "i_lsb_a", json_real(p->i_lsb));
    for (int x = 0; x <= n; x++) {
        json_t *pt = json_object();
        json_object_set_new(pt, "x", json_integer(x));
        json_object_set_new(pt, "mean_lsb", json_real(pts[x].mean));
        json_object_set_new(pt, "min_lsb", json_real(pts[x].min));
        json_object_set_new(pt, "max_lsb", json_real(pts[x].max));
        json_array_append_new(points, pt);
    }
    json_object_set_new(root, "points", points);
    json_object_set_new(root, "fit_x_lo", json_integer(lo));
    json_object_set_new(root, "fit_x_hi", json_integer(n));
    json_object_set_new(root, "exponent", isnan(p_exp) ? json_null() : json_real(p_exp));
    json_object_set_new(root, "superlinear",
                        isnan(p_exp) ? json_null() : json_boolean(p_exp > 1.0));
    if (o->out)
        json_object_set_new(root, "out", json_string(o->out));
    json_dumpf(root, stdout, JSON_COMPACT | JSON_REAL_PRECISION(17));
    putchar('\n');
    json_decref(root);
}

/* Progress on a terminal: x values done, rewritten in place on stderr and
 * wiped at the end. */
static void show_progress(void *ctx, int done, int total)
{
    (void)ctx;
    fprintf(stderr, "\rbsxsim study deviation: x %d of %d done", done, total);
    if (done == total)
        fprintf(stderr, "\r%60s\r", "");
    fflush(stderr);
}

static void report(const bsx_preset *p, const struct options *o,
                   const bsx_deviation_point *pts)
{
    int n = o->rows;
    printf("# deviation study: preset %s, %d rows, %d samples per x, seed %d, "
           "I_LSB %.6e A\n",
           p->name, n, o->samples, o->seed, p->i_lsb);
    printf("# %4s %14s %14s %14s\n", "x", "mean_lsb", "min_lsb", "max_lsb");
    for (int x = 0; x <= n; x++)
        printf("  %4d %14.6f %14.6f %14.6f\n", x, pts[x].mean, pts[x].min, pts[x].max);
    printf("mean deviation:");
    const int marks[] = {n / 4, n / 2, n};
    for (int k = 0; k < 3; k++)
        printf(" x=%d %.4f LSB%s", marks[k], pts[marks[k]].mean, k < 2 ? "," : "\n");
    int lo = n / 8 > 1 ? n / 8 : 1;
    double p_exp = bsx_deviation_exponent(pts, lo, n);
    printf("power-law exponent of |mean| over x = %d..%d: %.3f -> %s\n", lo, n, p_exp,
           isnan(p_exp) ? "undetermined (no deviation)"
                        : p_exp > 1.0 ? "superlinear" : "not superlinear");
}

/* The CSV's rows: x, samples, mean, min, max in LSB. */
typedef struct {
    const bsx_deviation_point *pts;
    int rows;
} deviation_table;

static void print_deviation_rows(FILE *f, const void *data)
{
    const deviation_table *t = data;
    for (int x = 0; x <= t->rows; x++)
        fprintf(f, "%d,%ld,%.9g,%.9g,%.9g\n", t->pts[x].x, t->pts[x].samples,
                t->pts[x].mean, t->pts[x].min, t->pts[x].max);
}

/* PREFIX.csv and PREFIX.png. */
static int write_outputs(const char *prefix, const char *title,
                         const bsx_deviation_point *pts, int rows, char *err)
{
    /* BinSparX keeps every column at ps <= n/2: the range it uses */
    char setup[320];
    snprintf(setup, sizeof setup,
             "set grid\nset key left bottom\n"
             "set arrow from %g, graph 0 to %g, graph 1 nohead dt 2 lw 1.5 lc rgb '#c0392b'\n"
             "set label 'x = n/2 = %g: BinSparX keeps ps <= n/2' at %g, graph 0.96 "
             "offset 0.5,0 tc rgb '#c0392b'",
             rows / 2.0, rows / 2.0, rows / 2.0, rows / 2.0);
    const bsx_plot plot = {
        800, 560, title, "ideal partial sum x (ON cells)", "deviation (LSB)", setup,
        "plot $d using 1:4:5 with filledcurves lc rgb '#c8d8f0' title "
        "'min..max', $d using 1:3 with linespoints lw 2 pt 7 ps 0.5 lc rgb "
        "'#1f4e9a' title 'mean'"};
    const deviation_table table = {pts, rows};
    return bsx_plot_write(prefix, "x,samples,mean_dev_lsb,min_dev_lsb,max_dev_lsb",
                          print_deviation_rows, &table, &plot, err);
}

int cmd_study_deviation(int argc, char **argv)
{
    char err[BSX_ERRLEN];
    struct options o = {.rows = 64, .samples = 10000, .seed = 1, .threads = 1};
    const bsx_opt opts[] = {
        {"--preset", BSX_OPT_TEXT, &o.preset, 0, 0, NULL},
        {"--out", BSX_OPT_TEXT, &o.out, 0, 0, NULL},
        {"--table", BSX_OPT_TEXT, &o.table, 0, 0, NULL},
        {"--set", BSX_OPT_LIST, &o.sets, 0, 0, NULL},
        {"--samples", BSX_OPT_INT, &o.samples, 1, 100000000, NULL},
        {"--seed", BSX_OPT_INT, &o.seed, 0, 2147483647, NULL},
        {"--rows", BSX_OPT_INT, &o.rows, 1, BSX_MACRO_MAX_DIM, NULL},
        {"--threads", BSX_OPT_INT, &o.threads, 1, 256, NULL},
        {"--json", BSX_OPT_FLAG, &o.json, 0, 0, NULL},
    };
    int rc = bsx_opt_parse("bsxsim study deviation", argc, argv, opts,
                           sizeof opts / sizeof opts[0], usage);
    if (rc >= 0)
        return rc;
    if (!o.preset) {
        fprintf(stderr, "bsxsim study deviation: --preset is required (see --help)\n");
        return BSX_EXIT_USAGE;
    }
    rc = 0;
    bsx_preset p;
    bsx_analog *a = NULL;
    bsx_deviation_point *pts = calloc((size_t)o.rows + 1, sizeof(*pts));
    int st = pts ? bsx_preset_from_args(o.preset, o.sets.items, o.sets.n, &p, err) : BSX_ENOMEM;
    if (!pts)
        snprintf(err, BSX_ERRLEN, "out of memory");
    const char *const in[] = {o.table};
    const char *const in_what[] = {"--table"};
    if (st == BSX_OK && o.out)
        st = bsx_plot_check(o.out, 1, in, in_what, err);
    if (st == BSX_OK && bsx_preset_is_ideal(&p)) {
        snprintf(err, BSX_ERRLEN, "preset ideal has no deviation (no analog model)");
        st = BSX_EINVAL;
    }
    if (st == BSX_OK)
        st = o.table ? bsx_analog_create_from_csv(&p, o.rows, o.table, &a, err)
                     : bsx_analog_create(&p, o.rows, &a, err);
    bsx_deviation_options dopts = {o.threads, isatty(STDERR_FILENO) ? show_progress : NULL,
                                   NULL};
    if (st == BSX_OK)
        st = bsx_deviation_study(a, o.samples, (uint64_t)o.seed, &dopts, pts, err);
    if (st == BSX_OK && o.out) {
        char title[128];
        snprintf(title, sizeof(title), "%s: deviation vs partial sum (%d rows, %d samples/x)",
                 p.name, o.rows, o.samples);
        st = write_outputs(o.out, title, pts, o.rows, err);
    }
    if (st == BSX_OK && o.json) {
        report_json(bsx_analog_preset(a), &o, pts);
    } else if (st == BSX_OK) {
        report(bsx_analog_preset(a), &o, pts);
        if (o.out)
            printf("wrote %s.csv and %s.png\n", o.out, o.out);
    } else {
        bsx_cli_fail("bsxsim study deviation", err);
        rc = 1;
    }
    bsx_analog_destroy(a);
    free(pts);
    return rc;
}
