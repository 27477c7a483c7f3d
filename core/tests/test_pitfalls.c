/*
 * test_pitfalls.c — small inline text reports, one for each parsing pitfall
 * of docs report-model §7 and the core issue, loaded with ns_load_buffer.
 *
 * Every report is built from one template (build() below): a title, an
 * opening paragraph, sections 一 to 六, t2, t3 with its 25 rows and t4 as one
 * flat line.  A test changes what it needs (the separator, one row's line,
 * lines inserted before a row, the encoding...) and states what a careful
 * reader gets from the result.  NS_DUMP=1 prints each built report.
 */
#include "nianshen.h"
#include "t.h"

#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the template --------------------------------------------------- */

enum { R_RECEIVED, R_CARRIED_OVER, R_GRANTED, R_PARTIAL, R_SECRET, R_LAW, R_SECURITY,
       R_THIRD, R_INTERNAL, R_PROCESS, R_ENFORCE, R_INQUIRY, R_NOT_HELD, R_CREATE,
       R_UNCLEAR, R_COMPLAINT, R_DUPLICATE, R_PUBLICATION, R_EXCESSIVE, R_CONFIRM,
       R_NO_CORRECTION, R_UNPAID, R_OTHER_OTHER, R_TOTAL, R_FORWARD, NROWS };

static const char *const row_id[NROWS] = {T_T3_ROWS};

static const char *const row_label[NROWS] = {
	"一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
	"（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
	"1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
	"4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
	"7.属于行政执法案卷", "8.属于行政查询事项", "1.本机关不掌握相关政府信息",
	"2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "1.信访举报投诉类申请",
	"2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
	"5.要求行政机关确认或重新出具已获取信息",
	"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
	"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
	"3.其他", "（七）总计", "四、结转下年度继续办理"};

/* merged group labels, printed on a line of their own before the row */
static const char *const row_group[NROWS] = {
	[R_GRANTED] = "三、本年度办理结果", [R_SECRET] = "（三）不予公开",
	[R_NOT_HELD] = "（四）无法提供", [R_COMPLAINT] = "（五）不予处理",
	[R_NO_CORRECTION] = "（六）其他处理"};

static const char *const cols[7] = {"natural_person", "business", "research",
	"social_org", "legal_service", "other_org", "total"};

/* A balanced default: T3-1, T3-2 and T3-3 hold. */
static const int V0[NROWS][7] = {
	[R_RECEIVED] = {6, 1, 0, 0, 0, 1, 8},
	[R_CARRIED_OVER] = {1, 0, 0, 0, 0, 0, 1},
	[R_GRANTED] = {3, 1, 0, 0, 0, 0, 4},
	[R_PARTIAL] = {1, 0, 0, 0, 0, 0, 1},
	[R_THIRD] = {1, 0, 0, 0, 0, 0, 1},
	[R_NOT_HELD] = {1, 0, 0, 0, 0, 1, 2},
	[R_TOTAL] = {6, 1, 0, 0, 0, 1, 8},
	[R_FORWARD] = {1, 0, 0, 0, 0, 0, 1},
};

static const char *const T2_2019 =
	"第二十条第（一）项\n"
	"信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
	"规章\t0\t0\t0\n"
	"规范性文件\t3\t3\t25\n"
	"第二十条第（五）项\n"
	"信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
	"行政许可\t40\t2\t120\n"
	"其他对外管理服务事项\t5\t0\t7\n"
	"第二十条第（六）项\n"
	"信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
	"行政处罚\t10\t-1\t30\n"
	"行政强制\t2\t0\t4\n"
	"第二十条第（八）项\n"
	"信息内容\t上一年项目数量\t本年增/减\n"
	"行政事业性收费\t3\t0\n"
	"第二十条第（九）项\n"
	"信息内容\t采购项目数量\t采购总金额\n"
	"政府集中采购\t6\t35.2\n";

static const char *const T3_HEAD =
	"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n"
	"\t自然人\t法人或其他组织\t总计\n"
	"\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n";

static const char *const T4_DEFAULT =
	"行政复议\t行政诉讼\n"
	"结\t果\t维\t持\n"
	"结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n"
	"1\t2\t0\t1\t4\t0\t1\t0\t0\t1\t2\t0\t0\t1\t3\n";
static const int T4V[15] = {1, 2, 0, 1, 4, 0, 1, 0, 0, 1, 2, 0, 0, 1, 3};

typedef struct spec {
	const char *title;        /* NULL: 某某乡2023年… */
	const char *front;        /* NULL: the opening paragraph with 2023 */
	const char *t2;           /* NULL: T_T2_2021 */
	const char *sep;          /* NULL: "\t" */
	int no_groups;            /* leave the merged group labels out */
	int v[NROWS][7];
	const char *line[NROWS];  /* the row's whole text instead; "" drops it */
	const char *before[NROWS];/* text inserted before the row (and its group) */
	const char *t4;           /* NULL: T4_DEFAULT */
	int t3_2019;              /* one row （六）其他处理 instead of three */
	const char *other_line;   /* with t3_2019: its text */
} spec;

static void spec_init(spec *s)
{
	memset(s, 0, sizeof *s);
	memcpy(s->v, V0, sizeof V0);
}

static char *build(const spec *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	const char *sep = s->sep ? s->sep : "\t";
	fprintf(f, "%s\n\n", s->title ? s->title : "某某乡2023年政府信息公开工作年度报告");
	fprintf(f, "%s\n\n", s->front ? s->front :
	        "根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号的要求，"
	        "现发布本年度报告，统计期限为2023年1月1日至12月31日。");
	fprintf(f, "一、总体情况\n\n本乡主动公开政府信息100条。\n\n");
	fprintf(f, "二、主动公开政府信息情况\n\n%s\n", s->t2 ? s->t2 : T_T2_2021);
	fprintf(f, "三、收到和处理政府信息公开申请情况\n\n%s", T3_HEAD);
	for (int i = 0; i < NROWS; i++) {
		if (s->t3_2019 && (i == R_UNPAID || i == R_OTHER_OTHER))
			continue;
		if (s->before[i])
			fputs(s->before[i], f);
		if (s->t3_2019 && i == R_NO_CORRECTION) {
			fprintf(f, "%s\n", s->other_line ? s->other_line :
			        "（六）其他处理\t0\t0\t0\t0\t0\t0\t0");
			continue;
		}
		if (row_group[i] && !s->no_groups && !s->line[i])
			fprintf(f, "%s\n", row_group[i]);
		if (s->line[i]) {
			if (*s->line[i])
				fprintf(f, "%s\n", s->line[i]);
			continue;
		}
		fputs(row_label[i], f);
		for (int j = 0; j < 7; j++)
			fprintf(f, "%s%d", sep, s->v[i][j]);
		fputc('\n', f);
	}
	fprintf(f, "\n四、政府信息公开行政复议、行政诉讼情况\n\n%s\n", s->t4 ? s->t4 : T4_DEFAULT);
	fprintf(f, "五、存在的主要问题及改进情况\n\n一是公开内容不够丰富。二是将加强培训。\n\n");
	fprintf(f, "六、其他需要报告的事项\n\n本年度未收取信息处理费。\n");
	fclose(f);
	if (getenv("NS_DUMP"))
		printf("----\n%s----\n", buf);
	return buf;
}

/* 1-based line of the first occurrence of needle, or 0. */
static int line_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	if (!p)
		return 0;
	int line = 1;
	for (const char *q = text; q < p; q++)
		line += *q == '\n';
	return line;
}

/* ---- loading and looking ------------------------------------------- */

static ns_ctx *ctx;
static const char *g_test = "";

static ns_report *load_bytes(const char *buf, size_t len, const char *name)
{
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, buf, len, name, NULL, &r);
	CHECK_MSG(rc == NS_OK && r, "[%s] loading: %s: %s", g_test, ns_strerror(rc),
	          ns_errmsg(ctx));
	return rc == NS_OK ? r : NULL;
}

static ns_report *load_spec(const spec *s, char **text_out)
{
	char *t = build(s);
	ns_report *r = load_bytes(t, strlen(t), "pitfall.txt");
	if (text_out)
		*text_out = t;
	else
		free(t);
	return r;
}

static const ns_cell *cellk(const ns_report *r, const char *key)
{
	char t[8], row[64], col[64];
	if (sscanf(key, "%7[^.].%63[^.].%63s", t, row, col) != 3)
		return NULL;
	return ns_report_cell(r, t, row, col);
}

#define EXPECT_CELL(r, key, want) do { \
	const ns_cell *c_ = cellk(r, key); \
	CHECK_MSG(c_ && c_->has_value && fabs(c_->value - (want)) < 1e-9, \
	          "[%s] %s: expected %g, got %s%g", g_test, key, (double)(want), \
	          !c_ ? "(no cell) " : !c_->has_value ? "null " : "", \
	          c_ ? c_->value : 0.0); \
} while (0)

#define EXPECT_NULL(r, key) do { \
	const ns_cell *c_ = cellk(r, key); \
	CHECK_MSG(c_ && !c_->has_value, "[%s] %s: expected null, got %s%g", g_test, key, \
	          !c_ ? "(no cell) " : "", c_ ? c_->value : 0.0); \
} while (0)

#define EXPECT_ROW(r, t, row, vals) do { \
	for (int j_ = 0; j_ < 7; j_++) { \
		char k_[128]; \
		snprintf(k_, sizeof k_, "%s.%s.%s", t, row, cols[j_]); \
		EXPECT_CELL(r, k_, (vals)[j_]); \
	} \
} while (0)

static void expect_t3(const ns_report *r, const int v[NROWS][7])
{
	for (int i = 0; i < NROWS; i++)
		EXPECT_ROW(r, "t3", row_id[i], v[i]);
}

static void expect_t4(const ns_report *r, const int v[15])
{
	static const char *const rows[3] = {"review", "suit_direct", "suit_after_review"};
	static const char *const c4[5] = {"upheld", "corrected", "other", "pending", "total"};
	for (int k = 0; k < 15; k++) {
		char key[96];
		snprintf(key, sizeof key, "t4.%s.%s", rows[k / 5], c4[k % 5]);
		EXPECT_CELL(r, key, v[k]);
	}
}

static void expect_t2_default(const ns_report *r)
{
	EXPECT_CELL(r, "t2.regulations.issued", 0);
	EXPECT_CELL(r, "t2.normative_documents.issued", 2);
	EXPECT_CELL(r, "t2.normative_documents.repealed", 1);
	EXPECT_CELL(r, "t2.normative_documents.in_force", 9);
	EXPECT_CELL(r, "t2.licensing.decisions", 12);
	EXPECT_CELL(r, "t2.penalty.decisions", 3);
	EXPECT_CELL(r, "t2.coercion.decisions", 0);
	EXPECT_CELL(r, "t2.fees.amount", 1.5);
}

/* The first diagnostic with this code whose `where` starts with where. */
static const ns_diag *find_diag(const ns_report *r, const char *code, const char *where)
{
	for (int i = 0; i < ns_report_ndiag(r); i++) {
		const ns_diag *d = ns_report_diag(r, i);
		if (strcmp(d->code, code) != 0)
			continue;
		if (where && (!d->where || strncmp(d->where, where, strlen(where)) != 0))
			continue;
		return d;
	}
	return NULL;
}

static void expect_diag(int line, const ns_report *r, const char *code, const char *w,
                        int negate, int at_line)
{
	const ns_diag *d = find_diag(r, code, w);
	if (negate) {
		CHECK_MSG(!d, "test_pitfalls.c:%d: [%s] unexpected diagnostic %s %s: %s", line,
		          g_test, code, d && d->where ? d->where : "", d ? d->message : "");
		return;
	}
	CHECK_MSG(d, "test_pitfalls.c:%d: [%s] diagnostic %s %s expected", line, g_test, code,
	          w ? w : "");
	if (d && at_line > 0)
		CHECK_MSG(d->pos.line == at_line, "test_pitfalls.c:%d: [%s] diagnostic %s %s "
		          "expected at line %d, got line %d", line, g_test, code, w ? w : "",
		          at_line, d->pos.line);
}
#define EXPECT_DIAG(r, code, w) expect_diag(__LINE__, r, code, w, 0, 0)
#define EXPECT_NODIAG(r, code, w) expect_diag(__LINE__, r, code, w, 1, 0)
#define EXPECT_DIAG_LINE(r, code, w, ln) expect_diag(__LINE__, r, code, w, 0, ln)

