#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# bios-casper-proxy: an Ubuntu-style casper ISO whose initrd is a real,
# stock casper initrd (jammy's casper 1.470.2, built by tests/lib/casper.sh
# from casper's published scripts; no netboot in it); netboot-server in
# proxyDHCP mode beside the site router's dnsmasq adds netboot with
# netboot-remaster; a BIOS PXE client (qemu's iPXE ROM -> pxelinux) boots
# through casper to the live root; Ctrl+C leaves the host as it was.
# Without casper's tarball it prints "skip: ..." and counts nothing.
# CASPER_ERA=bionic|xenial|trusty boots an older casper instead (by hand;
# the tier runs jammy, and casper-eras.sh checks the others' initrds).
# Those read NETBOOT, which Ubuntu's initramfs-tools /init sets from
# netboot= and Debian 12's /init (the one in these test initrds) does not:
# netboot's param.conf sets it for casper boots, so no workaround here.
set -euo pipefail
# shellcheck source=../case.sh
source "$(dirname "${BASH_SOURCE[0]}")/../case.sh"
# shellcheck source=../../lib/casper.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../lib/casper.sh"

# remaster_check INITRD - netboot-remaster --check, its listing kept aside.
remaster_check() {
	"$NB_ROOT/scripts/netboot-remaster" --check "$1" >"$NB_WORK/remaster-check.out" 2>&1
}

main() {
	local iso sum served rc=0 c
	local era=${CASPER_ERA:-jammy}
	case_begin bios-casper-proxy
	casper_initrd "$era" "" || rc=$?
	if [[ $rc -eq 2 ]]; then
		echo "$CASPER_SKIP"
		echo "bios-casper-proxy: 0 passed, 0 failed (skipped)"
		return 0
	fi
	check "a stock casper initrd ($era) is built" test "$rc" = 0
	[[ $rc -eq 0 ]] || { case_end; return 1; }
	check "the casper initrd has a uuid (conf/uuid.conf)" test -n "$CASPER_UUID"
	kernel_fetch >/dev/null
	ISO_LIVE_TREE=$NB_WORK/live-tree
	e2e_live_tree "$ISO_LIVE_TREE"
	export ISO_LIVE_TREE
	iso=$NB_WORK/test-casper.iso
	ISO_CASPER_UUID=$CASPER_UUID iso_build "$iso" casper "$KERNEL" "$CASPER_INITRD"
	sum=$(sha256sum <"$iso")
	lan_setup
	lan_router_start
	lan_tap tap0
	check "server starts" case_server "$iso"
	srv_has "screen: the image is casper" '^  image 1 .*\(casper\)'
	srv_has "screen: the image and its nfsroot" 'nfsroot=192\.0\.2\.2:.*/state/images/test-casper'
	srv_has "screen: netboot appended to casper's initrd" 'casper/vmlinuz \+ casper/initrd with netboot appended'
	# what is served: casper's initrd byte for byte, then netboot's segment
	served=$SRV_STATE/tftp/test-casper/initrd
	check "served initrd: casper's bytes unchanged at its start" \
		cmp -s -n "$(stat -c %s "$CASPER_INITRD")" "$CASPER_INITRD" "$served"
	check "served initrd: netboot-remaster --check passes" remaster_check "$served"
	check "client reaches the live root" case_client '^NETBOOT-E2E: done' 300
	con_has "live root reached" '^NETBOOT-E2E: live system reached'
	con_has "netboot used the PXE NIC (BOOTIF)" 'BOOTIF matches its MAC'
	con_has "lease from the site router" 'lease from DHCP'
	con_has "netboot handed over to casper" '^netboot: phase premount: done'
	# casper's own messages (its log is tailed to the console)
	con_has "casper: netboot path, from nfsroot=" 'Trying netboot from 192\.0\.2\.2:/.*/state/images/test-casper'
	con_has "casper: its nfsmount reused netboot's mount (shim)" "netboot: /cdrom: using netboot's mount of 192\.0\.2\.2:"
	con_has "casper: casper-bottom ran" 'Running /scripts/casper-bottom'
	con_has "netboot's handoff ran after casper" '^netboot: phase handoff: done'
	con_has "NFS root from the server on casper's /cdrom" '^192\.0\.2\.2:.* /cdrom nfs4? ro,nosuid,nodev'
	con_has "live root: casper's squashfs on /rofs" '^/dev/loop[0-9]+ /rofs squashfs ro'
	con_has "live root: casper's overlay is /" '^/cow / overlay .*lowerdir=/+filesystem\.squashfs'
	for c in nic-address lease-kept default-route net-conf nm-conf ifupdown netplan nfs-mount; do
		con_has "live root: check $c" "^NETBOOT-E2E: check $c ok"
	done
	check "client: casper did not panic" bash -c "! tr -d '\r' <'$CON' | grep -qE 'Unable to find a live file system|Dropping to a shell|^\(initramfs\)'"
	sleep 1.5 # one more poll of the event loop
	srv_has "event: PXE request answered" '52:54:00:12:34:01 .*BIOS iPXE client asks what to boot: answered \(proxyDHCP\)'
	srv_has "event: pxelinux.0 sent" '52:54:00:12:34:01 192\.0\.2\.[0-9]+ +TFTP sent pxelinux\.0$'
	srv_has "event: kernel sent" 'TFTP sent test-casper/vmlinuz \([0-9]+ MiB\)$'
	srv_has "event: initrd sent" 'TFTP sent test-casper/initrd \([0-9]+ MiB\)$'
	srv_has "event: NFS client connected" 'NFS client connected'
	ip netns exec "$SRV_NS" "$SERVER_BIN" --status --state "$SRV_STATE" >"$NB_WORK/status.out" 2>&1 || true
	check "--status: the table has the client" has "$NB_WORK/status.out" '52:54:00:12:34:01  192\.0\.2\.[0-9]+ +BIOS iPXE'
	case_stop_and_check_clean
	check "the ISO is unchanged" test "$(sha256sum <"$iso")" = "$sum"
	case_end
}

main "$@"
