/*
 * test_markup.c — "markup is never content": HTML held inside other text.
 *
 * The cross-form report (fixtures/forms/report.html) is dressed the way
 * portals hand pages out — style widths on its cells and tables, then its
 * body as a bare fragment, as a .txt of "view source" behind a crawler's
 * header, as a JavaScript string (var content = "…" with \" \/ \n \uXXXX
 * escapes), as a field of a CMS's JSON answer, GBK-encoded — and every
 * form must load, through the public API with the file name as the only
 * hint, to the very t2/t3/t4 cells of the plain page, with no style
 * number in any cell and every cell's position pointing at its own text in
 * the file it came from.  Read as text (the form forced), the tags go
 * before the text loader sees them.  A text of markup that holds no report
 * is refused, and says it was read as markup.  The canonical JSON model is
 * still read as the model.
 */
#include "nianshen.h"
#include "t.h"

#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static ns_ctx *ctx;
static ns_report *ref; /* the plain page */

static const char *const tables[3] = {"t2", "t3", "t4"};

/* Numbers that stand only in markup of the dressed page (style widths,
 * <col width>, font sizes): none may be a cell's value or text. */
static const char *const style_words[] = {"px", "pt", "width", "style", "=",
                                          "<", ">", "\\", "%", NULL};
static const double style_numbers[] = {219, 57.6, 10.5, 120, 200, 140, 220,
                                       600, 1.5, 32, 44, 56, 46};

/* ---- building documents ------------------------------------------------- */

typedef struct buf {
	char *s;
	size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = 0;
}

