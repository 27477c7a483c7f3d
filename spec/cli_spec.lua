-- The `nianshen` command: exit codes, result files, parse and test.
local H = require "helper"
local ns = H.ns

local YUANZHOU = H.corpus("yuanzhou_hechuan_xiang_2023.txt")
local PINGTAN = H.corpus("pingtan_zhqu_2023.txt")

-- A scheme of one group over the given indicator sources.
local function scheme_of(sources, ids)
  local src = table.concat(sources, "\n")
  return H.ruleset({ ["r.lua"] = src },
    { counts = { "error", "warning" },
      groups = { { name = "G", points = 10, indicators = ids } } })
end

local PASS = H.indicator { id = "c.pass", severity = "error", check = "" }
local WARN = H.indicator { id = "c.warn", severity = "warning", check = "f:fail('警告', r.s1)" }
local FAIL = H.indicator { id = "c.fail", severity = "error", check = "f:fail('错误', r.t3.received.total)" }
local BROKEN = H.indicator { id = "c.broken", severity = "error", check = "local x = nil; return x.y" }
local NA = H.indicator { id = "c.na", severity = "error", check = "f:na('无法判断')" }
local INFO = H.indicator { id = "c.info", severity = "info", check = "f:fail('提示')" }

teardown(H.cleanup)

describe("nianshen score exits with", function()
  it("0 when everything passed (not assessable and info included)", function()
    local _, s = scheme_of({ PASS, NA, INFO }, { "c.pass", "c.na", "c.info" })
    local code, out = H.cli("score", "--scheme", s, YUANZHOU)
    assert.equal(0, code)
    assert.matches("原州区河川乡", out, 1, true)
  end)

  it("2 when an agency of the roster published no report, though every check passed", function()
    local dir, s = scheme_of({ PASS }, { "c.pass" })
    H.write(dir .. "/roster.csv", "原州区河川乡人民政府,township\n原州区开城镇,township\n")
    local code, out = H.cli("score", "--scheme", s, YUANZHOU, "--roster", dir .. "/roster.csv")
    assert.equal(2, code)
    assert.matches("1 not published", out, 1, true)
    -- (河川乡 reads as 原州区河川乡人民政府: the roster's 人民政府 is no other
    -- agency, nor is a name with the NBSP a paste from a web page leaves)
    H.write(dir .. "/roster.csv", "原州区河川乡人民政府,township\n河川乡\u{a0},township\n")
    assert.equal(0, (H.cli("score", "--scheme", s, YUANZHOU, "--roster", dir .. "/roster.csv")))
  end)

  it("1 when warnings failed", function()
    local _, s = scheme_of({ PASS, WARN }, { "c.pass", "c.warn" })
    assert.equal(1, (H.cli("score", "--scheme", s, YUANZHOU)))
  end)

  it("2 when errors failed", function()
    local _, s = scheme_of({ WARN, FAIL }, { "c.warn", "c.fail" })
    assert.equal(2, (H.cli("score", "--scheme", s, YUANZHOU, PINGTAN)))
  end)

  it("3 when a rule broke", function()
    local _, s = scheme_of({ FAIL, BROKEN }, { "c.fail", "c.broken" })
    assert.equal(3, (H.cli("score", "--scheme", s, YUANZHOU)))
  end)

  it("3 when a report failed to load", function()
    local dir, s = scheme_of({ PASS }, { "c.pass" })
    local bad = H.write(dir .. "/bad.docx", "PK\3\4 not a zip at all")
    local code, _, err = H.cli("score", "--scheme", s, YUANZHOU, bad)
    assert.equal(3, code)
    assert.matches("bad.docx", err, 1, true)
  end)

  it("3 when the scheme does not load, naming the problem", function()
    local _, s = scheme_of({ PASS }, { "c.pass", "c.nowhere" })
    local code, _, err = H.cli("score", "--scheme", s, YUANZHOU)
    assert.equal(3, code)
    assert.matches("c.nowhere", err, 1, true)
  end)

  it("3 when a rule broke, its message on one line of stderr (a line break in it made lines that read as the engine's)", function()
    local forge = H.indicator { id = "c.forge", severity = "error",
      check = [[error("ok\nnianshen: rule error: arith.t3_balance: boom", 0)]] }
    local _, s = scheme_of({ forge }, { "c.forge" })
    local code, _, err = H.cli("score", "--scheme", s, "--quiet", YUANZHOU)
    assert.equal(3, code)
    assert.matches(": c.forge: rules/r.lua:%d+: ok⏎nianshen: rule error: arith%.t3_balance: boom", err)
    for line in err:gmatch("[^\n]+") do assert.not_matches("^nianshen: rule error: arith", line) end
    -- nor can its print: every line of it is marked
    local loud = H.indicator { id = "c.loud", severity = "error",
      check = [[print("ok\nnianshen: rule error: arith.t3_balance: boom")]] }
    _, s = scheme_of({ loud }, { "c.loud" })
    _, _, err = H.cli("score", "--scheme", s, "--quiet", YUANZHOU)
    assert.matches("[rule] nianshen: rule error: arith", err, 1, true)
    for line in err:gmatch("[^\n]+") do assert.not_matches("^nianshen: rule error: arith", line) end
  end)

  it("64 on a usage error", function()
    local code, _, err = H.cli("score", "--scheme", "default")
    assert.equal(64, code)
    assert.matches("score: no report file or directory given", err, 1, true)
    assert.equal(64, (H.cli("frobnicate")))
  end)
end)

describe("nianshen score --profile", function()
  -- a scheme of c.pass and c.slow, which loops `steps` times on 平潭's
  -- report and 1,000 on any other
  local function slow_on_pingtan(steps)
    local SLOW = H.indicator { id = "c.slow", severity = "error",
      check = "local x = 0; for i = 1, (r.title or ''):find('平潭', 1, true) and " .. steps ..
              " or 1000 do x = x + i % 7 end" }
    local _, s = scheme_of({ PASS, SLOW }, { "c.pass", "c.slow" })
    return s
  end

  it("says on stderr what each check cost, the dearest first, with the report it took longest on", function()
    local s = slow_on_pingtan(3000000)
    local code, out, err = H.cli("score", "--scheme", s, "--profile", "--jobs", "2", YUANZHOU, PINGTAN)
    assert.equal(0, code)
    assert.matches("原州区河川乡", out, 1, true) -- the ranking as ever, on stdout
    assert.not_matches("profile:", out, 1, true)
    assert.matches("profile: 2 checks on 2 reports", err, 1, true)
    local slow, pass = err:find("\nc%.slow +2 "), err:find("\nc%.pass +2 ")
    assert.truthy(slow and pass and slow < pass, err)
    assert.matches("c%.slow[^\n]+pingtan_zhqu_2023%.txt", err)
    -- without it, no profile; --quiet keeps it (it was asked for)
    _, _, err = H.cli("score", "--scheme", s, YUANZHOU)
    assert.not_matches("profile:", err, 1, true)
    _, out, err = H.cli("score", "--scheme", s, "--quiet", "--profile", YUANZHOU)
    assert.equal("", out)
    assert.matches("profile: 2 checks on 1 report,", err, 1, true)
  end)

  -- (the helper's find: a 7.6 MB report that sorted first was its process's
  -- first, whose times were passed over as warm-up, and "longest" named a
  -- report of 0.04 ms)
  it("names a slow report that its process scored first", function()
    local s = slow_on_pingtan(30000000)
    local _, _, err = H.cli("score", "--scheme", s, "--profile", "--jobs", "1",
      "--max-steps", "1000000000000", PINGTAN, YUANZHOU)
    assert.matches("c%.slow[^\n]+pingtan_zhqu_2023%.txt", err)
  end)

  it("counts a check stopped at its time limit with its time to the stop, and each report once", function()
    local HANG = H.indicator { id = "c.hang", severity = "error",
      check = "if (r.title or ''):find('平潭', 1, true) then while true do end end" }
    local _, s = scheme_of({ PASS, HANG }, { "c.pass", "c.hang" })
    -- PINGTAN first: the first report of its process, where the hang is
    local _, _, err = H.cli("score", "--scheme", s, "--profile", "--max-steps", "1000000000000",
      "--max-seconds", "1", PINGTAN, YUANZHOU)
    assert.matches("profile: 2 checks on 2 reports", err, 1, true)
    assert.matches("stopped: the checks' time to the stop", err, 1, true)
    -- the dearest, stopped once, its second (or so) counted and named as
    -- its longest; c.pass on each report once, though PINGTAN was scored
    -- again after the stop
    local total, longest = err:match("\nc%.hang +2 +1 +([%d.]+) +[%d.]+%% +[%d.]+ +([%d.]+) +[^\n]*pingtan")
    assert.truthy(total and tonumber(total) >= 0.9 and tonumber(longest) >= 900, err)
    assert.matches("\nc%.pass +2 +0 ", err)
    assert.truthy(err:find("\nc%.hang") < err:find("\nc%.pass"), err)
  end)
end)

