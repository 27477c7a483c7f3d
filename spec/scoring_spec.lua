-- Scoring arithmetic (docs/rules.md §5): small rule files and schemes in a
-- temporary directory, scored through the module over a real report.
local H = require "helper"
local ns = H.ns

local REPORT = H.corpus("yuanzhou_hechuan_xiang_2023.txt")
local report = assert(ns.load(REPORT))

-- An indicator failing n times (messages "#1", "#2"…).
local function failing(id, n, severity)
  return H.indicator {
    id = id, severity = severity or "error",
    check = string.format("for i = 1, %d do f:fail('#' .. i, r.s1) end", n),
  }
end

-- Score `report` with indicators { [file] = source } and scheme fields.
local function score(files, scheme)
  local _, path = H.ruleset(files, scheme)
  local s = assert(ns.scheme(path))
  local res, outcome = ns.score(s, report)
  assert.is_table(res, outcome)
  return res, outcome, s
end

local function group(res, name)
  for _, g in ipairs(res.groups) do
    if g.name == name then return g end
  end
end

local function deduction(g, id)
  for _, d in ipairs(g.deductions) do
    if d.indicator == id then return d end
  end
end

local function close(a, b)
  assert.is_true(math.abs(a - b) < 1e-9, string.format("%s ~= %s", tostring(a), tostring(b)))
end

