#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/http/run.sh - the http tier (issue 12): `netboot net`, then
# `netboot fetch` (or `netboot resolve`) in a network namespace against a
# real web server (lighttpd), dnsmasq (DHCP + DNS) and scripted hostile
# HTTP and DNS servers (tests/http/hostile.py), all in a server namespace
# on a veth peer (tests/http/lib.sh).
#
# Usage: run.sh [NN...]        scenarios by number (default: all)
# Env:   NBT_STANDIN=1         run the curl stand-in (tests/http/standin.sh)
#                              instead of build/klibc/netboot (proves the
#                              harness)
#        NBT_CLIENT=PATH       run this client instead
#        HB_IMAGE_MB=N         size of the served image (default 24)
#        NB_KEEP=1             keep the work dir (build/tmp/http.*)
#        CI=true               not being root counts as a failure
# Prints PASS/FAIL per scenario with its time, then
# "http: N passed, N failed"; exit 1 on any failure.
# Needs root (namespaces, veth, dnsmasq, lighttpd).
#
# The client's contract, as these scenarios read it: keys netboot=http
# url=URL[,URL...] (or fetch=URL), boot=live|casper (the image lands in
# DIR/live/ or DIR/casper/filesystem.squashfs), netboot.sha256=HEX,
# netboot.timeout=S (the whole budget), netboot.debug; lines on stderr
# "netboot: ...", errors "netboot: error: ..."; exit 0, 100 (configuration
# or permanent: bad URL, RAM short, checksum mismatch, 404 on every URL),
# 111 (transient: down, timed out, dropped beyond retries, redirect loop).

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ $(id -u) -ne 0 ]]; then
	echo "http: skipped: needs root (ip netns, veth, dnsmasq, lighttpd)"
	if [[ "${CI:-}" == true ]]; then
		echo "http: 0 passed, 1 failed"
		exit 1
	fi
	echo "http: 0 passed, 0 failed"
	exit 0
fi

# shellcheck source=lib.sh
source "$HERE/lib.sh"

IMG_PATH=/live/filesystem.squashfs

# ---- scenarios: sNN_name; each sets up, runs the client, asserts ----------

# 01 a good fetch: the image byte for byte, progress lines (not a flood),
# the trusted checksum reported as matching.  The web server paces the
# download to 4 MiB/s (about 6 s), long enough for progress lines.
s01_good() {
	hb_dhcp
	hb_web 4096
	hb_cmdline boot=live netboot=http "url=$(hb_url web "$IMG_PATH")" "netboot.sha256=$HB_SHA"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 0
	assert_image live
	assert_progress
	assert_stderr_re 'SHA-256.*matches|matches.*SHA-256'
}

# 02 the connection dropped at 30 %: the next GET asks for the rest
# (Range: bytes=N-, N = what was received) and gets a 206.
s02_drop_resume() {
	local cut
	hb_dhcp
	hb_hostile
	hb_cmdline boot=live netboot=http "url=$(hb_url hostile /drop/filesystem.squashfs)"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 0
	assert_image live
	assert_stderr_ci resum
	cut=$(sed -n 's/^EVENT [0-9]* dropped at \([0-9]*\)$/\1/p' "$NBT_TMP/hostile.log" | head -n 1)
	if [[ -z "$cut" ]]; then
		nbt_fail "the hostile server never dropped a connection (no GET crossed 30 %)"
	else
		printf '    dropped at byte %s of %s\n' "$cut" "$(stat -c %s "$HB_IMAGE")"
		assert_hostile has "^REQ [0-9]+ GET /drop/filesystem.squashfs range=bytes=$cut-"
		assert_hostile has "^RESP [0-9]+ 206 bytes $cut-"
	fi
}

# 03 a wrong trusted checksum: refused (100), nothing left in the --dir.
s03_wrong_sha() {
	local wrong
	wrong=$(rev <<<"$HB_SHA")
	hb_dhcp
	hb_web
	hb_cmdline boot=live netboot=http "url=$(hb_url web "$IMG_PATH")" "netboot.sha256=$wrong"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 100
	assert_stderr_has SHA-256
	assert_stderr_has "does not match"
	assert_no_image
}

# 04 404 on the first URL, the image from the second.
s04_404_next_url() {
	hb_dhcp
	hb_web
	hb_hostile
	hb_cmdline boot=live netboot=http \
		"url=$(hb_url hostile /missing.squashfs),$(hb_url web "$IMG_PATH")"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 0
	assert_image live
	assert_stderr_has 404
	assert_stderr_has "next URL"
	assert_hostile has '^REQ [0-9]+ (GET|HEAD) /missing.squashfs '
}

# 05 a server that trickles one byte a second: netboot.timeout=20 holds
# (exit 111 within 35 s of the fetch's start).
s05_trickle() {
	hb_dhcp
	hb_hostile
	hb_cmdline boot=live netboot=http "url=$(hb_url hostile /trickle/filesystem.squashfs)" \
		netboot.timeout=20
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 111
	assert_elapsed_lt 35
	assert_no_image
}