/* No warnings or errors at all: a clean report reads clean. */
static void expect_clean(const ns_report *r)
{
	for (int i = 0; i < ns_report_ndiag(r); i++) {
		const ns_diag *d = ns_report_diag(r, i);
		CHECK_MSG(d->severity == NS_INFO, "[%s] unexpected %s %s %s at %d:%d: %s", g_test,
		          ns_severity_name(d->severity), d->code, d->where ? d->where : "",
		          d->pos.line, d->pos.col, d->message);
	}
}

/* ---- separators ------------------------------------------------------ */

static void test_separators(void)
{
	static const char *const seps[] = {"\t", "  ", "    ", " ", "\t\t", "　"};
	static const char *const names[] = {"tab", "two spaces", "four spaces",
		"one space", "two tabs", "ideographic space"};
	for (int k = 0; k < 6; k++) {
		spec s;
		spec_init(&s);
		s.sep = seps[k];
		g_test = names[k];
		ns_report *r = load_spec(&s, NULL);
		if (!r)
			continue;
		CHECK_MSG(ns_table_found(r, "t3"), "[%s] t3 not found", g_test);
		expect_t3(r, s.v);
		expect_t2_default(r);
		expect_t4(r, T4V);
		expect_clean(r);
		const ns_meta *m = ns_report_meta(r);
		CHECK_INT(m->year, 2023);
		CHECK_STR(m->agency, "某某乡");
		CHECK_INT(m->agency_type, NS_AGENCY_TOWNSHIP);
		CHECK_INT(m->edition, NS_EDITION_2021);
		CHECK_STR(m->encoding, "UTF-8");
		ns_report_release(r);
	}
}

/* Positions: line and column of a cell in tab-separated text. */
static void test_positions(void)
{
	spec s;
	spec_init(&s);
	char *text;
	g_test = "positions";
	ns_report *r = load_spec(&s, &text);
	if (r) {
		int ln = line_of(text, "一、本年新收");
		const ns_cell *c = ns_report_cell(r, "t3", "received", "natural_person");
		CHECK(c && c->pos.line == ln && c->pos.col == 18); /* 16 chars, a tab */
		CHECK(c && c->raw && strcmp(c->raw, "6") == 0);
		CHECK(c && !c->inferred);
		c = ns_report_cell(r, "t3", "received", "total");
		CHECK(c && c->pos.line == ln && c->pos.col == 30);
		ln = line_of(text, "1\t2\t0\t1\t4");
		c = ns_report_cell(r, "t4", "suit_after_review", "total");
		CHECK(c && c->pos.line == ln && c->pos.col == 29);
		const ns_section *sec = ns_report_section_by_id(r, "s3");
		CHECK(sec && sec->found && sec->title_pos.line == line_of(text, "三、收到和处理"));
		ns_report_release(r);
	}
	free(text);
}

/* ---- labels ---------------------------------------------------------- */

static void test_broken_labels(void)
{
	spec s;
	spec_init(&s);
	g_test = "labels broken across lines";
	/* a long label wrapped onto the next line, values after its tail */
	s.line[R_PARTIAL] = "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）\t1\t0\t0\t0\t0\t0\t1";
	s.line[R_NO_CORRECTION] = "1.申请人无正当理由逾期不补正、\n行政机关不再处理其政府信息公\n开申请\t0\t0\t0\t0\t0\t0\t0";
	/* huaian: the label's tail comes after the values */
	s.line[R_UNPAID] = "2.申请人逾期未按收费通知要求缴纳费用、\n\t0\t0\t0\t0\t0\t0\t0\n行政机关不再处理其政府信息公开申请";
	ns_report *r = load_spec(&s, NULL);
	if (r) {
		expect_t3(r, s.v);
		EXPECT_NODIAG(r, "row.missing", NULL);
		EXPECT_NODIAG(r, "label.unknown", NULL);
		ns_report_release(r);
	}

	spec_init(&s);
	g_test = "labels split into single characters";
	s.line[R_GRANTED] = "三\t、\t本\n（\t一\t）\t予\t以\t公\t开\t3\t1\t0\t0\t0\t0\t4";
	s.line[R_THIRD] = "4.保 护 第 三 方 合 法 权 益\t1\t0\t0\t0\t0\t0\t1";
	s.line[R_TOTAL] = "（七）\t总\t计\t6\t1\t0\t0\t0\t1\t8";
	s.before[R_RECEIVED] = "法\t律\n服\t务\n机\t构\n";
	r = load_spec(&s, NULL);
	if (r) {
		expect_t3(r, s.v);
		EXPECT_NODIAG(r, "row.missing", NULL);
		ns_report_release(r);
	}

	/* （七）合计 for （七）总计, as 合计 stands for 总计 over a column */
	spec_init(&s);
	g_test = "（七）合计";
	s.line[R_TOTAL] = "（七）合计\t6\t1\t0\t0\t0\t1\t8";
	r = load_spec(&s, NULL);
	if (r) {
		expect_t3(r, s.v);
		EXPECT_NODIAG(r, "row.missing", NULL);
		EXPECT_NODIAG(r, "label.unknown", NULL);
		ns_report_release(r);
	}
}

static void test_group_labels(void)
{
	spec s;
	spec_init(&s);
	g_test = "merged group labels interleaved";
	/* yuanzhou-style: the group label sits in the first cell of a row */
	s.no_groups = 1;
	s.line[R_THIRD] = "\t（三）\t4.保护第三方合法权益\t1\t0\t0\t0\t0\t0\t1";
	s.line[R_INTERNAL] = "\t不予公开\t5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0";
	s.line[R_NOT_HELD] = "\t（四）无法提供\t1.本机关不掌握相关政府信息\t1\t0\t0\t0\t0\t1\t2";
	s.line[R_CREATE] = "三、本\t\t2.没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0";
	s.line[R_UNCLEAR] = "年度办 理结果\t\t3.补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0";
	s.line[R_UNPAID] = "\t（六）其他处理\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0";
	ns_report *r = load_spec(&s, NULL);
	if (r) {
		expect_t3(r, s.v);
		EXPECT_NODIAG(r, "row.missing", NULL);
		ns_report_release(r);
	}
	/* and on lines of their own (the default template) */
	spec_init(&s);
	g_test = "group labels on their own lines";
	r = load_spec(&s, NULL);
	if (r) {
		expect_t3(r, s.v);
		ns_report_release(r);
	}
}

static void test_values_next_line(void)
{
	spec s;
	spec_init(&s);
	char *text;
	g_test = "values on the line after a wrapped label";
	s.line[R_PARTIAL] = "（二）部分公开（区分处理的，只计这一情形，不\n计其他情形）\n\t\t1\t0\t0\t0\t0\t0\t1";
	s.line[R_CONFIRM] = "5.要求行政机关确认或重 新出具\n已获取信息\n\t0\t0\t0\t0\t0\t0\t0";
	s.line[R_NOT_HELD] = "1.本机关不掌握相关政府信息\n1\t0\t0\t0\t0\t1\t2";
	ns_report *r = load_spec(&s, &text);
	if (r) {
		expect_t3(r, s.v);
		/* the cell stands where its value is, not where the label is */
		const ns_cell *c = ns_report_cell(r, "t3", "partially_granted", "natural_person");
		int ln = line_of(text, "计其他情形）\n") + 1;
		CHECK_MSG(c && c->pos.line == ln, "[%s] partially_granted at line %d, got %d",
		          g_test, ln, c ? c->pos.line : -1);
		ns_report_release(r);
	}
	free(text);
}

/* ---- page furniture ------------------------------------------------- */

static void test_page_furniture(void)
{
	spec s;
	spec_init(&s);
	g_test = "page numbers and repeated headers";
	s.before[R_SECRET] = "- 3 -\n";
	s.before[R_PROCESS] = "第 3 页\n\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n";
	s.before[R_NOT_HELD] = "— 4 —\n三、本年度办理结果\n";
	s.before[R_COMPLAINT] = "第4页 共6页\n";
	s.before[R_TOTAL] = "4/6\n";
	s.before[R_FORWARD] = "                       -5-\n";
	ns_report *r = load_spec(&s, NULL);
	if (r) {
		expect_t3(r, s.v);
		expect_t4(r, T4V);
		expect_clean(r);
		ns_report_release(r);
	}
}

/* A page's number alone on its line between a table's rows, no blank line
 * beside it (pdftotext without -layout, a viewer's copy): the row before
 * it held all its values on its own line, so the number is one value too
 * many for that row (row.long, the row left null) — a value wrapped onto
 * a line of its own leaves its row's line one short.  Nor is it a value
 * before t4's printed row of fifteen.  Each case: every cell read, the
 * number said as a page's (cell.page_number), nothing else. */
static void test_bare_page_numbers(void)
{
	static const struct {
		const char *name;
		int row;        /* t3 row the number stands before (-1: none) */
		const char *t4; /* NULL: T4_DEFAULT */
		const char *where;
	} cases[] = {
		{"before 三（三）5", R_INTERNAL, NULL, "t3.refused_third_party"},
		{"before 三（四）1, its group label next", R_NOT_HELD, NULL, "t3.refused_inquiry"},
		{"before 四", R_FORWARD, NULL, "t3.total_handled"},
		{"between t4's headings and its row", -1,
		 "行政复议\t行政诉讼\n"
		 "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n"
		 "7\n"
		 "1\t2\t0\t1\t4\t0\t1\t0\t0\t1\t2\t0\t0\t1\t3\n",
		 "t4"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		spec s;
		spec_init(&s);
		g_test = cases[k].name;
		if (cases[k].row >= 0)
			s.before[cases[k].row] = "3\n";
		s.t4 = cases[k].t4;
		ns_report *r = load_spec(&s, NULL);
		if (!r)
			continue;
		expect_t3(r, s.v);
		expect_t4(r, T4V);
		EXPECT_DIAG(r, "cell.page_number", cases[k].where);
		EXPECT_NODIAG(r, "row.long", NULL);
		ns_report_release(r);
	}
}

/* A report saved as one line (its line breaks lost): the crawler header
 * "标题: …" is the title up to where it names the report, not the whole
 * report after it (which every message quoting the title then carried,
 * past the cap on a message). */
static void test_one_line(void)
{
	g_test = "a report on one line";
	size_t len = 0;
	char *t = t_slurp(NS_SOURCE_DIR "/examples/district/qinglan_caizhengju_2023.txt", &len);
	if (!t)
		return;
	for (size_t i = 0; i < len; i++)
		if (t[i] == '\n')
			t[i] = ' ';
	ns_report *r = load_bytes(t, len, "one_line_2023.txt");
	if (r) {
		const char *title = ns_report_meta(r)->title;
		CHECK_MSG(title && strcmp(title, "青岚县财政局2023年政府信息公开工作年度报告") == 0,
		          "[%s] title %.200s", g_test, title ? title : "(none)");
		ns_report_release(r);
	}
	/* a normal title line is the title whole, whatever follows its words */
	const char *head = "标题: 青岚县财政局2023年政府信息公开工作年度报告（更正）\n";
	r = load_bytes(head, strlen(head), "head_2023.txt");
	if (r) {
		const char *title = ns_report_meta(r)->title;
		CHECK_MSG(title && strstr(title, "（更正）"), "[%s] title %s", g_test,
		          title ? title : "(none)");
		ns_report_release(r);
	}
	free(t);
	/* a page whose title line is lost: the header's 栏目 "政府信息公开年报"
	 * names the kind of report, not this one, and is no title (its text
	 * was taken for the agency) */
	g_test = "a portal header without its title";
	t = t_slurp(NS_SOURCE_DIR "/examples/district/qinglan_caizhengju_2023.txt", &len);
	char *body = t ? strchr(t, '\n') : NULL; /* past "标题: …" */
	if (body) {
		r = load_bytes(body + 1, strlen(body + 1), "no_title_2023.txt");
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(!m->title || !strstr(m->title, "栏目"), "[%s] title %s", g_test, m->title);
			CHECK_MSG(!m->agency || !strstr(m->agency, "栏目"), "[%s] agency %s", g_test,
			          m->agency);
			ns_report_release(r);
		}
	}
	free(t);
}

