# Thin wrapper over CMake. The two commands: `make run` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD?= build-release
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=

.PHONY: all deps build run test test-normal test-asan bench format fuzz golden clean

all: build

deps:
	@scripts/deps

$(BUILD)/CMakeCache.txt: | deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS) >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j $(JOBS)

# The live TUI on the built-in scenario; headless summary when stdout is not a terminal.
run: build
	@./$(BUILD)/ordersim

test-normal: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSANITIZE=ON $(CMAKE_ARGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# Every test, in the normal build and under ASan + UBSan.
test: test-normal test-asan

# Release build, then bench/run's figures (SimPy installed for its comparison).
bench:
	@scripts/deps bench
	@cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BENCH_BUILD) -j $(JOBS)
	@bench/run $(BENCH_BUILD)

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

# Fuzz the readers with libFuzzer (clang): the scenario parser, the lesson parser, the
# run CSV and sidecar readers (chart, compare) and recorded sessions (replay), each for
# FUZZ_SECONDS; FUZZ_TARGET=scenario|lesson|csv|record runs one.
FUZZ_SECONDS ?= 60
FUZZ_TARGET ?= all
fuzz: deps
	@scripts/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGET)

# Regenerate golden files (explicit only; `make test` never rewrites them). Fails when
# a screen cannot be rendered or a file cannot be written.
golden: build
	@./$(BUILD)/test_ui_tui_screen --update-golden
	@./$(BUILD)/test_ui_tui_flow --update-golden

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD) build-fuzz
