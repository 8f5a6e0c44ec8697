/* `bsxsim column`: solve one column (or every pattern of a file) on a
 * preset and report column, dummy and net current, I_LSB, the ideal partial
 * sum, the ADC code through the shared SAR rule, the deviation in LSB and
 * the solver statistics; node voltages on request. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "adc.h"
#include "analog.h"
#include "bit_patterns.h"
#include "bsx_status.h"
#include "commands.h"
#include "macro.h"
#include "macro_defaults.h"
#include "options.h"
#include "preset_args.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: bsxsim column --preset P --wl BITS --w BITS [options]\n"
            "       bsxsim column --preset P --patterns FILE [options]\n"
            "  BITS: one 0/1 per row, row 1 (driver end) first. FILE: one 'WL W'\n"
            "  pair per line, '#' starts a comment.\n"
            "  --rows N        rows of the column, 1..4096 (default 64; the macro\n"
            "                  model's largest array)\n"
            "  --adc-bits B    SAR ADC bits, 1..16 (default ceil(log2 N), at most 12)\n"
            "  --set KEY=VALUE override a preset number (bsxsim presets --help)\n"
            "  --table FILE    cell tables from a CSV file (format: bsxsim presets\n"
            "                  --save-table) instead of the preset's device models\n"
            "  --json          JSON (one object per pattern and line)\n"
            "  --nodes         also print the bitline / source-line node voltages\n"
            "  Reports column current (into the op-amp), dummy-column current\n"
            "  (ReRAM), net = column - dummy, I_LSB, ideal partial sum ps =\n"
            "  sum(wl & w), ADC code, deviation = net / I_LSB - ps in LSB, Newton\n"
            "  iterations, the KCL residual at the last iterate and its bound at\n"
            "  the point returned, and the proved bound on the node voltages'\n"
            "  error there when the solver stopped on it (docs/design.md,\n"
            "  solver).\n");
}

struct options {
    const char *preset, *wl, *w, *patterns, *table;
    int rows, adc_bits, json, nodes;
    bsx_opt_list sets;
};

/* One solved pattern. */
struct result {
    int ps, iterations, dummy_iterations;
    unsigned code;
    double current, dummy, net, deviation, residual, residual_bound;
    double voltage_bound; /* proved node-voltage error, V; INFINITY: none */
    double last_step;     /* the last Newton step, V */
};

static int solve(const bsx_analog *a, bsx_analog_ws *ws, const unsigned char *wl,
                 const unsigned char *w, int adc_bits, struct result *r,
                 double *v_b, double *v_s)
{
    bsx_net_current cur;
    int st = bsx_analog_net_current(a, ws, wl, w, &cur, v_b, v_s);
    if (st != BSX_OK)
        return st;
    int rows = bsx_analog_rows(a);
    r->ps = 0;
    for (int i = 0; i < rows; i++)
        r->ps += wl[i] & w[i];
    r->current = cur.column;
    r->dummy = cur.dummy;
    r->net = cur.net;
    r->code = bsx_adc_convert(r->net, (unsigned)adc_bits, bsx_analog_i_lsb(a));
    r->deviation = bsx_analog_deviation_lsb(a, r->net, r->ps);
    r->iterations = cur.column_stats.iterations;
    r->dummy_iterations = cur.dummy_stats.iterations;
    r->residual = fmax(cur.column_stats.residual, cur.dummy_stats.residual);
    r->residual_bound = fmax(cur.column_stats.residual_bound,
                             cur.dummy_stats.residual_bound);
    /* no dummy solve: its stats are zero */
    r->voltage_bound = fmax(cur.column_stats.voltage_bound,
                            bsx_analog_has_dummy(a) ? cur.dummy_stats.voltage_bound
                                                    : 0.0);
    r->last_step = fmax(cur.column_stats.last_step, cur.dummy_stats.last_step);
    return BSX_OK;
}

static void print_nodes_json(const char *key, const double *v, int rows)
{
    printf(", \"%s\":[", key);
    for (int i = 0; i < rows; i++)
        printf("%s%.17g", i ? "," : "", v[i]);
    printf("]");
}