/* Title lines as agencies write them: the agency is the title less its
 * year, the report's name and the marks around it. */
static void test_title_forms(void)
{
	static const char *const titles[] = {
		"标题：青岚县财政局2023年政府信息公开工作年度报告",
		"《青岚县财政局2023年政府信息公开工作年度报告》",
		"关于青岚县财政局2023年政府信息公开工作年度报告",
		"2023年度青岚县财政局政府信息公开工作年度报告",
		"青岚县财政局\n2023年政府信息公开工作年度报告",
		"                    青岚县财政局2023年政府信息公开工作年度报告",
		/* words that join the agency to the report's name */
		"青岚县财政局关于2023年政府信息公开工作年度报告",
		"青岚县财政局关于公布《2023年政府信息公开工作年度报告》的通知",
		"关于印发《青岚县财政局2023年政府信息公开工作年度报告》的通知",
		"青岚县财政局的2023年政府信息公开工作年度报告",
		"2023年度青岚县财政局的政府信息公开工作年度报告",
		"“青岚县财政局”2023年政府信息公开工作年度报告",
		"「青岚县财政局」关于2023年度政府信息公开工作年度报告",
		/* other rows of a portal page that name a report before the
		 * title: a link to last year's (the period says 2023), a sidebar
		 * column's heading, the previous article, a list of the others */
		"青岚县财政局2022年政府信息公开工作年度报告\n青岚县财政局2023年政府信息公开工作年度报告",
		"政府信息公开年报\n青岚县财政局2023年政府信息公开工作年度报告",
		"上一篇：青岚县财政局2022年政府信息公开工作年度报告\n青岚县财政局2023年政府信息公开工作年度报告",
		"相关链接：青岚县教育局2023年政府信息公开工作年度报告\n青岚县财政局2023年政府信息公开工作年度报告",
		/* a sidebar of the latest reports, other agencies' first: the
		 * body names its own */
		"最新年报\n青岚县教育局2023年政府信息公开工作年度报告\n青岚县民政局2023年政府信息公开工作年度报告\n"
		"青岚县财政局2023年政府信息公开工作年度报告",
		/* the year written with circles for 〇, the report called 年报,
		 * the year inside the report's name */
		"青岚县财政局二○二三年政府信息公开工作年度报告",
		"青岚县财政局二◯二三年政府信息公开工作年度报告",
		"2023年青岚县财政局政府信息公开工作年报",
		"青岚县财政局政府信息公开工作2023年度报告",
		NULL};
	size_t len = 0;
	char *t = t_slurp(NS_SOURCE_DIR "/examples/district/qinglan_caizhengju_2023.txt", &len);
	/* the body without the portal header (标题, 发布时间, 发布机构, 栏目) */
	char *body = t;
	for (int k = 0; body && k < 4; k++)
		body = strchr(body, '\n') ? strchr(body, '\n') + 1 : NULL;
	for (int i = 0; body && titles[i]; i++) {
		g_test = titles[i];
		size_t n = strlen(titles[i]) + 1 + strlen(body);
		char *doc = malloc(n + 1);
		snprintf(doc, n + 1, "%s\n%s", titles[i], body);
		ns_report *r = load_bytes(doc, n, "title_2023.txt");
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(m->agency && strcmp(m->agency, "青岚县财政局") == 0, "[%s] agency %s",
			          g_test, m->agency ? m->agency : "(none)");
			CHECK_MSG(m->year == 2023, "[%s] year %d", g_test, m->year);
			ns_report_release(r);
		}
		free(doc);
	}
	/* the title as the running header of every page, the first's too
	 * (pdftotext: a form feed between pages): a running header is page
	 * furniture, the first page's first row the title */
	if (body) {
		g_test = "running header";
		const char *title = "青岚县财政局2023年政府信息公开工作年度报告";
		const char *mid = strstr(body, "二、");
		size_t n = strlen(body) + 3 * strlen(title) + 16;
		char *doc = malloc(n);
		if (mid && doc) {
			snprintf(doc, n, "%s\n%.*s\f%s\n%s\f%s\n", title, (int)(mid - body), body, title,
			         mid, title);
			ns_report *r = load_bytes(doc, strlen(doc), "running_2023.txt");
			if (r) {
				const ns_meta *m = ns_report_meta(r);
				CHECK_MSG(m->agency && strcmp(m->agency, "青岚县财政局") == 0, "[%s] agency %s",
				          g_test, m->agency ? m->agency : "(none)");
				CHECK_MSG(m->year == 2023, "[%s] year %d", g_test, m->year);
				CHECK_MSG(m->title && m->title_pos.line == 1, "[%s] title at line %d", g_test,
				          m->title_pos.line);
				ns_report_release(r);
			}
		}
		free(doc);
	}
	/* the period with its years written out: the first one too; and with
	 * its months and days written out as well */
	static const char *const written[][2] = {
		{"二〇二三年1月1日至二〇二三年12月31日", "2023年1月1日至2023年12月31日"},
		{"二〇二三年一月一日至十二月三十一日", "2023年一月一日至十二月三十一日"},
	};
	const char *fig = "2023年1月1日至2023年12月31日";
	char *p = body ? strstr(body, fig) : NULL;
	for (int k = 0; k < 2; k++) {
		g_test = written[k][0];
		if (!p) {
			CHECK_MSG(0, "[%s] the fixture's period is not where it was", g_test);
			break;
		}
		size_t pre = (size_t)(p - body), rest = strlen(p + strlen(fig));
		const char *cn = written[k][0];
		size_t n = pre + strlen(cn) + rest;
		char *doc = malloc(n + 1);
		memcpy(doc, body, pre);
		memcpy(doc + pre, cn, strlen(cn));
		memcpy(doc + pre + strlen(cn), p + strlen(fig), rest + 1);
		ns_report *r = load_bytes(doc, n, "period_2023.txt");
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(m->period && strcmp(m->period, written[k][1]) == 0,
			          "[%s] period %s", g_test, m->period ? m->period : "(none)");
			EXPECT_NODIAG(r, "meta.period", NULL);
			ns_report_release(r);
		}
		free(doc);
	}
	free(t);
}

/* A district report with its portal header replaced by `head` (NULL: no
 * header) and its signature date by `sig` (NULL: as it is), loaded as a file
 * named `name`. */
static ns_report *load_2024(const char *head, const char *sig, const char *name)
{
	size_t len = 0;
	char *t = t_slurp(NS_SOURCE_DIR "/examples/district/qinglan_caizhengju_2024.txt", &len);
	char *body = t;
	for (int k = 0; body && k < 4; k++) /* 标题, 发布时间, 发布机构, 栏目 */
		body = strchr(body, '\n') ? strchr(body, '\n') + 1 : NULL;
	char *at = body && sig ? strstr(body, "2025年1月23日") : NULL;
	CHECK_MSG(body && (!sig || at), "[%s] the fixture is not as it was", g_test);
	if (!body || (sig && !at)) {
		free(t);
		return NULL;
	}
	if (at)
		*at = 0;
	char *doc = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&doc, &n);
	fprintf(f, "%s%s%s%s", head ? head : "", head ? "\n" : "", body, sig ? sig : "");
	if (at)
		fputs(at + strlen("2025年1月23日"), f);
	fclose(f);
	ns_report *r = load_bytes(doc, n, name);
	free(doc);
	free(t);
	return r;
}

static void expect_published(ns_report *r, const char *want)
{
	if (!r)
		return;
	const ns_meta *m = ns_report_meta(r);
	CHECK_MSG(want ? m->published && strcmp(m->published, want) == 0 : !m->published,
	          "[%s] published %s, expected %s", g_test, m->published ? m->published : "(none)",
	          want ? want : "(none)");
	/* no date: the report says so (a deadline rule has nothing to go by) */
	if (want)
		EXPECT_NODIAG(r, "meta.published", NULL);
	else
		EXPECT_DIAG(r, "meta.published", NULL);
	ns_report_release(r);
}

/* The publication date in the forms real headers and signatures write it:
 * the header's date wins over the signature's (2025年1月23日 in the
 * fixture), whatever the label, the space after it, the date's form or the
 * file's form. */
static void test_published_forms(void)
{
	static const struct { const char *head, *name; } heads[] = {
		{"发布时间: 2025-01-24 09:12", "pub.md"},
		{"发布时间:\xC2\xA0" "2025-01-24 09:12", "pub.txt"},
		{"发布时间：2025/01/24", "pub.txt"},
		{"发布时间：2025年01月24日 09时12分", "pub.txt"},
		{"发布时间：２０２５－０１－２４", "pub.txt"},
		{"公开日期：2025-01-24", "pub.txt"},
		{"发布日期：2025.1.24", "pub.txt"},
		{"    发布时间: 2025-01-24", "pub.txt"},
		{"来源：青岚县财政局　　发布时间：2025-01-24　　浏览次数：12", "pub.txt"},
		/* an info bar copied with one space between its fields */
		{"来源：青岚县财政局 发布时间：2025-01-24 浏览次数：12", "pub.txt"},
		{"【字体：大 中 小】 发布时间：2025年1月24日", "pub.txt"},
		{"成文日期：2025-01-20\n发布日期：2025-01-24", "pub.txt"},
		{"成文日期：2025-01-24", "pub.md"},
		/* the date it was issued, as the info table of a portal's 信息
		 * 公开 page (宁国市商务局's) states it, before the date written */
		{"发布机构：青岚县财政局　　发文日期：2025-01-24", "pub.txt"},
		{"成文日期：2025-01-20\n发文日期：2025-01-24", "pub.txt"},
		/* an info bar whose first field is the site's address, runs of
		 * spaces between the fields, in a page converted to Markdown
		 * (攀枝花市西区审计局's of 2020): one line, one cell */
		{"www.qinglan.gov.cn     发布时间：2025-01-24     来源：青岚县财政局", "pub.md"},
		{NULL, NULL}};
	for (int i = 0; heads[i].head; i++) {
		g_test = heads[i].head;
		expect_published(load_2024(heads[i].head, NULL, heads[i].name), "2025-01-24");
	}
	/* no header: the date under the signature, in numerals or figures */
	static const struct { const char *sig, *want; } sigs[] = {
		{"二〇二五年一月二十三日", "2025-01-23"},
		{"二〇二五年十二月三十一日", "2025-12-31"},
		{"二○二五年一月二十三日", "2025-01-23"}, /* ○ (U+25CB) typed for 〇 */
		{"2025/1/23", "2025-01-23"},
		{"2025年1月23日", "2025-01-23"},
		{"2025年13月23日", NULL},
		{NULL, NULL}};
	for (int i = 0; sigs[i].sig; i++) {
		g_test = sigs[i].sig;
		expect_published(load_2024(NULL, sigs[i].sig, "sig.txt"), sigs[i].want);
	}
	/* a date in the text is no publication date */
	g_test = "prose";
	expect_published(load_2024("本报告发布时间：2025-01-24", "", "prose.txt"), NULL);
}

/* A breadcrumb at the top of a saved page is page furniture: never the
 * title, nor a piece of one, however much of the report it names. */
static void test_breadcrumbs(void)
{
	static const char *const heads[] = {
		"当前位置：首页 > 信息公开 > 年度报告\n标题: 青岚县财政局2024年政府信息公开工作年度报告",
		"当前位置：首页 > 信息公开 > 年度报告",
		"您现在的位置：首页>>政务公开>>政府信息公开年报",
		"首页 > 信息公开 > 政府信息公开年报",
		"首页 » 青岚县 » 2024年政府信息公开工作年度报告",
		"网站首页 → 政府信息公开年报",
		"政务公开 › 政府信息公开年报 › 2024年度报告",
		/* no breadcrumb: a title between ASCII book-title marks */
		"<<青岚县财政局2024年政府信息公开工作年度报告>>",
		NULL};
	for (int i = 0; heads[i]; i++) {
		g_test = heads[i];
		ns_report *r = load_2024(heads[i], NULL, "crumb.txt");
		if (!r)
			continue;
		const ns_meta *m = ns_report_meta(r);
		CHECK_MSG(m->agency && strcmp(m->agency, "青岚县财政局") == 0, "[%s] agency %s", g_test,
		          m->agency ? m->agency : "(none)");
		CHECK_MSG(m->agency_type == NS_AGENCY_DEPARTMENT, "[%s] agency type %s", g_test,
		          ns_agency_type_name(m->agency_type));
		CHECK_MSG(m->title && !strstr(m->title, "首页") && !strstr(m->title, "位置") &&
		          !strstr(m->title, "›"), "[%s] title %s", g_test, m->title ? m->title : "(none)");
		CHECK_INT(m->year, 2024);
		ns_report_release(r);
	}
}

