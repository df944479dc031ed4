/*
 * dnslog.c - dnsmasq log lines to client events (see dnslog.h).
 */
#include <stdio.h>
#include <string.h>

#include "dnslog.h"
#include "text.h"

/* A bounded view of the rest of a line. */
struct span {
	const char *p;
	size_t n;
};

static int starts(struct span *s, const char *lit)
{
	size_t k = strlen(lit);

	if (s->n < k || memcmp(s->p, lit, k))
		return 0;
	s->p += k;
	s->n -= k;
	return 1;
}

/* The next run of bytes up to sep (not included), 1..max long. */
static int word(struct span *s, char sep, struct span *w, size_t max)
{
	size_t k = 0;

	while (k < s->n && s->p[k] != sep)
		k++;
	if (k == 0 || k > max)
		return 0;
	w->p = s->p;
	w->n = k;
	s->p += k;
	s->n -= k;
	return 1;
}

static int dec32(struct span w, uint32_t *v)
{
	uint64_t x = 0;

	if (w.n == 0 || w.n > 10)
		return 0;
	for (size_t i = 0; i < w.n; i++) {
		if (w.p[i] < '0' || w.p[i] > '9')
			return 0;
		x = x * 10 + (uint64_t)(w.p[i] - '0');
	}
	if (x > UINT32_MAX)
		return 0;
	*v = (uint32_t)x;
	return 1;
}

