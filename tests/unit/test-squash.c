/*
 * test-squash.c - unit tests for src/core/squash.c: superblock decoding
 * (a byte-array fixture taken from a real mksquashfs 4.5 image), one
 * fixture per failure class of squash_sb_check(), the kernel .config
 * reader, the live media search, and, when mksquashfs is installed, real
 * images built into a temporary directory (no root needed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "squash.h"

/* The first 96 bytes of "mksquashfs src img -comp gzip" over two files and
 * a directory: 5 inodes, 128 KiB blocks, 1 fragment, 0x124 bytes used. */
static const uint8_t sb_gzip[SQUASH_SB_SIZE] = {
	0x68, 0x73, 0x71, 0x73, 0x05, 0x00, 0x00, 0x00, 0x3e, 0xb7, 0x06, 0x6b,
	0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x11, 0x00,
	0xc0, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x24, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x1c, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0x68, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xac, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xee, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x0e, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

#define ALL_COMP (SQUASH_COMP_BIT(SQUASH_COMP_GZIP) | SQUASH_COMP_BIT(SQUASH_COMP_LZO) | \
		  SQUASH_COMP_BIT(SQUASH_COMP_XZ) | SQUASH_COMP_BIT(SQUASH_COMP_LZ4) | \
		  SQUASH_COMP_BIT(SQUASH_COMP_ZSTD))

static const struct squash_env env_all = { 4096, ALL_COMP, 4096 };

