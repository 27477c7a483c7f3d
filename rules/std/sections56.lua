-- std/sections56.lua — 五、存在的主要问题及改进情况 and 六、其他需要报告的事项.
local U = require "std.util"

local BASIS5 = "《政府信息公开条例》第五十条（四）；国办公开办函〔2021〕30号 五、存在的主要问题及改进情况"
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
  version  = "1",
  check = function(r, f, ctx)
    local s = r.s5
    if not s.found then return f:na("未找到第五部分（结构指标已报告）") end
    local t = U.compact(s.text)
    local min = (ctx.params and ctx.params.s5_min_chars) or 80
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
                        "还需", "不高", "不强", "滞后", "不到位", "不完善", "不充分", "不及时", "不规范" }
local MEASURE_WORDS = { "措施", "下一步", "改进", "加强", "提升", "完善", "推进", "强化", "整改",
                        "优化", "健全", "规范", "提高" }

indicator {
  id       = "s5.problems_measures",
  title    = "第五部分既指出问题又提出改进措施",
  category = "content",
  severity = "warning",
  basis    = BASIS5,
  version  = "1",
  check = function(r, f)
    local s = r.s5
    if not s.found then return f:na("未找到第五部分（结构指标已报告）") end
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
  version  = "1",
  check = function(r, f)
    local s = r.s5
    if not s.found then return f:na("未找到第五部分（结构指标已报告）") end
    local refs = last_year_refs(r)
    for _, se in ipairs(U.sentences(s)) do
      local t = se.text
      if U.has(t, refs) and U.has(t, FIX_WORDS) then
        return f:pass("说明了上年度问题的改进情况")
      end
      if U.has(t, DONE_WORDS) then
        return f:pass("说明了问题的整改情况")
      end
    end
    f:fail(string.format("第五部分只写了%s的问题和下一步打算，未说明上年度报告所提问题的改进（整改）情况",
      r.year and (r.year .. "年") or "本年"), s)
  end,
}

-- The wording of 五 without what every report shares: the template's
-- sub-headings, numbering and figures.  What remains is compared.
local BOILER = { "上年度问题整改情况", "上年度问题改进情况", "年度问题整改情况", "年度问题改进情况",
                 "存在的主要问题及改进情况", "存在的主要问题", "存在的问题", "存在问题", "主要问题",
                 "改进措施", "下一步措施", "整改措施", "改进情况", "整改情况", "年度报告" }

-- A section's own words and how many Han characters they have, kept per
-- section view: in a district run each report's 五 is compared with every
-- peer's (the engine gives each report one view per scoring process), and
-- stripping is the cost.
local own_memo = setmetatable({}, { __mode = "k" })

