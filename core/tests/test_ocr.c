/* Scanned reports made readable by OCR, as auditors do it: ocrmypdf (a
 * PDF with an invisible text layer) and tesseract to plain text
 * (fixtures/ocr/README.md).  OCR misreads; what it misreads must not
 * become a wrong figure: every value read is the document's, or the cell
 * is null with a diagnostic. */
#include "t.h"
#include "tcells.h"

#include <stdio.h>
#include <string.h>

#define DIR NS_FIXTURES_DIR "/ocr/"

static ns_report *load(ns_ctx *ctx, const char *path)
{
	ns_report *r = NULL;
	int rc = ns_load_file(ctx, path, NULL, &r);
	CHECK_MSG(rc == NS_OK, "%s: %s", path, ns_errmsg(ctx));
	return r;
}

static void has_value(const ns_report *r, const char *tb, const char *row, const char *col,
                      double v)
{
	const ns_cell *c = ns_report_cell(r, tb, row, col);
	CHECK_MSG(c && c->has_value && c->value == v, "%s.%s.%s = %s%g, expected %g", tb, row,
	          col, c && c->has_value ? "" : "(none) ", c && c->has_value ? c->value : 0, v);
}

static void row_null(const ns_report *r, const char *tb, const char *row)
{
	for (int j = 0; j < ns_table_ncols(r, tb); j++) {
		const ns_cell *c = ns_report_cell(r, tb, row, ns_table_col_id(r, tb, j));
		CHECK_MSG(!c || !c->has_value, "%s.%s.%s = %g, expected none", tb, row,
		          ns_table_col_id(r, tb, j), c->value);
	}
}

static void agency_is(const char *name, const ns_report *r, const char *want)
{
	const char *got = ns_report_meta(r)->agency;
	CHECK_MSG(got && strcmp(got, want) == 0, "%s: agency %s", name, got ? got : "-");
}

int main(void)
{
	ns_ctx *ctx = ns_open();
	ns_report *ref = load(ctx, NS_FIXTURES_DIR "/forms/report.html");
	if (!ref)
		return t_done("test_ocr");

	/* ocrmypdf's text layer: tesseract's words in GlyphLessFont, each
	 * stretched over its box on the scan.  Its glyphs' widths are no em:
	 * every word was a cell of its own, no title, heading or row label
	 * was read and the file was refused as no annual report. */
	ns_report *r = load(ctx, DIR "report_ocrmypdf.pdf");
	if (r) {
		agency_is("report_ocrmypdf.pdf", r, "青川县市场监督管理局");
		CHECK_INT(ns_report_meta(r)->year, 2024);
		static const char *const secs[] = {"s2", "s3", "s4", "s5", "s6"};
		for (int k = 0; k < 5; k++)
			CHECK_MSG(ns_report_section_by_id(r, secs[k]) && ns_report_section_by_id(r, secs[k])->found,
			          "report_ocrmypdf.pdf: %s not found", secs[k]);
		static const char *const t2[][3] = {
			{"regulations", "issued", "0"}, {"normative_documents", "issued", "3"},
			{"normative_documents", "repealed", "1"},
			{"normative_documents", "in_force", "12"}, {"licensing", "decisions", "4186"},
			{"penalty", "decisions", "263"}, {"coercion", "decisions", "37"}};
		for (size_t k = 0; k < sizeof t2 / sizeof *t2; k++)
			has_value(r, "t2", t2[k][0], t2[k][1], atof(t2[k][2]));
		has_value(r, "t3", "received", "natural_person", 58);
		CHECK(t_none_wrong("report_ocrmypdf.pdf", ref, r, NULL, NULL, 0) >= 15);
		ns_report_release(r);
	}

	/* tesseract's word boxes of Han text overlap ("青川" drawn over
	 * 60–129 pt, "县" at 86 pt): sorted by their own x the glyphs of two
	 * words interleaved, and the agency read 青县川市场监督管理局 */
	r = load(ctx, DIR "pagebreak_ocrmypdf.pdf");
	if (r) {
		agency_is("pagebreak_ocrmypdf.pdf", r, "青川县市场监督管理局");
		CHECK(t_none_wrong("pagebreak_ocrmypdf.pdf", ref, r, NULL, NULL, 0) >= 15);
		ns_report_release(r);
	}

	/* tesseract --psm 6: the table's rules read as | in some gaps and as
	 * 1 in others, "| 1 | 0 | 0 | 0 1 0 11112，" for 1 0 0 0 0 1 2: seven
	 * values that do not add up were read as the row (total 11112) */
	r = load(ctx, DIR "report_psm6.txt");
	if (r) {
		t_none_wrong("report_psm6.txt", ref, r, NULL, NULL, 0);
		row_null(r, "t3", "other_no_correction");
		CHECK(t_find_diag(r, "row.rules", "t3.other_no_correction"));
		ns_report_release(r);
	}
	ns_report_release(ref);

	/* the same in a line cut at its |s into cells (md.c), the rest of the
	 * values a cell: "| 1 | 0 | 0 | 0 10 10" for 1 0 0 0 0 0 1 had its
	 * seventh value placed by the arithmetic (total 21) */
	ref = load(ctx, NS_CORPUS_DIR "/hongze_qu_2024.pdf");
	r = ref ? load(ctx, DIR "hongze_2024_psm6.txt") : NULL;
	if (r) {
		t_none_wrong("hongze_2024_psm6.txt", ref, r, NULL, NULL, 0);
		row_null(r, "t3", "not_processed_complaint");
		CHECK(t_find_diag(r, "row.rules", "t3.not_processed_complaint"));
		ns_report_release(r);
	}
	if (ref)
		ns_report_release(ref);

	/* a header whose 法人 columns stand in another order (法律服务机构
	 * first) read in part: "自然人 证人 和 公益“商业企业 其他 计" (psm 4),
	 * "自然人法律服务科研 和会 ，，、， 总计" (ocrmypdf).  Nothing placed the
	 * columns and the template's order was taken: 法律服务机构's figures
	 * read as 商业企业's */
	ref = load(ctx, NS_FIXTURES_DIR "/forms/glued_t3.html");
	static const char *const glued[] = {DIR "glued_t3_psm4.txt", DIR "glued_t3_ocrmypdf.pdf"};
	for (int k = 0; ref && k < 2; k++) {
		r = load(ctx, glued[k]);
		if (!r)
			continue;
		t_none_wrong(glued[k], ref, r, NULL, NULL, 0);
		CHECK_MSG(t_find_diag(r, "column.order", "t3"), "%s: no column.order", glued[k]);
		has_value(r, "t3", "received", "natural_person", 58);
		has_value(r, "t3", "received", "total", 85);
		ns_report_release(r);
	}
	if (ref)
		ns_report_release(ref);
	ns_close(ctx);
	return t_done("test_ocr");
}