describe("nianshen score refuses, before writing anything, a command line that", function()
  local function district()
    local dir, s = scheme_of({ PASS }, { "c.pass" })
    H.mkdir(dir .. "/d")
    H.write(dir .. "/d/a.txt", H.read(YUANZHOU))
    H.write(dir .. "/d/b.txt", H.read(PINGTAN))
    return dir, s
  end

  it("names an output as another format nianshen writes (--csv r.json, --html r.csv)", function()
    local dir, s = district()
    for _, case in ipairs({ { "--csv", "r.json", "--csv writes CSV, but " .. dir .. "/r.json is named as .json would be: name it .csv (or give it to --out)" },
                            { "--html", "r.csv", "--html writes HTML, but " .. dir .. "/r.csv is named as .csv would be" },
                            { "--xlsx", "r.html", "--xlsx writes an XLSX workbook, but " .. dir .. "/r.html is named as .html" },
                            { "--csv-ids", "ids.xlsx", "--csv-ids writes CSV, but " .. dir .. "/ids.xlsx" } }) do
      local code, _, err = H.cli("score", "--scheme", s, case[1], dir .. "/" .. case[2], dir .. "/d")
      assert.equal(64, code, case[1])
      assert.matches(case[3], err, 1, true)
      assert.is_false(H.exists(dir .. "/" .. case[2]))
    end
    -- named as its own format, or as none nianshen writes: written
    local code = H.cli("score", "--scheme", s, "--csv", dir .. "/r.csv", "--html", dir .. "/r.htm",
      "--csv-ids", dir .. "/ids.txt", dir .. "/d")
    assert.equal(0, code)
    assert.is_true(H.exists(dir .. "/r.csv") and H.exists(dir .. "/r.htm") and H.exists(dir .. "/ids.txt"))
  end)

  it("loads a scheme and rule files saved with a BOM (Notepad's UTF-8), as stock lua does", function()
    local dir, s = scheme_of({ PASS }, { "c.pass" })
    for _, path in ipairs({ s, dir .. "/rules/r.lua" }) do
      H.write(path, "\239\187\191" .. H.read(path))
    end
    local code, _, err = H.cli("score", "--scheme", s, "--quiet", YUANZHOU)
    assert.equal(0, code, err)
    -- and lint takes it for the scheme it is (scheme { on the BOM's line)
    local out
    code, out = H.cli("lint", s)
    assert.equal(0, code, out)
  end)

  -- (the new-user review: a relative scheme path from another directory,
  -- parse given a folder, an output device that fills)
  it("says what was meant: a shipped scheme's path from elsewhere, parse of a folder", function()
    local dir = H.tmpdir()
    local code, _, err = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) ..
      " score --scheme rules/schemes/strict.lua " .. H.q(YUANZHOU))
    assert.equal(3, code)
    assert.matches("(nianshen ships a scheme of that name: --scheme strict)", err, 1, true)
    code, _, err = H.cli("parse", dir)
    assert.equal(3, code)
    assert.matches("(parse reads files; nianshen score reads a folder's reports)", err, 1, true)
    code, _, err = H.cli("score", "--quiet", "--out", "/dev/full", YUANZHOU)
    assert.equal(3, code)
    assert.matches("cannot write /dev/full: write error: No space left on device", err, 1, true)
    assert.not_matches("previous file", err, 1, true)
  end)

  it("holds a scheme that does not load: the first mistake, and lint for every one", function()
    local dir = H.tmpdir()
    H.write(dir .. "/s.lua", 'scheme { name = "m", version = "1", rules = { "std" }, groups = { { name = "G", points = 10, indicators = {\n' ..
      '  { "s5.substantiv", deduct = 1 },\n  { "s6.fee", dedcut = 2 } } } } }\n')
    local code, _, err = H.cli("score", "--scheme", dir .. "/s.lua", YUANZHOU)
    assert.equal(3, code)
    assert.matches("unknown key 'dedcut'", err, 1, true)
    assert.matches("nianshen lint " .. dir .. "/s.lua lists every mistake it finds", err, 1, true)
    local _, out = H.cli("lint", dir .. "/s.lua")
    assert.matches("s5.substantiv", out, 1, true)
  end)

  it("would write an output over a report (a name forgotten after --out: the glob's first)", function()
    local dir, s = district()
    -- `--out d/*.txt` as the shell expands it
    local code, _, err = H.cli("score", "--scheme", s, "--out", dir .. "/d/a.txt", dir .. "/d/b.txt")
    assert.equal(3, code)
    assert.matches("is a report", err, 1, true)
    assert.matches("nothing was scored", err, 1, true)
    assert.equal(H.read(YUANZHOU), H.read(dir .. "/d/a.txt"))
    -- last run's results in the district's folder may be overwritten
    assert.equal(0, (H.cli("score", "--scheme", s, "--quiet", "--out", dir .. "/d/r.json", dir .. "/d")))
    assert.equal(0, (H.cli("score", "--scheme", s, "--quiet", "--out", dir .. "/d/r.json", dir .. "/d")))
  end)

  it("would write an output over a report through a link, or over the scheme", function()
    local dir, s = district()
    assert(os.execute("ln -s " .. H.q(dir .. "/d/a.txt") .. " " .. H.q(dir .. "/link.json")))
    local code, _, err = H.cli("score", "--scheme", s, "--ndjson", dir .. "/link.json", dir .. "/d")
    assert.equal(3, code)
    assert.matches("is a report", err, 1, true)
    assert.equal(H.read(YUANZHOU), H.read(dir .. "/d/a.txt"))
    local scheme = H.read(s)
    code, _, err = H.cli("score", "--scheme", s, "--html", s, dir .. "/d")
    assert.equal(3, code)
    assert.matches("is the scheme", err, 1, true)
    assert.equal(scheme, H.read(s))
  end)

  it("would write an output over a rule file of the scheme", function()
    local dir, s = district()
    local rule = dir .. "/rules/r.lua"
    local src = H.read(rule)
    for _, opt in ipairs({ "--out", "--csv", "--ndjson" }) do
      local code, _, err = H.cli("score", "--scheme", s, opt, rule, dir .. "/d")
      assert.equal(3, code)
      assert.matches("is the rule file", err, 1, true)
      assert.matches("nothing was scored", err, 1, true)
      assert.equal(src, H.read(rule))
    end
  end)

  it("would write an output over a file nianshen did not write, unless --force", function()
    local dir, s = district()
    -- a report kept outside the district, the district's README, any file
    H.write(dir .. "/keep.pdf", "%PDF-1.7 mine")
    H.write(dir .. "/d/README.md", "# 说明\n")
    H.write(dir .. "/Makefile", "all:\n")
    -- a text that quotes the results' marker ("generator": "nianshen-results")
    H.write(dir .. "/notes.md", H.read(H.ROOT .. "/docs/results.md"))
    for _, case in ipairs({ { "--html", dir .. "/keep.pdf" }, { "--csv", dir .. "/d/README.md" },
                            { "--out", dir .. "/Makefile" }, { "--ndjson", dir .. "/Makefile" },
                            { "--csv", dir .. "/notes.md" } }) do
      local before = H.read(case[2])
      local code, _, err = H.cli("score", "--scheme", s, case[1], case[2], dir .. "/d")
      assert.equal(3, code, case[2])
      assert.matches("exists and is not a results file nianshen wrote: it would be overwritten " ..
                     "(--force overwrites it); nothing was scored", err, 1, true)
      assert.equal(before, H.read(case[2]))
    end
    -- asked for: written
    assert.equal(0, (H.cli("score", "--scheme", s, "--quiet", "--force", "--html",
                           dir .. "/keep.pdf", dir .. "/d")))
    assert.matches("^<!doctype html>", H.read(dir .. "/keep.pdf"))
    -- an empty file (mktemp's) holds nothing to lose; last run's results, in
    -- every format, are replaced as ever
    H.write(dir .. "/empty.json", "")
    local outs = { "--out", dir .. "/empty.json", "--csv", dir .. "/r.csv", "--csv-ids", dir .. "/i.csv",
                   "--html", dir .. "/r.html", "--xlsx", dir .. "/r.xlsx", "--ndjson", dir .. "/r.ndjson" }
    for _ = 1, 2 do
      local args = { "score", "--scheme", s, "--quiet", dir .. "/d" }
      for _, a in ipairs(outs) do args[#args + 1] = a end
      local code, _, err = H.cli(table.unpack(args))
      assert.equal(0, code, err)
    end
  end)

  it("takes an option's value after '=' (--out=r.json), and refuses one for a flag", function()
    local dir, s = district()
    local code = H.cli("score", "--scheme=" .. s, "--quiet", "--top=1", "--out=" .. dir .. "/r.json",
                       dir .. "/d")
    assert.equal(0, code)
    assert.equal(2, #H.json(dir .. "/r.json").results)
    local err
    code, _, err = H.cli("score", "--scheme", s, "--quiet=yes", dir .. "/d")
    assert.equal(64, code)
    assert.matches("score: --quiet takes no value, not 'yes'", err, 1, true)
    code, _, err = H.cli("score", "--scheme", s, "--out=", dir .. "/d")
    assert.equal(64, code)
    assert.matches("score: --out needs a file name (nothing after '=')", err, 1, true)
    code, _, err = H.cli("score", "--scheme", s, "--outt=" .. dir .. "/x.json", dir .. "/d")
    assert.equal(64, code)
    assert.matches("(did you mean --out?)", err, 1, true)
    -- after "--" a word is a path, '=' and all
    code, _, err = H.cli("score", "--scheme", s, "--", "--out=x")
    assert.equal(3, code)
    assert.matches("--out=x: no such file or directory", err, 1, true)
  end)

  -- (the helper's find: --roster FIFO and lint FIFO.lua waited for a writer
  -- for ever, lint /dev/zero read without end)
  it("reads a roster from a pipe, and waits on no FIFO nobody writes", function()
    local dir, s = district()
    local fifo = dir .. "/roster.csv"
    H.sh("mkfifo " .. H.q(fifo))
    local cmd = "timeout 60 " .. H.q(H.CLI) .. " score --scheme " .. H.q(s) .. " --quiet --roster " ..
      H.q(fifo) .. " " .. H.q(dir .. "/d")
    -- a writer: read as a file is (--roster <(iconv …) gives a pipe)
    local code = H.sh("(printf '原州区开城镇,township\\n' > " .. H.q(fifo) .. " &); " .. cmd)
    assert.equal(2, code) -- 开城镇 published nothing
    -- none: an empty roster, said at once
    local err
    code, _, err = H.sh(cmd)
    assert.equal(3, code)
    assert.matches("names no agency", err, 1, true)
    for _, path in ipairs({ fifo, "/dev/zero" }) do
      local out
      code, out = H.sh("timeout 60 " .. H.q(H.CLI) .. " lint " .. H.q(path))
      assert.equal(1, code)
      assert.matches(path .. ": not a regular file (a FIFO, a device?): not read", out, 1, true)
    end
    code, _, err = H.sh("timeout 60 " .. H.q(H.CLI) .. " score --scheme " .. H.q(s) ..
      " --quiet --roster /dev/zero " .. H.q(dir .. "/d"))
    assert.equal(3, code)
    assert.matches("cannot read the roster /dev/zero: not a regular file", err, 1, true)
  end)

  it("gives one path to two outputs", function()
    local dir, s = district()
    local code, _, err = H.cli("score", "--scheme", s, "--out", dir .. "/r.csv", "--csv",
                               dir .. "/./r.csv", dir .. "/d")
    assert.equal(3, code)
    assert.matches("given for two outputs", err, 1, true)
    assert.is_false(H.exists(dir .. "/r.csv"))
    -- two names of one file: a symbolic and a hard link (both written, one lost)
    H.write(dir .. "/real.csv", "{}")
    assert(os.execute("ln -s real.csv " .. H.q(dir .. "/sym.csv") .. " && ln " ..
                      H.q(dir .. "/real.csv") .. " " .. H.q(dir .. "/hard.csv")))
    for _, other in ipairs({ "/sym.csv", "/hard.csv" }) do
      code, _, err = H.cli("score", "--scheme", s, "--out", dir .. other, "--csv",
                           dir .. "/real.csv", dir .. "/d")
      assert.equal(3, code)
      assert.matches("given for two outputs (under two names)", err, 1, true)
      assert.equal("{}", H.read(dir .. "/real.csv"))
    end
  end)

  -- each of these was accepted without a word: the value ignored, the
  -- first of two options dropped, a file named '-' written
  it("gives an option a value it does not take, or an option taken once twice", function()
    local dir, s = district()
    for _, case in ipairs({
      { { "--form", "xls" }, "--form takes auto, txt, md, html, docx, pdf or json, not 'xls'" },
      { { "--form", "PDF" }, "not 'PDF' (did you mean pdf?)" },
      { { "--agency-type", "county" }, "--agency-type takes township, government, department or unknown, not 'county'" },
      { { "--agency-type", "Township" }, "(did you mean township?)" },
      { { "--scheme", s }, "--scheme is given twice" },
      { { "--jobs", "1", "--jobs", "2" }, "--jobs is given twice" },
      { { "--html", "-" }, "--html writes a file, and '-' is none" },
      { { "--out", "-" }, "--out writes a file, and '-' is none" },
    }) do
      local argv = { "score", "--scheme", s }
      for _, a in ipairs(case[1]) do argv[#argv + 1] = a end
      argv[#argv + 1] = dir .. "/d"
      local code, _, err = H.cli(table.unpack(argv))
      assert.equal(64, code, table.concat(case[1], " "))
      assert.matches(case[2], err, 1, true)
    end
    assert.is_false(H.exists("-"))
    for _, case in ipairs({
      { { "--year", "2024x" }, "--year takes a year (2019, 2024...), not '2024x'" },
      { { "--compact" }, "--compact writes --json on one line: give --json too" },
      { { "--form", "text" }, "(did you mean txt?)" },
    }) do
      local argv = { "parse" }
      for _, a in ipairs(case[1]) do argv[#argv + 1] = a end
      argv[#argv + 1] = YUANZHOU
      local code, _, err = H.cli(table.unpack(argv))
      assert.equal(64, code, table.concat(case[1], " "))
      assert.matches(case[2], err, 1, true)
    end
    assert.equal(0, (H.cli("parse", "--year", "2024年", "--agency-type", "unknown", YUANZHOU)))
    local code, _, err = H.cli("versoin")
    assert.equal(64, code)
    assert.matches("unknown command versoin (did you mean version?)", err, 1, true)
  end)

  it("names a path that does not exist (a typo was scored as a report that failed to load)", function()
    local dir, s = district()
    assert.equal(0, (H.cli("score", "--scheme", s, "--quiet", "--out", dir .. "/r.json", dir .. "/d")))
    local last = H.read(dir .. "/r.json")
    local code, _, err = H.cli("score", "--scheme", s, "--out", dir .. "/r.json", dir .. "/distrct")
    assert.equal(3, code)
    assert.matches("distrct: no such file or directory", err, 1, true)
    assert.equal(last, H.read(dir .. "/r.json"))
  end)

  it("has a roster whose agency type is misspelt (its Chinese names are types too)", function()
    local dir, s = district()
    H.write(dir .. "/ro.csv", "单位,类型,应发布\n审计局,departmnet,yes\n")
    local code, _, err = H.cli("score", "--scheme", s, "--roster", dir .. "/ro.csv", dir .. "/d")
    assert.equal(3, code)
    assert.matches("ro.csv:2: agency type 'departmnet'", err, 1, true)
    assert.matches("did you mean 'department'", err, 1, true)
    H.write(dir .. "/ro.csv", "单位,类型,应发布\n审计局,部门,yes\n")
    -- (2: the roster's 审计局 published no report)
    assert.equal(2, (H.cli("score", "--scheme", s, "--quiet", "--roster", dir .. "/ro.csv",
                           "--out", dir .. "/r.json", dir .. "/d")))
    assert.equal("department", H.json(dir .. "/r.json").not_published[1].agency_type)
  end)

  it("has a roster whose expected field is neither yes nor no (待定 is not yes)", function()
    local dir, s = district()
    H.write(dir .. "/ro.csv", "单位,类型,应发布\n审计局,部门,待定\n")
    local code, _, err = H.cli("score", "--scheme", s, "--roster", dir .. "/ro.csv", dir .. "/d")
    assert.equal(3, code)
    assert.matches("ro.csv:2: expected '待定' is neither yes", err, 1, true)
  end)

  it("has a roster that names no agency (an empty file, a header alone)", function()
    local dir, s = district()
    for _, text in ipairs({ "", "\n\n", "单位名称,类型\n", "\239\187\191单位,类型,应发布\n\n" }) do
      H.write(dir .. "/ro.csv", text)
      local code, _, err = H.cli("score", "--scheme", s, "--roster", dir .. "/ro.csv",
                                 "--out", dir .. "/r.json", dir .. "/d")
      assert.equal(3, code)
      assert.matches("ro.csv names no agency", err, 1, true)
      assert.matches("nothing was scored", err, 1, true)
      assert.is_false(H.exists(dir .. "/r.json"))
    end
    -- every agency listed as not expected to publish is a roster all the same
    H.write(dir .. "/ro.csv", "单位,类型,应发布\n审计局,部门,否\n")
    assert.equal(0, (H.cli("score", "--scheme", s, "--quiet", "--roster", dir .. "/ro.csv", dir .. "/d")))
  end)

  it("gives --agency over more than one report", function()
    local dir, s = district()
    local code, _, err = H.cli("score", "--scheme", s, "--agency", "测试局", dir .. "/d")
    assert.equal(64, code)
    assert.matches("name the agency of one report", err, 1, true)
  end)
end)

describe("nianshen score of a directory", function()
  it("scores a legacy .doc as a report that failed to load, saying what it is", function()
    local dir, s = scheme_of({ PASS }, { "c.pass" })
    H.mkdir(dir .. "/d")
    H.write(dir .. "/d/a.txt", H.read(YUANZHOU))
    H.write(dir .. "/d/old.doc", "\208\207\017\224\161\177\026\225 a Word 97 file")
    local code = H.cli("score", "--scheme", s, "--quiet", "--out", dir .. "/r.json", dir .. "/d")
    assert.equal(3, code)
    local run = H.json(dir .. "/r.json")
    assert.equal(2, #run.results)
    local doc
    for _, r in ipairs(run.results) do if r.path:find("old.doc", 1, true) then doc = r end end
    assert.is_table(doc)
    assert.matches("legacy .doc/.wps", doc.load_error, 1, true)
  end)

  it("takes a report that did not load for the agency and year its name says, not 未发布", function()
    local dir, s = scheme_of({ PASS }, { "c.pass" })
    H.mkdir(dir .. "/d")
    H.write(dir .. "/d/a.txt", H.read(YUANZHOU))
    H.write(dir .. "/d/原州区审计局2023年政府信息公开工作年度报告.doc",
            "\208\207\017\224\161\177\026\225 a Word 97 file")
    H.write(dir .. "/roster.csv", "原州区河川乡,township\n原州区审计局,department\n原州区财政局,department\n")
    H.cli("score", "--scheme", s, "--quiet", "--out", dir .. "/r.json", "--roster",
          dir .. "/roster.csv", dir .. "/d")
    local np = H.json(dir .. "/r.json").not_published
    assert.equal(1, #np) -- the one with no file at all
    assert.equal("原州区财政局", np[1].agency)
  end)
end)

describe("nianshen score piped into a reader that goes (| head, | true)", function()
  it("still writes its files: the ranking it could not print is all that is lost", function()
    local _, s = scheme_of({ PASS }, { "c.pass" })
    local dir = H.tmpdir()
    -- (stdout unbuffered, as a long ranking overflows the buffer)
    local cmd = table.concat({ "stdbuf -o0", H.q(H.CLI), "score", "--scheme", H.q(s), H.q(YUANZHOU),
                               "--out", H.q(dir .. "/r.json"), "--csv", H.q(dir .. "/r.csv") }, " ")
    -- true exits at once: every write of the ranking meets a closed pipe
    H.sh(cmd .. " | true")
    assert.is_true(H.exists(dir .. "/r.json"))
    assert.is_true(H.exists(dir .. "/r.csv"))
    assert.equal(1, #H.json(dir .. "/r.json").results)
  end)
end)

describe("nianshen score writes", function()
  local dir, scheme, district, run, code, out

  setup(function()
    dir, scheme = scheme_of({ PASS, WARN, FAIL, NA, BROKEN },
      { { "c.pass" }, { "c.warn", deduct = 0.5 }, { "c.fail", deduct = 2 }, "c.na", "c.broken" })
    district = H.mkdir(dir .. "/district")
    for _, name in ipairs({ "yuanzhou_hechuan_xiang_2023.txt", "pingtan_zhqu_2023.txt",
                            "shuyang_fgj_2023.html" }) do
      H.write(district .. "/" .. name, H.read(H.corpus(name)))
    end
    H.write(district .. "/corrupt.pdf", "%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF\n")
    code, out = H.cli("score", "--scheme", scheme, district,
                      "--out", dir .. "/r.json", "--csv", dir .. "/r.csv",
                      "--html", dir .. "/r.html", "--xlsx", dir .. "/r.xlsx")
    run = H.json(dir .. "/r.json")
  end)

  it("every format asked for", function()
    assert.equal(3, code) -- a broken rule and a corrupt file
    for _, ext in ipairs({ "json", "csv", "html", "xlsx" }) do
      assert.is_true(H.exists(dir .. "/r." .. ext), ext)
      assert.matches("wrote " .. dir .. "/r." .. ext, out, 1, true)
    end
    assert.equal("PK", H.read(dir .. "/r.xlsx"):sub(1, 2)) -- a zip, as xlsx are
    local html = H.read(dir .. "/r.html")
    assert.matches("<html", html, 1, true)
    assert.matches("原州区河川乡", html, 1, true)
  end)

  it("JSON that says what ran, when, with which scheme", function()
    assert.equal(ns.version, run.nianshen)
    assert.matches("^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%dZ$", run.ran_at)
    local s = assert(ns.scheme(scheme))
    assert.equal(s.sha256, run.scheme.sha256)
    assert.equal("spec scheme", run.scheme.name)
    assert.equal(10, run.scheme.max_score)
  end)

  it("every finding with its rule, version, status, message, evidence and deduction", function()
    local seen = 0
    for _, r in ipairs(run.results) do
      if not r.load_error then
        assert.is_string(r.agency)
        assert.is_number(r.year)
        for _, f in ipairs(r.findings) do
          seen = seen + 1
          assert.is_string(f.rule)
          assert.equal("1", f.version)
          assert.is_truthy(({ pass = 1, fail = 1, na = 1, error = 1 })[f.status])
          assert.is_string(f.message)
          assert.is_number(f.deduction)
          assert.is_table(f.evidence)
          for _, e in ipairs(f.evidence) do
            assert.is_string(e.kind)
            assert.is_number(e.line)
          end
        end
        local by = {}
        for _, f in ipairs(r.findings) do by[f.rule] = f end
        assert.equal("fail", by["c.warn"].status)
        assert.equal("警告", by["c.warn"].message)
        assert.equal(0.5, by["c.warn"].deduction)
        assert.equal("section", by["c.warn"].evidence[1].kind)
        assert.equal(r.agency == "原州区河川乡" and 5 or by["c.warn"].evidence[1].line,
                     by["c.warn"].evidence[1].line)
        assert.equal(2, by["c.fail"].deduction)
        assert.equal("t3.received.total", by["c.fail"].evidence[1].cell)
        assert.equal("na", by["c.na"].status)
        assert.equal("error", by["c.broken"].status)
        assert.matches("r%.lua:%d+:", by["c.broken"].message)
        assert.equal(0, r.score) -- c.broken deducts its cap, the group's 10 points
        assert.is_true(r.incomplete)
      end
    end
    assert.equal(15, seen) -- 3 reports x 5 indicators
  end)

  it("a row for the corrupt file, with its load error, without stopping the run", function()
    assert.equal(4, run.summary.reports)
    assert.equal(3, run.summary.loaded)
    assert.equal(1, run.summary.failed_to_load)
    local c = H.result(run, "corrupt.pdf")
    assert.is_string(c.load_error)
    assert.matches("corrupt.pdf", c.load_error, 1, true)
    assert.is_string(c.load_error_code)
    assert.equal(4, c.rank)
    local csv = H.read(dir .. "/r.csv")
    local line = csv:match("[^\n]*corrupt%.pdf[^\n]*")
    assert.is_string(line)
    assert.matches(c.load_error, line, 1, true)
    assert.matches("corrupt.pdf", H.read(dir .. "/r.html"), 1, true)
  end)
end)

describe("nianshen parse --json", function()
  it("prints the model, which loads back", function()
    local dir = H.tmpdir()
    for _, name in ipairs({ "huaian_shi_2024.pdf", "shuyang_fgj_2023.html", "pingtan_zhqu_2019.txt" }) do
      local code, out = H.cli("parse", "--json", H.corpus(name))
      assert.equal(0, code)
      local path = H.write(dir .. "/" .. name .. ".json", out)
      local back = assert(ns.parse_json(path))
      local orig = assert(ns.load(H.corpus(name)))
      assert.equal(orig.agency, back.agency)
      assert.equal(orig.year, back.year)
      assert.equal(orig.sha256, back.sha256)
      assert.equal(orig.t3.edition, back.t3.edition)
      for _, row in orig.t3:rows() do
        for _, c in row:cells() do
          local b = back.t3[row.id][c.column]
          assert.equal(c.value, b.value, c.label)
          assert.equal(c.line, b.line, c.label)
        end
      end
      assert.equal(orig.s5.text, back.s5.text)
      -- and the CLI reads it too
      assert.equal(0, (H.cli("parse", path)))
    end
  end)

  it("prints whole numbers whole and every value beside its column", function()
    local code, out = H.cli("parse", H.corpus("hongze_qu_2024.pdf"))
    assert.equal(0, code)
    assert.not_matches("%de%+0", out) -- never 3.98576e+06
    code, out = H.cli("parse", H.corpus("pingtan_zhqu_2019.txt"))
    assert.equal(0, code)
    -- t2 licensing has three of eight columns: each value says its column
    local line = out:match("\n  licensing [^\n]*")
    assert.truthy(line)
    assert.matches("decisions=", line, 1, true)
    assert.not_matches("made=", line, 1, true)
    assert.matches("amount=", out:match("\n  procurement [^\n]*"), 1, true)
    -- the type as the other outputs say it, and its id
    _, out = H.cli("parse", H.corpus("shuyang_fgj_2023.html"))
    assert.matches("(部门, department)", out, 1, true)
  end)

  it("shows a section read without its heading as such, not as (null)", function()
    local dir = H.tmpdir()
    local text = H.read(YUANZHOU):gsub("\n六、其他需要报告的事项\n", "\n", 1)
    local path = H.write(dir .. "/no_six.txt", text)
    local code, out = H.cli("parse", path)
    assert.equal(0, code)
    assert.matches("\n  s6  lines %d+%-%d+  %(no heading: section%.untitled%)\n", out)
    assert.not_matches("(null)", out, 1, true)
  end)

  it("exits 3 on a file it cannot load", function()
    local code, _, err = H.cli("parse", "--json", "/nonexistent.txt")
    assert.equal(3, code)
    assert.matches("/nonexistent.txt", err, 1, true)
  end)

  it("takes a file named like an option after --, as score does", function()
    local dir = H.tmpdir()
    H.write(dir .. "/-x_2023.txt", H.read(YUANZHOU))
    local cd = "cd " .. H.q(dir) .. " && " .. H.q(H.CLI)
    local code, out, err = H.sh(cd .. " parse --json -- -x_2023.txt")
    assert.equal(0, code, err)
    assert.equal(2023, ns.decode_json(out).meta.year)
    code, out, err = H.sh(cd .. " score --scheme equivalent -- -x_2023.txt")
    assert.is_true(code < 3, err)
    assert.matches("原州区河川乡", out, 1, true)
  end)

  it("takes its options after the files too, as score does", function()
    local code, out, err = H.cli("parse", YUANZHOU, "--json", "--year", "2023")
    assert.equal(0, code, err)
    assert.equal(2023, ns.decode_json(out).meta.year)
    code, _, err = H.cli("parse", YUANZHOU, "--compact")
    assert.equal(64, code)
    assert.matches("give --json too", err, 1, true)
  end)
end)

describe("nianshen test", function()
  local function spec_dir(expect)
    local dir = H.ruleset({ ["r.lua"] = WARN .. FAIL }, { groups = { { name = "G", points = 1,
      indicators = { "c.warn" } } } })
    H.write(dir .. "/r_spec.lua", string.format([[
spec {
  name = "warn and fail on a real report",
  report = %q,
  rules = { "rules" },
  indicators = { "c.warn", "c.fail" },
  expect = %s,
}
]], YUANZHOU, expect))
    return dir
  end

  it("passes a spec whose findings match", function()
    local dir = spec_dir([[{ { id = "c.warn", status = "fail", message = "警告" },
                            { id = "c.fail", status = "fail" } }]])
    local code, out = H.cli("test", dir)
    assert.equal(0, code)
    assert.matches("1 passed, 0 failed", out, 1, true)
  end)

  it("fails a spec with a missing or an unexpected finding, showing both", function()
    local dir = spec_dir([[{ { id = "c.warn", status = "fail", message = "别的" } }]])
    local code, out, err = H.cli("test", dir .. "/r_spec.lua")
    assert.equal(1, code)
    assert.matches("0 passed, 1 failed", out, 1, true)
    assert.matches("FAIL", err, 1, true)
    assert.matches("别的", err, 1, true)     -- what was expected
    assert.matches("c.fail", err, 1, true)   -- what came unexpected
    assert.matches("警告", err, 1, true)     -- what was found
  end)

  it("runs the inline text form", function()
    local dir = H.ruleset({ ["r.lua"] = H.indicator { id = "c.s5", check = [[
      if not r.s5.found then f:fail("没有第五部分") end]] } }, { groups = {} })
    H.write(dir .. "/inline_spec.lua", [=[
spec {
  name = "no s5",
  text = "某镇2023年政府信息公开工作年度报告\n一、总体情况\n无。\n",
  rules = { "rules" },
  indicators = { "c.s5" },
  expect = { { id = "c.s5", status = "fail", message = "第五部分" } },
}
spec {
  name = "wrong expectation",
  text = "某镇2023年政府信息公开工作年度报告\n一、总体情况\n无。\n",
  rules = { "rules" },
  indicators = { "c.s5" },
  expect = { { id = "c.s5", status = "pass" } },
}
]=])
    local code, out = H.cli("test", dir)
    assert.equal(1, code)
    assert.matches("1 passed, 1 failed", out, 1, true)
  end)

  -- `lint` and `test` run spec files of rule directories others wrote
  it("runs a spec file without io, os, debug or load: lint and test refuse them, nothing runs", function()
    for _, name in ipairs({ "io", "os", "debug", "load", "require" }) do
      local dir = H.tmpdir()
      local mark = dir .. "/ran"
      H.write(dir .. "/x_spec.lua", string.format([[
local f = %s
os.execute("touch %s")
]], name, mark))
      for _, cmd in ipairs({ "lint", "test" }) do
        local code, out, err = H.cli(cmd, dir)
        assert.equal(1, code)
        assert.matches("x_spec.lua:1: '" .. name .. "' is not available in a spec file", out .. err, 1, true)
        assert.is_nil(io.open(mark))
      end
    end
  end)

  it("reads fixtures under the spec's directory with read_file and loadfile, nothing outside", function()
    local dir = H.ruleset({ ["r.lua"] = H.indicator { id = "c.s5", check = [[
      if not r.s5.found then f:fail("没有第五部分") end]] } }, { groups = {} })
    H.mkdir(dir .. "/fx")
    H.write(dir .. "/fx/doc.txt", "某镇2023年政府信息公开工作年度报告\n一、总体情况\n无。\n")
    H.write(dir .. "/fx/lib.lua", "local name = ... return { text = read_file('fx/' .. name) }")
    H.write(dir .. "/ok_spec.lua", [=[
local lib = assert(loadfile("fx/lib.lua"))("doc.txt")
spec { name = "fixture", text = lib.text, rules = { "rules" }, indicators = { "c.s5" },
  expect = { { id = "c.s5", status = "fail", message = "第五部分" } } }
]=])
    local code, out = H.cli("test", dir .. "/ok_spec.lua")
    assert.equal(0, code)
    assert.matches("1 passed, 0 failed", out, 1, true)
    assert(os.execute("ln -s /etc " .. H.q(dir .. "/fx/etc")))
    for _, bad in ipairs({ "/etc/hostname", "../x.txt", "fx/../../x.txt", "fx/etc/hostname" }) do
      H.write(dir .. "/bad_spec.lua", string.format("local s = read_file(%q)\n", bad))
      local code2, out2, err2 = H.cli("test", dir .. "/bad_spec.lua")
      assert.equal(1, code2)
      assert.matches("a spec reads files under its own directory only", out2 .. err2, 1, true)
    end
  end)

  it("stops a spec file that loops or allocates without end, at its line", function()
    local dir = H.tmpdir()
    H.write(dir .. "/loop_spec.lua", "local n = 0\nwhile true do n = n + 1 end\n")
    local code, out, err = H.cli("test", dir)
    assert.equal(1, code)
    assert.matches("loop_spec.lua:2: the spec file ran past", out .. err, 1, true)
    H.write(dir .. "/loop_spec.lua", "local t = {}\nwhile true do t[#t + 1] = ('x'):rep(1 << 20) .. #t end\n")
    code, out, err = H.cli("test", dir)
    assert.equal(1, code)
    assert.matches("loop_spec.lua:2: not enough memory: a spec file has 1 GiB", out .. err, 1, true)
    -- no pcall of the spec's catches it
    H.write(dir .. "/loop_spec.lua", "local t = {}\nlocal ok = pcall(function()\n" ..
      "  while true do t[#t + 1] = ('x'):rep(1 << 20) .. #t end\nend)\nt = nil\nspec { name = 'after' }\n")
    code, out, err = H.cli("test", dir)
    assert.equal(1, code)
    assert.matches("loop_spec.lua:3: not enough memory: a spec file has 1 GiB", out .. err, 1, true)
  end)

  it("stops a spec file by the clock at its line, in C work called from it too (60 s)", function()
    local dir = H.tmpdir()
    -- few instructions, each call long: the clock, not the count, stops it,
    -- as string.rep is called (a C function: the line is its caller's)
    H.write(dir .. "/slow_spec.lua", "local n = 0\nwhile true do\n  n = n + #string.rep('x', 1 << 24)\nend\n")
    local timeout = H.TIMEOUT
    H.TIMEOUT = 90 -- the spec's clock is 60 s
    local code, out, err = H.cli("test", dir)
    H.TIMEOUT = timeout
    assert.equal(1, code)
    assert.matches("slow_spec.lua:3: the spec file ran past 60 seconds", out .. err, 1, true)
  end)

  -- the clock is seen between instructions and at calls: one call that
  -- never returns (a pattern of exponential time) hung lint and test for ever
  it("stops a spec file by the clock inside one C call that would not return, and lints the next", function()
    local dir = H.tmpdir()
    H.write(dir .. "/a_spec.lua", "local s = string.rep('a', 40)\n" ..
      "local hit = s:find(string.rep('a?', 40) .. string.rep('a', 40) .. 'b')\n")
    H.write(dir .. "/b_spec.lua", "spec { name = 'after', text = 'x', indicators = { 'x' }, expect = { { id = 'x', stauts = 'fail' } } }\n")
    local timeout = H.TIMEOUT
    H.TIMEOUT = 150 -- the spec's clock is 60 s
    local code, out, err = H.cli("lint", dir)
    H.TIMEOUT = timeout
    assert.are_not.equal(124, code, "lint did not end")
    assert.equal(1, code)
    assert.matches("a_spec.lua:2: the spec file ran past 60 seconds in C code", out .. err, 1, true)
    assert.matches("b_spec.lua:1: after: expect entry 1: unknown key 'stauts'", out .. err, 1, true)
  end)

  -- the spec is read from C after the file ran, outside its limits: an
  -- __index that raised there aborted lint and test (a Lua panic, no
  -- message, every other spec file's result lost)
  it("refuses a spec with a metatable at its line, and the other spec files still run", function()
    local dir = H.ruleset({ ["r.lua"] = H.indicator { id = "c.s5", check = [[
      if not r.s5.found then f:fail("没有第五部分") end]] } }, { groups = {} })
    H.write(dir .. "/a_spec.lua",
      "spec(setmetatable({}, { __index = function(t, k) error('boom ' .. k) end }))\n")
    H.write(dir .. "/b_spec.lua", [=[
local ok = { name = "fine", text = "某镇2023年政府信息公开工作年度报告\n一、总体情况\n无。\n",
  rules = { "rules" }, indicators = { "c.s5" },
  expect = { { id = "c.s5", status = "fail", message = "第五部分" } } }
spec(ok)
-- too late: what spec{} keeps is a copy
setmetatable(ok, { __index = function() while true do end end })
ok.expect = setmetatable({}, { __index = function() error("x") end })
]=])
    H.write(dir .. "/c_spec.lua", [=[
spec { name = "nested", text = "一、总体情况",
  indicators = { "c.s5" }, rules = { "rules" },
  expect = { setmetatable({}, { __index = function() error("x") end }) } }
]=])
    for _, cmd in ipairs({ "test", "lint" }) do
      local code, out, err = H.cli(cmd, dir)
      assert.equal(1, code, cmd .. ": " .. err)
      assert.matches("a_spec.lua:1: spec{}: a spec is data, and the spec has a metatable",
                     out .. err, 1, true)
      assert.matches("c_spec.lua:1: spec{}: a spec is data, and expect[1] has a metatable",
                     out .. err, 1, true)
      if cmd == "test" then assert.matches("1 passed, 2 failed", out, 1, true) end
    end
  end)
end)

describe("options", function()
  it("--help on parse and score prints that command's usage and exits 0", function()
    local code, out = H.cli("score", "--help")
    assert.equal(0, code)
    assert.matches("usage: nianshen score", out, 1, true)
    assert.matches("%-%-ndjson", out)
    assert.not_matches("parse [--json]", out, 1, true)
    code, out = H.cli("parse", "--help")
    assert.equal(0, code)
    assert.matches("usage: nianshen parse", out, 1, true)
    assert.matches("--compact", out, 1, true)
    assert.not_matches("--ndjson", out, 1, true)
    code, out = H.cli("version", "--help")
    assert.equal(0, code)
    assert.matches("usage: nianshen version", out, 1, true)
  end)

  it("a valued option never takes the next option as its value, nor goes without", function()
    local dir = H.tmpdir()
    local scheme = H.ROOT .. "/rules/schemes/default.lua"
    -- --html --csv x.csv: no file named --csv, a usage error naming --html
    local code, _, err = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) .. " score --scheme "
      .. H.q(scheme) .. " --html --csv x.csv " .. H.q(YUANZHOU))
    assert.equal(64, code)
    assert.matches("score: --html needs a file name", err, 1, true)
    assert.is_false(H.exists(dir .. "/--csv"))
    assert.is_false(H.exists(dir .. "/x.csv"))
    -- last on the line: not "unknown option"
    for _, opt in ipairs({ "--html", "--csv", "--out", "--xlsx", "--csv-ids", "--ndjson", "--roster",
                           "--year", "--top", "--jobs", "--max-steps", "--breaker",
                           "--max-load-seconds", "--form", "--agency", "--agency-type" }) do
      code, _, err = H.cli("score", "--scheme", scheme, YUANZHOU, opt)
      assert.equal(64, code, opt)
      assert.matches("score: " .. opt .. " needs ", err, 1, true)
      assert.not_matches("unknown option", err, 1, true)
    end
    code, _, err = H.cli("score", YUANZHOU, "--scheme", "--quiet")
    assert.equal(64, code)
    assert.matches("score: --scheme needs a scheme file name", err, 1, true)
    -- the usage printed is the command's
    assert.matches("usage: nianshen score", err, 1, true)
    for _, opt in ipairs({ "--form", "--agency", "--max-load-memory" }) do
      code, _, err = H.cli("parse", opt, "--json", YUANZHOU)
      assert.equal(64, code, opt)
      assert.matches("parse: " .. opt .. " needs ", err, 1, true)
    end
    -- "-" alone is a value: --ndjson - is stdout
    code = H.cli("score", "--scheme", scheme, "--ndjson", "-", YUANZHOU)
    assert.is_true(code >= 0 and code <= 2)
  end)

  it("limits take whole numbers, memory with K, M or G, and refuse anything else", function()
    local scheme = H.ROOT .. "/rules/schemes/default.lua"
    local code = H.cli("score", "--quiet", "--scheme", scheme, "--max-memory", "64M", YUANZHOU)
    assert.is_true(code >= 0 and code <= 2, "64M is 64 MiB, enough for the standard library")
    for _, bad in ipairs({ { "--max-seconds", "0.5" }, { "--max-steps", "-5" },
                           { "--max-steps", "abc" }, { "--max-memory", "64X" } }) do
      local c, _, err = H.cli("score", "--quiet", "--scheme", scheme, bad[1], bad[2], YUANZHOU)
      assert.equal(64, c, table.concat(bad, " "))
      assert.matches(bad[1], err, 1, true)
    end
    -- worded as every other option of score, with score's usage (not the
    -- general one) and the value refused
    for _, bad in ipairs({ { "--max-steps", "0", "a number from 1" },
                           { "--max-seconds", "0", "a number of seconds from 1" },
                           { "--max-memory", "0", "a number of bytes from 1" },
                           { "--max-findings", "0", "a number from 1" },
                           { "--jobs", "0", "a number from 1 to 64" },
                           { "--max-load-seconds", "0", "a number of seconds from 1" } }) do
      local c, _, err = H.cli("score", "--quiet", "--scheme", scheme, bad[1], bad[2], YUANZHOU)
      assert.equal(64, c, table.concat(bad, " "))
      assert.matches("nianshen: score: " .. bad[1] .. " takes " .. bad[3], err, 1, true)
      assert.matches(", not '" .. bad[2] .. "'\n", err, 1, true)
      assert.matches("usage: nianshen score", err, 1, true)
      assert.not_matches("commands:", err, 1, true)
    end
  end)

  it("a misspelt option is refused naming the option meant, in every command", function()
    local scheme = H.ROOT .. "/rules/schemes/default.lua"
    for _, c in ipairs({ { "score", "--job", "--jobs" }, { "score", "--max-memroy", "--max-memory" },
                         { "score", "--quite", "--quiet" }, { "parse", "--jsn", "--json" },
                         { "lint", "--reprot", "--report" }, { "test", "--verbos", "--verbose" } }) do
      local code, _, err = H.cli(c[1], c[2], "2", "--scheme", scheme, YUANZHOU)
      assert.equal(64, code, c[2])
      assert.matches(c[1] .. ": unknown option " .. c[2] .. " (did you mean " .. c[3] .. "?)", err, 1, true)
    end
    -- nothing near: no guess
    local _, _, err = H.cli("score", "--zzzzzz", "--scheme", scheme, YUANZHOU)
    assert.matches("score: unknown option --zzzzzz\n", err, 1, true)
  end)

  it("--scheme takes the name of a scheme nianshen ships, and lists them for a name it does not know", function()
    local dir = H.tmpdir()
    local code, out = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) .. " score --scheme default "
      .. H.q(YUANZHOU))
    assert.is_true(code >= 0 and code <= 2, out)
    assert.matches("标准方案", out, 1, true)
    local _, out_lua = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) .. " score --scheme default.lua "
      .. H.q(YUANZHOU))
    assert.equal(out, out_lua)
    -- without --scheme: the shipped default (not a file named default here)
    local _, out_none = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) .. " score " .. H.q(YUANZHOU))
    assert.equal(out, out_none)
    local err
    code, _, err = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) .. " score --scheme defualt " .. H.q(YUANZHOU))
    assert.equal(3, code)
    assert.matches("did you mean default? the schemes nianshen ships: default equivalent strict", err, 1, true)
    -- a file of that name in the working directory is the file, not the shipped scheme
    local f = assert(io.open(dir .. "/default", "w"))
    f:write('scheme { name = "本地方案", version = "1", rules = { "std" }, groups = { { name = "g", points = 1, '
      .. 'indicators = { { "structure.sections", deduct = 1, cap = 1 } } } } }\n')
    f:close()
    code, out = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) .. " score --scheme default " .. H.q(YUANZHOU))
    assert.matches("本地方案", out, 1, true)
    -- … but without --scheme, the shipped default all the same
    code, out = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) .. " score " .. H.q(YUANZHOU))
    assert.matches("标准方案", out, 1, true)
  end)

  it("lint and the library (so the Lua and Python modules) take a shipped scheme's name as score does", function()
    local dir = H.tmpdir()
    local code, out = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) .. " lint strict")
    assert.equal(0, code, out)
    assert.matches("no problems", out, 1, true)
    code, out = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) .. " lint --report " .. H.q(YUANZHOU)
      .. " default.lua")
    assert.equal(0, code, out)
    local s = assert(ns.scheme("strict"))
    assert.equal(ns.rules_dir .. "/schemes/strict.lua", s.path)
    assert.matches("从严方案", s.name, 1, true)
    -- a name nianshen does not ship is still told with the closest
    local none, msg, name = ns.scheme("strcit")
    assert.is_nil(none)
    assert.equal("NS_ERR_IO", name)
    assert.matches("(did you mean strict? the schemes nianshen ships: default equivalent strict)", msg, 1, true)
    -- and lint, which had said only "no such file or directory"
    code, out = H.sh("cd " .. H.q(dir) .. " && " .. H.q(H.CLI) .. " lint defualt")
    assert.equal(1, code, out)
    assert.matches("defualt: no such file or directory (did you mean default? the schemes nianshen ships:", out, 1, true)
  end)
