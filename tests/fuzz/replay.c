/*
 * replay.c - run a fuzz target's LLVMFuzzerTestOneInput over files, without
 * libFuzzer (systemd's fuzz-main.c): `make check-fuzz` links it with each
 * tests/fuzz/fuzz-*.c under ASan + UBSan and feeds it the seed corpus and
 * the regressions.
 *
 *   fuzz-TARGET [-q] FILE|DIR...
 *
 * Every regular file (directories one level deep, in name order) is run in
 * a child process, so a crash or a violated property (abort) fails that
 * input and the run goes on.  Prints each failure and the closing line
 * "TARGET: N passed, N failed", counting inputs; exit 1 if any failed.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

static unsigned n_pass, n_fail;
static int quiet;

static int run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;
	long sz;
	size_t got;

	if (!fp)
		return 2;
	if (fseek(fp, 0, SEEK_END) || (sz = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET)) {
		fclose(fp);
		return 2;
	}
	/* An exact-size heap copy, so ASan sees a read one past the end. */
	buf = malloc(sz ? (size_t)sz : 1);
	if (!buf) {
		fclose(fp);
		return 2;
	}
	got = fread(buf, 1, (size_t)sz, fp);
	fclose(fp);
	if (got != (size_t)sz) {
		free(buf);
		return 2;
	}
	LLVMFuzzerTestOneInput(buf, got);
	free(buf);
	return 0;
}

static void one(const char *path)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0)
		_exit(run_file(path));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			perror("waitpid");
			exit(2);
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		n_pass++;
		if (!quiet)
			printf("ok   %s\n", path);
		return;
	}
	n_fail++;
	if (WIFSIGNALED(status))
		printf("FAIL %s (signal %d)\n", path, WTERMSIG(status));
	else
		printf("FAIL %s (exit %d)\n", path, WEXITSTATUS(status));
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static void walk(const char *path)
{
	struct dirent **ents;
	struct stat st;
	char sub[4096];
	int n, i;

	if (stat(path, &st)) {
		if (errno == ENOENT)
			return; /* an absent regressions/ dir is fine */
		perror(path);
		n_fail++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		one(path);
		return;
	}
	n = scandir(path, &ents, not_dot, by_name);
	if (n < 0) {
		perror(path);
		n_fail++;
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", path, ents[i]->d_name);
		if (!stat(sub, &st) && S_ISREG(st.st_mode))
			one(sub);
		free(ents[i]);
	}
	free(ents);
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int i = 1;

	if (i < argc && !strcmp(argv[i], "-q")) {
		quiet = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: %s [-q] FILE|DIR...\n", name);
		return 2;
	}
	for (; i < argc; i++)
		walk(argv[i]);
	printf("%s: %u passed, %u failed\n", name, n_pass, n_fail);
	return n_fail ? 1 : 0;
}
