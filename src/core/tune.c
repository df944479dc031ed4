/*
 * tune.c - which mounts and loop devices `netboot tune` adjusts, and how
 * (tune.h).  The kernel's text is parsed with bounds on every field: a
 * mountinfo line is "ID PARENT MAJ:MIN ROOT DIR OPTS [TAGS...] - TYPE SRC
 * SUPEROPTS" (proc(5)), a path's space, tab, newline and backslash written
 * as \ooo.  Nothing is applied here: src/phase/tune.c does.
 *
 * The defaults come from tests/bench/reads.sh (see the numbers there).
 */
#include <errno.h>
#include <string.h>

#include "text.h"
#include "tune.h"

#define TUNE_RA_MAX_KB 1048576

/*
 * Loop direct I/O, auto (tune_dio_auto()): the loop device reads the
 * squashfs file either through the NFS client's page cache (off: what
 * casper and live-boot set up) or with O_DIRECT (on).  Off, the image's
 * compressed blocks are cached a second time as NFS file pages under the
 * squashfs pages (62 MiB of 316 after the bench's 66 MB image was read),
 * but NFS read-ahead fetches the next blocks while the CPU decompresses
 * the last ones.  On, squashfs asks for one block at a time and each is
 * a synchronous READ: 5-10% slower under TCG (tests/bench/reads.sh),
 * more on real hardware where decompression and the wire no longer
 * overlap.  The duplicate is clean, reclaimable cache; it only weighs
 * when the image is a large part of RAM, so direct I/O goes on when the
 * image is more than half of it (a 2.5 GB desktop image on a 2-4 GB
 * machine) and is left off otherwise.  netboot.loop-dio=on|off (or
 * --dio) decides instead.  NFS and loop read-ahead stay as the kernel
 * sets them (128 KB): 1, 4 and 16 MB on the NFS bdi, 1 MB on the loop
 * queue were no faster (tests/bench/reads.sh, figures there).
 */
void tune_defaults(struct tune_opts *o)
{
	o->dio = TUNE_AUTO;
	o->nfs_ra_kb = TUNE_KEEP;
	o->loop_ra_kb = TUNE_KEEP;
}

/* The next space-separated field of [*p, end): its start and length. */
static bool field(const char **p, const char *end, const char **f, size_t *n)
{
	const char *s = *p;

	while (s < end && *s == ' ')
		s++;
	if (s == end)
		return false;
	*f = s;
	while (s < end && *s != ' ')
		s++;
	*n = (size_t)(s - *f);
	*p = s;
	return true;
}

static bool field_is(const char *f, size_t n, const char *word)
{
	return n == strlen(word) && !memcmp(f, word, n);
}

/* Decimal digits [f, f + n) below 2^31 (n 1..10). */
static bool parse_dec(const char *f, size_t n, unsigned *v)
{
	uint32_t u;

	if (text_parse_uint(f, n, 0x7fffffffu, &u))
		return false;
	*v = u;
	return true;
}

/* "MAJ:MIN" */
static bool parse_devno(const char *f, size_t n, unsigned *maj, unsigned *min)
{
	const char *c = memchr(f, ':', n);

	if (!c)
		return false;
	return parse_dec(f, (size_t)(c - f), maj) &&
	       parse_dec(c + 1, n - (size_t)(c - f) - 1, min);
}

/* A mountinfo path field with \ooo escapes into dst (NUL-terminated). */
static bool unescape(const char *f, size_t n, char *dst, size_t dstsz)
{
	size_t i = 0, o = 0;

	while (i < n) {
		unsigned char ch = (unsigned char)f[i];

		if (ch == '\\') {
			unsigned v = 0, k;

			if (n - i < 4)
				return false;
			for (k = 1; k <= 3; k++) {
				if (f[i + k] < '0' || f[i + k] > '7')
					return false;
				v = v * 8 + (unsigned)(f[i + k] - '0');
			}
			if (v == 0 || v > 255)
				return false;
			ch = (unsigned char)v;
			i += 4;
		} else {
			i++;
		}
		if (o + 1 >= dstsz)
			return false;
		dst[o++] = (char)ch;
	}
	if (o == 0)
		return false;
	dst[o] = '\0';
	return true;
}

/* One line [s, end): an NFS mount into m. */
static bool parse_line(const char *s, const char *end, struct tune_mount *m)
{
	const char *f, *dev = NULL, *dir = NULL;
	size_t n, devn = 0, dirn = 0;
	int i;

	for (i = 0; i < 5; i++) {
		if (!field(&s, end, &f, &n))
			return false;
		if (i == 2)
			dev = f, devn = n;
		if (i == 4)
			dir = f, dirn = n;
	}
	/* options, then optional tags up to the "-" separator */
	for (;;) {
		if (!field(&s, end, &f, &n))
			return false;
		if (field_is(f, n, "-"))
			break;
	}
	if (!field(&s, end, &f, &n))
		return false;
	if (!field_is(f, n, "nfs") && !field_is(f, n, "nfs4"))
		return false;
	return parse_devno(dev, devn, &m->major, &m->minor) &&
	       unescape(dir, dirn, m->dir, sizeof(m->dir)) && m->dir[0] == '/';
}

