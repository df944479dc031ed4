#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/lib/common.sh - shared helpers for the host-side test libraries.
#
# Gives the repo root and build dir, logging, a monotonic clock, a TCP port
# probe, and one EXIT trap that runs every registered cleanup (the other
# libraries register their "stop" functions here, so a failing script still
# kills every process it started, by PID).  Sourcing it twice is harmless.
# Leaves everything else (what to start, what to assert) to the caller.

set -euo pipefail

if [[ -z "${NB_COMMON_LOADED:-}" ]]; then
NB_COMMON_LOADED=1

NB_ROOT=${NB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
NB_BUILD=${NB_BUILD:-$NB_ROOT/build}
NB_CLEANUPS=()

# nb_log MSG... - timestamped progress line on stderr.
nb_log() {
	printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

# nb_die MSG... - print and exit 1 (the EXIT trap still cleans up).
nb_die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# nb_now_ms - milliseconds of a monotonic-enough clock, for elapsed times.
nb_now_ms() {
	local s ns
	read -r s ns < <(date +'%s %N')
	echo $(( s * 1000 + 10#$ns / 1000000 ))
}

# nb_elapsed START_MS - prints seconds since START_MS as "12.3".
nb_elapsed() {
	local d=$(( $(nb_now_ms) - $1 ))
	printf '%d.%d' $(( d / 1000 )) $(( (d % 1000) / 100 ))
}

# nb_port_open HOST PORT - true when a TCP connect succeeds.
nb_port_open() {
	(exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# nb_wait_port HOST PORT TIMEOUT_S - wait until a TCP connect succeeds.
nb_wait_port() {
	local host=$1 port=$2 t=$3 i
	for (( i = 0; i < t * 10; i++ )); do
		nb_port_open "$host" "$port" && return 0
		sleep 0.1
	done
	return 1
}

# nb_wait_file FILE TIMEOUT_S - wait until FILE exists (a helper's --ready).
nb_wait_file() {
	local f=$1 t=$2 i
	for (( i = 0; i < t * 10; i++ )); do
		[[ -e "$f" ]] && return 0
		sleep 0.1
	done
	return 1
}

# nb_kill_pid PID [NAME] - TERM, wait up to 5 s, then KILL; never by name.
nb_kill_pid() {
	local pid=$1 name=${2:-process} i
	[[ -n "$pid" ]] || return 0
	kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for (( i = 0; i < 50; i++ )); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		nb_log "$name ($pid) ignored TERM, killing"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

# nb_workdir - print (creating once) this run's scratch dir under build/tmp.
# It is removed at exit when the script succeeds, kept (and its path
# printed) when it fails, or always kept with NB_KEEP=1.  Call it once in
# the main shell (not in $(...)) before relying on NB_WORK.
nb_workdir() {
	if [[ -z "${NB_WORK:-}" ]]; then
		mkdir -p "$NB_BUILD/tmp"
		NB_WORK=$(mktemp -d "$NB_BUILD/tmp/run.XXXXXX")
		export NB_WORK
	fi
	echo "$NB_WORK"
}

# nb_cleanup_add CMD - run CMD (a function name plus words) at exit, LIFO.
nb_cleanup_add() {
	NB_CLEANUPS+=("$*")
}

nb_cleanup_run() {
	local rc=$? i
	trap - EXIT INT TERM
	for (( i = ${#NB_CLEANUPS[@]} - 1; i >= 0; i-- )); do
		eval "${NB_CLEANUPS[i]}" || true
	done
	NB_CLEANUPS=()
	if [[ -n "${NB_WORK:-}" && -d "$NB_WORK" ]]; then
		if [[ $rc -ne 0 || -n "${NB_KEEP:-}" ]]; then
			printf 'kept work dir: %s\n' "$NB_WORK" >&2
		else
			rm -rf "$NB_WORK"
		fi
	fi
	exit "$rc"
}

trap nb_cleanup_run EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fi
