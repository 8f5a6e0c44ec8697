/* Implementation of the shared test harness (tb_cli.h). */
#include "tb_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];
static char out_text[1 << 16], err_text[1 << 16];

int tb_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

void tb_dir_make(const char *tag)
{
    snprintf(dir, sizeof dir, "/tmp/bsx_%s_%ld", tag, (long)getpid());
    mkdir(dir, 0700);
}

void tb_dir_remove(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

const char *tb_path(const char *name)
{
    static char buf[4][400];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, 400, "%s/%s", dir, name);
    return p;
}

int tb_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

void tb_slurp(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "r");
    size_t got = f ? fread(buf, 1, n - 1, f) : 0;
    buf[got] = '\0';
    if (f)
        fclose(f);
}

void tb_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Writes a version 1.0 .npy with descr `descr` (e.g. "|i1"), shape (r, c). */
void tb_write_npy(const char *p, const char *descr, size_t r, size_t c,
                  const void *data, size_t elem)
{
    char dict[128];
    int n = snprintf(dict, sizeof dict,
                     "{'descr': '%s', 'fortran_order': False, 'shape': (%zu, %zu), }", descr,
                     r, c);
    size_t hlen = (size_t)n + 1;
    while ((10 + hlen) % 64)
        hlen++;
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite("\x93NUMPY\x01\x00", 1, 8, f);
    unsigned char len[2] = {(unsigned char)(hlen & 0xff), (unsigned char)(hlen >> 8)};
    fwrite(len, 1, 2, f);
    fwrite(dict, 1, (size_t)n, f);
    for (size_t k = (size_t)n; k + 1 < hlen; k++)
        fputc(' ', f);
    fputc('\n', f);
    fwrite(data, elem, r * c, f);
    fclose(f);
}

int tb_bsxsim(const char *args)
{
    return tb_bsxsim_with("", args);
}

int tb_bsxsim_with(const char *shell, const char *args)
{
    const char *exe = getenv("BSXSIM");
    ck_assert_msg(exe != NULL, "BSXSIM is not set (run through make test)");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s '%s' %s >out.txt 2>err.txt", dir,
             shell, exe, args);
    int status = system(cmd);
    tb_slurp(tb_path("out.txt"), out_text, sizeof out_text);
    tb_slurp(tb_path("err.txt"), err_text, sizeof err_text);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

char *tb_out(void)
{
    return out_text;
}

char *tb_err(void)
{
    return err_text;
}

int tb_stderr_lines(void)
{
    int lines = 0;
    char last = '\n';
    for (const char *c = err_text; *c; c++) {
        lines += *c == '\n';
        last = *c;
    }
    return lines + (last != '\n');
}
