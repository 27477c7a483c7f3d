/*
 * sandbox.c — the Lua state rules run in.
 *
 * Modelled on the usual recipe (Suricata's Lua sandbox, Lua's own lauxlib):
 * an allocator with a cap, an instruction-count hook with a budget that a
 * caught error cannot escape (the hook fires again and again once spent),
 * an allowlist of globals, read-only library tables, text-only chunks and a
 * `require` that serves modules from the rule directories only.
 *
 * Isolation (docs/rules.md, "Isolation"): a scheme mixes rule files of
 * several authors in one state, so nothing one file or one check does may
 * change what another sees.  The model is Luau's (a read-only base, and an
 * environment of its own over it for every script: luaL_sandbox /
 * luaL_sandboxthread), with Redis 7's lesson (CVE-2022-24735: the globals
 * and library tables every script reaches must be read-only, not merely
 * hidden):
 *
 *  - B, the base: the allowlist and the library tables, locked proxies that
 *    nobody can write (`_G` is a locked proxy of B).
 *  - Every chunk (the scheme file, each rule file, each helper module) gets
 *    its own environment E_f: empty and locked; reads go to L0_f, the
 *    file's own load-time globals (a copy of `indicator`, and `scheme` for
 *    the scheme file only), which fall through to B.  While the file loads,
 *    its writes land in L0_f: `pairs = nil` at a file's top level changes
 *    that file alone.
 *  - Once loaded, a write through E_f (in a check, or a module function a
 *    check calls) lands in a layer G_f made for that check, over L0_f;
 *    every nse_pcall() starts with those layers dropped, so what one check
 *    writes no other check sees, nor the same check on the next report.
 *  - What helper modules return, and the scheme's params, reach rules as
 *    deep read-only views (nse_push_readonly): tables are wrapped when
 *    read, functions when reached, and what such a function returns is
 *    wrapped too, so that a module's memo (a report's grid, a list) is
 *    read-only to every caller while the module itself writes it freely.
 */
#include "engine.h"
#include "text/text.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <unistd.h>

#include <lua-lpeg.h>

#define LOCKED "locked by the nianshen sandbox"
#define REG_ENV "nianshen.env"        /* an environment for the host's chunks */
#define REG_LOADTIME "nianshen.l0"    /* what every chunk's L0_f starts with */
#define REG_BASE "nianshen.base"      /* B */
#define REG_MODULES "nianshen.modules" /* lpeg, re, text */
#define REG_AUTHORS "nianshen.authors" /* rule file → its helper modules */

/* Loading under a wall clock (scheme.c's trial load): told of every chunk
 * that begins to run; set only in the trial's process. */
static void (*load_watch)(const char *chunkname);

/* ---- limits ---------------------------------------------------------- */

/* A small block's size class (cap_alloc): 0 for 1..16 bytes, … */
static size_t small_class(size_t size)
{
	return (size - 1) / 16;
}

static void *small_alloc(nse_state *S, size_t size)
{
	if (size > NSE_SMALL)
		return malloc(size);
	void **list = &S->small[small_class(size)], *p = *list;
	if (p) {
		*list = *(void **)p;
		S->small_held -= (small_class(size) + 1) * 16;
		return p;
	}
	return malloc((small_class(size) + 1) * 16);
}

static void small_free(nse_state *S, void *p, size_t size)
{
	/* the lists hold at most NSE_SMALL_HELD bytes: blocks freed past that
	 * go back to malloc (a check that keeps much of one size and drops it
	 * made the process hold it for good, outside the cap) */
	if (size > NSE_SMALL || !size || S->small_held >= NSE_SMALL_HELD) {
		free(p);
		return;
	}
	void **list = &S->small[small_class(size)];
	*(void **)p = *list;
	*list = p;
	S->small_held += (small_class(size) + 1) * 16;
}

static void *cap_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	nse_state *S = ud;
	/* a new object's type (Lua passes it as osize when ptr is NULL) */
	int made = ptr ? -1 : (int)osize;
	if (!ptr)
		osize = 0;
	if (nsize == 0) {
		S->mem_used -= osize;
		if (ptr)
			small_free(S, ptr, osize);
		return NULL;
	}
	if (nsize > osize && S->mem_used + (nsize - osize) > S->mem_limit) {
		/* Lua collects and retries the same request, then raises "not
		 * enough memory": only the retry refused is the cap hit, and it
		 * is marked so that no pcall may catch it (limit_raised) */
		/* (no look at the stack here: Lua may be moving it) */
		if (S->budget_on && S->refused == ptr && S->refused_size == nsize)
			S->limit_hit = NSE_LIMIT_MEMORY;
		S->refused = ptr;
		S->refused_size = nsize;
		return NULL;
	}
	void *p;
	if (ptr && osize && nsize <= NSE_SMALL && osize <= NSE_SMALL &&
	    small_class(osize) == small_class(nsize)) {
		p = ptr; /* the block has room already */
	} else if (osize > NSE_SMALL && nsize > NSE_SMALL) {
		p = realloc(ptr, nsize);
	} else if ((p = small_alloc(S, nsize)) && ptr) {
		memcpy(p, ptr, osize < nsize ? osize : nsize);
		small_free(S, ptr, osize);
	}
	if (p) {
		S->mem_used = S->mem_used - osize + nsize;
		S->refused_size = 0;
		/* A long string is a copy of its bytes made in C, where the count
		 * hook does not look: string.sub, format, rep, pack, `..`, a
		 * gsub's result, a view's text (s.text).  A loop of
		 * such copies of a large text ran into the time limit on the
		 * budget of a few instructions a turn; it pays a step per eight
		 * bytes it makes, like a read (the hook raises at its next turn;
		 * nse_pcall, when the check ended first).  Only long strings:
		 * they are made anew every time, whereas whether a short one is
		 * made depends on the strings the state holds already, and a
		 * check's count must not depend on what ran before it. */
		if (made == LUA_TSTRING && nsize > NSE_SMALL && S->budget_on)
			S->steps += (long long)(nsize / 8);
	}
	return p;
}

#define HOOK_EVERY 1000

static int rule_frame(const lua_Debug *ar);

static void put_where(nse_state *S, const lua_Debug *ar)
{
	nse_where *w = S->where;
	if (ar->source != S->where_src) {
		snprintf(w->file, sizeof w->file, "%s", ar->short_src);
		S->where_src = ar->source;
	}
	w->line = ar->currentline;
}

/* The innermost frame of rule code from `level` out, into S->where: the
 * line it runs. */
static void note_where(lua_State *L, int level)
{
	lua_Debug ar;
	for (int n = 0; n < 64 && lua_getstack(L, level, &ar); level++, n++)
		if (lua_getinfo(L, "Sl", &ar) && rule_frame(&ar)) {
			put_where(nse_state_of(L), &ar);
			return;
		}
}

int nse_where_text(const nse_state *S, char *buf, size_t cap)
{
	const nse_where *w = S->where;
	if (!w || w->line <= 0 || !w->file[0]) {
		if (cap)
			buf[0] = 0;
		return 0;
	}
	int n = snprintf(buf, cap, "%.*s:%d", (int)sizeof w->file, w->file, w->line);
	return n < 0 ? 0 : n >= (int)cap ? (int)cap - 1 : n;
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
	nse_state *S = nse_state_of(L);
	if (!S->budget_on)
		return;
	/* the line it runs, for a time-out's message: one frame's lookup in
	 * 1000 instructions (the hook's own frame is the one running) */
	if (lua_getinfo(L, "Sl", ar) && rule_frame(ar))
		put_where(S, ar);
	else
		note_where(L, 1);
	S->steps += HOOK_EVERY;
	if (S->steps > S->step_limit) {
		S->limit_hit = NSE_LIMIT_STEPS;
		/* in a hook, level 0 is the rule function that was running */
		luaL_where(L, 0);
		lua_pushfstring(L, "instruction budget of %I exceeded", (lua_Integer)S->step_limit);
		lua_concat(L, 2);
		lua_error(L);
	}
}

/* Charge n steps of work that library code in C is about to do: its loops
 * run where the count hook does not see them. */
static void charge(lua_State *L, lua_Unsigned n)
{
	nse_state *S = nse_state_of(L);
	if (!S->budget_on)
		return;
	if (S->steps > S->step_limit || n > (lua_Unsigned)(S->step_limit - S->steps)) {
		S->steps = S->step_limit + 1;
		S->limit_hit = NSE_LIMIT_STEPS;
		luaL_error(L, "instruction budget of %I exceeded", (lua_Integer)S->step_limit);
	}
	S->steps += (long long)n;
}

/* The report's views serve plain Lua states too (the nianshen module),
 * which have no budget to charge: a sandboxed state is one made with the
 * sandbox's allocator (nse_state_new), asked of the state itself, not of
 * its registry (the views charge at every field they make). */
void nse_charge(lua_State *L, lua_Unsigned n)
{
	if (lua_getallocf(L, NULL) == cap_alloc)
		charge(L, n);
}

/* string.gmatch, gsub (and sb_search below): a pattern match runs
 * in C, where the count hook does not see it (a match of exponential time
 * runs until the supervisor stops it): the line that asks is noted first,
 * for the time-out's message.  These two read the whole subject. */
static int sb_pattern(lua_State *L)
{
	if (nse_state_of(L)->budget_on)
		note_where(L, 1);
	/* the subject, read at least once: a step per eight bytes */
	if (lua_type(L, 1) == LUA_TSTRING)
		charge(L, lua_rawlen(L, 1) / 8 + 1);
	int n = lua_gettop(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

/* Can one try of pattern p read far: a repetition (*, +, -, ?) or a
 * balance (%b)?  ('-' in a set counts too: the charge errs high.) */
static int pattern_scans(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '*' || p[i] == '+' || p[i] == '-' || p[i] == '?')
			return 1;
		if (p[i] == '%' && i + 1 < n && p[++i] == 'b')
			return 1;
	}
	return 0;
}

/* Has pattern p none of the characters that make it one?  (lstrlib's
 * nospecials: find then looks for it as plain text.) */
static int no_specials(const char *p, size_t n)
{
	size_t upto = 0;
	do {
		if (strpbrk(p + upto, "^$*+?.([%-"))
			return 0;
		upto += strlen(p + upto) + 1; /* past the '\0' a pattern may hold */
	} while (upto <= n);
	return 1;
}

/* string.find and match: a step per eight bytes they may read.  A plain
 * find, or a pattern that cannot read far in one try, is charged after the
 * call by the bytes from init to the end of the match (to the end of the
 * subject when nothing matched): a loop stepping from one match to the
 * next (U.finds) pays for the text once, not the text per call.  A pattern
 * that can (%a*z reads to the end and back) pays the rest of the subject
 * from init, before it runs; an anchored one that cannot, its length.
 *
 * One try of a long pattern reads as far as the pattern is long: the
 * library's plain find compares the whole needle at every place its first
 * byte stands (a 16 KB needle over a megabyte of the same byte read 16 GB
 * on 131,072 steps, a loop of them ran into the time limit).  A plain
 * find is made here with memmem, which reads the subject once whatever
 * the needle; a pattern of more than sixteen bytes without repetition pays
 * a step more per eight bytes for every sixteen of its own. */
