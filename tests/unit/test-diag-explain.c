/*
 * test-diag-explain.c - netboot-diag's pure parts: every failure kind
 * renders a cause and a fix naming the right command, the error paths of
 * explain_render() leave out untouched, export coverage on '/' boundaries,
 * export-list joining and truncation, the verdict, runconf_parse_state()
 * reading netboot's RUNDIR/net.state back (the lease source netboot's own
 * mount phase reads) and runconf_parse() reading /run/net-DEV.conf back
 * (quoting, bad values, absence); for netboot=http, the HTTP kinds' words
 * (need/have, the status, the whole ISO's fallback and its RAM), the ISO
 * rule, the tree an image URL belongs to, and the verdict over several
 * URLs (failover, a fallback, RAM).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "explain.h"
#include "runconf.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			(uint32_t)(c) << 8 | (uint32_t)(d))

static struct explain_ctx ctx(void)
{
	struct explain_ctx x;

	memset(&x, 0, sizeof(x));
	x.server = "10.0.0.1";
	x.path = "/srv/live";
	x.exports = "/srv/other, /home";
	x.boot = "casper";
	x.want = "casper/filesystem.squashfs";
	x.found = "live/filesystem.squashfs";
	x.detail = "the library's words";
	x.comp = "zstd";
	x.uuid_initrd = "aaaa";
	x.uuid_disk = "bbbb";
	x.size = 1000;
	x.bytes_used = 2000;
	x.version_major = 3;
	return x;
}

static void has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("\"%s\" not in \"%s\"", needle, hay);
}

static void test_every_kind_renders(void **state)
{
	struct explain_ctx x = ctx();
	struct explain_msg m;
	unsigned k;

	(void)state;
	for (k = 1; k < DIAG_KIND_COUNT; k++) {
		assert_int_equal(explain_render((enum diag_kind)k, &x, &m), 0);
		assert_true(strlen(m.cause) > 10);
		assert_true(strlen(m.fix) > 10);
		assert_non_null(diag_kind_name[k]);
		assert_string_not_equal(explain_headline((enum diag_kind)k), "unknown problem");
		/* NULL context: "?" placeholders, never a crash. */
		assert_int_equal(explain_render((enum diag_kind)k, NULL, &m), 0);
	}
}

static void test_render_errors_leave_out(void **state)
{
	struct explain_msg m;

	(void)state;
	memset(&m, 'x', sizeof(m));
	m.cause[0] = 'Q';
	assert_int_equal(explain_render(DIAG_OK, NULL, &m), -EINVAL);
	assert_int_equal(explain_render(DIAG_KIND_COUNT, NULL, &m), -EINVAL);
	assert_int_equal(explain_render((enum diag_kind)-1, NULL, &m), -EINVAL);
	assert_int_equal(m.cause[0], 'Q');
}

static void test_render_too_long(void **state)
{
	static char longpath[EXPLAIN_MSG_MAX + 10];
	struct explain_ctx x = ctx();
	struct explain_msg m;

	(void)state;
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	x.path = longpath;
	m.cause[0] = 'Q';
	assert_int_equal(explain_render(DIAG_EXP_MISSING, &x, &m), -ENOBUFS);
	assert_int_equal(m.cause[0], 'Q');
}

