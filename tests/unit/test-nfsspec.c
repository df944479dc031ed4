/*
 * test-nfsspec.c - unit tests for src/core/nfsspec.c: server and path
 * resolution from nfsroot= and the lease, root-path forms, option merging
 * and version pins, rendered mount data, error classification, backoff.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <sys/mount.h>

#include "nfsspec.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

static struct cmdline cl;
static struct lease ls;

static int setup(void **state)
{
	(void)state;
	memset(&cl, 0, sizeof(cl));
	memset(&ls, 0, sizeof(ls));
	cl.boot = CMDLINE_BOOT_CASPER;
	cl.method = CMDLINE_METHOD_NFS;
	ls.yiaddr = IP(10, 0, 0, 5);
	return 0;
}

static void set_full(const char *server, const char *path)
{
	cl.nfsroot = CMDLINE_NFSROOT_FULL;
	strcpy(cl.nfs_server, server);
	strcpy(cl.nfs_path, path);
}

static void resolve_ok(struct nfsspec *s)
{
	const char *why = NULL;
	int r = nfsspec_resolve(&cl, &ls, s, &why);

	if (r)
		fail_msg("resolve: %d (%s)", r, why ? why : "-");
}

/* Resolution fails with err and leaves out untouched. */
static void resolve_fails(int err, const char *why_part)
{
	struct nfsspec s;
	const char *why = NULL;

	memset(&s, 0xa5, sizeof(s));
	assert_int_equal(nfsspec_resolve(&cl, &ls, &s, &why), err);
	assert_non_null(why);
	if (why_part && !strstr(why, why_part))
		fail_msg("reason \"%s\" lacks \"%s\"", why, why_part);
	for (size_t i = 0; i < sizeof(s); i++)
		assert_int_equal(((unsigned char *)&s)[i], 0xa5);
}

/* ---- resolution --------------------------------------------------------- */

static void test_full(void **state)
{
	struct nfsspec s;

	(void)state;
	set_full("10.0.0.1", "/srv/live");
	ls.siaddr = IP(10, 0, 0, 99);
	strcpy(ls.root_path, "10.0.0.98:/other");
	resolve_ok(&s);
	assert_false(s.v6);
	assert_int_equal(s.server4, IP(10, 0, 0, 1));
	assert_string_equal(s.server, "10.0.0.1");
	assert_string_equal(s.path, "/srv/live");
	assert_string_equal(s.client, "10.0.0.5");
	assert_string_equal(s.server_from, "from nfsroot=");
	assert_string_equal(s.path_from, "from nfsroot=");
	assert_int_equal(s.vers_mask, NFSSPEC_DEFAULT);
	assert_string_equal(s.opts, "");
}

static void test_dhcp_rootpath_server(void **state)
{
	struct nfsspec s;

	(void)state;
	ls.siaddr = IP(10, 0, 0, 99);
	strcpy(ls.root_path, "10.0.0.2:/srv/x");
	resolve_ok(&s);
	assert_string_equal(s.server, "10.0.0.2");
	assert_string_equal(s.path, "/srv/x");
	assert_string_equal(s.server_from, "from DHCP option 17 (root-path)");
	assert_string_equal(s.path_from, "from DHCP option 17 (root-path)");
}

static void test_dhcp_server_fallbacks(void **state)
{
	struct nfsspec s;

	(void)state;
	strcpy(ls.root_path, "/srv/x");
	ls.siaddr = IP(10, 0, 0, 3);
	ls.server_id = IP(10, 0, 0, 4);
	resolve_ok(&s);
	assert_string_equal(s.server, "10.0.0.3");
	assert_string_equal(s.server_from, "from DHCP next-server (siaddr)");

	ls.siaddr = 0;
	resolve_ok(&s);
	assert_string_equal(s.server, "10.0.0.4");
	assert_string_equal(s.server_from, "from DHCP option 54 (server-id)");

	ls.siaddr = IP(10, 0, 0, 7);
	ls.is_static = true;
	resolve_ok(&s);
	assert_string_equal(s.server, "10.0.0.7");
	assert_string_equal(s.server_from, "from ip= (the server field)");
}

static void test_path_mode(void **state)
{
	struct nfsspec s;

	(void)state;
	cl.nfsroot = CMDLINE_NFSROOT_PATH;
	strcpy(cl.nfs_path, "/srv/mine");
	ls.siaddr = IP(10, 0, 0, 3);
	strcpy(ls.root_path, "10.0.0.9:/theirs,vers=3");
	resolve_ok(&s);
	assert_string_equal(s.server, "10.0.0.9");
	assert_string_equal(s.server_from, "from DHCP option 17 (root-path)");
	assert_string_equal(s.path, "/srv/mine");
	assert_string_equal(s.path_from, "from nfsroot=");
	/* root-path's options go with root-path's path, not ours */
	assert_int_equal(s.vers_mask, NFSSPEC_DEFAULT);

	/* A non-NFS root-path is ignored when nfsroot= gives the path. */
	strcpy(ls.root_path, "iscsi:10.0.0.9::::iqn.2020-01.x:disk");
	resolve_ok(&s);
	assert_string_equal(s.server, "10.0.0.3");
	assert_string_equal(s.server_from, "from DHCP next-server (siaddr)");
}

