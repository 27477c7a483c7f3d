/*
 * runout.c — a run's results: each assembled from what its scoring
 * process sent, streamed as lines (ns_run_stream) and written as
 * the results document (docs/results.md) without holding the district's
 * tree; the findings API (results.c) reads the trees made here.
 */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A check's metadata, the head of each of its findings in the results
 * (the scheme's strings, referenced). */
static cJSON *check_meta(const nse_indref *I)
{
	cJSON *o = cJSON_CreateObject();
	nse_put(o, "rule", nse_ref(I->id));
	nse_put(o, "version", nse_ref(I->version));
	nse_put(o, "title", nse_ref(I->title));
	nse_put(o, "category", nse_ref(I->category));
	nse_put(o, "severity", nse_ref(I->severity));
	nse_put(o, "basis", nse_ref(I->basis));
	return o;
}

void nse_expand_findings(const ns_scheme *s, cJSON *res)
{
	cJSON *fs = cJSON_GetObjectItemCaseSensitive(res, "findings");
	for (cJSON *f = fs ? fs->child : NULL; f; f = f->next) {
		cJSON *k = f->child;
		if (!k || !k->string || strcmp(k->string, "check") != 0 || !cJSON_IsNumber(k) ||
		    k->valueint < 0 || k->valueint >= s->nchecks)
			continue;
		cJSON *o = check_meta(s->checks[k->valueint]);
		cJSON_Delete(cJSON_DetachItemViaPointer(f, k));
		for (cJSON *c; (c = f->child) != NULL;) {
			cJSON_DetachItemViaPointer(f, c);
			if (!cJSON_AddItemToObject(o, c->string, c)) /* out of memory */
				cJSON_Delete(c);
		}
		if (!cJSON_HasObjectItem(o, "deduction"))
			nse_put(o, "deduction", cJSON_CreateNumber(0));
		cJSON_ReplaceItemViaPointer(fs, f, o);
		f = o;
	}
}

/* What every result says beside its outcome: whether it is complete, and
 * whether it is ranked (docs/results.md). */
static void mark_result(const ns_run *run, const item *it, cJSON *res)
{
	if (!cJSON_HasObjectItem(res, "incomplete"))
		cJSON_AddBoolToObject(res, "incomplete", nse_incomplete(it));
	if (cJSON_HasObjectItem(res, "ranked"))
		return;
	cJSON_AddBoolToObject(res, "ranked", it->role == ROLE_RANKED);
	if (it->role == ROLE_CONTEXT) {
		cJSON_AddStringToObject(res, "unranked", "context");
		cJSON_AddNumberToObject(res, "ranked_year", run->rank_year);
		if (it->compared_with)
			cJSON_AddStringToObject(res, "compared_with", it->compared_with);
	} else if (it->role != ROLE_RANKED) {
		cJSON_AddStringToObject(res, "unranked", it->role == ROLE_DUP_CONTENT
		                        ? "duplicate_content" : "duplicate_agency_year");
		cJSON_AddStringToObject(res, "duplicate_of", it->dup_of ? it->dup_of : "");
	}
}

/* The result tree of an item: the JSON its scoring process wrote, parsed
 * when first asked for (scoring itself never needs the tree). */
static cJSON *result_of(const ns_run *run, item *it)
{
	if (!it->result && it->json) {
		it->result = cJSON_Parse(it->json);
		free(it->json);
		it->json = NULL;
		if (!it->result)
			nse_rule_failure(it, "the scoring process sent an unreadable result");
		else
			nse_expand_findings(run->s, it->result);
	}
	/* every result says whether it is complete, next to its outcome */
	if (it->result)
		mark_result(run, it, it->result);
	return it->result;
}

/*
 * Streaming (ns_run_stream).  A report's line is written once its result
 * is final: the breaker can still send a report back to be scored again
 * while a report before it in the run's order is not known, so lines go
 * out in that order, each as soon as it and every report before it are
 * known.  That makes the stream the same whatever the number of scoring
 * processes.  The line is the object results[] holds, less "rank", which
 * needs every score.  It is printed from a parsed copy of what the
 * process sent: the item keeps its text, which the breaker reads as "the
 * check ran here" (a tree in its place would change its decisions).
 */
static void stream_write(ns_run *run, const char *p, size_t n)
{
	if (n && !run->stream.err[0] && nsp_write_all(run->stream.fd, p, n) < n)
		snprintf(run->stream.err, sizeof run->stream.err, "write error: %s",
		         errno ? strerror(errno) : "nothing written");
}

static int write_result_text(FILE *f, const ns_run *run, const item *it, int with_rank);

void nse_stream_ready(ns_run *run)
{
	while (run->stream.on && !run->stream.err[0] && run->stream.next < run->n) {
		item *it = &run->items[run->stream.next];
		if (!it->json && !it->result)
			return; /* not known yet: nothing after it goes out */
		char *line = NULL;
		const char *why = "out of memory";
		if (it->json) { /* as it was sent, written without a tree */
			size_t n = 0;
			FILE *m = open_memstream(&line, &n);
			int bad = !m || write_result_text(m, run, it, 0) != 0;
			if (m && fclose(m) != 0)
				bad = 1;
			if (bad) {
				free(line);
				line = NULL;
				why = "a scoring process sent an unreadable result";
			}
		} else {
			const cJSON *res = result_of(run, it);
			line = res ? nsw_json_line(res) : NULL;
			if (!res)
				why = "a scoring process sent an unreadable result";
		}
		if (!line) {
			snprintf(run->stream.err, sizeof run->stream.err, "%s", why);
			return;
		}
		size_t len = strlen(line);
		line[len] = '\n'; /* one write per line where the system allows */
		/* a line cut by a full disk is taken back (a regular file): the
		 * stream ends with the lines written whole, each final.  Where
		 * the line starts: the file's end when it is written appending
		 * (`>> all.ndjson`: the offset says 0 there, and truncating to
		 * it lost every shard before), else the offset */
		struct stat st;
		off_t at = !run->stream.regular ? -1
		         : !run->stream.appending ? lseek(run->stream.fd, 0, SEEK_CUR)
		         : fstat(run->stream.fd, &st) == 0 ? st.st_size : -1;
		stream_write(run, line, len + 1);
		if (run->stream.err[0] && at >= 0 && ftruncate(run->stream.fd, at) == 0)
			lseek(run->stream.fd, at, SEEK_SET);
		free(line);
		run->stream.next++;
	}
}

int ns_run_stream(ns_run *run, int fd)
{
	if (!run)
		return NS_ERR_ARG;
	run->stream.on = fd >= 0;
	run->stream.fd = fd;
	/* what a failed write takes back (nse_stream_ready): a regular file's
	 * cut line, from its offset, or from its end when written appending */
	struct stat st;
	int fl = fd >= 0 ? fcntl(fd, F_GETFL) : -1;
	run->stream.regular = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	run->stream.appending = fl >= 0 && (fl & O_APPEND);
	run->stream.next = 0;
	run->stream.err[0] = 0;
	return NS_OK;
}

const char *ns_run_stream_error(const ns_run *run)
{
	return run && run->stream.err[0] ? run->stream.err : NULL;
}

/* One report: a run of one, so that it is supervised the same way. */
int ns_score_json(ns_ctx *ctx, const ns_scheme *s, const ns_report *r,
                  char **json_out, int *worst)
{
	if (!ctx || !s || !r || !json_out)
		return nsc_fail(ctx, NS_ERR_ARG, "ns_score_json: invalid argument");
	*json_out = NULL;
	ns_run *run = ns_run_new(ctx, s);
	if (!run || ns_run_add(run, (ns_report *)r) != NS_OK) {
		ns_run_free(run);
		return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	}
	int rc = ns_run_execute(run, 1);
	if (rc == NS_OK) {
		*json_out = nsw_json_line(result_of(run, &run->items[0]));
		if (worst)
			*worst = run->items[0].worst;
	}
	ns_run_free(run);
	return rc == NS_OK ? nsc_ok(ctx) : rc;
}

int ns_run_worst(const ns_run *run)
{
	return run ? run->worst : NS_OUTCOME_ERRORS;
}

cJSON *nse_run_tree(const ns_run *run);

/* Agencies' names, each made ready once and found through the suffix
 * index: a roster matched against the reports, and the reports against
 * it, without comparing every entry with every report (a province's
 * roster and its tens of thousands). */
typedef struct name_set {
	nse_name *nm;
	int n;
	nse_suffixes *ix;
	int *cand, ncap;
} name_set;

static void set_free(name_set *s)
{
	nse_names_free(s->nm, s->n);
	nse_suffixes_free(s->ix);
	free(s->cand);
}

/* The set of names[0, n) (NULL ones left out): 0, or -1 out of memory. */
static int set_make(name_set *s, const char *const *names, int n)
{
	*s = (name_set){0};
	if (!(s->nm = calloc((size_t)n + 1, sizeof *s->nm)))
		return -1;
	for (s->n = 0; s->n < n; s->n++)
		if (names[s->n] && nse_name_prep(names[s->n], &s->nm[s->n]))
			return -1;
	return (s->ix = nse_suffixes_new(s->nm, s->n)) ? 0 : -1;
}

/* Does s hold a name of agency's (nse_same_name)? */
static int set_holds(name_set *s, const char *agency)
{
	nse_name want;
	if (nse_name_prep(agency, &want))
		return 0;
	int nc = nse_suffixes_find(s->ix, &want, &s->cand, &s->ncap), found = 0;
	for (int c = 0; c < nc && !found; c++)
		found = nse_same_prepped(&s->nm[s->cand[c]], &want);
	nse_name_free(&want);
	return found;
}

int nse_not_published(ns_run *run)
{
	/* the agencies of the ranked year's reports (a file that did not
	 * load: the one its name gives, nsm_title_agency) */
	const char **names = malloc(sizeof *names * (size_t)(run->n + 1));
	name_set v;
	int missing = 0, ok = names != NULL;
	for (int i = 0; ok && i < run->n; i++) {
		const item *it = &run->items[i];
		int year = it->r ? it->r->meta.year : it->named_year;
		names[i] = !run->rank_year || year == run->rank_year
		           ? (it->r ? it->r->meta.agency : it->named) : NULL;
	}
	ok = ok && set_make(&v, names, run->n) == 0;
	for (int k = 0; k < run->nroster; k++) {
		/* (memory short: none is said not to have published) */
		run->roster[k].missing = ok && !set_holds(&v, run->roster[k].agency);
		missing += run->roster[k].missing;
	}
	if (names)
		set_free(&v);
	free(names);
	return missing;
}

/* The agencies of the ranked year's reports that the roster does not
 * list (a 未发布 name a slip of the keyboard away from one is said), into
 * names; how many.  names holds run->n. */
static int unlisted(const ns_run *run, const char **names)
{
	const char **listed = malloc(sizeof *listed * (size_t)(run->nroster + 1));
	name_set roster;
	int n = 0;
	for (int q = 0; listed && q < run->nroster; q++)
		listed[q] = run->roster[q].agency;
	if (listed && set_make(&roster, listed, run->nroster) == 0)
		for (int i = 0; i < run->n; i++) {
			const ns_report *r = run->items[i].r;
			if (r && r->meta.agency && (!run->rank_year || r->meta.year == run->rank_year) &&
			    !set_holds(&roster, r->meta.agency))
				names[n++] = r->meta.agency;
		}
	if (listed)
		set_free(&roster);
	free(listed);
	return n;
}

/* The roster's agencies with no report of the ranked year, as
 * nse_not_published found them when the run was scored. */
static cJSON *not_published(const ns_run *run)
{
	cJSON *arr = cJSON_CreateArray();
	const char **names = NULL; /* unlisted(), made at the first 未发布 */
	int nn = 0;
	for (int k = 0; k < run->nroster; k++) {
		if (!run->roster[k].missing)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "agency", run->roster[k].agency);
		cJSON_AddItemToObject(o, "agency_type", run->roster[k].type
		                      ? cJSON_CreateString(run->roster[k].type) : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "year", run->rank_year ? cJSON_CreateNumber(run->rank_year)
		                                                : cJSON_CreateNull());
		/* an agency of the run the roster does not list, a slip of the
		 * keyboard away ("财证局" for "财政局") or shortened ("发改局" for
		 * "发展和改革局"): said, never taken for it */
		if (!names && (names = malloc(sizeof *names * (size_t)(run->n + 1))))
			nn = unlisted(run, names);
		const char *near = nn ? nse_closest_agency(run->roster[k].agency, names, nn) : NULL;
		if (near)
			cJSON_AddStringToObject(o, "closest", near);
		cJSON_AddItemToArray(arr, o);
	}
	free(names);
	return arr;
}

