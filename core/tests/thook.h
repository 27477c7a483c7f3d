/*
 * thook.h — what the tests of bounded loading share (test_bounded.c,
 * test_pool.c): the test hook, what a file's name asks its load worker to
 * do before it loads, so that a hang, a memory hog, a crash and a kill can
 * be tried without crafting a file that makes a loader do them; and the
 * report files of a directory.
 */
#ifndef NS_THOOK_H
#define NS_THOOK_H

#include "nianshen.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* load.c's hook: called in the load worker with the file's path */
extern void (*nsl_bounded_test_hook)(const char *path);

#if defined(__SANITIZE_ADDRESS__)
#define NO_AS_LIMIT 1 /* ASan's shadow memory: the worker sets no RLIMIT_AS */
#else
#define NO_AS_LIMIT 0
#endif

static void hook(const char *path)
{
	if (strstr(path, "slow"))
		sleep(30);
	if (strstr(path, "hog")) {
		/* take memory until none is left, then abort as g_malloc does */
		for (;;) {
			char *p = malloc(16 << 20);
			if (!p)
				abort();
			memset(p, 1, 16 << 20);
		}
	}
	if (strstr(path, "crash"))
		raise(SIGSEGV);
	if (strstr(path, "killed"))
		raise(SIGKILL);
}

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* Report files of a directory, by name, sorted. */
static int list(const char *dir, char **out, int max)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) && n < max)
		if (ns_report_name(e->d_name) == 1)
			out[n++] = path_in(dir, e->d_name);
	if (d)
		closedir(d);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(out[j - 1], out[j]) > 0; j--) {
			char *x = out[j];
			out[j] = out[j - 1];
			out[j - 1] = x;
		}
	return n;
}

#endif