static int sb_search(lua_State *L)
{
	int is_match = (int)lua_tointeger(L, lua_upvalueindex(2));
	int plain = !is_match && lua_toboolean(L, 4);
	if (nse_state_of(L)->budget_on && !plain)
		note_where(L, 1);
	size_t n = lua_type(L, 1) == LUA_TSTRING ? lua_rawlen(L, 1) : 0, np = 0;
	const char *pat = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &np) : "";
	lua_Integer init = lua_isinteger(L, 3) ? lua_tointeger(L, 3) : 1;
	if (init < 0)
		init = (lua_Integer)n + init + 1;
	size_t from = init < 1 ? 0 : init > (lua_Integer)n ? n : (size_t)init - 1;
	if (!is_match && lua_type(L, 1) == LUA_TSTRING && lua_type(L, 2) == LUA_TSTRING &&
	    (lua_isnoneornil(L, 3) || lua_isinteger(L, 3)) && (plain || no_specials(pat, np))) {
		/* the library's answer, as str_find_aux gives it */
		const char *s = lua_tostring(L, 1);
		if (lua_isinteger(L, 3) && lua_tointeger(L, 3) > (lua_Integer)n + 1) {
			charge(L, 1);
			luaL_pushfail(L);
			return 1;
		}
		const char *hit = memmem(s + from, n - from, pat, np);
		size_t to = hit ? (size_t)(hit - s) + np : n;
		charge(L, (to > from ? to - from : 0) / 8 + 1);
		if (!hit) {
			luaL_pushfail(L);
			return 1;
		}
		lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
		lua_pushinteger(L, (lua_Integer)to);
		return 2;
	}
	/* a find that cannot read far is charged after it, by what it went
	 * through; a match (no positions back) and a pattern that can read far
	 * before, by what they may read */
	int scans = pattern_scans(pat, np);
	lua_Unsigned per_try = 1 + (scans ? 0 : np / 16);
	int after = !is_match && (plain || !scans);
	if (!after)
		charge(L, (is_match && np && pat[0] == '^' && !scans ? np : (n - from) * per_try) / 8 + 1);
	int top = lua_gettop(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, top, LUA_MULTRET);
	if (after) {
		size_t to = lua_isinteger(L, 2) ? (size_t)lua_tointeger(L, 2) : n;
		charge(L, (to > from ? to - from : 0) * per_try / 8 + 1);
	}
	return lua_gettop(L);
}

/* Call upvalue 1 (the library's own function) with the arguments. */
static int call_original(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* The bytes a C function that reads its arguments whole goes through: its
 * string arguments, and the strings of a table argument's list (eight
 * bytes more an element).  The count hook sees none of that loop. */
static lua_Unsigned arg_bytes(lua_State *L)
{
	lua_Unsigned n = 0;
	for (int i = 1, top = lua_gettop(L); i <= top; i++) {
		if (lua_type(L, i) == LUA_TSTRING) {
			n += lua_rawlen(L, i);
		} else if (lua_type(L, i) == LUA_TTABLE) {
			lua_Unsigned len = lua_rawlen(L, i);
			for (lua_Unsigned k = 1; k <= len && k <= (1u << 24); k++) {
				if (lua_rawgeti(L, i, (lua_Integer)k) == LUA_TSTRING)
					n += lua_rawlen(L, -1);
				lua_pop(L, 1);
				n += 8;
			}
		}
	}
	return n;
}

/* string.upper, utf8.len and the like: a step per eight bytes they read
 * (a step is about what the VM does in one instruction) */
static int sb_bytes(lua_State *L)
{
	charge(L, arg_bytes(L) / 8 + 1);
	return call_original(L);
}

/* Lua's position p of a string of len bytes (negative from the end), as
 * the string library reads it, clamped to [0, len + 1]. */
static lua_Integer str_pos(lua_Integer p, size_t len)
{
	if (p < 0)
		p = (lua_Integer)len + p + 1;
	return p < 0 ? 0 : p > (lua_Integer)len + 1 ? (lua_Integer)len + 1 : p;
}

/* string.byte(s, i, j), utf8.codepoint(s, i, j), utf8.len(s, i, j): a
 * step per eight bytes of s[i..j] they read, not of all of s, so that a
 * loop reading a long text a byte at a time costs the text once, as the
 * same loop with s:sub would (it paid the whole text at every byte: a
 * rule walking a 200 KB section ran out of steps).  j defaults to i, or to
 * the end for utf8.len; arguments the library refuses are left to it. */
static int sb_span(lua_State *L)
{
	size_t len;
	int whole = (int)lua_tointeger(L, lua_upvalueindex(2)); /* utf8.len */
	if (lua_type(L, 1) == LUA_TSTRING && (lua_isnoneornil(L, 2) || lua_isinteger(L, 2)) &&
	    (lua_isnoneornil(L, 3) || lua_isinteger(L, 3))) {
		lua_tolstring(L, 1, &len);
		lua_Integer i = str_pos(luaL_optinteger(L, 2, 1), len);
		lua_Integer j = str_pos(lua_isnoneornil(L, 3) ? (whole ? -1 : i) : lua_tointeger(L, 3),
		                        len);
		charge(L, (lua_Unsigned)(j >= i ? j - i + 1 : 0) / 8 + 1);
	} else {
		charge(L, arg_bytes(L) / 8 + 1);
	}
	return call_original(L);
}

/* text.*: a step per byte (decoding, folding and hashing each character
 * costs about what an instruction does) */
static int sb_text(lua_State *L)
{
	charge(L, arg_bytes(L) + 1);
	return call_original(L);
}

/* table.concat(t, sep, i, j): a step per element and per eight bytes it
 * writes.  The elements are those from i to j, as the library reads them:
 * charged by #t alone, a __len saying 0 (or a j given past it) made a
 * million empty strings a step, a loop of such calls ran into the time
 * limit on the budget of its few instructions. */
static int sb_concat(lua_State *L)
{
	/* i and j as the library reads them ("9" too); arguments it refuses
	 * are left to it, and its message */
	int ok_i = 1, ok_j = 1;
	lua_Integer i = lua_isnoneornil(L, 3) ? 1 : lua_tointegerx(L, 3, &ok_i);
	lua_Integer j = lua_isnoneornil(L, 4) || !ok_i ? 0 : lua_tointegerx(L, 4, &ok_j);
	if (ok_i && ok_j && lua_isnoneornil(L, 4))
		j = luaL_len(L, 1);
	charge(L, (ok_i && ok_j && j >= i ? (lua_Unsigned)j - (lua_Unsigned)i + 1u : 0u) + 1u);
	int n = call_original(L);
	if (lua_type(L, -1) == LUA_TSTRING)
		charge(L, lua_rawlen(L, -1) / 8);
	return n;
}

/* string.rep("", n) loops n times over nothing: answer it directly */
static int sb_rep(lua_State *L)
{
	size_t l, lsep;
	luaL_checklstring(L, 1, &l);
	lua_Integer n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	if (n > 0 && l + lsep == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	if (nse_state_of(L)->budget_on) /* the one large allocation a line can ask */
		note_where(L, 1);
	return call_original(L);
}

/* table.move(a1, f, e, t [,a2]) moves e - f + 1 elements */
static int sb_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
	if (e >= f)
		charge(L, (lua_Unsigned)e - (lua_Unsigned)f + 1u);
	return call_original(L);
}

/* table.insert(t, pos, v) shifts #t - pos + 1 elements and table.remove(t,
 * pos) #t - pos, where #t is whatever a __len metamethod says; appending
 * and removing the last element shift nothing */
static int sb_insert(lua_State *L)
{
	if (lua_gettop(L) == 3) {
		lua_Integer pos = luaL_checkinteger(L, 2), n = luaL_len(L, 1);
		if (n >= pos)
			charge(L, (lua_Unsigned)n - (lua_Unsigned)pos + 1u);
	}
	return call_original(L);
}

static int sb_remove(lua_State *L)
{
	if (!lua_isnoneornil(L, 2)) {
		lua_Integer pos = luaL_checkinteger(L, 2), n = luaL_len(L, 1);
		if (n > pos)
			charge(L, (lua_Unsigned)n - (lua_Unsigned)pos);
	}
	return call_original(L);
}

/* table.unpack(t, i, j) pushes j - i + 1 values (up to the stack's
 * million) */
static int sb_unpack(lua_State *L)
{
	/* arguments the library refuses are left to it, and its message */
	int ok = !lua_isnone(L, 1) && (lua_isnoneornil(L, 2) || lua_isinteger(L, 2)) &&
	         (lua_isnoneornil(L, 3) || lua_isinteger(L, 3));
	if (ok) {
		lua_Integer i = luaL_optinteger(L, 2, 1);
		lua_Integer e = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : lua_tointeger(L, 3);
		if (e >= i)
			charge(L, (lua_Unsigned)e - (lua_Unsigned)i + 1u);
	}
	return call_original(L);
}

/* table.sort(t) compares about n log2 n times in C (a comparator's own
 * instructions are counted besides) */
static int sb_sort(lua_State *L)
{
	if (lua_type(L, 1) != LUA_TTABLE) /* the library's refusal */
		return call_original(L);
	lua_Unsigned n = (lua_Unsigned)luaL_len(L, 1), steps = n + 1;
	for (lua_Unsigned k = n; k > 1; k >>= 1)
		steps += n;
	charge(L, steps);
	return call_original(L);
}

/* ---- allowlisted base ---------------------------------------------- */

/* setmetatable that refuses __gc (finalisers run outside any check's
 * budget) and locked tables. */
static int sb_setmetatable(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		if (lua_getfield(L, 2, "__gc") != LUA_TNIL)
			return luaL_error(L, "sandbox: __gc metamethods are not allowed");
		lua_pop(L, 1);
	}
	/* a protected metatable stays, but for the one every fresh copy the
	 * engine hands out shares (t:values()'s grids: NSE_FRESH_MT) */
	int fresh = luaL_getmetafield(L, 1, NSE_FRESH_MT) != LUA_TNIL;
	if (!fresh && luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return luaL_error(L, "cannot change a protected metatable");
	lua_settop(L, 2);
	lua_setmetatable(L, 1);
	return 1;
}

/* pcall and xpcall for rules: a limit, once hit, is not theirs to catch
 * (else `while true do pcall(f) end` would run forever, and a check could
 * swallow the error and pass). */
static int limit_raised(lua_State *L, int status)
{
	nse_state *S = nse_state_of(L);
	/* any limit: a memory cap hit inside a C function or the section
	 * prelude reaches here as an ordinary error (LUA_ERRRUN) */
	return S->budget_on && (status == LUA_ERRMEM || S->limit_hit != NSE_LIMIT_NONE);
}

