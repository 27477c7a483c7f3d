/*
 * mime.c — the HTML inside a MIME "web archive" (MHT/MHTML: a page saved
 * as one file, and the part html-docx-js or the OpenXML SDK embeds in a
 * DOCX as its w:altChunk).  multipart/related, its first text/html part,
 * decoded from quoted-printable or base64; a lone text/html message too.
 * The charset stays the HTML loader's to find (the part's bytes as sent).
 */
#include "mime.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The line at s[*i] (to its LF), *i moved past it; its length without CR. */
static size_t take_line(const char *s, size_t n, size_t *i, const char **line)
{
	size_t a = *i, e = a;
	while (e < n && s[e] != '\n')
		e++;
	*i = e < n ? e + 1 : n;
	*line = s + a;
	return e > a && s[e - 1] == '\r' ? e - a - 1 : e - a;
}

/* A header's value in the block s[0..n) (folded lines joined by what
 * follows the name), case-insensitive name; 0 when absent. */
static size_t header(const char *s, size_t n, const char *name, const char **val)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < n;) {
		const char *ln;
		size_t len = take_line(s, n, &i, &ln);
		if (len > nl && strncasecmp(ln, name, nl) == 0 && ln[nl] == ':') {
			size_t a = (size_t)(ln + nl + 1 - s), e = i;
			/* continuation lines start with white space */
			while (e < n && (s[e] == ' ' || s[e] == '\t')) {
				const char *more;
				take_line(s, n, &e, &more);
			}
			*val = s + a;
			return e - a;
		}
	}
	return 0;
}

/* The value of parameter `p` (boundary, charset) in a header value. */
static size_t param(const char *v, size_t n, const char *p, const char **out)
{
	size_t pl = strlen(p);
	for (size_t i = 0; i + pl < n; i++) {
		if (strncasecmp(v + i, p, pl) != 0 || v[i + pl] != '=' ||
		    (i > 0 && v[i - 1] != ';' && v[i - 1] != ' ' && v[i - 1] != '\t' &&
		     v[i - 1] != '\n'))
			continue;
		size_t a = i + pl + 1, e;
		if (a < n && v[a] == '"') {
			a++;
			for (e = a; e < n && v[e] != '"'; e++)
				;
		} else {
			for (e = a; e < n && v[e] != ';' && v[e] != ' ' && v[e] != '\r' &&
			     v[e] != '\n' && v[e] != '\t'; e++)
				;
		}
		*out = v + a;
		return e - a;
	}
	return 0;
}

