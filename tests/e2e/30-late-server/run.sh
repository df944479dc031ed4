#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/30-late-server/run.sh - the NFS server side going wrong.
#   late:     rpcbind and ganesha are down when the guest starts; they start
#             10 s after netboot's first mount attempt (logged as "NFS
#             export ...") -> netboot keeps retrying, the live root is
#             reached.
#   nosquash: the export has no live/filesystem.squashfs -> netboot's clear
#             message, no loop mount attempted, panic (no hang).
#   corrupt:  live/filesystem.squashfs is 4 MiB of random bytes -> netboot's
#             clear message, no loop mount attempted, panic (no hang).
# Usage: run.sh [CASE...]   (late must run first: it starts the server)

set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

E2E_LATE_S=${E2E_LATE_S:-10}

# server_up - start rpcbind + ganesha with the three exports (idempotent).
server_up() {
	[[ -z "$GANESHA_PID" ]] || return 0
	ganesha_start
}

case_late() {
	local t_try t_up
	e2e_case late
	[[ -z "$GANESHA_PID" ]] || nb_die "late: the server must be down at the start"
	e2e_boot --nics dead,user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export"
	if e2e_wait '^netboot: NFS export ' 90; then
		t_try=$E2E_SEEN_S
		sleep "$E2E_LATE_S"
		server_up
		t_up=$(nb_elapsed "$QEMU_T0")
		nb_log "server up at $t_up s (first mount attempt at $t_try s)"
	fi
	e2e_ok "live root reached in 180 s" e2e_wait "^NETBOOT-E2E: live system reached" 180
	E2E_NOTE="server up at ${t_up:-?} s, live root at ${E2E_SEEN_S:-?} s"
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	e2e_expect "netboot mounted the export once the server was up" \
		'^netboot: mounted 10\.0\.2\.2:/export'
	e2e_expect_live_checks
	e2e_grep "$E2E_LOG" '^netboot: '
	e2e_case_end
}

# bad_image CASE PATH WHAT - a case whose export has no usable image.
bad_image() {
	local name=$1 path=$2 what=$3
	e2e_case "$name"
	server_up
	e2e_boot --nics dead,user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:$path"
	e2e_ok "panic message within 60 s" \
		e2e_wait "Rebooting automatically due to panic=|^\\(initramfs\\)" 60
	E2E_NOTE="panic at ${E2E_SEEN_S:-?} s"
	e2e_ok "qemu gone (no hang) 15 s after the panic message" qemu_wait_exit 15
	e2e_expect "netboot mounted the export" "^netboot: mounted 10\\.0\\.2\\.2:$path"
	e2e_expect "netboot's error: $what" "^netboot: error: .*$what"
	e2e_refuse "no loop mount attempted" \
		'/dev/loop|Mounting "/run/live/medium|squashfs error|SQUASHFS error|losetup'
	e2e_refuse "no live root" '^NETBOOT-E2E: live system reached'
	e2e_grep "$E2E_LOG" '^netboot|^\[[0-9]/[0-9]\]|^ *(cause|fix):|^verdict|Rebooting|[Ll]oop|quashfs'
	e2e_case_end
}

case_nosquash() {
	bad_image nosquash /nosquash 'no live/filesystem\.squashfs'
}

case_corrupt() {
	bad_image corrupt /corrupt 'not a usable live image'
}

main() {
	local c
	local -a cases=("$@")
	[[ ${#cases[@]} -gt 0 ]] || cases=(late nosquash corrupt)
	e2e_setup
	e2e_export "$NB_WORK/export" good
	e2e_export "$NB_WORK/nosquash" nosquash
	e2e_export "$NB_WORK/corrupt" corrupt
	ganesha_export_add "$NB_WORK/export" /export
	ganesha_export_add "$NB_WORK/nosquash" /nosquash
	ganesha_export_add "$NB_WORK/corrupt" /corrupt
	# The late case needs the port free: take the host-wide NFS lock now.
	ganesha_lock
	for c in "${cases[@]}"; do
		"case_$c"
	done
	e2e_scenario_end
}

main "$@"
