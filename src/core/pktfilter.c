/*
 * pktfilter.c - the DHCP packet socket's BPF program (see pktfilter.h).
 * Opcodes of <linux/bpf_common.h> and <linux/filter.h>, spelt out.
 */
#include "pktfilter.h"

#define BPF_LD   0x00
#define BPF_LDX  0x01
#define BPF_JMP  0x05
#define BPF_RET  0x06
#define BPF_W    0x00
#define BPF_H    0x08
#define BPF_B    0x10
#define BPF_ABS  0x20
#define BPF_IND  0x40
#define BPF_MSH  0xa0
#define BPF_JEQ  0x10
#define BPF_JSET 0x40
#define BPF_K    0x00

#define SKF_AD_OFF     (-0x1000)
#define SKF_AD_IFINDEX 8

static struct pktfilter_insn stmt(uint16_t code, uint32_t k)
{
	struct pktfilter_insn i = { code, 0, 0, k };

	return i;
}

static struct pktfilter_insn jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
	struct pktfilter_insn i = { code, jt, jf, k };

	return i;
}

size_t pktfilter_build(struct pktfilter_insn *out, size_t max, const int *ifindex, size_t n)
{
	size_t len = n ? n + 2 : 0, i, o = 0;

	if (n > PKTFILTER_IF_MAX || max < len + 9)
		return 0;
	for (i = 0; i < n; i++)
		if (ifindex[i] <= 0)
			return 0;
	if (n) {
		/* A = the interface's index; one of ours, or drop */
		out[o++] = stmt(BPF_LD | BPF_W | BPF_ABS, (uint32_t)(SKF_AD_OFF + SKF_AD_IFINDEX));
		for (i = 0; i < n; i++)
			out[o++] = jump(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)ifindex[i],
					(uint8_t)(n - i), 0);
		out[o++] = stmt(BPF_RET | BPF_K, 0);
	}
	/* IPv4 header from offset 0: protocol UDP, not a fragment, then the
	 * UDP destination port 68 after the header's own length */
	out[o++] = stmt(BPF_LD | BPF_B | BPF_ABS, 9);
	out[o++] = jump(BPF_JMP | BPF_JEQ | BPF_K, 17, 0, 6);
	out[o++] = stmt(BPF_LD | BPF_H | BPF_ABS, 6);
	out[o++] = jump(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, 4, 0);
	out[o++] = stmt(BPF_LDX | BPF_B | BPF_MSH, 0);
	out[o++] = stmt(BPF_LD | BPF_H | BPF_IND, 2);
	out[o++] = jump(BPF_JMP | BPF_JEQ | BPF_K, 68, 0, 1);
	out[o++] = stmt(BPF_RET | BPF_K, 0xffff);
	out[o++] = stmt(BPF_RET | BPF_K, 0);
	return o;
}