static int sb_pcall(lua_State *L)
{
	luaL_checkany(L, 1);
	int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
	if (status != LUA_OK) {
		if (limit_raised(L, status))
			return lua_error(L);
		lua_pushboolean(L, 0);
		lua_insert(L, -2);
		return 2;
	}
	lua_pushboolean(L, 1);
	lua_insert(L, 1);
	return lua_gettop(L);
}

/* The rule's message handler, unless a limit is what is raised: the
 * count hook raises it from inside the hook, where Lua runs the handler
 * with hooks off, so the handler's code ran outside the budget (to its
 * end, or to the time limit); and a limit is not the rule's to handle. */
static int xp_handler(lua_State *L)
{
	if (nse_state_of(L)->limit_hit != NSE_LIMIT_NONE)
		return 1;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

static int sb_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, xp_handler, 1);
	lua_replace(L, 2);
	lua_pushvalue(L, 1);       /* f above its arguments, handler at 2 */
	lua_copy(L, 2, 1);
	lua_replace(L, 2);
	int status = lua_pcall(L, n - 2, LUA_MULTRET, 1);
	if (status != LUA_OK) {
		if (limit_raised(L, status))
			return lua_error(L);
		lua_pushboolean(L, 0);
		lua_insert(L, -2);
		return 2;
	}
	lua_pushboolean(L, 1);
	lua_replace(L, 1);         /* over the handler */
	return lua_gettop(L);
}

/* s[0..*n) as it may go to the operator's terminal (nst_term_text), in a
 * buffer on L's stack when it must change; its length in *n. */
static const char *term_safe(lua_State *L, const char *s, size_t *n)
{
	if (nst_term_clean(s, *n))
		return s;
	char *safe = lua_newuserdatauv(L, *n * 4 + 1, 0);
	*n = nst_term_text(s, *n, safe);
	return safe;
}

#define RULE_MARK "[rule] "

/* One line of a rule's print (its '\n' included, or none at its end) to
 * stderr, its mark before it, in one write(2): scoring processes side by
 * side share stderr, and the mark written apart from its line let another
 * process's line come between them, so that rule lines appeared unmarked.
 * A write of at most PIPE_BUF bytes to a pipe is never split; a longer line
 * is written in pieces that short, cut at a character, each marked and
 * ended by '\n', so that every line on stderr a rule printed is marked
 * whatever else writes there. */
static void rule_line_out(const char *s, size_t len)
{
	enum { MARK = sizeof RULE_MARK - 1, ROOM = PIPE_BUF - MARK - 1 };
	char buf[PIPE_BUF];
	fflush(stderr); /* what the engine wrote before it, before it */
	memcpy(buf, RULE_MARK, MARK);
	do {
		size_t n = len;
		if (n > ROOM) {
			size_t c = nst_char_start(s, ROOM); /* a character not cut in two */
			n = c ? c : ROOM;
		}
		memcpy(buf + MARK, s, n);
		size_t out = MARK + n;
		if (s[n - 1] != '\n')
			buf[out++] = '\n';
		nsp_write_all(STDERR_FILENO, buf, out);
		s += n;
		len -= n;
	} while (len > 0);
}

/* print for rule authors' debugging: to stderr with the rule's location, so
 * that it never mixes with what the host writes on stdout. */
static int sb_print(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_where(L, 1);
	luaL_addvalue(&b);
	for (int i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_addchar(&b, '\n');
	luaL_pushresult(&b);
	size_t len;
	const char *s = lua_tolstring(L, -1, &len);
	nse_state *S = nse_state_of(L);
	if (S->budget_on && S->print_limit > 0 &&
	    (S->printed += (long long)len) > S->print_limit) {
		S->limit_hit = NSE_LIMIT_OUTPUT; /* a limit: no pcall catches it */
		return luaL_error(L, "print output cap of %I bytes per %s exceeded",
		                  (lua_Integer)S->print_limit,
		                  S->print_loading ? "file as it loads" : "check");
	}
	if (load_watch)
		return 0; /* a trial load (scheme.c): the real load prints it */
	/* all the checks of a report together print under a cap of their own
	 * (--max-report-print): 300 checks each printing just under the cap
	 * above wrote megabytes of stderr a report.  Past it, prints are
	 * dropped, with one notice: not an error, so that no check's result
	 * depends on what the checks before it printed */
	if (S->budget_on && S->report_print_limit > 0 && !S->print_loading &&
	    (S->report_printed += (long long)len) > S->report_print_limit) {
		if (!S->report_print_said) {
			S->report_print_said = 1;
			const char *name = S->report_name ? S->report_name : "";
			size_t nl = strlen(name);
			name = term_safe(L, name, &nl); /* a file name is no escape either */
			lua_pushfstring(L, "nianshen: %s: what its checks print is over %I bytes "
			                "(--max-report-print): the rest of it is dropped\n", name,
			                (lua_Integer)S->report_print_limit);
			size_t ml;
			const char *m = lua_tolstring(L, -1, &ml);
			fflush(stderr);
			nsp_write_all(STDERR_FILENO, m, ml);
		}
		return 0;
	}
	/* ESC sequences and the like are the operator's terminal's business,
	 * not a rule's: shown as escapes (nst_term_text) */
	s = term_safe(L, s, &len);
	/* every line its mark: a line of a rule's print never reads as the
	 * engine's own ("nianshen: rule error: …") */
	for (size_t a = 0; a < len;) {
		const char *nl = memchr(s + a, '\n', len - a);
		size_t e = nl ? (size_t)(nl - s) + 1 : len;
		rule_line_out(s + a, e - a);
		a = e;
	}
	return 0;
}

static int is_locked(lua_State *L, int idx)
{
	if (!lua_getmetatable(L, idx))
		return 0;
	lua_getfield(L, -1, "__metatable");
	int locked = lua_type(L, -1) == LUA_TSTRING &&
	             strcmp(lua_tostring(L, -1), LOCKED) == 0;
	lua_pop(L, 2);
	return locked;
}

static int sb_rawset(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checkany(L, 2);
	luaL_checkany(L, 3);
	if (is_locked(L, 1))
		return luaL_error(L, "sandbox: this table is read-only");
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 1;
}

/* Reading an unknown global: nil, except for the names that reach the host,
 * which raise an error that names them. */
static int base_index(lua_State *L)
{
	static const char *const denied[] = {"os", "io", "debug", "package", "load",
		"loadfile", "dofile", "collectgarbage", "loadstring", "module",
		"newproxy", "setfenv", "getfenv", "coroutine", NULL};
	const char *k = lua_tostring(L, 2);
	for (int i = 0; k && denied[i]; i++)
		if (strcmp(k, denied[i]) == 0)
			return luaL_error(L, "sandbox: '%s' is not available to rules", k);
	return 0;
}

/* Reading a field a library of the sandbox leaves out (string.dump,
 * lpeg.setmaxstack, re.updatelocale): an error that names it, not nil
 * (upvalue 1: the library's name, 2: the field). */
static int denied_field(lua_State *L)
{
	const char *k = lua_tostring(L, 2);
	if (!k || strcmp(k, lua_tostring(L, lua_upvalueindex(2))) != 0)
		return 0;
	return luaL_error(L, "sandbox: '%s.%s' is not available to rules",
	                  lua_tostring(L, lua_upvalueindex(1)), k);
}

/* The table on top (a library's copy) raises on reading `field`; any other
 * name it does not have reads nil, as Lua's libraries do (a rule may probe
 * for one: `table.getn or …`; `x.text or x` of a string reads string's
 * fields).  A misspelt one is named when it is called (suggest_call). */
static void deny_field(lua_State *L, const char *lib, const char *field)
{
	lua_createtable(L, 0, 1);
	lua_pushstring(L, lib);
	lua_pushstring(L, field);
	lua_pushcclosure(L, denied_field, 2);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
}

/* Every function name of the libraries a rule has, as "lib.name", by its
 * bare name (the first library's that has it), and f's methods ("f:fail"):
 * what suggest_call looks a misspelt call up in.  Made once, with B. */
#define REG_NAMES "nianshen.names"

static void add_names(lua_State *L, int names, int lib, const char *libname, const char *sep)
{
	for (lua_pushnil(L); lua_next(L, lib); lua_pop(L, 1)) {
		if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TFUNCTION)
			continue;
		lua_pushvalue(L, -2);
		if (lua_rawget(L, names) == LUA_TNIL) {
			lua_pushvalue(L, -3);
			lua_pushfstring(L, "%s%s%s", libname, sep, lua_tostring(L, -4));
			lua_rawset(L, names);
		}
		lua_pop(L, 1);
	}
}

/* "attempt to call a nil value (field 'simlarity')" on top, from a call of
 * a name no library has: with the one meant, when it is a typo away
 * ("… (did you mean 'text.similarity'?)"). */
static void suggest_call(lua_State *L)
{
	int msg = lua_gettop(L);
	const char *m = lua_tostring(L, msg), *p = m ? strstr(m, "call a nil value (") : NULL;
	if (!p)
		return;
	p += strlen("call a nil value (");
	if (strncmp(p, "field '", 7) == 0)
		p += 7;
	else if (strncmp(p, "method '", 8) == 0)
		p += 8;
	else
		return;
	const char *q = strchr(p, '\'');
	if (!q || q - p >= 64 || q[1] != ')')
		return;
	char word[64];
	memcpy(word, p, (size_t)(q - p));
	word[q - p] = 0;
	if (lua_getfield(L, LUA_REGISTRYINDEX, REG_NAMES) == LUA_TTABLE) {
		const char *known[512];
		int n = 0;
		for (lua_pushnil(L); lua_next(L, msg + 1); lua_pop(L, 1))
			if (n < 512)
				known[n++] = lua_tostring(L, -2); /* keys of the table: alive */
		const char *best = nse_closest(word, known, n);
		if (best && lua_getfield(L, msg + 1, best) == LUA_TSTRING) {
			lua_pushfstring(L, "%s (did you mean '%s'?)", m, lua_tostring(L, -1));
			lua_replace(L, msg);
		}
	}
	lua_settop(L, msg);
}

/* REG_NAMES, from the libraries B holds (each a proxy of its copy). */
static void name_libraries(lua_State *L, int B)
{
	static const char *const libs[] = {"string", "table", "math", "utf8", "text", "lpeg", "re",
		NULL};
	lua_newtable(L);
	int names = lua_gettop(L);
	for (int i = 0; libs[i]; i++) {
		if (lua_getfield(L, B, libs[i]) == LUA_TTABLE && lua_getmetatable(L, -1) &&
		    lua_getfield(L, -1, "__index") == LUA_TTABLE)
			add_names(L, names, lua_gettop(L), libs[i], ".");
		lua_settop(L, names);
	}
	static const char *const methods[] = {"fail", "pass", "na", "missing", NULL};
	for (int i = 0; methods[i]; i++) {
		lua_pushfstring(L, "f:%s", methods[i]);
		lua_setfield(L, names, methods[i]);
	}
	lua_setfield(L, LUA_REGISTRYINDEX, REG_NAMES);
}

