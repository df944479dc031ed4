#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/bench/reads.sh - how fast the running live system reads its
# squashfs over the NFS mount, and how much page cache that costs, stock
# live-boot initrd vs the netboot initrd on the same export (issue 10,
# "Live-system reads"; LTSP issue 136: NFS readahead, 10 MB/s where ~100
# was expected).  A benchmark: it reports, it never fails on a figure (it
# fails only when a guest does not print its figures).
#
# Like tests/bench/boot.sh, everything comes from the e2e library: the
# Debian kernel, both mkinitramfs initrds (e2e_setup: `make install` first,
# so the netboot initrd is the current build), ganesha on loopback, qemu
# TCG (never KVM), -m BENCH_READS_MEM (2048), cmdline
# "boot=live netboot=nfs nfsroot=10.0.2.2:/export" for both initrds.
#
# The image: the e2e live tree plus /data, >= 200 MB of real files copied
# from the host (a sample of /usr/bin, /usr/lib/x86_64-linux-gnu,
# /usr/share, /usr/libexec: see data_list; BENCH_READS_MB, default 240
# MB), squashfs
# LIVEIMG_COMP (default here zstd, what current live images use).  The
# tree is cached in build/bench-reads/data-<key> (key: the file list with
# sizes and mtimes); the squashfs in build/liveimg/<hash> as every e2e
# image.
#
# In the live root, /etc/netboot-e2e.d/50-bench-reads.sh (sourced by the
# live root's /sbin/init before its marker) prints lines
#   NETBOOT-BENCH-READS: <what> k=v ...
# state (the loop device: backing file, dio, read_ahead_kb; the NFS
# mount: maj:min, its bdi's read_ahead_kb, rsize, nconnect), then: sync,
# drop caches, /proc/meminfo (Cached, MemAvailable), every file of /data
# read (find /data -type f -exec cat {} + >/dev/null; bytes and seconds
# by /proc/uptime), meminfo again; drop caches, a plain `cat` of the
# squashfs FILE on the NFS mount to /dev/null, meminfo again.
#
# Cases (BENCH_READS_CASES, words NAME=INITRD[:EXTRA-CMDLINE]; INITRD is
# stock or netboot; default "stock=stock netboot=netboot"): EXTRA may set
#   nfsroot=10.0.2.2:/export,OPTS   NFS mount options (both initrds)
#   bench.tune=ARGS                 ARGS (',' for ' ') run in the live root
#                                   before the reads, as
#                                   `EXPORT/bench/netboot tune ARGS` (the
#                                   current build/klibc/netboot, copied
#                                   onto the export), to study one knob.
# e.g. BENCH_READS_CASES="nb-ra4m=netboot:bench.tune=--nfs-ra,4096", or
# "stock=stock netboot=netboot dio=netboot:netboot.loop-dio=on" for the
# page cache that direct I/O saves.
#
# Output (stdout): header lines, one "reads: ..." line per boot, the
# table (per case: tree MB/s median (min-max), page cache after the tree
# read, plain cat MB/s, tree/cat ratio) and the goal lines (netboot >=
# stock; netboot >= 80% of plain cat).  Progress on stderr.
#
# Env:  BENCH_READS_RUNS=3      boots per case (interleaved: run 1 of each
#                               case, then run 2, ...)
#       BENCH_READS_CASES       see above
#       BENCH_READS_MB=240      size of /data (>= 200)
#       BENCH_READS_MEM=2048    guest RAM (MB)
#       BENCH_READS_TIMEOUT=900 seconds per boot
#       BENCH_READS_NETNS=1     private net + mount namespace (see below)
#       NB_KEEP=1               keep the work dir (console logs)
# Needs root; skips otherwise.  One guest at a time (TCG, 2 CPUs).
#
# Measured (HEAD 19bb81f + local changes, 2 CPUs shared, load average
# 4-6 throughout, so the spread is wide; /data 211 MB, squashfs 66 MB
# zstd; -m 2048; median (min-max) of 3; cache = Cached MiB after the
# tree read, 1 before):
#   case                  tree MB/s          cache  cat MB/s
#   stock (v3, 128k ra)   17.9 (15.4-26.0)   316    46.0 (35.4-46.3)
#   netboot before (4.2)  14.7 (14.7-23.9)   316    32.6 (23.6-39.9)
#   netboot + loop dio    17.9 (11.2-18.2)   254    38.9 (38.2-46.3)
#   netboot, vers=3       17.5 (14.9-21.7)   316    64.5 (43.0-79.2)
#   netboot, nconnect=2   17.3 (15.0-25.4)   316    42.2 (23.7-49.8)
# one run each (screening): NFS bdi read_ahead_kb 1024 / 4096 / 16384:
# 12.8 / 12.6 / 15.9 MB/s (netboot 22.1 that round); loop read_ahead_kb
# 1024: 14.1; dio + loop 1024: 18.2 (cache 253).  Loop dio takes the
# squashfs file's NFS pages out of the page cache (316 -> 254 MiB: the
# 62 MiB are the 66 MB image cached a second time), at no cost beyond the
# noise; read-ahead did not help here.  Under TCG the tree read is bound
# by the guest CPU (zstd, overlay, cat), not by NFS: it moves 66 MB of
# compressed blocks in ~12 s, a fifth of what cat gets from the same
# mount; the "local" column (a tmpfs copy) shows that ceiling.
# After 66a6891 (init-bottom runs netboot tune: loop dio on), HEAD
# d8f53de, load average 0.5-1.2, median (min-max) of 3:
#   stock    tree 27.9 (23.6-29.9)  cache 316 MiB  cat 71.5 (46.3-84.3)
#            local 43.9 (30.3-54.3)
#   netboot  tree 24.2 (22.2-27.1)  cache 253 MiB  cat 59.8 (59.8-83.2)
#            local 63.5 (51.8-67.3)
#   goal netboot >= stock: NOT met by the medians (spreads overlap);
#   goal >= 80% of plain cat: NOT met (40%; the guest CPU, not NFS, bounds
#   the tree read: tree/local is 38-64%, the network costs less than that).
# After c917152 (NFS 3 first when the portmapper lists it; v4.2 before),
# HEAD a1268d0, load average 1.2-1.5, median (min-max) of 3:
#   stock    tree 30.9 (20.5-31.6)  cache 326 MiB  cat 69.5 (46.5-73.3)
#   netboot  tree 28.0 (21.2-28.9)  cache 262 MiB  cat 87.6 (72.5-87.6)
#   goal netboot >= stock: NOT met by the medians (-9%, spreads overlap);
#   goal >= 80% of plain cat: NOT met (32%).
# Same run, 2 runs each (HEAD c917152, load ~3): the mount's version and
# the loop's direct I/O, every other setting as netboot's default:
#   case                       tree MB/s          cache  cat MB/s
#   stock (v3, no dio)         26.9 (26.6-27.2)   326    61.6
#   netboot v3, dio            25.9 (25.2-26.7)   262    88.8
#   netboot vers=4.2, dio      21.9 (20.8-23.0)   262    61.4
# and (HEAD c917152, load 2-3, 2 runs): v3 without dio 31.1 (29.6-32.6)
# vs stock 28.9, cache 326 MiB; + NFS read_ahead_kb 1024 27.9; dio + loop
# read_ahead_kb 1024 25.9.  NFS 3 reads ~18% faster than 4.2 here (cat
# +45%); direct I/O keeps ~64 MiB of page cache free (the image's NFS
# pages, cached a second time without it) for ~5-10% of the tree rate
# (squashfs reads a block at a time, each a synchronous NFS READ without
# the NFS file's read-ahead).  The default stays dio on: on the 2-4 GB
# machines the issue names, the page cache is the scarcer resource.  The
# 80% goal is out of reach under TCG: the guest's decompression ceiling
# (local, 41.8-67.0 MB/s) is below 80% of cat (70 MB/s).
# After 28c2cb6 (tune's direct I/O is auto: on only for an image larger
# than half of RAM, so here, 66 MB against 2048 MiB, left off; the "dio"
# case boots with netboot.loop-dio=on), HEAD 355b733, load 0.8-1.5,
# median (min-max) of 3:
#   stock    tree 32.1 (27.4-33.2)  cache 326 MiB  cat 88.7 (60.8-91.1)
#   netboot  tree 31.8 (21.8-34.2)  cache 326 MiB  cat 82.2 (59.2-88.7)
#   dio      tree 24.4 (21.3-28.9)  cache 262 MiB  cat 71.7 (52.3-86.5)
#   netboot now reads the image the way stock does (NFS 3, rsize 1 MiB,
#   128 KB read-ahead, no dio): -1% by the medians, within the spread
#   (an earlier run, HEAD b746134 with --dio off: 28.7 vs stock 27.5);
#   goal >= 80% of plain cat: NOT met (39%; local 68 MB/s is the ceiling).

