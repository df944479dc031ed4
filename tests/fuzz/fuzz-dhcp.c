/*
 * fuzz-dhcp.c - dhcp_msg_parse() and the option layer under it.
 *
 * Input: see fuzz-frame.h (a mode byte, then the frame).  Properties:
 *  - the result is 0, -EBADMSG or -ENOMSG, and *out is untouched on error;
 *  - an accepted reply is an OFFER/ACK/NAK whose strings are terminated
 *    inside their arrays and free of control bytes, n_dns <= 3, mtu 0 or
 *    >= 68, rapid_commit only on an ACK with option 80;
 *  - identity: the same frame with another xid or MAC is -ENOMSG;
 *  - parsing is deterministic, and skipping the UDP checksum changes
 *    nothing for a frame that passed it;
 *  - dhcp_opt_scan()/dhcp_opt_get() agree with a naive reference of RFC
 *    2131 4.1 fields, option 52 overload and RFC 3396 concatenation.
 */
#include <errno.h>
#include <string.h>

#include "dhcp-opt.h"
#include "fuzz-frame.h"

/* ---- reference option walker ----------------------------------------- */

/* Length of the part of a field before its END, or -1 if malformed. */
static long ref_body(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (p[i] == 0) {
			i++;
			continue;
		}
		if (p[i] == 255)
			return (long)i;
		if (i + 1 >= n)
			return -1;
		i += 2 + (size_t)p[i + 1];
	}
	return -1;
}

struct ref {
	const uint8_t *f[3];
	size_t n[3];
	unsigned nf;
	unsigned overload;
};

static void ref_collect(const struct ref *r, uint8_t code, uint8_t *out,
			size_t *len, int *found)
{
	unsigned k;
	size_t i;

	*len = 0;
	*found = 0;
	for (k = 0; k < r->nf; k++) {
		for (i = 0; i < r->n[k];) {
			if (r->f[k][i] == 0) {
				i++;
				continue;
			}
			if (r->f[k][i] == code) {
				*found = 1;
				memcpy(out + *len, r->f[k] + i + 2, r->f[k][i + 1]);
				*len += r->f[k][i + 1];
			}
			i += 2 + (size_t)r->f[k][i + 1];
		}
	}
}

/* 0 and *r filled, or -1 where dhcp_opt_scan() must refuse. */
static int ref_scan(const uint8_t *opts, size_t optlen, const uint8_t *file,
		    const uint8_t *sname, struct ref *r)
{
	uint8_t v[4096];
	size_t n;
	int found;
	long b;

	memset(r, 0, sizeof(*r));
	if ((b = ref_body(opts, optlen)) < 0)
		return -1;
	r->f[0] = opts;
	r->n[0] = (size_t)b;
	r->nf = 1;
	ref_collect(r, 52, v, &n, &found);
	if (found) {
		if (n != 1 || v[0] < 1 || v[0] > 3)
			return -1;
		r->overload = v[0];
	}
	if (r->overload & 1) {
		if ((b = ref_body(file, 128)) < 0)
			return -1;
		r->f[r->nf] = file;
		r->n[r->nf++] = (size_t)b;
	}
	if (r->overload & 2) {
		if ((b = ref_body(sname, 64)) < 0)
			return -1;
		r->f[r->nf] = sname;
		r->n[r->nf++] = (size_t)b;
	}
	return 0;
}

static void check_opt(const struct dhcp_opts *o, const struct ref *r,
		      uint8_t code)
{
	uint8_t want[4096], got[4096], small[4096];
	size_t wn, gn = 12345, sn = 777;
	int found, rc;

	if (code == 0 || code == 255)
		return;
	ref_collect(r, code, want, &wn, &found);
	rc = dhcp_opt_get(o, code, got, sizeof(got), &gn);
	if (!found) {
		FZ_ASSERT(rc == -ENOENT && gn == 12345);
		return;
	}
	FZ_ASSERT(rc == 0 && gn == wn && !memcmp(got, want, wn));
	rc = dhcp_opt_get(o, code, NULL, 0, &gn);
	FZ_ASSERT(rc == 0 && gn == wn);
	if (wn) {
		memset(small, 0xa5, sizeof(small));
		rc = dhcp_opt_get(o, code, small, wn - 1, &sn);
		FZ_ASSERT(rc == -ENOBUFS && sn == 777);
		FZ_ASSERT(small[0] == 0xa5 && small[wn - 1] == 0xa5);
	}
}