static void test_rootpath_opts(void **state)
{
	struct nfsspec s;

	(void)state;
	strcpy(ls.root_path, "10.0.0.2:/srv/x,vers=3,rsize=8192,rw,nosuid,addr=1.2.3.4,,wsize=8192");
	resolve_ok(&s);
	assert_string_equal(s.path, "/srv/x");
	assert_int_equal(s.vers_mask, NFSSPEC_V3);
	assert_string_equal(s.opts, "rsize=8192,wsize=8192");

	/* user options follow root-path's, and the user's pin wins */
	strcpy(cl.nfs_opts, "vers=4.1,timeo=30");
	resolve_ok(&s);
	assert_int_equal(s.vers_mask, NFSSPEC_V41);
	assert_string_equal(s.opts, "rsize=8192,wsize=8192,timeo=30");
}

static void test_nfs_url(void **state)
{
	struct nfsspec s;

	(void)state;
	strcpy(ls.root_path, "nfs://10.0.0.2/srv/x");
	resolve_ok(&s);
	assert_string_equal(s.server, "10.0.0.2");
	assert_string_equal(s.path, "/srv/x");
	assert_string_equal(s.opts, "");

	strcpy(ls.root_path, "nfs://10.0.0.2:2050/srv/x,nconnect=4");
	resolve_ok(&s);
	assert_string_equal(s.path, "/srv/x");
	assert_string_equal(s.opts, "nconnect=4,port=2050");

	strcpy(ls.root_path, "nfs://[fd00::2]:2049/srv/y");
	resolve_ok(&s);
	assert_true(s.v6);
	assert_string_equal(s.server, "fd00::2");
	assert_string_equal(s.opts, "port=2049");
}

static void test_ipv6_rootpath_and_dev(void **state)
{
	struct nfsspec s;
	char dev[64];

	(void)state;
	strcpy(ls.root_path, "[fd00::1]:/srv/live");
	resolve_ok(&s);
	assert_true(s.v6);
	assert_string_equal(s.server, "fd00::1");
	assert_int_equal(nfsspec_render_dev(&s, dev, sizeof(dev)), 0);
	assert_string_equal(dev, "[fd00::1]:/srv/live");

	set_full("10.0.0.1", "/srv/live");
	resolve_ok(&s);
	assert_int_equal(nfsspec_render_dev(&s, dev, sizeof(dev)), 0);
	assert_string_equal(dev, "10.0.0.1:/srv/live");
	/* exactly fits, then one short: dst untouched */
	assert_int_equal(nfsspec_render_dev(&s, dev, 19), 0);
	memset(dev, 'x', sizeof(dev));
	assert_int_equal(nfsspec_render_dev(&s, dev, 18), -ENOBUFS);
	assert_int_equal(dev[0], 'x');
}

static void test_percent_s(void **state)
{
	struct nfsspec s;

	(void)state;
	set_full("10.0.0.1", "/srv/hosts/%s/live");
	resolve_ok(&s);
	assert_string_equal(s.path, "/srv/hosts/10.0.0.5/live");

	strcpy(cl.nfs_path, "/a/%s/%s/%d");
	resolve_ok(&s);
	assert_string_equal(s.path, "/a/10.0.0.5/10.0.0.5/%d");

	ls.yiaddr = 0;
	resolve_fails(-EINVAL, "client address is unknown");

	/* from root-path too */
	ls.yiaddr = IP(192, 168, 1, 20);
	cl.nfsroot = CMDLINE_NFSROOT_DHCP;
	strcpy(ls.root_path, "10.0.0.2:/clients/%s");
	resolve_ok(&s);
	assert_string_equal(s.path, "/clients/192.168.1.20");
}

