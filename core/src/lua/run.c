/*
 * run.c — scoring: a worker (one sandboxed state per thread) runs every
 * indicator of the scheme over a report, in scoring processes the
 * supervisor starts, feeds and watches; the findings become deductions.
 * The results are assembled and written in runout.c (run.h: the parts).
 */
#include "run.h"
#include "map/map.h"
#include "text/text.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What a check may produce on one report (docs/rules.md, "Limits"): enough
 * for any honest check by far (the standard library's largest stays under
 * a tenth of each), small enough that a hostile one cannot fill the
 * supervisor's memory through its results. */
static const long long run_limit_defaults[NS_RUN_NLIMITS] = {
	1000,       /* NS_RUN_FINDINGS */
	4096,       /* NS_RUN_MESSAGE_BYTES */
	64,         /* NS_RUN_EVIDENCE */
	1ll << 20,  /* NS_RUN_OUTPUT_BYTES */
	2048,       /* NS_RUN_ERROR_BYTES */
	16384,      /* NS_RUN_PRINT_BYTES */
	3,          /* NS_RUN_BREAKER */
	4ll << 20,  /* NS_RUN_REPORT_OUTPUT_BYTES */
	0,          /* NS_RUN_REPORT_PRINT_BYTES: 0, four times NS_RUN_PRINT_BYTES
	             * (report_print_cap), so that raising --max-print alone
	             * does not have the checks after the first few dropped */
};

/* What all the checks of a report may print together: --max-print is per
 * check, and 300 checks each printing just under it wrote 4.7 MB of stderr
 * a report. */
static long long report_print_cap(const long long *lim)
{
	return lim[NS_RUN_REPORT_PRINT_BYTES] > 0 ? lim[NS_RUN_REPORT_PRINT_BYTES]
	                                          : 4 * lim[NS_RUN_PRINT_BYTES];
}

/* ---- a worker -------------------------------------------------------- */

/* The params the run's copy index is built with (the params table on top
 * of the stack, read raw: a scheme's params are data), kept on the scheme
 * so that the supervisor never reads its Lua state: several threads may
 * run one scheme at once. */
static double raw_number(lua_State *L, const char *k, double dflt)
{
	lua_pushstring(L, k);
	double v = lua_rawget(L, -2) == LUA_TNUMBER ? lua_tonumber(L, -1) : dflt;
	lua_pop(L, 1);
	return v;
}

static void copy_params(nse_state *S, lua_State *L)
{
	ns_scheme *s = (ns_scheme *)(void *)((char *)S - offsetof(ns_scheme, S));
	s->copy_threshold = raw_number(L, "copy_threshold", 0.5);
	s->copy_exact_max = (long long)raw_number(L, "copy_exact_max", 1000);
}

/* __index of ctx.params (the table its read-only view shows): a declared
 * param that has no value (no default, none given) reads nil; a name no
 * indicator declares is the rule's mistake.  Upvalue 1: the declared names,
 * a list. */
static int params_index(lua_State *L)
{
	if (lua_type(L, 2) != LUA_TSTRING)
		return 0;
	const char *k = lua_tostring(L, 2);
	const char *names[256];
	int n = 0;
	for (lua_Integer i = 1; n < 256 && lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TSTRING; i++) {
		names[n++] = lua_tostring(L, -1); /* alive in the list */
		lua_pop(L, 1);
		if (strcmp(names[n - 1], k) == 0)
			return 0;
	}
	if (n == 0) {
		luaL_where(L, 2);
		return luaL_error(L, "%sctx.params has no param '%s': no indicator of the scheme "
		                  "declares params (indicator { params = { %s = { type = \"number\", "
		                  "default = 1 } } })", lua_tostring(L, -1), k, k);
	}
	return nse_no_field(L, "ctx.params has no declared param", k, names, n);
}

/* The params the indicators of the scheme declare (their `params` keys),
 * a list, pushed. */
static void push_declared(lua_State *L)
{
	lua_newtable(L);
	int out = lua_gettop(L);
	lua_Integer n = 0;
	if (lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.indicators") == LUA_TTABLE) {
		int inds = lua_gettop(L);
		lua_pushnil(L);
		while (lua_next(L, inds)) {
			if (lua_istable(L, -1) && lua_getfield(L, -1, "params") == LUA_TTABLE) {
				lua_pushnil(L);
				while (lua_next(L, -2)) {
					lua_pop(L, 1);
					if (lua_type(L, -1) == LUA_TSTRING) {
						lua_pushvalue(L, -1);
						lua_rawseti(L, out, ++n);
					}
				}
			}
			lua_settop(L, inds + 1); /* the key */
		}
	}
	lua_settop(L, out);
}

/* What scoring needs in a state the scheme's rules are loaded in: the
 * findings recorder and the scheme's parameters, read-only.  Called once,
 * when the scheme is loaded (scheme.c): every scoring process starts from
 * a copy of that state. */
void nse_ready_to_score(nse_state *S)
{
	lua_State *L = S->L;
	nse_open_findings(L);
	lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.scheme");
	if (lua_getfield(L, -1, "params") != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
	}
	if (!lua_getmetatable(L, -1)) { /* ctx.params.limt: refused, with its hint */
		lua_createtable(L, 0, 1);
		push_declared(L);
		lua_pushcclosure(L, params_index, 1);
		lua_setfield(L, -2, "__index");
		lua_setmetatable(L, -2);
	} else {
		lua_pop(L, 1);
	}
	nse_seal(L, -1);
	nse_push_readonly(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_PARAMS);
	copy_params(S, L);
	lua_pop(L, 2);
}

/* A scoring process's state (its copy of the scheme's) and the scheme. */
typedef struct worker {
	nse_state *S;
	const ns_scheme *s;
	const long long *lim;  /* the run's NS_RUN_* caps */
	const int *file_of;    /* per check, its rule file (rule_files) */
	const int *last_of;    /* per rule file, its last check */
	int nfiles;
	long long share;       /* each file's share of NS_RUN_REPORT_OUTPUT_BYTES */
} worker;

/* What tells check I's rule file from another: its module, whole (the
 * file in its `where` is cut at 60 bytes, and two files named alike past
 * that were one), else that file. */
static const char *file_key(const nse_indref *I, size_t *len)
{
	if (I->author && I->author[0]) {
		*len = strlen(I->author);
		return I->author;
	}
	const char *w = I->where ? I->where : "";
	*len = strcspn(w, ":");
	return w;
}

/* --max-report-output is shared out among the rule files, so that an
 * author whose checks fill theirs breaks only their own checks: file_of[k]
 * the file of check k, last_of[f] the last check of file f, the number of
 * files returned.  Once per run. */
static int rule_files(const ns_scheme *s, int *file_of, int *last_of)
{
	int nfiles = 0;
	for (int k = 0; k < s->nchecks; k++) {
		size_t len, lf;
		const char *wk = file_key(s->checks[k], &len);
		int f = 0;
		for (; f < k; f++) {
			const char *wf = file_key(s->checks[f], &lf);
			if (lf == len && memcmp(wf, wk, len) == 0)
				break;
		}
		file_of[k] = f < k ? file_of[f] : nfiles++;
		last_of[file_of[k]] = k;
	}
	return nfiles;
}

/* Each file's share: an equal part of the cap, 256 KiB at least (or the
 * cap, when it is smaller). */
static long long file_share(long long cap, int nfiles)
{
	long long share = nfiles > 1 ? cap / nfiles : cap;
	long long floor = cap < 256 * 1024 ? cap : 256 * 1024;
	return share < floor ? floor : share;
}

/* What the checks of check k's rule file may keep on a report in all: the
 * cap less what the other files kept, and less the share of each file
 * whose checks are still to come, never less than its own share.  Each
 * file is sure of its equal share whatever the files before it kept (one
 * author's checks cannot crowd out another's), and a file that needs more
 * has what the files before it left unused: ten files sharing the cap
 * left the last a tenth of it, however little the nine others used. */
static long long file_budget(const worker *w, const long long *kept, int k)
{
	long long budget = w->lim[NS_RUN_REPORT_OUTPUT_BYTES];
	int f = w->file_of[k];
	for (int g = 0; g < w->nfiles; g++)
		if (g != f)
			budget -= w->last_of[g] > k && kept[g] < w->share ? w->share : kept[g];
	return budget > w->share ? budget : w->share;
}

/* ---- evidence and findings as JSON ----------------------------------- */

/* The JSON a scoring process writes is printed and freed while the scheme
 * and the reports live: its keys are literals and the strings of the
 * scheme and the template are referenced rather than copied (two
 * allocations fewer per field, for every finding of every report). */
static void add_pos(cJSON *o, ns_pos p)
{
	nse_put(o, "line", cJSON_CreateNumber(p.line));
	nse_put(o, "col", cJSON_CreateNumber(p.col));
	if (p.page)
		nse_put(o, "page", cJSON_CreateNumber(p.page));
}

/* t[k] without metamethods; pushes the value, returns its type */
static int rawfield(lua_State *L, int idx, const char *k)
{
	lua_pushstring(L, k);
	return lua_rawget(L, idx);
}

/* Evidence is read after the check returned: outside its protected call
 * and its budget, so nothing here may run rule code (no metamethods). */
/* A JSON string from text a rule made: rules cut strings by bytes and can
 * split a character, so invalid UTF-8 becomes U+FFFD here rather than
 * invalid JSON in every writer.  A NUL byte becomes U+FFFD too: a Lua
 * string holds it ("before\0after"), a C string would end there and the
 * rest of a message or of evidence would be lost without a word; shown
 * as the character that says "something was here", it is seen and the
 * finding stays whole (refusing it would break a check over a byte of a
 * text it may have copied from anywhere).  n: the bytes of s. */
static cJSON *text_jsonl(const char *s, size_t n)
{
	if (!s)
		return cJSON_CreateNull();
	if (!memchr(s, 0, n) && nst_utf8_valid(s, n))
		return cJSON_CreateString(s);
	char *clean = nst_utf8_mended(s, n);
	cJSON *j = cJSON_CreateString(clean ? clean : "");
	free(clean);
	return j;
}

static cJSON *text_json(const char *s)
{
	return text_jsonl(s, s ? strlen(s) : 0);
}

/* the string at idx, NUL bytes and all */
static cJSON *lua_text_json(lua_State *L, int idx)
{
	size_t n;
	const char *s = lua_tolstring(L, idx, &n);
	return text_jsonl(s, n);
}

/* The words around a piece of text evidence, from its section ("before",
 * "after": up to 60 bytes each side, cut at characters, lines joined): the
 * HTML quotes them for every form, a PDF's or a DOCX's too, whose lines
 * are no lines of a file to read back. */
static void add_context(cJSON *o, const ns_report *r, int sec, size_t a, size_t b)
{
	if (!r || sec < 0 || sec >= NS_NSECTIONS || !r->sections[sec].text)
		return;
	const char *t = r->sections[sec].text;
	size_t n = strlen(t);
	if (a > b || b > n)
		return;
	size_t from = a > 60 ? a - 60 : 0, to = b + 60 < n ? b + 60 : n;
	while (from > 0 && ((unsigned char)t[from] & 0xC0) == 0x80)
		from++; /* forward to a character's start: never past a */
	while (to < n && ((unsigned char)t[to] & 0xC0) == 0x80)
		to--;
	char part[256];
	for (int side = 0; side < 2; side++) {
		size_t x = side ? b : from, y = side ? to : a, k = 0;
		for (size_t i = x; i < y && k < sizeof part - 1; i++)
			part[k++] = t[i] == '\n' || t[i] == '\r' || t[i] == '\t' ? ' ' : t[i];
		part[k] = 0;
		nse_put(o, side ? "after" : "before", text_json(part));
	}
}

/* The report being scored in this process (score_one): evidence from
 * another report (ctx.previous, a peer) names that report's file and year. */
static const ns_report *scoring_now;

static void other_report(cJSON *o, const ns_report *r)
{
	if (!r || r == scoring_now)
		return;
	cJSON *w = cJSON_CreateObject();
	nse_put(w, "path", r->meta.path ? cJSON_CreateString(r->meta.path) : cJSON_CreateNull());
	nse_put(w, "year", r->meta.year ? cJSON_CreateNumber(r->meta.year) : cJSON_CreateNull());
	nse_put(o, "report", w);
}

