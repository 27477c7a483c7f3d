/* ltable.c — nianshen.table and nianshen.row: t2/t3/t4 by canonical ids. */
#include "engine.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static const nsm_table *tpl_of(const nse_view *v)
{
	return nsr_table_tpl(v->r, v->t);
}

/* ---- names by their bytes --------------------------------------------
 *
 * What a name a rule reads of a table or a row is, in each table and
 * edition: a row or column of this edition, of either, or a field; found
 * by its bytes in a table made once per process.  The ids were looked for
 * by strcmp along the template's rows and columns at every read and in
 * t:sum for every id of its lists, and a C string made into a Lua string
 * again for every cache lookup.  A name not in it (a misspelt one, one with
 * a NUL, a number) takes the way of strcmp, and its error, as before. */
#define N_ROW 0xffu            /* its row's index + 1 in this edition */
#define N_COL_SHIFT 8          /* its column's index + 1, bits 8..15 */
#define N_ROW_ANY (1u << 16)   /* a row id of the table in either edition */
#define N_COL_ANY (1u << 17)   /* a column id of it in either edition */
#define N_TFIELD_SHIFT 20      /* index + 1 in table_fields, bits 20..23 */
#define N_RFIELD_SHIFT 24      /* index + 1 in row_fields, bits 24..27 */
#define N_COL(c) ((int)(((c) >> N_COL_SHIFT) & 0xffu) - 1)
#define N_TFIELD(c) ((int)(((c) >> N_TFIELD_SHIFT) & 0xfu) - 1)
#define N_RFIELD(c) ((int)(((c) >> N_RFIELD_SHIFT) & 0xfu) - 1)

#define NAME_SLOTS 512 /* a power of two, well above the names */
typedef struct name_slot {
	const char *s;       /* NULL: free */
	size_t len;
	unsigned code[2 * NSM_NTABLES]; /* [t * 2 + e - 1] (tpl_key) */
} name_slot;
static name_slot name_slots[NAME_SLOTS];
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static unsigned name_hash(const char *s, size_t len)
{
	unsigned h = (unsigned)len * 2654435761u ^ (unsigned char)s[0] * 40503u ^
	             (unsigned char)s[len - 1] * 65599u ^ (unsigned char)s[len / 2] * 31u;
	return (h ^ h >> 15) & (NAME_SLOTS - 1);
}

/* The slot of name s[0..len), or NULL. */
static const name_slot *name_find(const char *s, size_t len)
{
	if (!len)
		return NULL;
	for (unsigned h = name_hash(s, len);; h = (h + 1) & (NAME_SLOTS - 1)) {
		const name_slot *e = &name_slots[h];
		if (!e->s)
			return NULL;
		if (e->len == len && memcmp(e->s, s, len) == 0)
			return e;
	}
}

/* Which of the template's own layouts tpl is: t * 2 + 1 for 2021's,
 * t * 2 + 2 for 2019's; 0 for any other (no names: the way of strcmp). */
static int tpl_key(int t, const nsm_table *tpl)
{
	return tpl == nsm_table_get(t, NS_EDITION_2021) ? t * 2 + 1
	     : tpl == nsm_table_get(t, NS_EDITION_2019) ? t * 2 + 2 : 0;
}

/* The code of the value at idx, a string, in layout `key` (tpl_key; not
 * 0): 0 for a name that is none of the table's. */
static unsigned name_code(lua_State *L, int key, int idx)
{
	size_t len;
	const char *s = lua_tolstring(L, idx, &len);
	const name_slot *e = name_find(s, len);
	return e ? e->code[key - 1] : 0;
}
/* Make, push and keep (by its place) the view of row `row` of the table
 * view at idx (the caller found none kept); nil when the table has no
 * cells. */
static void make_row(lua_State *L, int idx, int row)
{
	const nse_view *v = lua_touserdata(L, idx);
	if (!v->r->tables[v->t].cells) {
		lua_pushnil(L);
		return;
	}
	nse_push_row(L, idx, row);
	nse_cache_i(L, idx, row + 1);
}

