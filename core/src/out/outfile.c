/*
 * outfile.c — result files written whole or not at all.
 *
 * A results file is written to a temporary file in the same directory
 * (same file system, so rename is atomic), flushed, fsynced and renamed
 * over the target only when every byte went out.  A failure (disk full,
 * a file size limit, a killed run) leaves the previous file as it was and
 * the temporary one removed (or, after SIGKILL, left as a dot file beside
 * it); two runs writing the same path each rename a whole file of their
 * own, so the path holds one of them, never bytes of both.  The first
 * errno a write met is kept, so that the message says why.
 *
 * A symbolic link is followed (the file it names is replaced, the link
 * stays), and a target that exists and is no regular file (/dev/stdout,
 * /dev/null, a FIFO a reader waits on) is written in place: renaming over
 * it would put a regular file where a device was.
 */
#include "out/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* stdio over the descriptor that keeps the first error: ferror() alone
 * does not say what it was, and errno is gone by the time fclose returns */
static ssize_t cookie_write(void *c, const char *buf, size_t n)
{
	nso_file *o = c;
	if (nsp_write_all(o->fd, buf, n) == n)
		return (ssize_t)n;
	if (!o->err)
		o->err = errno ? errno : EIO;
	/* 0, never -1: glibc's stdio adds what this returns to its count and
	 * would then read past the caller's buffer (fopencookie(3): "must not
	 * return a negative value") */
	return 0;
}

static int cookie_close(void *c)
{
	(void)c; /* the descriptor is closed by nso_commit/nso_abort, after fsync */
	return 0;
}

/* dir (without the trailing slash; "." for none) and the base name */
static void split(const char *path, char *dir, size_t dcap, const char **base)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		snprintf(dir, dcap, ".");
		*base = path;
	} else if (slash == path) {
		snprintf(dir, dcap, "/");
		*base = slash + 1;
	} else {
		snprintf(dir, dcap, "%.*s", (int)(slash - path), path);
		*base = slash + 1;
	}
}

/* Where a write to path lands: the file a symbolic link names (which must
 * exist), and what is there (st_mode 0: nothing yet).  0 or an errno. */
static int resolve(const char *path, char *target, size_t cap, mode_t *mode)
{
	struct stat st;
	*mode = 0;
	if (!path || !*path)
		return ENOENT;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		char *rp = realpath(path, NULL);
		if (!rp) {
			/* a link to no path (/dev/stdout to a pipe): what it leads
			 * to, if anything, is written in place */
			int e = errno;
			if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
				return e;
			rp = strdup(path);
			if (!rp)
				return ENOMEM;
		}
		int n = snprintf(target, cap, "%s", rp);
		free(rp);
		if (n < 0 || (size_t)n >= cap)
			return ENAMETOOLONG;
	} else if ((size_t)snprintf(target, cap, "%s", path) >= cap) {
		return ENAMETOOLONG;
	}
	if (stat(target, &st) == 0)
		*mode = st.st_mode;
	return S_ISDIR(*mode) ? EISDIR : 0;
}

enum { OUT_BUFFER = 1 << 20 };

static void close_stream(nso_file *o)
{
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	free(o->buf);
	o->buf = NULL;
}

static int open_stream(nso_file *o)
{
	cookie_io_functions_t io = {.write = cookie_write, .close = cookie_close};
	o->f = fopencookie(o, "w", io);
	if (!o->f) {
		int e = errno;
		nso_abort(o);
		return e ? e : ENOMEM;
	}
	/* a write a megabyte, not one per 8 KB of stdio's own buffer: the
	 * results of 10,000 reports are 200 MB, and the parent writes them
	 * alone while nothing else runs (glibc takes the size only with a
	 * buffer given; without one, it keeps the 8 KB) */
	if ((o->buf = malloc(OUT_BUFFER)))
		setvbuf(o->f, o->buf, _IOFBF, OUT_BUFFER);
	return 0;
}

