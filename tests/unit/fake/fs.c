/*
 * fs.c (fake) - src/sys/fs.c for the phase seam.  The atomic writes and
 * the reads are real (tests point them at a mkdtemp() folder), so what a
 * phase wrote can be read back; the knobs in fake.h make a write, a read
 * or the rename fail part-way, and the overlay mount is only recorded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake.h"
#include "file.h"
#include "fs.h"

long fake_fs_write_fail_after;
int fake_fs_write_err;
long fake_fs_read_fail_after;
int fake_fs_read_err;
int fake_fs_commit_err;
int fake_fs_mount_err;
unsigned fake_fs_mounts;
char fake_fs_mount_target[FS_PATH_MAX];
char fake_fs_mount_opts[FS_PATH_MAX];
unsigned fake_fs_reads;
size_t fake_fs_read_max;
unsigned long long fake_fs_read_bytes;
static unsigned long long written;

void fake_fs_reset(void)
{
	fake_fs_write_fail_after = -1;
	fake_fs_write_err = ENOSPC;
	fake_fs_read_fail_after = -1;
	fake_fs_read_err = EIO;
	fake_fs_commit_err = 0;
	fake_fs_mount_err = 0;
	fake_fs_mounts = 0;
	fake_fs_mount_target[0] = fake_fs_mount_opts[0] = '\0';
	fake_fs_reads = 0;
	fake_fs_read_max = 0;
	fake_fs_read_bytes = 0;
	written = 0;
}

int fs_atomic_open(struct fs_atomic *a, const char *path, int mkparents)
{
	const char *slash = strrchr(path, '/');
	int e;

	a->fd = -1;
	if (!slash || strlen(path) >= sizeof(a->path))
		return -EINVAL;
	snprintf(a->path, sizeof(a->path), "%s", path);
	if (mkparents && slash != path) {
		snprintf(a->tmp, sizeof(a->tmp), "%.*s", (int)(slash - path), path);
		e = file_mkdirs(a->tmp, 0755);
		if (e)
			return e;
	}
	snprintf(a->tmp, sizeof(a->tmp), "%s.netboot-fake", path);
	a->fd = open(a->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
	written = 0;
	return a->fd < 0 ? -errno : 0;
}

int fs_atomic_write(struct fs_atomic *a, const void *data, size_t len)
{
	if (fake_fs_write_fail_after >= 0 &&
	    written + len > (unsigned long long)fake_fs_write_fail_after)
		return -fake_fs_write_err;
	if (write(a->fd, data, len) != (ssize_t)len)
		return -EIO;
	written += len;
	return 0;
}

int fs_atomic_commit(struct fs_atomic *a, mode_t mode)
{
	int e = fake_fs_commit_err ? -fake_fs_commit_err : 0;

	if (!e && fchmod(a->fd, mode))
		e = -errno;
	close(a->fd);
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
	ssize_t n;

	fake_fs_reads++;
	if (len > fake_fs_read_max)
		fake_fs_read_max = len;
	if (fake_fs_read_fail_after >= 0 &&
	    fake_fs_read_bytes + len > (unsigned long long)fake_fs_read_fail_after)
		return -fake_fs_read_err;
	n = read(fd, buf, len);
	if (n < 0)
		return -errno;
	fake_fs_read_bytes += (unsigned long long)n;
	return (long)n;
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
	fake_fs_mounts++;
	snprintf(fake_fs_mount_target, sizeof(fake_fs_mount_target), "%s", target);
	snprintf(fake_fs_mount_opts, sizeof(fake_fs_mount_opts), "%s", opts);
	return fake_fs_mount_err ? -fake_fs_mount_err : 0;
}

int fs_atomic_rewind(struct fs_atomic *a)
{
	if (ftruncate(a->fd, 0) < 0 || lseek(a->fd, 0, SEEK_SET) < 0)
		return -errno;
	written = 0;
	return 0;
}

/* The fetch phase's RAM disk: recorded like the overlay, the folder made
 * (the test's mkdtemp() tree stands in for the tmpfs). */
int fs_mount_tmpfs(const char *target, const char *size)
{
	fake_fs_mounts++;
	snprintf(fake_fs_mount_target, sizeof(fake_fs_mount_target), "%s", target);
	snprintf(fake_fs_mount_opts, sizeof(fake_fs_mount_opts), "size=%s", size);
	if (fake_fs_mount_err)
		return -fake_fs_mount_err;
	return file_mkdirs(target, 0755);
}

int fs_free_bytes(const char *path, unsigned long long *bytes)
{
	(void)path;
	*bytes = ~0ull; /* unknown: the RAM figure decides */
	return 0;
}

int fs_remount_ro(const char *target)
{
	(void)target;
	return fake_fs_mount_err ? -fake_fs_mount_err : 0;
}
