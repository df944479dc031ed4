#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/50-nfs-faults/run.sh - the NFS server misbehaving at boot, and
# exports that are not quite right, with the real live-boot initrd.
#   down30:  rpcbind + ganesha are down for 30 s after netboot's first
#            mount attempt -> netboot retries with backoff, the live root
#            is reached (budget 180 s).
#   restart: ganesha stops right after netboot's mount and comes back 5 s
#            later, while live-boot loop-mounts the squashfs over NFS ->
#            the hard mount recovers, the live root is reached.
#   nodisk:  the export has no .disk/ (the wiki's "cp -a *" mistake) ->
#            netboot says so, hands live-boot a read-only overlay with a
#            .disk/info, the live root is reached.
#   v3:      nfsopts=vers=3 -> the transport mount is NFSv3 (nolock) and
#            the live root is reached.
#   replaced: live/filesystem.squashfs is replaced on the server (a new
#            file renamed over it, as an image update does) right after
#            netboot checked it -> live-boot opens the new one, the live
#            root is reached.
#   down90:  (E2E_SLOW=1 only) down for 90 s -> still reached.
# Usage: run.sh [CASE...]

set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

server_up() {
	[[ -z "$GANESHA_PID" ]] || return 0
	ganesha_start
}

# down_for SECS CASE - the server is down when the guest first tries.
down_for() {
	local secs=$1 t_try t_up
	e2e_case "$2"
	ganesha_stop
	e2e_boot --nics dead,user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export"
	if e2e_wait '^netboot: NFS export ' 90; then
		t_try=$E2E_SEEN_S
		sleep "$secs"
		server_up
		t_up=$(nb_elapsed "$QEMU_T0")
		nb_log "server up at $t_up s (first mount attempt at $t_try s)"
	fi
	e2e_ok "live root reached within the budget" \
		e2e_wait "^NETBOOT-E2E: live system reached" $((secs + 150))
	E2E_NOTE="down ${secs} s, live root at ${E2E_SEEN_S:-?} s"
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	e2e_expect "netboot said it would retry" '^netboot: mount 10\.0\.2\.2:/export .*retry'
	e2e_expect "netboot mounted once the server was back" '^netboot: mounted 10\.0\.2\.2:/export'
	e2e_expect_live_checks
	e2e_case_end
}

case_down30() {
	down_for 30 down30
}

case_down90() {
	down_for 90 down90
}

case_restart() {
	e2e_case restart
	server_up
	e2e_boot --nics dead,user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export"
	if e2e_wait '^netboot: mounted 10\.0\.2\.2:/export' 90; then
		ganesha_stop
		sleep 5
		server_up
	fi
	e2e_ok "live root reached" e2e_wait "^NETBOOT-E2E: live system reached" 150
	E2E_NOTE="server restarted after the mount, live root at ${E2E_SEEN_S:-?} s"
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	e2e_expect_live_checks
	e2e_case_end
}

case_nodisk() {
	e2e_case nodisk
	server_up
	e2e_boot --nics dead,user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/nodisk"
	e2e_ok "live root reached" e2e_wait "^NETBOOT-E2E: live system reached" 120
	E2E_NOTE="live root at ${E2E_SEEN_S:-?} s"
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	e2e_expect "netboot names the missing .disk/info" \
		'^netboot: warning: the export has no \.disk/info'
	e2e_expect "live-boot got netboot's overlay with .disk/info" \
		'^overlay /run/live/medium overlay ro'
	e2e_refuse "no disc-name prompt" '^Please provide a name for this Disc'
	e2e_expect_live_checks
	e2e_case_end
}

case_v3() {
	e2e_case v3
	server_up
	e2e_boot --nics dead,user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export nfsopts=vers=3"
	e2e_ok "live root reached" e2e_wait "^NETBOOT-E2E: live system reached" 120
	E2E_NOTE="live root at ${E2E_SEEN_S:-?} s"
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	e2e_expect "netboot mounted with NFS 3" '^netboot: mounted 10\.0\.2\.2:/export .*\(NFS 3,'
	e2e_expect "the live root sees an NFSv3 ro,nosuid,nodev mount" \
		'^10\.0\.2\.2:/export /run/netboot/nfs nfs ro,nosuid,nodev,.*vers=3'
	e2e_expect_live_checks
	e2e_case_end
}

case_replaced() {
	local img=$NB_WORK/replaced/live/filesystem.squashfs
	e2e_case replaced
	server_up
	e2e_boot --nics dead,user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/replaced"
	if e2e_wait '^netboot: live image live/filesystem\.squashfs' 90; then
		cp "$img" "$img.new"
		mv "$img.new" "$img"
		nb_log "replaced $img at $(nb_elapsed "$QEMU_T0") s"
	fi
	e2e_ok "live root reached" e2e_wait "^NETBOOT-E2E: live system reached" 120
	E2E_NOTE="image replaced after netboot's check, live root at ${E2E_SEEN_S:-?} s"
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	e2e_expect_live_checks
	e2e_case_end
}

main() {
	local c
	local -a cases=("$@")
	if [[ ${#cases[@]} -eq 0 ]]; then
		cases=(down30 restart nodisk v3 replaced)
		[[ -z "${E2E_SLOW:-}" ]] || cases+=(down90)
	fi
	e2e_setup
	e2e_export "$NB_WORK/export" good
	e2e_export "$NB_WORK/nodisk" good
	rm -rf "$NB_WORK/nodisk/.disk"
	e2e_export "$NB_WORK/replaced" good
	ganesha_export_add "$NB_WORK/export" /export
	ganesha_export_add "$NB_WORK/nodisk" /nodisk
	ganesha_export_add "$NB_WORK/replaced" /replaced
	# the down cases need the port: take the host-wide NFS lock now
	ganesha_lock
	for c in "${cases[@]}"; do
		"case_$c"
	done
	e2e_scenario_end
}

main "$@"
