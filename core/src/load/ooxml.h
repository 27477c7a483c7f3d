/*
 * ooxml.h — what the DOCX loader's two files share (internal to load/):
 * WordprocessingML's namespaces, the small helpers that find its elements
 * and read their attributes in a libxml2 tree (docx.c for the body,
 * docxnum.c for list numbering), and the reader of an optional part.
 */
#ifndef NS_OOXML_H
#define NS_OOXML_H

#include <libxml/tree.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"

static inline int in_ns(const xmlNode *n, const char *href)
{
	return n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, href) == 0;
}

/* An element of WordprocessingML (transitional or strict) named `name`. */
static inline int is_w(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0 &&
	       (in_ns(n, W_NS) || in_ns(n, W_NS_STRICT));
}

static inline xmlNode *child_w(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

/* An attribute by local name: w:val, w:styleId... (or unprefixed, as
 * some writers emit them). */
static inline const char *w_attr(const xmlNode *n, const char *name)
{
	if (!n)
		return NULL;
	for (xmlAttr *a = n->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, name) != 0)
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

static inline const char *w_val(const xmlNode *n)
{
	return w_attr(n, "val");
}

static inline int str_int(const char *v, int dflt, int lo, int hi)
{
	if (!v || !*v)
		return dflt;
	char *end;
	long x = strtol(v, &end, 10);
	if (end == v)
		return dflt;
	return x < lo ? lo : x > hi ? hi : (int)x;
}

static inline int w_int(const xmlNode *n, int dflt, int lo, int hi)
{
	return str_int(w_val(n), dflt, lo, hi);
}

/* An on/off property (w:vanish, w:isLgl): on when present, unless its
 * value says off. */
static inline int w_on(const xmlNode *n)
{
	const char *v = w_val(n);
	return n && !(v && (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 ||
	                    strcmp(v, "off") == 0));
}

/* docx.c: an optional part of the package (numbering.xml, styles.xml),
 * inflated (at most max bytes) and parsed quietly, under the XML budget of
 * a package of `zipped` bytes, as document.xml is; its tree if its root is
 * the w: element `root`, NULL when the part is missing, encrypted, damaged,
 * too large or not that.  The caller frees it (xmlFreeDoc). */
xmlDocPtr nsl_ooxml_part(zip_t *za, const char *name, long long max,
                         size_t zipped, const char *root);

#endif
