/*
 * mnt.c - the mount edge.  Thin wrappers over mount(2), umount2(2),
 * open/fstat/pread, written for both klibc (the product) and glibc (host
 * builds): only calls both provide.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mnt.h"

#ifndef O_CLOEXEC
#define O_CLOEXEC 02000000
#endif
#ifndef MNT_DETACH
#define MNT_DETACH 2
#endif

int mnt_nfs(const char *dev, const char *dir, unsigned long flags,
	      const char *opts)
{
	for (;;) {
		if (mount(dev, dir, "nfs", flags, opts) == 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

/*
 * A server that accepts the connection and never answers keeps mount(2) in
 * a killable sleep that no ordinary signal ends.  So the mount runs in a
 * child; the parent waits at most timeout_ms, then SIGKILLs it.  The child
 * reports mount(2)'s errno as its exit status.
 */
int mnt_nfs_timed(const char *dev, const char *dir, unsigned long flags,
		  const char *opts, unsigned timeout_ms)
{
	unsigned waited = 0, step = 10;
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int e = mnt_nfs(dev, dir, flags, opts);

		_exit(e < 0 ? (-e > 255 ? 255 : -e) : 0);
	}
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (waited >= timeout_ms) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return -ETIMEDOUT;
		}
		poll(NULL, 0, (int)step);
		waited += step;
		if (step < 100)
			step *= 2;
	}
	if (!WIFEXITED(status))
		return -EINTR;
	return WEXITSTATUS(status) ? -WEXITSTATUS(status) : 0;
}

int mnt_umount(const char *dir, int lazy)
{
	if (umount2(dir, lazy ? MNT_DETACH : 0))
		return -errno;
	return 0;
}

int mnt_read_head(const char *path, void *buf, size_t size, size_t *len,
		    uint64_t *file_size)
{
	struct stat st;
	size_t got = 0;
	int fd, e;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		e = -errno;
		close(fd);
		return e;
	}
	while (got < size) {
		ssize_t n = pread(fd, (char *)buf + got, size - got, (off_t)got);

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
	}
	close(fd);
	*len = got;
	*file_size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
	return 0;
}

uint32_t mnt_page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);

	return p > 0 ? (uint32_t)p : 0;
}
