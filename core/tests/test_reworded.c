/*
 * test_reworded.c — t3 printed with the labels agencies print instead of the
 * template's words: shortened (本机关不掌握, 本年新收申请数量), reworded
 * (全部公开 for 予以公开, 涉及 for 属于), lengthened (…的), another
 * character (其它), the template's punctuation put back (其他法律、行政法规).
 * Every cell must be read right, in a portal's HTML table and in the
 * tab-separated text a PDF gives: a reworded label names no row by itself,
 * but it must neither give its values to a row it resembles (全部公开's to
 * 部分公开, which followed with its own) nor leave them unread where the
 * rows around it say whose they are.
 */
#include "tcells.h"

static const double want[25][7] = {
	{247, 6, 0, 0, 0, 0, 253},
	{10, 2, 0, 0, 0, 0, 12},
	{2, 0, 0, 0, 0, 0, 2},
	{3, 1, 0, 0, 0, 0, 4},
	{4, 0, 0, 0, 0, 0, 4},
	{5, 0, 0, 0, 0, 0, 5},
	{6, 1, 0, 0, 0, 0, 7},
	{7, 0, 0, 0, 0, 0, 7},
	{8, 0, 0, 0, 0, 0, 8},
	{9, 1, 0, 0, 0, 0, 10},
	{10, 0, 0, 0, 0, 0, 10},
	{11, 0, 0, 0, 0, 0, 11},
	{12, 1, 0, 0, 0, 0, 13},
	{13, 0, 0, 0, 0, 0, 13},
	{14, 0, 0, 0, 0, 0, 14},
	{15, 1, 0, 0, 0, 0, 16},
	{16, 0, 0, 0, 0, 0, 16},
	{17, 0, 0, 0, 0, 0, 17},
	{18, 1, 0, 0, 0, 0, 19},
	{19, 0, 0, 0, 0, 0, 19},
	{20, 0, 0, 0, 0, 0, 20},
	{21, 1, 0, 0, 0, 0, 22},
	{22, 0, 0, 0, 0, 0, 22},
	{252, 7, 0, 0, 0, 0, 259},
	{5, 1, 0, 0, 0, 0, 6},
};

static const char *const rows[] = {T_T3_ROWS};
static const char *const cols[] = {"natural_person", "business", "research", "social_org",
                                   "legal_service", "other_org", "total"};

#define HEAD \
	"青川县民政局2024年政府信息公开工作年度报告\n\n" \
	"一、总体情况\n\n2024年，本局认真贯彻落实《条例》。\n\n" \
	"二、主动公开政府信息情况\n\n详见下表。\n\n" \
	"三、收到和处理政府信息公开申请情况\n\n"
#define TAIL \
	"四、政府信息公开行政复议、行政诉讼情况\n\n本年度无行政复议、行政诉讼。\n\n" \
	"五、存在的主要问题及改进情况\n\n政策解读形式较为单一。\n\n" \
	"六、其他需要报告的事项\n\n本局2024年未收取信息处理费。\n"

