/*
 * fleet.c - the boot server's table of clients (see fleet.h).
 *
 * A client is known by its MAC once anything names it (a PXE request, a
 * lease, a report); events that carry only an address (TFTP, NFS) find it
 * by that address, or by the MAC the ARP table gives for it, or start a
 * row of their own.  Phases, in boot order: pxe, lease, loader (pxelinux,
 * shim, grub, ipxe), menu, kernel, initrd, nfs, then the client's own
 * (cmdline, net, mount, squashfs, premount, handoff, ...).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fleet.h"
#include "text.h"

const char *fleet_verdict_name(enum fleet_verdict v)
{
	switch (v) {
	case FLEET_LIVE: return "live";
	case FLEET_FAILED: return "FAILED";
	default: return "booting";
	}
}

void fleet_init(struct fleet *f, bool proxy)
{
	memset(f, 0, sizeof(*f));
	f->proxy = proxy;
}

/* snprintf that means to cut: the fields are fixed-size on purpose. */
static void cutf(char *dst, size_t dstsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void cutf(char *dst, size_t dstsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, dstsz, fmt, ap);
	va_end(ap);
}

static void keep(char *dst, const char *src)
{
	char tmp[4 * FLEET_TEXT_MAX + 1];

	text_sanitize(src, tmp, sizeof(tmp));
	cutf(dst, FLEET_TEXT_MAX + 1, "%s", tmp);
}

static void who(const struct fleet_client *c, char *dst, size_t dstsz)
{
	char m[TEXT_MAC_SIZE], a[TEXT_IPV4_SIZE];

	cutf(dst, dstsz, "%-17s %-15s", c->has_mac ? text_mac(c->mac, m) : "-",
		 c->ip ? text_ipv4(c->ip, a) : "-");
}

static struct fleet_client *by_mac(struct fleet *f, const uint8_t mac[6])
{
	for (unsigned i = 0; i < f->n; i++)
		if (f->c[i].has_mac && !memcmp(f->c[i].mac, mac, 6))
			return &f->c[i];
	return NULL;
}

static struct fleet_client *by_ip(struct fleet *f, uint32_t ip)
{
	struct fleet_client *best = NULL;

	for (unsigned i = 0; ip && i < f->n; i++)
		if (f->c[i].ip == ip && (!best || f->c[i].last_ms > best->last_ms))
			best = &f->c[i];
	return best;
}

/* A new row; when full, the row heard from longest ago makes room. */
static struct fleet_client *add(struct fleet *f, uint64_t now_ms)
{
	struct fleet_client *c;

	if (f->n < FLEET_MAX) {
		c = &f->c[f->n++];
	} else {
		c = &f->c[0];
		for (unsigned i = 1; i < f->n; i++)
			if (f->c[i].last_ms < c->last_ms)
				c = &f->c[i];
	}
	memset(c, 0, sizeof(*c));
	c->first_ms = c->last_ms = now_ms;
	c->tokens_milli = FLEET_BURST * 1000u;
	c->tokens_at_ms = now_ms;
	strcpy(c->phase, "-");
	return c;
}

/* The client an event concerns: by MAC, else by address (or the MAC the
 * ARP table gives for it), else a new row. */
static struct fleet_client *find(struct fleet *f, const uint8_t *mac, uint32_t ip,
				 uint64_t now_ms)
{
	struct fleet_client *c = NULL, *i_c;

	if (mac)
		c = by_mac(f, mac);
	i_c = by_ip(f, ip);
	if (c && i_c && i_c != c && !i_c->has_mac) {
		/* an address-only row of the same client: fold it in */
		if (i_c->first_ms < c->first_ms)
			c->first_ms = i_c->first_ms;
		*i_c = f->c[--f->n];
		if (c == &f->c[f->n])
			c = i_c; /* it was moved into the hole */
	} else if (!c && i_c && (!mac || !i_c->has_mac)) {
		c = i_c;
	}
	if (!c)
		c = add(f, now_ms);
	if (mac && !c->has_mac) {
		memcpy(c->mac, mac, 6);
		c->has_mac = true;
	}
	if (ip) {
		/* an address moves to its newest owner */
		for (unsigned i = 0; i < f->n; i++)
			if (&f->c[i] != c && f->c[i].ip == ip)
				f->c[i].ip = 0;
		c->ip = ip;
	}
	c->last_ms = now_ms;
	return c;
}

