/*
 * apply.c - turn a chosen lease into a configured interface and the files
 * other boot scripts read: the address, netmask, broadcast, MTU and default
 * route; /run/net-DEV.conf (klibc ipconfig's format, read by casper,
 * initramfs-tools, live-boot, LTSP and cloud-init); /etc/resolv.conf; and
 * netboot's own state in RUNDIR/net.state.  Rendering is core/netconf.c's
 * and core/paramconf.c's; this file only writes and logs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "file.h"
#include "link.h"
#include "log.h"
#include "net.h"
#include "netconf.h"
#include "paramconf.h"
#include "text.h"

static void log_drops(const char *what, unsigned dropped)
{
	unsigned i;

	for (i = 0; i < NETCONF_DROP_COUNT; i++)
		if (dropped & (1u << i))
			log_info("%s: ignored the server's %s: it has characters a boot script could misread",
				 what, netconf_drop_name[i]);
}

/* net.state (core/paramconf.c renders it) */
static int write_state(const struct net_paths *p, const char *dev,
		       const uint8_t mac[6], const char *reason,
		       const struct lease *l)
{
	char buf[2048];
	int n = netstate_render(dev, mac, reason, l, log_elapsed_ms(), buf, sizeof(buf));

	if (n < 0)
		return n;
	return file_write_atomic(p->state, buf, (size_t)n, 0644, 1);
}

int net_apply(const struct net_paths *p, const char *dev, const uint8_t mac[6],
	      const char *reason, const struct lease *l, unsigned long uptime_s)
{
	char buf[NETCONF_SIZE_MAX], path[600], a[TEXT_IPV4_SIZE], m[TEXT_IPV4_SIZE], g[TEXT_IPV4_SIZE];
	uint32_t mask = netconf_netmask(l);
	unsigned dropped = 0;
	int n, e;

	text_ipv4(l->yiaddr, a);
	text_ipv4(mask, m);
	e = link_set_addr(dev, l->yiaddr, mask, netconf_broadcast(l));
	if (e) {
		log_error("unable to set address %s/%s on %s: %s", a, m, dev, strerror(-e));
		return e;
	}
	/* the core took only LEASE_MTU_MIN..LEASE_MTU_MAX (lease.h) */
	if (l->mtu && (e = link_set_mtu(dev, l->mtu)))
		log_info("%s: unable to set MTU %u: %s", dev, l->mtu, strerror(-e));
	if (l->router) {
		text_ipv4(l->router, g);
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
