/*
 * lindex.h — the run's copy index (lindex.c): each report's 五 in its own
 * words, grouped, compared through an index built once per run in the
 * supervisor before the scoring processes fork (they inherit it
 * copy-on-write and read it, never change it).
 */
#ifndef NS_LINDEX_H
#define NS_LINDEX_H

#include "model/model.h"

#include <cjson/cJSON.h>
#include <lua.h>

typedef struct nse_copies nse_copies;

/* The index over section `sec` (0-based: 4 is 五) of reports[0..n) (NULL:
 * did not load), pairs over `threshold` (exact Dice of bigrams, as
 * text.similarity) confirmed; up to exact_max distinct texts every pair is
 * compared, beyond that MinHash with LSH bands gives the candidates.
 * NULL when out of memory. */
nse_copies *nse_copies_build(const ns_report *const *reports, int n, int sec,
                             double threshold, long long exact_max, int threads);
/* threads: up to this many share the comparisons (the run's --jobs); the
 * index is the same whatever their number */
#define NSE_COPIES_MAX_THREADS 16
void nse_copies_free(nse_copies *x);

#define NSE_COPIES_CLOSEST 3

/* What the index says of report `self`: peers as ctx.peers counts them
 * (same year, another agency); when its text is indexed, how many of them
 * are over the threshold and the closest few (report indexes, best first);
 * with exact comparison and none over it, the most similar peer. */
typedef struct nse_copy_answer {
	int peers;
	int indexed;       /* the section has enough words to compare */
	int count;         /* peers over the threshold */
	int capped;        /* the index looked at a bounded number of candidates */
	int exact;         /* every pair compared (a district of few texts) */
	int nclosest;
	int closest[NSE_COPIES_CLOSEST];
	double closest_sim[NSE_COPIES_CLOSEST];
	int best;          /* exact, count 0: the most similar peer, or -1 */
	double best_sim;
	int group;         /* its copy group, 1-based in the results, or 0 */
	double threshold;
} nse_copy_answer;

void nse_copies_query(const nse_copies *x, int self, nse_copy_answer *out);

/* "copy_groups" of the results: [{size, similarity: {min, max}, members:
 * [{path, agency, year}]}], largest first. */
cJSON *nse_copies_groups_json(const nse_copies *x);

/* text.own_words(s) → the words of s a copy is judged by, and how many Han
 * characters they have (ltext.c registers it) */
int nse_text_own_words(lua_State *L);
/* the character bigrams text.similarity compares (ltext.c) */
size_t nse_text_bigrams(const char *s, size_t n, uint64_t *out);

#endif
