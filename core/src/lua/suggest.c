/* suggest.c — "did you mean 'X'?" for every misspelt key, field or value
 * the engine refuses: an indicator's keys, a scheme's keys and params, a
 * spec's keys, the fields of the report's views.
 *
 * A typo caught is worth little if the author still has to guess what was
 * meant, so each refusal names the closest known word (by edit distance,
 * a swap of two neighbours counting as one edit: "titel", "chekc") and
 * lists the known ones. */
#include "engine.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define SUGGEST_MAX 64 /* longer words are compared by their first 64 bytes */

/* Optimal string alignment distance of a and b (bytes, ASCII case
 * folded): insertions, deletions, substitutions, adjacent swaps. */
static int distance(const char *a, const char *b)
{
	size_t n = strnlen(a, SUGGEST_MAX), m = strnlen(b, SUGGEST_MAX);
	int d[SUGGEST_MAX + 1][SUGGEST_MAX + 1];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
			int v = d[i - 1][j - 1] + (ca != cb);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    cb == tolower((unsigned char)a[i - 2]) && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[n][m];
}

static int count(const char *const *known, int n)
{
	if (n >= 0)
		return n;
	n = 0;
	while (known[n])
		n++;
	return n;
}

const char *nse_closest(const char *word, const char *const *known, int n)
{
	n = count(known, n);
	size_t len = strlen(word);
	/* close enough to be a slip of the keyboard, not another word:
	 * one edit in a short word, two in a longer one, a third of it at most */
	int limit = len <= 3 ? 1 : len <= 8 ? 2 : 3;
	const char *best = NULL;
	int bd = limit + 1;
	for (int i = 0; i < n; i++) {
		int d = distance(word, known[i]);
		/* a word that is the start of a known one ("indicator" for
		 * "indicators") is close whatever the count */
		if (d > limit && len >= 4 && strncmp(known[i], word, len) == 0)
			d = limit;
		if (d < bd) {
			bd = d;
			best = known[i];
		}
	}
	return best;
}

size_t nse_hint(char *buf, size_t cap, const char *word, const char *const *known, int n)
{
	return nse_hint_to(buf, cap, nse_closest(word, known, n), known, n);
}

size_t nse_hint_to(char *buf, size_t cap, const char *closest, const char *const *known, int n)
{
	n = count(known, n);
	size_t o = 0;
#define PUT(...) do { if (o < cap) o += (size_t)snprintf(buf + o, cap - o, __VA_ARGS__); } while (0)
	if (closest)
		PUT("(did you mean '%s'? known:", closest);
	else
		PUT("(known:");
	for (int i = 0; i < n; i++)
		PUT(" %s", known[i]);
	PUT(")");
#undef PUT
	if (cap && o >= cap)
		o = cap - 1;
	return o;
}

void nse_push_hint(lua_State *L, const char *word, const char *const *known, int n)
{
	char buf[2048];
	nse_hint(buf, sizeof buf, word, known, n);
	lua_pushstring(L, buf);
}

/* "file:line: " of the nearest Lua code that led here, pushed: the rule's
 * line that read the field (level 0 is the view's __index; a read from C,
 * as ipairs does, is placed at the Lua line that called it) */
static void push_where(lua_State *L)
{
	lua_Debug ar;
	for (int level = 1; level < 12 && lua_getstack(L, level, &ar); level++)
		if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
			lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
			return;
		}
	lua_pushliteral(L, "");
}

int nse_no_field(lua_State *L, const char *what, const char *word,
                 const char *const *known, int n)
{
	push_where(L);
	/* ipairs(view), t[1]: not a list (the key is a number, or was one:
	 * luaL_checkstring turned it into its digits) */
	if (word[0] && strspn(word, "0123456789-.") == strlen(word))
		lua_pushfstring(L, "%s%s %s: a view is read by name, not by position; walk it "
		                "with pairs() (or t:rows(), row:cells(), r:sections(), r:tables())",
		                lua_tostring(L, -1), what, word);
	else {
		nse_push_hint(L, word, known, n);
		lua_pushfstring(L, "%s%s '%s' %s", lua_tostring(L, -2), what, word, lua_tostring(L, -1));
	}
	return lua_error(L);
}
