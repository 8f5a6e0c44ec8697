/* The main program of every model binary (build/vl/NAME/bsxsim-cosim-model,
 * which build/bsxsim-cosim builds and starts): co-simulation of the
 * verilated BinSparX / baseline macro with the analog array model in
 * SystemC, checked word for word against the software reference
 * (docs/design.md section 5). Checks that the command line asks for the
 * configuration this binary was built for, runs it, compares the layer
 * output with the reference VMM, writes Y like `bsxsim vmm` and prints the
 * report, whose last line is PASS or FAIL. A run whose output differs from
 * the reference does not write Y: the RTL's words go to Y.mismatch (a .npy)
 * for debugging. */
#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <string>

#include <unistd.h>

#include <systemc>
#include <verilated.h>

#include "cosim_job.h"
#include "cosim_model.h"
#include "cosim_options.h"
#include "cosim_report.h"
#include "scoreboard.h"
#include "gtkwave/fstapi.h"

extern "C" {
#include "bsx_status.h"
#include "safe_file.h"
}

/* The waves go to a temporary next to NAME (safe_file.h) and are renamed to
 * NAME once the simulation has run (a hung or mismatching run is exactly
 * when they are wanted) and the FST file reads back whole (the FST writer
 * does not report failed writes, e.g. a full disk); a run that stops on bad
 * input before simulating leaves no file. */
/* The FST file at path is a whole chain of blocks (a type byte, then a
 * big-endian 64-bit length that counts itself and the block's data) ending
 * exactly at the end of the file. fstReaderOpen alone is not enough: on a
 * file cut inside a block it can loop for ever (tb/test_cosim_cli.py, a
 * large trace cut by a file-size limit). */
static bool fst_blocks_whole(const char *path)
{
    FILE *f = std::fopen(path, "rb");
    if (!f)
        return false;
    bool whole = fseeko(f, 0, SEEK_END) == 0;
    off_t size = whole ? ftello(f) : -1, pos = 0;
    while (whole && pos < size) {
        unsigned char head[9];
        whole = size - pos >= 9 && fseeko(f, pos, SEEK_SET) == 0
                && std::fread(head, 1, sizeof head, f) == sizeof head;
        uint64_t len = 0;
        for (int k = 1; whole && k < 9; k++)
            len = len << 8 | head[k];
        whole = whole && len >= 8 && len <= (uint64_t)(size - pos - 1);
        pos += whole ? 1 + (off_t)len : 0;
    }
    std::fclose(f);
    return whole && pos == size && size > 0;
}

struct TraceFile {
    std::string path;
    bsx_out *out = nullptr;
    ~TraceFile() { bsx_out_abort(out); }
    bool commit(std::string &err)
    {
        if (!out)
            return true;
        void *fst = fst_blocks_whole(bsx_out_temp_name(out))
                        ? fstReaderOpen(bsx_out_temp_name(out))
                        : nullptr;
        bool whole = fst && fstReaderGetEndTime(fst) > 0;
        if (fst)
            fstReaderClose(fst);
        char msg[BSX_ERRLEN] = "";
        int st = BSX_EIO;
        if (whole)
            st = bsx_out_commit(out, msg);
        else
            bsx_out_abort(out);
        out = nullptr;
        if (!whole)
            err = "--trace " + path + ": the FST file did not read back whole (disk full?)";
        else if (st != BSX_OK)
            err = msg;
        return whole && st == BSX_OK;
    }
};

/* The FST writer maps its scratch files into memory: when the disk fills,
 * a store into the mapping raises SIGBUS. The handler says so in one line,
 * removes the trace's temporaries and exits 1 (async-signal-safe calls
 * only). The names live in this static, the one the handler can reach. */
static struct {
    char temp[4096], hier[4096], msg[4400];
    size_t msg_len;
} bus_cleanup;

static void on_sigbus(int)
{
    unlink(bus_cleanup.temp);
    unlink(bus_cleanup.hier);
    ssize_t ignored = write(2, bus_cleanup.msg, bus_cleanup.msg_len);
    (void)ignored;
    _exit(1);
}

