#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/net/run.sh - the net tier: `netboot net` in a network namespace
# against real dnsmasq servers on veth peers (tests/net/lib.sh).
#
# Usage: run.sh [NN...]        scenarios by number (default: all)
# Env:   NBT_STANDIN=1         run the busybox udhcpc stand-in instead of
#                              build/klibc/netboot (proves the harness)
#        NBT_CLIENT=PATH       run this client instead
#        NB_KEEP=1             keep the work dir (build/tmp/run.*)
#        CI=true               not being root counts as a failure
# Prints PASS/FAIL per scenario with its time, then
# "net: N passed, N failed"; exit 1 on any failure.
# Needs root (namespaces, veth, dnsmasq).

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ $(id -u) -ne 0 ]]; then
	echo "net: skipped: needs root (ip netns, veth, dnsmasq)"
	if [[ "${CI:-}" == true ]]; then
		echo "net: 0 passed, 1 failed"
		exit 1
	fi
	echo "net: 0 passed, 0 failed"
	exit 0
fi

# shellcheck source=lib.sh
source "$HERE/lib.sh"

# ---- scenarios: sNN_name; each sets up, runs the client, asserts ----------

# 01 one NIC, one server.
s01_one_nic() {
	nbt_nic 0
	nbt_dhcp 0
	nbt_run_client
	assert_exit 0
	assert_chosen eth0
	assert_lease eth0 0
}

# 02 three dead NICs (carrier, no server) ahead of the live one: DHCP runs
# in parallel, so about one exchange, not three timeouts.
s02_dead_nics_first() {
	local i
	for i in 0 1 2 3; do nbt_nic "$i"; done
	nbt_dhcp 3
	nbt_run_client
	assert_exit 0
	assert_chosen eth3
	assert_lease eth3 3
	assert_elapsed_lt 10
	for i in 0 1 2; do assert_idle "eth$i"; done
}

# 03 a NIC without carrier ahead of a live one.
s03_no_carrier_first() {
	nbt_nic 0 --no-carrier
	nbt_nic 1
	nbt_dhcp 1
	nbt_run_client
	assert_exit 0
	assert_chosen eth1
	assert_lease eth1 1
}

# 04 BOOTIF names eth2; eth1 has a server of its own, faster (rapid
# commit): BOOTIF wins and eth1 ends down or without an address.
s04_bootif_wins() {
	nbt_nic 0
	nbt_nic 1
	nbt_nic 2 --mac 52:54:00:ab:cd:02
	nbt_dhcp 1 --rapid-commit
	nbt_dhcp 2
	nbt_cmdline "BOOTIF=$(nbt_bootif 2)"
	nbt_run_client
	assert_exit 0
	assert_chosen eth2
	assert_lease eth2 2
	assert_idle eth1
	assert_idle eth0
}

# 05 the server starts 5 s after the client: lease within the budget.
s05_late_server() {
	nbt_nic 0
	nbt_dhcp 0 --delay 5
	nbt_cmdline netboot.dhcp-timeout=30
	nbt_run_client
	assert_exit 0
	assert_chosen eth0
	assert_lease eth0 0
	assert_elapsed_ge 5
	assert_elapsed_lt 30
}

# 06 rapid commit (RFC 4039): DISCOVER -> ACK, no OFFER, no REQUEST.
s06_rapid_commit() {
	nbt_nic 0
	nbt_dhcp 0 --rapid-commit
	nbt_run_client
	assert_exit 0
	assert_chosen eth0
	assert_lease eth0 0
	assert_state_key RAPID_COMMIT 1
	assert_dhcp_log 0 has 'DHCPACK\(s0\)'
	assert_dhcp_log 0 lacks 'DHCPREQUEST\(s0\)'
	assert_dhcp_log 0 lacks 'DHCPOFFER\(s0\)'
}