set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ $(id -u) -ne 0 ]]; then
	echo "bench-reads: skipped: needs root (make install, mkinitramfs, qemu)"
	exit 0
fi

# BENCH_READS_NETNS=1: run in a private network + mount namespace (its own
# loopback, rpcbind and ganesha on 2049, /run a private tmpfs), so the
# bench never waits on the host-wide ganesha lock other test runs hold.
# A veth pair with an address is needed: ganesha resolves 127.0.0.1 with
# AI_ADDRCONFIG, which fails with only a loopback.  The namespaces go away
# with the processes.
if [[ -n "${BENCH_READS_NETNS:-}" && -z "${BENCH_READS_IN_NS:-}" ]]; then
	export BENCH_READS_IN_NS=1 GANESHA_LOCKFILE=/tmp/netboot-bench-reads-ganesha.lock
	exec unshare --mount --net --propagation private bash "$0" "$@"
fi
if [[ -n "${BENCH_READS_IN_NS:-}" ]]; then
	ip link set lo up
	ip link add nbr0 type veth peer name nbr1
	ip addr add 192.0.2.1/24 dev nbr0
	ip link set nbr0 up
	ip link set nbr1 up
	mount -t tmpfs -o mode=755 tmpfs /run
	mkdir -p /run/lock /run/ganesha /run/rpcbind
