#!/bin/bash
# run-unit.sh - run each cmocka unit-test binary given as an argument and
# print one summary line: "unit: N passed, N failed".
set -uo pipefail

main() {
	local bin passed=0 failed=0 out n_ok n_fail
	for bin in "$@"; do
		out=$("$bin" 2>&1)
		local rc=$?
		printf '%s\n' "$out"
		n_ok=$(printf '%s\n' "$out" | sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
		n_fail=$(printf '%s\n' "$out" | sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
		passed=$((passed + ${n_ok:-0}))
		failed=$((failed + ${n_fail:-0}))
		if [ "$rc" -ne 0 ] && [ -z "$n_fail" ]; then
			echo "unit: $bin exited $rc without a cmocka summary" >&2
			failed=$((failed + 1))
		fi
	done
	echo "unit: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

main "$@"
