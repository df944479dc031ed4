/*
 * test-phase-handoff.c - the handoff's copy of the boot report
 * (src/phase/handoff.c) on the phase seam: real files in a mkdtemp()
 * folder, fs.c faked to count the reads and to fail a read, a write or
 * the rename part-way.  The copy is streamed (no read larger than
 * REPORT_CHUNK, about 1 MiB read of a report of any size), whole up to the
 * cap, head + marker + tail beyond it, and every failure leaves no file
 * and is said once.
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

#include "fake.h"
#include "handoff.h"
#include "log.h"
#include "phase.h"

static char dir[64], src[128], dst[160];
static char *want;   /* the report's bytes */
static size_t want_len;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	snprintf(dir, sizeof(dir), "/tmp/test-handoff-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(src, sizeof(src), "%s/netboot.log", dir);
	snprintf(dst, sizeof(dst), "%s/root/var/log/netboot.log", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(want);
	want = NULL;
	return 0;
}

/* a report of n numbered lines (38 bytes each), or one line of n bytes */
static void report(unsigned long n, bool one_line)
{
	FILE *f = fopen(src, "w");
	unsigned long i;

	assert_non_null(f);
	if (one_line) {
		for (i = 0; i < n; i++)
			fputc('x', f);
	} else {
		for (i = 1; i <= n; i++)
			fprintf(f, "[%5lu.%03lu] line %06lu of the report\n", i / 1000, i % 1000, i);
	}
	assert_int_equal(fclose(f), 0);
	f = fopen(src, "r");
	fseek(f, 0, SEEK_END);
	want_len = (size_t)ftell(f);
	rewind(f);
	want = malloc(want_len + 1);
	assert_int_equal(fread(want, 1, want_len, f), want_len);
	want[want_len] = '\0';
	fclose(f);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *b;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	b = malloc(*len + 1);
	assert_int_equal(fread(b, 1, *len, f), *len);
	b[*len] = '\0';
	fclose(f);
	return b;
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static void test_small_whole(void **state)
{
	struct report_copy rc;
	size_t len;
	char *got;

	(void)state;
	report(5000, false); /* 190,000 bytes: lost before (a 64 KiB buffer) */
	assert_int_equal(report_copy(src, dst, &rc), 0);
	got = slurp(dst, &len);
	assert_non_null(got);
	assert_int_equal(len, want_len);
	assert_memory_equal(got, want, len);
	assert_int_equal(rc.size, want_len);
	assert_int_equal(rc.copied, want_len);
	assert_int_equal(rc.left_out, 0);
	assert_true(fake_fs_read_max <= REPORT_CHUNK);
	free(got);
}

static void test_at_cap(void **state)
{
	struct report_copy rc;
	size_t len;
	char *got;

	(void)state;
	report(REPORT_HEAD + REPORT_TAIL, true);
	assert_int_equal(report_copy(src, dst, &rc), 0);
	got = slurp(dst, &len);
	assert_int_equal(len, want_len); /* exactly the cap: whole */
	assert_int_equal(rc.left_out, 0);
	free(got);
	free(want);
	report(REPORT_HEAD + REPORT_TAIL + 1, true); /* one byte more: cut */
	assert_int_equal(report_copy(src, dst, &rc), 0);
	got = slurp(dst, &len);
	assert_non_null(strstr(got, "\nnetboot: report truncated"));
	/* one line, no newline to cut at: the head is cut mid-line, the
	 * tail holds no whole line */
	assert_int_equal(rc.copied, REPORT_HEAD);
	assert_int_equal(rc.left_out, want_len - REPORT_HEAD);
	free(got);
}

static void test_100k_lines(void **state)
{
	struct report_copy rc;
	size_t len, head;
	char *got, *mark, *tail;

	(void)state;
	report(100000, false); /* 3.8 MB */
	assert_int_equal(report_copy(src, dst, &rc), 0);
	got = slurp(dst, &len);
	assert_non_null(got);
	print_message("100000 lines, %zu bytes: copied %zu (%llu left out), %u reads of at most %zu, %llu bytes read\n",
		      want_len, len, rc.left_out, fake_fs_reads, fake_fs_read_max,
		      fake_fs_read_bytes);
	/* streamed: small reads, about the cap read, not the whole report */
	assert_true(fake_fs_read_max <= REPORT_CHUNK);
	assert_true(fake_fs_read_bytes <= REPORT_HEAD + REPORT_TAIL + REPORT_CHUNK);
	assert_true(len <= REPORT_HEAD + REPORT_TAIL + 200);
	/* head: a prefix of the report ending on a whole line */
	mark = strstr(got, "netboot: report truncated: ");
	assert_non_null(mark);
	head = (size_t)(mark - got);
	assert_true(head > REPORT_HEAD - 64 && head <= REPORT_HEAD);
	assert_memory_equal(got, want, head);
	assert_int_equal(got[head - 1], '\n');
	/* one marker, then a tail that is the report's end, from a line start */
	tail = strchr(mark, '\n') + 1;
	assert_null(strstr(tail, "netboot: report truncated"));
	assert_true(strlen(tail) > REPORT_TAIL - 64 && strlen(tail) <= REPORT_TAIL);
	assert_memory_equal(tail, want + want_len - strlen(tail), strlen(tail));
	assert_int_equal(want[want_len - strlen(tail) - 1], '\n');
	assert_int_equal(rc.left_out, want_len - head - strlen(tail));
	assert_int_equal(rc.copied, head + strlen(tail));
	free(got);
}

static void test_failures(void **state)
{
	struct report_copy rc;
	char tmp[200];

	(void)state;
	report(100000, false);
	snprintf(tmp, sizeof(tmp), "%s.netboot-fake", dst);

	fake_fs_write_fail_after = 10000; /* the overlay is full */
	assert_int_equal(report_copy(src, dst, &rc), -ENOSPC);
	assert_string_equal(rc.step, "copying");
	assert_true(rc.copied <= 10000);
	assert_false(exists(dst));
	assert_false(exists(tmp));

	fake_reset();
	fake_fs_read_fail_after = 600000; /* the read fails in the tail */
	assert_int_equal(report_copy(src, dst, &rc), -EIO);
	assert_false(exists(dst));
	assert_false(exists(tmp));

	fake_reset();
	fake_fs_commit_err = EROFS;
	assert_int_equal(report_copy(src, dst, &rc), -EROFS);
	assert_string_equal(rc.step, "renaming");
	assert_false(exists(dst));
	assert_false(exists(tmp));

	/* not a regular file: refused before any read */
	fake_reset();
	unlink(src);
	assert_int_equal(report_copy(src, dst, &rc), -ENOENT);
	assert_string_equal(rc.step, "reading");
	assert_int_equal(mkfifo(src, 0600), 0);
	assert_int_equal(report_copy(src, dst, &rc), -EBADFD);
	unlink(src);
	assert_int_equal(symlink("/dev/zero", src), 0);
	assert_int_equal(report_copy(src, dst, &rc), -ELOOP);
	assert_int_equal(fake_fs_reads, 0);
	assert_false(exists(dst));
}

/* The whole phase: a copy that fails is said once, with where and why. */
static void test_phase_says_it(void **state)
{
	char path[200], root[100], *log;
	FILE *f;
	size_t len;
	const char *p;
	int n = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/net.state", dir);
	f = fopen(path, "w");
	fputs("DEVICE='ens3'\nMAC='52:54:00:12:34:02'\n", f);
	fclose(f);
	snprintf(root, sizeof(root), "%s/root", dir);
	assert_int_equal(log_open(dir), 0);
	report(100, false);
	fake_fs_write_fail_after = 100;
	assert_int_equal(phase_handoff(root, dir), NETBOOT_EXIT_OK);
	log = slurp(src, &len);
	for (p = log; (p = strstr(p, "unable to copy the boot report")); p++)
		n++;
	assert_int_equal(n, 1);
	assert_non_null(strstr(log, "(copying, after 0 of "));
	assert_non_null(strstr(log, "No space left on device"));
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_small_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_at_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_100k_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phase_says_it, setup, teardown),
	};

	return cmocka_run_group_tests_name("phase-handoff", tests, NULL, NULL);
}