static const char html[] =
	"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年度报告</title></head><body>\n"
	"<h1>青川县民政局2024年政府信息公开工作年度报告</h1>\n"
	"<h2>一、总体情况</h2><p>2024年，本局认真贯彻落实《条例》。</p>\n"
	"<h2>二、主动公开政府信息情况</h2><p>详见下表。</p>\n"
	"<h2>三、收到和处理政府信息公开申请情况</h2>\n"
	"<table border=\"1\">\n"
	"<tr><td colspan=\"3\" rowspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=\"7\">申请人情况</td></tr>\n"
	"<tr><td rowspan=\"2\">自然人</td><td colspan=\"5\">法人或其他组织</td><td rowspan=\"2\">总计</td></tr>\n"
	"<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>\n"
	"<tr><td colspan=\"3\">一、本年新收申请数量</td><td>247</td><td>6</td><td>0</td><td>0</td><td>0</td><td>0</td><td>253</td></tr>\n"
	"<tr><td colspan=\"3\">二、上年结转申请数</td><td>10</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>12</td></tr>\n"
	"<tr><td rowspan=\"22\">三、本年度办理结果</td><td colspan=\"2\">（一）全部公开</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>\n"
	"<tr><td colspan=\"2\">（二）部分公开</td><td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>\n"
	"<tr><td rowspan=\"8\">（三）不予公开</td><td>1.涉及国家秘密</td><td>4</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>\n"
	"<tr><td>2.其他法律、行政法规禁止公开</td><td>5</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>5</td></tr>\n"
	"<tr><td>3.危及\"三安全一稳定\"</td><td>6</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>7</td></tr>\n"
	"<tr><td>4.保护第三方合法权益的</td><td>7</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>7</td></tr>\n"
	"<tr><td>5.三类内部事务信息</td><td>8</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>8</td></tr>\n"
	"<tr><td>6.四类过程性信息</td><td>9</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>10</td></tr>\n"
	"<tr><td>7.行政执法案卷</td><td>10</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>10</td></tr>\n"
	"<tr><td>8.行政查询事项</td><td>11</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>11</td></tr>\n"
	"<tr><td rowspan=\"3\">（四）无法提供</td><td>1.本机关不掌握</td><td>12</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>13</td></tr>\n"
	"<tr><td>2.需要另行制作</td><td>13</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>13</td></tr>\n"
	"<tr><td>3.申请内容补正后仍不明确</td><td>14</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>14</td></tr>\n"
	"<tr><td rowspan=\"5\">（五）不予处理</td><td>1.信访举报投诉类</td><td>15</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>16</td></tr>\n"
	"<tr><td>2.重复申请的</td><td>16</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>16</td></tr>\n"
	"<tr><td>3.要求提供已公开出版物</td><td>17</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>17</td></tr>\n"
	"<tr><td>4.申请人无正当理由大量反复申请</td><td>18</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>19</td></tr>\n"
	"<tr><td>5.要求确认或重新出具已获取信息</td><td>19</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>19</td></tr>\n"
	"<tr><td rowspan=\"3\">（六）其他处理</td><td>1.申请人逾期不补正、行政机关不再处理其申请</td><td>20</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>20</td></tr>\n"
	"<tr><td>2.申请人逾期未缴纳费用、行政机关不再处理其申请</td><td>21</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>22</td></tr>\n"
	"<tr><td>3.其它</td><td>22</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>22</td></tr>\n"
	"<tr><td colspan=\"2\">（七）合计</td><td>252</td><td>7</td><td>0</td><td>0</td><td>0</td><td>0</td><td>259</td></tr>\n"
	"<tr><td colspan=\"3\">四、结转下一年度继续办理</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>\n"
	"</table>\n"
	"<h2>四、政府信息公开行政复议、行政诉讼情况</h2><p>本年度无行政复议、行政诉讼。</p>\n"
	"<h2>五、存在的主要问题及改进情况</h2><p>政策解读形式较为单一。</p>\n"
	"<h2>六、其他需要报告的事项</h2><p>本局2024年未收取信息处理费。</p>\n"
	"</body></html>\n";

