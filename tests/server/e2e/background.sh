#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# background: netboot-server --background returns once serving and keeps
# serving from a detached process; --status finds it (running, its pid,
# the image); --stop ends it, and it undoes everything like Ctrl+C does.
set -euo pipefail
# shellcheck source=../case.sh
source "$(dirname "${BASH_SOURCE[0]}")/../case.sh"

main() {
	local iso rc=0 pid left=""
	case_begin background
	iso=$(case_iso live)
	lan_setup
	lan_router_start
	SRV_OUT=$NB_WORK/server.out
	# the server namespace's own /run, as srv_start gives it
	ip netns exec "$SRV_NS" unshare -m --propagation private \
		bash -c 'mount -t tmpfs -o mode=0755 nbs-run /run && exec "$@"' srv \
		"$SERVER_BIN" --background --interface px --state "$SRV_STATE" "$iso" \
		>"$SRV_OUT" 2>&1 </dev/null || rc=$?
	check "--background returns 0 once serving" test "$rc" = 0
	srv_has "it says where it serves from" 'serving in the background \(pid [0-9]+\)'
	mapfile -t SRV_PIDS < <(awk '$1 == "pid" { print $3 }' "$SRV_STATE/journal")
	pid=$(awk '{print $1}' "$SRV_STATE/server.pid")
	check "the detached server runs (pid $pid)" kill -0 "$pid"
	ip netns exec "$SRV_NS" "$SERVER_BIN" --status --state "$SRV_STATE" >"$NB_WORK/status.out" 2>&1 || true
	check "--status: running, with its pid" has "$NB_WORK/status.out" "^netboot-server: running \\(pid $pid\\)"
	check "--status: the image" has "$NB_WORK/status.out" 'image1 +Debian 12 netboot test \(live-boot\) \(live\)'
	ip netns exec "$SRV_NS" "$SERVER_BIN" --stop --state "$SRV_STATE" >"$NB_WORK/stop.out" 2>&1 || rc=$?
	check "--stop returns 0" test "$rc" = 0
	check "--stop says it stopped" has "$NB_WORK/stop.out" '^netboot-server: stopped$'
	check "the detached server is gone" bash -c "! kill -0 $pid 2>/dev/null"
	for pid in "${SRV_PIDS[@]}"; do
		kill -0 "$pid" 2>/dev/null && left+=" $pid"
	done
	check "every process it started is gone (${SRV_PIDS[*]})" test -z "$left"
	check "the state directory is gone" test ! -e "$SRV_STATE"
	case_end
}

main "$@"
