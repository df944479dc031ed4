#!/bin/bash
# shellcheck disable=SC2016,SC1003  # hostile values are literal on purpose
# tests/golden/run.sh - golden files and shell-sourcing tests for the
# renderers in src/core (netconf, resolv.conf, nmconf, and paramconf: the
# lines premount appends to /conf/param.conf and net.state).
#
# 1. Builds tests/golden/render.c with the core sources it needs (host cc,
#    ASan/UBSan) into build/host/golden/render.
# 2. Golden: every fixture's output is compared with diff -u against
#    tests/golden/KIND-FIXTURE.expected (UPDATE=1 rewrites them instead).
# 3. Shells: hostile and benign values are rendered into net-DEV.conf files
#    and into shquote() words, then sourced by dash, busybox sh and klibc sh
#    (each one present).  Asserts: nothing executes (a canary file is never
#    created), values read back equal the input or are empty when dropped,
#    a dropped value is reported, and casper's sed extraction agrees.
#    The same for /conf/param.conf's lines (every key, and live-boot's
#    LIVE_BOOT_CMDLINE) and net.state (DEVICE, REASON, ROOTPATH): hostile
#    values read back exactly or, with a control byte, are refused.
#    A positive control proves the canary would catch an injection.
#
# Usage: tests/golden/run.sh        Exit: 0 all passed, 1 a check failed,
#                                   2 the driver did not build.
# Last line: "N passed, N failed".
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GOLDEN=$ROOT/tests/golden
BIN=$ROOT/build/host/golden/render
PASS=0
FAIL=0
TMP=

ok() { PASS=$((PASS + 1)); }
bad() {
	FAIL=$((FAIL + 1))
	printf 'FAIL: %s\n' "$*" >&2
}

cleanup() { [[ -n $TMP ]] && rm -rf -- "$TMP"; }

build() {
	mkdir -p "$(dirname "$BIN")"
	${CC:-cc} -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
		-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
		-Wpointer-arith -Wcast-qual -Wvla -Werror -I"$ROOT/src/core" \
		"$ROOT/src/core/shquote.c" "$ROOT/src/core/text.c" "$ROOT/src/core/netconf.c" \
		"$ROOT/src/core/nmconf.c" "$ROOT/src/core/paramconf.c" "$GOLDEN/render.c" -o "$BIN"
}

# ---- golden files ---------------------------------------------------------

golden() {
	local kind name exp list
	for kind in netconf resolv nmconf paramconf netstate; do
		list=$("$BIN" list "$kind") || { bad "render list $kind"; continue; }
		for name in $list; do
			exp=$GOLDEN/$kind-$name.expected
			if [[ ${UPDATE:-0} == 1 ]]; then
				"$BIN" "$kind" "$name" >"$exp" || bad "render $kind $name"
			fi
			if [[ ! -f $exp ]]; then
				bad "$exp missing (UPDATE=1 creates it)"
			elif diff -u "$exp" <("$BIN" "$kind" "$name"); then
				ok
			else
				bad "golden $kind-$name differs"
			fi
		done
	done
	# An .expected file nobody renders is stale.
	for exp in "$GOLDEN"/*.expected; do
		[[ -e $exp ]] || continue
		name=${exp##*/}
		name=${name%.expected}
		kind=${name%%-*}
		if "$BIN" list "$kind" | grep -qxF -- "${name#*-}"; then
			ok
		else
			bad "$exp has no fixture"
		fi
	done
}

# ---- shells ---------------------------------------------------------------

