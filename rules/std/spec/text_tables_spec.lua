-- Specs of std/text_tables.lua
local F = assert(loadfile("fixtures/lib.lua"))()
local DEPT, TOWN = F.read("dept_clean.txt"), F.read("town_clean.txt")

-- text.t3_counts
spec {
  name = "text.t3_counts passes: 收到 8, 上年结转 1, 办结 9 and the results as in t3",
  text = DEPT, indicators = { "text.t3_counts" },
  expect = { { id = "text.t3_counts", status = "pass",
               message = "本年新收申请8件、上年结转申请1件、办结（办理结果总计）9件、予以公开4件、部分公开2件、不予公开1件、无法提供2件" } },
}
F.fails("text.t3_counts", "text says 10 received, t3 says 8",
  F.variant("dept_clean.txt", "共收到政府信息公开申请8件", "共收到政府信息公开申请10件"),
  "正文称本年新收申请10件（“我局共收到政府信息公开申请10件”，第15行），但表三“一、本年新收”总计为8")
F.fails("text.t3_counts", "text says 5 granted, t3 says 4",
  F.variant("dept_clean.txt", "其中予以公开4件", "其中予以公开5件"), "正文称予以公开5件")
F.passes("text.t3_counts", "figures about other matters (行政许可申请, 网民留言) are not compared",
  F.variant("dept_clean.txt", "本年度收到的申请已全部办结。",
    "本年度收到的申请已全部办结。全年受理行政许可申请135件，答复网民留言23件。"))
-- sub-counts of 收到 after 其中 (by channel) are not t3's 本年新收; a whole whose parts
-- name 上年结转 is 新收＋上年结转; a figure of last year given for comparison is not this year's
local RECEIVED = "2024年，我局共收到政府信息公开申请8件，上年结转申请1件，"
F.passes("text.t3_counts", "“共收到申请8件，其中通过网络平台收到5件、信函收到3件”: the parts are sub-counts",
  F.variant("dept_clean.txt", RECEIVED,
    "2024年，我局共收到政府信息公开申请8件，其中通过网络平台收到5件、信函收到3件，上年结转申请1件，"))
F.fails("text.t3_counts", "sub-counts of 收到 that add up to more than it",
  F.variant("dept_clean.txt", RECEIVED,
    "2024年，我局共收到政府信息公开申请8件，其中通过网络平台收到5件、信函收到4件，上年结转申请1件，"),
  "其中各分项5＋4之和为9件，超过总数")
F.passes("text.t3_counts", "“共受理申请9件，其中本年新收8件、上年结转1件”: the whole is 新收＋上年结转",
  F.variant("dept_clean.txt", RECEIVED, "2024年，我局共受理政府信息公开申请9件，其中本年新收8件、上年结转1件，"))
F.fails("text.t3_counts", "“共受理申请10件，其中本年新收8件、上年结转1件”: neither 新收 nor 新收＋上年结转",
  F.variant("dept_clean.txt", RECEIVED, "2024年，我局共受理政府信息公开申请10件，其中本年新收8件、上年结转1件，"),
  "但表三“一、本年新收”总计为8，与“二、上年结转”之和为9")
F.fails("text.t3_counts", "“其中本年新收7件” names 新收 and is compared",
  F.variant("dept_clean.txt", RECEIVED, "2024年，我局共受理政府信息公开申请9件，其中本年新收7件、上年结转1件，"),
  "正文称本年新收申请7件")
-- the list opens right after its whole and its parts follow one another: an
-- applicant list's 其中 does not make a later 上年结转 part of the whole, nor does
-- 包含 further on; a ； ends the list; a part that says 本年 is t3's 本年新收
F.fails("text.t3_counts", "“共收到申请9件，其中自然人申请8件、法人…1件，上年结转申请1件”: 9 is 新收, not 新收＋上年结转",
  F.variant("dept_clean.txt", RECEIVED,
    "2024年，我局共收到政府信息公开申请9件，其中自然人申请8件、法人或其他组织申请1件，上年结转申请1件，"),
  "正文称本年新收申请9件")
F.fails("text.t3_counts", "“共收到申请9件，申请内容包含…，上年结转申请1件”: 包含 opens no list",
  F.variant("dept_clean.txt", RECEIVED,
    "2024年，我局共收到政府信息公开申请9件，申请内容包含征地拆迁、社会保障等，上年结转申请1件，"),
  "正文称本年新收申请9件")