fi

E2E_SCENARIO=bench-reads
export E2E_MEM=${BENCH_READS_MEM:-2048}
export LIVEIMG_COMP=${LIVEIMG_COMP:-zstd}
# shellcheck source=../e2e/lib.sh
source "$HERE/../e2e/lib.sh"

RUNS=${BENCH_READS_RUNS:-3}
read -r -a CASES <<<"${BENCH_READS_CASES:-stock=stock netboot=netboot}"
DATA_MB=${BENCH_READS_MB:-240}
TIMEOUT=${BENCH_READS_TIMEOUT:-900}
DATA_SRC=(/usr/bin /usr/lib/x86_64-linux-gnu /usr/share /usr/libexec)
TAG=NETBOOT-BENCH-READS

declare -A TREE=() CAT=() LOCAL=() CACHED=() CACHE0=() AVAIL=() FAILS=()
NFAILED=0
DATA_BYTES=

# data_list - "path size mtime" of the files /data takes, DATA_MB in all:
# every Kth file (in path order) of DATA_SRC, no hard links, one file per
# size (neither cpio nor mksquashfs folds copies), K so the sample spans
# the whole of DATA_SRC (libraries, binaries, icons, docs, locales: what a
# Debian root holds, compressing about as well).
data_list() {
	find "${DATA_SRC[@]}" -xdev -type f -links 1 -size +0 -printf '%p %s %T@\n' 2>/dev/null |
		grep -v '[[:space:]].*[[:space:]].*[[:space:]]' | LC_ALL=C sort |
		awk -v max=$(( DATA_MB * 1048576 )) '
			seen[$2]++ { next }
			{ line[++n] = $0; size[n] = $2; all += $2 }
			END {
				k = int(all / max) + 1
				for (i = 1; i <= n; i++) {
					if (i % k || t + size[i] > max) continue
					t += size[i]
					print line[i]
				}
			}'
}

# data_tree DIR - DIR/data (cached copy), DIR/etc/bench-reads.bytes.
data_tree() {
	local dir=$1 list key cache bytes
	list=$(data_list)
	key=$(sha256sum <<<"$list" | cut -c1-16)
	cache=$NB_BUILD/bench-reads/data-$key
	if [[ ! -s "$cache/.bytes" ]]; then
		rm -rf "$cache.tmp"
		mkdir -p "$cache.tmp"
		nb_log "bench-reads: copying $DATA_MB MB of host files into $cache"
		cut -d' ' -f1 <<<"$list" | cpio -pdm --quiet "$cache.tmp"
		awk '{ t += $2 } END { print t }' <<<"$list" >"$cache.tmp/.bytes"
		rm -rf "$cache"
		mv "$cache.tmp" "$cache"
	fi
	bytes=$(cat "$cache/.bytes")
	DATA_BYTES=$bytes
	mkdir -p "$dir/data" "$dir/etc"
	cp -al "$cache/usr" "$dir/data/"
	echo "$bytes" >"$dir/etc/bench-reads.bytes"
}

