/*
 * test-dnslog.c - unit tests for src/core/dnslog.c: the lines dnsmasq 2.90
 * wrote in the server tier's runs (copied here as they were), each read
 * into its event; and the lines that must read as nothing (other lines,
 * hostile names and paths, wrong shapes, sizes).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "dnslog.h"

#define ROOT "/var/lib/netboot-server/tftp"

static enum dnslog_kind parse(const char *l, struct dnslog_event *e)
{
	return dnslog_parse(l, strlen(l), ROOT, e);
}

static void test_real_lines(void **state)
{
	struct dnslog_event e;

	(void)state;
	assert_int_equal(parse("Dec  4 18:20:28 dnsmasq-dhcp[30066]: 1499501420 vendor class: "
			       "PXEClient:Arch:00000:UNDI:002001", &e), DNSLOG_VENDOR);
	assert_int_equal(e.xid, 1499501420u);
	assert_int_equal(e.arch, 0);
	assert_int_equal(e.http, 0);
	assert_int_equal(parse("Dec  4 18:20:28 dnsmasq-dhcp[30066]: 42 vendor class: "
			       "HTTPClient:Arch:00016:UNDI:003000", &e), DNSLOG_VENDOR);
	assert_int_equal(e.arch, 16);
	assert_int_equal(e.http, 1);
	assert_int_equal(parse("Dec  4 18:20:28 dnsmasq-dhcp[30066]: 1499501420 user class: iPXE", &e),
			 DNSLOG_IPXE);
	assert_int_equal(parse("Dec  4 18:20:28 dnsmasq-dhcp[30066]: 1499501420 PXE(px) "
			       "52:54:00:12:34:01 proxy", &e), DNSLOG_PROXY);
	assert_memory_equal(e.mac, "\x52\x54\x00\x12\x34\x01", 6);
	assert_int_equal(parse("Dec  4 18:22:59 dnsmasq-dhcp[1794]: 3013712521 DHCPACK(px) "
			       "192.0.2.128 52:54:00:12:34:01", &e), DNSLOG_ACK);
	assert_int_equal(e.ip, 0xc0000280);
	assert_int_equal(parse("Dec  4 18:22:59 dnsmasq-dhcp[1794]: 3013712521 DHCPACK(px) "
			       "192.0.2.128 52:54:00:12:34:01 client7", &e), DNSLOG_ACK);
	assert_int_equal(parse("Dec  4 18:20:44 dnsmasq-tftp[30066]: sent " ROOT "/pxelinux.0 to 192.0.2.73", &e),
			 DNSLOG_TFTP_SENT);
	assert_string_equal(e.file, "pxelinux.0");
	assert_int_equal(e.ip, 0xc0000249);
	assert_int_equal(parse("Dec  4 18:20:44 dnsmasq-tftp[30066]: file " ROOT
			       "/pxelinux.cfg/01-52-54-00-12-34-01 not found for 192.0.2.73", &e),
			 DNSLOG_TFTP_MISSING);
	assert_string_equal(e.file, "pxelinux.cfg/01-52-54-00-12-34-01");
	/* a path outside the root stays absolute */
	assert_int_equal(parse("dnsmasq-tftp[1]: sent /srv/other/x.efi to 10.0.0.9", &e), DNSLOG_TFTP_SENT);
	assert_string_equal(e.file, "/srv/other/x.efi");
}

