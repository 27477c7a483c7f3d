-- Isolation (docs/rules.md, "Isolation"): a scheme mixes rule files of
-- several authors, and none of them may change what another file's checks,
-- another check or another report sees.  Each attack is a rule file scored
-- with the CLI over two real reports: the attack is refused with a message
-- that names its true place, and the other checks' results are those of a
-- run without the attacker.  Loading runs under the check's limits, and a
-- scheme is validated as data.
local H = require "helper"
H.TIMEOUT = 30

local REPORTS = { H.corpus("yuanzhou_hechuan_xiang_2023.txt"), H.corpus("pingtan_zhqu_2023.txt") }
local BODY_LINE = 4 -- the first line of a check body in the rule file H.indicator writes

-- A victim in a file of its own, written by another author: it reports
-- what it sees of the shared world (base functions, libraries, the
-- scheme's params, std.util's memo of the report) as its message.
local VICTIM = [[
local U = require "std.util"
indicator {
  id = "v.victim", title = "victim", severity = "warning", version = "1",
  check = function(r, f, ctx)
    local n, m = 0, 0
    for _ in pairs({ a = 1, b = 2 }) do n = n + 1 end
    for _ in ipairs({ 1, 2, 3 }) do m = m + 1 end
    local g = U.grid(r.t3)
    f:fail(string.format("pairs=%d ipairs=%d upper=%s fmt=%s param=%s planted=%s total=%s rows=%d apps=%s",
      n, m, ("x"):upper(), string.format("%d", 7), tostring(ctx.params.deadline),
      tostring(planted), tostring(g.v.received.total), #U.T3_COLS, table.concat(U.T3_APPLICANTS, ",")))
  end,
}
]]

local PARAMS = { deadline = "01-31" }

-- The standard library beside a rule set, for `require "std.util"` (a
-- scheme's rules = { …, "std/util" } makes its directory a module root).
local function with_std(dir)
  assert(os.execute("ln -s " .. H.q(H.ROOT .. "/rules/std") .. " " .. H.q(dir .. "/std")))
end

-- Score REPORTS with the files given plus the victim; `ids` the indicators
-- of the one group.  Returns the run's JSON (nil when the scheme was
-- refused), the exit code, stderr and the seconds it took.
local function score(files, ids, opts)
  opts = opts or {}
  files["victim.lua"] = VICTIM
  local dir, scheme = H.ruleset(files, { params = opts.params or PARAMS, rules = { "rules", "std/util" },
    groups = { { name = "G", points = 10, indicators = ids } } })
  with_std(dir)
  local out = dir .. "/out.json"
  local t0 = os.time()
  local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", out,
    "--max-steps", tostring(opts.steps or 2000000), "--max-seconds", tostring(opts.seconds or 10),
    table.unpack(REPORTS))
  local took = os.time() - t0
  assert.are_not.equal(124, code, "the run did not finish within " .. H.TIMEOUT .. " s")
  assert.is_true(code >= 0 and code <= 3, "the run crashed (exit " .. tostring(code) .. "): " .. err)
  return H.exists(out) and H.json(out) or nil, code, err, took
end

-- What the victim sees in a run without any attacker, per report.
local clean
local function clean_messages()
  if not clean then
    local run = score({}, { "v.victim" })
    clean = {}
    for _, res in ipairs(run.results) do clean[res.path] = H.findings(res, "v.victim")[1].message end
  end
  return clean
end

-- The victim saw exactly what it sees without the attacker, on every report.
local function untouched(run)
  local want = clean_messages()
  assert.equal(#REPORTS, #run.results)
  for _, res in ipairs(run.results) do
    local v = H.findings(res, "v.victim")
    assert.equal(1, #v, res.path)
    assert.equal(want[res.path], v[1].message, res.path)
  end
end

-- t.probe's findings on each report: one error finding, located at the
-- probe's own line, matching `what`.
local function refused(run, what, line)
  for _, res in ipairs(run.results) do
    local fs = H.findings(res, "t.probe")
    assert.equal(1, #fs, "findings of t.probe on " .. res.path)
    assert.equal("error", fs[1].status, fs[1].message)
    local at = fs[1].message:match("^rules/probe%.lua:(%d+): ")
    assert.is_string(at, "not located at the probe: " .. fs[1].message)
    if line then assert.equal(line, tonumber(at), fs[1].message) end
    assert.matches(what, fs[1].message)
  end
end

local function probe(body)
  return H.indicator { id = "t.probe", severity = "error", check = body }
end

teardown(H.cleanup)

describe("the victim, alone", function()
  it("sees the standard world", function()
    for _, m in pairs(clean_messages()) do
      assert.matches("^pairs=2 ipairs=3 upper=X fmt=7 param=01%-31 planted=nil total=%d+ rows=%d+ apps=natural_person,[%w_,]+$", m)
    end
  end)
end)

describe("one rule file cannot change another's globals", function()
  it("at load time: indicator, pairs, ipairs, string, _ENV", function()
    -- aaa.lua loads before victim.lua
    local run, code = score({ ["aaa.lua"] = [[
local real = indicator
indicator = function(t) t.check = function(r, f) f:pass("neutered") end return real(t) end
pairs = function() return function() return nil end end
ipairs = function() return function() return nil end end
string = setmetatable({}, { __index = function() return function() return "forged" end end })
_ENV.planted = "by aaa"
indicator { id = "a.ok", title = "a", check = function(r, f) f:fail(tostring(#"abc")) end }
]] }, { "a.ok", "v.victim" })
    untouched(run)
    -- the attacker's own file did see its own changes
    for _, res in ipairs(run.results) do
      assert.equal("neutered", H.findings(res, "a.ok")[1].message)
    end
    assert.equal(1, code)
  end)

  it("in a check: a global it writes is its own, for that check on that report", function()
    local run = score({ ["probe.lua"] = probe([[
    local before = tostring(planted)
    pairs = function() return function() return nil end end
    ipairs = pairs
    planted = r.agency
    f:fail(before .. " " .. planted)]]) }, { "t.probe", "v.victim" })
    untouched(run)
    for _, res in ipairs(run.results) do
      -- nothing of the previous report's check, its own write seen
      assert.equal("nil " .. res.agency, H.findings(res, "t.probe")[1].message)
    end
  end)

  it("through library tables, _G and _ENV: refused at the line", function()
    for body, what in pairs({
      ["string.format = nil"] = "read%-only %(cannot assign 'format'%)",
      ["_G.pairs = nil"] = "read%-only %(cannot assign 'pairs'%)",
      ["table.insert = nil"] = "read%-only %(cannot assign 'insert'%)",
      ["rawset(_G, 'pairs', nil)"] = "read%-only",
      ["rawset(_ENV, 'pairs', nil)"] = "read%-only",
      ["rawset(string, 'upper', nil)"] = "read%-only",
      ["setmetatable(_ENV, {})"] = "protected metatable",
      ["re.updatelocale()"] = "sandbox: 're%.updatelocale' is not available to rules",
    }) do
      local run = score({ ["probe.lua"] = probe(body) }, { "t.probe", "v.victim" })
      untouched(run)
      refused(run, what, BODY_LINE)
    end
  end)
end)

describe("scheme{} and indicator{}", function()
  it("scheme{} from a rule file is refused, at its line", function()
    local run, code, err = score({ ["evil.lua"] = [[
indicator { id = "e.ok", title = "e", check = function() end }
scheme { name = "hijack", params = { deadline = "12-31" }, groups = {} }
]] }, { "v.victim" })
    assert.is_nil(run)
    assert.equal(3, code)
    assert.matches("rules/evil%.lua:2: ", err)
    assert.matches("scheme", err)
  end)

  it("scheme{} reached in a check is refused, and params stay the scheme's", function()
    local run = score({ ["probe.lua"] = probe([[
    scheme { name = "x", params = { deadline = "12-31" }, groups = {} }]]) },
      { "t.probe", "v.victim" })
    untouched(run)
    refused(run, "scheme", BODY_LINE)
  end)

  it("indicator{} in a check is refused", function()
    local run = score({ ["probe.lua"] = probe([[
    indicator { id = "v.victim", title = "x", check = function(r, f) f:pass() end }]]) },
      { "t.probe", "v.victim" })
    untouched(run)
    refused(run, "indicator{} declares an indicator when its rule file loads", BODY_LINE)
  end)

  it("a declaration changed after indicator{} changes nothing", function()
    local run = score({ ["probe.lua"] = [[
local decl = { id = "t.probe", title = "p", severity = "error",
               check = function(r, f) f:fail("declared") end }
indicator(decl)
decl.check = function(r, f) f:fail("changed") end
decl.severity = "info"
]] }, { "t.probe", "v.victim" })
    untouched(run)
    for _, res in ipairs(run.results) do
      local p = H.findings(res, "t.probe")[1]
      assert.equal("declared", p.message)
      assert.equal("error", p.severity)
    end
  end)
end)

describe("what helper modules return is read-only all the way down", function()
  it("std.util's memoised grid of a report", function()
    local run = score({ ["probe.lua"] = probe([[
    local U = require "std.util"
    U.grid(r.t3).v.received.total = 999]]) }, { "t.probe", "v.victim" })
    untouched(run)
    refused(run, "read%-only %(cannot assign 'total'%)", BODY_LINE + 1)
  end)

  it("through rawset, table.insert, table.sort and a view handed back to the module", function()
    for _, body in ipairs({
      [[rawset(U.grid(r.t3).v, "received", {})]],
      [[table.insert(U.T3_COLS, "x")]],
      [[table.sort(U.T3_COLS)]],
      [[U.grid(r.t3).raw.received.total = "9"]],
      [[for k, row in pairs(U.grid(r.t3).v) do row.total = 0 end]],
    }) do
      local run = score({ ["probe.lua"] = probe("    local U = require 'std.util'\n    " .. body) },
        { "t.probe", "v.victim" })
      untouched(run)
      refused(run, "read%-only", BODY_LINE + 1)
    end
  end)

  it("ctx.params handed to a function of the rule's own module stays read-only", function()
    -- a view handed back to a module's function reaches it as the table
    -- only when the table is the module's own; the params every check
    -- reads are no module's
    for _, poke in ipairs({ [[rawset(p, "deadline", "12-31")]], [[p.deadline = "12-31"]] }) do
      local run = score({ ["probe.lua"] = "local H = require 'rules.poke'\n" .. probe("    H.poke(ctx.params)"),
                          ["poke.lua"] = "return { poke = function(p) " .. poke .. " end }" },
        { "t.probe", "v.victim" })
      untouched(run)
      for _, res in ipairs(run.results) do
        local fs = H.findings(res, "t.probe")
        assert.equal("error", fs[1].status, fs[1].message)
        assert.matches("^rules/poke%.lua:1: sandbox: this table is read%-only.*%(from rules/probe%.lua:", fs[1].message)
      end
    end
  end)

  it("a module's name is a module's: require '/std.util' is refused", function()
    local run = score({ ["probe.lua"] = probe([[
    local U = require "std.util"
    local raw = require "/std.util"
    raw.T3_COLS[1] = "x"]]) }, { "t.probe", "v.victim" })
    untouched(run)
    refused(run, "module '/std.util' is not available", BODY_LINE + 1)
  end)

  it("and what a module's function hands to the rule's own code is that rule file's copy", function()
    -- U.t3_sum calls t3:sum(rows, U.T3_APPLICANTS): a rule's own object in
    -- place of t3 receives the module's table as it is.  What it changes
    -- there is its own file's std.util, never the one another file reads.
    local run = score({ ["probe.lua"] = probe([[
    local U = require "std.util"
    local got
    U.t3_sum({ sum = function(self, rows, cols) got = cols end }, { "x" })
    got[1], got[2] = "total", "total"
    for i = #got, 3, -1 do got[i] = nil end
    f:fail(table.concat(U.T3_APPLICANTS, ","))]]) }, { "t.probe", "v.victim" })
    untouched(run)
    for _, res in ipairs(run.results) do
      assert.equal("total,total", H.findings(res, "t.probe")[1].message)
    end
  end)

  it("while reading them works as before: pairs, ipairs, #, equality, evidence", function()
    local run = score({ ["probe.lua"] = probe([[
    local U = require "std.util"
    local g = U.grid(r.t3)
    local n = 0
    for rid, row in pairs(g.v) do n = n + 1 end
    local k = 0
    for i, id in ipairs(U.T3_COLS) do k = i end
    local ev = U.evidence_at(r.s1, 1, 6)
    f:fail(string.format("%d %s %s", n, tostring(k == #U.T3_COLS), tostring(U.grid(r.t3) == g)), ev)]]) },
      { "t.probe", "v.victim" })
    untouched(run)
    for _, res in ipairs(run.results) do
      local p = H.findings(res, "t.probe")[1]
      assert.matches("^%d+ true true$", p.message)
      -- a table the module made is evidence as it is: its text and place
      assert.is_string(p.evidence[1].text)
      assert.is_true(p.evidence[1].line > 0)
    end
  end)
end)

describe("the standard library nianshen ships reads its own modules as they are", function()
  -- its files share one copy of std.util, which they see without views
  -- (trusted code of one author; the views' wrappers cost a fifth of a
  -- check); a rule file of the scheme beside it still sees views only, of
  -- its own copy, and cannot reach the library's
  local STD = { "arith.t3_balance", "arith.t3_row_sum", "structure.sections", "text.period_year" }
  local function run_std(files)
    local ids = { "t.probe" }
    for _, id in ipairs(STD) do ids[#ids + 1] = id end
    local dir, scheme = H.ruleset(files, { rules = { "std", "rules" },
      groups = { { name = "G", points = 10, indicators = ids } } })
    local out = dir .. "/out.json"
    local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", out, table.unpack(REPORTS))
    assert.is_true(code >= 0 and code <= 3, err)
    return H.json(out)
  end
  local function std_findings(run)
    local seen = {}
    for _, res in ipairs(run.results) do
      for _, id in ipairs(STD) do
        for _, f in ipairs(H.findings(res, id)) do
          seen[#seen + 1] = res.path .. " " .. id .. " " .. f.status .. " " .. f.message
        end
      end
    end
    return table.concat(seen, "\n")
  end

  it("a rule file's attempts on std.util and the library's rule files are refused, its checks untouched", function()
    local clean = std_findings(run_std({ ["probe.lua"] = probe("    f:pass('ok')") }))
    assert.matches("arith.t3_balance", clean, 1, true)
    for _, body in ipairs({
      [[local U = require "std.util"; U.T3_COLS[1] = "natural_person"]],
      [[local U = require "std.util"; U.get = function() return 0 end]],
      [[local U = require "std.util"; table.insert(U.T3_APPLICANTS, "total")]],
      [[local A = require "std.arithmetic"; A.x = 1]],
      [[local U = require "std.util"; rawset(U, "eq", function() return true end)]],
    }) do
      local run = run_std({ ["probe.lua"] = probe("    " .. body) })
      assert.equal(clean, std_findings(run), body)
      for _, res in ipairs(run.results) do
        local p = H.findings(res, "t.probe")[1]
        assert.equal("error", p.status, body)
      end
    end
  end)
end)

describe("the tables t:values() and t:raws() give", function()
  -- fresh tables on every call, but their metatables were made once per
  -- state and handed out as they are: a check that set __pairs there
  -- emptied every later pairs() over a grid, so that std's
  -- complete.blank_cells passed a report with blank cells, for every
  -- author's checks and every later report of the process
  it("have metatables no check can change", function()
    local counter = [[
indicator { id = "c.count", title = "c", severity = "warning", version = "1",
  check = function(r, f)
    local n, m = 0, 0
    for _ in pairs(r.t3:values()) do n = n + 1 end
    for _ in pairs(r.t3:values().received) do m = m + 1 end
    f:fail(n .. " " .. m .. " " .. tostring(r.t3:raws().other))
  end }
]]
    local function counts(run)
      local out = {}
      for _, res in ipairs(run.results) do out[res.path] = H.findings(res, "c.count")[1].message end
      return out
    end
    local clean = counts(score({ ["zzz.lua"] = counter }, { "c.count" }))
    for _, body in ipairs({
      "getmetatable(r.t3:values()).__pairs = function() return next, {} end",
      "getmetatable(r.t3:values().received).__pairs = function() return next, {} end",
      "rawset(getmetatable(r.t3:raws()), '__index', function() return 1 end)",
    }) do
      local run = score({ ["probe.lua"] = probe("    " .. body), ["zzz.lua"] = counter },
        { "t.probe", "c.count" })
      assert.same(clean, counts(run), body)
      for _, res in ipairs(run.results) do
        assert.equal("error", H.findings(res, "t.probe")[1].status, body)
      end
    end
    -- each grid is the check's own copy: it may give that one another
    -- metatable (the docs call them plain tables), which no other sees
    local run = score({ ["probe.lua"] = probe([[
    local g = setmetatable(r.t3:values().received, { __index = function() return 0 end })
    f:fail(tostring(g.nonesuch))]]), ["zzz.lua"] = counter }, { "t.probe", "c.count" })
    assert.same(clean, counts(run))
    for _, res in ipairs(run.results) do
      assert.equal("0", H.findings(res, "t.probe")[1].message)
    end
  end)
end)

describe("a report's views", function()
  -- a rule file that kept r (or a table, row, cell or section of it) in a
  -- top-level variable read every report its process had scored before,
  -- other agencies' and years', beyond ctx.previous and ctx.peers
  it("end with its checks: one kept in a rule file raises on the next report", function()
    local keeper = H.indicator { id = "t.keep", severity = "error", check = [[
    if kept then
      local ok, e = pcall(function() return kept.r.agency end)
      local ok2 = pcall(function() return kept.t.received end)
      local ok3 = pcall(function() return kept.s.text end)
      local ok4 = pcall(function() for _ in kept.t:rows() do end end)
      f:fail(tostring(ok) .. tostring(ok2) .. tostring(ok3) .. tostring(ok4) .. " " .. tostring(e))
    else
      f:pass(r.agency)
    end
    kept = { r = r, t = r.t3, s = r.s5 }]] }
    local dir, scheme = H.ruleset({ ["keep.lua"] = "local kept\n" .. keeper },
      { groups = { { name = "G", points = 10, indicators = { "t.keep" } } } })
    local out = dir .. "/out.json"
    local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", out, "--jobs", "1", table.unpack(REPORTS))
    assert.is_true(code >= 0 and code <= 3, err)
    local msgs = {}
    for _, res in ipairs(H.json(out).results) do msgs[#msgs + 1] = H.findings(res, "t.keep")[1].message end
    table.sort(msgs)
    assert.matches("^falsefalsefalsefalse .*a view of a report whose checks have ended", msgs[1])
  end)
end)

describe("a rule file another requires", function()
  -- it exports a memoising helper its own checks use; the requirer hands
  -- that helper a forged report under the real report's sha256
  local A = [[
local M, memo = {}, {}
function M.received(r)
  local k = r.sha256
  if memo[k] == nil then
    local c = r.t3.received and r.t3.received.total
    memo[k] = c and c.value or false
  end
  return memo[k]
end
indicator { id = "a.received", title = "a", severity = "error", version = "1", check = function(r, f)
  f:pass("received " .. tostring(M.received(r)))
end }
return M
]]
  local B = [[
local A = require "rules.a"
indicator { id = "b.poison", title = "b", severity = "info", version = "1", check = function(r, f)
  f:pass("poison " .. tostring(A.received({ sha256 = r.sha256, t3 = { received = { total = { value = -999 } } } })))
end }
]]
  local function run(files, ids)
    local dir, scheme = H.ruleset(files, { groups = { { name = "G", points = 10, indicators = ids } } })
    local out = dir .. "/out.json"
    local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", out, table.unpack(REPORTS))
    assert.is_true(code >= 0 and code <= 3, err)
    local seen = {}
    for _, res in ipairs(H.json(out).results) do
      for _, f in ipairs(H.findings(res, "a.received")) do seen[#seen + 1] = f.message end
    end
    return table.concat(seen, "\n")
  end
  it("is the requirer's own copy: its memo, poisoned by the requirer, is not its checks'", function()
    local clean = run({ ["a.lua"] = A }, { "a.received" })
    assert.matches("^received %d+", clean)
    -- b sorts before a: its check runs first on each report
    assert.equal(clean, run({ ["a.lua"] = A, ["0b.lua"] = B }, { "b.poison", "a.received" }))
  end)
end)

describe("the standard library is the one nianshen ships, wherever a scheme stands", function()
  -- a directory named std beside or above a scheme (a scheme in /tmp/x/y
  -- looks in /tmp too) replaced the library silently: its files could
  -- declare the library's ids and fail every report
  it("a std/ beside the scheme is neither its rules entry nor its modules", function()
    local planted = {
      ["std/structure.lua"] = 'indicator { id = "structure.sections", title = "planted", ' ..
        'version = "1", check = function(r, f) f:fail("planted") end }\n',
      ["std/util.lua"] = "return { planted = true }\n",
    }
    local function run(files)
      local dir, scheme = H.ruleset(files, { rules = { "std", "rules" },
        groups = { { name = "G", points = 10, indicators = { "structure.sections", "t.probe" } } } })
      local out = dir .. "/out.json"
      local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", out, table.unpack(REPORTS))
      assert.is_true(code >= 0 and code <= 3, err)
      local seen = {}
      for _, res in ipairs(H.json(out).results) do
        for _, id in ipairs({ "structure.sections", "t.probe" }) do
          for _, f in ipairs(H.findings(res, id)) do seen[#seen + 1] = id .. " " .. f.status .. " " .. f.message end
        end
      end
      return table.concat(seen, "\n")
    end
    local probe_u = probe([[    local U = require "std.util"; f:pass(tostring(U.planted))]])
    local files = { ["probe.lua"] = probe_u }
    local clean = run(files)
    for k, v in pairs(planted) do files[k] = v end
    assert.equal(clean, run(files))
    assert.not_matches("planted", clean, 1, true)
    -- and said, so that a copy of the library made on purpose is not
    -- passed over without a word
    local _, scheme = H.ruleset(files, { rules = { "std", "rules" },
      groups = { { name = "G", points = 10, indicators = { "structure.sections", "t.probe" } } } })
    local _, out = H.cli("lint", scheme)
    assert.matches("rules 'std' are the library nianshen ships", out, 1, true)
    local _, _, err = H.cli("score", "--scheme", scheme, "--quiet", REPORTS[1])
    assert.matches("note: rules 'std' are the library nianshen ships", err, 1, true)
  end)
end)

describe("loading runs under the check's limits", function()
  local function load_refused(files, what, opts)
    opts = opts or {}
    local ids = opts.ids or { "v.victim" }
    local run, code, err, took = score(files, ids, { seconds = 1, steps = 1000000 })
    assert.is_nil(run)
    assert.equal(3, code)
    assert.matches(what, err)
    -- it ends (a hang shows as exit 124 of H.cli's timeout), well before
    -- anything like "for ever"; no finer timing asserted
    assert.is_true(took <= 60, "took " .. took .. " s")
  end

  it("a pattern of exponential time at a rule file's top level: stopped at its line", function()
    load_refused({ ["bomb.lua"] = [[
local s = string.rep("a", 40)
string.find(s, string.rep("a?", 40) .. string.rep("a", 40) .. "b")
]] }, "rules/bomb%.lua:2: loading ran past the time limit of 1 s")
  end)

  it("an LPeg pattern of exponential time in a helper module a rule file requires", function()
    load_refused({ ["bomb.lua"] = [[local slow = require "lib.slow"]], ["lib/slow.lua"] = [[
local g = { "A40", A0 = lpeg.P"a" }
for k = 1, 40 do g["A" .. k] = lpeg.V("A" .. (k - 1)) * "x" + lpeg.V("A" .. (k - 1)) end
return { x = lpeg.P(g):match("a") }
]] }, "lib/slow%.lua:3: loading ran past the time limit of 1 s")
  end)

  it("an endless loop at a rule file's top level: the instruction budget", function()
    load_refused({ ["loop.lua"] = "local x = 0\nwhile true do x = x + 1 end\n" },
      "rules/loop%.lua:2: instruction budget of 1000000 exceeded")
  end)

  it("an endless loop in the scheme file", function()
    local dir = H.tmpdir()
    H.write(dir .. "/scheme.lua", "while true do end\n")
    local code, _, err = H.cli("score", "--scheme", dir .. "/scheme.lua", "--max-steps", "100000",
                               "--quiet", REPORTS[1])
    assert.equal(3, code)
    assert.matches("scheme%.lua:1: instruction budget of 100000 exceeded", err)
  end)
end)

-- A scheme written as source (params and groups as given), with the victim.
local function scheme_from(src)
  local dir = H.tmpdir()
  H.mkdir(dir .. "/rules")
  H.write(dir .. "/rules/victim.lua", VICTIM)
  H.write(dir .. "/rules/other.lua", H.indicator { id = "v.other", check = "f:fail('x')" })
  H.write(dir .. "/scheme.lua", src)
  with_std(dir)
  local out = dir .. "/out.json"
  local code, _, err = H.cli("score", "--scheme", dir .. "/scheme.lua", "--quiet", "--out", out, REPORTS[1])
  return code, err, H.exists(out) and H.json(out) or nil
end

local function scheme_refused(body, what)
  local code, err = scheme_from("scheme { name = 's', rules = { 'rules', 'std/util' },\n" .. body .. "\n}\n")
  assert.equal(3, code, body)
  assert.matches(what, err, 1)
end

describe("a scheme is validated as data", function()
  local function group(ind, points)
    return string.format("groups = { { name = 'G', points = %s, indicators = { %s } } }",
                         points or "10", ind)
  end

  it("refuses NaN, infinite, negative and non-numeric points, naming the group", function()
    for _, v in ipairs({ "0/0", "1/0", "-1/0", "-1", "0", "'3'", "math.huge" }) do
      scheme_refused(group("'v.victim'", v), "group 'G': 'points' must be")
    end
    scheme_refused(group("'v.victim'", "0/0"), "'points' must be a finite number > 0 %(got %-?nan%)")
    scheme_refused(group("'v.victim'", "1e300"), "'points' must be at most")
  end)

  it("refuses NaN, infinite and negative deductions and caps, naming the key, group and indicator", function()
    for _, key in ipairs({ "deduct", "cap" }) do
      for _, v in ipairs({ "0/0", "1/0", "-0.5", "'1'", "true" }) do
        scheme_refused(group(string.format("{ 'v.victim', %s = %s }", key, v)),
          "group 'G', indicator 'v%.victim': '" .. key .. "' must be")
      end
    end
  end)

  it("refuses the same indicator twice, unless each entry says shared = true", function()
    scheme_refused("groups = { { name = 'A', points = 5, indicators = { 'v.victim' } },\n" ..
                   "           { name = 'B', points = 5, indicators = { 'v.victim' } } }",
      "indicator 'v%.victim' is in group 'A' and in group 'B'.*shared = true")
    scheme_refused("groups = { { name = 'A', points = 5, indicators = { 'v.victim', { 'v.victim', deduct = 2 } } } }",
      "group 'A' lists indicator 'v%.victim' twice")
    scheme_refused("groups = { { name = 'A', points = 5, indicators = { { 'v.victim', shared = true } } },\n" ..
                   "           { name = 'B', points = 5, indicators = { 'v.victim' } } }",
      "in group 'A' and in group 'B'")
    -- explicit: it deducts in both groups
    local code, err, run = scheme_from("scheme { name = 's', rules = { 'rules', 'std/util' }, groups = {\n" ..
      " { name = 'A', points = 5, indicators = { { 'v.other', shared = true } } },\n" ..
      " { name = 'B', points = 5, indicators = { { 'v.other', deduct = 2, shared = true } } } } }\n")
    assert.equal(1, code, err)
    local res = run.results[1]
    assert.equal(1, #H.findings(res, "v.other"))
    assert.equal(10 - 1 - 2, res.score)
  end)

  it("refuses an entry that names a second indicator, which would never run", function()
    scheme_refused(group("{ 'v.victim', 'v.other', deduct = 0.5 }"),
      "indicator 'v%.victim': an entry names one indicator, but item 2 %(v%.other%) follows it")
    scheme_refused(group("{ id = 'v.victim', 'v.other' }"),
      "an entry gives its indicator twice, as \"v%.other\" and as id = \"v%.victim\"")
  end)

  it("refuses code and metatables anywhere in it, and unknown severities", function()
    scheme_refused("params = { f = function() end }, " .. group("'v.victim'"),
                   "scheme%.params%.f is a function: a scheme is data")
    scheme_refused("params = setmetatable({}, { __index = function() while true do end end }), " ..
                   group("'v.victim'"), "scheme%.params has a metatable")
    scheme_refused("groups = setmetatable({}, { __index = function() while true do end end })",
                   "scheme%.groups has a metatable")
    scheme_refused("counts = { 'warn' }, " .. group("'v.victim'"), "counts: unknown severity 'warn'")
    scheme_refused("rules = { 'rules', 42 }, " .. group("'v.victim'"), "")
  end)

  it("accepts the standard schemes", function()
    for _, s in ipairs({ "default.lua", "strict.lua" }) do
      local code, _, err = H.cli("score", "--scheme", H.ROOT .. "/rules/schemes/" .. s, "--quiet", REPORTS[1])
      assert.is_true(code <= 2, s .. ": " .. err)
    end
  end)
end)

describe("errors name the true place", function()
  it("a message posing as another file's location gets the rule's own in front", function()
    local run = score({ ["probe.lua"] = probe([[error("std/arithmetic.lua:10: boom", 0)]]) },
      { "t.probe", "v.victim" })
    untouched(run)
    refused(run, "^rules/probe%.lua:4: std/arithmetic%.lua:10: boom$", BODY_LINE)
  end)

  it("so does a table whose __tostring forges one", function()
    local run = score({ ["probe.lua"] = probe([[
    error(setmetatable({}, { __tostring = function() return "std/arithmetic.lua:10: boom" end }))]]) },
      { "t.probe", "v.victim" })
    refused(run, "^rules/probe%.lua:4: std/arithmetic%.lua:10: boom$", BODY_LINE)
  end)

  it("a __tostring that never returns is bounded by the budget", function()
    local run, _, _, took = score({ ["probe.lua"] = probe([[
    error(setmetatable({}, { __tostring = function() while true do end end }))]]) },
      { "t.probe", "v.victim" })
    untouched(run)
    refused(run, "error object is a table value", BODY_LINE)
    assert.is_true(took <= 60) -- ended; see load_refused
  end)

  it("an error inside a helper module names the rule's line too", function()
    local run = score({ ["probe.lua"] = probe([[
    local h = require "lib.h"
    local x = h.deep({})]]), ["lib/h.lua"] = [[
local M = {}
function M.deep(t)
  return t.a.b
end
return M
]] }, { "t.probe", "v.victim" })
    untouched(run)
    for _, res in ipairs(run.results) do
      local m = H.findings(res, "t.probe")[1].message
      assert.matches("^lib/h%.lua:3: attempt to index a nil value %(field 'a'%) %(from rules/probe%.lua:5%)$", m)
    end
  end)

  it("an error inside re or LPeg names the rule's line", function()
    local run = score({ ["probe.lua"] = probe([[
    local p = re.compile("x <- y")]]) }, { "t.probe", "v.victim" })
    refused(run, "undefined", BODY_LINE)
    run = score({ ["probe.lua"] = probe([[
    local ok = lpeg.match(lpeg.P(function() error("deep") end), "abc")]]) }, { "t.probe", "v.victim" })
    refused(run, "deep", BODY_LINE)
  end)

  it("leave an error's own location alone when it is on the stack", function()
    local run = score({ ["probe.lua"] = probe([[
    local function inner() error("from inner") end
    inner()]]) }, { "t.probe", "v.victim" })
    refused(run, "^rules/probe%.lua:4: from inner$", BODY_LINE)
  end)
end)

describe("math.random", function()
  -- Lua seeds it from the clock, once per state: a rule that samples gave
  -- another score on every run, and a check could set the numbers of the
  -- checks after it with math.randomseed
  it("gives a check on a report the same numbers in every run, whatever ran before it", function()
    local draw = "f:fail(string.format('%d %d', math.random(1000000), math.random(1000000)))"
    local dir, scheme = H.ruleset({
      ["a.lua"] = H.indicator { id = "t.a", check = "math.randomseed(42); " .. draw },
      ["b.lua"] = H.indicator { id = "t.b", check = draw } },
      { groups = { { name = "G", points = 1, indicators = { "t.a", "t.b" } } } })
    local dir2, scheme2 = H.ruleset({ ["b.lua"] = H.indicator { id = "t.b", check = draw } },
      { groups = { { name = "G", points = 1, indicators = { "t.b" } } } })
    local function draws(s, jobs)
      local out = H.tmpdir() .. "/out.json"
      local code, _, err = H.cli("score", "--scheme", s, "--quiet", "--jobs", jobs, "--out", out,
        table.unpack(REPORTS))
      assert.is_true(code <= 1, err)
      local got = {}
      for _, res in ipairs(H.json(out).results) do got[res.path] = H.findings(res, "t.b")[1].message end
      return got
    end
    local first = draws(scheme, "1")
    assert.same(first, draws(scheme, "1"))
    assert.same(first, draws(scheme, "2"))
    assert.same(first, draws(scheme2, "1")) -- t.a's randomseed changed nothing of t.b's
    assert.are_not.equal(first[REPORTS[1]], first[REPORTS[2]]) -- each report its own
  end)

  it("and tostring show no address, string.format refuses %p: a message is the same in every run", function()
    local dir, scheme = H.ruleset({
      ["a.lua"] = H.indicator { id = "t.a", check = "f:fail(tostring({}) .. ' ' .. tostring(print) .. ' ' .. tostring(r.t3) .. " ..
        "string.format(' %s %-6s|%s %s', {}, {}, print, r.t3))" },
      ["p.lua"] = H.indicator { id = "t.p", check = "f:fail(string.format('%p', {}))" } },
      { groups = { { name = "G", points = 1, indicators = { "t.a", "t.p" } } } })
    local out = dir .. "/out.json"
    H.cli("score", "--scheme", scheme, "--quiet", "--out", out, REPORTS[1])
    local res = H.json(out).results[1]
    assert.equal("table function table t3 table table |function table t3", H.findings(res, "t.a")[1].message)
    assert.matches("'%%p' %(a value's address%) is not available to rules", H.findings(res, "t.p")[1].message)
  end)
end)