/* for _, row in t:rows() — template order */
static int rows_iter(lua_State *L)
{
	const nse_view *v = nse_live(L, lua_touserdata(L, lua_upvalueindex(1)));
	/* the control value comes from the caller: a rule may call the
	 * iterator by hand with any integer, so it is checked before use */
	lua_Integer i = luaL_optinteger(L, 2, 0);
	const nsm_table *tpl = tpl_of(v);
	if (i < 0 || i >= tpl->nrows)
		return 0;
	i++;
	lua_pushinteger(L, i);
	/* the view t.received gives, without looking its id up among t's fields */
	if (!nse_cached_i(L, lua_upvalueindex(1), i))
		make_row(L, lua_upvalueindex(1), (int)i - 1);
	return 2;
}

static int table_rows(lua_State *L)
{
	nse_view_at(L, 1, NSE_V_TABLE);
	lua_pushvalue(L, 1);
	lua_pushcclosure(L, rows_iter, 1);
	lua_pushnil(L);
	lua_pushinteger(L, 0);
	return 3;
}

static const char *const column_fields[] = {"id", "label", NULL};

static int table_columns(lua_State *L)
{
	const nse_view *v = nse_view_at(L, 1, NSE_V_TABLE);
	const nsm_table *tpl = tpl_of(v);
	nse_charge(L, (lua_Unsigned)tpl->ncols * (NSE_STEPS_TABLE + 2 * NSE_STEPS_FIELD) + 1);
	lua_createtable(L, tpl->ncols, 0);
	nse_push_record_mt(L, "column has no field", column_fields);
	for (int j = 0; j < tpl->ncols; j++) {
		lua_createtable(L, 0, 2);
		lua_pushstring(L, tpl->cols[j].id);
		lua_setfield(L, -2, "id");
		lua_pushstring(L, tpl->cols[j].label);
		lua_setfield(L, -2, "label");
		lua_pushvalue(L, -2);
		lua_setmetatable(L, -2);
		lua_rawseti(L, -3, j + 1);
	}
	lua_pop(L, 1);
	return 1;
}

static int template_id(int t, const char *k, int cols);
static int no_id(lua_State *L, int t, const char *k, int cols, const char *what,
                 const char *const *fields, int nfields);

/* grid[row] and grid[row][col] of an id in neither edition: the rule's
 * mistake, raised as t.recieved is (a cell of the other edition, or one
 * the template does not have, reads nil).  Upvalues: the table, cols,
 * raws (the method named in the message: t:raws()'s mistakes were said
 * to be t:values()'s). */
static int grid_index(lua_State *L)
{
	int t = (int)lua_tointeger(L, lua_upvalueindex(1));
	int cols = lua_toboolean(L, lua_upvalueindex(2));
	int raws = lua_toboolean(L, lua_upvalueindex(3));
	const char *k = lua_tostring(L, 2);
	if (lua_type(L, 2) != LUA_TSTRING || template_id(t, k, cols))
		return 0;
	char what[48];
	snprintf(what, sizeof what, "%s:%s() has no %s", nsm_table_get(t, NS_EDITION_2021)->id,
	         raws ? "raws" : "values", cols ? "column" : "row");
	return no_id(L, t, k, cols, what, NULL, 0);
}

/* The metatable of t:values()'s or t:raws()'s rows (cols 0) or cells
 * (cols 1), made once per state, pushed. */
static void push_grid_mt(lua_State *L, int t, int cols, int raws)
{
	char key[48];
	snprintf(key, sizeof key, "nianshen.grid.%d.%d.%d", t, cols, raws);
	if (luaL_newmetatable(L, key)) {
		lua_pushinteger(L, t);
		lua_pushboolean(L, cols);
		lua_pushboolean(L, raws);
		lua_pushcclosure(L, grid_index, 3);
		lua_setfield(L, -2, "__index");
		/* one metatable for every grid of the state, every author's and
		 * every report's: behind __metatable, as the records' are, or a
		 * check that set __pairs on it emptied every pairs() over a grid
		 * after it (std's complete.blank_cells passed blank cells) */
		lua_pushliteral(L, "a record of the nianshen engine");
		lua_setfield(L, -2, "__metatable");
		/* but each grid is the rule's own fresh copy: setmetatable may
		 * give it another (sandbox.c, sb_setmetatable) */
		lua_pushboolean(L, 1);
		lua_setfield(L, -2, NSE_FRESH_MT);
	}
}

/* t:values() / t:raws(): the whole table as plain Lua tables, fresh on
 * every call, for rules that read every cell: grid[row_id][col_id] is the
 * value (or the raw text), false where the template has the cell but it
 * holds none; a cell the template does not have is nil. */
