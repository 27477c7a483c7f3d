-- std/structure.lua — the report's skeleton: six sections in template order,
-- front matter, template edition, publication deadline.
local U = require "std.util"

local BASIS_TEMPLATE = "国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》"

-- A report that numbers its parts its own way (narrative parts 一…七, tables
-- headed 一、二、三: the loader's one section.numbering diagnostic) is ONE
-- structure finding: structure.sections names the template's parts it
-- lacks in one finding, else structure.titles says how it numbers them;
-- structure.order and the per-part title findings stay silent.
local function own_numbering(r)
  for _, d in ipairs(r.diagnostics or {}) do
    if d.code == "section.numbering" then return d end
  end
end

local NUMERALS = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" }

-- The headings the report gave its parts: "五 → 六、存在的主要问题及改进情况".
local function numbering_list(r)
  local out = {}
  for i, sec in ipairs(U.SECTIONS) do
    local s = r[sec.id]
    if s.found and s.title then
      local t = U.compact(s.title)
      if t:sub(1, #NUMERALS[i] + 3) ~= NUMERALS[i] .. "、" then
        out[#out + 1] = string.format("“%s”作第%s部分", U.clip(s.title, 24), sec.no)
      end
    end
  end
  return out
end

local function missing_sections(r)
  local out = {}
  for _, sec in ipairs(U.SECTIONS) do
    -- a heading out of order is structure.order's finding, not a missing section
    if not r[sec.id].found and not U.misplaced(r, sec) then out[#out + 1] = sec end
  end
  return out
end

indicator {
  id       = "structure.sections",
  title    = "年报包含模板规定的六个部分",
  category = "structure",
  severity = "error",
  basis    = "《政府信息公开条例》第五十条；" .. BASIS_TEMPLATE,
  version  = "3",
  check = function(r, f)
    -- a part the loader knew by its words, its heading left out (the
    -- loader's section.untitled): there, but not as the template sets it out
    for _, sec in ipairs(U.SECTIONS) do
      local s = r[sec.id]
      if s.found and not s.title then
        f:fail(string.format("第%s部分「%s」缺少标题：其内容据文意认定", sec.no, sec.title), s)
      end
    end
    local missing = missing_sections(r)
    if #missing == 0 then return end
    if own_numbering(r) then
      local names = {}
      for i, sec in ipairs(missing) do names[i] = sec.title end
      local own = numbering_list(r)
      return f:fail(string.format("报告未按模板的六个部分编排，自行编号各部分（%s），未见模板的%s",
        table.concat(own, "；"), table.concat(names, "、")))
    end
    for _, sec in ipairs(missing) do
      f:fail(string.format("缺少第%s部分「%s」：全文未找到以“%s、”编号的该部分标题",
        sec.no, sec.title, sec.no))
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
    if own_numbering(r) then
      return f:na("报告自行编号各部分，顺序不逐一比对（见结构指标）")
    end
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

indicator {
  id       = "structure.titles",
  title    = "各部分标题按模板编号",
  category = "structure",
  severity = "info",
  basis    = BASIS_TEMPLATE,
  version  = "2",
  check = function(r, f)
    if own_numbering(r) then
      if #missing_sections(r) > 0 then
        return f:na("报告自行编号各部分（已在“年报包含模板规定的六个部分”报告）")
      end
      local ev = {}
      for _, sec in ipairs(U.SECTIONS) do
        if r[sec.id].found then ev[#ev + 1] = r[sec.id] end
      end
      return f:fail(string.format("报告自行编号各部分：%s（模板为“一、总体情况”至“六、其他需要报告的事项”）",
        table.concat(numbering_list(r), "；")), table.unpack(ev))
    end
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
  version  = "2",
  check = function(r, f)
    -- an agency or a year only the file's name gives (a meta diagnostic
    -- at "file") is none the report writes
    local from_file = {}
    for _, d in ipairs(r.diagnostics or {}) do
      if d.where == "file" then from_file[d.code] = true end
    end
    if not r.agency or r.agency == "" or from_file["meta.agency"] then
      f:fail("标题未写明发布机关名称（应为“{机关名称}{年度}年政府信息公开工作年度报告”）")
    end
    if not r.year or from_file["meta.year"] then
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
  version  = "2",
  params   = { deadlines = { type = "table", doc = "publication deadline MM-DD by agency type",
                keys = { "department", "government", "township", "unknown" },
                values = { type = "string", format = "MM-DD" },
                default = { department = "01-31", government = "03-31", township = "03-31", unknown = "03-31" } } },
  check = function(r, f, ctx)
    if not r.published or not r.year then
      return f:na("未能识别发布日期，无法判断是否按时发布")
    end
    local y, m, d = r.published:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
    if not y then return f:na("发布日期格式无法识别：" .. r.published) end
    -- a date within the year reported on is no date of this report's
    -- publication: a signature kept from last year's report (“2024年1月20日”
    -- under the 2024 report, tables/meta_year_stale_signature.txt) or a
    -- slip. It would pass any deadline; it proves none.
    local year_end = string.format("%d-12-31", r.year)
    if r.published <= year_end then
      return f:na(string.format("发布日期%s在%d年度结束之前，不可能是该年度报告的发布日期（落款日期可能沿用往年），无法判断是否按时发布",
        r.published, r.year))
    end
    local kind = U.agency_type(r)
    local dl = (ctx.params and ctx.params.deadlines) or {}
    local due = dl[kind] or DEFAULT_DEADLINES[kind] or dl.government or "03-31"
    local dm, dd = due:match("^(%d%d)%-(%d%d)$")
    local due_date = string.format("%d-%s-%s", r.year + 1, dm, dd)
    if r.published > due_date then
      -- evidence: the signed date when the date came from the document
      f:fail(string.format("%d年度报告于%s发布，晚于规定期限%s", r.year, r.published, due_date),
        table.unpack({ r.published_at }))
    else
      f:pass(string.format("%d年度报告于%s发布，未晚于规定期限%s（%s）", r.year, r.published, due_date,
        U.agency_type_cn(r)))
    end
  end,
}

-- 一、总体情况 covers the five aspects the 2021 template's notes list (主动公开,
-- 依申请公开, 政府信息管理, 平台建设, 监督保障). Each aspect is recognised by
-- the family of words real reports use for it, in a sub-heading or in the
-- prose (seen in tests/corpus: “（四）政府信息公开平台建设情况”, “（四）平台载体建设
-- 方面”, “（四）加强平台建设，扩展公开渠道”, “（五）及时回应关切，自觉接受监督”,
-- “（三）完善公开制度规范，加强政府信息管理”, 河川乡's “（五）监督保障”): one
-- finding naming the aspects none of whose words occur.
local S1_ASPECTS = {
  { name = "主动公开", words = { "主动公开", "主动发布", "公开政府信息", "发布政府信息", "公开各类", "发布各类",
                                "公布政府信息", "主动向社会公开", "发布政务信息", "公开信息", "发布信息",
                                "公开了" } },
  -- “收到申请公开政府信息的要求0条” (龙口镇 2023), “未收到群众要求公开政府信息的申请”
  { name = "依申请公开", words = { "依申请", "申请" } },
  { name = "政府信息管理", words = { "信息管理", "审核", "审查", "保密", "先审后发", "三审", "公开属性",
                                    "规范性文件清理", "清理规范性文件", "公开目录", "源头认定", "发布审批",
                                    "审签", "把关", "动态调整", "录审分离" } },
  { name = "平台建设", words = { "平台", "网站", "新媒体", "公众号", "公开栏", "公告栏", "公示栏", "专栏",
                                "公开专区", "公报", "门户", "小程序", "载体", "政务号", "微信", "微博" } },
  { name = "监督保障", words = { "监督", "保障机制", "组织保障", "考核", "培训", "督查", "督促", "检查",
                                "评议", "问责", "责任追究", "组织领导", "领导小组", "评估", "通报" } },
}

indicator {
  id       = "s1.aspects",
  title    = "总体情况涵盖主动公开、依申请公开、信息管理、平台建设、监督保障",
  category = "content",
  severity = "warning",
  basis    = BASIS_TEMPLATE .. " 一、总体情况",
  version  = "2",
  check = function(r, f)
    local s = r.s1
    if not s.found then return f:missing("未找到第一部分，本项无从评判") end
    if not r.year then return f:na("报告年度不明，无法判断适用的年报格式") end
    if r.year < 2021 then return f:na("2021年度以前的试行格式未列出总体情况的各方面") end
    local t = U.compact(s.text)
    local missing = {}
    for _, a in ipairs(S1_ASPECTS) do
      if not U.has(t, a.words) then missing[#missing + 1] = a.name end
    end
    if #missing > 0 then
      f:fail(string.format("第一部分“总体情况”未涉及%s（模板要求概述主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面）",
        table.concat(missing, "、")), s)
    end
  end,
}