F.passes("text.t3_counts", "“共受理申请9件（含上年结转1件）”",
  F.variant("dept_clean.txt", RECEIVED, "2024年，我局共受理政府信息公开申请9件（含上年结转1件），"))
F.fails("text.t3_counts", "“其中本年度收到7件、上年结转1件”: the part that says 本年 is compared",
  F.variant("dept_clean.txt", RECEIVED, "2024年，我局共受理政府信息公开申请9件，其中本年度收到7件、上年结转1件，"),
  "正文称本年新收申请7件")
F.fails("text.t3_counts", "a figure after the list's ； is no part of it",
  F.variant("dept_clean.txt", RECEIVED,
    "2024年，我局共收到政府信息公开申请8件，其中通过网络平台收到5件、信函收到3件；全年受理政府信息公开申请10件，上年结转申请1件，"),
  "正文称本年新收申请10件（“全年受理政府信息公开申请10件”")
F.passes("text.t3_counts", "last year's figure given for comparison (“（2023年收到5件）”, “去年收到5件”)",
  F.variant("dept_clean.txt", RECEIVED,
    "2024年，我局共收到政府信息公开申请8件（2023年收到5件），同比增长60%（去年收到5件），上年结转申请1件，"))
F.fails("text.t3_counts", "a sentence of last year alone (a copy) is still compared",
  F.variant("dept_clean.txt", RECEIVED, "2023年，我局共收到政府信息公开申请5件，上年结转申请1件，"),
  "正文称本年新收申请5件")
-- …whatever else the copy says (占比 and 较好 compare nothing; a copy of a report
-- that compared with its own last year); a comparison in the clause before is not
-- the figure's, and the figure a comparison arrives at is this year's
F.fails("text.t3_counts", "a copy of last year with 占比 is still compared",
  F.variant("dept_clean.txt", RECEIVED, "2023年，我局共收到政府信息公开申请5件，上年结转申请1件，",
    "无法提供2件。", "无法提供2件，公开占比66.7%。"), "正文称本年新收申请5件")
F.fails("text.t3_counts", "a copy of last year's comparison (“2023年我局共收到…5件，同比增长25%”)",
  F.variant("dept_clean.txt", RECEIVED, "2023年我局共收到政府信息公开申请5件，同比增长25%，上年结转申请1件，"),
  "正文称本年新收申请5件")
F.fails("text.t3_counts", "“申请量同比增加，共收到申请10件”: this year's 10",
  F.variant("dept_clean.txt", RECEIVED, "2024年，我局依申请公开工作量同比增加，共收到政府信息公开申请10件，上年结转申请1件，"),
  "正文称本年新收申请10件")
F.fails("text.t3_counts", "an earlier year in the clause before (“受2023年启动的征收项目影响，共收到…10件”)",
  F.variant("dept_clean.txt", RECEIVED, "2024年，受2023年启动的征收项目影响，共收到政府信息公开申请10件，上年结转申请1件，"),
  "正文称本年新收申请10件")
F.fails("text.t3_counts", "“同比下降至7件”: the figure a comparison arrives at",
  F.variant("dept_clean.txt", RECEIVED, "2024年，我局收到政府信息公开申请数量同比下降至7件，上年结转申请1件，"),
  "正文称本年新收申请7件")
F.passes("text.t3_counts", "“2023年收到5件，同比增长60%” after this year's 8 (no year of its own)",
  F.variant("dept_clean.txt", RECEIVED, "全年共收到政府信息公开申请8件，2023年收到5件，同比增长60%，上年结转申请1件，"))

-- text.t4_counts
spec {
  name = "text.t4_counts passes: 复议 2 (维持 1, 纠正 1), 诉讼 1",
  text = DEPT, indicators = { "text.t4_counts" },
  expect = { { id = "text.t4_counts", status = "pass", message = "行政复议2件、行政复议结果维持1件、行政复议结果纠正1件、行政诉讼1件" } },
}
F.fails("text.t4_counts", "text says 3 reviews, t4 says 2",
  F.variant("dept_clean.txt", "被申请行政复议2件", "被申请行政复议3件"), "正文称行政复议3件")
F.fails("text.t4_counts", "text says 2 suits, t4 says 1",
  F.variant("dept_clean.txt", "被提起行政诉讼1件", "被提起行政诉讼2件"), "表四行政诉讼两类“总计”之和为1")
