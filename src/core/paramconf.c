/*
 * paramconf.c - render /conf/param.conf's lines and net.state (see
 * paramconf.h).  Values are single-quoted by shquote(); nothing here
 * reads a file or decides what the values are.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "netconf.h"
#include "paramconf.h"
#include "shquote.h"
#include "text.h"

/* dst += s, or -ENOBUFS */
static int put(char *dst, size_t dstsz, size_t *o, const char *s)
{
	size_t n = strlen(s);

	if (n >= dstsz - *o)
		return -ENOBUFS;
	memcpy(dst + *o, s, n + 1);
	*o += n;
	return 0;
}

/* dst += KEY='value'\n (and export KEY\n) */
static int put_var(char *dst, size_t dstsz, size_t *o, const char *key, const char *val,
		   int export)
{
	int q, e;

	e = put(dst, dstsz, o, key);
	if (!e)
		e = put(dst, dstsz, o, "=");
	if (e)
		return e;
	q = shquote(val, dst + *o, dstsz - *o);
	if (q < 0)
		return q;
	*o += (size_t)q;
	e = put(dst, dstsz, o, "\n");
	if (!e && export) {
		e = put(dst, dstsz, o, "export ");
		if (!e)
			e = put(dst, dstsz, o, key);
		if (!e)
			e = put(dst, dstsz, o, "\n");
	}
	return e;
}

/* Is the word w (n bytes) one live-boot must not see after netboot
 * fetched the image: its own fetch keys and the method? */
static bool fetch_word(const char *w, size_t n)
{
	static const char *const keys[] = { "fetch=", "httpfs=", "ftpfs=", "netboot=", "NETBOOT=" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		size_t k = strlen(keys[i]);

		if (n >= k && !memcmp(w, keys[i], k))
			return true;
	}
	return false;
}

/* LIVE_BOOT_CMDLINE='live-netdev=DEV CMDLINE', or a negative errno */
static int put_live_cmdline(char *dst, size_t dstsz, size_t *o, const struct paramconf *p)
{
	static char line[CMDLINE_MAX + 64];
	size_t len = strlen(p->cmdline), l, i = 0;

	while (len && (p->cmdline[len - 1] == '\n' || p->cmdline[len - 1] == ' '))
		len--;
	if (len > CMDLINE_MAX)
		return -ENOBUFS;
	if (!p->fetched) {
		if ((size_t)snprintf(line, sizeof(line), "live-netdev=%s %.*s", p->dev, (int)len,
				     p->cmdline) >= sizeof(line))
			return -ENOBUFS;
		return put_var(dst, dstsz, o, "LIVE_BOOT_CMDLINE", line, 0);
	}
	l = (size_t)snprintf(line, sizeof(line), "live-netdev=%s", p->dev);
	if (l >= sizeof(line))
		return -ENOBUFS;
	/* word by word (blanks as live-boot's "for x in $CMDLINE" splits) */
	while (i < len) {
		size_t s = i, n;

		while (i < len && p->cmdline[i] != ' ')
			i++;
		n = i - s;
		while (i < len && p->cmdline[i] == ' ')
			i++;
		if (!n || fetch_word(p->cmdline + s, n))
			continue;
		if (l + 1 + n >= sizeof(line))
			return -ENOBUFS;
		line[l++] = ' ';
		memcpy(line + l, p->cmdline + s, n);
		l += n;
	}
	if (l + 13 >= sizeof(line))
		return -ENOBUFS;
	memcpy(line + l, " netboot=nfs", 13);
	return put_var(dst, dstsz, o, "LIVE_BOOT_CMDLINE", line, 0);
}

