/* Private to the preset files: what preset_resolve.c asks of the key table
 * (preset_keys.c). */
#ifndef BSX_PRESET_KEYS_H
#define BSX_PRESET_KEYS_H

#include "preset.h"

/* 1 when key `key` ("fet.vt0" or bare "vt0") was given with --set. */
int bsx_preset_is_user_set(const bsx_preset *p, const char *key);

/* BSX_ERANGE naming the first number key whose value is not finite (with its
 * unit and source), else BSX_OK. err: BSX_ERRLEN bytes. */
int bsx_preset_check_finite(const bsx_preset *p, char *err);

#endif
