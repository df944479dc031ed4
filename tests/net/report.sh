#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/net/report.sh - the boot report stream under a junk flood.
#
# One bridge namespace holds dnsmasq and netboot-monitor (--listen on the
# server address, UDP 5514); N client namespaces (default 16) on the
# bridge each run `netboot net` with netboot.report=udp:SERVER:5514, all
# at once, while a junk namespace on the same bridge floods UDP 5514 with
# datagrams that must all be refused: random bytes and near-miss RFC 5424
# lines (a valid-looking record with one bad field, other SD-IDs, overlong
# records and texts), from a small python3 sender, paced so that the
# monitor's socket buffer is not the thing under test.
#
# Cases: one per client (exit 0; its MAC in table.json; out_of_order 0;
# reports == the datagrams its report.state says it sent; the lease line
# and "phase net" arrived; its lines in the monitor's clients/<mac>.log
# are, text for text and in order, its rundir/netboot.log lines), plus:
# the table has exactly the N clients and no junk MAC; refused_datagrams
# + the kernel's receive-buffer drops in the server namespace >= junk
# sent - JUNK_TOL (1%, other UDP loss); the monitor is
# alive after the flood and its peak RSS (VmHWM) stays under RSS_MAX_KB;
# cleanup leaves no namespace.
#
# Figures (Debian 12, 16 clients, 24000 junk datagrams at ~4000/s): see
# the printed "figures:" lines.  Monitor peak RSS measured at ~2.3 MB; the
# bound is 8 MB (3.5x).
#
# Usage: report.sh [N]   (default 16, at most 100)   Env: NB_KEEP=1
# Last line "report: N passed, N failed"; exit 1 on any failure.
# Needs root.  Only 10.111.201.0/24, only inside its own namespaces.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ $(id -u) -ne 0 ]]; then
	echo "report: skipped: needs root (ip netns, veth, bridge, dnsmasq)"
	if [[ "${CI:-}" == true ]]; then
		echo "report: 0 passed, 1 failed"
		exit 1
	fi
	echo "report: 0 passed, 0 failed"
	exit 0
fi

# shellcheck source=lib.sh
source "$HERE/lib.sh"

N=${1:-16}
NET=10.111.201
SERVER=$NET.1
JUNK_ADDR=$NET.5          # outside dnsmasq's pool (.10-.250)
PORT=5514
JUNK_COUNT=24000          # datagrams in the flood
JUNK_RATE=4000            # a second
JUNK_TOL=$(( JUNK_COUNT / 100 ))  # UDP loss allowed: 1%
RSS_MAX_KB=8192           # monitor peak RSS bound (measured ~2.3 MB)
GUARD=60
MONITOR=$NB_BUILD/netboot-monitor
PASSED=0
FAILED=0
MON_PID=

case_result() {
	if (( NBT_FAILED == 0 )); then
		PASSED=$(( PASSED + 1 ))
		[[ -z "${VERBOSE:-}" ]] || echo "PASS $1"
	else
		FAILED=$(( FAILED + 1 ))
		echo "FAIL $1"
	fi
	NBT_FAILED=0
}

client_mac() {
	printf '52:54:00:33:%02x:%02x\n' $(( $1 / 256 )) $(( $1 % 256 ))
}

setup() {
	local k sns=$1 c j=$2
	nbt_ns_add "$sns"
	ip -n "$sns" link add br0 type bridge
	ip -n "$sns" link set br0 type bridge stp_state 0 forward_delay 0
	ip -n "$sns" addr add "$SERVER/24" dev br0
	ip -n "$sns" link set br0 up
	for (( k = 0; k < N; k++ )); do
		c=${NBT_PREFIX}rep-c$k
		nbt_ns_add "$c"
		ip -n "$c" link add nbtv0 type veth peer name "r$k" netns "$sns"
		ip -n "$c" link set nbtv0 name eth0
		ip -n "$c" link set eth0 address "$(client_mac "$k")"
		ip -n "$sns" link set "r$k" master br0
		ip -n "$sns" link set "r$k" up
	done
	nbt_ns_add "$j"
	ip -n "$j" link add nbtv0 type veth peer name rj netns "$sns"
	ip -n "$j" link set nbtv0 name eth0
	ip -n "$j" link set eth0 address 02:99:00:00:00:01
	ip -n "$j" addr add "$JUNK_ADDR/24" dev eth0
	ip -n "$j" link set eth0 up
	ip -n "$sns" link set rj master br0
	ip -n "$sns" link set rj up
}