static int readonly_newindex(lua_State *L)
{
	const char *k = lua_tostring(L, 2);
	return luaL_error(L, "sandbox: this table is read-only (cannot assign '%s')",
	                  k ? k : "?");
}

/* Replace the table at the top by a shallow copy without the field `skip`. */
static void copy_without(lua_State *L, const char *skip)
{
	lua_newtable(L);
	lua_pushnil(L);
	while (lua_next(L, -3)) {
		if (lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), skip) == 0) {
			lua_pop(L, 1);
			continue;
		}
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_settable(L, -4);
	}
	lua_remove(L, -2);
}

/* Replace the table at the top by a locked read-only proxy of it. */
static void lock_table(lua_State *L)
{
	lua_newtable(L);              /* proxy */
	lua_newtable(L);              /* its metatable */
	lua_pushvalue(L, -3);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, readonly_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushstring(L, LOCKED);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_remove(L, -2);
}

/* ---- require ------------------------------------------------------- */

/* A source as Notepad saves UTF-8 starts with a BOM, which stock lua
 * skips (luaL_loadfilex) and a buffer's load does not ("unexpected
 * symbol near '<\239>'"): skipped here too. */
static const char *past_bom(const char *src, size_t *len)
{
	if (*len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
		*len -= 3;
		return src + 3;
	}
	return src;
}

/* The whole of a rule or scheme file, NUL-terminated; 0 or -1. */
int nse_read_file(const char *path, char **out, size_t *outlen)
{
	/* a regular file only: a FIFO named as a scheme or rule file would
	 * wait for a writer for ever, a directory read as nothing */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return -1;
	int ok = fstat(fd, &st) == 0;
	if (!ok || !S_ISREG(st.st_mode)) {
		int e = !ok ? errno : S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		close(fd);
		errno = e;
		return -1;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return -1;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	char tmp[8192];
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			char *p = realloc(buf, cap);
			if (!p) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = p;
		}
		memcpy(buf + len, tmp, n);
		len += n;
	}
	int err = ferror(f);
	fclose(f);
	if (err || (!buf && !(buf = malloc(1)))) {
		free(buf);
		return -1;
	}
	buf[len] = 0;
	*out = buf;
	*outlen = len;
	return 0;
}

static int valid_module_name(const char *s)
{
	if (!*s || *s == '.')
		return 0;
	for (const char *p = s; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-'))
			return 0;
		if (p[0] == '.' && p[1] == '.')
			return 0;
	}
	return 1;
}

/* ---- read-only views ------------------------------------------------
 *
 * How rules see what helper modules return and the scheme's params.  A
 * module is loaded once per Lua state and shared by every rule file and
 * every check: through its view nobody can change it for anybody else.
 * A view is an empty table whose metatable holds the table it shows (under
 * a key rules cannot name); tables are wrapped as they are read, all the
 * way down (keys too), one view per table, so that views compare equal
 * when their tables do.  Functions reached through a view are wrapped as
 * well: views passed to one are given back as their own tables, and the
 * tables and functions it returns are views, so that what a module keeps
 * for a report (std.util's grids and number lists) is read-only to every
 * check while the module itself goes on writing it.  # and pairs see
 * through; rawget, rawlen and next see an empty table. */
static const char ro_key = 0;    /* the view's metatable: [&ro_key] = table */
static const char views_key = 0; /* registry: table or function → its view */

/* The table the view at idx shows, pushed (1); 0 and nothing when the value
 * is no view. */
static int ro_target(lua_State *L, int idx)
{
	if (!lua_getmetatable(L, idx))
		return 0;
	if (lua_rawgetp(L, -1, &ro_key) == LUA_TNIL) {
		lua_pop(L, 2);
		return 0;
	}
	lua_remove(L, -2);
	return 1;
}

void nse_push_target(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (!lua_istable(L, idx) || !ro_target(L, idx))
		lua_pushvalue(L, idx);
}

/* Values from index `from` to the top as views, in place. */
static void view_all(lua_State *L, int from)
{
	int top = lua_gettop(L);
	luaL_checkstack(L, 4, NULL);
	for (int i = from; i <= top; i++) {
		int t = lua_type(L, i);
		if (t == LUA_TTABLE || t == LUA_TFUNCTION) {
			nse_push_readonly(L, i);
			lua_replace(L, i);
		}
	}
}

/* The registry's table at key, with weak keys, made when first asked
 * for; pushed. */
static void push_weak_keys(lua_State *L, const void *key)
{
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, key) == LUA_TTABLE)
		return;
	lua_pop(L, 1);
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_pushvalue(L, -1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

/* Tables no view of is ever handed back as the table (nse_seal): ones the
 * engine shares with every check, whatever module function receives them. */
static const char sealed_key = 0;

static int sealed(lua_State *L, int idx)
{
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &sealed_key) != LUA_TTABLE) {
		lua_pop(L, 1);
		return 0;
	}
	lua_pushvalue(L, idx < 0 ? idx - 1 : idx);
	int yes = lua_rawget(L, -2) != LUA_TNIL;
	lua_pop(L, 2);
	return yes;
}

static void seal_in(lua_State *L, int idx, int set, int depth)
{
	idx = lua_absindex(L, idx);
	lua_pushvalue(L, idx);
	if (lua_rawget(L, set) != LUA_TNIL || depth > 32) {
		lua_pop(L, 1);
		return;
	}
	lua_pop(L, 1);
	lua_pushvalue(L, idx);
	lua_pushboolean(L, 1);
	lua_rawset(L, set);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -1) == LUA_TTABLE)
			seal_in(L, -1, set, depth + 1);
		lua_pop(L, 1);
	}
}

void nse_seal(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	push_weak_keys(L, &sealed_key);
	seal_in(L, idx, lua_gettop(L), 0);
	lua_pop(L, 1);
}

/* Views among the arguments from `from` on, replaced by their tables: a
 * module's own tables handed back to its functions.  A sealed table's view
 * stays a view (ctx.params passed to a function of one's own module was
 * the params every check reads, writable). */
static void unview_all(lua_State *L, int from)
{
	int top = lua_gettop(L);
	for (int i = from; i <= top; i++)
		if (lua_type(L, i) == LUA_TTABLE && ro_target(L, i)) {
			if (sealed(L, -1))
				lua_pop(L, 1);
			else
				lua_replace(L, i);
		}
}

static int ro_index(lua_State *L)
{
	ro_target(L, 1);
	lua_pushvalue(L, 2);
	nse_push_target(L, -1); /* a view used as a key: its table is the key */
	lua_gettable(L, -3);
	nse_push_readonly(L, -1);
	return 1;
}

static int ro_len(lua_State *L)
{
	ro_target(L, 1);
	lua_len(L, -1);
	return 1;
}

static int ro_next(lua_State *L) /* upvalue 1: the table */
{
	lua_settop(L, 2);
	nse_push_target(L, 2);
	lua_replace(L, 2);
	if (!lua_next(L, lua_upvalueindex(1)))
		return 0;
	view_all(L, 2);
	return 2;
}

static int ro_pairs(lua_State *L)
{
	ro_target(L, 1);
	lua_pushcclosure(L, ro_next, 1);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* a call of the view: the table's own __call, as a wrapped function */
static int ro_call(lua_State *L)
{
	unview_all(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	view_all(L, 1);
	return lua_gettop(L);
}

static int ro_fn(lua_State *L) /* upvalue 1: the function */
{
	unview_all(L, 1);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	view_all(L, 1);
	return lua_gettop(L);
}

void nse_push_readonly(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	int t = lua_type(L, idx);
	if (t == LUA_TFUNCTION ? lua_tocfunction(L, idx) == ro_fn
	                       : t != LUA_TTABLE || is_locked(L, idx)) {
		lua_pushvalue(L, idx); /* a value, a view, or a library table */
		return;
	}
	push_weak_keys(L, &views_key); /* a view lives as long as its table */
	lua_pushvalue(L, idx);
	if (lua_rawget(L, -2) != LUA_TNIL) {
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 1);
	if (t == LUA_TFUNCTION) {
		lua_pushvalue(L, idx);
		lua_pushcclosure(L, ro_fn, 1);
	} else {
		lua_createtable(L, 0, 0);  /* the view */
		lua_createtable(L, 0, 7);  /* its metatable */
		lua_pushvalue(L, idx);
		lua_rawsetp(L, -2, &ro_key);
		static const lua_CFunction fns[] = {ro_index, ro_len, ro_pairs, ro_call,
			readonly_newindex};
		static const char *const names[] = {"__index", "__len", "__pairs", "__call",
			"__newindex"};
		for (int i = 0; i < 5; i++) {
			lua_pushcfunction(L, fns[i]);
			lua_setfield(L, -2, names[i]);
		}
		lua_pushstring(L, LOCKED);
		lua_setfield(L, -2, "__metatable");
		lua_setmetatable(L, -2);
	}
	lua_pushvalue(L, idx);
	lua_pushvalue(L, -2);
	lua_rawset(L, -4);
	lua_remove(L, -2);
}

/* ---- environments ---------------------------------------------------
 *
 * E_f, the environment of one chunk, is empty and locked; its metatable M
 * holds (besides __index/__newindex) the file's load-time globals L0_f and
 * the writer that makes a check's layer, under names rules never reach
 * (M is behind __metatable). */
#define REG_DIRTY "nianshen.dirty" /* metatables of E_f with a check's layer */
#define F_L0 "nianshen.l0"
#define REG_PLACED "nianshen.placed" /* an error a module's load placed */
#define F_WRITER "nianshen.writer"

/* A write through E_f once its file has loaded: the first of a check makes
 * the check's layer G_f over L0_f and points E_f at it (upvalues: M, and
 * the layers' metatable). */
static int env_write(lua_State *L)
{
	int M = lua_upvalueindex(1);
	lua_createtable(L, 0, 4);
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_setmetatable(L, -2);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, 3);
	lua_rawset(L, -3);
	lua_pushvalue(L, -1);
	lua_setfield(L, M, "__index");
	lua_setfield(L, M, "__newindex");
	lua_getfield(L, LUA_REGISTRYINDEX, REG_DIRTY);
	lua_pushvalue(L, M);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

/* Every check's layers dropped: E_f reads L0_f again, and writes make a
 * new layer. */
static void drop_layers(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, REG_DIRTY);
	for (lua_Integer i = (lua_Integer)lua_rawlen(L, -1); i >= 1; i--) {
		lua_rawgeti(L, -1, i);
		lua_getfield(L, -1, F_L0);
		lua_setfield(L, -2, "__index");
		lua_getfield(L, -1, F_WRITER);
		lua_setfield(L, -2, "__newindex");
		lua_pop(L, 1);
		lua_pushnil(L);
		lua_rawseti(L, -2, i);
	}
	lua_pop(L, 1);
}

/* A new environment for a chunk, pushed, in its loading state: reads and
 * writes go to its own L0_f, a copy of the globals every file gets
 * (REG_LOADTIME: `indicator`, and `scheme` while the scheme file runs)
 * over B. */
static void push_file_env(lua_State *L)
{
	luaL_checkstack(L, 8, NULL);
	lua_createtable(L, 0, 4); /* L0_f */
	int l0 = lua_gettop(L);
	lua_getfield(L, LUA_REGISTRYINDEX, REG_LOADTIME);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, l0);
	}
	lua_pop(L, 1);
	lua_createtable(L, 0, 2);
	lua_getfield(L, LUA_REGISTRYINDEX, REG_BASE);
	lua_setfield(L, -2, "__index");
	lua_pushstring(L, LOCKED);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, l0);
	lua_newtable(L);          /* E_f */
	lua_createtable(L, 0, 5); /* M */
	int M = lua_gettop(L);
	lua_pushvalue(L, l0);
	lua_setfield(L, M, "__index");
	lua_pushvalue(L, l0);
	lua_setfield(L, M, "__newindex");
	lua_pushvalue(L, l0);
	lua_setfield(L, M, F_L0);
	lua_pushstring(L, LOCKED);
	lua_setfield(L, M, "__metatable");
	lua_pushvalue(L, M);
	lua_createtable(L, 0, 2); /* the metatable of its checks' layers */
	lua_pushvalue(L, l0);
	lua_setfield(L, -2, "__index");
	lua_pushstring(L, LOCKED);
	lua_setfield(L, -2, "__metatable");
	lua_pushcclosure(L, env_write, 2);
	lua_setfield(L, M, F_WRITER);
	lua_setmetatable(L, -2);
	lua_remove(L, l0);
}

