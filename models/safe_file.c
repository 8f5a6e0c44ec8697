/* Safe output and input files (safe_file.h). */
#include "safe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bsx_status.h"

struct bsx_out {
    char *path, *temp;
    FILE *f;
};

static int fail(char *err, int st, const char *what, const char *path,
                const char *problem)
{
    snprintf(err, BSX_ERRLEN, "%s %.300s: %s", what, path, problem);
    return st;
}

/* The folder that will hold path exists and takes new files (what mkstemp
 * needs), so that a long run does not fail only at its end. */
static int folder_writable(const char *path, const char *what, char *err)
{
    const char *slash = strrchr(path, '/');
    size_t len = slash ? (size_t)(slash - path) : 0;
    char *dir = malloc(len + 2);
    if (!dir)
        return fail(err, BSX_ENOMEM, what, path, "out of memory");
    if (!slash)
        strcpy(dir, ".");
    else if (len == 0)
        strcpy(dir, "/");
    else
        snprintf(dir, len + 1, "%s", path);
    struct stat sb;
    int e = 0;
    if (stat(dir, &sb) != 0)
        e = errno;
    else if (!S_ISDIR(sb.st_mode))
        e = ENOTDIR;
    else if (access(dir, W_OK | X_OK) != 0)
        e = errno;
    free(dir);
    if (!e)
        return BSX_OK;
    snprintf(err, BSX_ERRLEN, "%s %.300s: cannot create a file in its folder: %s",
             what, path, strerror(e));
    return BSX_EIO;
}

int bsx_out_check(const char *path, const char *what, char *err)
{
    if (!path || !*path)
        return fail(err, BSX_EINVAL, what, "''", "empty file name");
    struct stat sb;
    int exists = lstat(path, &sb) == 0;
    if (exists && !S_ISREG(sb.st_mode))
        return fail(err, BSX_EINVAL, what, path,
                    S_ISLNK(sb.st_mode) ? "is a symbolic link (outputs only "
                                          "replace regular files)"
                                        : "is not a regular file (outputs only "
                                          "replace regular files)");
    /* The rename would replace a file the user may not write: refused.
     * Root passes access(W_OK) whatever the mode, so a file with no write
     * bit at all counts as read-only for root too. */
    if (exists && (!(sb.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) || access(path, W_OK) != 0))
        return fail(err, BSX_EINVAL, what, path,
                    "is read-only (an existing output is replaced only when it is "
                    "writable: chmod u+w or remove it first)");
    if (path[strlen(path) - 1] == '/')
        return fail(err, BSX_EINVAL, what, path, "names a folder");
    return folder_writable(path, what, err);
}

int bsx_out_open(const char *path, const char *what, bsx_out **out, char *err)
{
    *out = NULL;
    int st = bsx_out_check(path, what, err);
    if (st != BSX_OK)
        return st;
    bsx_out *o = calloc(1, sizeof *o);
    size_t n = strlen(path);
    if (o) {
        o->path = strdup(path);
        o->temp = malloc(n + 16);
    }
    if (!o || !o->path || !o->temp) {
        bsx_out_abort(o);
        return fail(err, BSX_ENOMEM, what, path, "out of memory");
    }
    /* DIR/.NAME.XXXXXX: same folder, so the rename is atomic */
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    memcpy(o->temp, path, dir);
    snprintf(o->temp + dir, n + 16 - dir, ".%s.XXXXXX", path + dir);
    int fd = mkstemp(o->temp);
    if (fd < 0) {
        snprintf(err, BSX_ERRLEN, "%s %.300s: cannot create a file in its "
                 "folder: %s", what, path, strerror(errno));
        free(o->temp);
        o->temp = NULL;
        bsx_out_abort(o);
        return BSX_EIO;
    }
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(o->f = fdopen(fd, "wb"))) {
        snprintf(err, BSX_ERRLEN, "%s %.300s: %s", what, path, strerror(errno));
        if (!o->f)
            close(fd);
        bsx_out_abort(o);
        return BSX_EIO;
    }
    *out = o;
    return BSX_OK;
}

FILE *bsx_out_stream(bsx_out *o) { return o->f; }

const char *bsx_out_temp_name(const bsx_out *o) { return o->temp; }

void bsx_out_abort(bsx_out *o)
{
    if (!o)
        return;
    if (o->f)
        fclose(o->f);
    if (o->temp)
        unlink(o->temp);
    free(o->temp);
    free(o->path);
    free(o);
}

