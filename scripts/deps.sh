#!/bin/bash
# deps.sh - install every Debian package netboot's build, tests and demo
# need.  Idempotent: when everything is present it does nothing (no
# network); otherwise one `apt-get update`, then one `apt-get install`.
set -euo pipefail

PACKAGES=(
	# build
	make gcc libc6-dev klibc-utils libklibc-dev libnfs-dev file binutils
	# netboot-image (initrd decompressors)
	zlib1g-dev liblzma-dev libzstd-dev liblz4-dev
	# unit tests, fuzz replay
	libcmocka-dev clang
	# initrd / image assembly
	busybox-static cpio kmod squashfs-tools gzip xz-utils zstd lz4
	# net tier
	iproute2 dnsmasq-base
	# http tier: a real web server; curl for its stand-in client
	lighttpd curl
	# net bench: the DHCP clients netboot is timed against (klibc's
	# ipconfig comes with klibc-utils, udhcpc with busybox-static)
	isc-dhcp-client
	# nfs tier
	nfs-ganesha nfs-ganesha-vfs rpcbind
	# its endless-listing cases measure netboot-diag's peak RSS with time(1)
	time
	# server tier: netboot-server (the kernel NFS server mode is rendered, not run)
	xorriso ovmf shim-signed grub-efi-amd64-signed nfs-kernel-server
	# deb tier
	dpkg-dev lintian debootstrap
	# e2e tier and demo
	qemu-system-x86 ipxe-qemu pxelinux syslinux-common
	# stock live-boot initrd for the comparison scenario
	initramfs-tools live-boot
	# what casper's hook copies from the host (tests/lib/casper.sh)
	fdisk eject uuid-runtime
	# test helpers (tests/nfs/rpcstub.py, tests/lib/nfsstall.py, report senders)
	python3
	# shell lint
	shellcheck dash
)

main() {
	local missing=() p
	for p in "${PACKAGES[@]}"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
			missing+=("$p")
		fi
	done
	if [ ${#missing[@]} -eq 0 ]; then
		return 0
	fi
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: missing packages: ${missing[*]}" >&2
		echo "deps: run as root (or: apt-get install ${missing[*]})" >&2
		return 1
	fi
	echo "deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
}

main "$@"
