/*
 * fuzz-dhcp-roundtrip.c - dhcp_msg_build() for arbitrary struct
 * dhcp_build inputs, checked three ways:
 *  - the verdict: -EINVAL exactly for what dhcp-msg.h calls invalid
 *    (type, REQUEST without requested_ip, max_size 1..575, hostname > 63 /
 *    vendor class > 64 bytes or with control bytes), else 0;
 *  - the frame, decoded here independently: lengths, both checksums,
 *    BOOTREQUEST header, xid, secs, broadcast flag, chaddr, and options 53,
 *    61, 50, 54, 57, 12, 60, 80 as the input says, END, <= 576 bytes;
 *  - encode -> parse: the parser refuses our own request (-ENOMSG), and
 *    the same frame turned into a server reply (op 2, ports swapped, type
 *    OFFER/ACK) parses back with our xid and MAC to equal fields (server
 *    id, host name, rapid commit) and no bad option; building twice gives
 *    the same bytes.
 *
 * Input: type, xid[4], mac[6], secs[2], bits, requested_ip[4],
 * server_id[4], max_size[2], hostname length + bytes, vendor length + bytes.
 */
#include <errno.h>
#include <string.h>

#include "dhcp-msg.h"
#include "fuzz-frame.h"

static int str_ok(const char *s, size_t max)
{
	return !s || (strlen(s) <= max && fz_no_ctl(s, strlen(s)));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Option code in the built frame f: value pointer and length, or -1. */
static int find_opt(const uint8_t *f, size_t len, uint8_t code,
		    const uint8_t **v)
{
	size_t i = 28 + 240;

	while (i < len && f[i] != 255) {
		if (f[i] == 0) {
			i++;
			continue;
		}
		FZ_ASSERT(i + 1 < len && i + 2 + f[i + 1] <= len);
		if (f[i] == code) {
			*v = f + i + 2;
			return f[i + 1];
		}
		i += 2 + (size_t)f[i + 1];
	}
	FZ_ASSERT(i < len);
	return -1;
}

static void opt_is(const uint8_t *f, size_t len, uint8_t code,
		   const void *want, int wlen)
{
	const uint8_t *v = NULL;
	int n = find_opt(f, len, code, &v);

	FZ_ASSERT(n == wlen);
	if (n > 0)
		FZ_ASSERT(!memcmp(v, want, (size_t)n));
}

static void check_frame(const struct dhcp_build *bd, const uint8_t *f,
			size_t len)
{
	const uint8_t *p = f + 28;
	uint8_t v[8];
	uint16_t maxsz = bd->max_size ? bd->max_size : DHCP_MSG_MAX_SIZE;
	uint32_t ps;

	FZ_ASSERT(len >= 28 + 300 && len <= DHCP_MSG_BUILD_MAX);
	FZ_ASSERT(f[0] == 0x45 && (size_t)(f[2] << 8 | f[3]) == len && f[9] == 17);
	FZ_ASSERT(get32(f + 12) == 0 && get32(f + 16) == 0xffffffffu);
	FZ_ASSERT(fz_sum(0, f, 20) == 0);
	FZ_ASSERT((f[20] << 8 | f[21]) == 68 && (f[22] << 8 | f[23]) == 67 &&
		  (size_t)(f[24] << 8 | f[25]) == len - 20);
	ps = 0xffff + 0xffff + 17 + (uint32_t)(len - 20);
	FZ_ASSERT(fz_sum(ps, f + 20, len - 20) == 0);
	FZ_ASSERT(p[0] == 1 && p[1] == 1 && p[2] == 6 && get32(p + 4) == bd->xid);
	FZ_ASSERT((p[8] << 8 | p[9]) == bd->secs && (p[10] << 8 | p[11]) == 0x8000);
	FZ_ASSERT(!memcmp(p + 28, bd->mac, 6) && get32(p + 236) == 0x63825363u);

	v[0] = (uint8_t)bd->type;
	opt_is(f, len, 53, v, 1);
	v[0] = 1;
	memcpy(v + 1, bd->mac, 6);
	opt_is(f, len, 61, v, 7);
	fz_put16(v, maxsz);
	opt_is(f, len, 57, v, 2);
	fz_put16(v, bd->requested_ip >> 16);
	fz_put16(v + 2, bd->requested_ip & 0xffff);
	opt_is(f, len, 50, v, bd->type == DHCP_MSG_REQUEST ? 4 : -1);
	fz_put16(v, bd->server_id >> 16);
	fz_put16(v + 2, bd->server_id & 0xffff);
	opt_is(f, len, 54, v, bd->type == DHCP_MSG_REQUEST && bd->server_id ? 4 : -1);
	opt_is(f, len, 12, bd->hostname,
	       bd->hostname && *bd->hostname ? (int)strlen(bd->hostname) : -1);
	opt_is(f, len, 60, bd->vendor_class,
	       bd->vendor_class && *bd->vendor_class ? (int)strlen(bd->vendor_class) : -1);
	opt_is(f, len, 80, NULL,
	       bd->type == DHCP_MSG_DISCOVER && bd->rapid_commit ? 0 : -1);
}

/* Our request as the server's reply: BOOTREPLY, 67 -> 68, OFFER / ACK. */
static void as_reply(uint8_t *f, size_t len)
{
	const uint8_t *t = NULL;
	uint8_t *tp;

	FZ_ASSERT(find_opt(f, len, 53, &t) == 1);
	tp = f + (t - f);
	*tp = *tp == DHCP_MSG_DISCOVER ? DHCP_MSG_OFFER : DHCP_MSG_ACK;
	f[28] = 2;
	fz_put16(f + 20, 67);
	fz_put16(f + 22, 68);
	fz_put16(f + 10, 0);
	fz_put16(f + 10, fz_sum(0, f, 20));
	fz_put16(f + 26, 0);
	fz_put16(f + 26, fz_sum(0xffff + 0xffff + 17 + (uint32_t)(len - 20),
				f + 20, len - 20));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_rd rd = { data, size };
	struct dhcp_build bd;
	static struct dhcp_reply r;
	uint8_t f[DHCP_MSG_BUILD_MAX], f2[DHCP_MSG_BUILD_MAX];
	char host[256], vendor[256];
	size_t len = 0, len2 = 0, n;
	unsigned bits;
	int rc, want;

	memset(&bd, 0, sizeof(bd));
	bd.type = (enum dhcp_msg_type)(fz_u8(&rd) % 10);
	bd.xid = fz_be(&rd, 4);
	for (n = 0; n < 6; n++)
		bd.mac[n] = fz_u8(&rd);
	bd.secs = (uint16_t)fz_be(&rd, 2);
	bits = fz_u8(&rd);
	bd.rapid_commit = bits & 1;
	bd.requested_ip = fz_be(&rd, 4);
	bd.server_id = fz_be(&rd, 4);
	bd.max_size = (uint16_t)fz_be(&rd, 2);
	n = fz_u8(&rd);
	for (host[n] = '\0'; n--;)
		host[n] = (char)(fz_u8(&rd) | 1); /* no inner NUL */
	n = fz_u8(&rd);
	for (vendor[n] = '\0'; n--;)
		vendor[n] = (char)(fz_u8(&rd) | 1);
	bd.hostname = (bits & 2) ? NULL : host;
	bd.vendor_class = (bits & 4) ? NULL : vendor;

	want = (bd.type == DHCP_MSG_DISCOVER || bd.type == DHCP_MSG_REQUEST) &&
	       !(bd.type == DHCP_MSG_REQUEST && !bd.requested_ip) &&
	       !(bd.max_size && bd.max_size < 576) &&
	       str_ok(bd.hostname, DHCP_HOSTNAME_MAX) &&
	       str_ok(bd.vendor_class, DHCP_VENDOR_MAX);
	memset(f, 0x5a, sizeof(f));
	rc = dhcp_msg_build(&bd, f, sizeof(f), &len);
	if (!want) {
		FZ_ASSERT(rc == -EINVAL && len == 0 && f[0] == 0x5a);
		return 0;
	}
	FZ_ASSERT(rc == 0);
	check_frame(&bd, f, len);
	FZ_ASSERT(dhcp_msg_build(&bd, f2, sizeof(f2), &len2) == 0);
	FZ_ASSERT(len2 == len && !memcmp(f, f2, len));
	FZ_ASSERT(dhcp_msg_build(&bd, f2, len - 1, &len2) == -ENOBUFS && len2 == len);

	FZ_ASSERT(dhcp_msg_parse(f, len, bd.xid, bd.mac, 0, &r) == -ENOMSG);
	as_reply(f, len);
	memset(&r, 0x5a, sizeof(r));
	FZ_ASSERT(dhcp_msg_parse(f, len, bd.xid, bd.mac, 0, &r) == 0);
	FZ_ASSERT(r.type == (bd.type == DHCP_MSG_DISCOVER ? DHCP_MSG_OFFER : DHCP_MSG_ACK));
	FZ_ASSERT(!(r.flags & (DHCP_REPLY_BAD_OPTION | DHCP_REPLY_BAD_FIELD)));
	FZ_ASSERT(!!(r.flags & DHCP_REPLY_RAPID_COMMIT) ==
		  (bd.type == DHCP_MSG_DISCOVER && bd.rapid_commit));
	FZ_ASSERT(r.lease.server_id == (bd.type == DHCP_MSG_REQUEST ? bd.server_id : 0));
	FZ_ASSERT(!strcmp(r.lease.hostname, bd.hostname ? bd.hostname : ""));
	FZ_ASSERT(r.lease.yiaddr == 0 && r.lease.siaddr == 0 && !r.lease.rapid_commit);
	FZ_ASSERT(!r.lease.bootfile[0] && !r.lease.tftp_server[0] && !r.message[0]);
	return 0;
}
