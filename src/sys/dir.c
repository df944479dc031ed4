/*
 * dir.c - the directory edge: opendir/readdir/lstat, for klibc and glibc.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dir.h"

int dir_list(const char *path, size_t max,
	     int (*fn)(const char *name, unsigned mode, void *arg), void *arg)
{
	char full[4096];
	struct dirent *de;
	size_t seen = 0;
	DIR *d = opendir(path);

	if (!d)
		return -errno;
	while (seen < max && (de = readdir(d))) {
		struct stat st;
		unsigned mode = 0;
		int n;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		seen++;
		n = snprintf(full, sizeof(full), "%s/%s", path, de->d_name);
		if (n > 0 && (size_t)n < sizeof(full) && lstat(full, &st) == 0)
			mode = (unsigned)st.st_mode;
		if (fn(de->d_name, mode, arg))
			break;
	}
	closedir(d);
	return 0;
}
