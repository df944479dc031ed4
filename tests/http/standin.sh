#!/bin/bash
# tests/http/standin.sh - a stand-in for `netboot net`, `netboot fetch` and
# `netboot resolve`, built on curl, used only to prove the http tier's
# plumbing before (or beside) the real commands:
# NBT_STANDIN=1 tests/http/run.sh.  Not the product.
#
#   standin.sh net     --cmdline FILE --rundir DIR
#   standin.sh fetch   --cmdline FILE --rundir DIR --dir D
#   standin.sh resolve [--cmdline FILE] --rundir DIR NAME
#
# net: tests/net/standin-udhcpc.sh, then DNS0= (the lease's first DNS
# server) added to DIR/net.state.  fetch: follows the tier's contract
# crudely with curl: url=A,B / fetch=A, boot=live|casper, netboot.sha256=,
# netboot.timeout=; HEAD for the size against MemAvailable, GET with
# resume (curl -C -) up to 5 tries per URL, progress every 2 s, the next
# URL after a failure; exit 0, 100 (permanent), 111 (transient).  resolve:
# tests/http/standin-dns.py against DNS0.
#
# NBT_STANDIN_FAULT="F ..." breaks the stand-in on purpose, to see the
# scenarios fail: noresume (a drop restarts from byte 0), nosha (the
# checksum is not checked), noram (no RAM check), loopy (a redirect loop
# followed 500 times), trusting (the first DNS reply is taken).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FAULT=" ${NBT_STANDIN_FAULT:-} "
fault() { [[ "$FAULT" == *" $1 "* ]]; }

say() { printf 'netboot: %s\n' "$*" >&2; }
die() { local rc=$1; shift; printf 'netboot: error: %s\n' "$*" >&2; exit "$rc"; }

cmd=${1:-}
shift || true
cmdline=/proc/cmdline rundir=/run/netboot dir=/run/netboot/media name=
while (( $# )); do
	case $1 in
	--cmdline) cmdline=$2; shift 2 ;;
	--rundir) rundir=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	-*) die 100 "unknown option $1" ;;
	*) name=$1; shift ;;
	esac
done

urls=() boot='' sha='' budget=300 debug=''
read -r -a words <"$cmdline" || true
for w in "${words[@]}"; do
	case $w in
	url=*) IFS=, read -r -a more <<<"${w#url=}"; urls+=("${more[@]}") ;;
	fetch=*) urls+=("${w#fetch=}") ;;
	boot=*) boot=${w#boot=} ;;
	netboot.sha256=*) sha=${w#*=} ;;
	netboot.timeout=*) budget=${w#*=} ;;
	netboot.debug) debug=1 ;;
	esac
done

dns0() {
	local v
	v=$(sed -n "s/^DNS0='\(.*\)'\$/\1/p" "$rundir/net.state" 2>/dev/null)
	[[ -n "$v" && "$v" != 0.0.0.0 ]] || die 100 "no DNS server in the lease ($rundir/net.state)"
	echo "$v"
}

# resolve NAME - print its address; exit as standin-dns.py would.
resolve() {
	local server
	server=$(dns0) || exit $?
	python3 "$HERE/standin-dns.py" "$server" "$1" "${debug:+debug}" "$(fault trusting && echo trusting)"
}

do_net() {
	local dev conf dns
	"$HERE/../net/standin-udhcpc.sh" net --cmdline "$cmdline" --rundir "$rundir" || exit $?
	dev=$(sed -n "s/^DEVICE='\(.*\)'\$/\1/p" "$rundir/net.state")
	conf=$rundir/net-$dev.conf
	dns=$(sed -n "s/^IPV4DNS0='\(.*\)'\$/\1/p" "$conf")
	printf "DNS0='%s'\n" "$dns" >>"$rundir/net.state"
}

# progress FILE TOTAL T0 - a line every 2 s while the caller's curl runs.
progress() {
	local f=$1 total=$2 t0=$3 got now
	while sleep 2; do
		got=$(stat -c %s "$f" 2>/dev/null || echo 0)
		now=$(date +%s%N)
		awk -v g="$got" -v t="$total" -v ns=$(( now - t0 )) 'BEGIN {
			printf "netboot: fetch %d%% of %.1f MB, %.1f MB/s\n", 100 * g / t, t / 1e6, g / 1e6 / (ns / 1e9) }' >&2
	done
}

