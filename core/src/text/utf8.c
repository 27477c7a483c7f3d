/* utf8.c — UTF-8 coding, GB18030 conversion and the matching fold. */
#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* nst_utf8_decode, nst_utf8_encode, nst_fold, nst_is_han, nst_is_space:
 * inline in text.h */

static size_t utf8_first_invalid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		if (u[i] < 0x80) {
			/* runs of ASCII (digits, spaces, markup) eight bytes at a
			 * time: every text loaded is checked here, some twice */
			while (i + 8 <= n) {
				uint64_t w;
				memcpy(&w, u + i, 8);
				if (w & 0x8080808080808080ull)
					break;
				i += 8;
			}
			while (i < n && u[i] < 0x80)
				i++;
			continue;
		}
		/* three bytes led by E1–EC or EE–EF (every Han character): any two
		 * continuation bytes, never overlong nor a surrogate (those are
		 * led by E0 and ED, left to the full decoder) */
		if (i + 3 <= n && ((u[i] >= 0xE1 && u[i] <= 0xEC) || u[i] >= 0xEE) && u[i] <= 0xEF &&
		    (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (!k)
			return i;
		i += (size_t)k;
	}
	return n;
}

int nst_next_folded(const char *s, size_t n, size_t *i, uint32_t *cp)
{
	while (*i < n) {
		int k = nst_utf8_decode(s + *i, n - *i, cp);
		if (!k) {
			(*i)++;
			continue;
		}
		*i += (size_t)k;
		*cp = nst_fold(*cp);
		return 1;
	}
	return 0;
}

int nst_utf8_valid(const char *s, size_t n)
{
	return utf8_first_invalid(s, n) == n;
}

/* Bidirectional formatting characters: shown as they are, U+202E turns
 * the rest of a terminal line around ("report_2024\u202Etxt.exe"). */
static int is_bidi_control(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* the bytes of the character at s that a terminal may show as it is, or 0 */
static int term_char(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80)
		return c >= 0x20 ? (c == 0x7F ? 0 : 1) : (c == '\n' || c == '\t');
	uint32_t cp;
	int k = nst_utf8_decode(s, n, &cp);
	return k && cp >= 0xA0 && !is_bidi_control(cp) ? k : 0;
}

int nst_term_clean(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		int k = term_char(s + i, n - i);
		if (!k)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

size_t nst_term_text(const char *s, size_t n, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		int k = term_char(s + i, n - i);
		if (k) {
			memcpy(out + o, s + i, (size_t)k);
			o += (size_t)k;
			i += (size_t)k;
			continue;
		}
		uint32_t cp;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 && nst_utf8_decode(s + i, n - i, &cp) == 2 && cp < 0xA0) {
			/* a C1 control, U+0080–U+009F: two bytes, \u{9B} six (a
			 * bidirectional control, U+061C…, is written byte by byte) */
			out[o++] = '\\';
			out[o++] = 'u';
			out[o++] = '{';
			out[o++] = hex[cp >> 4];
			out[o++] = hex[cp & 15];
			out[o++] = '}';
			i += 2;
			continue;
		}
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex[c >> 4];
		out[o++] = hex[c & 15];
		i++;
	}
	out[o] = 0;
	return o;
}

size_t nst_utf8_len(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	uint32_t cp;
	while (i < n) {
		int k = nst_utf8_decode(s + i, n - i, &cp);
		i += k ? (size_t)k : 1;
		count++;
	}
	return count;
}

