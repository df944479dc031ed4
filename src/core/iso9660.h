/*
 * iso9660.h - read an ISO 9660 image's directory tree (with Rock Ridge
 * names, modes and symbolic links) without mounting it.
 *
 * netboot-server uses it to recognise a live ISO (casper/, live/, .disk/)
 * before anything is mounted, to read the kernel, initrd and .disk/info
 * out of it, and to extract the tree where the host kernel has no iso9660.
 * Every byte of the image is hostile: each record is decoded through the
 * bounded cursor, every extent is checked against the image size, every
 * name is checked before anyone joins it to a path, and directory walks
 * are bounded in depth, count and revisits.
 *
 * Pure: the caller hands in a read function (struct iso_io); no syscalls,
 * no allocation.  Joliet is not read: Rock Ridge carries the real names on
 * every Linux live ISO; without it, ISO 9660 names are shown as Linux's
 * isofs shows them by default (lower case, no ";1", no trailing dot).
 * Not supported (refused with -EOPNOTSUPP where met): interleaved files,
 * sector sizes other than 2048, Rock Ridge deep directory relocation
 * (CL/RE entries, only for trees deeper than 8 levels).
 */
#ifndef NETBOOT_ISO9660_H
#define NETBOOT_ISO9660_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ISO_SECTOR       2048u
#define ISO_NAME_MAX     255u
#define ISO_PATH_MAX     1023u
#define ISO_DIR_MAX      (16u << 20) /* one directory's extent, bytes */
#define ISO_DESC_MAX     64u         /* volume descriptors scanned */
#define ISO_CE_MAX       8u          /* continuation areas of one entry */
#define ISO_EXTENTS_MAX  64u         /* parts of one multi-extent file */
#define ISO_LINK_HOPS    8u          /* symlinks followed by iso_lookup */
#define ISO_WALK_DEPTH   32u
#define ISO_WALK_DIRS    65536u      /* directories one walk visits */

/* The image: read exactly len bytes at off into buf; 0 or a negative
 * errno.  size is the image's size in bytes. */
struct iso_io {
	int (*read)(void *ctx, uint64_t off, void *buf, size_t len);
	void *ctx;
	uint64_t size;
};

struct iso_extent {
	uint32_t lba;
	uint32_t len;
};

struct iso_vol {
	char volume_id[33]; /* printable ASCII, trailing blanks trimmed */
	uint32_t blocks;    /* volume space size, sectors */
	struct iso_extent root;
	bool rock_ridge;    /* SUSP "SP" + Rock Ridge entries on the root */
	uint8_t susp_skip;  /* SP's LEN_SKP */
};

enum iso_type {
	ISO_REG,
	ISO_DIR,
	ISO_LNK,
	ISO_OTHER, /* device, fifo, socket (Rock Ridge PX) */
};

struct iso_entry {
	char name[ISO_NAME_MAX + 1];
	enum iso_type type;
	uint64_t size;                          /* bytes, all extents */
	struct iso_extent ext[ISO_EXTENTS_MAX]; /* in file order */
	unsigned n_ext;
	uint32_t mode;                          /* Rock Ridge PX, or 0 */
	char link[ISO_PATH_MAX + 1];            /* ISO_LNK: the target */
};

/* Read the primary volume descriptor and the root's Rock Ridge marks.
 * 0; -EBADMSG not an ISO 9660 image (or a malformed one); -EOPNOTSUPP a
 * block size other than 2048; or the read function's error. */
int iso_open(const struct iso_io *io, struct iso_vol *v);

/*
 * Call fn for each entry of the directory dir ("." and ".." skipped, a
 * multi-extent file once).  fn returns 0 to go on, > 0 to stop (returned
 * as is) or < 0 (returned).  An entry whose name is unusable (empty, ".",
 * "..", '/', NUL or a control byte), whose extent leaves the image, or
 * that this reader does not support is passed to bad (may be NULL) with
 * the reason and skipped; a malformed directory record stops the walk
 * with -EBADMSG.
 */
typedef int (*iso_entry_fn)(void *arg, const struct iso_entry *e);
typedef void (*iso_bad_fn)(void *arg, const char *name, const char *why);
int iso_dir_each(const struct iso_io *io, const struct iso_vol *v,
		 const struct iso_extent *dir, iso_entry_fn fn, iso_bad_fn bad,
		 void *arg);

/*
 * Find an absolute path ("/casper/vmlinuz"), following symbolic links
 * (at most ISO_LINK_HOPS, never out of the image's root).  0 with *e;
 * -ENOENT absent; -ELOOP too many links; -ENAMETOOLONG; -EBADMSG.
 */
int iso_lookup(const struct iso_io *io, const struct iso_vol *v,
	       const char *path, struct iso_entry *e);

/*
 * Walk the whole tree depth first: fn(arg, path, e) for every entry, path
 * being "/dir/name".  Bounded by ISO_WALK_DEPTH, ISO_WALK_DIRS and a
 * directory visited twice (a loop) is reported to bad and not entered.
 */
typedef int (*iso_walk_fn)(void *arg, const char *path, const struct iso_entry *e);
int iso_walk(const struct iso_io *io, const struct iso_vol *v,
	     iso_walk_fn fn, iso_bad_fn bad, void *arg);

/* Is this a name a path may be built from (see iso_dir_each)? */
bool iso_name_ok(const char *name);

#endif
