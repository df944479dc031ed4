/*
 * fuzz-frame.h - turn fuzzer bytes into a DHCP reply frame that can reach
 * the deep paths of dhcp_msg_parse(): checksums and lengths are 16-bit
 * sums a mutator rarely gets right, so the first input byte says which
 * fields to patch before parsing.  With mode 0 the bytes are parsed as
 * they are (the header checks and the identity mismatch stay reachable).
 *
 * Input: [mode] [frame from the IP header on]
 */
#ifndef NETBOOT_FUZZ_FRAME_H
#define NETBOOT_FUZZ_FRAME_H

#include <string.h>

#include "dhcp-msg.h"
#include "fuzz.h"

#define FZ_FIX_LEN     0x01u /* IP total length, UDP length := what is there */
#define FZ_FIX_ID      0x02u /* xid, chaddr := FZ_XID, fz_mac */
#define FZ_FIX_CSUM    0x04u /* recompute IP header and UDP checksums */
#define FZ_NO_UDP_CSUM 0x08u /* parse with DHCP_PARSE_NO_UDP_CSUM */
#define FZ_FRAME_MAX   2048

#define FZ_XID 0x1a2b3c4du
static const uint8_t fz_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static inline void fz_put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline uint16_t fz_sum(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sum += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Copy the frame into b (FZ_FRAME_MAX bytes), patch it as mode says;
 * returns its length and the parse flags in *pflags. */
static inline size_t fz_frame(const uint8_t *data, size_t size, uint8_t *b,
			      unsigned *pflags)
{
	unsigned mode;
	size_t len, ihl, ulen;
	uint32_t ps;
	uint16_t s;

	*pflags = 0;
	if (!size)
		return 0;
	mode = data[0];
	len = size - 1 < FZ_FRAME_MAX ? size - 1 : FZ_FRAME_MAX;
	memcpy(b, data + 1, len);
	*pflags = (mode & FZ_NO_UDP_CSUM) ? DHCP_PARSE_NO_UDP_CSUM : 0;
	if (len < 20)
		return len;
	ihl = (size_t)(b[0] & 15) * 4;
	if (ihl < 20 || ihl + 8 > len)
		return len;
	if (mode & FZ_FIX_LEN) {
		fz_put16(b + 2, len);
		fz_put16(b + ihl + 4, len - ihl);
	}
	if ((mode & FZ_FIX_ID) && len >= ihl + 8 + 34) {
		uint8_t *bootp = b + ihl + 8;

		fz_put16(bootp + 4, FZ_XID >> 16);
		fz_put16(bootp + 6, FZ_XID & 0xffff);
		memcpy(bootp + 28, fz_mac, 6);
	}
	if (mode & FZ_FIX_CSUM) {
		fz_put16(b + 10, 0);
		fz_put16(b + 10, fz_sum(0, b, ihl));
		ulen = (size_t)b[ihl + 4] << 8 | b[ihl + 5];
		if (ulen >= 8 && ihl + ulen <= len) {
			ps = (uint32_t)b[12] << 8 | b[13];
			ps += (uint32_t)b[14] << 8 | b[15];
			ps += (uint32_t)b[16] << 8 | b[17];
			ps += (uint32_t)b[18] << 8 | b[19];
			ps += 17 + (uint32_t)ulen;
			fz_put16(b + ihl + 6, 0);
			s = fz_sum(ps, b + ihl, ulen);
			fz_put16(b + ihl + 6, s ? s : 0xffff);
		}
	}
	return len;
}

#endif
