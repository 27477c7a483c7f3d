-- std/arithmetic.lua — 勾稽关系 (report-model.md §5).
--
-- Every failing column or row is its own finding, with both sides' values
-- and the cells as evidence.  A blank or unreadable cell makes its column or
-- row not assessable (f:na), never a failure.
local U = require "std.util"

local BASIS_T3 = "国办公开办函〔2021〕30号 表三（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
local BASIS_T4 = "国办公开办函〔2021〕30号 表四"
local fmt = U.fmt

-- The end of a check over the columns or rows of table `what` (U.conclude).
local function conclude(f, what, verified, skipped, failed, ok_words)
  U.conclude(f, skipped, verified, failed, { skipped = what .. "含空白或无法读取的数据，未核对：",
    skipped_sep = "；", pass = what .. ok_words .. "：", none = what .. "没有可核对的数据" })
end

indicator {
  id       = "arith.t3_balance",
  title    = "表三各列：本年新收＋上年结转＝办理总计＋结转下年度",
  category = "arithmetic",
  severity = "error",
  basis    = BASIS_T3,
  version  = "2",
  check = function(r, f)
    local t = r.t3
    if not t.found then return f:missing("未找到表三，本项无从核对") end
    local skipped, verified, failed = {}, {}, false
    for _, col in ipairs(U.T3_COLS) do
      local a, ca = U.get(t, "received", col)
      local b, cb = U.get(t, "carried_over", col)
      local c, cc = U.get(t, "total_handled", col)
      local d, cd = U.get(t, "carried_forward", col)
      if a == nil or b == nil or c == nil or d == nil then
        skipped[#skipped + 1] = U.col_cn(col) .. "列"
      elseif U.eq(a + b, c + d) then
        verified[#verified + 1] = U.col_cn(col) .. "列"
      else
        failed = true
        f:fail(string.format("表三“%s”列不平衡：本年新收%s＋上年结转%s＝%s，而办理结果总计%s＋结转下年度%s＝%s，相差%s",
          U.col_cn(col), fmt(a), fmt(b), fmt(a + b), fmt(c), fmt(d), fmt(c + d), fmt(math.abs(a + b - c - d))),
          ca, cb, cc, cd)
      end
    end
    conclude(f, "表三", verified, skipped, failed, "本年新收＋上年结转＝办理总计＋结转下年度，已核对")
  end,
}

indicator {
  id       = "arith.t3_detail_sum",
  title    = "表三各列：办理结果总计＝各项办理结果之和",
  category = "arithmetic",
  severity = "error",
  basis    = "国办公开办函〔2021〕30号 表三 三、本年度办理结果（七）总计",
  version  = "2",
  check = function(r, f)
    local t = r.t3
    if not t.found then return f:missing("未找到表三，本项无从核对") end
    local rows = U.t3_detail_rows(t)
    local skipped, verified, failed = {}, {}, false
    for _, col in ipairs(U.T3_COLS) do
      local total, ctotal = U.get(t, "total_handled", col)
      local s = U.total(t, rows, { col })
      if total == nil or s == nil then
        skipped[#skipped + 1] = U.col_cn(col) .. "列"
      elseif U.eq(total, s) then
        verified[#verified + 1] = U.col_cn(col) .. "列"
      else
        failed = true
        local ev = { ctotal }
        for _, c in ipairs(U.cells(t, rows, { col }, true)) do ev[#ev + 1] = c end
        f:fail(string.format("表三“%s”列：（一）至（六）各项办理结果之和为%s，但（七）总计填为%s，相差%s",
          U.col_cn(col), fmt(s), fmt(total), fmt(math.abs(total - s))), table.unpack(ev))
      end
    end
    conclude(f, "表三", verified, skipped, failed, "（七）总计等于各项办理结果之和，已核对")
  end,
}

indicator {
  id       = "arith.t3_row_sum",
  title    = "表三各行：总计＝自然人＋各类法人或其他组织之和",
  category = "arithmetic",
  severity = "error",
  basis    = "国办公开办函〔2021〕30号 表三 申请人情况（总计列）",
  version  = "2",
  check = function(r, f)
    local t = r.t3
    if not t.found then return f:missing("未找到表三，本项无从核对") end
    local skipped, verified, failed = {}, {}, false
    for _, row in t:rows() do
      if row then
        local id = row.id
        local total = row.total and row.total.value
        local s = U.total(t, { id }, U.T3_APPLICANTS)
        if total == nil or s == nil then
          -- a row wholly unread is the completeness rules' business
          local any = false
          for _, c in row:cells() do if c.value ~= nil then any = true; break end end
          if any then skipped[#skipped + 1] = "“" .. (row.label or U.row_cn(id)) .. "”行" end
        elseif U.eq(total, s) then
          verified[#verified + 1] = id
        else
          failed = true
          local ev = { row.total }
          for _, c in ipairs(U.cells(t, { id }, U.T3_APPLICANTS)) do ev[#ev + 1] = c end
          f:fail(string.format("表三“%s”行：自然人与各类法人或其他组织之和为%s，但总计填为%s，相差%s",
            row.label or U.row_cn(row.id), fmt(s), fmt(total), fmt(math.abs(total - s))), table.unpack(ev))
        end
      end
    end
    -- the rows verified are many: counted, not named
    conclude(f, "表三", #verified > 0 and { #verified .. "行" } or {}, skipped, failed,
      "各行总计等于各类申请人之和，已核对")
  end,
}

indicator {
  id       = "arith.t4_balance",
  title    = "表四各项：维持＋纠正＋其他＋尚未审结＝总计",
  category = "arithmetic",
  severity = "error",
  basis    = BASIS_T4,
  version  = "2",
  check = function(r, f)
    local t = r.t4
    if not t.found then return f:missing("未找到表四，本项无从核对") end
    local skipped, verified, failed = {}, {}, false
    for _, id in ipairs(U.T4_ROWS) do
      local row = t[id]
      if row then
        local total = row.total and row.total.value
        local s = U.total(t, { id }, U.T4_PARTS)
        if total == nil or s == nil then
          skipped[#skipped + 1] = U.row_cn(id)
        elseif U.eq(total, s) then
          verified[#verified + 1] = U.row_cn(id)
        else
          failed = true
          local parts = {}
          for _, col in ipairs(U.T4_PARTS) do
            parts[#parts + 1] = U.col_cn(col) .. fmt(row[col].value)
          end
          local ev = { row.total }
          for _, c in ipairs(U.cells(t, { id }, U.T4_PARTS)) do ev[#ev + 1] = c end
          f:fail(string.format("表四“%s”：%s，合计应为%s，但总计填为%s",
            U.row_cn(id), table.concat(parts, "、"), fmt(s), fmt(total)), table.unpack(ev))
        end
      end
    end
    conclude(f, "表四", verified, skipped, failed, "维持＋纠正＋其他＋尚未审结＝总计，已核对")
  end,
}

-- t2 columns that may be negative or decimal in the 2019 layout.
local NOT_COUNTS = { change = true, amount = true }

indicator {
  id       = "arith.t2_counts",
  title    = "表二件数为非负整数",
  category = "arithmetic",
  severity = "error",
  basis    = "国办公开办函〔2021〕30号 表二",
  version  = "2",
  check = function(r, f)
    local t = r.t2
    if not t.found then return f:missing("未找到表二，本项无从核对") end
    local n, failed = 0, false
    for _, row in t:rows() do
      if row and row.id ~= "fees" and row.id ~= "procurement" then
        for _, c in row:cells() do
          local v = c.value
          if v ~= nil and not NOT_COUNTS[c.column] then
            n = n + 1
            if v < 0 or v ~= math.floor(v) then failed = true end
            if v < 0 then
              f:fail(string.format("表二“%s”%s为负数（%s），件数不能为负", U.row_cn(row.id),
                U.col_cn(c.column), fmt(v)), c)
            elseif v ~= math.floor(v) then
              f:fail(string.format("表二“%s”%s为小数（%s），件数应为整数", U.row_cn(row.id),
                U.col_cn(c.column), fmt(v)), c)
            end
          end
        end
      end
    end
    if n == 0 then return f:na("表二件数均空白或无法读取，未核对") end
    if not failed then f:pass(string.format("表二%d个件数均为非负整数", n)) end
  end,
}

indicator {
  id       = "arith.t2_fee",
  title    = "表二收费金额不为负",
  category = "arithmetic",
  severity = "error",
  basis    = "国办公开办函〔2021〕30号 表二 第二十条第（八）项",
  version  = "2",
  check = function(r, f)
    local t = r.t2
    if not t.found then return f:missing("未找到表二，本项无从核对") end
    local v, c = U.get(t, "fees", "amount")
    if c == nil then return f:na("表二无“本年收费金额”栏（2019年格式）") end
    if v == nil then return f:na("表二行政事业性收费金额空白或无法读取") end
    if v < 0 then
      f:fail(string.format("表二行政事业性收费“本年收费金额”为负数（%s万元）", fmt(v)), c)
    else
      f:pass(string.format("表二行政事业性收费金额%s万元", fmt(v)))
    end
  end,
}

indicator {
  id       = "arith.t3_carryover_prev",
  title    = "本年“上年结转”与上年度报告“结转下年度”一致",
  category = "arithmetic",
  severity = "warning",
  basis    = "国办公开办函〔2021〕30号 表三 第二项、第四项（跨年度衔接）",
  version  = "3",
  check = function(r, f, ctx)
    local p = ctx.previous
    if not p then return f:na("本次评估没有该机关上一年度的报告") end
    if not r.t3.found then return f:missing("未找到表三，无从与上年衔接") end
    if not p.t3.found then return f:na("上年报告未找到表三") end
    local py = p.year or (r.year and r.year - 1) or 0
    local skipped, verified, failed = {}, {}, false
    for _, col in ipairs(U.T3_COLS) do
      local a, ca = U.get(r.t3, "carried_over", col)
      local b, cb = U.get(p.t3, "carried_forward", col)
      if a == nil or b == nil then
        skipped[#skipped + 1] = U.col_cn(col) .. "列"
      elseif U.eq(a, b) then
        verified[#verified + 1] = U.col_cn(col) .. "列" .. fmt(a)
      else
        failed = true
        f:fail(string.format("表三“%s”列：本年“上年结转”为%s，但%d年度报告“结转下年度继续办理”为%s",
          U.col_cn(col), fmt(a), py, fmt(b)), ca, cb)
      end
    end
    if #skipped > 0 then
      f:na(string.format("本年“上年结转”或%d年度报告“结转下年度”空白或无法读取，未核对：%s",
        py, table.concat(skipped, "、")))
    end
    if not failed and #verified > 0 then
      f:pass(string.format("本年“上年结转”与%d年度报告“结转下年度”一致：%s", py, table.concat(verified, "、")))
    end
  end,
}

indicator {
  id       = "arith.t2_in_force_prev",
  title    = "现行有效件数与上年衔接（上年现行有效＋本年制发－本年废止）",
  category = "arithmetic",
  severity = "info",
  basis    = "国办公开办函〔2021〕30号 表二 第二十条第（一）项（文件也可能自然失效，仅作提示）",
  version  = "3",
  check = function(r, f, ctx)
    local p = ctx.previous
    if not p then return f:na("本次评估没有该机关上一年度的报告") end
    if not r.t2.found then return f:missing("未找到表二，无从与上年衔接") end
    if not p.t2.found then return f:na("上年报告未找到表二") end
    if r.t2.edition ~= 2021 or p.t2.edition ~= 2021 then return f:na("表二不是2021年格式，无法衔接") end
    local verified, skipped, trivial, failed = {}, {}, {}, false
    for _, id in ipairs({ "regulations", "normative_documents" }) do
      local now, c = U.get(r.t2, id, "in_force")
      local issued = U.get(r.t2, id, "issued")
      local repealed = U.get(r.t2, id, "repealed")
      local before, cb = U.get(p.t2, id, "in_force")
      if now and issued and repealed and before then
        local want = before + issued - repealed
        if not U.eq(now, want) then
          failed = true
          f:fail(string.format("表二“%s”现行有效%s件，但上年现行有效%s＋本年制发%s－本年废止%s＝%s",
            U.row_cn(id), fmt(now), fmt(before), fmt(issued), fmt(repealed), fmt(want)), c, cb)
        elseif now == 0 and issued == 0 and repealed == 0 then
          -- 0 = 0 + 0 - 0 (a township's 规章 row) verifies nothing
          trivial[#trivial + 1] = U.row_cn(id)
        else
          verified[#verified + 1] = string.format("%s %s＋%s－%s＝%s", U.row_cn(id), fmt(before),
            fmt(issued), fmt(repealed), fmt(now))
        end
      else
        skipped[#skipped + 1] = U.row_cn(id)
      end
    end
    if failed then return end
    if #verified > 0 then
      return f:pass("现行有效件数与上年衔接：" .. table.concat(verified, "；"))
    end
    local why = {}
    if #skipped > 0 then why[#why + 1] = table.concat(skipped, "、") .. "行本年或上年数据空白或无法读取" end
    if #trivial > 0 then why[#why + 1] = table.concat(trivial, "、") .. "行两年均为0" end
    f:na("没有可衔接核对的现行有效件数：" .. table.concat(why, "；"))
  end,
}
