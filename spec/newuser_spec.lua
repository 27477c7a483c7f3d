-- What a new user's review found accepted, or refused without saying where
-- or why: param values out of their range, schemes of no use, specs that
-- pass asserting nothing, lint that stops at the first mistake.  Each case
-- is tried wrong (the message: what, where, the closest known word), then
-- corrected.
local H = require "helper"
local ns = H.ns

local STD = H.ROOT .. "/rules/std"
local DEPT = STD .. "/spec/fixtures/dept_clean.txt"

-- The message of a refused load holds every pattern (plain text).
local function refused(msg, ...)
  assert.is_string(msg, "expected a refusal")
  for _, want in ipairs({ ... }) do
    assert.is_truthy(msg:find(want, 1, true), "expected «" .. want .. "» in: " .. msg)
  end
end

-- A scheme file over the standard library (`body`: its keys after name
-- and rules), in a fresh directory; loaded, or nil and the message.
local function std_scheme(body, rules)
  local dir = H.tmpdir()
  H.write(dir .. "/scheme.lua", "scheme {\n  name = 's',\n  rules = " .. (rules or "{ 'std' }") ..
    ",\n" .. body .. "\n}\n")
  return ns.scheme(dir .. "/scheme.lua")
end

local GROUPS = "  groups = { { name = 'G', points = 1, indicators = { 'structure.deadline', 's5.substantive' } } },"

describe("param values are checked against their declaration", function()
  it("a deadline is MM-DD, a month and a day that exist, at the scheme's line", function()
    for _, bad in ipairs({ "13-45", "1月31日", "02-30", "1-31" }) do
      local s, msg = std_scheme("  params = {\n    deadlines = { department = '" .. bad .. "' },\n  },\n" .. GROUPS)
      assert.is_nil(s, bad)
      refused(msg, "scheme.lua:5: params: 'deadlines', key 'department' must be a date MM-DD, " ..
                   "a month and a day that exist (\"01-31\"; got '" .. bad .. "')",
              "(declared by indicator 'structure.deadline')")
    end
    assert.truthy(std_scheme("  params = { deadlines = { department = '02-29' } },\n" .. GROUPS))
  end)

  it("a deadline of an agency type that does not exist is refused, naming the closest", function()
    local s, msg = std_scheme("  params = {\n    deadlines = {\n      departmnet = '01-15' },\n  },\n" .. GROUPS)
    assert.is_nil(s)
    refused(msg, "scheme.lua:6: params: 'deadlines': unknown key 'departmnet' (did you mean 'department'? " ..
                 "known: department government township unknown)")
  end)

  it("a deadline is a string", function()
    local s, msg = std_scheme("  params = { deadlines = { department = 131 } },\n" .. GROUPS)
    refused(msg, "params: 'deadlines', key 'department' must be a string, not a number")
  end)

  it("copy_threshold is in (0, 1], s5_min_chars and copy_exact_max whole numbers >= 0", function()
    for _, case in ipairs({
      { "copy_threshold = 5", "'copy_threshold' must be a number > 0 and <= 1 (got 5)" },
      { "copy_threshold = -1", "'copy_threshold' must be a number > 0 and <= 1 (got -1)" },
      { "copy_threshold = 0", "'copy_threshold' must be a number > 0 and <= 1 (got 0)" },
      { "s5_min_chars = -80.5", "'s5_min_chars' must be a whole number >= 0 (got -80.5)" },
      { "s5_min_chars = 80.5", "'s5_min_chars' must be a whole number >= 0 (got 80.5)" },
      { "copy_exact_max = -1", "'copy_exact_max' must be a whole number >= 0 (got -1)" },
      { "fee_limits = { township = -5 }", "'fee_limits', key 'township' must be a number >= 0 (got -5)" },
    }) do
      local s, msg = std_scheme("  params = {\n    " .. case[1] .. ",\n  },\n" .. GROUPS)
      assert.is_nil(s, case[1])
      refused(msg, "scheme.lua:5: params: " .. case[2])
    end
    assert.truthy(std_scheme("  params = { copy_threshold = 1, s5_min_chars = 0, copy_exact_max = 0, " ..
                             "fee_limits = { township = 0.5 } },\n" .. GROUPS))
  end)

  it("every mistake of the params is told, not only the first", function()
    local s, msg = std_scheme("  params = { copy_threshold = 5, s5_min_chars = -1 },\n" .. GROUPS)
    assert.is_nil(s)
    refused(msg, "(and 1 more: nianshen lint lists each)")
  end)

  it("a declaration's bounds, format, keys and values are checked, and its default against them", function()
    local function rule(decl)
      local dir = H.tmpdir()
      H.mkdir(dir .. "/rules")
      H.write(dir .. "/rules/x.lua", "indicator {\n  id = 'local.x',\n  params = {\n    p = " .. decl ..
        ",\n  },\n  check = function() end,\n}\n")
      H.write(dir .. "/scheme.lua", "scheme { name = 's', rules = { 'rules' },\n" ..
        "  groups = { { name = 'G', points = 1, indicators = { 'local.x' } } } }\n")
      return ns.scheme(dir .. "/scheme.lua")
    end
    local s, msg = rule("{ type = 'number', max = 1, default = 2 }")
    refused(msg, "rules/x.lua:4: indicator 'local.x': param 'p': the default must be a number <= 1 (got 2)")
    s, msg = rule("{ type = 'string', format = 'DD-MM', default = '01-31' }")
    refused(msg, "rules/x.lua:4: indicator 'local.x': param 'p': format 'DD-MM' (known: MM-DD), for a param of type string")
    s, msg = rule("{ type = 'string', mni = 0 }")
    refused(msg, "rules/x.lua:4:", "param 'p': unknown key 'mni' (did you mean 'min'?")
    s, msg = rule("{ type = 'table', keys = { 'a' }, default = { bee = 1 } }")
    refused(msg, "param 'p': the default: unknown key 'bee' (known: a)")
    s, msg = rule("{ type = 'table', values = { type = 'number', integer = true }, default = { a = 0.5 } }")
    refused(msg, "param 'p': the default, key 'a' must be a whole number (got 0.5)")
    assert.truthy(rule("{ type = 'table', keys = { 'a' }, values = { type = 'number', integer = true }, default = { a = 1 } }"))
  end)

  it("the standard library declares its params with their ranges", function()
    local decl = H.read(STD .. "/structure.lua")
    assert.matches('keys = { "department", "government", "township", "unknown" }', decl, 1, true)
    assert.matches('values = { type = "string", format = "MM-DD" }', decl, 1, true)
    local s56 = H.read(STD .. "/sections56.lua")
    assert.matches("copy_threshold = { type = \"number\", above = 0, max = 1", s56, 1, true)
    assert.matches("s5_min_chars = { type = \"number\", integer = true, min = 0", s56, 1, true)
  end)
end)

