/*
 * netconf.c - render /run/net-DEV.conf and /etc/resolv.conf from a lease.
 *
 * The key set and order follow klibc ipconfig's dump_device_config(): every
 * key is always present, absent addresses read 0.0.0.0, absent strings ''.
 * Scripts test "$IPV4DNS0" != 0.0.0.0 and -n "$HOSTNAME", so an allowlist
 * failure is written as '' (what they already handle) rather than omitting
 * the key, which would leave a value inherited from the environment.
 * Everything is built in a local buffer and copied out only when complete.
 * Leaves file writing, and deciding what the lease is, to others.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "netconf.h"
#include "shquote.h"
#include "text.h"

const char *const netconf_drop_name[NETCONF_DROP_COUNT] = {
	"HOSTNAME", "DNSDOMAIN", "NISDOMAIN", "ROOTPATH", "filename",
	"DOMAINSEARCH",
};

/* ---- allowlists -------------------------------------------------------- */

static int is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static int all_in(const char *s, const char *extra)
{
	for (; *s; s++)
		if (!is_alnum((unsigned char)*s) && !strchr(extra, *s))
			return 0;
	return 1;
}

int netconf_valid_ifname(const char *s)
{
	size_t n = strlen(s);

	/* IFNAMSIZ is 16 with the NUL; "." and ".." are not names. */
	if (n == 0 || n > 15 || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	return all_in(s, "._-");
}

/* One RFC 1123 label of n bytes: letters, digits, inner hyphens. */
static int valid_label(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!is_alnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return 1;
}

/* A dotted host or domain name of exactly n bytes. */
static int valid_name(const char *s, size_t n)
{
	size_t start = 0, i;

	if (n == 0 || n > 253)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (!valid_label(s + start, i - start))
				return 0;
			start = i + 1;
		}
	}
	return 1;
}

int netconf_valid_hostname(const char *s)
{
	return valid_name(s, strlen(s));
}

int netconf_valid_search(const char *s)
{
	const char *sp;

	if (!*s)
		return 0;
	for (;;) {
		sp = strchr(s, ' ');
		if (!valid_name(s, sp ? (size_t)(sp - s) : strlen(s)))
			return 0;
		if (!sp)
			return 1;
		s = sp + 1;
	}
}

/*
 * NFSROOT=${ROOTPATH} is word-split and handed to nfsmount, so: no blanks,
 * no shell metacharacters, and no leading '-' (it would read as an option).
 * '[' and ']' for IPv6 servers.
 */
int netconf_valid_rootpath(const char *s)
{
	return *s && *s != '-' && all_in(s, "._/:,=@+%-[]");
}

int netconf_valid_filename(const char *s)
{
	return *s && *s != '-' && all_in(s, "._/:,=@+%-");
}

/* ---- addresses --------------------------------------------------------- */

uint32_t netconf_netmask(const struct lease *l)
{
	uint32_t a = l->yiaddr;

	if (l->netmask)
		return l->netmask;
	if ((a & 0x80000000u) == 0)
		return 0xff000000u;           /* class A */
	if ((a & 0xc0000000u) == 0x80000000u)
		return 0xffff0000u;           /* class B */
	if ((a & 0xe0000000u) == 0xc0000000u)
		return 0xffffff00u;           /* class C */
	return 0;
}

uint32_t netconf_broadcast(const struct lease *l)
{
	uint32_t m;

	if (l->broadcast)
		return l->broadcast;
	if (!l->yiaddr)
		return 0;
	m = netconf_netmask(l);
	return (l->yiaddr & m) | ~m;
}

uint32_t netconf_rootserver(const struct lease *l)
{
	return l->siaddr ? l->siaddr : l->server_id;
}


/* ---- output builder ---------------------------------------------------- */

struct out {
	char buf[NETCONF_SIZE_MAX];
	size_t len;
	int err;
};

static void put(struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->err)
		return;
	if (n >= sizeof(o->buf) - o->len) {
		o->err = -ENOBUFS;
		return;
	}
	memcpy(o->buf + o->len, s, n + 1);
	o->len += n;
}

/* KEY='value'\n */
static void put_kv(struct out *o, const char *key, const char *val)
{
	int r;

	put(o, key);
	put(o, "=");
	if (o->err)
		return;
	r = shquote(val, o->buf + o->len, sizeof(o->buf) - o->len);
	if (r < 0) {
		o->err = r;
		return;
	}
	o->len += (size_t)r;
	put(o, "\n");
}