-- What own_words strips, in one pass: the sub-headings, the numbering
-- （一） (一) 一是, and figures.  (Removing each in turn across the whole
-- text, as this once did, also removed a heading that a removal joined
-- together: rare, and it moves a similarity by a few characters.)
-- The words are grouped by their first character (one test per group at
-- each character, not one per word: LPeg tries a choice's alternatives in
-- turn), in their order within a group, so that the first listed still wins;
-- and the text is stepped a character at a time.
local NOT_OWN
do
  local P = lpeg.P
  local words = {}
  for _, w in ipairs(BOILER) do words[#words + 1] = w end
  for _, n in ipairs({ "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" }) do
    words[#words + 1] = "（" .. n .. "）"
    words[#words + 1] = "(" .. n .. ")"
    words[#words + 1] = n .. "是"
  end
  local groups, firsts = {}, {}
  for _, w in ipairs(words) do
    local c = w:match("^[%z\1-\127\194-\244][\128-\191]*")
    if not groups[c] then groups[c] = P(false); firsts[#firsts + 1] = c end
    groups[c] = groups[c] + P(w:sub(#c + 1))
  end
  local p = lpeg.R("09")^1
  for _, c in ipairs(firsts) do p = p + P(c) * groups[c] end
  local char = lpeg.R("\0\127") + lpeg.R("\194\244") * lpeg.R("\128\191")^0
  NOT_OWN = lpeg.Cs((p / "" + char + 1)^0)
end

local function own_words(sec)
  local m = own_memo[sec]
  if not m then
    local t = NOT_OWN:match(U.compact(sec.text))
    m = { t, han_count(t) }
    own_memo[sec] = m
  end
  return m[1], m[2]
end

-- A peer's 五 as compared (its own words, or false when it has too few
-- to compare) and its path, per report view: every report of a district
-- reads every peer's.
local peer_memo = setmetatable({}, { __mode = "k" })

local function peer_words(p)
  local m = peer_memo[p]
  if not m then
    local s = p.s5
    m = { words = false, path = p.path }
    if s.found then
      local b, nb = own_words(s)
      if nb >= 20 then m.words = b end
    end
    peer_memo[p] = m
  end
  return m
end

local function threshold(ctx)
  return (ctx.params and ctx.params.copy_threshold) or 0.5
end

indicator {
  id       = "s5.copied_previous",
  title    = "第五部分未照搬上年度报告",
  category = "content",
  severity = "error",
  basis    = BASIS5 .. "（与上年报告雷同超过一半视为照搬）",
  version  = "1",
  check = function(r, f, ctx)
    local s, p = r.s5, ctx.previous
    if not p then return f:na("本次评估没有该机关上一年度的报告") end
    if not s.found or not p.s5.found then return f:na("本年或上年报告未找到第五部分") end
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

indicator {
  id       = "s5.copied_peer",
  title    = "第五部分未照搬其他机关的报告",
  category = "content",
  severity = "error",
  basis    = BASIS5 .. "（与其他机关报告雷同超过一半视为照搬）",
  version  = "1",
  check = function(r, f, ctx)
    local s = r.s5
    local peers = ctx.peers or {}
    if #peers == 0 then return f:na("本次评估没有同年度其他机关的报告") end
    if not s.found then return f:na("未找到第五部分") end
    local a, na = own_words(s)
    if na < 20 then return f:na("第五部分过短，不作雷同比对") end
    local th = threshold(ctx)
    local hits, best, best_name = 0, 0, nil
    local path = r.path
    -- the peers' own words (false: not compared), then all similarities at once
    local words = {}
    for i, p in ipairs(peers) do
      local m = peer_words(p)
      words[i] = m.path ~= path and m.words
    end
    for i, sim in ipairs(text.similarities(a, words)) do
      if words[i] then
        local p = peers[i]
        if sim > best then best, best_name = sim, p.agency or p.path end
        if sim > th then
          hits = hits + 1
          f:fail(string.format("第五部分与%s的年报第五部分雷同，相似度%.0f%%（超过%.0f%%）",
            p.agency or p.path or "另一机关", sim * 100, th * 100), s, p.s5)
        end
      end
    end
    if hits == 0 then
      f:pass(string.format("与同年度其他机关的第五部分均不雷同（最高相似度%.0f%%，%s）", best * 100,
        best_name or "—"))
    end
  end,
}

------------------------------------------------------------------------------
-- 六
------------------------------------------------------------------------------

local FEE_WORDS = { "处理费", "收费", "收取费用", "收取任何费用", "费用" }

indicator {
  id       = "s6.fee",
  title    = "第六部分说明信息处理费收取情况",
  category = "content",
  severity = "warning",
  basis    = BASIS6 .. "（本行政机关的信息处理费收费情况）；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
  version  = "1",
  check = function(r, f)
    if not r.year then return f:na("未能识别报告年度，无法判断适用的年报格式") end
    if not U.year_2021(r) then return f:na("2021年度以前的年报格式未要求说明信息处理费") end
    local s = r.s6
    if not s.found then return f:na("未找到第六部分（结构指标已报告）") end
    if not U.has(U.compact(s.text), FEE_WORDS) then
      f:fail("第六部分未说明信息处理费收取情况（未收取的也应写明“未收取信息处理费”）", s)
    end
  end,
}

-- The 2021 template's items of 六 for people's governments, and where they are sought.
local function gov_item(id, title, words, what)
  indicator {
    id       = id,
    title    = title,
    category = "content",
    severity = "warning",
    basis    = BASIS6 .. "（" .. what .. "）",
    version  = "1",
    check = function(r, f)
      if not U.is_government(r) then
        return f:na(string.format("%s（%s）不是人民政府或乡镇（街道），本项不适用",
          r.agency or "本机关", U.agency_type_cn(r)))
      end
      if not r.year then return f:na("未能识别报告年度，无法判断适用的年报格式") end
      if not U.year_2021(r) then return f:na("2021年度以前的年报格式未要求本项") end
      local s = r.s6
      if not s.found then return f:na("未找到第六部分（结构指标已报告）") end
      local w = U.has(U.compact(s.text), words)
      if not w then
        f:fail(string.format("第六部分未报告%s", what), s)
      end
    end,
  }
end

gov_item("s6.workplan", "第六部分报告年度政务公开工作要点落实情况",
  { "工作要点", "公开要点", "年度要点", "要点落实", "要点任务", "要点》" },
  "年度政务公开工作要点落实情况")
gov_item("s6.proposals", "第六部分报告人大代表建议和政协提案办理结果公开情况",
  { "人大代表建议", "人大建议", "代表建议", "政协提案", "委员提案", "建议提案", "建议和提案", "议案提案",
    "建议、提案", "建议及提案" },
  "人大代表建议和政协提案办理结果公开情况")
gov_item("s6.innovation", "第六部分报告政务公开工作创新情况",
  { "创新" },
  "政务公开工作创新情况")

local ASSESS_WORDS = { "考核", "评议", "责任追究", "追究责任", "问责", "绩效" }

indicator {
  id       = "s6.assessment",
  title    = "人民政府年报报告工作考核、社会评议和责任追究结果",
  category = "content",
  severity = "warning",
  basis    = "《政府信息公开条例》第五十条（四）（各级人民政府的年度报告还应当包括工作考核、社会评议和责任追究结果情况）",
  version  = "1",
  check = function(r, f)
    if not U.is_government(r) then
      return f:na(string.format("%s（%s）不是人民政府或乡镇（街道），本项不适用",
        r.agency or "本机关", U.agency_type_cn(r)))
    end
    local body = U.report_text(r)
    if body == "" then return f:na("未找到正文") end
    if not U.has(body, ASSESS_WORDS) then
      f:fail("全文未报告政府信息公开工作考核、社会评议和责任追究结果情况")
    end
  end,
}
