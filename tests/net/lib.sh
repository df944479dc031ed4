#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/net/lib.sh - network-namespace fixtures and assertions for the net
# tier (see tests/net/run.sh).
#
# One scenario = one "client" namespace holding veth ends named like real
# NICs (eth0, eth1, ...) and, for each of them, a "server" namespace
# holding the peer end (s0, s1, ...) with 10.111.(I+1).1/24 and, when asked,
# a dnsmasq serving 10.111.(I+1).100-150 on it.  Namespaces are named
# nbt<PID>-<scenario>-c / -s<I>, PID being the top-level run.sh, so runs
# never collide and a sweep can find leftovers.  Only addresses inside
# 10.111.0.0/16, only inside those namespaces.
#
# The client runs as
#   ip netns exec $NBT_C $NBT_CLIENT net --cmdline $NBT_TMP/cmdline \
#       --rundir $NBT_RUN
# with NBT_CLIENT defaulting to build/klibc/netboot (NBT_STANDIN=1: the
# busybox udhcpc stand-in, tests/net/standin-udhcpc.sh, to prove the
# harness itself).
#
# Assertions never exit: each failure prints a line and counts in
# NBT_FAILED; nbt_verdict turns the count into a status and, on failure,
# dumps the client's stderr, its netboot.log and the servers' DHCP log.
#
# Cleanup: nbt_cleanup kills every process started here by PID and deletes
# every namespace created here.  run.sh calls it from each scenario's EXIT
# trap; a script using this library directly gets it from common.sh's EXIT
# trap; nbt_sweep (also registered) deletes any nbt<PID>- namespace left.

# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

NBT_PREFIX="nbt$$-"
NBT_CLIENT=${NBT_CLIENT:-}
NBT_GUARD=${NBT_GUARD:-60}       # hard kill of a hung client, seconds
NBT_STATE=${NBT_STATE:-net.state} # the client's state file in --rundir
NBT_CMDLINE_BASE=${NBT_CMDLINE_BASE:-BOOT_IMAGE=/casper/vmlinuz initrd=/casper/initrd boot=casper netboot=nfs}
NBT_PIDS=()
NBT_NETNS=()
NBT_FAILED=0
NBT_C=
NBT_TMP=
NBT_RUN=
NBT_RC=
NBT_ELAPSED_MS=0

# nbt_client - print the client command (absolute path).
nbt_client() {
	if [[ -n "$NBT_CLIENT" ]]; then
		echo "$NBT_CLIENT"
	elif [[ -n "${NBT_STANDIN:-}" ]]; then
		echo "$NB_ROOT/tests/net/standin-udhcpc.sh"
	else
		echo "$NB_BUILD/klibc/netboot"
	fi
}

# nbt_ns_add NAME - create a namespace and remember it for cleanup.
nbt_ns_add() {
	ip netns add "$1"
	NBT_NETNS+=("$1")
	ip -n "$1" link set lo up
}

# nbt_setup NAME - fresh client namespace and scratch dir for scenario NAME.
# Sets NBT_C (client ns), NBT_TMP (scratch), NBT_RUN (the client's --rundir).
nbt_setup() {
	local name=$1 work
	work=$(nb_workdir)
	NBT_TMP=$work/$name
	NBT_RUN=$NBT_TMP/run
	rm -rf "$NBT_TMP"
	mkdir -p "$NBT_TMP"
	NBT_C=${NBT_PREFIX}${name}-c
	NBT_SCEN=$name
	nbt_ns_add "$NBT_C"
	NBT_FAILED=0
}

# nbt_sns I - the server namespace of NIC I.
nbt_sns() {
	echo "${NBT_PREFIX}${NBT_SCEN}-s$1"
}

# nbt_net I - the /24 prefix of NIC I ("10.111.3" for I=2).
nbt_net() {
	echo "10.111.$(( $1 + 1 ))"
}

# nbt_mac I - the default MAC of NIC I.
nbt_mac() {
	printf '52:54:00:11:11:%02x\n' $(( $1 + 1 ))
}

# nbt_bootif I - pxelinux's BOOTIF= value for NIC I's MAC.
nbt_bootif() {
	local mac
	mac=$(ip -n "$NBT_C" -o link show "eth$1" | sed -n 's/.* link\/ether \([0-9a-f:]*\) .*/\1/p')
	echo "01-${mac//:/-}"
}

