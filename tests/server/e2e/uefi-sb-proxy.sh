#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# uefi-sb-proxy: the known trap, shown rather than hidden.  Behind
# proxyDHCP a UEFI Secure Boot client loads shim and GRUB from
# netboot-server, but Debian 12's signed GRUB asks the router's next-server
# for its menu and stops at grub>.  netboot-server says so at start (the
# UEFI note, naming what to change) and again when it sees it happen (GRUB
# loaded, its menu never asked for); Ctrl+C leaves the host as it was.
# The router answers TFTP from an empty directory, as a dnsmasq router with
# TFTP on does: GRUB's "file not found" comes at once.  A router without
# TFTP gives the same grub>, after GRUB's retries (two to four minutes
# under TCG), which is only slower.
set -euo pipefail
# shellcheck source=../case.sh
source "$(dirname "${BASH_SOURCE[0]}")/../case.sh"

main() {
	local iso i
	case_begin uefi-sb-proxy
	iso=$(case_iso live)
	lan_setup
	mkdir -p "$NB_WORK/router-tftp"
	LAN_ROUTER_OPTS="--enable-tftp --tftp-root=$NB_WORK/router-tftp" lan_router_start
	lan_tap tap0
	check "server starts" case_server "$iso"
	srv_has "screen: the UEFI note names the fix (next-server)" 'set next-server \(DHCP option 66 / siaddr\) to 192\.0\.2\.2'
	srv_has "screen: the UEFI note names the other fix (--dhcp-range)" 'with --dhcp-range FIRST,LAST'
	check "client stops at grub> (the trap)" case_client 'grub> ' 240 --uefi sb
	con_has "shim loaded GRUB from this server" 'GNU GRUB +version 2\.06'
	for (( i = 0; i < 150; i++ )); do
		has "$SRV_OUT" 'never asked this server for its menu' && break
		sleep 0.2
	done
	srv_has "event: UEFI client answered" 'UEFI client asks what to boot: answered \(proxyDHCP\)'
	srv_has "event: GRUB sent" 'TFTP sent grubx64\.efi'
	srv_has "event: the trap is reported as it happens" 'UEFI: GRUB was loaded 20 s ago but never asked this server for its menu'
	case_stop_and_check_clean
	case_end
}

main "$@"
