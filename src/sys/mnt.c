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
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "file.h"
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
 * A server that accepts the connection and never answers keeps mount(2),
 * or any later read on the hard mount, in a killable sleep that no
 * ordinary signal ends.  So the work runs in a child; the parent reads
 * its answer from a pipe for at most timeout_ms, then SIGKILLs it.
 */
int mnt_call_timed(int (*fn)(void *arg, void *out, size_t outsz), void *arg,
		   void *out, size_t outsz, unsigned timeout_ms)
{
	static char ans[sizeof(int) + 65536];
	unsigned waited = 0;
	size_t got = 0, want = sizeof(int) + outsz;
	int p[2], status, rc = 0, e = 0;
	pid_t pid;

	if (outsz > sizeof(ans) - sizeof(int))
		return -EINVAL;
	if (pipe(p))
		return -errno;
	pid = fork();
	if (pid < 0) {
		e = -errno;
		close(p[0]);
		close(p[1]);
		return e;
	}
	if (pid == 0) {
		const char *w = ans;
		size_t left = want;

		close(p[0]);
		memset(ans, 0, sizeof(ans));
		rc = fn(arg, ans + sizeof(int), outsz);
		memcpy(ans, &rc, sizeof(int));
		while (left) {
			ssize_t n = write(p[1], w, left);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				_exit(1);
			w += n;
			left -= (size_t)n;
		}
		_exit(0);
	}
	close(p[1]);
	while (got < want) {
		struct pollfd pfd = { p[0], POLLIN, 0 };
		unsigned step = timeout_ms - waited < 100 ? timeout_ms - waited : 100;
		ssize_t n;
		int r;

		if (waited >= timeout_ms) {
			e = -ETIMEDOUT;
			break;
		}
		/* in steps, so the time counted does not depend on a clock */
		r = poll(&pfd, 1, (int)step);
		if (r < 0 && errno != EINTR) {
			e = -errno;
			break;
		}
		if (r <= 0) {
			waited += r == 0 ? step : 0;
			continue;
		}
		n = read(p[0], ans + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = -ECHILD; /* died (killed, crashed) before its answer */
			break;
		}
		got += (size_t)n;
	}
	close(p[0]);
	if (e)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (e)
		return e;
	memcpy(&rc, ans, sizeof(int));
	memcpy(out, ans + sizeof(int), outsz);
	return rc;
}

struct nfs_args {
	const char *dev, *dir, *opts;
	unsigned long flags;
};

static int nfs_child(void *arg, void *out, size_t outsz)
{
	const struct nfs_args *a = arg;

	(void)out;
	(void)outsz;
	return mnt_nfs(a->dev, a->dir, a->flags, a->opts);
}

int mnt_nfs_timed(const char *dev, const char *dir, unsigned long flags,
		  const char *opts, unsigned timeout_ms)
{
	struct nfs_args a = { dev, dir, opts, flags };
	char none;

	return mnt_call_timed(nfs_child, &a, &none, 0, timeout_ms);
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
	unsigned long long st_size = 0;
	size_t got = 0;
	int fd, e;

	/* A link is followed (casper's loop mount follows it too), but only a
	 * regular file is opened: see file_open_regular(). */
	fd = file_open_regular(path, 0, &st_size);
	if (fd < 0)
		return fd;
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
	*file_size = st_size;
	return 0;
}

uint32_t mnt_page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);

	return p > 0 ? (uint32_t)p : 0;
}

int mnt_kernel_release(char *dst, size_t dstsz)
{
	struct utsname u;
	size_t n;

	if (uname(&u))
		return -errno;
	n = strlen(u.release);
	if (n >= dstsz)
		return -ENOBUFS;
	memcpy(dst, u.release, n + 1);
	return 0;
}
