/* Defaults, rules, name and parameters of one RTL macro configuration (see
 * rtl_config.h). The rules mirror the $error checks of rtl/bsx_macro.sv and
 * its blocks, worded for the command line. */
#include "rtl_config.h"

#include <stdio.h>
#include <string.h>

#include "bsx_status.h"
#include "macro_defaults.h"
#include "parse_int.h"

void bsx_rtl_config_defaults(bsx_rtl_config *cfg, bsx_scheme scheme)
{
    memset(cfg, 0, sizeof *cfg);
    bsx_macro_defaults(&cfg->macro, scheme);
    cfg->macro.adc_bits = BSX_RTL_CONFIG_UNSET;
    cfg->tree_stages = BSX_DEFAULT_TREE_STAGES;
    cfg->settle = BSX_DEFAULT_SETTLE;
    cfg->out_bits = BSX_RTL_CONFIG_UNSET;
}

static const char *const options[] = {"--scheme",   "--rows",        "--cols",
                                      "--adcs",     "--adc-bits",    "--tree-stages",
                                      "--settle",   "--out-bits"};
#define OPTION_COUNT (sizeof options / sizeof options[0])
_Static_assert(OPTION_COUNT == BSX_RTL_CONFIG_OPTIONS, "BSX_RTL_CONFIG_OPTIONS");

const char *bsx_rtl_config_option(size_t i)
{
    return options[i];
}

int bsx_rtl_config_set(bsx_rtl_config *cfg, const char *opt, const char *value, char *err)
{
    if (strcmp(opt, "--scheme") == 0) {
        if (bsx_scheme_parse(value, &cfg->macro.scheme) != BSX_OK) {
            snprintf(err, BSX_ERRLEN, "--scheme: '%.64s' is not baseline or binsparx", value);
            return BSX_EINVAL;
        }
        return BSX_OK;
    }
    int *field[] = {NULL, &cfg->macro.rows, &cfg->macro.cols, &cfg->macro.adcs,
                    &cfg->macro.adc_bits, &cfg->tree_stages, &cfg->settle, &cfg->out_bits};
    for (size_t i = 1; i < OPTION_COUNT; i++)
        if (strcmp(opt, options[i]) == 0)
            return bsx_parse_int(opt, value, 0, 1 << 20, field[i], err);
    snprintf(err, BSX_ERRLEN, "%.64s: not a configuration option", opt);
    return BSX_EINVAL;
}

/* $clog2(v): bits to count 0..v-1. */
static int clog2(long v)
{
    int b = 0;
    while ((1L << b) < v)
        b++;
    return b;
}

int bsx_rtl_min_out_bits(int rows, int adc_bits)
{
    long codes = 4L * ((1L << adc_bits) - 1) + rows, three_n = 3L * rows;
    return clog2((codes > three_n ? codes : three_n) + 1) + 1;
}