describe("a scheme's shape", function()
  local ONE = "{ 'structure.deadline' }"

  it("refuses counts = {}: nothing would deduct", function()
    local s, msg = std_scheme("  counts = {},\n  groups = { { name = 'G', points = 1, indicators = " .. ONE .. " } },")
    assert.is_nil(s)
    refused(msg, "scheme.lua:4: 'counts' is an empty list, so no finding would deduct")
    assert.truthy(std_scheme("  counts = { 'error' },\n  groups = { { name = 'G', points = 1, indicators = " .. ONE .. " } },"))
  end)

  it("refuses two groups of one name, a group without indicators, and groups = {}", function()
    local s, msg = std_scheme("  groups = {\n    { name = 'G', points = 1, indicators = " .. ONE .. " },\n" ..
      "    { name = 'G', points = 1, indicators = { 's5.substantive' } },\n  },")
    refused(msg, "group 'G' is named twice")
    s, msg = std_scheme("  groups = {\n    { name = 'G', points = 1, indicators = {} },\n  },")
    refused(msg, "scheme.lua:5: group 'G': 'indicators' is empty")
    s, msg = std_scheme("  groups = {\n    { name = 'G', points = 1 },\n  },")
    refused(msg, "scheme.lua:5: group 'G': no 'indicators'")
    s, msg = std_scheme("  groups = {},")
    refused(msg, "scheme.lua:4: 'groups' is an empty list, so nothing would be scored")
    assert.truthy(std_scheme("  groups = {\n    { name = 'G', points = 1, indicators = " .. ONE .. " },\n" ..
      "    { name = 'H', points = 1, indicators = { 's5.substantive' } },\n  },"))
  end)

  it("refuses a scheme that loads no rules, saying so rather than 'no rule file declares'", function()
    local dir = H.tmpdir()
    H.write(dir .. "/scheme.lua", "scheme { name = 's',\n" ..
      "  groups = { { name = 'G', points = 1, indicators = { 'structure.deadline' } } } }\n")
    local s, msg = ns.scheme(dir .. "/scheme.lua")
    assert.is_nil(s)
    refused(msg, "scheme.lua:1: the scheme loads no rules", "rules = { \"std\" }")
    s, msg = std_scheme("  groups = { { name = 'G', points = 1, indicators = " .. ONE .. " } },", "{}")
    refused(msg, "scheme.lua:3: the scheme loads no rules")
    assert.is_nil(msg:find("none of the 0 declared", 1, true), msg)
  end)

  it("an unknown indicator id and an unknown rule directory get the closest", function()
    local s, msg = std_scheme("  groups = {\n    { name = 'G', points = 1, indicators = { 'structure.dedline' } },\n  },")
    refused(msg, "scheme.lua:5: group 'G' names indicator 'structure.dedline', which no rule file declares " ..
                 "(did you mean 'structure.deadline'?)")
    local dir = H.tmpdir()
    H.mkdir(dir .. "/local")
    H.write(dir .. "/local/fees.lua", "indicator { id = 'local.fee_stated', title = 'x', check = function() end }\n")
    H.write(dir .. "/scheme.lua", "scheme { name = 's',\n  rules = { 'local' },\n  groups = { { name = 'G', points = 1,\n" ..
      "    indicators = { 'local.fee_stat' } } } }\n")
    s, msg = ns.scheme(dir .. "/scheme.lua")
    refused(msg, "scheme.lua:4: group 'G' names indicator 'local.fee_stat', which no rule file declares " ..
                 "(did you mean 'local.fee_stated'?)")
    H.write(dir .. "/scheme.lua", "scheme { name = 's',\n  rules = { 'locl' },\n  groups = { { name = 'G', points = 1,\n" ..
      "    indicators = { 'local.fee_stated' } } } }\n")
    s, msg = ns.scheme(dir .. "/scheme.lua")
    refused(msg, "scheme.lua:2: rules 'locl' not found (did you mean 'local'?); looked in")
    H.write(dir .. "/scheme.lua", "scheme { name = 's',\n  rules = { 'local' },\n  groups = { { name = 'G', points = 1,\n" ..
      "    indicators = { 'local.fee_stated' } } } }\n")
    assert.truthy(ns.scheme(dir .. "/scheme.lua"))
  end)

  it("a param declared two ways is told at the rule files' lines, not the scheme's", function()
    local dir = H.tmpdir()
    H.mkdir(dir .. "/rules")
    H.write(dir .. "/rules/a.lua", "\nindicator { id = 'a.x', params = { n = { type = 'number', default = 1 } },\n" ..
      "  check = function() end }\n")
    H.write(dir .. "/rules/b.lua", "\n\nindicator { id = 'b.x', params = { n = { type = 'number', default = 2 } },\n" ..
      "  check = function() end }\n")
    H.write(dir .. "/scheme.lua", "scheme { name = 's', rules = { 'rules' },\n" ..
      "  groups = { { name = 'G', points = 1, indicators = { 'a.x', 'b.x' } } } }\n")
    local s, msg = ns.scheme(dir .. "/scheme.lua")
    assert.is_nil(s)
    assert.is_nil(msg:find("scheme.lua:", 1, true), msg)
    assert.matches("^rules/[ab]%.lua:[23]: param 'n' is declared by indicator '[ab]%.x' here and by indicator " ..
                   "'[ab]%.x' at rules/[ab]%.lua:[23] with different defaults", msg)
    H.write(dir .. "/rules/b.lua", "\n\nindicator { id = 'b.x', params = { n = { type = 'number', default = 1, doc = 'n' } },\n" ..
      "  check = function() end }\n")
    assert.truthy(ns.scheme(dir .. "/scheme.lua"))
  end)

  it("refuses an empty scheme or group name, and a severity listed twice in counts", function()
    local dir = H.tmpdir()
    H.write(dir .. "/scheme.lua", "scheme {\n  name = ' ',\n  rules = { 'std' },\n" ..
      "  groups = { { name = '', points = 1, indicators = { 'structure.deadline' } } },\n}\n")
    local s, msg = ns.scheme(dir .. "/scheme.lua")
    assert.is_nil(s)
    refused(msg, "scheme.lua:2: the scheme has an empty 'name'", "(and 1 more")
    s, msg = std_scheme("  groups = { { name = '', points = 1, indicators = " .. ONE .. " } },")
    refused(msg, "scheme.lua:4: group 1 of 'groups' has an empty 'name'")
    s, msg = std_scheme("  counts = { 'error', 'warning', 'error' },\n  groups = { { name = 'G', points = 1, indicators = " .. ONE .. " } },")
    refused(msg, "scheme.lua:4: counts: severity 'error' is listed twice (entry 3)")
    assert.truthy(std_scheme("  counts = { 'error', 'warning' },\n  groups = { { name = 'G', points = 1, indicators = " .. ONE .. " } },"))
  end)

  it("refuses a text that is not UTF-8, at its line, each one", function()
    local dir = H.tmpdir()
    H.write(dir .. "/scheme.lua", "scheme {\n  name = 'n\\xff',\n  version = '1',\n  rules = { 'std' },\n" ..
      "  groups = {\n    { name = 'G', points = 1, indicators = { 'structure.deadline' } },\n" ..
      "    { name = 'H\\xc3', points = 1, indicators = { 's5.substantive' } },\n  },\n}\n")
    local code, out = H.cli("lint", dir .. "/scheme.lua")
    assert.equal(1, code)
    assert.matches("scheme.lua:2: scheme.name 'n\\xff' is not valid UTF-8 (byte 2)", out, 1, true)
    assert.matches("scheme.lua:7: scheme.groups[2].name 'H\\xc3' is not valid UTF-8 (byte 2)", out, 1, true)
    assert.matches("2 problems", out, 1, true)
    local s, msg = std_scheme("  params = { deadlines = { department = '01-31\\xff' } },\n" .. GROUPS)
    refused(msg, "scheme.params.deadlines.department '01-31\\xff' is not valid UTF-8")
    s, msg = std_scheme("  version = '1\\0 beta',\n" .. GROUPS)
    refused(msg, "scheme.version '1\\x00 beta' holds a NUL byte (byte 2)")
  end)

  it("docs/rules.md says what an omitted deduct and cap are", function()
    local doc = H.read(H.ROOT .. "/docs/rules.md")
    assert.matches("`deduct` defaults to 1", doc, 1, true)
    assert.matches("`cap` defaults to the group's points", doc, 1, true)
  end)
end)

