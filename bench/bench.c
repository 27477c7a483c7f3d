/*
 * bench.c — how fast nianshen loads and scores, on data it makes itself.
 *
 *   build/bench/nianshen-bench [--reports N] [--scheme S.lua]
 *                              [--write DIR [--form txt|md|html] [--same-s5]]
 *   build/bench/nianshen-bench --load FILE...
 *
 * 1. Generates N synthetic annual reports of a district in the national
 *    template (balanced tables, varied numbers), as TXT, Markdown and HTML.
 * 2. Loads them (reports/second per form) and loads + scores them with the
 *    example scheme in one scoring process (reports/second, and how much
 *    scoring adds to loading); the same with the engine alone
 *    (bench/engine.lua) and with two processes; then the example district
 *    (examples/district: real wording, longer prose) from disk.
 * 3. Sets each form's loading against the library it parses with: HTML
 *    against gumbo's parse of the same documents, DOCX against libzip and
 *    libxml2 reading its document.xml, the corpus PDFs (tests/corpus)
 *    against poppler's own `pdftotext -layout` on the same files.
 * Wall-clock times from CLOCK_MONOTONIC, each the median of several runs;
 * run on an idle machine.
 * --write DIR only writes the generated reports there (DIR/gen1.txt …;
 * --form one form only; --same-s5 every 五 the same), to look at them or
 * score them with `nianshen score` (profiling, and bench/compare.py: the
 * comparison with bench/analyst.py and the runs as processes).
 * --load FILE... only times loading each file from memory (the median of
 * several rounds, each as many loads as take a tenth of a second): what
 * one real report costs to load.
 */
#include "nianshen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include <gumbo.h>
#include <libxml/parser.h>
#include <zip.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const t3_labels[] = {
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

typedef struct gen {
	char *buf;
	size_t len, cap;
} gen;

static void put(gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void put(gen *g, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(g->buf + g->len, g->cap - g->len, fmt, ap);
		va_end(ap);
		if ((size_t)n < g->cap - g->len) {
			g->len += (size_t)n;
			return;
		}
		g->cap = g->cap * 2 + (size_t)n + 1024;
		g->buf = realloc(g->buf, g->cap);
	}
}

/* One report's numbers: t3 rows x 7, balanced. */
static void numbers(unsigned seed, int v[25][7])
{
	memset(v, 0, sizeof(int) * 25 * 7);
	srand(seed);
	for (int c = 0; c < 6; c++) {
		int handled = 0;
		for (int r = 2; r < 23; r++) {
			/* no fee notice went unpaid (（六）2, row 21): the 六 written
			 * below says no fee was charged, and a real one that says
			 * so has none (text.fee_notice fails the pair) */
			v[r][c] = r != 21 && rand() % 4 == 0 ? rand() % 7 : 0;
			handled += v[r][c];
		}
		v[23][c] = handled;
		v[24][c] = rand() % 3;
		v[1][c] = rand() % 2;
		v[0][c] = handled + v[24][c] - v[1][c];
		if (v[0][c] < 0) { /* more carried over than handled: carry over less */
			v[1][c] += v[0][c];
			v[0][c] = 0;
		}
	}
	for (int r = 0; r < 25; r++)
		for (int c = 0; c < 6; c++)
			v[r][6] += v[r][c];
}

enum { TXT, MD, HTML, NFORMS };

/* What agencies write in 五: problems (a field, what is wrong, how it
 * shows) and measures (a field, an action, its aim), two of each, drawn from
 * 32 of each part.  Agencies of a district share phrases, as real ones do:
 * with 300 reports, 33 have a peer whose 五 reads as a copy (Dice of bigrams
 * over 50%: s5.copied_peer fails), the other 267 are their own. */
static const char *const fields[32] = {
	"政策解读", "依申请公开答复", "政府网站栏目", "重点领域信息公开", "政务公开队伍",
	"政务新媒体", "基层政务公开标准化", "公开内容", "信息发布审查", "历史文件清理",
	"政务公开专区", "公众参与", "主动公开目录", "数据开放", "年度报告编制", "解读回应",
	"财政预决算公开", "行政执法公示", "建议提案办理结果公开", "政府会议开放", "民生实事公开",
	"规范性文件管理", "公共企事业单位信息公开", "村务公开", "惠民资金公示", "招投标信息公开",
	"突发事件信息发布", "政策咨询服务", "人事信息公开", "统计数据发布", "办事指南", "政务服务事项清单"};
