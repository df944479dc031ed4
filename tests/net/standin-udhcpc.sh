#!/bin/bash
# tests/net/standin-udhcpc.sh - a stand-in for `netboot net`, built on
# busybox udhcpc, used only to prove the net tier's plumbing before (or
# beside) the real command: NBT_STANDIN=1 tests/net/run.sh.
#
#   standin-udhcpc.sh net --cmdline FILE --rundir DIR
#
# Mimics the contract crudely: BOOTIF= / ip=...:DEV: pick the NIC, else all
# Ethernet NICs; a udhcpc per candidate, in parallel; the first lease wins
# (BOOTIF's only, when given); the others are brought down; writes
# DIR/net-DEV.conf (ipconfig's keys), DIR/net.state, DIR/netboot.log; exit 0,
# or 111 with "DEV: no carrier" / "DEV: no reply" lines on stderr.
# Static ip=CLIENT::GW:MASK::DEV:off applies the address, no DHCP.
# Not the product: no rapid commit (udhcpc has none), no grace period.
#
# Also udhcpc's hook (-s): called with $1 = deconfig|bound|renew|...
set -uo pipefail

# ---- udhcpc hook: record the lease in $NBT_STANDIN_DIR/.lease-$interface
# shellcheck disable=SC2154 # udhcpc's environment
if [[ "${1:-}" == bound || "${1:-}" == renew ]]; then
	{
		printf 'ip=%q\n' "$ip"
		printf 'subnet=%q\n' "${subnet:-}"
		printf 'router=%q\n' "${router%% *}"
		printf 'dns=%q\n' "${dns:-}"
		printf 'serverid=%q\n' "${serverid:-}"
		printf 'siaddr=%q\n' "${siaddr:-}"
		printf 'hostname=%q\n' "${hostname:-}"
		printf 'domain=%q\n' "${domain:-}"
		printf 'rootpath=%q\n' "${rootpath:-}"
		printf 'boot_file=%q\n' "${boot_file:-}"
		printf 'lease=%q\n' "${lease:-0}"
	} >"$NBT_STANDIN_DIR/.lease-$interface.tmp"
	mv "$NBT_STANDIN_DIR/.lease-$interface.tmp" "$NBT_STANDIN_DIR/.lease-$interface"
	exit 0
elif [[ "${1:-}" != net ]]; then
	exit 0
fi

shift
cmdline=/proc/cmdline
rundir=/run/netboot
while (( $# )); do
	case $1 in
	--cmdline) cmdline=$2; shift 2 ;;
	--rundir) rundir=$2; shift 2 ;;
	*) echo "standin: unknown option $1" >&2; exit 100 ;;
	esac
done
mkdir -p "$rundir"
export NBT_STANDIN_DIR=$rundir
log() { printf '%s %s\n' "$(cut -d' ' -f1 /proc/uptime)" "$*" >>"$rundir/netboot.log"; }

