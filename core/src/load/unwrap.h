/*
 * unwrap.h — HTML held inside other text (internal to load/).
 *
 * Portals hand out their pages in odd containers: a JS file whose string
 * holds the page (var content = "<div class=\"TRS_Editor\">…"), a JSON
 * answer of a CMS ({"content":"<p>…<\/p>"}), a .txt saved from "view
 * source", a bare fragment.  Markup is never content: such a file is read
 * as the HTML it holds, or, read as text, loses its tags first.  Either
 * way the loader reads a transformed text, and every position it gives is
 * taken back to the file through the transform's byte map (nsl_remap).
 */
#ifndef NS_UNWRAP_H
#define NS_UNWRAP_H

#include "layout.h"
#include <stddef.h>
#include <stdint.h>

/* What a text holds of HTML: recognised tags (known element names or
 * namespaced Word ones, end tags, comments, <!doctype>), and the bytes
 * inside them (script and style bodies included) against the other
 * bytes that are not white space. */
typedef struct nsl_markup {
	size_t tags;
	size_t markup;
	size_t text;
	size_t first;  /* byte offset of the first tag (valid when tags) */
	int leads;     /* the text's first non-space thing is a tag */
} nsl_markup;

void nsl_markup_scan(const char *s, size_t n, nsl_markup *m);
/* The text is HTML rather than text that quotes a tag or two. */
int nsl_mostly_markup(const nsl_markup *m);

/* A text made for a loader out of a source text (UTF-8), with the source
 * offset of each of its bytes. */
typedef struct nsl_xform {
	char *text;
	size_t len;
	size_t *from;      /* len + 1 entries, non-decreasing */
	/* nsl_unwrap only: the literal's opening quote in the source */
	size_t at;
	char key[48];      /* the JSON key or JS name it is assigned to, or "" */
	int json;          /* the file is JSON (else JavaScript) */
	size_t tags;       /* tags taken out (strip) or found (unwrap) */
} nsl_xform;

/* 1 when the text is JavaScript or JSON whose string literals hold HTML
 * (the first non-space byte is not '<', and one literal, or a run of
 * literals joined by '+', holds more tags than the code around them);
 * then, when x is given, that literal unescaped into x.  0 when not;
 * NS_ERR_NOMEM as a negative number.  Works on raw bytes too (detection),
 * where a GBK trail byte may look like a backslash: the loader decides
 * again on the decoded text. */
int nsl_unwrap(const char *s, size_t n, nsl_xform *x);
/* The text without its tags, for the text loader: cell tags become tabs,
 * row and block ends line breaks, inline tags nothing, script/style
 * bodies and comments nothing; a few character references decoded.
 * NS_OK or NS_ERR_NOMEM. */
int nsl_strip_tags(const char *s, size_t n, nsl_xform *x);
void nsl_xform_free(nsl_xform *x);

/* Positions of the layout (cells, published_pos), given in lines and
 * columns of x->text, made lines and columns of the source src[0..n). */
int nsl_remap(nsl_layout *l, const nsl_xform *x, const char *src, size_t n);

/* html.c: HTML already in UTF-8 (no charset sniffing). */
int nsl_load_html_utf8(nsl_layout *l, const char *u8, size_t n,
                       const nsl_limits *lim);

#endif
