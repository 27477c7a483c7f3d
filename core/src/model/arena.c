/* arena.c — one allocation pool per report, freed in one sweep. */
#include "model.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct nsa_chunk {
	nsa_chunk *next;
	size_t used, cap;
	nsa_region *region; /* where it was cut from (nsa_reserve_in), else malloc's */
	max_align_t data[];
};

static nsa_chunk *add_chunk(nsa_arena *a, nsa_chunk *c, size_t cap, nsa_region *region)
{
	c->used = 0;
	c->cap = cap;
	c->region = region;
	c->next = a->head;
	a->head = c;
	return c;
}

static nsa_chunk *new_chunk(nsa_arena *a, size_t cap)
{
	nsa_chunk *c = malloc(sizeof *c + cap);
	return c ? add_chunk(a, c, cap, NULL) : NULL;
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

/* ---- scratch: a buffer lent from load to load -------------------------- */

/* Above this a buffer goes back to malloc after its load: a context kept
 * for small reports should not hold a huge one's memory for good. */
#define SCRATCH_KEEP ((size_t)4 << 20)

void *nsa_scratch_take(nsa_scratch *s, size_t bytes, size_t *cap)
{
	if (s && s->p && s->cap >= bytes) {
		void *p = s->p;
		*cap = s->cap;
		s->p = NULL;
		s->cap = 0;
		return p;
	}
	void *p = malloc(bytes ? bytes : 1);
	*cap = p ? bytes : 0;
	return p;
}

void nsa_scratch_give(nsa_scratch *s, void *p, size_t cap)
{
	if (!p)
		return;
	if (!s || cap > SCRATCH_KEEP || (s->p && s->cap >= cap)) {
		free(p);
		return;
	}
	free(s->p);
	s->p = p;
	s->cap = cap;
}

/* ---- regions: the first chunks of the reports a run keeps -------------
 *
 * A run holds every report of its district to its end, and the parent
 * read each one back from the wire into a fresh malloc'd chunk: five or
 * six first touches of a page per report, which on the virtual machines
 * districts are scored on cost about 12 µs each and came to most of the
 * parent's time on 10,000 text reports.  Those chunks are cut instead
 * from mappings of 2 to 32 MB advised for transparent huge pages, one
 * fault per 2 MB where the kernel has them (and no worse than malloc
 * where not).
 *
 * A region is bump-allocated by its one context's thread and counted: a
 * reference for the context while it cuts from it, one per chunk.  The
 * last one gone unmaps it.  A chunk freed while others of its region live
 * gives its whole pages back to the kernel, so that a report kept long
 * pins address space, not memory. */
struct nsa_region {
	atomic_long refs;
	size_t used, cap;
};

/* A context's first region is 2 MB (one huge page: a caller that reads a
 * few reports back pays no more), each next one twice the last, up to
 * 32 MB. */
enum { REGION_FIRST = 2 << 20, REGION_MAX = 32 << 20, REGION_ALIGN = 64 };

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

static nsa_region *region_new(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, bytes, MADV_HUGEPAGE); /* a hint: refused is fine */
#endif
	nsa_region *g = p;
	atomic_init(&g->refs, 1);
	g->used = round_up(sizeof *g, REGION_ALIGN);
	g->cap = bytes;
	return g;
}

void nsa_region_drop(nsa_region **g)
{
	if (*g && atomic_fetch_sub_explicit(&(*g)->refs, 1, memory_order_acq_rel) == 1)
		munmap(*g, (*g)->cap);
	*g = NULL;
}

int nsa_reserve_in(nsa_arena *a, size_t n, nsa_region **from)
{
	n = (n + 7) & ~(size_t)7;
	size_t need = round_up(sizeof(nsa_chunk) + n, REGION_ALIGN);
	if (a->head || n == 0)
		return 0;
	if (need > REGION_FIRST / 8) /* a large report: a chunk of its own */
		return nsa_reserve(a, n);
	if (!*from || (*from)->cap - (*from)->used < need) {
		size_t bytes = !*from ? REGION_FIRST
		             : (*from)->cap < REGION_MAX ? 2 * (*from)->cap : REGION_MAX;
		nsa_region_drop(from); /* its chunks keep it while they live */
		if (!(*from = region_new(bytes)))
			return nsa_reserve(a, n);
	}
	nsa_region *g = *from;
	nsa_chunk *c = (nsa_chunk *)((char *)g + g->used);
	g->used += need;
	atomic_fetch_add_explicit(&g->refs, 1, memory_order_relaxed);
	add_chunk(a, c, need - sizeof *c, g);
	return 0;
}

/* The region's chunk of a report complete: the part of it not used goes
 * back to the region when nothing was cut after it (the estimate of
 * nsr_from_wire is a bound: a text report used 17 KB of its 25). */
void nsa_fit(nsa_arena *a)
{
	for (nsa_chunk *c = a->head; c; c = c->next) {
		nsa_region *g = c->region;
		if (!g)
			continue;
		size_t at = (size_t)((char *)c - (char *)g);
		size_t had = round_up(sizeof *c + c->cap, REGION_ALIGN);
		size_t need = round_up(sizeof *c + c->used, REGION_ALIGN);
		if (at + had == g->used) {
			g->used = at + need;
			c->cap = need - sizeof *c;
		}
		return;
	}
}

/* A chunk of a region freed: its whole pages go back to the kernel unless
 * it was the region's last (then the region goes). */
static void region_chunk_free(nsa_chunk *c)
{
	nsa_region *g = c->region;
	if (atomic_load_explicit(&g->refs, memory_order_relaxed) > 1) {
		size_t page = (size_t)sysconf(_SC_PAGESIZE);
		uintptr_t from = round_up((uintptr_t)c, page);
		uintptr_t to = ((uintptr_t)c->data + c->cap) / page * page;
		if (to > from)
			madvise((void *)from, to - from, MADV_DONTNEED);
	}
	nsa_region_drop(&g);
}

void nsa_free(nsa_arena *a)
{
	nsa_chunk *c = a->head;
	while (c) {
		nsa_chunk *n = c->next;
		if (c->region)
			region_chunk_free(c);
		else
			free(c);
		c = n;
	}
	a->head = NULL;
}
