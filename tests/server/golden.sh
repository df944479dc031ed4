#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/server/golden.sh - every file netboot-server generates, from
# `netboot-server --dry-run` (which prints each file with its content and
# each command it would run, and changes nothing), compared with diff -u
# against tests/server/golden/CASE.expected (UPDATE=1 rewrites them).
#
# Fixture ISOs are made with xorriso from small trees: a kernel stand-in
# carrying its Secure Boot signer's name (what netboot-server reads), an
# initrd stand-in, a squashfs stand-in, .disk/info.  The server runs in a
# namespace with one veth, px 192.0.2.2/24.  Cases:
#   casper-proxy       Ubuntu-like ISO (Canonical-signed, its own EFI/boot
#                      shim + GRUB), proxyDHCP, nfs-ganesha, extracted
#   live-full-kernel   Debian-like ISO, full DHCP, kernel NFS, loop mount
#   two-proxy-kernel   both ISOs at once (menus), proxyDHCP, kernel NFS
#   layered-proxy      Ubuntu 23.10+ layered set (layerfs-path=)
#   tree-nodisk        a copied tree without .disk/ (the warning)
#   http-live-proxy    --http: lighttpd's config, an HTTP entry per image
#                      (url=, netboot.sha256= of the squashfs read out of
#                      the ISO), NFS still the default
#   http-two-default   --http --http-port 8081 --default http with the
#                      Debian ISO and a layered Ubuntu one (its HTTP entry:
#                      the casper/ folder with layerfs-path=, the top
#                      layer's SHA-256 read out of the ISO, RAM for all
#                      three layers), the Debian HTTP entry the default
#   http-layered-tree  --http --default http with the layered tree itself
#                      (a directory) as the only image: its HTTP entry,
#                      the folder URL, the default
# Each dry run must also leave the state directory uncreated.
# Last line: "golden-server: N passed, N failed".
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/lan.sh
source "$HERE/../lib/lan.sh"

PASS=0
FAIL=0
STATE=/var/lib/netboot-server-golden

ok() { PASS=$((PASS + 1)); printf 'ok   %s\n' "$*"; }
bad() { FAIL=$((FAIL + 1)); printf 'FAIL %s\n' "$*"; }

# fixture_tree DIR KIND SIGNER [LAYERED] - a live tree with stand-in files.
fixture_tree() {
	local d=$1 kind=$2 signer=$3 layered=${4:-}
	mkdir -p "$d/.disk"
	case $kind in
	casper)
		mkdir -p "$d/casper" "$d/EFI/boot"
		printf 'MZ kernel stand-in, signed by %s\n' "$signer" >"$d/casper/vmlinuz"
		printf 'initrd stand-in\n' >"$d/casper/initrd"
		if [[ -n $layered ]]; then
			for l in minimal minimal.standard minimal.standard.live minimal.en minimal.standard.en; do
				printf 'hsqs' >"$d/casper/$l.squashfs"
			done
			# layers of other sizes: an HTTP entry's RAM note sums them
			truncate -s 3M "$d/casper/minimal.squashfs"
			truncate -s 2M "$d/casper/minimal.standard.squashfs"
			echo 'Ubuntu 24.04.1 LTS "Noble Numbat" - Release amd64 (20240827)' >"$d/.disk/info"
		else
			printf 'hsqs' >"$d/casper/filesystem.squashfs"
			echo 'Ubuntu 22.04.4 LTS "Jammy Jellyfish" - Release amd64 (20240220)' >"$d/.disk/info"
		fi
		printf 'shim stand-in\n' >"$d/EFI/boot/bootx64.efi"
		printf 'grub stand-in\n' >"$d/EFI/boot/grubx64.efi"
		;;
	live)
		mkdir -p "$d/live"
		printf 'MZ kernel stand-in, signed by %s\n' "$signer" >"$d/live/vmlinuz-6.1.0-18-amd64"
		printf 'initrd stand-in\n' >"$d/live/initrd.img-6.1.0-18-amd64"
		printf 'hsqs' >"$d/live/filesystem.squashfs"
		echo 'Debian GNU/Linux 12.5.0 "Bookworm" - Official amd64 LIVE (20240210)' >"$d/.disk/info"
		;;
	esac
}

