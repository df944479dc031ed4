/*
 * nfs.h - netboot-diag's only door to libnfs (src/diag/nfs.c).
 *
 * A small, bounded interface: list the exports (MOUNT protocol), mount an
 * export with NFSv3 or v4, stat, read a byte range, list a folder.  Every
 * call has a deadline (timeout_ms, never past the whole run's deadline_ms),
 * so a dead server costs seconds, not minutes, and a folder listing also
 * stops after DIAG_NFS_LIST_BYTES bytes from the server, so a server that
 * never ends one costs neither time nor memory.  Errors come back as a
 * negative errno plus the library's own words in err (raw: the caller
 * sanitizes before printing); the caller explains them.  Names carry the
 * diag_nfs_ prefix: nfs_ belongs to libnfs.
 */
#ifndef NETBOOT_DIAG_NFS_H
#define NETBOOT_DIAG_NFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIAG_NFS_EXPORTS_MAX 64
#define DIAG_NFS_NAME_MAX    256 /* export names and folder entries */
#define DIAG_NFS_ERR_MAX     256
/* One folder listing: at most this many bytes from the server (about
 * 25,000 entries; the search looks at 2000). */
#define DIAG_NFS_LIST_BYTES  (4u << 20)

struct diag_nfs_exports {
	size_t n;          /* entries kept in dir[] */
	size_t n_total;    /* entries the server sent (>= n) */
	size_t n_toolong;  /* entries dropped: longer than DIAG_NFS_NAME_MAX-1 */
	char dir[DIAG_NFS_EXPORTS_MAX][DIAG_NFS_NAME_MAX];
};

struct diag_nfs_target {
	const char *server;  /* numeric address */
	const char *path;    /* export */
	unsigned nfsport;    /* 0 = portmapper (v3) / 2049 (v4) */
	unsigned mountport;  /* 0 = portmapper */
	unsigned timeout_ms; /* per call */
	uint64_t deadline_ms; /* the whole run's end (diag_nfs_now_ms()); 0: none */
};

/* The clock deadline_ms is read on (CLOCK_MONOTONIC, milliseconds). */
uint64_t diag_nfs_now_ms(void);

/*
 * The export list (MOUNT3 EXPORT).  0 with *out filled, or -ETIMEDOUT,
 * -ECONNREFUSED, -EIO (anything else; err says what).
 */
int diag_nfs_exports(const struct diag_nfs_target *t,
		     struct diag_nfs_exports *out, char *err, size_t errsz);

struct diag_nfs;

/*
 * Mount t->path with version 3 or 4.  0 with *out set, or a negative errno:
 * -EACCES, -ENOENT, -ECONNREFUSED, -ETIMEDOUT, -EPROTONOSUPPORT (version not
 * spoken), -EIO (other); err holds libnfs's message.
 */
int diag_nfs_mount(const struct diag_nfs_target *t, int version,
		   struct diag_nfs **out, char *err, size_t errsz);
void diag_nfs_close(struct diag_nfs *d);

struct diag_nfs_stat {
	uint64_t size;
	bool is_dir, is_reg;
};

/* path is relative to the export root ("casper/filesystem.squashfs").
 * 0, -ENOENT, -EACCES, -ETIMEDOUT, -EIO. */
int diag_nfs_stat(struct diag_nfs *d, const char *path, struct diag_nfs_stat *st);

/* Read up to len bytes at off into buf; *got is what came back (less at
 * the end of the file).  0 or a negative errno. */
int diag_nfs_read(struct diag_nfs *d, const char *path, uint64_t off,
		  uint8_t *buf, size_t len, size_t *got);

/*
 * List the folder path: calls fn(name, is_dir, arg) per entry ("." and ".."
 * skipped, names longer than DIAG_NFS_NAME_MAX-1 skipped), at most max
 * entries; fn returns non-zero to stop.  The names are the server's raw
 * bytes.  0 or a negative errno: -ETIMEDOUT (no complete listing before
 * the deadline), -EFBIG (the server sent more than DIAG_NFS_LIST_BYTES),
 * -ENOENT, -EACCES, -EIO.  After -ETIMEDOUT or -EFBIG the next call mounts
 * the export again (libnfs keeps no partial listing and cannot cancel one).
 */
int diag_nfs_list(struct diag_nfs *d, const char *path, size_t max,
		  int (*fn)(const char *name, bool is_dir, void *arg), void *arg);

#endif