int paramconf_render(const struct paramconf *p, char *dst, size_t dstsz)
{
	static char out[PARAMCONF_SIZE_MAX];
	char path[1200];
	bool live = false;
	size_t o = 0;
	int e;

	if (!p->dev || !p->nfsroot || !p->media || !p->shim || !dstsz)
		return -EINVAL;
	if ((size_t)snprintf(path, sizeof(path), "%s:/usr/sbin:/usr/bin:/sbin:/bin", p->shim) >=
	    sizeof(path))
		return -ENOBUFS;
	e = put(out, sizeof(out), &o,
		"# netboot: the boot NIC, the export, and the shims that hand\n"
		"# netboot's mount to casper / live-boot\n");
	if (e)
		return e;
	/*
	 * live-boot's Select_eth_device, given DEVICE=, probes it with
	 * "sleep 1" and five more one-second rounds: its fast path is
	 * live-netdev=, through LIVE_BOOT_CMDLINE (read instead of
	 * /proc/cmdline when set); live-boot then writes DEVICE itself.
	 */
	if (p->boot == CMDLINE_BOOT_LIVE && p->cmdline) {
		size_t keep = o;

		live = put_live_cmdline(out, sizeof(out), &o, p) == 0;
		if (!live) {
			o = keep;
			out[o] = '\0';
		}
	}
	if (!live) {
		e = put_var(out, sizeof(out), &o, "DEVICE", p->dev, 1);
		/* casper before 1.4xx reads $NETBOOT, which only Ubuntu's
		 * own /init sets from netboot=: say it here for any /init */
		if (!e && p->boot == CMDLINE_BOOT_CASPER)
			e = put_var(out, sizeof(out), &o, "NETBOOT", "nfs", 1);
		if (e)
			return e;
	}
	e = put_var(out, sizeof(out), &o, "NFSROOT", p->nfsroot, 1);
	if (!e)
		e = put_var(out, sizeof(out), &o, "NETBOOT_MEDIA", p->media, 1);
	if (!e)
		e = put_var(out, sizeof(out), &o, "PATH", path, 1);
	if (e)
		return e;
	if (o >= dstsz)
		return -ENOBUFS;
	memcpy(dst, out, o + 1);
	return (int)o;
}

int netstate_render(const char *dev, const uint8_t mac[6], const char *reason,
		    const struct lease *l, unsigned long bound_ms, char *dst,
		    size_t dstsz)
{
	char buf[2048], m[TEXT_MAC_SIZE], ip[TEXT_IPV4_SIZE], num[24];
	size_t o = 0;
	int e;

	if (!dev || !reason || !dstsz)
		return -EINVAL;
	e = put_var(buf, sizeof(buf), &o, "DEVICE", dev, 0);
	if (!e)
		e = put_var(buf, sizeof(buf), &o, "MAC", text_mac(mac, m), 0);
	if (!e)
		e = put_var(buf, sizeof(buf), &o, "REASON", reason, 0);
	if (!e)
		e = put_var(buf, sizeof(buf), &o, "ADDRESS", text_ipv4(l->yiaddr, ip), 0);
	if (!e)
		e = put_var(buf, sizeof(buf), &o, "ROOTSERVER",
			    text_ipv4(netconf_rootserver(l), ip), 0);
	if (!e)
		e = put_var(buf, sizeof(buf), &o, "SIADDR", text_ipv4(l->siaddr, ip), 0);
	if (!e)
		e = put_var(buf, sizeof(buf), &o, "SERVERID", text_ipv4(l->server_id, ip), 0);
	/* root-path only when its allowlist passes, as in net-DEV.conf */
	if (!e)
		e = put_var(buf, sizeof(buf), &o, "ROOTPATH",
			    netconf_valid_rootpath(l->root_path) ? l->root_path : "", 0);
	if (!e)
		e = put_var(buf, sizeof(buf), &o, "PROTO", l->is_static ? "none" : "dhcp", 0);
	/* the DNS servers: names in nfsroot= and url= are resolved through them */
	for (unsigned i = 0; !e && i < LEASE_DNS_MAX; i++) {
		char key[5] = { 'D', 'N', 'S', (char)('0' + i), 0 };

		e = put_var(buf, sizeof(buf), &o, key,
			    text_ipv4(i < l->n_dns ? l->dns[i] : 0, ip), 0);
	}
	if (!e)
		e = put_var(buf, sizeof(buf), &o, "RAPID_COMMIT", l->rapid_commit ? "1" : "0", 0);
	snprintf(num, sizeof(num), "%lu", bound_ms);
	if (!e)
		e = put_var(buf, sizeof(buf), &o, "BOUND_MS", num, 0);
	if (e)
		return e;
	if (o >= dstsz)
		return -ENOBUFS;
	memcpy(dst, buf, o + 1);
	return (int)o;
}
