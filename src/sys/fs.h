/*
 * fs.h - the file-system edges of the hand-over phases (premount,
 * handoff) that file.h does not have: a file written atomically in pieces
 * (the boot report is streamed into the live root, never held whole),
 * reads of an open file in chunks and from an offset, the console
 * (stderr) for the log, and mount(2) of the read-only overlay premount
 * puts over the export.  Syscalls only:
 * what to copy, how much, and what to mount are the phases' decisions.
 * Every function returns 0 (or a count) or -errno.
 */
#ifndef NETBOOT_FS_H
#define NETBOOT_FS_H

#include <stddef.h>
#include <sys/types.h>

#define FS_PATH_MAX 4096

/* A file being written: a temporary name beside its target. */
struct fs_atomic {
	int fd;
	char tmp[FS_PATH_MAX];
	char path[FS_PATH_MAX];
};

/*
 * Start writing path atomically, with file_write_atomic()'s rules: a
 * temporary file in the same directory (O_CREAT|O_EXCL|O_NOFOLLOW),
 * missing parents created (0755) when mkparents is set, refusing a
 * symlinked parent (-ELOOP), a directory at path (-EISDIR).  Nothing is
 * visible at path until fs_atomic_commit().
 */
int fs_atomic_open(struct fs_atomic *a, const char *path, int mkparents);
/* Append len bytes (short writes and EINTR retried). */
int fs_atomic_write(struct fs_atomic *a, const void *data, size_t len);
/* fchmod to mode, close, rename over path (a symlink there is replaced,
 * never followed).  On failure the temporary file is removed. */
int fs_atomic_commit(struct fs_atomic *a, mode_t mode);
/* Give up: close and remove the temporary file. */
void fs_atomic_abort(struct fs_atomic *a);
/* Empty the temporary file and write from its start again. */
int fs_atomic_rewind(struct fs_atomic *a);

/* Mount a tmpfs on target (created), mode 0755, nosuid, nodev, with
 * the given size= (e.g. "90%").  0 or -errno. */
int fs_mount_tmpfs(const char *target, const char *size);

/* Make the mount at target read-only (nosuid, nodev kept).  0 or -errno. */
int fs_remount_ro(const char *target);

/* Bytes an unprivileged writer may still store on path's filesystem
 * (statfs(2) f_bavail * f_bsize).  0 or -errno. */
int fs_free_bytes(const char *path, unsigned long long *bytes);

/* One read(2) of at most len bytes (EINTR retried): the count, 0 at the
 * end of the file, or -errno. */
long fs_read(int fd, void *buf, size_t len);
/* lseek(2) to off from the start. */
int fs_seek(int fd, unsigned long long off);
void fs_close(int fd);

/* The console: len bytes of buf to stderr, best effort (the log's edge). */
void fs_stderr(const char *buf, size_t len);

/*
 * mount(2) an overlay on target, always read-only, nosuid, nodev, with
 * the text options opts ("lowerdir=A:B": no upper layer).  EINTR retried.
 */
int fs_mount_overlay_ro(const char *target, const char *opts);

#endif