static int table_grid(lua_State *L, int raws)
{
	const nse_view *v = nse_view_at(L, 1, NSE_V_TABLE);
	const ns_table_data *td = &v->r->tables[v->t];
	const nsm_table *tpl = tpl_of(v);
	/* a fresh grid on every call: a table a row, a field a cell */
	nse_charge(L, (lua_Unsigned)tpl->nrows * (NSE_STEPS_TABLE + (lua_Unsigned)tpl->ncols *
	                                          NSE_STEPS_FIELD) + 1);
	lua_createtable(L, 0, tpl->nrows);
	push_grid_mt(L, v->t, 0, raws);
	lua_setmetatable(L, -2);
	if (!td->cells)
		return 1;
	int grid = lua_gettop(L);
	luaL_checkstack(L, tpl->ncols + 5, "t:values");
	for (int j = 0; j < tpl->ncols; j++) /* the column ids, made once */
		lua_pushstring(L, tpl->cols[j].id);
	push_grid_mt(L, v->t, 1, raws);
	int row_mt = lua_gettop(L);
	for (int i = 0; i < tpl->nrows; i++) {
		lua_createtable(L, 0, 4);
		lua_pushvalue(L, row_mt);
		lua_setmetatable(L, -2);
		for (int j = 0; j < tpl->ncols; j++) {
			if (!nsm_has_cell(tpl, i, j))
				continue;
			const ns_cell *c = &td->cells[i * tpl->ncols + j];
			lua_pushvalue(L, grid + 1 + j);
			if (raws && c->raw)
				nse_push_text(L, c->raw);
			else if (!raws && c->has_value)
				nse_push_value(L, c->value);
			else
				lua_pushboolean(L, 0);
			lua_rawset(L, -3);
		}
		lua_setfield(L, grid, tpl->rows[i].id);
	}
	lua_settop(L, grid);
	return 1;
}

static int table_values(lua_State *L) { return table_grid(L, 0); }

/* The id on top of the stack, item i of the list `what`: its string, or
 * NULL for one that cannot be an id the template has (an embedded NUL);
 * anything but a string or a number is the rule's mistake. */
static const char *id_at(lua_State *L, const char *what, lua_Integer i)
{
	int t = lua_type(L, -1);
	if (t != LUA_TSTRING)
		luaL_error(L, "t:sum: %s[%I] is a %s, not a row or column id", what, i,
		           luaL_typename(L, -1));
	size_t len;
	const char *s = lua_tolstring(L, -1, &len);
	return strlen(s) == len ? s : NULL;
}

/* t:sum(row_ids, col_ids): the sum of the values of the cells row × col,
 * added in that order as Lua would (integers while every value is one);
 * or nil and the list of "row.col" that hold no value (blank, unread, or a
 * cell the table or its edition does not have), in that order.  What
 * U.total did over t:values() in Lua, where the arithmetic checks spent
 * most of their time.  The lists are read as ipairs reads them (up to the
 * first nil; views see through), and the work is charged to the check's
 * instruction budget as the Lua loop was. */
