#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# shellcheck disable=SC2016,SC1003 # hostile strings are literal on purpose
# tests/net/hostile.sh - the hostile tier: `netboot net` against a scripted
# hostile DHCP server (tests/net/hostile.c, build/host/tools/nbt-hostile)
# on the veth peer, alone and racing a good dnsmasq on the same link.
#
# Every case asserts: the client never dies of a signal and never outlives
# its guard (exit 0 or 111 as the table says); with exit 0 the lease is the
# expected server's and applied, with 111 stderr names the NIC's outcome
# and no net-conf is written; nothing it wrote holds an unquoted byte, and
# sourcing net-eth0.conf / net.state in dash and busybox sh executes
# nothing (canary files); the run dir (created by the client under umask
# 000) holds nothing world-writable.  Hostile strings must come out empty.
#
# Figures (Debian 12, 2026-11): 98 cases (h- alone, r- racing a prompt
# dnsmasq, d- racing a 1 s late one, s-/b- strings), 12 at a time, 30-35 s
# wall; 5 or 6 of them XFAIL on the known bad-netmask bug.
#
# Usage: hostile.sh [NAME-GLOB...]   (default: every case; e.g. 'r-*')
# Env:   NBT_JOBS=N  cases at a time (12)    NB_KEEP=1  keep the work dir
# Last line "hostile: N passed, N failed"; exit 1 on any failure.
# Needs root.  Only 10.111.0.0/16, only inside its own namespaces.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ $(id -u) -ne 0 ]]; then
	echo "hostile: skipped: needs root (ip netns, veth, dnsmasq)"
	if [[ "${CI:-}" == true ]]; then
		echo "hostile: 0 passed, 1 failed"
		exit 1
	fi
	echo "hostile: 0 passed, 0 failed"
	exit 0
fi

# shellcheck source=lib.sh
source "$HERE/lib.sh"

T=6           # netboot.dhcp-timeout= of every case
NBT_GUARD=30

# hs NAME MODE alone|race|slow EXPECT WHO OUTCOME DEBUG [HOSTILE ARGS...]
#   alone   nbt-hostile is the only server
#   race    a good dnsmasq on the same link, answering at once
#   slow    the same dnsmasq, its OFFERs 1 s late (--dhcp-reply-delay):
#           the hostile server always answers first
#   EXPECT  0 | 111 | 0/111 (either is fine: the outcome is printed)
#   WHO     with exit 0, whose lease: hostile (.200..203), dnsmasq
#           (.100..150, its root-path), either, or - (not checked)
#   OUTCOME with exit 111, stderr has "eth0: OUTCOME" (- : not checked)
#   DEBUG   netboot.debug stderr has this text (- : not checked): proves
#           the frames reached the parser
# Always: with a good server on the link, a 111 comes only after the
# budget; a lease netboot accepted can be applied ("unable to set
# address" never shows).
hs() {
	local mode=$2 race=$3 expect=$4 who=$5 outcome=$6 debug=$7 sent
	shift 7
	nbt_nic 0
	if [[ "$mode" == giant ]]; then
		ip -n "$NBT_C" link set eth0 mtu 9000
		ip -n "$(nbt_sns 0)" link set s0 mtu 9000
	fi
	case $race in
	race) nbt_dhcp 0 ;;
	slow) nbt_dhcp 0 -- --dhcp-reply-delay=1 ;;
	esac
	nbt_hostile 0 "$mode" "$@"
	nbt_cmdline "netboot.dhcp-timeout=$T" netboot.debug
	nbt_canary_control
	cd "$NBT_TMP"
	nbt_run_client_um0
	case $expect in
	0) assert_rc_in 0 ;;
	111) assert_rc_in 111 ;;
	*) assert_rc_in 0 111 ;;
	esac
	assert_canary_absent "client run"
	assert_conf_inert
	assert_rundir_hygiene
	if grep -q 'unable to set address' "$NBT_TMP/stderr"; then
		nbt_fail "accepted a lease it could not apply: $(grep -m1 'unable to set address' "$NBT_TMP/stderr")"
	fi
	sent=$(grep -c ' tx ' "$NBT_TMP/hostile-0.log" || true)
	if [[ "$mode" != flood ]] && (( sent == 0 )); then
		nbt_fail "nbt-hostile sent nothing: the case proves nothing"
	fi
	[[ "$debug" == - ]] || assert_stderr_has "$debug"
	if [[ "$NBT_RC" == 0 ]]; then
		assert_chosen eth0
		assert_applied eth0
		case $who in
		hostile) assert_conf_match eth0 IPV4ADDR '^10\.111\.1\.20[0-3]$' ;;
		dnsmasq) assert_lease eth0 0 ;;
		either) assert_conf_match eth0 IPV4ADDR '^10\.111\.1\.(1[0-4][0-9]|150|20[0-3])$' ;;
		esac
	elif [[ "$NBT_RC" == 111 ]]; then
		assert_no_conf
		[[ "$outcome" == - ]] || assert_stderr_has "eth0: $outcome"
		assert_elapsed_ge $(( T - 1 ))
		assert_elapsed_lt $(( T + 5 ))
	fi
	printf '    outcome: exit %s%s; hostile sent %s frames\n' "$NBT_RC" \
		"$( [[ -f $NBT_RUN/net-eth0.conf ]] && printf ', lease %s' "$(nbt_kv "$NBT_RUN/net-eth0.conf" IPV4ADDR)")" \
		"$sent"
}