static void print_json(const bsx_analog *a, const struct options *o, int line,
                       const struct result *r, const double *v_b, const double *v_s)
{
    printf("{");
    if (line > 0)
        printf("\"line\":%d, ", line);
    printf("\"preset\":\"%s\", \"rows\":%d, \"current\":%.17g, \"dummy_current\":%.17g, "
           "\"net_current\":%.17g, \"i_lsb\":%.17g, \"ps\":%d, \"adc_bits\":%d, "
           "\"adc_code\":%u, \"deviation_lsb\":%.17g, \"iterations\":%d, "
           "\"dummy_iterations\":%d, \"residual\":%.3g, \"residual_bound\":%.3g, "
           "\"last_step\":%.3g",
           bsx_analog_preset(a)->name, o->rows, r->current, r->dummy, r->net,
           bsx_analog_i_lsb(a), r->ps, o->adc_bits, r->code, r->deviation,
           r->iterations, r->dummy_iterations, r->residual, r->residual_bound,
           r->last_step);
    if (isfinite(r->voltage_bound))
        printf(", \"voltage_bound\":%.3g", r->voltage_bound);
    else
        printf(", \"voltage_bound\":null");
    if (o->nodes) {
        print_nodes_json("v_b", v_b, o->rows);
        print_nodes_json("v_s", v_s, o->rows);
    }
    printf("}\n");
}

static void print_single_text(const bsx_analog *a, const struct options *o,
                              const struct result *r, const double *v_b,
                              const double *v_s)
{
    int dummy = bsx_analog_has_dummy(a);
    printf("preset %s, %d rows, %d-bit ADC%s%s\n", bsx_analog_preset(a)->name, o->rows,
           o->adc_bits, o->table ? ", cell tables from " : "", o->table ? o->table : "");
    printf("  column current   %.9e A   (%d Newton iterations)\n", r->current,
           r->iterations);
    if (dummy)
        printf("  dummy current    %.9e A   (all-HRS column, %d iterations)\n", r->dummy,
               r->dummy_iterations);
    else
        printf("  dummy current    0 A   (no dummy column for this technology)\n");
    printf("  net current      %.9e A\n", r->net);
    printf("  I_LSB            %.9e A\n", bsx_analog_i_lsb(a));
    printf("  partial sum      %d\n", r->ps);
    printf("  ADC code         %u%s\n", r->code,
           r->code == (1u << o->adc_bits) - 1u ? "   (top code: clipped or at full scale)"
                                               : "");
    printf("  deviation        %+.6f LSB\n", r->deviation);
    printf("  KCL residual     %.3g A   (last iterate; <= %.3g A where returned)\n",
           r->residual, r->residual_bound);
    if (isfinite(r->voltage_bound))
        printf("  node voltages    within %.3g V of the solution (proved; last "
               "Newton step %.3g V)\n", r->voltage_bound, r->last_step);
    else
        printf("  node voltages    last Newton step %.3g V (step rule)\n",
               r->last_step);
    if (o->nodes) {
        printf("  %5s %16s %16s\n", "row", "v_b (V)", "v_s (V)");
        for (int i = 0; i < o->rows; i++)
            printf("  %5d %16.12f %16.12f\n", i + 1, v_b[i], v_s[i]);
    }
}

