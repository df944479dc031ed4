/*
 * test-tune.c - core/tune: the NFS mounts of a mountinfo text, the mount
 * holding a path, loop backing_file text, sysfs numbers, tune options.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tune.h"

static int mounts(const char *text, struct tune_mount *m, size_t max, size_t *n)
{
	return tune_nfs_mounts(text, strlen(text), m, max, n);
}

static void test_mountinfo_initrd(void **state)
{
	/* a live-boot initrd at init-bottom: NFS v4.2 and v3, tags present */
	static const char mi[] =
		"20 1 0:19 / / rw shared:1 - rootfs rootfs rw\n"
		"25 20 0:22 / /run rw,nosuid,relatime shared:5 - tmpfs tmpfs rw,size=200k\n"
		"30 25 0:53 / /run/live/medium ro,nosuid,nodev,relatime shared:8 - nfs4 "
		"10.0.2.2:/export ro,vers=4.2,rsize=1048576\n"
		"31 25 7:0 / /run/live/rootfs/filesystem.squashfs ro - squashfs /dev/loop0 ro\n"
		"32 20 0:54 / /mnt/v3 ro master:3 propagate_from:2 - nfs 10.0.2.2:/x ro,vers=3\n"
		"33 20 0:55 / /mnt/o rw - overlay overlay rw,lowerdir=/a\n";
	struct tune_mount m[4];
	size_t n = 99;

	(void)state;
	assert_int_equal(mounts(mi, m, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].major, 0);
	assert_int_equal(m[0].minor, 53);
	assert_string_equal(m[0].dir, "/run/live/medium");
	assert_int_equal(m[1].minor, 54);
	assert_string_equal(m[1].dir, "/mnt/v3");
}

static void test_mountinfo_escapes_and_bounds(void **state)
{
	struct tune_mount m[2];
	char big[TUNE_PATH_MAX + 80];
	size_t n = 99;

	(void)state;
	/* \040 is a space */
	assert_int_equal(mounts("1 1 0:60 / /a\\040b ro - nfs s:/e ro\n", m, 2, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].dir, "/a b");
	/* bad escapes, \000, a relative dir, a devno out of range, missing fields */
	static const char *const bad[] = {
		"1 1 0:60 / /a\\04 ro - nfs s:/e ro\n",
		"1 1 0:60 / /a\\089 ro - nfs s:/e ro\n",
		"1 1 0:60 / /a\\000 ro - nfs s:/e ro\n",
		"1 1 0:60 / rel ro - nfs s:/e ro\n",
		"1 1 0:99999999999 / /a ro - nfs s:/e ro\n",
		"1 1 060 / /a ro - nfs s:/e ro\n",
		"1 1 :60 / /a ro - nfs s:/e ro\n",
		"1 1 0:60 / /a ro nfs s:/e ro\n",
		"1 1 0:60 / /a ro -\n",
		"1 1 0:60\n",
		"",
		"\n\n\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = 99;
		assert_int_equal(mounts(bad[i], m, 2, &n), 0);
		assert_int_equal(n, 0);
	}
	/* a mount point longer than TUNE_PATH_MAX - 1 is skipped */
	memset(big, 0, sizeof(big));
	strcpy(big, "1 1 0:60 / /");
	memset(big + strlen(big), 'x', TUNE_PATH_MAX);
	strcat(big, " ro - nfs s:/e ro\n");
	assert_int_equal(mounts(big, m, 2, &n), 0);
	assert_int_equal(n, 0);
	/* not NUL-terminated: only len bytes are read */
	{
		static const char t[] = "1 1 0:61 / /a ro - nfs4 s:/e ro\n1 1 0:62 / /b ro - nfs4";
		n = 0;
		assert_int_equal(tune_nfs_mounts(t, strlen(t) - 5, m, 2, &n), 0);
		assert_int_equal(n, 1); /* the second line ends at "-": no type */
	}
}

static void test_mountinfo_overflow(void **state)
{
	static const char mi[] = "1 1 0:61 / /a ro - nfs4 s:/e ro\n"
				 "1 1 0:62 / /b ro - nfs4 s:/e ro\n"
				 "1 1 0:63 / /c ro - nfs s:/e ro";
	struct tune_mount m[2];
	size_t n = 0;

	(void)state;
	assert_int_equal(mounts(mi, m, 2, &n), -ENOBUFS);
	assert_int_equal(n, 2);
	assert_int_equal(m[1].minor, 62);
	assert_int_equal(mounts(mi, m, 0, &n), -ENOBUFS);
	assert_int_equal(n, 0);
}

