#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/lib/initrd.sh - assemble a busybox-static initramfs for qemu guests.
#
# Generic on purpose: the caller writes /init (an ash script, or the product
# binary's wrapper) and picks the modules and extra files; this file only
# lays out the tree and packs it.  Typical use:
#   initrd_new "$root"                          # skeleton + busybox applets
#   initrd_add_modules "$root" virtio_net nfsv4 # closure, in load order
#   initrd_add_file "$root" build/klibc/netboot /bin/netboot
#   initrd_set_init "$root" my-init.sh
#   initrd_build out.cpio.gz "$root"
# Modules land under /lib/modules/KVER/<path from modules.dep>, decompressed
# (busybox insmod takes plain ELF only), with a filtered modules.dep (so
# busybox modprobe works) and /etc/modules.load: one absolute path a line,
# dependencies first, for `while read m; do insmod "$m"; done`.
# Device nodes /dev/console and /dev/null are created with mknod (needs
# root): without /dev/console in the initramfs the kernel gives /init no
# stdio ("unable to open an initial console") and the log stays empty.

# shellcheck source=kernel.sh
source "$(dirname "${BASH_SOURCE[0]}")/kernel.sh"

INITRD_BUSYBOX=${INITRD_BUSYBOX:-/bin/busybox}

# initrd_new ROOTDIR - empty ROOTDIR, then skeleton dirs, busybox + applets.
initrd_new() {
	local root=$1 applet
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,run,tmp,mnt,root,etc,lib/modules,var/log}
	cp "$INITRD_BUSYBOX" "$root/bin/busybox"
	file -L "$root/bin/busybox" | grep -q 'statically linked' ||
		nb_die "initrd: $INITRD_BUSYBOX is not static (install busybox-static)"
	while read -r applet; do
		[[ -e "$root/$applet" ]] && continue
		ln -s /bin/busybox "$root/$applet"
	done < <("$root/bin/busybox" --list-full)
	mknod -m 600 "$root/dev/console" c 5 1
	mknod -m 666 "$root/dev/null" c 1 3
	mknod -m 666 "$root/dev/ttyS0" c 4 64
	: >"$root/etc/modules.load"
}

# initrd_add_modules ROOTDIR MOD... - add MODs and their dependencies.
initrd_add_modules() {
	local root=$1 rel dir
	shift
	kernel_fetch
	local mods
	mods=$(kernel_modules_closure "$@")
	for rel in $mods; do
		dir=$root/lib/modules/$KVER/${rel%/*}
		mkdir -p "$dir"
		kernel_module_copy "$rel" "$dir" >/dev/null
		rel=${rel%.xz}; rel=${rel%.gz}; rel=${rel%.zst}
		grep -qxF "/lib/modules/$KVER/$rel" "$root/etc/modules.load" ||
			echo "/lib/modules/$KVER/$rel" >>"$root/etc/modules.load"
	done
	# modules.dep restricted to what we shipped, names decompressed.
	sed 's/\.ko\.\(xz\|gz\|zst\)/.ko/g' "$KMODDIR/modules.dep" |
		awk -v list="$root/etc/modules.load" -v kver="$KVER" '
			BEGIN { while ((getline l < list) > 0) {
				sub("^/lib/modules/" kver "/", "", l); have[l] = 1 } }
			{ k = $1; sub(/:$/, "", k); if (k in have) print }' \
		>"$root/lib/modules/$KVER/modules.dep"
	cp "$KMODDIR/modules.builtin" "$KMODDIR/modules.order" "$root/lib/modules/$KVER/"
}

# initrd_add_file ROOTDIR SRC DEST [MODE] - copy SRC to ROOTDIR/DEST.
initrd_add_file() {
	local root=$1 src=$2 dest=$3 mode=${4:-}
	mkdir -p "$root/$(dirname "$dest")"
	cp -L "$src" "$root/$dest"
	[[ -z "$mode" ]] || chmod "$mode" "$root/$dest"
}

# initrd_add_text ROOTDIR DEST MODE - write stdin to ROOTDIR/DEST.
initrd_add_text() {
	local root=$1 dest=$2 mode=$3
	mkdir -p "$root/$(dirname "$dest")"
	cat >"$root/$dest"
	chmod "$mode" "$root/$dest"
}

# initrd_set_init ROOTDIR SCRIPT - install SCRIPT as /init (mode 755).
initrd_set_init() {
	initrd_add_file "$1" "$2" /init 755
}

# initrd_build OUT.cpio.gz ROOTDIR - pack ROOTDIR (newc, root-owned, gzip).
initrd_build() {
	local out=$1 root=$2
	[[ -x "$root/init" ]] || nb_die "initrd: $root/init missing or not executable"
	mkdir -p "$(dirname "$out")"
	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0) | gzip -1 >"$out.tmp"
	mv "$out.tmp" "$out"
}
