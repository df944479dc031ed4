#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/net/load.sh - the load tier: N (64) `netboot net` clients, each in
# a namespace of its own with eth0 on one bridge in a server namespace,
# released at the same instant against one dnsmasq.
#
# The release is a FIFO: every client wrapper blocks opening it for
# reading; one open for writing frees them all at once.  Clocks (all wall
# clock, microseconds): the go instant; each wrapper's start and end
# ($EPOCHREALTIME); and nbt-hostile -m sniff on the bridge, which logs
# every DISCOVER seen and every OFFER / ACK dnsmasq sends, per chaddr
# (no tcpdump).  Reports the spread of the clients' first DISCOVERs, the
# spread of their starts, and the time from go to the last ACK and to the
# last client's exit.
#
# Cases: one per client (exit 0, a lease from the pool applied on its
# eth0, net-eth0.conf inert in dash and busybox sh, its run dir - made by
# the client under umask 000 - with nothing world-writable), plus: every
# address distinct, the last lease within the budget, and every namespace
# gone after cleanup.
#
# Figures (Debian 12, 2026-11, 64 clients): 15-19 s wall (4 s setup, the
# rest mostly namespace teardown); 64/64 distinct leases, one DISCOVER and
# one REQUEST each, no NAK; first DISCOVERs spread over 210-250 ms (netboot
# 36-267 ms from its exec: the random 0-100 ms first delay), the last ACK
# 0.4-0.6 s after the release (1.9 s on a loaded box, where parallel
# `ip netns exec` dominates).  Issue 10 (2026-12, load average 4-9 on 2
# shared CPUs, parallel `ip netns exec` spread 1.4-4.2 s): 64/64 leases
# and 66 passed with each binary; with the delay 64 DISCOVERs, exec to
# first DISCOVER seen 67-979 ms; without it 77 DISCOVERs (13 clients'
# first one sent before their bridge port forwarded, repeated 0.5-1.5 s
# later), 15-3756 ms; with START's DISCOVER repeated after 100-300 ms,
# 99 DISCOVERs, 64 REQUESTs, 11-657 ms, last ACK 4.1 s after the release.
#
# Usage: load.sh [N]   (default 64, at most 200)   Env: NB_KEEP=1
# Last line "load: N passed, N failed"; exit 1 on any failure.
# Needs root.  Only 10.111.200.0/24, only inside its own namespaces.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ $(id -u) -ne 0 ]]; then
	echo "load: skipped: needs root (ip netns, veth, bridge, dnsmasq)"
	if [[ "${CI:-}" == true ]]; then
		echo "load: 0 passed, 1 failed"
		exit 1
	fi
	echo "load: 0 passed, 0 failed"
	exit 0
fi

# shellcheck source=lib.sh
source "$HERE/lib.sh"

N=${1:-64}
BUDGET=60     # netboot.dhcp-timeout=
GUARD=90
NET=10.111.200
PASSED=0
FAILED=0

# case_result NAME - count the assertions since the last call as one case.
case_result() {
	if (( NBT_FAILED == 0 )); then
		PASSED=$(( PASSED + 1 ))
		[[ -z "${VERBOSE:-}" ]] || echo "PASS $1"
	else
		FAILED=$(( FAILED + 1 ))
		echo "FAIL $1"
	fi
	NBT_FAILED=0
}

# us_to_ms A B - (B - A) in ms, both "SEC.USEC".
us_diff_ms() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%d", (b - a) * 1000 }'
}

setup() {
	local k sns=$1 c
	nbt_ns_add "$sns"
	ip -n "$sns" link add br0 type bridge
	ip -n "$sns" link set br0 type bridge stp_state 0 forward_delay 0
	ip -n "$sns" addr add "$NET.1/24" dev br0
	ip -n "$sns" link set br0 up
	for (( k = 0; k < N; k++ )); do
		c=${NBT_PREFIX}load-c$k
		nbt_ns_add "$c"
		ip -n "$c" link add nbtv0 type veth peer name "l$k" netns "$sns"
		ip -n "$c" link set nbtv0 name eth0
		ip -n "$c" link set eth0 address "$(printf '52:54:00:22:%02x:%02x' $(( k / 256 )) $(( k % 256 )))"
		ip -n "$sns" link set "l$k" master br0
		ip -n "$sns" link set "l$k" up
	done
}

start_dnsmasq() {
	nbt_bridge_dhcp "$1" "$NET" "$NET.1:/srv/load"
}

start_sniffer() {
	local sns=$1 t
	ip netns exec "$sns" "$NBT_HOSTILE_BIN" -i br0 -m sniff -s "$NET.1" \
		>"$NBT_TMP/sniff.log" 2>&1 &
	NBT_PIDS+=("$!")
	for (( t = 0; t < 50; t++ )); do
		grep -q ' ready ' "$NBT_TMP/sniff.log" 2>/dev/null && return 0
		sleep 0.1
	done
	nb_die "the sniffer did not start"
}

