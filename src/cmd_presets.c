/* PLACEHOLDER: replaced by the real sub-command (see commands.h). */
#include <stdio.h>
#include "commands.h"

int cmd_presets(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "bsxsim: %s is not built yet\n", argv[0]);
    return 1;
}