static const char text[] =
	HEAD
	"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）	申请人情况\n"
	"自然人	法人或其他组织	总计\n"
	"商业企业	科研机构	社会公益组织	法律服务机构	其他\n"
	"一、本年新收申请数量	247	6	0	0	0	0	253\n"
	"二、上年结转申请数	10	2	0	0	0	0	12\n"
	"三、本年度办理结果	（一）全部公开	2	0	0	0	0	0	2\n"
	"（二）部分公开	3	1	0	0	0	0	4\n"
	"（三）不予公开	1.涉及国家秘密	4	0	0	0	0	0	4\n"
	"2.其他法律、行政法规禁止公开	5	0	0	0	0	0	5\n"
	"3.危及\"三安全一稳定\"	6	1	0	0	0	0	7\n"
	"4.保护第三方合法权益的	7	0	0	0	0	0	7\n"
	"5.三类内部事务信息	8	0	0	0	0	0	8\n"
	"6.四类过程性信息	9	1	0	0	0	0	10\n"
	"7.行政执法案卷	10	0	0	0	0	0	10\n"
	"8.行政查询事项	11	0	0	0	0	0	11\n"
	"（四）无法提供	1.本机关不掌握	12	1	0	0	0	0	13\n"
	"2.需要另行制作	13	0	0	0	0	0	13\n"
	"3.申请内容补正后仍不明确	14	0	0	0	0	0	14\n"
	"（五）不予处理	1.信访举报投诉类	15	1	0	0	0	0	16\n"
	"2.重复申请的	16	0	0	0	0	0	16\n"
	"3.要求提供已公开出版物	17	0	0	0	0	0	17\n"
	"4.申请人无正当理由大量反复申请	18	1	0	0	0	0	19\n"
	"5.要求确认或重新出具已获取信息	19	0	0	0	0	0	19\n"
	"（六）其他处理	1.申请人逾期不补正、行政机关不再处理其申请	20	0	0	0	0	0	20\n"
	"2.申请人逾期未缴纳费用、行政机关不再处理其申请	21	1	0	0	0	0	22\n"
	"3.其它	22	0	0	0	0	0	22\n"
	"（七）合计	252	7	0	0	0	0	259\n"
	"四、结转下一年度继续办理	5	1	0	0	0	0	6\n"
	"\n" TAIL;

/* open: rows that may be left null (never wrong).  In the HTML the merged
 * group label "（六）其他处理" stands in each of its rows' labels, and with
 * "3.其它" it named 2019's single row 其他处理: t3 was read as the 2019
 * edition and 三（六）1-3 left null.  A label the rows next to it hold too,
 * before words of their own, is a group's: now every cell is read. */
/* Text of a file, NUL-ended, in a static buffer. */
static const char *fixture(const char *file)
{
	static char buf[16384];
	char path[512];
	snprintf(path, sizeof path, "%s/tables/%s", NS_FIXTURES_DIR, file);
	FILE *f = fopen(path, "rb");
	CHECK_MSG(f != NULL, "%s: cannot open", path);
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	return buf;
}

/* The report buf loads to, or NULL (a failed check). */
static ns_report *loaded(ns_ctx *ctx, const char *name, const char *buf)
{
	ns_report *r = NULL;
	int rc = buf ? ns_load_buffer(ctx, buf, strlen(buf), name, NULL, &r) : NS_ERR_IO;
	CHECK_MSG(rc == NS_OK, "%s: load failed: %s", name, buf ? ns_errmsg(ctx) : "no file");
	return rc == NS_OK ? r : NULL;
}

/* want's figure of t3 row i, column j, but for rows own_rows[0, nown),
 * whose figures are own's (a report whose figures differ from want's in
 * a few rows). */
static double want_at(int i, int j, const double own[][7], const int *own_rows, int nown)
{
	for (int q = 0; q < nown; q++)
		if (own_rows[q] == i)
			return own[q][j];
	return want[i][j];
}

/* Every cell of t3 of the report buf loads to right: want_at's, and row
 * `blank` (-1: none) null. */
static void t3_right(ns_ctx *ctx, const char *name, const char *buf, int blank,
                     const double own[][7], const int *own_rows, int nown)
{
	ns_report *r = loaded(ctx, name, buf);
	if (!r)
		return;
	int right = 0;
	for (int i = 0; i < 25; i++)
		for (int j = 0; j < 7; j++) {
			const ns_cell *c = ns_report_cell(r, "t3", rows[i], cols[j]);
			double w = want_at(i, j, own, own_rows, nown);
			int ok = i == blank ? c && !c->has_value : c && c->has_value && c->value == w;
			right += ok;
			CHECK_MSG(ok, "%s: t3.%s.%s is %s%g, want %s%g", name, rows[i], cols[j],
			          c && c->has_value ? "" : "null ", c && c->has_value ? c->value : 0,
			          i == blank ? "blank " : "", i == blank ? 0 : w);
		}
	printf("reworded: %s: %d of 175 cells of t3 right\n", name, right);
	ns_report_release(r);
}

static void check(ns_ctx *ctx, const char *name, const char *buf)
{
	t3_right(ctx, name, buf, -1, NULL, NULL, 0);
}

