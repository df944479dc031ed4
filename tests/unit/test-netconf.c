/*
 * test-netconf.c - /run/net-DEV.conf and resolv.conf rendering: exact
 * output for a typical lease, ipconfig's defaults, every allowlist, hostile
 * values (quoted or dropped, never raw), and the error paths with dst left
 * untouched.  tests/golden/run.sh sources the output in real shells.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "netconf.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			(uint32_t)(c) << 8 | (uint32_t)(d))

static struct lease typical(void)
{
	struct lease l;

	memset(&l, 0, sizeof(l));
	l.yiaddr = IP(10, 0, 2, 15);
	l.siaddr = IP(10, 0, 2, 2);
	l.server_id = IP(10, 0, 2, 3);
	l.netmask = IP(255, 255, 255, 0);
	l.broadcast = IP(10, 0, 2, 255);
	l.router = IP(10, 0, 2, 1);
	l.dns[0] = IP(10, 0, 2, 53);
	l.dns[1] = IP(1, 1, 1, 1);
	l.n_dns = 2;
	l.lease_time = 86400;
	strcpy(l.hostname, "live-01");
	strcpy(l.domain, "lab.example.org");
	strcpy(l.root_path, "10.0.2.2:/srv/live/noble,vers=3,tcp");
	strcpy(l.bootfile, "pxelinux.0");
	strcpy(l.domain_search, "lab.example.org example.org");
	return l;
}

static void test_typical(void **state)
{
	struct lease l = typical();
	char buf[NETCONF_SIZE_MAX];
	unsigned dropped = 99;
	const char *want =
		"DEVICE='eth0'\n"
		"PROTO='dhcp'\n"
		"IPV4ADDR='10.0.2.15'\n"
		"IPV4BROADCAST='10.0.2.255'\n"
		"IPV4NETMASK='255.255.255.0'\n"
		"IPV4GATEWAY='10.0.2.1'\n"
		"IPV4DNS0='10.0.2.53'\n"
		"IPV4DNS1='1.1.1.1'\n"
		"HOSTNAME='live-01'\n"
		"DNSDOMAIN='lab.example.org'\n"
		"NISDOMAIN=''\n"
		"ROOTSERVER='10.0.2.2'\n"
		"ROOTPATH='10.0.2.2:/srv/live/noble,vers=3,tcp'\n"
		"filename='pxelinux.0'\n"
		"UPTIME='7'\n"
		"DHCPLEASETIME='86400'\n"
		"DOMAINSEARCH='lab.example.org example.org'\n";
	int r;

	(void)state;
	r = netconf_render("eth0", &l, 7, buf, sizeof(buf), &dropped);
	assert_int_equal(r, (int)strlen(want));
	assert_string_equal(buf, want);
	assert_int_equal(dropped, 0);
}

/* Static ip=: PROTO none, absent values as ipconfig writes them. */
static void test_static_defaults(void **state)
{
	struct lease l;
	char buf[NETCONF_SIZE_MAX];
	const char *want =
		"DEVICE='enp0s3'\n"
		"PROTO='none'\n"
		"IPV4ADDR='192.168.1.20'\n"
		"IPV4BROADCAST='192.168.1.255'\n"
		"IPV4NETMASK='255.255.255.0'\n"
		"IPV4GATEWAY='0.0.0.0'\n"
		"IPV4DNS0='0.0.0.0'\n"
		"IPV4DNS1='0.0.0.0'\n"
		"HOSTNAME=''\n"
		"DNSDOMAIN=''\n"
		"NISDOMAIN=''\n"
		"ROOTSERVER='0.0.0.0'\n"
		"ROOTPATH=''\n"
		"filename=''\n"
		"UPTIME='0'\n"
		"DHCPLEASETIME='0'\n"
		"DOMAINSEARCH=''\n";

	(void)state;
	memset(&l, 0, sizeof(l));
	l.is_static = true;
	l.yiaddr = IP(192, 168, 1, 20); /* class C guess, derived broadcast */
	assert_int_equal(netconf_render("enp0s3", &l, 0, buf, sizeof(buf),
					NULL), (int)strlen(want));
	assert_string_equal(buf, want);
}

