/*
 * test_html_layout.c — the HTML loader: a real portal page from the corpus
 * and small pages that each show one thing (spans, charsets, blanks, images,
 * bad input).  Set NS_DUMP=1 to print the corpus page's layout.
 */
#include "load/layout.h"
#include "t.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

static const nsl_limits lim = {64LL << 20, 64LL << 20, 0};


static int load(nsl_layout *l, const char *html)
{
	nsl_init(l);
	return nsl_load_html(l, html, strlen(html), &lim);
}

static void dump(const nsl_layout *l)
{
	printf("encoding=%s title=%s published=%s tables_as_images=%d rows=%d\n",
	       l->encoding, l->title_hint ? l->title_hint : "-",
	       l->published_hint ? l->published_hint : "-", l->tables_as_images,
	       l->nrows);
	for (int r = 0; r < l->nrows; r++) {
		const nsl_row *row = &l->rows[r];
		printf("%4d %s", r, row->grid ? "grid" : "para");
		for (int k = 0; k < row->ncells; k++) {
			const nsl_cell *c = nsl_row_cell(l, row, k);
			printf(" [%s]@%d:%d", c->text, c->pos.line, c->pos.col);
		}
		putchar('\n');
	}
}

static const char *cell(const nsl_layout *l, int r, int k)
{
	if (r < 0 || r >= l->nrows || k >= l->rows[r].ncells)
		return NULL;
	return nsl_row_cell(l, &l->rows[r], k)->text;
}

static ns_pos cell_pos(const nsl_layout *l, int r, int k)
{
	return nsl_row_cell(l, &l->rows[r], k)->pos;
}

/* first row whose first cell is s, or -1 */
static int find_row(const nsl_layout *l, const char *s)
{
	for (int r = 0; r < l->nrows; r++)
		if (l->rows[r].ncells && strcmp(cell(l, r, 0), s) == 0)
			return r;
	return -1;
}

static int any_cell_contains(const nsl_layout *l, const char *s)
{
	for (int i = 0; i < l->ncells; i++)
		if (strstr(l->cells[i].text, s))
			return 1;
	return 0;
}

/* ---- the real page ------------------------------------------------------ */

