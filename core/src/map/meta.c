/* meta.c — title, agency, agency type, year, period and publication date. */
#include "map.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copy of s without spaces of any kind (titles break lines and words),
 * with full-width digits and Chinese-numeral years made ASCII so that one
 * year finder serves every way of writing it. */
static char *squeeze(nsa_arena *a, const char *s)
{
	if (!s) /* nsm_text found no memory: nothing to squeeze */
		return NULL;
	size_t n = strlen(s), k = 0;
	char *o = nsa_alloc(a, n + 1);
	if (!o)
		return NULL;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		int len = nst_utf8_decode(s + i, n - i, &cp);
		if (!len)
			len = 1, cp = (unsigned char)s[i];
		if (cp >= 0xFF10 && cp <= 0xFF19) {
			o[k++] = (char)('0' + (cp - 0xFF10));
		} else if (nst_cn_digit(cp) >= 0) {
			/* four numerals and 年: a year */
			uint32_t run[4];
			size_t j = i;
			int m = 0;
			while (m < 4 && j < n) {
				uint32_t c2;
				int l2 = nst_utf8_decode(s + j, n - j, &c2);
				if (!l2 || nst_year_numeral(c2, m) < 0)
					break;
				run[m++] = c2;
				j += (size_t)l2;
			}
			if (m == 4 && strncmp(s + j, "年", 3) == 0 && nst_cn_digit(run[0]) >= 1 &&
			    nst_cn_digit(run[0]) <= 2) {
				for (int q = 0; q < 4; q++)
					o[k++] = (char)('0' + nst_year_numeral(run[q], q));
				i = j;
				continue;
			}
			memcpy(o + k, s + i, (size_t)len);
			k += (size_t)len;
		} else if (!nst_is_space(cp)) {
			memcpy(o + k, s + i, (size_t)len);
			k += (size_t)len;
		}
		i += (size_t)len;
	}
	o[k] = 0;
	return o;
}

/* A digit of a year, or a letter OCR reads for one ("2O24年", "ZO24年":
 * O o for 0, l I for 1, Z z for 2), or -1. */
static int year_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c == 'O' || c == 'o' ? 0
	     : c == 'l' || c == 'I' ? 1 : c == 'Z' || c == 'z' ? 2 : -1;
}

/* Position of a 4-digit year 19xx/20xx followed by 年 in s (its digits
 * as year_digit reads them), or NULL. */
