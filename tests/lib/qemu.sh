#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/lib/qemu.sh - boot a qemu guest (TCG only) and watch its console.
#
# qemu_boot starts qemu-system-x86_64 in the background, console on ttyS0
# written to a log file, -no-reboot so a guest `poweroff -f`, reboot or
# panic (panic=-1 is in the default cmdline) ends qemu.  Two ways in:
#  - direct: -kernel/-initrd/-append;
#  - PXE (--pxe): the NIC's iPXE option ROM (ipxe-qemu, efi-virtio.rom or
#    efi-e1000.rom, qemu's default romfile) DHCPs and TFTPs pxelinux.0 from
#    qemu's user-net (tftp=DIR,bootfile=pxelinux.0); pxelinux.cfg/default
#    loads the same kernel+initrd with IPAPPEND 2, so the guest cmdline gets
#    BOOTIF=01-<mac of the booting NIC>.
# NICs: a comma list, in PCI order: "user" (qemu user-net: DHCP 10.0.2.15,
# host 10.0.2.2 = host 127.0.0.1, TFTP), "dead" (a port on an empty hub:
# link up, nothing answers) or "tap:NAME" (an existing tap device, e.g. in a
# bridge of a test's network namespace: give --netns NS to run qemu there;
# with --pxe the firmware boots from whatever DHCP/TFTP that LAN offers).
# Only the first user or tap NIC carries a boot ROM in --pxe mode; the
# others get romfile= so the BIOS does not try them.
# Firmware: SeaBIOS (default, -machine pc) or, with --uefi sb|nosb, OVMF on
# q35 (Debian's ovmf: the Secure-Boot build with Microsoft's keys enrolled
# and SMM, or the plain build).  Under OVMF the PXE NIC gets no iPXE ROM
# (OVMF's own virtio-net driver and PXE), unless --ipxe-rom asks for it:
# shim refuses to load GRUB through qemu's iPXE ROM under Secure Boot.
# MACs are fixed: 52:54:00:12:34:01, :02, ... in NIC order.
# Keep user-net IPv6 on (the default): iPXE configures IPv4 (DHCP) and
# IPv6 (SLAAC) together and, with ipv6=off, waits ~13 s for a router
# advertisement that never comes (PXE to pxelinux: 18.4 s instead of 5.4 s).
# pxe-virtio.rom (legacy-only build) never gets to pxelinux here: we leave
# qemu's default romfile (efi-virtio.rom / efi-e1000.rom, both hybrid).
# QEMU_USER_OPTS: extra ",opt=val" for every user netdev (e.g. dns=...).
# Never use KVM here (-accel tcg is forced: KVM hangs on this host).
# The guest only reaches qemu's user-net and, through 10.0.2.2, the host's
# loopback; nothing the tests run inside it talks to other addresses.
#
# Sets QEMU_PID QEMU_LOG QEMU_T0 (ms) QEMU_MACS (array).

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

QEMU_BIN=${QEMU_BIN:-qemu-system-x86_64}
QEMU_BASE_APPEND=${QEMU_BASE_APPEND:-console=ttyS0,115200 panic=-1 loglevel=4}
QEMU_PID=
QEMU_LOG=
QEMU_T0=
QEMU_MACS=()

qemu_usage() {
	cat >&2 <<-USAGE
	qemu_boot --kernel FILE --initrd FILE [--append STR] [--pxe]
	          [--nics user|dead|tap:NAME,...] [--model virtio|e1000] [--mem MB]
	          [--log FILE] [--tftp DIR] [--qemu-arg ARG]...
	          [--netns NS] [--uefi sb|nosb] [--ipxe-rom]
	qemu_boot --pxe --nics tap:NAME ... needs no --kernel / --initrd
	USAGE
}

