/*
 * test_bounded.c — no file stops a district's loading, and no failed write
 * loses a previous results file:
 *
 *   - a FIFO named like a report is refused on its descriptor at once
 *     (ns_load_file and ns_load_files), not waited on for ever;
 *   - ns_load_files gives every report of the example district and the
 *     corpus back exactly as ns_load_file does (the canonical JSON of both
 *     is the same string), in order, with 1 or 4 workers; a district run
 *     over them gives the same results document;
 *   - a load past its time limit, one that eats memory until it aborts
 *     (as glib does), one that crashes and one killed from outside are
 *     each that file's failure with a message naming what happened, and
 *     the files around them load;
 *   - real inputs (a 5 MB TXT, the DOCX fixture) under a tiny memory limit
 *     fail as over the memory limit;
 *   - ns_output_check refuses a missing directory and a directory; a write
 *     that fails under a file size limit leaves the previous file as it
 *     was, says why (errno text) and leaves no temporary file behind.
 *
 * The slow, hungry and crashing loads are made with the worker's test hook
 * (bounded.c): poppler bombs cannot be written by hand, the mechanism can
 * be tested without them.
 */
#include "nianshen.h"
#include "t.h"
#include "thook.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tmp[256];

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int contains(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

static void put(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}


static void free_loaded(ns_loaded *o, int n)
{
	for (int i = 0; i < n; i++) {
		ns_report_release(o[i].report);
		ns_free(o[i].msg);
	}
}

static void test_limits_default(void)
{
	ns_ctx *ctx = ns_open();
	CHECK_INT(ns_limit_get(ctx, NS_LIMIT_LOAD_SECONDS), 60);
	CHECK_INT(ns_limit_get(ctx, NS_LIMIT_LOAD_MEMORY), 2ll << 30);
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_LOAD_SECONDS, 0), NS_ERR_ARG);
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_LOAD_MEMORY, 1 << 20), NS_OK);
	CHECK_INT(ns_limit_get(ctx, NS_LIMIT_LOAD_MEMORY), 1 << 20);
	ns_loaded o;
	CHECK_INT(ns_load_files(ctx, NULL, 0, NULL, 2, &o), NS_OK);
	CHECK_INT(ns_load_files(ctx, NULL, -1, NULL, 2, &o), NS_ERR_ARG);
	CHECK_INT(ns_load_files(ctx, NULL, 0, NULL, 0, &o), NS_ERR_ARG);
	CHECK(strstr(ns_errmsg(ctx), "jobs must be 1 or more (got 0)") != NULL);
	CHECK_INT(ns_load_files(ctx, NULL, 0, NULL, -5, &o), NS_ERR_ARG);
	ns_close(ctx);
}

/* A FIFO named like a report: refused on the descriptor, in process and
 * in the workers, with the reports around it loaded. */
static void test_fifo(void)
{
	char *fifo = path_in(tmp, "fifo_2024.txt");
	CHECK(mkfifo(fifo, 0600) == 0);
	ns_ctx *ctx = ns_open();
	ns_report *r = NULL;
	double t0 = now();
	int rc = ns_load_file(ctx, fifo, NULL, &r);
	CHECK_INT(rc, NS_ERR_IO);
	CHECK(r == NULL);
	CHECK_MSG(contains(ns_errmsg(ctx), "FIFO") && contains(ns_errmsg(ctx), fifo),
	          "FIFO message: %s", ns_errmsg(ctx));
	CHECK(now() - t0 < 5);

	char *good = path_in(NS_SOURCE_DIR, "examples/district/qinglan_baishizhen_2024.txt");
	const char *paths[] = {good, fifo, good};
	ns_loaded o[3];
	CHECK_INT(ns_load_files(ctx, paths, 3, NULL, 2, o), NS_OK);
	CHECK(o[0].report && o[2].report && !o[1].report);
	CHECK_INT(o[1].code, NS_ERR_IO);
	CHECK_MSG(contains(o[1].msg, "FIFO") && contains(o[1].msg, fifo), "%s", o[1].msg);
	CHECK(now() - t0 < 10);
	free_loaded(o, 3);
	ns_close(ctx);
	unlink(fifo);
	free(fifo);
	free(good);
}

