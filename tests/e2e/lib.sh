#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/lib.sh - the e2e tier's helpers: Debian's real initramfs-tools +
# live-boot initrds built with mkinitramfs, the live image with its
# checks, export trees, one scenario's bookkeeping.
#
# Initrds (e2e_initrds sets E2E_INITRD and E2E_STOCK_INITRD):
#  - built with the host's mkinitramfs for the Debian kernel that
#    tests/lib/kernel.sh fetches (KVER).  mkinitramfs reads
#    /lib/modules/KVER and /boot/config-KVER only: while it runs (under a
#    host-wide lock) the first is a read-only bind mount of
#    build/kernel/root/lib/modules/KVER, the second a symlink, both made
#    only if missing and removed afterwards.  No dpkg -i, no update-initramfs.
#  - netboot: `make install` into the host's / first (the documented way;
#    left installed), then mkinitramfs -d CONFDIR with a private
#    initramfs.conf (MODULES=list, BUSYBOX=y, COMPRESS=zstd) and modules
#    file (E2E_MODULES).
#  - stock: the same CONFDIR plus a last hook, zz-e2e-no-netboot, that
#    removes netboot's scripts and binaries from the image before the run
#    order is cached: the initrd the host would build without netboot,
#    whatever is installed (no moving of installed files, safe when
#    others build concurrently).
#  Both are cached under build/e2e/initrd/<kind>-<hash of inputs>.img.
# Live image: tests/lib/liveimg.sh's image plus e2e_live_tree (checks run by
# the live root's /sbin/init, the NetworkManager / netplan / ifupdown paths
# src/core/nmconf.c probes for, so handoff writes its files).

# shellcheck source=../lib/kernel.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/kernel.sh"
# shellcheck source=../lib/liveimg.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/liveimg.sh"
# shellcheck source=../lib/ganesha.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/ganesha.sh"
# shellcheck source=../lib/qemu.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/qemu.sh"

E2E_DIR=${E2E_DIR:-$NB_BUILD/e2e}
E2E_HOSTLOCK=${E2E_HOSTLOCK:-/tmp/netboot-e2e-host.lock}
E2E_MODULES=${E2E_MODULES:-virtio_pci virtio_net e1000 af_packet sunrpc nfs nfsv3 nfsv4 squashfs overlay loop isofs}
E2E_MEM=${E2E_MEM:-768}
E2E_INITRD=${E2E_INITRD:-}
E2E_STOCK_INITRD=${E2E_STOCK_INITRD:-}
E2E_CHECKS=()
E2E_LINKS=()

# ---- initrds ---------------------------------------------------------------

# e2e_confdir DIR KIND - write an initramfs-tools conf dir (KIND netboot|stock).
e2e_confdir() {
	local dir=$1 kind=$2 m
	rm -rf "$dir"
	mkdir -p "$dir/conf.d" "$dir/hooks" "$dir/scripts"
	cat >"$dir/initramfs.conf" <<-CONF
	# tests/e2e/lib.sh: private conf dir for mkinitramfs -d
	MODULES=list
	BUSYBOX=y
	KEYMAP=n
	COMPRESS=zstd
	DEVICE=
	NFSROOT=auto
	RUNSIZE=10%
	FSTYPE=auto
	CONF
	for m in $E2E_MODULES; do echo "$m"; done >"$dir/modules"
	if [[ $kind == stock ]]; then
		cat >"$dir/hooks/zz-e2e-no-netboot" <<-'HOOK'
		#!/bin/sh
		# tests/e2e: the stock initrd, whether or not netboot is installed.
		PREREQ=""
		prereqs() { echo "$PREREQ"; }
		case "$1" in prereqs) prereqs; exit 0 ;; esac
		rm -rf "$DESTDIR/usr/lib/netboot" \
			"$DESTDIR/scripts/init-premount/netboot" \
			"$DESTDIR/scripts/init-bottom/netboot"
		exit 0
		HOOK
		chmod 755 "$dir/hooks/zz-e2e-no-netboot"
	fi
}

# e2e_tool_versions - the host packages that shape the initrd.
e2e_tool_versions() {
	dpkg-query -W -f '${Package} ${Version}\n' initramfs-tools-core \
		live-boot live-boot-initramfs-tools busybox-static klibc-utils udev \
		kmod 2>/dev/null || true
}

