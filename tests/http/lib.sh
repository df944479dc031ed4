#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/http/lib.sh - fixtures and assertions for the http tier
# (tests/http/run.sh): `netboot net`, then `netboot fetch` or `netboot
# resolve`, in a client namespace against a server namespace.
#
# One scenario = a client namespace nbh<PID>-<NN>-c holding eth0, a veth
# whose peer s0 sits in nbh<PID>-<NN>-s with 192.0.2.2/24 (and 192.0.2.3
# for the DNS forger).  On the server side, as the scenario asks:
#   hb_dhcp     dnsmasq: DHCP 192.0.2.100-150 and DNS on 192.0.2.2 (option
#               6 names it; img.test -> 192.0.2.2, the rest of .test is
#               NXDOMAIN); --forger: no DNS (--port=0), option 6 names
#               192.0.2.3 instead
#   hb_web      lighttpd on 192.0.2.2:8080 (own config, logs, temp dir;
#               in the foreground, by PID) serving HB_WWW: the generated
#               image as /live/filesystem.squashfs
#   hb_hostile  tests/http/hostile.py http on 192.0.2.2:8081 (the path
#               picks the behaviour); its log: $NBT_TMP/hostile.log
#   hb_forger   tests/http/hostile.py dns on 192.0.2.3:53
# Only 192.0.2.0/24 (TEST-NET-1), only inside those namespaces.
#
# The client runs as
#   ip netns exec $NBT_C $CLIENT CMD --cmdline $NBT_TMP/cmdline --rundir
#       $NBT_RUN [ARGS]
# CLIENT defaulting to build/klibc/netboot (NBT_STANDIN=1: the curl
# stand-in tests/http/standin.sh; NBT_CLIENT=PATH: that).  Namespaces,
# processes, assertions and cleanup are tests/net/lib.sh's (nbt_*,
# assert_exit, assert_stderr_has, nbt_verdict, nbt_cleanup), with the
# namespace prefix changed to nbh<PID>-.

HB_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../net/lib.sh
source "$HB_HERE/../net/lib.sh"

NBT_PREFIX="nbh$$-"
HB_SERVER=192.0.2.2
HB_FORGER=192.0.2.3
HB_WEB_PORT=8080
HB_HOSTILE_PORT=8081
HB_IMAGE_MB=${HB_IMAGE_MB:-24}   # size of the generated image's content
HB_WWW=                           # docroot, made once per run (hb_image)
HB_IMAGE=                         # $HB_WWW/live/filesystem.squashfs
HB_SHA=
HB_S=                             # the scenario's server namespace
HB_DIR=                           # the client's --dir

# hb_client - print the client command (absolute path).
hb_client() {
	if [[ -n "$NBT_CLIENT" ]]; then
		echo "$NBT_CLIENT"
	elif [[ -n "${NBT_STANDIN:-}" ]]; then
		echo "$HB_HERE/standin.sh"
	else
		echo "$NB_BUILD/klibc/netboot"
	fi
}

# hb_image - generate the served image once per run: HB_IMAGE_MB MiB of
# random files in a squashfs (incompressible, so the image is that big),
# under $NB_WORK/www/live/.  Call in the main shell after nb_workdir.
hb_image() {
	local src=$NB_WORK/image-src i n=4
	HB_WWW=$NB_WORK/www
	HB_IMAGE=$HB_WWW/live/filesystem.squashfs
	mkdir -p "$src/data" "$HB_WWW/live"
	for (( i = 0; i < n; i++ )); do
		head -c $(( HB_IMAGE_MB * 1048576 / n )) /dev/urandom >"$src/data/blob$i"
	done
	echo "netboot http tier test image" >"$src/README"
	mksquashfs "$src" "$HB_IMAGE" -noappend -quiet -no-progress >/dev/null
	rm -rf "$src"
	chmod -R a+rX "$HB_WWW"
	HB_SHA=$(sha256sum <"$HB_IMAGE" | cut -d' ' -f1)
	export HB_WWW HB_IMAGE HB_SHA
}

