#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/deb/run.sh - the deb tier (make check-deb): netboot installs,
# works and leaves cleanly the Debian way.
#   1. lintian on build/netboot_VERSION_amd64.deb (make deb): no error;
#   2. a throwaway Debian 12 chroot (debootstrap --variant=minbase, cached
#      as a tarball under build/deb-chroot/), in a private mount namespace
#      (proc, the resolver, Debian's kernel modules bound read-only);
#   3. `apt-get install ./netboot_*.deb` there: dependencies come from
#      Debian, every packaged file is in place;
#   4. `mkinitramfs` there: netboot, netboot-diag, its shims and scripts
#      are inside the initrd (lsinitramfs);
#   5. `apt-get purge netboot`: no file of the package is left, and a new
#      initrd has no netboot in it.
# Last line: "deb: N passed, N failed".
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/kernel.sh
source "$HERE/../lib/kernel.sh"

MIRROR=${DEB_MIRROR:-http://deb.debian.org/debian}
PASS=0
FAIL=0
ROOT=

ok() { PASS=$((PASS + 1)); printf 'ok   %s\n' "$*"; }
bad() { FAIL=$((FAIL + 1)); printf 'FAIL %s\n' "$*"; }
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else bad "$desc"; fi
}

# chroot_tarball - a minbase bookworm, debootstrapped once and cached.
chroot_tarball() {
	local cache=$NB_BUILD/deb-chroot/bookworm-minbase.tar tmp
	if [[ ! -s $cache ]]; then
		mkdir -p "$(dirname "$cache")"
		tmp=$(mktemp -d "$NB_BUILD/deb-chroot/bootstrap.XXXXXX")
		nb_log "deb: debootstrap --variant=minbase bookworm (once; cached in $cache)"
		debootstrap --variant=minbase bookworm "$tmp/root" "$MIRROR" >"$tmp/log" 2>&1 ||
			{ tail -n 20 "$tmp/log" >&2; rm -rf "$tmp"; nb_die "debootstrap failed"; }
		rm -rf "$tmp/root/var/cache/apt/archives"/*.deb
		tar -C "$tmp/root" -cf "$cache.tmp" .
		mv "$cache.tmp" "$cache"
		rm -rf "$tmp"
	fi
	echo "$cache"
}

# in_chroot CMD - run CMD (sh -c) in the chroot, in a private mount
# namespace with /proc, /dev/null, the host's resolver and the kernel's
# modules.  Nothing is mounted on the host.
in_chroot() {
	# shellcheck disable=SC2016 # expanded by the inner sh
	unshare -m --propagation private sh -c '
		set -e
		r=$1; kmod=$2; kver=$3; shift 3
		mount -t proc proc "$r/proc"
		mount --bind /dev "$r/dev"
		mkdir -p "$r/lib/modules/$kver"
		mount --bind -o ro "$kmod" "$r/lib/modules/$kver"
		cp /etc/resolv.conf "$r/etc/resolv.conf"
		exec chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 sh -c "$1"
	' sh "$ROOT" "$KMODDIR" "$KVER" "$1"
}

cleanup() {
	[[ -n $ROOT && -d $ROOT ]] || return 0
	if findmnt -rn -o TARGET | grep -qF "$ROOT"; then
		nb_log "deb: mounts left under $ROOT; not removing it"
		return 0
	fi
	rm -rf --one-file-system "$ROOT"
}

main() {
	local deb tarball list lint f missing=0 left=0 out
	deb=$(find "$NB_BUILD" -maxdepth 1 -name 'netboot_*_amd64.deb' | sort | tail -n1)
	[[ -n $deb ]] || nb_die "no build/netboot_*_amd64.deb: run make deb"
	nb_workdir >/dev/null
	nb_cleanup_add cleanup

	lint=$(lintian "$deb" 2>/dev/null || true)
	printf '%s\n' "$lint" | sed '/^$/d; s/^/  lintian: /'
	check "lintian: no error in $(basename "$deb")" bash -c "! grep -q '^E: ' <<<\"\$1\"" _ "$lint"

	kernel_fetch
	tarball=$(chroot_tarball)
	ROOT=$NB_WORK/chroot
	mkdir -p "$ROOT"
	tar -C "$ROOT" -xf "$tarball"
	cp "$deb" "$ROOT/tmp/"
	mkdir -p "$ROOT/boot"
	cp "$KMODROOT/boot/config-$KVER" "$ROOT/boot/config-$KVER"

	out=$NB_WORK/install.log
	check "apt-get install ./$(basename "$deb") in a Debian 12 chroot" \
		in_chroot "apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends /tmp/$(basename "$deb") >/tmp/install.log 2>&1 || { tail -n 30 /tmp/install.log; exit 1; }"
	cp "$ROOT/tmp/install.log" "$out" 2>/dev/null || true

	list=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }')
	while IFS= read -r f; do
		[[ -e $ROOT$f ]] || { missing=$((missing + 1)); echo "  not installed: $f"; }
	done <<<"$list"
	check "every file of the package is installed ($(wc -l <<<"$list") files)" test "$missing" -eq 0
	check "netboot-server --help runs in the chroot" in_chroot "netboot-server --help >/dev/null"
	check "netboot --version runs in the chroot" in_chroot "/usr/lib/netboot/netboot --version"

	in_chroot "mkinitramfs -o /tmp/with.img $KVER >/tmp/mkinitramfs.log 2>&1 && lsinitramfs /tmp/with.img" \
		>"$NB_WORK/with.list" 2>&1 || true
	check "mkinitramfs puts netboot in the initrd" grep -qx 'usr/lib/netboot/netboot' "$NB_WORK/with.list"
	check "... and netboot-diag" grep -qx 'usr/lib/netboot/netboot-diag' "$NB_WORK/with.list"
	check "... and its shims" grep -qx 'usr/lib/netboot/shim/nfsmount' "$NB_WORK/with.list"
	check "... and its init-premount script" grep -qx 'scripts/init-premount/netboot' "$NB_WORK/with.list"
	check "... and its init-bottom script" grep -qx 'scripts/init-bottom/netboot' "$NB_WORK/with.list"

	check "apt-get purge netboot" in_chroot "apt-get purge -y -q netboot >/tmp/purge.log 2>&1 || { cat /tmp/purge.log; exit 1; }"
	check "dpkg no longer knows netboot" in_chroot "! dpkg -s netboot >/dev/null 2>&1"
	while IFS= read -r f; do
		[[ ! -e $ROOT$f ]] || { left=$((left + 1)); echo "  left after purge: $f"; }
	done <<<"$list"
	check "no file of the package is left" test "$left" -eq 0
	check "no /usr/lib/netboot directory is left" test ! -e "$ROOT/usr/lib/netboot"
	in_chroot "mkinitramfs -o /tmp/without.img $KVER >/dev/null 2>&1 && lsinitramfs /tmp/without.img" \
		>"$NB_WORK/without.list" 2>&1 || true
	check "a new initrd has no netboot" bash -c "grep -q '^usr/lib/modules\\|^lib/modules' '$NB_WORK/without.list' && ! grep -q 'netboot' '$NB_WORK/without.list'"

	echo "deb: $PASS passed, $FAIL failed"
	[[ $FAIL -eq 0 ]]
}

main "$@"
