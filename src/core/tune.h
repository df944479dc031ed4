/*
 * tune.h - the decisions of `netboot tune` (issue 10, live-system reads):
 * which NFS mounts and which loop devices are the live medium's, read from
 * the kernel's own text (/proc/self/mountinfo, /sys/block/loopN/loop/
 * backing_file, read_ahead_kb), and the tune options.  Pure: no I/O, no
 * syscalls; src/phase/tune.c reads the files and applies the settings
 * through src/sys/blk.h.
 */
#ifndef NETBOOT_TUNE_H
#define NETBOOT_TUNE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TUNE_PATH_MAX 512
#define TUNE_MOUNTS_MAX 16

/* Leave a setting as the kernel has it. */
#define TUNE_KEEP (-1)
/* Loop direct I/O: decided per image by tune_dio_auto(). */
#define TUNE_AUTO (-2)

/* An NFS mount of /proc/self/mountinfo. */
struct tune_mount {
	unsigned major, minor;   /* its anon dev: /sys/class/bdi/MAJ:MIN */
	char dir[TUNE_PATH_MAX]; /* the mount point, \ooo escapes decoded */
};

/*
 * The NFS mounts (type nfs or nfs4) of a mountinfo text (buf, len), at
 * most max into out, in text order; *n gets the count.  Lines that do not
 * parse (fields missing, a mount point longer than TUNE_PATH_MAX - 1, a
 * bad escape, a major:minor out of range) are skipped.  0, or -ENOBUFS
 * when there were more than max (out then holds the first max).
 */
int tune_nfs_mounts(const char *buf, size_t len, struct tune_mount *out, size_t max,
		    size_t *n);

/* The index of the mount whose dir is the longest path-prefix of path
 * ("/a" holds "/a" and "/a/b", not "/ab"), or -ENOENT. */
int tune_mount_of(const struct tune_mount *m, size_t n, const char *path);

/*
 * A loop device's backing_file text (buf, len: "/run/live/medium/live/
 * filesystem.squashfs\n") into path: trailing newline dropped; -EINVAL
 * when empty, not absolute, holding a byte outside printable ASCII, or the
 * kernel marked it " (deleted)"; -ENOBUFS when longer than pathsz - 1.
 */
int tune_backing_path(const char *buf, size_t len, char *path, size_t pathsz);

/* Is path a squashfs image, by name (ends in ".squashfs")? */
bool tune_is_squashfs(const char *path);

/* A sysfs unsigned decimal ("128\n"), at most 10 digits, below 2^31: 0 or
 * -EINVAL. */
int tune_parse_uint(const char *buf, size_t len, unsigned *v);

/* MemTotal of a /proc/meminfo text ("MemTotal:  2030200 kB"), in bytes:
 * 0, or -EINVAL when the line is missing or does not parse. */
int tune_meminfo_total(const char *buf, size_t len, uint64_t *bytes);

/*
 * Loop direct I/O, auto: 1 (on) when the image (image_bytes) is more than
 * half of the machine's RAM (mem_bytes), else TUNE_KEEP (left as casper /
 * live-boot set it: off).  TUNE_KEEP too when either size is unknown (0).
 */
int tune_dio_auto(uint64_t image_bytes, uint64_t mem_bytes);

/* What `netboot tune` sets: TUNE_KEEP or a value. */
struct tune_opts {
	int dio;        /* loop direct I/O: 1 on, 0 off, TUNE_AUTO */
	int nfs_ra_kb;  /* the NFS mounts' bdi read_ahead_kb */
	int loop_ra_kb; /* the loop devices' queue/read_ahead_kb */
};

/* The defaults: what the live-system reads bench measured best (see
 * tune.c). */
void tune_defaults(struct tune_opts *o);

/*
 * One option and its value ("--dio" "auto"|"on"|"off"|"keep", "--nfs-ra" KB|keep,
 * "--loop-ra" KB|keep; KB 0..1048576) into o.  0, -ENOENT (not a tune
 * option), -EINVAL (a bad value).
 */
int tune_parse_opt(struct tune_opts *o, const char *opt, const char *val);

#endif