static const char *find_year(const char *s, int *year)
{
	for (const char *p = s; *p; p++) {
		int d0 = year_digit(p[0]), d1 = d0 >= 0 ? year_digit(p[1]) : -1;
		if ((d0 == 1 && d1 == 9) || (d0 == 2 && d1 == 0)) {
			if (p > s && year_digit(p[-1]) >= 0)
				continue;
			int d2 = year_digit(p[2]), d3 = d2 >= 0 ? year_digit(p[3]) : -1;
			if (d2 >= 0 && d3 >= 0 && strncmp(p + 4, "年", 3) == 0) {
				*year = d0 * 1000 + d1 * 100 + d2 * 10 + d3;
				return p;
			}
		}
	}
	return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

ns_agency_type nsm_agency_type(const char *name)
{
	if (!name || !*name)
		return NS_AGENCY_UNKNOWN;
	/* a second name in brackets ("…市场监督管理局（…知识产权局）", "（挂…牌子）"):
	 * the type is the first name's */
	size_t n = strlen(name);
	if (n > 3 && (strcmp(name + n - 3, "）") == 0 || name[n - 1] == ')')) {
		const char *open = NULL;
		for (const char *p = name; (p = strstr(p, "（")) != NULL; p += 3)
			open = p;
		for (const char *p = name; (p = strchr(p, '(')) != NULL; p++)
			if (!open || p > open)
				open = p;
		if (open && open > name) {
			char first[512];
			size_t k = (size_t)(open - name) < sizeof first ? (size_t)(open - name)
			                                                 : sizeof first - 1;
			memcpy(first, name, k);
			first[k] = 0;
			return nsm_agency_type(first);
		}
	}
	/* the short forms too: "…街道办" is no department's 办, "…镇政府"
	 * no county's 政府 */
	static const char *const township[] = {
		"乡", "镇", "街道", "街道办事处", "街道办", "乡人民政府", "镇人民政府",
		"乡政府", "镇政府", "苏木", "民族乡", "苏木人民政府", "苏木政府", NULL};
	static const char *const government[] = {
		"人民政府", "政府", "省", "区", "县", "市",
		"州", "旗", "盟", NULL};
	static const char *const department[] = {
		"局", "委", "委员会", "办", "办公室", "办公厅", "厅", "中心",
		"院", "所", "队", "处", "署", "站", "馆", "会", "部", "司", NULL};
	for (int i = 0; township[i]; i++)
		if (ends_with(name, township[i]))
			return NS_AGENCY_TOWNSHIP;
	/* a development zone's 管委会 reports as a government does (its
	 * deadline is a government's), though it ends as a 委员会; a
	 * department's 管理委员会 (国有资产监督管理委员会, 城市管理委员会) is a
	 * department */
	static const char *const zones[] = {"开发区", "园区", "新区", "高新区", "保税区", "试验区",
		"实验区", "合作区", "示范区", "风景区", "景区", NULL};
	int zone = 0;
	for (int i = 0; zones[i] && !zone; i++)
		zone = strstr(name, zones[i]) != NULL;
	if (ends_with(name, "管委会") || (zone && ends_with(name, "管理委员会")))
		return NS_AGENCY_GOVERNMENT;
	if (ends_with(name, "公司")) /* an enterprise, no 司 of a ministry */
		return NS_AGENCY_UNKNOWN;
	/* a prefecture's or league's 行政公署 (和田地区行政公署, 阿拉善盟行署) is
	 * its people's government, no department's 署 */
	if (ends_with(name, "行政公署") || ends_with(name, "行署"))
		return NS_AGENCY_GOVERNMENT;
	/* "…乡人民政府" was caught above; "…区人民政府" is a government */
	for (int i = 0; department[i]; i++)
		if (ends_with(name, department[i]))
			return NS_AGENCY_DEPARTMENT;
	for (int i = 0; government[i]; i++)
		if (ends_with(name, government[i]))
			return NS_AGENCY_GOVERNMENT;
	return NS_AGENCY_UNKNOWN;
}

/* Agency = the title less its year and the report-name suffix. */
static char *agency_from_title(nsa_arena *a, const char *title)
{
	static const char *const suffixes[] = {
		"政府信息公开工作年度报告", "政府信息公开年度报告",
		"政务公开工作年度报告", "信息公开工作年度报告",
		"政府信息公开工作年报", "政府信息公开年报", "政务公开工作年报",
		"信息公开工作年报", "政府信息公开工作报告", "政务公开工作报告",
		"信息公开工作报告", "年度报告", NULL};
	char *t = nsa_strdup(a, title);
	if (!t)
		return NULL;
	/* the year inside the report's name ("…政府信息公开工作2023年度报告"):
	 * its digits out, so that the name is one of the suffixes */
	int y0;
	char *yp0 = (char *)find_year(t, &y0);
	if (yp0 && yp0 > t &&
	    (strncmp(yp0 + 4, "年度报告", 12) == 0 || strncmp(yp0 + 4, "年报", 6) == 0))
		memmove(yp0, yp0 + 4, strlen(yp0 + 4) + 1);
	for (int i = 0; suffixes[i]; i++) {
		char *p = strstr(t, suffixes[i]);
		if (p) {
			*p = 0;
			break;
		}
	}
	int y;
	const char *yp = find_year(t, &y);
	if (yp) {
		size_t pre = (size_t)(yp - t);
		const char *after = yp + 4 + 3; /* digits + 年 */
		if (strncmp(after, "度", 3) == 0)
			after += 3;
		/* agency before the year, or after it ("2025年上海市…") */
		if (pre > 0)
			t[pre] = 0;
		else
			memmove(t, after, strlen(after) + 1);
	}
	/* trim stray punctuation such as 《 》 and the words that join the
	 * agency to the report's name: "关于青岚县财政局…", "青岚县财政局关于
	 * 2024年…" or "…关于公布《2024年…》", "青岚县财政局的2024年…" (no
	 * agency's name holds 关于, nor ends with 的) */
	static const char *const marks[] = {"《", "》", "“", "”", "「", "」", "【", "】", "〈", "〉",
		"：", "\"", "'", "<", ">", ":", " ", NULL};
	for (int again = 1; again;) {
		again = 0;
		static const char *const lead[] = {"关于印发", "关于公布", "关于发布", "关于", NULL};
		for (int k = 0; lead[k]; k++) {
			size_t n = strlen(lead[k]);
			if (strncmp(t, lead[k], n) == 0) {
				memmove(t, t + n, strlen(t + n) + 1);
				again = 1;
				break;
			}
		}
		char *joiner = strstr(t, "关于");
		if (joiner && joiner > t) {
			*joiner = 0;
			again = 1;
		}
		if (ends_with(t, "的") && strlen(t) > 3) {
			t[strlen(t) - 3] = 0;
			again = 1;
		}
		for (int k = 0; marks[k]; k++) {
			size_t n = strlen(marks[k]), len = strlen(t);
			if (strncmp(t, marks[k], n) == 0) {
				memmove(t, t + n, len - n + 1);
				again = 1;
			} else if (len >= n && strcmp(t + len - n, marks[k]) == 0) {
				t[len - n] = 0;
				again = 1;
			}
		}
	}
	return *t ? t : NULL;
}

static int names_report(const char *t);
static const char *const REPORT_NAMES[];

char *nsm_title_agency(const char *title, int *year)
{
	*year = 0;
	if (!title)
		return NULL;
	/* a file's name: its folder and its extension off, and an
	 * attachment's label ("附件2：…") */
	const char *slash = strrchr(title, '/');
	char t[1024];
	snprintf(t, sizeof t, "%s", slash ? slash + 1 : title);
	char *dot = strrchr(t, '.');
	if (dot && strlen(dot) <= 6)
		*dot = 0;
	const char *p = t;
	if (strncmp(p, "附件", 6) == 0) {
		p += 6;
		p += strspn(p, "0123456789 ");
		if (strncmp(p, "：", 3) == 0)
			p += 3;
		else if (*p == ':' || *p == '_' || *p == '-')
			p++;
	}
	/* the report itself, of a year: its name ends the title (not "…年度
	 * 报告的说明", "关于…的批复") */
	size_t n = strlen(p);
	int ends = 0;
	for (int k = 0; REPORT_NAMES[k] && !ends; k++)
		ends = ends_with(p, REPORT_NAMES[k]) && n > strlen(REPORT_NAMES[k]);
	if (!ends || !names_report(p) || !find_year(p, year) || *year == 0)
		return NULL;
	nsa_arena a = {0};
	const char *ag = agency_from_title(&a, p);
	char *out = ag && !strpbrk(ag, "0123456789") && nsm_agency_type(ag) != NS_AGENCY_UNKNOWN
	          ? strdup(ag) : NULL;
	nsa_free(&a);
	if (!out)
		*year = 0;
	return out;
}

/* Does the row at i begin with a field of a portal page's header other
 * than its title ("栏目: 政府信息公开年报", "发布机构: …")?  Such a row names
 * the report too, and is no title. */
static int header_field(const nsm_doc *d, int i)
{
	static const char *const keys[] = {"栏目:", "发布机构:", "发布时间:", "发布日期:",
		"成文日期:", "来源:", "文号:", "索引号:", "主题分类:", "原文链接:", "所属栏目:", NULL};
	for (int k = 0; keys[k]; k++)
		if (nsm_match_at(d, i, keys[k]) >= 0)
			return 1;
	return 0;
}

/* Is the row [i, e) a breadcrumb, the page's "you are here" trail
 * ("当前位置：首页 > 信息公开 > 年度报告", "您现在的位置：…", "首页 > … >
 * 政府信息公开年报")?  Page furniture: it names the report's column, and
 * is never its title nor a piece of one.  A trail is a row that says where
 * it is (…位置:), or whose parts are joined by arrows: two of them, or one
 * after 首页.  An arrow has words on both sides, so that a title in <<…>>
 * is none. */
static int breadcrumb(const nsm_doc *d, int i, int e)
{
	while (i < e && d->c[i].fold == ' ')
		i++;
	int colon = nsm_find(d, i, i + 10 < e ? i + 10 : e, "位置:");
	if (colon >= 0)
		return 1;
	int arrows = 0, words = 0;
	for (int k = i; k < e; k++) {
		uint32_t f = d->c[k].fold;
		int arrow = f == '>' || f == 0x203A /* › */ || f == 0xBB /* » */ ||
		            f == 0x2192 /* → */;
		if (!arrow) {
			words |= f != ' ' && f != NSM_GAP_TAB && f != NSM_GAP_CELL;
			continue;
		}
		while (k + 1 < e && (d->c[k + 1].fold == f || d->c[k + 1].fold == ' '))
			k++; /* ">>", "> " */
		int more = 0;
		for (int q = k + 1; q < e && !more; q++)
			more = d->c[q].fold != ' ';
		arrows += words && more;
	}
	int home = nsm_match_at(d, i, "首页") >= 0 || nsm_match_at(d, i, "网站首页") >= 0 ||
	           nsm_match_at(d, i, "主页") >= 0;
	return arrows >= 2 || (arrows == 1 && home);
}

/* A link of the page to another page: "上一篇：…", "相关链接", the
 * titles of other years' reports in a list beside the report's own. */
static int nav_link(const nsm_doc *d, int i)
{
	static const char *const keys[] = {"上一篇", "下一篇", "上一条", "下一条", "上一页",
		"下一页", "相关链接", "相关文章", "相关阅读", "推荐阅读", "相关文件", NULL};
	while (d->c[i].fold == ' ')
		i++;
	for (int k = 0; keys[k]; k++)
		if (nsm_match_at(d, i, keys[k]) >= 0)
			return 1;
	return 0;
}

/* The report's name in a title: 年度报告, 年报, or "2024年度…公开工作报告"
 * and a 公文's "…公开工作情况的报告" (with a year, as names_report asks). */
static const char *const REPORT_NAMES[] = {"年度报告", "年报", "公开工作报告",
	/* a 公文's title: "…关于2024年度政府信息公开工作情况的报告"; only of
	 * 政府信息公开 (a 政务公开 or 法治政府 work report to the 人大 is worded
	 * so too), and ending the title (FORMAL_NAME) */
	"政府信息公开工作情况的报告", "政府信息公开工作的报告", "政府信息公开工作情况报告", NULL};
/* REPORT_NAMES from here are a 公文's wording: no words may follow them
 * ("…情况的报告的通知" is a notice) */
#define FORMAL_NAME 3

/* Does t name the annual report on information disclosure (of a year,
 * when it calls it a 工作报告)? */
static int names_report(const char *t)
{
	int y;
	if (!strstr(t, "信息公开") && !strstr(t, "政务公开"))
		return 0;
	if (strstr(t, REPORT_NAMES[0]) || strstr(t, REPORT_NAMES[1]))
		return 1;
	int named = 0;
	for (int k = 2; REPORT_NAMES[k] && !named; k++)
		named = strstr(t, REPORT_NAMES[k]) != NULL;
	return named && find_year(t, &y);
}

/* Words a title may go on with after the report's name: "…年度报告全文",
 * "…之一", "…暨…", "…（全文）", and "的通知" of a portal's notice. */
static int title_tail(const nsm_doc *d, int z, int e)
{
	static const char *const tails[] = {"的", "全文", "之", "暨", "正文", NULL};
	for (int k = 0; tails[k]; k++) {
		int m = nsm_match_at(d, z, tails[k]);
		if (m >= 0 && m <= e)
			return 1;
	}
	return 0;
}

static int closing_mark(uint32_t f)
{
	return f == 0x201D || f == 0x300B || f == 0x3009 || f == ')' || f == '"' || f == '\'';
}

/* Is t (a row, or rows joined) a line of a paragraph rather than a
 * title: the opening paragraph's "本报告根据《…》", "（以下简称…）", or a
 * quotation it opens and does not close (a line of it wrapped there:
 * "…关于印发〈中华人民共和国政府信息公开工作年度报告")? */
static int prose_line(const char *t)
{
	static const char *const words[] = {"本报告", "根据《", "依据《", "以下简称", NULL};
	for (int k = 0; words[k]; k++)
		if (strstr(t, words[k]))
			return 1;
	/* a sentence's end inside it (one closing a title is no sentence) */
	const char *stop = strstr(t, "。");
	if (stop && stop[3])
		return 1;
	static const char *const pairs[][2] = {{"《", "》"}, {"〈", "〉"}, {"（", "）"}, {"“", "”"}};
	for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
		int depth = 0;
		/* the marks are three bytes each: their lead byte first (a call
		 * per byte and pair was a tenth of the metadata's time) */
		for (const char *p = t; *p; p++) {
			if (*p == pairs[k][0][0] && strncmp(p, pairs[k][0], 3) == 0)
				depth++;
			else if (*p == pairs[k][1][0] && strncmp(p, pairs[k][1], 3) == 0 && depth > 0)
				depth--;
		}
		if (depth > 0)
			return 1;
	}
	return 0;
}

