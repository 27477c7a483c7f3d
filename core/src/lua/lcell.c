/* lcell.c — nianshen.cell: one cell with its value, raw text and place. */
#include "engine.h"

#include <math.h>
#include <string.h>

/* A number as rules see it: an integer when it is one (21, not 21.0) and
 * fits Lua's integers. */
void nse_push_value(lua_State *L, double v)
{
	if (v == floor(v) && v >= -0x1p63 && v < 0x1p63)
		lua_pushinteger(L, (lua_Integer)v);
	else
		lua_pushnumber(L, v);
}

static const char *const cell_fields[] = {"value", "raw", "blank", "inferred",
	"line", "col", "page", "table", "row", "column", "label", NULL};

static int cell_pairs(lua_State *L)
{
	nse_view_arg(L, 1, NSE_CELL_MT);
	return nse_pairs_names(L, cell_fields, sizeof *cell_fields,
	                       (int)(sizeof cell_fields / sizeof *cell_fields) - 1);
}

static int cell_index(lua_State *L)
{
	const nse_view *v = nse_self(L, NSE_CELL_MT);
	const char *k = luaL_checkstring(L, 2);
	const ns_table_data *td = &v->r->tables[v->t];
	const nsm_table *tpl = td->tpl;
	const ns_cell *c = &td->cells[v->row * tpl->ncols + v->col];
	if (strcmp(k, "value") == 0) {
		if (c->has_value)
			nse_push_value(L, c->value);
		else
			lua_pushnil(L);
	}
	else if (strcmp(k, "raw") == 0) { if (c->raw) nse_push_text(L, c->raw); else lua_pushnil(L); }
	else if (strcmp(k, "blank") == 0) lua_pushboolean(L, !c->has_value && c->raw != NULL);
	else if (strcmp(k, "inferred") == 0) lua_pushboolean(L, c->inferred);
	else if (strcmp(k, "line") == 0) lua_pushinteger(L, c->pos.line);
	else if (strcmp(k, "col") == 0) lua_pushinteger(L, c->pos.col);
	else if (strcmp(k, "page") == 0) lua_pushinteger(L, c->pos.page);
	else if (strcmp(k, "table") == 0) lua_pushstring(L, tpl->id);
	else if (strcmp(k, "row") == 0) lua_pushstring(L, tpl->rows[v->row].id);
	else if (strcmp(k, "column") == 0) lua_pushstring(L, tpl->cols[v->col].id);
	else if (strcmp(k, "label") == 0)
		lua_pushfstring(L, "%s.%s.%s", tpl->id, tpl->rows[v->row].id, tpl->cols[v->col].id);
	else return nse_no_field(L, "cell has no field", k, cell_fields, -1);
	return 1;
}

static int cell_tostring(lua_State *L)
{
	const nse_view *v = nse_view_arg(L, 1, NSE_CELL_MT);
	const nsm_table *tpl = v->r->tables[v->t].tpl;
	lua_pushfstring(L, "cell %s.%s.%s", tpl->id, tpl->rows[v->row].id, tpl->cols[v->col].id);
	return 1;
}

void nse_open_cell(lua_State *L)
{
	static const luaL_Reg meta[] = {{"__index", cell_index},
		{"__newindex", nse_readonly}, {"__tostring", cell_tostring},
		{"__pairs", cell_pairs}, {NULL, NULL}};
	nse_new_metatable(L, NSE_CELL_MT, meta);
}
