/*
 * cmdline.c - parse the kernel command line for netboot.
 *
 * Words are split as the kernel's next_arg() does: blanks separate words, a
 * '"' toggles quoting, and a value written key="a b" loses its quotes.  A
 * lone "--" ends the kernel's parameters (what follows is init's argv), so
 * nothing after it is read.  Keys netboot does not know are ignored; keys it
 * knows are validated, and a bad value is an error naming the key and the
 * problem, never a guess.  A repeated key: the last one wins.  The legacy
 * upper-case NETBOOT= / NFSROOT= / NFSOPTS= (Gutsy era, with root=/dev/nfs)
 * are accepted with a warning; the lower-case key wins when both appear.
 *
 * Pure: no I/O.  Interface selection, DHCP and mounting are done elsewhere
 * from the struct this fills.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "http.h"
#include "sums.h"
#include "text.h"

const char *const cmdline_boot_name[] = {
	[CMDLINE_BOOT_NONE] = "none",
	[CMDLINE_BOOT_CASPER] = "casper",
	[CMDLINE_BOOT_LIVE] = "live",
	[CMDLINE_BOOT_OTHER] = "other",
};

const char *const cmdline_method_name[] = {
	[CMDLINE_METHOD_NONE] = "none",
	[CMDLINE_METHOD_NFS] = "nfs",
	[CMDLINE_METHOD_HTTP] = "http",
};

const char *const cmdline_nfsroot_name[] = {
	[CMDLINE_NFSROOT_DHCP] = "dhcp",
	[CMDLINE_NFSROOT_PATH] = "path",
	[CMDLINE_NFSROOT_FULL] = "cmdline",
};

const char *const cmdline_dio_name[] = {
	[CMDLINE_DIO_AUTO] = "auto",
	[CMDLINE_DIO_ON] = "on",
	[CMDLINE_DIO_OFF] = "off",
};

const char *const cmdline_ip_name[] = {
	[CMDLINE_IP_UNSET] = "unset",
	[CMDLINE_IP_DHCP] = "dhcp",
	[CMDLINE_IP_OFF] = "off",
	[CMDLINE_IP_STATIC] = "static",
};

#define WORD_MAX CMDLINE_MAX

/* Parse state: the result, the error buffer, and which legacy keys were
 * overridden by their lower-case form. */
