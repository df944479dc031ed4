/*
 * test-dhcp-msg.c - the DHCPv4 codec: DISCOVER / REQUEST frames checked
 * byte by byte against an independent checksum, a good OFFER / ACK / NAK,
 * and one row per malformed class (IP, UDP, identity, cookie, options,
 * overload, RFC 3396 splits, bad option values dropped and flagged).
 * Frames come from dhcp-fixture.h.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dhcp-fixture.h"
#include "dhcp-msg.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			(uint32_t)(c) << 8 | (uint32_t)(d))

static int parse(const uint8_t *b, size_t len, struct dhcp_reply *r)
{
	return dhcp_msg_parse(b, len, FX_XID, fx_mac, 0, r);
}

/* ---- build ------------------------------------------------------------ */

/* Find option code in a built frame's options; returns its length or -1. */
static int find_opt(const uint8_t *f, size_t len, uint8_t code,
		    const uint8_t **val)
{
	size_t i = 28 + 240;

	while (i < len && f[i] != 255) {
		if (f[i] == 0) {
			i++;
			continue;
		}
		assert_true(i + 1 < len && i + 2 + f[i + 1] <= len);
		if (f[i] == code) {
			*val = f + i + 2;
			return f[i + 1];
		}
		i += 2 + f[i + 1];
	}
	assert_true(i < len); /* END present */
	return -1;
}

static void check_frame(const uint8_t *f, size_t len, uint8_t type)
{
	uint8_t copy[FX_BUF];
	const uint8_t *v;

	assert_true(len >= 28 + 300 && len <= DHCP_MSG_BUILD_MAX);
	assert_int_equal(f[0], 0x45);
	assert_int_equal((f[2] << 8 | f[3]), len);
	assert_int_equal(f[9], 17);
	assert_int_equal(fx_get32(f + 12), 0);
	assert_int_equal(fx_get32(f + 16), 0xffffffffu);
	assert_int_equal((f[20] << 8 | f[21]), 68);
	assert_int_equal((f[22] << 8 | f[23]), 67);
	assert_int_equal((f[24] << 8 | f[25]), len - 20);
	/* Independent checksums agree. */
	memcpy(copy, f, len);
	fx_csum(copy);
	assert_memory_equal(copy, f, len);
	assert_int_equal(fx_sum(0, f, 20), 0);
	assert_int_equal(f[28], 1);            /* BOOTREQUEST */
	assert_int_equal(f[29], 1);
	assert_int_equal(f[30], 6);
	assert_int_equal(fx_get32(f + 32), FX_XID);
	assert_int_equal(f[38], 0x80);         /* broadcast flag */
	assert_memory_equal(f + 56, fx_mac, 6);
	assert_int_equal(fx_get32(f + 264), 0x63825363u);
	assert_int_equal(find_opt(f, len, 53, &v), 1);
	assert_int_equal(v[0], type);
	assert_int_equal(find_opt(f, len, 61, &v), 7);
	assert_int_equal(v[0], 1);
	assert_memory_equal(v + 1, fx_mac, 6);
	assert_int_equal(find_opt(f, len, 55, &v), 12);
	assert_memory_equal(v, ((const uint8_t[]){ 1, 3, 6, 12, 15, 17, 26,
						     28, 42, 66, 67, 119 }),
			    12);
	assert_int_equal(find_opt(f, len, 57, &v), 2);
	assert_int_equal((v[0] << 8 | v[1]), DHCP_MSG_MAX_SIZE);
}

static void test_build_discover(void **state)
{
	struct dhcp_build b = { .type = DHCP_MSG_DISCOVER, .xid = FX_XID,
				.secs = 3, .rapid_commit = true };
	uint8_t f[DHCP_MSG_BUILD_MAX];
	const uint8_t *v;
	struct dhcp_reply r;
	size_t len = 0;

	(void)state;
	memcpy(b.mac, fx_mac, 6);
	assert_int_equal(dhcp_msg_build(&b, f, sizeof(f), &len), 0);
	check_frame(f, len, 1);
	assert_int_equal((f[36] << 8 | f[37]), 3);
	assert_int_equal(find_opt(f, len, 80, &v), 0);
	assert_int_equal(find_opt(f, len, 50, &v), -1);
	assert_int_equal(find_opt(f, len, 54, &v), -1);
	assert_int_equal(find_opt(f, len, 12, &v), -1);
	assert_int_equal(find_opt(f, len, 60, &v), -1);
	/* Our own frame goes 68 -> 67: never taken for a reply. */
	assert_int_equal(parse(f, len, &r), -ENOMSG);

	b.rapid_commit = false;
	assert_int_equal(dhcp_msg_build(&b, f, sizeof(f), &len), 0);
	assert_int_equal(find_opt(f, len, 80, &v), -1);
}

