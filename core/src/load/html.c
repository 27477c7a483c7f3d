/*
 * html.c — a saved portal page (HTML) to the neutral layout.
 *
 * The road: sniff a declared charset in the raw bytes, decode to UTF-8
 * (text/), parse with gumbo, mirror the element tree with text statistics,
 * choose the element that holds the report (portal chrome — headers, nav,
 * link lists, footers — stays outside it), then walk that element: blocks
 * become paragraph rows, tables become grid rows laid out on a true grid.
 * Labels mean nothing here; the mapper reads them once for every form.
 *
 * Positions are {0, line, column} of a piece's first character in the
 * decoded source, the column counted in code points.  gumbo's own column
 * expands tabs and is unreliable, so they are computed from byte offsets.
 */
#include "layout.h"
#include "text/text.h"
#include "unwrap.h"

#include <gumbo.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
	MAX_DEPTH = 400,           /* elements nested deeper are ignored */
	MAX_COLS = 1000,           /* browsers clamp colspan to 1000 */
	MAX_ROWSPAN = 65534,       /* ... and rowspan to 65534 */
	MAX_TABLE_SLOTS = 1 << 20, /* grid slots in one table */
	SNIFF_BYTES = 65536,       /* raw bytes searched for a charset */
	POOL_SLAB = 256 * 1024,
	MAX_TITLE_HAN = 80,        /* a heading longer than this is not a title */
};

/* ---- memory for gumbo ---------------------------------------------------
 * gumbo 0.10 never checks its allocations and frees its tree recursively
 * (a page of deeply nested tables overflows the stack).  So it allocates
 * from this pool: power-of-two classes with free lists, a cap that
 * longjmps out of the parse, and one sweep at the end instead of
 * gumbo_destroy_output(). */

typedef union gblk {
	union gblk *next; /* while free */
	size_t cls;       /* while in use */
	max_align_t align;
} gblk;

typedef union gslab {
	union gslab *next;
	max_align_t align;
} gslab;

typedef struct gpool {
	jmp_buf *jb;
	size_t used, cap;
	int capped; /* the cap stopped it (else malloc failed) */
	gslab *slabs;
	char *bump;
	size_t left;
	gblk *freel[64];
} gpool;

static void pool_over(gpool *p)
{
	if (p->jb)
		longjmp(*p->jb, 1);
	abort(); /* unreachable: gumbo only allocates inside parse() */
}

static void *pool_slab(gpool *p, size_t size)
{
	if (size > p->cap - p->used) {
		p->capped = 1;
		pool_over(p);
	}
	gslab *s = malloc(sizeof *s + size);
	if (!s)
		pool_over(p);
	s->next = p->slabs;
	p->slabs = s;
	p->used += size;
	return s + 1;
}

static void *pool_alloc(void *ud, size_t size)
{
	gpool *p = ud;
	if (size > p->cap) {
		p->capped = 1;
		pool_over(p);
	}
	size_t need = size + sizeof(gblk);
	unsigned k = 0;
	while (((size_t)64 << k) < need)
		k++;
	gblk *b = p->freel[k];
	if (b) {
		p->freel[k] = b->next;
	} else {
		size_t bs = (size_t)64 << k;
		if (bs > POOL_SLAB / 4) {
			b = pool_slab(p, bs);
		} else {
			if (p->left < bs) {
				p->bump = pool_slab(p, POOL_SLAB);
				p->left = POOL_SLAB;
			}
			b = (gblk *)p->bump;
			p->bump += bs;
			p->left -= bs;
		}
	}
	b->cls = k;
	return b + 1;
}

static void pool_free(void *ud, void *ptr)
{
	gpool *p = ud;
	if (!ptr)
		return;
	gblk *b = (gblk *)ptr - 1;
	size_t k = b->cls;
	b->next = p->freel[k];
	p->freel[k] = b;
}

static void pool_release(gpool *p)
{
	gslab *s = p->slabs;
	while (s) {
		gslab *n = s->next;
		free(s);
		s = n;
	}
	p->slabs = NULL;
}

/* gumbo 0.10's time grows with the square of the open-element depth: many
 * of its steps walk the stack of open elements down to a scope boundary
 * (100k nested <fieldset> in 1 MB took over 30 s; 200k "<div\f>" over two
 * minutes) and it has no depth limit of its own.  So the page is scanned
 * first, in one linear pass, by a model of what gumbo will hold open, and
 * a page nested deeper than any real page is refused before gumbo sees it.
 *
 * The model errs on the deep side, so that no page gets past it deeper
 * than it says:
 *   - tags are read as gumbo's tokenizer reads them: a name runs to the
 *     first of TAB LF FF CR SPACE / > (any tag name, known or not),
 *     attribute values quoted or not, comments (<!-- … --> and the bogus
 *     <!…>, <?…>, </…>), and the text of script (with its <!-- escapes),
 *     style, xmp, iframe, noembed, noframes, textarea, title and plaintext;
 *   - every start tag opens an element except those gumbo never leaves
 *     open: void elements, self-closed ones in SVG/MathML, and a second
 *     <html>, <head> or <body>;
 *   - an end tag closes what gumbo surely closes with it (close_tag):
 *     gumbo ignores many end tags ("<div></span>" closes nothing);
 *   - a start tag closes the top element only where gumbo surely does:
 *     <p> before a block, <li> before <li>, <td> before <td>, and so on.
 * Implied elements (tbody, tr) make gumbo's stack deeper than the model's
 * by a small factor at most. */
#define MAX_NESTING 4096


typedef struct nest_el {
	size_t off;      /* the name in the page */
	unsigned len;
	unsigned char foreign; /* SVG or MathML */
} nest_el;

static int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* name s[0..n) is lit (lower case), ASCII case-insensitively */
static int name_is(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && nst_iprefix(s, n, lit);
}

static int name_in(const char *s, size_t n, const char *const *set)
{
	for (int i = 0; set[i]; i++)
		if (name_is(s, n, set[i]))
			return 1;
	return 0;
}

/* Past the rest of a tag whose name ends at i: attributes as gumbo's
 * tokenizer reads them.  Returns the index after '>', or SIZE_MAX when the
 * page ends inside the tag (gumbo drops such a tag).  *self: it ends "/>". */
static size_t tag_end(const char *s, size_t n, size_t i, int *self)
{
	*self = 0;
	for (;;) {
		while (i < n && (is_ws((unsigned char)s[i]) || s[i] == '/')) {
			*self = s[i] == '/' && i + 1 < n && s[i + 1] == '>';
			i++;
		}
		if (i >= n)
			return SIZE_MAX;
		if (s[i] == '>')
			return i + 1;
		*self = 0;
		/* attribute name: its first character may be anything, even '=' */
		i++;
		while (i < n && !is_ws((unsigned char)s[i]) && s[i] != '/' &&
		       s[i] != '>' && s[i] != '=')
			i++;
		while (i < n && is_ws((unsigned char)s[i]))
			i++;
		if (i >= n || s[i] != '=')
			continue;
		i++;
		while (i < n && is_ws((unsigned char)s[i]))
			i++;
		if (i < n && (s[i] == '"' || s[i] == '\'')) {
			const char *q = memchr(s + i + 1, s[i], n - i - 1);
			if (!q)
				return SIZE_MAX;
			i = (size_t)(q - s) + 1;
		} else {
			while (i < n && !is_ws((unsigned char)s[i]) && s[i] != '>')
				i++;
		}
	}
}

/* The first "</name" followed by a tag-name end at or after i, or n. */
static size_t find_end_tag(const char *s, size_t n, size_t i, const char *name)
{
	size_t k = strlen(name);
	for (; i + 2 + k <= n; i++) {
		const char *p = memchr(s + i, '<', n - i);
		if (!p)
			return n;
		i = (size_t)(p - s);
		if (i + 2 + k <= n && s[i + 1] == '/' && nst_iprefix(s + i + 2, k, name) &&
		    (i + 2 + k == n || is_ws((unsigned char)s[i + 2 + k]) ||
		     s[i + 2 + k] == '/' || s[i + 2 + k] == '>'))
			return i;
	}
	return n;
}

/* "<script" or "</script" followed by a tag-name end, at s[i] */
static int script_tag_at(const char *s, size_t n, size_t i, int closing)
{
	size_t k = i + 1 + (size_t)closing;
	if (k > n || s[i] != '<' || (closing && s[i + 1] != '/'))
		return 0;
	if (n - k < 6 || !nst_iprefix(s + k, 6, "script"))
		return 0;
	k += 6;
	return k == n || is_ws((unsigned char)s[k]) || s[k] == '/' || s[k] == '>';
}

/* The end of a script's text from i: its states (HTML's "script data",
 * escaped after "<!--", double escaped after a "<script" inside that)
 * decide which "</script" ends it. */
static size_t script_end(const char *s, size_t n, size_t i)
{
	enum { DATA, ESC, DESC } st = DATA;
	for (; i < n; i++) {
		if (s[i] == '-' && st != DATA && i + 2 < n && s[i + 1] == '-' &&
		    s[i + 2] == '>') {
			st = DATA;
			i += 2;
		} else if (s[i] != '<') {
			continue;
		} else if (st == DATA && i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
			st = ESC;
			i += 3;
		} else if (script_tag_at(s, n, i, 1)) {
			if (st != DESC)
				return i;
			st = ESC;
		} else if (st == ESC && script_tag_at(s, n, i, 0)) {
			st = DESC;
		}
	}
	return n;
}

