/* lnumber.c — nianshen.number: a number the prose states, where it stands
 * in its clause, sentence and sub-item, and the words around it.
 *
 * A section states hundreds of numbers (a TXT table is text too) and rules
 * read a few fields of most of them: so a number is a small userdata whose
 * fields are made when read, not a table filled with all of them. */
#include "engine.h"
#include "text/text.h"

#include <string.h>

/* Bytes [a, b] (1-based, inclusive) of the text without whitespace.  A
 * sentence can be the whole of a long text without punctuation, read for
 * each of its numbers: the copy is charged to the check's budget as the
 * Lua loop making it would be, or a rule reading n.sentence of every
 * number of such a text would run for the square of its length unseen. */
static void push_words(lua_State *L, const char *t, size_t len, size_t a, size_t b)
{
	if (b > len)
		b = len;
	if (a < 1 || a > b) {
		lua_pushliteral(L, "");
		return;
	}
	nse_charge(L, (lua_Unsigned)(b - a + 1) / 8 + 1);
	nse_push_compact(L, t + a - 1, b - a + 1);
}

static void push_pos(lua_State *L, const nse_number *n, int which)
{
	if (!n->r) {
		lua_pushnil(L);
		return;
	}
	size_t walked;
	ns_pos p = nsr_section_pos(n->r, n->sec, n->a, &walked);
	nse_charge(L, walked / 8 + 1);
	lua_pushinteger(L, which == 0 ? p.line : which == 1 ? p.col : p.page);
}

static const char *const number_fields[] = {"value", "unit", "text", "line", "col",
	"page", "section", "start", "stop", "lead", "tail", "sentence", "context",
	"lead_from", "after", "tail_to", "sentence_start", "sentence_to",
	"context_from", "depth", "idx", NULL};

static int number_pairs(lua_State *L)
{
	luaL_checkudata(L, 1, NSE_NUMBER_MT);
	return nse_pairs_names(L, number_fields, sizeof *number_fields,
	                       (int)(sizeof number_fields / sizeof *number_fields) - 1);
}

static int number_index(lua_State *L)
{
	/* only ever called through the locked metatable of a number */
	const nse_number *n = lua_touserdata(L, 1);
	nse_number_live(L, n);
	const char *k = luaL_checkstring(L, 2);
	const char *t = n->text;
	size_t len = n->len;
	switch (k[0]) {
	case 'a':
		if (strcmp(k, "after") == 0) { lua_pushinteger(L, (lua_Integer)n->after); return 1; }
		break;
	case 'c':
		if (strcmp(k, "col") == 0) { push_pos(L, n, 1); return 1; }
		if (strcmp(k, "context") == 0) { push_words(L, t, len, n->context_from, n->sentence_to); return 1; }
		if (strcmp(k, "context_from") == 0) { lua_pushinteger(L, (lua_Integer)n->context_from); return 1; }
		break;
	case 'd':
		if (strcmp(k, "depth") == 0) { lua_pushinteger(L, n->depth); return 1; }
		break;
	case 'i':
		if (strcmp(k, "idx") == 0) { lua_pushinteger(L, n->idx); return 1; }
		break;
	case 'l':
		if (strcmp(k, "line") == 0) { push_pos(L, n, 0); return 1; }
		if (strcmp(k, "lead") == 0) { push_words(L, t, len, n->lead_from, n->a); return 1; }
		if (strcmp(k, "lead_from") == 0) { lua_pushinteger(L, (lua_Integer)n->lead_from); return 1; }
		break;
	case 'p':
		if (strcmp(k, "page") == 0) { push_pos(L, n, 2); return 1; }
		break;
	case 's':
		if (strcmp(k, "start") == 0) { lua_pushinteger(L, (lua_Integer)n->a + 1); return 1; }
		if (strcmp(k, "stop") == 0) { lua_pushinteger(L, (lua_Integer)n->b); return 1; }
		if (strcmp(k, "sentence") == 0) { push_words(L, t, len, n->sentence_start, n->sentence_to); return 1; }
		if (strcmp(k, "sentence_start") == 0) { lua_pushinteger(L, (lua_Integer)n->sentence_start); return 1; }
		if (strcmp(k, "sentence_to") == 0) { lua_pushinteger(L, (lua_Integer)n->sentence_to); return 1; }
		if (strcmp(k, "section") == 0) {
			if (n->r) lua_pushstring(L, n->r->sections[n->sec].id); else lua_pushnil(L);
			return 1;
		}
		break;
	case 't':
		if (strcmp(k, "text") == 0) { lua_pushlstring(L, t + n->a, n->b - n->a); return 1; }
		if (strcmp(k, "tail") == 0) { push_words(L, t, len, n->after, n->tail_to); return 1; }
		if (strcmp(k, "tail_to") == 0) { lua_pushinteger(L, (lua_Integer)n->tail_to); return 1; }
		break;
	case 'u':
		if (strcmp(k, "unit") == 0) { if (n->unit) lua_pushstring(L, n->unit); else lua_pushnil(L); return 1; }
		break;
	case 'v':
		if (strcmp(k, "value") == 0) { nse_push_value(L, n->value); return 1; }
		break;
	}
	return nse_no_field(L, "number has no field", k, number_fields, -1);
}

static int number_newindex(lua_State *L)
{
	const char *k = lua_tostring(L, 2);
	return luaL_error(L, "a number of the text is read-only: cannot assign '%s'", k ? k : "?");
}

static int number_tostring(lua_State *L)
{
	const nse_number *n = lua_touserdata(L, 1);
	nse_number_live(L, n);
	lua_pushfstring(L, "number %s%s", lua_pushlstring(L, n->text + n->a, n->b - n->a),
	                n->unit ? n->unit : "");
	return 1;
}

void nse_open_number(lua_State *L)
{
	static const luaL_Reg meta[] = {{"__index", number_index},
		{"__newindex", number_newindex}, {"__tostring", number_tostring},
		{"__pairs", number_pairs}, {NULL, NULL}};
	nse_new_metatable(L, NSE_NUMBER_MT, meta);
}
