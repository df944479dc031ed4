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

/* mnt_nfs() in a child process, waited for at most timeout_ms: a server
 * that never answers gives -ETIMEDOUT instead of a hang. */
int mnt_nfs_timed(const char *dev, const char *dir, unsigned long flags,
		  const char *opts, unsigned timeout_ms);

/* umount(2) dir, lazily (MNT_DETACH) when lazy is set. */
int mnt_umount(const char *dir, int lazy);

/*
 * Read up to size bytes from the start of path into buf (pread at offset
 * 0, looping over short reads and EINTR) and report how many (*len, fewer
 * than size only at end of file) and the file's size from fstat(2)
 * (*file_size).  Outputs written only on success.
 */
int mnt_read_head(const char *path, void *buf, size_t size, size_t *len,
		    uint64_t *file_size);

/* The page size (sysconf(_SC_PAGESIZE)), 0 when unknown. */
uint32_t mnt_page_size(void);

#endif