static int run(const struct options *o, const bsx_preset *p, char *err)
{
    bsx_patterns pats = {0, o->rows, NULL, NULL, NULL};
    int st;
    if (o->patterns) {
        st = bsx_patterns_read(o->patterns, o->rows, &pats, err);
    } else {
        pats.n = 1;
        pats.wl = malloc((size_t)o->rows);
        pats.w = malloc((size_t)o->rows);
        pats.line = calloc(1, sizeof(int));
        st = pats.wl && pats.w && pats.line ? BSX_OK : BSX_ENOMEM;
        if (st == BSX_OK)
            st = bsx_bits_parse("--wl", o->wl, o->rows, pats.wl, err);
        if (st == BSX_OK)
            st = bsx_bits_parse("--w", o->w, o->rows, pats.w, err);
    }
    bsx_analog *a = NULL;
    bsx_analog_ws *ws = NULL;
    double *v_b = calloc((size_t)o->rows, sizeof(double));
    double *v_s = calloc((size_t)o->rows, sizeof(double));
    if (st == BSX_OK && (!v_b || !v_s)) {
        snprintf(err, BSX_ERRLEN, "out of memory");
        st = BSX_ENOMEM;
    }
    if (st == BSX_OK)
        st = o->table ? bsx_analog_create_from_csv(p, o->rows, o->table, &a, err)
                      : bsx_analog_create(p, o->rows, &a, err);
    if (st == BSX_OK && bsx_analog_ws_create(a, &ws) != BSX_OK) {
        snprintf(err, BSX_ERRLEN, "out of memory");
        st = BSX_ENOMEM;
    }
    if (st == BSX_OK && o->patterns && !o->json)
        printf("# preset %s, %d rows, %d-bit ADC, I_LSB %.9e A\n"
               "# line ps current_A dummy_A net_A adc_code deviation_lsb iterations "
               "residual_A\n",
               p->name, o->rows, o->adc_bits, bsx_analog_i_lsb(a));
    for (int k = 0; st == BSX_OK && k < pats.n; k++) {
        struct result r;
        size_t off = (size_t)k * (size_t)o->rows;
        st = solve(a, ws, pats.wl + off, pats.w + off, o->adc_bits, &r, v_b, v_s);
        if (st != BSX_OK) {
            if (o->patterns)
                snprintf(err, BSX_ERRLEN, "%.200s:%d: %.300s", o->patterns,
                         pats.line[k], bsx_analog_ws_error(ws));
            else
                snprintf(err, BSX_ERRLEN, "%.400s", bsx_analog_ws_error(ws));
        } else if (o->json) {
            print_json(a, o, pats.line[k], &r, v_b, v_s);
        } else if (o->patterns) {
            printf("%d %d %.12e %.12e %.12e %u %+.6f %d %.3g\n", pats.line[k], r.ps,
                   r.current, r.dummy, r.net, r.code, r.deviation, r.iterations,
                   r.residual);
        } else {
            print_single_text(a, o, &r, v_b, v_s);
        }
    }
    bsx_analog_ws_destroy(ws);
    bsx_analog_destroy(a);
    bsx_patterns_free(&pats);
    free(v_b);
    free(v_s);
    return st;
}

int cmd_column(int argc, char **argv)
{
    char err[BSX_ERRLEN];
    struct options o = {.rows = BSX_DEFAULT_ROWS};
    const bsx_opt opts[] = {
        {"--preset", BSX_OPT_TEXT, &o.preset, 0, 0, NULL},
        {"--wl", BSX_OPT_TEXT, &o.wl, 0, 0, NULL},
        {"--w", BSX_OPT_TEXT, &o.w, 0, 0, NULL},
        {"--patterns", BSX_OPT_TEXT, &o.patterns, 0, 0, NULL},
        {"--table", BSX_OPT_TEXT, &o.table, 0, 0, NULL},
        {"--set", BSX_OPT_LIST, &o.sets, 0, 0, NULL},
        {"--rows", BSX_OPT_INT, &o.rows, 1, BSX_MACRO_MAX_DIM,
         "the macro model's largest array, BSX_MACRO_MAX_DIM in src/macro.h"},
        {"--adc-bits", BSX_OPT_INT, &o.adc_bits, 1, BSX_ADC_MAX_BITS,
         "the SAR ADC model's range, models/adc.h"},
        {"--json", BSX_OPT_FLAG, &o.json, 0, 0, NULL},
        {"--nodes", BSX_OPT_FLAG, &o.nodes, 0, 0, NULL},
    };
    int rc = bsx_opt_parse("bsxsim column", argc, argv, opts, sizeof opts / sizeof opts[0],
                           usage);
    if (rc >= 0)
        return rc;
    rc = 0;
    if (!o.preset) {
        fprintf(stderr, "bsxsim column: --preset is required (see --help)\n");
        return BSX_EXIT_USAGE;
    }
    if (!o.patterns == !(o.wl || o.w) || (!o.patterns && !(o.wl && o.w))) {
        fprintf(stderr, "bsxsim column: give either --wl and --w, or --patterns\n");
        return BSX_EXIT_USAGE;
    }
    if (o.adc_bits == 0)
        o.adc_bits = bsx_default_adc_bits(o.rows, BSX_SCHEME_BASELINE);
    bsx_preset p;
    int st = bsx_preset_from_args(o.preset, o.sets.items, o.sets.n, &p, err);
    if (st == BSX_OK && bsx_preset_is_ideal(&p)) {
        snprintf(err, BSX_ERRLEN, "preset ideal has no analog column to solve");
        st = BSX_EINVAL;
    }
    if (st == BSX_OK)
        st = run(&o, &p, err);
    if (st != BSX_OK) {
        bsx_cli_fail("bsxsim column", err);
        rc = 1;
    }
    return rc;
}
