#!/bin/bash
# tests/golden/shims.sh - the initrd scripts decide right.
# The shims (initramfs/shim/): ipconfig on netboot's NIC reports the lease
# and never reaches the real ipconfig, whatever form the call takes; any
# other call does; nfsmount binds netboot's mount.  Each case in dash and
# busybox sh.
# init-premount/netboot, run in a small chroot (static busybox, and klibc
# sh when present; `unshare -r`, so no root needed) whose /proc/cmdline is
# a file: it runs netboot only for netboot= before "--", never because a
# `*` or `?` in the command line matched a file name, and loads the modules
# the hook (hooks/netboot, run in the chroot against a fake hook-functions)
# puts in the initrd: the same list, written once.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SHIM=$HERE/../../initramfs/shim
PASS=0
FAIL=0

setup() {
	WORK=$(mktemp -d)
	mkdir -p "$WORK/run/netboot" "$WORK/real"
	printf "DEVICE='ens3'\nMAC='52:54:00:12:34:02'\n" >"$WORK/run/netboot/net.state"
	printf "DEVICE='ens3'\nIPV4ADDR='10.0.2.15'\nIPV4NETMASK='255.255.255.0'\n" >"$WORK/run/net-ens3.conf"
	printf '#!/bin/sh\necho "REAL ipconfig $*"\n' >"$WORK/real/ipconfig"
	chmod +x "$WORK/real/ipconfig"
}

# check SHELL WANT ARGS... - WANT is "lease" or "real"
check() {
	local sh=$1 want=$2 out got
	shift 2
	out=$(NETBOOT_SHIM_RUN=$WORK/run NETBOOT_SHIM_REAL=$WORK/real $sh "$SHIM/ipconfig" "$@" 2>&1)
	case $out in
	*"REAL ipconfig"*) got=real ;;
	*"already configured by netboot"*"10.0.2.15"*) got=lease ;;
	*) got="other: $out" ;;
	esac
	if [[ $got == "$want" ]]; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
		echo "FAIL: [$sh] ipconfig $*: got $got, want $want"
	fi
}

# ---- init-premount/netboot and the hook, in a chroot ----------------------

CHROOT=""
# mkchroot - a root with static busybox (and klibc sh), stub netboot and
# modprobe that log their calls to /calls, a fake hook-functions, and the
# scripts as installed
mkchroot() {
	local r=$WORK/chroot a k
	CHROOT=$r
	mkdir -p "$r"/{bin,dev,proc,usr/lib/netboot,scripts/init-premount,out} \
		"$r/usr/share/initramfs-tools/hooks" "$r/usr/share/initramfs-tools/scripts/init-premount"
	cp /usr/bin/busybox "$r/bin/busybox"
	for a in sh cat sed grep mkdir cp rm echo printf cut; do
		ln -s busybox "$r/bin/$a"
	done
	k=/usr/lib/klibc/bin/sh
	if [[ -x $k ]]; then
		mkdir -p "$r/lib"
		cp "$k" "$r/bin/klibc-sh"
		cp /lib/klibc-*.so "$r/lib/"
	fi
	printf '#!/bin/sh\necho "netboot $*" >>/calls\n' >"$r/usr/lib/netboot/netboot"
	printf '#!/bin/sh\necho "modprobe $*" >>/calls\n' >"$r/bin/modprobe"
	chmod +x "$r/usr/lib/netboot/netboot" "$r/bin/modprobe"
	cp "$HERE/../../initramfs/init-premount/netboot" "$r/scripts/init-premount/netboot"
	cp "$HERE/../../initramfs/init-premount/netboot" "$r/usr/share/initramfs-tools/scripts/init-premount/netboot"
	cp "$HERE/../../hooks/netboot" "$r/usr/share/initramfs-tools/hooks/netboot"
	cat >"$r/usr/share/initramfs-tools/hook-functions" <<'HF'
copy_exec() { echo "copy_exec $*" >>/calls; }
manual_add_modules() { echo "manual_add_modules $*" >>/calls; }
HF
	# files a glob in the command line would match at the root
	: >"$r/netboot=nfs"
	: >"$r/netboot.x=1"
	: >"$r/--"
}