/* Patch little-endian fields of a copy of the fixture. */
static void put_le(uint8_t *b, size_t off, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

enum {
	O_MAGIC = 0, O_INODES = 4, O_BSIZE = 12, O_FRAGS = 16, O_COMP = 20,
	O_BLOG = 22, O_FLAGS = 24, O_IDS = 26, O_MAJOR = 28, O_MINOR = 30,
	O_ROOT = 32, O_USED = 40, O_IDT = 48, O_XATTR = 56, O_INODE_T = 64,
	O_DIR_T = 72, O_FRAG_T = 80, O_LOOKUP_T = 88,
};

static void test_parse_fixture(void **state)
{
	struct squash_sb sb;

	(void)state;
	assert_int_equal(squash_sb_parse(sb_gzip, sizeof(sb_gzip), &sb), 0);
	assert_int_equal(sb.magic, SQUASH_MAGIC);
	assert_int_equal(sb.inodes, 5);
	assert_int_equal(sb.mkfs_time, 0x6b06b73e);
	assert_int_equal(sb.block_size, 131072);
	assert_int_equal(sb.fragments, 1);
	assert_int_equal(sb.compression, SQUASH_COMP_GZIP);
	assert_int_equal(sb.block_log, 17);
	assert_int_equal(sb.flags, SQUASH_FLAG_DUPLICATE | SQUASH_FLAG_EXPORT);
	assert_int_equal(sb.no_ids, 1);
	assert_int_equal(sb.major, 4);
	assert_int_equal(sb.minor, 0);
	assert_int_equal(sb.root_inode, 0x80);
	assert_int_equal(sb.bytes_used, 0x124);
	assert_int_equal(sb.id_table_start, 0x11c);
	assert_true(sb.xattr_id_table_start == SQUASH_INVALID_BLK);
	assert_int_equal(sb.inode_table_start, 0x68);
	assert_int_equal(sb.directory_table_start, 0xac);
	assert_int_equal(sb.fragment_table_start, 0xee);
	assert_int_equal(sb.lookup_table_start, 0x10e);

	/* a longer buffer is fine: only the first 96 bytes count */
	uint8_t big[4096] = { 0 };
	memcpy(big, sb_gzip, sizeof(sb_gzip));
	assert_int_equal(squash_sb_parse(big, sizeof(big), &sb), 0);
	assert_int_equal(sb.bytes_used, 0x124);
}

static void test_parse_short(void **state)
{
	struct squash_sb sb;

	(void)state;
	memset(&sb, 0xa5, sizeof(sb));
	assert_int_equal(squash_sb_parse(sb_gzip, SQUASH_SB_SIZE - 1, &sb), -EBADMSG);
	assert_int_equal(squash_sb_parse(sb_gzip, 0, &sb), -EBADMSG);
	assert_int_equal(squash_sb_parse(NULL, 96, &sb), -EBADMSG);
	assert_int_equal(sb.magic, 0xa5a5a5a5);
}

static void test_check_valid(void **state)
{
	struct squash_sb sb;
	char why[200] = "untouched";
	struct squash_env none = { 0, 0, 0 };

	(void)state;
	assert_int_equal(squash_sb_parse(sb_gzip, sizeof(sb_gzip), &sb), 0);
	assert_int_equal(squash_sb_check(&sb, &env_all, why, sizeof(why)), 0);
	assert_string_equal(why, "untouched");
	assert_int_equal(squash_sb_check(&sb, &none, why, sizeof(why)), 0);
	assert_int_equal(squash_sb_check(&sb, NULL, NULL, 0), 0);
}

struct patch {
	size_t off;
	uint64_t v;
	size_t n;
};

struct row {
	const char *name;
	struct patch p[3];
	int err;
	const char *why; /* exact, or a prefix when it ends in '*' */
	const struct squash_env *env;
};

static const struct squash_env env_gz_xz = {
	4096, SQUASH_COMP_BIT(SQUASH_COMP_GZIP) | SQUASH_COMP_BIT(SQUASH_COMP_XZ), 4096
};
static const struct squash_env env_64k = { 4096, ALL_COMP, 65536 };
static const struct squash_env env_big_file = { 1u << 20, ALL_COMP, 4096 };

static const struct row fail_rows[] = {
	{ "magic", { { O_MAGIC, 0x12345678, 4 } }, -ENOMSG,
	  "not a squashfs image (magic 0x12345678, expected 0x73717368 \"hsqs\")", NULL },
	{ "zeros", { { O_MAGIC, 0, 4 } }, -ENOMSG, "not a squashfs image (magic 0x00000000*", NULL },
	{ "big-endian", { { O_MAGIC, 0x68737173, 4 } }, -EPROTONOSUPPORT,
	  "big-endian squashfs (3.x or older)*", NULL },
	{ "lzma-3", { { O_MAGIC, 0x71736873, 4 } }, -EPROTONOSUPPORT, "squashfs-lzma (3.x) image*", NULL },
	{ "lzma-3-swap", { { O_MAGIC, 0x73687371, 4 } }, -EPROTONOSUPPORT, "squashfs-lzma*", NULL },
	{ "3.1", { { O_MAJOR, 3, 2 }, { O_MINOR, 1, 2 } }, -EPROTONOSUPPORT,
	  "squashfs 3.1 images are not supported by modern kernels (they read 4.0); rebuild it with mksquashfs 4", NULL },
	{ "5.0", { { O_MAJOR, 5, 2 } }, -EPROTONOSUPPORT,
	  "squashfs 5.0 is newer than 4.0, the version kernels read", NULL },
	{ "4.1", { { O_MINOR, 1, 2 } }, -EPROTONOSUPPORT, "squashfs 4.1 is newer*", NULL },
	{ "comp0", { { O_COMP, 0, 2 } }, -EBADMSG, "unknown squashfs compression id 0", NULL },
	{ "comp7", { { O_COMP, 7, 2 } }, -EBADMSG, "unknown squashfs compression id 7", NULL },
	{ "used<sb", { { O_USED, 50, 8 } }, -EBADMSG, "superblock says the image is only 50 bytes", NULL },
	{ "truncated", { { O_USED, 5000, 8 } }, -EBADMSG,
	  "image is truncated: superblock says 5000 bytes, file has 4096", NULL },
	{ "truncated-huge", { { O_USED, UINT64_MAX - 1, 8 } }, -EBADMSG,
	  "image is truncated: superblock says 18446744073709551614 bytes, file has 4096", NULL },
	{ "bs-not-pow2", { { O_BSIZE, 3000, 4 } }, -EBADMSG,
	  "block size 3000 is not a power of two from 4 KiB to 1 MiB", NULL },
	{ "bs-2k", { { O_BSIZE, 2048, 4 }, { O_BLOG, 11, 2 } }, -EBADMSG, "block size 2048 is not*", NULL },
	{ "bs-2M", { { O_BSIZE, 2u << 20, 4 }, { O_BLOG, 21, 2 } }, -EBADMSG, "block size 2097152 is not*", NULL },
	{ "bs-0", { { O_BSIZE, 0, 4 } }, -EBADMSG, "block size 0 is not*", NULL },
	{ "blog", { { O_BLOG, 16, 2 } }, -EBADMSG, "block_log 16 does not match block size 131072", NULL },
	{ "blog-huge", { { O_BLOG, 40, 2 } }, -EBADMSG, "block_log 40 does not match*", NULL },
	{ "inodes0", { { O_INODES, 0, 4 } }, -EBADMSG, "the image has no inodes", NULL },
	{ "ids0", { { O_IDS, 0, 2 } }, -EBADMSG, "the image has no uid/gid table", NULL },
	{ "inode>=dir", { { O_INODE_T, 0xac, 8 } }, -EBADMSG,
	  "squashfs table offsets are inconsistent (inode 0xac, directory 0xac, ids 0x11c, size 0x124): the image is damaged", NULL },
	{ "dir>=ids", { { O_DIR_T, 0x11c, 8 } }, -EBADMSG, "squashfs table offsets are inconsistent*", NULL },
	{ "ids>=used", { { O_IDT, 0x124, 8 } }, -EBADMSG, "squashfs table offsets*", NULL },
	{ "xattr-out", { { O_XATTR, 0x124, 8 } }, -EBADMSG, "squashfs table offsets*", NULL },
	{ "lookup-out", { { O_LOOKUP_T, 0x200, 8 } }, -EBADMSG, "squashfs table offsets*", NULL },
	{ "frag-out", { { O_FRAG_T, UINT64_MAX, 8 } }, -EBADMSG, "squashfs table offsets*", NULL },
	{ "export-no-lookup", { { O_LOOKUP_T, UINT64_MAX, 8 } }, -EBADMSG, "squashfs table offsets*", NULL },
	{ "root-offset", { { O_ROOT, 0x2001, 8 } }, -EBADMSG,
	  "root inode reference 0x2001 points outside the inode table: the image is damaged", NULL },
	{ "root-block", { { O_ROOT, 0x44ull << 16, 8 } }, -EBADMSG, "root inode reference 0x440000*", NULL },
	{ "lzma", { { O_COMP, SQUASH_COMP_LZMA, 2 } }, -EOPNOTSUPP,
	  "compressed with lzma, which no Linux kernel can read; rebuild it with mksquashfs -comp xz", NULL },
	{ "lz4-unsupported", { { O_COMP, SQUASH_COMP_LZ4, 2 } }, -EOPNOTSUPP,
	  "compressed with lz4, which this kernel cannot read", &env_gz_xz },
	{ "zstd-unsupported", { { O_COMP, SQUASH_COMP_ZSTD, 2 } }, -EOPNOTSUPP,
	  "compressed with zstd, which this kernel cannot read", &env_gz_xz },
	{ "page-64k", { { O_BSIZE, 4096, 4 }, { O_BLOG, 12, 2 } }, -EOPNOTSUPP,
	  "block size 4096 is smaller than this kernel's page size 65536, which squashfs does not support", &env_64k },
};

static void expect_why(const char *name, const char *got, const char *want)
{
	size_t n = strlen(want);

	if (n && want[n - 1] == '*') {
		if (strncmp(got, want, n - 1))
			fail_msg("%s: why \"%s\" does not start with \"%.*s\"", name, got, (int)n - 1, want);
	} else if (strcmp(got, want)) {
		fail_msg("%s: why \"%s\", want \"%s\"", name, got, want);
	}
}

static void test_check_failures(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fail_rows) / sizeof(fail_rows[0]); i++) {
		const struct row *r = &fail_rows[i];
		uint8_t b[SQUASH_SB_SIZE];
		struct squash_sb sb;
		char why[256] = "";
		int e;

		memcpy(b, sb_gzip, sizeof(b));
		for (size_t k = 0; k < 3 && r->p[k].n; k++)
			put_le(b, r->p[k].off, r->p[k].v, r->p[k].n);
		assert_int_equal(squash_sb_parse(b, sizeof(b), &sb), 0);
		e = squash_sb_check(&sb, r->env ? r->env : &env_all, why, sizeof(why));
		if (e != r->err)
			fail_msg("%s: got %d, want %d (%s)", r->name, e, r->err, why);
		expect_why(r->name, why, r->why);
		/* the same fixture passes the env-free checks' verdict too */
		assert_int_equal(squash_sb_check(&sb, r->env ? r->env : &env_all, NULL, 0), r->err);
	}
}

