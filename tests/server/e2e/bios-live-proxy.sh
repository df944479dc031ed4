#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# bios-live-proxy: a Debian live-boot ISO; netboot-server in proxyDHCP
# mode beside the site router's dnsmasq; a BIOS PXE client (qemu's iPXE
# ROM -> pxelinux) reaches the live root; --status while it runs; Ctrl+C
# leaves the host as it was and the ISO untouched.
set -euo pipefail
# shellcheck source=../case.sh
source "$(dirname "${BASH_SOURCE[0]}")/../case.sh"

main() {
	local iso sum
	case_begin bios-live-proxy
	iso=$(case_iso live)
	sum=$(sha256sum <"$iso")
	lan_setup
	lan_router_start
	lan_tap tap0
	check "server starts" case_server "$iso"
	srv_has "screen: proxyDHCP" '^  DHCP       proxyDHCP beside'
	srv_has "screen: the image and its nfsroot" 'nfsroot=192\.0\.2\.2:.*/state/images/test-live'
	check "client reaches the live root" case_client '^NETBOOT-E2E: done' 300
	con_has "live root reached" '^NETBOOT-E2E: live system reached'
	con_has "netboot used the PXE NIC (BOOTIF)" 'BOOTIF matches its MAC'
	con_has "lease from the site router" 'lease from DHCP'
	con_has "NFS root from the server" '192\.0\.2\.2:.* /run/live/medium nfs'
	sleep 1.5 # one more poll of the event loop
	srv_has "event: PXE request answered" '52:54:00:12:34:01 .*BIOS iPXE client asks what to boot: answered \(proxyDHCP\)'
	srv_has "event: pxelinux.0 sent" '52:54:00:12:34:01 192\.0\.2\.[0-9]+ +TFTP sent pxelinux\.0$'
	srv_has "event: the menu sent" 'TFTP sent pxelinux\.cfg/default$'
	srv_has "event: kernel sent" 'TFTP sent test-live/vmlinuz \([0-9]+ MiB\)$'
	srv_has "event: initrd sent" 'TFTP sent test-live/initrd \([0-9]+ MiB\)$'
	srv_has "event: NFS client connected" 'NFS client connected'
	ip netns exec "$SRV_NS" "$SERVER_BIN" --status --state "$SRV_STATE" >"$NB_WORK/status.out" 2>&1 || true
	check "--status: running" has "$NB_WORK/status.out" '^netboot-server: running \(pid [0-9]+\)'
	check "--status: the table has the client" has "$NB_WORK/status.out" '52:54:00:12:34:01  192\.0\.2\.[0-9]+ +BIOS iPXE'
	# the client's own boot report, streamed to the server (netboot.report=)
	srv_has "report: netboot's lease line" '52:54:00:12:34:01 +192\.0\.2\.[0-9]+ +[a-z-]+ +.*lease from DHCP'
	srv_has "report: the mount phase" '52:54:00:12:34:01 +192\.0\.2\.[0-9]+ +[a-z-]+ +phase mount: '
	srv_has "report: the handoff's verdict" '52:54:00:12:34:01 .*live root reached: .* kept off '
	check "--status: the client is live" has "$NB_WORK/status.out" '52:54:00:12:34:01  192\.0\.2\.[0-9]+ +BIOS iPXE +handoff +[0-9.]+ +live '
	ip netns exec "$SRV_NS" "$SERVER_BIN" --status --json --state "$SRV_STATE" >"$NB_WORK/status.json" 2>&1 || true
	check "--status --json: verdict live" has "$NB_WORK/status.json" '"mac":"52:54:00:12:34:01".*"verdict":"live"'
	echo "---- netboot-server --status (for the record)"
	sed 's/^/    | /' "$NB_WORK/status.out"
	case_stop_and_check_clean
	check "the ISO is unchanged" test "$(sha256sum <"$iso")" = "$sum"
	case_end
}

main "$@"