static cJSON *evidence_json(lua_State *L, int idx)
{
	cJSON *o = cJSON_CreateObject();
	nse_view *v;
	if ((v = luaL_testudata(L, idx, NSE_CELL_MT))) {
		const ns_table_data *td = &v->r->tables[v->t];
		const nsm_table *tpl = td->tpl;
		const ns_cell *c = &td->cells[v->row * tpl->ncols + v->col];
		char name[128];
		snprintf(name, sizeof name, "%s.%s.%s", tpl->id, tpl->rows[v->row].id, tpl->cols[v->col].id);
		nse_put(o, "kind", nse_ref("cell"));
		nse_put(o, "cell", cJSON_CreateString(name));
		nse_put(o, "value", c->has_value ? cJSON_CreateNumber(c->value) : cJSON_CreateNull());
		nse_put(o, "raw", c->raw ? cJSON_CreateString(c->raw) : cJSON_CreateNull());
		add_pos(o, c->pos);
		other_report(o, v->r);
	} else if ((v = luaL_testudata(L, idx, NSE_ROW_MT))) {
		const ns_table_data *td = &v->r->tables[v->t];
		char name[128];
		snprintf(name, sizeof name, "%s.%s", td->tpl->id, td->tpl->rows[v->row].id);
		nse_put(o, "kind", nse_ref("row"));
		nse_put(o, "row", cJSON_CreateString(name));
		ns_pos p = {0, 0, 0};
		for (int j = 0; j < td->tpl->ncols && !p.line; j++)
			if (nsm_has_cell(td->tpl, v->row, j))
				p = td->cells[v->row * td->tpl->ncols + j].pos;
		add_pos(o, p);
		other_report(o, v->r);
	} else if ((v = luaL_testudata(L, idx, NSE_TABLE_MT))) {
		nse_put(o, "kind", nse_ref("table"));
		nse_put(o, "table", nse_ref(nsm_table_get(v->t, NS_EDITION_2021)->id));
		add_pos(o, v->r->sections[v->t + 1].title_pos);
		other_report(o, v->r);
	} else if ((v = luaL_testudata(L, idx, NSE_SECTION_MT))) {
		nse_put(o, "kind", nse_ref("section"));
		nse_put(o, "section", nse_ref(v->r->sections[v->t].id));
		add_pos(o, v->r->sections[v->t].title_pos);
		other_report(o, v->r);
	} else if (luaL_testudata(L, idx, NSE_NUMBER_MT)) {
		const nse_number *m = lua_touserdata(L, idx);
		nse_put(o, "kind", nse_ref("text"));
		if (m->r)
			nse_put(o, "section", nse_ref(m->r->sections[m->sec].id));
		lua_pushlstring(L, m->text + m->a, m->b - m->a);
		nse_put(o, "text", lua_text_json(L, -1));
		lua_pop(L, 1);
		add_pos(o, m->r ? ns_section_pos(m->r, m->sec, m->a) : (ns_pos){0, 0, 0});
		if (m->r && m->text == m->r->sections[m->sec].text)
			add_context(o, m->r, m->sec, (size_t)m->a, (size_t)m->b);
		other_report(o, m->r);
	} else if (lua_istable(L, idx)) {
		nse_put(o, "kind", nse_ref("text"));
		if (rawfield(L, idx, "section") == LUA_TSTRING)
			nse_put(o, "section", cJSON_CreateString(lua_tostring(L, -1)));
		lua_pop(L, 1);
		if (rawfield(L, idx, "text") == LUA_TSTRING)
			nse_put(o, "text", lua_text_json(L, -1));
		lua_pop(L, 1);
		ns_pos p = {0, 0, 0};
		if (rawfield(L, idx, "line") == LUA_TNUMBER)
			p.line = (int)lua_tointeger(L, -1);
		if (rawfield(L, idx, "col") == LUA_TNUMBER)
			p.col = (int)lua_tointeger(L, -1);
		if (rawfield(L, idx, "page") == LUA_TNUMBER)
			p.page = (int)lua_tointeger(L, -1);
		lua_pop(L, 3);
		add_pos(o, p);
		/* a match of the report scored (s:find): its words around it, when
		 * its bytes are where it says they are */
		const char *sid = NULL, *txt = NULL;
		lua_Integer from = 0, to = 0;
		if (rawfield(L, idx, "section") == LUA_TSTRING)
			sid = lua_tostring(L, -1);
		if (rawfield(L, idx, "text") == LUA_TSTRING)
			txt = lua_tostring(L, -1);
		if (rawfield(L, idx, "start") == LUA_TNUMBER)
			from = lua_tointeger(L, -1);
		if (rawfield(L, idx, "stop") == LUA_TNUMBER)
			to = lua_tointeger(L, -1);
		const ns_report *r = scoring_now;
		int sec = sid && sid[0] == 's' && sid[1] >= '1' && sid[1] <= '6' && !sid[2] ? sid[1] - '1' : -1;
		if (r && sec >= 0 && txt && from >= 1 && to >= from && r->sections[sec].text &&
		    (size_t)to <= strlen(r->sections[sec].text) &&
		    strncmp(r->sections[sec].text + from - 1, txt, (size_t)(to - from + 1)) == 0 &&
		    strlen(txt) == (size_t)(to - from + 1))
			add_context(o, r, sec, (size_t)from - 1, (size_t)to);
		lua_pop(L, 4);
	} else {
		nse_put(o, "kind", nse_ref("note"));
		luaL_tolstring(L, idx, NULL);
		nse_put(o, "text", lua_text_json(L, -1));
		lua_pop(L, 1);
	}
	return o;
}

/* A finding as a scoring process sends it: which check of the scheme made
 * it (the supervisor has the scheme too: the check's metadata is added
 * when the results are read, see nse_expand_findings()), status (a literal:
 * "pass", "fail", "na", "error", referenced), message, evidence, and the
 * deduction when scoring gives it one. */
static cJSON *finding_json(const nse_indref *I, const char *status, const char *msg,
                           size_t len)
{
	cJSON *o = cJSON_CreateObject();
	char k[16];
	snprintf(k, sizeof k, "%d", I->check); /* cJSON prints a number slowly */
	nse_put(o, "check", cJSON_CreateRaw(k));
	nse_put(o, "status", nse_ref(status));
	nse_put(o, "message", msg ? text_jsonl(msg, len) : text_json(""));
	nse_put(o, "evidence", cJSON_CreateArray());
	/* the results give every finding its deduction; sent with it, the
	 * supervisor writes a result without parsing it (runout.c) */
	nse_put(o, "deduction", cJSON_CreateNumber(0));
	return o;
}

/* ---- scoring one report --------------------------------------------- */

static int sev_of(const char *s)
{
	return strcmp(s, "error") == 0 ? NS_ERROR : strcmp(s, "info") == 0 ? NS_INFO : NS_WARNING;
}

/* Run indicator I; append its findings to `out`. */
/* The findings of a report as they are made: the JSON array, and beside
 * it what scoring reads (each finding's status, where each check's
 * findings start), so that it never searches the JSON. */
typedef struct found {
	cJSON *json;
	cJSON **item;
	char *status;  /* 'p'ass, 'f'ail, 'm'issing (a fail), 'n'a, 'e'rror */
	int n, cap;
	int *first;    /* per check of the scheme, and one past the last */
} found;

static void add_finding(found *fd, cJSON *fj, const char *status, int missing)
{
	cJSON_AddItemToArray(fd->json, fj);
	if (fd->n == fd->cap) {
		int cap = fd->cap ? fd->cap * 2 : 64;
		cJSON **item = realloc(fd->item, (size_t)cap * sizeof *item);
		char *st = realloc(fd->status, (size_t)cap);
		if (item)
			fd->item = item;
		if (st)
			fd->status = st;
		if (!item || !st)
			return; /* out of memory: the JSON has it, scoring misses it */
		fd->cap = cap;
	}
	fd->item[fd->n] = fj;
	fd->status[fd->n++] = missing ? 'm' : status[0] == 'f' ? 'f' : status[0] == 'n' ? 'n' :
	                      status[0] == 'e' ? 'e' : 'p';
}

/* FNV-1a of s, from h */
static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The report's part of the seeds of its checks (seed_random). */
static uint64_t report_seed(const ns_report *r)
{
	return fnv(1469598103934665603ull, r->meta.sha256 ? r->meta.sha256 : "");
}

/* math.random gives a check on a report the same numbers in every run,
 * whatever ran before it in its process: seeded from the report's digest
 * (report_seed) and the check's id (Lua seeds it from the clock once per
 * state, so a rule that samples gave another score on each run, and a
 * rule could set the numbers of the checks after it). */
static void seed_random(lua_State *L, uint64_t report, const char *id)
{
	uint64_t h = fnv(report, id);
	if (lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.randomseed") != LUA_TFUNCTION) {
		lua_pop(L, 1);
		return;
	}
	lua_pushinteger(L, (lua_Integer)(h >> 1));
	if (lua_pcall(L, 1, 0, 0) != LUA_OK)
		lua_pop(L, 1);
}

/* Check I on the report; *report_bytes: what the checks of its rule file
 * before it kept on this report, against the file's share, to which its
 * own are added when it ends well (a check that breaks keeps nothing);
 * seed: report_seed. */
