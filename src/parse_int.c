/* Strict integer option values: an optional '-' and decimal digits, nothing
 * else (no leading or trailing white space or '+', which strtol alone would
 * take), in range; no silent clamping. */
#include "parse_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "bsx_status.h"

int bsx_parse_int(const char *opt, const char *text, int lo, int hi, int *out,
                  char *err)
{
    return bsx_parse_int_rule(opt, text, lo, hi, NULL, out, err);
}

int bsx_parse_int_rule(const char *opt, const char *text, int lo, int hi,
                       const char *rule, int *out, char *err)
{
    char *end = (char *)text;
    long v = 0;
    errno = 0;
    if (isdigit((unsigned char)text[text[0] == '-']))
        v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno == ERANGE) {
        snprintf(err, BSX_ERRLEN, "%s: '%.64s' is not an integer (decimal digits "
                 "and an optional '-', no spaces)", opt, text);
        return BSX_EINVAL;
    }
    if (v < lo || v > hi) {
        snprintf(err, BSX_ERRLEN, "%s: %ld is outside %d..%d%s%s%s", opt, v, lo, hi,
                 rule ? " (" : "", rule ? rule : "", rule ? ")" : "");
        return BSX_EINVAL;
    }
    *out = (int)v;
    return BSX_OK;
}