static int hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int mac_of(struct span w, uint8_t mac[6])
{
	if (w.n != 17)
		return 0;
	for (int i = 0; i < 6; i++) {
		int hi = hexv(w.p[3 * i]), lo = hexv(w.p[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && w.p[3 * i + 2] != ':'))
			return 0;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return 1;
}

static int ifname_ok(struct span w)
{
	if (w.n == 0 || w.n > 15)
		return 0;
	for (size_t i = 0; i < w.n; i++) {
		char c = w.p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* A path dnsmasq logged: [A-Za-z0-9._/+-], relative to root when under it. */
static int file_of(struct span w, const char *root, char *dst)
{
	size_t rl = root ? strlen(root) : 0;

	for (size_t i = 0; i < w.n; i++) {
		char c = w.p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '/' || c == '+' || c == '-'))
			return 0;
	}
	if (rl && w.n > rl + 1 && !memcmp(w.p, root, rl) && w.p[rl] == '/') {
		w.p += rl + 1;
		w.n -= rl + 1;
	}
	if (w.n == 0 || w.n > DNSLOG_FILE_MAX)
		return 0;
	memcpy(dst, w.p, w.n);
	dst[w.n] = '\0';
	return 1;
}

/* Skip "Mon DD HH:MM:SS " (syslog's time) if it is there. */
static void skip_time(struct span *s)
{
	size_t k;

	if (s->n < 16 || s->p[3] != ' ' || s->p[6] != ' ' || s->p[9] != ':' || s->p[12] != ':' ||
	    s->p[15] != ' ')
		return;
	for (k = 0; k < 3; k++)
		if (!((s->p[k] >= 'A' && s->p[k] <= 'Z') || (s->p[k] >= 'a' && s->p[k] <= 'z')))
			return;
	s->p += 16;
	s->n -= 16;
}

/* "dnsmasq-dhcp[123]: " or "dnsmasq-tftp[123]: " -> 'd' / 't'. */
static char tag(struct span *s)
{
	struct span pid;
	char which;

	if (starts(s, "dnsmasq-dhcp["))
		which = 'd';
	else if (starts(s, "dnsmasq-tftp["))
		which = 't';
	else
		return 0;
	if (!word(s, ']', &pid, 10) || !starts(s, "]: "))
		return 0;
	for (size_t i = 0; i < pid.n; i++)
		if (pid.p[i] < '0' || pid.p[i] > '9')
			return 0;
	return which;
}

static enum dnslog_kind dhcp(struct span s, struct dnslog_event *ev)
{
	struct span w, ifn;

	if (!word(&s, ' ', &w, 10) || !dec32(w, &ev->xid) || !starts(&s, " "))
		return DNSLOG_NONE;
	if (starts(&s, "vendor class: ")) {
		uint32_t arch;

		if (starts(&s, "PXEClient:Arch:"))
			ev->http = 0;
		else if (starts(&s, "HTTPClient:Arch:"))
			ev->http = 1;
		else
			return DNSLOG_NONE;
		if (s.n < 5)
			return DNSLOG_NONE;
		w.p = s.p;
		w.n = 5;
		if (!dec32(w, &arch) || arch > 65535)
			return DNSLOG_NONE;
		ev->arch = (int)arch;
		return DNSLOG_VENDOR;
	}
	if (starts(&s, "user class: ")) {
		if (s.n == 4 && !memcmp(s.p, "iPXE", 4))
			return DNSLOG_IPXE;
		return DNSLOG_NONE;
	}
	if (starts(&s, "PXE(")) {
		if (!word(&s, ')', &ifn, 15) || !ifname_ok(ifn) || !starts(&s, ") ") ||
		    !word(&s, ' ', &w, 17) || !mac_of(w, ev->mac) || !starts(&s, " proxy") || s.n)
			return DNSLOG_NONE;
		return DNSLOG_PROXY;
	}
	if (starts(&s, "DHCPACK(")) {
		if (!word(&s, ')', &ifn, 15) || !ifname_ok(ifn) || !starts(&s, ") ") ||
		    !word(&s, ' ', &w, 15) || text_parse_ipv4(w.p, w.n, &ev->ip) ||
		    !starts(&s, " ") || s.n < 17)
			return DNSLOG_NONE;
		w.p = s.p;
		w.n = 17;
		if (!mac_of(w, ev->mac) || (s.n > 17 && s.p[17] != ' '))
			return DNSLOG_NONE;
		return DNSLOG_ACK;
	}
	return DNSLOG_NONE;
}

static enum dnslog_kind tftp(struct span s, const char *root, struct dnslog_event *ev)
{
	struct span w;
	enum dnslog_kind k;

	if (starts(&s, "sent "))
		k = DNSLOG_TFTP_SENT;
	else if (starts(&s, "file "))
		k = DNSLOG_TFTP_MISSING;
	else
		return DNSLOG_NONE;
	if (!word(&s, ' ', &w, 1000) || !file_of(w, root, ev->file))
		return DNSLOG_NONE;
	if (!starts(&s, k == DNSLOG_TFTP_SENT ? " to " : " not found for ") ||
	    text_parse_ipv4(s.p, s.n, &ev->ip))
		return DNSLOG_NONE;
	return k;
}

enum dnslog_kind dnslog_parse(const char *line, size_t len, const char *tftp_root,
			      struct dnslog_event *ev)
{
	struct span s = { line, len };
	enum dnslog_kind k = DNSLOG_NONE;
	char which;

	memset(ev, 0, sizeof(*ev));
	ev->arch = -1;
	if (line && len <= DNSLOG_LINE_MAX) {
		skip_time(&s);
		which = tag(&s);
		if (which == 'd')
			k = dhcp(s, ev);
		else if (which == 't')
			k = tftp(s, tftp_root, ev);
	}
	if (k == DNSLOG_NONE) {
		memset(ev, 0, sizeof(*ev));
		ev->arch = -1;
	}
	ev->kind = k;
	return k;
}

const char *dnslog_arch_name(int arch, int http, char *buf, size_t bufsz)
{
	const char *n;

	switch (arch) {
	case 0: n = "BIOS"; break;
	case 6: n = "UEFI ia32"; break;
	case 7: case 9: n = http ? "UEFI HTTP" : "UEFI"; break;
	case 16: n = "UEFI HTTP"; break;
	case 11: n = "UEFI arm64"; break;
	default:
		if (arch < 0)
			n = "PXE";
		else {
			snprintf(buf, bufsz, "arch %d", arch);
			return buf;
		}
	}
	snprintf(buf, bufsz, "%s", n);
	return buf;
}
