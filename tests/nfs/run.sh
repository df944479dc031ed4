#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/nfs/run.sh - the NFS tier: the real static netboot-diag against
# nfs-ganesha on 127.0.0.1 (tests/lib/ganesha.sh), one export per scenario:
#   good        casper/filesystem.squashfs + .disk/info     -> 0, all OK
#   wrong path  an export that does not exist               -> 1, names the exports
#   live        live/filesystem.squashfs with boot=casper   -> 1, live-media-path=/live
#   live-ok     the same with boot=live                     -> 0
#   nodisk      no .disk/info                               -> 1, casper's prompt
#   random      random bytes as the squashfs                -> 1, not a squashfs
#   trunc       a squashfs cut in half                      -> 1, truncated
#   uuid        .disk/casper-uuid-* != the initrd's uuid    -> 1, casper will reject
#   load        16 concurrent netboot-diag on one ganesha   -> all 0, wall time
#   down        ganesha stopped                             -> 1, nothing listens
#   no network  an empty network namespace (unshare -n)      -> 111
#   lease       no nfsroot=: the lease from RUNDIR/net.state, not from a
#               stale net-eth0.conf; net-DEV.conf only without net.state
#   hostile     file names and .disk/info with ESC [ 2 J, CSI (0x9b), BEL
#               -> no raw control byte in the output (\xNN instead)
#   endless     tests/nfs/rpcstub.py: a folder listing that never ends
#               (READDIRPLUS eof false forever, fresh cookies) and an
#               export name with escape bytes -> done within ENDLESS_WALL_MAX
#               seconds and ENDLESS_RSS_MAX KiB, the stop said, no raw
#               control byte
# Prints "nfs: N passed, N failed"; exits non-zero on any failure.
# `tests/nfs/run.sh endless` runs the stand-in server's cases alone.  Every
# process is stopped by PID and the work dir removed by common.sh's trap.
# Traffic goes to 127.0.0.1 only.

source "$(dirname "${BASH_SOURCE[0]}")/../lib/ganesha.sh"

DIAG=${DIAG:-$NB_BUILD/netboot-diag}
SERVER=127.0.0.1
PASSED=0
FAILED=0
LOAD_N=${LOAD_N:-16}
STUB_PORT=${STUB_PORT:-20050}
ENDLESS_WALL_MAX=${ENDLESS_WALL_MAX:-20}   # s: listing stopped at 5 s + the rest
ENDLESS_RSS_MAX=${ENDLESS_RSS_MAX:-65536}  # KiB: peak RSS (VmHWM)
ENDLESS_KILL=${ENDLESS_KILL:-120}          # s: the watchdog of the test itself
HOSTILE=$'\e[2J\x9b\a'

# make_squashfs OUT - a small but real image: one incompressible 256 KiB file.
make_squashfs() {
	local src
	src=$(mktemp -d "$NB_WORK/sqsrc.XXXXXX")
	mkdir -p "$src/etc"
	echo "netboot test image" >"$src/etc/issue"
	head -c 262144 /dev/urandom >"$src/blob"
	mksquashfs "$src" "$1" -comp gzip -noappend -quiet >/dev/null
	rm -rf "$src"
}

# make_export NAME MEDIA_DIR [nodisk] - an export dir with MEDIA_DIR/filesystem.squashfs.
make_export() {
	local dir=$NB_WORK/exports/$1
	mkdir -p "$dir/$2"
	cp "$NB_WORK/good.squashfs" "$dir/$2/filesystem.squashfs"
	if [[ "${3:-}" != nodisk ]]; then
		mkdir -p "$dir/.disk"
		echo 'Ubuntu 22.04.4 LTS "Jammy Jellyfish" - Release amd64 (20240220)' \
			>"$dir/.disk/info"
	fi
	echo "$dir"
}

