/*
 * copies.c — the copy index (core/src/lua/lindex.c) against every pair
 * compared, on a generated district with copies planted at known degrees.
 *
 *   nianshen-bench-copies [--reports N] [--seed S] [--jobs N] [--index-only]
 *
 * Each report's 五 is eight clauses.  One report in three copies an
 * earlier one and rewrites a share of its clauses (0 to 70%, uniformly),
 * so that the district holds pairs at every similarity; the rest draw
 * their clauses from the district's common stock, as real ones share
 * phrases.  The index is built twice over the same reports: every pair
 * compared (copy_exact_max above the district) and the index alone
 * (copy_exact_max 0).  Printed: the time of each, and the recall of the
 * index by the similarity of a report's closest peer (the share of the
 * reports exact comparison finds over the threshold that the index finds
 * too), and of all pairs over the threshold.  The index never reports a
 * pair under the threshold (every pair it keeps is compared exactly):
 * checked, not assumed.
 */
#include "lua/lindex.h"
#include "model/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* the stock of clauses: a subject, a finding, a consequence */
static const char *const subj[] = {
	"政策解读工作", "依申请公开办理", "政府网站栏目维护", "重点领域信息公开", "政务公开队伍建设",
	"政务新媒体运营", "基层政务公开标准化", "主动公开目录编制", "信息发布审查", "历史文件清理",
	"政务公开专区建设", "公众参与机制", "数据开放工作", "年度报告编制", "财政预决算公开",
	"行政执法公示", "建议提案办理结果公开", "政府会议开放", "民生实事公开", "规范性文件管理"};
static const char *const find[] = {
	"时效有待提升", "衔接配合不够紧密", "内容更新存在滞后", "解读深度有所欠缺", "工作机制尚不健全",
	"便民程度仍需提高", "范围界定不清", "流程节点把控不严", "平台整合程度较低", "指导监督力度不足",
	"基础台账不够完整", "宣传引导不够到位", "形式比较传统", "参与渠道有限", "责任分工不够明确"};
static const char *const cons[] = {
	"部分信息发布后未及时归档", "个别事项公开要素不全", "少数单位重视程度不够", "答复文书格式不够统一",
	"数据目录更新缓慢", "查询入口分散不易查找", "工作人员流动较大", "意见征集反馈不够充分",
	"线下查阅点利用率低", "与群众期待仍有差距", "日常管理不够精细", "回应关切不够主动"};
#define N_OF(a) ((unsigned)(sizeof a / sizeof *a))
#define CLAUSES 8

/* a clause: its parts from the stock, and four characters of its own (a
 * place, a unit, a time: what makes two agencies' sentences differ even
 * where they share a phrase) */
typedef struct clause {
	unsigned s, f, c, own[4];
} clause;

static void fresh(clause *c, unsigned *seed)
{
	c->s = rnd(seed) % N_OF(subj);
	c->f = rnd(seed) % N_OF(find);
	c->c = rnd(seed) % N_OF(cons);
	for (int k = 0; k < 4; k++)
		c->own[k] = 0x4E00 + rnd(seed) % 0x5000; /* CJK Unified Ideographs */
}

