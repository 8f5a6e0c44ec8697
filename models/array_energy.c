/* Energy and area of the array and the SAR ADCs (see array_energy.h and
 * docs/energy-area.md for every number's source). */
#include "array_energy.h"

#include <stdio.h>

#include "bsx_status.h"

/* ORFS ASAP7 setRC wire capacitance, F per um (E): word lines run on M2
 * (horizontal), bitlines and source lines on the preset's layer. */
#define C_M2_F_PER_UM 0.175e-15
static double line_c_per_um(int metal)
{
    return metal == 3 ? 0.156e-15 : metal == 4 ? 0.178e-15 : 0.187e-15;
}

/* Estimates (docs/energy-area.md): cell width along the word line, gate
 * load a cell puts on its word line, drain load a cell puts on its bitline. */
#define SRAM_CELL_WIDTH_UM 0.270   /* ASAP7 6T 0.216 um + one 54 nm gate pitch for the read stack */
#define RERAM_CELL_WIDTH_UM 0.108  /* two 54 nm gate pitches: access FET + contact */
#define C_GATE_PER_CELL_F 0.10e-15 /* one 1-fin gate with its share of wire vias */
#define C_DRAIN_PER_CELL_F 0.05e-15

/* NeuroSim 1.4 SarADC.cpp at 7 nm (parameters.md section 5): power = 0.1061 uW
 * per bit + 0.8847 uW, (b + 1) bit times of 1 ns; area = A_min x (NMOS
 * 269 + 109 (b - 1) + PMOS 209 + 73 (b - 1)) with A_min fixed by the 5-bit
 * ADC's 33.0 um^2 (1206 minimum devices). */
#define SAR_P_PER_BIT_W 0.1061e-6
#define SAR_P_FIXED_W 0.8847e-6
#define SAR_BIT_S 1e-9
#define SAR_AREA_5BIT_UM2 33.0

static int sar_devices(int bits)
{
    return 269 + 109 * (bits - 1) + 209 + 73 * (bits - 1);
}

int bsx_array_energy_init(const bsx_preset *p, int rows, int cols, bsx_array_energy *out,
                          char *err)
{
    if (p->tech == BSX_TECH_IDEAL) {
        snprintf(err, BSX_ERRLEN, "array energy: the ideal preset has no physical array");
        return BSX_EINVAL;
    }
    if (rows < 1 || cols < 1) {
        snprintf(err, BSX_ERRLEN, "array energy: rows %d and cols %d must be >= 1", rows, cols);
        return BSX_EINVAL;
    }
    const int sram = p->tech == BSX_TECH_SRAM;
    out->v_read = p->v_read;
    out->v_wl = p->v_wl_on;
    out->rows = rows;
    out->lines = cols + (sram ? 0 : 1);
    out->cell_pitch_um = p->cell_pitch_um;
    out->cell_width_um = sram ? SRAM_CELL_WIDTH_UM : RERAM_CELL_WIDTH_UM;
    out->c_wl = out->lines * (out->cell_width_um * C_M2_F_PER_UM + C_GATE_PER_CELL_F);
    out->c_bl = rows * (p->cell_pitch_um * line_c_per_um(p->metal) + C_DRAIN_PER_CELL_F);
    return BSX_OK;
}

double bsx_read_energy(double v_read, double current_seconds)
{
    return v_read * current_seconds;
}

double bsx_toggle_energy(double c, double v, double toggles)
{
    return 0.5 * c * v * v * toggles;
}

double bsx_array_area_um2(const bsx_array_energy *a)
{
    return a->cell_pitch_um * a->cell_width_um * a->rows * a->lines;
}

double bsx_sar_energy(int bits)
{
    return (SAR_P_PER_BIT_W * bits + SAR_P_FIXED_W) * (bits + 1) * SAR_BIT_S;
}

double bsx_sar_area_um2(int bits)
{
    return SAR_AREA_5BIT_UM2 / sar_devices(5) * sar_devices(bits);
}
