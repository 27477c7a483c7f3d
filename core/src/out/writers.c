/*
 * writers.c — a district run's results as JSON, CSV, HTML and XLSX.
 * Every writer reads the same result tree (nse_run_tree) so that the files
 * agree with each other and with the terminal.  What they share (labels,
 * statuses) is here; each format has its file (csv.c, html.c, xlsx.c).
 */
#include "map/template.h"
#include "model/model.h"
#include "out/outfile.h"
#include "out/wcommon.h"
#include "text/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

ns_ctx *nse_run_ctx(const ns_run *run);

int nsw_is_results(const char *buf, size_t len)
{
	static const char mark[] = NS_RESULTS_MARK;
	size_t m = sizeof mark - 1;
	/* asked of the head of every file of a district: memmem, not a loop */
	for (const char *p = buf, *end = buf + len;
	     (p = memmem(p, (size_t)(end - p), mark, m)) != NULL; p++) {
		/* the marker where nianshen puts it: a "generator" key or meta
		 * element just before it, not the word in a text */
		const char *from = p - buf > 40 ? p - 40 : buf;
		if (memmem(from, (size_t)(p - from), "generator", 9))
			return 1;
	}
	return 0;
}

const char *nsw_severity(const char *sev)
{
	if (!sev)
		return "";
	if (strcmp(sev, "error") == 0)
		return "严重";
	if (strcmp(sev, "warning") == 0)
		return "一般";
	if (strcmp(sev, "info") == 0)
		return "提示";
	return sev;
}

const char *nsw_status(const cJSON *fd)
{
	const char *st = str(fd, "status", "");
	if (strcmp(st, "fail") == 0)
		return strcmp(str(fd, "severity", ""), "info") == 0 ? "提示" : "不符合";
	if (strcmp(st, "na") == 0)
		return "无法评估或不适用";
	if (strcmp(st, "error") == 0)
		return "规则出错";
	if (strcmp(st, "pass") == 0)
		return "符合";
	return st;
}

const char *nsw_role(const cJSON *res)
{
	const char *u = str(res, "unranked", "");
	if (strcmp(u, "context") == 0)
		return "往年报告（仅供对比，不参与排名）";
	if (strcmp(u, "duplicate_content") == 0)
		return "重复（与另一文件内容相同，不参与排名）";
	if (strcmp(u, "duplicate_agency_year") == 0)
		return "重复（同一单位同一年度的另一份报告，不参与排名）";
	return "";
}

const char *nsw_diag_label(const char *code)
{
	static const char *const labels[][2] = {
		{"edition.outdated", "使用旧版格式"}, {"table.missing", "表格缺失"},
		{"table.images", "表格为图片，无法读取"}, {"section.missing", "缺少部分"},
		{"section.order", "部分顺序与模板不同"}, {"section.numbering", "部分编号与模板不同"},
		{"row.missing", "表格缺行"}, {"row.short", "表格行数据不全"},
		{"row.long", "表格行数据多于模板"},
		{"row.tab_fields", "表格行首尾空栏按空白格读取，请核对"}, {"cell.text", "表格中有非数字内容"},
		{"cell.unit", "单位写在格内"}, {"label.unknown", "有模板外的表格行"},
		{"meta.agency", "未识别单位名称"}, {"meta.title", "未识别标题"},
		{"meta.year", "未识别年度"}, {"source.encoding", "含无法解码的字节或两种编码"},
		{"source.nul", "含空字符"},
	};
	for (size_t k = 0; code && k < sizeof labels / sizeof *labels; k++)
		if (strcmp(code, labels[k][0]) == 0)
			return labels[k][1];
	return code ? code : "";
}

char *nsw_group_header(const cJSON *g, int ids)
{
	const char *name = str(g, "name", "");
	char pts[64];
	snprintf(pts, sizeof pts, "%g", num(g, "points"));
	size_t len = strlen(name) + strlen(pts) + 32;
	char *h = malloc(len);
	if (!h)
		return NULL;
	if (ids)
		snprintf(h, len, "group:%s", name);
	else
		snprintf(h, len, "%s（%s分）", name, pts);
	return h;
}

const char *nsw_agency_type(const char *type)
{
	if (!type)
		return "";
	if (strcmp(type, "department") == 0)
		return "部门";
	if (strcmp(type, "government") == 0)
		return "政府";
	if (strcmp(type, "township") == 0)
		return "乡镇（街道）";
	if (strcmp(type, "unknown") == 0)
		return "未知";
	return type;
}

