/*
 * wire.c — a report as bytes, for a loading process to hand it to its
 * parent (bounded.c).
 *
 * The canonical JSON did this first and cost 0.5 ms to write in the worker
 * and 0.3 ms to parse in the parent per TXT report — the parent's share
 * serial, which is what kept two loading processes from loading twice as
 * fast as one.  Here the report's fields are written one after the other
 * (numbers in host order: both ends are the same binary on the same
 * machine) and read back into a fresh arena, about ten times cheaper.
 *
 * What comes back is what the JSON road gives, field for field (test_pool
 * checks the canonical JSON of both on every district and corpus file):
 * the same cells (those the template has), positions clamped the same way,
 * a table without a layout given the 2021 one, editions and kinds mapped
 * to the known values.  The bytes come from a process that has run
 * third-party code on untrusted input, so the reader trusts nothing:
 * every length is checked against what is left, every count against a
 * bound, and a short or malformed message is NS_ERR_FORMAT, never a read
 * out of bounds.
 */
#include "model.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WIRE_MAGIC 0x3157534eu /* "NSW1" */

/* ---- writing --------------------------------------------------------- */

static void put_i32(nsb *b, int v)
{
	int32_t x = v;
	nsb_put(b, &x, sizeof x);
}

static void put_pos(nsb *b, ns_pos p)
{
	int32_t x[3] = {p.page, p.line, p.col};
	nsb_put(b, x, sizeof x);
}

/* length + 1 (0: NULL), then the bytes without their NUL */
static void put_str(nsb *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	uint32_t k = s ? (uint32_t)n + 1 : 0;
	nsb_put(b, &k, sizeof k);
	if (s)
		nsb_put(b, s, n);
}

