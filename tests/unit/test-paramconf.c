/*
 * test-paramconf.c - param.conf's lines and net.state: what each /init
 * gets, read back with kvfile (the reader of shquote()'s words), and every
 * error path (a control byte, a buffer too small, nothing written then).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kvfile.h"
#include "paramconf.h"

static const struct paramconf casper = {
	CMDLINE_BOOT_CASPER, "enp1s0", "10.0.0.1:/srv/live", "/run/netboot/nfs",
	"/usr/lib/netboot/shim", NULL, false,
};

static void get(const char *buf, const char *key, const char *want)
{
	char out[PARAMCONF_SIZE_MAX];

	assert_int_equal(kvfile_get(buf, strlen(buf), key, out, sizeof(out)), 0);
	assert_string_equal(out, want);
}

static void absent(const char *buf, const char *key)
{
	char out[64];

	assert_int_equal(kvfile_get(buf, strlen(buf), key, out, sizeof(out)), -ENOENT);
}

static void test_each_init(void **state)
{
	static char buf[PARAMCONF_SIZE_MAX];
	struct paramconf p = casper;

	(void)state;
	assert_true(paramconf_render(&p, buf, sizeof(buf)) > 0);
	get(buf, "DEVICE", "enp1s0");
	get(buf, "NETBOOT", "nfs");
	get(buf, "NFSROOT", "10.0.0.1:/srv/live");
	get(buf, "NETBOOT_MEDIA", "/run/netboot/nfs");
	get(buf, "PATH", "/usr/lib/netboot/shim:/usr/sbin:/usr/bin:/sbin:/bin");
	assert_non_null(strstr(buf, "export DEVICE\n"));
	absent(buf, "LIVE_BOOT_CMDLINE");

	p.boot = CMDLINE_BOOT_LIVE;
	p.cmdline = "boot=live netboot=nfs  \n";
	assert_true(paramconf_render(&p, buf, sizeof(buf)) > 0);
	get(buf, "LIVE_BOOT_CMDLINE", "live-netdev=enp1s0 boot=live netboot=nfs");
	absent(buf, "DEVICE");
	absent(buf, "NETBOOT");

	/* no command line read, or one with a control byte: DEVICE= */
	p.cmdline = NULL;
	assert_true(paramconf_render(&p, buf, sizeof(buf)) > 0);
	get(buf, "DEVICE", "enp1s0");
	absent(buf, "LIVE_BOOT_CMDLINE");
	p.cmdline = "boot=live\tquiet";
	assert_true(paramconf_render(&p, buf, sizeof(buf)) > 0);
	get(buf, "DEVICE", "enp1s0");
	absent(buf, "LIVE_BOOT_CMDLINE");

	p.boot = CMDLINE_BOOT_OTHER;
	assert_true(paramconf_render(&p, buf, sizeof(buf)) > 0);
	get(buf, "DEVICE", "enp1s0");
	absent(buf, "NETBOOT");
}

/* An image fetched over HTTP: live-boot's own fetch keys and the method
 * leave its command line (it would fetch again), netboot=nfs takes it
 * through the nfsmount shim; words are split on blanks; casper's form is
 * unchanged (its NETBOOT=http falls through to nfsmount). */
static void test_fetched(void **state)
{
	static char buf[PARAMCONF_SIZE_MAX];
	struct paramconf p = casper;

	(void)state;
	p.fetched = true;
	p.nfsroot = "";
	p.media = "/run/netboot/http";
	p.boot = CMDLINE_BOOT_LIVE;
	p.cmdline = "fetch=http://s/x boot=live   netboot=http url=http://s/l/f.squashfs httpfs=a ftpfs=b NETBOOT=url netboot.sha256=ab quiet\n";
	assert_true(paramconf_render(&p, buf, sizeof(buf)) > 0);
	get(buf, "LIVE_BOOT_CMDLINE",
	    "live-netdev=enp1s0 boot=live url=http://s/l/f.squashfs netboot.sha256=ab quiet netboot=nfs");
	get(buf, "NETBOOT_MEDIA", "/run/netboot/http");
	get(buf, "NFSROOT", "");
	/* all words gone: netboot=nfs alone */
	p.cmdline = "netboot=http";
	assert_true(paramconf_render(&p, buf, sizeof(buf)) > 0);
	get(buf, "LIVE_BOOT_CMDLINE", "live-netdev=enp1s0 netboot=nfs");
	p.boot = CMDLINE_BOOT_CASPER;
	assert_true(paramconf_render(&p, buf, sizeof(buf)) > 0);
	get(buf, "NETBOOT", "nfs");
	absent(buf, "LIVE_BOOT_CMDLINE");
}

