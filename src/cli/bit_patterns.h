/* Word-line / weight bit patterns of one column as users type them: strings
 * of '0' and '1', one character per row, on the command line or as
 * "WL W" lines of a pattern file ('#' starts a comment). */
#ifndef BSX_BIT_PATTERNS_H
#define BSX_BIT_PATTERNS_H

/* Parses `text` into bits[rows]; BSX_EINVAL with "what: ..." in err
 * (BSX_ERRLEN) when the length is not rows or a character is not 0/1. */
int bsx_bits_parse(const char *what, const char *text, int rows,
                   unsigned char *bits, char *err);

/* Patterns read from a file: n pairs, wl and w each n * rows bytes, and the
 * file line of each pattern. */
typedef struct {
    int n, rows;
    unsigned char *wl, *w;
    int *line;
} bsx_patterns;

/* Reads every pattern of `path`; on error nothing is returned and err names
 * path:line and the problem (BSX_EIO, BSX_EFORMAT). */
int bsx_patterns_read(const char *path, int rows, bsx_patterns *out, char *err);
void bsx_patterns_free(bsx_patterns *p);

#endif
