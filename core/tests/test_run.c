/*
 * test_run.c — district runs through the C API: the same results however
 * many scoring processes, and several runs of one scheme at once in
 * threads (each run's scoring processes must keep none of the other run's
 * sockets, or both wait for ever).
 */
#include "nianshen.h"
#include "t.h"

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

#define DISTRICT NS_SOURCE_DIR "/examples/district"

static ns_scheme *scheme;
static char *files[64];
static int nfiles;

/* A run of the example district, not executed yet. */
static ns_run *district_run(ns_ctx *ctx)
{
	ns_run *run = ns_run_new(ctx, scheme);
	for (int i = 0; i < nfiles; i++) {
		ns_report *r;
		if (ns_load_file(ctx, files[i], NULL, &r) == NS_OK) {
			ns_run_add(run, r);
			ns_report_release(r);
		}
	}
	return run;
}

/* The results of a run of the example district, without when it ran. */
static char *score_district(ns_ctx *ctx, int jobs)
{
	ns_run *run = district_run(ctx);
	char *json = ns_run_execute(run, jobs) == NS_OK ? ns_run_json(run, 0) : NULL;
	ns_run_free(run);
	char *at = json ? strstr(json, "\"ran_at\":\"") : NULL;
	if (at) /* …"ran_at":"2026-11-26T08:00:00Z"… */
		memset(at + 10, '-', 20);
	return json;
}

/* ns_run_set_year: the latest year ranked, the year before context (no
 * rank); every year together by default. */
/* A run of the example's 教育局 reports of 2023 and 2024. */
static ns_run *run_of_two_years(ns_ctx *ctx)
{
	const char *two[] = {DISTRICT "/qinglan_jiaoyuju_2023.txt", DISTRICT "/qinglan_jiaoyuju_2024.txt"};
	ns_run *run = ns_run_new(ctx, scheme);
	for (int i = 0; i < 2; i++) {
		ns_report *r;
		CHECK(ns_load_file(ctx, two[i], NULL, &r) == NS_OK);
		ns_run_add(run, r);
		ns_report_release(r);
	}
	return run;
}

static void test_ranked_year(ns_ctx *ctx)
{
	for (int mode = 0; mode < 3; mode++) {
		ns_run *run = run_of_two_years(ctx);
		int year = mode == 0 ? NS_YEAR_ALL : mode == 1 ? NS_YEAR_LATEST : 2023;
		CHECK(mode == 0 || ns_run_set_year(run, year) == NS_OK);
		CHECK(ns_run_execute(run, 1) == NS_OK);
		int ranked = 0, ranked_year = 0;
		for (int i = 0; i < ns_run_count(run); i++) {
			const ns_result *res = ns_run_result(run, i);
			if (ns_result_rank(res) > 0) {
				ranked++;
				ranked_year = ns_result_year(res);
			}
		}
		CHECK_MSG(ranked == (mode == 0 ? 2 : 1), "year mode %d: %d ranked", mode, ranked);
		CHECK_MSG(mode == 0 || ranked_year == (mode == 1 ? 2024 : 2023),
		          "year mode %d: ranked %d", mode, ranked_year);
		ns_run_free(run);
	}
	CHECK(ns_run_set_year(NULL, 2024) == NS_ERR_ARG);
	/* a year no report is of ranks nobody: refused before anything runs,
	 * naming the years the run has, and the run may be given another */
	ns_run *run = run_of_two_years(ctx);
	ns_run_add_failure(run, "gone.txt", NS_ERR_IO, "gone");
	CHECK_INT(ns_run_set_year(run, 1999), NS_OK);
	CHECK_INT(ns_run_execute(run, 1), NS_ERR_ARG);
	CHECK_STR(ns_errmsg(ctx), "no report of 1999 in the run; years present: 2023, 2024; "
	          "nothing was scored");
	CHECK_INT(ns_run_set_year(run, 2024), NS_OK);
	CHECK_INT(ns_run_execute(run, 1), NS_OK);
	CHECK_INT(ns_run_count(run), 3);
	ns_run_free(run);
	/* nothing loaded: the load errors are the run's story, not the year */
	run = ns_run_new(ctx, scheme);
	ns_run_add_failure(run, "gone.txt", NS_ERR_IO, "gone");
	CHECK_INT(ns_run_set_year(run, 1999), NS_OK);
	CHECK_INT(ns_run_execute(run, 1), NS_OK);
	ns_run_free(run);
}

