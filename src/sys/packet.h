/*
 * packet.h - AF_PACKET datagram sockets for DHCP before an interface has
 * an address.  The buffers start at the IPv4 header (SOCK_DGRAM); building
 * and checking IP/UDP headers is core/dhcp-msg.c's job.
 */
#ifndef NETBOOT_PACKET_H
#define NETBOOT_PACKET_H

#include <stddef.h>
#include <sys/types.h>

/* Open a socket bound to ifindex, receiving only IPv4 UDP to port 68 (a
 * classic BPF filter), non-blocking.  fd or -errno. */
int packet_open(int ifindex);
/* Broadcast an IPv4 datagram (ff:ff:ff:ff:ff:ff).  0 or -errno. */
int packet_send(int fd, int ifindex, const void *buf, size_t len);
/* Receive one datagram; our own outgoing frames are skipped (-EAGAIN).
 * *csum_unset is set when the kernel says the UDP checksum was never
 * filled in (TP_STATUS_CSUMNOTREADY: a sender on this host with checksum
 * offload, e.g. across a veth pair).  Returns the length or -errno
 * (-EAGAIN when nothing is queued). */
ssize_t packet_recv(int fd, void *buf, size_t sz, int *csum_unset);

#endif
