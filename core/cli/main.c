/* main.c — dispatch to the subcommands. */
#include "cli.h"
#include "lua/engine.h" /* nse_closest: "did you mean" */
#include "text/text.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PARSE_USAGE \
	"  parse [--json] [--compact] FILE...   load reports and print the model\n"
#define SCORE_USAGE \
	"  score [--scheme S.lua|NAME] [--out F.json] [--csv F.csv] [--xlsx F.xlsx]\n" \
	"        [--html F.html] [--jobs N] [--max-steps N] [--max-memory BYTES]\n" \
	"        [--max-seconds N] [--max-findings N] [--max-message BYTES]\n" \
	"        [--max-evidence N] [--max-output BYTES] [--max-report-output BYTES]\n" \
	"        [--max-error-message BYTES] [--max-print BYTES]\n" \
	"        [--max-report-print BYTES] [--breaker N]\n" \
	"        [--ndjson FILE|-] [--quiet] [--profile] [--force]\n" \
	"        [--year YYYY|all] [--roster AGENCIES.csv] [--top N] [--csv-ids F.csv]\n" \
	"        FILE|DIR...                    score a district, print the ranking\n" \
	"        (BYTES may end in K, M or G; --ndjson: a JSON line per report;\n" \
	"        --profile: each check's time, the dearest first, on stderr;\n" \
	"        --force: outputs may replace files nianshen did not write;\n" \
	"        --year: the year ranked, by default the latest, others are context;\n" \
	"        NAME: a scheme nianshen ships, default, strict or equivalent;\n" \
	"        without --scheme, default)\n"
#define LOAD_USAGE \
	"load options: --form txt|md|html|docx|pdf|json  --agency NAME\n" \
	"              --agency-type township|government|department\n" \
	"              --year YYYY (parse: the report's year; score: the year ranked)\n" \
	"              --max-load-seconds N (default 60)  --max-load-memory BYTES[K|M|G]\n" \
	"              (default 2G): limits of each load, in its own process\n"

static const char usage_text[] =
	"usage: nianshen COMMAND [options] ...\n"
	"\n"
	"commands:\n"
	PARSE_USAGE
	SCORE_USAGE
	"  test [-v] [-k PATTERN] DIR|SPEC.lua... run rule specs (expected findings)\n"
	"  lint [--report FILE] SCHEME.lua|RULE_DIR|RULE.lua|SPEC.lua...\n"
	"                                       report the mistakes of a scheme, rules\n"
	"                                       or specs without scoring (--report: a\n"
	"                                       dry run over one report)\n"
	"  version                              print the version\n"
	"  help                                 this text (COMMAND --help: the command's)\n"
	"\n"
	LOAD_USAGE;

/* A command's own usage (COMMAND --help, a usage error of the command). */
static const char *command_usage(const char *cmd)
{
	if (strcmp(cmd, "score") == 0)
		return "usage: nianshen score [options] FILE|DIR...\n\n" SCORE_USAGE "\n" LOAD_USAGE
		       "\nexit status: 0 every finding passed, 1 warnings only, 2 failures (or an\n"
		       "agency of the roster published no report), 3 the scheme or a rule broke, a\n"
		       "report did not load, a path given does not exist or holds no report, or a\n"
		       "results file could not be written; 64 a usage error\n";
	if (strcmp(cmd, "parse") == 0)
		return "usage: nianshen parse [options] FILE...\n\n" PARSE_USAGE "\n" LOAD_USAGE
		       "\nexit status: 0 every file loaded, 3 a file did not load (the others are\n"
		       "printed), 64 a usage error\n";
	if (strcmp(cmd, "version") == 0)
		return "usage: nianshen version\n  print the version\n";
	if (strcmp(cmd, "help") == 0)
		return usage_text;
	return NULL;
}

const char *cli_safe(const char *s)
{
	static char *ring[8];
	static int next;
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (nst_term_clean(s, n))
		return s;
	char *t = malloc(n * 4 + 1);
	if (!t)
		return "(text not shown: out of memory)";
	nst_term_text(s, n, t);
	free(ring[next]);
	ring[next] = t;
	next = (next + 1) % 8;
	return t;
}

