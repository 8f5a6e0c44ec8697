/* `bsxsim vmm`: a whole-layer VMM of .npy weights and inputs on the reference
 * macro (baseline or BinSparX, ideal or analog), written as .npy, with a
 * report of clips, mismatches against the exact X @ W, partial sums,
 * currents and speed. */
#include <stdio.h>
#include <stdlib.h>

#include "bsx_status.h"
#include "commands.h"
#include "macro.h"
#include "npy.h"
#include "options.h"
#include "run_mode.h"
#include "safe_file.h"
#include "vmm.h"

typedef struct {
    const char *weights, *inputs, *out;
    bsx_run_mode mode;
    int rows, cols, adcs; /* 0: default */
} vmm_args;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: bsxsim vmm --weights W.npy --inputs X.npy [--out Y.npy]\n"
            "                  --scheme baseline|binsparx [--ideal | --preset P [--set K=V]...]\n"
            "                  [--adc-bits B] [--rows N] [--cols M] [--adcs K] [--threads T] [--json]\n\n"
            "Reference VMM Y = X @ W on N x M arrays (default 64 x 64, K = 8 ADCs). B\n"
            "defaults to what the scheme needs for N rows: ceil(log2 N) baseline, one\n"
            "fewer BinSparX (6 and 5 for 64 rows); a smaller --adc-bits is warned about\n"
            "(partial sums above 2^B - 1 clip). W: +-1 (rows, cols); X: +-1 (batch, rows);\n"
            "Y: int32 (batch, cols). Row tiles are summed digitally, column tiles sit side\n"
            "by side. --ideal (default) skips the analog model; --preset solves every\n"
            "column on that design point (bsxsim presets lists them; --set overrides a\n"
            "number). The report counts clipped codes (code 2^B - 1) and outputs that\n"
            "differ from the exact X @ W, split into clips and analog errors, and the\n"
            "distribution of e = Y - X @ W over all outputs: mean |e|, RMS, mean and the\n"
            "histogram of e (value:count for every value that occurs; JSON error_histogram\n"
            "[[e, count], ...], with |e| > 256 counted in errors_below/above_range).\n");
}

/* Scheme, array size, ADCs and threads from the arguments; one line on error. */
static int configure(const vmm_args *a, bsx_macro_config *cfg, int *threads, char *err)
{
    bsx_scheme scheme;
    if (bsx_run_mode_check(&a->mode, &scheme, err) != BSX_OK)
        return BSX_EINVAL;
    bsx_macro_defaults(cfg, scheme);
    cfg->rows = a->rows ? a->rows : cfg->rows;
    cfg->cols = a->cols ? a->cols : cfg->cols;
    cfg->adcs = a->adcs ? a->adcs : cfg->adcs;
    cfg->adc_bits = a->mode.bits ? a->mode.bits : bsx_default_adc_bits(cfg->rows, scheme);
    *threads = a->mode.threads;
    return bsx_macro_config_check(cfg, err) == BSX_OK ? BSX_OK : BSX_EINVAL;
}

static double per_second(double count, double seconds)
{
    return seconds > 0.0 ? count / seconds : 0.0;
}

/* The non-empty bins of the error histogram as "e:count" pairs, eight to a
 * line, each line after the first indented by `indent`. */
static void print_error_histogram(const bsx_vmm_stats *st, const char *indent)
{
    int shown = 0;
    if (st->errors_below)
        shown++, printf("<%d:%llu", -BSX_VMM_ERROR_RANGE, (unsigned long long)st->errors_below);
    for (int e = -BSX_VMM_ERROR_RANGE; e <= BSX_VMM_ERROR_RANGE; e++) {
        uint64_t n = st->error_histogram[e + BSX_VMM_ERROR_RANGE];
        if (!n)
            continue;
        printf("%s%d:%llu", shown == 0 ? "" : shown % 8 ? "  " : indent, e, (unsigned long long)n);
        shown++;
    }
    if (st->errors_above)
        printf("%s>%d:%llu", shown == 0 ? "" : shown % 8 ? "  " : indent, BSX_VMM_ERROR_RANGE,
               (unsigned long long)st->errors_above);
    printf("\n");
}

