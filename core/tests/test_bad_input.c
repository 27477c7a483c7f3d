/*
 * test_bad_input.c — inputs that are not a report, or not all of one.
 *
 * Each gives the right NS_ERR_* with a message on the context that names the
 * problem (ns_errmsg non-empty), or loads with the diagnostics that say what
 * is missing; none may crash (the ASan build runs this too).
 */
#include "nianshen.h"
#include "t.h"

#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static ns_ctx *ctx;
static char tmpdir[256];

static char *write_tmp(const char *name, const void *data, size_t len)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		if (len)
			CHECK(fwrite(data, 1, len, f) == len);
		fclose(f);
	}
	return path;
}

/* The status, a message naming the problem (case-insensitive substring;
 * any of several alternatives separated by "|"), and no report. */
static void expect_fail(const char *what, int rc, ns_report *r, int want, const char *words)
{
	const char *msg = ns_errmsg(ctx);
	CHECK_MSG(rc == want, "[%s] status %s, expected %s (message: %s)", what,
	          ns_strerror(rc), ns_strerror(want), msg);
	CHECK_MSG(ns_errcode(ctx) == rc, "[%s] ns_errcode %d, returned %d", what,
	          ns_errcode(ctx), rc);
	CHECK_MSG(r == NULL, "[%s] a report came back with an error", what);
	CHECK_MSG(msg && *msg, "[%s] empty error message", what);
	int named = 0;
	char buf[256];
	snprintf(buf, sizeof buf, "%s", words);
	for (char *w = strtok(buf, "|"); w && !named; w = strtok(NULL, "|"))
		named = msg && strcasestr(msg, w) != NULL;
	CHECK_MSG(named, "[%s] message \"%s\" does not name the problem (%s)", what,
	          msg ? msg : "", words);
	if (r && r != (ns_report *)1) /* 1: the caller's poison, never reset */
		ns_report_release(r);
}

/* ---- empty and junk -------------------------------------------------- */

static void test_empty(void)
{
	ns_report *r = (ns_report *)1;
	int rc = ns_load_file(ctx, write_tmp("empty.txt", "", 0), NULL, &r);
	expect_fail("empty file", rc, r, NS_ERR_EMPTY, "empty");

	r = (ns_report *)1;
	rc = ns_load_buffer(ctx, "", 0, "empty", NULL, &r);
	expect_fail("empty buffer", rc, r, NS_ERR_EMPTY, "empty");

	r = NULL;
	rc = ns_load_buffer(ctx, NULL, 0, "null", NULL, &r);
	expect_fail("NULL buffer of length 0", rc, r, NS_ERR_EMPTY, "empty");

	static const char ws[] = "  \n\t\n\r\n\xE3\x80\x80\n   \n";
	r = NULL;
	rc = ns_load_buffer(ctx, ws, sizeof ws - 1, "blank.txt", NULL, &r);
	expect_fail("only white space", rc, r, NS_ERR_EMPTY, "empty|no text|no content");

	static const char bom[] = "\xEF\xBB\xBF";
	r = NULL;
	rc = ns_load_buffer(ctx, bom, 3, "bom-only.txt", NULL, &r);
	expect_fail("only a BOM", rc, r, NS_ERR_EMPTY, "empty|no text|no content");

	r = NULL;
	rc = ns_load_buffer(ctx, "", 0, "empty.pdf", &(ns_load_opts){NS_FORM_PDF, 0, NULL, 0}, &r);
	expect_fail("empty, as PDF", rc, r, NS_ERR_EMPTY, "empty");
}

static void test_junk(void)
{
	unsigned char junk[4096];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof junk; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, junk, sizeof junk, "junk.bin", NULL, &r);
	expect_fail("random bytes", rc, r, NS_ERR_FORMAT, "binary|not a|bad|corrupt");

	static const unsigned char elf[] = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 3, 0, 0x3E, 0, 1, 0, 0, 0, 0x10, 0x10, 0, 0};
	r = NULL;
	rc = ns_load_file(ctx, write_tmp("a.out", elf, sizeof elf), NULL, &r);
	expect_fail("an executable", rc, r, NS_ERR_FORMAT, "binary|not a");

	/* control bytes, no NUL */
	char ctl[512];
	for (size_t i = 0; i < sizeof ctl; i++)
		ctl[i] = (char)(1 + i % 8);
	r = NULL;
	rc = ns_load_buffer(ctx, ctl, sizeof ctl, "ctl.txt", NULL, &r);
	expect_fail("control bytes", rc, r, NS_ERR_FORMAT, "binary|not a");

	/* control bytes among text, read eight bytes at a time: one in 40 (over
	 * the 2% of binary junk) is refused and one in 60 is not, wherever
	 * they fall in the eight (the line breaks and tabs of a text are no
	 * control bytes) */
	for (int at = 0; at < 8; at++)
		for (int every = 40; every <= 60; every += 20) {
			char t[1600];
			for (size_t i = 0; i < sizeof t; i++)
				t[i] = i % 3 == 2 ? '\n' : i % 5 == 4 ? '\t' : 'a' + (char)(i % 26);
			for (size_t i = (size_t)at; i < sizeof t; i += (size_t)every)
				t[i] = (char)(0x01 + i % 0x1A); /* 0x01..0x1A: \t \n \f \r too */
			r = NULL;
			rc = ns_load_buffer(ctx, t, sizeof t, "ctl.txt", NULL, &r);
			const char *msg = ns_errmsg(ctx);
			int binary = rc == NS_ERR_FORMAT && msg && strstr(msg, "binary");
			CHECK_MSG(binary == (every == 40), "[control bytes one in %d from %d] %s: %s",
			          every, at, ns_strerror(rc), msg ? msg : "");
			ns_report_release(r);
		}

	/* random bytes behind a PDF header */
	char pdf[4096];
	memcpy(pdf, "%PDF-1.7\n", 9);
	memcpy(pdf + 9, junk, sizeof pdf - 9);
	r = NULL;
	rc = ns_load_buffer(ctx, pdf, sizeof pdf, "junk.pdf", NULL, &r);
	expect_fail("junk behind %PDF-", rc, r, NS_ERR_FORMAT, "PDF");

	/* a zip that is not a DOCX, and text named .docx */
	static const char zip[] = "PK\x03\x04garbage garbage garbage";
	r = NULL;
	rc = ns_load_buffer(ctx, zip, sizeof zip - 1, "x.docx", NULL, &r);
	expect_fail("bad zip", rc, r, NS_ERR_FORMAT, "docx|zip|bad|corrupt");
	r = NULL;
	rc = ns_load_buffer(ctx, "hello", 5, "x.docx", &(ns_load_opts){NS_FORM_DOCX, 0, NULL, 0}, &r);
	expect_fail("text forced as DOCX", rc, r, NS_ERR_FORMAT, "docx|zip|bad|corrupt");
}