static void test_build_request(void **state)
{
	struct dhcp_build b = { .type = DHCP_MSG_REQUEST, .xid = FX_XID,
				.rapid_commit = true,
				.requested_ip = FX_YIADDR,
				.server_id = FX_SERVER,
				.hostname = "live-01",
				.vendor_class = "netboot" };
	uint8_t f[DHCP_MSG_BUILD_MAX];
	const uint8_t *v;
	size_t len;

	(void)state;
	memcpy(b.mac, fx_mac, 6);
	assert_int_equal(dhcp_msg_build(&b, f, sizeof(f), &len), 0);
	check_frame(f, len, 3);
	assert_int_equal(find_opt(f, len, 50, &v), 4);
	assert_int_equal(fx_get32(v), FX_YIADDR);
	assert_int_equal(find_opt(f, len, 54, &v), 4);
	assert_int_equal(fx_get32(v), FX_SERVER);
	assert_int_equal(find_opt(f, len, 12, &v), 7);
	assert_memory_equal(v, "live-01", 7);
	assert_int_equal(find_opt(f, len, 60, &v), 7);
	assert_memory_equal(v, "netboot", 7);
	assert_int_equal(find_opt(f, len, 80, &v), -1); /* DISCOVER only */

	b.server_id = 0; /* INIT-REBOOT form: no 54 */
	assert_int_equal(dhcp_msg_build(&b, f, sizeof(f), &len), 0);
	assert_int_equal(find_opt(f, len, 54, &v), -1);
}

static void test_build_longest_fits(void **state)
{
	char host[DHCP_HOSTNAME_MAX + 1], vend[DHCP_VENDOR_MAX + 1];
	struct dhcp_build b = { .type = DHCP_MSG_REQUEST, .requested_ip = 1,
				.server_id = 2, .max_size = 576,
				.hostname = host, .vendor_class = vend };
	uint8_t f[DHCP_MSG_BUILD_MAX];
	const uint8_t *v;
	size_t len;

	(void)state;
	memset(host, 'h', sizeof(host) - 1);
	host[sizeof(host) - 1] = 0;
	memset(vend, 'v', sizeof(vend) - 1);
	vend[sizeof(vend) - 1] = 0;
	assert_int_equal(dhcp_msg_build(&b, f, sizeof(f), &len), 0);
	assert_true(len > 28 + 300);
	assert_int_equal(find_opt(f, len, 57, &v), 2);
	assert_int_equal((v[0] << 8 | v[1]), 576);
	/* One byte short: -ENOBUFS, buffer untouched. */
	memset(f, 0xee, sizeof(f));
	assert_int_equal(dhcp_msg_build(&b, f, len - 1, &len), -ENOBUFS);
	assert_int_equal(f[0], 0xee);
}

static void test_build_errors(void **state)
{
	static const struct {
		const char *what;
		struct dhcp_build b;
	} rows[] = {
		{ "type OFFER", { .type = DHCP_MSG_OFFER } },
		{ "type none", { .type = DHCP_MSG_NONE } },
		{ "REQUEST without ip", { .type = DHCP_MSG_REQUEST } },
		{ "max_size 575", { .type = DHCP_MSG_DISCOVER,
				    .max_size = 575 } },
		{ "hostname 64", { .type = DHCP_MSG_DISCOVER,
				   .hostname = "abcdefghijklmnopqrstuvwxyz"
					       "abcdefghijklmnopqrstuvwxyz"
					       "abcdefghijkl" } },
		{ "hostname newline", { .type = DHCP_MSG_DISCOVER,
					.hostname = "a\nb" } },
		{ "vendor DEL", { .type = DHCP_MSG_DISCOVER,
				  .vendor_class = "a\x7f" } },
	};
	struct dhcp_build ok = { .type = DHCP_MSG_DISCOVER };
	uint8_t f[DHCP_MSG_BUILD_MAX];
	size_t len = 77, i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(f, 0xee, sizeof(f));
		if (dhcp_msg_build(&rows[i].b, f, sizeof(f), &len) != -EINVAL)
			fail_msg("row %s", rows[i].what);
		assert_int_equal(f[0], 0xee);
		assert_int_equal(len, 77);
	}
	assert_int_equal(dhcp_msg_build(NULL, f, sizeof(f), &len), -EINVAL);
	assert_int_equal(dhcp_msg_build(&ok, NULL, sizeof(f), &len), -EINVAL);
	assert_int_equal(dhcp_msg_build(&ok, f, sizeof(f), NULL), -EINVAL);
	assert_int_equal(dhcp_msg_build(&ok, f, 100, &len), -ENOBUFS);
}

/* ---- parse: good replies ---------------------------------------------- */

