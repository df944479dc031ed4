/*
 * explain.c - failure kinds to cause and fix sentences; the verdict; the
 * small pure decisions of netboot-diag (export coverage, media folder).
 *
 * Pure: no I/O, no clock.  Leaves running the checks to check.c and the
 * network to nfs.c / probe.c.  Sentences name the real command or file to
 * edit: the reader is at a busybox prompt, at night.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "squash.h"

const char *const diag_kind_name[DIAG_KIND_COUNT] = {
	[DIAG_OK] = "ok",
	[DIAG_NET_NONE] = "net-none",
	[DIAG_SRV_REFUSED] = "server-refused",
	[DIAG_SRV_TIMEOUT] = "server-timeout",
	[DIAG_SRV_UNREACH] = "server-unreachable",
	[DIAG_PMAP_DOWN] = "portmapper-down",
	[DIAG_EXP_UNLISTED] = "exports-unlisted",
	[DIAG_EXP_MISSING] = "export-missing",
	[DIAG_MNT_DENIED] = "mount-denied",
	[DIAG_MNT_NOENT] = "mount-noent",
	[DIAG_MNT_FAILED] = "mount-failed",
	[DIAG_MEDIA_MOVED] = "media-moved",
	[DIAG_MEDIA_NONE] = "media-none",
	[DIAG_SQ_SHORT] = "squashfs-short",
	[DIAG_SQ_MAGIC] = "squashfs-magic",
	[DIAG_SQ_VERSION] = "squashfs-version",
	[DIAG_SQ_TRUNCATED] = "squashfs-truncated",
	[DIAG_SQ_GEOMETRY] = "squashfs-geometry",
	[DIAG_SQ_COMP] = "squashfs-compression",
	[DIAG_DISK_NOINFO] = "disk-noinfo",
	[DIAG_UUID_MISMATCH] = "uuid-mismatch",
	[DIAG_HTTP_URL_BAD] = "http-url-bad",
	[DIAG_HTTP_NODNS] = "http-no-dns",
	[DIAG_HTTP_NAME_UNKNOWN] = "http-name-unknown",
	[DIAG_HTTP_DNS_FAILED] = "http-dns-failed",
	[DIAG_HTTP_REFUSED] = "http-refused",
	[DIAG_HTTP_TIMEOUT] = "http-timeout",
	[DIAG_HTTP_UNREACH] = "http-unreachable",
	[DIAG_HTTP_BADHEAD] = "http-bad-head",
	[DIAG_HTTP_NOTFOUND] = "http-not-found",
	[DIAG_HTTP_STATUS] = "http-status",
	[DIAG_HTTP_REDIRECTS] = "http-redirects",
	[DIAG_HTTP_REDIRECT_BAD] = "http-redirect-bad",
	[DIAG_HTTP_NOSIZE] = "http-no-size",
	[DIAG_HTTP_RAM] = "http-ram",
	[DIAG_HTTP_NORANGES] = "http-no-ranges",
	[DIAG_HTTP_NORANGES_ISO] = "http-iso-no-ranges",
	[DIAG_HTTP_ISO_BAD] = "http-iso-bad",
	[DIAG_HTTP_ISO_NOIMAGE] = "http-iso-no-image",
	[DIAG_HTTP_ISO_UNSUPPORTED] = "http-iso-unsupported",
	[DIAG_HTTP_NOSUMS] = "http-no-sums",
	[DIAG_HTTP_ISO_WHOLE] = "http-iso-whole",
	[DIAG_HTTP_RAM_ISO] = "http-ram-iso",
	[DIAG_HTTP_RANGES_BAD] = "http-ranges-bad",
};

static const char *const headline[DIAG_KIND_COUNT] = {
	[DIAG_OK] = "no problem",
	[DIAG_NET_NONE] = "this machine has no IPv4 address",
	[DIAG_SRV_REFUSED] = "the NFS server is not running",
	[DIAG_SRV_TIMEOUT] = "the server does not answer",
	[DIAG_SRV_UNREACH] = "there is no route to the server",
	[DIAG_PMAP_DOWN] = "the server's portmapper is down",
	[DIAG_EXP_UNLISTED] = "the server did not list its exports",
	[DIAG_EXP_MISSING] = "the path is not exported",
	[DIAG_MNT_DENIED] = "the server refuses this client",
	[DIAG_MNT_NOENT] = "the exported path does not exist on the server",
	[DIAG_MNT_FAILED] = "the NFS mount fails",
	[DIAG_MEDIA_MOVED] = "the squashfs is not where the live system looks",
	[DIAG_MEDIA_NONE] = "there is no squashfs in the export",
	[DIAG_SQ_SHORT] = "the squashfs file is empty or tiny",
	[DIAG_SQ_MAGIC] = "the squashfs file is not a squashfs",
	[DIAG_SQ_VERSION] = "the squashfs has an unsupported version",
	[DIAG_SQ_TRUNCATED] = "the squashfs file is truncated",
	[DIAG_SQ_GEOMETRY] = "the squashfs superblock is corrupt",
	[DIAG_SQ_COMP] = "the kernel cannot decompress the squashfs",
	[DIAG_DISK_NOINFO] = ".disk/info is missing",
	[DIAG_UUID_MISMATCH] = "the image and the initrd do not belong together",
	[DIAG_HTTP_URL_BAD] = "netboot cannot fetch this URL",
	[DIAG_HTTP_NODNS] = "the URL names a host and the lease names no DNS server",
	[DIAG_HTTP_NAME_UNKNOWN] = "the web server's name does not resolve",
	[DIAG_HTTP_DNS_FAILED] = "the DNS servers do not answer",
	[DIAG_HTTP_REFUSED] = "the web server is not running",
	[DIAG_HTTP_TIMEOUT] = "the web server does not answer",
	[DIAG_HTTP_UNREACH] = "there is no route to the web server",
	[DIAG_HTTP_BADHEAD] = "the web server's answer is not HTTP netboot accepts",
	[DIAG_HTTP_NOTFOUND] = "the image is not on the web server",
	[DIAG_HTTP_STATUS] = "the web server refuses the image",
	[DIAG_HTTP_REDIRECTS] = "the web server redirects in a loop",
	[DIAG_HTTP_REDIRECT_BAD] = "the web server redirects where netboot cannot follow",
	[DIAG_HTTP_NOSIZE] = "the web server does not say the image's size",
	[DIAG_HTTP_RAM] = "this machine has too little RAM for the image",
	[DIAG_HTTP_NORANGES] = "the web server does not answer range requests",
	[DIAG_HTTP_NORANGES_ISO] = "the web server cannot serve parts of the ISO: netboot fetches it whole",
	[DIAG_HTTP_ISO_BAD] = "the URL is not an ISO netboot can read",
	[DIAG_HTTP_ISO_NOIMAGE] = "the ISO has no live image where netboot looks",
	[DIAG_HTTP_ISO_UNSUPPORTED] = "the ISO's live image is not a file netboot can use",
	[DIAG_HTTP_NOSUMS] = "nothing checks the downloaded image",
	[DIAG_HTTP_ISO_WHOLE] = "netboot fetches the whole ISO into RAM",
	[DIAG_HTTP_RAM_ISO] = "this machine has too little RAM for the whole ISO",
	[DIAG_HTTP_RANGES_BAD] = "the web server answers range requests with other bytes",
};

enum explain_severity explain_severity(enum diag_kind k)
{
	switch (k) {
	case DIAG_PMAP_DOWN:
	case DIAG_EXP_UNLISTED:
	case DIAG_HTTP_NOSIZE:
	case DIAG_HTTP_NORANGES:
	case DIAG_HTTP_NORANGES_ISO:
	case DIAG_HTTP_NOSUMS:
	case DIAG_HTTP_ISO_WHOLE:
		return EXPLAIN_WARN;
	default:
		return EXPLAIN_FAIL;
	}
}

const char *explain_headline(enum diag_kind k)
{
	if ((unsigned)k >= DIAG_KIND_COUNT)
		return "unknown problem";
	return headline[k];
}

static const char *s(const char *v)
{
	return v && *v ? v : "?";
}

/* snprintf that reports truncation: 0 or -ENOBUFS. */
static int fmt(char *dst, size_t dstsz, const char *f, ...)
	__attribute__((format(printf, 3, 4)));
