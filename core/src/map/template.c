/* template.c — rows, columns and labels of both template editions. */
#include "template.h"

#include <string.h>

const char *const nsm_section_ids[NS_NSECTIONS] = {"s1", "s2", "s3", "s4", "s5", "s6"};
const char *const nsm_section_titles[NS_NSECTIONS] = {
	"一、总体情况",
	"二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
	"五、存在的主要问题及改进情况",
	"六、其他需要报告的事项",
};

/* ---- t2, 2021: four captioned sub-tables, 10 cells ------------------- */
static const nsm_col t2_2021_cols[] = {
	{"issued", "本年制发件数"},
	{"repealed", "本年废止件数"},
	{"in_force", "现行有效件数"},
	{"decisions", "本年处理决定数量"},
	{"amount", "本年收费金额（单位：万元）"},
};
#define C(j) (1u << (j))
static const nsm_row t2_2021_rows[] = {
	{"regulations", "第二十条第（一）项", "规章", {NULL}, "第二十条第（一）项", C(0) | C(1) | C(2)},
	{"normative_documents", "第二十条第（一）项", "行政规范性文件", {"规范性文件", NULL}, "第二十条第（一）项", C(0) | C(1) | C(2)},
	{"licensing", "第二十条第（五）项", "行政许可", {NULL}, "第二十条第（五）项", C(3)},
	{"penalty", "第二十条第（六）项", "行政处罚", {NULL}, "第二十条第（六）项", C(3)},
	{"coercion", "第二十条第（六）项", "行政强制", {NULL}, "第二十条第（六）项", C(3)},
	{"fees", "第二十条第（八）项", "行政事业性收费", {NULL}, "第二十条第（八）项", C(4)},
};

/* ---- t2, 2019 trial template ----------------------------------------- */
static const nsm_col t2_2019_cols[] = {
	{"made", "本年新制作数量"},
	{"published", "本年新公开数量"},
	{"public_total", "对外公开总数量"},
	{"prev_items", "上一年项目数量"},
	{"change", "本年增/减"},
	{"decisions", "处理决定数量"},
	{"items", "采购项目数量"},
	{"amount", "采购总金额"},
};
static const nsm_row t2_2019_rows[] = {
	{"regulations", "第二十条第（一）项", "规章", {NULL}, "第二十条第（一）项", C(0) | C(1) | C(2)},
	{"normative_documents", "第二十条第（一）项", "规范性文件", {"行政规范性文件", NULL}, "第二十条第（一）项", C(0) | C(1) | C(2)},
	{"licensing", "第二十条第（五）项", "行政许可", {NULL}, "第二十条第（五）项", C(3) | C(4) | C(5)},
	{"other_services", "第二十条第（五）项", "其他对外管理服务事项", {NULL}, "第二十条第（五）项", C(3) | C(4) | C(5)},
	{"penalty", "第二十条第（六）项", "行政处罚", {NULL}, "第二十条第（六）项", C(3) | C(4) | C(5)},
	{"coercion", "第二十条第（六）项", "行政强制", {NULL}, "第二十条第（六）项", C(3) | C(4) | C(5)},
	{"fees", "第二十条第（八）项", "行政事业性收费", {NULL}, "第二十条第（八）项", C(3) | C(4)},
	{"procurement", "第二十条第（九）项", "政府集中采购", {NULL}, "第二十条第（九）项", C(6) | C(7)},
};

/* ---- t3: 7 columns, 25 rows (2021) or 23 rows (2019) ---------------- */
static const nsm_col t3_cols[] = {
	{"natural_person", "自然人"},
	{"business", "商业企业"},
	{"research", "科研机构"},
	{"social_org", "社会公益组织"},
	{"legal_service", "法律服务机构"},
	{"other_org", "其他"},
	{"total", "总计"},
};
#define ALL7 0x7Fu
#define T3_HEAD \
	{"received", "一", "本年新收政府信息公开申请数量", {NULL}, NULL, ALL7}, \
	{"carried_over", "二", "上年结转政府信息公开申请数量", {NULL}, NULL, ALL7}, \
	{"granted", "三（一）", "予以公开", {NULL}, "三、本年度办理结果", ALL7}, \
	{"partially_granted", "三（二）", "部分公开（区分处理的，只计这一情形，不计其他情形）", {"部分公开", NULL}, "三、本年度办理结果", ALL7}, \
	{"refused_state_secret", "三（三）1", "属于国家秘密", {NULL}, "（三）不予公开", ALL7}, \
	{"refused_law_prohibited", "三（三）2", "其他法律行政法规禁止公开", {NULL}, "（三）不予公开", ALL7}, \
	{"refused_security_stability", "三（三）3", "危及“三安全一稳定”", {NULL}, "（三）不予公开", ALL7}, \
	{"refused_third_party", "三（三）4", "保护第三方合法权益", {NULL}, "（三）不予公开", ALL7}, \
	{"refused_internal_affairs", "三（三）5", "属于三类内部事务信息", {NULL}, "（三）不予公开", ALL7}, \
	{"refused_process_info", "三（三）6", "属于四类过程性信息", {NULL}, "（三）不予公开", ALL7}, \
	{"refused_enforcement_file", "三（三）7", "属于行政执法案卷", {NULL}, "（三）不予公开", ALL7}, \
	{"refused_inquiry", "三（三）8", "属于行政查询事项", {NULL}, "（三）不予公开", ALL7}, \
	{"unavailable_not_held", "三（四）1", "本机关不掌握相关政府信息", {NULL}, "（四）无法提供", ALL7}, \
	{"unavailable_needs_creation", "三（四）2", "没有现成信息需要另行制作", {NULL}, "（四）无法提供", ALL7}, \
	{"unavailable_unclear", "三（四）3", "补正后申请内容仍不明确", {NULL}, "（四）无法提供", ALL7}, \
	{"not_processed_complaint", "三（五）1", "信访举报投诉类申请", {NULL}, "（五）不予处理", ALL7}, \
	{"not_processed_duplicate", "三（五）2", "重复申请", {NULL}, "（五）不予处理", ALL7}, \
	{"not_processed_publication", "三（五）3", "要求提供公开出版物", {NULL}, "（五）不予处理", ALL7}, \
	{"not_processed_excessive", "三（五）4", "无正当理由大量反复申请", {NULL}, "（五）不予处理", ALL7}, \
	{"not_processed_confirmation", "三（五）5", "要求行政机关确认或重新出具已获取信息", {NULL}, "（五）不予处理", ALL7}
