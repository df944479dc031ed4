#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# bios-live-http: a Debian live-boot ISO; netboot-server --http --default
# http in proxyDHCP mode beside the site router's dnsmasq; lighttpd (its
# own config, as www-data) serves the loop-mounted tree read-only; a BIOS
# PXE client takes the menu's default, the HTTP entry, and netboot fetches
# the squashfs into RAM (SHA-256 checked against the netboot.sha256= the
# server computed at start) to the live root, no NFS mount; the access log
# has the client's GET; a directory, a POST and a path outside the trees
# are refused; Ctrl+C leaves the host as it was, no lighttpd left.
set -euo pipefail
# shellcheck source=../case.sh
source "$(dirname "${BASH_SOURCE[0]}")/../case.sh"

# code PATH [CURL ARGS...] - the HTTP status the server gives the router's
# namespace for PATH (on the LAN, as another machine would ask).
code() {
	local path=$1
	shift
	ip netns exec "$RT_NS" curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" \
		"http://192.0.2.2:8080$path" || true
}

main() {
	local iso sum alog web
	case_begin bios-live-http
	iso=$(case_iso live)
	sum=$("$NB_ROOT/build/netboot-image" iso-cat "$iso" /live/filesystem.squashfs --max 1073741824 |
		sha256sum | cut -d' ' -f1)
	lan_setup
	lan_router_start
	lan_tap tap0
	check "server starts with --http --default http" case_server "$iso" --http --default http --timeout 2
	alog=$SRV_STATE/lighttpd/log/access.log
	srv_has "screen: the web server, its port" '^  HTTP       lighttpd on 192\.0\.2\.2:8080 \(own config, as www-data\)'
	srv_has "screen: the image's URL" '^             url=http://192\.0\.2\.2:8080/test-live/live/filesystem\.squashfs$'
	srv_has "screen: the RAM it needs" 'HTTP entry: the image into the client.s RAM, needs about [0-9]+ MiB'
	srv_has "screen: the HTTP entry is the default" '^  default    test-live-http: over HTTP \(--default http\)'
	srv_has "screen: SHA-256 computed at start, how long" 'image 1: SHA-256 of live/filesystem\.squashfs \([0-9]+ MiB\) for its HTTP entry.s netboot\.sha256=: [0-9]+\.[0-9] s$'
	check "the menu's HTTP entry carries that SHA-256" \
		grep -q "APPEND boot=live netboot=http url=http://192.0.2.2:8080/test-live/live/filesystem.squashfs netboot.sha256=$sum components netboot.report=udp:192.0.2.2:5514 console=ttyS0,115200" \
		"$SRV_STATE/tftp/pxelinux.cfg/default"
	check "the menu's default is the HTTP entry" grep -qx 'DEFAULT test-live-http' "$SRV_STATE/tftp/pxelinux.cfg/default"
	web=$(awk '$1 == "pid" && $2 == "lighttpd" { print $3 }' "$SRV_STATE/journal")
	check "lighttpd is journaled (pid ${web:-none})" test -n "$web"
	check "lighttpd runs as www-data" test "$(ps -o user= -p "${web:-0}" 2>/dev/null)" = www-data
	check "a directory is not listed (403)" test "$(code /test-live/live/)" = 403
	check "a POST is refused (403)" test "$(code /test-live/live/filesystem.squashfs -d x)" = 403
	check "nothing outside the trees (404)" test "$(code /etc/passwd)" = 404
	check "a HEAD of the image is answered (200)" test "$(code /test-live/live/filesystem.squashfs -I)" = 200

	check "client reaches the live root over HTTP" case_client '^NETBOOT-E2E: done' 300
	con_has "live root reached" '^NETBOOT-E2E: live system reached'
	con_has "the HTTP entry booted" 'netboot=http url=http://192\.0\.2\.2:8080/test-live/live/filesystem\.squashfs'
	con_has "the size checked against RAM first" '^netboot: image [0-9.]+ MiB, RAM available [0-9]+ MiB: fits'
	con_has "SHA-256 matches the server's netboot.sha256=" "^netboot: SHA-256 $sum matches netboot\\.sha256="
	con_has "the image in RAM" '^netboot: phase fetch: HTTP, live/filesystem\.squashfs in RAM'
	con_has "live-boot took netboot's RAM disk" 'netboot: /run/live/medium: using the image netboot fetched into RAM'
	con_has "no NFS mount in the live root" '^NETBOOT-E2E: check nfs-mount FAIL: no nfs mount'
	check "access log: the client's GET of the image (200)" \
		has "$alog" '^192\.0\.2\.[0-9]+ .*"GET /test-live/live/filesystem\.squashfs HTTP/1\.1" 200 '
	check "access log: the tree's .disk/info fetched" has "$alog" '"GET /test-live/\.disk/info HTTP/1\.1" 200 '
	sleep 1.5 # one more poll of the event loop
	srv_has "report: the fetch phase" '52:54:00:12:34:01 .*phase fetch: HTTP'
	srv_has "report: the handoff's verdict" '52:54:00:12:34:01 .*live root reached: '
	ip netns exec "$SRV_NS" "$SERVER_BIN" --status --state "$SRV_STATE" >"$NB_WORK/status.out" 2>&1 || true
	check "--status: the web server" has "$NB_WORK/status.out" '^  http +lighttpd on 192\.0\.2\.2:8080'
	check "--status: the image's URL" has "$NB_WORK/status.out" 'url=http://192\.0\.2\.2:8080/test-live/live/filesystem\.squashfs'
	echo "---- the server's screen up to ready (for the record)"
	sed -n '1,/^ready in /p' "$SRV_OUT" | sed 's/^/    | /'
	echo "---- access log (for the record)"
	sed 's/^/    | /' "$alog"
	case_stop_and_check_clean
	srv_has "Ctrl+C: lighttpd stopped" "^  stopped lighttpd \\(pid $web\\)$"
	check "Ctrl+C: no lighttpd left (pid $web)" bash -c "! kill -0 $web 2>/dev/null"
	case_end
}

main "$@"
