/*
 * test-ifpick.c - NIC choice and lease ranking, table-driven.
 * Each choose row lists the hints and the expected selection as a
 * comma-separated list of names; each rank row lists offers and the
 * expected return, winner and deadline.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ifpick.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			(uint32_t)(c) << 8 | (uint32_t)(d))

/* lo, eth0 (carrier), eth1, wlan0, ib0, eth2 (carrier) */
static const struct ifpick_if fx[] = {
	{ "lo", { 0 }, 1, 772, true, false, true },
	{ "eth0", { 0x52, 0x54, 0, 0, 0, 1 }, 2, 1, false, false, true },
	{ "eth1", { 0x52, 0x54, 0, 0, 0, 2 }, 3, 1, false, false, false },
	{ "wlan0", { 0x52, 0x54, 0, 0, 0, 4 }, 4, 1, false, true, false },
	{ "ib0", { 0x52, 0x54, 0, 0, 0, 5 }, 5, 32, false, false, true },
	{ "eth2", { 0x52, 0x54, 0, 0, 0, 3 }, 6, 1, false, false, true },
};
#define NFX (sizeof(fx) / sizeof(fx[0]))

static void parse_mac(const char *s, uint8_t mac[6])
{
	unsigned b[6];
	int i;

	assert_int_equal(sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2],
				&b[3], &b[4], &b[5]), 6);
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
}

/* "eth1,52:54:00:00:00:03" -> netdev entries (a ':' means a MAC). */
static void parse_netdev(const char *s, struct ifpick_hints *h)
{
	char buf[200], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		struct ifpick_netdev *d = &h->netdev[h->n_netdev++];

		if (strchr(tok, ':')) {
			d->is_mac = true;
			parse_mac(tok, d->mac);
		} else {
			snprintf(d->name, sizeof(d->name), "%s", tok);
		}
	}
}

struct crow {
	const char *what;
	const char *bootif, *ip_dev, *netdev; /* NULL = absent */
	const char *want;                     /* selected names */
	enum ifpick_rule rule;
	unsigned flags;
};

static const struct crow crows[] = {
	{ "no hints: every Ethernet", NULL, NULL, NULL,
	  "eth0,eth1,eth2", IFPICK_RULE_ALL, 0 },
	{ "BOOTIF", "52:54:00:00:00:02", NULL, NULL,
	  "eth1", IFPICK_RULE_BOOTIF, 0 },
	{ "BOOTIF beats ip= and ethdevice=", "52:54:00:00:00:02", "eth0",
	  "eth2", "eth1", IFPICK_RULE_BOOTIF, 0 },
	{ "BOOTIF unknown: fall to ip=", "52:54:00:00:00:99", "eth2", NULL,
	  "eth2", IFPICK_RULE_IPDEV, IFPICK_BOOTIF_MISSING },
	{ "BOOTIF unknown: fall to all", "52:54:00:00:00:99", NULL, NULL,
	  "eth0,eth1,eth2", IFPICK_RULE_ALL, IFPICK_BOOTIF_MISSING },
	{ "BOOTIF on a wireless NIC is not eligible", "52:54:00:00:00:04",
	  NULL, NULL, "eth0,eth1,eth2", IFPICK_RULE_ALL,
	  IFPICK_BOOTIF_MISSING },
	{ "ip= device", NULL, "eth1", NULL, "eth1", IFPICK_RULE_IPDEV, 0 },
	{ "ip= beats ethdevice=", NULL, "eth1", "eth2", "eth1",
	  IFPICK_RULE_IPDEV, 0 },
	{ "ip=all is no device", NULL, "all", NULL, "eth0,eth1,eth2",
	  IFPICK_RULE_ALL, 0 },
	{ "ip= names lo", NULL, "lo", NULL, "eth0,eth1,eth2",
	  IFPICK_RULE_ALL, IFPICK_IPDEV_MISSING },
	{ "ip= missing, ethdevice= present", NULL, "eth7", "eth2", "eth2",
	  IFPICK_RULE_NETDEV, IFPICK_IPDEV_MISSING },
	{ "ethdevice= names", NULL, NULL, "eth2,eth0", "eth0,eth2",
	  IFPICK_RULE_NETDEV, 0 },
	{ "ethdevice= MAC", NULL, NULL, "52:54:00:00:00:03", "eth2",
	  IFPICK_RULE_NETDEV, 0 },
	{ "ethdevice= mixed, one missing", NULL, NULL,
	  "eth9,52:54:00:00:00:01", "eth0", IFPICK_RULE_NETDEV, 0 },
	{ "ethdevice= all missing", NULL, NULL, "eth9,wlan0", "eth0,eth1,eth2",
	  IFPICK_RULE_ALL, IFPICK_NETDEV_MISSING },
	{ "everything missing", "00:00:00:00:00:01", "eth8", "eth9",
	  "eth0,eth1,eth2", IFPICK_RULE_ALL,
	  IFPICK_BOOTIF_MISSING | IFPICK_IPDEV_MISSING | IFPICK_NETDEV_MISSING },
};