/* Column headings reworded as t3's Markdown pieces repeat them (个人, 其它,
 * 总数, 合 计; fixtures/tables/md_heads_*.md): each piece's header names
 * five or six of the seven, the others stand where the named leave room.
 * Every cell reads as under the template's headings — a row whose own
 * label cell is blank and whose total is blank among them (四、结转下年度
 * 继续办理 |  |  | 0 | 0 |…): its blank label cell was taken for a value,
 * every value a column off, when a header named six; and a value row
 * whose label says a heading (|  | 3.其他 | 3 |…) was taken for a header's
 * lower row. */
static void reworded_headings(ns_ctx *ctx, const char *file)
{
	ns_report *a = loaded(ctx, "md_heads_template.md", fixture("md_heads_template.md"));
	ns_report *b = loaded(ctx, file, fixture(file));
	if (a) {
		const ns_cell *cf = ns_report_cell(a, "t3", "carried_forward", "business");
		CHECK(cf && cf->has_value && cf->value == 0);
		CHECK(!ns_report_cell(a, "t3", "carried_forward", "natural_person")->has_value);
	}
	/* every cell as under the template's headings: none other, none
	 * more, none less */
	static const char *const all_t3[] = {"t3", NULL};
	int right = t_none_wrong(file, a, b, "t3", all_t3, 1);
	printf("reworded: %s: %d figures of t3 as under the template's headings\n", file, right);
	ns_report_release(a);
	ns_report_release(b);
}

/* 三（二） left wholly blank in the tab-separated text a PDF gives: its
 * empty cells leave no mark, so its label stands on a line of its own over
 * the next row's label and values.  The values are not 部分公开's:
 *  - "1.国家秘密" (属于国家秘密 shortened) under it names its row only
 *    loosely, and 部分公开's whole label before it, the words after it
 *    costing too little, outscored it; the line's number says an item 1,
 *    which 三（二） is not;
 *  - "（一）全部公开" over it (予以公开 reworded) scores 部分公开 by three
 *    characters of four, and took its row: the next label's first line
 *    names 部分公开 clearly, which its whole label (the line of values
 *    after it) did not say.
 * Either way 三（二）'s cells are wrong, not blank; every cell is read
 * right, 三（二） as a row left blank. */
#define BLANK_ROW_HEAD(GRANTED, PARTIAL, SECRET) \
	HEAD \
	"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）	申请人情况\n" \
	"自然人	法人或其他组织	总计\n" \
	"商业企业	科研机构	社会公益组织	法律服务机构	其他\n" \
	"一、本年新收申请数量	244	5	0	0	0	0	249\n" \
	"二、上年结转申请数	10	2	0	0	0	0	12\n" \
	GRANTED "	2	0	0	0	0	0	2\n" \
	PARTIAL "							\n" \
	SECRET "	4	0	0	0	0	0	4\n" \
	"2.其他法律、行政法规禁止公开	5	0	0	0	0	0	5\n" \
	"3.危及\"三安全一稳定\"	6	1	0	0	0	0	7\n" \
	"（三）	4.保护第三方合法权益	7	0	0	0	0	0	7\n" \
	"不予公开	5.属于三类内部事务信息	8	0	0	0	0	0	8\n" \
	"6.属于四类过程性信息	9	1	0	0	0	0	10\n" \
	"7.属于行政执法案卷	10	0	0	0	0	0	10\n" \
	"8.属于行政查询事项	11	0	0	0	0	0	11\n" \
	"（四）无法提供	1.本机关不掌握相关政府信息	12	1	0	0	0	0	13\n" \
	"2.没有现成信息需要另行制作	13	0	0	0	0	0	13\n" \
	"3.补正后申请内容仍不明确	14	0	0	0	0	0	14\n" \
	"（五）不予处理	1.信访举报投诉类申请	15	1	0	0	0	0	16\n" \
	"2.重复申请	16	0	0	0	0	0	16\n" \
	"3.要求提供公开出版物	17	0	0	0	0	0	17\n" \
	"4.无正当理由大量反复申请	18	1	0	0	0	0	19\n" \
	"5.要求行政机关确认或重新出具已获取信息	19	0	0	0	0	0	19\n" \
	"（六）其他处理	1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请	20	0	0	0	0	0	20\n" \
	"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请	21	1	0	0	0	0	22\n" \
	"3.其他	22	0	0	0	0	0	22\n" \
	"（七）总计	249	6	0	0	0	0	255\n" \
	"四、结转下年度继续办理	5	1	0	0	0	0	6\n" \
	"\n" TAIL

