-- std/completeness.lua — every table, every row, a number in every cell.
--
-- One defect, one finding: a missing table is reported once (its rows and
-- cells are not reported again), a missing row once (not its cells), and
-- blank cells once per row.
local U = require "std.util"

local BASIS = "《政府信息公开条例》第五十条；国办公开办函〔2021〕30号 表二、表三、表四"

indicator {
  id       = "complete.tables",
  title    = "表二、表三、表四齐全",
  category = "completeness",
  severity = "error",
  basis    = BASIS,
  version  = "2",
  check = function(r, f)
    for _, id in ipairs({ "t2", "t3", "t4" }) do
      local t = r[id]
      if not t.found then
        local sec = r["s" .. id:sub(2)]
        local no = ({ t2 = "二", t3 = "三", t4 = "四" })[id]
        if sec.found then
          f:fail(string.format("缺少%s：第%s部分有标题但未找到表格（表格可能以图片形式发布）",
            U.TABLE_CN[id], no), sec)
        else
          -- the whole section is missing: the table is missing all the
          -- same (structure.sections reports the section)
          f:fail(string.format("缺少%s：第%s部分及其表格均未找到", U.TABLE_CN[id], no))
        end
      end
    end
  end,
}

-- A row is missing when the loader says so, or when it has no cell the
-- loader could place and no diagnostic explains why.
local function missing(r, t, tid, rid)
  if U.row_missing(r, tid, rid) then return true end
  if U.row_has_any(t, rid) then return false end
  return U.row_diagnostic(r, tid, rid) == nil
end

