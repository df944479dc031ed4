/*
 * fs.c - see fs.h.  Written for klibc (the product) and glibc (host
 * builds): only calls both provide.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "file.h"
#include "fs.h"

#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0400000
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC 02000000
#endif

int fs_atomic_open(struct fs_atomic *a, const char *path, int mkparents)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	int e;

	a->fd = -1;
	if (!slash || strlen(path) >= sizeof(a->path))
		return -EINVAL;
	memcpy(a->path, path, strlen(path) + 1);
	if (mkparents && slash != path) {
		a->tmp[0] = '\0';
		memcpy(a->tmp, path, (size_t)(slash - path));
		a->tmp[slash - path] = '\0';
		e = file_mkdirs(a->tmp, 0755);
		if (e)
			return e;
	}
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return -EISDIR;
	if ((size_t)snprintf(a->tmp, sizeof(a->tmp), "%s.netboot-%d", path, (int)getpid()) >=
	    sizeof(a->tmp))
		return -ENAMETOOLONG;
	unlink(a->tmp);
	a->fd = open(a->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (a->fd < 0)
		return -errno;
	return 0;
}

int fs_atomic_write(struct fs_atomic *a, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(a->fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fs_atomic_commit(struct fs_atomic *a, mode_t mode)
{
	int e = 0;

	if (fchmod(a->fd, mode))
		e = -errno;
	if (close(a->fd) && !e)
		e = -errno;
	a->fd = -1;
	if (!e && rename(a->tmp, a->path))
		e = -errno;
	if (e)
		unlink(a->tmp);
	return e;
}

void fs_atomic_abort(struct fs_atomic *a)
{
	if (a->fd >= 0) {
		close(a->fd);
		unlink(a->tmp);
	}
	a->fd = -1;
}

long fs_read(int fd, void *buf, size_t len)
{
	for (;;) {
		ssize_t n = read(fd, buf, len);

		if (n >= 0)
			return (long)n;
		if (errno != EINTR)
			return -errno;
	}
}

int fs_seek(int fd, unsigned long long off)
{
	return lseek(fd, (off_t)off, SEEK_SET) < 0 ? -errno : 0;
}

void fs_close(int fd)
{
	close(fd);
}

void fs_stderr(const char *buf, size_t len)
{
	(void)!write(STDERR_FILENO, buf, len);
}

int fs_mount_overlay_ro(const char *target, const char *opts)
{
	for (;;) {
		if (mount("overlay", target, "overlay", MS_RDONLY | MS_NOSUID | MS_NODEV,
			  opts) == 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

int fs_atomic_rewind(struct fs_atomic *a)
{
	if (ftruncate(a->fd, 0) < 0 || lseek(a->fd, 0, SEEK_SET) < 0)
		return -errno;
	return 0;
}

int fs_free_bytes(const char *path, unsigned long long *bytes)
{
	struct statfs st;

	if (statfs(path, &st) < 0)
		return -errno;
	*bytes = (unsigned long long)st.f_bavail * (unsigned long long)st.f_bsize;
	return 0;
}

int fs_mount_tmpfs(const char *target, const char *size)
{
	char opts[64];
	int e = file_mkdirs(target, 0755);

	if (e)
		return e;
	snprintf(opts, sizeof(opts), "mode=0755,size=%s", size);
	for (;;) {
		if (mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, opts) == 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

int fs_remount_ro(const char *target)
{
	for (;;) {
		if (mount(NULL, target, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
			  NULL) == 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}