static int table_sum(lua_State *L)
{
	const nse_view *v = nse_view_at(L, 1, NSE_V_TABLE);
	luaL_checktype(L, 2, LUA_TTABLE);
	luaL_checktype(L, 3, LUA_TTABLE);
	lua_settop(L, 4); /* 4: the list of cells without a value, once one is met */
	const ns_table_data *td = &v->r->tables[v->t];
	const nsm_table *tpl = tpl_of(v);
	int key = tpl_key(v->t, tpl);
	lua_Unsigned isum = 0; /* wraps like Lua's integers */
	lua_Number fsum = 0;
	int is_float = 0;
	lua_Integer missing = 0;
	/* each row and cell read a step, charged 64 at a time: a list whose
	 * __index never ends is stopped by the budget, whatever ids it gives */
	lua_Unsigned steps = 0;
	/* The columns as the first row read them, for the rows after it: when
	 * neither list has a metatable no code runs while t:sum does, and the
	 * list reads the same for every row (ncols -1: read it each time). */
	int cols[16], ncols = -1, plain = 1;
	for (int a = 2; a <= 3; a++)
		if (lua_getmetatable(L, a)) {
			lua_pop(L, 1);
			plain = 0;
		}
	for (lua_Integer i = 1; lua_geti(L, 2, i) != LUA_TNIL; i++) {
		if ((++steps & 63) == 0)
			nse_charge(L, 64);
		unsigned code = key && lua_type(L, -1) == LUA_TSTRING ? name_code(L, key, -1) : 0;
		int row;
		if (code & (N_ROW | N_ROW_ANY)) {
			row = (int)(code & N_ROW) - 1; /* -1: a row of the other edition */
		} else { /* not an id (a misspelt one raises), or not a string */
			const char *rid = id_at(L, "row_ids", i);
			row = rid ? nsm_row_index(tpl, rid) : -1;
			if (row < 0 && rid && !template_id(v->t, rid, 0))
				return no_id(L, v->t, rid, 0, "t:sum: no row", NULL, 0);
		}
		if (!td->cells)
			row = -1;
		int known = ncols >= 0, nread = 0;
		for (lua_Integer j = 1; known ? j <= ncols : lua_geti(L, 3, j) != LUA_TNIL; j++) {
			if ((++steps & 63) == 0)
				nse_charge(L, 64);
			int col;
			if (known) {
				col = cols[j - 1];
			} else {
				code = key && lua_type(L, -1) == LUA_TSTRING ? name_code(L, key, -1) : 0;
				if (code & ((N_ROW << N_COL_SHIFT) | N_COL_ANY)) {
					col = N_COL(code);
				} else {
					const char *cid = id_at(L, "col_ids", j);
					col = cid ? nsm_col_index(tpl, cid) : -1;
					if (col < 0 && cid && !template_id(v->t, cid, 1))
						return no_id(L, v->t, cid, 1, "t:sum: no column", NULL, 0);
				}
				if (j <= 16)
					cols[j - 1] = col;
				else
					plain = 0; /* more than kept */
				nread = (int)j;
			}
			if (row < 0)
				col = -1;
			const ns_cell *c = col >= 0 && nsm_has_cell(tpl, row, col)
			                 ? &td->cells[row * tpl->ncols + col] : NULL;
			if (c && c->has_value) {
				if (!missing) {
					/* the value as nse_push_value gives it to Lua: an
					 * integer when it is one and fits */
					double d = c->value;
					int is_int = d >= -0x1p63 && d < 0x1p63 && (double)(lua_Integer)d == d;
					if (is_int && !is_float)
						isum += (lua_Unsigned)(lua_Integer)d;
					else {
						if (!is_float)
							fsum = (lua_Number)(lua_Integer)isum;
						is_float = 1;
						fsum += is_int ? (lua_Number)(lua_Integer)d : d;
					}
				}
			} else {
				if (!missing++) {
					lua_createtable(L, 4, 0);
					lua_replace(L, 4);
				}
				if (known) /* the id, on top as when read */
					lua_rawgeti(L, 3, j);
				/* "row.col" as Lua's .. makes it (numbers, NULs and all) */
				lua_pushvalue(L, -2);
				lua_pushliteral(L, ".");
				lua_pushvalue(L, -3);
				lua_concat(L, 3);
				lua_rawseti(L, 4, missing);
				if (known)
					lua_pop(L, 1);
			}
			if (!known)
				lua_pop(L, 1);
		}
		if (!known) {
			lua_pop(L, 1); /* the nil that ended the columns */
			if (plain)
				ncols = nread;
		}
		lua_pop(L, 1); /* the row id */
	}
	nse_charge(L, (steps & 63) + 1);
	if (missing) {
		lua_pushnil(L);
		lua_pushvalue(L, 4);
		return 2;
	}
	if (is_float)
		lua_pushnumber(L, fsum);
	else
		lua_pushinteger(L, (lua_Integer)isum);
	return 1;
}
static int table_raws(lua_State *L) { return table_grid(L, 1); }

/* ---- misspelt ids ------------------------------------------------------
 *
 * A row or column id that is in neither edition of the template is a
 * mistake of the rule (t3.recieved would read nil and pass silently); an
 * id of the other edition, or a row the report does not have, reads nil as
 * before: that is the report's business, not the rule's. */
static const char *const table_fields[] = {"id", "found", "edition", "nrows", "ncols",
	"title", "rows", "columns", "values", "raws", "sum"};
static const char *const row_fields[] = {"id", "label", "no", "table", "cells"};
#define NFIELDS(a) ((int)(sizeof a / sizeof *a))

