/*
 * squash.c - squashfs 4.0 superblock checks and the live media search.
 *
 * The superblock is 96 little-endian bytes (struct squashfs_super_block in
 * the kernel's fs/squashfs/squashfs_fs.h); it is read field by field
 * through the bounded cursor, never cast.  The checks follow
 * squashfs_fill_super() in fs/squashfs/super.c and
 * supported_squashfs_filesystem(), plus the table-order checks the kernel
 * makes once it has read the tables.  The search follows casper's
 * scripts/casper (LIVE_MEDIA_PATH=casper, setup_overlay()'s LAYERFS_PATH
 * chain) and live-boot's default live/ directory.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cur.h"
#include "squash.h"

/* Other magics squashfs has worn (squashfs-tools' squashfs_compat.h). */
#define SQUASH_MAGIC_SWAP      0x68737173u /* big-endian, 3.x and older */
#define SQUASH_MAGIC_LZMA      0x71736873u /* out-of-tree squashfs-lzma */
#define SQUASH_MAGIC_LZMA_SWAP 0x73687371u

static const char *const comp_names[] = {
	[SQUASH_COMP_GZIP] = "gzip",
	[SQUASH_COMP_LZMA] = "lzma",
	[SQUASH_COMP_LZO] = "lzo",
	[SQUASH_COMP_XZ] = "xz",
	[SQUASH_COMP_LZ4] = "lz4",
	[SQUASH_COMP_ZSTD] = "zstd",
};

const char *squash_comp_name(unsigned id)
{
	if (id == 0 || id > SQUASH_COMP_MAX)
		return "unknown";
	return comp_names[id];
}

int squash_sb_parse(const uint8_t *buf, size_t len, struct squash_sb *out)
{
	struct squash_sb s;
	struct cur c;

	cur_init(&c, buf, len);
	if (cur_le32(&c, &s.magic) || cur_le32(&c, &s.inodes) ||
	    cur_le32(&c, &s.mkfs_time) || cur_le32(&c, &s.block_size) ||
	    cur_le32(&c, &s.fragments) || cur_le16(&c, &s.compression) ||
	    cur_le16(&c, &s.block_log) || cur_le16(&c, &s.flags) ||
	    cur_le16(&c, &s.no_ids) || cur_le16(&c, &s.major) ||
	    cur_le16(&c, &s.minor) || cur_le64(&c, &s.root_inode) ||
	    cur_le64(&c, &s.bytes_used) || cur_le64(&c, &s.id_table_start) ||
	    cur_le64(&c, &s.xattr_id_table_start) ||
	    cur_le64(&c, &s.inode_table_start) ||
	    cur_le64(&c, &s.directory_table_start) ||
	    cur_le64(&c, &s.fragment_table_start) ||
	    cur_le64(&c, &s.lookup_table_start))
		return -EBADMSG;
	*out = s;
	return 0;
}

/* An optional table: absent, or starting inside the image. */
static bool opt_table_ok(uint64_t start, uint64_t used)
{
	return start == SQUASH_INVALID_BLK || start < used;
}

#define WHY(...) do { if (why && whysz) snprintf(why, whysz, __VA_ARGS__); } while (0)

