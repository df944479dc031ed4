#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/run.sh - the e2e tier: every tests/e2e/NN-name/run.sh with
# NN >= 10 (00-infra-smoke proves the harness only and runs on its own).
#
# Builds the kernel cache and both mkinitramfs initrds once up front, then
# runs the scenarios one after another (each starts and stops its own
# ganesha and guests, by PID, from its EXIT trap; this script stops a
# scenario that overruns E2E_SCENARIO_TIMEOUT, or all on ^C, by PID too).
# A scenario's case lines ("e2e-case: ...") and bench lines go to stdout;
# its details go to build/e2e/logs/NN-name.log, printed when it fails.
# Ends with "e2e: N passed, N failed" over the cases; exit 1 on a failure.
#
# Usage: run.sh [NN-name...]   Env: E2E_SCENARIO_TIMEOUT (400 s).

set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"

E2E_SCENARIO_TIMEOUT=${E2E_SCENARIO_TIMEOUT:-400}
CHILD=

child_stop() {
	[[ -n "$CHILD" ]] || return 0
	nb_kill_pid "$CHILD" "scenario"
	CHILD=
}

# run_scenario DIR LOG OUT - run DIR/run.sh, stdout to OUT (and ours),
# stderr to LOG; stop it after E2E_SCENARIO_TIMEOUT.  Returns its status.
run_scenario() {
	local dir=$1 log=$2 out=$3 i rc
	# each scenario makes its own work dir
	env -u NB_WORK "$dir/run.sh" > >(tee "$out") 2>"$log" &
	CHILD=$!
	for (( i = 0; i < E2E_SCENARIO_TIMEOUT * 5; i++ )); do
		kill -0 "$CHILD" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$CHILD" 2>/dev/null; then
		echo "e2e: $(basename "$dir") overran ${E2E_SCENARIO_TIMEOUT} s; stopping it" >&2
		child_stop
		return 124
	fi
	rc=0
	wait "$CHILD" || rc=$?
	CHILD=
	return "$rc"
}

main() {
	local dir name rc pass=0 fail=0 p f t0 ts logs
	local -a dirs=()
	t0=$(nb_now_ms)
	nb_cleanup_add child_stop
	if [[ $# -gt 0 ]]; then
		for name in "$@"; do dirs+=("$HERE/$name"); done
	else
		for dir in "$HERE"/[1-9][0-9]-*/; do dirs+=("${dir%/}"); done
	fi
	logs=$E2E_DIR/logs
	mkdir -p "$logs"
	kernel_fetch
	e2e_initrds
	export E2E_PREBUILT=1
	echo "e2e: kernel $KVER; initrds $(basename "$E2E_INITRD") (netboot)," \
		"$(basename "$E2E_STOCK_INITRD") (stock); ready in $(nb_elapsed "$t0") s"
	for dir in "${dirs[@]}"; do
		name=$(basename "$dir")
		[[ -x "$dir/run.sh" ]] || nb_die "no $dir/run.sh"
		ts=$(nb_now_ms)
		echo "=== $name"
		rc=0
		run_scenario "$dir" "$logs/$name.log" "$logs/$name.out" || rc=$?
		p=$(grep -c '^e2e-case: .* PASS ' "$logs/$name.out" || true)
		f=$(grep -c '^e2e-case: .* FAIL ' "$logs/$name.out" || true)
		if [[ $rc -ne 0 && $f -eq 0 ]]; then
			echo "e2e-case: $name/(scenario) FAIL exit $rc"
			f=1
		fi
		pass=$(( pass + p ))
		fail=$(( fail + f ))
		echo "=== $name: $p passed, $f failed ($(nb_elapsed "$ts") s; log $logs/$name.log)"
		if [[ $f -ne 0 ]]; then
			echo "---- $logs/$name.log (last 80 lines)"
			tail -n 80 "$logs/$name.log"
		fi
	done
	echo "e2e: $pass passed, $fail failed ($(nb_elapsed "$t0") s)"
	[[ $fail -eq 0 ]]
}

main "$@"