setup() {
	local d
	nb_workdir >/dev/null
	command -v mksquashfs >/dev/null || nb_die "mksquashfs missing (squashfs-tools)"
	[[ -x "$DIAG" ]] || nb_die "$DIAG missing: make build/netboot-diag"
	make_squashfs "$NB_WORK/good.squashfs"

	ganesha_export_add "$(make_export good casper)" /good
	ganesha_export_add "$(make_export live live)" /live
	ganesha_export_add "$(make_export nodisk casper nodisk)" /nodisk
	d=$(make_export random casper)
	head -c 65536 /dev/urandom >"$d/casper/filesystem.squashfs"
	ganesha_export_add "$d" /random
	d=$(make_export trunc casper)
	truncate -s $(( $(stat -c %s "$d/casper/filesystem.squashfs") / 2 )) \
		"$d/casper/filesystem.squashfs"
	ganesha_export_add "$d" /trunc
	d=$(make_export uuid casper)
	echo "11111111-2222-3333-4444-555555555555" >"$d/.disk/casper-uuid-generic"
	ganesha_export_add "$d" /uuid
	echo "99999999-8888-7777-6666-555555555555" >"$NB_WORK/uuid.conf"
	# hostile names: the squashfs under a name with escape bytes (found by
	# the search), and a good image whose .disk/info holds them
	d=$(make_export hostname somewhere)
	mv "$d/somewhere/filesystem.squashfs" "$d/somewhere/${HOSTILE}evil.squashfs"
	ganesha_export_add "$d" /hostname
	d=$(make_export hostinfo casper)
	printf 'Ubuntu %s]0;pwned\a \x9b31m red\n' "$HOSTILE" >"$d/.disk/info"
	ganesha_export_add "$d" /hostinfo

	mkdir -p "$NB_WORK/empty"
	# all exports were added above: no DIR argument
	# shellcheck disable=SC2119
	ganesha_start
}

# diag CMDLINE [ARGS...] - run netboot-diag with a given kernel command
# line and nothing from the host's /run; sets OUT and RC.
diag() {
	local cl=$NB_WORK/cmdline.$BASHPID
	printf '%s\n' "$1" >"$cl"
	shift
	RC=0
	OUT=$("$DIAG" --cmdline "$cl" --rundir "$NB_WORK/empty" \
		--netconf-dir "$NB_WORK/empty" --uuid-conf "$NB_WORK/none" \
		--timeout 5 "$@" 2>&1) || RC=$?
}

# expect NAME WANT_RC PATTERN... - check the last diag run.
expect() {
	local name=$1 want=$2 p ok=1
	shift 2
	[[ "$RC" == "$want" ]] || ok=
	for p in "$@"; do
		grep -qF -- "$p" <<<"$OUT" || { ok=; echo "  missing: $p"; }
	done
	if [[ -n "$ok" ]]; then
		PASSED=$(( PASSED + 1 ))
		echo "ok   $name (exit $RC)"
	else
		FAILED=$(( FAILED + 1 ))
		echo "FAIL $name: exit $RC, want $want; output:"
		# shellcheck disable=SC2001
		sed "s/^/  | /" <<<"$OUT"
	fi
}

