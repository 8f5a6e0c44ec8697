/* The options vmm and bnn share (run_mode.h). */
#include "run_mode.h"

#include <stdio.h>

#include "bsx_status.h"
#include "preset_args.h"

int bsx_run_mode_check(const bsx_run_mode *m, bsx_scheme *scheme, char *err)
{
    if (bsx_scheme_parse(m->scheme, scheme) != BSX_OK) {
        snprintf(err, BSX_ERRLEN, "--scheme: '%.64s' is not baseline or binsparx", m->scheme);
        return BSX_EINVAL;
    }
    if (m->ideal && m->preset) {
        snprintf(err, BSX_ERRLEN, "--ideal and --preset exclude each other");
        return BSX_EINVAL;
    }
    if (m->sets.n > 0 && !m->preset) {
        snprintf(err, BSX_ERRLEN, "--set needs --preset");
        return BSX_EINVAL;
    }
    return BSX_OK;
}

int bsx_run_mode_analog(const bsx_run_mode *m, int rows, bsx_analog **out, char *err)
{
    *out = NULL;
    return m->preset ? bsx_analog_from_args(m->preset, m->sets.items, m->sets.n, rows, out, err)
                     : BSX_OK;
}