static void test_mount_of(void **state)
{
	struct tune_mount m[3] = {
		{ 0, 1, "/run" }, { 0, 2, "/run/live/medium" }, { 0, 3, "/" },
	};

	(void)state;
	assert_int_equal(tune_mount_of(m, 3, "/run/live/medium/live/filesystem.squashfs"), 1);
	assert_int_equal(tune_mount_of(m, 3, "/run/live/medium"), 1);
	assert_int_equal(tune_mount_of(m, 3, "/run/live/mediumx/f"), 0);
	assert_int_equal(tune_mount_of(m, 3, "/etc/x"), 2);
	assert_int_equal(tune_mount_of(m, 2, "/etc/x"), -ENOENT);
	assert_int_equal(tune_mount_of(m, 0, "/run"), -ENOENT);
}

static void test_backing_path(void **state)
{
	char p[32];

	(void)state;
	assert_int_equal(tune_backing_path("/m/live/f.squashfs\n", 19, p, sizeof(p)), 0);
	assert_string_equal(p, "/m/live/f.squashfs");
	assert_int_equal(tune_backing_path("/x", 2, p, sizeof(p)), 0);
	assert_string_equal(p, "/x");
	assert_int_equal(tune_backing_path("", 0, p, sizeof(p)), -EINVAL);
	assert_int_equal(tune_backing_path("\n", 1, p, sizeof(p)), -EINVAL);
	assert_int_equal(tune_backing_path("rel/f\n", 6, p, sizeof(p)), -EINVAL);
	assert_int_equal(tune_backing_path("/a\033b\n", 5, p, sizeof(p)), -EINVAL);
	assert_int_equal(tune_backing_path("/a\nb\n", 5, p, sizeof(p)), -EINVAL);
	/* DEL and bytes >= 0x80 (0x9b is C1 CSI): the path is printed */
	assert_int_equal(tune_backing_path("/a\177b\n", 5, p, sizeof(p)), -EINVAL);
	assert_int_equal(tune_backing_path("/a\233[2Jb\n", 8, p, sizeof(p)), -EINVAL);
	assert_int_equal(tune_backing_path("/caf\303\251\n", 7, p, sizeof(p)), -EINVAL);
	assert_int_equal(tune_backing_path("/f.squashfs (deleted)\n", 22, p, sizeof(p)), -EINVAL);
	/* exactly fits, one too long */
	assert_int_equal(tune_backing_path("/234567", 7, p, 8), 0);
	assert_int_equal(tune_backing_path("/2345678", 8, p, 8), -ENOBUFS);
}

static void test_is_squashfs(void **state)
{
	(void)state;
	assert_true(tune_is_squashfs("/run/live/medium/live/filesystem.squashfs"));
	assert_true(tune_is_squashfs("/a/b.squashfs"));
	assert_false(tune_is_squashfs("/a/.squashfs"));
	assert_false(tune_is_squashfs(".squashfs"));
	assert_false(tune_is_squashfs("/a/b.squashfs.img"));
	assert_false(tune_is_squashfs("/a/b.img"));
	assert_false(tune_is_squashfs(""));
}

