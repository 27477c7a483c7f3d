#!/bin/sh
# Build the C tests with AddressSanitizer + UBSan in a tree of their own and
# run them; called by ctest as the test "asan".
set -eu
src=$1
tree=$2
# GCC's -fsanitize=undefined leaves out float-cast-overflow (a double from
# the input cast to an int: "year": 1e10), and -fno-sanitize-recover=undefined
# does not make it fatal: both are asked for here, so that such a bug fails
# the tests instead of printing a line nobody reads.
cmake -S "$src" -B "$tree" -DCMAKE_BUILD_TYPE=Debug -DNS_SANITIZE=ON \
	-DCMAKE_C_FLAGS="-fsanitize=float-cast-overflow -fno-sanitize-recover=all" >/dev/null
cmake --build "$tree" -j2 >/dev/null
cd "$tree"
# poppler and glib keep one-time global state alive at exit: not our leaks
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LSAN_OPTIONS=suppressions="$src/scripts/lsan.supp" \
	ctest --output-on-failure -R '^c_'
