/*
 * bounded.c — loading under limits, in worker processes.
 *
 * Loaders run third-party code on untrusted bytes: poppler can take
 * 1.5 GB for a 61 KB PDF that draws one glyph a million times, or 35 s for
 * overprinted pages, and any of them can crash.  In the caller's process
 * that is the whole run lost.  So ns_load_files loads in worker processes:
 * a pool of `jobs` of them, forked once, each taking file after file over
 * its socket.  For each file the worker limits its own address space
 * (RLIMIT_AS = what it has when the file begins + NS_LIMIT_LOAD_MEMORY),
 * arms an alarm as a backstop, loads the file with ns_load_file and sends
 * the report back in the wire form (model/wire.c), which gives back what
 * the canonical JSON would, field for field (test_pool).  The parent waits
 * on the sockets with poll and kills a worker past NS_LIMIT_LOAD_SECONDS of
 * wall clock on one file.  A worker that dies, runs out of memory or time
 * is that file's load failure, with a message naming the limit; a fresh
 * worker takes its place and the others go on.
 *
 * Why a pool and bytes rather than a process and JSON per file (the first
 * version): fork + exit + wait cost 0.4 ms per file, writing the JSON
 * 0.5 ms in the worker and parsing it 0.3 ms in the parent, serially — 1.8
 * ms of overhead on a 0.2 ms TXT load, and the parent's serial share kept
 * two workers from loading twice as fast as one.  Now the parent's share
 * is the wire read (about 0.03 ms) and the workers' a fork per worker.
 *
 * What a persistent worker must not carry from one file into the next:
 * its memory limit is re-armed per file from what it has then, and a
 * worker whose address space has grown past what it started with by
 * RETIRE_SLACK (free heap it keeps, which a later load could reuse without
 * growing) retires after its reply and is replaced, so one load never has
 * more than its limit plus that slack.  Its alarm is re-armed per file.
 *
 * Messages.  Parent to worker: a file (struct ask, then the path).  Worker
 * to parent: frames (struct frame, then `len` bytes): 'R' and the report
 * in the wire form, 'E' and "<code> <message>", or, from the crash handler
 * when the worker dies of a signal, 'C' and "<signal> <errno> <KiB its
 * address space grew by>": that tells running out of memory (malloc
 * failing under RLIMIT_AS makes glib and C++ abort, errno ENOMEM) from a
 * plain crash.  Files are answered in the order they were sent, those of
 * quick files a batch at a time (send_frame), so the parent learns which
 * file a worker is on from its progress; a worker is sent files ahead, so
 * that it never waits for the parent.
 */
#include "model/model.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Tests only: called in the worker before it loads (to sleep, allocate or
 * crash there).  Not in the public header. */
void (*nsl_bounded_test_hook)(const char *path);

/* A report in the wire form is about its text and its positions, and the
 * text is bounded (8 MiB): more than this from a worker is not a report. */
#define MAX_REPLY (512u << 20)

/* A worker retires once its address space has grown this much past what
 * it started with (at most an eighth of the memory limit). */
#define RETIRE_SLACK (32ll << 20)

/* Answers of quick files are sent together (see send_frame): at most
 * LOAD_BATCH of them, LOAD_HOLD_BYTES, held no longer than LOAD_HOLD once
 * the worker is past them. */
#define LOAD_BATCH 16
#define LOAD_HOLD 0.02 /* seconds */
#define LOAD_HOLD_BYTES (256u << 10)

/* Files sent to a worker and not answered: while its files are quick, two
 * batches, so that it never waits for the parent; else the one it is on
 * and one ahead (many slow files behind each other would leave the other
 * workers idle at the end). */
#define AHEAD (2 * LOAD_BATCH)
#define AHEAD_SLOW 2

typedef struct ask {
	int32_t idx;
	uint32_t len;   /* of the path that follows */
} ask;

typedef struct frame {
	char kind;      /* 'R', 'E', 'C' */
	int32_t idx;
	uint64_t len;   /* of what follows */
} frame;

