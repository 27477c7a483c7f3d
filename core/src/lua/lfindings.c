/*
 * lfindings.c — `f`, the findings recorder: f:fail, f:pass, f:na and
 * f:missing record a finding with its message and evidence, under the
 * run's caps on what a check may produce (docs/rules.md, "Limits").
 */
#include "run.h"
#include "text/text.h"

#include <string.h>

#define FINDINGS_MT "nianshen.findings"

/* What record() charges a finding and a piece of evidence besides their
 * texts: about what their JSON takes, so that NS_RUN_OUTPUT_BYTES bounds
 * the JSON a check makes whatever mix of findings and evidence it records. */
#define FINDING_COST 96
#define EVIDENCE_COST 128

/* The recorder of one check on one report: what it has recorded so far,
 * against the run's caps. */
typedef struct recorder {
	const long long *lim;  /* the run's NS_RUN_* */
	long long n, bytes;
	long long before;      /* what its file's checks before it kept */
	long long budget;      /* its file's share of the report's output cap */
	const char *id;        /* its indicator's (the scheme's string) */
	int ended;             /* its check has returned (nse_end_findings) */
} recorder;

/* A cap on output hit: an error no pcall of the rule catches (the sandbox's
 * pcall rethrows any limit, see limit_raised in sandbox.c), so that a check
 * cannot swallow it and go on recording. */
static int over_cap(lua_State *L, const char *fmt, lua_Integer cap)
{
	nse_state *S = nse_state_of(L);
	S->limit_hit = NSE_LIMIT_OUTPUT;
	return luaL_error(L, fmt, cap);
}

/* The bytes a string takes in the results' JSON: a control character six
 * ("\u0001"), a quote, a backslash and the usual escapes two, and a byte
 * that is not UTF-8 (or a NUL) three, as the results mend it to U+FFFD
 * (run.c, text_jsonl).  Counted as one each, text of control characters
 * was six times its caps, and text of such bytes three times. */
static size_t json_bytes(const char *s, size_t n)
{
	size_t out = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x80) {
			out += c == '"' || c == '\\' ? 2 : 1;
			i++;
			continue;
		}
		if (c < 0x20 && c) {
			out += c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t' ? 2 : 6;
			i++;
			continue;
		}
		/* three bytes led by E1–EC or EE–EF (every Han character, most of a
		 * message): any two continuation bytes make one, never overlong
		 * nor a surrogate (E0 and ED are left to the decoder), as in
		 * nst_utf8_valid */
		if (i + 3 <= n && ((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80 && ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
			out += 3;
			i += 3;
			continue;
		}
		uint32_t cp;
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (k && cp) {
			out += (size_t)k;
			i += (size_t)k;
		} else { /* mended: U+FFFD */
			out += 3;
			i++;
		}
	}
	return out;
}

/* The string at idx (of type string), in JSON bytes; 0 for any other. */
static size_t json_bytes_at(lua_State *L, int idx)
{
	size_t n = 0;
	const char *s = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &n) : NULL;
	return s ? json_bytes(s, n) : 0;
}

/* The bytes of text a piece of evidence brings into the results (its JSON
 * copies them), 0 for the report's own views (fixed size). */
static size_t evidence_bytes(lua_State *L, int idx)
{
	size_t n = 0;
	if (luaL_testudata(L, idx, NSE_NUMBER_MT)) {
		const nse_number *m = lua_touserdata(L, idx);
		return m->b - m->a;
	}
	if (lua_type(L, idx) == LUA_TSTRING) {
		n = json_bytes_at(L, idx);
	} else if (lua_istable(L, idx)) {
		lua_pushliteral(L, "text");
		lua_rawget(L, idx);
		lua_pushliteral(L, "section");
		lua_rawget(L, idx);
		n = json_bytes_at(L, -2) + json_bytes_at(L, -1);
		lua_pop(L, 2);
	}
	return n;
}

/* The fields of a table of evidence that the results read (run.c,
 * evidence_json), copied raw into a table of the engine's own, which
 * replaces it at idx: nothing the rule does to its table afterwards
 * reaches the results. */
static void snapshot_evidence(lua_State *L, int idx)
{
	const char *const *fields = nse_evidence_fields;
	lua_createtable(L, 0, 7);
	for (int k = 0; fields[k]; k++) {
		lua_pushstring(L, fields[k]);
		lua_pushvalue(L, -1);
		lua_rawget(L, idx);
		lua_rawset(L, -3);
	}
	lua_replace(L, idx);
}

/* f is a userdata whose user value holds the list of findings: rules reach
 * the list only through f:fail/f:pass/f:na, so what the engine reads back
 * after the check is always { status, message, evidence }.  Every cap is
 * checked here, as the check records, so that nothing over a cap is ever
 * kept, even in the check's own state. */