static const char *const defects[32] = {
	"公开时效有待提升", "衔接配合不够紧密", "内容更新存在滞后", "解读深度有所欠缺",
	"工作机制尚不健全", "便民程度仍需提高", "公开范围界定不清", "流程节点把控不严",
	"平台整合程度较低", "指导监督力度不足", "基础台账不够完整", "专项检查频次偏少",
	"宣传引导不够到位", "公开形式比较传统", "群众参与渠道有限", "责任分工不够明确",
	"形式较为单一", "规范性有待提高", "更新不够及时", "深度和广度不够", "工作基础薄弱",
	"互动交流不充分", "推进速度较慢", "质量参差不齐", "制度落实不到位", "专业人才缺乏",
	"考核激励偏弱", "统筹协调不足", "标准执行有偏差", "群众知晓率低", "资金保障有限", "信息化水平不高"};
static const char *const symptoms[32] = {
	"部分信息发布后未及时归档", "个别事项公开要素不全", "网上办事与线下窗口衔接不畅",
	"少数单位重视程度不够", "解读材料与政策文件同步率偏低", "答复文书格式不够统一",
	"数据开放目录更新缓慢", "新媒体内容同质化明显", "查询入口分散不易查找",
	"公开事项清单动态调整不及时", "工作人员流动较大", "专栏内容碎片化",
	"意见征集反馈不够充分", "政策图解可读性不强", "线下查阅点利用率低", "公开质量评估机制缺失",
	"图解视频等方式运用不多", "个别环节不够严谨", "部分内容时效性不强", "与群众期待仍有差距",
	"日常管理不够精细", "回应关切不够主动", "覆盖面不够广", "审核把关有待加强",
	"存在重发布轻解读现象", "基层力量相对薄弱", "部门间数据共享不畅", "办理时限把握不准",
	"栏目设置不够科学", "检索查阅不够便利", "群众获得感不强", "经验做法总结提炼不够"};
static const char *const actions[32] = {
	"建立信息发布台账", "实行清单化管理", "开展交叉互查", "健全协调联动机制",
	"完善考核评价办法", "推进平台集约建设", "开设政策解读专栏", "组织业务骨干轮训",
	"落实三审三校制度", "建立常态化自查机制", "加强与媒体合作", "编制公开事项指引",
	"开展政务开放日活动", "推行依申请公开全流程记录", "设立意见征集专区", "优化检索导航功能",
	"建立定期巡查机制", "组织专题业务培训", "制定工作清单", "完善内部审核流程", "借鉴先进地区经验",
	"加强沟通对接", "纳入绩效考核", "引入第三方评估", "修订管理办法", "开展专项督查",
	"优化平台功能", "配齐配强人员", "编制操作指引", "畅通反馈渠道", "加大经费投入", "推行首问负责"};
static const char *const aims[32] = {
	"切实提高公开质量", "增强政策知晓度", "提升群众满意度", "推动问题整改到位",
	"夯实工作基础", "提高工作规范化水平", "确保信息准确权威", "促进工作提质增效",
	"实现动态更新", "增强互动回应实效", "保障群众知情权", "推动公开常态长效",
	"提升公开便利度", "扩大公开覆盖面", "推进标准化建设", "强化监督保障",
	"持续改进工作", "提升干部能力", "逐项推进落实", "严格把关", "创新工作方式", "争取上级指导",
	"压实工作责任", "查找薄弱环节", "确保按期完成", "形成长效机制", "提高办理质效", "扩大社会参与",
	"增强公开实效", "规范工作流程", "提升服务水平", "做到应公开尽公开"};

/* --same-s5: every report's 五 is report 1's, the worst case of the check
 * for 五 copied from a peer (every report fails against every other). */
static int same_s5;