# hs_flood_report NAME DEBUG - issue 9, defect 4: a flood of foreign and
# malformed frames (nbt-hostile junk: 2000 a second, another xid, a bad
# UDP or IP checksum) for the whole budget, no good server.  The boot report
# (netboot.log) stays under FLOOD_REPORT_MAX bytes: per-NIC counters are
# summed up once, the per-frame detail (netboot.debug only) is capped.
FLOOD_REPORT_MAX=8192
hs_flood_report() {
	local debug=${2:-} size
	nbt_nic 0
	nbt_hostile 0 junk
	nbt_cmdline "netboot.dhcp-timeout=$T" ${debug:+netboot.debug}
	nbt_run_client
	assert_rc_in 111
	size=$(stat -c %s "$NBT_RUN/netboot.log")
	printf '    report: %s bytes after %s s of flood, 2000 frames/s (bound %s)\n' \
		"$size" "$T" "$FLOOD_REPORT_MAX"
	(( size <= FLOOD_REPORT_MAX )) ||
		nbt_fail "the boot report grew to $size bytes under the flood (bound $FLOOD_REPORT_MAX)"
	assert_stderr_has "eth0: ignored"
}

# The string keys of net-eth0.conf all came out empty.
strings_empty() {
	local k
	[[ "$NBT_RC" == 0 ]] || return 0
	# racing dnsmasq may win: its own (benign) values then
	[[ "$(nbt_kv "$NBT_RUN/net-eth0.conf" IPV4ADDR)" == 10.111.1.20? ]] || return 0
	for k in HOSTNAME DNSDOMAIN NISDOMAIN ROOTPATH filename DOMAINSEARCH; do
		assert_conf_key eth0 "$k" ''
	done
}

