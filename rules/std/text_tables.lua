-- std/text_tables.lua — what the prose says against what the tables say, and
-- the years the text names.
--
-- The prose is read conservatively: a figure is compared only when the words
-- right before (or, failing that, right after) it say unambiguously which
-- cell it restates, and when the sentence is about 政府信息公开申请 (not
-- 行政许可申请, 网民留言, 信访…).  Anything else is left alone.
local U = require "std.util"

local fmt = U.fmt

------------------------------------------------------------------------------
-- Figures about requests (t3) and appeals (t4)
------------------------------------------------------------------------------

-- Keywords naming a t3 figure.  The nearest keyword before the figure wins.
local T3_CATS = {
  carried_over = { "上年结转", "上年度结转", "上一年度结转", "上一年结转", "上年度转结", "上年转结",
                   "上年度遗留", "上年度未办结", "上年未办结" },
  carried_forward = { "结转下年", "结转至下年", "结转到下年", "结转下一年", "结转至下一年",
                      "结转到下一年", "顺延到下年", "顺延至下年", "转入下年", "下年度继续办理",
                      "结转至次年", "结转次年", "顺延至次年", "结转至", "结转到", "顺延至", "顺延到" },
  received = { "新收", "受理", "收到", "接收", "共收", "接到" },
  handled = { "办结", "答复", "办理完毕", "处理完毕" },
  granted_both = { "予以公开及部分公开", "予以公开和部分公开", "予以公开或部分公开",
                   "公开及部分公开", "全部或部分公开", "全部公开和部分公开" },
  granted = { "予以公开", "同意公开", "全部公开" },
  partially_granted = { "部分公开" },
  refused = { "不予公开" },
  unavailable = { "无法提供" },
  not_processed = { "不予处理" },
  other_processing = { "其他处理" },
}
local T4_CATS = {
  review = { "行政复议", "复议" },
  suit = { "行政诉讼", "诉讼", "起诉" },
}
local T4_PART_CATS = {
  upheld = { "结果维持", "维持" },
  corrected = { "结果纠正", "纠正" },
  other = { "其他结果" },
  pending = { "尚未审结", "未审结" },
}
-- A sentence naming one of these is about something else.
local OTHER_MATTERS = { "留言", "信访", "投诉", "热线", "建议", "提案", "咨询", "问政", "诉求",
                        "来电", "来信", "许可", "审批", "政务服务", "办件", "补贴", "救助",
                        "登记", "备案", "依申请事项" }
local ALL_CATS = {}
for k, v in pairs(T3_CATS) do ALL_CATS[k] = v end
for k, v in pairs(T4_CATS) do ALL_CATS[k] = v end
local COUNT_UNITS = { ["件"] = true, ["起"] = true, ["例"] = true }

local function about_requests(n)
  -- the sub-item or sentence is about 政府信息公开申请
  return U.has(n.context, "依申请", "信息公开申请", "公开申请", "申请公开", "政府信息公开") ~= nil
end

-- Resolve the t3 figure a category names: value, cells (evidence) and
-- "total" or "applicants" (the 总计 cells were blank: the applicant
-- columns' sum, U.t3_sum), or nil.
local T3_ROWS = { received = { "received" }, carried_over = { "carried_over" },
                  handled = { "total_handled" }, carried_forward = { "carried_forward" } }
local function t3_value(t3, cat)
  local rows = T3_ROWS[cat] or U.t3_group(t3, cat)
  if not rows then return nil end
  return U.t3_sum(t3, rows)
end

local T3_CN = {
  received = "本年新收申请", carried_over = "上年结转申请", handled = "办结（办理结果总计）",
  carried_forward = "结转下年度继续办理", granted_both = "予以公开及部分公开",
  granted = "予以公开", partially_granted = "部分公开", refused = "不予公开",
  unavailable = "无法提供", not_processed = "不予处理", other_processing = "其他处理",
}
local T3_WHERE = {
  received = "表三“一、本年新收”总计", carried_over = "表三“二、上年结转”总计",
  handled = "表三“（七）总计”", carried_forward = "表三“四、结转下年度继续办理”总计",
  granted_both = "表三（一）（二）总计之和", granted = "表三“（一）予以公开”总计",
  partially_granted = "表三“（二）部分公开”总计", refused = "表三“（三）不予公开”各项总计之和",
  unavailable = "表三“（四）无法提供”各项总计之和", not_processed = "表三“（五）不予处理”各项总计之和",
  other_processing = "表三“（六）其他处理”各项总计之和",
}

local clause_before -- below (t2 figures)

-- The figure's own clause: what follows the last ，；： of s (clause_before
-- reaches back over the clause before it).
local function own_clause(s)
  local from = 1
  for _, d in ipairs({ "，", "；", "：" }) do
    for _, b in U.finds(s, d) do if b + 1 > from then from = b + 1 end end
  end
  return s:sub(from)
end

-- A figure of an earlier year, given for comparison (“共收到申请8件（2023年收到
-- 5件）”, “同比增长60%（去年收到5件）”): its own clause names last year, or an
-- earlier year while the sentence names the report's own year or compares.
-- Not the carried-over requests, last year's by definition; not the figure a
-- comparison arrives at (“同比下降至7件”); not a figure whose comparison
-- stands in the clause before (“申请量同比增加，共收到申请10件”).  A sentence
-- set in an earlier year (“2023年，我局共收到申请5件”, “2023年我局共收到申请5件，
-- 同比增长25%” in a 2024 report: a copy) is still compared.  比 and 较 alone
-- are no comparison (占比, 比例, 较好, 比较).
local COMPARE = { "同比", "环比", "较上年", "比上年", "较去年", "比去年", "上年同期", "相比", "对比", "增长",
                  "增加", "减少", "下降", "上升", "持平" }
local ARRIVE = { "增至", "加至", "长至", "升至", "降至", "少至", "减至", "加到", "长到", "升到", "降到", "少到",
                 "加为", "长为", "升为", "降为", "少为" }
local function compares(s)
  return U.has(s, COMPARE) or s:find("较%d%d%d%d年") or s:find("比%d%d%d%d年")
end
local function earlier_year(n, year)
  if U.has(U.last(n.lead, 3), ARRIVE) then return false end
  local clause = own_clause(clause_before(n))
  if U.has(clause, "去年", "上年同期", "同比") then return true end
  if not year then return false end
  for y in clause:gmatch("(%d%d%d%d)年") do
    y = tonumber(y)
    if y < year and y > 1990 then
      if n.sentence:find(year .. "年", 1, true) then return true end
      if not U.strip_marker(n.sentence):find("^" .. y .. "年") and compares(n.sentence) then return true end
    end
  end
  return false
end

