# netboot - one non-recursive GNU Makefile.
#
#   make              build/klibc/netboot (static klibc) and build/netboot-diag
#   make deps         install every Debian package the build and tests need
#   make check        every test tier (unit, golden, fuzz replay, net, nfs, e2e)
#   make check-TIER   one tier
#   make demo         PXE + NFS netboot of a tiny live image in qemu
#   make bench        benchmarks (never part of check)
#   make install DESTDIR= PREFIX=    make clean
.DELETE_ON_ERROR:
.SUFFIXES:
.DEFAULT_GOAL := all
SHELL := /bin/bash

VERSION := 0.1.0
PREFIX  ?= /usr
DESTDIR ?=
KLCC    ?= klcc
CC      ?= cc
STRIP   ?= strip

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wcast-qual -Wvla -Werror
DEFS := -DNETBOOT_VERSION='"$(VERSION)"'

# Product: klibc, -Os, static, stripped.  klibc's own headers are marked
# as system headers so their casts do not trip our warnings.
KLIBC_INC ?= /usr/lib/klibc/include
KCFLAGS := -Os -ffunction-sections -fdata-sections $(WARN) $(DEFS) -Wp,-isystem,$(KLIBC_INC)/arch/x86_64 \
	-Wp,-isystem,$(KLIBC_INC)/bits64 -Wp,-isystem,$(KLIBC_INC) \
	-Isrc -Isrc/core -Isrc/sys -Isrc/phase
# Host build of the same core, for tests: sanitizers on.
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
HCFLAGS := -O1 -g $(SANITIZE) $(WARN) $(DEFS) -Isrc -Isrc/core -Isrc/sys -Isrc/phase -MMD -MP $(CFLAGS)
HLDFLAGS := $(SANITIZE) $(LDFLAGS)