/* The label up to a parenthesised remark: "部分公开（区分处理的，…）". */
static void short_label(const char *label, char *out, size_t cap)
{
	const char *paren = strstr(label, "（");
	size_t n = paren && paren > label ? (size_t)(paren - label) : strlen(label);
	snprintf(out, cap, "%.*s", (int)n, label);
}

const char *nsw_label(const char *id, char *buf, size_t cap)
{
	static const char *const tnames[] = {"表二", "表三", "表四"};
	char part[3][64] = {"", "", ""};
	int np = 0;
	for (const char *p = id ? id : ""; *p && np < 3; np++) {
		size_t n = strcspn(p, ".");
		snprintf(part[np], sizeof part[np], "%.*s", (int)(n < 63 ? n : 63), p);
		p += n;
		if (*p == '.')
			p++;
	}
	int t = np ? nsm_table_index(part[0]) : -1;
	if (t < 0) {
		int s = -1;
		for (int k = 0; k < NS_NSECTIONS && id; k++)
			if (strcmp(id, nsm_section_ids[k]) == 0)
				s = k;
		if (s >= 0)
			snprintf(buf, cap, "第%s部分“%s”", (const char *[]){"一", "二", "三", "四",
			         "五", "六"}[s], strstr(nsm_section_titles[s], "、")
			         ? strstr(nsm_section_titles[s], "、") + 3 : nsm_section_titles[s]);
		else
			snprintf(buf, cap, "%s", id ? id : "");
		return buf;
	}
	const nsm_table *tpl = nsm_table_get(t, NS_EDITION_2021);
	int row = np > 1 ? nsm_row_index(tpl, part[1]) : -1;
	if (np > 1 && row < 0) { /* a row of the 2019 trial template */
		tpl = nsm_table_get(t, NS_EDITION_2019);
		row = nsm_row_index(tpl, part[1]);
	}
	int col = np > 2 ? nsm_col_index(tpl, part[2]) : -1;
	if ((np > 1 && row < 0) || (np > 2 && col < 0)) {
		snprintf(buf, cap, "%s", id);
		return buf;
	}
	char rl[128] = "", cl[128] = "";
	if (row >= 0)
		short_label(tpl->rows[row].label, rl, sizeof rl);
	if (col >= 0)
		short_label(tpl->cols[col].label, cl, sizeof cl);
	if (t == NSM_T2 && row >= 0 && tpl->rows[row].group) /* t2: which sub-table */
		snprintf(buf, cap, "%s%s“%s”行%s%s%s", tnames[t], tpl->rows[row].group, rl,
		         col >= 0 ? "“" : "", cl, col >= 0 ? "”列" : "");
	else
		snprintf(buf, cap, "%s%s%s%s%s%s%s", tnames[t], row >= 0 ? "“" : "", rl,
		         row >= 0 ? "”行" : "", col >= 0 ? "“" : "", cl, col >= 0 ? "”列" : "");
	return buf;
}

/* At most max bytes of s into out (cap > max + 3), cut at a character's
 * start and marked "…" when cut: a text piece of evidence is quoted, not
 * copied whole, and "%.400s" cut inside a character (shown as �). */
static const char *clip(const char *s, size_t max, char *out, size_t cap)
{
	size_t n = strlen(s);
	if (n <= max && n < cap) {
		memcpy(out, s, n + 1);
		return out;
	}
	if (max + 4 > cap)
		max = cap - 4;
	max = nst_char_start(s, max); /* back to the start of the character cut */
	memcpy(out, s, max);
	memcpy(out + max, "…", 4);
	return out;
}

/* The end of buf cut inside a character (snprintf stops at a byte) goes. */
static void whole_chars(char *buf)
{
	size_t n = strlen(buf);
	if (n == 0)
		return;
	size_t k = nst_char_start(buf, n - 1); /* where the last character starts */
	uint32_t cp;
	if (nst_utf8_decode(buf + k, n - k, &cp) != (int)(n - k))
		buf[k] = 0;
}