mkiso() {
	xorriso -as mkisofs -quiet -R -J -V "$3" -o "$1" "$2" 2>/dev/null
}

# run_case NAME ARGS... - dry run in the fixture dir, output vs expected.
run_case() {
	local name=$1 exp=$HERE/golden/$1.expected out rc=0
	shift
	out=$NB_WORK/$name.out
	# a private, empty /run: whether the host runs rpcbind must not matter
	(cd "$NB_WORK/fx" && ip netns exec "$SRV_NS" unshare -m --propagation private \
		bash -c 'mount -t tmpfs -o mode=0755 nbs-run /run && exec "$@"' gold \
		"$SERVER_BIN" --dry-run --interface px --state "$STATE" "$@") >"$out.raw" 2>&1 || rc=$?
	# what differs from run to run: the work dir, the pid, the time
	sed -e "s|$NB_WORK|@WORK@|g" -e "s|$NB_ROOT|@ROOT@|g" -e 's/^\(    | pid=\).*/\1@PID@/' \
		-e 's/^\(    | started=\).*/\1@TIME@/' \
		-e 's/\(netboot\.sha256=: \)[0-9.]* s$/\1@SECS@ s/' "$out.raw" >"$out"
	if [[ $rc -ne 0 ]]; then
		bad "$name: --dry-run exited $rc"
		sed 's/^/    /' "$out"
		return 0
	fi
	[[ ${UPDATE:-0} != 1 ]] || cp "$out" "$exp"
	if [[ ! -f $exp ]]; then
		bad "$name: $exp missing (UPDATE=1 creates it)"
	elif diff -u "$exp" "$out"; then
		ok "$name: dry-run output as expected"
	else
		bad "$name: dry-run output differs from $exp"
	fi
	if [[ -e $STATE ]]; then
		bad "$name: --dry-run created $STATE"
	else
		ok "$name: nothing written ($STATE not created)"
	fi
}

main() {
	nb_workdir >/dev/null
	chmod 755 "$NB_WORK"
	lan_setup
	local fx=$NB_WORK/fx
	mkdir -p "$fx"
	fixture_tree "$fx/t-ubuntu" casper "Canonical Ltd. Secure Boot Signing"
	fixture_tree "$fx/t-debian" live "Debian Secure Boot Signer 2022 - linux"
	fixture_tree "$fx/t-noble" casper "Canonical Ltd. Secure Boot Signing" layered
	mkiso "$fx/ubuntu-22.04.4-desktop-amd64.iso" "$fx/t-ubuntu" "Ubuntu 22.04.4 LTS amd64"
	mkiso "$fx/debian-live-12.5.0-amd64-xfce.iso" "$fx/t-debian" "d-live 12.5.0 xf amd64"
	mkiso "$fx/ubuntu-24.04.1-desktop-amd64.iso" "$fx/t-noble" "Ubuntu 24.04.1 LTS amd64"
	cp -a "$fx/t-debian" "$fx/copied-tree"
	rm -rf "$fx/copied-tree/.disk"

	run_case casper-proxy ubuntu-22.04.4-desktop-amd64.iso --nfs ganesha --iso extract
	run_case live-full-kernel debian-live-12.5.0-amd64-xfce.iso --nfs kernel --iso mount \
		--dhcp-range 192.0.2.100,192.0.2.150 --timeout 10
	run_case two-proxy-kernel ubuntu-22.04.4-desktop-amd64.iso debian-live-12.5.0-amd64-xfce.iso \
		--nfs kernel --iso mount --append "console=ttyS0,115200"
	run_case layered-proxy ubuntu-24.04.1-desktop-amd64.iso --nfs ganesha --iso mount
	run_case tree-nodisk copied-tree --nfs ganesha --no-uefi
	run_case http-live-proxy debian-live-12.5.0-amd64-xfce.iso --nfs kernel --iso mount --http
	run_case http-two-default debian-live-12.5.0-amd64-xfce.iso ubuntu-24.04.1-desktop-amd64.iso \
		--nfs ganesha --iso extract --http --http-port 8081 --default http --no-uefi
	run_case http-layered-tree t-noble --nfs ganesha --http --default http
	echo "golden-server: $PASS passed, $FAIL failed"
	[[ $FAIL -eq 0 ]]
}

main "$@"