SHELLS=()
find_shells() {
	command -v dash >/dev/null && SHELLS+=("dash")
	command -v busybox >/dev/null && SHELLS+=("busybox sh")
	local k
	for k in /usr/lib/klibc/bin/sh /usr/lib/klibc/bin/sh.shared; do
		[[ -x $k ]] && { SHELLS+=("$k"); break; }
	done
	if ((${#SHELLS[@]} == 0)); then
		bad "no POSIX shell found to source files with"
	fi
	printf 'shells: %s\n' "$(printf '[%s] ' "${SHELLS[@]}")"
}

# source_in SHELL FILE VAR OUT - source FILE, write $VAR (exact bytes) to OUT.
source_in() {
	local -a cmd
	read -ra cmd <<<"$1"
	env -i PATH=/usr/bin:/bin "${cmd[@]}" -c \
		'. "$1" || exit 9; eval "v=\${$2-UNSET}"; printf %s "$v" >"$3"' \
		sh "$2" "$3" "$4"
}

# The canary: any executed injection creates this file.
CANARY=
# expand VALUE - replace @C@ by the canary path.
expand() { printf '%s' "${1//@C@/$CANARY}"; }

HOSTILE=(
	'$(touch @C@)'
	'`touch @C@`'
	"x'; touch @C@; '"
	'x"; touch @C@; "'
	'a;touch @C@'
	$'a\ntouch @C@'
	$'a\rtouch @C@'
	'a\'
	'a\$(touch @C@)'
	"x'\\''\$(touch @C@)'"
	'${IFS}touch${IFS}@C@'
	'a|touch @C@'
	'a&touch @C@'
	'a>@C@'
	'a  b'
	'*'
	'-o nolock'
	'{a,b}'
	'~root'
	"\$(touch @C@)$(printf 'a%.0s' {1..300})"
)

# lease field, key in the file, longest value the field holds
FIELDS=(
	"hostname HOSTNAME 63"
	"domain DNSDOMAIN 255"
	"nisdomain NISDOMAIN 255"
	"root_path ROOTPATH 255"
	"bootfile filename 255"
	"domain_search DOMAINSEARCH 511"
)
benign() {
	case $1 in
	hostname) printf '%s\n' live-01 a.b.c "$(printf 'h%.0s' {1..63})" ;;
	domain) printf '%s\n' lab.example.org ;;
	nisdomain) printf '%s\n' nis.example ;;
	root_path)
		printf '%s\n' 10.0.0.1:/srv/live,vers=3,tcp '[fd00::1]:/srv/x' \
			"/$(printf 'r%.0s' {1..250})" ;;
	bootfile) printf '%s\n' pxelinux.0 http://10.0.0.1/boot.ipxe ;;
	domain_search) printf '%s\n' 'a.example b.example' ;;
	esac
}

# check_lease SHELL FIELD KEY VALUE WANT_DROP(0|1)
check_lease() {
	local sh=$1 field=$2 key=$3 val=$4 want_drop=$5
	local conf=$TMP/net.conf err=$TMP/err out=$TMP/out rc what
	what="[$sh] $key=$(printf '%q' "$val")"
	rm -f -- "$CANARY" "$out"
	"$BIN" lease eth0 "$field=$val" >"$conf" 2>"$err"
	rc=$?
	if ((rc != 0)); then
		bad "$what: render exit $rc"
		return
	fi
	if ! source_in "$sh" "$conf" "$key" "$out"; then
		bad "$what: sourcing failed"
		return
	fi
	if [[ -e $CANARY ]]; then
		bad "$what: INJECTION EXECUTED"
		return
	fi
	local dropped=0
	grep -qxF -- "$key" "$err" && dropped=1
	if ((dropped != want_drop)); then
		bad "$what: dropped=$dropped, want $want_drop"
		return
	fi
	if ((dropped)); then
		[[ ! -s $out ]] || { bad "$what: dropped but reads back non-empty"; return; }
	elif ! cmp -s "$out" <(printf %s "$val"); then
		bad "$what: reads back $(printf '%q' "$(cat "$out")")"
		return
	fi
	# casper picks values with sed; it must see the same bytes.
	if ! cmp -s "$out" <(sed -n "s/^$key='\\(.*\\)'\$/\\1/p" "$conf" | tr -d '\n'); then
		bad "$what: sed extraction differs"
		return
	fi
	# The other keys survive: DEVICE reads back.
	if ! source_in "$sh" "$conf" DEVICE "$out" ||
		! cmp -s "$out" <(printf eth0); then
		bad "$what: DEVICE lost"
		return
	fi
	ok
}