/* A result as the printed ranking reads it: its head (who, score, counts,
 * marks), made from the item without parsing what the scoring process
 * sent — parsing every result cost more than ranking needs, and holding
 * every tree more memory than the district's reports. */
static cJSON *light_result(const ns_run *run, const item *it)
{
	cJSON *res = nse_result_head(it->r, it->path);
	nse_load_diagnostics(res, it->r);
	cJSON *c = cJSON_AddObjectToObject(res, "counts");
	for (int k = 0; k < 5; k++)
		cJSON_AddNumberToObject(c, nse_count_keys[k], it->counts[k]);
	cJSON_AddNumberToObject(res, "score", it->score);
	cJSON_AddNumberToObject(res, "max_score", nse_max_score(run->s));
	cJSON_AddNumberToObject(res, "outcome", it->worst);
	mark_result(run, it, res);
	return res;
}

static void set_rank(cJSON *res, const item *it)
{
	cJSON *rank = it->rank ? cJSON_CreateNumber(it->rank) : cJSON_CreateNull();
	if (cJSON_HasObjectItem(res, "rank"))
		cJSON_ReplaceItemInObjectCaseSensitive(res, "rank", rank);
	else
		cJSON_AddItemToObject(res, "rank", rank);
}

/* A result to write and forget: the item's tree when it has one, else a
 * tree parsed for the caller (*own, to delete), so that writing a district
 * holds one result's tree at a time. */
