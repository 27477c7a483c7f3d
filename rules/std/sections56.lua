-- std/sections56.lua — 五、存在的主要问题及改进情况 and 六、其他需要报告的事项.
local U = require "std.util"

local BASIS5 = "《政府信息公开条例》第五十条（四）；国办公开办函〔2021〕30号 五、存在的主要问题及改进情况"
-- The na of a check of 五 when the report has none (structure.sections says so).
local NO_S5 = "未找到第五部分，本项无从评判"
local BASIS6 = "国办公开办函〔2021〕30号 六、其他需要报告的事项"

-- Han characters only: the measure of how much a section says.
local function han_count(s)
  local _, n = s:gsub("[\228-\233][\128-\191][\128-\191]", "")
  return n
end

local NIL_TEXTS = { ["无"] = true, ["无。"] = true, ["暂无"] = true, ["暂无。"] = true, ["无其他需要报告的事项"] = true,
                    ["无。无。"] = true, ["/"] = true, ["—"] = true }

indicator {
  id       = "s5.substantive",
  title    = "第五部分内容充实",
  category = "content",
  severity = "error",
  basis    = BASIS5,
  version  = "2",
  params   = { s5_min_chars = { type = "number", integer = true, min = 0, default = 80,
                                doc = "fewest Han characters of a substantive 五" } },
  check = function(r, f, ctx)
    local s = r.s5
    if not s.found then return f:missing(NO_S5) end
    local t = U.compact(s.text)
    local min = ctx.params.s5_min_chars
    if t == "" or NIL_TEXTS[t] then
      return f:fail(string.format("第五部分“%s”内容为%s，未说明存在的问题及改进情况",
        s.title or "存在的主要问题及改进情况", t == "" and "空" or ("“" .. t .. "”")), s)
    end
    local n = han_count(t)
    if n < min then
      f:fail(string.format("第五部分仅%d字，未具体说明存在的问题及改进情况（至少应有%d字）", n, min), s)
    end
  end,
}

local PROBLEM_WORDS = { "问题", "不足", "差距", "薄弱", "短板", "有待", "不够", "欠缺", "尚需", "仍需",
                        "单一", "较少", "偏少", "不准", "不畅", "不全",
                        "还需", "不高", "不强", "滞后", "不到位", "不完善", "不充分", "不及时", "不规范" }
local MEASURE_WORDS = { "措施", "下一步", "改进", "加强", "提升", "完善", "推进", "强化", "整改",
                        "优化", "健全", "规范", "提高" }

indicator {
  id       = "s5.problems_measures",
  title    = "第五部分既指出问题又提出改进措施",
  category = "content",
  severity = "warning",
  basis    = BASIS5,
  version  = "2",
  check = function(r, f)
    local s = r.s5
    if not s.found then return f:missing(NO_S5) end
    local t = U.compact(s.text)
    if han_count(t) < 10 then return f:na("第五部分几乎无内容（内容充实指标已报告）") end
    if not U.has(t, PROBLEM_WORDS) then
      f:fail("第五部分未指出存在的具体问题（未见“问题”“不足”“有待”等表述）", s)
    end
    if not U.has(t, MEASURE_WORDS) then
      f:fail("第五部分未提出改进措施（未见“措施”“加强”“完善”“下一步”等表述）", s)
    end
  end,
}

-- The problems a 五 states: its clauses (split at ，；。：) with a word of
-- PROBLEM_WORDS and 8 or more Han characters, numbering removed, in the
-- section's own order; kept per section view (last year's serves all).
local clauses_memo = setmetatable({}, { __mode = "k" })

