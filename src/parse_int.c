/* Strict integer option values (no trailing characters, no silent clamping). */
#include "parse_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "bsx_status.h"

int bsx_parse_int(const char *opt, const char *text, int lo, int hi, int *out,
                  char *err)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno == ERANGE) {
        snprintf(err, BSX_ERRLEN, "%s: '%s' is not an integer", opt, text);
        return BSX_EINVAL;
    }
    if (v < lo || v > hi) {
        snprintf(err, BSX_ERRLEN, "%s: %ld is outside %d..%d", opt, v, lo, hi);
        return BSX_EINVAL;
    }
    *out = (int)v;
    return BSX_OK;
}
