/*
 * explain.h - what went wrong, in plain words, and how to fix it.
 *
 * Pure: maps a failure kind (what a check found) and its context (server,
 * path, exports, file sizes...) to a cause sentence and a fix sentence for
 * the person at the busybox prompt.  Also the small decisions the checks
 * need (does an export cover the path, where should the squashfs be, the
 * closing verdict).  No I/O: src/diag/check.c runs the checks and prints.
 */
#ifndef NETBOOT_DIAG_EXPLAIN_H
#define NETBOOT_DIAG_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>

enum diag_kind {
	DIAG_OK = 0,
	DIAG_NET_NONE,      /* no interface with an IPv4 address */
	DIAG_SRV_REFUSED,   /* TCP 2049 refused */
	DIAG_SRV_TIMEOUT,   /* no answer at all */
	DIAG_SRV_UNREACH,   /* no route / host unreachable */
	DIAG_PMAP_DOWN,     /* 111 closed, 2049 open (warning) */
	DIAG_EXP_UNLISTED,  /* the MOUNT service gave no list (warning) */
	DIAG_EXP_MISSING,   /* PATH is not exported */
	DIAG_MNT_DENIED,    /* mount: permission denied */
	DIAG_MNT_NOENT,     /* mount: no such path on the server */
	DIAG_MNT_FAILED,    /* mount: anything else */
	DIAG_MEDIA_MOVED,   /* the squashfs is in another folder */
	DIAG_MEDIA_NONE,    /* no *.squashfs anywhere near */
	DIAG_SQ_SHORT,      /* file smaller than a superblock */
	DIAG_SQ_MAGIC,      /* not a squashfs */
	DIAG_SQ_VERSION,    /* squashfs, not 4.0 */
	DIAG_SQ_TRUNCATED,  /* bytes_used > file size */
	DIAG_SQ_GEOMETRY,   /* inconsistent superblock */
	DIAG_SQ_COMP,       /* compression the kernel lacks */
	DIAG_DISK_NOINFO,   /* no .disk/info */
	DIAG_UUID_MISMATCH, /* .disk/casper-uuid-* does not match the initrd */
	/* netboot=http (src/diag/httpcheck.c) */
	DIAG_HTTP_URL_BAD,      /* a URL netboot cannot fetch (https, a bad form) */
	DIAG_HTTP_NODNS,        /* a host name, and the lease names no DNS server */
	DIAG_HTTP_NAME_UNKNOWN, /* NXDOMAIN / no A record / not a usable address */
	DIAG_HTTP_DNS_FAILED,   /* the DNS servers did not answer (or failed) */
	DIAG_HTTP_REFUSED,      /* TCP connect refused */
	DIAG_HTTP_TIMEOUT,      /* no connection or no answer in time */
	DIAG_HTTP_UNREACH,      /* no route to the web server */
	DIAG_HTTP_BADHEAD,      /* a malformed or oversized response head */
	DIAG_HTTP_NOTFOUND,     /* 404 / 410 */
	DIAG_HTTP_STATUS,       /* another status: 403, 5xx... */
	DIAG_HTTP_REDIRECTS,    /* more redirects than netboot follows */
	DIAG_HTTP_REDIRECT_BAD, /* a Location netboot cannot follow (https...) */
	DIAG_HTTP_NOSIZE,       /* no Content-Length: RAM not checked (warning) */
	DIAG_HTTP_RAM,          /* image + margin above MemAvailable */
	DIAG_HTTP_NORANGES,     /* no ranges, image URL: no resume (warning) */
	DIAG_HTTP_NORANGES_ISO, /* no ranges, ISO URL: the whole ISO (warning) */
	DIAG_HTTP_ISO_BAD,      /* not an ISO 9660 image netboot can read */
	DIAG_HTTP_ISO_NOIMAGE,  /* no MEDIA/filesystem.squashfs in the ISO */
	DIAG_HTTP_ISO_UNSUPPORTED, /* the image not a plain file, or empty */
	DIAG_HTTP_NOSUMS,       /* nothing checks the download (warning) */
	DIAG_HTTP_ISO_WHOLE,    /* layered set, layerfs-path=, several extents:
				   the whole ISO (warning) */
	DIAG_HTTP_RAM_ISO,      /* the whole ISO + margin above MemAvailable */
	DIAG_HTTP_RANGES_BAD,   /* a 206 for other bytes than asked */
	DIAG_KIND_COUNT,
};

extern const char *const diag_kind_name[DIAG_KIND_COUNT];

enum explain_severity {
	EXPLAIN_FAIL = 0, /* the boot cannot succeed */
	EXPLAIN_WARN,     /* worth knowing, may not block the boot */
};
enum explain_severity explain_severity(enum diag_kind k);