struct pstate {
	struct cmdline *c;
	char *err;
	size_t errsz;
	bool lc_netboot, lc_nfsroot, lc_nfsopts;
	bool fetch; /* live-boot's fetch= seen */
	const char *urls_key; /* "url" or "fetch": the last one seen, or NULL */
	bool urls_long;
	char nfsroot_opts[CMDLINE_OPTS_MAX + 1];
	char nfsopts[CMDLINE_OPTS_MAX + 1];
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int fail(struct pstate *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->err && ps->errsz) {
		va_start(ap, fmt);
		vsnprintf(ps->err, ps->errsz, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void warn(struct pstate *ps, const char *fmt, ...)
{
	va_list ap;
	struct cmdline *c = ps->c;

	if (c->n_warn >= CMDLINE_WARN_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(c->warn[c->n_warn], sizeof(c->warn[0]), fmt, ap);
	va_end(ap);
	c->n_warn++;
}

/* Copy a value, refusing overlong ones with an error naming the key. */
static int copy_val(struct pstate *ps, const char *key, const char *val,
		    char *dst, size_t dstsz)
{
	size_t n = strlen(val);

	if (n >= dstsz)
		return fail(ps, "%s: value is %zu bytes long, at most %zu are accepted",
			    key, n, dstsz - 1);
	memcpy(dst, val, n + 1);
	return 0;
}

static bool has_ctl(const char *s)
{
	return text_has_ctl(s, strlen(s));
}

/* Parse up to max octets "xx<sep>xx..." with one separator kind (':' or '-').
 * Returns the number of octets, or -EINVAL. */
static int parse_octets(const char *s, uint8_t *out, int max)
{
	char sep = 0;
	int n = 0;

	for (;;) {
		int hi, lo;

		if (n == max)
			return -EINVAL;
		hi = text_hexval(s[0]);
		lo = hi < 0 ? -1 : text_hexval(s[1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
		if (*s == '\0')
			return n;
		if (*s != ':' && *s != '-')
			return -EINVAL;
		if (sep && *s != sep)
			return -EINVAL;
		sep = *s++;
	}
}

int cmdline_parse_mac(const char *s, uint8_t mac[6])
{
	uint8_t o[6];

	if (parse_octets(s, o, 6) != 6)
		return -EINVAL;
	memcpy(mac, o, 6);
	return 0;
}

int cmdline_parse_ipv4(const char *s, uint32_t *addr)
{
	return text_parse_ipv4(s, strlen(s), addr);
}

/* Decimal seconds within [1, 86400]. */
static int parse_secs(struct pstate *ps, const char *key, const char *val,
		      unsigned *out)
{
	unsigned v = 0;
	const char *p = val;

	if (!*p)
		return fail(ps, "%s: empty value, expected a number of seconds", key);
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return fail(ps, "%s=%s: expected a whole number of seconds", key, val);
		v = v * 10 + (unsigned)(*p - '0');
		if (v > 86400)
			return fail(ps, "%s=%s: at most 86400 seconds", key, val);
	}
	if (v == 0)
		return fail(ps, "%s=%s: must be at least 1 second", key, val);
	*out = v;
	return 0;
}

/* Interface names as the kernel allows them: 1..15 bytes, no '/', ':' or
 * blanks. */
static bool valid_ifname(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= CMDLINE_IFNAME_MAX)
		return false;
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || *s == ' ' || !text_printable((unsigned char)*s))
			return false;
	return true;
}

/* Options for the NFS transport mount: each must be name or name=value in a
 * plain charset; rw, suid, dev and exec-widening flags are refused because
 * the transport mount is always ro,nosuid,nodev. */
static int check_nfs_opts(struct pstate *ps, const char *key, const char *opts)
{
	static const char *const refused[] = { "rw", "suid", "dev", NULL };
	char buf[CMDLINE_OPTS_MAX + 1];
	char bad[128] = "";
	char *tok, *save;

	if (strlen(opts) > CMDLINE_OPTS_MAX)
		return fail(ps, "%s: options are %zu bytes long, at most %d are accepted",
			    key, strlen(opts), CMDLINE_OPTS_MAX);
	memcpy(buf, opts, strlen(opts) + 1);
	for (tok = buf; tok; tok = save) {
		const char *p;
		int i;

		save = strchr(tok, ',');
		if (save)
			*save++ = '\0';
		if (!*tok)
			return fail(ps, "%s: empty mount option in \"%s\"", key, opts);
		for (p = tok; *p; p++) {
			char ch = *p;

			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			      (ch >= '0' && ch <= '9') || ch == '=' || ch == '.' ||
			      ch == '_' || ch == '-' || ch == ':' || ch == '/'))
				return fail(ps, "%s: mount option \"%s\" has a character that is not allowed",
					    key, tok);
		}
		for (i = 0; refused[i]; i++) {
			if (strcmp(tok, refused[i]))
				continue;
			if (bad[0])
				strncat(bad, ",", sizeof(bad) - strlen(bad) - 1);
			strncat(bad, tok, sizeof(bad) - strlen(bad) - 1);
		}
	}
	if (bad[0])
		return fail(ps, "%s: option %s refused: the NFS transport mount is always ro,nosuid,nodev (the live system gets a writable overlay on top)",
			    key, bad);
	return 0;
}

static int parse_bootif(struct pstate *ps, const char *val)
{
	uint8_t o[7];
	int n = parse_octets(val, o, 7);
	struct cmdline *c = ps->c;

	if (n == 7) {
		if (o[0] != 0x01)
			return fail(ps, "BOOTIF=%s: hardware type %02x is not Ethernet (01)",
				    val, o[0]);
		memcpy(c->bootif, o + 1, 6);
	} else if (n == 6 && strchr(val, ':')) {
		/* a bare MAC is written with colons; the dash form is pxelinux's
		 * and always carries the hardware type */
		memcpy(c->bootif, o, 6);
	} else {
		return fail(ps, "BOOTIF=%s: expected 6 octets (01-aa-bb-cc-dd-ee-ff or aa:bb:cc:dd:ee:ff)",
			    val);
	}
	c->has_bootif = true;
	return 0;
}

static int parse_method(struct pstate *ps, const char *key, const char *val)
{
	struct cmdline *c = ps->c;

	if (!strcmp(val, "nfs")) {
		c->method = CMDLINE_METHOD_NFS;
		return 0;
	}
	if (!strcmp(val, "http") || !strcmp(val, "url")) {
		c->method = CMDLINE_METHOD_HTTP; /* "url": casper's name for it */
		return 0;
	}
	if (!strcmp(val, "https"))
		return fail(ps, "%s=https: the initrd has no TLS; use %s=http with netboot.sha256= (the checksum is what makes the image trusted)",
			    key, key);
	if (!strcmp(val, "cifs") || !strcmp(val, "iscsi") || !strcmp(val, "nbd"))
		return fail(ps, "%s=%s: not supported; netboot boots over NFS or HTTP (use %s=nfs or %s=http)",
			    key, val, key, key);
	return fail(ps, "%s=%s: unknown method; netboot knows %s=nfs and %s=http", key, val, key,
		    key);
}

/* url=URL[,URL...] or fetch=URL, kept as given: the URLs are checked
 * (check_urls) only when netboot is to fetch them, since without
 * netboot=http they are casper's or live-boot's own business. */
static int take_urls(struct pstate *ps, const char *key, const char *val)
{
	if (strlen(val) > CMDLINE_URLS_MAX) {
		ps->urls_key = key[0] == 'u' ? "url" : "fetch";
		ps->urls_long = true;
		return 0;
	}
	ps->urls_key = key[0] == 'u' ? "url" : "fetch";
	ps->urls_long = false;
	memcpy(ps->c->urls, val, strlen(val) + 1);
	return 0;
}

/* Each URL of c->urls as http_url_parse() takes it. */
static int check_urls(struct pstate *ps)
{
	struct cmdline *c = ps->c;
	char one[CMDLINE_URLS_MAX + 1];
	struct http_url u;
	const char *p = c->urls, *key = ps->urls_key, *why = NULL;
	unsigned n = 0;

	if (ps->urls_long)
		return fail(ps, "%s: longer than %d bytes", key, CMDLINE_URLS_MAX);
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int r;

		memcpy(one, p, len);
		one[len] = '\0';
		if (++n > CMDLINE_URL_COUNT)
			return fail(ps, "%s: more than %d URLs", key, CMDLINE_URL_COUNT);
		r = http_url_parse(one, &u, &why);
		if (r == -EPROTONOSUPPORT)
			return fail(ps, "%s: URL %u: %s", key, n, why);
		if (r)
			return fail(ps, "%s: URL %u is not a usable http:// URL: %s", key, n,
				    why ? why : "malformed");
		p += len;
		if (*p == ',')
			p++;
	}
	if (!n)
		return fail(ps, "%s: empty; write %s=http://SERVER[:PORT]/PATH[,URL...]", key, key);
	return 0;
}

