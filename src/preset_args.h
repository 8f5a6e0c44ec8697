/* A design point as both front ends take it: a preset name plus repeated
 * KEY=VALUE overrides (`--preset NAME --set KEY=VALUE ...` of bsxsim and
 * bsxsim-cosim) into one resolved (calibrated) preset or analog model. */
#ifndef BSX_PRESET_ARGS_H
#define BSX_PRESET_ARGS_H

#include "analog.h"
#include "preset.h"

/* Looks up `name`, applies sets[0..nsets-1] ("KEY=VALUE" each) in order and
 * resolves. On error: non-zero status and one line in err (BSX_ERRLEN)
 * naming the preset or the --set argument and the problem. */
int bsx_preset_from_args(const char *name, char *const *sets, int nsets,
                         bsx_preset *out, char *err);

/* The analog array model of --preset `name` (with sets) for arrays of `rows`
 * rows; the ideal preset leaves *out NULL (ideal mode). Errors as above. */
int bsx_analog_from_args(const char *name, char *const *sets, int nsets, int rows,
                         bsx_analog **out, char *err);

#endif
