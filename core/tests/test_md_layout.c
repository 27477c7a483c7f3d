/*
 * test_md_layout.c — the Markdown loader (load/md.c) on the Shanghai report
 * of the corpus (a PDF-to-Markdown conversion with shredded pipe
 * tables) and on small inline documents.
 *
 * Expected cells and columns were counted by hand from the source lines.
 * Set NS_DUMP=1 to print every row with its cells and positions.
 */
#include "load/layout.h"
#include "t.h"
#include "tlayout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const nsl_limits lim = {64LL << 20, 64LL << 20, 0};

static int load(nsl_layout *l, const char *name, const char *text)
{
	nsl_init(l);
	int rc = nsl_load_md(l, text, strlen(text), &lim);
	t_dump_layout(name, l);
	return rc;
}

static const nsl_cell *cell(const nsl_layout *l, int row, int i)
{
	if (row < 0 || row >= l->nrows || i >= l->rows[row].ncells)
		return NULL;
	return nsl_row_cell(l, &l->rows[row], i);
}

static const char *txt(const nsl_layout *l, int row, int i)
{
	const nsl_cell *c = cell(l, row, i);
	return c ? c->text : NULL;
}

/* The row whose first cell stands on source line `line`, or -1. */
static int row_at(const nsl_layout *l, int line)
{
	for (int i = 0; i < l->nrows; i++)
		if (l->rows[i].ncells && cell(l, i, 0)->pos.line == line)
			return i;
	return -1;
}

static int count_text(const nsl_layout *l, const char *text)
{
	int n = 0;
	for (int i = 0; i < l->ncells; i++)
		n += strcmp(l->cells[i].text, text) == 0;
	return n;
}

#define CHECK_POS(l, row, i, ln, cl) do { \
	const nsl_cell *t_c = cell(l, row, i); \
	CHECK_MSG(t_c && t_c->pos.page == 0 && t_c->pos.line == (ln) && \
	          t_c->pos.col == (cl), "row %d cell %d: pos %d:%d, expected " \
	          "%d:%d", row, i, t_c ? t_c->pos.line : -1, \
	          t_c ? t_c->pos.col : -1, ln, cl); \
} while (0)

/* ---- the Shanghai report ----------------------------------------------- */

static void check_cells(const nsl_layout *l, int row, const char *const *want,
                        const int *cols, int n, int line)
{
	CHECK_MSG(row >= 0, "no row on line %d", line);
	if (row < 0)
		return;
	CHECK_INT(l->rows[row].grid, 1);
	CHECK_INT(l->rows[row].ncells, n);
	for (int i = 0; i < n && i < l->rows[row].ncells; i++) {
		CHECK_STR(txt(l, row, i), want[i]);
		if (cols)
			CHECK_POS(l, row, i, line, cols[i]);
	}
}

