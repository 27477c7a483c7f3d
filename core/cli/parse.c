/* parse.c — `nianshen parse`: a readable summary or the canonical JSON. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void print_pos(FILE *f, ns_pos p)
{
	if (p.page)
		fprintf(f, "p%d:", p.page);
	fprintf(f, "%d:%d", p.line, p.col);
}

/* writers.c: an agency type id in Chinese */
const char *nsw_agency_type(const char *type);

/* A value as written: a whole number whole (3985758, not 3.98576e+06), a
 * decimal with its digits (12.5, 0.35). */
static void number(char *buf, size_t cap, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, cap, "%.0f", v);
	else
		snprintf(buf, cap, "%.15g", v);
}

static void print_table(FILE *f, const ns_report *r, const char *t)
{
	int nr = ns_table_nrows(r, t), nc = ns_table_ncols(r, t);
	fprintf(f, "\n%s (template %d)%s\n", t,
	        ns_table_edition(r, t), ns_table_found(r, t) ? "" : "  — NOT FOUND");
	/* the ids rules read (r.t3.received.total), each with its label */
	fprintf(f, "  columns:");
	for (int j = 0; j < nc; j++)
		fprintf(f, "%s %d %s %s", j ? "," : "", j + 1, ns_table_col_id(r, t, j),
		        ns_table_col_label(r, t, j));
	fputc('\n', f);
	/* each value beside its column's id: a row that has only some of the
	 * columns (t2 licensing: decisions) is never read under another */
	for (int i = 0; i < nr; i++) {
		const char *row = ns_table_row_id(r, t, i);
		fprintf(f, "  %-28s", row);
		for (int j = 0; j < nc; j++) {
			const char *col = ns_table_col_id(r, t, j);
			const ns_cell *c = ns_report_cell(r, t, row, col);
			if (!c)
				continue;
			char v[64];
			if (c->has_value)
				number(v, sizeof v, c->value);
			else
				snprintf(v, sizeof v, "%s", c->raw ? "blank" : "·");
			fprintf(f, " %s=%s%s", col, v, c->has_value && c->inferred ? "*" : "");
		}
		fprintf(f, "  %s\n", cli_safe(ns_table_row_label(r, t, i)));
	}
}

/* A section's title as the summary shows it: one read without its
 * heading (section.untitled) has none, and printf's %s of NULL is
 * undefined ("(null)" with glibc) */
static const char *untitled(const ns_section *s)
{
	return s->title ? cli_safe(s->title) : "(no heading: section.untitled)";
}

static void summary(FILE *f, const ns_report *r)
{
	const ns_meta *m = ns_report_meta(r);
	fprintf(f, "%s\n", cli_safe(m->path));
	fprintf(f, "  agency:   %s (%s, %s)\n", m->agency ? cli_safe(m->agency) : "?",
	        nsw_agency_type(ns_agency_type_name(m->agency_type)),
	        ns_agency_type_name(m->agency_type));
	fprintf(f, "  year:     %d    template: %s\n", m->year,
	        m->edition ? (m->edition == NS_EDITION_2019 ? "2019" : "2021") : "unknown");
	fprintf(f, "  title:    %s\n", m->title ? cli_safe(m->title) : "?");
	if (m->period)
		fprintf(f, "  period:   %s\n", cli_safe(m->period));
	if (m->published)
		fprintf(f, "  published: %s\n", cli_safe(m->published));
	fprintf(f, "  source:   %s, %s, sha256 %.16s…\n", m->media_type, m->encoding, m->sha256);
	fprintf(f, "\nsections\n");
	for (int i = 0; i < NS_NSECTIONS; i++) {
		const ns_section *s = ns_report_section(r, i);
		if (s->found && s->page_start)
			fprintf(f, "  %s  p%d:%d – p%d:%d  %s\n", s->id, s->page_start, s->line_start,
			        s->page_end, s->line_end, untitled(s));
		else if (s->found)
			fprintf(f, "  %s  lines %d-%d  %s\n", s->id, s->line_start, s->line_end,
			        untitled(s));
		else
			fprintf(f, "  %s  — not found\n", s->id);
	}
	print_table(f, r, "t2");
	print_table(f, r, "t3");
	print_table(f, r, "t4");
	fprintf(f, "  (* inferred by the template's arithmetic; blank: left blank; ·: not read)\n");
	int n = ns_report_ndiag(r);
	fprintf(f, "\ndiagnostics (%d)\n", n);
	for (int i = 0; i < n; i++) {
		const ns_diag *d = ns_report_diag(r, i);
		fprintf(f, "  %-7s ", ns_severity_name(d->severity));
		print_pos(f, d->pos);
		fprintf(f, "  %s  %s%s%s\n", d->code, d->where ? d->where : "",
		        d->where ? ": " : "", cli_safe(d->message));
	}
}

