-- std/quality.lua — the quality of the writing: words and phrases written
-- twice, numbering that skips or repeats, figures missing before their
-- units, placeholders left from a template.  Each is `info`: worth showing
-- the agency, deducted only by schemes that count info (strict).
--
-- Only the prose is read: 一、总体情况, 五 and 六 (the table sections hold the
-- template's labels and figures).  Each check walks a section's compact
-- text once; the cases come from real reports (tests/corpus, noted at each).
local U = require "std.util"

local BASIS = "《政府信息公开条例》第五十条；国办公开办函〔2021〕30号（年报文字应准确规范）"
local PROSE = { "s1", "s5", "s6" }

-- The prose sections the report has, each with its part's numeral (一, 五, 六);
-- nil when it has none (the check's na).
local function prose(r)
  local out = {}
  for _, id in ipairs(PROSE) do
    if r[id].found then out[#out + 1] = { s = r[id], no = U.SECTIONS[tonumber(id:sub(2))].no } end
  end
  if #out > 0 then return out end
end
local NO_PROSE = "未找到总体情况、第五、六部分"

-- Single characters doubled only by a slip (“的的”, “和和”); a doubled
-- character is otherwise often a word of its own (常常, 层层, 人人, 一一).
local SLIP1 = { ["的"] = true, ["和"] = true, ["在"] = true, ["与"] = true, ["及"] = true,
                ["对"] = true, ["将"] = true, ["了"] = true, ["并"] = true, ["为"] = true,
                ["是"] = false, ["于"] = true, ["把"] = true, ["被"] = true }

-- Two-character reduplications that are words (研究研究 is not used in
-- reports; these are): 事事, 时时… are single-character doublings above.
local WORDS2 = { ["一个一个"] = true, ["一件一件"] = true, ["一项一项"] = true }

-- A unit text.doubled found written twice in a row: a slip, or a word of
-- its own (常常, 一个一个)?
local function slip_unit(unit, len)
  return (len == 1 and SLIP1[unit]) or (len >= 2 and not WORDS2[unit .. unit])
end

-- A slip character written twice where each of the two belongs to
-- something is two words meeting, no slip: the first ends a word with the
-- character before it or stands alone (a preposition, a conjunction), and
-- the second begins a word with the character after it or stands alone:
-- “以及及时回应”, “为了了解群众需求”, “公众参与与监督”, “加强对对外宣传的
-- 管理”, “作为为民服务”.  “要及及时”, “我局的的工作” stay slips.
local function word_set(list)
  local set = {}
  for _, w in ipairs(list) do set[w] = true end
  return set
end
local WORD_ENDS = word_set({
  "以及", "涉及", "普及", "危及", "惠及", "波及", "提及", "顾及", "触及", "遍及", "论及",
  "为了", "除了", "不了", "参与", "给与", "针对", "面对", "核对", "比对", "应对", "相对", "反对",
  "绝对", "校对", "作为", "行为", "认为", "成为", "因为", "称为", "视为", "更为", "较为", "尤为",
  "最为", "极为", "分为", "列为", "定为", "评为", "改为", "存在", "正在", "所在", "现在", "实在",
  "旨在", "重在", "内在", "关于", "对于", "由于", "处于", "属于", "位于", "基于", "鉴于", "便于",
  "用于", "等于", "至于", "终于", "善于", "敢于", "勇于", "乐于", "易于", "限于", "过于", "归于",
  "即将", "必将", "合并", "目的", "有的", "总和", "缓和", "平和", "温和", "调和" })
-- Words the second may begin: what a preposition or conjunction standing
-- alone can take (“对对外发布”, “为为期三天”).  Not the function words
-- themselves (对于, 对此, 为主, 为准, 为此, 为了, 在于, 在内, 于是, 并且,
-- 并非, 的确, 与其): “对对于群众关切”, “以网站公开为为主”, “关键在在于落实”
-- are the slip.
local WORD_STARTS = word_set({
  "及时", "及早", "了解", "了之", "与会", "对象", "对外", "对接", "对照", "对标", "对比",
  "对应", "对待", "对口", "为民", "为期", "在线", "在职", "在岗", "在编", "在建", "将来", "将近",
  "并行", "并列", "并网", "并入", "和谐", "和解", "被告", "被动", "把关", "把握" })
-- function words that stand alone (not 及, 了: “要及及时”, “深入了了解” are slips)
local STANDALONE = word_set({ "的", "和", "与", "对", "在", "为", "将", "把", "被", "于", "并" })

-- Words after which their last character does not stand alone again: the
-- adverbs (“形式较为为单一”), the prepositions and the verbs whose object
-- follows (“针对对群众反映的问题”, “关于于进一步加强”, “由于于人员变动”), 有的
-- (“有的的栏目”); 终于 may (“终于于年底上线”).  After them the second must
-- begin a word (“被评为为民服务示范专栏”).
local CLOSED = word_set({
  "更为", "较为", "尤为", "最为", "极为", "针对", "有的", "关于", "对于", "由于", "处于", "属于",
  "位于", "基于", "鉴于", "便于", "用于", "等于", "至于", "善于", "敢于", "勇于", "乐于", "易于",
  "限于", "过于", "归于" })

-- Is the character `unit` doubled at byte `from` of t (its copy at `to`)
-- two words meeting?  (Han characters are 3 bytes.)
local function words_meet(t, unit, from, to)
  local before = from > 3 and t:sub(from - 3, from - 1) or ""
  local after = t:sub(to + 3, to + 5)
  local ends, starts = WORD_ENDS[before .. unit], WORD_STARTS[unit .. after]
  local first = ends or STANDALONE[unit]
  local second = starts or (STANDALONE[unit] and not CLOSED[before .. unit])
  -- both standalone (“的的”, “和和”) is the slip itself
  return (ends or starts) and first and second or false
end

local DOUBLED_SHOWN = 50

-- The headings of the tables, which the template itself repeats: t4's five
-- results stand over 行政复议 and over each of the two suits
-- (“结果维持结果纠正其他结果尚未审结总计” three times in a row).  A report that
-- puts its tables after 六 (附表一…三, tables/appendix.txt) has them in 六's
-- text, where a unit made of nothing but these words is the table's
-- heading, no slip: a run of two or more of them, or one where the loader
-- read a table (past U.prose_text).  One word doubled in the prose
-- (“被申请行政复议行政复议2件”, “其他其他”) is still a slip.  Longest first,
-- so that 其他结果 goes before 其他.
local TABLE_WORDS = {
  "未经复议直接起诉", "复议后起诉", "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结",
  "法人或其他组织", "社会公益组织", "法律服务机构", "申请人情况", "商业企业", "科研机构", "自然人",
  "本年处理决定数量", "本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "信息内容",
  "总计", "其他",
}

-- How many of the tables' heading words unit is made of (0: it has others).
local function table_words(unit)
  local rest, n = unit, 0
  for _, w in ipairs(TABLE_WORDS) do
    local k
    rest, k = rest:gsub(w, "")
    n = n + k
  end
  return rest:find("[\228-\233]") and 0 or n
end

indicator {
  id       = "quality.doubled",
  title    = "正文无重复的字词和句子",
  category = "quality",
  severity = "info",
  basis    = BASIS,
  version  = "5",
  check = function(r, f)
    local secs = prose(r)
    if not secs then return f:missing(NO_PROSE) end
    -- a report pasted together from copies repeats itself hundreds of
    -- times: the first DOUBLED_SHOWN slips are findings, the rest counted
    -- (a slip past them is counted, and what it would show is never made:
    -- a large report's thousands of them ran out of the budget)
    local seen, shown, more = {}, 0, 0
    local function room()
      if shown < DOUBLED_SHOWN then
        shown = shown + 1
        return true
      end
      more = more + 1
      return false
    end
    for _, p in ipairs(secs) do
      local s = p.s
      local raw = s.text
      local t = U.compact(raw)
      local place -- (U.raw_mapper, made for the section's first slip)
      local function heading(u)
        local n = table_words(u.unit)
        if n == 1 then place = place or U.raw_mapper(raw) end
        return n >= 2 or (n == 1 and place(u.from) > #U.prose_text(r, s))
      end
      for _, u in ipairs(text.doubled(t, 24, slip_unit)) do
        if not (#u.unit == 3 and words_meet(t, u.unit, u.from, u.to)) and not heading(u)
           and room() then
          -- where the two stand in the document (u.from and u.to are places
          -- of the compact text), not the section's heading: in a PDF or a
          -- long page the heading is pages away
          place = place or U.raw_mapper(raw)
          local ev = U.evidence_at(s, place(u.from), place(u.to + #u.unit - 1))
          f:fail(string.format("第%s部分“%s”连写两遍（“%s”，%s）", p.no,
            U.clip(u.unit, 20), U.clip(u.unit .. u.unit, 30), U.at(r, ev)), ev)
        end
      end
      -- a sentence written twice (15 or more characters), anywhere in the prose
      for _, se in ipairs(U.sentences(s)) do
        local t = U.strip_marker(se.text)
        local _, nhan = t:gsub("[\228-\233][\128-\191][\128-\191]", "")
        if nhan >= 15 then
          if seen[t] then
            if room() then
              local ev = U.evidence_at(s, se.start, se.stop)
              f:fail(string.format("同一句话重复出现（“%s”，%s）", U.clip(t, 30), U.at(r, ev)), ev)
            end
          else
            seen[t] = true
          end
        end
      end
    end
    if more > 0 then
      f:fail(string.format("另有%d处字词或句子重复（前%d处已分别列出）", more, DOUBLED_SHOWN))
    end
  end,
}

------------------------------------------------------------------------------
-- Numbering: 一是…二是…, （一）（二）…, 1. 2. …, (1)(2) …
------------------------------------------------------------------------------

local CN = { ["一"] = 1, ["二"] = 2, ["三"] = 3, ["四"] = 4, ["五"] = 5, ["六"] = 6, ["七"] = 7,
             ["八"] = 8, ["九"] = 9, ["十"] = 10 }
local CN_OF = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" }

-- What may stand right before a marker: the start of the text, a line
-- break (raw text), or punctuation that ends a clause.  “统一是”, “第（一）项”,
-- “2.5万” are no markers.
local BEFORE = { ["。"] = true, ["；"] = true, ["："] = true, ["，"] = true, [";"] = true, [":"] = true,
                 ["\n"] = true, ["！"] = true, ["？"] = true, ["）"] = false }

-- The opening brackets of （一） and (1), each with the patterns of a
-- marker that starts there, one per closing bracket (multi-byte brackets:
-- one pattern per pair, never a byte set).
local OPENERS = {}
for _, o in ipairs({ { "（", "（" }, { "(", "%(" } }) do
  local patterns = {}
  for _, c in ipairs({ "）", "%)" }) do
    patterns[#patterns + 1] = { cn = "^" .. o[2] .. "%s*([\228-\233][\128-\191][\128-\191])%s*" .. c,
                                digits = "^" .. o[2] .. "%s*(%d%d?)%s*" .. c }
  end
  OPENERS[#OPENERS + 1] = { text = o[1], patterns = patterns }
end

-- Markers of the four families in the raw text of a section, in order:
-- { family, n, at (byte offset), text }.
local function markers(raw)
  local out = {}
  local function prev_ok(p)
    if p <= 1 then return true end
    -- the character before p, skipping spaces
    local q = p - 1
    while q >= 1 and (raw:sub(q, q) == " " or raw:sub(q, q) == "\t" or raw:sub(q, q) == "\r") do q = q - 1 end
    if q < 1 then return true end
    if raw:sub(q, q) == "\n" then return true end
    local b = q
    while b > 1 and raw:byte(b) >= 128 and raw:byte(b) < 192 do b = b - 1 end
    return BEFORE[raw:sub(b, q)] == true
  end
  -- Each family is looked for where it can start (a 是, an opening
  -- bracket, a digit), found with plain searches: a pattern tried at every
  -- byte of the prose, eleven times over, was most of this check's time.
  -- 一是 … 十是: the character before each 是
  local q = raw:find("是", 1, true)
  while q do
    local p = q - 3
    local num = p >= 1 and raw:sub(p, q - 1)
    if num and CN[num] and prev_ok(p) then
      out[#out + 1] = { family = "是", n = CN[num], at = p, text = num .. "是" }
    end
    q = raw:find("是", q + 3, true)
  end
  -- （一） (一), and (1) （1）, at each opening bracket
  for _, o in ipairs(OPENERS) do
    local p = raw:find(o.text, 1, true)
    while p do
      for _, pat in ipairs(o.patterns) do
        local num = raw:match(pat.cn, p)
        if num and CN[num] and prev_ok(p) then
          out[#out + 1] = { family = "（一）", n = CN[num], at = p, text = "（" .. num .. "）" }
        end
        local d = raw:match(pat.digits, p)
        if d and prev_ok(p) then out[#out + 1] = { family = "(1)", n = tonumber(d), at = p, text = "（" .. d .. "）" } end
      end
      p = raw:find(o.text, p + #o.text, true)
    end
  end
  -- 1. 1、 1． at a line start or after a clause (not 2.5): one pass of
  -- gmatch each (an anchored match tried at every digit read the rest of
  -- the text each time, as the instruction budget counts it)
  for _, sep in ipairs({ "%.", "、", "．" }) do
    for p, d, q in raw:gmatch("()(%d%d?)%s*" .. sep .. "()") do
      local nxt = raw:sub(q, q + 2)
      local b = nxt:byte(1)
      if prev_ok(p) and #nxt == 3 and b >= 0xE4 and b <= 0xE9 then -- a Han character follows
        out[#out + 1] = { family = "1.", n = tonumber(d), at = p, text = d .. (sep == "%." and "." or sep) }
      end
    end
  end
  table.sort(out, function(x, y) return x.at < y.at end)
  return out
end

-- A list is a run of markers of one family: it starts at 1 (or at the
-- first marker seen), goes on while the numbers do not fall back, and ends
-- at a higher level's marker (（一） ends the runs of 一是, 1. and (1); 1.
-- ends those of 一是 and (1)).  A number falling back is a new list (its
-- 一是 may be glued to a heading: “方面一是”, 平潭 2023); a list with a number
-- skipped or repeated is one finding (“一是…三是…三是”, 平潭 2023 五).
local LOWER = { ["（一）"] = { "是", "1.", "(1)" }, ["1."] = { "是", "(1)" } }

local function broken(run)
  for i = 2, #run do
    if run[i].n ~= run[i - 1].n + 1 then return true end
  end
  return false
end

indicator {
  id       = "quality.numbering",
  title    = "条目序号连续",
  category = "quality",
  severity = "info",
  basis    = BASIS,
  version  = "2",
  check = function(r, f)
    local secs = prose(r)
    if not secs then return f:missing(NO_PROSE) end
    for _, p in ipairs(secs) do
      local s = p.s
      local runs = {}
      local function close(fam)
        local run = runs[fam]
        runs[fam] = nil
        if run and broken(run) then
          local list = {}
          for i, m in ipairs(run) do list[i] = m.text end
          local ev = U.evidence_at(s, run[1].at, run[#run].at + #run[#run].text - 1)
          f:fail(string.format("第%s部分序号不连续：“%s”（%s）", p.no,
            U.join(list, "…", 30), U.at(r, ev)), ev)
        end
      end
      for _, m in ipairs(markers(s.text)) do
        for _, low in ipairs(LOWER[m.family] or {}) do close(low) end
        local run = runs[m.family]
        if run and (m.n == 1 or m.n < run[#run].n) then
          close(m.family)
          run = nil
        end
        if not run then
          runs[m.family] = { m }
        else
          run[#run + 1] = m
        end
      end
      for _, fam in ipairs({ "（一）", "1.", "(1)", "是" }) do close(fam) end
    end
  end,
}

------------------------------------------------------------------------------
-- A unit without its figure: “共收到件”, “主动公开政府信息条，”
------------------------------------------------------------------------------

-- The words a count follows in the reports (收到 8 件, 主动公开政府信息 120 条,
-- 累计 …, 共 …) directly before a unit, and the unit followed by punctuation
-- or 其中: the figure between them is missing.
local COUNT_WORDS = { "共", "计", "累计", "合计", "收到", "受理", "办结", "答复", "公开", "发布", "结转",
                      "新收", "信息", "申请", "办理", "制发", "废止", "开展", "举办", "召开", "组织", "培训" }
local UNITS = { "件", "条", "篇", "期", "场", "次", "万元", "人次" }
local AFTER = { "，", "。", "；", "、", "）", "(", "（", "其中", "," }
-- each count word's place in COUNT_WORDS, and the lengths (bytes) they have
local WORD_NO, WORD_LENS = {}, {}
for i, w in ipairs(COUNT_WORDS) do
  if not WORD_NO[w] then WORD_NO[w] = i end
  local known = false
  for _, n in ipairs(WORD_LENS) do known = known or n == #w end
  if not known then WORD_LENS[#WORD_LENS + 1] = #w end
end

indicator {
  id       = "quality.missing_figures",
  title    = "数字齐全（无缺失数字的计数）",
  category = "quality",
  severity = "info",
  basis    = BASIS,
  version  = "2",
  check = function(r, f)
    local secs = prose(r)
    if not secs then return f:missing(NO_PROSE) end
    for _, p in ipairs(secs) do
      local s = p.s
      local raw = s.text
      -- each place of a unit, and the count word that ends right before
      -- it (looked up by length, not compared with every word); found in
      -- the order the findings are given: by word, unit, then place
      local hits = {}
      for ui, u in ipairs(UNITS) do
        for ua, ub in U.finds(raw, u) do
          for _, len in ipairs(WORD_LENS) do
            local a = ua - len
            local wi = a >= 1 and WORD_NO[raw:sub(a, ua - 1)]
            if wi then hits[#hits + 1] = { wi = wi, ui = ui, a = a, b = ub } end
          end
        end
      end
      table.sort(hits, function(x, y)
        if x.wi ~= y.wi then return x.wi < y.wi end
        if x.ui ~= y.ui then return x.ui < y.ui end
        return x.a < y.a
      end)
      for _, h in ipairs(hits) do
        local a, b = h.a, h.b
        local pat = COUNT_WORDS[h.wi] .. UNITS[h.ui]
        local after = raw:sub(b + 1, b + 6)
        local starts = false
        for _, x in ipairs(AFTER) do
          if after:sub(1, #x) == x then starts = true; break end
        end
        if starts then
          local ev = U.evidence_at(s, a, b)
          local ctx_from = math.max(1, a - 24)
          while ctx_from > 1 and raw:byte(ctx_from) >= 128 and raw:byte(ctx_from) < 192 do
            ctx_from = ctx_from - 1
          end
          f:fail(string.format("第%s部分“%s”缺少数字（“…%s”，%s）", p.no,
            pat, U.compact(raw:sub(ctx_from, b + 3)), U.at(r, ev)), ev)
        end
      end
    end
  end,
}

------------------------------------------------------------------------------
-- Placeholders left from a template
------------------------------------------------------------------------------

-- Seen in templates handed round by 政务公开办 (“XX县XX局2023年政府信息公开
-- 工作年度报告”, “全年共收到申请××件”, “【此处填写】”); matched in the title
-- and every section.
local PLACEHOLDERS = { "××", "ＸＸ", "某某", "【】", "【 】", "此处填写", "请填写", "（填写",
                       "XXX", "ｘｘ", "○○" }

local ASCII_XX = { "XX", "Xx", "xX", "xx" }

local function ascii_xx(t)
  -- most texts have no two x at all: one search for the four says so
  -- before a pattern is tried at every byte
  if not U.has(t, ASCII_XX) then return nil end
  -- XX not part of a longer Latin word (XXI, XXL)
  for a, b in t:gmatch("()[Xx][Xx]+()") do
    local before = a > 1 and t:sub(a - 1, a - 1) or ""
    local after = t:sub(b, b)
    if not before:match("%a") and not after:match("%a") then return t:sub(a, b - 1), a, b - 1 end
  end
end

-- “待补充”, “待填写” are a placeholder standing alone: in brackets
-- (“（待补充）”, “【待填写】”), after a colon with nothing after it in its
-- sentence (“信息处理费：待补充。”) or alone on its line.  In prose they are
-- words: “个别栏目内容待补充、更新不及时”, a problem 五 names, also where a
-- PDF's line breaks next to it (“…栏目内容待补充\n、更新不及时”, “…内容\n待补充、
-- 更新不及时”), “存在问题：待补充的栏目较多”, “清理“待补充”空白栏目”.
local FILL_WORDS = { "待补充", "待填写" }
local FILL_OPEN = { "（", "(", "【", "[", "〔" }
local FILL_CLOSE = { "）", ")", "】", "]", "〕" }
local FILL_COLON = { "：", ":" }
local FILL_END = { "。", "；", ";" }

local function fill_word(t)
  if not U.has(t, FILL_WORDS) then return nil end -- most texts: one search
  local function ends_with(s, set)
    for _, x in ipairs(set) do if s:sub(-#x) == x then return true end end
    return false
  end
  local function starts_with(s, set)
    for _, x in ipairs(set) do if s:sub(1, #x) == x then return true end end
    return false
  end
  for _, w in ipairs(FILL_WORDS) do
    for a, b in U.finds(t, w) do
      local before, after = t:sub(math.max(1, a - 3), a - 1), t:sub(b + 1, b + 3)
      local line_start = a == 1 or before:sub(-1) == "\n"
      local line_end = b == #t or after:sub(1, 1) == "\n"
      if (ends_with(before, FILL_OPEN) and starts_with(after, FILL_CLOSE))
          or (ends_with(before, FILL_COLON) and (line_end or starts_with(after, FILL_END)))
          or (line_start and line_end) then
        return w, a, b
      end
    end
  end
end

-- Marks standing where a figure belongs, right before its unit: “全年发布
-- **条”, “****年度新收依申请公开申请数*件” (a township's template, 浙江
-- 2026), “承办人大代表建议X件”; not after a digit or a Latin letter (“3×5件”,
-- “Taxi”).  Runs of two X are ascii_xx's.
local FIGURE_UNITS = { "件", "条", "个", "次", "篇", "期", "场", "人", "名", "家", "项", "份", "万元", "元",
                       "%", "％", "年", "月", "日" }

local MARKS = { "*", "＊", "X", "×", "Ｘ" }

-- The mark that stands at byte i of t (or ends there, when ending), or nil.
local function mark_at(t, i, ending)
  for _, m in ipairs(MARKS) do
    local a = ending and i - #m + 1 or i
    if a >= 1 and t:sub(a, a + #m - 1) == m then return m end
  end
end

-- A note's mark at a line's start (“＊条目数含转载信息”, “* 人数按…”) and a
-- Markdown emphasis closed on its line (“学习*条例*”; the loader drops
-- **bold** only) are no placeholders; “全年发布**条，退回**条” is two.
local function note_or_emphasis(t, run, a, b)
  if (run == "*" or run == "＊") and (a == 1 or t:sub(a - 1, a - 1) == "\n") then return true end
  if not run:find("^%*+$") then return false end
  local close = t:find(run, b + 1, true)
  local eol = t:find("\n", b + 1, true)
  if not close or (eol and eol < close) or t:sub(close + #run, close + #run) == "*" then return false end
  local inner = t:sub(b + 1, close - 1)
  return not inner:find("[%s,.;:]") and not U.has(inner, { "，", "。", "；", "：", "、" })
end

local function figure_marks(t)
  if not U.has(t, MARKS) then return nil end -- most texts: one search
  for _, m in ipairs(MARKS) do
    for a in U.finds(t, m) do
      -- a run of marks, read from its first (not from one inside it)
      if not mark_at(t, a - 1, true) then
        local b, nxt = a - 1, m
        while nxt do
          b = b + #nxt
          nxt = mark_at(t, b + 1)
        end
        local run, before = t:sub(a, b), a > 1 and t:sub(a - 1, a - 1) or ""
        local unit = false
        for _, u in ipairs(FIGURE_UNITS) do unit = unit or t:sub(b + 1, b + #u) == u end
        -- two X or × in a row are PLACEHOLDERS' and ascii_xx's finding
        local named = run:find("XX", 1, true) or run:find("××", 1, true) or run:find("ＸＸ", 1, true)
        if unit and not named and not before:match("[%w*]") and not note_or_emphasis(t, run, a, b) then
          return run, a, b
        end
      end
    end
  end
end

indicator {
  id       = "quality.placeholders",
  title    = "无模板占位符",
  category = "quality",
  severity = "info",
  basis    = BASIS,
  version  = "1",
  check = function(r, f)
    local title = r.title or ""
    for _, w in ipairs(PLACEHOLDERS) do
      if title:find(w, 1, true) then
        f:fail(string.format("标题含占位符“%s”：“%s”", w, title))
      end
    end
    if ascii_xx(title) then f:fail(string.format("标题含占位符“%s”：“%s”", ascii_xx(title), title)) end
    for _, s in r:sections() do
      if s and s.found then
        local raw = s.text
        -- each placeholder is said where it stands; most sections have
        -- none, which one search over the list tells
        if U.has(raw, PLACEHOLDERS) then
          for _, w in ipairs(PLACEHOLDERS) do
            local a, b = raw:find(w, 1, true)
            if a then
              local ev = U.evidence_at(s, a, b)
              f:fail(string.format("第%s部分含占位符“%s”（%s）", U.SECTIONS[tonumber(s.id:sub(2))].no, w,
                U.at(r, ev)), ev)
            end
          end
        end
        for _, find in ipairs({ ascii_xx, fill_word, figure_marks }) do
          local x, a, b = find(raw)
          if x then
            local ev = U.evidence_at(s, a, b)
            f:fail(string.format("第%s部分含占位符“%s”（%s）", U.SECTIONS[tonumber(s.id:sub(2))].no, x,
              U.at(r, ev)), ev)
          end
        end
      end
    end
  end,
}