/* An end tag: which open elements gumbo surely closes with it.
 *   - In SVG/MathML: down to the nearest open element of that name.
 *   - An element gumbo calls special (div, li, td, table…): down to it when
 *     no scope boundary lies between (gumbo checks "in scope", then pops
 *     everything above it); </td> and </table> pass through a cell's
 *     unclosed content as gumbo does.
 *   - Any other (span, font, o:p…): down to it when no special element
 *     lies between (gumbo ignores it otherwise: "<div></span>").
 *   - </html>, </body>, </form> and void end tags close nothing here.
 * The search looks at 32 elements at most, so the scan stays linear: past
 * that the model keeps them open, the deep side. */
static void close_tag(const char *s, nest_el *st, int *depth, const char *nm,
                      size_t nl, int foreign)
{
	static const char *const special[] = {"address", "applet", "area",
		"article", "aside", "base", "basefont", "bgsound", "blockquote",
		"body", "br", "button", "caption", "center", "col", "colgroup", "dd",
		"details", "dir", "div", "dl", "dt", "embed", "fieldset",
		"figcaption", "figure", "footer", "form", "frame", "frameset", "h1",
		"h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html",
		"iframe", "img", "input", "keygen", "li", "link", "listing", "main",
		"marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript",
		"object", "ol", "p", "param", "plaintext", "pre", "script", "section",
		"select", "source", "style", "summary", "table", "tbody", "td",
		"template", "textarea", "tfoot", "th", "thead", "title", "tr", "track",
		"ul", "wbr", "xmp", "dialog", "image", "menuitem", "search", NULL};
	static const char *const never[] = {"html", "body", "head", "form", "br",
		NULL};
	/* scope boundaries (HTML's "has an element in scope") */
	static const char *const scope[] = {"applet", "caption", "html", "table",
		"td", "th", "marquee", "object", "template", NULL};
	static const char *const table_scope[] = {"html", "table", "template",
		NULL};
	static const char *const tableish[] = {"table", "tbody", "thead", "tfoot",
		"tr", "td", "th", "caption", "colgroup", NULL};
	int d = *depth;
	if (foreign) {
		for (int look = 0; d > 0 && look < 32 && st[d - 1].foreign; look++, d--)
			if (st[d - 1].len == nl && strncasecmp(s + st[d - 1].off, nm, nl) == 0) {
				*depth = d - 1;
				return;
			}
		if (d == *depth)
			return;
		/* gumbo goes on by HTML's rules below the foreign elements; the
		 * model stops: they stay open */
		return;
	}
	if (name_in(nm, nl, never)) {
		if (name_is(nm, nl, "form") && d > 0 && st[d - 1].len == nl &&
		    strncasecmp(s + st[d - 1].off, nm, nl) == 0)
			*depth = d - 1;
		return;
	}
	int sp = name_in(nm, nl, special);
	int tab = name_in(nm, nl, tableish);
	int li = name_is(nm, nl, "li"), para = name_is(nm, nl, "p");
	for (int look = 0; d > 0 && look < 32; look++, d--) {
		const nest_el *e = &st[d - 1];
		const char *en = s + e->off;
		if (e->foreign)
			return;
		if (e->len == nl && strncasecmp(en, nm, nl) == 0) {
			*depth = d - 1;
			return;
		}
		if (!sp ? name_in(en, e->len, special)
		        : tab ? name_in(en, e->len, table_scope)
		              : name_in(en, e->len, scope) ||
		                (li && (name_is(en, e->len, "ol") || name_is(en, e->len, "ul"))) ||
		                (para && name_is(en, e->len, "button")))
			return;
	}
}

static int too_deep(const char *s, size_t n, size_t *at)
{
	static const char *const voids[] = {"area", "base", "br", "col", "embed",
		"hr", "img", "input", "keygen", "link", "meta", "param", "source",
		"track", "wbr", "basefont", "bgsound", "frame", "image", "html",
		"head", "body", NULL};
	static const char *const rawtext[] = {"style", "xmp", "iframe", "noembed",
		"noframes", "textarea", "title", NULL};
	/* start tags that close an open <p> on top (gumbo closes one anywhere
	 * in button scope) */
	static const char *const closes_p[] = {"address", "article", "aside",
		"blockquote", "center", "details", "dialog", "dir", "div", "dl",
		"fieldset", "figcaption", "figure", "footer", "header", "hgroup",
		"main", "menu", "nav", "ol", "p", "section", "summary", "ul", "h1",
		"h2", "h3", "h4", "h5", "h6", "pre", "listing", "form", "li", "dd",
		"dt", "plaintext", "table", "hr", "xmp", NULL};
	static const char *const headings[] = {"h1", "h2", "h3", "h4", "h5", "h6",
		NULL};
	/* SVG/MathML: elements whose children are HTML again, and HTML tags
	 * that break out of foreign content */
	static const char *const integration[] = {"foreignobject", "desc", "title",
		"mi", "mo", "mn", "ms", "mtext", "annotation-xml", NULL};
	static const char *const breakout[] = {"b", "big", "blockquote", "body",
		"br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1",
		"h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li",
		"listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s",
		"small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u",
		"ul", "var", "font", NULL};
	nest_el *st = malloc((MAX_NESTING + 1) * sizeof *st);
	if (!st)
		return -1;
	int depth = 0;
	size_t i = 0;
#define TOP_IS(lit) (depth > 0 && name_is(s + st[depth - 1].off, st[depth - 1].len, lit))
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		if (!lt)
			break;
		i = (size_t)(lt - s);
		if (i + 1 >= n)
			break;
		char c = s[i + 1];
		if (c == '!' && i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-') {
			/* a comment ends at the first "-->" or "--!>" ("<!-->" too) */
			size_t j = i + 2;
			for (; j + 2 < n; j++)
				if (s[j] == '-' && s[j + 1] == '-' &&
				    (s[j + 2] == '>' || (s[j + 2] == '!' && j + 3 < n && s[j + 3] == '>')))
					break;
			if (j + 2 >= n)
				break;
			i = j + 3;
			continue;
		}
		if (c == '!' && i + 9 <= n && memcmp(s + i + 2, "[CDATA[", 7) == 0 &&
		    depth > 0 && st[depth - 1].foreign) {
			/* CDATA in SVG/MathML runs to "]]>" */
			size_t j = i + 9;
			while (j + 2 < n && !(s[j] == ']' && s[j + 1] == ']' && s[j + 2] == '>'))
				j++;
			if (j + 2 >= n)
				break;
			i = j + 3;
			continue;
		}
		if (c == '!' || c == '?' || (c == '/' && i + 2 < n && !is_alpha((unsigned char)s[i + 2]))) {
			/* bogus comment, DOCTYPE, CDATA outside foreign content: to '>' */
			const char *gt = memchr(s + i + 1, '>', n - i - 1);
			if (!gt)
				break;
			i = (size_t)(gt - s) + 1;
			continue;
		}
		int closing = c == '/';
		size_t k = i + 1 + (size_t)closing;
		if (k >= n || !is_alpha((unsigned char)s[k])) {
			i++;
			continue;
		}
		size_t name = k;
		while (k < n && !is_ws((unsigned char)s[k]) && s[k] != '/' && s[k] != '>')
			k++;
		size_t nl = k - name;
		const char *nm = s + name;
		int self;
		size_t end = tag_end(s, n, k, &self);
		if (end == SIZE_MAX)
			break; /* the page ends inside the tag: gumbo drops it */
		int foreign = depth > 0 && st[depth - 1].foreign &&
		              !name_in(s + st[depth - 1].off, st[depth - 1].len, integration);
		if (closing) {
			close_tag(s, st, &depth, nm, nl, foreign);
			i = end;
			continue;
		}
		int is_foreign = foreign || name_is(nm, nl, "svg") || name_is(nm, nl, "math");
		if (foreign && name_in(nm, nl, breakout))
			is_foreign = 0;
		if (is_foreign ? self : name_in(nm, nl, voids)) {
			i = end;
			continue;
		}
		if (!is_foreign) {
			if (name_in(nm, nl, closes_p) && TOP_IS("p"))
				depth--;
			if (name_in(nm, nl, headings) && depth > 0 &&
			    name_in(s + st[depth - 1].off, st[depth - 1].len, headings))
				depth--;
			if ((name_is(nm, nl, "li") && TOP_IS("li")) ||
			    ((name_is(nm, nl, "dd") || name_is(nm, nl, "dt")) &&
			     (TOP_IS("dd") || TOP_IS("dt"))) ||
			    ((name_is(nm, nl, "option") || name_is(nm, nl, "optgroup")) &&
			     TOP_IS("option")) ||
			    (name_is(nm, nl, "a") && TOP_IS("a")) ||
			    (name_is(nm, nl, "nobr") && TOP_IS("nobr")) ||
			    (name_is(nm, nl, "button") && TOP_IS("button")))
				depth--;
			if ((name_is(nm, nl, "td") || name_is(nm, nl, "th") ||
			     name_is(nm, nl, "tr") || name_is(nm, nl, "tbody") ||
			     name_is(nm, nl, "thead") || name_is(nm, nl, "tfoot")) &&
			    (TOP_IS("td") || TOP_IS("th")))
				depth--;
			if ((name_is(nm, nl, "tr") || name_is(nm, nl, "tbody") ||
			     name_is(nm, nl, "thead") || name_is(nm, nl, "tfoot")) &&
			    TOP_IS("tr"))
				depth--;
			if ((name_is(nm, nl, "tbody") || name_is(nm, nl, "thead") ||
			     name_is(nm, nl, "tfoot")) &&
			    (TOP_IS("tbody") || TOP_IS("thead") || TOP_IS("tfoot")))
				depth--;
		}
		if (depth >= MAX_NESTING) {
			*at = i;
			free(st);
			return 1;
		}
		st[depth].off = name;
		st[depth].len = (unsigned)nl;
		st[depth].foreign = (unsigned char)is_foreign;
		depth++;
		i = end;
		/* text that gumbo does not read as markup */
		if (!is_foreign) {
			if (name_is(nm, nl, "plaintext"))
				break;
			if (name_is(nm, nl, "script"))
				i = script_end(s, n, i);
			else
				for (int r = 0; rawtext[r]; r++)
					if (name_is(nm, nl, rawtext[r])) {
						i = find_end_tag(s, n, i, rawtext[r]);
						break;
					}
		}
	}
