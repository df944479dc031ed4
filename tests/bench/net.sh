#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/bench/net.sh - time to a lease with K dead NICs ahead of the live
# one (issue 3).  A benchmark: it reports, it never fails on a figure.
#
# Topology (tests/net/lib.sh): a client namespace with eth0..ethK; eth0 ..
# eth(K-1) are dead (carrier up, nobody answering), ethK has dnsmasq on its
# peer (default options, no rapid commit).  Every run starts with all the
# client's NICs down and without addresses, as at boot.  Clients:
#
#   netboot       build/klibc/netboot net --cmdline F --rundir D, no BOOTIF
#                 (every NIC in parallel)
#   ipconfig-all  klibc: ipconfig -t 15 -c dhcp -d all  ("all" brings every
#                 NIC up and stops at the first lease; -c dhcp: DHCP with
#                 BOOTP fallback, no RARP)
#   ipconfig-seq  live-boot's do_netsetup (/lib/live/boot/9990-networking.sh)
#                 without BOOTIF or ethdevice=: `ipconfig -t 15 DEV` for each
#                 /sys/class/net entry but lo, in order, until DEV has an
#                 address
#   udhcpc-seq    busybox udhcpc, one NIC at a time in order, as a small
#                 initrd's script does: -f (foreground: the script waits),
#                 -n (exit when no lease, so the next NIC gets its turn),
#                 -q (exit once bound, no daemon left in the initrd),
#                 -t 3 -T 1 (3 DISCOVERs 1 s apart, ~3 s per dead NIC; the
#                 default -T 3 would cost ~9 s each); -s a hook that, like
#                 busybox's simple.script, brings the NIC up on deconfig and
#                 applies address + default route on bound.
#
# Each client runs in the client namespace under `unshare -m -u`, with a
# private tmpfs on /run (ipconfig writes /run/net-DEV.conf) and a private
# hostname (ipconfig may set it from DHCP), so the host stays untouched.
# The time is taken inside, around the client alone (bash EPOCHREALTIME),
# and counts only when the live NIC ends with an address from its server.
#
# Output: one table, rows K, columns the clients, cells "median (min-max)"
# in seconds over BENCH_RUNS runs (netboot: BENCH_RUNS x BENCH_NETBOOT_REPS,
# as its time includes a random 0-100 ms delay before the first DISCOVER
# and a run costs well under a second); then netboot(Kmax)/netboot(0) and
# whether netboot is ahead of every other column.  Progress on stderr.
# The netboot binary is copied once at the start (others may rebuild it
# meanwhile); its size and the commit are printed with the load average at
# start and end, since other work on the machine skews the figures.
#
# Env:  BENCH_RUNS=5             runs per cell (median needs >= 5)
#       BENCH_NETBOOT_REPS=5     netboot runs per round
#       BENCH_K="0 1 3 7"        dead-NIC counts
#       BENCH_CLIENTS="netboot ipconfig-all ipconfig-seq udhcpc-seq"
#       BENCH_IPCONFIG=/usr/lib/klibc/bin/ipconfig  BENCH_BUSYBOX=busybox
#       NB_KEEP=1                keep the work dir (build/tmp/run.*)
# Needs root (namespaces, veth, dnsmasq); skips otherwise.  The full run
# takes about 25 minutes, most of it ipconfig-seq's 15 s per dead NIC.

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