static void run_indicator(worker *w, const nse_indref *I, int report_idx,
                          int ctx_idx, found *out, long long *report_bytes, long long budget,
                          uint64_t seed)
{
	nse_state *S = w->S;
	lua_State *L = S->L;
	int top = lua_gettop(L);
	seed_random(L, seed, I->id);
	lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.indicators");
	lua_getfield(L, -1, I->id);
	int ind = lua_gettop(L);
	/* its rule file's own helper modules (sb_require) */
	snprintf(S->author, sizeof S->author, "%s", I->author ? I->author : "");
	nse_push_findings(L, w->lim, I->id, *report_bytes, budget);
	int fidx = lua_gettop(L);
	lua_getfield(L, ind, "check");
	lua_pushvalue(L, report_idx);
	lua_pushvalue(L, fidx);
	lua_pushvalue(L, ctx_idx);
	S->uses = I->uses; /* ctx.copies answers the checks that declare it */
	S->printed = 0; /* print's cap is per check and report */
	S->print_limit = w->lim[NS_RUN_PRINT_BYTES];
	int rc = nse_pcall(S, 3, 1);
	long long kept = nse_end_findings(L, fidx);
	if (rc == LUA_OK && S->limit_hit != NSE_LIMIT_NONE) {
		/* a limit's error does not reach the check's end unless something
		 * caught it that should not have: the check broke all the same */
		lua_pushliteral(L, "a limit was hit and its error caught inside the check");
		rc = LUA_ERRRUN;
	} else if (rc == LUA_OK && !lua_isnil(L, -1)) {
		/* `return false` reads like a failure and would score as a pass:
		 * the check's mistake, said where it is declared */
		int t = lua_type(L, -1);
		if (t == LUA_TSTRING)
			lua_pushfstring(L, "\"%s\"", lua_tostring(L, -1));
		else if (t == LUA_TBOOLEAN || t == LUA_TNUMBER)
			luaL_tolstring(L, -1, NULL); /* no metamethod: neither has one */
		else
			lua_pushfstring(L, "a %s", luaL_typename(L, -1));
		lua_getfield(L, ind, "_where");
		lua_pushfstring(L, "%sthe check returned %s: a check says what it found with "
		                "f:fail(…), f:pass(…) or f:na(…), and what it returns is not read",
		                lua_tostring(L, -1) ? lua_tostring(L, -1) : "", lua_tostring(L, -2));
		rc = LUA_ERRRUN;
	}
	if (rc != LUA_OK) {
		size_t len = 0; /* error("a\0b"): all of it (text_jsonl) */
		const char *msg = lua_tolstring(L, -1, &len);
		char buf[700];
		if (S->limit_hit == NSE_LIMIT_MEMORY) {
			/* Lua raises it without a message handler: placed here, at
			 * the line the allocator (or the count hook) saw last */
			char line[160];
			const char *plain = "not enough memory";
			if (nse_where_text(S, line, sizeof line))
				snprintf(buf, sizeof buf, "%s: memory cap of %lld bytes exceeded: not enough "
				         "memory (--max-memory %lld) at %s (the line it was running)%s%.300s%s",
				         line, w->s->mem_limit, w->s->mem_limit, line,
				         msg && strcmp(msg, plain) ? " (" : "",
				         msg && strcmp(msg, plain) ? msg : "", msg && strcmp(msg, plain) ? ")" : "");
			else {
				lua_getfield(L, ind, "_where");
				snprintf(buf, sizeof buf, "%smemory cap of %lld bytes exceeded (%.300s; "
				         "--max-memory %lld)", lua_tostring(L, -1) ? lua_tostring(L, -1) : "",
				         w->s->mem_limit, msg ? msg : plain, w->s->mem_limit);
				lua_pop(L, 1);
			}
			msg = buf;
			len = strlen(buf);
		}
		/* a rule's error message is its own text (error(string.rep(…)))
		 * and goes into every result file: cut at the cap, on a
		 * character boundary */
		long long cap = w->lim[NS_RUN_ERROR_BYTES];
		char *cut = NULL;
		if (msg && (long long)len > cap && (cut = malloc((size_t)cap + 64))) {
			size_t k = nst_char_start(msg, (size_t)cap);
			memcpy(cut, msg, k);
			len = k + (size_t)snprintf(cut + k, 64, "… (%zu bytes more cut)", len - k);
			msg = cut;
		}
		add_finding(out, finding_json(I, "error", msg, len), "error", 0);
		free(cut);
		lua_gc(L, LUA_GCCOLLECT, 0);
		lua_settop(L, top);
		return;
	}
	*report_bytes += kept;
	lua_getiuservalue(L, fidx, 1);
	fidx = lua_gettop(L);
	int n = (int)lua_rawlen(L, fidx);
	for (int i = 1; i <= n; i++) {
		lua_rawgeti(L, fidx, i);
		int fi = lua_gettop(L);
		lua_getfield(L, fi, "status");
		lua_getfield(L, fi, "message");
		/* the engine's own literal: the JSON references it */
		const char *st = lua_tostring(L, -2);
		/* f:missing is a failure, marked: the results say "fail" */
		int missing = st[0] == 'm';
		const char *status = st[0] == 'f' || missing ? "fail" : st[0] == 'n' ? "na" : "pass";
		size_t ml = 0;
		const char *m = lua_tolstring(L, -1, &ml);
		cJSON *fj = finding_json(I, status, m, ml);
		if (missing)
			nse_put(fj, "missing", cJSON_CreateTrue());
		lua_pop(L, 2);
		cJSON *ev = cJSON_GetObjectItemCaseSensitive(fj, "evidence");
		lua_getfield(L, fi, "evidence");
		int en = (int)lua_rawlen(L, -1);
		for (int e = 1; e <= en; e++) {
			lua_rawgeti(L, -1, e);
			cJSON_AddItemToArray(ev, evidence_json(L, lua_gettop(L)));
			lua_pop(L, 1);
		}
		lua_pop(L, 2);
		add_finding(out, fj, status, missing);
	}
	if (n == 0)
		add_finding(out, finding_json(I, "pass", "", 0), "pass", 0);
	lua_settop(L, top);
}

/* A result's "counts": failing findings by severity, not assessable, rule
 * errors; apply_scheme counts them at these indexes. */
const char *const nse_count_keys[5] = {"error", "warning", "info", "not_assessable",
	"rule_errors"};
static const int count_at[5] = {NS_ERROR, NS_WARNING, NS_INFO, 3, 4};

/* Points as the scheme writes them, decimals (0.1, 0.2, 0.3): sums of
 * binary fractions drift (10 - 0.1 - 0.2 = 9.700000000000001), and equal
 * scores must compare equal to share a rank. */
static double points_round(double x)
{
	return round(x * 1e6) / 1e6;
}

/* Deductions per group, the score and the outcome class. */
static double apply_scheme(const ns_scheme *s, cJSON *res, const found *fd, int *worst)
{
	cJSON *groups = cJSON_AddArrayToObject(res, "groups");
	/* failing findings by severity (NS_ERROR, NS_WARNING, NS_INFO), then
	 * not assessable and rule errors */
	int counts[5] = {0, 0, 0, 0, 0};
	int w = NS_OUTCOME_PASSED;
	for (int k = 0; k < s->nchecks; k++) {
		int sev = sev_of(s->checks[k]->severity);
		for (int i = fd->first[k]; i < fd->first[k + 1]; i++) {
			if (fd->status[i] == 'f' || fd->status[i] == 'm') {
				counts[sev]++;
				int cls = sev == NS_ERROR ? NS_OUTCOME_FAILURES :
				          sev == NS_WARNING ? NS_OUTCOME_WARNINGS : NS_OUTCOME_PASSED;
				if (cls > w)
					w = cls;
			} else if (fd->status[i] == 'n') {
				counts[3]++;
			} else if (fd->status[i] == 'e') {
				counts[4]++;
				w = NS_OUTCOME_ERRORS;
			}
		}
	}
	cJSON *cj = cJSON_AddObjectToObject(res, "counts");
	for (int k = 0; k < 5; k++)
		cJSON_AddNumberToObject(cj, nse_count_keys[k], counts[count_at[k]]);
	double total = 0;
	for (int g = 0; g < s->ngroups; g++) {
		const nse_group *G = &s->groups[g];
		cJSON *gj = cJSON_CreateObject();
		cJSON_AddStringToObject(gj, "name", G->name);
		cJSON_AddNumberToObject(gj, "points", G->points);
		cJSON *deds = cJSON_AddArrayToObject(gj, "deductions");
		double lost = 0;
		for (int i = 0; i < G->ninds; i++) {
			const nse_indref *I = &G->inds[i];
			if (!(s->counts >> sev_of(I->severity) & 1u))
				continue;
			double used = 0;
			cJSON *which = NULL;
			/* a check that broke on this report (an error, a limit, the
			 * breaker) has not passed: it deducts all it can, its cap,
			 * through its error finding, so that making a check break (a
			 * report padded until the checks hit their limits) never
			 * scores better than letting it fail.  So does a check whose
			 * subject the report leaves out (f:missing: no 表三, no
			 * 第五部分): leaving a table out never scores better than
			 * printing it wrong. */
			int broke = 0;
			for (int f = fd->first[I->check]; f < fd->first[I->check + 1]; f++)
				broke |= fd->status[f] == 'e';
			for (int f = fd->first[I->check]; f < fd->first[I->check + 1]; f++) {
				char st = fd->status[f];
				if (broke ? st != 'e' : st != 'f' && st != 'm')
					continue;
				double d = broke || st == 'm' ? I->cap : I->deduct;
				if (used + d > I->cap)
					d = I->cap - used;
				if (d <= 0)
					continue;
				used = points_round(used + d);
				cJSON *dj = cJSON_GetObjectItemCaseSensitive(fd->item[f], "deduction");
				if (!dj) {
					dj = cJSON_CreateNumber(0);
					nse_put(fd->item[f], "deduction", dj);
				}
				cJSON_SetNumberValue(dj, points_round(dj->valuedouble + d));
				if (!which)
					which = cJSON_CreateArray();
				cJSON_AddItemToArray(which, cJSON_CreateNumber(f));
			}
			if (used > 0) {
				cJSON *dj = cJSON_CreateObject();
				cJSON_AddStringToObject(dj, "indicator", I->id);
				cJSON_AddNumberToObject(dj, "points", used);
				cJSON_AddItemToObject(dj, "findings", which);
				cJSON_AddItemToArray(deds, dj);
			}
			lost = points_round(lost + used);
		}
		double score = points_round(G->points - lost);
		if (score < 0)
			score = 0;
		cJSON_AddNumberToObject(gj, "score", score);
		cJSON_AddItemToArray(groups, gj);
		total = points_round(total + score);
	}
	*worst = w;
	return total;
}

double nse_max_score(const ns_scheme *s)
{
	double m = 0;
	for (int g = 0; g < s->ngroups; g++)
		m += s->groups[g].points;
	return m;
}

cJSON *nse_result_head(const ns_report *r, const char *path)
{
	cJSON *res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "path", r ? r->meta.path : path);
	cJSON_AddItemToObject(res, "agency", r && r->meta.agency ? cJSON_CreateString(r->meta.agency) : cJSON_CreateNull());
	cJSON_AddStringToObject(res, "agency_type", ns_agency_type_name(r ? r->meta.agency_type : NS_AGENCY_UNKNOWN));
	cJSON_AddItemToObject(res, "year", r && r->meta.year ? cJSON_CreateNumber(r->meta.year) : cJSON_CreateNull());
	return res;
}


/* How many diagnostics the loader left, by severity; no load error. */
void nse_load_diagnostics(cJSON *res, const ns_report *r)
{
	cJSON *diag = cJSON_AddObjectToObject(res, "load_diagnostics");
	int nd[3] = {0, 0, 0};
	for (int i = 0; i < r->ndiag; i++)
		nd[r->diags[i].severity]++;
	cJSON_AddNumberToObject(diag, "error", nd[NS_ERROR]);
	cJSON_AddNumberToObject(diag, "warning", nd[NS_WARNING]);
	cJSON_AddNumberToObject(diag, "info", nd[NS_INFO]);
	/* which they are: each code of an error or a warning once, in order
	 * (edition.outdated...), for the outputs to say */
	cJSON *codes = cJSON_AddArrayToObject(diag, "codes");
	for (int i = 0; i < r->ndiag; i++) {
		const ns_diag *d = &r->diags[i];
		int seen = d->severity == NS_INFO || !d->code;
		for (int j = 0; j < i && !seen; j++)
			seen = r->diags[j].severity != NS_INFO && r->diags[j].code &&
			       strcmp(r->diags[j].code, d->code) == 0;
		if (!seen)
			cJSON_AddItemToArray(codes, cJSON_CreateString(d->code));
	}
	cJSON_AddNullToObject(res, "load_error");
}

/* The breaker's letters: the stop that tripped it ('T', 'C', 'M') gives
 * the letter of the reports after it ('B', 'X', 'H'), which says what
 * was counted and what the check did. */
static const struct trip_kind {
	char stop, trip;
	const char *counted, *did;
} TRIPS[] = {
	{'T', 'B', "time-outs", "ran past its time limit"},
	{'C', 'X', "crashes or time-outs", "crashed its scoring process or ran past its time limit"},
	{'M', 'H', "stops for memory left held",
	 "left memory held, or crashed its scoring process or ran past its time limit"},
};
#define NTRIPS ((int)(sizeof TRIPS / sizeof *TRIPS))

/* The kind of a breaker's letter (by `trip`) or of a stop (by `stop`), or
 * NULL. */
static const struct trip_kind *trip_kind(char why, int by_stop)
{
	for (int i = 0; i < NTRIPS; i++)
		if (why == (by_stop ? TRIPS[i].stop : TRIPS[i].trip))
			return &TRIPS[i];
	return NULL;
}

/* A check the supervisor had to stop (see supervise()): k is its index in
 * the scheme's checks, why 'T' (time limit), 'C' (crashed), 'M' (left
 * memory held, below), or the breaker's 'B', 'X' or 'H' (TRIPS). */
typedef struct stopped {
	int k;
	char why;
	char *at;     /* "rules/x.lua:4": the line it was running, or NULL
	               * (the supervisor's: malloc'd; a process's: its buffer) */
} stopped;

/* Where a scoring process is: written by it when it starts an item and
 * before each check, read by the supervisor to decide on a time limit and
 * to know what a hung or dead process was doing (shared memory, so that a
 * check costs no system call). */
typedef struct progress {
	int item;     /* the item it scores (-1: none yet) */
	long seq;     /* which line sent to it that item came in (0 the first;
	               * -1 none yet): tells a report sent twice apart */
	int quick;    /* its last report took less than OUT_HOLD */
	int check;    /* the check it runs (-1: none of this item yet) */
	double since; /* when that check, or the item, began */
	nse_where at; /* the line of rule code it runs (the count hook's) */
} progress;

static double mono(void);

/* Tests only: called in a scoring process as each check starts (to crash
 * there: a rule cannot crash its process quickly).  Not in the public
 * header. */
