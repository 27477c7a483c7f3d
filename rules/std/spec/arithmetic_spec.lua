-- Specs of std/arithmetic.lua
local F = assert(loadfile("fixtures/lib.lua"))()
local DEPT, TOWN = F.read("dept_clean.txt"), F.read("town_clean.txt")

local RECEIVED = "一、本年新收政府信息公开申请数量\t6\t1\t0\t0\t1\t0\t8\n"
local HANDLED  = "\t（七）总计\t7\t1\t0\t0\t1\t0\t9\n"
local FORWARD  = "四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n"
local T4       = "1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0\n"
local OTHER3   = "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n" ..
                 "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n" ..
                 "\t\t3.其他\t0\t0\t0\t0\t0\t0\t0\n"

-- arith.t3_balance
F.passes("arith.t3_balance", "every column balances", DEPT)
F.passes("arith.t3_balance", "all zero", TOWN)
spec {
  name = "arith.t3_balance fails: one carried-forward request too many, in 自然人 and 总计",
  text = F.variant("dept_clean.txt", FORWARD, "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1\n"),
  indicators = { "arith.t3_balance" },
  expect = {
    { id = "arith.t3_balance", status = "fail", message = "表三“自然人”列不平衡：本年新收6＋上年结转1＝7，而办理结果总计7＋结转下年度1＝8" },
    { id = "arith.t3_balance", status = "fail", message = "表三“总计”列不平衡：本年新收8＋上年结转1＝9，而办理结果总计9＋结转下年度1＝10" },
  },
}
spec {
  name = "arith.t3_balance: a blank cell makes its column not assessable, never a failure",
  text = F.variant("dept_clean.txt", RECEIVED, "一、本年新收政府信息公开申请数量\t6\t/\t0\t0\t1\t0\t8\n"),
  indicators = { "arith.t3_balance" },
  expect = { { id = "arith.t3_balance", status = "na", message = "商业企业列" } },
}

-- arith.t3_detail_sum
F.passes("arith.t3_detail_sum", "（七）总计 is the sum of the results", DEPT)
F.fails("arith.t3_detail_sum", "自然人 （七）总计 one too high",
  F.variant("dept_clean.txt", HANDLED, "\t（七）总计\t8\t1\t0\t0\t1\t0\t9\n"),
  "表三“自然人”列：（一）至（六）各项办理结果之和为7，但（七）总计填为8")
F.passes("arith.t3_detail_sum", "2019 layout: the single （六）其他处理 row counts",
  F.variant("dept_clean.txt", OTHER3, "\t（六）其他处理\t0\t0\t0\t0\t0\t0\t0\n"))

-- arith.t3_row_sum
F.passes("arith.t3_row_sum", "every row adds up", DEPT)
F.fails("arith.t3_row_sum", "本年新收 总计 9 where the applicants add up to 8",
  F.variant("dept_clean.txt", RECEIVED, "一、本年新收政府信息公开申请数量\t6\t1\t0\t0\t1\t0\t9\n"),
  "自然人与各类法人或其他组织之和为8，但总计填为9")

-- arith.t4_balance
F.passes("arith.t4_balance", "each row adds up", DEPT)
F.fails("arith.t4_balance", "行政复议 总计 3 for 1 + 1",
  F.variant("dept_clean.txt", T4, "1\t1\t0\t0\t3\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0\n"),
  "表四“行政复议”：结果维持1、结果纠正1、其他结果0、尚未审结0，合计应为2，但总计填为3")
F.fails("arith.t4_balance", "复议后起诉 维持 5 but 总计 0 (as in hongze_qu_2023)",
  F.variant("dept_clean.txt", T4, "1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t5\t0\t0\t0\t0\n"),
  "行政诉讼（复议后起诉）")

-- arith.t2_counts
F.passes("arith.t2_counts", "whole non-negative counts", DEPT)
F.fails("arith.t2_counts", "negative count", F.variant("dept_clean.txt", "行政许可\t40\n", "行政许可\t-2\n"), "为负数")
F.fails("arith.t2_counts", "fractional count", F.variant("dept_clean.txt", "行政许可\t40\n", "行政许可\t40.5\n"), "为小数")

-- arith.t2_fee
F.passes("arith.t2_fee", "12.5 万元", DEPT)
F.fails("arith.t2_fee", "negative amount",
  F.variant("dept_clean.txt", "行政事业性收费\t12.5\n", "行政事业性收费\t-12.5\n"), "为负数")

-- arith.t3_carryover_prev, arith.t2_in_force_prev: last year's report in the
-- run (spec{ previous_text = … }), or none.
F.na("arith.t3_carryover_prev", "no previous report in the run", DEPT, "没有该机关上一年度的报告")
F.na("arith.t2_in_force_prev", "no previous report in the run", DEPT, "没有该机关上一年度的报告")

local function last_year(...)
  return (F.variant("dept_clean.txt", ...):gsub("2024", "2023"):gsub("2025", "2024"))
