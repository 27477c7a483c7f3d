-- spec/helper.lua — what the busted specs share: where things are, temp
-- directories, small rule files and schemes, running the CLI.
--
-- ctest sets NS_ROOT (the repository), NS_CORPUS_DIR (tests/corpus) and
-- NS_CLI (the built `nianshen`); the module comes from --cpath.
local H = {}

local ns = require "nianshen"
H.ns = ns

local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "spec"
H.ROOT = os.getenv("NS_ROOT") or (here .. "/..")
H.CORPUS = os.getenv("NS_CORPUS_DIR") or (H.ROOT .. "/tests/corpus")
H.CLI = os.getenv("NS_CLI") or (H.ROOT .. "/build/nianshen")

function H.corpus(name)
  return H.CORPUS .. "/" .. name
end

-- Quote one argument for /bin/sh.
function H.q(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

function H.read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

function H.write(path, content)
  local f = assert(io.open(path, "wb"))
  f:write(content)
  f:close()
  return path
end

function H.exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

local made = {}

-- A fresh directory under /tmp (from os.tmpname), removed by H.cleanup().
function H.tmpdir()
  local name = os.tmpname()
  os.remove(name)
  assert(os.execute("mkdir -p " .. H.q(name)))
  made[#made + 1] = name
  return name
end

function H.cleanup()
  for _, d in ipairs(made) do
    if d:match("^/tmp/") then os.execute("rm -rf " .. H.q(d)) end
  end
  made = {}
end

function H.mkdir(path)
  assert(os.execute("mkdir -p " .. H.q(path)))
  return path
end

-- A fresh directory with copies of example-district reports in dir/d:
-- returns dir, d.
function H.district(names)
  local dir = H.tmpdir()
  local d = H.mkdir(dir .. "/d")
  for _, name in ipairs(names) do
    H.write(d .. "/" .. name, H.read(H.ROOT .. "/examples/district/" .. name))
  end
  return dir, d
end

-- Run a shell command; returns exit code, stdout, stderr.
function H.sh(cmd)
  local errf = os.tmpname()
  local p = assert(io.popen(cmd .. " 2>" .. H.q(errf), "r"))
  local out = p:read("a")
  local _, _, code = p:close()
  local err = H.read(errf)
  os.remove(errf)
  return code, out, err
end

-- Run the CLI: H.cli("score", "--scheme", s, dir) → code, stdout, stderr.
-- Every run is bounded in time: a sandbox escape into an endless C loop
-- shows as exit code 124 instead of a hung test.
function H.cli(...)
  local args = { "timeout", tostring(H.TIMEOUT or 60), H.q(H.CLI) }
  for _, a in ipairs({ ... }) do args[#args + 1] = H.q(a) end
  return H.sh(table.concat(args, " "))
end

function H.json(path)
  return ns.decode_json(H.read(path))
end

-- Indicator source: H.indicator{ id=, severity=, check = "lua body" }.
function H.indicator(t)
  return string.format([[
indicator {
  id = %q, title = %q, severity = %q, version = %q, category = "spec",
  check = function(r, f, ctx)
%s
  end,
}
]], t.id, t.title or t.id, t.severity or "warning", t.version or "1", t.check or "")
end

-- Serialize a Lua value as Lua source (schemes written by the specs).
local function lua_src(v, indent)
  indent = indent or ""
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) ~= "table" then return tostring(v) end
  local parts, n = {}, #v
  for i = 1, n do parts[#parts + 1] = lua_src(v[i], indent .. "  ") end
  local keys = {}
  for k in pairs(v) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  for _, k in ipairs(keys) do
    parts[#parts + 1] = string.format("[%s] = %s", lua_src(k), lua_src(v[k], indent .. "  "))
  end
  return "{ " .. table.concat(parts, ", ") .. " }"
end
H.lua_src = lua_src

-- A rule set in a fresh directory: files = { ["x.lua"] = source, ... }
-- under DIR/rules/, and a scheme DIR/scheme.lua with the given table
-- (rules defaults to { "rules" }).  Returns the directory and the scheme path.
-- opts.declare = false: leave the scheme's params undeclared.
function H.ruleset(files, scheme, opts)
  local dir = H.tmpdir()
  H.mkdir(dir .. "/rules")
  for name, src in pairs(files) do
    local path = dir .. "/" .. (name:find("/", 1, true) and name or "rules/" .. name)
    H.mkdir(path:match("^(.*)/[^/]*$"))
    H.write(path, src)
  end
  scheme = scheme or {}
  scheme.name = scheme.name or "spec scheme"
  -- a scheme's params must be declared by a rule that reads them
  -- (docs/rules.md §5): unless told not to, declare those given, each as
  -- the type of its value, in a rule file of their own
  if scheme.params and not (opts and opts.declare == false) then
    local decls = {}
    for k, v in pairs(scheme.params) do
      decls[#decls + 1] = string.format("%s = { type = %q }", k, type(v))
    end
    table.sort(decls)
    H.mkdir(dir .. "/rules")
    H.write(dir .. "/rules/_params.lua", "indicator { id = \"spec.params\", title = \"params\", " ..
      "check = function() end, params = { " .. table.concat(decls, ", ") .. " } }\n")
  end
  scheme.rules = scheme.rules or { "rules" }
  H.write(dir .. "/scheme.lua", "scheme " .. lua_src(scheme) .. "\n")
  return dir, dir .. "/scheme.lua"
end

-- The findings of one result with rule id `id`.
function H.findings(result, id)
  local out = {}
  for _, f in ipairs(result.findings or {}) do
    if f.rule == id then out[#out + 1] = f end
  end
  return out
end

-- The one result of a run whose path ends with `name`.
function H.result(run, name)
  for _, r in ipairs(run.results) do
    if r.path:sub(-#name) == name then return r end
  end
end

return H
