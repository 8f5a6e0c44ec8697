/* build/bsxsim-cosim: co-simulation of the verilated BinSparX / baseline
 * macro with the analog array model in SystemC, checked word for word
 * against the software reference (DESIGN.md section 5). Picks the verilated
 * model for (scheme, K), runs it, compares the layer output with the
 * reference VMM, writes Y like `bsxsim vmm` and prints the report. */
#include <cstdio>
#include <string>

#include <systemc>
#include <verilated.h>

#include "Vbsx_macro_baseline_k64.h"
#include "Vbsx_macro_baseline_k8.h"
#include "Vbsx_macro_binsparx_k64.h"
#include "Vbsx_macro_binsparx_k8.h"
#include "cosim_job.h"
#include "cosim_options.h"
#include "cosim_report.h"
#include "cosim_run.h"
#include "scoreboard.h"

extern "C" {
#include "bsx_status.h"
}

/* The waves go to NAME.tmp and are renamed to NAME once the simulation has
 * run (a hung or mismatching run is exactly when they are wanted); a run that
 * stops on bad input before simulating leaves no file. */
struct TraceFile {
    std::string path, tmp;
    bool committed = false;
    ~TraceFile()
    {
        if (!tmp.empty() && !committed)
            std::remove(tmp.c_str());
    }
    bool commit()
    {
        committed = true;
        return tmp.empty() || std::rename(tmp.c_str(), path.c_str()) == 0;
    }
};

static int fail(const std::string &msg)
{
    std::fprintf(stderr, "bsxsim-cosim: %s\n", msg.c_str());
    return 1;
}

int sc_main(int argc, char **argv)
{
    CosimOptions opts;
    std::string err;
    int rc = parse_cosim_options(argc, argv, opts, err);
    if (rc == 2)
        return 0;
    if (rc != 0) {
        print_cosim_usage(stderr);
        return fail(err);
    }
    Verilated::commandArgs(argc, argv);
    /* keep stdout for the report (sc_stop's "stopped by user" is an info) */
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    if (!opts.trace.empty())
        Verilated::traceEverOn(true);

    TraceFile trace_file;
    if (!opts.trace.empty()) { /* the FST writer cannot report a bad path itself */
        trace_file.path = opts.trace;
        trace_file.tmp = opts.trace + ".tmp";
        std::FILE *probe = std::fopen(trace_file.tmp.c_str(), "wb");
        if (!probe)
            return fail("--trace " + opts.trace + ": cannot create the file");
        std::fclose(probe);
        opts.trace = trace_file.tmp;
    }
    CosimJob job;
    if (job.load(opts, err) != 0)
        return fail(err);
    ArrayCurrents currents(job.analog());
    Scoreboard scoreboard(job, currents);
    RunResult run;
    const bool binsparx = opts.scheme == "binsparx";
    if (binsparx && opts.adcs == 8)
        rc = run_cosim<Vbsx_macro_binsparx_k8, 8, 5>(opts, job, currents, scoreboard, run, err);
    else if (binsparx)
        rc = run_cosim<Vbsx_macro_binsparx_k64, 64, 5>(opts, job, currents, scoreboard, run, err);
    else if (opts.adcs == 8)
        rc = run_cosim<Vbsx_macro_baseline_k8, 8, 6>(opts, job, currents, scoreboard, run, err);
    else
        rc = run_cosim<Vbsx_macro_baseline_k64, 64, 6>(opts, job, currents, scoreboard, run, err);
    if (!trace_file.commit())
        return fail("--trace " + trace_file.path + ": cannot rename " + trace_file.tmp);
    opts.trace = trace_file.path;
    if (rc != 0)
        return fail(err);

    const std::vector<int32_t> &y = scoreboard.y();
    const std::vector<int32_t> &ref = job.reference_y();
    uint64_t layer_mismatches = 0;
    for (size_t i = 0; i < y.size(); ++i)
        layer_mismatches += y[i] != ref[i];

    char msg[BSX_ERRLEN] = "";
    if (bsx_npy_write_i32(opts.out.c_str(), job.batch(), job.out_cols(), y.data(), msg) != BSX_OK)
        return fail(msg);
    print_cosim_report(stdout, opts, job, scoreboard, run, layer_mismatches);
    if (!opts.trace.empty() && !opts.json)
        std::printf("  waves            %s (gtkwave %s waves/flip_path.gtkw)\n",
                    opts.trace.c_str(), opts.trace.c_str());
    if (scoreboard.mismatches() || scoreboard.clip_mismatches() || scoreboard.flip_mismatches() ||
        layer_mismatches)
        return fail("RTL and reference disagree; first: " +
                    (scoreboard.first_mismatch().empty() ? std::string("in the layer sum")
                                                         : scoreboard.first_mismatch()));
    return 0;
}
