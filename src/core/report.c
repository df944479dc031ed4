/*
 * report.c - boot report lines as RFC 5424 datagrams (see report.h).
 *
 * RFC 5424 section 6: HEADER SP STRUCTURED-DATA [SP MSG]; section 6.3.3:
 * inside PARAM-VALUE, '"', '\' and ']' are escaped with '\'.  The writer
 * produces exactly one SD element; the reader accepts exactly the format
 * the writer produces (parameters in any order, unknown well-formed ones
 * skipped), nothing else.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "text.h"

#define FACILITY_LOCAL0 16
#define PARAMS_MAX 8

const char *const report_kind_name[REPORT_KIND_MAX] = {
	[REPORT_LINE] = "line",
	[REPORT_VERDICT] = "verdict",
	[REPORT_DIAG] = "diag",
};

static bool phase_ok(const char *p)
{
	size_t n = strlen(p);

	if (n < 1 || n > 16)
		return false;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

static bool severity_ok(unsigned s)
{
	return s == REPORT_SEV_ERR || s == REPORT_SEV_WARNING || s == REPORT_SEV_INFO;
}

int report_format(const struct report_rec *r, char *dst, size_t dstsz)
{
	char host[TEXT_IPV4_SIZE], mac[TEXT_MAC_SIZE], text[REPORT_TEXT_MAX + 1], out[REPORT_DGRAM_MAX + 1];
	size_t n;
	int len;

	if (!r || !dst || r->kind >= REPORT_KIND_MAX || !severity_ok(r->severity) ||
	    !phase_ok(r->phase))
		return -EINVAL;
	if (r->kind == REPORT_VERDICT && r->verdict != REPORT_VERDICT_LIVE &&
	    r->verdict != REPORT_VERDICT_FAILED)
		return -EINVAL;
	n = strnlen(r->text, sizeof(r->text));
	if (n == sizeof(r->text))
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!text_printable((unsigned char)r->text[i]))
			return -EINVAL;
	memcpy(text, r->text, n + 1);
	if (r->ip)
		text_ipv4(r->ip, host);
	else
		strcpy(host, "-");
	text_mac(r->mac, mac);
	len = snprintf(out, sizeof(out),
		       "<%u>1 - %s %s - %s [" REPORT_SD_ID
		       " mac=\"%s\" phase=\"%s\" up=\"%u.%03u\" seq=\"%u\"%s%s%s]%s%s",
		       FACILITY_LOCAL0 * 8 + r->severity, host,
		       r->kind == REPORT_DIAG ? "netboot-diag" : "netboot",
		       report_kind_name[r->kind], mac, r->phase, r->up_ms / 1000, r->up_ms % 1000, r->seq,
		       r->kind == REPORT_VERDICT ? " verdict=\"" : "",
		       r->kind == REPORT_VERDICT ? (r->verdict == REPORT_VERDICT_LIVE ? "live" : "failed") : "",
		       r->kind == REPORT_VERDICT ? "\"" : "",
		       n ? " " : "", text);
	if (len < 0 || (size_t)len >= sizeof(out) || (size_t)len >= dstsz)
		return -ENOBUFS;
	memcpy(dst, out, (size_t)len + 1);
	return len;
}

/* ---- reader ------------------------------------------------------------ */

struct rd {
	const uint8_t *p;
	size_t rem;
};

static bool take(struct rd *c, const char *lit)
{
	size_t n = strlen(lit);

	if (c->rem < n || memcmp(c->p, lit, n))
		return false;
	c->p += n;
	c->rem -= n;
	return true;
}

/* A token up to the next SP (not included), 1..max bytes of 0x21..0x7e. */
static bool token(struct rd *c, char *dst, size_t max)
{
	size_t n = 0;

	while (n < c->rem && c->p[n] != ' ') {
		if (c->p[n] < 0x21 || c->p[n] > 0x7e || n >= max)
			return false;
		n++;
	}
	if (n == 0)
		return false;
	memcpy(dst, c->p, n);
	dst[n] = '\0';
	c->p += n;
	c->rem -= n;
	return true;
}

