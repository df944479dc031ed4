#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# crash-recovery: netboot-server --http is killed with SIGKILL (no chance
# to clean up): its dnsmasq, nfs-ganesha, rpcbind and lighttpd are left running and its
# state directory stays.  --status says it is not running; the next start
# with the same --state undoes the dead run's changes first (the old
# processes, by pid, the old state) and serves; Ctrl+C then leaves the host
# as it was.  Also: a second start while one runs is refused.
set -euo pipefail
# shellcheck source=../case.sh
source "$(dirname "${BASH_SOURCE[0]}")/../case.sh"

main() {
	local iso pid old=() left="" rc=0
	case_begin crash-recovery
	iso=$(case_iso live)
	lan_setup
	lan_router_start
	check "server starts (--http)" case_server "$iso" --http
	old=("${SRV_PIDS[@]}")
	check "lighttpd is among its journaled servers" grep -q '^pid lighttpd ' "$SRV_STATE/journal"
	ip netns exec "$SRV_NS" "$SERVER_BIN" --interface px --state "$SRV_STATE" "$iso" \
		>"$NB_WORK/second.out" 2>&1 </dev/null || rc=$?
	check "a second start with the same state is refused (exit 100)" test "$rc" = 100
	check "... saying one is running" has "$NB_WORK/second.out" 'already running \(pid [0-9]+\)'
	kill -KILL "$SRV_PID"
	wait "$SRV_PID" 2>/dev/null || true
	SRV_PID=
	for pid in "${old[@]}"; do
		kill -0 "$pid" 2>/dev/null || left+=" $pid"
	done
	check "after SIGKILL its servers are orphaned, still running" test -z "$left"
	ip netns exec "$SRV_NS" "$SERVER_BIN" --status --state "$SRV_STATE" >"$NB_WORK/status.out" 2>&1 || true
	check "--status: not running, state left" has "$NB_WORK/status.out" 'NOT running, but .* is left from a run that did not stop cleanly'
	check "the next start recovers and serves" case_server "$iso"
	srv_has "it says it cleaned up the dead run" 'a previous run \(state .*\) did not stop cleanly; undoing what it did'
	left=""
	for pid in "${old[@]}"; do
		kill -0 "$pid" 2>/dev/null && left+=" $pid"
	done
	check "the dead run's processes are gone (${old[*]})" test -z "$left"
	case_stop_and_check_clean
	case_end
}

main "$@"
