/* lreport.c — nianshen.report: the report, read-only, in Lua.
 *
 * Views are userdata over the report's own memory: nothing is copied.  Each
 * view keeps as user values [1] its parent view, so that a cell kept by a
 * rule keeps its report alive, and [1 + i] the view of its child i once
 * made (nse_cached_i): s1..s6 and t2..t4 of the report, the rows of a
 * table, the cells of a row.  Kept in a table, each child cost a second
 * allocation for the view, and each read three calls more. */
#include "engine.h"

#include <limits.h>
#include <string.h>

const char nse_mt_keys[NSE_V_KINDS];
const char *const nse_mt_names[NSE_V_KINDS] = {NSE_REPORT_MT, NSE_SECTION_MT, NSE_TABLE_MT,
	NSE_ROW_MT, NSE_CELL_MT, NSE_NUMBER_MT};

/* A view of `kind`, a child of the view at parent_idx (0: none), with room
 * for nchildren views made from it, pushed. */
static nse_view *new_view(lua_State *L, int kind, const ns_report *r, int parent_idx,
                          int nchildren)
{
	const nse_view *parent = parent_idx ? lua_touserdata(L, parent_idx) : NULL;
	parent_idx = parent_idx ? lua_absindex(L, parent_idx) : 0;
	nse_view *v = lua_newuserdatauv(L, sizeof *v, 1 + nchildren);
	memset(v, 0, sizeof *v);
	v->r = r;
	v->live = 1;
	v->alive = parent ? parent->alive : &v->live;
	if (parent_idx) {
		lua_pushvalue(L, parent_idx);
		lua_setiuservalue(L, -2, 1);
	}
	nse_push_mt(L, kind);
	lua_setmetatable(L, -2);
	return v;
}

int nse_cached_i(lua_State *L, int idx, lua_Integer i)
{
	if (lua_getiuservalue(L, idx, 1 + (int)i) > LUA_TNIL)
		return 1;
	lua_pop(L, 1);
	return 0;
}

void nse_cache_i(lua_State *L, int idx, lua_Integer i)
{
	idx = lua_absindex(L, idx);
	lua_pushvalue(L, -1);
	lua_setiuservalue(L, idx, 1 + (int)i);
}

void nse_new_metatable(lua_State *L, const char *name, const luaL_Reg *meta)
{
	luaL_newmetatable(L, name);
	lua_pushvalue(L, -1);
	luaL_setfuncs(L, meta, 1);
	lua_pushstring(L, name);
	lua_setfield(L, -2, "__metatable");
	for (int k = 0; k < NSE_V_KINDS; k++)
		if (strcmp(name, nse_mt_names[k]) == 0) {
			lua_pushvalue(L, -1);
			lua_rawsetp(L, LUA_REGISTRYINDEX, &nse_mt_keys[k]);
		}
	lua_pop(L, 1);
}

int nse_readonly(lua_State *L)
{
	const char *k = lua_tostring(L, 2);
	return luaL_error(L, "report is read-only: cannot assign '%s'", k ? k : "?");
}

int nse_reports_pinned;

void nse_push_report(lua_State *L, const ns_report *r)
{
	/* s1..s6, t2..t4 at 1..9 (report_index) */
	new_view(L, NSE_V_REPORT, r, 0, NS_NSECTIONS + NSM_NTABLES);
	if (!nse_reports_pinned)
		ns_report_retain((ns_report *)r);
}

void nse_expire_view(lua_State *L, int idx)
{
	((nse_view *)luaL_checkudata(L, idx, NSE_REPORT_MT))->live = 0;
}

int nse_expired(lua_State *L)
{
	return luaL_error(L, "a view of a report whose checks have ended (kept in a variable "
	                  "of the rule file?): keep values, not views");
}

const ns_report *nse_check_report(lua_State *L, int idx)
{
	return nse_view_at(L, idx, NSE_V_REPORT)->r;
}

void nse_push_section(lua_State *L, int report_idx, int s)
{
	nse_view *p = lua_touserdata(L, report_idx);
	nse_view *v = new_view(L, NSE_V_SECTION, p->r, report_idx, 0);
	v->t = s;
}

void nse_push_table(lua_State *L, int report_idx, int t)
{
	nse_view *p = lua_touserdata(L, report_idx);
	/* its rows (ltable.c) */
	nse_view *v = new_view(L, NSE_V_TABLE, p->r, report_idx, nsr_table_tpl(p->r, t)->nrows);
	v->t = t;
}