/* Where a worker is, shared with the parent (no system call per file):
 * the file it loads (-1: none) and since when; whether its last file was
 * quick (under LOAD_HOLD). */
typedef struct progress {
	int idx;
	double since;
	int quick;
} progress;

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the worker ------------------------------------------------------ */

static int crash_fd = -1;
static int crash_idx = -1;           /* the file the worker is on */
static char crash_stack[64 * 1024];  /* a stack overflow still reports */
static char status_buf[4096];
static long long base_kib;           /* its address space when the file began */
static long long peak_before_kib;    /* its VmPeak then: an older file's peak
                                        is not this file's growth */

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

/* /proc/self/status and /proc/self/statm, opened once per worker and read
 * again with pread (a procfs file is made anew at each read from offset 0):
 * an open, read and close of status per measure was three system calls and
 * 4 µs, three times a file. */
static int status_fd = -1, statm_fd = -1;

/* Read a procfs file of this process into status_buf (async-signal-safe). */
static ssize_t read_proc(int fd, const char *path)
{
	ssize_t n;
	if (fd >= 0)
		n = pread(fd, status_buf, sizeof status_buf - 1, 0);
	else {
		int f = open(path, O_RDONLY | O_CLOEXEC);
		if (f < 0)
			return -1;
		n = read(f, status_buf, sizeof status_buf - 1);
		close(f);
	}
	if (n > 0)
		status_buf[n] = 0;
	return n;
}