static cJSON *result_to_write(const ns_run *run, const item *it, cJSON **own)
{
	*own = NULL;
	cJSON *res = it->result;
	if (!res && it->json) {
		res = *own = cJSON_Parse(it->json);
		if (res)
			nse_expand_findings(run->s, res);
	}
	if (res) {
		mark_result(run, it, res);
		set_rank(res, it);
	}
	return res;
}

/* Check k's metadata as nse_expand_findings() puts it before a finding's own
 * fields, as JSON text without its braces ("rule":…,"basis":…). */
static char *check_meta_text(const ns_scheme *s, int k)
{
	cJSON *o = check_meta(s->checks[k]);
	char *t = nsw_json_line(o);
	cJSON_Delete(o);
	size_t n = t ? strlen(t) : 0;
	if (n < 2) {
		free(t);
		return NULL;
	}
	memmove(t, t + 1, n - 2);
	t[n - 2] = 0;
	return t;
}

/* A result a scoring process sent, written as result_to_write() and
 * cJSON would print it, from its text: each finding's head {"check":K,
 * becomes the check's metadata, and the marks (and the rank) go before
 * the closing brace.  No string of the result can hold {"check": (its
 * quotes are escaped in a JSON string), so only findings' heads match.
 * Parsing and printing every result was the whole of the time after
 * scoring (34 s of 100,000 reports).  The rank only in the results file
 * (the stream's lines have none).  -1: not written (out of memory, or a text that is no object). */
