/*
 * text.h — UTF-8, GB18030 and normalisation helpers (internal).
 */
#ifndef NS_TEXT_H
#define NS_TEXT_H

#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>

/* Decode one UTF-8 code point at s (n bytes available).  Returns its length
 * (1..4) and stores the code point, or returns 0 on an invalid sequence. */
int nst_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the length. */
int nst_utf8_encode(uint32_t cp, char *out);
/* 1 when the whole buffer is valid UTF-8. */
int nst_utf8_valid(const char *s, size_t n);
/* Number of code points in s[0..n) (invalid bytes count as one each). */
size_t nst_utf8_len(const char *s, size_t n);

/*
 * Convert raw bytes to UTF-8.  Detects a UTF-8 BOM (dropped), valid UTF-8,
 * else GB18030 (a superset of GBK and GB2312) through iconv; `hint` may name
 * a charset declared by the document (HTML meta), tried first.
 * On success *out is malloc'd and NUL-terminated, *encoding is a static name
 * ("UTF-8" or "GB18030").  Returns 0, or -1 when neither decodes (then
 * *bad_offset receives the first undecodable byte offset).
 */
int nst_to_utf8(const char *buf, size_t len, const char *hint, char **out,
                size_t *outlen, const char **encoding, size_t *bad_offset);

/* "UTF-16LE" or "UTF-16BE" when the bytes are UTF-16: by a byte-order mark
 * (*bom set), or by the zero bytes its ASCII characters (digits, spaces,
 * line breaks) leave on one side of each pair only; else NULL. */
const char *nst_utf16_form(const char *buf, size_t len, int *bom);
/* UTF-16 (form from nst_utf16_form) to UTF-8, the BOM dropped.  0, or -1
 * with *bad_offset at the first unit that does not decode. */
int nst_utf16_to_utf8(const char *buf, size_t len, const char *form, char **out,
                      size_t *outlen, size_t *bad_offset);
/* A text that is good but for a few bytes: NUL bytes become spaces and,
 * in a text that is otherwise UTF-8, bytes that are not UTF-8 become
 * U+FFFD; each stays one character, so no line or column moves.  Done only
 * when what is left then decodes (nst_to_utf8); returns 0 with a malloc'd
 * copy in *out, else -1 (nothing to mend, or too much: binary data).
 * *nul / *bad count the bytes mended, *first_nul / *first_bad locate the
 * first of each (byte offsets in buf). */
int nst_text_mend(const char *buf, size_t len, char **out, size_t *outlen,
                  size_t *nul, size_t *first_nul, size_t *bad, size_t *first_bad);

/* The next code point of s[*i..n) in matching form (nst_fold), advancing
 * *i; bytes that are not UTF-8 are skipped.  0 at the end of the text. */
int nst_next_folded(const char *s, size_t n, size_t *i, uint32_t *cp);

/*
 * Matching form of a code point: full-width ASCII to ASCII, ideographic
 * space to space, 〇 to 零 ... Returns the code point to compare with.
 */
uint32_t nst_fold(uint32_t cp);
/* 1 for CJK ideographs (the characters labels are made of). */
int nst_is_han(uint32_t cp);
/* 1 for any Unicode space we treat as a gap (ASCII, NBSP, U+3000...). */
int nst_is_space(uint32_t cp);

/* s[0..n) starts with lit, ASCII case-insensitively (markup names). */
static inline int nst_iprefix(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	return n >= k && strncasecmp(s, lit, k) == 0;
}

#endif