static void test_shanghai(void)
{
	char path[512];
	size_t len;
	snprintf(path, sizeof path, "%s/shanghai_shizhengfu_bgt_2025.md",
	         NS_CORPUS_DIR);
	char *b = t_slurp(path, &len);
	CHECK_MSG(b != NULL, "cannot read %s", path);
	if (!b)
		return;
	nsl_layout l;
	nsl_init(&l);
	CHECK_INT(nsl_load_md(&l, b, len, &lim), NS_OK);
	t_dump_layout("shanghai", &l);
	CHECK_STR(l.media_type, "text/markdown");
	CHECK_STR(l.encoding, "UTF-8");

	/* 216 lines: 16 blank, 48 pipe lines of which 17 delimiter rows, 2
	 * repeated captions; every other line is a paragraph */
	int grid = 0;
	for (int i = 0; i < l.nrows; i++)
		grid += l.rows[i].grid;
	CHECK_INT(grid, 31);
	CHECK_INT(l.nrows - grid, 150);

	/* the first line, and a body line with its spaces kept */
	CHECK_STR(txt(&l, 0, 0), "正文");
	CHECK_POS(&l, 0, 0, 1, 1);
	int r = row_at(&l, 215);
	CHECK_STR(txt(&l, r, 0), "2025 年度本机关未收取信息公开处理费。");

	/* t3 received: one grid row of 8 cells at the columns they start in */
	static const char *const received[] = {
		"一、本年新收政府信息公开申请数量", "1259", "36", "0", "0", "0",
		"0", "1295"
	};
	static const int received_cols[] = {3, 22, 29, 34, 38, 42, 46, 50};
	check_cells(&l, row_at(&l, 115), received, received_cols, 8, 115);

	/* a row the converter gave a 9th, empty column: kept as it is */
	static const char *const secret[] = {
		"1.属于国家秘密", "4", "0", "0", "0", "0", "0", "4", ""
	};
	static const int secret_cols[] = {3, 14, 18, 22, 26, 30, 34, 38, 43};
	check_cells(&l, row_at(&l, 124), secret, secret_cols, 9, 124);

	/* a group label split over two rows, in the first cell */
	r = row_at(&l, 128);
	CHECK_STR(txt(&l, r, 0), "（三）不");
	CHECK_STR(txt(&l, r, 1), "4.保护第三方合法权益");
	CHECK_POS(&l, r, 1, 128, 10);
	CHECK_INT(r >= 0 ? l.rows[r].ncells : 0, 9);

	/* values whose label stands in paragraphs above (lines 120-121) */
	static const char *const partial[] = {"2", "0", "0", "0", "0", "0", "2"};
	check_cells(&l, row_at(&l, 122), partial, NULL, 7, 122);
	r = row_at(&l, 120);
	CHECK_INT(r >= 0 ? l.rows[r].grid : -1, 0);
	CHECK_STR(txt(&l, r, 0), "（二）部分公开（区分处理的，只计这一情");

	/* t4: the 15 numbers of the flat row */
	static const char *const t4[] = {
		"40", "0", "10", "5", "55", "2", "0", "4", "6", "12", "6", "0",
		"9", "7", "22"
	};
	static const int t4_cols[] = {
		3, 8, 12, 17, 21, 26, 30, 34, 38, 42, 47, 51, 55, 59, 63
	};
	check_cells(&l, row_at(&l, 180), t4, t4_cols, 15, 180);

	/* delimiter rows are gone */
	for (int i = 0; i < l.ncells; i++)
		CHECK_MSG(strncmp(l.cells[i].text, "---", 3) != 0,
		          "delimiter cell on line %d", l.cells[i].pos.line);
	CHECK_INT(row_at(&l, 95), -1);
	CHECK_INT(row_at(&l, 116), -1);

	/* repeated table captions: the first kept, without its #'s */
	CHECK_INT(count_text(&l, "表二：主动公开政府信息情况"), 1);
	CHECK_INT(count_text(&l, "表三：收到和处理政府信息公开申请情况"), 1);
	r = row_at(&l, 96);
	CHECK_STR(txt(&l, r, 0), "表二：主动公开政府信息情况");
	CHECK_POS(&l, r, 0, 96, 4);
	CHECK_INT(row_at(&l, 99), -1);
	CHECK(row_at(&l, 111) >= 0);
	CHECK_INT(row_at(&l, 114), -1);

	/* page footers stay paragraphs, even between table pieces */
	r = row_at(&l, 93);
	CHECK_STR(txt(&l, r, 0), "— 4 —");
	r = row_at(&l, 163);
	CHECK_STR(txt(&l, r, 0), "— 5 —");
	CHECK_INT(r >= 0 ? l.rows[r].grid : -1, 0);
	nsl_clear(&l);
	free(b);
}

/* ---- small documents --------------------------------------------------- */

