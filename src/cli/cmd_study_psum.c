/* `bsxsim study psum`: the ideal partial sums every array column sees for a
 * layer and a batch of inputs, baseline against BinSparX (the paper's Fig. 1
 * and Fig. 4): histograms 0..N, means and the reduction of the mean, written
 * as PREFIX.csv and a gnuplot PREFIX.png (plot_output.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bsx_status.h"
#include "commands.h"
#include "macro.h"
#include "macro_defaults.h"
#include "npy.h"
#include "options.h"
#include "plot_output.h"
#include "vmm.h"

typedef struct {
    const char *weights, *inputs, *prefix;
    int rows, threads, json;
} psum_args;

/* One scheme's result. */
typedef struct {
    bsx_macro_config cfg;
    uint64_t *histogram; /* rows + 1 */
    bsx_vmm_stats stats;
} psum_run;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: bsxsim study psum --weights W.npy --inputs X.npy [--rows N] [--out PREFIX]\n"
            "                         [--threads T] [--json]\n\n"
            "Histogram of the ideal partial sums of every array column (0..N, N = 64 by\n"
            "default) for baseline and BinSparX on these weights and inputs, the means and\n"
            "the reduction of the mean in %%. Writes PREFIX.csv and PREFIX.png (default\n"
            "PREFIX: psum). Codes at the top are counted with the ADC bits each scheme\n"
            "needs for N rows: ceil(log2 N) baseline, one fewer BinSparX; the plot marks\n"
            "each scheme's top code. --threads: worker threads over the batch (default 1;\n"
            "the result does not depend on it). --json: one JSON object (histograms\n"
            "included) instead of the table.\n");
}

static int run_scheme(const bsx_pm1_matrix *w, const bsx_pm1_matrix *x, int rows, int threads,
                      bsx_scheme scheme, psum_run *r, char *err)
{
    bsx_macro_defaults(&r->cfg, scheme);
    r->cfg.rows = rows;
    r->cfg.adc_bits = bsx_default_adc_bits(rows, scheme);
    r->histogram = calloc((size_t)rows + 1, sizeof *r->histogram);
    int32_t *y = malloc(x->rows * w->cols * sizeof *y);
    bsx_layer *layer = NULL;
    int st = r->histogram && y ? BSX_OK : BSX_ENOMEM;
    if (st != BSX_OK)
        snprintf(err, BSX_ERRLEN, "psum: %s", bsx_strerror(st));
    else
        st = bsx_layer_program(&r->cfg, w->data, w->rows, w->cols, &layer, err);
    if (st == BSX_OK) {
        bsx_vmm_options opts;
        bsx_vmm_defaults(&opts);
        opts.psum_histogram = r->histogram;
        opts.threads = threads;
        st = bsx_vmm_run(layer, x->data, x->rows, &opts, y, &r->stats, err);
    }
    bsx_layer_destroy(layer);
    free(y);
    return st;
}

/* The CSV's rows: psum, counts and fractions per scheme. */
typedef struct {
    const psum_run *base, *bsx;
    int rows;
} psum_table;

static void print_psum_rows(FILE *f, const void *data)
{
    const psum_table *t = data;
    double nb = (double)t->base->stats.conversions, nx = (double)t->bsx->stats.conversions;
    for (int p = 0; p <= t->rows; p++)
        fprintf(f, "%d,%llu,%llu,%.9g,%.9g\n", p, (unsigned long long)t->base->histogram[p],
                (unsigned long long)t->bsx->histogram[p], (double)t->base->histogram[p] / nb,
                (double)t->bsx->histogram[p] / nx);
}