/* name's code in layout key |= bits (make_names) */
static void add_name(const char *name, int key, unsigned bits)
{
	size_t len = strlen(name);
	unsigned h = name_hash(name, len);
	while (name_slots[h].s && !(name_slots[h].len == len && memcmp(name_slots[h].s, name, len) == 0))
		h = (h + 1) & (NAME_SLOTS - 1);
	name_slots[h].s = name;
	name_slots[h].len = len;
	name_slots[h].code[key - 1] |= bits;
}

/* Every table's names in each layout: its fields first (they win over a
 * row of the same name, as in table_index), then the rows and columns of
 * both editions, each at its first place in its own. */
static void make_names(void)
{
	for (int t = 0; t < NSM_NTABLES; t++)
		for (int e = 0; e < 2; e++) {
			const nsm_table *own = nsm_table_get(t, e ? NS_EDITION_2019 : NS_EDITION_2021);
			int key = tpl_key(t, own);
			for (int i = 0; i < NFIELDS(table_fields); i++)
				add_name(table_fields[i], key, (unsigned)(i + 1) << N_TFIELD_SHIFT);
			for (int i = 0; i < NFIELDS(row_fields); i++)
				add_name(row_fields[i], key, (unsigned)(i + 1) << N_RFIELD_SHIFT);
			for (int f = 0; f < 2; f++) {
				const nsm_table *tpl = nsm_table_get(t, f ? NS_EDITION_2019 : NS_EDITION_2021);
				for (int i = 0; i < tpl->nrows; i++)
					add_name(tpl->rows[i].id, key, N_ROW_ANY |
					         (tpl == own && nsm_row_index(own, tpl->rows[i].id) == i
					          ? (unsigned)(i + 1) : 0));
				for (int j = 0; j < tpl->ncols; j++)
					add_name(tpl->cols[j].id, key, N_COL_ANY |
					         (tpl == own && nsm_col_index(own, tpl->cols[j].id) == j
					          ? (unsigned)(j + 1) << N_COL_SHIFT : 0));
			}
		}
}

/* Is k an id of a row (cols 0) or column (cols 1) of table t in an edition? */
static int template_id(int t, const char *k, int cols)
{
	const nsm_table *a = nsm_table_get(t, NS_EDITION_2021), *b = nsm_table_get(t, NS_EDITION_2019);
	return cols ? nsm_col_index(a, k) >= 0 || nsm_col_index(b, k) >= 0
	            : nsm_row_index(a, k) >= 0 || nsm_row_index(b, k) >= 0;
}

/* The row (cols 0) or column (cols 1) ids of table t in both editions,
 * each once, appended to known[n..cap); the new n. */
static int template_ids(int t, int cols, const char **known, int n, int cap)
{
	int from = n;
	for (int e = 0; e < 2; e++) {
		const nsm_table *tpl = nsm_table_get(t, e ? NS_EDITION_2019 : NS_EDITION_2021);
		for (int i = 0; i < (cols ? tpl->ncols : tpl->nrows); i++) {
			const char *id = cols ? tpl->cols[i].id : tpl->rows[i].id;
			int seen = 0;
			for (int j = from; j < n && !seen; j++)
				seen = strcmp(known[j], id) == 0;
			if (!seen && n < cap)
				known[n++] = id;
		}
	}
	return n;
}

/* Raise "t3 has no row 'recieved' (did you mean 'received'? known: …)":
 * the fields, then the ids of both editions, each once. */
static int no_id(lua_State *L, int t, const char *k, int cols, const char *what,
                 const char *const *fields, int nfields)
{
	const char *known[NFIELDS(table_fields) + 2 * 32];
	int n = 0;
	for (int i = 0; i < nfields; i++)
		known[n++] = fields[i];
	n = template_ids(t, cols, known, n, (int)(sizeof known / sizeof *known));
	return nse_no_field(L, what, k, known, n);
}

/* nianshen.h: table, row and column as ids of the template, in either
 * edition; the message of a misspelt one is the views' own, without the
 * views' fields. */