static int wrapped_find(const nsm_doc *d, int from, int to, const char *s);

/* Where in t[0, n) a date that runs to its end begins (nst_date), at a
 * character from byte `from` to byte `max`: the first such place, its date
 * in date; -1 when none ("青川县市场监督管理局2025年1月20日": the agency's
 * name, then the date). */
static long trailing_date(const char *t, size_t n, size_t from, size_t max, char date[11])
{
	for (size_t p = from; p < n && p <= max; p++)
		if (((unsigned char)t[p] & 0xC0) != 0x80 && nst_date(t + p, n - p, date) == n - p)
			return (long)p;
	return -1;
}

/* A row of figures without a name ("2025-01-24", "2025年1月24日", a page's
 * date): digits, and fewer than two Han characters besides a date's 年月日
 * ("青岚县第2人民医院" is a name). */
static int figures_row(const nsm_doc *d, int a, int b)
{
	int digits = 0, han = 0;
	for (int k = a; k < b; k++) {
		uint32_t f = d->c[k].fold;
		digits += f >= '0' && f <= '9';
		han += nst_is_han(f) && f != 0x5E74 && f != 0x6708 && f != 0x65E5;
	}
	return digits && han < 2;
}

/* A print stamp before a title ("12/4/26,9:18PM" of a browser's running
 * header, squeezed): taken off, or it was read as the agency's name. */
static void strip_stamp(char *t)
{
	const char *p = t;
	int parts = 0;
	while (parts < 3 && *p >= '0' && *p <= '9') {
		const char *d0 = p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p - d0 > 4)
			return;
		parts++;
		if (parts < 3 && (*p == '/' || *p == '-' || *p == '.'))
			p++;
		else
			break;
	}
	if (parts != 3)
		return;
	if (*p == ',')
		p++;
	if (*p >= '0' && *p <= '9') { /* the time of day */
		const char *d0 = p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p - d0 > 2 || *p != ':')
			return;
		p++;
		while ((*p >= '0' && *p <= '9') || *p == ':')
			p++;
		if (strncmp(p, "AM", 2) == 0 || strncmp(p, "PM", 2) == 0)
			p += 2;
		else if (strncmp(p, "上午", 6) == 0 || strncmp(p, "下午", 6) == 0)
			p += 6;
	}
	memmove(t, p, strlen(p) + 1);
}

/* The report's title, before section one: the rows that name the annual
 * report (a title broken over two lines joined).  A portal page names
 * other reports there too, a printed page its running header, a sidebar
 * its column: of several, the one that names the year the period states
 * (a link to last year's report above the title), then one that names a
 * year, an agency, then one whose agency the body names (other agencies'
 * reports listed in a sidebar above the title), else the first. */
