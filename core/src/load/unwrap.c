/*
 * unwrap.c — HTML held inside other text: markup statistics, JS/JSON string
 * literals unescaped into the HTML they hold, tags taken out of a text, and
 * positions taken back to the file (see unwrap.h).
 *
 * Everything here is linear in the input; a tag is looked for only at '<'
 * and never further than MAX_TAG bytes.
 */
#include "unwrap.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

enum {
	MAX_TAG = 4096,          /* a start tag longer than this is not one */
	};

/* ---- tags ----------------------------------------------------------------- */

/* Element names that make a '<' a tag.  Only these (and namespaced names,
 * Word's <o:p> <st1:chsdate>) count: "<5" or "<申请人>" in a text report
 * is not markup. */
static const char *const known[] = {
	"a", "abbr", "address", "article", "aside", "b", "base", "big",
	"blockquote", "body", "br", "button", "caption", "center", "cite",
	"code", "col", "colgroup", "dd", "del", "dir", "div", "dl", "dt", "em",
	"embed", "fieldset", "figcaption", "figure", "font", "footer", "form",
	"frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
	"header", "hr", "html", "i", "iframe", "img", "input", "ins", "label",
	"li", "link", "main", "map", "mark", "meta", "nav", "nobr", "noscript",
	"object", "ol", "option", "p", "param", "pre", "q", "s", "script",
	"section", "select", "small", "source", "span", "strike", "strong",
	"style", "sub", "sup", "svg", "table", "tbody", "td", "textarea",
	"tfoot", "th", "thead", "title", "tr", "tt", "u", "ul", "video", "wbr",
	NULL};

/* How the text loader sees a tag once it is taken out. */
enum { T_INLINE, T_CELL, T_LINE, T_RAW /* script, style: body skipped */ };

static const char *const line_tags[] = {
	"address", "article", "aside", "blockquote", "body", "br", "caption",
	"center", "dd", "dir", "div", "dl", "dt", "fieldset", "figure",
	"footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
	"hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
	"table", "tbody", "tfoot", "thead", "title", "tr", "ul", NULL};

typedef struct tag {
	size_t end;      /* one past the '>' */
	int kind;        /* T_* */
	int closing;
	int markup;      /* an element, a comment or a declaration */
} tag;

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

static int in_list(const char *const *list, const char *name)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], name) == 0)
			return 1;
	return 0;
}

static const char *find_lit(const char *s, size_t n, const char *lit, int ci)
{
	size_t k = strlen(lit);
	for (size_t i = 0; i + k <= n; i++)
		if (ci ? nst_iprefix(s + i, n - i, lit) : memcmp(s + i, lit, k) == 0)
			return s + i;
	return NULL;
}

/* The '>' closing the tag that starts at s[from], or 0 when a '<' or
 * MAX_TAG bytes come first (then it was not a tag).  Quotes are not
 * followed: a '>' inside an attribute value ends the tag early and leaves
 * a scrap of the value as text, but every search stops at the next '<',
 * so the scan of a whole text stays linear whatever it holds. */
static size_t tag_close(const char *s, size_t n, size_t from)
{
	size_t lim = n - from > MAX_TAG ? from + MAX_TAG : n;
	for (size_t j = from; j < lim; j++) {
		if (s[j] == '>')
			return j + 1;
		if (s[j] == '<')
			return 0;
	}
	return 0;
}

/* What a scan of one text has learnt: past these offsets there is no
 * "-->", no "</script", no "</style" (searching again would make a text
 * full of unclosed comments quadratic). */
typedef struct memo {
	size_t no_comment_end, no_end[2];
} memo;

static void memo_init(memo *m)
{
	m->no_comment_end = m->no_end[0] = m->no_end[1] = (size_t)-1;
}

