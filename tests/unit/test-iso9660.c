/*
 * test-iso9660.c - unit tests for src/core/iso9660.c.
 *
 * Images are built in memory, record by record (ECMA-119 layouts written
 * out here, not produced by the code under test), so every hostile shape
 * has its own fixture: directory loops, extents past the end, bad names,
 * continuation-area chains, multi-extent files, symlink loops, both-endian
 * fields that disagree, another block size.  When xorriso is installed, a
 * real Rock Ridge image of a small tree is read as well.
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

#include "iso9660.h"

#define NSEC 64
#define ROOT 20u /* root directory sector */

struct mem {
	uint8_t b[NSEC * ISO_SECTOR];
	size_t size;
	unsigned reads;
};

static int mem_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct mem *m = ctx;

	m->reads++;
	if (off > m->size || len > m->size - off)
		return -EIO;
	memcpy(buf, m->b + off, len);
	return 0;
}

static void both32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
		p[7 - i] = (uint8_t)(v >> (8 * i));
	}
}

static void both16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* One directory record at p; returns its length. */
static size_t rec(uint8_t *p, uint32_t lba, uint32_t len, uint8_t flags,
		  const void *id, size_t idlen, const void *su, size_t sulen)
{
	size_t n = 33 + idlen + ((idlen & 1) ? 0 : 1) + sulen;

	memset(p, 0, n);
	p[0] = (uint8_t)n;
	both32(p + 2, lba);
	both32(p + 10, len);
	p[25] = flags;
	both16(p + 28, 1);
	p[32] = (uint8_t)idlen;
	memcpy(p + 33, id, idlen);
	if (sulen)
		memcpy(p + 33 + idlen + ((idlen & 1) ? 0 : 1), su, sulen);
	return n;
}

static uint8_t *sec(struct mem *m, unsigned s)
{
	return m->b + (size_t)s * ISO_SECTOR;
}

/* PVD at 16, terminator at 17, empty root at ROOT (len 2048). */
static void base(struct mem *m, bool rr)
{
	static const uint8_t sp[] = { 'S', 'P', 7, 1, 0xbe, 0xef, 0 };
	uint8_t *p = sec(m, 16);
	size_t o;

	memset(m, 0, sizeof(*m));
	m->size = sizeof(m->b);
	p[0] = 1;
	memcpy(p + 1, "CD001", 5);
	p[6] = 1;
	memset(p + 40, ' ', 32);
	memcpy(p + 40, "TEST_VOL", 8);
	both32(p + 80, NSEC);
	both16(p + 128, ISO_SECTOR);
	rec(p + 156, ROOT, ISO_SECTOR, 2, "\0", 1, NULL, 0);
	p = sec(m, 17);
	p[0] = 255;
	memcpy(p + 1, "CD001", 5);
	p[6] = 1;
	p = sec(m, ROOT);
	o = rec(p, ROOT, ISO_SECTOR, 2, "\0", 1, rr ? sp : NULL, rr ? sizeof(sp) : 0);
	rec(p + o, ROOT, ISO_SECTOR, 2, "\1", 1, NULL, 0);
}

/* Offset of the first free byte in directory sector s. */
static size_t dir_end(struct mem *m, unsigned s)
{
	uint8_t *p = sec(m, s);
	size_t o = 0;

	while (o < ISO_SECTOR && p[o])
		o += p[o];
	return o;
}

static void add(struct mem *m, unsigned dir, uint32_t lba, uint32_t len, uint8_t flags,
		const char *id, const void *su, size_t sulen)
{
	size_t o = dir_end(m, dir);

	rec(sec(m, dir) + o, lba, len, flags, id, strlen(id), su, sulen);
}

/* Rock Ridge entries, built in a small buffer. */
struct su {
	uint8_t b[250];
	size_t n;
};

static void su_nm(struct su *s, uint8_t flags, const char *name)
{
	size_t l = strlen(name);

	s->b[s->n] = 'N';
	s->b[s->n + 1] = 'M';
	s->b[s->n + 2] = (uint8_t)(5 + l);
	s->b[s->n + 3] = 1;
	s->b[s->n + 4] = flags;
	memcpy(s->b + s->n + 5, name, l);
	s->n += 5 + l;
}

