/* The table-driven option parser of the sub-commands (options.h). */
#include "options.h"

#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "parse_int.h"

static const bsx_opt *find(const bsx_opt *opts, size_t n, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(opts[k].name, name) == 0)
            return &opts[k];
    return NULL;
}

/* Stores one option's value; returns an exit code with err set, or -1. */
static int take(const bsx_opt *o, const char *value, char *err)
{
    switch (o->kind) {
    case BSX_OPT_FLAG:
        *(int *)o->dest = 1;
        return -1;
    case BSX_OPT_TEXT:
        *(const char **)o->dest = value;
        return -1;
    case BSX_OPT_INT:
        return bsx_parse_int_rule(o->name, value, o->lo, o->hi, o->rule, (int *)o->dest,
                                  err) == BSX_OK
                   ? -1
                   : BSX_EXIT_FAIL;
    case BSX_OPT_LIST: {
        bsx_opt_list *l = o->dest;
        if (l->n == BSX_OPT_LIST_MAX) {
            snprintf(err, BSX_ERRLEN, "more than %d %s options", BSX_OPT_LIST_MAX, o->name);
            return BSX_EXIT_USAGE;
        }
        l->items[l->n++] = (char *)value;
        return -1;
    }
    }
    return -1;
}

static int parse(int argc, char **argv, const bsx_opt *opts, size_t n, char *err)
{
    unsigned char *seen = calloc(n ? n : 1, 1);
    if (!seen) {
        snprintf(err, BSX_ERRLEN, "out of memory");
        return BSX_EXIT_FAIL;
    }
    int rc = -1;
    for (int i = 1; i < argc && rc < 0; i++) {
        const bsx_opt *o = find(opts, n, argv[i]);
        if (!o) {
            snprintf(err, BSX_ERRLEN, "unknown option '%.200s' (see --help)", argv[i]);
            rc = BSX_EXIT_USAGE;
        } else if (o->kind != BSX_OPT_FLAG && i + 1 >= argc) {
            snprintf(err, BSX_ERRLEN, "%s needs a value (see --help)", o->name);
            rc = BSX_EXIT_USAGE;
        } else if (o->kind != BSX_OPT_LIST && seen[o - opts]++) {
            snprintf(err, BSX_ERRLEN, "%s is given twice", o->name);
            rc = BSX_EXIT_USAGE;
        } else {
            rc = take(o, o->kind == BSX_OPT_FLAG ? NULL : argv[++i], err);
        }
    }
    free(seen);
    return rc;
}

int bsx_opt_parse(const char *cmd, int argc, char **argv, const bsx_opt *opts,
                  size_t n, void (*usage)(FILE *))
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return BSX_EXIT_OK;
        }
    char err[BSX_ERRLEN];
    int rc = parse(argc, argv, opts, n, err);
    if (rc >= 0)
        bsx_cli_fail(cmd, err);
    return rc;
}

void bsx_cli_fail(const char *cmd, const char *msg)
{
    fprintf(stderr, "%s: ", cmd);
    for (const unsigned char *c = (const unsigned char *)msg; *c; c++)
        fputc(*c < 0x20 || *c == 0x7f ? '?' : *c, stderr);
    fputc('\n', stderr);
}
