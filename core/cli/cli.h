/* cli.h — the nianshen command: one file per subcommand, thin over the
 * library.  Only the CLI prints. */
#ifndef NS_CLI_H
#define NS_CLI_H

#include "nianshen.h"
#include <stdio.h>

int cli_parse(int argc, char **argv);
int cli_score(int argc, char **argv);
int cli_test(int argc, char **argv);
/* The ranked table, printed from the run's JSON results. */
void cli_print_ranking(FILE *f, const ns_run *run, const ns_scheme *s);
/* Rule errors (broken checks) on stderr: they deduct nothing, so the
 * ranking alone would not show them. */
void cli_print_rule_errors(FILE *f, const ns_run *run);
int cli_usage(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Options shared by commands that load reports (--form, --agency-type...);
 * returns 1 when argv[*i] was one (advancing *i past its value). */
int cli_load_option(ns_load_opts *o, int argc, char **argv, int *i);

#endif