# One client: wait at the FIFO, then run netboot under umask 000 with a
# run dir it creates itself.  Writes c<k>/result: "START END RC".
client() {
	local k=$1 ns=${NBT_PREFIX}load-c$1 dir=$NBT_TMP/c$1 t0 t1 rc=0
	mkdir -p "$dir"
	printf '%s\n' "$NBT_CMDLINE_BASE netboot.dhcp-timeout=$BUDGET" >"$dir/cmdline"
	: >"$dir/ready"
	exec 3<"$NBT_TMP/go"
	t0=$EPOCHREALTIME
	# in the namespace, bash notes the time (harness latency ends), then
	# becomes the client
	# shellcheck disable=SC2016 # $1.. are the inner bash's
	(umask 000; exec timeout -k 5 "$GUARD" ip netns exec "$ns" bash -c \
		'echo "$EPOCHREALTIME" >"$1"; shift; exec "$@"' inner "$dir/exec" \
		"$(nbt_client)" net --cmdline "$dir/cmdline" --rundir "$dir/run") \
		>"$dir/stdout" 2>"$dir/stderr" </dev/null || rc=$?
	t1=$EPOCHREALTIME
	exec 3<&-
	echo "$t0 $t1 $rc" >"$dir/result"
}

# first_of TYPE DIR - "CHADDR TIME" of the first TYPE line per chaddr in
# the sniffer log (rx DISCOVER / srv ACK).
first_of() {
	awk -v dir="$1" -v type="$2" '$2 == dir && $3 == type {
		split($5, m, "="); if (!(m[2] in t)) t[m[2]] = $1 }
		END { for (c in t) print c, t[c] }' "$NBT_TMP/sniff.log"
}

