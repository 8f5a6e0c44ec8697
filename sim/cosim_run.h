/* Elaboration and run of one co-simulation: sc_clock, the verilated macro
 * of one configuration, the analog array (its comparators) and the
 * testbench, wired by sc_signals; optional FST trace of the macro. A
 * template over the verilated class and its port widths (macro_geometry.h);
 * instantiated once, by the configuration's own model binary
 * (sim/cosim_model.cpp). SystemC elaborates once per process, so this runs
 * once per program. */
#ifndef BSX_SIM_COSIM_RUN_H
#define BSX_SIM_COSIM_RUN_H

#include <chrono>
#include <memory>
#include <string>

#include <systemc>
#include <verilated.h>
#include <verilated_fst_sc.h>

#include "comparator_bank.h"
#include "cosim_job.h"
#include "cosim_result.h"
#include "energy_meter.h"
#include "macro_streamer.h"
#include "scoreboard.h"


template <class VMacro, class G>
int run_cosim(const CosimOptions &opts, const CosimJob &job, Scoreboard &scoreboard,
              RunResult &result, std::string &err)
{
    using sc_dt::sc_bv;
    const sc_core::sc_time period(opts.clock_ps, sc_core::SC_PS);
    sc_core::sc_clock clk("clk", period);
    sc_core::sc_signal<bool> rst_n("rst_n"), cfg_we("cfg_we"), cfg_col_flip("cfg_col_flip");
    sc_core::sc_signal<bool> in_valid("in_valid"), in_ready("in_ready");
    sc_core::sc_signal<bool> out_valid("out_valid"), out_ready("out_ready");
    sc_core::sc_signal<bool> out_act_flip("out_act_flip");
    sc_core::sc_signal<sc_bv<G::SW>> cfg_rows("cfg_rows"), cfg_wsum("cfg_wsum");
    sc_core::sc_signal<sc_bv<G::CW>> cfg_col("cfg_col");
    sc_core::sc_signal<sc_bv<G::N>> in_act("in_act"), wl("wl");
    sc_core::sc_signal<sc_bv<G::K * G::CW>> adc_col("adc_col");
    sc_core::sc_signal<sc_bv<G::K * G::B>> adc_trial("adc_trial");
    sc_core::sc_signal<sc_bv<G::K>> adc_busy("adc_busy"), adc_keep("adc_keep");
    sc_core::sc_signal<sc_bv<G::M * G::OW>> out_data("out_data");
    sc_core::sc_signal<sc_bv<G::M>> out_clip("out_clip");

    VMacro macro("macro");
    macro.clk_i(clk);
    macro.rst_ni(rst_n);
    macro.cfg_rows_i(cfg_rows);
    macro.cfg_we_i(cfg_we);
    macro.cfg_col_i(cfg_col);
    macro.cfg_col_flip_i(cfg_col_flip);
    macro.cfg_wsum_i(cfg_wsum);
    macro.in_valid_i(in_valid);
    macro.in_ready_o(in_ready);
    macro.in_act_i(in_act);
    macro.wl_o(wl);
    macro.adc_col_o(adc_col);
    macro.adc_trial_o(adc_trial);
    macro.adc_busy_o(adc_busy);
    macro.adc_keep_i(adc_keep);
    macro.out_valid_o(out_valid);
    macro.out_ready_i(out_ready);
    macro.out_data_o(out_data);
    macro.out_clip_o(out_clip);
    macro.out_act_flip_o(out_act_flip);

    /* the simulated array's currents, read by its comparators and the energy
     * meter (the scoreboard has its own reference, scoreboard.h) */
    TileCurrentCache currents(job.analog(), job.rows(), job.cols());
    ComparatorBank<G> comparators("comparators", currents);
    comparators.wl_i(wl);
    comparators.adc_col_i(adc_col);
    comparators.adc_trial_i(adc_trial);
    comparators.adc_keep_o(adc_keep);

    EnergyMeter<G> meter("energy", currents, opts.clock_ps * 1e-12);
    meter.clk_i(clk);
    meter.wl_i(wl);
    meter.adc_busy_i(adc_busy);

    uint64_t max_cycles = opts.max_cycles;
    if (max_cycles == 0) /* generous: 1000 edges per vector and tile */
        max_cycles = 1000 * (job.batch() + (uint64_t)G::M) * bsx_layer_row_tiles(job.layer()) *
                         bsx_layer_col_tiles(job.layer()) + 1000;
    MacroStreamer<G> tb("tb", job, scoreboard,
                     [&comparators](const bsx_tile *t) { comparators.set_tile(t); },
                     max_cycles, period);
    tb.clk_i(clk);
    tb.rst_no(rst_n);
    tb.cfg_rows_o(cfg_rows);
    tb.cfg_we_o(cfg_we);
    tb.cfg_col_o(cfg_col);
    tb.cfg_col_flip_o(cfg_col_flip);
    tb.cfg_wsum_o(cfg_wsum);
    tb.in_valid_o(in_valid);
    tb.in_ready_i(in_ready);
    tb.in_act_o(in_act);
    tb.out_valid_i(out_valid);
    tb.out_ready_o(out_ready);
    tb.out_data_i(out_data);
    tb.out_clip_i(out_clip);
    tb.out_act_flip_i(out_act_flip);

    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    std::unique_ptr<VerilatedFstSc> trace;
    if (!opts.trace.empty()) {
        trace.reset(new VerilatedFstSc);
        macro.trace(trace.get(), 99);
        trace->open(opts.trace.c_str());
    }
    auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start();
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (trace)
        trace->close();
    macro.final();

    result.stream = tb.stats();
    result.solves = currents.solves();
    result.energy = meter.counts();
    if (!comparators.error().empty() || !meter.error().empty()) {
        err = comparators.error().empty() ? meter.error() : comparators.error();
        return 1;
    }
    if (!tb.error().empty()) {
        err = tb.error();
        return 1;
    }
    if (result.stream.hung) {
        err = "--max-cycles " + std::to_string(max_cycles) + " reached after " +
              std::to_string(result.stream.vectors) + " output vectors: the macro hung or needs more cycles";
        return 1;
    }
    return 0;
}

#endif
