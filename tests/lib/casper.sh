#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/lib/casper.sh - a stock casper initrd (Ubuntu's live-system scripts,
# no netboot in it) for the Debian kernel tests/lib/kernel.sh fetches, so
# the tests can check that netboot-remaster adds netboot to a real one.
#
# casper is not part of this project: its published scripts are test data,
# tarballs in CASPER_PEERS (default ../shared/peers/casper beside the
# checkout; casper-ERA.tar.gz, ERA jammy, bionic, xenial or trusty), unpacked
# at run time.  Without the tarball casper_initrd returns 2 and sets
# CASPER_SKIP to a "skip: ..." reason for the caller to print.
#
# casper_initrd ERA OUT builds the initrd the way Ubuntu's livecd-rootfs
# does (CASPER_GENERATE_UUID=1 mkinitramfs, so conf/uuid.conf and the ISO's
# .disk/casper-uuid-generic must match), with the host's mkinitramfs and
# the e2e tier's private conf dir (tests/e2e/lib.sh e2e_confdir stock:
# MODULES=list with E2E_MODULES, BUSYBOX=y, COMPRESS=zstd, and the last
# hooks that remove netboot's files whether or not netboot is installed).
# casper's hook reads fixed host paths; they are read-only overlays in a
# private mount namespace (unshare -m), never written on the host:
#   /usr/share   + initramfs-tools/hooks/casper, initramfs-tools/scripts/
#                  casper*, from the tarball; casper/casper-{reconfigure,
#                  preseed,set-selections}, stand-ins (casper's bin/, not
#                  in the tarball; they only act in a full Ubuntu root)
#   /etc         + casper.conf, from the tarball
#   /usr/lib     + casper/casper-md5check, a stand-in (bionic and older
#                  copy it; only the integrity-check boot option runs it)
# and live-boot's hooks and boot script (the e2e tier installs live-boot)
# are hidden by whiteouts in the /usr/share layer: an Ubuntu initrd has
# casper, not both.
# /lib/modules/KVER and /boot/config-KVER come from e2e_link under the e2e
# host lock, as for the e2e initrds.  The hook also copies /sbin/sfdisk,
# /usr/bin/eject, mkfs.ext4, losetup, swapon, cdrom_id and uuidgen from
# the host (scripts/deps.sh installs fdisk, eject and uuid-runtime).
# The result is cached as build/e2e/initrd/casper-ERA-<hash of inputs>.img,
# its uuid beside it (.uuid); OUT gets a hard link (or a copy).
# Sets CASPER_INITRD (the cached image), CASPER_UUID, CASPER_SKIP.

# shellcheck source=../e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"

CASPER_PEERS=${CASPER_PEERS:-$(cd "$NB_ROOT/.." && pwd)/shared/peers/casper}
CASPER_INITRD=
CASPER_UUID=
CASPER_SKIP=
export CASPER_SKIP
# host programs casper's hooks copy into the initrd (all eras)
CASPER_HOST_TOOLS=(/sbin/losetup /sbin/mkfs.ext4 /sbin/sfdisk /usr/bin/eject
	/sbin/swapon /lib/udev/cdrom_id /lib/udev/rules.d/60-cdrom_id.rules /usr/bin/uuidgen)

# casper_tarball ERA - the tarball's path; 1 (and CASPER_SKIP) when absent.
casper_tarball() {
	local t=$CASPER_PEERS/casper-$1.tar.gz
	if [[ ! -f $t ]]; then
		CASPER_SKIP="skip: casper $1: no $t (casper's published scripts are test data, not part of netboot)"
		return 1
	fi
	echo "$t"
}

# casper_standin NAME - a stand-in for a casper program the tarball lacks.
casper_standin() {
	printf '#!/bin/sh\n# tests/lib/casper.sh: stand-in for casper'"'"'s %s (not in the tarball)\n' "$1"
	printf 'echo "%s: test stand-in, nothing done" >&2\nexit 0\n' "$1"
}

