/*
 * lease.h - a DHCPv4 lease (or a static ip= configuration), as the DHCP
 * codec hands it to the rest of netboot.  All addresses are in host byte
 * order, 0 meaning "not given".  Strings are NUL-terminated and were
 * validated by the codec: trailing NULs dropped, no control bytes.  Writers
 * (netconf, resolv.conf) still quote every value and apply their own
 * per-field allowlists.
 */
#ifndef NETBOOT_LEASE_H
#define NETBOOT_LEASE_H

#include <stdbool.h>
#include <stdint.h>

#define LEASE_DNS_MAX 3

/*
 * The one MTU range netboot takes from a server (option 26).  RFC 2132
 * allows 68, but every IPv4 host must take 576-byte datagrams (RFC 791)
 * and an NFS root behind a smaller MTU does not boot, so a value below 576
 * is a server's mistake or an attack: the option is dropped (the NIC keeps
 * its MTU) and the reply counts as having a bad option.  Above 9216 no
 * Ethernet jumbo frame goes.
 */
#define LEASE_MTU_MIN 576
#define LEASE_MTU_MAX 9216

struct lease {
	uint32_t yiaddr;     /* our address */
	uint32_t siaddr;     /* BOOTP next-server */
	uint32_t server_id;  /* option 54 */
	uint32_t netmask;    /* option 1 */
	uint32_t broadcast;  /* option 28 */
	uint32_t router;     /* option 3, first entry */
	uint32_t dns[LEASE_DNS_MAX]; /* option 6 */
	unsigned n_dns;
	uint16_t mtu;        /* option 26, 0 = not given; else within
				LEASE_MTU_MIN..LEASE_MTU_MAX */
	uint32_t lease_time; /* option 51, seconds; 0xffffffff = infinite */
	uint32_t t1, t2;     /* options 58, 59 */
	char hostname[64];   /* option 12 */
	char domain[256];    /* option 15 */
	char nisdomain[256]; /* option 40 */
	char root_path[256]; /* option 17 */
	char bootfile[256];  /* BOOTP file or option 67 */
	char tftp_server[256]; /* BOOTP sname or option 66 */
	char domain_search[512]; /* option 119, decoded, space separated */
	bool rapid_commit;   /* the lease came from a rapid-commit ACK */
	bool is_static;      /* from ip=, not DHCP */
};

#endif
