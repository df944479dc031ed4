/*
 * test-fleet.c - unit tests for src/core/fleet.c: a client's boot as the
 * server sees it (PXE request, TFTP files, NFS, its own report, its
 * verdict), the table and JSON rendered from it, rows joined by address
 * and MAC, the GRUB trap timer, the per-client rate limit, the cap on
 * clients, sanitized texts, a client booting again.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"

static const uint8_t MAC1[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x01 };
#define IP1 0xc0000249u /* 192.0.2.73 */

static struct fleet *new_fleet(bool proxy)
{
	struct fleet *f = malloc(sizeof(*f));

	assert_non_null(f);
	fleet_init(f, proxy);
	return f;
}

static void dns(struct fleet *f, enum dnslog_kind k, uint32_t xid, int arch, const uint8_t *mac,
		uint32_t ip, const char *file, const uint8_t *arp, uint64_t now, char *line)
{
	struct dnslog_event e;

	memset(&e, 0, sizeof(e));
	e.kind = k;
	e.xid = xid;
	e.arch = arch;
	if (mac)
		memcpy(e.mac, mac, 6);
	e.ip = ip;
	if (file)
		snprintf(e.file, sizeof(e.file), "%s", file);
	fleet_dnslog(f, &e, arp, now, line, 320);
}

static struct report_rec rep(enum report_kind k, const char *phase, uint32_t seq, const char *text)
{
	struct report_rec r;

	memset(&r, 0, sizeof(r));
	r.kind = k;
	r.severity = REPORT_SEV_INFO;
	memcpy(r.mac, MAC1, 6);
	r.ip = IP1;
	snprintf(r.phase, sizeof(r.phase), "%s", phase);
	r.seq = seq;
	r.up_ms = 9000 + seq;
	snprintf(r.text, sizeof(r.text), "%s", text);
	return r;
}

static void test_one_boot(void **state)
{
	struct fleet *f = new_fleet(true);
	struct report_rec r;
	char line[320], out[8192];

	(void)state;
	dns(f, DNSLOG_VENDOR, 7, 0, NULL, 0, NULL, NULL, 1000, line);
	assert_string_equal(line, "");
	dns(f, DNSLOG_IPXE, 7, -1, NULL, 0, NULL, NULL, 1000, line);
	dns(f, DNSLOG_PROXY, 7, -1, MAC1, 0, NULL, NULL, 1000, line);
	assert_string_equal(line, "52:54:00:12:34:01 -               BIOS iPXE client asks what to boot: answered (proxyDHCP)");
	dns(f, DNSLOG_PROXY, 7, -1, MAC1, 0, NULL, NULL, 1500, line); /* the ROM asks again */
	assert_string_equal(line, "");
	dns(f, DNSLOG_TFTP_SENT, 0, -1, NULL, IP1, "pxelinux.0", MAC1, 2000, line);
	assert_string_equal(line, "52:54:00:12:34:01 192.0.2.73      TFTP sent pxelinux.0");
	dns(f, DNSLOG_TFTP_SENT, 0, -1, NULL, IP1, "ldlinux.c32", MAC1, 2000, line);
	assert_string_equal(line, "");
	dns(f, DNSLOG_TFTP_SENT, 0, -1, NULL, IP1, "pxelinux.cfg/default", MAC1, 2100, line);
	dns(f, DNSLOG_TFTP_SENT, 0, -1, NULL, IP1, "pxelinux.cfg/default", MAC1, 2200, line);
	assert_string_equal(line, ""); /* menu.c32 reads it again */
	dns(f, DNSLOG_TFTP_MISSING, 0, -1, NULL, IP1, "pxelinux.cfg/C000024", MAC1, 2200, line);
	assert_string_equal(line, ""); /* pxelinux probing */
	dns(f, DNSLOG_TFTP_SENT, 0, -1, NULL, IP1, "img/vmlinuz", MAC1, 3000, line);
	dns(f, DNSLOG_TFTP_SENT, 0, -1, NULL, IP1, "img/initrd", MAC1, 4000, line);
	assert_int_equal(f->n, 1);
	assert_string_equal(f->c[0].phase, "initrd");
	fleet_nfs(f, IP1, MAC1, 9000, line, sizeof(line));
	assert_string_equal(f->c[0].phase, "mount");
	r = rep(REPORT_LINE, "net", 1, "ens2: 192.0.2.73/24 via 192.0.2.1, lease from DHCP");
	assert_non_null(fleet_report(f, &r, IP1, 9500, line, sizeof(line)));
	assert_string_equal(line, "52:54:00:12:34:01 192.0.2.73      net      ens2: 192.0.2.73/24 via 192.0.2.1, lease from DHCP");
	r = rep(REPORT_VERDICT, "handoff", 2, "NetworkManager kept off ens2");
	r.verdict = REPORT_VERDICT_LIVE;
	fleet_report(f, &r, IP1, 20000, line, sizeof(line));
	assert_int_equal(f->c[0].verdict, FLEET_LIVE);
	fleet_render_table(f, 21000, out, sizeof(out));
	assert_string_equal(out,
		"1 client: 1 live, 0 booting, 0 FAILED\n"
		"MAC                IP               ARCH       PHASE     ELAPSED  VERDICT     LAST\n"
		"52:54:00:12:34:01  192.0.2.73       BIOS iPXE  handoff      20.0  live        live root reached: NetworkManager kept off ens2\n");
	fleet_render_json(f, 21000, out, sizeof(out));
	assert_non_null(strstr(out, "\"mac\":\"52:54:00:12:34:01\",\"ip\":\"192.0.2.73\",\"arch\":\"BIOS iPXE\",\"phase\":\"handoff\",\"verdict\":\"live\""));
	assert_non_null(strstr(out, "\"reports\":2,"));
	free(f);
}