/* ---- encodings -------------------------------------------------------- */

static void test_encoding(void)
{
	/* 0xFF and 0x80 are not lead bytes in GB18030, nor valid UTF-8 */
	static const char bad[] = "某某乡2023年政府信息公开工作年度报告\n\xFF\xFF\x80\x80 text\n";
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, bad, sizeof bad - 1, "bad.txt", NULL, &r);
	expect_fail("invalid UTF-8, invalid GB18030", rc, r, NS_ERR_ENCODING, "UTF-8|GB18030");
	/* the message says where */
	CHECK_MSG(strstr(ns_errmsg(ctx), "0xFF") || strstr(ns_errmsg(ctx), "offset"),
	          "message \"%s\" does not locate the bad byte", ns_errmsg(ctx));

	/* the same bytes in a file */
	r = NULL;
	rc = ns_load_file(ctx, write_tmp("bad-enc.txt", bad, sizeof bad - 1), NULL, &r);
	expect_fail("invalid encoding, file", rc, r, NS_ERR_ENCODING, "UTF-8|GB18030");
}

/* s[0..n) in GB18030, malloc'd (*outn bytes); NULL when iconv cannot */
static char *to_gb18030(const char *s, size_t n, size_t *outn)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = n * 2 + 16, left = cap;
	char *out = malloc(cap), *o = out, *in = (char *)s;
	if (out && iconv(cd, &in, &n, &o, &left) == (size_t)-1) {
		free(out);
		out = NULL;
	}
	iconv_close(cd);
	*outn = cap - left;
	return out;
}

/* A file in two encodings (a crawler's UTF-8 header over a GBK page, a GBK
 * body with a UTF-8 footer): each line is read in its own, the report is
 * the one its GB18030 copy gives, and the place the encodings change is
 * said.  A line that is neither (a damaged copy's) is read with U+FFFD for
 * its bad bytes and said, at its line: it refused the file before. */