/* One report in 20 has one defect that the six checks of
 * rules/schemes/equivalent.lua and bench/analyst.py both find, so that the
 * comparison of `make bench` can show they agree: i % 100 == 10 a cell of
 * 本年新收 one too many (T3-1 and T3-3), 30 a （七）总计 one too many (T3-1,
 * T3-2, T3-3), 50 a period statement naming the previous year, 70 a review
 * total without its parts (T4-1), 90 no heading for 六. */
static int defect(int i) { return i % 20 == 10 ? i % 100 : -1; }

static char *report(int form, int i, size_t *len)
{
	static const char *const kinds[] = {"镇", "乡", "街道办事处", "教育局", "卫生健康委员会", "交通运输局"};
	char agency[128];
	snprintf(agency, sizeof agency, "示范县第%d%s", i + 1, kinds[i % 6]);
	int v[25][7];
	numbers((unsigned)i * 7919u + 17u, v);
	int d = defect(i);
	if (d == 10)
		v[0][0]++;
	else if (d == 30)
		v[23][1]++;
	gen g = {malloc(16384), 0, 16384};
	const char *p0 = form == HTML ? "<p>" : "", *p1 = form == HTML ? "</p>\n" : "\n";
	if (form == HTML)
		put(&g, "<!doctype html><html><head><meta charset=utf-8><title>%s2024年政府信息公开工作年度报告</title></head><body><div class=content>\n", agency);
	put(&g, "%s%s2024年政府信息公开工作年度报告%s", p0, agency, p1);
	put(&g, "%s本报告依据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号编制，所列数据统计期限自%d年1月1日至12月31日。%s", p0, d == 50 ? 2023 : 2024, p1);
	put(&g, "%s一、总体情况%s%s2024年，本机关主动公开政府信息%d条，其中网站%d条。全年收到政府信息公开申请%d件。%s",
	    p0, p1, p0, 300 + i, 100 + i, v[0][6], p1);
	put(&g, "%s二、主动公开政府信息情况%s", p0, p1);
	static const char *const t2[] = {"规章", "行政规范性文件"};
	for (int r = 0; r < 2; r++) {
		int a = r ? i % 5 : 0, b = r ? i % 2 : 0, c = r ? 10 + i % 9 : 0;
		if (form == TXT) put(&g, "%s\t%d\t%d\t%d\n", t2[r], a, b, c);
		else if (form == MD) put(&g, "| %s | %d | %d | %d |\n%s", t2[r], a, b, c, r ? "" : "|---|---|---|---|\n");
		else put(&g, "<table><tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td></tr></table>\n", t2[r], a, b, c);
	}
	static const char *const one[] = {"行政许可", "行政处罚", "行政强制", "行政事业性收费"};
	for (int r = 0; r < 4; r++) {
		if (form == TXT) put(&g, "%s\t%d\n", one[r], (i * 13 + r) % 50);
		else if (form == MD) put(&g, "\n| %s | %d |\n|---|---|\n", one[r], (i * 13 + r) % 50);
		else put(&g, "<table><tr><td>%s</td><td>%d</td></tr></table>\n", one[r], (i * 13 + r) % 50);
	}
	put(&g, "%s三、收到和处理政府信息公开申请情况%s", p0, p1);
	if (form == HTML)
		put(&g, "<table>\n");
	if (form == MD)
		put(&g, "\n| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n");
	for (int r = 0; r < 25; r++) {
		if (form == TXT) put(&g, "%s", t3_labels[r]);
		else if (form == MD) put(&g, "| %s |", t3_labels[r]);
		else put(&g, "<tr><td>%s</td>", t3_labels[r]);
		for (int c = 0; c < 7; c++) {
			if (form == TXT) put(&g, "\t%d", v[r][c]);
			else if (form == MD) put(&g, " %d |", v[r][c]);
			else put(&g, "<td>%d</td>", v[r][c]);
		}
		put(&g, "%s", form == HTML ? "</tr>\n" : "\n");
	}
	if (form == HTML)
		put(&g, "</table>\n");
	put(&g, "%s四、政府信息公开行政复议、行政诉讼情况%s", p0, p1);
	if (form == HTML) put(&g, "<table><tr>");
	if (form == MD) put(&g, "\n|");
	for (int k = 0; k < 15; k++) {
		int val = d == 70 && k == 4; /* 行政复议 总计 1, its parts 0 */
		if (form == TXT) put(&g, "%d%s", val, k < 14 ? "\t" : "\n");
		else if (form == MD) put(&g, " %d |", val);
		else put(&g, "<td>%d</td>", val);
	}
	if (form == HTML) put(&g, "</tr></table>\n");
	if (form == MD) put(&g, "\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n\n");
	/* 五 differs between agencies, as in a real district */
	unsigned h = (unsigned)(same_s5 ? 1 : i + 1) * 2654435761u;
	unsigned k = ((unsigned)(same_s5 ? 1 : i + 1) * 2246822519u) ^ (h >> 15);
	unsigned f1 = h & 31, f2 = (f1 + 1 + (h >> 5 & 15)) & 31, f3 = k & 31, f4 = (f3 + 1 + (k >> 5 & 15)) & 31;
	put(&g, "%s五、存在的主要问题及改进情况%s%s一是%s%s，%s；二是%s%s，%s。下一步，将围绕%s%s，%s；"
	        "围绕%s%s，%s。上年度问题已整改完毕。%s",
	    p0, p1, p0, fields[f1], defects[h >> 9 & 31], symptoms[h >> 14 & 31],
	    fields[f2], defects[h >> 19 & 31], symptoms[h >> 24 & 31],
	    fields[f3], actions[k >> 9 & 31], aims[k >> 14 & 31],
	    fields[f4], actions[k >> 19 & 31], aims[k >> 24 & 31], p1);
	if (d != 90)
		put(&g, "%s六、其他需要报告的事项%s", p0, p1);
	put(&g, "%s本机关2024年未收取信息处理费。%s", p0, p1);
	if (form == HTML)
		put(&g, "</div></body></html>\n");
	*len = g.len;
	return g.buf;
}

