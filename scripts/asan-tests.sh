#!/bin/sh
# Build the C tests with AddressSanitizer + UBSan in a tree of their own and
# run them; called by ctest as the test "asan".
set -eu
src=$1
tree=$2
cmake -S "$src" -B "$tree" -DCMAKE_BUILD_TYPE=Debug -DNS_SANITIZE=ON >/dev/null
cmake --build "$tree" -j2 >/dev/null
cd "$tree"
# poppler and glib keep one-time global state alive at exit: not our leaks
ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions="$src/scripts/lsan.supp" \
	ctest --output-on-failure -R '^c_'
