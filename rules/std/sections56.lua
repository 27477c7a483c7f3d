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
  version  = "2",
  uses     = { "copies" },  -- the run builds its copy index for this check
  check = function(r, f, ctx)
    local s = r.s5
    local c = ctx.copies("s5")
    if not c or c.peers == 0 then return f:na("本次评估没有同年度其他机关的报告") end
    if not s.found then return f:na("未找到第五部分") end
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
