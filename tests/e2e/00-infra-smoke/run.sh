#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/00-infra-smoke/run.sh - prove the e2e infrastructure end to end.
#
# Real Debian kernel + busybox initrd (init.sh) + nfs-ganesha on loopback +
# the tiny live image: the guest leases its second NIC (the first sits on a
# dead hub) with busybox udhcpc, mounts 10.0.2.2:/export over NFS, loop-
# mounts casper/filesystem.squashfs under a tmpfs overlay, switch_roots,
# and the live root prints the marker.  One case per NFS flavour, one
# through the real PXE chain (iPXE ROM -> pxelinux.0 over TFTP -> kernel +
# initrd, IPAPPEND 2) checking BOOTIF reaches the guest cmdline, and one
# negative case (wrong export path must fail the mount).
# Does not involve the netboot binary: that is the later scenarios' job.
#
# Usage: run.sh [CASE...]   (default: all; see smoke_cases)
# Env: NB_KEEP=1 keeps the work dir (console logs, ganesha log).
# Exit: 0 all cases passed, 1 otherwise (with the console tail).

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LIB=$HERE/../../lib
# shellcheck source=../../lib/initrd.sh
source "$LIB/initrd.sh"
# shellcheck source=../../lib/liveimg.sh
source "$LIB/liveimg.sh"
# shellcheck source=../../lib/ganesha.sh
source "$LIB/ganesha.sh"
# shellcheck source=../../lib/qemu.sh
source "$LIB/qemu.sh"

V3_OPTS=ro,vers=3,proto=tcp,port=2049,mountport=20048,mountproto=tcp,mountvers=3,nolock
V3_PMAP_OPTS=ro,vers=3,proto=tcp,mountproto=tcp,nolock

# smoke_cases - NAME|NICS|MODEL|PXE|MOUNT OPTS|PATH|EXPECT (grep -E on log)
smoke_cases() {
	cat <<-CASES
	v3|dead,user|virtio||$V3_OPTS|/export| /cdrom nfs ro,.*vers=3
	v3-portmap|dead,user|virtio||$V3_PMAP_OPTS|/export| /cdrom nfs ro,.*vers=3
	v4.2|dead,user|virtio||ro,vers=4.2|/export| /cdrom nfs4 ro,.*vers=4.2
	v4.1-e1000|dead,user|e1000||ro,vers=4.1|/export| /cdrom nfs4 ro,.*vers=4.1
	pxe|dead,user|virtio|1|ro,vers=4.2|/export|BOOTIF=01-52-54-00-12-34-02
	badpath|user|virtio||ro,vers=4.2|/nonexistent|SMOKE: FAIL mount
	badpath-v3|user|virtio||$V3_OPTS|/nonexistent|SMOKE: FAIL mount
	CASES
	# more lines, same format, for exploring (e.g. other mount options)
	[[ -z "${SMOKE_EXTRA_CASES:-}" ]] || printf '%s\n' "$SMOKE_EXTRA_CASES"
}

# smoke_count LIST - number of items in a comma list.
smoke_count() {
	local -a a
	IFS=, read -ra a <<<"$1"
	echo "${#a[@]}"
}

# smoke_initrd OUT - the busybox initrd with init.sh and the NFS modules.
smoke_initrd() {
	local out=$1 root=$NB_WORK/initrd-root
	initrd_new "$root"
	initrd_add_modules "$root" virtio_pci virtio_net e1000 af_packet \
		sunrpc nfsv3 nfsv4 loop squashfs overlay
	initrd_add_file "$root" "$HERE/udhcpc.script" /bin/udhcpc.script 755
	initrd_set_init "$root" "$HERE/init.sh"
	initrd_build "$out" "$root"
}

# smoke_run_case LINE - boot one case; 0 pass, 1 fail.
smoke_run_case() {
	local name nics model pxe opts path expect log want rc=0
	IFS='|' read -r name nics model pxe opts path expect <<<"$1"
	log=$NB_WORK/$name.console.log
	nb_log "=== case $name: nics=$nics model=$model pxe=${pxe:-no} opts=$opts path=$path"
	# KERNEL is exported by kernel_fetch (tests/lib/kernel.sh).
	# shellcheck disable=SC2153
	qemu_boot --kernel "$KERNEL" --initrd "$NB_WORK/initrd.gz" \
		--nics "$nics" --model "$model" ${pxe:+--pxe} --log "$log" \
		--tftp "$NB_WORK/tftp-$name" \
		--append "smoke.opts=$opts smoke.path=$path smoke.nics=$(smoke_count "$nics")"
	# A case whose EXPECT is a "SMOKE: FAIL" line is a negative one.
	want=$LIVEIMG_MARKER
	[[ $expect != "SMOKE: FAIL"* ]] || want="SMOKE: FAIL"
	qemu_wait_for "$log" "$want" 240 || rc=1
	if [[ $rc -eq 0 && $want == "$LIVEIMG_MARKER" ]]; then
		qemu_wait_for "$log" "NETBOOT-E2E: done" 30 || rc=1
	fi
	qemu_wait_exit 30 || qemu_stop
	if [[ $rc -eq 0 ]] && ! grep -qE -- "$expect" "$log"; then
		nb_log "case $name: console lacks /$expect/"
		rc=1
	fi
	SMOKE_TIMES+=("$(printf '%-11s %s s %s' "$name" "$(nb_elapsed "$QEMU_T0")" \
		"$([[ $rc -eq 0 ]] && echo PASS || echo FAIL)")")
	if [[ $rc -ne 0 ]]; then
		qemu_tail 40
		return 1
	fi
	grep -E '^(SMOKE|smoke|udhcpc):|/cdrom ' "$log" | sed 's/^/    /' >&2 || true
}

main() {
	local line failed=0 name t0
	local -a want=("$@")
	SMOKE_TIMES=()
	nb_workdir >/dev/null
	t0=$(nb_now_ms)
	kernel_fetch
	nb_log "kernel $KVER ($(tr '\n' ' ' <"$KERNEL_DIR/package"))"
	liveimg_build "$NB_WORK/export"
	smoke_initrd "$NB_WORK/initrd.gz"
	ganesha_start "$NB_WORK/export" /export
	nb_log "prepared in $(nb_elapsed "$t0") s"
	while IFS= read -r line; do
		name=${line%%|*}
		if [[ ${#want[@]} -gt 0 && " ${want[*]} " != *" $name "* ]]; then
			continue
		fi
		smoke_run_case "$line" || failed=$(( failed + 1 ))
	done < <(smoke_cases)
	printf 'boot times (qemu start to power-off):\n' >&2
	printf '  %s\n' "${SMOKE_TIMES[@]}" >&2
	printf '%d passed, %d failed\n' $(( ${#SMOKE_TIMES[@]} - failed )) "$failed"
	[[ $failed -eq 0 ]]
}

main "$@"