void nse_push_row(lua_State *L, int table_idx, int row)
{
	nse_view *p = lua_touserdata(L, table_idx);
	/* its cells (ltable.c) */
	nse_view *v = new_view(L, NSE_V_ROW, p->r, table_idx, nsr_table_tpl(p->r, p->t)->ncols);
	v->t = p->t;
	v->row = row;
}

void nse_push_cell(lua_State *L, int row_idx, int col)
{
	nse_view *p = lua_touserdata(L, row_idx);
	nse_view *v = new_view(L, NSE_V_CELL, p->r, row_idx, 0);
	v->t = p->t;
	v->row = p->row;
	v->col = col;
}

/* ---- records (engine.h) ---------------------------------------------- */

/* __index of a record: upvalue 1 the field names (light userdata), 2 what */
static int record_index(lua_State *L)
{
	if (lua_type(L, 2) != LUA_TSTRING)
		return 0; /* t[1], ipairs(t): no field of a record */
	const char *k = lua_tostring(L, 2);
	const char *const *fields = lua_touserdata(L, lua_upvalueindex(1));
	for (int i = 0; fields[i]; i++)
		if (strcmp(k, fields[i]) == 0)
			return 0; /* known, and absent from this one */
	return nse_no_field(L, lua_tostring(L, lua_upvalueindex(2)), k, fields, -1);
}

void nse_push_record_mt(lua_State *L, const char *what, const char *const *fields)
{
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, what) == LUA_TTABLE)
		return;
	lua_pop(L, 1);
	lua_createtable(L, 0, 2);
	lua_pushlightuserdata(L, (void *)fields);
	lua_pushstring(L, what);
	lua_pushcclosure(L, record_index, 2);
	lua_setfield(L, -2, "__index");
	/* not the sandbox's lock: a record a module keeps is still shown
	 * read-only to other checks (nse_push_readonly wraps it) */
	lua_pushliteral(L, "a record of the nianshen engine");
	lua_setfield(L, -2, "__metatable");
	lua_pushvalue(L, -1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, what);
}

void nse_set_record(lua_State *L, int idx, const char *what, const char *const *fields)
{
	idx = lua_absindex(L, idx);
	nse_push_record_mt(L, what, fields);
	lua_setmetatable(L, idx);
}

static const char *const at_fields[] = {"text", "line", "col", "page", NULL};
static const char *const diag_fields[] = {"severity", "code", "message", "where", "line",
	"col", "page", NULL};

static void push_str(lua_State *L, const char *s)
{
	if (s)
		nse_push_text(L, s);
	else
		lua_pushnil(L);
}

/* {text, line, col, page}: evidence for a fact of the front matter, or nil
 * when the document does not place it. */
static void push_at(lua_State *L, const char *what, const char *text, ns_pos p)
{
	if (!text || !p.line) {
		lua_pushnil(L);
		return;
	}
	lua_createtable(L, 0, 4);
	nse_push_text(L, text);
	lua_setfield(L, -2, "text");
	lua_pushinteger(L, p.line);
	lua_setfield(L, -2, "line");
	lua_pushinteger(L, p.col);
	lua_setfield(L, -2, "col");
	lua_pushinteger(L, p.page);
	lua_setfield(L, -2, "page");
	nse_set_record(L, -1, what, at_fields);
}

/* r.diagnostics.severity (for r.diagnostics[i].severity) read nil,
 * silently: the list raises on a name, saying it is a list. */
static int diag_list_index(lua_State *L)
{
	if (lua_type(L, 2) != LUA_TSTRING)
		return 0; /* past the end: nil, as ipairs reads it */
	int n = 0;
	while (diag_fields[n])
		n++;
	return nse_no_field(L, "r.diagnostics is a list, read by index (r.diagnostics[i].code) or "
	                    "ipairs; it has no field", lua_tostring(L, 2), diag_fields, n);
}