describe("nianshen test", function()
  -- spec files in a fresh directory: files = { ["x_spec.lua"] = src, … }
  -- (paths may have a directory); the directory
  local function specs(files)
    local dir = H.tmpdir()
    for name, src in pairs(files) do
      local path = dir .. "/" .. name
      H.mkdir(path:match("^(.*)/[^/]*$"))
      H.write(path, "local DEPT = " .. string.format("%q", DEPT) .. "\n" .. src)
    end
    return dir
  end
  local GOOD = 'spec { name = "good", report = DEPT, indicators = { "s6.fee" }, expect = {} }\n'
  local OTHER = 'spec { name = "other", report = DEPT, indicators = { "s5.substantive" }, expect = {} }\n'

  it("finds the specs of a directory's subdirectories, and fails when there are none", function()
    local dir = specs({ ["local/x.lua"] = "", ["local/spec/x_spec.lua"] = GOOD })
    local code, out, err = H.cli("test", dir .. "/local")
    assert.equal(0, code, err)
    assert.matches("1 passed, 0 failed", out, 1, true)
    code, out, err = H.cli("test", dir .. "/local/spec/x_spec.lua") -- the same by its file
    assert.equal(0, code, err)
    local empty = H.tmpdir()
    code, out, err = H.cli("test", empty)
    assert.equal(1, code)
    assert.matches("FAIL " .. empty .. ": no *_spec.lua under " .. empty, err, 1, true)
  end)

  it("fails when -k selects no spec, and takes -k and -v anywhere on the line", function()
    local dir = specs({ ["x_spec.lua"] = GOOD .. OTHER })
    local code, out, err = H.cli("test", "-k", "nothing", dir)
    assert.equal(1, code)
    assert.matches("no spec matched -k nothing (2 not selected)", err, 1, true)
    code, out, err = H.cli("test", dir .. "/x_spec.lua", "-k", "good", "-v")
    assert.equal(0, code, err)
    assert.matches("ok   " .. dir .. "/x_spec.lua:2: good\n1 passed, 0 failed, 1 not selected by -k", out, 1, true)
  end)

  it("refuses score = N without a scheme (a spec of indicators has no total)", function()
    local dir = specs({ ["x_spec.lua"] = 'spec { name = "s", report = DEPT, indicators = { "s6.fee" }, score = 100 }\n' })
    local code, _, err = H.cli("test", dir)
    assert.equal(1, code)
    assert.matches("FAIL " .. dir .. "/x_spec.lua:2: s\n    score = N needs a scheme = \"file\"", err, 1, true)
  end)

  it("a spec with only a score asserts the score, not the findings", function()
    local scheme = H.ROOT .. "/rules/schemes/default.lua"
    local function spec_of(score)
      return specs({ ["x_spec.lua"] = string.format(
        'spec { name = "s", report = DEPT, scheme = %q, params = { s5_min_chars = 100000 }, score = %s }\n',
        scheme, score) })
    end
    local code, out, err = H.cli("test", spec_of(99))
    assert.equal(1, code)
    local got = assert(err:match("expected score 99, got ([%d.]+)"), err)
    assert.is_nil(err:find("unexpected", 1, true))  -- s5.substantive fails, unasserted
    code, out, err = H.cli("test", spec_of(got))
    assert.equal(0, code, err)
  end)

  it("an expected id the spec does not run is told, with the closest among its indicators", function()
    local dir = specs({ ["x_spec.lua"] = 'spec { name = "s", report = DEPT, indicators = { "s6.fee", "s5.substantive" },\n' ..
      '  expect = { { id = "s5.substantiv", status = "fail" } } }\n' })
    local code, _, err = H.cli("test", dir)
    assert.equal(1, code)
    assert.matches("expect entry 1: 's5.substantiv' is not among the spec's indicators, so it can never be found " ..
                   "(did you mean 's5.substantive'? known: s6.fee s5.substantive)", err, 1, true)
  end)

  it("names every failure by the spec file as given, and the spec's line", function()
    local dir = specs({ ["sp2/b_spec.lua"] = "spec { name = 'b'\n",
                        ["sp2/d_spec.lua"] = 'spec { name = "d", report = DEPT, indicators = { "s6.fee" }, expected = {} }\n' })
    for _, given in ipairs({ "sp2", "sp2/" }) do
      local code, _, err = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) .. " test " .. given)
      assert.equal(1, code)
      -- a file that does not load, and a spec of a file that does: one form
      assert.matches("FAIL sp2/b_spec.lua\n    sp2/b_spec.lua:3: ", err, 1, true)
      assert.matches("FAIL sp2/d_spec.lua:2: d\n", err, 1, true)
      local out
      code, out = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) .. " lint " .. given)
      assert.equal(1, code)
      assert.matches("\nsp2/d_spec.lua:2: d: unknown key 'expected'", "\n" .. out, 1, true)
    end
  end)

  it("-v prints each FAIL once", function()
    local dir = specs({ ["x_spec.lua"] = 'spec { name = "bad", report = DEPT, indicators = { "s6.fee" }, expected = {} }\n' })
    local code, out = H.sh("(" .. H.q(H.CLI) .. " test -v " .. H.q(dir) .. " 2>&1)")
    assert.equal(1, code)
    local n = select(2, out:gsub("FAIL [^\n]*/x_spec%.lua:2: bad", ""))
    assert.equal(1, n, out)
    assert.matches("FAIL " .. dir .. "/x_spec.lua:2: bad\n    unknown key 'expected'", out, 1, true)
  end)

  it("a pass without a message is listed without a dangling colon", function()
    local dir = specs({
      ["x.lua"] = 'indicator { id = "x.quiet", title = "q", severity = "info", check = function(r, f) f:pass() end }\n' ..
                  'indicator { id = "x.loud", title = "l", severity = "error", check = function(r, f) f:fail("bad") end }\n',
      ["x_spec.lua"] = 'spec { name = "q", report = DEPT, rules = { "x" }, indicators = { "x.quiet", "x.loud" }, expect = {} }\n' })
    local code, out = H.sh("(" .. H.q(H.CLI) .. " test " .. H.q(dir) .. " 2>&1)")
    assert.equal(1, code)
    assert.matches("\n      pass x.quiet\n      fail x.loud: bad\n", out, 1, true)
  end)

  it("a mistake of the spec's own scheme is told at the spec's line", function()
    local dir = specs({ ["x_spec.lua"] = '\n\nspec { name = "s", report = DEPT, indicators = { "s6.fe" }, expect = {} }\n' ..
      string.format('spec { name = "p", report = DEPT, scheme = %q,\n  params = { copy_threshold = 5 }, expect = {} }\n',
                    H.ROOT .. "/rules/schemes/default.lua") })
    local code, _, err = H.cli("test", dir)
    assert.equal(1, code)
    assert.matches("FAIL " .. dir .. "/x_spec.lua:4: s\n    cannot load the rules: " .. dir .. "/x_spec.lua:4: the spec names indicator 's6.fe', " ..
                   "which no rule file declares (did you mean 's6.fee'?)", err, 1, true)
    assert.matches("cannot load the rules: " .. dir .. "/x_spec.lua:5: params: 'copy_threshold' must be a number > 0 and <= 1 (got 5)", err, 1, true)
    assert.is_nil(err:find("spec scheme:", 1, true))
    assert.is_nil(err:find("default.lua:1:", 1, true))
  end)
