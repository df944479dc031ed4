/*
 * fuzz-iso9660.c - iso_open(), iso_walk() and iso_lookup() over a hostile
 * image.
 *
 * Input: the image from sector 16 on (the system area, sectors 0-15, reads
 * as zeros), so small inputs reach the volume descriptors.  The last byte
 * picks one of a few paths to look up besides every walked one.
 * Properties: the walk ends (bounded by the reader's own limits: at most
 * ISO_WALK_DIRS directories, ISO_WALK_DEPTH deep); every path it delivers
 * is absolute, within ISO_PATH_MAX, made of names iso_name_ok() accepts;
 * every extent lies inside the image; a directory's size is within
 * ISO_DIR_MAX; a multi-extent file's size is the sum of its extents;
 * the first walked paths look up again (a link may loop: -ELOOP) to an
 * entry that is no link; reads never leave the image.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "iso9660.h"

#define SYSTEM_AREA (16u * ISO_SECTOR)

struct img {
	const uint8_t *data;
	size_t size;
	uint64_t reads;
};

static int img_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct img *m = ctx;
	uint64_t total = SYSTEM_AREA + m->size;

	FZ_ASSERT(off <= total && len <= total - off);
	m->reads++;
	for (size_t i = 0; i < len; i++) {
		uint64_t o = off + i;

		((uint8_t *)buf)[i] = o < SYSTEM_AREA ? 0 : m->data[o - SYSTEM_AREA];
	}
	return 0;
}

struct ctx {
	struct iso_io io;
	struct iso_vol v;
	unsigned paths;
	unsigned lookups;
};

static void check_entry(const struct ctx *c, const struct iso_entry *e)
{
	uint64_t sum = 0;

	FZ_ASSERT(e->n_ext >= 1 && e->n_ext <= ISO_EXTENTS_MAX);
	for (unsigned i = 0; i < e->n_ext; i++) {
		uint64_t off = (uint64_t)e->ext[i].lba * ISO_SECTOR;

		FZ_ASSERT(e->ext[i].len == 0 ||
			  (off <= c->io.size && e->ext[i].len <= c->io.size - off));
		sum += e->ext[i].len;
	}
	FZ_ASSERT(sum == e->size);
	if (e->type == ISO_DIR)
		FZ_ASSERT(e->n_ext == 1 && e->size > 0 && e->size <= ISO_DIR_MAX);
	if (e->type == ISO_LNK)
		FZ_ASSERT(e->link[0] && memchr(e->link, 0, sizeof(e->link)));
}

static int walk_fn(void *arg, const char *path, const struct iso_entry *e)
{
	struct ctx *c = arg;
	const char *p = path;
	struct iso_entry again;
	int rc;

	FZ_ASSERT(path[0] == '/' && strlen(path) <= ISO_PATH_MAX);
	while (*p) {
		char name[ISO_NAME_MAX + 1];
		const char *s = ++p;
		size_t n;

		while (*p && *p != '/')
			p++;
		n = (size_t)(p - s);
		FZ_ASSERT(n >= 1 && n <= ISO_NAME_MAX);
		memcpy(name, s, n);
		name[n] = '\0';
		FZ_ASSERT(iso_name_ok(name));
	}
	FZ_ASSERT(iso_name_ok(e->name));
	check_entry(c, e);
	c->paths++;
	FZ_ASSERT(c->paths <= 4000000u);
	if (c->lookups < 64) {
		c->lookups++;
		rc = iso_lookup(&c->io, &c->v, path, &again);
		if (rc == 0) {
			check_entry(c, &again);
			FZ_ASSERT(again.type != ISO_LNK); /* links are followed */
		} else {
			FZ_ASSERT(rc == -ELOOP || rc == -ENOENT || rc == -EBADMSG ||
				  rc == -ENAMETOOLONG || rc == -EOPNOTSUPP);
		}
	}
	return 0;
}

static void bad_fn(void *arg, const char *name, const char *why)
{
	(void)arg;
	FZ_ASSERT(name && why && why[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const probe[] = {
		"/casper/vmlinuz", "/live/initrd.img", "/.disk/info", "/a/../b/./c",
	};
	struct img m = { data, size, 0 };
	struct ctx c;
	struct iso_entry e;
	int rc;

	memset(&c, 0, sizeof(c));
	c.io.read = img_read;
	c.io.ctx = &m;
	c.io.size = SYSTEM_AREA + size;
	rc = iso_open(&c.io, &c.v);
	if (rc) {
		FZ_ASSERT(rc == -EBADMSG || rc == -EOPNOTSUPP);
		return 0;
	}
	FZ_ASSERT(memchr(c.v.volume_id, 0, sizeof(c.v.volume_id)) &&
		  fz_no_ctl(c.v.volume_id, strlen(c.v.volume_id)));
	FZ_ASSERT(c.v.root.len > 0 && c.v.root.len <= ISO_DIR_MAX);
	rc = iso_walk(&c.io, &c.v, walk_fn, bad_fn, &c);
	FZ_ASSERT(rc == 0 || rc == -EBADMSG || rc == -E2BIG || rc == -EOPNOTSUPP);
	rc = iso_lookup(&c.io, &c.v, probe[size ? data[size - 1] % 4 : 0], &e);
	if (rc == 0)
		check_entry(&c, &e);
	return 0;
}
