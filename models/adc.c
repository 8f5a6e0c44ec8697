/* SAR-ADC comparator rule and a reference conversion built on it. */
#include "adc.h"

int bsx_adc_keep(double current, unsigned trial_code, double i_lsb)
{
    return current >= ((double)trial_code - 0.5) * i_lsb;
}

unsigned bsx_adc_convert(double current, unsigned bits, double i_lsb)
{
    unsigned code = 0;
    for (unsigned bit = bits; bit-- > 0;) {
        unsigned trial = code | (1u << bit);
        if (bsx_adc_keep(current, trial, i_lsb))
            code = trial;
    }
    return code;
}