/* The file has loaded: from now on its writes go to a check's layer. */
static void seal_env(lua_State *L, int env)
{
	lua_getmetatable(L, env);
	lua_getfield(L, -1, F_WRITER);
	lua_setfield(L, -2, "__newindex");
	lua_pop(L, 1);
}

void nse_set_load_watch(void (*fn)(const char *chunkname))
{
	load_watch = fn;
}

static int msgh(lua_State *L);

/* Run the loaded chunk on top of the stack as module `name` (file `rel`),
 * in an environment of its own: the result (or true) as a view, or the
 * error, with the "loading" mark taken off again.  keep_raw: the result is
 * kept as it is too, under "/name" (the shipped library's, require_in). */
static int run_module(lua_State *L, int modules, const char *name, const char *rel,
                      const char *author_after, const char *loading_after, int keep_raw)
{
	push_file_env(L);
	lua_pushvalue(L, -1);
	lua_setupvalue(L, -3, 1);
	int env = lua_gettop(L) - 1;
	lua_insert(L, env); /* env, chunk */
	lua_pushcfunction(L, msgh);
	lua_insert(L, env + 1); /* env, msgh, chunk */
	lua_pushstring(L, name);
	if (load_watch)
		load_watch(rel);
	int status = lua_pcall(L, 1, 1, env + 1);
	/* the requiring code's again (require_in), before any error */
	nse_state *S = nse_state_of(L);
	snprintf(S->author, sizeof S->author, "%s", author_after);
	S->loading = loading_after;
	seal_env(L, env);
	if (status == LUA_ERRMEM) {
		/* raised without a message handler: the file, the line the
		 * allocator saw, the cap (what the error leaves is garbage now:
		 * the message has room) */
		char at[160];
		int known = nse_where_text(S, at, sizeof at);
		lua_pop(L, 1);
		if (strncmp(rel, "std/", 4) == 0 || !known)
			lua_pushfstring(L, "%s%snot enough memory while loading %s: --max-memory %I bytes "
			                "is too small to load the rules", known ? at : "", known ? ": " : "",
			                rel, (lua_Integer)S->mem_asked);
		else
			lua_pushfstring(L, "%s: not enough memory while loading %s (--max-memory %I bytes)",
			                at, rel, (lua_Integer)S->mem_asked);
	}
	if (status != LUA_OK) {
		lua_pushnil(L);
		lua_setfield(L, modules, name);
		/* placed by msgh while the module's frames were there: the
		 * handlers further out keep it as it is */
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, REG_PLACED);
		return lua_error(L);
	}
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	nse_push_readonly(L, -1);
	lua_pushvalue(L, -1);
	lua_setfield(L, modules, name);
	/* and as it is, for the shipped library's own files (require_in) */
	if (keep_raw) {
		lua_pushfstring(L, "/%s", name);
		lua_pushvalue(L, -3);
		lua_settable(L, modules);
	}
	return 1;
}

/* Module `name` of author `who`'s set (REG_AUTHORS), loaded into it if it
 * is not there yet, its top level running as `who`'s; pushed. */
static int require_in(lua_State *L, const char *name, const char *author)
{
	nse_state *S = nse_state_of(L);
	char who[sizeof S->author]; /* a copy: `author` may be S->author */
	snprintf(who, sizeof who, "%s", author);
	/* The files of the library nianshen ships see its modules as they are:
	 * trusted code of one author, whose every call through a view's
	 * wrapper (ro_fn) cost a fifth of a check's time; every other file,
	 * and the library's own modules required from another author's file,
	 * sees views */
	int raw = NSE_SHIPPED(who) && strcmp(S->author, who) == 0;
	lua_getfield(L, LUA_REGISTRYINDEX, REG_AUTHORS);
	if (lua_getfield(L, -1, who) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, -3, who);
	}
	lua_remove(L, -2);
	int modules = lua_gettop(L);
	if (!valid_module_name(name)) /* "/std.util" is the raw copy's key */
		return luaL_error(L, "sandbox: module '%s' is not available", name);
	if (lua_getfield(L, -1, name) != LUA_TNIL) {
		if (raw && lua_getfield(L, modules, lua_pushfstring(L, "/%s", name)) != LUA_TNIL)
			return 1;
		lua_settop(L, modules + 1);
		return 1;
	}
	lua_pop(L, 1);
	char rel[512], path[1536];
	snprintf(rel, sizeof rel, "%s.lua", name);
	for (char *p = rel; p < rel + strlen(rel) - 4; p++)
		if (*p == '.')
			*p = '/';
	/* the shipped library's modules ("std.util") from its directory only,
	 * when the scheme's rules name it (then it is a root): a std/ beside
	 * a rule file is never the library */
	int shipped = nse_shipped_name(name, strcspn(name, "."));
	for (int i = 0; i < S->nroots; i++) {
		if (shipped && strcmp(S->roots[i], nse_rules_dir()) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", S->roots[i], rel);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		/* mark as loading, to stop require cycles */
		lua_pushboolean(L, 1);
		lua_setfield(L, -2, name);
		char *src;
		size_t len;
		if (nse_read_file(path, &src, &len) != 0) {
			lua_pushnil(L);
			lua_setfield(L, modules, name);
			return luaL_error(L, "sandbox: cannot read module '%s'", name);
		}
		char chunk[600];
		snprintf(chunk, sizeof chunk, "=%s", rel);
		const char *code = past_bom(src, &len);
		int rc = luaL_loadbufferx(L, code, len, chunk, "t");
		free(src);
		if (rc == LUA_ERRMEM) {
			lua_pushnil(L);
			lua_setfield(L, modules, name);
			S->limit_hit = NSE_LIMIT_MEMORY;
			return luaL_error(L, "sandbox: module '%s': not enough memory to compile it: "
			                  "--max-memory %I bytes is too small to load the rules", name,
			                  (lua_Integer)S->mem_asked);
		}
		if (rc != LUA_OK) {
			/* text only: a binary chunk is refused here, by name */
			lua_pushnil(L);
			lua_setfield(L, modules, name);
			return luaL_error(L, "sandbox: module '%s': %s", name, lua_tostring(L, -1));
		}
		/* its top level runs as `who`'s (run_module sets S->author back) */
		char requirer[sizeof S->author];
		snprintf(requirer, sizeof requirer, "%s", S->author);
		snprintf(S->author, sizeof S->author, "%s", who);
		const char *outer = S->loading;
		S->loading = name; /* for l_indicator (nse_rule_file_copy) */
		run_module(L, modules, name, rel, requirer, outer, NSE_SHIPPED(who));
		if (raw) {
			lua_pushfstring(L, "/%s", name);
			lua_gettable(L, modules);
		}
		return 1;
	}
	return luaL_error(L, "sandbox: module '%s' is not available (not found in the "
	                  "rule directories)", name);
}

/* Helper modules are loaded once per rule file (S->author; the shipped
 * standard library's files are one author).  A view keeps a module's
 * tables read-only, but a function of the module may hand them as they
 * are to code of its caller's (a method of a table it was given): what a
 * rule file can reach of a module is its own copy, and no other file's
 * checks read it.  A rule file of the scheme required by another is loaded
 * first as its own author's (its indicators are declared once, and their
 * checks run with that instance), then as the requirer's copy. */
static int sb_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	nse_state *S = nse_state_of(L);
	/* lpeg, re, text: the locked libraries, one for all */
	lua_getfield(L, LUA_REGISTRYINDEX, REG_MODULES);
	if (lua_getfield(L, -1, name) != LUA_TNIL)
		return 1;
	lua_pop(L, 2);
	char owner[sizeof S->author];
	int top = lua_gettop(L);
	int rule_file = lua_getfield(L, LUA_REGISTRYINDEX, NSE_REG_RULE_FILES) == LUA_TTABLE &&
	                lua_getfield(L, -1, name) == LUA_TSTRING;
	if (rule_file)
		snprintf(owner, sizeof owner, "%s", lua_tostring(L, -1));
	lua_settop(L, top);
	if (rule_file && strcmp(owner, S->author) != 0) {
		require_in(L, name, owner); /* the module on top, above what it used */
		lua_replace(L, top + 1);
		lua_settop(L, top + 1);
		/* still loading (a cycle: true, as any module gives) */
		if (lua_type(L, -1) == LUA_TBOOLEAN)
			return 1;
		/* the requirer's own copy, a declaring file's as a helper's: its
		 * top level runs again as the requirer's, its indicator{} calls
		 * saying nothing (nse_rule_file_copy); the owner's instance, whose
		 * checks run with it, is the owner's alone (a caller handed it a
		 * forged report, and its memo gave the owner's checks that) */
		lua_pop(L, 1);
	}
	return require_in(L, name, S->author);
}

int nse_rule_file_copy(lua_State *L)
{
	nse_state *S = nse_state_of(L);
	if (!S->loading)
		return 0;
	int top = lua_gettop(L);
	int copy = lua_getfield(L, LUA_REGISTRYINDEX, NSE_REG_RULE_FILES) == LUA_TTABLE &&
	           lua_getfield(L, -1, S->loading) == LUA_TSTRING &&
	           strcmp(lua_tostring(L, -1), S->author) != 0;
	lua_settop(L, top);
	return copy;
}

/* ---- construction --------------------------------------------------- */

static void copy_fields(lua_State *L, int from, const char *const *names)
{
	for (int i = 0; names[i]; i++) {
		lua_getfield(L, from, names[i]);
		lua_setfield(L, -2, names[i]);
	}
}