/* A tag of HTML at s[i] (which is '<'). */
static int tag_at(const char *s, size_t n, size_t i, tag *t, memo *mm)
{
	size_t j = i + 1;
	memset(t, 0, sizeof *t);
	if (j >= n)
		return 0;
	if (s[j] == '!' || s[j] == '?') {
		if (nst_iprefix(s + j, n - j, "!--")) {
			const char *e = j + 3 >= mm->no_comment_end ? NULL :
			                find_lit(s + j + 3, n - j - 3, "-->", 0);
			if (!e) {
				if (j + 3 < mm->no_comment_end)
					mm->no_comment_end = j + 3;
				return 0;
			}
			t->end = (size_t)(e - s) + 3;
		} else if (nst_iprefix(s + j, n - j, "!doctype") ||
		           nst_iprefix(s + j, n - j, "![cdata[") ||
		           nst_iprefix(s + j, n - j, "?xml")) {
			if (!(t->end = tag_close(s, n, j)))
				return 0;
		} else {
			return 0;
		}
		t->kind = T_INLINE;
		t->markup = 1;
		return 1;
	}
	t->closing = s[j] == '/';
	j += (size_t)t->closing;
	char name[32];
	size_t k = 0;
	if (j >= n || !is_alpha((unsigned char)s[j]))
		return 0;
	int colon = 0;
	while (j < n && k < sizeof name - 1 &&
	       (is_alnum((unsigned char)s[j]) ||
	        (s[j] == ':' && !colon && k) || (colon && (s[j] == '-' || s[j] == '_')))) {
		colon |= s[j] == ':';
		name[k++] = (char)lower((unsigned char)s[j++]);
	}
	name[k] = 0;
	if (j >= n || !(is_ws((unsigned char)s[j]) || s[j] == '>' || s[j] == '/'))
		return 0;
	if (!colon && !in_list(known, name))
		return 0;
	if (!(t->end = tag_close(s, n, j)))
		return 0;
	t->markup = 1;
	if (!strcmp(name, "td") || !strcmp(name, "th"))
		t->kind = T_CELL;
	else if (in_list(line_tags, name))
		t->kind = T_LINE;
	else if (!t->closing && (!strcmp(name, "script") || !strcmp(name, "style")))
		t->kind = T_RAW;
	else
		t->kind = T_INLINE;
	/* a script or style body is markup too: it ends at its end tag */
	if (t->kind == T_RAW && s[t->end - 2] != '/') {
		int w = name[1] == 't'; /* style */
		const char *e = t->end >= mm->no_end[w] ? NULL :
		                find_lit(s + t->end, n - t->end, w ? "</style" : "</script", 1);
		if (!e && t->end < mm->no_end[w])
			mm->no_end[w] = t->end;
		size_t body = e ? (size_t)(e - s) : n;
		tag et;
		if (e && tag_at(s, n, body, &et, mm))
			t->end = et.end;
		else
			t->end = body;
	}
	return 1;
}

/* ---- statistics ----------------------------------------------------------- */

void nsl_markup_scan(const char *s, size_t n, nsl_markup *m)
{
	memset(m, 0, sizeof *m);
	size_t i = 0;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && is_ws((unsigned char)s[i]))
		i++;
	tag t;
	memo mm;
	memo_init(&mm);
	m->leads = i < n && s[i] == '<' && tag_at(s, n, i, &t, &mm);
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		size_t stop = lt ? (size_t)(lt - s) : n;
		for (; i < stop; i++)
			m->text += !is_ws((unsigned char)s[i]);
		if (i >= n)
			break;
		if (tag_at(s, n, i, &t, &mm)) {
			if (!m->tags)
				m->first = i;
			m->tags++;
			m->markup += t.end - i;
			i = t.end;
		} else {
			m->text++;
			i++;
		}
	}
}

/* A saved page, a fragment: at least a few tags, and more bytes of markup
 * than of text (Chinese prose is three bytes a character, so a report's
 * own HTML, paragraphs and tables, passes easily; a text report quoting a
 * tag does not). */
int nsl_mostly_markup(const nsl_markup *m)
{
	return m->tags >= 3 && m->markup >= m->text;
}

