/*
 * pktfilter.h - the classic BPF program the DHCP packet socket runs in
 * the kernel: only IPv4 UDP to port 68, not a fragment, that came in on
 * one of the candidate NICs.  One socket serves every NIC (sys/packet.c),
 * so without the interface test a frame on any other interface (lo, a
 * NIC not chosen) would wake the phase and be read only to be dropped.
 *
 * Pure: the instruction layout is <linux/filter.h>'s struct sock_filter
 * (code 2, jt 1, jf 1, k 4, host-endian), spelt out here; sys/packet.c
 * attaches what pktfilter_build() writes.  The loads are relative to the
 * IPv4 header (SOCK_DGRAM); the interface is the ancillary load
 * SKF_AD_OFF + SKF_AD_IFINDEX (skb->dev's index, Linux 2.6.x+).
 */
#ifndef NETBOOT_PKTFILTER_H
#define NETBOOT_PKTFILTER_H

#include <stddef.h>
#include <stdint.h>

struct pktfilter_insn {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};

/* The most ifindexes one program tests (a jump offset is 8 bits). */
#define PKTFILTER_IF_MAX 64
/* Room for the longest program. */
#define PKTFILTER_LEN_MAX (PKTFILTER_IF_MAX + 2 + 9)

/* Write the program for ifindex[0..n) into out (max entries): with n 0,
 * any interface.  Its length, or 0 when n > PKTFILTER_IF_MAX, an ifindex
 * is <= 0, or max is too small. */
size_t pktfilter_build(struct pktfilter_insn *out, size_t max, const int *ifindex, size_t n);

#endif