/* Variants the kernel accepts must pass. */
static void test_check_valid_variants(void **state)
{
	static const struct {
		const char *name;
		struct patch p[3];
		const struct squash_env *env;
	} rows[] = {
		{ "no-fragments", { { O_FRAGS, 0, 4 }, { O_FRAG_T, UINT64_MAX, 8 } }, NULL },
		{ "no-fragments-stale-table", { { O_FRAGS, 0, 4 }, { O_FRAG_T, 0x5000, 8 } }, NULL },
		{ "not-exportable", { { O_FLAGS, 0x40, 2 }, { O_LOOKUP_T, UINT64_MAX, 8 } }, NULL },
		{ "xattrs", { { O_XATTR, 0x120, 8 } }, NULL },
		{ "1M-blocks", { { O_BSIZE, 1u << 20, 4 }, { O_BLOG, 20, 2 } }, NULL },
		{ "4k-blocks-4k-pages", { { O_BSIZE, 4096, 4 }, { O_BLOG, 12, 2 } }, NULL },
		{ "lz4-known", { { O_COMP, SQUASH_COMP_LZ4, 2 } }, NULL },
		{ "lz4-mask-unknown", { { O_COMP, SQUASH_COMP_LZ4, 2 } }, &env_big_file },
		{ "bigger-file", { { O_USED, 0x124, 8 } }, &env_big_file },
		{ "used-equals-file", { { O_USED, 4096, 8 } }, NULL },
	};
	static const struct squash_env unknown_mask = { 1u << 20, 0, 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint8_t b[SQUASH_SB_SIZE];
		struct squash_sb sb;
		char why[256] = "";
		const struct squash_env *env = rows[i].env ? rows[i].env : &env_all;
		int e;

		memcpy(b, sb_gzip, sizeof(b));
		for (size_t k = 0; k < 3 && rows[i].p[k].n; k++)
			put_le(b, rows[i].p[k].off, rows[i].p[k].v, rows[i].p[k].n);
		assert_int_equal(squash_sb_parse(b, sizeof(b), &sb), 0);
		if (!strcmp(rows[i].name, "lz4-mask-unknown"))
			env = &unknown_mask;
		e = squash_sb_check(&sb, env, why, sizeof(why));
		if (e)
			fail_msg("%s: %d (%s)", rows[i].name, e, why);
	}
}