static int push_diagnostics(lua_State *L, const ns_report *r)
{
	/* a fresh copy on every read (up to NSR_MAX_DIAGS): charged */
	nse_charge(L, (lua_Unsigned)r->ndiag * (NSE_STEPS_TABLE + 7 * NSE_STEPS_FIELD) + 1);
	lua_createtable(L, r->ndiag, 0);
	if (luaL_newmetatable(L, "nianshen.diagnostics")) {
		lua_pushcfunction(L, diag_list_index);
		lua_setfield(L, -2, "__index");
		lua_pushliteral(L, "a record of the nianshen engine");
		lua_setfield(L, -2, "__metatable");
	}
	lua_setmetatable(L, -2);
	nse_push_record_mt(L, "diagnostic has no field", diag_fields);
	for (int i = 0; i < r->ndiag; i++) {
		const ns_diag *d = &r->diags[i];
		lua_createtable(L, 0, 7);
		lua_pushstring(L, ns_severity_name(d->severity));
		lua_setfield(L, -2, "severity");
		push_str(L, d->code);
		lua_setfield(L, -2, "code");
		push_str(L, d->message);
		lua_setfield(L, -2, "message");
		push_str(L, d->where);
		lua_setfield(L, -2, "where");
		lua_pushinteger(L, d->pos.line);
		lua_setfield(L, -2, "line");
		lua_pushinteger(L, d->pos.col);
		lua_setfield(L, -2, "col");
		lua_pushinteger(L, d->pos.page);
		lua_setfield(L, -2, "page");
		lua_pushvalue(L, -2);
		lua_setmetatable(L, -2);
		lua_rawseti(L, -3, i + 1);
	}
	lua_pop(L, 1);
	return 1;
}

/* iterator over sections or tables: upvalue 1 the report view, 2 kind */
static int iter_children(lua_State *L)
{
	lua_Integer i = luaL_optinteger(L, 2, 0); /* any integer a caller passes */
	int tables = lua_toboolean(L, lua_upvalueindex(2));
	if (i < 0 || i >= (tables ? NSM_NTABLES : NS_NSECTIONS))
		return 0;
	i++;
	char key[4];
	snprintf(key, sizeof key, "%c%d", tables ? 't' : 's', (int)(tables ? i + 1 : i));
	lua_pushinteger(L, i);
	lua_getfield(L, lua_upvalueindex(1), key);
	return 2;
}

static int report_children(lua_State *L, int tables)
{
	nse_view_arg(L, 1, NSE_REPORT_MT);
	lua_pushvalue(L, 1);
	lua_pushboolean(L, tables);
	lua_pushcclosure(L, iter_children, 2);
	lua_pushnil(L);
	lua_pushinteger(L, 0);
	return 3;
}

static int report_sections(lua_State *L) { return report_children(L, 0); }
static int report_tables(lua_State *L) { return report_children(L, 1); }

/* The fields a report has, for the "did you mean" of a misspelt one and
 * for pairs(r) (the data, s1..s6 and t2..t4; not the methods). */
static const char *const report_fields[] = {
	"agency", "agency_type", "year", "edition", "title", "title_line", "period",
	"period_at", "published", "published_at", "path", "media_type", "encoding",
	"sha256", "diagnostics", "s1", "s2", "s3", "s4", "s5", "s6", "t2", "t3", "t4",
	"sections", "tables", NULL};
#define REPORT_DATA 24 /* the fields before the methods */

/* iterator of nse_pairs_names: upvalue 1 the names, 2 the stride, 3 their
 * count, 4 the next index; the state is the view */
static int names_iter(lua_State *L)
{
	const char *base = lua_touserdata(L, lua_upvalueindex(1));
	size_t stride = (size_t)lua_tointeger(L, lua_upvalueindex(2));
	lua_Integer n = lua_tointeger(L, lua_upvalueindex(3));
	for (lua_Integer i = lua_tointeger(L, lua_upvalueindex(4)); i < n; i++) {
		const char *name = *(const char *const *)(const void *)(base + (size_t)i * stride);
		lua_pushinteger(L, i + 1);
		lua_replace(L, lua_upvalueindex(4));
		lua_pushstring(L, name);
		if (lua_getfield(L, 1, name) != LUA_TNIL)
			return 2;
		lua_pop(L, 2);
	}
	lua_pushinteger(L, n);
	lua_replace(L, lua_upvalueindex(4));
	return 0;
}

int nse_pairs_names(lua_State *L, const void *base, size_t stride, int n)
{
	lua_pushlightuserdata(L, (void *)base);
	lua_pushinteger(L, (lua_Integer)stride);
	lua_pushinteger(L, n);
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, names_iter, 4);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

