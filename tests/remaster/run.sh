#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/remaster/run.sh - the remaster tier (make check-remaster):
# scripts/netboot-remaster on real initrds, checked with the standard
# tools, never with the reader under test alone.
#
#   1. append, for small initrds packed here from a staged initramfs-tools
#      tree (gzip, xz, lzma, zstd of a size a multiple of 4 and not,
#      lz4 -l, uncompressed; an early microcode cpio before a zstd archive) and the cached stock e2e
#      initrd when there is one: the input is a byte-exact prefix, zero
#      padding to 4 bytes (none after lz4), then one segment with the
#      input's compressor (its magic); --check lists the original members
#      and netboot's; the result unpacked segment by segment (dd at the
#      offsets known from how the input was made, xz/gzip/zstd/lz4 -d,
#      cpio -i, in order, as the kernel does) holds netboot's files,
#      executable, and the original ones unchanged;
#   2. conf/conf.d/netboot sourced by a shell chrooted into the unpacked
#      result (busybox-static; the stock initrd's own /bin/sh): both
#      ORDER files gain netboot's two lines once, sourced twice; an ORDER
#      that is a symbolic link (relative or absolute) and its target are
#      left alone; without netboot's script nothing is added;
#   3. --separate: the file is the appended segment, byte for byte;
#      refused after an lz4 input whose size is not a multiple of 4;
#   4. --repack -c gzip / zstd: one archive, netboot's files, ORDER lines;
#   5. hostile or broken input, for append and --repack (links where
#      netboot writes, however spelled, "..", absolute names, a member
#      under a link, truncated or split streams, garbage, not a file, -o
#      the input): exit 1, the problem named, no output, no temporary
#      file, nothing written outside (planted targets unchanged);
#   6. -o into a read-only, a missing or a full directory: a clear error,
#      nothing left behind.
# Needs root only for chroot and the private mounts (unshare -m).
# Last line: "remaster: N passed, N failed".
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
source "$HERE/../lib/common.sh"
export LC_ALL=C

REMASTER=$NB_ROOT/scripts/netboot-remaster
IMAGE=$NB_BUILD/netboot-image
NB_BIN=$NB_BUILD/klibc/netboot
PASS=0
FAIL=0
W=
FX=
NEWC_INO=1000
# netboot's files in a result, and those of the staged tree
NB_FILES=(usr/lib/netboot/netboot scripts/init-premount/netboot scripts/init-bottom/netboot)
ORIG_FILES=(init scripts/init-premount/casper scripts/init-bottom/casper-bottom usr/bin/hello
	scripts/init-premount/ORDER scripts/init-bottom/ORDER conf/conf.d/resume etc/fstab)

ok() { PASS=$((PASS + 1)); printf 'ok   %s\n' "$*"; }
bad() { FAIL=$((FAIL + 1)); printf 'FAIL %s\n' "$*"; }
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else bad "$desc"; fi
}

# ---- building initrds -----------------------------------------------------

# stage_tree DIR - an initramfs-tools root in miniature: /init, casper's
# scripts listed in ORDER files the way mkinitramfs writes them, conf.d,
# a merged /usr (bin -> usr/bin).
stage_tree() {
	local t=$1 d
	mkdir -p "$t"/scripts/init-premount "$t"/scripts/init-bottom "$t"/conf/conf.d "$t"/etc \
		"$t"/usr/bin "$t"/usr/lib
	printf '#!/bin/sh\n# the initramfs-tools /init stand-in\nexec /bin/sh\n' >"$t/init"
	printf '#!/bin/sh\necho casper\n' >"$t/scripts/init-premount/casper"
	printf '#!/bin/sh\necho casper-bottom\n' >"$t/scripts/init-bottom/casper-bottom"
	for d in init-premount init-bottom; do
		# shellcheck disable=SC2016 # literal, as mkinitramfs writes it
		printf '/scripts/%s/%s "$@"\n[ -e /conf/param.conf ] && . /conf/param.conf\n' \
			"$d" "$( [[ $d == init-premount ]] && echo casper || echo casper-bottom)" >"$t/scripts/$d/ORDER"
	done
	printf 'MODULES=most\nBUSYBOX=y\n' >"$t/conf/initramfs.conf"
	printf 'RESUME=none\n' >"$t/conf/conf.d/resume"
	printf 'proc /proc proc defaults 0 0\n' >"$t/etc/fstab"
	printf '#!/bin/sh\necho hello\n' >"$t/usr/bin/hello"
	chmod 0755 "$t/init" "$t/scripts/init-premount/casper" "$t/scripts/init-bottom/casper-bottom" "$t/usr/bin/hello"
	ln -s usr/bin "$t/bin"
	ln -s usr/lib "$t/lib"
	# fixed times: the same bytes, the same sizes, run after run
	find "$t" -exec touch -h -d @1700000000 {} +
}

# pack DIR - newc on stdout, as mkinitramfs does (find . | cpio -o -H newc)
pack() {
	(cd "$1" && find . | sort | cpio -o -H newc -R 0:0 --quiet)
}

compress() {
	case $1 in
	gzip) gzip -9n ;;
	xz) xz --check=crc32 -6 ;;
	lzma) xz --format=lzma -6 ;;
	zstd) zstd -q -10 ;;
	lz4) lz4 -l -q ;;
	cpio) cat ;;
	esac
}

decompress() {
	case $1 in
	gzip) gzip -dc ;;
	xz) xz -dc ;;
	lzma) xz --format=lzma -dc ;;
	zstd) zstd -qdc ;;
	lz4) lz4 -dc ;;
	cpio) cat ;;
	*) return 1 ;;
	esac
}