static void report_text(const vmm_args *a, const bsx_macro_config *cfg,
                        const bsx_layer *layer, const bsx_analog *analog,
                        const bsx_vmm_stats *st, int threads)
{
    size_t tiles = bsx_layer_row_tiles(layer) * bsx_layer_col_tiles(layer);
    double conv = st->conversions > 0 ? (double)st->conversions : 1.0;
    printf("bsxsim vmm: %s, %s, arrays of %d x %d, %d ADCs of %d bits\n",
           bsx_scheme_name(cfg->scheme), a->mode.preset ? a->mode.preset : "ideal", cfg->rows,
           cfg->cols, cfg->adcs, cfg->adc_bits);
    printf("  layer             %zu x %zu weights, %zu x %zu tiles, batch %zu\n",
           bsx_layer_rows(layer), bsx_layer_cols(layer), bsx_layer_row_tiles(layer),
           bsx_layer_col_tiles(layer), st->batch);
    printf("  outputs           %zu%s%s\n", st->batch * bsx_layer_cols(layer),
           a->out ? " -> " : " (no --out, not written)", a->out ? a->out : "");
    printf("  mismatches        %llu vs exact X @ W (clip %llu, analog %llu), max |error| %d\n",
           (unsigned long long)st->mismatches, (unsigned long long)st->mismatches_clip,
           (unsigned long long)st->mismatches_analog, (int)st->max_abs_error);
    printf("  error Y - X @ W   mean |e| %.4f, RMS %.4f, mean %+.4f (over all outputs)\n",
           st->mean_abs_error, st->rms_error, st->mean_error);
    printf("  error histogram   ");
    print_error_histogram(st, "\n                    ");
    printf("  clipped codes     %llu of %llu conversions (%.3f %%), ideal ps above the top code %llu\n",
           (unsigned long long)st->clipped_codes, (unsigned long long)st->conversions,
           100.0 * (double)st->clipped_codes / conv, (unsigned long long)st->overflow_codes);
    printf("  activation flips  %llu of %llu sub-vectors\n",
           (unsigned long long)st->activation_flips,
           (unsigned long long)(st->batch * bsx_layer_row_tiles(layer)));
    printf("  mean partial sum  %.4f\n", st->mean_psum);
    if (analog) {
        printf("  I_LSB             %.6g A%s\n", bsx_analog_i_lsb(analog),
               bsx_analog_has_dummy(analog) ? " (dummy column subtracted)" : "");
        printf("  mean column I     %.6g A\n", st->mean_current);
        printf("  solver            %llu solves, %.2f Newton iterations per solve, %.1f %% of the time\n",
               (unsigned long long)st->solves,
               st->solves ? (double)st->solver_iterations / (double)st->solves : 0.0,
               st->seconds > 0.0 ? 100.0 * st->solver_seconds / (st->seconds * threads) : 0.0);
        printf("  batched solve     %s, the tile's columns and dummy together\n",
               bsx_analog_simd_path());
    }
    printf("  time              %.6f s, %.1f VMMs/s, %.1f array VMMs/s (%d thread%s)\n",
           st->seconds, per_second((double)st->batch, st->seconds),
           per_second((double)(st->batch * tiles), st->seconds), threads,
           threads == 1 ? "" : "s");
}