/* With standard input closed a new socket is descriptor 0, which every
 * later worker keeps: a socket there would be copied into each and keep
 * its peer from seeing the end, and the parent waiting for a worker that
 * waits in turn (loading and scoring hung at the end of the run). */
static void test_stdin_closed(void)
{
	int saved = dup(0);
	close(0);
	ns_ctx *ctx = ns_open();
	char *good = path_in(NS_SOURCE_DIR, "examples/district/qinglan_baishizhen_2024.txt");
	char *sp = path_in(NS_SOURCE_DIR, "rules/schemes/equivalent.lua");
	const char *paths[] = {good, good, good};
	ns_loaded o[3];
	ns_scheme *s = NULL;
	double t0 = now();
	CHECK_INT(ns_load_files(ctx, paths, 3, NULL, 2, o), NS_OK);
	CHECK(o[0].report && o[1].report && o[2].report);
	CHECK_INT(ns_scheme_load(ctx, sp, &s), NS_OK);
	if (s && o[0].report) {
		ns_run *run = ns_run_new(ctx, s);
		for (int i = 0; i < 3; i++)
			ns_run_add(run, o[i].report);
		CHECK_INT(ns_run_execute(run, 2), NS_OK);
		ns_run_free(run);
	}
	/* the workers end on their own: no wait for the two seconds after
	 * which a worker that does not is stopped */
	CHECK_MSG(now() - t0 < 1.5, "loading and scoring with stdin closed took %.1f s", now() - t0);
	ns_scheme_free(s);
	free_loaded(o, 3);
	ns_close(ctx);
	dup2(saved, 0);
	close(saved);
	free(good);
	free(sp);
}

/* The run's JSON without its time stamp. */
static char *run_json(ns_ctx *ctx, const ns_scheme *s, ns_report **rs, int n)
{
	ns_run *run = ns_run_new(ctx, s);
	for (int i = 0; i < n; i++)
		ns_run_add(run, rs[i]);
	CHECK_INT(ns_run_execute(run, 1), NS_OK);
	char *js = ns_run_json(run, 0);
	ns_run_free(run);
	char *at = js ? strstr(js, "\"ran_at\":\"") : NULL;
	if (at)
		memset(at + 10, 'x', 20);
	return js;
}

/* Bounded loading gives what in-process loading gives, report for report,
 * in order, whatever the number of workers. */
