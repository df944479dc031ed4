/*
 * nfsspec.c - resolve the NFS server and export, render the kernel NFS
 * client's text mount options, classify mount(2) errors, and compute the
 * retry backoff.  No I/O: the phase does the mounting and the sleeping.
 *
 * Kernel references (fs/nfs/fs_context.c, fs/nfs/nfs4client.c):
 *  - "proto=tcp" sets the address family to IPv4, so an IPv6 addr= needs
 *    "proto=tcp6" or the mount fails with "Server address does not match
 *    proto= option" (nfs_fs_context_validate()).
 *  - For v2/v3 the MOUNT protocol transport follows proto= when mountproto=
 *    is not given (nfs_set_mount_transport_protocol()), and the MOUNT
 *    version follows vers=, so neither is rendered.
 *  - clientaddr= is optional for v4 since the kernel finds a callback
 *    address itself when it is absent (nfs4_init_client(): "If no
 *    clientaddr= option was specified, find a usable cb address"); it is
 *    still passed when the lease gives our address, as mount.nfs does, so
 *    a multi-homed client announces the address the server sees.
 *  - nolock for v2/v3: locking needs rpc.statd, which the initrd lacks; a
 *    read-only image needs no locks (casper mounts with -o nolock too).
 *  - sec=sys: without sec= a v4 mount probes the root's flavors
 *    (nfs4_proc_get_rootfh() with auth_probe: SECINFO_NO_NAME, then
 *    rpcauth_get_pseudoflavor() on each RPCSEC_GSS entry, which asks for
 *    the auth_rpcgss module through request_module("rpc-auth-6"), a
 *    modprobe run).  The initrd has no rpc.gssd, so AUTH_SYS is the only
 *    flavor a netboot mount can use; naming it skips the probe.  Measured
 *    in the e2e guest (qemu TCG, host load ~5 on 2 CPUs): the gap after
 *    SECINFO_NO_NAME was 223 ms of a 1350 ms v4.2 mount, 0 with sec=sys.
 *    (The other modprobe of a v4 mount, for the krb5i machine credential
 *    in nfs4_init_client(), no mount option avoids.)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "dns.h"
#include "nfsspec.h"
#include "text.h"

static const char R_FROM_NFSROOT[] = "from nfsroot=";
static const char R_FROM_ROOTPATH[] = "from DHCP option 17 (root-path)";
static const char R_FROM_SIADDR[] = "from DHCP next-server (siaddr)";
static const char R_FROM_STATIC[] = "from ip= (the server field)";
static const char R_FROM_SERVERID[] = "from DHCP option 54 (server-id)";

const char *const nfsspec_verdict_name[] = {
	[NFSSPEC_TRANSIENT] = "transient",
	[NFSSPEC_NEXT_VERSION] = "next-version",
	[NFSSPEC_PERMANENT] = "permanent",
};

/* ---- small string helpers ------------------------------------------ */

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* Copy n bytes of s and a NUL into dst[dstsz].  0 or -ENAMETOOLONG. */
static int copy_n(char *dst, size_t dstsz, const char *s, size_t n)
{
	if (n >= dstsz)
		return -ENAMETOOLONG;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}


/*
 * RFC 4291 §2.2 text forms: eight 1-4 digit hex groups, one "::" standing
 * for one or more zero groups, and an optional dotted-quad tail counting as
 * two groups.  Zone indices ("%eth0") are refused.
 */
static bool ipv6_valid(const char *s)
{
	const char *p = s;
	unsigned groups = 0;
	bool dbl = false;

	if (strlen(s) >= NFSSPEC_ADDR_MAX)
		return false;
	if (p[0] == ':') {
		if (p[1] != ':')
			return false;
		dbl = true;
		p += 2;
		if (!*p)
			return true;
	}
	for (;;) {
		const char *start = p;
		unsigned n = 0;

		while (is_hex(*p) && n < 5) {
			p++;
			n++;
		}
		if (*p == '.') {
			uint32_t v4;

			if (groups > 6 || cmdline_parse_ipv4(start, &v4))
				return false;
			groups += 2;
			break;
		}
		if (n == 0 || n > 4)
			return false;
		groups++;
		if (!*p)
			break;
		if (*p++ != ':')
			return false;
		if (*p == ':') {
			if (dbl)
				return false;
			dbl = true;
			p++;
			if (!*p)
				break;
		} else if (!*p) {
			return false;
		}
	}
	return dbl ? groups <= 7 : groups == 8;
}

