/*
 * test-phase-net.c - the network phase (src/phase/net.c) run whole on the
 * phase seam: fake NICs, fake packet sockets answered by a scripted DHCP
 * server in this file, a fake clock (tests/unit/fake/fake.h).  No root;
 * each case runs in milliseconds whatever the fake time it covers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmdline.h"
#include "dhcp-fixture.h"
#include "fake.h"
#include "log.h"
#include "net.h"
#include "phase.h"

/* ---- a scripted DHCP server on the fake wire --------------------------- */

struct srv {
	bool silent;            /* never answers */
	bool nak;               /* NAKs every REQUEST (with a message) */
	unsigned foreign_per_discover; /* frames for another client per DISCOVER */
	unsigned bad_per_discover;     /* malformed frames per DISCOVER */
	uint32_t yiaddr;        /* 0 = FX_YIADDR */
	unsigned discovers, requests;
	int only_ifindex;       /* answer only this NIC (0 = all) */
	int break_ifindex;      /* this NIC's interface goes away at its first */
	bool broke;             /* send; till then the others get no answer */
	int deliver_ifindex;    /* replies come in on this interface, not the
				 * asking NIC's (0 = the asking NIC's) */
	struct fake_link *carrier_on_discover; /* gets carrier (a link event)
						* at the first DISCOVER */
};

static struct srv srv;

static uint8_t msg_type(const uint8_t *f, size_t len)
{
	size_t i = 28 + 240;

	while (i + 1 < len && f[i] != 255) {
		if (f[i] == 0) {
			i++;
			continue;
		}
		if (f[i] == 53 && f[i + 1] == 1 && i + 2 < len)
			return f[i + 2];
		i += 2 + (size_t)f[i + 1];
	}
	return 0;
}

static void reply(int ifindex, uint32_t xid, const uint8_t *mac, uint8_t type)
{
	static uint8_t b[FX_BUF];
	uint32_t y = srv.yiaddr ? srv.yiaddr : FX_YIADDR;
	uint8_t o[64];
	size_t n = 0, len;
	struct fx f;

	o[n++] = 53; o[n++] = 1; o[n++] = type;
	o[n++] = 54; o[n++] = 4; fx_put32(o + n, FX_SERVER); n += 4;
	if (type == 6) {
		static const char m[] = "address not on this network";

		o[n++] = 56; o[n++] = sizeof(m) - 1;
		memcpy(o + n, m, sizeof(m) - 1);
		n += sizeof(m) - 1;
	} else {
		o[n++] = 51; o[n++] = 4; fx_put32(o + n, 3600); n += 4;
		o[n++] = 1; o[n++] = 4; fx_put32(o + n, 0xffffff00u); n += 4;
	}
	o[n++] = 255;
	memset(&f, 0, sizeof(f));
	f.xid = xid;
	f.mac = mac;
	f.yiaddr = type == 6 ? 0 : y;
	f.opts = o;
	f.optlen = n;
	len = fx_frame(b, &f);
	fake_packet_queue(srv.deliver_ifindex ? srv.deliver_ifindex : ifindex, b, len, false);
}

static void server(int ifindex, const uint8_t *f, size_t len, void *arg)
{
	uint32_t xid;
	uint8_t mac[6], type, b[FX_BUF];
	unsigned i;

	(void)arg;
	if (srv.break_ifindex == ifindex) {
		fake_packet_break(ifindex, -ENETDOWN);
		srv.broke = true;
		return;
	}
	if (srv.break_ifindex && !srv.broke)
		return;
	if (len < 28 + 240)
		return;
	xid = fx_get32(f + 28 + 4);
	memcpy(mac, f + 28 + 28, 6);
	type = msg_type(f, len);
	if (type == 1)
		srv.discovers++;
	if (type == 3)
		srv.requests++;
	if (type == 1 && srv.carrier_on_discover && !srv.carrier_on_discover->carrier) {
		srv.carrier_on_discover->carrier = true;
		fake_link_changed(srv.carrier_on_discover);
	}
	if (type == 1) {
		for (i = 0; i < srv.foreign_per_discover; i++) {
			size_t n = FX_OPTS(b, 53, 1, 2, 54, 4, 10, 0, 0, 1, 255);

			fx_put32(b + 28 + 4, xid ^ 0x5a5a5a5au); /* another client's */
			fx_csum(b);
			fake_packet_queue(ifindex, b, n, false);
		}
		for (i = 0; i < srv.bad_per_discover; i++) {
			size_t n = FX_OPTS(b, 53, 1, 2, 54, 4, 10, 0, 0, 1, 255);

			fx_put32(b + 28 + 4, xid);
			memcpy(b + 28 + 28, mac, 6);
			fx_csum(b);
			b[20 + 6] ^= 0x5a; /* UDP checksum wrong (never 0) */
			if (!b[26] && !b[27])
				b[27] = 1;
			fake_packet_queue(ifindex, b, n, false);
		}
	}
	if (srv.silent || (srv.only_ifindex && ifindex != srv.only_ifindex))
		return;
	if (type == 1)
		reply(ifindex, xid, mac, 2);
	else if (type == 3)
		reply(ifindex, xid, mac, srv.nak ? 6 : 5);
}

