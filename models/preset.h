/* Design-point presets: every number behind one analog array (technology,
 * routing metal, wire and device parameters, read bias, ON/HRS targets) and
 * the values calibrated from them. Names are {sram,reram}-{m3,m4,m6}-{1ua,2ua}
 * and `ideal` (no analog model). Each number has a JSON key (the schema of
 * `bsxsim presets --json`, notes/preset-json.md) by which it is printed and
 * overridden; nested keys are written "fet.vt0", "reram.i0" (or bare).
 * Names and defaults: preset.c; the key table (with each key's source tag),
 * --set and the printers: preset_keys.c; derived numbers and calibration:
 * preset_resolve.c. */
#ifndef BSX_PRESET_H
#define BSX_PRESET_H

#include <stdint.h>

#include "cell.h"
#include "cell_table.h"

enum bsx_tech { BSX_TECH_IDEAL, BSX_TECH_SRAM, BSX_TECH_RERAM };
enum bsx_wire_basis { BSX_WIRE_SIZE_EFFECT, BSX_WIRE_ORFS };

typedef struct {
    char name[32];        /* preset it was looked up as */
    int tech;             /* enum bsx_tech */
    int wire_basis;       /* enum bsx_wire_basis */
    int metal;            /* routing layer of bitline and source line: 3, 4, 6 */
    double r_per_um;      /* wire resistance, Ohm/um */
    double cell_pitch_um; /* length of line per cell along the column, um */
    double r_bl, r_sl;    /* wire resistance per cell, Ohm */
    double r_drv;         /* bitline driver resistance, Ohm */
    double r_sink;        /* residual resistance of the op-amp sink, Ohm */
    int sink_same_end;    /* 0: sink at row N (far end), 1: at row 1 */
    double v_read;        /* driver voltage V_drv, V */
    double i_on_target;   /* ON-cell current to calibrate to, A */
    double i_hrs_target;  /* ReRAM HRS cell current to calibrate to, A */
    bsx_fet_params fet;   /* every FET of the cell */
    double v_wl_on;       /* gate of the word-line device when wl = 1, V */
    double v_q_on;        /* 8T-SRAM: gate of the storage device when w = 1, V */
    bsx_reram_params reram;
    double gap_lrs_m, gap_hrs_m; /* ReRAM gaps, m */
    double table_step_v;   /* grid step of the cell tables, V */
    double table_margin_v; /* grid reaches this far beyond [0, v_read], V */
    double solver_tol_v;     /* column solver's tol_v, V (models/column.h) */
    double solver_tol_rel_i; /* and tol_rel_i */
    /* Solved by bsx_preset_resolve (cell at V_b = v_read, V_s = 0): */
    double i_on;   /* state (wl, w) = (1, 1), A */
    double i_hrs;  /* state (1, 0): ReRAM HRS, 8T-SRAM OFF leakage, A */
    double i_lsb;  /* i_on - i_hrs with a dummy column (ReRAM), else i_on */
    uint64_t user_set; /* bit k: key k was given by bsx_preset_set */
    int resolved;      /* derived and calibrated values are current */
} bsx_preset;

/* Fills *out with preset `name`, resolved (calibrated). Unknown name:
 * BSX_EINVAL and "unknown preset 'x' (known: ...)" in err (BSX_ERRLEN). */
int bsx_preset_lookup(const char *name, bsx_preset *out, char *err);

/* Overrides one number by its JSON key with the text `value` and marks the
 * preset unresolved. Unknown or read-only keys, keys that do not apply to the
 * technology, and negative, NaN or malformed values give BSX_EINVAL.
 * fet.flavour loads that flavour's FET numbers except the fet.* keys set
 * explicitly, before or after it: the order of the calls does not matter. */
int bsx_preset_set(bsx_preset *p, const char *key, const char *value, char *err);
/* 1 when key `key` ("fet.vt0" or bare "vt0") was given with bsx_preset_set. */
int bsx_preset_is_user_set(const bsx_preset *p, const char *key);

/* Re-derives r_per_um (from basis and metal), r_bl / r_sl (pitch x R/um)
 * unless set explicitly, then calibrates (8T-SRAM gate V_DD; ReRAM gaps)
 * unless set explicitly, and solves i_on, i_hrs, i_lsb. BSX_ENOCONV /
 * BSX_EINVAL with a line in err when a target cannot be reached;
 * BSX_ERANGE when a number (e.g. a derived r_bl) is not finite. */
int bsx_preset_resolve(bsx_preset *p, char *err);

/* The cell tables' grid: -table_margin_v .. v_read + table_margin_v on both
 * axes at (about) table_step_v; the number of points per axis (need
 * 4..1024, 2^20 per state, as the table builder does), and the grid itself
 * (BSX_EINVAL outside that range). One rule for the preset check and the
 * builder. */
double bsx_preset_table_points(const bsx_preset *p);
int bsx_preset_table_grid(const bsx_preset *p, bsx_grid *out);

/* The bitcell of a non-ideal preset (topology, devices, gates, gaps). */
void bsx_preset_cell(const bsx_preset *p, bsx_cell *out);

int bsx_preset_is_ideal(const bsx_preset *p);
int bsx_preset_count(void);
/* Name of preset i, 0 <= i < bsx_preset_count(); NULL otherwise. */
const char *bsx_preset_name(int i);

/* The keys, in JSON order: count, name ("fet.vt0"), unit ("" if none). */
int bsx_preset_key_count(void);
const char *bsx_preset_key_name(int k);
const char *bsx_preset_key_unit(int k);
/* 1 when key k belongs to this preset's technology (printed for it). */
int bsx_preset_key_applies(const bsx_preset *p, int k);
/* Value of key k as text (numbers with `digits` significant digits, names
 * as words) in buf[n]. */
void bsx_preset_key_text(const bsx_preset *p, int k, int digits, char *buf,
                         int n);
/* 1 when the value is a string in JSON ("rvt", "size-effect"), else 0. */
int bsx_preset_key_is_string(int k);
/* Source tag of key k for this preset: "E ...", "D ...", "Est ..." as in
 * docs/parameters.md, or "user (--set)". */
const char *bsx_preset_key_source(const bsx_preset *p, int k);

#endif
