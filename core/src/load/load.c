/* load.c — the context, form detection and the one loading road:
 * bytes → form → loader → layout → mapper → report. */
#include "layout.h"
#include "map/map.h"
#include "text/text.h"
#include "mime.h"
#include "unwrap.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int nsr_from_json(ns_ctx *ctx, const char *buf, size_t len, ns_report **out);

#define NS_MAX_TEXT_BYTES (8 << 20)
/* bytes of a text weighed for markup: a page shows what it is early */
#define DETECT_MARKUP (1 << 20)

/* ---- context --------------------------------------------------------- */

static const long long limit_defaults[NS_NLIMITS] = {
	64ll << 20,  /* NS_LIMIT_INPUT_BYTES */
	64ll << 20,  /* NS_LIMIT_RULE_MEMORY */
	50000000ll,  /* NS_LIMIT_RULE_STEPS */
	64ll << 20,  /* NS_LIMIT_UNZIPPED_BYTES */
	10,          /* NS_LIMIT_RULE_SECONDS */
	60,          /* NS_LIMIT_LOAD_SECONDS: the slowest real PDF loads in 1 s */
	2ll << 30,   /* NS_LIMIT_LOAD_MEMORY */
};

ns_ctx *ns_open(void)
{
	ns_ctx *ctx = calloc(1, sizeof *ctx);
	if (ctx)
		memcpy(ctx->limits, limit_defaults, sizeof limit_defaults);
	return ctx;
}

void ns_close(ns_ctx *ctx)
{
	if (ctx) {
		nsa_region_drop(&ctx->region); /* the reports cut from it keep it */
		nsa_scratch_give(NULL, ctx->scratch.p, ctx->scratch.cap);
	}
	free(ctx);
}

int ns_errcode(const ns_ctx *ctx)
{
	return ctx ? ctx->code : NS_ERR_ARG;
}

const char *ns_errmsg(const ns_ctx *ctx)
{
	return ctx ? ctx->msg : "no context";
}

int nsc_fail(ns_ctx *ctx, int code, const char *fmt, ...)
{
	if (!ctx)
		return code;
	ctx->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
	va_end(ap);
	return code;
}

int nsc_ok(ns_ctx *ctx)
{
	if (ctx) {
		ctx->code = NS_OK;
		ctx->msg[0] = 0;
	}
	return NS_OK;
}

long long ns_limit_get(const ns_ctx *ctx, ns_limit which)
{
	if (!ctx || which < 0 || which >= NS_NLIMITS)
		return -1;
	return ctx->limits[which];
}

int ns_limit_set(ns_ctx *ctx, ns_limit which, long long value)
{
	if (!ctx || which < 0 || which >= NS_NLIMITS || value <= 0)
		return nsc_fail(ctx, NS_ERR_ARG, "invalid limit or value");
	ctx->limits[which] = value;
	return nsc_ok(ctx);
}

const char *ns_strerror(int code)
{
	static const char *const names[] = {
		"NS_OK", "NS_ERR_ARG", "NS_ERR_NOMEM", "NS_ERR_IO", "NS_ERR_TOO_LARGE",
		"NS_ERR_EMPTY", "NS_ERR_ENCODING", "NS_ERR_FORMAT", "NS_ERR_NO_TEXT",
		"NS_ERR_ENCRYPTED", "NS_ERR_UNSUPPORTED", "NS_ERR_RULE", "NS_ERR_LIMIT",
		"NS_ERR_NOTFOUND"};
	if (code < 0 || code >= (int)(sizeof names / sizeof names[0]))
		return "NS_ERR_UNKNOWN";
	return names[code];
}

const char *ns_version(void)
{
	return NS_VERSION;
}

/* ---- detection ------------------------------------------------------ */


static int has_ext(const char *name, const char *ext)
{
	if (!name)
		return 0;
	size_t n = strlen(name), m = strlen(ext);
	return n > m && strcasecmp(name + n - m, ext) == 0;
}