static void puts_(buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* s with every `from` replaced by `to`, malloc'd. */
static char *replace(const char *s, const char *from, const char *to)
{
	buf b = {0};
	size_t k = strlen(from);
	const char *p;
	while ((p = strstr(s, from)) != NULL) {
		put(&b, s, (size_t)(p - s));
		puts_(&b, to);
		s = p + k;
	}
	puts_(&b, s);
	return b.s;
}

static char *slice(const char *a, const char *b)
{
	buf o = {0};
	put(&o, a, (size_t)(b - a));
	return o.s;
}

/* The page with the styles a portal's editor leaves: widths on tables and
 * cells, <col width> (already in the fixture), font sizes around values. */
static char *dress(const char *page)
{
	char *a = replace(page, "<table ", "<table style=\"width:219px;border:1px\" ");
	char *b = replace(a, "<td>", "<td style=\"width:57.6pt\" width=\"120\">");
	char *c = replace(b, "<td colspan=", "<td style=\"width:200px\" colspan=");
	char *d = replace(c, ">58<", "><span style=\"font-size:10.5pt;line-height:1.5\">58</span><");
	char *e = replace(d, "<p>", "<p style=\"text-indent:32px;margin:0 0 0 600px\">");
	free(a);
	free(b);
	free(c);
	free(d);
	return e;
}

/* The string literal of JavaScript or JSON holding s: quotes, backslashes,
 * slashes and line breaks escaped; with `ascii`, every character outside
 * ASCII as \uXXXX (as JSON encoders do), else one in three of them. */
static char *js_string(const char *s, char quote, int ascii)
{
	buf b = {0};
	int nth = 0;
	put(&b, &quote, 1);
	for (size_t i = 0; s[i];) {
		unsigned char c = (unsigned char)s[i];
		char tmp[16];
		if (c < 0x80) {
			if (c == (unsigned char)quote || c == '\\')
				snprintf(tmp, sizeof tmp, "\\%c", c);
			else if (c == '/')
				snprintf(tmp, sizeof tmp, "\\/");
			else if (c == '\n')
				snprintf(tmp, sizeof tmp, "\\n");
			else if (c == '\r')
				snprintf(tmp, sizeof tmp, "\\r");
			else if (c == '\t')
				snprintf(tmp, sizeof tmp, "\\t");
			else
				snprintf(tmp, sizeof tmp, "%c", c);
			puts_(&b, tmp);
			i++;
			continue;
		}
		int k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		uint32_t cp = k == 4 ? c & 7 : k == 3 ? c & 15 : c & 31;
		for (int j = 1; j < k; j++)
			cp = cp << 6 | ((unsigned char)s[i + (size_t)j] & 63);
		if (ascii || nth++ % 3 == 0) {
			if (cp >= 0x10000) {
				uint32_t v = cp - 0x10000;
				snprintf(tmp, sizeof tmp, "\\u%04X\\u%04X", 0xD800 + (v >> 10),
				         0xDC00 + (v & 0x3FF));
			} else {
				snprintf(tmp, sizeof tmp, "\\u%04x", cp);
			}
			puts_(&b, tmp);
		} else {
			put(&b, s + i, (size_t)k);
		}
		i += (size_t)k;
	}
	put(&b, &quote, 1);
	return b.s;
}


/* ---- checking --------------------------------------------------------- */

/* The UTF-8 text at line, col (1-based, columns in code points) of s. */
static const char *text_at(const char *s, int line, int col)
{
	for (int l = 1; l < line; l++) {
		s = strchr(s, '\n');
		if (!s)
			return NULL;
		s++;
	}
	for (int c = 1; c < col && *s && *s != '\n'; c++) {
		s++;
		while ((*s & 0xC0) == 0x80)
			s++;
	}
	return s;
}

/* Every cell of r as in the plain page; no style number anywhere; with
 * `file` (UTF-8), every value's position shows its raw text there. */
static void same_cells(const char *what, const ns_report *r, const char *file)
{
	int diff = 0, misplaced = 0;
	for (int t = 0; t < 3; t++) {
		int nr = ns_table_nrows(ref, tables[t]), nc = ns_table_ncols(ref, tables[t]);
		CHECK_MSG(ns_table_found(r, tables[t]), "%s: %s not found", what, tables[t]);
		CHECK_MSG(ns_table_nrows(r, tables[t]) == nr && ns_table_ncols(r, tables[t]) == nc,
		          "%s: %s is %dx%d, expected %dx%d", what, tables[t],
		          ns_table_nrows(r, tables[t]), ns_table_ncols(r, tables[t]), nr, nc);
		for (int i = 0; i < nr; i++)
			for (int j = 0; j < nc; j++) {
				const char *row = ns_table_row_id(ref, tables[t], i);
				const char *col = ns_table_col_id(ref, tables[t], j);
				const ns_cell *a = ns_report_cell(ref, tables[t], row, col);
				const ns_cell *b = ns_report_cell(r, tables[t], row, col);
				if (!a)
					continue;
				int same = b && a->has_value == b->has_value &&
				           (!a->has_value || a->value == b->value) &&
				           ((!a->raw && !b->raw) ||
				            (a->raw && b->raw && strcmp(a->raw, b->raw) == 0));
				if (!same && diff++ < 5)
					fprintf(stderr, "%s: %s.%s.%s is %s%g \"%s\", expected %g \"%s\"\n",
					        what, tables[t], row, col, b && b->has_value ? "" : "null ",
					        b ? b->value : 0, b && b->raw ? b->raw : "-",
					        a->value, a->raw ? a->raw : "-");
				if (!b || !b->raw || !b->raw[0] || !file || b->pos.line <= 0)
					continue;
				const char *at = text_at(file, b->pos.line, b->pos.col);
				if ((!at || strncmp(at, b->raw, strlen(b->raw)) != 0) && misplaced++ < 5)
					fprintf(stderr, "%s: %s.%s.%s \"%s\" at %d:%d, where the file has "
					        "\"%.12s\"\n", what, tables[t], row, col, b->raw,
					        b->pos.line, b->pos.col, at ? at : "(past the end)");
			}
	}
	CHECK_MSG(diff == 0, "%s: %d cells differ from the plain page", what, diff);
	CHECK_MSG(misplaced == 0, "%s: %d cells do not point at their text", what, misplaced);
}

/* No cell anywhere holds markup or one of the style numbers. */
static void no_style(const char *what, const ns_report *r)
{
	int bad = 0;
	for (int t = 0; t < 3; t++) {
		int nr = ns_table_nrows(r, tables[t]), nc = ns_table_ncols(r, tables[t]);
		for (int i = 0; i < nr; i++)
			for (int j = 0; j < nc; j++) {
				const ns_cell *c = ns_report_cell(r, tables[t], ns_table_row_id(r, tables[t], i),
				                                  ns_table_col_id(r, tables[t], j));
				if (!c)
					continue;
				for (int k = 0; c->raw && style_words[k]; k++)
					if (strstr(c->raw, style_words[k]) && bad++ < 5)
						fprintf(stderr, "%s: %s cell (%d,%d) holds \"%s\"\n", what,
						        tables[t], i, j, c->raw);
				for (size_t k = 0; c->has_value && k < sizeof style_numbers /
				                   sizeof style_numbers[0]; k++)
					if (c->value == style_numbers[k] && bad++ < 5)
						fprintf(stderr, "%s: %s cell (%d,%d) is the style number %g\n",
						        what, tables[t], i, j, c->value);
			}
	}
	CHECK_MSG(bad == 0, "%s: %d cells hold markup or a style number", what, bad);
}

static ns_report *load(const char *what, const char *doc, size_t len, const char *name,
                       const ns_load_opts *o)
{
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, doc, len, name, o, &r);
	CHECK_MSG(rc == NS_OK && r, "%s: %s (%s)", what, ns_strerror(rc), ns_errmsg(ctx));
	if (r && getenv("NS_MARKUP_VERBOSE"))
		for (int i = 0; i < ns_report_ndiag(r); i++) {
			const ns_diag *d = ns_report_diag(r, i);
			fprintf(stderr, "  %s: %s %s @%d:%d %s\n", what, d->code,
			        d->where ? d->where : "-", d->pos.line, d->pos.col, d->message);
		}
	return r;
}

