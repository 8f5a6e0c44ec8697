/* Files of the deviation study: PREFIX.csv (x, samples, mean, min, max in
 * LSB) and PREFIX.png (gnuplot, pngcairo), both written as PREFIX.*.tmp and
 * renamed only when both succeeded, so a failure leaves no output file. */
#ifndef BSX_DEVIATION_OUTPUT_H
#define BSX_DEVIATION_OUTPUT_H

#include "deviation_study.h"

/* pts[rows + 1]; title goes on the plot. err: BSX_ERRLEN. */
int bsx_deviation_write(const char *prefix, const char *title,
                        const bsx_deviation_point *pts, int rows, char *err);

#endif
