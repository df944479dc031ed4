/*
 * nmconf.h - the files that keep network managers off the boot NIC.
 *
 * Once / is on NFS, anything that re-runs DHCP on the boot NIC, flushes its
 * addresses or takes the link down at shutdown hangs the machine.  This
 * module renders, for the live root, one file per network stack present, as
 * (path relative to the overlay root, mode, content):
 *
 *   NetworkManager >= 0.9.10 (has conf.d)  conf.d/99-netboot.conf,
 *        [keyfile] unmanaged-devices+=mac:..: the boot NIC only, Wi-Fi and
 *        other NICs stay managed;
 *   NetworkManager without conf.d (the 0.8/0.9 era): the old workaround,
 *        the sysvinit script /etc/init.d/NetworkManager (or
 *        network-manager) replaced by "exit 0", and the upstart job disabled
 *        with /etc/init/network-manager.override "manual";
 *   systemd-networkd  /etc/systemd/network/00-netboot.network, matched by
 *        MAC, [Link] Unmanaged=yes; sorts before netplan's 10-netplan-*;
 *   netplan           /etc/netplan/00-netboot.yaml: the NIC by MAC,
 *        critical (networkd keeps its addresses), no DHCP;
 *   cloud-init        /etc/cloud/cloud.cfg.d/99-netboot.cfg,
 *        network: {config: disabled}, so it writes no netplan/ifupdown
 *        config that runs DHCP on the NIC;
 *   ifupdown          /etc/network/interfaces: lo, and "iface DEV inet
 *        manual" without "auto" (ifdown -a at shutdown leaves it up).
 *
 * Pure: the caller says what exists in the live root (nmconf_probes[] lists
 * the paths to test) and writes the files (mode, atomically, parents made).
 */
#ifndef NETBOOT_NMCONF_H
#define NETBOOT_NMCONF_H

#include <stddef.h>
#include <stdint.h>

/* What the live root has: bits of the "have" argument. */
#define NMCONF_HAVE_NM_CONFD    0x001u /* NetworkManager with conf.d */
#define NMCONF_HAVE_NM          0x002u /* NetworkManager, any version */
#define NMCONF_HAVE_SYSV_NM     0x004u /* /etc/init.d/NetworkManager */
#define NMCONF_HAVE_SYSV_NM_DEB 0x008u /* /etc/init.d/network-manager */
#define NMCONF_HAVE_UPSTART_NM  0x010u /* /etc/init/network-manager.conf */
#define NMCONF_HAVE_NETWORKD    0x020u
#define NMCONF_HAVE_NETPLAN     0x040u
#define NMCONF_HAVE_CLOUD_INIT  0x080u
#define NMCONF_HAVE_IFUPDOWN    0x100u

/* A path (relative to the live root) whose existence sets a bit. */
struct nmconf_probe {
	unsigned bit;
	const char *path;
};
extern const struct nmconf_probe nmconf_probes[];
extern const size_t nmconf_n_probes;

#define NMCONF_FILES_MAX   8
#define NMCONF_CONTENT_MAX 1024

struct nmconf_file {
	const char *path;  /* relative to the root, e.g. "etc/netplan/.." */
	unsigned mode;     /* 0644, 0600 (netplan), 0755 (init script) */
	const char *what;  /* static, for the log: "NetworkManager conf.d" */
	char content[NMCONF_CONTENT_MAX];
	size_t len;
};

/*
 * Render the files for boot NIC dev (a valid interface name) with MAC mac,
 * given the NMCONF_HAVE_* bits.  Returns the number of files written to
 * out[0..], or -EINVAL (bad name, NULL) / -ENOBUFS (outmax too small).
 * out is written only on success.
 */
int nmconf_render(const char *dev, const uint8_t mac[6], unsigned have,
		  struct nmconf_file *out, size_t outmax);

#endif
