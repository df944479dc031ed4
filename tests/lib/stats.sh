#!/bin/bash
# tests/lib/stats.sh - the benchmarks' one summary of a list of figures.

# bench_stats "V V..." - "n median q1 q3 min max" (quartiles by linear
# interpolation between order statistics; the median of an even count is
# the mean of the middle two); nothing for an empty list.
bench_stats() {
	[[ -n "${1// /}" ]] || return 0
	tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '
		function q(p,   h, i) {
			h = (NR - 1) * p + 1; i = int(h)
			return i >= NR ? v[NR] : v[i] + (h - i) * (v[i + 1] - v[i])
		}
		{ v[NR] = $1 }
		END { printf "%d %.2f %.2f %.2f %.2f %.2f\n", NR, q(0.5), q(0.25), q(0.75), v[1], v[NR] }'
}