static char *find_title(const nsm_doc *d, ns_report *r, int limit, int body_end, int period_year,
                        ns_pos *pos, int *end_at)
{
	char *best = NULL;
	int best_q = -1;
	for (int i = 0; i < limit; i++) {
		if (d->c[i].fold == NSM_GAP_ROW || (i > 0 && d->c[i - 1].fold != NSM_GAP_ROW))
			continue;
		/* i starts a row */
		int e = i;
		while (e < d->n && d->c[e].fold != NSM_GAP_ROW)
			e++;
		/* a paragraph, a header field, a breadcrumb, a link elsewhere */
		if (e - i > 120 || header_field(d, i) || breadcrumb(d, i, e) || nav_link(d, i)) {
			i = e;
			continue;
		}
		/* the report's name (REPORT_NAMES) */
		int at = -1, name, wrapped = 0;
		for (name = 0; REPORT_NAMES[name]; name++)
			if ((at = nsm_find(d, i, e, REPORT_NAMES[name])) >= 0)
				break;
		/* a large title wrapped inside its name ("…公开工作年" / "度报告"):
		 * the row with the short one under it */
		int e2 = e + 1;
		while (at < 0 && e2 < d->n && d->c[e2].fold != NSM_GAP_ROW)
			e2++;
		if (at < 0 && e + 1 < limit && e2 - e <= 8)
			for (name = 0; REPORT_NAMES[name]; name++)
				if ((at = wrapped_find(d, i, e2, REPORT_NAMES[name])) >= 0) {
					e = e2, wrapped = 1;
					break;
				}
		/* words after the name on its row ("…年度报告格式〉的通知",
		 * "…年报”栏目查阅"): the name is quoted in a sentence, never a
		 * title (but "关于印发《…年度报告》的通知", a portal's) */
		if (at >= 0 && !wrapped) {
			int z = nsm_match_at(d, at, REPORT_NAMES[name]);
			while (z >= 0 && z < e && (d->c[z].fold == ' ' || closing_mark(d->c[z].fold)))
				z++;
			if (z >= 0 && z < e && nst_is_han(d->c[z].fold) &&
			    (name >= FORMAL_NAME || !title_tail(d, z, e)))
				at = -1;
		}
		if (at >= 0) {
			/* a title broken over lines: join earlier short rows while
			 * the year or the agency is still missing */
			int s = i, y;
			char *t = squeeze(&r->arena, nsm_text(d, &r->arena, s, e, 0));
			for (int k = 0; k < 2 && t; k++) {
				strip_stamp(t);
				if (strncmp(t, "标题:", 7) == 0)
					memmove(t, t + 7, strlen(t + 7) + 1);
				else if (strncmp(t, "标题：", 9) == 0)
					memmove(t, t + 9, strlen(t + 9) + 1);
				/* (an agency that closes a bracket it never opened,
				 * "医疗保障局）", is the end of one wrapped over lines) */
				const char *ag = find_year(t, &y) ? agency_from_title(&r->arena, t) : NULL;
				const char *close = ag ? strstr(ag, "）") : NULL;
				if (ag && !(close && !memmem(ag, (size_t)(close - ag), "（", 3)))
					break;
				if (s < 2)
					break;
				int p = s - 1; /* the previous row's end marker */
				int ps = p;
				while (ps > 0 && d->c[ps - 1].fold != NSM_GAP_ROW)
					ps--;
				/* a page's header above a title that names no agency
				 * ("发布时间：2025-01-24", "索引号：…", "来源：…  浏览次
				 * 数：35") is no piece of it: a field has a colon, and a
				 * title with its year wants only a name, which is more
				 * than figures */
				if (p - ps > 40 || nsm_find(d, ps, p, "。") >= 0 || p == ps ||
				    breadcrumb(d, ps, p) || header_field(d, ps) ||
				    (nsm_find(d, ps, p, ":") >= 0 && nsm_match_at(d, ps, "标题:") < 0) ||
				    (find_year(t, &y) && figures_row(d, ps, p)))
					break;
				/* (nor a row that ends with a date: "青岚县财政局
				 * 2025年1月24日", a page's byline) */
				char *row = squeeze(&r->arena, nsm_text(d, &r->arena, ps, p, 0));
				char date[11];
				if (row && trailing_date(row, strlen(row), 0, strlen(row), date) >= 0)
					break;
				char *both = squeeze(&r->arena, nsm_text(d, &r->arena, ps, e, 0));
				if (!both)
					break;
				t = both;
				s = ps;
			}
			/* a line of the opening paragraph that quotes the name is
			 * no title */
			if (t && names_report(t) && !prose_line(t)) {
				int has_year = find_year(t, &y) != NULL;
				const char *ag = agency_from_title(&r->arena, t);
				/* the body names its own agency ("…请与青川县市场监督管理
				 * 局办公室联系"); a sidebar's other reports' seldom: that
				 * decides between titles equal otherwise (a superior's
				 * report, which the body names too, is last year's or
				 * has no year) */
				size_t tl = strlen(t);
				while (tl >= 3 && (strncmp(t + tl - 3, "》", 3) == 0 ||
				                   strncmp(t + tl - 3, "”", 3) == 0))
					tl -= 3;
				static const char *const ends[] = {"年度报告", "年报", "工作报告", "情况报告",
				                                   "的报告", NULL};
				int titled = 0;
				for (int k = 0; ends[k] && !titled; k++) {
					size_t el = strlen(ends[k]);
					titled = tl >= el && strncmp(t + tl - el, ends[k], el) == 0;
				}
				/* (a line of a paragraph, "…关于做好2024年度政府信息" +
				 * "公开工作年度报告…", is no title to prefer) */
				int named = titled && ag && nsm_find(d, limit, body_end, ag) >= 0;
				int q = 8 * (has_year && period_year && y == period_year) +
				        4 * has_year + 2 * (ag != NULL) + named;
				if (q > best_q) {
					best = t;
					best_q = q;
					*pos = nsm_pos(d, s);
					*end_at = e;
				}
				if (q == 7 + 8 * (period_year != 0))
					return best; /* none can be better */
			}
		}
		i = e;
	}
	return best;
}

/* Take off brackets around the whole of t ("（…）", "(…)"): 1 if it had
 * them. */
static int unbracket(char *t)
{
	size_t n = strlen(t);
	if (n < 4 || (strncmp(t, "（", 3) != 0 && t[0] != '(') ||
	    (strcmp(t + n - 3, "）") != 0 && t[n - 1] != ')'))
		return 0;
	size_t open = t[0] == '(' ? 1 : 3, close = t[n - 1] == ')' ? 1 : 3;
	if (open + close >= n)
		return 0;
	for (size_t k = open; k < n - close; k++) /* one pair, around the whole */
		if (t[k] == ')' || strncmp(t + k, "）", 3) == 0)
			return 0;
	memmove(t, t + open, n - open - close);
	t[n - open - close] = 0;
	return 1;
}

/* t (squeezed) as an agency's name, alone on its row or in its field:
 * when it reads as one (its ending: 局, 委员会, 人民政府, 乡, 街道办事处…),
 * holds no figure or sentence, and is no office that compiles its
 * government's or bureau's report and signs it so ("…人民政府办公室",
 * "…政府办": whose report it is, that does not say).  Brackets around it
 * ("（青岚县财政局）" under a title) and a seal's mark after it ("（印）")
 * are taken off.  t, or NULL. */
static char *agency_text(char *t)
{
	if (!t)
		return NULL;
	unbracket(t);
	static const char *const seals[] = {"（印）", "(印)", "（盖章）", "(盖章)", "（章）", "盖章",
		NULL};
	for (int k = 0; seals[k]; k++)
		if (ends_with(t, seals[k]) && strlen(t) > strlen(seals[k]))
			t[strlen(t) - strlen(seals[k])] = 0;
	/* a field's label ("发布机构：", "抄送："), figures, or two names joined
	 * ("…财政局、…税务局", "；", "／"): no one agency's name */
	static const char *const marks[] = {"：", "，", "、", "；", "／", NULL};
	if (strpbrk(t, "0123456789,:;/"))
		return NULL;
	for (int k = 0; marks[k]; k++)
		if (strstr(t, marks[k]))
			return NULL;
	static const char *const compilers[] = {"办公室", "办公厅", "政府办", "府办", "党政办", NULL};
	for (int k = 0; compilers[k]; k++)
		if (ends_with(t, compilers[k]))
			return NULL;
	/* a page's source that is no agency: "本站", "本网", "县政府网站" */
	if (strlen(t) < 9 || strncmp(t, "本", 3) == 0 || ends_with(t, "网站") || strstr(t, "。"))
		return NULL;
	return nsm_agency_type(t) != NS_AGENCY_UNKNOWN ? t : NULL;
}

/* Two names apart in [i, e) ("青岚县财政局  青岚县税务局", "中共青岚县委
 * 青岚县人民政府": a joint signature): two runs of three Han characters or
 * more with space between (a name spaced out letter by letter is one). */
static int two_names(const nsm_doc *d, int i, int e)
{
	int runs = 0, len = 0;
	for (int k = i; k <= e; k++) {
		uint32_t f = k < e ? d->c[k].fold : ' ';
		if (nst_is_han(f) || f == 0xFF08 || f == 0xFF09 || f == '(' || f == ')') {
			len++;
			continue;
		}
		if (f != ' ' && f != NSM_GAP_TAB && f != NSM_GAP_CELL && !(f >= '0' && f <= '9'))
			continue; /* (a mark inside a name) */
		runs += len >= 3;
		len = 0;
	}
	return runs >= 2;
}

/* The chars [i, e) of a row as an agency's name (agency_text): one name,
 * no more than 30 characters. */
static char *agency_at(const nsm_doc *d, ns_report *r, int i, int e)
{
	while (i < e && d->c[i].fold == ' ')
		i++;
	if (e <= i || e - i > 30 || two_names(d, i, e))
		return NULL;
	for (int k = i; k < e; k++)
		if (d->c[k].fold == NSM_GAP_ROW)
			return NULL;
	return agency_text(squeeze(&r->arena, nsm_text(d, &r->arena, i, e, 0)));
}

/* A title that names no agency ("2024年政府信息公开工作年度报告") with the
 * agency on the row under it, alone ("青川县市场监督管理局", as a
 * subtitle). */