static void test_refused(void **state)
{
	static char buf[PARAMCONF_SIZE_MAX];
	struct paramconf p = casper;
	int n;

	(void)state;
	strcpy(buf, "keep");
	p.nfsroot = "10.0.0.1:/srv\nreboot";
	assert_int_equal(paramconf_render(&p, buf, sizeof(buf)), -EINVAL);
	p = casper;
	p.media = "/run/\x1b[2J";
	assert_int_equal(paramconf_render(&p, buf, sizeof(buf)), -EINVAL);
	p = casper;
	p.dev = NULL;
	assert_int_equal(paramconf_render(&p, buf, sizeof(buf)), -EINVAL);
	assert_string_equal(buf, "keep");

	/* exactly enough, one byte short */
	n = paramconf_render(&casper, buf, sizeof(buf));
	assert_true(n > 0);
	assert_int_equal(paramconf_render(&casper, buf, (size_t)n + 1), n);
	strcpy(buf, "keep");
	assert_int_equal(paramconf_render(&casper, buf, (size_t)n), -ENOBUFS);
	assert_string_equal(buf, "keep");
}

static void test_netstate(void **state)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	struct lease l;
	char buf[2048];
	int n;

	(void)state;
	memset(&l, 0, sizeof(l));
	l.yiaddr = 0x0a000205;
	l.siaddr = 0x0a000202;
	l.server_id = 0x0a000201;
	l.rapid_commit = true;
	l.dns[0] = 0x0a000235;
	l.dns[1] = 0x08080808;
	l.n_dns = 2;
	strcpy(l.root_path, "/srv/live;reboot");
	n = netstate_render("ens3", mac, "it's BOOTIF", &l, 4321, buf, sizeof(buf));
	assert_true(n > 0);
	get(buf, "DEVICE", "ens3");
	get(buf, "MAC", "52:54:00:ab:cd:ef");
	get(buf, "REASON", "it's BOOTIF");
	get(buf, "ADDRESS", "10.0.2.5");
	get(buf, "SIADDR", "10.0.2.2");
	get(buf, "SERVERID", "10.0.2.1");
	get(buf, "ROOTPATH", ""); /* fails its allowlist */
	get(buf, "PROTO", "dhcp");
	get(buf, "RAPID_COMMIT", "1");
	get(buf, "BOUND_MS", "4321");
	get(buf, "DNS0", "10.0.2.53");
	get(buf, "DNS1", "8.8.8.8");
	get(buf, "DNS2", "0.0.0.0");
	strcpy(l.root_path, "10.0.2.2:/srv/live,vers=3");
	l.is_static = true;
	assert_true(netstate_render("ens3", mac, "ip=", &l, 0, buf, sizeof(buf)) > 0);
	get(buf, "ROOTPATH", "10.0.2.2:/srv/live,vers=3");
	get(buf, "PROTO", "none");

	strcpy(buf, "keep");
	assert_int_equal(netstate_render("ens3", mac, "a\nb", &l, 0, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(netstate_render("ens3", mac, "ip=", &l, 0, buf, 10), -ENOBUFS);
	assert_string_equal(buf, "keep");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_init),
		cmocka_unit_test(test_fetched),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_netstate),
	};

	return cmocka_run_group_tests_name("paramconf", tests, NULL, NULL);
}