static struct fleet_xid *xid_slot(struct fleet *f, uint32_t xid)
{
	unsigned i;

	for (i = 0; i < f->xn; i++)
		if (f->x[i].xid == xid)
			return &f->x[i];
	if (f->xn < FLEET_XIDS) {
		i = f->xn++;
	} else {
		memmove(&f->x[0], &f->x[1], sizeof(f->x[0]) * (FLEET_XIDS - 1));
		i = FLEET_XIDS - 1;
	}
	memset(&f->x[i], 0, sizeof(f->x[i]));
	f->x[i].xid = xid;
	f->x[i].arch = -1;
	return &f->x[i];
}

static void set_phase(struct fleet_client *c, const char *phase)
{
	cutf(c->phase, sizeof(c->phase), "%s", phase);
	if (c->verdict != FLEET_BOOTING && strcmp(phase, "-")) {
		/* a client that boots again starts over */
		if (!strcmp(phase, "pxe") || !strcmp(phase, "lease") || !strcmp(phase, "loader")) {
			c->verdict = FLEET_BOOTING;
			c->cause[0] = '\0';
		}
	}
}

/* What a TFTP file says of the phase. */
static const char *tftp_phase(const char *file)
{
	const char *base = strrchr(file, '/');

	base = base ? base + 1 : file;
	if (!strcmp(file, "pxelinux.0") || !strcmp(file, "bootx64.efi") ||
	    !strcmp(file, "grubx64.efi") || !strcmp(file, "boot.ipxe"))
		return "loader";
	if (!strncmp(file, "pxelinux.cfg/", 13) || !strcmp(file, "grub/grub.cfg") ||
	    !strcmp(file, "boot/grub/grub.cfg"))
		return "menu";
	if (!strcmp(base, "vmlinuz"))
		return "kernel";
	if (!strcmp(base, "initrd"))
		return "initrd";
	return NULL;
}

