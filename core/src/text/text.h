/*
 * text.h — UTF-8, GB18030 and normalisation helpers (internal).
 */
#ifndef NS_TEXT_H
#define NS_TEXT_H

#include <stddef.h>
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

#endif
