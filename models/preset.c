/* Preset table (defaults with their sources, docs/parameters.md), the key table
 * behind `--set KEY=VALUE` and the JSON printer, and the resolution of
 * derived and calibrated numbers. */
#include "preset.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "calibrate.h"
#include "cell_table.h"
#include "cell_table_nodes.h"

/* R per um of line (docs/parameters.md section 1), by basis and metal. The
 * size-effect values are the midpoints of the stated ranges. */
static double wire_r_per_um(int basis, int metal)
{
    static const double size_effect[] = {153.5, 63.5, 27.5};
    static const double orfs[] = {31.3, 18.0, 11.9};
    int m = metal == 3 ? 0 : metal == 4 ? 1 : 2;
    return basis == BSX_WIRE_ORFS ? orfs[m] : size_effect[m];
}

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

/* ---- keys ---- */

enum kind { K_NAME, K_TECH, K_BASIS, K_METAL, K_FLAVOUR, K_INT, K_DOUBLE };
enum domain { D_NONNEG, D_POSITIVE, D_BOOL, D_NFIN };
#define SRAM (1u << BSX_TECH_SRAM)
#define RERAM (1u << BSX_TECH_RERAM)
#define BOTH (SRAM | RERAM)

struct key {
    const char *name;
    enum kind kind;
    size_t offset;
    const char *unit;
    unsigned techs;   /* technologies it is printed for */
    unsigned set_techs; /* technologies it may be set for (0: read-only) */
    enum domain domain;
};

