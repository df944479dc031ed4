/*
 * link.c - interface edges (see link.h).  No policy: which interface to use
 * is decided in core/ifpick.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>

#include "cmdline.h"
#include "file.h"
#include "link.h"
#include "text.h"

#ifndef IFF_LOOPBACK
#define IFF_LOOPBACK 0x8
#endif

static int read_attr(const char *name, const char *attr, char *buf, size_t sz)
{
	char path[128];
	size_t len;
	int e;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", name, attr);
	e = file_read_all(path, buf, sz, &len);
	if (e)
		return e;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	return 0;
}

static bool exists(const char *name, const char *attr)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", name, attr);
	return lstat(path, &st) == 0;
}

static int ctl_sock(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	return fd < 0 ? -errno : fd;
}

static int ifreq_for(struct ifreq *ifr, const char *name)
{
	if (strlen(name) >= sizeof(ifr->ifr_name))
		return -EINVAL;
	memset(ifr, 0, sizeof(*ifr));
	memcpy(ifr->ifr_name, name, strlen(name) + 1);
	return 0;
}

/* One interface ioctl on a prepared ifreq, with a socket of its own. */
static int if_ioctl(unsigned long req, struct ifreq *ifr)
{
	int fd = ctl_sock(), e = 0;

	if (fd < 0)
		return fd;
	if (ioctl(fd, req, ifr))
		e = -errno;
	close(fd);
	return e;
}

static int get_flags(const char *name, short *flags)
{
	struct ifreq ifr;
	int e = ifreq_for(&ifr, name);

	if (!e)
		e = if_ioctl(SIOCGIFFLAGS, &ifr);
	if (!e)
		*flags = ifr.ifr_flags;
	return e;
}

int link_list(struct link_info *out, size_t max, const uint8_t *keep_mac,
	      size_t *n, bool *more)
{
	DIR *d = opendir("/sys/class/net");
	struct dirent *de;
	size_t cnt = 0, i, j;
	bool kept = false, over = false;

	if (!d)
		return -errno;
	if (!max) {
		closedir(d);
		return -EINVAL;
	}
	/* every entry is read: past max, only keep_mac's takes a place */
	while ((de = readdir(d))) {
		struct link_info li;
		char buf[64];
		uint32_t num;
		short flags = 0;

		if (de->d_name[0] == '.' || strlen(de->d_name) >= LINK_NAME_MAX)
			continue;
		memset(&li, 0, sizeof(li));
		memcpy(li.name, de->d_name, strlen(de->d_name) + 1);
		if (read_attr(li.name, "ifindex", buf, sizeof(buf)))
			continue; /* not an interface (bonding_masters...) */
		if (text_parse_uint(buf, strlen(buf), INT32_MAX, &num))
			continue; /* the kernel writes a decimal here */
		li.ifindex = (int)num;
		if (!read_attr(li.name, "type", buf, sizeof(buf)) &&
		    !text_parse_uint(buf, strlen(buf), 0xffff, &num))
			li.type = num;
		if (read_attr(li.name, "address", buf, sizeof(buf)) ||
		    cmdline_parse_mac(buf, li.mac))
			memset(li.mac, 0, sizeof(li.mac));
		if (cnt == max) {
			over = true;
			if (!keep_mac || kept || memcmp(li.mac, keep_mac, 6))
				continue;
		}
		li.wireless = exists(li.name, "wireless") || exists(li.name, "phy80211");
		if (!get_flags(li.name, &flags)) {
			li.up = flags & IFF_UP;
			li.loopback = flags & IFF_LOOPBACK;
		}
		if (keep_mac && !memcmp(li.mac, keep_mac, 6))
			kept = true;
		if (cnt < max)
			out[cnt++] = li;
		else
			out[max - 1] = li; /* the kept one in place of the last */
	}
	closedir(d);
	/* sort by ifindex: the order the kernel registered them */
	for (i = 1; i < cnt; i++) {
		struct link_info t = out[i];

		for (j = i; j > 0 && out[j - 1].ifindex > t.ifindex; j--)
			out[j] = out[j - 1];
		out[j] = t;
	}
	*n = cnt;
	if (more)
		*more = over;
	return 0;
}

int link_carrier(const char *name)
{
	char buf[16];
	int e = read_attr(name, "carrier", buf, sizeof(buf));

	if (e == -EINVAL)
		return 0; /* the kernel answers EINVAL while the link is down */
	if (e)
		return e;
	return buf[0] == '1';
}

int link_set_up(const char *name, bool up)
{
	struct ifreq ifr;
	short want;
	int e = ifreq_for(&ifr, name);

	if (!e)
		e = if_ioctl(SIOCGIFFLAGS, &ifr);
	if (e)
		return e;
	want = up ? (short)(ifr.ifr_flags | IFF_UP) : (short)(ifr.ifr_flags & ~IFF_UP);
	if (want == ifr.ifr_flags)
		return 0;
	ifr.ifr_flags = want;
	return if_ioctl(SIOCSIFFLAGS, &ifr);
}

static void set_sin(struct sockaddr *sa, uint32_t addr)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	memcpy(sa, &sin, sizeof(sin));
}

static int addr_ioctl(int fd, const char *name, unsigned long req, uint32_t a)
{
	struct ifreq ifr;

	if (ifreq_for(&ifr, name))
		return -EINVAL;
	set_sin(&ifr.ifr_addr, a);
	return ioctl(fd, req, &ifr) ? -errno : 0;
}

int link_set_addr(const char *name, uint32_t addr, uint32_t mask, uint32_t bcast)
{
	int fd = ctl_sock(), e;

	if (fd < 0)
		return fd;
	if (!bcast)
		bcast = (addr & mask) | ~mask;
	e = addr_ioctl(fd, name, SIOCSIFADDR, addr);
	if (!e)
		e = addr_ioctl(fd, name, SIOCSIFNETMASK, mask);
	if (!e)
		e = addr_ioctl(fd, name, SIOCSIFBRDADDR, bcast);
	close(fd);
	return e;
}

int link_flush_addr(const char *name)
{
	int fd = ctl_sock(), e;

	if (fd < 0)
		return fd;
	e = addr_ioctl(fd, name, SIOCSIFADDR, 0);
	close(fd);
	return e == -EADDRNOTAVAIL ? 0 : e;
}

int link_set_mtu(const char *name, unsigned mtu)
{
	struct ifreq ifr;
	int e = ifreq_for(&ifr, name);

	if (e)
		return e;
	ifr.ifr_mtu = (int)mtu;
	return if_ioctl(SIOCSIFMTU, &ifr);
}

int link_add_default_route(const char *name, uint32_t gw)
{
	struct rtentry rt;
	char dev[LINK_NAME_MAX];
	int fd = ctl_sock(), e = 0;

	if (fd < 0)
		return fd;
	memset(&rt, 0, sizeof(rt));
	set_sin(&rt.rt_dst, 0);
	set_sin(&rt.rt_genmask, 0);
	set_sin(&rt.rt_gateway, gw);
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	snprintf(dev, sizeof(dev), "%s", name);
	rt.rt_dev = dev;
	if (ioctl(fd, SIOCADDRT, &rt) && errno != EEXIST)
		e = -errno;
	close(fd);
	return e;
}
