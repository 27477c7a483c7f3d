/* outfile.h — result files written to a temporary file beside the target
 * and renamed over it once complete (outfile.c). */
#ifndef NS_OUTFILE_H
#define NS_OUTFILE_H

#include "model/model.h"

#include <limits.h>
#include <stdio.h>

typedef struct nso_file {
	FILE *f;              /* write here */
	char *buf;            /* its buffer (outfile.c: open_stream) */
	int fd;
	int err;              /* the first errno a write met */
	const char *path;     /* the target as the caller named it */
	char target[PATH_MAX];/* ... a symbolic link followed */
	char tmp[PATH_MAX];   /* the temporary file beside it (direct: target) */
	int direct;           /* a device or FIFO: written in place */
} nso_file;

/* Create the temporary file beside path; 0 or an errno. */
int nso_open(nso_file *o, const char *path);
/* Flush, fsync and rename over the target; 0 or the errno that stopped it
 * (the temporary file is removed and the target left as it was). */
int nso_commit(nso_file *o);
/* Give up: the temporary file is removed, the target untouched. */
void nso_abort(nso_file *o);
/* Close it, keeping the file, for a writer that writes the temporary file
 * by its name (o->tmp); nso_commit then syncs and renames it. */
void nso_release(nso_file *o);

#endif