int squash_sb_check(const struct squash_sb *sb, const struct squash_env *env,
		    char *why, size_t whysz)
{
	uint64_t used = sb->bytes_used;
	uint32_t bs = sb->block_size;

	switch (sb->magic) {
	case SQUASH_MAGIC:
		break;
	case SQUASH_MAGIC_SWAP:
		WHY("big-endian squashfs (3.x or older): kernels read only squashfs 4.0; rebuild it with mksquashfs 4");
		return -EPROTONOSUPPORT;
	case SQUASH_MAGIC_LZMA:
	case SQUASH_MAGIC_LZMA_SWAP:
		WHY("squashfs-lzma (3.x) image: kernels read only squashfs 4.0; rebuild it with mksquashfs -comp xz");
		return -EPROTONOSUPPORT;
	default:
		WHY("not a squashfs image (magic 0x%08x, expected 0x%08x \"hsqs\")",
		    (unsigned)sb->magic, SQUASH_MAGIC);
		return -ENOMSG;
	}

	/* supported_squashfs_filesystem(): exactly 4.0. */
	if (sb->major < 4) {
		WHY("squashfs %u.%u images are not supported by modern kernels (they read 4.0); rebuild it with mksquashfs 4",
		    sb->major, sb->minor);
		return -EPROTONOSUPPORT;
	}
	if (sb->major > 4 || sb->minor > 0) {
		WHY("squashfs %u.%u is newer than 4.0, the version kernels read",
		    sb->major, sb->minor);
		return -EPROTONOSUPPORT;
	}
	if (sb->compression == 0 || sb->compression > SQUASH_COMP_MAX) {
		WHY("unknown squashfs compression id %u", sb->compression);
		return -EBADMSG;
	}

	/* Sizes.  The kernel: bytes_used <= device size, block_size <=
	 * SQUASHFS_FILE_MAX_SIZE, block_log <= 20 and 1 << block_log ==
	 * block_size; mksquashfs writes 4 KiB .. 1 MiB powers of two. */
	if (used < SQUASH_SB_SIZE) {
		WHY("superblock says the image is only %llu bytes", (unsigned long long)used);
		return -EBADMSG;
	}
	if (env && env->file_size && used > env->file_size) {
		WHY("image is truncated: superblock says %llu bytes, file has %llu",
		    (unsigned long long)used, (unsigned long long)env->file_size);
		return -EBADMSG;
	}
	if (bs < SQUASH_BLOCK_MIN || bs > SQUASH_BLOCK_MAX || (bs & (bs - 1))) {
		WHY("block size %u is not a power of two from 4 KiB to 1 MiB", (unsigned)bs);
		return -EBADMSG;
	}
	if (sb->block_log > 20 || (1u << sb->block_log) != bs) {
		WHY("block_log %u does not match block size %u", sb->block_log, (unsigned)bs);
		return -EBADMSG;
	}
	if (sb->inodes == 0) {
		WHY("the image has no inodes");
		return -EBADMSG;
	}
	if (sb->no_ids == 0) {
		WHY("the image has no uid/gid table");
		return -EBADMSG;
	}

	/* Tables: inode < directory < id index < end, the root inode inside
	 * the inode table (SQUASHFS_INODE_BLK/OFFSET), optional tables either
	 * absent (SQUASHFS_INVALID_BLK) or inside. */
	if (!(sb->inode_table_start < sb->directory_table_start &&
	      sb->directory_table_start < sb->id_table_start &&
	      sb->id_table_start < used) ||
	    !opt_table_ok(sb->xattr_id_table_start, used) ||
	    !opt_table_ok(sb->lookup_table_start, used) ||
	    (sb->fragments && sb->fragment_table_start >= used) ||
	    ((sb->flags & SQUASH_FLAG_EXPORT) && sb->lookup_table_start == SQUASH_INVALID_BLK)) {
		WHY("squashfs table offsets are inconsistent (inode 0x%llx, directory 0x%llx, ids 0x%llx, size 0x%llx): the image is damaged",
		    (unsigned long long)sb->inode_table_start,
		    (unsigned long long)sb->directory_table_start,
		    (unsigned long long)sb->id_table_start, (unsigned long long)used);
		return -EBADMSG;
	}
	if ((sb->root_inode & 0xffff) > SQUASH_METADATA_SIZE ||
	    (sb->root_inode >> 16) >= sb->directory_table_start - sb->inode_table_start) {
		WHY("root inode reference 0x%llx points outside the inode table: the image is damaged",
		    (unsigned long long)sb->root_inode);
		return -EBADMSG;
	}

	/* This kernel.  Mainline has no lzma decompressor at all
	 * (fs/squashfs/decompressor.c: squashfs_lzma_unsupported_comp_ops). */
	if (sb->compression == SQUASH_COMP_LZMA) {
		WHY("compressed with lzma, which no Linux kernel can read; rebuild it with mksquashfs -comp xz");
		return -EOPNOTSUPP;
	}
	if (env && env->comp_mask && !(env->comp_mask & SQUASH_COMP_BIT(sb->compression))) {
		WHY("compressed with %s, which this kernel cannot read", squash_comp_name(sb->compression));
		return -EOPNOTSUPP;
	}
	if (env && env->page_size && bs < env->page_size) {
		WHY("block size %u is smaller than this kernel's page size %u, which squashfs does not support",
		    (unsigned)bs, (unsigned)env->page_size);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* The values of names[0..n) in kernel .config text, in one pass (a
 * config is ~8000 lines; a pass per name cost ~0.5 ms natively, several
 * under qemu TCG, on every boot): for each name, 'y', 'm', ... from its
 * first "NAME=v" line, 'n' from a "# NAME is not set" line, 0 when it is
 * absent.  Only lines that start with prefix (after "# ") are compared,
 * and every name starts with prefix. */
static void config_values(const char *buf, size_t len, const char *prefix,
			  const char *const *names, int *vals, size_t n)
{
	size_t pl = strlen(prefix), i = 0, k;

	for (k = 0; k < n; k++)
		vals[k] = 0;
	while (i < len) {
		const char *s = buf + i, *eol = memchr(s, '\n', len - i);
		size_t sl = eol ? (size_t)(eol - s) : len - i;
		bool unset = sl > 2 && s[0] == '#' && s[1] == ' ';

		i += sl + 1;
		if (unset) {
			s += 2;
			sl -= 2;
		}
		if (sl <= pl || memcmp(s, prefix, pl))
			continue;
		for (k = 0; k < n; k++) {
			size_t nl = strlen(names[k]);

			if (vals[k] || sl < nl || memcmp(s, names[k], nl))
				continue;
			if (!unset && sl == nl + 2 && s[nl] == '=')
				vals[k] = (unsigned char)s[nl + 1];
			else if (unset && sl == nl + 11 && !memcmp(s + nl, " is not set", 11))
				vals[k] = 'n';
		}
	}
}

int squash_comp_mask_from_config(const char *buf, size_t len, uint32_t *mask)
{
	static const char *const names[] = {
		"CONFIG_SQUASHFS", "CONFIG_SQUASHFS_ZLIB", "CONFIG_SQUASHFS_LZO",
		"CONFIG_SQUASHFS_XZ", "CONFIG_SQUASHFS_LZ4", "CONFIG_SQUASHFS_ZSTD",
	};
	static const unsigned ids[] = {
		0, SQUASH_COMP_GZIP, SQUASH_COMP_LZO, SQUASH_COMP_XZ, SQUASH_COMP_LZ4,
		SQUASH_COMP_ZSTD,
	};
	int v[sizeof(names) / sizeof(names[0])];
	uint32_t m = 0;

	config_values(buf, len, "CONFIG_SQUASHFS", names, v, sizeof(names) / sizeof(names[0]));
	if (v[0] != 'y' && v[0] != 'm')
		return -ENOENT;
	if (v[1] == 'y' || v[1] == 0) /* zlib: on unless said otherwise */
		m |= SQUASH_COMP_BIT(SQUASH_COMP_GZIP);
	for (size_t i = 2; i < sizeof(names) / sizeof(names[0]); i++)
		if (v[i] == 'y')
			m |= SQUASH_COMP_BIT(ids[i]);
	*mask = m;
	return 0;
}

/* ---- where the image is ------------------------------------------------ */

/* Normalise a path to "a/b/c": no leading, trailing or doubled slashes, no
 * "." components; ".." is refused.  0, -EINVAL or -ENOBUFS. */
static int norm_path(const char *in, char *dst, size_t dstsz)
{
	char buf[SQUASH_PATH_MAX + 1];
	size_t o = 0;

	while (*in) {
		const char *end = strchr(in, '/');
		size_t n = end ? (size_t)(end - in) : strlen(in);

		if (n == 2 && in[0] == '.' && in[1] == '.')
			return -EINVAL;
		if (n && !(n == 1 && in[0] == '.')) {
			if (o + (o ? 1 : 0) + n >= sizeof(buf))
				return -ENOBUFS;
			if (o)
				buf[o++] = '/';
			memcpy(buf + o, in, n);
			o += n;
		}
		in += n;
		if (*in == '/')
			in++;
	}
	if (o >= dstsz)
		return -ENOBUFS;
	memcpy(dst, buf, o);
	dst[o] = '\0';
	return 0;
}

static int join(const char *dir, const char *name, char *dst, size_t dstsz)
{
	int n = snprintf(dst, dstsz, "%s%s%s", dir, dir[0] ? "/" : "", name);

	return n < 0 || (size_t)n >= dstsz ? -ENOBUFS : 0;
}

int squash_media_dir(const struct cmdline *cl, char *dst, size_t dstsz)
{
	const char *src = cl->media_path[0] ? cl->media_path :
			  cl->boot == CMDLINE_BOOT_LIVE ? "live" : "casper";

	return norm_path(src, dst, dstsz);
}

static int add_path(struct squash_paths *p, const char *dir, const char *name)
{
	char t[SQUASH_PATH_MAX + 1];

	if (join(dir, name, t, sizeof(t)))
		return -ENOBUFS;
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->path[i], t))
			return 0;
	if (p->n == SQUASH_PATHS_MAX)
		return -ENOBUFS;
	memcpy(p->path[p->n++], t, strlen(t) + 1);
	return 0;
}