/* run.c's hook: called in a scoring process as each check starts */
extern void (*nse_run_test_hook)(const char *indicator);

static void crash_t3_balance(const char *indicator)
{
	if (strcmp(indicator, "arith.t3_balance") == 0)
		raise(SIGSEGV);
}

/* A check that crashes its scoring process on every report: an error
 * finding on the first three (in report order), the breaker's on the
 * others, and every other check runs. */
static void test_crash_breaker(ns_ctx *ctx)
{
	nse_run_test_hook = crash_t3_balance;
	for (int jobs = 1; jobs <= 2; jobs++) {
		ns_run *run = district_run(ctx);
		CHECK(ns_run_execute(run, jobs) == NS_OK);
		int crashed = 0, disabled = 0;
		for (int i = 0; i < ns_run_count(run); i++) {
			const ns_result *res = ns_run_result(run, i);
			CHECK(ns_result_nfindings(res) > 40);
			for (int k = 0; k < ns_result_nfindings(res); k++) {
				const ns_finding *f = ns_result_finding(res, k);
				if (strcmp(ns_finding_rule(f), "arith.t3_balance") != 0)
					continue;
				CHECK_STR(ns_finding_status(f), "error");
				crashed += strstr(ns_finding_message(f), "the check crashed its scoring process and was stopped") != NULL;
				disabled += strstr(ns_finding_message(f), "disabled after 3 crashes or time-outs") != NULL;
			}
		}
		CHECK_INT(crashed, 3);
		CHECK_INT(disabled, ns_run_count(run) - 3);
		ns_run_free(run);
	}
	nse_run_test_hook = NULL;
}

static void slow_t3_balance(const char *indicator)
{
	if (strcmp(indicator, "arith.t3_balance") == 0) {
		struct timespec ts = {0, 4000000}; /* 4 ms */
		nanosleep(&ts, NULL);
	}
}

/* ns_run_set_profile: each check's reports, time and longest report.  A
 * check made 4 ms slower on every report is the dearest, by at least that;
 * the others ran on every report too.  A check that crashes its process
 * counts each report it crashed on once, as stopped, and the other checks
 * each report once (those scored again after a crash too).  Not
 * profiled, or not executed yet, a run has no costs. */
