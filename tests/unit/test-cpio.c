/*
 * test-cpio.c - unit tests for src/core/cpio.c, the strict newc reader
 * netboot-image trusts before netboot-remaster appends to an initrd.
 *
 * Archives are written here by hand, header field by header field (the
 * layout of the kernel's init/initramfs.c), so each test says exactly what
 * bytes it feeds: good archives (member fields, the trailer, *end after
 * its padding, what may follow it), one case per error code and per place
 * a buffer can end, and the name rules (cpio_name_problem, cpio_name_rel,
 * cpio_name_canon).
 * Every walk reads an exact-size heap copy, so ASan sees a read past len.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpio.h"

#define PAD4(x) (((x) + 3u) & ~(size_t)3u)

/* ---- writing archives ------------------------------------------------------ */

struct arc {
	uint8_t b[16384];
	size_t len;
};

struct hdr {
	const char *magic;       /* NULL: "070701" */
	uint32_t mode, uid, gid, nlink, mtime;
	uint32_t namesize;       /* 0 here: strlen(name) + 1 */
	bool raw_namesize;       /* take namesize as given, even 0 */
};

/* One member: header, name (namesize bytes), pad, data, pad. */
static size_t put(struct arc *a, const struct hdr *h, const char *name, const void *data, size_t size)
{
	size_t start = a->len, nlen = strlen(name) + 1;
	uint32_t namesize = h->raw_namesize || h->namesize ? h->namesize : (uint32_t)nlen;
	char hdr[CPIO_HDR_LEN + 1];

	snprintf(hdr, sizeof(hdr), "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		h->magic ? h->magic : "070701", 0x1234u, h->mode, h->uid, h->gid, h->nlink, h->mtime,
		(uint32_t)size, 8u, 1u, 0u, 0u, namesize, 0u);
	assert_int_equal(strlen(hdr), CPIO_HDR_LEN);
	assert_true(a->len + CPIO_HDR_LEN + nlen + size + 8 <= sizeof(a->b));
	memcpy(a->b + a->len, hdr, CPIO_HDR_LEN);
	a->len += CPIO_HDR_LEN;
	memcpy(a->b + a->len, name, nlen);
	a->len = PAD4(a->len + nlen);
	if (size)
		memcpy(a->b + a->len, data, size);
	a->len = PAD4(a->len + size);
	return start;
}

static size_t file(struct arc *a, const char *name, const char *text)
{
	struct hdr h = { .mode = 0100644, .nlink = 1, .mtime = 1700000000 };

	return put(a, &h, name, text, strlen(text));
}

static size_t trailer(struct arc *a)
{
	struct hdr h = { .nlink = 1 };

	return put(a, &h, "TRAILER!!!", NULL, 0);
}

/* ---- walking them ---------------------------------------------------------- */

#define MAXSEEN 16

struct seen {
	size_t n;
	size_t stop_at;          /* return 1 from the callback for member #stop_at (1-based) */
	struct cpio_member m[MAXSEEN];
	char name[MAXSEEN][64];
	char data[MAXSEEN][64];
};

static int each(const struct cpio_member *m, void *arg)
{
	struct seen *s = arg;

	assert_true(s->n < MAXSEEN);
	assert_int_equal(strlen(m->name), m->namelen);
	s->m[s->n] = *m;
	snprintf(s->name[s->n], sizeof(s->name[0]), "%s", m->name);
	snprintf(s->data[s->n], sizeof(s->data[0]), "%.*s", (int)(m->size < 63 ? m->size : 63),
		 (const char *)m->data);
	s->n++;
	return s->stop_at && s->n == s->stop_at;
}

/* cpio_walk over an exact-size heap copy of buf[0..len). */
static enum cpio_err walk(const uint8_t *buf, size_t len, struct seen *s, size_t *end)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum cpio_err e;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	*end = (size_t)-1;
	e = cpio_walk(copy, len, s ? each : NULL, s, end);
	if (s) {
		/* the member pointers must lie in the buffer walked: rebase them */
		for (size_t i = 0; i < s->n; i++) {
			assert_true((const uint8_t *)s->m[i].name >= copy &&
				    (const uint8_t *)s->m[i].name + s->m[i].namelen < copy + len);
			assert_true(s->m[i].data >= copy && s->m[i].data + s->m[i].size <= copy + len);
			s->m[i].name = (const char *)buf + ((const uint8_t *)s->m[i].name - copy);
			s->m[i].data = buf + (s->m[i].data - copy);
		}
	}
	free(copy);
	return e;
}

