/*
 * test_sections.c — section headings found by their words (map.c,
 * find_sections): small inline reports, one for each way real reports
 * write their headings, loaded with ns_load_buffer as text or Markdown.
 *
 * Each test states what a careful reader takes from the document: which
 * sections are there, the heading text each was taken from, and the
 * diagnostics (section.loose for a heading matched loosely, one
 * section.numbering for a report numbering its parts its own way,
 * section.missing, section.order).  Wordings come from real reports
 * (tests/corpus and the issue's list).  NS_DUMP=1 prints each document.
 */
#include "nianshen.h"
#include "t.h"
#include "tcells.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ns_ctx *ctx;
static const char *g_test = "";

static const char *const canon[6] = {
	"一、总体情况",
	"二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
	"五、存在的主要问题及改进情况",
	"六、其他需要报告的事项",
};

/* One body line per section; none of them looks like a heading. */
static const char *const body[6] = {
	"本年度，本乡坚持以公开为常态，主动公开政府信息100条。",
	"本年度制发规范性文件2件，详见下表。",
	"本年度收到政府信息公开申请8件，均按期答复。",
	"本年度未发生政府信息公开行政复议、行政诉讼案件。",
	"一是公开内容不够丰富。二是将加强业务培训。",
	"本年度未收取信息处理费。",
};

static const char *const HEAD =
	"某某乡2023年政府信息公开工作年度报告\n\n"
	"根据《中华人民共和国政府信息公开条例》，现发布本年度报告，"
	"统计期限为2023年1月1日至12月31日。\n\n";

/* The report with these six headings (NULL: the section is left out);
 * each heading on its own line, then its body line. */
static char *doc6(const char *const h[6])
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	fputs(HEAD, f);
	for (int k = 0; k < 6; k++)
		if (h[k])
			fprintf(f, "%s\n%s\n\n", h[k], body[k]);
	fclose(f);
	return buf;
}

static ns_report *load_as(const char *text, ns_form form)
{
	if (getenv("NS_DUMP"))
		printf("---- %s\n%s----\n", g_test, text);
	ns_load_opts o = {0};
	o.form = form;
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, text, strlen(text), form == NS_FORM_MD ? "s.md" : "s.txt",
	                        &o, &r);
	CHECK_MSG(rc == NS_OK && r, "[%s] loading: %s: %s", g_test, ns_strerror(rc),
	          ns_errmsg(ctx));
	return rc == NS_OK ? r : NULL;
}

static void dump_diags(const ns_report *r)
{
	for (int i = 0; i < ns_report_ndiag(r); i++) {
		const ns_diag *d = ns_report_diag(r, i);
		if (strncmp(d->code, "section.", 8) == 0)
			fprintf(stderr, "    %s %s %s @%d:%d %s\n", ns_severity_name(d->severity),
			        d->code, d->where ? d->where : "-", d->pos.line, d->pos.col,
			        d->message);
	}
}

/* Section id found with this title (NULL: found, title not checked). */
#define EXPECT_FOUND(r, id, title) expect_found(__LINE__, r, id, title)
static void expect_found(int line, const ns_report *r, const char *id, const char *title)
{
	const ns_section *s = ns_report_section_by_id(r, id);
	CHECK_MSG(s && s->found, "test_sections.c:%d: [%s] %s not found", line, g_test, id);
	if (s && s->found && title)
		CHECK_MSG(s->title && strcmp(s->title, title) == 0,
		          "test_sections.c:%d: [%s] %s title \"%s\", expected \"%s\"", line, g_test,
		          id, s->title ? s->title : "(null)", title);
}

#define EXPECT_MISSING(r, id) do { \
	const ns_section *s_ = ns_report_section_by_id(r, id); \
	CHECK_MSG(s_ && !s_->found, "[%s] %s found (\"%s\"), expected missing", g_test, id, \
	          s_ && s_->title ? s_->title : ""); \
	CHECK_MSG(t_count_diag(r, "section.missing", id) == 1, \
	          "[%s] no section.missing for %s", g_test, id); \
} while (0)

/* Exactly n diagnostics with code (and where, when given). */
#define EXPECT_NDIAG(r, code, where, n) do { \
	int c_ = t_count_diag(r, code, where); \
	CHECK_MSG(c_ == (n), "[%s] %d diagnostics %s %s, expected %d", g_test, c_, code, \
	          (where) ? (const char *)(where) : "", (n)); \
	if (c_ != (n)) dump_diags(r); \
} while (0)

/* The section's body starts with (or holds) this text. */
static int body_starts(const ns_report *r, const char *id, const char *text)
{
	const ns_section *s = ns_report_section_by_id(r, id);
	return s && s->found && s->text && strncmp(s->text, text, strlen(text)) == 0;
}

static int body_has(const ns_report *r, const char *id, const char *text)
{
	const ns_section *s = ns_report_section_by_id(r, id);
	return s && s->found && s->text && strstr(s->text, text);
}

/* A report with all headings as given, every section found with the given
 * title (the heading without markup), no diagnostic about sections beyond
 * nloose section.loose. */
static ns_report *expect_doc(const char *name, const char *const h[6],
                             const char *const want[6], ns_form form, int nloose)
{
	g_test = name;
	char *t = doc6(h);
	ns_report *r = load_as(t, form);
	free(t);
	if (!r)
		return NULL;
	for (int k = 0; k < 6; k++) {
		char id[4] = {'s', (char)('1' + k), 0};
		if (want[k])
			EXPECT_FOUND(r, id, want[k]);
		if (h[k])
			CHECK_MSG(body_starts(r, id, body[k]), "[%s] %s body starts \"%.40s\"", g_test,
			          id, ns_report_section_by_id(r, id)->text ?
			          ns_report_section_by_id(r, id)->text : "(null)");
	}
	EXPECT_NDIAG(r, "section.missing", NULL, 0);
	EXPECT_NDIAG(r, "section.order", NULL, 0);
	EXPECT_NDIAG(r, "section.numbering", NULL, 0);
	EXPECT_NDIAG(r, "section.loose", NULL, nloose);
	return r;
}

/* ---- the template's headings and long or other wordings ------------ */

static void test_canonical(void)
{
	ns_report *r = expect_doc("canonical", canon, canon, NS_FORM_TXT, 0);
	if (r) {
		CHECK_INT(ns_report_section_by_id(r, "s3")->title_pos.line, 11);
		ns_report_release(r);
	}
	r = expect_doc("canonical md", canon, canon, NS_FORM_MD, 0);
	ns_report_release(r);
}

