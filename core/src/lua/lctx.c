/*
 * lctx.c — `ctx`, what a check sees of the rest of the district: the
 * scheme's params, the agency's reports of earlier years (ctx.previous,
 * ctx.previous2), its peers, and what the run's copy index says of its 五.
 */
#include "map/template.h"
#include "run.h"

#include <stdlib.h>
#include <string.h>

typedef struct peers_ud {
	const struct ns_run *run;
	int self;
} peers_ud;

/* The view of report i of the run as another report's `previous` or one
 * of its `peers`, made once per scoring process: what it has made
 * (sections, and the rules' memos keyed by them, such as a peer's 五 made
 * ready for comparison) is made once for all the reports that read it.
 * The report being scored gets a view of its own, so that the much more
 * that checks derive from it is collected once it is scored. */
#define REG_VIEWS "nianshen.views"

static void push_view(lua_State *L, const struct ns_run *run, int i)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, REG_VIEWS) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, REG_VIEWS);
	}
	if (lua_rawgeti(L, -1, i + 1) == LUA_TNIL) {
		lua_pop(L, 1);
		nse_push_report(L, run->items[i].r);
		lua_pushvalue(L, -1);
		lua_rawseti(L, -3, i + 1);
	}
	lua_remove(L, -2);
}

/* ctx.copies("s5"): what the run's copy index says of this report's 五
 * (docs/rules.md): peers (as #ctx.peers), indexed, count, threshold, exact,
 * capped, group, closest = { {report, similarity}, … } and, when every
 * pair was compared and none is over the threshold, best.  Answered from
 * the index in O(closest), never by reading the peers. */
static const char *const copies_fields[] = {"peers", "indexed", "count", "threshold",
	"exact", "capped", "group", "closest", "best", NULL};
static const char *const copy_hit_fields[] = {"report", "similarity", NULL};

static void push_copy_hit(lua_State *L, const struct ns_run *run, int i, double sim)
{
	lua_createtable(L, 0, 2);
	push_view(L, run, i);
	lua_setfield(L, -2, "report");
	lua_pushnumber(L, sim);
	lua_setfield(L, -2, "similarity");
	nse_set_record(L, -1, "a report of ctx.copies has no field", copy_hit_fields);
}

static int ctx_copies(lua_State *L)
{
	const peers_ud *p = lua_touserdata(L, lua_upvalueindex(1));
	const char *id = luaL_checkstring(L, 1);
	int known = 0;
	for (int i = 0; i < NS_NSECTIONS; i++)
		known |= strcmp(id, nsm_section_ids[i]) == 0;
	if (!known) /* ctx.copies("S5") read nil, as a section not indexed does */
		return nse_no_field(L, "ctx.copies: no section", id, nsm_section_ids, NS_NSECTIONS);
	/* each check that reads it declares it: one that did not worked only
	 * while another author's indicator in the scheme did, and broke when
	 * that one left the scheme */
	if (p && !(nse_state_of(L)->uses & NSE_USES_COPIES))
		return luaL_error(L, "ctx.copies: the indicator must declare "
		                  "uses = { \"copies\" } (the run builds its copy index "
		                  "only for the checks that do)");
	if (!p || !p->run->copies || strcmp(id, "s5") != 0)
		return 0; /* only 五 is indexed */
	nse_copy_answer a;
	nse_copies_query(p->run->copies, p->self, &a);
	lua_createtable(L, 0, 9);
	lua_pushinteger(L, a.peers);
	lua_setfield(L, -2, "peers");
	lua_pushboolean(L, a.indexed);
	lua_setfield(L, -2, "indexed");
	lua_pushinteger(L, a.count);
	lua_setfield(L, -2, "count");
	lua_pushnumber(L, a.threshold);
	lua_setfield(L, -2, "threshold");
	lua_pushboolean(L, a.exact);
	lua_setfield(L, -2, "exact");
	lua_pushboolean(L, a.capped);
	lua_setfield(L, -2, "capped");
	if (a.group) {
		lua_pushinteger(L, a.group);
		lua_setfield(L, -2, "group");
	}
	lua_createtable(L, a.nclosest, 0);
	for (int k = 0; k < a.nclosest; k++) {
		push_copy_hit(L, p->run, a.closest[k], a.closest_sim[k]);
		lua_rawseti(L, -2, k + 1);
	}
	lua_setfield(L, -2, "closest");
	if (a.best >= 0) {
		push_copy_hit(L, p->run, a.best, a.best_sim);
		lua_setfield(L, -2, "best");
	}
	nse_set_record(L, -1, "ctx.copies(\"s5\") has no field", copies_fields);
	return 1;
}

