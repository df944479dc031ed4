/*
 * dns.h - the DNS wire format netboot needs to turn a host name into an
 * IPv4 address (RFC 1035): one query for an A record, and the reader of
 * the reply, which is hostile until proved otherwise.  Pure: no I/O; the
 * sending and waiting is the caller's.
 */
#ifndef NETBOOT_DNS_H
#define NETBOOT_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_NAME_MAX  253   /* a dotted name, without the root's dot */
#define DNS_QUERY_MAX (12 + DNS_NAME_MAX + 2 + 4)
#define DNS_UDP_MAX   512   /* RFC 1035 4.2.1: the reply read over UDP */
#define DNS_ADDRS_MAX 8     /* A records kept from one reply */

/*
 * Is name a host name netboot will look up: 1..253 bytes, dot-separated
 * labels of 1..63 letters, digits, '-' and '_' (no leading or trailing
 * '-'), one trailing dot allowed, and not a dotted quad (that is an
 * address, not a name)?
 */
bool dns_name_ok(const char *name);

/*
 * Write the query for name's A record (class IN, recursion desired) with
 * the given id into buf.  Returns the length, or -EINVAL for a name
 * dns_name_ok() refuses, -ENOBUFS when cap is too small.
 */
int dns_query_build(uint8_t *buf, size_t cap, uint16_t id, const char *name);

struct dns_answer {
	uint32_t addr[DNS_ADDRS_MAX]; /* host order, in the reply's order */
	size_t n;
	uint32_t ttl;                 /* the smallest TTL of the records used */
	unsigned cnames;              /* CNAME hops followed */
};

/*
 * Read a reply to the query dns_query_build(id, name) wrote.  A reply
 * that is not the answer to that query (another id, not a response, a
 * question other than name/A/IN) is -ENOMSG: the caller keeps waiting
 * for the right one, as a forged or stray datagram must not end the
 * wait.  Otherwise:
 *   0        *out holds 1..DNS_ADDRS_MAX addresses: the A records whose
 *            owner is name or a CNAME target reached from it (at most 8
 *            hops); anything else in the reply is skipped
 *   -ENOENT  the name does not exist (NXDOMAIN), or exists with no A
 *            record (NODATA)
 *   -EAGAIN  the server failed (SERVFAIL) or refused: ask another
 *   -EMSGSIZE truncated (TC): the answer does not fit 512 bytes
 *   -EBADMSG malformed: a record or name runs past the end, a
 *            compression pointer loops or points forward, a label is too
 *            long, an A record is not 4 bytes
 * *why, when why is not NULL, says which in a few words (static text).
 */
int dns_reply_parse(const uint8_t *buf, size_t len, uint16_t id, const char *name,
		    struct dns_answer *out, const char **why);

#endif