/* ---- good archives ---------------------------------------------------------- */

static void test_good(void **state)
{
	static struct arc a;
	struct hdr d = { .mode = 0040755, .uid = 0, .gid = 0, .nlink = 2, .mtime = 1 };
	struct hdr l = { .mode = 0120777, .uid = 7, .gid = 8, .nlink = 1, .mtime = 2 };
	struct seen s = { 0 };
	size_t end, o_dir, o_init, o_link, o_empty, o_trailer;

	(void)state;
	a.len = 0;
	o_dir = put(&a, &d, "scripts", NULL, 0);
	o_init = file(&a, "init", "#!/bin/sh\necho hi\n");
	o_link = put(&a, &l, "bin", "usr/bin", 7);
	o_empty = file(&a, "conf/a", "");
	o_trailer = trailer(&a);
	assert_int_equal(walk(a.b, a.len, &s, &end), CPIO_OK);
	assert_int_equal(end, a.len);
	assert_true(o_trailer < end);
	assert_int_equal(s.n, 4);

	assert_string_equal(s.name[0], "scripts");
	assert_int_equal(s.m[0].namelen, 7);
	assert_int_equal(s.m[0].mode, 0040755);
	assert_int_equal(s.m[0].nlink, 2);
	assert_int_equal(s.m[0].mtime, 1);
	assert_int_equal(s.m[0].size, 0);
	assert_int_equal(s.m[0].offset, o_dir);
	assert_ptr_equal(s.m[0].name, (const char *)a.b + o_dir + CPIO_HDR_LEN);

	assert_string_equal(s.name[1], "init");
	assert_int_equal(s.m[1].mode & CPIO_S_IFMT, CPIO_S_IFREG);
	assert_int_equal(s.m[1].mode & 07777, 0644);
	assert_int_equal(s.m[1].mtime, 1700000000);
	assert_int_equal(s.m[1].size, 18);
	assert_string_equal(s.data[1], "#!/bin/sh\necho hi\n");
	assert_int_equal(s.m[1].offset, o_init);
	/* the data starts 4-aligned after header + name ("init\0": 115 -> 116) */
	assert_ptr_equal(s.m[1].data, a.b + o_init + 116);

	assert_string_equal(s.name[2], "bin");
	assert_int_equal(s.m[2].mode & CPIO_S_IFMT, CPIO_S_IFLNK);
	assert_int_equal(s.m[2].uid, 7);
	assert_int_equal(s.m[2].gid, 8);
	assert_int_equal(s.m[2].size, 7);
	assert_memory_equal(s.m[2].data, "usr/bin", 7);
	assert_int_equal(s.m[2].offset, o_link);

	assert_string_equal(s.name[3], "conf/a");
	assert_int_equal(s.m[3].size, 0);
	assert_int_equal(s.m[3].offset, o_empty);

	/* no callback at all is fine */
	assert_int_equal(walk(a.b, a.len, NULL, &end), CPIO_OK);
	assert_int_equal(end, a.len);
}

static void test_trailer_end(void **state)
{
	static struct arc a;
	struct seen s = { 0 };
	size_t end, tend;
	struct hdr t = { .nlink = 1 };

	(void)state;
	/* only a trailer: no member, end just after it (110 + 11 -> 124) */
	a.len = 0;
	trailer(&a);
	assert_int_equal(a.len, 124);
	assert_int_equal(walk(a.b, a.len, &s, &end), CPIO_OK);
	assert_int_equal(s.n, 0);
	assert_int_equal(end, 124);

	/* the trailer's name and its padding must be there (the kernel's
	 * unpacker reads them before it sees the trailer) */
	for (size_t n = 1; n < 124; n++) {
		assert_int_equal(walk(a.b, n, &s, &end), CPIO_ERR_TRUNCATED);
		assert_int_equal(end, 0);
	}
	/* a trailer with data whose padding is cut at the end of the
	 * buffer: end is the end of its data (what is left of the padding
	 * is zero bytes the caller skips) */
	a.len = 0;
	put(&a, &t, "TRAILER!!!", "d", 1);
	assert_int_equal(a.len, 128);
	assert_int_equal(walk(a.b, 125, &s, &end), CPIO_OK);
	assert_int_equal(end, 125);
	assert_int_equal(walk(a.b, 127, &s, &end), CPIO_OK);
	assert_int_equal(end, 125);
	assert_int_equal(walk(a.b, 124, &s, &end), CPIO_ERR_TRUNCATED);

	/* a trailer with data: its data and padding are skipped */
	a.len = 0;
	file(&a, "x", "1");
	put(&a, &t, "TRAILER!!!", "abcde", 5);
	tend = a.len;
	assert_int_equal(walk(a.b, a.len, NULL, &end), CPIO_OK);
	assert_int_equal(end, tend);

	/* what follows the trailer (zero padding, another archive, a
	 * compressed stream) is not read: end stops after the padding */
	memset(a.b + a.len, 0, 512);
	a.len += 512;
	file(&a, "second", "2");
	trailer(&a);
	memcpy(a.b + a.len, "\x1f\x8b\x08garbage", 10);
	a.len += 10;
	s.n = 0;
	assert_int_equal(walk(a.b, a.len, &s, &end), CPIO_OK);
	assert_int_equal(end, tend);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.name[0], "x");
	/* and from there, the second archive reads on its own */
	s.n = 0;
	assert_int_equal(walk(a.b + tend + 512, a.len - tend - 512, &s, &end), CPIO_OK);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.name[0], "second");
	assert_int_equal(end, a.len - 10 - tend - 512);
}