/* ---- fixture ----------------------------------------------------------- */

static char rundir[64];
static struct net_paths paths;
static struct cmdline cl;
static struct net_result res;

static const uint8_t mac1[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t mac2[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };

static void set_cmdline(const char *s)
{
	char err[CMDLINE_ERR_MAX];

	assert_int_equal(cmdline_parse(s, strlen(s), &cl, err, sizeof(err)), 0);
	log_set_debug(cl.debug);
}

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&srv, 0, sizeof(srv));
	fake_packet_server(server, NULL);
	phase_clock_start();
	snprintf(rundir, sizeof(rundir), "/tmp/nbt-phase-net.XXXXXX");
	assert_non_null(mkdtemp(rundir));
	assert_int_equal(log_open(rundir), 0);
	net_paths_init(&paths, rundir);
	memset(&res, 0, sizeof(res));
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rundir);
	assert_int_equal(system(cmd), 0);
	fake_packet_reset();
	return 0;
}

static long report_size(void)
{
	char p[128];
	struct stat st;

	snprintf(p, sizeof(p), "%s/netboot.log", rundir);
	return stat(p, &st) ? 0 : (long)st.st_size;
}

static bool report_has(const char *needle)
{
	static char buf[1 << 20];
	char p[128];
	FILE *f;
	size_t n;

	snprintf(p, sizeof(p), "%s/netboot.log", rundir);
	f = fopen(p, "r");
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

/* ---- cases ------------------------------------------------------------- */

/* One NIC, a willing server: bound, configured, the socket closed. */
static void test_one_nic_lease(void **state)
{
	struct fake_link *l;
	uint64_t t0 = fake_now_ms;

	(void)state;
	set_cmdline("boot=casper netboot=nfs");
	l = fake_link_add("eth0", mac1);
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_OK);
	assert_string_equal(res.dev, "eth0");
	assert_int_equal(res.lease.yiaddr, FX_YIADDR);
	assert_int_equal(l->addr, FX_YIADDR);
	assert_int_equal(srv.discovers, 1);
	assert_int_equal(srv.requests, 1);
	assert_int_equal(fake_packet_open_now, 0);
	assert_true(fake_now_ms - t0 < 1000);
	assert_true(report_has("boot NIC eth0"));
}

/* No startup delay: with carrier at once, each NIC's first DISCOVER goes
 * out before the phase first waits, and a server that answers at once
 * gives the lease in the one wake-up that reads its OFFER and ACK
 * (FAKE_WAKE_MS), behind 7 silent NICs too: not the random 0-100 ms
 * every NIC used to wait before its first DISCOVER. */
static void test_first_discover_at_once(void **state)
{
	struct fake_link *l = NULL;
	uint8_t mac[6];
	char name[8];
	uint64_t t0 = fake_now_ms;
	unsigned i;

	(void)state;
	set_cmdline("boot=casper netboot=nfs");
	for (i = 0; i < 8; i++) {
		memcpy(mac, mac1, 6);
		mac[5] = (uint8_t)(0x60 + i);
		snprintf(name, sizeof(name), "eth%u", i);
		l = fake_link_add(name, mac);
		assert_non_null(l);
	}
	srv.only_ifindex = l->ifindex; /* eth7 */
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_OK);
	fprintf(stderr, "first DISCOVER at once: lease after %llu ms of fake time, %u waits\n",
		(unsigned long long)(fake_now_ms - t0), fake_packet_waits);
	assert_string_equal(res.dev, "eth7");
	assert_int_equal(srv.discovers, 8); /* one each, none repeated */
	assert_int_equal(srv.requests, 1);
	assert_true(fake_now_ms - t0 <= FAKE_WAKE_MS);
	assert_int_equal(fake_packet_waits, 1);
}

/* Silence: exit 111 after netboot.dhcp-timeout=, one closing line per NIC. */
static void test_no_reply_times_out(void **state)
{
	uint64_t t0 = fake_now_ms;

	(void)state;
	srv.silent = true;
	set_cmdline("boot=casper netboot=nfs netboot.dhcp-timeout=20");
	fake_link_add("eth0", mac1);
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_TRANSIENT);
	assert_true(fake_now_ms - t0 >= 20000);
	assert_true(fake_now_ms - t0 < 21000);
	assert_true(report_has("eth0: no reply"));
	assert_int_equal(fake_packet_open_now, 0);
}

