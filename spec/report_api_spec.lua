-- The report API of docs/rules.md §2, through the module, on real reports.
-- Expected values are read from the documents themselves (line numbers with
-- `cat -n`, figures from the printed tables), not from the parser.
local H = require "helper"
local ns = H.ns
local lpeg = require "lpeg"

-- Chinese text is compared as written; columns count characters.
local YUANZHOU = "yuanzhou_hechuan_xiang_2023.txt"
local HUAIAN = "huaian_shi_2024.pdf"
local SHUYANG = "shuyang_fgj_2023.html"
local PINGTAN23 = "pingtan_zhqu_2023.txt"
local PINGTAN19 = "pingtan_zhqu_2019.txt"
local HONGZE23 = "hongze_qu_2023.pdf"

local cache = {}
local function load(name)
  if not cache[name] then
    local r, err, code = ns.load(H.corpus(name))
    assert(r, string.format("%s: %s (%s)", name, tostring(err), tostring(code)))
    cache[name] = r
  end
  return cache[name]
end

-- A small report written here, for numerals the corpus does not state.
local INLINE = [[
某某镇2023年政府信息公开工作年度报告

一、总体情况
全年主动公开政府信息1,234条，收到申请二十三件，办结一百零五件。
收取费用0.5万元，另有3 件。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
一是问题甲。二是问题乙；三是问题丙！
改进措施
六、其他需要报告的事项
未收取信息处理费。
]]

describe("the module", function()
  it("has a version, the same as the CLI's", function()
    assert.is_string(ns.version)
    local code, out = H.cli("version")
    assert.equal(0, code)
    assert.equal("nianshen " .. ns.version, out:gsub("%s+$", ""))
  end)

  it("returns nil, message, code name when a report cannot be loaded", function()
    local r, msg, code = ns.load("/nonexistent/report.txt")
    assert.is_nil(r)
    assert.matches("/nonexistent/report.txt", msg, 1, true)
    assert.equal("NS_ERR_IO", code)

    r, msg, code = ns.load(H.ROOT .. "/core/tests/fixtures/pdf/scanned.pdf")
    assert.is_nil(r)
    assert.equal("NS_ERR_NO_TEXT", code)
    assert.is_string(msg)

    r, msg, code = ns.load(H.ROOT .. "/core/tests/fixtures/pdf/encrypted.pdf")
    assert.is_nil(r)
    assert.equal("NS_ERR_ENCRYPTED", code)

    r, msg, code = ns.load_string("", "empty.txt")
    assert.is_nil(r)
    assert.equal("NS_ERR_EMPTY", code)
  end)

  it("loads from a string, with a name", function()
    local r = assert(ns.load_string(INLINE, "inline.txt"))
    assert.equal("某某镇", r.agency)
    assert.equal(2023, r.year)
    assert.equal("inline.txt", r.path)
    assert.is_true(r.s1.found)
  end)

  it("takes load options", function()
    local r = assert(ns.load(H.corpus(YUANZHOU), { agency = "测试乡", year = 2020,
                                                    agency_type = "department" }))
    assert.equal("测试乡", r.agency)
    assert.equal(2020, r.year)
    assert.equal("department", r.agency_type)
    assert.has_error(function() ns.load(H.corpus(YUANZHOU), { form = "doc" }) end)
  end)

  it("refuses a misspelt option and a bad value, blaming the argument, never ignoring it", function()
    local function err(f, ...)
      local ok, msg = pcall(f, ...)
      assert.is_false(ok)
      return msg
    end
    local path = H.corpus(YUANZHOU)
    assert.equal("bad argument #2 to 'nianshen.load' (unknown option fomr (did you mean form?))",
                 err(ns.load, path, { fomr = "pdf" }))
    assert.equal("bad argument #2 to 'nianshen.load' (option form: 'PDF' is none of " ..
                 "auto, txt, md, html, docx, pdf, json)", err(ns.load, path, { form = "PDF" }))
    assert.equal("bad argument #3 to 'nianshen.load_string' (unknown option yaer (did you mean year?))",
                 err(ns.load_string, INLINE, "x.txt", { yaer = 2023 }))
    assert.equal("bad argument #2 to 'nianshen.scheme' (unknown option max_step (did you mean max_steps?))",
                 err(ns.scheme, H.ROOT .. "/rules/schemes/default.lua", { max_step = 5 }))
    -- an entry of a run's list: no max_bytes (that is ns.load's)
    local scheme = assert(ns.scheme(H.ROOT .. "/rules/schemes/default.lua"))
    assert.equal("bad argument #2 to 'nianshen.run' (entry 2: unknown option agnecy (did you mean agency?))",
                 err(ns.run, scheme, { path, { path, agnecy = "x" } }))
    assert.equal("bad argument #2 to 'nianshen.execute' (entry 1: unknown option max_bytes)",
                 err(ns.execute, scheme, { { path, max_bytes = 10 } }))
    -- integers as luaL_checkinteger takes them
    assert.equal(2020, assert(ns.load(path, { year = 2020.0, max_bytes = 1e7 })).year)
    assert.equal(2020, assert(ns.load(path, { year = "2020" })).year)
  end)

  it("says where JSON it cannot decode goes wrong", function()
    local ok, msg = pcall(ns.decode_json, '{"a": [1, 2,, 3]}')
    assert.is_false(ok)
    assert.matches("invalid JSON near ', 3]}'", msg, 1, true)
  end)

  it("writes the model as JSON that loads back the same", function()
    local r = load(HUAIAN)
    local json = ns.to_json(r, true)
    assert.is_string(json)
    local dir = H.tmpdir()
    local path = H.write(dir .. "/huaian.json", json)
    local back = assert(ns.parse_json(path))
    assert.equal(r.agency, back.agency)
    assert.equal(r.year, back.year)
    assert.equal(r.sha256, back.sha256)
    assert.equal(3119, back.t3.received.total.value)
    assert.equal(r.s5.text, back.s5.text)
    assert.equal(json, ns.to_json(back, true))
    -- and it is JSON
    local doc = ns.decode_json(json)
    assert.is_table(doc)
    H.cleanup()
  end)
