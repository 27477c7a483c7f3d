/*
 * xlsx.c — the results as a workbook (libxlsxwriter), in Chinese: 排名 (the
 * ranking with group subtotals, then other years, duplicates and agencies
 * of the roster that published nothing, each marked), 问题清单 (one row per
 * failing finding), 指标矩阵 (indicators × agencies: deductions), and 雷同组
 * (copy groups) when the run found any.  Headers frozen, autofilters on.
 */
#include "out/wcommon.h"

#include <stdlib.h>
#include <xlsxwriter.h>
#include <zip.h>

/* Every text of the workbook goes through here: a rule's message, a
 * title, an agency may hold a character XML 1.0 does not allow (U+FFFF,
 * a control character), and one of them makes sharedStrings.xml not
 * well-formed, so that the whole workbook does not open.  Such characters
 * become U+FFFD, as bytes that are not UTF-8 do in the JSON. */
/* A cell holds at most 32,767 characters: a longer text (a message, an
 * indicator's title) is cut at a character and says so, where it was an
 * empty cell. */
enum { CELL_CHARS = 32767, CELL_KEPT = 32000 };

static lxw_error put_string(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                            lxw_format *fmt)
{
	char *clean = nsw_markup_text(s, 0);
	const char *t = clean ? clean : s;
	lxw_error e = worksheet_write_string(ws, r, c, t, fmt);
	if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
		size_t at = nst_chars_bytes(t, CELL_KEPT);
		static const char cut[] = "……（超出单元格上限，已截断；全文见 JSON）";
		char *part = malloc(at + sizeof cut);
		if (part) {
			memcpy(part, t, at);
			memcpy(part + at, cut, sizeof cut);
			e = worksheet_write_string(ws, r, c, part, fmt);
			free(part);
		}
	}
	free(clean);
	return e;
}

static const char *status_of(const cJSON *res)
{
	const char *r = nsw_role(res);
	return *r ? r : "参与排名";
}

static void ranking_sheet(lxw_workbook *wb, const cJSON *root, lxw_format *bold,
                          lxw_format *mark)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "排名");
	static const char *const rh[] = {"名次", "完整性", "单位", "类型", "年度", "得分", "满分",
		"严重问题", "一般问题", "提示", "无法评估或不适用", "规则出错", "读取错误", "文件", "排名状态",
		"重复于"};
	enum { NH = 16 };
	for (int c = 0; c < NH; c++)
		put_string(ws, 0, (lxw_col_t)c, rh[c], bold);
	const cJSON *groups = jget(jget(root, "scheme"), "groups"), *g;
	lxw_col_t gc = NH;
	cJSON_ArrayForEach(g, groups) {
		char *h = nsw_group_header(g, 0);
		put_string(ws, 0, gc++, h ? h : str(g, "name", ""), bold);
		free(h);
	}
	worksheet_set_column(ws, 2, 2, 30, NULL);
	worksheet_set_column(ws, 13, 13, 40, NULL);
	worksheet_set_column(ws, 14, 14, 22, NULL);
	lxw_row_t r = 1;
	const cJSON *res;
	cJSON_ArrayForEach(res, jget(root, "results")) {
		const cJSON *c = jget(res, "counts");
		int inc = incomplete(res);
		if (has_num(res, "rank"))
			worksheet_write_number(ws, r, 0, num(res, "rank"), inc ? mark : NULL);
		else
			put_string(ws, r, 0, "—", NULL);
		put_string(ws, r, 1, inc ? "不完整" : "完整", inc ? mark : NULL);
		put_string(ws, r, 2, str(res, "agency", ""), NULL);
		put_string(ws, r, 3, nsw_agency_type(str(res, "agency_type", "")), NULL);
		if (has_num(res, "year"))
			worksheet_write_number(ws, r, 4, num(res, "year"), NULL);
		if (has_num(res, "score"))
			worksheet_write_number(ws, r, 5, num(res, "score"), inc ? mark : NULL);
		worksheet_write_number(ws, r, 6, num(res, "max_score"), NULL);
		worksheet_write_number(ws, r, 7, num(c, "error"), NULL);
		worksheet_write_number(ws, r, 8, num(c, "warning"), NULL);
		worksheet_write_number(ws, r, 9, num(c, "info"), NULL);
		worksheet_write_number(ws, r, 10, num(c, "not_assessable"), NULL);
		worksheet_write_number(ws, r, 11, num(c, "rule_errors"), NULL);
		put_string(ws, r, 12, str(res, "load_error", ""), NULL);
		put_string(ws, r, 13, str(res, "path", ""), NULL);
		put_string(ws, r, 14, status_of(res), ranked(res) ? NULL : mark);
		put_string(ws, r, 15, str(res, "duplicate_of", ""), NULL);
		gc = NH;
		cJSON_ArrayForEach(g, groups) {
			const cJSON *rg;
			cJSON_ArrayForEach(rg, jget(res, "groups"))
				if (strcmp(str(rg, "name", ""), str(g, "name", "?")) == 0 && has_num(rg, "score"))
					worksheet_write_number(ws, r, gc, num(rg, "score"), NULL);
			gc++;
		}
		r++;
	}
	cJSON_ArrayForEach(res, jget(root, "not_published")) {
		put_string(ws, r, 0, "—", NULL);
		put_string(ws, r, 2, str(res, "agency", ""), NULL);
		put_string(ws, r, 3, nsw_agency_type(str(res, "agency_type", NULL)), NULL);
		if (has_num(res, "year"))
			worksheet_write_number(ws, r, 4, num(res, "year"), NULL);
		put_string(ws, r, 14, "未发布", mark);
		r++;
	}
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, (lxw_col_t)(gc - 1));
}

