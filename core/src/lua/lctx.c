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

size_t nse_name_core(const char *s, size_t n)
{
	/* (a canonical name, nse_name_canon: its 人民政府 is 政府) */
	static const char *const tails[] = {"政府", "办事处", NULL};
	for (int k = 0; tails[k]; k++) {
		size_t t = strlen(tails[k]);
		if (n >= t + 6 && memcmp(s + n - t, tails[k], t) == 0)
			return n - t;
	}
	return n;
}

/* Does the bracketed note s[0, n) (canonical) name a part of the agency,
 * a body of its own under it, rather than a second name of the agency
 * (一个机构两块牌子) or a note on it (挂牌)?  A branch ("城关分局", "经开区
 * 分中心": 分 among its last three characters), a squad or a station
 * ("执法大队", "城关市场监管所", "农技站"): "青岚县市场监督管理局（城关分局）"
 * reports for the branch, not for the bureau "青岚县市场监督管理局". */
static int names_a_part(const char *s, size_t n)
{
	static const char *const ends[] = {"队", "所", "站", NULL};
	for (int k = 0; ends[k]; k++)
		if (n >= 3 && memcmp(s + n - 3, ends[k], 3) == 0)
			return 1;
	for (size_t k = 6; k <= 9 && k <= n; k += 3) /* (UTF-8: no lead byte is a trail's) */
		if (memcmp(s + n - k, "分", 3) == 0)
			return 1;
	return 0;
}

/* One agency's name as reports, file names and rosters write it differ in
 * what says nothing of which agency it is: brackets of either width
 * ("青岚县财政局(国资局)", "…（国资局）"), a space or what a paste leaves
 * (NBSP, U+3000, zero-width), and 政府 for 人民政府 ("县政府办公室" is "县人
 * 民政府办公室"; no agency's name holds 政府 that is not its 人民政府).
 * Writes the name so written alike into out (no longer than s: brackets
 * become ASCII's) and returns its length; *main, the length of it before
 * a bracketed second name or note that ends it ("青岚县发展和改革局（青岚
 * 县粮食和物资储备局）", one agency under two names), when what is before
 * is a name of three characters or more and the bracket names no part of
 * the agency (names_a_part: "…局（城关分局）" is the branch's); else the
 * whole. */
size_t nse_name_canon(const char *s, char *out, size_t *main)
{
	size_t o = 0, open = 0;
	int depth = 0, opened = 0;
	/* asked of every name a run compares, often: a byte is looked at
	 * twice only when it can start what is dropped or folded */
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int skip = 0, paren = 0; /* bytes dropped; '(' or ')' written */
		switch (*p) {
		case ' ': case '\t': case '\r': case '\n':
			skip = 1;
			break;
		case '(': case ')':
			paren = *p, skip = 1;
			break;
		case 0xC2: /* U+00A0 */
			skip = p[1] == 0xA0 ? 2 : 0;
			break;
		case 0xE2: /* U+200B */
			skip = p[1] == 0x80 && p[2] == 0x8B ? 3 : 0;
			break;
		case 0xE3: /* U+3000 */
			skip = p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
			break;
		case 0xEF: /* U+FEFF; （ ） */
			if (p[1] == 0xBB && p[2] == 0xBF)
				skip = 3;
			else if (p[1] == 0xBC && (p[2] == 0x88 || p[2] == 0x89))
				paren = p[2] == 0x88 ? '(' : ')', skip = 3;
			break;
		case 0xE4: /* 人民政府 is 政府 */
			skip = strncmp((const char *)p, "人民政府", 12) == 0 ? 6 : 0;
			break;
		}
		if (paren == '(') {
			if (depth++ == 0) {
				open = o;
				opened = 1;
			}
			out[o++] = '(';
		} else if (paren == ')') {
			depth -= depth > 0;
			out[o++] = ')';
		}
		if (skip)
			p += skip;
		else
			out[o++] = (char)*p++;
	}
	out[o] = 0;
	/* a bracket closed at the end, opened after a name, naming no part of
	 * the agency */
	*main = opened && depth == 0 && o > 0 && out[o - 1] == ')' && open >= 9 &&
	        !names_a_part(out + open + 1, o - open - 2) ? open : o;
	return o;
}

/* Does the shorter of x[0, nx) and y[0, ny), of min bytes or more, end
 * the longer? */
static int ends_other(const char *x, size_t nx, const char *y, size_t ny, size_t min)
{
	if (nx < ny) {
		const char *t = x; x = y; y = t;
		size_t n = nx; nx = ny; ny = n;
	}
	return ny >= min && memcmp(x + nx - ny, y, ny) == 0;
}

/* s made ready for comparing into nm, its canonical form written into c
 * (strlen(s) + 1 bytes or more). */
static void prep_into(const char *s, char *c, nse_name *nm)
{
	nm->c = c;
	nm->n = nse_name_canon(s, c, &nm->main);
	nm->core = nse_name_core(c, nm->main);
	size_t from = nm->core > 6 ? nm->core - 6 : 0;
	memcpy(nm->key, c + from, nm->core - from);
	nm->key[nm->core - from] = 0;
}

int nse_name_prep(const char *s, nse_name *nm)
{
	char *c = malloc(strlen(s ? s : "") + 1);
	if (!c) {
		*nm = (nse_name){0};
		return -1;
	}
	prep_into(s ? s : "", c, nm);
	return 0;
}

void nse_name_free(nse_name *nm)
{
	free(nm->c);
	nm->c = NULL;
}