static void test_failure_and_diag(void **state)
{
	struct fleet *f = new_fleet(false);
	struct report_rec r;
	char line[320], out[8192];

	(void)state;
	r = rep(REPORT_VERDICT, "mount", 1, "no such export: 192.0.2.2 does not export /wrong");
	r.verdict = REPORT_VERDICT_FAILED;
	fleet_report(f, &r, IP1, 5000, line, sizeof(line));
	r = rep(REPORT_DIAG, "diag", 2, "FAIL export: /wrong is not exported; it exports /srv/live");
	fleet_report(f, &r, IP1, 5100, line, sizeof(line));
	assert_string_equal(line, "52:54:00:12:34:01 192.0.2.73      netboot-diag: FAIL export: /wrong is not exported; it exports /srv/live");
	assert_int_equal(f->c[0].verdict, FLEET_FAILED);
	assert_string_equal(f->c[0].cause, "no such export: 192.0.2.2 does not export /wrong");
	fleet_render_table(f, 6000, out, sizeof(out));
	assert_non_null(strstr(out, "FAILED      FAILED: no such export: 192.0.2.2 does not export /wrong"));
	assert_non_null(strstr(out, "0 live, 0 booting, 1 FAILED"));
	/* it boots again: a new lease starts it over */
	dns(f, DNSLOG_ACK, 9, 7, MAC1, IP1, NULL, NULL, 7000, line);
	assert_int_equal(f->c[0].verdict, FLEET_BOOTING);
	assert_string_equal(f->c[0].phase, "lease");
	free(f);
}

static void test_rows_joined(void **state)
{
	struct fleet *f = new_fleet(true);
	struct report_rec r;
	char line[320];

	(void)state;
	/* TFTP with no ARP entry: a row known by its address only */
	dns(f, DNSLOG_TFTP_SENT, 0, -1, NULL, IP1, "pxelinux.0", NULL, 1000, line);
	dns(f, DNSLOG_PROXY, 3, -1, MAC1, 0, NULL, NULL, 2000, line);
	assert_int_equal(f->n, 2);
	/* the report names both: one row, first seen at the TFTP */
	r = rep(REPORT_LINE, "net", 1, "x");
	fleet_report(f, &r, IP1, 3000, line, sizeof(line));
	assert_int_equal(f->n, 1);
	assert_true(f->c[0].has_mac);
	assert_int_equal(f->c[0].ip, IP1);
	assert_int_equal(f->c[0].first_ms, 1000);
	/* an address moves to its newest owner */
	{
		uint8_t mac2[6] = { 2, 0, 0, 0, 0, 2 };

		dns(f, DNSLOG_ACK, 4, 0, mac2, IP1, NULL, NULL, 4000, line);
		assert_int_equal(f->n, 2);
		assert_int_equal(f->c[0].ip, 0);
		assert_int_equal(f->c[1].ip, IP1);
	}
	free(f);
}