static char *agency_below(const nsm_doc *d, ns_report *r, int title_end, int limit)
{
	int i = title_end;
	while (i < limit && (d->c[i].fold == NSM_GAP_ROW || d->c[i].fold == ' '))
		i++;
	int e = i;
	while (e < limit && d->c[e].fold != NSM_GAP_ROW)
		e++;
	return agency_at(d, r, i, e);
}

/* Can the text of chars [s, e) of a row (nsm_text, squeezed) end with a
 * date, as date_before asks?  What nst_date reads to the end of a string
 * ends with 日 or 号, a month's or day's numeral (一…九, 十), a space, or
 * a day's one or two digits after its month's 月 or a separator (-, /, .:
 * nst_date takes no more digits); a bracket may close it ("（2025年1月23
 * 日）", unbracket).  The row's last characters tell, without making its
 * text (squeeze drops only spaces, as text_of does): most rows above a
 * signature are prose or a table's values, and making, squeezing and
 * reading each of them at every place (trailing_date) was most of the
 * metadata's time.  A grid row's text drops merged cells' copies, which
 * these characters may be: it is read whole.  0: the row's text cannot
 * end with a date (or is empty). */
static int may_end_with_date(const nsm_doc *d, int s, int e)
{
	if (s < 0)
		s = 0;
	if (e > d->n)
		e = d->n;
	int digits = 0;
	for (int k = e - 1; k >= s; k--) {
		const nsm_char *ch = &d->c[k];
		if (ch->cell < 0 || ch->cp == 0 || nst_is_space(ch->cp))
			continue; /* not in the text (text_of) */
		if (d->l->rows[ch->row].grid)
			return 1;
		uint32_t f = nst_fold(ch->cp); /* as nst_date reads it (full-width digits too) */
		if (f >= '0' && f <= '9') {
			if (++digits > 2)
				return 0;
			continue;
		}
		if (digits)
			return f == 0x6708 /* 月 */ || f == '-' || f == '/' || f == '.';
		return f == 0x65E5 /* 日 */ || f == 0x53F7 /* 号 */ || nst_cn_digit(f) > 0 ||
		       f == 0x5341 /* 十 */ || nst_is_space(f) || f == ')';
	}
	return 0;
}

/* A signature's date among the ten rows before `end`: a row that is only
 * a date, "2024年1月17日", "二〇二四年二月二十八日", "2024.1.17" (the last
 * such row; nst_date knows the forms), or the agency and its date; NULL. */
static char *date_before(const nsm_doc *d, ns_report *r, int end, ns_pos *pos, int *row)
{
	int rows = 0;
	for (int e = end; e > 0 && rows < 10; rows++) {
		int s = e;
		while (s > 0 && d->c[s - 1].fold != NSM_GAP_ROW)
			s--;
		if (!may_end_with_date(d, s, e)) {
			e = s - 1;
			continue;
		}
		char *t = squeeze(&r->arena, nsm_text(d, &r->arena, s, e, 0));
		char date[11];
		size_t n = t ? strlen(t) : 0;
		if (t && unbracket(t)) /* "（2025年1月23日）" */
			n = strlen(t);
		if (n && nst_date(t, n, date) == n) {
			*pos = nsm_pos(d, s);
			*row = s;
			return nsa_strdup(&r->arena, date);
		}
		/* the agency and the date on one line ("青川县市场监督管理局
		 * 2025年1月20日"): a name of an agency, then the date to the end */
		long p = n > 3 ? trailing_date(t, n, 3, 90, date) : -1;
		if (p > 0) {
			char name[96];
			memcpy(name, t, (size_t)p);
			name[p] = 0;
			if (!strpbrk(name, "0123456789") && nsm_agency_type(name) != NS_AGENCY_UNKNOWN) {
				*pos = nsm_pos(d, s);
				*row = s;
				return nsa_strdup(&r->arena, date);
			}
		}
		e = s - 1;
	}
	return NULL;
}

/* The date under the signature: at the end of the last section (`body`:
 * above a page's chrome, "相关文章" and its list of dated links), else at
 * the report's end (`end`: the page's, or where a second report begins; a
 * chrome taken inside 六, which tells of its site's 网站标识码), or, where
 * attachments follow the signature ("附件：", "附表1 …" and their tables),
 * above the first row opening one (of the first sixteen) that has a
 * signature's date above it. */
static char *signature_date(const nsm_doc *d, ns_report *r, int body, int end, ns_pos *pos,
                            int *row)
{
	char *date = date_before(d, r, body - 1, pos, row);
	if (!date && body < end)
		date = date_before(d, r, end - 1, pos, row);
	if (date)
		return date;
	/* every row's start of the document is tried: the words decoded once,
	 * and only a row whose first character (spaces aside) is 附 matched */
	nsm_needle att, tab;
	nsm_needle_of("附件", &att);
	nsm_needle_of("附表", &tab);
	for (int i = 1, tried = 0; !date && i < end && tried < 16; i++) {
		if (d->c[i - 1].fold != NSM_GAP_ROW)
			continue;
		int j = i;
		while (j < d->n && d->c[j].fold == ' ')
			j++;
		if (j >= d->n || d->c[j].fold != 0x9644 /* 附 */)
			continue;
		if (nsm_match_needle(d, i, &att) >= 0 || nsm_match_needle(d, i, &tab) >= 0) {
			tried++;
			date = date_before(d, r, i - 1, pos, row);
		}
	}
	return date;
}

/* The agency that signs the report: on the row of the signature's date
 * (row: its start), before the date ("青岚县财政局 2025年1月23日"), or
 * alone on the row above it — not one of two rows of agencies (a joint
 * signature names no one agency). */
static char *signature_agency(const nsm_doc *d, ns_report *r, int row)
{
	int e = row;
	while (e < d->n && d->c[e].fold != NSM_GAP_ROW)
		e++;
	/* the name and the date on one row: the name ends where the date that
	 * runs to the row's end begins (not at the 三 of 三河镇) */
	char *t = squeeze(&r->arena, nsm_text(d, &r->arena, row, e, 0));
	size_t n = t ? strlen(t) : 0;
	char date[11];
	if (n && nst_date(t, n, date) != n) {
		long p = trailing_date(t, n, 3, 90, date);
		if (p < 0)
			return NULL;
		/* where the date begins in the row: after as many characters as
		 * the name has (squeeze dropped only spaces) */
		int chars = 0, at = row;
		for (long q = 0; q < p; q++)
			chars += ((unsigned char)t[q] & 0xC0) != 0x80;
		for (; at < e && chars > 0; at++)
			chars -= d->c[at].fold != ' ' && d->c[at].cell >= 0;
		t[p] = 0;
		return two_names(d, row, at) ? NULL : agency_text(t);
	}
	int pe = row - 1; /* the row above: its end marker */
	while (pe > 0 && d->c[pe].fold == NSM_GAP_ROW && d->c[pe - 1].fold == NSM_GAP_ROW)
		pe--;
	if (pe <= 0)
		return NULL;
	int ps = pe;
	while (ps > 0 && d->c[ps - 1].fold != NSM_GAP_ROW)
		ps--;
	char *name = agency_at(d, r, ps, pe);
	/* a second agency's row above it: a joint signature */
	int qe = ps - 1;
	while (name && qe > 0 && d->c[qe].fold == NSM_GAP_ROW && d->c[qe - 1].fold == NSM_GAP_ROW)
		qe--;
	if (name && qe > 0) {
		int qs = qe;
		while (qs > 0 && d->c[qs - 1].fold != NSM_GAP_ROW)
			qs--;
		if (agency_at(d, r, qs, qe))
			return NULL;
	}
	return name;
}

static int field_start(const nsm_doc *d, int i);

