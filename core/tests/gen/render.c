/*
 * render.c — report models and one renderer per layout (see render.h).
 *
 * The renderers imitate what real publications look like after the tool
 * that made them: pdftotext -layout, a PDF text extractor that keeps tabs,
 * a crawler that glues table cells, Markdown converters (tidy per-row
 * tables and shredded ones), portal HTML, Word's DOCX, and PDFs drawn with
 * cairo.  They print the template's labels (map/template.h) with the
 * numbering that reports put in front of them, so that a label the mapper
 * fails to read is the mapper's gap, not a typo of the generator.
 */
#include "render.h"
#include "map/template.h"
#include "tzip.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- buffer ---------------------------------------------------------- */

void gb_put(gbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 4096;
		while (c < b->n + n + 1)
			c *= 2;
		char *p = realloc(b->p, c);
		if (!p)
			abort();
		b->p = p;
		b->cap = c;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

void gb_puts(gbuf *b, const char *s) { gb_put(b, s, strlen(s)); }

void gb_printf(gbuf *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		gb_put(b, tmp, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big)
		abort();
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	gb_put(b, big, (size_t)n);
	free(big);
}

void gb_free(gbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

/* ---- PRNG ------------------------------------------------------------ */

void gen_seed(gen_rng *g, uint64_t seed) { g->s = seed ^ 0x5DEECE66DULL; }

uint64_t gen_next(gen_rng *g)
{
	uint64_t z = (g->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int gen_int(gen_rng *g, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)(gen_next(g) % (uint64_t)(hi - lo + 1));
}

int gen_chance(gen_rng *g, int percent) { return gen_int(g, 0, 99) < percent; }

/* ---- UTF-8 and display width ---------------------------------------- */

static int u8len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static unsigned u8cp(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	switch (u8len(s)) {
	case 1: return p[0];
	case 2: return ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
	case 3: return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
	default: return ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) |
		        ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
	}
}

/* pdftotext -layout (poppler 22) puts every character, a Han character as
 * well as a digit, in one column of its character grid: values under one
 * heading start at the same character column whatever the Han text before
 * them (measured on report.pdf and huaian_shi_2024.pdf).  The grid stays
 * generic (a wide character could take two columns) for other tools. */
static int cpw(unsigned cp) { (void)cp; return 1; }

static int dwidth(const char *s)
{
	int w = 0;
	for (; *s; s += u8len(s))
		w += cpw(u8cp(s));
	return w;
}

static int nchars(const char *s)
{
	int n = 0;
	for (; *s; s += u8len(s))
		n++;
	return n;
}

/* Split s into lines no wider than maxw, each character as wide as
 * width(arg, it) says (grid columns for text, points for PDF). */
#define WMAXL 16
static int wrap_by(const char *s, double maxw, double (*width)(void *, const char *, size_t),
                   void *arg, char out[WMAXL][256])
{
	int n = 0;
	size_t k = 0;
	double w = 0;
	out[0][0] = 0;
	for (; *s; s += u8len(s)) {
		int l = u8len(s);
		double cw = width(arg, s, (size_t)l);
		if (w + cw > maxw && k > 0 && n + 1 < WMAXL) {
			out[n++][k] = 0;
			k = 0;
			w = 0;
		}
		if (k + (size_t)l < 255) {
			memcpy(out[n] + k, s, (size_t)l);
			k += (size_t)l;
		}
		w += cw;
	}
	out[n][k] = 0;
	return n + 1;
}

static double grid_width(void *arg, const char *s, size_t l)
{
	(void)arg;
	(void)l;
	return cpw(u8cp(s));
}

/* Split s into lines of at most `width` grid columns. */
static int wrap_w(const char *s, int width, char out[WMAXL][256])
{
	return wrap_by(s, width, grid_width, NULL, out);
}

/* The first `nch` characters of s (bytes). */
static size_t u8prefix(const char *s, int nch)
{
	size_t b = 0;
	for (int i = 0; i < nch && s[b]; i++)
		b += (size_t)u8len(s + b);
	return b;
}

/* ---- the model ------------------------------------------------------- */

static const char *const places[] = {
	"青川县", "泰和县", "临潭县", "东阳市", "合江县", "松溪县", "石门县", "永嘉县",
	"宁陵县", "乐清市", "武义县", "鹤峰县", "江北区", "鼓楼区", "金水区", "平潭县"};
static const char *const units[] = {
	"人民政府", "人民政府办公室", "市场监督管理局", "教育局", "交通运输局",
	"卫生健康局", "自然资源和规划局", "财政局", "住房和城乡建设局", "民政局",
	"城关镇人民政府", "新华街道办事处", "发展和改革局", "司法局"};
#define NEL(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const nsm_table *TPL(int t) { return nsm_table_get(t, NS_EDITION_2021); }

/* ---- rewordings (gen_reword) ----------------------------------------- */

/* Wordings real reports print instead of the template's, per label: two
 * halves, [0] the tuning half (GEN_WORDS_TUNE), [1] the held-out half
 * (GEN_WORDS_HELD), each NULL-ended.  Shortened and lengthened labels,
 * synonyms (涉及 for 属于, 全部公开 for 予以公开), other brackets and quotes,
 * the template's punctuation put back or left out, a traditional character
 * or a typo here and there. */
#define WV 4
typedef const char *const wvar[2][WV];

static wvar w_t3row[GEN_T3R] = {
	/* received */ {{"本年新收申请数量", "本年度新收政府信息公开申请数", "本年新收政府信息公开申请", NULL},
	                {"本年新收政府信息公开申请数", "本年度新收政府信息公开申请数量", "本年新收申请数", NULL}},
	/* carried_over */ {{"上年结转申请数", "上年结转政府信息公开申请数", "上年度结转政府信息公开申请数量", NULL},
	                    {"上年结转政府信息公开申请", "上年结转申请数量", "上年度结转政府信息公开申请数", NULL}},
	/* granted */ {{"全部公开", "予以公开的", NULL}, {"同意公开", "予以公开数", NULL}},
	/* partially_granted */ {{"部分公开", "部分公开(区分处理的,只计这一情形,不计其他情形)", "部分公开（区分处理的只计这一情形，不计其他情形）", NULL},
	                         {"部分公开（区分处理的，只计这一情形）", "部分公开[区分处理的，只计这一情形，不计其他情形]", "部分公开（区分处理的,只计这一情形不计其它情形）", NULL}},
	/* refused_state_secret */ {{"涉及国家秘密", "国家秘密", NULL}, {"属国家秘密", "涉及国家秘密的", NULL}},
	/* refused_law_prohibited */ {{"其他法律、行政法规禁止公开", "法律行政法规禁止公开", NULL},
	                             {"其他法律、行政法规禁止公开的", "其他法律法规禁止公开", NULL}},
	/* refused_security_stability */ {{"危及\"三安全一稳定\"", "危及三安全一稳定", NULL},
	                                 {"危及‘三安全一稳定’", "危及国家安全、公共安全、经济安全、社会稳定", NULL}},
	/* refused_third_party */ {{"保护第三方合法权益的", "涉及第三方合法权益", NULL},
	                          {"涉及保护第三方合法权益", "保护第三方的合法权益", NULL}},
	/* refused_internal_affairs */ {{"三类内部事务信息", "属于内部事务信息", NULL},
	                               {"属于三类内部事务", "属三类内部事务信息", NULL}},
	/* refused_process_info */ {{"四类过程性信息", "属于过程性信息", NULL},
	                           {"属四类过程性信息", "属于四类过程信息", NULL}},
	/* refused_enforcement_file */ {{"行政执法案卷", "属于行政执法案卷信息", NULL},
	                               {"属行政执法案卷", "属于行政执法案卷材料", NULL}},
	/* refused_inquiry */ {{"行政查询事项", "属于行政查询类事项", NULL},
	                      {"属行政查询事项", "属于行政查询事项的", NULL}},
	/* unavailable_not_held */ {{"本机关不掌握", "本机关不掌握相关信息", NULL},
	                           {"本机关不掌握相关的政府信息", "不掌握相关政府信息", NULL}},
	/* unavailable_needs_creation */ {{"没有现成信息需另行制作", "需要另行制作", NULL},
	                                 {"没有现成信息，需要另行制作的", "无现成信息需要另行制作", NULL}},
	/* unavailable_unclear */ {{"补正后申请内容不明确", "申请内容补正后仍不明确", NULL},
	                          {"补正后申请内容仍然不明确", "经补正后申请内容仍不明确", NULL}},
	/* not_processed_complaint */ {{"信访举报投诉类", "属于信访举报投诉类申请", NULL},
	                              {"信访举报投诉类事项", "信访、举报、投诉类申请", NULL}},
	/* not_processed_duplicate */ {{"重复申请的", "属于重复申请", NULL}, {"重复提出申请", "重复申请事项", NULL}},
	/* not_processed_publication */ {{"要求提供已公开出版物", "要求提供公开出版物的", NULL},
	                                {"申请提供公开出版物", "要求提供公开出版物类", NULL}},
	/* not_processed_excessive */ {{"申请人无正当理由大量反复申请", "无正当理由大量、反复申请", NULL},
	                              {"无正当理由大量反复提出申请", "申请人无正当理由大量反复申请的", NULL}},
	/* not_processed_confirmation */ {{"要求确认或重新出具已获取信息", "要求行政机关确认或重新出具已获取的信息", NULL},
	                                 {"要求行政机关确认或者重新出具已获取信息", "要求机关确认或重新出具已获取信息", NULL}},
	/* other_no_correction */ {{"申请人无正当理由逾期不补正", "申请人逾期不补正、行政机关不再处理其申请", NULL},
	                          {"申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请的", "无正当理由逾期不补正、行政机关不再处理", NULL}},
	/* other_unpaid_fee */ {{"申请人逾期未按收费通知要求缴纳费用", "申请人逾期未缴纳费用、行政机关不再处理其申请", NULL},
	                       {"申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请的", "逾期未按收费通知要求缴纳费用、行政机关不再处理", NULL}},
	/* other_other */ {{"其它", "其他情况", NULL}, {"其他情形", "其他原因", NULL}},
	/* total_handled */ {{"合计", "总 计", NULL}, {"总计数", "合　计", NULL}},
	/* carried_forward */ {{"结转下年度继续办理的", "结转下一年度继续办理", NULL},
	                      {"结转下年继续办理", "结转下年度办理", NULL}},
};

static wvar w_t3col[GEN_T3C] = {
	/* 自然人 */ {{"自然人", NULL}, {"自然人", NULL}},
	/* 商业企业 */ {{"企业", NULL}, {"商业企業", NULL}},
	/* 科研机构 */ {{"科研院所", NULL}, {"科研机構", NULL}},
	/* 社会公益组织 */ {{"公益组织", NULL}, {"社會公益組織", NULL}},
	/* 法律服务机构 */ {{"法律服务组织", NULL}, {"法律机构", NULL}},
	/* 其他 */ {{"其它", NULL}, {"其他单位", NULL}},
	/* 总计 */ {{"合计", NULL}, {"合 计", NULL}},
};
static wvar w_legal = {{"法人或者其他组织", "法人及其他组织", NULL}, {"法人和其他组织", "法人或其它组织", NULL}};
static wvar w_appl = {{"申请人类型", NULL}, {"申请人类别", NULL}};
/* t3's merged labels, without their numbers */
static wvar w_result = {{"本年办理结果", "办理结果", NULL}, {"本年度办理情况", "年度办理结果", NULL}};
static wvar w_grp[4] = {
	{{"不予公开的", "不予以公开", NULL}, {"不公开", "不予公开情形", NULL}},
	{{"无法提供的", "无法提供信息", NULL}, {"不能提供", "无法提供情形", NULL}},
	{{"不予处理的", "不予处理情形", NULL}, {"不予受理", "不作处理", NULL}},
	{{"其他处理情形", NULL}, {"其他", NULL}},
};

static wvar w_t2row[GEN_T2R] = {
	/* 规章 */ {{"政府规章", NULL}, {"地方政府规章", NULL}},
	/* 行政规范性文件 */ {{"规范性文件", "行政规范文件", NULL}, {"行政性规范文件", "规范性文件（行政）", NULL}},
	/* 行政许可 */ {{"行政许可事项", NULL}, {"行政许可决定", NULL}},
	/* 行政处罚 */ {{"行政处罚事项", NULL}, {"行政处罚决定", NULL}},
	/* 行政强制 */ {{"行政强制措施", NULL}, {"行政强制事项", NULL}},
	/* 行政事业性收费 */ {{"行政事业收费", "行政事业性收费项目", NULL}, {"行政事业性收费金额", "事业性收费", NULL}},
};
static wvar w_t2col[GEN_T2C] = {
	/* 本年制发件数 */ {{"本年新制作数量", "本年制发数量", NULL}, {"本年新制发件数", "本年度制发件数", NULL}},
	/* 本年废止件数 */ {{"本年废止数量", "本年度废止件数", NULL}, {"本年废止数", "废止件数", NULL}},
	/* 现行有效件数 */ {{"现行有效数量", "有效件数", NULL}, {"现行有效件数（件）", "现行有效数", NULL}},
	/* 本年处理决定数量 */ {{"处理决定数量", "本年处理决定数", NULL}, {"本年度处理决定数量", "处理决定数", NULL}},
	/* 本年收费金额（单位：万元） */ {{"本年收费金额（万元）", "收费金额(单位:万元)", NULL},
	                              {"本年收费金额", "本年度收费金额（单位：万元）", NULL}},
};
/* t2's captions: the item's number in %s */
static wvar w_t2cap = {{"第二十条第(%s)项", "第二十条第%s项", NULL}, {"《条例》第二十条第（%s）项", "第二十条 第（%s）项", NULL}};

static wvar w_t4col[GEN_T4C] = {
	{{"维持", NULL}, {"予以维持", NULL}},
	{{"纠正", NULL}, {"予以纠正", NULL}},
	{{"其他", NULL}, {"其它结果", NULL}},
	{{"未审结", NULL}, {"正在审理", NULL}},
	{{"合计", NULL}, {"总数", NULL}},
};
static wvar w_t4grp[3] = {
	{{"行政复议", NULL}, {"行政复议", NULL}},
	{{"未经复议直接提起诉讼", NULL}, {"未经复议直接起诉的", NULL}},
	{{"复议后提起诉讼", NULL}, {"经复议后起诉", NULL}},
};
/* numbering: (top, sub, item) styles of each half (render.h) */
static const int w_num[2][3][3] = {
	{{2, 2, 5}, {0, 0, 3}, {2, 0, 0}},
	{{1, 1, 4}, {0, 2, 1}, {1, 0, 5}},
};

int gen_words;

/* One wording of v from the halves asked for (bit 0: tuning, bit 1:
 * held out), or the template's (dflt) half the time. */
static const char *pick(gen_rng *g, wvar v, int halves, const char *dflt, int *n)
{
	if (!gen_chance(g, 50))
		return dflt;
	const char *c[2 * WV];
	int k = 0;
	for (int h = 0; h < 2; h++)
		for (int i = 0; (halves >> h & 1) && i < WV && v[h][i]; i++)
			c[k++] = v[h][i];
	if (!k)
		return dflt;
	const char *w = c[gen_int(g, 0, k - 1)];
	*n += strcmp(w, dflt) != 0;
	return w;
}

static const char *const t2_cap_no[4] = {"一", "五", "六", "八"};
static const char *const grp_no[4] = {"三", "四", "五", "六"};

static void words_compose(gen_model *m, const char *result, const char *const grp[4],
                          const char *cap_fmt[4])
{
	static const char *const top[3] = {"三、", "3.", ""};
	snprintf(m->t3result, sizeof m->t3result, "%s%s", top[m->num_top], result);
	for (int k = 0; k < 4; k++) {
		if (m->num_sub == 0)
			snprintf(m->t3grp[k], sizeof m->t3grp[k], "（%s）%s", grp_no[k], grp[k]);
		else if (m->num_sub == 1)
			snprintf(m->t3grp[k], sizeof m->t3grp[k], "(%s)%s", grp_no[k], grp[k]);
		else
			snprintf(m->t3grp[k], sizeof m->t3grp[k], "%s", grp[k]);
		snprintf(m->t2cap[k], sizeof m->t2cap[k], cap_fmt[k], t2_cap_no[k]);
	}
}

/* The template's labels and numbering. */
static void words_template(gen_model *m)
{
	for (int i = 0; i < GEN_T2R; i++)
		m->t2row[i] = TPL(NSM_T2)->rows[i].label;
	for (int j = 0; j < GEN_T2C; j++)
		m->t2col[j] = TPL(NSM_T2)->cols[j].label;
	for (int i = 0; i < GEN_T3R; i++)
		m->t3row[i] = TPL(NSM_T3)->rows[i].label;
	for (int j = 0; j < GEN_T3C; j++)
		m->t3col[j] = TPL(NSM_T3)->cols[j].label;
	for (int j = 0; j < GEN_T4C; j++)
		m->t4col[j] = TPL(NSM_T4)->cols[j].label;
	static const char *const t4g[3] = {"行政复议", "未经复议直接起诉", "复议后起诉"};
	for (int k = 0; k < 3; k++)
		m->t4grp[k] = t4g[k];
	m->t3legal = "法人或其他组织";
	m->t3appl = "申请人情况";
	m->num_top = m->num_sub = 0;
	static const char *const grp[4] = {"不予公开", "无法提供", "不予处理", "其他处理"};
	const char *cap[4] = {"第二十条第（%s）项", "第二十条第（%s）项", "第二十条第（%s）项",
	                      "第二十条第（%s）项"};
	words_compose(m, "本年度办理结果", grp, cap);
}

void gen_reword(gen_model *m, gen_rng *g, int halves)
{
	int n = 0;
	for (int i = 0; i < GEN_T2R; i++)
		m->t2row[i] = pick(g, w_t2row[i], halves, m->t2row[i], &n);
	for (int j = 0; j < GEN_T2C; j++)
		m->t2col[j] = pick(g, w_t2col[j], halves, m->t2col[j], &n);
	for (int i = 0; i < GEN_T3R; i++)
		m->t3row[i] = pick(g, w_t3row[i], halves, m->t3row[i], &n);
	for (int j = 0; j < GEN_T3C; j++)
		m->t3col[j] = pick(g, w_t3col[j], halves, m->t3col[j], &n);
	for (int j = 0; j < GEN_T4C; j++)
		m->t4col[j] = pick(g, w_t4col[j], halves, m->t4col[j], &n);
	for (int k = 0; k < 3; k++)
		m->t4grp[k] = pick(g, w_t4grp[k], halves, m->t4grp[k], &n);
	m->t3legal = pick(g, w_legal, halves, m->t3legal, &n);
	m->t3appl = pick(g, w_appl, halves, m->t3appl, &n);
	const char *result = pick(g, w_result, halves, "本年度办理结果", &n);
	static const char *const tgrp[4] = {"不予公开", "无法提供", "不予处理", "其他处理"};
	const char *grp[4], *cap[4];
	for (int k = 0; k < 4; k++) {
		grp[k] = pick(g, w_grp[k], halves, tgrp[k], &n);
		cap[k] = pick(g, w_t2cap, halves, "第二十条第（%s）项", &n);
	}
	/* a numbering of one half, a third of the time */
	if (gen_chance(g, 33)) {
		int h = halves == GEN_WORDS_HELD ? 1 : halves == GEN_WORDS_TUNE ? 0 : gen_int(g, 0, 1);
		const int *s = w_num[h][gen_int(g, 0, 2)];
		m->num_top = s[0];
		m->num_sub = s[1];
		m->item_sep = s[2];
		n++;
	}
	words_compose(m, result, grp, cap);
	m->reworded = n;
}

void gen_model_make(gen_model *m, gen_rng *g, int allow_blanks)
{
	memset(m, 0, sizeof *m);
	words_template(m);
	m->year = gen_int(g, 2021, 2025);
	snprintf(m->agency, sizeof m->agency, "%s%s", places[gen_int(g, 0, NEL(places) - 1)],
	         units[gen_int(g, 0, NEL(units) - 1)]);
	m->s5_variant = gen_chance(g, 30);
	m->item_sep = gen_chance(g, 60) ? 0 : gen_int(g, 1, 2);
	int scale = gen_int(g, 0, 2);
	int maxv = scale == 0 ? 4 : scale == 1 ? 40 : 600;

	/* blank policy: none, some zero cells, every zero cell, blank rows */
	int pol = 0, pr = gen_int(g, 0, 99);
	if (allow_blanks)
		pol = pr < 35 ? 0 : pr < 60 ? 1 : pr < 80 ? 2 : 3;
	unsigned char zero_row[GEN_T3R] = {0};
	if (pol == 3) {
		int k = gen_int(g, 1, 4);
		for (int i = 0; i < k; i++)
			zero_row[gen_int(g, 2, 22)] = 1;
		if (gen_chance(g, 30))
			zero_row[1] = 1; /* 上年结转 left empty */
	}

	/* t3: per applicant column, the detail rows, then the totals */
	static const int pnz[6] = {75, 40, 10, 10, 12, 15};
	for (int j = 0; j < 6; j++) {
		int vmax = j == 0 ? maxv : j == 1 ? maxv / 3 + 1 : 3;
		int th = 0;
		for (int i = 2; i <= 22; i++) {
			int v = !zero_row[i] && gen_chance(g, pnz[j]) ? gen_int(g, 1, vmax) : 0;
			if (v && i >= 4 && gen_chance(g, 50))
				v = gen_int(g, 1, 3); /* the refusal rows are small */
			m->t3[i][j] = v;
			th += v;
		}
		m->t3[23][j] = th;
		int cf = gen_chance(g, 40) ? gen_int(g, 0, vmax / 2 + 1) : 0;
		int co = zero_row[1] || gen_chance(g, 50) ? 0 : gen_int(g, 0, th + cf);
		m->t3[24][j] = cf;
		m->t3[1][j] = co;
		m->t3[0][j] = th + cf - co;
	}
	for (int i = 0; i < GEN_T3R; i++) {
		double s = 0;
		for (int j = 0; j < 6; j++)
			s += m->t3[i][j];
		m->t3[i][6] = s;
	}

	/* t2: rows regulations, normative_documents, licensing, penalty,
	 * coercion, fees; columns issued, repealed, in_force, decisions, amount */
	m->t2[0][0] = gen_chance(g, 15) ? gen_int(g, 1, 3) : 0;
	m->t2[0][1] = gen_chance(g, 10) ? gen_int(g, 1, 2) : 0;
	m->t2[0][2] = m->t2[0][0] + (gen_chance(g, 30) ? gen_int(g, 0, 12) : 0);
	m->t2[1][0] = gen_chance(g, 60) ? gen_int(g, 1, scale == 2 ? 80 : 12) : 0;
	m->t2[1][1] = gen_chance(g, 40) ? gen_int(g, 1, 20) : 0;
	m->t2[1][2] = m->t2[1][0] + (gen_chance(g, 70) ? gen_int(g, 0, scale == 2 ? 400 : 40) : 0);
	m->t2[2][3] = gen_chance(g, 65) ? gen_int(g, 1, scale == 2 ? 60000 : 5000) : 0;
	m->t2[3][3] = gen_chance(g, 55) ? gen_int(g, 1, 3000) : 0;
	m->t2[4][3] = gen_chance(g, 35) ? gen_int(g, 1, 200) : 0;
	if (gen_chance(g, 45)) {
		int cents = gen_int(g, 1, 2000000);
		if (gen_chance(g, 30))
			cents -= cents % 100;
		m->t2[5][4] = cents / 100.0;
	}

	/* t4: four outcomes and their total, per row */
	for (int i = 0; i < GEN_T4R; i++) {
		double s = 0;
		for (int j = 0; j < 4; j++) {
			m->t4[i][j] = gen_chance(g, 35) ? gen_int(g, 1, scale == 2 ? 30 : 4) : 0;
			s += m->t4[i][j];
		}
		m->t4[i][4] = s;
	}

	/* blanks: only on zeros (see render.h) */
	if (pol == 0)
		return;
	const nsm_table *t2 = TPL(NSM_T2);
	for (int i = 0; i < GEN_T2R; i++)
		for (int j = 0; j < GEN_T2C; j++)
			if (nsm_has_cell(t2, i, j) && m->t2[i][j] == 0 &&
			    (pol == 2 || (pol == 1 && gen_chance(g, 40))))
				m->b2[i][j] = 1, m->nblank_cells++;
	for (int i = 0; i < GEN_T3R; i++) {
		if (zero_row[i]) {
			for (int j = 0; j < GEN_T3C; j++)
				m->b3[i][j] = 1, m->nblank_cells++;
			m->nblank_rows++;
			continue;
		}
		for (int j = 0; j < GEN_T3C; j++)
			if (m->t3[i][j] == 0 && (pol == 2 || (pol == 1 && gen_chance(g, 35))))
				m->b3[i][j] = 1, m->nblank_cells++;
	}
	for (int i = 0; i < GEN_T4R; i++)
		for (int j = 0; j < GEN_T4C; j++)
			if (m->t4[i][j] == 0 && (pol == 2 || (pol == 1 && gen_chance(g, 35))))
				m->b4[i][j] = 1, m->nblank_cells++;
}

/* ---- labels and values as printed ------------------------------------ */

#define T3_NOTE "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
static const int gstart[4] = {4, 12, 15, 20}, gend[4] = {11, 14, 19, 22};

static int t3_group(int i)
{
	for (int k = 0; k < 4; k++)
		if (i >= gstart[k] && i <= gend[k])
			return k;
	return -1;
}

/* The label as a report prints it: the template's wording after its
 * number ("一、", "（一）", "1."). */
static void t3_label(const gen_model *m, int i, char *out, size_t n)
{
	const char *lab = m->t3row[i];
	static const char *const seps[3] = {".", "、", "．"};
	static const char *const top[3][3] = {{"一、", "二、", "四、"}, {"1.", "2.", "4."}, {"", "", ""}};
	static const char *const sub[3][3] = {{"（一）", "（二）", "（七）"}, {"(一)", "(二)", "(七)"},
	                                      {"", "", ""}};
	switch (i) {
	case 0: snprintf(out, n, "%s%s", top[m->num_top][0], lab); return;
	case 1: snprintf(out, n, "%s%s", top[m->num_top][1], lab); return;
	case 2: snprintf(out, n, "%s%s", sub[m->num_sub][0], lab); return;
	case 3: snprintf(out, n, "%s%s", sub[m->num_sub][1], lab); return;
	case 23: snprintf(out, n, "%s%s", sub[m->num_sub][2], lab); return;
	case 24: snprintf(out, n, "%s%s", top[m->num_top][2], lab); return;
	}
	int k = t3_group(i), no = i - gstart[k] + 1;
	if (m->item_sep <= 2)
		snprintf(out, n, "%d%s%s", no, seps[m->item_sep], lab);
	else if (m->item_sep == 3)
		snprintf(out, n, "（%d）%s", no, lab);
	else if (m->item_sep == 4)
		snprintf(out, n, "%s%s", (const char *const[]){"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧"}[no - 1], lab);
	else
		snprintf(out, n, "%s", lab);
}

static void fmt_num(double v, char *o, size_t n)
{
	if (v == floor(v)) {
		snprintf(o, n, "%.0f", v);
		return;
	}
	snprintf(o, n, "%.2f", v);
	size_t l = strlen(o);
	while (l > 0 && o[l - 1] == '0')
		o[--l] = 0;
}

/* Value text of a cell ("" for a blank). */
static const char *val(const gen_model *m, int t, int i, int j, char *o, size_t n)
{
	double v = t == NSM_T2 ? m->t2[i][j] : t == NSM_T3 ? m->t3[i][j] : m->t4[i][j];
	int b = t == NSM_T2 ? m->b2[i][j] : t == NSM_T3 ? m->b3[i][j] : m->b4[i][j];
	if (b)
		o[0] = 0;
	else
		fmt_num(v, o, n);
	return o;
}

/* t2 rows grouped by caption: first row of each of the four sub-tables */
static const int t2_cap_first[5] = {0, 2, 3, 5, 6};

/* ---- the prose ------------------------------------------------------- */

static void section_title(const gen_model *m, int s, char *o, size_t n)
{
	if (s == 4 && m->s5_variant)
		snprintf(o, n, "五、政府信息公开工作存在的主要问题及改进情况");
	else
		snprintf(o, n, "%s", nsm_section_titles[s]);
}

static void doc_title(const gen_model *m, char *o, size_t n)
{
	snprintf(o, n, "%s%d年政府信息公开工作年度报告", m->agency, m->year);
}

/* Paragraphs of the report before and in each section (no tables). */
static int paras(const gen_model *m, int s, char o[4][1024])
{
	int y = m->year;
	switch (s) {
	case -1:
		snprintf(o[0], 1024,
		         "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。本报告所列数据的统计期限为%d年1月1日至12月31日。如对本报告有疑问，请与%s办公室联系。",
		         y, m->agency);
		return 1;
	case 0:
		snprintf(o[0], 1024,
		         "%d年，%s坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《条例》，持续深化政府信息公开，切实保障人民群众的知情权、参与权和监督权。",
		         y, m->agency);
		snprintf(o[1], 1024,
		         "（一）主动公开。全年通过门户网站主动公开政府信息%d条，发布政策解读%d篇。",
		         (int)(m->t2[2][3] / 3) + 37, 12 + y % 7);
		snprintf(o[2], 1024,
		         "（二）依申请公开。严格按照《条例》规定的程序和时限办理政府信息公开申请，答复均在法定期限内完成。");
		return 3;
	case 4:
		snprintf(o[0], 1024,
		         "%d年，本机关政府信息公开工作取得了一定成效，但仍存在一些不足：一是政策解读形式较为单一；二是栏目更新还不够及时。",
		         y);
		snprintf(o[1], 1024,
		         "下一步，将加强业务培训，丰富政策解读形式，落实栏目巡查制度。上年度问题已全部完成整改。");
		return 2;
	case 5:
		snprintf(o[0], 1024, "（一）信息处理费收取情况。本机关%d年未收取信息处理费。", y);
		snprintf(o[1], 1024, "（二）人大代表建议和政协提案办理情况。均已按期办结，办理复文已公开。");
		return 2;
	}
	return 0;
}

/* The document as blocks, handed to a renderer's callbacks in order. */
typedef struct emitter {
	void (*title)(void *u, const char *s);
	void (*heading)(void *u, const char *s);
	void (*para)(void *u, const char *s);
	void (*table)(void *u, int t); /* NSM_T2.. */
	void *u;
} emitter;

static void walk(const gen_model *m, const emitter *e)
{
	char buf[4][1024], t[256];
	doc_title(m, t, sizeof t);
	e->title(e->u, t);
	int n = paras(m, -1, buf);
	for (int i = 0; i < n; i++)
		e->para(e->u, buf[i]);
	for (int s = 0; s < NS_NSECTIONS; s++) {
		section_title(m, s, t, sizeof t);
		e->heading(e->u, t);
		n = paras(m, s, buf);
		for (int i = 0; i < n; i++)
			e->para(e->u, buf[i]);
		if (s >= 1 && s <= 3)
			e->table(e->u, s - 1);
	}
	e->para(e->u, m->agency);
	snprintf(t, sizeof t, "%d年1月%d日", m->year + 1, 10 + m->year % 15);
	e->para(e->u, t);
}

/* ---- a grid with merged cells (HTML, DOCX, PDF) ---------------------- */

#define GMAXR 32
#define GMAXC 16
typedef struct gcell {
	char text[400];
	int rs, cs;    /* on the origin cell */
	int or_, oc;   /* origin of the cell covering this slot */
	int value;     /* a value slot (else label or header) */
} gcell;

typedef struct ggrid {
	int nr, nc, nhead;
	gcell c[GMAXR][GMAXC];
} ggrid;

static void gset(ggrid *g, int r, int c, const char *text, int rs, int cs, int value)
{
	for (int i = r; i < r + rs; i++)
		for (int j = c; j < c + cs; j++) {
			g->c[i][j].or_ = r;
			g->c[i][j].oc = c;
		}
	gcell *x = &g->c[r][c];
	snprintf(x->text, sizeof x->text, "%s", text);
	x->rs = rs;
	x->cs = cs;
	x->value = value;
}

static int is_origin(const ggrid *g, int r, int c)
{
	return g->c[r][c].or_ == r && g->c[r][c].oc == c;
}

static ggrid *grid_new(int nr, int nc, int nhead)
{
	ggrid *g = calloc(1, sizeof *g);
	if (!g)
		abort();
	g->nr = nr;
	g->nc = nc;
	g->nhead = nhead;
	for (int i = 0; i < nr; i++)
		for (int j = 0; j < nc; j++)
			gset(g, i, j, "", 1, 1, 0);
	return g;
}

/* t3 as the national template draws it: 3 header rows, 3 label columns. */
static ggrid *grid_t3(const gen_model *m)
{
		ggrid *g = grid_new(28, 10, 3);
	char s[400];
	gset(g, 0, 0, T3_NOTE, 3, 3, 0);
	gset(g, 0, 3, m->t3appl, 1, 7, 0);
	gset(g, 1, 3, m->t3col[0], 2, 1, 0);
	gset(g, 1, 4, m->t3legal, 1, 5, 0);
	gset(g, 1, 9, m->t3col[6], 2, 1, 0);
	for (int j = 1; j <= 5; j++)
		gset(g, 2, 3 + j, m->t3col[j], 1, 1, 0);
	for (int i = 0; i < GEN_T3R; i++) {
		int r = 3 + i;
		t3_label(m, i, s, sizeof s);
		if (i == 0 || i == 1 || i == 24)
			gset(g, r, 0, s, 1, 3, 0);
		else {
			if (i == 2)
				gset(g, r, 0, m->t3result, 22, 1, 0);
			if (i == 2 || i == 3 || i == 23)
				gset(g, r, 1, s, 1, 2, 0);
			else {
				int k = t3_group(i);
				if (i == gstart[k])
					gset(g, r, 1, m->t3grp[k], gend[k] - gstart[k] + 1, 1, 0);
				gset(g, r, 2, s, 1, 1, 0);
			}
		}
		for (int j = 0; j < GEN_T3C; j++)
			gset(g, r, 3 + j, val(m, NSM_T3, i, j, s, sizeof s), 1, 1, 1);
	}
	return g;
}

static ggrid *grid_t2(const gen_model *m)
{
		ggrid *g = grid_new(14, 4, 0);
	char s[64];
	int r = 0;
	for (int k = 0; k < 4; k++) {
		int f = t2_cap_first[k];
		gset(g, r++, 0, m->t2cap[k], 1, 4, 0);
		gset(g, r, 0, "信息内容", 1, 1, 0);
		if (k == 0)
			for (int j = 0; j < 3; j++)
				gset(g, r, 1 + j, m->t2col[j], 1, 1, 0);
		else
			gset(g, r, 1, m->t2col[k == 3 ? 4 : 3], 1, 3, 0);
		r++;
		for (int i = f; i < t2_cap_first[k + 1]; i++, r++) {
			gset(g, r, 0, m->t2row[i], 1, 1, 0);
			if (k == 0)
				for (int j = 0; j < 3; j++)
					gset(g, r, 1 + j, val(m, NSM_T2, i, j, s, sizeof s), 1, 1, 1);
			else
				gset(g, r, 1, val(m, NSM_T2, i, k == 3 ? 4 : 3, s, sizeof s), 1, 3, 1);
		}
	}
	return g;
}

static ggrid *grid_t4(const gen_model *m)
{
		ggrid *g = grid_new(4, 15, 3);
	char s[64];
	gset(g, 0, 0, m->t4grp[0], 1, 5, 0);
	gset(g, 0, 5, "行政诉讼", 1, 10, 0);
	for (int j = 0; j < 5; j++)
		gset(g, 1, j, m->t4col[j], 2, 1, 0);
	gset(g, 1, 5, m->t4grp[1], 1, 5, 0);
	gset(g, 1, 10, m->t4grp[2], 1, 5, 0);
	for (int j = 0; j < 10; j++)
		gset(g, 2, 5 + j, m->t4col[j % 5], 1, 1, 0);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 5; j++)
			gset(g, 3, i * 5 + j, val(m, NSM_T4, i, j, s, sizeof s), 1, 1, 1);
	return g;
}

static ggrid *grid_of(const gen_model *m, int t)
{
	return t == NSM_T2 ? grid_t2(m) : t == NSM_T3 ? grid_t3(m) : grid_t4(m);
}

/* ---- plain-text layouts ---------------------------------------------- */

typedef struct tctx {
	gbuf *o;
	gen_rng *g;
	const gen_model *m;
	int layout;
	int page;        /* page number printed at the next page break */
	/* per-document variations */
	int lm;          /* left margin (-layout) */
	int rw, gw, lw;  /* -layout widths: result column, group column, labels */
	int cw;          /* -layout width of a value column */
	int vmid;        /* -layout: values on the middle line of a wrapped label */
	int vcenter;     /* -layout: values centred in their column, else right */
	int omit_blank;  /* TSV: a blank cell leaves no field at all */
	int split_groups;/* TSV: merged labels split over two rows, as extracted */
	int wrap_long;   /* TSV: long labels wrapped, values on the second line */
	int oneline;     /* glued: the whole body on one line */
	int row_lines;   /* glued: one line per table row */
} tctx;

/* A few lines of a fixed-width character grid, for -layout text. */
#define CW_MAX 240
#define CL_MAX 24
typedef struct canvas {
	int nl;
	char s[CL_MAX][CW_MAX][5];
} canvas;

static void cv_clear(canvas *c, int nl)
{
	c->nl = nl;
	for (int i = 0; i < CL_MAX; i++)
		for (int j = 0; j < CW_MAX; j++)
			strcpy(c->s[i][j], " ");
}

static void cv_put(canvas *c, int line, int col, const char *text)
{
	if (line >= CL_MAX)
		return;
	if (line >= c->nl)
		c->nl = line + 1;
	for (const char *p = text; *p && col < CW_MAX - 1; p += u8len(p)) {
		int w = cpw(u8cp(p)), l = u8len(p);
		memcpy(c->s[line][col], p, (size_t)l);
		c->s[line][col][l] = 0;
		if (w == 2)
			c->s[line][col + 1][0] = 0; /* right half of a wide char */
		col += w;
	}
}

static void cv_flush(canvas *c, gbuf *o)
{
	for (int i = 0; i < c->nl; i++) {
		int end = CW_MAX;
		while (end > 0 && strcmp(c->s[i][end - 1], " ") == 0)
			end--;
		for (int j = 0; j < end; j++)
			gb_puts(o, c->s[i][j]);
		gb_puts(o, "\n");
	}
}

static void cv_centre(canvas *c, int line, int x0, int width, const char *text)
{
	int w = dwidth(text);
	cv_put(c, line, x0 + (width > w ? (width - w) / 2 : 0), text);
}

static void t_pagebreak(tctx *c)
{
	if (c->layout == GL_PDFTEXT) {
		gb_printf(c->o, "\n%*s- %d -\n\f", 36, "", c->page++);
	} else {
		gb_printf(c->o, "\n- %d -\n\n", c->page++);
	}
}

static void t_title(void *u, const char *s)
{
	tctx *c = u;
	if (c->layout == GL_GLUED)
		gb_printf(c->o, "%s%s", s, c->oneline ? " " : "\n");
	else if (c->layout == GL_PDFTEXT)
		gb_printf(c->o, "%*s%s\n\n", 10 + c->lm, "", s);
	else
		gb_printf(c->o, "%s\n\n", s);
}

static void t_heading(void *u, const char *s)
{
	tctx *c = u;
	if (c->layout == GL_GLUED)
		gb_printf(c->o, "%s%s", s, c->oneline ? "" : "\n");
	else
		gb_printf(c->o, "%*s%s\n\n", c->layout == GL_PDFTEXT ? c->lm + 4 : 0, "", s);
}

static void t_para(void *u, const char *s)
{
	tctx *c = u;
	if (c->layout == GL_GLUED) {
		gb_printf(c->o, "%s%s", s, c->oneline ? "" : "\n");
		return;
	}
	if (c->layout == GL_PDFTEXT) {
		/* pdftotext -layout keeps the PDF's line breaks: a paragraph is
		 * several lines of about the page's width */
		char lines[WMAXL][256];
		int n = wrap_w(s, 76, lines);
		for (int i = 0; i < n; i++)
			gb_printf(c->o, "%*s%s\n", c->lm + (i == 0 ? 4 : 0), "", lines[i]);
		gb_puts(c->o, "\n");
		return;
	}
	gb_printf(c->o, "%s\n\n", s);
}

/* -- pdftotext -layout ------------------------------------------------- */

static void lay_t3_header(tctx *c)
{
	const gen_model *m = c->m;
	canvas *cv = malloc(sizeof *cv);
	int x0 = c->lm, lab = c->rw + c->gw + c->lw, xv = x0 + lab + 2;
	char lines[WMAXL][256];
	cv_clear(cv, 0);
	int nn = wrap_w(T3_NOTE, lab, lines);
	for (int i = 0; i < nn; i++)
		cv_put(cv, i, x0, lines[i]);
	cv_centre(cv, 0, xv, 7 * c->cw, m->t3appl);
	cv_centre(cv, 1, xv + c->cw, 5 * c->cw, m->t3legal);
	int hl = 2;
	for (int j = 0; j < 7; j++) {
		int n = wrap_w(m->t3col[j], c->cw - 1, lines);
		for (int k = 0; k < n; k++) {
			cv_centre(cv, 2 + k, xv + j * c->cw, c->cw, lines[k]);
			if (2 + k + 1 > hl)
				hl = 2 + k + 1;
		}
	}
	if (cv->nl < hl)
		cv->nl = hl;
	cv_flush(cv, c->o);
	free(cv);
}

static void lay_t3(tctx *c)
{
	const gen_model *m = c->m;
	canvas *cv = malloc(sizeof *cv);
	char lines[WMAXL][256], s[400];
	/* merged labels: one line of them per row around the middle of the
	 * span, as pdftotext lays out a vertically centred cell */
	const char *pre_r[GEN_T3R] = {0}, *pre_g[GEN_T3R] = {0};
	static char rl[WMAXL][256], gl[4][WMAXL][256];
	int nr = wrap_w(m->t3result, c->rw - 1, rl);
	for (int k = 0; k < nr; k++)
		pre_r[12 - nr / 2 + k] = rl[k];
	for (int g = 0; g < 4; g++) {
		int n = wrap_w(m->t3grp[g], c->gw - 1, gl[g]);
		int mid = (gstart[g] + gend[g] + 1) / 2 - n / 2;
		if (mid < gstart[g])
			mid = gstart[g];
		for (int k = 0; k < n && mid + k <= gend[g]; k++)
			pre_g[mid + k] = gl[g][k];
	}
	int x0 = c->lm, xv = x0 + c->rw + c->gw + c->lw + 2;
	int brk = gen_chance(c->g, 50) ? gen_int(c->g, 4, 21) : -1, rep = gen_chance(c->g, 50);
	lay_t3_header(c);
	for (int i = 0; i < GEN_T3R; i++) {
		if (i == brk) {
			t_pagebreak(c);
			if (rep)
				lay_t3_header(c);
		}
		cv_clear(cv, 1);
		int n, lx;
		t3_label(m, i, s, sizeof s);
		if (i == 0 || i == 1 || i == 24)
			lx = x0, n = wrap_w(s, c->rw + c->gw + c->lw, lines);
		else if (i == 2 || i == 3 || i == 23)
			lx = x0 + c->rw, n = wrap_w(s, c->gw + c->lw, lines);
		else
			lx = x0 + c->rw + c->gw, n = wrap_w(s, c->lw, lines);
		for (int k = 0; k < n; k++)
			cv_put(cv, k, lx, lines[k]);
		if (pre_r[i])
			cv_put(cv, 0, x0, pre_r[i]);
		if (pre_g[i])
			cv_put(cv, 0, x0 + c->rw, pre_g[i]);
		int vl = c->vmid ? (n - 1) / 2 : 0;
		for (int j = 0; j < GEN_T3C; j++) {
			val(m, NSM_T3, i, j, s, sizeof s);
			int w = dwidth(s), x = xv + j * c->cw;
			cv_put(cv, vl, c->vcenter ? x + (c->cw - w) / 2 : x + c->cw - 1 - w, s);
		}
		cv_flush(cv, c->o);
	}
	free(cv);
	gb_puts(c->o, "\n");
}

static void lay_t2(tctx *c)
{
	const gen_model *m = c->m;
		canvas *cv = malloc(sizeof *cv);
	int x0 = c->lm, cw = 16, xv = x0 + 18;
	int centre = gen_chance(c->g, 50);
	char s[64];
	for (int k = 0; k < 4; k++) {
		int f = t2_cap_first[k];
		cv_clear(cv, 2);
		cv_centre(cv, 0, x0, 18 + 3 * cw, m->t2cap[k]);
		cv_put(cv, 1, x0, "信息内容");
		if (k == 0)
			for (int j = 0; j < 3; j++)
				cv_centre(cv, 1, xv + j * cw, cw, m->t2col[j]);
		else
			cv_centre(cv, 1, xv, 3 * cw, m->t2col[k == 3 ? 4 : 3]);
		for (int i = f; i < t2_cap_first[k + 1]; i++) {
			int line = cv->nl;
			cv_put(cv, line, x0, m->t2row[i]);
			if (k == 0)
				for (int j = 0; j < 3; j++)
					cv_centre(cv, line, xv + j * cw, cw, val(m, NSM_T2, i, j, s, sizeof s));
			else {
				val(m, NSM_T2, i, k == 3 ? 4 : 3, s, sizeof s);
				if (centre)
					cv_centre(cv, line, xv, 3 * cw, s);
				else
					cv_put(cv, line, xv + 2, s);
			}
		}
		cv_flush(cv, c->o);
	}
	free(cv);
	gb_puts(c->o, "\n");
}

static void lay_t4(tctx *c)
{
	const gen_model *m = c->m;
		canvas *cv = malloc(sizeof *cv);
	int x0 = c->lm, cw = gen_int(c->g, 5, 6);
	char lines[WMAXL][256], s[64];
	cv_clear(cv, 0);
	cv_centre(cv, 0, x0, 5 * cw, m->t4grp[0]);
	cv_centre(cv, 0, x0 + 5 * cw, 10 * cw, "行政诉讼");
	cv_centre(cv, 1, x0 + 5 * cw, 5 * cw, m->t4grp[1]);
	cv_centre(cv, 1, x0 + 10 * cw, 5 * cw, m->t4grp[2]);
	for (int j = 0; j < 15; j++) {
		int n = wrap_w(m->t4col[j % 5], cw - 1, lines);
		for (int k = 0; k < n; k++)
			cv_centre(cv, 2 + k, x0 + j * cw, cw, lines[k]);
	}
	int vl = cv->nl;
	for (int j = 0; j < 15; j++) {
		val(m, NSM_T4, j / 5, j % 5, s, sizeof s);
		cv_put(cv, vl, x0 + j * cw + cw - 1 - dwidth(s), s);
	}
	cv_flush(cv, c->o);
	free(cv);
	gb_puts(c->o, "\n");
}

/* -- tab-separated (PDF text extraction) ------------------------------- */

static void tsv_cells(tctx *c, const char *const *cells, const int *isval, int n)
{
	int first = 1;
	for (int k = 0; k < n; k++) {
		if (isval[k] && !cells[k][0] && c->omit_blank)
			continue;
		if (!first)
			gb_puts(c->o, "\t");
		gb_puts(c->o, cells[k]);
		first = 0;
	}
	gb_puts(c->o, "\n");
}

static void tsv_t3_header(tctx *c)
{
	const gen_model *m = c->m;
	gb_printf(c->o, "%s\t%s\n%s\t%s\t%s\n", T3_NOTE, m->t3appl, m->t3col[0], m->t3legal,
	          m->t3col[6]);
	for (int j = 1; j <= 5; j++)
		gb_printf(c->o, "%s%s", m->t3col[j], j < 5 ? "\t" : "\n");
}

static void tsv_t3(tctx *c)
{
	const gen_model *m = c->m;
	char lab[400], v[GEN_T3C][32], pre1[64], pre2[128];
	int brk = gen_chance(c->g, 50) ? gen_int(c->g, 4, 21) : -1, rep = gen_chance(c->g, 40);
	tsv_t3_header(c);
	for (int i = 0; i < GEN_T3R; i++) {
		if (i == brk) {
			t_pagebreak(c);
			if (rep)
				tsv_t3_header(c);
		}
		const char *cells[12];
		int isval[12] = {0}, n = 0;
		pre1[0] = pre2[0] = 0;
		/* merged labels once, near the middle of their span */
		if (c->split_groups) {
			if (i == 12)
				snprintf(pre1, sizeof pre1, "三、本年");
			if (i == 13)
				snprintf(pre1, sizeof pre1, "度办理结果");
		} else if (i == 12)
			snprintf(pre1, sizeof pre1, "%s", m->t3result);
		int g = t3_group(i);
		if (g >= 0) {
			int mid = (gstart[g] + gend[g]) / 2;
			const char *gn = m->t3grp[g];
			size_t cut = u8prefix(gn, 3); /* after "（三）" */
			if (c->split_groups && gend[g] > gstart[g]) {
				if (i == mid)
					snprintf(pre2, sizeof pre2, "%.*s", (int)cut, gn);
				if (i == mid + 1)
					snprintf(pre2, sizeof pre2, "%s", gn + cut);
			} else if (i == mid)
				snprintf(pre2, sizeof pre2, "%s", gn);
		}
		if (pre1[0])
			cells[n++] = pre1;
		if (pre2[0])
			cells[n++] = pre2;
		t3_label(m, i, lab, sizeof lab);
		if (c->wrap_long && nchars(lab) > 24) {
			size_t cut = u8prefix(lab, 20);
			gb_put(c->o, lab, cut);
			gb_puts(c->o, "\n");
			memmove(lab, lab + cut, strlen(lab + cut) + 1);
		}
		cells[n++] = lab;
		for (int j = 0; j < GEN_T3C; j++) {
			isval[n] = 1;
			cells[n++] = val(m, NSM_T3, i, j, v[j], sizeof v[j]);
		}
		tsv_cells(c, cells, isval, n);
	}
	gb_puts(c->o, "\n");
}

static void tsv_t2(tctx *c)
{
	const gen_model *m = c->m;
		char v[3][32];
	for (int k = 0; k < 4; k++) {
		int f = t2_cap_first[k];
		gb_printf(c->o, "%s\n信息内容", m->t2cap[k]);
		if (k == 0)
			gb_printf(c->o, "\t%s\t%s\t%s\n", m->t2col[0], m->t2col[1],
			          m->t2col[2]);
		else
			gb_printf(c->o, "\t%s\n", m->t2col[k == 3 ? 4 : 3]);
		for (int i = f; i < t2_cap_first[k + 1]; i++) {
			const char *cells[4] = {m->t2row[i]};
			int isval[4] = {0, 1, 1, 1}, n = 1;
			if (k == 0)
				for (int j = 0; j < 3; j++)
					cells[n++] = val(m, NSM_T2, i, j, v[j], sizeof v[j]);
			else
				cells[n++] = val(m, NSM_T2, i, k == 3 ? 4 : 3, v[0], sizeof v[0]);
			tsv_cells(c, cells, isval, n);
		}
	}
	gb_puts(c->o, "\n");
}

static void tsv_t4(tctx *c)
{
	const gen_model *m = c->m;
		gb_printf(c->o, "%s\t行政诉讼\n%s\t%s\n", m->t4grp[0], m->t4grp[1], m->t4grp[2]);
	for (int j = 0; j < 15; j++)
		gb_printf(c->o, "%s%s", m->t4col[j % 5], j < 14 ? "\t" : "\n");
	char v[15][32];
	const char *cells[15];
	int isval[15];
	for (int j = 0; j < 15; j++) {
		cells[j] = val(m, NSM_T4, j / 5, j % 5, v[j], sizeof v[j]);
		isval[j] = 1;
	}
	tsv_cells(c, cells, isval, 15);
	gb_puts(c->o, "\n");
}

/* -- glued crawler text ------------------------------------------------ */

static void glue_row_end(tctx *c) { gb_puts(c->o, c->row_lines ? "\n" : ""); }

static void glued_table(tctx *c, int t)
{
	const gen_model *m = c->m;
	const nsm_table *tp = TPL(t);
	char s[400];
	if (t == NSM_T2) {
		for (int k = 0; k < 4; k++) {
			int f = t2_cap_first[k];
			gb_printf(c->o, "%s信息内容", m->t2cap[k]);
			if (k == 0)
				gb_printf(c->o, "%s%s%s", m->t2col[0], m->t2col[1], m->t2col[2]);
			else
				gb_puts(c->o, m->t2col[k == 3 ? 4 : 3]);
			glue_row_end(c);
			for (int i = f; i < t2_cap_first[k + 1]; i++) {
				gb_puts(c->o, m->t2row[i]);
				for (int j = 0; j < GEN_T2C; j++)
					if (nsm_has_cell(tp, i, j))
						gb_puts(c->o, val(m, t, i, j, s, sizeof s));
				glue_row_end(c);
			}
		}
	} else if (t == NSM_T3) {
		gb_printf(c->o, "%s%s%s%s%s", T3_NOTE, m->t3appl, m->t3col[0], m->t3legal, m->t3col[6]);
		for (int j = 1; j <= 5; j++)
			gb_puts(c->o, m->t3col[j]);
		glue_row_end(c);
		for (int i = 0; i < GEN_T3R; i++) {
			if (i == 2)
				gb_puts(c->o, m->t3result);
			int g = t3_group(i);
			if (g >= 0 && i == gstart[g])
				gb_puts(c->o, m->t3grp[g]);
			t3_label(m, i, s, sizeof s);
			gb_puts(c->o, s);
			for (int j = 0; j < GEN_T3C; j++)
				gb_puts(c->o, val(m, t, i, j, s, sizeof s));
			glue_row_end(c);
		}
	} else {
		gb_printf(c->o, "%s行政诉讼", m->t4grp[0]);
		for (int j = 0; j < 5; j++)
			gb_puts(c->o, m->t4col[j]);
		gb_printf(c->o, "%s%s", m->t4grp[1], m->t4grp[2]);
		for (int j = 0; j < 10; j++)
			gb_puts(c->o, m->t4col[j % 5]);
		glue_row_end(c);
		for (int j = 0; j < 15; j++)
			gb_puts(c->o, val(m, t, j / 5, j % 5, s, sizeof s));
		glue_row_end(c);
	}
}

static void t_table(void *u, int t)
{
	tctx *c = u;
	switch (c->layout) {
	case GL_PDFTEXT:
		if (t == NSM_T2) lay_t2(c);
		else if (t == NSM_T3) lay_t3(c);
		else lay_t4(c);
		break;
	case GL_TSV:
		if (t == NSM_T2) tsv_t2(c);
		else if (t == NSM_T3) tsv_t3(c);
		else tsv_t4(c);
		break;
	default:
		glued_table(c, t);
	}
}

static int render_text(int layout, const gen_model *m, gen_rng *g, gbuf *o)
{
	tctx c = {.o = o, .g = g, .m = m, .layout = layout, .page = 1};
	c.lm = gen_int(g, 0, 6);
	c.rw = gen_int(g, 6, 10);
	c.gw = gen_int(g, 8, 12);
	c.lw = gen_int(g, 22, 44);
	c.cw = gen_int(g, 6, 10);
	c.vmid = gen_chance(g, 60);
	c.vcenter = gen_chance(g, 40);
	c.omit_blank = gen_chance(g, 30);
	c.split_groups = gen_chance(g, 50);
	c.wrap_long = gen_chance(g, 20);
	c.oneline = gen_chance(g, 60);
	c.row_lines = !c.oneline && gen_chance(g, 70);
	if (layout == GL_GLUED && gen_chance(g, 50))
		gb_printf(o, "标题: %s%d年政府信息公开工作年度报告\n发布时间: %d-01-%02d 09:30\n",
		          m->agency, m->year, m->year + 1, 10 + m->year % 15);
	emitter e = {t_title, t_heading, t_para, t_table, &c};
	walk(m, &e);
	return 0;
}

/* ---- Markdown -------------------------------------------------------- */

typedef struct mctx {
	gbuf *o;
	gen_rng *g;
	const gen_model *m;
	int layout;
	int hdr_named;  /* per-row tables: headers with the column names */
	int grp_col;    /* per-row tables: a column for the group label */
	int plain_head; /* shredded: section titles as plain lines */
	int page;
} mctx;

static void md_row(gbuf *o, const char *const *cells, int n)
{
	gb_puts(o, "|");
	for (int k = 0; k < n; k++)
		gb_printf(o, " %s |", cells[k]);
	gb_puts(o, "\n");
}

static void md_delim(gbuf *o, int n)
{
	gb_puts(o, "|");
	for (int k = 0; k < n; k++)
		gb_puts(o, "---|");
	gb_puts(o, "\n");
}

static void m_title(void *u, const char *s)
{
	mctx *c = u;
	gb_printf(c->o, "%s%s\n\n", c->plain_head ? "" : "# ", s);
}

static void m_heading(void *u, const char *s)
{
	mctx *c = u;
	gb_printf(c->o, "%s%s\n\n", c->plain_head ? "" : "## ", s);
}

static void m_para(void *u, const char *s)
{
	mctx *c = u;
	gb_printf(c->o, "%s\n\n", s);
}

/* t4 as three tables of five: their captions. */
static void t4_captions(const gen_model *m, char cap[3][96])
{
	snprintf(cap[0], 96, "%s", m->t4grp[0]);
	snprintf(cap[1], 96, "行政诉讼（%s）", m->t4grp[1]);
	snprintf(cap[2], 96, "行政诉讼（%s）", m->t4grp[2]);
}

/* One small pipe table per row or per block of rows, each with a header. */
static void mdrows_t3(mctx *c)
{
	const gen_model *m = c->m;
		char lab[400], v[GEN_T3C][32];
	const char *cells[10];
	int i = 0;
	while (i < GEN_T3R) {
		int n = gen_int(c->g, 1, 6), k = 0;
		cells[k++] = "类别";
		if (c->grp_col)
			cells[k++] = "项目";
		static const char *const dn[7] = {"数据1", "数据2", "数据3", "数据4", "数据5", "数据6", "总计"};
		for (int j = 0; j < GEN_T3C; j++)
			cells[k++] = c->hdr_named ? m->t3col[j] : dn[j];
		md_row(c->o, cells, k);
		md_delim(c->o, k);
		for (int e = i + n; i < e && i < GEN_T3R; i++) {
			k = 0;
			t3_label(m, i, lab, sizeof lab);
			int g = t3_group(i);
			if (c->grp_col) {
				cells[k++] = g >= 0 ? (i == gstart[g] ? m->t3grp[g] : "") : lab;
				cells[k++] = g >= 0 ? lab : "";
			} else
				cells[k++] = lab;
			for (int j = 0; j < GEN_T3C; j++)
				cells[k++] = val(m, NSM_T3, i, j, v[j], sizeof v[j]);
			md_row(c->o, cells, k);
		}
		gb_puts(c->o, "\n");
	}
}

static void md_t2(mctx *c)
{
	const gen_model *m = c->m;
		char v[3][32];
	for (int k = 0; k < 4; k++) {
		int f = t2_cap_first[k];
		const char *cells[4] = {"信息内容"};
		int n = 1;
		if (k == 0)
			for (int j = 0; j < 3; j++)
				cells[n++] = m->t2col[j];
		else
			cells[n++] = m->t2col[k == 3 ? 4 : 3];
		if (c->layout == GL_MD_SHRED && k > 0) {
			/* a converter that lost the grid: caption, glued header, and
			 * "label value" lines */
			gb_printf(c->o, "%s\n信息内容%s\n", m->t2cap[k], cells[1]);
			for (int i = f; i < t2_cap_first[k + 1]; i++) {
				val(m, NSM_T2, i, k == 3 ? 4 : 3, v[0], sizeof v[0]);
				gb_printf(c->o, "%s%s%s\n", m->t2row[i], v[0][0] ? " " : "", v[0]);
			}
			continue;
		}
		const char *bold = c->layout == GL_MD_ROWS && gen_chance(c->g, 50) ? "**" : "";
		gb_printf(c->o, "%s%s%s\n\n", bold, m->t2cap[k], bold);
		md_row(c->o, cells, n);
		md_delim(c->o, n);
		for (int i = f; i < t2_cap_first[k + 1]; i++) {
			n = 0;
			cells[n++] = m->t2row[i];
			if (k == 0)
				for (int j = 0; j < 3; j++)
					cells[n++] = val(m, NSM_T2, i, j, v[j], sizeof v[j]);
			else
				cells[n++] = val(m, NSM_T2, i, k == 3 ? 4 : 3, v[0], sizeof v[0]);
			md_row(c->o, cells, n);
		}
		gb_puts(c->o, "\n");
	}
}

static void md_t4(mctx *c)
{
	const gen_model *m = c->m;
		char v[15][32];
	const char *cells[15];
	for (int j = 0; j < 15; j++)
		cells[j] = val(m, NSM_T4, j / 5, j % 5, v[j], sizeof v[j]);
	if (c->layout == GL_MD_SHRED) {
		/* the two-level header shredded over lines, then the values */
		gb_puts(c->o, "行政复议行政诉讼\n未经复议直接起诉复议后起诉\n结果结果其他尚未\n"
		              "总计结果结果其他尚未结果结果其他尚未\n维持纠正结果审结维持纠正结果审结\n");
		gb_puts(c->o, "| 维持 | 纠正 | 结果 | 审结 | 总计 | 总计 |\n");
		md_delim(c->o, 6);
		md_row(c->o, cells, 15);
		md_delim(c->o, 15);
		gb_puts(c->o, "\n");
		return;
	}
	if (gen_chance(c->g, 50)) { /* three tables of five */
		char cap[3][96];
		t4_captions(m, cap);
		for (int i = 0; i < 3; i++) {
			const char *h[5];
			for (int j = 0; j < 5; j++)
				h[j] = m->t4col[j];
			gb_printf(c->o, "%s\n\n", cap[i]);
			md_row(c->o, h, 5);
			md_delim(c->o, 5);
			md_row(c->o, cells + 5 * i, 5);
			gb_puts(c->o, "\n");
		}
		return;
	}
	/* one table with the two-level header as report.md has it */
	const char *h[15];
	for (int j = 0; j < 15; j++)
		h[j] = j == 0 ? m->t4grp[0] : j == 5 ? "行政诉讼" : "";
	md_row(c->o, h, 15);
	md_delim(c->o, 15);
	for (int j = 0; j < 15; j++)
		h[j] = j < 5 ? m->t4col[j] : j == 5 ? m->t4grp[1] : j == 10 ? m->t4grp[2] : "";
	md_row(c->o, h, 15);
	for (int j = 0; j < 15; j++)
		h[j] = j < 5 ? "" : m->t4col[j % 5];
	md_row(c->o, h, 15);
	md_row(c->o, cells, 15);
	gb_puts(c->o, "\n");
}

/* Converter Markdown as tests/corpus/shanghai_shizhengfu_bgt_2025.md has
 * it: the header shredded into lines, tables restarting every few rows
 * with a junk heading, labels detached above value-only tables, merged
 * labels cut into fragments in an extra first cell, page footers. */
static void shred_t3(mctx *c)
{
	const gen_model *m = c->m;
	char lab[400], v[GEN_T3C][32], lines[WMAXL][256];
	const char *cells[12];
	gb_puts(c->o, "申请人情况\n法人或其他组织\n（本列数据的勾稽关系为：第一项加第二项之和，\n"
	              "社会法律\n公益服务其他\n企业机构\n组织机构\n");
	gb_puts(c->o, "## 表三：收到和处理政府信息公开申请情况\n");
	gb_puts(c->o, "| 等于第三项加第四项之和） | 自然人 | 商业 | 科研 | 总计 |\n");
	md_delim(c->o, 5);
	int open = 0, ncols = 0, brk = gen_int(c->g, 6, 20);
	for (int i = 0; i < GEN_T3R; i++) {
		if (i == brk) {
			gb_printf(c->o, "— %d —\n", c->page++);
			open = 0;
		}
		t3_label(c->m, i, lab, sizeof lab);
		int k = 0, g = t3_group(i);
		int mode = gen_int(c->g, 0, 99) < 25 ? 1 : 0; /* 1: detached label */
		const char *frag = NULL;
		char fr[64];
		if (g >= 0 && gend[g] > gstart[g] && mode == 0) {
			int mid = (gstart[g] + gend[g]) / 2;
			size_t cut = u8prefix(m->t3grp[g], 4);
			if (i == mid)
				snprintf(fr, sizeof fr, "%.*s", (int)cut, m->t3grp[g]), frag = fr;
			else if (i == mid + 1)
				snprintf(fr, sizeof fr, "%s", m->t3grp[g] + cut), frag = fr;
		}
		if (mode == 1) {
			gb_puts(c->o, "\n");
			int n = wrap_w(lab, gen_int(c->g, 26, 34), lines);
			for (int q = 0; q < n; q++)
				gb_printf(c->o, "%s\n", lines[q]);
		} else {
			if (frag)
				cells[k++] = frag;
			cells[k++] = lab;
		}
		for (int j = 0; j < GEN_T3C; j++)
			cells[k++] = val(m, NSM_T3, i, j, v[j], sizeof v[j]);
		int trail = !frag && gen_chance(c->g, 15);
		if (trail)
			cells[k++] = "";
		md_row(c->o, cells, k);
		if (mode == 1 || !open || (k != ncols && gen_chance(c->g, 50))) {
			if (!open && mode == 0 && gen_chance(c->g, 30)) {
				/* a new table after a junk heading: this row is its header */
			}
			md_delim(c->o, k);
			open = 1;
			ncols = k;
		}
	}
	gb_puts(c->o, "\n");
}

static void m_table(void *u, int t)
{
	mctx *c = u;
	if (t == NSM_T2)
		md_t2(c);
	else if (t == NSM_T4)
		md_t4(c);
	else if (c->layout == GL_MD_SHRED)
		shred_t3(c);
	else
		mdrows_t3(c);
}

static int render_md(int layout, const gen_model *m, gen_rng *g, gbuf *o)
{
	mctx c = {.o = o, .g = g, .m = m, .layout = layout};
	c.hdr_named = gen_chance(g, 50);
	c.grp_col = gen_chance(g, 40);
	c.plain_head = layout == GL_MD_SHRED && gen_chance(g, 70);
	c.page = gen_int(g, 3, 5);
	emitter e = {m_title, m_heading, m_para, m_table, &c};
	walk(m, &e);
	return 0;
}

/* ---- HTML ------------------------------------------------------------ */

typedef struct hctx {
	gbuf *o;
	gen_rng *g;
	const gen_model *m;
	int layout;
	int spans;   /* 0 plain, 1 <span>, 2 Word-style <p><span style>, 3 split spans */
	int nbsp;    /* blank cells as &nbsp; */
	int headp;   /* headings as <p><strong> instead of <h2> */
} hctx;

static void h_text(hctx *c, const char *s, int value)
{
	if (!*s) {
		gb_puts(c->o, c->nbsp ? (c->spans >= 2 ? "<p><span>&nbsp;</span></p>" : "&nbsp;") : "");
		return;
	}
	switch (c->spans) {
	case 0: gb_puts(c->o, s); break;
	case 1: gb_printf(c->o, "<span>%s</span>", s); break;
	case 2:
		gb_printf(c->o, "<p class=\"MsoNormal\" align=\"center\"><span style=\"font-family:宋体;font-size:10.5pt\">%s</span></p>", s);
		break;
	default:
		if (!value && nchars(s) > 3) {
			/* Word splits a label into runs where the editing stopped */
			size_t cut = u8prefix(s, gen_int(c->g, 1, nchars(s) - 1));
			gb_printf(c->o, "<p><span style=\"font-family:宋体\">%.*s</span><span style=\"font-family:宋体\"><span lang=\"EN-US\">%s</span></span></p>",
			          (int)cut, s, s + cut);
		} else
			gb_printf(c->o, "<p><span lang=\"EN-US\">%s</span></p>", s);
	}
}

static void h_grid(hctx *c, const ggrid *g)
{
	gb_puts(c->o, "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse:collapse\">\n");
	if (gen_chance(c->g, 50))
		gb_puts(c->o, "<tbody>\n");
	for (int r = 0; r < g->nr; r++) {
		gb_puts(c->o, "<tr>");
		for (int j = 0; j < g->nc; j++) {
			if (!is_origin(g, r, j))
				continue;
			const gcell *x = &g->c[r][j];
			gb_puts(c->o, "<td");
			if (x->rs > 1)
				gb_printf(c->o, " rowspan=\"%d\"", x->rs);
			if (x->cs > 1)
				gb_printf(c->o, " colspan=\"%d\"", x->cs);
			gb_puts(c->o, ">");
			h_text(c, x->text, x->value);
			gb_puts(c->o, "</td>");
		}
		gb_puts(c->o, "</tr>\n");
	}
	gb_puts(c->o, "</table>\n");
}

static void h_title(void *u, const char *s)
{
	hctx *c = u;
	gb_printf(c->o, c->headp ? "<p align=\"center\"><strong>%s</strong></p>\n" : "<h1>%s</h1>\n", s);
}

static void h_heading(void *u, const char *s)
{
	hctx *c = u;
	gb_printf(c->o, c->headp ? "<p><strong><span>%s</span></strong></p>\n" : "<h2>%s</h2>\n", s);
}

static void h_para(void *u, const char *s)
{
	hctx *c = u;
	gb_printf(c->o, "<p>%s</p>\n", s);
}

static void h_table(void *u, int t)
{
	hctx *c = u;
	if (t == NSM_T4 && c->layout == GL_HTML_T4SPLIT) {
		/* three tables of five: 行政复议, and the two kinds of 行政诉讼 */
		char cap[3][96];
		t4_captions(c->m, cap);
		int incap = gen_chance(c->g, 50);
		char s[32];
		for (int i = 0; i < 3; i++) {
			ggrid *g = grid_new(incap ? 3 : 2, 5, incap ? 2 : 1);
			int r = 0;
			if (incap)
				gset(g, r++, 0, cap[i], 1, 5, 0);
			else
				gb_printf(c->o, "<p>%s</p>\n", cap[i]);
			for (int j = 0; j < 5; j++) {
				gset(g, r, j, c->m->t4col[j], 1, 1, 0);
				gset(g, r + 1, j, val(c->m, NSM_T4, i, j, s, sizeof s), 1, 1, 1);
			}
			h_grid(c, g);
			free(g);
		}
		return;
	}
	ggrid *g = grid_of(c->m, t);
	h_grid(c, g);
	free(g);
}

static int render_html(int layout, const gen_model *m, gen_rng *g, gbuf *o)
{
	hctx c = {.o = o, .g = g, .m = m, .layout = layout};
	c.spans = gen_int(g, 0, 3);
	c.nbsp = gen_chance(g, 50);
	c.headp = gen_chance(g, 40);
	char t[256];
	doc_title(m, t, sizeof t);
	gb_printf(o, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n</head>\n<body>\n<div class=\"content\">\n", t);
	emitter e = {h_title, h_heading, h_para, h_table, &c};
	walk(m, &e);
	gb_puts(o, "</div>\n</body>\n</html>\n");
	return 0;
}

/* ---- DOCX ------------------------------------------------------------ */

typedef struct dctx {
	gbuf *o;
	gen_rng *g;
	const gen_model *m;
} dctx;

/* Runs as Word leaves them: one text in one to three w:r. */
static void d_runs(dctx *c, const char *s)
{
	int n = nchars(s);
	int parts = n > 3 ? gen_int(c->g, 1, 3) : 1;
	const char *p = s;
	for (int k = 0; k < parts; k++) {
		size_t len = k == parts - 1 ? strlen(p) : u8prefix(p, n / parts);
		gb_printf(c->o, "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">%.*s</w:t></w:r>",
		          (int)len, p);
		p += len;
	}
}

static void d_p(dctx *c, const char *s, const char *style)
{
	gb_puts(c->o, "<w:p>");
	if (style)
		gb_printf(c->o, "<w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", style);
	d_runs(c, s);
	gb_puts(c->o, "</w:p>\n");
}

static void d_title(void *u, const char *s) { d_p(u, s, "Title"); }
static void d_heading(void *u, const char *s) { d_p(u, s, "Heading2"); }
static void d_para(void *u, const char *s) { d_p(u, s, NULL); }

static void d_grid(dctx *c, const ggrid *g)
{
	gb_puts(c->o, "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders><w:top w:val=\"single\"/><w:insideH w:val=\"single\"/></w:tblBorders></w:tblPr><w:tblGrid>");
	for (int j = 0; j < g->nc; j++)
		gb_printf(c->o, "<w:gridCol w:w=\"%d\"/>", 9000 / g->nc);
	gb_puts(c->o, "</w:tblGrid>\n");
	for (int r = 0; r < g->nr; r++) {
		gb_puts(c->o, "<w:tr>");
		for (int j = 0; j < g->nc;) {
			const gcell *x = &g->c[r][j];
			const gcell *o = &g->c[x->or_][x->oc];
			if (x->oc != j) { /* inside a horizontal span: skipped */
				j++;
				continue;
			}
			gb_puts(c->o, "<w:tc><w:tcPr>");
			gb_printf(c->o, "<w:tcW w:w=\"%d\" w:type=\"dxa\"/>", 9000 / g->nc * o->cs);
			if (o->cs > 1)
				gb_printf(c->o, "<w:gridSpan w:val=\"%d\"/>", o->cs);
			if (x->or_ == r && o->rs > 1)
				gb_puts(c->o, "<w:vMerge w:val=\"restart\"/>");
			else if (x->or_ != r)
				gb_puts(c->o, "<w:vMerge/>");
			gb_puts(c->o, "<w:vAlign w:val=\"center\"/></w:tcPr>");
			if (x->or_ == r && o->text[0]) {
				gb_puts(c->o, "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>");
				d_runs(c, o->text);
				gb_puts(c->o, "</w:p>");
			} else
				gb_puts(c->o, gen_chance(c->g, 50) ? "<w:p/>" : "<w:p><w:r><w:t></w:t></w:r></w:p>");
			gb_puts(c->o, "</w:tc>");
			j += o->cs;
		}
		gb_puts(c->o, "</w:tr>\n");
	}
	gb_puts(c->o, "</w:tbl>\n");
}

static void d_table(void *u, int t)
{
	dctx *c = u;
	ggrid *g = grid_of(c->m, t);
	d_grid(c, g);
	free(g);
}

static int render_docx(const gen_model *m, gen_rng *g, gbuf *o)
{
	gbuf x = {0};
	dctx c = {&x, g, m};
	gb_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
	            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>\n");
	emitter e = {d_title, d_heading, d_para, d_table, &c};
	walk(m, &e);
	gb_puts(&x, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>\n");
	static const char ct[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
	static const char rels[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
	zent ents[3] = {{"[Content_Types].xml", ct, (size_t)-1, 0},
	                {"_rels/.rels", rels, (size_t)-1, 0},
	                {"word/document.xml", x.p, x.n, 0}};
	size_t len = 0;
	char *zip = make_zip(ents, 3, &len);
	gb_free(&x);
	if (!zip)
		return -1;
	gb_put(o, zip, len);
	free(zip);
	return 0;
}

/* ---- PDF (cairo) ----------------------------------------------------- */

#define PDF_FONT "WenQuanYi Zen Hei"
#define PAGE_W 595.0
#define PAGE_H 842.0

typedef struct pctx {
	cairo_t *cr;
	gen_rng *g;
	const gen_model *m;
	int ruled, repeat;
	int valign_top;  /* cells' text at their top, as Word and WPS put it
	                  * by default (else centred) */
	int narrow;      /* t3's value columns fit three digits: larger
	                  * figures wrap inside their cells */
	double y, top, bottom, left, width, fs;
	int page;
} pctx;

static cairo_status_t pdf_write(void *u, const unsigned char *d, unsigned int n)
{
	gb_put(u, (const char *)d, n);
	return CAIRO_STATUS_SUCCESS;
}

static void p_font(pctx *c, double size)
{
	cairo_select_font_face(c->cr, PDF_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(c->cr, size);
}

static double p_w(pctx *c, const char *s, size_t n)
{
	char tmp[512];
	if (n >= sizeof tmp)
		n = sizeof tmp - 1;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	cairo_text_extents_t e;
	cairo_text_extents(c->cr, tmp, &e);
	return e.x_advance;
}

static double pdf_width(void *c, const char *s, size_t l)
{
	return p_w(c, s, l);
}

/* Lines of s no wider than maxw points at the current font. */
static int p_wrap(pctx *c, const char *s, double maxw, char out[WMAXL][256])
{
	return wrap_by(s, maxw, pdf_width, c, out);
}

static void p_show(pctx *c, double x, double y, const char *s)
{
	cairo_move_to(c->cr, x, y);
	cairo_show_text(c->cr, s);
}

static void p_newpage(pctx *c)
{
	char s[32];
	p_font(c, 9);
	snprintf(s, sizeof s, "- %d -", c->page++);
	p_show(c, PAGE_W / 2 - p_w(c, s, strlen(s)) / 2, PAGE_H - 30, s);
	cairo_show_page(c->cr);
	c->y = c->top;
}

static void p_lines(pctx *c, const char *s, double size, double indent, int centre)
{
	char lines[WMAXL][256];
	p_font(c, size);
	int n = p_wrap(c, s, c->width - indent, lines);
	for (int i = 0; i < n; i++) {
		if (c->y + size * 1.5 > c->bottom)
			p_newpage(c);
		p_font(c, size);
		c->y += size * 1.5;
		double x = centre ? c->left + (c->width - p_w(c, lines[i], strlen(lines[i]))) / 2
		                  : c->left + (i == 0 ? indent : 0);
		p_show(c, x, c->y, lines[i]);
	}
	c->y += size * 0.6;
}

static void p_title(void *u, const char *s) { p_lines(u, s, 15, 0, 1); }
static void p_heading(void *u, const char *s) { p_lines(u, s, 12, 0, 0); }
static void p_para(void *u, const char *s) { p_lines(u, s, 10.5, 21, 0); }

typedef struct ptab {
	const ggrid *g;
	double cx[GMAXC + 1]; /* column edges */
	double h[GMAXR];      /* row heights */
	double lh, pad;
} ptab;

/* Draw the rows list[0..n) from c->y down: text of cells whose origin is
 * in the list, borders of the part of each span that is on this page. */
static void p_rows(pctx *c, ptab *t, const int *list, int n)
{
	const ggrid *g = t->g;
	char lines[WMAXL][256];
	double y = c->y;
	for (int k = 0; k < n; k++) {
		int r = list[k];
		for (int j = 0; j < g->nc; j++) {
			const gcell *x = &g->c[r][j];
			if (x->oc != j)
				continue;
			int cont = x->or_ != r; /* a span from a row above */
			if (cont && k > 0 && list[k - 1] == r - 1)
				continue;           /* drawn with the row above */
			const gcell *o = &g->c[x->or_][x->oc];
			double hh = 0;
			for (int q = k; q < n && list[q] < x->or_ + o->rs && (q == k || list[q] == list[q - 1] + 1); q++)
				hh += t->h[list[q]];
			double x0 = t->cx[j], x1 = t->cx[j + o->cs];
			if (c->ruled) {
				cairo_rectangle(c->cr, x0, y, x1 - x0, hh);
				cairo_set_line_width(c->cr, 0.5);
				cairo_stroke(c->cr);
			}
			if (cont || !o->text[0])
				continue;
			int nl = p_wrap(c, o->text, x1 - x0 - 2 * t->pad, lines);
			double ty = (c->valign_top ? y + t->pad : y + (hh - nl * t->lh) / 2) + t->lh * 0.8;
			for (int q = 0; q < nl; q++) {
				double w = p_w(c, lines[q], strlen(lines[q]));
				int left = !o->value && r >= g->nhead && j < 3 && g->nc == 10;
				double tx = left ? x0 + t->pad : x0 + (x1 - x0 - w) / 2;
				p_show(c, tx, ty + q * t->lh, lines[q]);
			}
		}
		y += t->h[r];
	}
	c->y = y;
}

static void p_table(void *u, int tn)
{
	pctx *c = u;
	ggrid *g = grid_of(c->m, tn);
	ptab t = {.g = g};
	double fs = tn == NSM_T4 ? 7.5 : c->fs;
	p_font(c, fs);
	t.lh = fs * 1.25;
	t.pad = 2.5;
	/* column widths: labels wide, values narrow */
	double w[GMAXC];
	if (tn == NSM_T3) {
		w[0] = 34, w[1] = 52, w[2] = 150;
		for (int j = 3; j < 10; j++)
			w[j] = (c->width - 236) / 7;
		if (c->narrow) {
			for (int j = 3; j < 10; j++)
				w[j] = p_w(c, "000", 3) + 2 * t.pad + 1;
			w[2] = c->width - 86 - 7 * w[3];
		}
	} else if (tn == NSM_T2) {
		w[0] = 150;
		for (int j = 1; j < 4; j++)
			w[j] = (c->width - 150) / 3;
	} else
		for (int j = 0; j < 15; j++)
			w[j] = c->width / 15;
	t.cx[0] = c->left;
	for (int j = 0; j < g->nc; j++)
		t.cx[j + 1] = t.cx[j] + w[j];
	char lines[WMAXL][256];
	for (int r = 0; r < g->nr; r++) {
		t.h[r] = t.lh + 2 * t.pad;
		for (int j = 0; j < g->nc; j++) {
			const gcell *x = &g->c[r][j];
			if (!is_origin(g, r, j) || x->rs > 1)
				continue;
			int nl = p_wrap(c, x->text, t.cx[j + x->cs] - t.cx[j] - 2 * t.pad, lines);
			if (nl * t.lh + 2 * t.pad > t.h[r])
				t.h[r] = nl * t.lh + 2 * t.pad;
		}
	}
	/* merged header cells taller than their rows: the last row grows */
	for (int r = 0; r < g->nr; r++)
		for (int j = 0; j < g->nc; j++) {
			const gcell *x = &g->c[r][j];
			if (!is_origin(g, r, j) || x->rs == 1)
				continue;
			int nl = p_wrap(c, x->text, t.cx[j + x->cs] - t.cx[j] - 2 * t.pad, lines);
			double need = nl * t.lh + 2 * t.pad, have = 0;
			for (int q = r; q < r + x->rs; q++)
				have += t.h[q];
			if (need > have)
				t.h[r + x->rs - 1] += need - have;
		}
	int list[GMAXR * 2], n = 0;
	double used = 0;
	for (int r = 0; r < g->nhead; r++)
		list[n++] = r, used += t.h[r];
	c->y += 4;
	if (c->y + used + t.h[g->nhead < g->nr ? g->nhead : 0] > c->bottom)
		p_newpage(c);
	for (int r = g->nhead; r < g->nr; r++) {
		if (c->y + used + t.h[r] > c->bottom && n > 0) {
			p_font(c, fs);
			p_rows(c, &t, list, n);
			p_newpage(c);
			n = 0;
			used = 0;
			if (c->repeat)
				for (int q = 0; q < g->nhead; q++)
					list[n++] = q, used += t.h[q];
		}
		list[n++] = r;
		used += t.h[r];
	}
	p_font(c, fs);
	p_rows(c, &t, list, n);
	c->y += 8;
	free(g);
}

static int render_pdf(int layout, const gen_model *m, gen_rng *g, gbuf *o)
{
	cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(pdf_write, o, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(sf);
	pctx c = {.cr = cr, .g = g, .m = m};
	c.ruled = layout == GL_PDF_RULED;
	c.repeat = gen_chance(g, 60);
	c.top = 60;
	c.bottom = PAGE_H - gen_int(g, 60, 200); /* varies where tables break */
	c.left = 50;
	c.width = PAGE_W - 100;
	c.fs = gen_int(g, 16, 19) / 2.0;
	c.narrow = gen_chance(g, 25);
	c.valign_top = gen_chance(g, 30);
	c.page = 1;
	c.y = c.top;
	/* no CJK font: the glyphs would be .notdef and the test meaningless */
	p_font(&c, 10);
	cairo_glyph_t *gl = NULL;
	int ng = 0;
	cairo_scaled_font_text_to_glyphs(cairo_get_scaled_font(cr), 0, 0, "政", -1, &gl, &ng,
	                                 NULL, NULL, NULL);
	int ok = ng == 1 && gl[0].index != 0;
	cairo_glyph_free(gl);
	if (ok) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		emitter e = {p_title, p_heading, p_para, p_table, &c};
		walk(m, &e);
		p_newpage(&c);
	}
	cairo_destroy(cr);
	cairo_surface_finish(sf);
	cairo_surface_destroy(sf);
	return ok ? 0 : -1;
}

/* ---- dispatch -------------------------------------------------------- */

static const char *const lnames[GL_NLAYOUTS] = {
	"pdftext", "tsv", "glued", "md_rows", "md_shred", "html", "html_t4split",
	"docx", "pdf_ruled", "pdf_unruled"};
static const char *const lext[GL_NLAYOUTS] = {
	"txt", "txt", "txt", "md", "md", "html", "html", "docx", "pdf", "pdf"};

const char *gen_layout_name(int l) { return l >= 0 && l < GL_NLAYOUTS ? lnames[l] : "?"; }
const char *gen_layout_ext(int l) { return l >= 0 && l < GL_NLAYOUTS ? lext[l] : "bin"; }

/* In glued text a blank cell leaves no trace between its neighbours: the
 * reading is unknowable, so such models would measure guessing. */
int gen_layout_blanks(int l) { return l != GL_GLUED; }

int gen_render(int layout, const gen_model *m, gen_rng *rng, gbuf *out)
{
	switch (layout) {
	case GL_PDFTEXT: case GL_TSV: case GL_GLUED:
		return render_text(layout, m, rng, out);
	case GL_MD_ROWS: case GL_MD_SHRED:
		return render_md(layout, m, rng, out);
	case GL_HTML: case GL_HTML_T4SPLIT:
		return render_html(layout, m, rng, out);
	case GL_DOCX:
		return render_docx(m, rng, out);
	case GL_PDF_RULED: case GL_PDF_UNRULED:
		return render_pdf(layout, m, rng, out);
	}
	return -1;
}

int gen_doc(uint64_t seed, long k, int layout, gen_model *m, gbuf *out)
{
	gen_rng g;
	gen_seed(&g, seed * 0x100000001B3ULL + (uint64_t)k * 0x9E3779B97F4A7C15ULL);
	gen_model_make(m, &g, gen_layout_blanks(layout));
	if (gen_words) {
		/* a stream of its own: the same values and layout as without */
		gen_rng w;
		gen_seed(&w, (seed * 0x100000001B3ULL + (uint64_t)k * 0x9E3779B97F4A7C15ULL) ^
		                 0x776F726473ULL);
		gen_reword(m, &w, gen_words);
	}
	return gen_render(layout, m, &g, out);
}

/* ---- checking -------------------------------------------------------- */

/* A diagnostic that says something is wrong with this cell: it names the
 * cell, its row or its table.  cell.blank (info) asserts the cell was
 * blank, which for a cell that had a value is the wrong story, not an
 * honest one. */
static int has_diag(const ns_report *r, const char *tab, const char *row, const char *col,
                    int for_value)
{
	char w1[160], w2[160];
	snprintf(w1, sizeof w1, "%s.%s", tab, row);
	snprintf(w2, sizeof w2, "%s.%s.%s", tab, row, col);
	for (int i = 0, n = ns_report_ndiag(r); i < n; i++) {
		const ns_diag *d = ns_report_diag(r, i);
		if (!d->where)
			continue;
		if (strcmp(d->where, tab) && strcmp(d->where, w1) && strcmp(d->where, w2))
			continue;
		if (for_value && d->severity == NS_INFO && strcmp(d->code, "cell.blank") == 0)
			continue;
		return 1;
	}
	return 0;
}

int gen_check(const ns_report *r, const gen_model *m, gen_score *s)
{
	static const char *const tabs[3] = {"t2", "t3", "t4"};
	int bad = 0;
	s->first[0] = 0;
	for (int t = 0; t < 3; t++) {
		const nsm_table *tp = TPL(t);
		for (int i = 0; i < tp->nrows; i++)
			for (int j = 0; j < tp->ncols; j++) {
				if (!nsm_has_cell(tp, i, j))
					continue;
				double mv = t == 0 ? m->t2[i][j] : t == 1 ? m->t3[i][j] : m->t4[i][j];
				int mb = t == 0 ? m->b2[i][j] : t == 1 ? m->b3[i][j] : m->b4[i][j];
				const char *row = tp->rows[i].id, *col = tp->cols[j].id;
				const ns_cell *c = ns_report_cell(r, tabs[t], row, col);
				int has = c && c->has_value;
				int k;
				if (mb)
					k = !has ? GC_RIGHT
					  : c->inferred && c->value == 0 && has_diag(r, tabs[t], row, col, 0)
					  ? GC_HONEST : GC_WRONG;
				else if (has)
					k = fabs(c->value - mv) < 1e-6 ? GC_RIGHT : GC_WRONG;
				else
					k = has_diag(r, tabs[t], row, col, 1) ? GC_HONEST : GC_MISSING;
				s->n[k]++;
				if (k == GC_WRONG || k == GC_MISSING) {
					if (!bad) {
						char mvs[32];
						if (mb)
							snprintf(mvs, sizeof mvs, "blank");
						else
							fmt_num(mv, mvs, sizeof mvs);
						char lv[48] = "null";
						if (has)
							fmt_num(c->value, lv, sizeof lv);
						snprintf(s->first, sizeof s->first,
						         "%s %s.%s.%s: model %s, loaded %s%s (raw \"%s\")",
						         k == GC_WRONG ? "WRONG" : "MISSING", tabs[t], row, col, mvs,
						         lv, has && c->inferred ? " inferred" : "",
						         c && c->raw ? c->raw : "");
					}
					bad++;
				}
			}
	}
	return bad;
}
