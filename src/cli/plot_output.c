/* CSV + PNG of the studies (plot_output.h). */
#include "plot_output.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsx_status.h"
#include "safe_file.h"

/* Writes s as a gnuplot single-quoted string: quotes doubled, control
 * characters (which would end the command) replaced by '?'. */
static void put_quoted(FILE *g, const char *s)
{
    fputc('\'', g);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\'')
            fputc('\'', g);
        fputc(c < 0x20 || c == 0x7f ? '?' : c, g);
    }
    fputc('\'', g);
}

/* 1 when the file ends in a PNG's IEND chunk (gnuplot wrote it whole). */
static int png_complete(const char *path)
{
    static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D',
                                           0xae, 0x42, 0x60, 0x82};
    unsigned char tail[12];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    off_t end = lseek(fd, 0, SEEK_END);
    int ok = end >= 12 && pread(fd, tail, 12, end - 12) == 12
             && memcmp(tail, iend, 12) == 0;
    close(fd);
    return ok;
}

static int draw(bsx_out *png, const char *rows, const bsx_plot *p,
                const char *name, char *err)
{
    char *script = NULL;
    size_t len = 0;
    FILE *g = open_memstream(&script, &len);
    if (!g) {
        snprintf(err, BSX_ERRLEN, "out of memory");
        return BSX_ENOMEM;
    }
    fprintf(g, "set terminal pngcairo size %d,%d noenhanced\nset output\n"
               "set datafile separator ','\nset title ",
            p->width, p->height);
    put_quoted(g, p->title);
    fprintf(g, "\nset xlabel ");
    put_quoted(g, p->xlabel);
    fprintf(g, "\nset ylabel ");
    put_quoted(g, p->ylabel);
    fprintf(g, "\n%s\n$d << EOD\n%sEOD\n%s\n", p->setup, rows, p->plot);
    int st = fclose(g) == 0 && script ? BSX_OK : BSX_ENOMEM;
    if (st == BSX_OK)
        st = bsx_out_from_program(png, "gnuplot", script, len, err);
    if (st == BSX_OK && (fflush(bsx_out_stream(png)) != 0
                         || !png_complete(bsx_out_temp_name(png)))) {
        snprintf(err, BSX_ERRLEN, "%.300s: gnuplot wrote an incomplete PNG "
                 "(disk full?)", name);
        st = BSX_EIO;
    }
    if (st == BSX_ENOMEM)
        snprintf(err, BSX_ERRLEN, "out of memory");
    free(script);
    return st;
}

int bsx_plot_check(const char *prefix, int n, const char *const in[],
                   const char *const in_what[], char *err)
{
    if (!prefix || !*prefix) {
        snprintf(err, BSX_ERRLEN, "--out '': empty file name");
        return BSX_EINVAL;
    }
    if (prefix[strlen(prefix) - 1] == '/') {
        snprintf(err, BSX_ERRLEN, "--out %.300s: names a folder; the prefix needs a file "
                 "name (DIR/NAME writes DIR/NAME.csv and DIR/NAME.png)", prefix);
        return BSX_EINVAL;
    }
    size_t len = strlen(prefix) + 8;
    char *name = malloc(len);
    if (!name) {
        snprintf(err, BSX_ERRLEN, "out of memory");
        return BSX_ENOMEM;
    }
    int st = BSX_OK;
    for (int k = 0; k < 2 && st == BSX_OK; k++) {
        snprintf(name, len, "%s.%s", prefix, k ? "png" : "csv");
        st = bsx_out_check(name, "--out", err);
        for (int i = 0; i < n && st == BSX_OK; i++)
            st = bsx_check_distinct(name, "--out", in[i], in_what[i], err);
    }
    free(name);
    return st;
}

/* The data lines as one string (malloc'd), or NULL when out of memory. */
static char *rows_text(bsx_plot_rows *rows, const void *data)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    rows(f, data);
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

int bsx_plot_write(const char *prefix, const char *header, bsx_plot_rows *rows,
                   const void *data, const bsx_plot *plot, char *err)
{
    if (!prefix || !*prefix) {
        snprintf(err, BSX_ERRLEN, "--out '': empty file name");
        return BSX_EINVAL;
    }
    size_t n = strlen(prefix) + 8;
    char *csv_name = malloc(n), *png_name = malloc(n), *text = rows_text(rows, data);
    bsx_out *csv = NULL, *png = NULL;
    int st = csv_name && png_name && text ? BSX_OK : BSX_ENOMEM;
    if (st == BSX_OK) {
        snprintf(csv_name, n, "%s.csv", prefix);
        snprintf(png_name, n, "%s.png", prefix);
        st = bsx_out_open(csv_name, "--out", &csv, err);
    } else {
        snprintf(err, BSX_ERRLEN, "out of memory");
    }
    if (st == BSX_OK)
        st = bsx_out_open(png_name, "--out", &png, err);
    if (st == BSX_OK) {
        FILE *f = bsx_out_stream(csv);
        fprintf(f, "%s\n", header);
        fputs(text, f);
        st = draw(png, text, plot, png_name, err);
    }
    /* the PNG first: the data file is replaced only when its plot was */
    if (st == BSX_OK) {
        st = bsx_out_commit(png, err);
        png = NULL;
    }
    if (st == BSX_OK) {
        st = bsx_out_commit(csv, err);
        csv = NULL;
    }
    bsx_out_abort(png);
    bsx_out_abort(csv);
    free(csv_name);
    free(png_name);
    free(text);
    return st;
}
