/* main.c — dispatch to the subcommands. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: nianshen COMMAND [options] ...\n"
	"\n"
	"commands:\n"
	"  parse [--json] [--compact] FILE...   load reports and print the model\n"
	"  score --scheme S.lua [--out F.json] [--csv F.csv] [--xlsx F.xlsx]\n"
	"        [--html F.html] [--jobs N] [--max-steps N] [--max-memory BYTES]\n"
	"        [--max-seconds N] [--max-findings N] [--max-message BYTES]\n"
	"        [--max-evidence N] [--max-output BYTES] [--max-error-message BYTES]\n"
	"        [--max-print BYTES] [--breaker N] FILE|DIR...\n"
	"                                       score a district, print the ranking\n"
	"  test DIR|SPEC.lua...                 run rule specs (expected findings)\n"
	"  version                              print the version\n"
	"\n"
	"load options: --form txt|md|html|docx|pdf|json  --agency NAME\n"
	"              --agency-type township|government|department  --year YYYY\n";

int cli_usage(FILE *f, const char *fmt, ...)
{
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		fputs("nianshen: ", f);
		vfprintf(f, fmt, ap);
		fputc('\n', f);
		va_end(ap);
	}
	fputs(usage_text, f);
	return fmt ? 64 : 0;
}

int cli_load_option(ns_load_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	if (*i + 1 >= argc)
		return 0;
	const char *v = argv[*i + 1];
	if (strcmp(a, "--form") == 0) {
		static const char *const forms[] = {"auto", "txt", "md", "html", "docx", "pdf", "json"};
		for (int f = 0; f < 7; f++)
			if (strcmp(v, forms[f]) == 0)
				o->form = (ns_form)f;
	} else if (strcmp(a, "--agency") == 0) {
		o->agency = v;
	} else if (strcmp(a, "--agency-type") == 0) {
		o->agency_type = strcmp(v, "township") == 0 ? NS_AGENCY_TOWNSHIP :
		                 strcmp(v, "government") == 0 ? NS_AGENCY_GOVERNMENT :
		                 strcmp(v, "department") == 0 ? NS_AGENCY_DEPARTMENT :
		                 NS_AGENCY_UNKNOWN;
	} else if (strcmp(a, "--year") == 0) {
		o->year = atoi(v);
	} else {
		return 0;
	}
	(*i)++;
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(stderr, "no command given");
	const char *cmd = argv[1];
	if (strcmp(cmd, "parse") == 0)
		return cli_parse(argc - 1, argv + 1);
	if (strcmp(cmd, "score") == 0)
		return cli_score(argc - 1, argv + 1);
	if (strcmp(cmd, "test") == 0)
		return cli_test(argc - 1, argv + 1);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("nianshen %s\n", ns_version());
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
		return cli_usage(stdout, NULL);
	return cli_usage(stderr, "unknown command %s", cmd);
}