-- Every deduction names findings of its indicator that failed, and the
-- findings' own deductions add up to it.
local function check_named(res)
  for _, g in ipairs(res.groups) do
    for _, d in ipairs(g.deductions) do
      assert.is_true(#d.findings > 0, "deduction without findings: " .. d.indicator)
      local sum = 0
      for _, k in ipairs(d.findings) do
        local f = res.findings[k + 1] -- 0-based indexes into findings
        assert.is_table(f)
        assert.equal(d.indicator, f.rule)
        assert.equal("fail", f.status)
        assert.is_true(f.deduction > 0)
        sum = sum + f.deduction
      end
      close(d.points, sum)
    end
  end
end

after_each(H.cleanup)

describe("scoring", function()
  it("deducts per failing finding", function()
    local res = score({ ["a.lua"] = failing("t.three", 3) }, {
      groups = { { name = "G", points = 5, indicators = { { "t.three", deduct = 0.5, cap = 10 } } } },
    })
    local g = group(res, "G")
    close(deduction(g, "t.three").points, 1.5)
    close(g.score, 3.5)
    close(res.score, 3.5)
    assert.equal(5, res.max_score)
    local fs = H.findings(res, "t.three")
    assert.equal(3, #fs)
    for _, f in ipairs(fs) do close(f.deduction, 0.5) end
    check_named(res)
  end)

  it("keeps decimal points decimal, so that equal scores are equal", function()
    -- 10 - 0.1 - 0.2 is 9.700000000000001 in binary fractions, and 10 -
    -- 0.3 is 9.7: two reports losing the same points must tie, and the
    -- results show the points as the scheme writes them
    local res = score({ ["a.lua"] = failing("t.a", 1), ["b.lua"] = failing("t.b", 1) }, {
      groups = { { name = "G", points = 10, indicators = {
        { "t.a", deduct = 0.1, cap = 1 }, { "t.b", deduct = 0.2, cap = 1 } } } },
    })
    assert.equal(9.7, res.score)
    assert.equal(9.7, group(res, "G").score)
    -- groups of 4.8 and 9.6 points add up to 14.399999999999999, where a
    -- report with 4.4 and 10 has 14.4: the same score, ranked apart
    local only = function(id, agency)
      return H.indicator { id = id, severity = "error", check = string.format(
        "if (r.agency or ''):find(%q, 1, true) then f:fail('#1', r.s1) end", agency) }
    end
    local _, path = H.ruleset({ ["a.lua"] = only("t.a", "财政局"), ["b.lua"] = only("t.b", "财政局"),
                                ["c.lua"] = only("t.c", "教育局") }, {
      groups = { { name = "A", points = 5, indicators = { { "t.a", deduct = 0.2, cap = 1 },
                                                           { "t.c", deduct = 0.6, cap = 1 } } },
                 { name = "B", points = 10, indicators = { { "t.b", deduct = 0.4, cap = 1 } } } },
    })
    local dir, d = H.district({ "qinglan_caizhengju_2024.txt", "qinglan_jiaoyuju_2024.txt" })
    H.cli("score", "--scheme", path, d, "--quiet", "--out", dir .. "/r.json")
    local run = H.json(dir .. "/r.json")
    for _, r in ipairs(run.results) do
      assert.equal(14.4, r.score)
      assert.equal(1, r.rank)
    end
    res = score({ ["a.lua"] = failing("t.a", 3) }, {
      groups = { { name = "G", points = 1, indicators = { { "t.a", deduct = 0.1, cap = 1 } } } },
    })
    assert.equal(0.3, deduction(group(res, "G"), "t.a").points)
    assert.equal(0.7, res.score)
  end)

  it("stops an indicator's deduction at its cap", function()
    local res = score({ ["a.lua"] = failing("t.five", 5) }, {
      groups = { { name = "G", points = 10, indicators = { { "t.five", deduct = 1, cap = 2.5 } } } },
    })
    local g = group(res, "G")
    local d = deduction(g, "t.five")
    close(d.points, 2.5)
    close(g.score, 7.5)
    local per = {}
    for i, f in ipairs(H.findings(res, "t.five")) do per[i] = f.deduction end
    assert.same({ 1, 1, 0.5, 0, 0 }, per)
    assert.equal(3, #d.findings) -- the findings that deducted, and only those
    check_named(res)
  end)

  it("caps at the group's points when the scheme names no cap", function()
    local res = score({ ["a.lua"] = failing("t.ten", 10) }, {
      groups = { { name = "G", points = 4, indicators = { { "t.ten", deduct = 1 } } } },
    })
    close(deduction(group(res, "G"), "t.ten").points, 4)
    close(group(res, "G").score, 0)
  end)

  it("never takes a group below zero, nor touches other groups", function()
    local res = score({ ["a.lua"] = failing("t.x", 3) .. failing("t.y", 3) .. failing("t.z", 1) }, {
      groups = {
        { name = "G1", points = 4, indicators = {
            { "t.x", deduct = 1, cap = 3 }, { "t.y", deduct = 1, cap = 3 } } },
        { name = "G2", points = 2, indicators = { { "t.z", deduct = 0.5 } } },
      },
    })
    close(group(res, "G1").score, 0)
    close(group(res, "G2").score, 1.5)
    close(res.score, 1.5)
    assert.equal(6, res.max_score)
    check_named(res)
  end)

  it("deducts only the severities the scheme counts", function()
    local files = { ["a.lua"] = failing("t.err", 1, "error") .. failing("t.warn", 1, "warning")
                                .. failing("t.info", 1, "info") }
    local groups = { { name = "G", points = 10, indicators = {
      { "t.err", deduct = 1 }, { "t.warn", deduct = 2 }, { "t.info", deduct = 4 } } } }

    local res = score(files, { counts = { "error", "warning" }, groups = groups })
    close(res.score, 7)
    assert.is_nil(deduction(group(res, "G"), "t.info"))
    assert.equal(0, H.findings(res, "t.info")[1].deduction)
    assert.same({ error = 1, warning = 1, info = 1, not_assessable = 0, rule_errors = 0 }, res.counts)

    res = score(files, { counts = { "error" }, groups = groups })
    close(res.score, 9)

    res = score(files, { groups = groups }) -- default: every severity
    close(res.score, 3)
    check_named(res)
  end)

  it("deducts nothing for not assessable", function()
    local res = score({ ["a.lua"] = H.indicator { id = "t.na", severity = "error",
                                                  check = "f:na('无法判断')" } }, {
      groups = { { name = "G", points = 3, indicators = { "t.na" } } },
    })
    close(res.score, 3)
    local f = H.findings(res, "t.na")[1]
    assert.equal("na", f.status)
    assert.equal("无法判断", f.message)
    assert.equal(0, f.deduction)
    assert.equal(1, res.counts.not_assessable)
    assert.equal(ns.PASSED, res.outcome)
  end)

  -- The copy index is the dearest part of a run that compares texts across
  -- reports; a run builds it only for a scheme that asks.
  -- A 五 of megabytes (a padded report, or text that is no 五) would cost
  -- the supervisor, under no check's limit, memory and time with the square
  -- of the run's text: the index compares the first 32 KB of own words
  -- (about 10,900 Han characters, three times the longest 五 seen).
  it("compares the first 32 KB of a 五's own words", function()
    local dir = H.tmpdir()
    local src = H.read(H.ROOT .. "/examples/district/qinglan_fagaiju_2024.txt")
    local seed = 1
    local function han(n)
      local t = {}
      for i = 1, n do
        seed = (seed * 1103515245 + 12345) % 2147483648
        t[i] = utf8.char(0x4E00 + seed % 3000)
      end
      return table.concat(t)
    end
    local shared = han(12000)
    for k, name in ipairs({ "甲局", "乙局" }) do
      local five = "五、存在的主要问题及改进情况\n" .. shared .. han(6000) .. "。\n"
      local text = src:gsub("五、存在的主要问题及改进情况\n.-\n六、", function() return five .. "六、" end)
      H.write(dir .. "/r" .. k .. ".txt", (text:gsub("发展和改革局", name)))
    end
    local check = H.indicator { id = "t.copies", severity = "error", check = [[
      local c = ctx.copies("s5")
      f:fail(string.format("%d %.2f", c.count, c.closest[1] and c.closest[1].similarity or -1))]] }
    check = check:gsub('category = "spec",', 'category = "spec", uses = { "copies" },')
    local rdir, scheme = H.ruleset({ ["a.lua"] = check }, { groups = { { name = "G", points = 3,
      indicators = { "t.copies" } } } })
    local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", rdir .. "/o.json", dir)
    assert.equal(2, code, err)
    for _, res in ipairs(H.json(rdir .. "/o.json").results) do
      -- the tails (a third of each text) are past what is compared: alike
      assert.equal("1 1.00", H.findings(res, "t.copies")[1].message, res.path)
    end
  end)

  it("answers ctx.copies only for an indicator of a scheme that declares uses = { 'copies' }", function()
    local check = [[
    local c = ctx.copies("s5")
    f:fail(type(c) .. " " .. tostring(c and c.peers))]]
    local undeclared = H.indicator { id = "t.copies", severity = "error", check = check }
    local res = score({ ["a.lua"] = undeclared }, {
      groups = { { name = "G", points = 3, indicators = { "t.copies" } } },
    })
    local f = H.findings(res, "t.copies")[1]
    assert.equal("error", f.status)
    assert.matches('uses = { "copies" }', f.message, 1, true)

    local declared = undeclared:gsub('category = "spec",', 'category = "spec", uses = { "copies" },')
    res = score({ ["a.lua"] = declared }, {
      groups = { { name = "G", points = 3, indicators = { "t.copies" } } },
    })
    f = H.findings(res, "t.copies")[1]
    assert.equal("fail", f.status)
    assert.equal("table 0", f.message) -- a run of one report: no peers
    -- a section the index does not hold reads nil; no section is a mistake
    for id, want in pairs({ s6 = "nil", S5 = "ctx.copies: no section 'S5' (did you mean 's5'?" }) do
      res = score({ ["a.lua"] = declared:gsub('ctx.copies%("s5"%)', 'ctx.copies("' .. id .. '")') }, {
        groups = { { name = "G", points = 3, indicators = { "t.copies" } } },
      })
      assert.matches(want, H.findings(res, "t.copies")[1].message, 1, true)
    end

    -- another author's indicator declaring it builds the index, but answers
    -- none but its own: an undeclared check worked only while the other
    -- stood in the scheme
    local other = H.indicator { id = "t.declares", severity = "error", check = "" }
      :gsub('category = "spec",', 'category = "spec", uses = { "copies" },')
    res = score({ ["a.lua"] = undeclared, ["b.lua"] = other }, {
      groups = { { name = "G", points = 3, indicators = { "t.copies", "t.declares" } } },
    })
    f = H.findings(res, "t.copies")[1]
    assert.equal("error", f.status)
    assert.matches('the indicator must declare uses = { "copies" }', f.message, 1, true)

    local wrong = undeclared:gsub('category = "spec",', 'category = "spec", uses = { "copy" },')
    local _, path = H.ruleset({ ["a.lua"] = wrong },
      { groups = { { name = "G", points = 3, indicators = { "t.copies" } } } })
    local sch, err = ns.scheme(path)
    assert.is_nil(sch)
    assert.matches("indicator 't.copies': uses: unknown 'copy' (known: copies)", err, 1, true)
    -- at the line that declares it, not the indicator's first
    local _, path2 = H.ruleset({ ["a.lua"] = wrong:gsub("uses = ", "\n  uses = ") },
      { groups = { { name = "G", points = 3, indicators = { "t.copies" } } } })
    _, err = ns.scheme(path2)
    assert.matches("rules/a.lua:3: indicator 't.copies': uses: unknown 'copy'", err, 1, true)
  end)

  it("deducts an indicator's cap for a rule that breaks, and reports it", function()
    local src = H.indicator { id = "t.broken", severity = "error", check = [[
    f:fail("recorded before the error")
    error("boom")]] }
    local res, outcome = score({ ["broken.lua"] = src .. failing("t.ok", 1) }, {
      groups = { { name = "G", points = 5, indicators = { { "t.broken", cap = 2 }, { "t.ok", deduct = 1 } } } },
    })
    local fs = H.findings(res, "t.broken")
    assert.equal(1, #fs) -- the error, not what was recorded before it
    assert.equal("error", fs[1].status)
    assert.matches("^rules/broken%.lua:%d+: boom", fs[1].message)
    assert.equal(2, fs[1].deduction) -- not passed: all it can deduct (its cap)
    close(res.score, 2) -- t.ok still ran and deducted
    assert.equal(1, res.counts.rule_errors)
    assert.equal(ns.ERRORS, outcome)
    assert.equal(ns.ERRORS, res.outcome)
  end)

  it("deducts an indicator's cap, once, for what the report leaves out (f:missing)", function()
    local src = H.indicator { id = "t.absent", severity = "error", check = [[
    f:missing("未找到表三，本项无从核对", r.s3)
    f:fail("一处")
    f:missing("未找到表四")]] }
    local res, outcome = score({ ["m.lua"] = src .. failing("t.ok", 1) }, {
      groups = { { name = "G", points = 5, indicators = {
        { "t.absent", deduct = 0.5, cap = 2 }, { "t.ok", deduct = 1 } } } },
    })
    local fs = H.findings(res, "t.absent")
    assert.equal(3, #fs)
    assert.equal("fail", fs[1].status)
    assert.is_true(fs[1].missing)
    assert.equal("未找到表三，本项无从核对", fs[1].message)
    assert.equal(1, #fs[1].evidence)
    assert.is_nil(fs[2].missing) -- a plain failure stays plain
    close(deduction(group(res, "G"), "t.absent").points, 2) -- the cap, not 3 × 0.5
    close(res.score, 2)
    assert.equal(4, res.counts.error) -- missing findings are failures
    assert.equal(ns.FAILURES, outcome)
    check_named(res)
    -- its message is a finding's: never empty, and named as f:missing
    local bad = H.indicator { id = "t.empty", check = [[f:missing("  ")]] }
    local res2 = score({ ["e.lua"] = bad }, {
      groups = { { name = "G", points = 5, indicators = { { "t.empty", cap = 1 } } } } })
    local e = H.findings(res2, "t.empty")[1]
    assert.equal("error", e.status)
    assert.matches("f:missing%(message, evidence%.%.%.%): message is only white space", e.message)
  end)

  it("records passes, and a check that records nothing has passed", function()
    local res, outcome = score({ ["a.lua"] =
        H.indicator { id = "t.silent", check = "" } ..
        H.indicator { id = "t.says", check = "f:pass('表三平衡')" } }, {
      groups = { { name = "G", points = 1, indicators = { "t.silent", "t.says" } } },
    })
    assert.equal("pass", H.findings(res, "t.silent")[1].status)
    local says = H.findings(res, "t.says")[1]
    assert.equal("pass", says.status)
    assert.equal("表三平衡", says.message)
    close(res.score, 1)
    assert.equal(ns.PASSED, outcome)
  end)

  it("classes the outcome by the worst finding", function()
    local groups = { { name = "G", points = 10, indicators = { "t.i" } } }
    local _, o = score({ ["a.lua"] = failing("t.i", 1, "info") }, { groups = groups })
    assert.equal(ns.PASSED, o)
    _, o = score({ ["a.lua"] = failing("t.i", 1, "warning") }, { groups = groups })
    assert.equal(ns.WARNINGS, o)
    _, o = score({ ["a.lua"] = failing("t.i", 1, "error") }, { groups = groups })
    assert.equal(ns.FAILURES, o)
  end)

  it("keeps each finding's indicator metadata and evidence", function()
    local res = score({ ["a.lua"] = H.indicator { id = "t.ev", version = "7", check = [[
    f:fail("表三", r.t3.received.total, r.t3.received, r.s5, r.s1:find("623条", true), { text = "备注" })]] } }, {
      groups = { { name = "G", points = 1, indicators = { "t.ev" } } },
    })
    local f = H.findings(res, "t.ev")[1]
    assert.equal("7", f.version)
    assert.equal("warning", f.severity)
    assert.equal("spec", f.category)
    local ev = f.evidence
    assert.equal(5, #ev)
    assert.same({ "cell", "row", "section", "text", "text" },
                { ev[1].kind, ev[2].kind, ev[3].kind, ev[4].kind, ev[5].kind })
    assert.equal("t3.received.total", ev[1].cell)
    assert.equal(53, ev[1].line) -- as printed in the document
    assert.equal(32, ev[1].col)
    assert.equal(0, ev[1].value)
    assert.equal("s5", ev[3].section)
    assert.equal(86, ev[3].line)
    assert.equal("623条", ev[4].text)
    assert.equal(11, ev[4].line)
    assert.equal(53, ev[4].col)
    assert.equal("备注", ev[5].text)
  end)
end)

describe("the scheme", function()
  it("records its sha256, which follows the scheme and its rules", function()
    local dir, path = H.ruleset({ ["a.lua"] = failing("t.a", 1) },
      { groups = { { name = "G", points = 1, indicators = { "t.a" } } } })
    local s1 = assert(ns.scheme(path))
    assert.matches("^%x+$", s1.sha256)
    assert.equal(64, #s1.sha256)
    assert.equal(s1.sha256, assert(ns.scheme(path)).sha256)
    -- a rule file changes: the digest changes
    H.write(dir .. "/rules/a.lua", failing("t.a", 2))
    local s2 = assert(ns.scheme(path))
    assert.are_not.equal(s1.sha256, s2.sha256)
    -- so does the scheme file
    H.write(path, H.read(path) .. "\n-- a comment\n")
    assert.are_not.equal(s2.sha256, assert(ns.scheme(path)).sha256)
    -- and a run records it
    local run = ns.run(s2, { REPORT })
    assert.equal(s2.sha256, run.scheme.sha256)
    assert.equal("spec scheme", s2.name)
  end)

  it("refuses to load with a named error", function()
    local _, path = H.ruleset({ ["a.lua"] = failing("t.a", 1) },
      { groups = { { name = "G", points = 1, indicators = { "t.missing" } } } })
    local s, msg, code = ns.scheme(path)
    assert.is_nil(s)
    assert.matches("t.missing", msg, 1, true)
    assert.equal("NS_ERR_RULE", code)

    local _, p2 = H.ruleset({ ["a.lua"] = "indicator { id = 'x', check = function( }" },
      { groups = { { name = "G", points = 1, indicators = { "x" } } } })
    s, msg, code = ns.scheme(p2)
    assert.is_nil(s)
    assert.matches("a%.lua:1:", msg)
    assert.equal("NS_ERR_RULE", code)
  end)
end)

describe("what each check cost (ns.execute's profile)", function()
  it("is a line per check in the scheme's order, empty for a run not profiled", function()
    local _, path = H.ruleset({ ["a.lua"] = failing("t.a", 1),
      -- t.slow: tens of milliseconds a report, far past what t.a's first
      -- call in a process costs (its view and the run's lazy tables)
      ["b.lua"] = H.indicator { id = "t.slow", check = "local x = 0; for i = 1, 3000000 do x = x + i end" } },
      { groups = { { name = "G", points = 2, indicators = { "t.a", "t.slow" } } } })
    local s = assert(ns.scheme(path))
    local costs = assert(ns.execute(s, { REPORT, H.corpus("pingtan_zhqu_2023.txt") }, 2, nil,
      { profile = true })):costs()
    assert.equal(2, #costs)
    assert.equal("t.a", costs[1].indicator)
    assert.equal("t.slow", costs[2].indicator)
    for _, c in ipairs(costs) do
      assert.equal(2, c.reports)
      assert.equal(0, c.stopped)
      assert.truthy(c.seconds >= c.max_seconds and c.max_seconds > 0)
      assert.matches("%.txt$", c.max_path)
    end
    assert.truthy(costs[2].seconds > costs[1].seconds)
    assert.same({}, assert(ns.execute(s, { REPORT })):costs())
    -- a misspelt option is refused, not ignored
    local ok, err = pcall(ns.execute, s, { REPORT }, 1, nil, { profil = true })
    assert.is_false(ok)
    assert.matches("unknown option profil %(did you mean profile%?%)", err)
  end)
end)

describe("the context of a check", function()
  -- one finding telling what the check saw
  local SEE = H.indicator { id = "t.see", severity = "info", check = [[
    local p = ctx.previous
    local names = {}
    for _, o in ipairs(ctx.peers) do names[#names + 1] = o.agency .. o.year end
    table.sort(names)
    f:fail(string.format("previous=%s peers=%s", p and (p.agency .. p.year) or "nil",
      table.concat(names, ",")))
    if p then
      f:fail("previous carried_forward=" .. tostring(p.t3.carried_forward.total.value))
      local ok, err = pcall(function() p.year = 1 end)
      f:fail("previous writable=" .. tostring(ok) .. " " .. tostring(err))
    end]] }

  local function see(run, name)
    local r = H.result(run, name)
    assert.is_table(r, name)
    local out = {}
    for i, f in ipairs(H.findings(r, "t.see")) do out[i] = f.message end
    return out
  end

  local scheme
  before_each(function()
    local _, path = H.ruleset({ ["see.lua"] = SEE },
      { groups = { { name = "G", points = 1, indicators = { "t.see" } } } })
    scheme = assert(ns.scheme(path))
  end)

  it("has no previous report two years back, and no peers of the same agency", function()
    local run = ns.run(scheme, { H.corpus("pingtan_zhqu_2021.txt"), H.corpus("pingtan_zhqu_2023.txt") })
    assert.same({ "previous=nil peers=" }, see(run, "pingtan_zhqu_2021.txt"))
    assert.same({ "previous=nil peers=" }, see(run, "pingtan_zhqu_2023.txt"))
  end)

  it("gives the same agency's report of the year before as ctx.previous", function()
    -- the 2021 report of 平潭, entered as the zone's 2022 report
    local run = ns.run(scheme, {
      { H.corpus("pingtan_zhqu_2021.txt"), year = 2022 },
      H.corpus("pingtan_zhqu_2023.txt"),
    })
    assert.same({ "previous=nil peers=" }, see(run, "pingtan_zhqu_2021.txt"))
    local seen = see(run, "pingtan_zhqu_2023.txt")
    assert.equal("previous=平潭综合实验区2022 peers=", seen[1])
    assert.matches("^previous carried_forward=%d+$", seen[2])
    assert.matches("previous writable=false .*read%-only.*'year'", seen[3])
  end)

  it("knows a township's report under its name without 人民政府 as the same agency", function()
    -- "青岚县白石镇2024年…" after "青岚县白石镇人民政府2023年…": one agency
    local D = H.ROOT .. "/examples/district/"
    local run = ns.run(scheme, {
      D .. "qinglan_baishizhen_2023.txt",
      { D .. "qinglan_baishizhen_2024.txt", agency = "青岚县白石镇" },
      { D .. "qinglan_caizhengju_2024.txt", agency = "白石镇人民政府" },
    })
    local seen = see(run, "qinglan_baishizhen_2024.txt")
    assert.equal("previous=青岚县白石镇人民政府2023 peers=", seen[1])
  end)

  it("takes as ctx.previous the report of the same name, and none of a name too vague", function()
    local D = H.ROOT .. "/examples/district/"
    local last = {
      { D .. "qinglan_jiaoyuju_2023.txt", agency = "县教育局" },
      { D .. "qinglan_caizhengju_2023.txt", agency = "青岚县教育局" },
      { D .. "qinglan_baishizhen_2023.txt", agency = "白水县教育局" },
    }
    local run = ns.run(scheme, { last[1], last[2], last[3], D .. "qinglan_jiaoyuju_2024.txt" })
    assert.equal("previous=青岚县教育局2023 peers=", see(run, "qinglan_jiaoyuju_2024.txt")[1])
    -- 县教育局 of 2024: 青岚县's or 白水县's, it does not say
    run = ns.run(scheme, { last[2], last[3], { D .. "qinglan_jiaoyuju_2024.txt", agency = "县教育局" } })
    assert.equal("previous=nil peers=", see(run, "qinglan_jiaoyuju_2024.txt")[1])
  end)

  it("gives the other agencies' reports of the same year as ctx.peers", function()
    local run = ns.run(scheme, {
      H.corpus("pingtan_zhqu_2023.txt"), H.corpus("pingtan_zhqu_2021.txt"),
      H.corpus("yuanzhou_hechuan_xiang_2023.txt"), H.corpus("shuyang_fgj_2023.html"),
      H.corpus("huaian_shi_2024.pdf"),
    }, 2)
    assert.same({ "previous=nil peers=原州区河川乡2023,沭阳县发展和改革局2023" },
                see(run, "pingtan_zhqu_2023.txt"))
    assert.same({ "previous=nil peers=平潭综合实验区2023,沭阳县发展和改革局2023" },
                see(run, "yuanzhou_hechuan_xiang_2023.txt"))
    assert.same({ "previous=nil peers=" }, see(run, "huaian_shi_2024.pdf"))
  end)

  it("takes a directory's subdirectories too, and refuses a run of no report", function()
    local dir = H.tmpdir()
    H.mkdir(dir .. "/乡镇/2024")
    H.write(dir .. "/乡镇/2024/a.txt", H.read(H.corpus("pingtan_zhqu_2023.txt")))
    H.write(dir .. "/b.txt", H.read(H.corpus("yuanzhou_hechuan_xiang_2023.txt")))
    H.mkdir(dir .. "/.hidden")
    H.write(dir .. "/.hidden/c.txt", H.read(H.corpus("pingtan_zhqu_2021.txt")))
    local run = assert(ns.run(scheme, { dir }))
    assert.equal(2, #run.results)
    assert.same({ "previous=nil peers=原州区河川乡2023" }, see(run, "a.txt"))
    local ex = assert(ns.execute(scheme, { dir }))
    assert.equal(2, #ex)
    H.mkdir(dir .. "/empty")
    for _, f in ipairs({ ns.run, ns.execute }) do
      local none, msg, code = f(scheme, { dir .. "/empty" })
      assert.is_nil(none)
      assert.equal("no report files found in the paths given", msg)
      assert.equal("NS_ERR_NOTFOUND", code)
    end
  end)

  it("has an empty ctx.peers and no ctx.previous when one report is scored", function()
    local res = ns.score(scheme, report)
    assert.same({ "previous=nil peers=" }, (function()
      local out = {}
      for i, f in ipairs(H.findings(res, "t.see")) do out[i] = f.message end
      return out
    end)())
  end)

  it("gives the scheme's params, read-only", function()
    local _, path = H.ruleset({ ["p.lua"] = H.indicator { id = "t.p", check = [[
      f:fail("dept=" .. ctx.params.deadlines.department)
      local ok, err = pcall(function() ctx.params.deadlines.department = "12-31" end)
      f:fail(tostring(ok) .. " " .. tostring(err))
      f:fail("after=" .. ctx.params.deadlines.department)]] } },
      { params = { deadlines = { department = "01-31" } },
        groups = { { name = "G", points = 1, indicators = { "t.p" } } } })
    local res = ns.score(assert(ns.scheme(path)), report)
    local msgs = {}
    for i, f in ipairs(H.findings(res, "t.p")) do msgs[i] = f.message end
    assert.equal("dept=01-31", msgs[1])
    assert.matches("^false rules/p%.lua:%d+: .*read%-only.*'department'", msgs[2])
    assert.equal("after=01-31", msgs[3])
  end)
end)

describe("a run", function()
  it("ranks by score and keeps reports that failed to load", function()
    local dir, path = H.ruleset({ ["a.lua"] = H.indicator { id = "t.year", check = [[
      if r.year == 2023 then f:fail("2023") end]] } },
      { groups = { { name = "G", points = 2, indicators = { "t.year" } } } })
    local bad = H.write(dir .. "/corrupt.pdf", "%PDF-1.4\nthis is not a PDF\n")
    local s = assert(ns.scheme(path))
    local run, worst = ns.run(s, { H.corpus("pingtan_zhqu_2023.txt"), H.corpus("huaian_shi_2024.pdf"), bad }, 2)
    assert.equal(ns.ERRORS, worst)
    assert.equal(3, run.summary.reports)
    assert.equal(2, run.summary.loaded)
    assert.equal(1, run.summary.failed_to_load)
    assert.equal(2024, run.results[1].year)
    assert.equal(2, run.results[1].score)
    assert.equal(1, run.results[1].rank)
    assert.equal(1, run.results[2].score)
    local c = H.result(run, "corrupt.pdf")
    assert.is_string(c.load_error)
    assert.equal("NS_ERR_FORMAT", c.load_error_code)
    assert.is_nil(c.score)
    assert.equal(3, c.rank)
  end)

  it("ranks one year when asked (nil: every year; 'latest'; a year), the others rank 0", function()
    local s = assert(ns.scheme(H.ROOT .. "/rules/schemes/equivalent.lua"))
    local two = { H.corpus("pingtan_zhqu_2021.txt"), H.corpus("pingtan_zhqu_2023.txt") }
    local function ranked(run)
      local out = {}
      for _, r in ipairs(run.results) do
        if r.rank and r.rank > 0 then out[#out + 1] = r.year end
      end
      table.sort(out)
      return table.concat(out, ",")
    end
    assert.equal("2021,2023", ranked(ns.run(s, two)))
    assert.equal("2023", ranked(ns.run(s, two, 1, "latest")))
    local r2021 = {}
    for _, res in assert(ns.execute(s, two, 1, 2021)):results() do
      if res.rank > 0 then r2021[#r2021 + 1] = res.year end
    end
    assert.same({ 2021 }, r2021)
    assert.has_error(function() ns.run(s, two, 1, "newest") end)
    -- jobs is 1 or more: 0 or -5 refused, not made 1 (nor 2^32 wrapped to 0)
    for _, fn in ipairs({ "run", "execute" }) do
      for _, bad in ipairs({ 0, -5 }) do
        local ok, err = pcall(ns[fn], s, two, bad)
        assert.is_false(ok, fn .. " " .. bad)
        assert.matches("bad argument #3 to '" .. fn .. "' (jobs must be 1 or more (got " .. bad .. ")",
          err, 1, true)
      end
      -- told before anything loads: an empty directory is not reached
      local ok, err = pcall(ns[fn], s, { H.tmpdir() }, 0)
      assert.is_false(ok, fn)
      assert.matches("bad argument #3 to '" .. fn .. "' (jobs must be 1 or more (got 0)", err, 1, true)
      assert.is_truthy(ns[fn](s, { two[1] }, 1 << 32))
    end
    -- a year no report is of ranks nobody: refused as the command refuses
    -- it, naming the years the run has
    for _, fn in ipairs({ "run", "execute" }) do
      local ok, err = pcall(ns[fn], s, two, 1, 1999)
      assert.is_false(ok, fn)
      assert.matches("no report of 1999 in the run; years present: 2021, 2023", err, 1, true)
      assert.matches("nil ranks every year", err, 1, true)
    end
  end)
end)

-- A report never gains by leaving out what the template asks for: every
-- report of the example district, scored alone, against itself without
-- its tables, without 五, and with 五's heading but none of its words.
describe("leaving things out", function()
  local dir = H.ROOT .. "/examples/district"
  local function cut(text, from, to, keep)
    local a = text:find("\n" .. from, 1, true)
    local b = text:find("\n" .. to, (a or 0) + 1, true)
    if not a or not b then return nil end
    local head = keep and text:sub(a, (text:find("\n", a + 1, true) or b)) or "\n"
    return text:sub(1, a - 1) .. head .. text:sub(b + 1)
  end
  local cuts = {
    ["without its tables"] = function(t) return (t:gsub("[^\n]*\t[^\n]*\n", "")) end,
    ["without 五"] = function(t) return cut(t, "五、", "六、") end,
    ["with 五 empty"] = function(t) return cut(t, "五、", "六、", true) end,
    ["without 五 and 六"] = function(t) local a = t:find("\n五、", 1, true); return a and t:sub(1, a) end,
  }
  for _, name in ipairs({ "default", "strict" }) do
    it("scores no better under the " .. name .. " scheme", function()
      local s = assert(ns.scheme(name))
      local n = 0
      for file in io.popen("ls " .. H.q(dir) .. "/*.txt"):lines() do
        file = file:match("[^/]*$")
        local text = H.read(dir .. "/" .. file)
        local whole = assert(ns.score(s, assert(ns.load_string(text, file))))
        for what, f in pairs(cuts) do
          local t = f(text)
          if t then
            local part = assert(ns.score(s, assert(ns.load_string(t, file))))
            assert.is_true(part.score <= whole.score, string.format("%s %s: %s > %s",
              file, what, part.score, whole.score))
            n = n + 1
          end
        end
      end
      assert.is_true(n >= 80, n)
    end)
  end

  -- the six headings and nothing under them: 4.25 of 15 (10.25, above real
  -- reports, while what was absent cost nothing), below every example report
  it("scores a skeleton of six empty headings below every real report", function()
    local skeleton = "青岚县审计局2024年政府信息公开工作年度报告\n\n" ..
      "本报告依据《中华人民共和国政府信息公开条例》编制。统计期限为2024年1月1日至2024年12月31日。\n\n" ..
      "一、总体情况\n\n二、主动公开政府信息情况\n\n三、收到和处理政府信息公开申请情况\n\n" ..
      "四、政府信息公开行政复议、行政诉讼情况\n\n五、存在的主要问题及改进情况\n\n" ..
      "六、其他需要报告的事项\n\n青岚县审计局\n2025年1月20日\n"
    local s = assert(ns.scheme("default"))
    local empty = assert(ns.score(s, assert(ns.load_string(skeleton, "skeleton_2024.txt"))))
    assert.equal(4.25, empty.score)
    for file in io.popen("ls " .. H.q(dir) .. "/*.txt"):lines() do
      local real = assert(ns.score(s, assert(ns.load_string(H.read(file), file:match("[^/]*$")))))
      assert.is_true(empty.score < real.score, file)
    end
  end)
end)
