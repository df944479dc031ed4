/*
 * blk.c - sysfs attribute writes and the loop direct-I/O ioctl (blk.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
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
