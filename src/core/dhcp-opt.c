/*
 * dhcp-opt.c - DHCPv4 option areas: structure check, RFC 3396
 * linearisation, string and RFC 3397 domain-search decoding.
 *
 * All reads go through the bounded cursor.  The scan validates every field
 * once; dhcp_opt_get() walks the validated fields again per option asked
 * for (a handful of options over at most a few hundred bytes).  Which
 * options matter and what sizes they must have is left to dhcp-msg.c.
 */
#include <errno.h>
#include <string.h>

#include "dhcp-opt.h"
#include "text.h"

#define DNS_NAME_MAX  253 /* text form, without the trailing dot */
#define DNS_LABEL_MAX 63

/*
 * Walk one field: PAD is skipped, END stops, anything else is code, length,
 * value.  On success *body covers the bytes before END.  -EBADMSG when an
 * item runs past the field or no END is found.
 */
static int field_check(const uint8_t *buf, size_t len, struct cur *body)
{
	struct cur c;
	uint8_t code, n;

	cur_init(&c, buf, len);
	for (;;) {
		if (cur_u8(&c, &code))
			return -EBADMSG; /* no END */
		if (code == DHCP_OPT_PAD)
			continue;
		if (code == DHCP_OPT_END)
			break;
		if (cur_u8(&c, &n) || cur_skip(&c, n))
			return -EBADMSG;
	}
	cur_init(body, buf, len - c.rem - 1);
	return 0;
}

/* Append the instances of code found in one field to dst at *len. */
static int field_collect(const struct cur *field, uint8_t code, uint8_t *dst,
			 size_t dstsz, size_t *len, int *found)
{
	struct cur c = *field, v;
	uint8_t k, n;

	while (c.rem) {
		if (cur_u8(&c, &k))
			return -EBADMSG;
		if (k == DHCP_OPT_PAD)
			continue;
		if (cur_u8(&c, &n) || cur_sub(&c, n, &v))
			return -EBADMSG;
		if (k != code)
			continue;
		*found = 1;
		if (n > dstsz - *len)
			return -ENOBUFS;
		if (dst && n)
			memcpy(dst + *len, v.p, n);
		*len += n;
	}
	return 0;
}

int dhcp_opt_scan(struct dhcp_opts *o, const uint8_t *opts, size_t optlen,
		  const uint8_t file[128], const uint8_t sname[64])
{
	struct dhcp_opts r;
	uint8_t ov[2];
	size_t n;
	int rc;

	if (!o || (!opts && optlen) || !file || !sname)
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	if (field_check(opts, optlen, &r.field[0]))
		return -EBADMSG;
	r.n = 1;
	/* Option 52 counts only in the options field (RFC 2131 4.1). */
	rc = dhcp_opt_get(&r, DHCP_OPT_OVERLOAD, ov, sizeof(ov), &n);
	if (rc == -ENOBUFS)
		return -EBADMSG;
	if (rc == 0) {
		if (n != 1 || ov[0] < 1 || ov[0] > 3)
			return -EBADMSG;
		r.overload = ov[0];
	}
	if (r.overload & DHCP_OVERLOAD_FILE) {
		if (field_check(file, 128, &r.field[r.n]))
			return -EBADMSG;
		r.n++;
	}
	if (r.overload & DHCP_OVERLOAD_SNAME) {
		if (field_check(sname, 64, &r.field[r.n]))
			return -EBADMSG;
		r.n++;
	}
	*o = r;
	return 0;
}

