#!/bin/bash
# run-fuzz.sh TARGET SECONDS - one `make fuzz` run: build/fuzz/fuzz-TARGET
# (clang, libFuzzer, ASan + UBSan) for SECONDS over the seeds and the
# regressions.  New corpus entries go to build/fuzz-corpus/TARGET (never
# the repository); a crash, leak, timeout or violated property is
# minimised into tests/fuzz/regressions/TARGET/.  The log is
# build/fuzz/log/TARGET.log; the last line printed is
# "fuzz-TARGET: execs N, cov N, ft N, corpus N, crashes N".
# FUZZ_EXECS=N stops each run after N executions instead (SECONDS then
# only caps the wall time); the issue's long runs use 10000000.
set -uo pipefail

main() {
	local t=$1 secs=$2 bin log corpus arts reg dict=() seeds=() a out crashes=0
	local runs=()
	bin=build/fuzz/fuzz-$t
	log=build/fuzz/log/$t.log
	corpus=build/fuzz-corpus/$t
	arts=build/fuzz/artifacts/$t
	reg=tests/fuzz/regressions/$t
	mkdir -p "$corpus" "$arts" "$(dirname "$log")"
	[ -f "tests/fuzz/fuzz-$t.dict" ] && dict=(-dict="tests/fuzz/fuzz-$t.dict")
	[ -n "${FUZZ_EXECS:-}" ] && runs=(-runs="$FUZZ_EXECS")
	seeds=("tests/fuzz/corpus/$t")
	[ -d "$reg" ] && seeds+=("$reg")

	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$arts/" "${runs[@]}" "${dict[@]}" \
		"$corpus" "${seeds[@]}" >"$log" 2>&1

	for a in "$arts"/crash-* "$arts"/leak-* "$arts"/timeout-* "$arts"/oom-*; do
		[ -f "$a" ] || continue
		crashes=$((crashes + 1))
		mkdir -p "$reg"
		out=$reg/$(basename "$a")
		"$bin" -minimize_crash=1 -max_total_time=60 -runs=100000 \
			-exact_artifact_path="$out" "$a" >"$log.min" 2>&1
		[ -s "$out" ] || cp "$a" "$out"
		# keep the stack of the minimised input for the report
		"$bin" -runs=1 "$out" >"$out.log" 2>&1
		echo "fuzz-$t: CRASH: $out (stack: $out.log)"
		# reported once: seen/ is out of the globs above, so the next run
		# does not take it for a new crash
		mkdir -p "$arts/seen"
		mv "$a" "$arts/seen/"
	done

	local last execs cov ft corp
	last=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
	corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
	echo "fuzz-$t: execs ${execs:-?}, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, crashes $crashes"
	[ "$crashes" -eq 0 ]
}

main "$@"