static void test_wordings(void)
{
	/* longer titles and other words from real reports: known wordings,
	 * taken without a diagnostic */
	static const char *const h[6] = {
		"一、概述",
		"二、主动公开政府信息情况",
		"三、收到和处理政府信息公开申请情况",
		"四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
		"五、政府信息公开工作存在的主要问题及改进情况",
		"六、其他需要报告的事项",
	};
	ns_report *r = expect_doc("long titles", h, h, NS_FORM_TXT, 0);
	ns_report_release(r);

	static const char *const h2[6] = {
		"一、总体情况",
		"二、主动公开政府信息情况",
		"三、依申请公开政府信息情况",
		"四、行政复议、行政诉讼情况",
		"五、存在的主要问题及整改措施", /* shuyang_fgj_2023.html */
		"六、其他事项",
	};
	r = expect_doc("other wordings", h2, h2, NS_FORM_TXT, 0);
	ns_report_release(r);

	/* words no known title has: taken by their words, said so */
	static const char *const h3[6] = {
		"一、总体情况",
		"二、主动公开政府信息情况",
		"三、收到和处理政府信息公开申请情况",
		"四、政府信息公开行政复议、行政诉讼情况",
		"五、工作中存在的不足和改进方向",
		"六、其他需要报告的事项",
	};
	r = expect_doc("unknown wording", h3, h3, NS_FORM_TXT, 1);
	if (r) {
		const ns_diag *d = t_find_diag(r, "section.loose", "s5");
		CHECK(d && d->severity == NS_INFO);
		CHECK(d && strstr(d->message, "五、工作中存在的不足和改进方向"));
		CHECK(d && d->pos.line == 17);
		ns_report_release(r);
	}

	/* a title running a few words past its 情况: the heading line whole,
	 * the body after it */
	static const char *const h4[6] = {
		"一、总体情况概述",
		"二、主动公开政府信息情况",
		"三、收到和处理政府信息公开申请情况",
		"四、政府信息公开行政复议、行政诉讼情况",
		"五、问题与不足；改进情况",
		"六、其他需要报告的事项",
	};
	r = expect_doc("title past its 情况", h4, h4, NS_FORM_TXT, 1);
	ns_report_release(r);

	/* words of no section at all, under the numeral 五 between 四 and 六:
	 * taken by its numeral, said so, and 四 ends there */
	static const char *const h5[6] = {
		"一、总体情况",
		"二、主动公开政府信息情况",
		"三、收到和处理政府信息公开申请情况",
		"四、政府信息公开行政复议、行政诉讼情况",
		"五、下一步工作打算",
		"六、其他需要报告的事项",
	};
	r = expect_doc("numeral alone", h5, h5, NS_FORM_TXT, 1);
	if (r) {
		CHECK(!body_has(r, "s4", "一是公开内容"));
		ns_report_release(r);
	}

	/* …and so the first and the last, with one neighbour each: the
	 * document's start before 一 (its title and opening paragraph), the
	 * report's end after 六 */
	static const struct {
		const char *name;
		int k;
		const char *heading;
	} alone[] = {
		{"numeral alone: the first", 0, "一、工作开展情况"},
		{"numeral alone: the first, another word", 0, "一、年度工作回顾"},
		{"numeral alone: the last", 5, "六、年度工作要点落实情况"},
	};
	for (size_t k = 0; k < sizeof alone / sizeof *alone; k++) {
		const char *h6[6];
		memcpy(h6, canon, sizeof h6);
		h6[alone[k].k] = alone[k].heading;
		r = expect_doc(alone[k].name, h6, h6, NS_FORM_TXT, 1);
		ns_report_release(r);
	}

	/* …but not an item of a list numbered the same way in the section
	 * before: with 二's heading left out, 一、二、 of 一's list stay 一's */
	g_test = "list items";
	char *t = NULL;
	size_t tl = 0;
	FILE *f = open_memstream(&t, &tl);
	if (f) {
		fprintf(f, "%s一、总体情况\n%s\n一、加强组织领导\n二、完善工作机制\n\n"
		        "本年度制发规范性文件2件。\n\n", HEAD, body[0]);
		for (int k = 2; k < 6; k++)
			fprintf(f, "%s\n%s\n\n", canon[k], body[k]);
		fclose(f);
		r = load_as(t, NS_FORM_TXT);
		free(t);
		if (r) {
			CHECK(!ns_report_section_by_id(r, "s2")->found);
			ns_report_release(r);
		}
	}
}

/* ---- numerals --------------------------------------------------------- */