end)

describe("nianshen lint", function()
  it("tells every mistake of a rule file, not the first only, each at its key's line", function()
    local dir = H.tmpdir()
    H.mkdir(dir .. "/rules")
    H.write(dir .. "/rules/a.lua", [[
indicator {
  id = "a.x",
  titel = "x",
  check = function(r, f, ctx) end,
}
indicator {
  id = "a.y", title = "y",
  serverity = "error",
  check = function(r, f, ctx) end,
}
indicator {
  id = "A y",
  check = function(r, f, ctx) end,
}
]])
    local code, out = H.cli("lint", dir .. "/rules")
    assert.equal(1, code)
    assert.matches("rules/a.lua:3: indicator 'a.x': unknown key 'titel' (did you mean 'title'?", out, 1, true)
    assert.matches("rules/a.lua:8: indicator 'a.y': unknown key 'serverity' (did you mean 'severity'?", out, 1, true)
    assert.matches("rules/a.lua:12: indicator 'A y': an id is lowercase dotted words", out, 1, true)
    assert.matches("3 problems", out, 1, true)
  end)

  it("tells every mistake of a scheme's data in one pass", function()
    local dir = H.tmpdir()
    H.write(dir .. "/scheme.lua", [[
scheme {
  name = "s", rules = { "std" },
  counts = { "errors" },
  params = { copy_threshold = 5, deadlines = { departmnet = "01-31", township = "1月31日" } },
  groups = {
    { name = "G", points = 1, indicators = { { "structure.deadline", dedcut = 1 } } },
    { name = "G", points = -1, indicators = { "structure.dedline" } },
  },
}
]])
    local code, out = H.cli("lint", dir .. "/scheme.lua")
    assert.equal(1, code)
    for _, want in ipairs({
      "scheme.lua:3: counts: unknown severity 'errors'",
      "scheme.lua:6: group 'G': unknown key 'dedcut'",
      "scheme.lua:7: group 'G' is named twice: group 2 is 'G' too",
      "group 'G': 'points' must be a finite number > 0 (got -1)",
      "scheme.lua:7: group 'G' names indicator 'structure.dedline', which no rule file declares (did you mean 'structure.deadline'?)",
      "scheme.lua:4: params: 'copy_threshold' must be a number > 0 and <= 1 (got 5)",
      "scheme.lua:4: params: 'deadlines': unknown key 'departmnet' (did you mean 'department'?",
      "scheme.lua:4: params: 'deadlines', key 'township' must be a date MM-DD",
    }) do
      assert.matches(want, out, 1, true)
    end
  end)

  it("warns of an author's indicator loaded but in no group, not of the std library's (score says nothing)", function()
    local dir = H.tmpdir()
    H.mkdir(dir .. "/local")
    H.write(dir .. "/local/mine.lua", "indicator { id = 'local.a', title = 'a', category = 'c', severity = 'warning',\n" ..
      "  basis = 'b', version = '1', check = function(r, f) end }\n" ..
      "indicator { id = 'local.b', title = 'b', category = 'c', severity = 'warning',\n" ..
      "  basis = 'b', version = '1', check = function(r, f) end }\n")
    H.write(dir .. "/scheme.lua", "scheme { name = 's', rules = { 'std', 'local' },\n" ..
      "  groups = { { name = 'G', points = 1, indicators = { 'structure.deadline', 'local.a' } } } }\n")
    local code, out = H.cli("lint", dir .. "/scheme.lua")
    assert.equal(0, code, out)
    assert.matches("local/mine.lua:3: warning: indicator 'local.b' is in no group of the scheme scheme.lua", out, 1, true)
    assert.is_nil(out:find("'s5.substantive' is in no group", 1, true)) -- std: a scheme takes what it needs
    assert.matches("no problems, 1 warning", out, 1, true)
    code = H.cli("score", "--scheme", dir .. "/scheme.lua", DEPT)
    local _, _, err = H.cli("score", "--scheme", dir .. "/scheme.lua", DEPT)
    assert.is_nil(err:find("in no group", 1, true))
    code, out = H.cli("lint", H.ROOT .. "/rules/schemes/default.lua")
    assert.equal(0, code, out)
    assert.matches("no problems\n", out, 1, true)
  end)

  it("checks the specs under a rule directory without running them", function()
    local dir = H.tmpdir()
    H.mkdir(dir .. "/rules/spec")
    H.write(dir .. "/rules/a.lua", 'indicator { id = "a.x", title = "x", check = function() end }\n')
    H.write(dir .. "/rules/spec/a_spec.lua", [[
spec { name = "one", text = "x", rules = { "rules" }, indicators = { "a.x" },
  expected = {} }
spec { name = "two", text = "x", rules = { "rules" }, indicators = { "a.x" },
  expect = { { id = "a.y", stauts = "fail" } } }
spec { name = "three", text = "x", rules = { "rules" }, indicators = { "a.x" },
  expect = { { id = "a.z", status = "fail" } } }
spec { name = "four", text = "x", rules = { "rules" }, indicators = { "a.xx" },
  expect = {} }
]])
    local code, out = H.cli("lint", dir .. "/rules")
    assert.equal(1, code)
    assert.matches("a_spec.lua:1: one: unknown key 'expected' (did you mean 'expect'?", out, 1, true)
    assert.matches("a_spec.lua:3: two: expect entry 1: unknown key 'stauts' (did you mean 'status'?", out, 1, true)
    assert.matches("a_spec.lua:5: three: expect entry 1: 'a.z' is not among the spec's indicators", out, 1, true)
    assert.matches("a_spec.lua:7: four: the spec names indicator 'a.xx', which no rule file " ..
                   "declares (did you mean 'a.x'?)", out, 1, true)
    assert.matches("4 problems", out, 1, true)
    code, out = H.cli("lint", H.ROOT .. "/rules/std")
    assert.equal(0, code, out)
  end)

  it("a scheme file whose scheme{} was forgotten (score refuses it) is a problem", function()
    local dir = H.tmpdir()
    H.write(dir .. "/s.lua", "local groups = { { name = 'G', points = 1, indicators = { 'structure.sections' } } }\n" ..
      "return { name = 'x', rules = { 'std' }, groups = groups }\n")
    local code, out = H.cli("lint", dir .. "/s.lua")
    assert.equal(1, code, out)
    assert.matches("but no scheme{ … } call: score refuses it", out, 1, true)
    -- a rule file whose comment names groups and indicators is a rule file
    H.write(dir .. "/r.lua", "-- put it in a scheme's groups, among its indicators\n" ..
      H.indicator { id = "local.r", check = "f:pass()" })
    code, out = H.cli("lint", dir .. "/r.lua")
    assert.equal(0, code, out)
  end)

  it("a file with no scheme{} and no indicator (an emptied scheme file) is a problem, as score refuses it", function()
    local dir = H.tmpdir()
    for name, src in pairs({ ["none.lua"] = "-- nothing\n", ["empty.lua"] = "",
                             ["code.lua"] = "local x = 1\n" }) do
      H.write(dir .. "/" .. name, src)
      local code, out = H.cli("lint", dir .. "/" .. name)
      assert.equal(1, code, out)
      assert.matches(name .. ": no scheme{ … } in the file, which score refuses, and no indicator{ … }",
                     out, 1, true)
      local _, _, err = H.cli("score", "--scheme", dir .. "/" .. name, H.ROOT .. "/examples/district")
      assert.matches("no scheme{ … } in the file", err, 1, true)
    end
    -- a helper module returns its functions: no scheme, no indicator, sound
    H.write(dir .. "/helper.lua", "local M = {}\nfunction M.f() return 1 end\nreturn M\n")
    local code, out = H.cli("lint", dir .. "/helper.lua")
    assert.equal(0, code, out)
  end)
end)