static void test_same_reports(void)
{
	char *paths[64];
	char *d1 = path_in(NS_SOURCE_DIR, "examples/district");
	int n = list(d1, paths, 64);
	n += list(NS_CORPUS_DIR, paths + n, 64 - n);
	free(d1);
	CHECK(n >= 30);
	ns_ctx *ctx = ns_open();
	ns_report *inproc[64], *bounded[64];
	for (int jobs = 1; jobs <= 4; jobs += 3) {
		ns_loaded o[64];
		CHECK_INT(ns_load_files(ctx, (const char *const *)paths, n, NULL, jobs, o), NS_OK);
		for (int i = 0; i < n; i++) {
			ns_report *r = NULL;
			CHECK_INT(ns_load_file(ctx, paths[i], NULL, &r), NS_OK);
			CHECK_MSG(o[i].report && o[i].code == NS_OK && !o[i].msg,
			          "[%s] bounded load failed: %s", paths[i], o[i].msg);
			if (!r || !o[i].report) {
				ns_report_release(r);
				continue;
			}
			char *a = ns_report_to_json(r, 0), *b = ns_report_to_json(o[i].report, 0);
			CHECK_MSG(a && b && strcmp(a, b) == 0, "[%s] bounded report differs "
			          "(jobs %d)", paths[i], jobs);
			const ns_meta *ma = ns_report_meta(r), *mb = ns_report_meta(o[i].report);
			CHECK_STR(mb->path, paths[i]);
			CHECK_STR(mb->sha256, ma->sha256);
			CHECK_INT(ns_report_ndiag(o[i].report), ns_report_ndiag(r));
			ns_free(a);
			ns_free(b);
			if (jobs == 4) {
				inproc[i] = r;
				bounded[i] = ns_report_retain(o[i].report);
			} else {
				ns_report_release(r);
			}
		}
		free_loaded(o, n);
	}
	/* the same results document, scored from either */
	char *sp = path_in(NS_SOURCE_DIR, "rules/schemes/default.lua");
	ns_scheme *s = NULL;
	CHECK_INT(ns_scheme_load(ctx, sp, &s), NS_OK);
	if (s) {
		char *a = run_json(ctx, s, inproc, n), *b = run_json(ctx, s, bounded, n);
		CHECK_MSG(a && b && strcmp(a, b) == 0, "the results differ between in-process "
		          "and bounded loading");
		ns_free(a);
		ns_free(b);
		ns_scheme_free(s);
	}
	free(sp);
	for (int i = 0; i < n; i++) {
		ns_report_release(inproc[i]);
		ns_report_release(bounded[i]);
		free(paths[i]);
	}
	ns_close(ctx);
}

/* Copies of a good report whose names make the hook misbehave. */
static char *bad_copy(const char *name)
{
	size_t len;
	char *good = path_in(NS_SOURCE_DIR, "examples/district/qinglan_caizhengju_2024.txt");
	char *buf = t_slurp(good, &len);
	free(good);
	char *p = path_in(tmp, name);
	if (buf)
		put(p, buf, len);
	free(buf);
	return p;
}

static void test_time_limit(void)
{
	ns_ctx *ctx = ns_open();
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_LOAD_SECONDS, 3), NS_OK); /* 3 s: ASan on a busy machine */
	char *good = bad_copy("good_2024.txt"), *slow = bad_copy("slow_2024.txt");
	const char *paths[] = {good, slow, good, slow, good};
	ns_loaded o[5];
	double t0 = now();
	CHECK_INT(ns_load_files(ctx, paths, 5, NULL, 2, o), NS_OK);
	double took = now() - t0;
	/* the loads sleep 30 s: ending well before proves the limit stopped them */
	CHECK_MSG(took < 20, "two slow loads under a 3 s limit took %.1f s", took);
	for (int i = 0; i < 5; i += 2)
		CHECK_MSG(o[i].report != NULL, "good file %d not loaded: %s", i, o[i].msg);
	for (int i = 1; i < 5; i += 2) {
		CHECK(o[i].report == NULL);
		CHECK_INT(o[i].code, NS_ERR_LIMIT);
		CHECK_MSG(contains(o[i].msg, slow) && contains(o[i].msg, "time limit") &&
		          contains(o[i].msg, "3 s") && contains(o[i].msg, "--max-load-seconds"),
		          "time-out message: %s", o[i].msg);
	}
	free_loaded(o, 5);
	/* one file alone: the message goes on the context */
	ns_report *r = NULL;
	CHECK_INT(ns_load_file_bounded(ctx, slow, NULL, &r), NS_ERR_LIMIT);
	CHECK(r == NULL && contains(ns_errmsg(ctx), "time limit"));
	CHECK_INT(ns_load_file_bounded(ctx, good, NULL, &r), NS_OK);
	CHECK(r != NULL && ns_errmsg(ctx)[0] == 0);
	ns_report_release(r);
	unlink(good);
	unlink(slow);
	free(good);
	free(slow);
	ns_close(ctx);
}