end)

describe("results files and formula injection", function()
  it("a text cell starting with = + - @ is written with a ' before it, numbers stay numbers", function()
    local dir = H.tmpdir()
    local scheme = H.ROOT .. "/rules/schemes/default.lua"
    for _, agency in ipairs({ "=HYPERLINK(\"http://x\",\"y\")", "+1+cmd", "-2+3", "@SUM(A1)" }) do
      H.cli("score", "--quiet", "--scheme", scheme, "--agency", agency, YUANZHOU,
            "--csv", dir .. "/r.csv", "--csv-ids", dir .. "/ids.csv", "--xlsx", dir .. "/r.xlsx",
            "--html", dir .. "/r.html")
      for _, name in ipairs({ "r.csv", "ids.csv" }) do
        local csv = H.read(dir .. "/" .. name)
        local q = '"' .. agency:gsub('"', '""') .. '"'
        assert.matches(",\"'" .. q:sub(2), csv, 1, true)
        assert.not_matches("," .. q, csv, 1, true)
        -- the rank and the score are still bare numbers
        assert.matches("\n1,", csv, 1, true)
      end
      -- the HTML escapes it as text, the XLSX keeps it a string (no <f>)
      local _, sheets = H.sh("unzip -p " .. H.q(dir .. "/r.xlsx") .. " 'xl/worksheets/*.xml'")
      assert.matches("<sheetData", sheets, 1, true)
      assert.not_matches("<f>", sheets, 1, true)
    end
  end)
end)