int ns_report_name(const char *name)
{
	/* .doc and .wps are read by no loader, but they are reports an agency
	 * published: scored, they fail to load saying what they are (a legacy
	 * Word or WPS file, to convert), and the agency keeps its row in the
	 * ranking instead of vanishing with a line on stderr */
	static const char *const ext[] = {".txt", ".md", ".markdown", ".html", ".htm",
		".xhtml", ".shtml", ".mht", ".mhtml", ".docx", ".pdf", ".json", ".doc", ".wps",
		NULL};
	if (!name || name[0] == '.' || strcasecmp(name, "README.md") == 0)
		return 0;
	for (int i = 0; ext[i]; i++)
		if (has_ext(name, ext[i]))
			return 1;
	return -1;
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* Every needle here starts with punctuation ('<', '"', '\n', '|'), which
 * has no case: memchr finds the candidates, and only they are compared
 * (a comparison at every byte of 64 KiB was most of detecting a text). */
static int contains_ci(const char *buf, size_t len, const char *needle)
{
	size_t m = strlen(needle);
	if (m == 0 || len < m)
		return m == 0;
	unsigned char c0 = (unsigned char)needle[0];
	if ((c0 | 0x20) >= 'a' && (c0 | 0x20) <= 'z') {
		for (size_t i = 0; i + m <= len; i++)
			if (strncasecmp(buf + i, needle, m) == 0)
				return 1;
		return 0;
	}
	const char *end = buf + len - m + 1, *p = buf;
	while (p < end && (p = memchr(p, c0, (size_t)(end - p)))) {
		if (strncasecmp(p + 1, needle + 1, m - 1) == 0)
			return 1;
		p++;
	}
	return 0;
}

/* Lines of the first n bytes that are a row of a pipe table: "| a | b |"
 * (the first and last marks of the line, two cells at least), or "a | b |"
 * as a page's text dump writes a row (no mark before its first cell, one
 * after each: three marks at least, so that a line ending "… | 1 |" is
 * no row of words); never a line of pipes alone. */
static int pipe_rows(const char *buf, size_t n)
{
	int rows = 0;
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - buf) : n, a = i, b = e;
		while (a < b && (buf[a] == ' ' || buf[a] == '\t'))
			a++;
		while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t' || buf[b - 1] == '\r'))
			b--;
		int marks = 0;
		for (size_t k = a; k < b; k++)
			marks += buf[k] == '|';
		/* (a line of pipes alone, "|||||", a dump's row of empty cells,
		 * says nothing of the form: a text of cells one a line has them) */
		if (b - a >= 5 && buf[b - 1] == '|' && marks >= 3 && marks < (int)(b - a))
			rows++;
		i = e + 1;
	}
	return rows;
}

/* Lines of a table drawn with box-drawing characters, as w3m and elinks
 * dump a page's tables ("│ 规章 │ 0 │"): a bar first and another after
 * it.  UTF-8 only (the bar is E2 94 82, the heavy one E2 94 83). */
static int drawn_rows(const char *buf, size_t n)
{
	int rows = 0;
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - buf) : n, a = i;
		while (a < e && (buf[a] == ' ' || buf[a] == '\t'))
			a++;
		if (e - a >= 6 && memcmp(buf + a, "\xE2\x94", 2) == 0 &&
		    ((unsigned char)buf[a + 2] == 0x82 || (unsigned char)buf[a + 2] == 0x83) &&
		    (memmem(buf + a + 3, e - a - 3, "\xE2\x94\x82", 3) ||
		     memmem(buf + a + 3, e - a - 3, "\xE2\x94\x83", 3)))
			rows++;
		i = e + 1;
	}
	return rows;
}

/* Does the text open as a MIME message with an HTML part (MHT)?  Its first
 * line a header (MIME-Version:, a browser's "From: <Saved by …>", or the
 * Content-Type of a multipart/related), text/html among its first 8 KiB,
 * and an HTML part the MIME reader finds. */
static int mime_head(const char *p, size_t n)
{
	size_t head = n < 8192 ? n : 8192;
	if (!((n >= 13 && strncasecmp(p, "MIME-Version:", 13) == 0) ||
	      (n >= 15 && strncmp(p, "From: <Saved by", 15) == 0) ||
	      (n >= 33 && strncasecmp(p, "Content-Type: multipart/related", 31) == 0)) ||
	    !contains_ci(p, head, "text/html"))
		return 0;
	/* and an HTML part is there to read (found, not decoded: load_markup
	 * decodes it): a mail saved as text whose page the MIME reader cannot
	 * find is read as the text it was */
	return nsl_mime_html(p, n, NULL, NULL) != 0;
}

/* Does s hold "\xE2\x94" (the lead of U+2500…U+253F, box drawing)?  By
 * memchr from one E2 to the next: memmem walked every byte, and E2 leads
 * only a few punctuation marks of a Chinese text. */
static int has_box_lead(const char *s, size_t n)
{
	const char *e = s + n;
	for (const char *q = s; q + 1 < e && (q = memchr(q, '\xE2', (size_t)(e - q - 1))) != NULL;
	     q++)
		if (q[1] == '\x94')
			return 1;
	return 0;
}

