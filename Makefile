# SPDX-License-Identifier: Apache-2.0
# The two commands of README.md: `make demo` and `make test`. Each sets everything up first.
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build release asan test demo bench format check-format tidy clean

all: build

deps:
	@scripts/setup-deps

# Release build: what `make demo` and the benchmarks run.
release: deps
	@cmake --preset release $(CMAKE_FLAGS) >/dev/null
	@cmake --build --preset release -j $(JOBS)

build: release

# Debug + ASan + UBSan, warnings as errors: what `make test` and CI run.
asan: deps
	@cmake --preset asan $(CMAKE_FLAGS) >/dev/null
	@cmake --build --preset asan -j $(JOBS)

test: asan
	@ctest --preset asan -j $(JOBS)

# The demo needs only the binary, not the test programs.
demo: deps
	@cmake --preset release $(CMAKE_FLAGS) >/dev/null
	@cmake --build --preset release -j $(JOBS) --target syscage
	@scripts/demo.sh build/release/src/cli/syscage

bench: deps
	@cmake --preset release -DSYSCAGE_BUILD_BENCH=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@scripts/bench.sh build/release

format:
	@git ls-files '*.cc' '*.h' '*.c' | xargs clang-format -i

check-format:
	@scripts/check-format.sh

tidy: deps
	@cmake --preset tidy >/dev/null && cmake --build --preset tidy -j $(JOBS)

clean:
	rm -rf build
