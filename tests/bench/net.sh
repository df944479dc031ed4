#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/bench/net.sh - milliseconds from NICs down to a lease on the live
# NIC behind K dead ones (issues 3 and 10).  A benchmark: it reports and
# prints its goal lines (met / NOT met), it never fails on a figure.
#
# Goal (issue 10): netboot's median, net of the harness's own cost (the
# null client's median at the same K), <= 15 ms with 0 dead NICs and
# <= 1.2x that with the most (7); and netboot's median <= half of
# dhclient's in the same run, at every K.
#
# Topology (tests/net/lib.sh): a client namespace with eth0..ethK; eth0 ..
# eth(K-1) are dead (carrier up, nobody answering), ethK has dnsmasq on its
# peer (default options, no rapid commit).  The server is lean
# (BENCH_SERVER=lean): its lease database in memory (--leasefile-ro) and
# no --log-dhcp, as the net tier's dnsmasq (BENCH_SERVER=test) fsync()s
# its lease file before every ACK (2-7 ms on this machine's shared disk)
# and writes ~30 log lines per reply: the server's costs, the same for
# every client, and the noisiest part of the figures.  Every run starts
# with all the client's NICs down and without addresses, as at boot.
# Clients:
#
#   null          `true`: does nothing, timed the same way: the harness's
#                 own cost (fork, exec, wait), subtracted as "net"
#   netboot       BENCH_NETBOOT (build/klibc/netboot) net --cmdline F
#                 --rundir D, no BOOTIF (every NIC in parallel)
#   netboot-old   the same with BENCH_NETBOOT_OLD, when set (a before
#                 binary, measured in the same run on the same namespaces)
#   dhclient      isc-dhcp-client, every NIC in one process, as an
#                 initramfs runs it: dhclient -1 -4 eth0 .. ethK, which
#                 returns (the daemon forks off) at the first lease; its
#                 config, lease, pid file and script are private to the run
#                 (the script, like Debian's dhclient-script without
#                 resolv.conf, brings the NIC up on PREINIT and applies
#                 address + default route on BOUND); the daemon is killed
#                 by PID after each run
#   ipconfig-all  klibc: ipconfig -t 15 -c dhcp -d all  ("all" brings every
#                 NIC up and stops at the first lease; -c dhcp: DHCP with
#                 BOOTP fallback, no RARP)
#   ipconfig-seq  live-boot's do_netsetup (/lib/live/boot/9990-networking.sh)
#                 without BOOTIF or ethdevice=: `ipconfig -t 15 DEV` for each
#                 /sys/class/net entry but lo, in order, until DEV has an
#                 address.  15 s per dead NIC: not in the default list
#   udhcpc-seq    busybox udhcpc, one NIC at a time in order, as a small
#                 initrd's script does: -f (foreground: the script waits),
#                 -n (exit when no lease, so the next NIC gets its turn),
#                 -q (exit once bound, no daemon left in the initrd),
#                 -t 3 -T 1 (3 DISCOVERs 1 s apart, ~3 s per dead NIC; the
#                 default -T 3 would cost ~9 s each); -s a hook that, like
#                 busybox's simple.script, brings the NIC up on deconfig and
#                 applies address + default route on bound
#
# The slow clients run in the first BENCH_SLOW_RUNS rounds only (5 by
# default): udhcpc-seq at K > 0 (3 s per dead NIC, every round at K = 0),
# ipconfig-* at every K (klibc 2.0.12's ipconfig takes 10-11 s here even
# at K = 0: strace shows its first DISCOVER going out 1 s after link-up
# and the OFFER never read; the second DISCOVER, 10 s later, is answered).
#
# Each client runs in the client namespace under `unshare -m -u`, with a
# private tmpfs on /run (ipconfig writes /run/net-DEV.conf) and a private
# hostname (ipconfig may set it from DHCP), so the host stays untouched
# (its /etc/resolv.conf is compared before and after).  The time is taken
# inside, around the client alone (bash EPOCHREALTIME), and counts only
# when the client exits 0 and the live NIC has an address from its server
# (null: exit 0).  Rounds interleave the clients, so load drift hits all.
#
# Output: one table, a row per K and client: runs, median, q1-q3 (the
# interquartile range), min-max in ms, the median net of null's, failed
# runs; then the goal lines for netboot (and netboot-old).  Progress on
# stderr.  The binaries are copied once at the start (others may rebuild
# them meanwhile); their size and sha1, the commit, and the load average
# at start and end are printed, since other work on the machine skews the
# figures.
#
# Env:  BENCH_RUNS=15            runs per cell
#       BENCH_SLOW_RUNS=5        runs of the slow clients (see above)
#       BENCH_K="0 3 7"          dead-NIC counts (the goal's K=7: the last)
#       BENCH_CLIENTS="null netboot dhclient ipconfig-all udhcpc-seq"
#                                (netboot-old joins after netboot when
#                                BENCH_NETBOOT_OLD is set)
#       BENCH_NETBOOT=build/klibc/netboot  BENCH_NETBOOT_OLD=(unset)
#       BENCH_IPCONFIG=/usr/lib/klibc/bin/ipconfig  BENCH_BUSYBOX=busybox
#       BENCH_DHCLIENT=dhclient  BENCH_SERVER=lean (or test)
#       NB_KEEP=1                keep the work dir (build/tmp/run.*)
# Needs root (namespaces, veth, dnsmasq); skips otherwise.  The default
# run takes about 9 minutes, most of it ipconfig-all's 10 s a run and
# udhcpc-seq's 3 s per dead NIC.
#
# Figures (Debian 12 VM, 2 CPUs shared with another session's qemu
# guests, 2026-12-06; ms, median (q1-q3), 15 runs, min-max in brackets;
# the old binary is 2787df3, the last with a packet socket, two link-up
# ioctls and the describing lines per NIC before its DISCOVER).
# b2ba022 against 2787df3, load average 6.4 -> 4.6 over the run:
#   K  null           netboot b2ba022            netboot 2787df3            dhclient
#   0  0.2 (0.2-0.3)  17.8 (14.3-22.8) [9-93]    17.5 (12.4-22.3) [9-35]   143.1 (124.9-165.7)
#   3  0.3 (0.2-0.3)  15.6 (13.7-18.1) [10-23]   14.8 (12.7-16.8) [10-28]  128.2 (113.2-160.7)
#   7  0.3 (0.2-0.4)  20.0 (14.9-30.0) [11-256]  27.6 (21.7-37.2) [12-308] 318.8 (221.5-453.6)
# ipconfig-all 9.2-11.7 s, udhcpc-seq 0.13 / 9.2 / 21.5 s.  Goals, net
# of null: b2ba022 K=0 17.6 <= 15 ms NOT met (at this load; met at load
# 2, below), K=7 19.7 <= 1.2 x 17.6 met (1.12x), <= half of dhclient at
# K=0, 3, 7 met; 2787df3 K=0 17.2 NOT met, K=7 27.2 NOT met (1.58x).
# adae507 (the same but for the interface test in the filter) against
# 2787df3, load average 2.0 -> 1.1: K=0/3/7 10.4 / 10.5 / 8.7 ms
# (2787df3 9.2 / 11.4 / 9.5), dhclient 64.3 / 90.7 / 101.7: all five
# goals met by both (K=7 0.83x and 1.02x).  K=0 differences are within
# the noise: 40 interleaved runs a binary (same namespaces, load 2.9),
# wall ms, K=0 / K=7: 2787df3 10.3 / 11.0, 3e86946 (one socket, the
# batch) 10.0 / 9.3, adae507 10.3 / 9.8.
# Outliers of 100-300 ms hit every client (perf trace: the process not
# running for 178 ms between two system calls), hence medians.
# What K costs netboot now (perf trace -e execve,sendto, 30 interleaved
# runs): exec to the live NIC's first DISCOVER K=0 3.2 ms, K=7 4.3 (was
# 3.7 / 5.1): per dead NIC ~150 us, the kernel's link-up in the batch
# (~55 us a link), its two sysfs lookups for Wi-Fi (phy80211, wireless/)
# and its DISCOVER sent before the live NIC's.  The DISCOVER-to-lease
# part and the exit barely grow with K: one packet socket and one
# link-event socket to close (packet_close_all()'s helper, which also
# takes the losers' links down), not one socket a NIC.