/* The server literal s (brackets allowed around IPv6) into out. */
static int take_server(const char *s, size_t n, struct nfsspec *out,
		       const char **reason)
{
	char buf[CMDLINE_HOST_MAX + 1];
	uint32_t a;

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n == 0) {
		*reason = "the NFS server address is empty";
		return -EINVAL;
	}
	if (copy_n(buf, sizeof(buf), s, n)) {
		*reason = "the NFS server name is too long";
		return -ENAMETOOLONG;
	}
	if (strchr(buf, ':')) {
		if (!ipv6_valid(buf)) {
			*reason = "the NFS server is not a valid IPv6 address";
			return -EINVAL;
		}
		out->v6 = true;
		out->server4 = 0;
		memcpy(out->server, buf, strlen(buf) + 1);
		return 0;
	}
	if (cmdline_parse_ipv4(buf, &a) == 0) {
		if (a == 0 || a == 0xffffffffu) {
			*reason = "the NFS server address 0.0.0.0 / 255.255.255.255 is not a host";
			return -EINVAL;
		}
		out->v6 = false;
		out->server4 = a;
		text_ipv4(a, out->server);
		return 0;
	}
	if (dns_name_ok(buf)) {
		out->v6 = false;
		out->server4 = 0;
		out->server[0] = '\0';
		memcpy(out->host, buf, strlen(buf) + 1);
		return 0;
	}
	*reason = "the NFS server is neither an IP address nor a valid host name";
	return -EINVAL;
}

int nfsspec_set_addr(struct nfsspec *spec, uint32_t addr)
{
	if (addr == 0 || addr == 0xffffffffu || (addr >> 24) == 127)
		return -EINVAL;
	spec->v6 = false;
	spec->server4 = addr;
	text_ipv4(addr, spec->server);
	return 0;
}

static bool path_ok(const char *p)
{
	size_t n = strlen(p);

	if (p[0] != '/')
		return false;
	if (strstr(p, "/../") || (n >= 3 && !strcmp(p + n - 3, "/..")))
		return false;
	/* printable ASCII only: the path reaches the console and the report,
	 * where a byte >= 0x80 (0x9b is C1 CSI) could drive the terminal */
	for (; *p; p++)
		if (*p == ' ' || !text_printable((unsigned char)*p))
			return false;
	return true;
}

/* Replace every "%s" in in with client (kernel nfsroot= convention). */
static int subst_client(const char *in, const char *client, char *out,
			size_t outsz, const char **reason)
{
	size_t o = 0, cl = strlen(client);

	for (; *in; in++) {
		if (in[0] == '%' && in[1] == 's') {
			if (!cl) {
				*reason = "the NFS path contains %s but the client address is unknown";
				return -EINVAL;
			}
			if (o + cl >= outsz)
				goto toolong;
			memcpy(out + o, client, cl);
			o += cl;
			in++;
			continue;
		}
		if (o + 1 >= outsz)
			goto toolong;
		out[o++] = *in;
	}
	out[o] = '\0';
	return 0;
toolong:
	*reason = "the NFS path is too long";
	return -ENAMETOOLONG;
}

/* ---- user options ---------------------------------------------------- */

/* A version pin gathered from one source of options. */
struct pin {
	int major; /* 0 = not given */
	int minor; /* -1 = not given */
};

static bool opt_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '=' || c == '.' || c == '_' ||
	       c == '-' || c == ':' || c == '/';
}

static int set_vers(struct pin *pn, const char *v)
{
	if (!strcmp(v, "2") || !strcmp(v, "3")) {
		pn->major = v[0] - '0';
		return 0;
	}
	if (!strcmp(v, "4")) {
		pn->major = 4;
		return 0;
	}
	if (!strcmp(v, "4.0") || !strcmp(v, "4.1") || !strcmp(v, "4.2")) {
		pn->major = 4;
		pn->minor = v[2] - '0';
		return 0;
	}
	return -EINVAL;
}