static void su_px(struct su *s, uint32_t mode)
{
	uint8_t *p = s->b + s->n;

	memset(p, 0, 36);
	p[0] = 'P';
	p[1] = 'X';
	p[2] = 36;
	p[3] = 1;
	both32(p + 4, mode);
	s->n += 36;
}

/* SL with one component per '/'-separated word of target ("/" = ROOT). */
static void su_sl(struct su *s, const char *target)
{
	uint8_t *p = s->b + s->n;
	size_t o = 5;
	const char *t = target;

	p[0] = 'S';
	p[1] = 'L';
	p[3] = 1;
	p[4] = 0;
	if (*t == '/') {
		p[o] = 0x08;
		p[o + 1] = 0;
		o += 2;
		t++;
	}
	while (*t) {
		const char *e = strchr(t, '/');
		size_t l = e ? (size_t)(e - t) : strlen(t);

		if (l == 2 && !memcmp(t, "..", 2)) {
			p[o] = 0x04;
			p[o + 1] = 0;
			o += 2;
		} else {
			p[o] = 0;
			p[o + 1] = (uint8_t)l;
			memcpy(p + o + 2, t, l);
			o += 2 + l;
		}
		t += l;
		if (*t == '/')
			t++;
	}
	p[2] = (uint8_t)o;
	s->n += o;
}

static void su_ce(struct su *s, uint32_t lba, uint32_t off, uint32_t len)
{
	uint8_t *p = s->b + s->n;

	p[0] = 'C';
	p[1] = 'E';
	p[2] = 28;
	p[3] = 1;
	both32(p + 4, lba);
	both32(p + 12, off);
	both32(p + 20, len);
	s->n += 28;
}

static struct iso_io io_of(struct mem *m)
{
	struct iso_io io = { mem_read, m, m->size };

	return io;
}

/* ---- collecting walk output --------------------------------------------- */

struct seen {
	char lines[64][ISO_PATH_MAX + 32];
	unsigned n;
	char bad[16][300];
	unsigned nbad;
};

static int seen_fn(void *arg, const char *path, const struct iso_entry *e)
{
	struct seen *s = arg;

	if (s->n < 64)
		snprintf(s->lines[s->n++], sizeof(s->lines[0]), "%c %llu %s",
			 "fdlo"[e->type], (unsigned long long)e->size, path);
	return 0;
}

static void seen_bad(void *arg, const char *name, const char *why)
{
	struct seen *s = arg;

	if (s->nbad < 16)
		snprintf(s->bad[s->nbad++], sizeof(s->bad[0]), "%.100s: %.150s", name, why);
}

static void dump(const struct seen *s)
{
	for (unsigned i = 0; i < s->n; i++)
		print_message("  seen: %s\n", s->lines[i]);
	for (unsigned i = 0; i < s->nbad; i++)
		print_message("  bad:  %s\n", s->bad[i]);
}

static bool has(const struct seen *s, const char *line)
{
	for (unsigned i = 0; i < s->n; i++)
		if (!strcmp(s->lines[i], line))
			return true;
	dump(s);
	return false;
}

static bool has_bad(const struct seen *s, const char *prefix)
{
	for (unsigned i = 0; i < s->nbad; i++)
		if (!strncmp(s->bad[i], prefix, strlen(prefix)))
			return true;
	dump(s);
	return false;
}

/* ---- tests --------------------------------------------------------------- */

static void test_open_plain(void **state)
{
	static struct mem m;
	struct iso_io io;
	struct iso_vol v;

	(void)state;
	base(&m, false);
	io = io_of(&m);
	assert_int_equal(iso_open(&io, &v), 0);
	assert_string_equal(v.volume_id, "TEST_VOL");
	assert_int_equal(v.blocks, NSEC);
	assert_int_equal(v.root.lba, ROOT);
	assert_false(v.rock_ridge);
	base(&m, true);
	assert_int_equal(iso_open(&io, &v), 0);
	assert_true(v.rock_ridge);
}