/* netboot.sha256=HEX: 64 hex digits, either case. */
static int parse_sha256(struct pstate *ps, const char *key, const char *val)
{
	struct cmdline *c = ps->c;

	if (sums_parse_hex(val, strlen(val), c->sha256, sizeof(c->sha256)))
		return fail(ps, "%s: expected the image's SHA-256 as 64 hex digits (sha256sum prints it)",
			    key);
	c->has_sha256 = true;
	return 0;
}

/* nfsroot=[server:]/path[,opts] or auto.  The server may be an IPv4
 * address, a host name, or [IPv6]. */
static int parse_nfsroot(struct pstate *ps, const char *key, const char *val)
{
	struct cmdline *c = ps->c;
	char spec[CMDLINE_HOST_MAX + CMDLINE_PATH_MAX + CMDLINE_OPTS_MAX + 4];
	char *comma, *path, *server = NULL;

	if (!*val)
		return fail(ps, "%s: empty value; use %s=SERVER:/PATH, %s=/PATH or %s=auto",
			    key, key, key, key);
	if (!strcmp(val, "auto")) {
		c->nfsroot = CMDLINE_NFSROOT_DHCP;
		c->nfs_server[0] = c->nfs_path[0] = '\0';
		ps->nfsroot_opts[0] = '\0';
		return 0;
	}
	if (copy_val(ps, key, val, spec, sizeof(spec)))
		return -EINVAL;
	comma = strchr(spec, ',');
	if (comma)
		*comma++ = '\0';
	if (spec[0] == '/') {
		path = spec;
	} else {
		char *colon;

		if (spec[0] == '[') {
			char *rb = strchr(spec, ']');

			if (!rb || rb[1] != ':')
				return fail(ps, "%s=%s: an IPv6 server is written [ADDR]:/PATH",
					    key, val);
			*rb = '\0';
			server = spec + 1;
			colon = rb + 1;
		} else {
			colon = strchr(spec, ':');
			server = spec;
		}
		if (!colon || colon[1] != '/')
			return fail(ps, "%s=%s: expected SERVER:/PATH (a colon, then an absolute path)",
				    key, val);
		*colon = '\0';
		path = colon + 1;
		if (!*server)
			return fail(ps, "%s=%s: the server name before ':' is empty", key, val);
		for (const char *p = server; *p; p++) {
			char ch = *p;

			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			      (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ||
			      ch == ':' || ch == '_'))
				return fail(ps, "%s=%s: \"%s\" is not a valid server name or address",
					    key, val, server);
		}
		if (strlen(server) > CMDLINE_HOST_MAX)
			return fail(ps, "%s: server name is %zu bytes long, at most %d are accepted",
				    key, strlen(server), CMDLINE_HOST_MAX);
	}
	if (strlen(path) > CMDLINE_PATH_MAX)
		return fail(ps, "%s: path is %zu bytes long, at most %d are accepted",
			    key, strlen(path), CMDLINE_PATH_MAX);
	if (strstr(path, "/../") || !strcmp(path + strlen(path) - (strlen(path) >= 3 ? 3 : 0), "/.."))
		return fail(ps, "%s=%s: the path may not contain \"..\"", key, val);
	if (comma && check_nfs_opts(ps, key, comma))
		return -EINVAL;

	c->nfsroot = server ? CMDLINE_NFSROOT_FULL : CMDLINE_NFSROOT_PATH;
	if (server)
		memcpy(c->nfs_server, server, strlen(server) + 1);
	else
		c->nfs_server[0] = '\0';
	memcpy(c->nfs_path, path, strlen(path) + 1);
	if (comma)
		memcpy(ps->nfsroot_opts, comma, strlen(comma) + 1);
	else
		ps->nfsroot_opts[0] = '\0';
	return 0;
}