/* Is tok (n bytes, "key" or "key=value") a version option?  1 consumed,
 * 0 not one, -EINVAL malformed. */
static int take_vers(struct pin *pn, const char *tok, size_t n)
{
	char t[32];
	const char *val;

	if (n >= sizeof(t))
		return 0;
	memcpy(t, tok, n);
	t[n] = '\0';
	if (!strncmp(t, "vers=", 5) || !strncmp(t, "nfsvers=", 8)) {
		val = strchr(t, '=') + 1;
		return set_vers(pn, val) ? -EINVAL : 1;
	}
	if (t[0] == 'v' && t[1] >= '2' && t[1] <= '4')
		return set_vers(pn, t + 1) ? 0 : 1;
	if (!strncmp(t, "minorversion=", 13)) {
		val = t + 13;
		if (val[0] < '0' || val[0] > '2' || val[1])
			return -EINVAL;
		pn->minor = val[0] - '0';
		return 1;
	}
	return 0;
}

static bool key_is(const char *tok, size_t n, const char *key)
{
	size_t k = strlen(key);

	return n >= k && !memcmp(tok, key, k) && (n == k || tok[k] == '=');
}

/* Options never passed through: the transport mount is ro,nosuid,nodev at
 * the server netboot resolved. */
static bool protected_opt(const char *tok, size_t n)
{
	static const char *const keys[] = {
		"ro", "rw", "suid", "nosuid", "dev", "nodev", "addr", NULL
	};

	for (int i = 0; keys[i]; i++)
		if (key_is(tok, n, keys[i]))
			return true;
	return false;
}

/*
 * Append the options in (comma-separated, may be empty) to out[outsz] at
 * *len, dropping protected ones and taking version options into *pn.
 */
static int take_opts(const char *in, char *out, size_t outsz, size_t *len,
		     struct pin *pn, const char **reason)
{
	while (*in) {
		const char *end = strchr(in, ',');
		size_t n = end ? (size_t)(end - in) : strlen(in);
		int r;

		for (size_t i = 0; i < n; i++) {
			if (!opt_char_ok(in[i])) {
				*reason = "an NFS mount option has a character that is not allowed";
				return -EINVAL;
			}
		}
		if (n == 0 || protected_opt(in, n))
			goto next;
		r = take_vers(pn, in, n);
		if (r < 0) {
			*reason = "unknown NFS version in vers=, nfsvers= or minorversion= (use 3, 4, 4.0, 4.1 or 4.2)";
			return r;
		}
		if (r > 0)
			goto next;
		if (*len + (*len ? 1 : 0) + n >= outsz) {
			*reason = "the NFS mount options are too long";
			return -ENAMETOOLONG;
		}
		if (*len)
			out[(*len)++] = ',';
		memcpy(out + *len, in, n);
		*len += n;
		out[*len] = '\0';
next:
		in += n;
		if (*in == ',')
			in++;
	}
	return 0;
}

static int pin_mask(const struct pin *pn, unsigned *mask, const char **reason)
{
	if (pn->major == 0 && pn->minor < 0)
		return 0; /* nothing pinned: keep *mask */
	if (pn->major == 2 || pn->major == 3) {
		if (pn->minor >= 0) {
			*reason = "minorversion= needs NFS version 4";
			return -EINVAL;
		}
		*mask = pn->major == 2 ? NFSSPEC_V2 : NFSSPEC_V3;
		return 0;
	}
	/* 4, or a bare minorversion= (the kernel implies v4) */
	*mask = pn->minor < 0 ? NFSSPEC_V4_ANY :
		pn->minor == 0 ? NFSSPEC_V40 :
		pn->minor == 1 ? NFSSPEC_V41 : NFSSPEC_V42;
	return 0;
}

/* ---- root-path (option 17) ------------------------------------------- */

struct rootpath {
	const char *server; /* into buf, NULL = none */
	size_t server_len;
	char path[CMDLINE_PATH_MAX + 1];
	char opts[CMDLINE_OPTS_MAX + 16]; /* + "port=65535" */
};

