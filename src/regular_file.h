/* Opening input files safely: only regular files are read (a FIFO would
 * block the reader, a directory or device is never an input), and whole-file
 * reads have a size cap so a huge file cannot make memory grow without
 * bound. Used by the network manifest and the IDX data readers. */
#ifndef BSX_REGULAR_FILE_H
#define BSX_REGULAR_FILE_H

#include <stddef.h>

/* Opens path read-only without blocking and checks that it is a regular
 * file; *fd receives the descriptor (close it). On failure err (BSX_ERRLEN)
 * gets "PATH: problem" and the status is BSX_EIO. */
int bsx_open_regular(const char *path, int *fd, char *err);

/* Reads the whole regular file at path (at most max_bytes, else BSX_EUNSUP)
 * into a fresh NUL-terminated buffer *out of *len bytes (free it). */
int bsx_read_regular(const char *path, size_t max_bytes, char **out, size_t *len,
                     char *err);

#endif
