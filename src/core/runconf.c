/*
 * runconf.c - the lease files netboot and netboot-diag read back, into a
 * struct lease (see runconf.h).  Pure, bounded: values come through the
 * core's kvfile_get() into fixed buffers and are dropped when they do not
 * fit or hold a control byte.  Leaves finding and reading the files to the
 * callers (phase/mount.c, diag/check.c).
 */
#include <errno.h>
#include <string.h>

#include "kvfile.h"
#include "runconf.h"
#include "text.h"

#define RUNCONF_VAL_MAX 256

/* key's value into dst, when present, well-quoted, fitting and without a
 * control byte.  true when taken. */
static bool get(const char *buf, size_t len, const char *key, char *dst,
		size_t dstsz)
{
	char v[RUNCONF_VAL_MAX];

	if (kvfile_get(buf, len, key, v, sizeof(v)) != 0 ||
	    text_has_ctl(v, strlen(v)) || strlen(v) >= dstsz)
		return false;
	memcpy(dst, v, strlen(v) + 1);
	return true;
}

static void get_addr(const char *buf, size_t len, const char *key, uint32_t *dst)
{
	char v[TEXT_IPV4_SIZE];
	uint32_t a;

	if (get(buf, len, key, v, sizeof(v)) && text_parse_ipv4(v, strlen(v), &a) == 0)
		*dst = a;
}

/* The common end: DEVICE, and the verdict found / -ENOENT. */
static int finish(const char *buf, size_t len, struct lease *l,
		  struct lease *out, char dev[CMDLINE_IFNAME_MAX])
{
	char d[CMDLINE_IFNAME_MAX] = "";

	if (!get(buf, len, "DEVICE", d, sizeof(d)))
		d[0] = '\0';
	if (!d[0] && !l->yiaddr)
		return -ENOENT;
	*out = *l;
	memcpy(dev, d, sizeof(d));
	return 0;
}

int runconf_parse_state(const char *buf, size_t len, struct lease *out,
			char dev[CMDLINE_IFNAME_MAX])
{
	struct lease l;
	char proto[8];

	memset(&l, 0, sizeof(l));
	get_addr(buf, len, "ADDRESS", &l.yiaddr);
	get_addr(buf, len, "SIADDR", &l.siaddr);
	get_addr(buf, len, "SERVERID", &l.server_id);
	get(buf, len, "ROOTPATH", l.root_path, sizeof(l.root_path));
	l.is_static = get(buf, len, "PROTO", proto, sizeof(proto)) &&
		      !strcmp(proto, "none");
	for (unsigned i = 0; i < LEASE_DNS_MAX; i++) {
		char key[5] = { 'D', 'N', 'S', (char)('0' + i), 0 };

		get_addr(buf, len, key, &l.dns[l.n_dns]);
		if (l.dns[l.n_dns])
			l.n_dns++;
	}
	return finish(buf, len, &l, out, dev);
}

int runconf_parse(const char *buf, size_t len, struct lease *out,
		  char dev[CMDLINE_IFNAME_MAX])
{
	struct lease l;

	memset(&l, 0, sizeof(l));
	get_addr(buf, len, "IPV4ADDR", &l.yiaddr);
	get_addr(buf, len, "IPV4NETMASK", &l.netmask);
	get_addr(buf, len, "IPV4GATEWAY", &l.router);
	get_addr(buf, len, "ROOTSERVER", &l.siaddr);
	get(buf, len, "ROOTPATH", l.root_path, sizeof(l.root_path));
	get_addr(buf, len, "IPV4DNS0", &l.dns[l.n_dns]);
	if (l.dns[l.n_dns])
		l.n_dns++;
	get_addr(buf, len, "IPV4DNS1", &l.dns[l.n_dns]);
	if (l.dns[l.n_dns])
		l.n_dns++;
	return finish(buf, len, &l, out, dev);
}
