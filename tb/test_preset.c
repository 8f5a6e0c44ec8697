/* Presets: names, defaults from docs/parameters.md, derived wire resistances,
 * overrides by JSON key (and rejection of bad ones), recalibration, and the
 * agreed JSON key set. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "preset.h"
#include "tb_cli.h"

static bsx_preset get(const char *name)
{
    char err[BSX_ERRLEN];
    bsx_preset p;
    ck_assert_msg(bsx_preset_lookup(name, &p, err) == BSX_OK, "%s", err);
    return p;
}

static int set(bsx_preset *p, const char *key, const char *value)
{
    char err[BSX_ERRLEN];
    return bsx_preset_set(p, key, value, err);
}

static void resolve(bsx_preset *p)
{
    char err[BSX_ERRLEN];
    ck_assert_msg(bsx_preset_resolve(p, err) == BSX_OK, "%s", err);
}

START_TEST(every_named_preset_resolves_to_its_targets)
{
    ck_assert_int_eq(bsx_preset_count(), 13);
    ck_assert_ptr_null(bsx_preset_name(13));
    for (int i = 0; i < bsx_preset_count(); i++) {
        const char *name = bsx_preset_name(i);
        bsx_preset p = get(name);
        ck_assert_str_eq(p.name, name);
        if (bsx_preset_is_ideal(&p)) {
            ck_assert_str_eq(name, "ideal");
            continue;
        }
        double target = strstr(name, "2ua") ? 2e-6 : 1e-6;
        ck_assert_double_eq_tol(p.i_on_target, target, 1e-18);
        ck_assert_double_eq_tol(p.i_on, target, 1e-9 * target);
        if (p.tech == BSX_TECH_RERAM) {
            ck_assert_double_eq_tol(p.i_hrs, 0.1e-6, 1e-16);
            ck_assert_double_eq_tol(p.i_lsb, p.i_on - p.i_hrs, 1e-18);
            ck_assert(p.gap_lrs_m < p.gap_hrs_m);
            ck_assert(p.v_wl_on == 0.7);
        } else {
            ck_assert(p.i_lsb == p.i_on);
            ck_assert(p.v_wl_on == p.v_q_on && p.v_wl_on > 0.2 && p.v_wl_on < 0.7);
            ck_assert(p.i_hrs < 1e-4 * p.i_on); /* (1,0) leakage */
        }
        ck_assert(p.r_bl == p.cell_pitch_um * p.r_per_um && p.r_sl == p.r_bl);
        ck_assert(p.r_drv == 100.0 && p.r_sink == 10.0 && p.v_read == 0.2);
        ck_assert_int_eq(p.sink_same_end, 0);
    }
}
END_TEST

START_TEST(wire_defaults_follow_parameters_md)
{
    const char *names[] = {"sram-m3-1ua", "sram-m4-1ua", "sram-m6-1ua"};
    const double size_effect[] = {153.5, 63.5, 27.5}, orfs[] = {31.3, 18.0, 11.9};
    for (int m = 0; m < 3; m++) {
        bsx_preset p = get(names[m]);
        ck_assert(p.r_per_um == size_effect[m] && p.cell_pitch_um == 0.165);
        ck_assert_int_eq(set(&p, "wire_basis", "orfs"), BSX_OK);
        resolve(&p);
        ck_assert(p.r_per_um == orfs[m]);
        ck_assert(p.r_bl == 0.165 * orfs[m]);
    }
    bsx_preset r = get("reram-m6-2ua");
    ck_assert(r.cell_pitch_um == 0.095 && r.r_bl == 0.095 * 27.5);
}
END_TEST

