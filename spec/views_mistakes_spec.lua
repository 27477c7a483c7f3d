-- Misspelt names outside the report's views: ctx, ctx.params and the
-- plain tables the engine hands to rules (a match, a column, a diagnostic,
-- r.published_at, text.* items, ctx.copies' answer) raise on a name they
-- do not have, with the closest known one, instead of reading nil; known
-- names read their value, or nil where this one has none; pairs() works.
local H = require "helper"
local ns = H.ns

local REPORT = H.corpus("pingtan_zhqu_2023.txt")

-- reading `f` raises at this file's line, with every text given
local function no_field(f, ...)
  local ok, err = pcall(f)
  assert.is_false(ok)
  assert.matches("views_mistakes_spec%.lua:%d+: ", err)
  for _, want in ipairs({ ... }) do
    assert.is_truthy(err:find(want, 1, true), "expected «" .. want .. "» in: " .. err)
  end
end

describe("the tables the report's views give", function()
  local r = assert(ns.load(REPORT))

  it("refuse a misspelt field of a match of s:find and s:findall", function()
    no_field(function() return r.s1:find("政府", true).txt end,
      "match has no field 'txt' (did you mean 'text'?")
    no_field(function() return r.s1:findall("政府", true)[1].lien end,
      "match has no field 'lien' (did you mean 'line'?")
    no_field(function() return r.s1:sentences()[1].secton end,
      "match has no field 'secton' (did you mean 'section'?")
    local m = r.s1:find("政府", true)
    assert.equal("政府", m.text)
    assert.equal("s1", m.section)
    local n = 0
    for k, v in pairs(m) do n = n + 1; assert.equal(v, m[k]) end
    assert.equal(7, n)
    assert.is_nil(m[1]) -- not a list: no error for ipairs
  end)

  it("refuse a misspelt field of a column, r.published_at, r.period_at, a diagnostic", function()
    no_field(function() return r.t3:columns()[1].lable end,
      "column has no field 'lable' (did you mean 'label'?")
    assert.is_string(r.t3:columns()[1].label)
    assert.is_table(r.published_at)
    no_field(function() return r.published_at.lin end,
      "published_at has no field 'lin' (did you mean 'line'?")
    assert.is_number(r.published_at.line)
    if r.period_at then
      no_field(function() return r.period_at.pgae end,
        "period_at has no field 'pgae' (did you mean 'page'?")
    end
    local fake = assert(ns.load(H.corpus("yuanzhou_hechuan_xiang_2023.txt")))
    local d = r.diagnostics[1] or fake.diagnostics[1]
    if d then
      no_field(function() return d.sevrity end, "diagnostic has no field 'sevrity' (did you mean 'severity'?")
      assert.is_string(d.severity)
      local n = 0
      for _ in pairs(d) do n = n + 1 end
      assert.is_true(n >= 4)
    end
    -- the list itself read as one diagnostic (r.diagnostics.severity): it
    -- read nil, silently
    no_field(function() return fake.diagnostics.severity end,
      "r.diagnostics is a list, read by index (r.diagnostics[i].code) or ipairs; it has no field 'severity'")
    assert.is_nil(fake.diagnostics[#fake.diagnostics + 1])
    local k = 0
    for _ in ipairs(fake.diagnostics) do k = k + 1 end
    assert.equal(#fake.diagnostics, k)
  end)

  it("refuse a misspelt field of a number of s:numbers() (as before)", function()
    no_field(function() return r.s1:numbers()[1].vlaue end, "number has no field 'vlaue' (did you mean 'value'?")
    assert.is_number(r.s1:numbers()[1].value)
  end)
end)

describe("in a check", function()
  -- one check that records, as messages, what each read raised
  local function messages(body, params, decl)
    local src = string.format([[
indicator {
  id = "x.a", title = "a", severity = "warning", version = "1", category = "t",
  params = %s,
  check = function(r, f, ctx)
    local function try(g) local ok, e = pcall(g); f:fail(ok and ("ok " .. tostring(e)) or tostring(e)) end
%s
  end,
}
]], decl or "{ limit = { type = \"number\", default = 3 }, other = { type = \"string\" } }", body)
    local dir, scheme = H.ruleset({ ["x.lua"] = src },
      { params = params, groups = { { name = "G", points = 10, indicators = { "x.a" } } } },
      { declare = false })
    local out = dir .. "/out.json"
    local code, _, err = H.cli("score", "--scheme", scheme, "--quiet", "--out", out, REPORT)
    assert.is_true(code >= 0 and code <= 3, err)
    local res = H.json(out)
    local msgs = {}
    for _, f in ipairs((res.results or { res })[1].findings) do msgs[#msgs + 1] = f.message end
    return msgs
  end

  it("ctx refuses a misspelt key; previous/previous2 read nil when the run has none", function()
    local m = messages([[
    try(function() return ctx.prevous end)
    try(function() return ctx.peer end)
    try(function() return ctx.previous end)
    try(function() return ctx.previous2 end)
    try(function() return #ctx.peers end)
    try(function() return type(ctx.copies) end)
]])
    assert.matches("^rules/x%.lua:6: ctx has no field 'prevous' %(did you mean 'previous'%?", m[1])
    assert.matches("^rules/x%.lua:7: ctx has no field 'peer' %(did you mean 'peers'%?", m[2])
    assert.equal("ok nil", m[3])
    assert.equal("ok nil", m[4])
    assert.equal("ok 0", m[5])
    assert.equal("ok function", m[6])
  end)

  it("ctx.params refuses an undeclared name, however it is read", function()
    local m = messages([[
    try(function() return ctx.params.limt end)
    local p = ctx.params
    try(function() return p.limt end)
    try(function() return ctx.params["limt"] end)
    try(function() return p.limit end)
    try(function() return p.other end)
    try(function() local n = 0; for _ in pairs(p) do n = n + 1 end; return n end)
]])
    assert.matches("^rules/x%.lua:6: ctx%.params has no declared param 'limt' %(did you mean 'limit'%? known: ", m[1])
    assert.matches("^rules/x%.lua:8: ctx%.params has no declared param 'limt' %(did you mean 'limit'%?", m[2])
    assert.matches("^rules/x%.lua:9: ctx%.params has no declared param 'limt' %(did you mean 'limit'%?", m[3])
    assert.equal("ok 3", m[4])     -- the default
    assert.equal("ok nil", m[5])   -- declared, no default, not given
    assert.equal("ok 1", m[6])
  end)

  it("ctx.params gives the scheme's value of a declared param", function()
    local m = messages("    try(function() return ctx.params.limit end)", { limit = 5 })
    assert.equal("ok 5", m[1])
  end)

  it("ctx.params says so when the scheme declares no params", function()
    local m = messages("    try(function() return ctx.params.limit end)", nil, "nil")
    assert.matches("^rules/x%.lua:6: ctx%.params has no param 'limit': no indicator of the scheme declares params", m[1])
  end)

  it("matches, text.* items and columns refuse misspelt fields in the sandbox too", function()
    local m = messages([[
    try(function() return r.s1:find("政府", true).txt end)
    try(function() return text.sentences("一。二。")[1].txt end)
    try(function() return text.delimiters("一。二")[1].knd end)
    try(function() return r.t3:columns()[1].lable end)
    try(function() return r.s1:find("政府", true).text end)
    try(function() return text.sentences("一。二。")[2].text end)
]])
    assert.matches("^rules/x%.lua:6: match has no field 'txt' %(did you mean 'text'%?", m[1])
    assert.matches("^rules/x%.lua:7: sentence has no field 'txt' %(did you mean 'text'%?", m[2])
    assert.matches("^rules/x%.lua:8: delimiter has no field 'knd' %(did you mean 'kind'%?", m[3])
    assert.matches("^rules/x%.lua:9: column has no field 'lable' %(did you mean 'label'%?", m[4])
    assert.equal("ok 政府", m[5])
    assert.equal("ok 二", m[6])
  end)
end)