static const uint8_t offer_opts[] = {
	53, 1, 2,
	54, 4, 10, 0, 0, 1,
	51, 4, 0, 0, 0x0e, 0x10,
	58, 4, 0, 0, 0x07, 0x08,
	59, 4, 0, 0, 0x0c, 0x4e,
	1, 4, 255, 255, 255, 0,
	28, 4, 10, 0, 0, 255,
	3, 8, 10, 0, 0, 254, 10, 0, 0, 253,
	6, 16, 10, 0, 0, 53, 10, 0, 0, 54, 10, 0, 0, 55, 10, 0, 0, 56,
	26, 2, 0x05, 0xdc,
	12, 9, 'l', 'i', 'v', 'e', '-', '0', '1', 0, 0,
	15, 11, 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'o', 'r', 'g',
	40, 3, 'n', 'i', 's',
	17, 17, '1', '0', '.', '0', '.', '0', '.', '1', ':', '/', 's', 'r',
		'v', '/', 'l', 'i', 'v',
	119, 19, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0,
		3, 'l', 'a', 'b', 0xc0, 0,
	255,
};

static void test_parse_offer(void **state)
{
	static const uint8_t sname[] = "tftp.example.org";
	static const uint8_t file[] = "pxelinux.0";
	struct fx f = { .yiaddr = FX_YIADDR, .siaddr = IP(10, 0, 0, 2),
			.sname = sname, .snamelen = sizeof(sname),
			.file = file, .filelen = sizeof(file),
			.opts = offer_opts, .optlen = sizeof(offer_opts) };
	uint8_t b[FX_BUF];
	size_t len = fx_frame(b, &f);
	struct dhcp_reply r;
	const struct lease *l = &r.lease;

	(void)state;
	assert_int_equal(parse(b, len, &r), 0);
	assert_int_equal(r.type, DHCP_MSG_OFFER);
	assert_int_equal(r.flags, 0);
	assert_int_equal(l->yiaddr, FX_YIADDR);
	assert_int_equal(l->siaddr, IP(10, 0, 0, 2));
	assert_int_equal(l->server_id, FX_SERVER);
	assert_int_equal(l->lease_time, 3600);
	assert_int_equal(l->t1, 1800);
	assert_int_equal(l->t2, 3150);
	assert_int_equal(l->netmask, IP(255, 255, 255, 0));
	assert_int_equal(l->broadcast, IP(10, 0, 0, 255));
	assert_int_equal(l->router, IP(10, 0, 0, 254));
	assert_int_equal(l->n_dns, LEASE_DNS_MAX); /* 4 given, capped */
	assert_int_equal(l->dns[0], IP(10, 0, 0, 53));
	assert_int_equal(l->dns[2], IP(10, 0, 0, 55));
	assert_int_equal(l->mtu, 1500);
	assert_string_equal(l->hostname, "live-01"); /* NULs dropped */
	assert_string_equal(l->domain, "example.org");
	assert_string_equal(l->nisdomain, "nis");
	assert_string_equal(l->root_path, "10.0.0.1:/srv/liv");
	assert_string_equal(l->domain_search, "example.org lab.example.org");
	assert_string_equal(l->bootfile, "pxelinux.0");
	assert_string_equal(l->tftp_server, "tftp.example.org");
	assert_string_equal(r.message, "");
	assert_false(l->rapid_commit);
	assert_false(l->is_static);
	assert_string_equal(dhcp_msg_type_name[r.type], "OFFER");

	/* Link-layer padding after the IP total length is ignored. */
	assert_int_equal(parse(b, len + 18, &r), 0);
	/* Unicast to yiaddr: the pseudo header uses the real destination. */
	f.ip_dst = FX_YIADDR;
	len = fx_frame(b, &f);
	assert_int_equal(parse(b, len, &r), 0);
	/* UDP checksum 0 means "none" (RFC 768). */
	b[26] = b[27] = 0;
	assert_int_equal(parse(b, len, &r), 0);
}

static void test_parse_ack_nak(void **state)
{
	uint8_t b[FX_BUF];
	size_t len;
	struct dhcp_reply r;

	(void)state;
	len = FX_OPTS(b, 53, 1, 5, 54, 4, 10, 0, 0, 1, 80, 0, 255);
	assert_int_equal(parse(b, len, &r), 0);
	assert_int_equal(r.type, DHCP_MSG_ACK);
	assert_int_equal(r.flags, DHCP_REPLY_RAPID_COMMIT);
	assert_true(r.lease.rapid_commit);
	/* Option 80 in an OFFER is flagged but makes no rapid-commit lease. */
	len = FX_OPTS(b, 53, 1, 2, 80, 0, 255);
	assert_int_equal(parse(b, len, &r), 0);
	assert_int_equal(r.flags, DHCP_REPLY_RAPID_COMMIT);
	assert_false(r.lease.rapid_commit);

	len = FX_OPTS(b, 53, 1, 6, 54, 4, 10, 0, 0, 1,
		      56, 9, 'w', 'r', 'o', 'n', 'g', ' ', 'n', 'e', 't', 255);
	assert_int_equal(parse(b, len, &r), 0);
	assert_int_equal(r.type, DHCP_MSG_NAK);
	assert_string_equal(r.message, "wrong net");
	assert_int_equal(r.lease.server_id, FX_SERVER);
}

