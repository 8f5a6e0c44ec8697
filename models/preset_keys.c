/* The key table behind `--set KEY=VALUE`, the printers and the source tags:
 * one row per number of a preset with its field, unit, where it applies and
 * may be set, its allowed values, and where its default comes from
 * (docs/parameters.md). Setting, printing and naming sources of keys. */
#include "preset_keys.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"

enum kind { K_NAME, K_TECH, K_BASIS, K_METAL, K_FLAVOUR, K_INT, K_DOUBLE };
enum domain { D_NONNEG, D_POSITIVE, D_BOOL, D_NFIN };
/* Which of a key's two source tags applies: the one only, by technology
 * (8T-SRAM, 1T-1ReRAM), or by wire basis (size-effect, ORFS). */
enum by { BY_NONE, BY_TECH, BY_BASIS };
#define SRAM (1u << BSX_TECH_SRAM)
#define RERAM (1u << BSX_TECH_RERAM)
#define BOTH (SRAM | RERAM)

struct key {
    const char *name;
    enum kind kind;
    size_t offset;
    const char *unit;
    unsigned techs;     /* technologies it is printed for */
    unsigned set_techs; /* technologies it may be set for (0: read-only) */
    enum domain domain;
    enum by by;
    const char *source[2]; /* where the default comes from (see enum by) */
};

/* Source tags several keys share. */
#define S_NAME "preset name"
#define S_WIRE "D: cell_pitch_um x r_per_um"
#define S_VS_CONST "E/D: VS model constants (parameters.md 4)"
#define S_VS_FIT "D: VS fit to ASAP7 MEJ Table 3 (parameters.md 4)"
#define S_VDD "D: calibrated, V_DD tuning (v_wl_on = v_q_on)"
#define S_JIANG "E: Jiang TED'16 Table I bilayer (parameters.md 3)"
#define S_GAP "D: calibrated with the access FET in series"
#define S_GRID "Est: chosen grid of the cell tables (error measured by tests)"
#define S_CELL "D: cell model at V_b = v_read, V_s = 0"
#define S_SOLVER "Est: stopping rule of the column solver (models/column.h)"
#define ONE(s) BY_NONE, {s, s}