static void test_corpus(void)
{
	size_t len;
	char *buf = t_slurp(NS_CORPUS_DIR "/shuyang_fgj_2023.html", &len);
	CHECK_MSG(buf != NULL, "cannot read shuyang_fgj_2023.html");
	if (!buf)
		return;
	nsl_layout l;
	nsl_init(&l);
	int rc = nsl_load_html(&l, buf, len, &lim);
	CHECK_INT(rc, NS_OK);
	if (getenv("NS_DUMP"))
		dump(&l);
	CHECK_STR(l.encoding, "UTF-8");
	CHECK_STR(l.media_type, "text/html");
	CHECK_STR(l.title_hint, "沭阳县发展和改革局2023年政府信息公开年度报告");
	CHECK_STR(l.published_hint, "2024-01-17"); /* 公开日期 in the info box */
	CHECK_INT(l.tables_as_images, 0);

	/* t3, read by eye: 一、本年新收 spans three label columns; 自然人 26,
	 * the five 法人或其他组织 columns left blank, 总计 26. */
	int r = find_row(&l, "一、本年新收政府信息公开申请数量");
	CHECK(r >= 0);
	if (r >= 0) {
		CHECK_INT(l.rows[r].grid, 1);
		CHECK_INT(l.rows[r].ncells, 10);
		CHECK_STR(cell(&l, r, 1), "一、本年新收政府信息公开申请数量");
		CHECK_STR(cell(&l, r, 2), "一、本年新收政府信息公开申请数量");
		CHECK_STR(cell(&l, r, 3), "26");
		for (int k = 4; k <= 8; k++)
			CHECK_STR(cell(&l, r, k), "");
		CHECK_STR(cell(&l, r, 9), "26");
		/* <td colspan="3"> on line 414; its text starts on line 415 after
		 * the <p><span> markup, at code point 116 of that line */
		CHECK_INT(cell_pos(&l, r, 0).line, 415);
		CHECK_INT(cell_pos(&l, r, 0).col, 116);
		CHECK_INT(cell_pos(&l, r, 1).line, 415); /* copy: origin's place */
		CHECK_INT(cell_pos(&l, r, 3).line, 418);
		CHECK_INT(cell_pos(&l, r, 4).line, 420); /* blank: its <td> */
		CHECK_INT(cell_pos(&l, r, 4).col, 7);
	}
	/* the 22-row rowspan of 三、本年度办理结果 reaches （七）总计 */
	r = find_row(&l, "三、本年度办理结果");
	CHECK(r >= 0);
	if (r >= 0) {
		CHECK_STR(cell(&l, r, 1), "（一）予以公开");
		CHECK_STR(cell(&l, r + 21, 0), "三、本年度办理结果");
		CHECK_STR(cell(&l, r + 21, 1), "（七）总计");
		CHECK_STR(cell(&l, r + 21, 3), "26");
		CHECK_STR(cell(&l, r + 2, 2), "1.属于国家秘密");
		CHECK_STR(cell(&l, r + 4, 2), "3.危及“三安全一稳定”");
	}
	/* header words split across spans come out whole */
	CHECK(any_cell_contains(&l, "申请人情况"));
	CHECK(any_cell_contains(&l, "自然人"));
	/* t4: one row of 15 values, 尚未审结 1 and 总计 1 for 行政复议 */
	r = find_row(&l, "结果维持");
	CHECK(r >= 0 && r + 2 < l.nrows);
	if (r >= 0 && r + 2 < l.nrows) {
		CHECK_INT(l.rows[r + 2].ncells, 15);
		CHECK_STR(cell(&l, r + 2, 3), "1");
		CHECK_STR(cell(&l, r + 2, 4), "1");
	}
	/* body text: the title, section headings, the closing signature */
	r = find_row(&l, "沭阳县发展和改革局2023年政府信息公开年度报告");
	CHECK(r >= 0 && !l.rows[r].grid);
	CHECK(find_row(&l, "一、总体情况") >= 0);
	CHECK(find_row(&l, "五、存在的主要问题及整改措施") >= 0);
	CHECK(find_row(&l, "2024年1月17日") >= 0);
	/* chrome is gone: crawler header, portal header and nav, info box */
	CHECK(!any_cell_contains(&l, "采集时间"));
	CHECK(!any_cell_contains(&l, "走进沭阳"));
	CHECK(!any_cell_contains(&l, "办事服务"));
	CHECK(!any_cell_contains(&l, "无障碍"));
	CHECK(!any_cell_contains(&l, "索引号"));
	CHECK(!any_cell_contains(&l, "websiteId"));
	CHECK(!any_cell_contains(&l, "font-family"));
	nsl_clear(&l);
	free(buf);
}

/* ---- small pages ------------------------------------------------------------ */

static void test_spans(void)
{
	nsl_layout l;
	int rc = load(&l,
	    "<html><body>\n"
	    "<table>\n"
	    "<tr><td rowspan=\"2\">A</td><td colspan=\"2\">B</td></tr>\n"
	    "<tr><td>c</td><td>d</td></tr>\n"
	    "<tr><td>e</td><td></td><td>&nbsp;</td></tr>\n"
	    "</table></body></html>");
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 3);
	for (int r = 0; r < l.nrows; r++) {
		CHECK_INT(l.rows[r].grid, 1);
		CHECK_INT(l.rows[r].ncells, 3);
	}
	CHECK_STR(cell(&l, 0, 0), "A");
	CHECK_STR(cell(&l, 0, 1), "B");
	CHECK_STR(cell(&l, 0, 2), "B");
	CHECK_STR(cell(&l, 1, 0), "A");
	CHECK_STR(cell(&l, 1, 1), "c");
	CHECK_STR(cell(&l, 1, 2), "d");
	CHECK_STR(cell(&l, 2, 0), "e");
	CHECK_STR(cell(&l, 2, 1), "");
	CHECK_STR(cell(&l, 2, 2), "");
	/* copies carry the origin's position: A at line 3, column 21 */
	CHECK_INT(cell_pos(&l, 0, 0).line, 3);
	CHECK_INT(cell_pos(&l, 0, 0).col, 21);
	CHECK_INT(cell_pos(&l, 1, 0).line, 3);
	CHECK_INT(cell_pos(&l, 1, 0).col, 21);
	CHECK_INT(cell_pos(&l, 0, 2).col, cell_pos(&l, 0, 1).col);
	nsl_clear(&l);

	/* a column empty in every row goes; rowspan=0 runs to the end */
	rc = load(&l, "<table><tr><td rowspan=0>L</td><td>1</td><td></td></tr>"
	              "<tr><td>2</td><td> </td></tr>"
	              "<tr><td>3</td></tr></table>");
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 3);
	CHECK_INT(l.rows[0].ncells, 2);
	CHECK_INT(l.rows[1].ncells, 2);
	CHECK_STR(cell(&l, 2, 0), "L");
	CHECK_STR(cell(&l, 2, 1), "3");
	nsl_clear(&l);
}