#define T3_TAIL \
	{"total_handled", "三（七）", "总计", {"合计", NULL}, "三、本年度办理结果", ALL7}, \
	{"carried_forward", "四", "结转下年度继续办理", {NULL}, NULL, ALL7}

static const nsm_row t3_2021_rows[] = {
	T3_HEAD,
	{"other_no_correction", "三（六）1", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", {"逾期不补正", "行政机关不再处理其政府信息公开申请", NULL}, "（六）其他处理", ALL7},
	{"other_unpaid_fee", "三（六）2", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", {"逾期未按收费通知要求缴纳费用", "行政机关不再处理其政府信息公开申请", NULL}, "（六）其他处理", ALL7},
	{"other_other", "三（六）3", "其他", {NULL}, "（六）其他处理", ALL7},
	T3_TAIL,
};
static const nsm_row t3_2019_rows[] = {
	T3_HEAD,
	{"other", "三（六）", "其他处理", {NULL}, "三、本年度办理结果", ALL7},
	T3_TAIL,
};

/* ---- t4: one printed row of 15, modelled as 3 x 5 -------------------- */
static const nsm_col t4_cols[] = {
	{"upheld", "结果维持"},
	{"corrected", "结果纠正"},
	{"other", "其他结果"},
	{"pending", "尚未审结"},
	{"total", "总计"},
};
#define ALL5 0x1Fu
static const nsm_row t4_rows[] = {
	{"review", "", "行政复议", {NULL}, NULL, ALL5},
	{"suit_direct", "", "行政诉讼·未经复议直接起诉", {"未经复议直接起诉", NULL}, "行政诉讼", ALL5},
	{"suit_after_review", "", "行政诉讼·复议后起诉", {"复议后起诉", NULL}, "行政诉讼", ALL5},
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
static const nsm_table tables_2021[NSM_NTABLES] = {
	{"t2", NS_EDITION_2021, "二、主动公开政府信息情况", t2_2021_rows, N(t2_2021_rows), t2_2021_cols, N(t2_2021_cols)},
	{"t3", NS_EDITION_2021, "三、收到和处理政府信息公开申请情况", t3_2021_rows, N(t3_2021_rows), t3_cols, N(t3_cols)},
	{"t4", NS_EDITION_2021, "四、政府信息公开行政复议、行政诉讼情况", t4_rows, N(t4_rows), t4_cols, N(t4_cols)},
};
static const nsm_table tables_2019[NSM_NTABLES] = {
	{"t2", NS_EDITION_2019, "二、主动公开政府信息情况", t2_2019_rows, N(t2_2019_rows), t2_2019_cols, N(t2_2019_cols)},
	{"t3", NS_EDITION_2019, "三、收到和处理政府信息公开申请情况", t3_2019_rows, N(t3_2019_rows), t3_cols, N(t3_cols)},
	{"t4", NS_EDITION_2019, "四、政府信息公开行政复议、行政诉讼情况", t4_rows, N(t4_rows), t4_cols, N(t4_cols)},
};

const nsm_table *nsm_table_get(int t, ns_edition ed)
{
	if (t < 0 || t >= NSM_NTABLES)
		return NULL;
	return ed == NS_EDITION_2019 ? &tables_2019[t] : &tables_2021[t];
}

int nsm_table_index(const char *id)
{
	if (!id)
		return -1;
	for (int t = 0; t < NSM_NTABLES; t++)
		if (strcmp(tables_2021[t].id, id) == 0)
			return t;
	return -1;
}

int nsm_row_index(const nsm_table *t, const char *id)
{
	/* asked per row and cell of every table: the first byte first */
	for (int i = 0; id && i < t->nrows; i++)
		if (t->rows[i].id[0] == id[0] && strcmp(t->rows[i].id, id) == 0)
			return i;
	return -1;
}

int nsm_col_index(const nsm_table *t, const char *id)
{
	for (int j = 0; id && j < t->ncols; j++)
		if (t->cols[j].id[0] == id[0] && strcmp(t->cols[j].id, id) == 0)
			return j;
	return -1;
}

int nsm_row_ncells(const nsm_table *t, int row)
{
	return __builtin_popcount(t->rows[row].colmask);
}
