/* views.c — a fuzzed report walked through every read-only view from Lua,
 * in a fresh sandboxed state per input (the limits of a scoring process).
 *
 * Input: byte 0 chooses variants (flags), the rest is a report in any form,
 * detected by content (seeds: canonical JSON, which lets the fuzzer write
 * any model the JSON reader accepts, and TXT/Markdown/HTML reports).
 *
 * The walker reads every field of the report, sections, tables, rows and
 * cells, the numbers of each section, find/findall/sentences with fixed
 * and input-made patterns, and calls every iterator by hand with odd
 * control values (negative, past the end, huge, floats, strings, tables).
 * Properties: well-typed reads never raise; the views are read-only; a row
 * or cell reached two ways is the same view; iterators stop (or raise) on
 * any control value; s:sub of a match is its text. */
#include "fuzz.h"
#include "lua/engine.h"

#include <nianshen.h>
#include <stdint.h>
#include <string.h>

static const char walker[] =
	"local r, flags = ...\n"
	"local function bit(k) return flags & (1 << k) ~= 0 end\n"
	"local function check(ok, what) if not ok then error('PROPERTY: ' .. what, 2) end end\n"
	"local odd = { -1, 0, 1, 2, 3, 5, 6, 7, 20, 2^31, math.maxinteger, math.mininteger,\n"
	"              2.0, 2.5, -0.0, 0/0, 1/0, '3', 'x', true, {}, nil }\n"
	"local function by_hand(f, st, what)\n"
	"  for i = 1, #odd + 1 do\n"
	"    local ok, k, v = pcall(f, st, odd[i])\n"
	"    if ok and k ~= nil then check(math.type(k) == 'integer' and v ~= nil, what .. ': key and value') end\n"
	"  end\n"
	"  pcall(f); pcall(f, st); pcall(f, nil, 1, 2, 3)\n"
	"end\n"
	"local function ro(v, k)\n"
	"  check(not pcall(function() v[k] = 1 end), 'read-only: ' .. tostring(k))\n"
	"end\n"
	"-- a field a view does not have is an error (the rule's mistake), never nil\n"
	"local function unknown(v, k)\n"
	"  check(not pcall(function() return v[k] end), 'unknown field: ' .. tostring(k))\n"
	"end\n"
	"for _, k in ipairs{'agency','agency_type','year','edition','title','title_line','period',\n"
	"    'period_at','published_at','published','path','media_type','encoding','sha256'} do local _ = r[k] end\n"
	"for _, k in ipairs{'nosuch','s0','s7','s10','t1','t5','t22','s','t','',1} do unknown(r, k) end\n"
	"for k in pairs(r) do local _ = r[k] end\n"
	"ro(r, 'agency'); ro(r, 's1'); check(getmetatable(r) == 'nianshen.report', 'metatable locked')\n"
	"local _ = tostring(r)\n"
	"for _, d in ipairs(r.diagnostics) do local _ = d.code .. d.message .. d.severity end\n"
	"-- sections\n"
	"local pats = {'年', '申请', '[0-9]+', '{[0-9]+} %s* \"件\"', '(', '', '\\0', 'x^-3'}\n"
	"local count = 0\n"
	"for i, s in r:sections() do\n"
	"  count = count + 1\n"
	"  check(s == r['s' .. i], 'the same section view two ways')\n"
	"  for _, k in ipairs{'id','found','title','text','line_start','line_end','line','col','page'} do local _ = s[k] end\n"
	"  unknown(s, 'nosuch')\n"
	"  ro(s, 'text'); local _ = tostring(s)\n"
	"  local t = s.text\n"
	"  for _, b in ipairs{-1, 0, 1, #t - 1, #t, #t + 1, math.maxinteger, math.mininteger} do\n"
	"    local line, col, page = s:pos(b)\n"
	"    check(math.type(line) == 'integer' and math.type(col) == 'integer', 'pos')\n"
	"  end\n"
	"  pcall(s.pos, s, 1.5); pcall(s.pos, s, 'x'); pcall(s.pos, r, 1)\n"
	"  for _, x in ipairs(s:numbers(bit(0) and 'with_unit' or nil)) do\n"
	"    check(x.text == t:sub(x.start, x.stop), 'number text')\n"
	"    local _ = x.line, x.col, x.page, x.section, x.lead, x.tail, x.context, x.sentence, tostring(x)\n"
	"    unknown(x, 'nosuch')\n"
	"  end\n"
	"  local function matches(list)\n"
	"    for _, m in ipairs(list) do\n"
	"      check(m.text == t:sub(m.start, m.stop), 'match text is text:sub(start, stop)')\n"
	"      check(m.section == s.id, 'match section')\n"
	"    end\n"
	"  end\n"
	"  for j, p in ipairs(pats) do\n"
	"    if bit(1 + j % 4) then\n"
	"      local ok, m = pcall(s.find, s, p, j % 2 == 0)\n"
	"      if ok and m then matches{m} end\n"
	"      local ok2, all = pcall(s.findall, s, p, j % 2 == 0)\n"
	"      if ok2 then matches(all) end\n"
	"    end\n"
	"  end\n"
	"  if #t > 0 then\n"
	"    local a = (flags * 7) % #t + 1\n"
	"    local w = t:sub(a, a + (flags % 9))\n"
	"    local m = s:find(w, true)\n"
	"    check(w == '' or m ~= nil, 'a piece of the text is found in it')\n"
	"    if m then matches{m} end\n"
	"    if bit(6) then matches(s:findall(w, true)) end -- slow on a short word: not always\n"
	"  end\n"
	"  matches(s:sentences())\n"
	"  pcall(s.find, s, {}); pcall(s.findall, s, nil); pcall(s.find, r, '年')\n"
	"  pcall(s.numbers, s, 'bad option'); pcall(s.numbers, r)\n"
	"end\n"
	"check(count == 6, 'six sections')\n"
	"local f, st = r:sections(); by_hand(f, st, 'sections')\n"
	"-- tables, rows, cells\n"
	"local nt = 0\n"
	"for i, t in r:tables() do\n"
	"  nt = nt + 1\n"
	"  check(t == r['t' .. (i + 1)], 'the same table view two ways')\n"
	"  for _, k in ipairs{'id','found','edition','nrows','ncols','title'} do local _ = t[k] end\n"
	"  unknown(t, 'nosuch'); unknown(t, 1)\n"
	"  ro(t, 'id'); ro(t, 'received'); local _ = tostring(t)\n"
	"  local cols = t:columns()\n"
	"  check(#cols == t.ncols, 'columns')\n"
	"  local values, raws = t:values(), t:raws()\n"
	"  local nr = 0\n"
	"  for j, row in t:rows() do\n"
	"    nr = nr + 1\n"
	"    check(row ~= nil, 'a row view')\n"
	"    check(t[row.id] == row, 'the same row view two ways')\n"
	"    for _, k in ipairs{'id','label','no','table'} do local _ = row[k] end\n"
	"    unknown(row, 'nosuch')\n"
	"    ro(row, 'total'); local _ = tostring(row)\n"
	"    for jj, cell in row:cells() do\n"
	"      check(row[cols[jj].id] == cell, 'the same cell view two ways')\n"
	"      for _, k in ipairs{'value','raw','blank','inferred','line','col','page','table','row','column','label'} do local _ = cell[k] end\n"
	"      unknown(cell, 'nosuch')\n"
	"      ro(cell, 'value'); local _ = tostring(cell)\n"
	"      local v = values[row.id][cell.column]\n"
	"      local cv = cell.value; if cv == nil then cv = false end\n"
	"      check(v == cv or v ~= v, 'values agrees with the cell')\n"
	"      check(raws[row.id][cell.column] == (cell.raw or false), 'raws agrees with the cell')\n"
	"    end\n"
	"    local f, st = row:cells(); by_hand(f, st, 'cells')\n"
	"    pcall(row.cells, t); pcall(row.cells, cols)\n"
	"  end\n"
	"  local f, st = t:rows(); by_hand(f, st, 'rows')\n"
	"  pcall(t.rows, r); pcall(t.values, row); pcall(t.raws, 1); pcall(t.columns, nil)\n"
	"end\n"
	"check(nt == 3, 'three tables')\n"
	"local f, st = r:tables(); by_hand(f, st, 'tables')\n"
	"pcall(r.sections, 1); pcall(r.tables, r.t3)\n"
	"-- a kept cell keeps its report alive\n"
	"local t3 = r.t3\n"
	"if t3.received then return t3.received.total end\n";