static void test_nothing(void **state)
{
	static const char *const lines[] = {
		"",
		"Dec  4 18:20:25 dnsmasq[30066]: started, version 2.90 DNS disabled",
		"Dec  4 18:20:25 dnsmasq-dhcp[30066]: DHCP, proxy on subnet 192.0.2.0",
		"Dec  4 18:20:28 dnsmasq-dhcp[30066]: 1499501420 available DHCP subnet: 192.0.2.0/255.255.255.0",
		"Dec  4 18:21:11 dnsmasq-dhcp[30066]: 3741813824 vendor class: netboot",
		"Dec  4 18:20:28 dnsmasq-dhcp[30066]: 1499501420 user class: iPXEx",
		"Dec  4 18:20:28 dnsmasq-dhcp[30066]: 1499501420 PXE(px) 52:54:00:12:34:0g proxy",
		"Dec  4 18:20:28 dnsmasq-dhcp[30066]: 1499501420 PXE(p x) 52:54:00:12:34:01 proxy",
		"Dec  4 18:20:28 dnsmasq-dhcp[30066]: 1499501420 PXE(px) 52:54:00:12:34:01 proxy extra",
		"Dec  4 18:20:28 dnsmasq-dhcp[30066]: 99999999999 PXE(px) 52:54:00:12:34:01 proxy",
		"Dec  4 18:20:28 dnsmasq-dhcp[x]: 1 PXE(px) 52:54:00:12:34:01 proxy",
		"Dec  4 18:22:59 dnsmasq-dhcp[1794]: 1 DHCPACK(px) 192.0.2.0128 52:54:00:12:34:01",
		"Dec  4 18:22:59 dnsmasq-dhcp[1794]: 1 DHCPACK(px) 192.0.2.128 52:54:00:12:34:01x",
		/* hostile file names a client asked for */
		"Dec  4 18:20:44 dnsmasq-tftp[1]: file " ROOT "/\x1b[2J not found for 192.0.2.73",
		"Dec  4 18:20:44 dnsmasq-tftp[1]: file " ROOT "/a b not found for 192.0.2.73",
		"Dec  4 18:20:44 dnsmasq-tftp[1]: file " ROOT "/$(reboot) not found for 192.0.2.73",
		"Dec  4 18:20:44 dnsmasq-tftp[1]: sent " ROOT "/pxelinux.0 to 192.0.2.73 extra",
		"Dec  4 18:20:44 dnsmasq-tftp[1]: sent " ROOT "/pxelinux.0 to 192.0.2.300",
		"Dec  4 18:20:44 dnsmasq-tftp[1]: error 8 User aborted the transfer received from 192.0.2.73",
		"Dec  4 18:20:44 something-else[1]: 1 PXE(px) 52:54:00:12:34:01 proxy",
	};
	struct dnslog_event e;

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (parse(lines[i], &e) != DNSLOG_NONE)
			fail_msg("read as an event: %s", lines[i]);
		assert_int_equal(e.kind, DNSLOG_NONE);
		assert_int_equal(e.file[0], '\0');
	}
}

static void test_sizes(void **state)
{
	char line[DNSLOG_LINE_MAX + 64], file[DNSLOG_FILE_MAX + 10];
	struct dnslog_event e;

	(void)state;
	memset(file, 'a', sizeof(file) - 1);
	file[sizeof(file) - 1] = '\0';
	snprintf(line, sizeof(line), "dnsmasq-tftp[1]: sent %s to 10.0.0.1", file);
	assert_int_equal(parse(line, &e), DNSLOG_NONE);
	file[DNSLOG_FILE_MAX] = '\0';
	snprintf(line, sizeof(line), "dnsmasq-tftp[1]: sent %s to 10.0.0.1", file);
	assert_int_equal(parse(line, &e), DNSLOG_TFTP_SENT);
	assert_int_equal(strlen(e.file), DNSLOG_FILE_MAX);
	/* only the first len bytes count */
	assert_int_equal(dnslog_parse("dnsmasq-tftp[1]: sent x to 10.0.0.1", 30, NULL, &e), DNSLOG_NONE);
	assert_int_equal(dnslog_parse(NULL, 0, NULL, &e), DNSLOG_NONE);
}

static void test_arch_names(void **state)
{
	char b[16];

	(void)state;
	assert_string_equal(dnslog_arch_name(0, 0, b, sizeof(b)), "BIOS");
	assert_string_equal(dnslog_arch_name(7, 0, b, sizeof(b)), "UEFI");
	assert_string_equal(dnslog_arch_name(9, 0, b, sizeof(b)), "UEFI");
	assert_string_equal(dnslog_arch_name(16, 1, b, sizeof(b)), "UEFI HTTP");
	assert_string_equal(dnslog_arch_name(-1, 0, b, sizeof(b)), "PXE");
	assert_string_equal(dnslog_arch_name(31, 0, b, sizeof(b)), "arch 31");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_lines),
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_arch_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