/* Prose hard-wrapped at a fixed width breaks the period's sentence
 * anywhere, dates and the notice's number included: the period and the
 * edition are read through the line breaks, whatever the width. */
static void test_wrapped_prose(void)
{
	size_t len = 0;
	char *t = t_slurp(NS_SOURCE_DIR "/examples/district/qinglan_caizhengju_2024.txt", &len);
	char *p = t ? strstr(t, "本报告由青岚县财政局根据") : NULL;
	char *pe = p ? strchr(p, '\n') : NULL;
	CHECK_MSG(pe, "[wrapped] the fixture's opening is not where it was");
	static const char *const opening[] = {
		NULL, /* the fixture's own: 统计期限为2024年1月1日至2024年12月31日 */
		"本报告根据国办公开办函〔2021〕30号文件要求编制，统计期限为2024.1.1-2024.12.31。",
		NULL};
	for (int o = 0; pe && o < 2; o++) {
		const char *para = o == 0 ? p : opening[o];
		size_t plen = o == 0 ? (size_t)(pe - p) : strlen(para);
		/* (a row of a bare number, "2024" alone, is a page number: the
		 * figures are wrapped at six characters or more) */
		for (int w = o == 0 ? 3 : 6; w <= 40; w++) {
			char name[64];
			snprintf(name, sizeof name, "opening %d wrapped at %d", o, w);
			g_test = name;
			char *doc = NULL;
			size_t n = 0;
			FILE *f = open_memstream(&doc, &n);
			fwrite(t, 1, (size_t)(p - t), f);
			/* w characters a line, the next indented by a full-width space
			 * every other width */
			int col = 0;
			for (size_t i = 0; i < plen; i++) {
				if (((unsigned char)para[i] & 0xC0) != 0x80 && col == w) {
					fputs(w % 2 ? "\n　" : "\n", f);
					col = 0;
				}
				fputc(para[i], f);
				col += ((unsigned char)para[i] & 0xC0) != 0x80;
			}
			fputs(pe, f);
			fclose(f);
			ns_report *r = load_bytes(doc, n, "wrapped.txt");
			if (r) {
				const ns_meta *m = ns_report_meta(r);
				const char *want = o == 0 ? "2024年1月1日至2024年12月31日" : "2024.1.1-2024.12.31";
				CHECK_MSG(m->period && strcmp(m->period, want) == 0, "[%s] period %s", g_test,
				          m->period ? m->period : "(none)");
				CHECK_MSG(m->edition == NS_EDITION_2021, "[%s] edition %d", g_test,
				          (int)m->edition);
				ns_report_release(r);
			}
			free(doc);
		}
	}
	free(t);
}

/* ---- t4 ------------------------------------------------------------- */

static void test_t4_flat(void)
{
	spec s;
	spec_init(&s);
	g_test = "t4 as one flat line";
	/* the header split into single characters (yuanzhou lines 81-83) */
	s.t4 = "行政复议\t\t\t行政诉讼\n"
	       "结\t结 结 其\t\t\t尚\t\t未经复议直接起诉\t\t\t\t复议后起诉\n"
	       "果维持\t果纠正\t他 结 果\t未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总 计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总 计\n"
	       "3\t0\t1\t0\t4\t0\t0\t0\t2\t2\t1\t1\t0\t0\t2\n";
	static const int v[15] = {3, 0, 1, 0, 4, 0, 0, 0, 2, 2, 1, 1, 0, 0, 2};
	ns_report *r = load_spec(&s, NULL);
	if (r) {
		expect_t4(r, v);
		ns_report_release(r);
	}
	/* spaces between the numbers (pdftotext -layout) */
	spec_init(&s);
	g_test = "t4 flat, spaces";
	s.t4 = "          行政复议                              行政诉讼\n"
	       "结果   结果     其他   尚未\n"
	       "维持   纠正     结果   审结\n"
	       "72   64    178    37    351   13    4        8        1        26   12   1     1    6       20\n";
	static const int w[15] = {72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20};
	r = load_spec(&s, NULL);
	if (r) {
		expect_t4(r, w);
		ns_report_release(r);
	}
	/* two cells left empty (pdftotext -layout, a header with no columns to
	 * place them by): 13 figures, read as written with two blanks as well
	 * as with 10 and 10 split ("1 0", "1 0"): the rows the readings differ
	 * in are left null, not split; 行政复议, the same in every reading, is
	 * read as written (no cell inferred) */
	spec_init(&s);
	g_test = "t4 flat, figures fewer than cells";
	s.t4 = "行政复议 行政诉讼\n"
	       "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n"
	       "   0    0   29    0   29    0    0   10        10         0    1    0    1\n";
	r = load_spec(&s, NULL);
	if (r) {
		static const char *const c4[5] = {"upheld", "corrected", "other", "pending", "total"};
		static const int rv[5] = {0, 0, 29, 0, 29};
		for (int k = 0; k < 5; k++) {
			char key[96];
			snprintf(key, sizeof key, "t4.review.%s", c4[k]);
			EXPECT_CELL(r, key, rv[k]);
			const ns_cell *c = ns_report_cell(r, "t4", "review", c4[k]);
			CHECK_MSG(c && !c->inferred, "[%s] %s inferred", g_test, key);
			snprintf(key, sizeof key, "t4.suit_direct.%s", c4[k]);
			EXPECT_NULL(r, key);
			snprintf(key, sizeof key, "t4.suit_after_review.%s", c4[k]);
			EXPECT_NULL(r, key);
		}
		EXPECT_NODIAG(r, "cell.glued", NULL);
		ns_report_release(r);
	}
	/* a sentence above the table starting with its year, a space between
	 * the figures and 年 (a PDF's text: 2020年报_审计局, page 9): the
	 * year is words, not the printed row (it had left t4 all null) */
	spec_init(&s);
	g_test = "t4 flat, a year in the sentence above";
	s.t4 = "2023 年，本机关未出现申请行政复议、提起行政诉讼的情况。\n"
	       "行政复议 行政诉讼\n"
	       "未经复议直接起诉 复议后起诉\n"
	       "1 2 0 1 4 0 1 0 0 1 2 0 0 1 3\n";
	r = load_spec(&s, NULL);
	if (r) {
		expect_t4(r, T4V);
		ns_report_release(r);
	}
	/* as printed, even when it does not balance: judging is for the rules */
	spec_init(&s);
	g_test = "t4 unbalanced, kept as printed";
	s.t4 = "行政复议\t行政诉讼\n10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0\n";
	static const int u[15] = {10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0};
	r = load_spec(&s, NULL);
	if (r) {
		expect_t4(r, u);
		ns_report_release(r);
	}
}

/* ---- glued digits ----------------------------------------------------- */

static void glued_rows(spec *s, const char *const txt[NROWS])
{
	for (int i = 0; i < NROWS; i++) {
		static char buf[NROWS][512];
		snprintf(buf[i], sizeof buf[i], "%s%s", row_label[i], txt[i] ? txt[i] : "0000000");
		s->line[i] = buf[i];
	}
	s->no_groups = 1;
}

static void test_glued(void)
{
	spec s;
	spec_init(&s);
	char *text;
	g_test = "glued digits, one split";
	/* 80,1,0,0,0,0,81 is the only split of 801000081 with a row sum that
	 * holds; 220000022 and 191000020 have two each, the column sums keep one */
	static const char *const g1[NROWS] = {
		[R_RECEIVED] = "801000081", [R_GRANTED] = "220000022",
		[R_PARTIAL] = "191000020", [R_NOT_HELD] = "390000039",
		[R_TOTAL] = "801000081"};
	glued_rows(&s, g1);
	ns_report *r = load_spec(&s, &text);
	if (r) {
		static const int rec[7] = {80, 1, 0, 0, 0, 0, 81};
		static const int gr[7] = {22, 0, 0, 0, 0, 0, 22};
		static const int pg[7] = {19, 1, 0, 0, 0, 0, 20};
		static const int nh[7] = {39, 0, 0, 0, 0, 0, 39};
		EXPECT_ROW(r, "t3", "received", rec);
		EXPECT_ROW(r, "t3", "granted", gr);
		EXPECT_ROW(r, "t3", "partially_granted", pg);
		EXPECT_ROW(r, "t3", "unavailable_not_held", nh);
		EXPECT_ROW(r, "t3", "total_handled", rec);
		const ns_cell *c = ns_report_cell(r, "t3", "received", "natural_person");
		CHECK_MSG(c && c->inferred, "[%s] a glued split is marked inferred", g_test);
		CHECK(c && c->raw && strcmp(c->raw, "80") == 0);
		int ln = line_of(text, "一、本年新收");
		CHECK(c && c->pos.line == ln && c->pos.col == 17);
		c = ns_report_cell(r, "t3", "received", "total");
		CHECK(c && c->pos.col == 24 && c->raw && strcmp(c->raw, "81") == 0);
		EXPECT_DIAG(r, "cell.glued", "t3.received");
		EXPECT_DIAG(r, "cell.glued", "t3.granted");
		EXPECT_DIAG_LINE(r, "cell.glued", "t3.received", ln);
		EXPECT_NODIAG(r, "cell.ambiguous", NULL);
		ns_report_release(r);
	}
	free(text);

	spec_init(&s);
	g_test = "glued digits, several splits";
	/* granted and partially_granted both read 22,0,… or 2,20,…; the column
	 * sums (24 and 20) hold for 22+2 and for 2+22: no way to decide */
	static const char *const g2[NROWS] = {
		[R_RECEIVED] = "2420000044", [R_GRANTED] = "220000022",
		[R_PARTIAL] = "220000022", [R_TOTAL] = "2420000044"};
	glued_rows(&s, g2);
	r = load_spec(&s, &text);
	if (r) {
		static const int rec[7] = {24, 20, 0, 0, 0, 0, 44};
		EXPECT_ROW(r, "t3", "received", rec);
		for (int j = 0; j < 7; j++) {
			char k[96];
			snprintf(k, sizeof k, "t3.granted.%s", cols[j]);
			EXPECT_NULL(r, k);
			snprintf(k, sizeof k, "t3.partially_granted.%s", cols[j]);
			EXPECT_NULL(r, k);
		}
		EXPECT_DIAG(r, "cell.ambiguous", "t3.granted");
		EXPECT_DIAG(r, "cell.ambiguous", "t3.partially_granted");
		EXPECT_DIAG_LINE(r, "cell.ambiguous", "t3.granted", line_of(text, "（一）予以公开"));
		ns_report_release(r);
	}
	free(text);

	/* t4 glued: 17 digits for 15 cells, one reading */
	spec_init(&s);
	g_test = "glued t4";
	s.t4 = "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计10203120001200000\n";
	r = load_spec(&s, NULL);
	if (r) {
		static const int v[15] = {1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0};
		expect_t4(r, v);
		EXPECT_DIAG(r, "cell.glued", "t4");
		ns_report_release(r);
	}
}

/* ---- empty fields of tab-separated rows ------------------------------ */

/* A tab-separated row keeps a field for each cell: an empty field is a
 * blank, and the values after it keep their columns, wherever it stands
 * (first, last, between, after a label of two fields), in every table.
 * Each case here was read null, or as a lost cell, before. */
