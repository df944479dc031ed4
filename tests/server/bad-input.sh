#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/server/bad-input.sh - netboot-server refuses bad input with a clear
# message, exit 100, and changes nothing: no state directory, no process
# left in the server's namespace, no mount.  Cases: not an ISO; an ISO
# with neither casper/ nor live/; a dracut LiveOS/ ISO; an installer-only
# ISO; a missing package (named, with the apt-get line); UDP 69 in use
# (the process named); an interface without an address; two ISOs served
# under one name; an export path with a blank or a byte outside ASCII
# (a tree's own, or under --state); a --state directory that is not ours; an unknown option;
# --http: a --http-port that is not a port, TCP 8080 in use (the process
# named), lighttpd missing, --default http without --http, an image
# netboot=http cannot fetch as the only one (a layered casper set one of
# whose layers is a symbolic link), --default http when the first image
# has no HTTP entry (a layer missing).  And what used to be refused and
# is not (a --dry-run, exit 0, nothing changed): --http with a layered
# set alone, --default http with one first.
# Last line: "bad-input-server: N passed, N failed".
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lan.sh
source "$HERE/../lib/lan.sh"

PASS=0
FAIL=0
STATE=

ok() { PASS=$((PASS + 1)); printf 'ok   %s\n' "$*"; }
bad() { FAIL=$((FAIL + 1)); printf 'FAIL %s\n' "$*"; }

mkiso() {
	xorriso -as mkisofs -quiet -R -J -V "$3" -o "$1" "$2" 2>/dev/null
}