#undef TOP_IS
	free(st);
	return 0;
}

/* setjmp lives in this small frame so no caller local is clobbered. */
static GumboOutput *parse(gpool *p, const char *s, size_t n)
{
	jmp_buf jb;
	GumboOptions o = kGumboDefaultOptions;
	o.allocator = pool_alloc;
	o.deallocator = pool_free;
	o.userdata = p;
	/* each recorded error copies the open-element stack: quadratic */
	o.max_errors = 0;
	p->jb = &jb;
	if (setjmp(jb)) {
		p->jb = NULL;
		return NULL;
	}
	GumboOutput *out = gumbo_parse_with_options(&o, s, n);
	p->jb = NULL;
	return out;
}

/* ---- small string helpers --------------------------------------------- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int icontains(const char *s, const char *lit)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (nst_iprefix(s + i, n - i, lit))
			return 1;
	return 0;
}

static const char *find_bytes(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, lit, k) == 0)
			return s + i;
	return NULL;
}

static int is_wide(uint32_t cp)
{
	return nst_is_han(cp) || (cp >= 0x2E80 && cp <= 0x2FDF) ||
	       (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
}

/* ---- charset ------------------------------------------------------------ */

static int is_token_char(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c == '.' ||
	       c == ':';
}

/* The value of `key=` inside the tag s[0..end), or 0. */
static int tag_value(const char *s, size_t end, const char *key, char *out,
                     size_t outsz)
{
	size_t kl = strlen(key);
	for (size_t j = 0; j + kl < end; j++) {
		if (!nst_iprefix(s + j, end - j, key))
			continue;
		size_t k = j + kl;
		while (k < end && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k >= end || s[k] != '=')
			continue;
		k++;
		while (k < end && (s[k] == ' ' || s[k] == '"' || s[k] == '\''))
			k++;
		size_t m = 0;
		while (k < end && m + 1 < outsz && is_token_char((unsigned char)s[k]))
			out[m++] = s[k++];
		if (m) {
			out[m] = 0;
			return 1;
		}
	}
	return 0;
}

/* The first charset declared by <meta charset>, <meta http-equiv content=
 * "...; charset=gbk"> or an XML declaration.  Saved pages carry the <meta>
 * deep inside (a crawler's wrapper before the portal's own head), so this
 * looks further than the 1024 bytes of the HTML prescan. */
static int sniff_charset(const char *buf, size_t len, char *out, size_t outsz)
{
	size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
	for (size_t i = 0; i < n; i++) {
		if (buf[i] != '<')
			continue;
		int xml = nst_iprefix(buf + i, n - i, "<?xml");
		if (!xml && !nst_iprefix(buf + i, n - i, "<meta"))
			continue;
		size_t end = i;
		while (end < n && buf[end] != '>')
			end++;
		if (tag_value(buf + i, end - i, xml ? "encoding" : "charset", out,
		              outsz))
			return 1;
		i = end;
	}
	return 0;
}

/* The hint for nst_to_utf8.  Crawlers often re-save a GBK page as UTF-8
 * and keep its <meta charset=gb2312>; text/ tries a GB hint first, and
 * GB18030 decodes most UTF-8 byte strings without error (as mojibake).  A
 * long valid UTF-8 text is UTF-8 whatever its tag says: GBK text is almost
 * never valid UTF-8 beyond a handful of characters. */
static const char *charset_hint(const char *buf, size_t len, const char *decl)
{
	int gb = nst_iprefix(decl, strlen(decl), "gb") ||
	         nst_iprefix(decl, strlen(decl), "x-gbk") || icontains(decl, "936");
	if (!gb)
		return decl;
	if (nst_utf8_valid(buf, len)) {
		size_t multi = 0;
		for (size_t i = 0; i < len; i++)
			multi += (unsigned char)buf[i] >= 0xC0;
		if (multi >= 16)
			return NULL;
	}
	return "GB18030";
}

/* ---- loader state --------------------------------------------------------- */

/* One kept element of the page, in document order, with the statistics
 * of its subtree; the subtree is el[i+1 .. end). */
typedef struct hel {
	const GumboNode *node;
	int end, depth;
	size_t t0, t1;   /* its text in hctx.flat */
	int han, lhan;   /* Han characters, of which inside <a href> */
	int tables;      /* <table> elements, itself included */
	int title;       /* a heading that reads like the report's title */
} hel;

typedef struct hctx {
	nsl_layout *l;
	const char *src; /* the UTF-8 given to gumbo */
	size_t srclen;
	size_t *lines;   /* byte offsets where lines start */
	size_t nlines;
	size_t c_line, c_off; /* column cache: offset c_off is column c_col */
	int c_col;
	hel *el;
	int nel, capel;
	char *flat;      /* all kept text, concatenated without gaps */
	size_t nflat, capflat;
	size_t *kw;      /* where 总体情况 / 政府信息公开 start in flat */
	size_t nkw;
	int body, container;
	int emit;        /* the walk is inside the container: rows come out */
	int rc;
	int deep;        /* elements past MAX_DEPTH were left out */
	/* what the walk saw, for tables_as_images */
	int imgs, tables, sec_open, img_in_sec;
} hctx;

static int fail_nomem(hctx *h)
{
	if (!h->rc)
		h->rc = nsl_fail(h->l, NS_ERR_NOMEM, "out of memory reading HTML");
	return h->rc;
}

/* ---- positions ------------------------------------------------------------ */

static int build_lines(hctx *h)
{
	size_t n = 1;
	for (size_t i = 0; i < h->srclen; i++)
		n += h->src[i] == '\n';
	h->lines = malloc(n * sizeof *h->lines);
	if (!h->lines)
		return fail_nomem(h);
	h->lines[0] = 0;
	h->nlines = 1;
	for (size_t i = 0; i < h->srclen; i++)
		if (h->src[i] == '\n')
			h->lines[h->nlines++] = i + 1;
	h->c_line = (size_t)-1;
	return 0;
}

/* Position of byte offset off.  Pieces come mostly in source order, so a
 * cache keeps long one-line pages (Word exports) linear. */
static ns_pos pos_at(hctx *h, size_t off)
{
	if (off > h->srclen)
		off = h->srclen;
	size_t lo = 0, hi = h->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t from = h->lines[lo];
	int col = 1;
	if (lo == h->c_line && off >= h->c_off) {
		from = h->c_off;
		col = h->c_col;
	}
	col += (int)nst_utf8_len(h->src + from, off - from);
	h->c_line = lo;
	h->c_off = off;
	h->c_col = col;
	return (ns_pos){0, (int)lo + 1, col};
}

/* Length of a character reference at s (0 if none); *space is set when it
 * stands for a space (&nbsp; &#12288; ...). */
static size_t entity_len(const char *s, size_t n, int *space)
{
	static const char *const names[] = {
		"nbsp", "ensp", "emsp", "thinsp", "emsp13", "emsp14", "numsp",
		"puncsp", "hairsp", "MediumSpace", "NewLine", "Tab",
		"ZeroWidthSpace", "NonBreakingSpace", NULL};
	size_t i = 1;
	*space = 0;
	if (n < 2 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		int hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
		uint32_t cp = 0;
		i = hex ? 3 : 2;
		size_t d0 = i;
		while (i < n && i - d0 < 8) {
			int c = lower((unsigned char)s[i]), v;
			if (c >= '0' && c <= '9')
				v = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				v = c - 'a' + 10;
			else
				break;
			cp = cp * (hex ? 16 : 10) + (uint32_t)v;
			i++;
		}
		if (i == d0)
			return 0;
		*space = nst_is_space(cp);
	} else {
		while (i < n && i < 40 && is_token_char((unsigned char)s[i]) &&
		       s[i] != '-' && s[i] != '.' && s[i] != ':')
			i++;
		if (i == 1)
			return 0;
		for (int k = 0; names[k]; k++)
			if (strlen(names[k]) == i - 1 && nst_iprefix(s + 1, i - 1, names[k]))
				*space = 1;
	}
	if (i < n && s[i] == ';')
		i++;
	return i;
}