static const char R_BAD_ROOTPATH[] =
	"DHCP root-path (option 17) is not an NFS path: expected [SERVER:]/PATH[,OPTIONS] or nfs://SERVER/PATH, the path in printable ASCII";

/* Parse rp, which lives as long as *o (server points into it). */
static int parse_root_path(const char *rp, struct rootpath *o,
			   const char **reason)
{
	const char *comma = strchr(rp, ',');
	size_t head = comma ? (size_t)(comma - rp) : strlen(rp);
	const char *path;
	unsigned port = 0;

	o->server = NULL;
	o->server_len = 0;
	o->opts[0] = '\0';
	if (comma && copy_n(o->opts, CMDLINE_OPTS_MAX + 1, comma + 1, strlen(comma + 1))) {
		*reason = "the NFS options in DHCP root-path are too long";
		return -ENAMETOOLONG;
	}
	if (head >= 6 && !strncmp(rp, "nfs://", 6)) {
		/* RFC 2224: nfs://server[:port]/path, no percent-decoding. */
		const char *h = rp + 6, *e = h;

		if (*h == '[') {
			e = memchr(h, ']', head - 6);
			if (!e)
				goto bad;
			e++;
		} else {
			while (e < rp + head && *e != ':' && *e != '/')
				e++;
		}
		o->server = h;
		o->server_len = (size_t)(e - h);
		if (e < rp + head && *e == ':') {
			e++;
			if (!(*e >= '0' && *e <= '9'))
				goto bad;
			while (e < rp + head && *e >= '0' && *e <= '9') {
				port = port * 10 + (unsigned)(*e - '0');
				if (port > 65535)
					goto bad;
				e++;
			}
			if (port == 0)
				goto bad;
		}
		if (e >= rp + head || *e != '/' || o->server_len == 0)
			goto bad;
		path = e;
	} else if (rp[0] == '/') {
		path = rp;
	} else if (rp[0] == '[') {
		const char *rb = memchr(rp, ']', head);

		if (!rb || rb + 2 > rp + head || rb[1] != ':' || rb[2] != '/')
			goto bad;
		o->server = rp;
		o->server_len = (size_t)(rb - rp) + 1;
		path = rb + 2;
	} else {
		const char *colon = memchr(rp, ':', head);

		if (!colon || colon == rp || colon + 1 >= rp + head || colon[1] != '/')
			goto bad;
		o->server = rp;
		o->server_len = (size_t)(colon - rp);
		path = colon + 1;
	}
	if (copy_n(o->path, sizeof(o->path), path, (size_t)(rp + head - path))) {
		*reason = "the path in DHCP root-path is too long";
		return -ENAMETOOLONG;
	}
	if (!path_ok(o->path))
		goto bad;
	if (port) {
		size_t l = strlen(o->opts);

		snprintf(o->opts + l, sizeof(o->opts) - l, "%sport=%u",
			 l ? "," : "", port);
	}
	return 0;
bad:
	*reason = R_BAD_ROOTPATH;
	return -EINVAL;
}

/* ---- resolve ---------------------------------------------------------- */

int nfsspec_resolve(const struct cmdline *cl, const struct lease *ls,
		    struct nfsspec *out, const char **reason)
{
	struct nfsspec s;
	struct rootpath rp;
	bool have_rp = false;
	const char *raw_path;
	struct pin dpin = { 0, -1 }, upin = { 0, -1 };
	size_t olen = 0;
	int r;

	memset(&s, 0, sizeof(s));
	s.vers_mask = NFSSPEC_DEFAULT;
	if (ls && ls->yiaddr)
		text_ipv4(ls->yiaddr, s.client);

	if (cl->nfsroot != CMDLINE_NFSROOT_FULL && ls && ls->root_path[0]) {
		r = parse_root_path(ls->root_path, &rp, reason);
		if (r == 0)
			have_rp = true;
		else if (cl->nfsroot == CMDLINE_NFSROOT_DHCP)
			return r;
		/* nfsroot=/PATH: a root-path that is not NFS (iSCSI for
		 * other clients, say) is not ours to judge; ignore it. */
	}

