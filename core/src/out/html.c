/*
 * html.c — the results as one self-contained HTML page for people
 * (docs/results.md): a district summary (score distribution as inline SVG,
 * the indicators failed most, copy groups, duplicates, agencies that
 * published nothing), the ranking with group subtotals, the reports of
 * other years and the duplicates apart, a heat map of indicators ×
 * agencies, then per report every finding that is not a pass with its
 * severity, basis, evidence in the template's words and the report's own
 * lines around it.  No external assets; a print stylesheet.
 */
#include "model/model.h"
#include "out/wcommon.h"
#include "text/text.h"

#include <fcntl.h>
#include <strings.h>
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Text into the page: markup escaped, and a character HTML does not allow
 * (a control character, U+FFFF, a byte that is not UTF-8: a rule's
 * message can hold any) shown as U+FFFD, as the JSON shows bad bytes. */
static void esc(FILE *f, const char *s)
{
	size_t n = s ? strlen(s) : 0, len;
	for (size_t i = 0; i < n; i += len) {
		if (!nsw_markup_char(s + i, n - i, 1, &len)) {
			fputs("\xEF\xBF\xBD", f); /* U+FFFD */
			continue;
		}
		switch (s[i]) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fwrite(s + i, 1, len, f);
		}
	}
}

/* before, text escaped, after: the most of what the page is made of */
static void wrap(FILE *f, const char *before, const char *text, const char *after)
{
	fputs(before, f);
	esc(f, text);
	fputs(after, f);
}

static void escn(FILE *f, const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && s[k])
		k++;
	char *part = malloc(k + 1);
	if (!part)
		return;
	memcpy(part, s, k);
	part[k] = 0;
	esc(f, part);
	free(part);
}

static const char *base_name(const char *p)
{
	const char *b = strrchr(p, '/');
	return b ? b + 1 : p;
}

/* ---- the report's own lines around a piece of evidence --------------- */

/* Source texts are read when the page is written, from the report's file
 * (decoded as the loader did: UTF-8 or GB18030), for the forms whose
 * positions are lines of that file (TXT, Markdown, HTML).  Bounded: a file
 * over SRC_MAX_BYTES is not read, a line is cut to a window around the
 * evidence, at most SRC_MAX_EXCERPTS excerpts per page.  The file may have
 * changed since it was scored (a crawler refreshing the folder during a
 * long run, an editor saving): its bytes are hashed and compared with the
 * sha256 its result holds, and a file that differs has its lines not shown
 * (they were other lines, highlighted as the evidence), only the words the
 * scoring process quoted. */
#define SRC_MAX_BYTES (16 << 20)
#define SRC_MAX_EXCERPTS 3000
#define SRC_CACHE 4

typedef struct src {
	char *path;
	char *text;   /* NULL: not readable or not a line-positioned form */
	size_t *line; /* byte offset of each line's start */
	int nlines;
	unsigned used;
	char sha256[65]; /* of the bytes read ("" if not all were) */
} src;

typedef struct srcs {
	src c[SRC_CACHE];
	unsigned tick;
	int excerpts;
	/* the run's results' files and digests, by path (digest_of): evidence
	 * from another report names only its path, and a linear search for
	 * each made a district's copy findings cost its size squared */
	struct digest { const char *path, *sha256; } *digests;
	int ndigests;
} srcs;

static int line_form(const char *path)
{
	static const char *const ext[] = {".txt", ".md", ".markdown", ".html", ".htm", NULL};
	size_t n = strlen(path);
	for (int k = 0; ext[k]; k++) {
		size_t m = strlen(ext[k]);
		if (n >= m && strcasecmp(path + n - m, ext[k]) == 0)
			return 1;
	}
	return 0;
}

static void src_load(src *s, const char *path)
{
	s->path = strdup(path);
	if (!line_form(path))
		return;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > SRC_MAX_BYTES) {
		close(fd);
		return;
	}
	char *buf = malloc((size_t)st.st_size + 1);
	size_t got = 0;
	while (buf && got < (size_t)st.st_size) {
		ssize_t k = read(fd, buf + got, (size_t)st.st_size - got);
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (!buf)
		return;
	if (got == (size_t)st.st_size) /* the file as the loader hashed it */
		ns_sha256_hex(buf, got, s->sha256);
	char *out = NULL;
	size_t outlen = 0, bad = 0;
	const char *enc = NULL;
	if (nst_to_utf8(buf, got, NULL, &out, &outlen, &enc, &bad) != 0) {
		free(buf);
		return;
	}
	free(buf);
	int cap = 256;
	s->line = malloc(sizeof *s->line * (size_t)cap);
	if (!s->line) {
		free(out);
		return;
	}
	s->line[s->nlines++] = 0;
	for (size_t i = 0; i < outlen; i++)
		if (out[i] == '\n') {
			out[i] = 0;
			if (i > 0 && out[i - 1] == '\r')
				out[i - 1] = 0;
			if (s->nlines == cap) {
				cap *= 2;
				size_t *p = realloc(s->line, sizeof *p * (size_t)cap);
				if (!p)
					break;
				s->line = p;
			}
			s->line[s->nlines++] = i + 1;
		}
	s->text = out;
}