/* iconv from `charset` to UTF-8; 0 on success. */
static int convert(const char *charset, const char *buf, size_t len,
                   char **out, size_t *outlen, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return -1;
	size_t cap = len * 2 + 16; /* GB18030 → UTF-8 grows at most 2x (+BMP) */
	char *dst = malloc(cap);
	if (!dst) {
		iconv_close(cd);
		return -1;
	}
	char *in = (char *)buf, *o = dst;
	size_t inleft = len, oleft = cap - 1;
	int rc = 0;
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
			if (errno == E2BIG) {
				size_t used = (size_t)(o - dst);
				cap *= 2;
				char *nd = realloc(dst, cap);
				if (!nd) {
					rc = -1;
					break;
				}
				dst = nd;
				o = dst + used;
				oleft = cap - used - 1;
				continue;
			}
			*bad = (size_t)(in - buf);
			rc = -1;
			break;
		}
	}
	iconv_close(cd);
	if (rc) {
		free(dst);
		return -1;
	}
	*o = 0;
	*out = dst;
	*outlen = (size_t)(o - dst);
	return 0;
}


int nst_line_break(const char *s, size_t len, size_t i)
{
	if (s[i] == '\n')
		return 1;
	/* CR alone (old Mac exports), not the CR of CRLF nor of CR CR LF */
	return s[i] == '\r' && !(i + 1 < len && s[i + 1] == '\n') &&
	       !(i + 2 < len && s[i + 1] == '\r' && s[i + 2] == '\n');
}

int nst_line_at(const char *s, size_t len, size_t off)
{
	int line = 1;
	for (size_t i = 0, end = off < len ? off : len; i < end; i++)
		line += (s[i] == '\n' || s[i] == '\r') && nst_line_break(s, len, i);
	return line;
}