int bsx_out_finish(bsx_out *o, char *err)
{
    if (!o->f)
        return BSX_OK;
    int bad = fflush(o->f) != 0 || ferror(o->f);
    int e = errno;
    bad = bad || fsync(fileno(o->f)) != 0;
    if (bad)
        e = errno;
    int closed = fclose(o->f);
    o->f = NULL;
    if (!bad && closed != 0) {
        bad = 1;
        e = errno;
    }
    if (!bad)
        return BSX_OK;
    snprintf(err, BSX_ERRLEN, "%.300s: write failed: %s", o->path, strerror(e ? e : EIO));
    bsx_out_abort(o);
    return BSX_EIO;
}

int bsx_out_commit(bsx_out *o, char *err)
{
    if (bsx_out_finish(o, err) != BSX_OK)
        return BSX_EIO;
    int bad = 0, e = 0;
    struct stat sb;
    if (!bad && lstat(o->path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        snprintf(err, BSX_ERRLEN, "%.300s: became something other than a "
                 "regular file while being written", o->path);
        bsx_out_abort(o);
        return BSX_EIO;
    }
    if (!bad && rename(o->temp, o->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        snprintf(err, BSX_ERRLEN, "%.300s: write failed: %s", o->path,
                 strerror(e ? e : EIO));
        bsx_out_abort(o);
        return BSX_EIO;
    }
    free(o->temp);
    o->temp = NULL;
    bsx_out_abort(o);
    return BSX_OK;
}

int bsx_out_from_program(bsx_out *o, const char *program, const char *script,
                         size_t len, char *err)
{
    int in[2];
    if (fflush(o->f) != 0 || pipe(in) != 0) {
        snprintf(err, BSX_ERRLEN, "%.300s: %s", o->path, strerror(errno));
        return BSX_EIO;
    }
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (dup2(in[0], 0) < 0 || dup2(fileno(o->f), 1) < 0 || null < 0
            || dup2(null, 2) < 0)
            _exit(127);
        close(in[0]);
        close(in[1]);
        execlp(program, program, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    if (pid < 0) {
        close(in[1]);
        snprintf(err, BSX_ERRLEN, "%.300s: cannot start %s: %s", o->path,
                 program, strerror(errno));
        return BSX_EIO;
    }
    /* a program that exits early must not kill us with SIGPIPE */
    struct sigaction ignore = {.sa_handler = SIG_IGN}, old;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &old);
    for (size_t done = 0; done < len;) {
        ssize_t k = write(in[1], script + done, len - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        done += (size_t)k;
    }
    close(in[1]);
    sigaction(SIGPIPE, &old, NULL);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            status = -1;
            break;
        }
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, BSX_ERRLEN, "%.300s: %s failed (exit %d; is it "
                 "installed?)", o->path, program,
                 status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return BSX_EIO;
    }
    /* the child wrote through the shared descriptor: move our stream to its
     * end so later checks see the whole file */
    if (fseek(o->f, 0, SEEK_END) != 0) {
        snprintf(err, BSX_ERRLEN, "%.300s: %s", o->path, strerror(errno));
        return BSX_EIO;
    }
    return BSX_OK;
}

int bsx_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0
           && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The folder part of path ("." when it has none) and where its last
 * component starts. */
static char *folder_of(const char *path, const char **base)
{
    const char *slash = strrchr(path, '/');
    *base = slash ? slash + 1 : path;
    if (!slash)
        return strdup(".");
    size_t len = slash == path ? 1 : (size_t)(slash - path);
    char *dir = malloc(len + 1);
    if (dir)
        snprintf(dir, len + 1, "%s", path);
    return dir;
}

/* 1 when both paths name the same entry of the same folder, whether or not
 * it exists yet (two outputs "y.npy" and "./y.npy"). */
static int same_name(const char *a, const char *b)
{
    const char *base_a, *base_b;
    char *dir_a = folder_of(a, &base_a), *dir_b = folder_of(b, &base_b);
    struct stat sa, sb;
    int same = dir_a && dir_b && strcmp(base_a, base_b) == 0 && stat(dir_a, &sa) == 0
               && stat(dir_b, &sb) == 0 && sa.st_dev == sb.st_dev
               && sa.st_ino == sb.st_ino;
    free(dir_a);
    free(dir_b);
    return same;
}

int bsx_check_distinct(const char *out, const char *out_what, const char *in,
                       const char *in_what, char *err)
{
    if (!out || !in || !(bsx_same_file(out, in) || same_name(out, in)))
        return BSX_OK;
    snprintf(err, BSX_ERRLEN, "%s %.200s is the same file as %s %.200s",
             out_what, out, in_what, in);
    return BSX_EINVAL;
}

/* "PATH: WHAT: problem", a long PATH shortened to "..." and its last 200
 * characters (the part that tells files apart). */
static int in_fail(char *err, int st, const char *path, const char *what,
                   const char *problem)
{
    size_t n = strlen(path);
    snprintf(err, BSX_ERRLEN, "%s%s: %s: %s", n > 200 ? "..." : "",
             n > 200 ? path + n - 200 : path, what, problem);
    return st;
}

int bsx_in_open(const char *path, const char *what, long max_bytes, FILE **out,
                char *err)
{
    *out = NULL;
    if (!path || !*path) {
        snprintf(err, BSX_ERRLEN, "'': %s: empty file name", what);
        return BSX_EINVAL;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        char problem[128];
        snprintf(problem, sizeof problem, "cannot open: %s", strerror(errno));
        return in_fail(err, BSX_EIO, path, what, problem);
    }
    struct stat sb;
    const char *problem = NULL;
    char size_msg[96];
    if (fstat(fd, &sb) != 0)
        problem = strerror(errno);
    else if (!S_ISREG(sb.st_mode))
        problem = S_ISDIR(sb.st_mode) ? "not a regular file (a folder)"
                                      : "not a regular file (a FIFO, device "
                                        "or socket)";
    else if (sb.st_size > max_bytes) {
        snprintf(size_msg, sizeof size_msg, "%lld bytes, above the limit of "
                 "%ld for this input", (long long)sb.st_size, max_bytes);
        problem = size_msg;
    }
    int flags = problem ? 0 : fcntl(fd, F_GETFL);
    if (!problem && (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0))
        problem = strerror(errno);
    FILE *f = problem ? NULL : fdopen(fd, "rb");
    if (!f) {
        in_fail(err, BSX_EIO, path, what, problem ? problem : strerror(errno));
        close(fd);
        return BSX_EIO;
    }
    *out = f;
    return BSX_OK;
}

int bsx_in_read_all(const char *path, const char *what, long max_bytes,
                    char **out, size_t *len, char *err)
{
    *out = NULL;
    *len = 0;
    FILE *f;
    int st = bsx_in_open(path, what, max_bytes, &f, err);
    if (st != BSX_OK)
        return st;
    struct stat sb;
    size_t size = fstat(fileno(f), &sb) == 0 ? (size_t)sb.st_size : 0;
    char *buf = malloc(size + 1);
    if (!buf) {
        fclose(f);
        return in_fail(err, BSX_ENOMEM, path, what, "out of memory");
    }
    size_t got = fread(buf, 1, size, f);
    int whole = got == size && fgetc(f) == EOF && !ferror(f);
    fclose(f);
    if (!whole) {
        free(buf);
        return in_fail(err, BSX_EIO, path, what,
                       "read failed or the file changed while being read");
    }
    buf[size] = '\0';
    *out = buf;
    *len = size;
    return BSX_OK;
}

int bsx_in_line(FILE *f, const char *path, int lineno, char **buf,
                size_t *cap, char *err)
{
    errno = 0;
    ssize_t n = getline(buf, cap, f);
    if (n < 0) {
        if (ferror(f)) {
            snprintf(err, BSX_ERRLEN, "%.300s:%d: read failed: %s", path,
                     lineno, strerror(errno ? errno : EIO));
            return -1;
        }
        return 0;
    }
    if (n > BSX_TEXT_MAX_LINE) {
        snprintf(err, BSX_ERRLEN, "%.300s:%d: line longer than %d bytes",
                 path, lineno, BSX_TEXT_MAX_LINE);
        return -1;
    }
    if (memchr(*buf, '\0', (size_t)n)) {
        snprintf(err, BSX_ERRLEN, "%.300s:%d: NUL byte in a text line", path,
                 lineno);
        return -1;
    }
    if (n > 0 && (*buf)[n - 1] == '\n')
        (*buf)[--n] = '\0';
    return 1;
}
