/* arena.c — one allocation pool per report, freed in one sweep. */
#include "model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct nsa_chunk {
	nsa_chunk *next;
	size_t used, cap;
	max_align_t data[];
};

static nsa_chunk *new_chunk(nsa_arena *a, size_t cap)
{
	nsa_chunk *c = malloc(sizeof *c + cap);
	if (!c)
		return NULL;
	c->used = 0;
	c->cap = cap;
	c->next = a->head;
	a->head = c;
	return c;
}

/* Room for n bytes, not zeroed. */
static void *alloc_raw(nsa_arena *a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	nsa_chunk *c = a->head;
	if (!c || c->cap - c->used < n) {
		c = new_chunk(a, n > 32768 ? n : 32768);
		if (!c)
			return NULL;
	}
	char *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

void *nsa_alloc(nsa_arena *a, size_t n)
{
	void *p = alloc_raw(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

/* Every cell's text of a layout comes here: copied, not zeroed first.
 * (The bytes after the NUL up to the next 8-byte boundary stay unwritten,
 * as nothing reads past a string's end.) */
char *nsa_strndup(nsa_arena *a, const char *s, size_t n)
{
	char *d = alloc_raw(a, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

char *nsa_strdup(nsa_arena *a, const char *s)
{
	return s ? nsa_strndup(a, s, strlen(s)) : NULL;
}

char *nsa_printf(nsa_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *d = nsa_alloc(a, (size_t)n + 1);
	if (!d)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return d;
}

/* A first chunk of n bytes instead of the usual 32 KB, when the arena is
 * new: a report read back from its wire form knows about what it will
 * take, and a run holds every report of a district (a bench report took
 * 33 KB in a 32 KB chunk and a small one for 12 KB of content).  More than
 * n is still served, by further chunks. */
int nsa_reserve(nsa_arena *a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (a->head || n == 0)
		return 0;
	return new_chunk(a, n) ? 0 : -1;
}

void nsa_free(nsa_arena *a)
{
	nsa_chunk *c = a->head;
	while (c) {
		nsa_chunk *n = c->next;
		free(c);
		c = n;
	}
	a->head = NULL;
}
