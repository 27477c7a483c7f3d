/* lsection.c — nianshen.section: s1..s6 with their text, and where a piece
 * of that text stands in the source. */
#include "engine.h"

#include <string.h>

/* Methods written in Lua over lpeg and re; trusted code, loaded before the
 * sandbox closes.  It receives (re, lpeg, text) and returns the methods. */
static const char prelude[] =
	"local re, lpeg, text, match_mt = ...\n"
	"-- compiled patterns by their source, for every rule file of the process:\n"
	"-- bounded by count and by the bytes of the sources (a compiled pattern\n"
	"-- grows with its source), and a long source is compiled at each call,\n"
	"-- so that what the cache holds stays far below what would count as a\n"
	"-- check's memory left held (run.c), whichever check fills it\n"
	"local cache, ncache, nbytes = {}, 0, 0\n"
	"local pcache = setmetatable({}, { __mode = 'k' })\n"
	"-- search anywhere, and give the whole match: the pattern's own captures\n"
	"-- (re's {…}, lpeg.C…) would otherwise come out between the positions\n"
	"local function searcher(p)\n"
	"  return lpeg.P{ lpeg.Cp() * (p / 0) * lpeg.Cp() + 1 * lpeg.V(1) }\n"
	"end\n"
	"local function compile(pat, plain)\n"
	"  if lpeg.type(pat) == 'pattern' then\n"
	"    local p = pcache[pat]\n"
	"    if not p then p = searcher(pat); pcache[pat] = p end\n"
	"    return p\n"
	"  end\n"
	"  -- level 4: the rule's call of find/findall (compile < search < find),\n"
	"  -- not this chunk: its name, section:N:, is no place of the author's\n"
	"  if type(pat) ~= 'string' then error('pattern expected, got ' .. type(pat), 4) end\n"
	"  local key = (plain and '\\0' or '') .. pat\n"
	"  local p = cache[key]\n"
	"  if not p then\n"
	"    if plain then p = lpeg.P(pat) else\n"
	"      local ok, q = pcall(re.compile, pat)\n"
	"      -- level 4: the rule's call of find/findall, not this file\n"
	"      if not ok then error('bad pattern: ' .. tostring(q), 4) end\n"
	"      p = q\n"
	"    end\n"
	"    p = searcher(p)\n"
	"    if #key <= 1024 then\n"
	"      if ncache >= 256 or nbytes + #key > 131072 then cache, ncache, nbytes = {}, 0, 0 end\n"
	"      cache[key], ncache, nbytes = p, ncache + 1, nbytes + #key\n"
	"    end\n"
	"  end\n"
	"  return p\n"
	"end\n"
	"-- t: s.text, read once by the caller (each read is a copy of the text)\n"
	"local function match(s, t, a, b)\n"
	"  local line, col, page = s:pos(a - 1)\n"
	"  return setmetatable({ text = t:sub(a, b - 1), start = a, stop = b - 1,\n"
	"           line = line, col = col, page = page, section = s.id }, match_mt)\n"
	"end\n"
	"local M = {}\n"
	"local sfind = string.find\n"
	"local function search(t, pat, plain, init)\n"
	"  if plain and type(pat) == 'string' then\n"
	"    local a, b = sfind(t, pat, init, true)\n"
	"    if a then return a, b + 1 end\n"
	"    return nil\n"
	"  end\n"
	"  return compile(pat, plain):match(t, init)\n"
	"end\n"
	"-- s:find(pat, 100), s:find(pat, true, 100): Lua's string.find takes an\n"
	"-- init, a section's find does not (it read 100 as plain, silently)\n"
	"local function args(name, plain, n)\n"
	"  if n > 2 then error('s:' .. name .. '(pattern [, plain]) takes no third argument ' ..\n"
	"    '(a section is searched whole: no init)', 3) end\n"
	"  if plain ~= nil and type(plain) ~= 'boolean' then\n"
	"    error('s:' .. name .. ': plain (argument 2) is true or false, not a ' .. type(plain) ..\n"
	"      ' (a section is searched whole: no init)', 3)\n"
	"  end\n"
	"end\n"
	"function M.findall(s, pat, plain, ...)\n"
	"  args('findall', plain, select('#', ...) + 2)\n"
	"  local t, out, init = s.text or '', {}, 1\n"
	"  if pat == '' then return out end\n"
	"  while init <= #t do\n"
	"    local a, b = search(t, pat, plain, init)\n"
	"    if not a then break end\n"
	"    out[#out + 1] = match(s, t, a, b)\n"
	"    init = b > a and b or a + 1\n"
	"  end\n"
	"  return out\n"
	"end\n"
	"function M.find(s, pat, plain, ...)\n"
	"  args('find', plain, select('#', ...) + 2)\n"
	"  local t = s.text or ''\n"
	"  local a, b = search(t, pat, plain, 1)\n"
	"  if a then return match(s, t, a, b) end\n"
	"end\n"
	"-- sentences end at 。；！？, not at line ends: PDF text breaks lines\n"
	"-- in mid-sentence\n"
	"local stop = lpeg.P'。' + '；' + '！' + '？' + ';' + '!' + '?'\n"
	"local sentence = lpeg.Cp() * (1 - stop)^1 * lpeg.Cp()\n"
	"-- and start at their first character, not at the spaces or line ends\n"
	"-- before it (their line and column are those of that character)\n"
	"local stops = (stop + lpeg.S' \\t\\r\\n' + '\\u{3000}')^0\n"
	"function M.sentences(s)\n"
	"  local t, out, init = s.text or '', {}, 1\n"
	"  while true do\n"
	"    init = stops:match(t, init)\n"
	"    if init > #t then break end\n"
	"    local a, b = sentence:match(t, init)\n"
	"    out[#out + 1] = match(s, t, a, b); init = b\n"
	"  end\n"
	"  return out\n"
	"end\n"
	"return M\n";

