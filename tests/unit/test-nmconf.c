/*
 * test-nmconf.c - which files are rendered for which live root, their
 * paths, modes and key lines; the era rule (conf.d vs. switching
 * NetworkManager off); errors with out untouched.  Whole contents are
 * pinned by tests/golden/nmconf-*.expected.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "nmconf.h"

static const uint8_t MAC[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
#define MACS "52:54:00:ab:cd:ef"

#define ALL_MODERN (NMCONF_HAVE_NM | NMCONF_HAVE_NM_CONFD | \
		    NMCONF_HAVE_NETWORKD | NMCONF_HAVE_NETPLAN | \
		    NMCONF_HAVE_CLOUD_INIT | NMCONF_HAVE_IFUPDOWN)
#define OLD_NM (NMCONF_HAVE_NM | NMCONF_HAVE_SYSV_NM | \
		NMCONF_HAVE_SYSV_NM_DEB | NMCONF_HAVE_UPSTART_NM)

static const struct nmconf_file *find(const struct nmconf_file *f, int n,
				      const char *path)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(f[i].path, path))
			return &f[i];
	return NULL;
}

struct row {
	const char *what;
	unsigned have;
	const char *paths; /* space separated, in order */
};

static const struct row rows[] = {
	{ "nothing", 0, "" },
	{ "NetworkManager binary alone", NMCONF_HAVE_NM, "" },
	{ "modern everything", ALL_MODERN,
	  "etc/NetworkManager/conf.d/99-netboot.conf "
	  "etc/systemd/network/00-netboot.network "
	  "etc/netplan/00-netboot.yaml "
	  "etc/cloud/cloud.cfg.d/99-netboot.cfg "
	  "etc/network/interfaces" },
	{ "conf.d wins over the old scripts", OLD_NM | NMCONF_HAVE_NM_CONFD,
	  "etc/NetworkManager/conf.d/99-netboot.conf" },
	{ "old era: sysv and upstart", OLD_NM | NMCONF_HAVE_IFUPDOWN,
	  "etc/init.d/NetworkManager etc/init.d/network-manager "
	  "etc/init/network-manager.override etc/network/interfaces" },
	{ "sysv script only where it exists", NMCONF_HAVE_SYSV_NM_DEB,
	  "etc/init.d/network-manager" },
	{ "upstart only", NMCONF_HAVE_UPSTART_NM,
	  "etc/init/network-manager.override" },
	{ "server: networkd, netplan, cloud-init",
	  NMCONF_HAVE_NETWORKD | NMCONF_HAVE_NETPLAN | NMCONF_HAVE_CLOUD_INIT,
	  "etc/systemd/network/00-netboot.network "
	  "etc/netplan/00-netboot.yaml "
	  "etc/cloud/cloud.cfg.d/99-netboot.cfg" },
	{ "every bit", 0x1ffu,
	  "etc/NetworkManager/conf.d/99-netboot.conf "
	  "etc/systemd/network/00-netboot.network "
	  "etc/netplan/00-netboot.yaml "
	  "etc/cloud/cloud.cfg.d/99-netboot.cfg "
	  "etc/network/interfaces" },
};

static void test_table(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		struct nmconf_file f[NMCONF_FILES_MAX];
		char got[1024] = "";
		int n, i;

		n = nmconf_render("eth0", MAC, rows[k].have, f, NMCONF_FILES_MAX);
		assert_true(n >= 0);
		for (i = 0; i < n; i++) {
			if (i)
				strcat(got, " ");
			strcat(got, f[i].path);
			/* Relative, no dot-dot, content consistent. */
			assert_true(f[i].path[0] != '/');
			assert_null(strstr(f[i].path, ".."));
			assert_int_equal(f[i].len, strlen(f[i].content));
			assert_true(f[i].len > 0 &&
				    f[i].content[f[i].len - 1] == '\n');
			assert_non_null(f[i].what);
			/* Every file says why, with the NIC and its MAC. */
			assert_non_null(strstr(f[i].content,
					       "over eth0 (" MACS ")"));
		}
		if (strcmp(got, rows[k].paths))
			fail_msg("%s: got \"%s\"", rows[k].what, got);
	}
}