static int fmt(char *dst, size_t dstsz, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(dst, dstsz, f, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= dstsz)
		return -ENOBUFS;
	return 0;
}

/* The folder part of a relative file path: "live" for
 * "live/filesystem.squashfs", "" for "filesystem.squashfs". */
static void dirpart(const char *file, char *dst, size_t dstsz)
{
	const char *slash = file ? strrchr(file, '/') : NULL;
	size_t n = slash ? (size_t)(slash - file) : 0;

	if (n >= dstsz)
		n = dstsz - 1;
	if (n)
		memcpy(dst, file, n);
	dst[n] = '\0';
}

static int render_media_moved(const struct explain_ctx *c, struct explain_msg *m)
{
	char dir[256];
	const char *alt = "";
	int r;

	dirpart(c->found, dir, sizeof(dir));
	if (c->boot && !strcmp(c->boot, "casper") && !strcmp(dir, "live"))
		alt = " or boot=live";
	else if (c->boot && !strcmp(c->boot, "live") && !strcmp(dir, "casper"))
		alt = " or boot=casper";
	r = fmt(m->cause, sizeof(m->cause),
		"found %s at %s/ instead of %s (boot=%s looks there)",
		strrchr(s(c->found), '/') ? strrchr(c->found, '/') + 1 : s(c->found),
		dir[0] ? dir : "the export root", s(c->want), s(c->boot));
	if (r)
		return r;
	if (c->hint && *c->hint)
		return fmt(m->fix, sizeof(m->fix), "%s", c->hint);
	return fmt(m->fix, sizeof(m->fix),
		   "use live-media-path=/%s%s on the kernel command line "
		   "(pxelinux.cfg APPEND), or move the file to %s",
		   dir, alt, s(c->want));
}