/* ---- transforms ----------------------------------------------------------- */

void nsl_xform_free(nsl_xform *x)
{
	if (!x)
		return;
	free(x->text);
	free(x->from);
	memset(x, 0, sizeof *x);
}

static int xform_alloc(nsl_xform *x, size_t cap)
{
	memset(x, 0, sizeof *x);
	x->text = malloc(cap + 1);
	x->from = malloc((cap + 1) * sizeof *x->from);
	if (!x->text || !x->from) {
		nsl_xform_free(x);
		return NS_ERR_NOMEM;
	}
	return NS_OK;
}

/* Append bytes b[0..k) that stand for the source at `src`. */
static void put(nsl_xform *x, const char *b, size_t k, size_t src)
{
	for (size_t i = 0; i < k; i++) {
		if (x->from)
			x->from[x->len] = src;
		x->text[x->len++] = b[i];
	}
}

static void put_cp(nsl_xform *x, uint32_t cp, size_t src)
{
	char b[4];
	if (cp == 0)
		return; /* a NUL is nothing a reader sees, and would end the text */
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	put(x, b, (size_t)nst_utf8_encode(cp, b), src);
}

/* Copy the code point at s[i], each byte from its own offset. */
static size_t copy_cp(nsl_xform *x, const char *s, size_t n, size_t i)
{
	uint32_t cp;
	int k = nst_utf8_decode(s + i, n - i, &cp);
	if (!k) {
		/* only raw bytes (detection on a GBK file) get here: one byte for
		 * one, so that the text never outgrows its source */
		put(x, "?", 1, i);
		return 1;
	}
	for (int b = 0; b < k; b++) {
		if (x->from)
			x->from[x->len] = i + (size_t)b;
		x->text[x->len++] = s[i + (size_t)b];
	}
	return (size_t)k;
}

