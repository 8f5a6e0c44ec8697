/* Parsing of bsxsim-cosim's command line (see cosim_options.h). */
#include "cosim_options.h"

extern "C" {
#include "bsx_status.h"
#include "safe_file.h"
}

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>

/* SystemC prints its banner when the first module is made; runs (and usage
 * errors) are quiet. Set before sc_main, at static initialisation (the
 * launcher's environment passes it on to the model binary it starts). */
static const int banner_off = setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);

void print_cosim_usage(std::FILE *to)
{
    std::fputs(
        "usage: bsxsim-cosim --weights W.npy --inputs X.npy --out Y.npy\n"
        "                    --scheme baseline|binsparx [--rows N] [--cols M] [--adcs K]\n"
        "                    [--adc-bits B] [--tree-stages T] [--settle S] [--out-bits OW]\n"
        "                    [--ideal | --preset P [--set KEY=VALUE]...]\n"
        "                    [--trace waves/NAME.fst] [--max-cycles N]\n"
        "                    [--clock-ps P] [--json]\n"
        "       bsxsim-cosim --build-only --scheme S [configuration options]\n"
        "Co-simulates the verilated bsx_macro of one configuration in SystemC\n"
        "against the analog array model, checks every output word against the\n"
        "software reference (the layer VMM of `bsxsim vmm`) and writes Y exactly as\n"
        "`bsxsim vmm` does with the same arguments.\n"
        "Configuration: defaults and rules as `bsxsim config --help` (64 x 64, K = 8,\n"
        "B = ceil(log2 N) baseline and one fewer BinSparX, TREE_STAGES 2, SETTLE 1,\n"
        "OW the minimum); an illegal one is refused before anything is built. Each\n"
        "configuration's model is verilated, compiled and timed (Yosys + OpenSTA)\n"
        "on first use and cached in build/vl/NAME/ (about a minute; the first run\n"
        "says so); later runs reuse it until rtl/ or sim/ change.\n"
        "Report: mismatches (must be 0), clips, latency (cycles, ns), streaming\n"
        "throughput, simulated cycles per second; with a preset also the analog\n"
        "energy per array VMM (array read current, word lines, bitlines, ADCs) and\n"
        "the array and ADC areas (model: docs/energy-area.md).\n"
        "  --clock-ps P    clock period, an even number of ps (sc_clock's half period);\n"
        "                  refused below the SAR bit time (1000 ps,\n"
        "                  NeuroSim's 7 nm SAR: one bit per clock) or below the\n"
        "                  configuration's STA minimum period (build/vl/NAME/sta/).\n"
        "                  Default: the larger of the two, rounded up to 250 ps\n"
        "                  (1000 ps for the default macro)\n"
        "  --max-cycles N  stop with an error when the run needs more cycles\n"
        "  --build-only    build (or check) the configuration's model and exit\n"
        "  --trace F.fst   waveforms as FST (GTKWave); a .vcd name is refused: convert\n"
        "                  with fst2vcd F.fst > F.vcd (Debian package gtkwave)\n"
        "Environment: BSX_COSIM_FLAVOUR=quick (make check-rtl) builds and runs the\n"
        "quick flavour instead: the same model compiled at -O0 in build/vl-quick/NAME/,\n"
        "in seconds, without static timing (only the SAR bit time bounds the clock).\n",
        to);
}

/* Non-negative decimal integer, whole string. */
static bool parse_u64(const char *text, uint64_t &out)
{
    if (text[0] < '0' || text[0] > '9')
        return false;
    errno = 0;
    char *end = nullptr;
    unsigned long long v = std::strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    out = v;
    return true;
}

/* One of `bsxsim config`'s options (src/rtl_config.h)? */
static bool is_config_option(const std::string &opt)
{
    for (size_t i = 0; i < BSX_RTL_CONFIG_OPTIONS; ++i)
        if (opt == bsx_rtl_config_option(i))
            return true;
    return false;
}