ns_form nsl_detect(const char *buf, size_t len, const char *name)
{
	if (len >= 5 && memcmp(buf, "%PDF-", 5) == 0)
		return NS_FORM_PDF;
	/* a PDF header may sit after some junk bytes (allowed within 1 KiB):
	 * tried only at a '%' (memchr, not a compare at every byte) */
	for (const char *q = buf, *e = buf + (len < 1028 ? len : 1028);
	     (q = memchr(q, '%', (size_t)(e - q))) != NULL; q++)
		if (e - q >= 5 && memcmp(q, "%PDF-", 5) == 0)
			return NS_FORM_PDF;
	if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0)
		return NS_FORM_DOCX;
	if (len >= 8 && memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return NS_FORM_DOCX; /* OLE: encrypted DOCX or legacy .doc; the loader says which */
	const char *p = skip_ws(buf, buf + len);
	size_t head = (size_t)(buf + len - p) < 4096 ? (size_t)(buf + len - p) : 4096;
	if (p < buf + len && *p == '{' && contains_ci(p, head, "\"nianshen\""))
		return NS_FORM_JSON;
	/* Markdown may hold some HTML of its own (an <img> banner, a <br> in
	 * a table, a converter's <div> around the page's info bar first): a
	 * .md file goes to HTML only when it is a page */
	int md = has_ext(name, ".md") || has_ext(name, ".markdown");
	if (p < buf + len && *p == '<' &&
	    (contains_ci(p, head, "<html") || contains_ci(p, head, "<!doctype html") ||
	     contains_ci(p, head, "<body") ||
	     (!md && (contains_ci(p, head, "<table") || contains_ci(p, head, "<meta") ||
	              contains_ci(p, head, "<div")))))
		return NS_FORM_HTML;
	/* a web archive (MHT: a page saved as one file) holding a page */
	if (p < buf + len && *p != '<' && mime_head(p, (size_t)(buf + len - p)))
		return NS_FORM_HTML;
	/* HTML inside other text.  Markup is never content: a JS or JSON file
	 * whose string holds the page is read as that page (the loader
	 * unescapes it), and so is text that is mostly markup (a .txt of
	 * "view source", a fragment) — read as text, its attribute values
	 * ("width:219px") would become cells. */
	if (p < buf + len && *p != '<' && nsl_unwrap(buf, len, NULL) > 0)
		return NS_FORM_HTML;
	if (has_ext(name, ".json") && p < buf + len && (*p == '{' || *p == '['))
		return NS_FORM_JSON; /* the JSON reader says what is wrong with it */
	if (memchr(buf, '<', len)) {
		nsl_markup m;
		nsl_markup_scan(buf, len < DETECT_MARKUP ? len : DETECT_MARKUP, &m);
		if (md ? m.leads && nsl_mostly_markup(&m)
		       : (m.leads && m.tags >= 2) || nsl_mostly_markup(&m))
			return NS_FORM_HTML;
	}
	/* Markdown: pipe-table rows "|…|" with a delimiter row, or the
	 * extension with any markdown structure */
	size_t scan = len < 65536 ? len : 65536;
	/* (each has a '|', which has no case: a text without one is passed
	 * over with a memchr, not three scans) */
	const char *bar = memchr(buf, '|', scan);
	const char *from = bar && bar > buf ? bar - 1 : bar; /* a '\n' just before it */
	size_t left = bar ? scan - (size_t)(from - buf) : 0;
	if (bar && (contains_ci(from, left, "\n|---") || contains_ci(from, left, "\n| ---") ||
	            contains_ci(from, left, "|:---")))
		return NS_FORM_MD;
	/* ... or pipe-table rows without the delimiter row: a text whose
	 * tables were written (or saved from a page) as "| 行政处罚 | 1 |"
	 * has its cells there, which the text loader would take for words */
	if (bar && pipe_rows(buf, scan) >= 3)
		return NS_FORM_MD;
	/* ... or tables drawn with box-drawing characters (a text browser's
	 * dump, w3m -dump, elinks -dump): the Markdown reader reads them as
	 * the grids they are */
	if (has_box_lead(buf, scan) && drawn_rows(buf, scan) >= 3)
		return NS_FORM_MD;
	if (md)
		return NS_FORM_MD;
	if (has_ext(name, ".html") || has_ext(name, ".htm"))
		return NS_FORM_HTML;
	return NS_FORM_TXT;
}

/* ---- loading ------------------------------------------------------- */

static int run_loader(ns_form form, nsl_layout *l, const char *buf, size_t len,
                      const nsl_limits *lim)
{
	switch (form) {
	case NS_FORM_TXT: return nsl_load_txt(l, buf, len, lim);
	case NS_FORM_MD: return nsl_load_md(l, buf, len, lim);
	case NS_FORM_HTML: return nsl_load_html(l, buf, len, lim);
	case NS_FORM_DOCX: return nsl_load_docx(l, buf, len, lim);
	case NS_FORM_PDF: return nsl_load_pdf(l, buf, len, lim);
	default: return nsl_fail(l, NS_ERR_ARG, "no loader for this form");
	}
}

/* ---- HTML inside other text ---------------------------------------------- */

/* What the road did to a file before its loader read it: said in the
 * report's diagnostics and in every message about the file. */
enum { HOW_AS_IS, HOW_UNWRAPPED, HOW_MARKUP, HOW_STRIPPED, HOW_MIME };

