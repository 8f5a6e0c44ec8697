/* The sub-commands of bsxsim, one source file each (src/cli/cmd_*.c). Each gets
 * argv after its own name (argv[0] is the command name), prints its report to
 * stdout and its one-line errors to stderr, and returns the process exit code
 * (0 ok, 1 bad input or failure, 2 usage). */
#ifndef BSX_COMMANDS_H
#define BSX_COMMANDS_H

int cmd_presets(int argc, char **argv);         /* src/cli/cmd_presets.c */
int cmd_column(int argc, char **argv);          /* src/cli/cmd_column.c */
int cmd_study_deviation(int argc, char **argv); /* src/cli/cmd_study_deviation.c */
int cmd_study_psum(int argc, char **argv);      /* src/cli/cmd_study_psum.c */
int cmd_vmm(int argc, char **argv);             /* src/cli/cmd_vmm.c */
int cmd_bnn(int argc, char **argv);             /* src/cli/cmd_bnn.c */
int cmd_config(int argc, char **argv);          /* src/cli/cmd_config.c */

#endif