static void test_numerals(void)
{
	static const struct {
		const char *heading, *title;
	} v[] = {
		{"五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况"},
		{"五.存在的主要问题及改进情况", "五.存在的主要问题及改进情况"},
		{"五．存在的主要问题及改进情况", "五．存在的主要问题及改进情况"},
		{"五 存在的主要问题及改进情况", "五 存在的主要问题及改进情况"},
		{"五　存在的主要问题及改进情况", "五 存在的主要问题及改进情况"}, /* a gap */
		{"五存在的主要问题及改进情况", "五存在的主要问题及改进情况"},
		{"（五）存在的主要问题及改进情况", "（五）存在的主要问题及改进情况"},
		{"(五)存在的主要问题及改进情况", "(五)存在的主要问题及改进情况"},
		{"第五部分 存在的主要问题及改进情况", "第五部分 存在的主要问题及改进情况"},
		{"第五部分、存在的主要问题及改进情况", "第五部分、存在的主要问题及改进情况"},
		{"五、存在的主要问题及改进情况：", "五、存在的主要问题及改进情况"},
		/* brackets and Roman numerals some reports number with (【五】 had
		 * lost all six sections, Ⅴ、 was left at the end of 四's body), and
		 * a heading closed by 。 (the body began with it) */
		{"【五】存在的主要问题及改进情况", "【五】存在的主要问题及改进情况"},
		{"〔五〕存在的主要问题及改进情况", "〔五〕存在的主要问题及改进情况"},
		{"[五]存在的主要问题及改进情况", "[五]存在的主要问题及改进情况"},
		{"Ⅴ、存在的主要问题及改进情况", "Ⅴ、存在的主要问题及改进情况"},
		{"Ⅴ.存在的主要问题及改进情况", "Ⅴ.存在的主要问题及改进情况"},
		{"五、存在的主要问题及改进情况。", "五、存在的主要问题及改进情况"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		const char *h[6], *want[6];
		for (int k = 0; k < 6; k++)
			h[k] = want[k] = canon[k];
		h[4] = v[i].heading;
		want[4] = v[i].title;
		char name[128];
		snprintf(name, sizeof name, "numeral %s", v[i].heading);
		ns_report *r = expect_doc(name, h, want, NS_FORM_TXT, 0);
		/* 四's body ends with its own text, not 五's numeral */
		const ns_section *s4 = r ? ns_report_section_by_id(r, "s4") : NULL;
		CHECK_MSG(s4 && s4->text && strlen(s4->text) >= strlen(body[3]) &&
		          strcmp(s4->text + strlen(s4->text) - strlen(body[3]), body[3]) == 0,
		          "[%s] s4 ends \"%s\"", name, s4 && s4->text ? s4->text : "(null)");
		ns_report_release(r);
	}

	/* every section numbered the same other way */
	static const char *const h2[6] = {
		"第一部分 总体情况", "第二部分 主动公开政府信息情况",
		"第三部分 收到和处理政府信息公开申请情况",
		"第四部分 政府信息公开行政复议、行政诉讼情况",
		"第五部分 存在的主要问题及改进情况", "第六部分 其他需要报告的事项"};
	ns_report *r = expect_doc("第N部分 throughout", h2, h2, NS_FORM_TXT, 0);
	ns_report_release(r);
	static const char *const h3[6] = {
		"（一）总体情况", "（二）主动公开政府信息情况", "（三）收到和处理政府信息公开申请情况",
		"（四）政府信息公开行政复议、行政诉讼情况", "（五）存在的主要问题及改进情况",
		"（六）其他需要报告的事项"};
	r = expect_doc("（N） throughout", h3, h3, NS_FORM_TXT, 0);
	ns_report_release(r);
	/* 第一章 … 第六章 (every section was missing) */
	static const char *const chapters[6] = {
		"第一章 总体情况", "第二章 主动公开政府信息情况",
		"第三章 收到和处理政府信息公开申请情况",
		"第四章 政府信息公开行政复议、行政诉讼情况",
		"第五章 存在的主要问题及改进情况", "第六章 其他需要报告的事项"};
	r = expect_doc("第N章 throughout", chapters, chapters, NS_FORM_TXT, 0);
	ns_report_release(r);

	/* Arabic numerals throughout (1、总体情况 …): each heading taken, and
	 * said to be numbered unlike the template */
	static const char *const sep[] = {"、", ".", ". ", "．", " "};
	for (size_t i = 0; i < sizeof sep / sizeof *sep; i++) {
		char hb[6][96];
		const char *h4[6];
		for (int k = 0; k < 6; k++) {
			snprintf(hb[k], sizeof hb[k], "%d%s%s", k + 1, sep[i], canon[k] + 3);
			h4[k] = hb[k];
		}
		char name[64];
		snprintf(name, sizeof name, "Arabic N%s throughout", sep[i]);
		r = expect_doc(name, h4, h4, NS_FORM_TXT, 6);
		const ns_diag *d = r ? t_find_diag(r, "section.loose", "s3") : NULL;
		if (r)
			CHECK_MSG(d && strstr(d->message, "numbered 3, not 三、"), "[%s] %s", g_test,
			          d ? d->message : "no section.loose for s3");
		ns_report_release(r);
	}

	/* the items of a list are numbered so too: an item that runs on into
	 * its text is no heading, and 2 is not 二 with 二 missing */
	g_test = "Arabic list items";
	const char *h5[6] = {canon[0], NULL, canon[2], canon[3], canon[4], canon[5]};
	char *t5 = doc6(h5);
	char *buf5 = malloc(strlen(t5) + 256);
	char *at = strstr(t5, canon[2]);
	snprintf(buf5, strlen(t5) + 256, "%.*s1、总体情况良好，全年主动公开政府信息100条。\n"
	         "2.主动公开政府信息情况较好，详见门户网站。\n%s", (int)(at - t5), t5, at);
	r = load_as(buf5, NS_FORM_TXT);
	if (r) {
		EXPECT_FOUND(r, "s1", canon[0]);
		EXPECT_MISSING(r, "s2");
		CHECK(body_has(r, "s1", "2.主动公开政府信息情况较好"));
		ns_report_release(r);
	}
	free(t5);
	free(buf5);

	/* a numeral that ends a line of text, its title starting the next:
	 * a page's text broken after "二、", or prose wrapped there; the next
	 * line the title alone, or running on into the body */
	static const char *const after[] = {"\n", " "};
	for (int v = 0; v < 2; v++) {
		g_test = v ? "二、 ends a line, the next runs on" : "二、 ends a line of prose";
		const char *h6[6] = {canon[0], NULL, canon[2], canon[3], canon[4], canon[5]};
		char *t6 = doc6(h6);
		char *at6 = strstr(t6, canon[2]);
		size_t cap6 = strlen(t6) + 512;
		char *buf6 = malloc(cap6);
		/* the line before 三 is s1's body: 二、 goes at its end */
		snprintf(buf6, cap6, "%.*s本年度工作情况如上。二、\n主动公开政府信息情况%s%s\n%s",
		         (int)(at6 - t6 - 2), t6, after[v], body[1], at6);
		r = load_as(buf6, NS_FORM_TXT);
		if (r) {
			for (int k = 0; k < 6; k++) {
				char id[4] = {'s', (char)('1' + k), 0};
				EXPECT_FOUND(r, id, NULL);
			}
			CHECK_MSG(body_has(r, "s2", body[1]), "[%s] s2: \"%s\"", g_test,
			          ns_report_section_by_id(r, "s2")->text);
			CHECK(!body_has(r, "s1", "主动公开政府信息情况"));
			ns_report_release(r);
		}
		free(t6);
		free(buf6);
	}
}

/* ---- markdown marks ---------------------------------------------------- */

static void test_markdown(void)
{
	static const char *const h[6] = {
		"# 一、总体情况",
		"## 二、主动公开政府信息情况",
		"### **三、收到和处理政府信息公开申请情况**",
		"**四、政府信息公开行政复议、行政诉讼情况**",
		"## 五、存在的主要问题及改进情况 ##",
		"#### 六、其他需要报告的事项",
	};
	/* as Markdown (the loader drops the marks) and as text that kept them */
	ns_report *r = expect_doc("markdown headings (md)", h, canon, NS_FORM_MD, 0);
	ns_report_release(r);
	r = expect_doc("markdown headings (txt)", h, canon, NS_FORM_TXT, 0);
	/* the marks opening a heading's line are not the body before it
	 * ("…下表。\n**" had ended 二) */
	for (int k = 0; r && k < 6; k++) {
		char id[4] = {'s', (char)('1' + k), 0};
		const ns_section *s = ns_report_section_by_id(r, id);
		CHECK_MSG(s && s->text && !strpbrk(s->text, "#*"), "[markdown txt] %s: \"%s\"", id,
		          s && s->text ? s->text : "(null)");
	}
	ns_report_release(r);
}

/* ---- headings over two lines ------------------------------------------- */

static void test_two_lines(void)
{
	static const char *const h[6] = {
		"一、\n总体情况",
		"二、主动公开政府信息情况",
		"三、收到和处理政府信息公开申请\n情况",
		"四、因政府信息公开工作被申请行政复议和提起行\n政诉讼情况",
		"五\n存在的主要问题及改进情况",
		"六、其他需要报告的事项",
	};
	static const char *const want[6] = {
		"一、总体情况",
		"二、主动公开政府信息情况",
		"三、收到和处理政府信息公开申请情况",
		"四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
		"五存在的主要问题及改进情况",
		"六、其他需要报告的事项",
	};
	ns_report *r = expect_doc("two-line headings", h, want, NS_FORM_TXT, 0);
	if (r) {
		/* the heading starts on its first line */
		CHECK_INT(ns_report_section_by_id(r, "s4")->title_pos.line, 16);
		CHECK_INT(ns_report_section_by_id(r, "s1")->title_pos.line, 5);
		ns_report_release(r);
	}
}

/* ---- typos -------------------------------------------------------------- */

static void test_typos(void)
{
	static const char *const h[6] = {
		"一、总体情况",
		"二、主动公开政府信息公开情况",
		"三、收到和处理政府信息公开申请情况",
		"四、政府信息公开行政法复议、行政诉讼情况",
		"五、存在的主要问提及改进情况",
		"六、其他需要报告的事项",
	};
	ns_report *r = expect_doc("typos", h, h, NS_FORM_TXT, 3);
	if (r) {
		CHECK(t_count_diag(r, "section.loose", "s2") == 1);
		CHECK(t_count_diag(r, "section.loose", "s4") == 1);
		CHECK(t_count_diag(r, "section.loose", "s5") == 1);
		const ns_diag *d = t_find_diag(r, "section.loose", "s4");
		CHECK(d && strstr(d->message, "行政法复议"));
		CHECK(d && strstr(d->message, "s4"));
		ns_report_release(r);
	}
}

/* ---- no numeral, another numeral -------------------------------------- */

static void test_no_numeral(void)
{
	static const char *const h[6] = {
		"总体情况",
		"主动公开政府信息情况",
		"收到和处理政府信息公开申请情况",
		"政府信息公开行政复议、行政诉讼情况",
		"存在的主要问题及改进情况",
		"其他需要报告的事项",
	};
	ns_report *r = expect_doc("no numerals", h, h, NS_FORM_TXT, 6);
	if (r) {
		const ns_diag *d = t_find_diag(r, "section.loose", "s6");
		CHECK(d && strstr(d->message, "no numeral"));
		ns_report_release(r);
	}
	/* 【总体情况】: in brackets, the brackets no part of the title nor of
	 * the body before (【五】 stays a numeral, test_numerals) */
	const char *br[6];
	char brbuf[6][96];
	for (int k = 0; k < 6; k++) {
		snprintf(brbuf[k], sizeof brbuf[k], "【%s】", h[k]);
		br[k] = brbuf[k];
	}
	r = expect_doc("no numerals, in brackets", br, h, NS_FORM_TXT, 6);
	if (r) {
		CHECK(!body_has(r, "s1", "【") && !body_has(r, "s5", "【"));
		ns_report_release(r);
	}

	/* one heading without its numeral among numbered ones; a body line
	 * that repeats the title's words is no heading */
	g_test = "one heading without numeral";
	char *t = doc6((const char *const[6]){canon[0], canon[1], canon[2], canon[3],
	                                      "存在的主要问题及改进情况", canon[5]});
	char *t2 = NULL;
	size_t n2 = 0;
	FILE *f = open_memstream(&t2, &n2);
	fputs(t, f);
	fputs("无其他需要报告的事项\n本年度无其他需要报告的事项。\n", f);
	fclose(f);
	r = load_as(t2, NS_FORM_TXT);
	free(t);
	free(t2);
	if (r) {
		for (int k = 0; k < 6; k++) {
			char id[4] = {'s', (char)('1' + k), 0};
			EXPECT_FOUND(r, id, k == 4 ? "存在的主要问题及改进情况" : canon[k]);
		}
		EXPECT_NDIAG(r, "section.loose", NULL, 1);
		EXPECT_NDIAG(r, "section.loose", "s5", 1);
		CHECK(body_has(r, "s6", "无其他需要报告的事项"));
		ns_report_release(r);
	}

	/* numerals an OCR engine misread or lost before their 、 ("—、", "=、",
	 * "彡、", "网、", "、", "大、"): the headings were lost, section.missing,
	 * where the same titles without a numeral are found */
	static const char *const ocr[6] = {
		"—、总体情况",
		"=、主动公开政府信息情况",
		"彡、收到和处理政府信息公开申请情况",
		"网、政府信息公开行政复议、行政诉讼情况",
		"、存在的主要问题及改进情况",
		"大、其他需要报告的事项",
	};
	ns_report_release(expect_doc("numerals misread", ocr, h, NS_FORM_TXT, 6));
}

static void test_other_numeral(void)
{
	/* no section 五: 其他需要报告的事项 under 五 */
	g_test = "其他需要报告的事项 under 五";
	char *t = doc6((const char *const[6]){canon[0], canon[1], canon[2], canon[3], NULL,
	                                      "五、其他需要报告的事项"});
	ns_report *r = load_as(t, NS_FORM_TXT);
	free(t);
	if (r) {
		EXPECT_FOUND(r, "s6", "五、其他需要报告的事项");
		CHECK(body_starts(r, "s6", body[5]));
		EXPECT_MISSING(r, "s5");
		EXPECT_NDIAG(r, "section.loose", NULL, 1);
		const ns_diag *d = t_find_diag(r, "section.loose", "s6");
		CHECK(d && strstr(d->message, "numbered 五"));
		EXPECT_NDIAG(r, "section.numbering", NULL, 0);
		EXPECT_NDIAG(r, "section.order", NULL, 0);
		ns_report_release(r);
	}

	/* an extra part before it: 七、其他需要报告的事项 */
	g_test = "其他需要报告的事项 under 七";
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fputs(HEAD, f);
	for (int k = 0; k < 5; k++)
		fprintf(f, "%s\n%s\n", canon[k], body[k]);
	fprintf(f, "六、政务公开工作创新情况\n本年度开展“政府开放日”活动3次。\n");
	fprintf(f, "七、其他需要报告的事项\n%s\n", body[5]);
	fclose(f);
	r = load_as(buf, NS_FORM_TXT);
	free(buf);
	if (r) {
		EXPECT_FOUND(r, "s6", "七、其他需要报告的事项");
		CHECK(body_has(r, "s5", "政府开放日")); /* part 六 belongs to 五's text */
		EXPECT_NDIAG(r, "section.loose", NULL, 1);
		EXPECT_NDIAG(r, "section.missing", NULL, 0);
		ns_report_release(r);
	}
}

/* ---- sub-items and missing sections ------------------------------------ */

static void test_sub_items(void)
{
	/* section 一 with sub-items named like sections 二 and 三 */
	g_test = "sub-items of 一";
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fputs(HEAD, f);
	fprintf(f, "一、总体情况\n%s\n", body[0]);
	fputs("（一）主动公开情况\n全年主动公开政府信息100条。\n"
	      "（二）依申请公开情况\n全年收到申请8件。\n"
	      "（三）政府信息管理情况\n开展规范性文件清理。\n"
	      "（四）平台建设情况\n在门户网站开设“行政复议”专栏。\n"
	      "（五）监督保障情况\n开展业务培训2次。\n"
	      "1.主动公开政府信息\n2.依申请公开\n", f);
	for (int k = 1; k < 6; k++)
		fprintf(f, "%s\n%s\n", canon[k], body[k]);
	fclose(f);
	ns_report *r = load_as(buf, NS_FORM_TXT);
	if (r) {
		for (int k = 0; k < 6; k++) {
			char id[4] = {'s', (char)('1' + k), 0};
			EXPECT_FOUND(r, id, canon[k]);
		}
		CHECK(body_has(r, "s1", "（一）主动公开情况"));
		CHECK(body_has(r, "s1", "（五）监督保障情况"));
		CHECK(body_starts(r, "s2", body[1]));
		EXPECT_NDIAG(r, "section.loose", NULL, 0);
		EXPECT_NDIAG(r, "section.order", NULL, 0);
		ns_report_release(r);
	}
	free(buf);

	/* the same without headings 二 and 五: the sub-items do not stand in;
	 * shanghai_shizhengfu_bgt_2025.md: 五's sub-items （一）…改进情况 */
	g_test = "sub-items do not stand in for missing sections";
	buf = NULL;
	f = open_memstream(&buf, &len);
	fputs(HEAD, f);
	fprintf(f, "一、总体情况\n%s\n", body[0]);
	fputs("（一）主动公开情况\n全年主动公开政府信息100条。\n"
	      "（二）依申请公开情况\n全年收到申请8件。\n"
	      "1.主动公开情况\n①主动公开情况\n一是主动公开情况\n", f);
	for (int k = 2; k < 6; k++) {
		if (k == 4) {
			fputs("（一）2024 年工作中存在问题的改进情况\n针对存在的主要问题，采取如下改进措施。\n"
			      "（二）2025 年工作中存在的主要问题\n政策信息分散于多个平台。\n", f);
			continue;
		}
		fprintf(f, "%s\n%s\n", canon[k], body[k]);
	}
	fclose(f);
	r = load_as(buf, NS_FORM_TXT);
	if (r) {
		EXPECT_FOUND(r, "s1", canon[0]);
		EXPECT_MISSING(r, "s2");
		EXPECT_FOUND(r, "s3", canon[2]);
		EXPECT_FOUND(r, "s4", canon[3]);
		EXPECT_MISSING(r, "s5");
		EXPECT_FOUND(r, "s6", canon[5]);
		CHECK(body_has(r, "s4", "（二）2025 年工作中存在的主要问题"));
		EXPECT_NDIAG(r, "section.missing", NULL, 2);
		ns_report_release(r);
	}
	free(buf);

	/* missing sections are still reported as such */
	const char *h[6] = {canon[0], canon[1], canon[2], canon[3], NULL, NULL};
	g_test = "missing 五 and 六";
	char *t = doc6(h);
	r = load_as(t, NS_FORM_TXT);
	free(t);
	if (r) {
		EXPECT_MISSING(r, "s5");
		EXPECT_MISSING(r, "s6");
		EXPECT_NDIAG(r, "section.missing", NULL, 2);
		ns_report_release(r);
	}
}

/* ---- lines of a paragraph are no headings ------------------------------ */

static void test_paragraph_lines(void)
{
	/* yuanzhou_hechuan_xiang_2023.txt, lines 15-17: a wrapped paragraph whose
	 * second line reads like a title; here section 四 has no heading */
	static const char *const texts[] = {
		"2023年原州区河川乡未收到政府信息公开申请,也没有因\n\n"
		"政府信息提起行政复议和行政诉讼的情况。\n",
		"本年度，本乡未收到政府信息公开申请，\n"
		"政府信息公开行政复议、行政诉讼情况\n"
		"均为零。\n",
	};
	for (int i = 0; i < 2; i++) {
		g_test = i ? "a line after a comma" : "a sentence that reads like a title";
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		fputs(HEAD, f);
		fprintf(f, "%s\n%s", canon[0], texts[i]);
		for (int k = 1; k < 6; k++)
			if (k != 3)
				fprintf(f, "%s\n%s\n", canon[k], body[k]);
		fclose(f);
		ns_report *r = load_as(buf, NS_FORM_TXT);
		free(buf);
		if (!r)
			continue;
		EXPECT_MISSING(r, "s4");
		CHECK(body_has(r, "s1", "行政复议"));
		EXPECT_NDIAG(r, "section.loose", NULL, 0);
		EXPECT_NDIAG(r, "section.order", NULL, 0);
		ns_report_release(r);
	}
}

/* ---- order -------------------------------------------------------------- */

static void test_order(void)
{
	g_test = "六 before 五";
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fputs(HEAD, f);
	for (int k = 0; k < 4; k++)
		fprintf(f, "%s\n%s\n", canon[k], body[k]);
	fprintf(f, "%s\n%s\n%s\n%s\n", canon[5], body[5], canon[4], body[4]);
	fclose(f);
	ns_report *r = load_as(buf, NS_FORM_TXT);
	free(buf);
	if (r) {
		for (int k = 0; k < 6; k++) {
			char id[4] = {'s', (char)('1' + k), 0};
			EXPECT_FOUND(r, id, canon[k]);
		}
		CHECK(body_starts(r, "s6", body[5]));
		CHECK(body_starts(r, "s5", body[4]));
		EXPECT_NDIAG(r, "section.order", NULL, 1);
		EXPECT_NDIAG(r, "section.loose", NULL, 0);
		ns_report_release(r);
	}
}

/* A table of contents (目录) after the title: the six headings in a row,
 * bare, with page numbers, or with dot leaders, then the report.  The
 * headings of the report are the sections' (the contents' first line took
 * section one, and the contents and the opening its body). */
static void test_contents(void)
{
	static const char *const styles[][2] = {
		{"bare", ""}, {"page numbers", " 1"}, {"dot leaders", "…………2"},
	};
	for (size_t st = 0; st < sizeof styles / sizeof *styles; st++) {
		g_test = styles[st][0];
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		fputs("某某乡2023年政府信息公开工作年度报告\n\n目录\n", f);
		for (int k = 0; k < 6; k++)
			fprintf(f, "%s%s\n", canon[k], styles[st][1]);
		fputs("\n根据《中华人民共和国政府信息公开条例》，现发布本年度报告，"
		      "统计期限为2023年1月1日至12月31日。\n\n", f);
		for (int k = 0; k < 6; k++)
			fprintf(f, "%s\n%s\n\n", canon[k], body[k]);
		fclose(f);
		ns_report *r = load_as(buf, NS_FORM_TXT);
		free(buf);
		if (!r)
			continue;
		for (int k = 0; k < 6; k++) {
			char id[4] = {'s', (char)('1' + k), 0};
			EXPECT_FOUND(r, id, canon[k]);
			CHECK_MSG(body_starts(r, id, body[k]), "[%s] %s body starts \"%.40s\"", g_test,
			          id, ns_report_section_by_id(r, id)->text);
			CHECK_INT(ns_report_section_by_id(r, id)->title_pos.line, 13 + 3 * k);
		}
		EXPECT_NDIAG(r, "section.order", NULL, 0);
		ns_report_release(r);
	}
}

/* Headings in a row with nothing between them that are no table of
 * contents: sections four to six written one line each ("四、… 无"), their
 * headings standing again over an annex; they are the report's. */
/* A crawler's text of a portal page runs on past the report into the
 * page's tools and footer: 六 ends where they start.  The signature stays
 * 六's; words of a footer inside a sentence of 六 end nothing. */
static void test_chrome(void)
{
	static const char *const footers[] = {
		"相关附件：\n扫一扫在手机打开当前页\n【打印本页】 【关闭窗口】\n"
		"主办：某某县人民政府办公室  地址：某某路1号\n网站标识码：1234560001  某ICP备05001234号-1\n",
		"上一篇：某某乡2022年政府信息公开工作年度报告\n下一篇：某某乡关于开展…的通知\n",
		"版权所有：某某县人民政府 技术支持：某某公司\n",
	};
	for (size_t k = 0; k < sizeof footers / sizeof *footers; k++) {
		g_test = footers[k];
		char *six = doc6(canon);
		size_t n = strlen(six) + strlen(footers[k]) + 64;
		char *buf = malloc(n);
		snprintf(buf, n, "%s某某乡人民政府\n2024年1月20日\n\n%s", six, footers[k]);
		free(six);
		ns_report *r = load_as(buf, NS_FORM_TXT);
		free(buf);
		if (!r)
			continue;
		CHECK_MSG(body_has(r, "s6", "2024年1月20日"), "[%s] the signature is 六's", g_test);
		CHECK_MSG(!body_has(r, "s6", "主办") && !body_has(r, "s6", "上一篇") &&
		          !body_has(r, "s6", "版权所有") && !body_has(r, "s6", "扫一扫"),
		          "[%s] s6 ends \"%s\"", g_test, ns_report_section_by_id(r, "s6")->text);
		ns_report_release(r);
	}
	/* a list's item that begins with a range ("- 1-3月"): the bullet and
	 * the range are no page's number glued before the line's text (txt.c
	 * glued_page_mark), kept in the body; a number spaced alike on both
	 * sides, glued before the text, is furniture */
	static const struct {
		const char *line, *starts; /* the body starts so */
	} items[] = {
		{"- 1-3月，共收到申请20件。", "- 1-3月，共收到申请20件。"},
		{"— 10—12月，共收到申请5件。", "— 10—12月，共收到申请5件。"},
		{"-2-本年度共收到申请20件。", "本年度共收到申请20件。"},
		{"— 2 —本年度共收到申请20件。", "本年度共收到申请20件。"},
	};
	for (size_t k = 0; k < sizeof items / sizeof *items; k++) {
		g_test = items[k].line;
		char *six = doc6(canon);
		char *at = strstr(six, body[0]);
		size_t n = strlen(six) + strlen(items[k].line) + 8;
		char *buf = malloc(n);
		snprintf(buf, n, "%.*s%s\n%s", (int)(at - six), six, items[k].line, at);
		free(six);
		ns_report *r = load_as(buf, NS_FORM_TXT);
		free(buf);
		if (!r)
			continue;
		CHECK_MSG(body_starts(r, "s1", items[k].starts) && body_has(r, "s1", body[0]),
		          "[%s] s1 is \"%s\"", g_test, ns_report_section_by_id(r, "s1")->text);
		ns_report_release(r);
	}
	/* 六 that names a copyright in its prose keeps it */
	const char *h[6] = {canon[0], canon[1], canon[2], canon[3], canon[4], canon[5]};
	char *six = doc6(h);
	size_t n = strlen(six) + 200;
	char *buf = malloc(n);
	snprintf(buf, n, "%s本机关依法处理涉及著作权的申请，相关主办单位均已告知。\n", six);
	free(six);
	ns_report *r = load_as(buf, NS_FORM_TXT);
	free(buf);
	if (r) {
		CHECK(body_has(r, "s6", "相关主办单位均已告知"));
		ns_report_release(r);
	}
}

static void test_not_contents(void)
{
	g_test = "one-line sections, headings again in an annex";
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fputs(HEAD, f);
	for (int k = 0; k < 3; k++)
		fprintf(f, "%s\n%s\n\n", canon[k], body[k]);
	for (int k = 3; k < 6; k++)
		fprintf(f, "%s 无\n", canon[k]);
	fputs("\n附件：\n", f);
	for (int k = 3; k < 6; k++)
		fprintf(f, "%s\n%s\n\n", canon[k], body[k]);
	fclose(f);
	ns_report *r = load_as(buf, NS_FORM_TXT);
	free(buf);
	if (!r)
		return;
	for (int k = 3; k < 6; k++) {
		char id[4] = {'s', (char)('1' + k), 0};
		EXPECT_FOUND(r, id, NULL);
		CHECK_INT(ns_report_section_by_id(r, id)->title_pos.line, 14 + (k - 3));
	}
	ns_report_release(r);
}

/* ---- tables: rows numbered like sections ------------------------------ */

/* t3 with rows 一、二、三、四 numbered like sections; `groups_inline`
 * puts 三、本年度办理结果 on the line of its first row (the example
 * district's layout). */
static void put_t3(FILE *f, int groups_inline)
{
	fputs("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n"
	      "\t自然人\t法人或其他组织\t总计\n"
	      "\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n"
	      "一、本年新收政府信息公开申请数量\t6\t1\t0\t0\t0\t1\t8\n"
	      "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n", f);
	fputs(groups_inline ? "三、本年度办理结果\t（一）予以公开\t3\t1\t0\t0\t0\t0\t4\n"
	                    : "三、本年度办理结果\n（一）予以公开\t3\t1\t0\t0\t0\t0\t4\n", f);
	fputs("（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t1\t0\t0\t0\t0\t0\t1\n"
	      "（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0\n"
	      "2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0\n"
	      "3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0\n"
	      "4.保护第三方合法权益\t1\t0\t0\t0\t0\t0\t1\n"
	      "5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0\n"
	      "6.属于四类过程性信息\t0\t0\t0\t0\t0\t0\t0\n"
	      "7.属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0\n"
	      "8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0\n"
	      "（四）无法提供\t1.本机关不掌握相关政府信息\t1\t0\t0\t0\t0\t1\t2\n"
	      "2.没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0\n"
	      "3.补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0\n"
	      "（五）不予处理\t1.信访举报投诉类申请\t0\t0\t0\t0\t0\t0\t0\n"
	      "2.重复申请\t0\t0\t0\t0\t0\t0\t0\n"
	      "3.要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0\n"
	      "4.无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0\n"
	      "5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0\n"
	      "（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n"
	      "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n"
	      "3.其他\t0\t0\t0\t0\t0\t0\t0\n"
	      "（七）总计\t6\t1\t0\t0\t0\t1\t8\n"
	      "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1\n", f);
}

static const char *const T4 =
	"行政复议\t行政诉讼\n"
	"结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n"
	"1\t2\t0\t1\t4\t0\t1\t0\t0\t1\t2\t0\t0\t1\t3\n";

static int cell_is(const ns_report *r, const char *t, const char *row, const char *col,
                   double v)
{
	const ns_cell *c = ns_report_cell(r, t, row, col);
	return c && c->has_value && c->value == v;
}

static void test_table_rows(void)
{
	for (int inl = 0; inl < 2; inl++) {
		for (int with_s4 = 0; with_s4 < 2; with_s4++) {
			char name[96];
			snprintf(name, sizeof name, "t3 rows are no headings (%s, %s)",
			         inl ? "group inline" : "group on its own line",
			         with_s4 ? "with 四" : "without 四");
			g_test = name;
			char *buf = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&buf, &len);
			fputs(HEAD, f);
			fprintf(f, "%s\n%s\n", canon[0], body[0]);
			fprintf(f, "%s\n%s", canon[1], T_T2_2021);
			fprintf(f, "%s\n", canon[2]);
			put_t3(f, inl);
			if (with_s4)
				fprintf(f, "%s\n%s", canon[3], T4);
			fprintf(f, "%s\n%s\n%s\n%s\n", canon[4], body[4], canon[5], body[5]);
			fclose(f);
			ns_report *r = load_as(buf, NS_FORM_TXT);
			free(buf);
			if (!r)
				continue;
			EXPECT_FOUND(r, "s1", canon[0]);
			EXPECT_FOUND(r, "s2", canon[1]);
			EXPECT_FOUND(r, "s3", canon[2]);
			if (with_s4) {
				EXPECT_FOUND(r, "s4", canon[3]);
				CHECK(cell_is(r, "t4", "suit_after_review", "total", 3));
			} else {
				EXPECT_MISSING(r, "s4");
			}
			EXPECT_FOUND(r, "s5", canon[4]);
			EXPECT_FOUND(r, "s6", canon[5]);
			CHECK(body_has(r, "s3", "结转下年度继续办理"));
			CHECK(cell_is(r, "t3", "received", "total", 8));
			CHECK(cell_is(r, "t3", "carried_over", "total", 1));
			CHECK(cell_is(r, "t3", "granted", "total", 4));
			CHECK(cell_is(r, "t3", "carried_forward", "total", 1));
			CHECK(cell_is(r, "t2", "fees", "amount", 1.5));
			EXPECT_NDIAG(r, "section.loose", NULL, 0);
			EXPECT_NDIAG(r, "section.order", NULL, 0);
			EXPECT_NDIAG(r, "section.numbering", NULL, 0);
			ns_report_release(r);
		}
	}
}