static void findings_sheet(lxw_workbook *wb, const cJSON *root, lxw_format *bold,
                           lxw_format *mark, lxw_format *wrap)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "问题清单");
	static const char *const fh[] = {"单位", "年度", "排名状态", "完整性", "指标", "指标名称",
		"严重程度", "结果", "扣分", "说明", "证据", "依据", "文件"};
	enum { NH = 13 };
	for (int c = 0; c < NH; c++)
		put_string(ws, 0, (lxw_col_t)c, fh[c], bold);
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 5, 5, 28, NULL);
	worksheet_set_column(ws, 9, 9, 60, wrap);
	worksheet_set_column(ws, 10, 10, 50, wrap);
	worksheet_set_column(ws, 11, 11, 40, NULL);
	worksheet_set_column(ws, 12, 12, 30, NULL);
	lxw_row_t r = 1;
	long left_out = 0; /* past the sheet's last row */
	const cJSON *res, *fd;
	cJSON_ArrayForEach(res, jget(root, "results")) {
		cJSON_ArrayForEach(fd, jget(res, "findings")) {
			const char *st = str(fd, "status", "");
			if (strcmp(st, "fail") != 0 && strcmp(st, "error") != 0)
				continue;
			if (r >= LXW_ROW_MAX - 1) { /* the last row says what is not here */
				left_out++;
				continue;
			}
			put_string(ws, r, 0, str(res, "agency", ""), NULL);
			if (has_num(res, "year"))
				worksheet_write_number(ws, r, 1, num(res, "year"), NULL);
			put_string(ws, r, 2, status_of(res), ranked(res) ? NULL : mark);
			put_string(ws, r, 3, incomplete(res) ? "不完整" : "完整",
			                       incomplete(res) ? mark : NULL);
			put_string(ws, r, 4, str(fd, "rule", ""), NULL);
			put_string(ws, r, 5, str(fd, "title", ""), NULL);
			put_string(ws, r, 6, nsw_severity(str(fd, "severity", "")), NULL);
			put_string(ws, r, 7, nsw_status(fd), NULL);
			worksheet_write_number(ws, r, 8, num(fd, "deduction"), NULL);
			put_string(ws, r, 9, str(fd, "message", ""), NULL);
			char evs[4096] = "";
			size_t used = 0;
			int listed = 0, all = cJSON_GetArraySize(jget(fd, "evidence"));
			const cJSON *ev;
			cJSON_ArrayForEach(ev, jget(fd, "evidence")) {
				char one[1024];
				nsw_evidence(ev, one, sizeof one);
				size_t n = strlen(one);
				if (used + n + 2 >= sizeof evs - 64)
					break; /* room kept for the line saying so */
				if (used)
					evs[used++] = '\n';
				memcpy(evs + used, one, n + 1);
				used += n;
				listed++;
			}
			if (listed < all)
				snprintf(evs + used, sizeof evs - used, "%s……另有%d条证据（见 JSON 或 HTML）",
				         used ? "\n" : "", all - listed);
			put_string(ws, r, 10, evs, NULL);
			put_string(ws, r, 11, str(fd, "basis", ""), NULL);
			put_string(ws, r, 12, str(res, "path", ""), NULL);
			r++;
		}
	}
	if (left_out) {
		char note[160];
		snprintf(note, sizeof note, "……另有%ld条问题未列入（超出 XLSX 工作表的行数上限），"
		         "全部问题见 JSON 或 CSV", left_out);
		put_string(ws, r++, 0, note, mark);
	}
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, NH - 1);
}

