/*
 * test_pdf_layout.c — the PDF loader (load/pdf.c) on the real reports of the
 * corpus (tests/corpus) and on broken files.
 *
 * Expected cells were read by eye from the rendered pages (pdftoppm), not
 * from the loader's output.  Set NS_DUMP=1 to print every rebuilt row with
 * its cells and positions.
 */
#include "load/layout.h"
#include "t.h"
#include "tlayout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const nsl_limits lim = {64LL << 20, 64LL << 20, 0};

static char *corpus(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", NS_CORPUS_DIR, name);
	char *b = t_slurp(path, len);
	CHECK_MSG(b != NULL, "cannot read %s", path);
	return b;
}

static char *fixture(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/pdf/%s", NS_FIXTURES_DIR, name);
	char *b = t_slurp(path, len);
	CHECK_MSG(b != NULL, "cannot read %s", path);
	return b;
}

/* Number of code points of a UTF-8 string. */
static int ncp(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* First row holding a cell equal to text, or -1; *at gets the cell index. */
static int find_row(const nsl_layout *l, const char *text, int *at)
{
	for (int i = 0; i < l->nrows; i++)
		for (int j = 0; j < l->rows[i].ncells; j++)
			if (strcmp(nsl_row_cell(l, &l->rows[i], j)->text, text) == 0) {
				if (at)
					*at = j;
				return i;
			}
	return -1;
}

/* The cells of row r from index `from`, joined with "|". */
static const char *cells_from(const nsl_layout *l, int r, int from)
{
	static char buf[1024];
	buf[0] = 0;
	if (r < 0)
		return "(no row)";
	for (int j = from; j < l->rows[r].ncells; j++) {
		if (j > from)
			strncat(buf, "|", sizeof buf - strlen(buf) - 1);
		strncat(buf, nsl_row_cell(l, &l->rows[r], j)->text,
		        sizeof buf - strlen(buf) - 1);
	}
	return buf;
}

/* The cells that follow the cell `label`, joined with "|". */
static const char *after(const nsl_layout *l, const char *label)
{
	int at = 0, r = find_row(l, label, &at);
	return cells_from(l, r, at + 1);
}

/* First row whose cells, joined with "|", read `joined`. */
static int find_numbers(const nsl_layout *l, const char *joined)
{
	for (int i = 0; i < l->nrows; i++)
		if (strcmp(cells_from(l, i, 0), joined) == 0)
			return i;
	return -1;
}

static const nsl_cell *first(const nsl_layout *l, int r)
{
	return nsl_row_cell(l, &l->rows[r], 0);
}

/* Invariants of every PDF layout: text rows only, no empty row or cell,
 * pages 1..npages in order, lines 1.. per page, columns as in the line
 * rebuilt by joining the cells with one space. */
static void check_positions(const nsl_layout *l, int npages)
{
	int page = 1, line = 0, bad = 0, maxpage = 0;
	for (int i = 0; i < l->nrows && !bad; i++) {
		const nsl_row *r = &l->rows[i];
		if (r->grid || r->ncells == 0) {
			bad = 1;
			break;
		}
		const nsl_cell *c = nsl_row_cell(l, r, 0);
		if (c->pos.page != page) {
			bad |= c->pos.page < page;
			page = c->pos.page;
			line = 0;
		}
		bad |= c->pos.line != ++line;
		int col = 1;
		for (int j = 0; j < r->ncells; j++) {
			c = nsl_row_cell(l, r, j);
			bad |= c->len == 0 || c->pos.page != page ||
			       c->pos.line != line || c->pos.col != col;
			col += ncp(c->text) + 1;
		}
		if (bad)
			fprintf(stderr, "bad position at row %d: p%d l%d\n", i,
			        c->pos.page, c->pos.line);
		maxpage = page;
	}
	CHECK(!bad);
	CHECK_INT(maxpage, npages);
}

static int load(const char *name, nsl_layout *l)
{
	size_t len = 0;
	char *b = corpus(name, &len);
	nsl_init(l);
	int rc = b ? nsl_load_pdf(l, b, len, &lim) : NS_ERR_IO;
	free(b);
	CHECK_MSG(rc == NS_OK, "%s: %s", name, l->errmsg);
	CHECK_STR(l->media_type, "application/pdf");
	CHECK_STR(l->encoding, "UTF-8");
	if (getenv("NS_DUMP"))
		t_dump_layout(name, l);
	return rc;
}

static void test_huaian(void)
{
	nsl_layout l;
	if (load("huaian_shi_2024.pdf", &l) == NS_OK) {
		check_positions(&l, 6);
		CHECK_STR(first(&l, 0)->text, "淮安市人民政府");
		CHECK_STR(first(&l, 1)->text, "2024年政府信息公开工作年度报告");
		/* t2: big numbers and a decimal kept whole */
		CHECK_STR(after(&l, "规章"), "1|0|11");
		CHECK_STR(after(&l, "行政规范性文件"), "8|26|66");
		CHECK_STR(after(&l, "行政许可"), "447228");
		CHECK_STR(after(&l, "行政处罚"), "3985758");
		CHECK_STR(after(&l, "行政事业性收费"), "96171.6");
		/* a caption typed with a space stays one cell */
		CHECK(find_row(&l, "第二十条第（一）项", NULL) >= 0);
		/* t3 */
		int at = 0, r = find_row(&l, "一、本年新收政府信息公开申请数量", &at);
		CHECK(r >= 0);
		CHECK_STR(after(&l, "一、本年新收政府信息公开申请数量"),
		          "3001|53|0|0|61|4|3119");
		if (r >= 0) {
			CHECK_INT(first(&l, r)->pos.page, 4);
			CHECK_INT(at, 0);
			CHECK_INT(nsl_row_cell(&l, &l.rows[r], 1)->pos.col, 18);
		}
		CHECK_STR(after(&l, "二、上年结转政府信息公开申请数量"),
		          "34|0|0|0|0|0|34");
		CHECK_STR(after(&l, "1.属于国家秘密"), "2|0|0|0|0|0|2");
		CHECK_STR(after(&l, "8.属于行政查询事项"), "105|0|0|0|0|0|105");
		CHECK_STR(after(&l, "1.本机关不掌握相关政府信息"),
		          "746|12|0|0|10|1|769");
		/* the table goes on at the top of page 5 */
		r = find_row(&l, "2.没有现成信息需要另行制作", NULL);
		CHECK(r >= 0 && first(&l, r)->pos.page == 5);
		CHECK_STR(after(&l, "2.没有现成信息需要另行制作"),
		          "11|0|0|0|0|0|11");
		CHECK_STR(after(&l, "（七）总计"), "2932|53|0|0|61|4|3050");
		CHECK_STR(after(&l, "四、结转下年度继续办理"), "103|0|0|0|0|0|103");
		/* t4: one line of 15 numbers */
		r = find_numbers(&l, "72|64|178|37|351|13|4|8|1|26|12|1|1|6|20");
		CHECK(r >= 0);
		if (r >= 0) {
			CHECK_INT(l.rows[r].ncells, 15);
			CHECK_INT(first(&l, r)->pos.page, 5);
		}
		/* the vertical header is kept, one character a line */
		CHECK(find_row(&l, "三、", NULL) >= 0);
		CHECK(find_row(&l, "度", NULL) >= 0);
		/* Latin and digits inside Han text, page numbers kept */
		CHECK(find_row(&l, "子邮箱：hazwgkc@163.com）。", NULL) >= 0);
		CHECK(find_row(&l, "-4-", NULL) >= 0);
		CHECK(find_row(&l, "-6-", NULL) >= 0);
	}
	nsl_clear(&l);
}

static void test_hongze_2023(void)
{
	nsl_layout l;
	if (load("hongze_qu_2023.pdf", &l) == NS_OK) {
		check_positions(&l, 5);
		CHECK_STR(after(&l, "行政规范性文件"), "0|5|5");
		CHECK_STR(after(&l, "行政事业性收费"), "7730.28");
		CHECK_STR(after(&l, "一、本年新收政府信息公开申请数量"),
		          "21|0|0|0|0|0|21");
		/* t3 row 1.属于国家秘密: the label and 7 numeric cells */
		int at = -1, r = find_row(&l, "1.属于国家秘密", &at);
		CHECK(r >= 0);
		if (r >= 0) {
			CHECK_INT(l.rows[r].ncells - at - 1, 7);
			CHECK_STR(after(&l, "1.属于国家秘密"), "1|0|0|0|0|0|1");
		}
		/* the label typo of the document, as printed */
		CHECK(find_row(&l, "2.其他法律行政止公开", NULL) >= 0);
		/* a label wrapped on two lines, its values centred between them:
		 * label line, value line, label line ("情 形" has a typed space) */
		r = find_row(&l, "（二）部分公开（区分处理的，只计这一情形，不", NULL);
		CHECK(r >= 0);
		if (r >= 0 && r + 2 < l.nrows) {
			CHECK_STR(cells_from(&l, r + 1, 0), "4|0|0|0|0|0|4");
			CHECK_STR(first(&l, r + 2)->text, "计其他情形）");
			CHECK_INT(first(&l, r + 1)->pos.line,
			          first(&l, r)->pos.line + 1);
		}
		CHECK_STR(after(&l, "（七）总计"), "21|0|0|0|0|0|21");
		/* t4: 15 numeric cells on one line (it does not balance: the
		 * loader keeps what is printed) */
		r = find_numbers(&l, "10|1|0|0|0|0|0|0|0|0|5|0|0|0|0");
		CHECK(r >= 0);
		if (r >= 0) {
			CHECK_INT(l.rows[r].ncells, 15);
			CHECK_INT(first(&l, r)->pos.page, 4);
		}
		/* header columns one Han character apart are separate cells */
		CHECK_STR(after(&l, "自然人"), "社会|法律|总计");
		CHECK(find_row(&l, "-5-", NULL) >= 0);
	}
	nsl_clear(&l);
}

static void test_hongze_2024(void)
{
	nsl_layout l;
	if (load("hongze_qu_2024.pdf", &l) == NS_OK) {
		check_positions(&l, 5);
		CHECK_STR(after(&l, "行政规范性文件"), "3|0|8");
		CHECK_STR(after(&l, "行政许可"), "9487");
		CHECK_STR(after(&l, "行政事业性收费"), "7545");
		CHECK_STR(after(&l, "一、本年新收政府信息公开申请数量"),
		          "95|0|0|0|0|0|95");
		CHECK_STR(after(&l, "（一）予以公开"), "50|0|0|0|0|0|50");
		CHECK_STR(after(&l, "1.本机关不掌握相关政府信息"),
		          "31|0|0|0|0|0|31");
		CHECK_STR(after(&l, "（七）总计"), "95|0|0|0|0|0|95");
		int r = find_numbers(&l, "1|1|0|0|2|1|0|0|0|1|2|0|1|0|3");
		CHECK(r >= 0 && l.rows[r].ncells == 15);
	}
	nsl_clear(&l);
}

/* ---- PDFs made here --------------------------------------------------- */

/* A small PDF of `npages` pages, each drawing `content` with Helvetica as
 * /F1 and turned by `rotate` degrees (the page's /Rotate).  Returns a
 * malloc'd buffer. */
static char *mkpdf(const char *content, int npages, int rotate, size_t *len)
{
	size_t cap = 4096 + (size_t)npages * (strlen(content) + 256);
	char *b = malloc(cap);
	long off[64];
	int nobj = 3 + 2 * npages, n = 0;
	if (!b || nobj > 64)
		return NULL;
	n += sprintf(b + n, "%%PDF-1.4\n");
	off[1] = n;
	n += sprintf(b + n, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n"
	             "endobj\n");
	off[2] = n;
	n += sprintf(b + n, "2 0 obj\n<< /Type /Pages /Count %d /Kids [",
	             npages);
	for (int i = 0; i < npages; i++)
		n += sprintf(b + n, " %d 0 R", 4 + 2 * i);
	n += sprintf(b + n, " ] >>\nendobj\n");
	off[3] = n;
	n += sprintf(b + n, "3 0 obj\n<< /Type /Font /Subtype /Type1 "
	             "/BaseFont /Helvetica >>\nendobj\n");
	for (int i = 0; i < npages; i++) {
		off[4 + 2 * i] = n;
		n += sprintf(b + n, "%d 0 obj\n<< /Type /Page /Parent 2 0 R "
		             "/MediaBox [0 0 595 842] /Rotate %d /Resources "
		             "<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>\n"
		             "endobj\n", 4 + 2 * i, rotate, 5 + 2 * i);
		off[5 + 2 * i] = n;
		n += sprintf(b + n, "%d 0 obj\n<< /Length %zu >>\nstream\n%s\n"
		             "endstream\nendobj\n", 5 + 2 * i, strlen(content),
		             content);
	}
	long xref = n;
	n += sprintf(b + n, "xref\n0 %d\n0000000000 65535 f \n", nobj);
	for (int i = 1; i < nobj; i++)
		n += sprintf(b + n, "%010ld 00000 n \n", off[i]);
	n += sprintf(b + n, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n"
	             "%ld\n%%%%EOF\n", nobj, xref);
	*len = (size_t)n;
	return b;
}

/* A table row drawn piece by piece, a wrapped line, an overprinted (fake
 * bold) word; upright and on turned pages alike. */
static void test_made(void)
{
	const char *content =
		"BT /F1 12 Tf 72 720 Td (Row one) Tj ET\n"
		"BT /F1 12 Tf 200 720 Td (10) Tj ET\n"
		"BT /F1 12 Tf 260 720 Td (1) Tj ET\n"
		"BT /F1 12 Tf 300 720 Td (3119) Tj ET\n"
		"BT /F1 12 Tf 72 700 Td (total 2024) Tj ET\n"
		"BT /F1 12 Tf 72 680 Td (Bold) Tj ET\n"
		"BT /F1 12 Tf 72.3 680 Td (Bold) Tj ET\n";
	static const int rot[] = {0, 90, 180, 270};
	for (int k = 0; k < 4; k++) {
		size_t len = 0;
		char *b = mkpdf(content, 2, rot[k], &len);
		nsl_layout l;
		nsl_init(&l);
		int rc = b ? nsl_load_pdf(&l, b, len, &lim) : NS_ERR_NOMEM;
		CHECK_MSG(rc == NS_OK, "rotate %d: %s", rot[k], l.errmsg);
		CHECK_MSG(l.nrows == 6, "rotate %d: %d rows", rot[k], l.nrows);
		if (getenv("NS_DUMP"))
			t_dump_layout("made", &l);
		if (l.nrows == 6) {
			check_positions(&l, 2);
			CHECK_STR(cells_from(&l, 0, 0), "Row one|10|1|3119");
			CHECK_INT(nsl_row_cell(&l, &l.rows[0], 3)->pos.col, 14);
			CHECK_STR(cells_from(&l, 1, 0), "total 2024");
			CHECK_STR(cells_from(&l, 2, 0), "Bold");
			CHECK_STR(cells_from(&l, 3, 0), "Row one|10|1|3119");
			CHECK_INT(first(&l, 3)->pos.page, 2);
			CHECK_INT(first(&l, 3)->pos.line, 1);
			/* the row that starts page 2 says so (a page number alone
			 * beside a page break is furniture: map.c) */
			for (int r = 0; r < 6; r++)
				CHECK_INT(l.rows[r].page_break, r == 3);
		}
		nsl_clear(&l);
		free(b);
	}
}

/* A figure wider than its table cell wraps inside it ("1312" printed as
 * "131" over "2", half a line above and below its row, which has a hole
 * there; or, text at the cells' top, "2" a line below): one figure, put
 * back into its row.  Figures of the rows above and below a blank cell are
 * a row's height apart, not a text line's, and rows a line apart have
 * labels: they stay where they are.  Figures of neighbouring narrow cells
 * a space apart are two cells. */
static void test_wrapped_figure(void)
{
	const char *content =
		"BT /F1 10 Tf 72 700 Td (received) Tj ET\n"
		"BT /F1 10 Tf 200 700 Td (5) Tj ET\n"
		"BT /F1 10 Tf 255 706 Td (131) Tj ET\n"
		"BT /F1 10 Tf 260 694 Td (2) Tj ET\n"
		"BT /F1 10 Tf 320 700 Td (7) Tj ET\n"
		/* a blank cell between two rows with figures, rows 14 pt apart */
		"BT /F1 10 Tf 72 650 Td (a) Tj ET\n"
		"BT /F1 10 Tf 200 650 Td (4) Tj ET\n"
		"BT /F1 10 Tf 260 650 Td (8) Tj ET\n"
		"BT /F1 10 Tf 72 636 Td (b) Tj ET\n"
		"BT /F1 10 Tf 200 636 Td (5) Tj ET\n"
		"BT /F1 10 Tf 72 622 Td (c) Tj ET\n"
		"BT /F1 10 Tf 200 622 Td (6) Tj ET\n"
		"BT /F1 10 Tf 260 622 Td (9) Tj ET\n"
		/* text at the cells' top: the figure's second part a line below */
		"BT /F1 10 Tf 72 580 Td (top) Tj ET\n"
		"BT /F1 10 Tf 200 580 Td (5) Tj ET\n"
		"BT /F1 10 Tf 255 580 Td (131) Tj ET\n"
		"BT /F1 10 Tf 320 580 Td (7) Tj ET\n"
		"BT /F1 10 Tf 260 568 Td (2) Tj ET\n"
		/* rows 12 pt apart: each has its label, nothing is joined */
		"BT /F1 10 Tf 72 530 Td (d) Tj ET\n"
		"BT /F1 10 Tf 200 530 Td (4) Tj ET\n"
		"BT /F1 10 Tf 72 518 Td (e) Tj ET\n"
		"BT /F1 10 Tf 200 518 Td (5) Tj ET\n"
		/* figures of neighbouring narrow cells, a space apart */
		"BT /F1 10 Tf 72 480 Td (x) Tj ET\n"
		"BT /F1 10 Tf 200 480 Td (186) Tj ET\n"
		"BT /F1 10 Tf 222 480 Td (597) Tj ET\n"
		/* tight rows, each with its label, and a group label centred
		 * between them ("（四）无" / "法提供"): no figure is wrapped */
		"BT /F1 10 Tf 72 439 Td (f) Tj ET\n"
		"BT /F1 10 Tf 200 439 Td (22) Tj ET\n"
		"BT /F1 10 Tf 260 439 Td (7) Tj ET\n"
		"BT /F1 10 Tf 40 433 Td (grp) Tj ET\n"
		"BT /F1 10 Tf 72 427 Td (h) Tj ET\n"
		"BT /F1 10 Tf 200 427 Td (18) Tj ET\n"
		"BT /F1 10 Tf 260 427 Td (8) Tj ET\n";
	size_t len = 0;
	char *b = mkpdf(content, 1, 0, &len);
	nsl_layout l;
	nsl_init(&l);
	int rc = b ? nsl_load_pdf(&l, b, len, &lim) : NS_ERR_NOMEM;
	CHECK_MSG(rc == NS_OK, "%s", l.errmsg);
	if (getenv("NS_DUMP"))
		t_dump_layout("wrapped", &l);
	CHECK_INT(l.nrows, 11);
	if (l.nrows == 11) {
		check_positions(&l, 1);
		CHECK_STR(cells_from(&l, 0, 0), "received|5|1312|7");
		CHECK_STR(cells_from(&l, 1, 0), "a|4|8");
		CHECK_STR(cells_from(&l, 2, 0), "b|5");
		CHECK_STR(cells_from(&l, 3, 0), "c|6|9");
		CHECK_STR(cells_from(&l, 4, 0), "top|5|1312|7");
		CHECK_STR(cells_from(&l, 5, 0), "d|4");
		CHECK_STR(cells_from(&l, 6, 0), "e|5");
		CHECK_STR(cells_from(&l, 7, 0), "x|186|597");
		CHECK_STR(cells_from(&l, 8, 0), "f|22|7");
		CHECK_STR(cells_from(&l, 9, 0), "grp");
		CHECK_STR(cells_from(&l, 10, 0), "h|18|8");
	}
	nsl_clear(&l);
	free(b);
}

/* Load a buffer that must fail with `want`; the message must be set. */
static void expect_fail(const char *what, const char *buf, size_t len,
                        const nsl_limits *lm, int want, const char *prefix)
{
	nsl_layout l;
	nsl_init(&l);
	int rc = nsl_load_pdf(&l, buf, len, lm);
	CHECK_MSG(rc == want, "%s: rc %d, expected %d (%s)", what, rc, want,
	          l.errmsg);
	CHECK_MSG(strncmp(l.errmsg, prefix, strlen(prefix)) == 0,
	          "%s: message \"%s\" does not start with \"%s\"", what,
	          l.errmsg, prefix);
	CHECK_INT(l.nrows, 0);
	nsl_clear(&l);
}

static void test_bad_files(void)
{
	size_t len = 0;
	char *pdf = corpus("hongze_qu_2024.pdf", &len);
	if (!pdf)
		return;
	expect_fail("empty", pdf, 0, &lim, NS_ERR_EMPTY, "empty");
	nsl_limits small = {len - 1, 0, 0};
	expect_fail("over the limit", pdf, len, &small, NS_ERR_TOO_LARGE, "PDF");
	expect_fail("truncated to half", pdf, len / 2, &lim, NS_ERR_FORMAT,
	            "bad PDF");
	/* any truncation: an error or a partial layout, never a crash */
	for (int k = 1; k < 32; k++) {
		nsl_layout l;
		nsl_init(&l);
		int rc = nsl_load_pdf(&l, pdf, len * (size_t)k / 32, &lim);
		CHECK(rc == NS_OK || rc == NS_ERR_FORMAT || rc == NS_ERR_NO_TEXT);
		nsl_clear(&l);
	}
	/* random bytes behind a PDF header */
	char junk[4096];
	unsigned x = 12345;
	memcpy(junk, "%PDF-1.7\n", 9);
	for (size_t i = 9; i < sizeof junk; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (char)(x >> 16);
	}
	expect_fail("random bytes", junk, sizeof junk, &lim, NS_ERR_FORMAT,
	            "bad PDF");
	free(pdf);

	char *enc = fixture("encrypted.pdf", &len);
	if (enc)
		expect_fail("encrypted", enc, len, &lim, NS_ERR_ENCRYPTED, "PDF");
	free(enc);
	char *scan = fixture("scanned.pdf", &len);
	if (scan)
		expect_fail("scanned", scan, len, &lim, NS_ERR_NO_TEXT,
		            "no text layer");
	free(scan);
}

/* An owner password alone (print/copy restrictions) needs no password to
 * read: the text loads.  Latin words keep their spaces. */
static void test_owner_password(void)
{
	size_t len = 0;
	char *b = fixture("owner_only.pdf", &len);
	if (!b)
		return;
	nsl_layout l;
	nsl_init(&l);
	int rc = nsl_load_pdf(&l, b, len, NULL);
	CHECK_MSG(rc == NS_OK, "owner_only.pdf: %s", l.errmsg);
	CHECK_INT(l.nrows, 2);
	if (l.nrows == 2) {
		CHECK_STR(cells_from(&l, 0, 0), "Annual report 2024");
		CHECK_STR(cells_from(&l, 1, 0), "received 3119");
		CHECK_INT(first(&l, 1)->pos.line, 2);
	}
	nsl_clear(&l);
	free(b);
}

/* The library never prints, even when GLib is asked to show poppler's
 * messages (GLib writes INFO to stdout, warnings to stderr): run the
 * damaged-file tests with both sent to a file. */
static void test_silent(void)
{
	setenv("G_MESSAGES_DEBUG", "all", 1);
	FILE *tmp = tmpfile();
	if (!tmp)
		return;
	fflush(stdout);
	fflush(stderr);
	int out = dup(1), err = dup(2);
	dup2(fileno(tmp), 1);
	dup2(fileno(tmp), 2);
	int before_fail = t_fail;
	test_bad_files();
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
	close(out);
	close(err);
	fseek(tmp, 0, SEEK_END);
	long n = ftell(tmp);
	/* failed checks print too: judge the silence of a clean run only */
	if (t_fail == before_fail)
		CHECK_MSG(n == 0, "the loader printed %ld bytes", n);
	else
		fprintf(stderr, "test_bad_files failed (its output was hidden)\n");
	fclose(tmp);
}

int main(void)
{
	test_silent();
	test_huaian();
	test_hongze_2023();
	test_hongze_2024();
	test_owner_password();
	test_made();
	test_wrapped_figure();
	return t_done("test_pdf_layout");
}