static src *src_get(srcs *S, const char *path)
{
	src *lru = &S->c[0];
	for (int k = 0; k < SRC_CACHE; k++) {
		if (S->c[k].path && strcmp(S->c[k].path, path) == 0) {
			S->c[k].used = ++S->tick;
			return &S->c[k];
		}
		if (S->c[k].used < lru->used)
			lru = &S->c[k];
	}
	free(lru->path);
	free(lru->text);
	free(lru->line);
	memset(lru, 0, sizeof *lru);
	src_load(lru, path);
	lru->used = ++S->tick;
	return lru;
}

static void srcs_free(srcs *S)
{
	for (int k = 0; k < SRC_CACHE; k++) {
		free(S->c[k].path);
		free(S->c[k].text);
		free(S->c[k].line);
	}
}

/* byte offset of code point `col` (1-based) in s */
static size_t col_byte(const char *s, int col)
{
	size_t i = 0;
	for (int c = 1; c < col && s[i]; c++) {
		uint32_t cp;
		int k = nst_utf8_decode(s + i, strlen(s + i) > 4 ? 4 : strlen(s + i), &cp);
		i += k > 0 ? (size_t)k : 1;
	}
	return i;
}

/* One line of source: a window of about `width` bytes around byte `at`,
 * the needle (when found from `at`) marked. */
static void src_line(FILE *f, const char *line, size_t at, const char *needle, int hl)
{
	size_t n = strlen(line), width = 360;
	size_t from = at > 120 ? nst_char_start(line, at - 120) : 0;
	size_t to = from + width < n ? nst_char_start(line, from + width) : n;
	if (from > 0)
		fputs("…", f);
	size_t m = needle ? strlen(needle) : 0;
	const char *hit = NULL;
	if (hl && m && at <= n) {
		hit = strstr(line + at, needle);
		if (!hit || (size_t)(hit - line) >= to)
			hit = strstr(line + from, needle);
		if (hit && (size_t)(hit - line) + m > to)
			to = (size_t)(hit - line) + m < n ? (size_t)(hit - line) + m : n;
	}
	if (hit && (size_t)(hit - line) >= from) {
		escn(f, line + from, (size_t)(hit - line) - from);
		fputs("<mark>", f);
		escn(f, hit, m);
		fputs("</mark>", f);
		escn(f, hit + m, to - ((size_t)(hit - line) + m));
	} else {
		escn(f, line + from, to - from);
	}
	if (to < n)
		fputs("…", f);
}

/* The words around text evidence as the scoring process quoted them from
 * the section ("before", "after"): the excerpt of a PDF or a DOCX, whose
 * lines are no lines of a file to read back. */
static void quote_context(FILE *f, srcs *S, const char *path, const cJSON *ev)
{
	const cJSON *b = jget(ev, "before"), *a = jget(ev, "after");
	if (!cJSON_IsString(b) || !cJSON_IsString(a) || S->excerpts >= SRC_MAX_EXCERPTS)
		return;
	S->excerpts++;
	fprintf(f, "<pre class=src data-file=\"");
	esc(f, base_name(path));
	wrap(f, "\"><span class=\"ln hl\">…", b->valuestring, "<mark>");
	esc(f, str(ev, "text", ""));
	wrap(f, "</mark>", a->valuestring, "…</span>\n</pre>\n");
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct digest *)a)->path, ((const struct digest *)b)->path);
}

/* The digest the run's result for the file at path holds (evidence from
 * another report names only its path), or NULL. */
static const char *digest_of(const srcs *S, const char *path)
{
	struct digest key = {path, NULL};
	const struct digest *d = S->ndigests
	                         ? bsearch(&key, S->digests, (size_t)S->ndigests, sizeof key, by_path)
	                         : NULL;
	return d ? d->sha256 : NULL;
}

/* The digests of the run's results' files, sorted by path (none when
 * memory is short: other reports' evidence is then quoted, not shown). */
static void index_digests(srcs *S, const cJSON *results)
{
	int n = cJSON_GetArraySize(results);
	S->digests = n > 0 ? malloc(sizeof *S->digests * (size_t)n) : NULL;
	if (!S->digests)
		return;
	const cJSON *res;
	cJSON_ArrayForEach(res, results)
		S->digests[S->ndigests++] = (struct digest){str(res, "path", ""), str(res, "sha256", NULL)};
	qsort(S->digests, (size_t)S->ndigests, sizeof *S->digests, by_path);
}

/* The excerpt of one piece of evidence of result res: two lines either
 * side of it in its file, or the words around it where the file's lines
 * are not the positions' (PDF, DOCX) or the file is no longer the one
 * scored. */
