/* `bsxsim config`: one RTL macro configuration resolved (defaults of
 * macro_defaults.h, B and OW from N) and checked against the RTL's rules,
 * printed as text, as JSON (scripts/sta.py and scripts/latency.py read it)
 * or as the Verilog parameters (the Makefile's lint, synth and benches).
 * Text and JSON carry the latency formula's cycles (bsx_rtl_latency_cycles). */
#include <stdio.h>

#include "bsx_status.h"
#include "commands.h"
#include "options.h"
#include "rtl_config.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: bsxsim config [--scheme baseline|binsparx] [--rows N] [--cols M]\n"
            "                     [--adcs K] [--adc-bits B] [--tree-stages T] [--settle S]\n"
            "                     [--out-bits OW] [--json | --params]\n\n"
            "Resolves and checks one configuration of the RTL macro (rtl/bsx_macro.sv), the\n"
            "same way bsxsim-cosim does before it builds a model. Defaults (src/\n"
            "macro_defaults.h): binsparx, 64 x 64, K = 8, TREE_STAGES 2, SETTLE 1; B is\n"
            "ceil(log2 N) baseline, one fewer BinSparX; OW the smallest width holding\n"
            "equation (1). Rules: 4 <= N <= %d, 2 <= M <= %d, K divides M,\n"
            "1 <= B <= $clog2(N+1) (below the default: warned, partial sums clip),\n"
            "0 <= TREE_STAGES < $clog2(N), baseline TREE_STAGES <= SETTLE + B - 2,\n"
            "OW from the minimum to 32. --params prints the Verilog parameters\n"
            "(P=V ...), --json the whole configuration with its name. Both text and JSON\n"
            "give the latency in cycles by the schedule of rtl/bsx_macro.sv's header\n"
            "(bsxsim-cosim measures it).\n",
            BSX_RTL_MAX_DIM, BSX_RTL_MAX_DIM);
}

int cmd_config(int argc, char **argv)
{
    bsx_rtl_config cfg;
    bsx_rtl_config_defaults(&cfg, BSX_SCHEME_BINSPARX);
    char err[BSX_ERRLEN], warning[BSX_ERRLEN];
    int json = 0, params = 0;
    /* --json, --params and the configuration options */
    const char *values[BSX_RTL_CONFIG_OPTIONS] = {0};
    bsx_opt opts[BSX_RTL_CONFIG_OPTIONS + 2] = {
        {"--json", BSX_OPT_FLAG, &json, 0, 0, NULL},
        {"--params", BSX_OPT_FLAG, &params, 0, 0, NULL},
    };
    for (size_t k = 0; k < BSX_RTL_CONFIG_OPTIONS; k++)
        opts[k + 2] = (bsx_opt){bsx_rtl_config_option(k), BSX_OPT_TEXT, &values[k], 0, 0, NULL};
    int rc = bsx_opt_parse("bsxsim config", argc, argv, opts, sizeof opts / sizeof opts[0],
                           usage);
    if (rc >= 0)
        return rc;
    for (size_t k = 0; k < BSX_RTL_CONFIG_OPTIONS; k++)
        if (values[k] && bsx_rtl_config_set(&cfg, bsx_rtl_config_option(k), values[k], err)
                             != BSX_OK) {
            bsx_cli_fail("bsxsim config", err);
            return BSX_EXIT_FAIL;
        }
    if (json && params) {
        fprintf(stderr, "bsxsim config: --json and --params exclude each other\n");
        return BSX_EXIT_USAGE;
    }
    if (bsx_rtl_config_resolve(&cfg, warning, err) != BSX_OK) {
        bsx_cli_fail("bsxsim config", err);
        return 1;
    }
    if (warning[0])
        fprintf(stderr, "bsxsim config: warning: %s\n", warning);
    char name[128], plist[256];
    bsx_rtl_config_name(&cfg, name, sizeof name);
    bsx_rtl_config_params(&cfg, plist, sizeof plist);
    const bsx_macro_config *m = &cfg.macro;
    if (params) {
        printf("%s\n", plist);
    } else if (json) {
        printf("{\"name\": \"%s\", \"scheme\": \"%s\", \"rows\": %d, \"cols\": %d, \"adcs\": %d, "
               "\"adc_bits\": %d, \"default_adc_bits\": %d, \"tree_stages\": %d, \"settle\": %d, "
               "\"out_bits\": %d, \"latency_cycles\": %d, \"params\": \"%s\", "
               "\"warning\": \"%s\"}\n",
               name, bsx_scheme_name(m->scheme), m->rows, m->cols, m->adcs, m->adc_bits,
               bsx_default_adc_bits(m->rows, m->scheme), cfg.tree_stages, cfg.settle,
               cfg.out_bits, bsx_rtl_latency_cycles(&cfg), plist, warning);
    } else {
        printf("configuration %s\n  %s\n  %d x %d array, %d ADCs of %d bits, %d round%s of "
               "conversions, result width %d\n  latency %d cycles per input vector and tile\n",
               name, plist, m->rows, m->cols, m->adcs, m->adc_bits, m->cols / m->adcs,
               m->cols / m->adcs == 1 ? "" : "s", cfg.out_bits, bsx_rtl_latency_cycles(&cfg));
    }
    return 0;
}