# check_shquote SHELL VALUE - V='...' sourced gives VALUE back exactly.
check_shquote() {
	local sh=$1 val=$2 f=$TMP/q.sh out=$TMP/out what
	what="[$sh] shquote $(printf '%q' "$val")"
	rm -f -- "$CANARY" "$out"
	if ! "$BIN" shquote "$val" >"$f"; then
		bad "$what: refused"
		return
	fi
	if ! source_in "$sh" "$f" V "$out"; then
		bad "$what: sourcing failed"
	elif [[ -e $CANARY ]]; then
		bad "$what: INJECTION EXECUTED"
	elif ! cmp -s "$out" <(printf %s "$val"); then
		bad "$what: reads back $(printf '%q' "$(cat "$out")")"
	else
		ok
	fi
}

# check_param SHELL KEY VALUE - param.conf's lines with KEY=VALUE (boot=live
# for cmdline=) sourced in SHELL: nothing runs, the variable reads back
# VALUE as /init will see it, DEVICE or LIVE_BOOT_CMDLINE intact; a value
# with a control byte is refused (exit 2), but for the command line, which
# falls back to DEVICE=.
check_param() {
	local sh=$1 key=$2 val=$3 f=$TMP/param.conf out=$TMP/out what var want rc
	local -a extra=()
	what="[$sh] param $key=$(printf '%q' "$val")"
	rm -f -- "$CANARY" "$out"
	case $key in
	dev) var=DEVICE want=$val ;;
	nfsroot) var=NFSROOT want=$val ;;
	media) var=NETBOOT_MEDIA want=$val ;;
	shim) var=PATH want=$val:/usr/sbin:/usr/bin:/sbin:/bin ;;
	cmdline)
		var=LIVE_BOOT_CMDLINE extra=(boot=live)
		want=$val
		while [[ $want == *$'\n' || $want == *' ' ]]; do want=${want%?}; done
		want="live-netdev=enp1s0 $want"
		;;
	esac
	"$BIN" param "${extra[@]}" "$key=$val" >"$f"
	rc=$?
	if [[ $key != cmdline && $val == *[$'\x01'-$'\x1f'$'\x7f']* ]]; then
		if ((rc == 2)) && [[ ! -s $f ]]; then ok; else bad "$what: control byte not refused (exit $rc)"; fi
		return
	fi
	if ((rc != 0)); then
		bad "$what: render exit $rc"
		return
	fi
	if [[ $key == cmdline && ${want#live-netdev=enp1s0 } == *[$'\x01'-$'\x1f'$'\x7f']* ]]; then
		var=DEVICE want=enp1s0
		if grep -q LIVE_BOOT_CMDLINE "$f"; then
			bad "$what: LIVE_BOOT_CMDLINE with a control byte"
			return
		fi
	fi
	if ! source_in "$sh" "$f" "$var" "$out"; then
		bad "$what: sourcing failed"
	elif [[ -e $CANARY ]]; then
		bad "$what: INJECTION EXECUTED"
	elif ! cmp -s "$out" <(printf %s "$want"); then
		bad "$what: $var reads back $(printf '%q' "$(cat "$out")")"
	elif ! source_in "$sh" "$f" NFSROOT "$out" ||
		{ [[ $key != nfsroot ]] && ! cmp -s "$out" <(printf %s 192.168.10.2:/srv/netboot/noble); }; then
		bad "$what: NFSROOT lost"
	else
		ok
	fi
}

# check_state SHELL KEY VALUE - net.state with KEY=VALUE sourced: nothing
# runs, DEVICE / REASON read back VALUE (a control byte: refused);
# root_path reads back VALUE when netconf's allowlist passes it, else ''.
check_state() {
	local sh=$1 key=$2 val=$3 f=$TMP/net.state out=$TMP/out what var want rc
	what="[$sh] state $key=$(printf '%q' "$val")"
	rm -f -- "$CANARY" "$out"
	"$BIN" state "$key=$val" >"$f"
	rc=$?
	case $key in
	dev) var=DEVICE want=$val ;;
	reason) var=REASON want=$val ;;
	root_path) var=ROOTPATH want=$val ;;
	esac
	# netconf_valid_rootpath(): not empty, no leading '-', these bytes only
	local allow='^[][A-Za-z0-9._/:,=@+%-]+$'
	if [[ $key == root_path ]] && { [[ $val == -* ]] || ! [[ $val =~ $allow ]]; }; then
		want=
	elif [[ $val == *[$'\x01'-$'\x1f'$'\x7f']* ]]; then
		if ((rc == 2)) && [[ ! -s $f ]]; then ok; else bad "$what: control byte not refused (exit $rc)"; fi
		return
	fi
	if ((rc != 0)); then
		bad "$what: render exit $rc"
	elif ! source_in "$sh" "$f" "$var" "$out"; then
		bad "$what: sourcing failed"
	elif [[ -e $CANARY ]]; then
		bad "$what: INJECTION EXECUTED"
	elif ! cmp -s "$out" <(printf %s "$want"); then
		bad "$what: $var reads back $(printf '%q' "$(cat "$out")") (allowlist?)"
	elif ! source_in "$sh" "$f" MAC "$out" || ! cmp -s "$out" <(printf 52:54:00:12:34:56); then
		bad "$what: MAC lost"
	else
		ok
	fi
}

