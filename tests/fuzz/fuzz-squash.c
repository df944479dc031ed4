/*
 * fuzz-squash.c - squash_sb_parse() + squash_sb_check() on the head of an
 * image.
 *
 * Input: [superblock bytes, 96 or more] then optionally, from byte 96 on,
 *   file_size (8, LE), comp_mask (4, LE), page_size (4, LE), whysz (1);
 *   fewer than the 17 env bytes: env NULL and a 256-byte why.
 * Properties: parse fails exactly when fewer than 96 bytes; a check that
 * passes implies what the kernel's squashfs_fill_super() needs (re-derived
 * here from the bytes, not from the decoded struct): magic "hsqs", version
 * 4.0, a known compressor the kernel has (never lzma), a power-of-two
 * block size of 4 KiB..1 MiB matching block_log and >= the page size,
 * bytes_used within the file, inode < directory < id tables < end,
 * optional tables absent or inside, the root inode inside the inode table;
 * why is untouched on success and a terminated sentence, within whysz
 * (allocated to the exact size), on failure.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "squash.h"

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void check_pass(const uint8_t *b, const struct squash_env *env)
{
	uint64_t used = le(b + 40, 8), bs = le(b + 12, 4), bl = le(b + 22, 2);
	uint64_t ids = le(b + 48, 8), xattr = le(b + 56, 8);
	uint64_t inode = le(b + 64, 8), dir = le(b + 72, 8);
	uint64_t frag = le(b + 80, 8), lookup = le(b + 88, 8), root = le(b + 32, 8);
	unsigned comp = (unsigned)le(b + 20, 2), flags = (unsigned)le(b + 24, 2);

	FZ_ASSERT(!memcmp(b, "hsqs", 4));
	FZ_ASSERT(le(b + 28, 2) == 4 && le(b + 30, 2) == 0);
	FZ_ASSERT(comp >= 1 && comp <= 6 && comp != SQUASH_COMP_LZMA);
	FZ_ASSERT(bs >= 4096 && bs <= 1048576 && !(bs & (bs - 1)) &&
		  bl <= 20 && (1ull << bl) == bs);
	FZ_ASSERT(le(b + 4, 4) != 0 && le(b + 26, 2) != 0);
	FZ_ASSERT(used >= 96);
	FZ_ASSERT(inode < dir && dir < ids && ids < used);
	FZ_ASSERT(xattr == UINT64_MAX || xattr < used);
	FZ_ASSERT(lookup == UINT64_MAX || lookup < used);
	FZ_ASSERT(!(flags & SQUASH_FLAG_EXPORT) || lookup != UINT64_MAX);
	FZ_ASSERT(le(b + 16, 4) == 0 || frag < used);
	FZ_ASSERT((root & 0xffff) <= 8192 && (root >> 16) < dir - inode);
	if (env) {
		FZ_ASSERT(!env->file_size || used <= env->file_size);
		FZ_ASSERT(!env->comp_mask || (env->comp_mask & (1u << comp)));
		FZ_ASSERT(!env->page_size || bs >= env->page_size);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct squash_sb sb, pat;
	struct squash_env env, *envp = NULL;
	size_t whysz = 256;
	char *why;
	int rc;

	memset(&pat, 0x5a, sizeof(pat));
	sb = pat;
	rc = squash_sb_parse(data, size, &sb);
	if (size < SQUASH_SB_SIZE) {
		FZ_ASSERT(rc == -EBADMSG && !memcmp(&sb, &pat, sizeof(sb)));
		return 0;
	}
	FZ_ASSERT(rc == 0);
	FZ_ASSERT(sb.magic == le(data, 4) && sb.bytes_used == le(data + 40, 8) &&
		  sb.lookup_table_start == le(data + 88, 8));
	if (size >= SQUASH_SB_SIZE + 17) {
		const uint8_t *e = data + SQUASH_SB_SIZE;

		env.file_size = le(e, 8);
		env.comp_mask = (uint32_t)le(e + 8, 4);
		env.page_size = (uint32_t)le(e + 12, 4);
		whysz = e[16];
		envp = &env;
	}
	why = malloc(whysz ? whysz : 1);
	FZ_ASSERT(why);
	memset(why, 0x5a, whysz ? whysz : 1);
	rc = squash_sb_check(&sb, envp, why, whysz);
	if (rc == 0) {
		check_pass(data, envp);
		FZ_ASSERT((unsigned char)why[0] == 0x5a);
	} else {
		FZ_ASSERT(rc == -ENOMSG || rc == -EPROTONOSUPPORT ||
			  rc == -EBADMSG || rc == -EOPNOTSUPP);
		if (whysz)
			FZ_ASSERT(memchr(why, 0, whysz) && (whysz == 1 || why[0]));
	}
	free(why);
	/* And with no room for a reason at all. */
	FZ_ASSERT(squash_sb_check(&sb, envp, NULL, 0) == rc);
	return 0;
}