/* ---- a report numbering its parts its own way ------------------------ */

static void test_numbering(void)
{
	g_test = "own numbering: narrative 一…七, tables 一、二、三";
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fputs("某某县教育局2023年政府信息公开工作年度报告\n\n"
	      "本报告统计期限为2023年1月1日至12月31日。\n\n"
	      "一、主动公开情况\n全年主动公开政府信息215条，其中规范性文件2件。\n"
	      "二、依申请公开情况\n全年收到政府信息公开申请8件，均按期答复。\n"
	      "三、政府信息管理情况\n开展规范性文件清理，废止1件。\n"
	      "四、平台建设情况\n在门户网站开设“教育收费”专栏。\n"
	      "五、监督保障情况\n开展业务培训2次。\n"
	      "六、存在的主要问题及改进情况\n一是公开内容不够丰富。二是将加强培训。\n"
	      "七、其他需要报告的事项\n本年度未收取信息处理费。\n\n"
	      "附表\n", f);
	fprintf(f, "一、主动公开政府信息情况\n%s", T_T2_2021);
	fprintf(f, "二、收到和处理政府信息公开申请情况\n");
	put_t3(f, 0);
	fprintf(f, "三、政府信息公开行政复议、行政诉讼情况\n%s", T4);
	fclose(f);
	ns_report *r = load_as(buf, NS_FORM_TXT);
	free(buf);
	if (!r)
		return;
	/* the table sections are where their tables are */
	EXPECT_FOUND(r, "s2", "一、主动公开政府信息情况");
	EXPECT_FOUND(r, "s3", "二、收到和处理政府信息公开申请情况");
	EXPECT_FOUND(r, "s4", "三、政府信息公开行政复议、行政诉讼情况");
	EXPECT_FOUND(r, "s5", "六、存在的主要问题及改进情况");
	EXPECT_FOUND(r, "s6", "七、其他需要报告的事项");
	EXPECT_MISSING(r, "s1");
	CHECK(body_starts(r, "s2", "第二十条"));
	CHECK(cell_is(r, "t2", "normative_documents", "in_force", 9));
	CHECK(cell_is(r, "t3", "received", "total", 8));
	CHECK(cell_is(r, "t3", "carried_forward", "total", 1));
	CHECK(cell_is(r, "t4", "review", "total", 4));
	/* one diagnostic about the numbering, none per heading */
	EXPECT_NDIAG(r, "section.numbering", NULL, 1);
	EXPECT_NDIAG(r, "section.loose", NULL, 0);
	const ns_diag *d = t_find_diag(r, "section.numbering", NULL);
	CHECK(d && d->severity == NS_WARNING);
	CHECK(d && strstr(d->message, "一、主动公开政府信息情况"));
	/* the narrative parts 六、七 stand before the tables */
	EXPECT_NDIAG(r, "section.order", NULL, 1);
	ns_report_release(r);
}

