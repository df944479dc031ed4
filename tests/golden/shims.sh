#!/bin/bash
# tests/golden/shims.sh - the initrd shims (initramfs/shim/) decide right:
# ipconfig on netboot's NIC reports the lease and never reaches the real
# ipconfig, whatever form the call takes; any other call does.  Runs each
# case in dash and busybox sh.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SHIM=$HERE/../../initramfs/shim
PASS=0
FAIL=0

setup() {
	WORK=$(mktemp -d)
	mkdir -p "$WORK/run/netboot" "$WORK/real"
	printf "DEVICE='ens3'\nMAC='52:54:00:12:34:02'\n" >"$WORK/run/netboot/net.state"
	printf "DEVICE='ens3'\nIPV4ADDR='10.0.2.15'\nIPV4NETMASK='255.255.255.0'\n" >"$WORK/run/net-ens3.conf"
	printf '#!/bin/sh\necho "REAL ipconfig $*"\n' >"$WORK/real/ipconfig"
	chmod +x "$WORK/real/ipconfig"
}

# check SHELL WANT ARGS... - WANT is "lease" or "real"
check() {
	local sh=$1 want=$2 out got
	shift 2
	out=$(NETBOOT_SHIM_RUN=$WORK/run NETBOOT_SHIM_REAL=$WORK/real $sh "$SHIM/ipconfig" "$@" 2>&1)
	case $out in
	*"REAL ipconfig"*) got=real ;;
	*"already configured by netboot"*"10.0.2.15"*) got=lease ;;
	*) got="other: $out" ;;
	esac
	if [[ $got == "$want" ]]; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
		echo "FAIL: [$sh] ipconfig $*: got $got, want $want"
	fi
}

main() {
	local sh
	setup
	trap 'rm -rf "$WORK"' EXIT
	for sh in dash "busybox sh"; do
		# live-boot's Select_eth_device carrier probe
		check "$sh" lease -c none -d ens3 -t 1
		# live-boot's do_netsetup
		check "$sh" lease -t 15 ens3
		# initramfs-tools' configure_networking forms
		check "$sh" lease -t 2 -c dhcp -d ens3
		check "$sh" lease -t 2 -d ::::host:ens3:dhcp
		check "$sh" lease -i netboot -t 2 ens3
		check "$sh" real -i ens3 -t 2 ens2
		# other devices, or all: the real ipconfig
		check "$sh" real -c none -d ens2 -t 1
		check "$sh" real -t 15 ens2
		check "$sh" real -t 2 -d ::::host:ens2:dhcp
		check "$sh" real all
	done
	# without netboot's state every call is the real one
	rm "$WORK/run/netboot/net.state"
	check dash real -t 15 ens3
	echo "shims: $PASS passed, $FAIL failed"
	[[ $FAIL -eq 0 ]]
}

main "$@"
