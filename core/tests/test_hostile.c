/*
 * test_hostile.c — inputs made to cost a loader more than their size, or to
 * reach undefined behaviour, or to get a wrong message; each is generated
 * here.  No assertion is timed (a shared machine makes times noise): each
 * case asserts the guard that bounds the cost (a refusal with the right
 * code and words, a structural count), so a quadratic or unbounded path
 * that comes back shows as a wrong status, not as a slow test.  Each case
 * runs in well under a second when the bound holds.  The ASan/UBSan build
 * runs this too (scripts/asan-tests.sh), float-cast-overflow included.
 */
#include "load/layout.h"
#include "model/model.h"
#include "text/text.h"
#include "nianshen.h"
#include "t.h"
#include "tzip.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static ns_ctx *ctx;

static char *repeat3(const char *head, const char *unit, size_t n, const char *tail,
                     size_t *len)
{
	size_t h = strlen(head), u = strlen(unit), t = strlen(tail);
	char *s = malloc(h + u * n + t + 1);
	if (!s)
		abort();
	memcpy(s, head, h);
	for (size_t i = 0; i < n; i++)
		memcpy(s + h + i * u, unit, u);
	memcpy(s + h + u * n, tail, t + 1);
	*len = h + u * n + t;
	return s;
}

static int load(const char *buf, size_t len, const char *name, ns_report **r)
{
	*r = NULL;
	return ns_load_buffer(ctx, buf, len, name, NULL, r);
}

static void expect(const char *what, int rc, ns_report *r, int want, const char *words)
{
	const char *msg = ns_errmsg(ctx);
	CHECK_MSG(rc == want, "[%s] status %s, expected %s (%s)", what, ns_strerror(rc),
	          ns_strerror(want), msg);
	CHECK_MSG(!words || strcasestr(msg, words), "[%s] message \"%s\" lacks \"%s\"",
	          what, msg, words);
	if (r)
		ns_report_release(r);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	CHECK_MSG(f != NULL, "cannot open %s", path);
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	*len = fread(b, 1, (size_t)n, f);
	b[*len] = 0;
	fclose(f);
	return b;
}

/* ---- HTML: nesting -------------------------------------------------------- */

/* gumbo takes time in the square of the depth; the guard must hold for
 * every tag and every whitespace gumbo ends a tag name with, and must not be
 * fooled by end tags gumbo ignores or by markup gumbo reads as text. */
static void test_html_nesting(void)
{
	static const struct {
		const char *what, *unit;
	} deep[] = {
		{"fieldset", "<fieldset>"},
		{"figure", "<figure>"},
		{"details", "<details>"},
		{"address", "<address>"},
		{"custom element", "<x-box>"},
		{"tag name with a digit", "<x1>"},
		{"div and form feed", "<div\f>"},
		{"DIV and tab", "<DIV\t>"},
		{"div with a quoted '>'", "<div title=\"a>b\">"},
		{"div closed by a span end tag", "<div></span>"},
		{"div closed by an end tag inside a comment", "<div><!--</div>-->"},
		{"div closed by an end tag in an attribute", "<div title=\"</div>\">"},
		{"div closed by an end tag in a script", "<div><script>'</div>'</script>"},
		{"div closed by an end tag in a style", "<div><style></div></style>"},
		{"div closed by an end tag in a title", "<div><title></div></title>"},
		{"svg groups", "<g>"},
		{"font", "<font>"},
		{"td in tables", "<table><tr><td>"},
	};
	for (size_t k = 0; k < sizeof deep / sizeof deep[0]; k++) {
		size_t len;
		const char *head = strcmp(deep[k].what, "svg groups") == 0
		                   ? "<html><body><svg>" : "<html><body>";
		char *s = repeat3(head, deep[k].unit, 100000, "深处的文字</body></html>", &len);
		ns_report *r;
		int rc = load(s, len, "deep.html", &r);
		expect(deep[k].what, rc, r, NS_ERR_FORMAT, "deep");
		free(s);
	}
	/* <script> with an escaped <script> inside ends at its second
	 * </script>: what lies between is text, not an end tag */
	size_t len;
	char *s = repeat3("<html><body>", "<div><script><!--<script></script></div></script>",
	                  20000, "x</body></html>", &len);
	ns_report *r;
	int rc = load(s, len, "escaped-script.html", &r);
	expect("end tags in a double-escaped script", rc, r, NS_ERR_FORMAT, "deep");
	free(s);

	/* What real pages do, many times over, is no nesting: unclosed <p>,
	 * <li>, <td>, <option>; Word's <o:p></o:p>; void elements; self-closed
	 * SVG; comments; scripts full of tags. */
	s = repeat3("<html><body><div><ul>",
	            "<p>段落<li>条目<o:p></o:p><br><img src=a.png><input>"
	            "<table><tr><td>甲<td>乙<tr><td>丙</table>"
	            "<select><option>一<option>二</select>"
	            "<svg><path d=\"M0\"/><rect/></svg><!-- <div><div> -->"
	            "<script>var s = '<div><div><span>';</script>",
	            3000, "</ul></div></body></html>", &len);
	rc = load(s, len, "wide.html", &r);
	CHECK_MSG(rc == NS_OK || rc == NS_ERR_FORMAT, "wide page: %s", ns_errmsg(ctx));
	CHECK_MSG(!strcasestr(ns_errmsg(ctx), "deep"), "a wide page refused as deep: %s",
	          ns_errmsg(ctx));
	if (r)
		ns_report_release(r);
	free(s);

	/* text nested deeper than the loader reads, but within the guard:
	 * said as such, not as "no text" */
	s = repeat3("<html><body>", "<section>", 1000, "深处的文字</body></html>", &len);
	rc = load(s, len, "deep-text.html", &r);
	expect("text past the depth read", rc, r, NS_ERR_FORMAT, "deep");
	free(s);

	/* a page without any text: no pointer arithmetic on the missing text
	 * (UBSan) and the plain message */
	static const char img[] = "<html><body><img src=a.png width=600 height=800>"
	                          "</body></html>";
	rc = load(img, sizeof img - 1, "image.html", &r);
	expect("page of an image", rc, r, NS_ERR_EMPTY, "no text");
}