# casper_stage ERA DIR - the overlay layers: DIR/share, DIR/etc, DIR/lib.
casper_stage() {
	local era=$1 dir=$2 tarball top f
	tarball=$(casper_tarball "$era") || return 1
	mkdir -p "$dir/src" "$dir/share/initramfs-tools/hooks" "$dir/share/initramfs-tools/scripts" \
		"$dir/share/casper" "$dir/etc" "$dir/lib/casper"
	tar -xzf "$tarball" -C "$dir/src"
	top=$dir/src/casper-$era
	[[ -f $top/hooks/casper && -f $top/scripts/casper ]] || nb_die "casper: $tarball has no hooks/casper or scripts/casper"
	cp -p "$top/hooks/casper" "$dir/share/initramfs-tools/hooks/casper"
	chmod 755 "$dir/share/initramfs-tools/hooks/casper"
	cp -pR "$top/scripts/." "$dir/share/initramfs-tools/scripts/"
	cp -p "$top/casper.conf" "$dir/etc/casper.conf"
	for f in casper-reconfigure casper-preseed casper-set-selections; do
		casper_standin "$f" >"$dir/share/casper/$f"
	done
	casper_standin casper-md5check >"$dir/lib/casper/casper-md5check"
	chmod 755 "$dir/share/casper/"* "$dir/lib/casper/"*
	# whiteouts (0/0 character devices) hide live-boot's files below
	for f in $(casper_hidden); do
		mkdir -p "$dir/share/${f%/*}"
		mknod "$dir/share/$f" c 0 0
	done
	rm -rf "$dir/src"
}