static void selected_names(const struct ifpick_result *r, char *buf,
			   size_t sz)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < r->n; i++) {
		if (!r->v[i].selected)
			continue;
		if (buf[0])
			strncat(buf, ",", sz - strlen(buf) - 1);
		strncat(buf, fx[i].name, sz - strlen(buf) - 1);
	}
}

static void test_choose_table(void **state)
{
	size_t k, i;

	(void)state;
	for (k = 0; k < sizeof(crows) / sizeof(crows[0]); k++) {
		const struct crow *c = &crows[k];
		struct ifpick_hints h;
		struct ifpick_result r;
		char got[128];
		int n;

		memset(&h, 0, sizeof(h));
		if (c->bootif) {
			h.has_bootif = true;
			parse_mac(c->bootif, h.bootif);
		}
		if (c->ip_dev)
			snprintf(h.ip_dev, sizeof(h.ip_dev), "%s", c->ip_dev);
		if (c->netdev)
			parse_netdev(c->netdev, &h);
		n = ifpick_choose(fx, NFX, &h, &r);
		selected_names(&r, got, sizeof(got));
		if (strcmp(got, c->want) || r.rule != c->rule ||
		    r.flags != c->flags || n != (int)r.n_selected)
			fail_msg("%s: got \"%s\" rule %s flags %#x n %d", c->what,
				 got, ifpick_rule_name[r.rule], r.flags, n);
		/* Every verdict has a reason; the ineligible keep theirs. */
		for (i = 0; i < NFX; i++)
			assert_non_null(r.v[i].reason);
		assert_string_equal(r.v[0].reason, "loopback");
		assert_string_equal(r.v[3].reason, "wireless");
		assert_string_equal(r.v[4].reason, "not Ethernet");
		assert_false(r.v[0].selected || r.v[3].selected ||
			     r.v[4].selected);
	}
}

static void test_choose_reasons(void **state)
{
	struct ifpick_hints h;
	struct ifpick_result r;

	(void)state;
	memset(&h, 0, sizeof(h));
	assert_int_equal(ifpick_choose(fx, NFX, &h, &r), 3);
	assert_string_equal(r.v[1].reason, "candidate: Ethernet, carrier up");
	assert_string_equal(r.v[2].reason, "candidate: Ethernet, no carrier yet");

	h.has_bootif = true;
	parse_mac("52:54:00:00:00:01", h.bootif);
	assert_int_equal(ifpick_choose(fx, NFX, &h, &r), 1);
	assert_string_equal(r.v[1].reason, "BOOTIF matches its MAC");
	assert_string_equal(r.v[2].reason, "not the BOOTIF NIC");

	memset(&h, 0, sizeof(h));
	strcpy(h.ip_dev, "eth2");
	assert_int_equal(ifpick_choose(fx, NFX, &h, &r), 1);
	assert_string_equal(r.v[5].reason, "named by ip=");
	assert_string_equal(r.v[1].reason, "not the ip= device");

	memset(&h, 0, sizeof(h));
	parse_netdev("eth1", &h);
	assert_int_equal(ifpick_choose(fx, NFX, &h, &r), 1);
	assert_string_equal(r.v[2].reason, "named by ethdevice=/live-netdev=");
	assert_string_equal(r.v[5].reason,
			    "not named by ethdevice=/live-netdev=");
}

static void test_choose_none_eligible(void **state)
{
	struct ifpick_hints h;
	struct ifpick_result r;

	(void)state;
	memset(&h, 0, sizeof(h));
	h.has_bootif = true; /* no flag when nothing could match at all */
	assert_int_equal(ifpick_choose(fx, 1, &h, &r), 0);
	assert_int_equal(r.rule, IFPICK_RULE_NONE);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.v[0].reason, "loopback");
	assert_int_equal(ifpick_choose(fx, 0, &h, &r), 0);
	assert_int_equal(r.n, 0);
}

