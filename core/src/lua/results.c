/*
 * results.c — the findings API of nianshen.h: a run's results read in C,
 * without JSON text.
 *
 * The handles are the nodes of the very result tree ns_run_json prints
 * (runout.c keeps it per report and hands it out through nse_run_result), so
 * the two can never disagree and nothing is copied: an ns_result is a
 * result object, an ns_finding one of its findings.  Every string returned
 * is the tree's (or the scheme's, or the template's) and lives as long as
 * the run.  The tree is only ever read here.
 */
#include "engine.h"
#include "map/template.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading the tree ------------------------------------------------ */

static const cJSON *get(const void *o, const char *key)
{
	return o ? cJSON_GetObjectItemCaseSensitive((const cJSON *)o, key) : NULL;
}

static const char *str(const void *o, const char *key)
{
	const cJSON *v = get(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double num(const void *o, const char *key, double dflt)
{
	const cJSON *v = get(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static int integer(const void *o, const char *key)
{
	const cJSON *v = get(o, key);
	/* a few numbers (a finding's check index) are sent as raw text */
	if (cJSON_IsRaw(v) && v->valuestring)
		return (int)strtol(v->valuestring, NULL, 10);
	return cJSON_IsNumber(v) ? v->valueint : 0;
}

static const cJSON *nth(const void *o, const char *key, int i)
{
	const cJSON *a = get(o, key);
	return cJSON_IsArray(a) && i >= 0 ? cJSON_GetArrayItem(a, i) : NULL;
}

static int count(const void *o, const char *key)
{
	const cJSON *a = get(o, key);
	return cJSON_IsArray(a) ? cJSON_GetArraySize(a) : 0;
}

const char *ns_rules_dir(void)
{
	return nse_rules_dir();
}

/* ---- the run --------------------------------------------------------- */

int ns_score(ns_ctx *ctx, const ns_scheme *s, ns_report *r, ns_run **out)
{
	if (out)
		*out = NULL;
	if (!ctx || !s || !r || !out)
		return nsc_fail(ctx, NS_ERR_ARG, "ns_score: invalid argument");
	ns_run *run = ns_run_new(ctx, s);
	if (!run || ns_run_add(run, r) != NS_OK) {
		ns_run_free(run);
		return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	}
	int rc = ns_run_execute(run, 1);
	if (rc != NS_OK) {
		ns_run_free(run);
		return rc; /* the message is on ctx */
	}
	*out = run;
	return NS_OK;
}

int ns_run_count(const ns_run *run)
{
	return nse_run_count(run);
}

const ns_result *ns_run_result(const ns_run *run, int i)
{
	return (const ns_result *)nse_run_result(run, i);
}

/* ---- a result -------------------------------------------------------- */

const char *ns_result_path(const ns_result *res) { return str(res, "path"); }
const char *ns_result_agency(const ns_result *res) { return str(res, "agency"); }
const char *ns_result_agency_type(const ns_result *res) { return str(res, "agency_type"); }
const char *ns_result_sha256(const ns_result *res) { return str(res, "sha256"); }
int ns_result_year(const ns_result *res) { return integer(res, "year"); }
double ns_result_score(const ns_result *res) { return num(res, "score", NAN); }
double ns_result_max_score(const ns_result *res) { return num(res, "max_score", NAN); }
int ns_result_rank(const ns_result *res) { return integer(res, "rank"); }
const char *ns_result_load_error(const ns_result *res) { return str(res, "load_error"); }

int ns_result_outcome(const ns_result *res)
{
	const cJSON *v = get(res, "outcome");
	return cJSON_IsNumber(v) ? v->valueint : NS_OUTCOME_ERRORS;
}

int ns_result_incomplete(const ns_result *res)
{
	return cJSON_IsTrue(get(res, "incomplete"));
}

/* The JSON names the code ("NS_ERR_FORMAT"): back to its number. */
int ns_result_load_error_code(const ns_result *res)
{
	const char *name = str(res, "load_error_code");
	if (!name)
		return ns_result_load_error(res) ? NS_ERR_FORMAT : NS_OK;
	for (int c = NS_OK; c <= NS_ERR_NOTFOUND; c++)
		if (strcmp(ns_strerror(c), name) == 0)
			return c;
	return NS_ERR_FORMAT;
}

int ns_result_count(const ns_result *res, const char *which)
{
	return which ? integer(get(res, "counts"), which) : 0;
}

int ns_result_ngroups(const ns_result *res) { return count(res, "groups"); }

const char *ns_result_group_name(const ns_result *res, int g)
{
	return str(nth(res, "groups", g), "name");
}

double ns_result_group_points(const ns_result *res, int g)
{
	return num(nth(res, "groups", g), "points", NAN);
}

double ns_result_group_score(const ns_result *res, int g)
{
	return num(nth(res, "groups", g), "score", NAN);
}

int ns_result_nfindings(const ns_result *res) { return count(res, "findings"); }

const ns_finding *ns_result_finding(const ns_result *res, int k)
{
	return (const ns_finding *)nth(res, "findings", k);
}

/* ---- a finding ------------------------------------------------------- */

const char *ns_finding_rule(const ns_finding *f) { return str(f, "rule"); }
const char *ns_finding_version(const ns_finding *f) { return str(f, "version"); }
const char *ns_finding_title(const ns_finding *f) { return str(f, "title"); }
const char *ns_finding_category(const ns_finding *f) { return str(f, "category"); }
const char *ns_finding_basis(const ns_finding *f) { return str(f, "basis"); }
const char *ns_finding_status(const ns_finding *f) { return str(f, "status"); }
const char *ns_finding_severity(const ns_finding *f) { return str(f, "severity"); }
const char *ns_finding_message(const ns_finding *f) { return str(f, "message"); }
double ns_finding_deduction(const ns_finding *f) { return num(f, "deduction", 0); }
int ns_finding_nevidence(const ns_finding *f) { return count(f, "evidence"); }

static const cJSON *evidence(const ns_finding *f, int e)
{
	return nth(f, "evidence", e);
}

const char *ns_finding_evidence_kind(const ns_finding *f, int e)
{
	return str(evidence(f, e), "kind");
}

/* Part `part` (0 table, 1 row, 2 column) of the evidence's template
 * address: "t3.received.total" for a cell, "t3.received" for a row, "t3"
 * for a table.  The JSON has the joined name; the parts returned are the
 * template's own id strings (static), found by looking the name up in
 * either edition, so that nothing is allocated per call. */
static const char *address_part(const ns_finding *f, int e, int part)
{
	const cJSON *ev = evidence(f, e);
	const char *kind = str(ev, "kind");
	const char *name = NULL;
	int parts = 0;
	if (!kind)
		return NULL;
	if (strcmp(kind, "cell") == 0)
		name = str(ev, "cell"), parts = 3;
	else if (strcmp(kind, "row") == 0)
		name = str(ev, "row"), parts = 2;
	else if (strcmp(kind, "table") == 0)
		name = str(ev, "table"), parts = 1;
	if (!name || part >= parts)
		return NULL;
	char buf[128];
	if (strlen(name) >= sizeof buf)
		return NULL;
	strcpy(buf, name);
	char *row = strchr(buf, '.'), *col = NULL;
	if (row) {
		*row++ = 0;
		if ((col = strchr(row, '.')))
			*col++ = 0;
	}
	int t = nsm_table_index(buf);
	if (t < 0)
		return NULL;
	static const ns_edition eds[] = {NS_EDITION_2021, NS_EDITION_2019};
	for (int k = 0; k < 2; k++) {
		const nsm_table *tpl = nsm_table_get(t, eds[k]);
		if (part == 0)
			return tpl->id;
		int i = row ? nsm_row_index(tpl, row) : -1;
		if (i < 0)
			continue;
		if (part == 1)
			return tpl->rows[i].id;
		int j = col ? nsm_col_index(tpl, col) : -1;
		if (j >= 0)
			return tpl->cols[j].id;
	}
	return NULL;
}

const char *ns_finding_evidence_table(const ns_finding *f, int e) { return address_part(f, e, 0); }
const char *ns_finding_evidence_row(const ns_finding *f, int e) { return address_part(f, e, 1); }
const char *ns_finding_evidence_column(const ns_finding *f, int e) { return address_part(f, e, 2); }

const char *ns_finding_evidence_section(const ns_finding *f, int e)
{
	return str(evidence(f, e), "section");
}

const char *ns_finding_evidence_text(const ns_finding *f, int e)
{
	return str(evidence(f, e), "text");
}

const char *ns_finding_evidence_raw(const ns_finding *f, int e)
{
	return str(evidence(f, e), "raw");
}

int ns_finding_evidence_value(const ns_finding *f, int e, double *value)
{
	const cJSON *v = get(evidence(f, e), "value");
	if (!cJSON_IsNumber(v))
		return 0;
	if (value)
		*value = v->valuedouble;
	return 1;
}

int ns_finding_evidence_line(const ns_finding *f, int e) { return integer(evidence(f, e), "line"); }
int ns_finding_evidence_col(const ns_finding *f, int e) { return integer(evidence(f, e), "col"); }
int ns_finding_evidence_page(const ns_finding *f, int e) { return integer(evidence(f, e), "page"); }