/* ---- LPeg's sizes ------------------------------------------------------
 *
 * liblua5.4-lpeg (1.0.2) turns a number into a pattern through an int cast
 * (lpeg.P(n), p * n, a grammar rule that is a number, lpeg.match(n, s)) and
 * sizes p^n as (n + 1) * (size + 1) tree nodes in int arithmetic: an extreme
 * n overflows and the library writes past its allocation (stock lua5.4
 * crashes the same way).  Every entry point that makes a pattern is wrapped
 * before re.lua loads (so that re.compile's "p^+n" goes through the guard
 * too): numbers that become patterns are bounded, and p^n is refused when
 * the tree it asks for is larger than LPEG_MAX_NODES.  The memory cap
 * bounds everything else a pattern can grow to. */
#define LPEG_MAX_NUM (1 << 20)   /* lpeg.P(n): n characters */
#define LPEG_MAX_NODES (1 << 24) /* p^n: nodes of the tree it builds */
#define LPEG_NODE 8              /* sizeof(TTree) in lptree.h */

static void lpeg_check_num(lua_State *L, int i)
{
	if (lua_type(L, i) != LUA_TNUMBER)
		return;
	int ok = lua_isinteger(L, i)
		? lua_tointeger(L, i) >= -LPEG_MAX_NUM && lua_tointeger(L, i) <= LPEG_MAX_NUM
		: lua_tonumber(L, i) >= -LPEG_MAX_NUM && lua_tonumber(L, i) <= LPEG_MAX_NUM;
	if (!ok)
		luaL_error(L, "lpeg: a pattern of %s characters is beyond the sandbox's "
		           "limit (%d)", lua_tostring(L, i), LPEG_MAX_NUM);
}

/* Upvalue 1: the original function; upvalue 2: a bit per argument that
 * LPeg turns into a pattern (bit 0: the first). */
static int lpeg_guard(lua_State *L)
{
	int n = lua_gettop(L);
	if (nse_state_of(L)->budget_on) /* a match runs in C: see sb_pattern */
		note_where(L, 1);
	/* a match reads its subject, and p * q copies both patterns' trees:
	 * a step per eight bytes of strings and patterns (p * q in a loop
	 * grows a tree and copies it every time) */
	lua_Unsigned bytes = 0;
	for (int i = 1; i <= n; i++)
		if (lua_type(L, i) == LUA_TSTRING || lua_type(L, i) == LUA_TUSERDATA)
			bytes += lua_rawlen(L, i);
	charge(L, bytes / 8 + 1);
	lua_Integer mask = lua_tointeger(L, lua_upvalueindex(2));
	for (int i = 1; i <= n && i <= 8; i++) {
		if (!(mask >> (i - 1) & 1))
			continue;
		lpeg_check_num(L, i);
		if (i == 1 && lua_type(L, 1) == LUA_TTABLE) { /* a grammar's rules */
			lua_pushnil(L);
			while (lua_next(L, 1)) {
				lpeg_check_num(L, -1);
				lua_pop(L, 1);
			}
		}
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

/* p^n: upvalue 1 the original __pow, 2 lpeg.P (guarded) */
static int lpeg_pow(lua_State *L)
{
	lua_Integer n = luaL_checkinteger(L, 2);
	if (!luaL_testudata(L, 1, "lpeg-pattern")) {
		lua_pushvalue(L, lua_upvalueindex(2));
		lua_pushvalue(L, 1);
		lua_call(L, 1, 1);
		lua_replace(L, 1);
	}
	unsigned long long nodes = lua_rawlen(L, 1) / LPEG_NODE + 3;
	unsigned long long reps = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
	if (reps > LPEG_MAX_NODES || (reps + 1) * nodes > LPEG_MAX_NODES)
		return luaL_error(L, "lpeg: p^%I repeats a pattern of about %I nodes "
		                  "beyond the sandbox's limit (%d nodes)", n,
		                  (lua_Integer)(nodes - 3), LPEG_MAX_NODES);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 2, 1);
	return 1;
}

/* Wrap LPeg's module functions and pattern metamethods in place. */
static void guard_lpeg(lua_State *L, int lpeg)
{
	static const struct { const char *name; int mask; } fns[] = {
		{"P", 1}, {"B", 1}, {"C", 1}, {"Cs", 1}, {"Ct", 1}, {"Cg", 1},
		{"Cf", 1}, {"Cmt", 1}, {"match", 1},
	}, mms[] = {
		{"__add", 3}, {"__mul", 3}, {"__sub", 3}, {"__div", 1},
		{"__unm", 1}, {"__len", 1}, {"match", 1},
	};
	lpeg = lua_absindex(L, lpeg);
	for (size_t i = 0; i < sizeof fns / sizeof *fns; i++) {
		lua_getfield(L, lpeg, fns[i].name);
		lua_pushinteger(L, fns[i].mask);
		lua_pushcclosure(L, lpeg_guard, 2);
		lua_setfield(L, lpeg, fns[i].name);
	}
	if (luaL_getmetatable(L, "lpeg-pattern") != LUA_TTABLE) {
		lua_pop(L, 1);
		return;
	}
	for (size_t i = 0; i < sizeof mms / sizeof *mms; i++) {
		if (lua_getfield(L, -1, mms[i].name) == LUA_TNIL) {
			lua_pop(L, 1);
			continue;
		}
		lua_pushinteger(L, mms[i].mask);
		lua_pushcclosure(L, lpeg_guard, 2);
		lua_setfield(L, -2, mms[i].name);
	}
	lua_getfield(L, -1, "__pow");
	lua_getfield(L, lpeg, "P");
	lua_pushcclosure(L, lpeg_pow, 2);
	lua_setfield(L, -2, "__pow");
	lua_pop(L, 1);
}

/* A copy of the functions of the table at t, filed in the registry's
 * table of loaded modules as `name`, where Lua looks for a function that
 * raises an error to name it ("bad argument #1 to 'text.similarity'"): a
 * library function a wrapper calls (sb_text) is called by no Lua code that
 * names it, and was '?'.  The table is the registry's: nothing of it
 * reaches a rule.  (Not LPeg's: its entry there is the guarded library,
 * which the sandbox and re.lua take.) */
static void name_functions(lua_State *L, int t, const char *name)
{
	t = lua_absindex(L, t);
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_newtable(L);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -4);
	}
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
}

/* lpeg and re come from the Debian packages; re.lua is found the usual way
 * while `package` still exists, then `package` goes. */
static int open_lpeg_re(lua_State *L, char *err, size_t errlen)
{
	luaL_requiref(L, "lpeg", luaopen_lpeg, 1);
	guard_lpeg(L, -1);
	lua_pop(L, 1);
	luaL_requiref(L, "package", luaopen_package, 1);
	lua_pop(L, 1);
	/* one result: require also returns the loader data (re.lua's path),
	 * which must not end up as "nianshen.re" */
	if (luaL_loadstring(L, "return require 're'") != LUA_OK ||
	    lua_pcall(L, 0, 1, 0) != LUA_OK || !lua_istable(L, -1)) {
		snprintf(err, errlen, "cannot load the 're' module of lua-lpeg: %s",
		         lua_tostring(L, -1) ? lua_tostring(L, -1) : "not a table");
		return -1;
	}
	lua_setfield(L, LUA_REGISTRYINDEX, "nianshen.re");
	return 0;
}

/* tostring without an address: a table, a function, a view ("table",
 * "nianshen.row").  An address differs from run to run, and a message
 * that shows one would make the results of two runs differ. */
static int sb_tostring(lua_State *L)
{
	luaL_checkany(L, 1);
	int t = lua_type(L, 1);
	if ((t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TTHREAD || t == LUA_TUSERDATA ||
	     t == LUA_TLIGHTUSERDATA) && luaL_getmetafield(L, 1, "__tostring") == LUA_TNIL) {
		if (luaL_getmetafield(L, 1, "__name") != LUA_TSTRING) {
			lua_settop(L, 1);
			lua_pushstring(L, luaL_typename(L, 1));
		}
		return 1;
	}
	lua_settop(L, 1);
	luaL_tolstring(L, 1, NULL);
	return 1;
}

/* string.format without %p, the address of a value, and with %s of a
 * table or function as sb_tostring writes it ("table", not "table: 0x…") */
