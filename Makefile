# matomo-destination - the Matomo destination for Segment's Analytics.js (C core -> wasm).
#
# Primary targets:
#   make            build dist/ (the .wasm, the ES module, the classic script) and the native tests
#   make test       install what is missing, build, run every test
#   make test-e2e   the browser tests alone (MATOMO_JS=/path/to/matomo.js: Matomo's real tracker)
#   make demo       build, then serve the demo page on 127.0.0.1
#   make bench      build, then run the benchmarks (report under bench-results/)
#   make fuzz       the libFuzzer targets (tests/fuzz/), FUZZ_S seconds each (default 60)
#   make readme     write README.md's settings table from the core's settings table
#   make clean      remove build/ and dist/
#
# Tools: emcc (Debian's emscripten), gcc, node + npm, and the cJSON source from Debian's source
# package. `make deps` installs whatever is missing (apt-get as root; npm ci from package-lock.json).

SHELL := /bin/bash
.DEFAULT_GOAL := all

BUILD := build
DIST := dist
CJSON_DIR := $(BUILD)/deps/cjson
CJSON := $(CJSON_DIR)/cJSON.c
# The core: plain C, no wasm in it (src/util, src/settings, src/calls, src/state); the binding:
# src/wasm.
CORE_SRC := $(wildcard src/util/*.c src/settings/*.c src/calls/*.c src/state/*.c)
CORE_HDR := $(wildcard src/*.h src/*/*.h)
WASM_SRC := $(wildcard src/wasm/*.c)
JS_SRC := $(wildcard js/*.js)

# How cJSON is compiled, in both builds.
CJSON_DEFS := -Dstrtod=md_strtod
# cJSON's own number parser calls strtod; renaming it keeps musl's strtod (and its long-double
# helpers) out of the wasm. md_strtod is exact on its fast path and asks the host otherwise.
CJSON_DEFS += -DCJSON_NESTING_LIMIT=64
# A small wasm stack must never meet cJSON's recursion; JS input is shallower still.

NATIVE_CFLAGS := -std=c99 -g -O1 -Wall -Wextra -Werror -Wpedantic -Wshadow -Wconversion
NATIVE_CFLAGS += -Wno-sign-conversion -fsanitize=address,undefined -fno-omit-frame-pointer
NATIVE_CFLAGS += -fno-sanitize-recover=all
NATIVE_LIBS := -lm
CJSON_NATIVE_CFLAGS := -std=c99 -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer

EMCC_CFLAGS := -std=c99 -Oz -flto -mbulk-memory
# bulk memory: memcpy/memset become single instructions (every current browser; Node >= 12)
EMCC_CORE_DEFS := -DMD_PER_CALL_ARENA
# the allocator releases each call's memory at once: md_translate skips walking its event tree to
# free it node by node (4-5 % of a track, measured in Node)
EMCC_CORE_DEFS += -DMD_NO_DOC_ONLY
# the help texts that errors never quote (integers, choices, booleans: the problem says what is
# accepted) stay out of the wasm; the native schema keeps them for the README and the types
EMCC_FLAGS := -sSTANDALONE_WASM --no-entry
# a bare .wasm with our own ~60-line loader instead of Emscripten's JS glue
EMCC_FLAGS += -sMALLOC=none
# src/wasm/md_wasm_alloc.c brings a bump allocator reset per call
EMCC_FLAGS += -sINITIAL_MEMORY=393216
# six 64 KiB pages, not Emscripten's 16 MiB: the largest event the shim lets through
# (js/bounded-json.js EVENT_LIMITS) peaks at four, so memory never grows for events
# (tests/wasm-module.test.mjs)
EMCC_FLAGS += -sTOTAL_STACK=8192
# 3.1.6 names it TOTAL_STACK; the core's deepest path needs well under 2 KiB
EMCC_FLAGS += -Wl,--stack-first
# the stack at the bottom of memory, below the data: an overflow runs past address 0 and traps
# (out of bounds) instead of overwriting the data and the allocator (tests/wasm-module.test.mjs)
EMCC_FLAGS += -sALLOW_MEMORY_GROWTH=1
EMCC_FLAGS += -sEXPORTED_FUNCTIONS=@src/wasm/exports.txt
EMCC_FLAGS += -sERROR_ON_UNDEFINED_SYMBOLS=0 -sWARN_ON_UNDEFINED_SYMBOLS=0
# the three host imports (env.parse_number, env.format_number, env.read_cart) are resolved by
# the loader; tests/wasm-module.test.mjs asserts the module imports exactly those

.PHONY: all deps tools cjson npm test test-native test-js test-e2e test-fuzz fuzz readme demo bench clean

all: $(DIST)/matomo-destination.mjs $(BUILD)/web/analytics-next.js $(BUILD)/golden_runner $(BUILD)/text_test $(BUILD)/settings-schema.json

# ---- dependencies --------------------------------------------------------------------------

deps: tools $(CJSON) node_modules/.package-lock.json

tools:
	@missing=""; \
	command -v emcc >/dev/null || missing="$$missing emscripten binaryen"; \
	command -v dpkg-source >/dev/null || missing="$$missing dpkg-dev"; \
	command -v gcc >/dev/null || missing="$$missing gcc"; \
	command -v clang >/dev/null || missing="$$missing clang"; \
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || \
	  missing="$$missing libclang-rt-dev"; \
	command -v node >/dev/null || missing="$$missing nodejs npm"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# cJSON with Debian's patches, from Debian's source package, into an ignored folder.
$(CJSON):
	@mkdir -p $(BUILD)/deps/apt/lists/partial $(BUILD)/deps/src
	@printf 'deb-src http://deb.debian.org/debian bookworm main\ndeb-src http://deb.debian.org/debian-security bookworm-security main\n' \
	  > $(BUILD)/deps/apt/sources.list
	@apt_opts="-o Dir::Etc::sourcelist=$(abspath $(BUILD))/deps/apt/sources.list -o Dir::Etc::sourceparts=- \
	  -o Dir::State::Lists=$(abspath $(BUILD))/deps/apt/lists"; \
	apt-get $$apt_opts update -qq && \
	cd $(BUILD)/deps/src && apt-get $$apt_opts source -qq cjson 2>&1 | grep -v '^W: Download is performed unsandboxed' || true
	@rm -rf $(CJSON_DIR) && mv $(BUILD)/deps/src/cjson-*/ $(CJSON_DIR)
	@test -f $(CJSON) || { echo "cJSON source was not fetched"; exit 1; }
	@echo "cJSON: $$(cd $(BUILD)/deps/src && ls *.dsc)"

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# ---- the wasm core and the JS bundles -----------------------------------------------------

$(DIST)/matomo-destination.wasm: $(CORE_SRC) $(CORE_HDR) $(WASM_SRC) src/wasm/exports.txt Makefile | $(CJSON)
	@mkdir -p $(DIST)
	emcc $(EMCC_CFLAGS) $(CJSON_DEFS) -c $(CJSON) -o $(BUILD)/cjson.wasm.o
	emcc $(EMCC_CFLAGS) $(EMCC_CORE_DEFS) -Wall -Wextra -Werror -I$(CJSON_DIR) -Isrc $(EMCC_FLAGS) \
	  $(CORE_SRC) $(WASM_SRC) $(BUILD)/cjson.wasm.o -o $(BUILD)/core.wasm
	wasm-opt -Oz --enable-bulk-memory --strip-debug --strip-producers $(BUILD)/core.wasm -o $@

# The bundles (ES module, CommonJS, <script>), and the TypeScript declarations written from the
# core's settings table (js/types.mjs).
$(DIST)/matomo-destination.mjs: $(DIST)/matomo-destination.wasm $(JS_SRC) js/build.mjs js/types.mjs $(BUILD)/settings-schema.json node_modules/.package-lock.json
	node js/build.mjs

# Analytics Next from npm for the demo and browser tests, and the classic test bundles.
$(BUILD)/web/analytics-next.js: $(DIST)/matomo-destination.mjs web/build.mjs web/analytics-next-entry.js $(wildcard tests/e2e/*-entry.js) $(wildcard tests/bench/*-baseline.js tests/bench/*-entry.js)
	node web/build.mjs

# The allocator alone, in at most two pages, for tests/allocator.test.mjs.
$(BUILD)/alloc-probe.wasm: src/wasm/md_wasm_alloc.c src/wasm/md_wasm_alloc.h tests/wasm/alloc_probe.c Makefile
	@mkdir -p $(BUILD)
	emcc -std=c99 -O1 -Wall -Wextra -Werror -Isrc -sSTANDALONE_WASM --no-entry -sMALLOC=none \
	  -sINITIAL_MEMORY=65536 -sMAXIMUM_MEMORY=131072 -sALLOW_MEMORY_GROWTH=1 -sTOTAL_STACK=4096 \
	  -sEXPORTED_FUNCTIONS=_probe_malloc,_probe_realloc,_probe_free,_probe_keep,_probe_release \
	  src/wasm/md_wasm_alloc.c tests/wasm/alloc_probe.c -o $@

# ---- native builds for tests (gcc, sanitizers) --------------------------------------------

$(BUILD)/cjson.o: | $(CJSON)
	gcc $(CJSON_NATIVE_CFLAGS) $(CJSON_DEFS) -c $(CJSON) -o $@

$(BUILD)/golden_runner: $(CORE_SRC) $(CORE_HDR) tests/native/golden_runner.c tests/native/host_native.c $(BUILD)/cjson.o
	gcc $(NATIVE_CFLAGS) -I$(CJSON_DIR) -Isrc $(CORE_SRC) tests/native/golden_runner.c tests/native/host_native.c $(BUILD)/cjson.o $(NATIVE_LIBS) -o $@

$(BUILD)/text_test: src/util/md_text.c src/util/md_text.h tests/native/text_test.c tests/native/host_native.c
	gcc $(NATIVE_CFLAGS) -Isrc src/util/md_text.c tests/native/text_test.c tests/native/host_native.c -o $@

# The settings table as JSON (md_settings_schema), for the README check and the types.
$(BUILD)/settings_schema: $(CORE_SRC) $(CORE_HDR) tests/native/settings_schema.c tests/native/host_native.c $(BUILD)/cjson.o
	gcc $(NATIVE_CFLAGS) -I$(CJSON_DIR) -Isrc $(CORE_SRC) tests/native/settings_schema.c tests/native/host_native.c $(BUILD)/cjson.o $(NATIVE_LIBS) -o $@

$(BUILD)/settings-schema.json: $(BUILD)/settings_schema
	$(BUILD)/settings_schema > $@

# ---- fuzzing (clang's libFuzzer with ASan and UBSan) ---------------------------------------

FUZZ := $(BUILD)/fuzz
FUZZ_S ?= 60
FUZZ_CFLAGS := -std=c99 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS += -fno-omit-frame-pointer
FUZZ_TARGETS := settings calls
# Each target runs FUZZ_S seconds from its corpus (kept in build/fuzz/corpus-*) and the seeds
# written from the golden cases; a failed check or a sanitizer report stops it, saves the input
# under build/fuzz/artifacts/ and fails the make.
FUZZ_RUN = -max_total_time=$(FUZZ_S) -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -dict=tests/fuzz/segment.dict -artifact_prefix=$(FUZZ)/artifacts/ -print_final_stats=1

# The method names the core writes, as tests/tracker-contract.test.mjs reads them.
$(FUZZ)/methods.inc: $(CORE_SRC)
	@mkdir -p $(FUZZ)
	grep -ohE 'md_(begin|begin_hit|command|command_text|command_choice)\(context, "[A-Za-z]+"' $(CORE_SRC) \
	  | sed -E 's/.*"([A-Za-z]+)"/"\1",/' | sort -u > $@

$(FUZZ)/cjson.o: | $(CJSON)
	@mkdir -p $(FUZZ)
	clang $(FUZZ_CFLAGS) $(CJSON_DEFS) -c $(CJSON) -o $@

$(FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_check.c tests/fuzz/fuzz_check.h $(FUZZ)/methods.inc $(FUZZ)/cjson.o $(CORE_SRC) $(CORE_HDR) tests/native/host_native.c
	clang $(FUZZ_CFLAGS) -Wall -Wextra -Werror -I$(CJSON_DIR) -Isrc -I$(FUZZ) -Itests/fuzz $(CORE_SRC) \
	  tests/native/host_native.c tests/fuzz/fuzz_check.c $< $(FUZZ)/cjson.o -lm -o $@

$(FUZZ)/seeds.stamp: tests/tools/fuzz-seeds.mjs tests/golden-cases.mjs $(wildcard tests/golden/*.json) src/calls/md_calls.c
	node tests/tools/fuzz-seeds.mjs $(FUZZ)/seeds
	@touch $@

fuzz: deps $(addprefix $(FUZZ)/fuzz_,$(FUZZ_TARGETS)) $(FUZZ)/seeds.stamp
	@mkdir -p $(FUZZ)/artifacts
	@for target in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ)/corpus-$$target; \
	  echo "fuzz_$$target: $(FUZZ_S) s"; \
	  $(FUZZ)/fuzz_$$target $(FUZZ_RUN) $(FUZZ)/corpus-$$target $(FUZZ)/seeds/$$target \
	    > $(FUZZ)/fuzz_$$target.log 2>&1 || { tail -40 $(FUZZ)/fuzz_$$target.log; exit 1; }; \
	  grep -aE '^stat::number_of_executed_units|^stat::peak_rss_mb' $(FUZZ)/fuzz_$$target.log \
	    | sed "s/^/  fuzz_$$target /"; \
	done

# The short round `make test` runs.
test-fuzz:
	@$(MAKE) --no-print-directory fuzz FUZZ_S=$${FUZZ_TEST_S:-15}

# ---- tests -------------------------------------------------------------------------------

REAL_TRACKER := ../shared/matomo/matomo.js

test: deps all
	$(MAKE) --no-print-directory test-native test-fuzz test-js
	@test -f $(REAL_TRACKER) || echo "not run here (no $(REAL_TRACKER)): the checks of \
	tests/tracker-contract.test.mjs against Matomo's real tracker (listed as skipped above) and \
	the browser tests against it (MATOMO_JS=$(REAL_TRACKER) make test-e2e); .ci/run runs both."

test-native: $(BUILD)/golden_runner $(BUILD)/text_test
	$(BUILD)/text_test
	$(BUILD)/golden_runner tests/golden/*.json

# Every *.test.mjs under tests/, the browser tests (tests/e2e/) included. MATOMO_JS=/path/to/matomo.js
# runs them against Matomo's real tracker script instead of the stand-in.
test-js: $(DIST)/matomo-destination.mjs $(BUILD)/web/analytics-next.js $(BUILD)/settings-schema.json $(BUILD)/alloc-probe.wasm
	node --test tests/

# The browser tests alone (tests/e2e/), e.g. MATOMO_JS=../shared/matomo/matomo.js make test-e2e.
test-e2e: $(DIST)/matomo-destination.mjs $(BUILD)/web/analytics-next.js
	node --test tests/e2e/

# README.md's settings table, from the core's settings table (tests/readme.test.mjs checks it).
readme: $(BUILD)/settings-schema.json
	node tests/tools/settings-table.mjs --write

# ---- demo and benchmarks ------------------------------------------------------------------

# PORT= chooses the port; MATOMO_URL=https://your.matomo SITE_ID=n sends to a real Matomo.
demo: deps all
	node web/demo.mjs

# Report in bench-results/ (report.md, report.json); BENCH_SAMPLES= and BENCH_READY_RUNS= to vary.
bench: deps all
	node tests/bench/run.mjs

clean:
	rm -rf $(BUILD) $(DIST)