/* Defect 6: the only NIC goes away mid-DHCP (its socket reports POLLERR
 * for good).  The phase drops it at once and says so, instead of waking
 * on the error until the budget ends. */
static void test_nic_gone_alone(void **state)
{
	uint64_t t0 = fake_now_ms;
	struct fake_link *l;

	(void)state;
	set_cmdline("boot=casper netboot=nfs");
	l = fake_link_add("eth0", mac1);
	srv.break_ifindex = l->ifindex;
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_TRANSIENT);
	fprintf(stderr, "nic gone alone: %u waits, %llu ms of fake time\n",
		fake_packet_waits, (unsigned long long)(fake_now_ms - t0));
	assert_true(fake_packet_waits < 50);
	assert_true(fake_now_ms - t0 < 2000);
	assert_true(report_has("eth0: the interface stopped working"));
	assert_int_equal(fake_packet_open_now, 0);
}

/* Defect 6: one of two NICs goes away; the other still gets its lease,
 * and the loop never spins on the broken one. */
static void test_nic_gone_other_wins(void **state)
{
	struct fake_link *a, *b;

	(void)state;
	set_cmdline("boot=casper netboot=nfs");
	a = fake_link_add("eth0", mac1);
	b = fake_link_add("eth1", mac2);
	srv.break_ifindex = a->ifindex;
	srv.only_ifindex = b->ifindex;
	srv.silent = false;
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_OK);
	fprintf(stderr, "nic gone, other wins: %u waits\n", fake_packet_waits);
	assert_string_equal(res.dev, "eth1");
	assert_true(fake_packet_waits < 50);
	assert_true(report_has("eth0: the interface stopped working"));
}

/* One packet socket and one link batch for every NIC, whatever their
 * number: the live NIC behind 7 dead ones leases, and nothing is opened
 * or brought up per NIC. */
static void test_one_socket_every_nic(void **state)
{
	char name[16];
	uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xbb, 0, 0 };
	struct fake_link *l = NULL;
	unsigned i;

	(void)state;
	set_cmdline("boot=casper netboot=nfs");
	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "eth%u", i);
		mac[5] = (uint8_t)i;
		l = fake_link_add(name, mac);
	}
	srv.only_ifindex = l->ifindex;
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_OK);
	assert_string_equal(res.dev, "eth7");
	assert_int_equal(fake_packet_opened, 1);
	assert_int_equal(fake_link_up_batches, 1);
	assert_int_equal(srv.discovers, 8);
	assert_int_equal(fake_packet_open_now, 0);
}

/* A reply is handed to the NIC it came in on (sll_ifindex), never to
 * another: eth0's OFFER coming in on eth1 is "for another client" to
 * eth1's client and never reaches eth0's, so nobody leases. */
static void test_reply_goes_to_its_nic(void **state)
{
	struct fake_link *a, *b;

	(void)state;
	set_cmdline("boot=casper netboot=nfs netboot.debug netboot.dhcp-timeout=5");
	a = fake_link_add("eth0", mac1);
	b = fake_link_add("eth1", mac2);
	srv.only_ifindex = a->ifindex;
	srv.deliver_ifindex = b->ifindex;
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_TRANSIENT);
	assert_true(report_has("eth1: ignored a frame: not for us"));
	assert_false(report_has("eth0: ignored a frame"));
	assert_int_equal(srv.requests, 0);
}

/* A frame on an interface that is not a candidate (lo, a NIC not
 * chosen) is dropped before any client sees it. */
static void test_reply_on_other_interface_dropped(void **state)
{
	struct fake_link *a;

	(void)state;
	set_cmdline("boot=casper netboot=nfs netboot.debug netboot.dhcp-timeout=5");
	a = fake_link_add("eth0", mac1);
	srv.only_ifindex = a->ifindex;
	srv.deliver_ifindex = 99;
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_TRANSIENT);
	assert_false(report_has("ignored a frame"));
	assert_int_equal(srv.requests, 0);
}

/* Carrier comes as a link event: a NIC without carrier at the batch
 * starts as soon as the event says it has one, not at the next carrier
 * poll. */
static void test_carrier_from_link_event(void **state)
{
	struct fake_link *a, *b;
	uint64_t t0 = fake_now_ms;

	(void)state;
	set_cmdline("boot=casper netboot=nfs");
	a = fake_link_add("eth0", mac1);
	b = fake_link_add("eth1", mac2);
	b->carrier = false;
	srv.only_ifindex = b->ifindex;
	srv.carrier_on_discover = b; /* at eth0's DISCOVER */
	(void)a;
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_OK);
	fprintf(stderr, "carrier from an event: leased in %llu ms of fake time\n",
		(unsigned long long)(fake_now_ms - t0));
	assert_string_equal(res.dev, "eth1");
	assert_true(fake_now_ms - t0 < 10);
}