describe("a helper module of a rule directory the scheme does not name", function()
  it("says to add it to the scheme's rules", function()
    local dir = H.tmpdir()
    H.mkdir(dir .. "/local")
    H.write(dir .. "/local/x.lua", 'local U = require "std.util"\n' ..
      'indicator { id = "local.x", title = "x", check = function() end }\n')
    H.write(dir .. "/scheme.lua", "scheme { name = 's', rules = { 'local' },\n" ..
      "  groups = { { name = 'G', points = 1, indicators = { 'local.x' } } } }\n")
    local s, msg = ns.scheme(dir .. "/scheme.lua")
    assert.is_nil(s)
    refused(msg, "local/x.lua:1:", "module 'std.util' is not available", "add \"std\" to the scheme's rules = { … }")
    H.write(dir .. "/scheme.lua", "scheme { name = 's', rules = { 'std', 'local' },\n" ..
      "  groups = { { name = 'G', points = 1, indicators = { 'local.x' } } } }\n")
    assert.truthy(ns.scheme(dir .. "/scheme.lua"))
    assert.matches('add "std" to its scheme\'s `rules`', H.read(H.ROOT .. "/rules/README.md"), 1, true)
    -- a misspelt module of a directory the scheme names is not told to add it
    H.write(dir .. "/local/x.lua", 'local U = require "std.utl"\n' ..
      'indicator { id = "local.x", title = "x", check = function() end }\n')
    s, msg = ns.scheme(dir .. "/scheme.lua")
    refused(msg, "module 'std.utl' is not available")
    assert.is_nil(msg:find("add \"std\"", 1, true), msg)
  end)
end)

