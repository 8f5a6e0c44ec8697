/* Safe opening and whole-file reading of input files (see regular_file.h). */
#include "regular_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bsx_status.h"

int bsx_open_regular(const char *path, int *fd, char *err)
{
    *fd = open(path, O_RDONLY | O_NONBLOCK);
    if (*fd < 0) {
        snprintf(err, BSX_ERRLEN, "%s: cannot open: %s", path, strerror(errno));
        return BSX_EIO;
    }
    struct stat st;
    const char *problem = NULL;
    if (fstat(*fd, &st) != 0)
        problem = strerror(errno);
    else if (!S_ISREG(st.st_mode))
        problem = S_ISDIR(st.st_mode) ? "is a directory, not a regular file"
                                      : "is not a regular file";
    if (problem) {
        snprintf(err, BSX_ERRLEN, "%s: %s", path, problem);
        close(*fd);
        *fd = -1;
        return BSX_EIO;
    }
    return BSX_OK;
}

int bsx_read_regular(const char *path, size_t max_bytes, char **out, size_t *len,
                     char *err)
{
    *out = NULL;
    *len = 0;
    int fd;
    int st = bsx_open_regular(path, &fd, err);
    if (st != BSX_OK)
        return st;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || sb.st_size < 0) {
        snprintf(err, BSX_ERRLEN, "%s: cannot stat: %s", path, strerror(errno));
        close(fd);
        return BSX_EIO;
    }
    size_t size = (size_t)sb.st_size;
    if (size > max_bytes) {
        snprintf(err, BSX_ERRLEN, "%s: %zu bytes exceed the limit of %zu", path, size,
                 max_bytes);
        close(fd);
        return BSX_EUNSUP;
    }
    char *buf = malloc(size + 1);
    if (!buf) {
        close(fd);
        snprintf(err, BSX_ERRLEN, "%s: cannot allocate %zu bytes", path, size);
        return BSX_ENOMEM;
    }
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (got != size) {
        free(buf);
        snprintf(err, BSX_ERRLEN, "%s: read failed or the file changed while reading",
                 path);
        return BSX_EIO;
    }
    buf[size] = '\0';
    *out = buf;
    *len = size;
    return BSX_OK;
}