static const char *const form_names[] = {"txt", "md", "html"};

/* --write DIR: the generated reports as files, every form or one (form). */
static int write_reports(const char *dir, int n, int form)
{
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		perror(dir);
		return 1;
	}
	for (int f = 0; f < NFORMS; f++)
		for (int i = 0; i < n && (form < 0 || form == f); i++) {
			char path[1024];
			size_t len;
			char *doc = report(f, i, &len);
			snprintf(path, sizeof path, "%s/gen%d.%s", dir, i + 1, form_names[f]);
			FILE *fp = fopen(path, "wb");
			int ok = fp && fwrite(doc, 1, len, fp) == len;
			if (fp && fclose(fp) != 0)
				ok = 0;
			free(doc);
			if (!ok) {
				perror(path);
				return 1;
			}
		}
	printf("%d reports %s written to %s%s\n", n, form < 0 ? "per form" : form_names[form], dir,
	       same_s5 ? " (every 五 the same)" : "");
	return 0;
}

/* Where a district's reports come from. */
typedef struct gen_district {
	char **docs;
	size_t *lens;
} gen_district;

typedef struct files_district {
	char path[256][1024];
	int n;
} files_district;

static ns_report *from_memory(ns_ctx *ctx, int i, void *ud)
{
	gen_district *g = ud;
	ns_report *r = NULL;
	char name[64]; /* each its own name: the copy checks skip a report's own path */
	snprintf(name, sizeof name, "gen%d.txt", i + 1);
	ns_load_buffer(ctx, g->docs[i], g->lens[i], name, NULL, &r);
	return r;
}

static ns_report *from_files(ns_ctx *ctx, int i, void *ud)
{
	files_district *f = ud;
	ns_report *r = NULL;
	ns_load_file(ctx, f->path[i], NULL, &r);
	return r;
}

/* Milliseconds per report: loading, scoring (ns_run_execute), and making
 * the results document (ns_run_json, what --out writes). */
typedef struct timing {
	double load, score, json;
} timing;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define MAX_RUNS 32

/* Load and score a district of n reports `runs` times, as `nianshen score`
 * does (one run per district); each figure is the median of the runs (a
 * shared machine's noise moves single runs by a third). */