describe("indicator{} declarations", function()
  -- a rule file of one indicator with the given keys (source), under a
  -- scheme naming `id`; the scheme, or nil and the message
  local function rule(keys, id)
    local dir = H.tmpdir()
    H.mkdir(dir .. "/rules")
    H.write(dir .. "/rules/x.lua", "-- x\nindicator {\n" .. keys .. "\n  check = function() end,\n}\n")
    H.write(dir .. "/scheme.lua", "scheme { name = 's', rules = { 'rules' },\n" ..
      "  groups = { { name = 'G', points = 1, indicators = { " .. string.format("%q", id or "local.x") .. " } } } }\n")
    return ns.scheme(dir .. "/scheme.lua")
  end

  it("refuses an empty id, and ids with spaces, capitals or Chinese", function()
    local s, msg = rule('  id = "",')
    refused(msg, "rules/x.lua:3: indicator '': an id is lowercase dotted words of a-z, 0-9 and _ " ..
                 "(\"local.fee_stated\"); this one is empty")
    for _, bad in ipairs({ "local.fee stated", "Local.fee", "local.收费", "local..x", ".x", "x." }) do
      s, msg = rule(string.format("  id = %q,", bad), bad)
      assert.is_nil(s, bad)
      refused(msg, "rules/x.lua:3: indicator '" .. bad .. "': an id is lowercase dotted words")
    end
    assert.truthy(rule('  id = "local.fee_stated2",', "local.fee_stated2"))
  end)

  it("refuses an empty title", function()
    local s, msg = rule('  id = "local.x",\n  title = "",')
    refused(msg, "rules/x.lua:4: indicator 'local.x': the title is empty")
    assert.truthy(rule('  id = "local.x",\n  title = "收费说明",'))
  end)

  it("refuses a title, category, basis or version that is not UTF-8", function()
    for _, key in ipairs({ "title", "category", "basis", "version" }) do
      local s, msg = rule('  id = "local.x",\n  ' .. key .. ' = "ok\\xff\\1",')
      assert.is_nil(s, key)
      refused(msg, "rules/x.lua:4: indicator 'local.x': '" .. key .. "' is not valid UTF-8 (byte 3 of \"ok\\xff\\x01\")")
    end
    local s, msg = rule('  id = "local.x",\n  title = "收费\\0说明",')
    refused(msg, "rules/x.lua:4: indicator 'local.x': 'title' holds a NUL byte (byte 7 of \"收费\\x00说明\")")
    assert.truthy(rule('  id = "local.x",\n  title = "收费说明",\n  basis = "《条例》\\u{FF08}一\\u{FF09}",'))
  end)

  it("reserves the standard library's namespaces: a rule of another file may not take its ids", function()
    local s, msg = rule('  id = "structure.deadline",', "structure.deadline")
    assert.is_nil(s)
    refused(msg, "rules/x.lua:3: indicator 'structure.deadline': ids under 'structure.' are the standard " ..
                 "library's", "such as 'local.deadline'")
    -- every namespace the standard library uses, taken from its files
    local seen = {}
    for _, f in ipairs({ "arithmetic", "completeness", "plausibility", "quality", "sections56",
                         "structure", "text_tables" }) do
      for ns_ in H.read(STD .. "/" .. f .. ".lua"):gmatch('\n%s*id%s*=%s*"([a-z0-9_]+)%.') do
        if not seen[ns_] then
          seen[ns_] = true
          s, msg = rule(string.format('  id = "%s.mine",', ns_), ns_ .. ".mine")
          assert.is_nil(s, ns_)
          refused(msg, "ids under '" .. ns_ .. ".' are the standard library's")
        end
      end
    end
    assert.truthy(seen.arith and seen.structure and seen.text)
    -- and with std loaded too, the std rule keeps its id
    assert.truthy(rule('  id = "structural.x",', "structural.x"))
  end)

  it("places an unknown key at its own line, also after other keys", function()
    local s, msg = rule('  id = "local.x",\n  title = "x",\n  category = "c",\n  serverity = "error",')
    refused(msg, "rules/x.lua:6: indicator 'local.x': unknown key 'serverity' (did you mean 'severity'?")
  end)
end)

