/*
 * squash.h - is this file a squashfs image this kernel can mount, and where
 * on the export should the live image be?
 *
 * Pure.  The edge reads the first SQUASH_SB_SIZE bytes and the file size
 * (src/sys/mnt.h: mnt_read_head()); squash_sb_parse() decodes them
 * through the bounded cursor and squash_sb_check() applies the checks the
 * kernel's squashfs_fill_super() applies (fs/squashfs/super.c), before
 * the loop mount, so the console says why instead of "invalid argument".
 * The search half turns boot=, live-media-path= and layerfs-path= into the
 * relative paths to try, in order; the phase stats them on the mount.
 */
#ifndef NETBOOT_SQUASH_H
#define NETBOOT_SQUASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmdline.h"

#define SQUASH_SB_SIZE 96          /* struct squashfs_super_block */
#define SQUASH_MAGIC   0x73717368u /* "hsqs" read little-endian */
#define SQUASH_BLOCK_MIN 4096u     /* mksquashfs -b lower bound */
#define SQUASH_BLOCK_MAX 1048576u  /* SQUASHFS_FILE_MAX_SIZE */
#define SQUASH_METADATA_SIZE 8192u /* SQUASHFS_METADATA_SIZE */
#define SQUASH_INVALID_BLK UINT64_MAX

/* Compression ids (fs/squashfs/squashfs_fs.h). */
enum squash_comp {
	SQUASH_COMP_GZIP = 1, /* zlib */
	SQUASH_COMP_LZMA = 2, /* legacy; mainline kernels never read it */
	SQUASH_COMP_LZO  = 3,
	SQUASH_COMP_XZ   = 4,
	SQUASH_COMP_LZ4  = 5,
	SQUASH_COMP_ZSTD = 6,
	SQUASH_COMP_MAX  = 6,
};
#define SQUASH_COMP_BIT(id) (1u << (id))

/* "gzip", "lzma", "lzo", "xz", "lz4", "zstd"; "unknown" otherwise. */
const char *squash_comp_name(unsigned id);

/* Superblock flags (fs/squashfs/squashfs_fs.h bit numbers). */
#define SQUASH_FLAG_NOI       (1u << 0)  /* inodes uncompressed */
#define SQUASH_FLAG_NOD       (1u << 1)  /* data uncompressed */
#define SQUASH_FLAG_NOF       (1u << 3)  /* fragments uncompressed */
#define SQUASH_FLAG_NO_FRAG   (1u << 4)  /* no fragments */
#define SQUASH_FLAG_ALWAYS_FRAG (1u << 5)
#define SQUASH_FLAG_DUPLICATE (1u << 6)  /* duplicates removed */
#define SQUASH_FLAG_EXPORT    (1u << 7)  /* NFS-exportable (lookup table) */
#define SQUASH_FLAG_NOX       (1u << 8)  /* xattrs uncompressed */
#define SQUASH_FLAG_NO_XATTR  (1u << 9)
#define SQUASH_FLAG_COMP_OPT  (1u << 10) /* compressor options follow */
#define SQUASH_FLAG_NOID      (1u << 11) /* id table uncompressed */

/* The superblock, decoded, host order. */
struct squash_sb {
	uint32_t magic;
	uint32_t inodes;
	uint32_t mkfs_time;
	uint32_t block_size;
	uint32_t fragments;
	uint16_t compression;
	uint16_t block_log;
	uint16_t flags;
	uint16_t no_ids;
	uint16_t major, minor;
	uint64_t root_inode;
	uint64_t bytes_used;
	uint64_t id_table_start;
	uint64_t xattr_id_table_start;
	uint64_t inode_table_start;
	uint64_t directory_table_start;
	uint64_t fragment_table_start;
	uint64_t lookup_table_start;
};

/* Decode the first len bytes of an image.  0, or -EBADMSG when len is
 * shorter than SQUASH_SB_SIZE (a file that small is not an image).
 * Decoding only: squash_sb_check() judges. */
int squash_sb_parse(const uint8_t *buf, size_t len, struct squash_sb *out);

/* What the edge learned about the running kernel and the file. */
struct squash_env {
	uint64_t file_size;  /* bytes; 0 = unknown, not checked */
	uint32_t comp_mask;  /* SQUASH_COMP_BIT()s this kernel reads; 0 = unknown */
	uint32_t page_size;  /* getpagesize(); 0 = unknown */
};

