#!/bin/bash
# tests/golden/handoff.sh - `netboot handoff` against fake live roots, no
# VM needed: every era's network stack gets its file, with the right mode
# and content; a symlink planted at a target is replaced, never written
# through; a symlinked parent directory is refused; nothing world-writable
# is created; the boot report is copied.  Runs the real static binary.
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

main() {
	[[ -x $NB ]] || { echo "handoff: no $NB (run make)"; echo "handoff: 0 passed, 1 failed"; exit 1; }
	WORK=$(mktemp -d)
	trap 'rm -rf "$WORK"' EXIT
	umask 022
	case_all_stacks
	case_planted_symlink
	case_symlinked_parent
	case_no_state
	echo "handoff: $PASS passed, $FAIL failed"
	[[ $FAIL -eq 0 ]]
}

main "$@"
