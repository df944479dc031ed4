/*
 * probe.h - ask the NFS server's portmapper, once and briefly, whether it
 * serves NFS 3 and MOUNT 3 (core/rpcbind.h says why).  The answer goes
 * into the nfsspec (nfsspec_set_v3_ports()); no answer changes nothing.
 */
#ifndef NETBOOT_PROBE_H
#define NETBOOT_PROBE_H

#include <stdint.h>

#include "nfsspec.h"

/* How long the portmapper has to answer: a LAN answers in a millisecond;
 * a server whose port 111 is filtered costs this much once. */
#define PROBE_WAIT_MS 200u

/* Ask spec's server (IPv4 only; an IPv6 server is left as it is) until
 * deadline_ms at the latest.  Logs what it found, on one debug line. */
void probe_nfs3(struct nfsspec *spec, uint64_t deadline_ms);

#endif
