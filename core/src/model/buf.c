/* buf.c — a growing byte buffer (internal): what the writers append to,
 * the wire format (wire.c), compact JSON (out/jsonline.c) and the text of
 * a Markdown or DOCX cell (load/md.c, load/docx.c). */
#include "model.h"

#include <stdlib.h>

int nsb_reserve(nsb *b, size_t more)
{
	if (b->oom)
		return -1;
	if (b->cap - b->n >= more + 1)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap - b->n < more + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}