#define METHODS "nianshen.section.methods"

/* the fields of a match (s:find, s:findall, s:sentences) */
static const char *const match_fields[] = {"text", "start", "stop", "line", "col", "page",
	"section", NULL};

/* s:pos(byte) → line, col, page of the character at that 0-based offset */
static int section_pos(lua_State *L)
{
	const nse_view *v = nse_view_arg(L, 1, NSE_SECTION_MT);
	lua_Integer b = luaL_checkinteger(L, 2);
	size_t walked;
	ns_pos p = nsr_section_pos(v->r, v->t, b < 0 ? 0 : (size_t)b, &walked);
	nse_charge(L, walked / 8 + 1); /* a line's characters counted */
	lua_pushinteger(L, p.line);
	lua_pushinteger(L, p.col);
	lua_pushinteger(L, p.page);
	return 3;
}

/* s:numbers(["with_unit"]) → the numbers of the text where they stand
 * (ltext.c) */
static int section_numbers(lua_State *L)
{
	const nse_view *v = nse_view_arg(L, 1, NSE_SECTION_MT);
	const ns_section *s = &v->r->sections[v->t];
	size_t n = s->text ? strlen(s->text) : 0;
	/* the text scanned, a step a byte, as text.numbers(s.text) pays */
	nse_charge(L, (lua_Unsigned)n + 1);
	nse_push_numbers(L, s->text ? s->text : "", n, 1, v, nse_numbers_option(L, 2));
	return 1;
}

/* Its fields (data first, for pairs(s)) and methods, for the "did you
 * mean" of a misspelt one */
static const char *const section_fields[] = {"id", "found", "title", "text",
	"line_start", "line_end", "line", "col", "page",
	"pos", "numbers", "find", "findall", "sentences", NULL};
#define SECTION_DATA 9

static int section_pairs(lua_State *L)
{
	nse_view_arg(L, 1, NSE_SECTION_MT);
	return nse_pairs_names(L, section_fields, sizeof *section_fields, SECTION_DATA);
}

static int section_index(lua_State *L)
{
	const nse_view *v = nse_self(L, NSE_SECTION_MT);
	const char *k = luaL_checkstring(L, 2);
	const ns_section *s = &v->r->sections[v->t];
	if (strcmp(k, "id") == 0) lua_pushstring(L, s->id);
	else if (strcmp(k, "found") == 0) lua_pushboolean(L, s->found);
	else if (strcmp(k, "title") == 0) { if (s->title) nse_push_text(L, s->title); else lua_pushnil(L); }
	else if (strcmp(k, "text") == 0) nse_push_text(L, s->text ? s->text : "");
	else if (strcmp(k, "line_start") == 0) lua_pushinteger(L, s->line_start);
	else if (strcmp(k, "line_end") == 0) lua_pushinteger(L, s->line_end);
	else if (strcmp(k, "line") == 0) lua_pushinteger(L, s->title_pos.line);
	else if (strcmp(k, "col") == 0) lua_pushinteger(L, s->title_pos.col);
	else if (strcmp(k, "page") == 0) lua_pushinteger(L, s->title_pos.page);
	else if (strcmp(k, "pos") == 0) lua_pushcfunction(L, section_pos);
	else if (strcmp(k, "numbers") == 0) lua_pushcfunction(L, section_numbers);
	else {
		lua_getfield(L, LUA_REGISTRYINDEX, METHODS);
		if (lua_getfield(L, -1, k) == LUA_TNIL)
			return nse_no_field(L, "section has no field", k, section_fields, -1);
	}
	return 1;
}

static int section_tostring(lua_State *L)
{
	const nse_view *v = nse_view_arg(L, 1, NSE_SECTION_MT);
	lua_pushfstring(L, "section %s", v->r->sections[v->t].id);
	return 1;
}

void nse_open_section(lua_State *L)
{
	static const luaL_Reg meta[] = {{"__index", section_index},
		{"__newindex", nse_readonly}, {"__tostring", section_tostring},
		{"__pairs", section_pairs}, {NULL, NULL}};
	nse_new_metatable(L, NSE_SECTION_MT, meta);
	if (luaL_loadbufferx(L, prelude, sizeof prelude - 1, "=section", "t") != LUA_OK)
		lua_error(L); /* a bug in the prelude: fail loudly in tests */
	/* its own copy of the standard globals: the sandbox clears the real
	 * global table later */
	lua_newtable(L);
	lua_pushglobaltable(L);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -5);
	}
	lua_pop(L, 1);
	lua_setupvalue(L, -2, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.re");
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_getfield(L, -1, "lpeg");
	lua_remove(L, -2);
	nse_open_text(L);
	nse_push_record_mt(L, "match has no field", match_fields);
	lua_call(L, 4, 1);
	lua_setfield(L, LUA_REGISTRYINDEX, METHODS);
}