# hb_iso [MD5] - a casper ISO around the image, once per run, as
# $HB_WWW/NAME.iso (HB_ISO): casper/filesystem.squashfs, 16 MiB of
# pool/, .disk/info,
# .disk/casper-uuid-generic and an Ubuntu-style md5sum.txt; MD5 given:
# the list claims that digest for the image instead (a damaged list or
# download), in $HB_WWW/badsum.iso.
hb_iso() {
	local tree=$NB_WORK/iso-tree name=ubuntu sum
	[[ -z "${1:-}" ]] || name=badsum
	HB_ISO=$HB_WWW/$name.iso
	export HB_ISO
	[[ -s "$HB_ISO" ]] && return 0
	rm -rf "$tree"
	mkdir -p "$tree/casper" "$tree/.disk" "$tree/pool/main"
	# what a real ISO has beside the image: the packages (here 16 MiB),
	# which an image-only fetch must not bring
	head -c 16777216 /dev/urandom >"$tree/pool/main/packages.bin"
	ln "$HB_IMAGE" "$tree/casper/filesystem.squashfs" 2>/dev/null ||
		cp "$HB_IMAGE" "$tree/casper/filesystem.squashfs"
	echo "Ubuntu 24.04 LTS \"netboot http tier\" - Release amd64" >"$tree/.disk/info"
	echo "0f1e2d3c-netboot-http-tier" >"$tree/.disk/casper-uuid-generic"
	(cd "$tree" && find . -type f -print0 | sort -z | xargs -0 md5sum >"$NB_WORK/md5sum.txt")
	mv "$NB_WORK/md5sum.txt" "$tree/md5sum.txt"
	if [[ -n "${1:-}" ]]; then
		sum=$(md5sum <"$HB_IMAGE" | cut -d' ' -f1)
		sed -i "s/^$sum /$1 /" "$tree/md5sum.txt"
	fi
	xorriso -as mkisofs -R -J -V NETBOOT_TIER -o "$HB_ISO" "$tree" >/dev/null 2>&1 ||
		nb_die "xorriso could not make $HB_ISO"
	rm -rf "$tree"
	chmod a+r "$HB_ISO"
}

# hb_setup NAME - the scenario's namespaces and dirs: nbt_setup (client
# namespace, NBT_TMP, NBT_RUN), the server namespace with s0 up at
# 192.0.2.2/24 and 192.0.2.3/24, the client's eth0 left down (`netboot
# net` brings it up).  HB_DIR is the client's --dir.
hb_setup() {
	nbt_setup "$1"
	HB_S=${NBT_PREFIX}$1-s
	HB_DIR=$NBT_TMP/media
	nbt_ns_add "$HB_S"
	ip -n "$NBT_C" link add hbv0 type veth peer name s0 netns "$HB_S"
	ip -n "$NBT_C" link set hbv0 name eth0
	ip -n "$NBT_C" link set eth0 address 52:54:00:12:00:01
	ip -n "$HB_S" addr add "$HB_SERVER/24" dev s0
	ip -n "$HB_S" addr add "$HB_FORGER/24" dev s0
	ip -n "$HB_S" link set s0 up
}

# hb_wait_ready PID FILE WHAT [LOG] - wait (5 s) for FILE or the log line,
# else show LOG and die.
hb_wait_ready() {
	local pid=$1 f=$2 what=$3 log=${4:-} t
	for (( t = 0; t < 50; t++ )); do
		[[ -e "$f" ]] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[[ -z "$log" ]] || cat "$log" >&2
	nb_die "$what did not start"
}

# hb_dhcp [--forger] [DNSMASQ-OPTION...] - dnsmasq on s0: DHCP, and DNS for
# .test (or, with --forger, DHCP only and option 6 naming the forger);
# the options after it are added as they are (a root-path, say).
hb_dhcp() {
	local pid dns=$HB_SERVER
	# shellcheck disable=SC2054 # the commas are dnsmasq's
	local -a args=(--no-daemon --conf-file=/dev/null --no-ping --no-resolv --no-hosts
		--interface=s0 --bind-interfaces --dhcp-authoritative
		--dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,10m
		--dhcp-leasefile="$NBT_TMP/dnsmasq.leases"
		--pid-file="$NBT_TMP/dnsmasq.pid"
		--log-facility="$NBT_TMP/dnsmasq.log" --log-dhcp
		--user=root --group=root)
	if [[ "${1:-}" == --forger ]]; then
		shift
		dns=$HB_FORGER
		args+=(--port=0)
	else
		# shellcheck disable=SC2054 # the comma is dnsmasq's
		args+=(--local=/test/ "--host-record=img.test,$HB_SERVER" --log-queries)
	fi
	args+=(--dhcp-option="6,$dns" "$@") # "$@": more dnsmasq options
	: >"$NBT_TMP/dnsmasq.log"
	ip netns exec "$HB_S" dnsmasq "${args[@]}" >"$NBT_TMP/dnsmasq.out" 2>&1 &
	pid=$!
	NBT_PIDS+=("$pid")
	local t
	for (( t = 0; t < 50; t++ )); do
		grep -q 'DHCP, sockets bound' "$NBT_TMP/dnsmasq.log" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$NBT_TMP/dnsmasq.out" "$NBT_TMP/dnsmasq.log" >&2
	nb_die "dnsmasq did not start"
}

