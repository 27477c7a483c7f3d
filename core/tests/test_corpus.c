/*
 * test_corpus.c — every document of the corpus (tests/corpus) against the values a
 * careful reader takes from it.
 *
 * Each document X of NS_CORPUS_DIR has a fixture NS_FIXTURES_DIR/expected/
 * <X without extension>.txt, written by reading the document by eye (PDFs:
 * `pdftotext -layout` and the page images), never from our parser's output.
 * A corpus document without a fixture is a failure.
 *
 * Fixture format, one directive a line, "#" starts a comment:
 *
 *   file NAME                        the document in NS_CORPUS_DIR
 *   meta.year 2023                   also meta.agency, meta.agency_type
 *   meta.edition 2021                (township|government|department|unknown),
 *                                    meta.published YYYY-MM-DD
 *   section s5 found [POS]           or: section s5 missing
 *   table t3 found                   or: table t3 missing
 *   table t3 edition 2019            the layout the table follows
 *   t3.received.total 21 [POS] [inferred] [raw=TEXT]
 *   t2.fees.amount null              a blank or honestly unreadable cell:
 *                                    the model must hold no value
 *   diag CODE [WHERE] [POS]          some diagnostic with that code; WHERE
 *                                    matches exactly or as a prefix up to a
 *                                    "." ("t3" matches "t3.received")
 *   nodiag CODE [WHERE]              no such diagnostic
 *
 * POS is "@LINE", "@LINE:COL", "@pPAGE" or "@pPAGE:LINE:COL".
 *
 * Every cell of every table the document has must be listed: the test checks
 * that the fixture covers the layout (25x7 t3, 10 cells of a 2021 t2...).
 * Set NS_DUMP=1 to print the cells as loaded; NS_ONLY=name to run one file.
 */
#include "nianshen.h"
#include "t.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXLINE 4096

typedef struct pos_spec {
	int has, page, line, col; /* -1: not given */
} pos_spec;

typedef struct doc_stats {
	int cells, cells_ok, checks, fails;
} doc_stats;

static const char *g_doc; /* fixture name, for messages */
static doc_stats g_st;

#define FAIL(ln, ...) do { \
	t_fail++; g_st.fails++; \
	fprintf(stderr, "%s:%d: ", g_doc, ln); \
	fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); \
} while (0)
#define PASS() do { t_pass++; } while (0)

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	             s[n - 1] == '\n'))
		s[--n] = 0;
	return s;
}

/* Split off the comment; returns it (or "") and cuts the line there. */
static const char *cut_comment(char *line)
{
	char *h = strstr(line, "#");
	if (!h)
		return "";
	*h = 0;
	h++;
	while (*h == ' ')
		h++;
	char *nl = strchr(h, '\n');
	if (nl)
		*nl = 0;
	return h;
}

static int parse_pos(const char *tok, pos_spec *p)
{
	p->has = 1;
	p->page = p->line = p->col = -1;
	if (tok[0] != '@')
		return -1;
	tok++;
	if (tok[0] == 'p') {
		int n = sscanf(tok + 1, "%d:%d:%d", &p->page, &p->line, &p->col);
		return n >= 1 ? 0 : -1;
	}
	int n = sscanf(tok, "%d:%d", &p->line, &p->col);
	return n >= 1 ? 0 : -1;
}

static int pos_matches(const pos_spec *p, ns_pos at)
{
	if (!p->has)
		return 1;
	if (p->page >= 0 && at.page != p->page)
		return 0;
	if (p->line >= 0 && at.line != p->line)
		return 0;
	if (p->col >= 0 && at.col != p->col)
		return 0;
	return 1;
}

static void pos_str(const pos_spec *p, char *buf, size_t n)
{
	if (p->page >= 0)
		snprintf(buf, n, "p%d:%d:%d", p->page, p->line, p->col);
	else
		snprintf(buf, n, "%d:%d", p->line, p->col);
}

static int where_matches(const char *want, const char *where)
{
	if (!want)
		return 1;
	if (!where)
		return 0;
	size_t n = strlen(want);
	return strncmp(where, want, n) == 0 && (where[n] == 0 || where[n] == '.');
}