static void test_choose_einval(void **state)
{
	struct ifpick_hints h;
	struct ifpick_result r;

	(void)state;
	memset(&h, 0, sizeof(h));
	memset(&r, 0x5a, sizeof(r));
	assert_int_equal(ifpick_choose(NULL, 0, &h, &r), -EINVAL);
	assert_int_equal(ifpick_choose(fx, NFX, NULL, &r), -EINVAL);
	assert_int_equal(ifpick_choose(fx, NFX, &h, NULL), -EINVAL);
	assert_int_equal(ifpick_choose(fx, IFPICK_MAX + 1, &h, &r), -EINVAL);
	assert_int_equal(r.n, 0x5a5a5a5a5a5a5a5aull); /* untouched */
}

static void test_describe(void **state)
{
	struct ifpick_hints h;
	struct ifpick_result r;
	char buf[128];
	int n;

	(void)state;
	memset(&h, 0, sizeof(h));
	ifpick_choose(fx, NFX, &h, &r);
	n = ifpick_describe(&fx[1], &r.v[1], buf, sizeof(buf));
	assert_int_equal(n, (int)strlen(buf));
	assert_string_equal(buf, "eth0 (52:54:00:00:00:01): DHCP: "
				 "candidate: Ethernet, carrier up");
	ifpick_describe(&fx[4], &r.v[4], buf, sizeof(buf));
	assert_string_equal(buf, "ib0: skipped: not Ethernet (type 32)");
	ifpick_describe(&fx[0], &r.v[0], buf, sizeof(buf));
	assert_string_equal(buf, "lo: skipped: loopback");
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(ifpick_describe(&fx[0], &r.v[0], buf, 21), -ENOBUFS);
	assert_int_equal(buf[0], 'X');
	assert_int_equal(ifpick_describe(&fx[0], &r.v[0], buf, 22), 21);
	assert_int_equal(ifpick_describe(NULL, &r.v[0], buf, 22), -EINVAL);
}

static void test_flags_note(void **state)
{
	(void)state;
	assert_non_null(strstr(ifpick_flags_note(IFPICK_BOOTIF_MISSING |
						 IFPICK_NETDEV_MISSING),
			       "BOOTIF"));
	assert_non_null(strstr(ifpick_flags_note(IFPICK_IPDEV_MISSING), "ip="));
	assert_non_null(strstr(ifpick_flags_note(IFPICK_NETDEV_MISSING),
			       "ethdevice="));
	assert_string_equal(ifpick_flags_note(0), "");
}

/* ---- ranking ----------------------------------------------------------- */

static struct lease L_plain, L_siaddr, L_sid, L_rootpath, L_rootname;

static void leases_init(void)
{
	memset(&L_plain, 0, sizeof(L_plain));
	L_plain.yiaddr = IP(10, 0, 0, 50);
	L_plain.server_id = IP(10, 0, 0, 1);
	L_siaddr = L_plain;
	L_siaddr.siaddr = IP(10, 9, 9, 9);
	L_sid = L_plain;
	L_sid.server_id = IP(10, 9, 9, 9);
	L_rootpath = L_plain;
	strcpy(L_rootpath.root_path, "10.9.9.9:/srv/live");
	L_rootname = L_plain;
	strcpy(L_rootname.root_path, "nfs:/srv/live");
}

#define PEND { IFPICK_PENDING, 0, NULL, false }
#define PEND_B { IFPICK_PENDING, 0, NULL, true }
#define FAIL { IFPICK_FAILED, 0, NULL, false }
#define FAIL_B { IFPICK_FAILED, 0, NULL, true }
#define GOT(t, l) { IFPICK_BOUND, t, &l, false }
#define GOT_B(t, l) { IFPICK_BOUND, t, &l, true }

struct rrow {
	const char *what;
	struct ifpick_offer o[4];
	size_t n;
	uint32_t nfs;
	uint64_t now;
	int ret;
	size_t idx;        /* when ret == 0 */
	const char *why;   /* substring of the reason */
	uint64_t deadline; /* when ret == -EAGAIN */
};

#define NFS IP(10, 9, 9, 9)
#define GRACE 2000

