-- A rule's error names the line that broke: the memory cap, a time-out
-- and the breaker say the line of rule code that was running (the count
-- hook of the sandbox notes it, and so do the pattern functions that run
-- in C), not the `indicator {` line; running out of memory while loading
-- names the file, the line and --max-memory.  Evidence tables a rule
-- writes are checked, and the sandbox names what it does not offer.
local H = require "helper"
H.TIMEOUT = 60

local REPORT = H.corpus("pingtan_zhqu_2023.txt")
local REPORT2 = H.corpus("yuanzhou_hechuan_xiang_2023.txt")

teardown(H.cleanup)

-- rules/x.lua with one check whose body is `body` (its first line is
-- line 4), scored over `reports` with `args`: the messages of x.a, one
-- list per report in run order, the exit code and stderr.
local function score(body, reports, args)
  local src = "indicator {\n  id = \"x.a\", title = \"a\", severity = \"warning\", version = \"1\",\n" ..
              "  category = \"t\", check = function(r, f, ctx)\n" .. body .. "\n  end,\n}\n"
  local dir, scheme = H.ruleset({ ["x.lua"] = src },
    { groups = { { name = "G", points = 10, indicators = { "x.a" } } } })
  local out = dir .. "/out.json"
  local cmd = { "score", "--scheme", scheme, "--quiet", "--out", out }
  for _, a in ipairs(args or {}) do cmd[#cmd + 1] = a end
  for _, r in ipairs(reports or { REPORT }) do cmd[#cmd + 1] = r end
  local code, _, err = H.cli(table.unpack(cmd))
  assert.is_true(code >= 0 and code <= 3, "exit " .. tostring(code) .. ": " .. err)
  local run = H.json(out)
  local msgs = {}
  for _, res in ipairs(run.results) do
    for _, f in ipairs(res.findings) do msgs[#msgs + 1] = f.status .. ": " .. (f.message or "") end
  end
  return msgs, code, err
end

describe("a check that breaks names the line it was running", function()
  it("when it hits the memory cap", function()
    local m = score([[
    local t = {}
    for i = 1, 1e9 do t[i] = i end]], nil, { "--max-memory", "8M", "--max-steps", "1000000000000" })
    assert.equal(1, #m)
    assert.matches("^error: rules/x%.lua:5: memory cap of 8388608 bytes exceeded: not enough memory " ..
                   "%(%-%-max%-memory 8388608%) at rules/x%.lua:5 %(the line it was running%)", m[1])
  end)

  it("when one large allocation asks past the cap", function()
    local m = score([[
    local n = 1
    local s = string.rep("x", 1e9)]], nil, { "--max-memory", "8M" })
    assert.matches("^error: rules/x%.lua:5: memory cap of 8388608 bytes exceeded", m[1])
  end)

  it("when it runs past its time limit in a pattern, and when the breaker stops it", function()
    local m = score([[
    local s = string.rep("a", 30)
    local x = 1
    string.find(s, string.rep("a?", 40) .. string.rep("a", 40) .. "b")]],
      { REPORT, REPORT2 }, { "--max-seconds", "1", "--breaker", "1", "--jobs", "1" })
    assert.equal(2, #m)
    table.sort(m, function(a, b) return a:find("disabled", 1, true) == nil and b:find("disabled", 1, true) ~= nil end)
    assert.matches("^error: rules/x%.lua:%d+: the check ran past its time limit of 1 s .* and was " ..
                   "stopped at rules/x%.lua:6 %(the line it was running%)$", m[1])
    assert.matches("^error: rules/x%.lua:%d+: disabled after 1 time%-outs: .*the last at " ..
                   "rules/x%.lua:6 %(the line it was running%)", m[2])
  end)

  it("when an LPeg pattern runs past its time limit, also inside s:find", function()
    -- A(k) = A(k-1) 'x' / A(k-1): every level tries the one below twice
    -- (LPeg's check of the grammar already takes exponential time)
    local m = score([[
    local g = { "A40", A0 = lpeg.P"a" }
    for k = 1, 40 do g["A" .. k] = lpeg.V("A" .. (k - 1)) * "x" + lpeg.V("A" .. (k - 1)) end
    local p = lpeg.P(g)
    p:match("a")]], nil, { "--max-seconds", "1" })
    assert.matches("time limit of 1 s .* and was stopped at rules/x%.lua:6 %(the line it was running%)$", m[1])
    -- a re grammar compiled by s:find (the section's Lua code, re.lua and
    -- LPeg between): the rule's line that called it
    m = score([[
    local rules = {}
    for k = 1, 40 do rules[#rules + 1] = ("A%d <- A%d 'x' / A%d"):format(k, k - 1, k - 1) end
    local pat = "S <- A40\nA0 <- 'a'\n" .. table.concat(rules, "\n")
    local n = 1
    local m = r.s1:find(pat) -- not `return …`: a tail call leaves no frame of the rule]], nil, { "--max-seconds", "1" })
    assert.matches("time limit of 1 s .* and was stopped at rules/x%.lua:8 %(the line it was running%)$", m[1])
  end)
end)

describe("running out of memory while loading", function()
  it("names the rule file, the line of its top level and --max-memory", function()
    local dir, scheme = H.ruleset({ ["big.lua"] = [[
local a = 1
local t = {}
for i = 1, 1e9 do t[i] = i end
indicator { id = "b.b", title = "b", severity = "warning", version = "1", category = "t", check = function() end }
]] }, { groups = { { name = "G", points = 10, indicators = { "b.b" } } } })
    local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--max-memory", "4M",
                               "--out", dir .. "/out.json", REPORT)
    assert.equal(3, code)
    assert.matches("rules/big%.lua:3: not enough memory while loading rules/big%.lua " ..
                   "%(%-%-max%-memory 4194304 bytes%)", err)
  end)

  it("says the limit is too small to load the rules when a standard module does not fit", function()
    for _, cap in ipairs({ "1K", "200K" }) do
      local code, _, err = H.cli("score", "--scheme", H.ROOT .. "/rules/schemes/default.lua", "--quiet",
                                 "--max-memory", cap, "--out", H.tmpdir() .. "/out.json", REPORT)
      assert.equal(3, code)
      assert.matches("module 'std%.[%w_]+'.*not enough memory.*%-%-max%-memory %d+ bytes is too small " ..
                     "to load the rules", err)
    end
  end)
end)

-- A check body that records, as the message of a pass, what each call
-- raised ("ok" when it did not).
local TRY = "    local function try(g) local ok, e = pcall(g); f:pass(ok and \"ok\" or e) end\n"

describe("evidence a rule writes as a table", function()
  it("is refused when its line, col or page is no integer from 0 to 2^31-1, naming which", function()
    local m = score(TRY .. [[
    try(function() f:fail("m", { text = "y", line = -3, col = 1 }) end)
    try(function() f:fail("m", r.s1, { text = "y", line = 3, col = 1e12 }) end)
    try(function() f:fail("m", { text = "y", line = 3.5 }) end)
    try(function() f:fail("m", { text = "y", line = 3, page = "2" }) end)
    try(function() f:fail("m", { text = 5, line = 3 }) end)
    try(function() f:fail("m", { text = "y", line = 3, section = {} }) end)
    try(function() f:fail("m", { text = "y", line = 3, section = "s\xff" }) end)
    try(function() f:fail("m", r.s1, { text = "y", section = "s7" }) end)
    try(function() f:fail("m", { text = "y", section = "五" }) end)
    try(function() f:fail("m", { text = "y", section = "s5" }, { text = "z", section = "s1" }) end)]])
    assert.same({
      "pass: rules/x.lua:5: f:fail(message, evidence...): evidence #1: line must be an integer from 0 to 2147483647 (got -3)",
      "pass: rules/x.lua:6: f:fail(message, evidence...): evidence #2: col must be an integer from 0 to 2147483647 (got 1000000000000.0)",
      "pass: rules/x.lua:7: f:fail(message, evidence...): evidence #1: line must be an integer from 0 to 2147483647 (got 3.5)",
      "pass: rules/x.lua:8: f:fail(message, evidence...): evidence #1: page must be an integer from 0 to 2147483647 (got a string)",
      "pass: rules/x.lua:9: f:fail(message, evidence...): evidence #1: text must be a string (got a number)",
      "pass: rules/x.lua:10: f:fail(message, evidence...): evidence #1: section must be a string (got a table)",
      "pass: rules/x.lua:11: f:fail(message, evidence...): evidence #1: section must be the id of a section, s1 to s6 (s.id; got 's\u{FFFD}')",
      "pass: rules/x.lua:12: f:fail(message, evidence...): evidence #2: section must be the id of a section, s1 to s6 (s.id; got 's7')",
      "pass: rules/x.lua:13: f:fail(message, evidence...): evidence #1: section must be the id of a section, s1 to s6 (s.id; got '五')",
      "fail: m",
      "pass: ok",
    }, m)
  end)

  -- { txt =, lin = } was taken as evidence that shows nothing: a finding
  -- whose evidence reads "line 0" and no words, the typo never told
  it("is refused when it has a misspelt key, naming it", function()
    local m = score(TRY .. [[
    try(function() f:fail("m", { txt = "y", lin = 3 }) end)
    try(function() f:fail("m", r.s1, { lien = 3 }) end)
    try(function() f:fail("m", { 1, 2 }) end)
    try(function() f:fail("m", { text = "y", line = 3, colum = 2, pag = 1 }) end)
    try(function() f:fail("m", { "y", line = 3 }) end)]])
    assert.same({
      "pass: rules/x.lua:5: f:fail(message, evidence...): evidence #1 has no text, line or section: it would show nothing (unknown key 'lin'? (did you mean 'line'? known: text line col page section start stop))",
      "pass: rules/x.lua:6: f:fail(message, evidence...): evidence #2 has no text, line or section: it would show nothing (unknown key 'lien'? (did you mean 'line'? known: text line col page section start stop))",
      -- an entry without a name (a list was taken, showing nothing)
      "pass: rules/x.lua:7: f:fail(message, evidence...): evidence #1 has an entry without a name: its fields are named ({ text = …, line = … })",
      -- beside words and a place, a misspelt key was dropped without a word
      "pass: rules/x.lua:8: f:fail(message, evidence...): evidence #1: unknown key 'colum' (did you mean 'col'? known: text line col page section start stop)",
      -- and an entry without a name ({ m.text, line = m.line } lost its text)
      "pass: rules/x.lua:9: f:fail(message, evidence...): evidence #1 has an entry without a name: its fields are named ({ text = …, line = … })",
    }, m)
  end)

  -- the engine's own records are no typo of the rule's: an entry of
  -- r.diagnostics (code, message, where), of text.sentences (raw) or of
  -- text.delimiters was evidence before the check of unknown keys came
  it("is taken when it is one of the engine's records, whatever its other fields", function()
    local m = score(TRY .. [[
    try(function() f:fail("m", text.sentences("一是公开。二是回应。")[1]) end)
    try(function() f:fail("m", text.delimiters("一，二")[1]) end)
    try(function() f:fail("m", r.t3:columns()[1]) end)
    try(function() f:fail("m", setmetatable({ txt = "y" }, { __index = function() end })) end)]])
    assert.same({
      "fail: m", "pass: ok",
      "fail: m", "pass: ok",
      "fail: m", "pass: ok",
      "pass: rules/x.lua:8: f:fail(message, evidence...): evidence #1 has no text, line or section: it would show nothing (unknown key 'txt'? (did you mean 'text'? known: text line col page section start stop))",
    }, m)
  end)

  it("is taken when it places itself, and without text or line as documented", function()
    local dir, scheme = H.ruleset({ ["x.lua"] = H.indicator { id = "x.a", check = [[
    f:fail("m", { text = "y", line = 3, col = 0, page = 0 }, { text = "z" }, { line = 5 }, r.s1:find("政府", true))]] } },
      { groups = { { name = "G", points = 10, indicators = { "x.a" } } } })
    local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", dir .. "/o.json", REPORT)
    assert.is_true(code <= 2, err)
    local ev = H.json(dir .. "/o.json").results[1].findings[1].evidence
    assert.equal(4, #ev)
    assert.same({ "y", 3 }, { ev[1].text, ev[1].line })
    assert.same({ "z", 0 }, { ev[2].text, ev[2].line })
    assert.same({ nil, 5 }, { ev[3].text, ev[3].line })
    assert.same({ "政府", "s1" }, { ev[4].text, ev[4].section })
  end)

  it("keeps a message, a text and an error with a NUL byte whole, the NUL shown as U+FFFD", function()
    local dir, scheme = H.ruleset({ ["x.lua"] = H.indicator { id = "x.a", check = [[
    f:fail("before\0after", { text = "t\0u", line = 3 }, r.s1, { section = "s1", text = "\0" })]] } ..
      H.indicator { id = "x.b", check = [[error("e\0f", 0)]] } },
      { groups = { { name = "G", points = 10, indicators = { "x.a", "x.b" } } } })
    local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", dir .. "/o.json", REPORT)
    assert.is_true(code <= 3, err)
    local res = H.json(dir .. "/o.json").results[1]
    local a, b = H.findings(res, "x.a")[1], H.findings(res, "x.b")[1]
    assert.equal("before\u{FFFD}after", a.message)
    assert.same({ "t\u{FFFD}u", "\u{FFFD}" }, { a.evidence[1].text, a.evidence[3].text })
    assert.same({ "error", "rules/x.lua:10: e\u{FFFD}f" }, { b.status, b.message })
  end)

  it("is told when it is nil: a cell or section that does not exist", function()
    local m = score(TRY .. [[
    try(function() f:fail("m", r.t3.other) end)
    try(function() f:fail("m", r.s1, nil) end)]])
    assert.matches("^pass: rules/x%.lua:5: f:fail%(message, evidence%.%.%.%): evidence #1 is nil %(a cell or section that " ..
                   "does not exist%?%); give a cell", m[1])
    assert.matches("evidence #2 is nil %(a cell or section that does not exist%?%)", m[2])
  end)
end)

describe("a recorder f kept past its check", function()
  it("raises at the line that uses it, in another check and on the next report, instead of losing the finding", function()
    local src = [[
local saved
indicator { id = "x.a", title = "a", severity = "warning", category = "t",
  check = function(r, f) if saved then saved:fail("late") end; saved = f end }
indicator { id = "x.b", title = "b", severity = "warning", category = "t",
  check = function(r, f) saved:na("stolen") end }
]]
    local dir, scheme = H.ruleset({ ["x.lua"] = src },
      { groups = { { name = "G", points = 10, indicators = { "x.a", "x.b" } } } })
    local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", dir .. "/o.json", "--jobs", "1", REPORT, REPORT2)
    assert.is_true(code <= 3, err)
    local run = H.json(dir .. "/o.json")
    local first, second = H.result(run, "pingtan_zhqu_2023.txt"), H.result(run, "yuanzhou_hechuan_xiang_2023.txt")
    local b = H.findings(first, "x.b")
    assert.same({ "error" }, { b[1].status })
    assert.matches("^rules/x%.lua:5: f:na%(%): this recorder's check has ended: it was the f of indicator 'x%.a'", b[1].message)
    -- the next report: x.a itself, through the f of the report before
    local a = H.findings(second, "x.a")
    assert.equal("error", a[1].status)
    assert.matches("^rules/x%.lua:3: f:fail%(%): this recorder's check has ended", a[1].message)
  end)
end)

describe("the sandbox names what it leaves out", function()
  it("coroutine, load, string.dump, lpeg.setmaxstack, re.updatelocale, as os", function()
    local m = score(TRY .. [[
    try(function() return coroutine.create(print) end)
    try(function() return string.dump(print) end)
    try(function() return ("x"):dump() end)
    try(function() return load("return 1") end)
    try(function() return lpeg.setmaxstack(10) end)
    try(function() return re.updatelocale() end)
    try(function() return _G.coroutine end)
    try(function() return os.time() end)
    try(function() return string.upper("x") .. ("y"):rep(2) end)]])
    assert.same({
      "pass: rules/x.lua:5: sandbox: 'coroutine' is not available to rules",
      "pass: rules/x.lua:6: sandbox: 'string.dump' is not available to rules",
      "pass: rules/x.lua:7: sandbox: 'string.dump' is not available to rules",
      "pass: rules/x.lua:8: sandbox: 'load' is not available to rules",
      "pass: rules/x.lua:9: sandbox: 'lpeg.setmaxstack' is not available to rules",
      "pass: rules/x.lua:10: sandbox: 're.updatelocale' is not available to rules",
      "pass: rules/x.lua:11: sandbox: 'coroutine' is not available to rules",
      "pass: rules/x.lua:12: sandbox: 'os' is not available to rules",
      "pass: ok",
    }, m)
  end)

  -- a library function the sandbox wraps (to charge its work) is called by
  -- the wrapper, which no rule line names: its argument errors said '?'
  it("and names the library function a rule gave a wrong argument", function()
    local m = score(TRY .. [[
    try(function() return text.similarity(nil, "x") end)
    try(function() return text.compact({}) end)]])
    assert.same({
      "pass: bad argument #1 to 'text.similarity' (string expected, got nil)",
      "pass: bad argument #1 to 'text.compact' (string expected, got table)",
    }, m)
  end)

  -- a misspelt library function or f's method read nil, and the call said
  -- only "attempt to call a nil value"; a name no library has still reads
  -- nil, as in Lua (a rule may probe: `table.getn or …`, `x.text or x`)
  it("and the function a misspelt call was meant to be", function()
    for body, want in pairs({
      ['return text.simlarity("a", "b")'] = "rules/x.lua:4: attempt to call a nil value (field 'simlarity') (did you mean 'text.similarity'?)",
      ['return ("x"):uper()'] = "rules/x.lua:4: attempt to call a nil value (method 'uper') (did you mean 'string.upper'?)",
      ['f:fial("x")'] = "rules/x.lua:4: attempt to call a nil value (method 'fial') (did you mean 'f:fail'?)",
    }) do
      local m = score("    " .. body)
      assert.same({ "error: " .. want }, m)
    end
    local m = score([[
    local getn, x = table.getn or function(t) return #t end, "abc"
    f:pass(tostring(x.text or x) .. tostring(string.trim) .. getn({ 1, 2 }))]])
    assert.same({ "pass: abcnil2" }, m)
  end)
end)

describe("a cell taken for its number", function()
  it("is refused by tonumber, naming .value (tonumber(cell) read nil and the check passed)", function()
    local m = score([[
    if tonumber(r.t3.received.total) == 0 then f:fail("none") end
    f:pass("ok")]])
    assert.equal(1, #m)
    assert.matches("^error: rules/x%.lua:4: bad argument #1 to 'tonumber' %(a cell, or a number " ..
                   "the text states, is a view, no number: its number is %.value", m[1])
    m = score([[
    assert(tonumber("12") == 12 and tonumber("x") == nil and tonumber("ff", 16) == 255)
    f:pass(tostring(tonumber(r.t3.received.total.value)))]])
    assert.matches("^pass: %d+$", m[1])
  end)

  it("compared with == or ~= is a problem nianshen lint names (always false, or true)", function()
    local dir, scheme = H.ruleset({ ["x.lua"] = "indicator {\n  id = \"x.a\", title = \"a\", " ..
      "severity = \"warning\", version = \"1\",\n  category = \"t\", check = function(r, f)\n" ..
      "    if r.t3.received.total == 0 then f:fail(\"none\") end\n" ..
      "    if 0 ~= r.t4.review.total then f:fail(\"some\") end\n" ..
      "    if r.t3.received.total.value == 0 or r.t2.fees.amount.value ~= nil then f:pass(\"ok\") end\n" ..
      "    -- not r.t3.received.total == 0, which never fires\n" ..
      "  end,\n}\n" },
      { groups = { { name = "G", points = 10, indicators = { "x.a" } } } })
    local code, out = H.cli("lint", scheme)
    assert.equal(1, code, out)
    assert.matches("rules/x.lua:4: compares the cell t3.received.total itself with == or ~=", out, 1, true)
    assert.matches("rules/x.lua:5: compares the cell t4.review.total itself", out, 1, true)
    assert.matches("2 problems", out, 1, true)
  end)
end)
