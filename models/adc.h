/* The SAR-ADC decision rule (docs/design.md section 2), shared by everything that
 * digitises: the software reference, the studies and the co-simulation's
 * analog comparator. Only the analog comparison lives here; the successive-
 * approximation control is digital (rtl/ and the reference). */
#ifndef BSX_ADC_H
#define BSX_ADC_H

/* Comparator decision for one SAR step: 1 when trial code `trial_code` is
 * kept, i.e. current >= (trial_code - 0.5) * i_lsb; 0 otherwise.
 * i_lsb > 0. With current = ps * i_lsb exactly (ideal array) the decision is
 * exact in floating point. */
int bsx_adc_keep(double current, unsigned trial_code, double i_lsb);

/* Most bits of a conversion: codes and trial codes stay far inside unsigned
 * and every partial sum of the macro (N <= 4096, 12 bits) fits. */
#define BSX_ADC_MAX_BITS 16

/* A whole B-bit conversion, MSB first, through bsx_adc_keep.
 * 1 <= bits <= BSX_ADC_MAX_BITS.
 * Result: clamp(floor(current / i_lsb + 0.5), 0, 2^bits - 1). */
unsigned bsx_adc_convert(double current, unsigned bits, double i_lsb);

#endif
