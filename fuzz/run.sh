#!/bin/sh
# Build the harnesses into build-fuzz/ and run each for FUZZ_SECONDS, one
# fuzzer process at a time; fail if any found a crash, a hang, a leak or a
# broken property.  Called by `make fuzz` (fuzz/README.md).
#
#   FUZZ_SECONDS   seconds per target (default 60)
#   FUZZ_TARGETS   which targets (default: all nine)
#   FUZZ_BUILD     the build tree (default build-fuzz)
#   FUZZ_ARGS      more libFuzzer flags (e.g. -jobs=1 -workers=1, -max_len=…)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD:-$src/build-fuzz}
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"load_txt load_md load_html load_docx load_pdf load_json text views mime"}
jobs=${JOBS:-2}
[ -n "$seconds" ] || seconds=60
[ -n "$targets" ] || targets="load_txt load_md load_html load_docx load_pdf load_json text views mime"

cc=${CC:-clang}
mkdir -p "$build"
# the configure log goes inside the build tree, not beside it in the checkout
cmake -S "$src/fuzz" -B "$build" -DCMAKE_C_COMPILER="$cc" >"$build/cmake.log" 2>&1 || {
	cat "$build/cmake.log"; exit 2; }
cmake --build "$build" -j"$jobs" || exit 2
sh "$src/fuzz/make-seeds.sh" "$src" "$build" || exit 2

# leaks of GLib/poppler/fontconfig's one-time state are not ours
export LSAN_OPTIONS="suppressions=$src/scripts/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=""
for t in $targets; do
	corpus=$build/corpus/$t       # what the fuzzer learns, kept between runs
	crashes=$build/crashes/$t     # crash-*, leak-*, timeout-*, oom-* land here
	mkdir -p "$corpus" "$crashes"
	echo "== fuzz $t for ${seconds}s (corpus $corpus, crashes to $crashes/)"
	# shellcheck disable=SC2086
	"$build/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-dict="$build/dict/$t.dict" -artifact_prefix="$crashes/" \
		-print_final_stats=1 ${FUZZ_ARGS:-} "$corpus" "$build/seeds/$t" \
		>"$build/$t.log" 2>&1
	rc=$?
	grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$build/$t.log" | tr '\n' ' '
	echo
	if [ $rc -ne 0 ]; then
		echo "!! $t failed (exit $rc): see $build/$t.log"
		grep -E 'ERROR: |FUZZ CHECK|SUMMARY|runtime error|Test unit written' "$build/$t.log" | head -n 8
		failed="$failed $t"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: FAILED:$failed (reproduce: $build/<target> <artifact>; fuzz/README.md)"
	exit 1
fi
echo "fuzz: no crash, hang or leak in$(echo " $targets" | sed 's/  */ /g') (${seconds}s each)"