/* Does a field's label start at i: two to six Han characters and a
 * colon ("发布日期：", "来源:", "浏览次数：")? */
static int next_field(const nsm_doc *d, int i)
{
	int k = 0;
	while (i + k < d->n && k < 6 && nst_is_han(d->c[i + k].fold))
		k++;
	return k >= 2 && i + k < d->n && d->c[i + k].fold == ':';
}

/* The agency a header field of the page names ("发布机构：青岚县财政局",
 * an info bar's cell), before section one: the field's value up to the
 * next gap or field, when it reads as an agency's name. */
static char *field_agency(const nsm_doc *d, ns_report *r, int limit)
{
	/* (not 来源: a page's source is as often the portal's office, a
	 * superior or a newspaper as the report's agency) */
	static const char *const labels[] = {"发布机构", "发文机关", "发布单位", NULL};
	for (int i = 0; i < limit; i++) {
		uint32_t f = d->c[i].fold;
		if (f != 0x53D1 /* 发 */ || !field_start(d, i))
			continue;
		int j = -1;
		for (int k = 0; j < 0 && labels[k]; k++)
			j = nsm_match_at(d, i, labels[k]);
		if (j < 0)
			continue;
		while (j < d->n && d->c[j].fold == ' ')
			j++;
		if (j >= d->n || d->c[j].fold != ':')
			continue;
		j++;
		while (j < d->n && d->c[j].fold == ' ')
			j++;
		/* the value: to a gap, two spaces, the row's end, or one space
		 * before the next field ("发布机构：X 发布日期：…", an info bar
		 * whose spaces a page's HTML collapsed to one) */
		int e = j;
		while (e < d->n && d->c[e].fold != NSM_GAP_ROW && d->c[e].fold != NSM_GAP_TAB &&
		       d->c[e].fold != NSM_GAP_CELL && d->c[e].fold != 0x3011 /* 】 */ &&
		       !(d->c[e].fold == ' ' && e + 1 < d->n && d->c[e + 1].fold == ' ') &&
		       !(d->c[e].fold == ' ' && next_field(d, e + 1)))
			e++;
		char *name = agency_at(d, r, j, e);
		if (name)
			return name;
	}
	return NULL;
}

/* Does a field of the page's header start at i: at the start of a row, or
 * of a cell of one ("来源：…  发布时间：…", a portal's info bar), indented
 * or not? */
static int field_start(const nsm_doc *d, int i)
{
	int p = i - 1;
	while (p >= 0 && d->c[p].fold == ' ')
		p--;
	/* in brackets: "【发布时间：2025年01月20日】【字体：大 中 小】" */
	if (p >= 0 && (d->c[p].fold == 0x3010 /* 【 */ || d->c[p].fold == '['))
		return 1;
	if (p < 0 || d->c[p].fold == NSM_GAP_ROW || d->c[p].fold == NSM_GAP_TAB ||
	    d->c[p].fold == NSM_GAP_CELL)
		return 1;
	if (p == i - 1) /* glued to the words before it */
		return 0;
	/* after two spaces or more: the gap the text loader parts cells at,
	 * kept inside one line by a Markdown text line ("www.x.gov.cn     发
	 * 布时间：2021-01-11     来源：…", a page's info bar converted) */
	if (i - 1 - p >= 2)
		return 1;
	/* after one space, a field of its own where another field ("来源：…",
	 * "作者：…", "字体：大中小") starts its row: a portal's info bar copied
	 * with single spaces between its fields */
	int colon = 0;
	for (; p >= 0 && d->c[p].fold != NSM_GAP_ROW; p--)
		colon |= d->c[p].fold == ':';
	return colon;
}

/* The publication date a header field states before section one: "发布时
 * 间: 2025-01-24 09:12", "公开日期：2025/01/24", "发布日期 2025年1月24日",
 * whatever the form of the date (nst_date) and the space after the label
 * (NBSP, U+3000).  The labels of publication first; then 发文日期, the
 * date it was issued (the info table of a portal's 信息公开 page: "发布机构
 * | 宁国市商务局 | 发文日期 | 2021-10-08"); 成文日期, the date it was
 * written, only without them. */
static char *labelled_date(const nsm_doc *d, ns_report *r, int limit, int period_year,
                           ns_pos *pos)
{
	static const char *const labels[4][5] = {
		{"发布时间", "发布日期", "公开日期", "公开时间", NULL},
		{"发文日期", "发文时间", NULL},
		{"成文日期", "成文时间", NULL},
		{"日期", "时间", NULL}};
	for (int pass = 0; pass < 4; pass++) {
		for (int i = 0; i < limit; i++) {
			uint32_t f = d->c[i].fold;
			if ((f != 0x53D1 /* 发 */ && f != 0x516C /* 公 */ && f != 0x6210 /* 成 */ &&
			     f != 0x65E5 /* 日 */ && f != 0x65F6 /* 时 */) ||
			    !field_start(d, i))
				continue;
			int j = -1;
			for (int k = 0; j < 0 && labels[pass][k]; k++)
				j = nsm_match_at(d, i, labels[pass][k]);
			if (j < 0)
				continue;
			/* the label's colon, and gaps before the date */
			while (j < d->n && (d->c[j].fold == ' ' || d->c[j].fold == ':' ||
			                    d->c[j].fold == NSM_GAP_TAB || d->c[j].fold == NSM_GAP_CELL))
				j++;
			int e = j;
			while (e < d->n && d->c[e].fold != NSM_GAP_ROW)
				e++;
			char *t = nsm_text(d, &r->arena, j, e, 0);
			char date[11];
			size_t len = t ? nst_date(t, strlen(t), date) : 0;
			/* a bare 时间/日期 label: a publication's date, after the
			 * period it reports on, not a date of the period ("时间：
			 * 2024年1月1日起至…", "日期：2024年12月31日止") */
			if (len && pass == 3 && (!period_year || atoi(date) <= period_year))
				len = 0;
			if (len) {
				*pos = nsm_pos(d, j);
				return nsa_strdup(&r->arena, date);
			}
		}
	}
	return NULL;
}

/* Line breaks inside a sentence: prose hard-wrapped at a fixed width (a
 * PDF's lines, a text saved at 40 characters a line) breaks a date or a
 * notice's number anywhere ("…为2024年1月" / "1日至2024年12月31日").  These
 * match a phrase as nsm_match_at and nsm_find do (spaces skipped), with the
 * end of a row inside the phrase, and the next row's indentation, read as
 * the space it stands for. */
static int wrapped_match(const nsm_doc *d, int i, const nsm_needle *nd)
{
	for (int k = 0; k < nd->n; k++) {
		while (i < d->n && (d->c[i].fold == ' ' || (k > 0 && d->c[i].fold == NSM_GAP_ROW)))
			i++;
		if (i >= d->n || d->c[i].fold != nd->c[k])
			return -1;
		i++;
	}
	return i;
}

static int wrapped_find(const nsm_doc *d, int from, int to, const char *s)
{
	nsm_needle nd;
	nsm_needle_of(s, &nd);
	if (nd.n <= 0) /* not one the needle holds: as ever */
		return nsm_find(d, from, to, s);
	for (int i = from < 0 ? 0 : from; i < to && i < d->n; i++) {
		int j = i;
		while (j < d->n && d->c[j].fold == ' ')
			j++;
		if (j < d->n && d->c[j].fold == nd.c[0] && wrapped_match(d, j, &nd) >= 0)
			return i;
	}
	return -1;
}

/* The index `count` characters after i, a row's end and the indentation
 * after it not counted (a wrapped sentence is as long as it was). */