CORE_SRC  := $(sort $(wildcard src/core/*.c))
SYS_SRC   := $(sort $(wildcard src/sys/*.c))
PHASE_SRC := $(sort $(wildcard src/phase/*.c))
NB_SRC    := src/netboot.c $(CORE_SRC) $(SYS_SRC) $(PHASE_SRC)

K := build/klibc
H := build/host
DIAG_BIN := build/netboot-diag
IMAGE_BIN := build/netboot-image
MONITOR_BIN := build/netboot-monitor

KOBJ := $(patsubst src/%.c,$(K)/obj/%.o,$(NB_SRC))
HCORE_OBJ := $(patsubst src/%.c,$(H)/obj/%.o,$(CORE_SRC))

.PHONY: all
all: $(K)/netboot $(DIAG_BIN) $(IMAGE_BIN) $(MONITOR_BIN)

$(K)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(KLCC) $(KCFLAGS) -MMD -MP -c -o $@ $<

$(K)/netboot: $(KOBJ)
	$(KLCC) -static -Wl,--gc-sections -Wl,-z,noseparate-code -o $@ $^
	$(STRIP) $@
	@printf 'netboot: %s, %s bytes (goal: <= 65536)\n' \
		"$$(file -b $@ | cut -d, -f1-4)" "$$(stat -c %s $@)"

$(H)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(HCFLAGS) -c -o $@ $<

$(H)/libcore.a: $(HCORE_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

# ---- unit tests (cmocka), one binary per tests/unit/test-*.c -------------
UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(H)/unit/%,$(UNIT_SRC))

$(H)/unit/%: tests/unit/%.c $(H)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(HCFLAGS) -Itests/unit -o $@ $< $(H)/libcore.a $(HLDFLAGS) -lcmocka

# ---- phase seam: src/phase/*.c on the host against fakes of src/sys/ -----
# tests/unit/test-phase-*.c link every tests/unit/fake/*.c object, then the
# host archives of src/phase, src/sys and src/core: a fake replaces a whole
# src/sys file, the files without a fake are linked for real (how to add
# one: tests/unit/fake/fake.h).  No root, a fake clock, milliseconds.
HPHASE_OBJ := $(patsubst src/%.c,$(H)/obj/%.o,$(PHASE_SRC))
HSYS_OBJ   := $(patsubst src/%.c,$(H)/obj/%.o,$(SYS_SRC))
FAKE_OBJ   := $(patsubst tests/unit/fake/%.c,$(H)/fake/%.o,$(sort $(wildcard tests/unit/fake/*.c)))

$(H)/fake/%.o: tests/unit/fake/%.c
	@mkdir -p $(@D)
	$(CC) $(HCFLAGS) -Itests/unit/fake -c -o $@ $<

$(H)/libphase.a: $(HPHASE_OBJ)
	rm -f $@ && ar rcs $@ $^

$(H)/libsys.a: $(HSYS_OBJ)
	rm -f $@ && ar rcs $@ $^

PHASE_UNIT_BIN := $(filter $(H)/unit/test-phase-%,$(UNIT_BIN))
$(PHASE_UNIT_BIN): $(H)/unit/test-phase-%: tests/unit/test-phase-%.c $(FAKE_OBJ) $(H)/libphase.a $(H)/libsys.a $(H)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(HCFLAGS) -Itests/unit -Itests/unit/fake -o $@ $< $(FAKE_OBJ) \
		$(H)/libphase.a $(H)/libsys.a $(H)/libcore.a $(HLDFLAGS) -lcmocka

-include $(HPHASE_OBJ:.o=.d) $(HSYS_OBJ:.o=.d) $(FAKE_OBJ:.o=.d)


# ---- netboot-diag: glibc -static + libnfs.a, -Os, stripped ---------------
# The busybox-prompt debugging tool (src/diag/).  The core is compiled again
# here without sanitizers (build/host's objects carry ASan); linking it as an
# archive takes only the objects diag uses.  libnfs.a needs only libc.
D := build/diag
DIAG_SRC  := $(sort $(wildcard src/diag/*.c))
DIAG_OBJ  := $(patsubst src/%.c,$(D)/obj/%.o,$(DIAG_SRC))
DCORE_OBJ := $(patsubst src/%.c,$(D)/obj/%.o,$(CORE_SRC))
LIBNFS_A  ?= $(shell $(CC) -print-file-name=libnfs.a)
DCFLAGS   := -Os -ffunction-sections -fdata-sections $(WARN) $(DEFS) -Isrc/core -MMD -MP $(CFLAGS)

$(D)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(DCFLAGS) -c -o $@ $<

$(D)/libcore.a: $(DCORE_OBJ)
	rm -f $@ && ar rcs $@ $^

$(DIAG_BIN): $(DIAG_OBJ) $(D)/libcore.a
	$(CC) -static -Wl,--gc-sections $(LDFLAGS) -o $@ $(DIAG_OBJ) $(D)/libcore.a $(LIBNFS_A)
	$(STRIP) $@
	@printf 'netboot-diag: %s, %s bytes\n' \
		"$$(file -b $@ | cut -d, -f1-4)" "$$(stat -c %s $@)"

.PHONY: diag check-nfs
diag: $(DIAG_BIN)
check-nfs: deps $(DIAG_BIN)
	@tests/nfs/run.sh

# explain.c is pure: unit-tested with the host core.
DIAG_UNIT_OBJ := $(H)/obj/diag/explain.o
$(H)/unit/test-diag-explain: tests/unit/test-diag-explain.c $(DIAG_UNIT_OBJ) $(H)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(HCFLAGS) -Itests/unit -Isrc/diag -o $@ $< $(DIAG_UNIT_OBJ) $(H)/libcore.a $(HLDFLAGS) -lcmocka

-include $(DIAG_OBJ:.o=.d) $(DCORE_OBJ:.o=.d) $(DIAG_UNIT_OBJ:.o=.d)

# ---- netboot-image: the server side's reader of ISOs and initrds ---------
# Host tool (glibc, dynamic), src/image/*.c over the same non-sanitized core
# archive as netboot-diag; the initrd decompressors come from Debian's libs.
IMAGE_SRC := $(sort $(wildcard src/image/*.c))
IMAGE_OBJ := $(patsubst src/%.c,$(D)/obj/%.o,$(IMAGE_SRC))
IMAGE_LIBS ?= -lz -llzma -lzstd -llz4

$(IMAGE_BIN): $(IMAGE_OBJ) $(D)/libcore.a
	$(CC) -Wl,--gc-sections $(LDFLAGS) -o $@ $(IMAGE_OBJ) $(D)/libcore.a $(IMAGE_LIBS)
	$(STRIP) $@

$(D)/obj/image/%.o: DCFLAGS += -Isrc/image
-include $(IMAGE_OBJ:.o=.d)

# ---- netboot-monitor: the boot server's live view of the room ------------
MONITOR_SRC := $(sort $(wildcard src/monitor/*.c))
MONITOR_OBJ := $(patsubst src/%.c,$(D)/obj/%.o,$(MONITOR_SRC))

$(MONITOR_BIN): $(MONITOR_OBJ) $(D)/libcore.a
	$(CC) -Wl,--gc-sections $(LDFLAGS) -o $@ $(MONITOR_OBJ) $(D)/libcore.a
	$(STRIP) $@
-include $(MONITOR_OBJ:.o=.d)

# ---- fuzz: one libFuzzer target per parser, tests/fuzz/fuzz-T.c -----------
# check-fuzz: each target linked with tests/fuzz/replay.c (no libFuzzer)
# against the host core (gcc, ASan + UBSan) replays tests/fuzz/corpus/T and
# tests/fuzz/regressions/T, one child per input; "fuzz: N passed, N failed"
# counts inputs.  make fuzz: the targets built by clang with libFuzzer over
# their own clang build of the core (build/fuzz/), FUZZ_SECONDS each,
# FUZZ_JOBS at a time; new corpus entries go to build/fuzz-corpus/T,
# minimised crashes to tests/fuzz/regressions/T.
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz-%.c,%,$(sort $(wildcard tests/fuzz/fuzz-*.c)))
FUZZ_REPLAY  := $(patsubst %,$(H)/fuzz/fuzz-%,$(FUZZ_TARGETS))
F := build/fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 2
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FCFLAGS  := -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(WARN) $(DEFS) -Isrc/core -Itests/fuzz -MMD -MP
FCORE_OBJ := $(patsubst src/%.c,$(F)/obj/%.o,$(CORE_SRC))
FUZZ_BIN  := $(patsubst %,$(F)/fuzz-%,$(FUZZ_TARGETS))
FUZZ_RUNS := $(patsubst %,fuzz-run-%,$(FUZZ_TARGETS))

$(H)/fuzz/obj/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(CC) $(HCFLAGS) -Itests/fuzz -c -o $@ $<

$(FUZZ_REPLAY): $(H)/fuzz/fuzz-%: $(H)/fuzz/obj/fuzz-%.o $(H)/fuzz/obj/replay.o $(H)/libcore.a
	$(CC) -o $@ $^ $(HLDFLAGS)

$(F)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FCFLAGS) -c -o $@ $<

$(F)/tobj/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FCFLAGS) -c -o $@ $<

$(FUZZ_BIN): $(F)/fuzz-%: $(F)/tobj/fuzz-%.o $(FCORE_OBJ)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

.PHONY: check-fuzz fuzz fuzz-build $(FUZZ_RUNS)
check-fuzz: deps $(FUZZ_REPLAY)
	@tests/fuzz/run-replay.sh $(FUZZ_TARGETS)
fuzz-build: $(FUZZ_BIN)
fuzz: fuzz-build
	@$(MAKE) --no-print-directory -k -j$(FUZZ_JOBS) $(FUZZ_RUNS)
$(FUZZ_RUNS): fuzz-run-%: $(F)/fuzz-%
	@tests/fuzz/run-fuzz.sh $* $(FUZZ_SECONDS)

-include $(wildcard $(H)/fuzz/obj/*.d $(F)/obj/*/*.d $(F)/tobj/*.d)

.PHONY: bench
bench: deps all
	@tests/bench/run.sh

# ---- hostile DHCP server, faults, load (tests/net/hostile.c, *.sh) ------
# nbt-hostile: a scripted hostile DHCP server (test tool, host cc).
$(H)/tools/nbt-hostile: tests/net/hostile.c
	@mkdir -p $(@D)
	$(CC) -O2 -g $(WARN) $(CFLAGS) -o $@ $< $(LDFLAGS)

.PHONY: check-hostile check-faults check-load
check-hostile: deps $(K)/netboot $(H)/tools/nbt-hostile
	@tests/net/hostile.sh
check-faults: deps $(K)/netboot $(H)/tools/nbt-hostile
	@tests/net/faults.sh
check-load: deps $(K)/netboot $(H)/tools/nbt-hostile
	@tests/net/load.sh

.PHONY: check-e2e
check-e2e: deps all
	@tests/e2e/run.sh

# netboot-server end to end in network namespaces (tests/server/run.sh)
.PHONY: check-server
check-server: deps all
	@tests/server/run.sh

# netboot-remaster on real initrds, hostile ones too (tests/remaster/run.sh)
.PHONY: check-remaster
check-remaster: deps all
	@tests/remaster/run.sh

.PHONY: demo
demo: deps all
	@scripts/demo.sh

.PHONY: deps
deps:
	@scripts/deps.sh

.PHONY: unit check-unit
unit: $(UNIT_BIN)
check-unit: deps unit
	@tests/lib/run-unit.sh $(UNIT_BIN)

.PHONY: check-net
check-net: deps $(K)/netboot $(MONITOR_BIN)
	@tests/net/run.sh
	@tests/net/report.sh

# netboot fetch / resolve against lighttpd, dnsmasq and hostile servers (tests/http/run.sh)
.PHONY: check-http
check-http: deps $(K)/netboot
	@tests/http/run.sh

CHECK_TIERS ?= check-lint check-unit check-golden check-shims check-handoff check-nfs check-net check-http check-fuzz check-e2e check-server check-remaster check-deb check-hostile check-faults check-load
.PHONY: check
check: deps all
	@tests/lib/run-tiers.sh $(CHECK_TIERS)

# install: the binaries under $(PREFIX)/lib/netboot, the initramfs-tools
# hook and scripts (so update-initramfs / mkinitramfs build a netboot-ready
# initrd), the man pages.
ITDIR ?= /usr/share/initramfs-tools
.PHONY: install
install: all
	install -D -m 0755 $(K)/netboot $(DESTDIR)$(PREFIX)/lib/netboot/netboot
	install -D -m 0755 initramfs/shim/nfsmount $(DESTDIR)$(PREFIX)/lib/netboot/shim/nfsmount
	install -D -m 0755 initramfs/shim/ipconfig $(DESTDIR)$(PREFIX)/lib/netboot/shim/ipconfig
	install -D -m 0755 hooks/netboot $(DESTDIR)$(ITDIR)/hooks/netboot
	install -D -m 0755 initramfs/init-premount/netboot $(DESTDIR)$(ITDIR)/scripts/init-premount/netboot
	install -D -m 0755 initramfs/init-bottom/netboot $(DESTDIR)$(ITDIR)/scripts/init-bottom/netboot
	install -D -m 0755 $(DIAG_BIN) $(DESTDIR)$(PREFIX)/lib/netboot/netboot-diag
	install -D -m 0755 $(IMAGE_BIN) $(DESTDIR)$(PREFIX)/lib/netboot/netboot-image
	install -D -m 0755 $(MONITOR_BIN) $(DESTDIR)$(PREFIX)/lib/netboot/netboot-monitor
	install -D -m 0755 scripts/netboot-remaster $(DESTDIR)$(PREFIX)/sbin/netboot-remaster
	install -D -m 0644 initramfs/conf.d/netboot $(DESTDIR)$(PREFIX)/share/netboot/conf.d/netboot
	install -D -m 0755 scripts/netboot-server $(DESTDIR)$(PREFIX)/sbin/netboot-server
	install -D -m 0644 src/netboot.8 $(DESTDIR)$(PREFIX)/share/man/man8/netboot.8
	install -D -m 0644 src/diag/netboot-diag.8 $(DESTDIR)$(PREFIX)/share/man/man8/netboot-diag.8
	install -D -m 0644 scripts/netboot-server.8 $(DESTDIR)$(PREFIX)/share/man/man8/netboot-server.8
	install -D -m 0644 scripts/netboot-remaster.8 $(DESTDIR)$(PREFIX)/share/man/man8/netboot-remaster.8

# ---- lint: every shell script that runs in the initrd, as dash ----------
SH_INITRD := initramfs/init-premount/netboot initramfs/init-bottom/netboot initramfs/conf.d/netboot \
	$(wildcard initramfs/shim/*) hooks/netboot
# ---- golden: rendered files vs .expected, hostile values sourced in sh --
.PHONY: check-golden
check-golden: deps
	@tests/golden/run.sh

# the initrd shims decide right (tests/golden/shims.sh)
.PHONY: check-shims
check-shims: deps
	@tests/golden/shims.sh

# netboot handoff against fake live roots (tests/golden/handoff.sh)
.PHONY: check-handoff
check-handoff: deps $(K)/netboot
	@tests/golden/handoff.sh

.PHONY: check-lint
check-lint: deps
	shellcheck -s dash $(SH_INITRD)
	shellcheck -x scripts/netboot-remaster scripts/netboot-server $(wildcard scripts/*.sh tests/lib/*.sh tests/server/*.sh tests/server/e2e/*.sh tests/deb/*.sh tests/remaster/*.sh tests/http/*.sh)
	@echo "lint: 2 passed, 0 failed"

# make deb: build/netboot_VERSION_amd64.deb from a make install tree
# (control data generated by scripts/mkdeb.sh; lintian runs when present)
.PHONY: deb
deb: all
	rm -rf build/deb
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/build/deb/root PREFIX=/usr >/dev/null
	@scripts/mkdeb.sh $(VERSION) build/deb build

# the .deb in a throwaway Debian 12 chroot (tests/deb/run.sh)
.PHONY: check-deb
check-deb: deps deb
	@tests/deb/run.sh

.PHONY: clean
clean:
	rm -rf build

-include $(KOBJ:.o=.d) $(HCORE_OBJ:.o=.d) $(UNIT_BIN:=.d)