bootif='' ipopt='' dhcp_to=60 carrier_to=10
read -r -a words <"$cmdline" || true
for w in "${words[@]}"; do
	case $w in
	BOOTIF=*) bootif=${w#BOOTIF=}; bootif=${bootif#01-}; bootif=${bootif//-/:}; bootif=${bootif,,} ;;
	ip=*) ipopt=${w#ip=} ;;
	netboot.dhcp-timeout=*) dhcp_to=${w#*=} ;;
	netboot.carrier-timeout=*) carrier_to=${w#*=} ;;
	esac
done

# q VALUE - single-quote for sh.
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
ok_name() { [[ "$1" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]] && printf '%s' "$1"; }
ok_path() { [[ "$1" =~ ^[A-Za-z0-9./:,=_@+-]*$ ]] && printf '%s' "$1"; }
mask_bits() {
	local o bits=0
	for o in ${1//./ }; do
		while (( o & 128 )); do bits=$(( bits + 1 )); o=$(( (o << 1) & 255 )); done
	done
	echo "$bits"
}

# write_conf DEV PROTO ADDR MASK GW DNS HOST DOMAIN ROOTSERVER ROOTPATH FILE LEASE
write_conf() {
	local f=$rundir/net-$1.conf
	{
		echo "DEVICE=$(q "$1")"
		echo "PROTO=$(q "$2")"
		echo "IPV4ADDR=$(q "$3")"
		echo "IPV4NETMASK=$(q "$4")"
		echo "IPV4GATEWAY=$(q "${5:-0.0.0.0}")"
		echo "IPV4DNS0=$(q "${6:-0.0.0.0}")"
		echo "HOSTNAME=$(q "$(ok_name "$7")")"
		echo "DNSDOMAIN=$(q "$(ok_name "$8")")"
		echo "ROOTSERVER=$(q "$9")"
		echo "ROOTPATH=$(q "$(ok_path "${10}")")"
		echo "filename=$(q "$(ok_path "${11}")")"
		echo "DHCPLEASETIME=$(q "${12}")"
	} >"$f.tmp"
	mv "$f.tmp" "$f"
}

chosen() {
	printf 'DEVICE=%s\nREASON=%s\nRAPID_COMMIT=%s\n' "$(q "$1")" "$(q "$2")" "'0'" >"$rundir/net.state"
	log "chosen $1: $2"
}

nics=()
for d in /sys/class/net/*; do
	n=${d##*/}
	[[ "$(cat "$d/type")" == 1 && ! -e "$d/wireless" ]] || continue
	nics+=("$n")
done
log "NICs: ${nics[*]}"

# ---- static ip=CLIENT:SERVER:GW:MASK:HOST:DEV:off
IFS=: read -r c_ip c_srv c_gw c_mask _ c_dev c_auto _ <<<"$ipopt"
if [[ -n "${c_ip:-}" && "${c_auto:-off}" =~ ^(off|none)$ && "$ipopt" == *:* ]]; then
	ip link set "$c_dev" up || exit 111
	ip -4 addr add "$c_ip/$(mask_bits "$c_mask")" dev "$c_dev" || exit 111
	[[ -z "$c_gw" ]] || ip -4 route add default via "$c_gw" dev "$c_dev" || exit 111
	write_conf "$c_dev" none "$c_ip" "$c_mask" "$c_gw" "" "" "" "${c_srv:-0.0.0.0}" "" "" 0
	chosen "$c_dev" "ip= static"
	exit 0
fi

# ---- candidates
cands=()
for n in "${nics[@]}"; do
	if [[ -n "$bootif" ]]; then
		[[ "$(cat "/sys/class/net/$n/address")" == "$bootif" ]] && cands+=("$n")
	else
		cands+=("$n")
	fi
done
(( ${#cands[@]} )) || { echo "standin: no candidate NIC" >&2; exit 111; }

declare -A pid status
for n in "${cands[@]}"; do
	ip link set "$n" up
	(
		t=0
		while [[ "$(cat "/sys/class/net/$n/carrier" 2>/dev/null)" != 1 ]]; do
			(( t++ < carrier_to * 10 )) || { echo "no carrier" >"$rundir/.status-$n"; exit 1; }
			sleep 0.1
		done
		exec busybox udhcpc -i "$n" -f -q -n -t "$dhcp_to" -T 1 -A 1 \
			-s "$0" -O rootpath -O hostname -O domain >"$rundir/.udhcpc-$n" 2>&1
	) &
	pid[$n]=$!
done

deadline=$(( SECONDS + dhcp_to ))
win=
while (( SECONDS < deadline )) && [[ -z "$win" ]]; do
	for n in "${cands[@]}"; do
		[[ -f "$rundir/.lease-$n" ]] && { win=$n; break; }
	done
	[[ -n "$win" ]] || sleep 0.1
done
for n in "${cands[@]}"; do
	kill "${pid[$n]}" 2>/dev/null
	wait "${pid[$n]}" 2>/dev/null
	[[ "$n" == "$win" ]] && continue
	ip -4 addr flush dev "$n"
	ip link set "$n" down
	status[$n]=$(cat "$rundir/.status-$n" 2>/dev/null || echo "no reply")
	[[ -z "$win" ]] || status[$n]="lost to $win"
done

if [[ -z "$win" ]]; then
	for n in "${cands[@]}"; do
		echo "$n: ${status[$n]}" >&2
		log "$n: ${status[$n]}"
	done
	exit 111
fi

# shellcheck disable=SC1090
. "$rundir/.lease-$win"
# shellcheck disable=SC2154
{
	[[ "$hostname" == bad ]] && hostname=    # udhcpc's own scrubbing
	[[ "$domain" == bad ]] && domain=
	rs=$siaddr
	[[ -n "$rs" && "$rs" != 0.0.0.0 ]] || rs=$serverid
	ip -4 addr add "$ip/$(mask_bits "$subnet")" dev "$win"
	[[ -z "$router" ]] || ip -4 route add default via "$router" dev "$win"
	write_conf "$win" dhcp "$ip" "$subnet" "$router" "${dns%% *}" "$hostname" "$domain" \
		"$rs" "$rootpath" "$boot_file" "$lease"
}
chosen "$win" "first lease${bootif:+ (BOOTIF)}"
exit 0