static int report_pairs(lua_State *L)
{
	nse_view_arg(L, 1, NSE_REPORT_MT);
	return nse_pairs_names(L, report_fields, sizeof *report_fields, REPORT_DATA);
}

static int report_index(lua_State *L)
{
	const nse_view *v = nse_self(L, NSE_REPORT_MT);
	const char *k = luaL_checkstring(L, 2);
	const ns_meta *m = &v->r->meta;
	/* kept by their place: s1..s6 at 1..6, t2..t4 at 7..9 */
	if (k[0] == 's' && k[1] >= '1' && k[1] <= '6' && !k[2]) {
		if (!nse_cached_i(L, 1, k[1] - '0')) {
			nse_push_section(L, 1, k[1] - '1');
			nse_cache_i(L, 1, k[1] - '0');
		}
		return 1;
	}
	if (k[0] == 't' && k[1] >= '2' && k[1] <= '4' && !k[2]) {
		if (!nse_cached_i(L, 1, NS_NSECTIONS + k[1] - '1')) {
			nse_push_table(L, 1, k[1] - '2');
			nse_cache_i(L, 1, NS_NSECTIONS + k[1] - '1');
		}
		return 1;
	}
	if (strcmp(k, "agency") == 0) push_str(L, m->agency);
	else if (strcmp(k, "agency_type") == 0) lua_pushstring(L, ns_agency_type_name(m->agency_type));
	else if (strcmp(k, "year") == 0) { if (m->year) lua_pushinteger(L, m->year); else lua_pushnil(L); }
	else if (strcmp(k, "edition") == 0) { if (m->edition) lua_pushinteger(L, m->edition); else lua_pushnil(L); }
	else if (strcmp(k, "title") == 0) push_str(L, m->title);
	else if (strcmp(k, "title_line") == 0) lua_pushinteger(L, m->title_pos.line);
	else if (strcmp(k, "period") == 0) push_str(L, m->period);
	else if (strcmp(k, "period_at") == 0) push_at(L, "period_at has no field", m->period, m->period_pos);
	else if (strcmp(k, "published_at") == 0) push_at(L, "published_at has no field", m->published, m->published_pos);
	else if (strcmp(k, "published") == 0) push_str(L, m->published);
	else if (strcmp(k, "path") == 0) push_str(L, m->path);
	else if (strcmp(k, "media_type") == 0) push_str(L, m->media_type);
	else if (strcmp(k, "encoding") == 0) push_str(L, m->encoding);
	else if (strcmp(k, "sha256") == 0) push_str(L, m->sha256);
	else if (strcmp(k, "diagnostics") == 0) {
		/* a fresh copy on every read: a plain table kept on the view would
		 * let one check edit what the next one reads */
		push_diagnostics(L, v->r);
	}
	else if (strcmp(k, "sections") == 0) lua_pushcfunction(L, report_sections);
	else if (strcmp(k, "tables") == 0) lua_pushcfunction(L, report_tables);
	else return nse_no_field(L, "report has no field", k, report_fields, -1);
	return 1;
}

const char *const nse_evidence_fields[] = {"text", "line", "col", "page", "section", "start",
	"stop", NULL};

/* Is the table at t one of the engine's records (a diagnostic, an entry
 * of text.sentences or text.delimiters, a column of t:columns(), …)?  Its
 * metatable's __index is record_index, which no rule can make. */
static int is_record(lua_State *L, int t)
{
	if (!lua_getmetatable(L, t))
		return 0;
	lua_pushliteral(L, "__index");
	lua_rawget(L, -2);
	int yes = lua_tocfunction(L, -1) == record_index;
	lua_pop(L, 2);
	return yes;
}

/* Evidence that is a table (a match, or a rule's own { text =, line =,
 * col =, page =, section = }): where it says it stands is checked (the
 * results print it as an int), and text and section are strings.  A module's table comes as a read-only view of
 * it: its own fields are read, raw. */