start_dnsmasq() {
	nbt_bridge_dhcp "$1" "$NET" "$SERVER:/srv/report"
}

start_monitor() {
	local sns=$1 t
	mkdir -p "$NBT_TMP/state"
	ip netns exec "$sns" "$MONITOR" --state "$NBT_TMP/state" --listen "$SERVER" \
		--port "$PORT" --lines >"$NBT_TMP/monitor.out" 2>"$NBT_TMP/monitor.err" </dev/null &
	MON_PID=$!
	NBT_PIDS+=("$MON_PID")
	for (( t = 0; t < 50; t++ )); do
		[[ -f "$NBT_TMP/state/table.json" ]] && return 0
		kill -0 "$MON_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$NBT_TMP/monitor.err" >&2
	nb_die "netboot-monitor did not start"
}

# The junk sender: COUNT datagrams at RATE a second to ADDR:PORT, none of
# them a valid report; prints "sent N" at the end.
write_junk_py() {
	cat >"$NBT_TMP/junk.py" <<'PY'
import os, random, socket, sys, time
addr, port, count, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(5424)

def mac():  # outside the clients' 52:54:00:33:xx:xx
    return "02:99:%02x:%02x:%02x:%02x" % tuple(rnd.randrange(256) for _ in range(4))

def rec(pri="134", ver="1", host="10.111.201.77", app="netboot", kind="line",
        sdid="netboot@32473", params=None, text="junk line"):
    if params is None:
        params = 'mac="%s" phase="net" up="1.234" seq="%d"' % (mac(), rnd.randrange(1, 10**6))
    s = "<%s>%s - %s %s - %s [%s %s]" % (pri, ver, host, app, kind, sdid, params)
    return s + (" " + text if text is not None else "")

def P(**kw):
    d = {"mac": '"%s"' % mac(), "phase": '"net"', "up": '"1.234"', "seq": '"%d"' % rnd.randrange(1, 10**6)}
    d.update(kw)
    return " ".join("%s=%s" % (k, v) for k, v in d.items() if v is not None)

near = [
    lambda: rec(pri="14"),                              # facility user
    lambda: rec(pri="135"),                             # severity debug
    lambda: rec(pri="1340"),                            # PRI too long
    lambda: rec(ver="2"),
    lambda: rec(host="999.1.1.1"),
    lambda: rec(host="server.example"),
    lambda: rec(app="netbooot"),
    lambda: rec(kind="lines"),
    lambda: rec(sdid="netboot@32474"),
    lambda: rec(sdid="origin", params='ip="10.111.201.77"'),
    lambda: rec(sdid="timeQuality", params='tzKnown="1" isSynced="1"'),
    lambda: rec(params=P(mac='"zz:54:00:33:00:01"')),
    lambda: rec(params=P(mac='"02:99:00:00:00"')),
    lambda: rec(params=P(seq='"0"')),
    lambda: rec(params=P(seq='"-1"')),
    lambda: rec(params=P(seq='"99999999999"')),
    lambda: rec(params=P(up='"12"')),
    lambda: rec(params=P(up='"1.23"')),
    lambda: rec(params=P(phase='"NET"')),
    lambda: rec(params=P(phase='"a-very-long-phase-name"')),
    lambda: rec(params=P(seq=None)),
    lambda: rec(params=P(mac=None)),
    lambda: rec(params=P() + ' mac="%s"' % mac()),      # mac twice
    lambda: rec(params=P(verdict='"live"')),            # a line with a verdict
    lambda: rec(kind="verdict"),                        # a verdict without one
    lambda: rec(kind="verdict", params=P(verdict='"maybe"')),
    lambda: rec(params=P(x1='"1"', x2='"2"', x3='"3"', x4='"4"', x5='"5"')),  # 9 params
    lambda: rec(params=P(extra='"bad\\x"')),             # bad escape
    lambda: rec(params=P(extra='"unterminated')),
    lambda: rec(text="bell \x07 in text"),
    lambda: rec(text="caf\xe9"),
    lambda: rec(text="x" * 950),                        # text over 900
    lambda: rec(text="y" * 1300),                       # datagram over 1200
    lambda: rec() + "\n",                               # trailing newline
    lambda: rec()[:-3] + "\x00",
    lambda: " " + rec(),
    lambda: rec().replace(" [", "["),
    lambda: rec().replace("] ", "]]"),
]

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
t0 = time.monotonic()
sent = 0
for i in range(count):
    if i % 2:
        b = os.urandom(rnd.randrange(1, 1500))
    else:
        b = near[(i // 2) % len(near)]().encode("latin-1")
    try:
        s.sendto(b, (addr, port))
        sent += 1
    except OSError as e:
        print("send error:", e, file=sys.stderr)
    ahead = t0 + (i + 1) / rate - time.monotonic()
    if ahead > 0.002:
        time.sleep(ahead)
print("sent %d in %.1f s, %d near-miss kinds" % (sent, time.monotonic() - t0, len(near)))
PY
}

# One client: wait at the FIFO, run netboot.  Writes c<k>/rc.
client() {
	local k=$1 ns=${NBT_PREFIX}rep-c$1 dir=$NBT_TMP/c$1 rc=0
	mkdir -p "$dir/run"
	printf '%s\n' "$NBT_CMDLINE_BASE netboot.report=udp:$SERVER:$PORT" >"$dir/cmdline"
	: >"$dir/ready"
	exec 3<"$NBT_TMP/go"
	timeout -k 5 "$GUARD" ip netns exec "$ns" "$(nbt_client)" net \
		--cmdline "$dir/cmdline" --rundir "$dir/run" \
		>"$dir/stdout" 2>"$dir/stderr" </dev/null || rc=$?
	exec 3<&-
	echo "$rc" >"$dir/rc"
}

# udp_drops NS - the kernel's UDP receive-buffer drops in NS.
udp_drops() {
	# shellcheck disable=SC2016 # awk's $i
	ip netns exec "$1" awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) n[$i] = i; h = 1 }
		else print $n["RcvbufErrors"] }' /proc/net/snmp
}

