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
 * (1..4) and stores the code point, or returns 0 on an invalid sequence.
 * Inline (as are nst_fold, nst_is_han, nst_is_space below): the mapper
 * calls these once or more per character of every report, and a call per
 * character cost more than the work itself; ASCII takes one test. */
static inline int nst_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	/* three bytes: every Han character */
	if ((s[0] & 0xF0) == 0xE0) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		uint32_t c3 = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
		              (s[2] & 0x3F);
		if (c3 < 0x800 || (c3 >= 0xD800 && c3 <= 0xDFFF))
			return 0;
		*cp = c3;
		return 3;
	}
	int len;
	uint32_t c, min;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2; c = s[0] & 0x1F; min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3; c = s[0] & 0x0F; min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4; c = s[0] & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < (size_t)len)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* reject overlong forms, surrogates and out-of-range values */
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}
/* Encode cp into out (at least 4 bytes); returns the length. */
static inline int nst_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}
/* 1 when the whole buffer is valid UTF-8. */
int nst_utf8_valid(const char *s, size_t n);

/* Back to the start of the UTF-8 character byte i of s is in: a text cut
 * there is cut between characters. */
static inline size_t nst_char_start(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* How much of s[0, n) is whole characters: n, or less when a UTF-8
 * character is cut at n (a message or a line cut to its buffer). */
static inline size_t nst_whole_chars(const char *s, size_t n)
{
	if (!n)
		return 0;
	size_t st = nst_char_start(s, n - 1);
	unsigned char b = (unsigned char)s[st];
	size_t need = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
	return st + need <= n ? n : st;
}

/* The bytes of the first `chars` characters of s (all of it if shorter). */
static inline size_t nst_chars_bytes(const char *s, int chars)
{
	size_t at = 0;
	for (int k = 0; s[at] && k < chars; k++)
		do
			at++;
		while (((unsigned char)s[at] & 0xC0) == 0x80);
	return at;
}

/* s[0..n) as it may go to a terminal: a rule's print or error message can
 * hold ESC sequences (ESC ] 0 ; … BEL retitles the window, ESC [ 2 J
 * clears it, others rewrite what the operator reads), so every control
 * character but \n and \t (C0, DEL, and C1 written in UTF-8) and every
 * byte that is not UTF-8 is written as a Lua escape instead: \x1B, \x7F,
 * \u{9B}, \xFF — visible, and what the rule's source would say.  out has
 * room for 4n + 1 bytes; returns the length written (NUL-terminated).
 * nst_term_clean(s, n): 1 when nothing needs it (the common case). */
size_t nst_term_text(const char *s, size_t n, char *out);
int nst_term_clean(const char *s, size_t n);
/* Number of code points in s[0..n) (invalid bytes count as one each). */
size_t nst_utf8_len(const char *s, size_t n);
/* Han characters (nst_is_han) of the UTF-8 text s[0..n). */
size_t nst_han_count(const char *s, size_t n);
/* Binary data, not a text: a NUL byte, or control bytes other than line
 * breaks, tabs and form feeds past one byte in fifty. */
int nst_binary_text(const char *s, size_t n);

/*
 * Convert raw bytes to UTF-8.  Detects a UTF-8 BOM (dropped), valid UTF-8,
 * else GB18030 (a superset of GBK and GB2312) through iconv; `hint` may name
 * a charset declared by the document (HTML meta), tried first, or be
 * nst_utf8_checked: the caller has found the bytes to be UTF-8
 * (nst_text_mend returned 1), and they are not validated again.
 * A file neither decoder reads whole may still be lines of each (a UTF-8
 * header over a GBK page): then each line is decoded on its own, *encoding
 * is nst_enc_mixed and *bad_offset the offset of its first GB18030 line.
 * On success *out is malloc'd and NUL-terminated, *encoding is a static name
 * ("UTF-8", "GB18030" or nst_enc_mixed).  Returns 0, or -1 when nothing
 * decodes (then *bad_offset receives the first undecodable byte offset).
 */
extern const char nst_utf8_checked[];
extern const char nst_enc_mixed[];
int nst_to_utf8(const char *buf, size_t len, const char *hint, char **out,
                size_t *outlen, const char **encoding, size_t *bad_offset);
/* The line (from 1) that byte offset off of s[0..len) stands on: where an
 * undecodable byte is, said as a reader finds it. */
int nst_line_at(const char *s, size_t len, size_t off);
/* Does a line end at s[i] (of s[0..len)): LF, or CR alone, as the text
 * loader reads lines (CRLF and CR CR LF end one line, at their LF)? */
int nst_line_break(const char *s, size_t len, size_t i);

/* "UTF-16LE" or "UTF-16BE" when the bytes are UTF-16: by a byte-order mark
 * (*bom set), or by the zero bytes its ASCII characters (digits, spaces,
 * line breaks) leave on one side of each pair only; else NULL. */
const char *nst_utf16_form(const char *buf, size_t len, int *bom);
/* UTF-16 (form from nst_utf16_form) to UTF-8, the BOM dropped.  0, or -1
 * with *bad_offset at the first unit that does not decode. */
int nst_utf16_to_utf8(const char *buf, size_t len, const char *form, char **out,
                      size_t *outlen, size_t *bad_offset);
/* A text that is good but for a few bytes: NUL bytes become spaces, and
 * bytes that neither its encoding reads (a character cut short, a stray
 * 0xFF) become U+FFFD, written in the encoding of their line (UTF-8's or
 * GB18030's), so that the text then decodes (nst_to_utf8) as it was meant
 * to: UTF-8, GB18030, or lines of each.  Each bad byte stays one
 * character: no line moves, and no column but by the characters a
 * decoder would have made of the bad bytes.  Returns 0 with a malloc'd
 * copy in *out; 1 when the text is UTF-8 without a NUL byte (nothing to
 * mend: the common case); -1 when there is nothing it can mend (binary
 * data, or a text nst_to_utf8 reads or refuses as it is); 2 when the
 * damage is past mending (too many bad bytes, or no Chinese text around
 * them: see the thresholds in utf8.c), m saying where it starts. */
typedef struct nst_mend {
	size_t nul, first_nul;  /* NUL bytes read as spaces; the first's offset */
	size_t bad, first_bad;  /* bytes read as U+FFFD; the first's offset */
	int bad_lines;          /* lines holding them */
	int bad_line, bad_col;  /* where the first is: line (from 1, as the text
	                         * loaders count them), column in characters of
	                         * the line as decoded */
	const char *bad_in;     /* the encoding of its line: "UTF-8", "GB18030" */
	int gb;                 /* bad bytes in GB18030 lines, some or all */
} nst_mend;
int nst_text_mend(const char *buf, size_t len, char **out, size_t *outlen, nst_mend *m);

/* A malloc'd copy of s[0..n) with each byte that does not decode, and
 * each NUL, as U+FFFD: for text that must be UTF-8 whatever it came from
 * (a file's name, a rule's message).  NULL when out of memory. */
char *nst_utf8_mended(const char *s, size_t n);

/* Is s[0..n) a footnote mark (one to four of: digits, letters, * † ※ #
 * 注 ① … ⑳, brackets, commas)?  Set raised after a figure ("85<sup>1</sup>",
 * a run in Word's superscript) it is no part of the figure: the HTML and
 * DOCX loaders leave it out, where it glued 85 and 1 into 851. */
int nst_note_marker(const char *s, size_t n);
/* Does s[0..n) end (spaces aside) with a digit, ASCII or full-width? */
int nst_ends_with_digit(const char *s, size_t n);

/* A date at the start of s[0..n): 2025-01-24, 2025/1/24, 2025.1.24,
 * 2025年1月24日 (日 or 号 optional), full-width digits, spaces between the
 * parts, and Chinese numerals (二〇二四年二月二十八日).  Written as
 * YYYY-MM-DD into out; returns the bytes read, 0 when s starts with no date
 * (or one out of range: years 1990-2100). */
size_t nst_date(const char *s, size_t n, char out[11]);
/* 〇 (or 零) 一 二 … 九 as a digit, else -1: years are written 二〇二三 too. */
int nst_cn_digit(uint32_t cp);
/* The k-th numeral (from 0) of a year in Chinese numerals as a digit, else
 * -1: nst_cn_digit, and after the first the O or 0 typed for 〇. */
int nst_year_numeral(uint32_t cp, int k);

/* The next code point of s[*i..n) in matching form (nst_fold), advancing
 * *i; bytes that are not UTF-8 are skipped.  0 at the end of the text. */
int nst_next_folded(const char *s, size_t n, size_t *i, uint32_t *cp);

/*
 * Matching form of a code point: full-width ASCII to ASCII, ideographic
 * space to space, 〇 to 零, 它 to 他 ... Returns the code point to compare
 * with.  ASCII and Han (the bulk of a report) fold to themselves but for
 * 它: two tests.
 */
static inline uint32_t nst_fold(uint32_t cp)
{
	if (cp < 0xA0)
		return cp;
	if (cp >= 0x3400 && cp < 0xFE63)
		/* 其它 is written for the template's 其他 as often as not
		 * ("（六）其它处理", "3.其它", "其它需要报告的事项"); a report's
		 * 它 is that word's, so every 它 matches as 他 */
		return cp == 0x5B83 ? 0x4ED6 : cp;
	if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
		return cp - 0xFEE0;
	switch (cp) {
	case 0x3000: return ' ';
	case 0x00A0: return ' ';
	case 0x3007: return 0x96F6;   /* 〇 → 零 */
	case 0x3001: return 0x3001;   /* 、 stays: it marks numbering */
	case 0x201C: case 0x201D: case 0x300C: case 0x300D: return '"';
	case 0x2018: case 0x2019: return '\'';
	case 0x3014: return '[';      /* 〔 */
	case 0x3015: return ']';      /* 〕 */
	case 0x2014: case 0x2013: case 0x2015: case 0x2012: case 0x2212:
	case 0xFE63: return '-';      /* dashes */
	case 0xFF0E: return '.';
	case 0x00B7: case 0x30FB: return '.';
	case 0x3002: return 0x3002;   /* 。 kept */
	}
	return cp;
}
/* 1 for CJK ideographs (the characters labels are made of). */
static inline int nst_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F);
}
/* 1 for any Unicode space we treat as a gap (ASCII, NBSP, U+3000...). */
static inline int nst_is_space(uint32_t cp)
{
	if (cp > 0x3000) /* Han and beyond: one test */
		return cp == 0xFEFF;
	if (cp <= ' ')
		return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' ||
		       cp == '\f' || cp == '\v';
	return cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) ||
	       cp == 0x202F;
}

/* s[0..n) starts with lit, ASCII case-insensitively (markup names).
 * Folds ASCII letters itself: the HTML loader asks this for every tag
 * against lists of names, and strlen + strncasecmp per name was a fifth
 * of loading a page.  (The same answers as strncasecmp in the C and UTF-8
 * locales; markup names are ASCII.) */
static inline int nst_iprefix(const char *s, size_t n, const char *lit)
{
	for (size_t k = 0; lit[k]; k++) {
		if (k >= n)
			return 0;
		unsigned char a = (unsigned char)s[k], b = (unsigned char)lit[k];
		if (a != b) {
			if (a >= 'A' && a <= 'Z')
				a |= 0x20;
			if (b >= 'A' && b <= 'Z')
				b |= 0x20;
			if (a != b)
				return 0;
		}
	}
	return 1;
}

#endif