static void test_magic_variants(void **state)
{
	static struct arc a;
	struct hdr crc = { .magic = "070702", .mode = 0100600, .nlink = 1 };
	struct hdr lower = { .mode = 0100600, .nlink = 1 };
	struct seen s = { 0 };
	size_t end, o2;

	(void)state;
	a.len = 0;
	put(&a, &crc, "with-crc", "x", 1);
	o2 = put(&a, &lower, "lower", "y", 1);
	trailer(&a);
	/* hex digits may be lower case too: the second header's ino and
	 * mode (0100755 = 0x81ed) */
	memcpy(a.b + o2 + 6, "0000abcd", 8);
	memcpy(a.b + o2 + 14, "000081ed", 8);
	assert_int_equal(walk(a.b, a.len, &s, &end), CPIO_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.m[0].mode, 0100600);
	assert_string_equal(s.name[1], "lower");
	assert_int_equal(s.m[1].mode, 0100755);

	assert_true(cpio_is_newc((const uint8_t *)"070701", 6));
	assert_true(cpio_is_newc((const uint8_t *)"070702xyz", 9));
	assert_false(cpio_is_newc((const uint8_t *)"07070", 5));
	assert_false(cpio_is_newc((const uint8_t *)"070707", 6)); /* odc */
	assert_false(cpio_is_newc((const uint8_t *)"\xc7\x71", 2)); /* binary */
	assert_false(cpio_is_newc((const uint8_t *)"", 0));
}

/* ---- errors ----------------------------------------------------------------- */

static void test_bad_magic(void **state)
{
	static struct arc a;
	struct hdr odc = { .magic = "070707", .nlink = 1 };
	struct seen s = { 0 };
	size_t end, second;

	(void)state;
	a.len = 0;
	put(&a, &odc, "x", "1", 1);
	trailer(&a);
	assert_int_equal(walk(a.b, a.len, &s, &end), CPIO_ERR_MAGIC);
	assert_int_equal(end, 0);
	assert_int_equal(s.n, 0);

	/* a good member, then garbage where the next header must be */
	a.len = 0;
	file(&a, "good", "ok");
	second = a.len;
	memset(a.b + a.len, 'Z', 200);
	a.len += 200;
	s.n = 0;
	assert_int_equal(walk(a.b, a.len, &s, &end), CPIO_ERR_MAGIC);
	assert_int_equal(end, second);
	assert_int_equal(s.n, 1);

	/* zero padding between members is not skipped inside an archive */
	a.len = 0;
	file(&a, "good", "ok");
	memset(a.b + a.len, 0, 4);
	a.len += 4;
	trailer(&a);
	assert_int_equal(walk(a.b, a.len, NULL, &end), CPIO_ERR_MAGIC);
	assert_int_equal(end, second);
}

