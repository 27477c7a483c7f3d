-- The default scheme over examples/district, one report at a time: the
-- planted defects (examples/district/README.md) and nothing else.  The
-- cross-report defects (白石镇 2024 copying its 2023 五) need a district run:
--   nianshen score --scheme rules/schemes/default.lua examples/district/
local DIR = "../../../examples/district/"
local SCHEME = "../../schemes/default.lua"

local function doc(file, ...)
  spec { name = "district " .. file, report = DIR .. file, scheme = SCHEME, expect = { ... } }
end
local function fail(id, msg) return { id = id, status = "fail", message = msg } end

-- The townships say how they assess (“纳入…年度考核”, “邀请居民代表…进行评议”)
-- and that no one was held to account, but not what the assessment and the
-- evaluation came to: art. 50(4) asks for the results (s6.assessment 2)
local NO_RESULTS = { id = "s6.assessment", status = "fail", message = "未报告工作考核结果、社会评议结果（" }
for _, f in ipairs({
  "qinglan_chengguan_jiedao_2023.txt", "qinglan_chengguan_jiedao_2024.txt",
  "qinglan_baishizhen_2023.txt", "qinglan_baishizhen_2024.txt",  -- 2024: copied 五 shows in a district run only
  "qinglan_taoyuanzhen_2024.txt", "qinglan_shiqiaozhen_2024.txt",
}) do
  doc(f, NO_RESULTS)
end

-- clean reports
for _, f in ipairs({
  "qinglan_jiaoyuju_2023.txt", "qinglan_jiaoyuju_2024.txt", "qinglan_caizhengju_2023.txt",
  "qinglan_fagaiju_2024.txt", "qinglan_zhengfuban_2024.txt", "qinglan_minzhengju_2024.txt",
  "qinglan_zhujianju_2024.txt", "qinglan_jiaotongju_2024.txt", "qinglan_renshebao_2024.txt",
  "qinglan_nongyenongcunju_2024.txt", "qinglan_sifaju_2024.txt",
}) do
  doc(f)
end

doc("qinglan_liuxixiang_2024.txt",
  fail("plaus.regulations_power", "实填本年制发件数1、现行有效件数1"),
  fail("plaus.fee_unit", "12500万元"),
  NO_RESULTS)
doc("qinglan_longtanxiang_2024.txt",
  fail("complete.blank_cells", "“行政强制”行有1个数据项未填数字（本年处理决定数量：“—”）"),
  fail("s6.fee", "未说明信息处理费"),
  NO_RESULTS)
doc("qinglan_caizhengju_2024.txt",
  fail("arith.t3_balance", "表三“自然人”列不平衡：本年新收9＋上年结转1＝10，而办理结果总计8＋结转下年度1＝9"),
  fail("arith.t3_balance", "表三“总计”列不平衡：本年新收11＋上年结转1＝12，而办理结果总计10＋结转下年度1＝11"))
doc("qinglan_ziranziyuanju_2024.txt",
  fail("arith.t4_balance", "合计应为4，但总计填为3"),
  fail("text.t4_counts", "正文称行政复议4件"))
doc("qinglan_weijianwei_2023.txt",
  fail("structure.template_edition", "2023年度报告仍采用2019年试行格式"))
doc("qinglan_fagaiju_2023.txt",
  fail("text.period_year", "写的是2022年"),
  fail("text.stale_year", "以“2022年”叙述本年度工作"),
  fail("text.plan_year", "改进计划写为2023年"))
doc("qinglan_shichangjianguanju_2024.txt",
  fail("structure.deadline", "2025-02-17发布，晚于规定期限2025-01-31"),
  fail("text.t3_counts", "正文称本年新收申请14件"),
  fail("text.all_concluded", "总计为1件"))
