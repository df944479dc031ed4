#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/server/case.sh - bookkeeping and shared steps of netboot-server's
# end-to-end cases (tests/server/e2e/*.sh): a stand-in LAN (tests/lib/lan.sh),
# a small live ISO made from the stock live-boot initrd the e2e tier builds
# (netboot-server must add netboot itself), the server, a PXE client in
# qemu, and the checks that Ctrl+C leaves the host as it was.
#
# A case calls case_begin NAME, then check DESC CMD... / srv_has DESC
# REGEX / con_has DESC REGEX, and case_end last, which prints every check
# and "NAME: N passed, N failed".

# shellcheck source=../lib/lan.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/lan.sh"
# shellcheck source=../lib/iso.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/iso.sh"
# shellcheck source=../e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"

CASE_NAME=
CASE_PASS=0
CASE_FAIL=0
CASE_T0=0
CON=
SRV_STATE=
SRV_PIDS=()

case_begin() {
	CASE_NAME=$1
	CASE_T0=$(nb_now_ms)
	nb_workdir >/dev/null
	chmod 755 "$NB_WORK"
	SRV_STATE=$NB_WORK/state
	CON=$NB_WORK/console.log
	nb_log "=== server e2e: $CASE_NAME"
}

check() {
	local desc=$1
	shift
	if "$@"; then
		CASE_PASS=$((CASE_PASS + 1))
		printf 'ok   %s: %s\n' "$CASE_NAME" "$desc"
	else
		CASE_FAIL=$((CASE_FAIL + 1))
		printf 'FAIL %s: %s\n' "$CASE_NAME" "$desc"
	fi
}

has() { tr -d '\r' <"$1" | grep -cE -- "$2" >/dev/null; }
srv_has() { check "server: $1" has "$SRV_OUT" "$2"; }
con_has() { check "client: $1" has "$CON" "$2"; }

# case_iso KIND - build the ISO (stock initrd, Debian's signed kernel);
# prints its path.
case_iso() {
	local kind=$1 iso
	kernel_fetch >/dev/null
	if [[ -z ${E2E_STOCK_INITRD:-} || ! -s ${E2E_STOCK_INITRD:-} ]]; then
		e2e_initrds >/dev/null
	fi
	ISO_LIVE_TREE=$NB_WORK/live-tree
	[[ -d $ISO_LIVE_TREE ]] || e2e_live_tree "$ISO_LIVE_TREE"
	export ISO_LIVE_TREE
	iso=$NB_WORK/test-$kind.iso
	case $kind in
	live) iso_build "$iso" live "$KERNEL" "$E2E_STOCK_INITRD" ;;
	*) nb_die "case_iso: $kind" ;;
	esac
	echo "$iso"
}

# case_server ARGS... - start netboot-server (state in NB_WORK, kernel
# console on ttyS0) and wait for "ready"; 0 when ready.
case_server() {
	srv_start "$NB_WORK/server.out" --interface px --state "$SRV_STATE" \
		--append "console=ttyS0,115200" "$@"
	if ! srv_wait_ready 240; then
		sed 's/^/    | /' "$NB_WORK/server.out" >&2
		return 1
	fi
	# the pids it started, from its undo journal
	mapfile -t SRV_PIDS < <(awk '$1 == "pid" { print $3 }' "$SRV_STATE/journal")
	return 0
}

# case_client WAIT_REGEX SECS QEMU_ARGS... - PXE-boot a client on tap0.
case_client() {
	local re=$1 t=$2 i
	shift 2
	qemu_boot --pxe --nics tap:tap0 --netns "$LAN_NS" --mem 768 --log "$CON" "$@"
	for (( i = 0; i < t * 5; i++ )); do
		has "$CON" "$re" && return 0
		kill -0 "$QEMU_PID" 2>/dev/null || { has "$CON" "$re"; return; }
		sleep 0.2
	done
	return 1
}

# case_stop_and_check_clean - Ctrl+C the server and check the host.
case_stop_and_check_clean() {
	local pid left=""
	qemu_stop
	srv_interrupt
	check "Ctrl+C: the server exits 0" test "$SRV_RC" = 0
	srv_has "Ctrl+C: says it undid everything" '^netboot-server: stopped; the host is as it was\.$'
	for pid in "${SRV_PIDS[@]}"; do
		kill -0 "$pid" 2>/dev/null && left+=" $pid"
	done
	check "Ctrl+C: every process it started is gone (${SRV_PIDS[*]})" test -z "$left"
	left=$(ip netns pids "$SRV_NS" | xargs -r ps -o pid=,comm= -p 2>/dev/null || true)
	check "Ctrl+C: no process left in the server's namespace${left:+ (left: $left)}" test -z "$left"
	check "Ctrl+C: the state directory is gone" test ! -e "$SRV_STATE"
	check "Ctrl+C: no mount left under the work dir" bash -c "! findmnt -rn -o TARGET | grep -qF '$NB_WORK'"
}

case_end() {
	local secs
	secs=$(nb_elapsed "$CASE_T0")
	if [[ $CASE_FAIL -ne 0 ]]; then
		echo "---- server screen" >&2
		sed 's/^/    | /' "$NB_WORK/server.out" >&2 || true
		if [[ -f $CON ]]; then
			echo "---- client console (last 40 lines)" >&2
			tr -d '\r' <"$CON" | grep -v '^\s*$' | tail -n 40 | sed 's/^/    | /' >&2
		fi
	fi
	echo "$CASE_NAME: $CASE_PASS passed, $CASE_FAIL failed ($secs s)"
	[[ $CASE_FAIL -eq 0 ]]
}