static void test_tab_fields(void)
{
	spec s;
	char *text;
	static const struct {
		const char *what;
		int row;            /* t3 row */
		const char *line;
		int v[7];           /* -1: blank */
	} t3[] = {
		{"t3, first two columns empty", R_SECURITY,
		 "3.危及“三安全一稳定”\t\t\t0\t0\t0\t0\t0", {-1, -1, 0, 0, 0, 0, 0}},
		{"t3, first column empty, figures after it", R_GRANTED,
		 "（一）予以公开\t\t1\t0\t0\t0\t3\t4", {-1, 1, 0, 0, 0, 3, 4}},
		{"t3, last two columns empty", R_PUBLICATION,
		 "3.要求提供公开出版物\t0\t0\t0\t0\t0\t\t", {0, 0, 0, 0, 0, -1, -1}},
		{"t3, first and a middle column empty", R_EXCESSIVE,
		 "4.无正当理由大量反复申请\t\t0\t\t0\t0\t0\t0", {-1, 0, -1, 0, 0, 0, 0}},
		{"t3, a label of two fields, first column empty", R_THIRD,
		 "（三）不予公开\t4.保护第三方合法权益\t\t1\t0\t0\t0\t0\t1", {-1, 1, 0, 0, 0, 0, 1}},
		{"t3, blanks written with spaces in their fields", R_SECRET,
		 "1.属于国家秘密\t \t0\t0\t0\t0\t0\t  ", {-1, 0, 0, 0, 0, 0, -1}},
		{"t3, two blanks written as NBSP between, a tab and a U+3000 after the last",
		 R_CARRIED_OVER, "二、上年结转政府信息公开申请数量\t3\t1\t\u00a0\t\u00a0\t0\t0\t4\t\u3000",
		 {3, 1, -1, -1, 0, 0, 4}},
	};
	for (size_t k = 0; k < sizeof t3 / sizeof *t3; k++) {
		spec_init(&s);
		g_test = t3[k].what;
		for (int j = 0; j < 7; j++)
			s.v[t3[k].row][j] = t3[k].v[j] < 0 ? 0 : t3[k].v[j];
		s.line[t3[k].row] = t3[k].line;
		ns_report *r = load_spec(&s, &text);
		if (!r) {
			free(text);
			continue;
		}
		for (int j = 0; j < 7; j++) {
			char key[96];
			snprintf(key, sizeof key, "t3.%s.%s", row_id[t3[k].row], cols[j]);
			if (t3[k].v[j] < 0) {
				EXPECT_NULL(r, key);
				const ns_cell *c = cellk(r, key);
				CHECK_MSG(c && c->raw && !*c->raw && c->pos.line ==
				          line_of(text, t3[k].line), "[%s] %s: a blank of its line", g_test, key);
				char w[96];
				snprintf(w, sizeof w, "t3.%s.%s", row_id[t3[k].row], cols[j]);
				EXPECT_DIAG(r, "cell.blank", w);
			} else {
				EXPECT_CELL(r, key, t3[k].v[j]);
				const ns_cell *c = cellk(r, key);
				CHECK_MSG(c && !c->inferred, "[%s] %s read as written", g_test, key);
			}
		}
		char w[64];
		snprintf(w, sizeof w, "t3.%s", row_id[t3[k].row]);
		EXPECT_NODIAG(r, "row.short", w);
		EXPECT_NODIAG(r, "cell.ambiguous", w);
		/* an empty field at an end of its figures: a stray tab and a lost
		 * figure would read the same, which is said; a tab past the last
		 * cell is layout, nothing to say */
		if (t3[k].v[0] < 0 || t3[k].v[6] < 0)
			EXPECT_DIAG(r, "row.tab_fields", w);
		else
			EXPECT_NODIAG(r, "row.tab_fields", w);
		ns_report_release(r);
		free(text);
	}

	/* t4's printed row, cells empty first, last and between */
	static const struct {
		const char *what, *row;
		int v[15];
	} t4[] = {
		{"t4, first two cells empty", "\t\t3\t1\t4\t0\t0\t0\t0\t0\t1\t0\t0\t0\t1",
		 {-1, -1, 3, 1, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1}},
		{"t4, first cell empty", "\t2\t0\t1\t3\t0\t0\t0\t0\t0\t1\t0\t0\t0\t1",
		 {-1, 2, 0, 1, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1}},
		{"t4, last two cells empty", "1\t0\t0\t1\t2\t0\t0\t0\t0\t0\t0\t0\t0\t\t",
		 {1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1}},
		{"t4, a block's cells empty", "1\t0\t0\t1\t2\t\t\t\t\t\t1\t0\t0\t0\t1",
		 {1, 0, 0, 1, 2, -1, -1, -1, -1, -1, 1, 0, 0, 0, 1}},
	};
	static const char *const t4rows[3] = {"review", "suit_direct", "suit_after_review"};
	static const char *const t4cols[5] = {"upheld", "corrected", "other", "pending", "total"};
	for (size_t k = 0; k < sizeof t4 / sizeof *t4; k++) {
		spec_init(&s);
		g_test = t4[k].what;
		char buf[512];
		snprintf(buf, sizeof buf, "行政复议\t行政诉讼\n"
		         "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n"
		         "%s\n", t4[k].row);
		s.t4 = buf;
		ns_report *r = load_spec(&s, NULL);
		if (!r)
			continue;
		for (int j = 0; j < 15; j++) {
			char key[64];
			snprintf(key, sizeof key, "t4.%s.%s", t4rows[j / 5], t4cols[j % 5]);
			if (t4[k].v[j] < 0) {
				EXPECT_NULL(r, key);
				EXPECT_DIAG(r, "cell.blank", key);
			} else {
				EXPECT_CELL(r, key, t4[k].v[j]);
			}
		}
		EXPECT_NODIAG(r, "cell.ambiguous", NULL);
		/* empty fields at an end are said once for the printed row; a
		 * run of them between figures is a blank outright */
		if (t4[k].v[0] < 0 || t4[k].v[14] < 0)
			EXPECT_DIAG(r, "row.tab_fields", "t4.review");
		else
			EXPECT_NODIAG(r, "row.tab_fields", NULL);
		ns_report_release(r);
	}

	/* t2: an empty field first or last in 规章's three */
	static const struct {
		const char *what, *row;
		double v[3];
	} t2[] = {
		{"t2, first cell empty", "规章\t\t0\t2", {-1, 0, 2}},
		{"t2, last cell empty", "规章\t1\t0\t", {1, 0, -1}},
		{"t2, middle cell empty, first too", "规章\t\t\t2", {-1, -1, 2}},
	};
	static const char *const t2cols[3] = {"issued", "repealed", "in_force"};
	for (size_t k = 0; k < sizeof t2 / sizeof *t2; k++) {
		spec_init(&s);
		g_test = t2[k].what;
		char buf[1024];
		const char *rest = strstr(T_T2_2021, "行政规范性文件");
		snprintf(buf, sizeof buf, "第二十条第（一）项\n"
		         "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n%s\n%s", t2[k].row, rest);
		s.t2 = buf;
		ns_report *r = load_spec(&s, NULL);
		if (!r)
			continue;
		for (int j = 0; j < 3; j++) {
			char key[64];
			snprintf(key, sizeof key, "t2.regulations.%s", t2cols[j]);
			if (t2[k].v[j] < 0) {
				EXPECT_NULL(r, key);
				EXPECT_DIAG(r, "cell.blank", key);
			} else {
				EXPECT_CELL(r, key, t2[k].v[j]);
			}
		}
		EXPECT_CELL(r, "t2.normative_documents.in_force", 9);
		EXPECT_DIAG(r, "row.tab_fields", "t2.regulations"); /* no sums to confirm */
		ns_report_release(r);
	}

	/* where the empty fields are no columns: more fields than cells (a
	 * label's merged cells before the values), the values read as ever */
	spec_init(&s);
	g_test = "more fields than cells";
	s.line[R_SECRET] = "1.属于国家秘密\t\t\t0\t0\t0\t0\t0\t0\t0";
	ns_report *r = load_spec(&s, NULL);
	if (r) {
		expect_t3(r, s.v);
		EXPECT_NODIAG(r, "cell.blank", NULL);
		ns_report_release(r);
	}
	/* …and an empty field that would put a figure under the wrong column
	 * (the sums fail so): not taken for one, the row read as a lost cell
	 * (placed by T3-2: 3 1 0 0 0 0 4) */
	spec_init(&s);
	g_test = "fields that do not add up";
	s.line[R_GRANTED] = "（一）予以公开\t3\t1\t0\t0\t0\t4\t";
	r = load_spec(&s, NULL);
	if (r) {
		expect_t3(r, s.v);
		EXPECT_DIAG(r, "row.short", "t3.granted");
		EXPECT_NODIAG(r, "cell.blank", NULL);
		ns_report_release(r);
	}
	/* a file whose value rows all end with empty fields (an extractor's
	 * padding to its sheet's width): layout there, not blanks */
	spec_init(&s);
	g_test = "padded rows";
	s.sep = "\t";
	static char padded[NROWS][160];
	for (int i = 0; i < NROWS; i++) {
		int n = snprintf(padded[i], sizeof padded[i], "%s", row_label[i]);
		for (int j = 0; j < 7; j++)
			if (!(i == R_SECRET && j == 6))
				n += snprintf(padded[i] + n, sizeof padded[i] - (size_t)n, "\t%d", s.v[i][j]);
		snprintf(padded[i] + n, sizeof padded[i] - (size_t)n, "\t\t");
		s.line[i] = padded[i];
	}
	r = load_spec(&s, NULL);
	if (r) {
		/* 1.属于国家秘密 lost its last cell: 0 by the sums, not a blank */
		EXPECT_CELL(r, "t3.refused_state_secret.total", 0);
		EXPECT_NODIAG(r, "cell.blank", NULL);
		EXPECT_CELL(r, "t3.received.total", 8);
		ns_report_release(r);
	}
	/* ... or all have an empty field between label and figures (a merged
	 * label cell two fields wide): layout there too */
	spec_init(&s);
	g_test = "padded rows, before the figures";
	s.sep = "\t";
	for (int i = 0; i < NROWS; i++) {
		int n = snprintf(padded[i], sizeof padded[i], "%s\t", row_label[i]);
		for (int j = 0; j < 7; j++)
			if (!(i == R_SECRET && j == 6))
				n += snprintf(padded[i] + n, sizeof padded[i] - (size_t)n, "\t%d", s.v[i][j]);
		s.line[i] = padded[i];
	}
	r = load_spec(&s, NULL);
	if (r) {
		EXPECT_CELL(r, "t3.refused_state_secret.total", 0);
		EXPECT_CELL(r, "t3.refused_state_secret.natural_person", 0);
		EXPECT_NODIAG(r, "cell.blank", NULL);
		EXPECT_CELL(r, "t3.received.total", 8);
		ns_report_release(r);
	}
}

/* ---- a row that lost a cell ------------------------------------------ */

static void test_lost_cell(void)
{
	spec s;
	spec_init(&s);
	char *text;
	g_test = "lost cell, all zero";
	s.v[R_SECRET][0] = 0;
	/* six values, one tab apart: a cell lost (an empty field, "\t\t0",
	 * is a blank cell: test_tab_fields) */
	s.line[R_SECRET] = "1.属于国家秘密\t0\t0\t0\t0\t0\t0";
	ns_report *r = load_spec(&s, &text);
	if (r) {
		static const int z[7] = {0};
		EXPECT_ROW(r, "t3", "refused_state_secret", z);
		const ns_cell *c = ns_report_cell(r, "t3", "refused_state_secret", "total");
		CHECK_MSG(c && c->inferred, "[%s] the lost cell is inferred", g_test);
		EXPECT_DIAG_LINE(r, "row.short", "t3.refused_state_secret", line_of(text, "1.属于国家秘密"));
		expect_t3(r, s.v);
		ns_report_release(r);
	}
	free(text);

	spec_init(&s);
	g_test = "lost cell, fixed by the column sums";
	/* 3 1 0 0 0 4: the missing 0 could stand in any of four places, or the
	 * row could be 3,1,0,0,0,4,8; T3-2 keeps 3,1,0,0,0,0,4 */
	s.line[R_GRANTED] = "（一）予以公开\t3\t1\t0\t0\t0\t4";
	r = load_spec(&s, &text);
	if (r) {
		expect_t3(r, s.v);
		const ns_cell *c = ns_report_cell(r, "t3", "granted", "other_org");
		CHECK_MSG(c && c->inferred, "[%s] cells the lost one could be are inferred", g_test);
		EXPECT_DIAG_LINE(r, "row.short", "t3.granted", line_of(text, "（一）予以公开"));
		ns_report_release(r);
	}
	free(text);

	spec_init(&s);
	g_test = "lost cell, ambiguous: never shifted";
	/* the same row, but the table ends before （七）总计 and 四、结转: no column
	 * sum can say where the cell was lost */
	s.line[R_GRANTED] = "（一）予以公开\t3\t1\t0\t0\t0\t4";
	s.line[R_TOTAL] = "";
	s.line[R_FORWARD] = "";
	r = load_spec(&s, &text);
	if (r) {
		for (int j = 0; j < 7; j++) {
			char k[96];
			snprintf(k, sizeof k, "t3.granted.%s", cols[j]);
			EXPECT_NULL(r, k);
		}
		EXPECT_DIAG_LINE(r, "row.short", "t3.granted", line_of(text, "（一）予以公开"));
		EXPECT_DIAG(r, "row.missing", "t3.total_handled");
		EXPECT_DIAG(r, "row.missing", "t3.carried_forward");
		EXPECT_ROW(r, "t3", "received", V0[R_RECEIVED]);
		EXPECT_ROW(r, "t3", "partially_granted", V0[R_PARTIAL]);
		ns_report_release(r);
	}
	free(text);

	spec_init(&s);
	g_test = "lost cell with non-zero values, no column help";
	/* 5 1 0 0 0 7: 5,1,0,0,0,1,7 shifted would be wrong, so would
	 * 5,1,0,0,0,7,13: the row alone cannot decide */
	s.line[R_RECEIVED] = "一、本年新收政府信息公开申请数量\t5\t1\t0\t0\t0\t7";
	s.line[R_TOTAL] = "";
	r = load_spec(&s, NULL);
	if (r) {
		for (int j = 0; j < 7; j++) {
			char k[96];
			snprintf(k, sizeof k, "t3.received.%s", cols[j]);
			EXPECT_NULL(r, k);
		}
		EXPECT_DIAG(r, "row.short", "t3.received");
		ns_report_release(r);
	}
}