static void test_errors(void **state)
{
	(void)state;
	/* no root-path in DHCP mode */
	ls.siaddr = IP(10, 0, 0, 3);
	resolve_fails(-ENOENT, "no NFS path");
	/* no server anywhere */
	cl.nfsroot = CMDLINE_NFSROOT_PATH;
	strcpy(cl.nfs_path, "/srv");
	ls.siaddr = 0;
	resolve_fails(-ENOENT, "no NFS server");
	/* neither an address nor a host name */
	set_full("nfs$server", "/srv");
	resolve_fails(-EINVAL, "neither an IP address nor a valid host name");
	set_full("-bad.example", "/srv");
	resolve_fails(-EINVAL, "neither");
	set_full("a..b", "/srv");
	resolve_fails(-EINVAL, "neither");
	set_full("0.0.0.0", "/srv");
	resolve_fails(-EINVAL, "not a host");
	set_full("10.0.0.1", "srv");
	resolve_fails(-EINVAL, "absolute");
	set_full("10.0.0.1", "/srv/../etc");
	resolve_fails(-EINVAL, "absolute");
	/* a byte >= 0x80 (0x9b is C1 CSI) in the path: it reaches the console */
	set_full("10.0.0.1", "/srv/\x9b[2J");
	resolve_fails(-EINVAL, "printable ASCII");
	set_full("10.0.0.1", "/srv/caf\xc3\xa9");
	resolve_fails(-EINVAL, "printable ASCII");
	/* bad options */
	set_full("10.0.0.1", "/srv");
	strcpy(cl.nfs_opts, "vers=5");
	resolve_fails(-EINVAL, "unknown NFS version");
	strcpy(cl.nfs_opts, "vers=3,minorversion=1");
	resolve_fails(-EINVAL, "minorversion= needs NFS version 4");
	strcpy(cl.nfs_opts, "minorversion=7");
	resolve_fails(-EINVAL, "unknown NFS version");
	strcpy(cl.nfs_opts, "sec=krb5;rm");
	resolve_fails(-EINVAL, "not allowed");
}

/* A host name is kept for the phase to resolve; nothing renders before
 * nfsspec_set_addr(), and a loopback or broadcast answer is refused. */
static void test_host_name(void **state)
{
	struct nfsspec s;
	char dev[300], opts[NFSSPEC_DATA_MAX];
	unsigned long fl;

	(void)state;
	set_full("vansen", "/srv/live");
	resolve_ok(&s);
	assert_string_equal(s.host, "vansen");
	assert_string_equal(s.server, "");
	assert_int_equal(s.server4, 0);
	assert_int_equal(nfsspec_render_dev(&s, dev, sizeof(dev)), -EDESTADDRREQ);
	assert_int_equal(nfsspec_render_opts(&s, NFSSPEC_V42, opts, sizeof(opts), &fl),
			 -EDESTADDRREQ);
	assert_int_equal(nfsspec_set_addr(&s, IP(127, 0, 0, 1)), -EINVAL);
	assert_int_equal(nfsspec_set_addr(&s, 0), -EINVAL);
	assert_int_equal(nfsspec_set_addr(&s, 0xffffffffu), -EINVAL);
	assert_string_equal(s.server, "");
	assert_int_equal(nfsspec_set_addr(&s, IP(192, 168, 1, 100)), 0);
	assert_int_equal(nfsspec_render_dev(&s, dev, sizeof(dev)), 0);
	assert_string_equal(dev, "192.168.1.100:/srv/live");
	assert_int_equal(nfsspec_render_opts(&s, NFSSPEC_V42, opts, sizeof(opts), &fl), 0);
	assert_non_null(strstr(opts, "addr=192.168.1.100"));
	assert_string_equal(s.host, "vansen");

	/* from root-path, and an address leaves host empty */
	cl.nfsroot = CMDLINE_NFSROOT_DHCP;
	strcpy(ls.root_path, "nfs.lab.example:/srv,vers=3");
	resolve_ok(&s);
	assert_string_equal(s.host, "nfs.lab.example");
	assert_int_equal(s.vers_mask, NFSSPEC_V3);
	strcpy(ls.root_path, "nfs://boot-1.lab:2050/srv");
	resolve_ok(&s);
	assert_string_equal(s.host, "boot-1.lab");
	assert_non_null(strstr(s.opts, "port=2050"));
	set_full("10.0.0.1", "/srv");
	resolve_ok(&s);
	assert_string_equal(s.host, "");
	assert_string_equal(s.server, "10.0.0.1");
}

static void test_bad_rootpaths(void **state)
{
	static const char *const bad[] = {
		"iscsi:10.0.0.9::::iqn.2020-01.x:disk",
		"server:path",
		":/x",
		"srv",
		"nfs://",
		"nfs://10.0.0.1",
		"nfs:///x",
		"nfs://10.0.0.1:0/x",
		"nfs://10.0.0.1:99999/x",
		"nfs://10.0.0.1:/x",
		"nfs://[fd00::1/x",
		"10.0.0.1:/a/../b",
		"10.0.0.1:/a b",
		"[fd00::1/x",
		"[fd00::1]/x",
		"10.0.0.1:",
	};

	(void)state;
	ls.siaddr = IP(10, 0, 0, 3);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(ls.root_path, bad[i]);
		resolve_fails(-EINVAL, NULL);
	}
	/* a DHCP-given server that is no name is refused like nfsroot='s */
	strcpy(ls.root_path, "nfs$server:/srv");
	resolve_fails(-EINVAL, "neither");
	strcpy(ls.root_path, "10.0.0.1:/srv,a b");
	resolve_fails(-EINVAL, "not allowed");
	/* a byte >= 0x80 in the DHCP root-path's path */
	strcpy(ls.root_path, "10.0.0.1:/srv/\x9b[2J");
	resolve_fails(-EINVAL, "printable ASCII");
}