# 06 Content-Length 1000 TiB on HEAD and GET: refused before any body
# byte is read ("need X MiB, have Y MiB"), nothing stored.
s06_too_big() {
	hb_dhcp
	hb_hostile
	hb_cmdline boot=live netboot=http "url=$(hb_url hostile /huge/filesystem.squashfs)"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 100
	assert_stderr_re 'need [0-9]+ MiB.*have [0-9]+ MiB'
	assert_no_image
	assert_elapsed_lt 10
	assert_hostile has '^REQ [0-9]+ (GET|HEAD) /huge/'
	assert_hostile lacks 'huge: client still there'
	assert_hostile lacks 'huge: body bytes sent'
}

# 07 a redirect loop (/a -> /b -> /a): a failure that says "redirect",
# promptly, after a bounded number of requests.
s07_redirect_loop() {
	local n
	hb_dhcp
	hb_hostile
	hb_cmdline boot=live netboot=http "url=$(hb_url hostile /a)"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_rc_in 100 111
	assert_stderr_ci redirect
	assert_elapsed_lt 15
	assert_no_image
	n=$(grep -cE '^REQ [0-9]+ [A-Z]+ /[ab] ' "$NBT_TMP/hostile.log" || true)
	printf '    %s requests to /a and /b\n' "$n"
	(( n >= 2 )) || nbt_fail "the redirect was not followed ($n requests to /a, /b)"
	(( n <= 60 )) || nbt_fail "$n requests to /a and /b: the loop is not bounded tightly"
}

# 08 hostile chunked encodings, one run each: a non-hex chunk-size line,
# and one of 20 hex digits, each after a good 4 KiB chunk: refused, the
# output says "chunk", nothing left.
s08_bad_chunks() {
	local kind
	hb_dhcp
	hb_hostile
	hb_net "$HB_SERVER" || return 0
	for kind in chunk-nonhex chunk-long; do
		echo "    [$kind]"
		HB_DIR=$NBT_TMP/media-$kind
		hb_cmdline boot=live netboot=http "url=$(hb_url hostile "/$kind/filesystem.squashfs")"
		hb_fetch
		assert_rc_in 100 111
		assert_stderr_ci chunk
		assert_elapsed_lt 15
		assert_no_image
		cp "$NBT_TMP/stderr" "$NBT_TMP/stderr-$kind"
	done
	assert_hostile has "sent bad chunk-size line b'zz"
	assert_hostile has "sent bad chunk-size line b'10000000000000000000"
}

# 09 a header flood (header lines without end): refused, "header", promptly.
s09_header_flood() {
	hb_dhcp
	hb_hostile
	hb_cmdline boot=live netboot=http "url=$(hb_url hostile /flood/filesystem.squashfs)"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_rc_in 100 111
	assert_stderr_ci header
	assert_elapsed_lt 10
	assert_no_image
}

# 10 a name in url=, resolved through dnsmasq's DNS (the lease's option
# 6); boot=casper, so the image lands in casper/.
s10_name_in_url() {
	hb_dhcp
	hb_web
	hb_cmdline boot=casper netboot=http "url=http://img.test:$HB_WEB_PORT$IMG_PATH"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 0
	assert_image casper
	assert_stderr_has "resolved img.test to $HB_SERVER"
	grep -q 'query\[A\] img.test from 192.0.2.1' "$NBT_TMP/dnsmasq.log" ||
		nbt_fail "dnsmasq log has no A query for img.test from the client"
}

# 11 `netboot resolve` (names in nfsroot=): img.test -> 192.0.2.2 on
# stdout, exit 0; an NXDOMAIN name -> exit 100, named in the message.
s11_resolve() {
	local out
	hb_dhcp
	hb_cmdline boot=live netboot=nfs
	hb_net "$HB_SERVER" || return 0
	hb_run resolve img.test
	assert_exit 0
	out=$(tr -d '[:space:]' <"$NBT_TMP/stdout")
	[[ "$out" == "$HB_SERVER" ]] || nbt_fail "resolve img.test printed '$out', expected $HB_SERVER"
	hb_run resolve img-missing.test
	assert_exit 100
	assert_stderr_has img-missing.test
	[[ ! -s "$NBT_TMP/stdout" ]] || nbt_fail "resolve img-missing.test printed on stdout: $(head -c 200 "$NBT_TMP/stdout")"
}

