/* Energy and area of the analog side of one macro: the read currents and
 * line capacitances of the array, and NeuroSim 1.4's SAR ADC at 7 nm. The
 * model and every number's source: docs/energy-area.md. The co-simulation
 * multiplies these by what it counts (current x time, word-line toggles,
 * conversions); the digital peripherals are costed from switching activity
 * by scripts/energy_digital.py. SI units throughout (J, F, V, A, s). */
#ifndef BSX_ARRAY_ENERGY_H
#define BSX_ARRAY_ENERGY_H

#include "preset.h"

typedef struct {
    double v_read;        /* bitline drive, V */
    double v_wl;          /* word-line swing, V */
    double c_wl;          /* one word line: wire + the gates on it, F */
    double c_bl;          /* one bitline: wire + the cells on it, F */
    double cell_width_um; /* cell size along the word line (assumed), um */
    double cell_pitch_um; /* cell size along the bitline (the preset's), um */
    int rows, lines;      /* rows; bitlines on each word line (+ dummy) */
} bsx_array_energy;

/* Geometry and capacitances of a rows x cols array of resolved preset p
 * (a dummy column counts as one more line when the technology has one).
 * BSX_EINVAL for the ideal preset, rows or cols < 1. */
int bsx_array_energy_init(const bsx_preset *p, int rows, int cols, bsx_array_energy *out,
                          char *err);

/* Energy the read currents draw: v_read x (integral of the summed column
 * and dummy currents over time, A*s). */
double bsx_read_energy(double v_read, double current_seconds);

/* Energy of `toggles` transitions of capacitance c swinging v: c v^2 / 2
 * each (c v^2 from the supply per charge, nothing per discharge). */
double bsx_toggle_energy(double c, double v, double toggles);

/* Area of the cells, um^2: pitch x width x rows x lines. */
double bsx_array_area_um2(const bsx_array_energy *a);

/* NeuroSim SAR ADC with `bits` bits (1..16): energy of one conversion, J
 * (power x (bits + 1) ns, without the read-path term: the column current is
 * in the array's read energy), and area of one ADC, um^2. */
double bsx_sar_energy(int bits);
double bsx_sar_area_um2(int bits);

#endif
