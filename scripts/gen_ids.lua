-- scripts/gen_ids.lua — docs/ids.md from the template (core/src/map/template.c),
-- read through the Lua module's views of two real reports, one of each
-- edition.  spec/mistakes_spec.lua compares its output with docs/ids.md, so
-- the page cannot drift from the template.
--
--   lua5.4 scripts/gen_ids.lua > docs/ids.md        (LUA_CPATH: build/bindings/?.so)
--
-- Loaded and called with the argument "module" (loadfile(path)("module")):
-- returns function(ns, corpus_dir) → the page.
local function page(ns, corpus)
  local reports = {
    { 2021, assert(ns.load(corpus .. "/pingtan_zhqu_2023.txt")) },
    { 2019, assert(ns.load(corpus .. "/pingtan_zhqu_2019.txt")) },
  }
  local out = {}
  local function say(s) out[#out + 1] = s end
  say("# Row and column ids of tables 二, 三 and 四")
  say("")
  say("Every id a rule reads as `r.t2.<row>.<column>`, `r.t3.<row>.<column>`,")
  say("`r.t4.<row>.<column>`, with its Chinese label, for both template editions:")
  say("2021 (国办公开办函〔2021〕30号, reports for 2021 on) and 2019 (国办公开办函")
  say("〔2019〕60号, reports for 2019–2020). `t.edition` says which one a table")
  say("follows. An id of neither edition is an error of the rule (\"t3 has no row")
  say("'recieved' (did you mean 'received'?)\"); an id of the other edition reads nil.")
  say("Hosts alike: Python's `Report.cell` raises `UnknownIdError` for an id of")
  say("neither edition and gives None for a cell of the other; C hosts ask")
  say("`ns_template_check` (`ns_report_cell` is NULL for both).")
  say("")
  say("Generated from `core/src/map/template.c` by `scripts/gen_ids.lua`; a spec")
  say("(spec/mistakes_spec.lua) checks that this page lists exactly the template's ids.")
  local titles = { t2 = "二、主动公开政府信息情况", t3 = "三、收到和处理政府信息公开申请情况",
                   t4 = "四、政府信息公开行政复议、行政诉讼情况" }
  for _, tid in ipairs({ "t2", "t3", "t4" }) do
    say("")
    say(string.format("## %s — %s", tid, titles[tid]))
    local same = reports[2][2][tid].edition == 2021 -- t4: one layout for both
    for i, e in ipairs(reports) do
      local edition, r = e[1], e[2]
      local t = r[tid]
      if same and i == 2 then break end
      assert(same or t.edition == edition, tid .. " of the " .. edition .. " report is of " .. t.edition)
      say("")
      say(string.format("### %s (%d rows × %d columns)", same and "both templates" or
        (edition .. " template"), t.nrows, t.ncols))
      say("")
      say("| column id | label |")
      say("|---|---|")
      for _, c in ipairs(t:columns()) do say(string.format("| `%s` | %s |", c.id, c.label)) end
      say("")
      say("| row id | no. | label | its columns |")
      say("|---|---|---|---|")
      for _, row in t:rows() do
        local cols = {}
        for _, cell in row:cells() do cols[#cols + 1] = "`" .. cell.column .. "`" end
        say(string.format("| `%s` | %s | %s | %s |", row.id, row.no or "", row.label,
          #cols == t.ncols and "all" or table.concat(cols, " ")))
      end
    end
  end
  return table.concat(out, "\n") .. "\n"
end

if ... == "module" then return page end
local root = arg and arg[0] and arg[0]:match("^(.*)/scripts/gen_ids%.lua$") or "."
io.write(page(require "nianshen", ... or (root .. "/tests/corpus")))