/* A lead byte followed by fewer continuation bytes than it announces. */
static int truncated_tail(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t need = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (!need || n >= need)
		return 0;
	for (size_t i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return 0;
	return 1;
}

static int dup_utf8(const char *buf, size_t len, char **out, size_t *outlen)
{
	char *d = malloc(len + 1);
	if (!d)
		return -1;
	memcpy(d, buf, len);
	d[len] = 0;
	*out = d;
	*outlen = len;
	return 0;
}

const char nst_utf8_checked[] = "UTF-8 (checked)";
const char nst_enc_mixed[] = "UTF-8 and GB18030";

/* The end of the line at s[at] (past its break): a line ends at LF, CR or
 * both, as the text loaders take it (an old Mac export ends lines at CR
 * alone).  Neither byte is ever inside a UTF-8 or GB18030 character. */
static size_t line_end(const char *s, size_t at, size_t n)
{
	while (at < n && s[at] != '\n' && s[at] != '\r')
		at++;
	return at < n ? at + 1 : n;
}

/* Characters of three bytes or more (CJK's, U+0800 up) in s[0..n), of
 * two bytes, and the bytes that are not UTF-8.  Only the first count as
 * UTF-8's witnesses: GBK text read as UTF-8 makes two-byte characters
 * often (时间：2025 holds two, Ϣ and ͨ; "1.信访举报" three, with two bad
 * bytes), a three-byte one seldom, and never more of them than bad bytes. */
static void utf8_witness(const char *s, size_t n, size_t *wide, size_t *narrow, size_t *bad)
{
	size_t i = 0;
	uint32_t cp;
	*wide = *narrow = *bad = 0;
	while (i < n) {
		int k = nst_utf8_decode(s + i, n - i, &cp);
		*wide += k > 2;
		*narrow += k == 2;
		*bad += !k;
		i += k ? (size_t)k : 1;
	}
}

/* Some line of s[0..n) is UTF-8 through, with two CJK characters or more:
 * then a file that is not UTF-8 throughout is lines of two encodings, even
 * when GB18030 reads it whole (a UTF-8 line whose runs of CJK characters
 * are of even length is GB18030 too, as other characters: a crawler's
 * "发布时间 2025-01-17" was lost so, and the date with it).  No GBK line
 * of the corpus reads as UTF-8 with one such character. */
static int utf8_line(const char *s, size_t n)
{
	for (size_t at = 0; at < n;) {
		size_t end = line_end(s, at, n), wide, narrow, bad;
		utf8_witness(s + at, end - at, &wide, &narrow, &bad);
		if (!bad && wide >= 2)
			return 1;
		at = end;
	}
	return 0;
}

/* Lines in two encodings: a crawler's UTF-8 header or footer around a GBK
 * page, two exports pasted into one file.  Neither decoder reads the whole,
 * but each line is one or the other: UTF-8 where it is valid, else
 * GB18030.  Taken only when the GB18030 lines hold real text (16 or more
 * characters past ASCII), so that a UTF-8 file with a few bad bytes is
 * left to nst_text_mend.  0 with *first_gb at the first GB18030 line;
 * -1 (nothing allocated) when some line reads as neither. */
static int convert_lines(const char *buf, size_t len, char **out, size_t *outlen,
                         size_t *first_gb)
{
	size_t cap = len * 2 + 16, o = 0, gb_chars = 0;
	char *dst = malloc(cap);
	if (!dst)
		return -1;
	*first_gb = len;
	for (size_t at = 0; at < len;) {
		size_t end = line_end(buf, at, len), n = end - at;
		char *piece = NULL;
		size_t pn = n, unused, wide, narrow, bad;
		utf8_witness(buf + at, n, &wide, &narrow, &bad);
		int gb = 1;
		if (bad) {
			/* UTF-8 but for a few bytes (more CJK characters than bad
			 * bytes) is a damaged UTF-8 line, not a GB18030 one: GB18030
			 * would read it without error as other characters, digits
			 * included */
			if (wide > bad || convert("GB18030", buf + at, n, &piece, &pn, &unused) != 0)
				goto fail;
		} else {
			/* UTF-8 of two-byte characters only (GBK's 息 is Ϣ, 通知 ֪ͨ)
			 * witnesses nothing in a Chinese report: GB18030's if it reads */
			gb = !wide && narrow && convert("GB18030", buf + at, n, &piece, &pn, &unused) == 0;
		}
		if (gb) {
			if (*first_gb == len)
				*first_gb = at;
			for (size_t i = 0; i < pn; i++)
				gb_chars += (unsigned char)piece[i] >= 0xC0;
		}
		/* cap holds it: a GB18030 line grows 1.5x at most in UTF-8 */
		memcpy(dst + o, piece ? piece : buf + at, pn);
		o += pn;
		free(piece);
		at = end;
	}
	if (gb_chars < 16)
		goto fail;
	dst[o] = 0;
	*out = dst;
	*outlen = o;
	return 0;
fail:
	free(dst);
	return -1;
}

int nst_to_utf8(const char *buf, size_t len, const char *hint, char **out,
                size_t *outlen, const char **encoding, size_t *bad_offset)
{
	size_t bad = 0, bom = 0;
	int checked = hint == nst_utf8_checked;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
		bom = 3;
		hint = "UTF-8";
	}
	int hint_gb = hint && (strncasecmp(hint, "gb", 2) == 0);
	size_t inv = checked ? len : utf8_first_invalid(buf, len);
	int mixed = inv < len && utf8_line(buf, len);
	/* A declared GB charset is tried first: short GBK texts can happen to
	 * be valid UTF-8 too, and the declaration is the better witness. */
	if (hint_gb && !mixed && convert("GB18030", buf, len, out, outlen, &bad) == 0) {
		*encoding = "GB18030";
		return 0;
	}
	/* a file cut inside its last character is UTF-8 all the same: the
	 * partial character is dropped */
	if (inv < len && len - inv < 4 && inv > 0 && truncated_tail(buf + inv, len - inv))
		len = inv;
	if (inv >= len) {
		*encoding = "UTF-8";
		return dup_utf8(buf, len, out, outlen);
	}
	if (!mixed && convert("GB18030", buf, len, out, outlen, &bad) == 0) {
		*encoding = "GB18030";
		return 0;
	}
	size_t first_gb;
	if (convert_lines(buf, len, out, outlen, &first_gb) == 0) {
		*encoding = nst_enc_mixed;
		*bad_offset = first_gb + bom;
		return 0;
	}
	/* Which decoder was the file meant for?  One that read characters of
	 * its own (multibyte UTF-8 sequences) before failing is: GB18030
	 * takes most UTF-8 byte strings as two-byte characters and would run
	 * past the bad byte, so "the one that got further" pointed past it.
	 * Offsets count from the file's first byte, a BOM included. */
	size_t multi = 0;
	for (size_t i = 0; i < inv; i++)
		multi += (unsigned char)buf[i] >= 0xC0;
	*bad_offset = (multi ? inv : inv > bad ? inv : bad) + bom;
	return -1;
}