/* Source position of the first non-space character of a text node: its
 * raw text is walked over spaces, &nbsp;-like references and newlines. */
static ns_pos text_pos(hctx *h, const GumboNode *n)
{
	const GumboText *t = &n->v.text;
	const char *o = t->original_text.data;
	size_t on = t->original_text.length;
	if (!o || o < h->src || on > h->srclen || o > h->src + h->srclen - on)
		return pos_at(h, t->start_pos.offset);
	size_t i = 0;
	while (i < on) {
		int space;
		size_t k = entity_len(o + i, on - i, &space);
		if (k) {
			if (!space)
				break;
			i += k;
			continue;
		}
		uint32_t cp;
		k = (size_t)nst_utf8_decode(o + i, on - i, &cp);
		if (!k || !nst_is_space(cp))
			break;
		i += k;
	}
	return pos_at(h, (size_t)(o - h->src) + i);
}

static ns_pos elem_pos(hctx *h, const GumboNode *n)
{
	return pos_at(h, n->v.element.start_pos.offset);
}

/* ---- elements --------------------------------------------------------------- */

static GumboTag tag_of(const GumboNode *n)
{
	return n->v.element.tag;
}

static const char *attr(const GumboNode *n, const char *name)
{
	GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
	return a ? a->value : NULL;
}

static int is_text(const GumboNode *n)
{
	return n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
	       n->type == GUMBO_NODE_CDATA;
}

/* An element's style attribute, lower case and without blanks, into out
 * (cut at its size); 0 when it has none. */
static int squeezed_style(const GumboNode *n, char *out, size_t cap)
{
	const char *st = attr(n, "style");
	if (!st)
		return 0;
	size_t m = 0;
	for (size_t i = 0; st[i] && m + 1 < cap; i++)
		if (st[i] != ' ' && st[i] != '\t' && st[i] != '\n' && st[i] != '\r')
			out[m++] = (char)lower((unsigned char)st[i]);
	out[m] = 0;
	return 1;
}

/* The value of a declaration in a squeezed style ("font-size:0px"), or
 * NULL; "x-font-size" is no "font-size". */
static const char *style_value(const char *st, const char *prop)
{
	size_t k = strlen(prop);
	for (const char *p = strstr(st, prop); p; p = strstr(p + 1, prop))
		if ((p == st || p[-1] == ';' || p[-1] == '"' || p[-1] == '{') && p[k] == ':')
			return p + k + 1;
	return NULL;
}

/* Does an element inside n (a few levels down) set prop in its own style?
 * A child may show again what its parent hid so: font-size and
 * visibility are inherited, and overridden (`<div style="font-size:0">`
 * around inline blocks of their own size is a common way to remove the
 * gaps between them). */
static int sets_again(const GumboNode *n, const char *prop, int depth)
{
	const GumboVector *ch = &n->v.element.children;
	for (unsigned i = 0; i < ch->length && depth < 6; i++) {
		const GumboNode *c = ch->data[i];
		if (c->type != GUMBO_NODE_ELEMENT)
			continue;
		char st[256];
		if ((squeezed_style(c, st, sizeof st) && style_value(st, prop)) ||
		    sets_again(c, prop, depth + 1))
			return 1;
	}
	return 0;
}

/* A style (squeezed) of n that shows nothing: display:none, or
 * visibility:hidden or a font of size 0 (a figure's extra digit hidden so
 * from copying: "58<span style=font-size:0>7</span>" shows 58) that
 * nothing inside n sets again. */
static int hidden_style(const GumboNode *n, const char *st)
{
	const char *v;
	if ((v = style_value(st, "display")) && strncmp(v, "none", 4) == 0)
		return 1;
	if ((v = style_value(st, "visibility")) && strncmp(v, "hidden", 6) == 0)
		return !sets_again(n, "visibility", 0);
	if ((v = style_value(st, "font-size")) && (*v == '0' || *v == '.')) {
		char *end;
		double size = strtod(v, &end);
		return end != v && size == 0 && !sets_again(n, "font-size", 0);
	}
	return 0;
}

/* Text an element holds, its first bytes (a footnote mark is short). */
static size_t short_text(const GumboNode *n, char *out, size_t cap, size_t m, int depth)
{
	const GumboVector *ch = &n->v.element.children;
	for (unsigned i = 0; i < ch->length && m < cap && depth < 8; i++) {
		const GumboNode *c = ch->data[i];
		if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) {
			size_t k = strlen(c->v.text.text);
			if (k > cap - m)
				k = cap - m;
			memcpy(out + m, c->v.text.text, k);
			m += k;
		} else if (c->type == GUMBO_NODE_ELEMENT) {
			m = short_text(c, out, cap, m, depth + 1);
		}
	}
	return m;
}

static int is_block(GumboTag t);

/* Does the text before n (its earlier siblings, or its parent's) end with
 * a digit?  Whitespace and comments are passed over. */
static int figure_before(const GumboNode *n)
{
	for (int up = 0; n && up < 4; up++, n = n->parent) {
		const GumboNode *p = n->parent;
		if (!p || (p->type != GUMBO_NODE_ELEMENT && p->type != GUMBO_NODE_DOCUMENT))
			return 0;
		const GumboVector *ch = p->type == GUMBO_NODE_ELEMENT ? &p->v.element.children
		                                                      : &p->v.document.children;
		for (int i = (int)n->index_within_parent - 1; i >= 0; i--) {
			const GumboNode *c = ch->data[i];
			if (c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_COMMENT)
				continue;
			if (c->type == GUMBO_NODE_TEXT)
				return nst_ends_with_digit(c->v.text.text, strlen(c->v.text.text));
			while (c->type == GUMBO_NODE_ELEMENT && c->v.element.children.length) {
				const GumboVector *cc = &c->v.element.children;
				c = cc->data[cc->length - 1];
			}
			return c->type == GUMBO_NODE_TEXT &&
			       nst_ends_with_digit(c->v.text.text, strlen(c->v.text.text));
		}
		if (p->type != GUMBO_NODE_ELEMENT || is_block(tag_of(p)) ||
		    tag_of(p) == GUMBO_TAG_TD || tag_of(p) == GUMBO_TAG_TH)
			return 0; /* nothing before n in its line or cell */
	}
	return 0;
}

/* A footnote mark raised after a figure (<sup>, <sub>, or a span styled
 * vertical-align:super or sub; st its squeezed style, or NULL):
 * "85<sup>1</sup>" shows 85 and its note, and read as text it was 851
 * (nst_note_marker). */
static int note_after_figure(const GumboNode *n, const char *st)
{
	GumboTag t = tag_of(n);
	if (t != GUMBO_TAG_SUP && t != GUMBO_TAG_SUB) {
		const char *v = st ? style_value(st, "vertical-align") : NULL;
		if (!v || (strncmp(v, "super", 5) != 0 && strncmp(v, "sub", 3) != 0))
			return 0;
	}
	char text[32];
	size_t m = short_text(n, text, sizeof text, 0, 0);
	return m < sizeof text && nst_note_marker(text, m) && figure_before(n);
}

/* Does a browser show n's text, as part of the text around it?  Not when
 * hidden ("hidden", a style that shows nothing), nor a footnote's mark
 * raised after a figure.  The style is read once for both. */
static int shown(const GumboNode *n)
{
	if (attr(n, "hidden"))
		return 0;
	char st[256];
	int styled = squeezed_style(n, st, sizeof st);
	if (styled && hidden_style(n, st))
		return 0;
	GumboTag t = tag_of(n);
	if (!styled && t != GUMBO_TAG_SUP && t != GUMBO_TAG_SUB)
		return 1;
	return !note_after_figure(n, styled ? st : NULL);
}

/* Elements whose contents are never report text: head, scripts, styles,
 * navigation, embedded frames, form controls, foreign (SVG/MathML) markup.
 * The mirror and every walk use this one test, so that the i-th kept child
 * of an element is the same element for all of them. */
static int keep_element(const GumboNode *n, int depth)
{
	if (n->type != GUMBO_NODE_ELEMENT || depth > MAX_DEPTH)
		return 0;
	if (n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML)
		return 0;
	switch (tag_of(n)) {
	case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_SCRIPT:
	case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
	case GUMBO_TAG_NAV: case GUMBO_TAG_IFRAME: case GUMBO_TAG_FRAMESET:
	case GUMBO_TAG_FRAME: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_OBJECT:
	case GUMBO_TAG_EMBED: case GUMBO_TAG_APPLET: case GUMBO_TAG_SELECT:
	case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_DATALIST:
	case GUMBO_TAG_BUTTON: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
	case GUMBO_TAG_CANVAS: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
	case GUMBO_TAG_MAP: case GUMBO_TAG_META: case GUMBO_TAG_LINK:
		return 0;
	default:
		return shown(n);
	}
}