static void test_mixed_encoding(void)
{
	size_t len, gn;
	char *txt = t_corpus("yuanzhou_hechuan_xiang_2023.txt", &len);
	char *gb = txt ? to_gb18030(txt, len, &gn) : NULL;
	CHECK(gb != NULL);
	if (!gb) {
		free(txt);
		return;
	}
	static const char head[] = "来源：固原市原州区人民政府网站  发布时间：2024-01-25\n浏览次数：36\n";
	/* runs of CJK characters of even length: GB18030 reads these lines
	 * too, as other characters, and so read the whole file */
	static const char even[] = "发布时间 2024-01-25\n来源 固原市原州区政府\n";
	static const char foot[] = "\n主办单位：原州区人民政府办公室  技术支持：某某网络科技有限公司\n";
	/* a GBK line that reads as UTF-8 but for a byte (时间 → Ϣ, ͨ): no
	 * damaged UTF-8 line */
	static const char gbline[] = "\n\xCA\xB1\xBC\xE4\xA3\xBA" "2024-01-25\n"; /* 时间：2024-01-25 */
	size_t hn = sizeof head - 1, fn = sizeof foot - 1;
	char *buf = malloc(hn + gn + fn + len + 64); /* room for each case */
	CHECK(buf != NULL);
	if (!buf) {
		free(gb);
		free(txt);
		return;
	}
	static const struct { const char *what; int head, foot, junk, first_gb; } cases[] = {
		{"UTF-8 header, GB18030 body", 1, 0, 0, 3},
		{"GB18030 body, UTF-8 footer", 0, 1, 0, 1},
		{"both, and a line of neither", 1, 1, 1, 0},
		{"a UTF-8 header GB18030 reads too", 2, 0, 0, 3},
		{"a GB18030 line that is nearly UTF-8", 1, 0, 2, 3},
		{"a GB18030 line that is UTF-8's two-byte characters", 1, 0, 3, 3},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		size_t n = 0;
		if (cases[k].head) {
			const char *h = cases[k].head == 1 ? head : even;
			n = strlen(h);
			memcpy(buf, h, n);
		}
		memcpy(buf + n, gb, gn);
		n += gn;
		if (cases[k].junk == 2) {
			memcpy(buf + n, gbline, sizeof gbline - 1);
			n += sizeof gbline - 1;
		} else if (cases[k].junk == 3) {
			/* 通知 in GBK is valid UTF-8 too, as ͨ and ֪: Greek and
			 * Cyrillic letters, no witness of UTF-8 in a Chinese report */
			static const char tongzhi[] = "\n\xCD\xA8\xD6\xAA\n";
			memcpy(buf + n, tongzhi, sizeof tongzhi - 1);
			n += sizeof tongzhi - 1;
		} else if (cases[k].junk) {
			static const char junk[] = "\n\xFF\xFF\x80 junk\n";
			memcpy(buf + n, junk, sizeof junk - 1);
			n += sizeof junk - 1;
		}
		if (cases[k].foot) {
			memcpy(buf + n, foot, fn);
			n += fn;
		}
		ns_report *r = NULL;
		int rc = ns_load_buffer(ctx, buf, n, "mixed.txt", NULL, &r);
		CHECK_MSG(rc == NS_OK, "%s: %s (%s)", cases[k].what, ns_strerror(rc), ns_errmsg(ctx));
		if (r && cases[k].junk == 1) {
			/* the damaged line said first, where it is; then the change of
			 * encoding, at the first GB18030 line */
			int junk_line = 1;
			for (size_t i = 0; i + 1 < n && memcmp(buf + i, "\n\xFF", 2); i++)
				junk_line += buf[i] == '\n';
			junk_line++;
			const ns_diag *d;
			int seen = 0;
			for (int i = 0; (d = ns_report_diag(r, i)); i++) {
				if (strcmp(d->code, "source.encoding") || !strstr(d->message, "U+FFFD"))
					continue;
				seen = 1;
				CHECK_MSG(d->pos.line == junk_line && d->pos.col == 1 &&
				          strstr(d->message, "3 bytes") && strstr(d->message, "0xFF"),
				          "%s: said at %d:%d: %s", cases[k].what, d->pos.line, d->pos.col,
				          d->message);
			}
			CHECK_MSG(seen, "%s: the damaged line not said", cases[k].what);
			CHECK(t_count_diag(r, "source.encoding", NULL) == 2);
			CHECK_STR(ns_report_meta(r)->encoding, "UTF-8 and GB18030");
			CHECK_STR(ns_report_meta(r)->agency, "原州区河川乡");
			ns_report_release(r);
			continue;
		}
		if (!r)
			continue;
		CHECK_STR(ns_report_meta(r)->encoding, "UTF-8 and GB18030");
		CHECK_STR(ns_report_meta(r)->agency, "原州区河川乡");
		const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
		CHECK(c && c->has_value && c->value == 0);
		CHECK(ns_report_section_by_id(r, "s6")->found);
		if (cases[k].junk == 3) {
			const char *t6 = ns_report_section_by_id(r, "s6")->text;
			CHECK_MSG(t6 && strstr(t6, "通知") && !strstr(t6, "\xCD\xA8"),
			          "%s: the last line read as \"%s\"", cases[k].what,
			          t6 && strlen(t6) > 12 ? t6 + strlen(t6) - 12 : "");
		}
		const ns_diag *d = t_find_diag(r, "source.encoding", NULL);
		CHECK_MSG(d && d->pos.line == cases[k].first_gb,
		          "%s: the change of encoding said at line %d", cases[k].what,
		          d ? d->pos.line : -1);
		ns_report_release(r);
	}
	/* lines that end at CR alone (an old Mac export) are lines too */
	{
		memcpy(buf, head, hn);
		memcpy(buf + hn, gb, gn);
		size_t n = hn + gn;
		for (size_t i = 0; i < n; i++)
			if (buf[i] == '\n')
				buf[i] = '\r';
		ns_report *r = NULL;
		int rc = ns_load_buffer(ctx, buf, n, "cr.txt", NULL, &r);
		CHECK_MSG(rc == NS_OK && r, "lines ending at CR: %s", ns_errmsg(ctx));
		if (r) {
			CHECK_STR(ns_report_meta(r)->encoding, "UTF-8 and GB18030");
			CHECK_STR(ns_report_meta(r)->agency, "原州区河川乡");
			/* at its line, as the sections' lines are counted */
			const ns_diag *d = t_find_diag(r, "source.encoding", NULL);
			CHECK_MSG(d && d->pos.line == 3 && d->pos.col == 1, "CR lines: said at %d:%d",
			          d ? d->pos.line : -1, d ? d->pos.col : -1);
			ns_report_release(r);
		}
	}
	/* a GB18030 word in a UTF-8 text is a few bad bytes, mended as ever */
	static const char word[] = "\xCE\xE5"; /* 五 */
	memcpy(buf, txt, len);
	memcpy(buf + len, word, 2);
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, buf, len + 2, "stray.txt", NULL, &r);
	CHECK_MSG(rc == NS_OK && r, "a stray GB18030 word: %s", ns_errmsg(ctx));
	if (r) {
		CHECK_STR(ns_report_meta(r)->encoding, "UTF-8");
		ns_report_release(r);
	}
	free(buf);
	free(gb);
	free(txt);
}