static void catch_trace_bus_errors(const std::string &path, const char *temp)
{
    std::snprintf(bus_cleanup.temp, sizeof bus_cleanup.temp, "%s", temp);
    std::snprintf(bus_cleanup.hier, sizeof bus_cleanup.hier, "%s.hier", temp);
    int n = std::snprintf(bus_cleanup.msg, sizeof bus_cleanup.msg,
                          "bsxsim-cosim: --trace %.4000s: writing the waves failed (disk "
                          "full?)\n", path.c_str());
    bus_cleanup.msg_len = n > 0 ? std::min((size_t)n, sizeof bus_cleanup.msg - 1) : 0;
    struct sigaction sa = {};
    sa.sa_handler = on_sigbus;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, nullptr);
}

static int fail(const std::string &msg)
{
    std::fprintf(stderr, "bsxsim-cosim: %s\n", msg.c_str());
    return 1;
}

int sc_main(int argc, char **argv)
{
    /* a file-size limit (ulimit -f) makes writes fail, reported like a full
     * disk, instead of killing the process with its temporaries left behind */
    std::signal(SIGXFSZ, SIG_IGN);
    CosimOptions opts;
    std::string err;
    int rc = parse_cosim_options(argc, argv, opts, err);
    if (rc == 2)
        return 0;
    if (rc != 0) {
        fail(err);
        return 2;
    }
    char params[256];
    bsx_rtl_config_params(&opts.config, params, sizeof params);
    if (std::string(params) != cosim_model_params())
        return fail(std::string("this model binary is built for ") + cosim_model_params() +
                    ", not " + params + "; run build/bsxsim-cosim, which picks the model");
    if (opts.clock_ps == 0)
        return fail("--clock-ps: missing (build/bsxsim-cosim passes the configuration's clock)");
    Verilated::commandArgs(argc, argv);
    /* keep stdout for the report (sc_stop's "stopped by user" is an info) */
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    if (!opts.trace.empty())
        Verilated::traceEverOn(true);

    TraceFile trace_file;
    char msg[BSX_ERRLEN] = "";
    if (bsx_out_check(opts.out.c_str(), "--out", msg) != BSX_OK)
        return fail(msg);
    if (!opts.trace.empty()) { /* the FST writer cannot report a bad path itself */
        trace_file.path = opts.trace;
        if (bsx_out_open(opts.trace.c_str(), "--trace", &trace_file.out, msg) != BSX_OK)
            return fail(msg);
        opts.trace = bsx_out_temp_name(trace_file.out);
        catch_trace_bus_errors(trace_file.path, opts.trace.c_str());
    }
    CosimJob job;
    if (job.load(opts, err) != 0)
        return fail(err);
    Scoreboard scoreboard(job);
    RunResult run;
    rc = cosim_model_run(opts, job, scoreboard, run, err);
    std::string trace_err;
    if (!trace_file.commit(trace_err))
        return fail(trace_err);
    opts.trace = trace_file.path;
    if (rc != 0)
        return fail(err);

    const std::vector<int32_t> &y = scoreboard.y();
    const std::vector<int32_t> &ref = job.reference_y();
    uint64_t layer_mismatches = 0;
    for (size_t i = 0; i < y.size(); ++i)
        layer_mismatches += y[i] != ref[i];

    const bool exact = !(scoreboard.mismatches() || scoreboard.clip_mismatches() ||
                         scoreboard.flip_mismatches() || layer_mismatches);
    const std::string y_path = exact ? opts.out : opts.out + ".mismatch";
    if (bsx_npy_write_i32(y_path.c_str(), job.batch(), job.out_cols(), y.data(), msg) != BSX_OK)
        return fail(msg);
    print_cosim_report(stdout, opts, job, scoreboard, run, layer_mismatches);
    if (!opts.trace.empty() && !opts.json)
        std::printf("  waves            %s (gtkwave %s waves/%s.gtkw)\n", opts.trace.c_str(),
                    opts.trace.c_str(),
                    opts.config.macro.scheme == BSX_SCHEME_BINSPARX ? "flip_path" : "baseline");
    if (!opts.json)
        std::printf(exact ? "PASS: every output word equals the software reference\n"
                          : "FAIL: RTL and software reference disagree\n");
    if (!exact)
        return fail("RTL and reference disagree (" + opts.out + " not written; the RTL's output is in " +
                    y_path + "); first: " +
                    (scoreboard.first_mismatch().empty() ? std::string("in the layer sum")
                                                         : scoreboard.first_mismatch()));
    return 0;
}
