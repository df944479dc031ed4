/*
 * mount.h - the mount phase: the NFS transport mount and the live medium
 * checks (mount.c).
 */
#ifndef NETBOOT_MOUNT_H
#define NETBOOT_MOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "cmdline.h"
#include "lease.h"
#include "nfsspec.h"

/* Where netboot mounts the export (the transport mount). */
#define MOUNT_NFS_DIR "/run/netboot/nfs"
/* What casper / live-boot get: the export, or an overlay of it with a
 * synthesized .disk/info when the export lacks one. */
#define MOUNT_MEDIA_DIR "/run/netboot/media"

/* Mount the export on dir, negotiating the version and retrying transient
 * errors within c->mount_timeout.  Returns an exit code; logs once. */
int mount_export(const struct cmdline *c, const struct lease *l, const char *dir,
	       struct nfsspec *spec, unsigned *vers_used);
/* The options of the mount mount_export() made, as the kernel shows them
 * in /proc/self/mounts ("ro,nosuid,nodev,relatime,vers=4.2,rsize=...");
 * those netboot passed when that table does not say; "" before. */
const char *mount_options(void);
/* Find and check the live image under media; image gets its path relative
 * to media.  Returns an exit code. */
int mount_find_image(const struct cmdline *c, const char *media, char *image,
		    size_t imagesz);
/* .disk/info and casper's UUID check.  Returns an exit code. */
int mount_check_disk(const struct cmdline *c, const char *media, bool *info_missing);

/* What mount_find_image() and mount_check_disk() call the medium in
 * their messages: "the export" unless set ("the ISO"). */
void mount_set_medium(const char *name);
/* The squashfs compressors this kernel reads (SQUASH_COMP_BIT()s, from
 * /boot/config-RELEASE), 0 = unknown.  Read once. */
uint32_t mount_kernel_comp_mask(void);
/* The lease a previous `netboot net` recorded in rundir/net.state.  0 or
 * -ENOENT / -EBADMSG (l zeroed). */
int mount_lease_from_state(const char *rundir, struct lease *l);

int phase_mount_main(int argc, char **argv);

#endif
