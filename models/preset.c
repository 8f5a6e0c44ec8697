/* The presets by name: the names, and the defaults each one starts from
 * (sources in the key table, preset_keys.c); bsx_preset_lookup then
 * resolves them (preset_resolve.c). */
#include "preset.h"

#include <stdio.h>
#include <string.h>

#include "bsx_status.h"
#include "column.h"

static const char *const preset_names[] = {
    "sram-m3-1ua",  "sram-m3-2ua",  "sram-m4-1ua",  "sram-m4-2ua",  "sram-m6-1ua",
    "sram-m6-2ua",  "reram-m3-1ua", "reram-m3-2ua", "reram-m4-1ua", "reram-m4-2ua",
    "reram-m6-1ua", "reram-m6-2ua", "ideal",
};

#define NPRESETS ((int)(sizeof(preset_names) / sizeof(preset_names[0])))

int bsx_preset_count(void) { return NPRESETS; }

const char *bsx_preset_name(int i)
{
    return i >= 0 && i < NPRESETS ? preset_names[i] : NULL;
}

int bsx_preset_is_ideal(const bsx_preset *p) { return p->tech == BSX_TECH_IDEAL; }

static int parse_name(const char *name, bsx_preset *p)
{
    char tech[8], metal[4], ion[4], rest[2];
    if (strlen(name) >= sizeof(p->name))
        return 0;
    if (strcmp(name, "ideal") == 0) {
        p->tech = BSX_TECH_IDEAL;
        return 1;
    }
    if (sscanf(name, "%7[a-z]-%3[a-z0-9]-%3[a-z0-9]%1s", tech, metal, ion, rest) != 3)
        return 0;
    if (strcmp(tech, "sram") == 0)
        p->tech = BSX_TECH_SRAM;
    else if (strcmp(tech, "reram") == 0)
        p->tech = BSX_TECH_RERAM;
    else
        return 0;
    if (strcmp(metal, "m3") && strcmp(metal, "m4") && strcmp(metal, "m6"))
        return 0;
    p->metal = metal[1] - '0';
    if (strcmp(ion, "1ua") && strcmp(ion, "2ua"))
        return 0;
    p->i_on_target = (ion[0] - '0') * 1e-6;
    return 1;
}

int bsx_preset_lookup(const char *name, bsx_preset *out, char *err)
{
    bsx_preset p;
    memset(&p, 0, sizeof(p));
    if (!parse_name(name, &p)) {
        int n = snprintf(err, BSX_ERRLEN, "unknown preset '%.64s' (known:", name);
        for (int i = 0; i < NPRESETS && n > 0 && n < BSX_ERRLEN; i++)
            n += snprintf(err + n, (size_t)(BSX_ERRLEN - n), " %s", preset_names[i]);
        if (n > 0 && n < BSX_ERRLEN)
            snprintf(err + n, (size_t)(BSX_ERRLEN - n), ")");
        return BSX_EINVAL;
    }
    snprintf(p.name, sizeof(p.name), "%s", name);
    if (p.tech != BSX_TECH_IDEAL) {
        int sram = p.tech == BSX_TECH_SRAM;
        p.wire_basis = BSX_WIRE_SIZE_EFFECT;
        p.cell_pitch_um = sram ? 0.165 : 0.095;
        p.r_drv = 100.0;
        p.r_sink = 10.0;
        p.sink_same_end = 0;
        p.v_read = 0.2;
        p.i_hrs_target = sram ? 0.0 : 0.1e-6;
        bsx_fet_defaults(BSX_FET_RVT, &p.fet);
        p.v_wl_on = 0.7;
        if (!sram)
            bsx_reram_defaults(&p.reram);
        p.table_step_v = 2e-3;
        p.table_margin_v = 0.01;
        bsx_solve_options solve;
        bsx_solve_defaults(&solve);
        p.solver_tol_v = solve.tol_v;
        p.solver_tol_rel_i = solve.tol_rel_i;
    }
    int st = bsx_preset_resolve(&p, err);
    if (st == BSX_OK)
        *out = p;
    return st;
}