/* ---- coverage: which cells the fixture named ------------------------ */

typedef struct seen {
	char key[96];
} seen;
static seen *g_seen;
static int g_nseen, g_capseen;

static void mark_seen(const char *key)
{
	if (g_nseen == g_capseen) {
		g_capseen = g_capseen ? g_capseen * 2 : 256;
		g_seen = realloc(g_seen, (size_t)g_capseen * sizeof *g_seen);
		if (!g_seen)
			abort();
	}
	snprintf(g_seen[g_nseen++].key, sizeof g_seen[0].key, "%s", key);
}

static int was_seen(const char *key)
{
	for (int i = 0; i < g_nseen; i++)
		if (strcmp(g_seen[i].key, key) == 0)
			return 1;
	return 0;
}

/* ---- one directive --------------------------------------------------- */

static void check_cell(const ns_report *r, int ln, char *key, char **tok, int ntok,
                       const char *comment)
{
	char t[8], row[64], col[64];
	char *d1 = strchr(key, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!d1 || !d2 || (size_t)(d1 - key) >= sizeof t) {
		FAIL(ln, "bad cell key \"%s\"", key);
		return;
	}
	snprintf(t, sizeof t, "%.*s", (int)(d1 - key), key);
	snprintf(row, sizeof row, "%.*s", (int)(d2 - d1 - 1), d1 + 1);
	snprintf(col, sizeof col, "%s", d2 + 1);
	mark_seen(key);
	g_st.cells++;
	if (ntok < 1) {
		FAIL(ln, "%s: no expected value", key);
		return;
	}
	const ns_cell *c = ns_report_cell(r, t, row, col);
	if (!c) {
		FAIL(ln, "%s: no such cell in the report's layout (t=%s edition %d)  # %s",
		     key, t, (int)ns_table_edition(r, t), comment);
		return;
	}
	int ok = 1;
	char got[128];
	if (c->has_value)
		snprintf(got, sizeof got, "%.10g (raw \"%s\"%s, at %d:%d:%d)", c->value,
		         c->raw ? c->raw : "(none)", c->inferred ? ", inferred" : "",
		         c->pos.page, c->pos.line, c->pos.col);
	else
		snprintf(got, sizeof got, "null (raw \"%s\")", c->raw ? c->raw : "(none)");
	if (strcmp(tok[0], "null") == 0) {
		if (c->has_value) {
			FAIL(ln, "%s: expected null (unreadable/blank), got %s  # %s", key, got,
			     comment);
			ok = 0;
		} else
			PASS();
	} else {
		char *end;
		double want = strtod(tok[0], &end);
		if (*end) {
			FAIL(ln, "%s: bad expected value \"%s\"", key, tok[0]);
			return;
		}
		if (!c->has_value || fabs(c->value - want) > 1e-9 * (fabs(want) > 1 ? fabs(want) : 1)) {
			FAIL(ln, "%s: expected %s, got %s  # %s", key, tok[0], got, comment);
			ok = 0;
		} else
			PASS();
	}
	for (int k = 1; k < ntok; k++) {
		if (tok[k][0] == '@') {
			pos_spec p;
			if (parse_pos(tok[k], &p)) {
				FAIL(ln, "%s: bad position \"%s\"", key, tok[k]);
				continue;
			}
			g_st.checks++;
			if (!pos_matches(&p, c->pos)) {
				char w[64];
				pos_str(&p, w, sizeof w);
				FAIL(ln, "%s: expected at %s, got page %d line %d col %d  # %s", key, w,
				     c->pos.page, c->pos.line, c->pos.col, comment);
				ok = 0;
			} else
				PASS();
		} else if (strcmp(tok[k], "inferred") == 0) {
			g_st.checks++;
			if (!c->inferred) {
				FAIL(ln, "%s: expected inferred, got %s", key, got);
				ok = 0;
			} else
				PASS();
		} else if (strncmp(tok[k], "raw=", 4) == 0) {
			g_st.checks++;
			if (!c->raw || strcmp(c->raw, tok[k] + 4) != 0) {
				FAIL(ln, "%s: expected raw \"%s\", got \"%s\"", key, tok[k] + 4,
				     c->raw ? c->raw : "(none)");
				ok = 0;
			} else
				PASS();
		} else {
			FAIL(ln, "%s: unknown cell option \"%s\"", key, tok[k]);
		}
	}
	if (ok)
		g_st.cells_ok++;
}