#define F(field) offsetof(bsx_preset, field)
static const struct key keys[] = {
    {"name", K_NAME, F(name), "", BOTH, 0, D_NONNEG},
    {"tech", K_TECH, F(tech), "", BOTH, 0, D_NONNEG},
    {"wire_basis", K_BASIS, F(wire_basis), "", BOTH, BOTH, D_NONNEG},
    {"metal", K_METAL, F(metal), "", BOTH, BOTH, D_NONNEG},
    {"r_per_um", K_DOUBLE, F(r_per_um), "Ohm/um", BOTH, BOTH, D_NONNEG},
    {"cell_pitch_um", K_DOUBLE, F(cell_pitch_um), "um", BOTH, BOTH, D_NONNEG},
    {"r_bl", K_DOUBLE, F(r_bl), "Ohm", BOTH, BOTH, D_NONNEG},
    {"r_sl", K_DOUBLE, F(r_sl), "Ohm", BOTH, BOTH, D_NONNEG},
    {"r_drv", K_DOUBLE, F(r_drv), "Ohm", BOTH, BOTH, D_NONNEG},
    {"r_sink", K_DOUBLE, F(r_sink), "Ohm", BOTH, BOTH, D_NONNEG},
    {"sink_same_end", K_INT, F(sink_same_end), "", BOTH, BOTH, D_BOOL},
    {"v_read", K_DOUBLE, F(v_read), "V", BOTH, BOTH, D_POSITIVE},
    {"i_on_target", K_DOUBLE, F(i_on_target), "A", BOTH, BOTH, D_POSITIVE},
    {"i_hrs_target", K_DOUBLE, F(i_hrs_target), "A", BOTH, RERAM, D_POSITIVE},
    {"fet.flavour", K_FLAVOUR, F(fet.flavour), "", BOTH, BOTH, D_NONNEG},
    {"fet.nfin", K_INT, F(fet.nfin), "", BOTH, BOTH, D_NFIN},
    {"fet.w_fin_m", K_DOUBLE, F(fet.w_fin_m), "m", BOTH, BOTH, D_POSITIVE},
    {"fet.lg_m", K_DOUBLE, F(fet.lg_m), "m", BOTH, BOTH, D_POSITIVE},
    {"fet.cinv", K_DOUBLE, F(fet.cinv), "F/m^2", BOTH, BOTH, D_POSITIVE},
    {"fet.alpha", K_DOUBLE, F(fet.alpha), "", BOTH, BOTH, D_POSITIVE},
    {"fet.beta", K_DOUBLE, F(fet.beta), "", BOTH, BOTH, D_POSITIVE},
    {"fet.phit", K_DOUBLE, F(fet.phit), "V", BOTH, BOTH, D_POSITIVE},
    {"fet.vt0", K_DOUBLE, F(fet.vt0), "V", BOTH, BOTH, D_NONNEG},
    {"fet.n", K_DOUBLE, F(fet.n), "", BOTH, BOTH, D_POSITIVE},
    {"fet.delta", K_DOUBLE, F(fet.delta), "V/V", BOTH, BOTH, D_NONNEG},
    {"fet.vxo", K_DOUBLE, F(fet.vxo), "m/s", BOTH, BOTH, D_POSITIVE},
    {"fet.mu", K_DOUBLE, F(fet.mu), "m^2/Vs", BOTH, BOTH, D_POSITIVE},
    {"fet.rs_ohm_m", K_DOUBLE, F(fet.rs_ohm_m), "Ohm.m", BOTH, BOTH, D_NONNEG},
    {"v_wl_on", K_DOUBLE, F(v_wl_on), "V", BOTH, BOTH, D_NONNEG},
    {"v_q_on", K_DOUBLE, F(v_q_on), "V", BOTH, SRAM, D_NONNEG},
    {"reram.i0", K_DOUBLE, F(reram.i0), "A", RERAM, RERAM, D_POSITIVE},
    {"reram.g0_m", K_DOUBLE, F(reram.g0_m), "m", RERAM, RERAM, D_POSITIVE},
    {"reram.v0", K_DOUBLE, F(reram.v0), "V", RERAM, RERAM, D_POSITIVE},
    {"reram.gap_lrs_m", K_DOUBLE, F(gap_lrs_m), "m", RERAM, RERAM, D_NONNEG},
    {"reram.gap_hrs_m", K_DOUBLE, F(gap_hrs_m), "m", RERAM, RERAM, D_NONNEG},
    {"table_step_v", K_DOUBLE, F(table_step_v), "V", BOTH, BOTH, D_POSITIVE},
    {"table_margin_v", K_DOUBLE, F(table_margin_v), "V", BOTH, BOTH, D_NONNEG},
    {"i_on", K_DOUBLE, F(i_on), "A", BOTH, 0, D_NONNEG},
    {"i_hrs", K_DOUBLE, F(i_hrs), "A", BOTH, 0, D_NONNEG},
    {"i_lsb", K_DOUBLE, F(i_lsb), "A", BOTH, 0, D_NONNEG},
};
#undef F

#define NKEYS ((int)(sizeof(keys) / sizeof(keys[0])))
_Static_assert(sizeof(keys) / sizeof(keys[0]) <= 64, "user_set has 64 bits");

int bsx_preset_key_count(void) { return NKEYS; }

const char *bsx_preset_key_name(int k)
{
    return k >= 0 && k < NKEYS ? keys[k].name : NULL;
}

const char *bsx_preset_key_unit(int k)
{
    return k >= 0 && k < NKEYS ? keys[k].unit : NULL;
}

int bsx_preset_key_is_string(int k)
{
    return k >= 0 && k < NKEYS && keys[k].kind <= K_FLAVOUR;
}

int bsx_preset_key_applies(const bsx_preset *p, int k)
{
    if (k < 0 || k >= NKEYS)
        return 0;
    if (p->tech == BSX_TECH_IDEAL)
        return keys[k].kind == K_NAME || keys[k].kind == K_TECH;
    return (keys[k].techs >> p->tech) & 1u;
}