void nsw_evidence(const cJSON *ev, char *buf, size_t cap)
{
	const char *kind = str(ev, "kind", "");
	char what[512] = "", lab[256];
	if (strcmp(kind, "cell") == 0)
		snprintf(what, sizeof what, "%s = %s", nsw_label(str(ev, "cell", ""), lab, sizeof lab),
		         str(ev, "raw", "空"));
	else if (strcmp(kind, "row") == 0 || strcmp(kind, "table") == 0 ||
	         strcmp(kind, "section") == 0)
		snprintf(what, sizeof what, "%s", nsw_label(str(ev, kind, ""), lab, sizeof lab));
	else if (strcmp(kind, "text") == 0) {
		const char *sec = str(ev, "section", NULL);
		char text[408];
		snprintf(what, sizeof what, "%s%s“%s”", sec ? nsw_label(sec, lab, sizeof lab) : "",
		         sec ? "：" : "", clip(str(ev, "text", ""), 400, text, sizeof text));
	} else {
		char text[508];
		snprintf(what, sizeof what, "%s", clip(str(ev, "text", kind), 500, text, sizeof text));
	}
	char where[96] = "";
	if (num(ev, "line") > 0) {
		if (num(ev, "page") > 0)
			snprintf(where, sizeof where, "（第%g页第%g行）", num(ev, "page"), num(ev, "line"));
		else
			snprintf(where, sizeof where, "（第%g行）", num(ev, "line"));
	}
	const cJSON *other = jget(ev, "report");
	char from[640] = "";
	if (other) {
		const char *p = str(other, "path", "");
		const char *b = strrchr(p, '/');
		char name[508];
		clip(b ? b + 1 : p, 500, name, sizeof name);
		if (has_num(other, "year"))
			snprintf(from, sizeof from, "〔%g年度报告 %s〕", num(other, "year"), name);
		else
			snprintf(from, sizeof from, "〔另一报告 %s〕", name);
	}
	snprintf(buf, cap, "%s%s%s", from, what, where);
	whole_chars(buf);
}

cJSON *nsw_indicators(const cJSON *root)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *g, *ind;
	cJSON_ArrayForEach(g, jget(jget(root, "scheme"), "groups")) {
		cJSON_ArrayForEach(ind, jget(g, "indicators")) {
			cJSON *seen = NULL, *o;
			cJSON_ArrayForEach(o, out)
				if (strcmp(str(o, "id", ""), str(ind, "id", "?")) == 0)
					seen = o;
			if (seen) {
				/* in two groups (shared = true): one row, named by both,
				 * its deduction what both lost (nsw_deduction_of) */
				char both[1024];
				snprintf(both, sizeof both, "%s、%s", str(seen, "group", ""), str(g, "name", ""));
				cJSON_ReplaceItemInObject(seen, "group", cJSON_CreateString(both));
				continue;
			}
			cJSON *o2 = cJSON_CreateObject();
			cJSON_AddStringToObject(o2, "id", str(ind, "id", ""));
			cJSON_AddStringToObject(o2, "title", str(ind, "title", ""));
			cJSON_AddStringToObject(o2, "severity", str(ind, "severity", ""));
			cJSON_AddStringToObject(o2, "group", str(g, "name", ""));
			cJSON_AddItemToArray(out, o2);
		}
	}
	if (cJSON_GetArraySize(out) > 0)
		return out;
	const cJSON *res, *fd;
	cJSON_ArrayForEach(res, jget(root, "results"))
		cJSON_ArrayForEach(fd, jget(res, "findings")) {
			int seen = 0;
			const cJSON *o;
			cJSON_ArrayForEach(o, out)
				seen |= strcmp(str(o, "id", ""), str(fd, "rule", "?")) == 0;
			if (seen)
				continue;
			cJSON *o2 = cJSON_CreateObject();
			cJSON_AddStringToObject(o2, "id", str(fd, "rule", ""));
			cJSON_AddStringToObject(o2, "title", str(fd, "title", ""));
			cJSON_AddStringToObject(o2, "severity", str(fd, "severity", ""));
			cJSON_AddStringToObject(o2, "group", "");
			cJSON_AddItemToArray(out, o2);
		}
	return out;
}

const cJSON *nsw_finding_of(const cJSON *res, const char *rule)
{
	const cJSON *fd, *got = NULL;
	cJSON_ArrayForEach(fd, jget(res, "findings")) {
		if (strcmp(str(fd, "rule", ""), rule) != 0)
			continue;
		const char *st = str(fd, "status", "");
		if (strcmp(st, "fail") == 0 || strcmp(st, "error") == 0)
			return fd;
		if (!got || strcmp(str(got, "status", ""), "pass") == 0)
			got = fd;
	}
	return got;
}

double nsw_deduction_of(const cJSON *res, const char *rule)
{
	double points = 0;
	const cJSON *g, *d;
	cJSON_ArrayForEach(g, jget(res, "groups"))
		cJSON_ArrayForEach(d, jget(g, "deductions"))
			if (strcmp(str(d, "indicator", ""), rule) == 0)
				points += num(d, "points");
	return points;
}

const char *nsw_format_named(const char *path)
{
	static const struct { const char *ext, *fmt; } named[] = {{".json", "json"},
		{".ndjson", "ndjson"}, {".csv", "csv"}, {".html", "html"}, {".htm", "html"},
		{".xlsx", "xlsx"}};
	size_t n = strlen(path);
	for (size_t q = 0; q < sizeof named / sizeof *named; q++) {
		size_t m = strlen(named[q].ext);
		if (n > m && strcasecmp(path + n - m, named[q].ext) == 0)
			return named[q].fmt;
	}
	return NULL;
}