static int sb_format(lua_State *L)
{
	const char *f = luaL_checkstring(L, 1);
	int arg = 1;
	for (const char *p = strchr(f, '%'); p; p = strchr(p, '%')) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		arg++;
		while (*p && strchr("-+ #0123456789.", *p))
			p++;
		if (*p == 'p')
			return luaL_error(L, "string.format: '%%p' (a value's address) is not "
			                  "available to rules: it differs from run to run");
		int t = lua_type(L, arg);
		if (*p == 's' && (t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TTHREAD ||
		                  t == LUA_TUSERDATA || t == LUA_TLIGHTUSERDATA)) {
			lua_pushcfunction(L, sb_tostring);
			lua_pushvalue(L, arg);
			lua_call(L, 1, 1);
			lua_replace(L, arg);
		}
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* tonumber: a cell (or a number found in the text) is a view, no number:
 * tonumber(cell) read nil without a word, and a rule written
 * `tonumber(r.t3.received.total) == 0` never fired.  Said, with what to
 * write instead; anything else as Lua's own (its upvalue). */
static int sb_tonumber(lua_State *L)
{
	if (lua_type(L, 1) == LUA_TUSERDATA &&
	    (luaL_testudata(L, 1, NSE_CELL_MT) || luaL_testudata(L, 1, NSE_NUMBER_MT)))
		return luaL_argerror(L, 1, "a cell, or a number the text states, is a view, "
		                           "no number: its number is .value (a cell's nil when "
		                           "blank or unread)");
	if (lua_type(L, 1) == LUA_TSTRING) /* read whole, in C */
		charge(L, lua_rawlen(L, 1) / 8 + 1);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

static void build_base(lua_State *L)
{
	static const char *const base_names[] = {"assert", "error", "ipairs", "next",
		"pairs", "pcall", "xpcall", "select", "tonumber", "tostring",
		"type", "rawequal", "rawlen", "rawget", "getmetatable", "_VERSION", NULL};
	lua_newtable(L); /* B */
	int B = lua_gettop(L);
	lua_pushglobaltable(L);
	int G = lua_gettop(L);
	lua_pushvalue(L, B);
	copy_fields(L, G, base_names);
	lua_pop(L, 1);
	lua_pushcfunction(L, sb_tostring);
	lua_setfield(L, B, "tostring");
	lua_getfield(L, B, "tonumber");
	lua_pushcclosure(L, sb_tonumber, 1);
	lua_setfield(L, B, "tonumber");
	lua_pushcfunction(L, sb_pcall);
	lua_setfield(L, B, "pcall");
	lua_pushcfunction(L, sb_xpcall);
	lua_setfield(L, B, "xpcall");
	lua_pushcfunction(L, sb_setmetatable);
	lua_setfield(L, B, "setmetatable");
	lua_pushcfunction(L, sb_print);
	lua_setfield(L, B, "print");
	lua_pushcfunction(L, sb_rawset);
	lua_setfield(L, B, "rawset");
	lua_pushcfunction(L, sb_require);
	lua_setfield(L, B, "require");
	/* libraries, as locked proxies */
	static const char *const libs[] = {"string", "table", "math", "utf8", NULL};
	/* functions whose C loops the budget must see, wrapped */
	static const struct { const char *lib, *fn; lua_CFunction wrap; } wraps[] = {
		{"string", "rep", sb_rep}, {"table", "move", sb_move},
		{"string", "find", sb_search}, {"string", "match", sb_search},
		{"string", "gmatch", sb_pattern}, {"string", "gsub", sb_pattern},
		{"table", "insert", sb_insert}, {"table", "remove", sb_remove},
		{"string", "format", sb_format}, {"table", "concat", sb_concat},
		{"string", "upper", sb_bytes}, {"string", "lower", sb_bytes},
		{"string", "reverse", sb_bytes}, {"string", "byte", sb_span},
		{"utf8", "len", sb_span}, {"utf8", "codepoint", sb_span},
		{"utf8", "offset", sb_bytes}, {"utf8", "char", sb_bytes},
		{"table", "unpack", sb_unpack}, {"table", "sort", sb_sort}};
	for (int i = 0; libs[i]; i++) {
		lua_getfield(L, G, libs[i]);
		/* a copy: no bytecode out (string.dump goes), wrapped loops */
		copy_without(L, "dump");
		if (strcmp(libs[i], "string") == 0)
			deny_field(L, "string", "dump");
		for (size_t w = 0; w < sizeof wraps / sizeof *wraps; w++) {
			if (strcmp(wraps[w].lib, libs[i]) != 0)
				continue;
			lua_getfield(L, -1, wraps[w].fn);
			if (wraps[w].wrap == sb_search || wraps[w].wrap == sb_span) {
				/* upvalue 2: sb_search's 1 for match, sb_span's for len */
				lua_pushinteger(L, strcmp(wraps[w].fn, "match") == 0 ||
				                   strcmp(wraps[w].fn, "len") == 0);
				lua_pushcclosure(L, wraps[w].wrap, 2);
			} else {
				lua_pushcclosure(L, wraps[w].wrap, 1);
			}
			lua_setfield(L, -2, wraps[w].fn);
		}
		lock_table(L);
		lua_setfield(L, B, libs[i]);
	}
	/* lpeg without setmaxstack (its backtrack limit guards against
	 * runaway patterns) */
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_getfield(L, -1, "lpeg");
	copy_without(L, "setmaxstack");
	deny_field(L, "lpeg", "setmaxstack");
	lock_table(L);
	lua_pushvalue(L, -1);
	lua_setfield(L, B, "lpeg");
	lua_getfield(L, LUA_REGISTRYINDEX, REG_MODULES);
	lua_insert(L, -2);
	lua_setfield(L, -2, "lpeg");
	/* re without updatelocale: it rewrites re's own classes (%a…) for
	 * every rule file at once */
	lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.re");
	copy_without(L, "updatelocale");
	deny_field(L, "re", "updatelocale");
	/* re's matches run LPeg's own functions, not the guarded ones */
	for (const char *const *f = (const char *const[]){"compile", "find", "match", "gsub",
	                                                   NULL}; *f; f++) {
		if (lua_getfield(L, -1, *f) != LUA_TFUNCTION) {
			lua_pop(L, 1);
			continue;
		}
		lua_pushcclosure(L, sb_bytes, 1);
		lua_setfield(L, -2, *f);
	}
	lock_table(L);
	lua_pushvalue(L, -1);
	lua_setfield(L, B, "re");
	lua_setfield(L, -2, "re");
	nse_open_text(L);
	name_functions(L, -1, "text");
	/* each charged by the bytes it reads (sb_text) */
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pushcclosure(L, sb_text, 1);
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -4);
	}
	lock_table(L);
	lua_pushvalue(L, -1);
	lua_setfield(L, B, "text");
	lua_setfield(L, -2, "text");
	lua_pop(L, 2); /* modules, loaded */
	lua_remove(L, G); /* B is on top again */
	name_libraries(L, B);
	/* B's metatable: named errors for what reaches the host */
	lua_newtable(L);
	lua_pushcfunction(L, base_index);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, B);
	/* rules see B through a locked proxy, so that its fields are read-only
	 * too (`_G.print = nil` would otherwise reach every later check) */
	lua_pushvalue(L, B);
	lock_table(L);
	lua_pushvalue(L, -1);
	lua_setfield(L, B, "_G");
	lua_setfield(L, LUA_REGISTRYINDEX, REG_BASE);
	lua_pop(L, 1);
}

int nse_state_new(nse_state *S, size_t mem_limit, long long step_limit)
{
	memset(S, 0, sizeof *S);
	S->mem_limit = (size_t)-1; /* setting up is not rule code */
	S->mem_asked = mem_limit;
	S->where = &S->own_where;
	S->step_limit = step_limit;
	lua_State *L = lua_newstate(cap_alloc, S);
	if (!L) {
		snprintf(S->err, sizeof S->err, "cannot create a Lua state");
		return NS_ERR_NOMEM;
	}
	S->L = L;
	*(nse_state **)lua_getextraspace(L) = S;
	luaL_openlibs(L); /* the full set, from which the allowlist is copied */
	/* for run.c, which seeds math.random before each check */
	lua_getglobal(L, "math");
	lua_getfield(L, -1, "randomseed");
	lua_setfield(L, LUA_REGISTRYINDEX, "nianshen.randomseed");
	lua_pop(L, 1);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_MODULES);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_AUTHORS);
	if (open_lpeg_re(L, S->err, sizeof S->err)) {
		nse_state_free(S);
		return NS_ERR_RULE;
	}
	nse_open_views(L);
	build_base(L);
	/* the string metatable: locked, so getmetatable("") reveals nothing,
	 * and its methods are the sandbox's string library (("").dump is not) */
	lua_getfield(L, LUA_REGISTRYINDEX, REG_BASE);
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushstring(L, LOCKED);
	lua_setfield(L, -2, "__metatable");
	lua_getfield(L, -3, "string");
	lua_setfield(L, -2, "__index");
	lua_pop(L, 2);
	/* the same for LPeg's patterns: their metatable is LPeg's own, whose
	 * __index is the real library (setmaxstack, and writable); re.lua
	 * took what it needs of it when it loaded */
	if (luaL_getmetatable(L, "lpeg-pattern") == LUA_TTABLE) {
		lua_pushstring(L, LOCKED);
		lua_setfield(L, -2, "__metatable");
		lua_getfield(L, -2, "lpeg");
		lua_setfield(L, -2, "__index");
	}
	lua_pop(L, 2);
	/* the globals every chunk gets a copy of (scheme.c adds the
	 * collectors), the environments with a check's layer, and an
	 * environment for the host's own chunks (the fuzz drivers) */
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_LOADTIME);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_DIRTY);
	push_file_env(L);
	seal_env(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_ENV);
	/* nothing of the full global table stays reachable: the host's globals
	 * are cleared (rules only ever see E) */
	lua_pushglobaltable(L);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		lua_pushnil(L);
		lua_rawset(L, -4);
	}
	lua_pop(L, 1);
	lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
	lua_gc(L, LUA_GCGEN, 0, 0);
	S->mem_limit = mem_limit;
	if (S->mem_used > mem_limit / 2)
		S->mem_limit = S->mem_used + mem_limit; /* never below what setup took */
	return NS_OK;
}

void nse_state_free(nse_state *S)
{
	if (S->L)
		lua_close(S->L);
	S->L = NULL;
	for (size_t c = 0; c < sizeof S->small / sizeof *S->small; c++)
		while (S->small[c]) {
			void *p = S->small[c];
			S->small[c] = *(void **)p;
			free(p);
		}
}

void nse_add_root(nse_state *S, const char *dir)
{
	for (int i = 0; i < S->nroots; i++)
		if (strcmp(S->roots[i], dir) == 0)
			return;
	if (S->nroots < NSE_MAX_ROOTS)
		snprintf(S->roots[S->nroots++], sizeof S->roots[0], "%s", dir);
}

/* Kept for the callers that start a report: every check now starts with
 * fresh globals (nse_pcall), which covers a report. */
void nse_fresh_globals(nse_state *S)
{
	drop_layers(S->L);
}

/* ---- errors ----------------------------------------------------------
 *
 * An error message names the true place: it begins with the location of a
 * frame of rule code that is on the stack when it is raised, so that a
 * rule cannot make its error pose as another file's (error("std/x.lua:10:
 * boom", 0), or a table whose __tostring says so), and an error raised
 * inside re.lua, LPeg or a helper module also names the rule lines that
 * called it. */

/* Rule code: a chunk the engine loaded from a rule directory or the scheme
 * (named "=file"), not the section prelude, re.lua or C. */
static int rule_frame(const lua_Debug *ar)
{
	return ar->currentline > 0 && ar->source[0] == '=' && strcmp(ar->source, "=section") != 0;
}

/* Does msg start with a location "file:12: "?  Its length ("file:12"). */
static size_t location_len(const char *msg)
{
	const char *c = strchr(msg, ':');
	if (!c || c == msg || c[1] < '0' || c[1] > '9')
		return 0;
	c++;
	while (*c >= '0' && *c <= '9')
		c++;
	return *c == ':' ? (size_t)(c - msg) : 0;
}

/* The file part of the location loc[0..n) */
static size_t file_len(const char *loc, size_t n)
{
	while (n > 0 && loc[n - 1] != ':')
		n--;
	return n ? n - 1 : 0;
}

#define TRACE_LEVELS 40 /* frames looked at: lua_getstack walks from the top */
#define TRACE_SHOWN 4

/* The error value at 1 as text, pushed: strings and numbers as they are, a
 * value with __tostring through it (in a protected call, under the check's
 * budget still), anything else by its type. */
static void error_text(lua_State *L)
{
	int t = lua_type(L, 1);
	if (t == LUA_TSTRING || t == LUA_TNUMBER) {
		lua_pushvalue(L, 1);
		lua_tostring(L, -1);
		return;
	}
	if (luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
		lua_pushvalue(L, 1);
		if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING)
			return;
		lua_pop(L, 1);
	}
	lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
}

static int located(lua_State *L);

/* The message handler of a check: the error located (located), and the
 * instruction budget's message kept when it is spent, so that an error a
 * __close handler raises as the stack unwinds cannot take its place. */
static int msgh(lua_State *L)
{
	nse_state *S = nse_state_of(L);
	int spent = S->limit_hit == NSE_LIMIT_STEPS;
	located(L);
	suggest_call(L);
	/* the budget's error; or the rule's own, when the budget ran out
	 * turning it into text (a __tostring that loops) */
	if (S->limit_hit == NSE_LIMIT_STEPS && !S->limit_msg[0] && lua_type(L, -1) == LUA_TSTRING &&
	    (!spent || strstr(lua_tostring(L, -1), "instruction budget of")))
		snprintf(S->limit_msg, sizeof S->limit_msg, "%s", lua_tostring(L, -1));
	return 1;
}

