/*
 * docxnum.h — Word's list numbering, for the DOCX loader (internal to
 * load/; docxnum.c).
 *
 * Word numbers the paragraphs of a list itself: "一、总体情况" is stored as
 * "总体情况" with w:numPr (its own or its style's), the "一、" coming from
 * word/numbering.xml.  The loader reads the lists once from the package,
 * then asks, paragraph by paragraph in document order, for the label Word
 * shows before each (asking advances the list's counters).
 */
#ifndef NS_DOCXNUM_H
#define NS_DOCXNUM_H

#include <libxml/tree.h>
#include <stddef.h>
#include <zip.h>

/* The lists of a document and their counters. */
typedef struct nsl_docxnum nsl_docxnum;

/* Room for a label: at most 64 bytes (a longer one is cut, at a whole
 * character), and the NUL. */
#define NSL_DOCXNUM_LABEL 65

/* The lists of word/numbering.xml (and the paragraph styles of
 * word/styles.xml that may carry them), each part inflated to at most max
 * bytes (and 16 MB) and parsed under the XML budget of a package of
 * `zipped` bytes; the trees are freed before returning.  NULL when the
 * document has no lists, or when a part is missing, broken, encrypted or
 * too large, or memory is short: the paragraphs then read unnumbered, the
 * load goes on. */
nsl_docxnum *nsl_docxnum_read(zip_t *za, long long max, size_t zipped);

/* The label Word shows before paragraph p (a w:p, body or cell), written
 * NUL-terminated into buf; its length, 0 when the paragraph has none.
 * Every numbered paragraph advances its list, shown or not (bullets,
 * "none"), so call it once per paragraph in document order.  *space tells
 * whether a space goes between the label and the paragraph's text ("第一章
 * 总则"), or nothing ("一、总体情况"). */
size_t nsl_docxnum_label(nsl_docxnum *nb, const xmlNode *p,
                         char buf[NSL_DOCXNUM_LABEL], int *space);

void nsl_docxnum_free(nsl_docxnum *nb);

#endif