START_TEST(explicit_values_survive_rederivation)
{
    bsx_preset p = get("sram-m3-1ua");
    ck_assert_int_eq(set(&p, "r_bl", "7.5"), BSX_OK);
    ck_assert_int_eq(set(&p, "cell_pitch_um", "0.2"), BSX_OK);
    ck_assert_int_eq(set(&p, "metal", "m6"), BSX_OK);
    resolve(&p);
    ck_assert(p.r_bl == 7.5);
    ck_assert(p.r_sl == 0.2 * 27.5);
    ck_assert_int_eq(set(&p, "r_per_um", "10"), BSX_OK);
    resolve(&p);
    ck_assert(p.r_sl == 0.2 * 10.0 && p.r_bl == 7.5);
}
END_TEST

START_TEST(target_changes_recalibrate)
{
    bsx_preset p = get("sram-m4-1ua");
    double vg = p.v_wl_on;
    ck_assert_int_eq(set(&p, "i_on_target", "1.5e-6"), BSX_OK);
    ck_assert_int_eq(p.resolved, 0);
    resolve(&p);
    ck_assert_double_eq_tol(p.i_on, 1.5e-6, 1.5e-15);
    ck_assert(p.v_wl_on > vg);
    ck_assert_int_eq(set(&p, "v_read", "0.3"), BSX_OK);
    resolve(&p);
    ck_assert_double_eq_tol(p.i_on, 1.5e-6, 1.5e-15);

    bsx_preset r = get("reram-m4-1ua");
    ck_assert_int_eq(set(&r, "i_hrs_target", "5e-8"), BSX_OK);
    ck_assert_int_eq(set(&r, "reram.gap_lrs_m", "0.7e-9"), BSX_OK);
    resolve(&r);
    ck_assert(r.gap_lrs_m == 0.7e-9);
    ck_assert_double_eq_tol(r.i_hrs, 5e-8, 5e-17);
    ck_assert(fabs(r.i_on - 1e-6) > 1e-9); /* the fixed gap is not calibrated */
}
END_TEST

/* V_DD tuning: one gate voltage; setting one of the two moves both. */
START_TEST(sram_gate_set_explicitly_skips_calibration)
{
    bsx_preset p = get("sram-m6-1ua");
    ck_assert_int_eq(set(&p, "v_wl_on", "0.7"), BSX_OK);
    resolve(&p);
    ck_assert(p.v_q_on == 0.7);
    ck_assert(p.i_on > 10e-6);
}
END_TEST

START_TEST(keys_by_nested_or_bare_name)
{
    bsx_preset p = get("sram-m6-1ua");
    ck_assert_int_eq(set(&p, "fet.flavour", "lvt"), BSX_OK);
    ck_assert(p.fet.vt0 == 0.3729);
    ck_assert_int_eq(set(&p, "vt0", "0.4"), BSX_OK);
    ck_assert(p.fet.vt0 == 0.4);
    ck_assert_int_eq(set(&p, "fet.nfin", "2"), BSX_OK);
    ck_assert_int_eq(p.fet.nfin, 2);
    resolve(&p);
    ck_assert_double_eq_tol(p.i_on, 1e-6, 1e-15);
}
END_TEST

START_TEST(bad_overrides_are_rejected_with_a_reason)
{
    bsx_preset p = get("sram-m6-1ua"), before = p;
    char err[BSX_ERRLEN];
    const char *bad[][3] = {
        {"r_bl", "-1", ">= 0"},          {"r_bl", "nan", "not a finite"},
        {"r_sl", "inf", "not a finite"}, {"r_drv", "1x", "not a finite"},
        {"r_sink", "", "not a finite"},  {"v_read", "0", "> 0"},
        {"bogus", "1", "unknown key"},   {"i_on", "1e-6", "not settable"},
        {"tech", "reram", "not settable"}, {"reram.i0", "1e-3", "does not apply"},
        {"i_hrs_target", "1e-7", "does not apply"}, {"fet.nfin", "1.5", "whole number"},
        {"sink_same_end", "2", "0 or 1"}, {"wire_basis", "foo", "size-effect or orfs"},
        {"metal", "m5", "m3, m4 or m6"}, {"fet.flavour", "hvt", "rvt, lvt"},
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        ck_assert_int_eq(bsx_preset_set(&p, bad[k][0], bad[k][1], err), BSX_EINVAL);
        ck_assert_msg(strstr(err, bad[k][2]) != NULL, "%s: %s", bad[k][0], err);
        ck_assert(strchr(err, '\n') == NULL);
    }
    ck_assert(memcmp(&p, &before, sizeof(p)) == 0);
    bsx_preset ideal = get("ideal");
    ck_assert_int_eq(bsx_preset_set(&ideal, "r_bl", "1", err), BSX_EINVAL);
    ck_assert_int_eq(bsx_preset_lookup("sram-m5-1ua", &p, err), BSX_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "unknown preset 'sram-m5-1ua' (known: sram-m3-1ua"));
    ck_assert_int_eq(bsx_preset_lookup("sram-m3-1uax", &p, err), BSX_EINVAL);
}
END_TEST

