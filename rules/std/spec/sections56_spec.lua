-- Specs of std/sections56.lua
local F = assert(loadfile("fixtures/lib.lua"))()
local DEPT, TOWN = F.read("dept_clean.txt"), F.read("town_clean.txt")
local S5 = DEPT:match("五、存在的主要问题及改进情况\n\n(.-)\n六、")
local function with_s5(body) return F.variant("dept_clean.txt", S5, body .. "\n") end

-- s5.substantive
F.passes("s5.substantive", "problems, measures, last year's fixes", DEPT)
F.fails("s5.substantive", "五 says only 无", with_s5("无。\n"), "内容为“无。”")
F.fails("s5.substantive", "五 is two generic sentences",
  with_s5("工作中还存在一些不足。下一步将继续加强。\n"), "未具体说明存在的问题及改进情况")

-- s5.problems_measures
F.passes("s5.problems_measures", "both named", DEPT)
F.fails("s5.problems_measures", "problems without measures",
  with_s5("本年度工作中仍有不足：信息更新不及时，个别栏目内容陈旧，依申请公开答复用语不统一，基层站所人员对公开要求理解有偏差，专栏访问量偏低。\n"),
  "未提出改进措施")
F.fails("s5.problems_measures", "measures without problems",
  with_s5("2025年，我局将加强业务培训，完善信息发布制度，提升政务公开质量，推进专栏建设，强化监督检查，把各项工作做得更好。\n"),
  "未指出存在的具体问题")

-- s5.last_year_fixes
spec {
  name = "s5.last_year_fixes passes: 2023年度报告提出的…问题…已得到改进",
  text = DEPT, indicators = { "s5.last_year_fixes" },
  expect = { { id = "s5.last_year_fixes", status = "pass", message = "说明了上年度问题的改进情况" } },
}
F.fails("s5.last_year_fixes", "only this year's problems and next year's plans",
  F.variant("dept_clean.txt", "（一）上年度问题改进情况。2023年度报告提出的政策解读形式单一问题，我局已制作图解解读6篇，问题已得到改进。\n\n", ""),
  "未说明上年度报告所提问题的改进")

-- the heading of last year's fixes with nothing under it: not said
for _, body in ipairs({ "（一）上年度问题改进情况。无。\n\n", "（一）上年度问题整改情况：暂无\n\n",
                        "（一）2023年度问题整改情况\n无\n\n" }) do
  F.fails("s5.last_year_fixes", "the heading, then nothing: " .. body:gsub("\n", " "),
    F.variant("dept_clean.txt", "（一）上年度问题改进情况。2023年度报告提出的政策解读形式单一问题，我局已制作图解解读6篇，问题已得到改进。\n\n", body),
    "未说明上年度报告所提问题的改进")
end
F.passes("s5.last_year_fixes", "the heading, then the fixes after a colon",
  F.variant("dept_clean.txt", "（一）上年度问题改进情况。2023年度报告提出的", "（一）上年度问题改进情况：2023年度报告提出的"))