/*
 * Would the kernel mount this?  Returns 0, or a negative errno with a
 * sentence in why (why is written only on failure; truncated to whysz):
 *  -ENOMSG          not a squashfs image ("not a squashfs image (magic 0x...)")
 *  -EPROTONOSUPPORT a squashfs this kernel cannot read: 3.x and older, the
 *                   big-endian and the squashfs-lzma magics, newer majors
 *  -EBADMSG         a field fails a sanity check, or the image is truncated
 *                   ("image is truncated: superblock says N bytes, file has M")
 *  -EOPNOTSUPP      valid, but not for this kernel: its compressor is not
 *                   in env->comp_mask, or its block size is below the page size
 */
int squash_sb_check(const struct squash_sb *sb, const struct squash_env *env,
		    char *why, size_t whysz);

/*
 * The compressors a kernel's squashfs reads, from its .config text
 * (/boot/config-VERSION copied by the initramfs hook, or /proc/config.gz
 * inflated): CONFIG_SQUASHFS_{ZLIB,LZO,XZ,LZ4,ZSTD}=y.  gzip is also taken
 * as readable when CONFIG_SQUASHFS=y|m but ZLIB is absent from the text
 * (older kernels had zlib unconditionally).  lzma never is.
 * 0 with *mask set, or -ENOENT when the text has no CONFIG_SQUASHFS=y|m.
 */
int squash_comp_mask_from_config(const char *buf, size_t len, uint32_t *mask);

/* The largest kernel .config netboot and netboot-diag read (configs are
 * ~250-300 KiB); a larger one leaves the compressor unchecked, and they
 * say so. */
#define SQUASH_CONFIG_MAX (1u << 20)

/* ---- where the image is ------------------------------------------------ */

#define SQUASH_PATH_MAX  CMDLINE_PATH_MAX
#define SQUASH_PATHS_MAX 8

struct squash_paths {
	size_t n;
	char path[SQUASH_PATHS_MAX][SQUASH_PATH_MAX + 1];
};

/*
 * The media directory relative to the export root, without slashes at
 * either end ("" = the root): live-media-path= when set, else "casper" for
 * boot=casper, "live" for boot=live (live-boot's default), else "casper".
 * 0, -EINVAL (a ".." component) or -ENOBUFS.
 */
int squash_media_dir(const struct cmdline *cl, char *dst, size_t dstsz);

/*
 * Paths of the root image to try, relative to the export root, best
 * first.  path[0] is where the command line says it is
 * (MEDIA/filesystem.squashfs); the rest are the usual places people put it
 * instead, deduplicated: for casper the layered desktop image
 * MEDIA/minimal.standard.live.squashfs (Ubuntu 23.10 and later, which needs
 * layerfs-path=), then casper/, live/ and the export root.  Not used with
 * layerfs-path= (see squash_layers()).  0, -EINVAL or -ENOBUFS.
 */
int squash_candidates(const struct cmdline *cl, struct squash_paths *out);

/*
 * casper's layerfs-path=: the image and every layer below it, bottom
 * first, all of which must exist.  As casper's setup_overlay(), the name is
 * cut at its last '.' repeatedly: layerfs-path=minimal.standard.live.squashfs
 * gives MEDIA/minimal.squashfs, MEDIA/minimal.standard.squashfs,
 * MEDIA/minimal.standard.live.squashfs.  A relative layerfs-path= is
 * relative to the media directory; an absolute one names a path in the
 * initrd, where casper mounts the medium on /cdrom, so "/cdrom/" is
 * stripped, and any other absolute path is taken from the export root.
 * 0, -ENOENT (no layerfs-path=), -EINVAL (no extension, "..") or -ENOBUFS.
 */
int squash_layers(const struct cmdline *cl, struct squash_paths *out);

/*
 * The hint for an image found at candidate found (a path from
 * squash_candidates()) instead of path[0], e.g.
 *   "found filesystem.squashfs at live/filesystem.squashfs instead; use live-media-path=live"
 *   "found the layered image casper/minimal.standard.live.squashfs; use layerfs-path=minimal.standard.live.squashfs"
 * 0 or -ENOBUFS; dst written only on success.
 */
int squash_hint(const struct cmdline *cl, const char *found, char *dst,
		size_t dstsz);

#endif