/* bytes as MiB with one decimal: "1234.5". */
static const char *mib(char dst[32], uint64_t bytes)
{
	const uint64_t m = 1024u * 1024u;
	uint64_t t = bytes > UINT64_MAX / 10 ? bytes / m * 10 : bytes * 10 / m;

	snprintf(dst, 32, "%llu.%u", (unsigned long long)(t / 10), (unsigned)(t % 10));
	return dst;
}

/* The HTTP kinds (netboot=http): the web server is named by c->server,
 * the URL by c->url. */
static int render_http(enum diag_kind k, const struct explain_ctx *c,
		       struct explain_msg *m)
{
	char sz[32];
	int r, f;

	switch (k) {
	case DIAG_HTTP_URL_BAD:
		r = fmt(m->cause, sizeof(m->cause), "%s cannot be fetched: %s",
			s(c->url), s(c->detail));
		f = fmt(m->fix, sizeof(m->fix),
			"give url=http://SERVER[:PORT]/PATH on the kernel command line "
			"(http:// only: netboot has no TLS; netboot.sha256= checks the image)");
		break;
	case DIAG_HTTP_NODNS:
		r = fmt(m->cause, sizeof(m->cause),
			"%s names the host %s, and the DHCP lease names no DNS server "
			"(option 6) to look it up", s(c->url), s(c->server));
		f = fmt(m->fix, sizeof(m->fix),
			"have the DHCP server hand out a DNS server (dnsmasq: "
			"dhcp-option=6,ADDR), or write the server's address in url=");
		break;
	case DIAG_HTTP_NAME_UNKNOWN:
		r = fmt(m->cause, sizeof(m->cause), "the name %s does not resolve: %s",
			s(c->server), s(c->detail));
		f = fmt(m->fix, sizeof(m->fix),
			"check the spelling in url=; add the name to the DNS server the "
			"lease names, or write the server's address in url=");
		break;
	case DIAG_HTTP_DNS_FAILED:
		r = fmt(m->cause, sizeof(m->cause), "%s could not be looked up: %s",
			s(c->server), s(c->detail));
		f = fmt(m->fix, sizeof(m->fix),
			"check that the DNS server of the lease runs and lets this "
			"network ask (UDP 53), or write the server's address in url=");
		break;
	case DIAG_HTTP_REFUSED:
		r = fmt(m->cause, sizeof(m->cause),
			"nothing listens on %s: is the web server running, on that port?",
			s(c->server));
		f = fmt(m->fix, sizeof(m->fix),
			"start the web server (systemctl status nginx / lighttpd / apache2) "
			"or fix the port in url=");
		break;
	case DIAG_HTTP_TIMEOUT:
		r = fmt(m->cause, sizeof(m->cause),
			"no answer from %s in time: %s", s(c->server), s(c->detail));
		f = fmt(m->fix, sizeof(m->fix),
			"check the address in url= and that the server's firewall lets "
			"this port in; a slow server: run again with a larger --timeout");
		break;
	case DIAG_HTTP_UNREACH:
		r = fmt(m->cause, sizeof(m->cause), "no route to %s: %s", s(c->server),
			s(c->detail));
		f = fmt(m->fix, sizeof(m->fix),
			"the web server is on another network without a gateway: check "
			"the DHCP router option or ip=...:GW:...");
		break;
	case DIAG_HTTP_BADHEAD:
		r = fmt(m->cause, sizeof(m->cause),
			"%s answered with a response head netboot refuses: %s",
			s(c->server), s(c->detail));
		f = fmt(m->fix, sizeof(m->fix),
			"is that port a web server? Point url= at a plain HTTP/1.1 server "
			"(nginx, lighttpd, apache2; no proxy that rewrites the answer)");
		break;
	case DIAG_HTTP_NOTFOUND:
		r = fmt(m->cause, sizeof(m->cause),
			"%s answers HTTP %u for %s: the file is not there",
			s(c->server), c->status, s(c->path));
		f = fmt(m->fix, sizeof(m->fix),
			"check the path in url= against the server's document root "
			"(ls DOCROOT%s), or copy the live tree there", s(c->path));
		break;
	case DIAG_HTTP_STATUS:
		r = fmt(m->cause, sizeof(m->cause), "%s answers HTTP %u for %s%s%s",
			s(c->server), c->status, s(c->path), c->detail ? ": " : "",
			c->detail ? c->detail : "");
		f = fmt(m->fix, sizeof(m->fix),
			c->status >= 500 ? "the server fails: read its error log" :
			"let the web server's user read the file (403: permissions, an "
			"allow/deny rule), then read its error log");
		break;
	case DIAG_HTTP_REDIRECTS:
		r = fmt(m->cause, sizeof(m->cause),
			"%s redirects more than 5 times (a loop?): %s", s(c->url),
			s(c->detail));
		f = fmt(m->fix, sizeof(m->fix),
			"give url= the final address of the image (curl -sIL URL shows "
			"the chain)");
		break;
	case DIAG_HTTP_REDIRECT_BAD:
		r = fmt(m->cause, sizeof(m->cause),
			"%s redirects where netboot cannot follow: %s", s(c->url),
			s(c->detail));
		f = fmt(m->fix, sizeof(m->fix),
			"serve the image over plain http:// (netboot has no TLS) and give "
			"that address in url=");
		break;
	case DIAG_HTTP_NOSIZE:
		r = fmt(m->cause, sizeof(m->cause),
			"%s says no Content-Length for %s: netboot cannot compare the "
			"image with the RAM before the download", s(c->server), s(c->path));
		f = fmt(m->fix, sizeof(m->fix),
			"serve the image as a static file (no compression, no CGI), so "
			"the server sends its length");
		break;
	case DIAG_HTTP_RAM:
		r = fmt(m->cause, sizeof(m->cause),
			"the image goes into RAM: need %llu MiB (the image's %llu MiB "
			"and 256 MiB for the running system), have %llu MiB available",
			(unsigned long long)(c->need >> 20),
			(unsigned long long)(c->size >> 20),
			(unsigned long long)(c->have >> 20));
		f = fmt(m->fix, sizeof(m->fix),
			"give the machine more RAM, or boot over NFS (netboot=nfs "
			"nfsroot=SERVER:/PATH), which keeps the image on the server");
		break;
	case DIAG_HTTP_NORANGES:
		r = fmt(m->cause, sizeof(m->cause),
			"%s does not answer range requests%s%s%s: a dropped download "
			"starts again from the first byte", s(c->server),
			c->detail ? " (" : "", c->detail ? c->detail : "",
			c->detail ? ")" : "");
		f = fmt(m->fix, sizeof(m->fix),
			"serve the image with a web server that does ranges (nginx, "
			"lighttpd and apache2 do, for static files)");
		break;
	case DIAG_HTTP_NORANGES_ISO:
		r = fmt(m->cause, sizeof(m->cause),
			"%s does not answer range requests (%s): netboot cannot read the "
			"ISO's directories to fetch its live image alone, so it fetches "
			"the whole ISO%s%s%s into RAM and loop-mounts it; netboot-diag "
			"cannot look inside the ISO either",
			s(c->server), s(c->detail), c->size ? " (" : "",
			c->size ? mib(sz, c->size) : "", c->size ? " MiB)" : "");
		f = fmt(m->fix, sizeof(m->fix),
			"serve the ISO with a web server that does ranges (nginx, "
			"lighttpd, apache2): netboot then fetches only its live image; "
			"or give url= the squashfs of the ISO's tree");
		break;
	case DIAG_HTTP_ISO_BAD:
		r = fmt(m->cause, sizeof(m->cause),
			"%s is not an ISO 9660 image netboot can read: %s", s(c->url),
			s(c->detail));
		f = fmt(m->fix, sizeof(m->fix),
			"check the file on the server (file NAME.iso; its size against "
			"the one published), or give url= the squashfs of the ISO's tree");
		break;
	case DIAG_HTTP_ISO_NOIMAGE:
		r = fmt(m->cause, sizeof(m->cause),
			"the ISO has no %s (boot=%s looks there)%s%s", s(c->want),
			s(c->boot), c->found ? "; it has " : "", c->found ? c->found : "");
		if (c->hint)
			f = fmt(m->fix, sizeof(m->fix), "%s", c->hint);
		else
			f = fmt(m->fix, sizeof(m->fix),
				"is it a %s live ISO? Set boot= to the ISO's kind, or "
				"live-media-path= to the folder that holds filesystem.squashfs",
				s(c->boot));
		break;
	case DIAG_HTTP_ISO_UNSUPPORTED:
		r = fmt(m->cause, sizeof(m->cause), "%s: %s", s(c->url), s(c->detail));
		f = fmt(m->fix, sizeof(m->fix),
			"check the ISO on the server (its size and checksum against "
			"the published ones), or give url= a single squashfs");
		break;
	case DIAG_HTTP_ISO_WHOLE:
		r = fmt(m->cause, sizeof(m->cause),
			"%s: %s: netboot fetches the whole ISO%s%s%s into RAM instead of "
			"its live image alone, and loop-mounts it", s(c->url), s(c->detail),
			c->size ? " (" : "", c->size ? mib(sz, c->size) : "",
			c->size ? " MiB)" : "");
		f = fmt(m->fix, sizeof(m->fix),
			"nothing to do if every client has the RAM (step 4 checks this "
			"one); to keep the ISO on the server, boot its tree over NFS "
			"(netboot=nfs nfsroot=SERVER:/PATH)");
		break;
	case DIAG_HTTP_RAM_ISO:
		r = fmt(m->cause, sizeof(m->cause),
			"the whole ISO goes into RAM (%s): need %llu MiB (the ISO's %llu "
			"MiB and 256 MiB for the running system), have %llu MiB available",
			s(c->detail), (unsigned long long)(c->need >> 20),
			(unsigned long long)(c->size >> 20),
			(unsigned long long)(c->have >> 20));
		f = fmt(m->fix, sizeof(m->fix),
			"%s%sgive the machine more RAM, or boot over NFS (netboot=nfs "
			"nfsroot=SERVER:/PATH), which keeps the ISO on the server",
			c->hint ? c->hint : "", c->hint ? "; or " : "");
		break;
	case DIAG_HTTP_RANGES_BAD:
		r = fmt(m->cause, sizeof(m->cause),
			"%s answers a range request for %s with other bytes than asked "
			"(%s): netboot cannot read the file by parts, and gives up on "
			"this URL", s(c->server), s(c->path), s(c->detail));
		f = fmt(m->fix, sizeof(m->fix),
			"serve the file as a static file from nginx, lighttpd or apache2 "
			"(a proxy or script in between may garble ranges)");
		break;
	case DIAG_HTTP_NOSUMS:
		if (c->detail)
			r = fmt(m->cause, sizeof(m->cause),
				"no netboot.sha256=, and %s: a damaged or altered "
				"download is not found", c->detail);
		else
			r = fmt(m->cause, sizeof(m->cause),
				"no netboot.sha256= and no checksum list (SHA256SUMS, "
				"sha256sum.txt, md5sum.txt) naming %s: a damaged or altered "
				"download is not found", s(c->want));
		f = fmt(m->fix, sizeof(m->fix),
			"add netboot.sha256=DIGEST to the kernel command line "
			"(sha256sum %s on the server): the only check that proves the "
			"image", s(c->want));
		break;
	default:
		return -EINVAL;
	}
	return r || f ? -ENOBUFS : 0;
}