describe("the terminal ranking", function()
  local DISTRICT = H.ROOT .. "/examples/district"
  local scheme = H.ROOT .. "/rules/schemes/default.lua"

  it("splits other years into the previous year of a ranked report and the rest", function()
    local code, out = H.cli("score", "--scheme", scheme, DISTRICT)
    assert.is_true(code >= 0 and code <= 2)
    local prev = out:match("not ranked: the previous year of a ranked report[^\n]*\n(.-)\n\n")
    local other = out:match("not ranked: other years %(ranked: 2024; %-%-year all ranks every year%):\n(.-)\n\n")
    assert.truthy(prev, out)
    assert.truthy(other, out)
    assert.matches("青岚县教育局", prev, 1, true)      -- 2024 ranked: its previous year
    assert.matches("青岚县卫生健康委员会", other, 1, true) -- no 2024 report
    assert.not_matches("卫生健康委员会", prev, 1, true)
    assert.not_matches("read only as the previous year", out, 1, true)
  end)

  it("says types in Chinese as every other output, and explains n/a and loading", function()
    local _, out = H.cli("score", "--scheme", scheme, DISTRICT)
    assert.matches("部门", out, 1, true)
    assert.matches("乡镇（街道）", out, 1, true)
    assert.not_matches("department", out, 1, true)
    assert.matches("n/a: not assessable or not applicable (无法评估或不适用)", out, 1, true)
    assert.matches("loading: load diagnostics", out, 1, true)
    assert.matches("2 load warning(s): edition.outdated", out, 1, true)
  end)

  it("refuses a ranked year no report is of, naming the years present", function()
    local code, out, err = H.cli("score", "--scheme", scheme, "--year", "1999", DISTRICT)
    assert.equal(64, code)
    assert.matches("no report of 1999 in the run; years present: 2023, 2024", err, 1, true)
    assert.equal("", out)
  end)

  it("suggests the year most reports are of, or --year all, when most are not of the ranked year", function()
    local dir = H.tmpdir()
    for _, name in ipairs({ "pingtan_zhqu_2019.txt", "pingtan_zhqu_2021.txt", "pingtan_zhqu_2023.txt",
                            "yuanzhou_hechuan_xiang_2023.txt", "shanghai_shizhengfu_bgt_2025.md" }) do
      H.write(dir .. "/" .. name, H.read(H.corpus(name)))
    end
    local _, out = H.cli("score", "--scheme", scheme, dir)
    -- two of 2023 (and one each of 2019 and 2021): 2023 is what was meant
    assert.matches("most reports are not of 2025 and not ranked: 2 of them are of 2023 " ..
                   "(--year 2023 ranks those; --year all ranks every year together)", out, 1, true)
    _, out = H.cli("score", "--scheme", scheme, DISTRICT)
    assert.not_matches("most reports are not of", out, 1, true)
    -- three agencies' reports of three years: the two years before are
    -- the ranked reports' previous ones (compared with), not idle
    local three = H.mkdir(H.tmpdir() .. "/d")
    for _, a in ipairs({ "jiaoyuju", "caizhengju", "baishizhen" }) do
      for _, y in ipairs({ "2023", "2024" }) do
        local name = "qinglan_" .. a .. "_" .. y .. ".txt"
        H.write(three .. "/" .. name, H.read(DISTRICT .. "/" .. name))
      end
      local old = H.read(DISTRICT .. "/qinglan_" .. a .. "_2023.txt")
      H.write(three .. "/qinglan_" .. a .. "_2022.txt", (old:gsub("2023", "2022"):gsub("2024", "2023")))
    end
    _, out = H.cli("score", "--scheme", scheme, three)
    assert.matches("ranking of 2024", out, 1, true)
    assert.not_matches("most reports are not of", out, 1, true)
  end)

  it("groups the same rule error on many reports into one line with the count", function()
    local _, s = scheme_of({ PASS, BROKEN }, { "c.pass", "c.broken" })
    local code, _, err = H.cli("score", "--scheme", s, DISTRICT)
    assert.equal(3, code)
    local lines = 0
    for line in err:gmatch("[^\n]*c%.broken[^\n]*") do
      lines = lines + 1
      assert.matches("— on 24 reports (", line, 1, true)
      assert.matches(", …)", line, 1, true)
    end
    assert.equal(1, lines, err)
  end)
end)