/* Options 66 / 67 win over sname / file. */
static void test_parse_options_win(void **state)
{
	static const uint8_t opts[] = { 53, 1, 2, 66, 3, 't', 'f', 't',
					67, 4, 'b', 'o', 'o', 't', 255 };
	static const uint8_t name[] = "fieldname", bad[] = "a\tb";
	struct fx f = { .sname = name, .snamelen = sizeof(name),
			.file = name, .filelen = sizeof(name),
			.opts = opts, .optlen = sizeof(opts) };
	uint8_t b[FX_BUF];
	size_t len = fx_frame(b, &f);
	struct dhcp_reply r;

	(void)state;
	assert_int_equal(parse(b, len, &r), 0);
	assert_string_equal(r.lease.tftp_server, "tft");
	assert_string_equal(r.lease.bootfile, "boot");
	/* A control byte in the file field: dropped and flagged. */
	f.file = bad;
	f.filelen = sizeof(bad);
	f.opts = (const uint8_t[]){ 53, 1, 2, 255 };
	f.optlen = 4;
	len = fx_frame(b, &f);
	assert_int_equal(parse(b, len, &r), 0);
	assert_int_equal(r.flags, DHCP_REPLY_BAD_FIELD);
	assert_string_equal(r.lease.bootfile, "");
	assert_string_equal(r.lease.tftp_server, "fieldname");
}

/* ---- parse: malformed or foreign frames -------------------------------- */

struct mut {
	const char *what;
	void (*fn)(uint8_t *b, size_t *len);
	int want;
};

static void m_trunc_ip(uint8_t *b, size_t *len) { (void)b; *len = 19; }
static void m_trunc_tail(uint8_t *b, size_t *len) { (void)b; *len -= 1; }
static void m_empty(uint8_t *b, size_t *len) { (void)b; *len = 0; }
static void m_version(uint8_t *b, size_t *len) { (void)len; b[0] = 0x65; fx_csum(b); }
static void m_ihl4(uint8_t *b, size_t *len)
{
	(void)len;
	b[0] = 0x44; /* checksum valid over the 16 bytes IHL 4 claims */
	fx_put16(b + 10, 0);
	fx_put16(b + 10, fx_sum(0, b, 16));
}
static void m_ihl_past(uint8_t *b, size_t *len) { b[0] = 0x4f; *len = 40; }
static void m_total_small(uint8_t *b, size_t *len) { (void)len; b[2] = 0; b[3] = 27; fx_csum(b); }
static void m_total_lt_ihl(uint8_t *b, size_t *len) { (void)len; b[2] = 0; b[3] = 19; fx_csum(b); }
static void m_mf(uint8_t *b, size_t *len) { (void)len; b[6] = 0x20; fx_csum(b); }
static void m_fragoff(uint8_t *b, size_t *len) { (void)len; b[7] = 0x10; fx_csum(b); }
static void m_tcp(uint8_t *b, size_t *len) { (void)len; b[9] = 6; fx_csum(b); }
static void m_ipsum(uint8_t *b, size_t *len) { (void)len; b[10] ^= 0x01; }
static void m_udplen_small(uint8_t *b, size_t *len) { (void)len; b[24] = 0; b[25] = 7; }
static void m_udplen_big(uint8_t *b, size_t *len) { (void)len; b[24] = 0x7f; }
static void m_sport(uint8_t *b, size_t *len) { (void)len; b[21] = 68; fx_csum(b); }
static void m_dport(uint8_t *b, size_t *len) { (void)len; b[23] = 67; fx_csum(b); }
static void m_udpsum(uint8_t *b, size_t *len) { (void)len; b[100] ^= 0x40; }
static void m_op(uint8_t *b, size_t *len) { (void)len; b[28] = 1; fx_csum(b); }
static void m_htype(uint8_t *b, size_t *len) { (void)len; b[29] = 6; fx_csum(b); }
static void m_hlen(uint8_t *b, size_t *len) { (void)len; b[30] = 16; fx_csum(b); }
static void m_xid(uint8_t *b, size_t *len) { (void)len; b[35] ^= 1; fx_csum(b); }
static void m_chaddr(uint8_t *b, size_t *len) { (void)len; b[61] ^= 1; fx_csum(b); }
static void m_cookie(uint8_t *b, size_t *len) { (void)len; b[267] = 0x64; fx_csum(b); }

/* Cut the whole frame to n bytes and keep IP / UDP lengths consistent. */
static void cut(uint8_t *b, size_t *len, size_t n)
{
	*len = n;
	fx_put16(b + 2, (uint32_t)n);
	fx_put16(b + 24, (uint32_t)(n - 20));
	fx_csum(b);
}

