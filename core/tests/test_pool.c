/*
 * test_pool.c — the pool of loading processes and the wire form:
 *
 *   - a report through the wire form (model/wire.c) is the report through
 *     its canonical JSON, field for field: the canonical JSON of both is
 *     the same string, for every file of the example district, the corpus
 *     and the cross-form fixtures;
 *   - the wire reader refuses every cut of a message and survives every
 *     byte of one changed (under ASan, no read out of bounds);
 *   - one pool of workers loads file after file: a district with a hang,
 *     a memory hog, a crash and a kill among its files has each of those
 *     as that file's error and every other file loaded, identical to an
 *     in-process load, with 1 and 2 workers; the workers that died are
 *     replaced and the memory limit holds for a hog that comes after many
 *     files (re-armed per file).
 */
#include "model/model.h"
#include "t.h"
#include "thook.h"

#include <dirent.h>
#include <sys/stat.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

int nsr_from_json(ns_ctx *ctx, const char *buf, size_t len, ns_report **out);

static int all_files(char **paths, int max)
{
	char *d1 = path_in(NS_SOURCE_DIR, "examples/district");
	char *d2 = path_in(NS_FIXTURES_DIR, "forms");
	int n = list(d1, paths, max);
	n += list(NS_CORPUS_DIR, paths + n, max - n);
	n += list(d2, paths + n, max - n);
	free(d1);
	free(d2);
	return n;
}

static void test_wire_is_json(void)
{
	char *paths[96];
	int n = all_files(paths, 96);
	CHECK(n >= 35);
	ns_ctx *ctx = ns_open();
	int fuzzed = 0;
	for (int i = 0; i < n; i++) {
		ns_report *r = NULL, *viajson = NULL, *viawire = NULL;
		if (ns_load_file(ctx, paths[i], NULL, &r) != NS_OK) {
			CHECK_MSG(0, "[%s] %s", paths[i], ns_errmsg(ctx));
			free(paths[i]);
			continue;
		}
		char *js = ns_report_to_json(r, 0);
		CHECK_INT(nsr_from_json(ctx, js, strlen(js), &viajson), NS_OK);
		size_t len = 0;
		char *w = nsr_to_wire(r, &len);
		CHECK(w != NULL);
		CHECK_INT(nsr_from_wire(ctx, w, len, &viawire), NS_OK);
		char *a = viajson ? ns_report_to_json(viajson, 0) : NULL;
		char *b = viawire ? ns_report_to_json(viawire, 0) : NULL;
		CHECK_MSG(a && b && strcmp(a, b) == 0, "[%s] the wire form differs from the "
		          "JSON form", paths[i]);
		CHECK_MSG(b && strcmp(js, b) == 0, "[%s] the wire form lost something", paths[i]);
		if (viawire)
			CHECK_INT(ns_report_ndiag(viawire), ns_report_ndiag(r));
		/* every cut refused, every changed byte survived (two files: the
		 * loop is quadratic in the message) */
		if (w && fuzzed < 2 && len < 200000) {
			fuzzed++;
			int refused = 0, cuts = 0;
			for (size_t k = 0; k < len; k += (k < 4096 ? 1 : 61)) {
				ns_report *x = NULL;
				refused += nsr_from_wire(ctx, w, k, &x) == NS_ERR_FORMAT && !x;
				cuts++;
				ns_report_release(x);
			}
			CHECK_MSG(refused == cuts, "cut messages: %d of %d refused", refused, cuts);
			char *c = malloc(len);
			unsigned seed = 7;
			for (int round = 0; round < 3000; round++) {
				memcpy(c, w, len);
				for (int m = 0; m < 3; m++) {
					seed = seed * 1103515245u + 12345u;
					size_t at = (seed >> 8) % len;
					c[at] = (char)(seed >> 3);
				}
				ns_report *x = NULL;
				if (nsr_from_wire(ctx, c, len, &x) == NS_OK) {
					char *y = ns_report_to_json(x, 0); /* readable to the end */
					CHECK(y != NULL);
					ns_free(y);
				}
				ns_report_release(x);
			}
			free(c);
		}
		ns_free(js);
		ns_free(a);
		ns_free(b);
		free(w);
		ns_report_release(r);
		ns_report_release(viajson);
		ns_report_release(viawire);
		free(paths[i]);
	}
	ns_close(ctx);
}