# e2e_initrd_hash KIND - hash of everything the KIND initrd is made of.
e2e_initrd_hash() {
	local kind=$1 tmp
	tmp=$(mktemp -d "$NB_BUILD/tmp/conf.XXXXXX")
	e2e_confdir "$tmp" "$kind"
	{
		echo "$KVER"
		e2e_tool_versions
		(cd "$tmp" && find . -type f | LC_ALL=C sort | xargs sha256sum)
		# what the hook and mkinitramfs take: the installed files
		if [[ $kind == netboot ]]; then
			find /usr/lib/netboot /usr/share/initramfs-tools/hooks/netboot \
				/usr/share/initramfs-tools/scripts/init-premount/netboot \
				/usr/share/initramfs-tools/scripts/init-bottom/netboot \
				-type f 2>/dev/null | LC_ALL=C sort | xargs -r sha256sum
		fi
	} | sha256sum | cut -c1-16
	rm -rf "$tmp"
}

# e2e_host_lock - serialise host changes (install, /lib/modules links) with
# other e2e runs; released at exit (fd closes).
e2e_host_lock() {
	[[ -z "${E2E_HOSTLOCK_FD:-}" ]] || return 0
	exec {E2E_HOSTLOCK_FD}>>"$E2E_HOSTLOCK"
	flock -w 900 "$E2E_HOSTLOCK_FD" || nb_die "e2e: $E2E_HOSTLOCK busy"
}

e2e_host_unlock() {
	[[ -n "${E2E_HOSTLOCK_FD:-}" ]] || return 0
	exec {E2E_HOSTLOCK_FD}>&-
	E2E_HOSTLOCK_FD=
}

# e2e_link SRC DEST - make DEST show SRC, unless DEST exists: a read-only
# bind mount for a directory (a symlink would leak SRC's real path into the
# initrd: manual_add_modules copies the resolved paths), a symlink for a
# file.  Remembered for e2e_unlink.
e2e_link() {
	local src=$1 dest=$2
	[[ -e "$dest" || -L "$dest" ]] && return 0
	if [[ ! -d "$(dirname "$dest")" ]]; then
		mkdir -p "$(dirname "$dest")"
		E2E_LINKS+=("dir:$(dirname "$dest")")
	fi
	if [[ -d "$src" ]]; then
		mkdir "$dest"
		E2E_LINKS+=("dir:$dest")
		mount --bind -o ro "$src" "$dest" || nb_die "e2e: bind mount $src on $dest"
		E2E_LINKS+=("mnt:$dest")
	else
		ln -s "$src" "$dest"
		E2E_LINKS+=("$dest")
	fi
}

# e2e_unlink - undo what e2e_link did (newest first).
e2e_unlink() {
	local i l
	for (( i = ${#E2E_LINKS[@]} - 1; i >= 0; i-- )); do
		l=${E2E_LINKS[i]}
		case $l in
		mnt:*) umount "${l#mnt:}" || umount -l "${l#mnt:}" || true ;;
		dir:*) rmdir "${l#dir:}" 2>/dev/null || true ;;
		*) [[ -L "$l" ]] && rm -f "$l" ;;
		esac
	done
	E2E_LINKS=()
}

# e2e_install - `make install` into the host's / (quiet unless it fails).
e2e_install() {
	local out
	if ! out=$(make -C "$NB_ROOT" --no-print-directory install 2>&1); then
		printf '%s\n' "$out" >&2
		nb_die "e2e: make install failed"
	fi
}

# e2e_mkinitramfs KIND OUT - build one initrd (lock held by the caller).
e2e_mkinitramfs() {
	local kind=$1 out=$2 conf log t0
	conf=$(mktemp -d "$NB_BUILD/tmp/conf.XXXXXX")
	e2e_confdir "$conf" "$kind"
	log=$out.log
	t0=$(nb_now_ms)
	if ! mkinitramfs -d "$conf" -o "$out.tmp" "$KVER" >"$log" 2>&1; then
		tail -n 20 "$log" >&2
		rm -rf "$conf" "$out.tmp"
		nb_die "e2e: mkinitramfs ($kind) failed, log $log"
	fi
	rm -rf "$conf"
	mv "$out.tmp" "$out"
	nb_log "e2e: $kind initrd $(basename "$out"), $(stat -c %s "$out") bytes, in $(nb_elapsed "$t0") s"
}

