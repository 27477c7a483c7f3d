-- The default scheme over the corpus of real reports: the findings a
-- careful human reader makes, and no others.  Each document is scored alone
-- (no previous year, no peers), so the cross-report indicators are not
-- assessable here; see rules/README.md for what a district run adds
-- (hongze_qu_2024's 五 repeats two of the three measures of 2023 verbatim).
local CORPUS = "../../../tests/corpus/"
local SCHEME = "../../schemes/default.lua"

local function fails(id, ...)
  local out = {}
  local msgs = { ... }
  if #msgs == 0 then msgs = { false } end
  for _, m in ipairs(msgs) do
    out[#out + 1] = { id = id, status = "fail", message = m or nil }
  end
  return out
end

-- The text-against-table findings of std/text_tables.lua (issue #16),
-- each read in the document (rules/README.md, “Findings on the corpus”):
-- t4 cases the text never mentions (info), and 平潭 2025's 六 silent on the
-- fee notices its t3 （六）2 shows.
local TEXT_TABLES = {
  ["hongze_qu_2023.pdf"] = fails("text.t4_unmentioned", "表四有行政复议11件、行政诉讼5件，但正文"),
  ["hongze_qu_2024.pdf"] = fails("text.t4_unmentioned", "表四有行政复议2件、行政诉讼4件，但正文"),
  ["pingtan_zhqu_2021.txt"] = fails("text.t4_unmentioned", "表四有行政复议3件、行政诉讼12件，但正文"),
  ["pingtan_zhqu_2025.txt"] = fails("text.fee_notice", "表三（六）2有2件申请因申请人逾期未按收费通知缴费而不再处理"),
  ["shuyang_fgj_2023.html"] = fails("text.t4_unmentioned", "表四有行政复议1件，但正文"),
}

local function doc(file, what, ...)
  local expect = {}
  for _, list in ipairs({ TEXT_TABLES[file] or {}, ... }) do
    for _, e in ipairs(list) do expect[#expect + 1] = e end
  end
  spec { name = file .. ": " .. what, report = CORPUS .. file, scheme = SCHEME, expect = expect }
end

-- 六 of a people's government without the template's items (2021 template).
local function gov_items()
  local out = {}
  for _, id in ipairs({ "s6.workplan", "s6.proposals", "s6.innovation" }) do
    out[#out + 1] = { id = id, status = "fail", message = "第六部分未报告" }
  end
  return out
end

local NO_FIXES = fails("s5.last_year_fixes", "未说明上年度报告所提问题的改进")

-- art. 50(4) asks governments for the RESULTS of 考核, 社会评议, 责任追究: a
-- report that only says how it assesses (纳入…考核, 开展评议) names them
local function no_results(what) return fails("s6.assessment", "未报告" .. what .. "（") end

doc("yuanzhou_hechuan_xiang_2023.txt",
  "township: all-zero tables agree with “未收到申请”, 623 = 21 + 602; 六 lacks 建议提案 and 创新",
  NO_FIXES,
  fails("s6.proposals", "人大代表建议和政协提案"),
  fails("s6.innovation", "工作创新"),
  -- “将考核情况纳入目标责任制考核”, “由工作领导小组…进行定期或不定期评议”: no
  -- result; “今年未发生违反政府信息公开责任追究情况” is one
  no_results("工作考核结果、社会评议结果"))

doc("hongze_qu_2023.pdf",
  "t4 totals 0 under 维持10/纠正1 and 维持5; t3 on the 2019 layout; 六 only the fee",
  fails("structure.template_edition", "“（六）其他处理”只有一行"),
  fails("arith.t4_balance", "表四“行政复议”：结果维持10、结果纠正1、其他结果0、尚未审结0，合计应为11，但总计填为0"),
  fails("arith.t4_balance", "表四“行政诉讼（复议后起诉）”：结果维持5、结果纠正0、其他结果0、尚未审结0，合计应为5，但总计填为0"),
  NO_FIXES, gov_items(),
  fails("s6.assessment", "考核、社会评议和责任追究"))

doc("hongze_qu_2024.pdf",
  "t3 still on the 2019 layout; text says 17 requests received, t3 says 95; 六 only the fee",
  fails("structure.template_edition", "“（六）其他处理”只有一行"),
  fails("text.t3_counts", "正文称本年新收申请17件"),
  NO_FIXES, gov_items(),
  -- only “将政府网站平台信息公开工作纳入全区高质量发展考核内容”
  no_results("工作考核结果、社会评议结果、责任追究结果"))

doc("huaian_shi_2024.pdf",
  "tables balance and the narrative figures (3119/3050/34/103, 复议 351, 诉讼 46) agree; 六 only the fee",
  NO_FIXES, gov_items(),
  fails("s6.assessment", "考核、社会评议和责任追究"))

doc("pingtan_zhqu_2019.txt",
  "2019 template in a 2019 report; 主动公开 2599 条 but its parts add up to 2533",
  fails("text.public_parts", "正文称2599条（第10行），其中各分项25＋68＋28＋69＋90＋175＋67＋983＋48＋124＋856之和为2533条"),
  NO_FIXES,
  -- 一 prints “聚焦新中国成立 70 周年平潭专场新闻发布会” twice in a row
  fails("quality.doubled", "“聚焦新中国成立70周年平潭专场新闻发布会”连写两遍"),
  -- only mechanisms: “督查考核机制”, “完善工作考核办法”
  no_results("工作考核结果、社会评议结果、责任追究结果"))

-- 2021: “二是规范审核审核发布机制”; “细化年度政务公开考核标准，制定考核细则”, a
-- 第三方评估 without its result, nothing on 责任追究
doc("pingtan_zhqu_2021.txt",
  "glued figures read by the tables' arithmetic; narrative agrees; 六 only the fee; 审核审核",
  NO_FIXES, gov_items(),
  fails("quality.doubled", "“审核”连写两遍"),
  no_results("工作考核结果、社会评议结果、责任追究结果"))
-- 2023: 五 numbers its problems 一是…三是…三是; “将检查通报结果纳入年度绩效考核管理”
-- is no result, “对相关责任人进行递进式效能问责” is one
doc("pingtan_zhqu_2023.txt",
  "glued figures read by the tables' arithmetic; narrative agrees; 六 only the fee; 一是…三是…三是",
  NO_FIXES, gov_items(),
  fails("quality.numbering", "“一是…三是…三是”"),
  no_results("工作考核结果、社会评议结果"))
-- 2025: “将政务公开纳入绩效管理指标体系” only
doc("pingtan_zhqu_2025.txt",
  "glued figures read by the tables' arithmetic; narrative agrees; 六 only the fee",
  NO_FIXES, gov_items(),
  fails("s6.assessment", "全文未报告政府信息公开工作考核、社会评议和责任追究结果情况"))

doc("shanghai_shizhengfu_bgt_2025.md",
  "the heading of 五 is missing (its text follows table 四 directly: read as 五, untitled); a department: no 六 items for governments",
  fails("structure.sections", "第五部分「五、存在的主要问题及改进情况」缺少标题"),
  -- “（一）2024年工作中存在问题的改进情况 … （二）2025年工作中存在的主要问题 一是…
  -- 二是…三是…”: this year's remedies and this year's problems, no measure for 2026
  fails("s5.measures_next_year", "以“2025年”叙述"))

doc("shuyang_fgj_2023.html",
  "all 法人或其他组织 cells of t3 blank (one finding listing the 25 rows); 五 titled 存在的主要问题及整改措施",
  fails("complete.blank_cells", "表三（收到和处理政府信息公开申请情况）有25行的商业企业、科研机构、社会公益组织、法律服务机构、其他（法人或其他组织）列未填数字（共125个数据项，空白）"),
  NO_FIXES,
  -- “（二）整改措施。为进一步规范…，2023年我局加大贯彻落实新《条例》…的工作力度，
  -- 一是…二是…”: this year's work, no measure for 2024
  fails("s5.measures_next_year", "以“2023年”叙述"))