int bsx_rtl_config_resolve(bsx_rtl_config *cfg, char *warning, char *err)
{
    bsx_macro_config *m = &cfg->macro;
    warning[0] = '\0';
    if (m->rows < 4 || m->rows > BSX_RTL_MAX_DIM) {
        snprintf(err, BSX_ERRLEN,
                 "--rows: N = %d is outside 4..%d (bsx_macro needs N >= 4; the co-simulation "
                 "builds arrays up to %d rows)",
                 m->rows, BSX_RTL_MAX_DIM, BSX_RTL_MAX_DIM);
        return BSX_EINVAL;
    }
    if (m->cols < 2 || m->cols > BSX_RTL_MAX_DIM) {
        snprintf(err, BSX_ERRLEN,
                 "--cols: M = %d is outside 2..%d (bsx_macro needs M >= 2; the co-simulation "
                 "builds arrays up to %d columns)",
                 m->cols, BSX_RTL_MAX_DIM, BSX_RTL_MAX_DIM);
        return BSX_EINVAL;
    }
    if (m->adcs < 1 || m->adcs > m->cols || m->cols % m->adcs != 0) {
        snprintf(err, BSX_ERRLEN,
                 "--adcs: K = %d does not divide M = %d (K must divide M: the K ADCs convert "
                 "the M columns in M/K rounds)",
                 m->adcs, m->cols);
        return BSX_EINVAL;
    }
    int need = bsx_default_adc_bits(m->rows, m->scheme), most = clog2(m->rows + 1L);
    if (m->adc_bits == BSX_RTL_CONFIG_UNSET)
        m->adc_bits = need;
    if (m->adc_bits < 1 || m->adc_bits > most) {
        snprintf(err, BSX_ERRLEN,
                 "--adc-bits: B = %d is outside 1..%d (a partial sum of N = %d rows has "
                 "$clog2(N+1) = %d bits)",
                 m->adc_bits, most, m->rows, most);
        return BSX_EINVAL;
    }
    int deepest = clog2(m->rows) - 1;
    if (cfg->tree_stages < 0 || cfg->tree_stages > deepest) {
        snprintf(err, BSX_ERRLEN,
                 "--tree-stages: %d is outside 0..%d (at most $clog2(N) - 1 pipeline "
                 "registers in the adder tree of N = %d rows)",
                 cfg->tree_stages, deepest, m->rows);
        return BSX_EINVAL;
    }
    if (cfg->settle < 0 || cfg->settle > 64) {
        snprintf(err, BSX_ERRLEN, "--settle: %d is outside 0..64 cycles", cfg->settle);
        return BSX_EINVAL;
    }
    if (m->scheme == BSX_SCHEME_BASELINE && cfg->tree_stages + 2 > cfg->settle + m->adc_bits) {
        snprintf(err, BSX_ERRLEN,
                 "--tree-stages: the baseline needs TREE_STAGES <= SETTLE + B - 2 = %d (the "
                 "adder tree runs beside the array and its sum must be ready for the first codes)",
                 cfg->settle + m->adc_bits - 2);
        return BSX_EINVAL;
    }
    int least = bsx_rtl_min_out_bits(m->rows, m->adc_bits);
    if (cfg->out_bits == BSX_RTL_CONFIG_UNSET)
        cfg->out_bits = least;
    if (cfg->out_bits < least || cfg->out_bits > 32) {
        snprintf(err, BSX_ERRLEN,
                 "--out-bits: OW = %d is outside %d..32 (equation (1) needs %d bits for "
                 "N = %d, B = %d; results are int32)",
                 cfg->out_bits, least, least, m->rows, m->adc_bits);
        return BSX_EINVAL;
    }
    bsx_adc_bits_clip_warning(m, warning);
    return BSX_OK;
}

void bsx_rtl_config_name(const bsx_rtl_config *cfg, char *buf, size_t len)
{
    const bsx_macro_config *m = &cfg->macro;
    snprintf(buf, len, "%s_n%d_m%d_k%d_b%d_t%d_s%d_ow%d", bsx_scheme_name(m->scheme), m->rows,
             m->cols, m->adcs, m->adc_bits, cfg->tree_stages, cfg->settle, cfg->out_bits);
}

void bsx_rtl_config_params(const bsx_rtl_config *cfg, char *buf, size_t len)
{
    const bsx_macro_config *m = &cfg->macro;
    snprintf(buf, len, "SCHEME=%d N=%d M=%d K=%d B=%d TREE_STAGES=%d SETTLE=%d OW=%d",
             (int)m->scheme, m->rows, m->cols, m->adcs, m->adc_bits, cfg->tree_stages,
             cfg->settle, cfg->out_bits);
}

int bsx_rtl_latency_cycles(const bsx_rtl_config *cfg)
{
    const bsx_macro_config *m = &cfg->macro;
    int rounds = m->cols / m->adcs;
    int base = cfg->settle + rounds * (m->adc_bits + 1) + 1;
    return m->scheme == BSX_SCHEME_BINSPARX ? cfg->tree_stages + 1 + base : base;
}
