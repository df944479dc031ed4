#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/10-liveboot/run.sh - Debian live-boot over NFS with netboot, the
# real initramfs-tools initrd (mkinitramfs), two NICs with the dead one
# first, no BOOTIF.
#   good:  nfsroot=10.0.2.2:/export -> the live root is reached; the report
#          shows the second NIC (52:54:00:12:34:02) chosen; the files
#          handoff writes are there with the right content and mode; the
#          lease, route and NFS mount options are intact in the live root.
#   wrong: nfsroot=10.0.2.2:/wrong -> netboot's error names the server,
#          netboot-diag lists the server's exports, then initramfs-tools'
#          panic (panic=-1: reboot, qemu exits) within 60 s: no hang.
# Usage: run.sh [CASE...]   Env: NB_KEEP=1 keeps the consoles.

set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

case_good() {
	local nic
	e2e_case good
	e2e_boot --nics dead,user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export"
	e2e_ok "live root reached in 120 s" e2e_wait "^NETBOOT-E2E: live system reached" 120
	E2E_NOTE="live root at ${E2E_SEEN_S:-?} s"
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	nic=$(e2e_boot_nic "$E2E_LOG" || echo "none none")
	e2e_ok "report: boot NIC is the second NIC, 52:54:00:12:34:02 (got: $nic)" \
		test "${nic#* }" = 52:54:00:12:34:02
	e2e_ok "report copied to /var/log/netboot.log, ends with handoff" \
		e2e_report_has "phase handoff: done"
	e2e_expect "live-boot used netboot's mount (nfsmount shim)" \
		"netboot: /run/live/medium: using netboot's mount"
	e2e_expect_live_checks
	e2e_grep "$E2E_LOG" '^netboot: (boot NIC|phase|mounted)|^NETBOOT-E2E: check|^IP-Config|^IPV4ADDR'
	e2e_case_end
}

case_wrong() {
	e2e_case wrong
	e2e_boot --nics dead,user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/wrong"
	e2e_ok "panic message within 60 s" \
		e2e_wait "Rebooting automatically due to panic=|^\\(initramfs\\)" 60
	E2E_NOTE="panic at ${E2E_SEEN_S:-?} s"
	e2e_ok "qemu gone (no hang) 15 s after the panic message" qemu_wait_exit 15
	e2e_expect "netboot's error names the server and the path" \
		'^netboot: error: .*10\.0\.2\.2:/wrong'
	e2e_expect "netboot-diag lists the server's exports" \
		'exports: /export|it exports: /export'
	e2e_expect "netboot's panic line" '^netboot: unable to netboot'
	e2e_refuse "no live root" '^NETBOOT-E2E: live system reached'
	e2e_grep "$E2E_LOG" '^netboot|^\[[0-9]/[0-9]\]|^ *(cause|fix):|^verdict|Rebooting'
	e2e_case_end
}

main() {
	local c
	local -a cases=("$@")
	[[ ${#cases[@]} -gt 0 ]] || cases=(good wrong)
	e2e_setup
	e2e_export "$NB_WORK/export" good
	ganesha_start "$NB_WORK/export" /export
	for c in "${cases[@]}"; do
		"case_$c"
	done
	e2e_scenario_end
}

main "$@"
