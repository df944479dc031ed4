#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/40-stock-liveboot/run.sh - comparison, not a test of netboot:
# seconds from qemu start to the live root with Debian's stock live-boot
# initrd (same mkinitramfs conf, netboot's hook and scripts left out) and
# with the netboot initrd, same cmdline, dead NIC(s) first.  live-boot
# tries the connected NICs one at a time with ipconfig -t 15; netboot
# DHCPs on all of them at once.  A case passes when its guest reaches the
# live root (the timing is the result); the closing lines print the table.
#   stock-1dead / netboot-1dead: NICs dead,user
#   stock-2dead / netboot-2dead: NICs dead,dead,user
# Usage: run.sh [CASE...]   Env: E2E_BENCH_2DEAD=1 adds the 2dead pair
# (80 s more; measured: stock 54.5 s, netboot 25.3 s).

set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

BENCH=()

# bench CASE INITRD NICS - one timed boot.
bench() {
	local name=$1 initrd=$2 nics=$3
	e2e_case "$name"
	e2e_boot --initrd "$initrd" --nics "$nics" \
		--append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export"
	e2e_ok "live root reached in 150 s" e2e_wait "^NETBOOT-E2E: live system reached" 150
	E2E_NOTE="live root at ${E2E_SEEN_S:-?} s (nics $nics)"
	BENCH+=("$(printf '%-14s nics %-14s live root at %5s s' "$name" "$nics" "${E2E_SEEN_S:-n/a}")")
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	e2e_grep "$E2E_LOG" '^IP-Config: .*(no response|complete)|^netboot: boot NIC'
	e2e_case_end
}

main() {
	local c
	local -a cases=("$@")
	if [[ ${#cases[@]} -eq 0 ]]; then
		cases=(stock-1dead netboot-1dead)
		[[ ${E2E_BENCH_2DEAD:-0} == 0 ]] || cases+=(stock-2dead netboot-2dead)
	fi
	e2e_setup
	e2e_export "$NB_WORK/export" good
	ganesha_start "$NB_WORK/export" /export
	for c in "${cases[@]}"; do
		case $c in
		stock-1dead) bench "$c" "$E2E_STOCK_INITRD" dead,user ;;
		netboot-1dead) bench "$c" "$E2E_INITRD" dead,user ;;
		stock-2dead) bench "$c" "$E2E_STOCK_INITRD" dead,dead,user ;;
		netboot-2dead) bench "$c" "$E2E_INITRD" dead,dead,user ;;
		*) nb_die "unknown case $c" ;;
		esac
	done
	printf 'e2e-bench: %s\n' "${BENCH[@]}"
	e2e_scenario_end
}

main "$@"