static ns_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	ctx = ns_open();
	ns_limit_set(ctx, NS_LIMIT_UNZIPPED_BYTES, 8 << 20);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	ns_report *r = NULL;
	if (ns_load_buffer(ctx, data + 1, size - 1, "fuzz", NULL, &r) != NS_OK)
		return 0;
	nse_state S;
	int rc = nse_state_new(&S, 64u << 20, 5000000);
	FUZZ_CHECK(rc == NS_OK, "nse_state_new: %s", S.err);
	lua_State *L = S.L;
	int lrc = luaL_loadbufferx(L, walker, sizeof walker - 1, "=fuzz/views.c", "t");
	FUZZ_CHECK(lrc == LUA_OK, "walker: %s", lua_tostring(L, -1));
	lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.env");
	lua_setupvalue(L, -2, 1);
	nse_push_report(L, r);
	ns_report_release(r); /* the view keeps it */
	lua_pushinteger(L, data[0]);
	rc = nse_pcall(&S, 2, 1);
	if (rc != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		FUZZ_CHECK(S.limit_hit != NSE_LIMIT_NONE, "a view raised: %s", msg ? msg : "?");
	}
	/* the cell outlives everything else: collect, then read it */
	lua_gc(L, LUA_GCCOLLECT, 0);
	if (rc == LUA_OK && lua_type(L, -1) == LUA_TUSERDATA) {
		lua_getfield(L, -1, "label");
		lua_pop(L, 1);
	}
	nse_state_free(&S);
	return 0;
}
