/*
 * lint.c — `nianshen lint`: load schemes and rule files the way `score`
 * does, and report every mistake without scoring anything.
 *
 * A scheme is loaded as it is; a rule directory or file is loaded through
 * a scheme made for it (each file on its own first, so that one broken
 * file does not hide the next one's mistake, then the directory whole, for
 * what only shows together: an indicator declared twice, a param declared
 * two ways).  After a load succeeds, what loading cannot see is looked
 * for (nse_scheme_lint: params read but never declared).
 */
#include "cli.h"
#include "lua/scheme.h"

#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char lint_usage[] =
	"usage: nianshen lint [--report FILE]... SCHEME.lua|RULE_DIR|RULE.lua|SPEC.lua...\n"
	"\n"
	"Load each scheme, rule directory or rule file as `nianshen score` would and\n"
	"report every mistake found, without scoring: unknown keys of indicator{} and\n"
	"scheme{}, unknown severities, deductions out of range, params no rule\n"
	"declares or of the wrong type, indicators a scheme names that no rule\n"
	"declares, rules that read ctx.params a rule does not declare; and of the\n"
	"*_spec.lua files under a directory (or given), their keys, statuses and\n"
	"expected ids, without running them.  Every mistake is told, each at its file\n"
	"and line; an indicator of the author's rules a scheme loads but places in no\n"
	"group is a warning (not one of the standard library's).\n"
	"\n"
	"--report FILE: also run each scheme's checks over that report (a dry run):\n"
	"a check that breaks on it (a misspelt field, a nil indexed) is a problem,\n"
	"which loading alone cannot see.\n"
	"\n"
	"exit status: 0 no problems, 1 problems found, 64 a usage error\n";

/* what is told of one file: its name, and how many mistakes */
typedef struct told {
	const char *shown;
	int n;
} told;

static void say(void *ud, const char *msg)
{
	told *t = ud;
	fprintf(stdout, "%s: %s\n", cli_safe(t->shown), cli_safe(msg));
	t->n++;
}

/* A spec file's mistake: its messages begin with the file as given and
 * the line ("sp/a_spec.lua:3: two: …", as `nianshen test` names them), so
 * the file is not said twice */
static void say_spec(void *ud, const char *msg)
{
	told *t = ud;
	size_t n = strlen(t->shown);
	if (strncmp(msg, t->shown, n) == 0 && msg[n] == ':') {
		fprintf(stdout, "%s\n", cli_safe(msg));
		t->n++;
	} else {
		say(ud, msg);
	}
}

static int warnings;

static void warn(void *ud, const char *msg)
{
	fprintf(stdout, "%s: %s\n", cli_safe(((told *)ud)->shown), cli_safe(msg));
}

/* Load one scheme (from src when given, else the file) and report every
 * mistake; the number of problems (warnings are counted apart). */
static int lint_scheme(ns_ctx *ctx, const char *shown, const char *path, const char *src,
                       const char *base_dir, const char *name)
{
	ns_scheme *s = NULL;
	told t = {shown, 0};
	nse_scheme_opts o = {1, src != NULL, say, &t};
	int rc = nse_scheme_load_opts(ctx, src, src ? strlen(src) : 0, src ? name : path,
	                              base_dir, &o, &s);
	if (rc != NS_OK) {
		if (t.n == 0) /* not a mistake of the rules: out of memory, unreadable */
			printf("%s: %s\n", cli_safe(shown), cli_safe(ns_errmsg(ctx)));
		return t.n ? t.n : 1;
	}
	if (nse_scheme_note(s)[0]) {
		warn(&t, nse_scheme_note(s));
		warnings++;
	}
	int n = nse_scheme_lint(s, say, &t, warn, &warnings);
	ns_scheme_free(s);
	return n;
}

/* Does the file call scheme{…} (a line that starts with it)?  1, else 0;
 * -1 when it does not, declares no indicator, and names `groups` and
 * `indicators` in its code as a scheme does (a scheme whose scheme{} was
 * forgotten: `return { groups = … }`, which score refuses); -2 when it
 * neither declares an indicator nor returns a module (a helper's
 * `return M`): no scheme, which score refuses, and no rule file either
 * (an emptied scheme file read "no problems"). */
