/*
 * wcommon.h — what the results writers share (internal to core/src/out):
 * reading the result tree, Chinese labels for ids, statuses and roles.
 */
#ifndef NS_WCOMMON_H
#define NS_WCOMMON_H

#include "out/writers.h"
#include "text/text.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

static inline const cJSON *jget(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static inline const char *str(const cJSON *o, const char *k, const char *dflt)
{
	const cJSON *v = jget(o, k);
	return cJSON_IsString(v) ? v->valuestring : dflt;
}

static inline double num(const cJSON *o, const char *k)
{
	const cJSON *v = jget(o, k);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static inline int has_num(const cJSON *o, const char *k)
{
	return cJSON_IsNumber(jget(o, k));
}


/* A result whose checks did not all run to their end (or that did not
 * load): its score is not comparable, and every writer says so where the
 * rank stands (docs/results.md). */
static inline int incomplete(const cJSON *res)
{
	return cJSON_IsTrue(jget(res, "incomplete"));
}

/* Is the result in the ranking (not another year's, not a duplicate)? */
static inline int ranked(const cJSON *res)
{
	return !cJSON_IsFalse(jget(res, "ranked"));
}

/* The finding's status as an auditor reads it: a failing info finding is a
 * hint (提示), never 不符合. */
const char *nsw_status(const cJSON *fd);
/* Why a result is not ranked, in Chinese ("" when it is ranked). */
const char *nsw_role(const cJSON *res);
/* A group's column header in the ranking: "NAME（N分）", or "group:NAME"
 * (ids); malloc'd, the whole name however long (NULL when memory ran
 * out).  A fixed buffer cut long names inside a character, with their
 * "（N分）", and two of them made one header. */
char *nsw_group_header(const cJSON *g, int ids);
/* Agency type id → 部门 / 政府 / 乡镇（街道） / 未知. */
const char *nsw_agency_type(const char *type);
/* A load diagnostic's code (load_diagnostics.codes) as a reader says it:
 * edition.outdated → 使用旧版格式; the code itself when not known. */
const char *nsw_diag_label(const char *code);
/* One piece of evidence as a reader says it: what (labels from the
 * template), its value, where (第N行, 第P页), and for another report's
 * evidence (ctx.previous) that report's year and file. */
void nsw_evidence(const cJSON *ev, char *buf, size_t cap);
/* Indicators of the scheme in its order (scheme.groups[].indicators), or
 * from the findings when the tree has none: an array of {id, title,
 * severity, group} the caller deletes. */
cJSON *nsw_indicators(const cJSON *root);
/* A result's finding for an indicator (first one failing if any). */
const cJSON *nsw_finding_of(const cJSON *res, const char *rule);
/* The points a result lost on an indicator (groups[].deductions[]): the
 * indicator's, however many findings made it (the first finding's own
 * deduction is only its part). */
double nsw_deduction_of(const cJSON *res, const char *rule);

/* The character at s[0..n) and whether an XML (XLSX) or HTML file may
 * hold it: XML 1.0 has no C0 controls but tab, LF and CR, and neither
 * U+FFFE nor U+FFFF (one of them in sharedStrings.xml and the workbook
 * does not open); HTML (html != 0) makes DEL, C1 controls and the other
 * noncharacters parse errors too.  A byte that is not UTF-8 is one
 * character that may not be held.  Returns 1 when it may, with *len its
 * bytes. */
int nsw_markup_char(const char *s, size_t n, int html, size_t *len);
/* s with every character a markup file may not hold (nsw_markup_char)
 * replaced by U+FFFD, as the results' other texts are mended: a malloc'd
 * copy, or NULL when s is clean (or NULL, or memory ran out). */
char *nsw_markup_text(const char *s, int html);

int nsw_write_csv(const cJSON *root, FILE *f, int ids);
int nsw_write_html(const cJSON *root, FILE *f);
int nsw_write_xlsx(const cJSON *root, const char *path);

#endif