/* Index of a key given as "fet.vt0" or bare "vt0"; -1 when unknown. */
static int find_key(const char *name)
{
    for (int k = 0; k < NKEYS; k++) {
        const char *dot = strchr(keys[k].name, '.');
        if (strcmp(name, keys[k].name) == 0 || (dot && strcmp(name, dot + 1) == 0))
            return k;
    }
    return -1;
}

static int is_user_set(const bsx_preset *p, const char *key)
{
    int k = find_key(key);
    return k >= 0 && ((p->user_set >> k) & 1u);
}

/* The field of key k (a double or an int, by its kind). */
static double *dbl(bsx_preset *p, int k)
{
    return (double *)(void *)((char *)p + keys[k].offset);
}

static int *integer(bsx_preset *p, int k)
{
    return (int *)(void *)((char *)p + keys[k].offset);
}

static double get_dbl(const bsx_preset *p, int k)
{
    return *(const double *)(const void *)((const char *)p + keys[k].offset);
}

static int get_int(const bsx_preset *p, int k)
{
    return *(const int *)(const void *)((const char *)p + keys[k].offset);
}

static const char *tech_name(int tech)
{
    return tech == BSX_TECH_SRAM ? "sram" : tech == BSX_TECH_RERAM ? "reram" : "ideal";
}

void bsx_preset_key_text(const bsx_preset *p, int k, int digits, char *buf,
                         int n)
{
    switch (keys[k].kind) {
    case K_NAME: snprintf(buf, (size_t)n, "%s", p->name); break;
    case K_TECH: snprintf(buf, (size_t)n, "%s", tech_name(p->tech)); break;
    case K_BASIS:
        snprintf(buf, (size_t)n, "%s",
                 p->wire_basis == BSX_WIRE_ORFS ? "orfs" : "size-effect");
        break;
    case K_METAL: snprintf(buf, (size_t)n, "m%d", p->metal); break;
    case K_FLAVOUR:
        snprintf(buf, (size_t)n, "%s", bsx_fet_flavour_name(p->fet.flavour));
        break;
    case K_INT: snprintf(buf, (size_t)n, "%d", get_int(p, k)); break;
    case K_DOUBLE: snprintf(buf, (size_t)n, "%.*g", digits, get_dbl(p, k)); break;
    }
}