int explain_render(enum diag_kind k, const struct explain_ctx *c,
		   struct explain_msg *out)
{
	static const struct explain_ctx empty;
	struct explain_msg m;
	int r = 0, f;

	if ((unsigned)k >= DIAG_KIND_COUNT || k == DIAG_OK)
		return -EINVAL;
	if (!c)
		c = &empty;
	m.cause[0] = m.fix[0] = '\0';

	switch (k) {
	case DIAG_NET_NONE:
		r = fmt(m.cause, sizeof(m.cause),
			"no network interface has an IPv4 address: DHCP failed "
			"or the boot NIC's driver is not in the initrd");
		f = fmt(m.fix, sizeof(m.fix),
			"check 'ip link' for the NIC and its carrier, read "
			"/run/netboot/netboot.log; add the driver to the initrd "
			"(/etc/initramfs-tools/modules) or set BOOTIF=/ip=");
		break;
	case DIAG_SRV_REFUSED:
		r = fmt(m.cause, sizeof(m.cause),
			"nothing listens on %s:2049: is the NFS server running?",
			s(c->server));
		f = fmt(m.fix, sizeof(m.fix),
			"on %s: systemctl status nfs-server (or nfs-ganesha); "
			"start it and check 'rpcinfo -p' lists nfs", s(c->server));
		break;
	case DIAG_SRV_TIMEOUT:
		r = fmt(m.cause, sizeof(m.cause),
			"no answer from %s: firewall or wrong address%s%s",
			s(c->server), c->detail ? ": " : "", c->detail ? c->detail : "");
		f = fmt(m.fix, sizeof(m.fix),
			"check the address in nfsroot= / the DHCP root-path, and "
			"that the server's firewall lets TCP 111 and 2049 in");
		break;
	case DIAG_SRV_UNREACH:
		r = fmt(m.cause, sizeof(m.cause), "no route to %s: %s",
			s(c->server), s(c->detail));
		f = fmt(m.fix, sizeof(m.fix),
			"the server is on another network without a gateway: "
			"check the DHCP router option or ip=...:GW:...");
		break;
	case DIAG_PMAP_DOWN:
		r = fmt(m.cause, sizeof(m.cause),
			"nothing listens on %s:111 (portmapper): NFSv3 mounts "
			"need it, NFSv4 does not", s(c->server));
		f = fmt(m.fix, sizeof(m.fix),
			"on %s: systemctl start rpcbind; or mount with NFSv4 "
			"(nfsopts=vers=4)", s(c->server));
		break;
	case DIAG_EXP_UNLISTED:
		r = fmt(m.cause, sizeof(m.cause),
			"%s did not list its exports (MOUNT service): %s",
			s(c->server), s(c->detail));
		f = fmt(m.fix, sizeof(m.fix),
			"an NFSv4-only server has no export list: fine if the "
			"mount below works; else check rpc.mountd on %s",
			s(c->server));
		break;
	case DIAG_EXP_MISSING:
		r = fmt(m.cause, sizeof(m.cause),
			"%s does not export %s; it exports: %s",
			s(c->server), s(c->path), s(c->exports));
		f = fmt(m.fix, sizeof(m.fix),
			"fix nfsroot= to one of those, or on %s add to "
			"/etc/exports:  %s  *(ro,no_subtree_check,no_root_squash)"
			"  then run: exportfs -ra", s(c->server), s(c->path));
		break;
	case DIAG_MNT_DENIED:
		r = fmt(m.cause, sizeof(m.cause),
			"%s refuses to let this machine mount %s: %s",
			s(c->server), s(c->path), s(c->detail));
		f = fmt(m.fix, sizeof(m.fix),
			"on %s: the client list in /etc/exports must include this "
			"machine's address (or '*'), and root must be able to "
			"read the files (no_root_squash, or world-readable); "
			"then exportfs -ra", s(c->server));
		break;
	case DIAG_MNT_NOENT:
		r = fmt(m.cause, sizeof(m.cause),
			"%s has no %s to mount: %s", s(c->server), s(c->path),
			s(c->detail));
		f = fmt(m.fix, sizeof(m.fix),
			"check the spelling in nfsroot=; on %s the exported "
			"folder must exist: ls -ld %s", s(c->server), s(c->path));
		break;
	case DIAG_MNT_FAILED:
		r = fmt(m.cause, sizeof(m.cause), "mounting %s:%s failed: %s",
			s(c->server), s(c->path), s(c->detail));
		f = fmt(m.fix, sizeof(m.fix),
			"look at the server's log (journalctl -u nfs-server) "
			"while running netboot-diag again");
		break;
	case DIAG_MEDIA_MOVED:
		r = render_media_moved(c, &m);
		f = 0;
		break;
	case DIAG_MEDIA_NONE:
		r = fmt(m.cause, sizeof(m.cause),
			"no %s, and no *.squashfs within 3 folders of %s",
			s(c->want), s(c->path));
		f = fmt(m.fix, sizeof(m.fix),
			"copy the live ISO's contents into the export: "
			"mount -o loop live.iso /mnt && cp -a /mnt/. %s/",
			s(c->path));
		break;
	case DIAG_SQ_SHORT:
		r = fmt(m.cause, sizeof(m.cause),
			"%s is only %llu bytes: too small for a squashfs",
			s(c->want), (unsigned long long)c->size);
		f = fmt(m.fix, sizeof(m.fix),
			"the copy failed or is still running: copy it again "
			"from the ISO and compare sha256sum");
		break;
	case DIAG_SQ_MAGIC:
		r = c->detail ? fmt(m.cause, sizeof(m.cause), "%s: %s",
				    s(c->want), c->detail) :
			fmt(m.cause, sizeof(m.cause),
			    "%s is not a squashfs image", s(c->want));
		f = fmt(m.fix, sizeof(m.fix),
			"copy filesystem.squashfs again from the ISO (it is "
			"casper/ or live/ there); check with: unsquashfs -s FILE");
		break;
	case DIAG_SQ_VERSION:
		r = fmt(m.cause, sizeof(m.cause),
			"%s is squashfs %u.%u; Linux reads only 4.0",
			s(c->want), c->version_major, c->version_minor);
		f = fmt(m.fix, sizeof(m.fix),
			"rebuild it with a current mksquashfs, or use the ISO's own");
		break;
	case DIAG_SQ_TRUNCATED:
		r = fmt(m.cause, sizeof(m.cause),
			"%s is truncated: the image needs %llu bytes, the file "
			"has %llu", s(c->want), (unsigned long long)c->bytes_used,
			(unsigned long long)c->size);
		f = fmt(m.fix, sizeof(m.fix),
			"the copy is incomplete (disk full? copy interrupted?): "
			"check df on the server and copy it again from the ISO");
		break;
	case DIAG_SQ_GEOMETRY:
		r = fmt(m.cause, sizeof(m.cause),
			"%s has a corrupt squashfs superblock: %s", s(c->want),
			s(c->detail));
		f = fmt(m.fix, sizeof(m.fix),
			"copy it again from the ISO and compare sha256sum");
		break;
	case DIAG_SQ_COMP:
		r = fmt(m.cause, sizeof(m.cause),
			"%s is %s-compressed and the running kernel has no %s "
			"support for squashfs", s(c->want), s(c->comp), s(c->comp));
		f = fmt(m.fix, sizeof(m.fix),
			"boot the kernel that came with the image (casper/vmlinuz), "
			"or rebuild the squashfs: mksquashfs DIR FILE -comp gzip");
		break;
	case DIAG_DISK_NOINFO:
		r = fmt(m.cause, sizeof(m.cause),
			"%s/.disk/info is missing: casper will stop at 'Please "
			"provide a name for this Disc'", s(c->path));
		f = fmt(m.fix, sizeof(m.fix),
			"copy .disk/ from the ISO: cp -a /mnt/.disk %s/",
			s(c->path));
		break;
	case DIAG_UUID_MISMATCH:
		r = fmt(m.cause, sizeof(m.cause),
			"the initrd expects uuid %s, the export's "
			".disk/casper-uuid-* has %s: casper will reject this export",
			s(c->uuid_initrd), s(c->uuid_disk));
		f = fmt(m.fix, sizeof(m.fix),
			"boot with ignore_uuid or copy the matching initrd "
			"(casper/initrd from the same ISO) to the TFTP server");
		break;
	case DIAG_HTTP_URL_BAD:
	case DIAG_HTTP_NODNS:
	case DIAG_HTTP_NAME_UNKNOWN:
	case DIAG_HTTP_DNS_FAILED:
	case DIAG_HTTP_REFUSED:
	case DIAG_HTTP_TIMEOUT:
	case DIAG_HTTP_UNREACH:
	case DIAG_HTTP_BADHEAD:
	case DIAG_HTTP_NOTFOUND:
	case DIAG_HTTP_STATUS:
	case DIAG_HTTP_REDIRECTS:
	case DIAG_HTTP_REDIRECT_BAD:
	case DIAG_HTTP_NOSIZE:
	case DIAG_HTTP_RAM:
	case DIAG_HTTP_NORANGES:
	case DIAG_HTTP_NORANGES_ISO:
	case DIAG_HTTP_ISO_BAD:
	case DIAG_HTTP_ISO_NOIMAGE:
	case DIAG_HTTP_ISO_UNSUPPORTED:
	case DIAG_HTTP_NOSUMS:
	case DIAG_HTTP_ISO_WHOLE:
	case DIAG_HTTP_RAM_ISO:
	case DIAG_HTTP_RANGES_BAD:
		r = render_http(k, c, &m);
		f = 0;
		break;
	default:
		return -EINVAL;
	}
	if (r || f)
		return -ENOBUFS;
	*out = m;
	return 0;
}