static void test_parse_uint(void **state)
{
	unsigned v = 7;

	(void)state;
	assert_int_equal(tune_parse_uint("128\n", 4, &v), 0);
	assert_int_equal(v, 128);
	assert_int_equal(tune_parse_uint("0", 1, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(tune_parse_uint("2147483647", 10, &v), 0);
	assert_int_equal(v, 2147483647u);
	v = 7;
	assert_int_equal(tune_parse_uint("2147483648", 10, &v), -EINVAL);
	assert_int_equal(tune_parse_uint("99999999999", 11, &v), -EINVAL);
	assert_int_equal(tune_parse_uint("", 0, &v), -EINVAL);
	assert_int_equal(tune_parse_uint("\n", 1, &v), -EINVAL);
	assert_int_equal(tune_parse_uint("-1\n", 3, &v), -EINVAL);
	assert_int_equal(tune_parse_uint("12 \n", 4, &v), -EINVAL);
	assert_int_equal(tune_parse_uint("0x10", 4, &v), -EINVAL);
	assert_int_equal(v, 7); /* written only on success */
}

static void test_opts(void **state)
{
	struct tune_opts o;

	(void)state;
	tune_defaults(&o);
	assert_int_equal(o.dio, TUNE_AUTO);
	assert_int_equal(o.nfs_ra_kb, TUNE_KEEP);
	assert_int_equal(o.loop_ra_kb, TUNE_KEEP);
	assert_int_equal(tune_parse_opt(&o, "--dio", "on"), 0);
	assert_int_equal(o.dio, 1);
	assert_int_equal(tune_parse_opt(&o, "--dio", "off"), 0);
	assert_int_equal(o.dio, 0);
	assert_int_equal(tune_parse_opt(&o, "--dio", "keep"), 0);
	assert_int_equal(o.dio, TUNE_KEEP);
	assert_int_equal(tune_parse_opt(&o, "--dio", "auto"), 0);
	assert_int_equal(o.dio, TUNE_AUTO);
	assert_int_equal(tune_parse_opt(&o, "--dio", "1"), -EINVAL);
	assert_int_equal(tune_parse_opt(&o, "--nfs-ra", "4096"), 0);
	assert_int_equal(o.nfs_ra_kb, 4096);
	assert_int_equal(tune_parse_opt(&o, "--nfs-ra", "keep"), 0);
	assert_int_equal(o.nfs_ra_kb, TUNE_KEEP);
	assert_int_equal(tune_parse_opt(&o, "--loop-ra", "0"), 0);
	assert_int_equal(o.loop_ra_kb, 0);
	assert_int_equal(tune_parse_opt(&o, "--loop-ra", "1048576"), 0);
	assert_int_equal(tune_parse_opt(&o, "--loop-ra", "1048577"), -EINVAL);
	assert_int_equal(tune_parse_opt(&o, "--loop-ra", "-1"), -EINVAL);
	assert_int_equal(tune_parse_opt(&o, "--loop-ra", ""), -EINVAL);
	assert_int_equal(tune_parse_opt(&o, "--nfs-ra", "4k"), -EINVAL);
	assert_int_equal(tune_parse_opt(&o, "--rsize", "1"), -ENOENT);
}

/* MemTotal of /proc/meminfo, in bytes. */
static void test_meminfo(void **state)
{
	static const char real[] =
		"MemTotal:        2030200 kB\n"
		"MemFree:         1740264 kB\n"
		"MemAvailable:    1799812 kB\n";
	static const char *const bad[] = {
		"", "MemFree: 5 kB\n", "MemTotal:\n", "MemTotal: kB\n", "MemTotal: 12\n",
		"MemTotal: 12 MB\n", "MemTotal: 12 kB extra\n", "MemTotal: -12 kB\n",
		"MemTotal: 1234567890123456 kB\n", "MemTotal: 12x kB\n",
		" MemTotal: 12 kB\n", "XMemTotal: 12 kB\n",
	};
	uint64_t b = 7;

	(void)state;
	assert_int_equal(tune_meminfo_total(real, sizeof(real) - 1, &b), 0);
	assert_true(b == 2030200ull * 1024);
	/* not the first line; the last line without its newline */
	assert_int_equal(tune_meminfo_total("A: 1 kB\nMemTotal: 8 kB", 22, &b), 0);
	assert_true(b == 8192);
	/* the text's length, not a NUL, ends it */
	assert_int_equal(tune_meminfo_total("MemTotal: 16 kB", 14, &b), -EINVAL);
	assert_int_equal(tune_meminfo_total("MemTotal: 999999999999999 kB", 28, &b), 0);
	assert_true(b == 999999999999999ull * 1024);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = 7;
		assert_int_equal(tune_meminfo_total(bad[i], strlen(bad[i]), &b), -EINVAL);
		assert_true(b == 7);
	}
}

/* Direct I/O when the image is more than half of RAM; unknown sizes
 * change nothing. */
static void test_dio_auto(void **state)
{
	const uint64_t mib = 1024 * 1024;

	(void)state;
	assert_int_equal(tune_dio_auto(66 * mib, 2048 * mib), TUNE_KEEP);
	assert_int_equal(tune_dio_auto(1024 * mib, 2048 * mib), TUNE_KEEP); /* exactly half */
	assert_int_equal(tune_dio_auto(1024 * mib + 512, 2048 * mib), 1);
	assert_int_equal(tune_dio_auto(2800 * mib, 4096 * mib), 1);
	assert_int_equal(tune_dio_auto(2800 * mib, 8192 * mib), TUNE_KEEP);
	assert_int_equal(tune_dio_auto(5000 * mib, 2048 * mib), 1);
	assert_int_equal(tune_dio_auto(0, 2048 * mib), TUNE_KEEP);
	assert_int_equal(tune_dio_auto(66 * mib, 0), TUNE_KEEP);
	assert_int_equal(tune_dio_auto(UINT64_MAX / 2, UINT64_MAX), TUNE_KEEP);
	assert_int_equal(tune_dio_auto(UINT64_MAX, UINT64_MAX), 1);
	assert_int_equal(tune_dio_auto(UINT64_MAX, 1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mountinfo_initrd),
		cmocka_unit_test(test_mountinfo_escapes_and_bounds),
		cmocka_unit_test(test_mountinfo_overflow),
		cmocka_unit_test(test_mount_of),
		cmocka_unit_test(test_backing_path),
		cmocka_unit_test(test_is_squashfs),
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_opts),
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_dio_auto),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