static int write_result_text(FILE *f, const ns_run *run, const item *it, int with_rank)
{
	ns_run *w = (ns_run *)run; /* its cache of the checks' metadata */
	if (!w->meta_text && !(w->meta_text = calloc((size_t)run->s->nchecks + 1, sizeof(char *))))
		return -1;
	char **meta = w->meta_text;
	const char *p = it->json;
	size_t len = strlen(p);
	if (len < 2 || p[0] != '{' || p[len - 1] != '}')
		return -1;
	const char *end = p + len - 1; /* the closing brace */
	int ok = 1;
	for (const char *h; ok && (h = strstr(p, "{\"check\":")) != NULL && h < end;) {
		const char *q = h + 9;
		char *e;
		long k = strtol(q, &e, 10);
		if (e == q || *e != ',' || k < 0 || k >= run->s->nchecks) {
			ok = fwrite(p, 1, (size_t)(q - p), f) == (size_t)(q - p);
			p = q; /* as nse_expand_findings() leaves it */
			continue;
		}
		if (!meta[k] && !(meta[k] = check_meta_text(run->s, (int)k)))
			return -1;
		ok = fwrite(p, 1, (size_t)(h + 1 - p), f) == (size_t)(h + 1 - p) &&
		     fputs(meta[k], f) >= 0 && fputc(',', f) != EOF;
		p = e + 1;
	}
	cJSON *tail = cJSON_CreateObject();
	mark_result(run, it, tail);
	if (with_rank)
		set_rank(tail, it);
	char *t = nsw_json_line(tail);
	cJSON_Delete(tail);
	ok = ok && t && fwrite(p, 1, (size_t)(end - p), f) == (size_t)(end - p) &&
	     fputc(',', f) != EOF && fputs(t + 1, f) >= 0;
	free(t);
	return ok ? 0 : -1;
}

