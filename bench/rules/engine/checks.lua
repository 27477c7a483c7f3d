-- 39 checks that read a little and find nothing: what the engine itself
-- costs per report (views, sandbox, supervision, results), for the
-- benchmark (bench/engine.lua).  Not a rule library.
local function touch(r)
  local _ = r.t3.received.total.value, r.s5.found, r.year
end
indicator { id = "engine.check01", title = "engine.check01", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check02", title = "engine.check02", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check03", title = "engine.check03", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check04", title = "engine.check04", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check05", title = "engine.check05", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check06", title = "engine.check06", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check07", title = "engine.check07", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check08", title = "engine.check08", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check09", title = "engine.check09", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check10", title = "engine.check10", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check11", title = "engine.check11", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check12", title = "engine.check12", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check13", title = "engine.check13", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check14", title = "engine.check14", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check15", title = "engine.check15", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check16", title = "engine.check16", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check17", title = "engine.check17", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check18", title = "engine.check18", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check19", title = "engine.check19", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check20", title = "engine.check20", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check21", title = "engine.check21", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check22", title = "engine.check22", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check23", title = "engine.check23", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check24", title = "engine.check24", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check25", title = "engine.check25", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check26", title = "engine.check26", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check27", title = "engine.check27", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check28", title = "engine.check28", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check29", title = "engine.check29", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check30", title = "engine.check30", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check31", title = "engine.check31", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check32", title = "engine.check32", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check33", title = "engine.check33", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check34", title = "engine.check34", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check35", title = "engine.check35", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check36", title = "engine.check36", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check37", title = "engine.check37", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check38", title = "engine.check38", severity = "info", check = function(r) touch(r) end }
indicator { id = "engine.check39", title = "engine.check39", severity = "info", check = function(r) touch(r) end }
