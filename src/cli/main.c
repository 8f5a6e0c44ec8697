/* bsxsim: command-line front end of the C simulator. Dispatches to one
 * sub-command per source file (see commands.h). */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "analog.h"
#include "commands.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"presets", cmd_presets, "print every number behind each design-point preset"},
    {"column", cmd_column, "solve one column (or a file of patterns) on a preset"},
    {"vmm", cmd_vmm, "reference VMM of .npy weights and inputs (baseline or BinSparX)"},
    {"bnn", cmd_bnn, "a binary network on test images through the macro (docs/bnn-format.md)"},
    {"config", cmd_config, "resolve and check one RTL macro configuration (N, M, K, B, ...)"},
};

static const struct command studies[] = {
    {"deviation", cmd_study_deviation, "current deviation vs partial sum (paper Fig. 2d)"},
    {"psum", cmd_study_psum, "partial-sum histograms, baseline vs BinSparX (Fig. 1, 4)"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void usage(FILE *f)
{
    fprintf(f, "usage: bsxsim COMMAND [options]   (bsxsim COMMAND --help for each)\n"
               "       bsxsim --version   (build: which SIMD path the column solver runs)\n\n");
    for (size_t i = 0; i < COUNT(commands); i++)
        fprintf(f, "  %-17s %s\n", commands[i].name, commands[i].summary);
    for (size_t i = 0; i < COUNT(studies); i++)
        fprintf(f, "  study %-11s %s\n", studies[i].name, studies[i].summary);
}

static void study_usage(FILE *f)
{
    fprintf(f, "usage: bsxsim study STUDY [options]   (bsxsim study STUDY --help for each)\n\n");
    for (size_t i = 0; i < COUNT(studies); i++)
        fprintf(f, "  %-11s %s\n", studies[i].name, studies[i].summary);
}

static int dispatch(const struct command *table, size_t n, const char *kind,
                    int argc, char **argv)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(argv[0], table[i].name) == 0)
            return table[i].run(argc, argv);
    fprintf(stderr, "bsxsim: unknown %s '%s' (bsxsim --help lists them)\n", kind,
            argv[0]);
    return 2;
}

int main(int argc, char **argv)
{
    /* a file size limit (ulimit -f) makes writes fail with EFBIG, reported
     * and cleaned up like a full disk, instead of killing the program with
     * its temporaries left behind */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("bsxsim: batched column solver built for %s\n", bsx_analog_simd_path());
        return 0;
    }
    if (strcmp(argv[1], "study") == 0) {
        if (argc < 3) {
            fprintf(stderr, "bsxsim: 'study' needs a study name (deviation, psum)\n");
            study_usage(stderr);
            return 2;
        }
        if (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0) {
            study_usage(stdout);
            return 0;
        }
        return dispatch(studies, COUNT(studies), "study", argc - 2, argv + 2);
    }
    return dispatch(commands, COUNT(commands), "command", argc - 1, argv + 1);
}