/* Indicators × agencies: a row per indicator (its group, id, title,
 * severity), a column per report, the deduction where it failed. */
static void matrix_sheet(lxw_workbook *wb, const cJSON *root, lxw_format *bold,
                         lxw_format *mark, lxw_format *bad, lxw_format *hint,
                         lxw_format *grey)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "指标矩阵");
	static const char *const h[] = {"分组", "指标", "指标名称", "严重程度"};
	for (int c = 0; c < 4; c++)
		put_string(ws, 0, (lxw_col_t)c, h[c], bold);
	worksheet_set_column(ws, 0, 0, 12, NULL);
	worksheet_set_column(ws, 1, 1, 24, NULL);
	worksheet_set_column(ws, 2, 2, 36, NULL);
	cJSON *inds = nsw_indicators(root);
	lxw_col_t c = 4;
	int left_out = 0; /* past the sheet's last column but one */
	const cJSON *res;
	cJSON_ArrayForEach(res, jget(root, "results")) {
		if (str(res, "load_error", NULL))
			continue;
		if (c >= LXW_COL_MAX - 1) {
			left_out++;
			continue;
		}
		char head[512];
		snprintf(head, sizeof head, "%s %g%s%s", str(res, "agency", "?"), num(res, "year"),
		         ranked(res) ? "" : "（不排名）", incomplete(res) ? "（评分不完整）" : "");
		put_string(ws, 0, c++, head, incomplete(res) ? mark : bold);
	}
	if (left_out) {
		char note[160];
		snprintf(note, sizeof note, "……另有%d份报告未列入（超出 XLSX 工作表的列数上限），见排名表和问题清单",
		         left_out);
		put_string(ws, 0, c, note, mark);
	}
	lxw_row_t r = 1;
	const cJSON *ind;
	cJSON_ArrayForEach(ind, inds) {
		put_string(ws, r, 0, str(ind, "group", ""), NULL);
		put_string(ws, r, 1, str(ind, "id", ""), NULL);
		put_string(ws, r, 2, str(ind, "title", ""), NULL);
		put_string(ws, r, 3, nsw_severity(str(ind, "severity", "")), NULL);
		c = 4;
		cJSON_ArrayForEach(res, jget(root, "results")) {
			if (str(res, "load_error", NULL) || c >= LXW_COL_MAX - 1)
				continue;
			const cJSON *fd = nsw_finding_of(res, str(ind, "id", ""));
			const char *st = fd ? str(fd, "status", "") : "";
			if (!fd || strcmp(st, "pass") == 0)
				;
			else if (strcmp(st, "na") == 0)
				put_string(ws, r, c, "无法评估或不适用", grey);
			else if (strcmp(st, "error") == 0)
				put_string(ws, r, c, "规则出错", bad);
			else if (strcmp(str(fd, "severity", ""), "info") == 0)
				put_string(ws, r, c, "提示", hint);
			else
				worksheet_write_number(ws, r, c, nsw_deduction_of(res, str(ind, "id", "")), bad);
			c++;
		}
		r++;
	}
	cJSON_Delete(inds);
	worksheet_freeze_panes(ws, 1, 4);
	worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, 3);
}