START_TEST(unreachable_targets_fail_resolution)
{
    char err[BSX_ERRLEN];
    bsx_preset r = get("reram-m3-1ua");
    ck_assert_int_eq(set(&r, "i_hrs_target", "2e-6"), BSX_OK);
    ck_assert_int_eq(bsx_preset_resolve(&r, err), BSX_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "must be below i_on_target"));
    bsx_preset s = get("sram-m3-1ua");
    ck_assert_int_eq(set(&s, "table_step_v", "1e-6"), BSX_OK);
    ck_assert_int_eq(bsx_preset_resolve(&s, err), BSX_EINVAL);
}
END_TEST

/* A source tag as docs/parameters.md writes them: E (external), D (derived),
 * Est (estimate), n/a, the design document, the preset name or the user. */
static int is_source_tag(const char *s)
{
    static const char *const tags[] = {"E: ", "D: ", "Est: ", "E/D: ", "n/a: ",
                                       "design.md ", "preset name", "user (--set)"};
    for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
        if (strncmp(s, tags[t], strlen(tags[t])) == 0)
            return 1;
    return 0;
}

/* notes/preset-json.md: these keys must exist (the ngspice script reads them). */
START_TEST(schema_keys_exist_and_apply)
{
    const char *schema[] = {"name", "tech", "wire_basis", "metal", "r_per_um",
                            "cell_pitch_um", "r_bl", "r_sl", "r_drv", "r_sink",
                            "sink_same_end", "v_read", "i_on_target", "i_hrs_target",
                            "fet.flavour", "fet.nfin", "fet.w_fin_m", "fet.lg_m",
                            "fet.cinv", "fet.alpha", "fet.beta", "fet.phit", "fet.vt0",
                            "fet.n", "fet.delta", "fet.vxo", "fet.mu", "fet.rs_ohm_m",
                            "v_wl_on", "v_q_on", "i_on", "i_hrs", "i_lsb"};
    const char *reram_only[] = {"reram.i0", "reram.g0_m", "reram.v0", "reram.gap_lrs_m",
                                "reram.gap_hrs_m"};
    bsx_preset s = get("sram-m3-1ua"), r = get("reram-m3-1ua");
    for (size_t i = 0; i < sizeof(schema) / sizeof(schema[0]); i++) {
        int found = 0;
        for (int k = 0; k < bsx_preset_key_count(); k++)
            if (strcmp(bsx_preset_key_name(k), schema[i]) == 0) {
                found = 1;
                ck_assert(bsx_preset_key_applies(&s, k) && bsx_preset_key_applies(&r, k));
            }
        ck_assert_msg(found, "%s", schema[i]);
    }
    for (int k = 0; k < bsx_preset_key_count(); k++) {
        const bsx_preset *both[2] = {&s, &r};
        for (int t = 0; t < 2; t++)
            if (bsx_preset_key_applies(both[t], k))
                ck_assert_msg(is_source_tag(bsx_preset_key_source(both[t], k)), "%s: %s",
                              bsx_preset_key_name(k), bsx_preset_key_source(both[t], k));
    }
    for (size_t i = 0; i < sizeof(reram_only) / sizeof(reram_only[0]); i++) {
        int found = 0;
        for (int k = 0; k < bsx_preset_key_count(); k++)
            if (strcmp(bsx_preset_key_name(k), reram_only[i]) == 0) {
                found = 1;
                ck_assert(!bsx_preset_key_applies(&s, k) && bsx_preset_key_applies(&r, k));
            }
        ck_assert_msg(found, "%s", reram_only[i]);
    }
    /* the source follows the value: derived, then given by the user */
    int r_bl = -1;
    for (int k = 0; k < bsx_preset_key_count(); k++)
        if (strcmp(bsx_preset_key_name(k), "r_bl") == 0)
            r_bl = k;
    ck_assert_int_ge(r_bl, 0);
    ck_assert_str_eq(bsx_preset_key_source(&s, r_bl), "D: cell_pitch_um x r_per_um");
    ck_assert_int_eq(set(&s, "r_bl", "3"), BSX_OK);
    ck_assert_str_eq(bsx_preset_key_source(&s, r_bl), "user (--set)");
}
END_TEST