# e2e_initrd_check KIND IMG - does the image have (netboot) / lack (stock)
# netboot's premount script?
e2e_initrd_check() {
	local kind=$1 img=$2 list
	list=$(unmkinitramfs_list "$img")
	case $kind in
	netboot)
		if ! grep -qx 'scripts/init-premount/netboot' <<<"$list" ||
			! grep -qx 'usr/lib/netboot/netboot' <<<"$list"; then
			nb_die "e2e: $img lacks netboot"
		fi
		;;
	stock)
		! grep -q 'netboot/netboot$\|init-premount/netboot$' <<<"$list" ||
			nb_die "e2e: stock $img has netboot in it"
		;;
	esac
}

# unmkinitramfs_list IMG - file list of a (single-segment, zstd) initrd.
unmkinitramfs_list() {
	zstd -qdc "$1" | cpio -it --quiet 2>/dev/null
}

# e2e_initrds - make sure both initrds exist; set E2E_INITRD, E2E_STOCK_INITRD.
e2e_initrds() {
	local h hs dir=$E2E_DIR/initrd
	kernel_fetch
	mkdir -p "$dir" "$NB_BUILD/tmp"
	e2e_host_lock
	nb_cleanup_add e2e_unlink
	e2e_install
	h=$(e2e_initrd_hash netboot)
	hs=$(e2e_initrd_hash stock)
	E2E_INITRD=$dir/netboot-$h.img
	E2E_STOCK_INITRD=$dir/stock-$hs.img
	if [[ ! -s "$E2E_INITRD" || ! -s "$E2E_STOCK_INITRD" ]]; then
		e2e_link "$KMODDIR" "/lib/modules/$KVER"
		e2e_link "$KMODROOT/boot/config-$KVER" "/boot/config-$KVER"
		[[ -s "$E2E_INITRD" ]] || e2e_mkinitramfs netboot "$E2E_INITRD"
		[[ -s "$E2E_STOCK_INITRD" ]] || e2e_mkinitramfs stock "$E2E_STOCK_INITRD"
		e2e_unlink
		e2e_initrd_check netboot "$E2E_INITRD"
		e2e_initrd_check stock "$E2E_STOCK_INITRD"
	fi
	e2e_host_unlock
	export E2E_INITRD E2E_STOCK_INITRD
}

# ---- live image and export trees -------------------------------------------

# e2e_live_checks - /etc/netboot-e2e.d/10-netboot.sh, run by the live root's
# /sbin/init before the marker: one "NETBOOT-E2E: check NAME ok|FAIL ..."
# line per check, and the files netboot wrote.
e2e_live_checks() {
	cat <<'CHECKS'
# tests/e2e/lib.sh: what netboot must leave in the live root.
e2e_check() {
	if [ "$2" = ok ]; then
		echo "NETBOOT-E2E: check $1 ok${3:+ ($3)}"
	else
		echo "NETBOOT-E2E: check $1 FAIL: $3"
	fi
}
e2e_show() {
	echo "NETBOOT-E2E: --- $1 (mode $(stat -c %a "$1" 2>/dev/null))"
	cat "$1" 2>/dev/null
}
ip link set lo up 2>/dev/null
# The boot NIC: the one with an IPv4 address.
bootdev=
for d in /sys/class/net/*; do
	d=${d##*/}
	[ "$d" = lo ] && continue
	a=$(ip -4 -o addr show dev "$d" 2>/dev/null | sed -n 's/.* inet \([0-9.]*\/[0-9]*\).*/\1/p')
	echo "NETBOOT-E2E: nic $d $(cat /sys/class/net/$d/address) ${a:-no-address}"
	[ -n "$a" ] && [ -z "$bootdev" ] && bootdev=$d && bootaddr=$a
done
if [ -n "$bootdev" ]; then
	e2e_check nic-address ok "$bootdev $bootaddr"
	mac=$(cat /sys/class/net/$bootdev/address)
else
	e2e_check nic-address FAIL "no NIC has an IPv4 address"
	mac=none
fi
# The lease netboot applied must be intact: same prefix, default route,
# and /run/net-DEV.conf (what live-boot and casper source) naming it.
lease=$(sed -n "s|.*] $bootdev: \([0-9.]*\)/\([0-9.]*\) .*lease.*|\1 \2|p" \
	/var/log/netboot.log 2>/dev/null | tail -n 1)
if [ -z "$lease" ]; then
	e2e_check lease-kept FAIL "no lease line for $bootdev in /var/log/netboot.log"
else
	set -- $lease
	eval "$(ipcalc -p "$1" "$2")"
	if [ "$bootaddr" = "$1/$PREFIX" ]; then
		e2e_check lease-kept ok "$bootaddr as leased"
	else
		e2e_check lease-kept FAIL "$bootdev has $bootaddr, netboot leased $1/$2"
	fi