# casper_hidden - live-boot's initramfs-tools files, relative to /usr/share.
casper_hidden() {
	local f
	dpkg -L live-boot-initramfs-tools 2>/dev/null |
		while read -r f; do
			[[ $f == /usr/share/initramfs-tools/* && -f $f ]] && echo "${f#/usr/share/}"
		done
	return 0
}

# casper_confdir DIR - the e2e stock conf dir, plus a last hook that drops
# the kernel config netboot's hook (when installed) copies to /boot: the
# zz-e2e-no-netboot hook leaves it, and an Ubuntu initrd has none.
casper_confdir() {
	local dir=$1
	e2e_confdir "$dir" stock
	cat >"$dir/hooks/zz-e2e-no-netboot-config" <<-'HOOK'
	#!/bin/sh
	# tests/lib/casper.sh: no netboot leftovers in the stock casper initrd.
	PREREQ=""
	prereqs() { echo "$PREREQ"; }
	case "$1" in prereqs) prereqs; exit 0 ;; esac
	rm -rf "$DESTDIR/boot"
	exit 0
	HOOK
	chmod 755 "$dir/hooks/zz-e2e-no-netboot-config"
}

# casper_hash ERA - hash of everything the ERA initrd is made of.
casper_hash() {
	local era=$1 tmp
	tmp=$(mktemp -d "$NB_BUILD/tmp/casper.XXXXXX")
	casper_confdir "$tmp/conf"
	{
		echo "casper $era $KVER"
		sha256sum <"$(casper_tarball "$era")"
		e2e_tool_versions
		dpkg-query -W -f '${Package} ${Version}\n' e2fsprogs mount fdisk eject \
			uuid-runtime 2>/dev/null || true
		(cd "$tmp/conf" && find . -type f | LC_ALL=C sort | xargs sha256sum)
		casper_standin x
		casper_hidden
		declare -f casper_build_ns
	} | sha256sum | cut -c1-16
	rm -rf "$tmp"
}

# casper_build_ns STAGE CONF OUT KVER KMODDIR - in a private mount
# namespace (run by unshare): overlay the layers, run mkinitramfs.
casper_build_ns() {
	local stage=$1 conf=$2 out=$3 kver=$4 kmoddir=$5
	set -e
	mount -t overlay casper-share -o "ro,lowerdir=$stage/share:/usr/share" /usr/share
	mount -t overlay casper-etc -o "ro,lowerdir=$stage/etc:/etc" /etc
	mount -t overlay casper-lib -o "ro,lowerdir=$stage/lib:/usr/lib" /usr/lib
	# the overlay shows /usr/lib's own files, not the bind mount on
	# /lib/modules/KVER (e2e_link): bind the modules again
	if [[ ! -e /usr/lib/modules/$kver/modules.dep ]]; then
		mount --bind -o ro "$kmoddir" "/usr/lib/modules/$kver"
	fi
	CASPER_GENERATE_UUID=1 mkinitramfs -d "$conf" -o "$out" "$kver"
}

# casper_check IMG - scripts/casper and casper-bottom/ORDER in, netboot out.
casper_check() {
	local img=$1 list
	[[ -x $NB_BUILD/netboot-image ]] || nb_die "casper: $NB_BUILD/netboot-image missing (run make)"
	list=$("$NB_BUILD/netboot-image" initrd-ls --members "$img") ||
		nb_die "casper: netboot-image initrd-ls refused $img"
	grep -qE '^member f [0-7]+ [0-9]+ scripts/casper$' <<<"$list" || nb_die "casper: $img has no scripts/casper"
	grep -qE '^member f [0-7]+ [0-9]+ scripts/casper-bottom/ORDER$' <<<"$list" ||
		nb_die "casper: $img has no scripts/casper-bottom/ORDER"
	! grep -qE '^member [a-z] [0-7]+ [0-9]+ (usr/lib/netboot|scripts/init-premount/netboot|scripts/init-bottom/netboot|conf/conf.d/netboot|boot/)' <<<"$list" ||
		nb_die "casper: stock $img has netboot in it"
}

# casper_uuid_of IMG - its conf/uuid.conf (empty when it has none).
casper_uuid_of() {
	local img=$1 tmp
	tmp=$(mktemp -d "$NB_BUILD/tmp/casper-un.XXXXXX")
	unmkinitramfs "$img" "$tmp" >/dev/null 2>&1 || true
	cat "$tmp/conf/uuid.conf" "$tmp/main/conf/uuid.conf" 2>/dev/null | head -n1 || true
	rm -rf "$tmp"
}

# casper_mkinitramfs ERA IMG - build (the caller holds the lock, links made).
casper_mkinitramfs() {
	local era=$1 img=$2 tmp log t0
	tmp=$(mktemp -d "$NB_BUILD/tmp/casper.XXXXXX")
	casper_stage "$era" "$tmp/stage"
	casper_confdir "$tmp/conf"
	log=$img.log
	t0=$(nb_now_ms)
	if ! unshare -m --propagation private bash -c "$(declare -f casper_build_ns); casper_build_ns \"\$@\"" \
		casper-build "$tmp/stage" "$tmp/conf" "$img.tmp" "$KVER" "$KMODDIR" >"$log" 2>&1; then
		tail -n 20 "$log" >&2
		rm -rf "$tmp" "$img.tmp"
		return 1
	fi
	rm -rf "$tmp"
	mv "$img.tmp" "$img"
	nb_log "casper: $era initrd $(basename "$img"), $(stat -c %s "$img") bytes, in $(nb_elapsed "$t0") s"
}

# casper_initrd ERA OUT - see the top; 0 built, 2 skipped (CASPER_SKIP), 1
# failed (the log says why).
casper_initrd() {
	local era=$1 out=$2 dir=$E2E_DIR/initrd h img tool rc=0
	CASPER_SKIP=
	CASPER_INITRD=
	CASPER_UUID=
	casper_tarball "$era" >/dev/null || return 2
	for tool in "${CASPER_HOST_TOOLS[@]}"; do
		if [[ ! -e $tool ]]; then
			CASPER_SKIP="skip: casper $era: its hook copies $tool, which this host lacks (make deps)"
			return 2
		fi
	done
	kernel_fetch
	mkdir -p "$dir" "$NB_BUILD/tmp"
	h=$(casper_hash "$era")
	img=$dir/casper-$era-$h.img
	if [[ ! -s $img ]]; then
		e2e_host_lock
		nb_cleanup_add e2e_unlink
		if [[ ! -s $img ]]; then
			e2e_link "$KMODDIR" "/lib/modules/$KVER"
			e2e_link "$KMODROOT/boot/config-$KVER" "/boot/config-$KVER"
			casper_mkinitramfs "$era" "$img" || rc=$?
			e2e_unlink
		fi
		e2e_host_unlock
		[[ $rc -eq 0 ]] || { nb_log "casper: mkinitramfs ($era) failed, log $img.log"; return 1; }
		casper_check "$img"
		casper_uuid_of "$img" >"$img.uuid"
	fi
	CASPER_INITRD=$img
	CASPER_UUID=$(cat "$img.uuid" 2>/dev/null || true)
	if [[ -n $out ]]; then
		ln -f "$img" "$out" 2>/dev/null || cp "$img" "$out"
	fi
	export CASPER_INITRD CASPER_UUID
	return 0
}