/* Elements that start and end a line of text. */
static int is_block(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD:
	case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR:
	case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
	case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
	case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1:
	case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
	case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP:
	case GUMBO_TAG_HR: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN:
	case GUMBO_TAG_MENU: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
	case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_UL:
	case GUMBO_TAG_LEGEND: case GUMBO_TAG_TABLE: case GUMBO_TAG_CAPTION:
	case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT:
	case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
	case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_BR:
		return 1;
	default:
		return 0;
	}
}

/* h1-h3, an element called *title*, or one whose class/id says "tit". */
static int title_like(const GumboNode *n)
{
	GumboTag t = tag_of(n);
	if (t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3)
		return 1;
	if (t == GUMBO_TAG_UNKNOWN) {
		GumboStringPiece o = n->v.element.original_tag;
		for (size_t i = 0; o.data && i < o.length; i++)
			if (nst_iprefix(o.data + i, o.length - i, "title"))
				return 1;
	}
	const char *c = attr(n, "class"), *id = attr(n, "id");
	return (c && icontains(c, "tit")) || (id && icontains(id, "tit"));
}

/* ---- the mirror --------------------------------------------------------- */

static int flat_append(hctx *h, const char *s, size_t n)
{
	if (h->nflat + n + 1 > h->capflat) {
		size_t cap = h->capflat ? h->capflat * 2 : 65536;
		while (cap < h->nflat + n + 1)
			cap *= 2;
		char *p = realloc(h->flat, cap);
		if (!p)
			return fail_nomem(h);
		h->flat = p;
		h->capflat = cap;
	}
	memcpy(h->flat + h->nflat, s, n);
	h->nflat += n;
	h->flat[h->nflat] = 0;
	return 0;
}

static int push_el(hctx *h)
{
	if (h->nel == h->capel) {
		int cap = h->capel ? h->capel * 2 : 1024;
		hel *p = realloc(h->el, (size_t)cap * sizeof *p);
		if (!p) {
			fail_nomem(h);
			return -1;
		}
		h->el = p;
		h->capel = cap;
	}
	memset(&h->el[h->nel], 0, sizeof *h->el);
	return h->nel++;
}

static int build(hctx *h, const GumboNode *n, int depth, int in_link);

static int build_children(hctx *h, int me, int depth, int in_link)
{
	const GumboVector *ch = &h->el[me].node->v.element.children;
	int han = 0, lhan = 0, tables = 0;
	for (unsigned i = 0; i < ch->length && !h->rc; i++) {
		const GumboNode *c = ch->data[i];
		if (is_text(c)) {
			size_t k = strlen(c->v.text.text);
			if (flat_append(h, c->v.text.text, k))
				return -1;
			int hn = (int)nst_han_count(c->v.text.text, k);
			han += hn;
			lhan += in_link ? hn : 0;
		} else if (c->type == GUMBO_NODE_ELEMENT && depth + 1 > MAX_DEPTH) {
			h->deep = 1; /* left out: said if the page ends up without text */
		} else if (keep_element(c, depth + 1)) {
			int ci = build(h, c, depth + 1, in_link);
			if (ci < 0)
				return -1;
			han += h->el[ci].han;
			lhan += h->el[ci].lhan;
			tables += h->el[ci].tables;
		}
	}
	hel *e = &h->el[me];
	e->han += han;
	e->lhan += lhan;
	e->tables += tables;
	return 0;
}

static int build(hctx *h, const GumboNode *n, int depth, int in_link)
{
	int me = push_el(h);
	if (me < 0)
		return -1;
	h->el[me].node = n;
	h->el[me].depth = depth;
	h->el[me].t0 = h->nflat;
	h->el[me].tables = tag_of(n) == GUMBO_TAG_TABLE;
	if (tag_of(n) == GUMBO_TAG_A && attr(n, "href"))
		in_link = 1;
	if (build_children(h, me, depth, in_link))
		return -1;
	hel *e = &h->el[me];
	e->end = h->nel;
	e->t1 = h->nflat;
	e->title = title_like(n) && e->han >= 4 && e->han <= MAX_TITLE_HAN &&
	           e->lhan * 2 < e->han &&
	           find_bytes(h->flat + e->t0, e->t1 - e->t0, "报告");
	return me;
}

static int find_keywords(hctx *h)
{
	static const char *const kws[] = {"总体情况", "政府信息公开", NULL};
	size_t cap = 0;
	for (size_t i = 0; i < h->nflat; i++) {
		for (int k = 0; kws[k]; k++) {
			size_t kl = strlen(kws[k]);
			if (h->nflat - i < kl || memcmp(h->flat + i, kws[k], kl))
				continue;
			if (h->nkw == cap) {
				cap = cap ? cap * 2 : 64;
				size_t *p = realloc(h->kw, cap * sizeof *p);
				if (!p)
					return fail_nomem(h);
				h->kw = p;
			}
			h->kw[h->nkw++] = i;
			break;
		}
	}
	return 0;
}

static int has_keyword(const hctx *h, int i)
{
	size_t lo = 0, hi = h->nkw;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->kw[mid] < h->el[i].t0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < h->nkw && h->kw[lo] < h->el[i].t1;
}

/* ---- choosing the report's container ----------------------------------- */

static int plain_han(const hctx *h, int i)
{
	return h->el[i].han - h->el[i].lhan;
}

/* the first report-title heading in el[from..to), or -1 */
static int find_title(const hctx *h, int from, int to)
{
	for (int i = from; i < to; i++)
		if (h->el[i].title)
			return i;
	return -1;
}

/* Whether the report lies inside child c of n, so that what n holds outside
 * c is chrome: c has nearly all of n's plain (non-link) Han text, the
 * keywords and tables when n has them, and n keeps no report-title heading
 * outside c (a title above the body would be lost). */
static int may_enter(const hctx *h, int n, int c)
{
	const hel *N = &h->el[n], *C = &h->el[c];
	int outside = plain_han(h, n) - plain_han(h, c);
	if (outside * 100 > plain_han(h, c) * 15)
		return 0;
	if (has_keyword(h, n) && !has_keyword(h, c))
		return 0;
	if (N->tables && !C->tables)
		return 0;
	int tn = find_title(h, n + 1, N->end);
	if (tn >= 0 && find_title(h, c, C->end) < 0)
		return 0;
	return 1;
}

/* From <body> down: enter the child with most plain Han text while the
 * report lies inside it; a data table is a leaf (its rows are one grid). */
static int choose_container(const hctx *h, int body)
{
	int n = body;
	for (;;) {
		const hel *N = &h->el[n];
		if (tag_of(N->node) == GUMBO_TAG_TABLE && N->tables == 1)
			break;
		int best = -1;
		for (int c = n + 1; c < N->end; c = h->el[c].end)
			if (best < 0 || plain_han(h, c) > plain_han(h, best))
				best = c;
		if (best < 0 || plain_han(h, best) == 0 || !may_enter(h, n, best))
			break;
		n = best;
	}
	return n;
}

/* ---- text buffers ------------------------------------------------------------
 * Whitespace collapses as a browser collapses it: spaces, tabs, newlines,
 * &nbsp; and U+3000 become one space, leading and trailing ones go, and
 * adjacent inline elements join with nothing between them ("申请人情" +
 * "况").  A run made only of a source line break between two wide (CJK)
 * characters vanishes (CSS segment-break rule): Word wraps Chinese lines
 * anywhere, and the author never meant a space there. */

enum { GAP_SPACE = 1, GAP_BREAK = 2, GAP_HARD = 4 };

typedef struct tbuf {
	char *s;
	size_t n, cap;
	uint32_t last;  /* last character written */
	unsigned gap;   /* pending whitespace (GAP_* bits) */
	ns_pos pos;     /* of the first character */
} tbuf;

static int tb_put(hctx *h, tbuf *tb, const char *s, size_t n)
{
	if (tb->n + n + 1 > tb->cap) {
		size_t cap = tb->cap ? tb->cap * 2 : 256;
		while (cap < tb->n + n + 1)
			cap *= 2;
		char *p = realloc(tb->s, cap);
		if (!p)
			return fail_nomem(h);
		tb->s = p;
		tb->cap = cap;
	}
	memcpy(tb->s + tb->n, s, n);
	tb->n += n;
	tb->s[tb->n] = 0;
	return 0;
}

static void tb_reset(tbuf *tb)
{
	tb->n = 0;
	tb->gap = 0;
	tb->last = 0;
	tb->pos = (ns_pos){0, 0, 0};
}

static unsigned gap_kind(uint32_t cp)
{
	if (cp == '\n' || cp == '\r')
		return GAP_BREAK;
	if (cp == ' ' || cp == '\t' || cp == '\f')
		return GAP_SPACE;
	return GAP_HARD;
}

static int gap_wanted(unsigned gap, uint32_t prev, uint32_t next)
{
	if (gap & GAP_HARD)
		return 1;
	if (gap & GAP_BREAK)
		return !(is_wide(prev) && is_wide(next));
	return gap != 0;
}