-- A row the loader did not find is not always a row the document lacks.
-- A row printed wholly blank (a PDF whose zeros were left empty: 三（六）2
-- of forms/blanks_mid.pdf) has no figure to be found by, and in a table
-- the loader read only in part (pdftotext without -layout: labels and
-- values in separate runs, forms' pdf_plain_unbalanced.txt) the rows whose
-- values it could not place are "not found" too.  The report is not held
-- to what was not read: a row counts as missing only when its own words
-- (ROW_WORDS, any of them; rows without distinctive words — 总计, 3.其他,
-- t4's blocks — are not looked for) stand nowhere among the lines the
-- table's values were read on (the prose around the table names 本年新收,
-- 规范性文件… of rows that may well be missing), and when the loader placed
-- every value of the table (no values under a label it could not match,
-- label.unknown; no line of more values than a row has cells, row.long).
-- Short words each, as a PDF may break a long label over lines.
local ROW_WORDS = {
  t2 = {
    regulations = { "规章" }, normative_documents = { "规范性文件" },
    licensing = { "行政许可" }, other_services = { "对外管理服务" }, penalty = { "行政处罚" },
    coercion = { "行政强制" }, fees = { "事业性收费" }, procurement = { "集中采购" },
  },
  t3 = {
    received = { "本年新收" }, carried_over = { "上年结转" }, granted = { "予以公开" },
    partially_granted = { "部分公开" }, refused_state_secret = { "国家秘密" },
    refused_law_prohibited = { "法规禁止", "禁止公开" }, refused_security_stability = { "三安全", "一稳定" },
    refused_third_party = { "第三方" }, refused_internal_affairs = { "内部事务" },
    refused_process_info = { "过程性" }, refused_enforcement_file = { "执法案卷" },
    refused_inquiry = { "行政查询", "查询事项" }, unavailable_not_held = { "不掌握" },
    unavailable_needs_creation = { "现成信息", "另行制作" }, unavailable_unclear = { "仍不明确", "补正后申请" },
    not_processed_complaint = { "信访", "举报投诉" }, not_processed_duplicate = { "重复申请" },
    not_processed_publication = { "出版物" }, not_processed_excessive = { "大量反复", "反复申请" },
    not_processed_confirmation = { "重新出具", "确认或" }, other_no_correction = { "不补正" },
    other_unpaid_fee = { "收费通知", "缴纳费用" }, other = { "其他处理" },
    carried_forward = { "结转下年" },
  },
}

-- A place in the document as one number (a PDF counts lines per page).
local function at(page, line) return (page or 0) * 1000000 + (line or 0) end

-- The first and last place (at) of the cells read of a row, or nil.
local function row_span(row)
  local lo, hi
  for _, c in row:cells() do
    if c.line and c.line > 0 then
      local p = at(c.page, c.line)
      lo, hi = math.min(lo or p, p), math.max(hi or p, p)
    end
  end
  return lo, hi
end

-- Each found section's compact text and where its bytes stand in the
-- section's (U.raw_mapper), made once per report: asked for every row not
-- found, and every place its words stand.
local compact_memo = setmetatable({}, { __mode = "k" })

local function compact_sections(r)
  local m = compact_memo[r]
  if not m then
    m = {}
    for _, s in r:sections() do
      if s and s.found then
        local raw = s.text or ""
        m[#m + 1] = { s = s, c = U.compact(raw), place = U.raw_mapper(raw) }
      end
    end
    compact_memo[r] = m
  end
  return m
end

-- One of words printed among the lines of a table read from place lo to
-- hi (a label between the rows read, or a line or two around them), in
-- whatever section holds them; nil when none is.
local function printed_in_table(r, lo, hi, words)
  if not lo then return nil end
  for _, cs in ipairs(compact_sections(r)) do
    for _, w in ipairs(words) do
      local init = 1
      while true do
        local a = cs.c:find(w, init, true)
        if not a then break end
        local line, _, page = cs.s:pos(cs.place(a) - 1)
        local p = at(page, line)
        if p >= lo - 2 and p <= hi + 2 then return w end
        init = a + 1
      end
    end
  end
end

-- Why a row the loader did not find is not judged: its words among the
-- table's lines (the row is there), or values the loader could not place
-- (label.unknown, row.long) standing where the row would, between the
-- rows read before and after it (from, to: places, at; nil: the table's
-- edge) — a note or a stray line elsewhere in the table excuses no row;
-- nil: missing.
local function unsure(r, span, tid, rid, from, to)
  local words = ROW_WORDS[tid] and ROW_WORDS[tid][rid]
  local w = words and printed_in_table(r, span.lo, span.hi, words)
  if w then return "表中有该行的文字“" .. w .. "”" end
  for _, d in ipairs(r.diagnostics or {}) do
    local where = d.where or ""
    if (d.code == "label.unknown" or d.code == "row.long")
       and (where == tid or where:sub(1, #tid + 1) == tid .. ".") then
      local p = (d.line or 0) > 0 and at(d.page, d.line) or nil
      if not p or ((not from or p >= from) and (not to or p <= to)) then
        return "该表未能完整读取（有数值未能对应到行）"
      end
    end
  end
end


-- The rows of table tid in template order, each { id, missing, unsure }: the three
-- checks below walk them; row views are made only for what they report.
local rows_memo = setmetatable({}, { __mode = "k" })

local function rows_of(r, tid)
  local t = r[tid]
  local rows = rows_memo[t]
  if not rows then
    rows = {}
    local gone = false
    for _, row in t:rows() do
      if row then
        local m = missing(r, t, tid, row.id)
        rows[#rows + 1] = { id = row.id, missing = m, view = row }
        gone = gone or m
      end
    end
    -- only a table with a row missing is looked at further: where it was
    -- read (span, the rows' places), and whether each missing row stands
    -- between the rows read around it
    if gone then
      local span = {}
      for _, row in ipairs(rows) do
        row.lo, row.hi = row_span(row.view)
        if row.lo then
          span.lo, span.hi = math.min(span.lo or row.lo, row.lo), math.max(span.hi or row.hi, row.hi)
        end
      end
      for i, row in ipairs(rows) do
        if row.missing then
          local from, to
          for k = i - 1, 1, -1 do if rows[k].hi then from = rows[k].hi; break end end
          for k = i + 1, #rows do if rows[k].lo then to = rows[k].lo; break end end
          row.unsure = unsure(r, span, tid, row.id, from, to)
        end
      end
    end
    for _, row in ipairs(rows) do row.view = nil end
    rows_memo[t] = rows
  end
  return rows, t
end

local function label(t, rid)
  local row = t[rid]
  return row.label or U.row_cn(rid), row
end

indicator {
  id       = "complete.rows",
  title    = "表格各行齐全",
  category = "completeness",
  severity = "warning",
  basis    = BASIS,
  version  = "1",
  check = function(r, f)
    for _, id in ipairs({ "t2", "t3", "t4" }) do
      if r[id].found then
        local rows, t = rows_of(r, id)
        local unread = {}
        for _, row in ipairs(rows) do
          if row.missing and row.unsure then
            unread[#unread + 1] = string.format("“%s”行（%s）", label(t, row.id), row.unsure)
          elseif row.missing then
            local name, view = label(t, row.id)
            f:fail(string.format("%s缺少“%s”行（模板编号%s）", U.TABLE_CN[id],
              name, view.no or "—"), t)
          end
        end
        if #unread > 0 then
          f:na(string.format("%s以下行未能读出，不作缺行评判：%s", U.TABLE_CN[id], U.join(unread, "；", 6)))
        end
      end
    end
  end,
}

local function list_cols(cells)
  local names = {}
  for _, c in ipairs(cells) do names[#names + 1] = U.col_cn(c.column) end
  return table.concat(names, "、")
end

-- What blank cells hold, in words: “空白”, or the text written (“/”, “—”).
local function blank_words(cells)
  local seen, out = {}, {}
  for _, c in ipairs(cells) do
    local raw = U.compact(c.raw or "")
    local w = raw == "" and "空白" or ("“" .. raw .. "”")
    if not seen[w] then seen[w] = true; out[#out + 1] = w end
  end
  return table.concat(out, "、")
end

-- One defect, one finding: the rows of a table whose blank cells are the
-- same columns (a report leaving every 法人或其他组织 cell of t3 blank) are
-- one finding listing the rows; a row with blanks of its own is its own.
indicator {
  id       = "complete.blank_cells",
  title    = "表格数据项均已填写",
  category = "completeness",
  severity = "warning",
  basis    = BASIS .. "（无数据应填0，不应留空或填“/”“—”“无”）",
  version  = "2",
  check = function(r, f)
    local checked, failed = {}, false
    for _, id in ipairs({ "t2", "t3", "t4" }) do
      if r[id].found then
        local rows, t = rows_of(r, id)
        local groups, order = {}, {}
        for _, row in ipairs(rows) do
          if not row.missing and U.row_has(t, row.id, "blank") then
            local blank = U.cells_in(t, t[row.id], "blank")
            local key = list_cols(blank)
            local g = groups[key]
            if not g then
              g = { cols = key, rows = {}, cells = {} }
              groups[key] = g
              order[#order + 1] = g
            end
            g.rows[#g.rows + 1] = row.id
            for _, c in ipairs(blank) do g.cells[#g.cells + 1] = c end
          end
        end
        for _, g in ipairs(order) do
          failed = true
          local ncols = #g.cells // #g.rows
          if #g.rows == 1 then
            f:fail(string.format("%s“%s”行有%d个数据项未填数字（%s：%s），应填写数字，无数据填0",
              U.TABLE_CN[id], label(t, g.rows[1]), ncols, g.cols, blank_words(g.cells)),
              table.unpack(g.cells, 1, math.min(#g.cells, 60)))
          else
            -- evidence: the first blank cell of each row (the cap is 64 pieces)
            local names, ev = {}, {}
            for i, rid in ipairs(g.rows) do
              names[i] = "“" .. label(t, rid) .. "”"
              if #ev < 60 then ev[#ev + 1] = g.cells[(i - 1) * ncols + 1] end
            end
            f:fail(string.format("%s有%d行的%s列未填数字（共%d个数据项，%s），应填写数字，无数据填0：%s",
              U.TABLE_CN[id], #g.rows, g.cols, #g.cells, blank_words(g.cells),
              table.concat(names, "、")), table.unpack(ev))
          end
        end
        checked[#checked + 1] = U.TABLE_CN[id]
      end
    end
    if #checked == 0 then return f:na("未找到表二、表三、表四") end
    if not failed then f:pass(table.concat(checked, "、") .. "各数据项均已填写") end
  end,
}

indicator {
  id       = "complete.unreadable_cells",
  title    = "表格数据清晰可读",
  category = "completeness",
  severity = "info",
  basis    = BASIS,
  version  = "1",
  check = function(r, f)
    local unread = {}
    for _, id in ipairs({ "t2", "t3", "t4" }) do
      if r[id].found then
        local rows, t = rows_of(r, id)
        for _, row in ipairs(rows) do
          if not row.missing and (U.row_has(t, row.id, "garbled") or U.row_has(t, row.id, "unread")) then
            local view = t[row.id]
            local bad, lost = U.cells_in(t, view, "garbled"), U.cells_in(t, view, "unread")
            if #bad > 0 then
              local raws = {}
              for _, c in ipairs(bad) do raws[#raws + 1] = "“" .. U.clip(c.raw, 20) .. "”" end
              f:fail(string.format("%s“%s”行有%d个数据项无法识别为数字（%s：%s）",
                U.TABLE_CN[id], label(t, row.id), #bad, list_cols(bad),
                U.join(raws, "、", 10)), table.unpack(bad))
            end
            if #lost > 0 then
              unread[#unread + 1] = string.format("%s“%s”行%s", U.TABLE_CN[id],
                label(t, row.id), list_cols(lost))
            end
          end
        end
      end
    end
    if #unread > 0 then
      -- figures the loader could not place (e.g. glued together without
      -- separators): not the document's defect as far as we can tell
      f:na("以下数据项未能可靠读取，未作评判：" .. U.join(unread, "；", 6))
    end
  end,
}