static int prose_after(const nsm_doc *d, int i, int count, int limit)
{
	int wrap = 0;
	for (; i < limit && count > 0; i++) {
		uint32_t f = d->c[i].fold;
		if (f == NSM_GAP_ROW)
			wrap = 1;
		else if (!(wrap && f == ' '))
			wrap = 0, count--;
	}
	return i;
}

/* "YYYY.M.D" (or -, /) at i with month mo and day dy, spaces allowed
 * around the marks: the index after it, or -1. */
static int numeric_date(const nsm_doc *d, int i, int limit, int mo, int dy)
{
	int want[3] = {-1, mo, dy};
	for (int part = 0; part < 3; part++) {
		if (part) { /* the mark, a line break (wrapped prose) around it */
			while (i < limit && (d->c[i].fold == ' ' || d->c[i].fold == NSM_GAP_ROW))
				i++;
			uint32_t f = i < limit ? d->c[i].fold : 0;
			if (f != '.' && f != '-' && f != '/')
				return -1;
			i++;
			while (i < limit && (d->c[i].fold == ' ' || d->c[i].fold == NSM_GAP_ROW))
				i++;
		}
		int v = 0, n = 0;
		for (;;) {
			while (i < limit && d->c[i].fold >= '0' && d->c[i].fold <= '9' && n < 5) {
				v = v * 10 + (int)(d->c[i].fold - '0');
				i++;
				n++;
			}
			/* a line break inside the number (wrapped prose): on while the
			 * part is not yet what it must be */
			int j = i;
			if (!n || j >= limit || d->c[j].fold != NSM_GAP_ROW ||
			    (part == 0 ? n >= 4 : v == want[part]))
				break;
			for (j++; j < limit && d->c[j].fold == ' '; j++)
				;
			if (j >= limit || d->c[j].fold < '0' || d->c[j].fold > '9')
				break;
			i = j;
		}
		if (part == 0 ? n != 4 : (n < 1 || n > 2 || v != want[part]))
			return -1;
	}
	return i < limit && d->c[i].fold >= '0' && d->c[i].fold <= '9' ? -1 : i;
}

/* The period written in figures: "2023.1.1-2023.12.31", "2023/01/01至2023/12/31". */
static char *find_numeric_period(const nsm_doc *d, ns_report *r, int limit, ns_pos *pos)
{
	for (int i = 0; i + 8 < limit; i++) {
		if (i > 0 && d->c[i - 1].fold >= '0' && d->c[i - 1].fold <= '9')
			continue;
		int a = numeric_date(d, i, limit, 1, 1);
		if (a < 0)
			continue;
		for (int j = a, je = prose_after(d, a, 16, limit); j < je; j++) {
			int e = numeric_date(d, j, limit, 12, 31);
			if (e >= 0) {
				*pos = nsm_pos(d, i);
				return squeeze(&r->arena, nsm_text(d, &r->arena, i, e, 0));
			}
		}
	}
	return NULL;
}

int nsm_year_before(const nsm_doc *d, int i, int *year)
{
	while (i > 0 && d->c[i - 1].fold == ' ')
		i--;
	if (i < 5 || d->c[i - 1].fold != 0x5E74 /* 年 */)
		return -1;
	int s = i - 1, y = 0;
	for (int k = 0; k < 4; k++)
		if (d->c[--s].fold < '0' || d->c[s].fold > '9')
			return -1;
	if (s > 0 && d->c[s - 1].fold >= '0' && d->c[s - 1].fold <= '9')
		return -1;
	for (int k = s; k < s + 4; k++)
		y = y * 10 + (int)(d->c[k].fold - '0');
	if (year)
		*year = y;
	return s;
}

/* A period stated by months or as the year ("2024年1月至12月", "2024年1-12月",
 * "统计期限为2024年度", "…为2024年全年"): the year must open the months, and
 * the year alone must follow a 统计 (the report's own 2024年度 is in its
 * title and everywhere). */
static char *find_loose_period(const nsm_doc *d, ns_report *r, int limit, ns_pos *pos)
{
	static const char *const months[] = {"1月至12月", "1月-12月", "1-12月", "1月到12月",
		"1月~12月", "一月至十二月", NULL};
	for (int k = 0; months[k]; k++)
		for (int at = wrapped_find(d, 0, limit, months[k]); at >= 0;
		     at = wrapped_find(d, at + 1, limit, months[k])) {
			int s = nsm_year_before(d, at, NULL);
			if (s < 0)
				continue;
			/* stated as the period: after 统计 or 期限 ("…统计期限为",
			 * "统计时间为"), not a comparison ("较2023年1月至12月增长") */
			int from = s > 16 ? s - 16 : 0;
			if (wrapped_find(d, from, s, "统计") < 0 && wrapped_find(d, from, s, "期限") < 0)
				continue;
			nsm_needle nd;
			nsm_needle_of(months[k], &nd);
			int j = at;
			while (d->c[j].fold == ' ')
				j++;
			int e = wrapped_match(d, j, &nd);
			*pos = nsm_pos(d, s);
			return squeeze(&r->arena, nsm_text(d, &r->arena, s, e, 0));
		}
	for (int at = wrapped_find(d, 0, limit, "统计"); at >= 0;
	     at = wrapped_find(d, at + 1, limit, "统计")) {
		int stop = prose_after(d, at, 14, limit);
		for (int i = at + 2; i < stop && i + 2 < d->n; i++) {
			if (d->c[i].fold == 0x3002 /* 。 */)
				break;
			if (d->c[i].fold != 0x5E74 /* 年 */ || nsm_year_before(d, i + 1, NULL) < 0)
				continue;
			int e = i + 1;
			if (d->c[e].fold == 0x5EA6 /* 度 */)
				e++;
			else if (e + 1 < d->n && d->c[e].fold == 0x5168 && d->c[e + 1].fold == 0x5E74)
				e += 2; /* 全年 */
			else
				continue;
			int s = nsm_year_before(d, i + 1, NULL);
			*pos = nsm_pos(d, s);
			return squeeze(&r->arena, nsm_text(d, &r->arena, s, e, 0));
		}
	}
	return NULL;
}

/* "YYYY年1月1日…至…12月31日" before section two, the dates in figures or
 * written out ("二〇二四年一月一日至十二月三十一日"), else the period in
 * figures alone (find_numeric_period). */
static char *find_period(const nsm_doc *d, ns_report *r, int limit, ns_pos *pos)
{
	static const char *const starts[] = {"1月1日", "一月一日"};
	static const char *const ends[] = {"12月31日", "十二月三十一日"};
	for (int form = 0; form < 2; form++) {
		int from = 0;
		for (;;) {
			int at = wrapped_find(d, from, limit, starts[form]);
			if (at < 0)
				break;
			from = at + 1;
			if (form == 1 && at > 0 && d->c[at - 1].fold == 0x5341 /* 十: 十一月一日 */)
				continue;
			int s = at;
			int back = 0;
			while (s > 0 && back < 8) {
				uint32_t f = d->c[s - 1].fold;
				/* the year, in digits or written out ("二〇二三年") */
				/* (and the O typed for 〇 after a numeral: "二O二四年") */
				if (!((f >= '0' && f <= '9') || f == ' ' || f == NSM_GAP_ROW ||
				      f == 0x5E74 /* 年 */ || nst_cn_digit(f) >= 0 ||
				      (nst_year_numeral(f, 1) >= 0 && s >= 2 &&
				       nst_cn_digit(d->c[s - 2].fold) >= 0)))
					break;
				s--;
				back++;
			}
			int end = wrapped_find(d, at, prose_after(d, at, 40, limit), ends[form]);
			if (end >= 0) {
				nsm_needle nd;
				nsm_needle_of(ends[form], &nd);
				while (d->c[end].fold == ' ')
					end++;
				end = wrapped_match(d, end, &nd);
				*pos = nsm_pos(d, s);
				return squeeze(&r->arena, nsm_text(d, &r->arena, s, end, 0));
			}
		}
	}
	char *numeric = find_numeric_period(d, r, limit, pos);
	return numeric ? numeric : find_loose_period(d, r, limit, pos);
}