static void test_headings_and_inline(void)
{
	nsl_layout l;
	CHECK_INT(load(&l, "inline",
		"# 标题 #\n"
		"\n"
		"  ## 二级\n"
		"正文 **加粗** 文字\\*星\\* A&amp;B&#65;&#x4E00;&bogus;\n"
		"---\n"
		"***\n"
		"标题二\n"
		"===\n"
		"#不是标题\n"
		"####### 七个\n"
		"行尾空格  \n"
		/* pandoc's attributes after a heading are none of its words */
		"# 年度报告 {#年度报告}\n"
		"## 一、总体情况 {.unnumbered}\n"
		"## 集合{a}\n"), NS_OK);
	CHECK_INT(l.nrows, 10);
	CHECK_STR(txt(&l, 0, 0), "标题");
	CHECK_POS(&l, 0, 0, 1, 3);
	CHECK_STR(txt(&l, 1, 0), "二级");
	CHECK_POS(&l, 1, 0, 3, 6);
	CHECK_STR(txt(&l, 2, 0), "正文 加粗 文字*星* A&BA一&bogus;");
	CHECK_POS(&l, 2, 0, 4, 1);
	CHECK_STR(txt(&l, 3, 0), "标题二");
	CHECK_POS(&l, 3, 0, 7, 1);
	CHECK_STR(txt(&l, 4, 0), "#不是标题");
	CHECK_STR(txt(&l, 5, 0), "####### 七个");
	CHECK_STR(txt(&l, 6, 0), "行尾空格");
	CHECK_STR(txt(&l, 7, 0), "年度报告");
	CHECK_STR(txt(&l, 8, 0), "一、总体情况");
	CHECK_STR(txt(&l, 9, 0), "集合{a}");
	for (int i = 0; i < l.nrows; i++)
		CHECK_INT(l.rows[i].grid, 0);
	nsl_clear(&l);
}

/* pandoc's grid tables: a row is the lines between two borders, each
 * cell its lines joined (the border and each line were text before) */
static void test_grid_tables(void)
{
	nsl_layout l;
	CHECK_INT(load(&l, "grid",
		"+--------+--------+\n"
		"| 信     | 本年   |\n"
		"| 息内容 | 处理决 |\n"
		"|        | 定数量 |\n"
		"+========+========+\n"
		"| 行     | 4186   |\n"
		"| 政许可 |        |\n"
		"+--------+--------+\n"
		"| Two    | more   |\n"
		"| words  |        |\n"
		"+--------+--------+\n"
		"正文\n"), NS_OK);
	CHECK_INT(l.nrows, 4);
	CHECK_INT(l.rows[0].grid, 1);
	CHECK_INT(l.rows[0].ncells, 2);
	CHECK_STR(txt(&l, 0, 0), "信息内容");
	CHECK_STR(txt(&l, 0, 1), "本年处理决定数量");
	CHECK_STR(txt(&l, 1, 0), "行政许可");
	CHECK_STR(txt(&l, 1, 1), "4186");
	CHECK_POS(&l, 1, 0, 6, 2);
	CHECK_STR(txt(&l, 2, 0), "Two words");
	CHECK_STR(txt(&l, 3, 0), "正文");
	CHECK_INT(l.rows[3].grid, 0);
	nsl_clear(&l);
}

