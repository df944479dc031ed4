#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/lib/lan.sh - a stand-in site LAN in network namespaces for
# netboot-server's tests, after ../shared/notes/proxydhcp-pxe-in-namespaces.md:
#
#   nbs<PID>-lan   bridge br0, and the clients' tap devices (qemu runs here)
#   nbs<PID>-rt    the "site router": veth rt 192.0.2.1/24, a plain DHCP
#                  dnsmasq handing out 192.0.2.50-99 (LAN_RANGE; no boot
#                  options)
#   nbs<PID>-srv   the boot server: veth px 192.0.2.2/24, where
#                  netboot-server runs in a private mount namespace with its
#                  own /run (so the rpcbind it may start never meets the
#                  host's)
#
# Router and server in namespaces of their own, as on a real LAN (one
# namespace with two addresses of one /24 broke TFTP replies).  Only
# 192.0.2.0/24 (TEST-NET-1), only inside these namespaces.  Every
# namespace and process made here is removed / stopped by PID at exit.
#
# Sets LAN_PREFIX LAN_NS RT_NS SRV_NS; SRV_PID SRV_OUT (netboot-server);
# RT_PID.

# shellcheck source=qemu.sh
source "$(dirname "${BASH_SOURCE[0]}")/qemu.sh"

LAN_PREFIX=nbs$$-
LAN_NS=${LAN_PREFIX}lan
RT_NS=${LAN_PREFIX}rt
SRV_NS=${LAN_PREFIX}srv
LAN_MADE=()
RT_PID=
SRV_PID=
SRV_RC=   # netboot-server's exit status, set by srv_interrupt
export SRV_RC
SRV_OUT=
SERVER_BIN=${SERVER_BIN:-$NB_ROOT/scripts/netboot-server}

lan_ns() {
	ip netns add "$1"
	LAN_MADE+=("$1")
	ip -n "$1" link set lo up
}

# lan_veth NS IFNAME ADDR - a veth from NS (IFNAME, ADDR) into the bridge.
lan_veth() {
	local ns=$1 ifname=$2 addr=$3 br=${2}-br
	ip link add "$ifname" netns "$ns" type veth peer name "$br" netns "$LAN_NS"
	ip -n "$LAN_NS" link set "$br" master br0 up
	ip -n "$ns" addr add "$addr" dev "$ifname"
	ip -n "$ns" link set "$ifname" up
}

# lan_setup - the three namespaces, the bridge, router and server links.
lan_setup() {
	nb_workdir >/dev/null
	nb_cleanup_add lan_cleanup
	lan_ns "$LAN_NS"
	lan_ns "$RT_NS"
	lan_ns "$SRV_NS"
	ip -n "$LAN_NS" link add br0 type bridge
	ip -n "$LAN_NS" link set br0 type bridge forward_delay 0 stp_state 0
	ip -n "$LAN_NS" link set br0 up
	lan_veth "$RT_NS" rt 192.0.2.1/24
	lan_veth "$SRV_NS" px 192.0.2.2/24
	ip -n "$RT_NS" route add default dev rt 2>/dev/null || true
}

# lan_tap NAME - a tap device in the bridge for a qemu client.
lan_tap() {
	ip -n "$LAN_NS" tuntap add dev "$1" mode tap
	ip -n "$LAN_NS" link set "$1" master br0 up
}

# lan_router_start - the site's DHCP server (addresses only): LAN_RANGE
# (192.0.2.50,192.0.2.99), LAN_ROUTER_OPTS (more dnsmasq options, split
# on blanks).
lan_router_start() {
	local d=$NB_WORK/router
	local -a opts=()
	read -r -a opts <<<"${LAN_ROUTER_OPTS:-}"
	mkdir -p "$d"
	ip netns exec "$RT_NS" dnsmasq --keep-in-foreground --port=0 --interface=rt \
		--bind-interfaces --dhcp-range="${LAN_RANGE:-192.0.2.50,192.0.2.99},1h" \
		--dhcp-leasefile="$d/leases" --pid-file="$d/pid" --log-dhcp \
		--log-facility="$d/dnsmasq.log" "${opts[@]}" >"$d/out" 2>&1 </dev/null &
	RT_PID=$!
	nb_cleanup_add lan_router_stop
}

lan_router_stop() {
	[[ -n $RT_PID ]] || return 0
	nb_kill_pid "$RT_PID" router-dnsmasq
	RT_PID=
}

# srv_start OUTFILE ARGS... - netboot-server ARGS in the server namespace,
# its screen in OUTFILE.  Job control on: a background job of a script
# otherwise starts with SIGINT ignored, and the Ctrl+C test needs it.
# env --default-signal: a runner that itself ignores SIGINT (CI, nohup)
# passes the ignore on, and bash cannot trap a signal ignored at entry.
srv_start() {
	SRV_OUT=$1
	shift
	# emptied here, not by the background job's redirection: that job may
	# run only after srv_wait_ready's first look (under load), which would
	# then find the previous run's "ready" in the same OUTFILE
	: >"$SRV_OUT"
	set -m
	env --default-signal=INT,TERM ip netns exec "$SRV_NS" unshare -m --propagation private \
		bash -c 'mount -t tmpfs -o mode=0755 nbs-run /run && exec "$@"' srv \
		"$SERVER_BIN" "$@" >"$SRV_OUT" 2>&1 </dev/null &
	SRV_PID=$!
	set +m
	nb_cleanup_add srv_kill
}

# srv_wait_ready SECS - until the server prints "ready" (0), exits (2) or
# the time is up (1).
srv_wait_ready() {
	local t=$1 i
	for (( i = 0; i < t * 5; i++ )); do
		grep -q '^ready in ' "$SRV_OUT" 2>/dev/null && return 0
		kill -0 "$SRV_PID" 2>/dev/null || return 2
		sleep 0.2
	done
	return 1
}

# srv_interrupt - Ctrl+C: SIGINT, then wait up to 60 s; SRV_RC is the
# exit status ("timeout" if it did not stop).
srv_interrupt() {
	local i rc=0
	SRV_RC=none
	[[ -n $SRV_PID ]] || return 0
	kill -INT "$SRV_PID" 2>/dev/null || true
	for (( i = 0; i < 600; i++ )); do
		kill -0 "$SRV_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$SRV_PID" 2>/dev/null; then
		SRV_RC=timeout
		return 0
	fi
	wait "$SRV_PID" || rc=$?
	SRV_PID=
	SRV_RC=$rc
}

srv_kill() {
	[[ -n $SRV_PID ]] || return 0
	kill -INT "$SRV_PID" 2>/dev/null || true
	nb_kill_pid "$SRV_PID" netboot-server
	SRV_PID=
}

lan_cleanup() {
	local ns
	qemu_stop
	srv_kill
	lan_router_stop
	for ns in "${LAN_MADE[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
	LAN_MADE=()
}
