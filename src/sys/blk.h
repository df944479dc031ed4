/*
 * blk.h - the block-device edges of `netboot tune` (and of a whole ISO
 * fetched over HTTP, loop-mounted): a sysfs attribute
 * written in place (read_ahead_kb: sysfs files take one write(2), never
 * a rename), and a loop device's direct I/O switched with the
 * LOOP_SET_DIRECT_IO ioctl (/sys/block/loopN/loop/dio is read-only).  No
 * decisions: which devices and which values are src/core/tune.c's.
 * Every function returns 0 or -errno.
 */
#ifndef NETBOOT_BLK_H
#define NETBOOT_BLK_H

#include <stddef.h>

/* One write(2) of the text val to the existing file path (O_WRONLY, no
 * O_CREAT, O_NOFOLLOW); a short write is -EIO. */
int blk_sysfs_write(const char *path, const char *val);

/* LOOP_SET_DIRECT_IO on the loop device node dev (/dev/loopN), on or off.
 * The kernel refuses it (-EINVAL) when the backing file can not do
 * O_DIRECT. */
int blk_loop_set_dio(const char *dev, int on);

/* Attach the regular file at path to a free loop device, read-only and
 * autoclear (it goes with the last unmount), and mount it read-only,
 * nosuid, nodev on target (created) as fstype ("iso9660").  The device
 * is detached again when the mount fails. */
int blk_loop_mount_ro(const char *path, const char *target, const char *fstype);

/* stat(2)'s st_dev of path (follows links) as major and minor. */
int blk_stat_dev(const char *path, unsigned *maj, unsigned *min);

#endif
