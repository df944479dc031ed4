/*
 * blk.c - sysfs attribute writes, the loop direct-I/O ioctl, and a
 * file loop-mounted read-only (blk.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <linux/loop.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "blk.h"

#ifndef LOOP_SET_DIRECT_IO
#define LOOP_SET_DIRECT_IO 0x4C08 /* linux/loop.h, since 4.4 */
#endif

int blk_sysfs_write(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t w;
	int fd, e = 0;

	fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	do
		w = write(fd, val, len);
	while (w < 0 && errno == EINTR);
	if (w < 0)
		e = -errno;
	else if ((size_t)w != len)
		e = -EIO;
	close(fd);
	return e;
}

int blk_loop_set_dio(const char *dev, int on)
{
	int fd, e = 0;

	fd = open(dev, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, LOOP_SET_DIRECT_IO, (void *)(uintptr_t)(on ? 1 : 0)) < 0)
		e = -errno;
	close(fd);
	return e;
}

int blk_stat_dev(const char *path, unsigned *maj, unsigned *min)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	*maj = (unsigned)major(st.st_dev);
	*min = (unsigned)minor(st.st_dev);
	return 0;
}

int blk_loop_mount_ro(const char *path, const char *target, const char *fstype)
{
	struct loop_info64 info;
	char dev[32];
	int ctl, n, lfd = -1, ffd = -1, e = 0;

	if (mkdir(target, 0755) < 0 && errno != EEXIST)
		return -errno;
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;
	n = ioctl(ctl, LOOP_CTL_GET_FREE, NULL);
	e = n < 0 ? -errno : 0;
	close(ctl);
	if (e)
		return e;
	snprintf(dev, sizeof(dev), "/dev/loop%d", n);
	lfd = open(dev, O_RDONLY | O_CLOEXEC);
	ffd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (lfd < 0 || ffd < 0) {
		e = -errno;
		goto out;
	}
	if (ioctl(lfd, LOOP_SET_FD, (void *)(long)ffd) < 0) {
		e = -errno;
		goto out;
	}
	memset(&info, 0, sizeof(info));
	info.lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR;
	snprintf((char *)info.lo_file_name, sizeof(info.lo_file_name), "%s", path);
	if (ioctl(lfd, LOOP_SET_STATUS64, &info) < 0 ||
	    mount(dev, target, fstype, MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0) {
		e = -errno;
		ioctl(lfd, LOOP_CLR_FD, NULL);
	}
out:
	if (ffd >= 0)
		close(ffd);
	if (lfd >= 0)
		close(lfd); /* autoclear: the mount holds the device now */
	return e;
}
