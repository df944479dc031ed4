#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# scripts/demo.sh - `make demo`: what a sysadmin does with netboot, in
# qemu and network namespaces on this one machine.
#
#  1. a small live ISO: Debian's kernel, the stock live-boot initrd built by
#     mkinitramfs (no netboot in it) and a tiny root (cached in build/);
#  2. a stand-in LAN (tests/lib/lan.sh): a bridge, a "site router" with its
#     own DHCP server (192.0.2.1, addresses .50-.99), and this server's
#     interface px 192.0.2.2;
#  3. `netboot-server debian-live-demo.iso --interface px`, proxyDHCP beside
#     the router: its screen, then its client events as they come;
#  4. a PXE client (qemu, BIOS, iPXE ROM -> pxelinux) to the live root,
#     with netboot's console lines and, from the live root, its boot report;
#  5. Ctrl+C to the server, and a check that every process, mount and
#     file it made is gone.
# Everything runs inside namespaces it creates (192.0.2.0/24 only) and is
# stopped by PID at exit.  Usage: scripts/demo.sh
# Env: NB_KEEP=1 keeps the work dir; DEMO_TIMEOUT (300 s) for the client.

set -euo pipefail
# shellcheck source=../tests/lib/lan.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tests/lib/lan.sh"
# shellcheck source=../tests/lib/iso.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tests/lib/iso.sh"
# shellcheck source=../tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tests/e2e/lib.sh"

DEMO_TIMEOUT=${DEMO_TIMEOUT:-300}
# lines of the server screen and of the client console shown (show_new
# sets them through printf -v)
# shellcheck disable=SC2034
SHOWN_SRV=0 SHOWN_CON=0

# show_new FILE VAR PREFIX [FILTER] - print FILE's lines not shown yet.
show_new() {
	local file=$1 var=$2 prefix=$3 filter=${4:-.} n
	[[ -f $file ]] || return 0
	n=$(wc -l <"$file")
	if [[ $n -gt ${!var} ]]; then
		sed -n "$(( ${!var} + 1 )),${n}p" "$file" | tr -d '\r' |
			{ grep -aE -- "$filter" || true; } | sed "s/^/$prefix/"
		printf -v "$var" '%s' "$n"
	fi
}

main() {
	local t0 tb iso i pids left
	t0=$(nb_now_ms)
	nb_workdir >/dev/null
	chmod 755 "$NB_WORK"
	echo "demo: 1. a small live ISO (Debian's kernel, the stock live-boot initrd, a tiny root) ..."
	kernel_fetch
	e2e_initrds >/dev/null
	ISO_LIVE_TREE=$NB_WORK/live-tree
	e2e_live_tree "$ISO_LIVE_TREE"
	export ISO_LIVE_TREE
	mkdir -p "$NB_BUILD/demo"
	iso=$NB_BUILD/demo/debian-live-demo.iso
	iso_build "$iso" live "$KERNEL" "$E2E_STOCK_INITRD" "Debian 12 live (netboot demo)"
	echo "demo:    $iso ($(( $(stat -c %s "$iso") >> 20 )) MiB), kernel $KVER"
	echo "demo: 2. a stand-in LAN in network namespaces: router 192.0.2.1 (DHCP .50-.99), this server 192.0.2.2 (px)"
	lan_setup
	lan_router_start
	lan_tap tap0
	echo "demo: 3. # netboot-server $(basename "$iso") --interface px"
	srv_start "$NB_WORK/server.out" "$iso" --interface px --state "$NB_WORK/netboot-server" \
		--append "console=ttyS0,115200"
	for (( i = 0; i < 1200; i++ )); do
		show_new "$NB_WORK/server.out" SHOWN_SRV '   | '
		grep -q '^ready in ' "$NB_WORK/server.out" && break
		kill -0 "$SRV_PID" 2>/dev/null || { echo "demo: FAILED: netboot-server exited"; return 1; }
		sleep 0.2
	done
	mapfile -t pids < <(awk '$1 == "pid" { print $3 }' "$NB_WORK/netboot-server/journal")
	echo "demo: 4. a PXE client: qemu (TCG), BIOS, NIC 52:54:00:12:34:01 on the LAN"
	tb=$(nb_now_ms)
	qemu_boot --pxe --nics tap:tap0 --netns "$LAN_NS" --mem 768 --log "$NB_WORK/client.log"
	for (( i = 0; i < DEMO_TIMEOUT * 5; i++ )); do
		show_new "$NB_WORK/server.out" SHOWN_SRV '   | '
		show_new "$NB_WORK/client.log" SHOWN_CON '   client | ' \
			'^(netboot|Rebooting)|\.\.\. netboot|^NETBOOT-E2E: (live|check)'
		grep -q '^NETBOOT-E2E: done' "$NB_WORK/client.log" 2>/dev/null && break
		kill -0 "$QEMU_PID" 2>/dev/null || break
		sleep 0.2
	done
	if ! e2e_has "$NB_WORK/client.log" '^NETBOOT-E2E: live system reached'; then
		echo "demo: FAILED: the client did not reach the live root; console: $NB_WORK/client.log"
		qemu_tail 40
		return 1
	fi
	echo "demo:    live root reached: PXE to the live root in $(nb_elapsed "$tb") s"
	echo "demo:    netboot's boot report, as the live root shows it (/var/log/netboot.log):"
	e2e_report "$NB_WORK/client.log" | sed 's/^/   report | /'
	sleep 1
	show_new "$NB_WORK/server.out" SHOWN_SRV '   | '
	qemu_wait_exit 15 2>/dev/null || qemu_stop
	echo "demo: 5. Ctrl+C to netboot-server"
	srv_interrupt
	show_new "$NB_WORK/server.out" SHOWN_SRV '   | '
	left=""
	for i in "${pids[@]}"; do kill -0 "$i" 2>/dev/null && left+=" $i"; done
	if [[ $SRV_RC != 0 || -n $left || -e $NB_WORK/netboot-server || -n $(ip netns pids "$SRV_NS") ]]; then
		echo "demo: FAILED: the host is not clean (exit $SRV_RC; processes:${left:- none}; state dir $( [[ -e $NB_WORK/netboot-server ]] && echo left || echo gone))"
		return 1
	fi
	echo "demo:    clean: its processes (${pids[*]}) are gone, its state directory and mounts too"
	echo "demo: done in $(nb_elapsed "$t0") s"
}

main "$@"