set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ---- --timed OUT LOG CMD...: the in-namespace wrapper (after unshare) ------
if [[ "${1:-}" == --timed ]]; then
	out=$2 log=$3
	shift 3
	mount -t tmpfs -o mode=0755,size=4m bench-run /run || exit 90
	t0=$EPOCHREALTIME
	rc=0
	"$@" >"$log" 2>&1 </dev/null || rc=$?
	t1=$EPOCHREALTIME
	echo "$rc $t0 $t1" >"$out"
	exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
	echo "bench-net: skipped: needs root (ip netns, veth, dnsmasq)"
	exit 0
fi

# shellcheck source=../net/lib.sh
source "$HERE/../net/lib.sh"
# shellcheck source=../lib/stats.sh
source "$HERE/../lib/stats.sh"

RUNS=${BENCH_RUNS:-15}
SLOW_RUNS=${BENCH_SLOW_RUNS:-5}
read -r -a KS <<<"${BENCH_K:-0 3 7}"
read -r -a CLIENTS <<<"${BENCH_CLIENTS:-null netboot dhclient ipconfig-all udhcpc-seq}"
IPCONFIG=${BENCH_IPCONFIG:-/usr/lib/klibc/bin/ipconfig}
BUSYBOX=${BENCH_BUSYBOX:-$(command -v busybox || echo busybox)}
SERVER=${BENCH_SERVER:-lean}    # dnsmasq as: lean | test (see the header)
DHCLIENT=${BENCH_DHCLIENT:-$(command -v dhclient || echo /sbin/dhclient)}
NETBOOT=${BENCH_NETBOOT:-$NB_BUILD/klibc/netboot}  # then the snapshot in the work dir
NETBOOT_OLD=${BENCH_NETBOOT_OLD:-}
NETBOOT_ID=
LOAD0=
HOST_SUM0=
IPT=15                       # ipconfig -t, as live-boot's ETHDEV_TIMEOUT
GOAL_NET_MS=15               # netboot's median net of null, K = 0
GOAL_KMAX_RATIO=1.2          # K = max over K = 0, both net of null
GOAL_VS_DHCLIENT=0.5         # netboot's median over dhclient's, every K
declare -A TIMES=() FAILS=()  # "client K" -> "ms ms ms ..." / count
W=