static const char blank_over_item[] = BLANK_ROW_HEAD(
	"（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.国家秘密");
static const char blank_under_reworded[] = BLANK_ROW_HEAD(
	"（一）全部公开", "（二）部分公开", "1.属于国家秘密");

static void blank_row(ns_ctx *ctx, const char *name, const char *buf)
{
	static const double own[][7] = {{244, 5, 0, 0, 0, 0, 249}, {249, 6, 0, 0, 0, 0, 255}};
	static const int own_rows[] = {0, 23};
	t3_right(ctx, name, buf, 3, own, own_rows, 2);
}

/* pdftotext -layout of a PDF whose cells are centred on their lines
 * (fixtures/tables/reworded_wrapped_*.txt): 三（二）'s label wraps around
 * its values, "（二）部分公开（区分处理的，只计这一情形" / values /
 * "不计其他情形）" (_middle), or its values stand on its first line, the
 * end under them (_top).  "（一）全部公开" before it (予以公开 reworded)
 * scored 部分公开 by three characters of four and took its row: the next
 * label, read with its end after the values, names the row clearly.
 * Every cell right. */
static void wrapped(ns_ctx *ctx, const char *file)
{
	check(ctx, file, fixture(file));
}

/* Markdown a converter shredded (fixtures/tables/md_blank_over_item.md):
 * each row's label stands on its own lines, its values in a small pipe
 * table under it.  三（六）2 left blank: its empty table left no unit, and
 * its label ran into "3.其他情况" over 其他's values, which its long label
 * took (the words after it costing too little).  The label's last line
 * says item 3, which 三（六）2 is not: the values are 其他's, 三（六）2
 * null. */
static void md_blank_over_item(ns_ctx *ctx)
{
	ns_report *r = NULL;
	CHECK(ns_load_file(ctx, NS_FIXTURES_DIR "/tables/md_blank_over_item.md", NULL, &r) ==
	      NS_OK);
	if (!r)
		return;
	for (int j = 0; j < 7; j++) {
		const ns_cell *fee = ns_report_cell(r, "t3", "other_unpaid_fee", cols[j]);
		const ns_cell *oth = ns_report_cell(r, "t3", "other_other", cols[j]);
		CHECK_MSG(fee && !fee->has_value, "md_blank_over_item.md: t3.other_unpaid_fee.%s = %g, "
		          "want null", cols[j], fee && fee->has_value ? fee->value : 0);
		CHECK_MSG(oth && oth->has_value && oth->value == want[22][j],
		          "md_blank_over_item.md: t3.other_other.%s = %g, want %g", cols[j],
		          oth && oth->has_value ? oth->value : -999, want[22][j]);
	}
	ns_report_release(r);
}

/* Every cell of t3 either null or want's (rows t3 other than those of
 * want: their own figures, rows[skip]: null), and row `must` read. */
static void none_wrong(ns_ctx *ctx, const char *file, int blank, int must,
                       const double own[][7], const int *own_rows, int nown)
{
	ns_report *r = loaded(ctx, file, fixture(file));
	if (!r)
		return;
	int read = 0;
	for (int i = 0; i < 25; i++)
		for (int j = 0; j < 7; j++) {
			const ns_cell *c = ns_report_cell(r, "t3", rows[i], cols[j]);
			double w = want_at(i, j, own, own_rows, nown);
			int has = c && c->has_value;
			read += has;
			CHECK_MSG(!has || (i != blank && c->value == w), "%s: t3.%s.%s is %g, want %s%g",
			          file, rows[i], cols[j], has ? c->value : 0, i == blank ? "null, not " : "",
			          w);
			if (i == must)
				CHECK_MSG(has, "%s: t3.%s.%s is null, want %g", file, rows[i], cols[j], w);
		}
	printf("reworded: %s: %d of 175 cells of t3 read, none wrong\n", file, read);
	ns_report_release(r);
}