static int push_copies_fn(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_pushcclosure(L, ctx_copies, 1);
	return 1;
}

/* The run's copy index, built once in the supervisor before any scoring
 * process forks (they inherit it): reports by their index in the run. */
int nse_build_copies(ns_run *run, int jobs)
{
	nse_copies_free(run->copies);
	run->copies = NULL;
	if (!run->s->uses_copies)
		return NS_OK; /* no indicator of the scheme asks (ctx_copies says so) */
	const ns_report **rs = malloc(((size_t)run->n + 1) * sizeof *rs);
	if (!rs)
		return NS_ERR_NOMEM;
	for (int i = 0; i < run->n; i++)
		rs[i] = run->items[i].r;
	run->copies = nse_copies_build(rs, run->n, 4, run->s->copy_threshold,
	                               run->s->copy_exact_max, jobs);
	free(rs);
	return run->copies ? NS_OK : NS_ERR_NOMEM;
}

/* ctx is a locked, empty proxy: upvalue 1 holds params and previous (and
 * peers once asked for), upvalue 2 the run (or nil).  One context serves
 * every check of a report, so none may change what the next one sees. */
static const char *const ctx_fields[] = {"params", "previous", "previous2", "peers",
	"copies", NULL};

/* The key of ctx's peers in upvalue 1, computed once per report: a key no
 * name reaches, since what upvalue 1 holds by name is handed out as it is
 * (kept under "peers", the second read gave every check of the report the
 * one array, and a check that wrote to it changed what the next check,
 * of any rule file, read as the report's peers) */
static const char peers_key = 0;

static int ctx_index(lua_State *L)
{
	const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : NULL;
	int d = lua_upvalueindex(1);
	lua_pushvalue(L, 2);
	if (lua_rawget(L, d) != LUA_TNIL || !k)
		return 1;
	if (strcmp(k, "copies") == 0)
		return push_copies_fn(L);
	if (strcmp(k, "peers") != 0) {
		/* previous, previous2: nil when the run has no such report; a
		 * name ctx does not have is the rule's mistake */
		if (strcmp(k, "previous") == 0 || strcmp(k, "previous2") == 0)
			return 1;
		return nse_no_field(L, "ctx has no field", k, ctx_fields, -1);
	}
	lua_pop(L, 1);
	int n = 0;
	if (lua_rawgetp(L, d, &peers_key) == LUA_TTABLE) {
		n = (int)lua_rawlen(L, -1);
	} else {
		lua_pop(L, 1);
		lua_newtable(L);
		const peers_ud *p = lua_touserdata(L, lua_upvalueindex(2));
		for (int i = 0; p && i < p->run->n; i++) {
			const ns_report *me = p->run->items[p->self].r;
			const ns_report *o = p->run->items[i].r;
			/* (the run's names are made ready before any report is
			 * scored: nse_link_previous) */
			if (i == p->self || !o || o->meta.year != me->meta.year ||
			    nse_same_prepped(&p->run->names[i], &p->run->names[p->self]))
				continue;
			push_view(L, p->run, i);
			lua_rawseti(L, -2, ++n);
		}
		lua_pushvalue(L, -1);
		lua_rawsetp(L, d, &peers_key); /* computed once per report */
	}
	/* each read gets its own array of the same views: a copy, charged */
	nse_charge(L, (lua_Unsigned)n * NSE_STEPS_FIELD + 1);
	lua_createtable(L, n, 0);
	for (int i = 1; i <= n; i++) {
		lua_rawgeti(L, -2, i);
		lua_rawseti(L, -2, i);
	}
	return 1;
}

static int ctx_newindex(lua_State *L)
{
	return luaL_error(L, "the context is read-only: cannot assign '%s'",
	                  lua_tostring(L, 2) ? lua_tostring(L, 2) : "?");
}

/* Each item's previous-year report, found once per run before the scoring
 * processes fork (looking for it per report scored compared every pair of
 * a district: a fifth of the time of 10,000 reports).  Each name is made
 * ready once, and only the names the suffix index gives are compared
 * (pick_previous, in run order). */

/* Which of the names cand[0, n) (another year's, in run order) is me's
 * agency (nse_link_previous), or -1.  raw: the names as written. */
