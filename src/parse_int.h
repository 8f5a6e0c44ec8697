/* Strict parsing of integer option values, for both front ends (bsxsim's
 * option table, the RTL configuration that bsxsim-cosim also reads): the
 * whole text must be a number in range, or the option is named in a
 * one-line error. */
#ifndef BSX_PARSE_INT_H
#define BSX_PARSE_INT_H

/* Parses `text` (the value of option `opt`, e.g. "--rows") as a decimal
 * integer in lo..hi into *out: an optional '-' and digits, nothing else (no
 * white space, no '+'). err: BSX_ERRLEN bytes. Returns BSX_OK or
 * BSX_EINVAL. */
int bsx_parse_int(const char *opt, const char *text, int lo, int hi, int *out,
                  char *err);

/* The same, naming the rule behind lo..hi (or NULL) in the range error:
 * "--rows: 5000 is outside 1..4096 (RULE)". */
int bsx_parse_int_rule(const char *opt, const char *text, int lo, int hi,
                       const char *rule, int *out, char *err);

#endif