# The canary must fire on a real injection, or the checks prove nothing.
positive_control() {
	local sh=$1 f=$TMP/bad.sh
	rm -f -- "$CANARY"
	printf 'V=$(touch %s)\n' "$CANARY" >"$f"
	source_in "$sh" "$f" V "$TMP/out"
	if [[ -e $CANARY ]]; then ok; else bad "[$sh] positive control: canary not created"; fi
	rm -f -- "$CANARY"
}

shells() {
	local sh f field key max v raw
	for sh in "${SHELLS[@]}"; do
		positive_control "$sh"
		for f in "${FIELDS[@]}"; do
			read -r field key max <<<"$f"
			for raw in "${HOSTILE[@]}"; do
				v=$(expand "$raw")
				# Fields are bounded; hand in what fits (the
				# long value keeps its injection in front).
				v=${v:0:max}
				check_lease "$sh" "$field" "$key" "$v" 1
			done
			while IFS= read -r v; do
				check_lease "$sh" "$field" "$key" "$v" 0
			done < <(benign "$field")
		done
		for raw in "${HOSTILE[@]}" '' "'" "''" "it's" "a'b'c" '\' '\\' \
			'"' '$' '!' 'h\303\251' $'\xc3\xa9t\xc3\xa9' '#x' '; exit 7'; do
			[[ $raw == *$'\n'* || $raw == *$'\r'* ]] && continue
			check_shquote "$sh" "$(expand "$raw")"
		done
	done
	for sh in "${SHELLS[@]}"; do
		for raw in "${HOSTILE[@]}" "it's" '\' '"' $'a\tb' $'a\x01b' $'a\x7fb' \
			$'a\x1b[2Jb' 'h\303\251'; do
			v=$(expand "$raw")
			for key in dev nfsroot media shim cmdline; do
				check_param "$sh" "$key" "$v"
			done
			for key in dev reason root_path; do
				check_state "$sh" "$key" "${v:0:255}"
			done
		done
		# live-boot's own command line, as /proc/cmdline holds it
		check_param "$sh" cmdline $'boot=live netboot=nfs quiet \n'
		check_state "$sh" root_path 10.0.0.1:/srv/live,vers=3
	done
	# Control bytes are refused, never written.
	for v in $'a\nb' $'a\tb' $'\x7f' $'\x01'; do
		if "$BIN" shquote "$v" >/dev/null; then
			bad "shquote accepted control byte $(printf '%q' "$v")"
		else
			ok
		fi
	done
}

main() {
	trap cleanup EXIT
	TMP=$(mktemp -d)
	CANARY=$TMP/canary
	if ! build; then
		printf 'render driver did not build\n0 passed, 1 failed\n'
		exit 2
	fi
	golden
	find_shells
	shells
	printf '%d passed, %d failed\n' "$PASS" "$FAIL"
	((FAIL == 0))
}

main "$@"