char *nsr_to_wire(const ns_report *r, size_t *len)
{
	nsb b = {0};
	nsb_reserve(&b, 16384); /* a text report's whole message, at once */
	uint32_t magic = WIRE_MAGIC;
	nsb_put(&b, &magic, sizeof magic);
	const ns_meta *m = &r->meta;
	put_str(&b, m->path);
	put_str(&b, m->media_type);
	put_str(&b, m->encoding);
	put_str(&b, m->sha256);
	put_str(&b, m->agency);
	put_i32(&b, m->agency_type);
	put_i32(&b, m->year);
	put_i32(&b, m->edition);
	put_str(&b, m->title);
	put_str(&b, m->period);
	put_str(&b, m->published);
	put_pos(&b, m->title_pos);
	put_pos(&b, m->period_pos);
	put_pos(&b, m->published_pos);
	for (int i = 0; i < NS_NSECTIONS; i++) {
		const ns_section *s = &r->sections[i];
		put_i32(&b, s->found);
		put_str(&b, s->title);
		put_str(&b, s->text);
		int32_t lines[4] = {s->line_start, s->line_end, s->page_start, s->page_end};
		nsb_put(&b, lines, sizeof lines);
		put_pos(&b, s->title_pos);
		put_i32(&b, r->nanchors[i]);
		for (int k = 0; k < r->nanchors[i]; k++) {
			const nsr_anchor *a = &r->anchors[i][k];
			int32_t x[4] = {a->byte, a->pos.page, a->pos.line, a->pos.col};
			nsb_put(&b, x, sizeof x);
		}
	}
	for (int t = 0; t < NSM_NTABLES; t++) {
		const ns_table_data *td = &r->tables[t];
		const nsm_table *tpl = nsr_table_tpl(r, t);
		put_i32(&b, td->found);
		put_i32(&b, tpl->edition);
		put_i32(&b, td->cells != NULL);
		/* the cells the template has, in order (as the JSON has them) */
		for (int i = 0; td->cells && i < tpl->nrows; i++)
			for (int j = 0; j < tpl->ncols; j++) {
				if (!nsm_has_cell(tpl, i, j))
					continue;
				const ns_cell *c = &td->cells[i * tpl->ncols + j];
				put_i32(&b, (c->has_value != 0) | (c->inferred != 0) << 1);
				nsb_put(&b, &c->value, sizeof c->value);
				put_str(&b, c->raw);
				put_pos(&b, c->pos);
			}
	}
	put_i32(&b, r->ndiag);
	for (int i = 0; i < r->ndiag; i++) {
		const ns_diag *d = &r->diags[i];
		put_i32(&b, d->severity);
		put_str(&b, d->code);
		put_str(&b, d->message);
		put_str(&b, d->where);
		put_pos(&b, d->pos);
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	*len = b.n;
	return b.p;
}

/* ---- reading --------------------------------------------------------- */

typedef struct rbuf {
	const char *p, *end;
	int bad;    /* short or malformed */
	int nomem;
	nsa_arena *a;
} rbuf;

static void get(rbuf *b, void *dst, size_t n)
{
	if (b->bad || (size_t)(b->end - b->p) < n) {
		b->bad = 1;
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, b->p, n);
	b->p += n;
}

static int get_i32(rbuf *b)
{
	int32_t x;
	get(b, &x, sizeof x);
	return x;
}

/* As the JSON reader takes a position (json.c, pos_int): a negative one,
 * or one so large that counting on from it overflows, is no position. */
#define MAX_POS (1 << 30)
static int pos_int(int x)
{
	return x < 0 || x > MAX_POS ? 0 : x;
}

static ns_pos get_pos(rbuf *b)
{
	int32_t x[3];
	get(b, x, sizeof x);
	return (ns_pos){pos_int(x[0]), pos_int(x[1]), pos_int(x[2])};
}

static const char *get_str(rbuf *b)
{
	uint32_t k;
	get(b, &k, sizeof k);
	if (b->bad || k == 0)
		return NULL;
	if ((size_t)(b->end - b->p) < (size_t)k - 1) {
		b->bad = 1;
		return NULL;
	}
	char *s = nsa_strndup(b->a, b->p, (size_t)k - 1);
	if (!s)
		b->nomem = 1;
	b->p += k - 1;
	return s;
}

/* A count of records of `size` bytes each that the rest could hold. */
static int get_count(rbuf *b, size_t size, int max)
{
	int n = get_i32(b);
	if (n < 0 || n > max || (size_t)n > (size_t)(b->end - b->p) / size) {
		b->bad = 1;
		return 0;
	}
	return n;
}

/* What a report read from len bytes of wire takes in its arena, about:
 * its strings and anchors are on the wire (with a length before each,
 * the NUL and alignment after each in the arena), its cells a fixed array
 * per table whatever the wire holds. */
static size_t arena_estimate(size_t len)
{
	size_t cells = 0;
	for (int t = 0; t < NSM_NTABLES; t++) {
		const nsm_table *a = nsm_table_get(t, NS_EDITION_2021);
		const nsm_table *b = nsm_table_get(t, NS_EDITION_2019);
		size_t na = (size_t)a->nrows * (size_t)a->ncols, nb = (size_t)b->nrows * (size_t)b->ncols;
		cells += (na > nb ? na : nb) * sizeof(ns_cell);
	}
	return len + len / 8 + cells + 256;
}

int nsr_from_wire(ns_ctx *ctx, const char *buf, size_t len, ns_report **out)
{
	*out = NULL;
	ns_report *r = nsr_new();
	if (!r || nsa_reserve_in(&r->arena, arena_estimate(len), &ctx->region) != 0) {
		ns_report_release(r);
		return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	}
	rbuf b = {buf, buf + len, 0, 0, &r->arena};
	uint32_t magic;
	get(&b, &magic, sizeof magic);
	if (magic != WIRE_MAGIC)
		b.bad = 1;
	ns_meta *m = &r->meta;
	m->path = get_str(&b);
	m->media_type = get_str(&b);
	m->encoding = get_str(&b);
	m->sha256 = get_str(&b);
	m->agency = get_str(&b);
	int at = get_i32(&b);
	m->agency_type = at >= NS_AGENCY_UNKNOWN && at <= NS_AGENCY_DEPARTMENT
	                 ? (ns_agency_type)at : NS_AGENCY_UNKNOWN;
	m->year = get_i32(&b);
	int ed = get_i32(&b);
	m->edition = ed == 2019 ? NS_EDITION_2019 : ed == 2021 ? NS_EDITION_2021
	                                                       : NS_EDITION_UNKNOWN;
	m->title = get_str(&b);
	m->period = get_str(&b);
	m->published = get_str(&b);
	m->title_pos = get_pos(&b);
	m->period_pos = get_pos(&b);
	m->published_pos = get_pos(&b);
	for (int i = 0; i < NS_NSECTIONS && !b.bad; i++) {
		ns_section *s = &r->sections[i];
		s->found = get_i32(&b) != 0;
		s->title = get_str(&b);
		s->text = get_str(&b);
		int32_t lines[4];
		get(&b, lines, sizeof lines);
		s->line_start = lines[0];
		s->line_end = lines[1];
		/* the JSON has page_end only beside a page_start */
		s->page_start = lines[2];
		s->page_end = lines[2] ? lines[3] : 0;
		s->title_pos = get_pos(&b);
		int n = get_count(&b, 4 * sizeof(int32_t), INT_MAX);
		if (n > 0) {
			r->anchors[i] = nsa_alloc(&r->arena, (size_t)n * sizeof(nsr_anchor));
			if (!r->anchors[i]) {
				b.nomem = 1;
				break;
			}
			r->nanchors[i] = n;
			for (int k = 0; k < n; k++) {
				int32_t x[4];
				get(&b, x, sizeof x);
				r->anchors[i][k] = (nsr_anchor){pos_int(x[0]),
					{pos_int(x[1]), pos_int(x[2]), pos_int(x[3])}};
			}
		}
	}
	for (int t = 0; t < NSM_NTABLES && !b.bad && !b.nomem; t++) {
		int found = get_i32(&b);
		int ted = get_i32(&b);
		int has_cells = get_i32(&b);
		if (nsr_table_init(r, t, ted == 2019 ? NS_EDITION_2019 : NS_EDITION_2021)) {
			b.nomem = 1;
			break;
		}
		r->tables[t].found = found != 0;
		const nsm_table *tpl = r->tables[t].tpl;
		for (int i = 0; has_cells && i < tpl->nrows && !b.bad; i++)
			for (int j = 0; j < tpl->ncols; j++) {
				if (!nsm_has_cell(tpl, i, j))
					continue;
				ns_cell *c = nsr_cell(r, t, i, j);
				int flags = get_i32(&b);
				double v;
				get(&b, &v, sizeof v);
				/* JSON has no NaN nor infinity: such a value is null there */
				if ((flags & 1) && isfinite(v)) {
					c->has_value = 1;
					c->value = v;
				}
				c->inferred = (flags & 2) != 0;
				c->raw = get_str(&b);
				c->pos = get_pos(&b);
			}
	}
	int nd = b.bad || b.nomem ? 0 : get_count(&b, 5 * sizeof(int32_t), NSR_MAX_DIAGS + 1);
	if (nd > 0 && !(r->diags = malloc((size_t)nd * sizeof *r->diags)))
		b.nomem = 1;
	for (int i = 0; i < nd && !b.bad && !b.nomem; i++) {
		ns_diag *d = &r->diags[i];
		int sev = get_i32(&b);
		d->severity = sev == NS_WARNING ? NS_WARNING : sev == NS_ERROR ? NS_ERROR : NS_INFO;
		d->code = get_str(&b);
		if (!d->code)
			d->code = "unknown";
		d->message = get_str(&b);
		if (!d->message)
			d->message = "";
		d->where = get_str(&b);
		d->pos = get_pos(&b);
		r->ndiag = r->capdiag = i + 1;
	}
	if (!b.bad && !b.nomem && b.p != b.end)
		b.bad = 1; /* more than a report */
	if (b.nomem) {
		ns_report_release(r);
		return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	}
	if (b.bad) {
		ns_report_release(r);
		return nsc_fail(ctx, NS_ERR_FORMAT, "a malformed report message (%zu bytes)", len);
	}
	/* as every road into a report says (load.c, json.c) */
	if (!nsr_has_content(r)) {
		ns_report_release(r);
		return nsc_fail(ctx, NS_ERR_FORMAT, "not an annual report: the model "
		                "has no title, no section and no table");
	}
	nsr_clamp_anchors(r);
	nsa_fit(&r->arena);
	*out = r;
	return NS_OK;
}
