/*
 * iso.c - netboot-image's ISO commands: iso-info, iso-ls, iso-cat and
 * iso-extract, over src/core/iso9660.c.
 *
 * iso-info and iso-ls are what netboot-server reads to recognise an image
 * before anything is mounted (and all that --dry-run reads); iso-cat takes
 * the kernel, initrd and .disk/info out of it; iso-extract lays the tree
 * out where the host kernel cannot loop-mount iso9660.  Output meant for a
 * shell is either shquote()d key='value' lines or one entry a line with
 * every byte outside printable ASCII written \xHH, so no name from the
 * image can split a line or reach a terminal raw.  Extraction writes only
 * inside the empty directory it is given, creates every file and
 * directory itself (O_EXCL, O_NOFOLLOW), never creates a symbolic link or
 * a device, and checks the free space first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "image.h"
#include "iso9660.h"
#include "shquote.h"
#include "text.h"

#define COPY_BUF (1u << 20)

struct img {
	const char *path;
	int fd;
	struct iso_io io;
	struct iso_vol vol;
};

static int img_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct img *m = ctx;
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(m->fd, (char *)buf + done, len - done, (off_t)(off + done));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -EIO;
		}
		if (n == 0)
			return -EBADMSG; /* the file shrank under us */
		done += (size_t)n;
	}
	return 0;
}

/* A name from the image, through the one sanitizer (text.h): printable
 * ASCII as is, "\\" for a backslash, "\xNN" for the rest. */
static void put_escaped(FILE *f, const char *s)
{
	static char buf[4 * 4096 + 1];

	text_sanitize(s, buf, sizeof(buf));
	fputs(buf, f);
}

static void bad_entry(void *arg, const char *name, const char *why)
{
	struct img *m = arg;

	fprintf(stderr, "netboot-image: %s: skipped ", m->path);
	put_escaped(stderr, name);
	fprintf(stderr, ": %s\n", why);
}

static const char *open_why(int rc)
{
	switch (rc) {
	case -EBADMSG: return "not an ISO 9660 image (no primary volume descriptor at sector 16), or a damaged one";
	case -EOPNOTSUPP: return "an ISO 9660 image with a block size other than 2048, which this reader does not support";
	default: return "read error";
	}
}

/* Open path and its volume; prints the error.  Returns an exit code. */
static int img_open(struct img *m, const char *path)
{
	struct stat st;
	int rc;

	memset(m, 0, sizeof(*m));
	m->path = path;
	m->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (m->fd < 0) {
		fprintf(stderr, "netboot-image: %s: %s\n", path, strerror(errno));
		return errno == ENOENT || errno == EACCES ? IMAGE_EXIT_REFUSED : IMAGE_EXIT_SYSTEM;
	}
	if (fstat(m->fd, &st) || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
		fprintf(stderr, "netboot-image: %s: not a regular file or block device\n", path);
		close(m->fd);
		return IMAGE_EXIT_REFUSED;
	}
	m->io.read = img_read;
	m->io.ctx = m;
	m->io.size = (uint64_t)st.st_size;
	if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(m->fd, 0, SEEK_END);

		m->io.size = end > 0 ? (uint64_t)end : 0;
	}
	rc = iso_open(&m->io, &m->vol);
	if (rc) {
		fprintf(stderr, "netboot-image: %s: %s\n", path, open_why(rc));
		close(m->fd);
		return rc == -EIO ? IMAGE_EXIT_SYSTEM : IMAGE_EXIT_REFUSED;
	}
	return IMAGE_EXIT_OK;
}

static int usage_err(const char *u)
{
	fprintf(stderr, "usage: netboot-image %s\n", u);
	return IMAGE_EXIT_USAGE;
}

static int print_kv(const char *key, const char *val)
{
	char q[256];

	if (shquote(val, q, sizeof(q)) < 0)
		return -1;
	printf("%s=%s\n", key, q);
	return 0;
}

int image_iso_info_main(int argc, char **argv)
{
	struct img m;
	char num[32];
	int rc;

	if (argc != 2)
		return usage_err("iso-info ISO");
	rc = img_open(&m, argv[1]);
	if (rc)
		return rc;
	print_kv("volume_id", m.vol.volume_id);
	print_kv("rock_ridge", m.vol.rock_ridge ? "yes" : "no");
	snprintf(num, sizeof(num), "%llu", (unsigned long long)m.vol.blocks * ISO_SECTOR);
	print_kv("volume_bytes", num);
	close(m.fd);
	return IMAGE_EXIT_OK;
}

