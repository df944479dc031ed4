/*
 * resolve.h - a host name to an IPv4 address through the lease's DNS
 * servers, for nfsroot= and url= (the initrd has no resolver of its own).
 */
#ifndef NETBOOT_RESOLVE_H
#define NETBOOT_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Look name up (an A record) on the servers, in order, each asked up to
 * three times (1, 2, then 4 s for its answer, a new id each time), all
 * before deadline_ms (clock_ms()).  A reply that is not the answer (a
 * forged or stray datagram: another id, another question, malformed) is
 * ignored and the wait goes on.  NXDOMAIN or NODATA ends the search: the
 * name does not exist.  0 with *addr (host order, the first A record),
 * or -ENOENT, -ETIMEDOUT, -EHOSTUNREACH (no server), -EINVAL (not a
 * name); why (whysz > 0) says what happened in words for the console.
 */
int resolve_name(const char *name, const uint32_t *servers, size_t nservers,
		 uint64_t deadline_ms, uint32_t *addr, char *why, size_t whysz);

/* `netboot resolve [--cmdline F] [--rundir D] NAME`: NAME's address
 * through the DNS servers of the lease in RUNDIR/net.state, on stdout.
 * 0; 100 the name does not exist, is not a name, or the lease has no DNS
 * server; 111 no answer. */
int phase_resolve_main(int argc, char **argv);

#endif
