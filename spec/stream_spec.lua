-- `nianshen score --ndjson FILE|-`: one JSON line per report as it is
-- scored — the objects of results[] less "rank" — in file order whatever
-- --jobs; shards scored apart and concatenated hold every report once;
-- cross-report rules see their shard only; a failed write is said.
local H = require "helper"

local SCHEME = H.ROOT .. "/rules/schemes/default.lua"
local DISTRICT = H.ROOT .. "/examples/district"

teardown(H.cleanup)

local function lines(text)
  local out = {}
  for l in text:gmatch("[^\n]+") do out[#out + 1] = H.ns.decode_json(l) end
  return out
end

local function without_rank(r)
  local c = {}
  for k, v in pairs(r) do if k ~= "rank" then c[k] = v end end
  return c
end

local function files(dir)
  local out = {}
  for name in io.popen("ls " .. H.q(dir)):lines() do
    if name:match("%.txt$") then out[#out + 1] = name end
  end
  return out
end

describe("--ndjson", function()
  it("writes each report's result as results[] has it, less rank, in file order", function()
    local dir = H.tmpdir()
    local code = H.cli("score", "--quiet", "--scheme", SCHEME, DISTRICT, "--jobs", "2",
                       "--ndjson", dir .. "/s.ndjson", "--out", dir .. "/r.json")
    assert.equal(2, code)
    local text = H.read(dir .. "/s.ndjson")
    assert.matches("\n$", text)
    local got, run = lines(text), H.json(dir .. "/r.json")
    local names = files(DISTRICT)
    assert.equal(#names, #got)
    for i, l in ipairs(got) do
      assert.equal(DISTRICT .. "/" .. names[i], l.path) -- file order
      assert.is_nil(l.rank)
      assert.same(without_rank(H.result(run, names[i])), l)
    end
  end)

  it("is the same bytes with one scoring process or two", function()
    local dir = H.tmpdir()
    for _, j in ipairs({ "1", "2" }) do
      H.cli("score", "--quiet", "--scheme", SCHEME, DISTRICT, "--jobs", j,
            "--ndjson", dir .. "/s" .. j .. ".ndjson")
    end
    assert.equal(H.read(dir .. "/s1.ndjson"), H.read(dir .. "/s2.ndjson"))
  end)

  it("to '-' is stdout alone, with the run's exit code", function()
    local code, out = H.cli("score", "--scheme", SCHEME, DISTRICT, "--ndjson", "-")
    assert.equal(2, code)
    local got = lines(out) -- every line is JSON: no ranking among them
    assert.equal(#files(DISTRICT), #got)
  end)

  it("keeps a report that did not load, with its error", function()
    local dir = H.tmpdir()
    local d = H.mkdir(dir .. "/d")
    H.write(d .. "/a_2024.txt", H.read(DISTRICT .. "/qinglan_caizhengju_2024.txt"))
    H.write(d .. "/b_2024.txt", "not an annual report at all\n")
    local code, out = H.cli("score", "--scheme", SCHEME, d, "--ndjson", "-")
    assert.equal(3, code)
    local got = lines(out)
    assert.equal(2, #got)
    assert.is_string(got[2].load_error)
    assert.is_true(got[2].incomplete)
  end)

  it("that cannot be written is said, and the results files are still written", function()
    local dir = H.tmpdir()
    local code, _, err = H.cli("score", "--quiet", "--scheme", SCHEME, DISTRICT,
                               "--ndjson", "/dev/full", "--out", dir .. "/r.json")
    assert.equal(3, code)
    assert.matches("cannot write /dev/full: write error: No space left on device", err, 1, true)
    assert.equal(#files(DISTRICT), #H.json(dir .. "/r.json").results)
    -- a FIFO nobody reads is refused at once, not waited on for ever
    local fifo = dir .. "/nobody.ndjson"
    assert(os.execute("mkfifo " .. H.q(fifo)))
    code, _, err = H.cli("score", "--quiet", "--scheme", SCHEME, DISTRICT, "--ndjson", fifo)
    assert.equal(3, code)
    assert.matches("No such device or address; nothing was scored", err, 1, true)
    -- a missing directory is refused before anything is scored
    code, _, err = H.cli("score", "--quiet", "--scheme", SCHEME, DISTRICT,
                         "--ndjson", dir .. "/nowhere/s.ndjson")
    assert.equal(3, code)
    assert.matches("nothing was scored", err, 1, true)
  end)

  it("cut by a full disk ends with the lines written whole", function()
    local dir = H.tmpdir()
    -- a file size limit (ulimit -f, in blocks of 512 bytes) stands in for
    -- a full disk: the write past it fails, mid-line
    local code, _, err = H.sh("trap '' XFSZ; ulimit -f 64; exec " .. H.q(H.CLI) ..
                              " score --quiet --scheme " .. H.q(SCHEME) .. " " .. H.q(DISTRICT) ..
                              " --ndjson " .. H.q(dir .. "/s.ndjson"))
    assert.equal(3, code)
    assert.matches("cannot write " .. dir .. "/s.ndjson: write error", err, 1, true)
    local text = H.read(dir .. "/s.ndjson")
    assert.is_true(#text > 0 and #text <= 64 * 512)
    assert.matches("\n$", text)
    assert.is_true(#lines(text) < #files(DISTRICT))
    -- appended to shards before it (`--ndjson - >> all.ndjson`): only the
    -- cut line goes (the offset of a file opened to append said 0, and
    -- every shard before was lost)
    H.write(dir .. "/all.ndjson", text)
    code = H.sh("trap '' XFSZ; ulimit -f 128; exec " .. H.q(H.CLI) .. " score --quiet --scheme " ..
                H.q(SCHEME) .. " " .. H.q(DISTRICT) .. " --ndjson - >> " .. H.q(dir .. "/all.ndjson"))
    assert.equal(3, code)
    local all = H.read(dir .. "/all.ndjson")
    assert.equal(text, all:sub(1, #text))
    assert.matches("\n$", all)
    assert.is_true(#lines(all) > #lines(text))
  end)
end)

describe("sharded runs", function()
  it("concatenated hold every report once; cross-report rules see the shard only", function()
    local dir = H.tmpdir()
    local a, b = H.mkdir(dir .. "/a"), H.mkdir(dir .. "/b")
    -- the 2023 reports in one shard, the 2024 ones in the other: 白石镇's
    -- 2024 五 is its 2023 五 (s5.copied_previous), which only a run that
    -- holds both can see
    for _, name in ipairs(files(DISTRICT)) do
      H.write((name:match("2023") and a or b) .. "/" .. name, H.read(DISTRICT .. "/" .. name))
    end
    H.sh("cd " .. H.q(dir) .. " && for s in a b; do " .. H.q(H.CLI) .. " score --quiet --scheme " ..
         H.q(SCHEME) .. " --ndjson $s.ndjson $s; done; cat a.ndjson b.ndjson > all.ndjson")
    local all = lines(H.read(dir .. "/all.ndjson"))
    assert.equal(#files(DISTRICT), #all)
    local seen = {}
    for _, l in ipairs(all) do
      assert.is_nil(seen[l.path])
      seen[l.path] = true
    end
    local function copied(results)
      for _, r in ipairs(results) do
        if r.path:match("qinglan_baishizhen_2024") then
          return H.findings(r, "s5.copied_previous")[1].status
        end
      end
    end
    local whole = H.json((function()
      H.cli("score", "--quiet", "--scheme", SCHEME, DISTRICT, "--out", dir .. "/r.json")
      return dir .. "/r.json"
    end)())
    assert.equal("fail", copied(whole.results))
    assert.are_not.equal("fail", copied(all))
  end)
end)