/* ---- blanks and units ------------------------------------------------ */

static void test_blanks(void)
{
	spec s;
	spec_init(&s);
	char *text;
	g_test = "blank cells";
	s.line[R_RECEIVED] = "一、本年新收政府信息公开申请数量\t6\t/\t—\t无\t-\t/\t6";
	s.line[R_TOTAL] = "（七）总计\t6\t/\t/\t/\t/\t/\t6";
	ns_report *r = load_spec(&s, &text);
	if (r) {
		EXPECT_CELL(r, "t3.received.natural_person", 6);
		EXPECT_CELL(r, "t3.received.total", 6);
		static const char *const raw[5] = {"/", "—", "无", "-", "/"};
		for (int j = 1; j <= 5; j++) {
			char k[96];
			snprintf(k, sizeof k, "t3.received.%s", cols[j]);
			EXPECT_NULL(r, k);
			const ns_cell *c = cellk(r, k);
			CHECK_MSG(c && c->raw && strcmp(c->raw, raw[j - 1]) == 0,
			          "[%s] %s raw \"%s\", expected \"%s\"", g_test, k,
			          c && c->raw ? c->raw : "(null)", raw[j - 1]);
			snprintf(k, sizeof k, "t3.received.%s", cols[j]);
			EXPECT_DIAG(r, "cell.blank", k);
		}
		const ns_diag *d = find_diag(r, "cell.blank", "t3.received.business");
		CHECK(d && d->pos.line == line_of(text, "一、本年新收"));
		EXPECT_NODIAG(r, "cell.blank", "t3.received.natural_person");
		EXPECT_NODIAG(r, "cell.blank", "t3.received.total");
		/* a blank is not a zero, and nothing moved */
		EXPECT_ROW(r, "t3", "granted", V0[R_GRANTED]);
		ns_report_release(r);
	}
	free(text);

	/* t2 blanks: "/" and "无" in the decision cells */
	spec_init(&s);
	g_test = "blank t2 cells";
	s.t2 = "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
	       "规章\t/\t/\t/\n行政规范性文件\t2\t0\t9\n"
	       "第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t无\n"
	       "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t3\n行政强制\t0\n"
	       "第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t0\n";
	r = load_spec(&s, NULL);
	if (r) {
		EXPECT_NULL(r, "t2.regulations.issued");
		EXPECT_NULL(r, "t2.regulations.in_force");
		EXPECT_NULL(r, "t2.licensing.decisions");
		EXPECT_CELL(r, "t2.normative_documents.in_force", 9);
		EXPECT_CELL(r, "t2.penalty.decisions", 3);
		EXPECT_DIAG(r, "cell.blank", "t2.licensing.decisions");
		const ns_cell *c = cellk(r, "t2.licensing.decisions");
		CHECK(c && c->raw && strcmp(c->raw, "无") == 0);
		ns_report_release(r);
	}

	/* t4's printed row, its blank cells marked: a first value 1 to 9
	 * before a mark that is a Han character ("1", a tab, "无") was read
	 * as an item's number before its label 无, and the row lost its
	 * first value (14 for 15, every cell null) */
	static const struct {
		const char *name, *row;
	} t4_blank[] = {
		{"t4 blanks 无 after its first value",
		 "1\t无\t无\t无\t1\t无\t无\t无\t无\t0\t无\t无\t无\t无\t0\n"},
		{"t4 blanks 空 after its first value",
		 "1\t空\t空\t空\t1\t空\t空\t空\t空\t0\t空\t空\t空\t空\t0\n"},
		{"t4 blanks / after its first value",
		 "1\t/\t/\t/\t1\t/\t/\t/\t/\t0\t/\t/\t/\t/\t0\n"},
	};
	for (size_t k = 0; k < sizeof t4_blank / sizeof *t4_blank; k++) {
		char t4[512];
		snprintf(t4, sizeof t4, "行政复议\t行政诉讼\n"
		         "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n%s",
		         t4_blank[k].row);
		spec_init(&s);
		g_test = t4_blank[k].name;
		s.t4 = t4;
		r = load_spec(&s, NULL);
		if (!r)
			continue;
		EXPECT_CELL(r, "t4.review.upheld", 1);
		EXPECT_CELL(r, "t4.review.total", 1);
		EXPECT_CELL(r, "t4.suit_direct.total", 0);
		EXPECT_CELL(r, "t4.suit_after_review.total", 0);
		EXPECT_NULL(r, "t4.review.corrected");
		EXPECT_NULL(r, "t4.suit_direct.upheld");
		ns_report_release(r);
	}

	/* raw pdftotext (no -layout): a cell a line, t2's first part read down
	 * its columns, so a header and three figures stand between 行政规范性文件
	 * and 行政许可.  Those figures are not 行政许可's: each of the rows
	 * after them names itself and has its own (every one was read one row
	 * down: 行政处罚 4212, 行政强制 1713, 收费 0) */
	spec_init(&s);
	g_test = "t2 read down its columns";
	s.t2 = "第二十条第（一）项\n信息内容\n\n本年制发件数\n\n规章\n\n2\n\n行政规范性文件\n\n11\n\n"
	       "本年废止件数\n\n现行有效件数\n13\n\n20\n\n32\n\n"
	       "第二十条第（五）项\n信息内容\n\n本年处理决定数量\n\n行政许可\n\n4212\n"
	       "第二十条第（六）项\n\n信息内容\n\n本年处理决定数量\n\n行政处罚\n\n1713\n\n行政强制\n\n0\n"
	       "第二十条第（八）项\n\n信息内容\n\n本年收费金额（单位：万元）\n\n行政事业性收费\n\n229.35\n";
	r = load_spec(&s, NULL);
	if (r) {
		EXPECT_CELL(r, "t2.licensing.decisions", 4212);
		EXPECT_CELL(r, "t2.penalty.decisions", 1713);
		EXPECT_CELL(r, "t2.coercion.decisions", 0);
		EXPECT_CELL(r, "t2.fees.amount", 229.35);
		ns_report_release(r);
	}
}

/* A page's text dump (a crawler's, as the stored pages of 徐闻县 and 湛江市
 * reports of 2023 are) writes a table's row as each cell followed by
 * " | ", no pipe before the first: "规章 | 0 | 0 | 0 |", an empty cell as
 * "| |".  Those are the rows of a pipe table; read as words, the pipes had
 * been labels ("|"), the empty cells lost and t2 and t3 left null. */
static char *pipes_after_cells(const char *t, const char *after)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	for (const char *p = t; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		int cells = memchr(p, '\t', n) != NULL;
		for (size_t i = 0; i < n; i++) {
			if (p[i] == '\t')
				fputs(after, f);
			else
				fputc(p[i], f);
		}
		if (cells)
			fputs(after, f);
		if (!cells || after[strlen(after) - 1] != '\n')
			fputc('\n', f);
		p += n + (nl != NULL);
	}
	fclose(f);
	return buf;
}

static void test_trailing_pipes(void)
{
	spec s;
	spec_init(&s);
	g_test = "trailing pipes";
	s.line[R_RECEIVED] = "一、本年新收政府信息公开申请数量\t6\t1\t\t\t\t1\t8";
	char *t = build(&s);
	char *d = pipes_after_cells(t, " | ");
	ns_report *r = load_bytes(d, strlen(d), "dump.txt");
	if (r) {
		expect_t2_default(r);
		for (int i = R_CARRIED_OVER; i < NROWS; i++)
			EXPECT_ROW(r, "t3", row_id[i], s.v[i]);
		EXPECT_CELL(r, "t3.received.natural_person", 6);
		EXPECT_CELL(r, "t3.received.business", 1);
		EXPECT_NULL(r, "t3.received.research");
		EXPECT_NULL(r, "t3.received.legal_service");
		EXPECT_CELL(r, "t3.received.other_org", 1);
		EXPECT_CELL(r, "t3.received.total", 8);
		expect_t4(r, T4V);
		EXPECT_NODIAG(r, "label.unknown", NULL);
		ns_report_release(r);
	}
	free(d);
	free(t);
}

/* The same dump where a table's cells were one a line (a cell of several
 * lines, as 桃江县's page of 2020 has): each cell on its line, then "|" on a
 * line of its own.  The lone pipes are no words: read as labels ("|") they
 * took t2's values from 规章 and every row after it (all null). */
static void test_pipe_lines(void)
{
	spec s;
	spec_init(&s);
	g_test = "a pipe a line";
	char *t = build(&s);
	char *d = pipes_after_cells(t, "\n|\n");
	ns_report *r = load_bytes(d, strlen(d), "dump.txt");
	if (r) {
		expect_t2_default(r);
		expect_t3(r, s.v);
		expect_t4(r, T4V);
		EXPECT_NODIAG(r, "label.unknown", NULL);
		ns_report_release(r);
	}
	free(d);
	free(t);
}

/* The dump of 区统计局's page of 2023: each cell on its line followed by
 * " |", and a line of pipes alone ("|||||") where a caption's row had
 * empty cells.  Those lines had made the file Markdown and each "0 |" a
 * table row of its own, apart from its label: t2 all null. */
static void test_pipe_cells(void)
{
	spec s;
	spec_init(&s);
	g_test = "a cell a line, then \" |\"";
	char *t = build(&s);
	char *d = pipes_after_cells(t, " |\n");
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	if (!f)
		abort();
	for (const char *p = d; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		fwrite(p, 1, len, f);
		if (strncmp(p, "第二十条", strlen("第二十条")) == 0)
			fputs("|||||\n", f);
		p += len;
	}
	fclose(f);
	ns_report *r = load_bytes(buf, n, "dump.txt");
	if (r) {
		expect_t2_default(r);
		expect_t3(r, s.v);
		expect_t4(r, T4V);
		ns_report_release(r);
	}
	free(buf);
	free(d);
	free(t);
}

/* Prose above a table that counts what its rows count, with its figures
 * set apart by spaces, as a PDF's text sets figures in Chinese (文登区's
 * reports of 2022: "2022 年,区政府办公室共收到市人大代表建议 1 件").
 * Those figures are the sentence's: taken for values, they took the
 * rows they name (行政规范性文件, 本年新收, 结转下年度继续办理) and the
 * table's own rows were left null. */