# qemu_pxe_tftp DIR KERNEL INITRD APPEND - lay out a pxelinux TFTP root.
qemu_pxe_tftp() {
	local dir=$1 kernel=$2 initrd=$3 append=$4
	mkdir -p "$dir/pxelinux.cfg"
	cp /usr/lib/PXELINUX/pxelinux.0 "$dir/"
	cp /usr/lib/syslinux/modules/bios/ldlinux.c32 "$dir/"
	ln -f "$kernel" "$dir/vmlinuz" 2>/dev/null || cp "$kernel" "$dir/vmlinuz"
	ln -f "$initrd" "$dir/initrd.gz" 2>/dev/null || cp "$initrd" "$dir/initrd.gz"
	cat >"$dir/pxelinux.cfg/default" <<-CFG
	SERIAL 0 115200
	DEFAULT netboot
	PROMPT 0
	TIMEOUT 0
	LABEL netboot
	  KERNEL vmlinuz
	  INITRD initrd.gz
	  APPEND $append
	  IPAPPEND 2
	CFG
}

# qemu_boot [options] - start the guest in the background (see qemu_usage).
qemu_boot() {
	local kernel='' initrd='' append='' pxe='' nics=user model=virtio
	local mem=512 log='' tftp='' i kind dev rom mac netdev booted=''
	local netns='' uefi='' ipxe_rom='' vars
	local -a extra=() args=() kinds=() pre=()
	while [[ $# -gt 0 ]]; do
		case $1 in
		--kernel) kernel=$2; shift ;;
		--initrd) initrd=$2; shift ;;
		--append) append=$2; shift ;;
		--pxe) pxe=1 ;;
		--nics) nics=$2; shift ;;
		--model) model=$2; shift ;;
		--mem) mem=$2; shift ;;
		--log) log=$2; shift ;;
		--tftp) tftp=$2; shift ;;
		--qemu-arg) extra+=("$2"); shift ;;
		--netns) netns=$2; shift ;;
		--uefi) uefi=$2; shift ;;
		--ipxe-rom) ipxe_rom=1 ;;
		*) qemu_usage; nb_die "qemu_boot: unknown option $1" ;;
		esac
		shift
	done
	if [[ -z "$pxe" || $nics != *tap:* ]]; then
		[[ -n "$kernel" && -n "$initrd" ]] || { qemu_usage; nb_die "qemu_boot: --kernel and --initrd needed"; }
	fi
	[[ -z "$QEMU_PID" ]] || nb_die "qemu_boot: a guest is running ($QEMU_PID)"
	case $model in
	virtio) dev=virtio-net-pci ;;
	e1000) dev=e1000 ;;
	*) nb_die "qemu_boot: model $model (virtio|e1000)" ;;
	esac
	nb_workdir >/dev/null
	log=${log:-$NB_WORK/console.log}
	append="$QEMU_BASE_APPEND${append:+ $append}"

	args=(-accel tcg -smp 1 -m "$mem" -nodefaults -no-user-config
		-display none -monitor none -serial "file:$log" -no-reboot)
	case $uefi in
	'') args+=(-machine pc) ;;
	sb|nosb)
		vars=$NB_WORK/ovmf-vars.$$.$RANDOM.fd
		if [[ $uefi == sb ]]; then
			cp /usr/share/OVMF/OVMF_VARS_4M.ms.fd "$vars"
			args+=(-machine "q35,smm=on" -global "driver=cfi.pflash01,property=secure,value=on"
				-drive "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd")
		else
			cp /usr/share/OVMF/OVMF_VARS_4M.fd "$vars"
			args+=(-machine q35
				-drive "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd")
		fi
		args+=(-drive "if=pflash,format=raw,unit=1,file=$vars")
		;;
	*) nb_die "qemu_boot: --uefi sb|nosb" ;;
	esac
	if [[ -n "$pxe" && $nics == *tap:* ]]; then
		args+=(-boot order=n)
	elif [[ -n "$pxe" ]]; then
		tftp=${tftp:-$NB_WORK/tftp}
		qemu_pxe_tftp "$tftp" "$kernel" "$initrd" "$append"
		args+=(-boot order=n)
	else
		args+=(-kernel "$kernel" -initrd "$initrd" -append "$append")
	fi
	QEMU_MACS=()
	IFS=, read -ra kinds <<<"$nics"
	for i in "${!kinds[@]}"; do
		kind=${kinds[i]}
		mac=$(printf '52:54:00:12:34:%02x' $(( i + 1 )))
		QEMU_MACS+=("$mac")
		rom=',romfile='
		case $kind in
		user)
			netdev="user,id=n$i${QEMU_USER_OPTS:+,$QEMU_USER_OPTS}"
			if [[ -n "$pxe" && -z "$booted" ]]; then
				netdev+=",tftp=$tftp,bootfile=pxelinux.0"
				rom=',bootindex=1'
				booted=1
			fi
			;;
		dead) netdev="hubport,hubid=$(( 90 + i )),id=n$i" ;;
		tap:*)
			netdev="tap,id=n$i,ifname=${kind#tap:},script=no,downscript=no"
			if [[ -n "$pxe" && -z "$booted" ]]; then
				rom=',bootindex=1'
				[[ -z $uefi || -n $ipxe_rom ]] || rom+=',romfile='
				booted=1
			fi
			;;
		*) nb_die "qemu_boot: NIC kind $kind (user|dead|tap:NAME)" ;;
		esac
		args+=(-netdev "$netdev" -device "$dev,netdev=n$i,mac=$mac$rom")
	done
	[[ -z "$pxe" || -n "$booted" ]] || nb_die "qemu_boot: --pxe needs a user NIC"
	args+=("${extra[@]}")

	: >"$log"
	QEMU_LOG=$log
	QEMU_T0=$(nb_now_ms)
	printf '%q ' "$QEMU_BIN" "${args[@]}" >"$log.cmd"
	[[ -z $netns ]] || pre=(ip netns exec "$netns")
	if [[ -n "${GANESHA_LOCKFD:-}" ]]; then
		# do not let the guest hold the NFS port lock (ganesha.sh)
		"${pre[@]}" "$QEMU_BIN" "${args[@]}" >"$log.qemu" 2>&1 </dev/null {GANESHA_LOCKFD}>&- &
	else
		"${pre[@]}" "$QEMU_BIN" "${args[@]}" >"$log.qemu" 2>&1 </dev/null &
	fi
	QEMU_PID=$!
	export QEMU_PID QEMU_LOG QEMU_T0
	nb_cleanup_add qemu_stop
	nb_log "qemu started (pid $QEMU_PID, nics $nics/$model${pxe:+, pxe}${uefi:+, uefi $uefi}${netns:+, netns $netns}), log $log"
}