# json_client MAC - the table.json client object of MAC, one line.
json_client() {
	python3 - "$NBT_TMP/state/table.json" "$1" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
for c in t["clients"]:
    if c.get("mac") == sys.argv[2]:
        print(c["reports"], c["out_of_order"], c["dropped"], c.get("phase", "-"))
        break
PY
}

main() {
	local sns jns k t ready dir rc mac hwm rss drops0 drops1 junk_sent refused
	local total_reports n_clients junk_macs sent_by_clients=0 reports seq ooo dropped phase
	local -a pids=()
	(( N >= 1 && N <= 100 )) || nb_die "N must be 1..100"
	[[ -x "$MONITOR" ]] || nb_die "$MONITOR missing: make $MONITOR"
	nb_workdir >/dev/null
	NBT_TMP=$NB_WORK/report
	mkdir -p "$NBT_TMP"
	echo "report: $N clients, client $(nbt_client), junk $JUNK_COUNT datagrams at $JUNK_RATE/s"
	sns=${NBT_PREFIX}rep-s
	jns=${NBT_PREFIX}rep-j
	t=$(nb_now_ms)
	setup "$sns" "$jns"
	start_dnsmasq "$sns"
	start_monitor "$sns"
	write_junk_py
	echo "    setup: $(( N + 2 )) namespaces, bridge, dnsmasq, monitor in $(nb_elapsed "$t") s"
	drops0=$(udp_drops "$sns")

	mkfifo "$NBT_TMP/go"
	for (( k = 0; k < N; k++ )); do
		client "$k" &
		pids+=("$!")
		NBT_PIDS+=("$!")
	done
	for (( t = 0; t < 200; t++ )); do
		ready=$(find "$NBT_TMP" -maxdepth 2 -name ready | wc -l)
		(( ready == N )) && break
		sleep 0.05
	done
	# the flood first, the clients half a second into it
	ip netns exec "$jns" python3 "$NBT_TMP/junk.py" "$SERVER" "$PORT" "$JUNK_COUNT" \
		"$JUNK_RATE" >"$NBT_TMP/junk.out" 2>&1 &
	local junk_pid=$!
	NBT_PIDS+=("$junk_pid")
	sleep 0.5
	exec 4>"$NBT_TMP/go"
	sleep 1
	exec 4>&-
	# the monitor's RSS while the flood and the clients run
	rss=0
	while kill -0 "$junk_pid" 2>/dev/null; do
		t=$(awk '/^VmRSS:/ { print $2 }' "/proc/$MON_PID/status" 2>/dev/null || echo 0)
		(( t > rss )) && rss=$t
		sleep 0.2
	done
	wait "$junk_pid" || nbt_fail "the junk sender failed: $(cat "$NBT_TMP/junk.out")"
	for k in "${!pids[@]}"; do
		wait "${pids[k]}" || true
	done
	junk_sent=$(sed -n 's/^sent \([0-9]*\) .*/\1/p' "$NBT_TMP/junk.out")
	junk_sent=${junk_sent:-0}
	sleep 1.5   # the monitor reads its queue, then snapshots (each second)
	drops1=$(udp_drops "$sns")
	hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$MON_PID/status" 2>/dev/null || echo 0)
	(( hwm > rss )) && rss=$hwm
	if kill -0 "$MON_PID" 2>/dev/null; then
		# TERM: it writes a last snapshot and exits 0
		kill -TERM "$MON_PID"
		rc=0
		wait "$MON_PID" || rc=$?
		(( rc == 0 )) || nbt_fail "the monitor exited $rc on TERM"
	else
		nbt_fail "the monitor died during the flood: $(tail -n 3 "$NBT_TMP/monitor.err")"
	fi
	(( rss > 0 && rss < RSS_MAX_KB )) || nbt_fail "monitor peak RSS $rss kB, bound $RSS_MAX_KB kB"
	case_result "monitor-alive-rss"

	# ---- per client
	for (( k = 0; k < N; k++ )); do
		dir=$NBT_TMP/c$k
		mac=$(client_mac "$k")
		rc=$(cat "$dir/rc" 2>/dev/null || echo missing)
		[[ "$rc" == 0 ]] || nbt_fail "c$k: exit $rc"
		seq=
		if [[ -f "$dir/run/report.state" ]]; then
			read -r _ _ _ _ _ seq _ _ <"$dir/run/report.state"
		else
			nbt_fail "c$k: no report.state (did it stream?)"
		fi
		sent_by_clients=$(( sent_by_clients + ${seq:-0} ))
		read -r reports ooo dropped phase < <(json_client "$mac") || true
		[[ -z "${reports:-}" || "$phase" == net ]] || nbt_fail "c$k: phase '$phase' in the table, expected net"
		if [[ -z "${reports:-}" ]]; then
			nbt_fail "c$k: $mac not in table.json"
		else
			(( ooo == 0 )) || nbt_fail "c$k: out_of_order $ooo"
			(( dropped == 0 )) || nbt_fail "c$k: dropped $dropped"
			[[ "$reports" == "${seq:-x}" ]] ||
				nbt_fail "c$k: monitor counted $reports reports, the client sent $seq (report.state)"
		fi
		compare_logs "$k" "$mac"
		if (( NBT_FAILED )); then
			sed 's/^/    | /' "$dir/stderr" | tail -n 5
		fi
		case_result "c$k"
		reports='' ooo='' dropped='' phase=''
	done

	# ---- the table and the junk
	read -r n_clients total_reports refused junk_macs < <(python3 - "$NBT_TMP/state/table.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
cl = t["clients"]
bad = sum(1 for c in cl if not str(c.get("mac", "")).startswith("52:54:00:33:"))
print(len(cl), t["reports"], t["refused_datagrams"], bad)
PY
	) || nbt_fail "table.json unreadable"
	(( ${n_clients:-0} == N )) || nbt_fail "table.json has ${n_clients:-?} clients, expected $N"
	(( ${junk_macs:-1} == 0 )) || nbt_fail "$junk_macs rows in the table not of the clients' MACs"
	# the kernel's receive-buffer drops are loss, not the monitor's doing
	(( ${refused:-0} + drops1 - drops0 >= junk_sent - JUNK_TOL )) ||
		nbt_fail "refused ${refused:-?} + kernel drops $(( drops1 - drops0 )) < junk sent $junk_sent - $JUNK_TOL"
	(( ${refused:-0} <= junk_sent )) ||
		nbt_fail "refused $refused > junk sent $junk_sent: client datagrams refused?"
	(( junk_sent >= 20000 )) || nbt_fail "only $junk_sent junk datagrams sent"
	(( ${total_reports:-0} == sent_by_clients )) ||
		nbt_fail "table reports ${total_reports:-?}, clients sent $sent_by_clients"
	case_result "table-and-junk"

	echo "    figures: clients $N, datagrams from clients $sent_by_clients (monitor counted ${total_reports:-?})"
	echo "    figures: junk sent $junk_sent ($(sed 's/^sent [0-9]* //' "$NBT_TMP/junk.out")), refused counted ${refused:-?} (tolerance $JUNK_TOL), kernel rcvbuf drops $(( drops1 - drops0 ))"
	echo "    figures: monitor peak RSS $rss kB (bound $RSS_MAX_KB kB)"

	nbt_cleanup
	local left
	left=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -c "^${NBT_PREFIX}rep-" || true)
	(( left == 0 )) || nbt_fail "$left namespaces left after cleanup"
	case_result "cleanup"
	echo "report: $PASSED passed, $FAILED failed"
	(( FAILED == 0 ))
}

