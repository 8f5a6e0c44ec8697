/* One option parser for every bsxsim sub-command: each command states its
 * options as a table (name, kind, where the value goes, range) and
 * bsx_opt_parse walks argv against it, so that unknown options, missing or
 * repeated values and numbers out of range get the same one-line message
 * and exit code everywhere. */
#ifndef BSX_CLI_OPTIONS_H
#define BSX_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

/* Most values one repeatable option (--set) takes. */
#define BSX_OPT_LIST_MAX 64

typedef enum {
    BSX_OPT_FLAG, /* no value: *(int *)dest = 1 */
    BSX_OPT_TEXT, /* *(const char **)dest = the value */
    BSX_OPT_INT,  /* *(int *)dest = the value, a decimal integer in lo..hi */
    BSX_OPT_LIST  /* repeatable: appended to *(bsx_opt_list *)dest */
} bsx_opt_kind;

typedef struct {
    char *items[BSX_OPT_LIST_MAX];
    int n;
} bsx_opt_list;

typedef struct {
    const char *name; /* "--weights" */
    bsx_opt_kind kind;
    void *dest;
    int lo, hi; /* BSX_OPT_INT only */
    const char *rule; /* BSX_OPT_INT: why lo..hi, named when out of range
                       * (NULL: the range alone) */
} bsx_opt;

/* Exit codes of the sub-commands (commands.h). */
enum { BSX_EXIT_OK = 0, BSX_EXIT_FAIL = 1, BSX_EXIT_USAGE = 2 };

/* Parses argv[1..argc-1] (argv[0] is the command's name) against opts[n].
 * A value stays in argv (not copied). Every option but a list may be given
 * once. Returns -1 when the command goes on; otherwise the exit code after
 * printing: the usage on stdout for --help or -h (anywhere; 0), else one
 * line "CMD: problem" on stderr: 2 for an unknown option, a missing value
 * or a repeated option, 1 for a value out of range. */
int bsx_opt_parse(const char *cmd, int argc, char **argv, const bsx_opt *opts,
                  size_t n, void (*usage)(FILE *));

/* Prints "CMD: msg" as one line on stderr: a control character in msg (a
 * newline in a file name the user gave) is shown as '?'. */
void bsx_cli_fail(const char *cmd, const char *msg);

#endif