static void test_netmask_broadcast(void **state)
{
	struct lease l;

	(void)state;
	memset(&l, 0, sizeof(l));
	l.yiaddr = IP(10, 1, 2, 3);
	assert_int_equal(netconf_netmask(&l), IP(255, 0, 0, 0));
	assert_int_equal(netconf_broadcast(&l), IP(10, 255, 255, 255));
	l.yiaddr = IP(172, 16, 5, 4);
	assert_int_equal(netconf_netmask(&l), IP(255, 255, 0, 0));
	l.yiaddr = IP(224, 0, 0, 1);
	assert_int_equal(netconf_netmask(&l), 0);
	l.yiaddr = IP(10, 1, 2, 3);
	l.netmask = IP(255, 255, 252, 0);
	assert_int_equal(netconf_broadcast(&l), IP(10, 1, 3, 255));
	l.broadcast = IP(10, 1, 2, 255); /* the server's word wins */
	assert_int_equal(netconf_broadcast(&l), IP(10, 1, 2, 255));
	l.yiaddr = 0;
	l.broadcast = 0;
	assert_int_equal(netconf_broadcast(&l), 0);
}

static void test_rootserver(void **state)
{
	struct lease l;
	char buf[NETCONF_SIZE_MAX];

	(void)state;
	memset(&l, 0, sizeof(l));
	l.yiaddr = IP(10, 0, 0, 9);
	l.router = IP(10, 0, 0, 1);
	assert_int_equal(netconf_rootserver(&l), 0); /* never the router */
	l.server_id = IP(10, 0, 0, 3);
	assert_int_equal(netconf_rootserver(&l), IP(10, 0, 0, 3));
	l.siaddr = IP(10, 0, 0, 2);
	assert_int_equal(netconf_rootserver(&l), IP(10, 0, 0, 2));
	assert_true(netconf_render("eth1", &l, 1, buf, sizeof(buf), NULL) > 0);
	assert_non_null(strstr(buf, "\nROOTSERVER='10.0.0.2'\n"));
}

static void test_infinite_lease_and_uptime(void **state)
{
	struct lease l = typical();
	char buf[NETCONF_SIZE_MAX];

	(void)state;
	l.lease_time = 0xffffffffu;
	assert_true(netconf_render("eth0", &l, 4000000000ul, buf, sizeof(buf),
				   NULL) > 0);
	assert_non_null(strstr(buf, "\nDHCPLEASETIME='4294967295'\n"));
	assert_non_null(strstr(buf, "\nUPTIME='4000000000'\n"));
}

/* ---- allowlists -------------------------------------------------------- */

struct vrow {
	const char *s;
	int ok;
};

static void test_valid_hostname(void **state)
{
	static const struct vrow rows[] = {
		{ "a", 1 }, { "live-01", 1 }, { "0day", 1 },
		{ "host.example.org", 1 }, { "A.B-C.d9", 1 },
		{ "", 0 }, { "-a", 0 }, { "a-", 0 }, { "a..b", 0 },
		{ ".a", 0 }, { "a.", 0 }, { "a_b", 0 }, { "a b", 0 },
		{ "$(reboot)", 0 }, { "`id`", 0 }, { "a;b", 0 },
		{ "a'b", 0 }, { "a\"b", 0 }, { "a\\b", 0 }, { "a\nb", 0 },
		{ "h\xc3\xa9", 0 },
	};
	char lbl[80];
	char name[300];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (netconf_valid_hostname(rows[i].s) != rows[i].ok)
			fail_msg("hostname row %zu \"%s\": want %d", i,
				 rows[i].s, rows[i].ok);
	}
	memset(lbl, 'a', sizeof(lbl));
	lbl[63] = '\0';
	assert_true(netconf_valid_hostname(lbl));
	lbl[63] = 'a';
	lbl[64] = '\0';
	assert_false(netconf_valid_hostname(lbl)); /* 64-byte label */
	/* 253 bytes is the limit for a whole name. */
	memset(name, 'a', sizeof(name));
	for (i = 50; i < 253; i += 51)
		name[i] = '.';
	name[253] = '\0';
	assert_true(netconf_valid_hostname(name));
	name[253] = 'a';
	name[254] = '\0';
	assert_false(netconf_valid_hostname(name));
}

