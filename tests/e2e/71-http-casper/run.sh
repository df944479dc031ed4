#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/71-http-casper/run.sh - netboot=http (issue 12) through REAL
# casper: jammy's casper 1.470.2 initrd (tests/lib/casper.sh builds it from
# ../shared/peers/casper/casper-jammy.tar.gz, CASPER_GENERATE_UUID=1, so it
# has /conf/uuid.conf), netboot added with scripts/netboot-remaster (-L
# /usr/lib/netboot: the netboot the e2e tier installed), the live image
# from lighttpd (tests/lib/web.sh; 10.0.2.2 to the guest) into RAM, then
# casper's own do_nfsmount takes netboot's RAM disk through the shim.
# Without the tarball it prints "skip: ..." and counts nothing.
#
# The served trees (e2e_export's, the squashfs hard-linked), under WWW/:
#   good/        .disk/info and .disk/casper-uuid-FLAVOUR = the initrd's uuid
#   mismatch/    .disk/info and .disk/casper-uuid-FLAVOUR = another uuid
#   nodiskinfo/  no .disk/info; .disk/casper-uuid-generic = the initrd's uuid
# FLAVOUR is what netboot asks for first: the last "-" word of the test
# kernel's release (Debian's 6.1.0-N-amd64: "amd64"), then "generic"
# (src/phase/fetch.c fetch_disk).  So good/ and mismatch/ exercise
# casper-uuid-amd64 (no -generic served), nodiskinfo/ the fallback:
# casper-uuid-amd64 is a 404, casper-uuid-generic is used.
#
# Cases (url=http://10.0.2.2:PORT/TREE/casper/filesystem.squashfs):
#   casper-http:          good/, netboot.sha256= -> the fetch, "SHA-256
#                         ... matches", .disk/info and casper-uuid-amd64
#                         fetched (access log), no "supplied by netboot",
#                         casper's nfsmount through netboot's shim, no wget
#                         by casper, the live root, /cdrom holds netboot's
#                         copies of the server's .disk files.
#   casper-uuid-mismatch: mismatch/ -> netboot stops before casper with
#                         "casper will reject this image" and the hint
#                         (ignore_uuid); casper never runs.
#   casper-uuid-ignore:   mismatch/ with ignore_uuid -> no uuid file asked
#                         for, the live root.
#   casper-no-disk-info:  nodiskinfo/ -> netboot writes .disk/info ("(.disk/
#                         info supplied by netboot)" in the phase fetch
#                         line), the uuid from casper-uuid-generic, casper
#                         does not stop at a disc-name prompt, the live root.
# Usage: run.sh [CASE...]   (case names without the "casper-" prefix work)

set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"
# shellcheck source=../../lib/casper.sh
source "$HERE/../../lib/casper.sh"
# shellcheck source=../../lib/web.sh
source "$HERE/../../lib/web.sh"

WWW=
SUM=
FLAVOUR=
INITRD=
OTHER_UUID=0badc0de-0000-4000-8000-000000000071

url() {
	echo "http://10.0.2.2:$WEB_PORT/$1"
}

# reqs METHOD PATH [STATUS] - how many METHOD requests of PATH (answered
# STATUS) the access log has.
reqs() {
	grep -c "\"$1 /$2 HTTP/1\.[01]\" ${3:-[0-9]*} " "$WEB_LOG" 2>/dev/null || true
}

# log_sync - lighttpd buffers its access log (flushed every few seconds):
# ask for a marker and wait until its line is there, so every request the
# guest made before is in the log too.
log_sync() {
	local m=sync-$RANDOM$RANDOM i
	curl -s -o /dev/null "http://127.0.0.1:$WEB_PORT/$m" || true
	for (( i = 0; i < 50; i++ )); do
		[[ $(reqs GET "$m") -eq 0 ]] || return 0
		sleep 0.2
	done
	nb_log "web: $m not in $WEB_LOG after 10 s"
}

# got PATH STATUS N0 - since the GET count was N0, exactly one GET of
# PATH, answered STATUS.
got() {
	test "$(( $(reqs GET "$1") - $3 ))" -eq 1 &&
		grep "\"GET /$1 HTTP/1\.[01]\" " "$WEB_LOG" | tail -n 1 | grep -q "\" $2 "
}