-- s5.copied_previous, s5.copied_peer: they compare with other reports of the
-- run (ctx.previous, the run's copy index); alone, there is nothing to compare.
F.na("s5.copied_previous", "no previous report in the run", DEPT, "没有该机关上一年度的报告")
F.na("s5.copied_peer", "no other agency in the run", DEPT, "没有同年度其他机关的报告")

-- With peers in the run (spec{ peers = … }): another agency's report of the
-- year whose 五 is this one's word for word (a template handed round) is one
-- finding naming how many share it and the closest; a township's own 五 is not.
spec { name = "s5.copied_peer fails: another bureau's 五 is the same",
       text = DEPT, peers = { "fixtures/dept_peer_copy.txt" },
       indicators = { "s5.copied_peer" },
       expect = { { id = "s5.copied_peer", status = "fail",
                    message = "第五部分与1份同年度其他机关的年报第五部分雷同（相似度超过50%；最相似：青岚县样例局 100%），见雷同组1" } } }
spec { name = "s5.copied_peer passes: the township wrote its own 五",
       text = DEPT, peers = { "fixtures/town_clean.txt" },
       indicators = { "s5.copied_peer" },
       expect = { { id = "s5.copied_peer", status = "pass", message = "与同年度其他机关的第五部分均不雷同（最高相似度" } } }

-- s6.fee
F.passes("s6.fee", "未收取…信息处理费", DEPT)
F.fails("s6.fee", "六 silent on the fee",
  F.variant("dept_clean.txt", "2024年，本局未收取政府信息公开信息处理费。", ""), "未说明信息处理费")
-- tables put after 六 as 附表 (as core/tests/fixtures/tables/appendix.txt):
-- the labels of t2 (行政事业性收费) and t3 (逾期未按收费通知要求缴纳费用) then
-- stand in 六's text and say nothing of the fee 六 must report
do
  local T2 = F.read("dept_clean.txt"):match("二、主动公开政府信息情况\n\n(.-\n)\n三、")
  local appended = F.variant("dept_clean.txt", T2, "详见附表一。\n",
    "2024年，本局未收取政府信息公开信息处理费。", "") .. "\n附表一：主动公开政府信息情况\n\n" .. T2
  F.fails("s6.fee", "六 silent on the fee, t2 put after it as 附表", appended, "未说明信息处理费")
  F.passes("s6.fee", "六 states the fee, t2 put after it as 附表",
    F.variant("dept_clean.txt", T2, "详见附表一。\n") .. "\n附表一：主动公开政府信息情况\n\n" .. T2)
end
F.na("s6.fee", "a 2020 report (trial template)",
  F.variant("dept_clean.txt", "标题: 青岚县测试局2024年", "标题: 青岚县测试局2020年",
    "青岚县测试局2024年政府信息公开工作年度报告\n\n", "青岚县测试局2020年政府信息公开工作年度报告\n\n",
    "统计期限自2024年1月1日起至2024年12月31日止", "统计期限自2020年1月1日起至2020年12月31日止",
    "2024年，本局未收取政府信息公开信息处理费。", ""), "2021年度以前")

-- s6.workplan / s6.proposals / s6.innovation (governments and townships)
local TOWN_ITEMS = {
  ["s6.workplan"] = "（二）政务公开工作要点落实情况。按照县年度政务公开工作要点，完成基层政务公开标准目录更新。\n\n",
  ["s6.proposals"] = "（三）人大代表建议和政协提案办理情况。全年承办县人大代表建议1件，已办结并公开。\n\n",
  ["s6.innovation"] = "（四）政务公开工作创新情况。在村级公开栏张贴二维码，群众扫码查看惠民资金发放明细。\n\n",
}
for _, id in ipairs({ "s6.workplan", "s6.proposals", "s6.innovation" }) do
  F.passes(id, "township reports it in 六", TOWN)
  F.fails(id, "township leaves it out", F.variant("town_clean.txt", TOWN_ITEMS[id], ""), "第六部分未报告")
  F.na(id, "a department", DEPT, "本项不适用")
end

-- the item headed the way reports head it (“特色亮点工作”, “工作亮点”, “特色做法”)
for _, head in ipairs({ "（四）特色亮点工作。", "（四）工作亮点。", "（四）特色做法。" }) do
  F.passes("s6.innovation", "township reports it as " .. head,
    F.variant("town_clean.txt", "（四）政务公开工作创新情况。", head))
end
-- the words where 六 says the new practice is lacking or only hoped for: none reported
for _, case in ipairs({
  { "力争打造更多亮点", "（四）其他事项。2025年，我镇将认真总结经验，力争打造更多亮点。\n\n" },
  { "缺乏特色亮点", "（四）其他事项。我镇政务公开工作缺乏特色亮点，下一步将加强学习。\n\n" },
  { "下一步探索新做法", "（四）其他事项。下一步，我镇将积极探索政务公开新做法。\n\n" },
}) do
  F.fails("s6.innovation", case[1],
    F.variant("town_clean.txt", TOWN_ITEMS["s6.innovation"], case[2]), "第六部分未报告政务公开工作创新情况")
end
-- the item's heading with nothing under it (“特色亮点工作。无。”, “：暂无”): not reported
for _, body in ipairs({ "（四）特色亮点工作。无。\n\n", "（四）政务公开工作创新情况：暂无。\n\n",
                        "（四）工作亮点\n无\n\n" }) do
  F.fails("s6.innovation", "the heading, then nothing: " .. body:gsub("\n", " "),
    F.variant("town_clean.txt", TOWN_ITEMS["s6.innovation"], body), "第六部分未报告政务公开工作创新情况")
end
F.fails("s6.workplan", "工作要点落实情况：无",
  F.variant("town_clean.txt", TOWN_ITEMS["s6.workplan"], "（二）政务公开工作要点落实情况：无。\n\n"),
  "第六部分未报告年度政务公开工作要点落实情况")
F.passes("s6.innovation", "a heading, then what was new, then 无 of another item",
  F.variant("town_clean.txt", TOWN_ITEMS["s6.innovation"],
    "（四）政务公开工作创新情况。在村级公开栏张贴二维码，群众扫码查看惠民资金发放明细。\n（五）其他事项：无。\n\n"))
F.passes("s6.innovation", "特色亮点工作 with a plan in another clause",
  F.variant("town_clean.txt", "（四）政务公开工作创新情况。在村级公开栏张贴二维码，群众扫码查看惠民资金发放明细。",
    "（四）特色亮点工作。在村级公开栏张贴二维码，群众扫码查看惠民资金发放明细，下一步将在全镇推广。"))

-- s6.assessment
F.fails("s6.assessment", "township silent on them",
  F.variant("town_clean.txt", "将政务公开纳入对各村的年度考核，在县政务公开年度考核中获评优秀等次；组织群众代表开展评议，评议结果为满意；全年未发生责任追究情况。", "定期检查各村公开栏。"),
  "未报告政府信息公开工作考核")
-- “纳入…考核” is a mechanism, not a result (洪泽区 2024: “将政府网站平台信息公开
-- 工作纳入全区高质量发展考核内容”); “未发生…责任追究” is a result (河川乡 2023:
-- “今年未发生违反政府信息公开责任追究情况”): one finding naming the two missing
F.fails("s6.assessment", "only 纳入考核 and 未发生责任追究 (河川乡 2023, 洪泽区 2024)",
  F.variant("town_clean.txt", "将政务公开纳入对各村的年度考核，在县政务公开年度考核中获评优秀等次；组织群众代表开展评议，评议结果为满意；全年未发生责任追究情况。",
    "将政务公开工作纳入全镇高质量发展考核内容，由工作领导小组对全镇政务公开工作进行定期或不定期评议。今年未发生违反政府信息公开责任追究情况。"),
  "未报告工作考核结果、社会评议结果（")
F.passes("s6.assessment", "考核获评优秀等次, 评议结果为满意, 未发生责任追究 (outcomes)", TOWN)
F.fails("s6.assessment", "an award is an assessment result; 评议 and 追究 still missing",
  F.variant("town_clean.txt", "将政务公开纳入对各村的年度考核，在县政务公开年度考核中获评优秀等次；组织群众代表开展评议，评议结果为满意；全年未发生责任追究情况。",
    "我镇被评为全县政务公开工作先进单位。"),
  "未报告社会评议结果、责任追究结果（")
spec { name = "s6.assessment: accountability carried out counts (平潭 2023 “对相关责任人进行递进式效能问责”)",
       text = F.variant("town_clean.txt", "全年未发生责任追究情况。", "并对相关责任人进行递进式效能问责。"),
       indicators = { "s6.assessment" },
       expect = { { id = "s6.assessment", status = "pass" } } }
F.na("s6.assessment", "a department", DEPT, "本项不适用")

-- With last year's report in the run (spec{ previous_text = … }):
-- the same 五 again is a copy; a 五 rewritten for the year is not.
local LAST_YEAR = F.read("dept_clean.txt"):gsub("2024", "2023"):gsub("2025", "2024")
spec { name = "s5.copied_previous fails: 五 repeats last year's",
       text = F.read("dept_clean.txt"), previous_text = LAST_YEAR,
       indicators = { "s5.copied_previous" },
       expect = { { id = "s5.copied_previous", status = "fail" } } }
spec { name = "s5.copied_previous passes: 五 written anew",
       text = F.read("dept_clean.txt"),
       previous_text = F.variant("dept_clean.txt",
         "一是部分股室对依申请公开的办理时限把握不准；二是政务公开专栏个别栏目更新不及时。",
         "主要是基层站所信息发布审核流程偏长，重点领域信息公开的深度不够，群众关注的民生事项解读较少。")
         :gsub("2024", "2023"):gsub("2025", "2024")
         :gsub("（一）上年度问题改进情况。[^\n]*", "（一）上年度问题改进情况。2022年度报告所列网站栏目空白问题已全部整改。"),
       indicators = { "s5.copied_previous" },
       expect = { { id = "s5.copied_previous", status = "pass" } } }

-- s5.last_year_fixes with last year's report in the run: the finding names
-- the problems that report listed
spec { name = "s5.last_year_fixes fails naming last year's problems",
       text = F.variant("dept_clean.txt", "（一）上年度问题改进情况。2023年度报告提出的政策解读形式单一问题，我局已制作图解解读6篇，问题已得到改进。\n\n", ""),
       previous_text = LAST_YEAR,
       indicators = { "s5.last_year_fixes" },
       expect = { { id = "s5.last_year_fixes", status = "fail",
                    message = "第五部分未说明2023年度报告所提问题（“部分股室对依申请公开的办理时限把握不准”、“政务公开专栏个别栏目更新不及时”）的改进" } } }

-- s5.repeated_problems: a problem of last year's 五 written again word for word
spec { name = "s5.repeated_problems fails: 五 names last year's problem again",
       text = DEPT, previous_text = LAST_YEAR, indicators = { "s5.repeated_problems" },
       expect = { { id = "s5.repeated_problems", status = "fail",
                    message = "第五部分所列问题“部分股室对依申请公开的办理时限把握不准”、“政务公开专栏个别栏目更新不及时”与2023年度报告第五部分一字不差" } } }
spec { name = "s5.repeated_problems passes: problems of the year",
       text = DEPT,
       previous_text = F.variant("dept_clean.txt",
         "一是部分股室对依申请公开的办理时限把握不准；二是政务公开专栏个别栏目更新不及时。",
         "主要是基层站所信息发布审核流程偏长，重点领域信息公开的深度不够。"):gsub("2024", "2023"):gsub("2025", "2024"),
       indicators = { "s5.repeated_problems" },
       expect = { { id = "s5.repeated_problems", status = "pass" } } }
F.na("s5.repeated_problems", "no earlier report in the run", DEPT, "没有该机关往年")
-- two years back (ctx.previous2): the 2022 report, no 2023 one in the run
spec { name = "s5.repeated_problems fails against the report two years back",
       text = DEPT, peers = { "fixtures/dept_2022_copy.txt" }, indicators = { "s5.repeated_problems" },
       expect = { { id = "s5.repeated_problems", status = "fail", message = "与2022年度报告第五部分一字不差" } } }

-- s5.measures_next_year: measures written as this year's work (沭阳县发改局
-- 2023: “（二）整改措施。为进一步规范…，2023年我局加大贯彻落实新《条例》…的工作
-- 力度，一是完善…二是进一步加强平台建设…”)
F.passes("s5.measures_next_year", "2025年，我局将…", DEPT)
F.fails("s5.measures_next_year", "整改措施 dated 2024 without a plan (沭阳县发改局 2023)",
  F.variant("dept_clean.txt", "（三）改进措施。2025年，我局将组织依申请公开办理专题培训，建立专栏栏目更新台账，每月检查一次更新情况。",
    "（三）整改措施。为进一步规范并加大政府信息公开工作，2024年我局加大贯彻落实新《条例》和有关文件精神的工作力度，一是完善主动公开信息联动机制，二是进一步加强平台建设，丰富新媒体政务信息公开工作的形式。"),
  "以“2024年”叙述，写成了本年度已做的工作")