static void m_short_bootp(uint8_t *b, size_t *len) { cut(b, len, 28 + 235); }
static void m_short_cookie(uint8_t *b, size_t *len) { cut(b, len, 28 + 238); }
static void m_no_options(uint8_t *b, size_t *len) { cut(b, len, 28 + 240); }
static void m_opts_no_end(uint8_t *b, size_t *len) { cut(b, len, *len - 1); }

static void test_parse_malformed(void **state)
{
	static const struct mut rows[] = {
		{ "empty", m_empty, -EBADMSG },
		{ "truncated IP header", m_trunc_ip, -EBADMSG },
		{ "total length > buffer", m_trunc_tail, -EBADMSG },
		{ "IP version 6", m_version, -EBADMSG },
		{ "IHL 4", m_ihl4, -EBADMSG },
		{ "IHL past buffer", m_ihl_past, -EBADMSG },
		{ "total < IHL + 8", m_total_small, -EBADMSG },
		{ "total < IHL", m_total_lt_ihl, -EBADMSG },
		{ "fragment MF", m_mf, -EBADMSG },
		{ "fragment offset", m_fragoff, -EBADMSG },
		{ "protocol TCP", m_tcp, -ENOMSG },
		{ "IP checksum", m_ipsum, -EBADMSG },
		{ "UDP length < 8", m_udplen_small, -EBADMSG },
		{ "UDP length > IP", m_udplen_big, -EBADMSG },
		{ "source port 68", m_sport, -ENOMSG },
		{ "destination port 67", m_dport, -ENOMSG },
		{ "UDP checksum", m_udpsum, -EBADMSG },
		{ "op BOOTREQUEST", m_op, -ENOMSG },
		{ "htype", m_htype, -ENOMSG },
		{ "hlen", m_hlen, -ENOMSG },
		{ "foreign xid", m_xid, -ENOMSG },
		{ "foreign chaddr", m_chaddr, -ENOMSG },
		{ "magic cookie", m_cookie, -EBADMSG },
		{ "BOOTP header truncated", m_short_bootp, -EBADMSG },
		{ "cookie truncated", m_short_cookie, -EBADMSG },
		{ "no options at all", m_no_options, -EBADMSG },
		{ "options cut before END", m_opts_no_end, -EBADMSG },
	};
	uint8_t b[FX_BUF];
	struct dhcp_reply r;
	size_t i, len;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		len = FX_OPTS(b, 53, 1, 2, 54, 4, 10, 0, 0, 1, 255);
		assert_int_equal(parse(b, len, &r), 0);
		rows[i].fn(b, &len);
		memset(&r, 0xee, sizeof(r));
		rc = parse(b, len, &r);
		if (rc != rows[i].want)
			fail_msg("%s: got %d want %d", rows[i].what, rc,
				 rows[i].want);
		assert_int_equal(r.flags, 0xeeeeeeeeu); /* untouched */
	}
}

static void test_parse_udp_csum_flag(void **state)
{
	uint8_t b[FX_BUF];
	size_t len = FX_OPTS(b, 53, 1, 2, 255);
	struct dhcp_reply r;

	(void)state;
	fx_put16(b + 26, 0x1234); /* offload: partial checksum */
	assert_int_equal(parse(b, len, &r), -EBADMSG);
	assert_int_equal(dhcp_msg_parse(b, len, FX_XID, fx_mac,
					DHCP_PARSE_NO_UDP_CSUM, &r), 0);
	/* The IP header checksum is still checked. */
	b[10] ^= 1;
	assert_int_equal(dhcp_msg_parse(b, len, FX_XID, fx_mac,
					DHCP_PARSE_NO_UDP_CSUM, &r), -EBADMSG);
}

static void test_parse_ip_options(void **state)
{
	uint8_t b[FX_BUF], c[FX_BUF];
	size_t len = FX_OPTS(b, 53, 1, 5, 255);
	struct dhcp_reply r;

	(void)state;
	/* IHL 6: four bytes of IP options (NOPs) before UDP. */
	memset(c, 0, sizeof(c));
	memcpy(c, b, 20);
	c[0] = 0x46;
	memset(c + 20, 1, 4);
	memcpy(c + 24, b + 20, len - 20);
	fx_put16(c + 2, (uint32_t)(len + 4));
	fx_csum(c);
	assert_int_equal(parse(c, len + 4, &r), 0);
	assert_int_equal(r.type, DHCP_MSG_ACK);
}

