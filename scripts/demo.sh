#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# scripts/demo.sh - `make demo`: netboot a tiny Debian live image in qemu.
#
# Fetches Debian's kernel (cached in build/kernel), installs netboot into the
# host (make install) and builds a real initramfs-tools + live-boot initrd
# with mkinitramfs (cached in build/e2e), makes the tiny live image, starts
# rpcbind + nfs-ganesha on 127.0.0.1 and boots qemu (TCG) through the real
# PXE chain: iPXE ROM -> qemu's TFTP -> pxelinux.0 (IPAPPEND 2, so BOOTIF=)
# -> kernel + initrd.  The guest has two NICs, the first on a dead hub.
# Prints netboot's console lines as they come, then the boot report the
# live root shows (/var/log/netboot.log) and its checks.  Every process it
# starts (qemu, ganesha, rpcbind) is stopped by PID at exit.
#
# Usage: scripts/demo.sh   Env: NB_KEEP=1 keeps the work dir (console log).

set -euo pipefail
# shellcheck source=../tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tests/e2e/lib.sh"

DEMO_TIMEOUT=${DEMO_TIMEOUT:-180}

# demo_follow LOG - print the console lines worth seeing until the guest
# powers off (or DEMO_TIMEOUT); 0 when the live root was reached.
demo_follow() {
	local log=$1 shown=0 n i
	for (( i = 0; i < DEMO_TIMEOUT * 5; i++ )); do
		n=$(wc -l <"$log")
		if [[ $n -gt $shown ]]; then
			sed -n "$(( shown + 1 )),${n}p" "$log" | tr -d '\r' |
				grep -E '^(netboot|IP-Config|Rebooting|NETBOOT-E2E: (live|check))|\.\.\. netboot' |
				sed -e 's/^.*\.\.\. \(netboot\)/\1/' -e 's/^/  | /' || true
			shown=$n
		fi
		kill -0 "$QEMU_PID" 2>/dev/null || break
		sleep 0.2
	done
	e2e_has "$log" '^NETBOOT-E2E: live system reached'
}

main() {
	local t0 tb
	t0=$(nb_now_ms)
	nb_workdir >/dev/null
	echo "demo: kernel, netboot initrd (mkinitramfs), live image ..."
	kernel_fetch
	e2e_initrds
	e2e_export "$NB_WORK/export" good
	echo "demo: Debian kernel $KVER; initrd $E2E_INITRD"
	echo "demo: NFS server: nfs-ganesha on 127.0.0.1 (the guest's 10.0.2.2), export /export"
	ganesha_start "$NB_WORK/export" /export
	echo "demo: ready in $(nb_elapsed "$t0") s; booting qemu (TCG): NIC 1 dead, NIC 2 on user-net," \
		"PXE: iPXE -> pxelinux.0 (IPAPPEND 2) -> kernel + initrd"
	tb=$(nb_now_ms)
	qemu_boot --pxe --kernel "$KERNEL" --initrd "$E2E_INITRD" --mem "$E2E_MEM" \
		--nics dead,user --log "$NB_WORK/console.log" --tftp "$NB_WORK/tftp" \
		--append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export"
	echo "demo: console (netboot's lines):"
	if ! demo_follow "$NB_WORK/console.log"; then
		echo "demo: FAILED: the live root was not reached; console: $NB_WORK/console.log"
		qemu_tail 40
		return 1
	fi
	qemu_wait_exit 15 2>/dev/null || qemu_stop
	echo "demo: netboot's boot report, as the live root shows it (/var/log/netboot.log):"
	e2e_report "$NB_WORK/console.log" | sed 's/^/  | /'
	echo "demo: live system reached: PXE to the live root in $(nb_elapsed "$tb") s" \
		"(all in $(nb_elapsed "$t0") s)"
}

main "$@"