static void test_open_refused(void **state)
{
	static struct mem m;
	struct iso_io io;
	struct iso_vol v;

	(void)state;
	/* not an image at all */
	memset(&m, 0, sizeof(m));
	m.size = sizeof(m.b);
	io = io_of(&m);
	assert_int_equal(iso_open(&io, &v), -EBADMSG);
	/* too short for sector 16 */
	base(&m, false);
	m.size = 16 * ISO_SECTOR + 100;
	io = io_of(&m);
	assert_int_equal(iso_open(&io, &v), -EBADMSG);
	/* both-endian halves disagree */
	base(&m, false);
	sec(&m, 16)[80 + 7] = 0x42;
	io = io_of(&m);
	assert_int_equal(iso_open(&io, &v), -EBADMSG);
	/* block size 512 */
	base(&m, false);
	both16(sec(&m, 16) + 128, 512);
	assert_int_equal(iso_open(&io, &v), -EOPNOTSUPP);
	/* root extent past the end */
	base(&m, false);
	both32(sec(&m, 16) + 156 + 2, NSEC + 5);
	assert_int_equal(iso_open(&io, &v), -EBADMSG);
	/* terminator first */
	base(&m, false);
	sec(&m, 16)[0] = 255;
	assert_int_equal(iso_open(&io, &v), -EBADMSG);
	/* a supplementary descriptor before the primary one is skipped */
	base(&m, false);
	memcpy(sec(&m, 18), sec(&m, 17), ISO_SECTOR);
	memcpy(sec(&m, 17), sec(&m, 16), ISO_SECTOR);
	sec(&m, 16)[0] = 2;
	sec(&m, 16)[156] = 0;
	assert_int_equal(iso_open(&io, &v), 0);
}

static void test_plain_names(void **state)
{
	static struct mem m;
	struct iso_io io;
	struct iso_vol v;
	struct seen s = { 0 };
	struct iso_entry e;

	(void)state;
	base(&m, false);
	add(&m, ROOT, 30, 2048, 2, "CASPER", NULL, 0);
	add(&m, ROOT, 31, 5, 0, "README.;1", NULL, 0);
	rec(sec(&m, 30), 30, 2048, 2, "\0", 1, NULL, 0);
	rec(sec(&m, 30) + 34, ROOT, 2048, 2, "\1", 1, NULL, 0);
	add(&m, 30, 32, 7, 0, "VMLINUZ.;1", NULL, 0);
	memcpy(sec(&m, 32), "kernel!", 7);
	io = io_of(&m);
	assert_int_equal(iso_open(&io, &v), 0);
	assert_int_equal(iso_walk(&io, &v, seen_fn, seen_bad, &s), 0);
	assert_int_equal(s.n, 3);
	assert_true(has(&s, "d 2048 /casper"));
	assert_true(has(&s, "f 7 /casper/vmlinuz"));
	assert_true(has(&s, "f 5 /readme"));
	/* case-insensitive lookup without Rock Ridge */
	assert_int_equal(iso_lookup(&io, &v, "/CASPER/vmlinuz", &e), 0);
	assert_int_equal(e.ext[0].lba, 32);
	assert_int_equal(iso_lookup(&io, &v, "/casper/initrd", &e), -ENOENT);
	assert_int_equal(iso_lookup(&io, &v, "/readme/x", &e), -ENOENT);
	assert_int_equal(iso_lookup(&io, &v, "casper", &e), -EINVAL);
	assert_int_equal(iso_lookup(&io, &v, "/", &e), 0);
	assert_int_equal(e.type, ISO_DIR);
}

