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
  version  = "1",
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
          -- the whole section is missing: structure.sections reports it once
          f:na(string.format("第%s部分及其表格均未找到（已由“年报包含模板规定的六个部分”指标报告）", no))
        end
      end
    end
  end,
}

-- A row is missing when the loader says so, or when it has no cell the
-- loader could place and no diagnostic explains why.
local function missing(r, t, row)
  if U.row_missing(r, t.id, row.id) then return true end
  if U.row_has_any(t, row.id) then return false end
  return U.row_diagnostic(r, t.id, row.id) == nil
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
      local t = r[id]
      if t.found then
        for _, row in t:rows() do
          if row and missing(r, t, row) then
            f:fail(string.format("%s缺少“%s”行（模板编号%s）", U.TABLE_CN[id],
              row.label or U.row_cn(row.id), row.no or "—"), t)
          end
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

indicator {
  id       = "complete.blank_cells",
  title    = "表格数据项均已填写",
  category = "completeness",
  severity = "warning",
  basis    = BASIS .. "（无数据应填0，不应留空或填“/”“—”“无”）",
  version  = "1",
  check = function(r, f)
    for _, id in ipairs({ "t2", "t3", "t4" }) do
      local t = r[id]
      if t.found then
        for _, row in t:rows() do
          if row and not missing(r, t, row) then
            local blank = U.cells_in(t, row, "blank")
            if #blank > 0 then
              local raws = {}
              for _, c in ipairs(blank) do
                local raw = U.compact(c.raw or "")
                raws[#raws + 1] = raw == "" and "空白" or ("“" .. raw .. "”")
              end
              f:fail(string.format("%s“%s”行有%d个数据项未填数字（%s：%s），应填写数字，无数据填0",
                U.TABLE_CN[id], row.label or U.row_cn(row.id), #blank, list_cols(blank),
                table.concat(raws, "、")), table.unpack(blank))
            end
          end
        end
      end
    end
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
      local t = r[id]
      if t.found then
        for _, row in t:rows() do
          if row and not missing(r, t, row) then
            local bad, lost = U.cells_in(t, row, "garbled"), U.cells_in(t, row, "unread")
            if #bad > 0 then
              local raws = {}
              for _, c in ipairs(bad) do raws[#raws + 1] = "“" .. c.raw .. "”" end
              f:fail(string.format("%s“%s”行有%d个数据项无法识别为数字（%s：%s）",
                U.TABLE_CN[id], row.label or U.row_cn(row.id), #bad, list_cols(bad),
                table.concat(raws, "、")), table.unpack(bad))
            end
            if #lost > 0 then
              unread[#unread + 1] = string.format("%s“%s”行%s", U.TABLE_CN[id],
                row.label or U.row_cn(row.id), list_cols(lost))
            end
          end
        end
      end
    end
    if #unread > 0 then
      -- figures the loader could not place (e.g. glued together without
      -- separators): not the document's defect as far as we can tell
      f:na("以下数据项未能可靠读取，未作评判：" .. table.concat(unread, "；"))
    end
  end,
}