int parse_cosim_options(int argc, char **argv, CosimOptions &o, std::string &err)
{
    bsx_rtl_config_defaults(&o.config, BSX_SCHEME_BINSPARX);
    bool scheme_given = false;
    char msg[BSX_ERRLEN] = "";
    std::set<std::string> seen; /* as bsxsim: only --set may repeat */
    for (int i = 1; i < argc; ++i) {
        std::string opt = argv[i];
        if (opt == "--help" || opt == "-h") {
            print_cosim_usage(stdout);
            return 2;
        }
        if (opt != "--set" && !seen.insert(opt).second) {
            err = opt + " is given twice";
            return 1;
        }
        if (opt == "--ideal") { o.ideal = true; continue; }
        if (opt == "--build-only") { o.build_only = true; continue; }
        if (opt == "--json") { o.json = true; continue; }
        static const char *const valued[] = {"--weights", "--inputs",     "--out",
                                             "--preset",  "--set",        "--trace",
                                             "--max-cycles", "--clock-ps"};
        bool known = is_config_option(opt);
        for (const char *v : valued)
            known = known || opt == v;
        if (!known) {
            err = opt + ": unknown option (see --help)";
            return 1;
        }
        if (i + 1 >= argc) {
            err = opt + ": missing value (see --help)";
            return 1;
        }
        const char *val = argv[++i];
        uint64_t num = 0;
        if ((opt == "--out" || opt == "--trace" || opt == "--weights" || opt == "--inputs")
            && !*val) {
            err = opt + ": empty file name";
            return 1;
        }
        if (opt == "--weights") o.weights = val;
        else if (opt == "--inputs") o.inputs = val;
        else if (opt == "--out") o.out = val;
        else if (opt == "--preset") o.preset = val;
        else if (opt == "--set") o.sets.push_back(val);
        else if (opt == "--trace") o.trace = val;
        else if (is_config_option(opt)) {
            if (bsx_rtl_config_set(&o.config, opt.c_str(), val, msg) != BSX_OK) {
                err = msg;
                return 1;
            }
            scheme_given |= opt == "--scheme";
        } else if (opt == "--max-cycles") {
            if (!parse_u64(val, num) || num == 0) {
                err = std::string("--max-cycles: '") + val + "' is not a positive integer";
                return 1;
            }
            o.max_cycles = num;
        } else if (opt == "--clock-ps") {
            /* sc_clock's half period must be a whole ps (the time resolution) */
            if (!parse_u64(val, num) || num < 2 || num > 1000000 || num % 2) {
                err = std::string("--clock-ps: '") + val +
                      "' is not an even integer in 2..1000000 (the half period must be a "
                      "whole ps)";
                return 1;
            }
            o.clock_ps = (int)num;
        }
    }
    if (!scheme_given) {
        err = "--scheme baseline|binsparx is required (see --help)";
        return 1;
    }
    char warning[BSX_ERRLEN] = "";
    if (bsx_rtl_config_resolve(&o.config, warning, msg) != BSX_OK) {
        err = msg;
        return 1;
    }
    o.config_warning = warning;
    if (o.build_only)
        return 0;
    if (o.weights.empty() || o.inputs.empty() || o.out.empty()) {
        err = "--weights, --inputs and --out are required (see --help)";
        return 1;
    }
    if (o.ideal == !o.preset.empty()) {
        err = "give exactly one of --ideal and --preset P";
        return 1;
    }
    if (o.ideal && !o.sets.empty()) {
        err = "--set: only meaningful with --preset";
        return 1;
    }
    /* no output may overwrite an input, nor the trace the output */
    const std::string *const in[] = {&o.weights, &o.inputs};
    const char *const in_what[] = {"--weights", "--inputs"};
    for (int k = 0; k < 2; ++k)
        if (bsx_check_distinct(o.out.c_str(), "--out", in[k]->c_str(), in_what[k], msg) ||
            (!o.trace.empty() &&
             bsx_check_distinct(o.trace.c_str(), "--trace", in[k]->c_str(), in_what[k], msg))) {
            err = msg;
            return 1;
        }
    if (!o.trace.empty() &&
        (o.trace == o.out || bsx_check_distinct(o.trace.c_str(), "--trace", o.out.c_str(),
                                                 "--out", msg))) {
        err = "--trace " + o.trace + " is the same file as --out";
        return 1;
    }
    /* the verilated models trace FST only: a .vcd name would hold FST bytes */
    std::string ext = o.trace.size() >= 4 ? o.trace.substr(o.trace.size() - 4) : "";
    for (char &c : ext)
        c = (char)std::tolower((unsigned char)c);
    if (ext == ".vcd") {
        err = "--trace " + o.trace + ": the co-simulation writes FST, not VCD; give NAME.fst "
              "and convert it with `fst2vcd NAME.fst > NAME.vcd` (Debian package gtkwave)";
        return 1;
    }
    (void)banner_off;
    return 0;
}
