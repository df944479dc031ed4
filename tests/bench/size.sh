#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/bench/size.sh - how big build/klibc/netboot is, and what to trim.
#
# Prints the stripped size of build/klibc/netboot against the goal (65536
# bytes), then links the same objects again, unstripped, into
# build/bench/netboot.unstripped (with a linker map, netboot.map) using the
# Makefile's own link recipe (`make -n -B build/klibc/netboot`, with only
# the output name changed and -Wl,-Map added), and prints
#   - the largest symbols (nm --size-sort; b/B = bss, no file bytes), and
#   - the bytes each input object brings (from the map: ours under
#     build/klibc/obj, klibc's as libc.a(member.o)), file bytes and bss.
# A report, never a failure on the figure.  Run `make` first.
# Env: BENCH_TOP=25 symbols, BENCH_TOP_OBJ=15 objects, GOAL=65536.

set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

PROD=build/klibc/netboot
OUT=build/bench/netboot.unstripped
MAP=build/bench/netboot.map
TOP=${BENCH_TOP:-25}
TOP_OBJ=${BENCH_TOP_OBJ:-15}
GOAL=${GOAL:-65536}
STRIP=${STRIP:-strip}

die() { echo "bench-size: $*" >&2; exit 1; }

[[ -f "$PROD" ]] || die "$PROD missing: run make first"

size=$(stat -c %s "$PROD")
if (( size <= GOAL )); then
	verdict="goal met, $(( GOAL - size )) bytes to spare"
else
	verdict="NOT met: $(( size - GOAL )) bytes over"
fi
echo "size bench: $PROD stripped: $size bytes (goal <= $GOAL): $verdict"
size "$PROD" | awk 'NR == 2 { printf "  text %s  data %s  bss %s (size(1), bytes)\n", $1, $2, $3 }'

# ---- the unstripped twin, linked by the Makefile's own recipe ------------
link=$(make --no-print-directory -n -B "$PROD" 2>/dev/null |
	grep -E -- "(^| )-o $PROD( |\$)" | tail -n 1) ||
	die "no link command for $PROD in \`make -n -B $PROD\`"
[[ "$link" != *"$OUT"* ]] || die "unexpected link command: $link"
link=${link/ -o $PROD / -o $OUT -Wl,-Map=$MAP }
mkdir -p build/bench
rm -f "$OUT" "$MAP"
bash -c "$link" || die "the link failed: $link"

# The twin stripped must be the product, or the objects are newer than it.
cp "$OUT" "$OUT.stripped"
"$STRIP" "$OUT.stripped"
twin=$(stat -c %s "$OUT.stripped")
rm -f "$OUT.stripped"
(( twin == size )) ||
	echo "  warning: this link strips to $twin bytes, not $size: run make (stale product)"

echo
echo "largest symbols in the file ($OUT, nm --size-sort; t=text r=rodata d=data):"
nm -S --size-sort -r --radix=d "$OUT" >build/bench/netboot.nm
awk -v n="$TOP" 'NF == 4 && $3 !~ /^[bB]$/ && n-- > 0 { printf "  %7d %s %s\n", $2, $3, $4 }' \
	build/bench/netboot.nm
awk 'NF == 4 && $3 ~ /^[bB]$/ { t += $2; if (n++ < 5) l = l sprintf(" %s %d,", $4, $2) }
	END { sub(/,$/, "", l); printf "  bss (no file bytes): %d in all; largest:%s\n", t, l }' \
	build/bench/netboot.nm

echo
echo "bytes per input object ($MAP; file = text+rodata+data, bss apart):"
awk '
	function hex(s,   i, c, v) {
		s = tolower(s)
		sub(/^0x/, "", s)
		v = 0
		for (i = 1; i <= length(s); i++) {
			c = index("0123456789abcdef", substr(s, i, 1))
			if (c == 0) return 0
			v = v * 16 + c - 1
		}
		return v
	}
	function short(f) {
		if (!sub(/^.*\/obj\//, "", f))
			sub(/^.*\//, "", f)
		return f
	}
	function add(sec, sz, f) {
		if (f == "" || sz == 0) return
		f = short(f)
		if (sec ~ /^\.(bss|tbss)/ || out ~ /^\.(bss|tbss)$/) bss[f] += sz
		else file[f] += sz
		seen[f] = 1
	}
	/^Linker script and memory map/ { on = 1; next }
	!on { next }
	# an output section: name at column 0
	/^\.[^ ]/ { out = $1; pend = ""; next }
	out ~ /^\.(comment|debug|note\.GNU-stack|gnu\.attributes|stab)/ { next }
	# an input section on one line: " .text.x 0xADDR 0xSIZE FILE"
	/^ [.A-Za-z_*]/ && NF >= 4 && $2 ~ /^0x/ && $3 ~ /^0x/ {
		add($1, hex($3), $4); pend = ""; next
	}
	# a long name alone, its address, size and file on the next line
	/^ [.A-Za-z_]/ && NF == 1 { pend = $1; next }
	pend != "" && $1 ~ /^0x/ && $2 ~ /^0x/ && NF >= 3 {
		add(pend, hex($2), $3); pend = ""; next
	}
	{ pend = "" }
	END {
		for (f in seen) printf "%d %d %s\n", file[f], bss[f], f
	}' "$MAP" | sort -k1,1nr -k3 | awk -v n="$TOP_OBJ" '
	{ tf += $1; tb += $2; rows[NR] = $0 }
	END {
		for (i = 1; i <= NR && i <= n; i++) {
			split(rows[i], r, " ")
			printf "  %7d file %6d bss  %s\n", r[1], r[2], r[3]
		}
		if (NR > n) printf "  ... %d more objects\n", NR - n
		printf "  %7d file %6d bss  total (ELF headers and padding not counted)\n", tf, tb
	}'
