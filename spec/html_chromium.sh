#!/bin/sh
# The HTML results of the example district as a browser shows them:
# rendered by headless Chromium (Debian package chromium, installed by
# scripts/setup.sh), the screenshot must have the window's size and some
# substance, and the DOM Chromium built must hold the summary with its
# chart, the ranking table, the heat map and a finding whose source lines
# have the evidence highlighted.  Without chromium the test fails, saying
# so: it is never skipped in silence.
#   html_chromium.sh NIANSHEN SOURCE_DIR WORK_DIR
set -eu
cli=$1 root=$2 work=$3

fail() { echo "html_chromium: FAIL: $*" >&2; exit 1; }

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || fail "no chromium found: install the Debian package chromium (scripts/setup.sh installs it; make test runs setup first)"

rm -rf "$work"
mkdir -p "$work"
html="$work/results.html"
"$cli" score --quiet --scheme "$root/rules/schemes/default.lua" "$root/examples/district" \
	--html "$html" || [ $? -le 2 ] || fail "nianshen score failed ($?)"
[ -s "$html" ] || fail "no HTML written"

run_browser() {
	# a profile of its own (no writes to \$HOME), no GPU, no first-run
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--no-first-run --disable-extensions --user-data-dir="$work/profile" "$@" \
		2>"$work/browser.log"
}

run_browser --window-size=1280,1800 --screenshot="$work/shot.png" "file://$html" \
	>/dev/null || fail "chromium --screenshot failed: $(tail -3 "$work/browser.log")"
[ -s "$work/shot.png" ] || fail "no screenshot written"
# PNG: signature, then IHDR with width and height (big-endian) at bytes 16..23
sig=$(od -An -tx1 -N8 "$work/shot.png" | tr -d ' \n')
[ "$sig" = "89504e470d0a1a0a" ] || fail "the screenshot is not a PNG ($sig)"
set -- $(od -An -tu1 -j16 -N8 "$work/shot.png")
w=$(( ($1 << 24) + ($2 << 16) + ($3 << 8) + $4 ))
h=$(( ($5 << 24) + ($6 << 16) + ($7 << 8) + $8 ))
[ "$w" -eq 1280 ] && [ "$h" -eq 1800 ] || fail "screenshot is ${w}x${h}, not 1280x1800"
size=$(wc -c < "$work/shot.png")
# a blank page compresses to a few KB; tables, a chart and Chinese text do not
[ "$size" -gt 40000 ] || fail "the screenshot is $size bytes: a blank or broken page?"

run_browser --dump-dom "file://$html" > "$work/dom.html" || fail "chromium --dump-dom failed: $(tail -3 "$work/browser.log")"
dom="$work/dom.html"
need() {
	grep -q -- "$1" "$dom" || fail "the rendered DOM has no $2 ($1)"
}
need '<section id="summary">' "district summary"
need '<svg id="score-chart"' "score distribution chart"
need '<rect class="bar"' "bars in the chart"
need '<table id="top-failed">' "table of the indicators failed most"
need '<table id="ranking-table">' "ranking table"
need '<table class="heat" id="heat-table">' "heat map"
need 'class="h-fail"' "a failing cell in the heat map"
need '<div class="finding f-error">' "a failing finding"
need '<span class="ln hl">' "a highlighted source line"
need '<mark>' "highlighted evidence"
need '排名年度' "the ranked year"
need '往年报告（仅供对比，不参与排名）' "the other years, apart from the ranking"
# the highlighted evidence stands inside a finding's source excerpt
tr -d '\n' < "$dom" | grep -q '<pre class="src"[^>]*>[^<]*<span class="ln[^"]*">\(<[^p]\|[^<]\)*<span class="ln hl">[^<]*<b>[^<]*</b>[^<]*<mark>' \
	|| fail "no finding quotes its source with the evidence marked"
# no external assets: nothing fetched from a network
if grep -Eq '(src|href)="(https?:)?//' "$dom"; then fail "the page refers to external assets"; fi
echo "html_chromium: ok (screenshot ${w}x${h}, $size bytes; DOM $(wc -c < "$dom") bytes)"
