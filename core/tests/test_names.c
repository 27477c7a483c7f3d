/*
 * test_names.c — agencies' names (core/src/lua/names.c): which are one
 * agency's, and the suffix index that finds them without comparing every
 * pair.  The index must find every name nse_same_name accepts (a name it
 * missed would lose a report's previous year, a duplicate, a roster's
 * entry), so random names built from the parts real names are made of are
 * checked against the comparison of every pair.
 */
#include "t.h"
#include "lua/run.h"

#include <stdint.h>

static uint64_t seed = 0x2545f4914f6cdd1dull;

static unsigned rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

#define PICK(a) a[rnd(sizeof a / sizeof *a)]

static void random_name(char *out, size_t n)
{
	static const char *const pre[] = {"", "", "淮安市", "青岚县", "江苏省淮安市", "白水县",
	                                  "示范县第12", "示范县第112", "淮安市洪泽区"};
	static const char *const core[] = {"洪泽区", "白石镇", "教育局", "财政局", "县教育局",
	                                   "发展和改革局", "石镇", "镇", "城关街道", "12教育局",
	                                   "卫生健康委员会", "区", "县", "白石镇白石镇"};
	static const char *const tail[] = {"", "", "人民政府", "政府", "办事处"};
	static const char *const note[] = {"", "", "", "（城关分局）", "(国资局)", "（国资局）",
	                                   "（青岚县粮食和物资储备局）", "（执法大队）"};
	static const char *const gap[] = {"", "", "", " ", "\xC2\xA0", "\xE3\x80\x80"};
	snprintf(out, n, "%s%s%s%s%s", PICK(pre), PICK(gap), PICK(core), PICK(tail), PICK(note));
}

static int same(const char *a, const char *b)
{
	return nse_same_name(a, b);
}

static void known_pairs(void)
{
	CHECK(same("洪泽区人民政府", "淮安市洪泽区人民政府"));
	CHECK(same("青岚县白石镇", "青岚县白石镇人民政府"));
	CHECK(same("县教育局", "青岚县教育局"));
	CHECK(same("青岚县政府办公室", "青岚县人民政府办公室"));
	CHECK(same("青岚县发展和改革局（青岚县粮食和物资储备局）", "青岚县发展和改革局"));
	CHECK(same("青岚县财政局(国资局)", "青岚县财政局（国资局）"));
	CHECK(!same("青岚县财政局（城关分局）", "青岚县财政局"));
	CHECK(!same("青岚县财政局（国资局）", "青岚县财政局（城关分局）"));
	CHECK(!same("青岚县教育局", "白水县教育局"));
	CHECK(!same("局", "教育局"));
	CHECK(!same(NULL, "教育局"));
}

/* Every pair of n random names: what the index finds of each holds every
 * name nse_same_name accepts, and the prepared comparison is the same as
 * nse_same_name's. */
static void index_finds_every_pair(int n)
{
	char (*raw)[160] = calloc((size_t)n, sizeof *raw);
	nse_name *nm = calloc((size_t)n, sizeof *nm);
	char *found = calloc((size_t)n, 1);
	int *cand = NULL, cap = 0, missed = 0, differ = 0, pairs = 0, nfound = 0;
	for (int i = 0; i < n; i++) {
		random_name(raw[i], sizeof raw[i]);
		CHECK(nse_name_prep(raw[i], &nm[i]) == 0);
	}
	nse_suffixes *ix = nse_suffixes_new(nm, n);
	CHECK(ix != NULL);
	for (int q = 0; ix && q < n; q++) {
		int nc = nse_suffixes_find(ix, &nm[q], &cand, &cap);
		CHECK(nc >= 0);
		memset(found, 0, (size_t)n);
		for (int c = 0; c < nc; c++) {
			CHECK(c == 0 || cand[c] > cand[c - 1]); /* ascending, each once */
			found[cand[c]] = 1;
		}
		nfound += nc;
		for (int j = 0; j < n; j++) {
			int s = nse_same_prepped(&nm[q], &nm[j]);
			differ += s != same(raw[q], raw[j]);
			pairs += s;
			if (s && !found[j]) {
				if (missed++ < 5)
					fprintf(stderr, "missed: %s / %s\n", raw[q], raw[j]);
			}
		}
	}
	CHECK_INT(missed, 0);
	CHECK_INT(differ, 0);
	CHECK(pairs > n);             /* the names do share agencies */
	CHECK(nfound < n * (n / 4));  /* and the index is no list of all */
	nse_suffixes_free(ix);
	for (int i = 0; i < n; i++)
		nse_name_free(&nm[i]);
	free(cand);
	free(found);
	free(nm);
	free(raw);
}

/* The agency a roster's name may have meant, among a district's names
 * (none the same agency's): shortened, or a slip away; never a name two
 * characters off in a short name, nor one of several it could shorten. */
static void closest_agency(void)
{
	static const char *const district[] = {
		"青岚县司法局", "青岚县发展和改革局", "青岚县人力资源和社会保障局",
		"青岚县卫生健康委员会", "青岚县财政局", "青岚县市场监督管理局",
		"青岚县城关街道办事处", "青岚县教育和体育局", "青岚县教育局（教体）",
		"青岚县自然资源局", "青岚县石桥镇人民政府", NULL};
	static const struct { const char *name, *want; } cases[] = {
		{"青岚县发改局", "青岚县发展和改革局"}, /* not 司法局: two characters off */
		{"青岚县人社局", "青岚县人力资源和社会保障局"},
		{"青岚县卫健委", "青岚县卫生健康委员会"},
		{"青岚县市监局", "青岚县市场监督管理局"},
		{"青岚县财证局", "青岚县财政局"},          /* a slip */
		{"青岚县市场监督管里局", "青岚县市场监督管理局"},
		{"青岚县城关街道", NULL},                  /* no slip: a part left off is the same agency's */
		{"青岚县教体局", "青岚县教育和体育局"},
		{"青岚县教育", NULL},                      /* shortens two: no answer, and no slip */
		{"青岚县水利局", NULL},
		{"青岚县公安局", NULL},
		{"局", NULL},
		/* a roster without the county's name, as most are: compared past
		 * the place (青岚县) of the district's names */
		{"发改局", "青岚县发展和改革局"},
		{"人社局", "青岚县人力资源和社会保障局"},
		{"市监局", "青岚县市场监督管理局"},
		{"财证局", "青岚县财政局"},
		{"教体局", "青岚县教育和体育局"},
		{"水利局", NULL},
		{"发展改革局", "青岚县发展和改革局"},
		{"自然资源和规划局", "青岚县自然资源局"}, /* as long: shortened by the report */
		{"石桥乡", "青岚县石桥镇人民政府"},     /* 人民政府 left off: 乡 a slip of 镇 */
		{"青岚县石桥乡人民政府", "青岚县石桥镇人民政府"},
	};
	int n = 0;
	while (district[n])
		n++;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		const char *got = nse_closest_agency(cases[k].name, district, n);
		CHECK_MSG(got == cases[k].want || (got && cases[k].want && strcmp(got, cases[k].want) == 0),
		          "%s: closest %s, want %s", cases[k].name, got ? got : "none",
		          cases[k].want ? cases[k].want : "none");
	}
}

int main(void)
{
	known_pairs();
	closest_agency();
	index_finds_every_pair(1500);
	return t_done("names");
}
