/*
 * fetch.h - the HTTP fetch phase (issue 12): the live image from url=
 * (or fetch=, or a DHCP root-path http:// URL) into a directory in RAM,
 * checked before (size against RAM) and after (checksum, squashfs
 * superblock), with progress, resume and failover to the next URL.
 */
#ifndef NETBOOT_FETCH_H
#define NETBOOT_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "cmdline.h"
#include "lease.h"

/* Where `netboot premount` puts a fetched image (a tmpfs of its own). */
#define FETCH_DIR "/run/netboot/http"

/*
 * Fetch the image into dir/casper/NAME (boot=casper) or dir/live/NAME,
 * NAME the URL's last path element when it ends in .squashfs, else
 * filesystem.squashfs; an ISO URL's image by range reads, or, when that
 * cannot work (no ranges, casper's layered images, several extents), the
 * whole ISO as dir/netboot.iso, loop-mounted on dir/iso.  image gets the
 * image's path relative to dir.  Returns an exit code (phase.h); logs
 * once.
 */
int fetch_image(const struct cmdline *c, const struct lease *l, const char *dir, char *image,
		size_t imagesz);
/* The URL fetch_image() took the image from ("" before). */
const char *fetch_source(void);
/* What to hand over as the medium: the fetch directory, or the whole ISO
 * loop-mounted in it (when its parts could not be fetched alone). */
const char *fetch_media(void);
/* Did fetch_image() bring the whole ISO (image: "netboot.iso")? */
bool fetch_whole_iso(void);
/*
 * The whole ISO is in RAM at dir/image: loop-mount it on dir/iso
 * (iso9660, read-only), find and check the live image in it as on an
 * export (mount.c's checks, .disk/ and casper's uuid included), and
 * compare netboot.sha256= with that image (the squashfs's SHA-256, as
 * when the image alone is fetched).  image becomes the image's path
 * relative to dir.  An exit code; logs once.
 */
int fetch_mount_iso(const struct cmdline *c, const char *dir, char *image, size_t imagesz);

/*
 * After fetch_image(): the tree's .disk/info (or one netboot writes, when
 * the server has none: casper asks for a disc name without it), and for
 * casper with /conf/uuid.conf the .disk/casper-uuid-FLAVOUR file, checked
 * as casper will check it.  The tree is two levels above the image.
 * Returns an exit code; logs once.
 */
int fetch_disk(const struct cmdline *c, const char *dir, bool *info_made);

int phase_fetch_main(int argc, char **argv);

#endif
