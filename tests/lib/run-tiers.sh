#!/bin/bash
# run-tiers.sh - run each test tier (a make target) in turn, keep going
# after a failure, and close with one line over every test of every tier.
# Each tier's last "N passed, N failed" line is its total; a tier that
# fails without one counts as one failed test.
set -uo pipefail

main() {
	local tier failed=() passed=() start=$SECONDS t0 last p f
	local sum_p=0 sum_f=0
	OUT=$(mktemp)
	local out=$OUT
	trap 'rm -f "$OUT"' EXIT
	for tier in "$@"; do
		t0=$SECONDS
		echo "=== $tier"
		if make --no-print-directory "$tier" 2>&1 | tee "$out"; [[ ${PIPESTATUS[0]} -eq 0 ]]; then
			passed+=("$tier")
			echo "=== $tier: ok ($((SECONDS - t0)) s)"
		else
			failed+=("$tier")
			echo "=== $tier: FAILED ($((SECONDS - t0)) s)"
		fi
		last=$(grep -E '(^|: )[0-9]+ passed, [0-9]+ failed' "$out" | tail -n1)
		if [[ $last =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
			p=${BASH_REMATCH[1]}
			f=${BASH_REMATCH[2]}
			if [[ " ${failed[*]} " == *" $tier "* && $f -eq 0 ]]; then
				f=1
			fi
		else
			p=0
			f=0
			[[ " ${failed[*]} " == *" $tier "* ]] && f=1
		fi
		sum_p=$((sum_p + p))
		sum_f=$((sum_f + f))
	done
	echo
	echo "tiers passed: ${passed[*]:-none}"
	echo "tiers failed: ${failed[*]:-none}"
	echo "($((SECONDS - start)) s)"
	echo "check: $sum_p passed, $sum_f failed"
	[[ ${#failed[@]} -eq 0 ]]
}

main "$@"