/* A block boundary inside a cell: a space, unless nothing came yet. */
static void tb_break(tbuf *tb)
{
	if (tb->n)
		tb->gap |= GAP_HARD;
}

static int tb_text(hctx *h, tbuf *tb, const GumboNode *node)
{
	const char *s = node->v.text.text;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (!k) { /* gumbo gives valid UTF-8; be safe anyway */
			cp = 0xFFFD;
			k = 1;
		}
		if (cp == 0x200B || cp == 0xFEFF) { /* zero width: nothing */
			i += (size_t)k;
			continue;
		}
		if (nst_is_space(cp)) {
			tb->gap |= gap_kind(cp);
			i += (size_t)k;
			continue;
		}
		if (tb->n == 0)
			tb->pos = text_pos(h, node);
		else if (gap_wanted(tb->gap, tb->last, cp) && tb_put(h, tb, " ", 1))
			return h->rc;
		tb->gap = 0;
		if (tb_put(h, tb, s + i, (size_t)k))
			return h->rc;
		tb->last = cp;
		i += (size_t)k;
	}
	return 0;
}

/* Text of an element as one cell: blocks and <br> inside become spaces. */
static void cell_text(hctx *h, const GumboNode *n, int depth, tbuf *tb)
{
	const GumboVector *ch = &n->v.element.children;
	for (unsigned i = 0; i < ch->length && !h->rc; i++) {
		const GumboNode *c = ch->data[i];
		if (is_text(c)) {
			tb_text(h, tb, c);
			continue;
		}
		if (!keep_element(c, depth + 1))
			continue;
		int block = is_block(tag_of(c));
		if (block)
			tb_break(tb);
		cell_text(h, c, depth + 1, tb);
		if (block)
			tb_break(tb);
	}
}

/* ---- emitting ------------------------------------------------------------------ */

/* Copies of spanned cells multiply text: the layout's caps (set from the
 * page's size) stop it growing without bound. */
static int emit_cell(hctx *h, const char *s, size_t n, ns_pos pos)
{
	if (!h->rc)
		h->rc = nsl_cell_add(h->l, s, n, pos);
	return h->rc;
}

/* 2 for "二、..." and the like, 0 when the text does not open so. */
static int section_no(const char *s, size_t n)
{
	static const char *const nums[] = {"一", "二", "三", "四", "五", "六", NULL};
	static const char *const seps[] = {"、", "．", ".", "，", NULL};
	for (int i = 0; nums[i]; i++) {
		size_t k = strlen(nums[i]);
		if (n <= k || memcmp(s, nums[i], k))
			continue;
		for (int j = 0; seps[j]; j++)
			if (nst_iprefix(s + k, n - k, seps[j]))
				return i + 1;
	}
	return 0;
}

/* End a line of text: a paragraph row inside the container; outside it
 * the line only tells which section the walk is in. */
static int tb_flush(hctx *h, tbuf *tb)
{
	if (h->rc || tb->n == 0) {
		tb_reset(tb);
		return h->rc;
	}
	/* sections 二 三 四 hold the tables: an image there stands for one */
	int sec = section_no(tb->s, tb->n);
	if (sec)
		h->sec_open = sec >= 2 && sec <= 4;
	if (h->emit && !h->rc)
		h->rc = nsl_para_add(h->l, tb->s, tb->n, tb->pos);
	tb_reset(tb);
	return h->rc;
}

/* ---- tables -------------------------------------------------------------- */

typedef struct origin {
	const char *text; /* in the layout's storage */
	size_t len;
	ns_pos pos;
} origin;

typedef struct grid {
	origin *org;
	int norg, caporg;
	int *slot;        /* origin index per slot, -1 for a slot no cell covers */
	size_t nslot, capslot;
	size_t *rowoff;   /* nrows + 1 offsets into slot */
	ns_pos *rowpos;
	int nrows;
	int *left, *orig; /* per column: rows still covered by a rowspan, by whom */
	int ncol, capcol;
} grid;

static void grid_free(grid *g)
{
	free(g->org);
	free(g->slot);
	free(g->rowoff);
	free(g->rowpos);
	free(g->left);
	free(g->orig);
}

static int push_slot(hctx *h, grid *g, int o)
{
	if (g->nslot >= MAX_TABLE_SLOTS) {
		h->rc = nsl_fail(h->l, NS_ERR_TOO_LARGE,
		                 "HTML table has more than %d cells after spans",
		                 MAX_TABLE_SLOTS);
		return h->rc;
	}
	if (g->nslot == g->capslot) {
		size_t cap = g->capslot ? g->capslot * 2 : 256;
		int *p = realloc(g->slot, cap * sizeof *p);
		if (!p)
			return fail_nomem(h);
		g->slot = p;
		g->capslot = cap;
	}
	g->slot[g->nslot++] = o;
	return 0;
}

static int grow_cols(hctx *h, grid *g, int ncol)
{
	if (ncol > g->capcol) {
		int cap = g->capcol ? g->capcol : 16;
		while (cap < ncol)
			cap *= 2;
		int *a = realloc(g->left, (size_t)cap * sizeof *a);
		if (!a)
			return fail_nomem(h);
		g->left = a;
		int *b = realloc(g->orig, (size_t)cap * sizeof *b);
		if (!b)
			return fail_nomem(h);
		g->orig = b;
		g->capcol = cap;
	}
	for (int c = g->ncol; c < ncol; c++) {
		g->left[c] = 0;
		g->orig[c] = -1;
	}
	if (ncol > g->ncol)
		g->ncol = ncol;
	return 0;
}

/* colspan / rowspan as browsers read them: leading digits, else dflt. */
static int span_attr(const GumboNode *n, const char *name, int dflt)
{
	const char *s = attr(n, name);
	if (!s)
		return dflt;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (*s == '+')
		s++;
	if (*s < '0' || *s > '9')
		return dflt;
	long v = 0;
	while (*s >= '0' && *s <= '9' && v < 1000000)
		v = v * 10 + (*s++ - '0');
	return (int)v;
}

static int add_origin(hctx *h, grid *g, const GumboNode *cell, int depth,
                      tbuf *tb)
{
	tb_reset(tb);
	cell_text(h, cell, depth, tb);
	if (h->rc)
		return -1;
	if (g->norg == g->caporg) {
		int cap = g->caporg ? g->caporg * 2 : 64;
		origin *p = realloc(g->org, (size_t)cap * sizeof *p);
		if (!p) {
			fail_nomem(h);
			return -1;
		}
		g->org = p;
		g->caporg = cap;
	}
	/* an empty cell sits where its tag is; a cell with text where the text is */
	ns_pos pos = tb->n ? tb->pos : elem_pos(h, cell);
	char *t = nsl_strdup(h->l, tb->n ? tb->s : "", tb->n);
	if (!t) {
		fail_nomem(h);
		return -1;
	}
	g->org[g->norg] = (origin){t, tb->n, pos};
	return g->norg++;
}

/* Place one <td>/<th> at the first free column from *c; every slot it
 * spans refers to it, so spanned slots read as copies of it. */
static int place_cell(hctx *h, grid *g, const GumboNode *cell, int depth,
                      int rows_left, int *c, tbuf *tb)
{
	while (*c < g->ncol && g->left[*c] > 0)
		if (push_slot(h, g, g->orig[(*c)++]))
			return h->rc;
	if (*c >= MAX_COLS)
		return 0;
	int cs = span_attr(cell, "colspan", 1);
	int rs = span_attr(cell, "rowspan", 1);
	if (cs < 1)
		cs = 1;
	if (cs > MAX_COLS - *c)
		cs = MAX_COLS - *c;
	if (rs == 0 || rs > rows_left) /* 0: to the end of the table */
		rs = rows_left;
	if (rs > MAX_ROWSPAN)
		rs = MAX_ROWSPAN;
	int o = add_origin(h, g, cell, depth, tb);
	if (o < 0 || grow_cols(h, g, *c + cs))
		return h->rc;
	for (int k = 0; k < cs; k++, (*c)++) {
		g->left[*c] = rs;
		g->orig[*c] = o;
		if (push_slot(h, g, o))
			return h->rc;
	}
	return 0;
}

static int is_cell(const GumboNode *n, int depth)
{
	return keep_element(n, depth) &&
	       (tag_of(n) == GUMBO_TAG_TD || tag_of(n) == GUMBO_TAG_TH);
}

/* One <tr>: its own cells, then columns still covered from above up to the
 * last covered one.  Rows are not padded to the table's width: a row that
 * has fewer cells shows it, and no blank is invented for it. */
static int lay_row(hctx *h, grid *g, const GumboNode *tr, int depth, int r,
                   int nrows, tbuf *tb)
{
	const GumboVector *ch = &tr->v.element.children;
	int c = 0;
	g->rowoff[r] = g->nslot;
	g->rowpos[r] = elem_pos(h, tr);
	for (unsigned i = 0; i < ch->length && !h->rc; i++)
		if (is_cell(ch->data[i], depth + 1))
			place_cell(h, g, ch->data[i], depth + 1, nrows - r, &c, tb);
	int last = g->ncol - 1;
	while (last >= c && g->left[last] == 0)
		last--;
	for (; c <= last && !h->rc; c++)
		push_slot(h, g, g->left[c] > 0 ? g->orig[c] : -1);
	for (int k = 0; k < g->ncol; k++)
		if (g->left[k] > 0)
			g->left[k]--;
	return h->rc;
}