/* where nse_run_write_json puts the results: a control character cannot
 * stand in any string cJSON prints (it escapes them) */
#define RESULTS_HERE "\001results\001"

/* The results document; with results_as: every result as `light_result`
 * (1), or none (2: the caller writes them, nse_run_write_json). */
static cJSON *run_tree(const ns_run *run, int results_as)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "nianshen", NS_VERSION);
	/* the marker a district folder's old results are known by (score.c) */
	cJSON_AddStringToObject(root, "generator", "nianshen-results");
	char when[32];
	struct tm tm;
	gmtime_r(&run->ran_at, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON_AddStringToObject(root, "ran_at", when);
	cJSON *sj = cJSON_AddObjectToObject(root, "scheme");
	cJSON_AddStringToObject(sj, "name", run->s->name);
	cJSON_AddItemToObject(sj, "version", run->s->version ? cJSON_CreateString(run->s->version) : cJSON_CreateNull());
	cJSON_AddStringToObject(sj, "path", run->s->path);
	cJSON_AddStringToObject(sj, "sha256", run->s->sha256);
	cJSON_AddNumberToObject(sj, "max_score", nse_max_score(run->s));
	/* the groups and their indicators, for subtotals and matrices */
	cJSON *gj = cJSON_AddArrayToObject(sj, "groups");
	for (int g = 0; g < run->s->ngroups; g++) {
		const nse_group *G = &run->s->groups[g];
		cJSON *o = cJSON_CreateObject();
		nse_put(o, "name", nse_ref(G->name));
		nse_put(o, "points", cJSON_CreateNumber(G->points));
		cJSON *inds = cJSON_AddArrayToObject(o, "indicators");
		for (int k = 0; k < G->ninds; k++) {
			cJSON *ij = cJSON_CreateObject();
			nse_put(ij, "id", nse_ref(G->inds[k].id));
			nse_put(ij, "title", nse_ref(G->inds[k].title));
			nse_put(ij, "severity", nse_ref(G->inds[k].severity));
			nse_put(ij, "cap", cJSON_CreateNumber(G->inds[k].cap));
			cJSON_AddItemToArray(inds, ij);
		}
		cJSON_AddItemToArray(gj, o);
	}
	cJSON *sum = cJSON_AddObjectToObject(root, "summary");
	int loaded = 0;
	for (int i = 0; i < run->n; i++)
		loaded += run->items[i].r != NULL;
	cJSON_AddNumberToObject(sum, "reports", run->n);
	cJSON_AddNumberToObject(sum, "loaded", loaded);
	cJSON_AddNumberToObject(sum, "failed_to_load", run->n - loaded);
	int nincomplete = 0;
	for (int i = 0; i < run->n; i++)
		nincomplete += nse_incomplete(&run->items[i]);
	cJSON_AddNumberToObject(sum, "incomplete", nincomplete);
	cJSON_AddNumberToObject(sum, "outcome", run->worst);
	int nrole[4] = {0, 0, 0, 0};
	for (int i = 0; i < run->n; i++)
		nrole[run->items[i].role]++;
	cJSON_AddItemToObject(sum, "year", run->rank_year ? cJSON_CreateNumber(run->rank_year)
	                                                  : cJSON_CreateNull());
	cJSON_AddNumberToObject(sum, "ranked", nrole[ROLE_RANKED]);
	cJSON_AddNumberToObject(sum, "context", nrole[ROLE_CONTEXT]);
	cJSON_AddNumberToObject(sum, "duplicates", nrole[ROLE_DUP_CONTENT] + nrole[ROLE_DUP_AGENCY]);
	cJSON *np = not_published(run);
	cJSON_AddNumberToObject(sum, "not_published", cJSON_GetArraySize(np));
	/* (2: a token the writer puts the results in place of) */
	cJSON *arr = results_as == 2 ? cJSON_AddRawToObject(root, "results", RESULTS_HERE)
	                             : cJSON_AddArrayToObject(root, "results");
	for (int i = 0; i < run->n && results_as != 2; i++) {
		item *it = (item *)&run->items[i];
		if (results_as == 1 && !it->result && it->json) {
			cJSON *res = light_result(run, it);
			set_rank(res, it);
			cJSON_AddItemToArray(arr, res);
			continue;
		}
		/* the tree is the run's: a cache of what the processes sent */
		cJSON *res = result_of(run, it);
		if (!res)
			continue;
		set_rank(res, it);
		cJSON_AddItemReferenceToArray(arr, res);
	}
	/* reports sharing a 五, each group once (docs/results.md) */
	cJSON_AddItemToObject(root, "copy_groups", nse_copies_groups_json(run->copies));
	/* agencies of the roster that published no report of the year */
	cJSON_AddItemToObject(root, "not_published", np);
	return root;
}

