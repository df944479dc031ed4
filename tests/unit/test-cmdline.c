/*
 * test-cmdline.c - the kernel command line parser: every key, every class
 * of bad input, and the wiki page's pxelinux append lines.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cmdline.h"

static int parse(const char *line, struct cmdline *c, char *err, size_t errsz)
{
	return cmdline_parse(line, strlen(line), c, err, errsz);
}

/* ---- table: lines that parse, with the fields they must produce -------- */

struct ok_row {
	const char *line;
	enum cmdline_boot boot;
	enum cmdline_method method;
	enum cmdline_nfsroot nfsroot;
	const char *server;
	const char *path;
	const char *opts;
	enum cmdline_ip ip;
	const char *ip_dev;
	size_t n_warn;
};

static const struct ok_row ok_rows[] = {
	/* The wiki page, Hardy/Intrepid/Karmic form, with its trailing "--". */
	{ "boot=casper netboot=nfs nfsroot=192.168.2.200:/srv/tftpboot/hardy-i386/mnt initrd=hardy-i386/initrd.gz --",
	  CMDLINE_BOOT_CASPER, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "192.168.2.200", "/srv/tftpboot/hardy-i386/mnt", "", CMDLINE_IP_UNSET, "", 0 },
	{ "boot=casper netboot=nfs nfsroot=192.168.2.200:/srv/tftpboot/intrepid-i386/mnt initrd=intrepid-i386/initrd.gz --",
	  CMDLINE_BOOT_CASPER, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "192.168.2.200", "/srv/tftpboot/intrepid-i386/mnt", "", CMDLINE_IP_UNSET, "", 0 },
	/* The wiki page, Gutsy form: root=/dev/nfs with lower-case keys. */
	{ "root=/dev/nfs boot=casper netboot=nfs nfsroot=192.168.1.100:/data/images/diskless/ubuntu-7.10-desktop initrd=ubuntu-7.10-desktop/casper/initrd.gz quiet splash --",
	  CMDLINE_BOOT_CASPER, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "192.168.1.100", "/data/images/diskless/ubuntu-7.10-desktop", "", CMDLINE_IP_UNSET, "", 0 },
	/* ... and the Gutsy-era upper-case form: accepted with two warnings. */
	{ "root=/dev/nfs boot=casper NETBOOT=nfs NFSROOT=server:/path quiet splash",
	  CMDLINE_BOOT_CASPER, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "server", "/path", "", CMDLINE_IP_UNSET, "", 2 },
	/* Lower case wins over legacy, in either order. */
	{ "NFSROOT=old:/old nfsroot=new:/new netboot=nfs",
	  CMDLINE_BOOT_NONE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "new", "/new", "", CMDLINE_IP_UNSET, "", 1 },
	{ "nfsroot=new:/new NFSROOT=old:/old netboot=nfs",
	  CMDLINE_BOOT_NONE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "new", "/new", "", CMDLINE_IP_UNSET, "", 1 },
	/* Repeated key: last wins. */
	{ "nfsroot=a:/one nfsroot=b:/two netboot=nfs",
	  CMDLINE_BOOT_NONE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "b", "/two", "", CMDLINE_IP_UNSET, "", 0 },
	/* root=/dev/nfs + boot=casper + NFSROOT without NETBOOT: assume nfs. */
	{ "root=/dev/nfs boot=casper nfsroot=s:/p",
	  CMDLINE_BOOT_CASPER, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "s", "/p", "", CMDLINE_IP_UNSET, "", 1 },
	/* nfsroot forms */
	{ "boot=live netboot=nfs nfsroot=/srv/live",
	  CMDLINE_BOOT_LIVE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_PATH,
	  "", "/srv/live", "", CMDLINE_IP_UNSET, "", 0 },
	{ "boot=live netboot=nfs nfsroot=auto",
	  CMDLINE_BOOT_LIVE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_DHCP,
	  "", "", "", CMDLINE_IP_UNSET, "", 0 },
	{ "boot=live netboot=nfs",
	  CMDLINE_BOOT_LIVE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_DHCP,
	  "", "", "", CMDLINE_IP_UNSET, "", 0 },
	{ "netboot=nfs nfsroot=10.0.0.1:/srv/%s,vers=3,tcp",
	  CMDLINE_BOOT_NONE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "10.0.0.1", "/srv/%s", "vers=3,tcp", CMDLINE_IP_UNSET, "", 0 },
	{ "netboot=nfs nfsroot=[fd00::1]:/srv",
	  CMDLINE_BOOT_NONE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "fd00::1", "/srv", "", CMDLINE_IP_UNSET, "", 0 },
	{ "netboot=nfs nfsroot=nfs.example.org:/srv",
	  CMDLINE_BOOT_NONE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "nfs.example.org", "/srv", "", CMDLINE_IP_UNSET, "", 0 },
	/* nfsopts= is honoured and merged after nfsroot's options. */
	{ "netboot=nfs nfsroot=s:/p,vers=4.2 nfsopts=timeo=14,retrans=3",
	  CMDLINE_BOOT_NONE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "s", "/p", "vers=4.2,timeo=14,retrans=3", CMDLINE_IP_UNSET, "", 0 },
	{ "netboot=nfs nfsroot=s:/p nfsopts=ro,nosuid,nodev,noexec",
	  CMDLINE_BOOT_NONE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "s", "/p", "ro,nosuid,nodev,noexec", CMDLINE_IP_UNSET, "", 0 },
	{ "netboot=nfs nfsroot=s:/p NFSOPTS=vers=3",
	  CMDLINE_BOOT_NONE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "s", "/p", "vers=3", CMDLINE_IP_UNSET, "", 1 },
	/* Quoting, as the kernel does it. */
	{ "netboot=nfs nfsroot=\"s:/p\" boot=\"casper\"",
	  CMDLINE_BOOT_CASPER, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "s", "/p", "", CMDLINE_IP_UNSET, "", 0 },
	{ "\"netboot=nfs\" dummy=\"a b c\" nfsroot=s:/p",
	  CMDLINE_BOOT_NONE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "s", "/p", "", CMDLINE_IP_UNSET, "", 0 },
	/* After a lone "--" nothing is a kernel parameter. */
	{ "netboot=nfs nfsroot=s:/p -- nfsroot=evil:/x netboot=cifs",
	  CMDLINE_BOOT_NONE, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "s", "/p", "", CMDLINE_IP_UNSET, "", 0 },
	/* Blanks: tabs, newline at the end as in /proc/cmdline. */
	{ "  boot=casper\tnetboot=nfs   nfsroot=s:/p\n",
	  CMDLINE_BOOT_CASPER, CMDLINE_METHOD_NFS, CMDLINE_NFSROOT_FULL,
	  "s", "/p", "", CMDLINE_IP_UNSET, "", 0 },
	/* No netboot= at all: netboot stays out of the way. */
	{ "quiet splash root=/dev/sda1",
	  CMDLINE_BOOT_NONE, CMDLINE_METHOD_NONE, CMDLINE_NFSROOT_DHCP,
	  "", "", "", CMDLINE_IP_UNSET, "", 0 },
	{ "", CMDLINE_BOOT_NONE, CMDLINE_METHOD_NONE, CMDLINE_NFSROOT_DHCP,
	  "", "", "", CMDLINE_IP_UNSET, "", 0 },
	{ "boot=something-else", CMDLINE_BOOT_OTHER, CMDLINE_METHOD_NONE,
	  CMDLINE_NFSROOT_DHCP, "", "", "", CMDLINE_IP_UNSET, "", 0 },
	/* ip= short forms */
	{ "ip=dhcp", 0, 0, 0, "", "", "", CMDLINE_IP_DHCP, "", 0 },
	{ "ip=on", 0, 0, 0, "", "", "", CMDLINE_IP_DHCP, "", 0 },
	{ "ip=any", 0, 0, 0, "", "", "", CMDLINE_IP_DHCP, "", 0 },
	{ "ip=both", 0, 0, 0, "", "", "", CMDLINE_IP_DHCP, "", 0 },
	{ "ip=off", 0, 0, 0, "", "", "", CMDLINE_IP_OFF, "", 0 },
	{ "ip=none", 0, 0, 0, "", "", "", CMDLINE_IP_OFF, "", 0 },
	{ "ip=frommedia", 0, 0, 0, "", "", "", CMDLINE_IP_DHCP, "", 0 },
	{ "ip=eth1:dhcp", 0, 0, 0, "", "", "", CMDLINE_IP_DHCP, "eth1", 0 },
	{ "ip=enp0s3:on", 0, 0, 0, "", "", "", CMDLINE_IP_DHCP, "enp0s3", 0 },
	/* ip= full forms */
	{ ":::::eth2:dhcp", 0, 0, 0, "", "", "", CMDLINE_IP_UNSET, "", 0 },
	{ "ip=:::::eth2:dhcp", 0, 0, 0, "", "", "", CMDLINE_IP_DHCP, "eth2", 0 },
	{ "ip=::::::dhcp", 0, 0, 0, "", "", "", CMDLINE_IP_DHCP, "", 0 },
	{ "ip=10.0.0.5:10.0.0.1:10.0.0.254:255.255.255.0:pc5:eth0:off:10.0.0.53:10.0.0.54",
	  0, 0, 0, "", "", "", CMDLINE_IP_STATIC, "eth0", 0 },
	{ "ip=10.0.0.5::10.0.0.254:255.255.0.0::eth0:none",
	  0, 0, 0, "", "", "", CMDLINE_IP_STATIC, "eth0", 0 },
	{ "ip=10.0.0.5::10.0.0.254:255.255.255.0",
	  0, 0, 0, "", "", "", CMDLINE_IP_STATIC, "", 0 },
	{ "ip=10.0.0.5::10.0.0.254:255.255.255.0:h:eth0:off:1.1.1.1:8.8.8.8:9.9.9.9",
	  0, 0, 0, "", "", "", CMDLINE_IP_STATIC, "eth0", 0 },
	/* Unknown netboot.* keys warn, other unknown keys are silent. */
	{ "netboot.frobnicate=1 frobnicate=2", 0, 0, 0, "", "", "", CMDLINE_IP_UNSET, "", 1 },
};