/* ---- JSON ------------------------------------------------------------------- */

static void test_json(void)
{
	/* anchors are read in one pass: 100k of them load, every one read */
	enum { N = 100000 };
	size_t cap = 64 + (size_t)N * 40, n = 0;
	char *s = malloc(cap);
	n += (size_t)snprintf(s + n, cap - n, "{\"nianshen\":\"0.1.0\",\"format\":1,"
	                      "\"meta\":{\"title\":\"x\",\"year\":1e10,"
	                      "\"title_pos\":{\"line\":1e300,\"col\":-5,\"page\":2147483647.5}},"
	                      "\"sections\":{\"s1\":{\"found\":true,\"text\":\"x\",\"anchors\":[");
	for (int i = 0; i < N; i++)
		n += (size_t)snprintf(s + n, cap - n, "%s[%d,%d,1,0]", i ? "," : "", i, i + 1);
	n += (size_t)snprintf(s + n, cap - n, "]}}}");
	ns_report *r;
	int rc = load(s, n, "anchors.json", &r);
	CHECK_MSG(rc == NS_OK, "anchors.json: %s", ns_errmsg(ctx));
	if (r) {
		CHECK_INT(r->nanchors[0], N);
		/* every one read; those past the text ("x") put at its end
		 * (nsr_clamp_anchors): ns_section_pos counts the text on from
		 * an anchor without a strlen of the section, never past it */
		CHECK_INT(r->anchors[0][N - 1].byte, 1);
		CHECK_INT(r->anchors[0][N - 1].pos.line, N);
		ns_pos p = ns_section_pos(r, 0, (size_t)1 << 20);
		CHECK_INT(p.line, N);
		CHECK_INT(p.col, 1);
		/* numbers an int cannot hold read as absent, never cast (UBSan) */
		CHECK_INT(ns_report_meta(r)->year, 0);
		CHECK_INT(ns_report_meta(r)->title_pos.line, 0);
		CHECK_INT(ns_report_meta(r)->title_pos.col, 0);
		CHECK_INT(ns_report_meta(r)->title_pos.page, 0);
		ns_report_release(r);
	}
	free(s);

	static const char none[] = "{\"nianshen\":\"0.1.0\",\"format\":1}";
	rc = load(none, sizeof none - 1, "none.json", &r);
	expect("JSON model of no report", rc, r, NS_ERR_FORMAT, "not an annual report");
	static const char junk[] = "{\"nianshen\":\"0.1.0\",\"format\":1,\"meta\":7,"
	                           "\"sections\":{\"s1\":{\"anchors\":[1,\"a\",[1e20,-1e20,"
	                           "NaN]]}},\"tables\":[]}";
	rc = load(junk, sizeof junk - 1, "junk.json", &r);
	CHECK(rc != NS_OK || r != NULL);
	if (r)
		ns_report_release(r);
}