/* The whole report as the plain page has it: meta, section texts, cells. */
static void same_report(const char *what, const ns_report *r, const char *file)
{
	if (!r)
		return;
	const ns_meta *a = ns_report_meta(ref), *b = ns_report_meta(r);
	CHECK_MSG(b->media_type && strcmp(b->media_type, "text/html") == 0,
	          "%s: media type %s", what, b->media_type ? b->media_type : "-");
	CHECK_MSG(b->title && strcmp(a->title, b->title) == 0, "%s: title %s", what,
	          b->title ? b->title : "-");
	CHECK_MSG(b->year == a->year, "%s: year %d", what, b->year);
	CHECK_MSG(b->agency && strcmp(a->agency, b->agency) == 0, "%s: agency %s",
	          what, b->agency ? b->agency : "-");
	for (int k = 0; k < NS_NSECTIONS; k++) {
		const ns_section *x = ns_report_section(ref, k), *y = ns_report_section(r, k);
		CHECK_MSG(y->found && x->text && y->text && strcmp(x->text, y->text) == 0,
		          "%s: section %s differs", what, x->id);
	}
	same_cells(what, r, file);
	no_style(what, r);
}

/* ---- the cases ------------------------------------------------------------- */

static char *page, *body;

static void test_fragment(void)
{
	/* a bare fragment of the article, as a CMS stores it */
	buf f = {0};
	puts_(&f, "<div class=\"TRS_Editor\" style=\"width:600px\">");
	puts_(&f, body);
	puts_(&f, "</div>\n");
	const char *names[] = {"fragment.html", "fragment.txt", "fragment", NULL};
	for (int i = 0; names[i]; i++) {
		ns_report *r = load(names[i], f.s, f.n, names[i], NULL);
		same_report(names[i], r, f.s);
		if (r && i == 1)
			CHECK(t_find_diag(r, "source.markup", NULL)); /* a .txt read as HTML says so */
		if (r && i == 0)
			CHECK(!t_find_diag(r, "source.markup", NULL));
		ns_report_release(r);
	}
	/* starting with a heading, no <div>, <table> far beyond the first 4 KiB */
	const char *h1 = strstr(body, "<h1>");
	CHECK(h1 != NULL);
	if (h1) {
		ns_report *r = load("h1 fragment", h1, strlen(h1), "content.txt", NULL);
		same_report("h1 fragment", r, h1);
		ns_report_release(r);
	}
	free(f.s);
}

static void test_view_source(void)
{
	/* a .txt saved from "view source", behind a crawler's header */
	buf f = {0};
	puts_(&f, "标题: 青川县市场监督管理局2024年政府信息公开工作年度报告\n"
	          "来源: http://www.qingchuan.gov.cn/zwgk/ndbg/2025/0121/content.html\n\n");
	puts_(&f, page);
	ns_report *r = load("view-source.txt", f.s, f.n, "view-source.txt", NULL);
	same_report("view-source.txt", r, f.s);
	if (r)
		CHECK(t_find_diag(r, "source.markup", NULL));
	ns_report_release(r);

	/* the same, GBK-encoded with its <meta charset> saying so */
	char *gbpage = replace(f.s, "charset=\"utf-8\"", "charset=\"gbk\"");
	size_t gn;
	char *gb = t_recode("GBK", gbpage, strlen(gbpage), &gn);
	CHECK(gb != NULL);
	if (gb) {
		r = load("view-source GBK", gb, gn, "view-source-gbk.txt", NULL);
		if (r) {
			CHECK_STR(ns_report_meta(r)->encoding, "GB18030");
			same_report("view-source GBK", r, gbpage); /* positions are of the decoded text */
		}
		ns_report_release(r);
	}
	free(gb);
	free(gbpage);
	free(f.s);
}