# hb_tcp_ready PORT - wait (5 s) until PORT on 192.0.2.2 takes a connection
# (checked from inside the server namespace).
hb_tcp_ready() {
	local t
	for (( t = 0; t < 50; t++ )); do
		ip netns exec "$HB_S" bash -c "exec 3<>/dev/tcp/$HB_SERVER/$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# hb_web [KBPS] - lighttpd on 192.0.2.2:8080 serving HB_WWW, in the
# foreground (-D), by PID, with its own config, logs and temp dir in
# NBT_TMP; KBPS > 0 paces each connection (connection.kbytes-per-second),
# so that a download lasts long enough for progress lines.
hb_web() {
	local conf=$NBT_TMP/lighttpd.conf pid kbps=${1:-0}
	mkdir -p "$NBT_TMP/lighttpd-tmp"
	cat >"$conf" <<-EOF
	# generated by tests/http/lib.sh
	server.document-root = "$HB_WWW"
	server.bind = "$HB_SERVER"
	server.port = $HB_WEB_PORT
	server.errorlog = "$NBT_TMP/lighttpd-error.log"
	server.upload-dirs = ( "$NBT_TMP/lighttpd-tmp" )
	server.modules = ( "mod_accesslog" )
	accesslog.filename = "$NBT_TMP/lighttpd-access.log"
	mimetype.assign = ( ".squashfs" => "application/octet-stream" )
	EOF
	(( kbps == 0 )) || echo "connection.kbytes-per-second = $kbps" >>"$conf"
	ip netns exec "$HB_S" lighttpd -D -f "$conf" >"$NBT_TMP/lighttpd.out" 2>&1 &
	pid=$!
	NBT_PIDS+=("$pid")
	hb_tcp_ready "$HB_WEB_PORT" && kill -0 "$pid" 2>/dev/null && return 0
	cat "$NBT_TMP/lighttpd.out" "$NBT_TMP/lighttpd-error.log" >&2 2>/dev/null
	nb_die "lighttpd did not start"
}

# hb_hostile - tests/http/hostile.py http on 192.0.2.2:8081.
hb_hostile() {
	local pid
	ip netns exec "$HB_S" python3 "$HB_HERE/hostile.py" http --addr "$HB_SERVER" \
		--port "$HB_HOSTILE_PORT" --image "$HB_IMAGE" --log "$NBT_TMP/hostile.log" \
		${HB_ISO:+--iso "$HB_ISO"} \
		--ready "$NBT_TMP/hostile.ready" >"$NBT_TMP/hostile.out" 2>&1 &
	pid=$!
	NBT_PIDS+=("$pid")
	hb_wait_ready "$pid" "$NBT_TMP/hostile.ready" "hostile.py http" "$NBT_TMP/hostile.out"
}

# hb_forger - tests/http/hostile.py dns on 192.0.2.3:53 (img.test ->
# 192.0.2.2, NXDOMAIN for the rest, two forged replies before each).
hb_forger() {
	local pid
	ip netns exec "$HB_S" python3 "$HB_HERE/hostile.py" dns --addr "$HB_FORGER" \
		--answer "img.test=$HB_SERVER" --log "$NBT_TMP/hostile.log" \
		--ready "$NBT_TMP/forger.ready" >"$NBT_TMP/forger.out" 2>&1 &
	pid=$!
	NBT_PIDS+=("$pid")
	hb_wait_ready "$pid" "$NBT_TMP/forger.ready" "hostile.py dns" "$NBT_TMP/forger.out"
}

# hb_url web|hostile PATH - a URL on the server.
hb_url() {
	case $1 in
	web) echo "http://$HB_SERVER:$HB_WEB_PORT$2" ;;
	hostile) echo "http://$HB_SERVER:$HB_HOSTILE_PORT$2" ;;
	esac
}

# hb_cmdline WORDS... - the kernel command line the client reads.
hb_cmdline() {
	printf 'BOOT_IMAGE=/live/vmlinuz initrd=/live/initrd.img %s\n' "$*" >"$NBT_TMP/cmdline"
}

# hb_run CMD [ARGS...] - run `CLIENT CMD --cmdline ... --rundir ... ARGS`
# in the client namespace under a hard timeout of NBT_GUARD seconds.  Sets
# NBT_RC and NBT_ELAPSED_MS; output in $NBT_TMP/stdout and stderr (also
# kept as $NBT_TMP/CMD.stdout, CMD.stderr).
hb_run() {
	local what=$1 t0 client
	shift
	client=$(hb_client)
	[[ -f "$NBT_TMP/cmdline" ]] || hb_cmdline boot=live netboot=http
	mkdir -p "$NBT_RUN"
	t0=$(nb_now_ms)
	NBT_RC=0
	# in the background and waited for: a signal runs the trap at once
	timeout -k 5 "$NBT_GUARD" ip netns exec "$NBT_C" "$client" "$what" \
		--cmdline "$NBT_TMP/cmdline" --rundir "$NBT_RUN" "$@" \
		>"$NBT_TMP/stdout" 2>"$NBT_TMP/stderr" </dev/null &
	NBT_PIDS+=("$!")
	wait "$!" || NBT_RC=$?
	NBT_ELAPSED_MS=$(( $(nb_now_ms) - t0 ))
	cp "$NBT_TMP/stdout" "$NBT_TMP/$what.stdout"
	cp "$NBT_TMP/stderr" "$NBT_TMP/$what.stderr"
	if (( NBT_RC == 124 || NBT_RC == 137 )); then
		nbt_fail "$what still running after the ${NBT_GUARD} s guard (killed)"
	fi
	printf '    %s: exit %s after %s s\n' "$what" "$NBT_RC" "$(nbt_secs "$NBT_ELAPSED_MS")"
}