const char *cli_line(const char *s)
{
	if (!s || !strpbrk(s, "\r\n"))
		return cli_safe(s);
	static char *last;
	size_t n = strlen(s);
	char *t = malloc(n * 3 + 1);
	if (!t)
		return "(text not shown: out of memory)";
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r' && s[i + 1] == '\n')
			continue;
		if (s[i] == '\n' || s[i] == '\r') {
			memcpy(t + o, "\xE2\x8F\x8E", 3); /* ⏎ */
			o += 3;
		} else
			t[o++] = s[i];
	}
	t[o] = 0;
	free(last);
	last = t;
	return cli_safe(t);
}

int cli_usage(FILE *f, const char *fmt, ...)
{
	const char *text = usage_text;
	if (fmt) {
		char msg[1024];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		fprintf(f, "nianshen: %s\n", msg);
		/* "score: ...": the command's usage, not every command's */
		char cmd[16];
		size_t n = strcspn(msg, ":");
		if (msg[n] == ':' && n < sizeof cmd) {
			memcpy(cmd, msg, n);
			cmd[n] = 0;
			if (command_usage(cmd))
				text = command_usage(cmd);
		}
	}
	fputs(text, f);
	return fmt ? 64 : 0;
}

/* Options that take a value, and what the value is (said when it is
 * missing).  "-" alone is a value (--ndjson -); "--..." never is: it is
 * the next option, not a file named --csv.  Each is given once (the last
 * of two silently won), but for the outputs (`many`: --out a.json --out
 * b.json writes both). */
static const struct {
	const char *opt, *what;
	int many;
} valued[] = {
	{"--scheme", "a scheme file name", 0}, {"--out", "a file name", 1},
	{"--csv", "a file name", 1}, {"--xlsx", "a file name", 1}, {"--html", "a file name", 1},
	{"--csv-ids", "a file name", 1}, {"--ndjson", "a file name (or - for stdout)", 0},
	{"--roster", "a file name", 0}, {"--year", "a year (2019, 2024...)", 0},
	{"--top", "a number", 0}, {"--jobs", "a number", 0},
	{"--max-steps", "a number", 0}, {"--max-memory", "a number of bytes", 0},
	{"--max-seconds", "a number", 0}, {"--max-findings", "a number", 0},
	{"--max-message", "a number of bytes", 0}, {"--max-evidence", "a number", 0},
	{"--max-output", "a number of bytes", 0}, {"--max-error-message", "a number of bytes", 0},
	{"--max-print", "a number of bytes", 0}, {"--breaker", "a number", 0},
	{"--max-report-output", "a number of bytes", 0},
	{"--max-report-print", "a number of bytes", 0},
	{"--form", "a form (txt, md, html, docx, pdf or json)", 0}, {"--agency", "an agency name", 0},
	{"--agency-type", "a type (township, government or department)", 0},
	{"--max-load-seconds", "a number of seconds", 0}, {"--max-load-memory", "a number of bytes", 0},
};

/* Each command's options, for the "did you mean" of one it does not know
 * ("--job 2" is --jobs, not a file named 2 after an error). */
static const char *const score_opts[] = {
	"--scheme", "--out", "--csv", "--xlsx", "--html", "--csv-ids", "--ndjson", "--roster",
	"--year", "--top", "--jobs", "--max-steps", "--max-memory", "--max-seconds",
	"--max-findings", "--max-message", "--max-evidence", "--max-output",
	"--max-error-message", "--max-print", "--breaker", "--max-report-output", "--max-report-print",
	"--quiet", "--profile", "--force",
	"--form", "--agency", "--agency-type", "--max-load-seconds", "--max-load-memory", NULL};
static const char *const parse_opts[] = {
	"--json", "--compact", "--form", "--agency", "--agency-type", "--year",
	"--max-load-seconds", "--max-load-memory", NULL};
static const char *const lint_opts[] = {"--report", "--help", NULL};
static const char *const test_opts[] = {"--verbose", "-v", "-k", "--help", NULL};

/* " (did you mean X?)" for the name among known (n of them, -1: up to a
 * NULL) closest to word, or "" (valid until the next call). */
static const char *did_you_mean(const char *word, const char *const *known, int n)
{
	static char hint[96];
	const char *near = nse_closest(word, known, n);
	snprintf(hint, sizeof hint, near ? " (did you mean %s?)" : "", near);
	return hint;
}