static void test_memory_and_crashes(void)
{
	ns_ctx *ctx = ns_open();
	char *good = bad_copy("good_2024.txt"), *hog = bad_copy("hog_2024.txt");
	char *crash = bad_copy("crash_2024.txt"), *killed = bad_copy("killed_2024.txt");
	const char *paths[] = {hog, good, crash, good, killed};
	ns_loaded o[5];
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_LOAD_MEMORY, 64 << 20), NS_OK);
	CHECK_INT(ns_load_files(ctx, NO_AS_LIMIT ? paths + 1 : paths, NO_AS_LIMIT ? 4 : 5,
	                        NULL, 2, NO_AS_LIMIT ? o + 1 : o), NS_OK);
	CHECK(o[1].report && o[3].report);
	if (!NO_AS_LIMIT) {
		CHECK_INT(o[0].code, NS_ERR_TOO_LARGE);
		CHECK_MSG(contains(o[0].msg, hog) && contains(o[0].msg, "memory limit") &&
		          contains(o[0].msg, "64 MiB") && contains(o[0].msg, "SIGABRT"),
		          "memory message: %s", o[0].msg);
	}
	CHECK_INT(o[2].code, NS_ERR_FORMAT);
	CHECK_MSG(contains(o[2].msg, crash) && contains(o[2].msg, "crashed") &&
	          contains(o[2].msg, "SIGSEGV"), "crash message: %s", o[2].msg);
	CHECK_MSG(contains(o[4].msg, killed) && contains(o[4].msg, "SIGKILL"),
	          "killed message: %s", o[4].msg);
	free_loaded(NO_AS_LIMIT ? o + 1 : o, NO_AS_LIMIT ? 4 : 5);
	unlink(good);
	unlink(hog);
	unlink(crash);
	unlink(killed);
	free(good);
	free(hog);
	free(crash);
	free(killed);
	ns_close(ctx);
}

/* A worker sends the answers of quick files together: a crash, a kill or
 * a time-out in the middle of a batch is charged to the file it was on,
 * and the files before it, loaded and not yet sent, are not lost (sent by
 * the crash handler, or loaded again by another worker), with one worker
 * and with two. */
static void test_failures_inside_a_batch(void)
{
	ns_ctx *ctx = ns_open();
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_LOAD_SECONDS, 3), NS_OK); /* 3 s: ASan on a busy machine */
	char *good = bad_copy("good_2024.txt"), *crash = bad_copy("crash_2024.txt");
	char *killed = bad_copy("killed_2024.txt"), *slow = bad_copy("slow_2024.txt");
	enum { N = 40 };
	const char *paths[N];
	for (int i = 0; i < N; i++)
		paths[i] = i == 9 ? crash : i == 21 ? killed : i == 33 ? slow : good;
	ns_report *want = NULL;
	CHECK_INT(ns_load_file(ctx, good, NULL, &want), NS_OK);
	char *wj = want ? ns_report_to_json(want, 0) : NULL;
	for (int jobs = 1; jobs <= 2; jobs++) {
		ns_loaded o[N];
		CHECK_INT(ns_load_files(ctx, paths, N, NULL, jobs, o), NS_OK);
		for (int i = 0; i < N; i++) {
			if (paths[i] != good)
				continue;
			char *j = o[i].report ? ns_report_to_json(o[i].report, 0) : NULL;
			CHECK_MSG(j && wj && strcmp(j, wj) == 0, "--jobs %d: file %d: %s", jobs, i,
			          o[i].msg ? o[i].msg : "differs");
			ns_free(j);
		}
		CHECK_MSG(!o[9].report && contains(o[9].msg, crash) && contains(o[9].msg, "SIGSEGV"),
		          "--jobs %d: crash: %s", jobs, o[9].msg);
		CHECK_MSG(!o[21].report && contains(o[21].msg, killed) && contains(o[21].msg, "SIGKILL"),
		          "--jobs %d: killed: %s", jobs, o[21].msg);
		CHECK_MSG(!o[33].report && o[33].code == NS_ERR_LIMIT && contains(o[33].msg, slow),
		          "--jobs %d: slow: %s", jobs, o[33].msg);
		free_loaded(o, N);
	}
	ns_free(wj);
	ns_report_release(want);
	unlink(good);
	unlink(crash);
	unlink(killed);
	unlink(slow);
	free(good);
	free(crash);
	free(killed);
	free(slow);
	ns_close(ctx);
}