typedef struct how {
	int kind;
	ns_pos at;       /* the literal, or the first tag */
	size_t tags;
	int json;
	char key[48];
	char note[128];  /* " (…)" after the file's name in messages */
} how;

static int html_name(const char *name)
{
	return has_ext(name, ".html") || has_ext(name, ".htm") ||
	       has_ext(name, ".xhtml") || has_ext(name, ".shtml");
}

/* The line and column of byte off of s (off is inside s: s[off] is read,
 * to tell a CR alone from CRLF's); lines as the text loader reads them. */
static ns_pos pos_of(const char *s, size_t off)
{
	int line = 1;
	size_t from = 0;
	for (size_t i = 0; i < off; i++)
		if ((s[i] == '\n' || s[i] == '\r') && nst_line_break(s, off + 1, i)) {
			line++;
			from = i + 1;
		}
	return (ns_pos){0, line, 1 + (int)nst_utf8_len(s + from, off - from)};
}

/* A page behind lines of text (a crawler's "标题：…" and "来源：…" before
 * the <!DOCTYPE> of a saved page): HTML would run those lines together
 * into one paragraph, title and source glued.  A <br> at the end of each
 * keeps them lines; inserted before the line break, it moves no line and
 * no column of anything the loader reports. */
static int load_html_behind_text(nsl_layout *l, const char *buf, size_t len,
                                 const nsl_limits *lim)
{
	nsl_markup m;
	nsl_markup_scan(buf, len < DETECT_MARKUP ? len : DETECT_MARKUP, &m);
	size_t lines = 0;
	for (size_t i = 0; m.tags && i < m.first; i++)
		lines += buf[i] == '\n';
	if (!lines)
		return nsl_load_html(l, buf, len, lim);
	char *b = malloc(len + 4 * lines);
	if (!b)
		return nsl_fail(l, NS_ERR_NOMEM, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (i < m.first && buf[i] == '\n') {
			memcpy(b + k, "<br>", 4);
			k += 4;
		}
		b[k++] = buf[i];
	}
	int rc = nsl_load_html(l, b, k, lim);
	free(b);
	return rc;
}

/* HTML and text go through here: a JS/JSON wrapper is unwrapped and read
 * as HTML, a text of markup read as HTML says so, and a text read as text
 * loses its tags first.  Positions stay those of the file: the loaders
 * read a transformed text, and nsl_remap takes every position back
 * through its byte map. */
static int load_markup(ns_form form, int forced, nsl_layout *l, const char *buf,
                       size_t len, const nsl_limits *lim, const char *name, how *h)
{
	if (form != NS_FORM_HTML && form != NS_FORM_TXT)
		return run_loader(form, l, buf, len, lim);
	const char *p = skip_ws(buf, buf + len);
	int page = p < buf + len && *p == '<';
	if (form == NS_FORM_HTML && page && (forced || html_name(name)))
		return nsl_load_html(l, buf, len, lim);
	/* a web archive (a page saved "as a single file"): its HTML part */
	char *part = NULL;
	size_t pn = 0;
	int mime = form == NS_FORM_HTML && !page
	               ? nsl_mime_html(p, (size_t)(buf + len - p), &part, &pn) : 0;
	if (mime) {
		int rc = mime < 0 ? nsl_fail(l, NS_ERR_NOMEM, "out of memory")
		                  : nsl_load_html(l, part, pn, lim);
		free(part);
		h->kind = HOW_MIME;
		snprintf(h->note, sizeof h->note, " (the HTML of a web archive)");
		return rc;
	}
	/* binary data, or no tag possible: the loaders as ever */
	if (!memchr(buf, '<', len) || memchr(buf, 0, len))
		return run_loader(form, l, buf, len, lim);
	char *u8;
	size_t n, bad = 0;
	const char *enc;
	if (nst_to_utf8(buf, len, lim->utf8 ? nst_utf8_checked : NULL, &u8, &n, &enc,
	                &bad) != 0)
		return run_loader(form, l, buf, len, lim); /* it says why */
	nsl_limits again = *lim; /* a text made from buf is checked anew */
	again.utf8 = 0;
	nsl_xform x = {0};
	nsl_markup m;
	int rc;
	if (form == NS_FORM_HTML) {
		int w = page ? 0 : nsl_unwrap(u8, n, &x);
		if (w < 0) {
			rc = nsl_fail(l, NS_ERR_NOMEM, "out of memory");
		} else if (w > 0) {
			h->kind = HOW_UNWRAPPED;
			h->at = pos_of(u8, x.at);
			h->tags = x.tags;
			h->json = x.json;
			snprintf(h->key, sizeof h->key, "%s", x.key);
			snprintf(h->note, sizeof h->note, " (HTML in the %s string%s%s%s at "
			         "line %d, column %d)", x.json ? "JSON" : "JavaScript",
			         x.key[0] ? " \"" : "", x.key, x.key[0] ? "\"" : "",
			         h->at.line, h->at.col);
			rc = nsl_load_html_utf8(l, x.text, x.len, lim);
			if (rc == NS_OK)
				rc = nsl_remap(l, &x, u8, n);
			l->encoding = enc;
			l->encoding_at = bad;
		} else {
			rc = load_html_behind_text(l, buf, len, lim);
			if (!forced && !html_name(name)) {
				nsl_markup_scan(u8, n, &m);
				h->kind = HOW_MARKUP;
				h->tags = m.tags;
				h->at = m.tags ? pos_of(u8, m.first) : (ns_pos){0, 0, 0};
				snprintf(h->note, sizeof h->note, " (read as HTML: the text is markup)");
			}
		}
	} else {
		nsl_markup_scan(u8, n, &m);
		if (m.tags == 0) {
			rc = nsl_load_txt(l, buf, len, lim);
		} else if ((rc = nsl_strip_tags(u8, n, &x)) != NS_OK) {
			rc = nsl_fail(l, rc, "out of memory");
		} else {
			/* read as text, markup is taken out first: no attribute value
			 * ("width:219px", <col width="120">) becomes a cell */
			h->kind = HOW_STRIPPED;
			h->tags = x.tags;
			h->at = pos_of(u8, m.first);
			snprintf(h->note, sizeof h->note, " (text with %zu HTML tags taken out)",
			         x.tags);
			rc = nsl_load_txt(l, x.text, x.len, &again);
			if (rc == NS_OK)
				rc = nsl_remap(l, &x, u8, n);
			l->encoding = enc;
			l->encoding_at = bad;
		}
	}
	nsl_xform_free(&x);
	free(u8);
	return rc;
}

