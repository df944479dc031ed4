#!/bin/bash
# tests/golden/handoff.sh - `netboot handoff` against fake live roots, no
# VM needed: every era's network stack gets its file, with the right mode
# and content; a symlink planted at a target is replaced, never written
# through; a symlinked parent directory is refused; nothing world-writable
# is created; the boot report is copied whole up to REPORT_CAP, a larger
# one as its head and tail around a marker line, and a copy that fails is
# said.  Runs the real static binary.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NB=${NETBOOT:-$HERE/../../build/klibc/netboot}
PASS=0
FAIL=0
WORK=""

ok() {
	PASS=$((PASS + 1))
}

bad() {
	FAIL=$((FAIL + 1))
	echo "FAIL: $*"
}

check() {
	local what=$1
	shift
	if "$@"; then ok; else bad "$what"; fi
}

# mkroot DIR - a live root with every stack netboot knows
mkroot() {
	local r=$1
	mkdir -p "$r/etc/NetworkManager/conf.d" "$r/usr/sbin" "$r/etc/init.d" \
		"$r/etc/init" "$r/lib/systemd" "$r/etc/netplan" "$r/etc/cloud" \
		"$r/sbin" "$r/var/log" "$r/etc/network"
	: >"$r/usr/sbin/NetworkManager"
	: >"$r/lib/systemd/systemd-networkd"
	: >"$r/usr/sbin/netplan"
	: >"$r/etc/cloud/cloud.cfg"
	: >"$r/sbin/ifup"
	printf '#!/bin/sh\nstart NM\n' >"$r/etc/init.d/NetworkManager"
	printf 'start on runlevel\n' >"$r/etc/init/network-manager.conf"
}

setup_run() {
	local d=$1
	mkdir -p "$d"
	printf "DEVICE='ens3'\nMAC='52:54:00:12:34:02'\nREASON='test'\n" >"$d/net.state"
	printf '[    1.000] phase net: ens3\n' >"$d/netboot.log"
	echo "boot=live netboot=nfs nfsroot=10.0.2.2:/export" >"$d/cmdline"
}

mode_of() {
	stat -c %a "$1"
}

# run_handoff ROOT RUNDIR - under umask 000, so any mode netboot forgets
# to set shows up as world-writable
run_handoff() {
	: >"$2/out"
	(umask 000 && "$NB" handoff --root "$1" --rundir "$2" --cmdline "$2/cmdline" >"$2/out" 2>&1)
}

case_all_stacks() {
	local r=$WORK/all/root d=$WORK/all/run f
	mkroot "$r"
	setup_run "$d"
	check "all: exit 0" run_handoff "$r" "$d"
	f=$r/etc/NetworkManager/conf.d/99-netboot.conf
	check "all: NM conf.d file" grep -q 'unmanaged-devices+=mac:52:54:00:12:34:02' "$f"
	check "all: NM conf.d mode 644" test "$(mode_of "$f")" = 644
	check "all: netplan mode 600" test "$(mode_of "$r/etc/netplan/00-netboot.yaml")" = 600
	check "all: networkd Unmanaged" grep -q 'Unmanaged=yes' "$r/etc/systemd/network/00-netboot.network"
	check "all: cloud-init disabled" grep -q 'config: disabled' "$r/etc/cloud/cloud.cfg.d/99-netboot.cfg"
	check "all: ifupdown manual" grep -q 'iface ens3 inet manual' "$r/etc/network/interfaces"
	check "all: no auto for the NIC" bash -c "! grep -q '^auto ens3' '$r/etc/network/interfaces'"
	check "all: report copied" grep -q 'phase net: ens3' "$r/var/log/netboot.log"
	WW=$(find "$r" "$d" -perm -o+w ! -type l)
	check "all: nothing world-writable: $WW" test -z "$WW"
	check "all: no temp files left" test -z "$(find "$r" -name '*.netboot-*')"
}

case_planted_symlink() {
	local r=$WORK/sym/root d=$WORK/sym/run f
	mkroot "$r"
	setup_run "$d"
	echo "sentinel" >"$WORK/sym/target"
	ln -s "$WORK/sym/target" "$r/etc/netplan/00-netboot.yaml"
	ln -s "$WORK/sym/target" "$r/etc/NetworkManager/conf.d/99-netboot.conf"
	check "symlink: exit 0" run_handoff "$r" "$d"
	check "symlink: target untouched" test "$(cat "$WORK/sym/target")" = sentinel
	f=$r/etc/netplan/00-netboot.yaml
	check "symlink: replaced by a regular file" test -f "$f" -a ! -L "$f"
	check "symlink: NM file regular" test ! -L "$r/etc/NetworkManager/conf.d/99-netboot.conf"
}

case_symlinked_parent() {
	local r=$WORK/par/root d=$WORK/par/run
	mkroot "$r"
	setup_run "$d"
	mkdir -p "$WORK/par/elsewhere"
	rm -rf "$r/etc/cloud"
	ln -s "$WORK/par/elsewhere" "$r/etc/cloud"
	: >"$WORK/par/elsewhere/cloud.cfg"
	run_handoff "$r" "$d"
	check "parent: exit 111 (a file could not be written)" test $? -eq 111
	check "parent: nothing written through the link" test "$(find "$WORK/par/elsewhere" -mindepth 1)" = "$WORK/par/elsewhere/cloud.cfg"
	check "parent: the refusal is logged" grep -q 'cloud' "$d/out"
	check "parent: the other stacks still done" test -f "$r/etc/NetworkManager/conf.d/99-netboot.conf"
}