# 12 forged DNS replies (a wrong id, then a wrong question, both saying
# 192.0.2.66) before the right one: ignored, and said so with
# netboot.debug.
s12_forged_dns() {
	local out
	hb_dhcp --forger
	hb_forger
	hb_cmdline boot=live netboot=nfs netboot.debug
	hb_net "$HB_FORGER" || return 0
	hb_run resolve img.test
	assert_exit 0
	out=$(tr -d '[:space:]' <"$NBT_TMP/stdout")
	[[ "$out" == "$HB_SERVER" ]] || nbt_fail "resolve img.test printed '$out', expected $HB_SERVER"
	assert_stderr_has "ignored a reply"
	assert_hostile has '^RESP 0 forged: wrong id'
	assert_hostile has '^RESP 0 forged: wrong question'
}

# 13 live-boot's form: fetch=URL instead of url=.
s13_fetch_key() {
	hb_dhcp
	hb_web
	hb_cmdline boot=live netboot=http "fetch=$(hb_url web "$IMG_PATH")"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 0
	assert_image live
}

# 14 an ISO URL (casper's netboot=url url=...iso): the ISO's directories
# read with range requests, the image alone fetched (far fewer bytes than
# the ISO), checked against the ISO's md5sum.txt, .disk/ brought along.
s14_iso() {
	local rx iso_size img
	hb_iso
	hb_dhcp
	hb_web
	hb_cmdline boot=casper netboot=url "url=$(hb_url web /ubuntu.iso)"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 0
	assert_image casper
	assert_stderr_re "MD5 [0-9a-f]{32} matches the ISO's /md5sum.txt"
	cmp -s "$HB_DIR/.disk/info" <(echo 'Ubuntu 24.04 LTS "netboot http tier" - Release amd64') ||
		nbt_fail ".disk/info was not brought from the ISO"
	[[ -f "$HB_DIR/.disk/casper-uuid-generic" ]] || nbt_fail ".disk/casper-uuid-generic not brought"
	# what reached the client (frames, headers included) against the
	# image and the ISO, which has 16 MiB of pool/ beside the image
	rx=$(ip netns exec "$NBT_C" cat /sys/class/net/eth0/statistics/rx_bytes)
	iso_size=$(stat -c %s "$HB_ISO")
	img=$(stat -c %s "$HB_IMAGE")
	printf '    received %s bytes in all (net + fetch); the ISO has %s, the image %s\n' "$rx" "$iso_size" "$img"
	(( rx < img + img / 20 + 1048576 )) ||
		nbt_fail "received $rx bytes: more than the image (+5% framing, +1 MiB of directories)"
}

# 15 an ISO from a server that ignores ranges: said, and the whole ISO
# fetched instead (`netboot premount` loop-mounts it; `netboot fetch`
# stops at the file, so nothing is mounted on this host).
s15_iso_no_ranges() {
	hb_iso
	hb_dhcp
	hb_hostile
	hb_cmdline boot=casper netboot=url "url=$(hb_url hostile /noranges/ubuntu.iso)"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 0
	assert_stderr_has "does not answer range requests"
	assert_stderr_has "fetching the whole ISO instead"
	cmp -s "$HB_DIR/netboot.iso" "$HB_ISO" || nbt_fail "netboot.iso in the --dir is not the served ISO"
	[[ ! -e "$HB_DIR/casper/filesystem.squashfs" ]] || nbt_fail "a squashfs was stored beside the whole ISO"
}

# 16 the ISO's md5sum.txt disagrees with the image: the download is called
# damaged and refused, nothing left in the --dir.
s16_iso_bad_sum() {
	hb_iso 00112233445566778899aabbccddeeff
	hb_dhcp
	hb_web
	hb_cmdline boot=casper netboot=http "url=$(hb_url web /badsum.iso)"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_rc_in 100 111
	assert_stderr_has "does not match the ISO's /md5sum.txt"
	[[ ! -e "$HB_DIR/casper/filesystem.squashfs" ]] || nbt_fail "the damaged image was kept"
}

# hb_tree NAME SUM - $HB_WWW/NAME/live/filesystem.squashfs (the image) and
# $HB_WWW/NAME/sha256sum.txt claiming SUM for ./live/filesystem.squashfs,
# as a Debian live ISO's tree copied to a web server has it.
hb_tree() {
	local t=$HB_WWW/$1
	mkdir -p "$t/live"
	ln -f "$HB_IMAGE" "$t/live/filesystem.squashfs" 2>/dev/null ||
		cp "$HB_IMAGE" "$t/live/filesystem.squashfs"
	printf '%s  ./live/filesystem.squashfs\n%s  ./live/vmlinuz\n' "$2" "$(printf '0%.0s' {1..64})" \
		>"$t/sha256sum.txt"
	chmod -R a+rX "$t"
}

# 17 an image URL whose tree has a sha256sum.txt: the download checked
# against it (said as the server's, not a trusted, checksum).
s17_tree_sums() {
	hb_tree tree "$HB_SHA"
	hb_dhcp
	hb_web
	hb_cmdline boot=live netboot=http "url=$(hb_url web /tree/live/filesystem.squashfs)"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 0
	assert_image live
	assert_stderr_has "the server's /tree/sha256sum.txt lists live/filesystem.squashfs"
	assert_stderr_re "SHA256 $HB_SHA matches the server's /tree/sha256sum.txt"
}

