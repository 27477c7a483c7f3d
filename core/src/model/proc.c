/* proc.c — forking a worker process (internal).
 *
 * Loading (load/bounded.c) and scoring (lua/run.c) both hand work to
 * processes of their own, each talking to the parent over one stream
 * socket.  A worker must hold nothing but that socket and stdio: a copy of
 * a sibling's socket, or of an embedder's, kept open in it would keep that
 * one from ever seeing its peer end.  One function does this for both. */
#include "model.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* fd moved above stdin, stdout and stderr (closed by the embedder, they
 * are the numbers a new socket gets): a worker keeps descriptors 0-2 as
 * they are, so a socket there would be copied into every later worker and
 * keep its peer from ever seeing the end. */
static int above_stdio(int fd)
{
	if (fd < 0 || fd > 2)
		return fd;
	int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return moved;
}

pid_t nsp_fork_worker(int *fd)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	sv[0] = above_stdio(sv[0]);
	sv[1] = above_stdio(sv[1]);
	if (sv[0] < 0 || sv[1] < 0) {
		if (sv[0] >= 0)
			close(sv[0]);
		if (sv[1] >= 0)
			close(sv[1]);
		return -1;
	}
	fflush(NULL); /* the worker must not write the parent's buffers again */
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid > 0) {
		close(sv[1]);
		*fd = sv[0];
		return pid;
	}
	/* Gone with the parent: the limits of a load or a check are kept by
	 * the parent's clock, so a worker left behind by a parent killed
	 * (SIGKILL, the OOM killer, timeout -s KILL) would spin on a looping
	 * rule or a pathological file for ever.  A parent gone before the
	 * request is seen too. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(4);
	/* its socket as descriptor 3, nothing above it */
	int mine = sv[1] > 3 ? dup2(sv[1], 3) : sv[1];
	if (mine < 0)
		_exit(2);
	if (close_range((unsigned)mine + 1, ~0U, 0) != 0) { /* before Linux 5.9 */
		long max = sysconf(_SC_OPEN_MAX);
		for (int k = mine + 1; k < (max > 0 && max < 65536 ? max : 65536); k++)
			close(k);
	}
	*fd = mine;
	return 0;
}

int nsp_reap(pid_t pid, int fd, int kill_it)
{
	int status = 0;
	if (kill_it)
		kill(pid, SIGKILL);
	close(fd);
	/* An idle worker ends as soon as it reads the end of its socket.  One
	 * that does not within two seconds is stopped: a copy of the parent's
	 * end in some other process (a program embedding the library that
	 * forks while workers run) would keep it waiting for ever, and the
	 * parent with it. */
	long slept_us = 0, step = 50;
	for (;;) {
		pid_t r = waitpid(pid, &status, kill_it ? 0 : WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			return status;
		if (r == 0) {
			if (slept_us >= 2000000) {
				kill(pid, SIGKILL);
				kill_it = 1;
				continue;
			}
			struct timespec ts = {0, step * 1000};
			nanosleep(&ts, NULL);
			slept_us += step;
			step = step < 20000 ? step * 2 : step;
		}
	}
}

size_t nsp_write_all(int fd, const void *p, size_t n)
{
	size_t done = 0;
	while (done < n) {
		ssize_t k = write(fd, (const char *)p + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = 0;
			break;
		}
		done += (size_t)k;
	}
	return done;
}

int nsp_send_all(int fd, struct iovec *iov, int n)
{
	int first = 0;
	for (;;) {
		while (first < n && iov[first].iov_len == 0)
			first++;
		if (first == n)
			return 0;
		struct msghdr m = {.msg_iov = iov + first, .msg_iovlen = (size_t)(n - first)};
		ssize_t k = sendmsg(fd, &m, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		/* what was sent comes off the front */
		for (size_t left = (size_t)k; left > 0;) {
			size_t take = left < iov[first].iov_len ? left : iov[first].iov_len;
			iov[first].iov_base = (char *)iov[first].iov_base + take;
			iov[first].iov_len -= take;
			left -= take;
			if (iov[first].iov_len == 0)
				first++;
		}
	}
}