static void check_place(lua_State *L, int idx, const char *form, int n)
{
	int top = lua_gettop(L);
	nse_push_target(L, idx);
	int t = lua_gettop(L);
	static const char *const pos[] = {"line", "col", "page"};
	for (int k = 0; k < 3; k++) {
		lua_pushstring(L, pos[k]);
		int ty = lua_rawget(L, t);
		if (ty == LUA_TNIL) {
			lua_pop(L, 1);
			continue;
		}
		lua_Integer v = 0;
		int min = 0; /* 0: not known (the engine's own); page 0: not paged */
		int ok = ty == LUA_TNUMBER && lua_isinteger(L, -1)
		         ? (v = lua_tointeger(L, -1), 1)
		         : ty == LUA_TNUMBER && lua_numbertointeger(lua_tonumber(L, -1), &v) &&
		           (double)v == lua_tonumber(L, -1);
		if (!ok || v < min || v > INT_MAX)
			luaL_error(L, "%s: evidence #%d: %s must be an integer from %d to %d (got %s)",
			           form, n, pos[k], min, INT_MAX,
			           ty == LUA_TNUMBER ? luaL_tolstring(L, -1, NULL)
			                             : lua_pushfstring(L, "a %s", luaL_typename(L, -1)));
		lua_pop(L, 1);
	}
	static const char *const strs[] = {"text", "section"};
	for (int k = 0; k < 2; k++) {
		lua_pushstring(L, strs[k]);
		int ty = lua_rawget(L, t);
		if (ty != LUA_TNIL && ty != LUA_TSTRING)
			luaL_error(L, "%s: evidence #%d: %s must be a string (got a %s)", form, n,
			           strs[k], luaL_typename(L, -1));
		/* section names where the words stand, as a match's does: the
		 * results print it as an id (docs/results.md), the HTML quotes the
		 * words around it from that section; anything else ("五", bytes
		 * that are not UTF-8) would go into them as it is */
		size_t sl;
		const char *sv = k == 1 && ty == LUA_TSTRING ? lua_tolstring(L, -1, &sl) : NULL;
		if (sv && !(sl == 2 && sv[0] == 's' && sv[1] >= '1' && sv[1] <= '6'))
			luaL_error(L, "%s: evidence #%d: section must be the id of a section, s1 to s6 "
			           "(s.id; got '%s')", form, n,
			           lua_pushfstring(L, "%s%s", lua_pushlstring(L, sv, sl < 40 ? sl : 40),
			                           sl > 40 ? "…" : ""));
		lua_pop(L, 1);
	}
	/* { text = } without a line, { line = } without text: accepted, as
	 * documented (docs/rules.md §1): shown without a place, or without
	 * words.  A key of another name is a misspelt one ({ txt =, lin = }
	 * showed nothing; { text =, line =, colum = } no column), which was
	 * taken without a word.  {} stays what it was, a piece without words
	 * or place: no typo to tell. */
	int shows = 0;
	static const char *const shown[] = {"text", "line", "section"};
	for (int k = 0; k < 3; k++) {
		lua_pushstring(L, shown[k]);
		shows |= lua_rawget(L, t) != LUA_TNIL;
		lua_pop(L, 1);
	}
	const char *const *known = nse_evidence_fields;
	const char *odd = NULL; /* the first unknown key by name: the same in every run */
	int positional = 0;
	/* the engine's own records (r.diagnostics[i], text.sentences(s)[i]:
	 * raw, code, …) are no rule's typo: shown by the fields above, as
	 * before */
	if (!is_record(L, t))
		for (lua_pushnil(L); lua_next(L, t); lua_pop(L, 1)) {
			if (lua_type(L, -2) != LUA_TSTRING) {
				positional = 1; /* { m.text, line = m.line }: its text was dropped */
				continue;
			}
			const char *k = lua_tostring(L, -2);
			int is_known = 0;
			for (int j = 0; known[j]; j++)
				is_known |= strcmp(k, known[j]) == 0;
			if (!is_known && (!odd || strcmp(k, odd) < 0))
				odd = k; /* a key of t: alive while t is */
		}
	if (positional)
		luaL_error(L, "%s: evidence #%d has an entry without a name: its fields are named "
		           "({ text = …, line = … })", form, n);
	if (odd) {
		nse_push_hint(L, odd, known, -1);
		if (!shows)
			luaL_error(L, "%s: evidence #%d has no text, line or section: it would show "
			           "nothing (unknown key '%s'? %s)", form, n, odd, lua_tostring(L, -1));
		luaL_error(L, "%s: evidence #%d: unknown key '%s' %s", form, n, odd,
		           lua_tostring(L, -1));
	}
	lua_settop(L, top);
}

