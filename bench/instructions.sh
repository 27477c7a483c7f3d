#!/bin/sh
# bench/instructions.sh — instructions per report of a `nianshen score` run,
# every process counted (valgrind --tool=callgrind), on 200 generated
# reports less 100: the start-up (the scheme and its rules loaded in each
# process) drops out, and the figure is steady where wall-clock time on a
# shared machine is not.
#
#   sh bench/instructions.sh [BUILD [SCHEME]]     (build, rules/schemes/default.lua)
set -eu
build=${1:-build}
scheme=${2:-rules/schemes/default.lua}
command -v valgrind >/dev/null || { echo "instructions.sh: needs valgrind" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bench/nianshen-bench" --reports 200 --write "$tmp/all" --form txt >/dev/null
mkdir "$tmp/100" "$tmp/200"
ls "$tmp/all" | sort | head -100 | while read -r f; do cp "$tmp/all/$f" "$tmp/100/"; done
cp "$tmp/all"/* "$tmp/200/"
count() {
	rm -f "$tmp"/cg.*
	valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$tmp/cg.%p" \
		"$build/nianshen" score --scheme "$scheme" "$1" --jobs 1 --quiet \
		--max-seconds 600 >/dev/null 2>"$tmp/log" || true
	cat "$tmp"/cg.* | awk '/^summary:/ {t += $2} END {printf "%.0f\n", t}'
}
a=$(count "$tmp/100")
b=$(count "$tmp/200")
echo "$scheme: $(( (b - a) / 100000 )) k instructions per report (all processes, callgrind)"
