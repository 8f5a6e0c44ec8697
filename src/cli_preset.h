/* Command-line side of presets: `--preset NAME` plus repeated
 * `--set KEY=VALUE` into one resolved (calibrated) preset. Shared by every
 * sub-command that takes a design point. */
#ifndef BSX_CLI_PRESET_H
#define BSX_CLI_PRESET_H

#include "analog.h"
#include "preset.h"

/* Looks up `name`, applies sets[0..nsets-1] ("KEY=VALUE" each) in order and
 * resolves. On error: non-zero status and one line in err (BSX_ERRLEN)
 * naming the preset or the --set argument and the problem. */
int bsx_cli_preset(const char *name, char *const *sets, int nsets,
                   bsx_preset *out, char *err);

/* The analog array model of --preset `name` (with sets) for arrays of `rows`
 * rows; the ideal preset leaves *out NULL (ideal mode). Errors as above. */
int bsx_cli_analog(const char *name, char *const *sets, int nsets, int rows,
                   bsx_analog **out, char *err);

#endif
