#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/server/run.sh - the server tier (make check-server): netboot-server
# end to end, in network namespaces only.
#   golden.sh      every generated file, from --dry-run, vs golden/*.expected
#   bad-input.sh   every refusal: its message, exit 100, nothing changed
#   e2e/*.sh       a stand-in LAN (site router dnsmasq, the server, a qemu
#                  PXE client on a tap): BIOS and UEFI, proxy and full DHCP,
#                  Secure Boot, iPXE, Ctrl+C, crash recovery
# The e2e cases run two at a time (SERVER_JOBS), each in its own
# namespaces; their output goes to build/server/logs/CASE.log, printed when
# a case fails.  Last line: "server: N passed, N failed".
# Usage: run.sh [CASE...]  (golden, bad-input, or e2e case names)
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LOGS=$ROOT/build/server/logs
JOBS=${SERVER_JOBS:-2}
PASS=0
FAIL=0
declare -A RUNNING=()

# tally LOG - add the script's closing "N passed, N failed" line.
tally() {
	local log=$1 rc=$2 name=$3 line
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
	if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
		PASS=$((PASS + BASH_REMATCH[1]))
		FAIL=$((FAIL + BASH_REMATCH[2]))
		[[ $rc -eq 0 || ${BASH_REMATCH[2]} -ne 0 ]] || FAIL=$((FAIL + 1))
	else
		FAIL=$((FAIL + 1))
		line="$name: no result (exit $rc)"
	fi
	echo "=== $line"
	if [[ $rc -ne 0 ]]; then
		echo "---- $log (last 100 lines)"
		tail -n 100 "$log"
	fi
}

stop_all() {
	local pid
	for pid in "${!RUNNING[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
}

main() {
	local -a names=() e2e=()
	local n pid rc t0=$SECONDS
	trap stop_all EXIT
	mkdir -p "$LOGS"
	if [[ $# -gt 0 ]]; then
		names=("$@")
	else
		names=(golden bad-input)
		for n in "$HERE"/e2e/*.sh; do names+=("$(basename "$n" .sh)"); done
	fi
	for n in "${names[@]}"; do
		case $n in
		golden|bad-input)
			echo "=== $n"
			rc=0
			"$HERE/$n.sh" >"$LOGS/$n.log" 2>&1 || rc=$?
			grep -E '^(ok|FAIL) ' "$LOGS/$n.log" | grep '^FAIL' || true
			tally "$LOGS/$n.log" "$rc" "$n"
			;;
		*) e2e+=("$n") ;;
		esac
	done
	# the kernel and the stock initrd the cases' ISOs carry, built once
	if [[ ${#e2e[@]} -gt 0 ]]; then
		echo "=== kernel and stock initrd (cached)"
		bash -c 'source "$1/tests/e2e/lib.sh"; nb_workdir >/dev/null; e2e_initrds' prep "$ROOT" \
			>"$LOGS/prepare.log" 2>&1 || { echo "prepare failed:"; tail -n 30 "$LOGS/prepare.log"; }
	fi
	# e2e cases, JOBS at a time; a case script stops its own processes
	for n in "${e2e[@]}"; do
		[[ -x $HERE/e2e/$n.sh ]] || { echo "no case $n"; FAIL=$((FAIL + 1)); continue; }
		while [[ ${#RUNNING[@]} -ge $JOBS ]]; do
			wait -n -p pid 2>/dev/null
			rc=$?
			[[ -n ${pid:-} && -n ${RUNNING[$pid]:-} ]] || continue
			tally "$LOGS/${RUNNING[$pid]}.log" "$rc" "${RUNNING[$pid]}"
			unset "RUNNING[$pid]"
		done
		echo "=== $n (e2e)"
		"$HERE/e2e/$n.sh" >"$LOGS/$n.log" 2>&1 &
		RUNNING[$!]=$n
	done
	while [[ ${#RUNNING[@]} -gt 0 ]]; do
		wait -n -p pid 2>/dev/null
		rc=$?
		[[ -n ${pid:-} && -n ${RUNNING[$pid]:-} ]] || continue
		tally "$LOGS/${RUNNING[$pid]}.log" "$rc" "${RUNNING[$pid]}"
		unset "RUNNING[$pid]"
	done
	echo "server: $PASS passed, $FAIL failed ($((SECONDS - t0)) s)"
	[[ $FAIL -eq 0 ]]
}

main "$@"