static void test_bad_hex(void **state)
{
	static struct arc a, b;
	static const char bad[] = { 'g', 'G', ' ', 'x', '-', '+', '\0', '\xff' };
	size_t end;

	(void)state;
	a.len = 0;
	file(&a, "f", "data");
	trailer(&a);
	assert_int_equal(walk(a.b, a.len, NULL, &end), CPIO_OK);
	/* every one of the 13 fields, at its first and last digit */
	for (size_t field = 0; field < 13; field++) {
		for (size_t pos = 0; pos < 8; pos += 7) {
			for (size_t k = 0; k < sizeof(bad); k++) {
				b = a;
				b.b[6 + 8 * field + pos] = (uint8_t)bad[k];
				assert_int_equal(walk(b.b, b.len, NULL, &end), CPIO_ERR_HEADER);
				assert_int_equal(end, 0);
			}
		}
	}
	/* "0x" is not 8 hex digits (strtoul would take it) */
	b = a;
	memcpy(b.b + 6 + 8 * 6, "0x000004", 8);
	assert_int_equal(walk(b.b, b.len, NULL, &end), CPIO_ERR_HEADER);
	/* a bad field in the trailer's header too */
	b = a;
	b.b[PAD4(CPIO_HDR_LEN + 2) + 4 + 6 + 8 * 11] = 'q';
	assert_int_equal(walk(b.b, b.len, NULL, &end), CPIO_ERR_HEADER);
	assert_int_equal(end, PAD4(CPIO_HDR_LEN + 2) + 4);
}

static void test_bad_name(void **state)
{
	static struct arc a;
	static char longname[CPIO_NAME_MAX + 2];
	struct hdr zero = { .mode = 0100644, .nlink = 1, .namesize = 0, .raw_namesize = true };
	struct hdr nonul = { .mode = 0100644, .nlink = 1, .namesize = 3 };
	struct hdr big = { .mode = 0100644, .nlink = 1, .namesize = CPIO_NAME_MAX + 1 };
	struct hdr huge = { .mode = 0100644, .nlink = 1, .namesize = 0xffffffffu };
	struct seen s = { 0 };
	size_t end, second;

	(void)state;
	/* namesize 0 */
	a.len = 0;
	put(&a, &zero, "", NULL, 0);
	trailer(&a);
	assert_int_equal(walk(a.b, a.len, NULL, &end), CPIO_ERR_NAME);
	assert_int_equal(end, 0);

	/* the name does not end in its NUL: "abcd" with namesize 3 */
	a.len = 0;
	file(&a, "ok", "1");
	second = put(&a, &nonul, "abcd", NULL, 0);
	trailer(&a);
	assert_int_equal(walk(a.b, a.len, &s, &end), CPIO_ERR_NAME);
	assert_int_equal(end, second);
	assert_int_equal(s.n, 1);

	/* namesize over CPIO_NAME_MAX, even with the bytes there */
	a.len = 0;
	memset(longname, 'n', CPIO_NAME_MAX);
	longname[CPIO_NAME_MAX] = '\0';
	put(&a, &big, longname, NULL, 0);
	trailer(&a);
	assert_int_equal(walk(a.b, a.len, NULL, &end), CPIO_ERR_NAME);
	assert_int_equal(end, 0);
	a.len = 0;
	put(&a, &huge, "x", NULL, 0);
	assert_int_equal(walk(a.b, a.len, NULL, &end), CPIO_ERR_NAME);

	/* exactly CPIO_NAME_MAX with the NUL is accepted */
	a.len = 0;
	longname[CPIO_NAME_MAX - 1] = '\0';
	file(&a, longname, "z");
	trailer(&a);
	s.n = 0;
	assert_int_equal(walk(a.b, a.len, &s, &end), CPIO_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.m[0].namelen, CPIO_NAME_MAX - 1);

	/* a NUL inside the name: the name is what comes before it, as the
	 * kernel takes it ("ab\0cd\0" is "ab") */
	a.len = 0;
	{
		struct hdr h = { .mode = 0100644, .nlink = 1, .namesize = 6 };

		put(&a, &h, "ab", NULL, 0);
		memcpy(a.b + CPIO_HDR_LEN, "ab\0cd\0", 6);
	}
	trailer(&a);
	s.n = 0;
	assert_int_equal(walk(a.b, a.len, &s, &end), CPIO_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.m[0].namelen, 2);
	assert_string_equal(s.name[0], "ab");
}