static void check_meta(const ns_report *r, int ln, const char *key, const char *val,
                       const char *comment)
{
	const ns_meta *m = ns_report_meta(r);
	char got[512];
	int ok;
	if (strcmp(key, "meta.year") == 0) {
		ok = m->year == atoi(val);
		snprintf(got, sizeof got, "%d", m->year);
	} else if (strcmp(key, "meta.agency") == 0) {
		ok = m->agency && strcmp(m->agency, val) == 0;
		snprintf(got, sizeof got, "%s", m->agency ? m->agency : "(null)");
	} else if (strcmp(key, "meta.agency_type") == 0) {
		ok = strcmp(ns_agency_type_name(m->agency_type), val) == 0;
		snprintf(got, sizeof got, "%s", ns_agency_type_name(m->agency_type));
	} else if (strcmp(key, "meta.edition") == 0) {
		ok = (int)m->edition == atoi(val);
		snprintf(got, sizeof got, "%d", (int)m->edition);
	} else if (strcmp(key, "meta.published") == 0) {
		ok = m->published && strcmp(m->published, val) == 0;
		snprintf(got, sizeof got, "%s", m->published ? m->published : "(null)");
	} else {
		FAIL(ln, "unknown directive %s", key);
		return;
	}
	g_st.checks++;
	if (ok)
		PASS();
	else
		FAIL(ln, "%s: expected %s, got %s  # %s", key, val, got, comment);
}

static void check_section(const ns_report *r, int ln, char **tok, int ntok,
                          const char *comment)
{
	if (ntok < 2) {
		FAIL(ln, "section: needs an id and found|missing");
		return;
	}
	const ns_section *s = ns_report_section_by_id(r, tok[0]);
	g_st.checks++;
	if (!s) {
		FAIL(ln, "section %s: no such section id", tok[0]);
		return;
	}
	int want = strcmp(tok[1], "found") == 0;
	if (s->found != want) {
		FAIL(ln, "section %s: expected %s, got %s (title \"%s\")  # %s", tok[0], tok[1],
		     s->found ? "found" : "missing", s->title ? s->title : "", comment);
		return;
	}
	PASS();
	if (ntok > 2 && want) {
		pos_spec p;
		g_st.checks++;
		if (parse_pos(tok[2], &p))
			FAIL(ln, "section %s: bad position %s", tok[0], tok[2]);
		else if (!pos_matches(&p, s->title_pos))
			FAIL(ln, "section %s: title expected at %s, got page %d line %d col %d  # %s",
			     tok[0], tok[2], s->title_pos.page, s->title_pos.line,
			     s->title_pos.col, comment);
		else
			PASS();
	}
}

static void check_table(const ns_report *r, int ln, char **tok, int ntok)
{
	if (ntok < 2) {
		FAIL(ln, "table: needs an id and found|missing|edition N");
		return;
	}
	g_st.checks++;
	if (strcmp(tok[1], "edition") == 0 && ntok > 2) {
		int want = atoi(tok[2]);
		if ((int)ns_table_edition(r, tok[0]) != want)
			FAIL(ln, "table %s: expected edition %d, got %d", tok[0], want,
			     (int)ns_table_edition(r, tok[0]));
		else
			PASS();
		return;
	}
	int want = strcmp(tok[1], "found") == 0;
	if (ns_table_found(r, tok[0]) != want)
		FAIL(ln, "table %s: expected %s", tok[0], tok[1]);
	else
		PASS();
}