static void test_parse_args(void **state)
{
	uint8_t b[FX_BUF];
	size_t len = FX_OPTS(b, 53, 1, 2, 255);
	struct dhcp_reply r;

	(void)state;
	assert_int_equal(dhcp_msg_parse(NULL, len, FX_XID, fx_mac, 0, &r),
			 -EINVAL);
	assert_int_equal(dhcp_msg_parse(b, len, FX_XID, NULL, 0, &r), -EINVAL);
	assert_int_equal(dhcp_msg_parse(b, len, FX_XID, fx_mac, 0, NULL),
			 -EINVAL);
}

/* Whole-packet option errors: structure, 52, 53. */
struct orow {
	const char *what;
	uint8_t opts[16];
	size_t n;
	int want;
};

static void test_parse_option_structure(void **state)
{
	static const struct orow rows[] = {
		{ "missing END", { 53, 1, 2 }, 3, -EBADMSG },
		{ "length past end", { 53, 1, 2, 3, 8, 10, 0 }, 7, -EBADMSG },
		{ "code without length", { 53, 1, 2, 3 }, 4, -EBADMSG },
		{ "no 53", { 54, 4, 1, 2, 3, 4, 255 }, 7, -EBADMSG },
		{ "53 length 2", { 53, 2, 2, 2, 255 }, 5, -EBADMSG },
		{ "53 length 0", { 53, 0, 255 }, 3, -EBADMSG },
		{ "53 split in two", { 53, 1, 2, 53, 1, 2, 255 }, 7,
		  -EBADMSG },
		{ "53 DISCOVER", { 53, 1, 1, 255 }, 4, -ENOMSG },
		{ "53 REQUEST", { 53, 1, 3, 255 }, 4, -ENOMSG },
		{ "53 unknown 200", { 53, 1, 200, 255 }, 4, -ENOMSG },
		{ "52 length 2", { 53, 1, 2, 52, 2, 1, 1, 255 }, 8, -EBADMSG },
		{ "52 value 0", { 53, 1, 2, 52, 1, 0, 255 }, 7, -EBADMSG },
		{ "52 value 4", { 53, 1, 2, 52, 1, 4, 255 }, 7, -EBADMSG },
		{ "52 file without END", { 53, 1, 2, 52, 1, 1, 255 }, 7,
		  -EBADMSG },
		{ "PAD then END only", { 0, 0, 255 }, 3, -EBADMSG },
		{ "good, PAD, trailing junk", { 0, 53, 1, 2, 255, 9, 9 }, 7, 0 },
	};
	uint8_t b[FX_BUF];
	struct dhcp_reply r;
	size_t i, len;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		/* file is all zeros: PADs without END */
		len = fx_opts(b, rows[i].opts, rows[i].n);
		rc = parse(b, len, &r);
		if (rc != rows[i].want)
			fail_msg("%s: got %d want %d", rows[i].what, rc,
				 rows[i].want);
	}
}

/* One malformed option is dropped and flagged; the packet is kept. */
struct brow {
	const char *what;
	uint8_t opts[48];
	size_t n;
	uint8_t code;
};

/* LEASE_MTU_MIN and LEASE_MTU_MAX themselves are taken. */
static void test_parse_mtu_bounds(void **state)
{
	static const uint16_t ok[] = { LEASE_MTU_MIN, 1500, LEASE_MTU_MAX };
	uint8_t opts[8], b[FX_BUF];
	struct dhcp_reply r;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		opts[0] = 53, opts[1] = 1, opts[2] = 5;
		opts[3] = 26, opts[4] = 2;
		opts[5] = (uint8_t)(ok[i] >> 8), opts[6] = (uint8_t)ok[i];
		opts[7] = 255;
		len = fx_opts(b, opts, 8);
		assert_int_equal(parse(b, len, &r), 0);
		assert_false(r.flags & DHCP_REPLY_BAD_OPTION);
		assert_int_equal(r.lease.mtu, ok[i]);
	}
}