static int is_scheme(const char *path)
{
	FILE *f = cli_open_input(path, 0);
	char line[4096];
	int yes = 0, groups = 0, declares = 0, named = 0;
	for (int first = 1; f && !yes && fgets(line, sizeof line, f); first = 0) {
		/* a BOM (Notepad's UTF-8) before the first line, as the load skips it */
		const char *p = first && strncmp(line, "\xEF\xBB\xBF", 3) == 0 ? line + 3 : line;
		p += strspn(p, " \t");
		if (strncmp(p, "scheme", 6) == 0) {
			p += 6 + strspn(p + 6, " \t");
			yes = *p == '{' || *p == '(';
		}
		declares |= strncmp(p, "indicator", 9) == 0;
		/* anywhere in code: a rule file may declare in a loop, a helper
		 * return from inside a block */
		named |= strncmp(p, "--", 2) != 0 &&
		         (strstr(p, "indicator") != NULL || strstr(p, "return") != NULL);
		/* code, not a comment that names them */
		groups |= strncmp(p, "--", 2) != 0 && strstr(p, "groups") != NULL &&
		          strstr(p, "indicators") != NULL;
	}
	if (f)
		fclose(f);
	if (!f)
		return 0; /* the load says why */
	return yes ? 1 : groups && !declares ? -1 : !named ? -2 : 0;
}

/* A rule directory or file: entry `name` (no .lua) under base_dir. */
static int lint_rules(ns_ctx *ctx, const char *shown, const char *base_dir, const char *name)
{
	char src[2048];
	snprintf(src, sizeof src, "scheme { name = 'lint', rules = { %s%.1000s%s }, groups = {} }\n",
	         "[==[", name, "]==]");
	return lint_scheme(ctx, shown, NULL, src, base_dir, "lint");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* test.c: a spec file's mistakes, without running its specs */
int cli_lint_spec(ns_ctx *ctx, const char *path, void (*say)(void *ud, const char *msg),
                  void *ud);

static int is_spec(const char *name)
{
	size_t len = strlen(name);
	return len > 9 && strcmp(name + len - 9, "_spec.lua") == 0;
}

/* Every *_spec.lua under dir (its subdirectories too), checked */
static int lint_specs(ns_ctx *ctx, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	char *names[1024];
	int n = 0, problems = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) && n < 1024)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp_str);
	for (int i = 0; i < n; i++) {
		char path[4096];
		/* "sp/" given: sp/a_spec.lua, not sp//a_spec.lua */
		snprintf(path, sizeof path, "%s%s%s", dir,
		         *dir && dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < 8) {
			problems += lint_specs(ctx, path, depth + 1);
		} else if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && is_spec(names[i])) {
			told t = {path, 0};
			problems += cli_lint_spec(ctx, path, say_spec, &t);
		}
		free(names[i]);
	}
	return problems;
}

static int lint_path(ns_ctx *ctx, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		char hint[512];
		nse_scheme_missing_hint(path, hint, sizeof hint);
		printf("%s: no such file or directory%s\n", cli_safe(path), hint);
		return 1;
	}
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
		/* a FIFO would wait for a writer for ever, /dev/zero never end */
		printf("%s: not a regular file (a FIFO, a device?): not read\n", cli_safe(path));
		return 1;
	}
	char *a = strdup(path), *b = strdup(path);
	char *dir = dirname(a), *base = basename(b);
	int problems = 0, kind;
	if (S_ISDIR(st.st_mode)) {
		/* each file alone, then the directory whole */
		DIR *d = opendir(path);
		char *names[512];
		int n = 0;
		struct dirent *e;
		while (d && (e = readdir(d)) && n < 512) {
			size_t len = strlen(e->d_name);
			if (len > 4 && strcmp(e->d_name + len - 4, ".lua") == 0 &&
			    !(len > 9 && strcmp(e->d_name + len - 9, "_spec.lua") == 0))
				names[n++] = strndup(e->d_name, len - 4);
		}
		if (d)
			closedir(d);
		qsort(names, (size_t)n, sizeof *names, cmp_str);
		for (int i = 0; i < n; i++) {
			char entry[2048], shown[4096];
			snprintf(entry, sizeof entry, "%s/%s", base, names[i]);
			snprintf(shown, sizeof shown, "%s/%s.lua", path, names[i]);
			problems += lint_rules(ctx, shown, dir, entry);
			free(names[i]);
		}
		if (!problems)
			problems += lint_rules(ctx, path, dir, base);
		problems += lint_specs(ctx, path, 0);
	} else if (is_spec(base)) {
		told t = {path, 0};
		problems += cli_lint_spec(ctx, path, say_spec, &t);
	} else if ((kind = is_scheme(path)) > 0) {
		problems += lint_scheme(ctx, path, path, NULL, NULL, NULL);
	} else if (kind == -1) {
		printf("%s: groups and indicators, as a scheme has, but no scheme{ … } call: "
		       "score refuses it (write scheme { name = …, groups = … })\n", cli_safe(path));
		problems++;
	} else if (kind == -2) {
		printf("%s: no scheme{ … } in the file, which score refuses, and no indicator{ … } "
		       "a rule file declares\n", cli_safe(path));
		problems++;
	} else {
		/* a rule file as its directory's module ("std/arithmetic" under
		 * rules/), so that what it requires of its neighbours (std.util)
		 * is found as in a scheme that names the directory */
		size_t len = strlen(base);
		if (len > 4 && strcmp(base + len - 4, ".lua") == 0)
			base[len - 4] = 0;
		char *c = strdup(dir), *d = strdup(dir);
		char entry[2048];
		snprintf(entry, sizeof entry, "%s/%s", basename(c), base);
		const char *root = dirname(d);
		if (strcmp(dir, ".") == 0)
			problems += lint_rules(ctx, path, dir, base);
		else
			problems += lint_rules(ctx, path, root, entry);
		free(c);
		free(d);
	}
	free(a);
	free(b);
	return problems;
}