	/* The server. */
	if (cl->nfsroot == CMDLINE_NFSROOT_FULL) {
		r = take_server(cl->nfs_server, strlen(cl->nfs_server), &s, reason);
		if (r)
			return r;
		s.server_from = R_FROM_NFSROOT;
	} else if (have_rp && rp.server) {
		r = take_server(rp.server, rp.server_len, &s, reason);
		if (r)
			return r;
		s.server_from = R_FROM_ROOTPATH;
	} else if (ls && (ls->siaddr || ls->server_id)) {
		uint32_t a = ls->siaddr ? ls->siaddr : ls->server_id;

		s.server4 = a;
		text_ipv4(a, s.server);
		s.server_from = ls->siaddr ?
			(ls->is_static ? R_FROM_STATIC : R_FROM_SIADDR) :
			R_FROM_SERVERID;
	} else {
		*reason = "no NFS server: nfsroot= names none, and DHCP gave no root-path server, next-server or server-id";
		return -ENOENT;
	}

	/* The path. */
	if (cl->nfsroot == CMDLINE_NFSROOT_DHCP) {
		if (!have_rp) {
			*reason = "no NFS path: nfsroot= is not set and DHCP gave no root-path (option 17)";
			return -ENOENT;
		}
		raw_path = rp.path;
		s.path_from = R_FROM_ROOTPATH;
	} else {
		raw_path = cl->nfs_path;
		s.path_from = R_FROM_NFSROOT;
		if (!path_ok(raw_path)) {
			*reason = "the nfsroot= path must be absolute, in printable ASCII, without blanks or \"..\"";
			return -EINVAL;
		}
	}
	r = subst_client(raw_path, s.client, s.path, sizeof(s.path), reason);
	if (r)
		return r;

	/* Options: root-path's only when it also gave the path. */
	if (cl->nfsroot == CMDLINE_NFSROOT_DHCP) {
		r = take_opts(rp.opts, s.opts, sizeof(s.opts), &olen, &dpin, reason);
		if (r)
			return r;
	}
	r = take_opts(cl->nfs_opts, s.opts, sizeof(s.opts), &olen, &upin, reason);
	if (r)
		return r;
	if (upin.major || upin.minor >= 0)
		r = pin_mask(&upin, &s.vers_mask, reason);
	else
		r = pin_mask(&dpin, &s.vers_mask, reason);
	if (r)
		return r;

	*out = s;
	return 0;
}

/* ---- versions --------------------------------------------------------- */

static const unsigned vers_order[] = {
	NFSSPEC_V42, NFSSPEC_V41, NFSSPEC_V40, NFSSPEC_V3, NFSSPEC_V2,
};
static const unsigned vers_order_v3[] = {
	NFSSPEC_V3, NFSSPEC_V42, NFSSPEC_V41, NFSSPEC_V40, NFSSPEC_V2,
};
#define N_VERS (sizeof(vers_order) / sizeof(vers_order[0]))

unsigned nfsspec_vers_next(const struct nfsspec *spec, unsigned cur)
{
	const unsigned *order = spec->v3_first ? vers_order_v3 : vers_order;
	size_t i = 0;

	if (cur) {
		while (i < N_VERS && order[i] != cur)
			i++;
		i++;
	}
	for (; i < N_VERS; i++)
		if (spec->vers_mask & order[i])
			return order[i];
	return 0;
}

bool nfsspec_set_v3_ports(struct nfsspec *spec, uint16_t nfs_port, uint16_t mnt_tcp,
			  uint16_t mnt_udp)
{
	if (!(spec->vers_mask & NFSSPEC_V3) || !nfs_port || (!mnt_tcp && !mnt_udp))
		return false;
	spec->v3_first = true;
	spec->v3_port = nfs_port;
	spec->mnt_port = mnt_tcp ? mnt_tcp : mnt_udp;
	spec->mnt_udp = !mnt_tcp;
	return true;
}

void nfsspec_v3_failed(struct nfsspec *spec)
{
	spec->v3_first = false;
}

unsigned nfsspec_vers_first(const struct nfsspec *spec)
{
	return nfsspec_vers_next(spec, 0);
}

