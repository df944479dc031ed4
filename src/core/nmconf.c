/*
 * nmconf.c - the files that keep network managers off the boot NIC.
 *
 * Every file names the NIC by MAC where its format allows (NetworkManager,
 * networkd, netplan): the name may differ once the live root's udev rules
 * run, the MAC does not.  The interface name only reaches ifupdown's file,
 * after the same allowlist as /run/net-DEV.conf.  The NetworkManager snippet
 * appends (+=) to unmanaged-devices so the distribution's own list (Ubuntu
 * server's "*,except:type:wifi") survives.  The era is chosen by what
 * exists: a NetworkManager with conf.d is told per device; only one without
 * it is switched off whole, as the old workaround did.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "netconf.h"
#include "nmconf.h"
#include "text.h"

const struct nmconf_probe nmconf_probes[] = {
	{ NMCONF_HAVE_NM_CONFD, "etc/NetworkManager/conf.d" },
	{ NMCONF_HAVE_NM_CONFD, "usr/lib/NetworkManager/conf.d" },
	{ NMCONF_HAVE_NM, "usr/sbin/NetworkManager" },
	{ NMCONF_HAVE_SYSV_NM, "etc/init.d/NetworkManager" },
	{ NMCONF_HAVE_SYSV_NM_DEB, "etc/init.d/network-manager" },
	{ NMCONF_HAVE_UPSTART_NM, "etc/init/network-manager.conf" },
	{ NMCONF_HAVE_NETWORKD, "lib/systemd/systemd-networkd" },
	{ NMCONF_HAVE_NETWORKD, "usr/lib/systemd/systemd-networkd" },
	{ NMCONF_HAVE_NETPLAN, "usr/sbin/netplan" },
	{ NMCONF_HAVE_NETPLAN, "etc/netplan" },
	{ NMCONF_HAVE_CLOUD_INIT, "etc/cloud/cloud.cfg" },
	{ NMCONF_HAVE_CLOUD_INIT, "usr/bin/cloud-init" },
	{ NMCONF_HAVE_IFUPDOWN, "sbin/ifup" },
	{ NMCONF_HAVE_IFUPDOWN, "usr/sbin/ifup" },
};
const size_t nmconf_n_probes = sizeof(nmconf_probes) / sizeof(nmconf_probes[0]);

struct files {
	struct nmconf_file f[NMCONF_FILES_MAX];
	size_t n;
	int err;
};

static void add(struct files *fs, const char *path, unsigned mode,
		const char *what, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add(struct files *fs, const char *path, unsigned mode,
		const char *what, const char *fmt, ...)
{
	struct nmconf_file *f;
	va_list ap;
	int len;

	if (fs->err)
		return;
	if (fs->n == NMCONF_FILES_MAX) {
		fs->err = -ENOBUFS;
		return;
	}
	f = &fs->f[fs->n];
	va_start(ap, fmt);
	len = vsnprintf(f->content, sizeof(f->content), fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(f->content)) {
		fs->err = -ENOBUFS;
		return;
	}
	f->path = path;
	f->mode = mode;
	f->what = what;
	f->len = (size_t)len;
	fs->n++;
}

#define HEAD "# Written by netboot: the root file system is on NFS over %s (%s).\n"

static void render_nm(struct files *fs, const char *dev, const char *mac,
		      unsigned have)
{
	if (have & NMCONF_HAVE_NM_CONFD) {
		add(fs, "etc/NetworkManager/conf.d/99-netboot.conf", 0644,
		    "NetworkManager conf.d",
		    HEAD
		    "# NetworkManager must not touch this NIC; others stay managed.\n"
		    "[keyfile]\n"
		    "unmanaged-devices+=mac:%s\n", dev, mac, mac);
		return;
	}
	/* No conf.d: this NetworkManager cannot be told per device. */
	if (have & NMCONF_HAVE_SYSV_NM)
		add(fs, "etc/init.d/NetworkManager", 0755,
		    "NetworkManager sysvinit script",
		    "#!/bin/sh\n" HEAD
		    "# This NetworkManager would take the NIC: it stays off.\n"
		    "exit 0\n", dev, mac);
	if (have & NMCONF_HAVE_SYSV_NM_DEB)
		add(fs, "etc/init.d/network-manager", 0755,
		    "NetworkManager sysvinit script",
		    "#!/bin/sh\n" HEAD
		    "# This NetworkManager would take the NIC: it stays off.\n"
		    "exit 0\n", dev, mac);
	if (have & NMCONF_HAVE_UPSTART_NM)
		add(fs, "etc/init/network-manager.override", 0644,
		    "NetworkManager upstart job",
		    HEAD
		    "# This NetworkManager would take the NIC: it stays off.\n"
		    "manual\n", dev, mac);
}

int nmconf_render(const char *dev, const uint8_t mac[6], unsigned have,
		  struct nmconf_file *out, size_t outmax)
{
	struct files fs;
	char m[18];

	if (!dev || !mac || !out || !netconf_valid_ifname(dev))
		return -EINVAL;
	text_mac(mac, m);
	fs.n = 0;
	fs.err = 0;

	render_nm(&fs, dev, m, have);
	if (have & NMCONF_HAVE_NETWORKD)
		add(&fs, "etc/systemd/network/00-netboot.network", 0644,
		    "systemd-networkd",
		    HEAD
		    "# systemd-networkd must not touch this NIC.\n"
		    "[Match]\n"
		    "MACAddress=%s\n"
		    "\n"
		    "[Link]\n"
		    "Unmanaged=yes\n", dev, m, m);
	if (have & NMCONF_HAVE_NETPLAN)
		add(&fs, "etc/netplan/00-netboot.yaml", 0600, "netplan",
		    HEAD
		    "# Configured in the initramfs: keep its addresses, no DHCP.\n"
		    "network:\n"
		    "  version: 2\n"
		    "  ethernets:\n"
		    "    netboot0:\n"
		    "      match:\n"
		    "        macaddress: \"%s\"\n"
		    "      critical: true\n"
		    "      dhcp4: false\n"
		    "      dhcp6: false\n", dev, m, m);
	if (have & NMCONF_HAVE_CLOUD_INIT)
		add(&fs, "etc/cloud/cloud.cfg.d/99-netboot.cfg", 0644,
		    "cloud-init",
		    HEAD
		    "# cloud-init must not write network config that runs DHCP on it.\n"
		    "network: {config: disabled}\n", dev, m);
	if (have & NMCONF_HAVE_IFUPDOWN)
		add(&fs, "etc/network/interfaces", 0644, "ifupdown",
		    HEAD
		    "# \"manual\": ifup runs no DHCP on it and NetworkManager's\n"
		    "# ifupdown plugin leaves it alone.  No \"auto\": ifdown -a at\n"
		    "# shutdown must not take the link down under the root.\n"
		    "auto lo\n"
		    "iface lo inet loopback\n"
		    "\n"
		    "iface %s inet manual\n", dev, m, dev);

	if (fs.err)
		return fs.err;
	if (fs.n > outmax)
		return -ENOBUFS;
	memcpy(out, fs.f, fs.n * sizeof(fs.f[0]));
	return (int)fs.n;
}