static void report_json(const vmm_args *a, const bsx_macro_config *cfg,
                        const bsx_layer *layer, const bsx_analog *analog,
                        const bsx_vmm_stats *st, int threads)
{
    size_t tiles = bsx_layer_row_tiles(layer) * bsx_layer_col_tiles(layer);
    printf("{\"scheme\": \"%s\", \"mode\": \"%s\", \"rows\": %d, \"cols\": %d, "
           "\"adcs\": %d, \"adc_bits\": %d, \"threads\": %d, \"i_lsb_a\": %.17g,\n",
           bsx_scheme_name(cfg->scheme), a->mode.preset ? a->mode.preset : "ideal", cfg->rows,
           cfg->cols, cfg->adcs, cfg->adc_bits, threads,
           analog ? bsx_analog_i_lsb(analog) : 0.0);
    printf(" \"layer_rows\": %zu, \"layer_cols\": %zu, \"row_tiles\": %zu, \"col_tiles\": %zu, "
           "\"batch\": %zu, \"outputs\": %zu,\n",
           bsx_layer_rows(layer), bsx_layer_cols(layer), bsx_layer_row_tiles(layer),
           bsx_layer_col_tiles(layer), st->batch, st->batch * bsx_layer_cols(layer));
    printf(" \"mismatches\": %llu, \"mismatches_clip\": %llu, \"mismatches_analog\": %llu, "
           "\"max_abs_error\": %d,\n",
           (unsigned long long)st->mismatches, (unsigned long long)st->mismatches_clip,
           (unsigned long long)st->mismatches_analog, (int)st->max_abs_error);
    printf(" \"error_mean\": %.17g, \"error_mean_abs\": %.17g, \"error_rms\": %.17g,\n",
           st->mean_error, st->mean_abs_error, st->rms_error);
    printf(" \"error_histogram\": [");
    int shown = 0;
    for (int e = -BSX_VMM_ERROR_RANGE; e <= BSX_VMM_ERROR_RANGE; e++)
        if (st->error_histogram[e + BSX_VMM_ERROR_RANGE])
            printf("%s[%d, %llu]", shown++ ? ", " : "", e,
                   (unsigned long long)st->error_histogram[e + BSX_VMM_ERROR_RANGE]);
    printf("], \"error_histogram_range\": %d, \"errors_below_range\": %llu, "
           "\"errors_above_range\": %llu,\n",
           BSX_VMM_ERROR_RANGE, (unsigned long long)st->errors_below,
           (unsigned long long)st->errors_above);
    printf(" \"conversions\": %llu, \"clipped_codes\": %llu, \"overflow_codes\": %llu, "
           "\"activation_flips\": %llu,\n",
           (unsigned long long)st->conversions, (unsigned long long)st->clipped_codes,
           (unsigned long long)st->overflow_codes, (unsigned long long)st->activation_flips);
    printf(" \"mean_psum\": %.17g, \"mean_current_a\": %.17g, \"solves\": %llu, "
           "\"solver_iterations\": %llu, \"iterations_per_solve\": %.6g, "
           "\"solver_seconds\": %.9f,\n",
           st->mean_psum, st->mean_current, (unsigned long long)st->solves,
           (unsigned long long)st->solver_iterations,
           st->solves ? (double)st->solver_iterations / (double)st->solves : 0.0,
           st->solver_seconds);
    printf(" \"simd_path\": \"%s\",\n", analog ? bsx_analog_simd_path() : "");
    printf(" \"seconds\": %.9f, \"vmms_per_s\": %.6g, \"array_vmms_per_s\": %.6g}\n",
           st->seconds, per_second((double)st->batch, st->seconds),
           per_second((double)(st->batch * tiles), st->seconds));
}

