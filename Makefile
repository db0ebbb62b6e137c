# tplay - a terminal media player.  See README.md.
#
#   make            build build/tplay
#   make demo       install what is missing, build, make the demo clip, play it
#   make check      install what is missing, build, run every test, then all
#                   of them again under AddressSanitizer and UBSan, then the
#                   unit tests and most end-to-end tests under valgrind
#   make unit-check build and run the unit tests alone (a package build's)
#   make deps       install the Debian packages the build, demo and tests need
#   make bench      tplay against mpv, ffprobe and timg; writes bench/results.md
#                   (BENCH=startup: --list-tracks against ffprobe alone)
#   make fuzz       libFuzzer (clang) on each parser of untrusted text,
#                   FUZZ_SECONDS (60) each, from the seeds in tests/fuzz/
#   make install    PREFIX=/usr/local DESTDIR= ; make uninstall
#   make clean

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR    := $(PREFIX)/bin
MANDIR    := $(PREFIX)/share/man/man1
DOCDIR    := $(PREFIX)/share/doc/tplay
BASHCOMPDIR := $(PREFIX)/share/bash-completion/completions
# zsh looks in vendor-completions for a package's, in site-functions for
# a local install's (/usr/local/share/zsh/site-functions is in its fpath).
ZSHCOMPDIR  := $(PREFIX)/share/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)
FISHCOMPDIR := $(PREFIX)/share/fish/vendor_completions.d
APPDIR      := $(PREFIX)/share/applications

BUILD     ?= build
SAN       ?=
CC        ?= cc
CFLAGS    ?= -O2 -g
PKG_CONFIG ?= pkg-config
ISO_CODES ?= /usr/share/iso-codes/json

WARN := -Wall -Wextra -Wformat=2 -Wshadow -Wmissing-prototypes \
        -Wstrict-prototypes -Wwrite-strings -Wvla -Werror
ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
endif
# The engine as the fuzz targets link it (clang only): coverage for
# libFuzzer, ASan and UBSan.
ifeq ($(SAN),fuzz)
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined \
            -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

ENGINE_PKGS := libavformat libavutil inih chafa libzmq alsa libsystemd zlib
# libmpv is opened when playback starts (src/libmpv.h): its headers only,
# so that --list-tracks never loads it and its hundred-odd libraries.
MPV_PKGS    := mpv
UI_PKGS     := ncursesw
TEST_PKGS   := cmocka

# Evaluated lazily so that `make deps` can run before pkg-config is needed.
# -isystem: warnings in library headers (glib's, under chafa) are not ours.
pkg_cflags = $(patsubst -I%,-isystem %,$(shell $(PKG_CONFIG) --cflags $(1)))
pkg_libs   = $(shell $(PKG_CONFIG) --libs $(1))

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DTPLAY_VERSION='"$(VERSION)"' \
             $(WARN) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -MMD -MP -Isrc -I$(BUILD) \
             $(call pkg_cflags,$(ENGINE_PKGS) $(MPV_PKGS) $(UI_PKGS))
# --as-needed: a library named but not called is not loaded at startup.
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS) -Wl,--as-needed
ENGINE_LIBS = $(call pkg_libs,$(ENGINE_PKGS)) -ldl -lpthread -lm
UI_LIBS     = $(call pkg_libs,$(UI_PKGS))