/* ---- damaged copies --------------------------------------------------- */

/* buf[0..n) with `ins` inserted before the first `at` (UTF-8, as found in
 * the UTF-8 text u) — in the bytes of `enc`: malloc'd, *outn bytes; *line
 * and *col where it stands (the characters of its line before it, + 1) */
static char *damaged(const char *u, size_t un, const char *at, const char *ins, size_t insn,
                     int gb, size_t *outn, int *line, int *col)
{
	const char *p = strstr(u, at);
	CHECK(p != NULL);
	if (!p)
		return NULL;
	*line = 1;
	const char *ls = u;
	for (const char *q = u; q < p; q++)
		if (*q == '\n')
			(*line)++, ls = q + 1;
	*col = 1;
	for (const char *q = ls; q < p; q++)
		*col += ((unsigned char)*q & 0xC0) != 0x80;
	size_t hn, tn;
	char *head = gb ? to_gb18030(u, (size_t)(p - u), &hn) : NULL;
	char *tail = gb ? to_gb18030(p, un - (size_t)(p - u), &tn) : NULL;
	if (!gb) {
		hn = (size_t)(p - u), tn = un - hn;
	}
	char *out = malloc(hn + insn + tn + 1);
	memcpy(out, gb ? head : u, hn);
	memcpy(out + hn, ins, insn);
	memcpy(out + hn + insn, gb ? tail : p, tn);
	*outn = hn + insn + tn;
	free(head);
	free(tail);
	return out;
}

/* A copy damaged in a few bytes (a stray 0xFF, a character cut short) is
 * read, in UTF-8 and in GB18030 alike, the bad bytes as U+FFFD and said
 * where they are; one damaged past that (many bad bytes, or no Chinese
 * around them) is refused saying where it starts.  A GB18030 report with
 * one bad byte was refused whole before. */
static void test_damaged(void)
{
	size_t len;
	char *txt = t_corpus("yuanzhou_hechuan_xiang_2023.txt", &len);
	CHECK(txt != NULL);
	if (!txt)
		return;
	static const struct {
		const char *what, *at, *ins;
		size_t insn;
		int gb, bad;
		const char *enc, *in;
	} cases[] = {
		{"GB18030, a stray 0xFF in prose", "监督保障", "\xFF", 1, 1, 1, "GB18030", "a GB18030 text"},
		{"GB18030, a character cut short before a figure", "2023 年原州区", "\xB1", 1, 1, 1,
		 "GB18030", "a GB18030 text"},
		{"GB18030, a stray byte in a row of t3", "(一) 予以公开", "\x80", 1, 1, 1,
		 "GB18030", "a GB18030 text"},
		{"GB18030, two bad bytes on two lines", "监督保障", "\xFF", 1, 1, 1, "GB18030",
		 "a GB18030 text"},
		{"UTF-8, a character cut short", "监督保障", "\xE7\x9B", 2, 0, 2, "UTF-8",
		 "a UTF-8 text"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		size_t n;
		int line, col;
		char *b = damaged(txt, len, cases[k].at, cases[k].ins, cases[k].insn, cases[k].gb, &n,
		                  &line, &col);
		if (!b)
			continue;
		int bad = cases[k].bad, lines = 1;
		if (k == 3) { /* and a 0xFF at the end of the last line */
			b = realloc(b, n + 2);
			memcpy(b + n, "\xFF\n", 2);
			n += 2, bad++, lines++;
		}
		ns_report *r = NULL;
		int rc = ns_load_buffer(ctx, b, n, "damaged.txt", NULL, &r);
		CHECK_MSG(rc == NS_OK && r, "%s: %s", cases[k].what, ns_errmsg(ctx));
		if (r) {
			CHECK_STR(ns_report_meta(r)->encoding, cases[k].enc);
			CHECK_STR(ns_report_meta(r)->agency, "原州区河川乡");
			const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
			CHECK(c && c->has_value && c->value == 0);
			c = ns_report_cell(r, "t4", "review", "total");
			CHECK(c && c->has_value && c->value == 0);
			CHECK(ns_report_section_by_id(r, "s6")->found);
			const ns_diag *d = t_find_diag(r, "source.encoding", NULL);
			char want[160];
			snprintf(want, sizeof want, "%d byte%s no decoder reads in %s, on %d line%s",
			         bad, bad > 1 ? "s" : "", cases[k].in, lines, lines > 1 ? "s" : "");
			CHECK_MSG(d && d->severity == NS_WARNING && d->pos.line == line &&
			          d->pos.col == col && strstr(d->message, want),
			          "%s: want %d:%d \"%s\", got %d:%d \"%s\"", cases[k].what, line, col, want,
			          d ? d->pos.line : -1, d ? d->pos.col : -1, d ? d->message : "");
			/* GB18030's damage reaches back: said where it can be */
			CHECK_MSG(d && !strstr(d->message, "may be misread too") == !cases[k].gb,
			          "%s: %s", cases[k].what, d ? d->message : "");
			/* the bad byte is a U+FFFD where it stood, nothing else lost */
			const ns_section *s1 = ns_report_section_by_id(r, "s1");
			if (k == 0)
				CHECK(s1->text && strstr(s1->text, "\xEF\xBF\xBD监督保障"));
			ns_report_release(r);
		}
		free(b);
	}

	/* past mending: a bad byte every 200 (GB18030), and a stray byte in a
	 * text with no Chinese: refused, the first bad byte named */
	size_t gn;
	char *gb = to_gb18030(txt, len, &gn);
	if (gb) {
		for (size_t i = 300; i < gn; i += 200)
			gb[i] = (char)0xFF;
		ns_report *r = NULL;
		int rc = ns_load_buffer(ctx, gb, gn, "many.txt", NULL, &r);
		expect_fail("GB18030, a bad byte every 200", rc, r, NS_ERR_ENCODING, "GB18030");
		CHECK_MSG(strstr(ns_errmsg(ctx), "(0xFF)") && strstr(ns_errmsg(ctx), "offset 300"),
		          "%s", ns_errmsg(ctx));
		free(gb);
	}
	static const char ascii[] = "Annual report 2023\nreceived 12 requests \xFF granted 10\n"
	                            "Section one: this text has no Chinese in it at all.\n";
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, ascii, sizeof ascii - 1, "latin.txt", NULL, &r);
	expect_fail("no Chinese around a bad byte", rc, r, NS_ERR_ENCODING, "offset 40");
	free(txt);
}