static int ls_fn(void *arg, const char *path, const struct iso_entry *e)
{
	static const char type[] = { [ISO_REG] = 'f', [ISO_DIR] = 'd', [ISO_LNK] = 'l', [ISO_OTHER] = 'o' };

	(void)arg;
	printf("%c %llu ", type[e->type], (unsigned long long)e->size);
	put_escaped(stdout, path);
	putchar('\n');
	return ferror(stdout) ? -EIO : 0;
}

int image_iso_ls_main(int argc, char **argv)
{
	struct img m;
	int rc;

	if (argc != 2)
		return usage_err("iso-ls ISO");
	rc = img_open(&m, argv[1]);
	if (rc)
		return rc;
	rc = iso_walk(&m.io, &m.vol, ls_fn, bad_entry, &m);
	close(m.fd);
	if (fflush(stdout) || rc == -EIO) {
		fprintf(stderr, "netboot-image: %s: read or write error\n", argv[1]);
		return IMAGE_EXIT_SYSTEM;
	}
	if (rc) {
		fprintf(stderr, "netboot-image: %s: %s\n", argv[1],
			rc == -E2BIG ? "more than 65536 directories: refused" : "damaged directory tree");
		return IMAGE_EXIT_REFUSED;
	}
	return IMAGE_EXIT_OK;
}

/* Copy e's extents to fd out; -EIO on a read error, -EPIPE on write. */
static int copy_extents(struct img *m, const struct iso_entry *e, int out, char *buf)
{
	for (unsigned i = 0; i < e->n_ext; i++) {
		uint64_t off = (uint64_t)e->ext[i].lba * ISO_SECTOR;
		uint64_t left = e->ext[i].len;

		while (left) {
			size_t n = left > COPY_BUF ? COPY_BUF : (size_t)left;
			size_t w = 0;

			if (img_read(m, off, buf, n))
				return -EIO;
			while (w < n) {
				ssize_t k = write(out, buf + w, n - w);

				if (k < 0 && errno == EINTR)
					continue;
				if (k <= 0)
					return -EPIPE;
				w += (size_t)k;
			}
			off += n;
			left -= n;
		}
	}
	return 0;
}

static const char *lookup_why(int rc)
{
	switch (rc) {
	case -ENOENT: return "no such file in the image";
	case -ELOOP: return "too many symbolic links";
	case -ENAMETOOLONG: return "path too long";
	case -EINVAL: return "the path must be absolute";
	default: return "damaged directory tree";
	}
}

int image_iso_cat_main(int argc, char **argv)
{
	struct img m;
	struct iso_entry e;
	unsigned long long max = 0;
	char *buf, *end;
	int rc;

	if (argc == 5 && !strcmp(argv[3], "--max")) {
		errno = 0;
		max = strtoull(argv[4], &end, 10);
		if (errno || *end || end == argv[4])
			return usage_err("iso-cat ISO PATH [--max BYTES]");
	} else if (argc != 3) {
		return usage_err("iso-cat ISO PATH [--max BYTES]");
	}
	rc = img_open(&m, argv[1]);
	if (rc)
		return rc;
	rc = iso_lookup(&m.io, &m.vol, argv[2], &e);
	if (rc || e.type != ISO_REG) {
		fprintf(stderr, "netboot-image: %s: ", argv[1]);
		put_escaped(stderr, argv[2]);
		fprintf(stderr, ": %s\n", rc ? lookup_why(rc) : "not a regular file");
		close(m.fd);
		return rc == -EIO ? IMAGE_EXIT_SYSTEM : IMAGE_EXIT_REFUSED;
	}
	if (max && e.size > max) {
		fprintf(stderr, "netboot-image: %s: %s: %llu bytes, more than the %llu allowed\n",
			argv[1], argv[2], (unsigned long long)e.size, max);
		close(m.fd);
		return IMAGE_EXIT_REFUSED;
	}
	buf = malloc(COPY_BUF);
	if (!buf) {
		close(m.fd);
		return IMAGE_EXIT_SYSTEM;
	}
	rc = copy_extents(&m, &e, STDOUT_FILENO, buf);
	free(buf);
	close(m.fd);
	if (rc) {
		fprintf(stderr, "netboot-image: %s: %s: %s\n", argv[1], argv[2],
			rc == -EIO ? "read error" : "write error");
		return IMAGE_EXIT_SYSTEM;
	}
	return IMAGE_EXIT_OK;
}