/* ---- encoding: what the bytes were before the loader read them ---------- */

/* What was done to a text's bytes so that it could be read: UTF-16
 * decoded, NUL bytes and stray bytes mended.  Said in the report's
 * diagnostics with the exact place, and in messages. */
typedef struct enc_note {
	const char *utf16;   /* "UTF-16LE"/"UTF-16BE" when decoded from it */
	int bom;
	nst_mend m;          /* NUL and bad bytes mended (nst_text_mend) */
	int utf8;            /* nothing to mend: UTF-8 without a NUL byte */
	ns_pos nul_at;
	unsigned char bad_byte;
} enc_note;

/* Text forms only (not PDF, DOCX, JSON).  UTF-16 is decoded (nothing else
 * reads it); a text good but for a few NUL or damaged bytes is mended, in
 * UTF-8, GB18030 or a file of both, so that one bad byte does not cost a
 * district a report (nst_text_mend).  *owned is the buffer to free; *buf
 * and *len are replaced when something was done.  Returns NS_OK, or an
 * error when UTF-16 does not decode or the damage is past mending. */
static int mend_text(ns_ctx *ctx, const char **buf, size_t *len, const char *label,
                     char **owned, enc_note *en)
{
	*owned = NULL;
	int bom;
	const char *u16 = nst_utf16_form(*buf, *len, &bom);
	if (u16) {
		char *u;
		size_t n, bad = 0;
		if (nst_utf16_to_utf8(*buf, *len, u16, &u, &n, &bad) != 0) {
			if (!bom) /* only looked like it: the loader says what it is */
				return NS_OK;
			return nsc_fail(ctx, NS_ERR_ENCODING, "%s: %s text (with a byte-order "
			                "mark) that does not decode: bad code unit at byte "
			                "offset %zu", label, u16, bad);
		}
		en->utf16 = u16;
		en->bom = bom;
		*owned = u;
		*buf = u;
		*len = n;
		return NS_OK;
	}
	char *m;
	size_t n;
	nst_mend *md = &en->m;
	int rc = nst_text_mend(*buf, *len, &m, &n, md);
	if (rc == 2)
		return nsc_fail(ctx, NS_ERR_ENCODING, "%s: neither UTF-8 nor GB18030: %zu "
		                "undecodable byte%s on %d line%s, the first (0x%02X) at line %d "
		                "(offset %zu): more than a damaged copy of a Chinese text holds",
		                label, md->bad, md->bad > 1 ? "s" : "", md->bad_lines,
		                md->bad_lines > 1 ? "s" : "", (unsigned char)(*buf)[md->first_bad],
		                md->bad_line, md->first_bad);
	if (rc != 0) {
		memset(md, 0, sizeof *md);
		en->utf8 = rc == 1;
		return NS_OK; /* good as it is, or not a text: the loader says */
	}
	if (md->nul)
		en->nul_at = pos_of(*buf, md->first_nul);
	if (md->bad)
		en->bad_byte = (unsigned char)(*buf)[md->first_bad];
	*owned = m;
	*buf = m;
	*len = n;
	return NS_OK;
}