static void test_blanks(void)
{
	nsl_layout l;
	int rc = load(&l, "<table><tr><td>自然人</td><td>商业企业</td><td>总计</td></tr>"
	                  "<tr><td>5</td><td>&nbsp;&nbsp;</td><td>5</td></tr>"
	                  "<tr><td>0</td><td><p><span>\xE3\x80\x80</span></p></td>"
	                  "<td>0</td></tr></table>");
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 3);
	CHECK_STR(cell(&l, 1, 1), "");
	CHECK_STR(cell(&l, 2, 1), "");
	CHECK_INT(l.rows[1].ncells, 3);
	nsl_clear(&l);
}

static void test_text(void)
{
	nsl_layout l;
	int rc = load(&l,
	    "<div><p><span>申请人情</span><span>况</span></p>"
	    "<p>政府<b>信息</b><font>公开</font> 工作</p>"
	    "<p>政府信息\n   公开年度报告</p>"
	    "<p>annual\nreport</p>"
	    "<p>\n  &nbsp;\xE3\x80\x80 前后空白 &nbsp; </p>"
	    "<div>一行<br>二行<p>段</p>尾</div>"
	    "<ul><li>甲</li><li>乙</li></ul></div>");
	CHECK_INT(rc, NS_OK);
	CHECK_STR(cell(&l, 0, 0), "申请人情况");
	CHECK_STR(cell(&l, 1, 0), "政府信息公开 工作");
	CHECK_STR(cell(&l, 2, 0), "政府信息公开年度报告"); /* Word's line wrap */
	CHECK_STR(cell(&l, 3, 0), "annual report");
	CHECK_STR(cell(&l, 4, 0), "前后空白");
	CHECK_INT(cell_pos(&l, 4, 0).line, 4);
	CHECK_INT(cell_pos(&l, 4, 0).col, 11); /* "  &nbsp;　 " then 前 */
	CHECK_STR(cell(&l, 5, 0), "一行");
	CHECK_STR(cell(&l, 6, 0), "二行");
	CHECK_STR(cell(&l, 7, 0), "段");
	CHECK_STR(cell(&l, 8, 0), "尾");
	CHECK_STR(cell(&l, 9, 0), "甲");
	CHECK_STR(cell(&l, 10, 0), "乙");
	CHECK_INT(l.nrows, 11);
	for (int r = 0; r < l.nrows; r++)
		CHECK_INT(l.rows[r].grid, 0);
	/* a cell of several paragraphs: one cell, parts spaced */
	nsl_clear(&l);
	rc = load(&l, "<table><tr><td><p>商业</p><p>企业</p></td><td>x<br>y</td>"
	              "</tr></table>");
	CHECK_INT(rc, NS_OK);
	CHECK_STR(cell(&l, 0, 0), "商业 企业");
	CHECK_STR(cell(&l, 0, 1), "x y");
	nsl_clear(&l);
}

static void test_nested(void)
{
	nsl_layout l;
	int rc = load(&l,
	    "<table><tr><td>左栏导航说明文字较多</td><td><p>正文一段</p>"
	    "<table><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td>"
	    "<td>8</td></tr></table><p>正文二段</p></td></tr></table>");
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 5);
	CHECK_STR(cell(&l, 0, 0), "左栏导航说明文字较多");
	CHECK_INT(l.rows[0].grid, 0);
	CHECK_STR(cell(&l, 1, 0), "正文一段");
	CHECK_INT(l.rows[2].grid, 1);
	CHECK_STR(cell(&l, 2, 0), "规章");
	CHECK_STR(cell(&l, 2, 1), "0");
	CHECK_STR(cell(&l, 3, 1), "8");
	CHECK_STR(cell(&l, 4, 0), "正文二段");
	nsl_clear(&l);
}