struct fleet_client *fleet_dnslog(struct fleet *f, const struct dnslog_event *e,
				  const uint8_t *mac_of_ip, uint64_t now_ms,
				  char *line, size_t linesz)
{
	struct fleet_client *c = NULL;
	struct fleet_xid *x;
	char w[40], arch[24], ip[TEXT_IPV4_SIZE];
	const char *ph;

	line[0] = '\0';
	switch (e->kind) {
	case DNSLOG_VENDOR:
		x = xid_slot(f, e->xid);
		x->arch = e->arch;
		x->http = e->http;
		return NULL;
	case DNSLOG_IPXE:
		xid_slot(f, e->xid)->ipxe = true;
		return NULL;
	case DNSLOG_PROXY:
	case DNSLOG_ACK:
		x = xid_slot(f, e->xid);
		c = find(f, e->mac, e->kind == DNSLOG_ACK ? e->ip : 0, now_ms);
		dnslog_arch_name(x->arch, x->http, arch, sizeof(arch));
		if (x->ipxe)
			strncat(arch, " iPXE", sizeof(arch) - strlen(arch) - 1);
		if (x->arch >= 0 || x->ipxe)
			cutf(c->arch, sizeof(c->arch), "%s", arch);
		who(c, w, sizeof(w));
		if (e->kind == DNSLOG_PROXY) {
			if (c->last_xid == e->xid && !strcmp(c->phase, "pxe"))
				return c; /* the ROM asking again */
			c->last_xid = e->xid;
			set_phase(c, "pxe");
			cutf(c->last, sizeof(c->last), "%s client asks what to boot: answered (proxyDHCP)",
				 c->arch[0] ? c->arch : "PXE");
		} else {
			set_phase(c, "lease");
			cutf(c->last, sizeof(c->last), "DHCP lease %s%s%s%s", text_ipv4(e->ip, ip),
				 c->arch[0] ? " (" : "", c->arch, c->arch[0] ? ")" : "");
		}
		cutf(line, linesz, "%s %s", w, c->last);
		return c;
	case DNSLOG_TFTP_SENT:
	case DNSLOG_TFTP_MISSING:
		c = find(f, mac_of_ip, e->ip, now_ms);
		who(c, w, sizeof(w));
		if (e->kind == DNSLOG_TFTP_MISSING) {
			/* loaders probe for files on purpose */
			if (!strncmp(e->file, "pxelinux.cfg/", 13) || !strncmp(e->file, "grub/", 5) ||
			    !strncmp(e->file, "revocations_", 12) || !strncmp(e->file, "shim_certificate", 16) ||
			    strstr(e->file, ".c32"))
				return c;
			cutf(c->last, sizeof(c->last), "TFTP: %s not found", e->file);
			cutf(line, linesz, "%s %s", w, c->last);
			return c;
		}
		if (strstr(e->file, ".c32"))
			return c; /* pxelinux's modules: noise */
		if (!strncmp(c->last_file, e->file, sizeof(c->last_file) - 1) &&
		    now_ms - c->last_file_ms < 2000)
			return c;
		cutf(c->last_file, sizeof(c->last_file), "%s", e->file);
		c->last_file_ms = now_ms;
		if (!strcmp(e->file, "grubx64.efi"))
			c->grub_at_ms = now_ms;
		if (!strcmp(e->file, "grub/grub.cfg") || !strcmp(e->file, "boot/grub/grub.cfg"))
			c->grub_at_ms = 0;
		ph = tftp_phase(e->file);
		if (ph)
			set_phase(c, ph);
		cutf(c->last, sizeof(c->last), "TFTP sent %s", e->file);
		cutf(line, linesz, "%s %s", w, c->last);
		return c;
	default:
		return NULL;
	}
}

struct fleet_client *fleet_nfs(struct fleet *f, uint32_t ip, const uint8_t *mac_of_ip,
			       uint64_t now_ms, char *line, size_t linesz)
{
	struct fleet_client *c = find(f, mac_of_ip, ip, now_ms);
	char w[40];

	if (c->verdict == FLEET_BOOTING && (!strcmp(c->phase, "-") || !strcmp(c->phase, "initrd") ||
					    !strcmp(c->phase, "kernel") || !strcmp(c->phase, "net")))
		set_phase(c, "mount");
	cutf(c->last, sizeof(c->last), "NFS client connected (netboot is mounting the live image)");
	who(c, w, sizeof(w));
	cutf(line, linesz, "%s %s", w, c->last);
	return c;
}

void fleet_junk(struct fleet *f)
{
	f->junk++;
}

/* Token bucket: FLEET_RATE a second after FLEET_BURST. */
static bool rate_ok(struct fleet_client *c, uint64_t now_ms)
{
	uint64_t add = (now_ms - c->tokens_at_ms) * FLEET_RATE;
	uint64_t t = c->tokens_milli + add;

	if (t > FLEET_BURST * 1000u)
		t = FLEET_BURST * 1000u;
	c->tokens_at_ms = now_ms;
	if (t < 1000) {
		c->tokens_milli = (uint32_t)t;
		return false;
	}
	c->tokens_milli = (uint32_t)(t - 1000);
	return true;
}