static void test_truncated(void **state)
{
	static struct arc a;
	struct seen s = { 0 };
	size_t end, o2, o_tr, name2_end, data2_end;

	(void)state;
	a.len = 0;
	file(&a, "first", "1234");
	o2 = file(&a, "second-member", "0123456789");  /* 10 bytes: 2 of padding */
	o_tr = trailer(&a);
	name2_end = PAD4(o2 + CPIO_HDR_LEN + 14);
	data2_end = name2_end + 10;
	assert_int_equal(PAD4(data2_end), o_tr);
	assert_int_equal(walk(a.b, a.len, NULL, &end), CPIO_OK);

	/* empty buffer, and every cut in the first header */
	assert_int_equal(walk(a.b, 0, NULL, &end), CPIO_ERR_TRUNCATED);
	assert_int_equal(end, 0);
	for (size_t n = 1; n < CPIO_HDR_LEN; n++) {
		assert_int_equal(walk(a.b, n, NULL, &end), CPIO_ERR_TRUNCATED);
		assert_int_equal(end, 0);
	}
	/* every cut of the archive before the trailer's name ends */
	for (size_t n = CPIO_HDR_LEN; n < o_tr + CPIO_HDR_LEN + 11; n++) {
		enum cpio_err e = walk(a.b, n, NULL, &end);

		assert_int_equal(e, CPIO_ERR_TRUNCATED);
		/* end names the member whose bytes are cut */
		if (n < o2)
			assert_int_equal(end, 0);
		else if (n < o_tr)
			assert_int_equal(end, o2);
		else
			assert_int_equal(end, o_tr);
	}
	/* named cases: the header, the name, the data, the data's padding */
	s.n = 0;
	assert_int_equal(walk(a.b, o2 + 50, &s, &end), CPIO_ERR_TRUNCATED);
	assert_int_equal(s.n, 1);
	assert_int_equal(walk(a.b, o2 + CPIO_HDR_LEN + 5, NULL, &end), CPIO_ERR_TRUNCATED);
	assert_int_equal(walk(a.b, data2_end - 1, NULL, &end), CPIO_ERR_TRUNCATED);
	s.n = 0;
	assert_int_equal(walk(a.b, data2_end, &s, &end), CPIO_ERR_TRUNCATED);
	assert_int_equal(s.n, 2); /* the member itself is whole */
	/* missing trailer: the archive stops cleanly after a member */
	s.n = 0;
	assert_int_equal(walk(a.b, o_tr, &s, &end), CPIO_ERR_TRUNCATED);
	assert_int_equal(end, o_tr);
	assert_int_equal(s.n, 2);

	/* a size field far past the buffer */
	a.len = 0;
	file(&a, "x", "1");
	memcpy(a.b + 6 + 8 * 6, "FFFFFFFF", 8);
	trailer(&a);
	assert_int_equal(walk(a.b, a.len, NULL, &end), CPIO_ERR_TRUNCATED);
	assert_int_equal(end, 0);
	/* a name size past the buffer */
	a.len = 0;
	file(&a, "x", "1");
	memcpy(a.b + 6 + 8 * 11, "00000800", 8);
	assert_int_equal(walk(a.b, a.len, NULL, &end), CPIO_ERR_TRUNCATED);
	assert_int_equal(end, 0);
}

static void test_stop(void **state)
{
	static struct arc a;
	struct seen s = { 0 };
	size_t end, o2;

	(void)state;
	a.len = 0;
	file(&a, "a", "1");
	o2 = file(&a, "b", "2");
	file(&a, "c", "3");
	trailer(&a);
	s.stop_at = 2;
	assert_int_equal(walk(a.b, a.len, &s, &end), CPIO_ERR_STOPPED);
	assert_int_equal(s.n, 2);
	assert_int_equal(end, o2);
}

static void test_strerror(void **state)
{
	static const enum cpio_err all[] = {
		CPIO_OK, CPIO_ERR_MAGIC, CPIO_ERR_HEADER, CPIO_ERR_TRUNCATED, CPIO_ERR_NAME, CPIO_ERR_STOPPED,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const char *s = cpio_strerror(all[i]);

		assert_non_null(s);
		assert_true(s[0] != '\0');
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(s, cpio_strerror(all[j]));
	}
	assert_non_null(strstr(cpio_strerror(CPIO_ERR_TRUNCATED), "truncated"));
	assert_string_equal(cpio_strerror((enum cpio_err)99), "unknown error");
}

/* ---- names ------------------------------------------------------------------ */