# nfsmount_case DIR MOUNTS - the nfsmount shim (klibc sh: busybox sh would
# run its own mount applet) with NETBOOT_MEDIA=/run/netboot/nfs mounted,
# /proc/mounts as MOUNTS, called for DIR; prints the calls it made
nfsmount_case() {
	cp "$HERE/../../initramfs/shim/nfsmount" "$CHROOT/bin/nfsmount-shim"
	printf '#!/bin/sh\necho "mount $*" >>/calls\n' >"$CHROOT/bin/mount"
	printf '#!/bin/sh\necho "nfsmount $*" >>/calls\n' >"$CHROOT/bin/nfsmount"
	chmod +x "$CHROOT/bin/mount" "$CHROOT/bin/nfsmount"
	printf '%s\n' "$2" >"$CHROOT/proc/mounts"
	: >"$CHROOT/calls"
	unshare -r chroot "$CHROOT" /bin/env -i PATH=/bin NETBOOT_MEDIA=/run/netboot/nfs \
		/bin/klibc-sh /bin/nfsmount-shim -o ro 10.0.0.1:/srv "$1" >/dev/null 2>&1
	cat "$CHROOT/calls"
}

# check_nfsmount WANT DIR MOUNTS - WANT: bind, none (already mounted) or real
check_nfsmount() {
	local calls got
	calls=$(nfsmount_case "$2" "$3")
	case $calls in
	"mount -o bind /run/netboot/nfs $2") got=bind ;;
	"") got=none ;;
	"nfsmount "*) got=real ;;
	*) got="other: $calls" ;;
	esac
	if [[ $got == "$1" ]]; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
		echo "FAIL: nfsmount shim for $2 with mounts '$3': $got, want $1"
	fi
}

# premount SHELL CMDLINE - run init-premount/netboot with that command
# line; prints the calls it made
premount() {
	printf '%s\n' "$2" >"$CHROOT/proc/cmdline"
	rm -f "$CHROOT/calls"
	: >"$CHROOT/calls"
	unshare -r chroot "$CHROOT" /bin/env -i PATH=/bin "$1" /scripts/init-premount/netboot >/dev/null 2>&1
	cat "$CHROOT/calls"
}

# check_premount SHELL WANT CMDLINE - WANT: run (netboot premount ran) or skip
check_premount() {
	local calls got
	calls=$(premount "$1" "$3")
	case $calls in
	*"netboot premount"*) got=run ;;
	*) got=skip ;;
	esac
	if [[ $got == "$2" ]]; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
		echo "FAIL: [$1] init-premount with cmdline '$3': $got, want $2 (calls: ${calls//$'\n'/; })"
	fi
}

