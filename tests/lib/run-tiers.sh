#!/bin/bash
# run-tiers.sh - run each test tier (a make target) in turn, keep going
# after a failure, and print one closing line for the whole run.
set -uo pipefail

main() {
	local tier failed=() passed=() start=$SECONDS t0
	for tier in "$@"; do
		t0=$SECONDS
		echo "=== $tier"
		if make --no-print-directory "$tier"; then
			passed+=("$tier")
			echo "=== $tier: ok ($((SECONDS - t0)) s)"
		else
			failed+=("$tier")
			echo "=== $tier: FAILED ($((SECONDS - t0)) s)"
		fi
	done
	echo
	echo "tiers passed: ${passed[*]:-none}"
	echo "tiers failed: ${failed[*]:-none}"
	echo "check: ${#passed[@]} passed, ${#failed[@]} failed ($((SECONDS - start)) s)"
	[ ${#failed[@]} -eq 0 ]
}

main "$@"