/* PREFIX.csv and PREFIX.png. */
static int write_outputs(const char *prefix, const psum_run *base, const psum_run *bsx,
                         int rows, char *err)
{
    char setup[768], plot_cmd[512];
    char title[96];
    snprintf(title, sizeof title, "Ideal partial sums per %d-row array column", rows);
    int at = snprintf(setup, sizeof setup,
                      "set xrange [-0.5:%d.5]\nset style fill solid 0.5 noborder\n"
                      "set boxwidth 0.45\nset grid ytics\nset key top right", rows);
    /* the top ADC code of each scheme: partial sums from there up clip */
    const psum_run *runs[2] = {base, bsx};
    for (int s = 0; s < 2; s++) {
        int top = (1 << runs[s]->cfg.adc_bits) - 1;
        const char *color = s ? "#2471a3" : "#c0392b";
        if (top > rows)
            continue;
        at += snprintf(setup + at, sizeof setup - (size_t)at,
                       "\nset arrow from %d, graph 0 to %d, graph 1 nohead dt 2 lw 1.5 "
                       "lc rgb '%s'\nset label '%s top code %d (%d bits)' at %d, graph %.2f "
                       "%s tc rgb '%s'",
                       top, top, color, s ? "BinSparX" : "baseline", top,
                       runs[s]->cfg.adc_bits, top, s ? 0.70 : 0.60,
                       2 * top > rows ? "right offset -0.5,0" : "left offset 0.5,0", color);
    }
    snprintf(plot_cmd, sizeof plot_cmd,
             "plot $d using ($1-0.22):4 with boxes lc rgb '#c0392b' "
             "title sprintf('baseline (mean %%.2f)', %.6f), $d using ($1+0.22):5 "
             "with boxes lc rgb '#2471a3' title sprintf('BinSparX (mean %%.2f)', %.6f)",
             base->stats.mean_psum, bsx->stats.mean_psum);
    const bsx_plot plot = {900, 560, title, "partial sum",
                           "fraction of column conversions", setup, plot_cmd};
    const psum_table table = {base, bsx, rows};
    return bsx_plot_write(prefix, "psum,baseline_count,binsparx_count,baseline_fraction,"
                          "binsparx_fraction", print_psum_rows, &table, &plot, err);
}

static void report(const psum_args *a, const bsx_pm1_matrix *w, const bsx_pm1_matrix *x,
                   const psum_run *runs)
{
    printf("bsxsim study psum: weights %s (%zu x %zu), inputs %s (batch %zu), arrays of %d rows\n",
           a->weights, w->rows, w->cols, a->inputs, x->rows, a->rows);
    printf("  %-9s %12s %10s %8s %18s\n", "scheme", "conversions", "mean psum", "max psum",
           "codes at top (B)");
    for (int s = 0; s < 2; s++) {
        const psum_run *r = &runs[s];
        int max = 0;
        for (int p = 0; p <= a->rows; p++)
            if (r->histogram[p])
                max = p;
        printf("  %-9s %12llu %10.4f %8d %14llu (%d)\n", bsx_scheme_name(r->cfg.scheme),
               (unsigned long long)r->stats.conversions, r->stats.mean_psum, max,
               (unsigned long long)r->stats.clipped_codes, r->cfg.adc_bits);
    }
    double base = runs[0].stats.mean_psum, bsx = runs[1].stats.mean_psum;
    if (base > 0.0)
        printf("  reduction of the mean partial sum: %.2f %%\n", 100.0 * (base - bsx) / base);
    else
        printf("  reduction of the mean partial sum: n/a (baseline mean is 0)\n");
    printf("  wrote %s.csv and %s.png\n", a->prefix, a->prefix);
}

