#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/bench/remaster.sh - netboot-remaster: append vs --repack on a big
# initrd.  A benchmark: it reports, it never fails on a figure.
#
# The initrd: the cached stock e2e initrd's tree (build/e2e/initrd/
# stock-*.img, unpacked with zstd -d | cpio -i; a small initramfs-tools
# tree when there is none) plus BENCH_REMASTER_MB MiB of incompressible
# files (/dev/urandom, 1 MiB each, under usr/lib/firmware/bench/: what a
# distribution initrd full of firmware looks like to a compressor),
# packed with cpio -o -H newc and compressed twice:
#   gzip   gzip -9n (mkinitramfs COMPRESS=gzip)
#   zstd   zstd -19 (netboot-remaster's own zstd level)
# Each variant is at least 50 MB.  For each:
#   append   netboot-remaster -o OUT INITRD          (median of BENCH_RUNS)
#   repack   netboot-remaster --repack -c KIND -o OUT INITRD   (one run;
#            the compression the input had)
# and the ratio repack / append (goal: append >= 10x faster).  Temporary
# files go under build/tmp (TMPDIR), the inputs and results are removed at
# the end.  Env: BENCH_REMASTER_MB (default 40, 52 without the stock
# tree), BENCH_RUNS (default 3).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
source "$HERE/../lib/common.sh"
export LC_ALL=C

REMASTER=$NB_ROOT/scripts/netboot-remaster
RUNS=${BENCH_RUNS:-3}
W=

# stock_initrd - the newest cached stock e2e initrd, if any
stock_initrd() {
	local f best=""
	for f in "$NB_BUILD"/e2e/initrd/stock-*.img; do
		[[ -s $f ]] || continue
		[[ -n $best && ! $f -nt $best ]] || best=$f
	done
	[[ -n $best ]] && echo "$best"
}

# small_tree DIR - an initramfs-tools root in miniature
small_tree() {
	local t=$1 d
	mkdir -p "$t"/scripts/init-premount "$t"/scripts/init-bottom "$t"/conf/conf.d "$t"/usr/bin
	printf '#!/bin/sh\nexec /bin/sh\n' >"$t/init"
	chmod 0755 "$t/init"
	for d in init-premount init-bottom; do
		# shellcheck disable=SC2016 # literal, as mkinitramfs writes it
		printf '/scripts/%s/casper "$@"\n[ -e /conf/param.conf ] && . /conf/param.conf\n' "$d" >"$t/scripts/$d/ORDER"
		printf '#!/bin/sh\n' >"$t/scripts/$d/casper"
		chmod 0755 "$t/scripts/$d/casper"
	done
}

# secs CMD... - run CMD (output to $W/last.log), print its wall time in s
secs() {
	local t0 t1
	t0=$EPOCHREALTIME
	"$@" >"$W/last.log" 2>&1 || { echo "bench-remaster: failed: $*" >&2; sed 's/^/    /' "$W/last.log" >&2; return 1; }
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }'
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

mb() {
	awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'
}

main() {
	local stock tree mb_rand k in i a r ratio verdict lines=() runs
	[[ -x $REMASTER && -x $NB_BUILD/netboot-image && -x $NB_BUILD/klibc/netboot ]] ||
		{ echo "bench-remaster: run make first"; return 1; }
	nb_workdir >/dev/null
	W=$NB_WORK
	mkdir -p "$W/tmp"
	export TMPDIR=$W/tmp
	tree=$W/tree
	mkdir -p "$tree"
	stock=$(stock_initrd || true)
	if [[ -n $stock ]]; then
		mb_rand=${BENCH_REMASTER_MB:-40}
		nb_log "bench-remaster: the tree of $stock"
		zstd -qdc "$stock" | (cd "$tree" && cpio -idm --no-absolute-filenames --quiet)
	else
		mb_rand=${BENCH_REMASTER_MB:-52}
		nb_log "bench-remaster: no stock e2e initrd cached; a small tree"
		small_tree "$tree"
	fi
	mkdir -p "$tree/usr/lib/firmware/bench"
	for (( i = 0; i < mb_rand; i++ )); do
		head -c 1048576 /dev/urandom >"$tree/usr/lib/firmware/bench/blob-$i.bin"
	done
	(cd "$tree" && find . | sort | cpio -o -H newc -R 0:0 --quiet) >"$W/initrd.cpio"
	nb_log "bench-remaster: compressing $(mb "$W/initrd.cpio") MB of cpio (gzip -9n, zstd -19)"
	gzip -9n <"$W/initrd.cpio" >"$W/gzip.img"
	zstd -q -19 -T0 <"$W/initrd.cpio" >"$W/zstd.img"
	rm -f "$W/initrd.cpio"

	for k in gzip zstd; do
		in=$W/$k.img
		runs=()
		for (( i = 0; i < RUNS; i++ )); do
			runs+=("$(secs "$REMASTER" -o "$W/out.img" "$in")")
			rm -f "$W/out.img"
		done
		a=$(printf '%s\n' "${runs[@]}" | median)
		nb_log "bench-remaster: $k: append ${runs[*]} s; --repack -c $k ..."
		r=$(secs "$REMASTER" --repack -c "$k" -o "$W/out.img" "$in")
		ratio=$(awk -v a="$a" -v r="$r" 'BEGIN { printf "%.1f", r / a }')
		lines+=("$(printf '%-5s %8s %9s  %-18s %9s %8s %7s' "$k" "$(mb "$in")" "$a" \
			"$(IFS=/; echo "${runs[*]}")" "$r" "$(mb "$W/out.img")" "${ratio}x")")
		if awk -v x="$ratio" 'BEGIN { exit !(x >= 10) }'; then
			verdict="goal met"
		else
			verdict="goal NOT met"
		fi
		lines+=("      $k: append is ${ratio}x faster than --repack -c $k (goal >= 10x): $verdict")
		rm -f "$W/out.img"
	done

	echo "remaster bench: netboot-remaster append vs --repack ($mb_rand MiB of random files in the tree$([[ -n $stock ]] && echo ", plus the stock e2e initrd's"));"
	echo "  append: median of $RUNS runs; --repack -c KIND: one run, the input's compression"
	printf '%-5s %8s %9s  %-18s %9s %8s %7s\n' kind "in MB" "append s" "(runs)" "repack s" "out MB" ratio
	printf '%s\n' "${lines[@]}"
	rm -f "$W"/*.img
}

main "$@"
