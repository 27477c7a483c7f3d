-- Specs of std/quality.lua (info: text quality).  Each failing case repeats
-- a slip seen in a real report (tests/corpus) inside the clean fixtures.
local F = assert(loadfile("fixtures/lib.lua"))()
local DEPT, TOWN = F.read("dept_clean.txt"), F.read("town_clean.txt")

-- quality.doubled
F.passes("quality.doubled", "clean department", DEPT)
F.passes("quality.doubled", "clean township (谁公开、谁审查 style repeats have punctuation)", TOWN)
-- 平潭 2021 一: “二是规范审核审核发布机制”
F.fails("quality.doubled", "a word written twice (平潭 2021 “审核审核”)",
  F.variant("dept_clean.txt", "落实信息发布审核制度", "落实信息发布审核审核制度"), "“审核”连写两遍")
-- the finding stands where the words do (line 17 of the fixture), not at
-- 一's heading (line 9): in a PDF that is pages away; also when a line
-- breaks between the two (PDF text breaks lines inside words)
spec {
  name = "quality.doubled: a word written twice is shown at its own line",
  text = F.variant("dept_clean.txt", "落实信息发布审核制度", "落实信息发布审核审核制度"),
  indicators = { "quality.doubled" },
  expect = { { id = "quality.doubled", status = "fail", message = "（“审核审核”，第17行）", line = 17,
               evidence = "审核审核" } },
}
spec {
  name = "quality.doubled: a word written twice over a line break is shown where it starts",
  text = F.variant("dept_clean.txt", "落实信息发布审核制度", "落实信息发布审核\n审核制度"),
  indicators = { "quality.doubled" },
  expect = { { id = "quality.doubled", status = "fail", message = "（“审核审核”，第17行）", line = 17,
               evidence = "审核\n审核" } },
}
-- a large report (240 KB) with a slip on each of 3000 lines: the first 50
-- are shown where they stand, the rest counted, within the instruction
-- budget (each was put back in the document from its section's start, a
-- rule error, no finding)
spec {
  name = "quality.doubled: 3000 slips in a large report are shown and counted",
  text = F.variant("dept_clean.txt", "（五）监督保障情况。将政务公开纳入股室年度考核。\n",
    ("（五）监督保障情况。落实信息发布审核审核制度， 将政务公开纳入股室年度考核。\n"):rep(3000)),
  indicators = { "quality.doubled" },
  expect = (function()
    local e = {}
    for line = 21, 70 do -- 一's （五）, written 3000 times, from line 21
      e[#e + 1] = { id = "quality.doubled", status = "fail", message = "（“审核审核”，第" .. line .. "行）",
                    line = line }
    end
    e[#e + 1] = { id = "quality.doubled", status = "fail", message = "另有5949处字词或句子重复（前50处已分别列出）" }
    return e
  end)(),
}
-- the tables put after 六 as 附表 (core/tests/fixtures/tables/appendix.txt):
-- t4's heading repeats the five results over each of its three blocks by
-- the template's design, no slip; a word doubled in 六's prose still is
local APPENDIX = "../../../core/tests/fixtures/tables/appendix.txt"
spec {
  name = "quality.doubled: t4's repeated headings in tables after 六 are no slip",
  report = APPENDIX,
  indicators = { "quality.doubled" },
  expect = { { id = "quality.doubled", status = "pass" } },
}
-- one of the headings' words doubled in the prose is a slip, as any word
F.fails("quality.doubled", "a table heading's word doubled in the prose (行政复议行政复议)",
  F.variant("dept_clean.txt", "因政府信息公开被申请行政复议2件", "因政府信息公开被申请行政复议行政复议2件"),
  "“行政复议行政复议”，第15行")
F.fails("quality.doubled", "a table heading's word doubled in the prose (其他其他)",
  F.variant("dept_clean.txt", "其他信息40条", "其他其他信息40条"), "“其他其他”，第13行")
F.fails("quality.doubled", "a phrase with a heading's word in it, doubled",
  F.variant("dept_clean.txt", "落实信息发布审核制度", "落实结果维持制度结果维持制度"), "“结果维持制度”连写两遍")
-- 平潭 2019 一: “聚焦新中国成立 70 周年平潭专场新闻发布会聚焦新中国成立 70 周年平潭专场新闻发布会”
F.fails("quality.doubled", "a phrase written twice (平潭 2019)",
  F.variant("dept_clean.txt", "在县政府门户网站设置本局政务公开专栏。", "在县政府门户网站设置本局政务公开专栏本局政务公开专栏。"),
  "“本局政务公开专栏”连写两遍")
F.fails("quality.doubled", "a sentence written twice",
  F.variant("dept_clean.txt", "将政务公开纳入股室年度考核。", "将政务公开纳入股室年度考核。落实信息发布审核制度，对拟公开信息进行保密审查。"),
  "同一句话重复出现")
F.passes("quality.doubled", "reduplicated words are no slip (层层把关、常常)",
  F.variant("dept_clean.txt", "落实信息发布审核制度", "层层把关，落实信息发布审核制度"))
-- two words meeting on a slip character: the first ends a word (以及, 为了,
-- 参与) or stands alone (对), the second begins one (及时, 了解, 对外) or
-- stands alone (与): no slip
F.passes("quality.doubled", "two words meeting (以及及时、为了了解、参与与监督、对对外)",
  F.variant("dept_clean.txt", "落实信息发布审核制度，对拟公开信息进行保密审查。",
    "为了了解群众需求，拓宽公众参与与监督渠道，加强对对外发布信息的审核，做好政策解读以及及时回应关切。"))
F.fails("quality.doubled", "a slip character doubled inside a word (要及及时、我局的的)",
  F.variant("dept_clean.txt", "落实信息发布审核制度，对拟公开信息进行保密审查。",
    "要及及时回应关切，落实我局的的信息发布审核制度。"), "“及”连写两遍", "“的”连写两遍")
-- the second copy after a function word is no function word itself (对于,
-- 为主, 在于, 并且), nor stands alone after an adverb, a preposition or a verb
-- whose object follows (较为, 针对, 关于, 由于), nor after 有的: slips
F.fails("quality.doubled", "a function word after a function word (对对于、为为主、在在于、并并且)",
  F.variant("dept_clean.txt", "落实信息发布审核制度，对拟公开信息进行保密审查。",
    "坚持以网站公开为为主，对对于群众关切及时回应，关键在在于落实，并并且对拟公开信息进行保密审查。"),
  "“为”连写两遍", "“对”连写两遍", "“在”连写两遍", "“并”连写两遍")
F.fails("quality.doubled", "a function word after 较为、针对、关于、由于、有的",
  F.variant("dept_clean.txt", "落实信息发布审核制度，对拟公开信息进行保密审查。",
    "印发《关于于进一步加强政务公开工作的通知》，由于于人员变动，有的的栏目更新滞后，政策解读形式较为为单一，针对对群众反映的问题落实信息发布审核制度。"),
  "“于”连写两遍", "“于”连写两遍", "“的”连写两遍", "“为”连写两遍", "“对”连写两遍")
F.passes("quality.doubled", "终于于年底、被评为为民服务、为为期三天",
  F.variant("dept_clean.txt", "落实信息发布审核制度，对拟公开信息进行保密审查。",
    "落实信息发布审核制度，专栏终于于年底上线，被评为为民服务示范专栏，并为为期三天的培训做好准备。"))
-- a report pasted together from copies: sixty repeats are the first fifty
-- findings and one that counts the rest (a finding each once passed the
-- cap on findings and broke the check)
local fifty = {}
for i = 1, 50 do fifty[i] = "同一句话重复出现（“落实信息发布审核制度，对拟公开信息进行保密审查”" end
fifty[51] = "另有10处字词或句子重复（前50处已分别列出）"
F.fails("quality.doubled", "sixty repeats: fifty named, ten counted",
  F.variant("dept_clean.txt", "将政务公开纳入股室年度考核。",
    "将政务公开纳入股室年度考核。" .. string.rep("落实信息发布审核制度，对拟公开信息进行保密审查。", 60)),
  table.unpack(fifty))

-- quality.numbering
F.passes("quality.numbering", "一是…二是", DEPT)
-- 平潭 2023 五: “一是部分单位…；三是开拓创新不够有力…；三是政策解读的质量有待提高”
F.fails("quality.numbering", "一是…三是…三是 (平潭 2023 五)",
  F.variant("dept_clean.txt", "二是政务公开专栏个别栏目更新不及时。",
    "三是政务公开专栏个别栏目更新不及时；三是政策解读的形式还不够丰富。"),
  "第五部分序号不连续：“一是…三是…三是”")
-- a list running over a long passage: its evidence is the start of the
-- span (the whole of it was over the cap on a piece of evidence's text,
-- 4096 bytes, and broke the check on a 40 KB report)
F.fails("quality.numbering", "一是…三是 five thousand bytes apart",
  F.variant("dept_clean.txt", "二是政务公开专栏个别栏目更新不及时。",
    string.rep("栏目内容需要逐项核对完善，", 150) .. "三是政务公开专栏个别栏目更新不及时。"),
  "第五部分序号不连续：“一是…三是”")
F.fails("quality.numbering", "（一）（二）（四） in 一",
  F.variant("dept_clean.txt", "（三）政府信息管理情况。", "（四）政府信息管理情况。"), "“（一）…（二）…（四）")
-- a new list under the next sub-item may start without a marker read (平潭 2023
-- 一: “（四）信息公开平台建设方面一是开展…二是…”): a fall back is a new list
F.passes("quality.numbering", "a new list glued to its heading",
  F.variant("dept_clean.txt", "（五）监督保障情况。将政务公开纳入股室年度考核。",
    "（五）监督保障情况。一是将政务公开纳入股室年度考核；二是开展业务培训；三是通报检查结果。\n\n（六）其他。主要是二是开展季度检查；三是组织交流。"))

-- quality.missing_figures
F.passes("quality.missing_figures", "figures present", DEPT)
F.fails("quality.missing_figures", "“全年主动公开政府信息条”",
  F.variant("dept_clean.txt", "全年主动公开政府信息120条，", "全年主动公开政府信息条，"), "“信息条”缺少数字")
F.fails("quality.missing_figures", "“共收到政府信息公开申请件”",
  F.variant("dept_clean.txt", "我局共收到政府信息公开申请8件，", "我局共收到政府信息公开申请件，"), "“申请件”缺少数字")

-- quality.placeholders
F.passes("quality.placeholders", "none", DEPT)
F.passes("quality.placeholders", "none (township)", TOWN)
F.fails("quality.placeholders", "×× left in 六",
  F.variant("dept_clean.txt", "全年承办县人大代表建议2件", "全年承办县人大代表建议××件"), "含占位符“××”")
F.fails("quality.placeholders", "XX left in 一",
  F.variant("dept_clean.txt", "2024年，县测试局认真贯彻落实", "2024年，XX县测试局认真贯彻落实"), "含占位符“XX”")
F.passes("quality.placeholders", "XXL and Xx inside Latin words are no placeholder",
  F.variant("dept_clean.txt", "2024年，县测试局认真贯彻落实", "2024年，县测试局（XXL会议室，Taxxi）认真贯彻落实"))
F.fails("quality.placeholders", "xx in lower case, after a Latin-free character",
  F.variant("dept_clean.txt", "2024年，县测试局认真贯彻落实", "2024年，xx县测试局认真贯彻落实"), "含占位符“xx”")
F.fails("quality.placeholders", "【此处填写】",
  F.variant("dept_clean.txt", "在县政府门户网站设置本局政务公开专栏。", "在【此处填写】设置本局政务公开专栏。"), "此处填写")
-- a township's template (浙江 2026): “全年发布**条”, “****年度新收依申请公开申请数*件”
F.fails("quality.placeholders", "asterisks where a figure belongs",
  F.variant("dept_clean.txt", "（三）政府信息管理情况。落实信息发布审核制度",
    "（三）政府信息管理情况。全年审核信息***条，退回修改**条。落实信息发布审核制度"), "含占位符“***”")
F.fails("quality.placeholders", "one X where a figure belongs",
  F.variant("dept_clean.txt", "全年承办县人大代表建议2件", "全年承办县人大代表建议X件"), "含占位符“X”")
F.passes("quality.placeholders", "3×5 and a Latin x before a unit are no placeholder",
  F.variant("dept_clean.txt", "在县政府门户网站设置本局政务公开专栏。",
    "在县政府门户网站设置本局政务公开专栏，在大厅设置3×5米公开栏。"))
-- 待补充 in prose is a word: a problem 五 names
F.passes("quality.placeholders", "“栏目内容待补充” in prose is no placeholder",
  F.variant("dept_clean.txt", "二是政务公开专栏个别栏目更新不及时。", "二是政务公开专栏个别栏目内容待补充、更新不及时。"))
-- 待补充 next to a PDF's line break, after a colon in a sentence, quoted in
-- prose: words, no placeholder
F.passes("quality.placeholders", "待补充 in prose next to a line break, after a colon, quoted",
  F.variant("dept_clean.txt", "二是政务公开专栏个别栏目更新不及时。",
    "二是政务公开专栏个别栏目内容待补充\n、更新不及时，个别栏目内容\n待补充、更新不及时。存在问题：待补充的栏目较多，已清理“待补充”空白栏目3个。"))
F.fails("quality.placeholders", "待补充 after a colon, ending its sentence",
  F.variant("dept_clean.txt", "2024年，本局未收取政府信息公开信息处理费。", "2024年，本局信息处理费收取情况：待补充。"),
  "含占位符“待补充”")
-- a note's mark at a line's start, a Markdown emphasis: no placeholder
F.passes("quality.placeholders", "a note's ＊ at a line's start, *条例* emphasised",
  F.variant("dept_clean.txt", "在县政府门户网站设置本局政务公开专栏。",
    "在县政府门户网站设置本局政务公开专栏＊，组织学习*条例*。\n＊条目数含转载信息。\n＊人数按自然人统计。"))
F.fails("quality.placeholders", "two placeholders on a line are no emphasis",
  F.variant("dept_clean.txt", "（三）政府信息管理情况。落实信息发布审核制度",
    "（三）政府信息管理情况。全年审核信息**条，退回修改**条。落实信息发布审核制度"), "含占位符“**”")
F.fails("quality.placeholders", "（待补充） standing alone",
  F.variant("dept_clean.txt", "2024年，本局未收取政府信息公开信息处理费。", "2024年，本局信息处理费收取情况：（待补充）。"),
  "含占位符“待补充”")