fi
r=$(ip -4 route show default 2>/dev/null)
echo "NETBOOT-E2E: routes: $(ip -4 route show 2>/dev/null | tr '\n' ';')"
case $r in
*" dev $bootdev"*) e2e_check default-route ok "$r" ;;
*) e2e_check default-route FAIL "default route: '${r:-none}'" ;;
esac
f=/run/net-$bootdev.conf
e2e_show $f
if grep -qx "IPV4ADDR='${bootaddr%/*}'" $f 2>/dev/null || grep -qx "IPV4ADDR=${bootaddr%/*}" $f 2>/dev/null; then
	e2e_check net-conf ok "$f IPV4ADDR=${bootaddr%/*}"
else
	e2e_check net-conf FAIL "$f: $(grep IPV4ADDR $f 2>/dev/null || echo missing)"
fi
f=/etc/NetworkManager/conf.d/99-netboot.conf
e2e_show $f
if [ ! -f $f ]; then
	e2e_check nm-conf FAIL "$f missing"
elif [ "$(stat -c %a $f)" != 644 ]; then
	e2e_check nm-conf FAIL "$f mode $(stat -c %a $f)"
elif ! grep -qx "unmanaged-devices+=mac:$mac" $f; then
	e2e_check nm-conf FAIL "$f lacks unmanaged-devices+=mac:$mac"
else
	e2e_check nm-conf ok "mode 644, unmanaged mac:$mac"
fi
f=/etc/network/interfaces
e2e_show $f
if [ ! -f $f ]; then
	e2e_check ifupdown FAIL "$f missing"
elif ! grep -qx "iface $bootdev inet manual" $f; then
	e2e_check ifupdown FAIL "no 'iface $bootdev inet manual'"
elif grep -q "^auto.* $bootdev\( \|\$\)" $f || grep -qx "auto $bootdev" $f; then
	e2e_check ifupdown FAIL "'auto $bootdev' present"
else
	e2e_check ifupdown ok "iface $bootdev inet manual, no auto"
fi
f=/etc/netplan/00-netboot.yaml
e2e_show $f
if [ -f $f ] && [ "$(stat -c %a $f)" = 600 ] && grep -q "macaddress: \"$mac\"" $f; then
	e2e_check netplan ok "mode 600"
else
	e2e_check netplan FAIL "$f missing, wrong mode or MAC"
fi
# The transport mount(s): every nfs mount ro,nosuid,nodev.
n=0 bad=
while read -r dev mnt type opts rest; do
	case $type in nfs|nfs4) ;; *) continue ;; esac
	n=$((n + 1))
	for o in ro nosuid nodev; do
		case ",$opts," in *",$o,"*) ;; *) bad="$bad $mnt:no-$o" ;; esac
	done
	echo "NETBOOT-E2E: nfs mount $dev $mnt $type $opts"
done </proc/mounts
if [ "$n" -eq 0 ]; then
	e2e_check nfs-mount FAIL "no nfs mount in /proc/mounts"
elif [ -n "$bad" ]; then
	e2e_check nfs-mount FAIL "$bad"
else
	e2e_check nfs-mount ok "$n mount(s) ro,nosuid,nodev"
fi
CHECKS
}

# e2e_live_tree DIR - the extra tree for liveimg_build: the checks and the
# network stacks netboot looks for (nmconf_probes in src/core/nmconf.c);
# busybox already gives /sbin/ifup.
e2e_live_tree() {
	local dir=$1
	rm -rf "$dir"
	mkdir -p "$dir/etc/netboot-e2e.d" "$dir/etc/NetworkManager/conf.d" \
		"$dir/etc/network" "$dir/etc/netplan" "$dir/usr/sbin"
	e2e_live_checks >"$dir/etc/netboot-e2e.d/10-netboot.sh"
	printf '# e2e live image: NetworkManager stand-in config\n' \
		>"$dir/etc/NetworkManager/conf.d/00-e2e.conf"
	printf '#!/bin/sh\necho "NetworkManager stand-in"\n' >"$dir/usr/sbin/NetworkManager"
	chmod 755 "$dir/usr/sbin/NetworkManager"
	printf 'network:\n  version: 2\n' >"$dir/etc/netplan/01-e2e.yaml"
	chmod 600 "$dir/etc/netplan/01-e2e.yaml"
	printf 'auto lo\niface lo inet loopback\n' >"$dir/etc/network/interfaces"
}