F.fails("s5.measures_next_year", "measures in the past tense",
  F.variant("dept_clean.txt", "（三）改进措施。2025年，我局将组织依申请公开办理专题培训，建立专栏栏目更新台账，每月检查一次更新情况。",
    "（三）改进措施。组织开展了依申请公开办理专题培训，建立了专栏栏目更新台账，每月检查一次更新情况。"),
  "已完成的说法")
F.passes("s5.measures_next_year", "下一步 without a year (龙口镇 2023 “下一步，我镇将继续认真执行…”)",
  F.variant("dept_clean.txt", "（三）改进措施。2025年，我局将组织依申请公开办理专题培训，建立专栏栏目更新台账，每月检查一次更新情况。",
    "下一步，我局继续认真执行信息公开相关规定，建立专栏栏目更新台账，每月检查一次更新情况。"))
F.na("s5.measures_next_year", "no measures part",
  with_s5("本年度工作中仍有不足：信息更新不及时，个别栏目内容陈旧，依申请公开答复用语不统一。\n"), "未单列改进措施")

-- s5.boilerplate (info): stock phrases and nothing else
F.passes("s5.boilerplate", "problems named", DEPT)
F.passes("s5.boilerplate", "a stock phrase, then the problems (洪泽区 2024)",
  with_s5("2024年，我局政府信息公开工作虽取得一定成绩，但仍存在一些不足，主要是：答复文书规范性有待提升，政策解读的形式还不够丰富。下一步，我局将加强业务培训。\n"))