const char *nfsspec_vers_name(unsigned vers)
{
	switch (vers) {
	case NFSSPEC_V42: return "4.2";
	case NFSSPEC_V41: return "4.1";
	case NFSSPEC_V40: return "4.0";
	case NFSSPEC_V3: return "3";
	case NFSSPEC_V2: return "2";
	}
	return "?";
}

/* ---- rendering -------------------------------------------------------- */

int nfsspec_render_dev(const struct nfsspec *spec, char *dst, size_t dstsz)
{
	char buf[NFSSPEC_ADDR_MAX + CMDLINE_PATH_MAX + 4];
	int n;

	if (!spec->server[0])
		return -EDESTADDRREQ; /* a host name not yet resolved */
	n = snprintf(buf, sizeof(buf), spec->v6 ? "[%s]:%s" : "%s:%s",
		     spec->server, spec->path);
	if (n < 0 || (size_t)n >= sizeof(buf) || (size_t)n >= dstsz)
		return -ENOBUFS;
	memcpy(dst, buf, (size_t)n + 1);
	return 0;
}

/* Does the comma-separated opts have a token with one of keys? */
static bool opts_has(const char *opts, const char *const *keys)
{
	while (*opts) {
		const char *end = strchr(opts, ',');
		size_t n = end ? (size_t)(end - opts) : strlen(opts);

		for (int i = 0; keys[i]; i++)
			if (key_is(opts, n, keys[i]))
				return true;
		opts += n;
		if (*opts == ',')
			opts++;
	}
	return false;
}

struct sbuf {
	char buf[NFSSPEC_DATA_MAX];
	size_t len;
	bool over;
};

static void sb_add(struct sbuf *b, const char *s)
{
	size_t n = strlen(s), need = n + (b->len ? 1 : 0);

	if (b->over || b->len + need >= sizeof(b->buf)) {
		b->over = true;
		return;
	}
	if (b->len)
		b->buf[b->len++] = ',';
	memcpy(b->buf + b->len, s, n + 1);
	b->len += n;
}

int nfsspec_render_opts(const struct nfsspec *spec, unsigned vers,
			char *dst, size_t dstsz, unsigned long *flags)
{
	static const char *const k_proto[] = { "proto", "tcp", "udp", "rdma", NULL };
	static const char *const k_timeo[] = { "timeo", NULL };
	static const char *const k_retrans[] = { "retrans", NULL };
	static const char *const k_lock[] = { "lock", "nolock", "local_lock", NULL };
	static const char *const k_client[] = { "clientaddr", NULL };
	static const char *const k_sec[] = { "sec", NULL };
	static const char *const k_ports[] = { "port", "mountport", "mountproto", "mounthost",
					       "mountvers", NULL };
	struct sbuf b;
	char t[80];
	bool v4 = vers & NFSSPEC_V4_ANY;

	if (!vers || (vers & (vers - 1)) || !(vers & spec->vers_mask))
		return -EINVAL;
	if (!spec->server[0])
		return -EDESTADDRREQ; /* a host name not yet resolved */
	b.len = 0;
	b.over = false;
	b.buf[0] = '\0';

	snprintf(t, sizeof(t), "vers=%s", nfsspec_vers_name(vers));
	sb_add(&b, t);
	snprintf(t, sizeof(t), "addr=%s", spec->server);
	sb_add(&b, t);
	if (v4 && !spec->v6 && spec->client[0] && !opts_has(spec->opts, k_client)) {
		snprintf(t, sizeof(t), "clientaddr=%s", spec->client);
		sb_add(&b, t);
	}
	if (!opts_has(spec->opts, k_proto))
		sb_add(&b, spec->v6 ? "proto=tcp6" : "proto=tcp");
	if (!opts_has(spec->opts, k_timeo)) {
		snprintf(t, sizeof(t), "timeo=%u", NFSSPEC_TIMEO_DS);
		sb_add(&b, t);
	}
	if (!opts_has(spec->opts, k_retrans)) {
		snprintf(t, sizeof(t), "retrans=%u", NFSSPEC_RETRANS);
		sb_add(&b, t);
	}
	if (!opts_has(spec->opts, k_sec))
		sb_add(&b, "sec=sys");
	if (!v4 && !opts_has(spec->opts, k_lock))
		sb_add(&b, "nolock");
	if (vers == NFSSPEC_V3 && spec->v3_port && !opts_has(spec->opts, k_ports) &&
	    !opts_has(spec->opts, k_proto)) {
		snprintf(t, sizeof(t), "port=%u,mountport=%u,mountproto=%s",
			 (unsigned)spec->v3_port, (unsigned)spec->mnt_port,
			 spec->mnt_udp ? "udp" : "tcp");
		sb_add(&b, t);
	}
	if (spec->opts[0])
		sb_add(&b, spec->opts);
	if (b.over || b.len >= dstsz)
		return -ENOBUFS;
	memcpy(dst, b.buf, b.len + 1);
	*flags = MS_RDONLY | MS_NOSUID | MS_NODEV;
	return 0;
}