static char tmp[256];

static char *copy_as(const char *src, const char *name)
{
	size_t len;
	char *buf = t_slurp(src, &len);
	char *p = path_in(tmp, name);
	FILE *f = fopen(p, "wb");
	CHECK(f && buf);
	if (f && buf)
		fwrite(buf, 1, len, f);
	if (f)
		fclose(f);
	free(buf);
	return p;
}

static void test_pool_goes_on(void)
{
	char *good[96];
	char *d1 = path_in(NS_SOURCE_DIR, "examples/district");
	int ng = list(d1, good, 96);
	free(d1);
	char *bad[4];
	const char *names[] = {"hog_2024.txt", "crash_2024.txt", "slow_2024.txt",
		"killed_2024.txt"};
	for (int k = 0; k < 4; k++)
		bad[k] = copy_as(good[0], names[k]);
	/* the district three times over with the bad ones spread among them,
	 * the hog after many good files of the same worker */
	const char *paths[400];
	int n = 0, where[4];
	for (int rep = 0; rep < 3; rep++)
		for (int i = 0; i < ng; i++) {
			paths[n++] = good[i];
			if (i == ng / 2 && rep < 2) {
				where[rep * 2] = n;
				paths[n++] = bad[rep * 2];
				where[rep * 2 + 1] = n;
				paths[n++] = bad[rep * 2 + 1];
			}
		}
	ns_ctx *ctx = ns_open();
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_LOAD_SECONDS, 3), NS_OK); /* 3 s: ASan on a busy machine */
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_LOAD_MEMORY, 64 << 20), NS_OK);
	for (int jobs = 1; jobs <= 2; jobs++) {
		ns_loaded *o = calloc((size_t)n, sizeof *o);
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		CHECK_INT(ns_load_files(ctx, paths, n, NULL, jobs, o), NS_OK);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double took = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		/* the file sleeps 30 s: ending well before proves the limit */
		CHECK_MSG(took < 20, "a slow file under a 3 s limit: the pool took %.1f s", took);
		for (int i = 0; i < n; i++) {
			int k = -1;
			for (int m = 0; m < 4; m++)
				if (where[m] == i)
					k = m;
			if (k < 0) {
				ns_report *r = NULL;
				CHECK_INT(ns_load_file(ctx, paths[i], NULL, &r), NS_OK);
				char *a = r ? ns_report_to_json(r, 0) : NULL;
				char *b = o[i].report ? ns_report_to_json(o[i].report, 0) : NULL;
				CHECK_MSG(a && b && strcmp(a, b) == 0, "[%d %s] jobs %d: %s", i,
				          paths[i], jobs, o[i].msg ? o[i].msg : "differs");
				ns_free(a);
				ns_free(b);
				ns_report_release(r);
				continue;
			}
			CHECK(o[i].report == NULL);
			const char *msg = o[i].msg ? o[i].msg : "";
			CHECK_MSG(strstr(msg, paths[i]) != NULL, "%s", msg);
			if (k == 0 && !NO_AS_LIMIT)
				CHECK_MSG(o[i].code == NS_ERR_TOO_LARGE && strstr(msg, "memory limit") &&
				          strstr(msg, "64 MiB"), "hog: %s", msg);
			if (k == 1)
				CHECK_MSG(o[i].code == NS_ERR_FORMAT && strstr(msg, "SIGSEGV"),
				          "crash: %s", msg);
			if (k == 2)
				CHECK_MSG(o[i].code == NS_ERR_LIMIT && strstr(msg, "time limit"),
				          "slow: %s", msg);
			if (k == 3)
				CHECK_MSG(strstr(msg, "SIGKILL") != NULL, "killed: %s", msg);
		}
		for (int i = 0; i < n; i++) {
			ns_report_release(o[i].report);
			ns_free(o[i].msg);
		}
		free(o);
	}
	ns_close(ctx);
	for (int k = 0; k < 4; k++) {
		unlink(bad[k]);
		free(bad[k]);
	}
	for (int i = 0; i < ng; i++)
		free(good[i]);
}