static void put_kv_ip(struct out *o, const char *key, uint32_t a)
{
	char ip[16];

	text_ipv4(a, ip);
	put_kv(o, key, ip);
}

/* The value if it passes, else "" and the bit in *dropped. */
static const char *checked(const char *v, int (*ok)(const char *),
			   unsigned bit, unsigned *dropped)
{
	if (!*v || ok(v))
		return v;
	*dropped |= bit;
	return "";
}

static int finish(const struct out *o, char *dst, size_t dstsz,
		  unsigned drop, unsigned *dropped)
{
	if (o->err)
		return o->err;
	if (o->len >= dstsz)
		return -ENOBUFS;
	memcpy(dst, o->buf, o->len + 1);
	if (dropped)
		*dropped = drop;
	return (int)o->len;
}

/* ---- renderers --------------------------------------------------------- */

int netconf_render(const char *dev, const struct lease *l,
		   unsigned long uptime_s, char *dst, size_t dstsz,
		   unsigned *dropped)
{
	struct out o;
	unsigned drop = 0;
	char num[24];

	if (!dev || !l || !dst || !netconf_valid_ifname(dev))
		return -EINVAL;
	o.len = 0;
	o.err = 0;
	o.buf[0] = '\0';

	put_kv(&o, "DEVICE", dev);
	put_kv(&o, "PROTO", l->is_static ? "none" : "dhcp");
	put_kv_ip(&o, "IPV4ADDR", l->yiaddr);
	put_kv_ip(&o, "IPV4BROADCAST", netconf_broadcast(l));
	put_kv_ip(&o, "IPV4NETMASK", netconf_netmask(l));
	put_kv_ip(&o, "IPV4GATEWAY", l->router);
	put_kv_ip(&o, "IPV4DNS0", l->n_dns > 0 ? l->dns[0] : 0);
	put_kv_ip(&o, "IPV4DNS1", l->n_dns > 1 ? l->dns[1] : 0);
	put_kv(&o, "HOSTNAME", checked(l->hostname, netconf_valid_hostname,
				       NETCONF_DROP_HOSTNAME, &drop));
	put_kv(&o, "DNSDOMAIN", checked(l->domain, netconf_valid_hostname,
					NETCONF_DROP_DNSDOMAIN, &drop));
	put_kv(&o, "NISDOMAIN", checked(l->nisdomain, netconf_valid_hostname,
					NETCONF_DROP_NISDOMAIN, &drop));
	put_kv_ip(&o, "ROOTSERVER", netconf_rootserver(l));
	put_kv(&o, "ROOTPATH", checked(l->root_path, netconf_valid_rootpath,
				       NETCONF_DROP_ROOTPATH, &drop));
	put_kv(&o, "filename", checked(l->bootfile, netconf_valid_filename,
				       NETCONF_DROP_FILENAME, &drop));
	snprintf(num, sizeof(num), "%lu", uptime_s);
	put_kv(&o, "UPTIME", num);
	snprintf(num, sizeof(num), "%lu", (unsigned long)l->lease_time);
	put_kv(&o, "DHCPLEASETIME", num);
	put_kv(&o, "DOMAINSEARCH",
	       checked(l->domain_search, netconf_valid_search,
		       NETCONF_DROP_DOMAINSEARCH, &drop));
	return finish(&o, dst, dstsz, drop, dropped);
}

int resolvconf_render(const struct lease *l, char *dst, size_t dstsz,
		      unsigned *dropped)
{
	struct out o;
	unsigned drop = 0, i;
	const char *search;
	char ip[16];

	if (!l || !dst)
		return -EINVAL;
	o.len = 0;
	o.err = 0;
	o.buf[0] = '\0';

	put(&o, "# written by netboot from the DHCP lease\n");
	/* resolv.conf(5): at most MAXNS (3) nameservers are used. */
	for (i = 0; i < l->n_dns && i < LEASE_DNS_MAX; i++) {
		if (!l->dns[i])
			continue;
		text_ipv4(l->dns[i], ip);
		put(&o, "nameserver ");
		put(&o, ip);
		put(&o, "\n");
	}
	search = checked(l->domain_search, netconf_valid_search,
			 NETCONF_DROP_DOMAINSEARCH, &drop);
	if (!*search)
		search = checked(l->domain, netconf_valid_hostname,
				 NETCONF_DROP_DNSDOMAIN, &drop);
	if (*search) {
		put(&o, "search ");
		put(&o, search);
		put(&o, "\n");
	}
	return finish(&o, dst, dstsz, drop, dropped);
}