/* --report FILE: the scheme's checks run over one report.  A check that
 * breaks on it (an error finding, "rules/x.lua:4: t3 has no row …") is a
 * problem that loading cannot see: a rule that loads fine and breaks on
 * every report would otherwise be found by the district run. */
static int dry_run(ns_ctx *ctx, const char *scheme_path, const ns_scheme *s,
                   const char *report)
{
	ns_report *r;
	if (ns_load_file_bounded(ctx, report, NULL, &r) != NS_OK) {
		printf("%s: %s\n", cli_safe(report), cli_safe(ns_errmsg(ctx)));
		return 1;
	}
	int problems = 0;
	ns_run *run = NULL;
	if (ns_score(ctx, s, r, &run) != NS_OK) {
		printf("%s: on %s: %s\n", cli_safe(scheme_path), cli_safe(report), cli_safe(ns_errmsg(ctx)));
		problems++;
	} else {
		const ns_result *res = ns_run_result(run, 0);
		for (int k = 0; k < ns_result_nfindings(res); k++) {
			const ns_finding *f = ns_result_finding(res, k);
			if (strcmp(ns_finding_status(f), "error") == 0) {
				printf("%s: on %s: %s: %s\n", cli_safe(scheme_path), cli_safe(report), ns_finding_rule(f),
				       cli_safe(ns_finding_message(f)));
				problems++;
			}
		}
	}
	ns_run_free(run);
	ns_report_release(r);
	return problems;
}

int cli_lint(int argc, char **argv)
{
	/* options may stand anywhere, as in `test`: the paths are the rest */
	const char **reports = calloc((size_t)argc + 1, sizeof *reports);
	const char **paths = calloc((size_t)argc + 1, sizeof *paths);
	int nreports = 0, npaths = 0;
	for (int a = 1; a < argc; a++) {
		if (argv[a][0] != '-') {
			paths[npaths++] = argv[a];
			continue;
		}
		if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0) {
			fputs(lint_usage, stdout);
			free(reports);
			free(paths);
			return 0;
		}
		if (strcmp(argv[a], "--report") == 0 && a + 1 < argc && argv[a + 1][0] != '-') {
			reports[nreports++] = argv[++a];
			continue;
		}
		free(reports);
		free(paths);
		fprintf(stderr, "nianshen: lint: unknown option %s%s\n", cli_safe(argv[a]),
		        cli_option_hint("lint", argv[a]));
		fputs(lint_usage, stderr);
		return 64;
	}
	if (npaths == 0) {
		fprintf(stderr, "nianshen: lint: give a scheme, a rule directory or a rule file\n");
		fputs(lint_usage, stderr);
		free(reports);
		free(paths);
		return 64;
	}
	ns_ctx *ctx = ns_open();
	int problems = 0;
	for (int i = 0; i < npaths; i++) {
		/* a scheme nianshen ships by its name, as score takes it */
		char shipped[PATH_MAX];
		const char *path = nse_scheme_path(paths[i], shipped, sizeof shipped);
		int p = lint_path(ctx, path);
		problems += p;
		/* a dry run of every scheme that loads, mistakes found above or
		 * not (a misread param, a cell compared with ==: the checks run all
		 * the same, and what they do on the report is more to mend) */
		ns_scheme *s;
		if (!nreports || is_scheme(path) <= 0)
			continue;
		if (ns_scheme_load(ctx, path, &s) != NS_OK) {
			printf("%s: no dry run over the report%s: the scheme does not load (its "
			       "mistakes above)\n", cli_safe(path), nreports > 1 ? "s" : "");
			continue;
		}
		for (int k = 0; k < nreports; k++)
			problems += dry_run(ctx, path, s, reports[k]);
		ns_scheme_free(s);
	}
	ns_close(ctx);
	free(reports);
	free(paths);
	if (problems)
		printf("%d problem%s", problems, problems == 1 ? "" : "s");
	else
		printf("no problems");
	if (warnings)
		printf(", %d warning%s", warnings, warnings == 1 ? "" : "s");
	printf("\n");
	return problems ? 1 : 0;
}