-- A figure about requests after “其中/包括/含” in the sentence of a 收到 figure
-- is one of its parts: “共收到申请8件，其中通过网络平台收到5件、信函收到3件” counts
-- the 8 by channel (a sub-count, not t3's 本年新收: not compared unless it says
-- 新收, or 本年: “其中本年度收到8件”); “共受理申请9件，其中本年新收8件、上年结转1件”
-- makes the whole 新收＋上年结转.  The list opens right after the whole (“8件，
-- 其中…”, “9件（含上年结转1件）”, “9件，包含…”: not “申请内容包含…”), and its parts
-- follow one another with no other count between (“8件，其中自然人6件、法人2件，
-- 上年结转1件”: the 上年结转 is no part of the 8) up to a ；.
local LIST_WORDS = { "其中", "包括", "包含", "含" }
local LIST_PUNCT = { "，", "（", "(", "：", ":" }
local function opens_list(t)
  local again = true
  while again do
    again = false
    for _, d in ipairs(LIST_PUNCT) do
      if t:sub(1, #d) == d then t, again = t:sub(#d + 1), true end
    end
  end
  for _, w in ipairs(LIST_WORDS) do
    if t:sub(1, #w) == w then return true end
  end
  return false
end
-- Cases decided as the review body: the figure's own clause says so, or the
-- clause before names the body as the sentence's subject (“县政府作为复议机关，
-- 共受理…5件”) and the figure's own clause does not name the agency's own cases
-- (“积极配合复议机关办理案件，全年因政府信息公开被申请行政复议3件”).
local AS_REVIEW_BODY = { "作为行政复议机关", "作为复议机关", "复议机关受理", "复议机关办理", "复议机关共受理",
                         "复议机关共办理" }
-- Nor when the figure's own clause names the agency as the party (“市政府复议
-- 机关受理涉及我局的政府信息公开行政复议案件3件”, “以本局为被申请人…”).
local OWN_CASES = { "被申请行政复议", "被申请复议", "被提起", "被起诉", "被诉" }
local SELF = { "本局", "我局", "本机关", "我机关", "本单位", "本部门", "本委", "我委", "本办", "我办" }
local SELF_AS_PARTY = {}
for _, w in ipairs(SELF) do
  for _, f in ipairs({ "涉及%s", "以%s为", "针对%s", "对%s" }) do SELF_AS_PARTY[#SELF_AS_PARTY + 1] = f:format(w) end
end
local function as_review_body(n)
  local clause = clause_before(n)
  local own = own_clause(clause)
  if U.has(own, SELF_AS_PARTY) then return false end
  return U.has(own, AS_REVIEW_BODY)
    or (U.has(clause, "作为行政复议机关", "作为复议机关") and not U.has(own, OWN_CASES))
end

-- The claims a section's prose makes about t3/t4 figures.  t3_counts and
-- t4_counts read the same sections: kept per section view (year is always
-- the view's own report's, so the view alone is the key).
local claims_memo = setmetatable({}, { __mode = "k" })

local function claims(s, year)
  if claims_memo[s] then return claims_memo[s] end
  local out = {}
  local last_t3 = {} -- per sentence: its last t3 figure
  local last_count = {} -- per sentence: where its last count (件/起/例) starts, whatever it counts
  local _, text = U.figures(s)
  local head -- current t4 head (review/suit) within a sentence
  local head_sentence
  -- what a sentence (and the sub-item it stands in) is about, once for
  -- all its figures
  local sentence, about = {}, {}
  for _, n in ipairs(U.figures(s)) do
    local ss = n.sentence_start
    if ss ~= head_sentence then head, head_sentence = nil, ss end
    if COUNT_UNITS[n.unit] and math.type(n.value) == "integer" then
      local lead, tail = n.lead, n.tail
      local approx = lead:find("约$") or lead:find("近$") or lead:find("超$") or tail:find("^余")
        or tail:find("^多")
      local other = U.has(lead, OTHER_MATTERS) or U.has(tail, OTHER_MATTERS)
      if not approx and not other then
        sentence[ss] = sentence[ss] or n.sentence
        local cat = U.nearest(lead, ALL_CATS, true)
        local part = U.nearest(lead, T4_PART_CATS, true)
        if cat and T4_CATS[cat] and U.has(sentence[ss], "信息公开", "依申请") then
          -- cases the agency decided as the review body are not its own (表四
          -- counts those brought against it): “县政府作为行政复议机关受理涉及政府
          -- 信息公开的行政复议申请5件”; nor are their outcomes after it
          if as_review_body(n) then
            head = nil
          else
            head = cat
            out[#out + 1] = { kind = "t4", cat = cat, n = n }
          end
        elseif part and head and not (cat and T3_CATS[cat]) then
          out[#out + 1] = { kind = "t4part", cat = part, head = head, n = n }
        else
          local ctx = n.context_from .. "/" .. ss -- context: from there to the sentence end
          if about[ctx] == nil then about[ctx] = about_requests(n) end
          if about[ctx] and U.has(sentence[ss], "申请") then
            if not cat then cat = U.nearest(tail, T3_CATS, false) end
            if cat == "carried_forward" and U.has(lead, "上年", "上一年", "去年") then cat = "carried_over" end
            if cat and T3_CATS[cat] and (cat == "carried_over" or not earlier_year(n, year)) then
              local c = { kind = "t3", cat = cat, n = n }
              local prev = last_t3[ss]
              local between = prev and U.compact(text:sub(prev.n.after, n.start - 1))
              if prev and (last_count[ss] ~= prev.n.start or between:find("；", 1, true)) then prev = nil end
              local whole = prev and (prev.whole or (opens_list(between) and prev))
              if whole and whole.cat == "received" and (cat == "received" or cat == "carried_over") then
                c.whole = whole
                if cat == "carried_over" then whole.with_carried = true end
                if cat == "received" and not U.has(lead, "新收", "本年", "今年", "当年") then
                  c.part = true
                  whole.parts = whole.parts or {}
                  whole.parts[#whole.parts + 1] = c
                end
              end
              last_t3[ss] = c
              if not c.part then out[#out + 1] = c end
            end
          end
        end
      end
      last_count[ss] = n.start
    end
  end
  claims_memo[s] = out
  return out
end

-- The words of a figure as written: the end of its lead, the figure, its unit.
local function quote(n)
  return U.last(n.lead, 24) .. n.text .. (n.unit or "")
end

-- Sections whose prose restates the tables: 总体情况, and the lead-in some
-- reports write above 表三/表四 (the table cells carry no unit and are skipped).
local function prose_sections(r)
  return { r.s1, r.s3, r.s4 }
end

-- A figure of the prose that disagrees with the table: the figure and the
-- cells behind the table's value are the evidence (`skip_zero`: leave out
-- cells that add nothing to a sum).
-- The evidence of a contradiction: what the text says first, then the
-- cell or the list of cells the table gives (zero cells left out with
-- skip_zero).
local function evidence(said, cells, skip_zero)
  local ev = { said }
  if type(cells) == "table" and not cells.value then
    for _, x in ipairs(cells) do
      if not skip_zero or x.value ~= 0 then ev[#ev + 1] = x end
    end
  elseif cells then
    ev[#ev + 1] = cells
  end
  return ev
end

local function contradicts(f, r, c, what, where, v, cells, skip_zero)
  f:fail(string.format("正文称%s%s件（“%s”，%s），但%s为%s",
    what, fmt(c.n.value), quote(c.n), U.at(r, c.n), where, fmt(v)),
    table.unpack(evidence(c.n, cells, skip_zero)))
end

indicator {
  id       = "text.t3_counts",
  title    = "正文所述申请办理数字与表三一致",
  category = "consistency",
  severity = "warning",
  basis    = "《政府信息公开条例》第五十条（二）；国办公开办函〔2021〕30号 表三",
  version  = "2",
  check = function(r, f)
    local t3 = r.t3
    if not t3.found then return f:missing("未找到表三，正文与表格无从比对") end
    local ok, blank, failed = {}, {}, false
    for _, s in ipairs(prose_sections(r)) do
      for _, c in ipairs(claims(s, r.year)) do
        if c.kind == "t3" then
          local v, cells, how = t3_value(t3, c.cat)
          local where = T3_WHERE[c.cat]
          if how == "applicants" then where = where .. "（总计栏空白，按各类申请人之和）" end
          -- a whole whose parts name 上年结转 may count them in
          local both, both_cells
          if c.with_carried then both, both_cells = U.t3_sum(t3, { "received", "carried_over" }) end
          if v == nil then
            blank[#blank + 1] = string.format("%s%s件（%s空白或无法读取）", T3_CN[c.cat], fmt(c.n.value), where)
          elseif U.eq(v, c.n.value) then
            ok[#ok + 1] = T3_CN[c.cat] .. fmt(v) .. "件"
          elseif both and U.eq(both, c.n.value) then
            ok[#ok + 1] = "本年新收及上年结转申请" .. fmt(both) .. "件"
          else
            failed = true
            if both then
              f:fail(string.format("正文称收到申请%s件，其中含上年结转（“%s”，%s），但%s为%s，与“二、上年结转”之和为%s",
                fmt(c.n.value), quote(c.n), U.at(r, c.n), where, fmt(v), fmt(both)),
                table.unpack(evidence(c.n, both_cells)))
            else
              contradicts(f, r, c, T3_CN[c.cat], where, v, cells, true)
            end
          end
          -- its sub-counts add up to more than it (“8件，其中网上收到5件、信函收到4件”)
          if c.parts then
            local sum, txt, ev = 0, {}, { c.n }
            for i, p in ipairs(c.parts) do
              sum = sum + p.n.value
              txt[i] = fmt(p.n.value)
              ev[#ev + 1] = p.n
            end
            if #c.parts >= 2 and sum > c.n.value then
              failed = true
              f:fail(string.format("正文称收到申请%s件（%s），其中各分项%s之和为%s件，超过总数",
                fmt(c.n.value), U.at(r, c.n), table.concat(txt, "＋"), fmt(sum)), table.unpack(ev))
            end
          end
        end
      end
    end
    U.conclude(f, blank, ok, failed, { skipped = "正文所述数字无法与表三核对：",
      pass = "正文所述与表三一致：", none = "正文未写明可与表三核对的申请办理数字" })
  end,
}

local function t4_value(t4, head, col)
  col = col or "total"
  if head == "review" then return U.get(t4, "review", col) end
  local a, ca = U.get(t4, "suit_direct", col)
  local b, cb = U.get(t4, "suit_after_review", col)
  if a == nil or b == nil then return nil end
  return a + b, { ca, cb }
end

indicator {
  id       = "text.t4_counts",
  title    = "正文所述行政复议、行政诉讼数字与表四一致",
  category = "consistency",
  severity = "warning",
  basis    = "《政府信息公开条例》第五十条（三）；国办公开办函〔2021〕30号 表四",
  version  = "2",
  check = function(r, f)
    local t4 = r.t4
    if not t4.found then return f:missing("未找到表四，正文与表格无从比对") end
    local ok, blank, failed = {}, {}, false
    for _, s in ipairs(prose_sections(r)) do
      for _, c in ipairs(claims(s, r.year)) do
        if c.kind == "t4" or c.kind == "t4part" then
          local head = c.kind == "t4" and c.cat or c.head
          local col = c.kind == "t4part" and c.cat or "total"
          local v, cells = t4_value(t4, head, col)
          local what = (head == "review" and "行政复议" or "行政诉讼") ..
            (c.kind == "t4part" and U.col_cn(col) or "")
          if v == nil then
            blank[#blank + 1] = what .. fmt(c.n.value) .. "件"
          elseif U.eq(v, c.n.value) then
            ok[#ok + 1] = what .. fmt(v) .. "件"
          else
            failed = true
            what = (head == "review" and "行政复议" or "行政诉讼") ..
              (c.kind == "t4part" and ("中" .. U.col_cn(col)) or "")
            local where = head == "review" and ("表四行政复议“" .. U.col_cn(col) .. "”")
              or ("表四行政诉讼两类“" .. U.col_cn(col) .. "”之和")
            contradicts(f, r, c, what, where, v, cells, false)
          end
        end
      end
    end
    U.conclude(f, blank, ok, failed, { skipped = "表四相应栏目空白或无法读取，未核对：",
      pass = "正文所述与表四一致：", none = "正文未写明行政复议、行政诉讼的件数" })
  end,
}

------------------------------------------------------------------------------
-- The parts of a request figure: 办结 N 件，其中予以公开 a 件（占x%）、…
------------------------------------------------------------------------------

-- The result groups of t3 (U.T3_GROUPS) a part may name, and the groups the
-- template divides 办结 into (a list naming all five is complete).
local RESULT_CATS = {
  granted_both = T3_CATS.granted_both, granted = T3_CATS.granted,
  partially_granted = T3_CATS.partially_granted, refused = T3_CATS.refused,
  unavailable = T3_CATS.unavailable, not_processed = T3_CATS.not_processed,
  other_processing = T3_CATS.other_processing,
}
local RESULT_FIVE = { "granted", "refused", "unavailable", "not_processed", "other_processing" }
local APPLICANT_CATS = {
  natural_person = { "自然人" },
  legal = { "法人或其他组织", "法人和其他组织", "法人及其他组织", "法人" },
  business = { "商业企业", "企业" }, research = { "科研机构" }, social_org = { "社会公益组织" },
  legal_service = { "法律服务机构" },
}
local APPLICANT_COLS = {
  natural_person = { "natural_person" }, business = { "business" }, research = { "research" },
  social_org = { "social_org" }, legal_service = { "legal_service" },
  legal = { "business", "research", "social_org", "legal_service", "other_org" },
}
local PART_CN = {
  granted_both = "予以公开及部分公开", granted = "予以公开", partially_granted = "部分公开",
  refused = "不予公开", unavailable = "无法提供", not_processed = "不予处理", other_processing = "其他处理",
  natural_person = "自然人", legal = "法人或其他组织", business = "商业企业", research = "科研机构",
  social_org = "社会公益组织", legal_service = "法律服务机构",
}
local WHOLE_ROW = { handled = "total_handled", received = "received" }
local LIST_OPEN = { "其中", "包括", "分别为", "分别是", "涉及" }

local function is_count(n)
  return COUNT_UNITS[n.unit] and math.type(n.value) == "integer" and not n.tail:find("^余")
    and not n.tail:find("^多") and not n.lead:find("约$") and not n.lead:find("近$")
end

-- Lists of a section: { whole = n, cat, kind = "result"|"applicant", parts = { {cat, n, share} } }.
local parts_memo = setmetatable({}, { __mode = "k" })

local function part_lists(s)
  if parts_memo[s] then return parts_memo[s] end
  local out = {}
  local nums, text = U.figures(s)
  local i = 1
  while i <= #nums do
    local n = nums[i]
    local cat = is_count(n) and U.nearest(n.lead, T3_CATS, true)
    -- (the parts name t3's own groups: the sub-item being about requests is enough)
    if (cat == "handled" or cat == "received") and about_requests(n)
       and not U.has(clause_before(n), OTHER_MATTERS) then
      local list = { whole = n, cat = cat, parts = {}, seen = {} }
      local j, opened = i + 1, false
      while j <= #nums do
        local m = nums[j]
        -- the list goes on in this sentence, or in the next one when it opens with 其中
        if m.sentence_start ~= n.sentence_start then
          if m.sentence_start ~= (list.next_sentence or m.sentence_start)
             or not U.has(U.clip(U.strip_marker(m.sentence), 3), LIST_OPEN) then
            break
          end
          list.next_sentence = m.sentence_start
        end
        local last = list.parts[#list.parts]
        if m.unit == "%" then
          -- a share right after its part: 42件，占51.85%；208件（17.46%）
          if last and m.idx == last.n.idx + 1 and not last.share and (m.lead == "" or m.lead:find("占")) then
            last.share = m
          end
        elseif m.depth > n.depth then
          -- a parenthesis inside the list (含申请人主动撤回157件): a lower level
        elseif not is_count(m) then
          break
        else
          local between = U.compact(text:sub((last and last.n.after or n.after) + 1, m.start))
          if not last then opened = U.has(between, LIST_OPEN) ~= nil end
          local kind = list.kind
          local pc = U.nearest(m.lead, RESULT_CATS, true)
          local k = "result"
          if not pc then pc, k = U.nearest(m.lead, APPLICANT_CATS, true), "applicant" end
          if not pc or (kind and kind ~= k) or not opened or list.seen[pc] then
            if list.seen[pc] then list.bad = true end
            break
          end
          list.kind, list.seen[pc] = k, true
          list.parts[#list.parts + 1] = { cat = pc, n = m }
        end
        j = j + 1
      end
      if #list.parts >= 2 and not list.bad
         and not (list.seen.granted_both and (list.seen.granted or list.seen.partially_granted)) then
        out[#out + 1] = list
        i = j - 1
      end
    end
    i = i + 1
  end
  parts_memo[s] = out
  return out
end

-- The table's figure for a part the list leaves out: 0 means leaving it out
-- loses nothing.
local function unlisted_zero(t3, list)
  if list.kind == "result" then
    for _, g in ipairs(RESULT_FIVE) do
      local listed = list.seen[g] or (g == "granted" and list.seen.granted_both)
      if g == "granted" and not listed and list.seen.partially_granted then
        -- 部分公开 listed without 予以公开: 予以公开 must be 0
        listed = false
      end
      if not listed then
        local rows = g == "granted" and { "granted" } or U.t3_group(t3, g)
        local v = U.t3_sum(t3, rows)
        if v ~= 0 then return false end
      end
    end
    if not list.seen.granted_both and list.seen.granted and not list.seen.partially_granted then
      local v = U.t3_sum(t3, { "partially_granted" })
      if v ~= 0 then return false end
    end
    return true
  end
  local row = WHOLE_ROW[list.cat]
  local cols = {}
  for _, c in ipairs(U.T3_APPLICANTS) do cols[c] = true end
  for pc in pairs(list.seen) do
    for _, c in ipairs(APPLICANT_COLS[pc] or {}) do cols[c] = nil end
  end
  for c in pairs(cols) do
    if U.get(t3, row, c) ~= 0 then return false end
  end
  return true
end

local function complete_list(t3, list)
  if list.kind == "result" then
    local n = 0
    for _, g in ipairs(RESULT_FIVE) do
      if list.seen[g] or (g == "granted" and list.seen.granted_both) then n = n + 1 end
    end
    if n == 5 then return true end
  elseif list.seen.natural_person and list.seen.legal then
    return true
  end
  return t3.found and unlisted_zero(t3, list)
end

-- Does share x% (as written, with its decimals) state part / base?
local function share_ok(x, part, base)
  if not base or base <= 0 then return false end
  local d = x.text:match("%.(%d+)")
  local tol = 10 ^ -(d and #d or 0) + 1e-9
  return math.abs(x.value - 100 * part / base) <= tol
end

indicator {
  id       = "text.t3_parts",
  title    = "正文所述申请办理结果（申请人）分项之和、占比与总数一致",
  category = "consistency",
  severity = "warning",
  basis    = "《政府信息公开条例》第五十条（二）；国办公开办函〔2021〕30号 表三",
  version  = "1",
  check = function(r, f)
    local t3 = r.t3
    local lists, failed, ok = 0, false, {}
    for _, s in ipairs(prose_sections(r)) do
      for _, list in ipairs(part_lists(s)) do
        lists = lists + 1
        local w = list.whole
        local W = w.value
        local sum, txt, ev = 0, {}, { w }
        for _, p in ipairs(list.parts) do
          sum = sum + p.n.value
          txt[#txt + 1] = PART_CN[p.cat] .. fmt(p.n.value)
          ev[#ev + 1] = p.n
        end
        -- results add up to 办结; to 新收 only when nothing was carried over or forward
        local comparable = list.kind == "applicant" or list.cat == "handled"
        if not comparable and t3.found then
          local co = U.t3_sum(t3, { "carried_over" })
          local cf = U.t3_sum(t3, { "carried_forward" })
          comparable = co == 0 and cf == 0
        end
        local whole_cn = list.cat == "handled" and "办结" or "收到"
        if comparable and (sum > W or (sum < W and complete_list(t3, list))) then
          failed = true
          f:fail(string.format("正文称%s申请%s件（%s），其中%s之和为%s件，与总数不符（相差%s件）",
            whole_cn, fmt(W), U.at(r, w), table.concat(txt, "＋"), fmt(sum), fmt(math.abs(W - sum))),
            table.unpack(ev))
        elseif comparable and sum == W then
          ok[#ok + 1] = string.format("%s%s件＝%s", whole_cn, fmt(W), table.concat(txt, "＋"))
        end
        -- the shares: against the whole, else any base the report may have meant
        local bad, bad_ev, shares = {}, { w }, 0
        for _, p in ipairs(list.parts) do
          local x = p.share
          if x then
            shares = shares + 1
            local good = share_ok(x, p.n.value, W) or share_ok(x, p.n.value, sum)
            if not good and t3.found then
              local h = U.t3_sum(t3, { "total_handled" })
              local rc = U.t3_sum(t3, { "received" })
              local co = U.t3_sum(t3, { "carried_over" })
              good = share_ok(x, p.n.value, h) or share_ok(x, p.n.value, rc)
                or (rc and co and share_ok(x, p.n.value, rc + co))
            end
            if not good then
              bad[#bad + 1] = string.format("%s%s件写作占%s%%（%s÷%s＝%.2f%%）", PART_CN[p.cat],
                fmt(p.n.value), x.text, fmt(p.n.value), fmt(W), 100 * p.n.value / W)
              bad_ev[#bad_ev + 1] = p.n
              bad_ev[#bad_ev + 1] = x
            end
          end
        end
        if #bad > 0 then
          failed = true
          f:fail(string.format("正文所述%s申请%s件（%s）的分项占比与件数不符：%s", whole_cn, fmt(W),
            U.at(r, w), U.join(bad, "；", 12)), table.unpack(bad_ev))
        elseif shares > 0 then
          ok[#ok + 1] = string.format("%d项占比", shares)
        end
      end
    end
    if lists == 0 then return f:na("正文未列出申请办理结果或申请人分项") end
    if not failed and #ok > 0 then
      f:pass("正文分项与总数一致：" .. U.join(ok, "；", 12))
    elseif not failed then
      f:na("正文所列分项可能并不完整（其余分项表三不为0或无法读取），未作评判")
    end
  end,
}

------------------------------------------------------------------------------
-- Sub-totals in the prose: 主动公开 N 条，其中 a 条、b 条…
------------------------------------------------------------------------------

local EXHAUSTIVE = { "其他", "其它", "其余", "另有", "剩余" }

-- After a figure: the noun it counts, then delimiters, then 其中?  Returns the
-- noun, the byte offset where 其中 starts, and whether a parenthesis opened.
local SKIPPABLE = { ["，"] = true, [","] = true, ["（"] = true, ["("] = true, ["："] = true, [":"] = true }

local function qizhong_after(text, from)
  local rest = text:sub(from, from + 240)
  local dl = U.delimiters(rest)
  local first = dl[1]
  if not first then return nil end
  local noun = U.compact(rest:sub(1, first.pos - 1))
  if #noun > 45 then return nil end
  local i, paren = first.pos, false
  while true do
    -- skip whitespace
    local ws = rest:match("^%s+", i)
    if ws then i = i + #ws end
    local ch
    for _, d in ipairs(dl) do if d.pos == i then ch = d end end
    if ch and SKIPPABLE[ch.ch] then
      if ch.kind == "open" then paren = true end
      i = i + ch.len
    else
      break
    end
  end
  if rest:sub(i, i + 5) == "其中" then
    return noun, from + i - 1, paren
  end
  return nil
end

indicator {
  id       = "text.public_parts",
  title    = "正文主动公开条数与其分项之和一致",
  category = "consistency",
  severity = "warning",
  basis    = "《政府信息公开条例》第五十条（一）",
  version  = "1",
  check = function(r, f)
    local lists = 0
    for _, s in ipairs({ r.s1, r.s2 }) do
      local nums, text = U.figures(s)
      local dl
      for k, n in ipairs(nums) do
        if n.unit == "条" and math.type(n.value) == "integer" and n.value > 0 then
          local noun, seg_from, paren = qizhong_after(text, n.after)
          if noun then
            -- the list ends at the matching close parenthesis, or the sentence end
            dl = dl or U.delimiters(text)
            local depth, seg_to = 0, #text
            for _, d in ipairs(dl) do
              if d.pos > seg_from then
                if d.kind == "open" then depth = depth + 1
                elseif d.kind == "close" then
                  if depth == 0 and paren then seg_to = d.pos - 1; break end
                  depth = math.max(0, depth - 1)
                elseif d.kind == "stop" and depth == 0 then seg_to = d.pos - 1; break end
              end
            end
            local want_depth = n.depth + (paren and 1 or 0)
            local parts = {}
            for j = k + 1, #nums do
              local m = nums[j]
              if m.start > seg_to then break end
              if m.start > seg_from and m.unit == "条" and m.depth == want_depth then
                parts[#parts + 1] = m
              end
            end
            if #parts >= 2 then
              lists = lists + 1
              local sum, txt = 0, {}
              for _, m in ipairs(parts) do
                sum = sum + m.value
                txt[#txt + 1] = fmt(m.value)
              end
              local exhaustive = U.has(parts[#parts].lead, EXHAUSTIVE) ~= nil
              if sum > n.value or (sum < n.value and exhaustive) then
                f:fail(string.format("正文称%s%s条（%s），其中各分项%s之和为%s条，与总数不符（相差%s条）",
                  noun ~= "" and ("“" .. noun .. "”") or "", fmt(n.value), U.at(r, n),
                  table.concat(txt, "＋"), fmt(sum), fmt(math.abs(sum - n.value))), n, table.unpack(parts))
              elseif sum == n.value then
                f:pass(string.format("正文%s条与其分项之和一致", fmt(n.value)))
              else
                f:na(string.format("正文%s条的分项之和为%s条，所列分项可能并不完整，未作评判",
                  fmt(n.value), fmt(sum)))
              end
            end
          end
        end
      end
    end
    if lists == 0 then f:na("正文未见“N条，其中…”形式的主动公开分项") end
  end,
}

------------------------------------------------------------------------------
-- Outcomes of reviews and suits stated in the text against t4's columns:
-- 均获维持, 未被纠错 / 未发生…被行政复议纠错或行政诉讼败诉, 均已审结, 纠错N件
------------------------------------------------------------------------------

local UPHELD_ALL = { "均获维持", "均被维持", "均维持", "全部维持", "均予维持", "均予以维持", "均已维持",
                     "均获得维持", "全部获得维持", "均得到维持", "全部得到维持", "全部被维持", "均为维持",
                     "结果均为维持", "均被依法维持" }
local CLOSED_ALL = { "均已审结", "全部审结", "已全部审结", "均审结", "均已结案", "全部结案", "已全部结案",
                     "均已办结结案", "均已作出复议决定", "均已作出判决" }
local CORRECTION_WORDS = { "纠错", "败诉" }
-- a negation right before (…被 [subject]) the word: 未被纠错, 无被纠错, 未被复议纠错
local NEG_NEAR = { "均未被", "未被", "无被", "没有被", "均未", "未发生", "没有发生", "未出现", "未有",
                   "未", "无", "零", "没有", "无一" }
-- a negation further back, with 被 between: 未发生因依申请公开被行政复议纠错…
local NEG_FAR = { "未发生", "没有发生", "未出现", "没有出现", "未有", "不存在", "没有", "无" }
local SUBJECTS = { "行政复议机关", "复议机关", "人民法院", "法院", "行政复议", "复议", "行政诉讼", "诉讼" }
-- the rest of the cases, or last year's
local NOT_ALL = { "其余", "其他", "余下", "剩余", "除", "上年", "结转", "去年" }
-- plans and aims, not statements of fact
local PLAN_WORDS = { "降低", "减少", "避免", "防止", "杜绝", "力争", "确保", "防范", "争取", "预防" }

local function ends_with(s, w) return #s >= #w and s:sub(-#w) == w end

-- The rows of t4 named in s: review, suits.
local function rows_named(s)
  local out = {}
  if s:find("复议", 1, true) then out.review = true end
  if s:find("诉讼", 1, true) or s:find("起诉", 1, true) or s:find("败诉", 1, true) then out.suit = true end
  return next(out) and out or nil
end

-- The subject of a statement at byte a of piece t: the rows the nearest
-- mention of 复议/诉讼 before it names, with another mention in the same
-- clause (“行政复议2件、行政诉讼1件，均获维持”: both).
local function subject_rows(t, a)
  local before = t:sub(1, a - 1)
  local last_r, last_s = 0, 0
  for _, w in ipairs({ "复议" }) do
    local p = 1
    while true do local x = before:find(w, p, true); if not x then break end; last_r = x; p = x + 1 end
  end
  for _, w in ipairs({ "诉讼", "起诉" }) do
    local p = 1
    while true do local x = before:find(w, p, true); if not x then break end; last_s = math.max(last_s, x); p = x + 1 end
  end
  if last_r == 0 and last_s == 0 then return nil end
  local nearest = math.max(last_r, last_s)
  local clause = 1
  local p = 1
  while true do
    local x, y = before:find("，", p, true)
    if not x or x > nearest then break end
    clause = y + 1
    p = y + 1
  end
  local out = {}
  if last_r >= clause and last_r > 0 then out.review = true end
  if last_s >= clause and last_s > 0 then out.suit = true end
  return out
end

-- Statements in one compact piece (split at 。；): { kind, rows, words }.
local function outcome_statements(t)
  local out = {}
  if U.has(t, PLAN_WORDS) then return out end
  for _, list in ipairs({ { "upheld", UPHELD_ALL }, { "closed", CLOSED_ALL } }) do
    local w = U.has(t, list[2])
    if w then
      local a = t:find(w, 1, true)
      local rows = not U.has(t:sub(1, a - 1), NOT_ALL) and subject_rows(t, a)
      if rows then out[#out + 1] = { kind = list[1], rows = rows, words = U.last(t:sub(1, a - 1), 16) .. w } end
    end
  end
  for _, k in ipairs(CORRECTION_WORDS) do
    for a, b in U.finds(t, k) do
      local pre = t:sub(math.max(1, a - 90), a - 1)
      local post = t:sub(b + 1, b + 12)
      local from
      -- 未被纠错, 未被行政复议纠错
      local core = pre
      for _, sw in ipairs(SUBJECTS) do
        if ends_with(core, sw) then core = core:sub(1, #core - #sw); break end
      end
      if ends_with(core, "被") then core = core:sub(1, #core - 3) end
      for _, nw in ipairs(NEG_NEAR) do
        if ends_with(core, nw) then from = #pre - (#pre - #core) - #nw + 1; break end
      end
      if not from then
        -- 未发生因依申请公开被行政复议纠错: a negation, then 被, in one clause without figures
        for _, nw in ipairs(NEG_FAR) do
          local x = 0
          local p = 1
          while true do local y = pre:find(nw, p, true); if not y then break end; x = y; p = y + 1 end
          if x > 0 then
            local between = pre:sub(x + #nw)
            if between:find("被", 1, true) and not between:find("%d") and not between:find("，", 1, true) then
              from = x
              break
            end
          end
        end
      end
      if not from and (post:find("^率为?0") or post:find("^率为零") or post:find("^率为?0%%")) then
        from = #pre + 1
      end
      if from then
        local span = pre:sub(from) .. k
        local rows
        if k == "败诉" then rows = { suit = true }
        else rows = rows_named(pre:sub(from)) or subject_rows(t, a - #pre + from - 1) end
        if rows then
          out[#out + 1] = { kind = "no_correction", rows = rows, words = span .. U.clip(post, 4):gsub("…$", "") }
        end
      end
    end
  end
  return out
end

local T4_HEAD_CN = { review = "行政复议", suit = "行政诉讼" }

indicator {
  id       = "text.t4_outcomes",
  title    = "正文所述行政复议、行政诉讼结果（均获维持、未被纠错、均已审结）与表四一致",
  category = "consistency",
  severity = "warning",
  basis    = "《政府信息公开条例》第五十条（三）；国办公开办函〔2021〕30号 表四",
  version  = "2",
  check = function(r, f)
    local t4 = r.t4
    if not t4.found then return f:missing("未找到表四，正文与表格无从比对") end
    local seen, ok, blank, failed = {}, {}, {}, false
    for _, s in ipairs({ r.s1, r.s4 }) do
      for _, se in ipairs(U.sentences(s)) do
        local pieces = {}
        for piece in (se.text .. "；"):gmatch("(.-)；") do pieces[#pieces + 1] = piece end
        for _, piece in ipairs(pieces) do
          for _, st in ipairs(outcome_statements(piece)) do
            for _, head in ipairs({ "review", "suit" }) do
              local key = st.kind .. head
              if st.rows[head] and not seen[key] then
                seen[key] = true
                local up, cu = t4_value(t4, head, "upheld")
                local co, cc = t4_value(t4, head, "corrected")
                local pe, cp = t4_value(t4, head, "pending")
                local to = t4_value(t4, head, "total")
                local ev = U.evidence_at(s, se.start, se.stop)
                local name = T4_HEAD_CN[head]
                local col_where = head == "review" and "表四行政复议" or "表四行政诉讼两类之和"
                local function bad(msg, cells)
                  failed = true
                  f:fail(string.format("正文称“%s”（%s），但%s%s", st.words, U.at(r, ev), col_where, msg),
                    table.unpack(evidence(ev, cells)))
                end
                if st.kind == "no_correction" then
                  if co == nil then blank[#blank + 1] = name .. "结果纠正"
                  elseif co > 0 then bad(string.format("“结果纠正”为%s件", fmt(co)), cc)
                  else ok[#ok + 1] = name .. "未被纠错（结果纠正0件）" end
                elseif st.kind == "upheld" then
                  if co == nil or up == nil then blank[#blank + 1] = name .. "结果维持、结果纠正"
                  elseif co > 0 then bad(string.format("“结果纠正”为%s件", fmt(co)), cc)
                  elseif up == 0 and to and to > 0 then
                    bad(string.format("“结果维持”为0件（总计%s件）", fmt(to)), cu)
                  else ok[#ok + 1] = name .. "均获维持（结果纠正0件）" end
                elseif st.kind == "closed" then
                  if pe == nil then blank[#blank + 1] = name .. "尚未审结"
                  elseif pe > 0 then bad(string.format("“尚未审结”为%s件", fmt(pe)), cp)
                  else ok[#ok + 1] = name .. "均已审结（尚未审结0件）" end
                end
              end
            end
          end
        end
      end
    end
    -- 纠错N件 / 败诉N件: the corrected column
    for _, s in ipairs({ r.s1, r.s4 }) do
      for _, n in ipairs(U.figures(s)) do
        local after = n.tail:sub(1, 9)
        local tail_says = after:sub(1, 6) == "纠错" or after == "被纠错" or after:sub(1, 6) == "败诉"
          or after == "被纠正"
        if COUNT_UNITS[n.unit] and math.type(n.value) == "integer" and (ends_with(n.lead, "纠错")
           or ends_with(n.lead, "败诉") or tail_says) and not U.has(n.lead, PLAN_WORDS) then
          local rows = (ends_with(n.lead, "败诉") or after:sub(1, 6) == "败诉") and { suit = true }
            or rows_named(n.lead)
          if not rows then
            local p = n.sentence:find(n.lead .. n.text .. (n.unit or "") .. n.tail, 1, true)
            rows = p and subject_rows(n.sentence, p + #n.lead)
          end
          local head = rows and ((rows.review and not rows.suit) and "review" or (rows.suit and not rows.review) and "suit")
          if head and not seen["n" .. head] then
            seen["n" .. head] = true
            local co, cc = t4_value(t4, head, "corrected")
            local name = T4_HEAD_CN[head]
            if co == nil then blank[#blank + 1] = name .. "结果纠正"
            elseif co ~= n.value then
              failed = true
              f:fail(string.format("正文称%s被纠错%s件（“%s”，%s），但%s“结果纠正”为%s件", name, fmt(n.value),
                quote(n), U.at(r, n), head == "review" and "表四行政复议" or "表四行政诉讼两类之和", fmt(co)),
                table.unpack(evidence(n, cc)))
            else ok[#ok + 1] = name .. "被纠错" .. fmt(co) .. "件" end
          end
        end
      end
    end
    -- every statement found is blank, agreed or failed: none found is the na
    U.conclude(f, blank, ok, failed, { skipped = "表四相应栏目空白或无法读取，未核对：",
      pass = "正文所述结果与表四一致：", none = "正文未写明行政复议、行政诉讼的结果（均获维持、未被纠错、均已审结等）" })
  end,
}

------------------------------------------------------------------------------
-- Figures of t2 stated in the text: 制发/废止/现行有效 规章、行政规范性文件,
-- 行政许可/处罚/强制 决定
------------------------------------------------------------------------------

local T2_KINDS = {
  regulations = { "规章" },
  normative_documents = { "行政规范性文件", "规范性文件" },
  licensing = { "行政许可" }, penalty = { "行政处罚" }, coercion = { "行政强制" },
}
local T2_VERBS = {
  -- not 公开/发布 alone: “在规范性文件库公开行政规范性文件N件” is the stock
  issued = { "制发", "制定", "出台", "印发", "新制定", "新出台", "新增" },
  repealed = { "废止" },
  in_force = { "现行有效" },
}
local DOC_UNITS = { ["件"] = true, ["部"] = true, ["个"] = true, ["份"] = true, ["项"] = true }
local DEC_UNITS = { ["件"] = true, ["个"] = true, ["项"] = true, ["起"] = true, ["宗"] = true,
                    ["份"] = true, ["次"] = true }
-- the figure counts something else about the documents or decisions
local T2_OTHER = { "解读", "草案", "备案", "审查", "审核", "征求意见", "评估", "目录", "信息", "合法性", "意见",
                   "建议", "起草", "培训", "宣传", "公示", "案卷", "申请", "事项", "清单", "听证", "复议",
                   "诉讼", "政策", "立改废", "修订", "修改", "涉及", "梳理", "专项", "抽查", "评查", "撤销", "纠正" }
-- …or is not this agency's own figure, or spans several years
local T2_SCOPE = { "全市", "全区", "全县", "全省", "全州", "全旗", "各地", "各部门", "各级", "各乡镇", "各街道",
                   "部门", "乡镇", "街道", "区县", "县区", "市直", "区直", "县直", "累计", "以来", "历年",
                   "上年", "去年", "同比", "较上年", "共计清理" }
-- …or documents another agency made with this one's help (“参与制定县政府规范性
-- 文件3件”, “配合市政府制定规章1件”): 表二 counts the documents it issued itself
local T2_HELPED = { "参与", "配合", "协助", "协同" }
-- …said of the verb the figure's clause uses, by the words before it back to
-- the list item before (“参与制定县政府规范性文件3件、本局制发行政规范性文件2件”:
-- 本局 for the 2; “参与制定县政府规范性文件3件、规章1件”: 参与 for both); not
-- 公众参与 (a step of the agency's own procedure), 协同办公 (its OA system), or
-- help it had (“在县司法局协助下制定”)
local NOT_HELPED = { "公众参与", "协同办公", "参与下", "配合下", "协助下", "协同下" }
local function helped(clause)
  local v = 0
  for _, words in pairs(T2_VERBS) do
    for _, w in ipairs(words) do
      for a in U.finds(clause, w) do if a > v then v = a end end
    end
  end
  local before, item = v > 0 and clause:sub(1, v - 1) or clause, 0
  for _, b in U.finds(before, "、") do item = b end -- the last list item's start
  before = before:sub(item + 1)
  for _, w in ipairs(NOT_HELPED) do before = before:gsub(w, "") end
  return U.has(before, T2_HELPED) ~= nil
end
local CLAUSE_BACK = { "，", "；", "：", "。" }

-- The clause of a figure up to its lead (verbs of a list stand before its
-- first item: “全年制发规章1件、行政规范性文件8件”).
function clause_before(n)
  local sent = n.sentence
  local p = sent:find(n.lead .. n.text, 1, true)
  if not p then return n.lead end
  local before = sent:sub(1, p - 1 + #n.lead)
  local from = 1
  for _, d in ipairs(CLAUSE_BACK) do
    local q = 1
    while true do
      local x, y = before:find(d, q, true)
      if not x or y >= #before - #n.lead then break end
      if y + 1 > from then from = y + 1 end
      q = y + 1
    end
  end
  return before:sub(from)
end

local function t2_claims(s)
  local out = {}
  for _, n in ipairs(U.figures(s)) do
    if math.type(n.value) == "integer" and not n.tail:find("^余") and not n.tail:find("^多")
       and not n.lead:find("约$") and not n.lead:find("近$") then
      local kind, kw = U.nearest(n.lead, T2_KINDS, true)
      if kind then
        -- the words between the kind and the figure, and after the figure
        local kpos = 0
        for _, w in ipairs(T2_KINDS[kind]) do
          local p = 1
          while true do local x = n.lead:find(w, p, true); if not x then break end; if x > kpos then kpos = x end; p = x + 1 end
        end
        local after_kind = n.lead:sub(kpos)
        local clause = clause_before(n)
        local tail = U.clip(n.tail, 6)
        local doc = kind == "regulations" or kind == "normative_documents"
        local col
        if doc then
          col = U.nearest(clause, T2_VERBS, true)
          -- “现行有效” written after: “行政规范性文件18件现行有效”
          if U.has(tail, "现行有效") then col = "in_force" end
        elseif U.has(after_kind, "决定") then
          col = "decisions"
        end
        local units = doc and DOC_UNITS or DEC_UNITS
        if col and units[n.unit] and not U.has(after_kind, T2_OTHER) and not U.has(tail, T2_OTHER)
           and not U.has(clause, T2_SCOPE) and not (not doc and U.has(clause, "公示", "双公示"))
           and not U.has(clause, "备案审查", "合法性审查", "征求意见")
           and not (doc and helped(own_clause(clause))) then
          out[#out + 1] = { row = kind, col = col, n = n }
        end
      end
    end
  end
  return out
end

local T2_COL_CN = { issued = "本年制发", repealed = "本年废止", in_force = "现行有效", decisions = "本年处理决定" }

indicator {
  id       = "text.t2_counts",
  title    = "正文所述规章、行政规范性文件及行政许可、处罚、强制数字与表二一致",
  category = "consistency",
  severity = "warning",
  basis    = "《政府信息公开条例》第二十条、第五十条（一）；国办公开办函〔2021〕30号 表二",
  version  = "2",
  check = function(r, f)
    local t2 = r.t2
    if not t2.found then return f:missing("未找到表二，正文与表格无从比对") end
    if t2.edition == 2019 then return f:na("表二为2019年格式，栏目不同，不核对") end
    local ok, blank, failed, seen = {}, {}, false, {}
    for _, s in ipairs({ r.s1, r.s2 }) do
      for _, c in ipairs(t2_claims(s)) do
        local key = c.row .. "." .. c.col
        if not seen[key] then
          seen[key] = true
          local v, cell = U.get(t2, c.row, c.col)
          local what = U.row_cn(c.row) .. T2_COL_CN[c.col]
          if v == nil then
            blank[#blank + 1] = what .. fmt(c.n.value) .. (c.n.unit or "")
          elseif U.eq(v, c.n.value) then
            ok[#ok + 1] = what .. fmt(v)
          else
            failed = true
            f:fail(string.format("正文称%s%s%s（“%s”，%s），但表二“%s”%s为%s",
              what, fmt(c.n.value), c.n.unit or "", quote(c.n), U.at(r, c.n), U.row_cn(c.row),
              U.col_cn(c.col), fmt(v)), c.n, cell)
          end
        end
      end
    end
    -- every claim found is blank, agreed or failed: none found is the na
    U.conclude(f, blank, ok, failed, { skipped = "表二相应数据空白或无法读取，未核对：",
      pass = "正文所述与表二一致：", none = "正文未写明规章、行政规范性文件或行政许可、处罚、强制决定的数字" })
  end,
}

------------------------------------------------------------------------------
-- Contradictions between the text and t3/t4 beyond the figures
------------------------------------------------------------------------------

-- 六 on the 信息处理费 against t3 （六）2 (申请人逾期未按收费通知要求缴纳费用):
-- a request dropped for an unpaid fee means a 收费通知 was sent, and the
-- report is to say how many notices went out (《政府信息公开信息处理费管理
-- 办法》); a 六 that says only "未收取信息处理费" hides them, one that says
-- "未发出收费通知" contradicts the table.  t2's 行政事业性收费 is another
-- fee (第二十条第（八）项) and is not compared.
local NO_FEE = { "未收取", "无收取", "不收取", "没有收取", "未发生收费", "未产生", "未收费", "免收", "零收费",
                 "未发生信息处理费", "没有发生收费", "无收费" }
local NOTICE = { "收费通知", "缴费通知", "缴纳通知", "收费决定" }
local NOTICE_NEG = { "未发出", "未下发", "未送达", "没有发出", "未开具", "未出具", "未作出", "未向" }

indicator {
  id       = "text.fee_notice",
  title    = "表三有逾期未缴费申请的，第六部分如实说明收费通知情况",
  category = "consistency",
  severity = "warning",
  basis    = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）；国办公开办函〔2021〕30号 表三（六）2、六",
  version  = "2",
  check = function(r, f)
    local t3 = r.t3
    if not t3.found then return f:missing("未找到表三，正文与表格无从比对") end
    if U.t3_detail_rows(t3) == U.T3_DETAIL_2019 then return f:na("表三为2019年格式，无“逾期未缴费”一项") end
    local v, cells = U.t3_sum(t3, { "other_unpaid_fee" })
    if v == nil then return f:na("表三（六）2“逾期未按收费通知要求缴纳费用”空白或无法读取") end
    if v == 0 then return f:na("表三无逾期未缴费而不再处理的申请，不涉及收费通知") end
    local none_said, charged
    for _, s in ipairs({ r.s6, r.s1 }) do
      for _, se in ipairs(U.sentences(s)) do
        local t = se.text
        if U.has(t, "费") then
          local nw = U.has(t, NOTICE)
          if nw then
            local a = t:find(nw, 1, true)
            local pre = t:sub(math.max(1, a - 36), a - 1)
            local cut = 0
            while true do local x, y = pre:find("，", cut + 1, true); if not x then break end; cut = y end
            pre = pre:sub(cut + 1)
            local neg = U.has(pre, NOTICE_NEG)
            if neg and not pre:find("%d") then
              return f:fail(string.format("第六部分称“%s”，但表三（六）2有%s件申请因申请人逾期未按收费通知缴费而不再处理，说明本年发出过收费通知（%s）",
                U.clip(t:sub((t:find(neg, 1, true))), 30), fmt(v), U.at(r, U.evidence_at(s, se.start, se.stop))),
                U.evidence_at(s, se.start, se.stop), table.unpack(cells))
            end
            return f:pass(string.format("正文说明了收费通知情况，与表三（六）2的%s件相应", fmt(v)))
          end
          if U.has(t, "处理费", "收费", "收取") then
            if U.has(t, NO_FEE) or U.has(t, "费0元", "费用0元", "费为0元", "费用为0元", "费0.00元") then
              none_said = none_said or { s = s, se = se }
            elseif t:find("%d元") or t:find("%d万元") then
              charged = true
            end
          end
        end
      end
    end
    if none_said then
      local ev = U.evidence_at(none_said.s, none_said.se.start, none_said.se.stop)
      return f:fail(string.format("表三（六）2有%s件申请因申请人逾期未按收费通知缴费而不再处理，说明本年发出过收费通知，但正文只称“%s”（%s），未说明发出收费通知的件数和金额",
        fmt(v), U.clip(none_said.se.text, 30), U.at(r, ev)), ev, table.unpack(cells))
    end
    if charged then
      return f:pass(string.format("正文写明了收取的信息处理费，表三（六）2有%s件逾期未缴费", fmt(v)))
    end
    f:na("正文未说明信息处理费（由“第六部分说明信息处理费收取情况”指标评判）")
  end,
}

-- t4 cases the text never mentions: the template asks only for the table,
-- so this is a hint (info), not a deduction of the standard scheme.
local T4_TABLE_WORDS = { "总计", "尚未审结", "结果维持", "未经复议直接起诉" }

local function t4_cases(t4, rows)
  local n, known = 0, false
  for _, id in ipairs(rows) do
    local to = U.get(t4, id, "total")
    local parts = U.total(t4, { id }, U.T4_PARTS)
    local v = math.max(to or 0, parts or 0)
    if to or parts then known = true end
    n = n + v
  end
  return known and n or nil
end

indicator {
  id       = "text.t4_unmentioned",
  title    = "表四有行政复议、行政诉讼的，正文有所说明",
  category = "consistency",
  severity = "info",
  basis    = "《政府信息公开条例》第五十条（三）；国办公开办函〔2021〕30号 四",
  version  = "2",
  check = function(r, f)
    local t4 = r.t4
    if not t4.found then return f:missing("未找到表四，正文与表格无从比对") end
    local rev = t4_cases(t4, { "review" })
    local suit = t4_cases(t4, { "suit_direct", "suit_after_review" })
    if rev == nil and suit == nil then return f:na("表四空白或无法读取") end
    if (rev or 0) == 0 and (suit or 0) == 0 then return f:na("表四无行政复议、行政诉讼案件") end
    local said = {}
    for _, s in ipairs({ r.s1, r.s4, r.s6 }) do
      for _, se in ipairs(U.sentences(s)) do
        local t = se.text
        if s.id ~= "s4" or not U.has(t, T4_TABLE_WORDS) then
          if t:find("复议", 1, true) then said.review = true end
          if t:find("诉讼", 1, true) or t:find("起诉", 1, true) then said.suit = true end
        end
      end
    end
    local missing = {}
    if (rev or 0) > 0 and not said.review then missing[#missing + 1] = "行政复议" .. fmt(rev) .. "件" end
    if (suit or 0) > 0 and not said.suit then missing[#missing + 1] = "行政诉讼" .. fmt(suit) .. "件" end
    if #missing > 0 then
      f:fail(string.format("表四有%s，但正文（总体情况、第四部分、第六部分）未作任何说明",
        table.concat(missing, "、")), t4)
    else
      f:pass("表四的行政复议、行政诉讼案件正文均有说明")
    end
  end,
}

------------------------------------------------------------------------------
-- Statements of "none"
------------------------------------------------------------------------------

local NONE_WORDS = { "未收到", "没有收到", "未接到", "没有接到", "未受理", "无" }

indicator {
  id       = "text.no_requests",
  title    = "称“未收到申请”的，表三本年新收为零",
  category = "consistency",
  severity = "warning",
  basis    = "国办公开办函〔2021〕30号 表三 第一项",
  version  = "2",
  check = function(r, f)
    local t3 = r.t3
    if not t3.found then return f:missing("未找到表三，正文与表格无从比对") end
    local v, c = U.get(t3, "received", "total")
    for _, s in ipairs({ r.s1, r.s3, r.s6 }) do
      for _, se in ipairs(U.sentences(s)) do
        local t = se.text
        for _, w in ipairs(NONE_WORDS) do
          local a, b = t:find(w, 1, true)
          if a then
            local rest = t:sub(b + 1, b + 40)
            local p = rest:find("申请", 1, true)
            -- "未收到政府信息公开申请"; not "未收到行政复议申请", nor the cases
            -- of 四 ("无因政府信息公开被申请行政复议或提起行政诉讼情况": 被申请,
            -- and 申请 the verb of 行政复议; but "无政府信息公开申请、复议及诉讼"
            -- says no request too)
            local verb = p and rest:sub(p + 6) or ""
            if p and U.has(rest:sub(1, p + 5), "信息公开", "依申请", "公开申请")
               and not U.has(rest:sub(1, p + 5), "复议", "诉讼", "收费", "处理费")
               and rest:sub(math.max(1, p - 3), p - 1) ~= "被"
               and not (verb:find("^行政复议") or verb:find("^复议")) then
              if v == nil then return f:na("表三本年新收总计空白或无法读取") end
              local said = t:sub(a, math.min(#t, b + p + 5))
              if v ~= 0 then
                f:fail(string.format("正文称“%s”，但表三本年新收申请总计为%s件", said, fmt(v)),
                  U.evidence_at(s, se.start, se.stop), c)
              else
                f:pass(string.format("正文称“%s”，表三本年新收为0", said))
              end
              return
            end
          end
        end
      end
    end
    f:na("正文未称未收到政府信息公开申请")
  end,
}

local NEG = { "未发生", "没有发生", "没有", "未有", "无", "未出现", "未收到", "未涉及", "不存在", "未因", "均未" }
local NOT_ZERO_HINT = { "纠错", "纠正", "败诉", "撤销", "确认违法", "被", "责任追究", "以外", "之外" }
-- …but “被申请行政复议”“被提起行政诉讼” name the cases themselves, as the
-- template's own heading of 四 does (番禺 2021: “不存在因政府信息公开工作被申请
-- 行政复议、提起行政诉讼的情况”): not the 被 of “被纠错”
local CASE_PASSIVE = { "被申请", "被提起", "被起诉", "被诉" }

indicator {
  id       = "text.no_litigation",
  title    = "称“未发生行政复议、行政诉讼”的，表四为零",
  category = "consistency",
  severity = "warning",
  basis    = "国办公开办函〔2021〕30号 表四",
  version  = "2",
  check = function(r, f)
    local t4 = r.t4
    if not t4.found then return f:missing("未找到表四，正文与表格无从比对") end
    for _, s in ipairs({ r.s1, r.s4, r.s6 }) do
      for _, se in ipairs(U.sentences(s)) do
        local t = se.text
        for _, w in ipairs(NEG) do
          local a, b = t:find(w, 1, true)
          if a then
            local rest = t:sub(b + 1, b + 90)
            local stop = rest:find("，", 1, true)
            -- keep a clause "没有…复议和行政诉讼的情况", stopping at the next comma
            local clause = stop and rest:sub(1, stop - 1) or rest
            -- “未发生复议后被提起行政诉讼的情况”: 复议后 names a kind of suit
            -- (表四 复议后起诉), not the reviews
            local after_review = clause:find("复议后", 1, true)
            local rev = (clause:gsub("复议后", "")):find("复议", 1, true)
            local suit = clause:find("诉讼", 1, true)
            local hints = clause
            for _, p in ipairs(CASE_PASSIVE) do hints = hints:gsub(p, "") end
            if (rev or suit) and not U.has(hints, NOT_ZERO_HINT) then
              local rows = {}
              if rev then rows[#rows + 1] = "review" end
              if suit and not after_review then rows[#rows + 1] = "suit_direct" end
              if suit then rows[#rows + 1] = "suit_after_review" end
              local bad, ev, unknown = {}, {}, false
              for _, id in ipairs(rows) do
                local v, c = U.get(t4, id, "total")
                if v == nil then unknown = true
                elseif v ~= 0 then
                  bad[#bad + 1] = U.row_cn(id) .. "总计" .. fmt(v) .. "件"
                  ev[#ev + 1] = c
                end
              end
              if #bad > 0 then
                f:fail(string.format("正文称“%s%s”，但表四%s", w, clause, table.concat(bad, "、")),
                  U.evidence_at(s, se.start, se.stop), table.unpack(ev))
              elseif unknown then
                f:na("表四总计空白或无法读取，无法核对“" .. w .. clause .. "”")
              else
                f:pass(string.format("正文称“%s%s”，表四相应总计为0", w, clause))
              end
              return
            end
          end
        end
      end
    end
    f:na("正文未称未发生行政复议、行政诉讼")
  end,
}

-- "All requests are concluded", as reports write it: a quantifier (全部, 均,
-- 都, 悉数), then within the clause a verb that means concluded (办结, 办理
-- 完毕/完成, 处理完毕, 答复完毕, 结案) or answered (答复) — "均在法定期限内
-- 答复" says when the answered ones were answered, not that none is left, so
-- an answer with a time limit is not such a statement; "无结转…" says so
-- directly.
local ALL_Q = { "全部", "均", "都", "悉数" }
local DONE_V = { "办结", "办理完毕", "办理完成", "办理完结", "处理完毕", "处理完成", "答复完毕", "结案" }
local ANSWER_V = { "答复" }
local TIME_Q = { "期限", "时限", "按时", "按期", "及时", "规定时间", "工作日", "日内" }
local NO_FORWARD = { "无结转", "没有结转", "未有结转", "不存在结转", "无顺延", "未结转", "无需结转",
                     "没有需要结转", "无跨年度", "无转入下一年", "未有转入下一年" }
-- the clause's subject is something else, or last year's requests
local NOT_THIS = { "结转", "上年", "去年", "顺延", "复议", "诉讼", "建议", "提案", "留言", "信访", "投诉",
                   "热线", "来信", "来电", "咨询", "诉求", "许可", "审批", "事项", "办件", "审结",
                   -- “除1件…外，其余均已办结”: the rest, not all
                   "其余", "其他", "余下", "剩余", "除" }
local NEGATED = { "未", "不", "没", "尚", "非" }

-- The start of s up to its first clause delimiter.
local CLAUSE_STOPS = { "，", "。", "；", "：", "、", "（", "）", ",", ";", "(", ")" }
local function clause_head(s)
  local cut = #s + 1
  for _, d in ipairs(CLAUSE_STOPS) do
    local p = s:find(d, 1, true)
    if p and p < cut then cut = p end
  end
  return s:sub(1, cut - 1)
end

-- The first "all concluded" statement of a compact sentence: the words, or nil.
local function all_done_in(t)
  -- "无结转下年度…": nothing carried forward, said directly
  for _, w in ipairs(NO_FORWARD) do
    local a, b = t:find(w, 1, true)
    if a and not t:sub(math.max(1, a - 6), a - 1):find("上年", 1, true)
       and not t:sub(b + 1, b + 18):find("上年", 1, true) then
      return t:sub(a, math.min(#t, b + 12))
    end
  end
  for _, q in ipairs(ALL_Q) do
    for a, b in U.finds(t, q) do
      -- the rest of the clause, at most 14 characters
      local seg = clause_head(t:sub(b + 1, b + 42))
      local clause_from = 1
      for _, d in ipairs({ "；", "。" }) do
        for x, y in U.finds(t, d) do
          if x > a then break end
          clause_from = y + 1
        end
      end
      local subject = t:sub(clause_from, a - 1)
      local before = U.last(subject, 1)
      local verb = U.has(seg, DONE_V)
      if not verb and U.has(seg, ANSWER_V) and not U.has(seg, TIME_Q) then verb = U.has(seg, ANSWER_V) end
      if verb and not U.has(before, NEGATED) and not U.has(seg, NEGATED)
         and U.has(subject, "申请") and not U.has(subject .. seg, NOT_THIS) then
        return q .. seg
      end
    end
  end
end

indicator {
  id       = "text.all_concluded",
  title    = "称申请“全部办结”的，表三结转下年度为零",
  category = "consistency",
  severity = "warning",
  basis    = "国办公开办函〔2021〕30号 表三 第四项",
  version  = "3",
  check = function(r, f)
    local t3 = r.t3
    if not t3.found then return f:missing("未找到表三，正文与表格无从比对") end
    for _, s in ipairs({ r.s1, r.s3 }) do
      for _, se in ipairs(U.sentences(s)) do
        local w = U.has(se.text, "申请") and all_done_in(se.text)
        if w then
          local v, cells, how = U.t3_sum(t3, { "carried_forward" })
          if v == nil then return f:na("正文称申请“" .. w .. "”，但表三结转下年度总计空白或无法读取") end
          if v ~= 0 then
            f:fail(string.format("正文称申请“%s”（%s），但表三“四、结转下年度继续办理”%s为%s件",
              w, U.at(r, U.evidence_at(s, se.start, se.stop)),
              how == "applicants" and "各类申请人之和" or "总计", fmt(v)),
              U.evidence_at(s, se.start, se.stop), table.unpack(cells))
          else
            f:pass(string.format("正文称申请“%s”，表三结转下年度为0", w))
          end
          return
        end
      end
    end
    f:na("正文未称申请全部办结")
  end,
}

------------------------------------------------------------------------------
-- Years
------------------------------------------------------------------------------

indicator {
  id       = "text.period_year",
  title    = "标题、统计期限的年度与报告年度一致",
  category = "consistency",
  severity = "error",
  basis    = "《政府信息公开条例》第四十九条；国办公开办函〔2021〕30号 开篇说明",
  version  = "1",
  check = function(r, f)
    if not r.year then return f:na("报告年度不明") end
    for _, y in ipairs(U.years(r.title)) do
      if y ~= r.year then
        f:fail(string.format("标题中的年度%d与报告年度%d不一致（标题：“%s”）", y, r.year, U.clip(r.title, 100)))
        break
      end
    end
    local ys = U.years(r.period)
    if #ys == 0 and r.period then -- a period in figures: "2023.1.1-2023.12.31"
      ys = {}
      for y in r.period:gmatch("(%d%d%d%d)%s*[%./%-]") do ys[#ys + 1] = tonumber(y) end
    end
    if #ys == 0 then
      if #U.years(r.title) == 0 then return f:na("标题和统计期限均未写明年度") end
      return
    end
    for _, y in ipairs(ys) do
      if y ~= r.year then
        f:fail(string.format("统计期限“%s”写的是%d年，与%d年度报告不符（应为%d年1月1日至%d年12月31日）",
          U.clip(r.period, 100), y, r.year, r.year, r.year), table.unpack({ r.period_at }))
        return
      end
    end
  end,
}

-- "2022年，我局……" at the head of a sentence in 一 or 六 of a 2023 report.
local STALE_NEXT = { "，", ",", "我", "全年", "本", "共", "累计", "全" }

indicator {
  id       = "text.stale_year",
  title    = "正文叙述的年度与报告年度一致",
  category = "consistency",
  severity = "warning",
  basis    = "《政府信息公开条例》第五十条",
  version  = "1",
  check = function(r, f)
    if not r.year then return f:na("报告年度不明") end
    for _, s in ipairs({ r.s1, r.s6 }) do
      for _, se in ipairs(U.sentences(s)) do
        local t = U.strip_marker(se.text)
        local y, rest = t:match("^(%d%d%d%d)年(.*)$")
        if rest and rest:sub(1, 3) == "度" then rest = rest:sub(4) end
        y = tonumber(y)
        if y and y < r.year and y > 1990 then
          local stated = false
          for _, w in ipairs(STALE_NEXT) do
            if rest:sub(1, #w) == w then stated = true end
          end
          if rest:find("^以来") or rest:find("^底") then stated = false end
          if stated then
            f:fail(string.format("%d年度报告第%s部分以“%d年”叙述本年度工作：“%s”",
              r.year, ({ s1 = "一", s6 = "六" })[s.id], y, U.clip(t, 40)),
              U.evidence_at(s, se.start, se.stop))
          end
        end
      end
    end
  end,
}

local PLAN = { "将", "计划", "拟", "准备", "力争" }

-- The year a sentence plans for: "2024年，我局将…", "2024年将…", "2024年计划…".
local function plan_years(t)
  local out = {}
  local init = 1
  while true do
    local a, b, y = t:find("(%d%d%d%d)年", init)
    if not a then break end
    local after = t:sub(b + 1, b + 45)
    if after:sub(1, 3) == "度" then after = after:sub(4) end
    -- the plan verb within the same short clause
    local clause = after
    local c = clause:find("，", 1, true)
    local c2 = clause:find("，", (c or 0) + 1, true)
    if c2 then clause = clause:sub(1, c2 - 1) end
    for _, w in ipairs(PLAN) do
      local p = clause:find(w, 1, true)
      if p and p <= 30 and not clause:sub(1, p - 1):find("；", 1, true) then
        out[#out + 1] = { year = tonumber(y), a = a, b = b }
        break
      end
    end
    init = b + 1
  end
  return out
end

indicator {
  id       = "text.plan_year",
  title    = "改进计划指向下一年度",
  category = "consistency",
  severity = "warning",
  basis    = "国办公开办函〔2021〕30号 五、存在的主要问题及改进情况",
  version  = "2",
  check = function(r, f)
    if not r.year then return f:na("报告年度不明") end
    local s = r.s5
    if not s.found then return f:missing("未找到第五部分，本项无从评判") end
    local next_seen, failed = false, false
    for _, se in ipairs(U.sentences(s)) do
      local t = se.text
      for _, p in ipairs(plan_years(t)) do
        if p.year == r.year + 1 then
          next_seen = true
        elseif p.year <= r.year and p.year > 1990
               and not t:find(tostring(r.year + 1) .. "年", 1, true) then
          failed = true
          f:fail(string.format("%d年度报告第五部分的改进计划写为%d年（“%s”），应为%d年",
            r.year, p.year, U.clip(t:sub(p.a), 30), r.year + 1), U.evidence_at(s, se.start, se.stop))
        end
      end
    end
    if next_seen then
      f:pass(string.format("改进计划指向%d年", r.year + 1))
    elseif not failed then
      f:na("第五部分的改进计划未写明年度")
    end
  end,
}
