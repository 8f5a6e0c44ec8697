/* The options bsxsim vmm and bsxsim bnn share: the scheme, ideal or an
 * analog preset with its overrides, ADC bits, threads and JSON output, as
 * rows of their option tables (options.h), and one check of how they go
 * together. */
#ifndef BSX_CLI_RUN_MODE_H
#define BSX_CLI_RUN_MODE_H

#include "adc.h"
#include "analog.h"
#include "macro.h"
#include "options.h"

typedef struct {
    const char *scheme, *preset;
    bsx_opt_list sets;
    int ideal, json;
    int bits;    /* 0: the default for the rows and scheme */
    int threads; /* start at 1 */
} bsx_run_mode;

/* The option table rows that fill m. */
#define BSX_RUN_MODE_OPTIONS(m)                                                       \
    {"--scheme", BSX_OPT_TEXT, &(m).scheme, 0, 0, NULL},                              \
        {"--preset", BSX_OPT_TEXT, &(m).preset, 0, 0, NULL},                          \
        {"--set", BSX_OPT_LIST, &(m).sets, 0, 0, NULL},                               \
        {"--adc-bits", BSX_OPT_INT, &(m).bits, 1, BSX_ADC_MAX_BITS, NULL},            \
        {"--threads", BSX_OPT_INT, &(m).threads, 1, 256, NULL},                       \
        {"--ideal", BSX_OPT_FLAG, &(m).ideal, 0, 0, NULL},                            \
        {"--json", BSX_OPT_FLAG, &(m).json, 0, 0, NULL}

/* The scheme into *scheme, and the rules: --ideal and --preset exclude each
 * other, --set needs --preset. BSX_OK or BSX_EINVAL with one line in err
 * (BSX_ERRLEN bytes). */
int bsx_run_mode_check(const bsx_run_mode *m, bsx_scheme *scheme, char *err);

/* The analog array model of --preset (with the --set overrides) for arrays
 * of `rows` rows; *out stays NULL in ideal mode. Errors as
 * bsx_analog_from_args. */
int bsx_run_mode_analog(const bsx_run_mode *m, int rows, bsx_analog **out, char *err);

#endif