int tune_nfs_mounts(const char *buf, size_t len, struct tune_mount *out, size_t max,
		    size_t *n)
{
	const char *p = buf, *end = buf + len;
	size_t k = 0;
	int rc = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		struct tune_mount m;

		if (parse_line(p, le, &m)) {
			if (k < max)
				out[k++] = m;
			else
				rc = -ENOBUFS;
		}
		p = nl ? nl + 1 : end;
	}
	*n = k;
	return rc;
}

int tune_mount_of(const struct tune_mount *m, size_t n, const char *path)
{
	size_t i, best_len = 0;
	int best = -ENOENT;

	for (i = 0; i < n; i++) {
		size_t l = strlen(m[i].dir);

		if (l == 1 && m[i].dir[0] == '/')
			l = 0; /* "/" holds every absolute path */
		else if (strncmp(path, m[i].dir, l) || (path[l] != '/' && path[l] != '\0'))
			continue;
		if (best < 0 || l > best_len) {
			best = (int)i;
			best_len = l;
		}
	}
	return best;
}

int tune_backing_path(const char *buf, size_t len, char *path, size_t pathsz)
{
	static const char deleted[] = " (deleted)";
	size_t i;

	while (len > 0 && buf[len - 1] == '\n')
		len--;
	if (len == 0 || buf[0] != '/')
		return -EINVAL;
	if (len >= sizeof(deleted) - 1 &&
	    !memcmp(buf + len - (sizeof(deleted) - 1), deleted, sizeof(deleted) - 1))
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!text_printable((unsigned char)buf[i]))
			return -EINVAL; /* control bytes, DEL, and >= 0x80 (C1 CSI) */
	if (len + 1 > pathsz)
		return -ENOBUFS;
	memcpy(path, buf, len);
	path[len] = '\0';
	return 0;
}

bool tune_is_squashfs(const char *path)
{
	static const char ext[] = ".squashfs";
	size_t l = strlen(path);

	return l > sizeof(ext) - 1 && !strcmp(path + l - (sizeof(ext) - 1), ext) &&
	       path[l - sizeof(ext)] != '/';
}

int tune_parse_uint(const char *buf, size_t len, unsigned *v)
{
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	return parse_dec(buf, len, v) ? 0 : -EINVAL;
}

int tune_meminfo_total(const char *buf, size_t len, uint64_t *bytes)
{
	static const char key[] = "MemTotal:";
	const char *p = buf, *end = buf + len;
	uint64_t kb = 0;
	size_t n = 0;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > sizeof(key) - 1 && !memcmp(p, key, sizeof(key) - 1)) {
			p += sizeof(key) - 1;
			while (p < eol && *p == ' ')
				p++;
			for (; p < eol && *p >= '0' && *p <= '9'; p++, n++)
				kb = kb * 10 + (uint64_t)(*p - '0');
			/* at most 15 digits: far beyond any RAM, far from overflow */
			if (!n || n > 15 || (size_t)(eol - p) != 3 || memcmp(p, " kB", 3))
				return -EINVAL;
			*bytes = kb * 1024;
			return 0;
		}
		p = eol + 1;
	}
	return -EINVAL;
}

int tune_dio_auto(uint64_t image_bytes, uint64_t mem_bytes)
{
	if (!image_bytes || !mem_bytes)
		return TUNE_KEEP;
	return image_bytes > mem_bytes / 2 ? 1 : TUNE_KEEP;
}

static int parse_kb(const char *val, int *out)
{
	unsigned v;

	if (!strcmp(val, "keep")) {
		*out = TUNE_KEEP;
		return 0;
	}
	if (!parse_dec(val, strlen(val), &v) || v > TUNE_RA_MAX_KB)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

int tune_parse_opt(struct tune_opts *o, const char *opt, const char *val)
{
	if (!strcmp(opt, "--dio")) {
		if (!strcmp(val, "auto"))
			o->dio = TUNE_AUTO;
		else if (!strcmp(val, "on"))
			o->dio = 1;
		else if (!strcmp(val, "off"))
			o->dio = 0;
		else if (!strcmp(val, "keep"))
			o->dio = TUNE_KEEP;
		else
			return -EINVAL;
		return 0;
	}
	if (!strcmp(opt, "--nfs-ra"))
		return parse_kb(val, &o->nfs_ra_kb);
	if (!strcmp(opt, "--loop-ra"))
		return parse_kb(val, &o->loop_ra_kb);
	return -ENOENT;
}
