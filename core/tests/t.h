/*
 * t.h — the smallest test harness that does the job: CHECK records a failure
 * with its file and line and goes on; t_done() prints the closing line
 * "N passed, N failed" and returns the exit status for ctest.
 */
#ifndef NS_T_H
#define NS_T_H

#include "nianshen.h"

#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_pass, t_fail;

#define CHECK(cond) do { \
	if (cond) t_pass++; \
	else { t_fail++; fprintf(stderr, "%s:%d: CHECK failed: %s\n", \
	                         __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_MSG(cond, ...) do { \
	if (cond) t_pass++; \
	else { t_fail++; fprintf(stderr, "%s:%d: ", __FILE__, __LINE__); \
	       fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *t_a = (a), *t_b = (b); \
	CHECK_MSG(t_a && t_b && strcmp(t_a, t_b) == 0, \
	          "CHECK_STR failed: %s = \"%s\", expected \"%s\"", #a, \
	          t_a ? t_a : "(null)", t_b ? t_b : "(null)"); \
} while (0)

#define CHECK_INT(a, b) do { \
	long long t_a = (long long)(a), t_b = (long long)(b); \
	CHECK_MSG(t_a == t_b, "CHECK_INT failed: %s = %lld, expected %lld", \
	          #a, t_a, t_b); \
} while (0)

/* The ids of t3's 25 rows, in the template's order (2021). */
#define T_T3_ROWS \
	"received", "carried_over", "granted", "partially_granted", \
	"refused_state_secret", "refused_law_prohibited", "refused_security_stability", \
	"refused_third_party", "refused_internal_affairs", "refused_process_info", \
	"refused_enforcement_file", "refused_inquiry", "unavailable_not_held", \
	"unavailable_needs_creation", "unavailable_unclear", "not_processed_complaint", \
	"not_processed_duplicate", "not_processed_publication", "not_processed_excessive", \
	"not_processed_confirmation", "other_no_correction", "other_unpaid_fee", \
	"other_other", "total_handled", "carried_forward"

/* Table 二 of the 2021 template as text extracted from a PDF (tab-separated
 * rows under the four sub-table captions): the fixture tests of sections
 * and of the mapper's pitfalls put beside the other parts. */
#define T_T2_2021 \
	"第二十条第（一）项\n" \
	"信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n" \
	"规章\t0\t0\t0\n" \
	"行政规范性文件\t2\t1\t9\n" \
	"第二十条第（五）项\n" \
	"信息内容\t本年处理决定数量\n" \
	"行政许可\t12\n" \
	"第二十条第（六）项\n" \
	"信息内容\t本年处理决定数量\n" \
	"行政处罚\t3\n" \
	"行政强制\t0\n" \
	"第二十条第（八）项\n" \
	"信息内容\t本年收费金额（单位：万元）\n" \
	"行政事业性收费\t1.5\n"

/* The first diagnostic of r with this code (and, where given, this
 * `where`), or NULL; how many there are. */
static inline const ns_diag *t_find_diag(const ns_report *r, const char *code,
                                         const char *where)
{
	for (int i = 0; i < ns_report_ndiag(r); i++) {
		const ns_diag *d = ns_report_diag(r, i);
		if (strcmp(d->code, code) == 0 &&
		    (!where || (d->where && strcmp(d->where, where) == 0)))
			return d;
	}
	return NULL;
}

static inline int t_count_diag(const ns_report *r, const char *code, const char *where)
{
	int n = 0;
	for (int i = 0; i < ns_report_ndiag(r); i++) {
		const ns_diag *d = ns_report_diag(r, i);
		n += strcmp(d->code, code) == 0 &&
		     (!where || (d->where && strcmp(d->where, where) == 0));
	}
	return n;
}

/* The whole of a file (malloc'd, NUL-terminated), or NULL. */
static inline char *t_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	if (b) {
		b[n] = 0;
		*len = (size_t)n;
	}
	return b;
}

#ifdef NS_CORPUS_DIR
/* The whole of a real report of tests/corpus (t_slurp), or NULL. */
static inline char *t_corpus(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", NS_CORPUS_DIR, name);
	return t_slurp(path, len);
}
#endif

static inline int t_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, t_pass, t_fail);
	return t_fail ? 1 : 0;
}

/* s[0..n) from UTF-8 into the encoding `to` ("GBK", "GB18030", "UTF-16LE"
 * …), malloc'd, its length in *outlen; NULL when iconv cannot. */
static inline char *t_recode(const char *to, const char *s, size_t n, size_t *outlen)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = 4 * n + 16, left = cap;
	char *out = malloc(cap), *o = out, *in = (char *)s;
	if (out && iconv(cd, &in, &n, &o, &left) == (size_t)-1) {
		free(out);
		out = NULL;
	}
	iconv_close(cd);
	if (out)
		*outlen = cap - left;
	return out;
}

#endif