int nso_open(nso_file *o, const char *path)
{
	static unsigned counter;
	memset(o, 0, sizeof *o);
	o->fd = -1;
	o->path = path;
	mode_t mode;
	int e = resolve(path, o->target, sizeof o->target, &mode);
	if (e)
		return e;
	if (mode && !S_ISREG(mode)) {
		/* a device or a FIFO: in place (a FIFO without a reader is an
		 * error now, not a run that waits for ever) */
		o->direct = 1;
		snprintf(o->tmp, sizeof o->tmp, "%s", o->target);
		o->fd = open(o->target, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (o->fd < 0)
			return errno;
		fcntl(o->fd, F_SETFL, fcntl(o->fd, F_GETFL) & ~O_NONBLOCK);
		return open_stream(o);
	}
	char dir[PATH_MAX];
	const char *base;
	split(o->target, dir, sizeof dir, &base);
	if (!*base)
		return EISDIR;
	for (int tries = 0; tries < 100; tries++) {
		unsigned k = __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
		/* pid and counter make it unique between runs and within one;
		 * a dot file, so that a district directory does not take it for
		 * a report */
		int len = snprintf(o->tmp, sizeof o->tmp, "%s%s.%s.%ld.%u.tmp",
		                   strcmp(dir, "/") == 0 ? "" : dir, "/", base,
		                   (long)getpid(), k);
		if (len < 0 || (size_t)len >= sizeof o->tmp)
			return ENAMETOOLONG;
		/* 0666 and the umask, as fopen would make the file */
		o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (o->fd >= 0)
			break;
		if (errno != EEXIST)
			return errno;
	}
	if (o->fd < 0)
		return EEXIST;
	return open_stream(o);
}

void nso_abort(nso_file *o)
{
	nso_release(o);
	if (o->tmp[0] && !o->direct)
		unlink(o->tmp);
	o->tmp[0] = 0;
}

/* The directory's entry is made durable too: after a crash the name
 * points at the new file or the old, not at nothing. */
static void sync_dir(const char *path)
{
	char dir[PATH_MAX];
	const char *base;
	split(path, dir, sizeof dir, &base);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int nso_commit(nso_file *o)
{
	int e = 0;
	if (o->f) {
		if (fflush(o->f) != 0 || ferror(o->f))
			e = o->err ? o->err : EIO;
		close_stream(o);
	}
	if (!e && o->err)
		e = o->err;
	if (!e && o->fd < 0) {
		/* written by name by someone else (libxlsxwriter): sync that */
		o->fd = open(o->tmp, O_RDONLY | O_CLOEXEC);
		if (o->fd < 0)
			e = errno;
	}
	if (!e && fsync(o->fd) != 0 && !(o->direct && (errno == EINVAL || errno == EROFS)))
		e = errno; /* a device or a FIFO has nothing to sync */
	if (o->fd >= 0 && close(o->fd) != 0 && !e)
		e = errno;
	o->fd = -1;
	if (o->direct) {
		o->tmp[0] = 0;
		return e;
	}
	if (!e && rename(o->tmp, o->target) != 0)
		e = errno;
	if (e) {
		unlink(o->tmp);
		o->tmp[0] = 0;
		return e;
	}
	o->tmp[0] = 0;
	sync_dir(o->target);
	return 0;
}

/* Close the stream and the descriptor, keeping the file, for a writer that
 * writes the temporary file by its name. */
void nso_release(nso_file *o)
{
	close_stream(o);
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}

int ns_output_check(ns_ctx *ctx, const char *path)
{
	if (!path || !*path)
		return nsc_fail(ctx, NS_ERR_ARG, "ns_output_check: invalid argument");
	char target[PATH_MAX];
	mode_t mode;
	int e = resolve(path, target, sizeof target, &mode);
	if (!e && mode && !S_ISREG(mode)) {
		/* a device or FIFO is not opened to check it: a FIFO's reader
		 * would see its end before the results */
		if (access(target, W_OK) != 0)
			e = errno;
		if (e)
			return nsc_fail(ctx, NS_ERR_IO, "%s: %s", path, strerror(e));
		return nsc_ok(ctx);
	}
	if (e)
		return nsc_fail(ctx, NS_ERR_IO, "%s: %s", path, strerror(e));
	nso_file o;
	e = nso_open(&o, path);
	if (e)
		return nsc_fail(ctx, NS_ERR_IO, "%s: %s", path, strerror(e));
	nso_abort(&o);
	return nsc_ok(ctx);
}