static void test_javascript(void)
{
	/* var content = "…"; a JS data file of a portal */
	char *lit = js_string(body, '"', 0);
	buf f = {0};
	puts_(&f, "/* generated */\nvar title = \"青川县市场监督管理局2024年政府信息公开工作年度报告\";\n"
	          "var pubdate = \"2025-01-21\";\nif (a < b && c > d) { x = 1; }\nvar content = ");
	puts_(&f, lit);
	puts_(&f, ";\ndocument.getElementById(\"zoom\").innerHTML = content;\n");
	const char *names[] = {"content.js", "content.txt", NULL};
	for (int i = 0; names[i]; i++) {
		ns_report *r = load(names[i], f.s, f.n, names[i], NULL);
		same_report(names[i], r, f.s);
		if (r) {
			CHECK(t_find_diag(r, "source.unwrapped", NULL));
			for (int k = 0; k < ns_report_ndiag(r); k++) {
				const ns_diag *d = ns_report_diag(r, k);
				if (strcmp(d->code, "source.unwrapped") == 0) {
					CHECK(strstr(d->message, "JavaScript") && strstr(d->message, "content"));
					CHECK_INT(d->pos.line, 5); /* the literal's opening quote */
					CHECK_INT(d->pos.col, 15);
				}
			}
		}
		ns_report_release(r);
	}
	free(f.s);
	free(lit);

	/* single quotes, the page cut in two literals joined by '+' */
	size_t half = strlen(body) / 2;
	while (body[half] != '\n')
		half++;
	char *a = slice(body, body + half), *b = slice(body + half, body + strlen(body));
	char *la = js_string(a, '\'', 0), *lb = js_string(b, '\'', 0);
	buf g = {0};
	puts_(&g, "document.write(");
	puts_(&g, la);
	puts_(&g, " +\n    ");
	puts_(&g, lb);
	puts_(&g, ");\n");
	ns_report *r = load("document.write", g.s, g.n, "write.js", NULL);
	same_report("document.write", r, g.s);
	ns_report_release(r);
	free(a);
	free(b);
	free(la);
	free(lb);
	free(g.s);
}

static void test_json(void)
{
	/* a CMS's answer: the article in a field, every non-ASCII escaped */
	char *lit = js_string(body, '"', 1);
	char *title = js_string("青川县市场监督管理局2024年政府信息公开工作年度报告", '"', 1);
	buf f = {0};
	puts_(&f, "{\"code\":200,\"msg\":\"ok\",\"data\":{\"id\":4471,\"title\":");
	puts_(&f, title);
	puts_(&f, ",\"width\":219,\"content\":");
	puts_(&f, lit);
	puts_(&f, ",\"pubDate\":\"2025-01-21 09:30:00\"}}");
	const char *names[] = {"detail.json", "detail.txt", NULL};
	for (int i = 0; names[i]; i++) {
		ns_report *r = load(names[i], f.s, f.n, names[i], NULL);
		same_report(names[i], r, f.s);
		if (r)
			CHECK(t_find_diag(r, "source.unwrapped", NULL));
		ns_report_release(r);
	}
	/* JSON text in GBK, the characters raw rather than escaped */
	char *raw = js_string(body, '"', 0);
	buf g = {0};
	puts_(&g, "{\"content\": ");
	puts_(&g, raw);
	puts_(&g, "}\n");
	size_t gn;
	char *gb = t_recode("GBK", g.s, strlen(g.s), &gn);
	CHECK(gb != NULL);
	if (gb) {
		ns_report *r = load("GBK JSON", gb, gn, "gbk.json", NULL);
		if (r) {
			CHECK_STR(ns_report_meta(r)->encoding, "GB18030");
			same_cells("GBK JSON", r, NULL);
			no_style("GBK JSON", r);
		}
		ns_report_release(r);
	}
	free(gb);
	free(raw);
	free(g.s);
	free(f.s);
	free(lit);
	free(title);
}

