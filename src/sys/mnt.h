/*
 * mnt.h - the mount edge: mount(2) the NFS transport, unmount it, and
 * read the head of an image file on it.  Syscalls only: what to mount,
 * with which options, and what the bytes mean are decided in the core
 * (src/core/nfsspec.h, src/core/squash.h).  Every function returns 0 or
 * -errno and leaves errno as the syscall set it.
 *
 * Named mnt, not mount: with -Isrc a src/sys/mount.h would shadow the
 * C library's <sys/mount.h> for every file that includes it.
 */
#ifndef NETBOOT_MNT_H
#define NETBOOT_MNT_H

#include <stddef.h>
#include <stdint.h>

/* mount(2) dev ("server:/path") on dir with filesystem type "nfs", mount
 * flags (MS_RDONLY|MS_NOSUID|MS_NODEV from nfsspec_render_opts()) and the
 * text options opts.  The kernel's NFS client parses opts itself; no
 * mount.nfs helper runs.  EINTR is retried. */
int mnt_nfs(const char *dev, const char *dir, unsigned long flags,
	      const char *opts);

/* mnt_nfs() under mnt_call_timed(): a server that never answers gives
 * -ETIMEDOUT instead of a hang. */
int mnt_nfs_timed(const char *dev, const char *dir, unsigned long flags,
		  const char *opts, unsigned timeout_ms);

/*
 * Run fn(arg, out, outsz) in a child process and wait at most timeout_ms
 * for it.  For anything that touches the NFS mount: it is `hard`, so a
 * server that stops answering keeps a mount(2), read(2), readdir(3) or
 * stat(2) waiting forever in a sleep only SIGKILL ends.  The child sends
 * fn's return value and out[0..outsz) back through a pipe; out is written
 * only when the child finished.  fn must not log or change state the
 * parent relies on (its memory is a copy).  Returns fn's value, -ETIMEDOUT
 * (the child was SIGKILLed at the deadline), -ECHILD (it died without an
 * answer) or a fork/pipe -errno.
 */
int mnt_call_timed(int (*fn)(void *arg, void *out, size_t outsz), void *arg,
		   void *out, size_t outsz, unsigned timeout_ms);

/* umount(2) dir, lazily (MNT_DETACH) when lazy is set. */
int mnt_umount(const char *dir, int lazy);

/*
 * Read up to size bytes from the start of path into buf (pread at offset
 * 0, looping over short reads and EINTR) and report how many (*len, fewer
 * than size only at end of file) and the file's size from fstat(2)
 * (*file_size).  Outputs written only on success.  path is an image on the
 * export: opened with file_open_regular(), which refuses anything but a
 * regular file (-EISDIR, -EBADFD).  A symbolic link is followed, as
 * casper's and live-boot's loop mount will follow it (some servers link
 * images kept elsewhere in the export), but no device or FIFO it leads to
 * is ever opened.  Can block on a stalled
 * hard mount: run it under mnt_call_timed().
 */
int mnt_read_head(const char *path, void *buf, size_t size, size_t *len,
		    uint64_t *file_size);

/* The page size (sysconf(_SC_PAGESIZE)), 0 when unknown. */
uint32_t mnt_page_size(void);

/* The running kernel's release (uname(2)), for /boot/config-RELEASE.
 * 0, -ENOBUFS or -errno. */
int mnt_kernel_release(char *dst, size_t dstsz);

#endif
