#!/bin/bash
# scripts/mkdeb.sh - `make deb`: build/netboot_VERSION_amd64.deb from a
# `make install DESTDIR=` tree, with its control data generated here (the
# project has no debian/ directory): Depends from dpkg-shlibdeps on the
# dynamic binaries plus what each tool runs, Recommends for the server
# side, an update-initramfs trigger (initramfs-tools rebuilds the initrds
# once netboot's hook is in or out), gzipped man pages, a copyright file
# and a changelog.  Checked with lintian when it is installed.
#
# Usage: scripts/mkdeb.sh VERSION STAGE OUTDIR
set -euo pipefail

PKG=netboot
MAINTAINER=${DEB_MAINTAINER:-netboot developers <devel@netboot.example>}

# shlibs_depends ROOT - the Depends dpkg-shlibdeps finds for the dynamic
# ELF files under ROOT (netboot-image links zlib, liblzma, libzstd, liblz4).
shlibs_depends() {
	local root=$1 tmp f
	local -a elfs=()
	while IFS= read -r -d '' f; do
		if file -b "$f" | grep -q 'dynamically linked'; then
			elfs+=("$f")
		fi
	done < <(find "$root" -type f -perm -u+x -print0)
	[[ ${#elfs[@]} -gt 0 ]] || return 0
	tmp=$(mktemp -d)
	mkdir -p "$tmp/debian"
	printf 'Source: %s\n\nPackage: %s\nArchitecture: amd64\n' "$PKG" "$PKG" >"$tmp/debian/control"
	(cd "$tmp" && dpkg-shlibdeps -O "${elfs[@]}" 2>/dev/null) | sed -n 's/^shlibs:Depends=//p'
	rm -rf "$tmp"
}

main() {
	local version=$1 stage=$2 out=$3 root deps size deb
	[[ -d $stage/root/usr ]] || { echo "mkdeb: $stage/root/usr missing: make install DESTDIR=$stage/root first" >&2; exit 1; }
	root=$(cd "$stage/root" && pwd)
	mkdir -p "$root/DEBIAN" "$root/usr/share/doc/$PKG"

	# man pages compressed, as Debian ships them
	find "$root/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9nf {} +

	cat >"$root/usr/share/doc/$PKG/copyright" <<-EOF
	Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
	Upstream-Name: netboot
	Comment: Built from the netboot source tree by scripts/mkdeb.sh.

	Files: *
	Copyright: 2026 the netboot developers
	License: undecided
	 The netboot developers have not chosen a license yet.  Until they do,
	 this package is for evaluation on your own machines.
	EOF
	{
		printf '%s (%s) unstable; urgency=medium\n\n' "$PKG" "$version"
		printf '  * Built from the netboot source tree (see its git history).\n\n'
		printf ' -- %s  %s\n' "$MAINTAINER" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")"
	} | gzip -9n >"$root/usr/share/doc/$PKG/changelog.gz"

	deps=$(shlibs_depends "$root")
	size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
	cat >"$root/DEBIAN/control" <<-EOF
	Package: $PKG
	Version: $version
	Architecture: amd64
	Maintainer: $MAINTAINER
	Installed-Size: $size
	Depends: ${deps:+$deps, }initramfs-tools, cpio, zstd, xz-utils, lz4
	Recommends: dnsmasq-base, pxelinux, syslinux-common, shim-signed, grub-efi-amd64-signed, nfs-kernel-server | nfs-ganesha-vfs, iproute2
	Section: admin
	Priority: optional
	Homepage: https://localhost/netboot
	Description: network boot of live Linux images (casper, live-boot) over PXE and NFS
	 netboot is a small static binary and a few initramfs-tools scripts that run
	 inside Ubuntu casper's or Debian live-boot's initrd: they find the real boot
	 network interface, get a DHCP lease, mount the NFS export of the live image,
	 check it, and keep NetworkManager off the boot interface, saying exactly why
	 when something fails (netboot-diag).
	 .
	 The server side turns a live ISO into a PXE + NFS boot server in one command
	 (netboot-server: proxyDHCP or full DHCP, BIOS and UEFI Secure Boot) and adds
	 netboot to an existing initrd (netboot-remaster).
	EOF
	# netboot and netboot-diag are static on purpose: they run in initrds
	mkdir -p "$root/usr/share/lintian/overrides"
	cat >"$root/usr/share/lintian/overrides/$PKG" <<-EOF
	# static on purpose: copied into initrds, where no shared libc is
	$PKG: statically-linked-binary [usr/lib/netboot/netboot]
	$PKG: statically-linked-binary [usr/lib/netboot/netboot-diag]
	EOF
	# initramfs-tools rebuilds the initrds when the hook comes or goes
	printf 'activate-noawait update-initramfs\n' >"$root/DEBIAN/triggers"
	(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' |
		LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
	chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums" "$root/DEBIAN/triggers"
	find "$root" -type d -exec chmod 0755 {} +

	mkdir -p "$out"
	deb=$out/${PKG}_${version}_amd64.deb
	dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
	echo "deb: $deb ($(stat -c %s "$deb") bytes)"
	if command -v lintian >/dev/null 2>&1; then
		lintian --no-tag-display-limit "$deb" | sed 's/^/  lintian: /' || true
	fi
}

main "$@"