static bool is_autoconf_dhcp(const char *s)
{
	return !strcmp(s, "dhcp") || !strcmp(s, "on") || !strcmp(s, "any") ||
	       !strcmp(s, "both") || !strcmp(s, "bootp");
}

static bool is_autoconf_off(const char *s)
{
	return !strcmp(s, "off") || !strcmp(s, "none") || !strcmp(s, "static");
}

static int ip_addr_field(struct pstate *ps, const char *val, const char *name,
			 const char *f, uint32_t *out)
{
	if (!*f)
		return 0;
	if (cmdline_parse_ipv4(f, out))
		return fail(ps, "ip=%s: %s \"%s\" is not an IPv4 address", val, name, f);
	return 0;
}

/* ip= in the kernel's forms: a lone autoconf word, "dev:autoconf" (dracut
 * and initramfs-tools accept it), or the full
 * client:server:gw:mask:host:dev:autoconf:dns0:dns1[:ntp0]. */
static int parse_ip(struct pstate *ps, const char *val)
{
	struct cmdline_ipconf ip;
	char buf[512];
	char *f[10];
	int nf = 0;
	char *p;

	memset(&ip, 0, sizeof(ip));
	if (copy_val(ps, "ip", val, buf, sizeof(buf)))
		return -EINVAL;
	if (!*buf)
		return fail(ps, "ip: empty value; use ip=dhcp or ip=CLIENT:SERVER:GW:MASK:HOST:DEV:off");
	if (!strchr(buf, ':')) {
		if (is_autoconf_dhcp(buf))
			ip.mode = CMDLINE_IP_DHCP;
		else if (is_autoconf_off(buf) && strcmp(buf, "static"))
			ip.mode = CMDLINE_IP_OFF;
		else if (!strcmp(buf, "frommedia"))
			ip.mode = CMDLINE_IP_DHCP;
		else
			return fail(ps, "ip=%s: unknown form; expected dhcp, on, any, off, none, DEV:dhcp or CLIENT:SERVER:GW:MASK:HOST:DEV:AUTOCONF",
				    val);
		ps->c->ip = ip;
		return 0;
	}
	for (p = buf; nf < 10; nf++) {
		f[nf] = p;
		p = strchr(p, ':');
		if (!p) {
			nf++;
			break;
		}
		*p++ = '\0';
	}
	if (p)
		return fail(ps, "ip=%s: too many ':'-separated fields (at most 10)", val);
	if (nf == 2) {
		/* dev:autoconf */
		if (!valid_ifname(f[0]))
			return fail(ps, "ip=%s: \"%s\" is not a valid interface name", val, f[0]);
		if (!is_autoconf_dhcp(f[1]))
			return fail(ps, "ip=%s: \"%s\" is not an autoconfiguration method (dhcp, on, any)",
				    val, f[1]);
		memcpy(ip.dev, f[0], strlen(f[0]) + 1);
		ip.mode = CMDLINE_IP_DHCP;
		ps->c->ip = ip;
		return 0;
	}
	if (ip_addr_field(ps, val, "client address", f[0], &ip.client) ||
	    (nf > 1 && ip_addr_field(ps, val, "server address", f[1], &ip.server)) ||
	    (nf > 2 && ip_addr_field(ps, val, "gateway", f[2], &ip.gateway)) ||
	    (nf > 3 && ip_addr_field(ps, val, "netmask", f[3], &ip.netmask)) ||
	    (nf > 7 && ip_addr_field(ps, val, "dns0", f[7], &ip.dns0)) ||
	    (nf > 8 && ip_addr_field(ps, val, "dns1", f[8], &ip.dns1)))
		return -EINVAL;
	if (nf > 9 && f[9][0]) {
		uint32_t ntp;

		if (ip_addr_field(ps, val, "ntp0", f[9], &ntp))
			return -EINVAL;
	}
	if (ip.netmask) {
		uint32_t inv = ~ip.netmask;

		if (inv & (inv + 1))
			return fail(ps, "ip=%s: netmask %s is not contiguous", val, f[3]);
	}
	if (nf > 4 && f[4][0]) {
		size_t n = strlen(f[4]);

		if (n >= sizeof(ip.hostname))
			return fail(ps, "ip=%s: host name is %zu bytes long, at most %zu are accepted",
				    val, n, sizeof(ip.hostname) - 1);
		for (const char *h = f[4]; *h; h++)
			if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') ||
			      (*h >= '0' && *h <= '9') || *h == '-' || *h == '.'))
				return fail(ps, "ip=%s: host name \"%s\" has a character that is not allowed",
					    val, f[4]);
		memcpy(ip.hostname, f[4], n + 1);
	}
	if (nf > 5 && f[5][0]) {
		if (!valid_ifname(f[5]))
			return fail(ps, "ip=%s: \"%s\" is not a valid interface name", val, f[5]);
		memcpy(ip.dev, f[5], strlen(f[5]) + 1);
	}
	{
		const char *ac = nf > 6 ? f[6] : "";

		if (!*ac)
			ip.mode = ip.client ? CMDLINE_IP_STATIC : CMDLINE_IP_DHCP;
		else if (is_autoconf_dhcp(ac))
			ip.mode = CMDLINE_IP_DHCP;
		else if (is_autoconf_off(ac))
			ip.mode = ip.client ? CMDLINE_IP_STATIC : CMDLINE_IP_OFF;
		else
			return fail(ps, "ip=%s: \"%s\" is not an autoconfiguration method (dhcp, on, any, off, none)",
				    val, ac);
	}
	if (ip.mode == CMDLINE_IP_STATIC && !ip.netmask) {
		/* The kernel derives a classful mask; we ask for one instead of
		 * guessing. */
		return fail(ps, "ip=%s: a static address needs a netmask (4th field)", val);
	}
	ps->c->ip = ip;
	return 0;
}

