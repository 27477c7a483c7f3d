-- score.lua — the Lua host: the installed module for stock lua5.4.
--   lua5.4 examples/embed/score.lua DISTRICT_DIR [SCHEME.lua]
local ns = require "nianshen"

local dir = assert(arg[1], "usage: score.lua DISTRICT_DIR [SCHEME.lua]")
local scheme_path = arg[2] or (ns.rules_dir .. "/schemes/default.lua")
print("scheme\t" .. scheme_path)
local scheme = assert(ns.scheme(scheme_path))
local run = assert(ns.execute(scheme, { dir }, 2))

local function top(res)
  local fails = {}
  for _, f in res:findings() do
    if f.status == "fail" or f.status == "error" then fails[#fails + 1] = f end
  end
  table.sort(fails, function(a, b) return a.deduction > b.deduction end)
  for k = 1, math.min(3, #fails) do
    local f, ev = fails[k], fails[k].evidence[1]
    io.write(string.format("    -%g %s %s: %s", f.deduction, f.severity, f.rule, f.message))
    if ev and ev.line > 0 then io.write(string.format(" (line %d)", ev.line)) end
    io.write("\n")
  end
end

for _, res in run:results() do
  if res.load_error then
    print(string.format("%d\t-\t%s\t%s", res.rank, res.path, res.load_error))
  else
    print(string.format("%d\t%g\t%s", res.rank, res.score, res.path))
  end
  top(res)
end
os.exit(run.worst)