# 18 the tree's sha256sum.txt disagrees: damaged, refused, nothing kept.
s18_tree_bad_sums() {
	hb_tree badtree "$(rev <<<"$HB_SHA")"
	hb_dhcp
	hb_web
	hb_cmdline boot=live netboot=http "url=$(hb_url web /badtree/live/filesystem.squashfs)"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_rc_in 100 111
	assert_stderr_has "does not match the server's /badtree/sha256sum.txt"
	assert_stderr_has "damaged"
	[[ ! -e "$HB_DIR/live/filesystem.squashfs" ]] || nbt_fail "the damaged image was kept"
}

# ---- netboot-diag on an HTTP source (19-25) ------------------------------
# build/netboot-diag in the client namespace after `netboot net`: the
# checks of netboot=http (network, name, server, size, ranges, checksum,
# image), one "[N/7] name STATUS" line each, exit 0 / 1 / 111.

HB_DIAG=${HB_DIAG:-$NB_BUILD/netboot-diag}

# hb_diag [ARGS...] - netboot-diag --cmdline ... --rundir ... ARGS in the
# client namespace, under the NBT_GUARD timeout; NBT_RC, NBT_ELAPSED_MS;
# its stdout in $NBT_TMP/diag.out (shown, indented).
hb_diag() {
	local t0
	t0=$(nb_now_ms)
	NBT_RC=0
	timeout -k 5 "$NBT_GUARD" ip netns exec "$NBT_C" "$HB_DIAG" \
		--cmdline "$NBT_TMP/cmdline" --rundir "$NBT_RUN" "$@" \
		>"$NBT_TMP/diag.out" 2>"$NBT_TMP/diag.err" </dev/null &
	NBT_PIDS+=("$!")
	wait "$!" || NBT_RC=$?
	NBT_ELAPSED_MS=$(( $(nb_now_ms) - t0 ))
	printf '    netboot-diag: exit %s after %s s\n' "$NBT_RC" "$(nbt_secs "$NBT_ELAPSED_MS")"
	sed 's/^/    | /' "$NBT_TMP/diag.out" "$NBT_TMP/diag.err"
	if (( NBT_RC == 124 || NBT_RC == 137 )); then
		nbt_fail "netboot-diag still running after the ${NBT_GUARD} s guard (killed)"
	fi
}

# assert_diag ERE - a line of netboot-diag's output matches ERE.
assert_diag() {
	grep -qE -- "$1" "$NBT_TMP/diag.out" || nbt_fail "netboot-diag printed no line matching /$1/"
}

# assert_diag_steps STATUS... - the statuses of the check lines, in order
# (one URL: seven).
assert_diag_steps() {
	local got want=$*
	got=$(grep -oE '^\[[1-7]/7\] [a-z .]+ +(OK|WARN|FAIL|SKIP)' "$NBT_TMP/diag.out" |
		awk '{print $NF}' | tr '\n' ' ' | sed 's/ $//')
	[[ "$got" == "$want" ]] || nbt_fail "netboot-diag's statuses: '$got', expected '$want'"
}

# 19 a good image URL, netboot.sha256= given: all seven checks OK, exit 0.
s19_diag_good() {
	hb_dhcp
	hb_web
	hb_cmdline boot=live netboot=http "url=$(hb_url web "$IMG_PATH")" "netboot.sha256=$HB_SHA"
	hb_net "$HB_SERVER" || return 0
	hb_diag
	assert_exit 0
	assert_diag_steps OK OK OK OK OK OK OK
	assert_diag '^\[3/7\] server +OK .*HTTP 200'
	assert_diag '^\[4/7\] size +OK .*need [0-9]+ MiB, have [0-9]+ MiB'
	assert_diag '^\[5/7\] ranges +OK +HTTP 206 for bytes=0-0'
	assert_diag '^\[6/7\] checksum +OK +netboot.sha256='
	assert_diag '^\[7/7\] image +OK +squashfs 4\.0'
	assert_diag '^verdict: the network, the web server and the live image look right'
}