static void excerpt(FILE *f, srcs *S, const cJSON *res, const cJSON *ev)
{
	int ln = (int)num(ev, "line");
	const char *path = str(res, "path", "");
	const char *digest = str(res, "sha256", NULL);
	const cJSON *other = jget(ev, "report");
	if (other) {
		path = str(other, "path", path);
		digest = digest_of(S, path);
	}
	if (ln <= 0 || has_num(ev, "page") || S->excerpts >= SRC_MAX_EXCERPTS) {
		quote_context(f, S, path, ev);
		return;
	}
	src *s = src_get(S, path);
	if (s->text && (!digest || strcmp(s->sha256, digest) != 0)) {
		/* not the bytes scored: its line ln is some other line */
		int quoted = cJSON_IsString(jget(ev, "before")) && cJSON_IsString(jget(ev, "after"));
		fprintf(f, "<p class=ev>（该文件在评分后已被改动，与评分时的校验值不符，"
		        "不显示其现有内容%s）</p>\n", quoted ? "；下为评分时引用的原文" : "");
		quote_context(f, S, path, ev);
		return;
	}
	if (!s->text || ln > s->nlines) {
		quote_context(f, S, path, ev);
		return;
	}
	S->excerpts++;
	const char *kind = str(ev, "kind", "");
	char needle[256] = "";
	if (strcmp(kind, "cell") == 0)
		snprintf(needle, sizeof needle, "%s", str(ev, "raw", ""));
	else if (strcmp(kind, "text") == 0) {
		const char *t = str(ev, "text", "");
		size_t k = strcspn(t, "\n");
		if (k > 120)
			k = nst_char_start(t, 120);
		snprintf(needle, sizeof needle, "%.*s", (int)k, t);
	}
	fprintf(f, "<pre class=src data-file=\"");
	esc(f, base_name(path));
	fprintf(f, "\">");
	for (int l = ln - 2; l <= ln + 2; l++) {
		if (l < 1 || l > s->nlines)
			continue;
		const char *line = s->text + s->line[l - 1];
		int hl = l == ln;
		size_t at = hl ? col_byte(line, (int)num(ev, "col")) : 0;
		fprintf(f, "<span class=\"ln%s\"><b>%5d</b> ", hl ? " hl" : "", l);
		src_line(f, line, at, hl && needle[0] ? needle : NULL, hl);
		fputs("</span>\n", f);
	}
	fputs("</pre>\n", f);
}

/* ---- the page ---------------------------------------------------------- */

static const char css[] =
	"body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif;margin:2em;color:#222}\n"
	"table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em}\n"
	"th{background:#f3f3f3}td.n{text-align:right}.fail{color:#b00}.error{color:#a0a}\n"
	".na{color:#888}.hint{color:#a60}.ev{font-size:.85em;color:#555}\n"
	"h2{margin-top:2em;border-bottom:1px solid #ddd}\n"
	"tr.incomplete td{background:#fdf0f0}.mark{color:#b00;font-weight:bold}\n"
	".unranked{color:#555}.badge{display:inline-block;padding:0 .4em;border-radius:3px;"
	"font-size:.85em;background:#eee}\n"
	".sev-error{background:#fbe3e3}.sev-warning{background:#fdf1d8}.sev-info{background:#e8f0fb}\n"
	".finding{border:1px solid #ddd;border-left:4px solid #b00;margin:.8em 0;padding:.4em .8em}\n"
	".finding.f-info{border-left-color:#36c}.finding.f-warning{border-left-color:#d90}\n"
	".finding.broke{border-left-color:#a0a}.finding.na{border-left-color:#bbb}\n"
	"pre.src{background:#fafafa;border:1px solid #eee;padding:.3em;font-size:.85em;"
	"white-space:pre-wrap;word-break:break-all;margin:.3em 0}\n"
	"pre.src .hl{background:#fff6c0;display:block}pre.src mark{background:#fc6;font-weight:bold}\n"
	"pre.src b{color:#999;font-weight:normal}\n"
	"table.heat td{width:1.6em;height:1.4em;text-align:center;font-size:.75em;padding:0}\n"
	"table.heat th.a{font-weight:normal;font-size:.8em;padding:0;height:11em;min-width:1.8em;"
	"position:relative;vertical-align:bottom}\n"
	"table.heat th.a div{position:absolute;left:50%;bottom:.2em;transform-origin:0 50%;"
	"transform:rotate(-90deg);white-space:nowrap;line-height:1.2em;margin-bottom:-.6em}"
	"table.heat th.a a{color:#225;text-decoration:none}\n"
	"table.heat th.i{text-align:left;font-weight:normal;font-size:.85em}\n"
	"td.h-pass{background:#e6f4e6}td.h-fail{background:#e55;color:#fff}"
	"td.h-warn{background:#f7b955}td.h-info{background:#a9c8f0}"
	"td.h-na{background:#eee;color:#999}td.h-error{background:#a0a;color:#fff}\n"
	"tr.grp th{background:#e8e8e8;text-align:left}\n"
	"svg text{font-size:11px;fill:#333}\n"
	"@media print{body{margin:0;font-size:10pt}a{color:inherit;text-decoration:none}"
	"details{display:block}details>*{display:block}.noprint{display:none}"
	"h2{page-break-before:auto;page-break-after:avoid}.finding,pre.src,tr{page-break-inside:avoid}"
	"section.report{page-break-before:always}table.heat{font-size:7pt}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

static void score_cell(FILE *f, const cJSON *res)
{
	if (has_num(res, "score"))
		fprintf(f, "%g", num(res, "score"));
	else
		fputs("—", f);
	if (incomplete(res))
		fputs(" <span class=mark>评分不完整</span>", f);
}