static void test_parse_bad_option_dropped(void **state)
{
	static const struct brow rows[] = {
		{ "netmask 3", { 1, 3, 255, 255, 255 }, 5, 1 },
		{ "netmask holes", { 1, 4, 255, 0, 255, 0 }, 6, 1 },
		{ "netmask 0.255", { 1, 4, 0, 255, 255, 255 }, 6, 1 },
		{ "broadcast 5", { 28, 5, 1, 2, 3, 4, 5 }, 7, 28 },
		{ "lease time 2", { 51, 2, 1, 2 }, 4, 51 },
		{ "server id 3", { 54, 3, 10, 0, 0 }, 5, 54 },
		{ "T1 8", { 58, 8, 0, 0, 0, 1, 0, 0, 0, 2 }, 10, 58 },
		{ "T2 0", { 59, 0 }, 2, 59 },
		{ "router 6", { 3, 6, 10, 0, 0, 1, 10, 0 }, 8, 3 },
		{ "dns 0", { 6, 0 }, 2, 6 },
		{ "mtu 67", { 26, 2, 0, 67 }, 4, 26 },
		{ "mtu 68 (RFC 2132's floor, under ours)", { 26, 2, 0, 68 }, 4, 26 },
		{ "mtu 575", { 26, 2, 2, 63 }, 4, 26 },
		{ "mtu 9217", { 26, 2, 0x24, 0x01 }, 4, 26 },
		{ "mtu 1 byte", { 26, 1, 200 }, 3, 26 },
		{ "rapid commit 1", { 80, 1, 0 }, 3, 80 },
		{ "hostname newline", { 12, 3, 'a', '\n', 'b' }, 5, 12 },
		{ "domain inner NUL", { 15, 3, 'a', 0, 'b' }, 5, 15 },
		{ "nis DEL", { 40, 2, 'a', 0x7f }, 4, 40 },
		{ "root path ESC", { 17, 2, 0x1b, 'a' }, 4, 17 },
		{ "message CR", { 56, 2, 'a', '\r' }, 4, 56 },
		{ "bootfile tab", { 67, 2, '\t', 'a' }, 4, 67 },
		{ "tftp LF", { 66, 2, 'a', '\n' }, 4, 66 },
		{ "search self loop", { 119, 2, 0xc0, 0 }, 4, 119 },
		{ "search forward ptr", { 119, 5, 0xc0, 2, 1, 'a', 0 }, 7,
		  119 },
		{ "search loop via label", { 119, 5, 1, 'a', 0xc0, 0, 0 }, 7,
		  119 },
		{ "search bad char", { 119, 4, 2, 'a', ' ', 0 }, 6, 119 },
		{ "search truncated", { 119, 3, 5, 'a', 'b' }, 5, 119 },
		{ "search no root", { 119, 2, 1, 'a' }, 4, 119 },
		{ "search ext label", { 119, 3, 0x41, 'a', 0 }, 5, 119 },
	};
	uint8_t opts[64], b[FX_BUF];
	struct dhcp_reply r;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		/* 53 first, the bad option, then a good netmask... */
		static const uint8_t head[] = { 53, 1, 5 };
		static const uint8_t tail[] = { 28, 4, 255, 255, 255, 0, 255 };
		size_t n = 0;

		memcpy(opts, head, sizeof(head));
		n += sizeof(head);
		memcpy(opts + n, rows[i].opts, rows[i].n);
		n += rows[i].n;
		/* ... or a bad broadcast first when 28 is the bad one. */
		memcpy(opts + n, tail, sizeof(tail));
		if (rows[i].code == 28)
			opts[n] = 1;
		n += sizeof(tail);
		len = fx_opts(b, opts, n);
		if (parse(b, len, &r) != 0)
			fail_msg("%s: packet refused", rows[i].what);
		if (!(r.flags & DHCP_REPLY_BAD_OPTION) ||
		    r.bad_option != rows[i].code)
			fail_msg("%s: flags %#x bad %u", rows[i].what, r.flags,
				 r.bad_option);
		if (rows[i].code == 28)
			assert_int_equal(r.lease.netmask, IP(255, 255, 255, 0));
		else
			assert_int_equal(r.lease.broadcast,
					 IP(255, 255, 255, 0));
		assert_int_equal(r.lease.mtu, 0);
		assert_int_equal(r.lease.router, 0);
		assert_int_equal(r.lease.n_dns, 0);
		assert_int_equal(r.lease.lease_time, 0);
		assert_int_equal(r.lease.server_id, 0);
		assert_string_equal(r.lease.hostname, "");
		assert_string_equal(r.lease.domain_search, "");
		assert_string_equal(r.message, "");
		assert_false(r.lease.rapid_commit);
	}
}

/* An option longer than its lease field, and longer than DHCP_OPT_MAX. */
static void test_parse_too_long(void **state)
{
	uint8_t opts[1400], b[FX_BUF];
	struct dhcp_reply r;
	size_t n = 0, k, len;

	(void)state;
	opts[n++] = 53, opts[n++] = 1, opts[n++] = 2;
	opts[n++] = 12, opts[n++] = 64; /* hostname[64]: 63 + NUL max */
	memset(opts + n, 'h', 64);
	n += 64;
	opts[n++] = 255;
	len = fx_opts(b, opts, n);
	assert_int_equal(parse(b, len, &r), 0);
	assert_int_equal(r.bad_option, 12);
	assert_string_equal(r.lease.hostname, "");

	n = 3;
	for (k = 0; k < 5; k++) { /* 5 x 250 = 1250 > DHCP_OPT_MAX */
		opts[n++] = 17, opts[n++] = 250;
		memset(opts + n, 'p', 250);
		n += 250;
	}
	opts[n++] = 255;
	len = fx_opts(b, opts, n);
	assert_int_equal(parse(b, len, &r), 0);
	assert_int_equal(r.bad_option, 17);
	assert_string_equal(r.lease.root_path, "");
}