static void test_spaced_prose(void)
{
	spec s;
	spec_init(&s);
	g_test = "figures set apart in prose";
	s.t2 = "2023 年，本乡制发行政规范性文件 2 件，废止 1 件，\n现行有效 9 件。\n" T_T2_2021;
	char *t = build(&s);
	const char *h = "三、收到和处理政府信息公开申请情况\n\n";
	char *at = strstr(t, h);
	CHECK(at != NULL);
	if (!at) {
		free(t);
		return;
	}
	char *doc = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&doc, &n);
	if (!f)
		abort();
	fprintf(f, "%.*s%s2023 年，本乡共收到政府信息公开申请 8 件，上年结转 1 件，\n"
	        "办结 8 件，结转下年度继续办理 1 件。\n%s", (int)(at - t), t, h, at + strlen(h));
	fclose(f);
	ns_report *r = load_bytes(doc, n, "prose.txt");
	if (r) {
		expect_t2_default(r);
		expect_t3(r, s.v);
		expect_t4(r, T4V);
		EXPECT_NODIAG(r, "label.unknown", NULL);
		ns_report_release(r);
	}
	free(doc);
	free(t);
}

/* The same figure set apart in a table's row, in a text kept as Markdown
 * lines (a PDF's layout converted: runs of spaces between the columns, one
 * cell to each line): "行政许可          12 件，均已在门户网站公示" is the
 * row's value remarked on.  Only one space sets a figure apart in prose;
 * skipping the run as well, the value was read as the sentence's and t2's
 * row 行政许可 lost. */
static void test_spaced_value(void)
{
	spec s;
	spec_init(&s);
	g_test = "a value after a column's run of spaces";
	s.sep = "      ";
	s.t2 = "第二十条第（一）项\n"
	       "信息内容      本年制发件数      本年废止件数      现行有效件数\n"
	       "规章      0      0      0\n"
	       "行政规范性文件      2      1      9\n"
	       "第二十条第（五）项\n"
	       "信息内容      本年处理决定数量\n"
	       "行政许可          12 件，均已在门户网站公示\n"
	       "第二十条第（六）项\n"
	       "信息内容      本年处理决定数量\n"
	       "行政处罚      3\n"
	       "行政强制      0\n"
	       "第二十条第（八）项\n"
	       "信息内容      本年收费金额（单位：万元）\n"
	       "行政事业性收费      1.5\n";
	char *t = build(&s);
	ns_report *r = load_bytes(t, strlen(t), "layout.md");
	if (r) {
		expect_t2_default(r);
		expect_t3(r, s.v);
		expect_t4(r, T4V);
		ns_report_release(r);
	}
	free(t);
}

static void test_units(void)
{
	spec s;
	spec_init(&s);
	g_test = "unit in a cell";
	s.t2 = "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
	       "规章\t0\t0\t0\n行政规范性文件\t2件\t1件\t9件\n"
	       "第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t12\n"
	       "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t3\n行政强制\t0\n"
	       "第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t251000元\n";
	ns_report *r = load_spec(&s, NULL);
	if (r) {
		EXPECT_CELL(r, "t2.fees.amount", 251000);
		const ns_cell *c = cellk(r, "t2.fees.amount");
		CHECK_MSG(c && c->raw && strcmp(c->raw, "251000元") == 0,
		          "[%s] raw \"%s\"", g_test, c && c->raw ? c->raw : "(null)");
		EXPECT_DIAG(r, "cell.unit", "t2.fees.amount");
		EXPECT_CELL(r, "t2.normative_documents.issued", 2);
		EXPECT_CELL(r, "t2.normative_documents.in_force", 9);
		EXPECT_DIAG(r, "cell.unit", "t2.normative_documents.issued");
		EXPECT_CELL(r, "t2.licensing.decisions", 12);
		ns_report_release(r);
	}
}

/* A number broken by a line's end before its decimal point (PDF text
 * extraction): read whole, with a warning on the cell; a decimal written
 * on one line has none. */
static void test_wrapped_decimal(void)
{
	static const struct { const char *fee; double want; } fees[] = {
		{"行政事业性收费\t1\n.5", 1.5},
		{"行政事业性收费\t4166\n.241619", 4166.241619},
		{"行政事业性收费4166\n.241619", 4166.241619},
		{"行政事业性收费\t12\n　　.75", 12.75},
		{NULL, 0}};
	for (int i = 0; fees[i].fee; i++) {
		char t2[1024];
		snprintf(t2, sizeof t2, "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
		         "规章\t0\t0\t0\n行政规范性文件\t2\t1\t9\n"
		         "第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t12\n"
		         "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t3\n行政强制\t0\n"
		         "第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n%s\n", fees[i].fee);
		spec s;
		spec_init(&s);
		s.t2 = t2;
		g_test = fees[i].fee;
		ns_report *r = load_spec(&s, NULL);
		if (r) {
			EXPECT_CELL(r, "t2.fees.amount", fees[i].want);
			EXPECT_DIAG(r, "cell.wrapped", "t2.fees.amount");
			EXPECT_CELL(r, "t2.penalty.decisions", 3);
			expect_t3(r, s.v);
			ns_report_release(r);
		}
	}
	spec s;
	spec_init(&s);
	g_test = "a decimal on one line";
	ns_report *r = load_spec(&s, NULL);
	if (r) {
		expect_t2_default(r);
		EXPECT_NODIAG(r, "cell.wrapped", NULL);
		ns_report_release(r);
	}
	/* a real report of one long line, its fee broken as its PDF broke it */
	g_test = "pingtan_zhqu_2025 4166/.241619";
	size_t len = 0;
	char *t = t_slurp(NS_SOURCE_DIR "/tests/corpus/pingtan_zhqu_2025.txt", &len);
	char *p = t ? strstr(t, "4166.241619") : NULL;
	CHECK_MSG(p, "[%s] the corpus report is not as it was", g_test);
	if (p) {
		p[4] = '\n'; /* "4166\n241619": the point kept on the next line */
		char *doc = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&doc, &n);
		fwrite(t, 1, (size_t)(p + 5 - t), f);
		fputc('.', f);
		fputs(p + 5, f);
		fclose(f);
		r = load_bytes(doc, n, "pingtan_zhqu_2025.txt");
		if (r) {
			EXPECT_CELL(r, "t2.fees.amount", 4166.241619);
			EXPECT_CELL(r, "t2.licensing.decisions", 2418);
			EXPECT_DIAG(r, "cell.wrapped", "t2.fees.amount");
			ns_report_release(r);
		}
		free(doc);
	}
	free(t);
}

/* ---- encodings and characters --------------------------------------- */

static char *to_gb18030(const char *utf8, size_t *outlen)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	CHECK(cd != (iconv_t)-1);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t inleft = strlen(utf8), cap = inleft * 2 + 16, outleft = cap;
	char *out = malloc(cap), *op = out;
	char *ip = (char *)utf8;
	size_t rc = iconv(cd, &ip, &inleft, &op, &outleft);
	iconv_close(cd);
	CHECK(rc != (size_t)-1 && inleft == 0);
	*outlen = cap - outleft;
	return out;
}

static void test_encodings(void)
{
	spec s;
	spec_init(&s);
	g_test = "GB18030";
	char *text = build(&s);
	size_t n = 0;
	char *gb = to_gb18030(text, &n);
	if (gb) {
		/* really not UTF-8 any more */
		CHECK(n != strlen(text) || memcmp(gb, text, n) != 0);
		ns_report *r = load_bytes(gb, n, "gb.txt");
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_STR(m->encoding, "GB18030");
			CHECK_STR(m->agency, "某某乡");
			CHECK_INT(m->year, 2023);
			expect_t3(r, s.v);
			expect_t2_default(r);
			expect_t4(r, T4V);
			const ns_section *sec = ns_report_section_by_id(r, "s5");
			CHECK(sec && sec->found && sec->text && strstr(sec->text, "公开内容不够丰富"));
			ns_report_release(r);
		}
		free(gb);
	}

	g_test = "UTF-8 with BOM";
	size_t len = strlen(text);
	char *bom = malloc(len + 3);
	memcpy(bom, "\xEF\xBB\xBF", 3);
	memcpy(bom + 3, text, len);
	ns_report *r = load_bytes(bom, len + 3, "bom.txt");
	if (r) {
		const ns_meta *m = ns_report_meta(r);
		CHECK_STR(m->encoding, "UTF-8");
		CHECK_STR(m->agency, "某某乡");
		CHECK(m->title && strncmp(m->title, "\xEF\xBB\xBF", 3) != 0);
		CHECK_INT(m->title_pos.line, 1);
		CHECK_INT(m->title_pos.col, 1);
		expect_t3(r, s.v);
		ns_report_release(r);
	}
	free(bom);
	free(text);

	spec_init(&s);
	g_test = "full-width digits and punctuation";
	s.sep = "　";
	s.title = "某某镇２０２３年政府信息公开工作年度报告";
	s.line[R_RECEIVED] = "一、本年新收政府信息公开申请数量　６　１　０　０　０　１　８";
	s.line[R_GRANTED] = "(一)予以公开  ３  １  ０  ０  ０  ０  ４";
	s.line[R_PARTIAL] = "(二)部分公开(区分处理的,只计这一情形,不计其他情形)\t１\t0\t０\t0\t０\t0\t１";
	s.line[R_SECURITY] = "３．危及\"三安全一稳定\"\t0\t0\t0\t0\t0\t0\t0";
	s.t4 = "行政复议\t行政诉讼\n１\t２\t０\t１\t４\t０\t１\t０\t０\t１\t２\t０\t０\t１\t３\n";
	r = load_spec(&s, NULL);
	if (r) {
		expect_t3(r, s.v);
		expect_t4(r, T4V);
		CHECK_INT(ns_report_meta(r)->year, 2023);
		CHECK_STR(ns_report_meta(r)->agency, "某某镇");
		const ns_cell *c = ns_report_cell(r, "t3", "received", "natural_person");
		CHECK_MSG(c && c->raw && strcmp(c->raw, "６") == 0, "[%s] raw kept as written: \"%s\"",
		          g_test, c && c->raw ? c->raw : "(null)");
		ns_report_release(r);
	}

	spec_init(&s);
	g_test = "〇 and 零 in the year";
	s.title = "某某镇二〇二三年政府信息公开工作年度报告";
	s.front = "根据《中华人民共和国政府信息公开条例》要求，现发布本年度报告，统计期限为二〇二三年一月一日至十二月三十一日。";
	r = load_spec(&s, NULL);
	if (r) {
		const ns_meta *m = ns_report_meta(r);
		CHECK_MSG(m->year == 2023, "[%s] year %d from 二〇二三年, expected 2023", g_test, m->year);
		CHECK_MSG(m->agency && strcmp(m->agency, "某某镇") == 0,
		          "[%s] agency \"%s\", expected 某某镇", g_test, m->agency ? m->agency : "(null)");
		expect_t3(r, s.v);
		ns_report_release(r);
	}
	spec_init(&s);
	g_test = "二零二三 in the year";
	s.title = "某某镇二零二三年政府信息公开工作年度报告";
	s.front = "现发布本年度报告。";
	r = load_spec(&s, NULL);
	if (r) {
		CHECK_MSG(ns_report_meta(r)->year == 2023, "[%s] year %d from 二零二三年, expected 2023",
		          g_test, ns_report_meta(r)->year);
		ns_report_release(r);
	}
}

/* ---- template editions ----------------------------------------------- */