static void test_chrome(void)
{
	nsl_layout l;
	int rc = load(&l,
	    "<html><head><title>某局2023年报告-某某网</title>"
	    "<meta name=\"PubDate\" content=\"2024-01-20 10:31\">"
	    "<script>var x = '一、总体情况';</script></head><body>"
	    "<nav><a href=/>首页</a><a href=/a>走进本县</a></nav>"
	    "<div class=header><ul><li><a href=/x>政务公开</a></li>"
	    "<li><a href=/y>办事服务</a></li><li><a href=/z>互动交流</a></li></ul>"
	    "<div>欢迎访问某县人民政府网站</div></div>"
	    "<div class=main><div class=position>当前位置：<a href=/>首页</a></div>"
	    "<div class=content>"
	    "<p>一、总体情况</p><p>本年度我局认真贯彻落实政府信息公开条例，"
	    "全面推进政务公开工作，主动公开政府信息一百余条，依申请公开办理及时。"
	    "信息管理规范有序，平台建设不断加强，监督保障有力有效。</p>"
	    "<p>（一）主动公开。全年主动公开政府信息一百二十条，涵盖机构职能、"
	    "政策文件、财政预决算、重点工作等方面。</p>"
	    "<p>（二）依申请公开。全年收到政府信息公开申请三件，均在法定期限内"
	    "答复，无行政复议和行政诉讼。</p>"
	    "<p>（三）政府信息管理。严格执行保密审查制度，动态调整主动公开目录。</p>"
	    "<p>（四）平台建设。持续优化门户网站信息公开专栏，及时更新内容。</p>"
	    "<p>（五）监督保障。将政务公开纳入年度考核，开展业务培训两次。</p>"
	    "<p>二、主动公开政府信息情况</p>"
	    "<table><tr><td>信息内容</td><td>本年制发件数</td></tr>"
	    "<tr><td>规章</td><td>0</td></tr></table>"
	    "<div class=pages><a href=/p>上一篇：某局2022年报告</a>"
	    "<a href=/n>下一篇：无</a></div>"
	    "</div></div>"
	    "<div class=footer>主办单位：某县人民政府办公室 备案号</div>"
	    "</body></html>");
	CHECK_INT(rc, NS_OK);
	CHECK_STR(l.title_hint, "某局2023年报告-某某网"); /* no visible title */
	CHECK_STR(l.published_hint, "2024-01-20");
	CHECK(find_row(&l, "一、总体情况") >= 0);
	CHECK(find_row(&l, "规章") >= 0);
	CHECK(!any_cell_contains(&l, "首页"));
	CHECK(!any_cell_contains(&l, "办事服务"));
	CHECK(!any_cell_contains(&l, "欢迎访问"));
	CHECK(!any_cell_contains(&l, "上一篇"));
	CHECK(!any_cell_contains(&l, "主办单位"));
	CHECK(!any_cell_contains(&l, "var x"));
	CHECK_INT(l.tables_as_images, 0);
	nsl_clear(&l);

	/* a visible heading wins over <title>; a 发布时间 label over <meta> */
	rc = load(&l, "<title>门户</title><meta name=PubDate content=2024-02-02>"
	              "<div class=info>发布时间：2024年1月5日 10:00</div>"
	              "<h2>某镇2023年政府信息公开工作年度报告</h2><p>正文</p>");
	CHECK_INT(rc, NS_OK);
	CHECK_STR(l.title_hint, "某镇2023年政府信息公开工作年度报告");
	CHECK_STR(l.published_hint, "2024-01-05");
	nsl_clear(&l);

	/* a 信息公开 page's info table (宁国市商务局's): the date it was issued
	 * (发文日期) before the date written, as the mapper reads the same
	 * fields in a text; <meta> still before both */
	rc = load(&l, "<table><tr><td>发布机构</td><td>某镇人民政府</td>"
	              "<td>成文日期</td><td>2024-01-02</td></tr>"
	              "<tr><td>发文字号</td><td>无</td>"
	              "<td>发文日期</td><td>2024-01-05 15:47</td></tr></table>"
	              "<h2>某镇2023年政府信息公开工作年度报告</h2><p>正文</p>");
	CHECK_INT(rc, NS_OK);
	CHECK_STR(l.published_hint, "2024-01-05");
	nsl_clear(&l);
	rc = load(&l, "<meta name=PubDate content=2024-02-02>"
	              "<div>成文日期：2024-01-02 发文日期：2024-01-05</div>"
	              "<h2>某镇2023年政府信息公开工作年度报告</h2><p>正文</p>");
	CHECK_INT(rc, NS_OK);
	CHECK_STR(l.published_hint, "2024-02-02");
	nsl_clear(&l);
}