# missed PATH N0 NH0 - since the counts were N0 (GET) and NH0 (HEAD): one
# HEAD answered 404, no GET.
missed() {
	test "$(( $(reqs HEAD "$1" 404) - $3 ))" -eq 1 && test "$(( $(reqs GET "$1") - $2 ))" -eq 0
}

# none PATH N0 NH0 - no request of PATH since the counts were N0, NH0.
none() {
	test "$(( $(reqs GET "$1") + $(reqs HEAD "$1") - $2 - $3 ))" -eq 0
}

# live_extra DIR - the e2e live tree plus a check that shows what casper's
# /cdrom (netboot's RAM disk) holds in the live root.
live_extra() {
	local dir=$1
	e2e_live_tree "$dir"
	cat >"$dir/etc/netboot-e2e.d/20-cdrom.sh" <<-'SH'
	# tests/e2e/71-http-casper: casper's medium, as the live root sees it
	for f in /cdrom/.disk/*; do
		[ -f "$f" ] && echo "NETBOOT-E2E: cdrom: ${f#/cdrom/}: $(head -c 200 "$f")"
	done
	echo "NETBOOT-E2E: cdrom: squashfs: $(ls /cdrom/casper 2>/dev/null | tr '\n' ' ')"
	SH
}

# trees - good/, mismatch/, nodiskinfo/ under WWW (see the top).
trees() {
	local src=$NB_WORK/export t
	e2e_export "$src" good
	SUM=$(sha256sum "$src/casper/filesystem.squashfs" | cut -d' ' -f1)
	mkdir -p "$WWW"
	for t in good mismatch nodiskinfo; do
		mkdir -p "$WWW/$t/casper" "$WWW/$t/.disk"
		ln "$src/casper/filesystem.squashfs" "$WWW/$t/casper/filesystem.squashfs"
	done
	cp "$src/.disk/info" "$WWW/good/.disk/info"
	cp "$src/.disk/info" "$WWW/mismatch/.disk/info"
	echo "$CASPER_UUID" >"$WWW/good/.disk/casper-uuid-$FLAVOUR"
	echo "$OTHER_UUID" >"$WWW/mismatch/.disk/casper-uuid-$FLAVOUR"
	echo "$CASPER_UUID" >"$WWW/nodiskinfo/.disk/casper-uuid-generic"
}

# boot_casper TREE [EXTRA] - boot the casper+netboot initrd from TREE.
boot_casper() {
	e2e_boot --nics user --initrd "$INITRD" --append \
		"boot=casper netboot=http url=$(url "$1/casper/filesystem.squashfs") netboot.sha256=$SUM ${2:-}"
}

# live_root - wait for the live root, then for its report.
live_root() {
	e2e_ok "live root reached" e2e_wait "^NETBOOT-E2E: live system reached" 150
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	E2E_NOTE="live root at ${E2E_SEEN_S:-?} s"
}

# casper_ok TREE - what every boot through casper shows.
casper_ok() {
	local t=$1
	log_sync
	e2e_expect "SHA-256 matches netboot.sha256=" "^netboot: SHA-256 $SUM matches netboot.sha256="
	e2e_expect "the squashfs checked" '^netboot: live image: squashfs 4\.0'
	e2e_expect "netboot handed over to casper" '^netboot: phase premount: done'
	e2e_expect "casper: netboot path (do_netmount)" 'Trying netboot from'
	e2e_expect "casper's nfsmount took netboot's RAM disk through the shim" \
		'netboot: /cdrom: using the image netboot fetched into RAM'
	e2e_refuse "casper did not fetch anything itself (no wget)" \
		'Trying to download and mount|Connecting to 10\.0\.2\.2|wget:'
	e2e_expect "casper: casper-bottom ran" 'Running /scripts/casper-bottom'
	e2e_expect "netboot's handoff ran after casper" '^netboot: phase handoff: done'
	e2e_refuse "casper did not panic or drop to a shell" \
		'Unable to find a live file system|Dropping to a shell|^\(initramfs\)'
	e2e_expect "live root: /cdrom is the RAM disk, read-only" '^tmpfs /cdrom tmpfs ro,nosuid,nodev'
	e2e_expect "live root: casper's squashfs on /rofs" '^/dev/loop[0-9]+ /rofs squashfs ro'
	e2e_expect "live root: casper's overlay is /" '^/cow / overlay '
	e2e_expect "live root: /cdrom/casper has the image" '^NETBOOT-E2E: cdrom: squashfs: filesystem\.squashfs'
	e2e_ok "one GET of the image" got "$t/casper/filesystem.squashfs" 200 "$N_IMG"
	for c in nic-address lease-kept default-route net-conf; do
		e2e_expect "live root: check $c" "^NETBOOT-E2E: check $c ok"
	done
}

# counts TREE - remember the access log's counts before a boot: N_* GETs,
# H_* HEADs.
counts() {
	local t=$1
	log_sync
	N_IMG=$(reqs GET "$t/casper/filesystem.squashfs")
	N_INFO=$(reqs GET "$t/.disk/info")
	H_INFO=$(reqs HEAD "$t/.disk/info")
	N_FLAV=$(reqs GET "$t/.disk/casper-uuid-$FLAVOUR")
	H_FLAV=$(reqs HEAD "$t/.disk/casper-uuid-$FLAVOUR")
	N_GEN=$(reqs GET "$t/.disk/casper-uuid-generic")
	H_GEN=$(reqs HEAD "$t/.disk/casper-uuid-generic")
}

case_http() {
	e2e_case casper-http
	counts good
	boot_casper good
	live_root
	casper_ok good
	e2e_ok ".disk/info fetched (200)" got good/.disk/info 200 "$N_INFO"
	e2e_refuse "no .disk/info note (the server has one)" 'supplied by netboot|written by netboot'
	e2e_expect "the report: phase fetch, in RAM, no note" \
		'^netboot: phase fetch: HTTP, casper/filesystem\.squashfs in RAM$'
	e2e_ok ".disk/casper-uuid-$FLAVOUR fetched (200)" got "good/.disk/casper-uuid-$FLAVOUR" 200 "$N_FLAV"
	e2e_ok "casper-uuid-generic not asked for (the $FLAVOUR one matched)" none good/.disk/casper-uuid-generic "$N_GEN" "$H_GEN"
	e2e_refuse "no uuid complaint" 'casper will reject'
	e2e_expect "netboot says casper's uuid check passed" \
		"^netboot: casper's uuid check: \\.disk/casper-uuid-$FLAVOUR matches the initrd's /conf/uuid\\.conf"
	e2e_expect "live root: /cdrom has the server's casper-uuid-$FLAVOUR (the initrd's uuid)" \
		"^NETBOOT-E2E: cdrom: \\.disk/casper-uuid-$FLAVOUR: $CASPER_UUID\$"
	e2e_expect "live root: /cdrom has the server's .disk/info" \
		'^NETBOOT-E2E: cdrom: \.disk/info: netboot e2e live image '
	e2e_grep "$E2E_LOG" '^netboot: |Trying netboot|nfsmount'
	e2e_case_end
}

case_uuid_mismatch() {
	e2e_case casper-uuid-mismatch
	counts mismatch
	boot_casper mismatch panic=5
	e2e_wait "Rebooting automatically due to panic=|NETBOOT-E2E: live system reached" 150 || true
	E2E_NOTE="stopped at ${E2E_SEEN_S:-?} s"
	e2e_expect "casper will reject this image: does not match, the file named" \
		"^netboot: error: casper will reject this image: the initrd's /conf/uuid\\.conf \\($CASPER_UUID\\) does not match http://10\\.0\\.2\\.2:$WEB_PORT/mismatch/\\.disk/casper-uuid-$FLAVOUR"
	e2e_expect "the hint: ignore_uuid, or the initrd of the same ISO" \
		'casper will reject this image: .*; boot with ignore_uuid, or use the initrd from the same ISO as the image'
	e2e_expect "netboot stopped (its panic)" 'netboot: unable to netboot the live system'
	log_sync
	e2e_ok ".disk/casper-uuid-$FLAVOUR fetched (200)" got "mismatch/.disk/casper-uuid-$FLAVOUR" 200 "$N_FLAV"
	e2e_refuse "casper never ran (no netmount, no casper-bottom)" 'Trying netboot from|Running /scripts/casper-bottom'
	e2e_refuse "the live root was not reached" '^NETBOOT-E2E: live system reached'
	e2e_grep "$E2E_LOG" '^netboot: |panic'
	e2e_case_end
}

case_uuid_ignore() {
	e2e_case casper-uuid-ignore
	counts mismatch
	boot_casper mismatch ignore_uuid
	live_root
	casper_ok mismatch
	e2e_refuse "no uuid complaint" 'casper will reject'
	e2e_ok "no casper-uuid-$FLAVOUR asked for (ignore_uuid)" none "mismatch/.disk/casper-uuid-$FLAVOUR" "$N_FLAV" "$H_FLAV"
	e2e_ok "no casper-uuid-generic asked for (ignore_uuid)" none mismatch/.disk/casper-uuid-generic "$N_GEN" "$H_GEN"
	e2e_refuse "live root: /cdrom has no casper-uuid file" '^NETBOOT-E2E: cdrom: \.disk/casper-uuid'
	e2e_grep "$E2E_LOG" '^netboot: |Trying netboot|nfsmount'
	e2e_case_end
}

case_no_disk_info() {
	e2e_case casper-no-disk-info
	counts nodiskinfo
	boot_casper nodiskinfo
	live_root
	casper_ok nodiskinfo
	e2e_ok ".disk/info asked for: 404" missed nodiskinfo/.disk/info "$N_INFO" "$H_INFO"
	e2e_expect "the report: .disk/info supplied by netboot" \
		'^netboot: phase fetch: HTTP, casper/filesystem\.squashfs in RAM \(\.disk/info supplied by netboot\)$'
	e2e_ok ".disk/casper-uuid-$FLAVOUR asked for first: 404" missed "nodiskinfo/.disk/casper-uuid-$FLAVOUR" "$N_FLAV" "$H_FLAV"
	e2e_ok ".disk/casper-uuid-generic then: 200" got nodiskinfo/.disk/casper-uuid-generic 200 "$N_GEN"
	e2e_refuse "no uuid complaint" 'casper will reject'
	# (apt-cdrom's prompt goes on with ", such as"; netboot's warning
	# quotes the prompt it spares, and its line and report copy are not it)
	e2e_refuse "casper did not stop at a disc-name prompt" \
		'Please provide a name for this Disc,|Please insert|Repeat this process for the rest of the CDs'
	e2e_expect "live root: /cdrom has netboot's .disk/info" \
		"^NETBOOT-E2E: cdrom: \\.disk/info: netboot HTTP image http://10\\.0\\.2\\.2:$WEB_PORT/nodiskinfo/"
	e2e_grep "$E2E_LOG" '^netboot: |Trying netboot|nfsmount'
	e2e_case_end
}

main() {
	local c rc=0
	local -a cases=("$@")
	[[ ${#cases[@]} -gt 0 ]] || cases=(casper-http casper-uuid-mismatch casper-uuid-ignore casper-no-disk-info)
	e2e_setup
	casper_initrd jammy "" || rc=$?
	if [[ $rc -eq 2 ]]; then
		echo "$CASPER_SKIP"
		echo "$E2E_SCENARIO: 0 passed, 0 failed (skipped)"
		return 0
	fi
	[[ $rc -eq 0 ]] || nb_die "casper: the jammy initrd did not build"
	[[ -n $CASPER_UUID ]] || nb_die "casper: the jammy initrd has no conf/uuid.conf"
	FLAVOUR=generic
	[[ $KVER != *-* ]] || FLAVOUR=${KVER##*-}
	nb_log "casper: jammy initrd $(basename "$CASPER_INITRD"), uuid $CASPER_UUID; kernel $KVER, flavour $FLAVOUR"
	INITRD=$NB_WORK/casper-netboot.img
	"$NB_ROOT/scripts/netboot-remaster" -L /usr/lib/netboot -o "$INITRD" "$CASPER_INITRD" \
		>"$NB_WORK/remaster.log" 2>&1 || { cat "$NB_WORK/remaster.log" >&2; nb_die "netboot-remaster failed"; }
	live_extra "$NB_WORK/live-tree"
	WWW=$NB_WORK/www
	trees
	web_start "$WWW"
	for c in "${cases[@]}"; do
		c=case_${c#casper-}
		"${c//-/_}"
	done
	web_stop
	e2e_scenario_end
}

main "$@"