int ns_template_check(ns_ctx *ctx, const char *table, const char *row, const char *col)
{
	int t = nsm_table_index(table);
	const char *known[2 * 32];
	char hint[1024];
	if (t < 0) {
		for (int i = 0; i < NSM_NTABLES; i++)
			known[i] = nsm_table_get(i, NS_EDITION_2021)->id;
		nse_hint(hint, sizeof hint, table ? table : "", known, NSM_NTABLES);
		return nsc_fail(ctx, NS_ERR_ARG, "no table '%s' %s", table ? table : "(null)", hint);
	}
	const char *ids[2] = {row, col};
	for (int cols = 0; cols < 2; cols++) {
		if (!ids[cols] || template_id(t, ids[cols], cols))
			continue;
		int n = template_ids(t, cols, known, 0, (int)(sizeof known / sizeof *known));
		nse_hint(hint, sizeof hint, ids[cols], known, n);
		return nsc_fail(ctx, NS_ERR_ARG, "%s has no %s '%s' %s", table,
		                cols ? "column" : "row", ids[cols], hint);
	}
	return nsc_ok(ctx);
}

static int table_pairs(lua_State *L)
{
	const nse_view *v = nse_view_arg(L, 1, NSE_TABLE_MT);
	const nsm_table *tpl = tpl_of(v);
	return nse_pairs_names(L, &tpl->rows[0].id, sizeof *tpl->rows, tpl->nrows);
}

static int row_pairs(lua_State *L)
{
	const nse_view *v = nse_view_arg(L, 1, NSE_ROW_MT);
	const nsm_table *tpl = tpl_of(v);
	return nse_pairs_names(L, &tpl->cols[0].id, sizeof *tpl->cols, tpl->ncols);
}

/* The row view of row `row` of the table view at 1, kept or made; nil
 * when the table has no cells. */
static void push_row(lua_State *L, int row)
{
	if (!nse_cached_i(L, 1, row + 1))
		make_row(L, 1, row);
}

/* t.found, t:sum, …: field f of table_fields of the table view v */
static void push_table_field(lua_State *L, const nse_view *v, const nsm_table *tpl, int f)
{
	switch (f) {
	case 0: lua_pushstring(L, tpl->id); break;
	case 1: lua_pushboolean(L, v->r->tables[v->t].found); break;
	case 2: lua_pushinteger(L, tpl->edition); break;
	case 3: lua_pushinteger(L, tpl->nrows); break;
	case 4: lua_pushinteger(L, tpl->ncols); break;
	case 5: lua_pushstring(L, tpl->title); break;
	case 6: lua_pushcfunction(L, table_rows); break;
	case 7: lua_pushcfunction(L, table_columns); break;
	case 8: lua_pushcfunction(L, table_values); break;
	case 9: lua_pushcfunction(L, table_raws); break;
	default: lua_pushcfunction(L, table_sum); break;
	}
}

static int table_index(lua_State *L)
{
	const nse_view *v = nse_self(L, NSE_TABLE_MT);
	const nsm_table *tpl = tpl_of(v);
	int key = tpl_key(v->t, tpl);
	unsigned code = key && lua_type(L, 2) == LUA_TSTRING ? name_code(L, key, 2) : 0;
	if (N_TFIELD(code) >= 0)
		push_table_field(L, v, tpl, N_TFIELD(code));
	else if (code & N_ROW)
		push_row(L, (int)(code & N_ROW) - 1);
	else if (code & N_ROW_ANY)
		lua_pushnil(L); /* a row of the other edition */
	else { /* not a name of t (a NUL in it, a number): as strcmp reads it */
		const char *k = luaL_checkstring(L, 2);
		int f = 0;
		while (f < NFIELDS(table_fields) && strcmp(k, table_fields[f]) != 0)
			f++;
		int row = nsm_row_index(tpl, k);
		if (f < NFIELDS(table_fields))
			push_table_field(L, v, tpl, f);
		else if (row >= 0)
			push_row(L, row);
		else if (template_id(v->t, k, 0))
			lua_pushnil(L); /* a row of the other edition */
		else {
			char what[32];
			snprintf(what, sizeof what, "%s has no row", tpl->id);
			return no_id(L, v->t, k, 0, what, table_fields, NFIELDS(table_fields));
		}
	}
	return 1;
}

static int row_cells(lua_State *L);

/* row.id, row.label, …: field f of row_fields of the row view v */
static void push_row_field(lua_State *L, const nse_view *v, const nsm_table *tpl, int f)
{
	const nsm_row *row = &tpl->rows[v->row];
	switch (f) {
	case 0: lua_pushstring(L, row->id); break;
	case 1: lua_pushstring(L, row->label); break;
	case 2: lua_pushstring(L, row->no); break;
	case 3: lua_pushstring(L, tpl->id); break;
	default: lua_pushcfunction(L, row_cells); break;
	}
}