static void test_profile(ns_ctx *ctx)
{
	ns_run *plain = district_run(ctx);
	CHECK_INT(ns_run_execute(plain, 2), NS_OK);
	CHECK_INT(ns_run_costs(plain), 0);
	CHECK(ns_run_cost(plain, 0) == NULL);
	CHECK_INT(ns_run_set_profile(plain, 1), NS_ERR_ARG); /* after the run */
	CHECK(strstr(ns_errmsg(ctx), "ns_run_set_profile: the run was executed already") != NULL);
	ns_run_free(plain);
	CHECK_INT(ns_run_costs(NULL), 0);
	CHECK(ns_run_cost(NULL, 0) == NULL);
	for (int round = 0; round < 4; round++) {
		int jobs = 1 + round % 2, crash = round >= 2;
		nse_run_test_hook = crash ? crash_t3_balance : slow_t3_balance;
		ns_run *run = district_run(ctx);
		CHECK_INT(ns_run_set_profile(run, 1), NS_OK);
		CHECK_INT(ns_run_costs(run), 0);
		CHECK_INT(ns_run_execute(run, jobs), NS_OK);
		int n = ns_run_costs(run), reports = ns_run_count(run);
		CHECK(n > 40);
		CHECK(ns_run_cost(run, n) == NULL && ns_run_cost(run, -1) == NULL);
		int dearest = -1, t3 = -1, everywhere = 0, stopped = 0;
		for (int k = 0; k < n; k++) {
			const ns_check_cost *c = ns_run_cost(run, k);
			everywhere += c->reports == reports;
			stopped += c->stopped > 0;
			CHECK(c->seconds >= c->max_seconds && c->max_seconds > 0);
			CHECK(c->max_path && strstr(c->max_path, "examples/district/"));
			if (dearest < 0 || c->seconds > ns_run_cost(run, dearest)->seconds)
				dearest = k;
			if (strcmp(c->indicator, "arith.t3_balance") == 0)
				t3 = k;
		}
		CHECK(t3 >= 0);
		if (t3 < 0)
			break;
		const ns_check_cost *c = ns_run_cost(run, t3);
		if (!crash) {
			CHECK_INT(everywhere, n);
			CHECK_INT(stopped, 0);
			CHECK_MSG(dearest == t3, "the slowed check is not the dearest (--jobs %d)", jobs);
			CHECK(c->seconds >= 0.004 * reports && c->max_seconds >= 0.004);
		} else {
			/* crashed on the first three reports, and on those its
			 * processes had begun before the breaker disabled it: each
			 * counted once, as stopped; the other checks ran on every
			 * report, the ones scored again after a crash counted once */
			CHECK(c->reports >= 3 && c->reports < reports);
			CHECK_INT(c->stopped, c->reports);
			/* its time to the crash, not nothing */
			CHECK(c->seconds > 1e-6 * (double)c->reports);
			CHECK_INT(stopped, 1);
			CHECK_INT(everywhere, n - 1);
		}
		ns_run_free(run);
	}
	nse_run_test_hook = NULL;
}

#ifndef __SANITIZE_ADDRESS__
static void *one_thread(void *arg)
{
	ns_ctx *ctx = ns_open();
	char **out = arg;
	for (int rep = 0; rep < 3 && !*out; rep++) {
		char *json = score_district(ctx, 2);
		if (rep == 2)
			*out = json;
		else
			ns_free(json);
	}
	ns_close(ctx);
	return NULL;
}
#endif

/* Misuse of a run: NULL arguments and a second execution are NS_ERR_ARG,
 * said on the context, and leave the results of the first as they were. */