# reads_hook - the live root's /etc/netboot-e2e.d/50-bench-reads.sh.
reads_hook() {
	cat <<'HOOK'
# tests/bench/reads.sh: read /data and the squashfs file; figures on the console.
T=NETBOOT-BENCH-READS
rb_up() { cut -d' ' -f1 /proc/uptime; }
rb_mem() {
	echo "$T: mem $1 $(awk '/^(MemTotal|MemFree|MemAvailable|Buffers|Cached):/ {
		sub(":", "", $1); printf "%s=%s ", $1, $2 }' /proc/meminfo)"
}
rb_drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }
rb_state() {
	for l in /sys/block/loop*; do
		[ -r "$l/loop/backing_file" ] || continue
		echo "$T: loop ${l##*/} backing=$(cat $l/loop/backing_file) dio=$(cat $l/loop/dio 2>/dev/null) ra_kb=$(cat $l/queue/read_ahead_kb)"
	done
	while read -r id pid mm root mnt opts rest; do
		case " $rest " in *" - nfs "* | *" - nfs4 "*) ;; *) continue ;; esac
		so=${rest#*- }
		echo "$T: nfs $mnt dev=$mm bdi_ra_kb=$(cat /sys/class/bdi/$mm/read_ahead_kb 2>/dev/null) opts=${so##* }"
	done </proc/self/mountinfo
}
# the squashfs file: the loop device's backing file, else a usual place
sq=
for l in /sys/block/loop*/loop/backing_file; do
	[ -r "$l" ] || continue
	b=$(cat "$l")
	case $b in *.squashfs) [ -f "$b" ] && sq=$b && break ;; esac
done
for c in /run/live/medium/live/filesystem.squashfs /run/netboot/nfs/live/filesystem.squashfs \
	/cdrom/casper/filesystem.squashfs; do
	[ -z "$sq" ] && [ -f "$c" ] && sq=$c
done
echo "$T: squashfs ${sq:-none}"
tune=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^bench\.tune=//p' | tr ',' ' ')
if [ -n "$tune" ] && [ -n "$sq" ]; then
	cp "${sq%/*}/../bench/netboot" /tmp/bench-netboot && chmod 755 /tmp/bench-netboot
	echo "$T: tune $tune"
	# shellcheck disable=SC2086 # words
	/tmp/bench-netboot tune $tune 2>&1 | sed "s/^/$T: tune: /"
fi
rb_state
rb_drop
rb_mem before
bytes=$(cat /etc/bench-reads.bytes)
t0=$(rb_up)
find /data -type f -exec cat {} + >/dev/null
t1=$(rb_up)
echo "$T: tree bytes=$bytes secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
rb_mem after-tree
rb_state
rb_drop
rb_mem before-cat
if [ -n "$sq" ]; then
	cb=$(stat -c %s "$sq")
	t0=$(rb_up)
	cat "$sq" >/dev/null
	t1=$(rb_up)
	echo "$T: cat bytes=$cb secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
	rb_mem after-cat
	# the ceiling without the network: the same squashfs from a tmpfs
	# copy (/tmp is the overlay's tmpfs upper; drop_caches keeps it)
	if cp "$sq" /tmp/bench-local.squashfs && mkdir -p /tmp/bench-local &&
		mount -t squashfs -o loop,ro /tmp/bench-local.squashfs /tmp/bench-local; then
		rb_drop
		t0=$(rb_up)
		find /tmp/bench-local/data -type f -exec cat {} + >/dev/null
		t1=$(rb_up)
		echo "$T: local bytes=$bytes secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
		umount /tmp/bench-local
	fi
	rm -f /tmp/bench-local.squashfs
fi
HOOK
}

# reads_live_tree DIR - the e2e live tree, the data and the hook.
reads_live_tree() {
	e2e_live_tree "$1"
	data_tree "$1"
	reads_hook >"$1/etc/netboot-e2e.d/50-bench-reads.sh"
}

# val LOG WHAT KEY - KEY's value on the first "TAG: WHAT ..." line.
val() {
	tr -d '\r' <"$1" | sed -n "s/^$TAG: $2 .*\\b$3=\\([0-9.]*\\).*/\\1/p" | head -n 1
}

# mbs BYTES SECS - MB/s (MB = 10^6 bytes).
mbs() {
	awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.1f", b / s / 1e6 }'
}