/* ---- a document flattened into one line ------------------------------ */

static void test_flattened(void)
{
	g_test = "flattened into one line";
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fputs("标题: 某某乡2023年政府信息公开工作年度报告\n\n", f);
	fputs("某某乡2023年政府信息公开工作年度报告 统计期限为2023年1月1日至12月31日。", f);
	for (int k = 0; k < 6; k++) {
		fprintf(f, "%s%s", canon[k], body[k]);
		if (k == 0)
			fputs("（一）主动公开情况。全年主动公开政府信息100条。（二）依申请公开情况。"
			      "全年收到申请8件。一是加强组织领导，二是完善制度。", f);
		if (k == 2)
			fputs("一、本年新收政府信息公开申请数量230 000023二、上年结转政府信息公开申请数量"
			      "0000000三、本年度办理结果（一）予以公开7000007四、结转下年度继续办理 0 0 00 00 0 ", f);
	}
	fputs("\n", f);
	fclose(f);
	ns_report *r = load_as(buf, NS_FORM_TXT);
	free(buf);
	if (!r)
		return;
	for (int k = 0; k < 6; k++) {
		char id[4] = {'s', (char)('1' + k), 0};
		EXPECT_FOUND(r, id, canon[k]);
		CHECK_MSG(body_starts(r, id, body[k]), "[%s] %s body", g_test, id);
		CHECK_INT(ns_report_section_by_id(r, id)->title_pos.line, 3);
	}
	CHECK(body_has(r, "s3", "结转下年度继续办理"));
	EXPECT_NDIAG(r, "section.loose", NULL, 0);
	EXPECT_NDIAG(r, "section.missing", NULL, 0);
	ns_report_release(r);
}

