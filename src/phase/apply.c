/*
 * apply.c - turn a chosen lease into a configured interface and the files
 * other boot scripts read: the address, netmask, broadcast, MTU and default
 * route; /run/net-DEV.conf (klibc ipconfig's format, read by casper,
 * initramfs-tools, live-boot, LTSP and cloud-init); /etc/resolv.conf; and
 * netboot's own state in RUNDIR/net.state.  Rendering is core/netconf.c's;
 * this file only writes and logs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "file.h"
#include "link.h"
#include "log.h"
#include "net.h"
#include "netconf.h"
#include "shquote.h"

/* MTU bounds we apply: below 576 an IPv4 host may not go (RFC 791), above
 * 9216 no Ethernet jumbo frame goes.  Outside: ignored and logged. */
#define MTU_MIN 576
#define MTU_MAX 9216

void net_fmt_ip(uint32_t a, char *dst, size_t dstsz)
{
	snprintf(dst, dstsz, "%u.%u.%u.%u", a >> 24, a >> 16 & 255, a >> 8 & 255,
		 a & 255);
}

void net_fmt_mac(const uint8_t m[6], char *dst, size_t dstsz)
{
	snprintf(dst, dstsz, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
}

static void log_drops(const char *what, unsigned dropped)
{
	unsigned i;

	for (i = 0; i < NETCONF_DROP_COUNT; i++)
		if (dropped & (1u << i))
			log_info("%s: ignored the server's %s: it has characters a boot script could misread",
				 what, netconf_drop_name[i]);
}

static int write_state(const struct net_paths *p, const char *dev,
		       const uint8_t mac[6], const char *reason,
		       const struct lease *l)
{
	char buf[2048], q1[64], q2[600], q3[64], q4[600], ip[16], srv[16], si[16], sid[16];
	int n;

	net_fmt_mac(mac, q3, sizeof(q3));
	net_fmt_ip(l->yiaddr, ip, sizeof(ip));
	net_fmt_ip(netconf_rootserver(l), srv, sizeof(srv));
	net_fmt_ip(l->siaddr, si, sizeof(si));
	net_fmt_ip(l->server_id, sid, sizeof(sid));
	if (shquote(dev, q1, sizeof(q1)) < 0 || shquote(reason, q2, sizeof(q2)) < 0)
		return -EINVAL;
	/* root-path only when its allowlist passes, as in net-DEV.conf */
	if (!netconf_valid_rootpath(l->root_path) || shquote(l->root_path, q4, sizeof(q4)) < 0)
		memcpy(q4, "''", 3);
	n = snprintf(buf, sizeof(buf),
		     "DEVICE=%s\nMAC='%s'\nREASON=%s\nADDRESS='%s'\nROOTSERVER='%s'\n"
		     "SIADDR='%s'\nSERVERID='%s'\nROOTPATH=%s\n"
		     "PROTO='%s'\nRAPID_COMMIT='%d'\nBOUND_MS='%lu'\n",
		     q1, q3, q2, ip, srv, si, sid, q4, l->is_static ? "none" : "dhcp",
		     l->rapid_commit ? 1 : 0, log_elapsed_ms());
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -ENOBUFS;
	return file_write_atomic(p->state, buf, (size_t)n, 0644, 1);
}

int net_apply(const struct net_paths *p, const char *dev, const uint8_t mac[6],
	      const char *reason, const struct lease *l, unsigned long uptime_s)
{
	char buf[NETCONF_SIZE_MAX], path[600], a[16], m[16], g[16];
	uint32_t mask = netconf_netmask(l);
	unsigned dropped = 0;
	int n, e;

	net_fmt_ip(l->yiaddr, a, sizeof(a));
	net_fmt_ip(mask, m, sizeof(m));
	e = link_set_addr(dev, l->yiaddr, mask, netconf_broadcast(l));
	if (e) {
		log_error("unable to set address %s/%s on %s: %s", a, m, dev, strerror(-e));
		return e;
	}
	if (l->mtu) {
		if (l->mtu < MTU_MIN || l->mtu > MTU_MAX)
			log_info("%s: ignored the server's MTU %u (outside %u..%u)", dev,
				 l->mtu, MTU_MIN, MTU_MAX);
		else if ((e = link_set_mtu(dev, l->mtu)))
			log_info("%s: unable to set MTU %u: %s", dev, l->mtu, strerror(-e));
	}
	if (l->router) {
		net_fmt_ip(l->router, g, sizeof(g));
		e = link_add_default_route(dev, l->router);
		if (e)
			log_info("%s: unable to add the default route via %s: %s (the NFS server may still be on-link)",
				 dev, g, strerror(-e));
	}

	n = netconf_render(dev, l, uptime_s, buf, sizeof(buf), &dropped);
	if (n < 0) {
		log_error("unable to render net-%s.conf: %s", dev, strerror(-n));
		return n;
	}
	log_drops(dev, dropped);
	snprintf(path, sizeof(path), "%s/net-%s.conf", p->confdir, dev);
	e = file_write_atomic(path, buf, (size_t)n, 0644, 1);
	if (e) {
		log_error("unable to write %s: %s", path, strerror(-e));
		return e;
	}
	dropped = 0;
	n = resolvconf_render(l, buf, sizeof(buf), &dropped);
	if (n > 0) {
		e = file_write_atomic(p->resolv, buf, (size_t)n, 0644, 1);
		if (e)
			log_info("unable to write %s: %s", p->resolv, strerror(-e));
	}
	e = write_state(p, dev, mac, reason, l);
	if (e)
		log_info("unable to write %s: %s", p->state, strerror(-e));
	log_info("%s: %s/%s%s%s, lease %s%s", dev, a, m, l->router ? " via " : "",
		 l->router ? g : "", l->is_static ? "static (ip=)" : "from DHCP",
		 l->rapid_commit ? " (rapid commit)" : "");
	return 0;
}