# 20 a 404: step 3 FAIL with the cause and fix, the rest SKIP, exit 1;
# then the 404 before a good URL: the verdict says netboot moves on.
s20_diag_404() {
	hb_dhcp
	hb_web
	hb_hostile
	hb_cmdline boot=live netboot=http "url=$(hb_url hostile /missing.squashfs)"
	hb_net "$HB_SERVER" || return 0
	hb_diag
	assert_exit 1
	assert_diag_steps OK OK FAIL SKIP SKIP SKIP SKIP
	assert_diag '^\[3/7\] server +FAIL .*HTTP 404'
	assert_diag '^      cause: +.*answers HTTP 404 for /missing.squashfs'
	assert_diag '^      fix: +check the path in url='
	assert_diag '^verdict: the boot fails at step 3 \(server\): the image is not on the web server'
	assert_hostile has '^REQ [0-9]+ HEAD /missing.squashfs '
	echo "    [404, then a good URL]"
	hb_cmdline boot=live netboot=http \
		"url=$(hb_url hostile /missing.squashfs),$(hb_url web "$IMG_PATH")" "netboot.sha256=$HB_SHA"
	hb_diag
	assert_exit 1
	assert_diag '^url 2 of 2: http://'
	assert_diag '^verdict: URL 1 fails at step 3 \(server\).*URL 2 looks right'
	(( $(grep -cE '^\[[1-7]/7\] .* OK ' "$NBT_TMP/diag.out") == 9 )) ||
		nbt_fail "expected 2 OK lines for URL 1 and 7 for URL 2"
}

# 21 a server without ranges: for an ISO URL netboot fetches the whole
# ISO and loop-mounts it: step 4 checks the whole ISO's size against RAM,
# step 5 warns, step 6 warns (no list is read for a whole ISO), step 7
# SKIPs (the ISO cannot be looked into), exit 0; with netboot.sha256=,
# step 6 OK; an ISO of 1000 TiB without ranges: step 4 FAIL, need/have
# the whole ISO's; for an image URL a warning only (a dropped download
# starts over), exit 0.
s21_diag_noranges() {
	hb_iso
	hb_dhcp
	hb_hostile
	hb_cmdline boot=casper netboot=url "url=$(hb_url hostile /noranges/ubuntu.iso)"
	hb_net "$HB_SERVER" || return 0
	hb_diag
	assert_exit 0
	assert_diag_steps OK OK OK OK WARN WARN SKIP
	assert_diag "^\\[4/7\\] size +OK +the whole ISO, [0-9.]+ MiB \\($(stat -c %s "$HB_ISO") bytes\\): without ranges netboot fetches it whole \\(step 5\\); need [0-9]+ MiB, have [0-9]+ MiB available"
	assert_diag '^\[5/7\] ranges +WARN +HTTP 200 and the whole file for bytes=0-0: netboot fetches the whole ISO and loop-mounts it'
	assert_diag '^      warning: .*does not answer range requests.*so it fetches the whole ISO \([0-9.]+ MiB\) into RAM and loop-mounts it; netboot-diag cannot look inside the ISO'
	assert_diag '^\[6/7\] checksum +WARN +no netboot.sha256=: netboot fetches the whole ISO and compares it with no checksum list'
	assert_diag '^\[7/7\] image +SKIP +\(no range requests: netboot-diag cannot look inside the ISO'
	assert_diag '^verdict: nothing blocks the boot, but read the 2 warnings above'
	assert_hostile has '^REQ [0-9]+ GET /noranges/ubuntu.iso range=bytes=0-0'
	echo "    [the same with netboot.sha256=]"
	hb_cmdline boot=casper netboot=url "url=$(hb_url hostile /noranges/ubuntu.iso)" \
		"netboot.sha256=$HB_SHA"
	hb_diag
	assert_exit 0
	assert_diag_steps OK OK OK OK WARN OK SKIP
	assert_diag '^\[6/7\] checksum +OK +netboot.sha256=.*compares it with the image it finds in the mounted ISO'
	assert_diag '^verdict: nothing blocks the boot, but read the 1 warning above'
	echo "    [an ISO of 1000 TiB without ranges]"
	hb_cmdline boot=casper netboot=url "url=$(hb_url hostile /hugeiso/ubuntu.iso)"
	hb_diag
	assert_exit 1
	assert_diag_steps OK OK OK FAIL WARN WARN SKIP
	assert_diag '^\[4/7\] size +FAIL +the whole ISO, 1048576000\.0 MiB .*need 1048576256 MiB, have [0-9]+ MiB available'
	assert_diag '^      cause: +the whole ISO goes into RAM \(the server does not answer range requests\): need 1048576256 MiB \(the ISO.s 1048576000 MiB'
	assert_diag '^      fix: +serve the ISO with a web server that does ranges.*; or give the machine more RAM'
	assert_diag '^verdict: the boot fails at step 4 \(size\): this machine has too little RAM for the whole ISO'
	assert_elapsed_lt 15
	echo "    [an image URL without ranges]"
	hb_cmdline boot=live netboot=http "url=$(hb_url hostile /noranges/filesystem.squashfs)" \
		"netboot.sha256=$HB_SHA"
	hb_diag
	assert_exit 0
	assert_diag_steps OK OK OK OK WARN OK OK
	assert_diag '^      warning: .*does not answer range requests.*starts again'
	assert_diag '^verdict: nothing blocks the boot, but read the 1 warning above'
}