const char *nst_utf16_form(const char *buf, size_t len, int *bom)
{
	const unsigned char *s = (const unsigned char *)buf;
	*bom = 0;
	if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
		*bom = 1;
		return "UTF-16LE";
	}
	if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		*bom = 1;
		return "UTF-16BE";
	}
	/* Without a BOM: a report's digits, spaces and line breaks are ASCII,
	 * whose high byte is 0; Han characters (U+3400..U+9FFF) seldom have a
	 * zero low byte.  So zeros fill one side of the pairs and not the
	 * other (U+4E00 一 and its kind leave a few there).  Binary data has
	 * zeros on both sides. */
	size_t n = (len < 65536 ? len : 65536) & ~(size_t)1;
	if (n < 16)
		return NULL;
	/* no zero byte at all (every UTF-8 or GB18030 text): neither side */
	if (!memchr(s, 0, n))
		return NULL;
	size_t z[2] = {0, 0}, pairs = n / 2;
	for (size_t i = 0; i < n; i += 2) { /* n is even; two counters vectorise */
		z[0] += s[i] == 0;
		z[1] += s[i + 1] == 0;
	}
	if (z[1] * 20 >= pairs && z[0] * 4 <= z[1]) /* 一 is U+4E00: some zeros */
		return "UTF-16LE";
	if (z[0] * 20 >= pairs && z[1] * 4 <= z[0])
		return "UTF-16BE";
	return NULL;
}

int nst_utf16_to_utf8(const char *buf, size_t len, const char *form, char **out,
                      size_t *outlen, size_t *bad_offset)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t skip = len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	                           (s[0] == 0xFE && s[1] == 0xFF)) ? 2 : 0;
	size_t bad = 0;
	if (convert(form, buf + skip, len - skip, out, outlen, &bad) == 0)
		return 0;
	*bad_offset = bad + skip;
	return -1;
}

size_t nst_han_count(const char *s, size_t n)
{
	size_t h = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = nst_utf8_decode(s + i, n - i, &cp);
		h += k && nst_is_han(cp);
		i += k ? (size_t)k : 1;
	}
	return h;
}

int nst_binary_text(const char *s, size_t n)
{
	if (memchr(s, 0, n))
		return 1;
	/* control bytes other than line breaks, tabs and form feeds; it reads
	 * every byte of every text report, so eight at a time: a word without
	 * a byte below 0x20 (most of them: Han characters, letters, figures)
	 * is passed over with one test */
	size_t ctl = 0, i = 0;
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		/* a byte below 0x20 sets its high bit in (w - 0x20..) & ~w:
		 * exact when no byte is, which is all this test decides */
		if (!((w - 0x20 * ones) & ~w & highs))
			continue;
		for (size_t k = i; k < i + 8; k++) {
			unsigned char c = (unsigned char)s[k];
			ctl += (c < 0x20) & (c != '\t') & (c != '\n') & (c != '\f') & (c != '\r');
		}
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		ctl += (c < 0x20) & (c != '\t') & (c != '\n') & (c != '\f') & (c != '\r');
	}
	return ctl * 50 > n;
}