static bool uint_dec(const char *s, unsigned max_digits, uint32_t *v)
{
	uint64_t x = 0;
	unsigned n = 0;

	for (; *s; s++, n++) {
		if (*s < '0' || *s > '9' || n >= max_digits)
			return false;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	if (n == 0 || x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

static bool ipv4(const char *s, uint32_t *out)
{
	uint32_t v = 0, o;
	char part[4];

	for (int i = 0; i < 4; i++) {
		size_t n = 0;

		while (s[n] && s[n] != '.') {
			if (n >= 3)
				return false;
			part[n] = s[n];
			n++;
		}
		part[n] = '\0';
		if (!uint_dec(part, 3, &o) || o > 255 || (n > 1 && part[0] == '0'))
			return false;
		v = v << 8 | o;
		s += n;
		if (i < 3 && *s++ != '.')
			return false;
	}
	if (*s)
		return false;
	*out = v;
	return true;
}

static bool mac_of(const char *s, uint8_t mac[6])
{
	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 6; i++) {
		int hi = text_hexval(s[3 * i]), lo = text_hexval(s[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
			return false;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

/* up="S.mmm" */
static bool uptime(const char *s, uint32_t *ms)
{
	const char *dot = strchr(s, '.');
	char secs[8];
	uint32_t sec, frac;

	if (!dot || (size_t)(dot - s) < 1 || (size_t)(dot - s) > 7 || strlen(dot + 1) != 3)
		return false;
	memcpy(secs, s, (size_t)(dot - s));
	secs[dot - s] = '\0';
	if (!uint_dec(secs, 7, &sec) || !uint_dec(dot + 1, 3, &frac) || sec > 4000000)
		return false;
	*ms = sec * 1000 + frac;
	return true;
}

/* PARAM-NAME "=" DQUOTE PARAM-VALUE DQUOTE; the value unescaped. */
static bool param(struct rd *c, char *name, size_t namesz, char *val, size_t valsz)
{
	size_t n = 0, o = 0;

	while (n < c->rem && c->p[n] != '=') {
		uint8_t ch = c->p[n];

		if (ch < 0x21 || ch > 0x7e || ch == ' ' || ch == ']' || ch == '"' || n + 1 >= namesz)
			return false;
		name[n] = (char)ch;
		n++;
	}
	if (n == 0 || n >= c->rem)
		return false;
	name[n] = '\0';
	c->p += n + 1;
	c->rem -= n + 1;
	if (!take(c, "\""))
		return false;
	for (;;) {
		uint8_t ch;

		if (!c->rem)
			return false;
		ch = *c->p++;
		c->rem--;
		if (ch == '"')
			break;
		if (ch == '\\') {
			if (!c->rem || (c->p[0] != '"' && c->p[0] != '\\' && c->p[0] != ']'))
				return false;
			ch = *c->p++;
			c->rem--;
		}
		if (!text_printable(ch) || o + 1 >= valsz)
			return false;
		val[o++] = (char)ch;
	}
	val[o] = '\0';
	return true;
}

int report_parse(const uint8_t *buf, size_t len, struct report_rec *out)
{
	struct report_rec r;
	struct rd c = { buf, len };
	char tok[256], name[32], val[64];
	uint32_t pri;
	bool have_mac = false, have_phase = false, have_up = false, have_seq = false;
	unsigned nparams = 0;
	size_t n;

	if (!buf || !out || len > REPORT_DGRAM_MAX)
		return -EBADMSG;
	memset(&r, 0, sizeof(r));
	/* PRI VERSION */
	if (!take(&c, "<"))
		return -EBADMSG;
	for (n = 0; n < c.rem && n < 4 && c.p[n] != '>'; n++)
		tok[n] = (char)c.p[n];
	if (n == 0 || n > 3 || n >= c.rem)
		return -EBADMSG;
	tok[n] = '\0';
	c.p += n + 1;
	c.rem -= n + 1;
	if (!uint_dec(tok, 3, &pri) || pri / 8 != FACILITY_LOCAL0 || !severity_ok(pri % 8))
		return -EBADMSG;
	r.severity = (enum report_severity)(pri % 8);
	if (!take(&c, "1 - "))
		return -EBADMSG;
	/* HOSTNAME */
	if (!token(&c, tok, 15) || !take(&c, " "))
		return -EBADMSG;
	if (strcmp(tok, "-") && !ipv4(tok, &r.ip))
		return -EBADMSG;
	/* APP-NAME PROCID MSGID */
	if (!token(&c, tok, 48) || !take(&c, " - "))
		return -EBADMSG;
	if (strcmp(tok, "netboot") && strcmp(tok, "netboot-diag"))
		return -EBADMSG;
	if (!token(&c, tok, 32) || !take(&c, " "))
		return -EBADMSG;
	if (!strcmp(tok, "line"))
		r.kind = REPORT_LINE;
	else if (!strcmp(tok, "verdict"))
		r.kind = REPORT_VERDICT;
	else if (!strcmp(tok, "diag"))
		r.kind = REPORT_DIAG;
	else
		return -EBADMSG;
	/* STRUCTURED-DATA: exactly our element */
	if (!take(&c, "[" REPORT_SD_ID))
		return -EBADMSG;
	while (!take(&c, "]")) {
		if (!take(&c, " ") || ++nparams > PARAMS_MAX ||
		    !param(&c, name, sizeof(name), val, sizeof(val)))
			return -EBADMSG;
		if (!strcmp(name, "mac")) {
			if (have_mac || !mac_of(val, r.mac))
				return -EBADMSG;
			have_mac = true;
		} else if (!strcmp(name, "phase")) {
			if (have_phase || !phase_ok(val))
				return -EBADMSG;
			memcpy(r.phase, val, strlen(val) + 1);
			have_phase = true;
		} else if (!strcmp(name, "up")) {
			if (have_up || !uptime(val, &r.up_ms))
				return -EBADMSG;
			have_up = true;
		} else if (!strcmp(name, "seq")) {
			if (have_seq || !uint_dec(val, 10, &r.seq) || r.seq == 0)
				return -EBADMSG;
			have_seq = true;
		} else if (!strcmp(name, "verdict")) {
			if (r.verdict != REPORT_VERDICT_NONE)
				return -EBADMSG;
			if (!strcmp(val, "live"))
				r.verdict = REPORT_VERDICT_LIVE;
			else if (!strcmp(val, "failed"))
				r.verdict = REPORT_VERDICT_FAILED;
			else
				return -EBADMSG;
		}
		/* other names: a newer client's; skipped */
	}
	if (!have_mac || !have_phase || !have_up || !have_seq)
		return -EBADMSG;
	if ((r.kind == REPORT_VERDICT) != (r.verdict != REPORT_VERDICT_NONE))
		return -EBADMSG;
	/* [SP MSG]: printable ASCII */
	if (c.rem) {
		if (!take(&c, " ") || c.rem > REPORT_TEXT_MAX)
			return -EBADMSG;
		for (n = 0; n < c.rem; n++)
			if (!text_printable(c.p[n]))
				return -EBADMSG;
		memcpy(r.text, c.p, c.rem);
		r.text[c.rem] = '\0';
	}
	*out = r;
	return 0;
}