const char *bsx_preset_key_source(const bsx_preset *p, int k)
{
    const char *key = keys[k].name;
    int sram = p->tech == BSX_TECH_SRAM;
    if ((p->user_set >> k) & 1u)
        return "user (--set)";
    if (strcmp(key, "name") == 0 || strcmp(key, "tech") == 0 ||
        strcmp(key, "metal") == 0)
        return "preset name";
    if (strcmp(key, "wire_basis") == 0)
        return "Est: size-effect is the paper's basis (parameters.md 1); orfs optional";
    if (strcmp(key, "r_per_um") == 0)
        return p->wire_basis == BSX_WIRE_ORFS
                   ? "E: ORFS ASAP7 setRC (parameters.md 1)"
                   : "Est: midpoint of the size-effect range (parameters.md 1)";
    if (strcmp(key, "cell_pitch_um") == 0)
        return sram ? "Est: midpoint of 0.11-0.22 um for 8T-SRAM (parameters.md 2)"
                    : "Est: midpoint of 0.08-0.11 um for 1T-1ReRAM (parameters.md 2)";
    if (strcmp(key, "r_bl") == 0 || strcmp(key, "r_sl") == 0)
        return "D: cell_pitch_um x r_per_um";
    if (strcmp(key, "r_drv") == 0)
        return "Est: assumed driver resistance (override it)";
    if (strcmp(key, "r_sink") == 0)
        return "Est: assumed residual of the op-amp virtual ground (override it)";
    if (strcmp(key, "sink_same_end") == 0)
        return "design.md 3: far-end sink by default";
    if (strcmp(key, "v_read") == 0)
        return "Est: 0.2 V, the bias of the ReRAM gaps in parameters.md 3";
    if (strcmp(key, "i_on_target") == 0)
        return "E: paper's I_ON (1 or 2 uA)";
    if (strcmp(key, "i_hrs_target") == 0)
        return sram ? "n/a: 8T-SRAM has no HRS target" : "E: paper's HRS current about 0.1 uA";
    if (strcmp(key, "fet.flavour") == 0 || strcmp(key, "fet.nfin") == 0)
        return "Est: 1-fin RVT (ASAP7 regular VT)";
    if (strcmp(key, "fet.w_fin_m") == 0 || strcmp(key, "fet.lg_m") == 0 ||
        strcmp(key, "fet.alpha") == 0 || strcmp(key, "fet.beta") == 0 ||
        strcmp(key, "fet.phit") == 0)
        return "E/D: VS model constants (parameters.md 4)";
    if (strcmp(key, "fet.cinv") == 0)
        return "Est: assumed 2.5 uF/cm^2 (parameters.md 4)";
    if (strncmp(key, "fet.", 4) == 0)
        return "D: VS fit to ASAP7 MEJ Table 3 (parameters.md 4)";
    if (strcmp(key, "v_wl_on") == 0)
        return sram ? "D: calibrated, V_DD tuning (v_wl_on = v_q_on)"
                    : "E: ASAP7 VDD 0.7 V (parameters.md 4)";
    if (strcmp(key, "v_q_on") == 0)
        return sram ? "D: calibrated, V_DD tuning (v_wl_on = v_q_on)"
                    : "n/a: 1T-1ReRAM has no storage-gated FET";
    if (strncmp(key, "reram.gap", 9) == 0)
        return "D: calibrated with the access FET in series";
    if (strncmp(key, "reram.", 6) == 0)
        return "E: Jiang TED'16 Table I bilayer (parameters.md 3)";
    if (strncmp(key, "table_", 6) == 0)
        return "Est: chosen grid of the cell tables (error measured by tests)";
    return "D: cell model at V_b = v_read, V_s = 0";
}

/* ---- lookup ---- */

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
    }
    int st = bsx_preset_resolve(&p, err);
    if (st == BSX_OK)
        *out = p;
    return st;
}

/* ---- set ---- */

static int parse_value(const struct key *key, const char *value, double *out,
                       char *err)
{
    char *end;
    double v = strtod(value, &end);
    if (end == value || *end != '\0' || !isfinite(v)) {
        snprintf(err, BSX_ERRLEN, "key '%s': '%.64s' is not a finite number",
                 key->name, value);
        return BSX_EINVAL;
    }
    const char *need = NULL;
    if (key->domain == D_NONNEG && v < 0.0)
        need = "must be >= 0";
    else if (key->domain == D_POSITIVE && !(v > 0.0))
        need = "must be > 0";
    else if (key->domain == D_BOOL && v != 0.0 && v != 1.0)
        need = "must be 0 or 1";
    else if (key->domain == D_NFIN && (v != floor(v) || v < 1.0 || v > 64.0))
        need = "must be a whole number of fins in 1..64";
    if (need) {
        snprintf(err, BSX_ERRLEN, "key '%s': %.64s %s", key->name, value, need);
        return BSX_EINVAL;
    }
    *out = v;
    return BSX_OK;
}

