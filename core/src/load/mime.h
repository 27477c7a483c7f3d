/*
 * mime.h — the HTML inside a MIME web archive (internal to load/): an MHT
 * page, or the part a DOCX imports whole through w:altChunk.
 */
#ifndef NS_MIME_H
#define NS_MIME_H

#include "layout.h"
#include <stddef.h>

/* s[0..n) is a MIME message (its first line a header: MIME-Version:,
 * Content-Type: …): 1, with its first text/html part (or itself when it is
 * one) decoded from its transfer encoding into *out (malloc'd, NUL-ended;
 * its bytes in the part's charset).  0 when it is no message or holds no
 * HTML; -1 when out of memory.  With out NULL the part is only found. */
int nsl_mime_html(const char *s, size_t n, char **out, size_t *outlen);

#endif