int explain_verdict(enum diag_kind fail_kind, unsigned fail_step,
		    const char *fail_step_name, unsigned n_warn,
		    char *dst, size_t dstsz)
{
	char tmp[512];
	int r;

	if (fail_kind == DIAG_OK && n_warn == 0)
		r = fmt(tmp, sizeof(tmp),
			"verdict: the network, the server, the export and the live "
			"image look right; if the boot still fails, read "
			"/run/netboot/netboot.log and /run/initramfs/casper.log.");
	else if (fail_kind == DIAG_OK)
		r = fmt(tmp, sizeof(tmp),
			"verdict: nothing blocks the boot, but read the %u "
			"warning%s above.", n_warn, n_warn == 1 ? "" : "s");
	else
		r = fmt(tmp, sizeof(tmp),
			"verdict: the boot fails at step %u (%s): %s; fix that "
			"first, then run netboot-diag again.", fail_step,
			s(fail_step_name), explain_headline(fail_kind));
	if (r)
		return r;
	if (strlen(tmp) >= dstsz)
		return -ENOBUFS;
	memcpy(dst, tmp, strlen(tmp) + 1);
	return 0;
}

/* Length of p without trailing slashes (but "/" stays 1). */
static size_t trimlen(const char *p)
{
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		n--;
	return n;
}