int bsx_preset_set(bsx_preset *p, const char *key, const char *value, char *err)
{
    int k = find_key(key);
    if (k < 0) {
        snprintf(err, BSX_ERRLEN,
                 "unknown key '%.64s' (bsxsim presets --preset P lists the keys)", key);
        return BSX_EINVAL;
    }
    const struct key *kd = &keys[k];
    if (!kd->set_techs) {
        snprintf(err, BSX_ERRLEN, "key '%s' is %s, not settable", kd->name,
                 kd->kind == K_DOUBLE ? "solved (set its target instead)"
                                      : "fixed by the preset name");
        return BSX_EINVAL;
    }
    if (p->tech == BSX_TECH_IDEAL || !((kd->set_techs >> p->tech) & 1u)) {
        snprintf(err, BSX_ERRLEN, "key '%s' does not apply to %s presets",
                 kd->name, tech_name(p->tech));
        return BSX_EINVAL;
    }
    double v = 0.0;
    switch (kd->kind) {
    case K_BASIS:
        if (strcmp(value, "size-effect") == 0)
            p->wire_basis = BSX_WIRE_SIZE_EFFECT;
        else if (strcmp(value, "orfs") == 0)
            p->wire_basis = BSX_WIRE_ORFS;
        else {
            snprintf(err, BSX_ERRLEN,
                     "key 'wire_basis': '%.64s' is not size-effect or orfs", value);
            return BSX_EINVAL;
        }
        break;
    case K_METAL:
        if (strcmp(value, "m3") && strcmp(value, "m4") && strcmp(value, "m6")) {
            snprintf(err, BSX_ERRLEN, "key 'metal': '%.64s' is not m3, m4 or m6",
                     value);
            return BSX_EINVAL;
        }
        p->metal = value[1] - '0';
        break;
    case K_FLAVOUR: {
        int f = bsx_fet_flavour_parse(value);
        if (f < 0) {
            snprintf(err, BSX_ERRLEN,
                     "key 'fet.flavour': '%.64s' is not rvt, lvt, slvt or sram", value);
            return BSX_EINVAL;
        }
        /* the flavour's fitted numbers, except the fet.* keys given with
         * --set (in any order) and the fin count */
        bsx_preset old = *p;
        bsx_fet_defaults(f, &p->fet);
        p->fet.nfin = old.fet.nfin;
        for (int j = 0; j < NKEYS; j++)
            if (strncmp(keys[j].name, "fet.", 4) == 0 && keys[j].kind == K_DOUBLE
                && ((p->user_set >> j) & 1u))
                *dbl(p, j) = get_dbl(&old, j);
        break;
    }
    case K_INT:
        if (parse_value(kd, value, &v, err) != BSX_OK)
            return BSX_EINVAL;
        *integer(p, k) = (int)v;
        break;
    default:
        if (parse_value(kd, value, &v, err) != BSX_OK)
            return BSX_EINVAL;
        *dbl(p, k) = v;
        break;
    }
    p->user_set |= (uint64_t)1 << k;
    p->resolved = 0;
    return BSX_OK;
}

/* ---- resolve ---- */

void bsx_preset_cell(const bsx_preset *p, bsx_cell *out)
{
    memset(out, 0, sizeof(*out));
    out->topology = p->tech == BSX_TECH_SRAM ? BSX_CELL_SRAM_8T : BSX_CELL_RERAM_1T1R;
    out->fet = p->fet;
    out->v_wl_on = p->v_wl_on;
    out->v_q_on = p->v_q_on;
    out->reram = p->reram;
    out->gap_lrs_m = p->gap_lrs_m;
    out->gap_hrs_m = p->gap_hrs_m;
}

