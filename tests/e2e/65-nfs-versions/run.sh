#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/65-nfs-versions/run.sh - which NFS version netboot mounts with
# (issue 10): it asks the server's portmapper first; a server that lists
# NFS 3 over TCP and MOUNT 3 is mounted with NFS 3 (the ports given);
# otherwise, or when that v3 mount fails, netboot tries 4.2, 4.1, 4.0 and
# 3 in that order.  The report names the options the kernel settled on
# ("phase mount: NFS 3 (ro,...,vers=3,...,sec=sys,...)").
#   v4only:    ganesha with Protocols = 4 (no NFSv3, no MOUNT protocol) ->
#              NFS 4.2, sec=sys, the live root is reached; booted with
#              netboot.loop-dio=on: init-bottom's tune says the loop
#              device reads with direct I/O (read back from sysfs).
#   v3only:    ganesha with Protocols = 3 (NFSv4 refused) -> NFS 3 (nolock,
#              sec=sys, port= and mountport= from the portmapper).
#   both:      Protocols = 3, 4 (what every other scenario serves) -> NFS 3
#              straight away (no v4 attempt), the live root's copy of the
#              report has the options line; tune's default (auto) leaves
#              direct I/O off for the 1 MB image and says why.
#   v3refused: the server speaks 3 and 4 (the portmapper lists NFS 3 and
#              MOUNT), but the export allows only 4: the v3 mount is
#              refused, said once, and netboot goes on to NFS 4.2.
# Each case notes the mount time from netboot's log ("after N ms").
# ganesha.sh writes "Protocols = 3, 4;" (core and export blocks); this
# scenario rewrites them in the generated config (ganesha_write_conf
# wrapped, tests/lib/ganesha.sh untouched), and keeps MNT_Port as it was.
# Usage: run.sh [CASE...]

set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

PROTOCOLS="3, 4"
EXPORT_PROTOCOLS=
MNT_PORT=$GANESHA_MNT_PORT
eval "ganesha_write_conf_all_$(declare -f ganesha_write_conf)"
ganesha_write_conf() {
	ganesha_write_conf_all_ganesha_write_conf "$@"
	sed -i -e "s/Protocols = 3, 4;/Protocols = $PROTOCOLS;/" \
		-e "s/MNT_Port = [0-9]*;/MNT_Port = $MNT_PORT;/" "$1"
	if [[ -n "$EXPORT_PROTOCOLS" ]]; then
		sed -i "/^EXPORT {/,/^}/ s/Protocols = [0-9, ]*;/Protocols = $EXPORT_PROTOCOLS;/" "$1"
	fi
}

# serve PROTOCOLS - (re)start ganesha speaking only PROTOCOLS.  Without
# v3 ganesha opens no MOUNT port, which ganesha_start waits for: it is
# told to wait for the NFS port twice instead.
serve() {
	ganesha_stop
	PROTOCOLS=$1
	if [[ $PROTOCOLS == 4 ]]; then
		GANESHA_MNT_PORT=$GANESHA_NFS_PORT ganesha_start
	else
		ganesha_start
	fi
	grep -q "Protocols = $PROTOCOLS;" "$GANESHA_CONF" || nb_die "ganesha.conf lacks Protocols = $PROTOCOLS"
}

# boot_with NAME PROTOCOLS VERS [WORDS] - serve PROTOCOLS, boot with the
# default nfsroot= (and WORDS), expect NFS VERS with those options, and
# the live root.
boot_with() {
	local name=$1 protocols=$2 vers=$3 extra=${4:-} ms kern
	e2e_case "$name"
	serve "$protocols"
	e2e_boot --nics user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export${extra:+ $extra}"
	e2e_ok "live root reached" e2e_wait "^NETBOOT-E2E: live system reached" 150
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	ms=$(tr -d '\r' <"$E2E_LOG" | sed -n 's/^netboot: mounted .* after \([0-9]*\) ms$/\1/p' | head -n 1)
	E2E_NOTE="Protocols = $protocols: NFS $vers in ${ms:-?} ms, live root at ${E2E_SEEN_S:-?} s"
	kern=${vers%%.*}
	[[ $kern == 4 ]] && kern=nfs4 || kern=nfs
	e2e_expect "netboot mounted with NFS $vers" \
		"^netboot: mounted 10\\.0\\.2\\.2:/export .*\\(NFS ${vers//./\\.},"
	e2e_expect "the report line names the kernel's options (vers=$vers, sec=sys)" \
		"^netboot: phase mount: NFS ${vers//./\\.} \\(ro,nosuid,nodev,.*vers=${vers//./\\.},.*sec=sys"
	e2e_expect "the live root sees the $kern mount" \
		"^10\\.0\\.2\\.2:/export /run/netboot/nfs $kern ro,nosuid,nodev,.*vers=${vers//./\\.}"
	e2e_ok "the live root's copy of the report has the options line" \
		e2e_report_has "phase mount: NFS ${vers//./\\.} \\(ro,.*vers=${vers//./\\.},"
	e2e_expect_live_checks
	case $name in
	both | v3only)
		e2e_expect "NFS 3 with the portmapper's ports" \
			"^netboot: phase mount: NFS 3 \\(.*,port=2049,.*mountport=$MNT_PORT,mountproto=tcp"
		e2e_refuse "no v4 attempt first" "^netboot: mount .*NFS 4" ;;&
	both)
		e2e_ok "tune (auto): direct I/O left off for a small image, and why" \
			e2e_report_has "\\] tune: loop0 \\(/run/live/medium/live/filesystem\\.squashfs\\): direct I/O left off \\(auto: the image, [0-9]+ KiB, is at most half of the RAM, [0-9]+ MiB; netboot\\.loop-dio=on turns it on\\)$" ;;
	v4only)
		e2e_refuse "no v3 attempt first" "^netboot: mount .*NFS 3"
		e2e_ok "tune: netboot.loop-dio=on turns the loop device's direct I/O on" \
			e2e_report_has "\\] tune: loop0 \\(/run/live/medium/live/filesystem\\.squashfs\\): direct I/O on \\(netboot\\.loop-dio=on\\)$" ;;
	v3refused)
		e2e_expect "the refused v3 mount is said, then NFS 4" \
			"^netboot: mount 10\\.0\\.2\\.2:/export \\(NFS 3, listed by the server's portmapper\\): .*; trying NFS 4" ;;
	esac
	e2e_grep "$E2E_LOG" '^netboot: (mounted|phase mount|NFS |mount )|netboot: tune: loop'
	e2e_case_end
}

case_v4only() {
	boot_with v4only 4 4.2 netboot.loop-dio=on
}

case_v3only() {
	boot_with v3only 3 3
}

case_both() {
	boot_with both "3, 4" 3
}

case_v3refused() {
	EXPORT_PROTOCOLS=4
	boot_with v3refused "3, 4" 4.2
	EXPORT_PROTOCOLS=
}

main() {
	local c
	local -a cases=("$@")
	[[ ${#cases[@]} -gt 0 ]] || cases=(v4only v3only both v3refused)
	e2e_setup
	e2e_export "$NB_WORK/export" good
	ganesha_export_add "$NB_WORK/export" /export
	for c in "${cases[@]}"; do
		"case_$c"
	done
	ganesha_stop
	e2e_scenario_end
}

main "$@"