int cli_parse(int argc, char **argv)
{
	int json = 0, pretty = 1, rc = 0, lim;
	ns_load_opts opts = {0};
	long long load_lims[2] = {0, 0}; /* --max-load-seconds, --max-load-memory */
	if ((rc = cli_repeated("parse", argc, argv)) != 0)
		return rc;
	/* options before or after the files, as score, lint and test take them */
	char **files = calloc((size_t)argc, sizeof *files);
	int nfiles = 0;
	if (!files)
		return cli_usage(stderr, "parse: out of memory");
	int only_files = 0; /* after "--": a file named "-x" too */
	for (int first = 1; first < argc; first++) {
		const char *a = argv[first];
		if (only_files || a[0] != '-') {
			files[nfiles++] = argv[first];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_files = 1;
			continue;
		}
		int miss = cli_value_missing("parse", argc, argv, first);
		if (miss) {
			free(files);
			return miss;
		}
		if (strcmp(a, "--json") == 0)
			json = 1;
		else if (strcmp(a, "--compact") == 0)
			pretty = 0;
		else if ((lim = cli_load_option("parse", &opts, argc, argv, &first)) != 0) {
			rc = lim > 1 ? lim : 0;
		}
		else if ((lim = cli_limit_option(load_lims, argc, argv, &first)) != 0) {
			if (lim < 0)
				rc = cli_usage(stderr, "parse: %s takes %s, not '%s'", a,
				               strcmp(a, "--max-load-memory") == 0 ? CLI_TAKES_BYTES
				               : CLI_TAKES_SECONDS, cli_safe(argv[first]));
		}
		else
			rc = cli_usage(stderr, "parse: unknown option %s%s", cli_safe(a),
			               cli_option_hint("parse", a));
		if (rc) {
			free(files);
			return rc;
		}
	}
	if (nfiles == 0)
		rc = cli_usage(stderr, "parse: no file given");
	else if (!pretty && !json)
		rc = cli_usage(stderr, "parse: --compact writes --json on one line: give --json too");
	if (rc) {
		free(files);
		return rc;
	}
	ns_ctx *ctx = ns_open();
	cli_apply_limits(ctx, load_lims);
	for (int i = 0; i < nfiles; i++) {
		ns_report *r;
		/* in a worker process under the load limits: a file that hangs or
		 * eats memory is its own error, and the next one is read */
		if (ns_load_file_bounded(ctx, files[i], &opts, &r) != NS_OK) {
			struct stat st;
			int dir = stat(files[i], &st) == 0 && S_ISDIR(st.st_mode);
			fprintf(stderr, "nianshen: %s%s\n", cli_safe(ns_errmsg(ctx)),
			        dir ? " (parse reads files; nianshen score reads a folder's reports)" : "");
			rc = 3;
			continue;
		}
		if (json) {
			char *s = ns_report_to_json(r, pretty);
			puts(s);
			ns_free(s);
		} else {
			summary(stdout, r);
		}
		ns_report_release(r);
	}
	ns_close(ctx);
	free(files);
	return rc;
}