static void test_messages(void **state)
{
	struct explain_ctx x = ctx();
	struct explain_msg m;

	(void)state;
	assert_int_equal(explain_render(DIAG_SRV_REFUSED, &x, &m), 0);
	has(m.cause, "nothing listens on 10.0.0.1:2049: is the NFS server running?");
	has(m.fix, "systemctl status nfs-server");

	assert_int_equal(explain_render(DIAG_SRV_TIMEOUT, &x, &m), 0);
	has(m.cause, "no answer from 10.0.0.1: firewall or wrong address");

	assert_int_equal(explain_render(DIAG_EXP_MISSING, &x, &m), 0);
	has(m.cause, "10.0.0.1 does not export /srv/live; it exports: /srv/other, /home");
	has(m.fix, "/srv/live  *(ro,no_subtree_check,no_root_squash)");
	has(m.fix, "exportfs -ra");

	assert_int_equal(explain_render(DIAG_MNT_DENIED, &x, &m), 0);
	has(m.fix, "/etc/exports");
	has(m.fix, "no_root_squash");

	assert_int_equal(explain_render(DIAG_MEDIA_MOVED, &x, &m), 0);
	has(m.cause, "found filesystem.squashfs at live/ instead of casper/filesystem.squashfs");
	has(m.fix, "use live-media-path=/live or boot=live");

	x.boot = "live";
	x.want = "live/filesystem.squashfs";
	x.found = "casper/filesystem.squashfs";
	assert_int_equal(explain_render(DIAG_MEDIA_MOVED, &x, &m), 0);
	has(m.fix, "use live-media-path=/casper or boot=casper");

	x.found = "images/filesystem.squashfs";
	assert_int_equal(explain_render(DIAG_MEDIA_MOVED, &x, &m), 0);
	has(m.fix, "use live-media-path=/images on");

	x.hint = "found the layered image casper/minimal.squashfs; use layerfs-path=minimal.squashfs";
	assert_int_equal(explain_render(DIAG_MEDIA_MOVED, &x, &m), 0);
	assert_string_equal(m.fix, x.hint);
	x = ctx();

	assert_int_equal(explain_render(DIAG_SQ_TRUNCATED, &x, &m), 0);
	has(m.cause, "needs 2000 bytes, the file has 1000");

	assert_int_equal(explain_render(DIAG_SQ_VERSION, &x, &m), 0);
	has(m.cause, "squashfs 3.0");

	assert_int_equal(explain_render(DIAG_SQ_COMP, &x, &m), 0);
	has(m.cause, "zstd-compressed");

	assert_int_equal(explain_render(DIAG_DISK_NOINFO, &x, &m), 0);
	has(m.cause, "Please provide a name for this Disc");
	has(m.fix, "cp -a /mnt/.disk /srv/live/");

	assert_int_equal(explain_render(DIAG_UUID_MISMATCH, &x, &m), 0);
	has(m.cause, "casper will reject this export");
	has(m.fix, "boot with ignore_uuid or copy the matching initrd");
}

static void test_severity(void **state)
{
	(void)state;
	assert_int_equal(explain_severity(DIAG_PMAP_DOWN), EXPLAIN_WARN);
	assert_int_equal(explain_severity(DIAG_EXP_UNLISTED), EXPLAIN_WARN);
	assert_int_equal(explain_severity(DIAG_SRV_REFUSED), EXPLAIN_FAIL);
	assert_int_equal(explain_severity(DIAG_DISK_NOINFO), EXPLAIN_FAIL);
}

static void test_export_match(void **state)
{
	static const struct {
		const char *path;
		const char *ex[4];
		size_t n;
		int want;
	} rows[] = {
		{ "/srv/live", { "/srv/live" }, 1, 0 },
		{ "/srv/live/", { "/srv/live" }, 1, 0 },
		{ "/srv/live", { "/srv/live/" }, 1, 0 },
		{ "/srv/live/noble", { "/srv" }, 1, 0 },
		{ "/srvx", { "/srv" }, 1, -ENOENT },
		{ "/srv", { "/srv/live" }, 1, -ENOENT },
		{ "/srv/live", { "/", "/srv", "/srv/live", "/x" }, 4, 2 },
		{ "/anything", { "/x", "/" }, 2, 1 },
		{ "/srv/live", { "relative", NULL }, 2, -ENOENT },
		{ "/srv/live", { NULL }, 0, -ENOENT },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int r = explain_export_match(rows[i].path, rows[i].ex, rows[i].n);

		if (r != rows[i].want)
			fail_msg("row %zu: %s -> %d, want %d", i, rows[i].path, r,
				 rows[i].want);
	}
	assert_int_equal(explain_export_match(NULL, NULL, 0), -ENOENT);
}

