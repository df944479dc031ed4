/*
 * dns.c - an A-record query and the reader of its reply (RFC 1035).
 *
 * The reply comes from the network and is read as hostile: every length
 * is checked against the bytes left, names are decoded through their
 * compression pointers with a hop bound and only backwards (a pointer
 * that does not go back cannot loop), and a label whose bytes could be
 * misread when dotted (a '.', a blank, a control byte, anything past
 * 0x7e) makes the whole name one that matches nothing.  A reply to
 * another query or from a confused server is told apart from the answer:
 * the caller keeps waiting on the former.  Pure.
 */
#include <errno.h>
#include <string.h>

#include "cur.h"
#include "dns.h"
#include "text.h"

#define TYPE_A     1
#define TYPE_CNAME 5
#define CLASS_IN   1
#define HOPS_MAX   32   /* compression pointers in one name */
#define CNAMES_MAX 8

#define WHY(w, text, rc) ((w) ? (*(w) = (text), (rc)) : (rc))

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool dns_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0, label = 0;
	uint32_t addr;

	if (n && name[n - 1] == '.')
		n--;
	if (n == 0 || n > DNS_NAME_MAX || !text_parse_ipv4(name, n, &addr))
		return false;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || name[i] == '.') {
			if (label == 0 || label > 63 || name[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!label_char(name[i]) || (label == 0 && name[i] == '-'))
			return false;
		label++;
	}
	return true;
}

/* name, lower case, without a trailing dot, into dst[DNS_NAME_MAX + 1]. */
static void canon(const char *name, char *dst)
{
	size_t n = strlen(name);

	if (n && name[n - 1] == '.')
		n--;
	for (size_t i = 0; i < n; i++)
		dst[i] = lower(name[i]);
	dst[n] = '\0';
}

int dns_query_build(uint8_t *buf, size_t cap, uint16_t id, const char *name)
{
	char c[DNS_NAME_MAX + 1];
	size_t pos = 12, start = 0, n;

	if (!dns_name_ok(name))
		return -EINVAL;
	canon(name, c);
	n = strlen(c);
	if (!buf || cap < 12 + n + 2 + 4)
		return -ENOBUFS;
	memset(buf, 0, 12);
	buf[0] = (uint8_t)(id >> 8);
	buf[1] = (uint8_t)id;
	buf[2] = 0x01; /* RD */
	buf[5] = 1;    /* QDCOUNT */
	for (size_t i = 0; i <= n; i++) {
		if (i < n && c[i] != '.')
			continue;
		buf[pos++] = (uint8_t)(i - start);
		memcpy(buf + pos, c + start, i - start);
		pos += i - start;
		start = i + 1;
	}
	buf[pos++] = 0;
	buf[pos++] = 0;
	buf[pos++] = TYPE_A;
	buf[pos++] = 0;
	buf[pos++] = CLASS_IN;
	return (int)pos;
}

/*
 * Decode the name at off into dst[DNS_NAME_MAX + 1] (dotted, lower case,
 * "" for the root); *end is the offset just past it where it was written
 * (past its first pointer, if any).  A name that could not be a host name
 * is decoded as "?": it equals no query.
 */
static int read_name(const uint8_t *buf, size_t len, size_t off, char *dst, size_t *end,
		     const char **why)
{
	size_t pos = off, out = 0;
	unsigned hops = 0;
	bool odd = false, jumped = false;

	for (;;) {
		uint8_t l;

		if (pos >= len)
			return WHY(why, "a name runs past the end", -EBADMSG);
		l = buf[pos];
		if ((l & 0xc0) == 0xc0) {
			size_t to;

			if (pos + 1 >= len)
				return WHY(why, "a name runs past the end", -EBADMSG);
			to = (size_t)(l & 0x3f) << 8 | buf[pos + 1];
			if (!jumped)
				*end = pos + 2;
			jumped = true;
			if (to >= pos || ++hops > HOPS_MAX)
				return WHY(why, "a compression pointer goes forward or loops", -EBADMSG);
			pos = to;
			continue;
		}
		if (l & 0xc0)
			return WHY(why, "a label of an unknown kind", -EBADMSG);
		if (l == 0) {
			if (!jumped)
				*end = pos + 1;
			break;
		}
		if (pos + 1 + l > len)
			return WHY(why, "a name runs past the end", -EBADMSG);
		if (out + (out ? 1 : 0) + l > DNS_NAME_MAX) {
			odd = true; /* longer than any name asked for */
		} else {
			if (out)
				dst[out++] = '.';
			for (size_t i = 0; i < l; i++) {
				char ch = (char)buf[pos + 1 + i];

				if (!label_char(ch))
					odd = true;
				dst[out++] = lower(ch);
			}
		}
		pos += 1 + (size_t)l;
	}
	if (odd)
		out = 0, dst[out++] = '?';
	dst[out] = '\0';
	return 0;
}