describe("what goes to the terminal", function()
  -- no control character but \n and \t, no byte that is not UTF-8
  local function clean(text)
    for i = 1, #text do
      local b = text:byte(i)
      if (b < 32 and b ~= 10 and b ~= 9) or b == 127 then return false, i end
    end
    return utf8.len(text) ~= nil and not text:find("\194[\128-\159]")
  end

  it("shows the control characters of a rule's print and error as escapes, in score, lint and test", function()
    local ANSI = H.indicator { id = "c.ansi", severity = "error", check =
      [[print("p\27]0;owned\7\27[2J\r\u{9B}\xff\tok"); error("e\27[2J\0\127 bad\xff", 0)]] }
    local dir, s = scheme_of({ ANSI }, { "c.ansi" })
    local code, out, err = H.cli("score", "--scheme", s, PINGTAN)
    assert.equal(3, code)
    assert.is_true(clean(out .. err), err)
    assert.matches("p\\x1B]0;owned\\x07\\x1B[2J\\x0D\\u{9B}\\xFF\tok", err, 1, true)
    assert.matches("e\\x1B[2J\u{FFFD}\\x7F bad\u{FFFD}", err, 1, true) -- the message the results hold
    -- lint --report, and a spec that fails on it
    code, out, err = H.cli("lint", "--report", PINGTAN, s)
    assert.equal(1, code)
    assert.is_true(clean(out .. err), out .. err)
    assert.matches("e\\x1B[2J", out, 1, true)
    H.write(dir .. "/rules/a_spec.lua", "spec { name = 'ansi', report = " .. string.format("%q", PINGTAN) ..
      ", rules = { 'r' }, indicators = { 'c.ansi' }, expect = {} }\n")
    code, out, err = H.cli("test", dir .. "/rules/a_spec.lua")
    assert.equal(1, code)
    assert.is_true(clean(out .. err), out .. err)
    assert.matches("\\x1B[2J", err, 1, true)
    -- a rule file's or a spec file's name, at the head of each lint problem
    H.mkdir(dir .. "/names")
    H.write(dir .. "/names/z\27]0;PWNED\7\27[2J.lua", "indicator { id = 'x' }\n")
    H.write(dir .. "/names/s\27[2J_spec.lua", "spec { nme = 1 }\n")
    code, out, err = H.cli("lint", dir .. "/names")
    assert.equal(1, code)
    assert.is_true(clean(out .. err), out .. err)
    assert.matches("z\\x1B]0;PWNED\\x07\\x1B[2J.lua: ", out, 1, true)
    assert.matches("s\\x1B[2J_spec.lua:1: (unnamed): unknown key 'nme'", out, 1, true)
  end)

  it("shows a document's control characters and right-to-left override as escapes in parse, and a file's name in score's notes", function()
    local dir = H.tmpdir()
    local text = H.read(PINGTAN):gsub("平潭综合实验区", "平潭\27]0;pwned\7\27[2J\226\128\174\216\156区", 1)
    H.write(dir .. "/esc_2023.txt", text)
    local code, out = H.cli("parse", dir .. "/esc_2023.txt")
    assert.equal(0, code)
    assert.is_true(clean(out), out)
    assert.is_nil(out:find("\226\128\174", 1, true))
    assert.matches("\\x1B]0;pwned\\x07\\x1B[2J\\xE2\\x80\\xAE\\xD8\\x9C区", out, 1, true)
    H.mkdir(dir .. "/d")
    H.write(dir .. "/d/notes\27[2J.md5", "x")
    local _, _, err = H.cli("score", "--scheme", H.ROOT .. "/rules/schemes/default.lua", dir .. "/d")
    assert.is_true(clean(err), err)
    assert.matches("skipped " .. dir .. "/d/notes\\x1B[2J.md5", err, 1, true)
  end)

  it("shows a scheme's load error quoting a rule's message as escapes", function()
    local dir, s = H.ruleset({ ["r.lua"] = "error('\\27]0;owned\\7 at load')\n" },
      { groups = { { name = "G", points = 1, indicators = { "c.x" } } } })
    local code, _, err = H.cli("score", "--scheme", s, PINGTAN)
    assert.equal(3, code)
    assert.is_true(clean(err), err)
    assert.matches("\\x1B]0;owned\\x07 at load", err, 1, true)
  end)
end)

