-- Results read the way auditors work (issue #14): one year ranked, the
-- others context; duplicates flagged, not ranked twice; a roster's
-- agencies without a report listed as 未发布; nianshen's own results in a
-- district folder never read as reports; group subtotals, severities,
-- 依据 and Chinese labels in every output; the XLSX sheets; Chinese CSV
-- headers (--csv-ids for the machine form); --top and --quiet.
local H = require "helper"

local DISTRICT = H.ROOT .. "/examples/district"
local REPORTS = { "qinglan_jiaoyuju_2023.txt", "qinglan_jiaoyuju_2024.txt",
                  "qinglan_baishizhen_2024.txt", "qinglan_caizhengju_2024.txt" }

teardown(H.cleanup)

-- A district of REPORTS, plus zz_copy.txt: the bytes of baishizhen 2024
-- again (a duplicate by content, after its original in name order).
local function district()
  local dir, d = H.district(REPORTS)
  H.write(d .. "/zz_copy.txt", H.read(DISTRICT .. "/qinglan_baishizhen_2024.txt"))
  return dir, d
end

-- A scheme of three groups: t.prev fails with last year's cell as
-- evidence, t.hint (info) fails everywhere, t.boom breaks on baishizhen.
local function scheme()
  local _, path = H.ruleset({
    ["prev.lua"] = (H.indicator { id = "t.prev", severity = "warning", title = "与上年衔接",
      check = [[if ctx.previous then
        f:fail("上年结转与上年报告不一致", r.t3.carried_over.total, ctx.previous.t3.carried_forward.total)
      end]] }):gsub('category = "spec",', 'category = "spec", basis = "国办公开办函〔2021〕30号 表三",'),
    ["hint.lua"] = H.indicator { id = "t.hint", severity = "info", title = "提示一下",
      check = [[f:fail("仅供提示", r.t3.received.natural_person)]] },
    ["boom.lua"] = H.indicator { id = "t.boom", severity = "error", title = "会出错的指标",
      check = [[if r.path:find("baishizhen", 1, true) then error("boom") end]] },
  }, { counts = { "error", "warning" },
       groups = { { name = "衔接", points = 2, indicators = { { "t.prev", deduct = 1 } } },
                  { name = "提示组", points = 1, indicators = { "t.hint" } },
                  { name = "出错组", points = 1, indicators = { "t.boom" } } } })
  return path
end

local function score(...)
  local args = { "score", "--scheme", scheme() }
  for _, a in ipairs({ ... }) do args[#args + 1] = a end
  return H.cli(table.unpack(args))
end

local function unzip(file, member)
  local _, out = H.sh("unzip -p " .. H.q(file) .. " " .. H.q(member))
  return out
end

-- the shared strings of a workbook, as a set
local function strings(xlsx)
  local set = {}
  for t in unzip(xlsx, "xl/sharedStrings.xml"):gmatch("<t[^>]*>(.-)</t>") do set[t] = true end
  return set
end

describe("score ranks one year", function()
  local dir, d, run, out, err
  setup(function()
    dir, d = district()
    local _
    _, out, err = score(d, "--out", dir .. "/r.json", "--csv", dir .. "/r.csv",
                        "--html", dir .. "/r.html", "--xlsx", dir .. "/r.xlsx",
                        "--csv-ids", dir .. "/ids.csv")
    run = H.json(dir .. "/r.json")
  end)

  it("the latest by default; the other years are context, unranked", function()
    assert.equal(2024, run.summary.year)
    assert.equal(3, run.summary.ranked)
    assert.equal(1, run.summary.context)
    local old = H.result(run, "qinglan_jiaoyuju_2023.txt")
    assert.is_false(old.ranked)
    assert.equal("context", old.unranked)
    assert.is_nil(old.rank)
    local new = H.result(run, "qinglan_jiaoyuju_2024.txt")
    assert.is_true(new.ranked)
    assert.is_number(new.rank)
    -- ranked reports first, then context, then duplicates
    local seen_unranked = false
    for _, r in ipairs(run.results) do
      if not r.ranked then seen_unranked = true else assert.is_false(seen_unranked) end
    end
    assert.matches("ranking of 2024", out, 1, true)
    -- 教育局 2023 is the year before a ranked 教育局 2024
    assert.matches("not ranked: the previous year of a ranked report", out, 1, true)
    -- and its result says which ranked report compares with it
    assert.matches("qinglan_jiaoyuju_2024.txt$",
                   H.result(run, "qinglan_jiaoyuju_2023.txt").compared_with)
  end)

  it("marks context in the CSV, HTML and XLSX", function()
    assert.matches("往年（不排名）", H.read(dir .. "/r.csv"), 1, true)
    assert.matches(',"context",', H.read(dir .. "/ids.csv"), 1, true)
    local html = H.read(dir .. "/r.html")
    assert.matches("排名年度：<b>2024</b>", html, 1, true)
    assert.matches("<table id=context class=unranked>", html, 1, true)
    assert.is_true(strings(dir .. "/r.xlsx")["往年报告（仅供对比，不参与排名）"])
  end)

  it("--year Y ranks that year, --year all every year", function()
    score(d, "--year", "2023", "--out", dir .. "/y.json")
    local y = H.json(dir .. "/y.json")
    assert.equal(2023, y.summary.year)
    assert.equal(1, H.result(y, "qinglan_jiaoyuju_2023.txt").rank)
    assert.equal("context", H.result(y, "qinglan_jiaoyuju_2024.txt").unranked)
    score(d, "--year", "all", "--out", dir .. "/all.json")
    local all = H.json(dir .. "/all.json")
    assert.equal(4, all.summary.ranked) -- every year; the copy is still a duplicate
    assert.is_true(H.result(all, "qinglan_jiaoyuju_2023.txt").ranked)
    local code, _, e = H.cli("score", "--scheme", scheme(), "--year", "last", d)
    assert.equal(64, code)
    assert.matches("--year takes a year", e, 1, true)
  end)

  it("flags a file with the same content, and ranks it once", function()
    assert.equal(1, run.summary.duplicates)
    local copy = H.result(run, "zz_copy.txt")
    assert.is_false(copy.ranked)
    assert.equal("duplicate_content", copy.unranked)
    assert.matches("qinglan_baishizhen_2024.txt$", copy.duplicate_of)
    assert.is_true(H.result(run, "qinglan_baishizhen_2024.txt").ranked)
    assert.matches("DUPLICATE (same content)", out, 1, true)
    assert.matches("重复：内容相同", H.read(dir .. "/r.csv"), 1, true)
    assert.matches("<table id=duplicates class=unranked>", H.read(dir .. "/r.html"), 1, true)
  end)

  it("flags the same agency and year in two different files", function()
    local dir2, d2 = district()
    H.write(d2 .. "/zz_other.txt", H.read(d2 .. "/qinglan_caizhengju_2024.txt") .. "\n附：补充说明。\n")
    score(d2, "--out", dir2 .. "/r.json")
    local r = H.json(dir2 .. "/r.json")
    local other = H.result(r, "zz_other.txt")
    assert.equal("duplicate_agency_year", other.unranked)
    assert.is_nil(other.rank)
    assert.equal(2, r.summary.duplicates)
  end)

  it("flags the same agency under other names of it (县财政局, its 党组's name before it)", function()
    local dir2, d2 = district()
    local src = H.read(d2 .. "/qinglan_caizhengju_2024.txt")
    local title = "青岚县财政局2024年政府信息公开工作年度报告"
    assert.truthy(src:find(title, 1, true))
    local function retitled(name)
      local t = src:gsub(title, name .. "2024年政府信息公开工作年度报告") .. "\n附：补充说明。\n"
      return t
    end
    H.write(d2 .. "/zz_short.txt", retitled("县财政局"))
    H.write(d2 .. "/zz_joint.txt", retitled("中共青岚县财政局党组青岚县财政局"))
    score(d2, "--out", dir2 .. "/r.json")
    local r = H.json(dir2 .. "/r.json")
    for _, name in ipairs({ "zz_short.txt", "zz_joint.txt" }) do
      local other = H.result(r, name)
      assert.equal("duplicate_agency_year", other.unranked, name)
      assert.matches("qinglan_caizhengju_2024.txt$", other.duplicate_of)
    end
  end)
end)

-- A fresh folder of example reports retitled: { [file] = { source, agency } }
-- (the agency written in the title and the signature instead of the
-- source's own).
local function retitled_district(files)
  local dir = H.tmpdir()
  local d = H.mkdir(dir .. "/d")
  for name, spec in pairs(files) do
    local src = H.read(DISTRICT .. "/" .. spec[1])
    local own = src:match("^标题:%s*([^\n]-)20%d%d年政府信息公开工作年度报告") or
                src:match("^([^\n]-)20%d%d年政府信息公开工作年度报告")
    assert(own and #own > 0, spec[1])
    H.write(d .. "/" .. name, (src:gsub(own:gsub("%p", "%%%0"), spec[2])))
  end
  return dir, d
end

describe("agencies as one name or another of them", function()
  it("keep a county's 人民政府 one agency (沛县人民政府, 徐州市沛县人民政府)", function()
    local dir, d = retitled_district({
      ["a_2023.txt"] = { "qinglan_baishizhen_2023.txt", "沛县人民政府" },
      ["a_2024.txt"] = { "qinglan_baishizhen_2024.txt", "沛县人民政府" },
      ["b_2024.txt"] = { "qinglan_caizhengju_2024.txt", "徐州市沛县人民政府" },
    })
    H.write(dir .. "/roster.csv", "沛县人民政府,government\n")
    local code, out = score(d, "--roster", dir .. "/roster.csv", "--out", dir .. "/r.json")
    local r = H.json(dir .. "/r.json")
    assert.equal(0, #r.not_published)
    assert.equal("duplicate_agency_year", H.result(r, "b_2024.txt").unranked)
    -- the previous year is linked, and the listing says so
    assert.matches("not ranked: the previous year of a ranked report", out, 1, true)
    assert.is_true(code <= 2)
  end)

  it("never make two agencies duplicates through a third, shorter name", function()
    local dir, d = retitled_district({
      ["a.txt"] = { "qinglan_jiaoyuju_2024.txt", "县教育局" },
      ["b.txt"] = { "qinglan_caizhengju_2024.txt", "青岚县教育局" },
      ["c.txt"] = { "qinglan_sifaju_2024.txt", "白水县教育局" },
    })
    score(d, "--out", dir .. "/r.json")
    local r = H.json(dir .. "/r.json")
    assert.equal(0, r.summary.duplicates)
    assert.equal(3, r.summary.ranked)
  end)

  -- One agency's name as different years, files and rosters write it:
  -- brackets of either width, its second name (一个机构两块牌子) in
  -- brackets or not, 政府 for 人民政府 (县政府办公室), a space inside.
  it("keep one agency's names that differ by bracket width, a bracketed second name, 政府 for 人民政府", function()
    local dir, d = retitled_district({
      ["czj_2023.txt"] = { "qinglan_caizhengju_2023.txt", "青岚县财政局(青岚县国有资产监督管理局)" },
      ["czj_2024.txt"] = { "qinglan_caizhengju_2024.txt", "青岚县财政局（青岚县国有资产监督管理局）" },
      ["fgj_2023.txt"] = { "qinglan_fagaiju_2023.txt", "青岚县发展和改革局" },
      ["fgj_2024.txt"] = { "qinglan_fagaiju_2024.txt", "青岚县发展和改革局（青岚县粮食和物资储备局）" },
      ["zz_fgj_2024.txt"] = { "qinglan_jiaoyuju_2024.txt", "青岚县发展和改革局(青岚县粮食和物资储备局)" },
      ["zfb_2023.txt"] = { "qinglan_jiaoyuju_2023.txt", "青岚县政府办公室" },
      ["zfb_2024.txt"] = { "qinglan_zhengfuban_2024.txt", "青岚县人民政府办公室" },
      -- another county's 财政局 is no one's previous year
      ["bs_2023.txt"] = { "qinglan_weijianwei_2023.txt", "白水县财政局" },
    })
    H.write(dir .. "/roster.csv", "青岚县财政局（青岚县国有资产监督管理局）,部门\n" ..
            "青岚县发展和改革局(青岚县粮食和物资储备局),部门\n青岚县政府办公室,部门\n")
    score(d, "--roster", dir .. "/roster.csv", "--out", dir .. "/r.json")
    local r = H.json(dir .. "/r.json")
    for old, new in pairs({ ["czj_2023.txt"] = "czj_2024.txt", ["fgj_2023.txt"] = "fgj_2024.txt",
                            ["zfb_2023.txt"] = "zfb_2024.txt" }) do
      assert.matches("/" .. new:gsub("%p", "%%%0") .. "$", H.result(r, old).compared_with or "", nil, old)
    end
    assert.is_nil(H.result(r, "bs_2023.txt").compared_with)
    local dup = H.result(r, "zz_fgj_2024.txt")
    assert.equal("duplicate_agency_year", dup.unranked)
    assert.matches("/fgj_2024.txt$", dup.duplicate_of)
    assert.same({}, r.not_published)
  end)

  -- A bracket naming a part of the agency (a branch, a squad, a station)
  -- is a body of its own: 青岚县财政局（城关分局） reports for the branch.
  it("keep a branch in brackets apart from its bureau (…局（城关分局）, …局（执法大队）)", function()
    local dir, d = retitled_district({
      ["czj_2023.txt"] = { "qinglan_caizhengju_2023.txt", "青岚县财政局" },
      ["czj_2024.txt"] = { "qinglan_caizhengju_2024.txt", "青岚县财政局" },
      ["fj_2024.txt"] = { "qinglan_jiaoyuju_2024.txt", "青岚县财政局（城关分局）" },
      ["fgj_2023.txt"] = { "qinglan_fagaiju_2023.txt", "青岚县发展和改革局" },
      ["dd_2024.txt"] = { "qinglan_fagaiju_2024.txt", "青岚县发展和改革局（价格监督检查大队）" },
    })
    H.write(dir .. "/roster.csv", "青岚县财政局,部门\n青岚县发展和改革局,部门\n")
    score(d, "--roster", dir .. "/roster.csv", "--out", dir .. "/r.json")
    local r = H.json(dir .. "/r.json")
    assert.is_nil(H.result(r, "fj_2024.txt").unranked)
    assert.is_nil(H.result(r, "fj_2024.txt").duplicate_of)
    assert.is_nil(H.result(r, "dd_2024.txt").compared_with)
    -- the bureau whose only report of 2024 is its squad's did not publish
    assert.equal(1, #r.not_published)
    assert.equal("青岚县发展和改革局", r.not_published[1].agency)
  end)

  it("take a report that did not load as the one its file name gives, if it gives one", function()
    local dir, d = H.district({ "qinglan_caizhengju_2024.txt" })
    local doc = "\208\207\017\224\161\177\026\225 a Word 97 file"
    H.write(d .. "/附件2：青岚县审计局2024年政府信息公开工作年度报告.doc", doc)
    H.write(d .. "/关于青岚县文旅局2024年政府信息公开工作年度报告的说明.doc", doc)
    H.write(d .. "/青岚县应急管理局政府信息公开工作年度报告.doc", doc)
    H.write(dir .. "/roster.csv", "青岚县审计局\n青岚县文旅局\n青岚县应急管理局\n")
    score(d, "--year", "2024", "--roster", dir .. "/roster.csv", "--out", dir .. "/r.json")
    local np = {}
    for _, a in ipairs(H.json(dir .. "/r.json").not_published) do np[#np + 1] = a.agency end
    table.sort(np)
    -- a statement about a report is none, and a name without a year no year's
    assert.same({ "青岚县应急管理局", "青岚县文旅局" }, np)
  end)
end)

describe("a roster with a header", function()
  it("that names no expected column has none (备注 after 类型 is a remark)", function()
    local dir, d = H.district({ "qinglan_caizhengju_2024.txt" })
    H.write(dir .. "/roster.csv", "序号,单位名称,类型,备注\n1,青岚县财政局,部门,\n" ..
            "2,青岚县审计局,部门,2023年机构改革后新组建\n")
    local code, _, err = score(d, "--roster", dir .. "/roster.csv", "--out", dir .. "/r.json")
    assert.equal(2, code, err)
    assert.equal("青岚县审计局", H.json(dir .. "/r.json").not_published[1].agency)
  end)

  -- A sheet as Excel saves it: a title row above the header (a merged
  -- cell, the rest of its row empty), CRLF, quoted cells that hold the
  -- separator or a line break (Alt+Enter), "" for a quote, blank lines.
  it("with a title row above it, and cells quoted as Excel quotes them", function()
    local dir, d = H.district({ "qinglan_caizhengju_2024.txt", "qinglan_minzhengju_2024.txt",
                                "qinglan_sifaju_2024.txt" })
    local rows = {
      "青岚县2024年度政府信息公开工作年度报告应发布单位名单,,,,",
      "序号,所属系统,单位名称,类型,是否应公开",
      "1,\"财政,税务\",青岚县财政局,部门,是",
      "",
      "2,民政,\"青岚县民政局\r\n（青岚县老龄工作委员会办公室）\",部门,是",
      "3,\"政法,\"\"司法\"\"\",青岚县司法局,部门,\"是\"",
      "4,\"审计\r\n监督\",青岚县审计局,部门,是",
      "5,统计,青岚县统计局,部门,否",
    }
    H.write(dir .. "/roster.csv", table.concat(rows, "\r\n") .. "\r\n")
    local code, _, err = score(d, "--roster", dir .. "/roster.csv", "--out", dir .. "/r.json")
    assert.equal(2, code, err)
    local np = {}
    for _, a in ipairs(H.json(dir .. "/r.json").not_published) do np[#np + 1] = a.agency end
    assert.same({ "青岚县审计局" }, np)
    -- tab-separated ("Unicode text") under a title row that holds no tab
    H.write(dir .. "/roster.txt", "应发布单位名单\r\n单位名称\t类型\r\n青岚县财政局\t部门\r\n" ..
            "青岚县审计局\t部门\r\n")
    code, _, err = score(d, "--roster", dir .. "/roster.txt", "--out", dir .. "/r2.json")
    assert.equal(2, code, err)
    assert.equal(1, #H.json(dir .. "/r2.json").not_published)
  end)

  it("cuts a name too long for a line at a character, never inside one", function()
    local dir, d = H.district({ "qinglan_caizhengju_2024.txt" })
    for _, q in ipairs({ "", "\"" }) do
      H.write(dir .. "/roster.csv", "单位名称,类型\n" .. q .. "xy" .. ("长"):rep(1000) .. q .. ",部门\n")
      score(d, "--roster", dir .. "/roster.csv", "--out", dir .. "/r.json")
      local np = H.json(dir .. "/r.json").not_published
      assert.equal(1, #np)
      assert.is_number(utf8.len(np[1].agency), q)
      assert.matches("^xy长长", np[1].agency)
    end
  end)

  -- the agency column under wordings of its own; a first data row whose
  -- remark says 名称 is no header
  it("finds the agency column under a wording of its own (机构名称, 被考核单位)", function()
    local dir, d = H.district({ "qinglan_caizhengju_2024.txt" })
    for i, head in ipairs({ "序号,单位名称（全称）,类型", "序号,部门（单位）名称,类型", "序号,机构名称,类型",
                            "序号,被考核单位,类型", "序号,公开主体,类型" }) do
      H.write(dir .. "/roster.csv", head .. "\n1,青岚县财政局,部门\n2,青岚县审计局,部门\n")
      local code, _, err = score(d, "--roster", dir .. "/roster.csv", "--out", dir .. "/r" .. i .. ".json")
      assert.equal(2, code, head .. ": " .. err)
      local np = H.json(dir .. "/r" .. i .. ".json").not_published
      assert.equal(1, #np, head)
      assert.equal("青岚县审计局", np[1].agency, head)
    end
    -- no header: a data row with a remark on 名称, an agency of no type
    -- the name tells (…公司) and its type 部门 is data
    H.write(dir .. "/roster.csv", "青岚县财政局,部门,是,单位名称变更\n青岚县供电公司,部门,是,\n" ..
            "青岚县审计局,部门,是,\n")
    local code, _, err = score(d, "--roster", dir .. "/roster.csv", "--out", dir .. "/r9.json")
    assert.equal(2, code, err)
    local np = {}
    for _, a in ipairs(H.json(dir .. "/r9.json").not_published) do np[#np + 1] = a.agency end
    table.sort(np)
    assert.same({ "青岚县供电公司", "青岚县审计局" }, np)
  end)

  -- No header below a line of data: a roster of names alone whose third
  -- reads as a column's name (…机关, …单位) is still a roster of names.
  it("never takes a line below the roster's data for its header", function()
    local dir, d = H.district({ "qinglan_caizhengju_2024.txt" })
    H.write(dir .. "/roster.csv", "青岚县审计局\n青岚县统计局,部门\n青岚县直属机关\n青岚县财政局\n")
    score(d, "--roster", dir .. "/roster.csv", "--out", dir .. "/r.json")
    local np = {}
    for _, a in ipairs(H.json(dir .. "/r.json").not_published) do np[#np + 1] = a.agency end
    table.sort(np)
    assert.same({ "青岚县审计局", "青岚县直属机关", "青岚县统计局" }, np)
  end)

  -- A quote typed by hand at a name's start, never closed (or closed by
  -- the next such quote, inside a field), quotes nothing: the lines after
  -- it are the roster's.
  it("reads a quote never closed as part of its line, not the rest of the roster", function()
    local dir, d = H.district({ "qinglan_caizhengju_2024.txt" })
    H.write(dir .. "/roster.csv", "单位名称,类型\n\"青岚县审计局,部门\n青岚县财政局,部门\n" ..
            "\"青岚县统计局,部门\n")
    score(d, "--roster", dir .. "/roster.csv", "--out", dir .. "/r.json")
    local np = {}
    for _, a in ipairs(H.json(dir .. "/r.json").not_published) do np[#np + 1] = a.agency end
    table.sort(np)
    assert.same({ "青岚县审计局", "青岚县统计局" }, np)
  end)

  it("finds the yes/no column under a wording of its own (是否应当公开)", function()
    local dir, d = H.district({ "qinglan_caizhengju_2024.txt" })
    H.write(dir .. "/roster.csv", "单位名称,单位类型,是否应当公开\n青岚县财政局,部门,是\n" ..
            "青岚县国家安全局,部门,否\n")
    local code = score(d, "--roster", dir .. "/roster.csv", "--out", dir .. "/r.json")
    assert.equal(0, #H.json(dir .. "/r.json").not_published)
    assert.is_true(code < 3)
  end)
end)

describe("score's outputs", function()
  local dir, d, run, html, csv
  setup(function()
    dir, d = district()
    score(d, "--out", dir .. "/r.json", "--csv", dir .. "/r.csv", "--html", dir .. "/r.html",
          "--xlsx", dir .. "/r.xlsx", "--csv-ids", dir .. "/ids.csv")
    run = H.json(dir .. "/r.json")
    html = H.read(dir .. "/r.html")
    csv = H.read(dir .. "/r.csv")
  end)

  it("carry the scheme's groups and a subtotal per group", function()
    assert.equal(3, #run.scheme.groups)
    assert.equal("t.prev", run.scheme.groups[1].indicators[1].id)
    assert.matches("^\239\187\191名次,完整性,单位,类型,年度,得分", csv)
    assert.matches("\"衔接（2分）\",\"提示组（1分）\",\"出错组（1分）\"\n", csv, 1, true)
    local row = csv:match("\n[^\n]*qinglan_jiaoyuju_2024%.txt[^\n]*")
    assert.matches(",1,1,1$", row) -- 衔接 lost a point to t.prev
    assert.matches("<th>衔接<br><small>2分</small></th>", html, 1, true)
    assert.matches("<table class=groups>", html, 1, true)
    assert.is_true(strings(dir .. "/r.xlsx")["衔接（2分）"])
    assert.matches("^\239\187\191rank,complete,agency,agency_type,year,score,max_score,errors,"
                   .. "warnings,infos,not_assessable,rule_errors,load_error,path,status,"
                   .. "duplicate_of,\"group:衔接\"", H.read(dir .. "/ids.csv"))
  end)

  it("show an info finding as 提示, never as 不符合", function()
    for div in html:gmatch("<div class=\"finding[^\"]*\"><b>提示一下</b>.-</div>\n</div>") do
      assert.matches("提示", div, 1, true)
      assert.is_nil(div:find("不符合", 1, true))
    end
    assert.matches("<div class=\"finding f-info\"><b>提示一下</b>", html, 1, true)
    assert.matches("<div class=\"finding f%-warning\"><b>与上年衔接</b>.-不符合", html)
    assert.matches("依据：国办公开办函〔2021〕30号 表三", html, 1, true)
  end)

  it("name cells by the template's labels, and last year's evidence by its file and year", function()
    assert.matches("表三“本年新收政府信息公开申请数量”行“自然人”列", html, 1, true)
    local f = H.findings(H.result(run, "qinglan_jiaoyuju_2024.txt"), "t.prev")[1]
    assert.equal(2023, f.evidence[2].report.year)
    assert.matches("qinglan_jiaoyuju_2023.txt$", f.evidence[2].report.path)
    assert.is_nil(f.evidence[1].report) -- the report's own cell
    assert.matches("〔2023年度报告 qinglan_jiaoyuju_2023.txt〕表三“结转下年度继续办理”行“总计”列",
                   html, 1, true)
  end)

  it("quote the report's own lines around the evidence, the evidence marked", function()
    local pre = html:match("<pre class=src data%-file=\"qinglan_jiaoyuju_2024.txt\">(.-)</pre>")
    assert.is_string(pre)
    assert.matches("<span class=\"ln hl\">", pre, 1, true)
    assert.matches("<mark>", pre, 1, true)
    -- last year's cell is quoted from last year's file
    assert.matches("<pre class=src data%-file=\"qinglan_jiaoyuju_2023.txt\">", html)
  end)

  it("has the XLSX sheets, Chinese, with frozen headers and filters", function()
    local wb = unzip(dir .. "/r.xlsx", "xl/workbook.xml")
    for _, name in ipairs({ "排名", "问题清单", "指标矩阵" }) do
      assert.matches("name=\"" .. name .. "\"", wb, 1, true)
    end
    for k = 1, 3 do
      local sheet = unzip(dir .. "/r.xlsx", "xl/worksheets/sheet" .. k .. ".xml")
      assert.matches("<pane ", sheet, 1, true)
      assert.matches("<autoFilter ", sheet, 1, true)
    end
    local s = strings(dir .. "/r.xlsx")
    for _, t in ipairs({ "严重程度", "扣分", "证据", "提示", "不符合", "规则出错", "不完整",
                         "与上年衔接" }) do
      assert.is_true(s[t], t)
    end
    -- the findings sheet: one row per failing finding, no passes
    local find = unzip(dir .. "/r.xlsx", "xl/worksheets/sheet2.xml")
    local rows = select(2, find:gsub("<row ", ""))
    local failing = 0
    for _, r in ipairs(run.results) do
      for _, f in ipairs(r.findings) do
        if f.status == "fail" or f.status == "error" then failing = failing + 1 end
      end
    end
    assert.equal(failing + 1, rows)
  end)

  it("mark a report whose rule broke as incomplete in the new sheets and sections", function()
    local b = H.result(run, "qinglan_baishizhen_2024.txt")
    assert.is_true(b.incomplete)
    assert.matches("<td class=\"h%-error\" title=\"青岚县白石镇人民政府：规则出错\">", html)
    assert.matches("<div class=\"finding broke\"><b>会出错的指标</b>", html, 1, true)
    assert.matches("青岚县白石镇人民政府 2024 年度 — [%d.]+ / 4 分 <span class=mark>（评分不完整）</span>", html)
    assert.matches("\n%d+,不完整,\"青岚县白石镇人民政府\"", csv)
    assert.matches("<th class=\"a inc\"><div><a href=\"#r%d+\" title=\"青岚县白石镇人民政府（评分不完整）\">", html)
    assert.is_true(strings(dir .. "/r.xlsx")["青岚县白石镇人民政府 2024（评分不完整）"])
  end)

  it("is one self-contained page with a summary, chart, heat map and print style", function()
    assert.matches("<meta name=\"generator\" content=\"nianshen%-results", html)
    for _, id in ipairs({ "summary", "score-chart", "top-failed", "ranking-table", "heatmap",
                          "heat-table" }) do
      assert.is_truthy(html:find("id=" .. id .. " ", 1, true) or html:find("id=" .. id .. ">", 1, true), id)
    end
    assert.matches("@media print", html, 1, true)
    assert.is_nil(html:find("src=\"http", 1, true))
    assert.is_nil(html:find("<link ", 1, true))
    assert.is_nil(html:find("<script", 1, true))
  end)
end)

describe("texts an XML or HTML file may not hold", function()
  -- XML 1.0 has no C0 controls but tab, LF, CR, nor U+FFFE, U+FFFF; HTML
  -- makes DEL, the C1 controls and the other noncharacters errors too
  local function bad_chars(text, html)
    local bad = {}
    for _, c in utf8.codes(text) do -- raises on bytes that are not UTF-8
      if (c < 32 and c ~= 9 and c ~= 10 and c ~= 13) or c & 0xFFFE == 0xFFFE or
         (html and ((c >= 0x7F and c <= 0x9F) or (c >= 0xFDD0 and c <= 0xFDEF))) then
        bad[#bad + 1] = string.format("U+%04X", c)
      end
    end
    return table.concat(bad, " ")
  end

  it("are shown as U+FFFD in the workbook and the page, which stay well-formed", function()
    local dir, path = H.ruleset({
      ["x.lua"] = H.indicator { id = "x.a", title = "标题\u{FFFF}", check = [[
        f:fail("说明\u{FFFE}\1\27[2J\u{9B}\u{FDD0}", { text = "证据\u{FFFF}\127", line = 1 })]] },
    }, { groups = { { name = "G\u{FFFF}", points = 1, indicators = { "x.a" } } } })
    local code, _, err = H.cli("score", "--scheme", path, "--quiet", "--xlsx", dir .. "/r.xlsx",
                               "--html", dir .. "/r.html", H.ROOT .. "/examples/district/qinglan_caizhengju_2024.txt")
    assert.is_true(code <= 2, err)
    local xml = unzip(dir .. "/r.xlsx", "xl/sharedStrings.xml")
    for _, member in ipairs({ "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml" }) do
      xml = xml .. unzip(dir .. "/r.xlsx", member)
    end
    assert.equal("", bad_chars(xml))
    assert.matches("说明\u{FFFD}\u{FFFD}\u{FFFD}[2J\u{9B}\u{FDD0}", xml, 1, true)
    assert.matches("标题\u{FFFD}", xml, 1, true)
    assert.matches("G\u{FFFD}", xml, 1, true)
    local html = H.read(dir .. "/r.html")
    assert.equal("", bad_chars(html, true))
    assert.matches("说明\u{FFFD}\u{FFFD}\u{FFFD}[2J\u{FFFD}\u{FFFD}", html, 1, true)
  end)
end)

describe("long group names", function()
  it("head their columns whole in the CSV and the workbook: UTF-8, each its own, with its points", function()
    -- a header built in 300 bytes cut the name inside a character and lost
    -- its （N分）: the CSV was not UTF-8 and two groups had one header
    local a, b = string.rep("组", 100) .. "甲", string.rep("组", 100) .. "乙"
    local dir, path = H.ruleset({
      ["x.lua"] = H.indicator { id = "x.a", check = "f:pass()" },
      ["y.lua"] = H.indicator { id = "x.b", check = "f:pass()" },
    }, { groups = { { name = a, points = 1, indicators = { "x.a" } },
                    { name = b, points = 2, indicators = { "x.b" } } } })
    local code, _, err = H.cli("score", "--scheme", path, "--quiet", "--csv", dir .. "/r.csv",
                               "--csv-ids", dir .. "/ids.csv", "--xlsx", dir .. "/r.xlsx",
                               DISTRICT .. "/qinglan_caizhengju_2024.txt")
    assert.equal(0, code, err)
    local csv = H.read(dir .. "/r.csv")
    assert.is_truthy(utf8.len(csv), "the CSV is not UTF-8")
    local head = csv:match("^[^\n]*")
    assert.matches(',"' .. a .. '（1分）","' .. b .. '（2分）"$', head)
    local ids = H.read(dir .. "/ids.csv")
    assert.is_truthy(utf8.len(ids))
    assert.matches(',"group:' .. a .. '","group:' .. b .. '"\n', ids)
    local set = strings(dir .. "/r.xlsx")
    assert.is_true(set[a .. "（1分）"], "no whole header of " .. a)
    assert.is_true(set[b .. "（2分）"])
  end)
end)

describe("the HTML's excerpts of a report's lines", function()
  it("are not shown from a file changed since it was scored: the quote the result holds is", function()
    -- the page re-reads the file for the lines around the evidence: a file
    -- changed after scoring had other lines shown and highlighted
    local dir, path = H.ruleset({
      ["x.lua"] = H.indicator { id = "x.a", severity = "warning",
                                check = [[f:fail("看这里", (r.s1:find("责任追究", true)))]] },
    }, { groups = { { name = "G", points = 1, indicators = { "x.a" } } } })
    local file = H.write(dir .. "/qinglan_baishizhen_2024.txt",
                         H.read(DISTRICT .. "/qinglan_baishizhen_2024.txt"))
    local run = assert(H.ns.execute(assert(H.ns.scheme(path)), { file }))
    assert(run:write(dir .. "/before.html"))
    local before = H.read(dir .. "/before.html")
    local pre = before:match("<pre class=src data%-file=\"qinglan_baishizhen_2024.txt\">(.-)</pre>")
    assert.matches("<mark>责任追究</mark>", pre, 1, true)
    assert.is_nil(before:find("评分后已被改动", 1, true))
    -- the same results written again after the file changed
    H.write(file, "篡改行一\n篡改行二\n篡改行三\n" .. H.read(DISTRICT .. "/qinglan_baishizhen_2024.txt"))
    assert(run:write(dir .. "/after.html"))
    local after = H.read(dir .. "/after.html")
    assert.matches("（该文件在评分后已被改动，与评分时的校验值不符，不显示其现有内容；下为评分时引用的原文）",
                   after, 1, true)
    assert.is_nil(after:find("<span class=\"ln[^\"]*\"><b>")) -- no numbered line of the file
    pre = after:match("<pre class=src data%-file=\"qinglan_baishizhen_2024.txt\">(.-)</pre>")
    assert.matches("^<span class=\"ln hl\">….-<mark>责任追究</mark>", pre)
    assert.is_nil(after:find("篡改行", 1, true))
  end)
end)

describe("a district folder", function()
  it("never has nianshen's own results read as reports", function()
    local dir, d = district()
    score(d, "--out", d .. "/results.json", "--html", d .. "/results.html",
          "--csv", d .. "/results.csv", "--xlsx", d .. "/results.xlsx")
    local code, _, err = score(d, "--out", dir .. "/again.json")
    local again = H.json(dir .. "/again.json")
    assert.equal(5, again.summary.reports)
    assert.equal(0, again.summary.failed_to_load)
    assert.matches("skipped " .. d .. "/results.json (results written by nianshen", err, 1, true)
    assert.matches("skipped " .. d .. "/results.html (results written by nianshen", err, 1, true)
    assert.is_true(code < 3 or code == 3) -- t.boom breaks: 3
    -- a page that merely mentions nianshen is still read
    H.write(d .. "/notes.html", "<html><body><p>nianshen-results 是一个工具</p></body></html>")
    score(d, "--out", dir .. "/third.json")
    assert.equal(6, H.json(dir .. "/third.json").summary.reports)
  end)

  it("whose file names are not UTF-8 still gives UTF-8 results (U+FFFD for the bytes)", function()
    local dir, d = district()
    H.write(d .. "/jiaoyu\255\254_2024.txt", H.read(DISTRICT .. "/qinglan_jiaoyuju_2024.txt"))
    H.write(d .. "/broken\255.docx", "not a zip")
    score(d, "--out", dir .. "/r.json", "--csv", dir .. "/r.csv", "--ndjson", dir .. "/r.ndjson")
    for _, f in ipairs({ "r.json", "r.csv", "r.ndjson" }) do
      assert.is_truthy(utf8.len(H.read(dir .. "/" .. f)), f .. " is not UTF-8")
    end
    local paths = {}
    for _, res in ipairs(H.json(dir .. "/r.json").results) do paths[#paths + 1] = res.path end
    local all = table.concat(paths, "\n")
    assert.matches("jiaoyu\239\191\189\239\191\189_2024.txt", all, 1, true)
    assert.matches("broken\239\191\189.docx", all, 1, true)
  end)

  it("with a roster lists the agencies that published nothing, unranked, as 未发布", function()
    local dir, d = district()
    H.write(dir .. "/agencies.csv", "\239\187\191agency,type,expected\n青岚县教育局,department,yes\n"
            .. "青岚县水利局,department,yes\n青岚县档案馆,department,no\n财政局,department,\n")
    local code, out = score(d, "--roster", dir .. "/agencies.csv", "--out", dir .. "/r.json",
                            "--csv", dir .. "/r.csv", "--html", dir .. "/r.html",
                            "--xlsx", dir .. "/r.xlsx")
    assert.equal(3, code)
    local run = H.json(dir .. "/r.json")
    assert.equal(1, run.summary.not_published)
    assert.equal("青岚县水利局", run.not_published[1].agency)
    assert.equal(2024, run.not_published[1].year)
    assert.matches("not published", out, 1, true)
    assert.matches("青岚县水利局[^\n]*未发布", out)
    assert.matches(",,\"青岚县水利局\",\"部门\",2024,[^\n]*\"未发布\"", H.read(dir .. "/r.csv"))
    assert.matches("<table id=not%-published>.-青岚县水利局.-未发布", H.read(dir .. "/r.html"))
    assert.is_true(strings(dir .. "/r.xlsx")["未发布"])
    local bad = H.cli("score", "--scheme", scheme(), "--roster", dir .. "/none.csv", d)
    assert.equal(3, bad)
    assert.is_nil(run.not_published[1].closest)
  end)

  it("with a roster whose names are misspelt says so: a stray space is dropped, a name a slip away is named, a line twice counted once", function()
    local dir, d = district()
    H.write(dir .. "/agencies.csv", "青岚县财证局\n青岚县 教育局\n青岚县教育局\n")
    local _, out, err = score(d, "--roster", dir .. "/agencies.csv", "--out", dir .. "/r.json")
    local run = H.json(dir .. "/r.json")
    assert.equal(1, run.summary.not_published)
    assert.equal("青岚县财证局", run.not_published[1].agency)
    assert.equal("青岚县财政局", run.not_published[1].closest)
    assert.matches("未发布 (a report of 青岚县财政局 was scored: the same agency, misspelt or shortened?)",
                   out, 1, true)
    assert.matches("agencies.csv:3: 青岚县教育局 is listed twice; counted once", err, 1, true)
  end)

  it("reads a roster saved by Excel as GB18030 or UTF-16, and refuses one of no text", function()
    local dir, d = district()
    local csv = "单位,类型\n青岚县教育局,部门\n青岚县水利局,部门\n"
    H.write(dir .. "/utf8.csv", csv)
    for _, enc in ipairs({ "GB18030", "UTF-16" }) do
      assert.equal(0, H.sh("iconv -f UTF-8 -t " .. enc .. " " .. H.q(dir .. "/utf8.csv") .. " > "
                           .. H.q(dir .. "/" .. enc .. ".csv")))
      local _, out = score(d, "--roster", dir .. "/" .. enc .. ".csv", "--out", dir .. "/r.json")
      local run = H.json(dir .. "/r.json")
      assert.equal(1, run.summary.not_published, enc)
      assert.equal("青岚县水利局", run.not_published[1].agency, enc)
      assert.is_truthy(utf8.len(H.read(dir .. "/r.json")), enc)
      assert.matches("1 not published", out, 1, true)
    end
    -- Excel's "Unicode text" is tab-separated: the header and 否 read as such
    H.write(dir .. "/tabs.txt", "agency\ttype\texpected\r\n青岚县教育局\t部门\t是\r\n"
            .. "青岚县水利局\t部门\t是\r\n青岚县档案馆\t部门\t否\r\n")
    assert.equal(0, H.sh("iconv -f UTF-8 -t UTF-16 " .. H.q(dir .. "/tabs.txt") .. " > "
                         .. H.q(dir .. "/tabs16.txt")))
    -- a list typed with a Chinese keyboard; columns named, in another order
    H.write(dir .. "/cn.csv", "青岚县教育局，部门，是\n青岚县水利局，部门\n青岚县档案馆，部门，否\n")
    H.write(dir .. "/named.csv", "序号;是否应公开;单位名称\n1;是;青岚县教育局\n2;是;青岚县水利局\n"
            .. "3;否;青岚县档案馆\n")
    for _, f in ipairs({ "tabs16.txt", "cn.csv", "named.csv" }) do
      score(d, "--roster", dir .. "/" .. f, "--out", dir .. "/r.json")
      local run = H.json(dir .. "/r.json")
      assert.equal(1, run.summary.not_published, f)
      assert.equal("青岚县水利局", run.not_published[1].agency, f)
    end
    -- a full-width comma inside a name's brackets separates nothing
    H.write(dir .. "/names.csv", "青岚县水利局（青岚县河长办，青岚县防汛办）\n青岚县教育局\n")
    score(d, "--roster", dir .. "/names.csv", "--out", dir .. "/r.json")
    local run = H.json(dir .. "/r.json")
    assert.equal(1, run.summary.not_published)
    assert.equal("青岚县水利局（青岚县河长办，青岚县防汛办）", run.not_published[1].agency)
    H.write(dir .. "/bin.csv", "\255\254\0\216x")
    local code, _, err = H.cli("score", "--scheme", scheme(), "--roster", dir .. "/bin.csv", d)
    assert.equal(3, code)
    assert.matches("not text in UTF-8, GB18030 or UTF-16", err, 1, true)
  end)
end)

describe("the printed ranking", function()
  it("is cut by --top N, and --quiet prints nothing but errors", function()
    local dir, d = district()
    H.write(d .. "/notes.docx.bak", "x")
    local _, out = score(d, "--top", "1")
    local rows = 0
    for _ in out:gmatch("\n%s+%d+[! ] ") do rows = rows + 1 end
    assert.equal(1, rows)
    assert.matches("… 2 more ranked (--top 1)", out, 1, true)
    local _, qout, qerr = score(d, "--quiet", "--out", dir .. "/r.json")
    assert.equal("", qout)
    assert.is_nil(qerr:find("skipped", 1, true))
    assert.matches("rule error", qerr, 1, true) -- errors are still said
  end)
end)

describe("progress on stderr", function()
  it("shows on a terminal in a run past a second, never with --quiet or off a terminal", function()
    local dir = H.tmpdir()
    local d = H.mkdir(dir .. "/d")
    local src = H.read(DISTRICT .. "/qinglan_fagaiju_2024.txt")
    for i = 1, 40 do H.write(d .. string.format("/r%02d.txt", i), src) end
    local _, path = H.ruleset({ ["slow.lua"] = H.indicator { id = "t.slow",
      check = "local x = 0 for i = 1, 10000000 do x = x + i end" } },
      { groups = { { name = "G", points = 1, indicators = { "t.slow" } } } })
    local cmd = "timeout 120 " .. H.q(H.CLI) .. " score --max-steps 1000000000 --scheme "
                .. H.q(path) .. " " .. H.q(d)
    -- script(1) gives the command a terminal; what it wrote comes on stdout
    local _, out = H.sh("script -qfec " .. H.q(cmd) .. " /dev/null")
    assert.matches("nianshen: scored %d+ of 40 reports, %d+/s, about %d+ s left", out)
    assert.matches("\r\27%[K", out) -- rewritten in place, and cleared at the end
    local _, qout = H.sh("script -qfec " .. H.q(cmd .. " --quiet") .. " /dev/null")
    assert.is_nil(qout:find("nianshen: scored", 1, true))
    local _, _, err = H.sh(cmd)
    assert.is_nil(err:find("scored", 1, true))
  end)
end)

describe("the heat map and the XLSX matrix", function()
  it("show what the indicator deducted, not its first finding's part", function()
    local dir, d = H.district({ "qinglan_caizhengju_2024.txt", "qinglan_baishizhen_2024.txt" })
    local _, path = H.ruleset({
      ["two.lua"] = H.indicator { id = "t.two", severity = "error", title = "两处不符",
        check = [[f:fail("第一处") f:fail("第二处") f:fail("第三处")]] },
    }, { counts = { "error" },
         groups = { { name = "组", points = 3, indicators = { { "t.two", deduct = 0.5, cap = 2 } } } } })
    H.cli("score", "--scheme", path, d, "--out", dir .. "/r.json", "--html", dir .. "/r.html",
          "--xlsx", dir .. "/r.xlsx")
    local res = H.json(dir .. "/r.json").results[1] -- both alike
    assert.equal(1.5, res.groups[1].deductions[1].points)
    assert.equal(0.5, res.findings[1].deduction)
    local heat = H.read(dir .. "/r.html"):match("id=heat%-table.-</table>")
    assert.matches("：不符合\">1.5</td>", heat, 1, true)
    local matrix = unzip(dir .. "/r.xlsx", "xl/worksheets/sheet3.xml")
    assert.matches("<v>1.5</v>", matrix, 1, true)
    assert.is_nil(matrix:find("<v>0.5</v>", 1, true))
  end)

  it("name an indicator shared by two groups by both, with what both lost", function()
    local dir, d = H.district({ "qinglan_caizhengju_2024.txt", "qinglan_baishizhen_2024.txt" })
    local _, path = H.ruleset({
      ["two.lua"] = H.indicator { id = "t.two", severity = "error", title = "两处不符",
        check = [[f:fail("第一处") f:fail("第二处")]] },
    }, { counts = { "error" },
         groups = { { name = "甲组", points = 2, indicators = { { "t.two", deduct = 1, cap = 2, shared = true } } },
                    { name = "乙组", points = 1, indicators = { { "t.two", deduct = 0.25, cap = 1, shared = true } } } } })
    H.cli("score", "--scheme", path, d, "--html", dir .. "/r.html")
    local heat = H.read(dir .. "/r.html"):match("id=heat%-table.-</table>")
    assert.matches("<th colspan=%d+>甲组、乙组</th>", heat)
    assert.matches("：不符合\">2.5</td>", heat, 1, true)
  end)

  it("quote long text evidence cut at a character, and say how many pieces the XLSX cell leaves out", function()
    local dir, d = H.district({ "qinglan_caizhengju_2024.txt", "qinglan_baishizhen_2024.txt" })
    local _, path = H.ruleset({
      ["long.lua"] = H.indicator { id = "t.long", severity = "error", title = "长证据",
        check = [[local ev = {}
          for i = 1, 64 do ev[i] = { text = string.rep("证", 1300) .. i, line = i } end
          f:fail("很长", table.unpack(ev))]] },
    }, { counts = { "error" }, groups = { { name = "组", points = 1, indicators = { "t.long" } } } })
    H.cli("score", "--scheme", path, d, "--html", dir .. "/r.html", "--xlsx", dir .. "/r.xlsx")
    local html = H.read(dir .. "/r.html")
    assert.matches("证证…”", html, 1, true) -- 400 bytes were 133 characters and a broken one
    assert.is_nil(html:find("\239\191\189", 1, true)) -- no U+FFFD
    local cells = unzip(dir .. "/r.xlsx", "xl/sharedStrings.xml")
    assert.matches("……另有%d+条证据（见 JSON 或 HTML）", cells)
    assert.is_nil(cells:find("\239\191\189", 1, true))
  end)
end)