static void test_ok_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok_rows) / sizeof(ok_rows[0]); i++) {
		const struct ok_row *r = &ok_rows[i];
		struct cmdline c;
		char err[CMDLINE_ERR_MAX] = "";
		int rc = parse(r->line, &c, err, sizeof(err));

		if (rc)
			print_error("row %zu \"%s\": %s\n", i, r->line, err);
		assert_int_equal(rc, 0);
		assert_int_equal(c.boot, r->boot);
		assert_int_equal(c.method, r->method);
		assert_int_equal(c.nfsroot, r->nfsroot);
		assert_string_equal(c.nfs_server, r->server);
		assert_string_equal(c.nfs_path, r->path);
		assert_string_equal(c.nfs_opts, r->opts);
		assert_int_equal(c.ip.mode, r->ip);
		assert_string_equal(c.ip.dev, r->ip_dev);
		if (c.n_warn != r->n_warn)
			print_error("row %zu \"%s\": %zu warnings\n", i, r->line, c.n_warn);
		assert_int_equal(c.n_warn, r->n_warn);
	}
}

/* ---- table: lines that fail, with a fragment the error must contain ----- */

struct bad_row {
	const char *line;
	const char *msg; /* must appear in the error */
};

static const struct bad_row bad_rows[] = {
	/* transport mount protections */
	{ "nfsroot=10.0.0.1:/srv,rw", "option rw refused" },
	{ "nfsroot=10.0.0.1:/srv,suid", "option suid refused" },
	{ "nfsroot=10.0.0.1:/srv,dev", "option dev refused" },
	{ "nfsroot=s:/p nfsopts=vers=3,rw,suid,dev", "option rw,suid,dev refused" },
	{ "nfsopts=tcp,,vers=3", "empty mount option" },
	{ "nfsopts=vers=3;reboot", "not allowed" },
	{ "nfsopts=$(reboot)", "not allowed" },
	/* nfsroot shape */
	{ "nfsroot=10.0.0.1/srv", "expected SERVER:/PATH" },
	{ "nfsroot=server:path", "expected SERVER:/PATH" },
	{ "nfsroot=server", "expected SERVER:/PATH" },
	{ "nfsroot=:/srv", "server name before ':' is empty" },
	{ "nfsroot=", "empty value" },
	{ "nfsroot=[fd00::1/srv", "IPv6" },
	{ "nfsroot=se$rver:/srv", "not a valid server name" },
	{ "nfsroot=s:/srv/../etc", "may not contain" },
	{ "nfsroot=s:/srv/..", "may not contain" },
	/* methods */
	{ "netboot=cifs", "not supported; netboot boots over NFS or HTTP" },
	{ "netboot=https", "no TLS" },
	{ "netboot=floppy", "unknown method" },
	{ "NETBOOT=cifs", "not supported" },
	/* URLs and the checksum */
	{ "netboot=http url=", "empty" },
	{ "netboot=http url=https://s/x", "https" },
	{ "netboot=http url=ftp://s/x", "URL 1" },
	{ "netboot=http url=http://s/a,http://u@s/b", "URL 2 is not a usable http:// URL" },
	{ "netboot=http url=http://s/1,http://s/2,http://s/3,http://s/4,http://s/5,http://s/6,http://s/7,http://s/8,http://s/9",
	  "more than 8 URLs" },
	{ "boot=live fetch=http://[fd00::1]/x", "URL 1" },
	{ "netboot.sha256=abc", "64 hex digits" },
	{ "netboot.sha256=zz3e4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233445566", "64 hex digits" },
	/* BOOTIF */
	{ "BOOTIF=01-aa-bb-cc-dd-ee", "expected 6 octets" },
	{ "BOOTIF=01-aa-bb-cc-dd-ee-ff-00", "expected 6 octets" },
	{ "BOOTIF=06-aa-bb-cc-dd-ee-ff", "hardware type 06 is not Ethernet" },
	{ "BOOTIF=01-aa-bb-cc-dd-ee-fg", "expected 6 octets" },
	{ "BOOTIF=01-aa:bb-cc-dd-ee-ff", "expected 6 octets" },
	{ "BOOTIF=", "expected 6 octets" },
	{ "BOOTIF=1-aa-bb-cc-dd-ee-ff", "expected 6 octets" },
	/* ip= garbage */
	{ "ip=", "empty value" },
	{ "ip=garbage", "unknown form" },
	{ "ip=eth0:maybe", "not an autoconfiguration method" },
	{ "ip=300.0.0.1::::::off", "not an IPv4 address" },
	{ "ip=10.0.0.1::1.2.3:255.0.0.0:::off", "gateway" },
	{ "ip=10.0.0.5::10.0.0.1:255.0.255.0:h:eth0:off", "not contiguous" },
	{ "ip=10.0.0.5::10.0.0.1:255.255.255.0:h:eth0:wat", "not an autoconfiguration method" },
	{ "ip=10.0.0.5::10.0.0.1::h:eth0:off", "needs a netmask" },
	{ "ip=a:b:c:d:e:f:g:h:i:j:k", "too many" },
	{ "ip=::::h$x:eth0:dhcp", "host name" },
	{ "ip=:::::eth0/x:dhcp", "not a valid interface name" },
	{ "ip=:::::averyveryverylongname:dhcp", "not a valid interface name" },
	{ "ip=010.0.0.1::10.0.0.254:255.255.255.0::eth0:off", "not an IPv4 address" },
	/* live-boot keys */
	{ "ethdevice=", "empty value" },
	{ "ethdevice=eth0,bad/name", "neither an interface name nor a MAC" },
	{ "ethdevice=a,b,c,d,e,f,g,h,i", "at most 8" },
	{ "ethdevice-timeout=abc", "whole number of seconds" },
	{ "ethdevice-timeout=0", "at least 1 second" },
	{ "live-media-path=../x", "may not contain" },
	/* a byte >= 0x80 (0x9b is C1 CSI) would reach the console raw */
	{ "live-media-path=/li\x9bve", "printable ASCII" },
	{ "layerfs-path=caf\xc3\xa9", "printable ASCII" },
	/* netboot.* */
	{ "netboot.timeout=", "empty value" },
	{ "netboot.timeout=99999", "at most 86400" },
	{ "netboot.timeout=-1", "whole number" },
	{ "netboot.debug=maybe", "expected 0 or 1" },
	/* control bytes anywhere */
	{ "netboot=nfs nfsroot=s:/p\001", "control character" },
};