/* --json: the numbers of report() and both histograms, one object. */
static void report_json(const psum_args *a, const bsx_pm1_matrix *w, const bsx_pm1_matrix *x,
                        const psum_run *runs)
{
    json_t *root = json_object(), *schemes = json_array();
    json_object_set_new(root, "weights_rows", json_integer((json_int_t)w->rows));
    json_object_set_new(root, "weights_cols", json_integer((json_int_t)w->cols));
    json_object_set_new(root, "batch", json_integer((json_int_t)x->rows));
    json_object_set_new(root, "rows", json_integer(a->rows));
    for (int s = 0; s < 2; s++) {
        const psum_run *r = &runs[s];
        json_t *o = json_object(), *hist = json_array();
        for (int p = 0; p <= a->rows; p++)
            json_array_append_new(hist, json_integer((json_int_t)r->histogram[p]));
        json_object_set_new(o, "scheme", json_string(bsx_scheme_name(r->cfg.scheme)));
        json_object_set_new(o, "adc_bits", json_integer(r->cfg.adc_bits));
        json_object_set_new(o, "top_code", json_integer((1 << r->cfg.adc_bits) - 1));
        json_object_set_new(o, "conversions", json_integer((json_int_t)r->stats.conversions));
        json_object_set_new(o, "mean_psum", json_real(r->stats.mean_psum));
        json_object_set_new(o, "codes_at_top", json_integer((json_int_t)r->stats.clipped_codes));
        json_object_set_new(o, "histogram", hist);
        json_array_append_new(schemes, o);
    }
    json_object_set_new(root, "schemes", schemes);
    double base = runs[0].stats.mean_psum, bsx = runs[1].stats.mean_psum;
    json_object_set_new(root, "reduction_percent",
                        base > 0.0 ? json_real(100.0 * (base - bsx) / base) : json_null());
    json_object_set_new(root, "out", json_string(a->prefix));
    json_dumpf(root, stdout, JSON_COMPACT | JSON_REAL_PRECISION(17));
    putchar('\n');
    json_decref(root);
}

static int run(const psum_args *a)
{
    char err[BSX_ERRLEN] = "";
    bsx_pm1_matrix w = {0}, x = {0};
    psum_run runs[2];
    memset(runs, 0, sizeof runs);
    int code = 1;
    const char *const in[] = {a->weights, a->inputs};
    const char *const in_what[] = {"--weights", "--inputs"};
    if (bsx_plot_check(a->prefix, 2, in, in_what, err) != BSX_OK)
        goto done;
    if (bsx_vmm_read_operands(a->weights, a->inputs, &w, &x, err) != BSX_OK)
        goto done;
    if (run_scheme(&w, &x, a->rows, a->threads, BSX_SCHEME_BASELINE, &runs[0], err) != BSX_OK ||
        run_scheme(&w, &x, a->rows, a->threads, BSX_SCHEME_BINSPARX, &runs[1], err) != BSX_OK ||
        write_outputs(a->prefix, &runs[0], &runs[1], a->rows, err) != BSX_OK)
        goto done;
    if (a->json)
        report_json(a, &w, &x, runs);
    else
        report(a, &w, &x, runs);
    code = 0;
done:
    if (code != 0)
        bsx_cli_fail("bsxsim study psum", err);
    free(runs[0].histogram);
    free(runs[1].histogram);
    bsx_pm1_free(&w);
    bsx_pm1_free(&x);
    return code;
}

int cmd_study_psum(int argc, char **argv)
{
    psum_args a = {.prefix = "psum", .rows = BSX_DEFAULT_ROWS, .threads = 1};
    const bsx_opt opts[] = {
        {"--weights", BSX_OPT_TEXT, &a.weights, 0, 0, NULL},
        {"--inputs", BSX_OPT_TEXT, &a.inputs, 0, 0, NULL},
        {"--out", BSX_OPT_TEXT, &a.prefix, 0, 0, NULL},
        {"--rows", BSX_OPT_INT, &a.rows, 1, BSX_MACRO_MAX_DIM, NULL},
        {"--threads", BSX_OPT_INT, &a.threads, 1, 256, NULL},
        {"--json", BSX_OPT_FLAG, &a.json, 0, 0, NULL},
    };
    int rc = bsx_opt_parse("bsxsim study psum", argc, argv, opts, sizeof opts / sizeof opts[0],
                           usage);
    if (rc >= 0)
        return rc;
    if (!a.weights || !a.inputs) {
        fprintf(stderr, "bsxsim study psum: --weights and --inputs are required (see --help)\n");
        return BSX_EXIT_USAGE;
    }
    return run(&a);
}