end
local function with_previous(name, text, prev, id, status, msg)
  spec { name = id .. " " .. status .. ": " .. name, text = text, previous_text = prev,
         indicators = { id }, expect = { { id = id, status = status, message = msg } } }
end
local PREV_FORWARD_1 = last_year(FORWARD, "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1\n")

with_previous("last year carried 1 forward, this year 1 carried over", DEPT, PREV_FORWARD_1,
  "arith.t3_carryover_prev", "pass", "自然人列1")
spec {
  name = "arith.t3_carryover_prev fail: last year carried nothing forward, this year says 1 carried over",
  text = DEPT, previous_text = last_year(FORWARD, FORWARD), indicators = { "arith.t3_carryover_prev" },
  expect = {
    { id = "arith.t3_carryover_prev", status = "fail", message = "表三“自然人”列：本年“上年结转”为1，但2023年度报告“结转下年度继续办理”为0" },
    { id = "arith.t3_carryover_prev", status = "fail", message = "表三“总计”列：本年“上年结转”为1" },
  },
}
with_previous("last year's 结转下年度 left blank: not assessable, not a pass", DEPT,
  last_year(FORWARD, "四、结转下年度继续办理\t/\t/\t/\t/\t/\t/\t/\n"),
  "arith.t3_carryover_prev", "na", "空白或无法读取，未核对：自然人列")

-- 行政规范性文件 this year 2 issued, 1 repealed, 7 in force
with_previous("6 + 2 - 1 = 7", DEPT, last_year("行政规范性文件\t2\t1\t7\n", "行政规范性文件\t1\t0\t6\n"),
  "arith.t2_in_force_prev", "pass", "行政规范性文件 6＋2－1＝7")
with_previous("7 + 2 - 1 = 8, not 7", DEPT, last_year("行政规范性文件\t2\t1\t7\n", "行政规范性文件\t2\t1\t7\n"),
  "arith.t2_in_force_prev", "fail", "现行有效7件，但上年现行有效7＋本年制发2－本年废止1＝8")
with_previous("only the all-zero 规章 row could be compared (行政规范性文件 unreadable): nothing verified",
  F.variant("dept_clean.txt", "行政规范性文件\t2\t1\t7\n", "行政规范性文件\t2107\n"),
  last_year("行政规范性文件\t2\t1\t7\n", "行政规范性文件\t1\t0\t6\n"),
  "arith.t2_in_force_prev", "na", "规章行两年均为0")

-- Pass messages name what was verified; nothing comparable is na.
spec {
  name = "arith.t3_balance: blank applicant columns are na, the columns compared are named in the pass",
  text = F.variant("dept_clean.txt", RECEIVED, "一、本年新收政府信息公开申请数量\t6\t/\t0\t0\t1\t0\t8\n"),
  indicators = { "arith.t3_balance" },
  expect = { { id = "arith.t3_balance", status = "na", message = "商业企业列" },
             { id = "arith.t3_balance", status = "pass", message = "已核对：自然人列、科研机构列" } },
}

-- A message stays under the run's cap (4096 bytes) whatever the report
-- holds: of many rows it could not check, it names twelve and counts all.
spec {
  name = "arith.t3_row_sum: eighteen rows with a blank 总计 are named up to twelve, then counted",
  text = (DEPT:gsub("\t0\t0\t0\t0\t0\t0\t0\n", "\t0\t0\t0\t0\t0\t0\t/\n")),
  indicators = { "arith.t3_row_sum" },
  expect = { { id = "arith.t3_row_sum", status = "na", message = "“重复申请”行；“要求提供公开出版物”行等18项" } },
}

-- What the report leaves out: no table to check is a missing finding (it
-- deducts the indicator's cap), never a not-assessable that costs nothing.
local NO_TABLES = F.no_tables("dept_clean.txt")
F.missing({ "arith.t3_balance", "arith.t3_detail_sum", "arith.t3_row_sum" }, "no tables", NO_TABLES,
  "未找到表三，本项无从核对")
F.missing({ "arith.t4_balance" }, "no tables", NO_TABLES, "未找到表四，本项无从核对")
F.missing({ "arith.t2_counts", "arith.t2_fee" }, "no tables", NO_TABLES, "未找到表二，本项无从核对")
with_previous("this year's tables left out", NO_TABLES, last_year(FORWARD, FORWARD),
  "arith.t3_carryover_prev", "missing", "未找到表三，无从与上年衔接")
with_previous("this year's tables left out", NO_TABLES, last_year(FORWARD, FORWARD),
  "arith.t2_in_force_prev", "missing", "未找到表二，无从与上年衔接")
-- last year's report without tables is not this report's omission
with_previous("last year's tables left out", DEPT, (F.no_tables("dept_clean.txt"):gsub("2024", "2023"):gsub("2025", "2024")),
  "arith.t3_carryover_prev", "na", "上年报告未找到表三")
