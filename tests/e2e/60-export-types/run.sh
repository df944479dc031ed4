#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/60-export-types/run.sh - files on the export that are not
# regular files, where netboot reads (issue 9, defect 1).  Each must end
# the boot fast with netboot's own message, never hang it:
#   fifo:     live/filesystem.squashfs is a FIFO (no writer ever comes)
#   console:  live/filesystem.squashfs is a symlink to /dev/console, which
#             resolves inside the initrd
#   diskfifo: .disk/info is a FIFO (casper and live-boot would block on it)
#   stall:    the server goes silent right after the mount (a relay in
#             front of ganesha, tests/lib/nfsstall.py, stops relaying at
#             the first LOOKUP of filesystem.squashfs): the mount is hard,
#             so only netboot's killable reader ends the wait
# Each case: netboot's error names the file and says why within 60 s of
# qemu's start, the boot reaches the panic (no live root), qemu is gone
# 15 s later.
# Usage: run.sh [CASE...]

set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

# refused NAME EXPORT REGEX - boot on EXPORT; netboot refuses with REGEX.
refused() {
	local name=$1 export=$2 re=$3
	e2e_case "$name"
	e2e_boot --nics dead,user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:$export"
	e2e_ok "netboot refuses it within 60 s" e2e_wait "$re" 60
	E2E_NOTE="refused at ${E2E_SEEN_S:-?} s"
	e2e_ok "panic message within 90 s" \
		e2e_wait "Rebooting automatically due to panic=|^\\(initramfs\\)" 90
	e2e_ok "qemu gone (no hang) 15 s after the panic message" qemu_wait_exit 15
	e2e_expect "netboot's panic line" '^netboot: unable to netboot'
	e2e_refuse "no live root" '^NETBOOT-E2E: live system reached'
	e2e_grep "$E2E_LOG" '^netboot|Rebooting'
	e2e_case_end
}

case_fifo() {
	refused fifo /fifo \
		'^netboot: error: unable to use live/filesystem\.squashfs on the export: not a regular file'
}

case_console() {
	refused console /console \
		'^netboot: error: unable to use live/filesystem\.squashfs on the export: not a regular file'
}

case_diskfifo() {
	refused diskfifo /diskfifo \
		'^netboot: error: unable to use \.disk/info on the export: not a regular file'
}

# The relay's port on the host (10.0.2.2 in the guest), NFSv4 only: no
# portmapper or MOUNT protocol to relay.
STALL_PORT=${STALL_PORT:-20490}

case_stall() {
	local ready=$NB_WORK/stall.ready spid
	rm -f "$ready" "$NB_WORK/stall.log"
	python3 "$HERE/../../lib/nfsstall.py" "$STALL_PORT" "$GANESHA_NFS_PORT" \
		filesystem.squashfs --ready "$ready" --log "$NB_WORK/stall.log" &
	spid=$!
	nb_cleanup_add "nb_kill_pid $spid nfsstall"
	nb_wait_file "$ready" 10 || nb_die "nfsstall did not start"
	e2e_case stall
	e2e_boot --nics dead,user \
		--append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export,port=$STALL_PORT,vers=4"
	e2e_ok "netboot mounts through the relay" e2e_wait '^netboot: mounted 10\.0\.2\.2:/export' 60
	e2e_ok "netboot gives up on the silent server within 60 s" \
		e2e_wait '^netboot: error: the NFS server stopped answering while reading' 60
	E2E_NOTE="stalled at the LOOKUP, refused at ${E2E_SEEN_S:-?} s"
	e2e_ok "panic message within 150 s" \
		e2e_wait "Rebooting automatically due to panic=|^\\(initramfs\\)" 150
	e2e_ok "qemu gone (no hang) 15 s after the panic message" qemu_wait_exit 15
	e2e_ok "the relay went silent at the LOOKUP (the stall was tested)" test -s "$NB_WORK/stall.log"
	e2e_expect "netboot's panic line" '^netboot: unable to netboot'
	e2e_refuse "no live root" '^NETBOOT-E2E: live system reached'
	e2e_grep "$E2E_LOG" '^netboot|Rebooting'
	nb_kill_pid "$spid" nfsstall
	e2e_case_end
}

main() {
	local c
	local -a cases=("$@")
	[[ ${#cases[@]} -gt 0 ]] || cases=(fifo console diskfifo stall)
	e2e_setup
	e2e_export "$NB_WORK/fifo" good
	rm -f "$NB_WORK/fifo/live/filesystem.squashfs"
	mkfifo "$NB_WORK/fifo/live/filesystem.squashfs"
	e2e_export "$NB_WORK/console" good
	ln -sf /dev/console "$NB_WORK/console/live/filesystem.squashfs"
	e2e_export "$NB_WORK/diskfifo" good
	mkdir -p "$NB_WORK/diskfifo/.disk"
	rm -f "$NB_WORK/diskfifo/.disk/info"
	mkfifo "$NB_WORK/diskfifo/.disk/info"
	ganesha_export_add "$NB_WORK/fifo" /fifo
	ganesha_export_add "$NB_WORK/console" /console
	ganesha_export_add "$NB_WORK/diskfifo" /diskfifo
	e2e_export "$NB_WORK/export" good
	ganesha_export_add "$NB_WORK/export" /export
	ganesha_start
	for c in "${cases[@]}"; do
		"case_$c"
	done
	e2e_scenario_end
}

main "$@"