/* ---- truncated reports ------------------------------------------------ */

static void test_truncated(void)
{
	char path[512];
	size_t len;
	char *txt = t_corpus("yuanzhou_hechuan_xiang_2023.txt", &len);
	CHECK(txt != NULL);
	if (!txt)
		return;
	/* cut inside t3, right after row （一） at a line end */
	const char *cut = strstr(txt, "(二)部分公开");
	CHECK(cut != NULL);
	if (cut) {
		ns_report *r = NULL;
		int rc = ns_load_buffer(ctx, txt, (size_t)(cut - txt), "truncated.txt", NULL, &r);
		CHECK_MSG(rc == NS_OK, "truncated text: %s (%s)", ns_strerror(rc), ns_errmsg(ctx));
		if (r) {
			CHECK_STR(ns_errmsg(ctx), "");
			CHECK_STR(ns_report_meta(r)->agency, "原州区河川乡");
			CHECK(ns_table_found(r, "t2"));
			const ns_cell *c = ns_report_cell(r, "t2", "fees", "amount");
			CHECK(c && c->has_value && c->value == 0);
			CHECK(ns_table_found(r, "t3"));
			c = ns_report_cell(r, "t3", "received", "total");
			CHECK(c && c->has_value && c->value == 0);
			c = ns_report_cell(r, "t3", "carried_forward", "total");
			CHECK(c && !c->has_value);
			CHECK(t_count_diag(r, "row.missing", "t3.carried_forward") == 1);
			CHECK(!ns_table_found(r, "t4"));
			CHECK(t_count_diag(r, "table.missing", "t4") == 1);
			CHECK(t_count_diag(r, "section.missing", "s5") == 1);
			CHECK(t_count_diag(r, "section.missing", "s6") == 1);
			CHECK(!ns_report_section_by_id(r, "s6")->found);
			ns_report_release(r);
		}
	}
	/* cut in the middle of a UTF-8 character: still UTF-8, not GB18030 */
	const char *mid = strstr(txt, "五、存在的主要问题");
	CHECK(mid != NULL);
	if (mid) {
		ns_report *r = NULL;
		size_t n = (size_t)(mid - txt) + 1; /* first byte of 五 only */
		int rc = ns_load_buffer(ctx, txt, n, "cut-in-char.txt", NULL, &r);
		CHECK_MSG(rc == NS_OK, "cut mid-character: %s (%s)", ns_strerror(rc), ns_errmsg(ctx));
		if (r) {
			CHECK_MSG(strcmp(ns_report_meta(r)->encoding, "UTF-8") == 0,
			          "a UTF-8 file cut inside its last character read as %s",
			          ns_report_meta(r)->encoding);
			CHECK_MSG(ns_report_meta(r)->agency &&
			          strcmp(ns_report_meta(r)->agency, "原州区河川乡") == 0,
			          "agency \"%s\" after a cut mid-character",
			          ns_report_meta(r)->agency ? ns_report_meta(r)->agency : "(null)");
			const ns_cell *c = ns_report_cell(r, "t4", "review", "total");
			CHECK(c && c->has_value && c->value == 0);
			/* said, as a GB18030 file cut so is: the byte of 五 left */
			const ns_diag *d = t_find_diag(r, "source.encoding", NULL);
			CHECK_MSG(d && d->severity == NS_WARNING && strstr(d->message, "1 byte no "
			          "decoder reads in a UTF-8 text") && strstr(d->message, "(0xE4)"),
			          "a UTF-8 file cut inside its last character: %s",
			          d ? d->message : "nothing said");
			ns_report_release(r);
		}
	}
	free(txt);

	/* a PDF cut in half: either what can be read of it, or NS_ERR_FORMAT */
	snprintf(path, sizeof path, "%s/hongze_qu_2024.pdf", NS_CORPUS_DIR);
	char *pdf = t_slurp(path, &len);
	CHECK(pdf != NULL);
	if (pdf) {
		static const size_t cuts[] = {9, 1000, 0};
		size_t cut_at[3] = {cuts[0], cuts[1], len / 2};
		for (int k = 0; k < 3; k++) {
			ns_report *r = NULL;
			int rc = ns_load_buffer(ctx, pdf, cut_at[k], "truncated.pdf", NULL, &r);
			if (rc == NS_OK) {
				CHECK(r != NULL);
				CHECK_STR(ns_errmsg(ctx), "");
				ns_report_release(r);
			} else {
				CHECK_MSG(rc == NS_ERR_FORMAT || rc == NS_ERR_EMPTY || rc == NS_ERR_NO_TEXT,
				          "PDF cut at %zu: %s (%s)", cut_at[k], ns_strerror(rc),
				          ns_errmsg(ctx));
				CHECK(r == NULL);
				CHECK(ns_errmsg(ctx)[0] != 0);
				CHECK(strstr(ns_errmsg(ctx), "PDF") != NULL);
			}
		}
		free(pdf);
	}
}

