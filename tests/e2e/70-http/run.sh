#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/e2e/70-http/run.sh - netboot=http (issue 12): the live image from a
# real web server (lighttpd on the host's loopback, 10.0.2.2 to the guest)
# into RAM, then live-boot takes it as its medium.
#   live:     url= with netboot.sha256= -> the fetch, the SHA-256 match,
#             the squashfs check, "the root is in RAM", the live root; no
#             NFS mount in the live root; the access log has the GET.
#   failover: url=MISSING,GOOD -> the 404 said, the next URL used, the
#             live root.
#   lowram:   a guest with too little RAM (-m) -> "need X MiB, have Y
#             MiB" before any body byte is fetched (only a HEAD in the
#             access log), the boot stops with netboot's message.
#   iso:      url= names an ISO of the tree (xorriso, with 16 MiB of pool/
#             beside the image): its directories read by range requests,
#             live/filesystem.squashfs alone fetched, the live root; the
#             guest NIC's received bytes stay near the image's size.
#   iso-whole: the same ISO from a server without ranges (python3's
#             http.server, a plain file server): said, the whole ISO
#             fetched into RAM and loop-mounted (iso9660), the image found
#             and checked in it, netboot.sha256= (the squashfs's) matched
#             there, the live root.
# Usage: run.sh [CASE...]

set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"
# shellcheck source=../../lib/web.sh
source "$HERE/../../lib/web.sh"

WWW=
SUM=

url() {
	echo "http://10.0.2.2:$WEB_PORT/$1"
}

# gets PATH - how many GETs of PATH the access log has.
gets() {
	grep -c "\"GET /$1 " "$WEB_LOG" 2>/dev/null || true
}

case_live() {
	local n0
	e2e_case live
	n0=$(gets live/filesystem.squashfs)
	e2e_boot --nics user --append "boot=live netboot=http url=$(url live/filesystem.squashfs) netboot.sha256=$SUM"
	e2e_ok "live root reached" e2e_wait "^NETBOOT-E2E: live system reached" 150
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	E2E_NOTE="live root at ${E2E_SEEN_S:-?} s"
	e2e_expect "the size checked against RAM first" '^netboot: image [0-9.]+ MiB, RAM available [0-9]+ MiB: fits'
	e2e_expect "a summary with the rate" '^netboot: fetch: [0-9.]+ MiB in [0-9.]+ s \([0-9.]+ MB/s\)'
	e2e_expect "SHA-256 matches netboot.sha256=" "^netboot: SHA-256 $SUM matches netboot.sha256="
	e2e_expect "the squashfs checked" '^netboot: live image: squashfs 4\.0'
	e2e_expect "the report: phase fetch, in RAM" '^netboot: phase fetch: HTTP, live/filesystem\.squashfs in RAM'
	e2e_expect "the network may go away" 'the network may go away'
	e2e_expect "live-boot took netboot's RAM disk through the shim" \
		"netboot: /run/live/medium: using the image netboot fetched into RAM"
	e2e_expect "the live root sees the medium read-only" '^tmpfs /run/live/medium tmpfs ro,nosuid,nodev'

	e2e_refuse "live-boot did not fetch again (no wget)" 'Connecting to 10\.0\.2\.2|wget:'
	e2e_ok "one GET of the image in the access log" test "$(( $(gets live/filesystem.squashfs) - n0 ))" -eq 1
	for c in nic-address lease-kept default-route net-conf; do
		e2e_expect "live root: check $c" "^NETBOOT-E2E: check $c ok"
	done
	e2e_expect "live root: no NFS mount (the root is in RAM)" '^NETBOOT-E2E: check nfs-mount FAIL: no nfs mount'
	e2e_grep "$E2E_LOG" '^netboot: '
	e2e_case_end
}

case_failover() {
	e2e_case failover
	e2e_boot --nics user --append "boot=live netboot=http url=$(url missing/filesystem.squashfs),$(url live/filesystem.squashfs)"
	e2e_ok "live root reached" e2e_wait "^NETBOOT-E2E: live system reached" 150
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	E2E_NOTE="live root at ${E2E_SEEN_S:-?} s"
	e2e_expect "the 404 said, the next URL tried" '^netboot: fetch http://10\.0\.2\.2:[0-9]+/missing/filesystem\.squashfs: HTTP 404 .*; trying the next URL'
	e2e_expect "not checked: no checksum given or beside it (said)" '^netboot: the image is not checked: no netboot.sha256='
	e2e_grep "$E2E_LOG" '^netboot: '
	e2e_case_end
}

case_lowram() {
	local n0
	e2e_case lowram
	n0=$(gets live/filesystem.squashfs)
	E2E_MEM=${E2E_LOWRAM_MEM:-288} e2e_boot --nics user \
		--append "boot=live netboot=http url=$(url live/filesystem.squashfs) panic=5"
	e2e_wait "not enough RAM|Rebooting automatically due to panic=|NETBOOT-E2E: live system reached" 150 || true
	E2E_NOTE="stopped at ${E2E_SEEN_S:-?} s"
	e2e_expect "need X MiB, have Y MiB, and the options" \
		'^netboot: error: not enough RAM for the image: need [0-9]+ MiB .* have [0-9]+ MiB available; .*netboot=nfs'
	e2e_refuse "the live root was not reached" '^NETBOOT-E2E: live system reached'
	e2e_ok "no GET of the image (only its HEAD)" test "$(( $(gets live/filesystem.squashfs) - n0 ))" -eq 0
	e2e_grep "$E2E_LOG" '^netboot: '
	e2e_case_end
}

