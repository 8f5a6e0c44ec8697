/* build/bsxsim-cosim: the co-simulation's command. Each macro configuration
 * (src/rtl_config.h) is its own program, because the verilated macro's port
 * widths are compile-time types: build/vl/NAME/bsxsim-cosim-model, built by
 * sim/model.mk with the configuration's static timing beside it. This
 * launcher parses and checks the whole command line (an illegal
 * configuration is refused before anything is built), builds the model on
 * first use (saying so; builds take turns on a lock, cached models never
 * wait), checks the
 * clock against the SAR bit time and the configuration's STA minimum period,
 * and then replaces itself (execv) with the model binary, passing the same
 * arguments plus the clock. No SystemC here.
 *
 * BSX_COSIM_FLAVOUR=quick in the environment (make check-rtl) selects the
 * quick flavour of sim/model.mk instead: the same model compiled at -O0, in
 * build/vl-quick/NAME/, without static timing (only the SAR bit time bounds
 * the clock then). */
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cosim_options.h"

extern "C" {
#include "bsx_status.h"
#include "safe_file.h"
}

namespace {

/* NeuroSim 1.4's 7 nm SAR: (b + 1) x 1 ns per conversion (docs/parameters.md
 * section 5); the RTL decides one bit per clock. */
constexpr int kSarBitPs = 1000;
constexpr int kClockGridPs = 250; /* default clock: rounded up to this grid */

int fail(const std::string &msg)
{
    std::fprintf(stderr, "bsxsim-cosim: %s\n", msg.c_str());
    return 1;
}

/* A command line that cannot run: one line, exit 2 (as bsxsim). */
int usage_error(const std::string &msg)
{
    fail(msg);
    return 2;
}

std::string dirname_of(const std::string &path)
{
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

/* Runs argv (PATH lookup) with stdout and stderr to log ("" = inherited) and
 * returns its exit status, or -1 when it could not be run. */
int run_command(const std::vector<std::string> &args, const std::string &log)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (!log.empty()) {
            int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0)
                _exit(127);
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        std::vector<char *> argv;
        for (const std::string &a : args)
            argv.push_back(const_cast<char *>(a.c_str()));
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string last_lines(const std::string &path, int n)
{
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    std::string out;
    for (size_t i = lines.size() > (size_t)n ? lines.size() - (size_t)n : 0; i < lines.size(); ++i)
        out += "  " + lines[i] + "\n";
    return out;
}

/* The STA result of the configuration (sim/model.mk runs scripts/sta.py into
 * DIR/sta/): min_ps > 0, or 0 with why in reason. */
double sta_min_period(const std::string &json_path, std::string &reason)
{
    std::ifstream in(json_path);
    if (!in) {
        reason = json_path + " is missing";
        return 0.0;
    }
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    size_t at = s.find("\"min_period_ps\":");
    if (at != std::string::npos)
        return std::strtod(s.c_str() + at + 16, nullptr);
    at = s.find("\"error\":");
    reason = at == std::string::npos ? json_path + " has no result"
                                     : s.substr(at + 8, s.find('\n', at) - at - 8);
    return 0.0;
}

} // namespace

int main(int argc, char **argv)
{
    CosimOptions opts;
    std::string err;
    int rc = parse_cosim_options(argc, argv, opts, err);
    if (rc == 2)
        return 0;
    if (rc != 0)
        return usage_error(err);
    if (!opts.config_warning.empty())
        std::fprintf(stderr, "bsxsim-cosim: warning: %s\n", opts.config_warning.c_str());
    if (opts.clock_ps != 0 && opts.clock_ps < kSarBitPs)
        return usage_error("--clock-ps " + std::to_string(opts.clock_ps) + " is below the SAR bit time, " +
                    std::to_string(kSarBitPs) + " ps (the RTL decides one SAR bit per clock; "
                    "NeuroSim 7 nm SAR, docs/parameters.md)");

    const char *flavour_env = std::getenv("BSX_COSIM_FLAVOUR");
    const std::string flavour = flavour_env && *flavour_env ? flavour_env : "full";
    if (flavour != "full" && flavour != "quick")
        return usage_error("BSX_COSIM_FLAVOUR='" + flavour + "' in the environment: full (the "
                           "default) or quick");
    const bool quick = flavour == "quick";

    char msg[BSX_ERRLEN] = "";
    /* the outputs are checked before a build of a minute, not after it */
    if (!opts.build_only && (bsx_out_check(opts.out.c_str(), "--out", msg) != BSX_OK ||
                             (!opts.trace.empty() &&
                              bsx_out_check(opts.trace.c_str(), "--trace", msg) != BSX_OK)))
        return fail(msg);

    char self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        return fail("cannot locate this program (/proc/self/exe)");
    self[len] = '\0';
    const std::string build = dirname_of(self);       /* .../build */
    const std::string root = dirname_of(build);       /* the repository */
    struct stat mk; /* a program at / has no build folder (and root ".") */
    if (build.empty() || stat((root + "/sim/model.mk").c_str(), &mk) != 0)
        return fail("no sim/model.mk in " + (root.empty() || build.empty() ? "/" : root) +
                    ", the folder above this program's: "
                    "bsxsim-cosim builds its models from the repository, so it runs from a "
                    "build folder directly inside it (make BUILD=DIR, DIR a top-level folder)");
    char name[128], params[256];
    bsx_rtl_config_name(&opts.config, name, sizeof name);
    bsx_rtl_config_params(&opts.config, params, sizeof params);
    const std::string cache = quick ? "vl-quick" : "vl";
    const std::string dir = build + "/" + cache + "/" + name;
    const std::string model = dir + "/bsxsim-cosim-model";
    const std::string sta_json = dir + "/sta/sta.json";
    const std::string build_shown = build.substr(root.size() + 1); /* e.g. build */
    const std::string shown = build_shown + "/" + cache + "/" + name;

    mkdir((build + "/vl").c_str(), 0755);
    mkdir((build + "/" + cache).c_str(), 0755);
    mkdir(dir.c_str(), 0755);
    std::vector<std::string> make = {"make", "-C", root, "-f", "sim/model.mk",
                                     "BUILD=" + build, std::string("NAME=") + name,
                                     std::string("PARAMS=") + params, "FLAVOUR=" + flavour, model};
    if (!quick)
        make.push_back(sta_json);
    std::vector<std::string> query = make;
    query.insert(query.begin() + 1, "-q");
    /* A cached, up-to-date model runs without waiting for anyone; builds
     * (which may also refresh the shared objects and the Verilator runtime)
     * take turns on one lock and check again once they hold it. */
    if (run_command(query, "/dev/null") != 0) {
        int lock = open((build + "/vl/.lock").c_str(), O_RDWR | O_CREAT, 0644);
        if (lock < 0)
            return fail("cannot open " + build + "/vl/.lock");
        if (flock(lock, LOCK_EX | LOCK_NB) != 0) {
            std::fprintf(stderr, "bsxsim-cosim: waiting for another model build to finish "
                                 "(%s/vl/.lock)\n", build_shown.c_str());
            if (flock(lock, LOCK_EX) != 0)
                return fail("cannot lock " + build + "/vl/.lock");
        }
        if (run_command(query, "/dev/null") != 0) {
            std::fprintf(stderr,
                         "bsxsim-cosim: building the %s of %s in %s/ (first use of this "
                         "configuration, or rtl/ or sim/ changed: %s; log %s/build.log)\n",
                         quick ? "quick model" : "model", name, shown.c_str(),
                         quick ? "Verilator and C++ at -O0, no static timing, seconds"
                               : "Verilator, C++ and static timing, about a minute",
                         shown.c_str());
            if (run_command(make, dir + "/build.log") != 0)
                return fail("building " + std::string(name) + " failed; the end of " + shown +
                            "/build.log:\n" + last_lines(dir + "/build.log", 15));
        }
        close(lock);
    }

    std::string why;
    double sta_ps = quick ? 0.0 : sta_min_period(sta_json, why);
    if (sta_ps <= 0.0 && !quick)
        std::fprintf(stderr, "bsxsim-cosim: warning: no STA minimum period for %s (%s); only "
                     "the SAR bit time bounds the clock\n", name, why.c_str());
    if (opts.clock_ps != 0 && opts.clock_ps < sta_ps)
        return usage_error("--clock-ps " + std::to_string(opts.clock_ps) +
                    " is below the STA minimum period of " + name + ", " +
                    std::to_string((int)std::ceil(sta_ps)) + " ps (" + shown +
                    "/sta/): the RTL would not meet timing");
    const bool clock_given = opts.clock_ps != 0;
    if (!clock_given) {
        double need = sta_ps > kSarBitPs ? sta_ps : kSarBitPs;
        opts.clock_ps = (int)std::ceil(need / kClockGridPs) * kClockGridPs;
    }
    if (opts.build_only) {
        if (quick)
            std::printf("%s: %s (quick: -O0, no static timing), clock %d ps\n", name,
                        model.c_str(), opts.clock_ps);
        else
            std::printf("%s: %s, STA minimum period %.1f ps, clock %d ps\n", name,
                        model.c_str(), sta_ps, opts.clock_ps);
        return 0;
    }
    std::vector<std::string> args(argv, argv + argc);
    args[0] = model;
    if (!clock_given) { /* the model takes each option once */
        args.push_back("--clock-ps");
        args.push_back(std::to_string(opts.clock_ps));
    }
    std::vector<char *> exec_argv;
    for (std::string &a : args)
        exec_argv.push_back(&a[0]);
    exec_argv.push_back(nullptr);
    execv(model.c_str(), exec_argv.data());
    return fail("cannot start " + model + ": " + std::strerror(errno));
}