static void test_bad_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++) {
		const struct bad_row *r = &bad_rows[i];
		struct cmdline c;
		char err[CMDLINE_ERR_MAX] = "";
		int rc;

		memset(&c, 0xa5, sizeof(c));
		rc = parse(r->line, &c, err, sizeof(err));
		if (rc != -EINVAL || !strstr(err, r->msg))
			print_error("row %zu \"%s\": rc %d, err \"%s\", want \"%s\"\n",
				    i, r->line, rc, err, r->msg);
		assert_int_equal(rc, -EINVAL);
		assert_non_null(strstr(err, r->msg));
		/* out is untouched on error */
		assert_int_equal(((unsigned char *)&c)[0], 0xa5);
	}
}

/* Errors name the key. */
static void test_errors_name_the_key(void **state)
{
	static const char *const lines[][2] = {
		{ "nfsroot=10.0.0.1/srv", "nfsroot" },
		{ "BOOTIF=zz", "BOOTIF" },
		{ "ip=garbage", "ip=" },
		{ "netboot=cifs", "netboot=cifs" },
		{ "netboot.timeout=x", "netboot.timeout" },
		{ "ethdevice-timeout=x", "ethdevice-timeout" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct cmdline c;
		char err[CMDLINE_ERR_MAX];

		assert_int_equal(parse(lines[i][0], &c, err, sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, lines[i][1]));
	}
}

static void test_bootif_forms(void **state)
{
	static const char *const forms[] = {
		"BOOTIF=01-52-54-00-12-34-56",
		"BOOTIF=01:52:54:00:12:34:56",
		"BOOTIF=52:54:00:12:34:56",
		"bootif=01-52-54-00-12-34-56",
	};
	static const uint8_t want[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct cmdline c;
	char err[CMDLINE_ERR_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		assert_int_equal(parse(forms[i], &c, err, sizeof(err)), 0);
		assert_true(c.has_bootif);
		assert_memory_equal(c.bootif, want, 6);
	}
	/* upper and mixed case hex */
	assert_int_equal(parse("BOOTIF=01-AA-bB-Cc-DD-ee-FF", &c, err, sizeof(err)), 0);
	assert_int_equal(c.bootif[0], 0xaa);
	assert_int_equal(c.bootif[5], 0xff);
	assert_int_equal(parse("quiet", &c, err, sizeof(err)), 0);
	assert_false(c.has_bootif);
}

static void test_ip_static_fields(void **state)
{
	struct cmdline c;
	char err[CMDLINE_ERR_MAX];

	(void)state;
	assert_int_equal(parse("ip=10.0.0.5:10.0.0.1:10.0.0.254:255.255.255.0:pc5:eth0:off:10.0.0.53:10.0.0.54",
			       &c, err, sizeof(err)), 0);
	assert_int_equal(c.ip.client, 0x0a000005);
	assert_int_equal(c.ip.server, 0x0a000001);
	assert_int_equal(c.ip.gateway, 0x0a0000fe);
	assert_int_equal(c.ip.netmask, 0xffffff00);
	assert_int_equal(c.ip.dns0, 0x0a000035);
	assert_int_equal(c.ip.dns1, 0x0a000036);
	assert_string_equal(c.ip.hostname, "pc5");
}

static void test_live_boot_keys(void **state)
{
	struct cmdline c;
	char err[CMDLINE_ERR_MAX];

	(void)state;
	assert_int_equal(parse("boot=live ethdevice=eth1,52:54:00:AA:bb:01 ethdevice-timeout=30 live-media-path=/live/x ignore_uuid toram",
			       &c, err, sizeof(err)), 0);
	assert_int_equal(c.n_netdev, 2);
	assert_false(c.netdev[0].is_mac);
	assert_string_equal(c.netdev[0].name, "eth1");
	assert_true(c.netdev[1].is_mac);
	assert_int_equal(c.netdev[1].mac[3], 0xaa);
	assert_int_equal(c.ethdevice_timeout, 30);
	assert_int_equal(c.carrier_timeout, 30); /* ethdevice-timeout sets it */
	assert_string_equal(c.media_path, "/live/x");
	assert_true(c.ignore_uuid);
	assert_true(c.toram);
	assert_int_equal(parse("live-netdev=enp1s0", &c, err, sizeof(err)), 0);
	assert_int_equal(c.n_netdev, 1);
	assert_string_equal(c.netdev[0].name, "enp1s0");
	assert_int_equal(parse("layerfs-path=minimal.standard.live.squashfs", &c, err, sizeof(err)), 0);
	assert_string_equal(c.layerfs_path, "minimal.standard.live.squashfs");
}

static void test_netboot_keys_and_defaults(void **state)
{
	struct cmdline c;
	char err[CMDLINE_ERR_MAX];

	(void)state;
	assert_int_equal(parse("netboot=nfs", &c, err, sizeof(err)), 0);
	assert_int_equal(c.timeout, NETBOOT_TIMEOUT_DEFAULT);
	assert_int_equal(c.dhcp_timeout, NETBOOT_DHCP_TIMEOUT_DEFAULT);
	assert_int_equal(c.carrier_timeout, NETBOOT_DHCP_TIMEOUT_DEFAULT);
	assert_int_equal(c.mount_timeout, NETBOOT_TIMEOUT_DEFAULT);
	assert_false(c.debug);

	assert_int_equal(parse("netboot.timeout=30 netboot.debug", &c, err, sizeof(err)), 0);
	assert_int_equal(c.timeout, 30);
	assert_int_equal(c.dhcp_timeout, 30); /* capped by the whole budget */
	assert_int_equal(c.carrier_timeout, 30); /* the DHCP budget */
	assert_int_equal(c.mount_timeout, 30);
	assert_true(c.debug);

	assert_int_equal(parse("netboot.dhcp-timeout=5 netboot.carrier-timeout=3 netboot.mount-timeout=90 netboot.debug=0",
			       &c, err, sizeof(err)), 0);
	assert_int_equal(c.dhcp_timeout, 5);
	assert_int_equal(c.carrier_timeout, 3);
	assert_int_equal(c.mount_timeout, 90);
	assert_false(c.debug);
}

/* netboot=http and its URL forms: url= (casper's netboot=url too),
 * live-boot's fetch=, netboot.sha256=, and the longer default budget. */
static void test_http_keys(void **state)
{
	struct cmdline c;
	char err[CMDLINE_ERR_MAX], line[200];
	static const char sum[] =
		"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

	(void)state;
	assert_int_equal(parse("boot=casper netboot=url url=http://10.0.0.1/ubuntu.iso", &c, err,
			       sizeof(err)), 0);
	assert_int_equal(c.method, CMDLINE_METHOD_HTTP);
	assert_string_equal(c.urls, "http://10.0.0.1/ubuntu.iso");
	assert_int_equal(c.timeout, NETBOOT_HTTP_TIMEOUT_DEFAULT);
	assert_false(c.timeout_given);
	assert_false(c.has_sha256);

	assert_int_equal(parse("netboot=http url=http://a.lab/x,http://10.0.0.2:8080/y netboot.timeout=20 netboot.fetch-timeout=9",
			       &c, err, sizeof(err)), 0);
	assert_string_equal(c.urls, "http://a.lab/x,http://10.0.0.2:8080/y");
	assert_int_equal(c.timeout, 20);
	assert_true(c.timeout_given);
	assert_int_equal(c.fetch_timeout, 9);

	/* live-boot's fetch= alone takes netboot=http, with a note */
	assert_int_equal(parse("boot=live fetch=http://10.0.0.1/live/filesystem.squashfs", &c, err,
			       sizeof(err)), 0);
	assert_int_equal(c.method, CMDLINE_METHOD_HTTP);
	assert_int_equal(c.n_warn, 1);
	assert_non_null(strstr(c.warn[0], "fetch="));
	/* ... but not with boot=casper, nor url= alone (casper's own) */
	assert_int_equal(parse("boot=casper fetch=http://10.0.0.1/x", &c, err, sizeof(err)), 0);
	assert_int_equal(c.method, CMDLINE_METHOD_NONE);
	assert_int_equal(parse("boot=casper url=http://10.0.0.1/x.iso", &c, err, sizeof(err)), 0);
	assert_int_equal(c.method, CMDLINE_METHOD_NONE);
	/* URLs that are not netboot's to fetch are not judged */
	assert_int_equal(parse("boot=casper netboot=nfs url=https://x/y.iso", &c, err, sizeof(err)), 0);
	assert_int_equal(c.method, CMDLINE_METHOD_NFS);

	snprintf(line, sizeof(line), "netboot=http netboot.sha256=%s", sum);
	assert_int_equal(parse(line,
			       &c, err, sizeof(err)), 0);
	assert_true(c.has_sha256);
	assert_int_equal(c.sha256[0], 0x9f);
	assert_int_equal(c.sha256[31], 0x08);
	assert_int_equal(c.sha256[15], 0x15);
}

static void test_overlong_values(void **state)
{
	static char line[CMDLINE_MAX + 64];
	struct cmdline c;
	char err[CMDLINE_ERR_MAX];
	size_t n;

	(void)state;
	/* a path longer than MNTPATHLEN */
	n = (size_t)snprintf(line, sizeof(line), "nfsroot=s:/");
	memset(line + n, 'a', CMDLINE_PATH_MAX + 10);
	line[n + CMDLINE_PATH_MAX + 10] = '\0';
	assert_int_equal(parse(line, &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "nfsroot"));
	assert_non_null(strstr(err, "at most"));

	/* a whole command line longer than accepted */
	memset(line, 'x', CMDLINE_MAX + 10);
	line[CMDLINE_MAX + 10] = '\0';
	assert_int_equal(parse(line, &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "at most"));

	/* a 300-byte server name */
	memcpy(line, "nfsroot=", 8);
	memset(line + 8, 'h', 300);
	memcpy(line + 308, ":/p", 4);
	assert_int_equal(parse(line, &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "at most"));

	/* nfsroot and nfsopts options together too long */
	n = (size_t)snprintf(line, sizeof(line), "nfsroot=s:/p,");
	memset(line + n, 'o', 400);
	n += 400;
	n += (size_t)snprintf(line + n, sizeof(line) - n, " nfsopts=");
	memset(line + n, 'p', 400);
	line[n + 400] = '\0';
	assert_int_equal(parse(line, &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "exceed"));
}

static void test_nul_ends_the_line(void **state)
{
	static const char buf[] = "netboot=nfs nfsroot=s:/p\0nfsroot=evil:/x";
	struct cmdline c;
	char err[CMDLINE_ERR_MAX];

	(void)state;
	assert_int_equal(cmdline_parse(buf, sizeof(buf) - 1, &c, err, sizeof(err)), 0);
	assert_string_equal(c.nfs_server, "s");
	/* a length shorter than the string bounds the read */
	assert_int_equal(cmdline_parse(buf, 11, &c, err, sizeof(err)), 0);
	assert_int_equal(c.method, CMDLINE_METHOD_NFS);
	assert_int_equal(c.nfsroot, CMDLINE_NFSROOT_DHCP);
}

static void test_ipv4_parser(void **state)
{
	static const char *const bad[] = {
		"", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "a.b.c.d",
		"1.2.3.4 ", "01.2.3.4", "1.2.3.-4", "99999999999.1.1.1",
	};
	uint32_t a = 7;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cmdline_parse_ipv4(bad[i], &a), -EINVAL);
		assert_int_equal(a, 7);
	}
	assert_int_equal(cmdline_parse_ipv4("0.0.0.0", &a), 0);
	assert_int_equal(a, 0);
	assert_int_equal(cmdline_parse_ipv4("255.255.255.255", &a), 0);
	assert_int_equal(a, 0xffffffffu);
}

