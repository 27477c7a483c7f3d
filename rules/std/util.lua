-- std/util.lua — shared helpers of the standard rule library.
--
-- Used by the rule files as `local U = require "std.util"`.  Everything here
-- is pure (no per-report state): the engine shares one copy of the module
-- between all reports of a run.

local U = {}

------------------------------------------------------------------------------
-- Template vocabulary (docs/report-model.md §3–§4)
------------------------------------------------------------------------------

U.SECTIONS = {
  { id = "s1", no = "一", title = "一、总体情况" },
  { id = "s2", no = "二", title = "二、主动公开政府信息情况" },
  { id = "s3", no = "三", title = "三、收到和处理政府信息公开申请情况" },
  { id = "s4", no = "四", title = "四、政府信息公开行政复议、行政诉讼情况" },
  { id = "s5", no = "五", title = "五、存在的主要问题及改进情况" },
  { id = "s6", no = "六", title = "六、其他需要报告的事项" },
}

-- Words a section's heading carries (as the loader matches them).
U.SEC_KEYS = {
  s1 = { "总体情况", "概述", "总体" },
  s2 = { "主动公开" },
  s3 = { "收到和处理", "申请情况", "依申请公开情况" },
  s4 = { "行政复议", "行政诉讼" },
  s5 = { "问题" },
  s6 = { "其他需要报告", "其他事项", "需要报告的事项" },
}

U.TABLE_CN = { t2 = "表二（主动公开政府信息情况）", t3 = "表三（收到和处理政府信息公开申请情况）",
               t4 = "表四（政府信息公开行政复议、行政诉讼情况）" }

U.T3_COLS = { "natural_person", "business", "research", "social_org",
              "legal_service", "other_org", "total" }
U.T3_APPLICANTS = { "natural_person", "business", "research", "social_org",
                    "legal_service", "other_org" }
U.COL_CN = {
  natural_person = "自然人", business = "商业企业", research = "科研机构",
  social_org = "社会公益组织", legal_service = "法律服务机构", other_org = "其他（法人或其他组织）",
  total = "总计",
  -- t4
  upheld = "结果维持", corrected = "结果纠正", other = "其他结果", pending = "尚未审结",
  -- t2
  issued = "本年制发件数", repealed = "本年废止件数", in_force = "现行有效件数",
  decisions = "本年处理决定数量", amount = "本年收费金额（万元）",
  made = "本年新制作数量", published = "本年新公开数量", public_total = "对外公开总数量",
  prev_items = "上一年项目数量", change = "本年增/减", items = "采购项目数量",
}

U.T3_DETAIL_2021 = {
  "granted", "partially_granted",
  "refused_state_secret", "refused_law_prohibited", "refused_security_stability",
  "refused_third_party", "refused_internal_affairs", "refused_process_info",
  "refused_enforcement_file", "refused_inquiry",
  "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
  "not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
  "not_processed_excessive", "not_processed_confirmation",
  "other_no_correction", "other_unpaid_fee", "other_other",
}
U.T3_DETAIL_2019 = {
  "granted", "partially_granted",
  "refused_state_secret", "refused_law_prohibited", "refused_security_stability",
  "refused_third_party", "refused_internal_affairs", "refused_process_info",
  "refused_enforcement_file", "refused_inquiry",
  "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
  "not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
  "not_processed_excessive", "not_processed_confirmation",
  "other",
}

-- Groups of t3 rows as the narrative names them.
U.T3_GROUPS = {
  granted_both = { "granted", "partially_granted" },
  granted = { "granted" },
  partially_granted = { "partially_granted" },
  refused = { "refused_state_secret", "refused_law_prohibited", "refused_security_stability",
              "refused_third_party", "refused_internal_affairs", "refused_process_info",
              "refused_enforcement_file", "refused_inquiry" },
  unavailable = { "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear" },
  not_processed = { "not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
                    "not_processed_excessive", "not_processed_confirmation" },
  other_processing = { "other_no_correction", "other_unpaid_fee", "other_other" },
  other_processing_2019 = { "other" },
}