void (*nse_run_test_hook)(const char *indicator);

/* The exit status of a scoring process that ends because a check left
 * more than half the memory cap held once it ended (score_one). */
#define EXIT_MEMORY_HELD 4
/* … and of one that retires between two reports because memory stays
 * held from one report to the next (child_main): no check is blamed, its
 * reports not begun go to a fresh process. */
#define EXIT_RETIRED 5

/* A scoring process's socket (child_main), for results it still holds
 * when it ends itself. */
typedef struct reader reader;
static reader *out_now;
static void flush_out(reader *rd);

/* What stays held once collected (a rule file's cache of some MB, under
 * half the cap) is no check's room: each check has the cap above what is
 * held when it starts, as measured at the last full collection (so the
 * same checks in the same order get the same room), never below the cap
 * above what the loaded rules hold.  Held past half the cap, the check
 * that grew it is stopped (EXIT_MEMORY_HELD); past a quarter between two
 * reports, the process retires (EXIT_RETIRED).  So a check after a hoard
 * is not the one that breaks, and a process holds at most 1.5 caps. */
static void room_above_held(nse_state *S)
{
	size_t held = S->mem_used > S->mem_base ? S->mem_used : S->mem_base;
	S->mem_limit = held + S->mem_asked;
	S->mem_gc_at = S->mem_used + S->mem_asked / 8;
	if (S->mem_gc_at < S->mem_base + S->mem_asked / 4)
		S->mem_gc_at = S->mem_base + S->mem_asked / 4;
}

/* Check k's time on report i in a profiled run's rows (ns_run.profiled). */
static float *profiled_cell(const ns_run *run, int i, int k)
{
	return &run->profiled[(size_t)i * (size_t)run->s->nchecks + (size_t)k];
}

/* The bytes after a profiled run's rows: per report, the first its
 * scoring process scored (ns_run.profiled). */
static unsigned char *profiled_first(const ns_run *run)
{
	return (unsigned char *)(run->profiled + (size_t)run->n * (size_t)run->s->nchecks);
}

/* Score report `self` of the run.  Before each check its index goes to
 * `pg` (when given), so that the supervisor knows which check a hung or
 * crashed process was running; stopped checks are not run again but
 * reported. */
static cJSON *score_one(worker *w, const ns_report *r, const struct ns_run *run,
                        int self, const stopped *skip, int nskip, progress *pg,
                        double *score, int *worst)
{
	const ns_scheme *s = w->s;
	cJSON *res = nse_result_head(r, NULL);
	cJSON_AddItemToObject(res, "sha256", r->meta.sha256 ? cJSON_CreateString(r->meta.sha256) : cJSON_CreateNull());
	nse_load_diagnostics(res, r);
	int first[s->nchecks + 1];
	found fd = {.json = cJSON_CreateArray(), .first = first};
	lua_State *L = w->S->L;
	scoring_now = r;
	nse_fresh_globals(w->S);
	nse_push_report(L, r); /* its own view: what checks derive from it goes with it */
	int ridx = lua_gettop(L);
	/* the prints of all its checks together have a cap (sb_print), counted
	 * in report and check order: the same lines dropped whatever --jobs */
	w->S->report_printed = 0;
	w->S->report_print_limit = report_print_cap(w->lim);
	w->S->report_print_said = 0;
	w->S->report_name = r->meta.path ? r->meta.path : "";
	nse_push_ctx(L, run, self); /* one context per report, shared by its checks */
	int cidx = lua_gettop(L);
	const nse_indref *const *inds = s->checks;
	int n = s->nchecks;
	long long kept[w->nfiles > 0 ? w->nfiles : 1]; /* per rule file (rule_files) */
	long long grew[s->nchecks > 0 ? s->nchecks : 1]; /* held after it (score_one) */
	size_t held_at = w->S->mem_used;               /* at the last collection */
	int since_gc = 0;                              /* checks run since it */
	memset(kept, 0, sizeof kept);
	memset(grew, 0, sizeof grew);
	uint64_t seed = report_seed(r);
	for (int k = 0; k < n; k++) {
		first[k] = fd.n;
		char why = 0;
		const char *line = "";
		for (int m = 0; m < nskip; m++)
			if (skip[m].k == k) {
				why = skip[m].why;
				line = skip[m].at ? skip[m].at : "";
			}
		if (why) {
			char msg[600], ran[180] = "";
			const char *at = inds[k]->where ? inds[k]->where : "";
			if (line[0])
				snprintf(ran, sizeof ran, " at %s (the line it was running)", line);
			const struct trip_kind *tk = trip_kind(why, 0);
			if (tk) /* the breaker (breaker()) */
				snprintf(msg, sizeof msg, "%sdisabled after %lld %s: the check %s on %lld "
				         "reports of the run (in report order)%s and is not run on the "
				         "reports after them", at, w->lim[NS_RUN_BREAKER], tk->counted,
				         tk->did, w->lim[NS_RUN_BREAKER],
				         line[0] ? lua_pushfstring(L, ", the last%s", ran) : "");
			else if (why == 'T')
				snprintf(msg, sizeof msg, "%sthe check ran past its time limit of %lld s "
				         "(in C code the instruction budget does not see, such as a "
				         "pattern match of exponential time?) and was stopped%s", at,
				         w->s->seconds > 0 ? w->s->seconds : 10, ran);
			else if (why == 'M')
				snprintf(msg, sizeof msg, "%sthe check left more than half the memory "
				         "cap (--max-memory %zu) held after it ended (a table kept in a "
				         "variable of its rule file?), which would fail the checks after "
				         "it: it was stopped and the report scored again without it, in a "
				         "fresh scoring process", at, w->S->mem_asked);
			else
				snprintf(msg, sizeof msg, "%sthe check crashed its scoring process "
				         "and was stopped%s", at, ran);
			add_finding(&fd, finding_json(inds[k], "error", msg, strlen(msg)), "error", 0);
			/* not run on it now: the time of a scoring the breaker made
			 * stale goes, a stop stays */
			float *v = run->profiled ? profiled_cell(run, self, k) : NULL;
			if (v && *v > 0)
				*v = 0;
			continue;
		}
		double began = pg ? mono() : 0;
		if (pg) {
			__atomic_store(&pg->since, &began, __ATOMIC_RELAXED);
			__atomic_store_n(&pg->check, k, __ATOMIC_RELEASE);
		}
		nse_state *S = w->S;
		size_t before = S->mem_used;
		if (nse_run_test_hook && pg)
			nse_run_test_hook(inds[k]->id);
		run_indicator(w, inds[k], ridx, cidx, &fd, &kept[w->file_of[k]],
		              file_budget(w, kept, k), seed);
		if (pg && run->profiled) {
			/* the report's row is written, not added to: a report scored
			 * again (after a stop, or a result the breaker made stale)
			 * counts once, as its last scoring ran */
			float took = (float)(mono() - began);
			*profiled_cell(run, self, k) = took > 0 ? took : 1e-9f;
		}
		/* Memory a check leaves held (a cache in a top-level variable of
		 * its rule file) counts against the cap of every check after it,
		 * which would break and be blamed.  Past half the cap once
		 * collected, a check that itself holds a quarter of it more than
		 * before it ran is the one: the process ends with it running, and
		 * the supervisor scores the report again without it in a fresh
		 * process (EXIT_MEMORY_HELD, why 'M').  Held by no one check (a
		 * large report's own memos, several small caches), nothing is
		 * done, and the next collection waits for an eighth of the cap
		 * more, so that a full one does not follow every check. */
		since_gc++;
		/* past half the cap (held and garbage), a collection after every
		 * check: what each leaves held is then known exactly */
		if (pg && (S->mem_used > S->mem_gc_at || S->mem_used > S->mem_base + S->mem_asked / 2)) {
			lua_gc(L, LUA_GCCOLLECT, 0);
			/* what stays held since the last collection: this check's
			 * where it is the only one since; else unknown (a check's
			 * garbage that set the collection off is not what the
			 * checks before it kept) */
			grew[k] = since_gc == 1 ? (long long)S->mem_used - (long long)held_at : 0;
			held_at = S->mem_used;
			since_gc = 0;
			/* and files that keep less than that quarter at many
			 * checks: past one and a half caps held, the check of this
			 * report that left the most held is the one, whoever's
			 * check came last (what the process holds between checks
			 * stays under one and a half caps) */
			int blame = -1;
			if (S->mem_used > S->mem_base + S->mem_asked / 2 &&
			    S->mem_used > before + S->mem_asked / 4)
				blame = k;
			else if (S->mem_used > S->mem_base + S->mem_asked + S->mem_asked / 2)
				for (int j = 0; j <= k; j++)
					if (grew[j] > 0 && (blame < 0 || grew[j] > grew[blame]))
						blame = j;
			if (blame >= 0) {
				if (out_now) /* the results it made are not lost */
					flush_out(out_now);
				__atomic_store_n(&pg->check, blame, __ATOMIC_RELEASE);
				_exit(EXIT_MEMORY_HELD);
			}
			room_above_held(S);
		}
	}
	first[n] = fd.n;
	w->S->report_print_limit = 0; /* a file loading later is no report's */
	w->S->report_name = NULL;
	nse_expire_view(L, ridx); /* a view a rule file kept reads nothing more */
	lua_settop(L, 0);
	*score = apply_scheme(s, res, &fd, worst);
	free(fd.item);
	free(fd.status);
	cJSON_AddNumberToObject(res, "score", *score);
	cJSON_AddNumberToObject(res, "max_score", nse_max_score(s));
	cJSON_AddNumberToObject(res, "outcome", *worst);
	cJSON_AddItemToObject(res, "findings", fd.json);
	return res;
}

/* ---- district runs --------------------------------------------------- */

ns_run *ns_run_new(ns_ctx *ctx, const ns_scheme *s)
{
	if (!ctx || !s) {
		nsc_fail(ctx, NS_ERR_ARG, "ns_run_new: invalid argument");
		return NULL;
	}
	ns_run *run = calloc(1, sizeof *run);
	if (run) {
		run->ctx = ctx;
		run->s = s;
		memcpy(run->lim, run_limit_defaults, sizeof run->lim);
	} else {
		nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	}
	return run;
}

/* What changes a run's results is refused once it executed: its results
 * are those of what it held then (a second ns_run_execute would score
 * everything again over the first results). */
static int run_changeable(ns_run *run, const char *fn)
{
	if (!run)
		return NS_ERR_ARG;
	if (run->executed)
		return nsc_fail(run->ctx, NS_ERR_ARG, "%s: the run was executed already "
		                "(a run executes once: make a new one)", fn);
	return NS_OK;
}

int ns_run_limit_set(ns_run *run, ns_run_limit which, long long value)
{
	if (!run || (int)which < 0 || which >= NS_RUN_NLIMITS ||
	    value < (which == NS_RUN_BREAKER ? 0 : 1) || value > (1ll << 40))
		return run ? nsc_fail(run->ctx, NS_ERR_ARG, "ns_run_limit_set: invalid limit or value")
		           : NS_ERR_ARG;
	run->lim[which] = value;
	return nsc_ok(run->ctx);
}

long long ns_run_limit_get(const ns_run *run, ns_run_limit which)
{
	if (!run || (int)which < 0 || which >= NS_RUN_NLIMITS)
		return -1;
	if (which == NS_RUN_REPORT_PRINT_BYTES)
		return report_print_cap(run->lim);
	return run->lim[which];
}

static item *push_item(ns_run *run)
{
	if (run->n == run->cap) {
		int cap = run->cap ? run->cap * 2 : 64;
		item *p = realloc(run->items, (size_t)cap * sizeof *p);
		if (!p)
			return NULL;
		run->items = p;
		run->cap = cap;
	}
	item *it = &run->items[run->n++];
	memset(it, 0, sizeof *it);
	return it;
}

int ns_run_add(ns_run *run, ns_report *r)
{
	int rc = run_changeable(run, "ns_run_add");
	if (rc != NS_OK)
		return rc;
	if (!r)
		return nsc_fail(run->ctx, NS_ERR_ARG, "ns_run_add: invalid argument");
	item *it = push_item(run);
	if (!it)
		return nsc_fail(run->ctx, NS_ERR_NOMEM, "out of memory");
	it->r = ns_report_retain(r);
	it->path = strdup(r->meta.path ? r->meta.path : "");
	return nsc_ok(run->ctx);
}