# nbt_nic I [--mac MAC] [--no-carrier] - add client NIC eth<I>, its peer s<I>
# in a server namespace of its own, with 10.111.(I+1).1/24.  The client end
# stays down (netboot brings it up); with --no-carrier the peer stays down,
# so eth<I> shows NO-CARRIER once up.  Without nbt_dhcp it is a dead NIC:
# carrier, nobody answering.
nbt_nic() {
	local i=$1 mac carrier=1 sns tmp
	mac=$(nbt_mac "$i")
	shift
	while (( $# )); do
		case $1 in
		--mac) mac=$2; shift 2 ;;
		--no-carrier) carrier=; shift ;;
		*) nb_die "nbt_nic: unknown option $1" ;;
		esac
	done
	sns=$(nbt_sns "$i")
	nbt_ns_add "$sns"
	# Created under a temporary name, then renamed like a real NIC.
	tmp=nbtv$i
	ip -n "$NBT_C" link add "$tmp" type veth peer name "s$i" netns "$sns"
	ip -n "$NBT_C" link set "$tmp" name "eth$i"
	ip -n "$NBT_C" link set "eth$i" address "$mac"
	ip -n "$sns" addr add "$(nbt_net "$i").1/24" dev "s$i"
	[[ -z "$carrier" ]] || ip -n "$sns" link set "s$i" up
}

# nbt_spare_nics N - add N Ethernet interfaces vf0..vf<N-1> to the client
# namespace, none of them a boot NIC (stand-ins for virtual functions):
# veth ends with MACs 02:00:00:00:HH:LL, their peers down in one spare
# namespace of their own (no server, no carrier).  veth, not dummy: the
# dummy driver is not in every kernel.
nbt_spare_nics() {
	local n=$1 i sns=${NBT_PREFIX}${NBT_SCEN}-spare
	nbt_ns_add "$sns"
	for (( i = 0; i < n; i++ )); do
		printf 'link add vf%d address 02:00:00:00:%02x:%02x type veth peer name p%d netns %s\n' \
			"$i" $(( i >> 8 )) $(( i & 255 )) "$i" "$sns"
	done | ip -n "$NBT_C" -batch -
}

# nbt_sys_order - the client namespace's interfaces, one a line, in the
# order readdir gives /sys/class/net there (what netboot's link_list
# reads: kernfs goes by a hash of the name, salted per namespace).
nbt_sys_order() {
	# shellcheck disable=SC2016 # for the inner sh
	ip netns exec "$NBT_C" sh -c 'cd /sys/class/net || exit 1
		for e in $(ls -U); do
			[ ! -e "$e/ifindex" ] || echo "$e"
		done'
}

# nbt_dhcp I [options] [-- DNSMASQ_ARGS...] - start dnsmasq on NIC I's peer.
#   --delay N         start N seconds from now (returns at once)
#   --rapid-commit    --dhcp-rapid-commit
#   --root-path P     option 17 (default 10.111.(I+1).1:/srv/net<I>)
#   --no-root-path    send no option 17
#   --boot FILE       boot file name (default pxelinux.0)
#   --next-server A   siaddr (default: dnsmasq's own choice)
#   --router A        option 3 (default: dnsmasq's own address)
#   --quiet           no --log-dhcp (only the DHCP message lines): what
#                     the benchmarks use, as the option dump costs the
#                     server ~30 log writes per reply
# Log: $NBT_TMP/dnsmasq-<I>.log (--log-dhcp); leases dnsmasq-<I>.leases.
nbt_dhcp() {
	local i=$1 delay=0 net sns root boot=pxelinux.0 next='' args pid f
	net=$(nbt_net "$i")
	root=$net.1:/srv/net$i
	shift
	args=(--no-daemon --conf-file=/dev/null --port=0 --no-ping
		--interface="s$i" --bind-interfaces --dhcp-authoritative
		--dhcp-range="$net.100,$net.150,255.255.255.0,10m"
		--dhcp-leasefile="$NBT_TMP/dnsmasq-$i.leases"
		--pid-file="$NBT_TMP/dnsmasq-$i.pid"
		--log-facility="$NBT_TMP/dnsmasq-$i.log"
		--user=root --group=root)
	local logdhcp=--log-dhcp
	while (( $# )); do
		case $1 in
		--delay) delay=$2; shift 2 ;;
		--rapid-commit) args+=(--dhcp-rapid-commit); shift ;;
		--root-path) root=$2; shift 2 ;;
		--no-root-path) root=; shift ;;
		--boot) boot=$2; shift 2 ;;
		--next-server) next=$2; shift 2 ;;
		--router) args+=(--dhcp-option="3,$2"); shift 2 ;;
		--quiet) logdhcp=; shift ;;
		--) shift; args+=("$@"); break ;;
		*) nb_die "nbt_dhcp: unknown option $1" ;;
		esac
	done
	[[ -z "$logdhcp" ]] || args+=("$logdhcp")
	[[ -z "$root" ]] || args+=(--dhcp-option="17,$root")
	[[ -z "$boot" ]] || args+=(--dhcp-boot="$boot,,$next")
	sns=$(nbt_sns "$i")
	for f in leases log; do : >"$NBT_TMP/dnsmasq-$i.$f"; done
	if (( delay > 0 )); then
		# A late server: the subshell sleeps (killable), then becomes dnsmasq.
		(
			trap 'kill "$s" 2>/dev/null; exit 143' TERM
			sleep "$delay" & s=$!
			wait "$s"
			exec ip netns exec "$sns" dnsmasq "${args[@]}"
		) >"$NBT_TMP/dnsmasq-$i.out" 2>&1 &
		NBT_PIDS+=("$!")
		return 0
	fi
	ip netns exec "$sns" dnsmasq "${args[@]}" >"$NBT_TMP/dnsmasq-$i.out" 2>&1 &
	pid=$!
	NBT_PIDS+=("$pid")
	local t
	for (( t = 0; t < 50; t++ )); do
		grep -q 'DHCP, sockets bound' "$NBT_TMP/dnsmasq-$i.log" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$NBT_TMP/dnsmasq-$i.out" >&2
	nb_die "dnsmasq on s$i did not start"
}