void nsm_metadata(const nsm_doc *d, ns_report *r, const ns_load_opts *o,
                  const nsm_span sec[NS_NSECTIONS], int end)
{
	ns_meta *m = &r->meta;
	int front_end = d->n;
	for (int k = 0; k < NS_NSECTIONS; k++)
		if (sec[k].head >= 0) {
			front_end = sec[k].head;
			break;
		}
	int s2 = sec[1].head >= 0 ? sec[1].head : front_end;
	int body = end; /* the last section's end */
	for (int k = 0, last = -1; k < NS_NSECTIONS; k++)
		if (sec[k].head > last && sec[k].end > 0) { /* (find_sections ends them by end) */
			last = sec[k].head;
			body = sec[k].end;
		}

	m->period = find_period(d, r, s2 > front_end ? s2 : front_end, &m->period_pos);
	int period_year = 0;
	if (m->period)
		find_year(m->period, &period_year);
	int body_end = front_end; /* the report's body: a portal's footer is not its */
	for (int k = 0; k < NS_NSECTIONS; k++)
		if (sec[k].head >= 0 && sec[k].end > body_end)
			body_end = sec[k].end;
	int title_end = -1;
	char *title = find_title(d, r, front_end, body_end, period_year, &m->title_pos, &title_end);
	if (!title && d->l->title_hint && (strstr(d->l->title_hint, "信息公开") ||
	                                   strstr(d->l->title_hint, "政务公开")))
		title = squeeze(&r->arena, d->l->title_hint);
	m->title = title;
	/* what the page says outside the text (HTML <meta>, an info box), then
	 * a header field, then the date under the signature */
	if (d->l->published_hint) {
		m->published = nsa_strdup(&r->arena, d->l->published_hint);
		m->published_pos = d->l->published_pos;
	}
	if (!m->published)
		m->published = labelled_date(d, r, front_end, period_year, &m->published_pos);
	/* the page's own date (a portal's field or <meta>), which no report
	 * copied from last year's carries over, unlike its signature's */
	int page_dated = m->published != NULL;
	/* the signature: its date where the page gives none, its row for the
	 * agency (below), looked for once and only when wanted */
	int sig_row = -1, sig_sought = 0;
	if (!m->published) {
		m->published = signature_date(d, r, body, end, &m->published_pos, &sig_row);
		sig_sought = 1;
	}

	int y = 0;
	if (title)
		find_year(title, &y);
	/* the title's year against the period's: a title whose year is a
	 * slip (last year's, "2042") when the period and the page's date of
	 * publication agree on the other (a report of 2024 is published in
	 * 2025); a signature's date may be as stale as the period */
	if (y && period_year && y != period_year && page_dated) {
		int pub = atoi(m->published);
		if (pub == period_year + 1 && pub != y + 1) {
			nsr_diag(r, NS_WARNING, "meta.year", m->title_pos, NULL,
			         "the title says %d, the statistics period %d and the publication "
			         "date %s: the report's year read as %d", y, period_year,
			         m->published, period_year);
			y = period_year;
		}
	}
	if (!y && m->period)
		find_year(m->period, &y);
	if (!y) {
		char *front = squeeze(&r->arena, nsm_text(d, &r->arena, 0, s2, 0));
		if (front)
			find_year(front, &y);
	}
	/* the file's own name, last ("青岚县审计局2024年政府信息公开工作年度报
	 * 告.pdf", as portals and districts name them): a report whose text
	 * names neither its year nor its agency (a body saved without its
	 * title, a title drawn as an image) is still its agency's of its year.
	 * Asked only when the text gave one of them not. */
	int named_year = 0;
	char *named = NULL;
	if (!y && !(o && o->year) && (named = nsm_title_agency(m->path, &named_year)) != NULL) {
		y = named_year;
		/* where "file": the text still states none (structure.front_matter) */
		nsr_diag(r, NS_INFO, "meta.year", (ns_pos){0, 0, 0}, "file",
		         "report year not found in the text: %d, as the file's name gives it", y);
	}
	m->year = o && o->year ? o->year : y;
	if (!m->year)
		nsr_diag(r, NS_WARNING, "meta.year", (ns_pos){0, 0, 0}, NULL,
		         "report year not found in the title or the opening paragraph");

	m->agency = o && o->agency ? nsa_strdup(&r->arena, o->agency)
	                           : (title ? agency_from_title(&r->arena, title) : NULL);
	if (!m->agency && title_end >= 0)
		m->agency = agency_below(d, r, title_end, front_end);
	if (!m->agency && d->l->title_hint) {
		/* the page's own title (HTML <title>) names it whole */
		char *hint = squeeze(&r->arena, d->l->title_hint);
		int hy;
		if (hint && names_report(hint) && find_year(hint, &hy))
			m->agency = agency_from_title(&r->arena, hint);
		if (m->agency && nsm_agency_type(m->agency) == NS_AGENCY_UNKNOWN)
			m->agency = NULL;
	}
	/* a title that names no agency: the one that signs the report, else
	 * the one a header field of the page names */
	if (!m->agency && !sig_sought) {
		ns_pos unused;
		signature_date(d, r, body, end, &unused, &sig_row);
	}
	if (!m->agency && sig_row >= 0)
		m->agency = signature_agency(d, r, sig_row);
	if (!m->agency)
		m->agency = field_agency(d, r, front_end);
	if (!m->agency && !named)
		named = nsm_title_agency(m->path, &named_year);
	if (!m->agency && named) {
		m->agency = nsa_strdup(&r->arena, named);
		nsr_diag(r, NS_INFO, "meta.agency", (ns_pos){0, 0, 0}, "file",
		         "agency name not found in the text: %s, as the file's name gives it",
		         m->agency);
	}
	free(named);
	if (!m->agency)
		nsr_diag(r, NS_WARNING, "meta.agency", (ns_pos){0, 0, 0}, NULL,
		         "agency name not found in the title, under it, in the signature or "
		         "in a 发布机构 field");
	m->agency_type = o && o->agency_type ? o->agency_type
	                                     : nsm_agency_type(m->agency);
	if (!title)
		nsr_diag(r, NS_WARNING, "meta.title", (ns_pos){0, 0, 0}, NULL,
		         "no report title (…年度报告) found before section one");
	if (!m->published) /* a rule on the deadline has nothing to go by: say so */
		nsr_diag(r, NS_INFO, "meta.published", (ns_pos){0, 0, 0}, NULL,
		         "no publication date (a 发布时间/发布日期/公开日期 field before section one, "
		         "or a date alone under the signature)");
	if (!m->period)
		nsr_diag(r, NS_INFO, "meta.period", (ns_pos){0, 0, 0}, NULL,
		         "no statistics period (YYYY年1月1日至12月31日) stated before section two");

	/* The template edition: the tables' cues decide (nsm_tables); without
	 * them, the notice the opening paragraph cites. */
	if (m->edition == NS_EDITION_UNKNOWN) {
		if (wrapped_find(d, 0, s2, "[2021]30号") >= 0)
			m->edition = NS_EDITION_2021;
		else if (wrapped_find(d, 0, s2, "[2019]60号") >= 0)
			m->edition = NS_EDITION_2019;
	}
}