U.ROW_CN = {
  received = "一、本年新收政府信息公开申请数量",
  carried_over = "二、上年结转政府信息公开申请数量",
  granted = "（一）予以公开",
  partially_granted = "（二）部分公开",
  refused_state_secret = "（三）1.属于国家秘密",
  refused_law_prohibited = "（三）2.其他法律行政法规禁止公开",
  refused_security_stability = "（三）3.危及“三安全一稳定”",
  refused_third_party = "（三）4.保护第三方合法权益",
  refused_internal_affairs = "（三）5.属于三类内部事务信息",
  refused_process_info = "（三）6.属于四类过程性信息",
  refused_enforcement_file = "（三）7.属于行政执法案卷",
  refused_inquiry = "（三）8.属于行政查询事项",
  unavailable_not_held = "（四）1.本机关不掌握相关政府信息",
  unavailable_needs_creation = "（四）2.没有现成信息需要另行制作",
  unavailable_unclear = "（四）3.补正后申请内容仍不明确",
  not_processed_complaint = "（五）1.信访举报投诉类申请",
  not_processed_duplicate = "（五）2.重复申请",
  not_processed_publication = "（五）3.要求提供公开出版物",
  not_processed_excessive = "（五）4.无正当理由大量反复申请",
  not_processed_confirmation = "（五）5.要求行政机关确认或重新出具已获取信息",
  other_no_correction = "（六）1.申请人无正当理由逾期不补正",
  other_unpaid_fee = "（六）2.申请人逾期未按收费通知要求缴纳费用",
  other_other = "（六）3.其他",
  other = "（六）其他处理",
  total_handled = "（七）总计",
  carried_forward = "四、结转下年度继续办理",
  -- t4
  review = "行政复议",
  suit_direct = "行政诉讼（未经复议直接起诉）",
  suit_after_review = "行政诉讼（复议后起诉）",
  -- t2
  regulations = "规章", normative_documents = "行政规范性文件",
  licensing = "行政许可", other_services = "其他对外管理服务事项",
  penalty = "行政处罚", coercion = "行政强制",
  fees = "行政事业性收费", procurement = "政府集中采购",
}

U.T4_ROWS = { "review", "suit_direct", "suit_after_review" }
U.T4_PARTS = { "upheld", "corrected", "other", "pending" }
U.T4_COLS = { "upheld", "corrected", "other", "pending", "total" }

function U.row_cn(id) return U.ROW_CN[id] or id end
function U.col_cn(id) return U.COL_CN[id] or id end

------------------------------------------------------------------------------
-- Numbers and cells
------------------------------------------------------------------------------

-- Format a number the way a report would print it: 21, 7730.28.
function U.fmt(v)
  if v == nil then return "空" end
  if math.type(v) == "integer" then return string.format("%d", v) end
  if v == math.floor(v) and math.abs(v) < 1e15 then return string.format("%d", math.floor(v)) end
  local s = string.format("%.6f", v):gsub("0+$", ""):gsub("%.$", "")
  return s
end

function U.eq(a, b) return math.abs(a - b) < 1e-6 end

-- The raw texts that mean "left blank" (report-model.md §3).
local BLANK_RAW = {
  [""] = true, ["/"] = true, ["／"] = true, ["—"] = true, ["——"] = true, ["-"] = true,
  ["－"] = true, ["–"] = true, ["无"] = true, ["空"] = true, ["\194\160"] = true,
  ["&nbsp;"] = true, ["　"] = true, ["…"] = true,
}

-- What a cell holds, from its value (false: none) and raw text (false:
-- nothing placed):
--   "value"   a number
--   "blank"   the document left it blank or wrote / — 无
--   "garbled" there is text, but no number can be read from it
--   "unread"  the loader could not place any text in it (glued figures it
--             could not split, a row it did not find): not the document's fault
--   "absent"  the layout has no such cell
local function state_of(v, raw)
  if v == nil then return "absent" end
  if v ~= false then return "value" end
  if raw == false then return "unread" end
  local t = U.compact(raw)
  if BLANK_RAW[t] or t == "" then return "blank" end
  return "garbled"
end

-- A table as plain tables, for checks that read every cell: g.v[row][col]
-- the value (t:values()) and g.raw[row][col] the raw text (t:raws(), made
-- when first read: only cells without a number need it).  Kept per table
-- view, like U.numbers; callers never change them.
local grid_memo = setmetatable({}, { __mode = "k" })

local lazy_raw = { __index = function(g, k)
  if k ~= "raw" then return nil end
  local raw = g.t:raws()
  rawset(g, "raw", raw)
  return raw
end }