/* Compare the /proc/mounts field f (n bytes, with the kernel's \ooo
 * escapes for space, tab, newline and backslash) with s. */
static bool field_is(const char *f, size_t n, const char *s)
{
	size_t i = 0;

	while (i < n) {
		char c = f[i];

		if (c == '\\' && n - i >= 4 && f[i + 1] >= '0' && f[i + 1] <= '3' &&
		    f[i + 2] >= '0' && f[i + 2] <= '7' && f[i + 3] >= '0' && f[i + 3] <= '7') {
			c = (char)((f[i + 1] - '0') * 64 + (f[i + 2] - '0') * 8 + (f[i + 3] - '0'));
			i += 4;
		} else {
			i++;
		}
		if (*s++ != c)
			return false;
	}
	return *s == '\0';
}

int nfsspec_mounted_opts(const char *mounts, size_t len, const char *dir,
			 char *dst, size_t dstsz)
{
	const char *p = mounts, *end = mounts + len, *opts = NULL;
	size_t optlen = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *f[4];
		size_t fl[4], k = 0;
		const char *q = p;

		/* fields: device, mount point, type, options */
		while (k < 4 && q < le) {
			while (q < le && *q == ' ')
				q++;
			if (q == le)
				break;
			f[k] = q;
			while (q < le && *q != ' ')
				q++;
			fl[k] = (size_t)(q - f[k]);
			k++;
		}
		if (k == 4 && field_is(f[1], fl[1], dir)) {
			opts = f[3];
			optlen = fl[3];
		}
		p = nl ? nl + 1 : end;
	}
	if (!opts)
		return -ENOENT;
	if (text_has_ctl(opts, optlen))
		return -EBADMSG;
	return copy_n(dst, dstsz, opts, optlen) ? -ENOBUFS : 0;
}

/* ---- errors ----------------------------------------------------------- */

enum nfsspec_verdict nfsspec_classify(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	/* The network or the server is not there yet: link still
	 * negotiating, server booting, nfsd in its grace period. */
	case ECONNREFUSED:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
	case ENETDOWN:
	case ETIMEDOUT:
	case ECONNRESET:
	case ECONNABORTED:
	case EAGAIN:
	case EINTR:
	case EIO:
	case ESTALE:
	case ENOMEM:
		return NFSSPEC_TRANSIENT;
	/* The RPC layer maps PROG_MISMATCH and NFS4ERR_MINOR_VERS_MISMATCH
	 * to EPROTONOSUPPORT; a kernel without the nfsv4 module gives it too
	 * (get_nfs_version()). */
	case EPROTONOSUPPORT:
	case EPROTO:
	case EOPNOTSUPP:
		return NFSSPEC_NEXT_VERSION;
	/* The server answered and said no, or we asked wrongly: ENODEV is
	 * "no nfs filesystem type", not a version matter. */
	case EACCES:
	case EPERM:
	case ENOENT:
	case ENOTDIR:
	case EINVAL:
	case ENODEV:
	case ENXIO:
	case EBUSY:
	case ENAMETOOLONG:
		return NFSSPEC_PERMANENT;
	}
	/* Unknown: retry within the budget rather than give up early. */
	return NFSSPEC_TRANSIENT;
}