static void test_images(void)
{
	nsl_layout l;
	int rc = load(&l,
	    "<div><p>一、总体情况</p><p>本年度工作情况良好。</p>"
	    "<p><strong>二、主动公开政府信息情况</strong></p>"
	    "<p><img src=\"t2.png\" width=\"600\"></p>"
	    "<p>三、收到和处理政府信息公开申请情况</p><img src=\"t3.png\">"
	    "<p>四、政府信息公开行政复议、行政诉讼情况</p><img src=\"t4.png\">"
	    "<p>五、存在的主要问题及改进情况</p><p>无。</p></div>");
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.tables_as_images, 1);
	nsl_clear(&l);

	/* real tables and a small icon: no */
	rc = load(&l, "<p>二、主动公开政府信息情况</p><table><tr><td>规章</td>"
	              "<td>0</td></tr></table><p><img src=print.gif width=16>打印</p>");
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.tables_as_images, 0);
	nsl_clear(&l);

	/* heading and image in one paragraph */
	rc = load(&l, "<p><b>三、收到和处理政府信息公开申请情况</b><br>"
	              "<img src=t3.png></p><p>五、问题</p>");
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.tables_as_images, 1);
	nsl_clear(&l);
	rc = load(&l, "<p><b>三、收到和处理政府信息公开申请情况</b>"
	              "<img src=t3.png></p>");
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.tables_as_images, 1);
	nsl_clear(&l);

	/* a table in 二 but only an image in 三 */
	rc = load(&l, "<p>二、主动公开</p><table><tr><td>规章</td><td>0</td></tr>"
	              "</table><p>三、收到和处理</p><p><img src=t3.jpg></p>"
	              "<p>四、复议诉讼</p><table><tr><td>0</td></tr></table>");
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.tables_as_images, 1);
	nsl_clear(&l);
}

static void test_charsets(void)
{
	static const char page[] =
	    "<html><head><meta http-equiv=\"Content-Type\" "
	    "content=\"text/html; charset=gb2312\"></head><body>"
	    "<p>一、总体情况</p><table><tr><td>自然人</td><td>总计</td></tr>"
	    "</table></body></html>";
	size_t n;
	char *gbk = t_recode("GBK", page, strlen(page), &n);
	CHECK(gbk != NULL);
	nsl_layout l;
	nsl_init(&l);
	int rc = nsl_load_html(&l, gbk, n, &lim);
	CHECK_INT(rc, NS_OK);
	CHECK_STR(l.encoding, "GB18030");
	CHECK_STR(cell(&l, 0, 0), "一、总体情况");
	CHECK_STR(cell(&l, 1, 0), "自然人");
	CHECK_STR(cell(&l, 1, 1), "总计");
	nsl_clear(&l);
	free(gbk);

	/* <meta charset=gbk>, a short text: the declaration decides */
	static const char meta_page[] = "<meta charset=\"GBK\"><p>年报</p>";
	gbk = t_recode("GBK", meta_page, sizeof meta_page - 1, &n);
	nsl_init(&l);
	rc = nsl_load_html(&l, gbk, n, &lim);
	CHECK_INT(rc, NS_OK);
	CHECK_STR(l.encoding, "GB18030");
	CHECK_STR(cell(&l, 0, 0), "年报");
	nsl_clear(&l);
	free(gbk);

	/* no declaration at all */
	static const char bare_page[] = "<p>政府信息公开工作年度报告</p>";
	gbk = t_recode("GBK", bare_page, sizeof bare_page - 1, &n);
	nsl_init(&l);
	rc = nsl_load_html(&l, gbk, n, &lim);
	CHECK_INT(rc, NS_OK);
	CHECK_STR(l.encoding, "GB18030");
	CHECK_STR(cell(&l, 0, 0), "政府信息公开工作年度报告");
	CHECK_INT(cell_pos(&l, 0, 0).col, 4);
	nsl_clear(&l);
	free(gbk);

	/* a crawler re-saved the page as UTF-8 but kept its gb2312 tag */
	rc = load(&l, "<meta charset=gb2312><p>本年度报告所列数据的统计时限为"
	              "二〇二三年一月一日至十二月三十一日</p>");
	CHECK_INT(rc, NS_OK);
	CHECK_STR(l.encoding, "UTF-8");
	CHECK(any_cell_contains(&l, "统计时限"));
	nsl_clear(&l);
}