# 07 no server anywhere, dhcp-timeout=5: exit 111 within the budget (plus
# a margin), one stderr line per NIC saying what happened on it.
s07_no_server() {
	nbt_nic 0 --no-carrier
	nbt_nic 1
	nbt_nic 2
	nbt_cmdline netboot.dhcp-timeout=5 netboot.carrier-timeout=2
	nbt_run_client
	assert_exit 111
	assert_elapsed_ge 4
	assert_elapsed_lt 10
	assert_stderr_has "eth0: no carrier"
	assert_stderr_has "eth1: no reply"
	assert_stderr_has "eth2: no reply"
	assert_no_conf
}

# 08 root-path (option 17) and next-server (siaddr) != router:
# ROOTSERVER is the next-server, never the router.
s08_root_path() {
	nbt_nic 0
	nbt_dhcp 0 --root-path 10.111.9.1:/srv/live --next-server 10.111.9.1 \
		--router 10.111.1.254 --boot pxelinux.0
	nbt_run_client
	assert_exit 0
	assert_chosen eth0
	ROOTSERVER=10.111.9.1 ROOTPATH=10.111.9.1:/srv/live assert_lease eth0 0
	assert_conf_key eth0 IPV4GATEWAY 10.111.1.254
}

# 09 hostile hostname / domain / root-path / boot file: net-conf sourced
# by sh (dash and busybox) executes nothing, and the bad values are
# dropped (written empty), the lease still applied.
s09_hostile_strings() {
	local m=$NBT_TMP/pwned sh
	local -a shells=(dash "busybox sh")
	nbt_nic 0
	nbt_dhcp 0 --root-path "10.111.1.1:/srv/\$(touch $m-rp)" \
		--boot "pxe\`touch $m-fn\`.0" -- \
		--dhcp-option="12,\"h'\$(touch $m-h)'\"" \
		--dhcp-option="15,\"x;touch $m-d\""
	nbt_run_client
	ls "$m"-* >/dev/null 2>&1 && nbt_fail "the client executed a DHCP string: $(ls "$m"-*)"
	assert_exit 0
	assert_chosen eth0
	ROOTPATH='' FILENAME='' assert_lease eth0 0
	assert_conf_key eth0 HOSTNAME ''
	assert_conf_key eth0 DNSDOMAIN ''
	for sh in "${shells[@]}"; do
		# shellcheck disable=SC2086,SC2016 # "busybox sh" is two words; $1 is sh's
		(cd "$NBT_TMP" && $sh -c '. "$1"; echo $HOSTNAME $DNSDOMAIN $ROOTPATH $filename' \
			sh "$(nbt_conf_file eth0)" >/dev/null 2>&1) ||
			nbt_fail "$sh could not source net-eth0.conf"
	done
	ls "$m"-* >/dev/null 2>&1 && nbt_fail "sourcing executed: $(ls "$m"-*)"
	return 0
}

# 10 static ip=CLIENT::GW:MASK::eth1:off: no DHCP at all (servers on both
# NICs see no DISCOVER), the address and gateway applied, exit 0.
s10_static() {
	nbt_nic 0
	nbt_nic 1
	nbt_dhcp 0
	nbt_dhcp 1
	nbt_cmdline ip=10.111.2.50::10.111.2.1:255.255.255.0::eth1:off
	nbt_run_client
	assert_exit 0
	assert_chosen eth1
	assert_conf_key eth1 DEVICE eth1
	assert_conf_key eth1 PROTO none
	assert_conf_key eth1 IPV4ADDR 10.111.2.50
	assert_conf_key eth1 IPV4NETMASK 255.255.255.0
	assert_conf_key eth1 IPV4GATEWAY 10.111.2.1
	assert_conf_key eth1 ROOTSERVER 0.0.0.0
	assert_conf_key eth1 ROOTPATH ''
	assert_conf_key eth1 filename ''
	assert_applied eth1
	ip -n "$NBT_C" -4 route show default | grep -q 'via 10.111.2.1 dev eth1' ||
		nbt_fail "no default route via 10.111.2.1 on eth1"
	assert_elapsed_lt 5
	assert_dhcp_log 0 lacks DHCPDISCOVER
	assert_dhcp_log 1 lacks DHCPDISCOVER
	assert_idle eth0
}

