/* `bsxsim presets`: every number behind each design-point preset with its
 * source tag (E / D / Est as in docs/parameters.md), as a table or as the JSON
 * array the ngspice validation reads (notes/preset-json.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analog.h"
#include "bsx_status.h"
#include "commands.h"
#include "options.h"
#include "preset_args.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: bsxsim presets [--preset P] [--set KEY=VALUE ...] [--json]\n"
            "       bsxsim presets --preset P [--set KEY=VALUE ...] --save-table FILE\n"
            "  Prints every number behind each preset (or only P) with its unit\n"
            "  and source: E exact from the source, D derived, Est estimate (see\n"
            "  docs/parameters.md), 'user' for --set. Calibrated values (8T-SRAM gate\n"
            "  voltage, ReRAM gaps) and the resulting I_ON, I_HRS, I_LSB are the\n"
            "  solved ones. --set overrides one number by its key (nested keys as\n"
            "  fet.vt0 or vt0); r_bl / r_sl follow cell_pitch_um x r_per_um and the\n"
            "  calibration is redone unless those are set themselves. Without\n"
            "  --preset, --set applies to every analog preset (ideal is left out).\n"
            "  --json  a JSON array, one object per preset, SI units.\n"
            "  --save-table FILE  write P's four cell tables as CSV (the format\n"
            "          `column --table` and `study deviation --table` load; not with\n"
            "          --json).\n");
}

static void print_text(const bsx_preset *p)
{
    char value[64];
    printf("preset %s\n", p->name);
    printf("  %-16s %-22s %-8s %s\n", "key", "value", "unit", "source");
    for (int k = 0; k < bsx_preset_key_count(); k++) {
        if (!bsx_preset_key_applies(p, k) || strcmp(bsx_preset_key_name(k), "name") == 0)
            continue;
        bsx_preset_key_text(p, k, 10, value, sizeof(value));
        printf("  %-16s %-22s %-8s %s\n", bsx_preset_key_name(k), value,
               bsx_preset_key_unit(k), bsx_preset_key_source(p, k));
    }
}

/* One JSON object; keys "fet.x" / "reram.x" are grouped into nested objects
 * (they are consecutive in the key table). */
static void print_json(const bsx_preset *p)
{
    char value[64], group[16] = "";
    int first = 1;
    printf("{");
    for (int k = 0; k < bsx_preset_key_count(); k++) {
        if (!bsx_preset_key_applies(p, k))
            continue;
        const char *key = bsx_preset_key_name(k);
        const char *dot = strchr(key, '.');
        size_t glen = dot ? (size_t)(dot - key) : 0;
        if (group[0] && (glen != strlen(group) || strncmp(key, group, glen) != 0)) {
            printf("}");
            group[0] = '\0';
        }
        if (dot && !group[0]) {
            snprintf(group, sizeof(group), "%.*s", (int)glen, key);
            printf("%s\"%s\":{", first ? "" : ", ", group);
            first = 1;
        }
        bsx_preset_key_text(p, k, 17, value, sizeof(value));
        const char *quote = bsx_preset_key_is_string(k) ? "\"" : "";
        printf("%s\"%s\":%s%s%s", first ? "" : ", ", dot ? dot + 1 : key, quote,
               value, quote);
        first = 0;
    }
    printf("%s}", group[0] ? "}" : "");
}

/* Realises p's tables (sampled from the device models) and saves them. */
static int save_table(const bsx_preset *p, const char *path, char *err)
{
    bsx_analog *a;
    if (bsx_preset_is_ideal(p)) {
        snprintf(err, BSX_ERRLEN, "--save-table: preset ideal has no cell tables");
        return BSX_EINVAL;
    }
    int st = bsx_analog_create(p, 1, &a, err);
    if (st == BSX_OK)
        st = bsx_cell_table_save_csv(bsx_analog_table(a), path, err);
    bsx_analog_destroy(a);
    return st;
}

int cmd_presets(int argc, char **argv)
{
    const char *name = NULL, *table_out = NULL;
    int json = 0;
    bsx_opt_list set = {0};
    const bsx_opt opts[] = {
        {"--preset", BSX_OPT_TEXT, &name, 0, 0, NULL},
        {"--set", BSX_OPT_LIST, &set, 0, 0, NULL},
        {"--save-table", BSX_OPT_TEXT, &table_out, 0, 0, NULL},
        {"--json", BSX_OPT_FLAG, &json, 0, 0, NULL},
    };
    int rc = bsx_opt_parse("bsxsim presets", argc, argv, opts, sizeof opts / sizeof opts[0],
                           usage);
    if (rc >= 0)
        return rc;
    char **sets = set.items;
    int nsets = set.n;
    if (table_out && !name) {
        fprintf(stderr, "bsxsim presets: --save-table needs --preset P\n");
        return BSX_EXIT_USAGE;
    }
    if (table_out && json) {
        fprintf(stderr, "bsxsim presets: --json and --save-table exclude each other (the "
                        "table is CSV; list the preset as JSON in a second run)\n");
        return BSX_EXIT_USAGE;
    }
    /* --set without --preset: the overrides apply to every analog preset;
     * "ideal" has no analog numbers to set and is left out. */
    const int every_analog = !name && nsets > 0;
    int listed = name ? 1 : bsx_preset_count();
    bsx_preset *all = calloc((size_t)listed, sizeof(*all));
    int count = 0;
    rc = all ? 0 : 1;
    char err[BSX_ERRLEN] = "out of memory";
    /* Resolve everything first so that an error leaves no partial output. */
    for (int i = 0; i < listed && rc == 0; i++) {
        const char *n = name ? name : bsx_preset_name(i);
        if (every_analog && strcmp(n, "ideal") == 0)
            continue;
        if (bsx_preset_from_args(n, sets, nsets, &all[count++], err) != BSX_OK)
            rc = 1;
    }
    if (rc == 0 && table_out && save_table(&all[0], table_out, err) != BSX_OK)
        rc = 1;
    if (rc != 0) {
        bsx_cli_fail("bsxsim presets", err);
    } else if (table_out) {
        printf("wrote the cell tables of %s to %s\n", all[0].name, table_out);
    } else {
        if (every_analog && !json)
            printf("# --set applied to each of the %d analog presets below (ideal has no analog\n"
                   "# numbers); bsxsim presets --preset P --set ... shows one preset\n",
                   count);
        if (json)
            printf("[");
        for (int i = 0; i < count; i++) {
            if (json) {
                printf(i ? ",\n " : "");
                print_json(&all[i]);
            } else {
                print_text(&all[i]);
            }
        }
        printf(json ? "]\n" : "");
    }
    free(all);
    return rc;
}