cJSON *nse_run_tree(const ns_run *run)
{
	return run_tree(run, 0);
}

cJSON *nse_run_summary(const ns_run *run)
{
	return run_tree(run, 1);
}

/* The results document as JSON, a result at a time: the document's head
 * and tail as cJSON prints them, between them each result printed, written
 * and forgotten (a district of 10,000 reports made a 150 MB string of a
 * tree of every result before; now one result's).  Each result is one
 * line: still one JSON document, and a result is found with grep. */
int nse_run_write_json(const ns_run *run, FILE *f)
{
	cJSON *root = run_tree(run, 2);
	char *doc = root ? cJSON_Print(root) : NULL;
	cJSON_Delete(root);
	char *at = doc ? strstr(doc, RESULTS_HERE) : NULL;
	if (!at) {
		free(doc);
		return NS_ERR_NOMEM;
	}
	int ok = fwrite(doc, 1, (size_t)(at - doc), f) == (size_t)(at - doc) && fputc('[', f) != EOF;
	for (int i = 0, first = 1; ok && i < run->n; i++) {
		const item *it = &run->items[i];
		if (!it->result && it->json) { /* as it was sent: no tree */
			ok = fputs(first ? "\n" : ",\n", f) >= 0 &&
			     write_result_text(f, run, it, 1) == 0;
			first = 0;
			continue;
		}
		cJSON *own;
		const cJSON *res = result_to_write(run, it, &own);
		char *line = res ? nsw_json_line(res) : NULL;
		cJSON_Delete(own);
		if (res && !line) {
			ok = 0;
			break;
		}
		if (line) {
			ok = fputs(first ? "\n" : ",\n", f) >= 0 && fputs(line, f) >= 0;
			first = 0;
		}
		free(line);
	}
	ok = ok && fputc(']', f) != EOF && fputs(at + strlen(RESULTS_HERE), f) >= 0 &&
	     fputc('\n', f) != EOF;
	free(doc);
	return ok ? NS_OK : NS_ERR_IO;
}

/* results.c reads the results through these two (the findings API of
 * nianshen.h): the number of items and item i's result tree in rank order,
 * made ready and given its rank as nse_run_tree does. */
int nse_run_count(const ns_run *run)
{
	return run ? run->n : 0;
}

cJSON *nse_run_result(const ns_run *run, int i)
{
	if (!run || i < 0 || i >= run->n)
		return NULL;
	cJSON *res = result_of(run, (item *)&run->items[i]);
	if (res && !cJSON_HasObjectItem(res, "rank"))
		set_rank(res, &run->items[i]);
	return res;
}

char *ns_run_json(const ns_run *run, int pretty)
{
	if (!run)
		return NULL;
	cJSON *root = nse_run_tree(run);
	char *s = pretty ? cJSON_Print(root) : nsw_json_line(root);
	cJSON_Delete(root);
	return s;
}