# try_url URL OUT - fetch URL into OUT; return 0, 100 (permanent) or 111.
try_url() {
	local url=$1 out=$2 redirs=5 resume=(-C -)
	fault loopy && redirs=500
	fault noresume && resume=()
	local host port addr hdr=$rundir/.fetch-hdr status len avail rc tries=0 left t0 ppid have
	local -a res=()
	[[ "$url" =~ ^http://([A-Za-z0-9.-]+)(:([0-9]+))?(/[^[:space:]]*)?$ ]] || {
		say "error: $url: not an http:// URL"; return 100; }
	host=${BASH_REMATCH[1]} port=${BASH_REMATCH[3]:-80}
	if [[ ! "$host" =~ ^[0-9]+(\.[0-9]+){3}$ ]]; then
		addr=$(resolve "$host") || return $?
		say "resolved $host to $addr"
		res=(--resolve "$host:$port:$addr")
	fi
	left=$(( deadline - SECONDS ))
	(( left > 0 )) || { say "error: timed out"; return 111; }
	say "fetching $url"
	rc=0
	curl -sS -I -L --max-redirs "$redirs" --max-time "$left" "${res[@]}" -D "$hdr" -o /dev/null "$url" 2>"$hdr.err" || rc=$?
	if (( rc )); then
		case $rc in
		47) say "error: $url: too many redirects (a redirect loop)" ;;
		28) say "error: $url: timed out" ;;
		*) say "error: $url: $(tr '\n' ' ' <"$hdr.err")" ;;
		esac
		return 111
	fi
	status=$(awk 'toupper($1) ~ /^HTTP\// { s = $2 } END { print s }' "$hdr")
	len=$(tr -d '\r' <"$hdr" | awk 'tolower($1) == "content-length:" { l = $2 } END { printf "%.0f\n", l }')
	case $status in
	200) ;;
	404) say "$url: HTTP 404 Not Found, trying the next URL"; return 100 ;;
	*) say "$url: HTTP $status, trying the next URL"; return 111 ;;
	esac
	avail=$(awk '$1 == "MemAvailable:" { print int($2 / 1024) }' /proc/meminfo)
	if (( len > 0 )) && ! fault noram; then
		have=$(( avail - 256 ))
		(( len / 1048576 + 1 <= have )) ||
			die 100 "not enough RAM for $url: need $(( len / 1048576 + 1 )) MiB, have $have MiB (MemAvailable less a 256 MiB margin)"
	fi
	while (( tries++ < 5 )); do
		left=$(( deadline - SECONDS ))
		(( left > 0 )) || { say "error: $url: timed out"; return 111; }
		if [[ -s "$out" ]] && (( ${#resume[@]} )); then
			say "resuming $url at byte $(stat -c %s "$out")"
		fi
		t0=$(date +%s%N)
		progress "$out" "$len" "$t0" &
		ppid=$!
		rc=0
		curl -sS -L --max-redirs "$redirs" --max-time "$left" "${res[@]}" "${resume[@]}" -D "$hdr" -o "$out" "$url" 2>"$hdr.err" || rc=$?
		kill "$ppid" 2>/dev/null
		wait "$ppid" 2>/dev/null
		if (( rc == 0 )); then
			awk -v t="$len" -v ns=$(( $(date +%s%N) - t0 )) 'BEGIN {
				printf "netboot: fetch 100%% of %.1f MB, %.1f MB/s\n", t / 1e6, t / 1e6 / (ns / 1e9) }' >&2
			return 0
		fi
		case $rc in
		18|52|56)
			if grep -qi '^transfer-encoding: *chunked' "$hdr"; then
				say "error: $url: bad chunked encoding: $(tr '\n' ' ' <"$hdr.err")"
				rm -f "$out"
				return 111
			fi
			say "$url: connection dropped: $(tr '\n' ' ' <"$hdr.err")" ;;
		28) say "error: $url: timed out"; return 111 ;;
		*) say "error: $url: $(tr '\n' ' ' <"$hdr.err")"; rm -f "$out"; return 111 ;;
		esac
		sleep 1
	done
	return 111
}

do_fetch() {
	local sub out url rc perm=1 got
	case $boot in
	live) sub=live ;;
	casper) sub=casper ;;
	*) die 100 "boot=$boot: expected boot=live or boot=casper" ;;
	esac
	(( ${#urls[@]} )) || die 100 "no url= or fetch= on the command line"
	[[ -z "$sha" || "$sha" =~ ^[0-9a-fA-F]{64}$ ]] || die 100 "netboot.sha256= is not 64 hex digits"
	deadline=$(( SECONDS + budget ))
	mkdir -p "$dir/$sub"
	out=$dir/$sub/filesystem.squashfs
	for url in "${urls[@]}"; do
		rm -f "$out.part"
		rc=0
		try_url "$url" "$out.part" || rc=$?
		if (( rc == 0 )); then
			if [[ -n "$sha" ]] && ! fault nosha; then
				got=$(sha256sum <"$out.part" | cut -d' ' -f1)
				if [[ "$got" != "${sha,,}" ]]; then
					rm -f "$out.part"
					die 100 "SHA-256 of $url is $got: does not match netboot.sha256"
				fi
				say "SHA-256 matches netboot.sha256 (trusted)"
			fi
			mv "$out.part" "$out"
			say "image in $out"
			exit 0
		fi
		rm -f "$out.part"
		(( rc == 100 )) || perm=0
		say "$url failed, next URL"
	done
	if (( perm )); then
		die 100 "no URL gave the image"
	fi
	die 111 "no URL gave the image (transient)"
}

case $cmd in
net) do_net ;;
fetch) do_fetch ;;
resolve) [[ -n "$name" ]] || die 100 "resolve: no name"; resolve "$name" ;;
*) die 100 "standin: unknown command $cmd" ;;
esac
