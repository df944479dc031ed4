/*
 * netconf.h - render /run/net-DEV.conf and /etc/resolv.conf from a lease.
 *
 * /run/net-DEV.conf has klibc ipconfig's keys, order and quoting (every value
 * in single quotes, one KEY='value' per line) because initramfs-tools,
 * casper and live-boot source it, and casper also picks values out of it
 * with sed.  Every value goes through shquote().  The values consumers later
 * use unquoted (HOSTNAME, DNSDOMAIN, NISDOMAIN, ROOTPATH, filename,
 * DOMAINSEARCH) must also pass a per-field allowlist; a value that fails it
 * is written empty, exactly what ipconfig writes when the server sent
 * nothing, and its bit is set in *dropped so the caller can log it.
 *
 * Pure: no I/O, no clock (uptime comes in).  Writing the file (atomically,
 * mode 0644) is the edge's job.
 */
#ifndef NETBOOT_NETCONF_H
#define NETBOOT_NETCONF_H

#include <stddef.h>
#include <stdint.h>

#include "lease.h"

/* A dst of this size always suffices for either renderer. */
#define NETCONF_SIZE_MAX 4096

/* Bits of *dropped: which fields failed their allowlist. */
enum netconf_drop {
	NETCONF_DROP_HOSTNAME     = 1u << 0,
	NETCONF_DROP_DNSDOMAIN    = 1u << 1,
	NETCONF_DROP_NISDOMAIN    = 1u << 2,
	NETCONF_DROP_ROOTPATH     = 1u << 3,
	NETCONF_DROP_FILENAME     = 1u << 4,
	NETCONF_DROP_DOMAINSEARCH = 1u << 5,
};
#define NETCONF_DROP_COUNT 6

/* "HOSTNAME", "DNSDOMAIN", ... for bit i (0..NETCONF_DROP_COUNT-1). */
extern const char *const netconf_drop_name[NETCONF_DROP_COUNT];

/*
 * Render /run/net-DEV.conf for dev (an interface name: [A-Za-z0-9._-], 1..15
 * bytes, else -EINVAL).  uptime_s is the UPTIME value (seconds since boot
 * when the lease was bound).  *dropped (may be NULL) receives the
 * NETCONF_DROP_* bits.  Returns the length written, -EINVAL, or -ENOBUFS;
 * dst and *dropped are written only on success.
 */
int netconf_render(const char *dev, const struct lease *l,
		   unsigned long uptime_s, char *dst, size_t dstsz,
		   unsigned *dropped);

/*
 * Render /etc/resolv.conf: up to three "nameserver" lines, then
 * "search" from the domain search list (option 119) if valid, else from the
 * domain name (option 15) if valid.  Same dropping rules and return values
 * as netconf_render (bits NETCONF_DROP_DNSDOMAIN / _DOMAINSEARCH).
 */
int resolvconf_render(const struct lease *l, char *dst, size_t dstsz,
		      unsigned *dropped);

/* The netmask ipconfig would use: the lease's, else the classful guess. */
uint32_t netconf_netmask(const struct lease *l);
/* The broadcast address: the lease's, else derived from address and mask. */
uint32_t netconf_broadcast(const struct lease *l);
/* ROOTSERVER: siaddr, else the server identifier; never the router. */
uint32_t netconf_rootserver(const struct lease *l);

/* Allowlists, exposed for the other writers and for tests.  1 = valid. */
int netconf_valid_ifname(const char *s);
int netconf_valid_hostname(const char *s);   /* RFC 1123, dotted, <= 253 */
int netconf_valid_search(const char *s);     /* space separated hostnames */
int netconf_valid_rootpath(const char *s);   /* [server:]/path[,opts] chars */
int netconf_valid_filename(const char *s);   /* a boot file path */

#endif
