/*
 * fuzz-netconf.c - the whole path from wire to sourced file: reply bytes ->
 * dhcp_msg_parse() -> netconf_render() / resolvconf_render().
 *
 * Input: see fuzz-frame.h.  Properties of /run/net-DEV.conf:
 *  - every line is KEY='...' in exactly shquote()'s form (a quote inside
 *    only as '\''), the file ends in a newline, no control byte anywhere
 *    but those newlines;
 *  - kvfile_get() reads each string key back as exactly the lease's value,
 *    or as "" with its NETCONF_DROP_* bit set (and the bit is never set for
 *    a value that came through) - no third outcome;
 *  - DEVICE and IPV4ADDR read back as given.
 * resolv.conf: only comment, nameserver and search lines, no control
 * bytes.  And shquote() itself round-trips the raw, unfiltered lease
 * strings through kvfile_get().
 */
#include <errno.h>
#include <string.h>

#include "fuzz-frame.h"
#include "kvfile.h"
#include "netconf.h"
#include "shquote.h"

static const char DEV[] = "enp0s25";

/* Is v[0..n) one single-quoted word as shquote() writes it? */
static int shquoted(const char *v, size_t n)
{
	size_t i;

	if (n < 2 || v[0] != '\'' || v[n - 1] != '\'')
		return 0;
	for (i = 1; i < n - 1; i++) {
		if (v[i] != '\'')
			continue;
		/* '\'' : close, escaped quote, reopen */
		if (i + 3 > n - 2 || v[i + 1] != '\\' || v[i + 2] != '\'' ||
		    v[i + 3] != '\'')
			return 0;
		i += 3;
	}
	return 1;
}

static void check_lines(const char *buf, size_t len)
{
	size_t pos = 0;

	FZ_ASSERT(len > 0 && buf[len - 1] == '\n' && strlen(buf) == len);
	while (pos < len) {
		const char *line = buf + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = (size_t)(nl - line), k = 0;

		FZ_ASSERT(nl && fz_no_ctl(line, n));
		while (k < n && ((line[k] >= 'A' && line[k] <= 'Z') ||
				 (line[k] >= 'a' && line[k] <= 'z') ||
				 (line[k] >= '0' && line[k] <= '9') || line[k] == '_'))
			k++;
		FZ_ASSERT(k > 0 && k < n && line[k] == '=');
		FZ_ASSERT(shquoted(line + k + 1, n - k - 1));
		pos += n + 1;
	}
}

static void check_key(const char *buf, size_t len, const char *key,
		      const char *val, unsigned bit, unsigned dropped)
{
	char got[1024];
	int rc = kvfile_get(buf, len, key, got, sizeof(got));

	FZ_ASSERT(rc == 0);
	if (!strcmp(got, val)) {
		FZ_ASSERT(!(dropped & bit) || !*val);
		return;
	}
	FZ_ASSERT(got[0] == '\0' && (dropped & bit));
}

static void check_raw(const char *s)
{
	char q[2048], line[2100], got[1024];
	int n = shquote(s, q, sizeof(q));

	FZ_ASSERT(n > 0);
	snprintf(line, sizeof(line), "K=%s\nK2='x'\n", q);
	FZ_ASSERT(kvfile_get(line, strlen(line), "K", got, sizeof(got)) == 0);
	FZ_ASSERT(!strcmp(got, s));
}

static void check_resolv(const struct lease *l)
{
	static char buf[NETCONF_SIZE_MAX];
	unsigned dropped = 0;
	int n = resolvconf_render(l, buf, sizeof(buf), &dropped);
	size_t pos = 0;

	FZ_ASSERT(n > 0 && (size_t)n == strlen(buf) && buf[n - 1] == '\n');
	FZ_ASSERT(!(dropped & ~(unsigned)(NETCONF_DROP_DNSDOMAIN |
					 NETCONF_DROP_DOMAINSEARCH)));
	while (pos < (size_t)n) {
		const char *line = buf + pos, *nl = memchr(line, '\n', (size_t)n - pos);
		size_t ln = (size_t)(nl - line);

		FZ_ASSERT(nl && fz_no_ctl(line, ln));
		FZ_ASSERT(line[0] == '#' || !strncmp(line, "nameserver ", 11) ||
			  !strncmp(line, "search ", 7));
		pos += ln + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t b[FZ_FRAME_MAX];
	static struct dhcp_reply r;
	static char conf[NETCONF_SIZE_MAX];
	const struct lease *l = &r.lease;
	unsigned flags, dropped = 0xdead;
	char ip[16];
	size_t len;
	int n;

	len = fz_frame(data, size, b, &flags);
	if (dhcp_msg_parse(b, len, FZ_XID, fz_mac, flags, &r))
		return 0;

	n = netconf_render(DEV, l, 4242, conf, sizeof(conf), &dropped);
	FZ_ASSERT(n > 0 && dropped != 0xdead);
	FZ_ASSERT(!(dropped & ~((1u << NETCONF_DROP_COUNT) - 1)));
	check_lines(conf, (size_t)n);
	check_key(conf, (size_t)n, "DEVICE", DEV, 0, dropped);
	snprintf(ip, sizeof(ip), "%u.%u.%u.%u", l->yiaddr >> 24,
		 (l->yiaddr >> 16) & 255, (l->yiaddr >> 8) & 255, l->yiaddr & 255);
	check_key(conf, (size_t)n, "IPV4ADDR", ip, 0, dropped);
	check_key(conf, (size_t)n, "HOSTNAME", l->hostname,
		  NETCONF_DROP_HOSTNAME, dropped);
	check_key(conf, (size_t)n, "DNSDOMAIN", l->domain,
		  NETCONF_DROP_DNSDOMAIN, dropped);
	check_key(conf, (size_t)n, "NISDOMAIN", l->nisdomain,
		  NETCONF_DROP_NISDOMAIN, dropped);
	check_key(conf, (size_t)n, "ROOTPATH", l->root_path,
		  NETCONF_DROP_ROOTPATH, dropped);
	check_key(conf, (size_t)n, "filename", l->bootfile,
		  NETCONF_DROP_FILENAME, dropped);
	check_key(conf, (size_t)n, "DOMAINSEARCH", l->domain_search,
		  NETCONF_DROP_DOMAINSEARCH, dropped);

	/* A dst one byte short is refused, not truncated. */
	FZ_ASSERT(netconf_render(DEV, l, 4242, conf, (size_t)n, NULL) == -ENOBUFS);

	check_resolv(l);
	check_raw(l->hostname);
	check_raw(l->root_path);
	check_raw(l->bootfile);
	check_raw(r.message);
	return 0;
}