static void test_bad_input(void)
{
	nsl_layout l;
	nsl_init(&l);
	CHECK_INT(nsl_load_html(&l, "", 0, &lim), NS_ERR_EMPTY);
	nsl_clear(&l);
	nsl_limits small = {10, 10, 0};
	CHECK_INT(nsl_load_html(&l, "<p>more than ten bytes</p>", 26, &small),
	          NS_ERR_TOO_LARGE);
	nsl_clear(&l);
	CHECK_INT(load(&l, "<html><body></body></html>"), NS_ERR_EMPTY);
	CHECK(strlen(l.errmsg) > 0);
	nsl_clear(&l);
	CHECK_INT(load(&l, "<script>var a = 1;</script><style>p{}</style>  "),
	          NS_ERR_EMPTY);
	nsl_clear(&l);
	CHECK_INT(load(&l, "<table><tr><td> </td></tr></table><img src=x.png>"),
	          NS_ERR_EMPTY);
	nsl_clear(&l);
	nsl_init(&l);
	CHECK_INT(nsl_load_html(&l, "<p>\xFF\xFF\xFF</p>", 10, &lim),
	          NS_ERR_ENCODING);
	CHECK(strstr(l.errmsg, "offset") != NULL);
	nsl_clear(&l);

	/* garbage bytes: any code, no crash */
	char junk[8192];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof junk; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (char)(x >> 16);
	}
	nsl_init(&l);
	(void)nsl_load_html(&l, junk, sizeof junk, &lim);
	nsl_clear(&l);
	/* printable junk full of markup fragments */
	for (size_t i = 0; i < sizeof junk; i++) {
		static const char set[] = "<>/=\"' tdrablepx&;#\n";
		x = x * 1103515245u + 12345u;
		junk[i] = set[(x >> 16) % (sizeof set - 1)];
	}
	nsl_init(&l);
	(void)nsl_load_html(&l, junk, sizeof junk, &lim);
	nsl_clear(&l);
}

static char *repeat(const char *unit, int n, const char *tail)
{
	size_t k = strlen(unit), t = strlen(tail);
	char *s = malloc(k * (size_t)n + t + 1);
	for (int i = 0; i < n; i++)
		memcpy(s + k * (size_t)i, unit, k);
	memcpy(s + k * (size_t)n, tail, t + 1);
	return s;
}

static void test_limits(void)
{
	nsl_layout l;
	/* nesting far deeper than any page (gumbo's own free would overflow
	 * the stack here) */
	char *s = repeat("<table><tr><td>", 60000, "深处");
	int rc = load(&l, s);
	CHECK_INT(rc, NS_ERR_FORMAT); /* refused before gumbo: too deep */
	CHECK(strstr(l.errmsg, "deep") != NULL);
	nsl_clear(&l);
	free(s);
	/* 100k unclosed <div>s took gumbo seconds (quadratic in depth) */
	s = repeat("<div>", 100000, "深处");
	rc = load(&l, s);
	CHECK_INT(rc, NS_ERR_FORMAT);
	nsl_clear(&l);
	free(s);
	/* within the guard, but the text lies past the depth read: said as
	 * such, not as "no text" */
	s = repeat("<div>", 3000, "深处");
	rc = load(&l, s);
	CHECK_INT(rc, NS_ERR_FORMAT);
	CHECK(strstr(l.errmsg, "deep") != NULL);
	nsl_clear(&l);
	free(s);

	/* absurd spans are clamped: one row, 1000 columns at most */
	rc = load(&l, "<table><tr><td colspan=999999 rowspan=999999>x</td>"
	              "<td>y</td></tr></table>");
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 1);
	CHECK_INT(l.rows[0].ncells, 1000);
	nsl_clear(&l);

	/* a grid past the slot cap fails cleanly, as too large (a cap of
	 * the loader's: no memory limit given to the load changes it) */
	s = repeat("<tr><td colspan=1000>x</td></tr>", 1100, "");
	char *t = malloc(strlen(s) + 32);
	strcpy(t, "<table>");
	strcat(t, s);
	strcat(t, "</table>");
	rc = load(&l, t);
	CHECK_INT(rc, NS_ERR_TOO_LARGE);
	nsl_clear(&l);
	free(s);
	free(t);
}

int main(void)
{
	test_corpus();
	test_spans();
	test_blanks();
	test_text();
	test_nested();
	test_chrome();
	test_images();
	test_charsets();
	test_bad_input();
	test_limits();
	return t_done("test_html_layout");
}