int explain_export_match(const char *path, const char *const *exports,
			 size_t n)
{
	size_t plen, i, best_len = 0;
	int best = -ENOENT;

	if (!path || (!exports && n))
		return -ENOENT;
	plen = trimlen(path);
	for (i = 0; i < n; i++) {
		const char *e = exports[i];
		size_t elen;

		if (!e || e[0] != '/')
			continue;
		elen = trimlen(e);
		if (elen == 1) { /* "/" covers all */
			if (best < 0) {
				best = (int)i;
				best_len = 1;
			}
			continue;
		}
		if (elen > plen || memcmp(e, path, elen) != 0)
			continue;
		if (elen < plen && path[elen] != '/')
			continue;
		if (best < 0 || elen > best_len) {
			best = (int)i;
			best_len = elen;
		}
	}
	return best;
}

int explain_join_exports(const char *const *exports, size_t n,
			 char *dst, size_t dstsz)
{
	static const char more[] = ", ...";
	size_t used = 0, i;

	if (dstsz < 16)
		return -ENOBUFS;
	if (n == 0) {
		memcpy(dst, "(none)", 7);
		return 0;
	}
	dst[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *e = exports[i] ? exports[i] : "?";
		size_t sep = i ? 2 : 0, elen = strlen(e);

		/* keep room for ", ..." */
		if (used + sep + elen + sizeof(more) > dstsz) {
			memcpy(dst + used, more + (i ? 0 : 2),
			       sizeof(more) - (i ? 0 : 2));
			return 0;
		}
		if (sep)
			memcpy(dst + used, ", ", 2);
		memcpy(dst + used + sep, e, elen + 1);
		used += sep + elen;
	}
	return 0;
}

