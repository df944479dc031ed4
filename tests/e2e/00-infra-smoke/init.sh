#!/bin/sh
# /init of the infra smoke initrd (tests/e2e/00-infra-smoke): busybox only.
# Loads the modules listed in /etc/modules.load, picks the NIC (the one
# named by BOOTIF=, else the second), leases it with busybox udhcpc (the
# product has its own client; this is only to prove the infrastructure),
# mounts smoke.server:smoke.path over NFS with smoke.opts, loop-mounts
# casper/filesystem.squashfs, stacks a tmpfs overlay and switch_roots.
# Any failure prints "SMOKE: FAIL <reason>" and powers off.
PATH=/sbin:/bin:/usr/sbin:/usr/bin
export PATH

fail() {
	echo "SMOKE: FAIL $*"
	sync
	poweroff -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "SMOKE: initrd started, uptime $(cut -d' ' -f1 /proc/uptime)"

server=10.0.2.2
path=/export
opts=ro,vers=4.2
bootif=
read -r cmdline </proc/cmdline
for arg in $cmdline; do
	case $arg in
	smoke.server=*) server=${arg#*=} ;;
	smoke.path=*) path=${arg#*=} ;;
	smoke.opts=*) opts=${arg#*=} ;;
	smoke.nics=*) nics=${arg#*=} ;;
	BOOTIF=*) bootif=${arg#BOOTIF=} ;;
	esac
done

while read -r m; do
	insmod "$m" || fail "insmod $m"
done </etc/modules.load

ip link set lo up
# NICs show up asynchronously after the driver loads: wait (5 s at most)
# for the smoke.nics-th one.
i=0
while [ ! -e "/sys/class/net/eth$((nics - 1))" ] && [ $i -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
iface=
if [ -n "$bootif" ]; then
	mac=$(echo "${bootif#01-}" | tr - :)
	for d in /sys/class/net/*; do
		[ "$(cat "$d/address")" = "$mac" ] && iface=${d##*/}
	done
	echo "SMOKE: BOOTIF $bootif is $iface"
fi
if [ -z "$iface" ]; then
	if [ -e /sys/class/net/eth1 ]; then iface=eth1; else iface=eth0; fi
fi
echo "SMOKE: NICs:" /sys/class/net/* "using $iface"

ip link set "$iface" up
udhcpc -i "$iface" -n -q -t 10 -T 1 -s /bin/udhcpc.script ||
	fail "udhcpc on $iface"
echo "SMOKE: lease: $(ip -4 -o addr show dev "$iface")"

mkdir -p /cdrom /rofs /cow /root
t0=$(cut -d' ' -f1 /proc/uptime)
mount -t nfs -o "$opts,addr=$server" "$server:$path" /cdrom ||
	fail "mount -t nfs -o $opts $server:$path"
echo "SMOKE: nfs mounted ($opts) at uptime $t0 .. $(cut -d' ' -f1 /proc/uptime)"
img=/cdrom/casper/filesystem.squashfs
[ -f "$img" ] || fail "no $img"
mount -t squashfs -o ro,loop "$img" /rofs || fail "loop mount $img"
mount -t tmpfs -o mode=0755 tmpfs /cow || fail "tmpfs"
mkdir -p /cow/upper /cow/work
mount -t overlay -o lowerdir=/rofs,upperdir=/cow/upper,workdir=/cow/work \
	overlay /root || fail "overlay"
mkdir -p /root/var/log /root/cdrom
{
	echo "smoke: iface=$iface bootif=$bootif opts=$opts"
	echo "smoke: switch_root at uptime $(cut -d' ' -f1 /proc/uptime)"
} >/root/var/log/netboot.log
mount --move /cdrom /root/cdrom
mount --move /dev /root/dev
umount /proc /sys
echo "SMOKE: switch_root"
exec switch_root /root /sbin/init