# run_case NAME INITRD EXTRA RUN - boot, wait, record.
run_case() {
	local name=$1 kind=$2 more=$3 run=$4 initrd log tb ts cb cs lb ls c0 c1 av nfs why=
	case $kind in
	stock) initrd=$E2E_STOCK_INITRD ;;
	netboot) initrd=$E2E_INITRD ;;
	*) nb_die "bench-reads: case $name: initrd $kind" ;;
	esac
	local append="$E2E_APPEND_LIVE nfsroot=10.0.2.2:/export"
	[[ $more == *nfsroot=* ]] && append=$E2E_APPEND_LIVE
	e2e_case "$name-r$run"
	e2e_boot --initrd "$initrd" --append "$append${more:+ $more}"
	log=$E2E_LOG
	e2e_wait '^NETBOOT-E2E: done' "$TIMEOUT" || true
	qemu_wait_exit 15 || qemu_stop
	tb=$(val "$log" tree bytes) ts=$(val "$log" tree secs)
	cb=$(val "$log" cat bytes) cs=$(val "$log" cat secs)
	lb=$(val "$log" local bytes) ls=$(val "$log" local secs)
	c0=$(val "$log" 'mem before' Cached) c1=$(val "$log" 'mem after-tree' Cached)
	av=$(val "$log" 'mem after-tree' MemAvailable)
	if [[ -z "$ts" || -z "$cs" ]]; then
		why="no figures (console $log)"
	elif [[ $kind == netboot ]] && ! e2e_has "$log" '^netboot: '; then
		why="netboot initrd, but netboot did not run"
	elif [[ $kind == stock ]] && e2e_has "$log" '^netboot: '; then
		why="stock initrd, but netboot ran"
	fi
	if [[ -n "$why" ]]; then
		NFAILED=$(( NFAILED + 1 ))
		FAILS[$name]=$(( ${FAILS[$name]:-0} + 1 ))
		printf 'reads: %-10s run=%s FAIL: %s\n' "$name" "$run" "$why"
		tail -n 30 "$log" | sed 's/^/    | /' >&2
		return 0
	fi
	TREE[$name]+=" $(mbs "$tb" "$ts")"
	CAT[$name]+=" $(mbs "$cb" "$cs")"
	[[ -z "$ls" ]] || LOCAL[$name]+=" $(mbs "$lb" "$ls")"
	CACHED[$name]+=" $(( c1 / 1024 ))"
	CACHE0[$name]+=" $(( c0 / 1024 ))"
	AVAIL[$name]+=" $(( av / 1024 ))"
	nfs=$(tr -d '\r' <"$log" | sed -n "s/^$TAG: nfs .*opts=\\(.*\\)/\\1/p" | head -n 1 |
		tr ',' '\n' | grep -E '^(vers|rsize|nconnect)=' | paste -sd, || true)
	printf 'reads: %-10s run=%s tree=%s MB/s (%s B in %s s) cache=%s->%s MiB avail=%s MiB cat=%s MB/s (%s B in %s s) local=%s MB/s %s %s\n' \
		"$name" "$run" "$(mbs "$tb" "$ts")" "$tb" "$ts" "$(( c0 / 1024 ))" "$(( c1 / 1024 ))" \
		"$(( av / 1024 ))" "$(mbs "$cb" "$cs")" "$cb" "$cs" "$(mbs "${lb:-0}" "${ls:-0}")" "${nfs:-?}" \
		"$(tr -d '\r' <"$log" | sed -n "s/^$TAG: loop \\(.*\\)/\\1/p" | head -n 1 | sed 's/backing=[^ ]* //')"
}

# stats "V V V" - "median min max".
stats() {
	[[ -n "${1// /}" ]] || return 0
	tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '
		{ v[NR] = $1 }
		END {
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.1f %.1f %.1f\n", m, v[1], v[NR]
		}'
}

cell() {
	local m lo hi st
	st=$(stats "$1")
	[[ -n "$st" ]] || { echo -; return; }
	read -r m lo hi <<<"$st"
	echo "$m ($lo-$hi)"
}

med() {
	local st
	st=$(stats "$1")
	echo "${st%% *}"
}

# imed "V V V" - the median, a whole number.
imed() {
	local m
	m=$(med "$1")
	[[ -n "$m" ]] && printf '%.0f' "$m"
}