function U.grid(t)
  local g = grid_memo[t]
  if not g then
    g = setmetatable({ v = t:values(), t = t }, lazy_raw)
    grid_memo[t] = g
  end
  return g
end

-- What the rows of t hold, made in one pass when first asked for:
-- rows[row_id] = { any = true when a cell holds a number or text, and for
-- each state a cell without a number can be in ("blank", "garbled",
-- "unread") the ids of its cells in that state, in column order }.
local rows_memo = setmetatable({}, { __mode = "k" })

local NONE = {}

local function row_summaries(t)
  local rows = rows_memo[t]
  if rows then return rows end
  rows = {}
  local g, order = U.grid(t), nil
  for rid, vals in pairs(g.v) do
    local sum = nil
    for cid, v in pairs(vals) do
      if v then
        sum = sum or { any = true }
        sum.any = true
      else
        -- a cell without a number: few, so listed (and sorted) one by one
        local st = state_of(false, g.raw[rid][cid])
        sum = sum or { any = false }
        if st ~= "unread" then sum.any = true end
        local list = sum[st]
        if not list then list = {}; sum[st] = list end
        list[#list + 1] = cid
        if #list > 1 then
          if not order then
            order = {}
            for i, c in ipairs(t:columns()) do order[c.id] = i end
          end
          table.sort(list, function(a, b) return order[a] < order[b] end)
        end
      end
    end
    rows[rid] = sum or NONE
  end
  rows_memo[t] = rows
  return rows
end

-- Does any cell of the row hold a number or text?
function U.row_has_any(t, row_id)
  local sum = row_summaries(t)[row_id]
  return sum ~= nil and sum.any == true
end

-- Has the row of t cells in `state` ("blank", "garbled", "unread")?
function U.row_has(t, row_id, state)
  local sum = row_summaries(t)[row_id]
  return sum ~= nil and sum[state] ~= nil
end

-- The cells of a row of t that hold no number and are in `state`
-- ("blank", "garbled" or "unread"), in column order.
function U.cells_in(t, row, state)
  local sum, out = row_summaries(t)[row.id], {}
  for i, col in ipairs(sum and sum[state] or {}) do out[i] = row[col] end
  return out
end

-- The value of row.col, or nil; and the cell (for evidence).
function U.get(t, row_id, col_id)
  local row = t[row_id]
  if not row then return nil end
  local c = row[col_id]
  if not c then return nil end
  return c.value, c
end

-- Sum of the cells row_ids × col_ids of t (t:sum, in C: the arithmetic
-- checks call it once per row or column): nil, plus the "row.col" missing
-- a value, when any is.
function U.total(t, row_ids, col_ids)
  return t:sum(row_ids, col_ids)
end

-- Sum of row_ids in one column, with the cells holding the values (for
-- evidence); nil, those cells and the rows missing a value when any is.
function U.sum_rows(t, row_ids, col_id)
  local s, cells, missing = 0, {}, {}
  for _, id in ipairs(row_ids) do
    local row = t[id]
    local c = row and row[col_id]
    if not c or c.value == nil then
      missing[#missing + 1] = id
    else
      s = s + c.value
      cells[#cells + 1] = c
    end
  end
  if #missing > 0 then return nil, cells, missing end
  return s, cells
end

-- Sum over several columns of one row (a row view), the same way.
function U.sum_cols(row, col_ids)
  local s, cells, missing = 0, {}, {}
  for _, id in ipairs(col_ids) do
    local c = row[id]
    if not c or c.value == nil then
      missing[#missing + 1] = id
    else
      s = s + c.value
      cells[#cells + 1] = c
    end
  end
  if #missing > 0 then return nil, cells, missing end
  return s, cells
end

-- The cells behind such a sum, for evidence: rows × cols of t, without
-- those holding 0 when skip_zero.
function U.cells(t, row_ids, col_ids, skip_zero)
  local out = {}
  for _, rid in ipairs(row_ids) do
    local row = t[rid]
    for _, cid in ipairs(col_ids) do
      local c = row and row[cid]
      if c and not (skip_zero and c.value == 0) then out[#out + 1] = c end
    end
  end
  return out
end

-- The detail rows of t3 (granted … other_*) for the layout the table follows.
function U.t3_detail_rows(t3)
  if t3.edition == 2019 or (t3.other ~= nil and t3.other_other == nil) then
    return U.T3_DETAIL_2019
  end
  return U.T3_DETAIL_2021
end

-- Row ids of a t3 group in the layout the table follows.
function U.t3_group(t3, name)
  if name == "other_processing" and U.t3_detail_rows(t3) == U.T3_DETAIL_2019 then
    return U.T3_GROUPS.other_processing_2019
  end
  return U.T3_GROUPS[name]
end

-- The loader's diagnostics of a report by place ("t3.received"): the first
-- of each place, and whether a row.missing was among them.  r.diagnostics
-- is a fresh copy on every read, and checks ask row by row: kept per report
-- view, like U.numbers.
local diag_memo = setmetatable({}, { __mode = "k" })

local function diagnostics_at(r)
  local m = diag_memo[r]
  if m then return m end
  m = { first = {}, missing = {} }
  for _, d in ipairs(r.diagnostics or {}) do
    if d.where then
      if not m.first[d.where] then m.first[d.where] = d end
      if d.code == "row.missing" then m.missing[d.where] = true end
    end
  end
  diag_memo[r] = m
  return m
end

-- Did the loader report this row as not found in the document?
function U.row_missing(r, table_id, row_id)
  return diagnostics_at(r).missing[table_id .. "." .. row_id] == true
end

-- The loader's first diagnostic of a code at a place ("column.unit",
-- "t2.fees.amount"), or nil.
function U.diagnostic(r, code, where)
  for _, d in ipairs(r.diagnostics or {}) do
    if d.code == code and d.where == where then return d end
  end
  return nil
end

-- Did the loader explain an unread row (figures it could not split)?
function U.row_diagnostic(r, table_id, row_id)
  return diagnostics_at(r).first[table_id .. "." .. row_id]
end

------------------------------------------------------------------------------
-- Text
------------------------------------------------------------------------------

-- Matching form: whitespace (ASCII, ideographic, no-break) removed.
function U.compact(s)
  if not s then return "" end
  return text.compact(s)
end

-- First of the words found in s (plain match), or nil; words are strings
-- or arrays of them, tried in order.
U.has = text.has

-- Compact text of the whole report body (all sections found).
function U.report_text(r)
  local parts = {}
  for _, s in r:sections() do
    if s and s.found then parts[#parts + 1] = U.compact(s.text) end
  end
  return table.concat(parts, "\n")
end

-- Delimiters of prose in text order: array of {pos, len, ch, kind}, kind
-- "stop" (。！？), "clause" (，；：), "open" or "close" (parentheses); a
-- ',' or ':' between digits is part of a number.
U.delimiters = text.delimiters

-- Chinese ordinals of sub-item markers: （一）… （十）, 一是.
local CN_NUM = {}
for _, c in ipairs({ "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" }) do CN_NUM[c] = true end

local function numeral_run(text, i)
  -- length in bytes of a run of Chinese numerals at i
  local j = i
  while CN_NUM[text:sub(j, j + 2)] do j = j + 3 end
  return j - i
end

-- Strip a leading sub-item marker from a (compact) sentence: （一）, (一), 一是, 1.
function U.strip_marker(t)
  for _, o in ipairs({ { "（", "）" }, { "(", ")" } }) do
    if t:sub(1, #o[1]) == o[1] then
      local k = numeral_run(t, #o[1] + 1)
      if k == 0 then
        local d = t:match("^%d+", #o[1] + 1)
        k = d and #d or 0
      end
      if k > 0 and t:sub(#o[1] + k + 1, #o[1] + k + #o[2]) == o[2] then
        return t:sub(#o[1] + k + #o[2] + 1)
      end
    end
  end
  local k = numeral_run(t, 1)
  if k > 0 and t:sub(k + 1, k + 3) == "是" then return t:sub(k + 4) end
  return t
end

-- A section's text without the items that report nothing: a heading with
-- 无 under it (“（四）特色亮点工作。无。”, “上年度问题整改情况：暂无”, a heading
-- line then a line “无”). The heading's words (亮点, 整改情况) say what the item
-- is, not that there was any: a check looking for the item reads this text.
-- A heading is what stands before the 无 in its sentence, or the line before a
-- line of 无 when that line is short (a wrapped sentence ends in 。).
local NOTHING = { ["无"] = true, ["暂无"] = true, ["没有"] = true, ["无此项"] = true, ["无此类情况"] = true,
                  ["无相关情况"] = true, ["无相关内容"] = true, ["不涉及"] = true, ["本年度无"] = true }
local HEADING_CHARS = 40

local STOPS = { ["。"] = true, ["！"] = true, ["？"] = true }

local function line_without(line)
  local flat = line:gsub("。", "。\2"):gsub("！", "！\2"):gsub("？", "？\2")
  local out = {}
  for piece in flat:gmatch("[^\2]+") do
    local c = text.compact(STOPS[piece:sub(-3)] and piece:sub(1, -4) or piece)
    local tail = c:gsub("：", ":"):match(":([^:]+)$")
    if tail and NOTHING[tail] then
      -- “整改情况：无”: dropped
    elseif NOTHING[c] then
      out[#out] = nil -- “特色亮点工作。无。”: its heading dropped with it
    else
      out[#out + 1] = piece
    end
  end
  return table.concat(out)
end

function U.without_empty_items(s)
  local lines = {}
  for line in ((s or "") .. "\n"):gmatch("([^\n]*)\n") do
    local c = text.compact(line):gsub("。$", "")
    if NOTHING[c] then
      -- a line of 无 alone: the short line before it is its heading
      local k = #lines
      while k > 0 and text.compact(lines[k]) == "" do k = k - 1 end
      if k > 0 and utf8.len(text.compact(lines[k])) and utf8.len(text.compact(lines[k])) <= HEADING_CHARS then
        for j = #lines, k, -1 do lines[j] = nil end
      end
    else
      lines[#lines + 1] = line_without(line)
    end
  end
  return table.concat(lines, "\n")
end

-- The first n characters of s (UTF-8 safe).
function U.clip(s, n)
  if not s then return "" end
  local ok, len = pcall(utf8.len, s)
  if not ok or not len or len <= n then return s end
  local b = utf8.offset(s, n + 1)
  return s:sub(1, b - 1) .. "…"
end

-- The items joined with sep, the first `max` of them and "等N项" when there
-- are more: a message lists what a check found without outgrowing the
-- run's cap on a message (4096 bytes), whatever the report holds.
function U.join(items, sep, max)
  if #items <= max then return table.concat(items, sep) end
  return table.concat(items, sep, 1, max) .. string.format("等%d项", #items)
end

-- The end of a check that compares several figures (columns, rows, what
-- the text says against the tables): what it could not compare is one na
-- with the reason, and when nothing failed a pass names what agreed; when
-- nothing at all was compared, only msg.none (na, never a pass).  Both
-- lists name their first items and count the rest (U.join).
-- msg: skipped and pass, the words before each list; skipped_sep (the
-- skipped list's separator, "、" unless given); none.
function U.conclude(f, skipped, verified, failed, msg)
  if #skipped > 0 then f:na(msg.skipped .. U.join(skipped, msg.skipped_sep or "、", 12)) end
  if not failed and #verified > 0 then
    f:pass(msg.pass .. U.join(verified, "、", 30))
  elseif not failed and #skipped == 0 then
    f:na(msg.none)
  end
end

-- The last n characters of s (UTF-8 safe).
function U.last(s, n)
  if not s then return "" end
  local ok, len = pcall(utf8.len, s)
  if not ok or not len or len <= n then return s end
  local b = utf8.offset(s, -n)
  return s:sub(b)
end

-- Numbers of a section (s:numbers(): each with n.lead, n.tail, n.sentence
-- and n.context, docs/rules.md) and the section text; U.figures: only the
-- numbers a unit follows (the prose's figures: a TXT table's cells have
-- none).  Several checks of a report ask for the same section: kept per
-- section view (views live as long as their report is scored).
local numbers_memo = { all = setmetatable({}, { __mode = "k" }),
                       with_unit = setmetatable({}, { __mode = "k" }) }

local function numbers(s, which)
  if not s or not s.found then return {}, "" end
  local memo = numbers_memo[which][s]
  if not memo then
    memo = { s:numbers(which), s.text or "" }
    numbers_memo[which][s] = memo
  end
  return memo[1], memo[2]
end

-- U.numbers(s) → numbers, text, delimiters (U.delimiters of the text)
-- Every place the plain text w stands in t, in order: `for a, b in U.finds(t, w) do … end`
-- (a search goes on after the end of the match before).
function U.finds(t, w)
  local init = 1
  return function()
    local a, b = t:find(w, init, true)
    if a then init = b + 1 end
    return a, b
  end
end

function U.numbers(s)
  local nums, text = numbers(s, "all")
  local memo = numbers_memo.all[s]
  if memo and not memo[3] then memo[3] = U.delimiters(text) end
  return nums, text, memo and memo[3] or {}
end

-- U.figures(s) → the numbers a unit follows, text
function U.figures(s) return numbers(s, "with_unit") end


-- Sentences of a section (split at 。！？ only, as PDF text breaks lines
-- inside sentences): array of {text (compact), raw, start, stop}.
-- Several checks split the same sections: kept per section view, like
-- U.numbers (callers read the sentences, never change them).
local sentences_memo = setmetatable({}, { __mode = "k" })

function U.sentences(s)
  if not s or not s.found then return {} end
  if not sentences_memo[s] then sentences_memo[s] = text.sentences(s.text or "") end
  return sentences_memo[s]
end

-- A section the loader did not find because its heading stands out of
-- order (inside the text of another section): that section and the byte
-- offset of the heading in its text, or nil.
function U.misplaced(r, sec)
  local keys = U.SEC_KEYS[sec.id]
  local head = "\n" .. sec.no .. "、"
  for _, s in r:sections() do
    if s and s.found then
      local text = "\n" .. (s.text or "")
      for a, b in U.finds(text, head) do
        local after = U.compact(text:sub(b + 1, b + 120))
        if U.has(U.clip(after, 20), keys) then return s, a end
      end
    end
  end
end

-- Evidence for a byte range of a section: a match object from s:find.
-- A span longer than EVIDENCE_CHARS characters (a run-on sentence of a
-- report without punctuation, a list running over several paragraphs) is
-- shown by its first ones and "…", its start and stop unchanged: a piece of
-- evidence over the run's cap (4096 bytes) would break the check.
local EVIDENCE_CHARS = 500
function U.evidence_at(s, a, b)
  local line, col, page = s:pos(a - 1)
  local text = s.text:sub(a, b)
  if #text > EVIDENCE_CHARS then text = U.clip(text, EVIDENCE_CHARS) end -- (bytes ≥ characters)
  return { text = text, start = a, stop = b, line = line, col = col, page = page, section = s.id }
end

-- Where the bytes of `raw`'s compact form (U.compact: no whitespace) stand
-- in `raw`: a function of k, a byte of the compact text, to the byte of
-- raw it is (raw's length past the end) — a place found in the compact
-- text, put back where the document has it, for evidence (a PDF's lines,
-- an HTML page's).  The spaces are those text.compact drops: ASCII, U+00A0,
-- U+3000.  Made once for a text and asked for each place: asked anew each
-- time, a count from the text's start, a large report's thousand places
-- ran out of the instruction budget.
function U.raw_mapper(raw)
  local n = #raw
  -- runs of raw without a space: the first at raw byte starts[j], after
  -- before[j] bytes of the compact text
  local starts, before = { 1 }, { 0 }
  local c, i = 0, 1
  while i <= n do
    local j = raw:find("[%s\194\227]", i) or n + 1
    c = c + (j - i)
    if j > n then break end
    -- (its bytes as a string of three: raw:byte(j), and a find in raw that
    -- fails, pay for all of raw)
    local w = raw:sub(j, j + 2)
    local sp = w:find("^%s") and 1 or w:find("^\194\160") and 2 or w == "\227\128\128" and 3 or 0
    if sp == 0 then
      c, i = c + 1, j + 1
    else
      i = j + sp
      if before[#before] == c then
        starts[#starts] = i -- spaces in a row
      else
        starts[#starts + 1], before[#before + 1] = i, c
      end
    end
  end
  return function(k)
    if k < 1 or k > c then return n end
    local lo, hi = 1, #starts -- the last run starting before byte k
    while lo < hi do
      local mid = (lo + hi + 1) // 2
      if before[mid] < k then lo = mid else hi = mid - 1 end
    end
    return starts[lo] + (k - before[lo]) - 1
  end
end

-- The text of section s up to the first table the loader read inside it
-- (a table.located diagnostic at one of its lines): a report that puts its
-- tables after 六 as 附表 (tables/appendix.txt) has their labels in 六's
-- text — “行政事业性收费”, “逾期未按收费通知要求缴纳费用” — which say
-- nothing of what 六 reports.  A prefix of s.text: its offsets stay valid.
-- Kept per section view.
local prose_memo = setmetatable({}, { __mode = "k" })

function U.prose_text(r, s)
  if not s or not s.found then return "" end
  local m = prose_memo[s]
  if m then return m end
  local text = s.text or ""
  local at = {}
  for _, d in ipairs(r.diagnostics or {}) do
    if d.code == "table.located" and (d.line or 0) > 0 then
      at[#at + 1] = d
    end
  end
  local cut = nil
  if #at > 0 then
    local off = 0
    while off and off < #text and not cut do
      local line, _, page = s:pos(off)
      for _, d in ipairs(at) do
        if line == d.line and ((d.page or 0) == 0 or page == d.page) then cut = off; break end
      end
      local nl = text:find("\n", off + 1, true)
      off = nl
    end
  end
  m = cut and text:sub(1, cut) or text
  prose_memo[s] = m
  return m
end

-- Years written as YYYY年 in a string: array of integers.
function U.years(s)
  local out = {}
  if not s then return out end
  for y in s:gmatch("(%d%d%d%d)%s*年") do out[#out + 1] = tonumber(y) end
  return out
end

-- Nearest keyword: of the categories { name = {words…} }, the one whose word
-- ends last in `s` (from_end: closest to the number after it) or starts
-- first.  Ties go to the longer word.
U.nearest = text.nearest

------------------------------------------------------------------------------
-- Agencies
------------------------------------------------------------------------------

-- Kind of agency, from the engine's type, refined by the name where the
-- engine could not tell.
function U.agency_type(r)
  local t = r.agency_type
  if t and t ~= "unknown" then return t end
  local a = r.agency or ""
  if a:find("街道", 1, true) or a:find("乡人民政府", 1, true) or a:find("镇人民政府", 1, true) then
    return "township"
  end
  if a:find("人民政府$") then return "government" end
  return t or "unknown"
end

-- Governments and townships: the levels of people's government (条例 art. 50(4)).
function U.is_government(r)
  local t = U.agency_type(r)
  return t == "government" or t == "township"
end

-- Reports made on the 2021 template (year 2021 on).
-- The kind of agency in words, for messages.
local TYPE_CN = { township = "乡镇（街道）", government = "人民政府", department = "部门",
                  unknown = "类型不明" }
function U.agency_type_cn(r)
  return TYPE_CN[U.agency_type(r)] or "类型不明"
end

function U.year_2021(r)
  return r.year ~= nil and r.year >= 2021
end

-- Where a piece of evidence stands, in words: "第3页第24行" for paged
-- documents (PDF lines restart on every page), else "第24行".
function U.at(r, e)
  local line = e and e.line or 0
  local page = e and e.page or 0
  if page and page > 0 and r.media_type == "application/pdf" then
    return string.format("第%d页第%d行", page, line)
  end
  return string.format("第%d行", line)
end

------------------------------------------------------------------------------
-- t3 sums read as the text reads them (std/text_tables.lua)
------------------------------------------------------------------------------

-- The total of t3 rows `row_ids`: their 总计 cells; where a 总计 is blank or
-- unreadable, the sum of that row's six applicant columns (a report that
-- filled only the applicant columns).  Returns the value (nil when neither
-- can be read), the cells behind it (evidence) and "total" or "applicants".
function U.t3_sum(t3, row_ids)
  local s = U.total(t3, row_ids, { "total" })
  if s then return s, U.cells(t3, row_ids, { "total" }), "total" end
  local sum, how = 0, "total"
  for _, rid in ipairs(row_ids) do
    local v = U.total(t3, { rid }, { "total" })
    if v == nil then
      v = U.total(t3, { rid }, U.T3_APPLICANTS)
      if v == nil then return nil end
      how = "applicants"
    end
    sum = sum + v
  end
  local cells = how == "applicants" and U.cells(t3, row_ids, U.T3_APPLICANTS, true)
                or U.cells(t3, row_ids, { "total" })
  return sum, cells, how
end

return U