static void test_pipes(void)
{
	nsl_layout l;
	CHECK_INT(load(&l, "pipes",
		"| a \\| b | c |\r\n"
		"|:---|---:|\r\n"
		"| 法人或其他组织<br>商业企业 | &nbsp; | **7** |\r\n"
		"| x || z\r\n"
		"\r\n"
		"名称 | 数量\r\n"
		"--- | ---\r\n"
		"规章 | 22\r\n"
		"甲|乙 不是表格\r\n"
		"\r\n"
		"丙|丁 也不是\r\n"), NS_OK);
	CHECK_INT(l.nrows, 7);
	CHECK_INT(l.rows[0].grid, 1);
	CHECK_INT(l.rows[0].ncells, 2);
	CHECK_STR(txt(&l, 0, 0), "a | b");
	CHECK_POS(&l, 0, 0, 1, 3);
	CHECK_STR(txt(&l, 0, 1), "c");
	CHECK_POS(&l, 0, 1, 1, 12);
	CHECK_INT(l.rows[1].ncells, 3);
	CHECK_STR(txt(&l, 1, 0), "法人或其他组织\n商业企业");
	CHECK_STR(txt(&l, 1, 1), "");
	CHECK_STR(txt(&l, 1, 2), "7");
	/* an empty middle cell; no closing pipe */
	CHECK_INT(l.rows[2].ncells, 3);
	CHECK_STR(txt(&l, 2, 0), "x");
	CHECK_STR(txt(&l, 2, 1), "");
	CHECK_POS(&l, 2, 1, 4, 6);
	CHECK_STR(txt(&l, 2, 2), "z");
	CHECK_POS(&l, 2, 2, 4, 8);
	/* a table without outer pipes, known by its delimiter row */
	CHECK_INT(l.rows[3].grid, 1);
	CHECK_STR(txt(&l, 3, 0), "名称");
	CHECK_STR(txt(&l, 3, 1), "数量");
	CHECK_POS(&l, 3, 1, 6, 6);
	CHECK_INT(l.rows[4].grid, 1);
	CHECK_STR(txt(&l, 4, 1), "22");
	CHECK_POS(&l, 4, 1, 8, 6);
	/* GFM: a line with a pipe right after the table continues it */
	CHECK_INT(l.rows[5].grid, 1);
	CHECK_STR(txt(&l, 5, 1), "乙 不是表格");
	/* away from any table a pipe is text */
	CHECK_INT(l.rows[6].grid, 0);
	CHECK_STR(txt(&l, 6, 0), "丙|丁 也不是");
	CHECK_POS(&l, 6, 0, 11, 1);
	nsl_clear(&l);
}

static void test_repeated_headings(void)
{
	nsl_layout l;
	CHECK_INT(load(&l, "repeats",
		"## 表三\n"
		"| a | 1 |\n"
		"## 表三\n"
		"（二）部分公开\n"
		"| b | 2 |\n"
		"### 表三\n"
		"## 其他\n"
		"## 其他\n"
		"## 表三\n"), NS_OK);
	/* captions repeated around table pieces go, whatever the level;
	 * a repeat with no table between stays, as does a caption that
	 * comes back after another heading */
	CHECK_INT(l.nrows, 7);
	CHECK_INT(count_text(&l, "表三"), 2);
	CHECK_INT(count_text(&l, "其他"), 2);
	CHECK_INT(row_at(&l, 3), -1);
	CHECK_INT(row_at(&l, 6), -1);
	CHECK(row_at(&l, 9) >= 0);
	CHECK_STR(txt(&l, row_at(&l, 4), 0), "（二）部分公开");
	nsl_clear(&l);
}