describe("nianshen lint of a scheme whose rule file refuses an indicator", function()
  it("tells the rule's mistake once, not again as an id no rule declares", function()
    local dir = H.tmpdir()
    H.mkdir(dir .. "/rules")
    H.write(dir .. "/rules/a.lua", 'indicator {\n  id = "a.x",\n  titel = "x",\n  check = function() end,\n}\n' ..
      'indicator { id = "a.y", title = "y", check = function() end }\n')
    H.write(dir .. "/scheme.lua", "scheme { name = 's', rules = { 'rules' },\n" ..
      "  groups = { { name = 'G', points = 1, indicators = { 'a.x', 'a.y', 'a.z' } } } }\n")
    local code, out = H.cli("lint", dir .. "/scheme.lua")
    assert.equal(1, code)
    assert.matches("rules/a.lua:3: indicator 'a.x': unknown key 'titel'", out, 1, true)
    assert.is_nil(out:find("names indicator 'a.x'", 1, true), out)
    assert.matches("group 'G' names indicator 'a.z', which no rule file declares", out, 1, true)
    assert.matches("2 problems", out, 1, true)
  end)
end)

describe("nianshen lint --report FILE (a dry run of the scheme's checks)", function()
  it("finds a check that loads fine but breaks on a report, at the rule's line", function()
    local dir = H.tmpdir()
    H.mkdir(dir .. "/local")
    H.write(dir .. "/local/r.lua", "indicator { id = 'local.x', title = 't', category = 'c',\n" ..
      "  severity = 'warning', basis = 'b', version = '1',\n" ..
      "  check = function(r, f)\n    if r.t3.recieved then f:fail('x') end\n  end }\n")
    H.write(dir .. "/scheme.lua", "scheme { name = 's', rules = { 'local' }, counts = { 'warning' },\n" ..
      "  groups = { { name = 'G', points = 1, indicators = { 'local.x' } } } }\n")
    local code, out = H.cli("lint", dir .. "/scheme.lua")
    assert.equal(0, code, out) -- loading alone cannot see it
    code, out = H.cli("lint", "--report", DEPT, dir .. "/scheme.lua")
    assert.equal(1, code, out)
    assert.matches("local.x: local/r.lua:4: t3 has no row 'recieved' (did you mean 'received'?", out, 1, true)
    -- the option after the scheme, as `test` takes it
    code, out = H.cli("lint", dir .. "/scheme.lua", "--report", DEPT)
    assert.equal(1, code, out)
    assert.matches("local.x: local/r.lua:4: t3 has no row 'recieved'", out, 1, true)
    -- corrected
    H.write(dir .. "/local/r.lua", "indicator { id = 'local.x', title = 't', category = 'c',\n" ..
      "  severity = 'warning', basis = 'b', version = '1',\n" ..
      "  check = function(r, f)\n    if r.t3.received then f:pass() end\n  end }\n")
    code, out = H.cli("lint", "--report", DEPT, dir .. "/scheme.lua")
    assert.equal(0, code, out)
    assert.matches("no problems", out, 1, true)
  end)

  it("runs the checks of a scheme that loads whatever lint found, and says when one does not", function()
    local dir = H.tmpdir()
    H.mkdir(dir .. "/local")
    -- a cell compared with == (lint sees it) and a misspelt field (the dry run does)
    H.write(dir .. "/local/r.lua", "indicator { id = 'local.x', title = 't', category = 'c',\n" ..
      "  severity = 'warning', basis = 'b', version = '1',\n" ..
      "  check = function(r, f)\n    if r.t3.received.total == 0 then f:pass() end\n" ..
      "    if r.t3.recieved then f:fail('x') end\n  end }\n")
    H.write(dir .. "/scheme.lua", "scheme { name = 's', rules = { 'local' }, counts = { 'warning' },\n" ..
      "  groups = { { name = 'G', points = 1, indicators = { 'local.x' } } } }\n")
    local code, out = H.cli("lint", "--report", DEPT, dir .. "/scheme.lua")
    assert.equal(1, code, out)
    assert.matches("local/r.lua:4: compares the cell t3.received.total itself", out, 1, true)
    assert.matches("local.x: local/r.lua:5: t3 has no row 'recieved'", out, 1, true)
    assert.matches("2 problems", out, 1, true)
    -- a scheme that does not load: its mistakes, and no dry run, said
    H.write(dir .. "/scheme.lua", "scheme { name = 's', rules = { 'local' }, counts = { 'warning' },\n" ..
      "  groups = { { name = 'G', points = 1, indicators = { { 'local.x', dedcut = 1 } } } } }\n")
    code, out = H.cli("lint", "--report", DEPT, dir .. "/scheme.lua")
    assert.equal(1, code, out)
    assert.matches("unknown key 'dedcut'", out, 1, true)
    assert.matches("no dry run over the report: the scheme does not load (its mistakes above)", out, 1, true)
  end)
end)