# 11 a NIC deleted mid-DHCP (issue 9, defect 6): the link events say so
# (RTM_DELLINK; before one socket for every NIC, its own socket's POLLERR
# for good).  The client drops that NIC, says so once, and goes on
# with the other until the budget ends; its CPU time stays small (the old
# loop woke on the error at once, forever: ~100% CPU till the budget).
s11_nic_deleted() {
	local cpu
	nbt_nic 0
	nbt_nic 1
	nbt_cmdline netboot.dhcp-timeout=8
	# delete eth0 1.5 s into the run, while both NICs are in DHCP
	(
		sleep 1.5
		ip -n "$NBT_C" link del eth0
	) &
	NBT_PIDS+=("$!")
	NBT_TIME_CPU=1 nbt_run_client
	cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$NBT_TMP/cpu")
	printf '    client CPU time: %s s (user + system) in %s s\n' "$cpu" "$(nbt_secs "$NBT_ELAPSED_MS")"
	assert_exit 111
	assert_elapsed_ge 7
	assert_elapsed_lt 12
	awk -v c="$cpu" 'BEGIN { exit !(c < 1.0) }' ||
		nbt_fail "client used $cpu s of CPU in an 8 s DHCP budget (spinning on the deleted NIC?)"
	assert_stderr_has "eth0: the interface stopped working"
	assert_stderr_has "eth1: no reply"
	[[ $(grep -c 'eth0: the interface stopped working' "$NBT_TMP/stderr") -le 1 ]] ||
		nbt_fail "the dropped NIC is reported more than once"
}

# 13 a NIC deleted mid-DHCP while another still waits for its server:
# every NIC shares one packet socket bound to no interface, so the
# deletion (RTM_DELLINK, read from the link events) drops eth0 alone,
# said once, and eth1 leases when its server comes, 3 s in (before one
# socket a NIC, this was its own socket's POLLERR).
s13_nic_deleted_other_leases() {
	nbt_nic 0
	nbt_nic 1
	nbt_dhcp 1 --delay 3
	nbt_cmdline netboot.dhcp-timeout=20
	(
		sleep 1.5
		ip -n "$NBT_C" link del eth0
	) &
	NBT_PIDS+=("$!")
	nbt_run_client
	assert_exit 0
	assert_chosen eth1
	assert_lease eth1 1
	assert_elapsed_ge 3
	assert_elapsed_lt 20
	assert_stderr_has "eth0: the interface stopped working"
	[[ $(grep -c 'eth0: the interface stopped working' "$NBT_TMP/stderr") -le 1 ]] ||
		nbt_fail "the dropped NIC is reported more than once"
}

