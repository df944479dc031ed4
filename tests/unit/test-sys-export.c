/*
 * test-sys-export.c - the edges that read the NFS export (src/sys/file.c,
 * mnt.c, dir.c), run for real on the host against local stand-ins for
 * what a hostile or stalled server can put there: a FIFO with no writer, a
 * symbolic link to a device (/dev/zero, /dev/tty) or to a FIFO, a
 * directory where a file should be, and work that never finishes (a
 * stalled hard mount).  Each call that could block runs under a watchdog
 * child, so a regression fails in seconds ("hung") instead of hanging.
 *
 * The sys files are compiled into this test (they are not in the core
 * archive): no root, no NFS, a temporary directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "file.c"
#include "mnt.c"
#ifndef TEST_OLD_API
#include "dir.c"
#endif

static char tmp[256];

static void path(char *dst, size_t dstsz, const char *name)
{
	snprintf(dst, dstsz, "%s/%s", tmp, name);
}

static int setup(void **state)
{
	char p[300], q[300];
	FILE *f;

	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/nbt-sys-export.XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	path(p, sizeof(p), "fifo");
	if (mkfifo(p, 0644))
		return -1;
	path(p, sizeof(p), "zero");
	if (symlink("/dev/zero", p))
		return -1;
	path(p, sizeof(p), "tty");
	if (symlink("/dev/tty", p))
		return -1;
	path(p, sizeof(p), "to-fifo");
	if (symlink("fifo", p))
		return -1;
	path(p, sizeof(p), "dir");
	if (mkdir(p, 0755))
		return -1;
	path(p, sizeof(p), "reg");
	f = fopen(p, "w");
	if (!f)
		return -1;
	fputs("hsqs and more bytes\n", f);
	fclose(f);
	path(q, sizeof(q), "to-reg");
	if (symlink("reg", q))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	static const char *const names[] = { "fifo", "zero", "tty", "to-fifo", "dir",
					     "reg", "to-reg" };
	char p[300];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		path(p, sizeof(p), names[i]);
		if (remove(p))
			return -1;
	}
	return rmdir(tmp);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Run mnt_read_head(name) in a watchdog child, killed after 3 s.  Returns
 * its result (0 or -errno), or 1000 when it hung.  *ms gets the wall time.
 */
static int head_watched(const char *name, uint64_t *ms)
{
	char p[300];
	uint64_t t0 = now_ms();
	int st, i;
	pid_t pid;

	path(p, sizeof(p), name);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		uint8_t buf[96];
		size_t len = 0;
		uint64_t size = 0;
		int e = mnt_read_head(p, buf, sizeof(buf), &len, &size);

		_exit(e < 0 ? (-e & 0xff) : 0);
	}
	for (i = 0; i < 300 && waitpid(pid, &st, WNOHANG) == 0; i++)
		usleep(10000);
	*ms = now_ms() - t0;
	if (i == 300) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return 1000;
	}
	return WIFEXITED(st) ? -WEXITSTATUS(st) : 2000;
}

static void expect_head(const char *name, int want)
{
	uint64_t ms = 0;
	int got = head_watched(name, &ms);

	if (got == 1000)
		fail_msg("mnt_read_head(%s): hung, killed after %llu ms", name,
			 (unsigned long long)ms);
	if (got != want)
		fail_msg("mnt_read_head(%s): returned %d (%s), want %d (%s), in %llu ms",
			 name, got, strerror(-got), want, strerror(-want),
			 (unsigned long long)ms);
	print_message("mnt_read_head(%s) = %d (%s) in %llu ms\n", name, got,
		      got ? strerror(-got) : "ok", (unsigned long long)ms);
}

/* An image on the export must be a regular file, whatever leads to it. */
static void test_head_fifo(void **state)
{
	(void)state;
	expect_head("fifo", -EBADFD);
}

static void test_head_link_to_device(void **state)
{
	(void)state;
	expect_head("zero", -EBADFD);
	expect_head("tty", -EBADFD);
}

static void test_head_link_to_fifo(void **state)
{
	(void)state;
	expect_head("to-fifo", -EBADFD);
}

static void test_head_dir(void **state)
{
	(void)state;
	expect_head("dir", -EISDIR);
}

/* A link to a regular file is followed, as casper's loop mount follows it. */
static void test_head_regular(void **state)
{
	char p[300];
	uint8_t buf[96];
	size_t len = 0;
	uint64_t size = 0;

	(void)state;
	expect_head("reg", 0);
	expect_head("to-reg", 0);
	path(p, sizeof(p), "to-reg");
	assert_int_equal(mnt_read_head(p, buf, sizeof(buf), &len, &size), 0);
	assert_int_equal(len, 20);
	assert_int_equal(size, 20);
	assert_memory_equal(buf, "hsqs", 4);
}