/* The end of the header block starting at s[a] (the blank line's end). */
static size_t headers_end(const char *s, size_t n, size_t a, size_t *body)
{
	for (size_t i = a; i < n;) {
		const char *ln;
		size_t at = i, len = take_line(s, n, &i, &ln);
		if (len == 0) {
			*body = i;
			return at;
		}
	}
	*body = n;
	return n;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
	     : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int b64val(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26
	     : c >= '0' && c <= '9' ? c - '0' + 52 : c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decode s[0..n) by its transfer encoding into a malloc'd, NUL-ended copy. */
static int decode(const char *s, size_t n, const char *enc, size_t el, char **out,
                  size_t *outlen)
{
	char *p = malloc(n + 1);
	size_t k = 0;
	if (!p)
		return -1;
	if (el >= 16 && strncasecmp(enc, "quoted-printable", 16) == 0) {
		for (size_t i = 0; i < n; i++) {
			if (s[i] != '=') {
				p[k++] = s[i];
			} else if (i + 1 < n && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
				i += s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n' ? 2 : 1; /* soft break */
			} else if (i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
				p[k++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
				i += 2;
			} else {
				p[k++] = s[i];
			}
		}
	} else if (el >= 6 && strncasecmp(enc, "base64", 6) == 0) {
		unsigned acc = 0;
		int bits = 0;
		for (size_t i = 0; i < n && s[i] != '='; i++) {
			int v = b64val((unsigned char)s[i]);
			if (v < 0)
				continue; /* line breaks */
			acc = acc << 6 | (unsigned)v;
			if ((bits += 6) >= 8) {
				bits -= 8;
				p[k++] = (char)(acc >> bits & 0xFF);
			}
		}
	} else { /* 7bit, 8bit, binary */
		memcpy(p, s, n);
		k = n;
	}
	p[k] = 0;
	*out = p;
	*outlen = k;
	return 1;
}

static int message_html(const char *s, size_t n, char **out, size_t *outlen, int depth);

/* Is the part [a, e) (headers and body) text/html?  Then decoded.  A part
 * that is a multipart of its own (multipart/alternative inside
 * multipart/related or multipart/mixed: a page saved from a mail) is
 * looked into, a few levels deep. */
static int html_part(const char *s, size_t a, size_t e, char **out, size_t *outlen,
                     int depth)
{
	size_t body;
	size_t he = headers_end(s, e, a, &body);
	const char *ct, *enc = "";
	size_t cl = header(s + a, he - a, "Content-Type", &ct);
	size_t el = header(s + a, he - a, "Content-Transfer-Encoding", &enc);
	while (cl && (*ct == ' ' || *ct == '\t'))
		ct++, cl--;
	while (el && (*enc == ' ' || *enc == '\t'))
		enc++, el--;
	if (cl >= 10 && strncasecmp(ct, "multipart/", 10) == 0)
		return depth < 8 ? message_html(s + a, e - a, out, outlen, depth + 1) : 0;
	if (cl < 9 || strncasecmp(ct, "text/html", 9) != 0)
		return 0;
	if (!out) /* found, and not wanted decoded (load.c's detection) */
		return 1;
	return decode(s + body, e - body, enc, el, out, outlen);
}

static int message_html(const char *s, size_t n, char **out, size_t *outlen, int depth)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\r' || s[i] == '\n' || s[i] == '\t'))
		i++;
	/* a message: its first line a header (MIME-Version:, From:, Content-…:) */
	const char *ln;
	size_t at = i, len = take_line(s, n, &i, &ln), colon = 0;
	while (colon < len && ln[colon] != ':' && ln[colon] != ' ' && ln[colon] != '<')
		colon++;
	if (colon == 0 || colon >= len || ln[colon] != ':' ||
	    (strncasecmp(ln, "MIME-Version", 12) != 0 && strncasecmp(ln, "Content-", 8) != 0 &&
	     strncasecmp(ln, "From", 4) != 0 && strncasecmp(ln, "Subject", 7) != 0 &&
	     strncasecmp(ln, "Date", 4) != 0 && strncasecmp(ln, "X-", 2) != 0))
		return 0;
	size_t body, he = headers_end(s, n, at, &body);
	const char *ct, *b;
	size_t cl = header(s + at, he - at, "Content-Type", &ct);
	if (!cl)
		return 0;
	size_t bl = param(ct, cl, "boundary", &b);
	if (!bl) /* one part: the message itself */
		return html_part(s, at, n, out, outlen, depth);
	/* each part begins after a line "--boundary" and ends before the next */
	size_t from = 0;
	for (size_t k = body; k + 2 + bl <= n; k++) {
		if ((k > 0 && s[k - 1] != '\n') || s[k] != '-' || s[k + 1] != '-' ||
		    memcmp(s + k + 2, b, bl) != 0)
			continue;
		if (from) {
			size_t e = k;
			if (e > from && s[e - 1] == '\n')
				e--;
			if (e > from && s[e - 1] == '\r')
				e--;
			int r = html_part(s, from, e, out, outlen, depth);
			if (r)
				return r;
		}
		from = 0;
		if (k + 4 + bl <= n && s[k + 2 + bl] == '-' && s[k + 3 + bl] == '-')
			break; /* the closing delimiter */
		size_t j = k + 2 + bl;
		take_line(s, n, &j, &ln);
		from = j;
	}
	/* the last part of a message cut short (no closing delimiter) */
	return from && from < n ? html_part(s, from, n, out, outlen, depth) : 0;
}

int nsl_mime_html(const char *s, size_t n, char **out, size_t *outlen)
{
	return message_html(s, n, out, outlen, 0);
}
