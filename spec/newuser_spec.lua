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

  it("docs/rules.md says what an omitted deduct and cap are", function()
    local doc = H.read(H.ROOT .. "/docs/rules.md")
    assert.matches("`deduct` defaults to 1", doc, 1, true)
    assert.matches("`cap` defaults to the group's points", doc, 1, true)
  end)
end)