/* pdftotext -layout, 三（六）2 left blank, its label wrapped over two lines
 * of its own over "其它" (其他 reworded) and 其他's values, all three in
 * the items' column (fixtures/tables/pdftotext_blank_over_other.txt):
 * 三（六）2's long label, ending on the line above the values, took them
 * (the words of the values' line costing too little).  The values' line
 * says nothing of that row: its values go under a label that names no
 * row, 三（六）2 and 其他 null.  The counter-case
 * (pdftotext_group_beside_values.txt): "年度办", a merged group label's
 * piece at the table's left, beside 三（二）'s values, under its label
 * wholly above them (三（一） left blank): those are 三（二）'s. */
static void values_line_words(ns_ctx *ctx)
{
	static const double own1[][7] = {{231, 6, 0, 0, 0, 0, 237}, {26, 2, 0, 0, 0, 0, 28}};
	static const int rows1[] = {23, 24};
	none_wrong(ctx, "pdftotext_blank_over_other.txt", 21, 20, own1, rows1, 2);
	static const double own2[][7] = {{245, 6, 0, 0, 0, 0, 251}, {250, 7, 0, 0, 0, 0, 257}};
	static const int rows2[] = {0, 23};
	none_wrong(ctx, "pdftotext_group_beside_values.txt", 2, 3, own2, rows2, 2);
	/* the group's piece and an item's words on one line, "办理结  国家秘密
	 * 4 0 …", under 三（二） left blank (pdftotext_group_and_item.txt): the
	 * item's words, right of the group's, trail 三（二）'s label — not its
	 * values */
	static const double own5[][7] = {{244, 5, 0, 0, 0, 0, 249}, {249, 6, 0, 0, 0, 0, 255}};
	static const int rows5[] = {0, 23};
	none_wrong(ctx, "pdftotext_group_and_item.txt", 3, 2, own5, rows5, 2);
	/* Shredded Markdown, 三（二） left blank (its label over a table of
	 * empty cells), then "| 1.涉及国家秘密 | 4 | …" a grid row
	 * (fixtures/tables/md_blank_over_grid_item.md): the number on the
	 * values' line weighs in a grid row too — 三（二）'s label took them */
	static const double own3[][7] = {{244, 5, 0, 0, 0, 0, 249}, {228, 5, 0, 0, 0, 0, 233},
	                                 {26, 2, 0, 0, 0, 0, 28}};
	static const int rows3[] = {0, 23, 24};
	none_wrong(ctx, "md_blank_over_grid_item.md", 3, 2, own3, rows3, 3);
	/* …and 二 left blank over the grid row "| 全部公开 | 2 | …"
	 * (md_blank_over_grid_row.md): 二's label, wholly on the line above,
	 * took 全部公开's values (the words of their line trailing it) — the
	 * words of the values' line hold in a grid row too */
	static const double own4[][7] = {{257, 8, 0, 0, 0, 0, 265}, {231, 6, 0, 0, 0, 0, 237},
	                                 {26, 2, 0, 0, 0, 0, 28}};
	static const int rows4[] = {0, 23, 24};
	none_wrong(ctx, "md_blank_over_grid_row.md", 1, 3, own4, rows4, 3);
}

int main(void)
{
	ns_ctx *ctx = ns_open();
	check(ctx, "reworded.html", html);
	check(ctx, "reworded.txt", text);
	reworded_headings(ctx, "md_heads_reworded.md");
	/* 其它 for 其他 in every label, heading and title (md_qita.md): the
	 * same word, 它 folded as 他 */
	reworded_headings(ctx, "md_qita.md");
	blank_row(ctx, "blank_over_item.txt", blank_over_item);
	blank_row(ctx, "blank_under_reworded.txt", blank_under_reworded);
	wrapped(ctx, "reworded_wrapped_middle.txt");
	wrapped(ctx, "reworded_wrapped_top.txt");
	md_blank_over_item(ctx);
	values_line_words(ctx);
	ns_close(ctx);
	return t_done("test_reworded");
}