static int hexval(int c)
{
	c = lower(c);
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* `digits` hex digits at s[i..e), or -1. */
static long hex_at(const char *s, size_t e, size_t i, int digits)
{
	long v = 0;
	if (e - i < (size_t)digits)
		return -1;
	for (int k = 0; k < digits; k++) {
		int h = hexval((unsigned char)s[i + (size_t)k]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* The escape at s[i] ('\\'), inside a literal ending before e: its text
 * appended, its length returned. */
static size_t unescape(nsl_xform *x, const char *s, size_t e, size_t i)
{
	if (i + 1 >= e) {
		put(x, "\\", 1, i);
		return 1;
	}
	char c = s[i + 1];
	long v;
	switch (c) {
	case 'n': put(x, "\n", 1, i); return 2;
	case 'r': put(x, "\r", 1, i); return 2;
	case 't': put(x, "\t", 1, i); return 2;
	case 'f': put(x, "\f", 1, i); return 2;
	case 'b': case 'v': put(x, " ", 1, i); return 2;
	case '0': return 2;
	case '\n': return 2; /* a line continued */
	case '\r': return i + 2 < e && s[i + 2] == '\n' ? 3 : 2;
	case 'x':
		if ((v = hex_at(s, e, i + 2, 2)) < 0)
			break;
		put_cp(x, (uint32_t)v, i);
		return 4;
	case 'u':
		if (i + 2 < e && s[i + 2] == '{') {
			size_t j = i + 3;
			uint32_t cp = 0;
			while (j < e && j < i + 10 && hexval((unsigned char)s[j]) >= 0)
				cp = cp * 16 + (uint32_t)hexval((unsigned char)s[j++]);
			if (j == i + 3 || j >= e || s[j] != '}')
				break;
			put_cp(x, cp, i);
			return j + 1 - i;
		}
		if ((v = hex_at(s, e, i + 2, 4)) < 0)
			break;
		if (v >= 0xD800 && v <= 0xDBFF && i + 11 < e && s[i + 6] == '\\' &&
		    s[i + 7] == 'u') {
			long lo = hex_at(s, e, i + 8, 4);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				put_cp(x, 0x10000 + (((uint32_t)v - 0xD800) << 10) +
				       ((uint32_t)lo - 0xDC00), i);
				return 12;
			}
		}
		put_cp(x, (uint32_t)v, i);
		return 6;
	default:
		break;
	}
	/* \" \' \\ \/ and any other: the character itself */
	return 1 + copy_cp(x, s, e, i + 1);
}

/* ---- JS and JSON string literals -------------------------------------- */

static int is_quote(int c)
{
	return c == '"' || c == '\'' || c == '`';
}

/* The closing quote of the literal opening at s[i], or (size_t)-1: a
 * quote a line break ends is an apostrophe in text, not a literal. */
static size_t lit_end(const char *s, size_t n, size_t i)
{
	char q = s[i];
	for (size_t j = i + 1; j < n; j++) {
		if (s[j] == '\\') {
			j++;
			if (j + 1 < n && s[j] == '\r' && s[j + 1] == '\n')
				j++;
		} else if (s[j] == q) {
			return j;
		} else if (s[j] == '\n' && q != '`') {
			return (size_t)-1;
		}
	}
	return (size_t)-1;
}

/* Past spaces and comments of code. */
static size_t skip_code(const char *s, size_t n, size_t i)
{
	for (;;) {
		while (i < n && is_ws((unsigned char)s[i]))
			i++;
		if (i + 1 < n && s[i] == '/' && s[i + 1] == '/') {
			const char *nl = memchr(s + i, '\n', n - i);
			i = nl ? (size_t)(nl - s) + 1 : n;
		} else if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
			const char *e = find_lit(s + i + 2, n - i - 2, "*/", 0);
			i = e ? (size_t)(e - s) + 2 : n;
		} else {
			return i;
		}
	}
}

/* The literals from the one opening at s[a] joined by '+': the literal
 * text of all of them appended to x (from may be NULL), the last closing
 * quote returned. */
static size_t take_group(const char *s, size_t n, size_t a, nsl_xform *x)
{
	size_t b = a;
	for (;;) {
		size_t e = lit_end(s, n, b);
		for (size_t j = b + 1; j < e;)
			j += s[j] == '\\' ? unescape(x, s, e, j) : copy_cp(x, s, e, j);
		size_t k = skip_code(s, n, e + 1);
		if (k < n && s[k] == '+') {
			k = skip_code(s, n, k + 1);
			if (k < n && is_quote((unsigned char)s[k]) &&
			    lit_end(s, n, k) != (size_t)-1) {
				b = k;
				continue;
			}
		}
		return e;
	}
}

static size_t count_tags(const char *s, size_t n)
{
	size_t tags = 0;
	tag t;
	memo mm;
	memo_init(&mm);
	for (size_t i = 0; i < n;) {
		const char *lt = memchr(s + i, '<', n - i);
		if (!lt)
			break;
		i = (size_t)(lt - s);
		if (tag_at(s, n, i, &t, &mm)) {
			tags++;
			i = t.end;
		} else {
			i++;
		}
	}
	return tags;
}

/* What the literal at s[a] is assigned to: "content" of {"content": …},
 * var content = …, document.write(…). */
static void literal_key(const char *s, size_t a, char *key, size_t cap)
{
	size_t k = a;
	key[0] = 0;
	while (k > 0 && is_ws((unsigned char)s[k - 1]))
		k--;
	if (k == 0 || (s[k - 1] != ':' && s[k - 1] != '=' && s[k - 1] != '('))
		return;
	k--;
	while (k > 0 && is_ws((unsigned char)s[k - 1]))
		k--;
	size_t e = k, b;
	if (k > 0 && (s[k - 1] == '"' || s[k - 1] == '\'')) {
		char q = s[k - 1];
		b = k - 1;
		while (b > 0 && s[b - 1] != q && s[b - 1] != '\n' && k - b < 200)
			b--;
		if (b == 0 || s[b - 1] != q)
			return;
		e = k - 1;
	} else {
		b = k;
		while (b > 0 && (is_alnum((unsigned char)s[b - 1]) || s[b - 1] == '_' ||
		                 s[b - 1] == '$' || s[b - 1] == '.') && k - b < 200)
			b--;
	}
	size_t len = e - b;
	if (len >= cap) { /* cut at a character boundary */
		len = cap - 1;
		while (len > 0 && ((unsigned char)s[b + len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(key, s + b, len);
	key[len] = 0;
}

int nsl_unwrap(const char *s, size_t n, nsl_xform *x)
{
	size_t p = 0;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		p = 3;
	p = skip_code(s, n, p);
	if (p >= n || s[p] == '<' || !memchr(s + p, '<', n - p))
		return 0;
	/* one scratch buffer as large as the file holds any literal's text */
	nsl_xform sc;
	if (xform_alloc(&sc, n) != NS_OK)
		return -NS_ERR_NOMEM;
	free(sc.from);
	sc.from = NULL;
	size_t code_tags = 0, best_tags = 0, best_a = 0, code_from = p;
	for (size_t i = p; i < n;) {
		if (s[i] == '/' && i + 1 < n && (s[i + 1] == '/' || s[i + 1] == '*')) {
			i = skip_code(s, n, i);
			continue;
		}
		if (!is_quote((unsigned char)s[i]) || lit_end(s, n, i) == (size_t)-1) {
			i++;
			continue;
		}
		code_tags += count_tags(s + code_from, i - code_from);
		sc.len = 0;
		size_t e = take_group(s, n, i, &sc);
		size_t tags = count_tags(sc.text, sc.len);
		if (tags > best_tags) {
			best_tags = tags;
			best_a = i;
		}
		i = code_from = e + 1;
	}
	code_tags += count_tags(s + code_from, n - code_from);
	nsl_xform_free(&sc);
	/* In a page that is itself markup, quotes pair up around attribute
	 * values and the stretches between them: tags are spread over many
	 * "literals" and the code.  A wrapper holds them in one literal. */
	if (best_tags < 2 || best_tags < 2 * code_tags)
		return 0;
	if (!x)
		return 1;
	/* the group's text is never longer than the rest of the file */
	if (xform_alloc(x, n - best_a) != NS_OK)
		return -NS_ERR_NOMEM;
	size_t last = take_group(s, n, best_a, x);
	x->from[x->len] = last;
	x->text[x->len] = 0;
	x->at = best_a;
	x->json = s[p] == '{' || s[p] == '[';
	x->tags = best_tags;
	literal_key(s, best_a, x->key, sizeof x->key);
	return 1;
}

/* ---- tags out of a text ----------------------------------------------- */

/* A character reference at s[i] ('&'): its code point and length, or 0. */
static size_t char_ref(const char *s, size_t n, size_t i, uint32_t *cp)
{
	static const struct { const char *name; uint32_t cp; } names[] = {
		{"nbsp;", 0xA0}, {"lt;", '<'}, {"gt;", '>'}, {"amp;", '&'},
		{"quot;", '"'}, {"apos;", '\''}, {"ensp;", ' '}, {"emsp;", 0x3000},
		{"thinsp;", ' '}, {"middot;", 0xB7}, {"mdash;", 0x2014},
		{"ldquo;", 0x201C}, {"rdquo;", 0x201D}, {NULL, 0}};
	for (int k = 0; names[k].name; k++)
		if (nst_iprefix(s + i + 1, n - i - 1, names[k].name)) {
			*cp = names[k].cp;
			return 1 + strlen(names[k].name);
		}
	if (i + 2 >= n || s[i + 1] != '#')
		return 0;
	int hex = s[i + 2] == 'x' || s[i + 2] == 'X';
	size_t j = i + 2 + (size_t)hex, d0 = j;
	uint32_t v = 0;
	while (j < n && j - d0 < 7) {
		int h = hex ? hexval((unsigned char)s[j])
		            : (s[j] >= '0' && s[j] <= '9' ? s[j] - '0' : -1);
		if (h < 0)
			break;
		v = v * (hex ? 16 : 10) + (uint32_t)h;
		j++;
	}
	if (j == d0 || v == 0 || v > 0x10FFFF)
		return 0;
	if (j < n && s[j] == ';')
		j++;
	*cp = v;
	return j - i;
}

int nsl_strip_tags(const char *s, size_t n, nsl_xform *x)
{
	/* every tag becomes at most one byte and every reference at most as
	 * many as it had: the text never grows */
	if (xform_alloc(x, n) != NS_OK)
		return NS_ERR_NOMEM;
	tag t;
	memo mm;
	memo_init(&mm);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k;
		if (s[i] == '<' && tag_at(s, n, i, &t, &mm)) {
			if (t.kind == T_CELL)
				put(x, "\t", 1, i);
			else if (t.kind == T_LINE)
				put(x, "\n", 1, i);
			x->tags++;
			i = t.end;
		} else if (s[i] == '&' && (k = char_ref(s, n, i, &cp)) != 0) {
			put_cp(x, cp, i);
			i += k;
		} else {
			i += copy_cp(x, s, n, i);
		}
	}
	x->from[x->len] = n;
	x->text[x->len] = 0;
	return NS_OK;
}

/* ---- positions back to the source ---------------------------------------- */

typedef struct want {
	int line, col;
	ns_pos *pos;
} want;

static int cmp_want(const void *a, const void *b)
{
	const want *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* A cursor over a text: byte offset, line and column (1-based). */
typedef struct cursor {
	const char *s;
	size_t n, off;
	int line, col;
} cursor;

static size_t cp_len(const cursor *c)
{
	uint32_t cp;
	int k = nst_utf8_decode(c->s + c->off, c->n - c->off, &cp);
	return k ? (size_t)k : 1;
}

/* Forward to a line and column (stops at the end of a shorter line). */
static void seek_pos(cursor *c, int line, int col)
{
	while (c->line < line && c->off < c->n) {
		const char *nl = memchr(c->s + c->off, '\n', c->n - c->off);
		if (!nl) {
			c->off = c->n;
			return;
		}
		c->off = (size_t)(nl - c->s) + 1;
		c->line++;
		c->col = 1;
	}
	while (c->col < col && c->off < c->n && c->s[c->off] != '\n') {
		c->off += cp_len(c);
		c->col++;
	}
}

/* Forward to a byte offset. */
static void seek_off(cursor *c, size_t off)
{
	if (off > c->n)
		off = c->n;
	while (c->off < off) {
		if (c->s[c->off] == '\n') {
			c->off++;
			c->line++;
			c->col = 1;
		} else {
			c->off += cp_len(c);
			c->col++;
		}
	}
}

int nsl_remap(nsl_layout *l, const nsl_xform *x, const char *src, size_t n)
{
	size_t nw = 0;
	want *w = malloc(((size_t)l->ncells + 1) * sizeof *w);
	if (!w)
		return nsl_fail(l, NS_ERR_NOMEM, "out of memory");
	for (int i = 0; i < l->ncells; i++)
		if (l->cells[i].pos.line > 0)
			w[nw++] = (want){l->cells[i].pos.line, l->cells[i].pos.col,
			                 &l->cells[i].pos};
	if (l->published_pos.line > 0)
		w[nw++] = (want){l->published_pos.line, l->published_pos.col,
		                 &l->published_pos};
	/* one sweep over both texts: the map never goes back */
	qsort(w, nw, sizeof *w, cmp_want);
	cursor d = {x->text, x->len, 0, 1, 1}, s = {src, n, 0, 1, 1};
	for (size_t i = 0; i < nw; i++) {
		seek_pos(&d, w[i].line, w[i].col);
		seek_off(&s, x->from[d.off]);
		*w[i].pos = (ns_pos){0, s.line, s.col};
	}
	free(w);
	return NS_OK;
}
