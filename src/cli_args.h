/* Strict parsing of numeric command-line values for the bsxsim sub-commands:
 * the whole text must be a number in range, or the option is named in a
 * one-line error. */
#ifndef BSX_CLI_ARGS_H
#define BSX_CLI_ARGS_H

/* Parses `text` (the value of option `opt`, e.g. "--rows") as a decimal
 * integer in lo..hi into *out. err: BSX_ERRLEN bytes. Returns BSX_OK or
 * BSX_EINVAL. */
int bsx_cli_int(const char *opt, const char *text, int lo, int hi, int *out,
                char *err);

#endif