end)

describe("report metadata", function()
  it("of a township's text report", function()
    local r = load(YUANZHOU)
    assert.equal("原州区河川乡", r.agency)
    assert.equal("township", r.agency_type)
    assert.equal(2023, r.year)
    assert.equal(2021, r.edition)
    -- line 1: "原州区河川乡 2023 年政府信息公开工作年度报告"
    assert.equal("原州区河川乡2023年政府信息公开工作年度报告", (r.title:gsub("%s", "")))
    assert.equal(1, r.title_line)
    assert.equal("2023年1月1日至12月31日", r.period)
    assert.equal("text/plain", r.media_type)
    assert.equal("UTF-8", r.encoding)
    assert.equal(H.corpus(YUANZHOU), r.path)
    local _, out = H.sh("sha256sum " .. H.q(H.corpus(YUANZHOU)))
    assert.equal(out:match("^(%x+)"), r.sha256)
    assert.equal("report: 原州区河川乡 2023", tostring(r))
  end)

  it("of a city's PDF, a zone's portal page and a department's HTML", function()
    local h = load(HUAIAN)
    assert.equal("淮安市人民政府", h.agency)
    assert.equal("government", h.agency_type)
    assert.equal(2024, h.year)
    assert.equal("application/pdf", h.media_type)

    local p = load(PINGTAN23)
    assert.equal("平潭综合实验区", p.agency)
    assert.equal(2023, p.year)
    -- "发布时间: 2024-03-08 15:34"
    assert.equal("2024-03-08", p.published)

    local s = load(SHUYANG)
    assert.equal("沭阳县发展和改革局", s.agency)
    assert.equal("department", s.agency_type)
    assert.equal("text/html", s.media_type)
    assert.equal(2023, s.year)
  end)

  it("has diagnostics as an array of plain records", function()
    local r = load(PINGTAN23) -- cells glued together: the loader says so
    assert.is_true(#r.diagnostics > 0)
    local glued = 0
    for _, d in ipairs(r.diagnostics) do
      assert.is_truthy(({ info = 1, warning = 1, error = 1 })[d.severity])
      assert.is_string(d.code)
      assert.is_string(d.message)
      assert.equal("integer", math.type(d.line))
      assert.equal("integer", math.type(d.col))
      assert.equal("integer", math.type(d.page))
      if d.code == "cell.glued" then
        glued = glued + 1
        assert.matches("^t%d%.", d.where)
      end
    end
    assert.is_true(glued > 0)
    -- a clean report says nothing but that it states no publication date
    local clean = load(HUAIAN).diagnostics
    assert.equal(1, #clean)
    assert.equal("meta.published", clean[1].code)
    assert.equal("info", clean[1].severity)
  end)
end)

describe("sections", function()
  it("have ids, titles and line spans", function()
    local r = load(YUANZHOU)
    local s5 = r.s5
    assert.equal("s5", s5.id)
    assert.is_true(s5.found)
    assert.equal("五、存在的主要问题及改进情况", s5.title) -- line 86
    assert.equal(86, s5.line)
    assert.equal(1, s5.col)
    assert.equal(86, s5.line_start)
    assert.equal(90, s5.line_end)
    assert.matches("^2023年,原州区河川乡政府信息公开工作稳步推进", s5.text)
    assert.matches("实现\"阳光政务\"。$", s5.text)
    assert.is_nil(s5.text:find("五、存在", 1, true)) -- the body, without the title
    assert.equal("section s5", tostring(s5))
    assert.equal(s5, r.s5) -- views are cached
  end)

  it("iterate in template order", function()
    local r = load(YUANZHOU)
    local ids, starts = {}, {}
    for i, s in r:sections() do
      ids[i] = s.id
      starts[i] = s.line_start
    end
    assert.same({ "s1", "s2", "s3", "s4", "s5", "s6" }, ids)
    assert.same({ 5, 31, 48, 79, 86, 92 }, starts)
  end)

  it("find plain text with its position", function()
    local s1 = load(YUANZHOU).s1
    -- line 11, column 44: "…河川乡主动公开政府信息 623条"
    local m = s1:find("主动公开政府信息", true)
    assert.equal("主动公开政府信息", m.text)
    assert.equal(11, m.line)
    assert.equal(44, m.col)
    assert.equal(m.text, s1.text:sub(m.start, m.stop))
    assert.is_nil(s1:find("不存在的词语", true))
    -- plain means plain: magic characters are literal
    assert.is_nil(s1:find("(一)%", true))
    assert.equal("(一)", s1:find("(一)", true).text)
    -- string.find's init has no place here: said, not read as plain
    for _, call in ipairs({ function() return s1:find("条", true, 100) end,
                            function() return s1:findall("条", true, 100) end }) do
      local ok, err = pcall(call)
      assert.is_false(ok)
      assert.matches("takes no third argument", err, 1, true)
    end
    local ok, err = pcall(s1.find, s1, "条", 100)
    assert.is_false(ok)
    assert.matches("plain (argument 2) is true or false, not a number", err, 1, true)
    -- no pattern: said at the caller's line, not at the method's own chunk
    -- (its name, section:71:, leaked into the author's error)
    for _, call in ipairs({ function() local m = s1:find(nil) return m end,
                            function() local m = s1:findall({}) return m end }) do
      ok, err = pcall(call)
      assert.is_false(ok)
      assert.matches("^[^:]*report_api_spec%.lua:%d+: pattern expected, got %a+$", err)
    end
  end)

  it("find re patterns", function()
    local s1 = load(YUANZHOU).s1
    local m = s1:find("'主动公开政府信息' %s* [0-9]+ '条'")
    assert.is_table(m)
    assert.equal("主动公开政府信息 623条", m.text)
    assert.equal(11, m.line)
    assert.equal(44, m.col)
    assert.equal(m.text, s1.text:sub(m.start, m.stop))
  end)

  it("find re patterns that capture, with the whole match", function()
    local s1 = load(YUANZHOU).s1
    local m = s1:find("{[0-9]+} '条'")
    assert.is_table(m)
    assert.equal("623条", m.text)
    assert.equal(s1.text:sub(m.start, m.stop), m.text)
    assert.equal(53, m.col)
  end)

  it("find LPeg pattern objects", function()
    local s1 = load(YUANZHOU).s1
    local m = s1:find(lpeg.R("09")^1 * lpeg.P("件"))
    assert.equal("171件", m.text)
    assert.equal(11, m.line)
    assert.equal(142, m.col)
  end)

  it("findall every match", function()
    local s1 = load(YUANZHOU).s1
    local all = s1:findall("条", true) -- 623条 21条 602条 383条 and 条例
    assert.equal(5, #all)
    for _, m in ipairs(all) do
      assert.equal("条", m.text)
      assert.equal(m.text, s1.text:sub(m.start, m.stop))
    end
    local nums = s1:findall("[0-9]+ '条'")
    local texts = {}
    for i, m in ipairs(nums) do texts[i] = m.text end
    assert.same({ "623条", "21条", "602条", "383条" }, texts)
    assert.same({}, s1:findall("不存在", true))
  end)

  it("state their numbers with units and positions", function()
    local s1 = load(YUANZHOU).s1
    local by = {}
    for _, n in ipairs(s1:numbers()) do by[n.text .. (n.unit or "")] = n end
    local n = by["623条"]
    assert.equal(623, n.value)
    assert.equal("条", n.unit)
    assert.equal(11, n.line)
    assert.equal(53, n.col)
    assert.equal("623", s1.text:sub(n.start, n.stop))
    assert.equal(171, by["171件"].value)
    assert.equal(142, by["171件"].col)
    assert.is_nil(by["12345件"]) -- the hotline "12345" has no unit
  end)

  it("read Chinese numerals, thousands separators, decimals and 万元", function()
    local s1 = assert(ns.load_string(INLINE, "inline.txt")).s1
    local got = {}
    for _, n in ipairs(s1:numbers()) do
      got[#got + 1] = { n.value, n.unit, n.text, n.line }
    end
    assert.same({
      { 1234, "条", "1,234", 4 },
      { 23, "件", "二十三", 4 },
      { 105, "件", "一百零五", 4 },
      { 0.5, "万元", "0.5", 5 },
      { 3, "件", "3", 5 },
    }, got)
    assert.equal("integer", math.type(got[2][1]))
  end)

  it("say where each number stands in its clause, sentence and sub-item", function()
    local text = "（一）办理情况。全年收到申请12件（其中网上3件，信函9件），办结10件。"
    local s1 = assert(ns.load_string("某县2023年政府信息公开工作年度报告\n一、总体情况\n"
      .. text .. "\n", "inline.txt")).s1
    local t = s1.text
    local function words(a, b) return (t:sub(a, b):gsub("%s", "")) end
    local n = s1:numbers()
    assert.same({ 12, 3, 9, 10 }, { n[1].value, n[2].value, n[3].value, n[4].value })
    assert.equal("全年收到申请", words(n[1].lead_from, n[1].start - 1))
    assert.equal("", words(n[1].after, n[1].tail_to))
    assert.equal("其中网上", words(n[2].lead_from, n[2].start - 1))
    assert.equal("信函", words(n[3].lead_from, n[3].start - 1))
    assert.same({ 0, 1, 1, 0 }, { n[1].depth, n[2].depth, n[3].depth, n[4].depth })
    assert.equal("全年收到申请12件（其中网上3件，信函9件），办结10件",
      words(n[4].sentence_start, n[4].sentence_to))
    assert.equal("（一）办理情况。全年收到申请12件（其中网上3件，信函9件），办结10件",
      words(n[1].context_from, n[1].sentence_to))
    assert.equal("件", t:sub(n[4].after - 3, n[4].after - 1))
    -- the same spans as words
    assert.equal("全年收到申请", n[1].lead)
    assert.equal("信函", n[3].lead)
    assert.equal("", n[3].tail)
    assert.equal("信息", ns.text.numbers("共 5 条 信息，其中")[1].tail)
    assert.equal(words(n[4].sentence_start, n[4].sentence_to), n[2].sentence)
    assert.equal(words(n[1].context_from, n[1].sentence_to), n[1].context)
    assert.has_error(function() n[1].value = 13 end,
      "a number of the text is read-only: cannot assign 'value'")
    -- the same offsets from the text module, without positions in the source
    local m = ns.text.numbers(t)
    assert.equal(n[3].lead_from, m[3].lead_from)
    assert.is_nil(m[3].line)
  end)

  it("give only the figures a unit follows when asked", function()
    local s = "表中 12 34 56，全年收到申请7件，其中2023年受理3件。"
    local all, figs = ns.text.numbers(s), ns.text.numbers(s, "with_unit")
    assert.equal(6, #all)
    local got = {}
    for i, n in ipairs(figs) do got[i] = n.value .. n.unit .. "#" .. n.idx end
    assert.same({ "7件#1", "2023年#2", "3件#3" }, got)
    -- the words before a figure are the same either way
    assert.equal(all[6].lead, figs[3].lead)
    assert.has_error(function() ns.text.numbers(s, "units") end)
  end)

  it("find words and the nearest of several kinds", function()
    local T = ns.text
    assert.equal("收到", T.has("全年收到申请", "受理", { "新收", "收到" }, "申请"))
    assert.is_nil(T.has("全年收到申请", "办结", {}))
    assert.is_nil(T.has(nil, "x"))
    local cats = { received = { "收到", "新收" }, handled = { "办结", "答复" } }
    assert.equal("handled", T.nearest("收到申请并办结", cats, true))
    assert.equal("received", T.nearest("收到申请并办结", cats))
    assert.equal("received", T.nearest("办结后又收到", cats, true))
    assert.is_nil(T.nearest("无关", cats, true))
    -- at the same place, the longer word wins
    assert.equal("long", T.nearest("上年结转", { short = { "结转" }, long = { "上年结转" } }, true))
    assert.equal("1", T.has("x1", 1)) -- a number matches as Lua would write it
    assert.has_error(function() T.has("x", true) end, "a word (string) expected, got boolean")
  end)

  it("measure how alike texts are, one against many at once", function()
    local T = ns.text
    -- Dice of character bigrams: 甲乙丙丁 {甲乙 乙丙 丙丁}, 甲乙丙戊 {甲乙 乙丙 丙戊}
    assert.equal(2 * 2 / 6, T.similarity("甲乙丙丁", "甲乙丙戊"))
    assert.equal(1, T.similarity("甲乙，丙", "甲 乙丙。")) -- punctuation and spaces do not count
    assert.equal(0, T.similarity("甲乙", "丙丁"))
    local a = "依申请公开答复规范性有待提高"
    local list = { "依申请公开答复规范性有待提高", false, "政策解读形式单一", "依申请公开答复不够及时" }
    local sims = T.similarities(a, list)
    assert.equal(#list, #sims)
    for i, b in ipairs(list) do
      assert.equal(b and T.similarity(a, b) or 0, sims[i])
    end
    assert.equal(1, sims[1])
    assert.same({}, T.similarities(a, {}))
    assert.has_error(function() T.similarities(a, "x") end)
  end)

  it("compare rightly whatever their cache holds, and read lists as ipairs does", function()
    local T = ns.text
    -- Dice of bigram multisets, done plainly (for texts of Han characters only)
    local function dice(a, b)
      local function grams(s)
        local cps, m, n = {}, {}, 0
        for _, c in utf8.codes(s) do cps[#cps + 1] = c end
        for i = 1, #cps - 1 do
          local k = cps[i] << 21 | cps[i + 1]
          m[k] = (m[k] or 0) + 1
          n = n + 1
        end
        return m, n
      end
      local ma, na = grams(a)
      local mb, nb = grams(b)
      local common = 0
      for k, v in pairs(ma) do if mb[k] then common = common + math.min(v, mb[k]) end end
      return 2 * common / (na + nb)
    end
    -- texts of more distinct bigrams than the cache keeps between calls
    local seed = 7
    local function random_text(len)
      local chars = {}
      for i = 1, len do
        seed = (seed * 1103515245 + 12345) % 2147483648
        chars[i] = utf8.char(0x4E00 + 100 + seed % 20000)
      end
      return table.concat(chars)
    end
    local big1, big2 = random_text(300000), random_text(300000)
    local a = "甲乙丙丁戊"
    assert.same({ 0, 1, 2 * 2 / (4 + 2), 1 }, T.similarities(a, { big1, a, "甲乙丙", a }))
    assert.equal(dice(big1, big2), T.similarity(big1, big2))
    assert.equal(dice(big2, big1), T.similarities(big2, { a, big1 })[2])
    assert.equal(1, T.similarity("甲乙丙丁戊", a))
    -- entries as ipairs reads them: through __index, up to the first nil
    local view = setmetatable({}, { __index = { a, false, "甲乙丙" } })
    assert.same({ 1, 0, 2 * 2 / (4 + 2) }, T.similarities(a, view))
  end)

  it("split text into sentences at 。！？", function()
    local got = {}
    for i, x in ipairs(ns.text.sentences("甲 乙。\n  。丙；丁！戊")) do
      got[i] = { x.text, x.raw, x.start, x.stop }
    end
    assert.same({ { "甲乙", "甲 乙", 1, 7 }, { "丙；丁", "丙；丁", 17, 25 },
                  { "戊", "戊", 29, 31 } }, got)
  end)

  it("compact text and find the punctuation that splits it", function()
    assert.equal("甲乙丙1,2", ns.text.compact(" 甲\t乙\u{3000}丙\u{A0}1,2\n"))
    -- bytes that are no UTF-8 meeting as a space once one is taken out
    -- (found by fuzz/text.c): taken out too, so compacting is idempotent
    for _, s in ipairs({ "a\xC2 \xA0b", "\xE3 \x80\x80", "\xE3\x80 \x80x", "\xC2\xC2 \xA0\xA0" }) do
      local c = ns.text.compact(s)
      assert.equal(c, ns.text.compact(c), s)
    end
    local d = ns.text.delimiters("共1,234条，其中（甲）。")
    local kinds = {}
    for i, x in ipairs(d) do kinds[i] = x.ch .. x.kind end
    assert.same({ "，clause", "（open", "）close", "。stop" }, kinds)
    assert.equal(12, d[1].pos) -- after 共 1,234 条: the comma of the number is no delimiter
    assert.equal(3, d[1].len)
    -- every delimiter, full-width and ASCII; 8:30 keeps its colon; others are none
    local all = {}
    for i, x in ipairs(ns.text.delimiters("。！？，；：（）,;:()!?8:30、·—")) do all[i] = x.ch .. x.kind end
    assert.same({ "。stop", "！stop", "？stop", "，clause", "；clause", "：clause", "（open", "）close",
                  ",clause", ";clause", ":clause", "(open", ")close", "!stop", "?stop" }, all)
  end)

  it("find a unit of text written twice in a row", function()
    local function units(s, ...)
      local out = {}
      for i, u in ipairs(ns.text.doubled(s, ...)) do
        out[i] = u.unit .. "@" .. u.from .. "-" .. u.to
      end
      return out
    end
    -- the shortest unit at each place, the search going on after its copy;
    -- from: its first byte, to: the first byte of the copy's last character
    assert.same({ "的@7-10", "政务公开@22-43" }, units("加强的的管理，政务公开政务公开。"))
    assert.same({ "2022年@1-12" }, units("2022年2022年"))
    -- no Han character, punctuation inside, longer than max: none
    assert.same({}, units("abab1212"))
    assert.same({}, units("公开，公开，"))
    assert.same({}, units("政务公开政务公开", 3))
    -- keep(unit, length) decides; refused, a longer unit at the same place is tried
    assert.same({ "常常的@1-16" }, units("常常的常常的", 24, function(u, n) return n > 1 end))
    assert.same({}, units("常常", 24, function() return false end))
    assert.has_error(function() ns.text.doubled("的的", 24, 5) end)
  end)

  it("split into sentences at 。；！？, each starting at its first character", function()
    local s5 = assert(ns.load_string(INLINE, "inline.txt")).s5
    local texts = {}
    for i, s in ipairs(s5:sentences()) do texts[i] = s.text end
    assert.same({ "一是问题甲", "二是问题乙", "三是问题丙", "改进措施" }, texts)

    local real = load(YUANZHOU).s5
    local ss = real:sentences()
    assert.equal(6, #ss) -- two on line 88, four on line 90
    assert.equal(88, ss[1].line)
    assert.equal(1, ss[1].col)
    assert.equal(90, ss[3].line)
    assert.equal(1, ss[3].col)
    for _, s in ipairs(ss) do
      assert.equal(s.text, real.text:sub(s.start, s.stop))
      assert.is_nil(s.text:find("。", 1, true))
      assert.is_nil(s.text:find("^%s"))
    end
  end)

  it("of a report without them are not found", function()
    local r = assert(ns.load_string("某镇2024年政府信息公开工作年度报告\n只有一行字。\n", "bare.txt"))
    assert.is_false(r.s5.found)
    assert.equal("", r.s5.text)
    assert.is_nil(r.s5:find("字", true))
  end)
end)

describe("a document that is not an annual report", function()
  it("is refused with the reason, not scored as an empty report", function()
    local r, msg, code = ns.load_string("hello world\n这不是年报。\n", "nar.txt")
    assert.is_nil(r)
    assert.equal("NS_ERR_FORMAT", code)
    assert.truthy(msg:find("not an annual report", 1, true))
  end)

  it("is refused when it only mentions 年度报告 in passing (a README about them)", function()
    local readme = "# nianshen\n\nnianshen scores annual reports\n(政府信息公开工作年度报告). " ..
                   "It reads a report in any form.\n\n## Two commands\n\nmake demo\n"
    local r, msg, code = ns.load_string(readme, "notes.md")
    assert.is_nil(r)
    assert.equal("NS_ERR_FORMAT", code)
    assert.truthy(msg:find("not an annual report", 1, true))
    -- a report that says only its title (its tables published as images)
    -- is still a report, whose missing parts the rules judge
    assert.truthy(ns.load_string("某镇2024年政府信息公开工作年度报告\n", "title.txt"))
  end)
end)

describe("tables", function()
  it("give cells by canonical ids", function()
    local r = load(HUAIAN)
    -- the printed t3: 一、本年新收 3001 53 0 0 61 4 3119
    local c = r.t3.received.total
    assert.equal(3119, c.value)
    assert.equal("integer", math.type(c.value))
    assert.equal("3119", c.raw)
    assert.is_false(c.inferred)
    assert.is_false(c.blank)
    assert.is_true(c.page >= 1)
    assert.is_true(c.line >= 1)
    assert.equal(3001, r.t3.received.natural_person.value)
    assert.equal(61, r.t3.received.legal_service.value)
    assert.equal(34, r.t3.carried_over.total.value)
    assert.equal(3050, r.t3.total_handled.total.value)
    assert.equal(103, r.t3.carried_forward.total.value)
    assert.equal("t3", c.table)
    assert.equal("received", c.row)
    assert.equal("total", c.column)
    assert.equal("t3.received.total", c.label)
    assert.equal("cell t3.received.total", tostring(c))
  end)

  it("give each cell its line and column", function()
    local r = load(YUANZHOU)
    -- line 53: "一、本年新收政府信息公开申请数量<tab><tab><tab>0<tab>0…", total is the 7th 0
    local c = r.t3.received.total
    assert.equal(0, c.value)
    assert.equal("0", c.raw)
    assert.equal(53, c.line)
    assert.equal(32, c.col)
    assert.equal(0, c.page)
    assert.equal(53, r.t3.received.natural_person.line)
    assert.equal(20, r.t3.received.natural_person.col)
    -- line 35: "规章<tab>0<tab>0<tab>0"
    assert.equal(35, r.t2.regulations.in_force.line)
    assert.equal(8, r.t2.regulations.in_force.col)
  end)

  it("mark cells placed by arithmetic as inferred", function()
    local r = load(YUANZHOU)
    -- line 55 "(一) 予以公开" has 6 values for 7 columns
    local c = r.t3.granted.total
    assert.is_true(c.inferred)
    assert.equal(0, c.value)
  end)

  it("keep blank cells blank, not zero", function()
    local r = load(SHUYANG) -- 法人或其他组织 columns left empty
    local c = r.t3.received.business
    assert.is_true(c.blank)
    assert.is_nil(c.value)
    assert.is_string(c.raw)
    assert.equal(26, r.t3.received.natural_person.value)
    assert.equal(26, r.t3.received.total.value)
  end)

  it("sum cells by row and column ids as t:values() would, or name the cells without a value", function()
    local t3 = load(SHUYANG).t3
    local v = t3:values()
    -- every row × column with a value: the sum, an integer when they all are
    local s = t3:sum({ "received", "carried_over" }, { "natural_person", "total" })
    assert.equal(v.received.natural_person + v.received.total + v.carried_over.natural_person
      + v.carried_over.total, s)
    assert.equal("integer", math.type(s))
    assert.equal(0, t3:sum({}, { "total" }))
    -- blank (business) and absent (a row of the other edition): nil and the list, in order
    local none, missing = t3:sum({ "received", "other" }, { "business", "total" })
    assert.is_nil(none)
    assert.same({ "received.business", "other.business", "other.total" }, missing)
    -- an id in neither edition is the rule's mistake (it read as a blank cell, n/a)
    local bad, why = pcall(t3.sum, t3, { "recieved" }, { "total" })
    assert.is_false(bad)
    assert.matches("t:sum: no row 'recieved' (did you mean 'received'?", why, 1, true)
    bad, why = pcall(t3.sum, t3, { "received" }, { "totl" })
    assert.is_false(bad)
    assert.matches("t:sum: no column 'totl' (did you mean 'total'?", why, 1, true)
    -- a report without the table: nothing to add
    local empty = assert(ns.load_string(INLINE, "inline.txt")).t3
    assert.same({ "received.total" }, select(2, empty:sum({ "received" }, { "total" })))
    assert.has_error(function() t3:sum("received", { "total" }) end)
    -- the lists are read as ipairs reads them: up to the first nil
    assert.equal(v.received.total, t3:sum({ "received", nil, "carried_over" }, { "total" }))
    -- an id that is no string nor number is the rule's mistake, said so
    local ok, err = pcall(t3.sum, t3, { "received", true }, { "total" })
    assert.is_false(ok)
    assert.matches("row_ids%[2%] is a boolean", err)
    -- as is a number: ids are names
    ok, err = pcall(t3.sum, t3, { 1 }, { "total" })
    assert.is_false(ok)
    assert.matches("row_ids%[1%] is a number", err)
  end)

  it("give the whole table as plain tables, a fresh copy each time", function()
    local t3 = load(SHUYANG).t3
    local v, raw = t3:values(), t3:raws()
    assert.equal(26, v.received.total)
    assert.equal("integer", math.type(v.received.total))
    assert.is_false(v.received.business) -- blank: the cell is there, no number
    assert.equal(t3.received.business.raw, raw.received.business)
    assert.equal("26", raw.received.natural_person)
    -- a cell or row of the other edition reads nil; an id in neither is a mistake
    assert.is_nil(v.other)
    local ok, err = pcall(function() return v.received.totl end)
    assert.is_false(ok)
    assert.matches("t3:values() has no column 'totl' (did you mean 'total'?", err, 1, true)
    ok, err = pcall(function() return v.recieved end)
    assert.matches("t3:values() has no row 'recieved' (did you mean 'received'?", err, 1, true)
    -- t:raws()'s mistakes name t:raws(), not t:values()
    ok, err = pcall(function() return raw.received.totl end)
    assert.matches("t3:raws() has no column 'totl' (did you mean 'total'?", err, 1, true)
    ok, err = pcall(function() return raw.recieved end)
    assert.matches("t3:raws() has no row 'recieved' (did you mean 'received'?", err, 1, true)
    for _, row in t3:rows() do
      for _, c in row:cells() do
        local want = c.value
        if want == nil then want = false end
        assert.equal(want, v[row.id][c.column], c.label)
      end
    end
    v.received.total = 0
    assert.equal(26, t3:values().received.total)
    -- a report without the table: every cell there, none holding anything
    local none = assert(ns.load_string(INLINE, "inline.txt")).t3
    assert.is_false(none.found)
    assert.is_false(none:values().received.total)
    assert.is_false(none:raws().received.total)
  end)

  it("iterate rows in template order with Chinese labels", function()
    local t3 = load(HUAIAN).t3
    assert.equal("t3", t3.id)
    assert.is_true(t3.found)
    assert.equal(2021, t3.edition)
    assert.equal(25, t3.nrows)
    assert.equal(7, t3.ncols)
    local ids, n = {}, 0
    for i, row in t3:rows() do
      n = i
      ids[i] = row.id
    end
    assert.equal(25, n)
    assert.equal("received", ids[1])
    assert.equal("carried_over", ids[2])
    assert.equal("granted", ids[3])
    assert.equal("total_handled", ids[24])
    assert.equal("carried_forward", ids[25])
    assert.equal("本年新收政府信息公开申请数量", t3.received.label)
    assert.equal("属于国家秘密", t3.refused_state_secret.label)
    assert.equal("三（三）1", t3.refused_state_secret.no)
    assert.equal("row t3.received", tostring(t3.received))
    -- an id the template does not have is the rule's mistake (docs/rules.md §2)
    assert.has_error(function() return t3.no_such_row end)
  end)

  it("list columns in template order with Chinese labels", function()
    local cols = load(HUAIAN).t3:columns()
    local ids, labels = {}, {}
    for i, c in ipairs(cols) do ids[i], labels[i] = c.id, c.label end
    assert.same({ "natural_person", "business", "research", "social_org",
                  "legal_service", "other_org", "total" }, ids)
    assert.equal("自然人", labels[1])
    assert.equal("商业企业", labels[2])
    assert.equal("总计", labels[7])
    local t4 = load(HUAIAN).t4:columns()
    assert.equal("upheld", t4[1].id)
    assert.equal("结果维持", t4[1].label)
  end)

  it("iterate the cells a row has", function()
    local r = load(HUAIAN)
    local vals = {}
    for j, c in r.t3.received:cells() do vals[j] = c.value end
    assert.same({ 3001, 53, 0, 0, 61, 4, 3119 }, vals)
    -- t2 licensing has one cell: decisions
    local n, col = 0, nil
    for _, c in r.t2.licensing:cells() do n, col = n + 1, c.column end
    assert.equal(1, n)
    assert.equal("decisions", col)
    assert.is_nil(r.t2.licensing.issued)
  end)

  it("iterate t2, t3, t4 in order", function()
    local ids = {}
    for i, t in load(HUAIAN):tables() do ids[i] = t.id end
    assert.same({ "t2", "t3", "t4" }, ids)
  end)

  it("follow the edition of their own layout", function()
    local p19 = load(PINGTAN19)
    assert.equal(2019, p19.t3.edition)
    assert.equal(23, p19.t3.nrows)
    assert.is_not_nil(p19.t3.other)
    assert.is_nil(p19.t3.other_other)
    -- a 2023 report printed with the single （六）其他处理 row
    local h = load(HONGZE23)
    assert.equal(2023, h.year)
    assert.equal(2019, h.t3.edition)
  end)
end)

describe("the report is read-only", function()
  local r = load(YUANZHOU)

  local function refused(fn, field)
    local ok, err = pcall(fn)
    assert.is_false(ok)
    assert.matches("read%-only", err)
    assert.matches("'" .. field .. "'", err, 1, true)
  end

  it("refuses r.year = …", function()
    refused(function() r.year = 1 end, "year")
    assert.equal(2023, r.year)
  end)

  it("refuses r.t3.received.total.value = …", function()
    refused(function() r.t3.received.total.value = 99 end, "value")
    assert.equal(0, r.t3.received.total.value)
  end)

  it("refuses r.s5.text = …", function()
    refused(function() r.s5.text = "" end, "text")
    assert.is_true(#r.s5.text > 100)
  end)

  it("refuses new fields and replacing views", function()
    refused(function() r.extra = true end, "extra")
    refused(function() r.t3 = nil end, "t3")
    refused(function() r.t3.received = nil end, "received")
    refused(function() r.t3.received.total = 5 end, "total")
  end)

  it("keeps its metatables out of reach", function()
    assert.equal("nianshen.report", getmetatable(r))
    assert.equal("nianshen.cell", getmetatable(r.t3.received.total))
    assert.has_error(function() setmetatable(r, {}) end)
  end)

  it("keeps its diagnostics as they were loaded", function()
    local p = load(PINGTAN23)
    local n = #p.diagnostics
    local d = p.diagnostics
    pcall(function()
      d[1].severity = "tampered"
      table.remove(d)
    end)
    assert.equal(n, #p.diagnostics)
    assert.are_not.equal("tampered", p.diagnostics[1].severity)
  end)
end)

-- An iterator is a plain function: a rule may call it by hand with any
-- control value.  Out of range ends the iteration; nothing is read outside
-- the table (the C side checks before it indexes).
describe("iterators called by hand", function()
  local r = load(YUANZHOU)
  -- out of range for every one of them (t3 has 25 rows of 7 cells; a
  -- report 6 sections and 3 tables)
  local odd = { -1, -25, math.mininteger, math.maxinteger, math.maxinteger - 1, 25, 1 << 40 }

  it("t:rows() with any control value", function()
    local f, s = r.t3:rows()
    for _, c in ipairs(odd) do assert.is_nil((f(s, c))) end
    local i, row = f(s, 24)
    assert.equal(25, i)
    assert.equal("carried_forward", row.id)
  end)

  it("row:cells() with any control value", function()
    local f, s = r.t3.received:cells()
    for _, c in ipairs(odd) do assert.is_nil((f(s, c))) end
    local i, cell = f(s, 6)
    assert.equal(7, i)
    assert.equal("total", cell.column)
  end)

  it("run:results() and res:findings() with any control value", function()
    local scheme = assert(ns.scheme(H.ROOT .. "/rules/schemes/default.lua"))
    local run = assert(ns.execute(scheme, { H.corpus(YUANZHOU) }))
    local f, s = run:results()
    for _, c in ipairs(odd) do assert.is_nil((f(s, c))) end
    local i, res = f(s, 0)
    assert.equal(1, i)
    local g, t = res:findings()
    for _, c in ipairs(odd) do
      if c < 0 or c >= #res then assert.is_nil((g(t, c))) end
    end
    assert.is_nil((g(t, #res)))
    assert.equal(1, (g(t, 0)))
  end)

  it("r:sections() and r:tables() with any control value", function()
    for _, it in ipairs({ r:sections(), r:tables() }) do
      local f, s = it, nil
      for _, c in ipairs(odd) do assert.is_nil((f(s, c))) end
    end
  end)
end)