local function problem_clauses(sec)
  local m = clauses_memo[sec]
  if m then return m end
  m = {}
  local t = U.compact(sec.text)
  -- the measures that follow “下一步/改进措施/整改措施” are not problems
  local cut = nil
  for _, w in ipairs({ "下一步", "改进措施", "整改措施", "将采取以下措施", "将切实抓好", "将着力", "我们将", "将从以下" }) do
    local a = t:find(w, 1, true)
    if a and (not cut or a < cut) then cut = a end
  end
  local body = cut and t:sub(1, cut - 1) or t
  -- split at ，；。： (multi-byte: replaced by one ASCII byte first)
  local flat = body:gsub("，", "\1"):gsub("；", "\1"):gsub("。", "\1"):gsub("：", "\1"):gsub("[,;:]", "\1")
  for piece in (flat .. "\1"):gmatch("([^\1]+)") do
    local c = U.strip_marker(piece)
    local _, n = c:gsub("[\228-\233][\128-\191][\128-\191]", "")
    -- not last year's problems reported as fixed (“2023年度报告提出的…问题，已…”)
    if n >= 8 and U.has(c, PROBLEM_WORDS) and
       not U.has(c, { "取得", "成效", "成绩", "上年", "去年", "上一年", "整改", "已", "得到", "年度报告" }) then
      m[#m + 1] = { text = c, han = n }
    end
  end
  clauses_memo[sec] = m
  return m
end

-- A word of one of last year's problem clauses that this 五 repeats (its
-- topic: “债务”, “栏目”, “解读”): the clause cut at the words every report uses
-- (政务公开, 信息, 有待提高…), then its pairs of characters, none beginning or
-- ending in a particle; nil when none. Lenient on purpose: the finding is
-- for fixes that speak of nothing last year named (青岚县财政局 2024 “债务信息
-- 解读不通俗问题，已发布政府债务问答” meets 2023's “政府债务信息的解读不够通俗”).
local GENERIC = { "政务", "公开", "信息", "政府", "工作", "有待", "提高", "加强", "提升", "不够", "存在",
                  "问题", "不足", "部分", "个别", "单位", "进一步", "还需", "仍需", "尚需", "方面", "能力", "水平",
                  "主要", "情况", "相关", "进行", "开展" }
local PARTICLE = { ["的"] = true, ["和"] = true, ["与"] = true, ["及"] = true, ["对"] = true, ["在"] = true,
                   ["了"] = true, ["是"] = true, ["等"] = true, ["为"] = true, ["不"] = true, ["较"] = true,
                   ["过"] = true, ["于"] = true, ["有"] = true, ["一"] = true, ["还"] = true, ["仍"] = true,
                   ["待"] = true, ["未"] = true, ["很"] = true, ["更"] = true }

local function topic_of(named, text_now)
  for _, c in ipairs(named) do
    local t = c.text
    for _, w in ipairs(GENERIC) do t = t:gsub(w, "|") end
    for run in t:gmatch("[^|]+") do
      local han = {}
      for ch in run:gmatch("[\228-\233][\128-\191][\128-\191]") do han[#han + 1] = ch end
      for i = 1, #han - 1 do
        if not PARTICLE[han[i]] and not PARTICLE[han[i + 1]] then
          local g = han[i] .. han[i + 1]
          if text_now:find(g, 1, true) then return g, c.text end
        end
      end
    end
  end
end

-- A reference to last year's report or problems.
local function last_year_refs(r)
  local y = r.year and (r.year - 1)
  local refs = { "上年", "上一年", "去年", "上年度", "前一年", "上一年度" }
  if y then
    refs[#refs + 1] = tostring(y) .. "年"
    refs[#refs + 1] = tostring(y) .. "年度"
  end
  return refs
end
local FIX_WORDS = { "问题", "不足", "整改", "改进", "落实", "解决" }
local DONE_WORDS = { "已整改", "整改到位", "已完成整改", "完成整改", "整改完成", "已得到改进", "已改进",
                     "改进情况", "整改情况", "已解决", "得到解决", "逐步解决", "有效解决" }

indicator {
  id       = "s5.last_year_fixes",
  title    = "第五部分说明上年度问题的改进情况",
  category = "content",
  severity = "warning",
  basis    = BASIS5 .. "（“改进情况”）",
  version  = "3",
  check = function(r, f, ctx)
    local s = r.s5
    if not s.found then return f:missing(NO_S5) end
    local refs = last_year_refs(r)
    local said = nil
    -- “上年度问题整改情况：无” is the heading, nothing under it
    for _, se in ipairs(text.sentences(U.without_empty_items(s.text))) do
      local t = se.text
      if U.has(t, refs) and U.has(t, FIX_WORDS) then
        said = "说明了上年度问题的改进情况"
        break
      elseif U.has(t, DONE_WORDS) then
        said = "说明了问题的整改情况"
        break
      end
    end
    local p = ctx.previous
    local named = p and p.s5.found and problem_clauses(p.s5) or {}
    if said then
      -- with last year's report in the run, the fixes speak of a problem it named
      if #named == 0 then return f:pass(said) end
      local hit, clause = topic_of(named, U.compact(s.text))
      if hit then return f:pass(said .. "（上年所提“" .. U.clip(clause, 20) .. "”，本年提及“" .. hit .. "”）") end
      local list = {}
      for i = 1, math.min(3, #named) do list[i] = "“" .. U.clip(named[i].text, 24) .. "”" end
      return f:fail(string.format("第五部分称问题已改进，但未提及%s年度报告所提的问题（%s%s）", p.year or (r.year and r.year - 1) or "上",
        table.concat(list, "、"), #named > 3 and "等" or ""), s, p.s5)
    end
    -- with last year's report in the run, name the problems it listed
    if #named > 0 then
      local list = {}
      for i = 1, math.min(3, #named) do list[i] = "“" .. U.clip(named[i].text, 24) .. "”" end
      return f:fail(string.format("第五部分未说明%s年度报告所提问题（%s%s）的改进（整改）情况",
        p.year or (r.year and r.year - 1) or "上", table.concat(list, "、"), #named > 3 and "等" or ""), s, p.s5)
    end
    f:fail(string.format("第五部分只写了%s的问题和下一步打算，未说明上年度报告所提问题的改进（整改）情况",
      r.year and (r.year .. "年") or "本年"), s)
  end,
}

-- The wording of 五 without what every report shares: the template's
-- sub-headings (上年度问题整改情况, 存在的主要问题, 改进措施, …), numbering
-- （一） (一) 一是, and figures.  What remains is compared.  text.own_words does
-- it in C, the same words the run's copy index (ctx.copies) compares, so that
-- a copy of last year's 五 and a copy of a peer's are judged alike.
-- Kept per section view: the previous year's view serves every report.
local own_memo = setmetatable({}, { __mode = "k" })

local function own_words(sec)
  local m = own_memo[sec]
  if not m then
    m = { text.own_words(sec.text) }
    own_memo[sec] = m
  end
  return m[1], m[2]
end

local function threshold(ctx)
  return ctx.params.copy_threshold
end

indicator {
  id       = "s5.copied_previous",
  title    = "第五部分未照搬上年度报告",
  category = "content",
  severity = "error",
  basis    = BASIS5 .. "（与上年报告雷同超过一半视为照搬）",
  version  = "2",
  params   = {
    copy_threshold = { type = "number", above = 0, max = 1, default = 0.5,
                       doc = "similarity over which 五 is a copy" },
  },
  check = function(r, f, ctx)
    local s, p = r.s5, ctx.previous
    if not p then return f:na("本次评估没有该机关上一年度的报告") end
    if not s.found then return f:missing(NO_S5) end
    if not p.s5.found then return f:na("上年报告未找到第五部分") end
    local a, na = own_words(s)
    local b, nb = own_words(p.s5)
    if na < 20 or nb < 20 then return f:na("第五部分过短，不作雷同比对") end
    local sim = text.similarity(a, b)
    local th = threshold(ctx)
    if sim > th then
      f:fail(string.format("第五部分与%d年度报告第五部分雷同，相似度%.0f%%（超过%.0f%%），问题和措施照搬上年",
        p.year or (r.year - 1), sim * 100, th * 100), s, p.s5)
    else
      f:pass(string.format("与上年度第五部分相似度%.0f%%", sim * 100))
    end
  end,
}

-- Problems of 五 written again word for word from the same agency's report
-- of last year (or two years back): a clause naming a problem, 12 Han
-- characters or more, found as it stands in that report's 五 (compact
-- text). Whole-五 copying is s5.copied_previous; this finds the problems
-- carried over unchanged even when the rest was rewritten.
indicator {
  id       = "s5.repeated_problems",
  title    = "第五部分未原样重复往年报告所列问题",
  category = "content",
  severity = "warning",
  basis    = BASIS5 .. "（问题应针对本年度，上年问题应说明改进情况）",
  version  = "2",
  check = function(r, f, ctx)
    local s = r.s5
    local earlier = {}
    if ctx.previous then earlier[#earlier + 1] = ctx.previous end
    if ctx.previous2 then earlier[#earlier + 1] = ctx.previous2 end
    if #earlier == 0 then return f:na("本次评估没有该机关往年（上一年或前两年）的报告") end
    if not s.found then return f:missing(NO_S5) end
    local mine = problem_clauses(s)
    if #mine == 0 then return f:na("第五部分未列出具体问题") end
    for _, p in ipairs(earlier) do
      if p.s5.found then
        local old = U.compact(p.s5.text)
        local same = {}
        for _, c in ipairs(mine) do
          if c.han >= 12 and old:find(c.text, 1, true) then same[#same + 1] = "“" .. U.clip(c.text, 30) .. "”" end
        end
        if #same > 0 then
          return f:fail(string.format("第五部分所列问题%s与%s年度报告第五部分一字不差，问题原样照搬往年",
            U.join(same, "、", 8), p.year or "往"), s, p.s5)
        end
      end
    end
    f:pass("第五部分所列问题未照搬往年报告")
  end,
}

-- 五 lists the measures for the coming year. A measures part (after
-- “改进措施”, “整改措施”, “下一步”) dated in the report's own year with no
-- word of the future in it reports this year's work instead: 沭阳县发改局
-- 2023 “（二）整改措施。为进一步规范并加大政府信息公开工作，2023年我局加大贯彻
-- 落实新《条例》…的工作力度，一是完善…二是进一步加强…”. A plan that says “将”
-- with the wrong year is text.plan_year's finding.
local MEASURE_HEADS = { "改进措施", "整改措施", "下一步", "下步", "今后", "改进举措" }
local FUTURE = { "将", "拟", "计划", "力争", "准备", "打算", "下一步", "下步", "明年", "下一年", "今后", "继续",
                 "持续", "进一步", "要", "争取" }
local PAST = { "开展了", "建立了", "完成了", "实现了", "制定了", "出台了", "进行了", "加强了", "提升了",
               "完善了", "组织了", "印发了", "已完成", "已建立", "已开展", "已制定", "已实现" }

indicator {
  id       = "s5.measures_next_year",
  title    = "第五部分的改进措施针对下一年度",
  category = "content",
  severity = "warning",
  basis    = BASIS5 .. "（改进措施应为下一步工作安排）",
  version  = "2",
  check = function(r, f)
    local s = r.s5
    if not s.found then return f:missing(NO_S5) end
    if not r.year then return f:na("报告年度不明") end
    local t = U.compact(s.text)
    local at = nil
    for _, w in ipairs(MEASURE_HEADS) do
      local a = t:find(w, 1, true)
      if a and (not at or a < at) then at = a end
    end
    if not at then return f:na("第五部分未单列改进措施") end
    local part = t:sub(at)
    -- “进一步” is a word of intent in measures, but also in reports of work done:
    -- only the clearest markers of the future count
    local future = U.has(part, { "将", "拟", "计划", "力争", "准备", "打算", "明年", "下一年", "下一步",
                                 "下步", "今后", tostring(r.year + 1) .. "年" })
    if future then return f:pass("改进措施为下一步安排") end
    local own = part:find(tostring(r.year) .. "年", 1, true)
    local own_year = own and not part:sub(own, own + 20):find("^%d+年以来") and not
      part:sub(own, own + 20):find("^%d+年度?报告")
    local past = U.has(part, PAST)
    if own_year or past then
      f:fail(string.format("第五部分的改进措施%s，写成了本年度已做的工作，未提出下一年度的改进措施（“%s”）",
        own_year and string.format("以“%d年”叙述", r.year) or string.format("用“%s”等已完成的说法", past),
        U.clip(part, 40)), s)
    else
      f:pass("改进措施未写成本年度已做的工作")
    end
  end,
}

-- The stock phrases 五 opens its problems with, as real reports write them
-- (where each was seen). Alone they name no problem: a 五 whose problems are
-- nothing but such phrases (“工作中还存在一些不足。下一步将继续加强。”) is
-- reported, with the phrases; a 五 that goes on to name its problems is not.
local BOILERPLATE = {
  "仍存在一定差距",               -- 洪泽区 2023 五
  "仍存在一定的差距",
  "还存在一定差距",
  "仍存在一些不足",               -- 洪泽区 2024 五, 平潭 2025 五
  "还存在一些不足",
  "存在一些不足",
  "仍存在一些不足和薄弱环节",     -- 平潭 2019 五
  "仍存在一定的问题和不足",       -- 原州区河川乡 2023 五
  "存在一定的问题和不足",
  "还有一些需要加强和改进的地方", -- 淮安市 2024 五
  "还有一些需要改进的地方",
  "仍有提升空间",
  "还有待进一步加强",
  "与上级要求还有差距",
  "与群众期盼还有差距",
}

indicator {
  id       = "s5.boilerplate",
  title    = "第五部分所列问题具体，不止于套话",
  category = "content",
  severity = "info",
  basis    = BASIS5,
  version  = "2",
  check = function(r, f)
    local s = r.s5
    if not s.found then return f:missing(NO_S5) end
    local t = U.compact(s.text)
    local stock = {}
    local hits = {}
    for _, w in ipairs(BOILERPLATE) do
      if t:find(w, 1, true) then
        -- a phrase inside a longer one found is not listed again
        local inside = false
        for _, h in ipairs(BOILERPLATE) do
          if h ~= w and #h > #w and h:find(w, 1, true) and t:find(h, 1, true) then inside = true; break end
        end
        if not inside then hits[#hits + 1] = w; stock[#stock + 1] = "“" .. w .. "”" end
      end
    end
    if #stock == 0 then return f:pass("第五部分未见套话") end
    -- a problem clause that is more than a stock phrase (6 Han characters to spare)
    for _, c in ipairs(problem_clauses(s)) do
      local bare = c.text
      for _, w in ipairs(hits) do bare = bare:gsub(w, "") end
      local _, n = bare:gsub("[\228-\233][\128-\191][\128-\191]", "")
      if n > 6 then return f:pass("第五部分在套话之外列出了具体问题") end
    end
    f:fail(string.format("第五部分只有%s等套话，未指出具体问题", table.concat(stock, "、")), s)
  end,
}

-- Peers are not read one by one: a county that hands every township one
-- template gives thousands of reports the same 五.  The run's copy index
-- (ctx.copies, built once per run) says how many peers are over the
-- threshold and which are closest; one finding per report, the copy group
-- listed once in the results (copy_groups).
local function peer_name(p)
  return p.agency or p.path or "另一机关"
end

indicator {
  id       = "s5.copied_peer",
  title    = "第五部分未照搬其他机关的报告",
  category = "content",
  severity = "error",
  basis    = BASIS5 .. "（与其他机关报告雷同超过一半视为照搬）",
  version  = "3",
  params   = {
    copy_threshold = { type = "number", above = 0, max = 1, default = 0.5,
                       doc = "similarity over which 五 is a copy" },
    copy_exact_max = { type = "number", integer = true, min = 0, default = 1000,
                       doc = "distinct 五 texts the copy index compares pair by pair" },
  },
  uses     = { "copies" },  -- the run builds its copy index for this check
  check = function(r, f, ctx)
    local s = r.s5
    local c = ctx.copies("s5")
    if not c or c.peers == 0 then return f:na("本次评估没有同年度其他机关的报告") end
    if not s.found then return f:missing(NO_S5) end
    local _, na = own_words(s)
    if na < 20 or not c.indexed then return f:na("第五部分过短，不作雷同比对") end
    local th = c.threshold
    if c.count > 0 then
      local names, evidence = {}, { s }
      for i, m in ipairs(c.closest) do
        names[i] = string.format("%s %.0f%%", peer_name(m.report), m.similarity * 100)
        evidence[#evidence + 1] = m.report.s5
      end
      f:fail(string.format("第五部分与%s%d份同年度其他机关的年报第五部分雷同（相似度超过%.0f%%；最相似：%s）%s",
        c.capped and "至少" or "", c.count, th * 100, table.concat(names, "、"),
        c.group and string.format("，见雷同组%d", c.group) or ""), table.unpack(evidence))
    elseif c.exact then
      local b = c.best
      f:pass(string.format("与同年度其他机关的第五部分均不雷同（最高相似度%.0f%%，%s）",
        b and b.similarity * 100 or 0, b and peer_name(b.report) or "—"))
    else
      f:pass(string.format("与同年度%d份其他机关报告的第五部分均不雷同（相似度均未超过%.0f%%）", c.peers, th * 100))
    end
  end,
}

------------------------------------------------------------------------------
-- 六
------------------------------------------------------------------------------

local FEE_WORDS = { "处理费", "收费", "收取费用", "收取任何费用", "费用" }

-- Free of charge is a fee statement too, said of the requests: 免费 in a
-- clause naming them (“对申请人免费提供所申请的政府信息”), or with no object
-- of its own in a sentence naming them (“本局依申请公开政府信息，均免费提供”).
-- Not what else is free, in a sentence that mentions requests or 信息公开
-- (“在信息公开专区免费提供政策咨询”, “提供免费WiFi，方便群众办理申请事项”,
-- “为前来提交申请的群众提供免费停车”, “免费发放政府信息公开指南”).
local REQUESTS = { "依申请", "公开申请", "申请公开", "申请人" }
local FREE_ALONE = { [""] = true, ["提供"] = true, ["办理"] = true, ["受理"] = true, ["答复"] = true }

local function free_requests(sentence)
  if not sentence:find("免费", 1, true) or not U.has(sentence, REQUESTS) then return false end
  -- split at ，；：。 (multi-byte: replaced by one ASCII byte first)
  local flat = sentence:gsub("，", "\1"):gsub("；", "\1"):gsub("：", "\1"):gsub("。", "\1")
  for clause in (flat .. "\1"):gmatch("([^\1]+)") do
    local _, j = clause:find("免费", 1, true)
    if j and (U.has(clause, REQUESTS) or FREE_ALONE[clause:sub(j + 1)]) then return true end
  end
  return false
end

indicator {
  id       = "s6.fee",
  title    = "第六部分说明信息处理费收取情况",
  category = "content",
  severity = "warning",
  basis    = BASIS6 .. "（本行政机关的信息处理费收费情况）；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
  version  = "3",
  check = function(r, f)
    if not r.year then return f:na("未能识别报告年度，无法判断适用的年报格式") end
    if not U.year_2021(r) then return f:na("2021年度以前的年报格式未要求说明信息处理费") end
    local s = r.s6
    if not s.found then return f:missing("未找到第六部分，本项无从评判") end
    -- 六's own words, not the labels of tables put after it (行政事业性收费)
    local prose = U.prose_text(r, s)
    local t = U.compact(prose)
    local free = false
    for _, se in ipairs(text.sentences(prose)) do
      free = free or free_requests(se.text)
    end
    if not U.has(t, FEE_WORDS) and not free then
      f:fail("第六部分未说明信息处理费收取情况（未收取的也应写明“未收取信息处理费”）", s)
    end
  end,
}

-- The 2021 template's items of 六 for people's governments, and where they are sought.
-- With `void`, a word counts only in a clause (split at ，；：) with none of
-- void.lacking (the thing is said to be lacking) and not after void.plans
-- in its sentence (“下一步，我镇将积极探索新做法”: only hoped for), and not in
-- a heading with nothing under it (“特色亮点工作：无”).
local function names_item(t, words, void)
  if not void then return U.has(t, words) end
  local flat = t:gsub("。", "\2"):gsub("！", "\2"):gsub("？", "\2")
  for sentence in (flat .. "\2"):gmatch("([^\2]+)") do
    local clauses = sentence:gsub("，", "\1"):gsub("；", "\1"):gsub("：", "\1")
    for clause in (clauses .. "\1"):gmatch("([^\1]+)") do
      if U.has(clause, void.plans) then break end
      local w = U.has(clause, words)
      if w and not U.has(clause, void.lacking) then return w end
    end
  end
end

local function gov_item(id, title, words, what, void)
  indicator {
    id       = id,
    title    = title,
    category = "content",
    severity = "warning",
    basis    = BASIS6 .. "（" .. what .. "）",
    version  = "2",
    check = function(r, f)
      if not U.is_government(r) then
        return f:na(string.format("%s（%s）不是人民政府或乡镇（街道），本项不适用",
          r.agency or "本机关", U.agency_type_cn(r)))
      end
      if not r.year then return f:na("未能识别报告年度，无法判断适用的年报格式") end
      if not U.year_2021(r) then return f:na("2021年度以前的年报格式未要求本项") end
      local s = r.s6
      if not s.found then return f:missing("未找到第六部分，本项无从评判") end
      local prose = U.prose_text(r, s)
      local w = names_item(U.compact(void and U.without_empty_items(prose) or prose), words, void)
      if not w then
        f:fail(string.format("第六部分未报告%s", what), s)
      end
    end,
  }
end

gov_item("s6.workplan", "第六部分报告年度政务公开工作要点落实情况",
  { "工作要点", "公开要点", "年度要点", "要点落实", "要点任务", "要点》" },
  "年度政务公开工作要点落实情况", { lacking = {}, plans = {} })
gov_item("s6.proposals", "第六部分报告人大代表建议和政协提案办理结果公开情况",
  { "人大代表建议", "人大建议", "代表建议", "政协提案", "委员提案", "建议提案", "建议和提案", "议案提案",
    "建议、提案", "建议及提案" },
  "人大代表建议和政协提案办理结果公开情况")
-- the year's new practice, as reports head it: “工作创新情况”, “创新举措”,
-- “特色亮点工作”, “工作亮点”, “特色做法”; not where it is said to be lacking
-- (“我镇政务公开工作缺乏特色亮点”, “创新不足”) or only hoped for (“力争打造
-- 更多亮点”, “下一步探索新做法”)
gov_item("s6.innovation", "第六部分报告政务公开工作创新情况",
  { "创新", "亮点", "特色做法", "特色工作", "新举措", "新做法" },
  "政务公开工作创新情况",
  { lacking = { "缺乏", "缺少", "欠缺", "没有", "尚无", "不足", "不够", "不多", "不明显", "不突出", "有待" },
    plans = { "力争", "争取", "下一步", "今后", "明年" } })

-- Art. 50(4) asks for RESULTS: 工作考核、社会评议和责任追究结果. Real reports
-- often say only how assessment works (“将政务公开纳入绩效考核”, 洪泽区 2024;
-- “细化年度政务公开考核标准，制定考核细则”, 平潭 2021; “将检查通报结果纳入年度
-- 绩效考核管理”, 平潭 2023): that is a mechanism, not a result. Each of the
-- three counts when a sentence states an outcome: a grade or rank after 考核
-- (“在全市政务公开考核中获评优秀”), an outcome of an evaluation (“社会评议满意
-- 率98%”), or what came of accountability — nil statements included
-- (“今年未发生违反政府信息公开责任追究情况”, 河川乡 2023; “全年未发生政府信息
-- 公开方面责任追究结果情况”, 沭阳县发改局 2023; “对相关责任人进行递进式效能问责”,
-- 平潭 2023).
local ASSESS = {
  { name = "工作考核结果", what = { "考核", "考评", "绩效评估", "评估" },
    after = { "结果为", "结果是", "优秀", "良好", "优良", "合格", "等次", "等级", "得分", "分数", "排名", "名列",
              "位列", "位居", "第一", "第二", "第三", "前列", "满分", "先进", "获评", "评为", "被评", "达标",
              "第一档", "A类", "一类", "好评", "尚未公布", "暂未公布", "尚未发布" },
    before = { "获评", "荣获", "获得", "未开展", "没有开展" },
    -- an award is the outcome of an assessment by itself (“被评为政务公开先进单位”)
    alone = { "被评为", "获评", "荣获" } },
  -- no complaint received is what society's judgement came to (“全年未收到对政府
  -- 信息公开工作的投诉”)
  { name = "社会评议结果", what = { "社会评议", "群众评议", "公众评议", "民主评议", "评议", "满意度测评",
                                  "满意度调查", "第三方评估", "满意度", "满意率", "投诉", "举报" },
    after = { "结果", "满意", "优秀", "良好", "得分", "排名", "位列", "名列", "第一", "好评", "%", "％",
              "未发现", "无不满意", "达", "为", "较高" },
    before = { "未开展", "未组织", "没有开展", "未进行", "暂未开展", "尚未开展", "获评", "获得", "未收到",
               "没有收到", "未接到" } },
  { name = "责任追究结果", what = { "责任追究", "追究责任", "追责", "问责", "责任倒查" },
    after = { "情况为零", "为零", "为0", "0人", "0起", "0件", "0次", "人次", "：无", "为无", "情况无" },
    before = { "未发生", "未出现", "没有发生", "没有出现", "未有", "无", "未因", "不存在", "未对", "未受到",
               "没有受到", "未被", "没有被", "进行", "予以", "实施", "给予", "被" } },
}

-- A sentence that speaks of them at all (the evidence when no result is given).
local MENTION = { "考核", "评议", "责任追究", "追究责任", "问责", "追责" }

-- Every word an outcome or a mention starts from (MENTION's are among the
-- aspects' own): a sentence with none of them is passed over at once.
local ANY_WORD = {}
for _, a in ipairs(ASSESS) do
  for _, w in ipairs(a.what) do ANY_WORD[#ANY_WORD + 1] = w end
  for _, w in ipairs(a.alone or {}) do ANY_WORD[#ANY_WORD + 1] = w end
end

-- Does sentence t (compact) state an outcome of aspect a: a word of a.what
-- with an outcome word at most NEAR bytes (15 characters) after it, or a
-- word of a.before at most NEAR bytes before it, not over a ； into the next
-- item of a list (“纳入考核；评议结果为满意”)?
-- Where the word closes a clause saying how the outcome came about (“经县政务
-- 公开领导小组考核，我镇2023年度政务公开工作为优秀”, “通过群众评议，群众对我镇
-- 政务公开工作总体满意”, “在全县政务公开年度考核中，我镇…被评定为良好等次”),
-- the outcome may stand in the next clause, over its subject, up to FAR bytes
-- (25 characters) after the word.  Not further in any other sentence: “将政务
-- 公开纳入年度考核，要求各村…对群众反映的关切问题第一时间予以回应”, “对整改不
-- 到位的严肃问责” 22 characters after “进行检查”, “提升群众获得感和满意度，将
-- 政务公开工作纳入年度目标考核” state no outcome.
local NEAR, FAR = 45, 75
-- the words opening such a clause, and what closes it after the word:
-- “经…考核，”, “通过…评议，”, “根据…考评，”, “在…考核中，”
local HOW = { { "经", "，" }, { "通过", "，" }, { "根据", "，" }, { "在", "中，" } }

-- Does the word at bytes i..j of t close a clause that HOW opens?
local function closes_how(t, i, j)
  local from = 1
  for _, p in ipairs({ "，", "；", "：" }) do
    for k in U.finds(t:sub(1, i - 1), p) do from = math.max(from, k + #p) end
  end
  local clause = t:sub(from, i - 1)
  for _, h in ipairs(HOW) do
    local open, close = h[1], h[2]
    if clause:sub(1, #open) == open and t:sub(j + 1, j + #close) == close then return true end
  end
  return false
end

local function states_outcome(t, a)
  if a.alone and U.has(t, a.alone) and U.has(t, { "政务公开", "信息公开", "公开工作" }) then return true end
  for _, w in ipairs(a.what) do
    for i, j in U.finds(t, w) do
      local after = t:sub(j + 1, j + NEAR)
      local before = t:sub(math.max(1, i - NEAR), i - 1)
      local stop = after:find("；", 1, true)
      if stop then after = after:sub(1, stop - 1) end
      local last = nil
      for k in U.finds(before, "；") do last = k end
      if last then before = before:sub(last + 3) end
      if U.has(after, a.after) or U.has(before, a.before) then return true end
      if closes_how(t, i, j) then
        -- the next clause, to its end
        local far = t:sub(j + 1, j + FAR)
        local cut = far:find("；", 1, true)
        if cut then far = far:sub(1, cut - 1) end
        local comma = far:find("，", 1, true)
        comma = comma and far:find("，", comma + 3, true)
        if comma then far = far:sub(1, comma - 1) end
        if U.has(far, a.after) then return true end
      end
      if a.name == "责任追究结果" then
        -- a count in the same clause: “追究责任2人”
        local clause = after
        for _, p in ipairs({ "，", "。", "；" }) do
          local k = clause:find(p, 1, true)
          if k then clause = clause:sub(1, k - 1) end
        end
        for q in clause:gmatch("%d+()") do
          if U.has(clause:sub(q, q + 2), { "人", "起", "件", "次", "例", "名" }) then return true end
        end
      end
    end
  end
  return false
end

indicator {
  id       = "s6.assessment",
  title    = "人民政府年度报告：工作考核、社会评议和责任追究结果",
  category = "content",
  severity = "warning",
  basis    = "《政府信息公开条例》第五十条（四）（各级人民政府的年度报告还应当包括工作考核、社会评议和责任追究结果情况）",
  version  = "4",
  check = function(r, f)
    if not U.is_government(r) then
      return f:na(string.format("%s（%s）不是人民政府或乡镇（街道），本项不适用",
        r.agency or "本机关", U.agency_type_cn(r)))
    end
    local found, mention = {}, nil
    local any = false
    for _, s in r:sections() do
      if s and s.found then
        any = true
        -- sentences of the prose: a prefix of s.text, so their offsets are s's
        local prose = U.prose_text(r, s)
        local list = #prose == #(s.text or "") and U.sentences(s) or text.sentences(prose)
        for _, se in ipairs(list) do
          local t = se.text
          if U.has(t, ANY_WORD) then
            for k, a in ipairs(ASSESS) do
              if not found[k] then
                if states_outcome(t, a) then
                  found[k] = true
                elseif not mention and U.has(t, MENTION) then
                  mention = U.evidence_at(s, se.start, se.stop)
                end
              end
            end
          end
        end
      end
    end
    if not any then return f:missing("未找到正文") end
    local missing = {}
    for k, a in ipairs(ASSESS) do
      if not found[k] then missing[#missing + 1] = a.name end
    end
    if #missing == 0 then return f:pass("报告了工作考核、社会评议和责任追究结果") end
    if #missing == #ASSESS and not mention then
      return f:fail("全文未报告政府信息公开工作考核、社会评议和责任追究结果情况")
    end
    f:fail(string.format("未报告%s（只写“纳入考核”“开展评议”等做法不是结果；没有的也应写明，如“未发生责任追究情况”）",
      table.concat(missing, "、")), table.unpack({ mention }))
  end,
}

------------------------------------------------------------------------------
-- The whole report against the same agency's earlier reports
------------------------------------------------------------------------------

-- Evaluators' common rule: a report more than half the same text as last
-- year's is copied. The prose is what an agency writes (一、总体情况, 五 and
-- 六; the tables' labels are the template's own and their figures are not
-- text), in its own words (text.own_words: numbering, figures and 五's
-- template sub-headings removed). Compared with the report of the year
-- before (ctx.previous) and, when the run has it, the one two years back
-- (ctx.previous2): a report that skips a year's rewrite copies from Y-2.
-- One text per report view, kept while the view lives: the earlier years'
-- views serve every report that reads them.
local prose_memo = setmetatable({}, { __mode = "k" })

-- Clauses that state the year's facts in the template's formula (“均在法定期限
-- 内予以答复”, “未发生因政府信息公开引起的行政复议、行政诉讼”, “未收取信息处理
-- 费”, “本年度收到的申请已全部办结”, “全年承办县人大代表建议N件”): the same
-- every year by nature (figures aside), not copying.
local FORMULA = { "法定期限", "行政复议", "行政诉讼", "处理费", "收费", "结转", "申请", "年度报告", "办结",
                  "答复", "结果维持", "结果纠正", "建议", "提案" }

local function prose(rep)
  local m = prose_memo[rep]
  if not m then
    local parts = {}
    for _, id in ipairs({ "s1", "s5", "s6" }) do
      local s = rep[id]
      -- without tables put after 六 (附表): their labels are every year's
      if s.found then parts[#parts + 1] = U.prose_text(rep, s) end
    end
    local words, han = text.own_words(table.concat(parts, "\n"))
    -- its clauses of 10 Han characters or more, formula clauses left out
    local clauses = {}
    local flat = words:gsub("，", "\1"):gsub("。", "\1"):gsub("；", "\1"):gsub("：", "\1")
                      :gsub("！", "\1"):gsub("？", "\1"):gsub("[,;:]", "\1")
    for c in (flat .. "\1"):gmatch("([^\1]+)") do
      local _, n = c:gsub("[\228-\233][\128-\191][\128-\191]", "")
      if n >= 10 and not U.has(c, FORMULA) then clauses[#clauses + 1] = { text = c, han = n } end
    end
    m = { words = words, han = han, clauses = clauses }
    prose_memo[rep] = m
  end
  return m
end

-- Share of a's own clauses (by Han characters) that stand word for word in b.
local function verbatim_share(a, b)
  local total, same = 0, 0
  for _, c in ipairs(a.clauses) do
    total = total + c.han
    if b.words:find(c.text, 1, true) then same = same + c.han end
  end
  return total > 0 and same / total or 0
end

-- Bigram likeness alone over-reads short reports that share the template's
-- vocabulary (sub-headings, 政府信息公开…): two rewritten years of a county
-- bureau score 54–57 % with no clause repeated beyond the formula. A copy
-- also repeats whole clauses: at least this share of them, word for word.
local COPY_CLAUSES = 0.25

indicator {
  id       = "report.copied_previous",
  title    = "年报正文未照搬往年报告",
  category = "content",
  severity = "error",
  basis    = "《政府信息公开条例》第五十条（与往年报告雷同超过一半视为照搬，评估通行做法）",
  version  = "2",
  check = function(r, f, ctx)
    local earlier = {}
    if ctx.previous then earlier[#earlier + 1] = ctx.previous end
    if ctx.previous2 then earlier[#earlier + 1] = ctx.previous2 end
    if #earlier == 0 then return f:na("本次评估没有该机关往年（上一年或前两年）的报告") end
    local a = prose(r)
    if a.han < 100 then return f:na("正文（总体情况、第五、六部分）过短，不作雷同比对") end
    local th = threshold(ctx)
    local copied, checked = {}, {}
    for _, p in ipairs(earlier) do
      local b = prose(p)
      if b.han >= 100 then
        local sim = text.similarity(a.words, b.words)
        local share = verbatim_share(a, b)
        checked[#checked + 1] = string.format("%s年度%.0f%%，%.0f%%的语句相同", p.year or "?", sim * 100, share * 100)
        if sim > th and share >= COPY_CLAUSES then copied[#copied + 1] = { p = p, sim = sim, share = share } end
      end
    end
    if #checked == 0 then return f:na("往年报告正文过短，不作雷同比对") end
    if #copied == 0 then
      return f:pass("正文与往年报告不雷同（相似度：" .. table.concat(checked, "；") .. "）")
    end
    local names, ev = {}, { r.s1 }
    for i, c in ipairs(copied) do
      names[i] = string.format("%s年度报告（相似度%.0f%%，%.0f%%的语句一字不差）", c.p.year or "?", c.sim * 100,
        c.share * 100)
      ev[#ev + 1] = c.p.s1
    end
    f:fail(string.format("正文（总体情况、第五、六部分）照搬往年报告：与%s雷同（相似度超过%.0f%%，且%.0f%%以上的语句原样照抄）",
      table.concat(names, "、"), th * 100, COPY_CLAUSES * 100), table.unpack(ev))
  end,
}
