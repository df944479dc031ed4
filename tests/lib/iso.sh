#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/lib/iso.sh - small live ISOs, built the way Ubuntu's and Debian's
# are laid out, for netboot-server's tests and the demo.
#
# iso_build OUT KIND KERNEL INITRD [LABEL] makes OUT (xorriso, Rock Ridge +
# Joliet) holding the tiny live image of tests/lib/liveimg.sh:
#   casper: casper/vmlinuz, casper/initrd, casper/filesystem.squashfs,
#           .disk/info, .disk/casper-uuid-generic (ISO_CASPER_UUID, the uuid
#           the casper initrd was built with, when given)
#   live:   live/vmlinuz-KVER, live/initrd.img-KVER, live/filesystem.squashfs,
#           .disk/info
# ISO_NO_DISK=1 leaves .disk/ out; ISO_LAYERED=1 (casper) replaces
# filesystem.squashfs by the 23.10+ layered set (minimal.squashfs,
# minimal.standard.squashfs, minimal.standard.live.squashfs).
# KERNEL and INITRD are whatever the caller built (the initrd is the stock
# one: netboot-server adds netboot itself).  The live image's /sbin/init
# runs the checks in ISO_LIVE_TREE (default: none) before its marker.

# shellcheck source=liveimg.sh
source "$(dirname "${BASH_SOURCE[0]}")/liveimg.sh"

# iso_build OUT KIND KERNEL INITRD [LABEL]
iso_build() {
	local out=$1 kind=$2 kernel=$3 initrd=$4 label=${5:-} tree kver
	nb_workdir >/dev/null
	tree=$(mktemp -d "$NB_WORK/isotree.XXXXXX")
	liveimg_build "$tree/img" "${ISO_LIVE_TREE:-}"
	kver=${KVER:-6.1.0-0-amd64}
	mkdir -p "$tree/iso/.disk"
	case $kind in
	casper)
		mkdir -p "$tree/iso/casper"
		cp "$kernel" "$tree/iso/casper/vmlinuz"
		cp "$initrd" "$tree/iso/casper/initrd"
		if [[ -n ${ISO_LAYERED:-} ]]; then
			cp "$tree/img/casper/filesystem.squashfs" "$tree/iso/casper/minimal.standard.live.squashfs"
			cp "$tree/img/casper/filesystem.squashfs" "$tree/iso/casper/minimal.standard.squashfs"
			cp "$tree/img/casper/filesystem.squashfs" "$tree/iso/casper/minimal.squashfs"
		else
			cp "$tree/img/casper/filesystem.squashfs" "$tree/iso/casper/filesystem.squashfs"
		fi
		echo "${label:-Ubuntu 22.04 netboot test (casper)}" >"$tree/iso/.disk/info"
		[[ -z ${ISO_CASPER_UUID:-} ]] || echo "$ISO_CASPER_UUID" >"$tree/iso/.disk/casper-uuid-generic"
		;;
	live)
		mkdir -p "$tree/iso/live"
		cp "$kernel" "$tree/iso/live/vmlinuz-$kver"
		cp "$initrd" "$tree/iso/live/initrd.img-$kver"
		cp "$tree/img/live/filesystem.squashfs" "$tree/iso/live/filesystem.squashfs"
		echo "${label:-Debian 12 netboot test (live-boot)}" >"$tree/iso/.disk/info"
		;;
	*) nb_die "iso_build: kind $kind (casper|live)" ;;
	esac
	[[ -z ${ISO_NO_DISK:-} ]] || rm -rf "$tree/iso/.disk"
	xorriso -as mkisofs -quiet -R -J -V "NETBOOT_${kind^^}" \
		-o "$out.tmp" "$tree/iso" 2>/dev/null || nb_die "xorriso failed for $out"
	mv "$out.tmp" "$out"
	rm -rf "$tree"
}