int nfsspec_explain(const struct nfsspec *spec, unsigned vers, int err,
		    char *dst, size_t dstsz)
{
	char buf[NFSSPEC_ADDR_MAX + CMDLINE_PATH_MAX + 256];
	const char *sv = spec->server, *vn = nfsspec_vers_name(vers);
	const char *path = spec->path;
	bool v4 = vers & NFSSPEC_V4_ANY;
	int n;

	if (err < 0)
		err = -err;
	switch (err) {
	case ECONNREFUSED:
		n = snprintf(buf, sizeof(buf),
			     "the server refused the connection: is nfs-server running on %s%s?",
			     sv, v4 ? "" : " (and rpcbind, for NFSv3)");
		break;
	case EHOSTUNREACH:
	case EHOSTDOWN:
		n = snprintf(buf, sizeof(buf),
			     "no route to %s: is the server up and on this network?", sv);
		break;
	case ENETUNREACH:
	case ENETDOWN:
		n = snprintf(buf, sizeof(buf),
			     "network unreachable for %s: check this client's address, netmask and router", sv);
		break;
	case ETIMEDOUT:
		n = snprintf(buf, sizeof(buf),
			     "%s did not answer in time: is it up, and does its firewall let NFS through (TCP 2049%s)?",
			     sv, v4 ? "" : ", 111 and mountd's port");
		break;
	case EACCES:
	case EPERM:
		n = snprintf(buf, sizeof(buf),
			     "access denied: check /etc/exports on %s for this client%s%s%s",
			     sv, spec->client[0] ? " (" : "", spec->client,
			     spec->client[0] ? ")" : "");
		break;
	case ENOENT:
		n = snprintf(buf, sizeof(buf), "no such export: %s does not export %s%s",
			     sv, path,
			     v4 ? " (with NFSv4 and an fsid=0 export, paths are relative to it)" : "");
		break;
	case ENOTDIR:
		n = snprintf(buf, sizeof(buf), "%s:%s is not a directory", sv, path);
		break;
	case EPROTONOSUPPORT:
	case EPROTO:
	case EOPNOTSUPP:
		n = snprintf(buf, sizeof(buf),
			     "NFS version %s is not available (on %s, or in this kernel)", vn, sv);
		break;
	case ENODEV:
		n = snprintf(buf, sizeof(buf),
			     "this kernel has no NFS client: add the nfs module to the initrd");
		break;
	case EINVAL:
		n = snprintf(buf, sizeof(buf),
			     "the kernel rejected the NFS mount options: check nfsroot= and nfsopts= (NFS %s)", vn);
		break;
	case EIO:
		n = snprintf(buf, sizeof(buf), "I/O error talking to %s", sv);
		break;
	case EBUSY:
		n = snprintf(buf, sizeof(buf), "the mount point is busy: something is already mounted there");
		break;
	default:
		n = snprintf(buf, sizeof(buf), "mounting %s:%s with NFS %s failed (errno %d)",
			     sv, path, vn, err);
		break;
	}
	if (n < 0 || (size_t)n >= sizeof(buf) || (size_t)n >= dstsz)
		return -ENOBUFS;
	memcpy(dst, buf, (size_t)n + 1);
	return 0;
}

/* ---- backoff ---------------------------------------------------------- */

unsigned nfsspec_backoff_ms(unsigned attempt, uint32_t rnd)
{
	unsigned d = NFSSPEC_BACKOFF_BASE_MS, half;

	while (attempt-- && d < NFSSPEC_BACKOFF_CAP_MS)
		d *= 2;
	if (d > NFSSPEC_BACKOFF_CAP_MS)
		d = NFSSPEC_BACKOFF_CAP_MS;
	half = d / 2;
	return half + rnd % (d - half + 1);
}

int nfsspec_backoff_next(unsigned attempt, uint32_t rnd, uint64_t elapsed_ms,
			 uint64_t budget_ms, unsigned *delay_ms)
{
	unsigned d;

	if (elapsed_ms >= budget_ms)
		return -ETIMEDOUT;
	d = nfsspec_backoff_ms(attempt, rnd);
	if (d > budget_ms - elapsed_ms)
		d = (unsigned)(budget_ms - elapsed_ms);
	*delay_ms = d;
	return 0;
}