/* ---- a heading lost: 五 known by its words after table 四 -------------- */

/* The report with 五's heading left out, and after 四's heading `four`
 * (table 四's rows) and then `five` (what stands where 五 was). */
static char *without_5(const char *four, const char *five)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	fputs(HEAD, f);
	for (int k = 0; k < 6; k++)
		if (k == 3)
			fprintf(f, "%s\n%s%s", canon[3], four, five);
		else if (k != 4)
			fprintf(f, "%s\n%s\n\n", canon[k], body[k]);
	fclose(f);
	return buf;
}

/* Is every diagnostic's message UTF-8 (what the JSON writes it as)? */
static int messages_utf8(const ns_report *r)
{
	for (int i = 0; i < ns_report_ndiag(r); i++) {
		const unsigned char *m = (const unsigned char *)ns_report_diag(r, i)->message;
		while (*m) {
			int n = *m < 0x80 ? 0 : *m >= 0xC2 && *m < 0xE0 ? 1 : *m >= 0xE0 && *m < 0xF0 ? 2
			      : *m >= 0xF0 && *m < 0xF5 ? 3 : -1;
			if (n < 0)
				return 0;
			for (m++; n > 0; n--, m++)
				if ((*m & 0xC0) != 0x80)
					return 0;
		}
	}
	return 1;
}