static const char *const *command_opts(const char *cmd)
{
	return strcmp(cmd, "score") == 0 ? score_opts : strcmp(cmd, "parse") == 0 ? parse_opts :
	       strcmp(cmd, "lint") == 0 ? lint_opts : test_opts;
}

const char *cli_option_hint(const char *cmd, const char *opt)
{
	const char *const *known = command_opts(cmd);
	char name[64]; /* --outt=r.json: the name before its value */
	snprintf(name, sizeof name, "%.*s", (int)strcspn(opt, "="), opt);
	return did_you_mean(name, known, -1);
}

int cli_year(const char *v, int *year)
{
	char *end;
	long y = strtol(v, &end, 10);
	if (strcmp(end, "年") == 0) /* "2024年" */
		end += strlen(end);
	if (*end || end == v || y < 1900 || y > 2999)
		return -1;
	*year = (int)y;
	return 0;
}

int cli_value_missing(const char *cmd, int argc, char **argv, int i)
{
	for (size_t k = 0; k < sizeof valued / sizeof *valued; k++)
		if (strcmp(argv[i], valued[k].opt) == 0) {
			if (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0)
				return 0;
			if (strcmp(cmd, "score") == 0 && strcmp(argv[i], "--year") == 0)
				return cli_usage(stderr, "%s: %s needs %s or all", cmd, argv[i], valued[k].what);
			return cli_usage(stderr, "%s: %s needs %s", cmd, argv[i], valued[k].what);
		}
	return 0;
}

/* The index of v among names (n of them), or -1 after saying so: "cmd:
 * OPT takes a, b or c, not 'v' (did you mean b?)". */
static int one_of(const char *cmd, const char *opt, const char *v, const char *const *names,
                  int n, int *rc)
{
	for (int k = 0; k < n; k++)
		if (strcmp(v, names[k]) == 0)
			return k;
	char lower[64];
	size_t m = 0;
	for (; v[m] && m + 1 < sizeof lower; m++)
		lower[m] = (char)tolower((unsigned char)v[m]);
	lower[m] = 0;
	char list[200];
	size_t o = 0;
	for (int k = 0; k < n && o < sizeof list; k++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", names[k],
		                      k + 2 < n ? ", " : k + 1 < n ? " or " : "");
	*rc = cli_usage(stderr, "%s: %s takes %s, not '%s'%s", cmd, opt, list, cli_safe(v),
	                did_you_mean(lower, names, n));
	return -1;
}

int cli_load_option(const char *cmd, ns_load_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	if (*i + 1 >= argc)
		return 0;
	const char *v = argv[*i + 1];
	int rc = 0;
	if (strcmp(a, "--form") == 0) {
		static const char *const forms[] = {"auto", "txt", "md", "html", "docx", "pdf", "json"};
		int f = one_of(cmd, a, v, forms, 7, &rc);
		if (f < 0)
			return rc;
		o->form = (ns_form)f;
	} else if (strcmp(a, "--agency") == 0) {
		o->agency = v;
	} else if (strcmp(a, "--agency-type") == 0) {
		static const char *const types[] = {"township", "government", "department", "unknown"};
		static const ns_agency_type as[] = {NS_AGENCY_TOWNSHIP, NS_AGENCY_GOVERNMENT,
		                                    NS_AGENCY_DEPARTMENT, NS_AGENCY_UNKNOWN};
		int t = one_of(cmd, a, v, types, 4, &rc);
		if (t < 0)
			return rc;
		o->agency_type = as[t];
	} else if (strcmp(a, "--year") == 0) {
		if (cli_year(v, &o->year) != 0)
			return cli_usage(stderr, "%s: --year takes a year (2019, 2024...), not '%s'", cmd,
			                 cli_safe(v));
	} else {
		return 0;
	}
	(*i)++;
	return 1;
}

/* An option taken once given twice: which one counts would be a guess. */
int cli_repeated(const char *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		size_t k = 0;
		while (k < sizeof valued / sizeof valued[0] && strcmp(argv[i], valued[k].opt) != 0)
			k++;
		if (k == sizeof valued / sizeof valued[0] || valued[k].many)
			continue;
		for (int j = 1; j < i; j++)
			if (strcmp(argv[j], argv[i]) == 0)
				return cli_usage(stderr, "%s: %s is given twice ('%s' and '%s'): give it once",
				                 cmd, argv[i], j + 1 < argc ? cli_safe(argv[j + 1]) : "",
				                 i + 1 < argc ? cli_safe(argv[i + 1]) : "");
	}
	return 0;
}