# e2e_export DIR KIND - an export tree: good (live image), nosquash (no
# filesystem.squashfs), corrupt (random bytes in place of the squashfs).
e2e_export() {
	local dir=$1 kind=$2 f
	nb_workdir >/dev/null
	if [[ ! -d "$NB_WORK/live-tree" ]]; then
		e2e_live_tree "$NB_WORK/live-tree"
	fi
	rm -rf "$dir"
	liveimg_build "$dir" "$NB_WORK/live-tree"
	case $kind in
	good) ;;
	nosquash)
		rm -f "$dir/live/filesystem.squashfs" "$dir/casper/filesystem.squashfs"
		;;
	corrupt)
		for f in "$dir/live/filesystem.squashfs" "$dir/casper/filesystem.squashfs"; do
			rm -f "$f"
			head -c 4194304 /dev/urandom >"$f"
		done
		;;
	*) nb_die "e2e_export: kind $kind" ;;
	esac
}

# ---- scenario bookkeeping --------------------------------------------------
# A scenario (tests/e2e/NN-name/run.sh) calls e2e_setup once, then per case:
#   e2e_case NAME; e2e_boot [qemu_boot options]; e2e_wait MARKER SECS;
#   e2e_expect DESC grep-regex / e2e_refuse DESC regex / e2e_ok DESC CMD...;
#   e2e_case_end
# and e2e_scenario_end last.  Each case prints one line on stdout,
#   e2e-case: NN-name/CASE PASS|FAIL SECS s [note]
# which tests/e2e/run.sh counts; details go to stderr.

E2E_SCENARIO=${E2E_SCENARIO:-$(basename "$(cd "$(dirname "$0")" && pwd)")}
E2E_CASES_PASSED=0
E2E_CASES_FAILED=0
export E2E_APPEND_LIVE="boot=live netboot=nfs"

# e2e_setup - work dir, kernel, both initrds (cached).  Under
# tests/e2e/run.sh (E2E_PREBUILT=1) the tier's initrds, built once, are
# used as they are: every scenario tests the same build, even while
# someone rebuilds netboot meanwhile.
e2e_setup() {
	nb_workdir >/dev/null
	kernel_fetch
	if [[ -n "${E2E_PREBUILT:-}" && -s "${E2E_INITRD:-}" && -s "${E2E_STOCK_INITRD:-}" ]]; then
		nb_log "e2e: using the tier's initrds"
	else
		e2e_initrds
	fi
	nb_log "e2e: kernel $KVER, initrd $(basename "$E2E_INITRD"), stock $(basename "$E2E_STOCK_INITRD")"
}

# e2e_case NAME - start a case.
e2e_case() {
	E2E_CASE=$1
	E2E_CHECKS=()
	E2E_NOTE=
	E2E_SEEN_S=
	nb_log "=== $E2E_SCENARIO/$E2E_CASE"
}

# e2e_boot [qemu_boot options] - boot with the netboot initrd unless
# --initrd is given; console in NB_WORK/CASE.console.log.
e2e_boot() {
	local x have_initrd=
	E2E_LOG=$NB_WORK/$E2E_CASE.console.log
	for x in "$@"; do [[ $x == --initrd ]] && have_initrd=1; done
	local -a a=(--kernel "$KERNEL" --mem "$E2E_MEM" --log "$E2E_LOG"
		--tftp "$NB_WORK/tftp-$E2E_CASE")
	[[ -n "$have_initrd" ]] || a+=(--initrd "$E2E_INITRD")
	qemu_boot "${a[@]}" "$@"
}

# e2e_wait REGEX SECS - wait for an extended-regex console line; sets
# E2E_SEEN_S (seconds since qemu start).  0 seen, 1 timeout, 2 qemu gone.
e2e_wait() {
	local re=$1 t=$2 i
	for (( i = 0; i < t * 5; i++ )); do
		if e2e_has "$E2E_LOG" "$re"; then
			E2E_SEEN_S=$(nb_elapsed "$QEMU_T0")
			nb_log "seen /$re/ after $E2E_SEEN_S s"
			return 0
		fi
		if [[ -n "$QEMU_PID" ]] && ! kill -0 "$QEMU_PID" 2>/dev/null; then
			if e2e_has "$E2E_LOG" "$re"; then
				E2E_SEEN_S=$(nb_elapsed "$QEMU_T0")
				return 0
			fi
			nb_log "qemu exited without /$re/ after $(nb_elapsed "$QEMU_T0") s"
			return 2
		fi
		sleep 0.2
	done
	nb_log "timeout: no /$re/ in $t s"
	return 1
}

