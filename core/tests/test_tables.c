/*
 * test_tables.c — tables found by their content and read in pieces.
 *
 * The known report of fixtures/forms/ (its TXT form, whose every cell
 * test_forms.c checks against the source) is the reference.  The variants
 * in fixtures/tables/ lay the same tables out the ways real reports do:
 *
 *   pieces.md     t3 as small pipe tables of four rows, each with its own
 *                 header "类别 | 数据1 | … | 总计" (the digits of "数据1" are
 *                 a header's, not values); t4 as three small tables
 *                 (行政复议 / 未经复议直接起诉 / 复议后起诉) of five columns
 *   blankrow.md   t3 with a row left blank (四、结转下年度继续办理 over empty
 *                 cells), another blank row inside the table, and a row with
 *                 five blank cells
 *   noheading.txt the heading of section 三 removed: t3 is read where its
 *                 rows and headers are, and 三 starts with it, untitled
 *   appendix.txt  t2, t3 and t4 moved after 六 under captions
 *                 (附表一：…), their sections saying "见附表": each is read
 *                 where it stands, not under its section
 *   t2_2019.txt   (t2_2019_words.txt: the changes written 减4, 增加2, 减少1;
 *                 t2_2019_words.html the same in a table's cells)
 *                 the report for 2020 with the 2019 trial template's t2:
 *                 其他对外管理服务事项 and 政府集中采购 rows, 本年增/减 values
 *                 written with their sign, an amount written with its unit
 *                 ("251000元"): each in its own cell
 *   t4_blank.html the reference's HTML form with t4's one row of values
 *                 all "/", "—" or "无" (an agency with no case): t4 is
 *                 found, its 15 cells blank
 *   furniture.txt the reference with a browser's or printer's page furniture
 *                 that carries digits: a print stamp "2025/2/3 10:21" at a
 *                 page break inside t3, a footer "http://… 3/5", a footer
 *                 date "2025-02-03" on every page: none of them a row of
 *                 values (every t3 row after them slid down one), nor the
 *                 publication date
 *   ling.html     the reference's HTML form with zeros written 〇 and 零
 *   pipes.txt     the reference (.txt) with its table rows written as pipe
 *                 rows "| 行政处罚 | 263 |" and no delimiter row: read as
 *                 the Markdown tables they are
 *   dash.txt      the reference with t4's first value written "-": a blank,
 *                 not a page number "- 3 -" (the row of values was dropped)
 *   t4_halves.txt t4 as its two halves, 行政复议 (5 values) and 行政诉讼
 *                 (10 values under a header of both groups)
 *   tabs.txt      the reference with cells left empty between tabs, as a
 *                 row pasted from a spreadsheet leaves them (3⇥1⇥⇥⇥0): two
 *                 in t3's 上年结转, five in 1.属于国家秘密, one in t4
 *   wrap_partial.txt pdftotext -layout of a browser's print of report.html
 *                 whose narrow label column wraps （二）部分公开（…不计其他 / 情形）
 *                 with the values on its first line: read as 三（六）3 其他,
 *                 whose label ends it (部分公开 missing, 其他 given its values)
 *   t4_columns_blocks.txt pdftotext -layout of a browser's print of
 *                 report.html with t4's 复议后起诉 block printed before
 *                 未经复议直接起诉, the results' headings wrapped ("结果维" over
 *                 "持"): the blocks read in the template's order, silently
 *   t4_heads_review_low.txt the same in the template's order, 行政复议 a
 *                 line below the suits' headings (a merged cell's text
 *                 centred): the blocks were taken in the lines' order,
 *                 rotated, 12 cells wrong
 *   t4_raw_indented.txt, t4_raw_pagetop.txt pdftotext -raw of a browser's
 *                 print, 行政复议 行政诉讼 on one line, indented or atop a
 *                 page, over 未经复议直接起诉 复议后起诉: where headings
 *                 sharing a line's cell stand is no column (the blocks were
 *                 swapped, 6 cells wrong)
 *   plain_head_total.txt, plain_head_other.txt pdftotext (no -layout) of
 *                 a browser's print, t3 atop a page or its header split
 *                 over one: the header's last words 总计 / 其他, before
 *                 本年新收's values whose label stands far below, are
 *                 columns' headings, no rows (三（七）总计 or 三（六）3 其他
 *                 took 本年新收's values, silently)
 *   footer_*.txt  a printer's footer of a date and the page's number
 *                 ("2025-01-20  第 3 页 共 5 页", "2025 年 1 月 20 日 第1页共5页",
 *                 the page first) inside t3: furniture (its figures were
 *                 read as a row, 14 cells null)
 *   t4_two_years.txt, t4_this_year.html t4 with last year's row of values
 *                 above this year's ("2023年" / "2024年", 上年度 / 本年度):
 *                 this year's (the first row was read, 11 cells wrong);
 *                 t4_extra_row.md the same with no labels: the first, said
 *   t2_prev_columns.html, t2_remark_columns.html t2 with last year's
 *                 columns (上年制发件数…) or a 备注 holding figures: those
 *                 columns left out (table.columns; the rows were null)
 *   pandoc_grid.md pandoc -t markdown (grid tables, cells over several
 *                 lines) of report.html: every cell (168 were null)
 *   pandoc_plain.txt pandoc -t plain of report.html: the lines of dashes
 *                 that close each table are rules, no blank cells of its
 *                 last row (23 cells were null); t4_dash_blanks.txt one
 *                 value a line, "----" for a blank: a blank, no rule
 *   crcrlf.txt    report.txt with lines ended CR CR LF (CRLF made twice):
 *                 one line each, no blank line between
 *   dot_counts.txt counts typed with a stray point before them (".3",
 *                 ".4186"): the counts (".42", two digits, is 0.42)
 *   cr_only.txt   report.txt with lines ended by CR alone (old Mac
 *                 editors): lines (the file was one)
 *   seq_col.html  report.html with a 序号 column before t3's labels: the
 *                 row numbers 10 to 25 are no values (112 cells were null)
 *   invisible.txt report.txt with a soft hyphen in 4186 and a zero-width
 *                 space in 263: invisible, the figures whole (null before)
 *   unit_paren.html, unit_paren_space.html report.html with 4186（件） and
 *                 3.42 (万元) in t2's cells: a unit in brackets is no word
 *                 (the row was missing, its cells null)
 *   tabs_nbsp.txt tabs.txt with a no-break space in each empty field, as a
 *                 browser's copy of cells holding &nbsp; has it (its rows
 *                 were null with cell.ambiguous); tabs_emsp.txt the same
 *                 with an em space (U+2003)
 *   pageno_ff.txt the reference as pdftotext leaves page breaks in it: a
 *                 form feed after each page, and the page's number alone
 *                 on the page's last line ("5", "3\f") or its first
 *                 ("\f  7"), inside t2 and t3: no value of any row
 *   pageno_bare.txt the same page numbers with no form feed (text copied
 *                 from a PDF viewer): a number alone between blank lines,
 *                 after a row of figures and before a row of words, in t2,
 *                 t3 and after t4's row of values
 *   pageno_amid.txt page numbers alone on a line with no blank line around
 *                 them, among a row's values that lack one: after t3's
 *                 8.属于行政查询事项 written without its total, and between
 *                 t4's header and its row of values without review's total
 *                 (their sums did not hold with the number in them, and
 *                 every value after it slid into the wrong cell): read as
 *                 page numbers (cell.page_number), the totals placed by the
 *                 arithmetic (marked inferred)
 *   t4_columns_flat.txt, t4_columns_rows.txt, t4_columns_halves.txt,
 *   t4_columns_transposed.txt t4 under headings in another order than
 *                 the template's: the printed row of 15 with 总计 first in
 *                 each block; three labelled rows under one header with
 *                 总计 first; the two halves with the suits' blocks swapped
 *                 (复议后起诉 before 未经复议直接起诉); transposed, a row per
 *                 result and a column per block: each value read under its
 *                 headings (table.columns)
 *   t4_intro.txt  a sentence with numbers ("共发生…行政复议6件、行政诉讼6件，
 *                 具体如下：") and a caption "表3" between the heading of 四
 *                 and t4: their numbers are not t4's (they made its row too
 *                 long, and t4 all null)
 *   t4_columns_merged.html, t4_columns_merged.docx the template's t4 (its
 *                 merged header cells) with 总计 first / the suits' blocks
 *                 traded: a merged heading copied into each cell it covers
 *                 counts once
 *   t4_columns_rows.md, t4_columns_pieces.txt labelled rows with 总计 first
 *                 under one Markdown header, or three small tables of five
 *                 each with its own header
 *   t4_prose.txt  a sentence before t4 naming 复议后起诉 before 直接起诉:
 *                 no header, t4 read in the template's order
 *   t4_layout_heads.txt pdftotext -layout of labelled rows with 总计 a line
 *                 above the other headings: the order read from the header
 *                 is wrong, the sums hold as printed, t4 read as printed
 *   t4_wrapped_wrong.txt t4's last value wrapped onto a line of its own
 *                 (no blank line above it) and wrong: the report's value,
 *                 never taken for a page's number
 *   numbers_space.txt t3's row labels numbered with a space for the dot
 *                 ("1 属于国家秘密"): a number that starts its line, a label
 *                 after it, numbers the label (it was read as the row
 *                 above's value, and every row after it slid)
 *   t2_note.txt   a note under t2 naming its columns in another order
 *                 (注：现行有效件数为…，本年制发件数、本年废止件数为…): the
 *                 header line, the first line of headings, orders them
 *   unit_space.txt, t4_unit_space.txt values with their unit after a
 *                 space ("263 件", t4's first value "3 件"): no label
 *                 numbered, no words before t4's values
 *   t4_layout_heads_ones.txt t4_layout_heads.txt with rows "1 0 0 0 1",
 *                 which add up in either order: 总计 a line above the other
 *                 headings orders nothing
 *   wan.txt       行政许可 written "0.4186万" (a count in 万: 4186) and the
 *                 fee "3.42万" (its column's unit already: 3.42), cell.unit
 *   t2_columns.txt t2's columns 现行有效件数 first: read under the header
 *                 line that names the three (table.columns)
 *   columns.html  the reference's HTML form with t3's columns in another
 *                 order under its two-row header (总计, the five 法人或其他
 *                 组织 columns and a 小计 of them, 自然人 last): each value
 *                 is read under its heading, 小计 left out (table.columns)
 *   columns_heji.html, columns_heji.txt the same with the subtotal headed
 *                 合计 (beside 总计, or under 法人或其他组织: not t3's total)
 *   columns_tabs.txt the same columns in the reference's tab-separated
 *                 text: its header's two lines (总计, 法人或其他组织, 自然人
 *                 over the five and 小计) tell the order
 *
 *   pdf_plain.txt the reference's PDF through `pdftotext` (no -layout): t3's
 *                 and t4's values in reading order, apart from their labels
 *                 (clumped elsewhere), a page's edge between two values of
 *                 t3: read as streams in the template's order (table.stream);
 *                 pdf_plain_unbalanced.txt the same with one value changed:
 *                 t3's sums fail, it is not read so
 *   hongze_2023_plain.txt tests/corpus/hongze_qu_2023.pdf through `pdftotext`:
 *                 rows that stand close come a column at a time (seven
 *                 blocks of ten figures): t3 and t4 as the PDF reads them
 *
 *   browser_print.txt the reference's HTML printed to PDF by Chromium with
 *                 its header and footer ("12/4/26, 4:07 PM" and the title
 *                 atop every page, the file's address and "1/5" under it),
 *                 through `pdftotext -layout`: the running header is no
 *                 row of t3 where a page breaks inside it (its figures
 *                 took other_unpaid_fee the row above's values)
 *   mineru.md, div_table.md the reference as PDF-to-Markdown converters
 *                 write it, each table an HTML block wrapped in
 *                 <html><body>…</body></html> (MinerU) or a <div
 *                 align="center">: read as the tables they are (the markup
 *                 was read as text: t2 given a colspan's 3, t3 and t4 null)
 *   merged_copies.md the reference's tables as pandas.read_html writes
 *                 them to Markdown: a merged cell's value in each cell it
 *                 spans ("| 行政许可 | 4186 | 4186 | 4186 |"): one value
 *   title_*.txt, glued_chrome.txt, s6_*.txt, fee_wan_*.txt,
 *   pdf_plain_blank_rows.txt, glued_t3_note.txt what a review of the
 *                 heuristics here found them doing to documents they must
 *                 leave be: the county government's report in a sidebar
 *                 taking the title, 六 cut at a footer word of its own
 *                 prose or of its own line, "万 元" read as 元, a 2021 t3
 *                 with two blank rows read as a 2019 one, a note after a
 *                 glued t3 making the whole table a sentence
 *   title_gongzuo_*.txt the title "…2024年度政府信息公开工作报告" (one line,
 *                 two): read as the title
 *   title_guanyu_*.txt a 公文's title "…关于2024年度政府信息公开工作情况的
 *                 报告", "…关于2024年政府信息公开工作的报告": the title (none)
 *   title_wrap_name*.txt, title_stamp.txt a large title wrapped inside its
 *                 name ("…工作年" / "度报告", "…年度报" / "告"), under a
 *                 browser's running header with its print stamp ("12/4/26,
 *                 9:18 PM  青川县…"): the title, without the stamp (it was
 *                 none, or the header's, the stamp read as the agency)
 *   notitle_wrap*.txt no title, the opening paragraph wrapped at 24, 27, 42
 *                 characters: no title nor agency taken from its lines
 *   date_sign_oneline.txt, date_bracket.txt the agency and the date on one
 *                 line under the report; 【发布时间：…】 atop it: the date;
 *                 date_appendix.html (and appendix.txt) attachments after
 *                 the signature: its date
 *   fee_dot.txt   report.txt with its fee typed ".42": 0.42, not 42
 *   ocr_digits.txt report.txt as OCR gives it (cells a space apart) with
 *                 six figures garbled ("S8", "8S", "Z63", "1Z", "41,86",
 *                 "3. 42"): those cells null, the rest as printed
 *   fee_yuan.txt  t2's fee column headed 本年收费金额（单位：元） over 34200:
 *                 kept as printed, said (column.unit)
 *   prose.txt, prose.html a sentence counting what the table counts before
 *                 t2 ("公示行政许可5200，行政处罚310，行政强制40。") and
 *                 before t3 ("共新收…申请85件，上年结转…4件，…"): a
 *                 sentence's figures are no row's (they took t2's rows, the
 *                 table's own then matched none; t3's rows went null);
 *                 prose_only.txt t2 given by the sentence alone: not found
 *
 *   w3m.txt, elinks.txt, links.txt report.html as text browsers dump it
 *                 (w3m 0.5.3 `w3m -dump -T text/html -I UTF-8 -O UTF-8`,
 *                 elinks 0.13.2 `elinks -dump -dump-charset utf-8
 *                 -no-numbering -no-references`, links 2.28 `links -dump
 *                 -codepage utf-8`; Debian 12): tables drawn with
 *                 box-drawing characters (┌─┬┐ │ ├─┼┤), or ASCII (+---+
 *                 around, |---+---| between rows), a cell's text wrapped
 *                 over several lines, merged labels cut at the rows' rules
 *                 ("（四" / "）无" / "法提" / "供"): read as the grids they
 *                 are (as text, links' every cell was null, w3m's 238,
 *                 elinks' 262; links' tables were one cell)
 *   pandoc_md.txt report.html through pandoc 2.17 `pandoc -f html -t
 *                 markdown`, saved as .txt (read as plain text: its tables
 *                 are pandoc's simple tables, columns of spaces): the
 *                 headings' marks "# " and "## " no words (the agency was
 *                 read "#青川县市场监督管理局")
 *   w3m_glued_t3.txt, elinks_glued_t3_middle.txt, elinks_glued_t4.txt,
 *   gfm_glued_t3.md forms/glued_t3.html, glued_t3_middle.html and
 *                 glued_t4.html (t3's 法人 columns, t4's suits in another
 *                 order) dumped the same way, and through pandoc 2.17
 *                 `pandoc -f html -t gfm` (its pipe table writes 自然人 and
 *                 总计 once, in the header's upper row, the five in the
 *                 lower): read under their headings (the template's order
 *                 was taken, 22 cells of t3 or 10 of t4 wrong, silently;
 *                 the header's rows are narrower or wider than the rows of
 *                 values, whose group labels take one column or two)
 *   lynx_glued_t3.txt, pandoc_md_glued_t3_middle.md glued_t3.html through
 *                 lynx 2.9.0 (`lynx -dump -nolist -assume_charset=utf-8
 *                 -display_charset=utf-8`) and glued_t3_middle.html through
 *                 `pandoc -f html -t markdown` (a simple table, columns of
 *                 spaces): the header's headings one space apart in one
 *                 cell ("自然人 法人或其他组织 总计" / "法律服务机构 科研机构
 *                 社会公益组织 商业企业 其他"), read as the headings they are
 *                 (the template's order was taken, 22 and 38 cells wrong)
 *   links_glued_t3_middle.txt glued_t3_middle.html through links: the
 *                 header's upper rows a cell per column of 法人或其他组织's
 *                 width ("| |自然人|------|总计|"), the five in cells of
 *                 their own below: 自然人 and 总计 placed beside the five
 *                 (the template's order was taken, 38 cells wrong)
 *   soffice_t4_columns_merged.txt, docx2txt_t4_columns_merged.txt
 *                 t4_columns_merged.docx (the suits' blocks traded) to text
 *                 by LibreOffice 7.4 (`soffice --headless --convert-to
 *                 "txt:Text (encoded):UTF8"`) and docx2txt 1.4: a cell a
 *                 line, each heading alone on its line in the table's order
 *                 (复议后起诉 before 未经复议直接起诉): read under them (the
 *                 template's order was taken, 10 cells wrong, silently)
 *   pdftotext_pagebreak.txt, pdftotext_blanks_top.txt,
 *   pdftotext_blanks_mid.txt, pdftotext_blanks_dash.txt,
 *   pdftotext_glued_t4.txt, pdftotext_typo_item.txt,
 *   pdftotext_blanks_skip.txt, pdftotext_glued_t3.txt,
 *   pdftotext_huaian_2024.txt forms/pagebreak.pdf, blanks_top.pdf,
 *                 blanks_mid.pdf, blanks_dash.pdf, glued_t4.pdf,
 *                 typo_item.pdf, blanks_skip.pdf, glued_t3.pdf and
 *                 tests/corpus/huaian_shi_2024.pdf through
 *                 plain `pdftotext FILE.pdf` (poppler 22.12, Debian 12;
 *                 reading order, no -layout): each word and value on a line
 *                 of its own, labels centred in their cells after their
 *                 values ("0|0|0|规章|3|1|12|行政|规范|性文|件"), t4's
 *                 values cut into pieces by its header's lines ("未经复议直接
 *                 起诉" / "总计 结果 结果 其他 尚未" / "维持 纠正 结果 审结" /
 *                 "6 2 1 1", 6 行政复议's 总计), zeros left blank missing:
 *                 no cell other than the PDF's (t2's rows were given the
 *                 next row's values, t4's rows the pieces', t3's rows
 *                 values after a column of labels or a neighbour's; 2 to
 *                 22 cells wrong each, silently)
 *   w3m_small.txt docx/report_small.html through w3m: 三（三）1's row
 *                 "三、本年度办 |  | 1.属于国家秘密 | 0 |  | 0 …", the empty
 *                 cell between the merged labels taken for a blank value
 *                 (the row unread, label.unknown)
 *   pypdf_huaian_2024.txt, pypdf_hongze_2024.txt tests/corpus/
 *                 huaian_shi_2024.pdf and hongze_qu_2024.pdf through pypdf
 *                 3.4.1 (Debian python3-pypdf: PdfReader(f).pages, each
 *                 page's extract_text(), joined by "\n"), read against the
 *                 PDFs themselves (test_corpus checks those by eye): each
 *                 page's number "-N-" glued before its first line
 *                 ("-1-淮安市人民政府", the title; "-5-法提供2.没有现成信息
 *                 需要另行制作11 0 0 0 0 0 11", a row of t3 after a page
 *                 break), the agency read "-1-淮安市人民政府" and the rows
 *                 after a page break null; t4's printed row glued
 *                 ("726417837351134812612116 20": too many splits for the
 *                 solver's steps, null; its last block has three readings
 *                 and stays null), hongze's "110021000120103"
 *
 * Every cell of every variant must equal the reference, except the cells a
 * variant leaves blank, which must be blank (no value, a cell.blank
 * diagnostic), never missing or guessed.
 */