/* <tr> of the table in source order, through thead/tbody/tfoot. */
static int table_rows(const GumboNode *table, int depth, const GumboNode **out)
{
	int n = 0;
	const GumboVector *ch = &table->v.element.children;
	for (unsigned i = 0; i < ch->length; i++) {
		const GumboNode *c = ch->data[i];
		if (!keep_element(c, depth + 1))
			continue;
		GumboTag t = tag_of(c);
		if (t == GUMBO_TAG_TR) {
			if (out)
				out[n] = c;
			n++;
		} else if (t == GUMBO_TAG_THEAD || t == GUMBO_TAG_TBODY ||
		           t == GUMBO_TAG_TFOOT) {
			const GumboVector *rs = &c->v.element.children;
			for (unsigned j = 0; j < rs->length; j++) {
				const GumboNode *tr = rs->data[j];
				if (!keep_element(tr, depth + 2) || tag_of(tr) != GUMBO_TAG_TR)
					continue;
				if (out)
					out[n] = tr;
				n++;
			}
		}
	}
	return n;
}

/* depth of a <tr>: right under the table, or under a row group */
static int tr_depth(const GumboNode *table, const GumboNode *tr, int depth)
{
	return tr->parent == table ? depth + 1 : depth + 2;
}

static void emit_caption(hctx *h, const GumboNode *table, int depth, tbuf *tb)
{
	const GumboVector *ch = &table->v.element.children;
	for (unsigned i = 0; i < ch->length && !h->rc; i++) {
		const GumboNode *c = ch->data[i];
		if (!keep_element(c, depth + 1) || tag_of(c) != GUMBO_TAG_CAPTION)
			continue;
		tb_reset(tb);
		cell_text(h, c, depth + 1, tb);
		tb_flush(h, tb);
	}
}

/* Trailing columns go only when they are empty in every row. */
static size_t kept_width(const grid *g)
{
	size_t keep = 0;
	for (int r = 0; r < g->nrows; r++)
		for (size_t i = g->rowoff[r]; i < g->rowoff[r + 1]; i++) {
			int o = g->slot[i];
			if (o >= 0 && g->org[o].len && i - g->rowoff[r] + 1 > keep)
				keep = i - g->rowoff[r] + 1;
		}
	return keep;
}

static void emit_grid(hctx *h, const grid *g)
{
	size_t keep = kept_width(g);
	if (keep == 0) /* a table without any text is a spacer */
		return;
	for (int r = 0; r < g->nrows && !h->rc; r++) {
		size_t n = g->rowoff[r + 1] - g->rowoff[r];
		if (n > keep)
			n = keep;
		if (n == 0)
			continue;
		if (nsl_row_begin(h->l, 1)) {
			fail_nomem(h);
			return;
		}
		for (size_t i = 0; i < n && !h->rc; i++) {
			int o = g->slot[g->rowoff[r] + i];
			if (o < 0)
				emit_cell(h, "", 0, g->rowpos[r]);
			else
				emit_cell(h, g->org[o].text, g->org[o].len, g->org[o].pos);
		}
	}
	h->tables++;
	h->sec_open = 0;
}

static void emit_table(hctx *h, const GumboNode *table, int depth, tbuf *tb)
{
	grid g;
	if (!h->emit) { /* chrome, but it closes the section for images */
		h->sec_open = 0;
		return;
	}
	memset(&g, 0, sizeof g);
	emit_caption(h, table, depth, tb);
	int nrows = table_rows(table, depth, NULL);
	const GumboNode **trs = malloc(((size_t)nrows + 1) * sizeof *trs);
	g.rowoff = malloc(((size_t)nrows + 1) * sizeof *g.rowoff);
	g.rowpos = malloc(((size_t)nrows + 1) * sizeof *g.rowpos);
	if (!trs || !g.rowoff || !g.rowpos) {
		fail_nomem(h);
	} else {
		table_rows(table, depth, trs);
		g.nrows = nrows;
		for (int r = 0; r < nrows && !h->rc; r++)
			lay_row(h, &g, trs[r], tr_depth(table, trs[r], depth), r, nrows, tb);
		g.rowoff[nrows] = g.nslot;
		if (!h->rc)
			emit_grid(h, &g);
	}
	tb_reset(tb);
	free(trs);
	grid_free(&g);
}

/* ---- the walk ---------------------------------------------------------------- */

/* A picture in the report.  It ends the line of text before it, so that a
 * heading in the same <p> ("<b>三、…</b><img>") has opened its section. */
static void note_img(hctx *h, const GumboNode *n, tbuf *tb)
{
	/* icons (print, share, badges) declare their small size */
	int w = span_attr(n, "width", 1000), hh = span_attr(n, "height", 1000);
	if (w < 48 || hh < 48)
		return;
	tb_flush(h, tb);
	h->imgs += h->emit;
	if (h->sec_open)
		h->img_in_sec = 1;
}

/* A block made (almost) only of link text: a list of links, "上一篇/下一篇",
 * "打印 关闭" — portal furniture even inside the article. */
static int is_link_list(const hctx *h, int me)
{
	const hel *e = &h->el[me];
	return me != h->container && e->han > 0 && e->lhan * 10 >= e->han * 9 &&
	       e->tables == 0;
}

static void flow(hctx *h, const GumboNode *n, int me, tbuf *tb);

/* Layout in reading order.  me is n's index in the mirror; its kept
 * children follow it there in the same order, each subtree contiguous. */
static void flow_in(hctx *h, const GumboNode *n, int me, tbuf *tb)
{
	GumboTag t = tag_of(n);
	int depth = h->el[me].depth;
	if (t == GUMBO_TAG_IMG) {
		note_img(h, n, tb);
		return;
	}
	/* a table without tables inside is data: one grid.  A table that holds
	 * tables lays out the page: it is walked below like any block, its
	 * cells end lines, and the inner tables come out as grids of their own
	 * rather than glued into one cell. */
	if (t == GUMBO_TAG_TABLE && h->el[me].tables == 1) {
		tb_flush(h, tb);
		emit_table(h, n, depth, tb);
		return;
	}
	int block = is_block(t);
	if (block && tb_flush(h, tb))
		return;
	if (block && is_link_list(h, me))
		return;
	const GumboVector *ch = &n->v.element.children;
	int next = me + 1;
	for (unsigned i = 0; i < ch->length && !h->rc; i++) {
		const GumboNode *c = ch->data[i];
		if (is_text(c)) {
			tb_text(h, tb, c);
		} else if (keep_element(c, depth + 1)) {
			flow(h, c, next, tb);
			next = h->el[next].end;
		}
	}
	if (block)
		tb_flush(h, tb);
}

/* The whole body is walked so that section headings and pictures outside
 * the container still count for tables_as_images (a report's images may
 * sit in a sibling of its text); rows come only from the container. */
static void flow(hctx *h, const GumboNode *n, int me, tbuf *tb)
{
	if (me != h->container || h->emit) {
		flow_in(h, n, me, tb);
		return;
	}
	tb_flush(h, tb);
	h->emit = 1;
	flow_in(h, n, me, tb);
	tb_flush(h, tb);
	h->emit = 0;
}

/* ---- hints --------------------------------------------------------------------- */

static char *element_text(hctx *h, const GumboNode *n, int depth)
{
	tbuf tb = {0};
	cell_text(h, n, depth, &tb);
	char *r = tb.n ? nsl_strdup(h->l, tb.s, tb.n) : NULL;
	free(tb.s);
	return r;
}

static const GumboNode *find_tag(const GumboNode *n, GumboTag t, int depth)
{
	if (n->type != GUMBO_NODE_ELEMENT || depth > MAX_DEPTH)
		return NULL;
	if (tag_of(n) == t)
		return n;
	const GumboVector *ch = &n->v.element.children;
	for (unsigned i = 0; i < ch->length; i++) {
		const GumboNode *r = find_tag(ch->data[i], t, depth + 1);
		if (r)
			return r;
	}
	return NULL;
}

/* The visible title (a heading that reads like one, first inside the
 * report, else anywhere), else <title>.  The mapper decides the real one. */
static void set_title(hctx *h, const GumboNode *root)
{
	const hel *c = &h->el[h->container];
	int t = find_title(h, h->container, c->end);
	if (t < 0)
		t = find_title(h, 0, h->nel);
	if (t >= 0)
		h->l->title_hint = element_text(h, h->el[t].node, h->el[t].depth);
	if (h->l->title_hint || h->rc)
		return;
	const GumboNode *ti = find_tag(root, GUMBO_TAG_TITLE, 0);
	if (ti)
		h->l->title_hint = element_text(h, ti, 0);
}

/* A date "2024-01-17", "2024/1/17", "2024年1月17日" after a few separators
 * (spaces, colons, brackets) at s; written as YYYY-MM-DD into out.  The
 * forms of a date are nst_date's, the same for every loader and the mapper. */