static const char FS_NAME[] = "filesystem.squashfs";
static const char LAYERED_DESKTOP[] = "minimal.standard.live.squashfs";

int squash_candidates(const struct cmdline *cl, struct squash_paths *out)
{
	struct squash_paths p; /* built aside: out is written only on success */
	char media[SQUASH_PATH_MAX + 1];
	int r;

	p.n = 0;
	r = squash_media_dir(cl, media, sizeof(media));
	if (r)
		return r;
	if ((r = add_path(&p, media, FS_NAME)) ||
	    (cl->boot != CMDLINE_BOOT_LIVE && (r = add_path(&p, media, LAYERED_DESKTOP))) ||
	    (r = add_path(&p, "casper", FS_NAME)) ||
	    (r = add_path(&p, "live", FS_NAME)) ||
	    (r = add_path(&p, "", FS_NAME)))
		return r;
	memcpy(out, &p, sizeof(p));
	return 0;
}

int squash_layers(const struct cmdline *cl, struct squash_paths *out)
{
	struct squash_paths p;
	char full[SQUASH_PATH_MAX + 1], media[SQUASH_PATH_MAX + 1];
	char name[SQUASH_PATH_MAX + 1], t[SQUASH_PATH_MAX + 1];
	const char *lp = cl->layerfs_path, *base, *ext, *dot;
	size_t dirlen, depth = 1;
	int r;

	if (!lp[0])
		return -ENOENT;
	if (!strncmp(lp, "/cdrom/", 7))
		r = norm_path(lp + 7, full, sizeof(full));
	else if (lp[0] == '/')
		r = norm_path(lp + 1, full, sizeof(full));
	else if (!(r = squash_media_dir(cl, media, sizeof(media))) &&
		 !(r = join(media, lp, t, sizeof(t))))
		r = norm_path(t, full, sizeof(full));
	if (r)
		return r;

	base = strrchr(full, '/');
	base = base ? base + 1 : full;
	dirlen = base > full ? (size_t)(base - full) - 1 : 0;
	ext = strrchr(base, '.');
	if (!ext || ext == base || !ext[1])
		return -EINVAL;
	memcpy(name, base, (size_t)(ext - base));
	name[ext - base] = '\0';
	ext++;
	/* Every '.'-separated part of the name must be non-empty. */
	if (name[0] == '.' || strstr(name, "..") || name[strlen(name) - 1] == '.')
		return -EINVAL;
	for (dot = name; (dot = strchr(dot, '.')); dot++)
		depth++;
	if (depth > SQUASH_PATHS_MAX)
		return -ENOBUFS;

	/* Bottom first: the shortest name is the base layer. */
	p.n = 0;
	for (size_t i = 0; i < depth; i++) {
		size_t cut = strlen(name);
		size_t drop = depth - 1 - i;
		char dirbuf[SQUASH_PATH_MAX + 1];

		for (size_t k = cut; k > 0 && drop; k--) {
			if (name[k - 1] == '.') {
				cut = k - 1;
				drop--;
			}
		}
		memcpy(dirbuf, full, dirlen);
		dirbuf[dirlen] = '\0';
		if (snprintf(t, sizeof(t), "%.*s.%s", (int)cut, name, ext) >= (int)sizeof(t) ||
		    add_path(&p, dirbuf, t))
			return -ENOBUFS;
	}
	memcpy(out, &p, sizeof(p));
	return 0;
}