# 12 many interfaces, the BOOTIF NIC listed last (a host with many virtual
# functions): 100 spare veths (Ethernet, with MACs, no server) created
# before the real NIC, which readdir of /sys/class/net must give past the
# 64th interface (the order is a name hash salted per namespace: the NIC
# is renamed until it is; its place is printed).  netboot reads every
# entry, lists 64, keeps BOOTIF's in place of the last, says so, leases
# on it, and brings no other interface up.  Before 5d15df4: 32 listed,
# the BOOTIF NIC not among them, exit 111.
s12_many_nics_bootif_last() {
	local dev=eth0 new pos=0 try=0 i others described
	local -a order
	nbt_spare_nics 100
	nbt_nic 0 --mac 52:54:00:ab:cd:0c
	nbt_dhcp 0
	nbt_cmdline "BOOTIF=$(nbt_bootif 0)" netboot.dhcp-timeout=10
	for (( ; ; )); do
		mapfile -t order < <(nbt_sys_order)
		pos=0
		for (( i = 0; i < ${#order[@]}; i++ )); do
			[[ "${order[i]}" != "$dev" ]] || pos=$(( i + 1 ))
		done
		(( pos > 0 )) || nb_die "$dev not in /sys/class/net: ${order[*]}"
		(( pos <= 64 )) || break
		(( ++try <= 50 )) || nb_die "$dev still at place $pos of ${#order[@]} after 50 names"
		new=eth$try
		ip -n "$NBT_C" link set "$dev" name "$new"
		dev=$new
	done
	printf '    %s is interface %d of %d in /sys/class/net readdir order (%d renames)\n' \
		"$dev" "$pos" "${#order[@]}" "$try"
	(( ${#order[@]} == 102 )) || nbt_fail "${#order[@]} interfaces, expected 102 (lo, 100 vf, $dev)"
	nbt_run_client
	assert_exit 0
	assert_chosen "$dev"
	assert_lease "$dev" 0
	assert_elapsed_lt 8
	assert_stderr_has "more than 64 network interfaces: only 64 are considered (BOOTIF's always)"
	assert_stderr_has "$dev (52:54:00:ab:cd:0c): DHCP: BOOTIF matches its MAC"
	described=$(grep -cE '^netboot: [^ :]+( \([0-9a-f:]+\))?: (skipped|DHCP): ' "$NBT_TMP/stderr" || true)
	[[ "$described" == 64 ]] || nbt_fail "$described interfaces described, expected 64"
	others=$(ip -n "$NBT_C" -o link show up | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' |
		grep -vxF -e lo -e "$dev" | tr '\n' ' ' || true)
	[[ -z "$others" ]] || nbt_fail "other interfaces brought up: $others"
}

# ---- runner ---------------------------------------------------------------

# run_one FUNC - run one scenario in a subshell with its own cleanup trap;
# print PASS/FAIL and the time; count it in PASSED / FAILED.  Never call it
# in a condition: set -e would then be off inside the scenario.
PASSED=0
FAILED=0
NBT_SCEN_PID=
nbt_stop_scenario() {
	nb_kill_pid "$NBT_SCEN_PID" "scenario"
}
nb_cleanup_add nbt_stop_scenario
run_one() {
	local fn=$1 name t0 rc
	name=${fn#s}
	name=${name/_/-}
	name=${name//_/-}
	t0=$(nb_now_ms)
	echo "--- $name"
	# In the background and waited for: a signal to run.sh interrupts the
	# wait, and its EXIT trap (nbt_stop_scenario) TERMs the scenario, whose
	# own EXIT trap then kills its processes and deletes its namespaces.
	set +e
	(
		set -e
		trap nbt_cleanup EXIT
		trap 'exit 143' TERM
		nbt_setup "${name%%-*}"
		"$fn"
		nbt_verdict
	) &
	NBT_SCEN_PID=$!
	wait "$NBT_SCEN_PID"
	rc=$?
	NBT_SCEN_PID=
	set -e
	if (( rc == 0 )); then
		PASSED=$(( PASSED + 1 ))
		printf 'PASS %s (%s s)\n' "$name" "$(nb_elapsed "$t0")"
	else
		FAILED=$(( FAILED + 1 ))
		printf 'FAIL %s (%s s)\n' "$name" "$(nb_elapsed "$t0")"
	fi
}

main() {
	local fns=() fn want client
	nb_workdir >/dev/null
	mapfile -t fns < <(declare -F | awk '{print $3}' | grep -E '^s[0-9]{2}_' | sort)
	if (( $# )); then
		local sel=()
		for want in "$@"; do
			for fn in "${fns[@]}"; do
				[[ "$fn" == "s${want}_"* ]] && sel+=("$fn")
			done
		done
		fns=("${sel[@]}")
	fi
	client=$(nbt_client)
	echo "net: client $client"
	if [[ ! -x "$client" ]]; then
		echo "net: $client missing: run make first" >&2
	elif [[ -z "${NBT_STANDIN:-}${NBT_CLIENT:-}" ]] && ! "$client" --help 2>&1 | grep -qE '^ +net +'; then
		echo "net: warning: $client --help lists no \"net\" command" >&2
	fi
	for fn in "${fns[@]}"; do
		run_one "$fn"
	done
	echo "net: $PASSED passed, $FAILED failed"
	(( FAILED == 0 ))
}

main "$@"
