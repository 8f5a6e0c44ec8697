/* The one CSV + PNG writer of the studies: PREFIX.csv (a header line and
 * comma-separated rows) and PREFIX.png drawn by gnuplot (pngcairo) from the
 * same rows, handed to it inline as the datablock $d. No file name or user
 * text reaches the gnuplot script (the PNG comes back on gnuplot's stdout;
 * the title is quoted and stripped of control characters). Both files go
 * through safe_file.h: each appears complete or not at all, and when any
 * step fails the previous PREFIX.csv and PREFIX.png stay as they were. */
#ifndef BSX_PLOT_OUTPUT_H
#define BSX_PLOT_OUTPUT_H

#include <stdio.h>

typedef struct {
    int width, height;  /* pixels */
    const char *title;  /* any text */
    const char *xlabel, *ylabel;
    const char *setup;  /* more gnuplot settings (program text), or "" */
    const char *plot;   /* the plot command, drawing from $d */
} bsx_plot;

/* Before the work: BSX_EINVAL unless PREFIX.csv and PREFIX.png may be
 * written and neither is one of the inputs in[n] (named by in_what[n];
 * NULL entries are skipped). */
int bsx_plot_check(const char *prefix, int n, const char *const in[],
                   const char *const in_what[], char *err);

/* Prints a study's data lines to f, each ending in a newline. */
typedef void bsx_plot_rows(FILE *f, const void *data);

/* header: the CSV's first line (no newline); rows(f, data) prints the data
 * lines, which go to PREFIX.csv and to gnuplot alike. err: BSX_ERRLEN
 * bytes. */
int bsx_plot_write(const char *prefix, const char *header, bsx_plot_rows *rows,
                   const void *data, const bsx_plot *plot, char *err);

#endif
