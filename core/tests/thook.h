/*
 * thook.h — the test hook of bounded loading (test_bounded.c, test_pool.c):
 * what a file's name asks its load worker to do before it loads, so that a
 * hang, a memory hog, a crash and a kill can be tried without crafting a
 * file that makes a loader do them.
 */
#ifndef NS_THOOK_H
#define NS_THOOK_H

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

#endif