case_no_state() {
	local r=$WORK/none/root d=$WORK/none/run
	mkroot "$r"
	setup_run "$d"
	rm "$d/net.state"
	run_handoff "$r" "$d"
	check "no state: exit 100" test $? -eq 100
	check "no state: says why" grep -q 'did the network phase run' "$d/out"
	check "no state: wrote nothing" test ! -e "$r/etc/NetworkManager/conf.d/99-netboot.conf"
}

# The report copy's cap (src/phase/handoff.c, README): the first
# REPORT_HEAD and the last REPORT_TAIL bytes of a larger report.
REPORT_HEAD=$((512 * 1024))
REPORT_TAIL=$((512 * 1024))
REPORT_CAP=$((REPORT_HEAD + REPORT_TAIL))

# bigreport FILE LINES - LINES numbered report lines
bigreport() {
	awk -v n="$2" 'BEGIN { for (i = 1; i <= n; i++) printf "[%5d.%03d] line %06d of the report\n", i / 1000, i % 1000, i }' >"$1"
}

# A report over 64 KiB but under the cap: copied intact (the copy is what
# the report held when it was taken: a prefix of the report as it is now,
# and at least all that was there before handoff ran).
case_report_190k() {
	local r=$WORK/r190k/root d=$WORK/r190k/run f n
	mkroot "$r"
	setup_run "$d"
	bigreport "$d/netboot.log" 5000
	n=$(stat -c %s "$d/netboot.log")
	run_handoff "$r" "$d"
	check "report 5000 lines: exit 0" test $? -eq 0
	f=$r/var/log/netboot.log
	check "report 5000 lines ($n bytes): copied" test -f "$f"
	[[ -f $f ]] || return
	check "report 5000 lines: all of it" test "$(stat -c %s "$f")" -ge "$n"
	check "report 5000 lines: the same bytes" cmp -s -n "$(stat -c %s "$f")" "$f" "$d/netboot.log"
	check "report 5000 lines: no marker" bash -c "! grep -q 'netboot: report truncated' '$f'"
}

# 100,000 lines (~3.7 MB): the head and the tail around one marker line,
# no more than the cap, cut at line boundaries, and the console says so.
case_report_100k() {
	local r=$WORK/r100k/root d=$WORK/r100k/run f n size first last
	mkroot "$r"
	setup_run "$d"
	bigreport "$d/netboot.log" 100000
	n=$(stat -c %s "$d/netboot.log")
	run_handoff "$r" "$d"
	check "report 100k lines: exit 0" test $? -eq 0
	f=$r/var/log/netboot.log
	check "report 100k lines ($n bytes): copied" test -f "$f"
	[[ -f $f ]] || return
	size=$(stat -c %s "$f")
	echo "handoff: a 100000-line report of $n bytes copied as $size bytes"
	check "report 100k lines: at most the cap + a marker ($size)" test "$size" -le $((REPORT_CAP + 200))
	check "report 100k lines: at least the cap - 2 lines ($size)" test "$size" -ge $((REPORT_CAP - 200))
	check "report 100k lines: one marker" test "$(grep -c '^netboot: report truncated' "$f")" -eq 1
	check "report 100k lines: the head intact" cmp -s -n $((REPORT_HEAD - 100)) "$f" "$d/netboot.log"
	first=$(head -n 1 "$f")
	check "report 100k lines: starts with line 1" test "$first" = "$(head -n 1 "$d/netboot.log")"
	check "report 100k lines: ends with the handoff's own lines" grep -q 'phase handoff: done' <(tail -n 5 "$f")
	last=$(grep -m 1 -A 1 '^netboot: report truncated' "$f" | tail -n 1)
	check "report 100k lines: the tail starts on a whole line ($last)" grep -qxF -- "$last" "$d/netboot.log"
	check "report 100k lines: every line whole" test "$(grep -cv '^\[.*\] \|^netboot: report truncated' "$f")" -eq 0
	check "report 100k lines: the console says it was cut" grep -q 'boot report.*truncated\|copied the first' "$d/out"
}

# A report that can not be read (a directory where it should be) and one
# that can not be written (the live root's /var/log is a symlink): each
# is said once, with what and why.
case_report_fails() {
	local r=$WORK/rf/root d=$WORK/rf/run
	mkroot "$r"
	setup_run "$d"
	rm "$d/netboot.log"
	mkdir "$d/netboot.log"
	run_handoff "$r" "$d"
	check "report unreadable: exit 0" test $? -eq 0
	check "report unreadable: said once" test "$(grep -c 'unable to copy the boot report' "$d/out")" -eq 1
	check "report unreadable: names the source" grep -q 'unable to copy the boot report.*netboot.log' "$d/out"
	r=$WORK/rw/root d=$WORK/rw/run
	mkroot "$r"
	setup_run "$d"
	mkdir -p "$WORK/rw/elsewhere"
	rm -rf "$r/var/log"
	ln -s "$WORK/rw/elsewhere" "$r/var/log"
	run_handoff "$r" "$d"
	check "report unwritable: exit 0" test $? -eq 0
	check "report unwritable: nothing through the link" test -z "$(ls -A "$WORK/rw/elsewhere")"
	check "report unwritable: said once" test "$(grep -c 'unable to copy the boot report' "$d/out")" -eq 1
}

main() {
	[[ -x $NB ]] || { echo "handoff: no $NB (run make)"; echo "handoff: 0 passed, 1 failed"; exit 1; }
	WORK=$(mktemp -d)
	trap 'rm -rf "$WORK"' EXIT
	umask 022
	case_all_stacks
	case_planted_symlink
	case_symlinked_parent
	case_no_state
	case_report_190k
	case_report_100k
	case_report_fails
	echo "handoff: $PASS passed, $FAIL failed"
	[[ $FAIL -eq 0 ]]
}

main "$@"