FILE *cli_open_input(const char *path, int pipes)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	int ok = fstat(fd, &st) == 0;
	int pipe = ok && pipes && S_ISFIFO(st.st_mode);
	if (pipe) /* its reads wait for what the writer writes */
		ok = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0;
	if (!ok || !(S_ISREG(st.st_mode) || pipe)) {
		int e = !ok ? errno : S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		close(fd);
		errno = e;
		return NULL;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f)
		close(fd);
	return f;
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

/* --out=r.json, as GNU tools take it: the option and its value as two
 * words, for an option that takes one (valued[], lint's --report); a
 * flag given a value (--quiet=1) is the usage error it is.  Words after
 * "--" are paths, left alone.  The new argv, or NULL after saying so
 * (*rc the status). */
static char **split_equals(const char *cmd, int *argc, char **argv, int *rc)
{
	char **v = malloc(sizeof *v * (size_t)(2 * *argc + 1));
	if (!v) {
		*rc = 3;
		return NULL;
	}
	int n = 0, paths = 0;
	for (int k = 0; k < *argc; k++) {
		const char *a = argv[k], *eq = strchr(a, '=');
		paths |= strcmp(a, "--") == 0;
		if (k < 2 || paths || strncmp(a, "--", 2) != 0 || !eq) {
			v[n++] = argv[k];
			continue;
		}
		size_t len = (size_t)(eq - a);
		const char *what = NULL; /* what its value is, when it takes one */
		if (strcmp(cmd, "lint") == 0 && len == 8 && strncmp(a, "--report", 8) == 0)
			what = "a report file";
		for (size_t m = 0; m < sizeof valued / sizeof *valued && !what; m++)
			if (strlen(valued[m].opt) == len && strncmp(a, valued[m].opt, len) == 0)
				what = valued[m].what;
		const char *const *known = command_opts(cmd);
		int flag = 0;
		for (int m = 0; known[m] && !what && !flag; m++)
			flag = strlen(known[m]) == len && strncmp(a, known[m], len) == 0;
		if (flag) {
			free(v);
			*rc = cli_usage(stderr, "%s: %.*s takes no value, not '%s'", cmd, (int)len, a,
			                cli_safe(eq + 1));
			return NULL;
		}
		if (!what) { /* unknown: said by the command, with its "did you mean" */
			v[n++] = argv[k];
			continue;
		}
		if (!eq[1]) { /* --out= (an unset variable after it): no value */
			free(v);
			*rc = cli_usage(stderr, "%s: %.*s needs %s (nothing after '=')", cmd, (int)len, a,
			                what);
			return NULL;
		}
		char *opt = strndup(a, len); /* lives as long as the command runs */
		if (!opt) {
			free(v);
			*rc = 3;
			return NULL;
		}
		v[n++] = opt;
		v[n++] = (char *)(eq + 1);
	}
	v[n] = NULL;
	*argc = n;
	static char **kept; /* held to the end, as argv is */
	kept = v;
	return kept;
}

int main(int argc, char **argv)
{
	/* past a file size limit (ulimit -f) a write fails with EFBIG, which
	 * is reported, instead of the signal killing the run mid-write */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2)
		return cli_usage(stderr, "no command given");
	const char *cmd = argv[1];
	/* COMMAND --help: the command's usage on stdout, exit 0 (test and lint
	 * print their own) */
	for (int k = 2; k < argc && command_usage(cmd); k++)
		if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
			fputs(command_usage(cmd), stdout);
			return 0;
		}
	if (strcmp(cmd, "parse") == 0 || strcmp(cmd, "score") == 0 || strcmp(cmd, "test") == 0 ||
	    strcmp(cmd, "lint") == 0) {
		int rc = 0;
		argv = split_equals(cmd, &argc, argv, &rc);
		if (!argv)
			return rc;
	}
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
	static const char *const commands[] = {"parse", "score", "test", "lint", "version", "help",
	                                       NULL};
	return cli_usage(stderr, "unknown command %s%s", cli_safe(cmd),
	                 did_you_mean(cmd, commands, -1));
}