F.fails("s5.boilerplate", "nothing but stock phrases",
  with_s5("2024年，我局政府信息公开工作稳步推进，但仍存在一定的问题和不足，与上级要求还有差距。下一步，我局将继续加强政务公开工作。\n"),
  "“仍存在一定的问题和不足”、“与上级要求还有差距”等套话")

-- report.copied_previous: the prose (一、五、六) against earlier years
spec { name = "report.copied_previous fails: the 2023 report again",
       text = DEPT, previous_text = LAST_YEAR, indicators = { "report.copied_previous" },
       expect = { { id = "report.copied_previous", status = "fail", message = "与2023年度报告（相似度100%，100%的语句一字不差）雷同" } } }
spec { name = "report.copied_previous fails: the 2022 report again (two years back)",
       text = DEPT, peers = { "fixtures/dept_2022_copy.txt" }, indicators = { "report.copied_previous" },
       expect = { { id = "report.copied_previous", status = "fail", message = "与2022年度报告（相似度100%，100%的语句一字不差）雷同" } } }
-- a year rewritten in the same template words: likeness of bigrams alone is
-- no copy (青岚县发改局 2023/2024 of the example district: 54 %, no clause
-- repeated beyond the formula)
spec { name = "report.copied_previous passes: the year rewritten, only the formula repeated",
       text = DEPT,
       previous_text = F.variant("dept_clean.txt",
         "2024年，县测试局认真贯彻落实《条例》，围绕中心工作推进政务公开，各项工作有序开展。",
         "2023年，县测试局按照县委、县政府部署，围绕检测服务和质量监管做好政府信息公开。",
         "全年主动公开政府信息120条，其中政策文件20条，工作动态60条，其他信息40条。",
         "通过门户网站主动公开政府信息98条，其中抽检信息30条，其他信息68条。",
         "（三）政府信息管理情况。落实信息发布审核制度，对拟公开信息进行保密审查。",
         "（三）政府信息管理情况。建立政策文件与解读材料同步起草、同步审签、同步发布机制。",
         "（四）平台建设情况。在县政府门户网站设置本局政务公开专栏。",
         "（四）平台建设情况。专栏新增检测机构名录查询功能，可按乡镇查看。",
         "（五）监督保障情况。将政务公开纳入股室年度考核。",
         "（五）监督保障情况。局办公室每季度检查一次门户网站栏目更新情况。",
         "一是部分股室对依申请公开的办理时限把握不准；二是政务公开专栏个别栏目更新不及时。",
         "检测结果信息发布仍以转载为主，本地抽检信息公开较少。",
         "（三）改进措施。2025年，我局将组织依申请公开办理专题培训，建立专栏栏目更新台账，每月检查一次更新情况。",
         "（三）改进措施。2024年，我局将按月发布本地抽检信息，对出台的政策文件同步开展解读。")
         :gsub("2024", "2023"):gsub("2025", "2024"),
       indicators = { "report.copied_previous" },
       expect = { { id = "report.copied_previous", status = "pass" } } }