/* netboot.report=: where the boot report streams; a value it cannot use
 * is a warning (reporting never stops a boot) and leaves it off. */
static void test_report_key(void **state)
{
	static struct cmdline c;
	char err[256];
	static const char *const bad[] = {
		"netboot.report=udp:server.lan", "netboot.report=udp:192.0.2.1:0",
		"netboot.report=udp:192.0.2.1:65536", "netboot.report=udp:192.0.2.1:",
		"netboot.report=udp:192.0.2.1:12x", "netboot.report=tcp:192.0.2.1",
		"netboot.report=udp:0.0.0.0", "netboot.report=udp:255.255.255.255",
		"netboot.report=udp:192.0.2.1:-5", "netboot.report=udp:1234567890123456789",
		"netboot.report=", "netboot.report=udp:192.0.2.010",
	};

	(void)state;
	assert_int_equal(parse("boot=casper netboot=nfs", &c, err, sizeof(err)), 0);
	assert_int_equal(c.report_port, 0);
	assert_int_equal(parse("netboot=nfs netboot.report=udp:192.0.2.1", &c, err, sizeof(err)), 0);
	assert_int_equal(c.report_addr, 0xc0000201u);
	assert_int_equal(c.report_port, 5514);
	assert_int_equal(c.n_warn, 0);
	assert_int_equal(parse("netboot.report=udp:10.1.2.3:6000", &c, err, sizeof(err)), 0);
	assert_int_equal(c.report_addr, 0x0a010203u);
	assert_int_equal(c.report_port, 6000);
	/* the last word wins, off included */
	assert_int_equal(parse("netboot.report=udp:10.1.2.3 netboot.report=off", &c, err, sizeof(err)), 0);
	assert_int_equal(c.report_port, 0);
	assert_int_equal(c.report_addr, 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &c, err, sizeof(err)), 0);
		assert_int_equal(c.report_port, 0);
		assert_int_equal(c.n_warn, 1);
		assert_non_null(strstr(c.warn[0], "netboot.report"));
	}
}

