#!/bin/sh
# What `make fuzz` needs beyond scripts/setup.sh: clang with libFuzzer and
# the sanitizer runtimes (Debian 12: the clang package, clang 14).  Installs
# it only when a test compile with -fsanitize=fuzzer fails.
set -eu
CC=${CC:-clang}
probe() {
	tmp=$(mktemp -d)
	printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$tmp/p.c"
	"$CC" -fsanitize=fuzzer,address,undefined "$tmp/p.c" -o "$tmp/p" >/dev/null 2>&1
	rc=$?
	rm -rf "$tmp"
	return $rc
}
if command -v "$CC" >/dev/null 2>&1 && probe; then
	echo "setup-fuzz: $("$CC" --version | head -n 1) with libFuzzer present"
	exit 0
fi
echo "setup-fuzz: installing clang (libFuzzer, ASan, UBSan)"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
		echo "setup-fuzz: not root and no sudo; install clang yourself" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends clang
CC=clang
probe || { echo "setup-fuzz: clang cannot build a libFuzzer target" >&2; exit 1; }
