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
 * -EFBIG when the file is larger than the buffer. */
int file_read_all(const char *path, char *buf, size_t bufsz, size_t *len);

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

#endif