/* Real inputs over a tiny memory limit: the buffer of a 5 MB text, the
 * parts of a DOCX.  The limit is on what the worker's address space grows
 * by, and free heap it inherits is not growth: this runs first, before the
 * other tests leave the heap large. */
static void test_real_inputs_over_memory(void)
{
	if (NO_AS_LIMIT)
		return;
	size_t len;
	char *src = path_in(NS_SOURCE_DIR, "examples/district/qinglan_caizhengju_2024.txt");
	char *text = t_slurp(src, &len);
	free(src);
	CHECK(text != NULL);
	if (!text)
		return;
	const char *pad = "\n本机关依法主动公开政府信息，及时回应社会关切。";
	size_t pl = strlen(pad), n = len + pl * 100000;
	char *big = malloc(n);
	memcpy(big, text, len);
	for (size_t k = 0; k < 100000; k++)
		memcpy(big + len + k * pl, pad, pl);
	char *bigp = path_in(tmp, "big_2024.txt");
	put(bigp, big, n);
	free(big);
	free(text);
	char *docx = path_in(NS_FIXTURES_DIR, "forms/report.docx");
	ns_ctx *ctx = ns_open();
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_LOAD_MEMORY, 1 << 20), NS_OK);
	const char *paths[] = {bigp, docx};
	ns_loaded o[2];
	CHECK_INT(ns_load_files(ctx, paths, 2, NULL, 2, o), NS_OK);
	for (int i = 0; i < 2; i++) {
		CHECK(o[i].report == NULL);
		CHECK_INT(o[i].code, NS_ERR_TOO_LARGE);
		CHECK_MSG(contains(o[i].msg, paths[i]) && contains(o[i].msg, "memory limit") &&
		          contains(o[i].msg, "1 MiB") && contains(o[i].msg, "--max-load-memory"),
		          "[%s] message: %s", paths[i], o[i].msg);
	}
	free_loaded(o, 2);
	/* under the default limit both load */
	CHECK_INT(ns_limit_set(ctx, NS_LIMIT_LOAD_MEMORY, 2ll << 30), NS_OK);
	CHECK_INT(ns_load_files(ctx, paths, 2, NULL, 2, o), NS_OK);
	CHECK_MSG(o[0].report && o[1].report, "default limit: %s / %s", o[0].msg, o[1].msg);
	free_loaded(o, 2);
	ns_close(ctx);
	unlink(bigp);
	free(bigp);
	free(docx);
}

/* Files of dir whose names start with a dot and end in .tmp. */
static int temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += e->d_name[0] == '.' && strstr(e->d_name, ".tmp") != NULL;
	if (d)
		closedir(d);
	return n;
}

