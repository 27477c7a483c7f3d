/* load.c — the context, form detection and the one loading road:
 * bytes → form → loader → layout → mapper → report. */
#include "layout.h"
#include "map/map.h"
#include "text/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int nsr_from_json(ns_ctx *ctx, const char *buf, size_t len, ns_report **out);

#define NS_MAX_TEXT_BYTES (8 << 20)

/* ---- context --------------------------------------------------------- */

static const long long limit_defaults[NS_NLIMITS] = {
	64ll << 20,  /* NS_LIMIT_INPUT_BYTES */
	64ll << 20,  /* NS_LIMIT_RULE_MEMORY */
	50000000ll,  /* NS_LIMIT_RULE_STEPS */
	64ll << 20,  /* NS_LIMIT_UNZIPPED_BYTES */
	10,          /* NS_LIMIT_RULE_SECONDS */
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
	static const char *const ext[] = {".txt", ".md", ".markdown", ".html", ".htm",
		".docx", ".pdf", ".json", NULL};
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

static int contains_ci(const char *buf, size_t len, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= len; i++)
		if (strncasecmp(buf + i, needle, m) == 0)
			return 1;
	return 0;
}

ns_form nsl_detect(const char *buf, size_t len, const char *name)
{
	if (len >= 5 && memcmp(buf, "%PDF-", 5) == 0)
		return NS_FORM_PDF;
	/* a PDF header may sit after some junk bytes (allowed within 1 KiB) */
	for (size_t i = 0; i + 5 <= len && i < 1024; i++)
		if (memcmp(buf + i, "%PDF-", 5) == 0)
			return NS_FORM_PDF;
	if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0)
		return NS_FORM_DOCX;
	if (len >= 8 && memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return NS_FORM_DOCX; /* OLE: encrypted DOCX or legacy .doc; the loader says which */
	const char *p = skip_ws(buf, buf + len);
	size_t head = (size_t)(buf + len - p) < 4096 ? (size_t)(buf + len - p) : 4096;
	if (p < buf + len && *p == '{' && contains_ci(p, head, "\"nianshen\""))
		return NS_FORM_JSON;
	if (p < buf + len && *p == '<' &&
	    (contains_ci(p, head, "<html") || contains_ci(p, head, "<!doctype html") ||
	     contains_ci(p, head, "<body") || contains_ci(p, head, "<table") ||
	     contains_ci(p, head, "<meta") || contains_ci(p, head, "<div")))
		return NS_FORM_HTML;
	if (has_ext(name, ".json") && p < buf + len && (*p == '{' || *p == '['))
		return NS_FORM_JSON; /* the JSON reader says what is wrong with it */
	/* Markdown: pipe-table rows "|…|" with a delimiter row, or the
	 * extension with any markdown structure */
	size_t scan = len < 65536 ? len : 65536;
	if (contains_ci(buf, scan, "\n|---") || contains_ci(buf, scan, "\n| ---") ||
	    contains_ci(buf, scan, "|:---"))
		return NS_FORM_MD;
	if (has_ext(name, ".md") || has_ext(name, ".markdown"))
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

int ns_load_buffer(ns_ctx *ctx, const void *data, size_t len, const char *name,
                   const ns_load_opts *opts, ns_report **out)
{
	if (!ctx || !out || (!data && len))
		return nsc_fail(ctx, NS_ERR_ARG, "ns_load_buffer: invalid argument");
	*out = NULL;
	const char *buf = data;
	const char *label = name ? name : "(buffer)";
	if ((long long)len > ctx->limits[NS_LIMIT_INPUT_BYTES])
		return nsc_fail(ctx, NS_ERR_TOO_LARGE,
		                "%s: %zu bytes is over the input limit of %lld bytes",
		                label, len, ctx->limits[NS_LIMIT_INPUT_BYTES]);
	if (len == 0)
		return nsc_fail(ctx, NS_ERR_EMPTY, "%s: empty file", label);
	ns_form form = opts && opts->form ? opts->form : nsl_detect(buf, len, name);
	if (form == NS_FORM_JSON) {
		/* the model keeps the source it was first loaded from */
		int rc = nsr_from_json(ctx, buf, len, out);
		if (rc != NS_OK) {
			char msg[sizeof ctx->msg];
			snprintf(msg, sizeof msg, "%s", ctx->msg);
			return nsc_fail(ctx, rc, "%s: %s", label, msg);
		}
		return nsc_ok(ctx);
	}
	nsl_layout l;
	nsl_init(&l);
	nsl_limits lim = {ctx->limits[NS_LIMIT_INPUT_BYTES],
	                  ctx->limits[NS_LIMIT_UNZIPPED_BYTES]};
	int rc = run_loader(form, &l, buf, len, &lim);
	if (rc != NS_OK) {
		nsc_fail(ctx, rc, "%s: %s", label, l.errmsg[0] ? l.errmsg : ns_strerror(rc));
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
		return nsc_fail(ctx, NS_ERR_TOO_LARGE, "%s: %zu bytes of text is over the "
		                "%d MiB a report can hold", label, text, NS_MAX_TEXT_BYTES >> 20);
	}
	ns_report *r = nsr_new();
	if (!r) {
		nsl_clear(&l);
		return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	}
	char digest[65];
	ns_sha256_hex(buf, len, digest);
	r->meta.path = nsa_strdup(&r->arena, label);
	r->meta.media_type = l.media_type;
	r->meta.encoding = l.encoding;
	r->meta.sha256 = nsa_strdup(&r->arena, digest);
	rc = nsm_map(&l, r, opts);
	nsl_clear(&l);
	if (rc != NS_OK) {
		ns_report_release(r);
		return nsc_fail(ctx, rc, "%s: out of memory while mapping", label);
	}
	/* Nothing of the template at all: not an annual report.  (A report
	 * missing some parts loads, with diagnostics saying which.) */
	int found = r->meta.title != NULL;
	for (int k = 0; k < NS_NSECTIONS; k++)
		found |= r->sections[k].found;
	for (int t = 0; t < NSM_NTABLES; t++)
		found |= r->tables[t].found;
	if (!found) {
		ns_report_release(r);
		return nsc_fail(ctx, NS_ERR_FORMAT, "%s: not an annual report: no title "
		                "(…年度报告), no section headings and no tables of the "
		                "national template", label);
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
	FILE *f = fopen(path, "rb");
	if (!f)
		return nsc_fail(ctx, NS_ERR_IO, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return nsc_fail(ctx, NS_ERR_IO, "%s: not a regular file", path);
	}
	if (st.st_size > ctx->limits[NS_LIMIT_INPUT_BYTES]) {
		fclose(f);
		return nsc_fail(ctx, NS_ERR_TOO_LARGE,
		                "%s: %lld bytes is over the input limit of %lld bytes",
		                path, (long long)st.st_size, ctx->limits[NS_LIMIT_INPUT_BYTES]);
	}
	size_t len = (size_t)st.st_size;
	char *buf = malloc(len + 1);
	if (!buf) {
		fclose(f);
		return nsc_fail(ctx, NS_ERR_NOMEM, "%s: out of memory", path);
	}
	size_t got = fread(buf, 1, len, f);
	int err = ferror(f);
	fclose(f);
	if (err || got != len) {
		free(buf);
		return nsc_fail(ctx, NS_ERR_IO, "%s: read error", path);
	}
	int rc = ns_load_buffer(ctx, buf, len, path, opts, out);
	free(buf);
	return rc;
}