static void test_canonical_json(void)
{
	/* the model's own JSON is the model, whatever the file is called */
	char *js = ns_report_to_json(ref, 1);
	CHECK(js != NULL);
	if (!js)
		return;
	const char *names[] = {"model.json", "model.txt", NULL};
	for (int i = 0; i < 3; i++) {
		ns_report *r = NULL;
		int rc = ns_load_buffer(ctx, js, strlen(js), names[i], NULL, &r);
		CHECK_MSG(rc == NS_OK, "canonical JSON as %s: %s", names[i] ? names[i] : "(buffer)",
		          ns_errmsg(ctx));
		if (r) {
			CHECK(!t_find_diag(r, "source.unwrapped", NULL) && !t_find_diag(r, "source.markup", NULL));
			same_cells("canonical JSON", r, NULL);
			char *again = ns_report_to_json(r, 1);
			CHECK(again && strcmp(again, js) == 0);
			ns_free(again);
		}
		ns_report_release(r);
	}
	ns_free(js);
}

static void test_as_text(void)
{
	/* the form forced to text: the tags go before the text loader reads,
	 * so no attribute value can become a cell */
	ns_load_opts txt = {NS_FORM_TXT, 0, NULL, 0};
	buf f = {0};
	puts_(&f, "<div class=\"TRS_Editor\" style=\"width:600px\">");
	puts_(&f, body);
	puts_(&f, "</div>\n");
	ns_report *r = load("fragment as text", f.s, f.n, "fragment.txt", &txt);
	if (r) {
		CHECK_STR(ns_report_meta(r)->media_type, "text/plain");
		CHECK(t_find_diag(r, "source.markup", NULL));
		no_style("fragment as text", r);
		const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
		CHECK(c && c->has_value && c->value == 85);
		c = ns_report_cell(r, "t3", "received", "natural_person");
		CHECK(c && c->has_value && c->value == 58 && c->raw && !strcmp(c->raw, "58"));
		if (c && c->raw) { /* its position is in the file, past the span's style */
			const char *at = text_at(f.s, c->pos.line, c->pos.col);
			CHECK(at && strncmp(at, "58</span>", 9) == 0);
		}
	}
	ns_report_release(r);
	free(f.s);

	/* a text report with a little markup left in it by a crawler: read as
	 * text, the tags out, the cells those of the text report */
	size_t n;
	char *t = t_slurp(NS_FIXTURES_DIR "/forms/report.txt", &n);
	CHECK(t != NULL);
	if (!t)
		return;
	ns_report *plain = load("report.txt", t, n, "report.txt", NULL);
	char *tagged = replace(t, "本年新收政府信息公开申请数量",
	                       "本年新收政府信息公开申请数量<br/><span style=\"width:219px\"></span>");
	char *tagged2 = replace(tagged, "\n六、", "\n<p style=\"margin-left:24px\">六、");
	r = load("report.txt with tags", tagged2, strlen(tagged2), "report.txt", NULL);
	if (r && plain) {
		CHECK_STR(ns_report_meta(r)->media_type, "text/plain");
		CHECK(t_find_diag(r, "source.markup", NULL));
		no_style("report.txt with tags", r);
		const ns_cell *a = ns_report_cell(plain, "t3", "received", "total");
		const ns_cell *b = ns_report_cell(r, "t3", "received", "total");
		CHECK(a && b && a->has_value && b->has_value && a->value == b->value);
		if (b && b->raw) {
			const char *at = text_at(tagged2, b->pos.line, b->pos.col);
			CHECK(at && strncmp(at, b->raw, strlen(b->raw)) == 0);
		}
		CHECK(ns_report_section_by_id(r, "s6")->found);
	}
	ns_report_release(r);
	ns_report_release(plain);
	free(tagged);
	free(tagged2);
	free(t);
}

static void expect_refused(const char *what, const char *doc, const char *name,
                           const char *words)
{
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, doc, strlen(doc), name, NULL, &r);
	const char *msg = ns_errmsg(ctx);
	CHECK_MSG(rc == NS_ERR_FORMAT || rc == NS_ERR_EMPTY, "%s: %s (%s)", what,
	          ns_strerror(rc), msg);
	CHECK_MSG(r == NULL, "%s: a report came back", what);
	int named = 0;
	char w[128];
	snprintf(w, sizeof w, "%s", words);
	for (char *p = strtok(w, "|"); p && !named; p = strtok(NULL, "|"))
		named = strcasestr(msg, p) != NULL;
	CHECK_MSG(named, "%s: message \"%s\" does not say %s", what, msg, words);
	if (r)
		ns_report_release(r);
}