static int located(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, REG_PLACED);
	if (lua_type(L, 1) == LUA_TSTRING && lua_rawequal(L, 1, -1))
		return 1;
	lua_pop(L, 1);
	error_text(L);
	size_t ml; /* error("a\0b"): the message is all of it, NUL and all */
	const char *msg = lua_tolstring(L, -1, &ml);
	/* the rule frames near the top of the stack, innermost first */
	char frames[TRACE_LEVELS][LUA_IDSIZE + 24];
	int nf = 0, claimed_ok = 0;
	size_t claim = location_len(msg);
	lua_Debug ar;
	for (int level = 1; level <= TRACE_LEVELS && lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar) || !rule_frame(&ar))
			continue;
		int n = snprintf(frames[nf], sizeof frames[0], "%s:%d", ar.short_src, ar.currentline);
		/* a location the message claims is true when a rule frame on the
		 * stack is there (error(msg, 2) names the caller), or when it is
		 * in the file of the innermost rule frame (its own lines) */
		if (claim && ((size_t)n == claim && memcmp(frames[nf], msg, claim) == 0))
			claimed_ok = 1;
		if (claim && nf == 0) {
			size_t f = file_len(frames[0], (size_t)n);
			if (f == file_len(msg, claim) && memcmp(frames[0], msg, f) == 0)
				claimed_ok = 1;
		}
		nf++;
	}
	if (nf == 0)
		return 1; /* no rule code on the stack: loading from the host */
	if (!claim || !claimed_ok) {
		/* unlocated (raised in C), or located elsewhere: the innermost
		 * rule frame goes in front of what the rule said */
		lua_pushfstring(L, "%s: ", frames[0]);
		lua_pushvalue(L, -2);
		lua_concat(L, 2);
		msg = lua_tolstring(L, -1, &ml);
		claim = strlen(frames[0]);
	}
	/* the rule lines that led there, one per file in a row, when they are
	 * not all in the file the message names */
	size_t hf = file_len(msg, claim);
	luaL_Buffer b;
	int shown = 0;
	const char *prev = msg;
	size_t prevlen = hf;
	for (int i = 0; i < nf && shown < TRACE_SHOWN; i++) {
		size_t f = file_len(frames[i], strlen(frames[i]));
		if (f == prevlen && memcmp(frames[i], prev, f) == 0)
			continue;
		if (shown == 0) {
			luaL_buffinit(L, &b);
			luaL_addlstring(&b, msg, ml);
			luaL_addstring(&b, " (from ");
		} else {
			luaL_addstring(&b, ", ");
		}
		luaL_addstring(&b, frames[i]);
		shown++;
		prev = frames[i];
		prevlen = f;
	}
	if (shown) {
		luaL_addchar(&b, ')');
		luaL_pushresult(&b);
	}
	return 1;
}

int nse_pcall(nse_state *S, int nargs, int nresults)
{
	lua_State *L = S->L;
	drop_layers(L); /* every check starts with fresh globals */
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_PLACED);
	int base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, msgh);
	lua_insert(L, base);
	S->steps = 0;
	/* the hook's count starts afresh too (lua_sethook resets it): it ran
	 * on from the checks before, so a check's first 1000 were charged
	 * after 1 to 1000 of its own instructions, and one near its budget
	 * passed or broke by what the process had run before it (another
	 * report, another --jobs) */
	lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
	S->limit_hit = NSE_LIMIT_NONE;
	S->limit_msg[0] = 0;
	S->where->line = 0;
	S->where->file[0] = 0;
	S->where_src = NULL;
	/* outside a check (a file loading, a spec's top level) print has a
	 * cap too, the default check's: a print in a loop at a top level
	 * filled the disk through stderr */
	long long print_limit = S->print_limit, printed = S->printed;
	if (print_limit <= 0) {
		S->print_limit = NSE_LOAD_PRINT;
		S->printed = 0;
		S->print_loading = 1;
	}
	S->budget_on = 1;
	int rc = lua_pcall(L, nargs, nresults, base);
	S->budget_on = 0;
	/* past the budget by what it allocated (cap_alloc) and ended before
	 * the hook's next turn: spent all the same */
	if (S->steps > S->step_limit && S->limit_hit == NSE_LIMIT_NONE)
		S->limit_hit = NSE_LIMIT_STEPS;
	if (print_limit <= 0) {
		S->print_limit = print_limit;
		S->printed = printed;
		S->print_loading = 0;
	}
	if (S->limit_hit == NSE_LIMIT_STEPS && (rc == LUA_OK || rc == LUA_ERRRUN)) {
		/* spent: the budget's own message, even where the error was
		 * swallowed or a __close handler raised another in its place */
		lua_settop(L, base);
		char at[160];
		if (S->limit_msg[0])
			lua_pushstring(L, S->limit_msg);
		else if (nse_where_text(S, at, sizeof at)) /* the line the hook saw last */
			lua_pushfstring(L, "%s: instruction budget of %I exceeded", at,
			                (lua_Integer)S->step_limit);
		else
			lua_pushfstring(L, "instruction budget of %I exceeded",
			                (lua_Integer)S->step_limit);
		rc = LUA_ERRRUN;
	}
	lua_remove(L, base);
	if (rc != LUA_OK && rc == LUA_ERRMEM)
		S->limit_hit = NSE_LIMIT_MEMORY;
	return rc;
}

static int run_chunk(nse_state *S, int load_rc, const char *chunkname)
{
	lua_State *L = S->L;
	if (load_rc == LUA_ERRMEM) {
		snprintf(S->err, sizeof S->err, "%s: not enough memory to compile it: --max-memory "
		         "%zu bytes is too small to load the rules", chunkname, S->mem_asked);
		lua_pop(L, 1);
		return NS_ERR_LIMIT;
	}
	if (load_rc != LUA_OK) {
		snprintf(S->err, sizeof S->err, "%s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return NS_ERR_RULE;
	}
	/* its own environment: what it defines is its own */
	push_file_env(L);
	lua_pushvalue(L, -1);
	lua_setupvalue(L, -3, 1);
	lua_insert(L, -2); /* env, chunk */
	int env = lua_gettop(L) - 1;
	if (load_watch)
		load_watch(chunkname);
	int rc = nse_pcall(S, 0, 0);
	seal_env(L, env);
	if (rc != LUA_OK && S->limit_hit == NSE_LIMIT_MEMORY) {
		/* no message handler ran: the line the allocator saw, and the cap */
		char at[160];
		const char *msg = lua_tostring(L, -1);
		int known = nse_where_text(S, at, sizeof at);
		size_t n = strlen(chunkname);
		int own = known && strncmp(at, chunkname, n) == 0 && at[n] == ':';
		if (msg && strstr(msg, "too small to load the rules"))
			snprintf(S->err, sizeof S->err, "%s: %s", chunkname, msg);
		else if (own) /* its own top level */
			snprintf(S->err, sizeof S->err, "%s: not enough memory while loading %s "
			         "(--max-memory %zu bytes)", at, chunkname, S->mem_asked);
		else
			snprintf(S->err, sizeof S->err, "%s: not enough memory while loading it%s%s: "
			         "--max-memory %zu bytes is too small to load the rules", chunkname,
			         known ? ", at " : "", known ? at : "", S->mem_asked);
		lua_settop(L, env - 1);
		return NS_ERR_LIMIT;
	}
	if (rc != LUA_OK) {
		snprintf(S->err, sizeof S->err, "%s", lua_tostring(L, -1));
		lua_settop(L, env - 1);
		return S->limit_hit ? NS_ERR_LIMIT : NS_ERR_RULE;
	}
	lua_settop(L, env - 1);
	return NS_OK;
}

int nse_run_string(nse_state *S, const char *src, size_t len, const char *chunkname)
{
	src = past_bom(src, &len);
	char name[300];
	snprintf(name, sizeof name, "=%s", chunkname);
	return run_chunk(S, luaL_loadbufferx(S->L, src, len, name, "t"), chunkname);
}

int nse_run_file(nse_state *S, const char *path, const char *chunkname)
{
	char *buf;
	size_t len;
	if (nse_read_file(path, &buf, &len) != 0) {
		snprintf(S->err, sizeof S->err, "cannot read %s", path);
		return NS_ERR_IO;
	}
	int rc = nse_run_string(S, buf, len, chunkname);
	free(buf);
	return rc;
}

/* ---- where the standard rules are installed -------------------------- */

#ifndef NS_RULES_DIR
#define NS_RULES_DIR "/usr/share/nianshen/rules"
#endif

/* The standard rules directory: looked for as share/nianshen/rules in the
 * directory of the file this code runs from (the executable, libnianshen.so
 * or the Lua module) and up to four of its ancestors, nearest first, so
 * that an installed copy finds the rules installed with it wherever its
 * prefix is (a staged DESTDIR, a moved tree, lib/<triplet>/lua/5.4 for the
 * module); else the compiled-in NS_RULES_DIR, the install path.  No path
 * into the source tree is compiled in: the build tree holds a link
 * share/nianshen/rules to it (CMakeLists.txt), which only its own
 * binaries, under it, ever meet.  Computed once per process. */
static char rules_dir[PATH_MAX];

static void find_rules_dir(void)
{
	char self[PATH_MAX] = "";
	Dl_info info;
	if (dladdr((void *)find_rules_dir, &info) && info.dli_fname &&
	    strchr(info.dli_fname, '/') && realpath(info.dli_fname, self))
		;
	else { /* the main program, named by a bare argv[0] */
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		self[n > 0 ? n : 0] = 0;
	}
	char *slash = strrchr(self, '/');
	for (int up = 0; slash && up <= 4; up++) {
		*slash = 0; /* self is now a directory */
		char cand[PATH_MAX + 32];
		struct stat st;
		snprintf(cand, sizeof cand, "%s/share/nianshen/rules", self);
		if (stat(cand, &st) == 0 && S_ISDIR(st.st_mode) && strlen(cand) < sizeof rules_dir) {
			snprintf(rules_dir, sizeof rules_dir, "%s", cand);
			return;
		}
		slash = strrchr(self, '/');
	}
	snprintf(rules_dir, sizeof rules_dir, "%s", NS_RULES_DIR);
}

const char *nse_rules_dir(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, find_rules_dir);
	return rules_dir;
}

int nse_shipped_name(const char *name, size_t len)
{
	char path[PATH_MAX + 300];
	struct stat st;
	if (len == 0 || len > 255 || memchr(name, '/', len))
		return 0;
	snprintf(path, sizeof path, "%s/%.*s", nse_rules_dir(), (int)len, name);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 1;
	snprintf(path, sizeof path, "%s/%.*s.lua", nse_rules_dir(), (int)len, name);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}