describe("the HTML and the XLSX say", function()
  local DISTRICT = H.ROOT .. "/examples/district"
  local dir, html, run

  setup(function()
    local s
    dir, s = scheme_of({ PASS, WARN, FAIL, NA, BROKEN },
      { "c.pass", "c.warn", "c.fail", "c.na", "c.broken" })
    H.cli("score", "--quiet", "--scheme", s, DISTRICT, "--html", dir .. "/r.html",
          "--out", dir .. "/r.json", "--xlsx", dir .. "/r.xlsx")
    html = H.read(dir .. "/r.html")
    run = H.json(dir .. "/r.json")
  end)

  it("checks that broke among the most failed indicators, as 规则出错", function()
    local top = html:match("<table id=top%-failed>(.-)</table>")
    assert.truthy(top)
    assert.matches("<th>规则出错的报告</th>", top, 1, true)
    assert.matches("c.broken", top, 1, true)
    assert.matches("18（规则出错）", top, 1, true)
  end)

  it("what the load diagnostics are, in the 说明 column", function()
    local found
    for _, r in ipairs(run.results) do
      assert.truthy(r.load_diagnostics.codes)
      if r.agency == "青岚县卫生健康委员会" then
        found = r.load_diagnostics.codes
      end
    end
    assert.same({ "edition.outdated" }, found)
    assert.matches("读取提示：使用旧版格式", html, 1, true)
  end)

  it("n/a as not assessable or not applicable", function()
    assert.matches("无法评估或不适用</span>", html, 1, true)
    local _, strings = H.sh("unzip -p " .. H.q(dir .. "/r.xlsx") .. " xl/sharedStrings.xml")
    assert.matches("无法评估或不适用", strings, 1, true)
  end)
end)