case_iso() {
	local tree=$NB_WORK/iso-tree img
	e2e_case iso
	rm -rf "$tree"
	cp -a "$WWW" "$tree"
	mkdir -p "$tree/pool"
	head -c 16777216 /dev/urandom >"$tree/pool/packages.bin"
	xorriso -as mkisofs -R -J -V NETBOOT_E2E -o "$WWW/live.iso" "$tree" >/dev/null 2>&1 ||
		nb_die "xorriso failed"
	rm -rf "$tree"
	img=$(stat -c %s "$WWW/live/filesystem.squashfs")
	e2e_boot --nics user --append "boot=live netboot=http url=$(url live.iso) netboot.sha256=$SUM"
	e2e_ok "live root reached" e2e_wait "^NETBOOT-E2E: live system reached" 150
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	E2E_NOTE="live root at ${E2E_SEEN_S:-?} s; ISO $(stat -c %s "$WWW/live.iso") bytes, image $img"
	e2e_expect "the ISO read by range requests" '^netboot: fetch: .*/live\.iso names an ISO'
	e2e_expect "the image located in it" '^netboot: the ISO \(volume "NETBOOT_E2E", .*\) holds /live/filesystem\.squashfs'
	e2e_expect "SHA-256 matches netboot.sha256= (the squashfs's)" "^netboot: SHA-256 $SUM matches netboot.sha256="
	e2e_expect "the report: phase fetch" '^netboot: phase fetch: HTTP, live/filesystem\.squashfs in RAM'
	e2e_expect "live-boot took the RAM disk" "netboot: /run/live/medium: using the image netboot fetched into RAM"
	e2e_expect "the ISO's .disk/info brought along (none written)" '^netboot: phase fetch: HTTP, live/filesystem\.squashfs in RAM$'
	e2e_grep "$E2E_LOG" '^netboot: '
	e2e_case_end
}

# A plain file server without ranges, on a free port: PLAIN_PORT.
PLAIN_PID=
PLAIN_PORT=
plain_start() {
	PLAIN_PORT=$(( WEB_PORT + 1 ))
	while nb_port_open 127.0.0.1 "$PLAIN_PORT"; do PLAIN_PORT=$(( PLAIN_PORT + 1 )); done
	python3 -m http.server "$PLAIN_PORT" --bind 127.0.0.1 --directory "$WWW" \
		>"$NB_WORK/plain-http.log" 2>&1 </dev/null &
	PLAIN_PID=$!
	nb_cleanup_add plain_stop
	nb_wait_port 127.0.0.1 "$PLAIN_PORT" 10 || nb_die "python3 http.server did not start"
}
plain_stop() {
	nb_kill_pid "$PLAIN_PID" http.server
	PLAIN_PID=
}

case_iso-whole() {
	e2e_case iso-whole
	[[ -s "$WWW/live.iso" ]] || nb_die "iso-whole runs after iso (it serves that ISO)"
	plain_start
	e2e_boot --nics user --append "boot=live netboot=http url=http://10.0.2.2:$PLAIN_PORT/live.iso netboot.sha256=$SUM"
	e2e_ok "live root reached" e2e_wait "^NETBOOT-E2E: live system reached" 150
	e2e_wait "^NETBOOT-E2E: done" 30 || true
	E2E_NOTE="live root at ${E2E_SEEN_S:-?} s"
	e2e_expect "no ranges: said, the whole ISO instead" \
		'^netboot: fetch: the server does not answer range requests .*; fetching the whole ISO instead'
	e2e_expect "the whole ISO fetched into the RAM disk" '^netboot: fetch: http://10\.0\.2\.2:[0-9]+/live\.iso -> /run/netboot/http/netboot\.iso'
	e2e_expect "loop-mounted read-only" '^netboot: the whole ISO in RAM, mounted read-only on /run/netboot/http/iso'
	e2e_expect "the image found and checked in it" '^netboot: live image live/filesystem\.squashfs: squashfs 4\.0'
	e2e_expect "netboot.sha256= (the squashfs's) matched in the ISO" \
		"^netboot: SHA-256 $SUM of the ISO's live/filesystem\.squashfs matches netboot\.sha256="
	e2e_expect "live-boot took the ISO's mount" "netboot: /run/live/medium: using netboot's mount of http://"
	plain_stop
	e2e_grep "$E2E_LOG" '^netboot: '
	e2e_case_end
}

main() {
	local c
	local -a cases=("$@")
	[[ ${#cases[@]} -gt 0 ]] || cases=(live failover lowram iso iso-whole)
	e2e_setup
	WWW=$NB_WORK/www
	e2e_export "$WWW" good
	SUM=$(sha256sum "$WWW/live/filesystem.squashfs" | cut -d' ' -f1)
	web_start "$WWW"
	for c in "${cases[@]}"; do
		"case_$c"
	done
	web_stop
	e2e_scenario_end
}

main "$@"