static int pick_previous(const nse_name *me, const char *me_raw, const nse_name *const *cand,
                         const char *const *raw, int n)
{
	int match[16], count = 0;
	for (int k = 0; k < n; k++) {
		if (!nse_same_prepped(cand[k], me))
			continue;
		if (strcmp(raw[k], me_raw) == 0)
			return k; /* the same name: this one */
		if (count < 16)
			match[count] = k;
		count++;
	}
	if (count <= 1)
		return count ? match[0] : -1;
	/* several: one agency under several names, or a name too vague to
	 * tell whose ("县教育局" under 青岚县教育局 and 白水县教育局): none */
	if (count > 16)
		return -1;
	for (int a = 0; a < count; a++)
		for (int b = a + 1; b < count; b++)
			if (!nse_same_prepped(cand[match[a]], cand[match[b]]))
				return -1;
	return match[0];
}

void nse_free_names(ns_run *run)
{
	nse_names_free(run->names, run->n);
	nse_suffixes_free(run->names_ix);
	run->names = NULL;
	run->names_ix = NULL;
}

int nse_link_previous(ns_run *run)
{
	free(run->previous);
	nse_free_names(run);
	size_t n1 = (size_t)(run->n ? run->n : 1);
	/* previous[i]: year Y-1; previous[n + i]: year Y-2 (ctx.previous2) */
	run->previous = malloc(sizeof(int) * 2 * n1);
	nse_name *nm = calloc(n1, sizeof *nm); /* each item's name, made ready once */
	const nse_name **names = malloc(sizeof *names * n1);
	const char **raw = malloc(sizeof *raw * n1);
	nse_suffixes *ix = NULL;
	int rc = NS_ERR_NOMEM, *cand = NULL, ncap = 0;
	if (!run->previous || !nm || !names || !raw)
		goto out;
	for (int i = 0; i < 2 * run->n; i++)
		run->previous[i] = -1;
	for (int i = 0; i < run->n; i++) {
		const ns_report *r = run->items[i].r;
		if (r && r->meta.agency && nse_name_prep(r->meta.agency, &nm[i]))
			goto out;
	}
	if (!(ix = nse_suffixes_new(nm, run->n)))
		goto out;
	for (int i = 0; i < 2 * run->n; i++) {
		int self = i % run->n, want = 0;
		const ns_report *me = run->items[self].r;
		if (!me || !me->meta.agency)
			continue;
		want = me->meta.year - 1 - i / run->n;
		int nc = nse_suffixes_find(ix, &nm[self], &cand, &ncap), m = 0;
		if (nc < 0)
			goto out;
		for (int c = 0; c < nc; c++)
			if (cand[c] != self && run->items[cand[c]].r->meta.year == want) {
				names[m] = &nm[cand[c]];
				raw[m] = run->items[cand[c]].r->meta.agency;
				cand[m++] = cand[c]; /* (m <= c) */
			}
		int pick = pick_previous(&nm[self], me->meta.agency, names, raw, m);
		if (pick >= 0)
			run->previous[i] = cand[pick];
	}
	rc = NS_OK;
	run->names = nm; /* kept for duplicates and ctx.peers */
	run->names_ix = ix;
	nm = NULL;
	ix = NULL;
out:
	nse_names_free(nm, run->n);
	nse_suffixes_free(ix);
	free(cand);
	free(names);
	free(raw);
	return rc;
}

void nse_push_ctx(lua_State *L, const struct ns_run *run, int self)
{
	lua_createtable(L, 0, 3);
	lua_getfield(L, LUA_REGISTRYINDEX, REG_PARAMS);
	lua_setfield(L, -2, "params");
	if (run && run->previous && run->previous[self] >= 0) {
		push_view(L, run, run->previous[self]);
		lua_setfield(L, -2, "previous");
	}
	if (run && run->previous && run->previous[run->n + self] >= 0) {
		push_view(L, run, run->previous[run->n + self]);
		lua_setfield(L, -2, "previous2");
	}
	int d = lua_gettop(L);
	lua_newtable(L);  /* ctx */
	lua_createtable(L, 0, 3);
	lua_pushvalue(L, d);
	if (run) {
		peers_ud *p = lua_newuserdatauv(L, sizeof *p, 0);
		p->run = run;
		p->self = self;
	} else {
		lua_pushnil(L); /* a lone report: no peers */
	}
	lua_pushcclosure(L, ctx_index, 2);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, ctx_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushliteral(L, "locked by the nianshen sandbox");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_remove(L, d);
}