# hs_strings NAME alone|race|slow TEMPLATE MAXLEN [HOSTILE ARGS...] - mode
# strings with TEMPLATE (@C@: a relative canary, @A@: an absolute one),
# cut to MAXLEN bytes (0: no cut), in every string option (or -o CODES)
# and in sname / file.
hs_strings() {
	local name=$1 race=$2 tpl=$3 max=$4 s
	shift 4
	s=${tpl//@C@/pwned}
	s=${s//@A@/$NBT_TMP/pwned}
	(( max == 0 )) || s=${s:0:max}
	hs "$name" strings "$race" 0 "$( [[ $race == alone ]] && echo hostile || echo either)" - - -S "$s" "$@"
	strings_empty
}

hs_bootp() {
	local s=${2//@C@/pwned}
	hs "$1" bootp alone 0 hostile - - -S "$s"
	assert_conf_key eth0 filename ''
}

# sizes: the bad options are dropped, the lease kept: class A mask for
# 10.111.1.200, no gateway, no DNS.
hs_sizes() {
	hs "$@"
	[[ "$NBT_RC" == 0 && "$5" == hostile ]] || return 0
	assert_conf_key eth0 IPV4NETMASK 255.0.0.0
	assert_conf_key eth0 IPV4GATEWAY 0.0.0.0
	assert_conf_key eth0 IPV4DNS0 0.0.0.0
}

hs_dnsloop() {
	hs "$@"
	[[ "$NBT_RC" == 0 && "$5" == hostile ]] || return 0
	assert_conf_key eth0 DOMAINSEARCH ''
}

hs_values() {
	hs "$@"
	[[ "$NBT_RC" == 0 && "$5" == hostile ]] || return 0
	assert_conf_key eth0 IPV4NETMASK 255.255.255.255
}

# Known netboot bugs: a failing case listed here prints XFAIL and does not
# count; remove it once the bug is fixed (it then has to pass).
# (bad-netmask, fixed: a non-contiguous netmask is now dropped by the codec,
# and a lease the kernel refuses sends that NIC back to DHCP.)
NBT_XFAIL=()

# add NAME FUNC ARGS... - queue one case
add() {
	nbt_par_add "$@"
}

queue() {
	local m r p
	# Each mode alone (h-), racing a prompt dnsmasq (r-), racing a dnsmasq
	# whose OFFERs come 1 s late (d-).
	add h-good hs h-good good alone 0 hostile - -
	for r in race slow; do
		p=${r:0:1}; [[ $r == slow ]] && p=d
		add "$p-good" hs "$p-good" good "$r" 0 either - -
	done
	for m in xid chaddr; do
		add "h-$m" hs "h-$m" "$m" alone 111 - "no reply" "ignored a frame: not for us"
		add "r-$m" hs "r-$m" "$m" race 0 dnsmasq - -
		add "d-$m" hs "d-$m" "$m" slow 0 dnsmasq - "ignored a frame: not for us"
	done
	for m in ipcsum udpcsum udplen iplen trunc overrun noend badtype ovl-noend ovl-bad giant; do
		add "h-$m" hs "h-$m" "$m" alone 111 - "only malformed replies" "ignored a frame: malformed"
		add "r-$m" hs "r-$m" "$m" race 0 dnsmasq - -
		add "d-$m" hs "d-$m" "$m" slow 0 dnsmasq - "ignored a frame: malformed"
	done
	add h-badaddr hs h-badaddr badaddr alone 111 - "no reply" -
	add r-badaddr hs r-badaddr badaddr race 0 dnsmasq - -
	add d-badaddr hs d-badaddr badaddr slow 0 dnsmasq - -
	add h-sizes hs_sizes h-sizes sizes alone 0 hostile - -
	add h-overload hs h-overload overload alone 0 hostile - - -S '$(touch pwned)'
	add h-dnsloop hs_dnsloop h-dnsloop dnsloop alone 0 hostile - -
	add h-values hs_values h-values values alone 0 hostile - -
	add h-badmask hs h-badmask badmask alone 0 hostile - -
	for r in race slow; do
		p=${r:0:1}; [[ $r == slow ]] && p=d
		add "$p-sizes" hs_sizes "$p-sizes" sizes "$r" 0 either - -
		add "$p-overload" hs "$p-overload" overload "$r" 0 either - - -S '`touch pwned`'
		add "$p-dnsloop" hs_dnsloop "$p-dnsloop" dnsloop "$r" 0 either - -
		add "$p-values" hs_values "$p-values" values "$r" 0 either - -
		add "$p-badmask" hs "$p-badmask" badmask "$r" 0 either - -
	done
	# NAKs, wrong ACKs: alone they must end in 111 with the right words;
	# racing a good server either outcome is allowed (printed).
	add h-nak hs h-nak nak alone 111 - "NAK from server" -
	add h-nakspoof hs h-nakspoof nakspoof alone 111 - "no reply" -
	add h-otheraddr hs h-otheraddr otheraddr alone 111 - "offer but no ACK" -
	for r in race slow; do
		p=${r:0:1}; [[ $r == slow ]] && p=d
		# a NAKing or wrong-address server is avoided after one round:
		# the good server's lease must win
		add "$p-nak" hs "$p-nak" nak "$r" 0 dnsmasq - -
		add "$p-nakspoof" hs "$p-nakspoof" nakspoof "$r" 0/111 dnsmasq - - -S '$(touch pwned)'
		add "$p-otheraddr" hs "$p-otheraddr" otheraddr "$r" 0 dnsmasq - -
		add "$p-fuzz" hs "$p-fuzz" fuzz "$r" 0/111 either - - -S '`touch pwned`' -r 2
		add "$p-flood" hs "$p-flood" flood "$r" 0 either - -
	done
	add h-fuzz hs h-fuzz fuzz alone 0/111 - - - -S '$(touch pwned)' -r 1
	add h-flood hs h-flood flood alone 0/111 - - -
	add h-flood-report hs_flood_report h-flood-report
	add h-flood-report-debug hs_flood_report h-flood-report-debug 1
	# hostile strings in every string option (and sname / file)
	local -a tpl=(
		'$(touch @C@)'
		'`touch @C@`'
		'x;touch @C@'
		"x'; touch @C@; '"
		'x"; touch @C@; "'
		$'a\ntouch @C@'
		$'a\rtouch @C@\t\x7f'
		'${IFS}touch${IFS}@C@'
		'a|touch @C@&'
		"x'\\''\$(touch @C@)'"
		$'\xc3\xa9$(touch @C@)'
		'-o nolock'
		"a'b"
		'a\'
		'*'
		''
	)
	local i
	for i in "${!tpl[@]}"; do
		add "s-$i" hs_strings "s-$i" alone "${tpl[i]}" 0
	done
	add r-strings hs_strings r-strings race '$(touch @C@)' 0
	add d-strings hs_strings d-strings slow '$(touch @C@)' 0
	# very long: 255 bytes in three options; 300 (two instances each) in
	# two; 1000 (four instances) in one
	local a
	a=$(printf 'a%.0s' {1..300})
	add s-len255 hs_strings s-len255 alone "\$(touch @A@)$a" 255 -o 12,17,67
	add s-len300 hs_strings s-len300 alone "\$(touch @A@)$a" 300 -o 17,67
	add s-len1000 hs_strings s-len1000 alone "\$(touch @A@)$a$a$a$a" 1000 -o 17
	add b-0 hs_bootp b-0 '$(touch @C@)'
	add b-1 hs_bootp b-1 "x'\`touch @C@\`"
}

main() {
	local client want keep=() i
	nb_workdir >/dev/null
	client=$(nbt_client)
	echo "hostile: client $client, server $NBT_HOSTILE_BIN, shells: ${NBT_SHELLS[*]}"
	[[ -x "$client" ]] || echo "hostile: $client missing: run make first" >&2
	[[ -x "$NBT_HOSTILE_BIN" ]] || nb_die "$NBT_HOSTILE_BIN missing: make $NBT_HOSTILE_BIN"
	queue
	if (( $# )); then
		for (( i = 0; i < ${#NBT_PAR_NAMES[@]}; i++ )); do
			for want in "$@"; do
				# shellcheck disable=SC2053 # a glob on purpose
				[[ "${NBT_PAR_NAMES[i]}" == $want ]] && { keep+=("$i"); break; }
			done
		done
		local -a n=() c=()
		for i in "${keep[@]}"; do
			n+=("${NBT_PAR_NAMES[i]}")
			c+=("${NBT_PAR_CMDS[i]}")
		done
		NBT_PAR_NAMES=("${n[@]}")
		NBT_PAR_CMDS=("${c[@]}")
	fi
	nbt_par_run
	(( ${#NBT_XFAILED[@]} == 0 )) ||
		echo "hostile: ${#NBT_XFAILED[@]} known-bug failures not counted: ${NBT_XFAILED[*]}"
	echo "hostile: $NBT_PASSED passed, $NBT_FAILED_SCEN failed"
	(( NBT_FAILED_SCEN == 0 ))
}

main "$@"
