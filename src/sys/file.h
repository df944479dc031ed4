/*
 * file.h - file edges: read a small file whole, write one atomically and
 * without following symlinks.  No decisions here: callers choose paths and
 * modes.
 */
#ifndef NETBOOT_FILE_H
#define NETBOOT_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* Read at most bufsz-1 bytes of path, NUL-terminate.  0 or -errno;
 * -EFBIG when the file is larger than the buffer.  For the initrd's own
 * files (/proc, /sys, /conf, the run directory, --cmdline FILE, which may
 * be a pipe); never for a file on the export: see file_read_regular(). */
int file_read_all(const char *path, char *buf, size_t bufsz, size_t *len);

/*
 * Is the open fd a regular file?  0, -EISDIR (a directory), -ELOOP (a
 * symbolic link: only with O_PATH opens) or -EBADFD (a FIFO, a device node,
 * a socket: reading one can block forever or reach the initrd's own
 * /dev/console).  *size gets st_size when size is not NULL.
 */
int file_fd_regular(int fd, unsigned long long *size);

/* Do not follow a symbolic link at the path's last component: -ELOOP. */
#define FILE_NOFOLLOW 1

/*
 * Open a file from a tree another machine controls (the NFS export) for
 * reading, only if it is a regular file: an fd, or -errno (-EISDIR, -ELOOP,
 * -EBADFD as file_fd_regular()).  Never blocks in open(2) on a FIFO
 * (O_NONBLOCK) and never gains a controlling tty (O_NOCTTY).  With
 * FILE_NOFOLLOW a symbolic link is refused (O_NOFOLLOW).  Without it a
 * link is followed, but no device is ever opened: the path is opened
 * O_PATH (which calls no driver), checked with fstat(2), and only a
 * regular file is reopened for reading, through /proc/self/fd, so a link
 * to /dev/console or /dev/watchdog is refused before anything opens it.
 * *size (when not NULL) gets st_size.
 */
int file_open_regular(const char *path, int flags, unsigned long long *size);

/*
 * file_read_all() for a file from a tree another machine controls (the NFS
 * export), opened with file_open_regular(): anything but a regular file
 * is refused.  Bytes beyond bufsz-1 are not read: a
 * truncated read is 0 with *truncated set (when not NULL).  It can still
 * block in read(2) on a hard NFS mount whose server stopped answering: run
 * it under mnt_call_timed().  0 or -errno.
 */
int file_read_regular(const char *path, int flags, char *buf, size_t bufsz,
		      size_t *len, int *truncated);

/* lstat(2)'s st_mode of path (never follows a symbolic link). 0 or -errno. */
int file_lstat_mode(const char *path, unsigned *mode);

/*
 * Write data to path atomically: a temporary file in the same directory
 * (O_CREAT|O_EXCL|O_NOFOLLOW), fsync-free (initrd tmpfs), fchmod to mode,
 * then rename(2) over path: a symlink at path is replaced, never followed;
 * a directory there is refused (-EISDIR).  Creates missing parent
 * directories (mode 0755) when mkparents is set, refusing any parent that
 * is a symlink (-ELOOP).  0 or -errno.
 */
int file_write_atomic(const char *path, const void *data, size_t len,
		      mode_t mode, int mkparents);

/* mkdir -p with mode, refusing symlinked components.  0 or -errno. */
int file_mkdirs(const char *path, mode_t mode);

/* Append a line to path (O_APPEND|O_CREAT|O_NOFOLLOW, mode 0644). */
int file_append(const char *path, const char *data, size_t len);
/* The same in two steps, for a file appended to line after line (the
 * boot report): open it once (O_CLOEXEC; an fd or -errno), then append
 * to the fd (0 or -errno; other writers' lines never interleave within
 * one, as O_APPEND places each write at the end). */
int file_append_open(const char *path);
int file_append_fd(int fd, const char *data, size_t len);

#endif