struct fleet_client *fleet_report(struct fleet *f, const struct report_rec *r,
				  uint32_t src_ip, uint64_t now_ms, char *line, size_t linesz)
{
	struct fleet_client *c;
	char w[40], text[FLEET_TEXT_MAX + 1];

	line[0] = '\0';
	c = find(f, r->mac, r->ip ? r->ip : src_ip, now_ms);
	if (!rate_ok(c, now_ms)) {
		c->dropped++;
		return NULL;
	}
	f->reports++;
	c->reports++;
	if (c->seq && r->seq != c->seq + 1)
		c->out_of_order++;
	c->seq = r->seq;
	c->up_ms = r->up_ms;
	keep(text, r->text);
	who(c, w, sizeof(w));
	switch (r->kind) {
	case REPORT_VERDICT:
		if (r->verdict == REPORT_VERDICT_LIVE) {
			c->verdict = FLEET_LIVE;
			c->cause[0] = '\0';
			cutf(c->last, sizeof(c->last), "live root reached%s%s",
				 text[0] ? ": " : "", text);
		} else {
			c->verdict = FLEET_FAILED;
			cutf(c->cause, sizeof(c->cause), "%s", text[0] ? text : "(no cause given)");
			cutf(c->last, sizeof(c->last), "FAILED: %s", c->cause);
		}
		cutf(c->phase, sizeof(c->phase), "%s", r->phase);
		cutf(line, linesz, "%s %s", w, c->last);
		break;
	case REPORT_DIAG:
		cutf(c->last, sizeof(c->last), "diag: %s", text);
		cutf(line, linesz, "%s netboot-diag: %s", w, text);
		break;
	default:
		cutf(c->phase, sizeof(c->phase), "%s", r->phase);
		cutf(c->last, sizeof(c->last), "%s", text);
		cutf(line, linesz, "%s %-8s %s", w, r->phase, text);
		break;
	}
	return c;
}

struct fleet_client *fleet_tick(struct fleet *f, uint64_t now_ms, char *line, size_t linesz)
{
	char w[40];

	line[0] = '\0';
	if (!f->proxy)
		return NULL;
	for (unsigned i = 0; i < f->n; i++) {
		struct fleet_client *c = &f->c[i];

		if (!c->grub_at_ms || now_ms - c->grub_at_ms < FLEET_GRUB_WAIT_MS)
			continue;
		c->grub_at_ms = 0;
		c->verdict = FLEET_FAILED;
		cutf(c->cause, sizeof(c->cause),
			 "GRUB never asked this server for its menu: it asks your router's next-server");
		cutf(c->last, sizeof(c->last), "FAILED: %s", c->cause);
		who(c, w, sizeof(w));
		cutf(line, linesz, "%s UEFI: GRUB was loaded 20 s ago but never asked this server "
			 "for its menu: it asks the TFTP server your router names (see the UEFI note)", w);
		return c;
	}
	return NULL;
}

/* ---- rendering --------------------------------------------------------- */