static void test_rock_ridge(void **state)
{
	static struct mem m;
	struct iso_io io;
	struct iso_vol v;
	struct seen s = { 0 };
	struct su a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 }, f = { 0 };
	struct iso_entry e;

	(void)state;
	base(&m, true);
	su_nm(&a, 0, "casper");
	su_px(&a, 040755);
	add(&m, ROOT, 30, 2048, 2, "CASPER", a.b, a.n);
	su_nm(&b, 0, "filesystem.squashfs");
	su_px(&b, 0100644);
	rec(sec(&m, 30), 30, 2048, 2, "\0", 1, NULL, 0);
	rec(sec(&m, 30) + 34, ROOT, 2048, 2, "\1", 1, NULL, 0);
	add(&m, 30, 33, 4, 0, "FILESYST.;1", b.b, b.n);
	memcpy(sec(&m, 33), "hsqs", 4);
	/* a relative and an absolute symlink, a fifo, a name in two NM parts */
	su_nm(&c, 0, "vmlinuz");
	su_px(&c, 0120777);
	su_sl(&c, "casper/filesystem.squashfs");
	add(&m, ROOT, 0, 0, 0, "VMLINUZ.;1", c.b, c.n);
	su_nm(&d, 0, "abs");
	su_px(&d, 0120777);
	su_sl(&d, "/casper");
	add(&m, ROOT, 0, 0, 0, "ABS.;1", d.b, d.n);
	su_nm(&f, 1, "a-long-");
	su_nm(&f, 0, "name");
	su_px(&f, 010644);
	add(&m, ROOT, 0, 0, 0, "FIFO.;1", f.b, f.n);
	io = io_of(&m);
	assert_int_equal(iso_open(&io, &v), 0);
	assert_int_equal(iso_walk(&io, &v, seen_fn, seen_bad, &s), 0);
	assert_true(has(&s, "d 2048 /casper"));
	assert_true(has(&s, "f 4 /casper/filesystem.squashfs"));
	assert_true(has(&s, "l 0 /vmlinuz"));
	assert_true(has(&s, "l 0 /abs"));
	assert_true(has(&s, "o 0 /a-long-name"));
	assert_int_equal(s.nbad, 0);
	/* lookups follow both links, case-sensitively */
	assert_int_equal(iso_lookup(&io, &v, "/vmlinuz", &e), 0);
	assert_int_equal(e.type, ISO_REG);
	assert_int_equal(e.ext[0].lba, 33);
	assert_int_equal(iso_lookup(&io, &v, "/abs/filesystem.squashfs", &e), 0);
	assert_int_equal(e.ext[0].lba, 33);
	assert_int_equal(iso_lookup(&io, &v, "/abs/../abs/./filesystem.squashfs", &e), 0);
	assert_int_equal(iso_lookup(&io, &v, "/CASPER", &e), -ENOENT);
	assert_int_equal(iso_lookup(&io, &v, "/vmlinuz", &e), 0);
	assert_string_equal(e.name, "filesystem.squashfs");
}

static void test_symlink_loop(void **state)
{
	static struct mem m;
	struct iso_io io;
	struct iso_vol v;
	struct su a = { 0 }, b = { 0 }, c = { 0 };
	struct iso_entry e;

	(void)state;
	base(&m, true);
	su_nm(&a, 0, "a");
	su_px(&a, 0120777);
	su_sl(&a, "b");
	add(&m, ROOT, 0, 0, 0, "A.;1", a.b, a.n);
	su_nm(&b, 0, "b");
	su_px(&b, 0120777);
	su_sl(&b, "a");
	add(&m, ROOT, 0, 0, 0, "B.;1", b.b, b.n);
	/* a link that climbs above the root stays in it */
	su_nm(&c, 0, "up");
	su_px(&c, 0120777);
	su_sl(&c, "../../../..");
	add(&m, ROOT, 0, 0, 0, "UP.;1", c.b, c.n);
	io = io_of(&m);
	assert_int_equal(iso_open(&io, &v), 0);
	assert_int_equal(iso_lookup(&io, &v, "/a", &e), -ELOOP);
	assert_int_equal(iso_lookup(&io, &v, "/up/up/a", &e), -ELOOP);
	assert_int_equal(iso_lookup(&io, &v, "/up", &e), 0);
	assert_int_equal(e.type, ISO_DIR);
	assert_int_equal(e.ext[0].lba, ROOT);
}