enum diag_kind explain_squash_kind(int rc, uint32_t comp_mask, unsigned comp,
				   uint64_t bytes_used, uint64_t file_size)
{
	switch (rc) {
	case -ENOMSG:
		return DIAG_SQ_MAGIC;
	case -EPROTONOSUPPORT:
		return DIAG_SQ_VERSION;
	case -EOPNOTSUPP:
		return comp_mask && !(comp_mask & SQUASH_COMP_BIT(comp)) ? DIAG_SQ_COMP :
									     DIAG_SQ_GEOMETRY;
	default:
		return file_size && bytes_used > file_size ? DIAG_SQ_TRUNCATED : DIAG_SQ_GEOMETRY;
	}
}

int explain_is_squashfs(const char *name)
{
	static const char ext[] = ".squashfs";
	size_t n = name ? strlen(name) : 0;

	return n > sizeof(ext) - 1 && !strcmp(name + n - (sizeof(ext) - 1), ext);
}

/* ---- netboot=http ------------------------------------------------------ */

int explain_http_is_iso(const char *path)
{
	const char *q, *e;
	size_t n;

	if (!path)
		return 0;
	q = strchr(path, '?');
	n = q ? (size_t)(q - path) : strlen(path);
	if (n < 4)
		return 0;
	e = path + n - 4;
	return e[0] == '.' && (e[1] | 0x20) == 'i' && (e[2] | 0x20) == 's' &&
	       (e[3] | 0x20) == 'o';
}