static void check_diag(const ns_report *r, int ln, int negate, char **tok, int ntok,
                       const char *comment)
{
	if (ntok < 1) {
		FAIL(ln, "diag: needs a code");
		return;
	}
	const char *code = tok[0], *where = NULL;
	pos_spec p = {0, -1, -1, -1};
	for (int k = 1; k < ntok; k++) {
		if (tok[k][0] == '@') {
			if (parse_pos(tok[k], &p))
				FAIL(ln, "diag: bad position %s", tok[k]);
		} else
			where = tok[k];
	}
	int found = 0, same_code = 0;
	const ns_diag *near = NULL;
	for (int i = 0; i < ns_report_ndiag(r); i++) {
		const ns_diag *d = ns_report_diag(r, i);
		if (strcmp(d->code, code) != 0 || !where_matches(where, d->where))
			continue;
		same_code++;
		near = d;
		if (pos_matches(&p, d->pos)) {
			found = 1;
			if (negate)
				near = d;
			break;
		}
	}
	g_st.checks++;
	if (negate) {
		if (same_code)
			FAIL(ln, "nodiag %s %s: got \"%s\" at %d:%d:%d: %s  # %s", code,
			     where ? where : "", near->where ? near->where : "", near->pos.page,
			     near->pos.line, near->pos.col, near->message, comment);
		else
			PASS();
		return;
	}
	if (found) {
		PASS();
		return;
	}
	if (near) {
		char w[64];
		pos_str(&p, w, sizeof w);
		FAIL(ln, "diag %s %s: expected at %s, got %d:%d:%d  # %s", code,
		     where ? where : "", w, near->pos.page, near->pos.line, near->pos.col,
		     comment);
	} else {
		FAIL(ln, "diag %s %s: no such diagnostic  # %s", code, where ? where : "",
		     comment);
	}
}

/* Every cell the report's layout has for the found tables must be named. */
static void check_coverage(const ns_report *r)
{
	static const char *const tables[] = {"t2", "t3", "t4"};
	for (int t = 0; t < 3; t++) {
		if (!ns_table_found(r, tables[t]))
			continue;
		int missing = 0;
		char first[96] = "";
		for (int i = 0; i < ns_table_nrows(r, tables[t]); i++)
			for (int j = 0; j < ns_table_ncols(r, tables[t]); j++) {
				const char *row = ns_table_row_id(r, tables[t], i);
				const char *col = ns_table_col_id(r, tables[t], j);
				if (!ns_report_cell(r, tables[t], row, col))
					continue;
				char key[96];
				snprintf(key, sizeof key, "%s.%s.%s", tables[t], row, col);
				if (!was_seen(key)) {
					if (!missing)
						snprintf(first, sizeof first, "%s", key);
					missing++;
				}
			}
		g_st.checks++;
		if (missing)
			FAIL(0, "fixture does not cover %d cell(s) of %s (first: %s)", missing,
			     tables[t], first);
		else
			PASS();
	}
}

static void dump(const ns_report *r)
{
	static const char *const tables[] = {"t2", "t3", "t4"};
	for (int t = 0; t < 3; t++)
		for (int i = 0; i < ns_table_nrows(r, tables[t]); i++)
			for (int j = 0; j < ns_table_ncols(r, tables[t]); j++) {
				const char *row = ns_table_row_id(r, tables[t], i);
				const char *col = ns_table_col_id(r, tables[t], j);
				const ns_cell *c = ns_report_cell(r, tables[t], row, col);
				if (!c)
					continue;
				if (c->has_value)
					printf("  %s.%s.%s %.10g @p%d:%d:%d%s\n", tables[t], row, col,
					       c->value, c->pos.page, c->pos.line, c->pos.col,
					       c->inferred ? " inferred" : "");
				else
					printf("  %s.%s.%s null raw=\"%s\"\n", tables[t], row, col,
					       c->raw ? c->raw : "");
			}
	for (int i = 0; i < ns_report_ndiag(r); i++) {
		const ns_diag *d = ns_report_diag(r, i);
		printf("  diag %s %s @p%d:%d:%d %s\n", d->code, d->where ? d->where : "-",
		       d->pos.page, d->pos.line, d->pos.col, d->message);
	}
}

/* ---- one fixture ----------------------------------------------------- */

