/*
 * bounded.c — loading under limits, in worker processes.
 *
 * Loaders run third-party code on untrusted bytes: poppler can take
 * 1.5 GB for a 61 KB PDF that draws one glyph a million times, or 35 s for
 * overprinted pages, and any of them can crash.  In the caller's process
 * that is the whole run lost.  So ns_load_files forks a worker per file (up
 * to `jobs` at once); the worker limits its own address space
 * (RLIMIT_AS = what it starts with + NS_LIMIT_LOAD_MEMORY), loads the file
 * with ns_load_file and writes the report to a pipe as its canonical JSON
 * (ns_report_to_json), which the parent reads back with the JSON reader —
 * the round trip keeps every position, diagnostic and the source sha256
 * (test_json).  The parent waits on the pipes with poll and kills a worker
 * past NS_LIMIT_LOAD_SECONDS of wall clock.  A worker that dies, runs out
 * of memory or time is its file's load failure, with a message naming the
 * limit; the others go on.  A fresh process per file makes the limits
 * per load and leaves nothing of one file's load in the next.
 *
 * The pipe carries one message: "R" and the report's JSON, or
 * "E<code> <message>", or, from the crash handler when the worker dies of
 * a signal, "C<signal> <errno> <KiB its address space grew by>": that
 * tells running out of memory (malloc failing under RLIMIT_AS makes glib
 * and C++ abort, errno ENOMEM) from a plain crash.
 */
#include "model/model.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int nsr_from_json(ns_ctx *ctx, const char *buf, size_t len, ns_report **out);

/* Tests only: called in the worker before it loads (to sleep, allocate or
 * crash there).  Not in the public header. */
void (*nsl_bounded_test_hook)(const char *path);

/* A report's JSON is a few times its text, and the text is bounded (8 MiB):
 * more than this from a worker is not a report. */
#define MAX_REPLY (512u << 20)

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the worker ------------------------------------------------------ */

static int crash_fd = -1;
static char crash_stack[64 * 1024]; /* a stack overflow still reports */
static char status_buf[4096];
static long long base_kib; /* the address space the worker started with */

static size_t put_num(char *p, long long v)
{
	char t[24];
	size_t n = 0, k = 0;
	if (v < 0)
		v = 0;
	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (n)
		p[k++] = t[--n];
	return k;
}