/* ---- a text damaged in a few places ------------------------------------
 *
 * A copy damaged in transit (a byte dropped from a character, a stray
 * 0xFF, a line cut short by a bad export) leaves bytes that no decoder
 * reads.  One such line refused the whole report before, in GB18030 and
 * in a file of UTF-8 and GB18030 lines; only a UTF-8 text was mended, and
 * a GB18030 line of a mixed one was then mended as UTF-8 into U+FFFDs.
 * Now each line is mended in its own encoding (mend_lines):
 *
 *   - a line that is UTF-8 but for a few bytes (more CJK characters than
 *     bad bytes, as convert_lines takes it) is a damaged UTF-8 line;
 *   - any other line GB18030 reads whole is a GB18030 line, as ever;
 *   - a line neither reads is damaged in the encoding that finds fewer
 *     bytes it cannot read (a GB18030 line of Chinese text is nearly all
 *     bad bytes to UTF-8, one to GB18030); on a tie (a stray byte in a
 *     line of ASCII), in the file's encoding: GB18030 when it has GB18030
 *     lines and no UTF-8 line witnesses UTF-8 (two CJK characters), else
 *     UTF-8.
 *
 * Each bad byte becomes U+FFFD in its line's encoding (EF BF BD, or
 * GB18030's 84 31 A4 37), and the text is decoded as a whole again.
 * Damage past mending is refused, as binary data or text in another
 * encoding must be: more bad bytes than 16 and a thousandth of the file
 * (a damaged copy has a few; Latin-1 or Shift_JIS text has hundreds), or
 * fewer than 16 Chinese characters in what is read, or fewer than 8 for
 * each bad byte (a report is Chinese text; one bad byte in a line of
 * "\xFF\xFF\x80\x80 text" under a title is not a damaged report). */

/* U+FFFD as GB18030 writes it */
static const char gb_fffd[4] = {(char)0x84, 0x31, (char)0xA4, 0x37};

/* Bytes of s[0..n) GB18030 cannot read, each passed over (the decoder
 * going on at the next byte); *first at the first (n when none).  With
 * out (room for 4n bytes), s is copied there, each such byte as gb_fffd,
 * *outn bytes. */