static void test_lost_heading(void)
{
	static const char T4[] =
		"行政复议\t行政诉讼\n"
		"结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
		"1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n"
		"注：行政复议、行政诉讼数量含上年度结转数量。\n\n";
	static const char FIVE[] =
		"（一）上年度问题的改进情况\n针对上年度存在的主要问题，采取了加强培训、完善制度等改进措施，"
		"主动公开质量有所提升。\n"
		"（二）本年度存在的主要问题\n一是政策解读形式单一，二是依申请公开答复的规范性有待提高，"
		"下一步将加强业务培训。\n\n";
	/* text: 五's words after the table, as a converter leaves them */
	g_test = "五 without its heading after table 四 (text)";
	char *t = without_5(T4, FIVE);
	ns_report *r = load_as(t, NS_FORM_TXT);
	free(t);
	if (r) {
		const ns_section *s5 = ns_report_section_by_id(r, "s5");
		CHECK_MSG(s5->found && !s5->title, "[%s] s5 found without a title", g_test);
		CHECK(body_starts(r, "s5", "（一）上年度问题的改进情况"));
		CHECK(body_has(r, "s5", "下一步将加强业务培训"));
		CHECK(!body_has(r, "s4", "改进措施"));
		CHECK(body_has(r, "s4", "注：行政复议"));
		EXPECT_NDIAG(r, "section.untitled", "s5", 1);
		EXPECT_NDIAG(r, "section.missing", NULL, 0);
		EXPECT_NDIAG(r, "section.loose", NULL, 0);
		EXPECT_FOUND(r, "s6", canon[5]);
		/* table 四 read as before */
		const ns_cell *c = ns_report_cell(r, "t4", "review", "upheld");
		CHECK(c && c->has_value && c->value == 1);
		ns_report_release(r);
	}
	/* the other layouts: where 五 starts, or NULL when it stays missing
	 * (and then, when given, what 四 keeps) */
	static const struct {
		const char *name, *four, *five;
		ns_form form;
		const char *s5_starts, *s4_has;
	} cases[] = {
		{"五 without its heading after table 四 (Markdown: the table in pipes)",
		 "| 维持 | 纠正 | 其他 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n"
		 "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\n", FIVE,
		 NS_FORM_MD, "（一）上年度问题的改进情况", NULL},
		/* a date at a line's end (2025-06-30, 2025.6.30) is no row of
		 * figures: 五 starts where it starts, not after the date */
		{"a date in 五 is no table row", T4,
		 "（一）上年度问题的改进情况\n针对上年度存在的主要问题，完成整改的时限为2025-06-30\n"
		 "各项改进措施已于2025.6.30\n前全部落实，下一步将加强业务培训，解决公开不及时的问题。\n\n",
		 NS_FORM_TXT, "（一）上年度问题的改进情况", NULL},
		/* 四's own words after its table, and no 五: nothing speaks of
		 * problems and remedies */
		{"四's explanation after its table is not 五", T4,
		 "本年度行政复议案件1件，系申请人对答复内容不服提起，经复议维持原答复。"
		 "本年度未发生行政诉讼案件，复议案件已全部审结。\n\n", NS_FORM_TXT, NULL,
		 "经复议维持原答复"},
		/* no table in 四, or figures in its prose: no row to start after */
		{"no table 四: nothing to start after", "本年度未发生政府信息公开行政复议、行政诉讼案件。\n",
		 FIVE, NS_FORM_TXT, NULL, NULL},
		{"figures in prose are no table", "本年度行政复议1件、行政诉讼0件，结果维持1件，均已审结。\n",
		 FIVE, NS_FORM_TXT, NULL, NULL},
		/* figures in 五's first line: the words section.untitled quotes
		 * were cut at 60 bytes, inside a Han character (the JSON was not
		 * UTF-8) */
		{"五's first words quoted whole characters", T4,
		 "（一）2023年度问题改进情况。2023年度报告提出的债务信息解读不通俗问题，已发布问答20条。\n"
		 "（二）存在的主要问题。预算绩效目标公开的质量参差不齐，下一步将加强业务培训。\n\n",
		 NS_FORM_TXT, "（一）2023年度问题改进情况", NULL},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		g_test = cases[k].name;
		t = without_5(cases[k].four, cases[k].five);
		r = load_as(t, cases[k].form);
		free(t);
		if (!r)
			continue;
		if (cases[k].s5_starts) {
			CHECK_MSG(body_starts(r, "s5", cases[k].s5_starts), "[%s] s5's start", g_test);
			EXPECT_NDIAG(r, "section.untitled", "s5", 1);
		} else {
			EXPECT_MISSING(r, "s5");
			EXPECT_NDIAG(r, "section.untitled", NULL, 0);
		}
		if (cases[k].s4_has)
			CHECK_MSG(body_has(r, "s4", cases[k].s4_has), "[%s] s4 keeps its words", g_test);
		CHECK_MSG(messages_utf8(r), "[%s] a diagnostic's message is not UTF-8", g_test);
		ns_report_release(r);
	}
}

/* s with the first `what` replaced by `with` (malloc'd), or NULL when
 * s has no `what` */
static char *replaced(const char *s, const char *what, const char *with)
{
	const char *at = strstr(s, what);
	if (!at)
		return NULL;
	size_t n = strlen(s) - strlen(what) + strlen(with) + 1;
	char *out = malloc(n);
	if (out)
		snprintf(out, n, "%.*s%s%s", (int)(at - s), s, with, at + strlen(what));
	return out;
}

/* The real report the lost-heading tests take headings out of (NULL,
 * said, when it cannot be read). */
static char *yuanzhou(void)
{
	size_t len;
	char *txt = t_corpus("yuanzhou_hechuan_xiang_2023.txt", &len);
	CHECK(txt != NULL);
	return txt;
}

/* 二, 三 and 四 without their headings (each, and together): each found
 * untitled where its table's header starts, the section before keeping
 * its own text and table, every cell read as with the headings. */
static void test_lost_table_heading(void)
{
	char *txt = yuanzhou();
	if (!txt)
		return;
	g_test = "the report as it is";
	ns_report *ref = load_as(txt, NS_FORM_TXT);
	static const char *const heads[] = {"\n二、主动公开政府信息情况\n",
		"\n三、收到和处理政府信息公开申请情况\n", "\n四、政府信息公开行政复议、行政诉讼情况\n"};
	static const char *const ids[] = {"s2", "s3", "s4"};
	static const char *const all[NS_NSECTIONS] = {"s1", "s2", "s3", "s4", "s5", "s6"};
	char names[8][64];
	for (int set = 1; ref && set < 8; set++) {
		char *t = strdup(txt);
		snprintf(names[set], sizeof names[set], "without the headings of%s%s%s",
		         set & 1 ? " 二" : "", set & 2 ? " 三" : "", set & 4 ? " 四" : "");
		g_test = names[set];
		for (int k = 0; k < 3 && t; k++) {
			if (!(set & 1 << k))
				continue;
			char *u = replaced(t, heads[k], "\n");
			CHECK(u != NULL);
			free(t);
			t = u;
		}
		ns_report *r = t ? load_as(t, NS_FORM_TXT) : NULL;
		free(t);
		if (!r)
			continue;
		int removed = 0;
		for (int k = 0; k < 3; k++) {
			if (set & 1 << k) {
				removed++;
				const ns_section *s = ns_report_section_by_id(r, ids[k]);
				CHECK_MSG(s->found && !s->title, "[%s] %s found untitled", g_test, ids[k]);
			} else {
				EXPECT_FOUND(r, ids[k], ns_report_section_by_id(ref, ids[k])->title);
			}
		}
		/* every section's text is the same: each untitled one starts
		 * where its heading's body did, with its table's header */
		for (int k = 0; k < NS_NSECTIONS; k++) {
			const ns_section *want = ns_report_section_by_id(ref, all[k]);
			const ns_section *got = ns_report_section_by_id(r, all[k]);
			CHECK_MSG(want->text && got->text && strcmp(want->text, got->text) == 0,
			          "[%s] %s's text \"%.60s\", expected \"%.60s\"", g_test, all[k],
			          got->text ? got->text : "", want->text ? want->text : "");
		}
		EXPECT_NDIAG(r, "section.untitled", NULL, removed);
		EXPECT_NDIAG(r, "section.missing", NULL, 0);
		EXPECT_NDIAG(r, "row.missing", NULL, t_count_diag(ref, "row.missing", NULL));
		t_none_wrong(g_test, ref, r, NULL, (const char *const[]){"t2", "t3", "t4", NULL}, 1);
		ns_report_release(r);
	}
	/* no table: a section whose heading is lost stays missing, though its
	 * words come up in prose ("商业企业", "科研机构" in one sentence) */
	g_test = "三 without heading or table";
	char *t = strdup(txt);
	char *a = t ? strstr(t, heads[1]) : NULL, *b = t ? strstr(t, heads[2]) : NULL;
	CHECK(a && b && a < b);
	if (a && b && a < b) {
		static const char prose[] = "\n本年度未收到商业企业、科研机构的政府信息公开申请。\n";
		memcpy(a, prose, sizeof prose - 1);
		memmove(a + sizeof prose - 1, b, strlen(b) + 1);
		ns_report *r = load_as(t, NS_FORM_TXT);
		if (r) {
			EXPECT_MISSING(r, "s3");
			EXPECT_NDIAG(r, "section.untitled", NULL, 0);
			CHECK(body_has(r, "s2", "商业企业"));
			ns_report_release(r);
		}
	}
	free(t);
	ns_report_release(ref);
	free(txt);
}

/* A report with a table of contents (目录) whose body lost one heading:
 * the contents' entry for that section is no heading (it took the section
 * out of order, with the contents' lines); the section is read untitled
 * where it starts, the others from their headings below. */
static void test_contents_lost_heading(void)
{
	char *txt = yuanzhou();
	if (!txt)
		return;
	static const char toc[] = "\n目录\n一、总体情况\n二、主动公开政府信息情况\n"
		"三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
		"五、存在的主要问题及改进情况\n六、其他需要报告的事项\n\n一、总体情况\n";
	char *with = replaced(txt, "\n一、总体情况\n", toc);
	CHECK(with != NULL);
	static const struct { const char *head, *id; } cases[] = {
		{"\n二、主动公开政府信息情况\n", "s2"},
		{"\n五、存在的主要问题及改进情况\n", "s5"},
		{"\n六、其他需要报告的事项\n", "s6"},
	};
	for (size_t k = 0; with && k < sizeof cases / sizeof *cases; k++) {
		g_test = cases[k].id;
		/* the body's heading: the last of the two */
		char *h = NULL;
		for (char *p = strstr(with, cases[k].head); p; p = strstr(p + 1, cases[k].head))
			h = p;
		CHECK(h != NULL);
		char *t = strdup(with);
		if (!h || !t) {
			free(t);
			continue;
		}
		char *at = t + (h - with);
		memmove(at + 1, at + strlen(cases[k].head), strlen(at + strlen(cases[k].head)) + 1);
		ns_report *r = load_as(t, NS_FORM_TXT);
		free(t);
		if (!r)
			continue;
		const ns_section *s = ns_report_section_by_id(r, cases[k].id);
		CHECK_MSG(s->found && !s->title && s->text && !strstr(s->text, "目录"),
		          "[contents, %s lost] %s untitled below the contents: \"%.40s\"", g_test,
		          cases[k].id, s->text ? s->text : "");
		EXPECT_NDIAG(r, "section.order", NULL, 0);
		EXPECT_NDIAG(r, "section.untitled", NULL, 1);
		ns_report_release(r);
	}
	free(with);
	free(txt);
}

