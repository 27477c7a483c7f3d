-- std/structure.lua — the report's skeleton: six sections in template order,
-- front matter, template edition, publication deadline.
local U = require "std.util"

local BASIS_TEMPLATE = "国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》"

indicator {
  id       = "structure.sections",
  title    = "年报包含模板规定的六个部分",
  category = "structure",
  severity = "error",
  basis    = "《政府信息公开条例》第五十条；" .. BASIS_TEMPLATE,
  version  = "1",
  check = function(r, f)
    for _, sec in ipairs(U.SECTIONS) do
      local s = r[sec.id]
      -- a heading out of order is structure.order's finding, not a missing section
      if not s.found and not U.misplaced(r, sec) then
        f:fail(string.format("缺少第%s部分「%s」：全文未找到以“%s、”编号的该部分标题",
          sec.no, sec.title, sec.no))
      end
    end
  end,
}

indicator {
  id       = "structure.order",
  title    = "六个部分按模板顺序排列",
  category = "structure",
  severity = "warning",
  basis    = BASIS_TEMPLATE,
  version  = "1",
  check = function(r, f)
    local found = {}
    for i, sec in ipairs(U.SECTIONS) do
      local s = r[sec.id]
      if s.found then
        found[#found + 1] = { sec = sec, s = s }
      else
        -- the loader looks for the headings in order: one out of order is
        -- left "not found" while its heading stands inside another section
        local host, at = U.misplaced(r, sec)
        if host then
          local ev = U.evidence_at(host, at, at + #sec.no + 2)
          f:fail(string.format("第%s部分「%s」的标题出现在第%s部分「%s」之中（%s），各部分顺序与模板不符",
            sec.no, sec.title, U.SECTIONS[tonumber(host.id:sub(2))].no, host.title or "", U.at(r, ev)), ev)
        end
      end
    end
    if #found < 2 then return f:na("找到的部分不足两个，无法判断顺序") end
    -- position of a title: page, then line, then column (PDF lines restart on every page)
    local function key(s) return (s.page or 0) * 1e9 + (s.line or 0) * 1e4 + (s.col or 0) end
    for i = 2, #found do
      local a, b = found[i - 1], found[i]
      if key(b.s) < key(a.s) then
        f:fail(string.format("第%s部分「%s」出现在第%s部分「%s」之前（%s、%s），不符合模板顺序",
          b.sec.no, b.s.title or b.sec.title, a.sec.no, a.s.title or a.sec.title,
          U.at(r, b.s), U.at(r, a.s)), b.s, a.s)
      end
    end
  end,
}

local NUMERALS = { "一", "二", "三", "四", "五", "六" }

indicator {
  id       = "structure.titles",
  title    = "各部分标题按模板编号",
  category = "structure",
  severity = "info",
  basis    = BASIS_TEMPLATE,
  version  = "1",
  check = function(r, f)
    for i, sec in ipairs(U.SECTIONS) do
      local s = r[sec.id]
      if s.found and s.title then
        local t = U.compact(s.title)
        local want = NUMERALS[i] .. "、"
        if t:sub(1, #want) ~= want then
          f:fail(string.format("第%s部分标题“%s”未按模板以“%s”编号（应为“%s”）",
            sec.no, s.title, want, sec.title), s)
        end
      end
    end
  end,
}

indicator {
  id       = "structure.front_matter",
  title    = "标题与开篇写明机关、年度和统计期限",
  category = "structure",
  severity = "warning",
  basis    = "《政府信息公开条例》第四十九条、第五十条；" .. BASIS_TEMPLATE,
  version  = "1",
  check = function(r, f)
    if not r.agency or r.agency == "" then
      f:fail("标题未写明发布机关名称（应为“{机关名称}{年度}年政府信息公开工作年度报告”）")
    end
    if not r.year then
      f:fail("标题和开篇均未写明报告年度")
    end
    if not r.period or r.period == "" then
      f:fail(string.format("开篇未说明统计期限（应写明“本报告所列数据的统计期限自%s年1月1日起至%s年12月31日止”）",
        r.year or "YYYY", r.year or "YYYY"))
    end
  end,
}

indicator {
  id       = "structure.template_edition",
  title    = "采用与报告年度相符的年报格式",
  category = "structure",
  severity = "error",
  basis    = BASIS_TEMPLATE .. "（2021年度起适用，取代国办公开办函〔2019〕60号试行格式）",
  version  = "1",
  check = function(r, f)
    if not r.year then return f:na("报告年度不明，无法判断格式版本") end
    if r.year < 2021 then return f:pass("2021年度以前的报告适用2019年试行格式") end
    local old, ev = {}, {}
    for _, id in ipairs({ "t2", "t3" }) do
      local t = r[id]
      if t.found and t.edition == 2019 then
        local cue = id == "t3" and "“（六）其他处理”只有一行，未分列三种情形"
          or "第二十条第（一）项使用“本年新制作数量/本年新公开数量/对外公开总数量”等2019年栏目"
        old[#old + 1] = U.TABLE_CN[id] .. cue
        ev[#ev + 1] = t
      end
    end
    if #old > 0 then
      f:fail(string.format("%d年度报告仍采用2019年试行格式：%s；应使用国办公开办函〔2021〕30号格式",
        r.year, table.concat(old, "；")), table.unpack(ev))
    end
  end,
}

-- Deadline of the year after the report: ctx.params.deadlines[type] = "MM-DD".
local DEFAULT_DEADLINES = { department = "01-31", government = "03-31", township = "03-31", unknown = "03-31" }

indicator {
  id       = "structure.deadline",
  title    = "按时发布年度报告",
  category = "structure",
  severity = "warning",
  basis    = "《政府信息公开条例》第四十九条（部门1月31日前，县级以上人民政府3月31日前）",
  version  = "1",
  check = function(r, f, ctx)
    if not r.published or not r.year then
      return f:na("未能识别发布日期，无法判断是否按时发布")
    end
    local y, m, d = r.published:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
    if not y then return f:na("发布日期格式无法识别：" .. r.published) end
    local kind = U.agency_type(r)
    local dl = (ctx.params and ctx.params.deadlines) or {}
    local due = dl[kind] or DEFAULT_DEADLINES[kind] or dl.government or "03-31"
    local dm, dd = due:match("^(%d%d)%-(%d%d)$")
    local due_date = string.format("%d-%s-%s", r.year + 1, dm, dd)
    if r.published > due_date then
      -- evidence: the signed date when the date came from the document
      f:fail(string.format("%d年度报告于%s发布，晚于规定期限%s", r.year, r.published, due_date),
        table.unpack({ r.published_at }))
    end
  end,
}
