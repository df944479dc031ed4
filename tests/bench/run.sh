#!/bin/bash
# tests/bench/run.sh - run the benchmarks (`make bench`; never part of
# `make check`).
#
# Usage: run.sh [NAME...]   NAME = a tests/bench/NAME.sh (default: every
#                           tests/bench/*.sh but this one, in name order)
# Env:   BENCH_ONLY="net size"  the same list, for `make bench BENCH_ONLY=..`
# Each benchmark prints its own report; run.sh adds a "=== NAME" header and
# a closing "bench: N ran, N failed" (failed = the script itself failed,
# never a figure missing its goal).  Exit 1 when any script failed.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

main() {
	local names=() f name failed=() ran=0 t0 start=$SECONDS
	if (( $# )); then
		names=("$@")
	elif [[ -n "${BENCH_ONLY:-}" ]]; then
		read -r -a names <<<"$BENCH_ONLY"
	else
		for f in "$HERE"/*.sh; do
			name=${f##*/}
			name=${name%.sh}
			[[ "$name" == run ]] || names+=("$name")
		done
	fi
	for name in "${names[@]}"; do
		f=$HERE/${name%.sh}.sh
		t0=$SECONDS
		echo "=== bench $name"
		if [[ ! -f "$f" || "${f##*/}" == run.sh ]]; then
			echo "=== bench $name: no such benchmark ($f)"
			failed+=("$name")
			continue
		fi
		ran=$(( ran + 1 ))
		if bash "$f"; then
			echo "=== bench $name: done ($(( SECONDS - t0 )) s)"
		else
			failed+=("$name")
			echo "=== bench $name: FAILED ($(( SECONDS - t0 )) s)"
		fi
	done
	echo "bench: $ran ran, ${#failed[@]} failed${failed[*]:+ (${failed[*]})} ($(( SECONDS - start )) s)"
	(( ${#failed[@]} == 0 ))
}

main "$@"