/* The option layer, on whatever follows the BOOTP header and cookie. */
static void check_options(const uint8_t *b, size_t len)
{
	static const uint8_t codes[] = { 1, 3, 6, 12, 15, 17, 51, 52, 53, 54,
					 56, 66, 67, 80, 119 };
	size_t ihl = (size_t)(b[0] & 15) * 4, at, i;
	const uint8_t *bootp;
	struct dhcp_opts o;
	struct ref r;
	int rc, want;

	if (ihl < 20 || len < ihl + 8 + 240)
		return;
	bootp = b + ihl + 8;
	at = ihl + 8 + 240;
	want = ref_scan(b + at, len - at, bootp + 108, bootp + 44, &r);
	rc = dhcp_opt_scan(&o, b + at, len - at, bootp + 108, bootp + 44);
	FZ_ASSERT(rc == 0 || rc == -EBADMSG);
	FZ_ASSERT((rc == 0) == (want == 0));
	if (rc)
		return;
	FZ_ASSERT(o.overload == r.overload && o.n == r.nf);
	for (i = 0; i < sizeof(codes); i++)
		check_opt(&o, &r, codes[i]);
	for (i = 0; i < r.nf; i++)
		if (r.n[i] > 0)
			check_opt(&o, &r, r.f[i][0]); /* first option seen */
}

/* ---- the codec --------------------------------------------------------- */

static int search_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		      *s == '.' || *s == ' '))
			return 0;
	return 1;
}

static void check_reply(const struct dhcp_reply *r)
{
	const struct lease *l = &r->lease;
	const unsigned known = DHCP_REPLY_RAPID_COMMIT | DHCP_REPLY_BAD_OPTION |
			       DHCP_REPLY_BAD_FIELD | DHCP_REPLY_OVERLOAD_FILE |
			       DHCP_REPLY_OVERLOAD_SNAME;

	FZ_ASSERT(r->type == DHCP_MSG_OFFER || r->type == DHCP_MSG_ACK ||
		  r->type == DHCP_MSG_NAK);
	FZ_ASSERT(!(r->flags & ~known));
	FZ_ASSERT(!!(r->flags & DHCP_REPLY_BAD_OPTION) == (r->bad_option != 0));
	FZ_ASSERT(FZ_STR_OK(r->message));
	FZ_ASSERT(FZ_STR_OK(l->hostname) && FZ_STR_OK(l->domain) &&
		  FZ_STR_OK(l->nisdomain) && FZ_STR_OK(l->root_path) &&
		  FZ_STR_OK(l->bootfile) && FZ_STR_OK(l->tftp_server) &&
		  FZ_STR_OK(l->domain_search));
	FZ_ASSERT(search_ok(l->domain_search));
	FZ_ASSERT(l->n_dns <= LEASE_DNS_MAX);
	FZ_ASSERT(l->mtu == 0 || l->mtu >= 68);
	FZ_ASSERT(l->rapid_commit == (r->type == DHCP_MSG_ACK &&
				      (r->flags & DHCP_REPLY_RAPID_COMMIT)));
	FZ_ASSERT(!l->is_static);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t b[FZ_FRAME_MAX];
	static struct dhcp_reply r1, r2, pat;
	uint8_t mac[6];
	unsigned flags;
	size_t len;
	int rc, rc2;

	len = fz_frame(data, size, b, &flags);
	check_options(b, len);

	memset(&pat, 0x5a, sizeof(pat));
	memcpy(&r1, &pat, sizeof(r1));
	memcpy(&r2, &pat, sizeof(r2));
	rc = dhcp_msg_parse(b, len, FZ_XID, fz_mac, flags, &r1);
	FZ_ASSERT(rc == 0 || rc == -EBADMSG || rc == -ENOMSG);
	if (rc) {
		FZ_ASSERT(!memcmp(&r1, &pat, sizeof(r1)));
		return 0;
	}
	check_reply(&r1);

	/* Deterministic, and the checksum switch only relaxes. */
	FZ_ASSERT(dhcp_msg_parse(b, len, FZ_XID, fz_mac,
				 flags | DHCP_PARSE_NO_UDP_CSUM, &r2) == 0);
	FZ_ASSERT(!memcmp(&r1, &r2, sizeof(r1)));

	/* Not ours: another transaction or another NIC. */
	memcpy(&r2, &pat, sizeof(r2));
	rc2 = dhcp_msg_parse(b, len, FZ_XID ^ (1u << (len % 32)), fz_mac, flags, &r2);
	FZ_ASSERT(rc2 == -ENOMSG && !memcmp(&r2, &pat, sizeof(r2)));
	memcpy(mac, fz_mac, 6);
	mac[len % 6] ^= (uint8_t)(1u << (len % 8));
	rc2 = dhcp_msg_parse(b, len, FZ_XID, mac, flags, &r2);
	FZ_ASSERT(rc2 == -ENOMSG && !memcmp(&r2, &pat, sizeof(r2)));
	return 0;
}