F.passes("text.t4_counts", "reviews the agency decided as the review body are not its own cases",
  F.variant("dept_clean.txt", "本年度收到的申请已全部办结。",
    "本年度收到的申请已全部办结。县政府作为复议机关，共受理政府信息公开类行政复议案件5件，其中维持3件。"))
F.fails("text.t4_counts", "“配合复议机关办理案件，…被申请行政复议3件”: the agency's own cases, t4 says 2",
  F.variant("dept_clean.txt", "因政府信息公开被申请行政复议2件，",
    "积极配合复议机关办理案件，全年因政府信息公开被申请行政复议3件，"), "正文称行政复议3件")
F.passes("text.t4_counts", "“县政府作为复议机关，受理以县直部门为被申请人的…案件5件”",
  F.variant("dept_clean.txt", "本年度收到的申请已全部办结。",
    "本年度收到的申请已全部办结。县政府作为复议机关，受理以县直部门为被申请人的政府信息公开行政复议案件5件。"))
F.fails("text.t4_counts", "“市政府复议机关受理涉及我局的…3件”: the agency's own cases, t4 says 2",
  F.variant("dept_clean.txt", "因政府信息公开被申请行政复议2件，",
    "市政府复议机关受理涉及我局的政府信息公开行政复议案件3件，"), "正文称行政复议3件")
F.fails("text.t4_counts", "the same figure without 作为复议机关 is held against t4",
  F.variant("dept_clean.txt", "本年度收到的申请已全部办结。",
    "本年度收到的申请已全部办结。县政府共受理政府信息公开类行政复议案件5件。"), "正文称行政复议5件")

-- text.public_parts
F.passes("text.public_parts", "120 = 20 + 60 + 40", DEPT)
F.fails("text.public_parts", "parts add up to more than the total",
  F.variant("dept_clean.txt", "其中政策文件20条", "其中政策文件30条"), "之和为130条")
F.fails("text.public_parts", "parts ending with 其他 add up to less than the total",
  F.variant("town_clean.txt", "其他渠道发布90条", "其他渠道发布80条"), "相差10条")
F.na("text.public_parts", "a list that may be partial is not judged",
  F.variant("dept_clean.txt", "其他信息40条", "通知公告30条"), "可能并不完整")

-- text.no_requests
spec {
  name = "text.no_requests passes: 未收到申请 and t3 received 0",
  text = TOWN, indicators = { "text.no_requests" },
  expect = { { id = "text.no_requests", status = "pass", message = "未收到政府信息公开申请" } },
}
F.fails("text.no_requests", "未收到申请 but t3 has one",
  F.variant("town_clean.txt", "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0",
    "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1"), "表三本年新收申请总计为1件")

-- text.no_litigation
spec {
  name = "text.no_litigation passes: 未发生复议诉讼 and t4 zero",
  text = TOWN, indicators = { "text.no_litigation" },
  expect = { { id = "text.no_litigation", status = "pass", message = "表四相应总计为0" } },
}
F.fails("text.no_litigation", "未发生复议诉讼 but t4 has a review",
  F.variant("town_clean.txt", "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n", "1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n"),
  "行政复议总计1件")
-- “被申请行政复议”“被提起行政诉讼” name the cases (番禺 2021 “不存在因政府信息公开工作
-- 被申请行政复议、提起行政诉讼的情况”): a statement of zero cases, not the 被 of 被纠错
local DEPT_T4 = "因政府信息公开被申请行政复议2件，其中结果维持1件、结果纠正1件；被提起行政诉讼1件。"
F.fails("text.no_litigation", "“未发生因…被申请行政复议、被提起行政诉讼的情况” but t4 has cases",
  F.variant("dept_clean.txt", DEPT_T4, "本年度未发生因政府信息公开工作被申请行政复议、被提起行政诉讼的情况。"),
  "行政复议总计2件")
F.fails("text.no_litigation", "“不存在因…被申请行政复议、提起行政诉讼的情况” but t4 has cases",
  F.variant("dept_clean.txt", DEPT_T4, "2024年我局不存在因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"),
  "行政复议总计2件")
F.passes("text.no_litigation", "“未发生因…被申请行政复议、被提起行政诉讼的情况” and t4 zero",
  F.variant("town_clean.txt", "也未发生因政府信息公开引起的行政复议和行政诉讼",
    "也未发生因政府信息公开工作被申请行政复议、被提起行政诉讼的情况"))