static int record(lua_State *L, const char *status)
{
	const char *name = status[0] == 'n' ? "na" : status;
	/* f.fail("…") passes the message where f belongs */
	if (!luaL_testudata(L, 1, FINDINGS_MT)) {
		const char *got = lua_isnone(L, 1) ? "nothing"
		                : lua_pushfstring(L, "a %s", luaL_typename(L, 1));
		return luaL_error(L, "f:%s(…) is called with a colon: f.%s(…) gives it %s "
		                  "instead of f", name, name, got);
	}
	recorder *rc = lua_touserdata(L, 1);
	/* f kept past its check (`saved = f`, then saved:fail() in another
	 * check or on the next report): its findings were read when its check
	 * ended, so what it records now would vanish without a word.  An
	 * error of the check that calls it, at its line (the sandbox puts the
	 * rule line in front), is what the author needs to see. */
	if (rc->ended)
		return luaL_error(L, "f:%s(): this recorder's check has ended: it was the f of "
		                  "indicator '%s' on an earlier report or check, and what it "
		                  "recorded now would be lost; record with the f your check is "
		                  "given (check = function(r, f, ctx))", name, rc->id ? rc->id : "?");
	const long long *lim = rc->lim;
	nse_check_finding(L, status); /* a message, and evidence that locates */
	int top = lua_gettop(L);
	/* evidence a helper module made comes as a read-only view of its
	 * table (sandbox.c): the engine reads the table itself, raw; and a
	 * table is kept as a copy of the fields the results read, taken now:
	 * the table stays the rule's, and what it wrote there after f:fail
	 * (a text of megabytes, line = -7) passed every cap and every check
	 * above, as its JSON is made after the check */
	for (int i = 3; i <= top; i++) {
		nse_push_target(L, i);
		lua_replace(L, i);
		if (lua_istable(L, i))
			snapshot_evidence(L, i);
	}
	if (++rc->n > lim[NS_RUN_FINDINGS])
		return over_cap(L, "findings cap exceeded: more than %I findings from one "
		                "check on one report", lim[NS_RUN_FINDINGS]);
	if (top - 2 > lim[NS_RUN_EVIDENCE])
		return over_cap(L, "evidence cap exceeded: more than %I pieces of evidence "
		                "for one finding", lim[NS_RUN_EVIDENCE]);
	size_t ml = 0;
	if (top >= 2) {
		luaL_tolstring(L, 2, NULL);
		lua_replace(L, 2); /* the message as recorded: tostring'd once */
		ml = json_bytes_at(L, 2);
		if ((long long)ml > lim[NS_RUN_MESSAGE_BYTES])
			return over_cap(L, "message cap exceeded: a finding's message is over "
			                "%I bytes", lim[NS_RUN_MESSAGE_BYTES]);
	}
	long long bytes = (long long)ml + FINDING_COST;
	for (int i = 3; i <= top; i++) {
		size_t eb = evidence_bytes(L, i);
		if ((long long)eb > lim[NS_RUN_MESSAGE_BYTES])
			return over_cap(L, "message cap exceeded: a piece of evidence has over "
			                "%I bytes of text", lim[NS_RUN_MESSAGE_BYTES]);
		bytes += (long long)eb + EVIDENCE_COST;
	}
	if ((rc->bytes += bytes) > lim[NS_RUN_OUTPUT_BYTES])
		return over_cap(L, "output cap exceeded: the findings of one check on one "
		                "report are over %I bytes", lim[NS_RUN_OUTPUT_BYTES]);
	/* all the checks of one report: the results of a district are held
	 * until they are written, and no scheme of many checks, each under
	 * its own cap, may make them grow without bound */
	if (rc->before + rc->bytes > rc->budget)
		return over_cap(L, "report output cap exceeded: with this check's, the "
		                "findings of its rule file's checks on this report are over %I "
		                "bytes (its share of --max-report-output)", rc->budget);
	lua_getiuservalue(L, 1, 1);
	lua_createtable(L, 0, 3);
	lua_pushstring(L, status);
	lua_setfield(L, -2, "status");
	if (top >= 2) {
		lua_pushvalue(L, 2);
		lua_setfield(L, -2, "message");
	}
	lua_createtable(L, top > 2 ? top - 2 : 0, 0);
	for (int i = 3; i <= top; i++) {
		lua_pushvalue(L, i);
		lua_rawseti(L, -2, i - 2);
	}
	lua_setfield(L, -2, "evidence");
	lua_rawseti(L, top + 1, (lua_Integer)lua_rawlen(L, top + 1) + 1);
	return 0;
}

static int f_fail(lua_State *L) { return record(L, "fail"); }
static int f_pass(lua_State *L) { return record(L, "pass"); }
static int f_na(lua_State *L) { return record(L, "na"); }
/* what the indicator checks is not in the report (a table, a section):
 * a failure that costs the indicator's cap (run.c, apply_scheme) */
static int f_missing(lua_State *L) { return record(L, "missing"); }

void nse_open_findings(lua_State *L)
{
	static const luaL_Reg methods[] = {{"fail", f_fail}, {"pass", f_pass},
		{"na", f_na}, {"missing", f_missing}, {NULL, NULL}};
	luaL_newmetatable(L, FINDINGS_MT);
	luaL_newlib(L, methods);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "locked by the nianshen sandbox");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
}

void nse_push_findings(lua_State *L, const long long *lim, const char *id,
                       long long report_before, long long budget)
{
	recorder *rec = lua_newuserdatauv(L, sizeof *rec, 1);
	*rec = (recorder){lim, 0, 0, report_before, budget, id, 0};
	lua_newtable(L);
	lua_setiuservalue(L, -2, 1);
	luaL_setmetatable(L, FINDINGS_MT);
}

long long nse_end_findings(lua_State *L, int idx)
{
	recorder *rc = luaL_testudata(L, idx, FINDINGS_MT);
	if (!rc)
		return 0;
	rc->ended = 1;
	return rc->bytes;
}
