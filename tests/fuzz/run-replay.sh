#!/bin/bash
# run-replay.sh - the check-fuzz tier: replay every seed
# (tests/fuzz/corpus/T) and every regression (tests/fuzz/regressions/T)
# through each target's replay binary (build/host/fuzz/fuzz-T: ASan +
# UBSan, no libFuzzer), one child process per input.  Closing line
# "fuzz: N passed, N failed" counts inputs; a target with no input at all
# counts as one failure.
set -uo pipefail

main() {
	local t bin out line p f passed=0 failed=0
	for t in "$@"; do
		bin=build/host/fuzz/fuzz-$t
		out=$("$bin" -q "tests/fuzz/corpus/$t" "tests/fuzz/regressions/$t" 2>&1)
		printf '%s\n' "$out" | grep -v "^fuzz-$t: " | sed "s/^/  /"
		line=$(printf '%s\n' "$out" | grep "^fuzz-$t: " | tail -1)
		p=$(sed -n 's/.*: \([0-9]*\) passed, .*/\1/p' <<<"$line")
		f=$(sed -n 's/.* passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
		if [ -z "$p" ] || [ -z "$f" ]; then
			echo "fuzz-$t: no summary from $bin"
			failed=$((failed + 1))
			continue
		fi
		echo "$line"
		if [ "$((p + f))" -eq 0 ]; then
			echo "fuzz-$t: no inputs"
			f=1
		fi
		passed=$((passed + p))
		failed=$((failed + f))
	done
	echo "fuzz: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

main "$@"
