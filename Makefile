# gem5wb build. `make` builds the binary, `make run` sets up and opens the workbench,
# `make check` sets up, builds with ASan+UBSan and runs every test.
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc

PKGS    := ncursesw libgit2 zlib libcjson
HAVE_ISAL := $(shell pkg-config --exists libisal 2>/dev/null && echo 1)
ifeq ($(HAVE_ISAL),1)
PKGS    += libisal
ISAL_DEF := -DHAVE_ISAL=1
endif

WARN    := -std=c11 -Wall -Wextra -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -D_GNU_SOURCE -D_XOPEN_SOURCE_EXTENDED \
             $(ISAL_DEF) -I. $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

CORE_SRC := $(shell find core -name '*.c' | sort)
CLI_SRC  := $(shell find cli -name '*.c' ! -name main.c | sort)
TUI_SRC  := $(shell find tui -name '*.c' | sort)
TEST_SUPPORT_SRC := $(shell find tests/support -name '*.c' | sort)
TEST_SRC := $(sort $(wildcard tests/test_*.c))

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))
CORE_OBJ := $(call obj,$(CORE_SRC))
CLI_OBJ  := $(call obj,$(CLI_SRC))
TUI_OBJ  := $(call obj,$(TUI_SRC))
SUPPORT_OBJ := $(call obj,$(TEST_SUPPORT_SRC))
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all deps run check test bench install uninstall clean docs kb-docs fuzz fuzz-build
all: gem5wb

gem5wb: $(BUILD)/gem5wb
	cp $< $@

$(BUILD)/gem5wb: $(BUILD)/cli/main.o $(CLI_OBJ) $(TUI_OBJ) $(CORE_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# kb_data.c embeds docs/kb.json with .incbin, which the compiler's -MMD cannot see.
$(BUILD)/core/kb/kb_data.o: docs/kb.json

$(BUILD)/tests/%: tests/%.c $(SUPPORT_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(SUPPORT_OBJ) $(CORE_OBJ) $(LIBS) -lcmocka

$(BUILD)/fixture-writer: $(BUILD)/tests/fixture_main.o $(SUPPORT_OBJ) $(CORE_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Debian packages gem5wb needs to build, test and drive the workflow.
DEB_PKGS := build-essential pkg-config libncurses-dev libgit2-dev zlib1g-dev libcjson-dev \
            libisal-dev isal libcmocka-dev tmux scons packer time
deps:
	@./tests/deps.sh $(DEB_PKGS)

run: deps
	$(MAKE) all
	./gem5wb

# The sanitizer build lives in its own folder so that `make` and `make check` never mix objects.
check: deps
	$(MAKE) BUILD=build/san EXTRA_CFLAGS="$(SAN_FLAGS)" CFLAGS= test

test: $(BUILD)/gem5wb $(TEST_BIN) $(BUILD)/fixture-writer $(BUILD)/replay
	./tests/run.sh $(BUILD)

# Replays a captured tool log at its recorded pace; tests/fakes/gem5 and tests/fakes/sst use it.
$(BUILD)/replay: tests/fakes/replay.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $<

# libFuzzer targets: every tests/fuzz/fuzz_*.c, built with clang in build/fuzz against core
# objects with coverage, ASan and UBSan, then each run for FUZZ_TIME seconds over its corpus
# (seeded by tests/fuzz/seeds.sh). See docs/fuzzing.md.
FUZZ_TIME ?= 600
FUZZ_ARGS ?=
FUZZ_BUILD := build/fuzz
# libFuzzer's runtime (libclang-rt-dev) is only a Recommends of clang, so it is named too.
FUZZ_DEB_PKGS := clang libclang-rt-dev
FUZZ_SRC   := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(basename $(notdir $(FUZZ_SRC)))
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer -D_GNU_SOURCE $(ISAL_DEF) -I. \
              $(shell pkg-config --cflags $(PKGS) 2>/dev/null)

fuzz: deps
	@./tests/deps.sh $(FUZZ_DEB_PKGS)
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="-g -O1" \
	        EXTRA_CFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" fuzz-build
	./tests/fuzz/seeds.sh $(FUZZ_BUILD) $(FUZZ_NAMES)
	FUZZ_ARGS='$(FUZZ_ARGS)' ./tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_TIME) $(FUZZ_NAMES)

# Run with BUILD=$(FUZZ_BUILD) CC=clang (as `fuzz` does): the fixture writer makes seeds.
fuzz-build: $(patsubst tests/fuzz/%.c,$(BUILD)/%,$(FUZZ_SRC)) $(BUILD)/fixture-writer

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(CORE_OBJ)
	$(CC) $(WARN) $(FUZZ_FLAGS) -MMD -MP -o $@ $< $(CORE_OBJ) $(LIBS)

bench: all $(BUILD)/pmem-bench $(BUILD)/job-bench
	./bench/run.sh
	./bench/pmem.sh $(BUILD)/pmem-bench
	./bench/fast.sh $(BUILD)/pmem-bench
	./bench/jobs.sh $(BUILD)/job-bench
	./bench/tui.sh $(BUILD)/gem5wb

$(BUILD)/job-bench: bench/job_bench.c $(CORE_OBJ)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(CORE_OBJ) $(LIBS)

$(BUILD)/pmem-bench: bench/pmem_bench.c $(CORE_OBJ)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(CORE_OBJ) $(LIBS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/gem5wb/themes \
	           $(DESTDIR)$(PREFIX)/share/doc/gem5wb $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 gem5wb $(DESTDIR)$(PREFIX)/bin/gem5wb
	install -m 644 themes/*.theme $(DESTDIR)$(PREFIX)/share/gem5wb/themes/
	install -m 644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/gem5wb/
	install -m 644 docs/gem5wb.1 $(DESTDIR)$(PREFIX)/share/man/man1/gem5wb.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/gem5wb $(DESTDIR)$(PREFIX)/share/man/man1/gem5wb.1
	rm -rf $(DESTDIR)$(PREFIX)/share/gem5wb $(DESTDIR)$(PREFIX)/share/doc/gem5wb

docs: all kb-docs
	tests/gen-cli-doc.sh ./gem5wb > docs/cli.md

# docs/troubleshooting.md from the knowledge base the binary carries (docs/kb.json).
kb-docs: all
	./gem5wb kb markdown > docs/troubleshooting.md.tmp && mv docs/troubleshooting.md.tmp docs/troubleshooting.md

clean:
	rm -rf build gem5wb