# 22 an image larger than RAM (1000 TiB): step 4 FAIL "need X MiB, have Y
# MiB", the other checks still run (the image's first bytes by range).
s22_diag_huge() {
	hb_dhcp
	hb_hostile
	hb_cmdline boot=live netboot=http "url=$(hb_url hostile /huge/filesystem.squashfs)"
	hb_net "$HB_SERVER" || return 0
	hb_diag
	assert_exit 1
	assert_diag '^\[4/7\] size +FAIL +image [0-9.]+ MiB .*need [0-9]+ MiB, have [0-9]+ MiB available'
	assert_diag '^      cause: +the image goes into RAM: need [0-9]+ MiB .*have [0-9]+ MiB available'
	assert_diag '^      fix: +give the machine more RAM, or boot over NFS'
	assert_diag '^verdict: the boot fails at step 4 \(size\): this machine has too little RAM'
	assert_elapsed_lt 15
	assert_hostile lacks 'huge: client still there'
}

# 23 a name in the URL, resolved through dnsmasq (the lease's DNS server);
# no netboot.sha256=: the tree's sha256sum.txt (hb_tree) names the image.
s23_diag_name() {
	hb_tree tree "$HB_SHA"
	hb_dhcp
	hb_web
	hb_cmdline boot=live netboot=http "url=http://img.test:$HB_WEB_PORT/tree/live/filesystem.squashfs"
	hb_net "$HB_SERVER" || return 0
	hb_diag
	assert_exit 0
	assert_diag_steps OK OK OK OK OK OK OK
	assert_diag "^\\[2/7\\] name +OK +img.test is $HB_SERVER \\(DNS server $HB_SERVER"
	assert_diag "^\\[6/7\\] checksum +OK +the server's /tree/sha256sum.txt lists live/filesystem.squashfs \\(SHA256 $HB_SHA\\)"
	grep -q 'query\[A\] img.test from 192.0.2.1' "$NBT_TMP/dnsmasq.log" ||
		nbt_fail "dnsmasq log has no A query for img.test from the client"
	echo "    [a name dnsmasq does not know]"
	hb_cmdline boot=live netboot=http "url=http://nothere.test:$HB_WEB_PORT$IMG_PATH"
	hb_diag
	assert_exit 1
	assert_diag_steps OK FAIL SKIP SKIP SKIP SKIP SKIP
	assert_diag '^      cause: +the name nothere.test does not resolve'
}

# 24 an ISO URL on lighttpd: the ISO's directory read by ranges, the image
# located and its size checked against RAM, the ISO's md5sum.txt naming
# it, the superblock at its offset in the ISO; then a layered ISO with
# layerfs-path=: step 4 WARN (netboot fetches the whole ISO; RAM against
# its size), the top layer's superblock by range, exit 0; without
# layerfs-path=: step 4 FAIL naming it, as `netboot premount` would.
s24_diag_iso() {
	hb_iso
	hb_dhcp
	hb_web
	hb_cmdline boot=casper netboot=url "url=$(hb_url web /ubuntu.iso)"
	hb_net "$HB_SERVER" || return 0
	hb_diag
	assert_exit 0
	assert_diag_steps OK OK OK OK OK OK OK
	assert_diag '^\[4/7\] size +OK +the ISO \(volume "NETBOOT_TIER", [0-9.]+ MiB\) holds /casper/filesystem.squashfs'
	assert_diag "^\\[6/7\\] checksum +OK +the ISO's /md5sum.txt lists casper/filesystem.squashfs \\(MD5 $(md5sum <"$HB_IMAGE" | cut -d' ' -f1)\\)"
	assert_diag '^\[7/7\] image +OK +squashfs 4\.0'
	echo "    [a layered ISO (casper/minimal*.squashfs): the whole ISO]"
	hb_iso_layered
	hb_cmdline boot=casper netboot=url "url=$(hb_url web /layered.iso)" \
		layerfs-path=minimal.standard.live.squashfs "netboot.sha256=$HB_SHA"
	hb_diag
	assert_exit 0
	assert_diag_steps OK OK OK WARN OK OK OK
	assert_diag '^\[4/7\] size +WARN +the ISO \(volume "NETBOOT_LAYERS", [0-9.]+ MiB\): layerfs-path= asks for .*: netboot fetches it whole and mounts /casper/minimal.standard.live.squashfs \([0-9.]+ MiB\) from it; need [0-9]+ MiB, have'
	assert_diag '^      warning: .*/layered.iso: layerfs-path= .*netboot fetches the whole ISO \([0-9.]+ MiB\) into RAM'
	assert_diag '^\[7/7\] image +OK +squashfs 4\.0'
	assert_diag '^verdict: nothing blocks the boot, but read the 1 warning above'
	echo "    [the layered ISO without layerfs-path=]"
	hb_cmdline boot=casper netboot=url "url=$(hb_url web /layered.iso)"
	hb_diag
	assert_exit 1
	assert_diag_steps OK OK OK FAIL OK WARN SKIP
	assert_diag '^\[4/7\] size +FAIL +the ISO \(volume "NETBOOT_LAYERS"\): it holds casper.s layered images .*netboot fetches it whole, but finds no /casper/filesystem.squashfs in it'
	assert_diag '^      fix: +use layerfs-path=minimal.standard.live.squashfs on the kernel command line'
}