spec { name = "report.copied_previous passes: another agency's report is no earlier year",
       text = DEPT, previous_text = F.read("town_clean.txt"):gsub("2024", "2023"):gsub("2025", "2024"),
       indicators = { "report.copied_previous" },
       expect = { { id = "report.copied_previous", status = "na" } } }
F.na("report.copied_previous", "no earlier report in the run", DEPT, "没有该机关往年")

-- s5.last_year_fixes with last year's report in the run: the fixes speak of
-- a problem that report named (青岚县发改局 2024: “2023年度报告提出的本地价格
-- 信息公开少的问题，已实现…” against 2023's “本地价格监测信息公开较少”)
do
  local function last_year(problems)
    return F.variant("dept_clean.txt",
      "一是部分股室对依申请公开的办理时限把握不准；二是政务公开专栏个别栏目更新不及时。", problems)
      :gsub("2024", "2023"):gsub("2025", "2024")
  end
  spec { name = "s5.last_year_fixes passes: the fix names a problem of last year's report",
         text = DEPT, previous_text = last_year("一是政策解读形式单一，图解解读较少；二是依申请公开答复文书不够规范。"),
         indicators = { "s5.last_year_fixes" },
         expect = { { id = "s5.last_year_fixes", status = "pass", message = "上年所提“政策解读形式单一”，本年提及“政策”" } } }
  spec { name = "s5.last_year_fixes fails: 已改进, but none of last year's problems",
         text = DEPT, previous_text = last_year("主要是基层站所信息发布审核流程偏长，重点领域信息公开的深度不够。"),
         indicators = { "s5.last_year_fixes" },
         expect = { { id = "s5.last_year_fixes", status = "fail",
                      message = "第五部分称问题已改进，但未提及2023年度报告所提的问题（“重点领域信息公开的深度不够”）" } } }
end

-- results stated with the clause's subject between (“经…考核，我镇2023年度政务公开
-- 工作为优秀”, “通过群众评议，群众对我镇政务公开工作总体满意”), as nil statements
-- (“没有受到责任追究”) or not yet known (“考核结果尚未公布”)
local S6_ASSESS = "将政务公开纳入对各村的年度考核，在县政务公开年度考核中获评优秀等次；组织群众代表开展评议，评议结果为满意；全年未发生责任追究情况。"
for _, case in ipairs({
  { "the subject between 考核 and its grade", "经县政务公开领导小组考核，我镇2023年度政务公开工作为优秀；开展政务公开社会评议，参评群众满意率97.6%；本年度无责任追究情况发生。" },
  { "the subject between 评议 and its outcome, 没有受到责任追究", "在全县政务公开考核中被评为优秀等次；通过群众评议，群众对我镇政务公开工作总体满意；本年度没有受到责任追究。" },
  { "考核结果尚未公布", "县政务公开办对乡镇的年度考核结果尚未公布；组织群众代表开展评议，评议结果为满意；全年无责任追究。" },
}) do
  F.passes("s6.assessment", case[1], F.variant("town_clean.txt", S6_ASSESS, case[2]))