/* The cell view of column col of the row view v at idx, kept or made, or
 * nil for a cell the row does not have. */
static void push_cell(lua_State *L, int idx, const nse_view *v, const nsm_table *tpl, int col)
{
	if (!nsm_has_cell(tpl, v->row, col))
		lua_pushnil(L);
	else if (!nse_cached_i(L, idx, col + 1)) {
		nse_push_cell(L, idx, col);
		nse_cache_i(L, idx, col + 1);
	}
}

/* for _, cell in row:cells() — the cells this row has, in column order */
static int cells_iter(lua_State *L)
{
	const nse_view *v = nse_live(L, lua_touserdata(L, lua_upvalueindex(1)));
	const nsm_table *tpl = tpl_of(v);
	lua_Integer j = luaL_optinteger(L, 2, 0); /* checked: see rows_iter */
	if (j < 0)
		return 0;
	while (j < tpl->ncols && !nsm_has_cell(tpl, v->row, (int)j))
		j++;
	if (j >= tpl->ncols)
		return 0;
	lua_pushinteger(L, j + 1);
	push_cell(L, lua_upvalueindex(1), v, tpl, (int)j); /* row[col id] */
	return 2;
}

static int row_cells(lua_State *L)
{
	nse_view_at(L, 1, NSE_V_ROW);
	lua_pushvalue(L, 1);
	lua_pushcclosure(L, cells_iter, 1);
	lua_pushnil(L);
	lua_pushinteger(L, 0);
	return 3;
}

static int row_index(lua_State *L)
{
	const nse_view *v = nse_self(L, NSE_ROW_MT);
	const nsm_table *tpl = tpl_of(v);
	int key = tpl_key(v->t, tpl);
	unsigned code = key && lua_type(L, 2) == LUA_TSTRING ? name_code(L, key, 2) : 0;
	if (N_RFIELD(code) >= 0)
		push_row_field(L, v, tpl, N_RFIELD(code));
	else if (N_COL(code) >= 0)
		push_cell(L, 1, v, tpl, N_COL(code));
	else if (code & N_COL_ANY)
		lua_pushnil(L); /* a column of the other edition */
	else { /* not a name of a row (a NUL in it, a number): as strcmp reads it */
		const char *k = luaL_checkstring(L, 2);
		int f = 0;
		while (f < NFIELDS(row_fields) && strcmp(k, row_fields[f]) != 0)
			f++;
		int col = nsm_col_index(tpl, k);
		if (f < NFIELDS(row_fields))
			push_row_field(L, v, tpl, f);
		else if (col >= 0)
			push_cell(L, 1, v, tpl, col);
		else if (template_id(v->t, k, 1))
			lua_pushnil(L); /* a column of the other edition */
		else {
			char what[96];
			snprintf(what, sizeof what, "%s.%s has no column", tpl->id, tpl->rows[v->row].id);
			return no_id(L, v->t, k, 1, what, row_fields, NFIELDS(row_fields));
		}
	}
	return 1;
}

static int table_tostring(lua_State *L)
{
	const nse_view *v = nse_view_arg(L, 1, NSE_TABLE_MT);
	lua_pushfstring(L, "table %s", tpl_of(v)->id);
	return 1;
}

static int row_tostring(lua_State *L)
{
	const nse_view *v = nse_view_arg(L, 1, NSE_ROW_MT);
	lua_pushfstring(L, "row %s.%s", tpl_of(v)->id, tpl_of(v)->rows[v->row].id);
	return 1;
}

void nse_open_table(lua_State *L)
{
	static const luaL_Reg tmeta[] = {{"__index", table_index},
		{"__newindex", nse_readonly}, {"__tostring", table_tostring},
		{"__pairs", table_pairs}, {NULL, NULL}};
	static const luaL_Reg rmeta[] = {{"__index", row_index},
		{"__newindex", nse_readonly}, {"__tostring", row_tostring},
		{"__pairs", row_pairs}, {NULL, NULL}};
	nse_new_metatable(L, NSE_TABLE_MT, tmeta);
	nse_new_metatable(L, NSE_ROW_MT, rmeta);
	pthread_once(&names_once, make_names);
}