# e2e_ok DESC CMD... - run CMD; record the result.
e2e_ok() {
	local desc=$1
	shift
	if "$@"; then
		E2E_CHECKS+=("ok   $desc")
	else
		E2E_CHECKS+=("FAIL $desc")
	fi
}

# e2e_has LOG REGEX - grep -E in the console log (carriage returns dropped).
# Not grep -q: it exits at the first match, tr dies of SIGPIPE and
# pipefail turns the match into a failure.
e2e_has() {
	tr -d '\r' <"$1" | grep -cE -- "$2" >/dev/null
}

# e2e_expect DESC REGEX / e2e_refuse DESC REGEX - the console has / lacks it.
e2e_expect() {
	e2e_ok "$1" e2e_has "$E2E_LOG" "$2"
}
e2e_refuse() {
	e2e_ok "$1" e2e_lacks "$E2E_LOG" "$2"
}
e2e_lacks() {
	! e2e_has "$@"
}

# e2e_expect_live_checks - every "NETBOOT-E2E: check X ok" of the live
# image's checks (e2e_live_checks), one result each.
e2e_expect_live_checks() {
	local c
	for c in nic-address lease-kept default-route net-conf nm-conf ifupdown netplan nfs-mount; do
		e2e_expect "live root: check $c" "^NETBOOT-E2E: check $c ok"
	done
}

# e2e_report LOG - netboot's boot report as the live root printed it.
e2e_report() {
	tr -d '\r' <"$1" | sed -n '/^NETBOOT-E2E: --- \/var\/log\/netboot.log/,/^NETBOOT-E2E: ---/p' |
		sed '1d;$d'
}

# e2e_report_has REGEX - the report (in the live root) has a line.
e2e_report_has() {
	e2e_report "$E2E_LOG" | grep -cE -- "$1" >/dev/null
}

# e2e_boot_nic LOG - "NAME MAC" of the NIC netboot's report calls the boot NIC.
e2e_boot_nic() {
	local con name mac
	con=$(tr -d '\r' <"$1")
	name=$(sed -n 's/^netboot: boot NIC \([^ ]*\).*/\1/p' <<<"$con")
	name=${name%%$'\n'*}
	[[ -n "$name" ]] || return 1
	mac=$(sed -n "s/^netboot: $name (\\([0-9a-f:]*\\)).*/\\1/p" <<<"$con")
	mac=${mac%%$'\n'*}
	echo "$name ${mac:-?}"
}

# e2e_grep LOG REGEX - print matching console lines (indented), for reports.
e2e_grep() {
	tr -d '\r' <"$1" | grep -E -- "$2" | sed 's/^/    | /' >&2 || true
}

# e2e_case_end - stop the guest, print the checks and the case line.
e2e_case_end() {
	local c rc=0 secs
	if [[ -n "$QEMU_PID" ]]; then
		qemu_wait_exit 15 || qemu_stop
	fi
	secs=$(nb_elapsed "$QEMU_T0")
	[[ ${#E2E_CHECKS[@]} -gt 0 ]] || E2E_CHECKS+=("FAIL no checks ran")
	for c in "${E2E_CHECKS[@]}"; do
		printf '    %s\n' "$c" >&2
		[[ $c == ok* ]] || rc=1
	done
	if [[ $rc -ne 0 ]]; then
		qemu_tail 60
		E2E_CASES_FAILED=$(( E2E_CASES_FAILED + 1 ))
		printf 'e2e-case: %s/%s FAIL %s s%s\n' "$E2E_SCENARIO" "$E2E_CASE" "$secs" "${E2E_NOTE:+ $E2E_NOTE}"
	else
		E2E_CASES_PASSED=$(( E2E_CASES_PASSED + 1 ))
		printf 'e2e-case: %s/%s PASS %s s%s\n' "$E2E_SCENARIO" "$E2E_CASE" "$secs" "${E2E_NOTE:+ $E2E_NOTE}"
	fi
	QEMU_T0=
	return 0
}

# e2e_scenario_end - the scenario's closing line; its exit status.
e2e_scenario_end() {
	printf '%s: %d passed, %d failed\n' "$E2E_SCENARIO" "$E2E_CASES_PASSED" "$E2E_CASES_FAILED"
	[[ $E2E_CASES_FAILED -eq 0 ]]
}