struct out {
	char *p;
	size_t sz, n;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (o->n + 1 >= o->sz)
		return;
	va_start(ap, fmt);
	k = vsnprintf(o->p + o->n, o->sz - o->n, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	o->n += (size_t)k;
	if (o->n >= o->sz)
		o->n = o->sz - 1;
}

static void counts(const struct fleet *f, unsigned *live, unsigned *failed, unsigned *booting)
{
	*live = *failed = *booting = 0;
	for (unsigned i = 0; i < f->n; i++) {
		if (f->c[i].verdict == FLEET_LIVE)
			(*live)++;
		else if (f->c[i].verdict == FLEET_FAILED)
			(*failed)++;
		else
			(*booting)++;
	}
}

/* Rows in the order clients were first seen. */
static void order(const struct fleet *f, unsigned idx[FLEET_MAX])
{
	for (unsigned i = 0; i < f->n; i++)
		idx[i] = i;
	for (unsigned i = 1; i < f->n; i++) {
		unsigned k = idx[i], j = i;

		while (j > 0 && f->c[idx[j - 1]].first_ms > f->c[k].first_ms) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = k;
	}
}

size_t fleet_render_table(const struct fleet *f, uint64_t now_ms, char *dst, size_t dstsz)
{
	struct out o = { dst, dstsz, 0 };
	unsigned idx[FLEET_MAX], live, failed, booting;
	char m[TEXT_MAC_SIZE], a[TEXT_IPV4_SIZE], verdict[FLEET_TEXT_MAX + 16];

	if (!dstsz)
		return 0;
	dst[0] = '\0';
	counts(f, &live, &failed, &booting);
	put(&o, "%u client%s: %u live, %u booting, %u FAILED", f->n, f->n == 1 ? "" : "s",
	    live, booting, failed);
	if (f->junk)
		put(&o, "; %llu datagram%s refused (not netboot's)", (unsigned long long)f->junk,
		    f->junk == 1 ? "" : "s");
	put(&o, "\n%-17s  %-15s  %-9s  %-8s  %7s  %-10s  %s\n", "MAC", "IP", "ARCH", "PHASE",
	    "ELAPSED", "VERDICT", "LAST");
	order(f, idx);
	for (unsigned i = 0; i < f->n; i++) {
		const struct fleet_client *c = &f->c[idx[i]];
		uint64_t el = now_ms > c->first_ms ? now_ms - c->first_ms : 0;

		if (c->verdict == FLEET_FAILED)
			cutf(verdict, sizeof(verdict), "FAILED: %s", c->cause);
		else
			cutf(verdict, sizeof(verdict), "%s", fleet_verdict_name(c->verdict));
		put(&o, "%-17s  %-15s  %-9.9s  %-8.8s  %5llu.%llu  %-10s  %.70s\n",
		    c->has_mac ? text_mac(c->mac, m) : "-", c->ip ? text_ipv4(c->ip, a) : "-",
		    c->arch[0] ? c->arch : "-", c->phase, (unsigned long long)(el / 1000),
		    (unsigned long long)(el % 1000 / 100),
		    c->verdict == FLEET_FAILED ? "FAILED" : fleet_verdict_name(c->verdict),
		    c->verdict == FLEET_FAILED ? verdict : c->last);
	}
	return o.n;
}

/* A sanitized string (printable ASCII) as a JSON string. */
static void json_str(struct out *o, const char *s)
{
	put(o, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			put(o, "\\%c", *s);
		else if (!text_printable((unsigned char)*s))
			put(o, "\\u%04x", (unsigned char)*s);
		else
			put(o, "%c", *s);
	}
	put(o, "\"");
}

size_t fleet_render_json(const struct fleet *f, uint64_t now_ms, char *dst, size_t dstsz)
{
	struct out o = { dst, dstsz, 0 };
	unsigned idx[FLEET_MAX], live, failed, booting;
	char m[TEXT_MAC_SIZE], a[TEXT_IPV4_SIZE];

	if (!dstsz)
		return 0;
	dst[0] = '\0';
	counts(f, &live, &failed, &booting);
	put(&o, "{\"clients_total\":%u,\"live\":%u,\"booting\":%u,\"failed\":%u,"
	    "\"reports\":%llu,\"refused_datagrams\":%llu,\"clients\":[",
	    f->n, live, booting, failed, (unsigned long long)f->reports,
	    (unsigned long long)f->junk);
	order(f, idx);
	for (unsigned i = 0; i < f->n; i++) {
		const struct fleet_client *c = &f->c[idx[i]];
		uint64_t el = now_ms > c->first_ms ? now_ms - c->first_ms : 0;

		put(&o, "%s{\"mac\":", i ? "," : "");
		if (c->has_mac)
			json_str(&o, text_mac(c->mac, m));
		else
			put(&o, "null");
		put(&o, ",\"ip\":");
		if (c->ip)
			json_str(&o, text_ipv4(c->ip, a));
		else
			put(&o, "null");
		put(&o, ",\"arch\":");
		json_str(&o, c->arch);
		put(&o, ",\"phase\":");
		json_str(&o, c->phase);
		put(&o, ",\"verdict\":\"%s\",\"cause\":",
		    c->verdict == FLEET_LIVE ? "live" : c->verdict == FLEET_FAILED ? "failed" : "booting");
		json_str(&o, c->cause);
		put(&o, ",\"elapsed_ms\":%llu,\"uptime_ms\":%u,\"reports\":%u,\"out_of_order\":%u,"
		    "\"dropped\":%u,\"last\":", (unsigned long long)el, c->up_ms, c->reports,
		    c->out_of_order, c->dropped);
		json_str(&o, c->last);
		put(&o, "}");
	}
	put(&o, "]}\n");
	return o.n;
}