static const char *source_of(const bsx_preset *p, const char *key)
{
    for (int k = 0; k < bsx_preset_key_count(); k++)
        if (strcmp(bsx_preset_key_name(k), key) == 0)
            return bsx_preset_key_source(p, k);
    ck_abort_msg("no key %s", key);
    return NULL;
}

/* Sources that depend on the technology or the wire basis name the right
 * one (the key table's two source columns, picked by tech or basis). */
START_TEST(sources_follow_technology_and_basis)
{
    bsx_preset s = get("sram-m4-2ua"), r = get("reram-m4-2ua");
    ck_assert_ptr_nonnull(strstr(source_of(&s, "cell_pitch_um"), "8T-SRAM"));
    ck_assert_ptr_nonnull(strstr(source_of(&r, "cell_pitch_um"), "1T-1ReRAM"));
    ck_assert_ptr_nonnull(strstr(source_of(&s, "i_hrs_target"), "n/a"));
    ck_assert_ptr_nonnull(strstr(source_of(&r, "i_hrs_target"), "HRS current"));
    ck_assert_ptr_nonnull(strstr(source_of(&s, "v_wl_on"), "calibrated"));
    ck_assert_ptr_nonnull(strstr(source_of(&r, "v_wl_on"), "VDD 0.7 V"));
    ck_assert_ptr_nonnull(strstr(source_of(&r, "v_q_on"), "n/a"));
    ck_assert_ptr_nonnull(strstr(source_of(&s, "r_per_um"), "size-effect"));
    ck_assert_int_eq(set(&s, "wire_basis", "orfs"), BSX_OK);
    ck_assert_ptr_nonnull(strstr(source_of(&s, "r_per_um"), "ORFS"));
    ck_assert_str_eq(source_of(&s, "wire_basis"), "user (--set)");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("preset");
    TCase *tc = tcase_create("preset");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, every_named_preset_resolves_to_its_targets);
    tcase_add_test(tc, wire_defaults_follow_parameters_md);
    tcase_add_test(tc, explicit_values_survive_rederivation);
    tcase_add_test(tc, target_changes_recalibrate);
    tcase_add_test(tc, sram_gate_set_explicitly_skips_calibration);
    tcase_add_test(tc, keys_by_nested_or_bare_name);
    tcase_add_test(tc, bad_overrides_are_rejected_with_a_reason);
    tcase_add_test(tc, unreachable_targets_fail_resolution);
    tcase_add_test(tc, schema_keys_exist_and_apply);
    tcase_add_test(tc, sources_follow_technology_and_basis);
    suite_add_tcase(s, tc);
    return tb_run_suite(s);
}