/* 一 and 六 without their headings: 一 known by its items' headings
 * （一）主动公开…（五）监督保障 before 二, from the first of them; 六 at the
 * end of 五 where the text turns to fees (信息处理费) and proposals, from
 * the first item of its list.  Not from one item alone, nor from fees
 * that 五 speaks of among its problems. */
static void test_lost_first_last(void)
{
	char *txt = yuanzhou();
	if (!txt)
		return;
	g_test = "the report as it is";
	ns_report *ref = load_as(txt, NS_FORM_TXT);
	if (!ref) {
		free(txt);
		return;
	}
	const char *one = ns_report_section_by_id(ref, "s1")->text;
	const char *five = ns_report_section_by_id(ref, "s5")->text;
	const char *six = ns_report_section_by_id(ref, "s6")->text;
	static const char H1[] = "\n一、总体情况\n", H6[] = "\n六、其他需要报告的事项\n";
	char *t1 = replaced(txt, H1, "\n"), *t6 = replaced(txt, H6, "\n");
	char *t16 = t1 ? replaced(t1, H6, "\n") : NULL;
	CHECK(t1 && t6 && t16);
	const struct { const char *name, *text; int lost1, lost6; } cases[] = {
		{"一 without its heading", t1, 1, 0},
		{"六 without its heading", t6, 0, 1},
		{"一 and 六 without their headings", t16, 1, 1},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		g_test = cases[k].name;
		ns_report *r = cases[k].text ? load_as(cases[k].text, NS_FORM_TXT) : NULL;
		if (!r)
			continue;
		const ns_section *s1 = ns_report_section_by_id(r, "s1");
		const ns_section *s6 = ns_report_section_by_id(r, "s6");
		EXPECT_NDIAG(r, "section.untitled", NULL, cases[k].lost1 + cases[k].lost6);
		EXPECT_NDIAG(r, "section.missing", NULL, 0);
		if (cases[k].lost1) { /* from （一）主动公开 to 二: the end of ref's 一 */
			size_t n = s1->text ? strlen(s1->text) : 0;
			CHECK_MSG(s1->found && !s1->title && body_starts(r, "s1", "(一) 主动公开") &&
			          n > 100 && n < strlen(one) && strcmp(one + strlen(one) - n, s1->text) == 0,
			          "[%s] s1 \"%.40s\"", g_test, s1->text ? s1->text : "");
		} else {
			CHECK_MSG(s1->text && strcmp(s1->text, one) == 0, "[%s] s1 as it was", g_test);
		}
		if (cases[k].lost6)
			CHECK_MSG(s6->found && !s6->title, "[%s] s6 untitled", g_test);
		CHECK_MSG(s6->text && strcmp(s6->text, six) == 0, "[%s] s6 \"%.40s\"", g_test,
		          s6->text ? s6->text : "");
		CHECK_MSG(body_has(r, "s5", "") && strcmp(ns_report_section_by_id(r, "s5")->text, five) == 0,
		          "[%s] s5 as it was", g_test);
		ns_report_release(r);
	}
	/* 六 under a heading worded past knowing: 六 from that heading's row,
	 * which is not left at the end of 五 */
	g_test = "六 under a heading worded past knowing";
	char *t6w = replaced(txt, H6, "\n其他需报告的事项\n");
	ns_report *rw = t6w ? load_as(t6w, NS_FORM_TXT) : NULL;
	if (rw) {
		const ns_section *s6 = ns_report_section_by_id(rw, "s6");
		CHECK_MSG(s6->found && !s6->title && body_starts(rw, "s6", "其他需报告的事项") &&
		          strstr(s6->text, six), "[%s] s6 \"%.40s\"", g_test, s6->text ? s6->text : "");
		CHECK(strcmp(ns_report_section_by_id(rw, "s5")->text, five) == 0);
		ns_report_release(rw);
	}
	free(t6w);
	/* one item's heading is no list: 一 stays missing */
	g_test = "一 without its heading, one item left";
	char *t = t1 ? strdup(t1) : NULL;
	static const char *const items[] = {"(二) 依申请公开", "(三) 政府信息管理", "(四) 平台建设",
	                                    "(五) 监督保障", NULL};
	for (int i = 0; t && items[i]; i++) {
		char *u = replaced(t, items[i], "");
		CHECK(u != NULL);
		free(t);
		t = u;
	}
	ns_report *r = t ? load_as(t, NS_FORM_TXT) : NULL;
	if (r) {
		EXPECT_MISSING(r, "s1");
		ns_report_release(r);
	}
	free(t);
	/* fees that 五 speaks of with its problems: no 六 */
	g_test = "六 without its heading, fees among 五's problems";
	const char *six_at = t6 ? strstr(t6, "(一) 完成《原州区") : NULL;
	CHECK(six_at != NULL);
	if (six_at) {
		size_t n = (size_t)(six_at - t6);
		char *u = malloc(n + 256);
		snprintf(u, n + 256, "%.*s下一步将严格执行信息处理费管理办法，整改收费不规范的问题。\n", (int)n, t6);
		r = load_as(u, NS_FORM_TXT);
		if (r) {
			EXPECT_MISSING(r, "s6");
			CHECK(body_has(r, "s5", "信息处理费管理办法"));
			ns_report_release(r);
		}
		free(u);
	}
	free(t1);
	free(t6);
	free(t16);
	ns_report_release(ref);
	free(txt);
}

/* ---- the real reports: their headings are the template's --------------- */

static void test_corpus(void)
{
	static const char *const files[] = {
		"hongze_qu_2023.pdf", "huaian_shi_2024.pdf", "pingtan_zhqu_2019.txt",
		"pingtan_zhqu_2023.txt", "shanghai_shizhengfu_bgt_2025.md", "shuyang_fgj_2023.html",
		"yuanzhou_hechuan_xiang_2023.txt", NULL};
	for (int i = 0; files[i]; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", NS_CORPUS_DIR, files[i]);
		g_test = files[i];
		ns_report *r = NULL;
		int rc = ns_load_file(ctx, path, NULL, &r);
		CHECK_MSG(rc == NS_OK, "[%s] %s", g_test, ns_errmsg(ctx));
		if (!r)
			continue;
		int shanghai = strncmp(files[i], "shanghai", 8) == 0;
		int shuyang = strncmp(files[i], "shuyang", 7) == 0;
		for (int k = 0; k < 6; k++) {
			char id[4] = {'s', (char)('1' + k), 0};
			if (shanghai && k == 4) { /* its 五 has no heading: known by its words */
				const ns_section *s5 = ns_report_section_by_id(r, id);
				CHECK_MSG(s5->found && !s5->title, "[%s] s5 found without a title", g_test);
				CHECK(body_starts(r, id, "（一）2024 年工作中存在问题的改进情况"));
				EXPECT_NDIAG(r, "section.untitled", "s5", 1);
				EXPECT_NDIAG(r, "section.missing", NULL, 0);
			} else
				EXPECT_FOUND(r, id, shuyang && k == 4 ? "五、存在的主要问题及整改措施"
				                                       : canon[k]);
		}
		EXPECT_NDIAG(r, "section.loose", NULL, 0);
		EXPECT_NDIAG(r, "section.numbering", NULL, 0);
		EXPECT_NDIAG(r, "section.order", NULL, 0);
		ns_report_release(r);
	}
}

int main(void)
{
	ctx = ns_open();
	if (!ctx)
		return 1;
	test_canonical();
	test_wordings();
	test_numerals();
	test_markdown();
	test_two_lines();
	test_typos();
	test_no_numeral();
	test_lost_heading();
	test_lost_table_heading();
	test_lost_first_last();
	test_contents_lost_heading();
	test_other_numeral();
	test_sub_items();
	test_paragraph_lines();
	test_order();
	test_contents();
	test_not_contents();
	test_chrome();
	test_table_rows();
	test_numbering();
	test_flattened();
	test_corpus();
	ns_close(ctx);
	return t_done("test_sections");
}