# nbt_bridge_dhcp NS NET ROOTPATH - dnsmasq on br0 in NS for the many-client
# tiers (load.sh, report.sh): NET.10-.250, root-path ROOTPATH, log and
# leases in NBT_TMP; returns once it has bound its sockets.
nbt_bridge_dhcp() {
	local sns=$1 net=$2 root=$3 t pid
	: >"$NBT_TMP/dnsmasq.log"
	ip netns exec "$sns" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --no-ping \
		--interface=br0 --bind-interfaces --dhcp-authoritative \
		--dhcp-range="$net.10,$net.250,255.255.255.0,10m" \
		--dhcp-option="17,$root" \
		--dhcp-leasefile="$NBT_TMP/dnsmasq.leases" \
		--log-dhcp --log-facility="$NBT_TMP/dnsmasq.log" \
		--user=root --group=root >"$NBT_TMP/dnsmasq.out" 2>&1 &
	pid=$!
	NBT_PIDS+=("$pid")
	for (( t = 0; t < 50; t++ )); do
		grep -q 'DHCP, sockets bound' "$NBT_TMP/dnsmasq.log" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$NBT_TMP/dnsmasq.out" >&2
	nb_die "dnsmasq on br0 did not start"
}

# nbt_cmdline WORDS... - write the kernel command line the client reads:
# NBT_CMDLINE_BASE plus WORDS.
nbt_cmdline() {
	printf '%s\n' "$NBT_CMDLINE_BASE${*:+ $*}" >"$NBT_TMP/cmdline"
}

