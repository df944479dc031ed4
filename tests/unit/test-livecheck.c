/*
 * test-livecheck.c - unit tests for src/core/livecheck.c: casper's uuid
 * comparison (table rows: what "$(cat FILE)" keeps and drops) and the
 * bounded squashfs search driven over an in-memory export tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "livecheck.h"

static const struct {
	const char *conf, *disk;
	bool match;
} uuid_rows[] = {
	{ "abc", "abc", true },
	{ "abc\n", "abc", true },
	{ "abc", "abc\n\n\n", true },          /* $(cat) drops every trailing \n */
	{ "abc\n", "abc\r\n", false },         /* but keeps \r: casper rejects CRLF */
	{ "abc", "abc ", false },              /* and blanks */
	{ "abc", " abc", false },
	{ "abc", "abc\t", false },
	{ "abc", "ab", false },
	{ "abc", "abd", false },
	{ "", "", true },                      /* an empty uuid.conf matches an empty file */
	{ "", "\n", true },
	{ "", "x", false },
	{ "a\nb", "a\nb\n", true },            /* inner newlines are kept */
	{ "a\nb", "ab", false },
};

static void test_uuid_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(uuid_rows) / sizeof(uuid_rows[0]); i++) {
		bool m = livecheck_uuid_match(uuid_rows[i].conf, strlen(uuid_rows[i].conf),
					      uuid_rows[i].disk, strlen(uuid_rows[i].disk));

		if (m != uuid_rows[i].match)
			fail_msg("row %zu: \"%s\" vs \"%s\": got %d", i, uuid_rows[i].conf,
				 uuid_rows[i].disk, m);
	}
	assert_int_equal(livecheck_uuid_len("x\n\n", 3), 1);
	assert_int_equal(livecheck_uuid_len("\n", 1), 0);
	assert_int_equal(livecheck_uuid_len("", 0), 0);
}

static void test_uuid_names(void **state)
{
	(void)state;
	assert_true(livecheck_is_uuid_name("casper-uuid"));
	assert_true(livecheck_is_uuid_name("casper-uuid-generic"));
	assert_false(livecheck_is_uuid_name("casper-uui"));
	assert_false(livecheck_is_uuid_name("info"));
	assert_false(livecheck_is_uuid_name(NULL));
}

static void test_is_squashfs(void **state)
{
	(void)state;
	assert_true(livecheck_is_squashfs("filesystem.squashfs"));
	assert_true(livecheck_is_squashfs("a.squashfs"));
	assert_false(livecheck_is_squashfs(".squashfs"));
	assert_false(livecheck_is_squashfs("squashfs"));
	assert_false(livecheck_is_squashfs("x.squashfs.gz"));
	assert_false(livecheck_is_squashfs(NULL));
}

/* An export as a list of "path type" rows; the driver lists a folder by
 * scanning the rows whose parent is that folder. */
struct node {
	const char *path;
	enum livecheck_type type;
};

static size_t n_listed;

static int run_search(const struct node *tree, size_t n, const char *skip,
		      char *found, size_t foundsz)
{
	static struct livecheck_search s;
	const char *dir;
	size_t i;

	n_listed = 0;
	livecheck_search_init(&s, skip);
	while (livecheck_search_next(&s, &dir) == 0) {
		size_t dl = strlen(dir);

		n_listed++;
		for (i = 0; i < n; i++) {
			const char *p = tree[i].path, *name;

			if (dl && (strncmp(p, dir, dl) || p[dl] != '/'))
				continue;
			name = dl ? p + dl + 1 : p;
			if (strchr(name, '/'))
				continue;
			if (livecheck_search_entry(&s, name, tree[i].type))
				break;
		}
	}
	return livecheck_search_found(&s, found, foundsz);
}

static void test_search_depth(void **state)
{
	/* a/b/x.squashfs is three folder levels down (root, a, a/b): found;
	 * a/b/c/y.squashfs is four: not. One depth for netboot and diag. */
	static const struct node t3[] = {
		{ "a", LIVECHECK_DIR }, { "a/b", LIVECHECK_DIR },
		{ "a/b/x.squashfs", LIVECHECK_REG },
	};
	static const struct node t4[] = {
		{ "a", LIVECHECK_DIR }, { "a/b", LIVECHECK_DIR }, { "a/b/c", LIVECHECK_DIR },
		{ "a/b/c/y.squashfs", LIVECHECK_REG },
	};
	char f[SQUASH_PATH_MAX + 1];

	(void)state;
	assert_int_equal(run_search(t3, 3, NULL, f, sizeof(f)), 0);
	assert_string_equal(f, "a/b/x.squashfs");
	assert_int_equal(run_search(t4, 4, NULL, f, sizeof(f)), -ENOENT);
	assert_int_equal(n_listed, 3);
}

