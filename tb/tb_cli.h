/* Test harness shared by the Check programs: running a suite, and running
 * the `bsxsim` command line ($BSXSIM, set by make test) in a scratch folder
 * with its stdout and stderr captured, as the CLI tests need. */
#ifndef TB_CLI_H
#define TB_CLI_H

#include <check.h>
#include <stddef.h>

/* Runs every test of s (fork mode) and returns EXIT_SUCCESS or EXIT_FAILURE. */
int tb_run_suite(Suite *s);

/* Creates the scratch folder /tmp/bsx_TAG_PID; tb_dir_remove deletes it. */
void tb_dir_make(const char *tag);
void tb_dir_remove(void);

/* NAME inside the scratch folder (four rotating buffers). */
const char *tb_path(const char *name);
int tb_exists(const char *path);

/* Reads at most n - 1 bytes of path into buf, NUL-terminated ("" if absent). */
void tb_slurp(const char *path, char *buf, size_t n);
void tb_write_file(const char *path, const char *text);

/* Writes a version 1.0 .npy with descr `descr` (e.g. "|i1"), shape (r, c),
 * by this harness's own minimal code (independent of src/npy.c). */
void tb_write_npy(const char *p, const char *descr, size_t r, size_t c,
                  const void *data, size_t elem);

/* Runs "$BSXSIM ARGS" inside the scratch folder, stdout in out.txt and stderr
 * in err.txt there, and returns its exit status. */
int tb_bsxsim(const char *args);
/* The same with shell text put before the program: environment settings
 * ("PATH=/none") or commands ending in ';' ("ulimit -f 4;"). */
int tb_bsxsim_with(const char *shell, const char *args);
/* What the last tb_bsxsim printed (writable copies, truncated at 64 KiB). */
char *tb_out(void);
char *tb_err(void);
/* Number of lines the last tb_bsxsim wrote to stderr. */
int tb_stderr_lines(void);

#endif