static void test_html_tables(void)
{
	nsl_layout l;
	CHECK_INT(load(&l, "html",
		"<table><tr><td rowspan=\"2\">三、本年度办理结果</td>"
		"<td colspan=\"2\">（一）予以公开</td><td>5</td></tr>"
		"<tr><td>（二）部分公开</td><td>&nbsp;</td><td>0</td></tr></table>\n"
		"段落\n"
		"  <TABLE border=\"1\">\n"
		"  <tr><th>自然人</th>\n"
		"      <th>法人或<br/>其他   组织</th></tr>\n"
		"  <tr><td>1</td></tr>\n"
		"</TABLE>\n"), NS_OK);
	CHECK_INT(l.nrows, 5);
	/* row 1: the label, the colspan copy, the value */
	CHECK_INT(l.rows[0].grid, 1);
	CHECK_INT(l.rows[0].ncells, 4);
	CHECK_STR(txt(&l, 0, 0), "三、本年度办理结果");
	CHECK_POS(&l, 0, 0, 1, 28);
	CHECK_STR(txt(&l, 0, 1), "（一）予以公开");
	CHECK_STR(txt(&l, 0, 2), "（一）予以公开");
	CHECK_POS(&l, 0, 2, 1, 58);
	CHECK_STR(txt(&l, 0, 3), "5");
	/* row 2: the rowspan copy with its origin's position, a blank */
	CHECK_INT(l.rows[1].ncells, 4);
	CHECK_STR(txt(&l, 1, 0), "三、本年度办理结果");
	CHECK_POS(&l, 1, 0, 1, 28);
	CHECK_STR(txt(&l, 1, 1), "（二）部分公开");
	CHECK_STR(txt(&l, 1, 2), "");
	CHECK_STR(txt(&l, 1, 3), "0");
	CHECK_INT(l.rows[2].grid, 0);
	CHECK_STR(txt(&l, 2, 0), "段落");
	/* a table over several lines: positions on the lines of the cells,
	 * whitespace collapsed, <br/> a newline, short rows padded */
	CHECK_INT(l.rows[3].ncells, 2);
	CHECK_STR(txt(&l, 3, 0), "自然人");
	CHECK_POS(&l, 3, 0, 4, 11);
	CHECK_STR(txt(&l, 3, 1), "法人或\n其他 组织");
	CHECK_POS(&l, 3, 1, 5, 11);
	CHECK_INT(l.rows[4].ncells, 2);
	CHECK_STR(txt(&l, 4, 0), "1");
	CHECK_POS(&l, 4, 0, 6, 11);
	CHECK_STR(txt(&l, 4, 1), "");
	nsl_clear(&l);

	/* a row made only of a rowspan from above keeps the table's width */
	CHECK_INT(load(&l, "html rowspan only",
		"<table><tr><td>a</td><td>b</td><td>c</td></tr>"
		"<tr><td rowspan=\"2\">d</td></tr><tr></tr></table>\n"), NS_OK);
	CHECK_INT(l.nrows, 3);
	for (int i = 0; i < l.nrows; i++)
		CHECK_INT(l.rows[i].ncells, 3);
	CHECK_STR(txt(&l, 2, 0), "d");
	CHECK_POS(&l, 2, 0, 1, 67);
	CHECK_STR(txt(&l, 2, 2), "");
	nsl_clear(&l);

	/* a nested or unterminated table is left as text */
	CHECK_INT(load(&l, "html nested",
		"<table><tr><td><table><tr><td>内</td></tr></table></td></tr></table>\n"
		"<table><tr><td>未结束\n"), NS_OK);
	CHECK_INT(l.nrows, 2);
	CHECK_INT(l.rows[0].grid, 0);
	CHECK_INT(l.rows[1].grid, 0);
	CHECK_STR(txt(&l, 1, 0), "未结束"); /* its tags shown as a renderer would: not */
	nsl_clear(&l);

	/* an HTML comment over lines is no text; "<" in prose is no tag ("a<b
	 * 且 c>d": a tag outside its quotes is ASCII) */
	CHECK_INT(load(&l, "md comment",
		"<!--\n说明：本页由转换生成\n-->\n<span style=font-family:宋体>标题</span>\n"
		"满意率a<b 且 c>d，<span class=\"x\">共3件</span>\n"), NS_OK);
	CHECK_INT(l.nrows, 2);
	CHECK_STR(txt(&l, 0, 0), "标题"); /* (Word's unquoted "face=宋体") */
	CHECK_STR(txt(&l, 1, 0), "满意率a<b 且 c>d，共3件");
	nsl_clear(&l);

	/* a table of empty cells only: no text at all (its buffer never made:
	 * the fuzzer's load_md find, a null pointer offset under UBSan) */
	CHECK_INT(load(&l, "html empty", "<table><tr><td></td><td> </td></tr></table>\n"), NS_OK);
	CHECK_INT(l.nrows, 1);
	CHECK_INT(l.rows[0].ncells, 2);
	CHECK_STR(txt(&l, 0, 0), "");
	nsl_clear(&l);
}