# nbt_run_client - run `CLIENT net --cmdline ... --rundir ...`
# in the client namespace, under a hard timeout of NBT_GUARD seconds.
# Sets NBT_RC and NBT_ELAPSED_MS; output in $NBT_TMP/stdout, stderr.
nbt_run_client() {
	local t0 client host
	client=$(nbt_client)
	host=$(nbt_host_sum)
	[[ -f "$NBT_TMP/cmdline" ]] || printf '%s\n' "$NBT_CMDLINE_BASE" >"$NBT_TMP/cmdline"
	mkdir -p "$NBT_RUN"
	t0=$(nb_now_ms)
	NBT_RC=0
	# In the background and waited for, so that a signal to this shell
	# runs its trap now, not when the client is done (the cleanup then
	# kills `timeout`, which passes the signal on to the client).
	local -a cpu=()
	# NBT_TIME_CPU=1: the client's user and system CPU seconds to
	# $NBT_TMP/cpu ("U S"), from bash's `times` (its children's line)
	# shellcheck disable=SC2016 # for the inner bash
	[[ -z "${NBT_TIME_CPU:-}" ]] || cpu=(bash -c '"${@:2}"; rc=$?
		times >"$1.raw" # not in a pipeline: a subshell has no children
		sed -n "2s/\([0-9]*\)m\([0-9.]*\)s \([0-9]*\)m\([0-9.]*\)s/\1 \2 \3 \4/p" "$1.raw" |
			awk "{ print \$1 * 60 + \$2, \$3 * 60 + \$4 }" >"$1"
		exit $rc' nbt-cpu "$NBT_TMP/cpu")
	timeout -k 5 "$NBT_GUARD" ip netns exec "$NBT_C" "${cpu[@]}" "$client" net \
		--cmdline "$NBT_TMP/cmdline" --rundir "$NBT_RUN" \
		>"$NBT_TMP/stdout" 2>"$NBT_TMP/stderr" </dev/null &
	NBT_PIDS+=("$!")
	wait "$!" || NBT_RC=$?
	NBT_ELAPSED_MS=$(( $(nb_now_ms) - t0 ))
	[[ "$(nbt_host_sum)" == "$host" ]] ||
		nbt_fail "the client changed the host's /etc/resolv.conf (with --rundir)"
	if (( NBT_RC == 124 || NBT_RC == 137 )); then
		nbt_fail "client still running after the ${NBT_GUARD} s guard (killed)"
	fi
	printf '    client: exit %s after %s s\n' "$NBT_RC" "$(nbt_secs "$NBT_ELAPSED_MS")"
}

# nbt_host_sum - fingerprint of the host's /etc/resolv.conf, which a
# client run with --rundir must leave alone.
nbt_host_sum() {
	{ stat -L -c '%i %s %Y' /etc/resolv.conf; cksum </etc/resolv.conf; } 2>/dev/null || echo none
}

# nbt_secs MS - "12.3".
nbt_secs() {
	printf '%d.%d' $(( $1 / 1000 )) $(( ($1 % 1000) / 100 ))
}

# ---- assertions ---------------------------------------------------------

# nbt_fail MSG... - record one failed assertion.
nbt_fail() {
	printf '    assert: %s\n' "$*"
	NBT_FAILED=$(( NBT_FAILED + 1 ))
}

# nbt_conf_file DEV - path of the net-conf the client wrote for DEV.
nbt_conf_file() {
	echo "$NBT_RUN/net-$1.conf"
}

# nbt_kv FILE KEY - value of KEY='value' in FILE (unquoted ''\'' too);
# status 1 when the key is absent.
nbt_kv() {
	local line
	line=$(grep -m1 "^$2=" "$1" 2>/dev/null) || return 1
	line=${line#"$2="}
	# strip the outer quotes, undo shquote's '\'' for embedded quotes
	line=${line#\'}
	line=${line%\'}
	printf '%s\n' "${line//\'\\\'\'/\'}"
}

# assert_exit N - the client's exit status was N.
assert_exit() {
	[[ "$NBT_RC" == "$1" ]] || nbt_fail "exit status $NBT_RC, expected $1"
}

# assert_state_key KEY VALUE - the client's state file ($RUN/$NBT_STATE,
# KEY='value' lines: DEVICE, MAC, REASON, ADDRESS, ROOTSERVER, SIADDR,
# SERVERID, ROOTPATH, PROTO, RAPID_COMMIT, BOUND_MS) has KEY='VALUE'.
assert_state_key() {
	local got
	if [[ ! -f "$NBT_RUN/$NBT_STATE" ]]; then
		nbt_fail "no $NBT_STATE in the run dir"
	elif ! got=$(nbt_kv "$NBT_RUN/$NBT_STATE" "$1"); then
		nbt_fail "$NBT_STATE: no $1="
	else
		[[ "$got" == "$2" ]] || nbt_fail "$NBT_STATE: $1='$got', expected '$2'"
	fi
}

# assert_chosen DEV - the state file names DEV, net-DEV.conf exists and is
# the only net-*.conf written.
assert_chosen() {
	local dev=$1 f others=()
	assert_state_key DEVICE "$dev"
	for f in "$NBT_RUN"/net-*.conf; do
		[[ -e "$f" && "$f" != "$(nbt_conf_file "$dev")" ]] && others+=("${f##*/}")
	done
	(( ${#others[@]} == 0 )) || nbt_fail "other net-conf files written: ${others[*]}"
}

# assert_no_conf - no net-*.conf at all (a failed run).
assert_no_conf() {
	local f
	for f in "$NBT_RUN"/net-*.conf; do
		[[ -e "$f" ]] && nbt_fail "${f##*/} written by a failed run"
	done
	return 0
}

# nbt_conf_get DEV KEY - set NBT_VAL to KEY's value in net-DEV.conf; on
# failure record it (a missing file only once per scenario) and return 1.
# Not for $(...): the failure count would be lost.
NBT_NOCONF=" "
NBT_VAL=
nbt_conf_get() {
	local f
	f=$(nbt_conf_file "$1")
	if [[ ! -f "$f" ]]; then
		[[ "$NBT_NOCONF" == *" $1 "* ]] || nbt_fail "no net-$1.conf (its keys unchecked)"
		NBT_NOCONF+="$1 "
		return 1
	fi
	NBT_VAL=$(nbt_kv "$f" "$2") || { nbt_fail "net-$1.conf: no $2="; return 1; }
}

# assert_conf_key DEV KEY VALUE - net-DEV.conf has KEY='VALUE' exactly.
assert_conf_key() {
	nbt_conf_get "$1" "$2" || return 0
	[[ "$NBT_VAL" == "$3" ]] || nbt_fail "net-$1.conf: $2='$NBT_VAL', expected '$3'"
}

# assert_conf_match DEV KEY ERE - net-DEV.conf's KEY value matches ERE.
assert_conf_match() {
	nbt_conf_get "$1" "$2" || return 0
	[[ "$NBT_VAL" =~ $3 ]] || nbt_fail "net-$1.conf: $2='$NBT_VAL' does not match /$3/"
}

# assert_lease DEV I - the common checks for a DHCP lease on DEV from NIC
# I's default server: DEVICE, PROTO, an address from the pool, the /24
# mask, ROOTSERVER (default: the server), ROOTPATH (default: its
# /srv/net<I>), filename (default pxelinux.0), and the address is on DEV.
# Override with ROOTSERVER= ROOTPATH= FILENAME= in the environment.
assert_lease() {
	local dev=$1 i=$2 net
	net=$(nbt_net "$i")
	assert_conf_key "$dev" DEVICE "$dev"
	assert_conf_key "$dev" PROTO dhcp
	assert_conf_match "$dev" IPV4ADDR "^${net//./\\.}\\.(1[0-4][0-9]|150)\$"
	assert_conf_key "$dev" IPV4NETMASK 255.255.255.0
	assert_conf_key "$dev" ROOTSERVER "${ROOTSERVER-$net.1}"
	assert_conf_key "$dev" ROOTPATH "${ROOTPATH-$net.1:/srv/net$i}"
	assert_conf_key "$dev" filename "${FILENAME-pxelinux.0}"
	assert_applied "$dev"
}

# assert_applied DEV - IPV4ADDR/IPV4NETMASK of net-DEV.conf are on DEV.
assert_applied() {
	local f addr mask bits=0 o
	f=$(nbt_conf_file "$1")
	addr=$(nbt_kv "$f" IPV4ADDR) || return 0
	mask=$(nbt_kv "$f" IPV4NETMASK) || return 0
	for o in ${mask//./ }; do
		while (( o & 128 )); do bits=$(( bits + 1 )); o=$(( (o << 1) & 255 )); done
	done
	ip -n "$NBT_C" -4 -o addr show dev "$1" 2>/dev/null | grep -qF "inet $addr/$bits " ||
		nbt_fail "$addr/$bits not applied on $1: $(ip -n "$NBT_C" -4 -o addr show dev "$1" 2>&1)"
}

# assert_idle DEV - DEV is down or has no IPv4 address.
assert_idle() {
	local dev=$1
	if ip -n "$NBT_C" -o link show "$dev" | grep -q '[<,]UP[,>]' &&
		ip -n "$NBT_C" -4 -o addr show dev "$dev" | grep -q inet; then
		nbt_fail "$dev left up with $(ip -n "$NBT_C" -4 -o addr show dev "$dev" | awk '{print $4}' | tr '\n' ' ')"
	fi
	return 0
}

# assert_stderr_has TEXT - the client's stderr contains TEXT (fixed string).
assert_stderr_has() {
	grep -qF -- "$1" "$NBT_TMP/stderr" || nbt_fail "stderr lacks \"$1\""
}

# assert_elapsed_lt S / assert_elapsed_ge S - the client's run time.
assert_elapsed_lt() {
	(( NBT_ELAPSED_MS < $1 * 1000 )) ||
		nbt_fail "took $(nbt_secs "$NBT_ELAPSED_MS") s, expected < $1 s"
}
assert_elapsed_ge() {
	(( NBT_ELAPSED_MS >= $1 * 1000 )) ||
		nbt_fail "took $(nbt_secs "$NBT_ELAPSED_MS") s, expected >= $1 s"
}

# assert_dhcp_log I has|lacks ERE - NIC I's dnsmasq log.
assert_dhcp_log() {
	local f=$NBT_TMP/dnsmasq-$1.log
	case $2 in
	has) grep -qE -- "$3" "$f" || nbt_fail "dnsmasq s$1 log lacks /$3/" ;;
	lacks) ! grep -qE -- "$3" "$f" || nbt_fail "dnsmasq s$1 log has /$3/: $(grep -m1 -E -- "$3" "$f")" ;;
	esac
}

# nbt_verdict - 0 when no assertion failed; else dump what helps.
nbt_verdict() {
	local f
	(( NBT_FAILED == 0 )) && return 0
	echo "    --- client stderr (last 20 lines):"
	tail -n 20 "$NBT_TMP/stderr" 2>/dev/null | sed 's/^/    | /'
	if [[ -f "$NBT_RUN/netboot.log" ]]; then
		echo "    --- netboot.log (last 20 lines):"
		tail -n 20 "$NBT_RUN/netboot.log" | sed 's/^/    | /'
	fi
	for f in "$NBT_RUN"/net-*.conf "$NBT_RUN/$NBT_STATE"; do
		[[ -f "$f" ]] || continue
		echo "    --- ${f##*/}:"
		sed 's/^/    | /' "$f"
	done
	for f in "$NBT_TMP"/dnsmasq-*.log; do
		[[ -f "$f" ]] || continue
		echo "    --- ${f##*/} (DHCP messages):"
		grep -oE 'DHCP[A-Z]+\([^)]*\).*' "$f" | sed 's/^/    | /' | tail -n 10
	done
	return 1
}

# ---- cleanup ------------------------------------------------------------

# nbt_ns_kill NS - kill (by PID) whatever still runs in namespace NS: only
# processes this run started, since NS is this run's.
nbt_ns_kill() {
	local pid
	for pid in $(ip netns pids "$1" 2>/dev/null); do
		nb_kill_pid "$pid" "process in $1"
	done
}

# nbt_cleanup - kill every process started here, delete every namespace.
nbt_cleanup() {
	local i ns
	for (( i = ${#NBT_PIDS[@]} - 1; i >= 0; i-- )); do
		nb_kill_pid "${NBT_PIDS[i]}" "started process"
	done
	NBT_PIDS=()
	for ns in "${NBT_NETNS[@]}"; do
		nbt_ns_kill "$ns"
		ip netns del "$ns" 2>/dev/null || true
	done
	NBT_NETNS=()
}

# nbt_sweep - delete any namespace of this run still there (a scenario
# killed before its own cleanup), killing what runs in it first.
nbt_sweep() {
	local ns
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		[[ "$ns" == "$NBT_PREFIX"* ]] || continue
		nbt_ns_kill "$ns"
		ip netns del "$ns" 2>/dev/null || true
	done
}

nb_cleanup_add nbt_sweep
nb_cleanup_add nbt_cleanup

# ---- hostile, faults and load tiers (tests/net/hostile.sh, faults.sh,
# load.sh): a scripted hostile server, stricter client hygiene, scenarios
# run in parallel.  Appended; nothing above depends on it.

NBT_HOSTILE_BIN=${NBT_HOSTILE_BIN:-$NB_BUILD/host/tools/nbt-hostile}
NBT_JOBS=${NBT_JOBS:-12}          # scenarios at a time in nbt_par_run
NBT_SHELLS=()
command -v dash >/dev/null 2>&1 && NBT_SHELLS+=("dash")
command -v busybox >/dev/null 2>&1 && NBT_SHELLS+=("busybox sh")

# nbt_hostile I MODE [NBT-HOSTILE ARGS...] - start nbt-hostile (MODE, see
# tests/net/hostile.c) on NIC I's peer s<I>, as server 10.111.(I+1).2
# offering .200 unless ARGS say otherwise (-s, -a).  Its log (one line per
# frame seen or sent): $NBT_TMP/hostile-<I>.log.
nbt_hostile() {
	local i=$1 mode=$2 net pid t log
	shift 2
	net=$(nbt_net "$i")
	log=$NBT_TMP/hostile-$i.log
	ip netns exec "$(nbt_sns "$i")" "$NBT_HOSTILE_BIN" -i "s$i" -m "$mode" \
		-s "$net.2" -a "$net.200" "$@" >"$log" 2>&1 &
	pid=$!
	NBT_PIDS+=("$pid")
	for (( t = 0; t < 50; t++ )); do
		grep -q ' ready ' "$log" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$log" >&2
	nb_die "nbt-hostile $mode on s$i did not start"
}

# nbt_run_client_um0 - nbt_run_client, but the client runs with umask 000
# and creates its --rundir itself (a generated wrapper removes the empty
# one the harness made), so a file it creates without an explicit mode
# shows up as world-writable in assert_rundir_hygiene.
nbt_run_client_um0() {
	local w=$NB_WORK/umask0-client real tmp
	real=$(nbt_client)
	if [[ ! -x "$w" ]]; then
		tmp=$w.$BASHPID # each parallel scenario its own, then renamed
		cat >"$tmp" <<'WRAP'
#!/bin/sh
# generated by tests/net/lib.sh: run the client with umask 000
umask 000
prev=
for a; do
	[ "$prev" = --rundir ] && rmdir -- "$a" 2>/dev/null
	prev=$a
done
exec "$NBT_REAL_CLIENT" "$@"
WRAP
		chmod 755 "$tmp"
		mv -f "$tmp" "$w"
	fi
	NBT_REAL_CLIENT=$real NBT_CLIENT=$w nbt_run_client
}

# assert_rc_in N... - the client exited with one of N (never a signal,
# never killed by the guard).
assert_rc_in() {
	local n
	for n in "$@"; do
		[[ "$NBT_RC" == "$n" ]] && return 0
	done
	if (( NBT_RC > 128 && NBT_RC != 137 )); then
		nbt_fail "client died of signal $(( NBT_RC - 128 )) ($(kill -l $(( NBT_RC - 128 )) 2>/dev/null)), expected exit $*"
	else
		nbt_fail "exit status $NBT_RC, expected one of: $*"
	fi
}

# assert_rundir_hygiene - nothing world-writable, no symlink, FIFO, socket
# or device under the client's run dir (the dir itself included), and
# every file owned by the user the client ran as.
assert_rundir_hygiene() {
	local bad
	[[ -d "$NBT_RUN" ]] || return 0
	bad=$(find "$NBT_RUN" \( -perm -0002 -o ! \( -type f -o -type d \) \
		-o ! -user "$(id -u)" \) -printf '%M %u %p\n' 2>&1)
	[[ -z "$bad" ]] || nbt_fail "run dir hygiene: $(printf '%s; ' "$bad")"
}

# assert_canary_absent LABEL - no canary file (pwned*) in $NBT_TMP.
assert_canary_absent() {
	local c
	c=$(find "$NBT_TMP" -maxdepth 1 -name 'pwned*' -printf '%f ' 2>/dev/null)
	[[ -z "$c" ]] || nbt_fail "$1: a hostile string was executed (canary: $c)"
}

# assert_conf_inert - every KEY=value file the client wrote (net-*.conf,
# net.state) is made of KEY='...' lines only (no line break, no
# unquoted byte), and sourcing it in dash and in busybox sh, from
# $NBT_TMP, executes nothing (no canary) and succeeds; resolv.conf has
# only comments, nameserver and search lines of plain names.
assert_conf_inert() {
	local f sh bad out
	local -a cmd
	for f in "$NBT_RUN"/net-*.conf "$NBT_RUN/$NBT_STATE"; do
		[[ -f "$f" ]] || continue
		bad=$(grep -nvE "^[A-Za-z_][A-Za-z0-9_]*='([^']|'\\\\'')*'\$" "$f" | head -n 3 || true)
		[[ -z "$bad" ]] || nbt_fail "${f##*/}: not KEY='...': $bad"
		for sh in "${NBT_SHELLS[@]}"; do
			read -ra cmd <<<"$sh"
			# shellcheck disable=SC2016 # $1 is the inner shell's
			if ! out=$(cd "$NBT_TMP" && env -i PATH=/usr/bin:/bin "${cmd[@]}" -c \
				'. "$1" || exit 9; echo "${DEVICE-}${HOSTNAME-}${ROOTPATH-}${filename-}"' \
				sh "$f" 2>&1); then
				nbt_fail "[$sh] sourcing ${f##*/} failed: $out"
			fi
			assert_canary_absent "[$sh] sourcing ${f##*/}"
		done
	done
	f=$NBT_RUN/resolv.conf
	if [[ -f "$f" ]]; then
		bad=$(grep -nvE '^(#.*|nameserver [0-9.]+|search [A-Za-z0-9.-]+( [A-Za-z0-9.-]+)*)$' "$f" | head -n 3 || true)
		[[ -z "$bad" ]] || nbt_fail "resolv.conf: unexpected line: $bad"
	fi
	(( ${#NBT_SHELLS[@]} )) || nbt_fail "neither dash nor busybox found to source net-conf with"
}

# nbt_canary_control - the canary check catches a real injection in each
# shell (else the inert checks prove nothing): sources a file with an
# unquoted $(touch ...) and expects the canary.
nbt_canary_control() {
	local sh f=$NBT_TMP/control.conf
	local -a cmd
	# shellcheck disable=SC2016 # the injection is the point
	printf 'X=$(touch pwned-control)\n' >"$f"
	for sh in "${NBT_SHELLS[@]}"; do
		read -ra cmd <<<"$sh"
		rm -f "$NBT_TMP/pwned-control"
		# shellcheck disable=SC2016
		(cd "$NBT_TMP" && env -i PATH=/usr/bin:/bin "${cmd[@]}" -c '. "$1"' sh "$f") >/dev/null 2>&1
		[[ -e "$NBT_TMP/pwned-control" ]] || nbt_fail "[$sh] positive control: canary not created"
	done
	rm -f "$NBT_TMP/pwned-control" "$f"
}

# ---- parallel scenarios ------------------------------------------------
# nbt_par_add NAME FUNC [ARGS...] queues a scenario; nbt_par_run runs the
# queue NBT_JOBS at a time, each in a subshell of its own (nbt_setup NAME,
# FUNC ARGS, nbt_verdict, then nbt_cleanup from its EXIT trap), prints each
# one's output in queue order with PASS/FAIL and its own time, and sets
# NBT_PASSED / NBT_FAILED_SCEN.  NAME must be unique: it names namespaces.
# A failing NAME listed in the associative array NBT_XFAIL (NAME -> bug)
# prints XFAIL, is added to NBT_XFAILED and is not counted.
NBT_PAR_NAMES=()
NBT_PAR_CMDS=()
NBT_PAR_PIDS=()
NBT_PASSED=0
NBT_FAILED_SCEN=0
NBT_XFAILED=()
declare -A NBT_XFAIL=()

nbt_par_add() {
	local name=$1
	shift
	NBT_PAR_NAMES+=("$name")
	NBT_PAR_CMDS+=("$(printf '%q ' "$@")")
}

nbt_par_stop() {
	local pid
	for pid in "${NBT_PAR_PIDS[@]}"; do
		[[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${NBT_PAR_PIDS[@]}"; do
		[[ -n "$pid" ]] && nb_kill_pid "$pid" "scenario"
	done
	NBT_PAR_PIDS=()
}
nb_cleanup_add nbt_par_stop

nbt_par_run() {
	local n=${#NBT_PAR_NAMES[@]} i next=0 done=0 running pid rc out
	local -a pids=() rcs=()
	nb_workdir >/dev/null
	mkdir -p "$NB_WORK/par"
	while (( done < n )); do
		running=0
		for (( i = 0; i < next; i++ )); do
			[[ -n "${pids[i]}" ]] && running=$(( running + 1 ))
		done
		while (( next < n && running < NBT_JOBS )); do
			out=$NB_WORK/par/$next
			(
				set -e
				t0=$(nb_now_ms)
				trap 'printf "%s\n" "$(nb_elapsed "$t0")" >"'"$out"'.time"; nbt_cleanup' EXIT
				trap 'exit 143' TERM
				nbt_setup "${NBT_PAR_NAMES[next]}"
				eval "${NBT_PAR_CMDS[next]}"
				nbt_verdict
			) >"$out.out" 2>&1 </dev/null &
			pids[next]=$!
			NBT_PAR_PIDS+=("$!")
			next=$(( next + 1 ))
			running=$(( running + 1 ))
		done
		# Reap whatever finished; print in queue order as far as done.
		for (( i = 0; i < next; i++ )); do
			pid=${pids[i]}
			[[ -n "$pid" ]] || continue
			kill -0 "$pid" 2>/dev/null && continue
			rc=0
			wait "$pid" || rc=$?
			rcs[i]=$rc
			pids[i]=
		done
		while (( done < n )) && [[ -n "${rcs[done]:-}" ]]; do
			out=$NB_WORK/par/$done
			echo "--- ${NBT_PAR_NAMES[done]}"
			cat "$out.out"
			if (( rcs[done] == 0 )); then
				NBT_PASSED=$(( NBT_PASSED + 1 ))
				printf 'PASS %s (%s s)\n' "${NBT_PAR_NAMES[done]}" "$(cat "$out.time" 2>/dev/null || echo ?)"
			elif [[ -n "${NBT_XFAIL[${NBT_PAR_NAMES[done]}]:-}" ]]; then
				NBT_XFAILED+=("${NBT_PAR_NAMES[done]}")
				printf 'XFAIL %s (%s s): known bug %s\n' "${NBT_PAR_NAMES[done]}" \
					"$(cat "$out.time" 2>/dev/null || echo ?)" "${NBT_XFAIL[${NBT_PAR_NAMES[done]}]}"
			else
				NBT_FAILED_SCEN=$(( NBT_FAILED_SCEN + 1 ))
				printf 'FAIL %s (%s s)\n' "${NBT_PAR_NAMES[done]}" "$(cat "$out.time" 2>/dev/null || echo ?)"
			fi
			done=$(( done + 1 ))
		done
		(( done < n )) && sleep 0.2
	done
	NBT_PAR_NAMES=()
	NBT_PAR_CMDS=()
	NBT_PAR_PIDS=()
}