static const struct rrow rrows[] = {
	{ "nothing yet", { PEND, PEND }, 2, 0, 100, -EAGAIN, 0, NULL,
	  UINT64_MAX },
	{ "all failed", { FAIL, FAIL_B }, 2, 0, 100, -ENOENT, 0, NULL, 0 },
	{ "no offers at all", { PEND }, 0, 0, 100, -ENOENT, 0, NULL, 0 },
	{ "one lease, no hints: at once", { PEND, GOT(500, L_plain) }, 2, 0,
	  500, 0, 1, "earliest", 0 },
	{ "earliest of two", { GOT(900, L_plain), GOT(700, L_plain) }, 2, 0,
	  900, 0, 1, "earliest", 0 },
	{ "tie goes to the lower index", { GOT(700, L_plain),
	  GOT(700, L_plain) }, 2, 0, 700, 0, 0, "earliest", 0 },
	{ "BOOTIF first", { GOT_B(300, L_plain), PEND }, 2, 0, 300, 0, 0,
	  "BOOTIF", 0 },
	{ "wait for BOOTIF within grace", { GOT(300, L_plain), PEND_B }, 2, 0,
	  400, -EAGAIN, 0, NULL, 300 + GRACE },
	{ "BOOTIF in grace wins", { GOT(300, L_plain), GOT_B(2300, L_plain) },
	  2, 0, 2300, 0, 1, "BOOTIF", 0 },
	{ "BOOTIF late loses", { GOT(300, L_plain), GOT_B(2301, L_plain) }, 2,
	  0, 2400, 0, 0, "earliest", 0 },
	{ "grace over, BOOTIF pending", { GOT(300, L_plain), PEND_B }, 2, 0,
	  2300, 0, 0, "earliest", 0 },
	{ "BOOTIF failed: no wait", { GOT(300, L_plain), FAIL_B }, 2, 0, 301,
	  0, 0, "earliest", 0 },
	{ "BOOTIF beats server match", { GOT(100, L_siaddr),
	  GOT_B(1500, L_plain) }, 2, NFS, 1500, 0, 1, "BOOTIF", 0 },
	{ "server match by siaddr", { GOT(100, L_plain), GOT(200, L_siaddr) },
	  2, NFS, 200, 0, 1, "nfsroot", 0 },
	{ "server match by server-id", { GOT(100, L_plain), GOT(200, L_sid) },
	  2, NFS, 200, 0, 1, "nfsroot", 0 },
	{ "server match by root-path", { GOT(100, L_plain),
	  GOT(200, L_rootpath) }, 2, NFS, 200, 0, 1, "nfsroot", 0 },
	{ "root-path host name does not match", { GOT(100, L_plain),
	  GOT(200, L_rootname) }, 2, NFS, 200, 0, 0, "earliest", 0 },
	{ "no match yet, others pending: wait", { GOT(100, L_plain), PEND },
	  2, NFS, 150, -EAGAIN, 0, NULL, 100 + GRACE },
	{ "no match, grace over", { GOT(100, L_plain), PEND }, 2, NFS, 2100, 0,
	  0, "earliest", 0 },
	{ "no match, nothing pending", { GOT(100, L_plain), FAIL }, 2, NFS,
	  150, 0, 0, "earliest", 0 },
	{ "earliest of two matches", { GOT(400, L_sid), GOT(300, L_rootpath),
	  GOT(100, L_plain) }, 3, NFS, 400, 0, 1, "nfsroot", 0 },
	{ "BOOTIF pending and server match: wait for BOOTIF",
	  { GOT(100, L_siaddr), PEND_B }, 2, NFS, 500, -EAGAIN, 0, NULL,
	  100 + GRACE },
	{ "BOOTIF failed, server match", { GOT(100, L_plain), FAIL_B,
	  GOT(900, L_rootpath) }, 3, NFS, 900, 0, 2, "nfsroot", 0 },
};