#include "nianshen.h"
#include "t.h"
#include "tcells.h"

#include <stdio.h>
#include <string.h>

#define DIR NS_FIXTURES_DIR "/tables/"

static ns_report *load(ns_ctx *ctx, const char *path)
{
	ns_report *r = NULL;
	int rc = ns_load_file(ctx, path, NULL, &r);
	CHECK_MSG(rc == NS_OK, "%s: %s", path, ns_errmsg(ctx));
	return r;
}

/* The fixture reads with no agency (period: no statistics period), and a
 * diagnostic says so. */
/* A fixture of this directory, loaded. */
static ns_report *load_in(ns_ctx *ctx, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s%s", DIR, name);
	return load(ctx, path);
}

static int ends_with_str(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);
	return n >= k && strcmp(s + n - k, end) == 0;
}

static void meta_none(ns_ctx *ctx, const char *file, int period)
{
	char path[512];
	snprintf(path, sizeof path, "%s%s", DIR, file);
	ns_report *r = load(ctx, path);
	if (!r)
		return;
	const ns_meta *m = ns_report_meta(r);
	const char *got = period ? m->period : m->agency;
	CHECK_MSG(got == NULL, "%s: %s %s", file, period ? "period" : "agency", got);
	CHECK(t_find_diag(r, period ? "meta.period" : "meta.agency", NULL));
	ns_report_release(r);
}