static int calibrate(bsx_preset *p, char *err)
{
    bsx_cell cell;
    bsx_preset_cell(p, &cell);
    int st = BSX_OK;
    if (p->tech == BSX_TECH_SRAM) {
        int wl_set = is_user_set(p, "v_wl_on"), q_set = is_user_set(p, "v_q_on");
        if (!wl_set && !q_set)
            st = bsx_calibrate_sram_gate(&cell, p->v_read, p->i_on_target, err);
        else if (!q_set) /* one V_DD for both gates */
            cell.v_q_on = cell.v_wl_on;
        else if (!wl_set)
            cell.v_wl_on = cell.v_q_on;
    } else {
        if (!(p->i_hrs_target < p->i_on_target)) {
            snprintf(err, BSX_ERRLEN,
                     "i_hrs_target %.4g A must be below i_on_target %.4g A",
                     p->i_hrs_target, p->i_on_target);
            return BSX_EINVAL;
        }
        if (!is_user_set(p, "reram.gap_lrs_m"))
            st = bsx_calibrate_reram_gap(&cell, 1, p->v_read, p->i_on_target, err);
        if (st == BSX_OK && !is_user_set(p, "reram.gap_hrs_m"))
            st = bsx_calibrate_reram_gap(&cell, 0, p->v_read, p->i_hrs_target, err);
    }
    if (st != BSX_OK)
        return st;
    p->v_wl_on = cell.v_wl_on;
    p->v_q_on = cell.v_q_on;
    p->gap_lrs_m = cell.gap_lrs_m;
    p->gap_hrs_m = cell.gap_hrs_m;
    if (bsx_cell_current(&cell, BSX_STATE(1, 1), p->v_read, 0.0, &p->i_on, NULL) ||
        bsx_cell_current(&cell, BSX_STATE(1, 0), p->v_read, 0.0, &p->i_hrs, NULL)) {
        snprintf(err, BSX_ERRLEN, "cell model did not converge at the read bias");
        return BSX_ENOCONV;
    }
    p->i_lsb = p->tech == BSX_TECH_RERAM ? p->i_on - p->i_hrs : p->i_on;
    if (!(p->i_lsb > 0.0)) {
        snprintf(err, BSX_ERRLEN,
                 "I_LSB %.4g A is not positive (ON cell not above HRS)",
                 p->i_lsb);
        return BSX_EINVAL;
    }
    return BSX_OK;
}

double bsx_preset_table_points(const bsx_preset *p)
{
    return ceil((p->v_read + 2.0 * p->table_margin_v) / p->table_step_v - 1e-9) + 1.0;
}

int bsx_preset_table_grid(const bsx_preset *p, bsx_grid *out)
{
    double points = bsx_preset_table_points(p);
    if (!(points >= 4.0 && points <= 1024.0))
        return BSX_EINVAL;
    double lo = -p->table_margin_v, hi = p->v_read + p->table_margin_v;
    bsx_grid g = {lo, hi, lo, hi, (int)points, (int)points};
    *out = g;
    return BSX_OK;
}

int bsx_preset_resolve(bsx_preset *p, char *err)
{
    if (p->tech == BSX_TECH_IDEAL) {
        p->resolved = 1;
        return BSX_OK;
    }
    if (!is_user_set(p, "r_per_um"))
        p->r_per_um = wire_r_per_um(p->wire_basis, p->metal);
    if (!is_user_set(p, "r_bl"))
        p->r_bl = p->cell_pitch_um * p->r_per_um;
    if (!is_user_set(p, "r_sl"))
        p->r_sl = p->cell_pitch_um * p->r_per_um;
    for (int k = 0; k < NKEYS; k++)
        if (keys[k].kind == K_DOUBLE && !isfinite(get_dbl(p, k))) {
            snprintf(err, BSX_ERRLEN, "%s is %g %s, not finite (%s)", keys[k].name,
                     get_dbl(p, k), keys[k].unit,
                     bsx_preset_key_source(p, k));
            return BSX_ERANGE;
        }
    bsx_grid grid;
    const char *problem = NULL;
    double points = bsx_preset_table_points(p);
    if (!(points >= 4.0 && points <= 1024.0) || bsx_preset_table_grid(p, &grid) != BSX_OK
        || bsx_cell_table_check_grid(&grid, &problem) != BSX_OK) {
        snprintf(err, BSX_ERRLEN,
                 "table_step_v %.4g V and table_margin_v %.4g V give %.4g grid points "
                 "per axis (the cell tables need 4..1024)%s%s",
                 p->table_step_v, p->table_margin_v, points, problem ? ": " : "",
                 problem ? problem : "");
        return BSX_EINVAL;
    }
    int st = calibrate(p, err);
    p->resolved = st == BSX_OK;
    return st;
}
