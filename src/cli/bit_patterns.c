/* Bit-string parsing and pattern files for `bsxsim column`. */
#include "bit_patterns.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "safe_file.h"

int bsx_bits_parse(const char *what, const char *text, int rows,
                   unsigned char *bits, char *err)
{
    /* a stray character first: "11x1" is not a length problem */
    size_t len = strlen(text);
    for (size_t i = 0; i < len; i++)
        if (text[i] != '0' && text[i] != '1') {
            unsigned char c = (unsigned char)text[i];
            snprintf(err, BSX_ERRLEN, c > 0x20 && c < 0x7f
                                          ? "%s: character %zu is '%c', expected 0 or 1"
                                          : "%s: character %zu is byte 0x%02x, expected 0 or 1",
                     what, i + 1, c);
            return BSX_EINVAL;
        }
    if (len != (size_t)rows) {
        snprintf(err, BSX_ERRLEN, "%s: %zu bits, expected %d (one per row)", what, len,
                 rows);
        return BSX_EINVAL;
    }
    for (int i = 0; i < rows; i++)
        bits[i] = (unsigned char)(text[i] - '0');
    return BSX_OK;
}

void bsx_patterns_free(bsx_patterns *p)
{
    free(p->wl);
    free(p->w);
    free(p->line);
    memset(p, 0, sizeof(*p));
}

/* Appends one "WL W" line (comment already stripped) to p. */
static int add_line(bsx_patterns *p, char *text, int lineno, int *cap,
                    const char *path, char *err)
{
    char why[BSX_ERRLEN];
    char *save = NULL;
    char *wl = strtok_r(text, " \t\r\n", &save);
    if (!wl)
        return BSX_OK; /* blank or comment-only line */
    char *w = strtok_r(NULL, " \t\r\n", &save);
    if (!w || strtok_r(NULL, " \t\r\n", &save)) {
        snprintf(err, BSX_ERRLEN, "%.200s:%d: expected two bit strings 'WL W'", path,
                 lineno);
        return BSX_EFORMAT;
    }
    if (p->n == *cap) {
        int ncap = *cap ? 2 * *cap : 64;
        unsigned char *nwl = realloc(p->wl, (size_t)ncap * (size_t)p->rows);
        if (nwl)
            p->wl = nwl;
        unsigned char *nw = realloc(p->w, (size_t)ncap * (size_t)p->rows);
        if (nw)
            p->w = nw;
        int *nl = realloc(p->line, (size_t)ncap * sizeof(int));
        if (nl)
            p->line = nl;
        if (!nwl || !nw || !nl) {
            snprintf(err, BSX_ERRLEN, "%.200s: out of memory", path);
            return BSX_ENOMEM;
        }
        *cap = ncap;
    }
    size_t off = (size_t)p->n * (size_t)p->rows;
    if (bsx_bits_parse("WL", wl, p->rows, p->wl + off, why) != BSX_OK ||
        bsx_bits_parse("W", w, p->rows, p->w + off, why) != BSX_OK) {
        snprintf(err, BSX_ERRLEN, "%.200s:%d: %.200s", path, lineno, why);
        return BSX_EFORMAT;
    }
    p->line[p->n++] = lineno;
    return BSX_OK;
}

int bsx_patterns_read(const char *path, int rows, bsx_patterns *out, char *err)
{
    bsx_patterns p = {0, rows, NULL, NULL, NULL};
    FILE *f;
    int st = bsx_in_open(path, "--patterns", BSX_TEXT_MAX_BYTES, &f, err);
    if (st != BSX_OK)
        return st;
    char *buf = NULL;
    size_t bufcap = 0;
    int cap = 0, lineno = 0, got;
    while (st == BSX_OK
           && (got = bsx_in_line(f, path, lineno + 1, &buf, &bufcap, err)) != 0) {
        lineno++;
        if (got < 0) {
            st = BSX_EFORMAT;
            break;
        }
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        st = add_line(&p, buf, lineno, &cap, path, err);
    }
    if (st == BSX_OK && ferror(f)) {
        snprintf(err, BSX_ERRLEN, "%.200s: read error", path);
        st = BSX_EIO;
    }
    if (st == BSX_OK && p.n == 0) {
        snprintf(err, BSX_ERRLEN, "%.200s: no patterns in the file", path);
        st = BSX_EFORMAT;
    }
    free(buf);
    fclose(f);
    if (st != BSX_OK) {
        bsx_patterns_free(&p);
        return st;
    }
    *out = p;
    return BSX_OK;
}
