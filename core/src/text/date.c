/* date.c — a calendar date as documents write it, read in one place.
 *
 * Portal headers, signatures and HTML info boxes write the same date many
 * ways: 2025-01-24, 2025/1/24, 2025.01.24, 2025年1月24日, with full-width
 * digits or spaces between the parts, and signatures often in Chinese
 * numerals (二〇二四年二月二十八日).  Loaders and the mapper both ask
 * nst_date, so that a form learnt once is read everywhere. */
#include "text.h"

#include <string.h>

int nst_cn_digit(uint32_t cp)
{
	/* asked of every character squeezed: a switch, not a search */
	switch (cp) {
	case 0x96F6: /* 零 */
	case 0x3007: /* 〇 as written (nst_fold makes it 零) */
	case 0x25CB: /* ○ and ◯, typed for it in "二○二三年" */
	case 0x25EF: return 0;
	case 0x4E00: return 1;
	case 0x4E8C: return 2;
	case 0x4E09: return 3;
	case 0x56DB: return 4;
	case 0x4E94: return 5;
	case 0x516D: return 6;
	case 0x4E03: return 7;
	case 0x516B: return 8;
	case 0x4E5D: return 9;
	default: return -1;
	}
}

int nst_year_numeral(uint32_t cp, int k)
{
	int v = nst_cn_digit(cp);
	/* the zero of "二O二五年" typed as a letter O or a digit 0, half or
	 * full width: not the first numeral, which is 一 or 二 */
	if (v < 0 && k > 0 && (cp == 'O' || cp == 'o' || cp == '0' || cp == 0xFF2F ||
	                       cp == 0xFF4F || cp == 0xFF10))
		v = 0;
	return v;
}

typedef struct rd {
	const char *s;
	size_t n, i;
} rd;

/* The next code point in matching form without moving, 0 at the end. */
static uint32_t peek(const rd *r, size_t *len)
{
	uint32_t cp;
	int k = r->i < r->n ? nst_utf8_decode(r->s + r->i, r->n - r->i, &cp) : 0;
	*len = (size_t)k;
	return k ? nst_fold(cp) : 0;
}

static void spaces(rd *r)
{
	size_t k;
	uint32_t f;
	while ((f = peek(r, &k)) != 0 && nst_is_space(f))
		r->i += k;
}

static int take(rd *r, uint32_t want)
{
	size_t k;
	spaces(r);
	if (peek(r, &k) != want)
		return 0;
	r->i += k;
	spaces(r);
	return 1;
}

/* Up to `max` ASCII digits; how many were read. */
static int digits(rd *r, int max, int *v)
{
	size_t k;
	uint32_t f;
	int m = 0;
	*v = 0;
	while (m < max && (f = peek(r, &k)) >= '0' && f <= '9') {
		*v = *v * 10 + (int)(f - '0');
		r->i += k;
		m++;
	}
	return m;
}

/* A month or day in Chinese numerals: 一 … 九, 十, 十二, 二十, 二十八, 三十一. */
static int cn_number(rd *r, int *v)
{
	size_t k;
	uint32_t f = peek(r, &k);
	int tens = 0, units = 0, seen = 0;
	if (nst_cn_digit(f) > 0) {
		units = nst_cn_digit(f);
		r->i += k;
		seen = 1;
		f = peek(r, &k);
	}
	if (f == 0x5341 /* 十 */) {
		tens = seen ? units : 1;
		units = 0;
		r->i += k;
		seen = 1;
		f = peek(r, &k);
		if (nst_cn_digit(f) > 0) {
			units = nst_cn_digit(f);
			r->i += k;
		}
	}
	*v = tens * 10 + units;
	return seen;
}

size_t nst_date(const char *s, size_t n, char out[11])
{
	rd r = {s, n, 0};
	size_t k;
	int y = 0, m = 0, d = 0;
	/* the year: four digits, or four numerals (二〇二四) */
	if (digits(&r, 4, &y) != 4) {
		r.i = 0;
		y = 0;
		for (int q = 0; q < 4; q++) {
			int c = nst_year_numeral(peek(&r, &k), q);
			if (c < 0)
				return 0;
			y = y * 10 + c;
			r.i += k;
		}
	} else if (peek(&r, &k) >= '0' && peek(&r, &k) <= '9') {
		return 0; /* five digits: not a year */
	}
	spaces(&r);
	uint32_t sep = peek(&r, &k);
	if (sep == 0x5E74 /* 年 */) {
		r.i += k;
		spaces(&r);
		if (!digits(&r, 2, &m) && !cn_number(&r, &m))
			return 0;
		if (!take(&r, 0x6708 /* 月 */))
			return 0;
		if (!digits(&r, 2, &d) && !cn_number(&r, &d))
			return 0;
		spaces(&r);
		uint32_t f = peek(&r, &k);
		if (f == 0x65E5 /* 日 */ || f == 0x53F7 /* 号 */)
			r.i += k;
	} else if (sep == '-' || sep == '/' || sep == '.') {
		if (!take(&r, sep) || !digits(&r, 2, &m) || !take(&r, sep) || !digits(&r, 2, &d))
			return 0;
	} else {
		return 0;
	}
	uint32_t f = peek(&r, &k);
	if (f >= '0' && f <= '9')
		return 0; /* more digits than a month or a day has */
	if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = 0;
	return r.i;
}
