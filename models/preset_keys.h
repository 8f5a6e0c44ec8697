/* Private to the preset files: what preset_resolve.c asks of the key table
 * (preset_keys.c). */
#ifndef BSX_PRESET_KEYS_H
#define BSX_PRESET_KEYS_H

#include "preset.h"

/* BSX_ERANGE naming the first number key whose value is not finite (with its
 * unit and source), else BSX_OK. err: BSX_ERRLEN bytes. */
int bsx_preset_check_finite(const bsx_preset *p, char *err);

#endif
