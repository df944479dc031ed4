#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# uefi-sb-full: netboot-server as the only DHCP server (--dhcp-range) of a
# LAN without a router; a UEFI client with Secure Boot enforced (OVMF with
# Microsoft's keys) boots Debian's signed chain from it, shim -> GRUB ->
# kernel, to the live root; Ctrl+C leaves the host as it was.
set -euo pipefail
# shellcheck source=../case.sh
source "$(dirname "${BASH_SOURCE[0]}")/../case.sh"

main() {
	local iso
	case_begin uefi-sb-full
	iso=$(case_iso live)
	lan_setup
	lan_tap tap0
	check "server starts" case_server "$iso" --dhcp-range 192.0.2.100,192.0.2.150
	srv_has "screen: full DHCP" '^  DHCP       full DHCP, addresses 192\.0\.2\.100 - 192\.0\.2\.150'
	srv_has "screen: Debian's signed chain" "UEFI       shim \\+ GRUB signed by Debian, as is test-live's kernel: Secure Boot works"
	check "client reaches the live root" case_client '^NETBOOT-E2E: done' 300 --uefi sb
	con_has "Secure Boot enforced (the kernel says so)" 'secureboot: Secure boot enabled'
	con_has "the kernel is locked down" 'Kernel is locked down from EFI Secure Boot'
	con_has "live root reached" '^NETBOOT-E2E: live system reached'
	con_has "netboot used the PXE NIC (BOOTIF from GRUB)" 'BOOTIF matches its MAC'
	sleep 1.5
	srv_has "event: DHCP lease (UEFI)" '52:54:00:12:34:01 192\.0\.2\.1[0-5][0-9] +DHCP lease 192\.0\.2\.1[0-5][0-9] \(UEFI\)'
	srv_has "event: shim sent" 'TFTP sent bootx64\.efi$'
	srv_has "event: GRUB sent" 'TFTP sent grubx64\.efi'
	srv_has "event: GRUB's menu sent" 'TFTP sent grub/grub\.cfg$'
	srv_has "event: kernel and initrd sent" 'TFTP sent test-live/initrd'
	srv_has "event: NFS client connected" 'NFS client connected'
	case_stop_and_check_clean
	case_end
}

main "$@"
