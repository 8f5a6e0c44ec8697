/* Strict parsing of integer option values, for both front ends (bsxsim's
 * option table, the RTL configuration that bsxsim-cosim also reads): the
 * whole text must be a number in range, or the option is named in a
 * one-line error. */
#ifndef BSX_PARSE_INT_H
#define BSX_PARSE_INT_H

/* Parses `text` (the value of option `opt`, e.g. "--rows") as a decimal
 * integer in lo..hi into *out. err: BSX_ERRLEN bytes. Returns BSX_OK or
 * BSX_EINVAL. */
int bsx_parse_int(const char *opt, const char *text, int lo, int hi, int *out,
                  char *err);

#endif
