/* main.c — dispatch to the subcommands. */
#include "cli.h"

#include <errno.h>
#include <signal.h>
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
	"        [--max-print BYTES] [--breaker N] [--ndjson FILE|-] [--quiet]\n"
	"        [--year YYYY|all] [--roster AGENCIES.csv] [--top N] [--csv-ids F.csv]\n"
	"        FILE|DIR...                    score a district, print the ranking\n"
	"        (BYTES may end in K, M or G; --ndjson: a JSON line per report;\n"
	"        --year: the year ranked, by default the latest, others are context)\n"
	"  test [-v] [-k PATTERN] DIR|SPEC.lua... run rule specs (expected findings)\n"
	"  lint SCHEME.lua|RULE_DIR|RULE.lua...  report every mistake of a scheme or\n"
	"                                       rules without scoring\n"
	"  version                              print the version\n"
	"  help                                 this text (COMMAND --help: the command's)\n"
	"\n"
	"load options: --form txt|md|html|docx|pdf|json  --agency NAME\n"
	"              --agency-type township|government|department  --year YYYY\n"
	"              --max-load-seconds N (default 60)  --max-load-memory BYTES[K|M|G]\n"
	"              (default 2G): limits of each load, in its own process\n";

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

int cli_number(const char *s, int bytes, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	long long unit = 1;
	if (bytes && *end && !end[1])
		unit = *end == 'K' || *end == 'k' ? 1ll << 10 : *end == 'M' || *end == 'm' ? 1ll << 20 :
		       *end == 'G' || *end == 'g' ? 1ll << 30 : 0;
	if (unit > 1)
		end++;
	if (errno || *end || end == s || v <= 0 || unit == 0 || v > (1ll << 50) / unit)
		return -1;
	*out = v * unit;
	return 0;
}

int cli_limit_option(long long lim[2], int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	int which = strcmp(a, "--max-load-seconds") == 0 ? 0 :
	            strcmp(a, "--max-load-memory") == 0 ? 1 : -1;
	if (which < 0)
		return 0;
	if (*i + 1 >= argc)
		return -1;
	return cli_number(argv[++*i], which == 1, &lim[which]) ? -1 : 1;
}

void cli_apply_limits(ns_ctx *ctx, const long long lim[2])
{
	if (lim[0] > 0)
		ns_limit_set(ctx, NS_LIMIT_LOAD_SECONDS, lim[0]);
	if (lim[1] > 0)
		ns_limit_set(ctx, NS_LIMIT_LOAD_MEMORY, lim[1]);
}

int main(int argc, char **argv)
{
	/* past a file size limit (ulimit -f) a write fails with EFBIG, which
	 * is reported, instead of the signal killing the run mid-write */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2)
		return cli_usage(stderr, "no command given");
	const char *cmd = argv[1];
	/* COMMAND --help: usage on stdout, exit 0 (test and lint print their own) */
	for (int k = 2; k < argc && (!strcmp(cmd, "parse") || !strcmp(cmd, "score") ||
	                             !strcmp(cmd, "version") || !strcmp(cmd, "help")); k++)
		if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0)
			return cli_usage(stdout, NULL);
	if (strcmp(cmd, "parse") == 0)
		return cli_parse(argc - 1, argv + 1);
	if (strcmp(cmd, "score") == 0)
		return cli_score(argc - 1, argv + 1);
	if (strcmp(cmd, "test") == 0)
		return cli_test(argc - 1, argv + 1);
	if (strcmp(cmd, "lint") == 0)
		return cli_lint(argc - 1, argv + 1);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("nianshen %s\n", ns_version());
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
		return cli_usage(stdout, NULL);
	return cli_usage(stderr, "unknown command %s", cmd);
}