/* The fixture reads with agency `want`. */
static void meta_agency(ns_ctx *ctx, const char *file, const char *want)
{
	ns_report *r = load_in(ctx, file);
	if (!r)
		return;
	const char *got = ns_report_meta(r)->agency;
	CHECK_MSG(got && strcmp(got, want) == 0, "%s: agency %s", file, got ? got : "-");
	ns_report_release(r);
}

/* Every cell of ref as r reads it.  strict: the cells `blank` lists are
 * blank with cell.blank, and the inferred are those `inferred` lists;
 * else the cells `blank` lists hold no value, and only values count (a
 * reference cell without one is passed over). */
static void same_table(const char *name, const ns_report *ref, const ns_report *r,
                       const char *tb, const char *const *blank, const char *const *inferred,
                       int strict)
{
	CHECK_MSG(!ns_table_found(ref, tb) || ns_table_found(r, tb), "%s: %s not found", name, tb);
	for (int i = 0; i < ns_table_nrows(ref, tb); i++) {
		const char *row = ns_table_row_id(ref, tb, i);
		for (int j = 0; j < ns_table_ncols(ref, tb); j++) {
			const char *col = ns_table_col_id(ref, tb, j);
			const ns_cell *want = ns_report_cell(ref, tb, row, col);
			const ns_cell *got = ns_report_cell(r, tb, row, col);
			if (!want || (!strict && !want->has_value))
				continue;
			char where[128];
			snprintf(where, sizeof where, "%s.%s.%s", tb, row, col);
			if (t_listed(blank, tb, row, col, 0)) {
				if (strict)
					CHECK_MSG(got && !got->has_value && t_find_diag(r, "cell.blank", where),
					          "%s: %s should be blank with cell.blank", name, where);
				else
					CHECK_MSG(!got || !got->has_value, "%s: %s = %g, expected none", name,
					          where, got->value);
				continue;
			}
			CHECK_MSG(got && got->has_value && want->has_value &&
			          got->value == want->value &&
			          (!strict || !got->inferred == !t_listed(inferred, tb, row, col, 0)),
			          "%s: %s = %s%g, expected %g", name, where,
			          got && got->has_value ? "" : "(none) ",
			          got && got->has_value ? got->value : 0, want->value);
		}
	}
}

/* Every cell of `pdf` (a document of the corpus) as `txt` (its text as
 * an extractor gives it) reads it, but for those `none` lists ("t4.row"
 * or "t4.row.col"), which hold no value; and the same agency. */
static void same_as_pdf(ns_ctx *ctx, const char *txt, const char *pdf,
                        const char *const *none)
{
	ns_report *ref = load(ctx, pdf), *r = load_in(ctx, txt);
	static const char *const tables[] = {"t2", "t3", "t4"};
	for (int t = 0; ref && r && t < 3; t++)
		same_table(txt, ref, r, tables[t], none, NULL, 0);
	if (ref && r) {
		const char *a = ns_report_meta(r)->agency, *b = ns_report_meta(ref)->agency;
		CHECK_MSG(a && b && strcmp(a, b) == 0, "%s: agency %s", txt, a ? a : "-");
	}
	if (ref)
		ns_report_release(ref);
	if (r)
		ns_report_release(r);
}

/* t_none_wrong of `txt` (a PDF's text in its reading order, which leaves
 * many cells unread) against the PDF `pdf`, for the tables `tables`. */
static void none_wrong(ns_ctx *ctx, const char *txt, const char *pdf, const char *tables,
                       const char *const *right)
{
	ns_report *ref = load(ctx, pdf), *r = load_in(ctx, txt);
	t_none_wrong(txt, ref, r, tables, right, 1);
	if (ref)
		ns_report_release(ref);
	if (r)
		ns_report_release(r);
}

static void same_cells(const char *name, const ns_report *ref, const ns_report *r,
                       const char *const *blank, const char *const *inferred)
{
	static const char *const tables[] = {"t2", "t3", "t4"};
	for (int t = 0; t < 3; t++)
		same_table(name, ref, r, tables[t], blank, inferred, 1);
}