/* One context loads file after file and lends each load the buffers of
 * the one before (nsa_scratch): every report is the same as a fresh
 * context's, whatever was loaded before it, bigger or smaller. */
static void test_one_context_many_loads(void)
{
	char *paths[96];
	int n = all_files(paths, 96);
	char **fresh = calloc((size_t)n, sizeof *fresh);
	for (int i = 0; i < n; i++) {
		ns_ctx *ctx = ns_open();
		ns_report *r = NULL;
		if (ns_load_file(ctx, paths[i], NULL, &r) == NS_OK)
			fresh[i] = ns_report_to_json(r, 0);
		ns_report_release(r);
		ns_close(ctx);
	}
	ns_ctx *ctx = ns_open();
	int same = 0;
	for (int k = 0; k < 2 * n; k++) { /* forwards, then backwards */
		int i = k < n ? k : 2 * n - 1 - k;
		ns_report *r = NULL;
		char *js = ns_load_file(ctx, paths[i], NULL, &r) == NS_OK ? ns_report_to_json(r, 0) : NULL;
		int ok = (!js && !fresh[i]) || (js && fresh[i] && strcmp(js, fresh[i]) == 0);
		same += ok;
		CHECK_MSG(ok, "[%s] differs loaded after %s", paths[i],
		          k ? paths[k <= n ? k - 1 : 2 * n - k] : "nothing");
		ns_free(js);
		ns_report_release(r);
	}
	CHECK_INT(same, 2 * n);
	ns_close(ctx);
	for (int i = 0; i < n; i++) {
		ns_free(fresh[i]);
		free(paths[i]);
	}
	free(fresh);
}

/* Reports read back from the wire share regions of huge pages (arena.c):
 * each one stays whole while the others are released in any order, and
 * after the context that cut them is closed. */
static void test_shared_regions(void)
{
	char *paths[96];
	int n = all_files(paths, 96);
	ns_ctx *ctx = ns_open();
	ns_loaded *o = calloc((size_t)n, sizeof *o);
	char **json = calloc((size_t)n, sizeof *json);
	CHECK_INT(ns_load_files(ctx, (const char *const *)paths, n, NULL, 1, o), NS_OK);
	for (int i = 0; i < n; i++)
		json[i] = o[i].report ? ns_report_to_json(o[i].report, 0) : NULL;
	int kept = 0;
	for (int round = 0; round < 3; round++) {
		if (round == 2) { /* the last third outlives its context */
			ns_close(ctx);
			ctx = NULL;
		}
		for (int i = round; i < n; i += 3) {
			ns_report_release(o[i].report);
			o[i].report = NULL;
			for (int j = 0; j < n; j++) {
				if (!o[j].report)
					continue;
				char *now = ns_report_to_json(o[j].report, 0);
				kept += now && strcmp(now, json[j]) == 0;
				CHECK_MSG(now && strcmp(now, json[j]) == 0, "[%s] changed as others went",
				          paths[j]);
				ns_free(now);
			}
		}
	}
	CHECK(kept > n);
	for (int i = 0; i < n; i++) {
		ns_report_release(o[i].report);
		free(o[i].msg);
		ns_free(json[i]);
		free(paths[i]);
	}
	ns_close(ctx);
	free(o);
	free(json);
}

int main(void)
{
	snprintf(tmp, sizeof tmp, "/tmp/ns_pool_%d", (int)getpid());
	mkdir(tmp, 0700);
	nsl_bounded_test_hook = hook;
	test_wire_is_json();
	test_one_context_many_loads();
	test_shared_regions();
	test_pool_goes_on();
	rmdir(tmp);
	return t_done("test_pool");
}