describe("the top failed indicators, cut at ten", function()
  it("say how many more failed and which", function()
    local src, ids = {}, {}
    for k = 1, 13 do
      src[#src + 1] = H.indicator { id = "c.f" .. k, severity = "warning", check = "f:fail('x', r.s1)" }
      ids[#ids + 1] = "c.f" .. k
    end
    local dir, s = scheme_of(src, ids)
    H.cli("score", "--quiet", "--scheme", s, YUANZHOU, "--html", dir .. "/r.html")
    local html = H.read(dir .. "/r.html")
    assert.matches("另有 3 项指标各有 1 份报告不符合或规则出错：c.f11（1）、c.f12（1）、c.f13（1）",
                   html, 1, true)
  end)
end)

describe("a district folder", function()
  it("is scored with its subdirectories, each report once, hidden folders and links passed over", function()
    local dir = H.tmpdir()
    local names = { "qinglan_caizhengju_2024.txt", "qinglan_liuxixiang_2024.txt",
                    "qinglan_taoyuanzhen_2024.txt", "qinglan_sifaju_2024.txt" }
    local function copy(name, to)
      H.write(to .. "/" .. name, H.read(H.ROOT .. "/examples/district/" .. name))
    end
    copy(names[1], dir)
    copy(names[2], H.mkdir(dir .. "/乡镇"))
    copy(names[3], H.mkdir(dir .. "/乡镇/2024"))
    copy(names[4], H.mkdir(dir .. "/old.txt")) -- a folder, whatever its name
    copy(names[1], H.mkdir(dir .. "/.git"))     -- hidden: not a district's
    H.write(dir .. "/notes.xyz", "x")
    assert(os.execute("ln -s " .. H.q(dir) .. " " .. H.q(dir .. "/乡镇/loop")))
    -- the folder and a folder in it named too: each report once
    local code, out, err = H.cli("score", "--scheme", H.ROOT .. "/rules/schemes/default.lua",
                                 dir, dir .. "/乡镇", "--out", dir .. "/r.json")
    assert.equal(2, code)
    local r = H.json(dir .. "/r.json")
    local paths = {}
    for _, res in ipairs(r.results) do paths[#paths + 1] = res.path end
    table.sort(paths)
    assert.same({ dir .. "/old.txt/" .. names[4], dir .. "/qinglan_caizhengju_2024.txt",
                  dir .. "/乡镇/2024/" .. names[3], dir .. "/乡镇/" .. names[2] }, paths)
    assert.matches("4 reports, 4 loaded", out, 1, true)
    assert.matches("skipped " .. dir .. "/notes.xyz (not a report file by its name)", err, 1, true)
    assert.matches("skipped " .. dir .. "/乡镇/loop (a link to a directory, not followed", err, 1, true)
    assert.not_matches(".git", err, 1, true)
  end)
end)

