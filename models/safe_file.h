/* Files as the simulator's users may hand them over, run as root: outputs
 * appear whole or not at all (a temporary made with mkstemp in the
 * output's own folder, every write and the close checked, then renamed
 * onto the name), and only replace regular files or create new names;
 * inputs must be regular files (a FIFO or device never hangs the program
 * or feeds it without end) of bounded size, read in lines of bounded
 * length. Every writer and reader of the program goes through here. */
#ifndef BSX_SAFE_FILE_H
#define BSX_SAFE_FILE_H

#include <stddef.h>
#include <stdio.h>

typedef struct bsx_out bsx_out;

/* Largest text input (CSV cell table, pattern file) and text line. */
#define BSX_TEXT_MAX_BYTES (64L << 20)
#define BSX_TEXT_MAX_LINE 65536

/* BSX_EINVAL unless `path` may be written: not empty, not naming a folder,
 * and new or a regular file that is not a symbolic link and is writable
 * (access W_OK, and some write bit set in its mode: root bypasses W_OK, so a
 * mode like 0444 is refused for root too); BSX_EIO when its
 * folder does not exist or takes no new files. Commands call it before
 * their work. `what` names the option in messages ("--out"). err:
 * BSX_ERRLEN bytes. */
int bsx_out_check(const char *path, const char *what, char *err);
/* bsx_out_check, then opens a temporary next to path. */
int bsx_out_open(const char *path, const char *what, bsx_out **out, char *err);
/* The temporary's stream, and its name for writers that open files by name
 * themselves (the FST trace writer). */
FILE *bsx_out_stream(bsx_out *o);
const char *bsx_out_temp_name(const bsx_out *o);
/* Flushes, syncs and closes the temporary, checking each step (a full disk
 * is an error), without renaming it: a command writing several files
 * finishes each and commits them only when all were written. On failure
 * the temporary is removed and o freed. */
int bsx_out_finish(bsx_out *o, char *err);
/* bsx_out_finish (when not done yet), then renames the temporary onto the
 * path. Always frees o; on failure the temporary is removed and the path is
 * untouched. */
int bsx_out_commit(bsx_out *o, char *err);
/* Removes the temporary and frees o (NULL is fine). */
void bsx_out_abort(bsx_out *o);
/* Runs `program` (searched on PATH) with its stdin fed from script[len] and
 * its stdout written into the temporary; stderr is discarded. BSX_EIO with
 * a line in err when it cannot start or exits non-zero. */
int bsx_out_from_program(bsx_out *o, const char *program, const char *script,
                         size_t len, char *err);

/* 1 when both paths exist and are the same file (device and inode). */
int bsx_same_file(const char *a, const char *b);
/* BSX_EINVAL naming both options when output `out` is the same file as
 * `in` (an input, or another output): the same existing file, or the same
 * name in the same folder, existing or not (either may be NULL). */
int bsx_check_distinct(const char *out, const char *out_what, const char *in,
                       const char *in_what, char *err);

/* Opens a regular file of at most max_bytes for reading, without blocking
 * on FIFOs; anything else is BSX_EIO with "PATH: WHAT: problem" in err. */
int bsx_in_open(const char *path, const char *what, long max_bytes, FILE **out,
                char *err);
/* Reads the whole regular file at path (at most max_bytes, opened as
 * bsx_in_open does) into a fresh NUL-terminated buffer *out of *len bytes
 * (free it). Errors as bsx_in_open; a file that changes size while being
 * read is BSX_EIO. */
int bsx_in_read_all(const char *path, const char *what, long max_bytes,
                    char **out, size_t *len, char *err);
/* Reads one line (without its newline) into *buf (grown as getline does):
 * 1 for a line, 0 at the end, -1 with err set for a read error, a line
 * longer than BSX_TEXT_MAX_LINE or a NUL byte. lineno: for messages. */
int bsx_in_line(FILE *f, const char *path, int lineno, char **buf,
                size_t *cap, char *err);

#endif
