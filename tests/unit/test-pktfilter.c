/*
 * test-pktfilter.c - the DHCP packet socket's BPF program, run here by a
 * small classic-BPF interpreter of the instructions it uses (the
 * kernel's semantics: loads past the packet's end drop it, the
 * ancillary load gives the receiving interface's index), on frames that
 * start at the IPv4 header as the socket (SOCK_DGRAM) sees them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "pktfilter.h"

/* Run prog on pkt[0..len) received on ifindex: the accepted length (0:
 * dropped).  -1 for an instruction the interpreter does not know. */
static long run(const struct pktfilter_insn *p, size_t n, const uint8_t *pkt, size_t len,
		int ifindex)
{
	uint32_t a = 0, x = 0;
	size_t pc = 0;

	while (pc < n) {
		const struct pktfilter_insn *i = &p[pc++];
		uint32_t off;

		switch (i->code) {
		case 0x20: /* ld [k] (word) */
			if (i->k == (uint32_t)(-0x1000 + 8)) {
				a = (uint32_t)ifindex;
				break;
			}
			if (i->k + 4 > len)
				return 0;
			a = (uint32_t)pkt[i->k] << 24 | (uint32_t)pkt[i->k + 1] << 16 |
			    (uint32_t)pkt[i->k + 2] << 8 | pkt[i->k + 3];
			break;
		case 0x28: /* ldh [k] */
			if (i->k + 2 > len)
				return 0;
			a = (uint32_t)pkt[i->k] << 8 | pkt[i->k + 1];
			break;
		case 0x30: /* ldb [k] */
			if (i->k + 1 > len)
				return 0;
			a = pkt[i->k];
			break;
		case 0x48: /* ldh [x + k] */
			off = x + i->k;
			if (off + 2 > len)
				return 0;
			a = (uint32_t)pkt[off] << 8 | pkt[off + 1];
			break;
		case 0xb1: /* ldxb 4 * ([k] & 0xf) */
			if (i->k + 1 > len)
				return 0;
			x = 4u * (pkt[i->k] & 0xfu);
			break;
		case 0x15: /* jeq #k */
			pc += a == i->k ? i->jt : i->jf;
			break;
		case 0x45: /* jset #k */
			pc += (a & i->k) ? i->jt : i->jf;
			break;
		case 0x06: /* ret #k */
			return (long)(i->k < len ? i->k : len);
		default:
			return -1;
		}
	}
	return -1; /* fell off the end: the kernel refuses such a program */
}

/* An IPv4 + UDP header (20 + 8 bytes) and a little payload. */
static size_t frame(uint8_t *b, uint8_t proto, uint16_t frag, uint16_t dport, uint8_t ihl)
{
	size_t hl = 4u * ihl;

	memset(b, 0, 300);
	b[0] = (uint8_t)(0x40 | ihl);
	b[6] = (uint8_t)(frag >> 8);
	b[7] = (uint8_t)frag;
	b[9] = proto;
	b[hl] = 0;
	b[hl + 1] = 67;
	b[hl + 2] = (uint8_t)(dport >> 8);
	b[hl + 3] = (uint8_t)dport;
	return hl + 8 + 240;
}

static void test_any_interface(void **state)
{
	struct pktfilter_insn p[PKTFILTER_LEN_MAX];
	uint8_t b[300];
	size_t n, len;

	(void)state;
	n = pktfilter_build(p, PKTFILTER_LEN_MAX, NULL, 0);
	assert_int_equal(n, 9);
	len = frame(b, 17, 0, 68, 5);
	assert_int_equal(run(p, n, b, len, 7), (long)len);
	assert_int_equal(run(p, n, b, len, 1), (long)len);
}

static void test_only_its_interfaces(void **state)
{
	const int idx[] = { 3, 4, 9 };
	struct pktfilter_insn p[PKTFILTER_LEN_MAX];
	uint8_t b[300];
	size_t n, len;

	(void)state;
	n = pktfilter_build(p, PKTFILTER_LEN_MAX, idx, 3);
	assert_int_equal(n, 3 + 2 + 9);
	len = frame(b, 17, 0, 68, 5);
	assert_int_equal(run(p, n, b, len, 3), (long)len);
	assert_int_equal(run(p, n, b, len, 4), (long)len);
	assert_int_equal(run(p, n, b, len, 9), (long)len);
	assert_int_equal(run(p, n, b, len, 1), 0);   /* lo */
	assert_int_equal(run(p, n, b, len, 5), 0);   /* a NIC not chosen */
	/* not DHCP to the client, on one of them */
	len = frame(b, 17, 0, 67, 5);
	assert_int_equal(run(p, n, b, len, 3), 0);   /* to the server port */
	len = frame(b, 6, 0, 68, 5);
	assert_int_equal(run(p, n, b, len, 3), 0);   /* TCP */
	len = frame(b, 17, 0x2000, 68, 5);
	assert_int_equal(run(p, n, b, len, 3), len); /* more fragments, offset 0: the first */
	len = frame(b, 17, 0x0010, 68, 5);
	assert_int_equal(run(p, n, b, len, 3), 0);   /* a later fragment */
	len = frame(b, 17, 0, 68, 6);
	assert_int_equal(run(p, n, b, len, 4), (long)len); /* IP options: port after 24 bytes */
	assert_int_equal(run(p, n, b, 12, 4), 0);    /* cut short */
}

static void test_64_interfaces(void **state)
{
	int idx[PKTFILTER_IF_MAX + 1];
	struct pktfilter_insn p[PKTFILTER_LEN_MAX];
	uint8_t b[300];
	size_t n, len, i;

	(void)state;
	for (i = 0; i <= PKTFILTER_IF_MAX; i++)
		idx[i] = (int)(100 + i);
	n = pktfilter_build(p, PKTFILTER_LEN_MAX, idx, PKTFILTER_IF_MAX);
	assert_int_equal(n, PKTFILTER_LEN_MAX);
	len = frame(b, 17, 0, 68, 5);
	for (i = 0; i < PKTFILTER_IF_MAX; i++)
		assert_int_equal(run(p, n, b, len, idx[i]), (long)len);
	assert_int_equal(run(p, n, b, len, 99), 0);
	assert_int_equal(run(p, n, b, len, 100 + PKTFILTER_IF_MAX), 0);
	/* refused: too many, a bad index, no room */
	assert_int_equal(pktfilter_build(p, PKTFILTER_LEN_MAX, idx, PKTFILTER_IF_MAX + 1), 0);
	idx[1] = 0;
	assert_int_equal(pktfilter_build(p, PKTFILTER_LEN_MAX, idx, 2), 0);
	idx[1] = -4;
	assert_int_equal(pktfilter_build(p, PKTFILTER_LEN_MAX, idx, 2), 0);
	assert_int_equal(pktfilter_build(p, 8, NULL, 0), 0);
	assert_int_equal(pktfilter_build(p, 11, idx, 1), 0);
	assert_int_equal(pktfilter_build(p, 12, idx, 1), 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_any_interface),
		cmocka_unit_test(test_only_its_interfaces),
		cmocka_unit_test(test_64_interfaces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