static void copy_sheet(lxw_workbook *wb, const cJSON *root, lxw_format *bold)
{
	const cJSON *gs = jget(root, "copy_groups");
	if (cJSON_GetArraySize(gs) <= 0)
		return;
	lxw_worksheet *cg = workbook_add_worksheet(wb, "雷同组");
	static const char *const gh[] = {"组", "份数", "最低相似度", "最高相似度", "单位",
		"年度", "文件", NULL};
	for (int c = 0; gh[c]; c++)
		put_string(cg, 0, (lxw_col_t)c, gh[c], bold);
	worksheet_set_column(cg, 4, 4, 30, NULL);
	worksheet_set_column(cg, 6, 6, 40, NULL);
	lxw_row_t gr = 1;
	const cJSON *g, *m;
	cJSON_ArrayForEach(g, gs) {
		const cJSON *sim = jget(g, "similarity");
		cJSON_ArrayForEach(m, jget(g, "members")) {
			worksheet_write_number(cg, gr, 0, num(g, "group"), NULL);
			worksheet_write_number(cg, gr, 1, num(g, "size"), NULL);
			worksheet_write_number(cg, gr, 2, num(sim, "min"), NULL);
			worksheet_write_number(cg, gr, 3, num(sim, "max"), NULL);
			put_string(cg, gr, 4, str(m, "agency", ""), NULL);
			if (has_num(m, "year"))
				worksheet_write_number(cg, gr, 5, num(m, "year"), NULL);
			put_string(cg, gr, 6, str(m, "path", ""), NULL);
			gr++;
		}
	}
	worksheet_freeze_panes(cg, 1, 0);
	worksheet_autofilter(cg, 0, 0, gr - 1, 6);
}

/* Failing findings of the results: the rows of 问题清单. */
static long failing(const cJSON *root)
{
	long n = 0;
	const cJSON *res, *fd;
	cJSON_ArrayForEach(res, jget(root, "results"))
		cJSON_ArrayForEach(fd, jget(res, "findings")) {
			const char *st = str(fd, "status", "");
			n += strcmp(st, "fail") == 0 || strcmp(st, "error") == 0;
		}
	return n;
}

int nsw_write_xlsx(const cJSON *root, const char *path)
{
	/* a large workbook is written a row at a time through temporary files
	 * (libxlsxwriter's constant_memory; its strings inline): a million
	 * findings held whole took 2.7 GB.  Every sheet is written in row
	 * order, as that mode needs. */
	lxw_workbook_options opt = {.constant_memory = failing(root) > 50000 ? LXW_TRUE : LXW_FALSE};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb)
		return NS_ERR_IO;
	/* the marker a district folder's old results are known by */
	lxw_doc_properties props = {
		.title = "政府信息公开工作年度报告评估结果",
		.comments = NS_RESULTS_MARK,
		.keywords = NS_RESULTS_MARK,
	};
	workbook_set_properties(wb, &props);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *mark = workbook_add_format(wb); /* incomplete, unranked */
	format_set_bold(mark);
	format_set_font_color(mark, LXW_COLOR_RED);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	lxw_format *bad = workbook_add_format(wb);
	format_set_bg_color(bad, 0xF4A6A6);
	lxw_format *hint = workbook_add_format(wb);
	format_set_bg_color(hint, 0xC9DCF5);
	lxw_format *grey = workbook_add_format(wb);
	format_set_font_color(grey, 0x999999);
	ranking_sheet(wb, root, bold, mark);
	findings_sheet(wb, root, bold, mark, wrap);
	matrix_sheet(wb, root, bold, mark, bad, hint, grey);
	copy_sheet(wb, root, bold);
	return workbook_close(wb) == LXW_NO_ERROR ? NS_OK : NS_ERR_IO;
}

/* docProps/core.xml, where workbook_set_properties put the marker above,
 * is a few hundred bytes: more is not a workbook of ours. */
int nsw_xlsx_is_results(const char *path)
{
	int err = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY, &err);
	if (!za)
		return 0;
	int mine = 0;
	zip_stat_t st;
	zip_file_t *zf = NULL;
	if (zip_stat(za, "docProps/core.xml", 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size < 16384 && (zf = zip_fopen(za, "docProps/core.xml", 0))) {
		char buf[16384];
		zip_int64_t n = zip_fread(zf, buf, st.size);
		mine = n > 0 && memmem(buf, (size_t)n, NS_RESULTS_MARK, sizeof NS_RESULTS_MARK - 1);
		zip_fclose(zf);
	}
	zip_discard(za);
	return mine;
}