#define F(field) offsetof(bsx_preset, field)
static const struct key keys[] = {
    {"name", K_NAME, F(name), "", BOTH, 0, D_NONNEG, ONE(S_NAME)},
    {"tech", K_TECH, F(tech), "", BOTH, 0, D_NONNEG, ONE(S_NAME)},
    {"wire_basis", K_BASIS, F(wire_basis), "", BOTH, BOTH, D_NONNEG,
     ONE("Est: size-effect is the paper's basis (parameters.md 1); orfs optional")},
    {"metal", K_METAL, F(metal), "", BOTH, BOTH, D_NONNEG, ONE(S_NAME)},
    {"r_per_um", K_DOUBLE, F(r_per_um), "Ohm/um", BOTH, BOTH, D_NONNEG, BY_BASIS,
     {"Est: midpoint of the size-effect range (parameters.md 1)",
      "E: ORFS ASAP7 setRC (parameters.md 1)"}},
    {"cell_pitch_um", K_DOUBLE, F(cell_pitch_um), "um", BOTH, BOTH, D_NONNEG, BY_TECH,
     {"Est: midpoint of 0.11-0.22 um for 8T-SRAM (parameters.md 2)",
      "Est: midpoint of 0.08-0.11 um for 1T-1ReRAM (parameters.md 2)"}},
    {"r_bl", K_DOUBLE, F(r_bl), "Ohm", BOTH, BOTH, D_NONNEG, ONE(S_WIRE)},
    {"r_sl", K_DOUBLE, F(r_sl), "Ohm", BOTH, BOTH, D_NONNEG, ONE(S_WIRE)},
    {"r_drv", K_DOUBLE, F(r_drv), "Ohm", BOTH, BOTH, D_NONNEG,
     ONE("Est: assumed driver resistance (override it)")},
    {"r_sink", K_DOUBLE, F(r_sink), "Ohm", BOTH, BOTH, D_NONNEG,
     ONE("Est: assumed residual of the op-amp virtual ground (override it)")},
    {"sink_same_end", K_INT, F(sink_same_end), "", BOTH, BOTH, D_BOOL,
     ONE("design.md 3: far-end sink by default")},
    {"v_read", K_DOUBLE, F(v_read), "V", BOTH, BOTH, D_POSITIVE,
     ONE("Est: 0.2 V, the bias of the ReRAM gaps in parameters.md 3")},
    {"i_on_target", K_DOUBLE, F(i_on_target), "A", BOTH, BOTH, D_POSITIVE,
     ONE("E: paper's I_ON (1 or 2 uA)")},
    {"i_hrs_target", K_DOUBLE, F(i_hrs_target), "A", BOTH, RERAM, D_POSITIVE, BY_TECH,
     {"n/a: 8T-SRAM has no HRS target", "E: paper's HRS current about 0.1 uA"}},
    {"fet.flavour", K_FLAVOUR, F(fet.flavour), "", BOTH, BOTH, D_NONNEG,
     ONE("Est: 1-fin RVT (ASAP7 regular VT)")},
    {"fet.nfin", K_INT, F(fet.nfin), "", BOTH, BOTH, D_NFIN,
     ONE("Est: 1-fin RVT (ASAP7 regular VT)")},
    {"fet.w_fin_m", K_DOUBLE, F(fet.w_fin_m), "m", BOTH, BOTH, D_POSITIVE, ONE(S_VS_CONST)},
    {"fet.lg_m", K_DOUBLE, F(fet.lg_m), "m", BOTH, BOTH, D_POSITIVE, ONE(S_VS_CONST)},
    {"fet.cinv", K_DOUBLE, F(fet.cinv), "F/m^2", BOTH, BOTH, D_POSITIVE,
     ONE("Est: assumed 2.5 uF/cm^2 (parameters.md 4)")},
    {"fet.alpha", K_DOUBLE, F(fet.alpha), "", BOTH, BOTH, D_POSITIVE, ONE(S_VS_CONST)},
    {"fet.beta", K_DOUBLE, F(fet.beta), "", BOTH, BOTH, D_POSITIVE, ONE(S_VS_CONST)},
    {"fet.phit", K_DOUBLE, F(fet.phit), "V", BOTH, BOTH, D_POSITIVE, ONE(S_VS_CONST)},
    {"fet.vt0", K_DOUBLE, F(fet.vt0), "V", BOTH, BOTH, D_NONNEG, ONE(S_VS_FIT)},
    {"fet.n", K_DOUBLE, F(fet.n), "", BOTH, BOTH, D_POSITIVE, ONE(S_VS_FIT)},
    {"fet.delta", K_DOUBLE, F(fet.delta), "V/V", BOTH, BOTH, D_NONNEG, ONE(S_VS_FIT)},
    {"fet.vxo", K_DOUBLE, F(fet.vxo), "m/s", BOTH, BOTH, D_POSITIVE, ONE(S_VS_FIT)},
    {"fet.mu", K_DOUBLE, F(fet.mu), "m^2/Vs", BOTH, BOTH, D_POSITIVE, ONE(S_VS_FIT)},
    {"fet.rs_ohm_m", K_DOUBLE, F(fet.rs_ohm_m), "Ohm.m", BOTH, BOTH, D_NONNEG, ONE(S_VS_FIT)},
    {"v_wl_on", K_DOUBLE, F(v_wl_on), "V", BOTH, BOTH, D_NONNEG, BY_TECH,
     {S_VDD, "E: ASAP7 VDD 0.7 V (parameters.md 4)"}},
    {"v_q_on", K_DOUBLE, F(v_q_on), "V", BOTH, SRAM, D_NONNEG, BY_TECH,
     {S_VDD, "n/a: 1T-1ReRAM has no storage-gated FET"}},
    {"reram.i0", K_DOUBLE, F(reram.i0), "A", RERAM, RERAM, D_POSITIVE, ONE(S_JIANG)},
    {"reram.g0_m", K_DOUBLE, F(reram.g0_m), "m", RERAM, RERAM, D_POSITIVE, ONE(S_JIANG)},
    {"reram.v0", K_DOUBLE, F(reram.v0), "V", RERAM, RERAM, D_POSITIVE, ONE(S_JIANG)},
    {"reram.gap_lrs_m", K_DOUBLE, F(gap_lrs_m), "m", RERAM, RERAM, D_NONNEG, ONE(S_GAP)},
    {"reram.gap_hrs_m", K_DOUBLE, F(gap_hrs_m), "m", RERAM, RERAM, D_NONNEG, ONE(S_GAP)},
    {"table_step_v", K_DOUBLE, F(table_step_v), "V", BOTH, BOTH, D_POSITIVE, ONE(S_GRID)},
    {"table_margin_v", K_DOUBLE, F(table_margin_v), "V", BOTH, BOTH, D_NONNEG, ONE(S_GRID)},
    {"solver_tol_v", K_DOUBLE, F(solver_tol_v), "V", BOTH, BOTH, D_POSITIVE, ONE(S_SOLVER)},
    {"solver_tol_rel_i", K_DOUBLE, F(solver_tol_rel_i), "", BOTH, BOTH, D_POSITIVE,
     ONE(S_SOLVER)},
    {"i_on", K_DOUBLE, F(i_on), "A", BOTH, 0, D_NONNEG, ONE(S_CELL)},
    {"i_hrs", K_DOUBLE, F(i_hrs), "A", BOTH, 0, D_NONNEG, ONE(S_CELL)},
    {"i_lsb", K_DOUBLE, F(i_lsb), "A", BOTH, 0, D_NONNEG, ONE(S_CELL)},
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

int bsx_preset_is_user_set(const bsx_preset *p, const char *key)
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
    if ((p->user_set >> k) & 1u)
        return "user (--set)";
    switch (keys[k].by) {
    case BY_TECH: return keys[k].source[p->tech != BSX_TECH_SRAM];
    case BY_BASIS: return keys[k].source[p->wire_basis == BSX_WIRE_ORFS];
    default: return keys[k].source[0];
    }
}

