/*
 * model.h — the report as it lives in memory (internal).
 *
 * All strings of a report sit in its arena and are freed with it.  Once a
 * loader has filled a report it is never written again, which is what lets
 * threads and Lua states share it without copies or locks.
 */
#ifndef NS_MODEL_H
#define NS_MODEL_H

#include "nianshen.h"
#include "map/template.h"

#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>

typedef struct nsa_chunk nsa_chunk;
typedef struct nsa_arena {
	nsa_chunk *head;
} nsa_arena;

void *nsa_alloc(nsa_arena *a, size_t n);   /* zeroed, 8-aligned */
char *nsa_strndup(nsa_arena *a, const char *s, size_t n);
char *nsa_strdup(nsa_arena *a, const char *s); /* NULL → NULL */
char *nsa_printf(nsa_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int nsa_reserve(nsa_arena *a, size_t n);  /* size the first chunk */
void nsa_free(nsa_arena *a);
/* The first chunk cut from *from, a region of huge pages shared by the
 * reports of a run (arena.c), a new region made when it has no room. */
typedef struct nsa_region nsa_region;
int nsa_reserve_in(nsa_arena *a, size_t n, nsa_region **from);
void nsa_region_drop(nsa_region **region); /* the holder's reference */
void nsa_fit(nsa_arena *a); /* what the first chunk did not use, back */

/* A buffer a context lends to its loads one at a time (the mapper's
 * characters, the largest thing a load makes and drops): passed from load
 * to load instead of through malloc, it keeps a loop of loads off the
 * kernel.  glibc gives the top of its heap back past a threshold (128 KB
 * at first), the next load then touches those pages afresh, and a first
 * touch costs about 12 µs a page on the virtual machines measured: a 9 KB
 * report loaded in 0.7 ms instead of 0.15 ms, depending on what was loaded
 * before it. */
typedef struct nsa_scratch {
	void *p;
	size_t cap; /* bytes */
} nsa_scratch;
/* A buffer of at least `bytes`, the scratch's own when it is big enough
 * (s may be NULL); *cap: its size. */
void *nsa_scratch_take(nsa_scratch *s, size_t bytes, size_t *cap);
/* p (cap bytes, or NULL) back to s, or freed when s is NULL or p is too
 * big to hold on to between loads. */
void nsa_scratch_give(nsa_scratch *s, void *p, size_t cap);

typedef struct ns_table_data {
	int found;
	const nsm_table *tpl;    /* layout in the table's own edition */
	ns_cell *cells;          /* nrows * ncols; only masked cells are used */
} ns_table_data;

/* Where the text of a section comes from: the character at byte `byte` of
 * the section text (and those after it, column by column, up to the next
 * anchor) stands at `pos`. */
typedef struct nsr_anchor {
	int byte;
	ns_pos pos;
} nsr_anchor;

struct ns_report {
	atomic_int refs;
	nsa_arena arena;
	ns_meta meta;
	ns_section sections[NS_NSECTIONS];
	nsr_anchor *anchors[NS_NSECTIONS];
	int nanchors[NS_NSECTIONS];
	ns_table_data tables[NSM_NTABLES];
	ns_diag *diags;
	int ndiag, capdiag;
	int dropped;    /* diagnostics over NSR_MAX_DIAGS, counted not kept */
};

/* Table t's layout: its own edition's, or 2021's for a table not found. */
static inline const nsm_table *nsr_table_tpl(const ns_report *r, int t)
{
	return r->tables[t].tpl ? r->tables[t].tpl : nsm_table_get(t, NS_EDITION_2021);
}

/* A damaged document can produce a diagnostic per value; past this many
 * the rest are counted in one closing "diag.truncated". */
#define NSR_MAX_DIAGS 1000

ns_report *nsr_new(void);
/* Give a table its layout and zeroed cells. */
int nsr_table_init(ns_report *r, int t, ns_edition ed);
ns_cell *nsr_cell(ns_report *r, int t, int row, int col);
/* A growing byte buffer (buf.c), {0} to begin, free(p) to end: its n
 * bytes are always followed by a NUL once anything was put.  A failed
 * allocation sets oom, and later puts do nothing. */
typedef struct nsb {
	char *p;
	size_t n, cap;
	int oom;
} nsb;
/* Room for `more` bytes (and the NUL) without growing again; -1 on oom. */
int nsb_reserve(nsb *b, size_t more);
/* Append n bytes (inline: the writers append a field, a word or a mark at
 * a time, and a call each was a cost of its own). */
static inline void nsb_put(nsb *b, const void *s, size_t n)
{
	if (b->oom || (b->cap - b->n < n + 1 && nsb_reserve(b, n) != 0))
		return;
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}
/* Fork a worker joined to the caller by a stream socket (proc.c): the
 * parent gets the pid and its end in *fd; the worker gets 0 and its end
 * as descriptor 3, with every other descriptor above stdio closed, and is
 * killed when the thread that forked it ends (PR_SET_PDEATHSIG); -1 on
 * failure. */
pid_t nsp_fork_worker(int *fd);
/* Send the n pieces iov[] over a worker's socket as one message, as far as
 * the socket takes it, the rest after (iov is used up): one wake-up of the
 * reader, no copy into one buffer.  No SIGPIPE: a peer gone is -1. */
struct iovec;
int nsp_send_all(int fd, struct iovec *iov, int n);
/* Write all n bytes of p to fd, going on after a write cut short or
 * interrupted; the bytes written (n, or fewer with errno set, 0 when the
 * file took none).  Async-signal-safe. */
size_t nsp_write_all(int fd, const void *p, size_t n);
/* End worker pid (SIGKILL first when kill_it) and close its socket fd; its
 * wait status.  An idle worker is given two seconds to end on its own. */
int nsp_reap(pid_t pid, int fd, int kill_it);
/* Does the report hold anything of the template (a title that names its
 * year, a section, a table)?  One with none is not an annual report,
 * whatever its form. */
int nsr_has_content(const ns_report *r);
/* ns_section_pos, and the bytes it went through from the anchor before
 * byte (walked, when not NULL): what a rule asking pays (lsection.c). */
ns_pos nsr_section_pos(const ns_report *r, int index, size_t byte, size_t *walked);
/* Anchors read from outside (a report's JSON, the wire) past their
 * section's text are put at its end: ns_section_pos reads the text from an
 * anchor on and must not start past it. */
void nsr_clamp_anchors(ns_report *r);
/* Add a diagnostic; message and where are copied. Returns 0 or -1 (NOMEM). */
int nsr_diag(ns_report *r, ns_severity sev, const char *code, ns_pos pos,
             const char *where, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* A report as bytes for another process of the same binary (wire.c): what
 * a loading process sends its parent.  nsr_to_wire gives a malloc'd buffer
 * (NULL when out of memory); nsr_from_wire reads one back into a new
 * report, equal to what the canonical JSON would give, and refuses
 * (NS_ERR_FORMAT) anything short or malformed. */
char *nsr_to_wire(const ns_report *r, size_t *len);
int nsr_from_wire(ns_ctx *ctx, const char *buf, size_t len, ns_report **out);

/* The context: options, limits and the last error (as SQLite keeps its
 * message on the handle). */
struct ns_ctx {
	int code;
	char msg[2048]; /* room for a "did you mean" with every id of a table */
	long long limits[NS_NLIMITS];
	nsa_region *region; /* where reports read from the wire are cut from */
	nsa_scratch scratch; /* lent to each load (nsm_map) */
};
/* Set the context's error and return code. */
int nsc_fail(ns_ctx *ctx, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int nsc_ok(ns_ctx *ctx);

/* sha256 of a buffer as 64 hex chars + NUL. */
void ns_sha256_hex(const void *data, size_t len, char out[65]);

#endif