/* netboot.loop-dio=: netboot tune's loop direct I/O; a value it cannot
 * use is a warning and auto stays, never a stopped boot. */
static void test_loop_dio_key(void **state)
{
	static struct cmdline c;
	char err[256];
	static const char *const bad[] = {
		"netboot.loop-dio=1", "netboot.loop-dio=", "netboot.loop-dio",
		"netboot.loop-dio=ON", "netboot.loop-dio=keep", "netboot.loop-dio=onn",
	};

	(void)state;
	assert_int_equal(parse("boot=live netboot=nfs", &c, err, sizeof(err)), 0);
	assert_int_equal(c.loop_dio, CMDLINE_DIO_AUTO);
	assert_int_equal(parse("netboot=nfs netboot.loop-dio=on", &c, err, sizeof(err)), 0);
	assert_int_equal(c.loop_dio, CMDLINE_DIO_ON);
	assert_int_equal(c.n_warn, 0);
	assert_int_equal(parse("netboot.loop-dio=off", &c, err, sizeof(err)), 0);
	assert_int_equal(c.loop_dio, CMDLINE_DIO_OFF);
	/* the last word wins */
	assert_int_equal(parse("netboot.loop-dio=off netboot.loop-dio=auto", &c, err, sizeof(err)), 0);
	assert_int_equal(c.loop_dio, CMDLINE_DIO_AUTO);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse("netboot.loop-dio=on", &c, err, sizeof(err)), 0);
		assert_int_equal(parse(bad[i], &c, err, sizeof(err)), 0);
		assert_int_equal(c.loop_dio, CMDLINE_DIO_AUTO);
		assert_int_equal(c.n_warn, 1);
		assert_non_null(strstr(c.warn[0], "netboot.loop-dio"));
		assert_non_null(strstr(c.warn[0], "auto is used"));
	}
	assert_string_equal(cmdline_dio_name[CMDLINE_DIO_OFF], "off");
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(cmdline_boot_name[CMDLINE_BOOT_CASPER], "casper");
	assert_string_equal(cmdline_method_name[CMDLINE_METHOD_NFS], "nfs");
	assert_string_equal(cmdline_nfsroot_name[CMDLINE_NFSROOT_FULL], "cmdline");
	assert_string_equal(cmdline_ip_name[CMDLINE_IP_STATIC], "static");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_rows),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_errors_name_the_key),
		cmocka_unit_test(test_bootif_forms),
		cmocka_unit_test(test_ip_static_fields),
		cmocka_unit_test(test_live_boot_keys),
		cmocka_unit_test(test_netboot_keys_and_defaults),
		cmocka_unit_test(test_overlong_values),
		cmocka_unit_test(test_nul_ends_the_line),
		cmocka_unit_test(test_report_key),
		cmocka_unit_test(test_loop_dio_key),
		cmocka_unit_test(test_http_keys),
		cmocka_unit_test(test_ipv4_parser),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
