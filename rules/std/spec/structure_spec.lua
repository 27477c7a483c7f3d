-- Specs of std/structure.lua
local F = assert(loadfile("fixtures/lib.lua"))()
local DEPT, TOWN = F.read("dept_clean.txt"), F.read("town_clean.txt")

-- structure.sections
F.passes("structure.sections", "all six sections", DEPT)
-- 五's heading left out, its words after table 四: read as 五, untitled, a fail
F.fails("structure.sections", "五 has no heading",
  F.variant("dept_clean.txt", "五、存在的主要问题及改进情况\n", ""),
  "第五部分「五、存在的主要问题及改进情况」缺少标题：其内容据文意认定")
-- 五 left out whole (heading and words): missing
F.fails("structure.sections", "五 left out", F.without("dept_clean.txt", "五、", "六、"), "缺少第五部分")

-- structure.order
F.passes("structure.order", "template order", DEPT)
do
  local s5 = DEPT:match("(五、存在的主要问题及改进情况.-)六、其他需要报告的事项")
  local s6 = DEPT:match("(六、其他需要报告的事项.-)青岚县测试局\n2025")
  local swapped = F.variant("dept_clean.txt", s5 .. s6, s6 .. s5)
  F.fails("structure.order", "六 before 五", swapped, "第六部分")
  F.passes("structure.sections", "六 before 五 is an order defect, not a missing section", swapped)
end

-- structure.titles
F.passes("structure.titles", "numbered 一 … 六", TOWN)
F.fails("structure.titles", "五 numbered with a full stop",
  F.variant("town_clean.txt", "五、存在的主要问题及改进情况", "五．存在的主要问题及改进情况"), "未按模板以“五、”编号")

-- structure.front_matter
F.passes("structure.front_matter", "agency, year, period", DEPT)
F.passes("structure.front_matter", "the period written in figures (2024.1.1-2024.12.31)",
  F.variant("dept_clean.txt", "统计期限自2024年1月1日起至2024年12月31日止", "统计期限为2024.1.1-2024.12.31"))
F.fails("structure.front_matter", "no statistics period",
  F.variant("dept_clean.txt", "本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。", ""), "未说明统计期限")

-- structure.template_edition
F.passes("structure.template_edition", "2021 layout in a 2024 report", DEPT)
F.fails("structure.template_edition", "t3 with a single （六）其他处理 row in a 2024 report",
  F.variant("dept_clean.txt",
    "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n" ..
    "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n" ..
    "\t\t3.其他\t0\t0\t0\t0\t0\t0\t0\n",
    "\t（六）其他处理\t0\t0\t0\t0\t0\t0\t0\n"), "只有一行")
F.passes("structure.template_edition", "2019 layout in a 2020 report",
  F.variant("dept_clean.txt",
    "标题: 青岚县测试局2024年", "标题: 青岚县测试局2020年",
    "青岚县测试局2024年政府信息公开工作年度报告\n\n", "青岚县测试局2020年政府信息公开工作年度报告\n\n",
    "统计期限自2024年1月1日起至2024年12月31日止", "统计期限自2020年1月1日起至2020年12月31日止",
    "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n" ..
    "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n" ..
    "\t\t3.其他\t0\t0\t0\t0\t0\t0\t0\n",
    "\t（六）其他处理\t0\t0\t0\t0\t0\t0\t0\n"))

-- structure.deadline
F.passes("structure.deadline", "department published 2025-01-20", DEPT)
F.fails("structure.deadline", "department published 2025-02-20",
  F.variant("dept_clean.txt", "发布时间: 2025-01-20 10:00", "发布时间: 2025-02-20 10:00"), "晚于规定期限2025-01-31")
F.passes("structure.deadline", "township published 2025-03-10 (deadline 03-31)", TOWN)
F.na("structure.deadline", "no publication date (neither header nor signed date)",
  F.variant("dept_clean.txt", "发布时间: 2025-01-20 10:00\n", "", "青岚县测试局\n2025年1月20日", "青岚县测试局"),
  "未能识别发布日期")
F.passes("structure.deadline", "date taken from the signature when the page has none",
  F.variant("dept_clean.txt", "发布时间: 2025-01-20 10:00\n", ""))