end
-- the window reaches over a subject only from a clause saying how the
-- outcome came about (经…考核，/在…考核中，): a mechanism's sentence does not
-- borrow an outcome word from a clause 16–25 characters on (第一时间, 进行检查
-- …问责, 获得感…考核)
for _, case in ipairs({
  { "纳入考核，…第一时间予以回应", "将政务公开工作纳入年度考核，要求各村各站所对群众反映的关切问题第一时间予以回应；组织群众代表开展评议，评议结果为满意；全年未发生责任追究情况。", "未报告工作考核结果" },
  { "进行检查…严肃问责", "在县政务公开年度考核中获评优秀等次；组织群众代表开展评议，评议结果为满意；每季度对各村政务公开栏进行检查，发现问题及时督促整改，对整改不到位的严肃问责。", "未报告责任追究结果" },
  { "获得感…纳入考核", "不断提升群众获得感和满意度，将政务公开工作纳入年度目标考核；组织群众代表开展评议，评议结果为满意；全年未发生责任追究情况。", "未报告工作考核结果" },
}) do
  F.fails("s6.assessment", case[1], F.variant("town_clean.txt", S6_ASSESS, case[2]), case[3])
end
F.passes("s6.assessment", "在…考核中，我镇…被评定为良好等次",
  F.variant("town_clean.txt", S6_ASSESS, "在全县政务公开年度考核中，我镇政务公开工作被评定为良好等次；组织群众代表开展评议，评议结果为满意；全年未发生责任追究情况。"))