/* ---- HTML: elements past the parse's own memory cap --------------------------- */

static void test_html_elements(void)
{
	/* 600,000 <br> (2.4 MB) make a tree over the cap gumbo's pool has for
	 * a page that size: the page is too large, said as such (as the DOCX
	 * loader says of its XML), not "out of memory" -- which bounded.c
	 * blames on --max-load-memory, though raising it changes nothing */
	size_t len;
	char *s = repeat3("<html><body><h1>青岚县财政局2024年政府信息公开工作年度报告</h1>",
	                  "<br>", 600000, "</body></html>", &len);
	ns_report *r;
	int rc = load(s, len, "br.html", &r);
	expect("600k <br>", rc, r, NS_ERR_TOO_LARGE, "HTML");
	free(s);
	/* a table of more grid cells than the loader takes (35 KB: 1,100 rows
	 * of colspan=1000) is too large too, not out of memory */
	s = repeat3("<html><body><h1>青岚县财政局2024年政府信息公开工作年度报告</h1><table>",
	            "<tr><td colspan=1000>x</td></tr>", 1100, "</table></body></html>", &len);
	rc = load(s, len, "spans.html", &r);
	expect("1,100 rows of colspan=1000", rc, r, NS_ERR_TOO_LARGE, "cells after spans");
	free(s);
}

/* ---- DOCX: memory per input byte --------------------------------------------- */

static void docx_of(const char *what, const char *unit, size_t n)
{
	size_t len;
	char *xml = repeat3("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas."
	                    "openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
	                    "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
	                    unit, n, "</w:body></w:document>", &len);
	zent e[] = {{"word/document.xml", xml, len, 0}};
	size_t zlen = 0;
	char *z = make_zip(e, 1, &zlen);
	CHECK(z != NULL);
	if (z) {
		/* a small file: the tree libxml2 would build is what costs */
		CHECK_MSG(zlen * 100 < len, "[%s] %zu bytes zipped", what, zlen);
		ns_report *r;
		int rc = load(z, zlen, "empty-paragraphs.docx", &r);
		expect(what, rc, r, NS_ERR_TOO_LARGE, "XML elements");
	}
	free(z);
	free(xml);
}

static void test_docx(void)
{
	docx_of("DOCX of 2M empty paragraphs", "<w:p/>", 2000000);
	docx_of("DOCX of 1M empty runs", "<w:p><w:r/><w:r/></w:p>", 700000);
	/* the fixture, a real Word file, is far inside the budget */
	size_t len;
	char *b = slurp(NS_FIXTURES_DIR "/forms/report.docx", &len);
	ns_report *r;
	if (b) {
		int rc = load(b, len, "report.docx", &r);
		CHECK_MSG(rc == NS_OK, "report.docx: %s", ns_errmsg(ctx));
		if (r)
			ns_report_release(r);
	}
	free(b);
}

/* ---- text: lines, NUL and stray bytes, UTF-16 -------------------------------- */

static void test_lines(void)
{
	/* a row per line: more than the layout's cap is refused as too large,
	 * and says so (not "out of memory") */
	size_t len;
	char *s = repeat3("标题\n", "  \n", 1100000, "", &len);
	ns_report *r;
	int rc = load(s, len, "blank.txt", &r);
	expect("1.1M blank lines", rc, r, NS_ERR_TOO_LARGE, "lines");
	free(s);
	s = repeat3("# 标题\n", "\n", 1100000, "正文\n", &len);
	rc = load(s, len, "blank.md", &r);
	expect("1.1M blank Markdown lines", rc, r, NS_ERR_TOO_LARGE, "lines");
	free(s);
}

static double t3_total(const ns_report *r)
{
	const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
	return c && c->has_value ? c->value : -1;
}