# magic KIND - the first bytes of a KIND segment, in hex
magic() {
	case $1 in
	gzip) echo 1f8b ;;
	xz) echo fd377a585a00 ;;
	lzma) echo 5d0000 ;;
	zstd) echo 28b52ffd ;;
	lz4) echo 02214c18 ;;
	cpio) echo 303730373031 ;;
	esac
}

magic_len() {
	local m
	m=$(magic "$1")
	echo $(( ${#m} / 2 ))
}

# bytes FILE OFF LEN - LEN bytes of FILE from OFF on stdout
bytes() {
	dd if="$1" bs=1M iflag=skip_bytes,count_bytes skip="$2" count="$3" status=none
}

hexat() {
	bytes "$1" "$2" "$3" | od -An -tx1 | tr -d ' \n'
}

size_of() { stat -c %s "$1"; }

# newc_entry NAME SRC - one newc member named NAME (verbatim: hostile
# spellings too) with the type, mode and content of SRC (a symbolic link
# stores its target).  newc_trailer ends the archive.
newc_entry() {
	local name=$1 src=$2 mode size target=""
	mode=$(stat -c %f "$src")
	if [[ -L $src ]]; then
		target=$(readlink "$src")
		size=${#target}
	elif [[ -f $src ]]; then
		size=$(size_of "$src")
	else
		size=0
	fi
	NEWC_INO=$((NEWC_INO + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		"$NEWC_INO" "0x$mode" 0 0 1 0 "$size" 0 0 0 0 $(( ${#name} + 1 )) 0
	printf '%s\0' "$name"
	head -c $(( (4 - (110 + ${#name} + 1) % 4) % 4 )) /dev/zero
	if [[ -L $src ]]; then
		printf '%s' "$target"
	elif [[ -f $src ]]; then
		cat "$src"
	fi
	head -c $(( (4 - size % 4) % 4 )) /dev/zero
}

newc_trailer() {
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' 0 0 0 0 1 0 0 0 0 0 0 11 0
	printf 'TRAILER!!!\0\0\0\0'
}

# newc_tree DIR - every path of DIR, by newc_entry (no trailer)
newc_tree() {
	local p
	while read -r p; do
		newc_entry "$p" "$1/$p"
	done < <(cd "$1" && find . | sort)
}

# the fixtures: $FX/KIND.img, and $FX/KIND.segs: "offset length kind"
# for each segment, known from how the initrd was made
make_fixtures() {
	local k t=$FX/tree u=$FX/ucode-tree
	stage_tree "$t"
	pack "$t" >"$FX/tree.cpio"
	for k in gzip xz lzma zstd lz4 cpio; do
		compress "$k" <"$FX/tree.cpio" >"$FX/$k.img"
		echo "0 $(size_of "$FX/$k.img") $k" >"$FX/$k.segs"
	done
	# zstd with a size that is a multiple of 4 (the appended frame then
	# follows with no padding) and one that is not (zstd.img, padded)
	for k in 1 2 3 4 5 6 7 8 9 11 12 13 14 15 16 17 18 19; do
		zstd -q -"$k" <"$FX/tree.cpio" >"$FX/zstd4.img"
		(( $(size_of "$FX/zstd4.img") % 4 != 0 )) || break
	done
	for k in 1 2 3 4 5 6 7 8 9 11 12 13 14 15 16 17 18 19; do
		(( $(size_of "$FX/zstd.img") % 4 == 0 )) || break
		zstd -q -"$k" <"$FX/tree.cpio" >"$FX/zstd.img"
	done
	echo "0 $(size_of "$FX/zstd.img") zstd" >"$FX/zstd.segs"
	echo "0 $(size_of "$FX/zstd4.img") zstd" >"$FX/zstd4.segs"
	# an lz4 initrd whose size is not a multiple of 4 (--separate)
	for k in 1 2 3 4 5 6 7 8 9; do
		lz4 -l -q -"$k" <"$FX/tree.cpio" >"$FX/lz4odd.img"
		(( $(size_of "$FX/lz4odd.img") % 4 == 0 )) || break
	done
	# early microcode, uncompressed, then the main archive in zstd
	mkdir -p "$u/kernel/x86/microcode"
	head -c 3000 /dev/urandom >"$u/kernel/x86/microcode/GenuineIntel.bin"
	pack "$u" >"$FX/early.cpio"
	cat "$FX/early.cpio" "$FX/zstd.img" >"$FX/ucode.img"
	printf '0 %s cpio\n%s %s zstd\n' "$(size_of "$FX/early.cpio")" \
		"$(size_of "$FX/early.cpio")" "$(size_of "$FX/zstd.img")" >"$FX/ucode.segs"
}

# ---- running the tool -----------------------------------------------------

# rm_run NAME ARGS... - run netboot-remaster with its temporary files in
# $W/tmp; RC, OUT (stdout and stderr in one file)
rm_run() {
	local name=$1
	shift
	OUT=$W/log/$name.out
	RC=0
	TMPDIR=$W/tmp "$REMASTER" "$@" >"$OUT" 2>&1 </dev/null || RC=$?
}

tmp_clean() {
	[[ -z $(ls -A "$W/tmp") ]]
}

# segs FILE - "offset length kind" per segment, as netboot-image reads it
segs() {
	"$IMAGE" initrd-ls "$1" | awk '$1 == "segment" { print $3, $4, $5 }'
}

# same_segs FILE SEGS - netboot-image finds the segments SEGS lists in
# FILE: the same offsets and kinds, the same lengths, but an uncompressed
# archive, which ends at its trailer (cpio -o pads it to 512 bytes with
# zeros, which the kernel skips)
same_segs() {
	local f=$1 segs=$2 seen a b
	seen=$(segs "$f") || return 1
	paste -d' ' <(echo "$seen") "$segs" | {
		local o1 l1 k1 o2 l2 k2 n=0
		while read -r o1 l1 k1 o2 l2 k2; do
			n=$((n + 1))
			[[ $o1 == "$o2" && $k1 == "$k2" && -n $l2 ]] || { echo "    segment $n: $o1 $l1 $k1, want $o2 $l2 $k2"; return 1; }
			if [[ $k1 == cpio ]]; then
				if (( l1 > l2 )) || ! cmp -s <(bytes "$f" $((o1 + l1)) $((l2 - l1))) <(head -c $((l2 - l1)) /dev/zero); then
					echo "    segment $n: cpio of $l1 bytes, then not zeros up to $l2"
					return 1
				fi
			else
				[[ $l1 == "$l2" ]] || { echo "    segment $n: $l1 bytes, want $l2"; return 1; }
			fi
		done
	}
	a=$(wc -l <<<"$seen")
	b=$(wc -l <"$segs")
	[[ $a == "$b" ]] || { echo "    $a segment(s), want $b"; return 1; }
}

# unpack_segs FILE SEGS DIR - every segment listed in SEGS ("offset
# length kind" lines), decompressed and cpio -i'd into DIR in order
unpack_segs() {
	local f=$1 segs=$2 dir=$3 off len kind
	mkdir -p "$dir"
	while read -r off len kind; do
		bytes "$f" "$off" "$len" | decompress "$kind" >"$W/seg.cpio" || return 1
		(cd "$dir" && cpio -idm --no-absolute-filenames --quiet <"$W/seg.cpio") || return 1
	done <"$segs"
}

all_exec() {
	local dir=$1 f
	for f in "${NB_FILES[@]}"; do
		[[ -f $dir/$f && -x $dir/$f ]] || { echo "    not an executable file: $f"; return 1; }
	done
	[[ -f $dir/conf/conf.d/netboot ]] || { echo "    missing: conf/conf.d/netboot"; return 1; }
	cmp -s "$dir/usr/lib/netboot/netboot" "$NB_BIN" || { echo "    usr/lib/netboot/netboot is not $NB_BIN"; return 1; }
}

# same_tree_files A B [FILE...] - FILEs (default: all ORIG_FILES) equal
# in A and B, and B's bin the link usr/bin
same_tree_files() {
	local a=$1 b=$2 f files
	shift 2
	files=("$@")
	(( ${#files[@]} )) || files=("${ORIG_FILES[@]}")
	for f in "${files[@]}"; do
		cmp -s "$a/$f" "$b/$f" || { echo "    $f differs from the staged tree"; return 1; }
	done
	[[ $(readlink "$b/bin") == usr/bin ]] || { echo "    bin is not the link usr/bin"; return 1; }
}

# check_lists OUT PATH... - --check's listing names each PATH
check_lists() {
	local out=$1 p
	shift
	for p in "$@"; do
		grep -Eq " ${p//./\\.}\$" "$out" || { echo "    --check does not list $p"; return 1; }
	done
}

# ---- 1. append --------------------------------------------------------------

# append_case NAME IN SEGS KIND TREE - append to IN (segments SEGS, last
# one KIND), and check the result; TREE: the staged tree to compare
# with, or "" (stock).  Leaves the unpacked result in $W/u/NAME.
append_case() {
	local name=$1 in=$2 segs=$3 kind=$4 tree=$5 out size start end nin nout u
	out=$W/out/$name.img
	u=$W/u/$name
	rm_run "append-$name" -o "$out" "$in"
	if [[ $RC -ne 0 ]]; then
		bad "$name: append exited $RC"
		sed 's/^/    /' "$OUT"
		return 0
	fi
	ok "$name: append: $(tail -n 1 "$OUT" | sed 's/^netboot-remaster: //' | cut -c1-150)"
	size=$(size_of "$in")
	end=$(size_of "$out")
	if [[ $kind == lz4 ]]; then start=$size; else start=$(( (size + 3) / 4 * 4 )); fi
	check "$name: the input is a byte-exact prefix ($size bytes)" cmp -s -n "$size" "$in" "$out"
	if (( start > size )); then
		check "$name: then $((start - size)) zero byte(s) of padding" \
			cmp -s -n $((start - size)) <(bytes "$out" "$size" $((start - size))) /dev/zero
	else
		ok "$name: no padding (${kind}: $([[ $kind == lz4 ]] && echo 'the lz4 stream goes on' || echo 'size a multiple of 4'))"
	fi
	check "$name: the new segment at $start is $kind (magic $(magic "$kind"))" \
		test "$(hexat "$out" "$start" "$(magic_len "$kind")")" = "$(magic "$kind")"
	{ cat "$segs"; echo "$start $((end - start)) $kind"; } >"$W/$name.osegs"
	# what netboot-image sees: one more segment (a zstd frame right
	# after the input's, with no padding, too: the kernel unpacks frame
	# by frame); but an lz4 stream just goes on: the kernel reads the
	# input's chunks and ours as one, and so does the reader
	nin=$(segs "$in" | wc -l) || true
	segs "$out" >"$W/$name.rsegs-seen" || true
	nout=$(wc -l <"$W/$name.rsegs-seen")
	if [[ $kind == lz4 ]]; then
		# the last input segment now runs to the end of the file
		awk -v e="$end" 'NR > 1 { print prev } { prev = $0; o = $1; k = $3 } END { print o, e - o, k }' \
			"$segs" >"$W/$name.msegs"
		check "$name: one $kind stream to the end, as the kernel reads it ($nin -> $nout segment(s))" \
			same_segs "$out" "$W/$name.msegs"
	else
		check "$name: segments $nin -> $nout, the new one $start+$((end - start)) $kind" \
			same_segs "$out" "$W/$name.osegs"
	fi
	# --check
	rm_run "check-$name" --check "$out"
	check "$name: --check exits 0 and says it carries netboot" \
		test "$RC" -eq 0 -a -n "$(grep 'carries netboot' "$OUT")"
	if [[ -n $tree ]]; then
		check "$name: --check lists the original members and netboot's" \
			check_lists "$OUT" "${ORIG_FILES[@]}" "${NB_FILES[@]}" conf/conf.d/netboot
	else
		check "$name: --check lists the original members and netboot's" \
			check_lists "$OUT" init scripts/init-premount/ORDER "${NB_FILES[@]}" conf/conf.d/netboot
	fi
	# unpacked by the standard tools at the known offsets
	rm -rf "$u"
	if unpack_segs "$out" "$W/$name.osegs" "$u"; then
		ok "$name: unpacks with $kind -d and cpio -i, segment by segment"
		check "$name: netboot's files are there, executable" all_exec "$u"
		if [[ -n $tree ]]; then
			check "$name: the original files are there, unchanged" same_tree_files "$tree" "$u"
		else
			check "$name: the original /init is there" test -x "$u/init"
		fi
	else
		bad "$name: the result does not unpack with $kind -d and cpio -i"
	fi
}

# ---- 2. conf/conf.d/netboot at boot -----------------------------------------

# in_root DIR SHELL - source conf/conf.d/netboot in DIR as /init does, by
# SHELL chrooted there; prints the netboot_* variables left over
in_root() {
	# shellcheck disable=SC2016 # for the chrooted shell
	chroot "$1" "$2" -c 'for c in /conf/conf.d/*; do [ -f "$c" ] && . "$c"; done
		set | while read -r l; do case $l in netboot_*) echo "$l" ;; esac; done'
}

order_want() {
	local d=$1 first=$2
	# shellcheck disable=SC2016 # literal
	printf '/scripts/%s/%s "$@"\n[ -e /conf/param.conf ] && . /conf/param.conf\n/scripts/%s/netboot "$@"\n[ -e /conf/param.conf ] && . /conf/param.conf\n' \
		"$d" "$first" "$d"
}

confd_cases() {
	local src=$1 s bb left
	bb=$(command -v busybox || true)
	if [[ -z $bb ]] || ! file -L "$bb" | grep -q 'statically linked'; then
		bad "conf.d: no static busybox to chroot with (apt-get install busybox-static)"
		return 0
	fi
	s=$W/root1
	rm -rf "$s"
	cp -a "$src" "$s"
	cp "$bb" "$s/usr/bin/busybox"
	ln -sf busybox "$s/usr/bin/sh"
	left=$(in_root "$s" /bin/sh 2>&1) || { bad "conf.d: sourcing failed: $left"; return 0; }
	check "conf.d: init-premount/ORDER gains netboot's two lines" \
		cmp -s "$s/scripts/init-premount/ORDER" <(order_want init-premount casper)
	check "conf.d: init-bottom/ORDER gains netboot's two lines" \
		cmp -s "$s/scripts/init-bottom/ORDER" <(order_want init-bottom casper-bottom)
	check "conf.d: no netboot_* variable is left in init's shell" test -z "$left"
	in_root "$s" /bin/sh >/dev/null 2>&1 || bad "conf.d: sourcing a second time failed"
	check "conf.d: sourced twice, the lines are there once" \
		cmp -s "$s/scripts/init-premount/ORDER" <(order_want init-premount casper)
	check "conf.d: sourced twice, init-bottom too" \
		cmp -s "$s/scripts/init-bottom/ORDER" <(order_want init-bottom casper-bottom)

	# ORDER files that are symbolic links (relative and absolute), as a
	# hostile or odd initrd may have: nothing is written through them
	s=$W/root2
	rm -rf "$s"
	cp -a "$src" "$s"
	cp "$bb" "$s/usr/bin/busybox"
	ln -sf busybox "$s/usr/bin/sh"
	mkdir -p "$s/outside"
	cp "$s/scripts/init-premount/ORDER" "$s/outside/fstab"
	cp "$s/etc/fstab" "$W/fstab.before"
	cp "$s/outside/fstab" "$W/outside-fstab.before"
	ln -sf ../../outside/fstab "$s/scripts/init-premount/ORDER"
	ln -sf /etc/fstab "$s/scripts/init-bottom/ORDER"
	in_root "$s" /bin/sh >/dev/null 2>&1 || true
	check "conf.d: ORDER -> ../../outside/fstab: the target is unchanged" \
		cmp -s "$s/outside/fstab" "$W/outside-fstab.before"
	check "conf.d: ORDER -> /etc/fstab: the target is unchanged" cmp -s "$s/etc/fstab" "$W/fstab.before"
	check "conf.d: both ORDER links are still links" \
		test -L "$s/scripts/init-premount/ORDER" -a -L "$s/scripts/init-bottom/ORDER"

	# without netboot's init-premount script, its ORDER is left alone
	s=$W/root3
	rm -rf "$s"
	cp -a "$src" "$s"
	cp "$bb" "$s/usr/bin/busybox"
	ln -sf busybox "$s/usr/bin/sh"
	rm "$s/scripts/init-premount/netboot"
	in_root "$s" /bin/sh >/dev/null 2>&1 || true
	check "conf.d: no scripts/init-premount/netboot: its ORDER is unchanged" \
		cmp -s "$s/scripts/init-premount/ORDER" "$FX/tree/scripts/init-premount/ORDER"
	check "conf.d: ...and init-bottom's still gains the lines" \
		cmp -s "$s/scripts/init-bottom/ORDER" <(order_want init-bottom casper-bottom)
}

# the stock initrd's own shell sources conf.d in its unpacked result
confd_stock() {
	local u=$1 s=$W/root-stock d before after
	rm -rf "$s"
	cp -a "$u" "$s"
	if [[ ! -x $s/bin/sh ]]; then
		bad "stock: the unpacked initrd has no /bin/sh"
		return 0
	fi
	for d in init-premount init-bottom; do
		cp "$s/scripts/$d/ORDER" "$W/stock-$d.before" 2>/dev/null || : >"$W/stock-$d.before"
	done
	if ! in_root "$s" /bin/sh >/dev/null 2>&1 || ! in_root "$s" /bin/sh >/dev/null 2>&1; then
		bad "stock: its /bin/sh could not source conf.d"
		return 0
	fi
	for d in init-premount init-bottom; do
		before=$W/stock-$d.before
		after=$s/scripts/$d/ORDER
		# shellcheck disable=SC2016 # literal
		check "stock: its own /bin/sh, sourced twice: $d/ORDER = the original + netboot's two lines" \
			cmp -s "$after" <(cat "$before"; printf '/scripts/%s/netboot "$@"\n[ -e /conf/param.conf ] && . /conf/param.conf\n' "$d")
	done
}

# ---- 3. --separate ------------------------------------------------------------

separate_case() {
	local name=$1 in=$2 kind=$3 sep out size start
	sep=$W/out/$name.sep
	out=$W/out/$name.img
	rm_run "sep-$name" --separate "$sep" "$in"
	if [[ $RC -ne 0 ]]; then
		bad "$name: --separate exited $RC: $(head -n 1 "$OUT")"
		return 0
	fi
	size=$(size_of "$in")
	start=$(( (size + 3) / 4 * 4 ))
	[[ $kind != lz4 ]] || start=$size
	check "$name: --separate is the appended segment, byte for byte ($(size_of "$sep") bytes)" \
		cmp -s "$sep" <(bytes "$out" "$start" $(( $(size_of "$out") - start )))
}

# ---- 4. --repack ----------------------------------------------------------------

repack_case() {
	local name=$1 in=$2 comp=$3 out u n
	out=$W/out/$name.repack.img
	u=$W/u/$name.repack
	rm_run "repack-$name" --repack -c "$comp" -o "$out" "$in"
	if [[ $RC -ne 0 ]]; then
		bad "$name: --repack -c $comp exited $RC"
		sed 's/^/    /' "$OUT"
		return 0
	fi
	ok "$name: --repack -c $comp: $(tail -n 1 "$OUT" | sed 's/^netboot-remaster: //')"
	segs "$out" >"$W/$name.rsegs"
	n=$(wc -l <"$W/$name.rsegs")
	if [[ $name == ucode* ]]; then
		check "$name: --repack -c $comp: the early cpio, then one $comp archive" \
			test "$n $(awk '{ print $3 }' "$W/$name.rsegs" | tr '\n' ' ')" = "2 cpio $comp "
	else
		check "$name: --repack -c $comp: one $comp archive" test "$n $(awk '{ print $3 }' "$W/$name.rsegs")" = "1 $comp"
	fi
	check "$name: --repack: starts with the $comp magic" \
		test "$(hexat "$out" "$(tail -n 1 "$W/$name.rsegs" | cut -d' ' -f1)" "$(magic_len "$comp")")" = "$(magic "$comp")"
	rm -rf "$u"
	if ! unpack_segs "$out" "$W/$name.rsegs" "$u"; then
		bad "$name: --repack: the result does not unpack with $comp -d and cpio -i"
		return 0
	fi
	check "$name: --repack: netboot's files are there, executable" all_exec "$u"
	check "$name: --repack: init-premount/ORDER lists netboot once" \
		cmp -s "$u/scripts/init-premount/ORDER" <(order_want init-premount casper)
	check "$name: --repack: init-bottom/ORDER lists netboot once" \
		cmp -s "$u/scripts/init-bottom/ORDER" <(order_want init-bottom casper-bottom)
	check "$name: --repack: the original files are there, unchanged (but ORDER)" \
		same_tree_files "$FX/tree" "$u" init scripts/init-premount/casper usr/bin/hello etc/fstab conf/conf.d/resume
	if [[ $name == ucode* ]]; then
		check "$name: --repack: the microcode is in the early cpio" \
			cmp -s "$u/kernel/x86/microcode/GenuineIntel.bin" "$FX/ucode-tree/kernel/x86/microcode/GenuineIntel.bin"
	fi
	rm_run "repack-check-$name" --check "$out"
	check "$name: --repack: --check exits 0" test "$RC" -eq 0
}

# ---- 5. hostile and broken input ------------------------------------------------

# snapshot - every path under $W/outside with its size and mtime
snapshot() {
	find "$W/outside" -printf '%p %y %s %T@ %l\n' | sort
}

# refused NAME REGEX MODE INITRD [OUTFILE] - MODE append|repack: exit 1,
# REGEX in the message, no output, no temporary file, $W/outside as it was
refused() {
	local name=$1 re=$2 mode=$3 in=$4 outf=${5:-} before odir given=1
	odir=$W/refused/$mode-$name
	mkdir -p "$odir"
	[[ -n $outf ]] || { outf=$odir/out.img; given=0; }
	before=$(snapshot)
	if [[ $mode == repack ]]; then
		rm_run "$mode-$name" --repack -c gzip -o "$outf" "$in"
	else
		rm_run "$mode-$name" -o "$outf" "$in"
	fi
	if [[ $RC -ne 1 ]]; then
		bad "$mode $name: exit $RC, expected 1"
		sed 's/^/    /' "$OUT"
	elif ! grep -Eq -- "$re" "$OUT"; then
		bad "$mode $name: no /$re/ in the message:"
		sed 's/^/    /' "$OUT"
	else
		ok "$mode $name: refused: $(grep -E -- "$re" "$OUT" | head -n 1 | sed 's/^netboot-remaster: //' | cut -c1-140)"
	fi
	(( given )) || [[ ! -e $outf ]] || bad "$mode $name: $outf was written"
	[[ -z $(ls -A "$odir") ]] || bad "$mode $name: left in the output directory: $(find "$odir" -mindepth 1 -printf '%f ')"
	tmp_clean || { bad "$mode $name: temporary files left: $(find "$W/tmp" -mindepth 1 -maxdepth 1 -printf '%f ')"; rm -rf "${W:?}/tmp/"*; }
	[[ $(snapshot) == "$before" ]] || bad "$mode $name: something changed under $W/outside"
}

# hostile_gz NAME - $FX/hostile/NAME.img: the staged tree's members, the
# extra members newc_entry wrote to $FX/hostile/NAME.extra (some in place
# of the tree's own), a trailer; gzip
hostile_gz() {
	local name=$1 skip=${2:-}
	{
		if [[ -n $skip ]]; then
			local p
			while read -r p; do
				[[ $p =~ $skip ]] || newc_entry "$p" "$FX/tree/$p"
			done < <(cd "$FX/tree" && find . | sort)
		else
			newc_tree "$FX/tree"
		fi
		cat "$FX/hostile/$name.extra"
		newc_trailer
	} | gzip -9n >"$FX/hostile/$name.img"
}

make_hostile() {
	local h=$FX/hostile src=$FX/hsrc
	mkdir -p "$h" "$src/outside-x"
	printf 'hostile\n' >"$src/file"
	ln -s "$W/outside" "$src/link-outside"
	ln -s ../../outside/fstab "$src/link-rel-fstab"
	ln -s "$W/outside/fstab" "$src/link-abs-fstab"
	ln -s "$W/outside/x" "$src/link-x"
	mkdir -p "$src/dir"

	# scripts/init-premount is a link to a directory outside
	newc_entry ./scripts/init-premount "$src/link-outside" >"$h/premount-link.extra"
	hostile_gz premount-link '^\./scripts/init-premount(/|$)'
	# ORDER a link, relative and absolute
	newc_entry ./scripts/init-premount/ORDER "$src/link-rel-fstab" >"$h/order-rel.extra"
	hostile_gz order-rel '^\./scripts/init-premount/ORDER$'
	newc_entry ./scripts/init-bottom/ORDER "$src/link-abs-fstab" >"$h/order-abs.extra"
	hostile_gz order-abs '^\./scripts/init-bottom/ORDER$'
	# ../x and /abs
	newc_entry ../x "$src/file" >"$h/dotdot.extra"
	hostile_gz dotdot
	newc_entry "$W/outside/abs" "$src/file" >"$h/abs.extra"
	hostile_gz abs
	# a member under a link: a -> $W/outside/x, then a/b
	{ newc_entry a "$src/link-x"; newc_entry a/b "$src/file"; } >"$h/under-link.extra"
	hostile_gz under-link
	# the same link spelled another way (scripts//init-premount)
	{ newc_entry scripts//init-premount "$src/link-outside"; newc_entry scripts/init-premount/evil "$src/file"; } \
		>"$h/spelled-link.extra"
	hostile_gz spelled-link '^\./scripts/init-premount(/|$)'

	# broken streams
	head -c $(( $(size_of "$FX/gzip.img") / 2 )) "$FX/gzip.img" >"$h/trunc-gzip.img"
	head -c $(( $(size_of "$FX/zstd.img") / 2 )) "$FX/zstd.img" >"$h/trunc-zstd.img"
	head -c $(( $(size_of "$FX/tree.cpio") / 2 + 3 )) "$FX/tree.cpio" >"$h/trunc-cpio.img"
	{ cat "$FX/gzip.img"; printf 'GARBAGE after the gzip stream\n'; } >"$h/garbage.img"
	# zstd: an archive split across two frames (the kernel unpacks frame
	# by frame: "junk at the end of compressed archive"), and a skippable
	# frame between two (no decompressor of the kernel knows it)
	local half=$(( $(size_of "$FX/tree.cpio") / 2 ))
	{ head -c "$half" "$FX/tree.cpio" | zstd -q; tail -c +$((half + 1)) "$FX/tree.cpio" | zstd -q; } >"$h/zstd-split.img"
	{ cat "$FX/zstd.img"; printf '\x50\x2a\x4d\x18\x04\x00\x00\x00JUNK'; cat "$FX/zstd.img"; } >"$h/zstd-skippable.img"
	{ cat "$FX/lz4.img"; head -c 8 /dev/zero; } >"$h/lz4-zeros.img"
	: >"$h/empty.img"
	mkdir -p "$h/a-directory"
	mkfifo "$h/a-fifo"
}

hostile_cases() {
	local mode h=$FX/hostile in
	mkdir -p "$W/outside"
	printf 'proc /proc proc defaults 0 0\n' >"$W/outside/fstab"
	make_hostile
	for mode in append repack; do
		refused premount-link 'scripts/init-premount.*symbolic link where netboot writes' "$mode" "$h/premount-link.img"
		refused order-rel 'scripts/init-premount/ORDER.*symbolic link where netboot writes' "$mode" "$h/order-rel.img"
		refused order-abs 'scripts/init-bottom/ORDER.*symbolic link where netboot writes' "$mode" "$h/order-abs.img"
		refused dotdot '"\.\./x": a "\.\." component' "$mode" "$h/dotdot.img"
		refused abs 'outside/abs": an absolute path' "$mode" "$h/abs.img"
		refused under-link '"a/b": goes through the symbolic link "a"' "$mode" "$h/under-link.img"
		refused spelled-link 'scripts//init-premount.*symbolic link where netboot writes' "$mode" "$h/spelled-link.img"
		refused trunc-gzip 'gzip stream truncated' "$mode" "$h/trunc-gzip.img"
		refused trunc-zstd 'zstd stream truncated' "$mode" "$h/trunc-zstd.img"
		refused trunc-cpio 'truncated: the archive ends inside a member' "$mode" "$h/trunc-cpio.img"
		refused garbage 'offset [0-9]+: data that is neither a cpio archive nor a known compressed stream' "$mode" "$h/garbage.img"
		refused zstd-split 'segment 1.*truncated: the archive ends inside a member' "$mode" "$h/zstd-split.img"
		refused zstd-skippable 'offset [0-9]+: data that is neither a cpio archive nor a known compressed stream' "$mode" "$h/zstd-skippable.img"
		refused empty 'empty: no archive at all' "$mode" "$h/empty.img"
		refused directory 'a-directory is not a regular file' "$mode" "$h/a-directory"
		refused fifo 'a-fifo is not a regular file' "$mode" "$h/a-fifo"
		refused missing 'no such initrd' "$mode" "$h/no-such.img"
		# -o the input itself, a link to it, a hard link to it
		cp "$FX/gzip.img" "$h/self.img"
		ln -sf self.img "$h/self-link.img"
		ln -f "$h/self.img" "$h/self-hard.img"
		refused self 'is the input initrd' "$mode" "$h/self.img" "$h/self.img"
		refused self-symlink 'is the input initrd' "$mode" "$h/self.img" "$h/self-link.img"
		refused self-hardlink 'is the input initrd' "$mode" "$h/self.img" "$h/self-hard.img"
		check "$mode: -o onto the input: the input is unchanged" cmp -s "$h/self.img" "$FX/gzip.img"
		check "$mode: the spelled link wrote nothing outside (no $W/outside/evil)" test ! -e "$W/outside/evil"
		check "$mode: under-link wrote nothing outside (no $W/outside/x)" test ! -e "$W/outside/x"
	done
	# lz4 followed by zero bytes: the kernel's lz4 reader would stop
	# there, before an appended segment; --repack is the way
	refused lz4-zeros 'lz4 stream followed by 8 zero byte\(s\).*use --repack' append "$h/lz4-zeros.img"
	refused lz4-zeros-separate 'lz4 stream followed by 8 zero byte' append "$h/lz4-zeros.img"
	rm_run repack-lz4-zeros --repack -c gzip -o "$W/out/lz4-zeros.repack.img" "$h/lz4-zeros.img"
	check "repack lz4-zeros: --repack takes it (the advised way)" test "$RC" -eq 0
}

# ---- 6. where the output goes ----------------------------------------------------

output_cases() {
	local in=$FX/gzip.img
	# a missing directory
	rm_run out-missing -o "$W/no-such-dir/out.img" "$in"
	check "-o into a missing directory: exit 1, the directory named" \
		test "$RC" -eq 1 -a -n "$(grep -F "$W/no-such-dir" "$OUT" | grep 'No such file or directory')"
	check "-o into a missing directory: it is not created" test ! -e "$W/no-such-dir"
	tmp_clean || bad "-o into a missing directory: temporary files left"
	# a directory as OUT
	mkdir -p "$W/out-dir"
	rm_run out-dir -o "$W/out-dir" "$in"
	check "-o a directory: exit 1, \"is a directory\"" test "$RC" -eq 1 -a -n "$(grep 'is a directory' "$OUT")"
	check "-o a directory: nothing put inside it" test -z "$(ls -A "$W/out-dir")"
	rm_run sep-dir --separate "$W/out-dir" "$in"
	check "--separate a directory: exit 1, nothing inside it" \
		test "$RC" -eq 1 -a -z "$(ls -A "$W/out-dir")"
}

# output_mounts - -o and --separate into a read-only directory and into a
# full one (private mounts in a mount namespace, gone with it)
output_mounts() {
	local d re log
	for d in ro full; do
		mkdir -p "$W/$d"
		log=$W/log/out-$d.out
		[[ $d == ro ]] && re='Read-only file system' || re='No space left on device'
		# shellcheck disable=SC2016 # expanded by the inner bash
		FX_IN=$FX/gzip.img LOG=$log unshare -m --propagation private bash -c '
			set -e
			d=$1; kind=$2; shift 2
			if [ "$kind" = ro ]; then
				mount --bind "$d" "$d"
				mount -o remount,bind,ro "$d"
			else
				mount -t tmpfs -o size=64k tmpfs "$d"
			fi
			rc=0
			"$@" -o "$d/out.img" "$FX_IN" >"$LOG" 2>&1 || rc=$?
			rc2=0
			"$@" --separate "$d/netboot.img" "$FX_IN" >>"$LOG" 2>&1 || rc2=$?
			echo "rc $rc $rc2" >>"$LOG"
			ls -A "$d" | sed "s/^/left /" >>"$LOG"
		' _ "$W/$d" "$d" env TMPDIR="$W/tmp" "$REMASTER" </dev/null || true
		check "-o and --separate into a $d directory: exit 1 both" grep -qx 'rc 1 1' "$log"
		check "-o and --separate into a $d directory: \"$re\"" test "$(grep -c "$re" "$log")" -ge 2
		check "-o and --separate into a $d directory: no file left in it" test -z "$(grep '^left ' "$log")"
		tmp_clean || bad "$d directory: temporary files left in TMPDIR"
	done
}

# ---- main -----------------------------------------------------------------------

# stock_initrd - the newest cached stock e2e initrd, if any
stock_initrd() {
	local f best=""
	for f in "$NB_BUILD"/e2e/initrd/stock-*.img; do
		[[ -s $f ]] || continue
		[[ -n $best && ! $f -nt $best ]] || best=$f
	done
	[[ -n $best ]] && echo "$best"
}

main() {
	local k stock t0=$SECONDS tool
	[[ $(id -u) -eq 0 ]] || nb_die "remaster: run as root (chroot, unshare -m)"
	for tool in cpio gzip xz zstd lz4 unmkinitramfs; do
		command -v "$tool" >/dev/null || nb_die "remaster: $tool is missing (make deps)"
	done
	[[ -x $IMAGE && -x $NB_BIN ]] || nb_die "remaster: run make first ($IMAGE, $NB_BIN)"
	nb_workdir >/dev/null
	W=$NB_WORK
	FX=$W/fx
	mkdir -p "$FX" "$W/tmp" "$W/out" "$W/u" "$W/log" "$W/refused"
	make_fixtures

	echo "--- append"
	for k in gzip xz lzma zstd zstd4 lz4 cpio; do
		check "$k: netboot-image reads the input as made ($(tr '\n' ' ' <"$FX/$k.segs"))" \
			same_segs "$FX/$k.img" "$FX/$k.segs"
		append_case "$k" "$FX/$k.img" "$FX/$k.segs" "${k/zstd4/zstd}" "$FX/tree"
	done
	check "ucode: netboot-image reads the input as made ($(tr '\n' ' ' <"$FX/ucode.segs"))" \
		same_segs "$FX/ucode.img" "$FX/ucode.segs"
	append_case ucode "$FX/ucode.img" "$FX/ucode.segs" zstd "$FX/tree"
	check "ucode: the microcode is unpacked first, unchanged" \
		cmp -s "$W/u/ucode/kernel/x86/microcode/GenuineIntel.bin" "$FX/ucode-tree/kernel/x86/microcode/GenuineIntel.bin"
	rm_run check-orig --check "$FX/gzip.img"
	check "--check on an initrd without netboot: exit 1, \"lacks netboot's files\"" \
		test "$RC" -eq 1 -a -n "$(grep "lacks netboot's files" "$OUT")"
	stock=$(stock_initrd || true)
	if [[ -n $stock ]]; then
		segs "$stock" >"$W/stock.segs"
		append_case stock "$stock" "$W/stock.segs" "$(tail -n 1 "$W/stock.segs" | cut -d' ' -f3)" ""
	else
		echo "skip stock: no cached stock initrd in $NB_BUILD/e2e/initrd/stock-*.img (make check-e2e builds it)"
	fi

	echo "--- conf/conf.d/netboot, sourced at boot"
	confd_cases "$W/u/gzip"
	if [[ -n $stock && -d $W/u/stock ]]; then
		confd_stock "$W/u/stock"
	fi

	echo "--- --separate"
	for k in gzip zstd xz cpio; do
		separate_case "$k" "$FX/$k.img" "$k"
	done
	separate_case ucode "$FX/ucode.img" zstd
	rm_run sep-lz4 --separate "$W/out/lz4.sep" "$FX/lz4odd.img"
	check "lz4 ($(size_of "$FX/lz4odd.img") bytes, not a multiple of 4): --separate refused, nothing written" \
		test "$RC" -eq 1 -a -n "$(grep 'not a multiple of 4' "$OUT")" -a ! -e "$W/out/lz4.sep"

	echo "--- --repack"
	repack_case gzip "$FX/gzip.img" gzip
	repack_case gzip-to-zstd "$FX/gzip.img" zstd
	repack_case zstd "$FX/zstd.img" zstd
	repack_case ucode "$FX/ucode.img" gzip
	repack_case cpio "$FX/cpio.img" gzip
	repack_case lz4 "$FX/lz4.img" xz

	echo "--- hostile and broken input"
	hostile_cases

	echo "--- where the output goes"
	output_cases
	output_mounts

	echo "($((SECONDS - t0)) s)"
	echo "remaster: $PASS passed, $FAIL failed"
	[[ $FAIL -eq 0 ]]
}

main "$@"