/* The number after `field` in status_buf, or -1. */
static long long field_of(const char *field)
{
	size_t fl = strlen(field);
	for (char *p = status_buf; *p; p++) {
		if ((p == status_buf || p[-1] == '\n') && strncmp(p, field, fl) == 0) {
			long long v = 0;
			for (p += fl; *p == ' ' || *p == '\t'; p++)
				;
			for (; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (*p - '0');
			return v;
		}
	}
	return -1;
}

/* A "Vm…:" field of this process in KiB, with async-signal-safe calls only. */
static long long vm_kib(const char *field)
{
	return read_proc(status_fd, "/proc/self/status") > 0 ? field_of(field) : -1;
}

/* Answers made and not sent yet (send_frame).  The crash handler sends
 * them too, so `held` always points at a whole buffer and held_len counts
 * frames copied whole. */
static char *held;
static size_t held_len, held_cap;
static int held_n;
static double held_since; /* when the first of them was made */

static void on_crash(int sig)
{
	int e = errno; /* ENOMEM here: an allocation failed just before */
	char buf[sizeof(frame) + 96];
	char *line = buf + sizeof(frame);
	size_t n = 0;
	n += put_num(line + n, sig);
	line[n++] = ' ';
	n += put_num(line + n, e);
	line[n++] = ' ';
	/* what this file made it grow by: its peak when it raised the peak,
	 * else what it has now (an earlier file's peak is not this one's) */
	long long peak = vm_kib("VmPeak:");
	if (peak <= peak_before_kib)
		peak = vm_kib("VmSize:");
	n += put_num(line + n, peak - base_kib);
	frame f;
	memset(&f, 0, sizeof f);
	f.kind = 'C';
	f.idx = crash_idx;
	f.len = n;
	memcpy(buf, &f, sizeof f);
	/* the answers it holds, then this one's: the parent reads them in
	 * order (without them, those files are loaded again elsewhere) */
	if (crash_fd >= 0) {
		nsp_write_all(crash_fd, held, held_len);
		nsp_write_all(crash_fd, buf, sizeof f + n);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* What the parent sent that the worker has not taken yet: it sends a few
 * asks at a time, taken here with one read(2) instead of two a file. */
static char in_buf[4096];
static size_t in_pos, in_len;

/* 0 at the end of input (the parent closed the socket: no more files). */
static void flush_held(int fd)
{
	struct iovec iov = {held, held_len};
	if (held_len && nsp_send_all(fd, &iov, 1) != 0)
		_exit(3);
	held_len = 0;
	held_n = 0;
}

/* Answers it holds go first when it would otherwise wait for a file. */
static int recv_all(int fd, void *p, size_t n)
{
	char *c = p;
	while (n) {
		if (in_pos == in_len) {
			ssize_t k = recv(fd, in_buf, sizeof in_buf, MSG_DONTWAIT);
			if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
				flush_held(fd);
				k = read(fd, in_buf, sizeof in_buf);
			}
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				return 0;
			in_pos = 0;
			in_len = (size_t)k;
		}
		size_t m = in_len - in_pos < n ? in_len - in_pos : n;
		memcpy(c, in_buf + in_pos, m);
		in_pos += m;
		c += m;
		n -= m;
	}
	return 1;
}

/* Room for n more held bytes; 0 when there is none (nothing changes).  A
 * new buffer is filled before it replaces the old, for the crash handler. */
static int hold_room(size_t n)
{
	if (held_len + n <= held_cap)
		return 1;
	size_t cap = (held_len + n) * 2;
	char *b = malloc(cap);
	if (!b)
		return 0;
	if (held_len)
		memcpy(b, held, held_len);
	char *old = held;
	held = b;
	held_cap = cap;
	free(old);
	return 1;
}

/* The answer for file idx, `took` seconds to load.  Each message wakes
 * the parent, and one a file was a tenth of loading a small one: answers
 * of quick files are held and sent together (when the worker would wait
 * for its next file, holds LOAD_BATCH of them or LOAD_HOLD_BYTES, or the
 * first is LOAD_HOLD old), any other at once with those held before it.
 * The parent knows which file the worker is on from its progress, not
 * from the answers it has had. */
static void send_frame(int fd, char kind, int idx, const char *a, size_t an,
                       const char *b, size_t bn, double took)
{
	frame f;
	memset(&f, 0, sizeof f);
	f.kind = kind;
	f.idx = idx;
	f.len = an + bn;
	size_t n = sizeof f + an + bn;
	if (took < LOAD_HOLD && n < LOAD_HOLD_BYTES && hold_room(n)) {
		memcpy(held + held_len, &f, sizeof f);
		memcpy(held + held_len + sizeof f, a, an);
		if (bn)
			memcpy(held + held_len + sizeof f + an, b, bn);
		held_len += n; /* whole: the crash handler may send it now */
		double now = mono();
		if (held_n++ == 0)
			held_since = now - took;
		if (held_n >= LOAD_BATCH || held_len >= LOAD_HOLD_BYTES ||
		    now - held_since > LOAD_HOLD)
			flush_held(fd);
		return;
	}
	flush_held(fd);
	struct iovec iov[3] = {{&f, sizeof f}, {(void *)a, an}, {(void *)b, bn}};
	if (nsp_send_all(fd, iov, 3) != 0)
		_exit(3);
}

/* Address space of this process now, in bytes (0 when unknown): the first
 * field of statm, in pages, a tenth of the cost of status. */
static long long vm_size(void)
{
	if (read_proc(statm_fd, "/proc/self/statm") <= 0)
		return 0;
	long long pages = 0;
	for (const char *p = status_buf; *p >= '0' && *p <= '9'; p++)
		pages = pages * 10 + (*p - '0');
	return pages * sysconf(_SC_PAGESIZE);
}

/* This file may add `extra` bytes of address space to what the worker has
 * now; the user's own ulimit -v stays the bound.  The limit stays set
 * between files (the worker allocates next to nothing there) and is set
 * again only when it moves: the address space a worker keeps is steady
 * from file to file, and two setrlimit calls a file were two of the
 * seventeen system calls of loading one. */
static void set_memory_limit(long long extra, const struct rlimit *orig)
{
	static rlim_t current = 0; /* 0: the user's own, as the worker began */
	/* one read of status for both: what the crash handler measures growth
	 * from, and the peak an older file may have set */
	long long base = 0;
	base_kib = 0;
	peak_before_kib = -1;
	if (read_proc(status_fd, "/proc/self/status") > 0) {
		long long size = field_of("VmSize:");
		base_kib = size > 0 ? size : 0;
		base = base_kib << 10;
		peak_before_kib = field_of("VmPeak:");
	}
	if (extra <= 0)
		return;
#if defined(__SANITIZE_ADDRESS__)
	(void)orig; /* ASan's shadow memory takes terabytes of address space */
	return;
#else
	struct rlimit rl = *orig;
	unsigned long long want = (unsigned long long)base + (unsigned long long)extra;
	if (orig->rlim_max != RLIM_INFINITY && want > orig->rlim_max)
		want = orig->rlim_max;
	rl.rlim_cur = (rlim_t)want;
	if (rl.rlim_cur != current && setrlimit(RLIMIT_AS, &rl) == 0)
		current = rl.rlim_cur;
#endif
}

static void worker(ns_ctx *ctx, const ns_load_opts *opts, int fd,
                   progress *pg, long long seconds, long long memory)
{
	/* gone with the parent (nsp_fork_worker), and never past the limit by
	 * much even if the parent could not stop it (the alarm below) */
	signal(SIGALRM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	crash_fd = fd;
	status_fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	statm_fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
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
	struct rlimit orig;
	if (getrlimit(RLIMIT_AS, &orig) != 0)
		memory = 0;
	long long slack = memory > 0 && memory / 8 < RETIRE_SLACK ? memory / 8 : RETIRE_SLACK;
	/* glibc gives the top of the heap back whenever 128 KB of it are free:
	 * here after every file, to fault the same pages in again for the next
	 * (a tenth of the run went to brk and page faults).  A megabyte kept
	 * is enough for a text report, and little next to the memory limit of
	 * a file, which counts what the worker holds when it begins. */
	mallopt(M_TRIM_THRESHOLD, (int)(slack < (1 << 20) ? slack : (1 << 20)));
	long long started = vm_size();
	char *path = NULL;
	size_t pcap = 0;
	ask a;
	while (recv_all(fd, &a, sizeof a)) {
		if (a.len > (1u << 20))
			_exit(2);
		if (a.len + 1 > pcap && !(path = realloc(path, pcap = a.len + 1)))
			_exit(2);
		if (!recv_all(fd, path, a.len))
			_exit(0);
		path[a.len] = 0;
		crash_idx = a.idx;
		double t = mono();
		__atomic_store(&pg->since, &t, __ATOMIC_RELAXED);
		__atomic_store_n(&pg->idx, a.idx, __ATOMIC_RELEASE);
		alarm((unsigned)(seconds < 3600 ? seconds + 2 : 3602));
		set_memory_limit(memory, &orig);
		if (nsl_bounded_test_hook)
			nsl_bounded_test_hook(path);
		ns_report *r = NULL;
		errno = 0;
		int rc = ns_load_file(ctx, path, opts, &r);
		/* A loader that met a failed allocation does not always say so (a
		 * conversion that could not get its buffer reads as undecodable):
		 * under this process's memory limit, ENOMEM left behind is the
		 * cause. */
		if (rc != NS_OK && rc != NS_ERR_NOMEM && errno == ENOMEM)
			rc = NS_ERR_NOMEM;
		size_t len = 0;
		char *wire = rc == NS_OK ? nsr_to_wire(r, &len) : NULL;
		if (rc == NS_OK && !wire)
			rc = nsc_fail(ctx, NS_ERR_NOMEM, "%s: out of memory writing the report", path);
		ns_report_release(r);
		double took = mono() - t;
		__atomic_store_n(&pg->quick, took < LOAD_HOLD, __ATOMIC_RELAXED);
		if (rc == NS_OK) {
			send_frame(fd, 'R', a.idx, wire, len, NULL, 0, took);
		} else {
			char head[32];
			int n = snprintf(head, sizeof head, "%d ", rc);
			send_frame(fd, 'E', a.idx, head, (size_t)n, ns_errmsg(ctx),
			           strlen(ns_errmsg(ctx)), took);
		}
		free(wire);
		alarm(0);
		crash_idx = -1;
		__atomic_store_n(&pg->idx, -1, __ATOMIC_RELEASE);
		/* a worker that holds much more than it began with gives back the
		 * free heap it can, and if that is not enough a fresh one takes
		 * its place (the parent sees it end idle).  Not trimmed after
		 * every file: the pages given back were faulted in again by the
		 * next load, a tenth of a small file's cost. */
		if (vm_size() - started > slack) {
			malloc_trim(0);
			if (vm_size() - started > slack) {
				flush_held(fd);
				_exit(0);
			}
		}
	}
	flush_held(fd);
	_exit(0);
}

/* ---- the parent ------------------------------------------------------ */

typedef struct slot {
	pid_t pid;          /* <= 0: no worker */
	int fd;
	progress *pg;       /* shared with the worker */
	int items[AHEAD];   /* files sent, not answered, oldest first */
	int nitems;
	double since;       /* when items[0] became the first not answered */
	char *buf;          /* frames not yet taken */
	size_t len, cap;
	int took;           /* files it began: 0 for a worker dying as it starts */
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

static int spawn(ns_ctx *ctx, const ns_load_opts *opts, slot *s)
{
	__atomic_store_n(&s->pg->idx, -1, __ATOMIC_RELEASE);
	int fd;
	pid_t pid = nsp_fork_worker(&fd);
	if (pid < 0)
		return -1;
	if (pid == 0)
		worker(ctx, opts, fd, s->pg, ctx->limits[NS_LIMIT_LOAD_SECONDS],
		       ctx->limits[NS_LIMIT_LOAD_MEMORY]);
	s->pid = pid;
	s->fd = fd;
	s->nitems = 0;
	s->len = 0;
	s->took = 0;
	return 0;
}

static int reap(slot *s, int kill_it)
{
	if (s->pid <= 0)
		return 0;
	int status = nsp_reap(s->pid, s->fd, kill_it);
	s->pid = -1;
	return status;
}

static int send_ask(slot *s, int idx, const char *path)
{
	ask a = {idx, (uint32_t)strlen(path)};
	struct iovec iov[2] = {{&a, sizeof a}, {(void *)path, a.len}};
	struct msghdr mh = {.msg_iov = iov, .msg_iovlen = 2};
	size_t want = sizeof a + a.len;
	/* a path is small next to the socket's buffer: all or nothing */
	ssize_t k;
	while ((k = sendmsg(s->fd, &mh, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (k != (ssize_t)want)
		return -1;
	if (s->nitems == 0)
		s->since = mono();
	s->items[s->nitems++] = idx;
	return 0;
}

/* items[m] is answered (or failed): the others stay in order. */
static void drop(slot *s, int m)
{
	memmove(s->items + m, s->items + m + 1, (size_t)(s->nitems - m - 1) * sizeof *s->items);
	s->nitems--;
}

/* items[0] is answered (or failed): the next one is the worker's now. */
static void shift(slot *s)
{
	drop(s, 0);
	s->since = mono();
}

/* Which of the files sent the worker is loading: m, for items[m] (the
 * answers of those before it may still be in the worker), and since when;
 * -1 and since when items[0] became the first not answered, when it is
 * on none (it has not begun items[0], or is between two files).  A worker
 * is sent a file once: the file number tells. */
static int on_file(const slot *s, double *since)
{
	int idx = __atomic_load_n(&s->pg->idx, __ATOMIC_ACQUIRE);
	__atomic_load(&s->pg->since, since, __ATOMIC_ACQUIRE);
	for (int m = 0; idx >= 0 && m < s->nitems; m++)
		if (s->items[m] == idx && __atomic_load_n(&s->pg->idx, __ATOMIC_ACQUIRE) == idx)
			return m;
	*since = s->since;
	return -1;
}


static void time_out(ns_ctx *ctx, const char *path, ns_loaded *o)
{
	set_failure(o, NS_ERR_LIMIT, "%s: loading was stopped after %lld s: over the "
	            "time limit for one load (NS_LIMIT_LOAD_SECONDS, nianshen "
	            "--max-load-seconds)", path, ctx->limits[NS_LIMIT_LOAD_SECONDS]);
}

/* A frame for items[0]: the report, or the loader's error. */
static void take_frame(ns_ctx *ctx, const char *path, char kind, char *p, size_t n,
                       ns_loaded *o)
{
	char lim[32];
	size_text(ctx->limits[NS_LIMIT_LOAD_MEMORY], lim, sizeof lim);
	if (kind == 'E') {
		char save = p[n];
		p[n] = 0; /* the buffer has room for it */
		char *q = p;
		int code = (int)strtol(q, &q, 10);
		if (*q == ' ')
			q++;
		size_t pl = strlen(path);
		if (strncmp(q, path, pl) == 0 && q[pl] == ':' && q[pl + 1] == ' ')
			q += pl + 2; /* the loader's message, without the path again */
		if (code == NS_ERR_NOMEM)
			set_failure(o, NS_ERR_TOO_LARGE, "%s: loading ran out of memory: over the "
			            "memory limit for one load of %s (NS_LIMIT_LOAD_MEMORY, "
			            "nianshen --max-load-memory); the loader said: %s", path, lim, q);
		else
			set_failure(o, code > 0 ? code : NS_ERR_IO, "%s: %s", path, q);
		p[n] = save;
		return;
	}
	ns_report *r = NULL;
	int rc = nsr_from_wire(ctx, p, n, &r);
	if (rc != NS_OK) {
		set_failure(o, rc, "%s: the report came back from its loading process "
		            "unreadable: %s", path, ns_errmsg(ctx));
		return;
	}
	o->report = r;
	o->code = NS_OK;
	o->msg = NULL;
}

/* The worker ended (its socket closed) while loading file idx: how it
 * ended, and its crash frame if it sent one, make that file's failure. */
static void died(ns_ctx *ctx, const char *path, int idx, slot *s, int status, ns_loaded *o)
{
	long long mem = ctx->limits[NS_LIMIT_LOAD_MEMORY];
	char lim[32];
	size_text(mem, lim, sizeof lim);
	frame f;
	if (s->len >= sizeof f) {
		memcpy(&f, s->buf, sizeof f);
		if (f.kind == 'C' && f.idx == idx && f.len < 96 &&
		    s->len >= sizeof f + f.len) {
			/* died of a signal; its handler said which, with errno and
			 * growth */
			char line[100];
			memcpy(line, s->buf + sizeof f, f.len);
			line[f.len] = 0;
			char *p = line;
			int sig = (int)strtol(p, &p, 10);
			int e = (int)strtol(p, &p, 10);
			long long grew = strtoll(p, &p, 10) >> 10; /* MiB */
			if (e == ENOMEM || (grew << 20) >= mem / 10 * 9)
				set_failure(o, NS_ERR_TOO_LARGE, "%s: loading ran out of memory: over "
				            "the memory limit for one load of %s (NS_LIMIT_LOAD_MEMORY, "
				            "nianshen --max-load-memory); the loader stopped with %s after "
				            "taking %lld MiB", path, lim, sig_name(sig), grew);
			else
				set_failure(o, NS_ERR_FORMAT, "%s: the loader crashed on this file (%s, "
				            "after taking %lld MiB)", path, sig_name(sig), grew);
			return;
		}
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		if (sig == SIGALRM || sig == SIGXCPU)
			time_out(ctx, path, o);
		else
			set_failure(o, NS_ERR_FORMAT, "%s: the loading process was killed (%s)",
			            path, sig_name(sig));
		return;
	}
	set_failure(o, NS_ERR_IO, "%s: the loading process ended (status %d) without a "
	            "report", path, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* Complete frames at the head of the buffer, each answering items[0]. */
static int take_frames(ns_ctx *ctx, const char *const *paths, slot *s, ns_loaded *out)
{
	int done = 0;
	frame f;
	while (s->nitems > 0 && s->len >= sizeof f) {
		memcpy(&f, s->buf, sizeof f);
		if (f.kind == 'C' || f.idx != s->items[0] || (f.kind != 'R' && f.kind != 'E'))
			break; /* a crash, or not a frame: the worker is ending */
		if (f.len > MAX_REPLY || s->len - sizeof f < f.len)
			break;
		take_frame(ctx, paths[f.idx], f.kind, s->buf + sizeof f, (size_t)f.len,
		           &out[f.idx]);
		size_t used = sizeof f + (size_t)f.len;
		memmove(s->buf, s->buf + used, s->len - used);
		s->len -= used;
		shift(s);
		s->took++;
		done++;
	}
	return done;
}

int ns_load_files(ns_ctx *ctx, const char *const *paths, int n,
                  const ns_load_opts *opts, int jobs, ns_loaded *out)
{
	if (!ctx || n < 0 || (n > 0 && (!paths || !out)))
		return nsc_fail(ctx, NS_ERR_ARG, "ns_load_files: invalid argument");
	if (jobs < 1)
		return nsc_fail(ctx, NS_ERR_ARG, "jobs must be 1 or more (got %d): the number "
		                "of worker processes", jobs);
	if (jobs > 64)
		jobs = 64;
	if (jobs > n)
		jobs = n > 0 ? n : 1;
	for (int i = 0; i < n; i++)
		out[i] = (ns_loaded){NULL, NS_ERR_IO, NULL};
	slot *ss = calloc((size_t)jobs, sizeof *ss);
	struct pollfd *fds = calloc((size_t)jobs, sizeof *fds);
	int *busy = calloc((size_t)jobs, sizeof *busy);
	int *queue = malloc(sizeof(int) * ((size_t)n + 1)); /* taken from the end */
	progress *shm = mmap(NULL, sizeof(progress) * (size_t)jobs, PROT_READ | PROT_WRITE,
	                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!ss || !fds || !busy || !queue || shm == MAP_FAILED) {
		free(ss);
		free(fds);
		free(busy);
		free(queue);
		if (shm != MAP_FAILED)
			munmap(shm, sizeof(progress) * (size_t)jobs);
		return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	}
	int nq = 0, done = 0, rc = NS_OK, stillborn = 0;
	for (int i = n - 1; i >= 0; i--)
		queue[nq++] = i;
	for (int k = 0; k < jobs; k++) {
		ss[k].pid = -1;
		ss[k].pg = &shm[k];
	}
	double limit = (double)ctx->limits[NS_LIMIT_LOAD_SECONDS];
	char err[256] = "";
	while (done < n) {
		/* files for the workers, starting them as needed */
		for (int k = 0; k < jobs && nq > 0; k++) {
			slot *s = &ss[k];
			/* ahead only while there are files for every worker: at the
			 * end a file waiting behind a long load would wait for
			 * nothing */
			int ahead = s->pid > 0 && __atomic_load_n(&s->pg->quick, __ATOMIC_RELAXED)
			            ? AHEAD : AHEAD_SLOW;
			while (nq > 0 && (s->nitems == 0 || (s->nitems < ahead && nq > jobs))) {
				int i = queue[nq - 1];
				if (!paths[i]) {
					set_failure(&out[i], NS_ERR_ARG, "(null): no path");
					nq--;
					done++;
					continue;
				}
				if (s->pid <= 0 && spawn(ctx, opts, s) != 0) {
					snprintf(err, sizeof err, "cannot start a loading process: %s",
					         strerror(errno));
					rc = NS_ERR_IO;
					goto out;
				}
				if (send_ask(s, i, paths[i]) != 0)
					break; /* it is ending: what it says is read below */
				nq--;
			}
		}
		int nb = 0;
		double now = mono(), wait = limit;
		for (int k = 0; k < jobs; k++)
			if (ss[k].pid > 0) {
				fds[nb] = (struct pollfd){ss[k].fd, POLLIN, 0};
				busy[nb++] = k;
				double since;
				on_file(&ss[k], &since);
				if (ss[k].nitems > 0 && since + limit - now < wait)
					wait = since + limit - now;
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
				size_t want = s->len + 65536;
				frame f;
				if (s->len >= sizeof f) {
					memcpy(&f, s->buf, sizeof f);
					if (f.len <= MAX_REPLY && sizeof f + f.len + 1 > want)
						want = sizeof f + (size_t)f.len + 1;
				}
				if (want > s->cap) {
					char *nbuf = realloc(s->buf, want);
					if (!nbuf) {
						snprintf(err, sizeof err, "out of memory");
						rc = NS_ERR_NOMEM;
						goto out;
					}
					s->buf = nbuf;
					s->cap = want;
				}
				ssize_t k = read(s->fd, s->buf + s->len, s->cap - s->len - 1);
				if (k < 0 && errno == EINTR)
					continue;
				if (k > 0) {
					s->len += (size_t)k;
					int got = take_frames(ctx, paths, s, out);
					done += got;
					if (got)
						stillborn = 0;
					if (s->len >= sizeof f && s->nitems > 0) {
						memcpy(&f, s->buf, sizeof f);
						if (f.kind != 'C' && f.len > MAX_REPLY) {
							/* not a report: that file's failure */
							set_failure(&out[s->items[0]], NS_ERR_TOO_LARGE,
							            "%s: the loaded report is over %u MiB",
							            paths[s->items[0]], MAX_REPLY >> 20);
							done++;
							shift(s);
							goto replace;
						}
					}
					continue;
				}
				/* it ended: idle (retired), or dead on the file it was
				 * loading (its progress says which, or its crash frame,
				 * which comes after the answers it held) */
				{
					double since;
					int m = on_file(s, &since);
					if (m < 0 && s->len >= sizeof f) {
						memcpy(&f, s->buf, sizeof f);
						for (int j = 0; f.kind == 'C' && j < s->nitems; j++)
							if (s->items[j] == f.idx)
								m = j;
					}
					int status = reap(s, 0);
					if (m >= 0) {
						int i = s->items[m];
						died(ctx, paths[i], i, s, status, &out[i]);
						done++;
						drop(s, m);
						stillborn = 0;
					} else if (s->took == 0 && ++stillborn > 8) {
						/* (one that answered files and ended idle retired) */
						snprintf(err, sizeof err, "loading processes die as they start");
						rc = NS_ERR_IO;
						goto out;
					}
				}
			replace:
				reap(s, 1);
				/* what was sent and not begun, or loaded and not sent,
				 * goes to another worker */
				for (int m = s->nitems - 1; m >= 0; m--)
					queue[nq++] = s->items[m];
				s->nitems = 0;
				s->len = 0;
			} else if (s->nitems > 0) {
				double since;
				int m = on_file(s, &since);
				if (now - since > limit) {
					if (m < 0)
						m = 0; /* it never began items[0] */
					time_out(ctx, paths[s->items[m]], &out[s->items[m]]);
					done++;
					drop(s, m);
					goto replace;
				}
			}
		}
	}
out:
	for (int k = 0; k < jobs; k++) {
		/* an idle worker ends on its own when its socket closes (and a
		 * profiler running it gets to write its figures); one still on a
		 * file is stopped */
		reap(&ss[k], rc != NS_OK || ss[k].nitems > 0);
		for (int m = 0; m < ss[k].nitems; m++)
			queue[nq++] = ss[k].items[m];
		free(ss[k].buf);
	}
	if (rc != NS_OK)
		for (int m = 0; m < nq; m++)
			if (!out[queue[m]].report && !out[queue[m]].msg)
				set_failure(&out[queue[m]], NS_ERR_IO, "%s: not loaded: %s",
				            paths[queue[m]] ? paths[queue[m]] : "(null)", err);
	munmap(shm, sizeof(progress) * (size_t)jobs);
	free(ss);
	free(fds);
	free(busy);
	free(queue);
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
