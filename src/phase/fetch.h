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
 * filesystem.squashfs.  image gets that path relative to dir.  Returns an
 * exit code (phase.h); logs once.
 */
int fetch_image(const struct cmdline *c, const struct lease *l, const char *dir, char *image,
		size_t imagesz);
/* The URL fetch_image() took the image from ("" before). */
const char *fetch_source(void);

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