/* ---- a document without tables --------------------------------------- */

static void test_no_tables(void)
{
	static const char doc[] =
		"某某镇2023年政府信息公开工作年度报告\n\n"
		"本报告统计期限为2023年1月1日至12月31日。\n\n"
		"一、总体情况\n本年度主动公开信息56条。\n"
		"二、主动公开政府信息情况\n详见附件表格（图片）。\n"
		"三、收到和处理政府信息公开申请情况\n本年度未收到政府信息公开申请。\n"
		"四、政府信息公开行政复议、行政诉讼情况\n未发生行政复议、行政诉讼。\n"
		"五、存在的主要问题及改进情况\n一是……\n"
		"六、其他需要报告的事项\n无。\n";
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, doc, sizeof doc - 1, "no-tables.txt", NULL, &r);
	CHECK_MSG(rc == NS_OK, "no tables: %s (%s)", ns_strerror(rc), ns_errmsg(ctx));
	if (!r)
		return;
	CHECK_INT(t_count_diag(r, "table.missing", NULL), 3);
	CHECK_INT(t_count_diag(r, "table.missing", "t2"), 1);
	CHECK_INT(t_count_diag(r, "table.missing", "t3"), 1);
	CHECK_INT(t_count_diag(r, "table.missing", "t4"), 1);
	for (int i = 0; i < ns_report_ndiag(r); i++) {
		const ns_diag *d = ns_report_diag(r, i);
		if (strcmp(d->code, "table.missing") == 0) {
			CHECK(d->severity == NS_ERROR);
			CHECK(d->message && *d->message);
		}
	}
	CHECK(!ns_table_found(r, "t2") && !ns_table_found(r, "t3") && !ns_table_found(r, "t4"));
	const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
	CHECK(c == NULL || !c->has_value);
	CHECK_INT(ns_report_meta(r)->year, 2023);
	for (int i = 0; i < NS_NSECTIONS; i++)
		CHECK(ns_report_section(r, i)->found);
	CHECK_INT(t_count_diag(r, "section.missing", NULL), 0);
	ns_report_release(r);

	/* plain prose, nothing of a report at all: refused as not a report
	 * (it would otherwise rank as a report with every check "not assessable") */
	static const char prose[] = "This is a letter about something else entirely.\n";
	r = NULL;
	rc = ns_load_buffer(ctx, prose, sizeof prose - 1, "letter.txt", NULL, &r);
	expect_fail("prose", rc, r, NS_ERR_FORMAT, "not an annual report");
	CHECK(strstr(ns_errmsg(ctx), "letter.txt") != NULL);
}

/* ---- size limits ------------------------------------------------------ */

