/* proc.c — forking a worker process (internal).
 *
 * Loading (load/bounded.c) and scoring (lua/run.c) both hand work to
 * processes of their own, each talking to the parent over one stream
 * socket.  A worker must hold nothing but that socket and stdio: a copy of
 * a sibling's socket, or of an embedder's, kept open in it would keep that
 * one from ever seeing its peer end.  One function does this for both. */
#include "model.h"

#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

pid_t nsp_fork_worker(int *fd)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	fflush(NULL); /* the worker must not write the parent's buffers again */
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