static void say_encoding(ns_report *r, const enc_note *en)
{
	if (en->utf16) {
		r->meta.encoding = en->utf16;
		nsr_diag(r, NS_INFO, "source.encoding", (ns_pos){0, 0, 0}, NULL,
		         "the file is %s text (%s): it was decoded to UTF-8", en->utf16,
		         en->bom ? "with a byte-order mark" : "without a byte-order mark");
	}
	const nst_mend *m = &en->m;
	if (m->nul)
		nsr_diag(r, NS_WARNING, "source.nul", en->nul_at, NULL,
		         "%zu NUL byte%s in the text, the first at byte offset %zu: read as "
		         "space%s", m->nul, m->nul > 1 ? "s" : "", m->first_nul,
		         m->nul > 1 ? "s" : "");
	if (m->bad) {
		/* what the text was read as: its lines' encodings */
		const char *enc = r->meta.encoding && !en->utf16 ? r->meta.encoding : "UTF-8";
		const char *in = enc == nst_enc_mixed ? "a text of UTF-8 and GB18030 lines"
		               : !strcmp(enc, "GB18030") ? "a GB18030 text" : "a UTF-8 text";
		nsr_diag(r, NS_WARNING, "source.encoding",
		         (ns_pos){0, m->bad_line, m->bad_col}, NULL,
		         "%zu byte%s no decoder reads in %s, on %d line%s, the first (0x%02X) "
		         "on line %d (a %s line) at byte offset %zu: read as U+FFFD%s",
		         m->bad, m->bad > 1 ? "s" : "", in, m->bad_lines,
		         m->bad_lines > 1 ? "s" : "", en->bad_byte, m->bad_line, m->bad_in,
		         m->first_bad, m->gb ? " (in GB18030 a byte cut out of a character "
		         "pairs the bytes after it wrongly until the decoder stops: the "
		         "characters just before this one on its line may be misread too)" : "");
	}
}

static void say_how(ns_report *r, const how *h)
{
	switch (h->kind) {
	case HOW_UNWRAPPED:
		nsr_diag(r, NS_INFO, "source.unwrapped", h->at, NULL,
		         "the report is HTML held in a %s string%s%s%s (%zu tags): it was "
		         "unescaped and read as HTML; positions are those of this file",
		         h->json ? "JSON" : "JavaScript", h->key[0] ? " (" : "", h->key,
		         h->key[0] ? ")" : "", h->tags);
		break;
	case HOW_MARKUP:
		nsr_diag(r, NS_INFO, "source.markup", h->at, NULL,
		         "the file is HTML markup (%zu tags), not plain text: it was read "
		         "as HTML", h->tags);
		break;
	case HOW_STRIPPED:
		nsr_diag(r, NS_INFO, "source.markup", h->at, NULL,
		         "%zu HTML tags were taken out of the text before it was read: "
		         "markup is never content", h->tags);
		break;
	case HOW_MIME:
		nsr_diag(r, NS_INFO, "source.mime", (ns_pos){0, 0, 0}, NULL,
		         "the file is a web archive (MHT): its HTML part was decoded and "
		         "read; positions are lines and columns of that part");
		break;
	}
}

/* Names that promise a binary form (load errors say what the bytes are
 * not, rather than "not an annual report" or an encoding error). */
static const struct { const char *ext, *what; } named[] = {
	{".pdf", "a PDF (no %PDF- header)"}, {".docx", "a DOCX (not a zip archive)"},
	{".doc", "a Word document"}, {".xlsx", "a spreadsheet"},
};

static int load_form(ns_ctx *ctx, const char *buf, size_t len, const char *label,
                     const char *name, ns_form form, const ns_load_opts *opts,
                     const enc_note *en, const char *digest, ns_report **out);

int ns_load_buffer(ns_ctx *ctx, const void *data, size_t len, const char *name,
                   const ns_load_opts *opts, ns_report **out)
{
	if (!ctx || !out || (!data && len))
		return nsc_fail(ctx, NS_ERR_ARG, "ns_load_buffer: invalid argument");
	*out = NULL;
	const char *buf = data;
	size_t orig_len = len;
	const char *label = name ? name : "(buffer)";
	if ((long long)len > ctx->limits[NS_LIMIT_INPUT_BYTES])
		return nsc_fail(ctx, NS_ERR_TOO_LARGE,
		                "%s: %zu bytes is over the input limit of %lld bytes",
		                label, len, ctx->limits[NS_LIMIT_INPUT_BYTES]);
	if (len == 0)
		return nsc_fail(ctx, NS_ERR_EMPTY, "%s: empty file", label);
	ns_form form = opts && opts->form ? opts->form : nsl_detect(buf, len, name);
	/* binary bytes named like a PDF or a Word file that are neither: say
	 * so, not "binary data, not a text report" or an encoding error */
	for (size_t k = 0; form == NS_FORM_TXT && !(opts && opts->form) &&
	                   k < sizeof named / sizeof *named; k++) {
		if (!has_ext(name, named[k].ext))
			continue;
		size_t ctl = 0, n = len < 4096 ? len : 4096;
		for (size_t i = 0; i < n; i++)
			ctl += (unsigned char)buf[i] < 0x09 ||
			       ((unsigned char)buf[i] > 0x0D && (unsigned char)buf[i] < 0x20);
		if (ctl * 100 > n)
			return nsc_fail(ctx, NS_ERR_FORMAT, "%s: named %s but not %s: a damaged "
			                "or renamed file", label, named[k].ext, named[k].what);
	}
	enc_note en;
	memset(&en, 0, sizeof en);
	char *mended = NULL;
	if (form == NS_FORM_TXT || form == NS_FORM_MD || form == NS_FORM_HTML) {
		int erc = mend_text(ctx, &buf, &len, label, &mended, &en);
		if (erc != NS_OK)
			return erc;
		/* UTF-16 HTML or Markdown shows what it is only once decoded */
		if (en.utf16 && !(opts && opts->form))
			form = nsl_detect(buf, len, name);
	}
	char digest[65];
	ns_sha256_hex(data, orig_len, digest); /* of the file as it is */
	int rc = load_form(ctx, buf, len, label, name, form, opts, &en, digest, out);
	free(mended);
	return rc;
}