-- the window stops at a ；: 考核 does not borrow the next item's 评议结果
F.fails("s6.assessment", "纳入考核；评议结果为满意",
  F.variant("town_clean.txt", S6_ASSESS, "将政务公开纳入对各村的年度考核；组织群众代表开展评议，评议结果为满意；全年未发生责任追究情况。"),
  "未报告工作考核结果")

-- free of charge, said of the requests, is a fee statement; free leaflets are not
F.passes("s6.fee", "依申请公开政府信息均免费提供",
  F.variant("dept_clean.txt", "2024年，本局未收取政府信息公开信息处理费。", "2024年，本局依申请公开政府信息均免费提供。"))
F.fails("s6.fee", "免费发放宣传资料 says nothing of the requests",
  F.variant("dept_clean.txt", "2024年，本局未收取政府信息公开信息处理费。", "2024年，本局在政务大厅免费发放宣传资料。"),
  "第六部分未说明信息处理费收取情况")
-- something else free, in a sentence that names requests or 信息公开: no fee statement
for _, case in ipairs({
  { "免费WiFi", "2024年，本局在政务服务大厅提供免费WiFi，方便群众办理申请事项。" },
  { "免费提供政策咨询", "2024年，本局在信息公开专区免费提供政策咨询和复印服务。" },
  { "免费停车", "2024年，本局为前来提交申请的群众提供免费停车。" },
  { "免费发放政府信息公开指南", "2024年，本局在大厅免费发放政府信息公开指南。" },
}) do
  F.fails("s6.fee", case[1] .. " says nothing of the requests' fees",
    F.variant("dept_clean.txt", "2024年，本局未收取政府信息公开信息处理费。", case[2]),
    "第六部分未说明信息处理费收取情况")
end
-- 免费 with no object of its own, in a sentence naming the requests
F.passes("s6.fee", "依申请公开政府信息，均免费提供",
  F.variant("dept_clean.txt", "2024年，本局未收取政府信息公开信息处理费。", "2024年，本局依申请公开政府信息，均免费提供。"))

-- What the report leaves out: no 五 (or 六) to judge costs the indicator's
-- cap, as an empty one fails
local NO_S5 = F.without("dept_clean.txt", "五、", "六、")
F.missing({ "s5.substantive", "s5.problems_measures", "s5.last_year_fixes", "s5.measures_next_year",
  "s5.boilerplate" }, "no 五", NO_S5, "未找到第五部分，本项无从评判")
F.missing({ "s6.fee" }, "no 六", F.without("dept_clean.txt", "六、"), "未找到第六部分，本项无从评判")
