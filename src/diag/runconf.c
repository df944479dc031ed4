/*
 * runconf.c - parse /run/net-DEV.conf text back into a struct lease.
 * Pure, bounded: every value is unquoted into a fixed buffer and dropped
 * when it does not fit.  Leaves finding and reading the file to probe.c.
 */
#include <errno.h>
#include <string.h>

#include "runconf.h"

#define RUNCONF_VAL_MAX 256

/*
 * Unquote the value starting at v (up to end): 'a'\''b' -> a'b, and bare
 * words as they are.  0, or -EINVAL (unterminated quote, control byte) /
 * -ENOBUFS (longer than dstsz-1).
 */
static int unquote(const char *v, const char *end, char *dst, size_t dstsz)
{
	size_t n = 0;
	int inq = 0;

	for (; v < end; v++) {
		unsigned char ch = (unsigned char)*v;

		if (ch == '\'') {
			inq = !inq;
			continue;
		}
		if (!inq && ch == '\\' && v + 1 < end) {
			ch = (unsigned char)*++v;
		} else if (!inq && (ch == ' ' || ch == '\t' || ch == '#')) {
			break;
		}
		if (ch < 0x20 || ch == 0x7f)
			return -EINVAL;
		if (n + 1 >= dstsz)
			return -ENOBUFS;
		dst[n++] = (char)ch;
	}
	if (inq)
		return -EINVAL;
	dst[n] = '\0';
	return 0;
}

static void set_addr(const char *val, uint32_t *dst)
{
	uint32_t a;

	if (cmdline_parse_ipv4(val, &a) == 0)
		*dst = a;
}

int runconf_parse(const char *buf, size_t len, struct lease *out,
		  char dev[CMDLINE_IFNAME_MAX])
{
	struct lease l;
	char d[CMDLINE_IFNAME_MAX] = "";
	const char *p = buf, *end = buf + len;
	int found = 0;

	memset(&l, 0, sizeof(l));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *eq;
		char key[32], val[RUNCONF_VAL_MAX];
		size_t klen;

		eq = memchr(p, '=', (size_t)(le - p));
		klen = eq ? (size_t)(eq - p) : 0;
		if (eq && klen > 0 && klen < sizeof(key) &&
		    unquote(eq + 1, le, val, sizeof(val)) == 0) {
			memcpy(key, p, klen);
			key[klen] = '\0';
			if (!strcmp(key, "DEVICE") && val[0] &&
			    strlen(val) < sizeof(d)) {
				memcpy(d, val, strlen(val) + 1);
				found = 1;
			} else if (!strcmp(key, "IPV4ADDR")) {
				set_addr(val, &l.yiaddr);
				found |= l.yiaddr != 0;
			} else if (!strcmp(key, "IPV4NETMASK")) {
				set_addr(val, &l.netmask);
			} else if (!strcmp(key, "IPV4GATEWAY")) {
				set_addr(val, &l.router);
			} else if (!strcmp(key, "ROOTSERVER")) {
				set_addr(val, &l.siaddr);
			} else if (!strcmp(key, "ROOTPATH") &&
				   strlen(val) < sizeof(l.root_path)) {
				memcpy(l.root_path, val, strlen(val) + 1);
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (!found)
		return -ENOENT;
	*out = l;
	memcpy(dev, d, sizeof(d));
	return 0;
}