/* A report model (canonical JSON) is data from anywhere: what it says of
 * itself that rules and the ranking read is checked (a model nianshen
 * wrote passes unchanged: its JSON round trip stays exact). */
static void check_model(ns_report *r, const char *digest)
{
	ns_meta *m = &r->meta;
	const ns_pos none = {0, 0, 0};
	if (m->year && (m->year < 1990 || m->year > 2100)) {
		nsr_diag(r, NS_WARNING, "meta.invalid", none, NULL, "the model's year %d is no "
		         "report's year: read as unknown", m->year);
		m->year = 0;
	}
	char date[11];
	if (m->published && nst_date(m->published, strlen(m->published), date) != strlen(m->published)) {
		nsr_diag(r, NS_WARNING, "meta.invalid", none, NULL, "the model's publication date "
		         "\"%.*s\" is no date: read as unknown",
		         /* 40 bytes, cut between characters */
		         strlen(m->published) > 40 ? (int)nst_char_start(m->published, 40) : 40,
		         m->published);
		m->published = NULL;
	}
	size_t hex = m->sha256 ? strspn(m->sha256, "0123456789abcdef") : 0;
	if (!m->sha256 || hex != 64 || m->sha256[64]) {
		nsr_diag(r, NS_WARNING, "meta.invalid", none, NULL, "the model's sha256 is no "
		         "SHA-256: that of the model's own bytes is used");
		m->sha256 = nsa_strdup(&r->arena, digest);
	}
}

/* One form's loader, the mapper, and the test that a report was found. */
static int load_form(ns_ctx *ctx, const char *buf, size_t len, const char *label,
                     const char *name, ns_form form, const ns_load_opts *opts,
                     const enc_note *en, const char *digest, ns_report **out)
{
	if (form == NS_FORM_JSON) {
		/* the model keeps the source it was first loaded from */
		int rc = nsr_from_json(ctx, buf, len, out);
		if (rc != NS_OK) {
			char msg[sizeof ctx->msg];
			snprintf(msg, sizeof msg, "%s", ctx->msg);
			return nsc_fail(ctx, rc, "%s: %s", label, msg);
		}
		check_model(*out, digest);
		return nsc_ok(ctx);
	}
	nsl_layout l;
	nsl_init(&l);
	nsl_limits lim = {ctx->limits[NS_LIMIT_INPUT_BYTES],
	                  ctx->limits[NS_LIMIT_UNZIPPED_BYTES], en->utf8};
	how h;
	memset(&h, 0, sizeof h);
	int rc = load_markup(form, opts && opts->form, &l, buf, len, &lim, name, &h);
	if (rc != NS_OK) {
		nsc_fail(ctx, rc, "%s%s: %s", label, h.note,
		         l.errmsg[0] ? l.errmsg : ns_strerror(rc));
		nsl_clear(&l);
		return rc;
	}
	/* The mapper keeps a record per character: bound the text it gets (a
	 * real report is well under 1 MiB of text). */
	size_t text = 0;
	for (int i = 0; i < l.ncells; i++)
		text += l.cells[i].len;
	if (text > NS_MAX_TEXT_BYTES) {
		nsl_clear(&l);
		return nsc_fail(ctx, NS_ERR_TOO_LARGE, "%s%s: %zu bytes of text is over the "
		                "%d MiB a report can hold", label, h.note, text,
		                NS_MAX_TEXT_BYTES >> 20);
	}
	ns_report *r = nsr_new();
	if (!r) {
		nsl_clear(&l);
		return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	}
	/* a file's name may be any bytes; what every result and output
	 * names it by is UTF-8 (U+FFFD for the rest) */
	char *utf8_label = nst_utf8_mended(label, strlen(label));
	r->meta.path = utf8_label ? nsa_strdup(&r->arena, utf8_label) : NULL;
	free(utf8_label);
	r->meta.media_type = l.media_type;
	r->meta.encoding = l.encoding;
	r->meta.sha256 = nsa_strdup(&r->arena, digest);
	size_t mixed_at = l.encoding == nst_enc_mixed ? l.encoding_at : len;
	rc = nsm_map(&l, r, opts, &ctx->scratch);
	nsl_clear(&l);
	if (rc == NS_OK) {
		say_encoding(r, en);
		if (mixed_at < len)
			nsr_diag(r, NS_WARNING, "source.encoding", pos_of(buf, mixed_at), NULL,
			         "the file's lines are in two encodings, UTF-8 and GB18030 "
			         "(the first GB18030 line here): each line was decoded on its own");
		say_how(r, &h);
	}
	if (rc != NS_OK) {
		ns_report_release(r);
		return nsc_fail(ctx, rc, "%s: out of memory while mapping", label);
	}
	/* Nothing of the template at all: not an annual report.  (A report
	 * missing some parts loads, with diagnostics saying which.) */
	if (!nsr_has_content(r)) {
		ns_report_release(r);
		/* text named like a PDF or a Word file: say that first, as for
		 * binary bytes of the wrong kind above */
		const char *as = "";
		for (size_t k = 0; form == NS_FORM_TXT && k < sizeof named / sizeof *named; k++)
			if (has_ext(name, named[k].ext))
				as = named[k].ext;
		if (*as)
			return nsc_fail(ctx, NS_ERR_FORMAT, "%s: named %s but its bytes are text, "
			                "and not an annual report: no title (…年度报告), no "
			                "section headings and no tables of the national template",
			                label, as);
		return nsc_fail(ctx, NS_ERR_FORMAT, "%s%s: not an annual report: no title "
		                "(…年度报告), no section headings and no tables of the "
		                "national template", label, h.note);
	}
	*out = r;
	return nsc_ok(ctx);
}

