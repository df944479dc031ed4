#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# uefi-ipxe-proxy: a UEFI client whose NIC runs iPXE (qemu's iPXE option
# ROM; Secure Boot off) behind proxyDHCP gets netboot-server's iPXE script
# (boot.ipxe: kernel, initrd, BOOTIF from ${netX/mac}) and reaches the live
# root; Ctrl+C leaves the host as it was.
set -euo pipefail
# shellcheck source=../case.sh
source "$(dirname "${BASH_SOURCE[0]}")/../case.sh"

main() {
	local iso
	case_begin uefi-ipxe-proxy
	iso=$(case_iso live)
	lan_setup
	lan_router_start
	lan_tap tap0
	check "server starts" case_server "$iso"
	check "client reaches the live root" case_client '^NETBOOT-E2E: done' 300 --uefi nosb --ipxe-rom
	con_has "live root reached" '^NETBOOT-E2E: live system reached'
	con_has "netboot used the PXE NIC (BOOTIF from iPXE)" 'BOOTIF matches its MAC'
	sleep 1.5
	srv_has "event: UEFI iPXE client answered" 'UEFI iPXE client asks what to boot: answered \(proxyDHCP\)'
	srv_has "event: the iPXE script sent" 'TFTP sent boot\.ipxe$'
	srv_has "event: initrd sent" 'TFTP sent test-live/initrd'
	srv_has "event: NFS client connected" 'NFS client connected'
	case_stop_and_check_clean
	case_end
}

main "$@"