static void group_cells(FILE *f, const cJSON *root, const cJSON *res)
{
	const cJSON *g;
	cJSON_ArrayForEach(g, jget(jget(root, "scheme"), "groups")) {
		const cJSON *rg, *got = NULL;
		cJSON_ArrayForEach(rg, jget(res, "groups"))
			if (strcmp(str(rg, "name", ""), str(g, "name", "?")) == 0)
				got = rg;
		if (got && has_num(got, "score"))
			fprintf(f, "<td class=\"n%s\">%g</td>",
			        num(got, "score") < num(got, "points") ? " fail" : "", num(got, "score"));
		else
			fputs("<td class=n>—</td>", f);
	}
}

static void ranking_head(FILE *f, const cJSON *root, const char *first)
{
	fprintf(f, "<tr><th>%s</th><th>完整性</th><th>单位</th><th>年度</th><th>得分</th>", first);
	const cJSON *g;
	cJSON_ArrayForEach(g, jget(jget(root, "scheme"), "groups")) {
		fputs("<th>", f);
		esc(f, str(g, "name", ""));
		fprintf(f, "<br><small>%g分</small></th>", num(g, "points"));
	}
	fputs("<th>严重</th><th>一般</th><th>提示</th><th>无法评估或不适用</th><th>说明</th></tr>\n", f);
}

static void ranking_row(FILE *f, const cJSON *root, const cJSON *res, int k)
{
	const cJSON *c = jget(res, "counts");
	int inc = incomplete(res);
	fprintf(f, "<tr class=\"%s%s\"><td class=n>", inc ? "incomplete" : "",
	        ranked(res) ? "" : " unranked");
	if (has_num(res, "rank"))
		fprintf(f, "%g", num(res, "rank"));
	else
		fputs("—", f);
	fprintf(f, "</td><td>%s</td><td><a href=\"#r%d\">",
	        inc ? "<span class=mark>不完整</span>" : "完整", k);
	esc(f, str(res, "agency", base_name(str(res, "path", "?"))));
	fputs("</a></td><td>", f);
	if (has_num(res, "year"))
		fprintf(f, "%g", num(res, "year"));
	fputs("</td><td class=n>", f);
	score_cell(f, res);
	fputs("</td>", f);
	group_cells(f, root, res);
	fprintf(f, "<td class=n>%g</td><td class=n>%g</td><td class=n>%g</td><td class=n>%g</td><td>",
	        num(c, "error"), num(c, "warning"), num(c, "info"), num(c, "not_assessable"));
	const char *le = str(res, "load_error", NULL);
	if (le) {
		wrap(f, "<span class=error>无法读取：", le, "</span>");
	} else if (num(c, "rule_errors") > 0) {
		fprintf(f, "<span class=error>%g 条规则运行出错</span>", num(c, "rule_errors"));
	} else if (str(res, "rule_error", NULL)) {
		fputs("<span class=error>未能评分</span>", f);
	}
	/* what reading the file found (load diagnostics): said, not only
	 * counted */
	const cJSON *ld = jget(res, "load_diagnostics"), *code;
	if (!le && cJSON_GetArraySize(jget(ld, "codes")) > 0) {
		fputs(" <span class=ev title=\"读取文件时的提示（load diagnostics）\">读取提示：", f);
		int k = 0;
		cJSON_ArrayForEach(code, jget(ld, "codes")) {
			if (cJSON_IsString(code)) {
				fputs(k++ ? "、" : "", f);
				esc(f, nsw_diag_label(code->valuestring));
			}
		}
		fputs("</span>", f);
	}
	if (str(res, "duplicate_of", NULL)) {
		wrap(f, " <span class=badge>", nsw_role(res), "：");
		esc(f, base_name(str(res, "duplicate_of", "")));
		fputs("</span>", f);
	}
	fputs("</td></tr>\n", f);
}

/* Scores of the ranked, scored reports as a bar chart (ten bins of a tenth
 * of the maximum each). */
static void score_chart(FILE *f, const cJSON *root)
{
	double max = num(jget(root, "scheme"), "max_score");
	int bins[10] = {0}, n = 0, top = 1;
	double sum = 0, lo = INFINITY, hi = -INFINITY;
	const cJSON *res;
	cJSON_ArrayForEach(res, jget(root, "results")) {
		if (!ranked(res) || !has_num(res, "score") || incomplete(res))
			continue;
		double s = num(res, "score");
		int b = max > 0 ? (int)floor(s / max * 10) : 0;
		b = b < 0 ? 0 : b > 9 ? 9 : b;
		if (++bins[b] > top)
			top = bins[b];
		n++;
		sum += s;
		lo = s < lo ? s : lo;
		hi = s > hi ? s : hi;
	}
	if (n)
		fprintf(f, "<p>参与排名并完整评分的报告 %d 份：平均 %.2f 分，最高 %g 分，最低 %g 分（满分 %g 分）。</p>\n",
		        n, sum / n, hi, lo, max);
	else
		fputs("<p>没有完整评分的参与排名报告。</p>\n", f);
	int W = 520, H = 200, L = 30, B = 30, bw = (W - L - 10) / 10;
	fprintf(f, "<svg id=score-chart xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\" role=img aria-label=\"得分分布\">\n", W, H, W, H);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>\n", L, H - B,
	        W - 5, H - B);
	for (int b = 0; b < 10; b++) {
		int h = bins[b] * (H - B - 20) / top;
		int x = L + b * bw + 2;
		fprintf(f, "<rect class=bar x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
		        "<title>%g–%g 分：%d 份</title></rect>\n", x, H - B - h, bw - 4, h,
		        b >= 9 ? "#4a4" : b >= 7 ? "#9c6" : b >= 5 ? "#fb4" : "#e55",
		        max * b / 10, max * (b + 1) / 10, bins[b]);
		if (bins[b])
			fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=middle>%d</text>\n",
			        x + (bw - 4) / 2, H - B - h - 4, bins[b]);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=middle>%g</text>\n", L + b * bw,
		        H - B + 14, max * b / 10);
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=end>%g</text>\n", W - 5, H - B + 14, max);
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=middle>得分</text>\n", W / 2, H - 4);
	fputs("</svg>\n", f);
}