static void test_outputs(void)
{
	ns_ctx *ctx = ns_open();
	CHECK_INT(ns_output_check(ctx, "/nonexistent-nianshen/dir/r.json"), NS_ERR_IO);
	CHECK_MSG(contains(ns_errmsg(ctx), "No such file or directory"), "%s", ns_errmsg(ctx));
	CHECK_INT(ns_output_check(ctx, tmp), NS_ERR_IO);
	CHECK_MSG(contains(ns_errmsg(ctx), "Is a directory"), "%s", ns_errmsg(ctx));
	char *out = path_in(tmp, "r.json");
	CHECK_INT(ns_output_check(ctx, out), NS_OK);
	CHECK(access(out, F_OK) != 0); /* the check leaves nothing behind */
	CHECK_INT(temp_files(tmp), 0);

	/* a run to write */
	char *sp = path_in(NS_SOURCE_DIR, "rules/schemes/default.lua");
	char *rp = path_in(NS_SOURCE_DIR, "examples/district/qinglan_caizhengju_2024.txt");
	ns_scheme *s = NULL;
	ns_report *r = NULL;
	CHECK_INT(ns_scheme_load(ctx, sp, &s), NS_OK);
	CHECK_INT(ns_load_file(ctx, rp, NULL, &r), NS_OK);
	if (!s || !r)
		return;
	ns_run *run = ns_run_new(ctx, s);
	ns_run_add(run, r);
	CHECK_INT(ns_run_execute(run, 1), NS_OK);
	const char *exts[] = {"r.json", "r.csv", "r.html", "r.xlsx"};
	for (int k = 0; k < 4; k++) {
		char *p = path_in(tmp, exts[k]);
		put(p, "PREVIOUS", 8);
		/* a child under a 64-byte file size limit: the write fails */
		fflush(NULL);
		pid_t pid = fork();
		if (pid == 0) {
			signal(SIGXFSZ, SIG_IGN);
			struct rlimit rl = {64, 64}; /* every format writes more */
			setrlimit(RLIMIT_FSIZE, &rl);
			int rc = ns_run_write(run, p);
			const char *m = ns_errmsg(ctx);
			_exit(rc == NS_ERR_IO && strstr(m, p) && strstr(m, "File too large") &&
			      strstr(m, "previous file") ? 0 : 1);
		}
		int st = -1;
		waitpid(pid, &st, 0);
		CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0, "[%s] failed write not "
		          "reported as EFBIG (status %d)", exts[k], st);
		size_t len = 0;
		char *now_there = t_slurp(p, &len);
		CHECK_MSG(now_there && len == 8 && memcmp(now_there, "PREVIOUS", 8) == 0,
		          "[%s] the previous file was touched by a failed write", exts[k]);
		free(now_there);
		CHECK_INT(temp_files(tmp), 0);
		/* and without the limit it is replaced, whole */
		CHECK_INT(ns_run_write(run, p), NS_OK);
		now_there = t_slurp(p, &len);
		CHECK(now_there && len > 100 && memcmp(now_there, "PREVIOUS", 8) != 0);
		free(now_there);
		CHECK_INT(temp_files(tmp), 0);
		unlink(p);
		free(p);
	}
	/* a format asked for goes by the flag where the name says none, and a
	 * name of another format is refused (CSV into r.json: opened as JSON) */
	char *dat = path_in(tmp, "r.dat"), *js = path_in(tmp, "r.JSON");
	CHECK_INT(ns_run_write_as(run, dat, "csv"), NS_OK);
	size_t dl = 0;
	char *dtext = t_slurp(dat, &dl);
	CHECK(dtext && strstr(dtext, "名次,"));
	free(dtext);
	CHECK_INT(ns_run_write_as(run, js, "csv-ids"), NS_ERR_ARG);
	CHECK(strstr(ns_errmsg(ctx), "r.JSON is named as a json file, but would be written as csv-ids"));
	CHECK(access(js, F_OK) != 0);
	CHECK_INT(ns_run_write_as(run, js, "json"), NS_OK);
	unlink(dat);
	unlink(js);
	free(dat);
	free(js);
	ns_run_free(run);
	ns_report_release(r);
	ns_scheme_free(s);
	free(sp);
	free(rp);
	free(out);
	ns_close(ctx);
}

int main(void)
{
	/* a hang is a failure here, not a stalled ctest */
	alarm(300);
	snprintf(tmp, sizeof tmp, "/tmp/ns_bounded_XXXXXX");
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	nsl_bounded_test_hook = hook;
	test_real_inputs_over_memory();
	test_limits_default();
	test_fifo();
	test_stdin_closed();
	test_same_reports();
	test_time_limit();
	test_memory_and_crashes();
	test_failures_inside_a_batch();
	test_outputs();
	rmdir(tmp);
	return t_done("test_bounded");
}
