/* CSV and gnuplot PNG of the deviation study, atomically. */
#include "deviation_output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "bsx_status.h"

static void write_rows(FILE *f, const bsx_deviation_point *pts, int rows)
{
    for (int x = 0; x <= rows; x++)
        fprintf(f, "%d,%ld,%.9g,%.9g,%.9g\n", pts[x].x, pts[x].samples, pts[x].mean,
                pts[x].min, pts[x].max);
}

static int write_csv(const char *path, const bsx_deviation_point *pts, int rows,
                     char *err)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, BSX_ERRLEN, "%.300s: cannot create: %s", path, strerror(errno));
        return BSX_EIO;
    }
    fprintf(f, "x,samples,mean_dev_lsb,min_dev_lsb,max_dev_lsb\n");
    write_rows(f, pts, rows);
    if (fclose(f) != 0) {
        snprintf(err, BSX_ERRLEN, "%.300s: write failed", path);
        return BSX_EIO;
    }
    return BSX_OK;
}

/* The data go inline as a gnuplot datablock, so the plot does not depend
 * on the CSV's name. */
static int write_png(const char *path, const char *title,
                     const bsx_deviation_point *pts, int rows, char *err)
{
    FILE *g = popen("gnuplot 2>/dev/null", "w");
    if (!g) {
        snprintf(err, BSX_ERRLEN, "cannot run gnuplot: %s", strerror(errno));
        return BSX_EIO;
    }
    fprintf(g, "set terminal pngcairo size 800,560 noenhanced\n"
               "set output '%s'\n"
               "set datafile separator ','\n"
               "set title '%s'\n"
               "set xlabel 'ideal partial sum x (ON cells)'\n"
               "set ylabel 'deviation (LSB)'\n"
               "set grid\nset key left bottom\n"
               "$d << EOD\n",
            path, title);
    write_rows(g, pts, rows);
    fprintf(g, "EOD\n"
               "plot $d using 1:4:5 with filledcurves lc rgb '#c8d8f0' title 'min..max', "
               "$d using 1:3 with linespoints lw 2 pt 7 ps 0.5 lc rgb '#1f4e9a' "
               "title 'mean'\n"
               "set output\n");
    int status = pclose(g);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, BSX_ERRLEN, "gnuplot failed writing %.300s", path);
        return BSX_EIO;
    }
    return BSX_OK;
}

int bsx_deviation_write(const char *prefix, const char *title,
                        const bsx_deviation_point *pts, int rows, char *err)
{
    if (strpbrk(prefix, "'\n") || strpbrk(title, "'\n")) {
        snprintf(err, BSX_ERRLEN, "--out %.300s: quotes and newlines are not allowed",
                 prefix);
        return BSX_EINVAL;
    }
    size_t n = strlen(prefix) + 16;
    char *csv = malloc(n), *csv_tmp = malloc(n), *png = malloc(n), *png_tmp = malloc(n);
    int st = csv && csv_tmp && png && png_tmp ? BSX_OK : BSX_ENOMEM;
    if (st != BSX_OK) {
        snprintf(err, BSX_ERRLEN, "out of memory");
    } else {
        snprintf(csv, n, "%s.csv", prefix);
        snprintf(csv_tmp, n, "%s.csv.tmp", prefix);
        snprintf(png, n, "%s.png", prefix);
        snprintf(png_tmp, n, "%s.png.tmp", prefix);
        st = write_csv(csv_tmp, pts, rows, err);
        if (st == BSX_OK)
            st = write_png(png_tmp, title, pts, rows, err);
        if (st == BSX_OK && (rename(csv_tmp, csv) != 0 || rename(png_tmp, png) != 0)) {
            snprintf(err, BSX_ERRLEN, "%.300s: cannot rename into place: %s", prefix,
                     strerror(errno));
            remove(csv);
            st = BSX_EIO;
        }
        if (st != BSX_OK) {
            remove(csv_tmp);
            remove(png_tmp);
        }
    }
    free(csv);
    free(csv_tmp);
    free(png);
    free(png_tmp);
    return st;
}
