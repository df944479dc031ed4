#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/bench/server.sh - 64 PXE clients at once against one netboot-server
# in proxyDHCP mode beside a site router's dnsmasq (tests/lib/lan.sh), each
# client in a namespace of its own on the LAN bridge, all released at the
# same instant (a FIFO).  A client is tests/bench/pxeclient.c: the DISCOVER
# qemu's iPXE ROM sends, then a REQUEST for the router's offer.  For each it
# records when netboot-server's boot-file offer came and when the router's
# lease did.  Prints how many got both, and the spread (min, median, 90th,
# max) of each, and the slowest client.
# Figures (2026-12-04, 2 cores, TCG-free: namespaces only): 64 of 64 got
# both; boot-file offer min 15, median 38, p90 49, max 57 ms; lease (the
# stand-in router, --no-ping) median 111, max 130 ms; 64 distinct addresses.
# Usage: server.sh [N]   (default 64)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../server/case.sh
source "$HERE/../server/case.sh"

N=${1:-64}
BIN=$NB_BUILD/host/tools/pxeclient

# stats FILE COLUMN - "min median p90 max" of a column of numbers (ms).
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "-"; exit }
		m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.9 + 0.999)]
		printf "min %d, median %d, p90 %d, max %d ms", v[1], m, p, v[NR] }'
}

main() {
	local iso k ns go ok=0 slow
	mkdir -p "$(dirname "$BIN")"
	cc -O2 -Wall -Wextra -Werror -o "$BIN" "$HERE/pxeclient.c"
	case_begin bench-server
	iso=$(case_iso live)
	# the stand-in router answers at once: dnsmasq's ping before each
	# offer (up to 3 s, one at a time) would be measured instead of ours
	LAN_RANGE=192.0.2.20,192.0.2.250
	LAN_ROUTER_OPTS=--no-ping
	export LAN_RANGE LAN_ROUTER_OPTS
	lan_setup
	lan_router_start
	case_server "$iso" >/dev/null || nb_die "netboot-server did not start"
	for (( k = 0; k < N; k++ )); do
		ns=${LAN_PREFIX}c$k
		lan_ns "$ns"
		ip link add eth0 netns "$ns" type veth peer name "c$k-br" netns "$LAN_NS"
		ip -n "$ns" link set eth0 address "$(printf '52:54:00:33:%02x:%02x' $(( k / 256 )) $(( k % 256 )))"
		ip -n "$LAN_NS" link set "c$k-br" master br0 up
		ip -n "$ns" link set eth0 up
	done
	sleep 1
	go=$NB_WORK/go
	mkfifo "$go"
	for (( k = 0; k < N; k++ )); do
		ns=${LAN_PREFIX}c$k
		( exec 3<"$go"; ip netns exec "$ns" "$BIN" eth0 \
			"$(printf '52:54:00:33:%02x:%02x' $(( k / 256 )) $(( k % 256 )))" 30 \
			>"$NB_WORK/c$k.out" 2>&1 ) &
	done
	sleep 1
	: >"$go" # all at once
	wait_clients() {
		local j
		for j in $(jobs -p); do
			[[ $j == "$SRV_PID" || $j == "$RT_PID" ]] || wait "$j" 2>/dev/null || true
		done
	}
	wait_clients
	cat "$NB_WORK"/c*.out >"$NB_WORK/all"
	ok=$(grep -c 'proxy_ms=[0-9]* lease_ms=[0-9]* file=pxelinux.0 server=192.0.2.2 addr=192.0.2' "$NB_WORK/all" || true)
	sed -n 's/.* proxy_ms=\([0-9]*\) .*/\1/p' "$NB_WORK/all" >"$NB_WORK/proxy"
	sed -n 's/.* lease_ms=\([0-9]*\) .*/\1/p' "$NB_WORK/all" >"$NB_WORK/lease"
	slow=$(sort -t= -k3 -n "$NB_WORK/all" | awk '{ split($3, a, "="); print a[2], $0 }' | sort -n | tail -n1 | cut -d' ' -f2-)
	echo "server bench: $N PXE clients at once, netboot-server (proxyDHCP) beside the router's dnsmasq (--no-ping)"
	echo "  boot file offer (proxy) and lease (router), both: $ok of $N"
	echo "  boot file offer: $(stats "$NB_WORK/proxy")"
	echo "  lease:           $(stats "$NB_WORK/lease")"
	echo "  slowest client:  $slow"
	echo "  distinct addresses: $(sed -n 's/.* addr=\([0-9.]*\)$/\1/p' "$NB_WORK/all" | sort -u | wc -l)"
	srv_interrupt
	[[ $ok -eq $N ]]
}

main "$@"
