#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/66-nfs-probe/run.sh - a portmapper that lies, or a MOUNT port
# that never answers, must not stop an NFS 4 boot (issue 10).  netboot
# asks the server's portmapper for NFS 3 and MOUNT 3 before it mounts;
# when both are listed it tries NFS 3 first, at most 3 s, then the usual
# order 4.2 .. 3.  Here ganesha serves 3 and 4 as everywhere, but once it
# has registered, rpcbind is stopped and a fake portmapper answers on UDP
# 127.0.0.1:111 instead (tests/e2e/66-nfs-probe/pmap.py):
#   silent:  MOUNT 3 is listed at a port whose listener accepts and never
#            answers (a firewall that drops mountd behaves alike): the v3
#            try ends after 3 s, said, then NFS 4.2, live root reached.
#   refused: MOUNT 3 is listed at a port nobody listens on: the v3 try
#            fails at once, said, then NFS 4.2.
#   garbage: every reply is malformed (short, wrong id, port > 65535, a
#            call): ignored, the 200 ms wait ends, NFS 4.2 first, no v3
#            try at all.
# The scenario runs in private network and mount namespaces (its own
# loopback, rpcbind, ganesha and fake portmapper; /run a private tmpfs),
# so port 111 of the host is never touched; everything goes away with the
# processes, which are stopped by PID.
# Usage: run.sh [CASE...]

set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ -z "${E2E_PROBE_IN_NS:-}" ]]; then
	export E2E_PROBE_IN_NS=1 GANESHA_LOCKFILE=/tmp/netboot-e2e-probe-ganesha.lock
	exec unshare --mount --net --propagation private bash "$0" "$@"
fi
ip link set lo up
# ganesha resolves 127.0.0.1 with AI_ADDRCONFIG: an address beyond lo
ip link add nbp0 type veth peer name nbp1
ip addr add 192.0.2.1/24 dev nbp0
ip link set nbp0 up
ip link set nbp1 up
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/lock /run/ganesha /run/rpcbind

# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

SILENT_PORT=20049
PMAP_PID=

pmap_stop() {
	[[ -n "$PMAP_PID" ]] || return 0
	nb_kill_pid "$PMAP_PID" "fake portmapper"
	PMAP_PID=
}

# pmap MODE - the fake portmapper (and, for silent, the silent MOUNT
# listener) in place of rpcbind.
pmap() {
	pmap_stop
	python3 "$HERE/pmap.py" "$1" "$SILENT_PORT" >"$NB_WORK/pmap-$1.log" 2>&1 &
	PMAP_PID=$!
	local i
	for (( i = 0; i < 50; i++ )); do
		grep -q '^ready' "$NB_WORK/pmap-$1.log" 2>/dev/null && return 0
		kill -0 "$PMAP_PID" 2>/dev/null || break
		sleep 0.1
	done
	nb_die "fake portmapper ($1) did not start: $(cat "$NB_WORK/pmap-$1.log")"
}

# boot_case NAME EXPECT... - boot with the fake portmapper in mode NAME;
# NFS 4.2 and the live root expected, plus each EXPECT regex.
boot_case() {
	local name=$1 ms
	shift
	e2e_case "$name"
	pmap "$name"
	e2e_boot --nics user --append "$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export"
	e2e_ok "live root reached" e2e_wait "^NETBOOT-E2E: live system reached" 150
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	ms=$(tr -d '\r' <"$E2E_LOG" | sed -n 's/^netboot: mounted .* after \([0-9]*\) ms$/\1/p' | head -n 1)
	E2E_NOTE="fake portmapper '$name': NFS 4.2 in ${ms:-?} ms, live root at ${E2E_SEEN_S:-?} s"
	e2e_expect "netboot mounted with NFS 4.2" \
		'^netboot: mounted 10\.0\.2\.2:/export .*\(NFS 4\.2,'
	while [[ $# -gt 0 ]]; do
		e2e_expect "$1" "$2"
		shift 2
	done
	e2e_expect_live_checks
	e2e_grep "$E2E_LOG" '^netboot: (mounted|phase mount|NFS |mount )'
	qemu_stop 2>/dev/null || true
	e2e_case_end
}

case_silent() {
	boot_case silent \
		"the silent MOUNT port ends the v3 try after 3 s" \
		"^netboot: mount 10\\.0\\.2\\.2:/export \\(NFS 3, listed by the server's portmapper\\): no answer in 3 s; trying NFS 4"
}

case_refused() {
	boot_case refused \
		"the refused v3 try is said, then NFS 4" \
		"^netboot: mount 10\\.0\\.2\\.2:/export \\(NFS 3, listed by the server's portmapper\\): .*; trying NFS 4"
}

case_garbage() {
	boot_case garbage
	e2e_refuse "no v3 try: the malformed replies were ignored" "^netboot: mount .*NFS 3"
}

main() {
	local c
	local -a cases=("$@")
	[[ ${#cases[@]} -gt 0 ]] || cases=(silent refused garbage)
	e2e_setup
	e2e_export "$NB_WORK/export" good
	ganesha_export_add "$NB_WORK/export" /export
	ganesha_start
	# ganesha has registered: the fake portmapper takes port 111 over
	ganesha_rpcbind_stop
	nb_cleanup_add pmap_stop
	for c in "${cases[@]}"; do
		"case_$c"
	done
	pmap_stop
	ganesha_stop
	e2e_scenario_end
}

main "$@"