static void run_fixture(ns_ctx *ctx, const char *fixture_path, const char *name)
{
	FILE *f = fopen(fixture_path, "r");
	g_doc = name;
	memset(&g_st, 0, sizeof g_st);
	g_nseen = 0;
	if (!f) {
		FAIL(0, "cannot open %s: %s", fixture_path, strerror(errno));
		return;
	}
	char line[MAXLINE];
	ns_report *r = NULL;
	int ln = 0;
	while (fgets(line, sizeof line, f)) {
		ln++;
		const char *comment = cut_comment(line);
		char *s = trim(line);
		if (!*s)
			continue;
		char *tok[16] = {NULL};
		int ntok = 0;
		for (char *p = strtok(s, " \t"); p && ntok < 16; p = strtok(NULL, " \t"))
			tok[ntok++] = p;
		if (ntok == 0)
			continue;
		if (strcmp(tok[0], "file") == 0) {
			if (ntok < 2) {
				FAIL(ln, "file: needs a name");
				break;
			}
			char path[1024];
			snprintf(path, sizeof path, "%s/%s", NS_CORPUS_DIR, tok[1]);
			int rc = ns_load_file(ctx, path, NULL, &r);
			CHECK_MSG(rc == NS_OK, "%s: loading %s: %s (%s)", name, path,
			          ns_strerror(rc), ns_errmsg(ctx));
			if (rc != NS_OK)
				break;
			if (getenv("NS_DUMP"))
				dump(r);
			continue;
		}
		if (!r) {
			FAIL(ln, "directive before \"file\"");
			break;
		}
		if (strncmp(tok[0], "meta.", 5) == 0) {
			/* the value may contain no spaces; join anyway */
			check_meta(r, ln, tok[0], ntok > 1 ? tok[1] : "", comment);
		} else if (strcmp(tok[0], "section") == 0) {
			check_section(r, ln, tok + 1, ntok - 1, comment);
		} else if (strcmp(tok[0], "table") == 0) {
			check_table(r, ln, tok + 1, ntok - 1);
		} else if (strcmp(tok[0], "diag") == 0) {
			check_diag(r, ln, 0, tok + 1, ntok - 1, comment);
		} else if (strcmp(tok[0], "nodiag") == 0) {
			check_diag(r, ln, 1, tok + 1, ntok - 1, comment);
		} else if (tok[0][0] == 't' && strchr(tok[0], '.')) {
			check_cell(r, ln, tok[0], tok + 1, ntok - 1, comment);
		} else {
			FAIL(ln, "unknown directive \"%s\"", tok[0]);
		}
	}
	fclose(f);
	if (r) {
		check_coverage(r);
		ns_report_release(r);
	}
	printf("%-36s %3d/%3d cells right, %d failure(s)\n", name, g_st.cells_ok,
	       g_st.cells, g_st.fails);
}

/* ---- the corpus ------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	ns_ctx *ctx = ns_open();
	CHECK(ctx != NULL);
	DIR *dir = opendir(NS_CORPUS_DIR);
	CHECK_MSG(dir != NULL, "cannot open the corpus %s", NS_CORPUS_DIR);
	if (!dir || !ctx)
		return t_done("test_corpus");
	char *names[256];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dir)) && n < 256) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(dir);
	qsort(names, (size_t)n, sizeof names[0], cmp_str);
	CHECK_MSG(n >= 10, "the corpus has %d documents, 10 expected", n);
	const char *only = getenv("NS_ONLY");
	for (int i = 0; i < n; i++) {
		char stem[256], fx[1024];
		snprintf(stem, sizeof stem, "%s", names[i]);
		char *dot = strrchr(stem, '.');
		if (dot)
			*dot = 0;
		if (only && strcmp(only, stem) != 0) {
			free(names[i]);
			continue;
		}
		snprintf(fx, sizeof fx, "%s/expected/%s.txt", NS_FIXTURES_DIR, stem);
		FILE *f = fopen(fx, "r");
		CHECK_MSG(f != NULL, "corpus document %s has no fixture %s", names[i], fx);
		if (f) {
			/* the fixture must name this very document */
			char line[MAXLINE], want[300];
			int named = 0;
			snprintf(want, sizeof want, "file %s", names[i]);
			while (fgets(line, sizeof line, f))
				if (strcmp(trim(line), want) == 0)
					named = 1;
			fclose(f);
			CHECK_MSG(named, "%s does not say \"%s\"", fx, want);
			run_fixture(ctx, fx, stem);
		}
		free(names[i]);
	}
	free(g_seen);
	ns_close(ctx);
	return t_done("test_corpus");
}