static void test_hostile_entries(void **state)
{
	static struct mem m;
	struct iso_io io;
	struct iso_vol v;
	struct seen s = { 0 };
	struct su a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };

	(void)state;
	base(&m, true);
	su_nm(&a, 0, "../etc");
	add(&m, ROOT, 0, 0, 0, "X1.;1", a.b, a.n);
	su_nm(&b, 0, "a/b");
	add(&m, ROOT, 0, 0, 0, "X2.;1", b.b, b.n);
	su_nm(&c, 0, "esc\x1b[2J");
	add(&m, ROOT, 0, 0, 0, "X3.;1", c.b, c.n);
	/* past the end of the image */
	su_nm(&d, 0, "huge");
	add(&m, ROOT, NSEC - 1, 3 * ISO_SECTOR, 0, "X4.;1", d.b, d.n);
	/* a directory pointing at the root: a loop */
	add(&m, ROOT, ROOT, 2048, 2, "LOOP", NULL, 0);
	add(&m, ROOT, 40, 10, 0, "OK.;1", NULL, 0);
	io = io_of(&m);
	assert_int_equal(iso_open(&io, &v), 0);
	assert_int_equal(iso_walk(&io, &v, seen_fn, seen_bad, &s), 0);
	assert_true(has(&s, "f 10 /ok"));
	assert_true(has(&s, "d 2048 /loop"));
	assert_int_equal(s.n, 2);
	assert_true(has_bad(&s, "/loop: directory loop"));
	assert_true(has_bad(&s, "huge: extent beyond"));
	assert_int_equal(s.nbad, 5);
}

static void test_malformed_record(void **state)
{
	static struct mem m;
	struct iso_io io;
	struct iso_vol v;
	struct seen s = { 0 };
	size_t o;

	(void)state;
	/* a record shorter than its fixed fields */
	base(&m, false);
	o = dir_end(&m, ROOT);
	add(&m, ROOT, 40, 10, 0, "OK.;1", NULL, 0);
	sec(&m, ROOT)[o] = 20;
	io = io_of(&m);
	assert_int_equal(iso_open(&io, &v), 0);
	assert_int_equal(iso_walk(&io, &v, seen_fn, seen_bad, &s), -EBADMSG);
	/* a record running past the directory's end (a 100-byte directory) */
	base(&m, false);
	both32(sec(&m, 16) + 156 + 10, 100);
	add(&m, ROOT, 40, 10, 0, "LONGERNAME.;1", NULL, 0);
	assert_int_equal(iso_open(&io, &v), 0);
	assert_int_equal(v.root.len, 100);
	assert_int_equal(iso_walk(&io, &v, seen_fn, seen_bad, &s), -EBADMSG);
	/* the same record inside a 2048-byte directory is fine */
	both32(sec(&m, 16) + 156 + 10, 2048);
	assert_int_equal(iso_open(&io, &v), 0);
	assert_int_equal(iso_walk(&io, &v, seen_fn, seen_bad, &s), 0);
	assert_true(has(&s, "f 10 /longername"));
}

static void test_continuation(void **state)
{
	static struct mem m;
	struct iso_io io;
	struct iso_vol v;
	struct seen s = { 0 };
	struct su a = { 0 }, ce = { 0 }, loop = { 0 };

	(void)state;
	base(&m, true);
	/* the name lives in a continuation area at sector 41, offset 100 */
	su_ce(&a, 41, 100, 30);
	add(&m, ROOT, 40, 3, 0, "CONT.;1", a.b, a.n);
	su_nm(&ce, 0, "continued-name");
	memcpy(sec(&m, 41) + 100, ce.b, ce.n);
	/* a continuation area that points at itself */
	su_ce(&loop, 42, 0, 28);
	memcpy(sec(&m, 42), loop.b, loop.n);
	add(&m, ROOT, 40, 3, 0, "LOOPCE.;1", loop.b, loop.n);
	io = io_of(&m);
	assert_int_equal(iso_open(&io, &v), 0);
	assert_int_equal(iso_walk(&io, &v, seen_fn, seen_bad, &s), 0);
	assert_true(has(&s, "f 3 /continued-name"));
	assert_true(has_bad(&s, "?: malformed Rock Ridge"));
	assert_int_equal(s.n, 1);
}