static void test_search_kinds(void **state)
{
	static const struct node t[] = {
		{ ".hidden", LIVECHECK_DIR }, { ".hidden/h.squashfs", LIVECHECK_REG },
		{ "link.squashfs", LIVECHECK_OTHER },   /* symlink: not reported */
		{ "fifo.squashfs", LIVECHECK_OTHER },   /* FIFO: not reported */
		{ "casper", LIVECHECK_DIR },
		{ "casper/filesystem.squashfs", LIVECHECK_REG }, /* the skip path */
		{ "live", LIVECHECK_DIR },
		{ "live/filesystem.squashfs", LIVECHECK_REG },
	};
	char f[SQUASH_PATH_MAX + 1], tiny[4];

	(void)state;
	assert_int_equal(run_search(t, 8, "casper/filesystem.squashfs", f, sizeof(f)), 0);
	assert_string_equal(f, "live/filesystem.squashfs");
	assert_int_equal(run_search(t, 8, NULL, f, sizeof(f)), 0);
	assert_string_equal(f, "casper/filesystem.squashfs"); /* breadth-first order */
	strcpy(tiny, "x");
	assert_int_equal(run_search(t, 8, NULL, tiny, sizeof(tiny)), -ENOBUFS);
	assert_string_equal(tiny, "x");
}

static void test_search_caps(void **state)
{
	static struct node t[LIVECHECK_SEARCH_ENTRIES + 10];
	static char names[LIVECHECK_SEARCH_ENTRIES + 10][16];
	char f[SQUASH_PATH_MAX + 1];
	size_t i;

	(void)state;
	/* the image is listed after the entry cap: never found */
	for (i = 0; i < LIVECHECK_SEARCH_ENTRIES; i++) {
		snprintf(names[i], sizeof(names[i]), "f%zu", i);
		t[i].path = names[i];
		t[i].type = LIVECHECK_REG;
	}
	t[i].path = "late.squashfs";
	t[i++].type = LIVECHECK_REG;
	assert_int_equal(run_search(t, i, NULL, f, sizeof(f)), -ENOENT);
	/* 200 folders: at most LIVECHECK_SEARCH_DIRS are listed */
	for (i = 0; i < 200; i++) {
		snprintf(names[i], sizeof(names[i]), "d%zu", i);
		t[i].path = names[i];
		t[i].type = LIVECHECK_DIR;
	}
	assert_int_equal(run_search(t, 200, NULL, f, sizeof(f)), -ENOENT);
	assert_int_equal(n_listed, LIVECHECK_SEARCH_DIRS);
}

static void test_search_bad_names(void **state)
{
	static const struct node t[] = {
		{ "", LIVECHECK_REG },
	};
	static struct livecheck_search s;
	const char *dir;
	char f[SQUASH_PATH_MAX + 1];

	(void)state;
	assert_int_equal(run_search(t, 1, NULL, f, sizeof(f)), -ENOENT);
	livecheck_search_init(&s, NULL);
	assert_int_equal(livecheck_search_next(&s, &dir), 0);
	assert_string_equal(dir, "");
	assert_int_equal(livecheck_search_entry(&s, "a/b.squashfs", LIVECHECK_REG), 0);
	assert_int_equal(livecheck_search_entry(&s, NULL, LIVECHECK_REG), 0);
	assert_int_equal(livecheck_search_found(&s, f, sizeof(f)), -ENOENT);
	assert_int_equal(livecheck_search_next(&s, &dir), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uuid_rows),
		cmocka_unit_test(test_uuid_names),
		cmocka_unit_test(test_is_squashfs),
		cmocka_unit_test(test_search_depth),
		cmocka_unit_test(test_search_kinds),
		cmocka_unit_test(test_search_caps),
		cmocka_unit_test(test_search_bad_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