static timing district(ns_ctx *ctx, ns_scheme *s, int n, int jobs,
                       ns_report *(*get)(ns_ctx *, int, void *), void *ud, int runs)
{
	double load[MAX_RUNS], score[MAX_RUNS], json[MAX_RUNS];
	if (runs > MAX_RUNS)
		runs = MAX_RUNS;
	for (int k = 0; k < runs; k++) {
		double t0 = now();
		ns_run *run = ns_run_new(ctx, s);
		for (int i = 0; i < n; i++) {
			ns_report *r = get(ctx, i, ud);
			if (!r) {
				fprintf(stderr, "load failed: %s\n", ns_errmsg(ctx));
				exit(1);
			}
			ns_run_add(run, r);
			ns_report_release(r);
		}
		double t1 = now();
		ns_run_execute(run, jobs);
		double t2 = now();
		ns_free(ns_run_json(run, 0));
		double t3 = now();
		ns_run_free(run);
		load[k] = (t1 - t0) * 1000 / n;
		score[k] = (t2 - t1) * 1000 / n;
		json[k] = (t3 - t2) * 1000 / n;
	}
	return (timing){median(load, runs), median(score, runs), median(json, runs)};
}

/* --load: each file loaded from memory again and again; ms per load. */
static int load_files(char **paths, int n)
{
	ns_ctx *ctx = ns_open();
	int rc = 0;
	for (int i = 0; i < n; i++) {
		FILE *f = fopen(paths[i], "rb");
		char *buf = NULL;
		long len = -1;
		if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
		    (buf = malloc((size_t)len + 1)) && fread(buf, 1, (size_t)len, f) != (size_t)len)
			len = -1;
		if (f)
			fclose(f);
		ns_report *r = NULL;
		if (len < 0 || !buf || ns_load_buffer(ctx, buf, (size_t)len, paths[i], NULL, &r) != NS_OK) {
			fprintf(stderr, "%s: %s\n", paths[i], len < 0 || !buf ? "cannot read" : ns_errmsg(ctx));
			free(buf);
			rc = 1;
			continue;
		}
		ns_report_release(r);
		double per[5];
		for (int k = 0; k < 5; k++) {
			long loads = 0;
			double t0 = now(), t;
			do {
				ns_load_buffer(ctx, buf, (size_t)len, paths[i], NULL, &r);
				ns_report_release(r);
				loads++;
			} while ((t = now() - t0) < 0.1);
			per[k] = t / (double)loads;
		}
		qsort(per, 5, sizeof *per, cmp_double);
		printf("%8.3f ms  %7ld bytes  %s\n", per[2] * 1e3, len, paths[i]);
		free(buf);
	}
	ns_close(ctx);
	return rc;
}