static void test_limits(void)
{
	char small[2048];
	memset(small, 'a', sizeof small);
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_INPUT_BYTES, 1000), NS_OK);
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, small, sizeof small, "small.txt", NULL, &r);
	expect_fail("buffer over a small limit", rc, r, NS_ERR_TOO_LARGE, "limit");
	CHECK(strstr(ns_errmsg(ctx), "1000") != NULL);
	r = NULL;
	rc = ns_load_file(ctx, write_tmp("2k.txt", small, sizeof small), NULL, &r);
	expect_fail("file over a small limit", rc, r, NS_ERR_TOO_LARGE, "limit");
	/* exactly at the limit is fine */
	static const char head[] = "某镇2023年政府信息公开工作年度报告\n";
	memcpy(small, head, sizeof head - 1);
	r = NULL;
	rc = ns_load_buffer(ctx, small, 1000, "1000.txt", NULL, &r);
	CHECK_MSG(rc == NS_OK, "a buffer at the limit: %s (%s)", ns_strerror(rc), ns_errmsg(ctx));
	if (r)
		ns_report_release(r);
	/* a corpus PDF over the limit, by file and by buffer */
	char path[512];
	snprintf(path, sizeof path, "%s/hongze_qu_2023.pdf", NS_CORPUS_DIR);
	r = NULL;
	rc = ns_load_file(ctx, path, NULL, &r);
	expect_fail("PDF over a small limit", rc, r, NS_ERR_TOO_LARGE, "limit");
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_INPUT_BYTES, 64LL << 20), NS_OK);

	/* bad limits are refused and change nothing */
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_INPUT_BYTES, 0), NS_ERR_ARG);
	CHECK(ns_errmsg(ctx)[0] != 0);
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_INPUT_BYTES, -5), NS_ERR_ARG);
	CHECK_INT(ns_limit_set(ctx, (ns_limit)99, 5), NS_ERR_ARG);
	CHECK(ns_limit_get(ctx, NS_LIMIT_INPUT_BYTES) == (64LL << 20));

	/* 100 MB with the default limit: refused without reading a byte.  The
	 * buffer is mapped PROT_NONE, so any read would fault. */
	size_t big = 100u << 20;
	void *p = mmap(NULL, big, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	CHECK(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		r = NULL;
		rc = ns_load_buffer(ctx, p, big, "huge.txt", NULL, &r);
		expect_fail("100 MB buffer", rc, r, NS_ERR_TOO_LARGE, "limit");
		CHECK(strstr(ns_errmsg(ctx), "104857600") != NULL);
		munmap(p, big);
	}
	/* a 100 MB (sparse) file: refused on its size, not read */
	const char *hp = write_tmp("huge.txt", "", 0);
	int fd = open(hp, O_WRONLY);
	CHECK(fd >= 0);
	if (fd >= 0) {
		CHECK(ftruncate(fd, (off_t)big) == 0);
		close(fd);
		r = NULL;
		rc = ns_load_file(ctx, hp, NULL, &r);
		expect_fail("100 MB file", rc, r, NS_ERR_TOO_LARGE, "limit");
		unlink(hp);
	}
}

/* ---- paths ------------------------------------------------------------ */

static void test_paths(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/no/such/report.txt", tmpdir);
	ns_report *r = (ns_report *)1;
	int rc = ns_load_file(ctx, path, NULL, &r);
	expect_fail("no such file", rc, r, NS_ERR_IO, "no such file");
	CHECK(strstr(ns_errmsg(ctx), "report.txt") != NULL);

	r = NULL;
	rc = ns_load_file(ctx, tmpdir, NULL, &r);
	expect_fail("a directory", rc, r, NS_ERR_IO, "directory|not a regular file");

	r = NULL;
	rc = ns_load_file(ctx, "/dev/null", NULL, &r);
	CHECK_MSG(rc == NS_ERR_IO || rc == NS_ERR_EMPTY, "/dev/null: %s", ns_strerror(rc));
	CHECK(r == NULL && ns_errmsg(ctx)[0]);

	/* unreadable (only when not running as root, who reads anything) */
	if (geteuid() != 0) {
		const char *p = write_tmp("secret.txt", "x", 1);
		chmod(p, 0);
		r = NULL;
		rc = ns_load_file(ctx, p, NULL, &r);
		expect_fail("unreadable file", rc, r, NS_ERR_IO, "permission");
	}
}

/* ---- JSON that is not ours -------------------------------------------- */

static void test_json(void)
{
	static const char other[] = "{\"name\": \"not a report\", \"items\": [1, 2, 3]}";
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, other, sizeof other - 1, "other.json", NULL, &r);
	expect_fail("foreign JSON", rc, r, NS_ERR_FORMAT, "nianshen");
	r = NULL;
	rc = ns_load_file(ctx, write_tmp("other.json", other, sizeof other - 1), NULL, &r);
	expect_fail("foreign JSON file", rc, r, NS_ERR_FORMAT, "nianshen");
	r = NULL;
	rc = ns_load_buffer(ctx, other, sizeof other - 1, NULL,
	                    &(ns_load_opts){NS_FORM_JSON, 0, NULL, 0}, &r);
	expect_fail("foreign JSON, form given", rc, r, NS_ERR_FORMAT, "nianshen");

	static const char wrong_format[] = "{\"nianshen\": \"0.1.0\", \"format\": 99, \"tables\": {}}";
	r = NULL;
	rc = ns_load_buffer(ctx, wrong_format, sizeof wrong_format - 1, "future.json", NULL, &r);
	expect_fail("our JSON, unknown format", rc, r, NS_ERR_FORMAT, "format");

	static const char broken[] = "{\"nianshen\": \"0.1.0\", \"format\": 1, \"meta\": {\"year\": 20";
	r = NULL;
	rc = ns_load_buffer(ctx, broken, sizeof broken - 1, "broken.json", NULL, &r);
	expect_fail("truncated JSON", rc, r, NS_ERR_FORMAT, "JSON");

	/* nested past cJSON's limit: said so, not "invalid near byte 5000" */
	char *deep = malloc(5 * 2000 + 8);
	if (deep) {
		size_t n = 0;
		for (int i = 0; i < 2000; i++, n += 5)
			memcpy(deep + n, "{\"a\":", 5);
		memcpy(deep + n, "1", 2);
		r = NULL;
		rc = ns_load_buffer(ctx, deep, n + 1, "deep.json", NULL, &r);
		expect_fail("JSON nested 2000 deep", rc, r, NS_ERR_FORMAT, "nested deeper");
		free(deep);
	}

	static const char array[] = "[{\"nianshen\": \"0.1.0\"}]";
	r = NULL;
	rc = ns_load_buffer(ctx, array, sizeof array - 1, "array.json", NULL, &r);
	expect_fail("a JSON array", rc, r, NS_ERR_FORMAT, "nianshen|JSON");

	/* ours in shape but with nonsense inside: loads, never crashes */
	static const char odd[] =
		"{\"nianshen\": \"0.1.0\", \"format\": 1, \"meta\": {\"year\": \"x\", \"agency\": 5},"
		" \"sections\": {\"s1\": {\"anchors\": [[1], \"a\", [1,2,3,4,5]]}},"
		" \"table_layout\": {\"t3\": {\"edition\": 1900, \"found\": true}},"
		" \"tables\": {\"t3\": {\"received\": {\"total\": {\"value\": \"7\"}, \"bogus\": 1}},"
		"  \"t9\": {}}, \"diagnostics\": [{\"code\": 3}, 5]}";
	r = NULL;
	rc = ns_load_buffer(ctx, odd, sizeof odd - 1, "odd.json", NULL, &r);
	if (rc == NS_OK) {
		CHECK(r != NULL);
		const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
		CHECK(c && !c->has_value); /* "7" is a string, not a number */
		CHECK(ns_report_meta(r)->agency == NULL);
		char *js = ns_report_to_json(r, 0);
		CHECK(js != NULL);
		ns_free(js);
		ns_report_release(r);
	} else {
		CHECK_MSG(rc == NS_ERR_FORMAT, "odd JSON: %s", ns_strerror(rc));
		CHECK(r == NULL && ns_errmsg(ctx)[0]);
	}
}