#ifndef TEST_OLD_API
static void expect_read(const char *name, int flags, int want)
{
	char p[300], buf[64];
	size_t len = 99;
	int trunc = 0, got;
	uint64_t t0 = now_ms();

	path(p, sizeof(p), name);
	got = file_read_regular(p, flags, buf, sizeof(buf), &len, &trunc);
	if (got != want)
		fail_msg("file_read_regular(%s, %d) = %d, want %d", name, flags, got, want);
	assert_true(now_ms() - t0 < 1000);
	if (want)
		assert_int_equal(len, 99); /* untouched on failure */
}

/* .disk/ files: O_NOFOLLOW, regular only. */
static void test_read_regular(void **state)
{
	char p[300], buf[8];
	size_t len = 0;
	int trunc = 0;

	(void)state;
	expect_read("fifo", FILE_NOFOLLOW, -EBADFD);
	expect_read("zero", FILE_NOFOLLOW, -ELOOP);
	expect_read("tty", FILE_NOFOLLOW, -ELOOP);
	expect_read("to-reg", FILE_NOFOLLOW, -ELOOP);
	expect_read("dir", FILE_NOFOLLOW, -EISDIR);
	expect_read("zero", 0, -EBADFD);
	expect_read("tty", 0, -EBADFD);
	expect_read("to-fifo", 0, -EBADFD);
	expect_read("to-reg", 0, 0);
	expect_read("reg", FILE_NOFOLLOW, 0);
	path(p, sizeof(p), "reg");
	assert_int_equal(file_read_regular(p, FILE_NOFOLLOW, buf, sizeof(buf), &len, &trunc), 0);
	assert_int_equal(len, 7);
	assert_string_equal(buf, "hsqs an");
	assert_int_equal(trunc, 1);
	path(p, sizeof(p), "missing");
	assert_int_equal(file_read_regular(p, 0, buf, sizeof(buf), &len, NULL), -ENOENT);
}

/* What a stalled hard mount does to a read: it never returns. */
static int never(void *arg, void *out, size_t outsz)
{
	(void)arg;
	(void)out;
	(void)outsz;
	for (;;)
		pause();
	return 0;
}

static int answer(void *arg, void *out, size_t outsz)
{
	memset(out, *(const int *)arg, outsz);
	return -ENOTDIR;
}

/* A FIFO read in the child: blocks until the deadline kills it. */
static int read_fifo(void *arg, void *out, size_t outsz)
{
	char p[300], c;
	int fd;

	(void)arg;
	(void)out;
	(void)outsz;
	path(p, sizeof(p), "fifo");
	fd = open(p, O_RDONLY);
	return fd < 0 ? -errno : (int)read(fd, &c, 1);
}

static void test_call_timed(void **state)
{
	static uint8_t big[60000];
	uint64_t t0;
	int v = 0x5a, e;
	size_t i;

	(void)state;
	t0 = now_ms();
	e = mnt_call_timed(never, NULL, big, 10, 300);
	assert_int_equal(e, -ETIMEDOUT);
	assert_true(now_ms() - t0 < 1500);
	assert_int_equal(big[0], 0); /* out untouched */
	t0 = now_ms();
	assert_int_equal(mnt_call_timed(read_fifo, NULL, big, 1, 300), -ETIMEDOUT);
	assert_true(now_ms() - t0 < 1500);
	/* an answer larger than a pipe's buffer comes back whole */
	assert_int_equal(mnt_call_timed(answer, &v, big, sizeof(big), 5000), -ENOTDIR);
	for (i = 0; i < sizeof(big); i++)
		if (big[i] != 0x5a)
			fail_msg("byte %zu: %#x", i, big[i]);
	assert_int_equal(mnt_call_timed(answer, &v, big, 70000, 5000), -EINVAL);
}

struct seen {
	unsigned n, reg, dir, lnk, fifo;
};

static int count(const char *name, unsigned mode, void *arg)
{
	struct seen *s = arg;

	(void)name;
	s->n++;
	s->reg += S_ISREG(mode);
	s->dir += S_ISDIR(mode);
	s->lnk += S_ISLNK(mode);
	s->fifo += S_ISFIFO(mode);
	return 0;
}

static void test_dir_list(void **state)
{
	struct seen s = { 0 };

	(void)state;
	assert_int_equal(dir_list(tmp, 100, count, &s), 0);
	assert_int_equal(s.n, 7);
	assert_int_equal(s.reg, 1);
	assert_int_equal(s.dir, 1);
	assert_int_equal(s.lnk, 4); /* never followed */
	assert_int_equal(s.fifo, 1);
	memset(&s, 0, sizeof(s));
	assert_int_equal(dir_list(tmp, 3, count, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(dir_list("/nonexistent-nbt", 3, count, &s), -ENOENT);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head_fifo),
		cmocka_unit_test(test_head_link_to_device),
		cmocka_unit_test(test_head_link_to_fifo),
		cmocka_unit_test(test_head_dir),
		cmocka_unit_test(test_head_regular),
#ifndef TEST_OLD_API
		cmocka_unit_test(test_read_regular),
		cmocka_unit_test(test_call_timed),
		cmocka_unit_test(test_dir_list),
#endif
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