/* f:fail(message, evidence...), f:pass([message, evidence...]),
 * f:na(message, evidence...): a number for the message, or a string for
 * evidence, was recorded as a note and looked like a finding; what
 * evidence can be is said in the error. */
int nse_check_finding(lua_State *L, const char *status)
{
	const char *form = strcmp(status, "pass") == 0 ? "f:pass([message, evidence...])"
	                 : strcmp(status, "na") == 0 ? "f:na(message, evidence...)"
	                 : strcmp(status, "missing") == 0 ? "f:missing(message, evidence...)"
	                 : "f:fail(message, evidence...)";
	int top = lua_gettop(L);
	if (top < 2 ? strcmp(status, "pass") != 0 : lua_type(L, 2) != LUA_TSTRING)
		return luaL_error(L, "%s: message must be a string (got %s)", form,
		                  top < 2 ? "nothing" : luaL_typename(L, 2));
	/* a failure or a not-assessable that says nothing ("", or spaces: a
	 * string.format of an empty template, a message variable never set)
	 * would be a row of the results with no words: the rule's mistake, at
	 * its line.  A pass may say nothing (f:pass()), so "" is its none. */
	if (top >= 2 && strcmp(status, "pass") != 0) {
		size_t n;
		const char *m = lua_tolstring(L, 2, &n);
		size_t i = 0;
		while (i < n) {
			if (strchr(" \t\n\r\v\f", m[i]) && m[i])
				i++;
			else if (n - i >= 3 && memcmp(m + i, "\xE3\x80\x80", 3) == 0) /* U+3000 */
				i += 3;
			else
				break;
		}
		if (i == n)
			return luaL_error(L, "%s: message is %s: a finding says what it found (the "
			                  "results show nothing else of it)", form,
			                  n ? "only white space" : "empty");
	}
	static const char *const views[] = {NSE_CELL_MT, NSE_ROW_MT, NSE_TABLE_MT,
		NSE_SECTION_MT, NSE_NUMBER_MT};
	for (int i = 3; i <= top; i++) {
		int ok = lua_type(L, i) == LUA_TTABLE; /* a match, {text=, line=, …} */
		if (ok) {
			check_place(L, i, form, i - 2);
			continue;
		}
		for (int k = 0; k < 5 && !ok; k++) {
			void *u = luaL_testudata(L, i, views[k]);
			ok = u != NULL;
			/* a cell, row, table, section or number a rule file kept from
			 * a report whose checks have ended raises here as when read:
			 * recorded, its evidence (evidence_json in run.c reads the
			 * view without asking) put that report's cell, value, place
			 * and path in this report's results */
			if (u && k < 4)
				nse_live(L, u);
			else if (u)
				nse_number_live(L, u);
		}
		if (!ok)
			return luaL_error(L, "%s: evidence #%d is %s; give a cell, row, table, "
			                  "section, number or match (a note belongs in the message)",
			                  form, i - 2, luaL_testudata(L, i, NSE_REPORT_MT) ? "the report"
			                  : lua_isnil(L, i) ? "nil (a cell or section that does not exist?)"
			                  : lua_pushfstring(L, "a %s", luaL_typename(L, i)));
	}
	return 0;
}

static int report_gc(lua_State *L)
{
	/* an expired view too: its reference goes (nse_view_arg would raise,
	 * and Lua swallows a finalizer's error, the report kept for ever) */
	nse_view *v = luaL_checkudata(L, 1, NSE_REPORT_MT);
	if (!nse_reports_pinned)
		ns_report_release((ns_report *)v->r);
	v->r = NULL;
	return 0;
}

static int report_tostring(lua_State *L)
{
	const nse_view *v = nse_view_arg(L, 1, NSE_REPORT_MT);
	lua_pushfstring(L, "report: %s %d", v->r->meta.agency ? v->r->meta.agency : "?",
	                v->r->meta.year);
	return 1;
}

void nse_open_views(lua_State *L)
{
	static const luaL_Reg meta[] = {
		{"__index", report_index},
		{"__newindex", nse_readonly},
		{"__gc", report_gc},
		{"__tostring", report_tostring},
		{"__pairs", report_pairs},
		{NULL, NULL}};
	nse_new_metatable(L, NSE_REPORT_MT, meta);
	nse_open_section(L);
	nse_open_table(L);
	nse_open_cell(L);
	nse_open_number(L);
}