ENGINE_SRC := $(wildcard src/*.c)
UI_SRC     := $(wildcard ui/*.c)
UNIT_SRC   := $(wildcard tests/unit/test_*.c)

ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/lang_table.o \
              $(BUILD)/input_defaults.o
UI_OBJ     := $(UI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_TARGETS := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_OBJ     := $(FUZZ_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/fuzz/property.o
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)
FUZZ_SECONDS ?= 60

.PHONY: all demo check check-run deps deps-quick install uninstall clean unit \
        unit-check bench fuzz fuzz-build
.SECONDARY:

all: $(BUILD)/tplay

$(BUILD)/lang_table.c: src/lang_gen.py $(ISO_CODES)/iso_639-2.json $(ISO_CODES)/iso_639-3.json
	@mkdir -p $(@D)
	python3 src/lang_gen.py $(ISO_CODES)/iso_639-2.json $(ISO_CODES)/iso_639-3.json > $@.tmp
	mv $@.tmp $@

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The default key bindings, kept as the input.conf users copy from.
$(BUILD)/input_defaults.c: src/embed_gen.py share/input.conf
	@mkdir -p $(@D)
	python3 src/embed_gen.py input_defaults share/input.conf > $@.tmp
	mv $@.tmp $@

$(BUILD)/input_defaults.o: $(BUILD)/input_defaults.c
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/lang_table.o: $(BUILD)/lang_table.c
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libtplay.a: $(ENGINE_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/tplay: $(UI_OBJ) $(BUILD)/libtplay.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(UI_OBJ) $(BUILD)/libtplay.a $(UI_LIBS) $(ENGINE_LIBS)

$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -Iui -DTPLAY_SOURCE_DIR='"$(CURDIR)"' $(call pkg_cflags,$(TEST_PKGS)) -c -o $@ $<

# The UI's parts without curses are unit-tested too (the mic monitor
# while off: no device is opened).
UI_TESTED := $(BUILD)/ui/layout.o $(BUILD)/ui/text.o $(BUILD)/ui/msgfit.o \
             $(BUILD)/ui/heard.o $(BUILD)/ui/duration.o \
             $(BUILD)/ui/monitor.o $(BUILD)/ui/trace.o \
             $(BUILD)/ui/cuelines.o

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(UI_TESTED) $(BUILD)/libtplay.a
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(UI_TESTED) $(BUILD)/libtplay.a $(call pkg_libs,$(TEST_PKGS)) $(ENGINE_LIBS)

# The test sound card (tests/alsa/faulty.c), dlopened by alsa-lib inside
# tplay: built with tplay's flags, sanitizers too, since only the build's
# own tplay loads it.
FAULTY_SO := $(BUILD)/tests/libasound_module_pcm_faulty.so

$(FAULTY_SO): tests/alsa/faulty.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -fPIC -DPIC -shared -o $@ $< $(ALL_LDFLAGS) \
	    $(call pkg_libs,alsa) -lm


# The fuzz targets: plain functions the replay test runs over the kept
# inputs; with SAN=fuzz each also carries libFuzzer's entry point.
$(BUILD)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -Iui $(if $(filter fuzz,$(SAN)),-DFUZZ_LIBFUZZER) -c -o $@ $<

$(BUILD)/tests/test_fuzz_replay.o: ALL_CFLAGS += -Itests/fuzz

$(BUILD)/tests/test_fuzz_replay: $(BUILD)/tests/test_fuzz_replay.o $(FUZZ_OBJ) $(UI_TESTED) $(BUILD)/libtplay.a
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(FUZZ_OBJ) $(UI_TESTED) $(BUILD)/libtplay.a $(call pkg_libs,$(TEST_PKGS)) $(ENGINE_LIBS)

# The stand-in player around src/mpris.c that tests/e2e/test_mpris.py
# drives on a private session bus (tests/mpris/driver.c says how).
MPRIS_DRIVER := $(BUILD)/tests/mpris_driver

$(MPRIS_DRIVER): $(BUILD)/tests/mpris/driver.o $(BUILD)/libtplay.a
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libtplay.a $(ENGINE_LIBS)

unit: $(UNIT_BIN) $(FAULTY_SO) $(MPRIS_DRIVER)

# Each unit test, all of them whatever fails: what debian/rules runs.  No
# terminal, no sound card, no package installed; test_video needs ffmpeg.
unit-check: $(UNIT_BIN)
	@failed=""; for t in $(UNIT_BIN); do \
	    $$t || failed="$$failed $$(basename $$t)"; \
	done; \
	[ -z "$$failed" ] || { echo "unit-check: failed:$$failed" >&2; exit 1; }

$(BUILD)/bench/filter: bench/filter.c $(BUILD)/libtplay.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libtplay.a -lm

# Peers side by side, ratios printed; never part of check, never fails on
# a number.  Writes bench/results.md; BENCH=startup runs only the
# --list-tracks against ffprobe section, and only prints it; BENCH=pixels
# runs only the sixel-in-xterm section and puts it in bench/results.md.
BENCH ?=
bench:
	@share/deps.sh --check --bench 2>/dev/null || share/deps.sh --bench
	@$(MAKE) --no-print-directory all $(BUILD)/bench/filter
	python3 bench/run.py $(BUILD) $(BENCH)

$(BUILD)/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/property.o $(BUILD)/ui/text.o $(BUILD)/ui/cuelines.o $(BUILD)/libtplay.a
	$(CC) $(LDFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $^ $(ENGINE_LIBS)

fuzz-build: $(FUZZ_BIN)

# Each target FUZZ_SECONDS from tests/fuzz/seeds; the growing corpus and
# the findings stay in build/fuzz.  Never part of check: the replay test is.
fuzz:
	@share/deps.sh --check --fuzz 2>/dev/null || share/deps.sh --fuzz
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang SAN=fuzz fuzz-build
	tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

deps:
	@share/deps.sh

deps-quick:
	@share/deps.sh --check 2>/dev/null || share/deps.sh

demo: deps-quick
	@$(MAKE) --no-print-directory all share/demo/demo.mkv
	$(BUILD)/tplay share/demo/demo.mkv

share/demo/demo.mkv: share/demo/make-demo.sh
	share/demo/make-demo.sh $@

check: deps-quick
	@$(MAKE) --no-print-directory check-run

# Plain build first, then the same suite under ASan + UBSan, then the
# plain build under valgrind memcheck (tests/valgrind.supp; the sanitizers
# and valgrind do not mix).
check-run:
	@$(MAKE) --no-print-directory all unit
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 all unit
	tests/run.sh build build/san --valgrind build

install: $(BUILD)/tplay
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DOCDIR) \
	           $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	           $(DESTDIR)$(FISHCOMPDIR) $(DESTDIR)$(APPDIR)
	install -m 755 $(BUILD)/tplay $(DESTDIR)$(BINDIR)/tplay
	install -m 644 share/man/tplay.1 $(DESTDIR)$(MANDIR)/tplay.1
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -d $(DESTDIR)$(DOCDIR)/docs
	install -m 644 docs/*.md $(DESTDIR)$(DOCDIR)/docs/
	install -m 644 config/tplay.conf $(DESTDIR)$(DOCDIR)/tplay.conf
	install -m 644 share/completions/tplay.bash $(DESTDIR)$(BASHCOMPDIR)/tplay
	install -m 644 share/completions/_tplay $(DESTDIR)$(ZSHCOMPDIR)/_tplay
	install -m 644 share/completions/tplay.fish $(DESTDIR)$(FISHCOMPDIR)/tplay.fish
	install -m 644 share/tplay.desktop $(DESTDIR)$(APPDIR)/tplay.desktop

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tplay $(DESTDIR)$(MANDIR)/tplay.1 \
	      $(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(DOCDIR)/tplay.conf \
	      $(DESTDIR)$(BASHCOMPDIR)/tplay $(DESTDIR)$(ZSHCOMPDIR)/_tplay \
	      $(DESTDIR)$(FISHCOMPDIR)/tplay.fish $(DESTDIR)$(APPDIR)/tplay.desktop
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/,$(wildcard docs/*.md))
	-rmdir $(DESTDIR)$(DOCDIR)/docs 2>/dev/null
	-rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null

clean:
	rm -rf build share/demo/demo.mkv share/demo/.work

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