-- “复议后被提起行政诉讼” is the suits after review (表四 复议后起诉), not the reviews
-- (t4: 复议 2, 直接起诉 1, 复议后起诉 0)
F.passes("text.no_litigation", "“未发生复议后被提起行政诉讼的情况”: no suit after review, as in t4",
  F.variant("dept_clean.txt", DEPT_T4,
    "因政府信息公开被申请行政复议2件，其中结果维持1件、结果纠正1件；被提起行政诉讼1件，未发生复议后被提起行政诉讼的情况。"))
F.fails("text.no_litigation", "“未发生复议后被提起行政诉讼的情况” but t4 has one",
  F.variant("dept_clean.txt", DEPT_T4,
    "因政府信息公开被申请行政复议2件，其中结果维持1件、结果纠正1件；被提起行政诉讼1件，未发生复议后被提起行政诉讼的情况。",
    "1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0\n", "1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t1\t0\t0\t0\t1\n"),
  "行政诉讼（复议后起诉）总计1件")
F.na("text.no_requests", "“无因政府信息公开被申请行政复议…” speaks of 四, not of requests",
  F.variant("dept_clean.txt", DEPT_T4, "本年度无因政府信息公开被申请行政复议或提起行政诉讼情况。"),
  "正文未称未收到政府信息公开申请")
-- …but “无政府信息公开申请、复议及诉讼” says no request, whatever follows it
local TOWN_NONE = "2024年，我镇未收到政府信息公开申请，也未发生因政府信息公开引起的行政复议和行政诉讼。"
local TOWN_ONE = { "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0",
                   "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1" }
F.fails("text.no_requests", "“无政府信息公开申请、复议及诉讼案件” but t3 has one",
  F.variant("town_clean.txt", TOWN_NONE, "2024年，我镇无政府信息公开申请、复议及诉讼案件。", TOWN_ONE[1], TOWN_ONE[2]),
  "正文称“无政府信息公开申请”，但表三本年新收申请总计为1件")
F.fails("text.no_requests", "“未收到政府信息公开申请和复议诉讼” but t3 has one",
  F.variant("town_clean.txt", TOWN_NONE, "2024年，我镇未收到政府信息公开申请和复议诉讼。", TOWN_ONE[1], TOWN_ONE[2]),
  "表三本年新收申请总计为1件")
F.na("text.no_requests", "“无因政府信息公开申请行政复议的情况” (申请 the verb of 复议)",
  F.variant("dept_clean.txt", DEPT_T4, "本年度无因政府信息公开申请行政复议的情况。"), "正文未称未收到政府信息公开申请")
F.na("text.no_litigation", "“未发生…被行政复议纠错或行政诉讼败诉” is not a statement of zero cases",
  F.variant("dept_clean.txt", "本年度收到的申请已全部办结。",
    "本年度收到的申请已全部办结。全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。"),
  "正文未称未发生行政复议、行政诉讼")

-- text.all_concluded
spec {
  name = "text.all_concluded passes: 全部办结 and nothing carried forward",
  text = DEPT, indicators = { "text.all_concluded" },
  expect = { { id = "text.all_concluded", status = "pass", message = "全部办结" } },
}
F.fails("text.all_concluded", "全部办结 but one carried forward",
  F.variant("dept_clean.txt", "四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1"),
  "总计为1件")

-- text.period_year
F.passes("text.period_year", "2024 report, 2024 period", DEPT)
F.fails("text.period_year", "2024 report with last year's period",
  F.variant("dept_clean.txt", "统计期限自2024年1月1日起至2024年12月31日止", "统计期限自2023年1月1日起至2023年12月31日止"),
  "写的是2023年")
-- a period written in figures is read as one
F.passes("text.period_year", "the period in figures (2024.1.1-2024.12.31)",
  F.variant("dept_clean.txt", "统计期限自2024年1月1日起至2024年12月31日止", "统计期限为2024.1.1-2024.12.31"))
F.fails("text.period_year", "last year's period in figures (2023/01/01至2023/12/31)",
  F.variant("dept_clean.txt", "统计期限自2024年1月1日起至2024年12月31日止", "统计期限为2023/01/01至2023/12/31"),
  "统计期限“2023/01/01至2023/12/31”写的是2023年")

