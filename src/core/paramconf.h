/*
 * paramconf.h - the two files netboot writes for a shell to source:
 * premount's lines for /conf/param.conf (initramfs-tools' /init sources
 * it after each init-premount script) and the network phase's own state,
 * RUNDIR/net.state (read by the shims and by netboot's later phases).
 * Pure: every value goes through shquote(), the one quoting function, and
 * the callers write the bytes (src/phase/premount.c, src/phase/apply.c).
 */
#ifndef NETBOOT_PARAMCONF_H
#define NETBOOT_PARAMCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmdline.h"
#include "lease.h"

/* The largest rendering of either file: four quoted paths and a quoted
 * command line (every byte a quote at worst, 4 bytes each). */
#define PARAMCONF_SIZE_MAX (CMDLINE_MAX * 4 + 8192)

struct paramconf {
	enum cmdline_boot boot; /* which /init sources it */
	const char *dev;        /* the boot NIC */
	const char *nfsroot;    /* SERVER:/PATH as mounted ("" when unknown) */
	const char *media;      /* the folder casper / live-boot mount from */
	const char *shim;       /* netboot's shim folder, first in PATH */
	const char *cmdline;    /* the kernel command line as read (boot=live:
				 * LIVE_BOOT_CMDLINE), NULL when unread */
	bool fetched;           /* the medium is an image netboot fetched over
				 * HTTP: live-boot must not fetch it again */
};

/*
 * param.conf's lines: for boot=live, LIVE_BOOT_CMDLINE='live-netdev=DEV
 * CMDLINE' (live-boot's fast path; with fetched, CMDLINE loses its
 * netboot=, fetch=, httpfs= and ftpfs= words and gains netboot=nfs, so
 * live-boot takes netboot's medium through the nfsmount shim; the command line loses trailing
 * newlines and blanks; when that line can not be written, a control byte
 * in it or too long, DEVICE= as for any other /init); for casper
 * DEVICE= and NETBOOT=nfs (casper before 1.4xx reads $NETBOOT); else
 * DEVICE=; then NFSROOT=, NETBOOT_MEDIA= and PATH=SHIM:/usr/sbin:...,
 * each exported.  The length written (NUL-terminated), -EINVAL when a
 * value holds a control byte (a value never spans lines), -ENOBUFS when
 * dst is too small.  dst is written only on success.
 */
int paramconf_render(const struct paramconf *p, char *dst, size_t dstsz);

/*
 * RUNDIR/net.state: DEVICE, MAC, REASON (why this NIC), ADDRESS,
 * ROOTSERVER, SIADDR, SERVERID, ROOTPATH (only when root-path passes
 * netconf's allowlist, else ''), PROTO (none for ip=, else dhcp),
 * RAPID_COMMIT, BOUND_MS.  Returns as paramconf_render().
 */
int netstate_render(const char *dev, const uint8_t mac[6], const char *reason,
		    const struct lease *l, unsigned long bound_ms, char *dst,
		    size_t dstsz);

#endif