static int parse_value(const struct key *key, const char *value, double *out,
                       char *err)
{
    /* a decimal number as written, nothing strtod alone would also take
     * (leading white space, hexadecimal, inf, nan) */
    char *end = (char *)value;
    double v = 0.0;
    errno = 0;
    if (value[0] && strspn(value, "0123456789+-.eE") == strlen(value))
        v = strtod(value, &end);
    if (end == value || *end != '\0' || !isfinite(v)) {
        snprintf(err, BSX_ERRLEN, "key '%s': '%.64s' is not a finite number (decimal "
                 "digits, sign, point and exponent only)", key->name, value);
        return BSX_EINVAL;
    }
    if (errno == ERANGE) { /* underflow: 1e-400 would silently become 0 */
        snprintf(err, BSX_ERRLEN, "key '%s': '%.64s' is below the smallest normal "
                 "double (%g); use 0 for zero", key->name, value, DBL_MIN);
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

int bsx_preset_check_finite(const bsx_preset *p, char *err)
{
    for (int k = 0; k < NKEYS; k++)
        if (keys[k].kind == K_DOUBLE && !isfinite(get_dbl(p, k))) {
            snprintf(err, BSX_ERRLEN, "%s is %g %s, not finite (%s)", keys[k].name,
                     get_dbl(p, k), keys[k].unit, bsx_preset_key_source(p, k));
            return BSX_ERANGE;
        }
    return BSX_OK;
}