static size_t gb_damage(iconv_t cd, const char *s, size_t n, char *out, size_t *outn,
                        size_t *first)
{
	char scratch[4096];
	size_t bad = 0, o = 0, i = 0;
	*first = n;
	iconv(cd, NULL, NULL, NULL, NULL);
	while (i < n) {
		char *in = (char *)s + i, *so = scratch;
		size_t il = n - i, ol = sizeof scratch;
		size_t r = iconv(cd, &in, &il, &so, &ol);
		int e = errno;
		size_t done = (size_t)(in - (s + i));
		if (out)
			memcpy(out + o, s + i, done);
		o += done;
		i += done;
		if (r != (size_t)-1)
			break;
		if (e == E2BIG)
			continue;
		if (bad++ == 0) /* EILSEQ, or EINVAL: a character cut at the end */
			*first = i;
		if (out)
			memcpy(out + o, gb_fffd, 4);
		o += 4;
		i++;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	if (outn)
		*outn = o;
	return bad;
}

/* s[0..n) copied to out, each byte that is not UTF-8 (or is NUL) as
 * U+FFFD; the bytes written.  *bad counts them, *first the first (n when
 * none). */
static size_t utf8_damage(const char *s, size_t n, char *out, size_t *bad, size_t *first)
{
	size_t o = 0;
	uint32_t cp;
	*bad = 0;
	*first = n;
	for (size_t i = 0; i < n;) {
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (k && cp) {
			memcpy(out + o, s + i, (size_t)k);
			o += (size_t)k;
			i += (size_t)k;
			continue;
		}
		if ((*bad)++ == 0)
			*first = i;
		memcpy(out + o, "\xEF\xBF\xBD", 3);
		o += 3;
		i++;
	}
	return o;
}

/* Characters of s[0..n), which reads whole in its encoding (gb: GB18030,
 * whose characters are one, two or four bytes; else UTF-8). */
static size_t chars_in(const char *s, size_t n, int gb)
{
	size_t c = 0;
	for (size_t i = 0; i < n; c++) {
		unsigned char b = (unsigned char)s[i];
		if (gb)
			i += b < 0x80 ? 1 : i + 1 < n && s[i + 1] >= 0x30 && s[i + 1] <= 0x39 ? 4 : 2;
		else {
			uint32_t cp;
			int k = nst_utf8_decode(s + i, n - i, &cp);
			i += k ? (size_t)k : 1;
		}
	}
	return c;
}

/* The line classes of mend_lines */
enum { L_UTF8, L_UTF8_BAD, L_GB, L_NEITHER };

static int line_class(iconv_t cd, const char *s, size_t n, size_t *wide, size_t *bad8,
                      size_t *badgb)
{
	size_t narrow, first;
	utf8_witness(s, n, wide, &narrow, bad8);
	*badgb = 0;
	if (!*bad8)
		return L_UTF8;
	if (*wide > *bad8)
		return L_UTF8_BAD;
	*badgb = gb_damage(cd, s, n, NULL, NULL, &first);
	return *badgb ? L_NEITHER : L_GB;
}

/* t[0..len) (NULs already spaces) mended line by line (above), or with
 * `lines` 0 as UTF-8 throughout (every byte that is not UTF-8 a bad one:
 * a GB18030 word in a UTF-8 text, too short to be a line of its own
 * encoding for convert_lines).  0 with the copy in *out, 2 past mending,
 * -1 nothing mended, what is mended does not decode, or out of memory. */
static int mend_lines(const char *t, size_t len, char **out, size_t *outlen, nst_mend *m,
                      int lines)
{
	memset(m, 0, sizeof *m);
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return -1;
	size_t gb_lines = 0, witnesses = 0, wide, bad8, badgb;
	for (size_t at = 0; at < len;) {
		size_t end = line_end(t, at, len);
		int c = line_class(cd, t + at, end - at, &wide, &bad8, &badgb);
		gb_lines += c == L_GB;
		witnesses += c == L_UTF8 && wide >= 2;
		at = end;
	}
	int gb_file = gb_lines && !witnesses;
	char *dst = malloc(len * 4 + 16);
	if (!dst) {
		iconv_close(cd);
		return -1;
	}
	size_t o = 0, first_at = len;
	int first_gb = 0;
	for (size_t at = 0; at < len;) {
		size_t end = line_end(t, at, len), n = end - at, first = n, w, bad = 0;
		int c = line_class(cd, t + at, n, &wide, &bad8, &badgb);
		int gb = lines && c == L_NEITHER && (badgb < bad8 || (badgb == bad8 && gb_file));
		if (c == L_UTF8 || (lines && c == L_GB)) {
			memcpy(dst + o, t + at, n);
			o += n;
		} else if (gb) {
			bad = gb_damage(cd, t + at, n, dst + o, &w, &first);
			o += w;
		} else {
			o += utf8_damage(t + at, n, dst + o, &bad, &first);
		}
		if (bad) {
			if (m->bad == 0) {
				first_at = at + first;
				first_gb = gb;
			}
			m->bad += bad;
			m->gb |= gb;
			m->bad_lines++; /* (a CRLF line's LF, a piece apart, has none) */
		}
		at = end;
	}
	iconv_close(cd);
	dst[o] = 0;
	if (!m->bad) { /* nothing here but what nst_to_utf8 refused as it is */
		free(dst);
		return -1;
	}
	m->first_bad = first_at;
	m->bad_in = first_gb ? "GB18030" : "UTF-8";
	m->bad_line = nst_line_at(t, len, first_at);
	size_t ls = first_at;
	while (ls > 0 && t[ls - 1] != '\n' && t[ls - 1] != '\r')
		ls--;
	m->bad_col = 1 + (int)chars_in(t + ls, first_at - ls, first_gb);
	/* what it reads as, and how much Chinese is in it */
	char *u;
	size_t un, off;
	const char *enc;
	if (nst_to_utf8(dst, o, NULL, &u, &un, &enc, &off) != 0) {
		free(dst);
		return -1;
	}
	size_t han = nst_han_count(u, un);
	free(u);
	if (han < 16 || han < m->bad * 8 || m->bad * 1000 > len + 16000) {
		/* binary data, as the text loader judges a text: no text at all,
		 * for the loader to say so */
		free(dst);
		return nst_binary_text(t, len) ? -1 : 2;
	}
	*out = dst;
	*outlen = o;
	return 0;
}

int nst_text_mend(const char *buf, size_t len, char **out, size_t *outlen, nst_mend *m)
{
	memset(m, 0, sizeof *m);
	const char *z = memchr(buf, 0, len); /* a text has none: one fast scan */
	for (size_t i = z ? (size_t)(z - buf) : len; i < len; i++)
		if (buf[i] == 0 && m->nul++ == 0)
			m->first_nul = i;
	/* more than one byte in fifty: not a few stray bytes in a text */
	if (m->nul * 50 > len)
		return -1;
	if (m->nul == 0 && utf8_first_invalid(buf, len) == len)
		return 1; /* the common case, without a copy */
	char *t = malloc(len + 1);
	if (!t)
		return -1;
	for (size_t i = 0; i < len; i++)
		t[i] = buf[i] ? buf[i] : ' ';
	t[len] = 0;
	char *u;
	size_t un, off = 0;
	const char *enc;
	/* (UTF-8 that decodes though not valid throughout is a file cut
	 * inside its last character, which the decoder drops: mended below,
	 * its bytes U+FFFD and said, as a GB18030 file cut so is) */
	if (nst_to_utf8(t, len, NULL, &u, &un, &enc, &off) == 0) {
		free(u);
		int cut = strcmp(enc, "UTF-8") == 0 && utf8_first_invalid(t, len) < len;
		if (!cut && m->nul == 0) { /* it decoded as it was: nothing to mend */
			free(t);
			return -1;
		}
		if (!cut) {
			*out = t;
			*outlen = len;
			return 0;
		}
	}
	size_t nul = m->nul, first_nul = m->first_nul;
	nst_mend as_utf8;
	int rc = mend_lines(t, len, out, outlen, m, 1);
	if (rc != 0) {
		int r8 = mend_lines(t, len, out, outlen, &as_utf8, 0);
		if (r8 == 0 || rc < 0) {
			*m = as_utf8;
			rc = r8;
		}
	}
	free(t);
	if (rc < 0)
		memset(m, 0, sizeof *m);
	m->nul = nul;
	m->first_nul = first_nul;
	return rc;
}

char *nst_utf8_mended(const char *s, size_t n)
{
	char *m = malloc(n * 3 + 1);
	size_t bad, first;
	if (m)
		m[utf8_damage(s, n, m, &bad, &first)] = 0;
	return m;
}

/* Footnote marks are short and made of few kinds of character: "1", "*",
 * "注", "①", "[2]", "a", "1,2". */
static int marker_char(uint32_t cp)
{
	cp = nst_fold(cp);
	return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       cp == '*' || cp == '#' || cp == '(' || cp == ')' || cp == '[' || cp == ']' ||
	       cp == ',' || cp == 0x3001 || cp == 0x2020 || cp == 0x2021 || cp == 0x203B ||
	       cp == 0x6CE8 /* 注 */ || (cp >= 0x2460 && cp <= 0x2473) /* ① … ⑳ */ ||
	       cp == 0x3010 || cp == 0x3011;
}

int nst_note_marker(const char *s, size_t n)
{
	int count = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (!k)
			return 0;
		i += (size_t)k;
		if (nst_is_space(cp))
			continue;
		if (!marker_char(cp) || ++count > 4)
			return 0;
	}
	return count > 0;
}

int nst_ends_with_digit(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return 0;
	if (s[n - 1] >= '0' && s[n - 1] <= '9')
		return 1;
	/* a full-width digit: EF BC 90 … EF BC 99 */
	return n >= 3 && (unsigned char)s[n - 3] == 0xEF && (unsigned char)s[n - 2] == 0xBC &&
	       (unsigned char)s[n - 1] >= 0x90 && (unsigned char)s[n - 1] <= 0x99;
}
