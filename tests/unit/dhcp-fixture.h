/*
 * dhcp-fixture.h - server-side DHCPv4 frames for the codec and state
 * machine tests: a BOOTREPLY from the IP header on, with raw option bytes
 * supplied by the test (so a test can leave out END, split options, or
 * overload sname / file).  Checksums are computed here independently of
 * dhcp-msg.c, so a symmetric bug in the codec cannot hide.
 */
#ifndef NETBOOT_TEST_DHCP_FIXTURE_H
#define NETBOOT_TEST_DHCP_FIXTURE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FX_XID    0x1a2b3c4du
#define FX_SERVER 0x0a000001u /* 10.0.0.1 */
#define FX_YIADDR 0x0a000064u /* 10.0.0.100 */
#define FX_BUF    2048

static const uint8_t fx_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

struct fx {
	uint32_t xid;            /* 0 = FX_XID */
	const uint8_t *mac;      /* NULL = fx_mac */
	uint32_t yiaddr, siaddr;
	uint32_t ip_dst;         /* 0 = 255.255.255.255 */
	const uint8_t *sname;    /* raw, up to 64 bytes, zero-filled */
	size_t snamelen;
	const uint8_t *file;     /* raw, up to 128 bytes */
	size_t filelen;
	const uint8_t *opts;     /* raw options after the cookie */
	size_t optlen;
};

static inline uint16_t fx_sum(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sum += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static inline void fx_put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void fx_put32(uint8_t *p, uint32_t v)
{
	fx_put16(p, v >> 16);
	fx_put16(p + 2, v & 0xffff);
}

static inline uint32_t fx_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Recompute the IP header checksum (any IHL) and the UDP checksum. */
static inline void fx_csum(uint8_t *b)
{
	size_t ihl = (size_t)(b[0] & 15) * 4;
	size_t ulen = (size_t)b[ihl + 4] << 8 | b[ihl + 5];
	uint32_t ps = 0;
	uint16_t s;

	fx_put16(b + 10, 0);
	fx_put16(b + 10, fx_sum(0, b, ihl));
	ps += (uint32_t)b[12] << 8 | b[13];
	ps += (uint32_t)b[14] << 8 | b[15];
	ps += (uint32_t)b[16] << 8 | b[17];
	ps += (uint32_t)b[18] << 8 | b[19];
	ps += 17 + (uint32_t)ulen;
	fx_put16(b + ihl + 6, 0);
	s = fx_sum(ps, b + ihl, ulen);
	fx_put16(b + ihl + 6, s ? s : 0xffff);
}

/* Write the frame into b (FX_BUF bytes); returns its length. */
static inline size_t fx_frame(uint8_t *b, const struct fx *f)
{
	uint8_t *u = b + 20, *p = b + 28;
	size_t blen = 236 + 4 + f->optlen, total = 28 + blen;

	memset(b, 0, FX_BUF);
	b[0] = 0x45;
	fx_put16(b + 2, (uint32_t)total);
	b[8] = 64;
	b[9] = 17;
	fx_put32(b + 12, FX_SERVER);
	fx_put32(b + 16, f->ip_dst ? f->ip_dst : 0xffffffffu);
	fx_put16(u, 67);
	fx_put16(u + 2, 68);
	fx_put16(u + 4, (uint32_t)(8 + blen));
	p[0] = 2;
	p[1] = 1;
	p[2] = 6;
	fx_put32(p + 4, f->xid ? f->xid : FX_XID);
	fx_put16(p + 10, 0x8000);
	fx_put32(p + 16, f->yiaddr);
	fx_put32(p + 20, f->siaddr);
	memcpy(p + 28, f->mac ? f->mac : fx_mac, 6);
	if (f->snamelen)
		memcpy(p + 44, f->sname, f->snamelen);
	if (f->filelen)
		memcpy(p + 108, f->file, f->filelen);
	fx_put32(p + 236, 0x63825363u);
	if (f->optlen)
		memcpy(p + 240, f->opts, f->optlen);
	fx_csum(b);
	return total;
}

/* A frame with just these options and the usual addresses. */
static inline size_t fx_opts(uint8_t *b, const uint8_t *opts, size_t n)
{
	struct fx f = { .yiaddr = FX_YIADDR, .opts = opts, .optlen = n };

	return fx_frame(b, &f);
}

#define FX_OPTS(b, ...) \
	fx_opts((b), (const uint8_t[]){ __VA_ARGS__ }, \
		sizeof((const uint8_t[]){ __VA_ARGS__ }))

#endif