static void test_why_truncated(void **state)
{
	uint8_t b[SQUASH_SB_SIZE];
	struct squash_sb sb;
	char why[12];

	(void)state;
	memcpy(b, sb_gzip, sizeof(b));
	put_le(b, O_MAGIC, 0x11111111, 4);
	assert_int_equal(squash_sb_parse(b, sizeof(b), &sb), 0);
	memset(why, 'x', sizeof(why));
	assert_int_equal(squash_sb_check(&sb, &env_all, why, sizeof(why)), -ENOMSG);
	assert_string_equal(why, "not a squas");
}

static void test_comp_names(void **state)
{
	(void)state;
	assert_string_equal(squash_comp_name(1), "gzip");
	assert_string_equal(squash_comp_name(2), "lzma");
	assert_string_equal(squash_comp_name(3), "lzo");
	assert_string_equal(squash_comp_name(4), "xz");
	assert_string_equal(squash_comp_name(5), "lz4");
	assert_string_equal(squash_comp_name(6), "zstd");
	assert_string_equal(squash_comp_name(0), "unknown");
	assert_string_equal(squash_comp_name(7), "unknown");
	assert_string_equal(squash_comp_name(~0u), "unknown");
}

/* ---- kernel .config ------------------------------------------------------- */

static void test_config_mask(void **state)
{
	static const struct {
		const char *text;
		int err;
		uint32_t mask;
	} rows[] = {
		/* Ubuntu 24.04 generic */
		{ "CONFIG_SQUASHFS=y\nCONFIG_SQUASHFS_ZLIB=y\nCONFIG_SQUASHFS_LZ4=y\n"
		  "CONFIG_SQUASHFS_LZO=y\nCONFIG_SQUASHFS_XZ=y\nCONFIG_SQUASHFS_ZSTD=y\n", 0, ALL_COMP },
		/* module, zlib and xz only, explicit "is not set" lines */
		{ "# comment\nCONFIG_SQUASHFS=m\nCONFIG_SQUASHFS_ZLIB=y\n# CONFIG_SQUASHFS_LZ4 is not set\n"
		  "# CONFIG_SQUASHFS_LZO is not set\nCONFIG_SQUASHFS_XZ=y\n# CONFIG_SQUASHFS_ZSTD is not set",
		  0, SQUASH_COMP_BIT(SQUASH_COMP_GZIP) | SQUASH_COMP_BIT(SQUASH_COMP_XZ) },
		/* zlib switched off */
		{ "CONFIG_SQUASHFS=y\n# CONFIG_SQUASHFS_ZLIB is not set\nCONFIG_SQUASHFS_XZ=y\n",
		  0, SQUASH_COMP_BIT(SQUASH_COMP_XZ) },
		/* old kernel without the ZLIB option: zlib is built in */
		{ "CONFIG_SQUASHFS=y\n", 0, SQUASH_COMP_BIT(SQUASH_COMP_GZIP) },
		/* look-alike names do not count */
		{ "CONFIG_SQUASHFS=y\nCONFIG_SQUASHFS_XZ_EXTRA=y\nXCONFIG_SQUASHFS_LZ4=y\n",
		  0, SQUASH_COMP_BIT(SQUASH_COMP_GZIP) },
		/* scattered, other SQUASHFS options between; the first line
		 * of a name wins */
		{ "CONFIG_SQUASHFS_ZSTD=y\nCONFIG_NFS_FS=m\nCONFIG_SQUASHFS_FILE_DIRECT=y\n"
		  "CONFIG_SQUASHFS=m\n# CONFIG_SQUASHFS_ZSTD is not set\nCONFIG_SQUASHFS_LZ4=y\n",
		  0, SQUASH_COMP_BIT(SQUASH_COMP_GZIP) | SQUASH_COMP_BIT(SQUASH_COMP_ZSTD) |
			     SQUASH_COMP_BIT(SQUASH_COMP_LZ4) },
		{ "# CONFIG_SQUASHFS_LZO is not set\nCONFIG_SQUASHFS=y\nCONFIG_SQUASHFS_LZO=y\n",
		  0, SQUASH_COMP_BIT(SQUASH_COMP_GZIP) },
		{ "# CONFIG_SQUASHFS is not set\n", -ENOENT, 0 },
		{ "CONFIG_SQUASHFS_XZ=y\n", -ENOENT, 0 },
		{ "", -ENOENT, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint32_t m = 0xdeadbeef;

		assert_int_equal(squash_comp_mask_from_config(rows[i].text, strlen(rows[i].text), &m),
				 rows[i].err);
		if (rows[i].err == 0 && m != rows[i].mask)
			fail_msg("row %zu: mask %#x, want %#x", i, m, rows[i].mask);
		if (rows[i].err)
			assert_int_equal(m, 0xdeadbeef);
	}
	/* len bounds the text: a value past len is not seen */
	uint32_t m;
	const char *t = "CONFIG_SQUASHFS=y\nCONFIG_SQUASHFS_ZSTD=y\n";
	assert_int_equal(squash_comp_mask_from_config(t, 18, &m), 0);
	assert_int_equal(m, SQUASH_COMP_BIT(SQUASH_COMP_GZIP));
}

/* ---- live media search ---------------------------------------------------- */

static struct cmdline cl;

static int setup_cl(void **state)
{
	(void)state;
	memset(&cl, 0, sizeof(cl));
	cl.boot = CMDLINE_BOOT_CASPER;
	cl.method = CMDLINE_METHOD_NFS;
	return 0;
}

static void test_media_dir(void **state)
{
	static const struct {
		enum cmdline_boot boot;
		const char *mp;
		int err;
		const char *want;
	} rows[] = {
		{ CMDLINE_BOOT_CASPER, "", 0, "casper" },
		{ CMDLINE_BOOT_LIVE, "", 0, "live" },
		{ CMDLINE_BOOT_NONE, "", 0, "casper" },
		{ CMDLINE_BOOT_LIVE, "/images//jammy/", 0, "images/jammy" },
		{ CMDLINE_BOOT_CASPER, "./a/./b", 0, "a/b" },
		{ CMDLINE_BOOT_CASPER, ".", 0, "" },
		{ CMDLINE_BOOT_CASPER, "/", 0, "" },
		{ CMDLINE_BOOT_CASPER, "a/../b", -EINVAL, NULL },
		{ CMDLINE_BOOT_CASPER, "..", -EINVAL, NULL },
		{ CMDLINE_BOOT_CASPER, "a/..b", 0, "a/..b" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char d[64] = "untouched";

		cl.boot = rows[i].boot;
		strcpy(cl.media_path, rows[i].mp);
		assert_int_equal(squash_media_dir(&cl, d, sizeof(d)), rows[i].err);
		assert_string_equal(d, rows[i].want ? rows[i].want : "untouched");
	}
	strcpy(cl.media_path, "casper");
	char small[6];
	assert_int_equal(squash_media_dir(&cl, small, sizeof(small)), -ENOBUFS);
	char fits[7];
	assert_int_equal(squash_media_dir(&cl, fits, sizeof(fits)), 0);
	assert_string_equal(fits, "casper");
}

static void expect_paths(const struct squash_paths *p, const char *const *want)
{
	size_t n = 0;

	while (want[n])
		n++;
	if (p->n != n)
		fail_msg("%zu paths, want %zu (first \"%s\")", p->n, n, p->n ? p->path[0] : "");
	for (size_t i = 0; i < n; i++)
		assert_string_equal(p->path[i], want[i]);
}

static void test_candidates(void **state)
{
	static struct squash_paths p;

	(void)state;
	assert_int_equal(squash_candidates(&cl, &p), 0);
	expect_paths(&p, (const char *const[]){
		"casper/filesystem.squashfs", "casper/minimal.standard.live.squashfs",
		"live/filesystem.squashfs", "filesystem.squashfs", NULL });

	cl.boot = CMDLINE_BOOT_LIVE;
	assert_int_equal(squash_candidates(&cl, &p), 0);
	expect_paths(&p, (const char *const[]){
		"live/filesystem.squashfs", "casper/filesystem.squashfs", "filesystem.squashfs", NULL });

	cl.boot = CMDLINE_BOOT_CASPER;
	strcpy(cl.media_path, "/jammy/casper/");
	assert_int_equal(squash_candidates(&cl, &p), 0);
	expect_paths(&p, (const char *const[]){
		"jammy/casper/filesystem.squashfs", "jammy/casper/minimal.standard.live.squashfs",
		"casper/filesystem.squashfs", "live/filesystem.squashfs", "filesystem.squashfs", NULL });

	strcpy(cl.media_path, ".");
	assert_int_equal(squash_candidates(&cl, &p), 0);
	expect_paths(&p, (const char *const[]){
		"filesystem.squashfs", "minimal.standard.live.squashfs",
		"casper/filesystem.squashfs", "live/filesystem.squashfs", NULL });

	p.n = 77;
	strcpy(cl.media_path, "../x");
	assert_int_equal(squash_candidates(&cl, &p), -EINVAL);
	assert_int_equal(p.n, 77);

	/* A media path so long that "/filesystem.squashfs" no longer fits. */
	memset(cl.media_path, 'a', CMDLINE_PATH_MAX - 5);
	cl.media_path[CMDLINE_PATH_MAX - 5] = '\0';
	assert_int_equal(squash_candidates(&cl, &p), -ENOBUFS);
	assert_int_equal(p.n, 77);
}

static void test_layers(void **state)
{
	static struct squash_paths p;

	(void)state;
	p.n = 77;
	assert_int_equal(squash_layers(&cl, &p), -ENOENT);
	assert_int_equal(p.n, 77);

	strcpy(cl.layerfs_path, "minimal.standard.live.squashfs");
	assert_int_equal(squash_layers(&cl, &p), 0);
	expect_paths(&p, (const char *const[]){
		"casper/minimal.squashfs", "casper/minimal.standard.squashfs",
		"casper/minimal.standard.live.squashfs", NULL });

	strcpy(cl.layerfs_path, "ubuntu-server-minimal.ubuntu-server.installer.squashfs");
	strcpy(cl.media_path, "images/noble");
	assert_int_equal(squash_layers(&cl, &p), 0);
	expect_paths(&p, (const char *const[]){
		"images/noble/ubuntu-server-minimal.squashfs",
		"images/noble/ubuntu-server-minimal.ubuntu-server.squashfs",
		"images/noble/ubuntu-server-minimal.ubuntu-server.installer.squashfs", NULL });

	cl.media_path[0] = '\0';
	strcpy(cl.layerfs_path, "/cdrom/casper/a.b.squashfs");
	assert_int_equal(squash_layers(&cl, &p), 0);
	expect_paths(&p, (const char *const[]){ "casper/a.squashfs", "casper/a.b.squashfs", NULL });

	strcpy(cl.layerfs_path, "/other/x.squashfs");
	assert_int_equal(squash_layers(&cl, &p), 0);
	expect_paths(&p, (const char *const[]){ "other/x.squashfs", NULL });

	strcpy(cl.layerfs_path, "sub/a.b.c.img");
	assert_int_equal(squash_layers(&cl, &p), 0);
	expect_paths(&p, (const char *const[]){
		"casper/sub/a.img", "casper/sub/a.b.img", "casper/sub/a.b.c.img", NULL });

	strcpy(cl.layerfs_path, "/top.squashfs");
	assert_int_equal(squash_layers(&cl, &p), 0);
	expect_paths(&p, (const char *const[]){ "top.squashfs", NULL });

	static const char *const bad[] = {
		"noext", ".hidden.squashfs", "a..b.squashfs", "a.b..squashfs", "x.", "../x.squashfs",
		"casper/", "/cdrom/",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(cl.layerfs_path, bad[i]);
		p.n = 77;
		if (squash_layers(&cl, &p) != -EINVAL)
			fail_msg("layerfs-path=%s accepted", bad[i]);
		assert_int_equal(p.n, 77);
	}

	strcpy(cl.layerfs_path, "a.b.c.d.e.f.g.h.squashfs"); /* 8 layers: fits */
	assert_int_equal(squash_layers(&cl, &p), 0);
	assert_int_equal(p.n, 8);
	assert_string_equal(p.path[0], "casper/a.squashfs");
	strcpy(cl.layerfs_path, "a.b.c.d.e.f.g.h.i.squashfs"); /* 9: too many */
	p.n = 77;
	assert_int_equal(squash_layers(&cl, &p), -ENOBUFS);
	assert_int_equal(p.n, 77);
}

static void hint(const char *found, const char *want)
{
	char buf[256];

	assert_int_equal(squash_hint(&cl, found, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
}

static void test_hint(void **state)
{
	char buf[16];

	(void)state;
	hint("live/filesystem.squashfs",
	     "found filesystem.squashfs at live/filesystem.squashfs instead; use live-media-path=live");
	hint("filesystem.squashfs",
	     "found filesystem.squashfs at the export root instead; use live-media-path=.");
	hint("casper/minimal.standard.live.squashfs",
	     "found the layered image casper/minimal.standard.live.squashfs; use layerfs-path=minimal.standard.live.squashfs");
	hint("minimal.standard.live.squashfs",
	     "found the layered image minimal.standard.live.squashfs; use live-media-path=. layerfs-path=minimal.standard.live.squashfs");

	cl.boot = CMDLINE_BOOT_LIVE;
	hint("casper/filesystem.squashfs",
	     "found filesystem.squashfs at casper/filesystem.squashfs instead; use live-media-path=casper");
	assert_int_equal(squash_hint(&cl, "live/filesystem.squashfs", buf, sizeof(buf)), -EINVAL);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(squash_hint(&cl, "casper/filesystem.squashfs", buf, sizeof(buf)), -ENOBUFS);
	assert_int_equal(buf[0], 'x');
}

/* ---- real images ------------------------------------------------------------ */

static int run(const char *cmd)
{
	int r = system(cmd);

	return r == -1 ? -1 : WEXITSTATUS(r);
}

static int read_head(const char *path, uint8_t *buf, size_t size, uint64_t *fsize)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size, f);
	fclose(f);
	if (stat(path, &st))
		return -1;
	*fsize = (uint64_t)st.st_size;
	return (int)n;
}

static void test_real_images(void **state)
{
	static const struct {
		const char *comp;
		unsigned id;
	} comps[] = {
		{ "gzip", SQUASH_COMP_GZIP }, { "xz", SQUASH_COMP_XZ }, { "lz4", SQUASH_COMP_LZ4 },
		{ "zstd", SQUASH_COMP_ZSTD }, { "lzo", SQUASH_COMP_LZO },
	};
	char dir[] = "/tmp/netboot-test-squash.XXXXXX";
	char cmd[512], img[256];
	uint8_t head[SQUASH_SB_SIZE];
	struct squash_sb sb;
	struct squash_env env = { 0, ALL_COMP, 4096 };
	char why[256];
	int built = 0;

	(void)state;
	if (run("command -v mksquashfs >/dev/null 2>&1") != 0)
		skip();
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/src/d && echo hello >%s/src/a && echo x >%s/src/d/b", dir, dir, dir);
	assert_int_equal(run(cmd), 0);

	for (size_t i = 0; i < sizeof(comps) / sizeof(comps[0]); i++) {
		snprintf(img, sizeof(img), "%s/%s.squashfs", dir, comps[i].comp);
		snprintf(cmd, sizeof(cmd), "mksquashfs %s/src %s -noappend -quiet -comp %s >/dev/null 2>&1",
			 dir, img, comps[i].comp);
		if (run(cmd) != 0)
			continue; /* this mksquashfs lacks the compressor */
		built++;
		assert_int_equal(read_head(img, head, sizeof(head), &env.file_size), SQUASH_SB_SIZE);
		assert_int_equal(squash_sb_parse(head, sizeof(head), &sb), 0);
		assert_int_equal(sb.compression, comps[i].id);
		env.comp_mask = ALL_COMP;
		if (squash_sb_check(&sb, &env, why, sizeof(why)))
			fail_msg("%s: %s", comps[i].comp, why);
		env.comp_mask = ALL_COMP & ~SQUASH_COMP_BIT(comps[i].id);
		assert_int_equal(squash_sb_check(&sb, &env, why, sizeof(why)), -EOPNOTSUPP);
		assert_non_null(strstr(why, comps[i].comp));
	}
	assert_true(built >= 1);

	/* 4 KiB blocks, no fragments/xattrs/exports; then a 64 KiB page kernel */
	snprintf(img, sizeof(img), "%s/b4k.squashfs", dir);
	snprintf(cmd, sizeof(cmd),
		 "mksquashfs %s/src %s -noappend -quiet -b 4096 -no-fragments -no-xattrs -no-exports >/dev/null 2>&1",
		 dir, img);
	assert_int_equal(run(cmd), 0);
	assert_int_equal(read_head(img, head, sizeof(head), &env.file_size), SQUASH_SB_SIZE);
	assert_int_equal(squash_sb_parse(head, sizeof(head), &sb), 0);
	env.comp_mask = ALL_COMP;
	assert_int_equal(squash_sb_check(&sb, &env, why, sizeof(why)), 0);
	env.page_size = 65536;
	assert_int_equal(squash_sb_check(&sb, &env, why, sizeof(why)), -EOPNOTSUPP);
	env.page_size = 4096;

	/* Truncated: cut the gzip image below bytes_used. */
	snprintf(img, sizeof(img), "%s/gzip.squashfs", dir);
	if (access(img, R_OK) == 0) {
		assert_int_equal(truncate(img, 200), 0);
		assert_int_equal(read_head(img, head, sizeof(head), &env.file_size), SQUASH_SB_SIZE);
		assert_int_equal(squash_sb_parse(head, sizeof(head), &sb), 0);
		assert_int_equal(squash_sb_check(&sb, &env, why, sizeof(why)), -EBADMSG);
		assert_non_null(strstr(why, "image is truncated: superblock says"));
		assert_non_null(strstr(why, "file has 200"));
	}

	/* Not an image at all. */
	snprintf(img, sizeof(img), "%s/src/a", dir);
	assert_int_equal(read_head(img, head, sizeof(head), &env.file_size), 6);
	assert_int_equal(squash_sb_parse(head, 6, &sb), -EBADMSG);

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	run(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fixture),
		cmocka_unit_test(test_parse_short),
		cmocka_unit_test(test_check_valid),
		cmocka_unit_test(test_check_failures),
		cmocka_unit_test(test_check_valid_variants),
		cmocka_unit_test(test_why_truncated),
		cmocka_unit_test(test_comp_names),
		cmocka_unit_test(test_config_mask),
		cmocka_unit_test_setup(test_media_dir, setup_cl),
		cmocka_unit_test_setup(test_candidates, setup_cl),
		cmocka_unit_test_setup(test_layers, setup_cl),
		cmocka_unit_test_setup(test_hint, setup_cl),
		cmocka_unit_test(test_real_images),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