/* ethdevice=eth0,eth1 or live-netdev=eth0 (names or MACs). */
static int parse_netdevs(struct pstate *ps, const char *key, const char *val)
{
	struct cmdline *c = ps->c;
	struct cmdline_netdev nd[CMDLINE_NETDEV_MAX];
	char buf[CMDLINE_NETDEV_MAX * 20];
	size_t n = 0;
	char *tok, *save;

	if (!*val)
		return fail(ps, "%s: empty value; name an interface or a MAC address", key);
	if (copy_val(ps, key, val, buf, sizeof(buf)))
		return -EINVAL;
	memset(nd, 0, sizeof(nd));
	for (tok = buf; tok; tok = save) {
		save = strchr(tok, ',');
		if (save)
			*save++ = '\0';
		if (!*tok)
			continue;
		if (n == CMDLINE_NETDEV_MAX)
			return fail(ps, "%s=%s: at most %d devices", key, val, CMDLINE_NETDEV_MAX);
		if (strlen(tok) == 17 && cmdline_parse_mac(tok, nd[n].mac) == 0) {
			nd[n].is_mac = true;
		} else if (valid_ifname(tok)) {
			memcpy(nd[n].name, tok, strlen(tok) + 1);
		} else {
			return fail(ps, "%s=%s: \"%s\" is neither an interface name nor a MAC address",
				    key, val, tok);
		}
		n++;
	}
	if (!n)
		return fail(ps, "%s: empty value; name an interface or a MAC address", key);
	memcpy(c->netdev, nd, sizeof(nd));
	c->n_netdev = n;
	return 0;
}

