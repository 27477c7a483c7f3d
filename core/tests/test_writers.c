/*
 * test_writers.c — the XLSX writer at the sheet's bounds: a district whose
 * failing findings outnumber a sheet's rows (1,048,576), whose reports
 * outnumber its columns (16,384), and a text longer than a cell holds
 * (32,767 characters).  Each was dropped in silence (rows and columns past
 * the end, an empty cell for the long text); now each says what it leaves
 * out, and the workbook is written a row at a time.
 */
#include "nianshen.h"
#include "out/wcommon.h"
#include "t.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { NREPORTS = 16400, PER_REPORT = 64 }; /* 1,049,600 failing findings */

static cJSON *tree(const char *long_title)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *scheme = cJSON_AddObjectToObject(root, "scheme");
	cJSON *groups = cJSON_AddArrayToObject(scheme, "groups");
	cJSON *g = cJSON_CreateObject();
	cJSON_AddStringToObject(g, "name", "组");
	cJSON_AddNumberToObject(g, "points", 1);
	cJSON *inds = cJSON_AddArrayToObject(g, "indicators");
	cJSON *ind = cJSON_CreateObject();
	cJSON_AddStringToObject(ind, "id", "t.flood");
	cJSON_AddStringToObject(ind, "title", long_title);
	cJSON_AddStringToObject(ind, "severity", "error");
	cJSON_AddItemToArray(inds, ind);
	cJSON_AddItemToArray(groups, g);
	cJSON *results = cJSON_AddArrayToObject(root, "results");
	for (int k = 0; k < NREPORTS; k++) {
		cJSON *res = cJSON_CreateObject();
		char name[64];
		snprintf(name, sizeof name, "单位%d", k);
		cJSON_AddStringToObject(res, "agency", name);
		cJSON_AddNumberToObject(res, "year", 2024);
		cJSON_AddTrueToObject(res, "ranked");
		cJSON *fs = cJSON_AddArrayToObject(res, "findings");
		for (int j = 0; j < PER_REPORT; j++) {
			cJSON *fd = cJSON_CreateObject();
			cJSON_AddStringToObject(fd, "rule", "t.flood");
			cJSON_AddStringToObject(fd, "status", "fail");
			cJSON_AddStringToObject(fd, "severity", "error");
			cJSON_AddStringToObject(fd, "message", "x");
			cJSON_AddItemToArray(fs, fd);
		}
		cJSON_AddItemToArray(results, res);
	}
	return root;
}

/* A member of the workbook, whole (unzip -p). */
static char *member(const char *xlsx, const char *name)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", xlsx, name);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t n = 0, cap = 1 << 20;
	char *s = malloc(cap);
	size_t k;
	while (s && (k = fread(s + n, 1, cap - n - 1, p)) > 0) {
		n += k;
		if (n + 1 == cap)
			s = realloc(s, cap *= 2);
	}
	pclose(p);
	if (s)
		s[n] = 0;
	return s;
}

int main(void)
{
	size_t tl = 40000 * 3;
	char *title = malloc(tl + 1);
	for (size_t i = 0; i < tl; i += 3)
		memcpy(title + i, "题", 3);
	title[tl] = 0;
	cJSON *root = tree(title);
	char path[] = "/tmp/ns_writers_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	CHECK_INT(nsw_write_xlsx(root, path), NS_OK);
	char *findings = member(path, "xl/worksheets/sheet2.xml");
	CHECK(findings && strstr(findings, "<row r=\"1048576\">"));
	long left = (long)NREPORTS * PER_REPORT - (1048576 - 2);
	char note[128];
	snprintf(note, sizeof note, "……另有%ld条问题未列入（超出 XLSX 工作表的行数上限）", left);
	CHECK_MSG(findings && strstr(findings, note), "the findings sheet lacks \"%s\"", note);
	char *matrix = member(path, "xl/worksheets/sheet3.xml");
	snprintf(note, sizeof note, "……另有%d份报告未列入（超出 XLSX 工作表的列数上限）",
	         NREPORTS - (16384 - 1 - 4));
	CHECK_MSG(matrix && strstr(matrix, note), "the matrix lacks \"%s\"", note);
	/* the title over a cell's 32,767 characters: cut, and said so */
	CHECK(matrix && strstr(matrix, "题题……（超出单元格上限，已截断；全文见 JSON）"));
	free(findings);
	free(matrix);
	unlink(path);
	cJSON_Delete(root);
	free(title);
	return t_done("test_writers");
}