static void test_edition_2019(void)
{
	spec s;
	spec_init(&s);
	g_test = "2019 template";
	s.title = "某某县人民政府2019年政府信息公开工作年度报告";
	s.front = "本报告根据国办公开办函〔2019〕60号编制，统计期限为2019年1月1日至12月31日。";
	s.t2 = T2_2019;
	s.t3_2019 = 1;
	s.other_line = "（六）其他处理\t1\t0\t0\t0\t0\t0\t1";
	/* keep the sums: 1 more in other and received */
	s.v[R_RECEIVED][0] = 7;
	s.v[R_RECEIVED][6] = 9;
	s.v[R_TOTAL][0] = 7;
	s.v[R_TOTAL][6] = 9;
	ns_report *r = load_spec(&s, NULL);
	if (r) {
		const ns_meta *m = ns_report_meta(r);
		CHECK_INT(m->year, 2019);
		CHECK_INT(m->edition, NS_EDITION_2019);
		CHECK_INT(m->agency_type, NS_AGENCY_GOVERNMENT);
		CHECK_INT(ns_table_edition(r, "t2"), NS_EDITION_2019);
		CHECK_INT(ns_table_edition(r, "t3"), NS_EDITION_2019);
		CHECK_INT(ns_table_nrows(r, "t3"), 23);
		CHECK_INT(ns_table_nrows(r, "t2"), 8);
		EXPECT_CELL(r, "t2.regulations.made", 0);
		EXPECT_CELL(r, "t2.normative_documents.made", 3);
		EXPECT_CELL(r, "t2.normative_documents.public_total", 25);
		EXPECT_CELL(r, "t2.licensing.prev_items", 40);
		EXPECT_CELL(r, "t2.licensing.change", 2);
		EXPECT_CELL(r, "t2.licensing.decisions", 120);
		EXPECT_CELL(r, "t2.other_services.prev_items", 5);
		EXPECT_CELL(r, "t2.other_services.decisions", 7);
		EXPECT_CELL(r, "t2.penalty.change", -1);
		EXPECT_CELL(r, "t2.penalty.decisions", 30);
		EXPECT_CELL(r, "t2.coercion.decisions", 4);
		EXPECT_CELL(r, "t2.fees.prev_items", 3);
		EXPECT_CELL(r, "t2.fees.change", 0);
		EXPECT_CELL(r, "t2.procurement.items", 6);
		EXPECT_CELL(r, "t2.procurement.amount", 35.2);
		CHECK(cellk(r, "t2.fees.decisions") == NULL);
		CHECK(cellk(r, "t2.regulations.issued") == NULL);
		static const int other[7] = {1, 0, 0, 0, 0, 0, 1};
		EXPECT_ROW(r, "t3", "other", other);
		EXPECT_ROW(r, "t3", "received", s.v[R_RECEIVED]);
		EXPECT_ROW(r, "t3", "total_handled", s.v[R_TOTAL]);
		EXPECT_ROW(r, "t3", "carried_forward", s.v[R_FORWARD]);
		CHECK(cellk(r, "t3.other_other.total") == NULL);
		expect_t4(r, T4V);
		EXPECT_NODIAG(r, "edition.outdated", NULL);
		expect_clean(r);
		ns_report_release(r);
	}
}

static void test_edition_outdated(void)
{
	spec s;
	spec_init(&s);
	char *text;
	g_test = "2023 report, 2019 t3";
	s.t3_2019 = 1;
	ns_report *r = load_spec(&s, &text);
	if (r) {
		CHECK_INT(ns_report_meta(r)->year, 2023);
		CHECK_INT(ns_table_edition(r, "t3"), NS_EDITION_2019);
		CHECK_INT(ns_table_edition(r, "t2"), NS_EDITION_2021);
		EXPECT_DIAG(r, "edition.outdated", "t3");
		EXPECT_NODIAG(r, "edition.outdated", "t2");
		const ns_diag *d = find_diag(r, "edition.outdated", "t3");
		CHECK(d && d->severity == NS_WARNING);
		CHECK(d && d->pos.line == line_of(text, "三、收到和处理"));
		static const int z[7] = {0};
		EXPECT_ROW(r, "t3", "other", z);
		EXPECT_ROW(r, "t3", "total_handled", V0[R_TOTAL]);
		ns_report_release(r);
	}
	free(text);

	spec_init(&s);
	g_test = "2023 report, 2019 template throughout";
	s.t2 = T2_2019;
	s.t3_2019 = 1;
	r = load_spec(&s, NULL);
	if (r) {
		CHECK_INT(ns_table_edition(r, "t2"), NS_EDITION_2019);
		CHECK_INT(ns_table_edition(r, "t3"), NS_EDITION_2019);
		EXPECT_DIAG(r, "edition.outdated", "t2");
		EXPECT_DIAG(r, "edition.outdated", "t3");
		EXPECT_CELL(r, "t2.procurement.items", 6);
		ns_report_release(r);
	}
}

/* ---- text aligned in display cells --------------------------------- */

/* The display width of UTF-8 text as a terminal or pandoc counts it: a Han
 * character (and full-width forms) two cells, anything else one. */
static int display_width(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) == 0x80)
			continue;
		w += c >= 0xE3 && c <= 0xEF ? 2 : 1;
	}
	return w;
}

/* Tab-separated rows laid out as pandoc's plain text or a clerk's editor
 * lays them out: the first field padded to `label` display cells, every
 * other right-aligned in `cell` cells; an empty field is spaces. */
static char *display_layout(const char *tabbed, int label, int cell)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	for (const char *p = tabbed; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (!memchr(p, '\t', n)) {
			fwrite(p, 1, n, f);
		} else {
			int field = 0;
			for (const char *q = p; q <= p + n; field++) {
				const char *t = memchr(q, '\t', (size_t)(p + n - q));
				size_t k = t ? (size_t)(t - q) : (size_t)(p + n - q);
				int w = display_width(q, k);
				if (field == 0) {
					fwrite(q, 1, k, f);
					for (; w < label; w++)
						fputc(' ', f);
				} else {
					for (; w < cell; w++)
						fputc(' ', f);
					fwrite(q, 1, k, f);
				}
				if (!t)
					break;
				q = t + 1;
			}
		}
		fputc('\n', f);
		if (!e)
			break;
		p = e + 1;
	}
	fclose(f);
	return buf;
}

/* Two reports in one file (two years pasted into one text): the second,
 * its portal header and all, was section 六's text, and the last date of
 * the file, the second's signature, was taken for the first's date of
 * publication, silently.  The first ends where the second's title is, and
 * the file says so. */
static void test_two_reports(void)
{
	size_t la = 0, lb = 0;
	char *a = t_slurp(NS_SOURCE_DIR "/examples/district/qinglan_caizhengju_2023.txt", &la);
	char *b = t_slurp(NS_SOURCE_DIR "/examples/district/qinglan_caizhengju_2024.txt", &lb);
	char *body = a;
	for (int k = 0; body && k < 5; k++) /* its header: the signature dates it */
		body = strchr(body, '\n') ? strchr(body, '\n') + 1 : NULL;
	CHECK(body && b);
	if (body && b) {
		char *doc = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&doc, &n);
		fprintf(f, "%s\n%s", body, b);
		fclose(f);
		g_test = "two reports";
		ns_report *r = load_bytes(doc, n, "two.txt");
		if (r) {
			const ns_meta *m = ns_report_meta(r);
			CHECK_MSG(m->year == 2023, "year %d", m->year);
			expect_published(ns_report_retain(r), "2024-01-29");
			const ns_section *s6 = ns_report_section_by_id(r, "s6");
			CHECK_MSG(s6 && s6->text && strstr(s6->text, "2023年") &&
			          !strstr(s6->text, "2024年政府信息公开"),
			          "s6: %s", s6 && s6->text ? s6->text : "(none)");
			EXPECT_DIAG(r, "source.two_reports", NULL);
			ns_report_release(r);
		}
		free(doc);
		/* one report: none */
		r = load_bytes(b, lb, "one.txt");
		if (r) {
			EXPECT_NODIAG(r, "source.two_reports", NULL);
			ns_report_release(r);
		}
		/* one report whose 六 tells of its site's 网站标识码 (taken for a
		 * page's chrome, 六 ending there): its signature is still its date */
		char *six = body ? strstr(body, "本机关未收取") : NULL;
		if (six) {
			char *one = NULL;
			size_t on = 0;
			FILE *g = open_memstream(&one, &on);
			fprintf(g, "%.*s本局网站标识码：3600000012，运行正常。\n%s", (int)(six - body),
			        body, six);
			fclose(g);
			g_test = "chrome in six";
			r = load_bytes(one, on, "chrome.txt");
			if (r)
				expect_published(r, "2024-01-29");
			free(one);
		}
		/* no second report: 六 listing items under the sections' words, an
		 * attachment repeating the headings, a page's list of related
		 * reports with their dates (which had been taken for its date) */
		static const struct { const char *name, *six, *after; } one_report[] = {
			{"items of six", "一、总体情况\n工作有序推进。\n二、主动公开情况\n按时公开。\n"
			 "三、依申请公开情况\n依法答复。\n四、存在问题\n培训不足。\n", ""},
			{"appendix", "", "附件：青岚县财政局政府信息公开工作年度报告统计表\n一、总体情况（略）\n"
			 "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
			 "四、政府信息公开行政复议、行政诉讼情况\n"},
			{"related", "", "相关文章\n青岚县财政局2022年政府信息公开工作年度报告\n2023-01-18\n"
			 "青岚县财政局2021年政府信息公开工作年度报告\n2022-01-20\n"},
		};
		for (size_t k = 0; six && k < sizeof one_report / sizeof *one_report; k++) {
			char *one = NULL;
			size_t on = 0;
			FILE *g = open_memstream(&one, &on);
			fprintf(g, "%.*s%s%s\n%s", (int)(six - body), body, one_report[k].six, six,
			        one_report[k].after);
			fclose(g);
			g_test = one_report[k].name;
			r = load_bytes(one, on, "one.txt");
			if (r) {
				EXPECT_NODIAG(r, "source.two_reports", NULL);
				expect_published(r, "2024-01-29");
			}
			free(one);
		}
		/* two, the first's 六 naming the report in a sentence: no title */
		if (six) {
			char *two = NULL;
			size_t tn = 0;
			FILE *g = open_memstream(&two, &tn);
			fprintf(g, "%.*s本局已将本年度政府信息公开工作年度报告报送县政府办公室。\n%s\n%s",
			        (int)(six - body), body, six, b);
			fclose(g);
			g_test = "two reports, six naming the report";
			r = load_bytes(two, tn, "two.txt");
			if (r) {
				const ns_section *s6 = ns_report_section_by_id(r, "s6");
				CHECK_MSG(s6 && s6->text && strstr(s6->text, "报送县政府办公室") &&
				          !strstr(s6->text, "2024年政府信息公开"),
				          "s6: %s", s6 && s6->text ? s6->text : "(none)");
				EXPECT_DIAG(r, "source.two_reports", NULL);
				expect_published(r, "2024-01-29");
			}
			free(two);
		}
	}
	free(a);
	free(b);
}

/* A table whose blank cells are spaces, aligned for the eye in display
 * cells (pandoc -t plain, a browser's or w3m's dump, an editor) and not in
 * code points as pdftotext -layout aligns it: a row of t3 after a label 7
 * Han characters longer than its neighbours' had each value read under
 * the column before (a blank read as 0, a 0 as blank), silently. */
static void test_display_columns(void)
{
	spec s;
	spec_init(&s);
	g_test = "display-aligned columns";
	/* 法人或其他组织 over its five columns, as a table's header */
	s.line[R_LAW] = "2.其他法律行政法规禁止公开\t\t0\t\t\t0\t0\t0";
	s.line[R_SECRET] = "1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0";
	char *tabbed = build(&s);
	char *text = display_layout(tabbed, 80, 7);
	free(tabbed);
	ns_report *r = load_bytes(text, strlen(text), "display.txt");
	if (r) {
		EXPECT_NULL(r, "t3.refused_law_prohibited.natural_person");
		EXPECT_CELL(r, "t3.refused_law_prohibited.business", 0);
		EXPECT_NULL(r, "t3.refused_law_prohibited.research");
		EXPECT_NULL(r, "t3.refused_law_prohibited.social_org");
		EXPECT_CELL(r, "t3.refused_law_prohibited.legal_service", 0);
		EXPECT_CELL(r, "t3.refused_law_prohibited.other_org", 0);
		EXPECT_CELL(r, "t3.refused_law_prohibited.total", 0);
		EXPECT_ROW(r, "t3", "received", V0[R_RECEIVED]);
		EXPECT_ROW(r, "t3", "refused_state_secret", V0[R_SECRET]);
		ns_report_release(r);
	}
	free(text);
}

int main(void)
{
	ctx = ns_open();
	if (!ctx)
		return 1;
	test_separators();
	test_positions();
	test_broken_labels();
	test_group_labels();
	test_values_next_line();
	test_page_furniture();
	test_bare_page_numbers();
	test_one_line();
	test_title_forms();
	test_published_forms();
	test_breadcrumbs();
	test_wrapped_prose();
	test_t4_flat();
	test_glued();
	test_lost_cell();
	test_tab_fields();
	test_blanks();
	test_trailing_pipes();
	test_pipe_lines();
	test_pipe_cells();
	test_spaced_prose();
	test_spaced_value();
	test_units();
	test_wrapped_decimal();
	test_encodings();
	test_edition_2019();
	test_edition_outdated();
	test_display_columns();
	test_two_reports();
	ns_close(ctx);
	return t_done("test_pitfalls");
}
