/*
 * jsonline.c — a cJSON tree as compact JSON text: the same bytes as
 * cJSON_PrintUnformatted (cJSON 1.7), written in one growing buffer.
 *
 * Why not cJSON's own: it prints every number with sprintf("%1.15g") and
 * reads it back with sscanf to see whether 15 digits were enough; a
 * result's numbers (lines, columns, pages, points) are small integers, and
 * printing one scoring result came to a twentieth of scoring it.  Integers
 * take a shortcut here; every other number goes the way cJSON goes, so the
 * output is the same to the byte (checked against cJSON on random trees in
 * core/tests/test_jsonline.c).
 */
#include "out/writers.h"
#include "model/model.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cJSON's compare_double: equal within the last bit of the larger. */
static int close_enough(double a, double b)
{
	double m = fmax(fabs(a), fabs(b));
	return fabs(a - b) <= m * 2.220446049250313e-16;
}

static void put_number(nsb *b, double d)
{
	char s[32];
	int n;
	if (isnan(d) || isinf(d)) {
		nsb_put(b, "null", 4);
		return;
	}
	if (fabs(d) < 1e15 && d == floor(d) && !(d == 0 && signbit(d))) {
		/* what %1.15g prints for an integer of at most 15 digits */
		unsigned long long u = d < 0 ? (unsigned long long)-(long long)d
		                             : (unsigned long long)d;
		char *e = s + sizeof s, *q = e;
		do
			*--q = (char)('0' + u % 10);
		while (u /= 10);
		if (d < 0)
			*--q = '-';
		nsb_put(b, q, (size_t)(e - q));
		return;
	}
	n = snprintf(s, sizeof s, "%1.15g", d);
	double back = strtod(s, NULL);
	if (!close_enough(back, d))
		n = snprintf(s, sizeof s, "%1.17g", d);
	/* cJSON writes '.' whatever the locale's decimal point */
	char dp = localeconv()->decimal_point[0];
	for (int i = 0; i < n; i++)
		if (s[i] == dp && dp != '.')
			s[i] = '.';
	nsb_put(b, s, (size_t)n);
}

/* The bytes a JSON string escapes (and NUL, which ends it): cJSON escapes
 * these and no others. */
static const unsigned char stops[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* '"' */
	['\\'] = 1};

static void put_string(nsb *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	nsb_put(b, "\"", 1);
	if (s) {
		const unsigned char *c = (const unsigned char *)s;
		for (;;) {
			/* the run that needs no escape, at once */
			size_t k = 0;
			while (!stops[c[k]])
				k++;
			nsb_put(b, (const char *)c, k);
			c += k;
			if (!*c)
				break;
			char e[6] = {'\\', 0};
			size_t n = 2;
			switch (*c) {
			case '"': e[1] = '"'; break;
			case '\\': e[1] = '\\'; break;
			case '\b': e[1] = 'b'; break;
			case '\f': e[1] = 'f'; break;
			case '\n': e[1] = 'n'; break;
			case '\r': e[1] = 'r'; break;
			case '\t': e[1] = 't'; break;
			default:
				e[1] = 'u';
				e[2] = '0';
				e[3] = '0';
				e[4] = hex[*c >> 4];
				e[5] = hex[*c & 15];
				n = 6;
			}
			nsb_put(b, e, n);
			c++;
		}
	}
	nsb_put(b, "\"", 1);
}

static void put_item(nsb *b, const cJSON *it)
{
	switch (it->type & 0xFF) {
	case cJSON_NULL: nsb_put(b, "null", 4); break;
	case cJSON_False: nsb_put(b, "false", 5); break;
	case cJSON_True: nsb_put(b, "true", 4); break;
	case cJSON_Number: put_number(b, it->valuedouble); break;
	case cJSON_String: put_string(b, it->valuestring); break;
	case cJSON_Raw:
		if (!it->valuestring)
			b->oom = 1; /* as cJSON: no text for a raw item without one */
		else
			nsb_put(b, it->valuestring, strlen(it->valuestring));
		break;
	case cJSON_Array:
	case cJSON_Object: {
		int obj = (it->type & 0xFF) == cJSON_Object;
		nsb_put(b, obj ? "{" : "[", 1);
		for (const cJSON *c = it->child; c && !b->oom; c = c->next) {
			if (obj) {
				put_string(b, c->string);
				nsb_put(b, ":", 1);
			}
			put_item(b, c);
			if (c->next)
				nsb_put(b, ",", 1);
		}
		nsb_put(b, obj ? "}" : "]", 1);
		break;
	}
	default:
		b->oom = 1; /* an item cJSON does not print either */
	}
}

char *nsw_json_line(const cJSON *item)
{
	if (!item)
		return NULL;
	nsb b = {0};
	nsb_reserve(&b, 1024); /* a scoring result, mostly, at once */
	put_item(&b, item);
	if (b.oom) { /* no memory, or nothing cJSON would print */
		free(b.p);
		return NULL;
	}
	return b.p;
}
