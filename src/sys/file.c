/*
 * file.c - the file edge.  Every write into a directory another program
 * owns (/run, the live system's overlay) is done with O_NOFOLLOW and
 * O_EXCL on a temporary name, then renamed over the target, so a planted
 * symlink (at the target or as a parent directory) can never redirect it
 * and a reader never sees half a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0400000
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC 02000000
#endif
#ifndef EBADFD
#define EBADFD 77
#endif
#ifndef O_PATH
#define O_PATH 010000000
#endif

int file_read_all(const char *path, char *buf, size_t bufsz, size_t *len)
{
	size_t got = 0;
	int fd, e;

	if (!bufsz)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n = read(fd, buf + got, bufsz - 1 - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			e = -errno;
			close(fd);
			return e;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got == bufsz - 1) {
			char extra;

			n = read(fd, &extra, 1);
			close(fd);
			return n > 0 ? -EFBIG : (buf[got] = '\0', *len = got, 0);
		}
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	return 0;
}

int file_fd_regular(int fd, unsigned long long *size)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (!S_ISREG(st.st_mode))
		return -EBADFD;
	if (size)
		*size = st.st_size > 0 ? (unsigned long long)st.st_size : 0;
	return 0;
}

int file_open_regular(const char *path, int flags, unsigned long long *size)
{
	int ro = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
	char self[40];
	struct stat a, b;
	int pfd, fd, e;

	if (flags & FILE_NOFOLLOW) {
		fd = open(path, ro | O_NOFOLLOW);
		if (fd < 0)
			return -errno;
		e = file_fd_regular(fd, size);
		if (e) {
			close(fd);
			return e;
		}
		return fd;
	}
	/* Follow the link, but look before anything opens the target. */
	pfd = open(path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return -errno;
	e = file_fd_regular(pfd, NULL);
	if (!e && fstat(pfd, &a))
		e = -errno;
	if (e) {
		close(pfd);
		return e;
	}
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	fd = open(self, ro);
	e = fd < 0 ? -errno : 0;
	close(pfd);
	if (e)
		return e;
	/* the same inode that was checked, not whatever the name is now */
	if (fstat(fd, &b) || a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		e = -EBADFD;
	if (!e)
		e = file_fd_regular(fd, size);
	if (e) {
		close(fd);
		return e;
	}
	return fd;
}

int file_read_regular(const char *path, int flags, char *buf, size_t bufsz,
		      size_t *len, int *truncated)
{
	size_t got = 0;
	int fd, e = 0;

	if (!bufsz)
		return -EINVAL;
	fd = file_open_regular(path, flags, NULL);
	if (fd < 0)
		return fd;
	while (!e && got < bufsz - 1) {
		ssize_t n = read(fd, buf + got, bufsz - 1 - got);

		if (n < 0) {
			if (errno != EINTR)
				e = -errno;
			continue;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (!e && truncated) {
		char extra;

		*truncated = got == bufsz - 1 && read(fd, &extra, 1) > 0;
	}
	close(fd);
	if (e)
		return e;
	buf[got] = '\0';
	*len = got;
	return 0;
}

int file_lstat_mode(const char *path, unsigned *mode)
{
	struct stat st;

	if (lstat(path, &st))
		return -errno;
	*mode = (unsigned)st.st_mode;
	return 0;
}

int file_mkdirs(const char *path, mode_t mode)
{
	char p[4096];
	size_t n = strlen(path), i;

	if (n == 0 || n >= sizeof(p))
		return -ENAMETOOLONG;
	memcpy(p, path, n + 1);
	for (i = 1; i <= n; i++) {
		struct stat st;

		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		if (lstat(p, &st) == 0) {
			if (S_ISLNK(st.st_mode))
				return -ELOOP;
			if (!S_ISDIR(st.st_mode))
				return -ENOTDIR;
		} else if (errno != ENOENT || (mkdir(p, mode) && errno != EEXIST)) {
			return -errno;
		}
		p[i] = i < n ? '/' : '\0';
	}
	return 0;
}

static int write_full(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

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

int file_write_atomic(const char *path, const void *data, size_t len,
		      mode_t mode, int mkparents)
{
	char tmp[4096], dir[4096];
	const char *slash = strrchr(path, '/');
	struct stat st;
	int fd, e;

	if (!slash || (size_t)(slash - path) >= sizeof(dir))
		return -EINVAL;
	if (mkparents && slash != path) {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
		e = file_mkdirs(dir, 0755);
		if (e)
			return e;
	}
	/* A symlink at path itself is replaced, not followed: rename(2)
	 * swaps the directory entry and never writes through a link. */
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return -EISDIR;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.netboot-%d", path, (int)getpid()) >=
	    sizeof(tmp))
		return -ENAMETOOLONG;
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	e = write_full(fd, data, len);
	if (!e && fchmod(fd, mode))
		e = -errno;
	if (close(fd) && !e)
		e = -errno;
	if (!e && rename(tmp, path))
		e = -errno;
	if (e)
		unlink(tmp);
	return e;
}

int file_append_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);

	return fd < 0 ? -errno : fd;
}

int file_append_fd(int fd, const char *data, size_t len)
{
	return write_full(fd, data, len);
}

int file_append(const char *path, const char *data, size_t len)
{
	int fd = file_append_open(path);
	int e;

	if (fd < 0)
		return fd;
	e = write_full(fd, data, len);
	close(fd);
	return e;
}