static int parse_media_path(struct pstate *ps, const char *key, const char *val,
			    char *dst, size_t dstsz)
{
	if (!*val)
		return fail(ps, "%s: empty value", key);
	if (strstr(val, ".."))
		return fail(ps, "%s=%s: the path may not contain \"..\"", key, val);
	for (const char *q = val; *q; q++) /* control bytes are refused earlier */
		if (!text_printable((unsigned char)*q))
			return fail(ps, "%s: the path must be printable ASCII", key);
	return copy_val(ps, key, val, dst, dstsz);
}

/* netboot.debug, netboot.debug=0|1|yes|no */
static int parse_bool(struct pstate *ps, const char *key, const char *val,
		      bool has_val, bool *out)
{
	if (!has_val || !strcmp(val, "1") || !strcmp(val, "yes") || !strcmp(val, "on") ||
	    !strcmp(val, "true")) {
		*out = true;
		return 0;
	}
	if (!strcmp(val, "0") || !strcmp(val, "no") || !strcmp(val, "off") ||
	    !strcmp(val, "false")) {
		*out = false;
		return 0;
	}
	return fail(ps, "%s=%s: expected 0 or 1", key, val);
}

/* netboot.report=udp:A.B.C.D[:PORT] or off.  Reporting is an aid, never
 * a reason to stop a boot: a value it cannot use is a warning. */
static int parse_report(struct pstate *ps, const char *key, const char *val)
{
	struct cmdline *c = ps->c;
	const char *host, *colon;
	uint32_t addr;
	unsigned long port = 5514;
	char ip[16];

	c->report_addr = 0;
	c->report_port = 0;
	if (!strcmp(val, "off") || !strcmp(val, "0") || !strcmp(val, "no"))
		return 0;
	if (strncmp(val, "udp:", 4))
		goto bad;
	host = val + 4;
	colon = strchr(host, ':');
	if ((colon ? (size_t)(colon - host) : strlen(host)) >= sizeof(ip))
		goto bad;
	memcpy(ip, host, colon ? (size_t)(colon - host) : strlen(host));
	ip[colon ? (size_t)(colon - host) : strlen(host)] = '\0';
	if (cmdline_parse_ipv4(ip, &addr) || addr == 0 || addr == 0xffffffffu)
		goto bad;
	if (colon) {
		uint32_t p;

		if (text_parse_uint(colon + 1, strlen(colon + 1), 65535, &p) || p == 0)
			goto bad;
		port = p;
	}
	c->report_addr = addr;
	c->report_port = (uint16_t)port;
	return 0;
bad:
	warn(ps, "%s=%s: expected udp:ADDRESS[:PORT] (an IPv4 address: the initrd resolves no names) or off; the boot report stays on this machine",
	     key, val);
	return 0;
}

/* netboot.loop-dio=auto|on|off: a tuning knob, never a reason to stop a
 * boot: a value it cannot use is a warning, and auto stays. */
static int parse_dio(struct pstate *ps, const char *key, const char *val)
{
	size_t i;

	for (i = 0; i < sizeof(cmdline_dio_name) / sizeof(cmdline_dio_name[0]); i++) {
		if (!strcmp(val, cmdline_dio_name[i])) {
			ps->c->loop_dio = (enum cmdline_dio)i;
			return 0;
		}
	}
	ps->c->loop_dio = CMDLINE_DIO_AUTO;
	warn(ps, "%s=%s: expected auto, on or off; auto is used", key, val);
	return 0;
}

