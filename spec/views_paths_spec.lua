-- The ways into the views that b513e22 ("views: ids found by their bytes
-- once, children kept in user values, metatables by key") and 7cb823f
-- ("findings: count a message's Han characters in JSON bytes without the
-- decoder") made fast, each held to what the views did before them:
--   * a name not in the table of names (a misspelt one, one with a NUL, a
--     number, a table, a boolean; an id of the other edition) read as the
--     strcmp way read it, with its error;
--   * the same view reached by different ways is the same object;
--   * t:sum over lists with a metatable, or that change while summed;
--   * views a rule file keeps past its report's checks raise;
--   * a message's JSON bytes, Han, four-byte, invalid and NUL alike.
-- Every expectation below is what the views gave at f70a4e2, the commit
-- before those two (the whole file passes against a build of it).
local H = require "helper"
local ns = H.ns
H.TIMEOUT = 120

local PINGTAN23 = H.corpus("pingtan_zhqu_2023.txt") -- the 2021 layout
local PINGTAN19 = H.corpus("pingtan_zhqu_2019.txt") -- the 2019 layout
local YUANZHOU = H.corpus("yuanzhou_hechuan_xiang_2023.txt")

-- `f` raises at this file's line (the rule's mistake, where it stands),
-- with every text given
local function raises(f, ...)
  local ok, err = pcall(f)
  assert.is_false(ok, "no error")
  err = tostring(err)
  assert.matches("views_paths_spec%.lua:%d+: ", err)
  for _, want in ipairs({ ... }) do
    assert.is_truthy(err:find(want, 1, true), "expected «" .. want .. "» in: " .. err)
  end
  return err
end

local r21 = assert(ns.load(PINGTAN23))
local r19 = assert(ns.load(PINGTAN19))

describe("a name not in the table of names", function()
  it("is a misspelt row or column: the located error and its 'did you mean'", function()
    assert.equal(2021, r21.t3.edition)
    raises(function() return r21.t3.recieved end, "t3 has no row 'recieved' (did you mean 'received'?",
      "known: id found edition nrows ncols title rows columns values raws sum received carried_over")
    raises(function() return r21.t3.received.totl end,
      "t3.received has no column 'totl' (did you mean 'total'? known: id label no table cells natural_person")
    raises(function() return r21.t3["Received"] end, "t3 has no row 'Received' (did you mean 'received'?")
    raises(function() return r21.t3["received "] end, "t3 has no row 'received ' (did you mean 'received'?")
    raises(function() return r21.t3.total end, "t3 has no row 'total' (did you mean 'total_handled'?")
    raises(function() return r21.t2.other end, "t2 has no row 'other' (did you mean 'other_services'?")
    raises(function() return r21.t3[""] end, "t3 has no row ''")
    -- a field of the other kind of view is no name of this one
    raises(function() return r21.t3.label end, "t3 has no row 'label'")
    raises(function() return r21.t3.received.found end, "t3.received has no column 'found'")
    raises(function() return r21.t3.received.received end, "t3.received has no column 'received'")
    -- a row or column of another table
    raises(function() return r21.t3.regulations end, "t3 has no row 'regulations'")
    raises(function() return r21.t4.review.natural_person end, "t4.review has no column 'natural_person'")
    -- on the 2019 layout as well
    raises(function() return r19.t3.recieved end, "t3 has no row 'recieved' (did you mean 'received'?")
    raises(function() return r19.t3.received.totl end, "t3.received has no column 'totl' (did you mean 'total'?")
  end)

  it("has a NUL: read up to it, as the strcmp way read it", function()
    local t3, row = r21.t3, r21.t3.received
    assert.equal(row, t3["received\0x"])
    assert.equal(row, t3["received\0"])
    assert.equal(row.total, row["total\0x"])
    assert.equal("t3", t3["id\0"])
    assert.equal("received", row["id\0zz"])
    assert.equal("function", type(t3["sum\0"]))
    -- and the error names the part before it
    raises(function() return t3["recieved\0"] end, "t3 has no row 'recieved' (did you mean 'received'?")
    raises(function() return t3["\0received"] end, "t3 has no row ''")
    raises(function() return row["totl\0total"] end, "t3.received has no column 'totl' (did you mean 'total'?")
    raises(function() return r21.t2["received\0"] end, "t2 has no row 'received'")
  end)

  it("is a number: the located error that says views are read by name", function()
    local by_name = "a view is read by name, not by position"
    raises(function() return r21.t3[1] end, "t3 has no row 1: " .. by_name)
    raises(function() return r21.t3[0] end, "t3 has no row 0: " .. by_name)
    raises(function() return r21.t3[2.5] end, "t3 has no row 2.5: " .. by_name)
    raises(function() return r21.t3.received[2] end, "t3.received has no column 2: " .. by_name)
    raises(function() return r19.t4.review[1] end, "t4.review has no column 1: " .. by_name)
  end)

  it("is a table, a boolean or a function: luaL_checkstring's error", function()
    raises(function() return r21.t3[{}] end, "bad argument #2 to 'index' (string expected, got table)")
    raises(function() return r21.t3[true] end, "bad argument #2 to 'index' (string expected, got boolean)")
    raises(function() return r21.t3[false] end, "bad argument #2 to 'index' (string expected, got boolean)")
    raises(function() return r21.t3[print] end, "bad argument #2 to 'index' (string expected, got function)")
    raises(function() return r21.t3.received[{}] end, "bad argument #2 to 'index' (string expected, got table)")
    raises(function() return r21.t3.received[true] end, "bad argument #2 to 'index' (string expected, got boolean)")
  end)

  it("is an id of the other edition: nil, not an error", function()
    assert.equal(2019, r19.t3.edition)
    assert.equal(2021, r21.t2.edition)
    assert.is_nil(r21.t3.other)                  -- 2019's single row of 其他处理
    assert.is_nil(r19.t3.other_no_correction)    -- 2021's rows of it
    assert.is_nil(r19.t3.other_unpaid_fee)
    assert.is_nil(r21.t2.regulations.made)       -- 2019's columns of t2
    assert.is_nil(r21.t2.regulations.public_total)
    assert.is_nil(r19.t2.regulations.issued)     -- 2021's
    assert.is_nil(r19.t2.other_services.in_force)
    assert.is_nil(r21.t2.licensing.issued)       -- a cell the row does not have
    -- and each edition's own read their views
    assert.equal("row t3.other", tostring(r19.t3.other))
    assert.equal("row t3.other_no_correction", tostring(r21.t3.other_no_correction))
    assert.is_number(r19.t2.regulations.made.value)
    assert.is_number(r21.t2.regulations.issued.value)
    -- "decisions" is t2's fourth column in 2021, its sixth in 2019
    assert.equal("decisions", r21.t2.licensing.decisions.column)
    assert.equal("decisions", r19.t2.licensing.decisions.column)
  end)

  it("in either list of t:sum: as before, misspelt, with a NUL, not a string", function()
    local t3 = r21.t3
    raises(function() return t3:sum({ "recieved" }, { "total" }) end,
      "t:sum: no row 'recieved' (did you mean 'received'? known: received carried_over")
    raises(function() return t3:sum({ "received" }, { "totl" }) end,
      "t:sum: no column 'totl' (did you mean 'total'? known: natural_person business research")
    -- a mistake after good ids, and one the first row's columns never met
    raises(function() return t3:sum({ "received", "recieved" }, { "total" }) end, "t:sum: no row 'recieved'")
    raises(function() return t3:sum({ "received", "carried_over" }, { "natural_person", "totl" }) end,
      "t:sum: no column 'totl'")
    -- fields are no ids
    raises(function() return t3:sum({ "id" }, { "total" }) end, "t:sum: no row 'id'")
    raises(function() return t3:sum({ "received" }, { "label" }) end, "t:sum: no column 'label'")
    raises(function() return t3:sum({ "received" }, { "total", "" }) end, "t:sum: no column ''")
    -- not strings
    raises(function() return t3:sum({ 1 }, { "total" }) end, "t:sum: row_ids[1] is a number, not a row or column id")
    raises(function() return t3:sum({ "received" }, { 1 }) end, "t:sum: col_ids[1] is a number")
    raises(function() return t3:sum({ "received", 7 }, { "total" }) end, "t:sum: row_ids[2] is a number")
    raises(function() return t3:sum({ true }, { "total" }) end, "t:sum: row_ids[1] is a boolean")
    raises(function() return t3:sum({ "received" }, { {} }) end, "t:sum: col_ids[1] is a table")
    -- a NUL: no id the template has, so a cell without a value, named as
    -- Lua's .. names it (NUL and all), in either list and at any place
    assert.same({ nil, { "received\0x.total" } }, { t3:sum({ "received\0x" }, { "total" }) })
    assert.same({ nil, { "received.total\0" } }, { t3:sum({ "received" }, { "total\0" }) })
    assert.same({ nil, { "received.xx\0", "carried_over.xx\0" } },
      { t3:sum({ "received", "carried_over" }, { "total", "xx\0" }) })
    assert.same({ nil, { "received\0.total", "received\0.business" } },
      { t3:sum({ "received\0", "carried_over" }, { "total", "business" }) })
    -- the other edition's ids: cells without a value
    assert.same({ nil, { "other.total" } }, { t3:sum({ "other" }, { "total" }) })
    assert.same({ nil, { "regulations.made" } }, { r21.t2:sum({ "regulations" }, { "made" }) })
    assert.same({ nil, { "regulations.issued" } }, { r19.t2:sum({ "regulations" }, { "issued" }) })
    local _, missing = r21.t2:sum({ "regulations", "procurement" }, { "issued", "made" })
    assert.same({ "regulations.made", "procurement.issued", "procurement.made" }, missing)
    -- and the ids it has, added
    assert.equal(205, t3:sum({ "received", "granted" }, { "natural_person", "total" }))
    assert.equal(484, t3:sum({ "received", "received" }, { "total", "total", "natural_person" }))
    assert.equal(1, t3:sum({ "other_no_correction" }, { "total" }))
    assert.equal(0, t3:sum({}, { "total" }))
    assert.equal(0, t3:sum({ "received" }, {}))
    assert.equal(18, r21.t4:sum({ "review", "suit_direct", "suit_after_review" },
      { "upheld", "total", "corrected", "other", "pending" }))
    -- more columns than the first row's reading keeps (16)
    local cols = {}
    for i = 1, 18 do cols[i] = ({ "natural_person", "business", "research", "social_org", "legal_service",
      "other_org", "total" })[(i - 1) % 7 + 1] end
    local rows = { "received", "granted", "partially_granted", "carried_over" }
    local want = 0
    for _, rid in ipairs(rows) do for _, cid in ipairs(cols) do want = want + t3[rid][cid].value end end
    assert.equal(want, t3:sum(rows, cols))
  end)

  it("in t:values() and t:raws() grids: as before", function()
    for _, m in ipairs({ "values", "raws" }) do
      local g = r21.t3[m](r21.t3)
      raises(function() return g.recieved end, "t3:" .. m .. "() has no row 'recieved' (did you mean 'received'?")
      raises(function() return g.received.totl end, "t3:" .. m .. "() has no column 'totl' (did you mean 'total'?")
      raises(function() return g[1] end, "t3:" .. m .. "() has no row 1: a view is read by name")
      raises(function() return g.received[1] end, "t3:" .. m .. "() has no column 1: a view is read by name")
      assert.is_nil(g["received\0"])
      assert.is_nil(g.received["total\0"])
      assert.is_nil(g[true])
      assert.is_nil(g.other)
      assert.equal(m == "values" and 81 or "81", g.received.total)
    end
  end)
end)

describe("the same view reached by different ways", function()
  it("is the same object, as before", function()
    for _, r in ipairs({ r21, r19, assert(ns.load(YUANZHOU)) }) do
      assert.is_true(rawequal(r.t3, r.t3))
      assert.is_true(rawequal(r.s5, r.s5))
      for _, name in ipairs({ "s1", "s2", "s3", "s4", "s5", "s6", "t2", "t3", "t4" }) do
        assert.is_true(rawequal(r[name], r[name]), name)
      end
      local n = 0
      for _, tn in ipairs({ "t2", "t3", "t4" }) do
        local t = r[tn]
        local columns = t:columns()
        for i, row in t:rows() do
          n = n + 1
          assert.is_true(rawequal(row, t[row.id]), tn .. "." .. row.id)
          assert.is_true(rawequal(row, t[row.id .. "\0x"]))
          assert.is_true(rawequal(select(2, t.rows(t)(nil, i - 1)), row))
          for j, cell in row:cells() do
            local cid = columns[j].id
            assert.is_true(rawequal(cell, row[cid]), tn .. "." .. row.id .. "." .. cid)
            assert.is_true(rawequal(cell, row[cid .. "\0"]))
            assert.is_true(rawequal(cell, t[row.id][cid]))
          end
        end
      end
      assert.is_true(n > 30)
    end
  end)

  it("whichever way makes it first", function()
    local r = assert(ns.load(PINGTAN23))
    local by_nul = r.t3["granted\0"]          -- the strcmp way first
    assert.is_true(rawequal(by_nul, r.t3.granted))
    local cell = by_nul["total\0"]
    assert.is_true(rawequal(cell, r.t3.granted.total))
    local it = r.t3:rows()
    local _, first = it(nil, 0)              -- the iterator first
    assert.is_true(rawequal(first, r.t3.received))
    local cit = r.t3.carried_over:cells()
    local _, c1 = cit(nil, 0)
    assert.is_true(rawequal(c1, r.t3.carried_over.natural_person))
  end)
end)

describe("t:sum over lists with a metatable", function()
  local t3 = r21.t3
  it("reads them through it, at every row", function()
    local ids = { "natural_person", "business", "total" }
    assert.equal(206, t3:sum({ "received", "granted" }, setmetatable({}, { __index = function(_, j) return ids[j] end })))
    assert.equal(103, t3:sum(setmetatable({}, { __index = function(_, i) return ({ "received", "granted" })[i] end }),
      { "total" }))
    assert.equal(104, t3:sum({ "received", "granted" }, setmetatable({ "total", "business" }, {})))
    -- the list is read again at every row, through __index
    local n = 0
    local cols = setmetatable({}, { __index = function(t, j)
      n = n + 1
      if j == 1 then rawset(t, 2, "total"); return "business" end
    end })
    assert.equal(104, t3:sum({ "received", "granted" }, cols))
    assert.equal(4, n) -- 1 and 2 (rawset: no call) at the first row, 1 and 3 at the second
  end)

  it("raises what __index raises, where it raises", function()
    raises(function() return t3:sum({ "received" }, setmetatable({}, { __index = function(_, j) error("boom " .. j) end })) end,
      "boom 1")
    raises(function() return t3:sum({ "received", "granted" }, setmetatable({ "total" }, { __index = function(_, j)
      error("boom2 " .. j) end })) end, "boom2 2")
    raises(function() return t3:sum({ "received", "granted" }, setmetatable({}, { __index = function(_, j)
      return ({ "total", "totl" })[j] end })) end, "t:sum: no column 'totl' (did you mean 'total'?")
  end)

  it("reads a list that changes while summed as it is at each row", function()
    -- the rows' __index changes the (plain) columns between rows
    local cols = { "natural_person", "total" }
    local rows = setmetatable({}, { __index = function(_, i)
      if i == 2 then cols[1] = "business"; cols[3] = "research" end
      return ({ "received", "granted", "carried_over" })[i]
    end })
    local want = t3.received.natural_person.value + t3.received.total.value
      + t3.granted.business.value + t3.granted.total.value + t3.granted.research.value
      + t3.carried_over.business.value + t3.carried_over.total.value + t3.carried_over.research.value
    assert.equal(want, t3:sum(rows, cols))
    assert.equal(183, want)
    -- a column the first row read is gone at the second, a misspelt one
    -- comes at the third: its error
    cols = { "natural_person", "total" }
    rows = setmetatable({}, { __index = function(_, i)
      if i == 2 then cols[2] = nil end
      if i == 3 then cols[1] = "recieved" end
      return ({ "received", "granted", "carried_over" })[i]
    end })
    raises(function() return t3:sum(rows, cols) end, "t:sum: no column 'recieved'")
    -- a cell without a value named from the list as it is then
    cols = { "total" }
    rows = setmetatable({}, { __index = function(_, i)
      if i == 2 then cols[1] = "xx\0" end
      return ({ "received", "granted" })[i]
    end })
    assert.same({ nil, { "granted.xx\0" } }, { t3:sum(rows, cols) })
    -- the same list for both
    local l = { "total" }
    raises(function() return t3:sum(l, l) end, "t:sum: no row 'total' (did you mean 'total_handled'?")
  end)
end)

-- ---- in the sandbox, through the CLI ------------------------------------

-- Score `reports` (in this order, one process) with the rule files given;
-- the results, by report path.
local function score(files, ids, reports, args)
  local dir, scheme = H.ruleset(files, { groups = { { name = "G", points = 10, indicators = ids } } })
  local out = dir .. "/out.json"
  local argv = { "score", "--scheme", scheme, "--quiet", "--out", out, "--jobs", "1" }
  for _, a in ipairs(args or {}) do argv[#argv + 1] = a end
  for _, r in ipairs(reports) do argv[#argv + 1] = r end
  local code, _, err = H.cli(table.unpack(argv))
  assert.is_true(code >= 0 and code <= 3, "the run crashed (exit " .. tostring(code) .. "): " .. err)
  return H.json(out), code
end

local function findings(run, path, id)
  local fs = H.findings(assert(H.result(run, path)), id)
  local out = {}
  for _, f in ipairs(fs) do out[#out + 1] = f end
  return out
end

describe("t:sum's lists in a check", function()
  it("are stopped by the instruction budget where they never end, at the same line as before", function()
    local run = score({
      ["a.lua"] = H.indicator { id = "t.loop", severity = "error", check = [[
    local cols = setmetatable({}, { __index = function(_, j)
      while true do end
    end })
    f:fail("sum " .. tostring(r.t3:sum({ "received" }, cols)))]] },
      ["b.lua"] = H.indicator { id = "t.endless", severity = "error", check = [[
    local cols = setmetatable({}, { __index = function(_, j) return "total" end })
    f:fail("sum " .. tostring(r.t3:sum({ "received", "granted" }, cols)))]] },
      ["c.lua"] = H.indicator { id = "t.rows", severity = "error", check = [[
    local rows = setmetatable({}, { __index = function(_, i) return "received" end })
    f:fail("sum " .. tostring(r.t3:sum(rows, { "total", "business" })))]] },
    }, { "t.loop", "t.endless", "t.rows" }, { PINGTAN23 }, { "--max-steps", "2000000" })
    local loop = findings(run, "pingtan_zhqu_2023.txt", "t.loop")
    assert.equal(1, #loop)
    assert.equal("error", loop[1].status)
    assert.matches("^rules/a%.lua:5: instruction budget of 2000000 exceeded", loop[1].message)
    -- a list of ids without end: the budget stops it in __index (b) or at
    -- t:sum's line (c), as at f70a4e2
    for id, at in pairs({ ["t.endless"] = "b%.lua:4", ["t.rows"] = "c%.lua:5" }) do
      local fs = findings(run, "pingtan_zhqu_2023.txt", id)
      assert.equal(1, #fs)
      assert.equal("error", fs[1].status)
      assert.matches("^rules/" .. at .. ": instruction budget of 2000000 exceeded", fs[1].message)
    end
  end)
end)

describe("views a rule file keeps past their report's checks", function()
  local KEEPER = [[
local kept
local function probe(f, label, g)
  local ok, e = pcall(g)
  f:fail(label .. ": " .. (ok and ("ok " .. tostring(e)) or ("err " .. tostring(e))))
end
indicator {
  id = "t.keep", title = "keep", severity = "error", version = "1", category = "spec",
  check = function(r, f, ctx)
    if kept then
      local k = kept
      probe(f, "row.total", function() return k.row.total end)
      probe(f, "row.business", function() return k.row.business end)
      probe(f, "row.id", function() return k.row.id end)
      probe(f, "row.totl", function() return k.row.totl end)
      probe(f, "row[1]", function() return k.row[1] end)
      probe(f, "row[total0]", function() return k.row["total\0"] end)
      probe(f, "cell.value", function() return k.cell.value end)
      probe(f, "t.received", function() return k.t.received end)
      probe(f, "t.granted", function() return k.t.granted end)
      probe(f, "t.id", function() return k.t.id end)
      probe(f, "t[1]", function() return k.t[1] end)
      probe(f, "t[received0]", function() return k.t["received\0"] end)
      probe(f, "t.sum()", function() return k.t:sum({ "received" }, { "total" }) end)
      probe(f, "sum(kept t)", function() return r.t3.sum(k.t, { "received" }, { "total" }) end)
      probe(f, "t.rows()", function() for _ in k.t:rows() do end end)
      probe(f, "rows(kept t)", function() for _ in r.t3.rows(k.t) do end end)
      probe(f, "kept rows iter", function() return k.rows_iter(nil, 0) end)
      probe(f, "kept rows iter 3", function() return k.rows_iter(nil, 3) end)
      probe(f, "kept cells iter", function() return k.cells_iter(nil, 0) end)
      probe(f, "row.cells()", function() for _ in k.row:cells() do end end)
      probe(f, "cells(kept row)", function() for _ in r.t3.received.cells(k.row) do end end)
      probe(f, "values(kept t)", function() return r.t3.values(k.t) end)
      probe(f, "tostring row", function() return tostring(k.row) end)
      probe(f, "tostring cell", function() return tostring(k.cell) end)
      probe(f, "tostring t", function() return tostring(k.t) end)
      probe(f, "tostring s", function() return tostring(k.s) end)
      probe(f, "tostring r", function() return tostring(k.r) end)
      probe(f, "s.text", function() return k.s.text end)
      probe(f, "r.t3", function() return k.r.t3 end)
      probe(f, "evidence cell", function() f:fail("evidence", k.cell) end)
      probe(f, "evidence row", function() f:fail("evidence", k.row) end)
      probe(f, "evidence t", function() f:fail("evidence", k.t) end)
      probe(f, "evidence s", function() f:fail("evidence", k.s) end)
      -- a number of a kept section's text (the hostile review: it still read)
      probe(f, "number.value", function() return k.num.value end)
      probe(f, "number.lead", function() return k.num.lead end)
      probe(f, "tostring number", function() return tostring(k.num) end)
      probe(f, "evidence number", function() f:fail("evidence", k.num) end)
      -- a number of a string is no view: it reads on
      probe(f, "string number", function() return k.snum.value end)
      -- what the kept functions do with this report's own views
      probe(f, "kept sum(r.t3)", function() return k.sum(r.t3, { "received" }, { "total" }) end)
      local n = 0
      probe(f, "kept cells(r row)", function() for _ in k.cells_fn(r.t3.received) do n = n + 1 end; return n end)
    else
      f:pass(r.agency)
    end
    kept = { r = r, t = r.t3, row = r.t3.received, cell = r.t3.received.total, s = r.s5,
             num = r.s1:numbers()[1], snum = text.numbers("共12件")[1],
             sum = r.t3.sum, rows_iter = r.t3:rows(), cells_iter = r.t3.received:cells(),
             cells_fn = r.t3.received.cells }
  end,
}
]]
  it("raise the documented error, however they are read, and read nothing of another report", function()
    local run = score({ ["keep.lua"] = KEEPER }, { "t.keep" }, { YUANZHOU, PINGTAN23 })
    local first = findings(run, "yuanzhou_hechuan_xiang_2023.txt", "t.keep")
    assert.equal(1, #first)
    assert.equal("pass", first[1].status)
    local fs = findings(run, "pingtan_zhqu_2023.txt", "t.keep")
    local EXPIRED = "a view of a report whose checks have ended (kept in a variable of the rule file?): keep values, not views"
    local seen = {}
    for _, f in ipairs(fs) do
      assert.is_nil(f.evidence and f.evidence[1] and f.evidence[1].report,
        "evidence of the report before: " .. f.message)
      local label, rest = f.message:match("^([^:]+): (.*)$")
      if label then seen[label] = rest end
    end
    local n = 0
    for _, label in ipairs({ "row.total", "row.business", "row.id", "row.totl", "row[1]", "row[total0]",
      "cell.value", "t.received", "t.granted", "t.id", "t[1]", "t[received0]", "t.sum()", "sum(kept t)",
      "t.rows()", "rows(kept t)", "kept rows iter", "kept rows iter 3", "kept cells iter", "row.cells()",
      "cells(kept row)", "values(kept t)", "tostring row", "tostring cell", "tostring t", "tostring s",
      "tostring r", "s.text", "r.t3", "evidence cell", "evidence row", "evidence t", "evidence s",
      "number.value", "number.lead", "tostring number", "evidence number" }) do
      n = n + 1
      assert.is_string(seen[label], label)
      assert.is_truthy(seen[label]:find("^err .*" .. EXPIRED:gsub("%p", "%%%0")), label .. ": " .. seen[label])
    end
    assert.equal(37, n)
    assert.equal("ok 12", seen["string number"])
    -- the functions kept are no views: on this report's views they work
    assert.equal("ok 81", seen["kept sum(r.t3)"])
    assert.equal("ok 7", seen["kept cells(r row)"])
  end)

  it("are read by a later check of the same report as by their own", function()
    -- a global set by one check is gone at the next (fresh globals): a
    -- file's local is what lives on, so keep it there
    local FILE = [[
local kept
indicator { id = "t.a", title = "a", severity = "error", version = "1", category = "spec",
  check = function(r, f) kept = r.t3.received; f:pass("a") end }
indicator { id = "t.b", title = "b", severity = "error", version = "1", category = "spec",
  check = function(r, f) f:fail("b " .. tostring(kept) .. " " .. tostring(kept.total.value)) end }
]]
    local run = score({ ["ab.lua"] = FILE }, { "t.a", "t.b" }, { PINGTAN23 })
    local fs = findings(run, "pingtan_zhqu_2023.txt", "t.b")
    assert.equal(1, #fs)
    assert.equal("b row t3.received 81", fs[1].message)
  end)
end)

describe("a message's bytes in the results' JSON, against --max-message", function()
  -- each case, a check of its own: at the cap it is recorded, a byte over
  -- it is the cap's error
  local CAP = 300
  local cases = {
    -- name, message, its JSON bytes
    { "han", "string.rep('长', 100)", 300 },
    { "han+1", "string.rep('长', 100) .. 'a'", 301 },
    { "mixed", "string.rep('长a', 75) .. string.rep('b', 0)", 300 },
    { "mixed+1", "string.rep('长a', 75) .. '\"'", 302 },
    { "ea-ec-ee-ef", "string.rep('\\xE1\\x80\\x80\\xEC\\xBF\\xBF\\xEE\\x80\\x80\\xEF\\xBF\\xBD', 25)", 300 },
    { "four", "string.rep('😀', 75)", 300 },
    { "four+1", "string.rep('😀', 75) .. 'x'", 301 },
    { "invalid", "string.rep('\\255', 100)", 300 },
    { "invalid+1", "string.rep('\\255', 100) .. 'x'", 301 },
    { "nul", "'x' .. string.rep('\\0', 99) .. string.rep('', 0)", 298 },
    { "nul+1", "'x' .. string.rep('\\0', 100)", 301 },
    -- E0 and ED are the decoder's: valid ones three bytes, a surrogate or
    -- an overlong form three a byte (mended to U+FFFD each)
    { "e0-ed valid", "string.rep('\\xE0\\xA4\\x80\\xED\\x9F\\xBF', 50)", 300 },
    { "surrogate", "string.rep('\\xED\\xA0\\x80', 33) .. 'abc'", 300 },
    { "surrogate+1", "string.rep('\\xED\\xA0\\x80', 33) .. 'abcd'", 301 },
    { "overlong", "string.rep('\\xE0\\x80\\x80', 33) .. 'abc'", 300 },
    { "overlong+1", "string.rep('\\xE0\\x80\\x80', 33) .. 'abcd'", 301 },
    -- a Han lead without its continuation bytes: three a byte
    { "cut", "string.rep('长', 98) .. '\\xE9\\x95'", 300 },
    { "cut+1", "string.rep('长', 98) .. '\\xE9\\x95a'", 301 },
    { "cut mid", "string.rep('\\xE9\\x95a', 43)", 301 },
    { "cut mid-1", "string.rep('\\xE9\\x95a', 42) .. '\\xE9\\x95'", 300 },
    -- a lone continuation byte, a lead of nothing
    { "cont", "string.rep('\\x80\\xF8', 50)", 300 },
    { "cont+1", "string.rep('\\x80\\xF8', 50) .. ' '", 301 },
    -- a control character is six, \n two
    { "ctl", "string.rep('\\1', 49) .. string.rep('\\n', 3)", 300 },
    { "ctl+1", "string.rep('\\1', 49) .. string.rep('\\n', 3) .. '.'", 301 },
  }

  it("counts Han, four-byte, invalid and NUL bytes exactly as before", function()
    local files, ids = {}, {}
    for i, c in ipairs(cases) do
      local id = "m.c" .. i
      ids[#ids + 1] = id
      files["m" .. i .. ".lua"] = H.indicator { id = id, check = "    f:fail(" .. c[2] .. ")" }
    end
    local run = score(files, ids, { PINGTAN23 }, { "--max-message", tostring(CAP) })
    for i, c in ipairs(cases) do
      local fs = findings(run, "pingtan_zhqu_2023.txt", "m.c" .. i)
      assert.equal(1, #fs, c[1])
      if c[3] <= CAP then
        assert.equal("fail", fs[1].status, c[1] .. ": " .. fs[1].message)
      else
        assert.equal("error", fs[1].status, c[1])
        assert.matches("message cap exceeded: a finding's message is over 300 bytes", fs[1].message, 1, true)
      end
    end
  end)
end)

teardown(function() H.cleanup() end)