static size_t put_han(char *out, unsigned cp)
{
	out[0] = (char)(0xE0 | cp >> 12);
	out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

static ns_report *make(int i, const clause *cl)
{
	ns_report *r = nsr_new();
	char agency[64], text[4096];
	snprintf(agency, sizeof agency, "示范县第%d单位", i + 1);
	size_t n = 0;
	for (int k = 0; k < CLAUSES; k++) {
		for (int m = 0; m < 2; m++)
			n += put_han(text + n, cl[k].own[m]);
		n += (size_t)snprintf(text + n, sizeof text - n, "%s%s，", subj[cl[k].s], find[cl[k].f]);
		for (int m = 2; m < 4; m++)
			n += put_han(text + n, cl[k].own[m]);
		n += (size_t)snprintf(text + n, sizeof text - n, "%s。", cons[cl[k].c]);
	}
	r->meta.agency = nsa_strdup(&r->arena, agency);
	r->meta.year = 2024;
	r->sections[4].found = 1;
	r->sections[4].text = nsa_strdup(&r->arena, text);
	return r;
}

int main(int argc, char **argv)
{
	int n = 3000;
	unsigned seed = 7;
	int index_only = 0, jobs = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--reports") == 0 && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc)
			jobs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--index-only") == 0)
			index_only = 1; /* the index's time alone (for a profile) */
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = (unsigned)atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: nianshen-bench-copies [--reports N] [--seed S] [--jobs N] [--index-only]\n");
			return 2;
		}
	}
	if (n < 2)
		n = 2;
	clause (*cl)[CLAUSES] = malloc(sizeof *cl * (size_t)n);
	ns_report **rs = malloc(sizeof *rs * (size_t)n);
	for (int i = 0; i < n; i++) {
		if (i > 0 && rnd(&seed) % 3 == 0) {
			memcpy(cl[i], cl[rnd(&seed) % (unsigned)i], sizeof cl[i]);
			int rewrite = (int)(rnd(&seed) % 6); /* 0..5 of 8 clauses: 0..62% */
			for (int k = 0; k < rewrite; k++)
				fresh(&cl[i][rnd(&seed) % CLAUSES], &seed);
		} else {
			for (int k = 0; k < CLAUSES; k++)
				fresh(&cl[i][k], &seed);
		}
		rs[i] = make(i, cl[i]);
	}
	const double threshold = 0.5;
	double t0 = now();
	nse_copies *index = nse_copies_build((const ns_report *const *)rs, n, 4, threshold, 0, jobs);
	double t_index = now() - t0;
	if (index_only) {
		printf("index of %d reports, %d thread(s): %.2f s\n", n, jobs, t_index);
		return 0;
	}
	t0 = now();
	nse_copies *exact = nse_copies_build((const ns_report *const *)rs, n, 4, threshold, n + 1, jobs);
	double t_exact = now() - t0;
	if (!exact || !index) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	/* recall by the closest peer's similarity, in bands of 10% */
	enum { NB = 5 };
	static const char *const band[NB] = {"50-60%", "60-70%", "70-80%", "80-90%", "90-100%"};
	long want[NB] = {0}, got[NB] = {0}, pairs_exact = 0, pairs_index = 0, under = 0;
	for (int i = 0; i < n; i++) {
		nse_copy_answer e, x;
		nse_copies_query(exact, i, &e);
		nse_copies_query(index, i, &x);
		pairs_exact += e.count;
		pairs_index += x.count;
		for (int k = 0; k < x.nclosest; k++)
			under += x.closest_sim[k] <= threshold;
		if (e.count == 0 || e.nclosest == 0)
			continue;
		int b = (int)((e.closest_sim[0] - 0.5) * 10);
		b = b < 0 ? 0 : b >= NB ? NB - 1 : b;
		want[b]++;
		got[b] += x.count > 0;
	}
	printf("\n== the copy index against every pair compared (%d reports, 五 of %d clauses,"
	       " threshold %.0f%%)\n", n, CLAUSES, threshold * 100);
	printf("every pair compared: %.2f s; index (MinHash %s): %.2f s (%d thread%s)\n", t_exact,
	       "128 hashes, 32 bands of 4", t_index, jobs, jobs == 1 ? "" : "s");
	printf("recall by the closest peer's similarity:");
	for (int b = 0; b < NB; b++)
		if (want[b])
			printf("  %s %.1f%% (%ld/%ld)", band[b], 100.0 * (double)got[b] / (double)want[b],
			       got[b], want[b]);
	printf("\npeers over the threshold counted: %ld of %ld (%.1f%%); pairs reported under"
	       " the threshold: %ld\n", pairs_index, pairs_exact,
	       pairs_exact ? 100.0 * (double)pairs_index / (double)pairs_exact : 100.0, under);
	nse_copies_free(exact);
	nse_copies_free(index);
	for (int i = 0; i < n; i++)
		ns_report_release(rs[i]);
	free(rs);
	free(cl);
	return under ? 1 : 0;
}
