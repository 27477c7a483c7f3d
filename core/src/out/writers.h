/*
 * writers.h — the results writers and the run's ranking options (internal:
 * the CLI and the writers; docs/results.md).
 */
#ifndef NS_WRITERS_H
#define NS_WRITERS_H

#include "nianshen.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>

/* item as compact JSON: the bytes cJSON_PrintUnformatted gives, several
 * times faster (jsonline.c); NULL when it cannot (no memory, an item
 * cJSON cannot print).  free() the text. */
char *nsw_json_line(const cJSON *item);

/* Every results file nianshen writes carries this marker (the JSON's
 * "generator", the HTML's <meta name=generator>, the XLSX's properties):
 * a district folder that holds them is not read for reports. */
#define NS_RESULTS_MARK "nianshen-results"

/* The format a file's name says: "json", "ndjson", "csv", "html" (.html,
 * .htm) or "xlsx", by its extension, any case; NULL for any other name.
 * What ns_run_write goes by, and what ns_run_write_as and the CLI hold a
 * format asked for against (a CSV named r.json is refused). */
const char *nsw_format_named(const char *path);

/* Do these first bytes of a file carry the marker? */
int nsw_is_results(const char *buf, size_t len);
/* Is the file at path a workbook nianshen wrote (the marker in its
 * docProps/core.xml, compressed where nsw_is_results cannot see it)? */
int nsw_xlsx_is_results(const char *path);

/* An agency a roster expects a report of: listed as not published (未发布)
 * when the run holds none of the ranked year (run.c).  NS_OK, 1 when the
 * roster lists it already (counted once), or an error. */
int nse_run_expect(ns_run *run, const char *agency, const char *type);
/* The results as one tree (runout.c): every writer reads it. */
cJSON *nse_run_tree(const ns_run *run);
/* The same with each result's head only (who, score, counts, rank, marks;
 * no groups, no findings), made without parsing any: what the printed
 * ranking reads.  Delete it after use. */
cJSON *nse_run_summary(const ns_run *run);
/* The results document as JSON into f, one result at a time (runout.c). */
int nse_run_write_json(const ns_run *run, FILE *f);

/* A cell, row or table id of the template ("t3.received.natural_person")
 * as a reader says it (表三“本年新收政府信息公开申请数量”行“自然人”列), into
 * buf; the id itself when it is not the template's. */
const char *nsw_label(const char *id, char *buf, size_t cap);
/* Severity id → 严重 / 一般 / 提示. */
const char *nsw_severity(const char *sev);

#endif