int ns_run_write(const ns_run *run, const char *path)
{
	return ns_run_write_as(run, path, NULL);
}

int ns_run_write_as(const ns_run *run, const char *path, const char *format)
{
	if (!run || !path)
		return NS_ERR_ARG;
	if (format && strcmp(format, "json") && strcmp(format, "csv") &&
	    strcmp(format, "csv-ids") && strcmp(format, "html") && strcmp(format, "xlsx"))
		return nsc_fail(nse_run_ctx(run), NS_ERR_ARG, "%s: unknown format '%s' "
		                "(json, csv, csv-ids, html, xlsx)", path, format);
	/* the name's format, or one asked for where the name says none:
	 * CSV into r.json would be opened as JSON by every tool */
	const char *named = nsw_format_named(path);
	int csv_ids = format && !strcmp(format, "csv-ids");
	if (format && named && strcmp(named, csv_ids ? "csv" : format) != 0)
		return nsc_fail(nse_run_ctx(run), NS_ERR_ARG, "%s is named as a %s file, but "
		                "would be written as %s: name it as one", path, named, format);
	const char *fmt = format ? format : named ? named : "json";
	int xlsx = !strcmp(fmt, "xlsx");
	int csv = !strcmp(fmt, "csv") || csv_ids;
	int html = !strcmp(fmt, "html");
	/* a temporary file beside path, renamed over it once complete
	 * (outfile.c): a failure leaves the previous file as it was.  It is
	 * made first: the reason goes on the context, and libxlsxwriter, which
	 * prints its own errors, is only called on a writable path */
	nso_file o;
	int e = nso_open(&o, path);
	if (e)
		return nsc_fail(nse_run_ctx(run), NS_ERR_IO, "%s: %s", path, strerror(e));
	/* JSON is written a result at a time; the others read one tree */
	int json = !xlsx && !csv && !html;
	cJSON *root = json ? NULL : nse_run_tree(run);
	int rc;
	FILE *f = o.f;
	if (json) {
		rc = nse_run_write_json(run, f);
	} else if (xlsx) {
		nso_release(&o);
		errno = 0; /* what libxlsxwriter met, for the message */
		rc = nsw_write_xlsx(root, o.tmp);
		if (rc != NS_OK && !o.err)
			o.err = errno;
	} else {
		if (csv) {
			rc = nsw_write_csv(root, f, csv_ids);
		} else {
			rc = nsw_write_html(root, f);
		}
	}
	cJSON_Delete(root);
	/* a device or FIFO is written in place: there is no previous file */
	const char *kept = o.direct ? "" : "; the previous file is left as it was";
	if (rc != NS_OK) {
		e = o.err;
		nso_abort(&o);
		return nsc_fail(nse_run_ctx(run), rc, "%s: write error%s%s%s", path,
		                e ? ": " : "", e ? strerror(e) : "", kept);
	}
	if ((e = nso_commit(&o)) != 0)
		return nsc_fail(nse_run_ctx(run), NS_ERR_IO, "%s: write error: %s%s", path,
		                strerror(e), kept);
	return nsc_ok(nse_run_ctx(run));
}

int nsw_markup_char(const char *s, size_t n, int html, size_t *len)
{
	uint32_t cp;
	int k = nst_utf8_decode(s, n, &cp);
	*len = k ? (size_t)k : 1;
	if (!k)
		return 0;
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	if ((cp & 0xFFFE) == 0xFFFE)
		return !html && cp > 0xFFFF; /* U+FFFE, U+FFFF; for HTML every plane's */
	if (html && ((cp >= 0x7F && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF)))
		return 0;
	return 1;
}

char *nsw_markup_text(const char *s, int html)
{
	if (!s)
		return NULL;
	size_t n = strlen(s), i = 0, len;
	while (i < n && nsw_markup_char(s + i, n - i, html, &len))
		i += len;
	if (i == n)
		return NULL;
	char *out = malloc(n * 3 + 1), *o = out; /* a byte becomes 3 at most */
	if (!out)
		return NULL;
	memcpy(o, s, i);
	o += i;
	while (i < n) {
		if (nsw_markup_char(s + i, n - i, html, &len)) {
			memcpy(o, s + i, len);
			o += len;
		} else {
			o += nst_utf8_encode(0xFFFD, o);
		}
		i += len;
	}
	*o = 0;
	return out;
}