# refused NAME REGEX [ENV...] -- ARGS... - a real (not dry) run that must
# exit 100 with REGEX in its output and leave everything as it was.
refused() {
	local name=$1 re=$2 out rc=0 pids
	local -a envs=()
	shift 2
	while [[ $# -gt 0 && $1 != -- ]]; do envs+=("$1"); shift; done
	shift
	out=$NB_WORK/$name.out
	ip netns exec "$SRV_NS" env "${envs[@]}" "$SERVER_BIN" --interface px --state "$STATE" \
		"$@" >"$out" 2>&1 </dev/null || rc=$?
	if [[ $rc -ne 100 ]]; then
		bad "$name: exit $rc, expected 100"
		sed 's/^/    /' "$out"
	elif ! grep -qE -- "$re" "$out"; then
		bad "$name: no /$re/ in the message:"
		sed 's/^/    /' "$out"
	else
		ok "$name: refused: $(grep -E -- "$re" "$out" | head -n1 | cut -c1-110)"
	fi
	if [[ -e $STATE ]]; then
		bad "$name: $STATE was created"
		rm -rf "$STATE"
	fi
	pids=$(ip netns pids "$SRV_NS" | grep -vxF "${KEEP_PIDS:-none}" || true)
	[[ -z $pids ]] || bad "$name: processes left in the server namespace: $pids"
	if findmnt -rn -o TARGET | grep -qF "$NB_WORK"; then
		bad "$name: a mount under $NB_WORK was left"
	fi
}

# accepted NAME REGEX -- ARGS... - a dry run that must exit 0 with
# REGEX in its output and leave no state directory.
accepted() {
	local name=$1 re=$2 out rc=0
	shift 3
	out=$NB_WORK/$name.out
	ip netns exec "$SRV_NS" "$SERVER_BIN" --dry-run --interface px --state "$STATE" \
		"$@" >"$out" 2>&1 </dev/null || rc=$?
	if [[ $rc -ne 0 ]]; then
		bad "$name: exit $rc, expected 0"
		sed 's/^/    /' "$out"
	elif ! grep -qE -- "$re" "$out"; then
		bad "$name: no /$re/ in the output:"
		sed 's/^/    /' "$out"
	else
		ok "$name: accepted: $(grep -E -- "$re" "$out" | head -n1 | sed 's/^ *//' | cut -c1-110)"
	fi
	if [[ -e $STATE ]]; then
		bad "$name: $STATE was created"
		rm -rf "$STATE"
	fi
}

main() {
	local fx d other i
	nb_workdir >/dev/null
	chmod 755 "$NB_WORK"
	lan_setup
	STATE=$NB_WORK/state
	fx=$NB_WORK/fx
	mkdir -p "$fx/good/casper" "$fx/good/.disk" "$fx/none/docs" "$fx/dracut/LiveOS" \
		"$fx/installer/install.amd" "$fx/installer/.disk" "$fx/a" "$fx/b" \
		"$fx/layered/casper" "$fx/layered/.disk"
	printf 'k Debian Secure Boot' >"$fx/good/casper/vmlinuz"
	printf 'i' >"$fx/good/casper/initrd"
	printf 'hsqs' >"$fx/good/casper/filesystem.squashfs"
	echo 'Test Live' >"$fx/good/.disk/info"
	echo 'readme' >"$fx/none/docs/README"
	printf 'x' >"$fx/dracut/LiveOS/squashfs.img"
	printf 'k' >"$fx/installer/install.amd/vmlinuz"
	echo 'Debian netinst' >"$fx/installer/.disk/info"
	cp "$fx/good/casper/vmlinuz" "$fx/good/casper/initrd" "$fx/layered/casper/"
	for l in minimal minimal.standard minimal.standard.live; do
		printf 'hsqs' >"$fx/layered/casper/$l.squashfs"
	done
	echo 'Ubuntu 24.04 layered' >"$fx/layered/.disk/info"
	# the same set with its bottom layer a symbolic link (lighttpd follows
	# none), and with its middle layer missing
	cp -a "$fx/layered" "$fx/layered-link"
	mv "$fx/layered-link/casper/minimal.squashfs" "$fx/layered-link/minimal.squashfs"
	ln -s ../minimal.squashfs "$fx/layered-link/casper/minimal.squashfs"
	cp -a "$fx/layered" "$fx/layered-gap"
	rm "$fx/layered-gap/casper/minimal.standard.squashfs"
	mkiso "$fx/good.iso" "$fx/good" GOOD
	mkiso "$fx/none.iso" "$fx/none" NONE
	mkiso "$fx/dracut.iso" "$fx/dracut" FEDORA
	mkiso "$fx/installer.iso" "$fx/installer" DEBIAN
	cp "$fx/good.iso" "$fx/a/live.iso"
	cp "$fx/good.iso" "$fx/b/live.iso"
	head -c 100000 /dev/urandom >"$fx/random.iso"

	refused not-an-iso 'random.iso: not an ISO 9660 image' -- "$fx/random.iso"
	refused no-live-dir 'none.iso: not a live image netboot can serve: no casper/vmlinuz\* or live/vmlinuz\*' -- "$fx/none.iso"
	refused found-at-top 'found at its top: /docs/' -- "$fx/none.iso"
	refused dracut 'dracut live image \(LiveOS/' -- "$fx/dracut.iso"
	refused installer 'installer-only image' -- "$fx/installer.iso"
	refused no-such-file 'nothing.iso: no such file or directory' -- "$fx/nothing.iso"

	# a missing package: a PATH without dnsmasq
	d=$NB_WORK/bin-without-dnsmasq
	mkdir -p "$d"
	for f in /usr/local/sbin/* /usr/local/bin/* /usr/sbin/* /usr/bin/* /sbin/* /bin/*; do
		[[ -x $f ]] && ln -sf "$f" "$d/" 2>/dev/null
	done
	rm -f "$d/dnsmasq"
	refused missing-package 'apt-get install dnsmasq-base' "PATH=$d" -- "$fx/good.iso"
	ln -sf "$(command -v dnsmasq)" "$d/"
	rm -f "$d/lighttpd"
	refused http-missing-lighttpd 'apt-get install lighttpd' "PATH=$d" -- "$fx/good.iso" --http
	refused http-port-garbage "--http-port: a TCP port \\(1-65535\\), not '80x'" -- "$fx/good.iso" --http --http-port 80x
	refused http-port-range "--http-port: a TCP port \\(1-65535\\), not '70000'" -- "$fx/good.iso" --http-port 70000
	refused default-http-alone '--default http: give --http too' -- "$fx/good.iso" --default http
	refused default-garbage '--default: nfs or http' -- "$fx/good.iso" --http --default ftp
	refused http-layer-link '--http: no image can be fetched over HTTP \(layered-link: casper/minimal.squashfs \(a layer under minimal.standard.live.squashfs\) is a symbolic link' -- \
		"$fx/layered-link" --http
	refused default-http-layer-gap '--default http: the first image has no HTTP entry \(layered-gap: casper/minimal.standard.squashfs \(a layer under minimal.standard.live.squashfs\) is not in the tree' -- \
		"$fx/layered-gap" "$fx/good.iso" --http --default http
	# a layered casper set: an HTTP entry of its own (the casper/ folder,
	# layerfs-path=), alone or as the default
	accepted http-layered-only 'url=http://192\.0\.2\.2:8080/layered/casper/ layerfs-path=minimal\.standard\.live\.squashfs' -- \
		"$fx/layered" --http
	accepted default-http-layered 'default +layered-http: over HTTP' -- \
		"$fx/layered" "$fx/good.iso" --http --default http

	# TCP 8080 taken by another web server on this host
	ip netns exec "$SRV_NS" python3 -m http.server 8080 --bind 192.0.2.2 >/dev/null 2>&1 </dev/null &
	other=$!
	for (( i = 0; i < 50; i++ )); do
		[[ -n $(ip netns exec "$SRV_NS" ss -H -ltn 'sport = :8080') ]] && break
		sleep 0.1
	done
	KEEP_PIDS=$other refused http-port-in-use "TCP 8080 \\(HTTP\\) is in use by python3 \\(pid $other\\); pick another with --http-port" -- \
		"$fx/good.iso" --http
	nb_kill_pid "$other" other-web-server

	# UDP 69 taken by another TFTP server on this interface
	ip netns exec "$SRV_NS" dnsmasq --keep-in-foreground --port=0 --interface=px \
		--bind-interfaces --enable-tftp --tftp-root=/tmp --pid-file="$NB_WORK/other.pid" \
		>/dev/null 2>&1 </dev/null &
	other=$!
	sleep 1
	KEEP_PIDS=$other refused port-in-use "UDP 69 \\(TFTP\\) is in use by dnsmasq \\(pid $other\\)" -- "$fx/good.iso"
	nb_kill_pid "$other" other-dnsmasq

	ip link add noaddr netns "$SRV_NS" type veth peer name noaddr-p netns "$SRV_NS"
	ip -n "$SRV_NS" link set noaddr up
	refused no-address 'noaddr has no IPv4 address' -- "$fx/good.iso" --interface noaddr
	refused no-interface 'no such interface: nope0' -- "$fx/good.iso" --interface nope0
	refused same-name "two images would both be served as 'live'" -- "$fx/a/live.iso" "$fx/b/live.iso"
	refused given-twice 'is given twice' -- "$fx/good.iso" "$fx/good.iso"
	refused bad-range 'dhcp-range 10.9.9.1,10.9.9.9 is not in px' -- "$fx/good.iso" --dhcp-range 10.9.9.1,10.9.9.9
	refused bad-option 'unknown option --frobnicate' -- "$fx/good.iso" --frobnicate
	# an export path the clients' kernel command line cannot carry (netboot
	# takes nfsroot= paths in printable ASCII, without blanks): said here,
	# not at every client's boot
	cp -a "$fx/good" "$fx/caf$(printf '\303\251')"
	cp -a "$fx/good" "$fx/with blank"
	refused export-utf8 "its path, .*/caf\\?\\?, cannot be served: .*printable ASCII without blanks" -- "$fx/caf$(printf '\303\251')"
	refused export-blank "with blank: its path, .* cannot be served: .*bind-mount the tree" -- "$fx/with blank"
	refused state-blank "--state .*/st ate: the images are exported under it" -- "$fx/good.iso" --state "$NB_WORK/st ate"
	if [[ -e "$NB_WORK/st ate" ]]; then
		bad "state-blank: $NB_WORK/st ate was made"
	else
		ok "state-blank: the --state directory was not made"
	fi

	# a --state directory that is someone else's
	mkdir -p "$STATE"
	echo precious >"$STATE/data"
	local rc=0
	ip netns exec "$SRV_NS" "$SERVER_BIN" --interface px --state "$STATE" "$fx/good.iso" \
		>"$NB_WORK/foreign.out" 2>&1 </dev/null || rc=$?
	if [[ $rc -ne 100 ]] || ! grep -q 'is not empty and is not a state directory' "$NB_WORK/foreign.out"; then
		bad "foreign-state: exit $rc: $(cat "$NB_WORK/foreign.out")"
	elif [[ $(cat "$STATE/data") == precious && $(ls -A "$STATE") == data ]]; then
		ok "foreign-state: refused, the directory's content is untouched"
	else
		bad "foreign-state: the directory changed: $(ls -A "$STATE")"
	fi
	rm -rf "$STATE"

	echo "bad-input-server: $PASS passed, $FAIL failed"
	[[ $FAIL -eq 0 ]]
}

main "$@"