report() {
	local c name tm cm r s n nhi slo
	echo "reads bench: MB/s (10^6 B/s) reading every file of /data in the live root;"
	echo "  cache = /proc/meminfo Cached after that read (MiB; after drop_caches before it);"
	echo "  cat = plain cat of the squashfs file on the NFS mount (compressed bytes);"
	echo "  local = the tree read from a tmpfs copy of the squashfs (no network: the"
	echo "  guest's decompression ceiling); median (min-max) of $RUNS"
	printf '%-12s | %-20s | %-10s | %-9s | %-20s | %-8s | %s\n' case "tree MB/s" "cache MiB" "avail MiB" "cat MB/s" "tree/cat" "local MB/s"
	for c in "${CASES[@]}"; do
		name=${c%%=*}
		tm=$(med "${TREE[$name]:-}") cm=$(med "${CAT[$name]:-}")
		r=$(awk -v a="$tm" -v b="$cm" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }')
		printf '%-12s | %-20s | %-10s | %-9s | %-20s | %-8s | %s%s\n' "$name" "$(cell "${TREE[$name]:-}")" \
			"$(imed "${CACHE0[$name]:-}")->$(imed "${CACHED[$name]:-}")" "$(imed "${AVAIL[$name]:-}")" \
			"$(cell "${CAT[$name]:-}")" "$r" "$(cell "${LOCAL[$name]:-}")" "${FAILS[$name]:+ !${FAILS[$name]}fail}"
	done
	s=$(med "${TREE[stock]:-}") n=$(med "${TREE[netboot]:-}") cm=$(med "${CAT[netboot]:-}")
	if [[ -n "$s" && -n "$n" ]]; then
		# as boot.sh's goal 2: a median below stock's whose spread still
		# reaches stock's is said as such, not as a plain miss
		read -r _ _ nhi <<<"$(stats "${TREE[netboot]}")"
		read -r _ slo _ <<<"$(stats "${TREE[stock]}")"
		echo "netboot $n MB/s vs stock $s MB/s (goal >= stock): $(awk -v a="$n" -v b="$s" -v hi="$nhi" -v lo="$slo" 'BEGIN {
			d = sprintf("%+.0f%%", 100 * (a - b) / b)
			if (a >= b) print "met (" d ")"
			else if (hi >= lo) print "NOT met by the medians (" d "), within the spread"
			else print "NOT met (" d ")" }')"
	else
		echo "netboot vs stock (goal >= stock): no figure"
	fi
	if [[ -n "$n" && -n "$cm" ]]; then
		echo "netboot $n MB/s vs plain cat $cm MB/s on its mount (goal >= 80%): $(awk -v a="$n" -v b="$cm" 'BEGIN { printf "%.0f%%, %s", 100 * a / b, (a >= 0.8 * b) ? "met" : "NOT met" }')"
	else
		echo "netboot vs plain cat (goal >= 80%): no figure"
	fi
}

main() {
	local t0 run c name kind extra load0 head
	t0=$(nb_now_ms)
	load0=$(cut -d' ' -f1-3 /proc/loadavg)
	nb_workdir >/dev/null
	reads_live_tree "$NB_WORK/live-tree"    # e2e_export uses it as it is
	e2e_setup
	e2e_export "$NB_WORK/export" good
	rm -rf "$NB_WORK/live-tree"
	mkdir -p "$NB_WORK/export/bench"
	cp "$NB_BUILD/klibc/netboot" "$NB_WORK/export/bench/netboot"
	ganesha_start "$NB_WORK/export" /export

	head=$(git -C "$NB_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
	git -C "$NB_ROOT" diff --quiet HEAD -- src initramfs hooks 2>/dev/null || head+=" +local changes"
	echo "bench-reads: kernel $KVER, qemu TCG -smp 1 -m $E2E_MEM, HEAD $head, squashfs" \
		"$(stat -c %s "$NB_WORK/export/live/filesystem.squashfs") B ($LIVEIMG_COMP), /data $DATA_BYTES B"
	echo "bench-reads: initrds $(basename "$E2E_INITRD"), $(basename "$E2E_STOCK_INITRD"); cases ${CASES[*]}"
	for (( run = 1; run <= RUNS; run++ )); do
		for c in "${CASES[@]}"; do
			name=${c%%=*} kind=${c#*=} extra=
			if [[ $kind == *:* ]]; then extra=${kind#*:} kind=${kind%%:*}; fi
			nb_log "bench-reads: $name run $run (load $(cut -d' ' -f1-3 /proc/loadavg))"
			run_case "$name" "$kind" "$extra" "$run"
		done
	done
	ganesha_stop
	echo "bench-reads: load average $load0 -> $(cut -d' ' -f1-3 /proc/loadavg)," \
		"$(nproc) CPUs, $(nb_elapsed "$t0") s"
	report
	(( NFAILED == 0 )) || { echo "bench-reads: $NFAILED boot(s) failed"; return 1; }
}

main "$@"