/* RFC 3396: repeated instances are concatenated before interpretation. */
static void test_parse_split(void **state)
{
	uint8_t b[FX_BUF];
	size_t len;
	struct dhcp_reply r;

	(void)state;
	len = FX_OPTS(b, 53, 1, 2,
		      6, 6, 10, 0, 0, 1, 10, 0,
		      12, 3, 'n', 'e', 't',
		      6, 2, 0, 2,
		      12, 4, 'b', 'o', 'o', 't',
		      119, 9, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0,
		      119, 6, 3, 'l', 'a', 'b', 0xc0, 0,
		      255);
	assert_int_equal(parse(b, len, &r), 0);
	assert_int_equal(r.flags, 0);
	assert_int_equal(r.lease.n_dns, 2);
	assert_int_equal(r.lease.dns[1], IP(10, 0, 0, 2));
	assert_string_equal(r.lease.hostname, "netboot");
	assert_string_equal(r.lease.domain_search, "example lab.example");
}

/* Option 52: file, sname, both; concatenation order options, file, sname. */
static void test_parse_overload(void **state)
{
	static const uint8_t opts1[] = { 53, 1, 2, 52, 1, 1,
					 17, 4, 's', 'r', 'v', ':', 255 };
	static const uint8_t opts2[] = { 53, 1, 2, 52, 1, 2,
					 17, 4, 's', 'r', 'v', ':', 255 };
	static const uint8_t opts3[] = { 53, 1, 2, 52, 1, 3,
					 17, 4, 's', 'r', 'v', ':', 255 };
	/* 52 inside file is not honoured: sname stays a plain string. */
	static const uint8_t file[] = { 17, 2, '/', 'f', 52, 1, 3,
					3, 4, 10, 0, 0, 9, 255 };
	static const uint8_t sname[] = { 0, 17, 2, '/', 's', 255, 'x' };
	struct fx f = { .file = file, .filelen = sizeof(file),
			.sname = sname, .snamelen = sizeof(sname) };
	uint8_t b[FX_BUF];
	struct dhcp_reply r;
	size_t len;

	(void)state;
	f.opts = opts1, f.optlen = sizeof(opts1);
	len = fx_frame(b, &f);
	assert_int_equal(parse(b, len, &r), 0);
	assert_int_equal(r.flags, DHCP_REPLY_OVERLOAD_FILE);
	assert_string_equal(r.lease.root_path, "srv:/f");
	assert_int_equal(r.lease.router, IP(10, 0, 0, 9));
	assert_string_equal(r.lease.bootfile, ""); /* file held options */
	assert_string_equal(r.lease.tftp_server, ""); /* sname: NUL first */

	f.opts = opts2, f.optlen = sizeof(opts2);
	len = fx_frame(b, &f);
	assert_int_equal(parse(b, len, &r), 0);
	/* file is a string field now, and byte 17 is a control byte. */
	assert_int_equal(r.flags,
			 DHCP_REPLY_OVERLOAD_SNAME | DHCP_REPLY_BAD_FIELD);
	assert_string_equal(r.lease.root_path, "srv:/s");
	assert_int_equal(r.lease.router, 0);

	f.opts = opts3, f.optlen = sizeof(opts3);
	len = fx_frame(b, &f);
	assert_int_equal(parse(b, len, &r), 0);
	assert_int_equal(r.flags,
			 DHCP_REPLY_OVERLOAD_FILE | DHCP_REPLY_OVERLOAD_SNAME);
	assert_string_equal(r.lease.root_path, "srv:/f/s");
	assert_int_equal(r.lease.router, IP(10, 0, 0, 9));

	/* sname overloaded but without END: the whole packet is refused. */
	f.sname = (const uint8_t[]){ 17, 1, 'x' };
	f.snamelen = 3;
	len = fx_frame(b, &f);
	assert_int_equal(parse(b, len, &r), -EBADMSG);
	/* An option running past the end of file. */
	f.sname = sname, f.snamelen = sizeof(sname);
	f.file = (const uint8_t[]){ 17, 200, 'x' };
	f.filelen = 3;
	len = fx_frame(b, &f);
	assert_int_equal(parse(b, len, &r), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_discover),
		cmocka_unit_test(test_build_request),
		cmocka_unit_test(test_build_longest_fits),
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_parse_offer),
		cmocka_unit_test(test_parse_ack_nak),
		cmocka_unit_test(test_parse_options_win),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_udp_csum_flag),
		cmocka_unit_test(test_parse_ip_options),
		cmocka_unit_test(test_parse_args),
		cmocka_unit_test(test_parse_option_structure),
		cmocka_unit_test(test_parse_mtu_bounds),
		cmocka_unit_test(test_parse_bad_option_dropped),
		cmocka_unit_test(test_parse_too_long),
		cmocka_unit_test(test_parse_split),
		cmocka_unit_test(test_parse_overload),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