static void test_contents(void **state)
{
	struct nmconf_file f[NMCONF_FILES_MAX];
	const struct nmconf_file *p;
	int n;

	(void)state;
	n = nmconf_render("enp1s0", MAC, ALL_MODERN, f, NMCONF_FILES_MAX);
	assert_int_equal(n, 5);

	p = find(f, n, "etc/NetworkManager/conf.d/99-netboot.conf");
	assert_non_null(p);
	assert_int_equal(p->mode, 0644);
	assert_non_null(strstr(p->content,
			       "\n[keyfile]\nunmanaged-devices+=mac:" MACS "\n"));
	assert_null(strstr(p->content, "interface-name")); /* MAC only */

	p = find(f, n, "etc/systemd/network/00-netboot.network");
	assert_non_null(p);
	assert_non_null(strstr(p->content, "\n[Match]\nMACAddress=" MACS "\n"));
	assert_non_null(strstr(p->content, "\n[Link]\nUnmanaged=yes\n"));

	p = find(f, n, "etc/netplan/00-netboot.yaml");
	assert_non_null(p);
	assert_int_equal(p->mode, 0600);
	assert_non_null(strstr(p->content, "macaddress: \"" MACS "\"\n"));
	assert_non_null(strstr(p->content, "      critical: true\n"));
	assert_non_null(strstr(p->content, "      dhcp4: false\n"));
	assert_null(strstr(p->content, "\t")); /* YAML: no tabs */

	p = find(f, n, "etc/cloud/cloud.cfg.d/99-netboot.cfg");
	assert_non_null(p);
	assert_non_null(strstr(p->content, "\nnetwork: {config: disabled}\n"));

	p = find(f, n, "etc/network/interfaces");
	assert_non_null(p);
	assert_non_null(strstr(p->content,
			       "\nauto lo\niface lo inet loopback\n"));
	assert_non_null(strstr(p->content, "\niface enp1s0 inet manual\n"));
	assert_null(strstr(p->content, "auto enp1s0"));
	assert_null(strstr(p->content, "dhcp"));
}

static void test_old_era_contents(void **state)
{
	struct nmconf_file f[NMCONF_FILES_MAX];
	const struct nmconf_file *p;
	int n;

	(void)state;
	n = nmconf_render("eth0", MAC, OLD_NM, f, NMCONF_FILES_MAX);
	assert_int_equal(n, 3);
	p = find(f, n, "etc/init.d/NetworkManager");
	assert_non_null(p);
	assert_int_equal(p->mode, 0755);
	assert_memory_equal(p->content, "#!/bin/sh\n", 10);
	assert_non_null(strstr(p->content, "\nexit 0\n"));
	p = find(f, n, "etc/init/network-manager.override");
	assert_non_null(p);
	assert_int_equal(p->mode, 0644);
	assert_non_null(strstr(p->content, "\nmanual\n"));
}

static void test_errors(void **state)
{
	struct nmconf_file f[NMCONF_FILES_MAX];
	static const char *const bad[] = {
		"", "eth0\n", "eth0 inet dhcp", "../x", "abcdefghijklmnop",
		"$(reboot)",
	};
	size_t i;

	(void)state;
	memset(f, 0x5a, sizeof(f));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(nmconf_render(bad[i], MAC, ALL_MODERN, f,
					       NMCONF_FILES_MAX), -EINVAL);
	assert_int_equal(nmconf_render(NULL, MAC, ALL_MODERN, f, 8), -EINVAL);
	assert_int_equal(nmconf_render("eth0", NULL, ALL_MODERN, f, 8),
			 -EINVAL);
	assert_int_equal(nmconf_render("eth0", MAC, ALL_MODERN, NULL, 8),
			 -EINVAL);
	/* Five files do not fit in four: nothing written. */
	assert_int_equal(nmconf_render("eth0", MAC, ALL_MODERN, f, 4),
			 -ENOBUFS);
	assert_int_equal(f[0].len, 0x5a5a5a5a5a5a5a5aull);
	assert_int_equal(nmconf_render("eth0", MAC, ALL_MODERN, f, 5), 5);
	/* Nothing to write needs no room. */
	assert_int_equal(nmconf_render("eth0", MAC, 0, f, 0), 0);
}

static void test_probes(void **state)
{
	unsigned seen = 0;
	size_t i;

	(void)state;
	assert_true(nmconf_n_probes > 0);
	for (i = 0; i < nmconf_n_probes; i++) {
		assert_true(nmconf_probes[i].path[0] != '/');
		assert_null(strstr(nmconf_probes[i].path, ".."));
		seen |= nmconf_probes[i].bit;
	}
	assert_int_equal(seen, 0x1ffu); /* every bit has a probe */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_contents),
		cmocka_unit_test(test_old_era_contents),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_probes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