static void test_rank_table(void **state)
{
	size_t k;

	(void)state;
	leases_init();
	for (k = 0; k < sizeof(rrows) / sizeof(rrows[0]); k++) {
		const struct rrow *r = &rrows[k];
		struct ifpick_winner w = { 999, NULL };
		uint64_t dl = 12345;
		int ret;

		ret = ifpick_rank(r->o, r->n, GRACE, r->nfs, r->now, &w, &dl);
		if (ret != r->ret)
			fail_msg("%s: ret %d want %d", r->what, ret, r->ret);
		if (ret == 0 && (w.idx != r->idx || !w.reason ||
				 !strstr(w.reason, r->why)))
			fail_msg("%s: winner %zu (%s) want %zu", r->what, w.idx,
				 w.reason ? w.reason : "-", r->idx);
		if (ret == 0 && dl != 12345)
			fail_msg("%s: deadline written on success", r->what);
		if (ret == -EAGAIN && dl != r->deadline)
			fail_msg("%s: deadline %llu want %llu", r->what,
				 (unsigned long long)dl,
				 (unsigned long long)r->deadline);
		if (ret != 0 && w.idx != 999)
			fail_msg("%s: winner written on failure", r->what);
	}
}

static void test_rank_overflow_and_einval(void **state)
{
	struct ifpick_offer o[2] = { GOT(UINT64_MAX - 5, L_plain), PEND_B };
	struct ifpick_offer bad = { IFPICK_BOUND, 1, NULL, false };
	struct ifpick_winner w;
	uint64_t dl;

	(void)state;
	leases_init();
	o[0].lease = &L_plain;
	assert_int_equal(ifpick_rank(o, 2, GRACE, 0, UINT64_MAX - 4, &w, &dl),
			 -EAGAIN);
	assert_int_equal(dl, UINT64_MAX);
	assert_int_equal(ifpick_rank(&bad, 1, GRACE, 0, 1, &w, &dl), -EINVAL);
	assert_int_equal(ifpick_rank(NULL, 1, GRACE, 0, 1, &w, &dl), -EINVAL);
	assert_int_equal(ifpick_rank(o, 2, GRACE, 0, 1, NULL, &dl), -EINVAL);
	assert_int_equal(ifpick_rank(o, 2, GRACE, 0, 1, &w, NULL), -EINVAL);
}

static void test_names_server(void **state)
{
	static const struct {
		const char *rp;
		bool want;
	} rows[] = {
		{ "10.9.9.9:/srv", true }, { "10.9.9.9:", true },
		{ "10.9.9.90:/srv", false }, { "010.9.9.9:/srv", false },
		{ "10.9.9:/srv", false }, { "10.9.9.9.9:/srv", false },
		{ "10.9.9.256:/srv", false }, { "/srv/live", false },
		{ "[::1]:/srv", false }, { "", false }, { "10..9.9:/x", false },
	};
	struct lease l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&l, 0, sizeof(l));
		strcpy(l.root_path, rows[i].rp);
		if (ifpick_lease_names_server(&l, NFS) != rows[i].want)
			fail_msg("root-path \"%s\"", rows[i].rp);
	}
	memset(&l, 0, sizeof(l));
	assert_false(ifpick_lease_names_server(&l, 0)); /* 0 is no server */
	assert_false(ifpick_lease_names_server(NULL, NFS));
	l.router = NFS; /* the router is not the server */
	assert_false(ifpick_lease_names_server(&l, NFS));
}

/* The demux of the one packet socket: a frame's sll_ifindex to its NIC. */
static void test_by_ifindex(void **state)
{
	const int idx[] = { 2, 5, 3, 9 };

	(void)state;
	assert_int_equal(ifpick_by_ifindex(idx, 4, 2), 0);
	assert_int_equal(ifpick_by_ifindex(idx, 4, 3), 2);
	assert_int_equal(ifpick_by_ifindex(idx, 4, 9), 3);
	assert_int_equal(ifpick_by_ifindex(idx, 4, 1), -1);  /* lo: no NIC */
	assert_int_equal(ifpick_by_ifindex(idx, 4, 0), -1);  /* unknown */
	assert_int_equal(ifpick_by_ifindex(idx, 4, -5), -1);
	assert_int_equal(ifpick_by_ifindex(idx, 3, 9), -1);  /* past n */
	assert_int_equal(ifpick_by_ifindex(NULL, 0, 2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_choose_table),
		cmocka_unit_test(test_choose_reasons),
		cmocka_unit_test(test_choose_none_eligible),
		cmocka_unit_test(test_choose_einval),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_flags_note),
		cmocka_unit_test(test_rank_table),
		cmocka_unit_test(test_rank_overflow_and_einval),
		cmocka_unit_test(test_names_server),
		cmocka_unit_test(test_by_ifindex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
