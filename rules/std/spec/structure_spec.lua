-- Specs of std/structure.lua
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local F = assert(loadfile(here .. "fixtures/lib.lua"))(here)
local DEPT, TOWN = F.read("dept_clean.txt"), F.read("town_clean.txt")

-- structure.sections
F.passes("structure.sections", "all six sections", DEPT)
F.fails("structure.sections", "五 has no heading",
  F.variant("dept_clean.txt", "五、存在的主要问题及改进情况\n", ""), "缺少第五部分")

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
