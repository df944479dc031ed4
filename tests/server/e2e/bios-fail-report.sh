#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# bios-fail-report: the room view of a failing boot.  netboot-server serves
# a live-boot ISO, but the append line names an export that does not exist
# (--append nfsroot=..., the last word wins): the BIOS PXE client gets its
# lease, fails to mount, runs netboot-diag and stops.  The server, which
# never sees the client's console, must show it FAILED with the cause and
# netboot-diag's verdict, from the reports the client streamed to it.
set -euo pipefail
# shellcheck source=../case.sh
source "$(dirname "${BASH_SOURCE[0]}")/../case.sh"

main() {
	local iso i
	case_begin bios-fail-report
	iso=$(case_iso live)
	lan_setup
	lan_router_start
	lan_tap tap0
	check "server starts" case_server "$iso" \
		--append "console=ttyS0,115200 nfsroot=192.0.2.2:/no/such/export netboot.mount-timeout=10"
	check "client stops at the initramfs prompt" case_client 'netboot-diag .*checking 192\.0\.2\.2:/no/such/export' 300
	# the diagnosis runs after the failure, its lines follow the verdict
	for (( i = 0; i < 150; i++ )); do
		grep -q 'verdict: ' "$SRV_OUT" && break
		sleep 0.2
	done
	sleep 1
	con_has "netboot stopped on the mount" 'does not mount|not exported|No such file'
	srv_has "report: the lease line" '52:54:00:12:34:01 +192\.0\.2\.[0-9]+ +[a-z-]+ +.*lease from DHCP'
	srv_has "report: FAILED with the cause" '52:54:00:12:34:01 .*FAILED.*(/no/such/export|does not mount|not exported|No such file)'
	srv_has "report: netboot-diag's findings" '52:54:00:12:34:01 .*FAIL'
	srv_has "report: netboot-diag's verdict" '52:54:00:12:34:01 .*verdict: the boot fails at step'
	ip netns exec "$SRV_NS" "$SERVER_BIN" --status --state "$SRV_STATE" >"$NB_WORK/status.out" 2>&1 || true
	check "--status: the client is FAILED" has "$NB_WORK/status.out" '52:54:00:12:34:01  192\.0\.2\.[0-9]+ +BIOS iPXE +[a-z-]+ +[0-9.]+ +FAILED'
	ip netns exec "$SRV_NS" "$SERVER_BIN" --status --json --state "$SRV_STATE" >"$NB_WORK/status.json" 2>&1 || true
	check "--status --json: verdict failed, with a cause" has "$NB_WORK/status.json" '"verdict":"failed","cause":"[^"]+'
	echo "---- netboot-server --status (for the record)"
	sed 's/^/    | /' "$NB_WORK/status.out"
	echo "---- the server's screen, the client's lines"
	grep '52:54:00:12:34:01' "$SRV_OUT" | sed 's/^/    | /' | tail -n 40
	case_stop_and_check_clean
	case_end
}

main "$@"
