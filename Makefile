# The two commands of the README: `make demo` and `make test`.  Everything
# else is CMake; this file only strings the steps together.
BUILD    ?= build
JOBS     ?= 2
DISTRICT ?= examples/district
SCHEME   ?= rules/schemes/default.lua
OUT      ?= out

.PHONY: all setup build demo test bench clean fuzz-layouts fuzz install uninstall deb

all: build

setup:
	@sh scripts/setup.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: setup $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	@mkdir -p $(OUT)
	@echo "== scoring the example district $(DISTRICT) with $(SCHEME)"
	@$(BUILD)/nianshen score --scheme $(SCHEME) $(DISTRICT) \
		--out $(OUT)/results.json --csv $(OUT)/results.csv \
		--html $(OUT)/results.html --xlsx $(OUT)/results.xlsx; \
	rc=$$?; echo; \
	echo "results: $(OUT)/results.html (readable), $(OUT)/results.xlsx, $(OUT)/results.csv, $(OUT)/results.json"; \
	echo "exit code $$rc: 0 all passed, 1 warnings, 2 failures, 3 rule or load errors"

# Every test, under one ctest run whose summary closes the output: C tests,
# the same C tests built with AddressSanitizer + UBSan (test "asan"), busted
# specs of the Lua surface, and the rule library's own specs.
test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# Install like a Debian library (docs/embedding.md): PREFIX (default
# /usr/local) and DESTDIR honoured; `make uninstall` removes what the last
# install wrote (build/install_manifest.txt), with the same DESTDIR.
# The prefix is configured, not only given to --install: the rules path
# compiled in and lib/<triplet> under /usr follow it.
PREFIX ?= /usr/local
install: build
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	cmake --build $(BUILD) -j$(JOBS)
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD)

uninstall:
	DESTDIR="$(DESTDIR)" cmake -DMANIFEST=$(BUILD)/install_manifest.txt -P cmake/uninstall.cmake

# A Debian package (cpack -G DEB) from a build of its own configured for
# /usr, so that its paths are Debian's (lib/<triplet>, python3/dist-packages)
deb: setup
	cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr
	cmake --build build-deb -j$(JOBS)
	cd build-deb && cpack -G DEB

# The in-process figures (bench/bench.c), the copy index against every pair
# compared (bench/copies.c: recall and time on BENCH_COPIES reports with
# copies planted at every degree), then what users compare
# (bench/compare.py): a Python script doing six checks with regular
# expressions against nianshen with the same checks and with the default
# scheme, --jobs 1 and 2, and a district whose 五 are all the same (and with
# BENCH_LARGE=N a district of N reports, for memory at scale); each run a
# process, timed from outside, stopped after BENCH_TIMEOUT seconds.
BENCH_REPORTS ?= 10000
BENCH_SAME    ?= 10000
BENCH_TIMEOUT ?= 120
BENCH_COPIES  ?= 3000
BENCH_LARGE   ?= 0
bench: build
	$(BUILD)/bench/nianshen-bench
	$(BUILD)/bench/nianshen-bench-copies --reports $(BENCH_COPIES) --jobs $(JOBS)
	python3 bench/compare.py --build $(BUILD) --reports $(BENCH_REPORTS) \
		--same $(BENCH_SAME) --large $(BENCH_LARGE) --jobs $(JOBS) \
		--timeout $(BENCH_TIMEOUT)

# Thousands of generated reports in every layout, parsed back; per-layout
# accuracy and the first failures (written to $(OUT)/fuzz-layouts/).
N    ?= 3000
SEED ?= 1
fuzz-layouts: build
	$(BUILD)/core/tests/fuzz-layouts -n $(N) -s $(SEED) -o $(OUT)/fuzz-layouts

# libFuzzer harnesses (fuzz/README.md): clang if missing, a build of their
# own in build-fuzz/, then each target for FUZZ_SECONDS (default 60), one
# at a time; fails on any crash, hang, leak or broken property.
fuzz: setup
	@sh scripts/setup-fuzz.sh
	@FUZZ_SECONDS="$(FUZZ_SECONDS)" FUZZ_TARGETS="$(FUZZ_TARGETS)" JOBS="$(JOBS)" sh fuzz/run.sh

clean:
	rm -rf $(BUILD) build-asan build-deb $(OUT)