int dns_reply_parse(const uint8_t *buf, size_t len, uint16_t id, const char *name,
		    struct dns_answer *out, const char **why)
{
	char want[DNS_NAME_MAX + 1], got[DNS_NAME_MAX + 1];
	char chain[CNAMES_MAX + 1][DNS_NAME_MAX + 1];
	unsigned nchain = 1;
	struct dns_answer a;
	uint16_t qd, an, type, class;
	size_t pos;
	int rc;

	if (why)
		*why = NULL;
	if (!buf || !out || !dns_name_ok(name))
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	canon(name, want);
	if (len < 12)
		return WHY(why, "shorter than a DNS header", -ENOMSG);
	if ((uint16_t)(buf[0] << 8 | buf[1]) != id)
		return WHY(why, "an answer to another query (id)", -ENOMSG);
	if (!(buf[2] & 0x80) || (buf[2] & 0x78))
		return WHY(why, "not a standard query response", -ENOMSG);
	qd = (uint16_t)(buf[4] << 8 | buf[5]);
	an = (uint16_t)(buf[6] << 8 | buf[7]);
	if (qd != 1)
		return WHY(why, "not one question", -ENOMSG);
	rc = read_name(buf, len, 12, got, &pos, why);
	if (rc)
		return rc == -EBADMSG ? -ENOMSG : rc; /* not our question either */
	if (pos + 4 > len)
		return WHY(why, "the question runs past the end", -ENOMSG);
	type = (uint16_t)(buf[pos] << 8 | buf[pos + 1]);
	class = (uint16_t)(buf[pos + 2] << 8 | buf[pos + 3]);
	pos += 4;
	if (strcmp(got, want) || type != TYPE_A || class != CLASS_IN)
		return WHY(why, "an answer to another question", -ENOMSG);
	if (buf[2] & 0x02)
		return WHY(why, "truncated (more than 512 bytes)", -EMSGSIZE);
	switch (buf[3] & 0x0f) {
	case 0:
		break;
	case 3:
		return WHY(why, "no such name (NXDOMAIN)", -ENOENT);
	case 2:
		return WHY(why, "the server failed (SERVFAIL)", -EAGAIN);
	case 5:
		return WHY(why, "the server refused the query", -EAGAIN);
	default:
		return WHY(why, "the server answered with an error", -EAGAIN);
	}
	memcpy(chain[0], want, sizeof(want));
	a.ttl = UINT32_MAX;
	for (unsigned i = 0; i < an; i++) {
		struct cur c;
		uint16_t rdlen;
		uint32_t ttl;
		bool ours = false;

		rc = read_name(buf, len, pos, got, &pos, why);
		if (rc)
			return rc;
		cur_init(&c, buf + pos, len - pos);
		if (cur_be16(&c, &type) || cur_be16(&c, &class) || cur_be32(&c, &ttl) ||
		    cur_be16(&c, &rdlen) || rdlen > c.rem)
			return WHY(why, "a record runs past the end", -EBADMSG);
		pos += 10;
		for (unsigned k = 0; k < nchain; k++)
			if (!strcmp(got, chain[k]))
				ours = true;
		if (ours && class == CLASS_IN && type == TYPE_A) {
			if (rdlen != 4)
				return WHY(why, "an A record that is not 4 bytes", -EBADMSG);
			if (a.n < DNS_ADDRS_MAX)
				a.addr[a.n++] = (uint32_t)buf[pos] << 24 | (uint32_t)buf[pos + 1] << 16 |
						(uint32_t)buf[pos + 2] << 8 | buf[pos + 3];
			if (ttl < a.ttl)
				a.ttl = ttl;
		} else if (ours && class == CLASS_IN && type == TYPE_CNAME &&
			   !strcmp(got, chain[nchain - 1])) {
			size_t rend;

			if (nchain > CNAMES_MAX)
				return WHY(why, "too many CNAME hops", -EBADMSG);
			rc = read_name(buf, len, pos, chain[nchain], &rend, why);
			if (rc)
				return rc;
			if (rend != pos + rdlen)
				return WHY(why, "a CNAME's length is wrong", -EBADMSG);
			if (strcmp(chain[nchain], "?")) { /* an odd target is not followed */
				nchain++;
				a.cnames++;
			}
			if (ttl < a.ttl)
				a.ttl = ttl;
		}
		pos += rdlen;
	}
	if (a.n == 0)
		return WHY(why, "the name has no IPv4 address (no A record)", -ENOENT);
	*out = a;
	return 0;
}