static void test_multi_extent(void **state)
{
	static struct mem m;
	struct iso_io io;
	struct iso_vol v;
	struct seen s = { 0 };
	struct iso_entry e;

	(void)state;
	base(&m, false);
	add(&m, ROOT, 40, 2048, 0x80, "BIG.;1", NULL, 0);
	add(&m, ROOT, 41, 2048, 0x80, "BIG.;1", NULL, 0);
	add(&m, ROOT, 42, 100, 0, "BIG.;1", NULL, 0);
	add(&m, ROOT, 43, 1, 0x80, "LOST.;1", NULL, 0);
	add(&m, ROOT, 44, 1, 0, "NEXT.;1", NULL, 0);
	io = io_of(&m);
	assert_int_equal(iso_open(&io, &v), 0);
	assert_int_equal(iso_walk(&io, &v, seen_fn, seen_bad, &s), 0);
	assert_true(has(&s, "f 4196 /big"));
	assert_true(has(&s, "f 1 /next"));
	assert_true(has_bad(&s, "lost: multi-extent file with a missing part"));
	assert_int_equal(s.n, 2);
	assert_int_equal(iso_lookup(&io, &v, "/big", &e), 0);
	assert_int_equal(e.n_ext, 3);
	assert_int_equal(e.ext[2].lba, 42);
}

static void test_name_ok(void **state)
{
	(void)state;
	assert_true(iso_name_ok("filesystem.squashfs"));
	assert_true(iso_name_ok("with space"));
	assert_true(iso_name_ok("caf\xc3\xa9"));
	assert_false(iso_name_ok(""));
	assert_false(iso_name_ok("."));
	assert_false(iso_name_ok(".."));
	assert_false(iso_name_ok("a/b"));
	assert_false(iso_name_ok("tab\there"));
	assert_false(iso_name_ok("del\x7f"));
}

/* A real image from xorriso, when it is installed. */
struct file_io {
	FILE *f;
};

static int file_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct file_io *fi = ctx;

	if (fseek(fi->f, (long)off, SEEK_SET) || fread(buf, 1, len, fi->f) != len)
		return -EIO;
	return 0;
}

static void test_xorriso_image(void **state)
{
	char dir[] = "/tmp/nbt-iso-XXXXXX", cmd[1024], iso[300];
	struct file_io fi;
	struct iso_io io;
	struct iso_vol v;
	struct iso_entry e;
	struct seen s = { 0 };
	char buf[16];

	(void)state;
	if (system("command -v xorriso >/dev/null 2>&1")) {
		skip();
		return;
	}
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p t/casper t/.disk t/live && echo 'Live 1' > t/.disk/info && "
		 "printf hsqs > t/casper/filesystem.squashfs && printf kern > t/casper/vmlinuz && "
		 "ln -s ../casper/vmlinuz t/live/vmlinuz && "
		 "xorriso -as mkisofs -R -J -V LIVE_TEST -o img.iso t >/dev/null 2>&1", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(iso, sizeof(iso), "%s/img.iso", dir);
	fi.f = fopen(iso, "rb");
	assert_non_null(fi.f);
	fseek(fi.f, 0, SEEK_END);
	io.read = file_read;
	io.ctx = &fi;
	io.size = (uint64_t)ftell(fi.f);
	assert_int_equal(iso_open(&io, &v), 0);
	assert_string_equal(v.volume_id, "LIVE_TEST");
	assert_true(v.rock_ridge);
	assert_int_equal(iso_walk(&io, &v, seen_fn, seen_bad, &s), 0);
	assert_true(has(&s, "f 7 /.disk/info"));
	assert_true(has(&s, "l 0 /live/vmlinuz"));
	assert_int_equal(iso_lookup(&io, &v, "/live/vmlinuz", &e), 0);
	assert_int_equal(e.size, 4);
	assert_int_equal(file_read(&fi, (uint64_t)e.ext[0].lba * ISO_SECTOR, buf, 4), 0);
	assert_memory_equal(buf, "kern", 4);
	fclose(fi.f);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_plain),
		cmocka_unit_test(test_open_refused),
		cmocka_unit_test(test_plain_names),
		cmocka_unit_test(test_rock_ridge),
		cmocka_unit_test(test_symlink_loop),
		cmocka_unit_test(test_hostile_entries),
		cmocka_unit_test(test_malformed_record),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_multi_extent),
		cmocka_unit_test(test_name_ok),
		cmocka_unit_test(test_xorriso_image),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