# qemu_wait_for LOG MARKER TIMEOUT_S - wait for a fixed-string MARKER line.
# Returns 0 when seen, 1 on timeout, 2 when qemu exited without it.
qemu_wait_for() {
	local log=$1 marker=$2 t=$3 i
	for (( i = 0; i < t * 5; i++ )); do
		if grep -qF -- "$marker" "$log" 2>/dev/null; then
			nb_log "seen '$marker' after $(nb_elapsed "${QEMU_T0:-0}") s"
			return 0
		fi
		if [[ -n "$QEMU_PID" ]] && ! kill -0 "$QEMU_PID" 2>/dev/null; then
			grep -qF -- "$marker" "$log" 2>/dev/null && return 0
			nb_log "qemu exited without '$marker' after $(nb_elapsed "${QEMU_T0:-0}") s"
			return 2
		fi
		sleep 0.2
	done
	nb_log "timeout: no '$marker' in $t s"
	return 1
}

# qemu_wait_exit TIMEOUT_S - wait for the guest to power off; 1 on timeout.
qemu_wait_exit() {
	local t=$1 i
	[[ -n "$QEMU_PID" ]] || return 0
	for (( i = 0; i < t * 10; i++ )); do
		if ! kill -0 "$QEMU_PID" 2>/dev/null; then
			wait "$QEMU_PID" 2>/dev/null || true
			nb_log "qemu exited after $(nb_elapsed "$QEMU_T0") s"
			QEMU_PID=
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# qemu_stop - kill the guest if it still runs (by PID).
qemu_stop() {
	[[ -n "$QEMU_PID" ]] || return 0
	nb_kill_pid "$QEMU_PID" qemu
	QEMU_PID=
}

# qemu_tail [N] - print the last N (40) console lines, for failure reports.
qemu_tail() {
	local n=${1:-40}
	echo "---- last $n lines of $QEMU_LOG" >&2
	tail -n "$n" "$QEMU_LOG" >&2 || true
	if [[ -s "$QEMU_LOG.qemu" ]]; then
		echo "---- qemu stderr" >&2
		tail -n 10 "$QEMU_LOG.qemu" >&2
	fi
}