int ns_run_add_failure(ns_run *run, const char *path, int code, const char *msg)
{
	int rc = run_changeable(run, "ns_run_add_failure");
	if (rc != NS_OK)
		return rc;
	item *it = push_item(run);
	if (!it)
		return nsc_fail(run->ctx, NS_ERR_NOMEM, "out of memory");
	it->path = nst_utf8_mended(path ? path : "", path ? strlen(path) : 0);
	it->load_code = code ? code : NS_ERR_FORMAT;
	msg = msg ? msg : ns_strerror(code); /* it names the file: UTF-8, as its path */
	it->load_msg = nst_utf8_mended(msg, strlen(msg));
	/* its agency as its name gives it: published, though unreadable (a
	 * legacy .doc), is not 未发布 */
	it->named = nsm_title_agency(it->path, &it->named_year);
	return nsc_ok(run->ctx);
}

/*
 * Supervision.  A rule can make C code run for ever where the instruction
 * hook cannot reach (an LPeg or Lua-pattern match of exponential time), or
 * crash it.  So checks run in scoring processes forked from the run: the
 * reports are shared with them copy-on-write (loaded once, read-only), a
 * process says which check it starts, and the supervisor stops it when a
 * check passes NS_LIMIT_RULE_SECONDS or dies with it.  That check becomes an
 * error finding and the report is scored again by a fresh process without
 * it: nothing else is lost and the run goes on.  `jobs` processes score in
 * parallel.
 */

/* The fields every result has, empty (a report that was never scored). */
static void empty_result(cJSON *res)
{
	cJSON *c = cJSON_AddObjectToObject(res, "counts");
	for (int k = 0; k < 5; k++)
		cJSON_AddNumberToObject(c, nse_count_keys[k], 0);
	cJSON_AddArrayToObject(res, "groups");
	cJSON_AddArrayToObject(res, "findings");
}

static void load_failure(ns_run *run, item *it)
{
	it->result = nse_result_head(NULL, it->path);
	empty_result(it->result);
	cJSON_AddStringToObject(it->result, "load_error", it->load_msg);
	cJSON_AddStringToObject(it->result, "load_error_code", ns_strerror(it->load_code));
	cJSON_AddNullToObject(it->result, "score");
	cJSON_AddNumberToObject(it->result, "max_score", nse_max_score(run->s));
	cJSON_AddNumberToObject(it->result, "outcome", NS_OUTCOME_ERRORS);
	it->worst = NS_OUTCOME_ERRORS;
	it->score = -1;
}

void nse_rule_failure(item *it, const char *msg)
{
	free(it->json);
	it->json = NULL;
	cJSON_Delete(it->result);
	it->result = nse_result_head(it->r, NULL);
	empty_result(it->result);
	cJSON_AddStringToObject(it->result, "rule_error", msg);
	cJSON_AddNullToObject(it->result, "score");
	cJSON_AddNumberToObject(it->result, "outcome", NS_OUTCOME_ERRORS);
	it->worst = NS_OUTCOME_ERRORS;
	it->score = -1;
}

/* A scoring process's side of its socket: lines in, read a buffer at a
 * time (the supervisor sends several items at once), and results out.
 * One write per result woke the supervisor once per report, and those
 * wake-ups were a tenth of the run of a small scheme: results of quick
 * reports are kept and sent together, when the process would wait for
 * its next item, holds OUT_BATCH of them, or the first it holds is
 * OUT_HOLD old; a report slower than that is sent at once (a stream's
 * reader waits at most about OUT_HOLD for a result).  The supervisor
 * knows which item a process is on from its progress, not from the
 * results it has had (supervise). */
#define OUT_BATCH 16
#define OUT_HOLD 0.02 /* seconds */

struct reader {
	int fd;
	size_t pos, len;
	char buf[4096];
	char *out;     /* results not sent yet */
	size_t olen, ocap;
	int nout;
	double held;   /* when the first of them was made */
};

static void flush_out(reader *rd)
{
	struct iovec iov = {rd->out, rd->olen};
	if (rd->olen && nsp_send_all(rd->fd, &iov, 1) != 0)
		_exit(3);
	rd->olen = 0;
	rd->nout = 0;
}

static void put_out(reader *rd, const char *p, size_t n)
{
	if (rd->olen + n > rd->ocap) {
		size_t cap = (rd->olen + n) * 2;
		char *b = realloc(rd->out, cap);
		if (!b)
			_exit(3);
		rd->out = b;
		rd->ocap = cap;
	}
	memcpy(rd->out + rd->olen, p, n);
	rd->olen += n;
}

/* One line (without the newline) into line; 0 at end of input.  What it
 * has to send goes first when it would otherwise wait. */
static int read_line(reader *rd, char *line, size_t cap)
{
	size_t n = 0;
	for (;;) {
		if (rd->pos == rd->len) {
			ssize_t k = recv(rd->fd, rd->buf, sizeof rd->buf, MSG_DONTWAIT);
			if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
				flush_out(rd);
				k = read(rd->fd, rd->buf, sizeof rd->buf);
			}
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				return 0;
			rd->pos = 0;
			rd->len = (size_t)k;
		}
		char c = rd->buf[rd->pos++];
		if (c == '\n')
			break;
		if (n + 1 < cap)
			line[n++] = c;
	}
	line[n] = 0;
	return 1;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* A stopped check's line on the line a scoring process reads: "%XX" for
 * a byte that is a space, '%', or not printable; unescape_at reads it up
 * to the next space and returns where it stopped. */
static int escape_at(char *out, size_t cap, const char *at)
{
	size_t o = 0;
	for (const unsigned char *c = (const unsigned char *)at; *c && o + 4 < cap; c++)
		if (*c <= ' ' || *c == '%' || *c == 0x7f)
			o += (size_t)snprintf(out + o, cap - o, "%%%02X", *c);
		else
			out[o++] = (char)*c;
	out[o] = 0;
	return (int)o;
}

static char *unescape_at(char *p, char *out, size_t cap)
{
	size_t o = 0;
	while (*p && *p != ' ' && *p != '\n') {
		int c = (unsigned char)*p++;
		if (c == '%' && p[0] && p[1]) {
			char hex[3] = {p[0], p[1], 0};
			c = (int)strtol(hex, NULL, 16);
			p += 2;
		}
		if (o + 1 < cap && c)
			out[o++] = (char)c;
	}
	out[o] = 0;
	return p;
}

/* The scoring process, with the worker the run prepared before forking
 * (its own copy): "ITEM K:W K:W…" lines in; per item, in order, one line
 * "R OUTCOME SCORE JSON" out; until its socket closes. */
static void child_main(ns_run *run, worker *w, int fd, progress *pg)
{
	reader rd = {.fd = fd};
	long seq = 0;
	int scored = 0; /* reports this process scored */
	nse_reports_pinned = 1;
	w->S->where = &pg->at; /* where its checks run, for the supervisor */
	w->S->where_src = NULL;
	lua_gc(w->S->L, LUA_GCCOLLECT, 0);
	w->S->mem_base = w->S->mem_used; /* what score_one measures from */
	/* a check's room is the cap above what the loaded rules hold: a rule
	 * file that keeps much at its top level (a big table, a hoard) takes
	 * it from nobody else's checks (loading had the cap to itself) */
	room_above_held(w->S);
	w->S->mem_report_gc_at = w->S->mem_base + w->S->mem_asked / 4;
	/* an item's line: every check of the scheme may be stopped on it */
	int most = w->s->nchecks > 0 ? w->s->nchecks : 1;
	size_t linecap = 64 + (size_t)most * (32 + 3 * 128);
	char *line = malloc(linecap);
	stopped *skip = malloc(sizeof *skip * (size_t)most);
	char (*ats)[128] = malloc(sizeof *ats * (size_t)most);
	if (!line || !skip || !ats)
		_exit(2);
	while (read_line(&rd, line, linecap)) {
		char *p = line;
		int i = (int)strtol(p, &p, 10);
		int nskip = 0;
		while (*p == ' ' && nskip < most) {
			skip[nskip].k = (int)strtol(p + 1, &p, 10);
			skip[nskip].why = 'T';
			skip[nskip].at = NULL;
			if (*p == ':' && p[1]) {
				skip[nskip].why = p[1];
				p += 2;
			}
			if (*p == '@') /* the line it ran, escaped (see dispatch) */
				p = unescape_at(p + 1, skip[nskip].at = ats[nskip], sizeof ats[0]);
			nskip++;
		}
		if (i < 0 || i >= run->n || !run->items[i].r)
			_exit(2);
		double score;
		int worst;
		double t = mono();
		__atomic_store(&pg->since, &t, __ATOMIC_RELAXED);
		__atomic_store_n(&pg->item, i, __ATOMIC_RELAXED);
		__atomic_store_n(&pg->check, -1, __ATOMIC_RELAXED);
		__atomic_store_n(&pg->seq, seq++, __ATOMIC_RELEASE);
		out_now = &rd;
		if (run->profiled) /* its first carries what is made once per report */
			profiled_first(run)[i] = scored++ == 0;
		cJSON *res = score_one(w, run->items[i].r, run, i, skip, nskip, pg, &score, &worst);
		/* between checks again: a death now is no check's (stopped_at) */
		__atomic_store_n(&pg->check, -1, __ATOMIC_RELEASE);
		char *json = nsw_json_line(res);
		/* "R worst score counts… json": the counts ahead of the result, so
		 * that the ranking is printed without parsing it */
		char head[128];
		int hl = snprintf(head, sizeof head, "R %d %.17g", worst, score);
		const cJSON *cj = cJSON_GetObjectItemCaseSensitive(res, "counts");
		for (int k = 0; k < 5; k++) {
			const cJSON *c = cJSON_GetObjectItemCaseSensitive(cj, nse_count_keys[k]);
			hl += snprintf(head + hl, sizeof head - (size_t)hl, " %d", c ? c->valueint : 0);
		}
		head[hl++] = ' ';
		cJSON_Delete(res);
		if (!json)
			_exit(3);
		put_out(&rd, head, (size_t)hl);
		put_out(&rd, json, strlen(json));
		put_out(&rd, "\n", 1);
		free(json);
		double done = mono();
		if (rd.nout++ == 0)
			rd.held = t;
		if (rd.nout >= OUT_BATCH || rd.olen > (1u << 20) || done - rd.held > OUT_HOLD)
			flush_out(&rd);
		__atomic_store_n(&pg->quick, done - t < OUT_HOLD, __ATOMIC_RELAXED);
		/* Memory a rule file keeps from one report to the next (a table
		 * in a top-level variable that grows a little per report) counts
		 * against the cap of every check after it, until one of them,
		 * not the file that keeps it, breaks on the cap.  Past a quarter
		 * of the cap held once collected (above what the process began
		 * with), the process retires between two reports and a fresh one
		 * scores the rest: no report starts with more than that quarter
		 * held from the reports before it.  The collection is made
		 * only when the heap has grown by an eighth of the cap since the
		 * last one. */
		nse_state *S = w->S;
		if (S->mem_used > S->mem_report_gc_at) {
			lua_gc(S->L, LUA_GCCOLLECT, 0);
			if (S->mem_used > S->mem_base + S->mem_asked / 4) {
				flush_out(&rd);
				_exit(EXIT_RETIRED);
			}
			S->mem_report_gc_at = S->mem_used + S->mem_asked / 8;
			room_above_held(S);
		}
	}
	flush_out(&rd);
	_exit(0);
}

/* Items given to a process and not yet answered, oldest first: it scores
 * them in this order and answers quick ones a batch at a time (OUT_BATCH),
 * so the one it is working on is the first, or one after the first whose
 * results it holds.  Enough are sent ahead that it never waits for the
 * supervisor: a batch and more while its reports are quick, a few when
 * they are not (many slow ones behind each other would leave the other
 * processes idle at the end of the run). */
#define AHEAD (2 * OUT_BATCH)
#define AHEAD_SLOW 4