main() {
	local sns k go ready t dir res start end rc addr mac
	local -a pids=() starts=() ends=() addrs=()
	(( N >= 1 && N <= 200 )) || nb_die "N must be 1..200"
	nb_workdir >/dev/null
	NBT_TMP=$NB_WORK/load
	mkdir -p "$NBT_TMP"
	echo "load: $N clients, client $(nbt_client), budget $BUDGET s"
	[[ -x "$NBT_HOSTILE_BIN" ]] || nb_die "$NBT_HOSTILE_BIN missing: make $NBT_HOSTILE_BIN"
	sns=${NBT_PREFIX}load-s
	t=$(nb_now_ms)
	setup "$sns"
	start_dnsmasq "$sns"
	start_sniffer "$sns"
	echo "    setup: $N namespaces, bridge, dnsmasq in $(nb_elapsed "$t") s"

	mkfifo "$NBT_TMP/go"
	for (( k = 0; k < N; k++ )); do
		client "$k" &
		pids+=("$!")
		NBT_PIDS+=("$!")
	done
	# every wrapper is at the FIFO (or about to open it: the writer stays
	# open a while, so a late one still goes)
	for (( t = 0; t < 200; t++ )); do
		ready=$(find "$NBT_TMP" -maxdepth 2 -name ready | wc -l)
		(( ready == N )) && break
		sleep 0.05
	done
	sleep 0.3
	go=$EPOCHREALTIME
	exec 4>"$NBT_TMP/go"
	sleep 1
	exec 4>&-
	for k in "${!pids[@]}"; do
		wait "${pids[k]}" || true
	done

	# ---- per client
	declare -A seen=()
	for (( k = 0; k < N; k++ )); do
		dir=$NBT_TMP/c$k
		NBT_C=${NBT_PREFIX}load-c$k
		NBT_RUN=$dir/run
		res=$(cat "$dir/result" 2>/dev/null || echo "0 0 missing")
		read -r start end rc <<<"$res"
		NBT_RC=$rc
		starts+=("$start")
		ends+=("$end")
		assert_rc_in 0
		nbt_conf_get eth0 IPV4ADDR && addr=$NBT_VAL || addr=
		if [[ -n "$addr" ]]; then
			[[ "$addr" =~ ^10\.111\.200\.[0-9]+$ ]] || nbt_fail "c$k: address $addr not from the pool"
			if [[ -n "${seen[$addr]:-}" ]]; then
				nbt_fail "c$k: address $addr also leased to ${seen[$addr]}"
			fi
			seen[$addr]=c$k
			addrs+=("$addr")
			assert_applied eth0
			assert_conf_key eth0 ROOTPATH "$NET.1:/srv/load"
		fi
		NBT_TMP_SAVE=$NBT_TMP
		NBT_TMP=$dir
		assert_conf_inert
		assert_rundir_hygiene
		NBT_TMP=$NBT_TMP_SAVE
		if (( NBT_FAILED )); then
			sed 's/^/    | /' "$dir/stderr" | tail -n 5
		fi
		case_result "c$k"
	done

	# ---- together
	local n_disc n_ack d_min d_max a_max s_min s_max e_max
	read -r n_disc d_min d_max < <(first_of rx DISCOVER | awk -v g="$go" '
		{ d = ($2 - g) * 1000; if (!n || d < mn) mn = d; if (!n || d > mx) mx = d; n++ }
		END { printf "%d %d %d\n", n, mn, mx }')
	read -r n_ack a_max < <(first_of srv ACK | awk -v g="$go" '
		{ d = ($2 - g) * 1000; if (!n || d > mx) mx = d; n++ } END { printf "%d %d\n", n, mx }')
	read -r s_min s_max < <(printf '%s\n' "${starts[@]}" | awk -v g="$go" '
		$1 > 0 { d = ($1 - g) * 1000; if (!n || d < mn) mn = d; if (!n || d > mx) mx = d; n++ }
		END { printf "%d %d\n", mn, mx }')
	e_max=$(printf '%s\n' "${ends[@]}" | awk -v g="$go" '
		$1 > 0 { d = ($1 - g) * 1000; if (d > mx) mx = d } END { printf "%d", mx }')
	# netboot's own part: from its exec in the namespace to the first
	# DISCOVER seen on the bridge (NIC discovery, link up; no startup
	# delay since issue 10, but a DISCOVER sent before the bridge port
	# forwards is not seen: then its 100-300 ms repeat is)
	local x_min x_max o_min o_max
	read -r x_min x_max < <(for (( k = 0; k < N; k++ )); do
		cat "$NBT_TMP/c$k/exec" 2>/dev/null; done | awk -v g="$go" '
		{ d = ($1 - g) * 1000; if (!n || d < mn) mn = d; if (!n || d > mx) mx = d; n++ }
		END { printf "%d %d\n", mn, mx }')
	read -r o_min o_max < <(first_of rx DISCOVER | while read -r mac t; do
		k=$(( 16#${mac:12:2} * 256 + 16#${mac:15:2} ))
		echo "$t $(cat "$NBT_TMP/c$k/exec" 2>/dev/null || echo "$t")"
		done | awk '{ d = ($1 - $2) * 1000; if (!n || d < mn) mn = d; if (!n || d > mx) mx = d; n++ }
		END { printf "%d %d\n", mn, mx }')
	echo "    leases: ${#addrs[@]}/$N, distinct ${#seen[@]}"
	echo "    client starts:    +$s_min .. +$s_max ms after go (spread $(( s_max - s_min )) ms)"
	echo "    exec in netns:    +$x_min .. +$x_max ms after go (spread $(( x_max - x_min )) ms: ip netns exec)"
	echo "    exec -> DISCOVER: $o_min .. $o_max ms per client (netboot itself)"
	echo "    first DISCOVERs:  $n_disc clients, +$d_min .. +$d_max ms after go (spread $(( d_max - d_min )) ms)"
	echo "    last ACK:         +$a_max ms after go ($n_ack clients ACKed)"
	echo "    last client exit: +$e_max ms after go"
	echo "    frames: $(awk '$2 == "rx" && $3 == "DISCOVER"' "$NBT_TMP/sniff.log" | wc -l) DISCOVERs, $(awk '$2 == "rx" && $3 == "REQUEST"' "$NBT_TMP/sniff.log" | wc -l) REQUESTs seen; dnsmasq: $(grep -c 'DHCPACK(' "$NBT_TMP/dnsmasq.log" || true) ACKs, $(grep -c 'DHCPNAK(' "$NBT_TMP/dnsmasq.log" || true) NAKs"
	(( ${#seen[@]} == N )) || nbt_fail "$N clients, ${#seen[@]} distinct leases"
	(( n_disc == N )) || nbt_fail "the sniffer saw DISCOVERs from $n_disc of $N clients"
	(( n_ack == N )) || nbt_fail "the sniffer saw ACKs to $n_ack of $N clients"
	(( e_max < BUDGET * 1000 )) || nbt_fail "last client done after $e_max ms, budget $BUDGET s"
	case_result "all-leased-distinct-in-budget"

	# ---- cleanup, checked
	nbt_cleanup
	local left
	left=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -c "^${NBT_PREFIX}load-" || true)
	(( left == 0 )) || nbt_fail "$left namespaces left after cleanup"
	case_result "cleanup"
	echo "load: $PASSED passed, $FAILED failed"
	(( FAILED == 0 ))
}

main "$@"