# ---- helper scripts, sh like the initrd's ----------------------------------
bench_scripts() {
	W=$(nb_workdir)/bench-net
	mkdir -p "$W"
	# live-boot do_netsetup, no NETBOOT/BOOTIF/ethdevice= branch.
	cat >"$W/ipconfig-seq.sh" <<-'EOF'
	#!/bin/sh
	ipconfig=$1 t=$2 devlist=
	for device in /sys/class/net/*; do
		dev=${device##*/}
		[ "$dev" != lo ] && devlist="$devlist $dev"
	done
	for dev in $devlist; do
		echo "Executing ipconfig -t $t $dev"
		"$ipconfig" -t "$t" "$dev"
		if ip -4 addr show dev "$dev" | grep -q -E 'inet [0-9]+\.[0-9]+\.[0-9]+\.[0-9]+'; then
			exit 0
		fi
	done
	exit 1
	EOF
	cat >"$W/udhcpc-seq.sh" <<-'EOF'
	#!/bin/sh
	busybox=$1 hook=$2
	for device in /sys/class/net/*; do
		dev=${device##*/}
		[ "$dev" = lo ] && continue
		"$busybox" udhcpc -i "$dev" -f -n -q -t 3 -T 1 -s "$hook" && exit 0
	done
	exit 1
	EOF
	# busybox examples/udhcp/simple.script, reduced, with ip(8).
	cat >"$W/udhcpc-hook.sh" <<-'EOF'
	#!/bin/sh
	case $1 in
	deconfig)
		ip link set "$interface" up
		ip -4 addr flush dev "$interface" ;;
	bound|renew)
		ip -4 addr flush dev "$interface"
		ip -4 addr add "$ip/${mask:-$subnet}" broadcast + dev "$interface"
		for r in $router; do
			ip -4 route add default via "$r" dev "$interface"
			break
		done ;;
	esac
	exit 0
	EOF
	# Debian's /sbin/dhclient-script, the IPv4 part an initrd needs, with
	# ip(8): no resolv.conf, no hooks, no hostname.
	cat >"$W/dhclient-script.sh" <<-'EOF'
	#!/bin/sh
	case $reason in
	PREINIT)
		ip link set dev "$interface" up ;;
	BOUND|RENEW|REBIND|REBOOT)
		ip -4 addr flush dev "$interface"
		ip -4 addr add "$new_ip_address/${new_subnet_mask:-255.255.255.0}" \
			broadcast "${new_broadcast_address:-+}" dev "$interface"
		for r in $new_routers; do
			ip -4 route add default via "$r" dev "$interface"
			break
		done ;;
	esac
	exit 0
	EOF
	: >"$W/dhclient.conf"
	chmod +x "$W"/*.sh
}

# bench_cmd CLIENT K - print the command words of CLIENT, one per line.
bench_cmd() {
	local i
	case $1 in
	null) printf '%s\n' true ;;
	netboot) printf '%s\n' "$NETBOOT" net --cmdline "$W/cmdline" --rundir "$W/rundir" ;;
	netboot-old) printf '%s\n' "$NETBOOT_OLD" net --cmdline "$W/cmdline" --rundir "$W/rundir" ;;
	dhclient)
		printf '%s\n' "$DHCLIENT" -1 -4 -cf "$W/dhclient.conf" \
			-lf "$W/dhclient.leases" -pf "$W/dhclient.pid" -sf "$W/dhclient-script.sh"
		for (( i = 0; i <= $2; i++ )); do echo "eth$i"; done ;;
	ipconfig-all) printf '%s\n' "$IPCONFIG" -t "$IPT" -c dhcp -d all ;;
	ipconfig-seq) printf '%s\n' /bin/sh "$W/ipconfig-seq.sh" "$IPCONFIG" "$IPT" ;;
	udhcpc-seq) printf '%s\n' /bin/sh "$W/udhcpc-seq.sh" "$BUSYBOX" "$W/udhcpc-hook.sh" ;;
	*) nb_die "unknown client $1" ;;
	esac
}

# bench_have CLIENT - the client's program is there.
bench_have() {
	case $1 in
	null) true ;;
	netboot) [[ -x "$NETBOOT" ]] ;;
	netboot-old) [[ -x "$NETBOOT_OLD" ]] ;;
	dhclient) [[ -x "$DHCLIENT" ]] ;;
	ipconfig-*) [[ -x "$IPCONFIG" ]] ;;
	udhcpc-seq) "$BUSYBOX" udhcpc --help >/dev/null 2>&1 ;;
	esac
}

# bench_runs CLIENT K - how many rounds CLIENT takes part in at K: the
# slow ones (seconds a run) SLOW_RUNS.
bench_runs() {
	if [[ "$1" == ipconfig-* || ( "$1" == *-seq && "$2" != 0 ) ]] && (( SLOW_RUNS < RUNS )); then
		echo "$SLOW_RUNS"
	else
		echo "$RUNS"
	fi
}

# bench_reset K - every client NIC down, no address; nothing left running
# (dhclient's daemon first, by the PID it wrote).
bench_reset() {
	local i pid
	if [[ -s "$W/dhclient.pid" ]]; then
		read -r pid <"$W/dhclient.pid" || true
		[[ "$pid" =~ ^[0-9]+$ ]] && nb_kill_pid "$pid" "dhclient daemon"
	fi
	nbt_ns_kill "$NBT_C"
	for (( i = 0; i <= $1; i++ )); do
		ip -n "$NBT_C" -4 addr flush dev "eth$i"
		ip -n "$NBT_C" link set "eth$i" down
	done
	ip -n "$NBT_C" -4 route flush table main 2>/dev/null || true
	rm -rf "$W/rundir" "$W/dhclient.leases" "$W/dhclient.pid"
}

# bench_one CLIENT K - one timed run; sets BENCH_MS to the milliseconds, or
# "fail".  Not in $(...): the client's PID must reach NBT_PIDS.
BENCH_MS=
bench_one() {
	local client=$1 k=$2 guard rc t0 t1 net cmd=()
	mapfile -t cmd < <(bench_cmd "$client" "$k")
	guard=$(( 20 * (k + 1) + 30 ))
	bench_reset "$k"
	rm -f "$W/time"
	# In the background and waited for, so that a signal runs the traps now.
	timeout -k 5 "$guard" ip netns exec "$NBT_C" \
		unshare -m -u --propagation private -- \
		"$HERE/net.sh" --timed "$W/time" "$W/$client-K$k.log" "${cmd[@]}" \
		</dev/null >>"$W/wrapper.log" 2>&1 &
	NBT_PIDS+=("$!")
	wait "$!" || true
	BENCH_MS=fail
	read -r rc t0 t1 <"$W/time" 2>/dev/null || return 0
	net=$(nbt_net "$k")
	if [[ "$rc" != 0 ]] || { [[ "$client" != null ]] &&
		! ip -n "$NBT_C" -4 -o addr show dev "eth$k" | grep -qF "inet $net."; }; then
		cp "$W/$client-K$k.log" "$W/$client-K$k.fail.log" 2>/dev/null || true
		return 0
	fi
	BENCH_MS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }')
}

# bench_k K - the topology for K dead NICs, RUNS rounds of every client.
bench_k() {
	local k=$1 i r c s line
	nbt_setup "b$k"
	for (( i = 0; i <= k; i++ )); do nbt_nic "$i"; done
	if [[ "$SERVER" == lean ]]; then
		nbt_dhcp "$k" --quiet -- --leasefile-ro
	else
		nbt_dhcp "$k"
	fi
	printf '%s\n' "$NBT_CMDLINE_BASE" >"$W/cmdline"
	for (( r = 1; r <= RUNS; r++ )); do
		line="K=$k run $r/$RUNS:"
		for c in "${CLIENTS[@]}"; do
			(( r <= $(bench_runs "$c" "$k") )) || continue
			if ! bench_have "$c"; then
				s=fail
			else
				bench_one "$c" "$k"
				s=$BENCH_MS
			fi
			if [[ "$s" == fail ]]; then
				FAILS["$c $k"]=$(( ${FAILS["$c $k"]:-0} + 1 ))
			else
				TIMES["$c $k"]+="$s "
			fi
			line+=" $c $s"
		done
		nb_log "$line"
	done
	bench_reset "$k"
	nbt_cleanup
}

# bench_median CLIENT K - the median in ms, or nothing.
bench_median() {
	local st
	st=$(bench_stats "${TIMES["$1 $2"]:-}")
	[[ -z "$st" ]] || cut -d' ' -f2 <<<"$st"
}

# bench_net CLIENT K - the median net of null's at K, or nothing.
bench_net() {
	local m n
	m=$(bench_median "$1" "$2")
	n=$(bench_median null "$2")
	[[ -n "$m" && -n "$n" ]] || return 0
	awk -v a="$m" -v b="$n" 'BEGIN { printf "%.1f\n", a - b }'
}

bench_row() {
	local c=$1 k=$2 st n m q1 q3 lo hi f=${FAILS["$1 $2"]:-0} net
	st=$(bench_stats "${TIMES["$c $k"]:-}")
	if [[ -z "$st" ]]; then
		printf '%-3s %-13s %4s %8s %17s %19s %8s %5s\n' "$k" "$c" 0 - - - - "$f"
		return
	fi
	read -r n m q1 q3 lo hi <<<"$st"
	net=-
	[[ "$c" == null ]] || net=$(bench_net "$c" "$k")
	printf '%-3s %-13s %4s %8.1f %17s %19s %8s %5s\n' "$k" "$c" "$n" "$m" \
		"$(printf '%.1f-%.1f' "$q1" "$q3")" "$(printf '%.1f-%.1f' "$lo" "$hi")" \
		"${net:--}" "$f"
}

# bench_goals CLIENT - the issue 10 goal lines for a netboot column.
bench_goals() {
	local c=$1 k kmax=${KS[-1]} n0 nk m d met=0 all=0 f
	n0=$(bench_net "$c" "${KS[0]}")
	if [[ "${KS[0]}" == 0 ]]; then
		all=$(( all + 1 ))
		if [[ -z "$n0" ]]; then
			echo "goal $c K=0: median net of null <= $GOAL_NET_MS ms: NOT met (no figure)"
		elif awk -v a="$n0" -v g="$GOAL_NET_MS" 'BEGIN { exit !(a <= g) }'; then
			met=$(( met + 1 ))
			printf 'goal %s K=0: median net of null %.1f ms <= %s ms: met\n' "$c" "$n0" "$GOAL_NET_MS"
		else
			printf 'goal %s K=0: median net of null %.1f ms <= %s ms: NOT met\n' "$c" "$n0" "$GOAL_NET_MS"
		fi
		if [[ "$kmax" != 0 ]]; then
			all=$(( all + 1 ))
			nk=$(bench_net "$c" "$kmax")
			if [[ -z "$n0" || -z "$nk" ]]; then
				echo "goal $c K=$kmax: <= $GOAL_KMAX_RATIO x K=0, net of null: NOT met (no figure)"
			else
				awk -v a="$nk" -v b="$n0" -v r="$GOAL_KMAX_RATIO" -v k="$kmax" -v c="$c" 'BEGIN {
					ok = a <= r * b
					printf "goal %s K=%s: median net of null %.1f ms <= %s x K=0'"'"'s %.1f = %.1f ms: %s\n",
						c, k, a, r, b, r * b, ok ? "met" : "NOT met"
					exit !ok }' && met=$(( met + 1 ))
			fi
		fi
	fi
	for k in "${KS[@]}"; do
		all=$(( all + 1 ))
		m=$(bench_median "$c" "$k")
		d=$(bench_median dhclient "$k")
		f=${FAILS["$c $k"]:-0}
		if [[ -z "$m" || -z "$d" ]]; then
			echo "goal $c K=$k: median <= $GOAL_VS_DHCLIENT x dhclient's: NOT met (no figure)"
			continue
		fi
		awk -v a="$m" -v b="$d" -v r="$GOAL_VS_DHCLIENT" -v k="$k" -v c="$c" -v f="$f" 'BEGIN {
			ok = a <= r * b && f == 0
			printf "goal %s K=%s: median %.1f ms <= %s x dhclient'"'"'s %.1f = %.1f ms%s: %s\n",
				c, k, a, r, b, r * b, f ? " (" f " runs failed)" : "", ok ? "met" : "NOT met"
			exit !ok }' && met=$(( met + 1 ))
	done
	echo "goal $c: $met of $all met"
}

bench_report() {
	local k c runs="$RUNS runs per cell"
	for c in "${CLIENTS[@]}"; do
		[[ "$c" != ipconfig-* ]] || runs+=", $c $SLOW_RUNS"
		[[ "$c" != udhcpc-seq ]] || runs+=", $c $SLOW_RUNS at K > 0"
	done
	echo "net bench: ms from NICs down to a lease on the live NIC behind K dead ones"
	echo "  $runs; median, q1-q3, min-max in ms; net = median - null's median at the same K"
	echo "  dnsmasq ($SERVER), no rapid commit; ipconfig -t $IPT; dhclient -1 -4, all NICs in one process"
	echo "  $NETBOOT_ID"
	echo "  load average $LOAD0 -> $(cut -d' ' -f1-3 /proc/loadavg)"
	printf '%-3s %-13s %4s %8s %17s %19s %8s %5s\n' K client runs median q1-q3 min-max net fail
	for k in "${KS[@]}"; do
		for c in "${CLIENTS[@]}"; do
			bench_row "$c" "$k"
		done
	done
	for c in netboot netboot-old; do
		[[ " ${CLIENTS[*]} " == *" $c "* ]] || continue
		if [[ " ${CLIENTS[*]} " != *" null "* || " ${CLIENTS[*]} " != *" dhclient "* ]]; then
			echo "goal $c: needs null and dhclient in BENCH_CLIENTS"
			continue
		fi
		bench_goals "$c"
	done
	[[ "$(nbt_host_sum)" == "$HOST_SUM0" ]] ||
		echo "bench-net: WARNING: the host's /etc/resolv.conf changed during the run"
}

# bench_snap VAR LABEL - copy the binary VAR names into the work dir, point
# VAR at the copy, and add LABEL's size and sha1 to NETBOOT_ID.
bench_snap() {
	local var=$1 label=$2 src
	src=${!var}
	[[ -n "$src" && -x "$src" ]] || return 0
	cp "$src" "$W/$label"
	printf -v "$var" '%s' "$W/$label"
	NETBOOT_ID+="${NETBOOT_ID:+; }$label $(stat -c %s "$W/$label") bytes, sha1 $(sha1sum <"$W/$label" | cut -c1-10)"
}

main() {
	local c t0 i
	t0=$(nb_now_ms)
	nb_workdir >/dev/null
	bench_scripts
	LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
	HOST_SUM0=$(nbt_host_sum)
	if [[ -n "$NETBOOT_OLD" && " ${CLIENTS[*]} " != *" netboot-old "* ]]; then
		for i in "${!CLIENTS[@]}"; do
			[[ "${CLIENTS[i]}" == netboot ]] || continue
			CLIENTS=("${CLIENTS[@]:0:i+1}" netboot-old "${CLIENTS[@]:i+1}")
			break
		done
		[[ " ${CLIENTS[*]} " == *" netboot-old "* ]] || CLIENTS+=(netboot-old)
	fi
	bench_snap NETBOOT netboot
	[[ -z "$NETBOOT_OLD" ]] || bench_snap NETBOOT_OLD netboot-old
	NETBOOT_ID+=", HEAD $(git -C "$NB_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
	git -C "$NB_ROOT" --no-optional-locks diff --quiet HEAD -- src 2>/dev/null ||
		NETBOOT_ID+=" (src/ modified)"
	for c in "${CLIENTS[@]}"; do
		bench_cmd "$c" 0 >/dev/null
		bench_have "$c" || nb_log "bench-net: $c: program missing, its column fails"
	done
	for k in "${KS[@]}"; do
		bench_k "$k"
	done
	bench_report
	echo "bench-net: done in $(nb_elapsed "$t0") s"
}

main "$@"
