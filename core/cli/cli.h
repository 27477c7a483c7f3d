/* cli.h — the nianshen command: one file per subcommand, thin over the
 * library.  Only the CLI prints. */
#ifndef NS_CLI_H
#define NS_CLI_H

#include "nianshen.h"
#include <stdio.h>

int cli_parse(int argc, char **argv);
int cli_score(int argc, char **argv);
int cli_test(int argc, char **argv);
int cli_lint(int argc, char **argv);
/* The ranked table, printed from the run's JSON results (top > 0: only the
 * first top ranked reports). */
void cli_print_ranking(FILE *f, const ns_run *run, const ns_scheme *s, long top);
/* Rule errors (broken checks) on stderr: they deduct nothing, so the
 * ranking alone would not show them. */
void cli_print_rule_errors(FILE *f, const ns_run *run);
/* --profile: what each check cost the run, the dearest first. */
void cli_print_costs(FILE *f, const ns_run *run);
/* Text from outside nianshen (a rule's or the library's message, which
 * quotes rules; a scheme's name; an agency read from a document) as it
 * may go to the terminal: control characters but \n and \t, and bytes
 * that are not UTF-8, shown as escapes (nst_term_text, docs/rules.md §4).
 * The copy lives until eight more calls; NULL stays NULL. */
const char *cli_safe(const char *s);
/* cli_safe, on one line: its line breaks shown as ⏎ (a rule's message with
 * "\n" printed lines that read as the engine's own).  The last one stays
 * valid until the next call. */
const char *cli_line(const char *s);
int cli_usage(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* What a limit option takes, as every command words it ("score: --max-memory
 * takes a number of bytes from 1 (…), not '0'") */
#define CLI_TAKES_BYTES "a number of bytes from 1 (K, M or G after it for KiB, MiB, GiB)"
#define CLI_TAKES_SECONDS "a number of seconds from 1"
/* An option of cmd that takes a value (--html FILE...) with none after it,
 * or the next option after it (--html --csv x.csv): the usage error said
 * (64), else 0. */
int cli_value_missing(const char *cmd, int argc, char **argv, int i);
/* " (did you mean --jobs?)" after "unknown option --job": the option of
 * cmd a typo away from opt, or "" when none is. */
const char *cli_option_hint(const char *cmd, const char *opt);
/* Options shared by commands that load reports (--form, --agency-type...);
 * returns 1 when argv[*i] was one (advancing *i past its value), 0 when it
 * is another option, and cli_usage's status (said) for a value it does not
 * take ("--form xls"). */
int cli_load_option(const char *cmd, ns_load_opts *o, int argc, char **argv, int *i);
/* A year as --year takes it ("2024", "2024年", 1900 to 2999) into *year:
 * 0, or -1 (nothing written). */
int cli_year(const char *v, int *year);
/* cli_usage's status after saying so when an option taken once is given
 * twice ("--scheme default --scheme strict"); else 0. */
int cli_repeated(const char *cmd, int argc, char **argv);
/* --max-load-seconds N and --max-load-memory BYTES[K|M|G] into lim[0] and
 * lim[1]: 1 when argv[*i] was one (advancing *i past its value), -1 when
 * its value is not a positive number, 0 when it is another option. */
int cli_limit_option(long long lim[2], int argc, char **argv, int *i);
/* A file the command reads (a roster, a rule file lint looks into),
 * opened without waiting for a writer: a FIFO nobody writes would wait for
 * ever.  pipes: a FIFO or pipe is read too (--roster <(iconv …): what is
 * written, up to its writer's end; an end at once when there is no
 * writer); else only a regular file (/dev/zero never ends).  NULL with
 * errno (EISDIR, EINVAL for another kind of file) when it is not. */
FILE *cli_open_input(const char *path, int pipes);
/* A positive whole number, with bytes a K, M or G after it; 0 or -1. */
int cli_number(const char *s, int bytes, long long *out);
/* Set the limits given (lim[k] > 0) on ctx. */
void cli_apply_limits(ns_ctx *ctx, const long long lim[2]);

#endif