static void test_grub_trap(void **state)
{
	struct fleet *f = new_fleet(true), *g = new_fleet(false);
	char line[320];

	(void)state;
	dns(f, DNSLOG_TFTP_SENT, 0, -1, NULL, IP1, "grubx64.efi", MAC1, 1000, line);
	assert_null(fleet_tick(f, 20999, line, sizeof(line)));
	assert_non_null(fleet_tick(f, 21000, line, sizeof(line)));
	assert_non_null(strstr(line, "GRUB was loaded 20 s ago but never asked this server for its menu"));
	assert_int_equal(f->c[0].verdict, FLEET_FAILED);
	assert_null(fleet_tick(f, 50000, line, sizeof(line))); /* said once */
	/* asked for its menu: no trap */
	dns(f, DNSLOG_TFTP_SENT, 0, -1, NULL, IP1, "grubx64.efi", MAC1, 60000, line);
	dns(f, DNSLOG_TFTP_SENT, 0, -1, NULL, IP1, "grub/grub.cfg", MAC1, 61000, line);
	assert_null(fleet_tick(f, 90000, line, sizeof(line)));
	/* full DHCP: GRUB reads this server's answer, no trap */
	dns(g, DNSLOG_TFTP_SENT, 0, -1, NULL, IP1, "grubx64.efi", MAC1, 1000, line);
	assert_null(fleet_tick(g, 90000, line, sizeof(line)));
	free(f);
	free(g);
}

static void test_rate_limit(void **state)
{
	struct fleet *f = new_fleet(false);
	struct report_rec r;
	char line[320];
	unsigned taken = 0;

	(void)state;
	for (uint32_t i = 1; i <= 2000; i++) {
		r = rep(REPORT_LINE, "net", i, "flood");
		if (fleet_report(f, &r, IP1, 1000, line, sizeof(line)))
			taken++;
	}
	assert_int_equal(taken, FLEET_BURST);
	assert_int_equal(f->c[0].dropped, 2000 - FLEET_BURST);
	/* a second later, FLEET_RATE more */
	taken = 0;
	for (uint32_t i = 1; i <= 500; i++) {
		r = rep(REPORT_LINE, "net", 3000 + i, "flood");
		if (fleet_report(f, &r, IP1, 2000, line, sizeof(line)))
			taken++;
	}
	assert_int_equal(taken, FLEET_RATE);
	free(f);
}

static void test_capacity(void **state)
{
	struct fleet *f = new_fleet(false);
	struct report_rec r;
	char line[320];

	(void)state;
	for (unsigned i = 0; i < FLEET_MAX + 100; i++) {
		r = rep(REPORT_LINE, "net", 1, "hello");
		r.mac[4] = (uint8_t)(i >> 8);
		r.mac[5] = (uint8_t)i;
		r.ip = 0x0a000000u + i;
		fleet_report(f, &r, r.ip, 1000 + i, line, sizeof(line));
	}
	assert_int_equal(f->n, FLEET_MAX);
	/* the first 100 made room */
	for (unsigned i = 0; i < f->n; i++)
		assert_true(f->c[i].ip >= 0x0a000000u + 100);
	free(f);
}

static void test_sanitized(void **state)
{
	struct fleet *f = new_fleet(false);
	struct report_rec r;
	char line[320], out[8192];

	(void)state;
	r = rep(REPORT_LINE, "net", 1, "");
	snprintf(r.text, sizeof(r.text), "evil %c[2J %c1m \"quoted\" \\", 0x1b, 0x9b);
	fleet_report(f, &r, IP1, 1000, line, sizeof(line));
	for (const char *p = line; *p; p++)
		assert_true(*p >= 0x20 && *p <= 0x7e);
	assert_non_null(strstr(line, "evil \\x1b[2J \\x9b1m"));
	fleet_render_json(f, 2000, out, sizeof(out));
	assert_non_null(strstr(out, "\\\"quoted\\\""));
	for (const char *p = out; *p; p++)
		assert_true(*p == '\n' || (*p >= 0x20 && *p <= 0x7e));
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_boot),
		cmocka_unit_test(test_failure_and_diag),
		cmocka_unit_test(test_rows_joined),
		cmocka_unit_test(test_grub_trap),
		cmocka_unit_test(test_rate_limit),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_sanitized),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
