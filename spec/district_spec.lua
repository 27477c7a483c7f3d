-- No file and no fault loses a district's results: `nianshen score` names
-- and skips what is not a regular file, keeps a load past its limits to
-- that file, refuses an output it cannot write before it scores anything,
-- and replaces a results file only with a whole new one.
local H = require "helper"

local SCHEME = H.ROOT .. "/rules/schemes/default.lua"
local DISTRICT = H.ROOT .. "/examples/district"
local REPORTS = { "qinglan_baishizhen_2024.txt", "qinglan_caizhengju_2024.txt",
                  "qinglan_jiaoyuju_2024.txt" }

teardown(H.cleanup)

-- A fresh directory with a district of the REPORTS in dir/d.
local function district()
  return H.district(REPORTS)
end

local function loaded(run)
  local n = 0
  for _, r in ipairs(run.results) do
    if not r.load_error then n = n + 1 end
  end
  return n
end

-- The command line of a score run, quoted for sh.
local function score_cmd(...)
  local args = { H.q(H.CLI), "score", "--quiet", "--scheme", H.q(SCHEME) }
  for _, a in ipairs({ ... }) do args[#args + 1] = H.q(a) end
  return table.concat(args, " ")
end

-- Hidden temporary files left in dir.
local function temps(dir)
  local _, out = H.sh("ls -A " .. H.q(dir))
  local n = 0
  for name in out:gmatch("[^\n]+") do
    if name:match("^%..*%.tmp$") then n = n + 1 end
  end
  return n
end

-- A body saved without its title: the file's name gives its agency and
-- year (ranked with its district, its deadline judged), but the report
-- itself still writes neither, as structure.front_matter says.
describe("a report whose text names no agency nor year", function()
  it("is its file name's agency's of its year, and its front matter still fails", function()
    local dir = H.tmpdir()
    local d = H.mkdir(dir .. "/d")
    local body = H.read(H.ROOT .. "/core/tests/fixtures/tables/untitled_body.txt")
    H.write(d .. "/青岚县测试局2024年政府信息公开工作年度报告.txt", body)
    H.cli("score", "--scheme", SCHEME, d, "--quiet", "--out", dir .. "/r.json")
    local res = H.json(dir .. "/r.json").results[1]
    assert.equal("青岚县测试局", res.agency)
    assert.equal(2024, res.year)
    local msgs = {}
    for _, f in ipairs(res.findings) do
      if f.rule == "structure.front_matter" and f.status == "fail" then msgs[#msgs + 1] = f.message end
    end
    local all = table.concat(msgs, "\n")
    assert.matches("标题未写明发布机关名称", all, 1, true)
    assert.matches("标题和开篇均未写明报告年度", all, 1, true)
  end)
end)

describe("a FIFO in a district", function()
  it("keeps a row with its reason, even with --quiet, and every report is scored", function()
    local dir, d = district()
    assert(os.execute("mkfifo " .. H.q(d .. "/qinglan_fifo_2024.txt")))
    local code, _, err = H.cli("score", "--scheme", SCHEME, d, "--quiet", "--out", dir .. "/r.json")
    assert.equal(3, code) -- it did not hang, and the run is not whole
    assert.matches(d .. "/qinglan_fifo_2024.txt: not a regular file (a FIFO)", err, 1, true)
    local run = H.json(dir .. "/r.json")
    assert.equal(#REPORTS + 1, #run.results)
    assert.equal(#REPORTS, loaded(run))
    assert.matches("a FIFO", H.result(run, "qinglan_fifo_2024.txt").load_error, 1, true)
  end)

  it("or a folder that cannot be read: a row with the reason, not a line --quiet drops", function()
    local dir, d = district()
    assert(os.execute("mkdir " .. H.q(d .. "/乡镇")))
    -- root reads any folder: the run is made as nobody, where there is one
    local as = ""
    if H.sh("[ $(id -u) = 0 ]") == 0 then
      if H.sh("command -v runuser && id nobody") ~= 0 then return end
      as = "runuser -u nobody -- "
      assert(os.execute("chmod -R a+rX " .. H.q(dir) .. " && chmod a+rwx " .. H.q(dir)))
    end
    assert(os.execute("chmod 000 " .. H.q(d .. "/乡镇")))
    local code = H.sh(as .. H.q(H.CLI) .. " score --scheme " .. H.q(SCHEME) .. " " .. H.q(d) ..
                      " --quiet --out " .. H.q(dir .. "/r.json"))
    os.execute("chmod 755 " .. H.q(d .. "/乡镇"))
    assert.equal(3, code)
    local row = H.result(H.json(dir .. "/r.json"), "乡镇")
    assert.matches("cannot read the directory (Permission denied)", row.load_error, 1, true)
  end)

  it("given by name, is that file's load error and the others are scored", function()
    local dir, d = district()
    local fifo = d .. "/fifo_2024.txt"
    assert(os.execute("mkfifo " .. H.q(fifo)))
    local code, _, err = H.cli("score", "--scheme", SCHEME, fifo, d .. "/" .. REPORTS[1],
                               "--out", dir .. "/r.json")
    assert.equal(3, code)
    assert.matches(fifo .. ": not a regular file (a FIFO)", err, 1, true)
    local run = H.json(dir .. "/r.json")
    assert.equal(2, #run.results)
    assert.equal(1, loaded(run))
    assert.matches("a FIFO", H.result(run, "fifo_2024.txt").load_error, 1, true)
  end)

  it("is refused by parse at once", function()
    local _, d = district()
    assert(os.execute("mkfifo " .. H.q(d .. "/f.txt")))
    local code, out, err = H.cli("parse", d .. "/f.txt", d .. "/" .. REPORTS[1])
    assert.equal(3, code)
    assert.matches("not a regular file (a FIFO)", err, 1, true)
    assert.matches("agency:", out, 1, true) -- the file after it was read
  end)
end)

describe("a Word or WPS lock file in a district", function()
  it("is skipped with its reason, not ranked as a damaged report", function()
    local dir, d = district()
    -- what Word keeps beside a document that is open: 162 bytes, the
    -- user's name in them
    H.write(d .. "/~$inglan_jiaoyuju_2024.docx", "\7user" .. string.rep("\0", 155))
    local code, _, err = H.cli("score", "--scheme", SCHEME, d, "--out", dir .. "/r.json")
    assert.is_true(code < 3, err)
    assert.matches("skipped " .. d .. "/~$inglan_jiaoyuju_2024.docx (the lock file", err, 1, true)
    assert.equal(#REPORTS, #H.json(dir .. "/r.json").results)
  end)
end)

describe("a load over its limits", function()
  it("is that file's load error naming the limit, and the others are scored", function()
    local dir, d = district()
    -- a real report with 5 MB of prose after it: its buffer alone is over 4 MiB
    local pad = string.rep("\n本机关依法主动公开政府信息，及时回应社会关切。", 80000)
    H.write(d .. "/qinglan_big_2024.txt", H.read(DISTRICT .. "/" .. REPORTS[1]) .. pad)
    local code, _, err = H.cli("score", "--scheme", SCHEME, d, "--max-load-memory", "4M",
                               "--out", dir .. "/r.json")
    assert.equal(3, code)
    assert.matches("qinglan_big_2024.txt: loading ran out of memory: over the memory " ..
                   "limit for one load of 4 MiB", err, 1, true)
    local run = H.json(dir .. "/r.json")
    assert.equal(#REPORTS + 1, #run.results)
    assert.equal(#REPORTS, loaded(run))
    local big = H.result(run, "qinglan_big_2024.txt")
    assert.equal("NS_ERR_TOO_LARGE", big.load_error_code)
    assert.matches("--max-load-memory", big.load_error, 1, true)
    -- under the default limit it loads
    code = H.cli("score", "--scheme", SCHEME, d, "--out", dir .. "/r2.json")
    assert.equal(#REPORTS + 1, loaded(H.json(dir .. "/r2.json")))
  end)

  it("options take positive numbers", function()
    local _, d = district()
    for _, bad in ipairs({ { "--max-load-memory", "0" }, { "--max-load-memory", "2X" },
                           { "--max-load-seconds", "-1" }, { "--max-load-seconds", "soon" } }) do
      local code, _, err = H.cli("score", "--scheme", SCHEME, d, bad[1], bad[2])
      assert.equal(64, code)
      assert.matches(bad[1], err, 1, true)
    end
    local code = H.cli("parse", "--max-load-seconds", "5", "--max-load-memory", "1G",
                       d .. "/" .. REPORTS[1])
    assert.equal(0, code)
  end)
end)

describe("results files", function()
  it("written into the folder scored, under names like a report's, are never scored", function()
    local dir, d = district()
    local outs = { "--out", d .. "/results.json.txt", "--csv", d .. "/results.csv.txt",
                   "--ndjson", d .. "/stream.ndjson.txt" }
    for round = 1, 2 do -- this run's outputs, then last run's
      local code, _, err = H.cli("score", "--scheme", SCHEME, d, table.unpack(outs))
      assert.is_true(code < 3, err)
      local run = H.json(d .. "/results.json.txt")
      assert.equal(#REPORTS, #run.results)
      assert.equal(#REPORTS, loaded(run))
      assert.matches("skipped " .. d .. "/stream.ndjson.txt", err, 1, true)
      if round == 2 then
        assert.matches("skipped " .. d .. "/results.csv.txt (results written by nianshen", err, 1, true)
      end
    end
  end)

  it("in a missing directory are refused before anything is scored", function()
    local dir, d = district()
    local out = dir .. "/nowhere/r.json"
    local code, stdout, err = H.cli("score", "--scheme", SCHEME, d, "--csv", dir .. "/r.csv",
                                    "--out", out)
    assert.equal(3, code)
    assert.matches("cannot write " .. out .. ": No such file or directory; nothing was scored",
                   err, 1, true)
    assert.equal("", stdout) -- no ranking: nothing was loaded or scored
    assert.is_false(H.exists(dir .. "/r.csv"))
  end)

  it("that cannot be written leave the previous files as they were, saying why", function()
    local dir, d = district()
    local outs = { "r.json", "r.csv", "r.html", "r.xlsx" }
    for _, name in ipairs(outs) do H.write(dir .. "/" .. name, "PREVIOUS") end
    -- a file size limit of 0 blocks: every write fails with EFBIG (stderr
    -- goes to the pipe, which the limit does not touch)
    local code, out = H.sh("sh -c " .. H.q("ulimit -f 0; exec timeout 60 " ..
      score_cmd(d, "--force", "--out", dir .. "/r.json", "--csv", dir .. "/r.csv",
                "--html", dir .. "/r.html", "--xlsx", dir .. "/r.xlsx") .. " 2>&1"))
    assert.equal(3, code)
    for _, name in ipairs(outs) do
      assert.matches("cannot write " .. dir .. "/" .. name .. ": write error: File too large; " ..
                     "the previous file is left as it was", out, 1, true)
      assert.equal("PREVIOUS", H.read(dir .. "/" .. name))
    end
    assert.equal(0, temps(dir))
  end)

  it("of a run killed at any moment hold the previous run or a whole new one", function()
    local dir = H.tmpdir()
    local out = dir .. "/r.json"
    local n = 0
    for name in io.popen("ls " .. H.q(DISTRICT)):lines() do
      if name:match("%.txt$") then n = n + 1 end
    end
    local cmd = score_cmd(DISTRICT, "--force", "--jobs", "2", "--out", out, "--html", dir .. "/r.html",
                          "--xlsx", dir .. "/r.xlsx")
    -- how long a whole run takes here; the kills fall over its last part,
    -- where the files are written
    H.sh("date +%s.%N > " .. H.q(dir .. "/t0") .. "; " .. cmd .. "; date +%s.%N > " ..
         H.q(dir .. "/t1"))
    local took = tonumber(H.read(dir .. "/t1")) - tonumber(H.read(dir .. "/t0"))
    for k = 0, 11 do
      H.write(out, "PREVIOUS")
      H.sh("timeout -s KILL " .. string.format("%.3f", took * (0.5 + k * 0.05)) .. " " .. cmd)
      local text = H.read(out)
      if text ~= "PREVIOUS" then
        local ok, run = pcall(H.ns.decode_json, text)
        assert.is_true(ok and run ~= nil, "a cut results file after a kill")
        assert.equal(n, #run.results)
      end
    end
    -- a run that is not killed writes its file
    H.sh(cmd)
    assert.equal(n, #H.json(out).results)
  end)

  it("written by two runs at once are one whole file", function()
    local dir, d = district()
    local out = dir .. "/r.json"
    -- runs of different districts write different lengths: bytes of one
    -- written into the other's file would show
    local all = score_cmd(d, "--force", "--out", out, "--html", dir .. "/r.html")
    local one = score_cmd(d .. "/" .. REPORTS[1], "--force", "--out", out, "--html", dir .. "/r.html")
    for _ = 1, 6 do
      H.write(out, "PREVIOUS")
      H.sh("(" .. all .. " & " .. one .. " & " .. all .. " & " .. one .. " & wait)")
      local ok, run = pcall(H.json, out)
      assert.is_true(ok and run ~= nil, "interleaved results file")
      assert.is_true(#run.results == #REPORTS or #run.results == 1)
      assert.matches("^<!doctype html>.*</html>\n$", H.read(dir .. "/r.html"))
    end
    assert.equal(0, temps(dir))
  end)
end)

-- Where an output lands: a symbolic link is followed (the file it names is
-- replaced, the link stays); a device or a FIFO is written in place, never
-- replaced by a regular file; the flag names the format whatever the name.
describe("outputs that are not plain files", function()
  it("follow a symbolic link to the file it names", function()
    local dir, d = district()
    H.write(dir .. "/target.json", "old")
    H.sh("ln -s target.json " .. H.q(dir .. "/link.json"))
    local code = H.sh(score_cmd(d, "--force", "--out", dir .. "/link.json"))
    assert.is_true(code == 2 or code == 0 or code == 1)
    local _, kind = H.sh("stat -c %F " .. H.q(dir .. "/link.json"))
    assert.matches("symbolic link", kind)
    assert.matches('"results"', H.read(dir .. "/target.json"))
  end)

  it("write a device in place (/dev/null stays a device)", function()
    local _, d = district()
    local code = H.sh(score_cmd(d, "--out", "/dev/null", "--html", "/dev/null"))
    assert.is_true(code <= 2)
    local _, kind = H.sh("stat -c %F /dev/null")
    assert.matches("character special file", kind)
  end)

  it("write a FIFO in place, and refuse one nobody reads", function()
    local dir, d = district()
    local fifo = dir .. "/out.csv"
    H.sh("mkfifo " .. H.q(fifo))
    local code, out = H.sh("(cat " .. H.q(fifo) .. " > " .. H.q(dir .. "/got") .. " &) ; sleep 0.2; " ..
                           score_cmd(d, "--csv", fifo) .. "; sleep 0.2; head -c 12 " .. H.q(dir .. "/got"))
    assert.matches("名次", out)
    local _, err
    code, _, err = H.sh(score_cmd(d, "--csv", fifo))
    assert.equal(3, code)
    assert.matches("No such device or address", err)
    local _, kind = H.sh("stat -c %F " .. H.q(fifo))
    assert.matches("fifo", kind)
  end)

  it("take their format from the flag, not the name (a name of another format nianshen writes is refused)", function()
    local dir, d = district()
    H.sh(score_cmd(d, "--html", dir .. "/report", "--csv", dir .. "/table.dat"))
    assert.matches("^<!doctype html>", H.read(dir .. "/report"))
    assert.matches("名次,完整性,单位", H.read(dir .. "/table.dat"))
    local code = H.sh(score_cmd(d, "--csv", dir .. "/table.json"))
    assert.equal(64, code)
    assert.is_false(H.exists(dir .. "/table.json"))
  end)
end)