# hb_iso_layered - a casper ISO with 23.10+ layered images (the image as
# casper/minimal.squashfs, minimal.standard.squashfs and
# minimal.standard.live.squashfs, no filesystem.squashfs) and .disk/info,
# once per run, as $HB_WWW/layered.iso.
hb_iso_layered() {
	local tree=$NB_WORK/iso-layered l
	[[ -s "$HB_WWW/layered.iso" ]] && return 0
	rm -rf "$tree"
	mkdir -p "$tree/casper" "$tree/.disk"
	for l in minimal minimal.standard minimal.standard.live; do
		ln "$HB_IMAGE" "$tree/casper/$l.squashfs" 2>/dev/null ||
			cp "$HB_IMAGE" "$tree/casper/$l.squashfs"
	done
	echo "Ubuntu 24.04 LTS \"netboot http tier, layered\" - Release amd64" >"$tree/.disk/info"
	xorriso -as mkisofs -R -J -V NETBOOT_LAYERS -o "$HB_WWW/layered.iso" "$tree" >/dev/null 2>&1 ||
		nb_die "xorriso could not make $HB_WWW/layered.iso"
	rm -rf "$tree"
	chmod a+r "$HB_WWW/layered.iso"
}

# 25 hostile servers, each wait bounded: a redirect loop (FAIL after 5
# hops), a header flood (FAIL, refused), a trickle of one byte a second
# (--timeout 2: the image's first bytes time out, the run ends in time).
s25_diag_hostile() {
	hb_dhcp
	hb_hostile
	hb_cmdline boot=live netboot=http "url=$(hb_url hostile /a)"
	hb_net "$HB_SERVER" || return 0
	hb_diag
	assert_exit 1
	assert_diag '^\[3/7\] server +FAIL .*more than 5 redirects'
	assert_diag '^verdict: .*step 3 \(server\): the web server redirects in a loop'
	echo "    [a header flood]"
	hb_cmdline boot=live netboot=http "url=$(hb_url hostile /flood/filesystem.squashfs)"
	hb_diag
	assert_exit 1
	assert_diag '^\[3/7\] server +FAIL .*a response head over 16384 bytes'
	assert_elapsed_lt 10
	echo "    [a trickle]"
	hb_cmdline boot=live netboot=http "url=$(hb_url hostile /trickle/filesystem.squashfs)" \
		"netboot.sha256=$HB_SHA"
	hb_diag --timeout 2 --deadline 20
	assert_exit 1
	assert_diag '^\[7/7\] image +FAIL .*only [0-9] of 96 bytes came within --timeout \(2 s\)'
	assert_elapsed_lt 10
}

# 26 no url=: the URL comes from DHCP's root-path (option 17).
s26_rootpath_url() {
	hb_dhcp "--dhcp-option=17,http://$HB_SERVER:$HB_WEB_PORT$IMG_PATH"
	hb_web
	hb_cmdline boot=live netboot=http "netboot.sha256=$HB_SHA"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 0
	assert_image live
	assert_stderr_has "fetch: http://$HB_SERVER:$HB_WEB_PORT$IMG_PATH ->"
}

# 27 a name in nfsroot=: the mount phase resolves it through the lease's
# DNS server (dnsmasq) before anything is mounted, and names both.  No NFS
# server answers here (and the host may have no NFS client): only the
# resolution is asserted; `ip netns exec` keeps any mount in its own
# mount namespace.
s27_nfsroot_name() {
	hb_dhcp
	hb_cmdline boot=live netboot=nfs nfsroot=img.test:/export netboot.mount-timeout=3 netboot.timeout=15
	hb_net "$HB_SERVER" || return 0
	hb_run mount --dir "$NBT_TMP/nfs"
	assert_rc_in 100 111
	assert_stderr_re "resolved img\.test to $HB_SERVER \(DNS server $HB_SERVER, [0-9]+ ms\)"
	assert_stderr_has "NFS export $HB_SERVER:/export (server img.test from nfsroot="
	grep -q "query\[A\] img\.test from" "$NBT_TMP/dnsmasq.log" ||
		nbt_fail "dnsmasq's log has no A query for img.test"
}