/* Defect 3: netboot.timeout= is the whole budget: a longer
 * netboot.dhcp-timeout= is cut to it. */
static void test_whole_budget_caps_dhcp(void **state)
{
	uint64_t t0 = fake_now_ms;

	(void)state;
	srv.silent = true;
	set_cmdline("boot=casper netboot=nfs netboot.timeout=100 netboot.dhcp-timeout=300");
	fake_link_add("eth0", mac1);
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_TRANSIENT);
	fprintf(stderr, "timeout=100 dhcp-timeout=300: DHCP gave up after %llu ms\n",
		(unsigned long long)(fake_now_ms - t0));
	assert_true(fake_now_ms - t0 <= 100000);
	assert_true(fake_now_ms - t0 >= 99000);
	assert_true(report_has("netboot.timeout="));
}

/* Defect 3: the budget counts from netboot's start, not the phase's: 25 s
 * already spent of netboot.timeout=30 leave DHCP 5 s, not its 60. */
static void test_whole_budget_counts_from_start(void **state)
{
	uint64_t t0 = fake_now_ms;

	(void)state;
	srv.silent = true;
	set_cmdline("boot=casper netboot=nfs netboot.timeout=30 netboot.dhcp-timeout=60");
	fake_link_add("eth0", mac1);
	fake_clock_advance(25000);
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_TRANSIENT);
	fprintf(stderr, "timeout=30, 25 s spent before net: netboot ended at %llu ms\n",
		(unsigned long long)(fake_now_ms - t0));
	assert_true(fake_now_ms - t0 <= 30000);
}

/* Defect 4: foreign and malformed frames are counted and summed up once
 * per NIC; the report does not grow with them (netboot.debug shows the
 * first few only). */
static void test_flood_report_bounded(void **state)
{
	long size;

	(void)state;
	srv.silent = true;
	srv.foreign_per_discover = 500;
	srv.bad_per_discover = 500;
	set_cmdline("boot=casper netboot=nfs netboot.dhcp-timeout=30 netboot.debug");
	fake_link_add("eth0", mac1);
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_TRANSIENT);
	size = report_size();
	fprintf(stderr, "flood: %u DISCOVERs, %u frames ignored, report %ld bytes\n",
		srv.discovers, srv.discovers * 1000, size);
	assert_true(srv.discovers >= 5);
	assert_true(size < 4096);
	assert_true(report_has("eth0: ignored "));
	assert_true(report_has("malformed (the last: "));
}

/* "Say exactly why": a NAK's text reaches the report, once per NIC. */
static void test_nak_text_once(void **state)
{
	(void)state;
	srv.nak = true;
	set_cmdline("boot=casper netboot=nfs netboot.dhcp-timeout=20");
	fake_link_add("eth0", mac1);
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_TRANSIENT);
	assert_true(srv.requests > 1);
	assert_true(report_has("eth0: NAK from 10.0.0.1: address not on this network"));
	assert_true(report_has("eth0: NAK from server"));
}

/* Defect 8: many interfaces (virtual functions), BOOTIF's the last one
 * listed: it is found, chosen and bound. */
static void many_links_bootif_last(unsigned count)
{
	char name[16], cmd[128];
	uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xaa, 0, 0 };
	struct fake_link *l = NULL;
	unsigned i;

	for (i = 0; i < count; i++) {
		snprintf(name, sizeof(name), "enp1s0f%u", i % 1000);
		mac[4] = (uint8_t)(i >> 8);
		mac[5] = (uint8_t)i;
		l = fake_link_add(name, mac);
		assert_non_null(l);
	}
	snprintf(cmd, sizeof(cmd), "boot=casper netboot=nfs BOOTIF=01-52-54-00-aa-%02x-%02x",
		 mac[4], mac[5]);
	set_cmdline(cmd);
	srv.only_ifindex = l->ifindex;
	assert_int_equal(net_run(&cl, &paths, &res), NETBOOT_EXIT_OK);
	fprintf(stderr, "%u links, BOOTIF last: chose %s\n", count, res.dev);
	assert_string_equal(res.dev, l->name);
	assert_true(report_has("matches BOOTIF") || report_has("BOOTIF"));
}

static void test_40_links_bootif_last(void **state)
{
	(void)state;
	many_links_bootif_last(40);
}

static void test_100_links_bootif_last(void **state)
{
	(void)state;
	many_links_bootif_last(100);
	assert_true(report_has("more than 64 network interfaces"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_nic_lease, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_discover_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_reply_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nic_gone_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nic_gone_other_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_socket_every_nic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_goes_to_its_nic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_on_other_interface_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_carrier_from_link_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whole_budget_caps_dhcp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whole_budget_counts_from_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flood_report_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nak_text_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_40_links_bootif_last, setup, teardown),
		cmocka_unit_test_setup_teardown(test_100_links_bootif_last, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