int main(int argc, char **argv)
{
	int n = 300;
	const char *scheme_path = NS_SOURCE_DIR "/rules/schemes/default.lua";
	const char *write_dir = NULL;
	int write_form = -1;
	if (argc > 2 && strcmp(argv[1], "--load") == 0)
		return load_files(argv + 2, argc - 2);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--reports") == 0 && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (strcmp(argv[i], "--scheme") == 0 && i + 1 < argc)
			scheme_path = argv[++i];
		else if (strcmp(argv[i], "--write") == 0 && i + 1 < argc)
			write_dir = argv[++i];
		else if (strcmp(argv[i], "--form") == 0 && i + 1 < argc) {
			const char *f = argv[++i];
			for (int k = 0; k < NFORMS; k++)
				if (strcmp(f, form_names[k]) == 0)
					write_form = k;
			if (write_form < 0) {
				fprintf(stderr, "--form: txt, md or html\n");
				return 2;
			}
		} else if (strcmp(argv[i], "--same-s5") == 0)
			same_s5 = 1;
		else {
			fprintf(stderr, "usage: nianshen-bench [--reports N] [--scheme S.lua] "
			                "[--write DIR [--form txt|md|html] [--same-s5]]\n"
			                "       nianshen-bench --load FILE...\n");
			return 2;
		}
	}
	if (write_dir)
		return write_reports(write_dir, n, write_form);
	ns_ctx *ctx = ns_open();
	printf("nianshen %s benchmark (%s build): %d generated reports per form; loading in one thread\n",
	       ns_version(), NS_BUILD_TYPE[0] ? NS_BUILD_TYPE : "unnamed", n);
	/* figures of an unoptimised build are not the library's */
	if (strcmp(NS_BUILD_TYPE, "Release") != 0 && strcmp(NS_BUILD_TYPE, "RelWithDebInfo") != 0)
		printf("warning: not an optimised build; configure with -DCMAKE_BUILD_TYPE=RelWithDebInfo\n");
	printf("\n");
	/* generated reports, kept in memory: the loads below read no disk */
	char **docs[NFORMS];
	size_t *lens[NFORMS];
	for (int f = 0; f < NFORMS; f++) {
		docs[f] = calloc((size_t)n, sizeof(char *));
		lens[f] = calloc((size_t)n, sizeof(size_t));
		for (int i = 0; i < n; i++)
			docs[f][i] = report(f, i, &lens[f][i]);
	}
	double load_rate[NFORMS];
	for (int f = 0; f < NFORMS; f++) {
		double dts[5];
		size_t bytes = 0;
		for (int k = 0; k < 5; k++) {
			double t0 = now();
			bytes = 0;
			for (int i = 0; i < n; i++) {
				ns_report *r;
				char name[64];
				snprintf(name, sizeof name, "gen%d.%s", i + 1, form_names[f]);
				if (ns_load_buffer(ctx, docs[f][i], lens[f][i], name, NULL, &r) != NS_OK) {
					fprintf(stderr, "load failed: %s\n", ns_errmsg(ctx));
					return 1;
				}
				ns_report_release(r);
				bytes += lens[f][i];
			}
			dts[k] = now() - t0;
		}
		double dt = median(dts, 5);
		load_rate[f] = n / dt;
		printf("load %-5s %8.0f reports/s  (%.2f ms each, %.1f MB/s)\n", form_names[f],
		       load_rate[f], 1000 * dt / n, (double)bytes / dt / 1e6);
	}
	/* HTML against the library it is parsed with: gumbo's parse of the
	 * same documents, nothing else (each form keeps its ratio to its
	 * parser) */
	{
		double dts[5];
		for (int k = 0; k < 5; k++) {
			double t0 = now();
			for (int i = 0; i < n; i++)
				gumbo_destroy_output(&kGumboDefaultOptions,
				                     gumbo_parse_with_options(&kGumboDefaultOptions,
				                                              docs[HTML][i], lens[HTML][i]));
			dts[k] = now() - t0;
		}
		double g = median(dts, 5) / n;
		printf("  html: gumbo's parse alone %.2f ms each; loading is %.2fx the parse\n",
		       1000 * g, 1 / load_rate[HTML] / g);
	}

	ns_scheme *scheme, *engine;
	if (ns_scheme_load(ctx, scheme_path, &scheme) != NS_OK ||
	    ns_scheme_load(ctx, NS_SOURCE_DIR "/bench/engine.lua", &engine) != NS_OK) {
		fprintf(stderr, "scheme: %s\n", ns_errmsg(ctx));
		return 1;
	}
	gen_district g = {docs[TXT], lens[TXT]};
	timing t = district(ctx, scheme, n, 1, from_memory, &g, 5);
	printf("\nload + score txt: %.0f reports/s (load %.2f ms + score %.2f ms per report, "
	       "one scoring process)\n  with %s\n  scoring costs %.2fx what loading costs; "
	       "results document %.2f ms per report more\n",
	       1000 / (t.load + t.score), t.load, t.score, ns_scheme_name(scheme),
	       t.score / t.load, t.json);
	timing e = district(ctx, engine, n, 1, from_memory, &g, 5);
	printf("the engine alone (bench/engine.lua, %s): score %.2f ms per report, "
	       "%.2fx loading\n", ns_scheme_name(engine), e.score, e.score / e.load);
	timing j2 = district(ctx, scheme, n, 2, from_memory, &g, 5);
	printf("score with 2 processes: %.2f ms per report\n", j2.score);

	/* the example district: reports as agencies write them (longer prose,
	 * real wording), read from disk, scored as `nianshen score` does */
	files_district fd = {0};
	DIR *dir = opendir(NS_SOURCE_DIR "/examples/district");
	struct dirent *de;
	while (dir && (de = readdir(dir)) && fd.n < 256) {
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".txt") == 0)
			snprintf(fd.path[fd.n++], sizeof fd.path[0], "%s/examples/district/%s",
			         NS_SOURCE_DIR, de->d_name);
	}
	if (dir)
		closedir(dir);
	if (fd.n) {
		timing x = district(ctx, scheme, fd.n, 1, from_files, &fd, 15);
		printf("\nexample district (examples/district, %d reports, each run one district):\n"
		       "  load %.2f ms + score %.2f ms per report, scoring %.2fx loading; "
		       "results document %.2f ms per report more\n",
		       fd.n, x.load, x.score, x.score / x.load, x.json);
	}
	ns_scheme_free(engine);
	ns_scheme_free(scheme);

	/* DOCX: the known report of the cross-form fixtures (made by LibreOffice
	 * from report.html, see scripts/make-form-fixtures.sh) */
	{
		const char *docx = NS_SOURCE_DIR "/core/tests/fixtures/forms/report.docx";
		FILE *fp = fopen(docx, "rb");
		if (fp) {
			fclose(fp);
			int reps = 200;
			double a = now();
			for (int i = 0; i < reps; i++) {
				ns_report *r;
				if (ns_load_file(ctx, docx, NULL, &r) == NS_OK)
					ns_report_release(r);
			}
			double dt = now() - a;
			/* against the libraries it is parsed with: libzip opening the
			 * package and reading word/document.xml, libxml2 parsing it */
			a = now();
			for (int i = 0; i < reps; i++) {
				int err = 0;
				zip_t *z = zip_open(docx, ZIP_RDONLY, &err);
				zip_stat_t st;
				zip_file_t *zf = NULL;
				if (z && zip_stat(z, "word/document.xml", 0, &st) == 0 &&
				    (zf = zip_fopen(z, "word/document.xml", 0))) {
					char *xml = malloc((size_t)st.size + 1);
					if (xml && zip_fread(zf, xml, st.size) == (zip_int64_t)st.size)
						xmlFreeDoc(xmlReadMemory(xml, (int)st.size, NULL, NULL,
						                         XML_PARSE_NONET | XML_PARSE_NOERROR));
					free(xml);
				}
				if (zf)
					zip_fclose(zf);
				if (z)
					zip_discard(z);
			}
			double lib = now() - a;
			printf("\nload docx  %8.0f docs/s  (%.2f ms each, the cross-form fixture); "
			       "libzip + libxml2 alone %.2f ms: %.2fx\n",
			       reps / dt, 1000 * dt / reps, 1000 * lib / reps, dt / lib);
		}
	}

	/* PDF: the corpus files against pdftotext on the same files */
	static const char *const pdfs[] = {"hongze_qu_2023.pdf", "hongze_qu_2024.pdf", "huaian_shi_2024.pdf"};
	int reps = 20;
	double ours = 0, theirs = 0;
	int have = 0;
	for (int k = 0; k < 3; k++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", NS_CORPUS_DIR, pdfs[k]);
		FILE *fp = fopen(path, "rb");
		if (!fp)
			continue;
		fclose(fp);
		have++;
		double a = now();
		for (int i = 0; i < reps; i++) {
			ns_report *r;
			if (ns_load_file(ctx, path, NULL, &r) == NS_OK)
				ns_report_release(r);
		}
		ours += now() - a;
		char cmd[1200];
		snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' /dev/null 2>/dev/null", path);
		a = now();
		for (int i = 0; i < reps; i++)
			if (system(cmd) != 0)
				break;
		theirs += now() - a;
	}
	if (have)
		printf("\nload pdf   %8.0f docs/s  (%.1f ms each) — pdftotext -layout: %.1f ms each "
		       "(a process per file); ratio %.2f (target: <= 2)\n",
		       have * reps / ours, 1000 * ours / (have * reps), 1000 * theirs / (have * reps),
		       ours / theirs);
	for (int f = 0; f < NFORMS; f++) {
		for (int i = 0; i < n; i++)
			free(docs[f][i]);
		free(docs[f]);
		free(lens[f]);
	}
	ns_close(ctx);
	return 0;
}