-- a signature kept from last year's report (the 2024 report signed
-- “2024年1月20日”, as core/tests/fixtures/tables/meta_year_stale_signature.txt):
-- a date before the year reported on ended proves no deadline kept
F.na("structure.deadline", "a date within the year reported on (a stale signature)",
  F.variant("dept_clean.txt", "发布时间: 2025-01-20 10:00\n", "", "青岚县测试局\n2025年1月20日", "青岚县测试局\n2024年1月20日"),
  "发布日期2024-01-20在2024年度结束之前")

-- A report numbering its parts its own way (the aspects of 一 as parts
-- 一…五, the tables headed 一、二、三, 五 and 六 as 六、七): ONE structure
-- finding, not a missing section, five titles and an order finding
do
  local own = F.variant("dept_clean.txt",
    "一、总体情况\n\n", "",
    "（一）主动公开情况。", "一、主动公开情况\n", "（二）依申请公开情况。", "二、依申请公开情况\n",
    "（三）政府信息管理情况。", "三、政府信息管理情况\n", "（四）平台建设情况。", "四、平台建设情况\n",
    "（五）监督保障情况。", "五、监督保障情况\n",
    "二、主动公开政府信息情况", "一、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况", "二、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "三、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况", "六、存在的主要问题及改进情况",
    "六、其他需要报告的事项", "七、其他需要报告的事项")
  spec { name = "own numbering: one structure finding", text = own,
         indicators = { "structure.sections", "structure.order", "structure.titles" },
         expect = {
           { id = "structure.sections", status = "fail",
             message = "报告未按模板的六个部分编排，自行编号各部分（“一、主动公开政府信息情况”作第二部分" },
           { id = "structure.order", status = "na" },
           { id = "structure.titles", status = "na" } } }
  -- every part found, numbered its own way (an extra part 二 before the tables)
  local extra = F.variant("town_clean.txt",
    "二、主动公开政府信息情况", "二、政务公开工作创新情况\n\n在村级公开栏张贴二维码。\n\n三、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况", "四、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况", "六、存在的主要问题及改进情况",
    "六、其他需要报告的事项", "七、其他需要报告的事项")
  spec { name = "own numbering, all parts found: one titles finding", text = extra,
         indicators = { "structure.sections", "structure.order", "structure.titles" },
         expect = {
           { id = "structure.sections", status = "pass" },
           { id = "structure.order", status = "na" },
           { id = "structure.titles", status = "fail", message = "报告自行编号各部分：“三、主动公开政府信息情况”作第二部分" } } }
end

-- s1.aspects: 一 covers 主动公开, 依申请公开, 政府信息管理, 平台建设, 监督保障
-- (recognised by the words of each: 河川乡 2023 “（四）平台建设”, 沭阳县发改局 2023
-- “（四）加强平台建设，扩展公开渠道”, 平潭 2021 “（四）平台载体建设方面”)
F.passes("s1.aspects", "five sub-items", DEPT)
F.passes("s1.aspects", "the aspects under headings of its own (沭阳县发改局 2023)",
  F.variant("dept_clean.txt", "（四）平台建设情况。在县政府门户网站设置本局政务公开专栏。",
    "（四）加强平台建设，扩展公开渠道。定期对部门网站政务信息进行自查，提高网站信息更新频率。",
    "（五）监督保障情况。将政务公开纳入股室年度考核。",
    "（五）及时回应关切，自觉接受监督。根据来件内容由对应业务科室专人负责受理回复公共诉求系统相关来件。"))
do
  local D = F.read("dept_clean.txt")
  local s1b = D:match("（二）依申请公开情况。[^\n]*\n\n") .. D:match("（三）政府信息管理情况。[^\n]*\n\n")
  F.fails("s1.aspects", "一 without 依申请公开 and 政府信息管理", F.variant("dept_clean.txt", s1b, ""),
    "未涉及依申请公开、政府信息管理")
end
F.na("s1.aspects", "a 2020 report (trial template)",
  F.variant("dept_clean.txt", "标题: 青岚县测试局2024年", "标题: 青岚县测试局2020年",
    "青岚县测试局2024年政府信息公开工作年度报告\n\n", "青岚县测试局2020年政府信息公开工作年度报告\n\n",
    "统计期限自2024年1月1日起至2024年12月31日止", "统计期限自2020年1月1日起至2020年12月31日止"), "2021年度以前")

-- What the report leaves out: no 一 to list the aspects of
F.missing({ "s1.aspects" }, "no 一", F.without("dept_clean.txt", "一、", "二、"), "未找到第一部分")