static void test_vers_pins(void **state)
{
	static const struct {
		const char *opts;
		unsigned mask;
	} rows[] = {
		{ "", NFSSPEC_DEFAULT },
		{ "rsize=4096", NFSSPEC_DEFAULT },
		{ "vers=4", NFSSPEC_V4_ANY },
		{ "vers=4.0", NFSSPEC_V40 },
		{ "vers=4.1", NFSSPEC_V41 },
		{ "nfsvers=4.2", NFSSPEC_V42 },
		{ "nfsvers=3", NFSSPEC_V3 },
		{ "vers=2", NFSSPEC_V2 },
		{ "v3", NFSSPEC_V3 },
		{ "v4", NFSSPEC_V4_ANY },
		{ "v4.1", NFSSPEC_V41 },
		{ "minorversion=2", NFSSPEC_V42 },
		{ "vers=4,minorversion=1", NFSSPEC_V41 },
		{ "vers=3,vers=4.2", NFSSPEC_V42 }, /* last wins, as the kernel */
	};
	struct nfsspec s;

	(void)state;
	set_full("10.0.0.1", "/srv");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		strcpy(cl.nfs_opts, rows[i].opts);
		resolve_ok(&s);
		if (s.vers_mask != rows[i].mask)
			fail_msg("%s: mask %#x, want %#x", rows[i].opts, s.vers_mask, rows[i].mask);
		/* version options never reach the rendered user options */
		assert_null(strstr(s.opts, "vers"));
	}
}