int dhcp_opt_get(const struct dhcp_opts *o, uint8_t code, uint8_t *dst,
		 size_t dstsz, size_t *len)
{
	size_t total = 0;
	int found = 0, rc;
	unsigned i;

	if (!o || !len || code == DHCP_OPT_PAD || code == DHCP_OPT_END)
		return -EINVAL;
	/* Measure first, so dst is written only when everything fits. */
	for (i = 0; i < o->n && i < DHCP_OPT_FIELDS; i++) {
		rc = field_collect(&o->field[i], code, NULL, (size_t)-1,
				   &total, &found);
		if (rc)
			return rc;
	}
	if (!found)
		return -ENOENT;
	if (dst) {
		if (total > dstsz)
			return -ENOBUFS;
		total = 0;
		for (i = 0; i < o->n && i < DHCP_OPT_FIELDS; i++)
			(void)field_collect(&o->field[i], code, dst, dstsz, &total,
					    &found);
	}
	*len = total;
	return 0;
}

int dhcp_opt_string(const uint8_t *v, size_t n, char *dst, size_t dstsz)
{
	if ((!v && n) || !dst)
		return -EINVAL;
	while (n && v[n - 1] == 0)
		n--;
	if (text_has_ctl((const char *)v, n))
		return -EBADMSG;
	if (n >= dstsz)
		return -ENOBUFS;
	if (n)
		memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

static int label_char_ok(uint8_t ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
}

/*
 * Decode the name starting at offset pos of v[0..n) into out (at least
 * DNS_NAME_MAX + 1 bytes).  *next is set to the offset after the name in
 * the uncompressed stream.  Loop freedom: lim is the start of the run being
 * read; a pointer must target an offset below lim, and lim then drops to
 * that target, so lim strictly decreases with every jump.
 */
static int dns_name(const uint8_t *v, size_t n, size_t pos, size_t *next,
		    char *out, size_t *outlen)
{
	struct cur c;
	size_t lim = pos, olen = 0;
	int jumped = 0;
	uint8_t l, lo, lab[DNS_LABEL_MAX];
	unsigned i;

	cur_init(&c, v + pos, n - pos);
	for (;;) {
		if (cur_u8(&c, &l))
			return -EBADMSG;
		if ((l & 0xc0) == 0xc0) {
			size_t t;

			if (cur_u8(&c, &lo))
				return -EBADMSG;
			t = (size_t)(l & 0x3f) << 8 | lo;
			if (t >= lim)
				return -EBADMSG; /* forward or looping */
			if (!jumped)
				*next = n - c.rem;
			jumped = 1;
			lim = t;
			cur_init(&c, v + t, n - t);
			continue;
		}
		if (l & 0xc0)
			return -EBADMSG; /* 0x40 / 0x80: extended label types */
		if (l == 0)
			break;
		if (cur_bytes(&c, lab, l))
			return -EBADMSG;
		if (olen + (olen ? 1 : 0) + l > DNS_NAME_MAX)
			return -EBADMSG;
		if (olen)
			out[olen++] = '.';
		for (i = 0; i < l; i++) {
			if (!label_char_ok(lab[i]))
				return -EBADMSG;
			out[olen++] = (char)lab[i];
		}
	}
	if (!jumped)
		*next = n - c.rem;
	out[olen] = '\0';
	*outlen = olen;
	return 0;
}

int dhcp_opt_dns_search(const uint8_t *v, size_t n, char *dst, size_t dstsz)
{
	char name[DNS_NAME_MAX + 1];
	size_t pos = 0, next = 0, nlen, used = 0;
	int rc;

	if ((!v && n) || !dst || !dstsz)
		return -EINVAL;
	while (pos < n) {
		rc = dns_name(v, n, pos, &next, name, &nlen);
		if (rc)
			return rc;
		pos = next;
		if (!nlen)
			continue;
		used += (used ? 1 : 0) + nlen;
		if (used >= dstsz)
			return -ENOBUFS;
	}
	/* Second pass writes: dst stays untouched on every error above. */
	pos = 0;
	used = 0;
	while (pos < n) {
		if (dns_name(v, n, pos, &next, name, &nlen))
			return -EBADMSG; /* cannot happen: checked above */
		pos = next;
		if (!nlen)
			continue;
		if (used)
			dst[used++] = ' ';
		memcpy(dst + used, name, nlen);
		used += nlen;
	}
	dst[used] = '\0';
	return 0;
}