static void test_misuse(ns_ctx *ctx)
{
	ns_limit_set(ctx, (ns_limit)99, 1); /* a stale message to be replaced */
	CHECK(ns_run_new(ctx, NULL) == NULL);
	CHECK_INT(ns_errcode(ctx), NS_ERR_ARG);
	CHECK_STR(ns_errmsg(ctx), "ns_run_new: invalid argument");
	CHECK(ns_run_new(NULL, scheme) == NULL);
	CHECK_INT(ns_run_add(NULL, NULL), NS_ERR_ARG);
	CHECK_INT(ns_run_add_failure(NULL, "x.txt", NS_ERR_IO, "gone"), NS_ERR_ARG);
	CHECK_INT(ns_run_execute(NULL, 1), NS_ERR_ARG);
	CHECK_INT(ns_output_check(ctx, NULL), NS_ERR_ARG);
	CHECK_STR(ns_errmsg(ctx), "ns_output_check: invalid argument");

	ns_run *run = ns_run_new(ctx, scheme);
	CHECK_INT(ns_run_add(run, NULL), NS_ERR_ARG);
	CHECK_STR(ns_errmsg(ctx), "ns_run_add: invalid argument");
	CHECK_INT(ns_run_set_year(run, -7), NS_ERR_ARG);
	/* a call that succeeds leaves "" (nianshen.h), not the message before */
	CHECK_INT(ns_run_set_year(run, 0), NS_OK);
	CHECK_STR(ns_errmsg(ctx), "");
	CHECK_INT(ns_run_limit_set(run, (ns_run_limit)99, 1), NS_ERR_ARG);
	CHECK(strstr(ns_errmsg(ctx), "ns_run_limit_set") != NULL);
	CHECK_INT(ns_run_limit_set(run, NS_RUN_BREAKER, 3), NS_OK);
	CHECK_STR(ns_errmsg(ctx), "");
	/* jobs below 1 is refused (nianshen.h: "1 or more"), not made 1; the
	 * run stays unexecuted */
	for (int jobs = 0; jobs >= -5; jobs -= 5) {
		CHECK_INT(ns_run_execute(run, jobs), NS_ERR_ARG);
		CHECK(strstr(ns_errmsg(ctx), "jobs must be 1 or more") != NULL);
	}
	CHECK(strstr(ns_errmsg(ctx), "(got -5)") != NULL);
	ns_report *r;
	CHECK(ns_load_file(ctx, files[0], NULL, &r) == NS_OK);
	ns_run_add(run, NULL);
	CHECK_INT(ns_run_add(run, r), NS_OK);
	CHECK_STR(ns_errmsg(ctx), "");
	ns_run_set_year(run, -7);
	CHECK_INT(ns_run_add_failure(run, "gone.txt", NS_ERR_IO, "gone"), NS_OK);
	CHECK_STR(ns_errmsg(ctx), "");
	CHECK_INT(ns_run_execute(run, 1), NS_OK);
	CHECK_INT(ns_run_count(run), 2); /* the report and gone.txt */
	double score = ns_result_score(ns_run_result(run, 0));
	CHECK(score > 0);
	CHECK_INT(ns_run_execute(run, 1), NS_ERR_ARG);
	CHECK(strstr(ns_errmsg(ctx), "ns_run_execute: the run was executed already") != NULL);
	CHECK_INT(ns_run_add(run, r), NS_ERR_ARG);
	CHECK_INT(ns_run_add_failure(run, "late.txt", NS_ERR_IO, "gone"), NS_ERR_ARG);
	CHECK_INT(ns_run_set_year(run, 2024), NS_ERR_ARG);
	CHECK(strstr(ns_errmsg(ctx), "ns_run_set_year: the run was executed already") != NULL);
	CHECK_INT(ns_run_count(run), 2);
	CHECK(ns_result_score(ns_run_result(run, 0)) == score);
	ns_report_release(r);
	ns_run_free(run);
}

int main(void)
{
	ns_ctx *ctx = ns_open();
	CHECK(ns_scheme_load(ctx, NS_SOURCE_DIR "/rules/schemes/default.lua", &scheme) == NS_OK);
	DIR *d = opendir(DISTRICT);
	CHECK(d != NULL);
	for (struct dirent *e; d && (e = readdir(d)) && nfiles < 64;) {
		size_t l = strlen(e->d_name);
		if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0) {
			files[nfiles] = malloc(1024);
			snprintf(files[nfiles++], 1024, "%s/%s", DISTRICT, e->d_name);
		}
	}
	if (d)
		closedir(d);
	CHECK(nfiles >= 20);
	if (!scheme || nfiles == 0)
		return t_done("test_run");

	char *one = score_district(ctx, 1), *three = score_district(ctx, 3);
	CHECK(one != NULL);
	CHECK_MSG(one && three && strcmp(one, three) == 0,
	          "one scoring process and three give different results");
	test_ranked_year(ctx);
	test_crash_breaker(ctx);
	test_profile(ctx);
	test_misuse(ctx);

#ifndef __SANITIZE_ADDRESS__
	/* four runs at once, two scoring processes each.  Not under ASan:
	 * its allocator (GCC 12) keeps its locks across fork, so a process
	 * forked while another thread allocates waits on them for ever (glibc's
	 * malloc releases them in the child) */
	pthread_t th[4];
	char *out[4] = {NULL, NULL, NULL, NULL};
	for (int i = 0; i < 4; i++)
		CHECK(pthread_create(&th[i], NULL, one_thread, &out[i]) == 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK_MSG(out[i] && one && strcmp(out[i], one) == 0,
		          "thread %d: results differ from a run alone", i);

		ns_free(out[i]);
	}
#endif
	ns_free(one);
	ns_free(three);
	for (int i = 0; i < nfiles; i++)
		free(files[i]);
	ns_scheme_free(scheme);
	ns_close(ctx);
	return t_done("test_run");
}