/* ---- bad arguments ------------------------------------------------------ */

static void test_args(void)
{
	ns_report *r = NULL;
	CHECK_INT(ns_load_file(ctx, NULL, NULL, &r), NS_ERR_ARG);
	CHECK(ns_errmsg(ctx)[0] != 0);
	CHECK_INT(ns_load_file(ctx, "x.txt", NULL, NULL), NS_ERR_ARG);
	CHECK_INT(ns_load_file(NULL, "x.txt", NULL, &r), NS_ERR_ARG);
	CHECK_INT(ns_load_buffer(NULL, "x", 1, NULL, NULL, &r), NS_ERR_ARG);
	CHECK_INT(ns_load_buffer(ctx, "x", 1, NULL, NULL, NULL), NS_ERR_ARG);
	CHECK_INT(ns_load_buffer(ctx, NULL, 5, NULL, NULL, &r), NS_ERR_ARG);
	CHECK(ns_errmsg(ctx)[0] != 0);
	CHECK(r == NULL);
	/* a success clears the message */
	static const char ok[] = "某某乡2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n";
	CHECK_INT(ns_load_buffer(ctx, ok, sizeof ok - 1, "ok.txt", NULL, &r), NS_OK);
	CHECK_STR(ns_errmsg(ctx), "");
	CHECK_INT(ns_errcode(ctx), NS_OK);
	ns_report_release(r);
}

/* ---- encrypted and scanned PDFs through the public API ---------------- */

static void test_pdf_fixtures(void)
{
	char path[512];
	ns_report *r = NULL;
	snprintf(path, sizeof path, "%s/pdf/encrypted.pdf", NS_FIXTURES_DIR);
	int rc = ns_load_file(ctx, path, NULL, &r);
	expect_fail("encrypted PDF", rc, r, NS_ERR_ENCRYPTED, "encrypt|password");
	r = NULL;
	snprintf(path, sizeof path, "%s/pdf/scanned.pdf", NS_FIXTURES_DIR);
	rc = ns_load_file(ctx, path, NULL, &r);
	expect_fail("scanned PDF", rc, r, NS_ERR_NO_TEXT, "text");
}

/* Binary bytes named like a PDF or a Word file that are neither are named
 * as such, not as text that failed to decode. */
static void test_misnamed(void)
{
	char junk[2048];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)((x = x * 1103515245u + 12345u) >> 16);
	static const char *const names[][2] = {
		{"report.pdf", "not a PDF"}, {"report.docx", "not a DOCX"}, {"report.doc", "not a Word"},
	};
	for (int k = 0; k < 3; k++) {
		ns_report *r = NULL;
		int rc = ns_load_buffer(ctx, junk, sizeof junk, names[k][0], NULL, &r);
		expect_fail(names[k][0], rc, r, NS_ERR_FORMAT, names[k][1]);
	}
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/ns-bad-input-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	ctx = ns_open();
	CHECK(ctx != NULL);
	if (!ctx)
		return t_done("test_bad_input");
	test_empty();
	test_junk();
	test_encoding();
	test_mixed_encoding();
	test_damaged();
	test_truncated();
	test_no_tables();
	test_limits();
	test_paths();
	test_json();
	test_args();
	test_pdf_fixtures();
	test_misnamed();
	ns_close(ctx);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return t_done("test_bad_input");
}