# 28 a folder URL with layerfs-path= (casper's layered set, as Ubuntu's
# desktop ISOs have it): every layer below the named one asked first, the
# sum checked against RAM once, each fetched into casper/; netboot.sha256=
# is the top layer's.
s28_layered_folder() {
	local t=$HB_WWW/layered src=$NBT_TMP/layer-src top_sha
	mkdir -p "$t/casper" "$src"
	ln -f "$HB_IMAGE" "$t/casper/minimal.squashfs" 2>/dev/null ||
		cp "$HB_IMAGE" "$t/casper/minimal.squashfs"
	head -c 1048576 /dev/urandom >"$src/standard-layer"
	mksquashfs "$src" "$t/casper/minimal.standard.squashfs" -noappend -quiet -no-progress >/dev/null
	chmod -R a+rX "$t"
	top_sha=$(sha256sum <"$t/casper/minimal.standard.squashfs" | cut -d' ' -f1)
	hb_dhcp
	hb_web
	hb_cmdline boot=casper netboot=http layerfs-path=minimal.standard.squashfs \
		"url=$(hb_url web /layered/casper/)" "netboot.sha256=$top_sha"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 0
	cmp -s "$HB_DIR/casper/minimal.squashfs" "$HB_IMAGE" || nbt_fail "casper/minimal.squashfs differs"
	cmp -s "$HB_DIR/casper/minimal.standard.squashfs" "$t/casper/minimal.standard.squashfs" ||
		nbt_fail "casper/minimal.standard.squashfs differs"
	assert_stderr_re "casper's layers for layerfs-path=minimal.standard.squashfs: 2 files, [0-9]+ bytes in all"
	assert_stderr_re "SHA-256 $top_sha matches netboot.sha256="
	assert_stderr_has "image in RAM at $HB_DIR/casper/minimal.standard.squashfs"
}

# 29 a folder URL without layerfs-path=: the first candidate image the
# server has (live/filesystem.squashfs for boot=live).
s29_tree_folder() {
	hb_dhcp
	hb_web
	hb_cmdline boot=live netboot=http "url=$(hb_url web /)" "netboot.sha256=$HB_SHA"
	hb_net "$HB_SERVER" || return 0
	hb_fetch
	assert_exit 0
	assert_image live
}

# ---- runner ---------------------------------------------------------------

# run_one FUNC - run one scenario in a subshell with its own cleanup trap;
# print PASS/FAIL and the time; count it in PASSED / FAILED.  Never call it
# in a condition: set -e would then be off inside the scenario.
PASSED=0
FAILED=0
HB_SCEN_PID=
hb_stop_scenario() {
	nb_kill_pid "$HB_SCEN_PID" "scenario"
}
nb_cleanup_add hb_stop_scenario
run_one() {
	local fn=$1 name t0 rc
	name=${fn#s}
	name=${name//_/-}
	t0=$(nb_now_ms)
	echo "--- $name"
	set +e
	(
		set -e
		trap nbt_cleanup EXIT
		trap 'exit 143' TERM
		hb_setup "${name%%-*}"
		"$fn"
		hb_verdict
	) &
	HB_SCEN_PID=$!
	wait "$HB_SCEN_PID"
	rc=$?
	HB_SCEN_PID=
	set -e
	if (( rc == 0 )); then
		PASSED=$(( PASSED + 1 ))
		printf 'PASS %s (%s s)\n' "$name" "$(nb_elapsed "$t0")"
	else
		FAILED=$(( FAILED + 1 ))
		printf 'FAIL %s (%s s)\n' "$name" "$(nb_elapsed "$t0")"
	fi
}

main() {
	local fns=() fn want client t0
	if [[ -z "${NB_WORK:-}" ]]; then
		mkdir -p "$NB_BUILD/tmp"
		NB_WORK=$(mktemp -d "$NB_BUILD/tmp/http.XXXXXX")
		export NB_WORK
	fi
	mapfile -t fns < <(declare -F | awk '{print $3}' | grep -E '^s[0-9]{2}_' | sort)
	if (( $# )); then
		local sel=()
		for want in "$@"; do
			for fn in "${fns[@]}"; do
				[[ "$fn" == "s${want}_"* ]] && sel+=("$fn")
			done
		done
		fns=("${sel[@]}")
	fi
	client=$(hb_client)
	echo "http: client $client"
	if [[ ! -x "$client" ]]; then
		echo "http: $client missing: run make first" >&2
	elif [[ -z "${NBT_STANDIN:-}${NBT_CLIENT:-}" ]] && ! "$client" --help 2>&1 | grep -qE '^ +fetch +'; then
		echo "http: warning: $client --help lists no \"fetch\" command" >&2
	fi
	t0=$(nb_now_ms)
	hb_image
	printf 'http: image %s bytes, sha256 %s (%s s)\n' "$(stat -c %s "$HB_IMAGE")" "$HB_SHA" "$(nb_elapsed "$t0")"
	for fn in "${fns[@]}"; do
		run_one "$fn"
	done
	echo "http: $PASSED passed, $FAILED failed"
	(( FAILED == 0 ))
}

main "$@"
