/* test.c — `nianshen test`: placeholder until the spec runner lands. */
#include "cli.h"
int cli_test(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage(stderr, "test: not built yet");
}