static char *utf16(const char *u8, size_t n, const char *to, int bom, size_t *len)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	CHECK(cd != (iconv_t)-1);
	size_t cap = n * 4 + 4;
	char *out = malloc(cap), *o = out;
	if (bom) {
		int le = strcmp(to, "UTF-16LE") == 0;
		*o++ = le ? '\xFF' : '\xFE';
		*o++ = le ? '\xFE' : '\xFF';
	}
	char *in = (char *)u8;
	size_t il = n, ol = cap - 2;
	CHECK(iconv(cd, &in, &il, &o, &ol) != (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(o - out);
	return out;
}

static void test_encodings(void)
{
	size_t len;
	char *txt = slurp(NS_FIXTURES_DIR "/forms/report.txt", &len);
	if (!txt)
		return;
	ns_report *r0;
	int rc = load(txt, len, "report.txt", &r0);
	CHECK_MSG(rc == NS_OK, "report.txt: %s", ns_errmsg(ctx));
	double want = r0 ? t3_total(r0) : -2;
	CHECK(want >= 0);

	/* UTF-16, both orders, with and without a BOM: decoded */
	static const char *const forms[] = {"UTF-16LE", "UTF-16BE"};
	for (int f = 0; f < 2; f++)
		for (int bom = 0; bom < 2; bom++) {
			size_t n;
			char *u = utf16(txt, len, forms[f], bom, &n);
			ns_report *r;
			rc = load(u, n, "report-utf16.txt", &r);
			CHECK_MSG(rc == NS_OK, "%s bom=%d: %s", forms[f], bom, ns_errmsg(ctx));
			if (r) {
				CHECK_STR(ns_report_meta(r)->encoding, forms[f]);
				CHECK(t3_total(r) == want);
				CHECK(t_find_diag(r, "source.encoding", NULL) != NULL);
				ns_report_release(r);
			}
			free(u);
		}

	/* one NUL byte in the middle of line 3: loads, and says where */
	const char *l3 = txt;
	for (int k = 0; k < 2; k++)
		l3 = strchr(l3, '\n') + 1;
	/* inserted at the start of line 3 (a byte of its own, not a piece of
	 * a character) */
	size_t off = (size_t)(l3 - txt);
	char *b = malloc(len + 1);
	memcpy(b, txt, off);
	b[off] = 0;
	memcpy(b + off + 1, txt + off, len - off);
	ns_report *r;
	rc = load(b, len + 1, "nul.txt", &r);
	CHECK_MSG(rc == NS_OK, "a NUL byte: %s", ns_errmsg(ctx));
	if (r) {
		const ns_diag *d = t_find_diag(r, "source.nul", NULL);
		CHECK(d != NULL);
		if (d) {
			CHECK_INT(d->pos.line, 3);
			CHECK_INT(d->pos.col, 1);
		}
		CHECK(t3_total(r) == want);
		ns_report_release(r);
	}

	/* a stray byte in UTF-8 text: loads, the byte located exactly */
	b[off] = (char)0xFF;
	rc = load(b, len + 1, "stray.txt", &r);
	CHECK_MSG(rc == NS_OK, "a stray byte: %s", ns_errmsg(ctx));
	if (r) {
		const ns_diag *d = t_find_diag(r, "source.encoding", NULL);
		CHECK(d != NULL);
		if (d) {
			CHECK_INT(d->pos.line, 3);
			CHECK_INT(d->pos.col, 1);
			char at[32];
			snprintf(at, sizeof at, "offset %zu", off);
			CHECK_MSG(strstr(d->message, at) != NULL, "%s", d->message);
		}
		CHECK(t3_total(r) == want);
		ns_report_release(r);
	}
	free(b);

	/* too many bad bytes to mend: refused, the offset of the first bad
	 * byte exactly (it pointed past it: GB18030 read on further) */
	size_t n;
	char *bad = repeat3("", "中文的报告正文，这是第一段。\xFF", 2000, "", &n);
	size_t first = strlen("中文的报告正文，这是第一段。");
	rc = load(bad, n, "bad.txt", &r);
	char at[32];
	snprintf(at, sizeof at, "offset %zu", first);
	expect("many stray bytes", rc, r, NS_ERR_ENCODING, at);
	free(bad);

	if (r0)
		ns_report_release(r0);
	free(txt);
}

/* ---- PDF ----------------------------------------------------------------------- */

/* The UTF-8 validator every text goes through has a fast path for Han
 * characters; on random bytes (leads, continuations, ASCII mixed) it must
 * agree with the decoder character by character, the reference. */
static int valid_by_decoding(const char *s, size_t n)
{
	uint32_t cp;
	for (size_t i = 0; i < n;) {
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (!k)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

static void test_utf8_property(void)
{
	unsigned seed = 12345;
	char b[16];
	int bad = 0;
	for (int t = 0; t < 500000 && bad < 5; t++) {
		seed = seed * 1103515245u + 12345u;
		int n = (int)(seed >> 16) % 13;
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = seed >> 8;
			switch (r % 6) {
			case 0: b[i] = (char)(r >> 4 & 0x7F); break;        /* ASCII */
			case 1: case 2: b[i] = (char)(0xE0 | (r >> 4 & 15)); break; /* 3-byte leads */
			case 3: case 4: b[i] = (char)(0x80 | (r >> 4 & 63)); break; /* continuations */
			default: b[i] = (char)(r >> 4); break;              /* anything */
			}
		}
		if (nst_utf8_valid(b, (size_t)n) != valid_by_decoding(b, (size_t)n)) {
			bad++;
			CHECK_MSG(0, "nst_utf8_valid disagrees with the decoder on %d bytes", n);
		}
	}
}

/* A diagnostic longer than its buffer is cut at a character: a label
 * quoted whole (label.unknown) past 511 bytes was cut inside one, and the
 * report's JSON was no UTF-8.  elinks_blanks_skip.txt: forms/blanks_skip.html
 * through elinks 0.13.2 -dump, read as plain text (--form txt), its drawn
 * table's rows long labels of box characters. */
static void test_long_diag(void)
{
	ns_load_opts o = {0};
	o.form = NS_FORM_TXT;
	ns_report *r = NULL;
	int rc = ns_load_file(ctx, NS_FIXTURES_DIR "/tables/elinks_blanks_skip.txt", &o, &r);
	CHECK_MSG(rc == NS_OK, "elinks_blanks_skip.txt: %s", ns_errmsg(ctx));
	for (int i = 0; r && i < ns_report_ndiag(r); i++) {
		const char *m = ns_report_diag(r, i)->message;
		CHECK_MSG(nst_utf8_valid(m, strlen(m)), "diagnostic %d (%s) is no UTF-8", i,
		          ns_report_diag(r, i)->code);
	}
	char *json = r ? ns_report_to_json(r, 0) : NULL;
	CHECK(json && nst_utf8_valid(json, strlen(json)));
	ns_free(json);
	ns_report_release(r);
	/* the cut itself, at every byte of a character: a message of k ASCII
	 * bytes and then Han past the buffer */
	for (int k = 0; k < 3; k++) {
		char msg[2048];
		int o = 0;
		while (o < k)
			msg[o++] = 'x';
		while (o + 3 < (int)sizeof msg)
			o += snprintf(msg + o, sizeof msg - (size_t)o, "中");
		ns_report *q = nsr_new();
		if (!q)
			continue;
		CHECK(nsr_diag(q, NS_INFO, "t.long", (ns_pos){0, 1, 1}, NULL, "%s", msg) == 0);
		const char *m = ns_report_ndiag(q) ? ns_report_diag(q, 0)->message : "";
		CHECK_MSG(strlen(m) >= 500 && nst_utf8_valid(m, strlen(m)),
		          "a message of %d + Han cut to %zu bytes, UTF-8 %d", k, strlen(m),
		          nst_utf8_valid(m, strlen(m)));
		ns_report_release(q);
	}
}

static void test_pdf_loop(void)
{
	char pdf[1024];
	const char *o1 = "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";
	const char *o2 = "2 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 >>\nendobj\n";
	int n = snprintf(pdf, sizeof pdf, "%%PDF-1.4\n%s%s", o1, o2);
	size_t x1 = 9, x2 = 9 + strlen(o1), xref = (size_t)n;
	n += snprintf(pdf + n, sizeof pdf - (size_t)n,
	              "xref\n0 3\n0000000000 65535 f \n%010zu 00000 n \n%010zu 00000 n \n"
	              "trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
	              x1, x2, xref);
	ns_report *r;
	int rc = load(pdf, (size_t)n, "loop.pdf", &r);
	expect("page tree that loops", rc, r, NS_ERR_FORMAT, "page tree");
	CHECK_MSG(!strcasestr(ns_errmsg(ctx), "scanned"), "%s", ns_errmsg(ctx));
}

int main(void)
{
	ctx = ns_open();
	test_html_nesting();
	test_html_elements();
	test_json();
	test_docx();
	test_lines();
	test_encodings();
	test_utf8_property();
	test_pdf_loop();
	test_long_diag();
	ns_close(ctx);
	return t_done("test_hostile");
}
