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
#include <stdio.h>
#include <string.h>

#include "explain.h"

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
};

enum explain_severity explain_severity(enum diag_kind k)
{
	switch (k) {
	case DIAG_PMAP_DOWN:
	case DIAG_EXP_UNLISTED:
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

int explain_is_squashfs(const char *name)
{
	static const char ext[] = ".squashfs";
	size_t n = name ? strlen(name) : 0;

	return n > sizeof(ext) - 1 && !strcmp(name + n - (sizeof(ext) - 1), ext);
}