test_scenarios() {
	diag "boot=casper netboot=nfs nfsroot=$SERVER:/good"
	expect good 0 "[7/7] .disk      OK" "squashfs 4.0, gzip" "verdict: the network"
	if grep -qE 'FAIL|WARN|SKIP' <<<"$OUT"; then
		FAILED=$(( FAILED + 1 )); echo "FAIL good: a step is not OK"; echo "$OUT"
	fi

	diag "boot=casper netboot=nfs nfsroot=$SERVER:/srv/nothere"
	expect wrong-path 1 "$SERVER does not export /srv/nothere; it exports:" \
		"/good" "/srv/nothere  *(ro,no_subtree_check,no_root_squash)" "exportfs -ra"

	diag "boot=casper netboot=nfs nfsroot=$SERVER:/live"
	expect live-under-casper 1 "found filesystem.squashfs at live/" \
		"use live-media-path=/live or boot=live"

	diag "boot=live netboot=nfs nfsroot=$SERVER:/live"
	expect live-boot-live 0 "live/filesystem.squashfs is there"

	diag "boot=casper netboot=nfs nfsroot=$SERVER:/nodisk"
	expect nodisk 1 "Please provide a name for this Disc" "cp -a /mnt/.disk /nodisk/"

	diag "boot=casper netboot=nfs nfsroot=$SERVER:/random"
	expect random-bytes 1 "not a squashfs" "copy filesystem.squashfs again"

	diag "boot=casper netboot=nfs nfsroot=$SERVER:/trunc"
	expect truncated 1 "is truncated: the image needs"

	diag "boot=casper netboot=nfs nfsroot=$SERVER:/uuid" --uuid-conf "$NB_WORK/uuid.conf"
	expect uuid-mismatch 1 "casper will reject this export" "ignore_uuid"

	diag "boot=casper netboot=nfs nfsroot=$SERVER:/uuid ignore_uuid" --uuid-conf "$NB_WORK/uuid.conf"
	expect uuid-ignored 0 "uuid not checked (ignore_uuid)"

	diag "boot=casper netboot=nfs" --nfsroot "$SERVER:/good"
	expect nfsroot-option 0 "checking $SERVER:/good"

	diag "boot=casper netboot=nfs"
	expect no-server 100 "pass --nfsroot SERVER:/PATH"

	# The lease is netboot's own RUNDIR/net.state (what `netboot mount`
	# reads), not a stale net-eth0.conf that casper's ipconfig left for
	# another NIC; net-DEV.conf only when there is no net.state.
	mkdir -p "$NB_WORK/lease.run" "$NB_WORK/lease.conf"
	printf '%s\n' "DEVICE='eth1'" "MAC='52:54:00:00:00:01'" "REASON='test'" \
		"ADDRESS='$SERVER'" "ROOTSERVER='$SERVER'" "SIADDR='$SERVER'" \
		"SERVERID='$SERVER'" "ROOTPATH='$SERVER:/good'" "PROTO='dhcp'" \
		>"$NB_WORK/lease.run/net.state"
	printf '%s\n' "DEVICE='eth0'" "IPV4ADDR='$SERVER'" "ROOTSERVER='$SERVER'" \
		"ROOTPATH='$SERVER:/srv/nothere'" >"$NB_WORK/lease.conf/net-eth0.conf"
	diag "boot=casper netboot=nfs" --rundir "$NB_WORK/lease.run" \
		--netconf-dir "$NB_WORK/lease.conf"
	expect lease-net-state 0 "lease: $NB_WORK/lease.run/net.state (eth1)" \
		"checking $SERVER:/good"
	printf '%s\n' "DEVICE='eth0'" "IPV4ADDR='$SERVER'" "ROOTSERVER='$SERVER'" \
		"ROOTPATH='$SERVER:/good'" >"$NB_WORK/lease.conf/net-eth0.conf"
	diag "boot=casper netboot=nfs" --netconf-dir "$NB_WORK/lease.conf"
	expect lease-netconf-fallback 0 "lease: $NB_WORK/lease.conf/net-eth0.conf (eth0)" \
		"checking $SERVER:/good"
}

# no_ctl NAME - the last output holds no control byte but newline and tab,
# no DEL and no byte >= 0x80 (a C1 control such as CSI on 8-bit terminals).
no_ctl() {
	local bad
	bad=$(LC_ALL=C grep -naP '[\x00-\x08\x0b-\x1f\x7f-\xff]' <<<"$OUT" | cat -v | head -3) || true
	if [[ -z "$bad" ]]; then
		PASSED=$(( PASSED + 1 ))
		echo "ok   $1: no raw control byte in the output"
	else
		FAILED=$(( FAILED + 1 ))
		echo "FAIL $1: raw control bytes reach the console:"
		# shellcheck disable=SC2001
		sed 's/^/  | /' <<<"$bad"
	fi
}

test_hostile() {
	diag "boot=casper netboot=nfs nfsroot=$SERVER:/hostname"
	expect hostile-filename 1 'found \x1b[2J\x9b\x07evil.squashfs'
	no_ctl hostile-filename
	diag "boot=casper netboot=nfs nfsroot=$SERVER:/hostinfo"
	expect hostile-disk-info 0 '.disk/info: "Ubuntu \x1b[2J\x9b\x07'
	no_ctl hostile-disk-info
}