static void test_ipv6_literals(void **state)
{
	static const char *const good[] = {
		"::1", "fd00::1", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4", "1::",
		"1:2:3:4:5:6:7::", "::", "FD00:0:0:0:0:0:0:ABCD", "1:2:3:4:5:6:1.2.3.4",
	};
	static const char *const bad[] = {
		"1:2:3:4:5:6:7:8:9", ":1", "1:::2", "1::2::3", "12345::",
		"1:2:3:4:5:6:7", "fe80::1%eth0", "g::1", "1:", "::1.2.3.4.5",
		"1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", ":::",
		"1:2:3:4:5:6:7::8", "1::2:3:4:5:6:7:8",
	};
	struct nfsspec s;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		set_full(good[i], "/srv");
		resolve_ok(&s);
		assert_true(s.v6);
		assert_string_equal(s.server, good[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		set_full(bad[i], "/srv");
		resolve_fails(-EINVAL, "IPv6");
	}
}

/* ---- versions and rendering ------------------------------------------- */

static void test_vers_order(void **state)
{
	struct nfsspec s;
	unsigned v;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.vers_mask = NFSSPEC_DEFAULT;
	v = nfsspec_vers_first(&s);
	assert_int_equal(v, NFSSPEC_V42);
	assert_string_equal(nfsspec_vers_name(v), "4.2");
	v = nfsspec_vers_next(&s, v);
	assert_string_equal(nfsspec_vers_name(v), "4.1");
	v = nfsspec_vers_next(&s, v);
	assert_string_equal(nfsspec_vers_name(v), "4.0");
	v = nfsspec_vers_next(&s, v);
	assert_string_equal(nfsspec_vers_name(v), "3");
	assert_int_equal(nfsspec_vers_next(&s, v), 0);

	s.vers_mask = NFSSPEC_V41 | NFSSPEC_V3;
	assert_int_equal(nfsspec_vers_first(&s), NFSSPEC_V41);
	assert_int_equal(nfsspec_vers_next(&s, NFSSPEC_V41), NFSSPEC_V3);
	s.vers_mask = NFSSPEC_V2;
	assert_int_equal(nfsspec_vers_first(&s), NFSSPEC_V2);
	assert_int_equal(nfsspec_vers_next(&s, NFSSPEC_V2), 0);
	s.vers_mask = 0;
	assert_int_equal(nfsspec_vers_first(&s), 0);
	assert_string_equal(nfsspec_vers_name(0), "?");
	assert_string_equal(nfsspec_vers_name(3), "?");
}

/* The portmapper's answer (nfsspec_set_v3_ports): NFS 3 first when both
 * NFS 3 over TCP and MOUNT 3 are listed and NFS 3 is wanted at all; a
 * failed first try puts the usual order back. */
static void test_vers_v3_first(void **state)
{
	struct nfsspec s;
	unsigned v;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.vers_mask = NFSSPEC_DEFAULT;
	/* not enough listed: nothing changes */
	assert_false(nfsspec_set_v3_ports(&s, 0, 20048, 0));
	assert_false(nfsspec_set_v3_ports(&s, 2049, 0, 0));
	assert_false(s.v3_first);
	assert_int_equal(nfsspec_vers_first(&s), NFSSPEC_V42);

	assert_true(nfsspec_set_v3_ports(&s, 2049, 20048, 0));
	assert_true(s.v3_first);
	assert_int_equal(s.v3_port, 2049);
	assert_int_equal(s.mnt_port, 20048);
	assert_false(s.mnt_udp);
	v = nfsspec_vers_first(&s);
	assert_int_equal(v, NFSSPEC_V3);
	v = nfsspec_vers_next(&s, v);
	assert_int_equal(v, NFSSPEC_V42);
	v = nfsspec_vers_next(&s, v);
	assert_int_equal(v, NFSSPEC_V41);
	v = nfsspec_vers_next(&s, v);
	assert_int_equal(v, NFSSPEC_V40);
	assert_int_equal(nfsspec_vers_next(&s, v), 0);

	/* the first try failed: 4.2 .. 4.0, then 3 again at its usual place */
	nfsspec_v3_failed(&s);
	assert_false(s.v3_first);
	assert_int_equal(nfsspec_vers_first(&s), NFSSPEC_V42);
	assert_int_equal(nfsspec_vers_next(&s, NFSSPEC_V40), NFSSPEC_V3);

	/* MOUNT only over UDP: taken, said as UDP */
	memset(&s, 0, sizeof(s));
	s.vers_mask = NFSSPEC_DEFAULT;
	assert_true(nfsspec_set_v3_ports(&s, 2049, 0, 635));
	assert_true(s.mnt_udp);
	assert_int_equal(s.mnt_port, 635);

	/* v3 not wanted (vers=4 pinned): the answer is ignored */
	memset(&s, 0, sizeof(s));
	s.vers_mask = NFSSPEC_V4_ANY;
	assert_false(nfsspec_set_v3_ports(&s, 2049, 20048, 20048));
	assert_int_equal(nfsspec_vers_first(&s), NFSSPEC_V42);

	/* v3 pinned: first anyway, now with the ports */
	memset(&s, 0, sizeof(s));
	s.vers_mask = NFSSPEC_V3;
	assert_true(nfsspec_set_v3_ports(&s, 2049, 20048, 0));
	assert_int_equal(nfsspec_vers_first(&s), NFSSPEC_V3);
	assert_int_equal(nfsspec_vers_next(&s, NFSSPEC_V3), 0);
}

static void render(const struct nfsspec *s, unsigned vers, const char *want)
{
	char buf[NFSSPEC_DATA_MAX];
	unsigned long flags = 0;

	assert_int_equal(nfsspec_render_opts(s, vers, buf, sizeof(buf), &flags), 0);
	assert_string_equal(buf, want);
	assert_int_equal(flags, MS_RDONLY | MS_NOSUID | MS_NODEV);
}

static void test_render_defaults(void **state)
{
	struct nfsspec s;

	(void)state;
	set_full("10.0.0.1", "/srv/live");
	resolve_ok(&s);
	render(&s, NFSSPEC_V42,
	       "vers=4.2,addr=10.0.0.1,clientaddr=10.0.0.5,proto=tcp,timeo=100,retrans=3,sec=sys");
	render(&s, NFSSPEC_V40,
	       "vers=4.0,addr=10.0.0.1,clientaddr=10.0.0.5,proto=tcp,timeo=100,retrans=3,sec=sys");
	render(&s, NFSSPEC_V3, "vers=3,addr=10.0.0.1,proto=tcp,timeo=100,retrans=3,sec=sys,nolock");

	/* no client address: no clientaddr= */
	ls.yiaddr = 0;
	resolve_ok(&s);
	render(&s, NFSSPEC_V41, "vers=4.1,addr=10.0.0.1,proto=tcp,timeo=100,retrans=3,sec=sys");

	/* IPv6: proto=tcp6 (proto=tcp would mismatch the address family) */
	ls.yiaddr = IP(10, 0, 0, 5);
	set_full("fd00::1", "/srv/live");
	resolve_ok(&s);
	render(&s, NFSSPEC_V42, "vers=4.2,addr=fd00::1,proto=tcp6,timeo=100,retrans=3,sec=sys");
}

static void test_render_user_overrides(void **state)
{
	struct nfsspec s;

	(void)state;
	set_full("10.0.0.1", "/srv/live");
	strcpy(cl.nfs_opts, "proto=udp,timeo=50,lock,port=2049,mountport=4002,ro,nodev");
	resolve_ok(&s);
	render(&s, NFSSPEC_V3,
	       "vers=3,addr=10.0.0.1,retrans=3,sec=sys,proto=udp,timeo=50,lock,port=2049,mountport=4002");

	strcpy(cl.nfs_opts, "tcp,retrans=7,clientaddr=10.9.9.9,local_lock=none");
	resolve_ok(&s);
	render(&s, NFSSPEC_V41,
	       "vers=4.1,addr=10.0.0.1,timeo=100,sec=sys,tcp,retrans=7,clientaddr=10.9.9.9,local_lock=none");
	render(&s, NFSSPEC_V3,
	       "vers=3,addr=10.0.0.1,timeo=100,sec=sys,tcp,retrans=7,clientaddr=10.9.9.9,local_lock=none");

	/* "timeout=" is not "timeo=": the default stays */
	strcpy(cl.nfs_opts, "timeout=5");
	resolve_ok(&s);
	render(&s, NFSSPEC_V3,
	       "vers=3,addr=10.0.0.1,proto=tcp,timeo=100,retrans=3,sec=sys,nolock,timeout=5");

	/* the user's sec= replaces sec=sys; "secure" is not "sec=" */
	strcpy(cl.nfs_opts, "sec=krb5i");
	resolve_ok(&s);
	render(&s, NFSSPEC_V42,
	       "vers=4.2,addr=10.0.0.1,clientaddr=10.0.0.5,proto=tcp,timeo=100,retrans=3,sec=krb5i");
	strcpy(cl.nfs_opts, "secure");
	resolve_ok(&s);
	render(&s, NFSSPEC_V3,
	       "vers=3,addr=10.0.0.1,proto=tcp,timeo=100,retrans=3,sec=sys,nolock,secure");
}

/* The ports from the portmapper go to a v3 mount only, and only when the
 * user named no port and no transport. */
static void test_render_v3_ports(void **state)
{
	struct nfsspec s;

	(void)state;
	set_full("10.0.0.1", "/srv/live");
	resolve_ok(&s);
	assert_true(nfsspec_set_v3_ports(&s, 2049, 20048, 0));
	render(&s, NFSSPEC_V3,
	       "vers=3,addr=10.0.0.1,proto=tcp,timeo=100,retrans=3,sec=sys,nolock,"
	       "port=2049,mountport=20048,mountproto=tcp");
	render(&s, NFSSPEC_V42,
	       "vers=4.2,addr=10.0.0.1,clientaddr=10.0.0.5,proto=tcp,timeo=100,retrans=3,sec=sys");
	resolve_ok(&s);
	assert_true(nfsspec_set_v3_ports(&s, 2050, 0, 635));
	render(&s, NFSSPEC_V3,
	       "vers=3,addr=10.0.0.1,proto=tcp,timeo=100,retrans=3,sec=sys,nolock,"
	       "port=2050,mountport=635,mountproto=udp");

	/* the user's port or transport: the kernel asks the portmapper */
	strcpy(cl.nfs_opts, "mountport=4002");
	resolve_ok(&s);
	assert_true(nfsspec_set_v3_ports(&s, 2049, 20048, 0));
	render(&s, NFSSPEC_V3,
	       "vers=3,addr=10.0.0.1,proto=tcp,timeo=100,retrans=3,sec=sys,nolock,mountport=4002");
	strcpy(cl.nfs_opts, "udp");
	resolve_ok(&s);
	assert_true(nfsspec_set_v3_ports(&s, 2049, 20048, 0));
	render(&s, NFSSPEC_V3, "vers=3,addr=10.0.0.1,timeo=100,retrans=3,sec=sys,nolock,udp");
}

static void test_render_errors(void **state)
{
	struct nfsspec s;
	char buf[NFSSPEC_DATA_MAX];
	unsigned long flags = 42;
	size_t need;

	(void)state;
	set_full("10.0.0.1", "/srv/live");
	strcpy(cl.nfs_opts, "vers=4");
	resolve_ok(&s);
	assert_int_equal(nfsspec_render_opts(&s, NFSSPEC_V3, buf, sizeof(buf), &flags), -EINVAL);
	assert_int_equal(nfsspec_render_opts(&s, 0, buf, sizeof(buf), &flags), -EINVAL);
	assert_int_equal(nfsspec_render_opts(&s, NFSSPEC_V42 | NFSSPEC_V41, buf, sizeof(buf), &flags),
			 -EINVAL);
	assert_int_equal(flags, 42);

	assert_int_equal(nfsspec_render_opts(&s, NFSSPEC_V42, buf, sizeof(buf), &flags), 0);
	need = strlen(buf) + 1;
	memset(buf, 'x', sizeof(buf));
	flags = 42;
	assert_int_equal(nfsspec_render_opts(&s, NFSSPEC_V42, buf, need - 1, &flags), -ENOBUFS);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(flags, 42);
	assert_int_equal(nfsspec_render_opts(&s, NFSSPEC_V42, buf, need, &flags), 0);
}

/* ---- the options the kernel shows ---------------------------------------- */

static void test_mounted_opts(void **state)
{
	static const char mounts[] =
		"rootfs / rootfs rw 0 0\n"
		"proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
		"10.0.2.2:/export /run/netboot/nfs nfs4 ro,nosuid,nodev,relatime,vers=4.2,"
		"rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=100,retrans=3,"
		"sec=sys,clientaddr=10.0.2.15,local_lock=none,addr=10.0.2.2 0 0\n"
		"10.0.2.2:/export /run/netboot/nfs2 nfs ro,vers=3 0 0\n"
		"srv:/a\\040b /mnt/with\\040space nfs ro,vers=3,sec=sys 0 0\n"
		"10.0.2.2:/other /run/netboot/nfs nfs ro,vers=3,nolock 0 0";
	char buf[512];

	(void)state;
	/* the last mount on the point wins; no trailing newline needed */
	assert_int_equal(nfsspec_mounted_opts(mounts, strlen(mounts), "/run/netboot/nfs", buf,
					      sizeof(buf)), 0);
	assert_string_equal(buf, "ro,vers=3,nolock");
	/* the first of the two, when the text ends before the second */
	assert_int_equal(nfsspec_mounted_opts(mounts, (size_t)(strstr(mounts, "10.0.2.2:/other") - mounts),
					      "/run/netboot/nfs", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ro,nosuid,nodev,relatime,vers=4.2,rsize=1048576,wsize=1048576,"
				 "namlen=255,hard,proto=tcp,timeo=100,retrans=3,sec=sys,"
				 "clientaddr=10.0.2.15,local_lock=none,addr=10.0.2.2");
	/* a prefix of a mount point is not it */
	assert_int_equal(nfsspec_mounted_opts(mounts, strlen(mounts), "/run/netboot", buf,
					      sizeof(buf)), -ENOENT);
	/* \040 is a space */
	assert_int_equal(nfsspec_mounted_opts(mounts, strlen(mounts), "/mnt/with space", buf,
					      sizeof(buf)), 0);
	assert_string_equal(buf, "ro,vers=3,sec=sys");
	assert_int_equal(nfsspec_mounted_opts(mounts, strlen(mounts), "/mnt/with\\040space", buf,
					      sizeof(buf)), -ENOENT);
	assert_int_equal(nfsspec_mounted_opts("", 0, "/", buf, sizeof(buf)), -ENOENT);
	/* a line with fewer than four fields is no mount */
	assert_int_equal(nfsspec_mounted_opts("a /x nfs\n", 9, "/x", buf, sizeof(buf)), -ENOENT);
	/* too small: -ENOBUFS and dst untouched */
	strcpy(buf, "keep");
	assert_int_equal(nfsspec_mounted_opts(mounts, strlen(mounts), "/run/netboot/nfs", buf, 16),
			 -ENOBUFS);
	assert_string_equal(buf, "keep");
	assert_int_equal(nfsspec_mounted_opts(mounts, strlen(mounts), "/run/netboot/nfs", buf, 17),
			 0);
	/* a control byte in the options is refused (the report prints them) */
	{
		static const char ctl[] = "a /x nfs ro,\033[2J 0 0\n";

		assert_int_equal(nfsspec_mounted_opts(ctl, strlen(ctl), "/x", buf, sizeof(buf)),
				 -EBADMSG);
	}
}

/* ---- errors -------------------------------------------------------------- */

static void test_classify(void **state)
{
	static const struct {
		int err;
		enum nfsspec_verdict v;
	} rows[] = {
		{ ECONNREFUSED, NFSSPEC_TRANSIENT }, { EHOSTUNREACH, NFSSPEC_TRANSIENT },
		{ ENETUNREACH, NFSSPEC_TRANSIENT }, { ETIMEDOUT, NFSSPEC_TRANSIENT },
		{ EIO, NFSSPEC_TRANSIENT }, { EAGAIN, NFSSPEC_TRANSIENT },
		{ ESTALE, NFSSPEC_TRANSIENT }, { ENETDOWN, NFSSPEC_TRANSIENT },
		{ EPROTONOSUPPORT, NFSSPEC_NEXT_VERSION }, { EPROTO, NFSSPEC_NEXT_VERSION },
		{ EOPNOTSUPP, NFSSPEC_NEXT_VERSION },
		{ EACCES, NFSSPEC_PERMANENT }, { EPERM, NFSSPEC_PERMANENT },
		{ ENOENT, NFSSPEC_PERMANENT }, { ENOTDIR, NFSSPEC_PERMANENT },
		{ EINVAL, NFSSPEC_PERMANENT }, { ENODEV, NFSSPEC_PERMANENT },
		{ EBUSY, NFSSPEC_PERMANENT },
		{ EXDEV, NFSSPEC_TRANSIENT }, /* unknown: retried within budget */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(nfsspec_classify(rows[i].err), rows[i].v);
		assert_int_equal(nfsspec_classify(-rows[i].err), rows[i].v);
	}
	assert_string_equal(nfsspec_verdict_name[NFSSPEC_NEXT_VERSION], "next-version");
}

static void explain(const struct nfsspec *s, unsigned vers, int err, const char *want)
{
	char buf[512];

	assert_int_equal(nfsspec_explain(s, vers, err, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
}

static void test_explain(void **state)
{
	struct nfsspec s;
	char buf[16];

	(void)state;
	set_full("10.0.0.1", "/srv/x");
	resolve_ok(&s);
	explain(&s, NFSSPEC_V42, -ECONNREFUSED,
		"the server refused the connection: is nfs-server running on 10.0.0.1?");
	explain(&s, NFSSPEC_V3, ECONNREFUSED,
		"the server refused the connection: is nfs-server running on 10.0.0.1 (and rpcbind, for NFSv3)?");
	explain(&s, NFSSPEC_V3, -EACCES,
		"access denied: check /etc/exports on 10.0.0.1 for this client (10.0.0.5)");
	explain(&s, NFSSPEC_V3, -ENOENT, "no such export: 10.0.0.1 does not export /srv/x");
	explain(&s, NFSSPEC_V40, -ENOENT,
		"no such export: 10.0.0.1 does not export /srv/x (with NFSv4 and an fsid=0 export, paths are relative to it)");
	explain(&s, NFSSPEC_V41, -EPROTONOSUPPORT,
		"NFS version 4.1 is not available (on 10.0.0.1, or in this kernel)");
	explain(&s, NFSSPEC_V41, -ENODEV,
		"this kernel has no NFS client: add the nfs module to the initrd");
	explain(&s, NFSSPEC_V3, -EXDEV,
		"mounting 10.0.0.1:/srv/x with NFS 3 failed (errno 18)");
	explain(&s, NFSSPEC_V3, -ETIMEDOUT,
		"10.0.0.1 did not answer in time: is it up, and does its firewall let NFS through (TCP 2049, 111 and mountd's port)?");

	ls.yiaddr = 0;
	set_full("10.0.0.1", "/srv/x");
	resolve_ok(&s);
	explain(&s, NFSSPEC_V3, -EPERM, "access denied: check /etc/exports on 10.0.0.1 for this client");

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(nfsspec_explain(&s, NFSSPEC_V3, -EIO, buf, sizeof(buf)), -ENOBUFS);
	assert_int_equal(buf[0], 'x');
}

/* ---- backoff ------------------------------------------------------------- */

static void test_backoff(void **state)
{
	static const struct {
		unsigned attempt, lo, hi;
	} rows[] = {
		{ 0, 250, 500 }, { 1, 500, 1000 }, { 2, 1000, 2000 }, { 3, 2000, 4000 },
		{ 4, 4000, 8000 }, { 5, 5000, 10000 }, { 6, 5000, 10000 },
		{ 1000, 5000, 10000 }, { ~0u, 5000, 10000 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(nfsspec_backoff_ms(rows[i].attempt, 0), rows[i].lo);
		assert_int_equal(nfsspec_backoff_ms(rows[i].attempt, rows[i].hi - rows[i].lo),
				 rows[i].hi);
		for (uint32_t rnd = 1; rnd < 100000u; rnd = rnd * 3 + 7) {
			unsigned d = nfsspec_backoff_ms(rows[i].attempt, rnd);

			assert_in_range(d, rows[i].lo, rows[i].hi);
		}
		assert_in_range(nfsspec_backoff_ms(rows[i].attempt, UINT32_MAX),
				rows[i].lo, rows[i].hi);
	}
	/* jitter actually varies */
	assert_int_not_equal(nfsspec_backoff_ms(3, 1), nfsspec_backoff_ms(3, 2));
}

static void test_backoff_budget(void **state)
{
	unsigned d = 12345;

	(void)state;
	assert_int_equal(nfsspec_backoff_next(0, 0, 0, 60000, &d), 0);
	assert_int_equal(d, 250);
	assert_int_equal(nfsspec_backoff_next(5, 0, 59000, 60000, &d), 0);
	assert_int_equal(d, 1000); /* clipped to what remains */
	d = 12345;
	assert_int_equal(nfsspec_backoff_next(0, 0, 60000, 60000, &d), -ETIMEDOUT);
	assert_int_equal(nfsspec_backoff_next(0, 0, 90000, 60000, &d), -ETIMEDOUT);
	assert_int_equal(d, 12345);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_full, setup),
		cmocka_unit_test_setup(test_dhcp_rootpath_server, setup),
		cmocka_unit_test_setup(test_dhcp_server_fallbacks, setup),
		cmocka_unit_test_setup(test_path_mode, setup),
		cmocka_unit_test_setup(test_rootpath_opts, setup),
		cmocka_unit_test_setup(test_nfs_url, setup),
		cmocka_unit_test_setup(test_ipv6_rootpath_and_dev, setup),
		cmocka_unit_test_setup(test_percent_s, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test_setup(test_host_name, setup),
		cmocka_unit_test_setup(test_bad_rootpaths, setup),
		cmocka_unit_test_setup(test_vers_pins, setup),
		cmocka_unit_test_setup(test_ipv6_literals, setup),
		cmocka_unit_test_setup(test_vers_order, setup),
		cmocka_unit_test_setup(test_render_defaults, setup),
		cmocka_unit_test_setup(test_render_user_overrides, setup),
		cmocka_unit_test_setup(test_render_errors, setup),
		cmocka_unit_test_setup(test_mounted_opts, setup),
		cmocka_unit_test_setup(test_vers_v3_first, setup),
		cmocka_unit_test_setup(test_render_v3_ports, setup),
		cmocka_unit_test_setup(test_classify, setup),
		cmocka_unit_test_setup(test_explain, setup),
		cmocka_unit_test_setup(test_backoff, setup),
		cmocka_unit_test_setup(test_backoff_budget, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