int ns_load_file(ns_ctx *ctx, const char *path, const ns_load_opts *opts,
                 ns_report **out)
{
	if (!ctx || !path || !out)
		return nsc_fail(ctx, NS_ERR_ARG, "ns_load_file: invalid argument");
	*out = NULL;
	/* Only a regular file is read, and that is checked on the descriptor
	 * (no race with a rename).  O_NONBLOCK makes the open itself return
	 * for a FIFO (which would wait for a writer for ever) and O_NOCTTY
	 * keeps a terminal device from becoming ours; a regular file then
	 * reads as ever, blocking. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return nsc_fail(ctx, NS_ERR_IO, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return nsc_fail(ctx, NS_ERR_IO, "%s: %s", path, strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return nsc_fail(ctx, NS_ERR_IO, "%s: not a regular file (%s): not read", path,
		                S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISSOCK(st.st_mode) ? "a socket" :
		                S_ISCHR(st.st_mode) ? "a character device" :
		                S_ISBLK(st.st_mode) ? "a block device" :
		                S_ISDIR(st.st_mode) ? "a directory" : "another kind of file");
	}
	if (st.st_size > ctx->limits[NS_LIMIT_INPUT_BYTES]) {
		close(fd);
		return nsc_fail(ctx, NS_ERR_TOO_LARGE,
		                "%s: %lld bytes is over the input limit of %lld bytes",
		                path, (long long)st.st_size, ctx->limits[NS_LIMIT_INPUT_BYTES]);
	}
	size_t len = (size_t)st.st_size;
	char *buf = malloc(len + 1);
	if (!buf) {
		close(fd);
		return nsc_fail(ctx, NS_ERR_NOMEM, "%s: out of memory", path);
	}
	/* read(2) straight into the buffer: stdio's fstat and the three fcntl
	 * calls around it were four of the seventeen system calls of loading a
	 * small file in a worker.  A file system that honours
	 * O_NONBLOCK for a regular file is given a blocking descriptor. */
	size_t got = 0;
	int err = 0;
	while (got < len) {
		ssize_t k = read(fd, buf + got, len - got);
		if (k > 0)
			got += (size_t)k;
		else if (k < 0 && errno == EINTR)
			continue;
		else if (k < 0 && errno == EAGAIN &&
		         fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0)
			continue;
		else {
			err = k < 0;
			break;
		}
	}
	int e = errno;
	close(fd);
	if (err || got != len) {
		free(buf);
		if (err)
			return nsc_fail(ctx, NS_ERR_IO, "%s: read error: %s", path, strerror(e));
		return nsc_fail(ctx, NS_ERR_IO, "%s: %zu of %zu bytes read: the file shrank "
		                "while it was read (read it again once it is written)", path, got, len);
	}
	int rc = ns_load_buffer(ctx, buf, len, path, opts, out);
	free(buf);
	return rc;
}