typedef struct proc {
	pid_t pid;         /* <= 0: not running */
	int fd;
	int items[AHEAD];  /* given, not answered */
	int nitems;
	long sent;         /* lines sent to it: items[m] came in line
	                    * sent - nitems + m (progress.seq) */
	int closing;       /* it could not be sent more: read it to its end */
	progress *pg;      /* shared with the process: where it is */
	double since;      /* when items[0] became the first not answered */
	char *buf;         /* output not yet read as lines */
	size_t len, cap;
	float *stop_mark;  /* profiled: the cell stopped_at marked, until the
	                    * process is killed (a check that ends meanwhile
	                    * writes its time over the mark) */
} proc;

typedef struct pending {
	stopped *skip;    /* checks stopped on this report so far: each check
	                   * at most once, so at most the scheme's checks */
	int nskip, capskip;
	int dirty;        /* skip changed since it was sent: its result is stale */
	int early;        /* deaths before its first check (stopped_at) */
} pending;

/* Stop check k on this report for `why`, unless it already is (the first
 * reason stands: a breaker's 'B' is not undone by the time-out of a copy
 * sent before it tripped). */
static void skip_check(pending *x, int k, char why, const char *at)
{
	for (int m = 0; m < x->nskip; m++)
		if (x->skip[m].k == k)
			return;
	if (x->nskip == x->capskip) {
		int cap = x->capskip ? 2 * x->capskip : 8;
		stopped *ns = realloc(x->skip, sizeof *ns * (size_t)cap);
		if (!ns)
			return; /* run again: a time-out again, no worse */
		x->skip = ns;
		x->capskip = cap;
	}
	x->skip[x->nskip].k = k;
	x->skip[x->nskip].at = at && at[0] ? strdup(at) : NULL;
	x->skip[x->nskip++].why = why;
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Which of the items given to the process it is on: m, for items[m] (the
 * results of those before it may still be in the process), with *check
 * its check (-1 before the first) and *since when that check or the item
 * began; -1 when it has not begun items[0].  By the line the item came
 * in, not its number: a report sent again is not the one it finished. */
static int on_item(const proc *p, int *check, double *since)
{
	long seq = __atomic_load_n(&p->pg->seq, __ATOMIC_ACQUIRE);
	*check = __atomic_load_n(&p->pg->check, __ATOMIC_ACQUIRE);
	__atomic_load(&p->pg->since, since, __ATOMIC_ACQUIRE);
	long m = seq - (p->sent - p->nitems);
	/* the three are read apart: if it moved on meanwhile, it is not hung */
	if (seq < 0 || m < 0 || m >= p->nitems ||
	    __atomic_load_n(&p->pg->seq, __ATOMIC_ACQUIRE) != seq)
		return -1;
	return (int)m;
}

/* Since when the process has been on what it does now: the check it runs,
 * or items[0] (from when it became the first not answered, as long as the
 * process has not begun it). */
static double started(const proc *p)
{
	int check;
	double since;
	return on_item(p, &check, &since) >= 0 ? since : p->since;
}

static int spawn(ns_run *run, worker *w, proc *p)
{
	__atomic_store_n(&p->pg->item, -1, __ATOMIC_RELEASE);
	__atomic_store_n(&p->pg->check, -1, __ATOMIC_RELEASE);
	__atomic_store_n(&p->pg->seq, -1, __ATOMIC_RELEASE);
	__atomic_store_n(&p->pg->quick, 0, __ATOMIC_RELEASE);
	int fd;
	pid_t pid = nsp_fork_worker(&fd);
	if (pid < 0)
		return -1;
	if (pid == 0)
		child_main(run, w, fd, p->pg);
	p->pid = pid;
	p->fd = fd;
	p->nitems = 0;
	p->sent = 0;
	p->closing = 0;
	p->len = 0;
	return 0;
}

/* Its exit status (as waitpid gives it), or 0 when none was running. */
static int reap(proc *p, int kill_it)
{
	if (p->pid <= 0)
		return 0;
	int st = nsp_reap(p->pid, p->fd, kill_it);
	p->pid = -1;
	p->nitems = 0;
	return st;
}

static int dispatch(proc *p, int i, pending *pd)
{
	/* every stop goes, whatever their number (one left out was run again,
	 * stopped again, and the report sent back for ever) */
	size_t cap = 32;
	for (int m = 0; m < pd->nskip; m++)
		cap += 32 + (pd->skip[m].at ? 3 * strlen(pd->skip[m].at) + 2 : 0);
	char *line = malloc(cap);
	if (!line)
		return -1;
	int len = snprintf(line, cap, "%d", i);
	for (int m = 0; m < pd->nskip; m++) {
		len += snprintf(line + len, cap - (size_t)len, " %d:%c", pd->skip[m].k, pd->skip[m].why);
		if (pd->skip[m].at) {
			line[len++] = '@';
			len += escape_at(line + len, cap - (size_t)len, pd->skip[m].at);
		}
	}
	line[len++] = '\n';
	int failed = send_all(p->fd, line, (size_t)len);
	free(line);
	if (failed)
		return -1;
	pd->dirty = 0;
	if (p->nitems == 0)
		p->since = mono();
	p->items[p->nitems++] = i;
	p->sent++;
	return 0;
}

/* The first item has its result (or was stopped): the next one is the
 * process's now. */
static void shift(proc *p)
{
	memmove(p->items, p->items + 1, (size_t)(p->nitems - 1) * sizeof *p->items);
	p->nitems--;
	p->since = mono();
}

/* The process hung past the limit on an item, or died: that check is
 * stopped from now on and the item waits to be scored again, with the
 * items it had not reached and those whose results it still held. */
static int stopped_at(ns_run *run, proc *p, pending *pd, int *queue, int *nq, char why)
{
	int check;
	double since;
	int on = on_item(p, &check, &since);
	if (on < 0) {
		on = 0;
		check = -1; /* it never began items[0] */
	}
	for (int m = p->nitems - 1; m > on; m--)
		queue[(*nq)++] = p->items[m];
	int i = p->items[on];
	pending *x = &pd[i];
	if (check < 0 && why != 'T' && x->early++ == 0) {
		/* dead before any check of this report: what killed it may be
		 * what an earlier report or check left behind (memory, a rule's
		 * state), so the report is scored once more, in a fresh process */
		queue[(*nq)++] = i;
	} else if (check >= 0) {
		/* the line it was running: the process is stopped, or dead */
		nse_where at = p->pg->at;
		char text[sizeof at.file + 16] = "";
		if (at.line > 0 && at.file[0] && why != 'M') {
			at.file[sizeof at.file - 1] = 0;
			snprintf(text, sizeof text, "%s:%d", at.file, at.line);
		}
		skip_check(x, check, why, text);
		queue[(*nq)++] = i;
		if (run->profiled) {
			/* stopped: its time to the stop (past its time limit, or
			 * crashing), or as it ran (it ended, leaving memory held),
			 * marked below 0 */
			float *v = profiled_cell(run, i, check);
			float t = why != 'M' ? (float)(mono() - since) : *v < 0 ? -*v : *v;
			*v = -(t > 0 ? t : 1e-9f);
			p->stop_mark = v;
		}
	} else {
		nse_rule_failure(&run->items[i], why == 'T'
		             ? "the scoring process ran past its time limit before any check started"
		             : "the scoring process died before any check started");
		check = -1;
	}
	for (int m = on - 1; m >= 0; m--) /* scored, not sent: taken first */
		queue[(*nq)++] = p->items[m];
	p->nitems = 0;
	return check;
}

/* Lines from a scoring process: its results, kept as it wrote them; a
 * result made before the breaker changed what the report skips is stale
 * and the report is scored again. */
static void take_output(ns_run *run, proc *p, pending *pd, int *queue, int *nq)
{
	char *nl, *line = p->buf;
	size_t left = p->len;
	while (p->nitems > 0 && (nl = memchr(line, '\n', left))) {
		*nl = 0;
		if (line[0] == 'R' && pd[p->items[0]].dirty) {
			queue[(*nq)++] = p->items[0];
			shift(p);
		} else if (line[0] == 'R') {
			item *it = &run->items[p->items[0]];
			char *q = line + 1;
			it->worst = (int)strtol(q, &q, 10);
			it->score = strtod(q, &q);
			for (int k = 0; k < 5; k++)
				it->counts[k] = (int)strtol(q, &q, 10);
			it->json = strdup(q + (*q == ' '));
			if (!it->json)
				nse_rule_failure(it, "out of memory");
			shift(p);
		}
		left -= (size_t)(nl - line) + 1;
		line = nl + 1;
	}
	memmove(p->buf, line, left); /* a batch of results moved once */
	p->len = left;
}

/*
 * The breaker.  A check that runs past its time limit, or crashes its
 * scoring process, on `limit` reports of the run is disabled for every
 * report after the last of them: each of those gets one error finding
 * saying so ('B', or 'X' when a crash was the last) instead of another
 * wait for the limit or another process started for it.  The count is of
 * all the run's reports, not of those in a row: a check that times out on
 * every other report cost a district a time limit per two reports.
 * It goes in report order (the order of the run's items); reports that
 * failed to load or were never scored are passed over.  So
 * the decision is the one a single process scoring the reports
 * in order would make, whatever the number of processes: it is taken only
 * once every report up to the last time-out counted is known, and a
 * report after it that was scored (or sent) with the check still on is
 * scored again without it.
 */
typedef struct breaker_state {
	char *suspect;  /* per check: it has timed out somewhere */
	int *tripped;   /* per check: the report whose time-out disabled it, or -1 */
} breaker_state;

static void breaker(ns_run *run, breaker_state *b, pending *pd, int *queue, int *nq)
{
	int limit = (int)run->lim[NS_RUN_BREAKER];
	if (limit <= 0)
		return;
	for (int k = 0; k < run->s->nchecks; k++) {
		if (!b->suspect[k] || b->tripped[k] >= 0)
			continue;
		int count = 0, at = -1;
		for (int i = 0; i < run->n && at < 0; i++) {
			const item *it = &run->items[i];
			if (!it->r)
				continue;
			char why = 0;
			for (int m = 0; m < pd[i].nskip; m++)
				if (pd[i].skip[m].k == k)
					why = pd[i].skip[m].why;
			if (trip_kind(why, 1)) {
				if (++count >= limit)
					at = i;
			} else if (why || it->json) {
				/* it ran there and ended: the count goes on (a check that
				 * times out on every other report is no cheaper) */
			} else if (!it->result) {
				break;      /* not known yet: nothing after it is decided */
			}               /* (a result without json: never scored) */
		}
		if (at < 0)
			continue;
		b->tripped[k] = at;
		for (int i = run->n - 1; i > at; i--) {
			item *it = &run->items[i];
			if (!it->r)
				continue;
			pending *x = &pd[i];
			int m = 0;
			while (m < x->nskip && x->skip[m].k != k)
				m++;
			if (m < x->nskip && trip_kind(x->skip[m].why, 0))
				continue;
			/* the line the time-out or crash that tripped it was running */
			const char *line = NULL;
			char trip = 'B';
			for (int q = 0; q < pd[at].nskip; q++)
				if (pd[at].skip[q].k == k) {
					line = pd[at].skip[q].at;
					trip = trip_kind(pd[at].skip[q].why, 1)->trip;
				}
			if (m < x->nskip) {
				x->skip[m].why = trip; /* stopped before it tripped */
				free(x->skip[m].at);
				x->skip[m].at = line ? strdup(line) : NULL;
			} else {
				skip_check(x, k, trip, line);
			}
			x->dirty = 1; /* in flight: what comes back is stale */
			if (it->json) { /* scored already: again, without the check */
				free(it->json);
				it->json = NULL;
				queue[(*nq)++] = i;
			}
		}
	}
}


/* Each check's cost over the run (ns_run_set_profile), from the
 * reports' rows the scoring processes wrote (before the items move: a
 * report is named by its path). */
static void add_costs(ns_run *run)
{
	int nchecks = run->s->nchecks;
	ns_check_cost *out = calloc((size_t)nchecks + 1, sizeof *out);
	if (!out)
		return; /* a profile is not worth failing the run */
	const unsigned char *first = profiled_first(run);
	for (int k = 0; k < nchecks; k++) {
		out[k].indicator = run->s->checks[k]->id;
		double max_first = 0;
		const char *path_first = NULL;
		for (int i = 0; i < run->n; i++) {
			float v = *profiled_cell(run, i, k);
			if (v == 0)
				continue; /* not run on it */
			double t = v < 0 ? -v : v;
			out[k].reports++;
			out[k].stopped += v < 0;
			out[k].seconds += t;
			if (first[i] && v > 0) {
				if (t > max_first) {
					max_first = t;
					path_first = run->items[i].path;
				}
			} else if (t > out[k].max_seconds) {
				out[k].max_seconds = t;
				out[k].max_path = run->items[i].path;
			}
		}
		/* A process's first report carries the check's warm-up (its
		 * patterns compiled, its memos built: a few milliseconds), which
		 * would make each process's first report every check's longest.
		 * It is the longest when no other report ran the check, or when
		 * it took longer than its warm-up can explain: 50 ms more than
		 * the longest of the others (a slow report that sorts first is
		 * not hidden). */
		if (!out[k].max_path || max_first > out[k].max_seconds + 0.05) {
			out[k].max_seconds = max_first;
			out[k].max_path = path_first;
		}
	}
	free(run->costs);
	run->costs = out;
}

static int supervise(ns_run *run, int jobs, char *err, size_t errlen)
{
	int n = run->n, nq = 0, rc = NS_OK;
	int *queue = malloc(sizeof(int) * ((size_t)n + 1));
	pending *pd = calloc((size_t)n + 1, sizeof *pd);
	int nchecks = run->s->nchecks;
	breaker_state brk = {calloc((size_t)nchecks + 1, 1),
	                     malloc(sizeof(int) * ((size_t)nchecks + 1))};
	for (int k = 0; brk.tripped && k < nchecks; k++)
		brk.tripped[k] = -1;
	/* the longest result line a scoring process can honestly send: the
	 * caps bound what each check records (its JSON escapes at most 6
	 * bytes for one), so a longer line is a process gone wrong, and the
	 * supervisor never holds more than this per report */
	int *file_of = malloc(sizeof(int) * (2 * (size_t)nchecks + 1)); /* and last_of */
	int nfiles = file_of ? rule_files(run->s, file_of, file_of + nchecks) : 0;
	long long share = file_share(run->lim[NS_RUN_REPORT_OUTPUT_BYTES], nfiles);
	long long per_check = run->lim[NS_RUN_OUTPUT_BYTES] < share
	                      ? run->lim[NS_RUN_OUTPUT_BYTES] : share;
	/* every file's share, and a check past its own by one finding */
	size_t maxline = (size_t)nchecks * (size_t)(6 * run->lim[NS_RUN_ERROR_BYTES] + 4096) +
	                 6 * (size_t)((long long)nfiles * share + per_check) + (1u << 20);
	proc ps[64];
	memset(ps, 0, sizeof ps);
	progress *shm = mmap(NULL, sizeof(progress) * (size_t)jobs, PROT_READ | PROT_WRITE,
	                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	/* profiled: a row per report of each check's time (0 not run, below 0
	 * stopped), written by whichever process scores it, then a byte per
	 * report (the first its process scored) */
	size_t cost_bytes = run->profile ? ((size_t)n * (size_t)nchecks * sizeof(float) + (size_t)n + 1)
	                                 : 0;
	void *cm = cost_bytes ? mmap(NULL, cost_bytes, PROT_READ | PROT_WRITE,
	                             MAP_SHARED | MAP_ANONYMOUS, -1, 0) : MAP_FAILED;
	run->profiled = cm == MAP_FAILED ? NULL : cm; /* none: the run goes on unprofiled */
	for (int k = 0; k < jobs; k++) {
		ps[k].pid = -1;
		ps[k].pg = shm == MAP_FAILED ? NULL : &shm[k];
	}
	if (!queue || !pd || !brk.suspect || !brk.tripped || !file_of || shm == MAP_FAILED) {
		if (shm != MAP_FAILED)
			munmap(shm, sizeof(progress) * (size_t)jobs);
		if (run->profiled)
			munmap(run->profiled, cost_bytes);
		run->profiled = NULL;
		free(queue);
		free(pd);
		free(brk.suspect);
		free(brk.tripped);
		free(file_of);
		snprintf(err, errlen, "out of memory");
		return NS_ERR_NOMEM;
	}
	for (int i = n - 1; i >= 0; i--) {
		if (run->items[i].r)
			queue[nq++] = i; /* taken from the end: in report order */
		else
			load_failure(run, &run->items[i]);
	}
	/* the scheme's own state, rules loaded: every scoring process forked
	 * from the run has its copy (the supervisor never runs Lua in it) */
	worker wk = {&((ns_scheme *)run->s)->S, run->s, run->lim, file_of, file_of + nchecks, nfiles,
	             share},
	       *w = &wk;
	double limit = run->s->seconds > 0 ? (double)run->s->seconds : 10;
	int stillborn = 0; /* processes that died before taking any item */
	for (;;) {
		/* work for the processes, an item each in turn (up to AHEAD
		 * each), starting them as needed */
		for (int more = 1; more && nq > 0;) {
			more = 0;
			for (int k = 0; k < jobs && nq > 0; k++) {
				proc *p = &ps[k];
				if (p->pid > 0 && (p->closing || p->nitems >=
				    (__atomic_load_n(&p->pg->quick, __ATOMIC_RELAXED) ? AHEAD : AHEAD_SLOW)))
					continue;
				if (p->pid <= 0 && spawn(run, w, p) != 0) {
					snprintf(err, errlen, "cannot start a scoring process: %s",
					         strerror(errno));
					rc = NS_ERR_RULE;
					goto out;
				}
				int i = queue[--nq];
				if (dispatch(p, i, &pd[i]) != 0) {
					/* it died: i waits for another process; what it
					 * died on is known once its output is read to the
					 * end (below) */
					queue[nq++] = i;
					if (p->nitems > 0) {
						p->closing = 1;
					} else {
						/* one that retired after its last answer is no
						 * process dying as it starts */
						int st = reap(p, 1);
						if (!(WIFEXITED(st) && WEXITSTATUS(st) == EXIT_RETIRED) &&
						    ++stillborn > 8) {
							snprintf(err, errlen, "scoring processes die as they start");
							rc = NS_ERR_RULE;
							goto out;
						}
					}
				}
				more = 1;
			}
		}
		struct pollfd fds[64];
		int busy[64], nb = 0;
		double now = mono(), wait = limit;
		for (int k = 0; k < jobs; k++)
			if (ps[k].pid > 0 && ps[k].nitems > 0) {
				fds[nb] = (struct pollfd){ps[k].fd, POLLIN, 0};
				busy[nb++] = k;
				double left = started(&ps[k]) + limit - now;
				if (left < wait)
					wait = left;
			}
		if (nb == 0 && nq == 0)
			break;
		if (nb == 0)
			continue;
		if (poll(fds, (nfds_t)nb, wait > 0 ? (int)(wait * 1000) + 1 : 0) < 0 &&
		    errno != EINTR) {
			snprintf(err, errlen, "poll: %s", strerror(errno));
			rc = NS_ERR_RULE;
			goto out;
		}
		now = mono();
		for (int b = 0; b < nb; b++) {
			proc *p = &ps[busy[b]];
			if (fds[b].revents) {
				if (p->cap - p->len < 65536) {
					p->cap = p->cap * 2 + 65536;
					char *nb2 = realloc(p->buf, p->cap);
					if (!nb2) {
						snprintf(err, errlen, "out of memory");
						rc = NS_ERR_NOMEM;
						goto out;
					}
					p->buf = nb2;
				}
				ssize_t k = read(p->fd, p->buf + p->len, p->cap - p->len);
				if (k < 0 && errno == EINTR)
					continue;
				if (k > 0) {
					p->len += (size_t)k;
					take_output(run, p, pd, queue, &nq);
					stillborn = 0;
					if (p->len > maxline && p->nitems > 0) {
						/* a result past what the caps allow: not
						 * read further, nor kept */
						int i = p->items[0];
						for (int m = p->nitems - 1; m > 0; m--)
							queue[nq++] = p->items[m];
						p->nitems = 0;
						reap(p, 1);
						p->len = 0;
						nse_rule_failure(&run->items[i], "the scoring process sent a "
						             "result larger than the caps on findings allow");
					}
					continue;
				}
				/* it died: reaped first (its items kept), for why */
				int nitems = p->nitems;
				int st = reap(p, 0);
				p->nitems = nitems;
				if (WIFEXITED(st) && WEXITSTATUS(st) == EXIT_RETIRED) {
					/* between two reports: the ones it had not begun
					 * go to a fresh process, nobody blamed */
					for (int m = p->nitems - 1; m >= 0; m--)
						queue[nq++] = p->items[m];
					p->nitems = 0;
				} else {
					int held = WIFEXITED(st) && WEXITSTATUS(st) == EXIT_MEMORY_HELD;
					int k = stopped_at(run, p, pd, queue, &nq, held ? 'M' : 'C');
					if (k >= 0 && k < nchecks)
						brk.suspect[k] = 1; /* a crash or memory left held counts
						                     * as a time-out does: each costs a
						                     * process */
				}
			} else if (now - started(p) > limit) {
				int k = stopped_at(run, p, pd, queue, &nq, 'T');
				if (k >= 0 && k < nchecks)
					brk.suspect[k] = 1;
				reap(p, 1);
				if (p->stop_mark && *p->stop_mark > 0) /* it ended as it was killed */
					*p->stop_mark = -*p->stop_mark;
			}
			p->stop_mark = NULL;
		}
		breaker(run, &brk, pd, queue, &nq);
		nse_stream_ready(run);
	}
out:
	for (int k = 0; k < jobs; k++) {
		if (ps[k].pid > 0)
			reap(&ps[k], rc != NS_OK);
		free(ps[k].buf);
	}
	munmap(shm, sizeof(progress) * (size_t)jobs);
	if (run->profiled) {
		add_costs(run);
		munmap(run->profiled, cost_bytes);
		run->profiled = NULL;
	}
	for (int i = 0; i < n; i++)
		if (!run->items[i].result && !run->items[i].json)
			nse_rule_failure(&run->items[i], rc != NS_OK ? err : "not scored");
	nse_stream_ready(run);
	free(queue);
	for (int i = 0; i < n; i++)
		for (int m = 0; m < pd[i].nskip; m++)
			free(pd[i].skip[m].at);
	for (int i = 0; pd && i < run->n; i++)
		free(pd[i].skip);
	free(pd);
	free(brk.suspect);
	free(brk.tripped);
	free(file_of);
	return rc;
}

/* A report is incomplete when something it was to be scored with did not
 * run to its end: a check broke on it (an error, a limit, a time-out, the
 * breaker), it was never scored, or it did not load.  Its score is not
 * comparable with a complete one's, so it ranks after every complete
 * report, however high its score (docs/results.md). */
int nse_incomplete(const item *it)
{
	return it->worst == NS_OUTCOME_ERRORS;
}

static int by_rank(const void *a, const void *b)
{
	const item *x = a, *y = b;
	/* the ranking first, then the other years (newest first), then the
	 * duplicates */
	int gx = x->role == ROLE_DUP_AGENCY ? ROLE_DUP_CONTENT : x->role;
	int gy = y->role == ROLE_DUP_AGENCY ? ROLE_DUP_CONTENT : y->role;
	if (gx != gy)
		return gx < gy ? -1 : 1;
	if (gx == ROLE_CONTEXT) {
		int yx = x->r ? x->r->meta.year : 0, yy = y->r ? y->r->meta.year : 0;
		if (yx != yy)
			return yx < yy ? 1 : -1;
	}
	if (nse_incomplete(x) != nse_incomplete(y))
		return nse_incomplete(x) ? 1 : -1;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	const char *ax = x->r && x->r->meta.agency ? x->r->meta.agency : "";
	const char *ay = y->r && y->r->meta.agency ? y->r->meta.agency : "";
	int c = strcmp(ax, ay);
	if (c)
		return c;
	int yx = x->r ? x->r->meta.year : 0, yy = y->r ? y->r->meta.year : 0;
	if (yx != yy)
		return yx < yy ? 1 : -1;
	return strcmp(x->path, y->path);
}

typedef struct dup_key {
	const char *a; /* sha256, or NULL: by the agency's name's key (nse_name) */
	int year, idx;
	char tail[10];
} dup_key;

#define DUP_KEY(d) ((d)->a ? (d)->a : (d)->tail)

static int cmp_dup_key(const void *a, const void *b)
{
	const dup_key *x = a, *y = b;
	int c = strcmp(DUP_KEY(x), DUP_KEY(y));
	if (c)
		return c;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Are items a and b (of the group k[first, last]) one agency, and every
 * other of the group either both's or neither's?  nm: each item's name,
 * made ready. */
static int same_one(const nse_name *nm, const dup_key *k, int first, int last, int a, int b)
{
	if (!nse_same_prepped(&nm[a], &nm[b]))
		return 0;
	for (int o = first; o <= last; o++) {
		int x = k[o].idx;
		if (x != a && x != b && nse_same_prepped(&nm[x], &nm[a]) != nse_same_prepped(&nm[x], &nm[b]))
			return 0;
	}
	return 1;
}

/* Duplicates by content (the same sha256), or by agency and year: a
 * second report of one agency (as ctx.previous knows agencies: "县教育局",
 * "中共青岚县委教育工委 青岚县教育局" are 青岚县教育局) for one year.  The
 * first in run order is ranked; a later one is its duplicate — when no
 * third report of the year is one of the two agencies and not the other
 * ("县教育局" with 青岚县教育局 and 白水县教育局 names neither).  Each name is
 * written alike once, and only the names the suffix index gives are
 * compared (a key holds a province's every 教育局). */
static void mark_duplicates(ns_run *run, int by_agency)
{
	/* the names and their index as nse_link_previous made them (none when
	 * it ran out of memory: no report is scored then) */
	const nse_name *nm = run->names;
	if (by_agency && (!nm || !run->names_ix))
		return;
	dup_key *k = malloc(sizeof *k * (size_t)(run->n ? run->n : 1));
	int nk = 0, *cand = NULL, ncap = 0;
	if (!k)
		return;
	for (int i = 0; i < run->n; i++) {
		const ns_report *r = run->items[i].r;
		if (!r || run->items[i].role != ROLE_RANKED)
			continue;
		const char *a = by_agency ? r->meta.agency : r->meta.sha256;
		if (!a || !*a || (by_agency && !r->meta.year))
			continue;
		dup_key *d = &k[nk++];
		*d = (dup_key){by_agency ? NULL : a, by_agency ? r->meta.year : 0, i, ""};
		if (by_agency)
			memcpy(d->tail, nm[i].key, sizeof nm[i].key);
	}
	qsort(k, (size_t)nk, sizeof *k, cmp_dup_key);
	for (int j = 1, first = 0, last = 0; j < nk; j++) {
		if (strcmp(DUP_KEY(&k[first]), DUP_KEY(&k[j])) || k[first].year != k[j].year) {
			first = j; /* a key of its own: the first of its group */
			continue;
		}
		if (last < j) /* the group's last key */
			for (last = j; last + 1 < nk && !strcmp(DUP_KEY(&k[first]), DUP_KEY(&k[last + 1])) &&
			               k[first].year == k[last + 1].year; last++)
				;
		int me = k[j].idx, of = -1; /* the first before it in run order */
		if (!by_agency) {
			for (int m = first; m < j && of < 0; m++)
				if (run->items[k[m].idx].role == ROLE_RANKED)
					of = k[m].idx;
		} else {
			/* (the index holds every item's name: the role and the year
			 * say which are of the group) */
			int nc = nse_suffixes_find(run->names_ix, &nm[me], &cand, &ncap);
			for (int c = 0; c < nc && cand[c] < me && of < 0; c++)
				if (run->items[cand[c]].role == ROLE_RANKED &&
				    run->items[cand[c]].r->meta.year == k[j].year &&
				    same_one(nm, k, first, last, cand[c], me))
					of = cand[c];
		}
		if (of < 0)
			continue;
		item *it = &run->items[me];
		it->role = by_agency ? ROLE_DUP_AGENCY : ROLE_DUP_CONTENT;
		it->dup_of = run->items[of].path;
	}
	free(cand);
	free(k);
}

/* Which reports are ranked: the year (ns_run_set_year), duplicates. */
static void assign_roles(ns_run *run)
{
	run->rank_year = run->year_mode > 0 ? run->year_mode : 0;
	for (int i = 0; i < run->n; i++) {
		run->items[i].role = ROLE_RANKED;
		run->items[i].dup_of = NULL;
		run->items[i].compared_with = NULL;
		const ns_report *r = run->items[i].r;
		if (run->year_mode < 0 && r && r->meta.year > run->rank_year)
			run->rank_year = r->meta.year;
	}
	mark_duplicates(run, 0);
	mark_duplicates(run, 1);
	/* a report of another year is context; one whose year is unknown, or
	 * that did not load, stays in the ranking: it is not known to be
	 * another year's */
	for (int i = 0; i < run->n; i++) {
		const ns_report *r = run->items[i].r;
		if (run->rank_year && run->items[i].role == ROLE_RANKED && r && r->meta.year &&
		    r->meta.year != run->rank_year)
			run->items[i].role = ROLE_CONTEXT;
	}
}

/* The year ranked (nianshen.h): 0 every year together (the default), -1
 * the latest year of the run, else that year (before ns_run_execute). */
int ns_run_set_year(ns_run *run, int year)
{
	int rc = run_changeable(run, "ns_run_set_year");
	if (rc != NS_OK)
		return rc;
	if (year < -1)
		return nsc_fail(run->ctx, NS_ERR_ARG, "ns_run_set_year: no year %d", year);
	run->year_mode = year;
	return nsc_ok(run->ctx);
}

/* An agency expected to publish (a roster): listed as not published when
 * no report of the ranked year is its. */
int nse_run_expect(ns_run *run, const char *agency, const char *type)
{
	if (!run || !agency || !*agency)
		return NS_ERR_ARG;
	for (int k = 0; k < run->nroster; k++)
		if (strcmp(run->roster[k].agency, agency) == 0)
			return 1;
	roster_entry *p = realloc(run->roster, sizeof *p * (size_t)(run->nroster + 1));
	if (!p)
		return NS_ERR_NOMEM;
	run->roster = p;
	p[run->nroster].agency = strdup(agency);
	p[run->nroster].type = type && *type ? strdup(type) : NULL;
	p[run->nroster].missing = 0;
	run->nroster++;
	return NS_OK;
}

/* A year asked for (ns_run_set_year) that no loaded report is of: the run
 * would rank nobody and list every report as another year's, so it is
 * refused, naming the years the run holds.  Reports that did not load say
 * nothing of their year: a run of nothing but those is not refused (their
 * load errors are its story). */
static int check_year(ns_run *run)
{
	if (run->year_mode <= 0 || run->n == 0)
		return NS_OK;
	int *ys = malloc(sizeof *ys * (size_t)run->n), ny = 0;
	if (!ys)
		return nsc_fail(run->ctx, NS_ERR_NOMEM, "ns_run_execute: out of memory");
	for (int i = 0; i < run->n; i++) {
		const ns_report *r = run->items[i].r;
		if (!r)
			continue;
		if (r->meta.year == run->year_mode) {
			free(ys);
			return NS_OK;
		}
		ys[ny++] = r->meta.year;
	}
	if (ny == 0) {
		free(ys);
		return NS_OK;
	}
	qsort(ys, (size_t)ny, sizeof *ys, nse_cmp_int);
	char list[256];
	size_t o = 0;
	for (int k = 0, said = 0; k < ny && o < sizeof list; k++)
		if (k == 0 || ys[k] != ys[k - 1]) {
			const char *sep = said++ ? ", " : "";
			o += ys[k] > 0 ? (size_t)snprintf(list + o, sizeof list - o, "%s%d", sep, ys[k])
			               : (size_t)snprintf(list + o, sizeof list - o, "%sunknown", sep);
		}
	free(ys);
	return nsc_fail(run->ctx, NS_ERR_ARG, "no report of %d in the run; years present: %s; "
	                "nothing was scored", run->year_mode, list);
}

int ns_run_execute(ns_run *run, int jobs)
{
	int rc = run_changeable(run, "ns_run_execute");
	if (rc != NS_OK)
		return rc;
	/* refused before anything runs: the run stays unexecuted, and may be
	 * executed once the caller has mended its jobs or year */
	if (jobs < 1)
		return nsc_fail(run->ctx, NS_ERR_ARG, "jobs must be 1 or more (got %d): the "
		                "number of scoring processes", jobs);
	if ((rc = check_year(run)) != NS_OK)
		return rc;
	run->executed = 1;
	run->ran_at = time(NULL);
	if (jobs > 64)
		jobs = 64;
	char err[700] = "";
	rc = nse_build_copies(run, jobs);
	if (rc == NS_OK)
		rc = nse_link_previous(run);
	assign_roles(run);
	/* a report of another year that a ranked one compares with (its
	 * ctx.previous or previous2): its result says which (compared_with),
	 * before the items move */
	for (int i = 0; rc == NS_OK && i < run->n; i++)
		for (int b = 0; b < 2 && run->items[i].role == ROLE_RANKED; b++) {
			int p = run->previous[b * run->n + i];
			if (p >= 0 && run->items[p].role == ROLE_CONTEXT && !run->items[p].compared_with)
				run->items[p].compared_with = run->items[i].path;
		}
	if (rc != NS_OK)
		snprintf(err, sizeof err, "out of memory building the copy index");
	else
		rc = supervise(run, jobs, err, sizeof err);
	/* ranking: the reports were shared by index while scoring, so the
	 * items move only now */
	nse_free_names(run); /* (per item: the items move) */
	qsort(run->items, (size_t)run->n, sizeof *run->items, by_rank);
	run->worst = NS_OUTCOME_PASSED;
	for (int i = 0, rank = 1; i < run->n; i++) {
		if (run->items[i].worst > run->worst)
			run->worst = run->items[i].worst;
		/* equal scores share a rank (1, 1, 3): the order among them is
		 * only alphabetical; reports not ranked (another year, a
		 * duplicate) come after the ranked ones and have no rank */
		if (i > 0 && (run->items[i].score != run->items[i - 1].score ||
		              nse_incomplete(&run->items[i]) != nse_incomplete(&run->items[i - 1])))
			rank = i + 1;
		run->items[i].rank = run->items[i].role == ROLE_RANKED ? rank : 0;
	}
	/* an agency of the roster that published no report has failed the
	 * first indicator of all: a run that says "all passed" would hide it */
	if (nse_not_published(run) > 0 && run->worst < NS_OUTCOME_FAILURES)
		run->worst = NS_OUTCOME_FAILURES;
	if (rc != NS_OK)
		return nsc_fail(run->ctx, rc, "%s", err);
	return nsc_ok(run->ctx);
}

int ns_run_set_profile(ns_run *run, int on)
{
	int rc = run_changeable(run, "ns_run_set_profile");
	if (rc != NS_OK)
		return rc;
	run->profile = on != 0;
	return nsc_ok(run->ctx);
}

int ns_run_costs(const ns_run *run)
{
	return run && run->costs ? run->s->nchecks : 0;
}

const ns_check_cost *ns_run_cost(const ns_run *run, int k)
{
	return k >= 0 && k < ns_run_costs(run) ? &run->costs[k] : NULL;
}

ns_ctx *nse_run_ctx(const ns_run *run);
ns_ctx *nse_run_ctx(const ns_run *run)
{
	return run->ctx;
}

void ns_run_free(ns_run *run)
{
	if (!run)
		return;
	for (int i = 0; i < run->n; i++) {
		ns_report_release(run->items[i].r);
		free(run->items[i].path);
		free(run->items[i].load_msg);
		free(run->items[i].named);
		free(run->items[i].json);
		cJSON_Delete(run->items[i].result);
	}
	nse_free_names(run);
	free(run->items);
	free(run->previous);
	for (int k = 0; k < run->nroster; k++) {
		free(run->roster[k].agency);
		free(run->roster[k].type);
	}
	free(run->roster);
	for (int k = 0; run->meta_text && k < run->s->nchecks; k++)
		free(run->meta_text[k]);
	free(run->meta_text);
	nse_copies_free(run->copies);
	free(run->costs);
	free(run);
}