# hb_net - `netboot net`; a failure is recorded (and returns 1): the
# fetch after it would prove nothing.
hb_net() {
	hb_run net
	if [[ "$NBT_RC" != 0 ]]; then
		nbt_fail "netboot net: exit $NBT_RC, expected 0 (no lease, nothing fetched)"
		return 1
	fi
	grep -q "^DNS0='$1'" "$NBT_RUN/net.state" 2>/dev/null ||
		nbt_fail "net.state: no DNS0='$1' ($(grep '^DNS0=' "$NBT_RUN/net.state" 2>/dev/null || echo absent))"
	return 0
}

# hb_fetch - `netboot fetch --dir HB_DIR`.
hb_fetch() {
	hb_run fetch --dir "$HB_DIR"
}

# ---- assertions ---------------------------------------------------------

# assert_stderr_re ERE - a line of the client's stderr matches ERE.
assert_stderr_re() {
	grep -qE -- "$1" "$NBT_TMP/stderr" || nbt_fail "stderr has no line matching /$1/"
}

# assert_stderr_ci TEXT - stderr contains TEXT, case aside.
assert_stderr_ci() {
	grep -qiF -- "$1" "$NBT_TMP/stderr" || nbt_fail "stderr lacks \"$1\" (any case)"
}

# assert_image live|casper - the fetched image is byte-identical to the
# served one.
assert_image() {
	local f=$HB_DIR/$1/filesystem.squashfs
	if [[ ! -f "$f" ]]; then
		nbt_fail "no $1/filesystem.squashfs in the --dir"
	elif ! cmp -s "$f" "$HB_IMAGE"; then
		nbt_fail "$1/filesystem.squashfs differs from the served image ($(stat -c %s "$f") of $(stat -c %s "$HB_IMAGE") bytes; $(cmp "$f" "$HB_IMAGE" 2>&1 | head -n 1))"
	fi
}

# assert_no_image - nothing non-empty left anywhere under the --dir.
assert_no_image() {
	local left
	[[ -d "$HB_DIR" ]] || return 0
	left=$(find "$HB_DIR" -type f -size +0 -printf '%P (%s bytes) ' 2>/dev/null)
	[[ -z "$left" ]] || nbt_fail "left in the --dir: $left"
}

# assert_progress - at least one progress line, and not a flood: fewer
# than the seconds taken + 3.
assert_progress() {
	local n max
	n=$(grep -cE '^netboot: fetch.*[0-9]+%.*MB/s' "$NBT_TMP/stderr" || true)
	max=$(( NBT_ELAPSED_MS / 1000 + 3 ))
	(( n >= 1 )) || nbt_fail "no progress line (^netboot: fetch.*N%.*MB/s)"
	(( n < max )) || nbt_fail "$n progress lines in $(nbt_secs "$NBT_ELAPSED_MS") s (a flood: expected < $max)"
}

# assert_hostile has|lacks ERE - the hostile server's log.
assert_hostile() {
	local f=$NBT_TMP/hostile.log
	case $1 in
	has) grep -qE -- "$2" "$f" || nbt_fail "hostile log lacks /$2/" ;;
	lacks) ! grep -qE -- "$2" "$f" || nbt_fail "hostile log has /$2/: $(grep -m1 -E -- "$2" "$f")" ;;
	esac
}

# hb_verdict - nbt_verdict, plus the hostile log's tail on failure.
hb_verdict() {
	(( NBT_FAILED == 0 )) && return 0
	if [[ -s "$NBT_TMP/hostile.log" ]]; then
		echo "    --- hostile.log (last 15 lines):"
		tail -n 15 "$NBT_TMP/hostile.log" | sed 's/^/    | /'
	fi
	if [[ -s "$NBT_TMP/lighttpd-access.log" ]]; then
		echo "    --- lighttpd access log (last 5 lines):"
		tail -n 5 "$NBT_TMP/lighttpd-access.log" | sed 's/^/    | /'
	fi
	nbt_verdict
}
