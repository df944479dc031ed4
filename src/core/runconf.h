/*
 * runconf.h - read back a lease written earlier in the boot: netboot's own
 * RUNDIR/net.state (what the network phase chose; `netboot mount` and
 * netboot-diag read it), or, only when netboot's network phase did not
 * run, a /run/net-DEV.conf (klibc ipconfig's format, as casper's or
 * live-boot's own DHCP writes it; netboot-diag reads it).
 *
 * Pure: the caller reads the file.  Lines are KEY='value' as shquote()
 * writes them, read with kvfile_get() (the core's one reader, the last
 * line of a key wins); a value that is too long, not a dotted quad where
 * one is expected, or holds a control byte is ignored.  Leaves resolving
 * the server and path to the core (nfsspec_resolve()).
 */
#ifndef NETBOOT_RUNCONF_H
#define NETBOOT_RUNCONF_H

#include <stddef.h>

#include "cmdline.h"
#include "lease.h"

/*
 * RUNDIR/net.state (core/paramconf.c's netstate_render()): DEVICE -> dev,
 * ADDRESS -> yiaddr, SIADDR -> siaddr, SERVERID -> server_id, ROOTPATH ->
 * root_path, PROTO='none' -> is_static, DNS0..DNS2 -> dns (non-zero ones):
 * the fields netboot's own mount phase reads back.  Returns 0 when DEVICE
 * or a non-zero ADDRESS was found, else -ENOENT; out and dev are written only on success.
 */
int runconf_parse_state(const char *buf, size_t len, struct lease *out,
			char dev[CMDLINE_IFNAME_MAX]);

/*
 * /run/net-DEV.conf: IPV4ADDR -> yiaddr, IPV4NETMASK -> netmask,
 * IPV4GATEWAY -> router, ROOTSERVER -> siaddr, ROOTPATH -> root_path,
 * IPV4DNS0/IPV4DNS1 -> dns (non-zero ones), DEVICE -> dev.  Returns as runconf_parse_state().
 */
int runconf_parse(const char *buf, size_t len, struct lease *out,
		  char dev[CMDLINE_IFNAME_MAX]);

#endif