/* VmPeak of this process in KiB, with async-signal-safe calls only. */
static long long vm_peak_kib(void)
{
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, status_buf, sizeof status_buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	status_buf[n] = 0;
	for (char *p = status_buf; *p; p++) {
		if ((p == status_buf || p[-1] == '\n') && strncmp(p, "VmPeak:", 7) == 0) {
			long long v = 0;
			for (p += 7; *p == ' ' || *p == '\t'; p++)
				;
			for (; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (*p - '0');
			return v;
		}
	}
	return -1;
}

static void on_crash(int sig)
{
	int e = errno; /* ENOMEM here: an allocation failed just before */
	char line[96];
	size_t n = 0;
	line[n++] = 'C';
	n += put_num(line + n, sig);
	line[n++] = ' ';
	n += put_num(line + n, e);
	line[n++] = ' ';
	n += put_num(line + n, vm_peak_kib() - base_kib);
	line[n++] = '\n';
	if (crash_fd >= 0 && write(crash_fd, line, n) < 0) {
		/* nothing to do: the parent sees the signal without the line */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			_exit(3);
		p += k;
		n -= (size_t)k;
	}
}

/* Address space of this process now, in bytes (0 when unknown). */
static long long vm_size(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long long pages = 0;
	if (!f)
		return 0;
	if (fscanf(f, "%lld", &pages) != 1)
		pages = 0;
	fclose(f);
	return pages * sysconf(_SC_PAGESIZE);
}

static void set_memory_limit(long long extra)
{
	struct rlimit rl;
	long long base = vm_size();
	base_kib = base >> 10; /* what the crash handler measures growth from */
	if (extra <= 0 || getrlimit(RLIMIT_AS, &rl) != 0)
		return;
#if defined(__SANITIZE_ADDRESS__)
	(void)rl; /* ASan's shadow memory takes terabytes of address space */
	return;
#else
	unsigned long long want = (unsigned long long)base + (unsigned long long)extra;
	if (rl.rlim_max != RLIM_INFINITY && want > rl.rlim_max)
		want = rl.rlim_max; /* the user's own ulimit -v stays the bound */
	rl.rlim_cur = (rlim_t)want;
	setrlimit(RLIMIT_AS, &rl);
#endif
}

static void worker(ns_ctx *ctx, const char *path, const ns_load_opts *opts, int fd,
                   pid_t parent, long long seconds, long long memory)
{
	/* gone with the parent, and never past the limit by much even if the
	 * parent could not stop it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(4);
	signal(SIGALRM, SIG_DFL);
	alarm((unsigned)(seconds < 3600 ? seconds + 2 : 3602));
	signal(SIGPIPE, SIG_DFL);
	crash_fd = fd;
	stack_t ss = {.ss_sp = crash_stack, .ss_size = sizeof crash_stack};
	sigaltstack(&ss, NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	int sigs[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
	for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
		sigaction(sigs[k], &sa, NULL);
	set_memory_limit(memory);
	if (nsl_bounded_test_hook)
		nsl_bounded_test_hook(path);
	ns_report *r;
	errno = 0;
	int rc = ns_load_file(ctx, path, opts, &r);
	/* A loader that met a failed allocation does not always say so (a
	 * conversion that could not get its buffer reads as undecodable):
	 * under this process's memory limit, ENOMEM left behind is the cause. */
	if (rc != NS_OK && rc != NS_ERR_NOMEM && errno == ENOMEM)
		rc = NS_ERR_NOMEM;
	char *json = rc == NS_OK ? ns_report_to_json(r, 0) : NULL;
	if (rc == NS_OK && !json)
		rc = nsc_fail(ctx, NS_ERR_NOMEM, "%s: out of memory writing the report", path);
	if (rc == NS_OK) {
		send_all(fd, "R", 1);
		send_all(fd, json, strlen(json));
	} else {
		char head[32];
		int n = snprintf(head, sizeof head, "E%d ", rc);
		send_all(fd, head, (size_t)n);
		send_all(fd, ns_errmsg(ctx), strlen(ns_errmsg(ctx)));
	}
	_exit(0);
}

/* ---- the parent ------------------------------------------------------ */

typedef struct slot {
	pid_t pid;      /* <= 0: free */
	int fd;
	int idx;
	double start;
	char *buf;
	size_t len, cap;
	int too_long;   /* said more than MAX_REPLY */
} slot;

static void set_failure(ns_loaded *o, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_failure(ns_loaded *o, int code, const char *fmt, ...)
{
	char msg[sizeof ((ns_ctx *)0)->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	o->report = NULL;
	o->code = code;
	o->msg = strdup(msg);
}

/* A limit in bytes as people say it: "2048 MiB", "512 KiB", "100 bytes". */
static const char *size_text(long long b, char *buf, size_t cap)
{
	if (b >= 1ll << 20 && b % (1ll << 20) == 0)
		snprintf(buf, cap, "%lld MiB", b >> 20);
	else if (b >= 1ll << 10 && b % (1ll << 10) == 0)
		snprintf(buf, cap, "%lld KiB", b >> 10);
	else
		snprintf(buf, cap, "%lld bytes", b);
	return buf;
}

static const char *sig_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGABRT: return "SIGABRT";
	case SIGFPE: return "SIGFPE";
	case SIGILL: return "SIGILL";
	case SIGKILL: return "SIGKILL";
	case SIGALRM: return "SIGALRM";
	case SIGXCPU: return "SIGXCPU";
	default: return "a signal";
	}
}

static int spawn(ns_ctx *ctx, const char *path, const ns_load_opts *opts, slot *s)
{
	int pp[2];
	if (pipe2(pp, O_CLOEXEC) != 0)
		return -1;
	pid_t parent = getpid();
	fflush(NULL); /* the worker must not write the parent's buffers again */
	pid_t pid = fork();
	if (pid < 0) {
		close(pp[0]);
		close(pp[1]);
		return -1;
	}
	if (pid == 0) {
		/* only its own pipe (and stdio): a copy of a sibling's pipe or an
		 * embedder's socket kept open here would hide its end from it */
		int fd = pp[1] > 3 ? dup2(pp[1], 3) : pp[1];
		if (fd < 0)
			_exit(2);
		if (close_range((unsigned)fd + 1, ~0U, 0) != 0) { /* before Linux 5.9 */
			long max = sysconf(_SC_OPEN_MAX);
			for (int k = fd + 1; k < (max > 0 && max < 65536 ? max : 65536); k++)
				close(k);
		}
		worker(ctx, path, opts, fd, parent, ctx->limits[NS_LIMIT_LOAD_SECONDS],
		       ctx->limits[NS_LIMIT_LOAD_MEMORY]);
	}
	close(pp[1]);
	s->pid = pid;
	s->fd = pp[0];
	s->start = mono();
	s->len = 0;
	s->too_long = 0;
	return 0;
}

static int reap(slot *s, int kill_it)
{
	int status = 0;
	if (kill_it)
		kill(s->pid, SIGKILL);
	close(s->fd);
	while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
		;
	s->pid = -1;
	return status;
}

/* The worker has closed its pipe (it is done) or is past its time: what it
 * said and how it ended become out[s->idx]. */
static void finish(ns_ctx *ctx, const char *path, slot *s, ns_loaded *o, int timed_out)
{
	int status = s->too_long ? 0 : reap(s, timed_out);
	long long secs = ctx->limits[NS_LIMIT_LOAD_SECONDS];
	long long mem = ctx->limits[NS_LIMIT_LOAD_MEMORY];
	char lim[32];
	size_text(mem, lim, sizeof lim);
	if (timed_out) {
		set_failure(o, NS_ERR_LIMIT, "%s: loading was stopped after %lld s: over the "
		            "time limit for one load (NS_LIMIT_LOAD_SECONDS, nianshen "
		            "--max-load-seconds)", path, secs);
		return;
	}
	if (s->too_long) {
		reap(s, 1);
		set_failure(o, NS_ERR_TOO_LARGE, "%s: the loaded report is over %u MiB as "
		            "JSON", path, MAX_REPLY >> 20);
		return;
	}
	if (s->buf)
		s->buf[s->len] = 0; /* reads leave room for it */
	if (s->buf && s->len > 0 && s->buf[0] == 'C') {
		/* died of a signal; its handler said which, with errno and peak */
		char *p = s->buf + 1;
		int sig = (int)strtol(p, &p, 10);
		int e = (int)strtol(p, &p, 10);
		long long peak = strtoll(p, &p, 10) >> 10; /* MiB it grew by */
		if (e == ENOMEM || (peak << 20) >= mem / 10 * 9)
			set_failure(o, NS_ERR_TOO_LARGE, "%s: loading ran out of memory: over "
			            "the memory limit for one load of %s (NS_LIMIT_LOAD_MEMORY, "
			            "nianshen --max-load-memory); the loader stopped with %s after "
			            "taking %lld MiB", path, lim, sig_name(sig), peak);
		else
			set_failure(o, NS_ERR_FORMAT, "%s: the loader crashed on this file (%s, "
			            "after taking %lld MiB)", path, sig_name(sig), peak);
		return;
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		if (sig == SIGALRM || sig == SIGXCPU)
			set_failure(o, NS_ERR_LIMIT, "%s: loading was stopped after %lld s: over "
			            "the time limit for one load (NS_LIMIT_LOAD_SECONDS, nianshen "
			            "--max-load-seconds)", path, secs);
		else
			set_failure(o, NS_ERR_FORMAT, "%s: the loading process was killed (%s)",
			            path, sig_name(sig));
		return;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !s->buf || s->len == 0 ||
	    (s->buf[0] != 'R' && s->buf[0] != 'E')) {
		set_failure(o, NS_ERR_IO, "%s: the loading process ended (status %d) "
		            "without a report", path,
		            WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return;
	}
	if (s->buf[0] == 'E') {
		char *p = s->buf + 1;
		int code = (int)strtol(p, &p, 10);
		if (*p == ' ')
			p++;
		size_t pl = strlen(path);
		if (strncmp(p, path, pl) == 0 && p[pl] == ':' && p[pl + 1] == ' ')
			p += pl + 2; /* the loader's message, without the path again */
		if (code == NS_ERR_NOMEM)
			set_failure(o, NS_ERR_TOO_LARGE, "%s: loading ran out of memory: over the "
			            "memory limit for one load of %s (NS_LIMIT_LOAD_MEMORY, "
			            "nianshen --max-load-memory); the loader said: %s", path, lim, p);
		else
			set_failure(o, code > 0 ? code : NS_ERR_IO, "%s: %s", path, p);
		return;
	}
	ns_report *r = NULL;
	int rc = nsr_from_json(ctx, s->buf + 1, s->len - 1, &r);
	if (rc != NS_OK) {
		set_failure(o, rc, "%s: the report came back from its loading process "
		            "unreadable: %s", path, ns_errmsg(ctx));
		return;
	}
	o->report = r;
	o->code = NS_OK;
	o->msg = NULL;
}

int ns_load_files(ns_ctx *ctx, const char *const *paths, int n,
                  const ns_load_opts *opts, int jobs, ns_loaded *out)
{
	if (!ctx || n < 0 || (n > 0 && (!paths || !out)))
		return nsc_fail(ctx, NS_ERR_ARG, "ns_load_files: invalid argument");
	if (jobs < 1)
		jobs = 1;
	if (jobs > 64)
		jobs = 64;
	if (jobs > n)
		jobs = n > 0 ? n : 1;
	for (int i = 0; i < n; i++)
		out[i] = (ns_loaded){NULL, NS_ERR_IO, NULL};
	slot *ss = calloc((size_t)jobs, sizeof *ss);
	struct pollfd *fds = calloc((size_t)jobs, sizeof *fds);
	int *busy = calloc((size_t)jobs, sizeof *busy);
	if (!ss || !fds || !busy) {
		free(ss);
		free(fds);
		free(busy);
		return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	}
	for (int k = 0; k < jobs; k++)
		ss[k].pid = -1;
	double limit = (double)ctx->limits[NS_LIMIT_LOAD_SECONDS];
	int next = 0, rc = NS_OK, done = 0;
	char err[256] = "";
	while (done < n) {
		for (int k = 0; k < jobs && next < n; k++) {
			if (ss[k].pid > 0)
				continue;
			if (!paths[next]) {
				set_failure(&out[next++], NS_ERR_ARG, "(null): no path");
				done++;
				continue;
			}
			if (spawn(ctx, paths[next], opts, &ss[k]) != 0) {
				snprintf(err, sizeof err, "cannot start a loading process: %s",
				         strerror(errno));
				rc = NS_ERR_IO;
				goto out;
			}
			ss[k].idx = next++;
		}
		int nb = 0;
		double now = mono(), wait = limit;
		for (int k = 0; k < jobs; k++)
			if (ss[k].pid > 0) {
				fds[nb] = (struct pollfd){ss[k].fd, POLLIN, 0};
				busy[nb++] = k;
				double left = ss[k].start + limit - now;
				if (left < wait)
					wait = left;
			}
		if (nb == 0)
			continue; /* only NULL paths were left */
		if (poll(fds, (nfds_t)nb, wait > 0 ? (int)(wait * 1000) + 1 : 0) < 0 &&
		    errno != EINTR) {
			snprintf(err, sizeof err, "poll: %s", strerror(errno));
			rc = NS_ERR_IO;
			goto out;
		}
		now = mono();
		for (int b = 0; b < nb; b++) {
			slot *s = &ss[busy[b]];
			if (fds[b].revents) {
				if (s->cap - s->len < 65536) {
					size_t cap = s->cap * 2 + 65536;
					char *nbuf = cap <= MAX_REPLY + 65536 ? realloc(s->buf, cap) : NULL;
					if (!nbuf) {
						/* not a report, or the parent is out of memory:
						 * that file's failure, not the run's */
						s->too_long = 1;
						finish(ctx, paths[s->idx], s, &out[s->idx], 0);
						done++;
						continue;
					}
					s->buf = nbuf;
					s->cap = cap;
				}
				ssize_t k = read(s->fd, s->buf + s->len, s->cap - s->len - 1);
				if (k < 0 && errno == EINTR)
					continue;
				if (k > 0) {
					s->len += (size_t)k;
					continue;
				}
				finish(ctx, paths[s->idx], s, &out[s->idx], 0);
				done++;
			} else if (now - s->start > limit) {
				finish(ctx, paths[s->idx], s, &out[s->idx], 1);
				done++;
			}
		}
	}
out:
	for (int k = 0; k < jobs; k++) {
		if (ss[k].pid > 0) {
			reap(&ss[k], 1);
			set_failure(&out[ss[k].idx], NS_ERR_IO, "%s: not loaded: %s",
			            paths[ss[k].idx], err);
		}
		free(ss[k].buf);
	}
	for (int i = next; i < n; i++)
		set_failure(&out[i], NS_ERR_IO, "%s: not loaded: %s", paths[i], err);
	free(ss);
	free(fds);
	free(busy);
	if (rc != NS_OK)
		return nsc_fail(ctx, rc, "%s", err);
	return nsc_ok(ctx);
}

int ns_load_file_bounded(ns_ctx *ctx, const char *path, const ns_load_opts *opts,
                         ns_report **out)
{
	if (!ctx || !path || !out)
		return nsc_fail(ctx, NS_ERR_ARG, "ns_load_file_bounded: invalid argument");
	*out = NULL;
	ns_loaded o;
	int rc = ns_load_files(ctx, &path, 1, opts, 1, &o);
	if (rc != NS_OK) {
		free(o.msg);
		return rc;
	}
	if (o.code != NS_OK) {
		nsc_fail(ctx, o.code, "%s", o.msg ? o.msg : ns_strerror(o.code));
		free(o.msg);
		return o.code;
	}
	*out = o.report;
	return nsc_ok(ctx);
}