RUNS=${BENCH_RUNS:-5}
NB_REPS=${BENCH_NETBOOT_REPS:-5}
read -r -a KS <<<"${BENCH_K:-0 1 3 7}"
read -r -a CLIENTS <<<"${BENCH_CLIENTS:-netboot ipconfig-all ipconfig-seq udhcpc-seq}"
IPCONFIG=${BENCH_IPCONFIG:-/usr/lib/klibc/bin/ipconfig}
BUSYBOX=${BENCH_BUSYBOX:-$(command -v busybox || echo busybox)}
NETBOOT=$NB_BUILD/klibc/netboot  # then the snapshot in the work dir
NETBOOT_ID=
LOAD0=
IPT=15                       # ipconfig -t, as live-boot's ETHDEV_TIMEOUT
declare -A TIMES=() FAILS=()  # "client K" -> "s s s ..." / count
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
	chmod +x "$W"/*.sh
}

# bench_cmd CLIENT - print the command words of CLIENT, one per line.
bench_cmd() {
	case $1 in
	netboot) printf '%s\n' "$NETBOOT" net --cmdline "$W/cmdline" --rundir "$W/rundir" ;;
	ipconfig-all) printf '%s\n' "$IPCONFIG" -t "$IPT" -c dhcp -d all ;;
	ipconfig-seq) printf '%s\n' /bin/sh "$W/ipconfig-seq.sh" "$IPCONFIG" "$IPT" ;;
	udhcpc-seq) printf '%s\n' /bin/sh "$W/udhcpc-seq.sh" "$BUSYBOX" "$W/udhcpc-hook.sh" ;;
	*) nb_die "unknown client $1" ;;
	esac
}

# bench_have CLIENT - the client's program is there.
bench_have() {
	case $1 in
	netboot) [[ -x "$NETBOOT" ]] ;;
	ipconfig-*) [[ -x "$IPCONFIG" ]] ;;
	udhcpc-seq) "$BUSYBOX" udhcpc --help >/dev/null 2>&1 ;;
	esac
}

# bench_reset K - every client NIC down, no address; nothing left running.
bench_reset() {
	local i
	nbt_ns_kill "$NBT_C"
	for (( i = 0; i <= $1; i++ )); do
		ip -n "$NBT_C" -4 addr flush dev "eth$i"
		ip -n "$NBT_C" link set "eth$i" down
	done
	ip -n "$NBT_C" -4 route flush table main 2>/dev/null || true
	rm -rf "$W/rundir"
}

# bench_one CLIENT K - one timed run; sets BENCH_S to the seconds, or
# "fail".  Not in $(...): the client's PID must reach NBT_PIDS.
BENCH_S=
bench_one() {
	local client=$1 k=$2 guard rc t0 t1 net cmd=()
	mapfile -t cmd < <(bench_cmd "$client")
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
	BENCH_S=fail
	read -r rc t0 t1 <"$W/time" 2>/dev/null || return 0
	net=$(nbt_net "$k")
	if [[ "$rc" != 0 ]] ||
		! ip -n "$NBT_C" -4 -o addr show dev "eth$k" | grep -qF "inet $net."; then
		cp "$W/$client-K$k.log" "$W/$client-K$k.fail.log" 2>/dev/null || true
		return 0
	fi
	BENCH_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }')
}

# bench_k K - the topology for K dead NICs, RUNS rounds of every client.
bench_k() {
	local k=$1 i r c s line n rep
	nbt_setup "b$k"
	for (( i = 0; i <= k; i++ )); do nbt_nic "$i"; done
	nbt_dhcp "$k"
	printf '%s\n' "$NBT_CMDLINE_BASE" >"$W/cmdline"
	for (( r = 1; r <= RUNS; r++ )); do
		line="K=$k run $r/$RUNS:"
		for c in "${CLIENTS[@]}"; do
			n=1
			[[ "$c" != netboot ]] || n=$NB_REPS
			line+=" $c"
			for (( rep = 0; rep < n; rep++ )); do
				if ! bench_have "$c"; then
					s=fail
				else
					bench_one "$c" "$k"
					s=$BENCH_S
				fi
				if [[ "$s" == fail ]]; then
					FAILS["$c $k"]=$(( ${FAILS["$c $k"]:-0} + 1 ))
				else
					TIMES["$c $k"]+="$s "
				fi
				line+=" $s"
			done
		done
		nb_log "$line"
	done
	nbt_cleanup
}

# bench_stats "S S S..." - "median min max" (median of an even count: the
# mean of the middle two); nothing for an empty list.
bench_stats() {
	[[ -n "${1// /}" ]] || return 0
	tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '
		{ v[NR] = $1 }
		END {
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.3f %.3f %.3f\n", m, v[1], v[NR]
		}'
}

# bench_cell CLIENT K - "0.13 (0.12-0.15)", with " !N fail" when some runs
# failed, "-" when none succeeded.
bench_cell() {
	local st m lo hi f=${FAILS["$1 $2"]:-0} cell
	st=$(bench_stats "${TIMES["$1 $2"]:-}")
	if [[ -z "$st" ]]; then
		cell="- (${f} fail)"
	else
		read -r m lo hi <<<"$st"
		cell=$(printf '%.2f (%.2f-%.2f)' "$m" "$lo" "$hi")
		(( f == 0 )) || cell+=" !${f}fail"
	fi
	echo "$cell"
}

bench_median() {
	local st
	st=$(bench_stats "${TIMES["$1 $2"]:-}")
	echo "${st%% *}"
}

bench_report() {
	local k c row ahead=yes strict=yes why=() m mo st lo hi n0 n7 kmax
	echo "net bench: seconds to a lease on the live NIC behind K dead ones (NICs start down)"
	echo "  median (min-max) of $RUNS runs (netboot: $(( RUNS * NB_REPS ))); dnsmasq, no rapid commit; ipconfig -t $IPT"
	echo "  $NETBOOT_ID; load average $LOAD0 -> $(cut -d' ' -f1-3 /proc/loadavg)"
	row=$(printf '%-3s' K)
	for c in "${CLIENTS[@]}"; do row+=$(printf ' | %-21s' "$c"); done
	echo "$row"
	for k in "${KS[@]}"; do
		row=$(printf '%-3s' "$k")
		for c in "${CLIENTS[@]}"; do row+=$(printf ' | %-21s' "$(bench_cell "$c" "$k")"); done
		echo "$row"
	done
	kmax=${KS[-1]}
	n0=$(bench_median netboot 0)
	n7=$(bench_median netboot "$kmax")
	if [[ -n "$n0" && -n "$n7" && "$kmax" != 0 ]]; then
		awk -v a="$n7" -v b="$n0" -v k="$kmax" 'BEGIN {
			r = b > 0 ? a / b : 0
			printf "netboot(%s)/netboot(0) = %.3f/%.3f = %.2f (goal <= 1.2): %s\n",
				k, a, b, r, (r <= 1.2 ? "met" : "NOT met") }'
	fi
	for k in "${KS[@]}"; do
		m=$(bench_median netboot "$k")
		st=$(bench_stats "${TIMES["netboot $k"]:-}")
		hi=${st##* }
		for c in "${CLIENTS[@]}"; do
			[[ "$c" != netboot ]] || continue
			mo=$(bench_median "$c" "$k")
			if [[ -z "$m" ]]; then
				ahead=no; why+=("K=$k: netboot failed")
			elif [[ -n "$mo" ]] && awk -v a="$m" -v b="$mo" 'BEGIN { exit !(a >= b) }'; then
				ahead=no; why+=("K=$k: $c")
			fi
			st=$(bench_stats "${TIMES["$c $k"]:-}")
			lo=$(cut -d' ' -f2 <<<"$st")
			if [[ -n "$lo" && -n "$hi" ]] && awk -v a="$hi" -v b="$lo" 'BEGIN { exit !(a >= b) }'; then
				strict=no
			fi
		done
	done
	printf 'netboot ahead of every other column (median), every K: %s%s\n' \
		"$ahead" "${why[*]:+ (not vs ${why[*]})}"
	printf 'netboot slowest run < every other client'"'"'s fastest run, every K: %s\n' "$strict"
}

main() {
	local k c t0
	t0=$(nb_now_ms)
	nb_workdir >/dev/null
	bench_scripts
	LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
	if [[ -x "$NETBOOT" ]]; then
		cp "$NETBOOT" "$W/netboot"
		NETBOOT_ID="netboot $(stat -c %s "$W/netboot") bytes, sha1 $(sha1sum <"$W/netboot" | cut -c1-10)"
		NETBOOT_ID+=", HEAD $(git -C "$NB_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
		git -C "$NB_ROOT" --no-optional-locks diff --quiet HEAD -- src 2>/dev/null ||
			NETBOOT_ID+=" (src/ modified)"
		NETBOOT=$W/netboot
	fi
	for c in "${CLIENTS[@]}"; do
		bench_cmd "$c" >/dev/null
		bench_have "$c" || nb_log "bench-net: $c: program missing, its column fails"
	done
	for k in "${KS[@]}"; do
		bench_k "$k"
	done
	bench_report
	echo "bench-net: done in $(nb_elapsed "$t0") s"
}

main "$@"