static void test_join_exports(void **state)
{
	const char *ex[] = { "/a", "/bb", "/ccc" };
	char buf[64], small[16];

	(void)state;
	assert_int_equal(explain_join_exports(ex, 3, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/a, /bb, /ccc");
	assert_int_equal(explain_join_exports(ex, 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "(none)");
	assert_int_equal(explain_join_exports(ex, 3, small, sizeof(small)), 0);
	assert_string_equal(small, "/a, /bb, ...");
	assert_int_equal(explain_join_exports(ex, 3, buf, 8), -ENOBUFS);
}

static void test_verdict(void **state)
{
	char buf[300];

	(void)state;
	assert_int_equal(explain_verdict(DIAG_OK, 0, "", 0, buf, sizeof(buf)), 0);
	has(buf, "verdict: the network, the server");
	assert_int_equal(explain_verdict(DIAG_OK, 0, "", 2, buf, sizeof(buf)), 0);
	has(buf, "read the 2 warnings above");
	assert_int_equal(explain_verdict(DIAG_SRV_REFUSED, 2, "server", 0, buf,
					 sizeof(buf)), 0);
	has(buf, "fails at step 2 (server): the NFS server is not running");
	buf[0] = 'Q';
	assert_int_equal(explain_verdict(DIAG_OK, 0, "", 0, buf, 10), -ENOBUFS);
	assert_int_equal(buf[0], 'Q');
}

static void test_is_squashfs(void **state)
{
	(void)state;
	assert_true(explain_is_squashfs("filesystem.squashfs"));
	assert_true(explain_is_squashfs("a.squashfs"));
	assert_false(explain_is_squashfs(".squashfs"));
	assert_false(explain_is_squashfs("filesystem.squashfs.md5"));
	assert_false(explain_is_squashfs(""));
	assert_false(explain_is_squashfs(NULL));
}

static void test_runconf(void **state)
{
	static const char text[] =
		"DEVICE='eth1'\n"
		"PROTO='dhcp'\n"
		"IPV4ADDR='10.0.2.15'\n"
		"IPV4NETMASK='255.255.255.0'\n"
		"IPV4GATEWAY='10.0.2.1'\n"
		"ROOTSERVER='10.0.2.2'\n"
		"ROOTPATH='10.0.2.2:/srv/it'\\''s,vers=3'\n"
		"IPV4DNS0='0.0.0.0'\n"
		"IPV4DNS1='10.0.2.3'\n"
		"garbage line without equals\n"
		"=novalue\n";
	struct lease l;
	char dev[CMDLINE_IFNAME_MAX];

	(void)state;
	assert_int_equal(runconf_parse(text, sizeof(text) - 1, &l, dev), 0);
	assert_string_equal(dev, "eth1");
	assert_int_equal(l.yiaddr, IP(10, 0, 2, 15));
	assert_int_equal(l.netmask, IP(255, 255, 255, 0));
	assert_int_equal(l.router, IP(10, 0, 2, 1));
	assert_int_equal(l.siaddr, IP(10, 0, 2, 2));
	assert_string_equal(l.root_path, "10.0.2.2:/srv/it's,vers=3");
	assert_int_equal(l.n_dns, 1); /* ipconfig writes 0.0.0.0 for none */
	assert_int_equal(l.dns[0], IP(10, 0, 2, 3));
}

static void test_runconf_bad_values(void **state)
{
	static const char bad[] =
		"DEVICE='eth0'\n"
		"IPV4ADDR='10.0.2.999'\n"      /* not a quad: ignored */
		"ROOTSERVER='10.0.2.2\n"        /* unterminated: ignored */
		"ROOTPATH='a\tb'\n";            /* control byte: ignored */
	static const char none[] = "PROTO='dhcp'\nHOSTNAME='x'\n";
	struct lease l;
	char dev[CMDLINE_IFNAME_MAX] = "keep";

	(void)state;
	assert_int_equal(runconf_parse(bad, sizeof(bad) - 1, &l, dev), 0);
	assert_int_equal(l.yiaddr, 0);
	assert_int_equal(l.siaddr, 0);
	assert_string_equal(l.root_path, "");
	strcpy(dev, "keep");
	assert_int_equal(runconf_parse(none, sizeof(none) - 1, &l, dev), -ENOENT);
	assert_string_equal(dev, "keep");
	assert_int_equal(runconf_parse("", 0, &l, dev), -ENOENT);
}

/* net.state as src/phase/apply.c writes it (core/paramconf.c). */
static void test_runconf_state(void **state)
{
	static const char text[] =
		"DEVICE='enp3s0'\n"
		"MAC='52:54:00:12:34:56'\n"
		"REASON='BOOTIF= names it'\n"
		"ADDRESS='10.0.2.15'\n"
		"ROOTSERVER='10.0.2.2'\n"
		"SIADDR='10.0.2.2'\n"
		"SERVERID='10.0.2.3'\n"
		"ROOTPATH='10.0.2.2:/srv/it'\\''s'\n"
		"PROTO='dhcp'\n"
		"DNS0='10.0.2.3'\n"
		"DNS1='0.0.0.0'\n"
		"DNS2='not an address'\n"
		"RAPID_COMMIT='0'\n"
		"BOUND_MS='1234'\n";
	static const char stat[] =
		"DEVICE='eth0'\nADDRESS='192.168.1.9'\nSIADDR='0.0.0.0'\n"
		"SERVERID='0.0.0.0'\nROOTPATH=''\nPROTO='none'\n";
	struct lease l;
	char dev[CMDLINE_IFNAME_MAX];

	(void)state;
	assert_int_equal(runconf_parse_state(text, sizeof(text) - 1, &l, dev), 0);
	assert_string_equal(dev, "enp3s0");
	assert_int_equal(l.yiaddr, IP(10, 0, 2, 15));
	assert_int_equal(l.siaddr, IP(10, 0, 2, 2));
	assert_int_equal(l.server_id, IP(10, 0, 2, 3));
	assert_string_equal(l.root_path, "10.0.2.2:/srv/it's");
	assert_false(l.is_static);
	assert_int_equal(l.n_dns, 1);
	assert_int_equal(l.dns[0], IP(10, 0, 2, 3));
	assert_int_equal(runconf_parse_state(stat, sizeof(stat) - 1, &l, dev), 0);
	assert_int_equal(l.n_dns, 0);
	assert_string_equal(dev, "eth0");
	assert_int_equal(l.yiaddr, IP(192, 168, 1, 9));
	assert_int_equal(l.siaddr, 0);
	assert_string_equal(l.root_path, "");
	assert_true(l.is_static);
	/* net-DEV.conf's keys are not net.state's: nothing taken */
	assert_int_equal(runconf_parse_state("IPV4ADDR='10.0.2.15'\n", 21, &l, dev),
			 -ENOENT);
}

static void test_runconf_state_bad_values(void **state)
{
	static const char bad[] =
		"DEVICE='eth\033[2J'\n"        /* control byte: ignored */
		"ADDRESS='10.0.2.015'\n"       /* leading zero: ignored */
		"SIADDR=10.0.2.2;reboot\n"     /* not a bare word: ignored */
		"SERVERID='10.0.2.3\n"         /* unterminated: ignored */
		"ROOTPATH='a\tb'\n";           /* control byte: ignored */
	static const char later[] =
		"DEVICE='eth0'\nDEVICE='eth1'\nADDRESS='10.0.0.1'\n";
	static const char empty_dev[] = "DEVICE=''\nPROTO='dhcp'\n";
	struct lease l;
	char dev[CMDLINE_IFNAME_MAX] = "keep";

	(void)state;
	assert_int_equal(runconf_parse_state(bad, sizeof(bad) - 1, &l, dev), -ENOENT);
	assert_string_equal(dev, "keep");
	assert_int_equal(runconf_parse_state(empty_dev, sizeof(empty_dev) - 1, &l, dev),
			 -ENOENT);
	assert_int_equal(runconf_parse_state("", 0, &l, dev), -ENOENT);
	assert_string_equal(dev, "keep");
	/* the last line of a key wins, as when a shell sources the file */
	assert_int_equal(runconf_parse_state(later, sizeof(later) - 1, &l, dev), 0);
	assert_string_equal(dev, "eth1");
	assert_int_equal(l.yiaddr, IP(10, 0, 0, 1));
}

static void test_http_messages(void **state)
{
	struct explain_ctx x = ctx();
	struct explain_msg m;

	(void)state;
	x.server = "img.test:8080";
	x.path = "/live/filesystem.squashfs";
	x.url = "http://img.test:8080/live/filesystem.squashfs";
	x.status = 404;
	assert_int_equal(explain_render(DIAG_HTTP_NOTFOUND, &x, &m), 0);
	has(m.cause, "img.test:8080 answers HTTP 404 for /live/filesystem.squashfs");
	has(m.fix, "url=");
	x.status = 503;
	assert_int_equal(explain_render(DIAG_HTTP_STATUS, &x, &m), 0);
	has(m.cause, "HTTP 503");
	has(m.fix, "error log");
	x.size = 4000ull << 20;
	x.need = (4000ull + 256) << 20;
	x.have = 1500ull << 20;
	assert_int_equal(explain_render(DIAG_HTTP_RAM, &x, &m), 0);
	has(m.cause, "need 4256 MiB (the image's 4000 MiB and 256 MiB for the running system), have 1500 MiB available");
	has(m.fix, "more RAM");
	has(m.fix, "netboot=nfs");
	x.detail = "HTTP 200 and the whole file for bytes=0-0";
	assert_int_equal(explain_render(DIAG_HTTP_NORANGES, &x, &m), 0);
	has(m.cause, "does not answer range requests (HTTP 200 and the whole file for bytes=0-0): a dropped");
	x.size = 5800ull << 20;
	assert_int_equal(explain_render(DIAG_HTTP_NORANGES_ISO, &x, &m), 0);
	has(m.cause, "so it fetches the whole ISO (5800.0 MiB) into RAM and loop-mounts it");
	has(m.cause, "netboot-diag cannot look inside the ISO");
	has(m.fix, "does ranges");
	x.size = 0;
	assert_int_equal(explain_render(DIAG_HTTP_NORANGES_ISO, &x, &m), 0);
	has(m.cause, "fetches the whole ISO into RAM");
	/* the whole ISO: the reason, its size; RAM against the ISO's size */
	x.url = "http://img.test:8080/ubuntu.iso";
	x.detail = "this ISO holds casper's layered images (/casper/minimal*.squashfs), not one image";
	x.size = 6000ull << 20;
	assert_int_equal(explain_render(DIAG_HTTP_ISO_WHOLE, &x, &m), 0);
	has(m.cause, "ubuntu.iso: this ISO holds casper's layered images");
	has(m.cause, "fetches the whole ISO (6000.0 MiB) into RAM");
	has(m.fix, "netboot=nfs");
	x.need = (6000ull + 256) << 20;
	x.have = 3000ull << 20;
	x.detail = "the server does not answer range requests";
	x.hint = "serve the ISO with a web server that does ranges";
	assert_int_equal(explain_render(DIAG_HTTP_RAM_ISO, &x, &m), 0);
	has(m.cause, "the whole ISO goes into RAM (the server does not answer range requests): need 6256 MiB (the ISO's 6000 MiB and 256 MiB for the running system), have 3000 MiB available");
	has(m.fix, "serve the ISO with a web server that does ranges; or give the machine more RAM");
	x.hint = NULL;
	assert_int_equal(explain_render(DIAG_HTTP_RAM_ISO, &x, &m), 0);
	has(m.fix, "give the machine more RAM, or boot over NFS");
	x.detail = "bytes=0-0 answered with bytes 5-9/100";
	assert_int_equal(explain_render(DIAG_HTTP_RANGES_BAD, &x, &m), 0);
	has(m.cause, "with other bytes than asked (bytes=0-0 answered with bytes 5-9/100)");
	x.want = "casper/filesystem.squashfs";
	x.found = "casper/minimal.standard.live.squashfs";
	x.hint = "use layerfs-path=minimal.standard.live.squashfs on the kernel command line";
	assert_int_equal(explain_render(DIAG_HTTP_ISO_NOIMAGE, &x, &m), 0);
	has(m.cause, "it has casper/minimal.standard.live.squashfs");
	has(m.fix, "layerfs-path=minimal.standard.live.squashfs");
	x.hint = NULL;
	x.found = NULL;
	x.detail = "netboot fetches the whole ISO, which it compares with no checksum list";
	assert_int_equal(explain_render(DIAG_HTTP_NOSUMS, &x, &m), 0);
	has(m.cause, "no netboot.sha256=, and netboot fetches the whole ISO");
	x.size = 1000;
	x.url = NULL;
	x.need = x.have = 0;
	x.detail = "HTTP 200 and the whole file for bytes=0-0";
	x.detail = NULL;
	assert_int_equal(explain_render(DIAG_HTTP_NORANGES, &x, &m), 0);
	has(m.cause, "does not answer range requests: a dropped");
	x.server = "img.test";
	assert_int_equal(explain_render(DIAG_HTTP_NODNS, &x, &m), 0);
	has(m.cause, "names the host img.test");
	has(m.fix, "dhcp-option=6");
	x.want = "live/filesystem.squashfs";
	assert_int_equal(explain_render(DIAG_HTTP_NOSUMS, &x, &m), 0);
	has(m.fix, "netboot.sha256=");
	/* warnings do not block the boot; the rest do */
	assert_int_equal(explain_severity(DIAG_HTTP_NOSIZE), EXPLAIN_WARN);
	assert_int_equal(explain_severity(DIAG_HTTP_NORANGES), EXPLAIN_WARN);
	assert_int_equal(explain_severity(DIAG_HTTP_NOSUMS), EXPLAIN_WARN);
	assert_int_equal(explain_severity(DIAG_HTTP_NORANGES_ISO), EXPLAIN_WARN);
	assert_int_equal(explain_severity(DIAG_HTTP_ISO_WHOLE), EXPLAIN_WARN);
	assert_int_equal(explain_severity(DIAG_HTTP_RAM), EXPLAIN_FAIL);
	assert_int_equal(explain_severity(DIAG_HTTP_RAM_ISO), EXPLAIN_FAIL);
	assert_int_equal(explain_severity(DIAG_HTTP_RANGES_BAD), EXPLAIN_FAIL);
	assert_int_equal(explain_severity(DIAG_HTTP_ISO_UNSUPPORTED), EXPLAIN_FAIL);
	assert_int_equal(explain_severity(DIAG_HTTP_NOTFOUND), EXPLAIN_FAIL);
}

static void test_http_is_iso(void **state)
{
	(void)state;
	assert_true(explain_http_is_iso("/ubuntu.iso"));
	assert_true(explain_http_is_iso("/a/B.ISO"));
	assert_true(explain_http_is_iso("/x.iso?token=1.squashfs"));
	assert_false(explain_http_is_iso("/x.squashfs?f=a.iso"));
	assert_false(explain_http_is_iso("/live/filesystem.squashfs"));
	assert_false(explain_http_is_iso("/iso"));
	assert_false(explain_http_is_iso("iso"));
	assert_false(explain_http_is_iso(""));
	assert_false(explain_http_is_iso(NULL));
}

static void test_http_tree(void **state)
{
	char base[64];
	const char *rel = "keep";

	(void)state;
	assert_int_equal(explain_http_tree("/tree/live/filesystem.squashfs", base, sizeof(base), &rel), 0);
	assert_string_equal(base, "/tree/");
	assert_string_equal(rel, "live/filesystem.squashfs");
	assert_int_equal(explain_http_tree("/live/filesystem.squashfs", base, sizeof(base), &rel), 0);
	assert_string_equal(base, "/");
	assert_string_equal(rel, "live/filesystem.squashfs");
	assert_int_equal(explain_http_tree("/a/b/casper/x.squashfs", base, sizeof(base), &rel), 0);
	assert_string_equal(base, "/a/b/");
	assert_string_equal(rel, "casper/x.squashfs");
	/* shallower than two folders: the root */
	assert_int_equal(explain_http_tree("/x.squashfs", base, sizeof(base), &rel), 0);
	assert_string_equal(base, "/");
	assert_string_equal(rel, "x.squashfs");
	assert_int_equal(explain_http_tree("/", base, sizeof(base), &rel), 0);
	assert_string_equal(base, "/");
	/* a query: the base without it, no name in a list for the image */
	assert_int_equal(explain_http_tree("/t/live/fs.squashfs?a=/b/c", base, sizeof(base), &rel), 0);
	assert_string_equal(base, "/t/");
	assert_null(rel);
	/* errors */
	assert_int_equal(explain_http_tree("live/fs.squashfs", base, sizeof(base), &rel), -EINVAL);
	assert_int_equal(explain_http_tree(NULL, base, sizeof(base), &rel), -EINVAL);
	assert_int_equal(explain_http_tree("/tree/live/fs", base, 6, &rel), -ENOBUFS);
	assert_int_equal(explain_http_tree("/tree/live/fs", base, 7, &rel), 0);
	assert_string_equal(base, "/tree/");
}

static void test_http_verdict(void **state)
{
	struct explain_http_run r;
	char buf[400];

	(void)state;
	memset(&r, 0, sizeof(r));
	r.n_urls = 1;
	r.first_good = 1;
	assert_int_equal(explain_http_verdict(&r, buf, sizeof(buf)), 0);
	has(buf, "the network, the web server and the live image look right");
	r.n_warn = 1;
	assert_int_equal(explain_http_verdict(&r, buf, sizeof(buf)), 0);
	has(buf, "read the 1 warning above");
	/* one URL, failing */
	r.first_good = 0;
	r.fail_url = 1;
	r.fail_kind = DIAG_HTTP_NOTFOUND;
	r.fail_step = 3;
	r.fail_step_name = "server";
	assert_int_equal(explain_http_verdict(&r, buf, sizeof(buf)), 0);
	has(buf, "fails at step 3 (server): the image is not on the web server");
	assert_null(strstr(buf, "of URL"));
	/* the first of two fails, the second is good: netboot moves on */
	r.n_urls = 2;
	r.first_good = 2;
	assert_int_equal(explain_http_verdict(&r, buf, sizeof(buf)), 0);
	has(buf, "URL 1 fails at step 3 (server)");
	has(buf, "URL 2 looks right");
	/* ... but RAM stops netboot at once */
	r.fail_kind = DIAG_HTTP_RAM;
	r.fail_step = 4;
	r.fail_step_name = "size";
	assert_int_equal(explain_http_verdict(&r, buf, sizeof(buf)), 0);
	has(buf, "the boot fails at step 4 (size) of URL 1: this machine has too little RAM");
	r.fail_kind = DIAG_HTTP_RAM_ISO; /* the whole ISO's RAM, too */
	assert_int_equal(explain_http_verdict(&r, buf, sizeof(buf)), 0);
	has(buf, "the boot fails at step 4 (size) of URL 1: this machine has too little RAM for the whole ISO");
	/* the first is good: the second, a fallback, is said as such */
	r.first_good = 1;
	r.fail_url = 2;
	r.fail_kind = DIAG_HTTP_REFUSED;
	r.fail_step = 3;
	r.fail_step_name = "server";
	assert_int_equal(explain_http_verdict(&r, buf, sizeof(buf)), 0);
	has(buf, "URL 1 looks right and netboot takes it first; URL 2, its fallback, fails at step 3");
	/* none good */
	r.first_good = 0;
	assert_int_equal(explain_http_verdict(&r, buf, sizeof(buf)), 0);
	has(buf, "the boot fails at step 3 (server) of URL 2: the web server is not running");
	buf[0] = 'Q';
	assert_int_equal(explain_http_verdict(&r, buf, 20), -ENOBUFS);
	assert_int_equal(buf[0], 'Q');
	assert_int_equal(explain_http_verdict(NULL, buf, sizeof(buf)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_renders),
		cmocka_unit_test(test_render_errors_leave_out),
		cmocka_unit_test(test_render_too_long),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_export_match),
		cmocka_unit_test(test_join_exports),
		cmocka_unit_test(test_verdict),
		cmocka_unit_test(test_is_squashfs),
		cmocka_unit_test(test_http_messages),
		cmocka_unit_test(test_http_is_iso),
		cmocka_unit_test(test_http_tree),
		cmocka_unit_test(test_http_verdict),
		cmocka_unit_test(test_runconf),
		cmocka_unit_test(test_runconf_bad_values),
		cmocka_unit_test(test_runconf_state),
		cmocka_unit_test(test_runconf_state_bad_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