/* Loads, runs and writes; returns the exit code. */
static int run(const vmm_args *a)
{
    char err[BSX_ERRLEN] = "";
    bsx_macro_config cfg;
    int threads;
    if (configure(a, &cfg, &threads, err) != BSX_OK) {
        bsx_cli_fail("bsxsim vmm", err);
        return 1;
    }
    char warning[BSX_ERRLEN];
    if (bsx_adc_bits_clip_warning(&cfg, warning))
        fprintf(stderr, "bsxsim vmm: warning: %s\n", warning);
    bsx_pm1_matrix w = {0}, x = {0};
    bsx_layer *layer = NULL;
    bsx_analog *analog = NULL;
    int32_t *y = NULL;
    int code = 1;
    if (a->out && (bsx_out_check(a->out, "--out", err) != BSX_OK
                   || bsx_check_distinct(a->out, "--out", a->weights, "--weights",
                                         err) != BSX_OK
                   || bsx_check_distinct(a->out, "--out", a->inputs, "--inputs",
                                         err) != BSX_OK))
        goto done;
    if (bsx_vmm_read_operands(a->weights, a->inputs, &w, &x, err) != BSX_OK)
        goto done;
    if (bsx_layer_program(&cfg, w.data, w.rows, w.cols, &layer, err) != BSX_OK)
        goto done;
    if (bsx_run_mode_analog(&a->mode, cfg.rows, &analog, err) != BSX_OK)
        goto done;
    y = malloc(x.rows * w.cols * sizeof *y);
    if (!y) {
        snprintf(err, BSX_ERRLEN, "outputs: %s", bsx_strerror(BSX_ENOMEM));
        goto done;
    }
    bsx_vmm_options opts;
    bsx_vmm_defaults(&opts);
    opts.threads = threads;
    opts.analog = analog;
    bsx_vmm_stats st;
    if (bsx_vmm_run(layer, x.data, x.rows, &opts, y, &st, err) != BSX_OK)
        goto done;
    if (a->out && bsx_npy_write_i32(a->out, x.rows, w.cols, y, err) != BSX_OK)
        goto done;
    if (a->mode.bits && st.overflow_codes > 0)
        fprintf(stderr,
                "bsxsim vmm: warning: --adc-bits %d clipped %llu of %llu conversions (%.3f %%): "
                "their partial sums were above the top code %d\n",
                cfg.adc_bits, (unsigned long long)st.overflow_codes,
                (unsigned long long)st.conversions,
                100.0 * (double)st.overflow_codes / (double)st.conversions,
                (1 << cfg.adc_bits) - 1);
    if (a->mode.json)
        report_json(a, &cfg, layer, analog, &st, threads);
    else
        report_text(a, &cfg, layer, analog, &st, threads);
    code = 0;
done:
    if (code != 0)
        bsx_cli_fail("bsxsim vmm", err);
    free(y);
    bsx_layer_destroy(layer);
    bsx_analog_destroy(analog);
    bsx_pm1_free(&w);
    bsx_pm1_free(&x);
    return code;
}

int cmd_vmm(int argc, char **argv)
{
    vmm_args a = {.mode.threads = 1};
    const bsx_opt opts[] = {
        {"--weights", BSX_OPT_TEXT, &a.weights, 0, 0, NULL},
        {"--inputs", BSX_OPT_TEXT, &a.inputs, 0, 0, NULL},
        {"--out", BSX_OPT_TEXT, &a.out, 0, 0, NULL},
        {"--rows", BSX_OPT_INT, &a.rows, 1, BSX_MACRO_MAX_DIM, NULL},
        {"--cols", BSX_OPT_INT, &a.cols, 1, BSX_MACRO_MAX_DIM, NULL},
        {"--adcs", BSX_OPT_INT, &a.adcs, 1, BSX_MACRO_MAX_DIM, NULL},
        BSX_RUN_MODE_OPTIONS(a.mode),
    };
    int rc = bsx_opt_parse("bsxsim vmm", argc, argv, opts, sizeof opts / sizeof opts[0], usage);
    if (rc >= 0)
        return rc;
    if (!a.weights || !a.inputs || !a.mode.scheme) {
        fprintf(stderr, "bsxsim vmm: --weights, --inputs and --scheme are required (see --help)\n");
        return BSX_EXIT_USAGE;
    }
    return run(&a);
}
