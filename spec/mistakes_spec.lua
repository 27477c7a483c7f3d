-- Mistakes are caught where they are made (issue #14): each mistake a rule,
-- scheme or spec author was seen to make, silently accepted before, is now
-- an error located at the file and line of the mistake, naming the key or
-- field, the closest known one ("did you mean …?") and the known ones.
-- Each case is tried wrong, then corrected.
local H = require "helper"
local ns = H.ns

local REPORT = H.corpus("pingtan_zhqu_2023.txt")

-- A rule file rules/x.lua (declarations given as source) and a scheme
-- naming `ids` (default { "local.x" }); params and the rest from `scheme`.
-- Returns the scheme, or nil and the message.
local function load(rule_src, scheme, ids)
  scheme = scheme or {}
  scheme.groups = scheme.groups or { { name = "G", points = 1, indicators = ids or { "local.x" } } }
  local _, path = H.ruleset({ ["x.lua"] = rule_src }, scheme, { declare = false })
  return ns.scheme(path)
end

-- indicator{} source with `extra` (lines of keys) inserted at line 3
local function ind(extra, id)
  return "-- rules/x.lua\nindicator {\n" .. extra .. "\n  id = " .. string.format("%q", id or "local.x") ..
    ", title = \"x\", severity = \"warning\",\n  check = function(r, f, ctx) end,\n}\n"
end

-- A scheme written as source (`body`: its keys after name and rules)
-- over rules/x.lua = ind(""), loaded; or nil and the message.
local function scheme_src(body, rule_src)
  local dir = H.tmpdir()
  H.mkdir(dir .. "/rules")
  H.write(dir .. "/rules/x.lua", rule_src or ind(""))
  H.write(dir .. "/scheme.lua", "scheme {\n  name = 's', rules = { 'rules' },\n" .. body .. "\n}\n")
  return ns.scheme(dir .. "/scheme.lua")
end

-- The message of a refused load matches every pattern (plain text).
local function refused(msg, ...)
  assert.is_string(msg, "expected the scheme to be refused")
  for _, want in ipairs({ ... }) do
    assert.is_truthy(msg:find(want, 1, true), "expected «" .. want .. "» in: " .. msg)
  end
end

describe("indicator{}", function()
  it("refuses an unknown key, at the key's own line, with the closest key and the known ones", function()
    local s, msg = load(ind('  serverity = "error",'))
    assert.is_nil(s)
    refused(msg, "rules/x.lua:3: indicator 'local.x': unknown key 'serverity'",
            "(did you mean 'severity'? known: id title category severity basis version check uses params)")
    s, msg = load(ind('  titel = "y",'))
    refused(msg, "rules/x.lua:3:", "unknown key 'titel'", "did you mean 'title'?")
    assert.truthy(load(ind('  category = "y",')))
  end)

  it("names a misspelt id", function()
    local s, msg = load("indicator {\n  idd = \"local.x\", check = function() end,\n}\n")
    assert.is_nil(s)
    refused(msg, "rules/x.lua:2: indicator{} needs an 'id' (a string); unknown key 'idd' (did you mean 'id'?")
  end)

  it("names a misspelt check function", function()
    local src = "indicator {\n  id = \"local.x\",\n  chekc = function(r, f, ctx) end,\n}\n"
    local s, msg = load(src)
    assert.is_nil(s)
    refused(msg, "rules/x.lua:3: indicator 'local.x': unknown key 'chekc' (did you mean 'check'?")
    assert.truthy(load((src:gsub("chekc", "check"))))
  end)

  it("refuses an unknown severity, listing the valid ones", function()
    local src = ind(""):gsub('severity = "warning"', 'severity = "eror"')
    local s, msg = load(src)
    assert.is_nil(s)
    refused(msg, "rules/x.lua:4: indicator 'local.x': unknown severity 'eror' (did you mean 'error'? known: info warning error)")
    assert.truthy(load((src:gsub('"eror"', '"error"'))))
  end)

  it("refuses a title that is not a string", function()
    local s, msg = load(ind("  basis = 12,"))
    refused(msg, "rules/x.lua:3: indicator 'local.x': 'basis' must be a string, not a number")
  end)
end)

describe("a rule directory", function()
  it("lets a rule file require another one, at its top level or in a check: that file's own module", function()
    local files = {
      ["a.lua"] = "local B = require 'rules.b'\n" ..
        H.indicator { id = "local.a", check = "f:pass('a ' .. B.n .. ' ' .. require('rules.b').n)" },
      ["b.lua"] = "local M = { n = 1 }\n" .. H.indicator { id = "local.b", check = "f:pass('b')" } ..
        "return M\n",
    }
    local dir, scheme = H.ruleset(files, { groups = { { name = "G", points = 1,
      indicators = { "local.a", "local.b" } } } })
    local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", dir .. "/r.json", REPORT)
    assert.equal(0, code, err)
    local res = H.json(dir .. "/r.json").results[1]
    assert.equal("a 1 1", H.findings(res, "local.a")[1].message)
    assert.equal("pass", H.findings(res, "local.b")[1].status)
    -- two that require each other at their top level: the one still
    -- loading is true to the other, as in Lua, and nothing runs twice
    files["b.lua"] = "local A = require 'rules.a'\nlocal M = { n = 1 }\n" ..
      H.indicator { id = "local.b", check = "f:pass('b ' .. tostring(A))" } .. "return M\n"
    dir, scheme = H.ruleset(files, { groups = { { name = "G", points = 1,
      indicators = { "local.a", "local.b" } } } })
    code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", dir .. "/r.json", REPORT)
    assert.equal(0, code, err)
    res = H.json(dir .. "/r.json").results[1]
    assert.equal("a 1 1", H.findings(res, "local.a")[1].message)
    assert.equal("b true", H.findings(res, "local.b")[1].message)
  end)

  it("is found in the scheme's directory, any of its three parents and the installed rules, all at once", function()
    local top = H.tmpdir()
    local where = { a = "/x/y/z/a", b = "/x/y/b", c = "/x/c", d = "/d" }
    local ids = { "arith.t3_balance" }
    for name, dir in pairs(where) do
      H.mkdir(top .. dir)
      H.write(top .. dir .. "/" .. name .. ".lua", H.indicator { id = name .. ".one", check = "f:pass()" })
      ids[#ids + 1] = name .. ".one"
    end
    table.sort(ids)
    H.write(top .. "/x/y/z/scheme.lua", "scheme { name = 's', rules = { 'std', 'a', 'b', 'c', 'd' },\n" ..
      "  groups = { { name = 'G', points = 1, indicators = { '" .. table.concat(ids, "', '") .. "' } } } }\n")
    local code, _, err = H.cli("score", "--scheme", top .. "/x/y/z/scheme.lua", "--quiet",
      "--out", top .. "/r.json", REPORT)
    assert.is_true(code <= 2, err)
    local res = H.json(top .. "/r.json").results[1]
    for _, id in ipairs(ids) do assert.equal(1, #H.findings(res, id), id) end
  end)

  it("of 600 files loads every one of them (none dropped unsaid)", function()
    local files, ids = {}, {}
    for i = 1, 600 do
      local id = string.format("m.r%03d", i)
      files[string.format("r%03d.lua", i)] = H.indicator { id = id, check = "f:pass('ok')" }
      ids[i] = { id, deduct = 0, cap = 0 }
    end
    local dir, scheme = H.ruleset(files, { groups = { { name = "G", points = 1, indicators = ids } } })
    local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", dir .. "/r.json", REPORT)
    assert.equal(0, code, err)
    assert.equal(600, #H.json(dir .. "/r.json").results[1].findings)
  end)
end)

describe("a scheme's values", function()
  it("refuses an unknown severity in counts, at the scheme's line", function()
    local s, msg = load(ind(""), { counts = { "errors", "warning" } })
    assert.is_nil(s)
    refused(msg, "scheme.lua:1: counts: unknown severity 'errors' (did you mean 'error'? known: info warning error)")
    assert.truthy(load(ind(""), { counts = { "error", "warning" } }))
  end)

  it("refuses negative, infinite and NaN deductions, caps and points", function()
    for _, case in ipairs({
      { '{ "local.x", deduct = -1 }', 1, "'deduct' must be a finite number >= 0 (got -1)" },
      { '{ "local.x", cap = -2 }', 1, "'cap' must be a finite number >= 0 (got -2)" },
      { '{ "local.x", deduct = 1/0 }', 1, "'deduct' must be a finite number >= 0 (got inf)" },
      { '{ "local.x", cap = 0/0 }', 1, "'cap' must be a finite number >= 0 (got " },
      { '"local.x"', -3, "'points' must be a finite number > 0 (got -3)" },
    }) do
      local s, msg = scheme_src(string.format("groups = { { name = 'G', points = %d,\n" ..
        "  indicators = { %s } } }", case[2], case[1]))
      assert.is_nil(s)
      refused(msg, "scheme.lua:", case[3])
    end
    assert.truthy(scheme_src("groups = { { name = 'G', points = 1,\n" ..
      "  indicators = { { 'local.x', deduct = 0.5, cap = 1 } } } }"))
  end)

  it("refuses a misspelt key of a group entry, naming the closest", function()
    local s, msg = load(ind(""), { groups = { { name = "G", points = 1,
      indicators = { { "local.x", dedcut = 1 } } } } })
    refused(msg, "unknown key 'dedcut' (did you mean 'deduct'? known: id deduct cap shared)")
    -- every misspelt key at once, the same in every run (one was told, by
    -- the table's order, and the next only once it was mended)
    s, msg = load(ind(""), { groups = { { name = "G", points = 1,
      indicators = { { "local.x", share = true, dedcut = 1, cpa = 2 } } } } })
    refused(msg, "unknown key 'cpa' (did you mean 'cap'? known: id deduct cap shared) " ..
                 "(also unknown: 'dedcut', 'share')")
  end)

  it("finds the line of the mistake in the scheme file", function()
    local dir = H.tmpdir()
    H.mkdir(dir .. "/rules")
    H.write(dir .. "/rules/x.lua", ind(""))
    H.write(dir .. "/scheme.lua", [[
-- a scheme
scheme {
  name = "s",
  rules = { "rules" },
  groups = {
    { name = "G", points = 1, indicators = {
        { "local.x", deduct = -1 },
    }},
  },
}
]])
    local s, msg = ns.scheme(dir .. "/scheme.lua")
    refused(msg, "scheme.lua:7: group 'G', indicator 'local.x': 'deduct' must be")
  end)
end)

describe("params", function()
  local DECL = [[
  params = {
    deadlines = { type = "table", default = { department = "01-31", government = "03-31" },
                  doc = "deadline MM-DD by agency type" },
    min_chars = { type = "number", default = 80 },
  },]]
  local READ = [[
indicator {
  id = "local.x", title = "x",
%s
  check = function(r, f, ctx)
    f:fail(ctx.params.deadlines.department .. " " .. ctx.params.deadlines.government ..
           " " .. ctx.params.min_chars)
  end,
}
]]

  it("a scheme param that no rule declares is refused, naming the closest declared one", function()
    local s, msg = load(READ:format(DECL), { params = { deadline = { department = "01-15" } } })
    assert.is_nil(s)
    refused(msg, "scheme.lua:1: params: unknown param 'deadline', which no rule of the scheme declares " ..
                 "(did you mean 'deadlines'? known: deadlines min_chars)")
  end)

  it("a param of the wrong type is refused, naming its declaration", function()
    local s, msg = load(READ:format(DECL), { params = { deadlines = "01-15" } })
    assert.is_nil(s)
    refused(msg, "params: 'deadlines' must be a table (declared by indicator 'local.x'), not a string")
    s, msg = scheme_src("params = { min_chars = 0/0 },\n" ..
      "groups = { { name = 'G', points = 1, indicators = { 'local.x' } } }", READ:format(DECL))
    refused(msg, "scheme.lua:3: params: 'min_chars' must be a finite number (got ")
  end)

  it("ctx.params is the declared defaults with the scheme's values over them", function()
    local s = assert(load(READ:format(DECL), { params = { deadlines = { department = "01-15" } } }))
    local res = ns.score(s, assert(ns.load(REPORT)))
    assert.equal("01-15 03-31 80", H.findings(res, "local.x")[1].message)
    s = assert(load(READ:format(DECL)))
    res = ns.score(s, assert(ns.load(REPORT)))
    assert.equal("01-31 03-31 80", H.findings(res, "local.x")[1].message)
  end)

  it("a table param that declares its keys: lint tells a read by a key it does not declare; at run time it reads nil", function()
    local keyed = [[
  params = { deadlines = { type = "table", keys = { "department", "government", "township", "unknown" },
                           default = { department = "01-31" } } },]]
    local body = [[
indicator {
  id = "local.x", title = "x",
%s
  check = function(r, f, ctx)
    f:fail(tostring(ctx.params.deadlines.township) .. " " .. tostring(ctx.params.deadlines.%s))
  end,
}
]]
    local s = assert(load(body:format(keyed, "department")))
    assert.equal("nil 01-31", H.findings(ns.score(s, assert(ns.load(REPORT))), "local.x")[1].message)
    -- a key the report gives (r.agency_type) may be one the param leaves out: nil, not an error
    s = assert(load(body:format(keyed, "departmnet")))
    assert.equal("nil nil", H.findings(ns.score(s, assert(ns.load(REPORT))), "local.x")[1].message)
    local _, path = H.ruleset({ ["x.lua"] = body:format(keyed, "departmnet") },
      { groups = { { name = "G", points = 1, indicators = { "local.x" } } } }, { declare = false })
    local code, out = H.cli("lint", path)
    assert.equal(1, code, out)
    assert.matches("rules/x.lua:6: reads ctx.params.deadlines.departmnet, a key param 'deadlines' does not declare " ..
                   "(did you mean 'department'?", out, 1, true)
  end)

  it("a declaration is checked: its keys, its type, its default", function()
    local s, msg = load(READ:format("  params = { min_chars = { type = 'number', defualt = 3 } },"))
    refused(msg, "rules/x.lua:3: indicator 'local.x': param 'min_chars': unknown key 'defualt' (did you mean 'default'?")
    s, msg = load(READ:format("  params = { min_chars = { type = 'number', mni = 0, defualt = 3 } },"))
    refused(msg, "param 'min_chars': unknown key 'defualt' (did you mean 'default'?", "(also unknown: 'mni')")
    s, msg = load(READ:format("  params = { min_chars = { type = 'int' } },"))
    refused(msg, "param 'min_chars': unknown type 'int'", "known: number string boolean table")
    s, msg = load(READ:format("  params = { min_chars = { type = 'number', default = '80' } },"))
    refused(msg, "param 'min_chars': the default is a string, not a number")
  end)

  it("two indicators declaring one param must agree", function()
    local two = READ:format(DECL) .. [[
indicator { id = "local.y", title = "y", check = function() end,
  params = { min_chars = { type = "number", default = 100 } } }
]]
    local s, msg = load(two)
    refused(msg, "param 'min_chars' is declared by indicator", "with different defaults")
  end)

  it("the standard schemes' params are all declared by the standard library", function()
    for _, name in ipairs({ "default", "strict", "equivalent" }) do
      assert.truthy(ns.scheme(H.ROOT .. "/rules/schemes/" .. name .. ".lua"))
    end
  end)
end)

describe("the report's views", function()
  local r = assert(ns.load(REPORT))

  -- reading `f` raises an error at this file's line, matching every pattern
  local function no_field(f, ...)
    local ok, err = pcall(f)
    assert.is_false(ok)
    assert.matches("mistakes_spec%.lua:%d+: ", err)
    for _, want in ipairs({ ... }) do
      assert.is_truthy(err:find(want, 1, true), "expected «" .. want .. "» in: " .. err)
    end
  end

  it("refuse a misspelt field of the report, naming the closest", function()
    no_field(function() return r.agnecy_type end,
             "report has no field 'agnecy_type' (did you mean 'agency_type'?")
    assert.equal("government", r.agency_type)
  end)

  it("refuse misspelt fields of a cell, a section, a number", function()
    no_field(function() return r.t3.received.total.valeu end, "cell has no field 'valeu' (did you mean 'value'?")
    no_field(function() return r.s5.fonud end, "section has no field 'fonud' (did you mean 'found'?")
    no_field(function() return r.s1:numbers()[1].vlaue end, "number has no field 'vlaue' (did you mean 'value'?")
    assert.is_number(r.t3.received.total.value)
    assert.is_true(r.s5.found)
  end)

  it("refuse a row or column id the template does not have", function()
    no_field(function() return r.t3.recieved end, "t3 has no row 'recieved' (did you mean 'received'?")
    no_field(function() return r.t3.received.totl end, "t3.received has no column 'totl' (did you mean 'total'?")
    assert.is_table(r.t3:values())
  end)

  it("read nil for ids of the other edition and cells a row does not have, as before", function()
    assert.is_nil(r.t3.other)                  -- the 2019 layout's single row
    assert.is_nil(r.t2.licensing.issued)       -- licensing has only `decisions`
    assert.is_nil(r.t2.regulations.made)       -- a 2019 column
    local bare = assert(ns.load_string("某镇2024年政府信息公开工作年度报告\n一、总体情况\n无。\n", "bare.txt"))
    assert.is_false(bare.t3.found)
    assert.is_nil(bare.t3.received.total.value) -- a table not found: its cells hold nothing
  end)

  it("iterate with pairs: the report's fields, a table's rows, a row's cells, a cell's fields", function()
    local keys = {}
    for k in pairs(r) do keys[k] = true end
    assert.is_true(keys.agency_type and keys.t3 and keys.s5 and keys.year)
    local rows = {}
    for id, row in pairs(r.t3) do rows[#rows + 1] = id; assert.equal(id, row.id) end
    assert.equal(25, #rows)
    assert.equal("received", rows[1])
    local cols = {}
    for id, c in pairs(r.t3.received) do cols[#cols + 1] = id; assert.equal(id, c.column) end
    assert.equal(7, #cols)
    local fields = {}
    for k, v in pairs(r.t3.received.total) do fields[k] = v end
    assert.equal(r.t3.received.total.value, fields.value)
    local sf = {}
    for k in pairs(r.s5) do sf[k] = true end
    assert.is_true(sf.text and sf.found and sf.id)
    local nf = {}
    for k in pairs(r.s1:numbers()[1]) do nf[k] = true end
    assert.is_true(nf.value and nf.line and nf.lead)
  end)

  it("say how to walk a view read by position (ipairs, t[1])", function()
    no_field(function() for _ in ipairs(r.t3) do end end,
             "t3 has no row 1: a view is read by name, not by position; walk it with pairs()")
    no_field(function() return r[1] end, "report has no field 1: a view is read by name")
  end)

  it("in a check, the error is the check's, at the rule's line", function()
    local s = assert(load([[
indicator {
  id = "local.x", title = "x",
  check = function(r, f, ctx)
    if r.t3.recieved then f:pass() end
  end,
}
]]))
    local res = ns.score(s, r)
    local e = H.findings(res, "local.x")[1]
    assert.equal("error", e.status)
    assert.matches("^rules/x%.lua:4: t3 has no row 'recieved' %(did you mean 'received'%?", e.message)
  end)
end)

describe("f:fail, f:pass, f:na", function()
  local r = assert(ns.load(REPORT))

  -- the finding of local.x whose check body is `body`
  local function finding(body)
    local s = assert(load("indicator {\n  id = \"local.x\", title = \"x\",\n" ..
      "  check = function(r, f, ctx)\n" .. body .. "\n  end,\n}\n"))
    return H.findings(ns.score(s, r), "local.x")[1]
  end

  it("refuse a message that is not a string, saying what the call takes", function()
    for _, body in ipairs({ "f:fail(123, {})", "f:fail()", "f:na()", "f:pass(5)" }) do
      local f = finding(body)
      assert.equal("error", f.status, body)
      assert.matches("^rules/x%.lua:4: f:%a+%(%[?message, evidence%.%.%.%]?%): message must be a string", f.message)
    end
    assert.equal("fail", finding("f:fail('123', {})").status)
    assert.equal("pass", finding("f:pass()").status)
  end)

  it("refuse a failure or a not-assessable that says nothing, at the rule's line", function()
    for _, body in ipairs({ "f:fail('')", "f:na('')", "f:fail('', r.s5)", "f:fail(' \\t\\n')",
                            "f:na('\u{3000}\u{3000}')" }) do
      local f = finding(body)
      assert.equal("error", f.status, body)
      assert.matches("^rules/x%.lua:4: f:%a+%(message, evidence%.%.%.%): message is %a+", f.message)
      assert.matches(body:find("''", 1, true) and "message is empty" or "message is only white space",
        f.message, 1, true)
    end
    -- a pass may say nothing: "" is its none
    assert.equal("pass", finding("f:pass('')").status)
    assert.equal("fail", finding("f:fail(' x ')").status)
  end)

  it("are called with a colon: f.fail(…) says so", function()
    local f = finding("f.fail('缺少数据')")
    assert.equal("error", f.status)
    assert.matches("^rules/x%.lua:4: f:fail%(…%) is called with a colon: f%.fail%(…%) gives it a string instead of f", f.message)
  end)

  it("are how a check says what it found: one that returns false or a verdict is a mistake, not a pass", function()
    for body, shown in pairs({ ["return false"] = "false", ["return '不合格'"] = '"不合格"',
                               ["return 0"] = "0", ["return {}"] = "a table" }) do
      local f = finding(body)
      assert.equal("error", f.status, body)
      assert.equal("rules/x.lua:1: the check returned " .. shown .. ": a check says what it found with " ..
                   "f:fail(…), f:pass(…) or f:na(…), and what it returns is not read", f.message)
    end
    assert.equal("na", finding("return f:na('无法判断')").status)
    assert.equal("pass", finding("return").status)
  end)

  it("refuse evidence that is a string, a number or the report", function()
    local f = finding("f:fail('x', r.s1, '备注')")
    assert.equal("error", f.status)
    assert.matches("^rules/x%.lua:4: f:fail%(message, evidence%.%.%.%): evidence #2 is a string; " ..
                   "give a cell, row, table, section, number or match", f.message)
    assert.matches("evidence #1 is a number", finding("f:fail('x', 12)").message)
    assert.matches("evidence #1 is the report", finding("f:na('x', r)").message)
    f = finding("f:fail('x', r.s1, r.t3, r.t3.received, r.t3.received.total, r.s1:numbers()[1], " ..
                "r.s1:find('公开', true), { text = '备注', line = 3 })")
    assert.equal("fail", f.status)
    assert.equal(7, #f.evidence)
  end)
end)

describe("nianshen test", function()
  local DEPT = H.ROOT .. "/rules/std/spec/fixtures/dept_clean.txt"

  -- a spec file of the given source in a fresh directory (with a rule
  -- directory `rules`, files given), run; code, stdout, stderr
  local function run(src, args, files)
    local dir = H.tmpdir()
    H.mkdir(dir .. "/rules")
    for name, text in pairs(files or {}) do H.write(dir .. "/rules/" .. name, text) end
    H.write(dir .. "/x_spec.lua", src)
    local argv = { "test" }
    for _, a in ipairs(args or {}) do argv[#argv + 1] = a end
    argv[#argv + 1] = dir .. "/x_spec.lua"
    local code, out, err = H.cli(table.unpack(argv))
    return code, out, err, dir .. "/x_spec.lua" -- the spec file as given
  end
  local function spec(body) return "local DEPT = " .. string.format("%q", DEPT) .. "\n" .. body end

  it("refuses an unknown key of a spec at its line, with the closest key", function()
    local code, out, err, path = run(spec([[
spec { name = "s", report = DEPT, indicators = { "s6.fee" },
  expected = {} }
]]))
    assert.equal(1, code)
    assert.matches("0 passed, 1 failed", out, 1, true)
    assert.matches("FAIL " .. path .. ":2: s\n    unknown key 'expected' (did you mean 'expect'? known: name report", err, 1, true)
    code = run(spec([[spec { name = "s", report = DEPT, indicators = { "s6.fee" }, expect = {} }]]))
    assert.equal(0, code)
  end)

  it("refuses unknown keys and statuses of an expect entry", function()
    for _, case in ipairs({
      { 'stauts = "fail"', "expect entry 1: unknown key 'stauts' (did you mean 'status'?" },
      { 'indicator = "s5.substantive"', "expect entry 1: unknown key 'indicator' (did you mean 'id'?" },
      { 'id = "s5.substantive", status = "failed"',
        "expect entry 1: unknown status 'failed' (did you mean 'fail'? known: pass fail missing na error)" },
    }) do
      local code, _, err, path = run(spec(string.format([[
spec { name = "s", report = DEPT, indicators = { "s5.substantive" },
  params = { s5_min_chars = 100000 },
  expect = { { %s } } }
]], case[1])))
      assert.equal(1, code, case[1])
      assert.matches("FAIL " .. path .. ":2: s\n    " .. case[2], err, 1, true)
    end
    local code, _, err = run(spec([[
spec { name = "s", report = DEPT, indicators = { "s5.substantive" },
  params = { s5_min_chars = 100000 },
  expect = { { id = "s5.substantive", status = "fail" } } }
]]))
    assert.equal(0, code, err)
  end)

  it("refuses an unknown agency_type", function()
    local code, _, err = run(spec([[spec { name = "s", report = DEPT, indicators = { "s6.fee" },
  agency_type = "townsip", expect = {} }]]))
    assert.equal(1, code)
    assert.matches("unknown agency_type 'townsip' (did you mean 'township'?", err, 1, true)
  end)

  it("refuses a spec that asserts nothing", function()
    local code, _, err = run(spec([[spec { name = "s", report = DEPT, indicators = { "s6.fee" } }]]))
    assert.equal(1, code)
    assert.matches("the spec asserts nothing", err, 1, true)
  end)

  it("sets the scheme's params for the spec, with indicators or with a scheme file", function()
    local code, out, err, path = run(spec(string.format([[
spec { name = "short", report = DEPT, indicators = { "s5.substantive" },
  params = { s5_min_chars = 100000 },
  expect = { { id = "s5.substantive", status = "fail", message = "100000" } } }
spec { name = "scheme", report = DEPT, scheme = %q, params = { s5_min_chars = 100000 },
  expect = { { id = "s5.substantive", status = "fail" } } }
spec { name = "misspelt", report = DEPT, indicators = { "s5.substantive" },
  params = { s5_min_char = 1 }, expect = {} }
]], H.ROOT .. "/rules/schemes/default.lua")), { "-v" })
    assert.equal(1, code)
    assert.matches("ok   " .. path .. ":2: short\nok   " .. path .. ":5: scheme\nFAIL " .. path .. ":7: misspelt",
      out, 1, true)
    assert.matches("unknown param 's5_min_char', which no rule of the scheme declares (did you mean 's5_min_chars'?", err, 1, true)
  end)

  it("asserts a finding's evidence and line", function()
    local line = assert(ns.load(DEPT)).s5.line
    local code, out, err, path = run(spec(string.format([[
spec { name = "s", report = DEPT, indicators = { "s5.substantive" }, params = { s5_min_chars = 100000 },
  expect = { { id = "s5.substantive", status = "fail", evidence = "s5", line = %d } } }
spec { name = "wrong place", report = DEPT, indicators = { "s5.substantive" }, params = { s5_min_chars = 100000 },
  expect = { { id = "s5.substantive", status = "fail", evidence = "s6", line = %d } } }
]], line, line + 1)))
    assert.equal(1, code)
    assert.matches("1 passed, 1 failed", out, 1, true)
    assert.matches("FAIL " .. path .. ":4: wrong place\n    expected fail s5.substantive with evidence s6 at line " ..
                   (line + 1) .. " — not found", err, 1, true)
    assert.matches("fail s5.substantive: .*%[s5@" .. line .. "%]", err)
  end)

  it("asserts a column or a cell among the evidence", function()
    local dir = H.tmpdir()
    local text = H.read(DEPT):gsub("四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n",
                                   "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1\n")
    H.write(dir .. "/unbalanced.txt", text)
    H.write(dir .. "/x_spec.lua", [[
spec { name = "columns", report = "unbalanced.txt", indicators = { "arith.t3_balance" },
  expect = { { id = "arith.t3_balance", status = "fail", evidence = "t3.natural_person" },
             { id = "arith.t3_balance", status = "fail", evidence = "t3.carried_forward.total" } } }
spec { name = "not that column", report = "unbalanced.txt", indicators = { "arith.t3_balance" },
  expect = { { id = "arith.t3_balance", status = "fail", evidence = "t3.business" },
             { id = "arith.t3_balance", status = "fail" } } }
]])
    local code, out, err = H.cli("test", dir .. "/x_spec.lua")
    assert.equal(1, code)
    assert.matches("1 passed, 1 failed", out, 1, true)
    assert.matches("FAIL " .. dir .. "/x_spec.lua:4: not that column\n    expected fail arith.t3_balance with evidence t3.business — not found", err, 1, true)
  end)

  it("runs a subset with -k (a name or an indicator id)", function()
    local src = spec([[
spec { name = "fee", report = DEPT, indicators = { "s6.fee" }, expect = {} }
spec { name = "five", report = DEPT, indicators = { "s5.substantive" }, expect = {} }
]])
    local code, out = run(src, { "-k", "s5.sub" })
    assert.equal(0, code)
    assert.matches("1 passed, 0 failed, 1 not selected by -k", out, 1, true)
    local path
    code, out, _, path = run(src, { "-v", "-k", "fee" })
    assert.matches("ok   " .. path .. ":2: fee\n1 passed, 0 failed, 1 not selected by -k", out, 1, true)
  end)

  it("gives a spec the previous year's report and peers, as files or text", function()
    local rule = [[
indicator { id = "local.ctx", title = "ctx", check = function(r, f, ctx)
  f:fail(string.format("previous=%s peers=%d", ctx.previous and ctx.previous.year or "nil", #ctx.peers))
end }
]]
    local prev = H.read(DEPT):gsub("2024年", "2023年")
    local peer = H.read(DEPT):gsub("测试局", "样例局")
    local code, _, err = run(spec(string.format([[
spec { name = "ctx", report = DEPT, rules = { "rules" }, indicators = { "local.ctx" },
  previous_text = %q, peers = { { text = %q } },
  expect = { { id = "local.ctx", status = "fail", message = "previous=2023 peers=1" } } }
]], prev, peer)), nil, { ["ctx.lua"] = rule })
    assert.equal(0, code, err)
  end)

  it("prints its usage for --help, exit 0", function()
    local code, out = H.cli("test", "--help")
    assert.equal(0, code)
    assert.matches("usage: nianshen test", out, 1, true)
  end)
end)

describe("nianshen lint", function()
  it("reports every mistake of a rule directory, each at its file and line, without scoring", function()
    local dir = H.tmpdir()
    H.mkdir(dir .. "/rules")
    H.write(dir .. "/rules/a.lua", 'indicator {\n  id = "a.x", titel = "x",\n  check = function(r, f, ctx) end,\n}\n')
    H.write(dir .. "/rules/b.lua", 'indicator {\n  id = "b.x", severity = "eror",\n  check = function(r, f, ctx) end,\n}\n')
    H.write(dir .. "/rules/c.lua", 'indicator {\n  id = "c.x", params = { limit = { type = "number", default = 1 } },\n' ..
      '  check = function(r, f, ctx)\n    return ctx.params.limt\n  end,\n}\n')
    local code, out = H.cli("lint", dir .. "/rules")
    assert.equal(1, code)
    assert.matches("rules/a.lua:2: indicator 'a.x': unknown key 'titel' (did you mean 'title'?", out, 1, true)
    assert.matches("rules/b.lua:2: indicator 'b.x': unknown severity 'eror' (did you mean 'error'?", out, 1, true)
    assert.matches("rules/c.lua:4: reads ctx.params.limt, which no indicator declares (did you mean 'limit'?", out, 1, true)
    assert.matches("3 problems", out, 1, true)
    -- corrected
    H.write(dir .. "/rules/a.lua", 'indicator {\n  id = "a.x", title = "x",\n  check = function(r, f, ctx) end,\n}\n')
    H.write(dir .. "/rules/b.lua", 'indicator {\n  id = "b.x", severity = "error",\n  check = function(r, f, ctx) end,\n}\n')
    H.write(dir .. "/rules/c.lua", 'indicator {\n  id = "c.x", params = { limit = { type = "number", default = 1 } },\n' ..
      '  check = function(r, f, ctx)\n    return ctx.params.limit\n  end,\n}\n')
    code, out = H.cli("lint", dir .. "/rules")
    assert.equal(0, code, out)
    assert.matches("no problems", out, 1, true)
  end)

  it("loads a scheme and its rules, and finds its mistakes", function()
    local _, path = H.ruleset({ ["x.lua"] = ind("") }, { params = { deadline = "01-31" },
      groups = { { name = "G", points = 1, indicators = { "local.x" } } } }, { declare = false })
    local code, out = H.cli("lint", path)
    assert.equal(1, code)
    assert.matches("params: unknown param 'deadline'", out, 1, true)
    code, out = H.cli("lint", H.ROOT .. "/rules/schemes/default.lua", H.ROOT .. "/rules/schemes/strict.lua",
                      H.ROOT .. "/rules/std")
    assert.equal(0, code, out)
  end)

  it("every command prints its usage for --help on stdout, exit 0", function()
    for _, cmd in ipairs({ "parse", "score", "test", "lint", "version", "help" }) do
      local code, out = H.cli(cmd, "--help")
      assert.equal(0, code, cmd)
      assert.matches("usage: nianshen", out, 1, true)
    end
  end)

  it("each command's --help says its exit statuses, as it exits", function()
    local missing = H.tmpdir() .. "/no-such"
    local args = { parse = { missing }, score = { "--scheme", "default", missing },
                   test = { missing }, lint = { missing } }
    local says = { parse = "3 a file did not load", score = "a path given does not exist",
                   test = "1 a spec failed", lint = "1 problems found" }
    local exits = { parse = 3, score = 3, test = 1, lint = 1 }
    for _, cmd in ipairs({ "parse", "score", "test", "lint" }) do
      local _, out = H.cli(cmd, "--help")
      assert.matches("exit status: 0 ", out, 1, true)
      assert.matches(says[cmd], out, 1, true)
      assert.matches("64 a usage error", out, 1, true)
      assert.equal(exits[cmd], (H.cli(cmd, table.unpack(args[cmd]))), cmd)
      assert.equal(64, (H.cli(cmd, "--no-such-option", missing)), cmd)
    end
  end)
end)

describe("the docs", function()
  it("docs/ids.md lists exactly the template's row and column ids with their labels", function()
    local page = assert(loadfile(H.ROOT .. "/scripts/gen_ids.lua"))("module")(ns, H.CORPUS)
    assert.equal(page, H.read(H.ROOT .. "/docs/ids.md"),
                 "docs/ids.md is not what scripts/gen_ids.lua makes of the template: regenerate it")
    -- and the ids a rule reads are those ids
    local r = assert(ns.load(H.corpus("pingtan_zhqu_2023.txt")))
    for id in H.read(H.ROOT .. "/docs/ids.md"):gmatch("\n| `([%w_]+)` | [^|]* | [^|]+ | [^\n]*") do
      local known = false
      for _, t in ipairs({ "t2", "t3", "t4" }) do
        known = known or pcall(function() return r[t][id] end)
      end
      assert.is_true(known, id)
    end
  end)

  it("every pattern of docs/rules.md's \"Patterns on Chinese text\" finds what the page says", function()
    local doc = H.read(H.ROOT .. "/docs/rules.md")
    local section = assert(doc:match("### Patterns on Chinese text\n(.-)\n## "))
    local r = assert(ns.load_string("某县2023年政府信息公开工作年度报告\n一、总体情况\n" ..
      "本年度未收到政府信息公开申请，也未发生行政复议。\n", "p.txt"))
    local n = 0
    for pattern, finds in section:gmatch("\n| `([^`]+)` | ([^|]-) |") do
      local m = r.s1:find(pattern)
      if finds == "nothing" then
        assert.is_nil(m, pattern)
      else
        assert.equal(finds, m and m.text, pattern)
      end
      n = n + 1
    end
    assert.equal(5, n)
    assert.matches('s:find("信息处理费", true)', section, 1, true)
    local fee = assert(ns.load_string("某县2023年政府信息公开工作年度报告\n六、其他需要报告的事项\n未收取信息处理费。\n", "f.txt"))
    assert.equal("信息处理费", fee.s6:find("信息处理费", true).text)
  end)

  it("nianshen parse shows each row's and column's label beside its id", function()
    local code, out = H.cli("parse", H.corpus("pingtan_zhqu_2023.txt"))
    assert.equal(0, code)
    assert.matches("\n  received +[^\n]* 本年新收政府信息公开申请数量\n", out)
    assert.matches("columns: 1 natural_person 自然人, 2 business 商业企业", out, 1, true)
  end)
end)