static int parse_date(const char *s, size_t n, char out[11])
{
	size_t i = 0;
	while (i < n && i < 24) {
		uint32_t cp;
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (!k || !(nst_is_space(cp) || cp == ':' || cp == 0xFF1A ||
		            cp == '[' || cp == ']' || cp == 0x3010 || cp == 0x3011))
			break;
		i += (size_t)k;
	}
	return nst_date(s + i, n - i, out) > 0;
}

static int labelled_date(const hctx *h, const char *label, char out[11])
{
	size_t kl = strlen(label);
	if (!h->flat) /* a page without text: no flat buffer, and NULL + 0 is UB */
		return 0;
	const char *p = h->flat, *end = h->flat + h->nflat;
	while (p && (p = find_bytes(p, (size_t)(end - p), label)) != NULL) {
		p += kl;
		if (parse_date(p, (size_t)(end - p), out))
			return 1;
	}
	return 0;
}

/* <meta name="PubDate" content="2024-01-17 10:31">, the convention of
 * government portals. */
static int meta_date(const GumboNode *n, int depth, char out[11])
{
	static const char *const names[] = {"pubdate", "publishdate",
		"firstpublishedtime", "publishtime", "article:published_time", NULL};
	if (n->type != GUMBO_NODE_ELEMENT || depth > MAX_DEPTH)
		return 0;
	if (tag_of(n) == GUMBO_TAG_META) {
		const char *name = attr(n, "name"), *c = attr(n, "content");
		if (!name)
			name = attr(n, "property");
		for (int k = 0; name && c && names[k]; k++)
			if (strlen(name) == strlen(names[k]) &&
			    nst_iprefix(name, strlen(name), names[k]))
				return parse_date(c, strlen(c), out);
		return 0;
	}
	const GumboVector *ch = &n->v.element.children;
	for (unsigned i = 0; i < ch->length; i++)
		if (meta_date(ch->data[i], depth + 1, out))
			return 1;
	return 0;
}

/* What the page says of its publication: a labelled date anywhere in the
 * page text (portal info boxes sit outside the report), then <meta>, then
 * the date it was issued (发文日期, the info table of a 信息公开 page), then
 * the date the document was written: the mapper's order for a header's
 * fields, so that a page and its text read the same date. */
static void set_published(hctx *h, const GumboNode *root)
{
	static const char *const labels[] = {"发布时间", "发布日期", "公开日期",
	                                     "公开时间", NULL};
	static const char *const issued[] = {"发文日期", "发文时间", NULL};
	char d[11];
	int found = 0;
	for (int k = 0; labels[k] && !found; k++)
		found = labelled_date(h, labels[k], d);
	if (!found)
		found = meta_date(root, 0, d);
	for (int k = 0; issued[k] && !found; k++)
		found = labelled_date(h, issued[k], d);
	if (!found)
		found = labelled_date(h, "成文日期", d);
	if (found && !(h->l->published_hint = nsl_strdup(h->l, d, 10)))
		fail_nomem(h);
}

/* ---- the loader ---------------------------------------------------------------- */

static int find_body(const hctx *h)
{
	for (int c = 1; c < h->nel && c < h->el[0].end; c = h->el[c].end)
		if (tag_of(h->el[c].node) == GUMBO_TAG_BODY)
			return c;
	return 0;
}

static void walk(hctx *h)
{
	tbuf tb = {0};
	h->imgs = h->tables = h->sec_open = h->img_in_sec = h->emit = 0;
	flow(h, h->el[h->body].node, h->body, &tb);
	tb_flush(h, &tb);
	free(tb.s);
}

static int load_tree(hctx *h, const GumboOutput *out)
{
	if (!out->root || out->root->type != GUMBO_NODE_ELEMENT)
		return nsl_fail(h->l, NS_ERR_EMPTY, "HTML page has no content");
	if (build(h, out->root, 0, 0) < 0 || find_keywords(h))
		return h->rc;
	h->body = find_body(h);
	h->container = choose_container(h, h->body);
	walk(h);
	if (!h->rc && h->l->nrows == 0 && h->container != h->body) {
		/* the chosen element said nothing after all: take the whole body */
		h->container = h->body;
		walk(h);
	}
	if (h->rc)
		return h->rc;
	set_title(h, out->root);
	set_published(h, out->root);
	if (h->rc)
		return h->rc;
	h->l->tables_as_images = h->img_in_sec || (h->imgs > 0 && h->tables == 0);
	if (h->l->nrows == 0 && h->deep)
		return nsl_fail(h->l, NS_ERR_FORMAT, "HTML page has its text nested more "
		                "than %d elements deep, past what is read: not a page a "
		                "report is published in", MAX_DEPTH);
	if (h->l->nrows == 0)
		return nsl_fail(h->l, NS_ERR_EMPTY,
		                "HTML page has no text (%d images)", h->imgs);
	return NS_OK;
}

static size_t gumbo_cap(size_t len)
{
	/* gumbo takes about 20 times the page in this pool (measured on the
	 * corpus page and a 7 MB Word export) */
	size_t cap = ((size_t)64 << 20) + len * 40;
	size_t max = (size_t)2 << 30;
	return cap > max || cap < len ? max : cap;
}

static int parse_and_load(nsl_layout *l, const char *u8, size_t n, size_t rawlen)
{
	gpool pool;
	memset(&pool, 0, sizeof pool);
	pool.cap = gumbo_cap(n);
	hctx h;
	memset(&h, 0, sizeof h);
	h.l = l;
	h.src = u8;
	h.srclen = n;
	l->max_bytes = (16ll << 20) + (long long)rawlen * 32;
	int rc;
	GumboOutput *out = parse(&pool, u8, n);
	/* the cap is the page's own (a tree of 20 times its bytes is the
	 * most a real page takes): past it the page is too large, which no
	 * --max-load-memory changes, not the process out of memory */
	if (!out && pool.capped)
		rc = nsl_fail(l, NS_ERR_TOO_LARGE,
		              "HTML page too large to read: its elements would take over "
		              "%zu MiB (64 MiB and 40 bytes a byte of the page; a report's "
		              "page takes far less)", pool.cap >> 20);
	else if (!out)
		rc = nsl_fail(l, NS_ERR_NOMEM, "out of memory while parsing the HTML page");
	else if (build_lines(&h))
		rc = h.rc;
	else
		rc = load_tree(&h, out);
	pool_release(&pool);
	free(h.lines);
	free(h.el);
	free(h.flat);
	free(h.kw);
	return rc;
}

static int load_utf8(nsl_layout *l, const char *u8, size_t n, size_t rawlen)
{
	l->media_type = "text/html";
	size_t at = 0;
	int deep = too_deep(u8, n, &at);
	if (deep < 0)
		return nsl_fail(l, NS_ERR_NOMEM, "out of memory reading HTML");
	if (deep)
		return nsl_fail(l, NS_ERR_FORMAT, "HTML nested more than %d elements deep "
		                "(near byte %zu): not a page a report is published in",
		                MAX_NESTING, at);
	return parse_and_load(l, u8, n, rawlen);
}

int nsl_load_html(nsl_layout *l, const char *buf, size_t len,
                  const nsl_limits *lim)
{
	if (!l || (!buf && len))
		return NS_ERR_ARG;
	if (len == 0)
		return nsl_fail(l, NS_ERR_EMPTY, "HTML input is empty");
	if (lim && lim->input_bytes > 0 && (long long)len > lim->input_bytes)
		return nsl_fail(l, NS_ERR_TOO_LARGE,
		                "HTML input of %zu bytes is over the limit of %lld",
		                len, lim->input_bytes);
	char decl[64];
	const char *hint = sniff_charset(buf, len, decl, sizeof decl)
	                   ? charset_hint(buf, len, decl) : NULL;
	char *u8 = NULL;
	size_t n = 0, bad = 0;
	const char *enc = NULL;
	if (nst_to_utf8(buf, len, hint, &u8, &n, &enc, &bad) != 0)
		return nsl_fail(l, NS_ERR_ENCODING,
		                "HTML is neither UTF-8 nor GB18030: undecodable "
		                "byte at line %d (offset %zu)", nst_line_at(buf, len, bad), bad);
	l->encoding = enc;
	l->encoding_at = bad;
	int rc = load_utf8(l, u8, n, len);
	free(u8);
	return rc;
}

/* Already UTF-8 (HTML unescaped from a JS or JSON string by unwrap.c):
 * no charset to sniff, and a <meta charset=gbk> copied inside the string
 * must not make it decode the text a second time. */
int nsl_load_html_utf8(nsl_layout *l, const char *u8, size_t n,
                       const nsl_limits *lim)
{
	if (!l || (!u8 && n))
		return NS_ERR_ARG;
	if (n == 0)
		return nsl_fail(l, NS_ERR_EMPTY, "HTML input is empty");
	if (lim && lim->input_bytes > 0 && (long long)n > lim->input_bytes)
		return nsl_fail(l, NS_ERR_TOO_LARGE,
		                "HTML input of %zu bytes is over the limit of %lld",
		                n, lim->input_bytes);
	l->encoding = "UTF-8";
	return load_utf8(l, u8, n, n);
}
