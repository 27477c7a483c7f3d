-- luarocks make bindings/lua/nianshen-0.1.0-1.rockspec   (from the source tree)
-- The module is built by the project's CMake (it reads the report views of
-- the engine's own sources) and installed into the rock tree with the
-- library, the command and the standard rules, which it finds beside itself.
package = "nianshen"
version = "0.1.0-1"
source = {
   url = "git+file:///work/main",   -- the project's repository
   tag = "v0.1.0",
}
description = {
   summary = "Score Chinese government information-disclosure annual reports",
   detailed = [[
      require "nianshen": load annual reports (PDF, HTML, DOCX, Markdown,
      text) into one model, read them as the rules do, and score districts
      with sandboxed Lua indicators; results and findings as Lua values.
   ]],
   license = "see the repository",
}
dependencies = {
   "lua == 5.4",
   "lpeg",
}
external_dependencies = {
   CJSON = { header = "cjson/cJSON.h" },
   GUMBO = { header = "gumbo.h" },
   ZIP = { header = "zip.h" },
   POPPLER = { header = "poppler/glib/poppler.h" },
   XLSXWRITER = { header = "xlsxwriter.h" },
}
build = {
   type = "cmake",
   variables = {
      CMAKE_BUILD_TYPE = "Release",
      CMAKE_INSTALL_PREFIX = "$(PREFIX)",
      NS_INSTALL_LUADIR = "$(LIBDIR)",
   },
}