static void test_refused(void)
{
	/* a portal's chrome saved as text: markup and no report */
	expect_refused("chrome.txt",
	               "<html><head><script>var a = 1;</script><style>.x{width:219px}</style>"
	               "</head><body><div class=\"nav\"><a href=\"/\">首页</a>"
	               "<a href=\"/zwgk\">政务公开</a></div><div style=\"width:219px\">"
	               "<table><tr><td style=\"width:57.6pt\">访问量</td><td>120</td></tr>"
	               "</table></div></body></html>\n",
	               "chrome.txt", "markup");
	expect_refused("chrome.txt", "<div><span>欢迎访问</span><br><span>联系我们</span></div>"
	               "<div style=\"width:219px\"><p>版权所有</p></div>",
	               "chrome.txt", "not an annual report");
	/* tag soup with no text at all */
	expect_refused("soup.txt", "<div><div style=\"width:219px\"><span></span></div>"
	               "<table><tr><td width=\"120\"></td></tr></table></div>\n",
	               "soup.txt", "HTML");
	/* a JSON answer whose HTML holds no report */
	expect_refused("news.json",
	               "{\"title\":\"通知\",\"content\":\"<p style=\\\"width:219px\\\">"
	               "\\u5173\\u4e8e\\u653e\\u5047<\\/p><table><tr><td>120<\\/td><\\/tr><\\/table>\"}",
	               "news.json", "JSON string \"content\"");
}

static void test_markdown(void)
{
	/* Markdown with a banner of HTML stays Markdown */
	size_t n;
	char *md = t_slurp(NS_FIXTURES_DIR "/forms/report.md", &n);
	CHECK(md != NULL);
	if (!md)
		return;
	buf f = {0};
	puts_(&f, "<p align=\"center\"><img src=\"logo.png\" width=\"120\"></p>\n\n");
	puts_(&f, md);
	ns_report *r = load("banner.md", f.s, f.n, "banner.md", NULL);
	if (r) {
		CHECK_STR(ns_report_meta(r)->media_type, "text/markdown");
		const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
		CHECK(c && c->has_value && c->value == 85);
		no_style("banner.md", r);
	}
	ns_report_release(r);
	free(f.s);
	free(md);
}

/* Hostile inputs end quickly with an error: every search for the end of
 * a comment, a script or a literal is done once. */
static void test_hostile(void)
{
	static const char *const units[] = {"<!--", "x<script>", "\"<div a=\"",
		"a'<b>", "<td style=\"width:1px\">", "var a = \"<p>\\\"", NULL};
	for (int i = 0; units[i]; i++) {
		buf f = {0};
		for (int k = 0; k < 50000; k++)
			puts_(&f, units[i]);
		ns_report *r = NULL;
		int rc = ns_load_buffer(ctx, f.s, f.n, "hostile.txt", NULL, &r);
		CHECK_MSG(rc != NS_OK && r == NULL && ns_errmsg(ctx)[0],
		          "hostile input %d: %s", i, ns_strerror(rc));
		if (r)
			ns_report_release(r);
		free(f.s);
	}
	/* of several strings of markup, the one holding the most is read */
	char *lit = js_string(body, '"', 1);
	buf g = {0};
	puts_(&g, "[{\"content\":\"<p>\u901a\u77e5<\\/p><p>\u4e00<\\/p>\"},{\"content\":");
	puts_(&g, lit);
	puts_(&g, "},{\"content\":\"<div><p>\u5176\u4ed6<\\/p><\\/div>\"}]");
	ns_report *r = load("list.json", g.s, g.n, "list.json", NULL);
	same_report("list.json", r, g.s);
	ns_report_release(r);
	free(g.s);
	free(lit);
}

int main(void)
{
	ctx = ns_open();
	size_t n;
	char *src = t_slurp(NS_FIXTURES_DIR "/forms/report.html", &n);
	CHECK_MSG(src != NULL, "cannot read report.html");
	if (!src)
		return t_done("test_markup");
	ref = load("report.html", src, n, "report.html", NULL);
	page = dress(src);
	const char *b0 = strstr(page, "<body>"), *b1 = strstr(page, "</body>");
	CHECK(ref && b0 && b1);
	if (ref && b0 && b1) {
		body = slice(b0 + 6, b1);
		/* the dressed page itself is read as the plain one */
		ns_report *r = load("dressed page", page, strlen(page), "page.html", NULL);
		same_report("dressed page", r, page);
		ns_report_release(r);
		test_fragment();
		test_view_source();
		test_javascript();
		test_json();
		test_canonical_json();
		test_as_text();
		test_refused();
		test_markdown();
		test_hostile();
	}
	free(body);
	free(page);
	free(src);
	ns_report_release(ref);
	ns_close(ctx);
	return t_done("test_markup");
}
