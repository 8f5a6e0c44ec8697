/* Energy of the analog side per array VMM (see energy_report.h). */
#include "energy_report.h"

extern "C" {
#include "array_energy.h"
#include "bsx_status.h"
}

namespace {

struct AnalogEnergy {
    bsx_array_energy geom;
    double read_j, wordline_j, bitline_j, adc_j, total_j; /* per VMM */
    double adc_area_um2, array_area_um2;                  /* per macro */
    double vmms;
};

/* 1 in ideal mode (no physical array: the only case the model rejects). */
int compute(const CosimJob &job, const RunResult &run, AnalogEnergy &e)
{
    char msg[BSX_ERRLEN] = "";
    if (!job.analog() ||
        bsx_array_energy_init(bsx_analog_preset(job.analog()), job.rows(), job.cols(), &e.geom, msg) != BSX_OK)
        return 1;
    const EnergyCounts &c = run.energy;
    const bsx_macro_config &cfg = job.config();
    e.vmms = run.stream.vectors ? (double)run.stream.vectors : 1.0;
    e.read_j = bsx_read_energy(e.geom.v_read, c.current_seconds) / e.vmms;
    e.wordline_j = bsx_toggle_energy(e.geom.c_wl, e.geom.v_wl, (double)c.wl_toggles) / e.vmms;
    e.bitline_j = bsx_toggle_energy(e.geom.c_bl * e.geom.lines, e.geom.v_read,
                                    (double)c.bl_toggles) / e.vmms;
    e.adc_j = bsx_sar_energy(cfg.adc_bits) * (double)c.conversions / e.vmms;
    e.total_j = e.read_j + e.wordline_j + e.bitline_j + e.adc_j;
    e.adc_area_um2 = bsx_sar_area_um2(cfg.adc_bits) * cfg.adcs;
    e.array_area_um2 = bsx_array_area_um2(&e.geom);
    return 0;
}

} // namespace

std::string energy_json(const CosimJob &job, const RunResult &run)
{
    AnalogEnergy e;
    if (compute(job, run, e) != 0)
        return "null";
    const EnergyCounts &c = run.energy;
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "{\"array_read_j\": %.6e, \"wordline_j\": %.6e, \"bitline_j\": %.6e, "
                  "\"adc_j\": %.6e, \"analog_total_j\": %.6e, \"per\": \"array VMM\", "
                  "\"vmms\": %.0f, \"wl_on_cycles\": %llu, \"wl_toggles\": %llu, "
                  "\"bl_toggles\": %llu, \"conversions\": %llu, \"current_seconds\": %.6e, "
                  "\"v_read\": %.6g, \"v_wl\": %.6g, \"c_wl_f\": %.6e, \"c_bl_f\": %.6e, "
                  "\"cell_width_um\": %.6g, \"cell_pitch_um\": %.6g, \"array_area_um2\": %.6g, "
                  "\"adc_area_um2\": %.6g}",
                  e.read_j, e.wordline_j, e.bitline_j, e.adc_j, e.total_j, e.vmms,
                  (unsigned long long)c.wl_on_cycles, (unsigned long long)c.wl_toggles,
                  (unsigned long long)c.bl_toggles, (unsigned long long)c.conversions,
                  c.current_seconds, e.geom.v_read, e.geom.v_wl, e.geom.c_wl, e.geom.c_bl,
                  e.geom.cell_width_um, e.geom.cell_pitch_um, e.array_area_um2, e.adc_area_um2);
    return buf;
}

void print_energy_text(std::FILE *to, const CosimJob &job, const RunResult &run)
{
    AnalogEnergy e;
    if (compute(job, run, e) != 0)
        return;
    std::fprintf(to, "  analog energy    %.3f fJ per array VMM: read %.3f, word lines %.3f, "
                     "bitlines %.3f, ADCs %.3f (%llu conversions)\n",
                 e.total_j * 1e15, e.read_j * 1e15, e.wordline_j * 1e15, e.bitline_j * 1e15,
                 e.adc_j * 1e15, (unsigned long long)run.energy.conversions);
    std::fprintf(to, "  analog area      array %.2f um^2 (cell %.3f x %.3f um), ADCs %.2f um^2\n",
                 e.array_area_um2, e.geom.cell_pitch_um, e.geom.cell_width_um, e.adc_area_um2);
}