/* whole names (3+ Han characters: "沛县人民政府" / "徐州市沛县人民政府"), or
 * names without 人民政府/办事处 when one has it and the other not ("青岚县
 * 白石镇" / "青岚县白石镇人民政府"); never two names of different keys (a
 * name too short to lose its 人民政府, "县人民政府", is no other county's),
 * so that what sorts by key finds every pair this accepts.  A bracketed
 * second name of one that the other has not is no difference; two that
 * differ are ("…局（A）" is not "…局（B）": whose report is whose, a guess
 * would tell). */
int nse_same_prepped(const nse_name *x, const nse_name *y)
{
	return x->c && y->c && strcmp(x->key, y->key) == 0 &&
	       (x->main == x->n || y->main == y->n || strcmp(x->c + x->main, y->c + y->main) == 0) &&
	       (ends_other(x->c, x->main, y->c, y->main, 9) ||
	        ends_other(x->c, x->core, y->c, y->core, 9));
}

/* Names compared once (a bracket, a report's title) are made ready on the
 * stack; the runs' comparisons of many names prepare each once. */
int nse_same_name(const char *x, const char *y)
{
	if (!x || !y)
		return 0;
	char bx[256], by[256];
	char *cx = strlen(x) < sizeof bx ? bx : malloc(strlen(x) + 1);
	char *cy = strlen(y) < sizeof by ? by : malloc(strlen(y) + 1);
	int same = 0;
	if (cx && cy) {
		nse_name nx, ny;
		prep_into(x, cx, &nx);
		prep_into(y, cy, &ny);
		same = nse_same_prepped(&nx, &ny);
	}
	if (cx != bx)
		free(cx);
	if (cy != by)
		free(cy);
	return same;
}

void nse_name_key(const char *a, char key[7])
{
	char buf[256];
	char *c = strlen(a) < sizeof buf ? buf : malloc(strlen(a) + 1);
	if (!c) {
		key[0] = 0;
		return;
	}
	nse_name nm;
	prep_into(a, c, &nm);
	memcpy(key, nm.key, sizeof nm.key);
	if (c != buf)
		free(c);
}

/* The same agency across years: names as titles give them vary by a
 * prefix ("洪泽区人民政府" / "淮安市洪泽区人民政府") and by the words of a
 * government left off ("青岚县白石镇" / "青岚县白石镇人民政府"). */
int nse_same_agency(const ns_report *a, const ns_report *b)
{
	return nse_same_name(a->meta.agency, b->meta.agency);
}

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
			if (i == p->self || !o || o->meta.year != me->meta.year ||
			    nse_same_agency(o, me))
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
 * a district: a fifth of the time of 10,000 reports).  Two names of one
 * agency share their key (nse_name_key), so reports are sorted by year and
 * key and only the names of equal keys are compared (pick_previous, in
 * run order). */
typedef struct prev_key {
	int year, idx;
	char tail[10];
} prev_key;

static int cmp_prev_key(const void *a, const void *b)
{
	const prev_key *x = a, *y = b;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	int c = strcmp(x->tail, y->tail);
	return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

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

int nse_link_previous(ns_run *run)
{
	free(run->previous);
	size_t n1 = (size_t)(run->n ? run->n : 1);
	/* previous[i]: year Y-1; previous[n + i]: year Y-2 (ctx.previous2) */
	run->previous = malloc(sizeof(int) * 2 * n1);
	prev_key *k = malloc(sizeof *k * n1);
	nse_name *nm = calloc(n1, sizeof *nm); /* each item's name, made ready once */
	const nse_name **names = malloc(sizeof *names * n1);
	const char **raw = malloc(sizeof *raw * n1);
	int *at = malloc(sizeof *at * n1);
	int rc = NS_ERR_NOMEM, nk = 0;
	if (!run->previous || !k || !nm || !names || !raw || !at)
		goto out;
	for (int i = 0; i < 2 * run->n; i++)
		run->previous[i] = -1;
	for (int i = 0; i < run->n; i++) {
		const ns_report *r = run->items[i].r;
		if (r && r->meta.agency) {
			if (nse_name_prep(r->meta.agency, &nm[i]))
				goto out;
			k[nk] = (prev_key){r->meta.year, i, ""};
			memcpy(k[nk++].tail, nm[i].key, sizeof nm[i].key);
		}
	}
	qsort(k, (size_t)nk, sizeof *k, cmp_prev_key);
	for (int i = 0; i < 2 * run->n; i++) {
		int self = i % run->n;
		const ns_report *me = run->items[self].r;
		if (!me || !me->meta.agency)
			continue;
		prev_key want = {me->meta.year - 1 - i / run->n, -1, ""};
		memcpy(want.tail, nm[self].key, sizeof nm[self].key);
		int lo = 0, hi = nk; /* the first key not below want */
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (cmp_prev_key(&k[mid], &want) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		/* the bucket's names, in run order (the keys sort by index) */
		int m = 0;
		for (int j = lo; j < nk && k[j].year == want.year && strcmp(k[j].tail, want.tail) == 0; j++)
			if (k[j].idx != self) {
				names[m] = &nm[k[j].idx];
				raw[m] = run->items[k[j].idx].r->meta.agency;
				at[m++] = k[j].idx;
			}
		int pick = pick_previous(&nm[self], me->meta.agency, names, raw, m);
		if (pick >= 0)
			run->previous[i] = at[pick];
	}
	rc = NS_OK;
out:
	if (nm)
		for (int i = 0; i < run->n; i++)
			nse_name_free(&nm[i]);
	free(nm);
	free(names);
	free(raw);
	free(at);
	free(k);
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
