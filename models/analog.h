/* One array's analog model as the reference and the co-simulation see it:
 * a preset realised into calibrated cell tables, the column solver and, for
 * 1T-1ReRAM, the all-HRS dummy column whose current is subtracted before the
 * ADC. Created once per design point; the handle is immutable afterwards and
 * may be shared by threads, each with its own workspace. */
#ifndef BSX_ANALOG_H
#define BSX_ANALOG_H

#include <stdint.h>

#include "column.h"
#include "preset.h"

typedef struct bsx_analog bsx_analog;
typedef struct bsx_analog_ws bsx_analog_ws;

/* Builds tables, calibrates I_ON/I_HRS and prepares an array of `rows` rows
 * for `preset`. err: BSX_ERRLEN bytes. The ideal preset is rejected
 * (callers use ideal arithmetic instead). */
int bsx_analog_create(const bsx_preset *preset, int rows, bsx_analog **out,
                      char *err);
/* As bsx_analog_create, but with the cell tables loaded from the CSV file
 * table_csv (format in cell_table.h), e.g. from the user's own SPICE runs,
 * instead of sampled from the device models. The preset supplies the
 * circuit; I_ON, I_HRS and I_LSB are read off the table at V_b = v_read,
 * V_s = 0 and replace the preset's calibrated values. */
int bsx_analog_create_from_csv(const bsx_preset *preset, int rows,
                               const char *table_csv, bsx_analog **out, char *err);
void bsx_analog_destroy(bsx_analog *a);

/* Per-thread scratch (solver state). */
int bsx_analog_ws_create(const bsx_analog *a, bsx_analog_ws **out);
void bsx_analog_ws_destroy(bsx_analog_ws *ws);
/* One line saying why the last solve on ws failed (the column solver's). */
const char *bsx_analog_ws_error(const bsx_analog_ws *ws);

int bsx_analog_rows(const bsx_analog *a);
/* Current of one ON cell at nominal bias minus the HRS current when a dummy
 * column is used (docs/design.md section 3), A. */
double bsx_analog_i_lsb(const bsx_analog *a);
/* 1 when the technology subtracts a dummy column (ReRAM). */
int bsx_analog_has_dummy(const bsx_analog *a);

/* Current into the op-amp of one column, A. wl[rows], w[rows] in {0,1}. */
int bsx_analog_column(const bsx_analog *a, bsx_analog_ws *ws,
                      const unsigned char *wl, const unsigned char *w,
                      double *current, bsx_solve_stats *stats);

/* As bsx_analog_column, also writing the node voltages v_b[rows] and
 * v_s[rows] (either may be NULL), V. */
int bsx_analog_column_nodes(const bsx_analog *a, bsx_analog_ws *ws,
                            const unsigned char *wl, const unsigned char *w,
                            double *current, bsx_solve_stats *stats, double *v_b,
                            double *v_s);

/* Solver work, summed over solves. */
typedef struct {
    uint64_t solves;     /* column and dummy solves */
    uint64_t iterations; /* Newton iterations over those solves */
} bsx_solve_count;

/* The columns of one tile under word lines wl[rows], solved as one batch
 * (column_batch.h) together with the dummy column when the technology has
 * one: column k stores bits[k * rows .. k * rows + rows) in {0,1}; writes
 * current[cols] (A; or NULL), *dummy (A, 0 without a dummy column) and, when net is
 * not NULL, net[cols] = current - dummy, the currents the ADCs digitise
 * (bsx_adc_convert(net[c], B, bsx_analog_i_lsb(a))). count (or
 * NULL) accumulates the work. A solver failure returns its status with
 * *failed = the failing column (-1: the dummy) and a message naming it in
 * err (BSX_ERRLEN bytes, or NULL). */
int bsx_analog_tile(const bsx_analog *a, bsx_analog_ws *ws,
                    const unsigned char *wl, const unsigned char *bits,
                    int cols, double *current, double *net, double *dummy,
                    bsx_solve_count *count, int *failed, char *err);

/* The SIMD path of the batched solve (bsx_column_batch_path). */
const char *bsx_analog_simd_path(void);

/* The resolved preset and the cell tables the array was built from. */
const bsx_preset *bsx_analog_preset(const bsx_analog *a);
const bsx_cell_table *bsx_analog_table(const bsx_analog *a);

/* Current of the dummy column (every cell HRS) for these word lines, A;
 * 0 when the technology has no dummy column. */
int bsx_analog_dummy(const bsx_analog *a, bsx_analog_ws *ws,
                     const unsigned char *wl, double *current,
                     bsx_solve_stats *stats);

/* One column as its ADC sees it (docs/design.md section 3). */
typedef struct {
    double column;              /* current into the op-amp, A */
    double dummy;               /* the dummy column's current, A (0: none) */
    double net;                 /* column - dummy: what the ADC digitises, A */
    bsx_solve_stats column_stats, dummy_stats;
} bsx_net_current;

/* Solves one column (node voltages into v_b[rows] and v_s[rows], either may
 * be NULL) and the dummy column for the same word lines. This and
 * bsx_analog_tile are the only places the net current is formed. */
int bsx_analog_net_current(const bsx_analog *a, bsx_analog_ws *ws,
                           const unsigned char *wl, const unsigned char *w,
                           bsx_net_current *out, double *v_b, double *v_s);

/* How far a net current lies from the ideal partial sum ps, in LSB:
 * net / I_LSB - ps. */
double bsx_analog_deviation_lsb(const bsx_analog *a, double net, int ps);

#endif