int squash_hint(const struct cmdline *cl, const char *found, char *dst,
		size_t dstsz)
{
	char media[SQUASH_PATH_MAX + 1], dir[SQUASH_PATH_MAX + 1];
	char buf[3 * SQUASH_PATH_MAX + 160];
	const char *base = strrchr(found, '/');
	int n, r;

	r = squash_media_dir(cl, media, sizeof(media));
	if (r)
		return r;
	base = base ? base + 1 : found;
	if ((size_t)(base - found) > sizeof(dir))
		return -ENOBUFS;
	memcpy(dir, found, base > found ? (size_t)(base - found) - 1 : 0);
	dir[base > found ? base - found - 1 : 0] = '\0';

	if (!strcmp(base, FS_NAME)) {
		if (!strcmp(dir, media))
			return -EINVAL; /* where it was expected: nothing to hint */
		if (dir[0])
			n = snprintf(buf, sizeof(buf),
				     "found %s at %s instead; use live-media-path=%s",
				     FS_NAME, found, dir);
		else
			n = snprintf(buf, sizeof(buf),
				     "found %s at the export root instead; use live-media-path=.",
				     FS_NAME);
	} else if (strcmp(dir, media)) {
		n = snprintf(buf, sizeof(buf),
			     "found the layered image %s; use live-media-path=%s layerfs-path=%s",
			     found, dir[0] ? dir : ".", base);
	} else {
		n = snprintf(buf, sizeof(buf), "found the layered image %s; use layerfs-path=%s",
			     found, base);
	}
	if (n < 0 || (size_t)n >= sizeof(buf) || (size_t)n >= dstsz)
		return -ENOBUFS;
	memcpy(dst, buf, (size_t)n + 1);
	return 0;
}
