#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/20-pxe/run.sh - the real PXE chain: the NIC's iPXE ROM DHCPs and
# TFTPs pxelinux.0 from qemu's user-net, pxelinux loads the Debian kernel
# and the mkinitramfs initrd with IPAPPEND 2 (BOOTIF=01-<mac>); the dead
# NIC is first in PCI order.
#   good:       BOOTIF from pxelinux -> live root; netboot's report says
#               BOOTIF chose the second NIC (52:54:00:12:34:02).
#   bootif-gone: BOOTIF=01-52-54-00-12-34-99 (no NIC has it; direct kernel
#               boot, since pxelinux would append the real one after it) ->
#               netboot says so and falls back to the NIC that gets a lease,
#               the live root is still reached.
# Usage: run.sh [CASE...]

set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

case_good() {
	local nic
	e2e_case good
	e2e_boot --pxe --nics dead,user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export"
	e2e_ok "live root reached in 150 s" e2e_wait "^NETBOOT-E2E: live system reached" 150
	E2E_NOTE="live root at ${E2E_SEEN_S:-?} s"
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	e2e_expect "pxelinux appended BOOTIF of the second NIC" \
		'^NETBOOT-E2E: cmdline: .*BOOTIF=01-52-54-00-12-34-02'
	nic=$(e2e_boot_nic "$E2E_LOG" || echo "none none")
	e2e_ok "report: boot NIC is 52:54:00:12:34:02 (got: $nic)" \
		test "${nic#* }" = 52:54:00:12:34:02
	e2e_expect "report: BOOTIF chose it" '^netboot: boot NIC [^ ]+ \(.*BOOTIF'
	e2e_refuse "no DHCP on the dead NIC (BOOTIF given)" \
		'^netboot: [^ ]+ \(52:54:00:12:34:01\): DHCP: candidate'
	e2e_expect_live_checks
	e2e_grep "$E2E_LOG" '^netboot: |^NETBOOT-E2E: (check|cmdline)'
	e2e_case_end
}

case_bootif-gone() {
	e2e_case bootif-gone
	e2e_boot --nics dead,user \
		--append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export BOOTIF=01-52-54-00-12-34-99"
	e2e_wait "^NETBOOT-E2E: live system reached|Rebooting automatically due to panic=" 150 || true
	E2E_NOTE="outcome at ${E2E_SEEN_S:-?} s"
	e2e_wait "^NETBOOT-E2E: done|Rebooting automatically" 30 || true
	e2e_expect "netboot names the missing BOOTIF MAC" \
		'^netboot: .*BOOTIF.*(no NIC|not present|52:54:00:12:34:99)'
	e2e_expect "falls back: live root reached" '^NETBOOT-E2E: live system reached'
	e2e_grep "$E2E_LOG" '^netboot: |Rebooting'
	e2e_case_end
}

main() {
	local c
	local -a cases=("$@")
	[[ ${#cases[@]} -gt 0 ]] || cases=(good bootif-gone)
	e2e_setup
	e2e_export "$NB_WORK/export" good
	ganesha_start "$NB_WORK/export" /export
	for c in "${cases[@]}"; do
		"case_$c"
	done
	e2e_scenario_end
}

main "$@"
