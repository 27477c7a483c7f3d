/*
 * test_jsonline.c — nsw_json_line() prints what cJSON_PrintUnformatted
 * prints, byte for byte: on the edge cases of numbers and strings, and on
 * 20,000 random trees (numbers integral and not, tiny and huge, negative
 * zero, NaN; strings with every control byte, quotes, backslashes, UTF-8;
 * nested objects and arrays; raw items).
 */
#include "out/writers.h"
#include "t.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t seed = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static double rnd_number(void)
{
	switch (rnd() % 10) {
	case 0: return (double)(int64_t)(rnd() % 2000) - 1000;
	case 1: return ldexp((double)(int64_t)rnd(), -(int)(rnd() % 40));
	case 2: { /* any bits: subnormals, NaN, infinities, huge */
		uint64_t u = rnd();
		double d;
		memcpy(&d, &u, sizeof d);
		return d;
	}
	case 3: return -0.0;
	case 4: return pow(10, (double)(rnd() % 40)) * (rnd() % 2 ? 1 : -1);
	case 5: return pow(10, (double)(rnd() % 40)) - 1;
	case 6: return (double)(rnd() % 100) / 10;
	case 7: return 1e15 - (double)(rnd() % 3) + (double)(rnd() % 3);
	case 8: return (double)(rnd() % 1000000) * 0.01;
	default: return (double)(rnd() % 100000);
	}
}

static char *rnd_string(char *buf, size_t cap)
{
	static const char *const parts[] = {"\"", "\\", "\b", "\f", "\n", "\r", "\t", "\x01", "\x1f",
		"\x7f", "/", "中", "表三", "a", " ", "\xff", "\xe4\xb8", "u0000", "%s"};
	size_t n = 0, k = rnd() % 12;
	buf[0] = 0;
	for (size_t i = 0; i < k; i++) {
		const char *p = parts[rnd() % (sizeof parts / sizeof *parts)];
		if (n + strlen(p) + 1 < cap) {
			memcpy(buf + n, p, strlen(p) + 1);
			n += strlen(p);
		}
	}
	return buf;
}

static cJSON *rnd_tree(int depth)
{
	char s[128];
	switch (rnd() % (depth > 3 ? 6 : 8)) {
	case 0: return cJSON_CreateNull();
	case 1: return cJSON_CreateBool(rnd() % 2);
	case 2: case 3: return cJSON_CreateNumber(rnd_number());
	case 4: return cJSON_CreateString(rnd_string(s, sizeof s));
	case 5: return cJSON_CreateRaw("{\"raw\": [1, 2]}");
	case 6: {
		cJSON *a = cJSON_CreateArray();
		for (int i = (int)(rnd() % 5); i > 0; i--)
			cJSON_AddItemToArray(a, rnd_tree(depth + 1));
		return a;
	}
	default: {
		cJSON *o = cJSON_CreateObject();
		for (int i = (int)(rnd() % 5); i > 0; i--)
			cJSON_AddItemToObject(o, rnd_string(s, sizeof s), rnd_tree(depth + 1));
		return o;
	}
	}
}

static void same(const cJSON *item, const char *what)
{
	char *a = cJSON_PrintUnformatted(item), *b = nsw_json_line(item);
	CHECK_MSG((a == NULL) == (b == NULL) && (!a || strcmp(a, b) == 0),
	          "%s: cJSON %s, nsw_json_line %s", what, a ? a : "(null)", b ? b : "(null)");
	free(a);
	free(b);
}

int main(void)
{
	double edge[] = {0, -0.0, 1, -1, 0.1, 0.3, 0.30000000000000004, 1e15, 1e15 - 1, -1e15 + 1,
		1e16, 1e21, 1e-7, 123456789012345.0, 1234567890123456.0, 2147483648.0,
		-9007199254740993.0, 5e-324, 1.7976931348623157e308, NAN, INFINITY, -INFINITY,
		99.5, 100.0 / 3};
	for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
		cJSON *n = cJSON_CreateNumber(edge[i]);
		char what[64];
		snprintf(what, sizeof what, "number %.17g", edge[i]);
		same(n, what);
		cJSON_Delete(n);
	}
	char all[64];
	for (int c = 1; c < 64; c++)
		all[c - 1] = (char)c;
	all[63] = 0;
	cJSON *s = cJSON_CreateString(all);
	same(s, "every control byte");
	cJSON_Delete(s);
	cJSON *o = cJSON_CreateObject(), *e = cJSON_CreateArray();
	cJSON_AddItemToObject(o, "", cJSON_CreateObject());
	cJSON_AddItemToObject(o, "e", e);
	same(o, "empty object and array");
	cJSON_Delete(o);
	/* an item cJSON cannot print: neither prints it */
	cJSON *bad = cJSON_CreateRaw("x");
	free(bad->valuestring);
	bad->valuestring = NULL;
	same(bad, "a raw item without text");
	cJSON_Delete(bad);
	for (int i = 0; i < 20000; i++) {
		cJSON *t = rnd_tree(0);
		char what[32];
		snprintf(what, sizeof what, "random tree %d", i);
		same(t, what);
		cJSON_Delete(t);
	}
	return t_done("jsonline");
}
