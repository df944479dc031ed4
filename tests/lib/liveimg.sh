#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/lib/liveimg.sh - a tiny live system exported over NFS.
#
# liveimg_build DIR [EXTRA_TREE] makes DIR an export tree that casper and
# live-boot both accept:
#   DIR/casper/filesystem.squashfs   (casper, Ubuntu)
#   DIR/live/filesystem.squashfs     (live-boot, Debian; same file, hardlink)
#   DIR/.disk/info, DIR/.disk/casper-uuid-generic
# The squashfs holds a busybox-static root whose /sbin/init mounts proc,
# sys and dev, prints the marker "NETBOOT-E2E: live system reached", the
# kernel cmdline, /var/log/netboot.log (when present) and /proc/mounts, then
# "NETBOOT-E2E: done" and `poweroff -f` (qemu -no-reboot then exits).
# EXTRA_TREE, when given, is copied over the root (e.g. extra checks in
# /etc/netboot-e2e.d/*.sh, sourced before the marker lines are printed).
# The squashfs is cached under build/liveimg/<hash of inputs>/ and is
# reproducible (fixed times, root-owned).
# Env: LIVEIMG_UUID (default a fixed test uuid), LIVEIMG_COMP (gzip).

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

LIVEIMG_UUID=${LIVEIMG_UUID:-6e657462-6f6f-7465-3265-000000000001}
LIVEIMG_COMP=${LIVEIMG_COMP:-gzip}
export LIVEIMG_MARKER="NETBOOT-E2E: live system reached"

# liveimg_init_script - the live root's /sbin/init (busybox sh).
liveimg_init_script() {
	cat <<'INIT'
#!/bin/sh
# /sbin/init of the netboot e2e live image (tests/lib/liveimg.sh).
PATH=/sbin:/bin:/usr/sbin:/usr/bin
export PATH
mount -t proc proc /proc 2>/dev/null
mount -t sysfs sysfs /sys 2>/dev/null
[ -c /dev/null ] || mount -t devtmpfs devtmpfs /dev 2>/dev/null
for f in /etc/netboot-e2e.d/*.sh; do
	[ -f "$f" ] && . "$f"
done
echo "NETBOOT-E2E: live system reached"
echo "NETBOOT-E2E: cmdline: $(cat /proc/cmdline)"
if [ -f /var/log/netboot.log ]; then
	echo "NETBOOT-E2E: --- /var/log/netboot.log"
	cat /var/log/netboot.log
fi
echo "NETBOOT-E2E: --- /proc/mounts"
cat /proc/mounts
echo "NETBOOT-E2E: done"
sync
poweroff -f
INIT
}

# liveimg_hash [EXTRA_TREE] - hash of everything that goes into the image.
liveimg_hash() {
	{
		sha256sum /bin/busybox
		liveimg_init_script
		echo "$LIVEIMG_COMP"
		if [[ -n "${1:-}" ]]; then
			(cd "$1" && find . -type f -print0 | LC_ALL=C sort -z |
				xargs -0r sha256sum)
		fi
	} | sha256sum | cut -c1-16
}

# liveimg_squashfs OUT [EXTRA_TREE] - build the root and mksquashfs it.
liveimg_squashfs() {
	local out=$1 extra=${2:-} root applet
	root=$(mktemp -d "$(dirname "$out")/root.XXXXXX")
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,run,tmp,mnt,root,etc,var/log,cdrom}
	cp /bin/busybox "$root/bin/busybox"
	while read -r applet; do
		[[ -e "$root/$applet" ]] || ln -s /bin/busybox "$root/$applet"
	done < <(/bin/busybox --list-full)
	rm -f "$root/sbin/init"
	liveimg_init_script >"$root/sbin/init"
	chmod 755 "$root/sbin/init"
	mknod -m 600 "$root/dev/console" c 5 1
	mknod -m 666 "$root/dev/null" c 1 3
	echo netboot-live >"$root/etc/hostname"
	if [[ -n "$extra" ]]; then
		cp -a "$extra/." "$root/"
	fi
	# A private temp name: concurrent runs may build the same image.
	mksquashfs "$root" "$root.sqfs" -noappend -quiet -no-progress \
		-comp "$LIVEIMG_COMP" -all-root -mkfs-time 0 -all-time 0 >/dev/null
	mv "$root.sqfs" "$out"
	rm -rf "$root"
}

# liveimg_build DIR [EXTRA_TREE] - make DIR the export tree (see above).
liveimg_build() {
	local dir=$1 extra=${2:-} hash cache
	hash=$(liveimg_hash "$extra")
	cache=$NB_BUILD/liveimg/$hash
	if [[ ! -s "$cache/filesystem.squashfs" ]]; then
		mkdir -p "$cache"
		liveimg_squashfs "$cache/filesystem.squashfs" "$extra"
		nb_log "liveimg: built $cache/filesystem.squashfs"
	fi
	mkdir -p "$dir/casper" "$dir/live" "$dir/.disk"
	ln -f "$cache/filesystem.squashfs" "$dir/casper/filesystem.squashfs" 2>/dev/null ||
		cp "$cache/filesystem.squashfs" "$dir/casper/filesystem.squashfs"
	ln -f "$dir/casper/filesystem.squashfs" "$dir/live/filesystem.squashfs"
	echo "netboot e2e live image $hash" >"$dir/.disk/info"
	echo "$LIVEIMG_UUID" >"$dir/.disk/casper-uuid-generic"
}
