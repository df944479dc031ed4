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
# Prints "nfs: N passed, N failed"; exits non-zero on any failure.  Every
# process is stopped by PID and the work dir removed by common.sh's trap.
# Traffic goes to 127.0.0.1 only.

source "$(dirname "${BASH_SOURCE[0]}")/../lib/ganesha.sh"

DIAG=${DIAG:-$NB_BUILD/netboot-diag}
SERVER=127.0.0.1
PASSED=0
FAILED=0
LOAD_N=${LOAD_N:-16}

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
	setup
	test_scenarios
	test_load
	test_down
	test_nonet
	echo "nfs: $PASSED passed, $FAILED failed"
	[[ $FAILED -eq 0 ]]
}

main "$@"