int main(void)
{
	ns_ctx *ctx = ns_open();
	ns_report *ref = load(ctx, NS_FIXTURES_DIR "/forms/report.txt");
	if (!ref)
		return t_done("test_tables");

	ns_report *r = load(ctx, DIR "pieces.md");
	if (r) {
		same_cells("pieces.md", ref, r, NULL, NULL);
		CHECK(!t_find_diag(r, "label.unknown", NULL));
		CHECK(!t_find_diag(r, "row.long", NULL));
		ns_report_release(r);
	}

	static const char *const blank[] = {
		"t3.carried_forward", "t3.not_processed_publication",
		"t3.carried_over.business", "t3.carried_over.research",
		"t3.carried_over.social_org", "t3.carried_over.legal_service",
		"t3.carried_over.other_org", NULL};
	r = load(ctx, DIR "blankrow.md");
	if (r) {
		same_cells("blankrow.md", ref, r, blank, NULL);
		CHECK(!t_find_diag(r, "row.missing", NULL));
		ns_report_release(r);
	}

	r = load(ctx, DIR "noheading.txt");
	if (r) {
		same_cells("noheading.txt", ref, r, NULL, NULL);
		CHECK(!t_find_diag(r, "table.located", "t2"));
		/* 三 is where its table is: t2's rows stay 二's */
		CHECK(t_find_diag(r, "section.untitled", "s3"));
		const ns_section *s3 = ns_report_section_by_id(r, "s3");
		CHECK(s3->found && !s3->title && s3->text &&
		      strncmp(s3->text, "（本列数据的勾稽关系为", strlen("（本列数据的勾稽关系为")) == 0);
		CHECK(!t_find_diag(r, "row.missing", NULL));
		const ns_section *s2 = ns_report_section_by_id(r, "s2");
		CHECK(strstr(s2->text, "3.42") && !strstr(s2->text, "申请人情况"));
		ns_report_release(r);
	}

	r = load(ctx, DIR "appendix.txt");
	if (r) {
		same_cells("appendix.txt", ref, r, NULL, NULL);
		CHECK(t_find_diag(r, "table.located", "t2"));
		CHECK(t_find_diag(r, "table.located", "t3"));
		CHECK(t_find_diag(r, "table.located", "t4"));
		ns_report_release(r);
	}

	/* t2_2019_words.txt: the changes written 减4, 增加2, 减少1 */
	static const char *const t2_2019[] = {"t2_2019.txt", "t2_2019_words.txt",
		"t2_2019_words.html"};
	for (int words = 0; words < 3; words++) {
		r = load(ctx, words == 2 ? DIR "t2_2019_words.html"
		              : words ? DIR "t2_2019_words.txt" : DIR "t2_2019.txt");
		if (r) {
			static const struct { const char *row, *col; double v; } t2[] = {
				{"regulations", "made", 0}, {"regulations", "published", 0},
				{"regulations", "public_total", 0}, {"normative_documents", "made", 3},
				{"normative_documents", "published", 3}, {"normative_documents", "public_total", 12},
				{"licensing", "prev_items", 56}, {"licensing", "change", -4},
				{"licensing", "decisions", 4186}, {"other_services", "prev_items", 12},
				{"other_services", "change", 2}, {"other_services", "decisions", 35},
				{"penalty", "prev_items", 18}, {"penalty", "change", 0},
				{"penalty", "decisions", 263}, {"coercion", "prev_items", 5},
				{"coercion", "change", -1}, {"coercion", "decisions", 37},
				{"fees", "prev_items", 3}, {"fees", "change", -3},
				{"procurement", "items", 7}, {"procurement", "amount", 251000},
			};
			CHECK_INT(ns_table_edition(r, "t2"), 2019);
			for (size_t i = 0; i < sizeof t2 / sizeof *t2; i++) {
				const ns_cell *c = ns_report_cell(r, "t2", t2[i].row, t2[i].col);
				CHECK_MSG(c && c->has_value && c->value == t2[i].v && !c->inferred,
				          "%s: t2.%s.%s = %g, expected %g",
				          t2_2019[words], t2[i].row, t2[i].col,
				          c && c->has_value ? c->value : -999, t2[i].v);
			}
			const ns_cell *amount = ns_report_cell(r, "t2", "procurement", "amount");
			CHECK(amount && amount->raw && strcmp(amount->raw, "251000元") == 0);
			CHECK(t_find_diag(r, "cell.unit", "t2.procurement.amount"));
			ns_report_release(r);
		}
	}

	/* variants read cell for cell as the reference, but for the cells
	 * they leave blank, each without a diagnostic its fix took away */
	static const char *const tab_blank[] = {
		"t3.carried_over.research", "t3.carried_over.social_org",
		"t3.refused_state_secret.business", "t3.refused_state_secret.research",
		"t3.refused_state_secret.social_org", "t3.refused_state_secret.legal_service",
		"t3.refused_state_secret.other_org", "t4.suit_direct.corrected", NULL};
	static const char *const t4_rows[] = {"t4.review", "t4.suit_direct",
	                                      "t4.suit_after_review", NULL};
	static const char *const first_t4[] = {"t4.review.upheld", NULL};
	static const char *const amid_inferred[] = {"t3.refused_inquiry.total", "t4.review.total",
	                                            NULL};
	static const struct {
		const char *file;
		const char *const *blank;
		const char *absent; /* a diagnostic code it must not have */
		const char *const *inferred; /* cells placed by the arithmetic */
	} variants[] = {
		{"t4_blank.html", t4_rows, "table.missing", NULL},
		{"furniture.txt", NULL, "label.unknown", NULL},
		{"ling.html", NULL, "row.missing", NULL},
		{"pipes.txt", NULL, "label.unknown", NULL},
		{"tabs.txt", tab_blank, "row.short", NULL},
		{"tabs_nbsp.txt", tab_blank, "cell.ambiguous", NULL},
		{"tabs_emsp.txt", tab_blank, "cell.ambiguous", NULL},
		{"dash.txt", first_t4, "table.missing", NULL},
		{"t4_halves.txt", NULL, "cell.ambiguous", NULL},
		{"columns.html", NULL, "row.long", NULL},
		{"columns_tabs.txt", NULL, "row.long", NULL},
		{"columns_heji.html", NULL, "row.long", NULL},
		{"columns_heji.txt", NULL, "row.long", NULL},
		{"pageno_ff.txt", NULL, "row.long", NULL},
		{"pageno_bare.txt", NULL, "row.long", NULL},
		{"pageno_amid.txt", NULL, "cell.ambiguous", amid_inferred},
		{"t4_intro.txt", NULL, "row.long", NULL},
		{"numbers_space.txt", NULL, "row.long", NULL},
		{"t4_columns_merged.html", NULL, "cell.ambiguous", NULL},
		{"t4_columns_merged.docx", NULL, "cell.ambiguous", NULL},
		{"t4_columns_rows.md", NULL, "cell.ambiguous", NULL},
		{"t4_columns_pieces.txt", NULL, "cell.ambiguous", NULL},
		{"t4_prose.txt", NULL, "table.columns", NULL},
		{"wan.txt", NULL, "row.missing", NULL},
		{"t2_note.txt", NULL, "table.columns", NULL},
		{"unit_space.txt", NULL, "row.missing", NULL},
		{"t4_unit_space.txt", NULL, "cell.ambiguous", NULL},
		{"t4_layout_heads.txt", NULL, "table.columns", NULL},
		{"t2_columns.txt", NULL, "cell.ambiguous", NULL},
		{"t4_columns_flat.txt", NULL, "cell.ambiguous", NULL},
		{"t4_columns_rows.txt", NULL, "cell.ambiguous", NULL},
		{"t4_columns_halves.txt", NULL, "cell.ambiguous", NULL},
		{"t4_columns_transposed.txt", NULL, "cell.ambiguous", NULL},
		{"pdf_plain.txt", NULL, "row.long", NULL},
		{"prose.txt", NULL, "label.unknown", NULL},
		{"prose.html", NULL, "row.missing", NULL},
		{"browser_print.txt", NULL, "label.unknown", NULL},
		{"mineru.md", NULL, "label.unknown", NULL},
		{"div_table.md", NULL, "label.unknown", NULL},
		{"merged_copies.md", NULL, "row.long", NULL},
		{"wrap_partial.txt", NULL, "row.missing", NULL},
		{"t4_columns_blocks.txt", NULL, "cell.ambiguous", NULL},
		{"t4_heads_review_low.txt", NULL, "cell.ambiguous", NULL},
		{"t4_raw_indented.txt", NULL, "cell.ambiguous", NULL},
		{"plain_head_total.txt", NULL, "row.long", NULL},
		{"unit_paren.html", NULL, "row.missing", NULL},
		{"invisible.txt", NULL, "row.long", NULL},
		{"seq_col.html", NULL, "label.unknown", NULL},
		{"cr_only.txt", NULL, "row.long", NULL},
		{"crcrlf.txt", NULL, "row.long", NULL},
		{"dot_counts.txt", NULL, "row.long", NULL},
		{"pandoc_plain.txt", NULL, "row.long", NULL},
		{"pandoc_grid.md", NULL, "label.unknown", NULL},
		{"t2_prev_columns.html", NULL, "row.long", NULL},
		{"t2_remark_columns.html", NULL, "row.long", NULL},
		{"t4_two_years.txt", NULL, "table.rows", NULL},
		{"t4_this_year.html", NULL, "table.rows", NULL},
		{"footer_date_page.txt", NULL, "row.long", NULL},
		{"footer_date_page_layout.txt", NULL, "row.long", NULL},
		{"footer_page_date.txt", NULL, "label.unknown", NULL},
		{"unit_paren_space.html", NULL, "row.missing", NULL},
		{"plain_head_other.txt", NULL, "row.long", NULL},
		{"t4_raw_pagetop.txt", NULL, "cell.ambiguous", NULL},
		{"w3m.txt", NULL, "label.unknown", NULL},
		{"elinks.txt", NULL, "label.unknown", NULL},
		{"links.txt", NULL, "label.unknown", NULL},
		{"pandoc_md.txt", NULL, "label.unknown", NULL},
		{"soffice_t4_columns_merged.txt", NULL, "cell.ambiguous", NULL},
		{"docx2txt_t4_columns_merged.txt", NULL, "cell.ambiguous", NULL},
	};
	for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
		r = load_in(ctx, variants[i].file);
		if (!r)
			continue;
		same_cells(variants[i].file, ref, r, variants[i].blank, variants[i].inferred);
		CHECK_MSG(!variants[i].inferred == !t_find_diag(r, "cell.page_number", NULL),
		          "%s: cell.page_number", variants[i].file);
		CHECK_MSG(!t_find_diag(r, "table.columns", NULL) ==
		          !strstr(variants[i].file, "columns"), "%s: table.columns", variants[i].file);
		CHECK_MSG(!t_find_diag(r, variants[i].absent, NULL), "%s: %s", variants[i].file,
		          variants[i].absent);
		/* the page's furniture held a date: the report's own is read */
		const ns_meta *m = ns_report_meta(r);
		CHECK_MSG(m->published && strcmp(m->published, ns_report_meta(ref)->published) == 0,
		          "%s: published %s", variants[i].file, m->published ? m->published : "(none)");
		ns_report_release(r);
	}

	/* text a PDF gave in its reading order: t3 read as a stream; t4's
	 * values, in pieces between its header's lines, as its printed row
	 * (it was read as a stream: its pieces were taken for its rows, which
	 * did not add up) */
	r = load(ctx, DIR "pdf_plain.txt");
	if (r) {
		CHECK(t_find_diag(r, "table.stream", "t3"));
		same_table("pdf_plain.txt", ref, r, "t4", NULL, NULL, 1);
		CHECK(!t_find_diag(r, "label.unknown", NULL));
		ns_report_release(r);
	}
	/* …whose values come a column at a time where rows stand close (seven
	 * blocks of k values): the same cells as the PDF itself gives */
	ns_report *pdf = load(ctx, NS_CORPUS_DIR "/hongze_qu_2023.pdf");
	r = load(ctx, DIR "hongze_2023_plain.txt");
	if (pdf && r) {
		same_table("hongze_2023_plain.txt", pdf, r, "t3", NULL, NULL, 1);
		same_table("hongze_2023_plain.txt", pdf, r, "t4", NULL, NULL, 1);
		CHECK(ns_table_edition(r, "t3") == NS_EDITION_2019);
		CHECK(t_find_diag(r, "table.stream", "t3"));
		/* t4 does not balance as printed: kept as its labels read it */
		CHECK(!t_find_diag(r, "table.stream", "t4"));
	}
	ns_report_release(pdf);
	ns_report_release(r);
	/* a value changed: the stream's sums fail, t3 is not read so (its rows
	 * the labels could not read say so), no value placed by position */
	r = load(ctx, DIR "pdf_plain_unbalanced.txt");
	if (r) {
		CHECK(!t_find_diag(r, "table.stream", "t3"));
		CHECK(t_find_diag(r, "row.long", "t3") || t_find_diag(r, "label.unknown", "t3"));
		const ns_cell *c = ns_report_cell(r, "t3", "received", "natural_person");
		CHECK(c && !c->has_value);
		ns_report_release(r);
	}

	/* the fee column headed 元 (the template's: 万元): said, kept as printed */
	CHECK(!t_find_diag(ref, "column.unit", NULL));
	r = load(ctx, DIR "fee_yuan.txt");
	if (r) {
		const ns_cell *c = ns_report_cell(r, "t2", "fees", "amount");
		CHECK(c && c->has_value && c->value == 34200);
		const ns_diag *dg = t_find_diag(r, "column.unit", "t2.fees.amount");
		CHECK(dg && strstr(dg->message, "column headed 元 ") && strstr(dg->message, "3.42"));
		ns_report_release(r);
	}

	/* what a review of the heuristics above found them doing to documents
	 * they must leave be (each failed once) */
	static const char *const own_title[] = {"title_footer_superior.txt",
		"title_sidebar_superior.txt", "title_site_column.txt", NULL};
	for (int i = 0; own_title[i]; i++) {
		/* a sidebar naming the county government's report, which the
		 * portal's footer (主办单位：青川县人民政府办公室) or the body
		 * (青川县人民政府门户网站) names too, or a site column's rows
		 * "青川县人民政府" / "政府信息公开年报": the report's own title wins */
		r = load_in(ctx, own_title[i]);
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(m->agency && strcmp(m->agency, "青川县市场监督管理局") == 0 && m->year == 2024,
			          "%s: agency %s year %d", own_title[i], m->agency ? m->agency : "-", m->year);
			ns_report_release(r);
		}
	}
	static const char *const whole_six[] = {"glued_chrome.txt", "s6_icp.txt", "s6_scan.txt",
		"s6_tech.txt", NULL};
	for (int i = 0; whole_six[i]; i++) {
		/* 六 and a site's tools on one line of a crawler's text; 六 telling
		 * of the site's ICP filing, of 扫一扫 services, of 技术支持方面: 六
		 * keeps its fee statement */
		r = load_in(ctx, whole_six[i]);
		if (r) {
			const ns_section *s6 = ns_report_section_by_id(r, "s6");
			CHECK_MSG(s6 && s6->text && strstr(s6->text, "信息处理费"), "%s: s6 \"%s\"",
			          whole_six[i], s6 && s6->text ? s6->text : "");
			ns_report_release(r);
		}
	}
	/* ".42": an amount typed without its 0 is 0.42 (it was read as 42) */
	r = load(ctx, DIR "fee_dot.txt");
	if (r) {
		const ns_cell *c = ns_report_cell(r, "t2", "fees", "amount");
		CHECK_MSG(c && c->has_value && c->value == 0.42, "fee_dot.txt: %g",
		          c && c->has_value ? c->value : -1);
		ns_report_release(r);
	}
	/* figures an OCR engine garbled (S for 5, Z for 2, a comma or a
	 * point inside a figure, a point read apart from its fraction): null,
	 * each said; every other cell as in the clean report.  "S8" gave 8,
	 * "Z63" 63, "1Z" and "8S" 1 and 8, "41,86" 41, "3. 42" 42 */
	r = load(ctx, DIR "ocr_digits.txt");
	if (r) {
		static const char *const garbled[][3] = {
			{"t2", "normative_documents", "in_force"}, {"t2", "licensing", "decisions"},
			{"t2", "penalty", "decisions"}, {"t2", "fees", "amount"},
			{"t3", "received", "natural_person"}, {"t3", "total_handled", "total"}};
		for (int i = 0; i < 6; i++) {
			const ns_cell *c = ns_report_cell(r, garbled[i][0], garbled[i][1], garbled[i][2]);
			CHECK_MSG(c && !c->has_value, "ocr_digits.txt: %s.%s.%s read %g", garbled[i][0],
			          garbled[i][1], garbled[i][2], c && c->has_value ? c->value : -1);
		}
		const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
		CHECK(c && c->has_value && c->value == 85);
		c = ns_report_cell(r, "t3", "received", "business");
		CHECK(c && c->has_value && c->value == 17);
		c = ns_report_cell(r, "t3", "total_handled", "natural_person");
		CHECK(c && c->has_value && c->value == 59);
		c = ns_report_cell(r, "t2", "normative_documents", "repealed");
		CHECK(c && c->has_value && c->value == 1);
		c = ns_report_cell(r, "t2", "coercion", "decisions");
		CHECK(c && c->has_value && c->value == 37);
		CHECK(t_find_diag(r, "cell.text", NULL));
		ns_report_release(r);
	}
	static const char *const wan[] = {"fee_wan_space.txt", "fee_wan_spaced.txt",
		"fee_wan_wrap.txt", "fee_wan_layout.txt", NULL};
	for (int i = 0; wan[i]; i++) { /* "万 元", "万" ⏎ "元": 万元 */
		r = load_in(ctx, wan[i]);
		if (r) {
			CHECK_MSG(!t_find_diag(r, "column.unit", NULL), "%s: column.unit", wan[i]);
			ns_report_release(r);
		}
	}
	/* a line of the opening paragraph naming another agency's notice on
	 * 年度报告, which the body names too: no title (the report's own is,
	 * though its body names the township without the county) */
	r = load(ctx, DIR "title_intro_township.txt");
	if (r) {
		const ns_meta *m = ns_report_meta(r);
		CHECK_MSG(m->agency && strcmp(m->agency, "青岚县白石镇人民政府") == 0,
		          "title_intro_township.txt: agency %s", m->agency ? m->agency : "-");
		CHECK(m->agency_type == NS_AGENCY_TOWNSHIP);
		ns_report_release(r);
	}
	/* a title that names no agency, the agency on the line under it (a
	 * subtitle): the agency is that line's (it was none) */
	r = load(ctx, DIR "title_sub_agency.txt");
	if (r) {
		const ns_meta *m = ns_report_meta(r);
		CHECK_MSG(m->agency && strcmp(m->agency, "青川县市场监督管理局") == 0,
		          "title_sub_agency.txt: agency %s", m->agency ? m->agency : "-");
		CHECK(m->agency_type == NS_AGENCY_DEPARTMENT && m->year == 2024);
		CHECK(m->title && strcmp(m->title, "2024年政府信息公开工作年度报告") == 0);
		ns_report_release(r);
	}
	/* the office that compiles a government's report, under a title that
	 * names no agency, is not its agency (whose report it is, it does not
	 * say): the agency that signs it is */
	/* Markdown saved as .txt: "# 青川县…年度报告", the mark no word of it */
	meta_agency(ctx, "pandoc_md.txt", "青川县市场监督管理局");
	meta_agency(ctx, "title_sub_office.txt", "青川县市场监督管理局");
	meta_agency(ctx, "title_sub_office2.txt", "青川县市场监督管理局");
	/* a page opening with a section's heading and its first item, as a
	 * table of contents listed them (no page numbers): the body's, not a
	 * table's header repeated (they were dropped from s1) */
	r = load(ctx, DIR "toc_pagetop.txt");
	if (r) {
		const ns_section *s1 = ns_report_section(r, 0);
		CHECK(s1 && s1->text && strstr(s1->text, "一、总体情况"));
		ns_report_release(r);
	}
	/* the period stated as the year or by months, not days: "为2024年度",
	 * "2024年1月至12月" (it was none, and structure.front_matter failed) */
	static const struct { const char *file, *period; } periods[] = {
		{"period_year.txt", "2024年度"}, {"period_months.txt", "2024年1月至12月"},
	};
	for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		r = load_in(ctx, periods[i].file);
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(m->period && strcmp(m->period, periods[i].period) == 0, "%s: period %s",
			          periods[i].file, m->period ? m->period : "-");
			CHECK(!t_find_diag(r, "meta.period", NULL));
			ns_report_release(r);
		}
	}
	/* the year of a title alone is no period (the report's 2024年度 is
	 * everywhere): a report stating none still says so */
	meta_none(ctx, "period_none.txt", 1);
	meta_none(ctx, "period_compare.txt", 1); /* "较2023年1月至12月增长5%" compares */
	/* a body saved without its title (no year, no agency in the text): the
	 * file's name gives both, said in an info; a name that is no report's
	 * gives nothing */
	{
		size_t len = 0;
		char *text = t_slurp(DIR "untitled_body.txt", &len);
		static const struct { const char *name, *agency; int year; } names[] = {
			{"附件1：青岚县测试局2024年政府信息公开工作年度报告.txt", "青岚县测试局", 2024},
			{"/d/青岚县测试局2024年度政府信息公开工作年度报告.pdf", "青岚县测试局", 2024},
			{"untitled_body.txt", NULL, 0},
			{"关于青岚县测试局2024年政府信息公开工作年度报告的说明.txt", NULL, 0},
		};
		for (size_t i = 0; text && i < sizeof names / sizeof *names; i++) {
			ns_report *r = NULL;
			CHECK(ns_load_buffer(ctx, text, len, names[i].name, NULL, &r) == NS_OK);
			if (!r)
				continue;
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(names[i].agency ? m->agency && strcmp(m->agency, names[i].agency) == 0
			                          : m->agency == NULL,
			          "%s: agency %s", names[i].name, m->agency ? m->agency : "-");
			CHECK_MSG(m->year == names[i].year, "%s: year %d", names[i].name, m->year);
			const ns_diag *dg = t_find_diag(r, "meta.agency", NULL);
			CHECK_MSG(dg && dg->severity == (names[i].agency ? NS_INFO : NS_WARNING),
			          "%s: meta.agency", names[i].name);
			ns_report_release(r);
		}
		free(text);
	}
	/* an agency with a second name in brackets (挂牌 at county level): its
	 * type is the first name's (it was unknown, and the deadline rule took
	 * a government's date for a department) */
	static const struct { const char *name; ns_agency_type type; } named[] = {
		{"青川县市场监督管理局（青川县知识产权局）", NS_AGENCY_DEPARTMENT},
		{"青川县民族宗教事务局（挂青川县宗教事务局牌子）", NS_AGENCY_DEPARTMENT},
		{"青川县人民政府（县政府办公室）", NS_AGENCY_GOVERNMENT},
		{"青川县白石镇人民政府(白石镇便民服务中心)", NS_AGENCY_TOWNSHIP},
		{"国网青川县供电公司", NS_AGENCY_UNKNOWN}, /* no ministry's 司 */
		/* short forms of a township's name (were a department's 办, a
		 * county's 政府) */
		{"青川县城关街道办", NS_AGENCY_TOWNSHIP},
		{"青川县白石镇政府", NS_AGENCY_TOWNSHIP},
		{"青川县白石乡政府", NS_AGENCY_TOWNSHIP},
		{"阿拉善左旗巴润别立苏木人民政府", NS_AGENCY_TOWNSHIP},
		{"青川县人民政府办公室", NS_AGENCY_DEPARTMENT},
		{"青川县政府", NS_AGENCY_GOVERNMENT},
		/* a prefecture's 行政公署 is its government (was a department's 署) */
		{"新疆维吾尔自治区和田地区行政公署", NS_AGENCY_GOVERNMENT},
		{"阿拉善盟行署", NS_AGENCY_GOVERNMENT},
		{"广东省", NS_AGENCY_GOVERNMENT}, /* "广东省2024年…" (a province's title) */
		{"浙江省人民政府", NS_AGENCY_GOVERNMENT},
		{"和田地区行政公署办公室", NS_AGENCY_DEPARTMENT},
	};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		ns_load_opts o = {0};
		o.agency = named[i].name;
		ns_report *ra = NULL;
		CHECK(ns_load_file(ctx, DIR "title_sub_agency.txt", &o, &ra) == NS_OK);
		if (ra) {
			CHECK_MSG(ns_report_meta(ra)->agency_type == named[i].type, "%s: type %d",
			          named[i].name, (int)ns_report_meta(ra)->agency_type);
			ns_report_release(ra);
		}
	}
	/* a development zone's 管委会 is a government (its deadline is one's);
	 * it was typed a department, as a 委员会 */
	static const char *const zones[] = {"青川经济开发区管委会", "四川青川经济开发区管理委员会",
		"天津市国有资产监督管理委员会"};
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		ns_load_opts o = {0};
		o.agency = zones[i];
		ns_report *ra = NULL;
		CHECK(ns_load_file(ctx, DIR "title_sub_agency.txt", &o, &ra) == NS_OK);
		if (ra) {
			/* (a department's 管理委员会 is a department) */
			ns_agency_type want = i < 2 ? NS_AGENCY_GOVERNMENT : NS_AGENCY_DEPARTMENT;
			CHECK_MSG(ns_report_meta(ra)->agency_type == want, "%s: type %d",
			          zones[i], (int)ns_report_meta(ra)->agency_type);
			ns_report_release(ra);
		}
	}
	/* a title that calls the report "2024年度政府信息公开工作报告", on one
	 * line or two: the title and the agency (both were none) */
	static const char *const gongzuo[] = {"title_gongzuo_baogao.txt", "title_gongzuo_split.txt",
		"title_wrap_name.txt", "title_wrap_name2.txt", "title_stamp.txt"};
	for (size_t i = 0; i < sizeof gongzuo / sizeof gongzuo[0]; i++) {
		r = load_in(ctx, gongzuo[i]);
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(m->agency && strcmp(m->agency, "青川县市场监督管理局") == 0 &&
			          m->title && strncmp(m->title, "青川县市场监督管理局2024年", 33) == 0 &&
			          (ends_with_str(m->title, "年度政府信息公开工作报告") ||
			           ends_with_str(m->title, "年政府信息公开工作年度报告")),
			          "%s: agency %s title %s", gongzuo[i], m->agency ? m->agency : "-",
			          m->title ? m->title : "-");
			ns_report_release(r);
		}
	}
	/* a 公文's title, "…关于…工作情况的报告" (the helper's reading probe:
	 * no title, and no agency where the body did not name it) */
	static const char *const guanyu[][2] = {
		{"title_guanyu_qingkuang.txt", "青川县市场监督管理局关于2024年度政府信息公开工作情况的报告"},
		{"title_guanyu_de_baogao.txt", "青川县市场监督管理局关于2024年政府信息公开工作的报告"}};
	for (size_t i = 0; i < sizeof guanyu / sizeof guanyu[0]; i++) {
		r = load_in(ctx, guanyu[i][0]);
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(m->title && strcmp(m->title, guanyu[i][1]) == 0 && m->year == 2024 &&
			          m->agency && strcmp(m->agency, "青川县市场监督管理局") == 0,
			          "%s: agency %s title %s", guanyu[i][0], m->agency ? m->agency : "-",
			          m->title ? m->title : "-");
			ns_report_release(r);
		}
	}
	/* but no 政务公开 work report to the 人大 worded so, nor a notice that
	 * asks for the report ("…情况的报告的通知"): not annual reports (the
	 * review of the change above) */
	static const char *const not_reports[] = {"title_zhengwu_work_report.txt",
		"title_guanyu_notice.txt"};
	for (size_t i = 0; i < sizeof not_reports / sizeof not_reports[0]; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s%s", DIR, not_reports[i]);
		ns_report *nr = NULL;
		CHECK_MSG(ns_load_file(ctx, path, NULL, &nr) != NS_OK, "%s loaded as a report",
		          not_reports[i]);
		ns_report_release(nr);
	}
	/* no title, the opening paragraph wrapped: a line of it that quotes
	 * the template's name ("…关于印发〈…工作年度报告" / "格式〉的通知",
	 * "…门户网站“政府信息公开年报”栏目") is no title, and its words no
	 * agency (信息与政务公开办公室, 子版可在青川县人民政府门户网站) */
	/* titles going on after the name: 全文, 之一, a full stop */
	static const char *const tails[] = {"title_tail_full.txt", "title_tail_zhi.txt",
		"title_tail_stop.txt"};
	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		r = load_in(ctx, tails[i]);
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(m->agency && strcmp(m->agency, "青川县市场监督管理局") == 0, "%s: agency %s",
			          tails[i], m->agency ? m->agency : "-");
			ns_report_release(r);
		}
	}
	/* a title that names no agency under a page's header: the header is
	 * no piece of the title, and the agency is the one the report's
	 * subtitle in brackets, its signature, or a 发布机构 field names */
	static const char *const generic[] = {"meta_generic_pub.txt",
		"meta_generic_sub_paren.txt", "meta_generic_signed.txt", "meta_generic_field.txt"};
	for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++) {
		r = load_in(ctx, generic[i]);
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(m->title && strcmp(m->title, "2024年政府信息公开工作年度报告") == 0,
			          "%s: title %s", generic[i], m->title ? m->title : "-");
			CHECK_MSG(m->agency && strcmp(m->agency, "青岚县财政局") == 0 &&
			          m->agency_type == NS_AGENCY_DEPARTMENT, "%s: agency %s", generic[i],
			          m->agency ? m->agency : "-");
			ns_report_release(r);
		}
	}
	meta_none(ctx, "meta_generic_src_site.txt", 0);
	/* nor a 来源 (a page's source is as often its portal's office, a
	 * superior or a newspaper as the report's agency) */
	meta_none(ctx, "meta_generic_src.txt", 0);
	/* the zero of a year in numerals typed as O or 0 ("二O二五年一月二十三
	 * 日" signed, "青岚县财政局二O二四年…" titled), a year in figures OCR
	 * read with an O ("…财政局2O24年…": the agency had taken it), a date
	 * signed in brackets, a date under a bare 时间/日期 label (but not a
	 * period there) */
	static const struct { const char *file, *published, *agency; } signed_dates[] = {
		{"meta_sig_cn_letter_o.txt", "2025-01-23", "青岚县财政局"},
		{"meta_title_cn_digit0.txt", "2025-01-23", "青岚县财政局"},
		{"meta_title_ocr_year.txt", "2025-01-23", "青岚县财政局"},
		{"meta_sig_paren.txt", "2025-01-23", "青岚县财政局"},
		{"meta_pub_shijian.txt", "2025-01-24", "青岚县财政局"},
		{"meta_pub_riqi.txt", "2025-01-24", "青岚县财政局"},
		{"meta_pub_range.txt", NULL, "青岚县财政局"}};
	for (size_t i = 0; i < sizeof signed_dates / sizeof signed_dates[0]; i++) {
		r = load_in(ctx, signed_dates[i].file);
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(signed_dates[i].published ? m->published &&
			                               strcmp(m->published, signed_dates[i].published) == 0
			                             : m->published == NULL,
			          "%s: published %s", signed_dates[i].file, m->published ? m->published : "-");
			CHECK_MSG(m->agency && strcmp(m->agency, signed_dates[i].agency) == 0 && m->year == 2024,
			          "%s: agency %s year %d", signed_dates[i].file, m->agency ? m->agency : "-",
			          m->year);
			ns_report_release(r);
		}
	}
	/* the title's year a slip (last year's) where the period and the
	 * publication date agree on the report's: their year, said; a period
	 * left stale under the right title: the title's */
	r = load_in(ctx, "meta_title_year_slip.txt");
	if (r) {
		CHECK_INT(ns_report_meta(r)->year, 2024);
		const ns_diag *dg = t_find_diag(r, "meta.year", NULL);
		CHECK(dg && strstr(dg->message, "the title says 2023"));
		ns_report_release(r);
	}
	r = load_in(ctx, "meta_period_stale.txt");
	if (r) {
		CHECK_INT(ns_report_meta(r)->year, 2024);
		CHECK(!t_find_diag(r, "meta.year", NULL));
		ns_report_release(r);
	}
	/* 行政事业性收费 wrapped in a narrow label column, its value on a middle
	 * line ("行政事业 1.25" / "性收费", or over four lines), closing t2: the
	 * words after the value end the label, as the next row's head does */
	static const char *const fee_wrapped[] = {"t2_fee_wrapped2.txt", "t2_fee_wrapped4.txt"};
	for (size_t i = 0; i < sizeof fee_wrapped / sizeof fee_wrapped[0]; i++) {
		r = load_in(ctx, fee_wrapped[i]);
		if (r) {
			const ns_cell *c = ns_report_cell(r, "t2", "fees", "amount");
			CHECK_MSG(c && c->has_value && c->value == 1.25, "%s: fees %g", fee_wrapped[i],
			          c && c->has_value ? c->value : -1);
			ns_report_release(r);
		}
	}
	/* three separate figures under seven columns ("773 179 952"), no
	 * column to place them by: four blanks are one reading, the split
	 * 7 7 3 17 9 9 52 that also adds up another — null, never the split */
	r = load_in(ctx, "t3_sparse_row.txt");
	if (r) {
		const ns_cell *c = ns_report_cell(r, "t3", "carried_over", "natural_person");
		CHECK(c && !c->has_value);
		CHECK(t_find_diag(r, "cell.ambiguous", "t3.carried_over"));
		CHECK(!t_find_diag(r, "cell.glued", "t3.carried_over"));
		ns_report_release(r);
	}
	/* what an adversarial review found the first fallbacks read wrong:
	 * a town with a numeral in its name signed on the date's row (cut at
	 * 三, it was 青岚县), two agencies signing (no one's), an office that
	 * compiles (政府办), a seal's mark, 发布机构 over a 来源 before it, a
	 * bare 时间 field holding the period's start or end (the signature's
	 * date instead), a signature as stale as the period (the title's year
	 * stays), a title wrapped inside a bracket, a name with a figure over
	 * a title */
	static const struct { const char *file, *agency, *published; int year; } reviewed[] = {
		{"meta_sig_town_numeral.txt", "青岚县三河镇人民政府", "2025-01-20", 2024},
		{"meta_sig_town_cn_date.txt", "青岚县二郎镇人民政府", "2025-01-20", 2024},
		{"meta_sig_joint_rows.txt", NULL, "2025-01-20", 2024},
		{"meta_sig_joint_row.txt", NULL, "2025-01-20", 2024},
		{"meta_sig_govban.txt", NULL, "2025-01-20", 2024},
		{"meta_sig_seal.txt", "青岚县财政局", "2025-01-20", 2024},
		{"meta_field_fabu_after_src.txt", "青岚县三河镇人民政府", "2025-01-20", 2024},
		/* an info bar of one space between fields (a page's collapsed
		 * HTML): the value ends before the next field's label */
		{"meta_field_fabu_one_space.txt", "青岚县三河镇人民政府", "2025-01-20", 2024},
		{"meta_field_src_only.txt", NULL, "2025-01-20", 2024},
		{"meta_pub_period_start.txt", "青岚县财政局", "2025-01-20", 2024},
		{"meta_pub_period_end.txt", "青岚县财政局", "2025-01-20", 2024},
		{"meta_year_stale_signature.txt", "青岚县财政局", "2024-01-20", 2024},
		{"meta_title_wrapped_bracket.txt", "青岚县人力资源和社会保障局（青岚县医疗保障局）", NULL, 2024},
		{"meta_title_above_digit_name.txt", "青岚县第2人民医院", NULL, 2024},
		/* a second round: a full-width field label ("来源：…" under the
		 * title, "抄送：…" over the date) and names joined by 、 */
		{"meta_src_under_title.txt", NULL, "2025-01-20", 2024},
		{"meta_sig_joint_comma.txt", NULL, "2025-01-20", 2024},
		{"meta_sig_cc_label.txt", NULL, "2025-01-20", 2024},
		/* a page's date or byline above a title that names no agency */
		{"meta_date_above_title.txt", "青岚县财政局", "2025-01-23", 2024},
		{"meta_byline_above_title.txt", "青岚县财政局", "2025-01-23", 2024}};
	for (size_t i = 0; i < sizeof reviewed / sizeof reviewed[0]; i++) {
		r = load_in(ctx, reviewed[i].file);
		if (!r)
			continue;
		const ns_meta *m = ns_report_meta(r);
		CHECK_MSG(reviewed[i].agency ? m->agency && strcmp(m->agency, reviewed[i].agency) == 0
		                             : m->agency == NULL,
		          "%s: agency %s", reviewed[i].file, m->agency ? m->agency : "-");
		CHECK_MSG(!reviewed[i].published ||
		          (m->published && strcmp(m->published, reviewed[i].published) == 0),
		          "%s: published %s", reviewed[i].file, m->published ? m->published : "-");
		CHECK_MSG(m->year == reviewed[i].year, "%s: year %d", reviewed[i].file, m->year);
		ns_report_release(r);
	}
	/* t3's columns where no heading places them (pdftotext -layout of a
	 * narrow LibreOffice print: "总计 自然人" on a line of garbled
	 * headings), by every row's sums: 总计 printed first (80 cells were
	 * one column off, silently), a 小计 of the 法人 columns (the whole
	 * table was row.long, null); the values read so, and said */
	static const struct { const char *file, *col, *says; double value; } by_sums[] = {
		{"t3_total_first.txt", "natural_person", "总计 stands in another column", 58},
		{"t3_subtotal_unnamed.txt", "other_org", "subtotal column", 3}};
	for (size_t i = 0; i < sizeof by_sums / sizeof by_sums[0]; i++) {
		r = load_in(ctx, by_sums[i].file);
		if (!r)
			continue;
		const ns_cell *c = ns_report_cell(r, "t3", "received", by_sums[i].col);
		const ns_cell *t = ns_report_cell(r, "t3", "received", "total");
		CHECK_MSG(c && c->has_value && c->value == by_sums[i].value, "%s", by_sums[i].file);
		CHECK_MSG(t && t->has_value && t->value == 85, "%s", by_sums[i].file);
		CHECK_MSG(!t_find_diag(r, "row.long", NULL), "%s", by_sums[i].file);
		const ns_diag *dg = t_find_diag(r, "table.columns", "t3");
		CHECK_MSG(dg && strstr(dg->message, by_sums[i].says), "%s", by_sums[i].file);
		ns_report_release(r);
	}
	/* ...and only so: a footnote's mark before one row's figures ("…政府
	 * 信息2 1 0 0 0 1 2 4") is no 小计 (the row stays null, row.long); a
	 * total wrong in every row under headings in the template's order
	 * stays as printed; t4's five headings with no row of five figures
	 * under them place nothing (an adversarial review's three) */
	r = load_in(ctx, "t3_footnote_mark_row.txt");
	if (r) {
		CHECK(t_find_diag(r, "row.long", NULL));
		CHECK(!t_find_diag(r, "table.columns", "t3"));
		ns_report_release(r);
	}
	r = load_in(ctx, "t3_total_wrong_as_printed.txt");
	if (r) {
		const ns_cell *c = ns_report_cell(r, "t3", "granted", "natural_person");
		CHECK(c && c->has_value && c->value == 2);
		CHECK(!t_find_diag(r, "table.columns", "t3"));
		ns_report_release(r);
	}
	r = load_in(ctx, "t4_rows_of_five_header_only.txt");
	if (r) {
		const ns_cell *c = ns_report_cell(r, "t4", "review", "pending");
		CHECK(c && !c->has_value);
		ns_report_release(r);
	}
	/* t4 printed a row per block, the five results' headings once, zeros
	 * left blank (pdftotext -layout of a LibreOffice PDF): each figure
	 * under its heading, the blanks blank (two rows were null) */
	r = load_in(ctx, "t4_rows_of_five_blank.txt");
	if (r) {
		const ns_cell *c = ns_report_cell(r, "t4", "suit_direct", "corrected");
		const ns_cell *o = ns_report_cell(r, "t4", "suit_direct", "other");
		const ns_cell *p2 = ns_report_cell(r, "t4", "suit_after_review", "pending");
		const ns_cell *t2 = ns_report_cell(r, "t4", "suit_after_review", "total");
		CHECK(c && !c->has_value && c->raw && !*c->raw);
		CHECK(o && o->has_value && o->value == 1);
		CHECK(p2 && !p2->has_value);
		CHECK(t2 && t2->has_value && t2->value == 2);
		ns_report_release(r);
	}
	/* (the agency is the signature's) */
	meta_agency(ctx, "notitle_wrap24.txt", "青川县市场监督管理局");
	meta_agency(ctx, "notitle_wrap27.txt", "青川县市场监督管理局");
	meta_agency(ctx, "notitle_wrap42.txt", "青川县市场监督管理局");
	/* the publication date of a signature on one line ("青川县市场监督管理局
	 * 2025年1月20日") or of a portal's bracketed field ("【发布时间：
	 * 2025年01月20日】【字体：大 中 小】"): read (it was none) */
	static const char *const dated[] = {"date_sign_oneline.txt", "date_bracket.txt",
		"date_appendix.html", "appendix.txt"};
	for (size_t i = 0; i < sizeof dated / sizeof dated[0]; i++) {
		r = load_in(ctx, dated[i]);
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(m->published && strcmp(m->published, "2025-01-20") == 0, "%s: published %s",
			          dated[i], m->published ? m->published : "-");
			ns_report_release(r);
		}
	}
	/* one value a line, blanks written "----": blank cells, no rules (t4
	 * went null when a rule's test took "----" for one) */
	r = load(ctx, DIR "t4_dash_blanks.txt");
	if (r) {
		const ns_cell *c = ns_report_cell(r, "t4", "review", "total");
		CHECK(c && c->has_value && c->value == 6);
		ns_report_release(r);
	}
	/* two rows of t4's values, neither labelled by its year: the first
	 * read, as ever (a table repeated, a row of 同比增减 after it), said
	 * (it was read without a word) */
	r = load(ctx, DIR "t4_extra_row.md");
	if (r) {
		const ns_cell *c = ns_report_cell(r, "t4", "review", "total");
		CHECK(c && c->has_value && c->value == 1);
		CHECK(t_find_diag(r, "table.rows", "t4"));
		ns_report_release(r);
	}
	/* a 2021 t2 whose headings are worded otherwise, 本年制发件数 as 2019's
	 * 本年新制作数量: read as the 2019 edition, its rows' cells went under
	 * 2019's columns (in glued text split by 2019's arithmetic, wrong).
	 * 本年废止数量 and 有效件数, which 2019's t2 has no column for, say
	 * 2021 */
	r = load(ctx, DIR "t2_2021_words.txt");
	if (r) {
		static const struct { const char *row, *col; double v; } t2[] = {
			{"regulations", "issued", 0}, {"regulations", "repealed", 0},
			{"regulations", "in_force", 0}, {"normative_documents", "issued", 2},
			{"normative_documents", "repealed", 1}, {"normative_documents", "in_force", 9},
			{"licensing", "decisions", 12}, {"penalty", "decisions", 3},
			{"coercion", "decisions", 145}, {"fees", "amount", 1.5},
		};
		CHECK_INT(ns_table_edition(r, "t2"), 2021);
		CHECK(!t_find_diag(r, "edition.outdated", NULL));
		for (size_t i = 0; i < sizeof t2 / sizeof *t2; i++) {
			const ns_cell *c = ns_report_cell(r, "t2", t2[i].row, t2[i].col);
			CHECK_MSG(c && c->has_value && c->value == t2[i].v,
			          "t2_2021_words.txt: t2.%s.%s = %g, expected %g", t2[i].row,
			          t2[i].col, c && c->has_value ? c->value : -999, t2[i].v);
		}
		ns_report_release(r);
	}
	/* t4 as three tables under their captions, 未经复议直接起诉's all blank
	 * (its row of empty cells dropped by the converter), 复议后起诉's
	 * caption worded "复议后提起诉讼": the last row name in the label
	 * before 复议后起诉's values was 未经复议, and they went to that row.
	 * 复议后 names its row however the verb after it is worded. */
	r = load(ctx, DIR "t4_split_blank_direct.md");
	if (r) {
		static const char *const cols4[] = {"upheld", "corrected", "other", "pending",
		                                    "total"};
		static const double after[] = {0, 1, 3, 0, 4};
		for (int j = 0; j < 5; j++) {
			const ns_cell *d = ns_report_cell(r, "t4", "suit_direct", cols4[j]);
			const ns_cell *a = ns_report_cell(r, "t4", "suit_after_review", cols4[j]);
			CHECK_MSG(d && !(d->has_value && d->value != 0),
			          "t4_split_blank_direct.md: t4.suit_direct.%s = %g, want blank", cols4[j],
			          d && d->has_value ? d->value : -999);
			CHECK_MSG(a && (a->has_value ? a->value == after[j] : after[j] == 0),
			          "t4_split_blank_direct.md: t4.suit_after_review.%s = %s%g, want %g",
			          cols4[j], a && a->has_value ? "" : "null ",
			          a && a->has_value ? a->value : 0, after[j]);
		}
		ns_report_release(r);
	}
	/* a value remarked on in its own cell ("37，均已公示"): the cell's */
	r = load(ctx, DIR "cell_remark.txt");
	if (r) {
		const ns_cell *c = ns_report_cell(r, "t2", "coercion", "decisions");
		CHECK(c && c->has_value && c->value == 37);
		ns_report_release(r);
	}
	/* a 2021 t3 in reading order with two rows left blank: 161 values,
	 * a 2019 t3's count, read so every row after the gap moved up one */
	r = load(ctx, DIR "pdf_plain_blank_rows.txt");
	if (r) {
		CHECK(!t_find_diag(r, "table.stream", "t3"));
		CHECK(!t_find_diag(r, "edition.outdated", NULL));
		CHECK(ns_table_edition(r, "t3") == NS_EDITION_2021);
		ns_report_release(r);
	}
	/* a note after t3 on the same line of a crawler's glued text: its
	 * sentence is the note's, not the table's */
	r = load(ctx, DIR "glued_t3_note.txt");
	if (r) {
		const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
		CHECK(c && c->has_value && c->value == 81);
		CHECK(!t_find_diag(r, "table.missing", "t3"));
		ns_report_release(r);
	}

	/* t2 given only by a sentence (its table an image): no table */
	r = load(ctx, DIR "prose_only.txt");
	if (r) {
		CHECK(!ns_table_found(r, "t2"));
		CHECK(t_find_diag(r, "table.missing", "t2"));
		const ns_cell *c = ns_report_cell(r, "t2", "licensing", "decisions");
		CHECK(c && !c->has_value);
		ns_report_release(r);
	}

	/* rows that add up in either order keep the template's */
	r = load(ctx, DIR "t4_layout_heads_ones.txt");
	if (r) {
		const ns_cell *up = ns_report_cell(r, "t4", "review", "upheld");
		const ns_cell *pend = ns_report_cell(r, "t4", "review", "pending");
		CHECK(up && up->has_value && up->value == 1);
		CHECK(pend && pend->has_value && pend->value == 0);
		CHECK(!t_find_diag(r, "table.columns", NULL));
		ns_report_release(r);
	}

	/* a wrong value wrapped alone onto its own line stays the report's */
	r = load(ctx, DIR "t4_wrapped_wrong.txt");
	if (r) {
		const ns_cell *c = ns_report_cell(r, "t4", "suit_after_review", "total");
		CHECK(c && c->has_value && c->value == 3 && !c->inferred);
		CHECK(!t_find_diag(r, "cell.page_number", NULL));
		ns_report_release(r);
	}

	/* pypdf's text of real PDFs: pages' numbers glued before their
	 * first lines, t4's row glued (its last block "12116 20" has three
	 * readings: 12 1 1 6, 1 2 11 6, 1 2 1 16) */
	static const char *const after_review[] = {"t4.suit_after_review", NULL};
	same_as_pdf(ctx, "pypdf_huaian_2024.txt", NS_CORPUS_DIR "/huaian_shi_2024.pdf",
	            after_review);
	same_as_pdf(ctx, "pypdf_hongze_2024.txt", NS_CORPUS_DIR "/hongze_qu_2024.pdf", NULL);

	/* text browsers' dumps of pages whose tables stand in another order
	 * than the template's: each value under its heading, said */
	static const struct { const char *txt, *html; } dumps[] = {
		{"w3m_glued_t3.txt", "glued_t3.html"},
		{"elinks_glued_t3_middle.txt", "glued_t3_middle.html"},
		{"elinks_glued_t4.txt", "glued_t4.html"},
		{"gfm_glued_t3.md", "glued_t3.html"},
		{"lynx_glued_t3.txt", "glued_t3.html"},
		{"pandoc_md_glued_t3_middle.md", "glued_t3_middle.html"},
		{"links_glued_t3_middle.txt", "glued_t3_middle.html"},
	};
	for (size_t i = 0; i < sizeof dumps / sizeof *dumps; i++) {
		char html[512];
		snprintf(html, sizeof html, "%s/forms/%s", NS_FIXTURES_DIR, dumps[i].html);
		same_as_pdf(ctx, dumps[i].txt, html, NULL);
		r = load_in(ctx, dumps[i].txt);
		if (r) {
			CHECK_MSG(t_find_diag(r, "table.columns", NULL), "%s: no table.columns",
			          dumps[i].txt);
			ns_report_release(r);
		}
	}
	/* plain pdftotext (reading order): t2's labels centred in their cells
	 * after their values ("0 0 0 规章 3 1 12 行政规范性文件"): each sub-table
	 * paired in the order it stands (规章 was given 行政规范性文件's 3 1 12,
	 * 行政处罚 行政强制's 37) */
	static const char *const t2_right[] = {"t2.regulations", "t2.normative_documents",
		"t2.licensing", "t2.penalty", "t2.coercion", "t2.fees", NULL};
	none_wrong(ctx, "pdftotext_pagebreak.txt", NS_FIXTURES_DIR "/forms/pagebreak.pdf", "t2",
	           t2_right);
	/* …规章's zeros blank, labels at their cells' tops ("规章 3 1 12 行政规范
	 * 性文件", its other sub-tables values first): 规章's or 行政规范性文件's
	 * cannot be told, both null (规章 was given them) */
	static const char *const t2_top[] = {"t2.licensing", "t2.penalty", "t2.coercion",
		"t2.fees", NULL};
	none_wrong(ctx, "pdftotext_blanks_top.txt", NS_FIXTURES_DIR "/forms/blanks_top.pdf", "t2",
	           t2_top);
	/* …a column of values before a column of labels ("3 1 12 规章 行政规范
	 * 性文件"): which row holds them cannot be told, both null, said */
	static const char *const t2_mid[] = {"t2.licensing", "t2.penalty", "t2.coercion",
		"t2.fees", NULL};
	none_wrong(ctx, "pdftotext_blanks_mid.txt", NS_FIXTURES_DIR "/forms/blanks_mid.pdf", "t2",
	           t2_mid);
	/* t3 so dumped, zeros left blank: a row's values are a guess of the
	 * labels' reading (a column of labels, then one of values), confirmed
	 * only by its sums — "1 1 2 4 3 86 3" under 四、结转下年度 (86 三（七）
	 * 总计's), "3 1 9 2 2 1" under 8.属于行政查询事项 (总计 18 inferred),
	 * "3 0 0 0 0 0 3" after "3.危及…" … "3.补正后申请内容仍不明确", a column
	 * of nine labels: null, said (5 to 16 cells were wrong each) */
	none_wrong(ctx, "pdftotext_blanks_mid.txt", NS_FIXTURES_DIR "/forms/blanks_mid.pdf", "t3",
	           NULL);
	none_wrong(ctx, "pdftotext_blanks_skip.txt", NS_FIXTURES_DIR "/forms/blanks_skip.pdf", "t3",
	           NULL);
	r = load_in(ctx, "pdftotext_blanks_mid.txt");
	if (r) {
		CHECK(t_find_diag(r, "cell.ambiguous", "t3.carried_forward"));
		CHECK(t_find_diag(r, "cell.ambiguous", "t3.refused_inquiry"));
		ns_report_release(r);
	}
	/* t3's 法人 columns in another order, its header's lines in pieces
	 * ("社会" / "自然人 法律服务 科研" / "公益" / "机构" …, "商业企业 其他"
	 * among the first row's values): the one line that says where columns
	 * stand says they are not the template's, and nothing says where each
	 * is — the applicants' columns null, said, 总计 read (they were read in
	 * the template's order: 22 cells wrong, silently) */
	none_wrong(ctx, "pdftotext_glued_t3.txt", NS_FIXTURES_DIR "/forms/glued_t3.pdf",
	           "t2 t3 t4", NULL);
	r = load_in(ctx, "pdftotext_glued_t3.txt");
	if (r) {
		CHECK(t_find_diag(r, "column.order", "t3"));
		const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
		CHECK(c && c->has_value && c->value == 85);
		ns_report_release(r);
	}
	/* …the row wrongly read was the one its sums held: without it t3 is
	 * read whole as a stream */
	static const char *const t3_all[] = {"t3", NULL};
	none_wrong(ctx, "pdftotext_typo_item.txt", NS_FIXTURES_DIR "/forms/typo_item.pdf",
	           "t2 t3 t4", t3_all);
	r = load_in(ctx, "pdftotext_blanks_mid.txt");
	if (r) {
		CHECK(t_find_diag(r, "cell.ambiguous", "t2.regulations"));
		CHECK(t_find_diag(r, "cell.ambiguous", "t2.normative_documents"));
		CHECK(!t_find_diag(r, "row.missing", "t2.regulations"));
		ns_report_release(r);
	}

	/* …t4's values in pieces between its header's lines ("未经复议直接起诉" /
	 * "总计 结果 结果 其他 尚未" / "维持 纠正 结果 审结" / "6 2 — 1 1"): read
	 * as the printed row (each piece was taken for the row its words name:
	 * 未经复议直接起诉 6 2 — 1 1, 6 行政复议's 总计), its blank cells where
	 * the blocks' sums place them, each block where every placement agrees */
	static const char *const t4_all[] = {"t4.review", "t4.suit_direct",
		"t4.suit_after_review", NULL};
	none_wrong(ctx, "pdftotext_blanks_dash.txt", NS_FIXTURES_DIR "/forms/blanks_dash.pdf",
	           "t4", t4_all);
	static const char *const t4_review[] = {"t4.review", NULL};
	none_wrong(ctx, "pdftotext_blanks_mid.txt", NS_FIXTURES_DIR "/forms/blanks_mid.pdf", "t4",
	           t4_review);
	none_wrong(ctx, "pdftotext_blanks_top.txt", NS_FIXTURES_DIR "/forms/blanks_top.pdf", "t4",
	           t4_review);
	/* …a real report's: its pieces by blocks of the header, not left to
	 * right ("72 64 178 37" / 复议后起诉's "12 1 1 6" / "351" 行政复议's
	 * 总计 / "13 4 8 1 26" / "20"): not as the printed row, which does not
	 * add up so (it was so read, 9 cells wrong), null; t2 and t3 read */
	static const char *const t23[] = {"t2", "t3", NULL};
	none_wrong(ctx, "pdftotext_huaian_2024.txt", NS_CORPUS_DIR "/huaian_shi_2024.pdf",
	           "t2 t3 t4", t23);
	r = load_in(ctx, "pdftotext_huaian_2024.txt");
	if (r) {
		CHECK(t_find_diag(r, "cell.ambiguous", "t4.review"));
		ns_report_release(r);
	}
	/* …the suits' blocks traded (复议后起诉 first), each line's headings
	 * starting at the margin ("结果 结果 其他 尚未 总计 复议后起诉" /
	 * "未经复议直接起诉"): the blocks in the order their headings come, not
	 * by their columns in the text (the template's order was taken, 10
	 * cells wrong) */
	none_wrong(ctx, "pdftotext_glued_t4.txt", NS_FIXTURES_DIR "/forms/glued_t4.pdf", "t4",
	           t4_all);
	r = load_in(ctx, "pdftotext_glued_t4.txt");
	if (r) {
		CHECK(t_find_diag(r, "table.columns", "t4"));
		ns_report_release(r);
	}

	/* a merged label's piece and an empty cell of its column before a
	 * row's own label (w3m: "三、本年度办 |  | 1.属于国家秘密 | 0 |  | 0…") */
	same_as_pdf(ctx, "w3m_small.txt", NS_FIXTURES_DIR "/docx/report_small.html", NULL);

	/* the reference itself: every table under its own section */
	CHECK(!t_find_diag(ref, "table.located", NULL));
	ns_report_release(ref);
	ns_close(ctx);
	return t_done("test_tables");
}