# compare_logs K MAC - the lease line and "phase net" arrived, and the
# client's lines in the monitor's log are its netboot.log's, in order.
compare_logs() {
	local k=$1 mac=$2 dir=$NBT_TMP/c$1 mlog got want
	mlog=$NBT_TMP/state/clients/${mac//:/-}.log
	if [[ ! -f "$mlog" ]]; then
		nbt_fail "c$k: no monitor log ${mlog##*/}"
		return 0
	fi
	if [[ ! -f "$dir/run/netboot.log" ]]; then
		nbt_fail "c$k: no netboot.log"
		return 0
	fi
	# monitor: "HH:MM:SS MAC IP PHASE TEXT"; the text is cut at 160
	got=$(sed -E 's/^[0-9:]{8} [0-9a-f:]{17} +[0-9.-]+ +[a-z0-9-]+ +//' "$mlog")
	# the debug lines stay local; the rest is streamed
	want=$(sed -E 's/^\[[^]]*\] //' "$dir/run/netboot.log" | { grep -v '^debug: ' || true; } | cut -c1-160)
	grep -q 'phase net' <<<"$got" || nbt_fail "c$k: no \"phase net\" line arrived"
	grep -q 'lease from DHCP' <<<"$got" || nbt_fail "c$k: no lease line arrived"
	if [[ "$got" != "$want" ]]; then
		nbt_fail "c$k: the monitor's lines differ from netboot.log:"
		{ diff <(echo "$want") <(echo "$got") || true; } | head -n 8 | sed 's/^/      /'
	fi
	return 0
}

main "$@"