-- text.stale_year
F.passes("text.stale_year", "2024年，… in a 2024 report", DEPT)
F.fails("text.stale_year", "2023年，… in a 2024 report",
  F.variant("dept_clean.txt", "2024年，县测试局认真贯彻落实", "2023年，县测试局认真贯彻落实"), "以“2023年”叙述本年度工作")
F.passes("text.stale_year", "2023年以来 is not a stale year",
  F.variant("dept_clean.txt", "2024年，县测试局认真贯彻落实", "2023年以来，县测试局认真贯彻落实"))

-- text.plan_year
spec {
  name = "text.plan_year passes: a 2024 report plans for 2025",
  text = DEPT, indicators = { "text.plan_year" },
  expect = { { id = "text.plan_year", status = "pass", message = "改进计划指向2025年" } },
}
F.fails("text.plan_year", "a 2024 report planning for 2024",
  F.variant("dept_clean.txt", "2025年，我局将组织", "2024年，我局将组织"), "改进计划写为2024年")

-- text.all_concluded: the wording family (real reports' sentences), against
-- 结转下年度 1
local FWD1 = { "四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1" }
local function all_done(sentence)
  return F.variant("dept_clean.txt", "本年度收到的申请已全部办结。", sentence, FWD1[1], FWD1[2])
end
F.fails("text.all_concluded", "“所有申请均已办理完成” (a paraphrase of a county bureau's)",
  all_done("本年度所有政府信息公开申请均已办理完成。"), "称申请“均已办理完成”（第15行），但表三“四、结转下年度继续办理”总计为1件")
F.fails("text.all_concluded", "“…申请8件，均已按期办结”",
  all_done("以上申请均已按期办结，未发生逾期答复情况。"), "均已按期办结")
F.fails("text.all_concluded", "“无结转下年度办理的申请”",
  all_done("本年度无结转下年度办理的政府信息公开申请。"), "无结转下年度")
F.na("text.all_concluded", "“均在法定期限内予以答复” says when, not that none is left (淮安市 2024)",
  all_done("收到的申请均在法定期限内予以答复。"), "未称申请全部办结")
F.na("text.all_concluded", "last year's carried-over requests concluded",
  all_done("上年结转的1件申请已于年初全部办结。"), "未称申请全部办结")
F.na("text.all_concluded", "建议提案 concluded is not about requests",
  all_done("本年度承办的人大代表建议和政协提案申请均已办结。"), "未称申请全部办结")

-- text.t3_parts: the parts of 办结 / 收到 and their shares, worded as
-- 平潭综合实验区 2023 (“办结…81件，其中：予以公开及部分公开42件，占51.85%；…”)
-- and 上海市人民政府办公厅 2025 (“办结1191件…。其中，予以公开及部分公开208件（17.46%）…”)
local RESULTS = "其中予以公开4件，部分公开2件，不予公开1件，无法提供2件"
local function parts(new, ...) return F.variant("dept_clean.txt", RESULTS, new, ...) end
spec {
  name = "text.t3_parts passes: 办结 9 = 4 + 2 + 1 + 2 (the other groups are 0 in t3)",
  text = DEPT, indicators = { "text.t3_parts" },
  expect = { { id = "text.t3_parts", status = "pass", message = "办结9件＝予以公开4＋部分公开2＋不予公开1＋无法提供2" } },
}
F.fails("text.t3_parts", "parts add up to more than 办结",
  parts("其中予以公开4件，部分公开2件，不予公开3件，无法提供2件"),
  "正文称办结申请9件（第15行），其中予以公开4＋部分公开2＋不予公开3＋无法提供2之和为11件，与总数不符（相差2件）")
F.passes("text.t3_parts", "shares as 平潭 writes them: 占44.44% …",
  parts("其中：予以公开4件，占44.44%；部分公开2件，占22.22%；不予公开1件，占11.11%；无法提供2件，占22.22%"))
F.fails("text.t3_parts", "one share that is not part ÷ 办结",
  parts("其中：予以公开4件，占44.44%；部分公开2件，占22.22%；不予公开1件，占10.11%；无法提供2件，占22.22%"),
  "不予公开1件写作占10.11%（1÷9＝11.11%）")
F.passes("text.t3_parts", "the list in the next sentence, shares in parentheses, as 上海 writes them",
  F.variant("dept_clean.txt", "全年办结9件，" .. RESULTS .. "。",
    "全年办结9件，均在法定期限内答复。其中，予以公开及部分公开6件（66.67%），不予公开1件（11.11%），因本机关不掌握等原因无法提供2件（22.22%）。"))
F.passes("text.t3_parts", "a share rounded to a whole per cent (66.67 → 67%)",
  parts("其中予以公开及部分公开6件，占67%，不予公开1件，无法提供2件"))
F.na("text.t3_parts", "a list that leaves out groups t3 has (不予公开, 无法提供) may be partial",
  parts("其中予以公开4件，部分公开2件"), "可能并不完整")
F.passes("text.t3_parts", "applicants: 涉及自然人6件、法人或其他组织2件 = 8 received",
  F.variant("dept_clean.txt", "共收到政府信息公开申请8件，", "共收到政府信息公开申请8件，涉及自然人6件、法人或其他组织2件，"))
F.fails("text.t3_parts", "applicants that do not add up to 收到",
  F.variant("dept_clean.txt", "共收到政府信息公开申请8件，", "共收到政府信息公开申请8件，涉及自然人5件、法人或其他组织2件，"),
  "正文称收到申请8件")
F.na("text.t3_parts", "no list of parts", TOWN, "未列出")

-- text.t3_counts when t3's 总计 is blank: the applicant columns' sum
local RECEIVED = "一、本年新收政府信息公开申请数量\t6\t1\t0\t0\t1\t0\t8"
F.passes("text.t3_counts", "总计 blank, the applicants add up to the 8 the text states",
  F.variant("dept_clean.txt", RECEIVED, "一、本年新收政府信息公开申请数量\t6\t1\t0\t0\t1\t0\t/"))
F.fails("text.t3_counts", "总计 blank, the applicants add up to 8, the text states 10",
  F.variant("dept_clean.txt", RECEIVED, "一、本年新收政府信息公开申请数量\t6\t1\t0\t0\t1\t0\t/",
    "共收到政府信息公开申请8件", "共收到政府信息公开申请10件"), "（总计栏空白，按各类申请人之和）为8")

-- text.t4_outcomes: outcomes the text states against t4 (行政复议 维持1 纠正1;
-- 诉讼 维持1).  Wording from 上海市人民政府办公厅 2025 (“全年未发生因依申请公开
-- 被行政复议纠错或行政诉讼败诉情形”) and common county phrasing.
local T4_SENTENCE = "因政府信息公开被申请行政复议2件，其中结果维持1件、结果纠正1件；被提起行政诉讼1件。"
local T4_ROW = "1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0\n"
local function t4(sentence, ...) return F.variant("dept_clean.txt", T4_SENTENCE, sentence, ...) end
F.fails("text.t4_outcomes", "“未发生…被行政复议纠错或行政诉讼败诉” but 复议 结果纠正 1",
  F.variant("dept_clean.txt", "本年度收到的申请已全部办结。",
    "本年度收到的申请已全部办结。全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。"),
  "但表四行政复议“结果纠正”为1件")
spec {
  name = "text.t4_outcomes passes: “未发生…被行政复议纠错或行政诉讼败诉” and t4 corrects nothing",
  text = F.variant("dept_clean.txt", "本年度收到的申请已全部办结。",
    "本年度收到的申请已全部办结。全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。",
    T4_ROW, "2\t0\t0\t0\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0\n"),
  indicators = { "text.t4_outcomes" },
  expect = { { id = "text.t4_outcomes", status = "pass", message = "行政复议未被纠错（结果纠正0件）、行政诉讼未被纠错" } },
}
F.fails("text.t4_outcomes", "“行政复议2件、行政诉讼1件，均获维持” but one review corrected",
  t4("因政府信息公开被申请行政复议2件、被提起行政诉讼1件，均获维持。"), "均获维持")
F.passes("text.t4_outcomes", "“…均获维持” and t4 upholds them all",
  t4("因政府信息公开被申请行政复议2件、被提起行政诉讼1件，均获维持。", T4_ROW,
    "2\t0\t0\t0\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0\n"))
F.fails("text.t4_outcomes", "“行政复议…均已审结” but one is pending",
  t4("因政府信息公开被申请行政复议2件，均已审结；被提起行政诉讼1件。", T4_ROW,
    "1\t0\t0\t1\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0\n"), "“尚未审结”为1件")
F.fails("text.t4_outcomes", "“行政复议被纠错2件” but 结果纠正 1",
  t4("因政府信息公开被申请行政复议2件，被纠错2件；被提起行政诉讼1件。"), "正文称行政复议被纠错2件")
F.passes("text.t4_outcomes", "“纠错率为0” of suits, none corrected",
  t4("因政府信息公开被申请行政复议2件，其中结果维持1件、结果纠正1件；被提起行政诉讼1件，纠错率为0。"))
F.na("text.t4_outcomes", "an aim (“降低…纠错率”, as in 洪泽区 2024's 五) states no outcome",
  t4("因政府信息公开被申请行政复议2件，下一步将有效降低行政复议、行政诉讼发生率和纠错率。"), "未写明")

-- text.t2_counts: t2 figures the text states (t2: 行政规范性文件 2 / 1 / 7,
-- 行政许可 40, 行政处罚 5).  Wording after 淮安市 2024 (“全年新增公开市政府
-- 规章1件、市政府及市政府办政策性文件11件”) and 平潭 2023 (“清理并集中发布现行
-- 有效行政规范性文件393件，动态更新本年度制发的规范性文件77件”).
local PUBLIC = "其他信息40条。"
local function t2s(sentence) return F.variant("dept_clean.txt", PUBLIC, PUBLIC .. sentence) end
spec {
  name = "text.t2_counts passes: 制发/废止/现行有效 and 行政许可决定 as in t2",
  text = t2s("全年制发行政规范性文件2件、废止行政规范性文件1件，集中发布现行有效行政规范性文件7件；作出行政许可决定40件。"),
  indicators = { "text.t2_counts" },
  expect = { { id = "text.t2_counts", status = "pass",
               message = "行政规范性文件本年制发2、行政规范性文件本年废止1、行政规范性文件现行有效7、行政许可本年处理决定40" } },
}
F.fails("text.t2_counts", "本年度制发的规范性文件 3, t2 says 2",
  t2s("动态更新本年度制发的规范性文件3件。"), "正文称行政规范性文件本年制发3件（“动态更新本年度制发的规范性文件3件”，第13行），但表二“行政规范性文件”本年制发件数为2")
F.fails("text.t2_counts", "作出行政处罚决定 6, t2 says 5",
  t2s("全年作出行政处罚决定6件。"), "但表二“行政处罚”本年处理决定数量为5")
F.na("text.t2_counts", "政策性文件 are not 行政规范性文件; 解读 and the county's departments are other figures",
  t2s("全年新增公开政策性文件11件，对3件规范性文件进行解读，全县各部门制发规范性文件15件。"), "未写明")
-- documents another agency made with this one's help are not its own 本年制发; its
-- own figure after them is still compared
F.passes("text.t2_counts", "参与制定县政府规范性文件 3 is another agency's; 本局制发 2 as in t2",
  t2s("全年参与制定县政府规范性文件3件，本局制发行政规范性文件2件。"))
F.fails("text.t2_counts", "参与制定 the county's 3; 本局制发 3, t2 says 2",
  t2s("全年参与制定县政府规范性文件3件，本局制发行政规范性文件3件。"),
  "正文称行政规范性文件本年制发3件（“本局制发行政规范性文件3件”")
F.na("text.t2_counts", "配合市政府制定规章 is the city's 规章", t2s("配合市政府制定规章1件。"), "未写明")
-- …said of the verb, back to the list item before it: its own figure after the
-- other agency's in one list is compared; 公众参与 and 协同办公 help no other agency
F.fails("text.t2_counts", "参与制定 the county's 3、本局制发 3 in one list, t2 says 2",
  t2s("全年参与制定县政府规范性文件3件、本局制发行政规范性文件3件。"),
  "正文称行政规范性文件本年制发3件（“、本局制发行政规范性文件3件”")
F.na("text.t2_counts", "参与制定 the county's 3 and 规章 1 in one list", t2s("全年参与制定县政府规范性文件3件、规章1件。"), "未写明")
-- …the last list item before it, however many 、 stand before (the cut once
-- counted from the text already cut, so a third item lost its 参与)
F.passes("text.t2_counts", "转发 5、解读 4、参与制定 the county's 3、本局制发 2: only the 2 is its own",
  t2s("全年转发上级文件5件、发布政策解读4篇、参与制定县政府规范性文件3件、本局制发行政规范性文件2件。"))
F.fails("text.t2_counts", "“经公众参与、专家论证等程序制定…3件” is its own, t2 says 2",
  t2s("经公众参与、专家论证等程序制定行政规范性文件3件。"), "正文称行政规范性文件本年制发3件")
F.fails("text.t2_counts", "“依托协同办公平台印发…3件” is its own, t2 says 2",
  t2s("依托协同办公平台印发行政规范性文件3件。"), "正文称行政规范性文件本年制发3件")
F.fails("text.t2_counts", "“在县司法局协助下制定…3件”: help it had, its own; t2 says 2",
  t2s("在县司法局协助下制定行政规范性文件3件。"), "正文称行政规范性文件本年制发3件")

-- text.fee_notice: t3 （六）2 against what 六 says of the 信息处理费
-- (平潭综合实验区 2025: 2 requests dropped for an unpaid fee, 六 “无收取信息
-- 处理费情况”).
local UNPAID = "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n"
local UNPAID1 = "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1\n"
local FEE = "2024年，本局未收取政府信息公开信息处理费。"
F.na("text.fee_notice", "no request dropped for an unpaid fee", DEPT, "不涉及收费通知")
F.fails("text.fee_notice", "one request dropped for an unpaid fee, 六 says only 未收取",
  F.variant("dept_clean.txt", UNPAID, UNPAID1, FEE, "2024年，无收取信息处理费情况。"),
  "表三（六）2有1件申请因申请人逾期未按收费通知缴费而不再处理，说明本年发出过收费通知，但正文只称“2024年，无收取信息处理费情况”")
F.fails("text.fee_notice", "六 says no notice was sent",
  F.variant("dept_clean.txt", UNPAID, UNPAID1, FEE, "2024年，本局未向申请人发出收费通知，未收取信息处理费。"),
  "第六部分称“未向申请人发出收费通知")
F.passes("text.fee_notice", "六 states the notice and what was collected",
  F.variant("dept_clean.txt", UNPAID, UNPAID1, FEE,
    "2024年，本局发出收费通知1件，总金额200元，申请人逾期未缴纳，实际收取信息处理费0元。"))

-- text.t4_unmentioned (info): cases in t4 the text never mentions
F.passes("text.t4_unmentioned", "一 reports the reviews and the suit", DEPT)
F.fails("text.t4_unmentioned", "一 silent on 2 reviews and 1 suit (as 洪泽区 2024 on its 2 and 4)",
  F.variant("dept_clean.txt", T4_SENTENCE, ""), "表四有行政复议2件、行政诉讼1件，但正文")
F.na("text.t4_unmentioned", "no case in t4", TOWN, "表四无行政复议、行政诉讼案件")

-- Statements about part of the cases are not about all of them
F.passes("text.t4_outcomes", "“1件被纠错，其余均获维持” is true of t4 (复议 维持1 纠正1)",
  t4("因政府信息公开被申请行政复议2件，1件被纠错，其余均获维持；被提起行政诉讼1件。"))
F.na("text.all_concluded", "“除1件结转下年度外，其余均已办结”",
  all_done("本年度收到的政府信息公开申请，除1件需延期答复外，其余均已办结。"), "未称申请全部办结")
F.fails("text.t3_parts", "the whole in a sentence of its own, the list in the next (上海's layout), one share wrong",
  F.variant("dept_clean.txt", "全年办结9件，" .. RESULTS .. "。",
    "全年办结9件。其中，予以公开4件（占40%），部分公开2件（占22.22%），不予公开1件（占11.11%），无法提供2件（占22.22%）。"),
  "予以公开4件写作占40%（4÷9＝44.44%）")

-- What the report leaves out: no table to compare the text with
local NO_TABLES = F.no_tables("dept_clean.txt")
F.missing({ "text.t3_counts", "text.fee_notice", "text.no_requests", "text.all_concluded" }, "no tables",
  NO_TABLES, "未找到表三，正文与表格无从比对")
F.missing({ "text.t4_counts", "text.t4_outcomes", "text.t4_unmentioned", "text.no_litigation" }, "no tables",
  NO_TABLES, "未找到表四，正文与表格无从比对")
F.missing({ "text.t2_counts" }, "no tables", NO_TABLES, "未找到表二，正文与表格无从比对")
F.missing({ "text.plan_year" }, "no 五", F.without("dept_clean.txt", "五、", "六、"), "未找到第五部分")
