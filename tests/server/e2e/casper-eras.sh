#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# casper-eras: netboot-remaster on stock casper initrds of every published
# era (jammy 1.470.2, bionic 1.394, xenial 1.376.2, trusty 1.340.2; built by
# tests/lib/casper.sh, cached), without booting them (bios-casper-proxy
# boots jammy; CASPER_ERA=... boots another by hand).  Per era:
#  - the stock initrd builds with this host's mkinitramfs (else "skip: ...")
#  - netboot-remaster appends netboot; --check passes; casper's bytes are
#    unchanged at the start
#  - the initrd's /init (initramfs-tools') sources conf/conf.d/* before it
#    runs init-premount, so conf/conf.d/netboot is read in time
#  - conf/conf.d/netboot, sourced (twice, as a re-run would) in the unpacked
#    initrd by its own shell, adds netboot to both ORDER files once each
#  - netboot's nfsmount shim survives casper's PATH reset: scripts/casper
#    sets PATH when init sources it, and casper-premount/ORDER sources
#    /conf/param.conf (where netboot puts its PATH) after each script
# An era without its tarball prints "skip: ..." and counts nothing.
set -euo pipefail
# shellcheck source=../case.sh
source "$(dirname "${BASH_SOURCE[0]}")/../case.sh"
# shellcheck source=../../lib/casper.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../lib/casper.sh"

read -r -a ERAS <<<"${CASPER_ERAS:-jammy bionic xenial trusty}"

# remaster ARGS... - netboot-remaster, its output in NB_WORK/remaster.log.
remaster() {
	"$NB_ROOT/scripts/netboot-remaster" "$@" >>"$NB_WORK/remaster.log" 2>&1
}

# unpack IMG DIR - every segment of IMG into DIR, in order, as the kernel does.
unpack() {
	local img=$1 dir=$2 word off len kind rest
	mkdir -p "$dir"
	# "segment N OFFSET LENGTH KIND MEMBERS"
	while read -r word _ off len kind rest; do
		[[ $word == segment ]] || continue
		case $kind in
		zstd) tail -c +"$((off + 1))" "$img" | head -c "$len" | zstd -qdc ;;
		gzip) tail -c +"$((off + 1))" "$img" | head -c "$len" | gzip -dc ;;
		xz|lzma) tail -c +"$((off + 1))" "$img" | head -c "$len" | xz -dc ;;
		none|cpio) tail -c +"$((off + 1))" "$img" | head -c "$len" ;;
		*) echo "unpack: segment kind $kind" >&2; return 1 ;;
		esac | (cd "$dir" && cpio -idm --quiet --no-absolute-filenames 2>/dev/null)
	done < <("$NB_BUILD/netboot-image" initrd-ls "$img")
	[[ -f $dir/init ]]
}

# init_order TREE - conf.d sourced before init-premount runs, in TREE/init.
init_order() {
	local conf pre
	conf=$(grep -nE '^[[:space:]]*for [a-z_]+ in (/)?conf/conf\.d/\*' "$1/init" | head -n1 | cut -d: -f1)
	pre=$(grep -nE '^[^#]*run_scripts /scripts/init-premount' "$1/init" | head -n1 | cut -d: -f1)
	[[ -n $conf && -n $pre && $conf -lt $pre ]] &&
		sed -n "$conf,$((conf + 3))p" "$1/init" | grep -qE '\. +"?\$\{?conf'
}

# conf_d_twice TREE - source conf/conf.d/netboot twice in TREE (chroot, the
# initrd's own sh); each ORDER file then names netboot exactly once.
conf_d_twice() {
	local tree=$1 d
	chroot "$tree" /bin/sh -c '. /conf/conf.d/netboot; . /conf/conf.d/netboot' || return 1
	for d in init-premount init-bottom; do
		[[ $(grep -c "^/scripts/$d/netboot \"\$@\"$" "$tree/scripts/$d/ORDER") == 1 ]] || return 1
		grep -A1 "^/scripts/$d/netboot " "$tree/scripts/$d/ORDER" | tail -n1 |
			grep -qx '\[ -e /conf/param.conf \] && \. /conf/param.conf' || return 1
	done
}

# path_kept TREE - casper resets PATH, and param.conf is sourced after each
# casper-premount script (so netboot's PATH, shims first, comes back).
path_kept() {
	local tree=$1
	[[ -f $tree/scripts/casper ]] || return 1
	grep -qE '^export PATH=' "$tree/scripts/casper" || return 0 # nothing to survive
	[[ -s $tree/scripts/casper-premount/ORDER ]] &&
		grep -qx '\[ -e /conf/param.conf \] && \. /conf/param.conf' "$tree/scripts/casper-premount/ORDER"
}

main() {
	local era rc out tree skipped=0
	case_begin casper-eras
	echo "(no server in this case: initrds only)" >"$NB_WORK/server.out"
	for era in "${ERAS[@]}"; do
		rc=0
		casper_initrd "$era" "" || rc=$?
		if [[ $rc -eq 2 ]]; then
			echo "$CASPER_SKIP"
			skipped=$((skipped + 1))
			continue
		fi
		check "$era: the stock casper initrd builds (log $E2E_DIR/initrd/casper-$era-*.img.log)" test "$rc" = 0
		[[ $rc -eq 0 ]] || continue
		out=$NB_WORK/$era.netboot.img
		tree=$NB_WORK/$era.tree
		check "$era: netboot-remaster appends netboot" remaster -o "$out" "$CASPER_INITRD"
		check "$era: netboot-remaster --check passes" remaster --check "$out"
		check "$era: casper's bytes unchanged at the start" \
			cmp -s -n "$(stat -c %s "$CASPER_INITRD")" "$CASPER_INITRD" "$out"
		check "$era: unpacks, segment by segment" unpack "$out" "$tree"
		check "$era: /init sources conf/conf.d/* before init-premount" init_order "$tree"
		check "$era: conf/conf.d/netboot adds netboot to both ORDER files, once" conf_d_twice "$tree"
		check "$era: netboot's PATH (nfsmount shim) survives casper's PATH reset" path_kept "$tree"
		if [[ -f $tree/scripts/casper ]] && ! grep -qE '^[[:space:]]*netboot=\*\)' "$tree/scripts/casper"; then
			echo "note $era: casper takes NETBOOT from initramfs-tools' /init (Ubuntu's sets it from netboot=, Debian's does not)"
		fi
		rm -rf "$tree" "$out"
	done
	if [[ $skipped -eq ${#ERAS[@]} ]]; then
		echo "casper-eras: 0 passed, 0 failed (skipped)"
		return 0
	fi
	case_end
}

main "$@"
