/*
 * runconf.h - read back a /run/net-DEV.conf (klibc ipconfig's format, as
 * netboot and ipconfig write it) into the lease fields netboot-diag needs.
 *
 * Pure: the caller reads the file.  Lines are KEY='value' (shell single
 * quotes, '\'' inside); anything else is skipped.  Leaves resolving the
 * server and path to the core (nfsspec_resolve()).
 */
#ifndef NETBOOT_DIAG_RUNCONF_H
#define NETBOOT_DIAG_RUNCONF_H

#include <stddef.h>

#include "cmdline.h"
#include "lease.h"

/*
 * Fill *out from the text: IPV4ADDR -> yiaddr, IPV4NETMASK -> netmask,
 * IPV4GATEWAY -> router, ROOTSERVER -> siaddr, ROOTPATH -> root_path,
 * DEVICE -> dev (dstsz CMDLINE_IFNAME_MAX).  A value that is too long, not
 * a dotted quad where one is expected, or holds control bytes is ignored.
 * Returns 0 when at least DEVICE or IPV4ADDR was found, else -ENOENT;
 * out and dev are written only on success.
 */
int runconf_parse(const char *buf, size_t len, struct lease *out,
		  char dev[CMDLINE_IFNAME_MAX]);

#endif