static int handle(struct pstate *ps, const char *key, const char *val, bool has_val)
{
	struct cmdline *c = ps->c;

	if (!strcmp(key, "boot")) {
		if (!strcmp(val, "casper"))
			c->boot = CMDLINE_BOOT_CASPER;
		else if (!strcmp(val, "live"))
			c->boot = CMDLINE_BOOT_LIVE;
		else
			c->boot = CMDLINE_BOOT_OTHER;
		return 0;
	}
	if (!strcmp(key, "netboot")) {
		ps->lc_netboot = true;
		return parse_method(ps, key, val);
	}
	if (!strcmp(key, "NETBOOT")) {
		warn(ps, "NETBOOT= is the legacy upper-case form; write netboot=%s", val);
		if (ps->lc_netboot)
			return 0;
		return parse_method(ps, key, val);
	}
	if (!strcmp(key, "nfsroot")) {
		ps->lc_nfsroot = true;
		return parse_nfsroot(ps, key, val);
	}
	if (!strcmp(key, "NFSROOT")) {
		warn(ps, "NFSROOT= is the legacy upper-case form; write nfsroot=%s", val);
		if (ps->lc_nfsroot)
			return 0;
		return parse_nfsroot(ps, key, val);
	}
	if (!strcmp(key, "nfsopts") || !strcmp(key, "NFSOPTS")) {
		bool legacy = key[0] == 'N';

		if (legacy)
			warn(ps, "NFSOPTS= is the legacy upper-case form; write nfsopts=%s", val);
		else
			ps->lc_nfsopts = true;
		if (legacy && ps->lc_nfsopts)
			return 0;
		if (*val && check_nfs_opts(ps, key, val))
			return -EINVAL;
		memcpy(ps->nfsopts, val, strlen(val) + 1);
		return 0;
	}
	if (!strcmp(key, "ip"))
		return parse_ip(ps, val);
	if (!strcmp(key, "BOOTIF") || !strcmp(key, "bootif"))
		return parse_bootif(ps, val);
	if (!strcmp(key, "ethdevice") || !strcmp(key, "live-netdev"))
		return parse_netdevs(ps, key, val);
	if (!strcmp(key, "ethdevice-timeout"))
		return parse_secs(ps, key, val, &c->ethdevice_timeout);
	if (!strcmp(key, "live-media-path"))
		return parse_media_path(ps, key, val, c->media_path, sizeof(c->media_path));
	if (!strcmp(key, "layerfs-path"))
		return parse_media_path(ps, key, val, c->layerfs_path, sizeof(c->layerfs_path));
	if (!strcmp(key, "ignore_uuid"))
		return parse_bool(ps, key, val, has_val, &c->ignore_uuid);
	if (!strcmp(key, "toram")) {
		c->toram = true; /* toram or toram=FILE */
		return 0;
	}
	if (!strcmp(key, "root")) {
		c->legacy_root_nfs = !strcmp(val, "/dev/nfs");
		return 0;
	}
	if (!strcmp(key, "url"))
		return take_urls(ps, key, val);
	if (!strcmp(key, "fetch")) {
		ps->fetch = true;
		return take_urls(ps, key, val);
	}
	if (!strcmp(key, "netboot.sha256"))
		return parse_sha256(ps, key, val);
	if (!strcmp(key, "netboot.fetch-timeout"))
		return parse_secs(ps, key, val, &c->fetch_timeout);
	if (!strcmp(key, "netboot.timeout")) {
		c->timeout_given = true;
		return parse_secs(ps, key, val, &c->timeout);
	}
	if (!strcmp(key, "netboot.dhcp-timeout"))
		return parse_secs(ps, key, val, &c->dhcp_timeout);
	if (!strcmp(key, "netboot.carrier-timeout"))
		return parse_secs(ps, key, val, &c->carrier_timeout);
	if (!strcmp(key, "netboot.mount-timeout"))
		return parse_secs(ps, key, val, &c->mount_timeout);
	if (!strcmp(key, "netboot.debug"))
		return parse_bool(ps, key, val, has_val, &c->debug);
	if (!strcmp(key, "netboot.report"))
		return parse_report(ps, key, val);
	if (!strcmp(key, "netboot.loop-dio"))
		return parse_dio(ps, key, val);
	if (!strncmp(key, "netboot.", 8)) {
		warn(ps, "%s: unknown netboot option, ignored", key);
		return 0;
	}
	return 0;
}

/* Next word per the kernel's next_arg(): returns the word's length in
 * *wlen, advances *pos.  Quotes toggle; blanks end a word outside quotes. */
static size_t next_word(const char *buf, size_t len, size_t *pos, size_t *wlen)
{
	size_t i = *pos, start;
	bool inq = false;

	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
			   buf[i] == '\r'))
		i++;
	start = i;
	for (; i < len; i++) {
		if (buf[i] == '"')
			inq = !inq;
		else if (!inq && (buf[i] == ' ' || buf[i] == '\t' ||
				  buf[i] == '\n' || buf[i] == '\r'))
			break;
	}
	*wlen = i - start;
	*pos = i;
	return start;
}

