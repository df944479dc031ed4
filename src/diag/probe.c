/*
 * probe.c - system edge of netboot-diag: getifaddrs(), a non-blocking TCP
 * connect under poll(), bounded reads of /run, /proc and /boot files.
 * Leaves all judgement to check.c and explain.c.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "probe.h"
#include "squash.h"
#include "text.h"

int probe_ifaces(struct probe_if *out, size_t max, size_t *n)
{
	struct ifaddrs *ifa, *i;
	size_t k = 0;

	if (getifaddrs(&ifa) < 0)
		return -errno;
	for (i = ifa; i && k < max; i = i->ifa_next) {
		struct sockaddr_in sin, msk;
		char ip[TEXT_IPV4_SIZE];
		uint32_t m;
		unsigned bits = 0;

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
			continue;
		if ((i->ifa_flags & IFF_LOOPBACK) || !(i->ifa_flags & IFF_UP))
			continue;
		if (strlen(i->ifa_name) >= sizeof(out[k].name))
			continue;
		memcpy(&sin, i->ifa_addr, sizeof(sin));
		if (i->ifa_netmask) {
			memcpy(&msk, i->ifa_netmask, sizeof(msk));
			for (m = ntohl(msk.sin_addr.s_addr); m & 0x80000000u; m <<= 1)
				bits++;
		}
		memcpy(out[k].name, i->ifa_name, strlen(i->ifa_name) + 1);
		text_ipv4(ntohl(sin.sin_addr.s_addr), ip);
		memcpy(out[k].addr, ip, sizeof(ip));
		out[k].prefix = bits;
		k++;
	}
	freeifaddrs(ifa);
	*n = k;
	return 0;
}

int probe_tcp(const char *addr, unsigned port, unsigned timeout_ms)
{
	struct addrinfo hints, *ai = NULL;
	char ps[8];
	struct pollfd pfd;
	int fd, r, soerr = 0;
	socklen_t sl = sizeof(soerr);

	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(ps, sizeof(ps), "%u", port);
	if (getaddrinfo(addr, ps, &hints, &ai) != 0 || !ai)
		return -EINVAL;
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		r = -errno;
		freeaddrinfo(ai);
		return r;
	}
	r = connect(fd, ai->ai_addr, ai->ai_addrlen);
	freeaddrinfo(ai);
	if (r == 0)
		goto out;
	if (errno != EINPROGRESS) {
		r = -errno;
		goto out;
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	do
		r = poll(&pfd, 1, (int)timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r == 0) {
		r = -ETIMEDOUT;
		goto out;
	}
	if (r < 0) {
		r = -errno;
		goto out;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
		r = -errno;
	else
		r = -soerr;
out:
	close(fd);
	return r;
}

int probe_read(const char *path, char *buf, size_t bufsz, size_t *len)
{
	size_t have = 0;
	int fd, r = 0;
	char extra;

	if (bufsz == 0)
		return -ENOBUFS;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (have < bufsz - 1) {
		ssize_t n = read(fd, buf + have, bufsz - 1 - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	if (r == 0 && have == bufsz - 1 && read(fd, &extra, 1) > 0)
		r = -EFBIG;
	close(fd);
	if (r)
		return r;
	buf[have] = '\0';
	*len = have;
	return 0;
}

int probe_netconf(const char *dir, char *path, size_t pathsz,
		  char *buf, size_t bufsz, size_t *len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char best[256] = "";
	int n;

	if (!d)
		return -errno;
	while ((e = readdir(d)) != NULL) {
		if (fnmatch("net-*.conf", e->d_name, 0) != 0 ||
		    strlen(e->d_name) >= sizeof(best))
			continue;
		if (!best[0] || strcmp(e->d_name, best) < 0)
			memcpy(best, e->d_name, strlen(e->d_name) + 1);
	}
	closedir(d);
	if (!best[0])
		return -ENOENT;
	n = snprintf(path, pathsz, "%s/%s", dir, best);
	if (n < 0 || (size_t)n >= pathsz)
		return -ENAMETOOLONG;
	return probe_read(path, buf, bufsz, len);
}

int probe_kernel_config(char *release, size_t relsz, char **text, size_t *len)
{
	struct utsname u;
	char path[128 + sizeof(u.release)];
	size_t cap = SQUASH_CONFIG_MAX + 1; /* netboot's bound; configs are ~250 KiB */
	char *buf;
	int r;

	if (uname(&u) < 0)
		return -errno;
	snprintf(release, relsz, "%s", u.release);
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	r = probe_read(path, buf, cap, len);
	if (r) {
		free(buf);
		return r;
	}
	*text = buf;
	return 0;
}

int probe_log_last_error(const char *rundir, char *dst, size_t dstsz)
{
	char path[600];
	char *buf, *p, *last = NULL;
	size_t cap = 256u * 1024, len = 0;
	int r;

	if (snprintf(path, sizeof(path), "%s/netboot.log", rundir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	r = probe_read(path, buf, cap, &len);
	if (r == -EFBIG)
		r = 0, len = cap - 1; /* the start of a huge log is still useful */
	if (r) {
		free(buf);
		return r;
	}
	buf[len] = '\0';
	for (p = buf; p && *p;) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		if (strstr(p, "error"))
			last = p;
		p = nl ? nl + 1 : NULL;
	}
	r = -ENOENT;
	if (last && dstsz) {
		text_sanitize(last, dst, dstsz); /* the console gets no control byte */
		r = 0;
	}
	free(buf);
	return r;
}