/* The indicators failed by the most ranked reports (a hint counted apart),
 * and those that broke (规则出错, a column of its own): the first ten, then
 * how many more and which. */
#define TOP_FAILED 10
#define TOP_FAILED_NAMED 40

static void top_failed(FILE *f, const cJSON *root, const cJSON *inds)
{
	int n = cJSON_GetArraySize(inds);
	if (!n)
		return;
	int *cnt = calloc((size_t)n, sizeof *cnt), *brk = calloc((size_t)n, sizeof *brk);
	int *ord = calloc((size_t)n, sizeof *ord);
	if (!cnt || !brk || !ord) {
		free(cnt);
		free(brk);
		free(ord);
		return;
	}
	int k = 0;
	const cJSON *ind, *res;
	cJSON_ArrayForEach(ind, inds) {
		cJSON_ArrayForEach(res, jget(root, "results")) {
			if (!ranked(res))
				continue;
			const cJSON *fd = nsw_finding_of(res, str(ind, "id", ""));
			cnt[k] += fd && strcmp(str(fd, "status", ""), "fail") == 0;
			brk[k] += fd && strcmp(str(fd, "status", ""), "error") == 0;
		}
		ord[k] = k;
		k++;
	}
	/* by reports failed or broken, then scheme order */
	for (int a = 1; a < n; a++)
		for (int b = a; b > 0 && cnt[ord[b]] + brk[ord[b]] > cnt[ord[b - 1]] + brk[ord[b - 1]]; b--) {
			int t = ord[b]; ord[b] = ord[b - 1]; ord[b - 1] = t;
		}
	fputs("<h3>不符合最多的指标</h3>\n<table id=top-failed><tr><th>指标</th><th>分组</th>"
	      "<th>严重程度</th><th>不符合的报告</th><th>规则出错的报告</th></tr>\n", f);
	int shown = 0, a = 0;
	for (; a < n && shown < TOP_FAILED; a++) {
		if (!cnt[ord[a]] && !brk[ord[a]])
			break;
		const cJSON *i = cJSON_GetArrayItem(inds, ord[a]);
		wrap(f, "<tr><td>", str(i, "title", ""), " <small>");
		esc(f, str(i, "id", ""));
		fputs("</small></td><td>", f);
		esc(f, str(i, "group", ""));
		fprintf(f, "</td><td class=\"sev-%s\">", str(i, "severity", ""));
		esc(f, nsw_severity(str(i, "severity", "")));
		fprintf(f, "</td><td class=n>%d</td><td class=n>", cnt[ord[a]]);
		if (brk[ord[a]])
			fprintf(f, "<span class=error>%d（规则出错）</span>", brk[ord[a]]);
		else
			fputs("0", f);
		fputs("</td></tr>\n", f);
		shown++;
	}
	if (!shown)
		fputs("<tr><td colspan=5>没有不符合的指标。</td></tr>\n", f);
	fputs("</table>\n", f);
	/* the rest, cut: how many, how many reports each, and which */
	int rest = 0, lo = 0, hi = 0;
	for (int b = a; b < n && (cnt[ord[b]] || brk[ord[b]]); b++) {
		int c = cnt[ord[b]] + brk[ord[b]];
		lo = rest == 0 || c < lo ? c : lo;
		hi = c > hi ? c : hi;
		rest++;
	}
	if (rest) {
		if (lo == hi)
			fprintf(f, "<p class=ev id=top-failed-more>另有 %d 项指标各有 %d 份报告不符合或规则出错：", rest, lo);
		else
			fprintf(f, "<p class=ev id=top-failed-more>另有 %d 项指标各有 %d–%d 份报告不符合或规则出错：",
			        rest, lo, hi);
		for (int b = a; b < a + rest && b < a + TOP_FAILED_NAMED; b++) {
			const cJSON *i = cJSON_GetArrayItem(inds, ord[b]);
			fputs(b > a ? "、" : "", f);
			esc(f, str(i, "title", ""));
			fprintf(f, "（%d）", cnt[ord[b]] + brk[ord[b]]);
		}
		if (rest > TOP_FAILED_NAMED)
			fprintf(f, "等，见热力图");
		fputs("。</p>\n", f);
	}
	free(cnt);
	free(brk);
	free(ord);
}