premount_cases() {
	local sh mods hookmods
	if ! unshare -r true 2>/dev/null; then
		FAIL=$((FAIL + 1))
		echo "FAIL: unshare -r is not available: init-premount not tested"
		return
	fi
	mkchroot
	ln -s busybox "$CHROOT/bin/env"
	for sh in /bin/sh /bin/klibc-sh; do
		[[ -e $CHROOT$sh ]] || continue
		check_premount "$sh" run "boot=casper netboot=nfs nfsroot=10.0.0.1:/srv/live quiet"
		check_premount "$sh" skip "boot=casper quiet splash"
		check_premount "$sh" skip "boot=live -- netboot=nfs"
		# globs: a word that would match /netboot=nfs in the initrd
		check_premount "$sh" skip "boot=casper quiet *"
		check_premount "$sh" skip "boot=casper netboo?=nfs"
		check_premount "$sh" skip "boot=casper netboot[=]nfs"
		# and ones that must stay words (a glob ran before "--" is seen)
		check_premount "$sh" run "boot=live netboot.x=* netboot=nfs"
		# a `*` that matched a file named "--" hid netboot= after it
		check_premount "$sh" run "boot=live * netboot=nfs"
	done
	if [[ -e $CHROOT/bin/klibc-sh ]]; then
		local nfs="10.0.0.1:/srv /run/netboot/nfs nfs4 ro 0 0"
		check_nfsmount bind /cdrom "$nfs"
		check_nfsmount none /cdrom "$nfs"$'\n'"/run/netboot/nfs /cdrom none ro 0 0"
		# names are not patterns: /cdrom.x is not mounted because
		# /cdromAx is, nor is the export because /run/netboot/nfs2 is
		check_nfsmount bind /cdrom.x "$nfs"$'\n'"tmpfs /cdromAx tmpfs rw 0 0"
		check_nfsmount real /cdrom "10.0.0.1:/srv /run/netboot/nfs2 nfs4 ro 0 0"
		check_nfsmount real /cdrom "10.0.0.1:/srv /run/netboot.nfs nfs4 ro 0 0"
	fi
	# the modules: what init-premount loads (the NFS client and loop, in
	# one modprobe run; the kernel loads the rest on first use) the hook puts
	# in the initrd (klibc sh: busybox sh runs its own modprobe applet,
	# never the stub)
	mods=$(premount /bin/klibc-sh "boot=casper netboot=nfs" | sed -n 's/^modprobe -a -q //p' | tr '\n' ' ')
	: >"$CHROOT/calls"
	unshare -r chroot "$CHROOT" /bin/env -i PATH=/bin DESTDIR=/out /bin/sh /usr/share/initramfs-tools/hooks/netboot >/dev/null 2>&1
	hookmods=$(sed -n 's/^manual_add_modules //p' "$CHROOT/calls" | tr ' ' '\n' | sort | tr '\n' ' ')
	local m missing=
	for m in $mods; do
		[[ " $hookmods" == *" $m "* ]] || missing+=" $m"
	done
	if [[ $mods == "nfs loop " && -z $missing && $hookmods == *" nfsv4 "* && $hookmods == *" nfsv3 "* ]]; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
		echo "FAIL: modules: init-premount loads '$mods' (not in the initrd:${missing:- none}), the hook adds '$hookmods'"
	fi
	# written once: no other file of the initrd's holds the list
	if [[ $(grep -rlE 'sunrpc' "$HERE/../../initramfs" "$HERE/../../hooks" | wc -l) -eq 1 ]]; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
		echo "FAIL: the module list is written in: $(grep -rlE 'sunrpc' "$HERE/../../initramfs" "$HERE/../../hooks" | tr '\n' ' ')"
	fi
}

main() {
	local sh
	setup
	trap 'rm -rf "$WORK"' EXIT
	for sh in dash "busybox sh"; do
		# live-boot's Select_eth_device carrier probe
		check "$sh" lease -c none -d ens3 -t 1
		# live-boot's do_netsetup
		check "$sh" lease -t 15 ens3
		# initramfs-tools' configure_networking forms
		check "$sh" lease -t 2 -c dhcp -d ens3
		check "$sh" lease -t 2 -d ::::host:ens3:dhcp
		check "$sh" lease -i netboot -t 2 ens3
		check "$sh" real -i ens3 -t 2 ens2
		# other devices, or all: the real ipconfig
		check "$sh" real -c none -d ens2 -t 1
		check "$sh" real -t 15 ens2
		check "$sh" real -t 2 -d ::::host:ens2:dhcp
		check "$sh" real all
	done
	# a device argument is a name, not a pattern: 'e*' or 'ens?' is not
	# ens3, even where a file named ens3 is in the current folder
	mkdir -p "$WORK/cwd" && : >"$WORK/cwd/ens3"
	for sh in dash "busybox sh"; do
		(cd "$WORK/cwd" && check "$sh" real -t 15 'e*' && check "$sh" real -c none -d 'ens?' -t 1 &&
			echo "$PASS $FAIL" >"$WORK/counts") || echo "$PASS $FAIL" >"$WORK/counts"
		read -r PASS FAIL <"$WORK/counts"
	done
	# without netboot's state every call is the real one
	rm "$WORK/run/netboot/net.state"
	check dash real -t 15 ens3
	premount_cases
	echo "shims: $PASS passed, $FAIL failed"
	[[ $FAIL -eq 0 ]]
}

main "$@"