int cmdline_parse(const char *buf, size_t len, struct cmdline *out,
		  char *err, size_t errsz)
{
	static struct cmdline c; /* large: keep it off klibc's small stack */
	struct pstate ps;
	size_t pos = 0;

	memset(&c, 0, sizeof(c));
	memset(&ps, 0, sizeof(ps));
	ps.c = &c;
	ps.err = err;
	ps.errsz = errsz;
	if (err && errsz)
		err[0] = '\0';

	if (!buf && len)
		return fail(&ps, "cmdline: no buffer");
	/* A NUL ends the command line, as in /proc/cmdline's last byte. */
	if (buf && memchr(buf, '\0', len))
		len = strlen(buf);
	if (len > CMDLINE_MAX)
		return fail(&ps, "cmdline: %zu bytes long, at most %d are accepted",
			    len, CMDLINE_MAX);

	for (;;) {
		char word[WORD_MAX + 1];
		char *key, *val, *eq;
		size_t wlen, start = next_word(buf, len, &pos, &wlen);
		bool has_val;
		size_t vlen;

		if (!wlen)
			break;
		memcpy(word, buf + start, wlen);
		word[wlen] = '\0';
		if (!strcmp(word, "--"))
			break; /* the rest is init's argv */
		if (has_ctl(word))
			return fail(&ps, "cmdline: word \"%.32s\" has a control character", word);
		key = word;
		if (key[0] == '"') {
			/* "key=value": the kernel strips the outer quotes */
			key++;
			if (wlen > 1 && word[wlen - 1] == '"')
				word[wlen - 1] = '\0';
		}
		eq = strchr(key, '=');
		has_val = eq != NULL;
		if (eq) {
			*eq = '\0';
			val = eq + 1;
			vlen = strlen(val);
			if (val[0] == '"') {
				val++;
				vlen--;
				if (vlen && val[vlen - 1] == '"')
					val[--vlen] = '\0';
			}
		} else {
			val = key + strlen(key); /* "" */
		}
		if (handle(&ps, key, val, has_val))
			return -EINVAL;
	}

	/* Merge user NFS options: nfsroot's first, then nfsopts=. */
	if (ps.nfsroot_opts[0] || ps.nfsopts[0]) {
		int n = snprintf(c.nfs_opts, sizeof(c.nfs_opts), "%s%s%s",
				 ps.nfsroot_opts,
				 ps.nfsroot_opts[0] && ps.nfsopts[0] ? "," : "",
				 ps.nfsopts);

		if (n < 0 || (size_t)n >= sizeof(c.nfs_opts))
			return fail(&ps, "nfsopts: nfsroot and nfsopts options together exceed %d bytes",
				    CMDLINE_OPTS_MAX);
	}
	if (c.method == CMDLINE_METHOD_NONE && c.legacy_root_nfs &&
	    c.nfsroot != CMDLINE_NFSROOT_DHCP &&
	    (c.boot == CMDLINE_BOOT_CASPER || c.boot == CMDLINE_BOOT_LIVE)) {
		warn(&ps, "root=/dev/nfs with boot=%s and nfsroot= but no netboot=: assuming netboot=nfs",
		     cmdline_boot_name[c.boot]);
		c.method = CMDLINE_METHOD_NFS;
	}
	if (c.method == CMDLINE_METHOD_NONE && ps.fetch && c.boot == CMDLINE_BOOT_LIVE) {
		warn(&ps, "fetch= with boot=live and no netboot=: netboot fetches the image (netboot=http)");
		c.method = CMDLINE_METHOD_HTTP;
	}
	if (c.method == CMDLINE_METHOD_HTTP && ps.urls_key && check_urls(&ps))
		return -EINVAL;
	if (!c.timeout)
		c.timeout = c.method == CMDLINE_METHOD_HTTP ? NETBOOT_HTTP_TIMEOUT_DEFAULT :
							      NETBOOT_TIMEOUT_DEFAULT;
	if (!c.dhcp_timeout)
		c.dhcp_timeout = c.timeout < NETBOOT_DHCP_TIMEOUT_DEFAULT ?
					 c.timeout : NETBOOT_DHCP_TIMEOUT_DEFAULT;
	if (!c.carrier_timeout)
		c.carrier_timeout = c.ethdevice_timeout ? c.ethdevice_timeout :
							  c.dhcp_timeout;
	if (!c.mount_timeout)
		c.mount_timeout = c.timeout;

	memcpy(out, &c, sizeof(c));
	return 0;
}