/* Reports that share a 五 (copy_groups): each group once. */
static void copy_groups(FILE *f, const cJSON *root)
{
	const cJSON *gs = jget(root, "copy_groups");
	fputs("<h3>第五部分雷同组</h3>\n", f);
	/* the groups are of different agencies; an agency's 五 copied from its
	 * own last report is that report's finding (s5.copied_previous) */
	fputs("<p>同一年度不同单位之间第五部分雷同的报告；与本单位上一年度报告雷同的，"
	      "见该报告的 s5.copied_previous 项。</p>\n", f);
	if (!cJSON_GetArraySize(gs)) {
		fputs("<p>未发现不同单位之间第五部分雷同的报告。</p>\n", f);
		return;
	}
	fputs("<table id=copy-groups><tr><th>组</th><th>份数</th><th>相似度</th><th>单位</th></tr>\n", f);
	const cJSON *g;
	cJSON_ArrayForEach(g, gs) {
		const cJSON *sim = jget(g, "similarity");
		fprintf(f, "<tr><td class=n>%g</td><td class=n>%g</td><td>%.0f%%–%.0f%%</td><td>",
		        num(g, "group"), num(g, "size"), num(sim, "min") * 100, num(sim, "max") * 100);
		const cJSON *m;
		int first = 1;
		cJSON_ArrayForEach(m, jget(g, "members")) {
			if (!first)
				fputs("、", f);
			first = 0;
			esc(f, str(m, "agency", str(m, "path", "?")));
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* Indicators × agencies (the ranked reports), a cell per finding. */
#define HEAT_MAX_COLUMNS 400

/* How many bytes of every ranked agency's name are the same (the county's
 * name, "青岚县"), to a whole character: left out of the heat map's
 * narrow column heads. */
static size_t common_prefix(const cJSON *root)
{
	const char *first = NULL;
	size_t n = 0;
	const cJSON *res;
	cJSON_ArrayForEach(res, jget(root, "results")) {
		const char *a = str(res, "agency", NULL);
		if (!ranked(res) || !a)
			continue;
		if (!first) {
			first = a;
			n = strlen(a);
			continue;
		}
		size_t k = 0;
		while (k < n && a[k] && a[k] == first[k])
			k++;
		n = k;
	}
	n = first ? nst_char_start(first, n) : 0;
	/* never the whole name of one of them */
	cJSON_ArrayForEach(res, jget(root, "results")) {
		const char *a = str(res, "agency", NULL);
		if (ranked(res) && a && strlen(a) <= n)
			return 0;
	}
	return n;
}

static void heat_map(FILE *f, const cJSON *root, const cJSON *inds)
{
	size_t skip = common_prefix(root);
	fputs("<section id=heatmap>\n<h2>指标 × 单位热力图</h2>\n<p class=ev>"
	      "<span class=badge style=\"background:#e6f4e6\">符合</span> "
	      "<span class=badge style=\"background:#e55;color:#fff\">严重不符合</span> "
	      "<span class=badge style=\"background:#f7b955\">一般不符合</span> "
	      "<span class=badge style=\"background:#a9c8f0\">提示</span> "
	      "<span class=badge style=\"background:#eee\">无法评估或不适用</span> "
	      "<span class=badge style=\"background:#a0a;color:#fff\">规则出错</span>；"
	      "格中数字为扣分。</p>\n", f);
	fputs("<table class=heat id=heat-table><tr><th></th>", f);
	const cJSON *res;
	int cols = 0, k = 0, more = 0;
	cJSON_ArrayForEach(res, jget(root, "results")) {
		if (ranked(res) && !str(res, "load_error", NULL)) {
			if (cols >= HEAT_MAX_COLUMNS) {
				more++;
				continue;
			}
			fprintf(f, "<th class=\"a%s\"><div><a href=\"#r%d\" title=\"",
			        incomplete(res) ? " inc" : "", k);
			esc(f, str(res, "agency", ""));
			if (incomplete(res))
				fputs("（评分不完整）", f);
			fputs("\">", f);
			if (incomplete(res))
				fputs("<span class=mark>!</span>", f);
			const char *a = str(res, "agency", NULL);
			a = a ? a + skip : base_name(str(res, "path", "?"));
			size_t cut = nst_chars_bytes(a, 13); /* the head holds about 13 */
			escn(f, a, cut);
			if (a[cut])
				fputs("…", f);
			fputs("</a></div></th>", f);
			cols++;
		}
		k++;
	}
	fputs("</tr>\n", f);
	const char *grp = NULL;
	const cJSON *ind;
	cJSON_ArrayForEach(ind, inds) {
		const char *g = str(ind, "group", "");
		if (*g && (!grp || strcmp(g, grp) != 0)) {
			fprintf(f, "<tr class=grp><th colspan=%d>", cols + 1);
			esc(f, g);
			fputs("</th></tr>\n", f);
			grp = g;
		}
		wrap(f, "<tr><th class=i>", str(ind, "title", ""), "</th>");
		int c = 0;
		cJSON_ArrayForEach(res, jget(root, "results")) {
			if (!ranked(res) || str(res, "load_error", NULL) || c >= HEAT_MAX_COLUMNS)
				continue;
			c++;
			const cJSON *fd = nsw_finding_of(res, str(ind, "id", ""));
			const char *st = fd ? str(fd, "status", "") : "";
			const char *sev = fd ? str(fd, "severity", "") : "";
			const char *cls = !fd ? "" : strcmp(st, "pass") == 0 ? "h-pass"
			                  : strcmp(st, "na") == 0 ? "h-na"
			                  : strcmp(st, "error") == 0 ? "h-error"
			                  : strcmp(sev, "info") == 0 ? "h-info"
			                  : strcmp(sev, "warning") == 0 ? "h-warn" : "h-fail";
			fprintf(f, "<td class=\"%s\" title=\"", cls);
			esc(f, str(res, "agency", ""));
			wrap(f, "：", fd ? nsw_status(fd) : "未评估", "\">");
			double lost = fd && (strcmp(st, "fail") == 0 || strcmp(st, "error") == 0)
			              ? nsw_deduction_of(res, str(ind, "id", "")) : 0;
			if (lost > 0)
				fprintf(f, "%g", lost);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	if (more)
		fprintf(f, "<p class=ev>另有 %d 份报告未列入热力图（上限 %d 列），见排名表和问题清单。</p>\n",
		        more, HEAT_MAX_COLUMNS);
	fputs("</section>\n", f);
}

/* The findings that fail or broke (na = 0), or those not assessable. */
static void findings(FILE *f, srcs *S, const cJSON *res, int na)
{
	const cJSON *fd;
	cJSON_ArrayForEach(fd, jget(res, "findings")) {
		const char *st = str(fd, "status", "");
		if (strcmp(st, "pass") == 0 || (strcmp(st, "na") == 0) != na)
			continue;
		const char *sev = str(fd, "severity", "");
		const char *cls = strcmp(st, "na") == 0 ? "na" : strcmp(st, "error") == 0 ? "broke"
		                  : strcmp(sev, "info") == 0 ? "f-info"
		                  : strcmp(sev, "warning") == 0 ? "f-warning" : "f-error";
		fprintf(f, "<div class=\"finding %s\"><b>", cls);
		esc(f, str(fd, "title", ""));
		fputs("</b> <small>", f);
		esc(f, str(fd, "rule", ""));
		fprintf(f, "</small> <span class=\"badge sev-%s\">", sev);
		esc(f, nsw_severity(sev));
		wrap(f, "</span> <span class=\"badge status\">", nsw_status(fd), "</span>");
		if (num(fd, "deduction") > 0)
			fprintf(f, " <span class=badge>扣 %g 分</span>", num(fd, "deduction"));
		wrap(f, "<p>", str(fd, "message", ""), "</p>\n");
		if (str(fd, "basis", NULL)) {
			wrap(f, "<p class=ev>依据：", str(fd, "basis", ""), "</p>\n");
		}
		const cJSON *ev;
		int k = 0;
		cJSON_ArrayForEach(ev, jget(fd, "evidence")) {
			char buf[2048];
			nsw_evidence(ev, buf, sizeof buf);
			wrap(f, "<div class=ev>", buf, "</div>\n");
			if (!na && k++ < 3)
				excerpt(f, S, res, ev);
		}
		fputs("</div>\n", f);
	}
}

static void report_section(FILE *f, srcs *S, const cJSON *res, int k)
{
	fprintf(f, "<section class=\"report%s\" id=r%d>\n<h2>", ranked(res) ? "" : " unranked", k);
	esc(f, str(res, "agency", base_name(str(res, "path", "?"))));
	if (has_num(res, "year"))
		fprintf(f, " %g 年度", num(res, "year"));
	if (has_num(res, "score"))
		fprintf(f, " — %g / %g 分", num(res, "score"), num(res, "max_score"));
	if (incomplete(res))
		fputs(" <span class=mark>（评分不完整）</span>", f);
	if (!ranked(res)) {
		wrap(f, " <span class=badge>", nsw_role(res), "</span>");
	}
	wrap(f, "</h2>\n<p>文件：<code>", str(res, "path", ""), "</code>");
	if (str(res, "duplicate_of", NULL)) {
		wrap(f, "；参与排名的是 <code>", str(res, "duplicate_of", ""), "</code>");
	}
	fputs("</p>\n", f);
	if (str(res, "load_error", NULL)) {
		wrap(f, "<p class=error>无法读取：", str(res, "load_error", ""), "</p>\n</section>\n");
		return;
	}
	if (str(res, "rule_error", NULL)) {
		wrap(f, "<p class=error>未能评分：", str(res, "rule_error", ""), "</p>\n");
	}
	/* group subtotals */
	if (cJSON_GetArraySize(jget(res, "groups")) > 0) {
		fputs("<table class=groups><tr><th>分组</th><th>满分</th><th>得分</th><th>扣分</th></tr>\n", f);
		const cJSON *g;
		cJSON_ArrayForEach(g, jget(res, "groups")) {
			fputs("<tr><td>", f);
			esc(f, str(g, "name", ""));
			fprintf(f, "</td><td class=n>%g</td><td class=\"n%s\">%g</td><td class=n>%g</td></tr>\n",
			        num(g, "points"), num(g, "score") < num(g, "points") ? " fail" : "",
			        num(g, "score"), num(g, "points") - num(g, "score"));
		}
		fputs("</table>\n", f);
	}
	/* what deducts or broke first; what could not be assessed folded away
	 * below it, so that the defects stand out */
	int nfail = 0, nna = 0;
	const cJSON *fd;
	cJSON_ArrayForEach(fd, jget(res, "findings")) {
		const char *st = str(fd, "status", "");
		nfail += strcmp(st, "fail") == 0 || strcmp(st, "error") == 0;
		nna += strcmp(st, "na") == 0;
	}
	if (nfail)
		findings(f, S, res, 0);
	else
		fputs("<p>未发现问题。</p>\n", f);
	if (nna) {
		fprintf(f, "<details><summary>无法评估或不适用的指标 %d 项</summary>\n", nna);
		findings(f, S, res, 1);
		fputs("</details>\n", f);
	}
	fputs("</section>\n", f);
}

int nsw_write_html(const cJSON *root, FILE *f)
{
	const cJSON *sch = jget(root, "scheme"), *sum = jget(root, "summary");
	fputs("<!doctype html>\n<html lang=zh-CN><head><meta charset=utf-8>\n"
	      "<meta name=\"generator\" content=\"" NS_RESULTS_MARK " ", f);
	esc(f, str(root, "nianshen", ""));
	fputs("\">\n<title>政府信息公开工作年度报告评估结果</title>\n<style>\n", f);
	fputs(css, f);
	fputs("</style></head><body>\n<h1>政府信息公开工作年度报告评估结果</h1>\n<p>评估方案：", f);
	esc(f, str(sch, "name", ""));
	fprintf(f, "（满分 %g 分）；评估时间 ", num(sch, "max_score"));
	esc(f, str(root, "ran_at", ""));
	wrap(f, "；方案校验值 <code>", str(sch, "sha256", ""), "</code>；nianshen ");
	esc(f, str(root, "nianshen", ""));
	fputs("</p>\n", f);
	if (has_num(sum, "year"))
		fprintf(f, "<p id=ranked-year>排名年度：<b>%g</b>（其他年度的报告仅作对比，单列于后，不参与排名）</p>\n",
		        num(sum, "year"));
	cJSON *inds = nsw_indicators(root);

	/* the district summary */
	fputs("<section id=summary>\n<h2>概况</h2>\n", f);
	fprintf(f, "<p>报告 %g 份：参与排名 %g 份，往年报告 %g 份，重复 %g 份，读取失败 %g 份，"
	        "评分不完整 %g 份；名单中未发布 %g 个单位。</p>\n", num(sum, "reports"),
	        num(sum, "ranked"), num(sum, "context"), num(sum, "duplicates"),
	        num(sum, "failed_to_load"), num(sum, "incomplete"), num(sum, "not_published"));
	score_chart(f, root);
	top_failed(f, root, inds);
	copy_groups(f, root);
	fputs("</section>\n", f);

	/* the ranking */
	fputs("<section id=ranking>\n<h2>排名</h2>\n", f);
	if (num(sum, "incomplete") > 0)
		fprintf(f, "<p class=mark>%g 份报告评分不完整（有指标运行出错、超出限制或未能读取），"
		        "其得分不能与完整报告相比，排在完整报告之后。</p>\n", num(sum, "incomplete"));
	fputs("<table id=ranking-table>\n", f);
	ranking_head(f, root, "名次");
	const cJSON *res;
	int k = 0;
	cJSON_ArrayForEach(res, jget(root, "results")) {
		if (ranked(res))
			ranking_row(f, root, res, k);
		k++;
	}
	fputs("</table>\n", f);
	const cJSON *np = jget(root, "not_published");
	if (cJSON_GetArraySize(np) > 0) {
		fputs("<h3>未发布年度报告的单位</h3>\n<table id=not-published><tr><th>单位</th><th>类型</th>"
		      "<th>年度</th><th>状态</th></tr>\n", f);
		const cJSON *a;
		cJSON_ArrayForEach(a, np) {
			wrap(f, "<tr><td>", str(a, "agency", ""), "</td><td>");
			esc(f, nsw_agency_type(str(a, "agency_type", NULL)));
			fputs("</td><td>", f);
			if (has_num(a, "year"))
				fprintf(f, "%g", num(a, "year"));
			fputs("</td><td class=mark>未发布</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	static const char *const parts[][3] = {
		{"context", "往年报告（仅供对比，不参与排名）", "context"},
		{"duplicate_", "重复的报告（不参与排名）", "duplicates"},
	};
	for (int p = 0; p < 2; p++) {
		int any = 0;
		k = 0;
		cJSON_ArrayForEach(res, jget(root, "results")) {
			if (strncmp(str(res, "unranked", ""), parts[p][0], strlen(parts[p][0])) == 0) {
				if (!any++) {
					fprintf(f, "<h3>%s</h3>\n<table id=%s class=unranked>\n", parts[p][1], parts[p][2]);
					ranking_head(f, root, "名次");
				}
				ranking_row(f, root, res, k);
			}
			k++;
		}
		if (any)
			fputs("</table>\n", f);
	}
	fputs("</section>\n", f);

	heat_map(f, root, inds);
	cJSON_Delete(inds);

	/* every report */
	srcs S;
	memset(&S, 0, sizeof S);
	index_digests(&S, jget(root, "results"));
	k = 0;
	cJSON_ArrayForEach(res, jget(root, "results"))
		report_section(f, &S, res, k++);
	if (S.excerpts >= SRC_MAX_EXCERPTS)
		fprintf(f, "<p class=ev>原文片段已达上限（%d 段），其余问题只列位置。</p>\n",
		        SRC_MAX_EXCERPTS);
	srcs_free(&S);
	free(S.digests);
	fputs("</body></html>\n", f);
	return ferror(f) ? NS_ERR_IO : NS_OK;
}