/* rowspan/colspan far beyond the table are capped, not allocated */
static void test_html_spans(void)
{
	nsl_layout l;
	CHECK_INT(load(&l, "html spans",
		"<table><tr><td colspan=\"99999999\" rowspan=\"99999\">x</td></tr>"
		"<tr><td>y</td></tr></table>\n"), NS_OK);
	CHECK_INT(l.nrows, 2);
	CHECK(l.nrows == 2 && l.rows[0].ncells <= 1024);
	CHECK(l.nrows == 2 && l.rows[1].ncells == l.rows[0].ncells);
	CHECK_STR(txt(&l, 1, 0), "x");
	nsl_clear(&l);
}

/* 1100 rows each spanning 1000 columns: a million cells from 60 KB */
static void test_html_bomb(void)
{
	const char *row = "<tr><td rowspan=1 colspan=1000>x</td></tr>";
	size_t cap = 1100 * strlen(row) + 32;
	char *md = malloc(cap);
	if (!md)
		return;
	strcpy(md, "<table>");
	for (int i = 0; i < 1100; i++)
		strcat(md, row);
	strcat(md, "</table>\n");
	nsl_layout l;
	CHECK_INT(load(&l, "html bomb", md), NS_ERR_TOO_LARGE);
	CHECK(strstr(l.errmsg, "too large") != NULL);
	nsl_clear(&l);
	free(md);
}

static void test_encodings_and_errors(void)
{
	nsl_layout l;
	/* GB18030: 表三 then a pipe row */
	CHECK_INT(load(&l, "gb18030", "\xb1\xed\xc8\xfd\n| \xd2\xbb | 1 |\n"),
	          NS_OK);
	CHECK_STR(l.encoding, "GB18030");
	CHECK_STR(txt(&l, 0, 0), "表三");
	CHECK_STR(txt(&l, 1, 0), "一");
	CHECK_POS(&l, 1, 1, 2, 7);
	nsl_clear(&l);

	/* a UTF-8 BOM is no character of line 1 */
	CHECK_INT(load(&l, "bom", "\xEF\xBB\xBF# 标题\n"), NS_OK);
	CHECK_STR(txt(&l, 0, 0), "标题");
	CHECK_POS(&l, 0, 0, 1, 3);
	nsl_clear(&l);

	CHECK_INT(load(&l, "empty", ""), NS_ERR_EMPTY);
	nsl_clear(&l);
	CHECK_INT(load(&l, "blank", "\n  \n\t\r\n"), NS_ERR_EMPTY);
	nsl_clear(&l);
	CHECK_INT(load(&l, "rules only", "---\n|---|---|\n"), NS_ERR_EMPTY);
	CHECK(l.errmsg[0] != 0);
	nsl_clear(&l);
	CHECK_INT(load(&l, "undecodable", "abc\xff\xff\n"), NS_ERR_ENCODING);
	CHECK(strstr(l.errmsg, "offset 3") != NULL);
	nsl_clear(&l);

	nsl_limits small = {4, 64LL << 20, 0};
	nsl_init(&l);
	CHECK_INT(nsl_load_md(&l, "abcdef", 6, &small), NS_ERR_TOO_LARGE);
	nsl_clear(&l);
	nsl_init(&l);
	CHECK_INT(nsl_load_md(&l, NULL, 0, &lim), NS_ERR_EMPTY);
	nsl_clear(&l);
}

int main(void)
{
	test_shanghai();
	test_headings_and_inline();
	test_grid_tables();
	test_pipes();
	test_repeated_headings();
	test_html_tables();
	test_html_spans();
	test_html_bomb();
	test_encodings_and_errors();
	return t_done("test_md_layout");
}
