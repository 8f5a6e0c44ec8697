/* A preset from its name and KEY=VALUE overrides (preset_args.h). */
#include "preset_args.h"

#include <stdio.h>
#include <string.h>

#include "bsx_status.h"

int bsx_preset_from_args(const char *name, char *const *sets, int nsets,
                         bsx_preset *out, char *err)
{
    char why[BSX_ERRLEN];
    if (!name) {
        snprintf(err, BSX_ERRLEN, "missing --preset NAME (bsxsim presets lists them)");
        return BSX_EINVAL;
    }
    bsx_preset p;
    int st = bsx_preset_lookup(name, &p, why);
    if (st != BSX_OK) {
        snprintf(err, BSX_ERRLEN, "--preset: %.440s", why);
        return st;
    }
    for (int i = 0; i < nsets; i++) {
        char key[64];
        const char *eq = strchr(sets[i], '=');
        size_t len = eq ? (size_t)(eq - sets[i]) : 0;
        if (!eq || len == 0 || len >= sizeof(key)) {
            snprintf(err, BSX_ERRLEN, "--set %.64s: expected KEY=VALUE", sets[i]);
            return BSX_EINVAL;
        }
        memcpy(key, sets[i], len);
        key[len] = '\0';
        if (bsx_preset_is_user_set(&p, key)) {
            snprintf(err, BSX_ERRLEN, "--set %.64s: key '%s' is set by an earlier --set "
                     "(give each key once)", sets[i], key);
            return BSX_EINVAL;
        }
        st = bsx_preset_set(&p, key, eq + 1, why);
        if (st != BSX_OK) {
            snprintf(err, BSX_ERRLEN, "--set %.64s: %.400s", sets[i], why);
            return st;
        }
    }
    st = bsx_preset_resolve(&p, why);
    if (st != BSX_OK) {
        snprintf(err, BSX_ERRLEN, "preset %.32s: %.440s", name, why);
        return st;
    }
    *out = p;
    return BSX_OK;
}

int bsx_analog_from_args(const char *name, char *const *sets, int nsets, int rows,
                         bsx_analog **out, char *err)
{
    *out = NULL;
    bsx_preset preset;
    int st = bsx_preset_from_args(name, sets, nsets, &preset, err);
    if (st != BSX_OK || bsx_preset_is_ideal(&preset))
        return st;
    return bsx_analog_create(&preset, rows, out, err);
}