# peak_rss PID - VmHWM of a running process in KiB (0 when gone).
peak_rss() {
	awk '/^VmHWM:/ { print $2; f = 1 } END { if (!f) print 0 }' \
		"/proc/$1/status" 2>/dev/null || echo 0
}

# endless_run NAME WALL_MAX STUB_ARGS -- DIAG_ARGS - the stand-in server
# (tests/nfs/rpcstub.py STUB_ARGS) whose listing never ends; netboot-diag
# (DIAG_ARGS) runs under a watchdog (ENDLESS_KILL s), its wall time and
# peak RSS measured from outside (time(1)'s maximum RSS, and VmHWM of
# /proc/PID/status every 0.2 s while it runs).  Passes
# when it ended by itself within WALL_MAX s and ENDLESS_RSS_MAX KiB.
# Sets OUT and RC.
endless_run() {
	local name=$1 wall_max=$2 cl=$NB_WORK/cmdline.endless pid spid t0 ms
	local rss=0 r killed='' ready=$NB_WORK/rpcstub.ready stub=() dpid timer=()
	shift 2
	while [[ $# -gt 0 && "$1" != -- ]]; do stub+=("$1"); shift; done
	shift
	rm -f "$ready"
	python3 "$(dirname "${BASH_SOURCE[0]}")/rpcstub.py" "$STUB_PORT" \
		--ready "$ready" "${stub[@]}" 2>"$NB_WORK/rpcstub.log" &
	spid=$!
	nb_cleanup_add "nb_kill_pid $spid rpcstub"
	nb_wait_file "$ready" 10 || nb_die "rpcstub did not start"
	printf 'boot=casper netboot=nfs nfsroot=%s:/endless,port=%s,mountport=%s\n' \
		"$SERVER" "$STUB_PORT" "$STUB_PORT" >"$cl"
	rm -f "$NB_WORK/endless.rss"
	# time(1) when present (package time); else the samples alone
	[[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f %M -o "$NB_WORK/endless.rss")
	t0=$(nb_now_ms)
	"${timer[@]}" "$DIAG" --cmdline "$cl" --rundir "$NB_WORK/empty" \
		--netconf-dir "$NB_WORK/empty" --uuid-conf "$NB_WORK/none" \
		"$@" >"$NB_WORK/endless.out" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		dpid=$pid
		[[ ${#timer[@]} -gt 0 ]] && { dpid=$(ps --ppid "$pid" -o pid= | tr -d ' ') || true; }
		[[ -n "$dpid" ]] && r=$(peak_rss "$dpid") && (( r > rss )) && rss=$r
		if (( $(nb_now_ms) - t0 > ENDLESS_KILL * 1000 )); then
			killed=1
			[[ -n "$dpid" ]] && kill -KILL "$dpid" 2>/dev/null
			break
		fi
		sleep 0.2
	done
	RC=0
	wait "$pid" || RC=$?
	ms=$(( $(nb_now_ms) - t0 ))
	# time(1)'s figure when netboot-diag ended by itself (the exact peak)
	r=$(grep -E '^[0-9]+$' "$NB_WORK/endless.rss" 2>/dev/null || true)
	[[ -n "$r" ]] && (( r > rss )) && rss=$r
	nb_kill_pid "$spid" rpcstub
	OUT=$(cat "$NB_WORK/endless.out")
	echo "     $name: wall $ms ms, peak RSS $rss KiB, exit $RC${killed:+ (killed by the watchdog)}; $(cat "$NB_WORK/rpcstub.log")"
	if [[ -z "$killed" ]] && (( ms <= wall_max * 1000 && rss <= ENDLESS_RSS_MAX )); then
		PASSED=$(( PASSED + 1 ))
		echo "ok   $name: bounded (<= $wall_max s, <= $ENDLESS_RSS_MAX KiB)"
	else
		FAILED=$(( FAILED + 1 ))
		echo "FAIL $name: want <= $wall_max s and <= $ENDLESS_RSS_MAX KiB"
	fi
}

# test_endless - a flood (64 entries a reply, as fast as it goes): stopped
# by the byte cap; a trickle (one entry every 200 ms): stopped by the
# listing's deadline (--timeout 3); the same trickle under --deadline 2:
# the run ends by the whole run's deadline.
test_endless() {
	endless_run endless-flood "$ENDLESS_WALL_MAX" -- --timeout 5
	expect endless-flood-said 1 '/esc\x1b[2J\x9b\x07name' \
		"the listing of / stopped: the server sent more than 4 MiB"
	no_ctl endless-flood
	endless_run endless-trickle "$ENDLESS_WALL_MAX" --batch 1 --delay 200 -- --timeout 3
	expect endless-trickle-said 1 "the listing of / stopped: the server did not finish it in time"
	endless_run endless-deadline 6 --batch 1 --delay 200 -- --timeout 30 --deadline 2
	expect endless-deadline-said 111 "the listing of / stopped" \
		"(the run's deadline of 2 s passed)"
}

# test_load - LOAD_N netboot-diag at once, each mounting (v3 and v4),
# searching and reading the superblock from the one ganesha.
test_load() {
	local i pids=() t0 ms bad=0 cl=$NB_WORK/cmdline.load
	printf 'boot=casper netboot=nfs nfsroot=%s:/good\n' "$SERVER" >"$cl"
	t0=$(nb_now_ms)
	for (( i = 0; i < LOAD_N; i++ )); do
		"$DIAG" --cmdline "$cl" --rundir "$NB_WORK/empty" \
			--netconf-dir "$NB_WORK/empty" --uuid-conf "$NB_WORK/none" \
			--timeout 20 >"$NB_WORK/load.$i.out" 2>&1 &
		pids+=("$!")
	done
	for i in "${!pids[@]}"; do
		if ! wait "${pids[i]}"; then
			bad=$(( bad + 1 ))
			echo "  client $i failed:"; sed 's/^/  | /' "$NB_WORK/load.$i.out"
		elif ! grep -q 'squashfs 4.0' "$NB_WORK/load.$i.out"; then
			bad=$(( bad + 1 ))
			echo "  client $i did not read the superblock"
		fi
	done
	ms=$(( $(nb_now_ms) - t0 ))
	if (( bad == 0 )); then
		PASSED=$(( PASSED + 1 ))
		echo "ok   load: $LOAD_N concurrent netboot-diag (mount v3+v4, search, superblock), all OK, wall $ms ms"
	else
		FAILED=$(( FAILED + 1 ))
		echo "FAIL load: $bad of $LOAD_N clients failed (wall $ms ms)"
	fi
}

test_down() {
	ganesha_stop
	diag "boot=casper netboot=nfs nfsroot=$SERVER:/good"
	expect server-down 1 "nothing listens on $SERVER:2049" "systemctl status nfs-server" \
		"[3/7] exports    SKIP"
}

# test_nonet - no interface with an address: exit 111 ("could not check").
test_nonet() {
	local cl=$NB_WORK/cmdline.nonet
	printf 'boot=casper netboot=nfs nfsroot=10.0.2.2:/srv/live\n' >"$cl"
	RC=0
	OUT=$(unshare -n "$DIAG" --cmdline "$cl" --rundir "$NB_WORK/empty" \
		--netconf-dir "$NB_WORK/empty" --timeout 1 2>&1) || RC=$?
	expect no-network 111 "no interface has an IPv4 address" "[2/7] server     SKIP"
}

main() {
	if [[ "${1:-}" == endless ]]; then # the stand-in server alone: no ganesha
		nb_workdir >/dev/null
		mkdir -p "$NB_WORK/empty"
		test_endless
		echo "nfs: $PASSED passed, $FAILED failed"
		[[ $FAILED -eq 0 ]]
		return
	fi
	setup
	test_scenarios
	test_hostile
	test_endless
	test_load
	test_down
	test_nonet
	echo "nfs: $PASSED passed, $FAILED failed"
	[[ $FAILED -eq 0 ]]
}

main "$@"