static void test_name_problem(void **state)
{
	static const struct {
		const char *name;
		const char *why; /* NULL: accepted; else a word of the reason */
	} rows[] = {
		{ "init", NULL },
		{ "scripts/init-premount/ORDER", NULL },
		{ "./x", NULL },
		{ "./scripts/x", NULL },
		{ ".", NULL },
		{ "...", NULL },
		{ "a/.../b", NULL },
		{ "..a", NULL },
		{ "a..", NULL },
		{ "a/..b/c", NULL },
		{ ".hidden", NULL },
		{ "a/./b", NULL },
		{ "a/", NULL },
		{ "", "empty" },
		{ "/abs", "absolute" },
		{ "/", "absolute" },
		{ "//x", "absolute" },
		{ "..", ".." },
		{ "../x", ".." },
		{ "a/..", ".." },
		{ "a/../b", ".." },
		{ "./..", ".." },
		{ "./../x", ".." },
		{ "a//../b", ".." },
		{ "a/b/c/..", ".." },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *why = cpio_name_problem(rows[i].name, strlen(rows[i].name));

		if (!rows[i].why) {
			if (why)
				fail_msg("\"%s\": refused (%s), want accepted", rows[i].name, why);
		} else {
			if (!why)
				fail_msg("\"%s\": accepted, want refused", rows[i].name);
			if (!strstr(why, rows[i].why))
				fail_msg("\"%s\": reason \"%s\" lacks \"%s\"", rows[i].name, why, rows[i].why);
		}
	}
	/* the length is what counts, not a NUL: "a/.." cut to "a/." is fine */
	assert_null(cpio_name_problem("a/..", 3));
	assert_non_null(cpio_name_problem("../etc", 2));
}

static void test_name_rel(void **state)
{
	static const struct {
		const char *name, *rel;
	} rows[] = {
		{ "init", "init" },
		{ "./init", "init" },
		{ "/init", "init" },
		{ "//init", "init" },
		{ "././a/b", "a/b" },
		{ "/./a", "a" },
		{ ".", "." },
		{ "./", "" },
		{ "/", "" },
		{ "", "" },
		{ "..", ".." },
		{ ".x", ".x" },
		{ "a/./b", "a/./b" },   /* only the leading run is stripped */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t len = strlen(rows[i].name);
		const char *r = cpio_name_rel(rows[i].name, &len);

		assert_true(r >= rows[i].name && r <= rows[i].name + strlen(rows[i].name));
		assert_int_equal(len, strlen(rows[i].rel));
		assert_memory_equal(r, rows[i].rel, len);
		assert_ptr_equal(r + len, rows[i].name + strlen(rows[i].name));
	}
	/* the length bounds it: "./a" of length 1 is "." */
	{
		size_t len = 1;
		const char *r = cpio_name_rel("./a", &len);

		assert_int_equal(len, 1);
		assert_int_equal(r[0], '.');
	}
}

static void test_name_canon(void **state)
{
	static const struct {
		const char *name, *canon;
	} rows[] = {
		{ "init", "init" },
		{ "./init", "init" },
		{ "/init", "init" },
		{ "scripts//init-premount", "scripts/init-premount" },
		{ "scripts/./init-premount", "scripts/init-premount" },
		{ "scripts/init-premount/", "scripts/init-premount" },
		{ "./scripts/.//init-premount//ORDER/.", "scripts/init-premount/ORDER" },
		{ ".", "" },
		{ "./", "" },
		{ "//", "" },
		{ "", "" },
		{ "...", "..." },
		{ ".a/b.", ".a/b." },
		{ "a/../b", "a/../b" }, /* ".." is cpio_name_problem()'s to refuse */
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int n = cpio_name_canon(rows[i].name, strlen(rows[i].name), out, sizeof(out));

		if (n < 0 || strcmp(out, rows[i].canon) != 0)
			fail_msg("\"%s\": got %d \"%s\", want \"%s\"", rows[i].name, n,
				 n < 0 ? "" : out, rows[i].canon);
		assert_int_equal(n, strlen(rows[i].canon));
	}
	/* the length bounds the name, not a NUL */
	assert_int_equal(cpio_name_canon("a/b/c", 3, out, sizeof(out)), 3);
	assert_string_equal(out, "a/b");
	/* too small: -ENOBUFS and dst untouched; exactly enough is fine */
	memcpy(out, "keep", 5);
	assert_int_equal(cpio_name_canon("abc/d", 5, out, 5), -ENOBUFS);
	assert_string_equal(out, "keep");
	assert_int_equal(cpio_name_canon("abc/d", 5, out, 6), 5);
	assert_string_equal(out, "abc/d");
	assert_int_equal(cpio_name_canon("./x", 3, out, 1), -ENOBUFS);
	assert_int_equal(cpio_name_canon(".", 1, out, 1), 0);
	assert_string_equal(out, "");
	assert_int_equal(cpio_name_canon("x", 1, out, 0), -ENOBUFS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_trailer_end),
		cmocka_unit_test(test_magic_variants),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_bad_hex),
		cmocka_unit_test(test_bad_name),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_name_problem),
		cmocka_unit_test(test_name_rel),
		cmocka_unit_test(test_name_canon),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