/* What the check knew when it failed.  NULL strings print as "?". */
struct explain_ctx {
	const char *server;   /* "10.0.0.1" */
	const char *path;     /* "/srv/live" */
	const char *exports;  /* "/a, /b" (explain_join_exports) */
	const char *detail;   /* the library's or the kernel's own words */
	const char *boot;     /* "casper", "live" */
	const char *want;     /* expected squashfs, relative: "casper/filesystem.squashfs" */
	const char *found;    /* where one was found instead, relative: "live/filesystem.squashfs" */
	const char *comp;     /* "xz" */
	const char *uuid_initrd, *uuid_disk;
	const char *hint;     /* DIAG_MEDIA_MOVED, DIAG_HTTP_ISO_NOIMAGE: the
				 fix, when the core has one */
	uint64_t size, bytes_used;
	unsigned version_major, version_minor;
	/* netboot=http */
	const char *url;      /* the URL, sanitized */
	unsigned status;      /* the HTTP status */
	uint64_t need, have;  /* DIAG_HTTP_RAM(_ISO): bytes (ramcheck's verdict) */
};

#define EXPLAIN_MSG_MAX 640
struct explain_msg {
	char cause[EXPLAIN_MSG_MAX];
	char fix[EXPLAIN_MSG_MAX];
};

/* Render cause and fix for k.  0, -EINVAL (k out of range or DIAG_OK) or
 * -ENOBUFS; out is written only on success. */
int explain_render(enum diag_kind k, const struct explain_ctx *c,
		   struct explain_msg *out);

/* A few words for the verdict: "the NFS server is not running". */
const char *explain_headline(enum diag_kind k);

/*
 * The closing sentence.  fail_kind is the first failure (DIAG_OK: none),
 * fail_step its step number and name, n_warn the warnings printed.
 * 0 or -ENOBUFS; dst written only on success.
 */
int explain_verdict(enum diag_kind fail_kind, unsigned fail_step,
		    const char *fail_step_name, unsigned n_warn,
		    char *dst, size_t dstsz);

/*
 * Does an export cover path?  An export covers it when equal to it or a
 * prefix ending at a '/' boundary ("/srv" covers "/srv/live", not
 * "/srvx"); trailing slashes are ignored, "/" covers everything.
 * Returns the index of the longest covering export, or -ENOENT.
 */
int explain_export_match(const char *path, const char *const *exports,
			 size_t n);

/* "/a, /b, /c" (at most dstsz-1 bytes; ", ..." when cut).  "(none)" for
 * n == 0.  0, or -ENOBUFS when dstsz < 16. */
int explain_join_exports(const char *const *exports, size_t n,
			 char *dst, size_t dstsz);

/* 1 when name ends in ".squashfs" (and is longer than that), else 0. */
int explain_is_squashfs(const char *name);

/* The problem squash_sb_check()'s rc (not 0) names, for an image of
 * file_size bytes (0 = not known) on a kernel reading comp_mask
 * (0 = not known): magic, version, compressor, truncation or geometry. */
enum diag_kind explain_squash_kind(int rc, uint32_t comp_mask, unsigned comp,
				   uint64_t bytes_used, uint64_t file_size);

/* ---- netboot=http ------------------------------------------------------ */

/* 1 when a URL's path, its query aside, ends in ".iso" (any case): netboot
 * reads such a URL as an ISO (src/phase/fetch.c's rule), else 0. */
int explain_http_is_iso(const char *path);

/*
 * The tree an image URL's path belongs to, where its checksum lists are:
 * two folders above the image ("/t/live/fs.squashfs" -> "/t/"; "/" when
 * the path is shallower), the query dropped, into base; *rel points into
 * path at the image's name in that tree ("live/fs.squashfs"), NULL when
 * the path has a query.  0, or -ENOBUFS / -EINVAL (not led by '/').
 */
int explain_http_tree(const char *path, char *base, size_t basesz, const char **rel);

/*
 * What a run over n_urls URLs found, for the verdict.  netboot fetch tries
 * the URLs in order and takes the first that gives the image; only a RAM
 * shortage stops it at once.
 */
struct explain_http_run {
	unsigned n_urls;
	unsigned first_good;       /* 1-based: the first URL with no failure; 0 none */
	unsigned fail_url;         /* 1-based: the URL of the first failure; 0 none */
	enum diag_kind fail_kind;  /* DIAG_OK: no failure */
	unsigned fail_step;
	const char *fail_step_name;
	unsigned n_warn;
};

/* The closing sentence of an HTTP run.  0 or -ENOBUFS (dst written only
 * on success), -EINVAL for a NULL run. */
int explain_http_verdict(const struct explain_http_run *r, char *dst, size_t dstsz);

#endif
