/* text.c — the `text` module as rules call it: a fresh sandboxed state per
 * input (nse_state_new, the limits a scoring process has), and a driver
 * chunk run in the rule environment that calls every text.* function with
 * strings and arguments taken from the input.
 *
 * Input: byte 0 chooses variants (flags), the rest is split at NUL bytes
 * into s, a, b, c (missing ones are ""); a seed without NULs is one text.
 *
 * Properties (a Lua error in the typed calls is a failure, unless it is the
 * sandbox's own memory or instruction limit):
 *   - well-typed calls never raise;
 *   - every number's text is s:sub(start, stop) and its offsets are within
 *     s; idx counts 1, 2, …; fields and tostring work;
 *   - sentences' raw is s:sub(start, stop); delimiters' ch is at pos;
 *   - doubled: the unit stands at from and again right after it, and
 *     to is within s;
 *   - similarity is in [0, 1], symmetric, and similarities agrees with it;
 *   - compact/normalize leave no ASCII space; normalize is idempotent;
 *   - calls with wrong types raise a Lua error, never crash. */
#include "fuzz.h"
#include "lua/engine.h"

#include <stdint.h>
#include <string.h>

static const char driver[] =
	"local flags, s, a, b, c = ...\n"
	"local function bit(k) return flags & (1 << k) ~= 0 end\n"
	"local function check(ok, what) if not ok then error('PROPERTY: ' .. what, 2) end end\n"
	"local n = #s\n"
	"-- numbers, every field of every one\n"
	"local nums = text.numbers(s, bit(0) and 'with_unit' or nil)\n"
	"for i, x in ipairs(nums) do\n"
	"  check(x.idx == i, 'idx')\n"
	"  check(x.text == s:sub(x.start, x.stop), 'number text is s:sub(start, stop)')\n"
	"  check(x.start >= 1 and x.stop <= n, 'number within s')\n"
	"  if bit(0) then check(x.unit ~= nil, 'with_unit gave a number without unit') end\n"
	"  for _, k in ipairs{'value','unit','lead','tail','sentence','context','after','lead_from',\n"
	"      'tail_to','sentence_start','sentence_to','context_from','depth','line','col','page',\n"
	"      'section'} do local _ = x[k] end\n"
	"  for _, k in ipairs{'nosuch', 'l', 's', 't', 'Value'} do\n"
	"    check(not pcall(function() return x[k] end), 'an unknown field raises')\n"
	"  end\n"
	"  check(x.lead_from >= 1 and x.lead_from <= n + 1, 'lead_from within s')\n"
	"  check(x.sentence_start >= 1 and x.sentence_start <= n + 1, 'sentence_start within s')\n"
	"  check(x.tail_to <= n and x.sentence_to <= n, 'tail_to/sentence_to within s')\n"
	"  check(x.depth >= 0, 'depth')\n"
	"  local _ = tostring(x)\n"
	"  check(not pcall(function() x.value = 1 end), 'a number is read-only')\n"
	"end\n"
	"-- Chinese numerals\n"
	"for _, w in ipairs{s, a, b, c} do\n"
	"  local v = text.cn_number(w)\n"
	"  check(v == nil or math.type(v) == 'integer', 'cn_number gives an integer')\n"
	"end\n"
	"-- matching forms\n"
	"local norm = text.normalize(s)\n"
	"check(not norm:find('[ \\t\\r\\n]'), 'normalize leaves no ASCII space')\n"
	"check(text.normalize(norm) == norm, 'normalize is idempotent')\n"
	"local comp = text.compact(s)\n"
	"check(not comp:find('[ \\t\\r\\n\\f\\v]'), 'compact leaves no ASCII space')\n"
	"check(text.compact(comp) == comp, 'compact is idempotent')\n"
	"-- similarity\n"
	"local sab = text.similarity(s, a)\n"
	"check(sab >= 0 and sab <= 1, 'similarity in [0, 1]')\n"
	"check(math.abs(sab - text.similarity(a, s)) < 1e-12, 'similarity is symmetric')\n"
	"local sims = text.similarities(s, {a, b, 7, c, s})\n"
	"check(#sims == 5, 'similarities: one per entry')\n"
	"check(math.abs(sims[1] - sab) < 1e-12, 'similarities agrees with similarity')\n"
	"check(sims[3] == 0, 'a non-string compares 0')\n"
	"check(sims[5] == 0 or math.abs(sims[5] - 1) < 1e-12, 'a text with itself: 1 (or 0 when no bigram)')\n"
	"-- words\n"
	"local h = text.has(s, a, {b, c})\n"
	"check(h == nil or h == a or h == b or h == c, 'has returns one of the words')\n"
	"check(text.contains(s, a, b, c) == (h ~= nil), 'contains is has ~= nil')\n"
	"check(text.has(nil, a) == nil and text.has(false, a) == nil, 'has(nil)')\n"
	"local cats = { A = {a}, B = {b, c}, C = {a .. b}, D = {''} }\n"
	"local best = text.nearest(s, cats, bit(1))\n"
	"check(best == nil or cats[best], 'nearest names a category')\n"
	"-- sentences and delimiters\n"
	"for _, x in ipairs(text.sentences(s)) do\n"
	"  check(x.raw == s:sub(x.start, x.stop), 'sentence raw is s:sub(start, stop)')\n"
	"  check(x.text == text.compact(x.raw), 'sentence text is raw compacted')\n"
	"end\n"
	"for _, d in ipairs(text.delimiters(s)) do\n"
	"  check(s:sub(d.pos, d.pos + d.len - 1) == d.ch, 'delimiter ch at pos')\n"
	"end\n"
	"for _, u in ipairs(text.doubled(s, (flags >> 4) % 30)) do\n"
	"  check(s:sub(u.from, u.from + 2 * #u.unit - 1) == u.unit .. u.unit, 'doubled unit twice at from')\n"
	"  check(u.to >= u.from and u.to <= n, 'doubled to within s')\n"
	"end\n"
	"-- the same on pieces of s cut anywhere (mid-character included)\n"
	"if n > 0 then\n"
	"  local i = (flags >> 2) % n + 1\n"
	"  local piece = s:sub(i, i + 40)\n"
	"  text.numbers(piece); text.sentences(piece); text.compact(piece); text.normalize(piece)\n"
	"  text.delimiters(piece); text.similarity(piece, s); text.doubled(piece)\n"
	"end\n"
	"-- odd arguments: an error, never a crash\n"
	"local odd = { nil, true, 12, 1.5, {}, {a, 3, {}}, setmetatable({}, {__index = function(_, k) if k == 1 then return a end end}), text.numbers, math.maxinteger, -0.0 }\n"
	"local fns = {'numbers','cn_number','normalize','similarity','similarities','contains','has','sentences','nearest','compact','delimiters','doubled'}\n"
	"local k = 0\n"
	"for _, f in ipairs(fns) do\n"
	"  for j = 1, 10 do\n"
	"    k = k + 1\n"
	"    if bit(3 + k % 5) then\n"
	"      pcall(text[f], odd[j], odd[(j + k) % 10 + 1], odd[(j * 3) % 10 + 1])\n"
	"      pcall(text[f], s, odd[j], odd[(j + 1) % 10 + 1])\n"
	"    end\n"
	"  end\n"
	"end\n"
	"pcall(text.numbers, s, 'bad option')\n"
	"pcall(text.nearest, s, { A = 'not an array' })\n"
	"pcall(text.nearest, s, setmetatable({}, {__pairs = function(t) return function(_, k) if k == nil then return 'A', {a} end end, t, nil end}))\n"
	"pcall(text.similarities, s, setmetatable({}, {__index = function(_, i) if i < 4 then return text.similarity(a, b) and a end end}))\n"
	"return #nums\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned flags = data[0];
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	const char *piece[4] = {"", "", "", ""};
	size_t plen[4] = {0, 0, 0, 0};
	for (int k = 0; k < 4 && p <= end; k++) {
		const char *z = k < 3 ? memchr(p, 0, (size_t)(end - p)) : NULL;
		piece[k] = p;
		plen[k] = (size_t)((z ? z : end) - p);
		p += plen[k] + 1;
		if (!z)
			break;
	}
	nse_state S;
	int rc = nse_state_new(&S, 64u << 20, 5000000);
	FUZZ_CHECK(rc == NS_OK, "nse_state_new: %s", S.err);
	lua_State *L = S.L;
	int lrc = luaL_loadbufferx(L, driver, sizeof driver - 1, "=fuzz/text.c", "t");
	FUZZ_CHECK(lrc == LUA_OK, "driver: %s", lua_tostring(L, -1));
	/* the rule environment, as nse_run_string gives a rule file */
	lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.env");
	lua_setupvalue(L, -2, 1);
	lua_pushinteger(L, flags);
	for (int k = 0; k < 4; k++)
		lua_pushlstring(L, piece[k], plen[k]);
	rc = nse_pcall(&S, 5, 1);
	if (rc != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		FUZZ_CHECK(S.limit_hit != NSE_LIMIT_NONE, "text.* raised: %s", msg ? msg : "?");
	}
	nse_state_free(&S);
	return 0;
}