static void test_valid_search(void **state)
{
	static const struct vrow rows[] = {
		{ "example.org", 1 }, { "a.example b.example c", 1 },
		{ "", 0 }, { " a", 0 }, { "a ", 0 }, { "a  b", 0 },
		{ "a\tb", 0 }, { "a b;reboot", 0 }, { "a $(x)", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (netconf_valid_search(rows[i].s) != rows[i].ok)
			fail_msg("search row %zu \"%s\"", i, rows[i].s);
}

static void test_valid_rootpath(void **state)
{
	static const struct vrow rows[] = {
		{ "/srv/live", 1 }, { "10.0.0.1:/srv/live", 1 },
		{ "nfs.lab:/srv/live,vers=4.2,proto=tcp", 1 },
		{ "[fd00::1]:/srv/live", 1 }, { "/a/b_c/d-e/f+g/h%20@x", 1 },
		{ "", 0 }, { "-o nolock", 0 }, { "-onolock", 0 },
		{ "/srv/live nolock", 0 }, { "/srv/$(reboot)", 0 },
		{ "/srv/`reboot`", 0 }, { "/srv;reboot", 0 },
		{ "/srv'x", 0 }, { "/srv\"x", 0 }, { "/srv\\x", 0 },
		{ "/srv\nx", 0 }, { "/srv/*", 0 }, { "/srv/?", 0 },
		{ "/srv&x", 0 }, { "/srv|x", 0 }, { "/srv>x", 0 },
		{ "~/x", 0 }, { "/srv/{a,b}", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (netconf_valid_rootpath(rows[i].s) != rows[i].ok)
			fail_msg("rootpath row %zu \"%s\"", i, rows[i].s);
}

static void test_valid_filename(void **state)
{
	static const struct vrow rows[] = {
		{ "pxelinux.0", 1 }, { "grub/x86_64-efi/core.efi", 1 },
		{ "http://10.0.0.1/boot.ipxe", 1 },
		{ "", 0 }, { "-x", 0 }, { "a b", 0 }, { "a[1]", 0 },
		{ "boot.php?mac=1&x=2", 0 }, { "$(reboot)", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (netconf_valid_filename(rows[i].s) != rows[i].ok)
			fail_msg("filename row %zu \"%s\"", i, rows[i].s);
}

static void test_valid_ifname(void **state)
{
	static const struct vrow rows[] = {
		{ "eth0", 1 }, { "enp0s31f6", 1 }, { "eth0.100", 1 },
		{ "br-lan_1", 1 }, { "abcdefghijklmno", 1 },
		{ "", 0 }, { ".", 0 }, { "..", 0 }, { "abcdefghijklmnop", 0 },
		{ "eth0/x", 0 }, { "eth 0", 0 }, { "eth0'", 0 }, { "$(x)", 0 },
		{ "eth0:1", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (netconf_valid_ifname(rows[i].s) != rows[i].ok)
			fail_msg("ifname row %zu \"%s\"", i, rows[i].s);
}

/* ---- hostile leases ---------------------------------------------------- */

static const char *const hostile[] = {
	"$(reboot)",
	"`reboot`",
	"x'; reboot; '",
	"x\"; reboot; \"",
	"a;reboot",
	"a\nreboot",
	"a\\",
	"${IFS}reboot",
	"a.b c/d",
	"-o nolock",
	"a|reboot",
	"a&reboot",
	"a>/etc/passwd",
	"*",
};

/* Points at one string field of a lease, its key and its drop bit. */
struct field {
	const char *key;
	unsigned bit;
	size_t off, size;
};

#define F(key, bit, m) { key, bit, offsetof(struct lease, m), \
			 sizeof(((struct lease *)0)->m) }

static const struct field fields[] = {
	F("HOSTNAME", NETCONF_DROP_HOSTNAME, hostname),
	F("DNSDOMAIN", NETCONF_DROP_DNSDOMAIN, domain),
	F("NISDOMAIN", NETCONF_DROP_NISDOMAIN, nisdomain),
	F("ROOTPATH", NETCONF_DROP_ROOTPATH, root_path),
	F("filename", NETCONF_DROP_FILENAME, bootfile),
	F("DOMAINSEARCH", NETCONF_DROP_DOMAINSEARCH, domain_search),
};

static void set_field(struct lease *l, const struct field *f, const char *v)
{
	char *p = (char *)l + f->off;

	snprintf(p, f->size, "%s", v);
}

static void test_hostile_dropped(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		for (j = 0; j < sizeof(hostile) / sizeof(hostile[0]); j++) {
			struct lease l = typical();
			char buf[NETCONF_SIZE_MAX], line[64];
			unsigned dropped = 0;

			set_field(&l, &fields[i], hostile[j]);
			assert_true(netconf_render("eth0", &l, 1, buf,
						   sizeof(buf), &dropped) > 0);
			if (dropped != fields[i].bit)
				fail_msg("%s=\"%s\": dropped 0x%x", fields[i].key,
					 hostile[j], dropped);
			snprintf(line, sizeof(line), "\n%s=''\n", fields[i].key);
			assert_non_null(strstr(buf, line));
			/* Nothing of the hostile text reached the file. */
			assert_null(strstr(buf, "reboot"));
			assert_null(strstr(buf, "nolock"));
			/* Exactly 17 lines, each KEY='...' with no inner quote. */
			{
				size_t nl = 0;
				const char *p;

				for (p = buf; *p; p++)
					nl += *p == '\n';
				assert_int_equal(nl, 17);
			}
		}
	}
}

/* Long but valid values survive whole; the quoted output still fits. */
static void test_long_values(void **state)
{
	struct lease l = typical();
	char buf[NETCONF_SIZE_MAX];
	unsigned dropped = 1;
	size_t i;
	int r;

	(void)state;
	memset(l.root_path, 'r', sizeof(l.root_path) - 1);
	l.root_path[0] = '/';
	l.root_path[sizeof(l.root_path) - 1] = '\0';
	memset(l.bootfile, 'f', sizeof(l.bootfile) - 1);
	l.bootfile[sizeof(l.bootfile) - 1] = '\0';
	memset(l.hostname, 'h', sizeof(l.hostname) - 1);
	l.hostname[sizeof(l.hostname) - 1] = '\0';
	/* 25 x "abcdefghij.org " = 375 bytes of search list */
	l.domain_search[0] = '\0';
	for (i = 0; i < 25; i++)
		strcat(l.domain_search, i ? " abcdefghij.org" : "abcdefghij.org");
	r = netconf_render("eth0", &l, 1, buf, sizeof(buf), &dropped);
	assert_true(r > 0);
	assert_int_equal(dropped, 0);
	assert_non_null(strstr(buf, l.root_path));
	assert_non_null(strstr(buf, l.bootfile));
	assert_non_null(strstr(buf, l.domain_search));
	/* 63 bytes of 'h': one label at its limit is still a valid name. */
	assert_non_null(strstr(buf, l.hostname));
}

/* Worst case: every string field full and valid fits NETCONF_SIZE_MAX. */
static void test_worst_case_fits(void **state)
{
	struct lease l;
	char buf[NETCONF_SIZE_MAX];
	size_t i;

	(void)state;
	memset(&l, 0, sizeof(l));
	l.yiaddr = l.siaddr = l.netmask = l.broadcast = l.router = 0xffffffffu;
	l.dns[0] = l.dns[1] = 0xffffffffu;
	l.n_dns = 2;
	l.lease_time = 0xffffffffu;
	memset(l.root_path, 'r', sizeof(l.root_path) - 1);
	memset(l.bootfile, 'f', sizeof(l.bootfile) - 1);
	for (i = 0; i + 1 < sizeof(l.domain_search); i++)
		l.domain_search[i] = (i % 2) ? ' ' : 'd';
	l.domain_search[sizeof(l.domain_search) - 2] = '\0';
	memset(l.hostname, 'h', 63);
	for (i = 0; i < 250; i++) {
		l.domain[i] = (i % 50 == 49) ? '.' : 'x';
		l.nisdomain[i] = l.domain[i];
	}
	assert_true(netconf_render("abcdefghijklmno", &l, (unsigned long)-1,
				   buf, sizeof(buf), NULL) > 0);
	assert_true(resolvconf_render(&l, buf, sizeof(buf), NULL) > 0);
}

/* ---- errors ------------------------------------------------------------ */

static void test_enobufs_untouched(void **state)
{
	struct lease l = typical();
	char ref[NETCONF_SIZE_MAX], buf[NETCONF_SIZE_MAX];
	unsigned dropped = 77;
	int n;

	(void)state;
	n = netconf_render("eth0", &l, 7, ref, sizeof(ref), NULL);
	assert_true(n > 0);
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(netconf_render("eth0", &l, 7, buf, (size_t)n,
					&dropped), -ENOBUFS);
	assert_int_equal(buf[0], 'X');
	assert_int_equal(dropped, 77);
	assert_int_equal(netconf_render("eth0", &l, 7, buf, 0, &dropped),
			 -ENOBUFS);
	assert_int_equal(netconf_render("eth0", &l, 7, buf, (size_t)n + 1,
					&dropped), n);
	assert_string_equal(buf, ref);
	assert_int_equal(dropped, 0);

	n = resolvconf_render(&l, ref, sizeof(ref), NULL);
	assert_true(n > 0);
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(resolvconf_render(&l, buf, (size_t)n, NULL), -ENOBUFS);
	assert_int_equal(buf[0], 'X');
}

static void test_einval(void **state)
{
	struct lease l = typical();
	char buf[NETCONF_SIZE_MAX];
	static const char *const bad[] = {
		"", "eth0'", "$(reboot)", "eth0\n", "a b", "abcdefghijklmnop",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(netconf_render(bad[i], &l, 0, buf, sizeof(buf),
						NULL), -EINVAL);
	assert_int_equal(netconf_render(NULL, &l, 0, buf, sizeof(buf), NULL),
			 -EINVAL);
	assert_int_equal(netconf_render("eth0", NULL, 0, buf, sizeof(buf),
					NULL), -EINVAL);
	assert_int_equal(resolvconf_render(NULL, buf, sizeof(buf), NULL),
			 -EINVAL);
}

/* ---- resolv.conf ------------------------------------------------------- */

static void test_resolv(void **state)
{
	struct lease l = typical();
	char buf[NETCONF_SIZE_MAX];
	unsigned dropped = 9;

	(void)state;
	l.dns[2] = IP(9, 9, 9, 9);
	l.n_dns = 3;
	assert_true(resolvconf_render(&l, buf, sizeof(buf), &dropped) > 0);
	assert_string_equal(buf,
		"# written by netboot from the DHCP lease\n"
		"nameserver 10.0.2.53\n"
		"nameserver 1.1.1.1\n"
		"nameserver 9.9.9.9\n"
		"search lab.example.org example.org\n");
	assert_int_equal(dropped, 0);

	/* No search list: the domain name. */
	l.domain_search[0] = '\0';
	l.n_dns = 1;
	assert_true(resolvconf_render(&l, buf, sizeof(buf), &dropped) > 0);
	assert_string_equal(buf,
		"# written by netboot from the DHCP lease\n"
		"nameserver 10.0.2.53\n"
		"search lab.example.org\n");

	/* Hostile search list: dropped, fall back to a valid domain. */
	strcpy(l.domain_search, "a.example\nnameserver 6.6.6.6");
	assert_true(resolvconf_render(&l, buf, sizeof(buf), &dropped) > 0);
	assert_int_equal(dropped, NETCONF_DROP_DOMAINSEARCH);
	assert_null(strstr(buf, "6.6.6.6"));
	assert_non_null(strstr(buf, "search lab.example.org\n"));

	/* Both hostile: no search line at all. */
	strcpy(l.domain, "x\nnameserver 6.6.6.6");
	assert_true(resolvconf_render(&l, buf, sizeof(buf), &dropped) > 0);
	assert_int_equal(dropped,
			 NETCONF_DROP_DOMAINSEARCH | NETCONF_DROP_DNSDOMAIN);
	assert_string_equal(buf,
		"# written by netboot from the DHCP lease\n"
		"nameserver 10.0.2.53\n");

	/* Zero addresses are skipped; n_dns never read past the array. */
	memset(&l, 0, sizeof(l));
	l.dns[1] = IP(10, 0, 0, 1);
	l.n_dns = 99;
	assert_true(resolvconf_render(&l, buf, sizeof(buf), NULL) > 0);
	assert_string_equal(buf,
		"# written by netboot from the DHCP lease\n"
		"nameserver 10.0.0.1\n");
}

static void test_drop_names(void **state)
{
	(void)state;
	assert_string_equal(netconf_drop_name[0], "HOSTNAME");
	assert_string_equal(netconf_drop_name[3], "ROOTPATH");
	assert_string_equal(netconf_drop_name[NETCONF_DROP_COUNT - 1],
			    "DOMAINSEARCH");
	assert_int_equal(1u << (NETCONF_DROP_COUNT - 1),
			 NETCONF_DROP_DOMAINSEARCH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typical),
		cmocka_unit_test(test_static_defaults),
		cmocka_unit_test(test_netmask_broadcast),
		cmocka_unit_test(test_rootserver),
		cmocka_unit_test(test_infinite_lease_and_uptime),
		cmocka_unit_test(test_valid_hostname),
		cmocka_unit_test(test_valid_search),
		cmocka_unit_test(test_valid_rootpath),
		cmocka_unit_test(test_valid_filename),
		cmocka_unit_test(test_valid_ifname),
		cmocka_unit_test(test_hostile_dropped),
		cmocka_unit_test(test_long_values),
		cmocka_unit_test(test_worst_case_fits),
		cmocka_unit_test(test_enobufs_untouched),
		cmocka_unit_test(test_einval),
		cmocka_unit_test(test_resolv),
		cmocka_unit_test(test_drop_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