/* ---- iso-extract -------------------------------------------------------- */

struct extract {
	struct img *m;
	const char *dir;
	char *buf;
	unsigned long long files, dirs, bytes, skipped;
	unsigned long long need;
	int err;
};

static int sum_fn(void *arg, const char *path, const struct iso_entry *e)
{
	struct extract *x = arg;

	(void)path;
	if (e->type == ISO_REG)
		x->need += e->size;
	return 0;
}

static void sum_bad(void *arg, const char *name, const char *why)
{
	(void)arg;
	(void)name;
	(void)why;
}

static int extract_fn(void *arg, const char *path, const struct iso_entry *e)
{
	struct extract *x = arg;
	char full[PATH_MAX];
	int fd, rc;

	if ((size_t)snprintf(full, sizeof(full), "%s%s", x->dir, path) >= sizeof(full)) {
		bad_entry(x->m, path, "path too long for this host");
		x->skipped++;
		return 0;
	}
	switch (e->type) {
	case ISO_DIR:
		if (mkdir(full, 0755)) {
			fprintf(stderr, "netboot-image: mkdir %s: %s\n", full, strerror(errno));
			return -EIO;
		}
		x->dirs++;
		return 0;
	case ISO_REG:
		fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  (e->mode & 0111) ? 0755 : 0644);
		if (fd < 0) {
			fprintf(stderr, "netboot-image: create %s: %s\n", full, strerror(errno));
			return -EIO;
		}
		rc = copy_extents(x->m, e, fd, x->buf);
		if (close(fd) && !rc)
			rc = -EPIPE;
		if (rc) {
			fprintf(stderr, "netboot-image: %s: %s\n", full,
				rc == -EIO ? "read error in the image" : "write error (disk full?)");
			return -EIO;
		}
		x->files++;
		x->bytes += e->size;
		return 0;
	default:
		x->skipped++; /* links, devices: nothing a live boot reads */
		return 0;
	}
}

static int dir_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n == 0;
}

int image_iso_extract_main(int argc, char **argv)
{
	struct img m;
	struct extract x;
	struct statvfs fs;
	struct stat st;
	int rc;

	if (argc != 3)
		return usage_err("iso-extract ISO DIR   (DIR: an existing, empty directory)");
	if (lstat(argv[2], &st) || !S_ISDIR(st.st_mode) || !dir_empty(argv[2])) {
		fprintf(stderr, "netboot-image: %s: not an empty directory\n", argv[2]);
		return IMAGE_EXIT_USAGE;
	}
	rc = img_open(&m, argv[1]);
	if (rc)
		return rc;
	memset(&x, 0, sizeof(x));
	x.m = &m;
	x.dir = argv[2];
	rc = iso_walk(&m.io, &m.vol, sum_fn, sum_bad, &x);
	if (rc == 0 && statvfs(argv[2], &fs) == 0 &&
	    x.need > (unsigned long long)fs.f_bavail * fs.f_frsize) {
		fprintf(stderr, "netboot-image: %s: need %llu MiB to extract, %s has %llu MiB free\n",
			argv[1], x.need >> 20, argv[2],
			((unsigned long long)fs.f_bavail * fs.f_frsize) >> 20);
		close(m.fd);
		return IMAGE_EXIT_REFUSED;
	}
	x.buf = malloc(COPY_BUF);
	if (!x.buf) {
		close(m.fd);
		return IMAGE_EXIT_SYSTEM;
	}
	if (rc == 0)
		rc = iso_walk(&m.io, &m.vol, extract_fn, bad_entry, &x);
	free(x.buf);
	close(m.fd);
	if (rc) {
		if (rc != -EIO)
			fprintf(stderr, "netboot-image: %s: damaged directory tree\n", argv[1]);
		return rc == -EIO ? IMAGE_EXIT_SYSTEM : IMAGE_EXIT_REFUSED;
	}
	fprintf(stderr, "netboot-image: extracted %llu files (%llu MiB) and %llu directories; "
		"%llu links or special files left out\n",
		x.files, x.bytes >> 20, x.dirs, x.skipped);
	return IMAGE_EXIT_OK;
}
