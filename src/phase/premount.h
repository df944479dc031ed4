/*
 * premount.h - premount's hand-over step, on its own for tests (the
 * subcommand is phase_premount_main() in phase.h).
 */
#ifndef NETBOOT_PREMOUNT_H
#define NETBOOT_PREMOUNT_H

#include <stdbool.h>

#include "cmdline.h"
#include "nfsspec.h"

struct premount_handover {
	const struct cmdline *c;
	const char *rundir;       /* RUNDIR: disk/.disk/info and media/ go here */
	const char *cmdline_path; /* re-read for live-boot's LIVE_BOOT_CMDLINE */
	const char *param;        /* /conf/param.conf */
	const char *shim;         /* the shim folder, first in PATH */
	const char *dev;          /* the boot NIC */
	const struct nfsspec *spec; /* the export as mounted; NULL when the
				       image was fetched over HTTP */
	const char *nfsdir;       /* where it is mounted (or fetched to) */
	bool info_missing;        /* the export has no .disk/info */
};

/*
 * After the mount and the checks: choose what casper / live-boot mount
 * (the export, or RUNDIR/media, a read-only overlay of RUNDIR/disk, which
 * holds a .disk/info, over the export, when it has none; the export
 * itself, with a warning, when that overlay can not be made) and append
 * the hand-over to param.conf (core/paramconf.c).  Returns an exit code:
 * NETBOOT_EXIT_TRANSIENT when param.conf can not be written.
 */
int premount_handover(const struct premount_handover *h);

#endif