int explain_http_tree(const char *path, char *base, size_t basesz, const char **rel)
{
	const char *q, *cut;
	size_t n, k;

	if (!path || path[0] != '/' || !base || !rel)
		return -EINVAL;
	q = strchr(path, '?');
	n = q ? (size_t)(q - path) : strlen(path);
	/* two '/' back from the end: "/t/live/fs" -> cut at "/live" */
	cut = path + n;
	for (k = 0; k < 2; k++) {
		const char *p = cut;

		while (p > path && p[-1] != '/')
			p--;
		if (p == path) /* no '/' before: path is shallower */
			break;
		cut = p - 1;
	}
	n = (size_t)(cut - path); /* the base without its trailing '/' */
	if (n + 2 > basesz)
		return -ENOBUFS;
	memcpy(base, path, n);
	base[n] = '/';
	base[n + 1] = '\0';
	*rel = q ? NULL : path + n + 1;
	return 0;
}

int explain_http_verdict(const struct explain_http_run *r, char *dst, size_t dstsz)
{
	char tmp[600], url[32] = "";
	int e;

	if (!r)
		return -EINVAL;
	if (r->n_urls > 1 && r->fail_url)
		snprintf(url, sizeof(url), " of URL %u", r->fail_url);
	if (r->fail_kind == DIAG_OK && r->n_warn == 0)
		e = fmt(tmp, sizeof(tmp),
			"verdict: the network, the web server and the live image look "
			"right; if the boot still fails, read /run/netboot/netboot.log "
			"and /run/initramfs/casper.log.");
	else if (r->fail_kind == DIAG_OK)
		e = fmt(tmp, sizeof(tmp),
			"verdict: nothing blocks the boot, but read the %u warning%s above.",
			r->n_warn, r->n_warn == 1 ? "" : "s");
	else if (r->first_good && r->first_good > r->fail_url &&
		 r->fail_kind != DIAG_HTTP_RAM && r->fail_kind != DIAG_HTTP_RAM_ISO)
		/* netboot fetch moves on to the next URL; RAM stops it at once */
		e = fmt(tmp, sizeof(tmp),
			"verdict: URL %u fails at step %u (%s): %s; netboot moves on "
			"and URL %u looks right, so the boot can work: fix or drop "
			"URL %u.", r->fail_url, r->fail_step, s(r->fail_step_name),
			explain_headline(r->fail_kind), r->first_good, r->fail_url);
	else if (r->first_good && r->first_good < r->fail_url)
		e = fmt(tmp, sizeof(tmp),
			"verdict: URL %u looks right and netboot takes it first; URL "
			"%u, its fallback, fails at step %u (%s): %s.", r->first_good,
			r->fail_url, r->fail_step, s(r->fail_step_name),
			explain_headline(r->fail_kind));
	else
		e = fmt(tmp, sizeof(tmp),
			"verdict: the boot fails at step %u (%s)%s: %s; fix that "
			"first, then run netboot-diag again.", r->fail_step,
			s(r->fail_step_name), url, explain_headline(r->fail_kind));
	if (e)
		return e;
	if (strlen(tmp) >= dstsz)
		return -ENOBUFS;
	memcpy(dst, tmp, strlen(tmp) + 1);
	return 0;
}
