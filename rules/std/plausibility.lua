-- std/plausibility.lua — figures that cannot be right for the kind of agency.
local U = require "std.util"

-- Governments below 设区的市 make no 规章 (立法法 第九十三条): a county's,
-- a 市辖区's, a 旗's (“青岚县人民政府”, “云州市临江区人民政府”, not a
-- 自治区's), and a development zone's 管委会, which is no government at all;
-- so neither do their offices (“青岚县人民政府办公室”).  A 市's may be a
-- 设区的市's or a county-level city's: not judged.
local ZONES = { "开发区", "园区", "新区", "保税区", "试验区", "实验区", "合作区", "示范区" } -- 高新区: a 新区
local function county_level(a)
  local gov = a:match("^(.-)人民政府") or a:match("^(.-)政府") or a
  if gov:find("自治区$") then return false end
  if gov:find("县$") or gov:find("区$") or gov:find("旗$") then return true end
  return a:find("管委会$") ~= nil or (a:find("管理委员会$") ~= nil and U.has(a, ZONES) ~= nil)
end

-- Agencies that report on behalf of a government with power to make 规章
-- (its general office), or central ministries (部门规章).
local function may_report_regulations(r, county)
  local a = r.agency or ""
  if county then return false end
  return a:find("人民政府办公厅", 1, true) or a:find("人民政府办公室", 1, true)
      or a:find("政府办公厅", 1, true) or a:find("^国家") or a:find("部$")
      or a:find("总局$")
end

indicator {
  id       = "plaus.regulations_power",
  title    = "乡镇（街道）、县级人民政府和政府部门不填报规章",
  category = "plausibility",
  severity = "error",
  basis    = "《中华人民共和国立法法》第九十一条、第九十三条（规章由国务院部门和省、设区的市、自治州人民政府制定）；国办公开办函〔2021〕30号 表二 第二十条第（一）项",
  version  = "2",
  check = function(r, f)
    local kind = U.agency_type(r)
    local county = county_level(r.agency or "") -- a county's, or its office
    if kind ~= "township" and kind ~= "department" and not (kind == "government" and county) then
      return f:na("只核查乡镇（街道）、县级人民政府及开发区管委会和政府部门")
    end
    if kind == "department" and may_report_regulations(r, county) then
      return f:na((r.agency or "本机关") .. "代表本级人民政府公开规章，不适用")
    end
    local t = r.t2
    if not t.found then return f:missing("未找到表二，本项无从核对") end
    local row = t.regulations
    if not row then return f:na("表二无规章行") end
    local bad, txt, read = {}, {}, 0
    for _, c in row:cells() do
      if c.value then read = read + 1 end
      if c.value and c.value ~= 0 then
        bad[#bad + 1] = c
        txt[#txt + 1] = U.col_cn(c.column) .. U.fmt(c.value)
      end
    end
    if read == 0 then return f:na("表二“规章”行空白或无法读取") end
    if #bad == 0 then return f:pass("表二“规章”行均为0") end
    if #bad > 0 then
      local what = kind == "township" and "乡镇（街道）"
        or kind == "government" and "县级人民政府（含市辖区、开发区管委会）"
        or county and "县级人民政府的办公室"
        or "政府工作部门"
      f:fail(string.format("%s为%s，没有制定规章的权限，表二“规章”行应为0，实填%s",
        r.agency or "本机关", what, table.concat(txt, "、")), table.unpack(bad))
    end
  end,
}

indicator {
  id       = "plaus.fee_unit",
  title    = "行政事业性收费金额以万元填报",
  category = "plausibility",
  severity = "warning",
  basis    = "国办公开办函〔2021〕30号 表二 第二十条第（八）项（本年收费金额，单位：万元）",
  version  = "4",
  params   = { fee_limits = { type = "table", default = { township = 10000, department = 10000 },
                keys = { "department", "government", "township", "unknown" },
                values = { type = "number", min = 0 },
                doc = "largest plausible fee amount (万元) by agency type" } },
  check = function(r, f, ctx)
    local t = r.t2
    if not t.found then return f:missing("未找到表二，本项无从核对") end
    local v, c = U.get(t, "fees", "amount")
    if c == nil then return f:na("表二无“本年收费金额”栏") end
    local raw = U.compact(c.raw or "")
    -- another unit of money written in the cell: 亿元, 千元
    for _, u in ipairs({ { "亿元", 10000 }, { "千元", 0.1 } }) do
      local unit, scale = u[1], u[2]
      if raw:find(unit, 1, true) then
        return f:fail(string.format("表二行政事业性收费金额写作“%s”，单位为%s，而该栏单位为万元（应填%s）",
          raw, unit, v and U.fmt(v * scale) or "折算后的万元数"), c)
      end
    end
    if raw:find("元", 1, true) and not raw:find("万元", 1, true) then
      return f:fail(string.format("表二行政事业性收费金额写作“%s”，单位为元，而该栏单位为万元（应填%s）",
        raw, v and U.fmt(v / 10000) or "折算后的万元数"), c)
    end
    -- the column's header names another unit ("本年收费金额（单位：元）"):
    -- the loader says so (column.unit), the value is as printed
    local d = U.diagnostic(r, "column.unit", "t2.fees.amount")
    if d and v then
      local unit = d.message:match("^column headed (%S+) ") or "元"
      local scale = ({ ["元"] = 1e-4, ["千元"] = 0.1, ["亿元"] = 1e4 })[unit] or 1e-4
      return f:fail(string.format("表二收费金额栏表头单位为%s，而模板该栏单位为万元（%s%s应填%s万元）",
        unit, U.fmt(v), unit, U.fmt(v * scale)), c)
    end
    if v == nil then return f:na("表二行政事业性收费金额空白或无法读取") end
    local kind = U.agency_type(r)
    local limit = ctx.params.fee_limits[kind]
    if not limit and (kind == "township" or kind == "department") then limit = 10000 end
    if limit and v > limit then
      f:fail(string.format("表二行政事业性收费金额%s万元（即%s亿元），对%s明显过大，疑为以元填入万元栏",
        U.fmt(v), U.fmt(v / 10000), kind == "township" and "乡镇（街道）" or "县级部门"), c)
    end
  end,
}
