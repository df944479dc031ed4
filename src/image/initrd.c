/*
 * initrd.c - netboot-image's initrd command: initrd-ls, the reader
 * netboot-remaster trusts before it appends to an initrd, and the listing
 * behind `netboot-remaster --check`.
 *
 * An initrd is what the kernel's unpacker (init/initramfs.c) walks:
 * segments one after another, zero bytes between them skipped; a segment
 * is an uncompressed newc archive (which must start 4-byte aligned) or a
 * compressed stream holding archives (gzip, xz, lzma, zstd, lz4 legacy,
 * bzip2, lzo).  This walks the same way, decompressing in memory with
 * caps, and reads every archive with the strict core reader (cpio.c).
 *
 * It refuses (exit 1, one line saying where and why) what the boot would
 * choke on or what a careful tool must not trust: data that is neither an
 * archive nor a known compressor, a truncated stream or archive, a member
 * name that is absolute or holds "..", a member that goes through a
 * symbolic link of the initrd, and a symbolic link at a path given with
 * --protect (where netboot-remaster's files or their ORDER entries go).
 * Nothing is ever written to disk.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "cpio.h"
#include "image.h"
#include "text.h"

#define INPUT_MAX   ((size_t)2 << 30)  /* 2 GiB of initrd */
#define UNPACK_MAX  ((size_t)4 << 30)  /* 4 GiB unpacked, per segment */
#define LZ4_BLOCK   (8u << 20)         /* lz4 legacy: 8 MiB a chunk */
#define LZ4_MAGIC   0x184c2102u
#define PROTECT_MAX 64

struct buf {
	uint8_t *p;
	size_t len, cap;
};

struct walk {
	const char *path;
	bool members;              /* print member lines */
	const char *protect[PROTECT_MAX];
	size_t nprotect;
	char **links;              /* every symlink seen, relative names */
	size_t nlinks, caplinks;
	size_t count;              /* members in this segment */
	size_t total;              /* members in all */
	char err[512];
};

/* ---- output ---------------------------------------------------------------- */

/* The most of one name or link target printed. */
#define PUT_MAX 4096

/* n bytes of a name from the archive, through the one sanitizer (text.h):
 * printable ASCII as is, "\\" for a backslash, "\xNN" for the rest. */
static void put_escaped(FILE *f, const char *s, size_t n)
{
	static char buf[4 * PUT_MAX + 1];

	text_sanitize_n(s, n > PUT_MAX ? PUT_MAX : n, buf, sizeof(buf));
	fputs(buf, f);
}

static char type_char(uint32_t mode)
{
	switch (mode & CPIO_S_IFMT) {
	case CPIO_S_IFREG: return 'f';
	case CPIO_S_IFDIR: return 'd';
	case CPIO_S_IFLNK: return 'l';
	case 0020000u: return 'c';
	case 0060000u: return 'b';
	case 0010000u: return 'p';
	case 0140000u: return 's';
	}
	return '?';
}

/* ---- the policy over members ---------------------------------------------- */

static bool is_link(const struct walk *w, const char *name, size_t len)
{
	for (size_t i = 0; i < w->nlinks; i++)
		if (strlen(w->links[i]) == len && !memcmp(w->links[i], name, len))
			return true;
	return false;
}

static int add_link(struct walk *w, const char *name, size_t len)
{
	char *s;

	if (w->nlinks == w->caplinks) {
		size_t cap = w->caplinks ? 2 * w->caplinks : 64;
		char **n = realloc(w->links, cap * sizeof(*n));

		if (!n)
			return -1;
		w->links = n;
		w->caplinks = cap;
	}
	s = strndup(name, len);
	if (!s)
		return -1;
	w->links[w->nlinks++] = s;
	return 0;
}

static void set_err(struct walk *w, const struct cpio_member *m, const char *why)
{
	char name[256];
	size_t j = 0;

	for (size_t i = 0; i < m->namelen && j + 5 < sizeof(name); i++) {
		unsigned char c = (unsigned char)m->name[i];

		if (!text_printable(c) || c == '\\')
			j += (size_t)snprintf(name + j, sizeof(name) - j, "\\x%02x", c);
		else
			name[j++] = (char)c;
	}
	name[j] = '\0';
	snprintf(w->err, sizeof(w->err), "member \"%s\": %s", name, why);
}

static int each_member(const struct cpio_member *m, void *arg)
{
	struct walk *w = arg;
	const char *why = cpio_name_problem(m->name, m->namelen);
	/* the path the name resolves to ("a//b", "a/./b/" and "a/b" are one
	 * file to the kernel and to cpio -i): links are known and compared
	 * in this form only, so no spelling slips past them */
	char rel[CPIO_NAME_MAX];
	int clen;
	size_t rlen;

	if (why) {
		set_err(w, m, why);
		return 1;
	}
	clen = cpio_name_canon(m->name, m->namelen, rel, sizeof(rel));
	if (clen < 0) {
		set_err(w, m, "name too long");
		return 1;
	}
	rlen = (size_t)clen;
	/* a member under a path that is a symlink of this initrd would be
	 * written wherever that link points */
	for (size_t i = 1; i < rlen; i++) {
		if (rel[i] == '/' && is_link(w, rel, i)) {
			char why2[300];

			snprintf(why2, sizeof(why2), "goes through the symbolic link \"%.*s\" of the initrd",
				(int)(i > 200 ? 200 : i), rel);
			set_err(w, m, why2);
			return 1;
		}
	}
	if ((m->mode & CPIO_S_IFMT) == CPIO_S_IFLNK) {
		for (size_t i = 0; i < w->nprotect; i++) {
			if (strlen(w->protect[i]) == rlen && !memcmp(w->protect[i], rel, rlen)) {
				set_err(w, m, "is a symbolic link where netboot writes (a planted redirection)");
				return 1;
			}
		}
		if (rlen && add_link(w, rel, rlen) < 0) {
			snprintf(w->err, sizeof(w->err), "out of memory");
			return 1;
		}
	}
	w->count++;
	w->total++;
	if (w->members) {
		printf("member %c %04o %zu ", type_char(m->mode), (unsigned)(m->mode & 07777), m->size);
		if (rlen)
			put_escaped(stdout, rel, rlen);
		else
			fputc('.', stdout); /* the root: "." or "./" */
		if ((m->mode & CPIO_S_IFMT) == CPIO_S_IFLNK) {
			fputs(" -> ", stdout);
			put_escaped(stdout, (const char *)m->data, m->size);
		}
		fputc('\n', stdout);
	}
	return 0;
}

/* Archives in an unpacked stream (or one raw segment), zero padding between
 * them, as the kernel reads them.  0, or -1 with w->err set. */
static int walk_archives(struct walk *w, const uint8_t *p, size_t len, size_t *used, bool whole)
{
	size_t off = 0;

	for (;;) {
		size_t end = 0;
		enum cpio_err e;

		while (off < len && p[off] == 0)
			off++;
		if (off >= len)
			break;
		if (!cpio_is_newc(p + off, len - off)) {
			if (!whole)
				break; /* raw: the next segment starts here */
			snprintf(w->err, sizeof(w->err), "unpacked data at offset %zu is not a cpio archive", off);
			return -1;
		}
		if (off & 3) {
			snprintf(w->err, sizeof(w->err),
				"a cpio archive at offset %zu is not 4-byte aligned (the kernel refuses it)", off);
			return -1;
		}
		e = cpio_walk(p + off, len - off, each_member, w, &end);
		if (e == CPIO_ERR_STOPPED)
			return -1;
		if (e != CPIO_OK) {
			snprintf(w->err, sizeof(w->err), "cpio archive at offset %zu: %s (member at +%zu)",
				off, cpio_strerror(e), end);
			return -1;
		}
		off += end;
		if (!whole)
			break;
	}
	*used = off;
	return 0;
}

/* ---- decompressors: unpack one stream at p, say how much it used ---------- */

static int buf_room(struct buf *b, size_t want)
{
	size_t cap;
	uint8_t *n;

	if (b->cap - b->len >= want)
		return 0;
	if (b->len + want > UNPACK_MAX)
		return -1;
	cap = b->cap ? b->cap : (1u << 20);
	while (cap - b->len < want)
		cap *= 2;
	if (cap > UNPACK_MAX)
		cap = UNPACK_MAX;
	n = realloc(b->p, cap);
	if (!n)
		return -1;
	b->p = n;
	b->cap = cap;
	return 0;
}

#define TOO_BIG "unpacks to more than 4 GiB (refused)"

static const char *un_gzip(const uint8_t *p, size_t len, struct buf *out, size_t *used)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return "zlib: cannot start";
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
	do {
		if (buf_room(out, 1u << 20) < 0) {
			inflateEnd(&z);
			return TOO_BIG;
		}
		z.next_out = out->p + out->len;
		z.avail_out = (uInt)(out->cap - out->len);
		rc = inflate(&z, Z_NO_FLUSH);
		out->len = out->cap - z.avail_out;
	} while (rc == Z_OK);
	*used = z.total_in;
	inflateEnd(&z);
	if (rc == Z_STREAM_END)
		return NULL;
	return rc == Z_BUF_ERROR ? "gzip stream truncated" : "gzip stream corrupt";
}

static const char *un_lzma(const uint8_t *p, size_t len, struct buf *out, size_t *used, bool xz)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret rc;

	rc = xz ? lzma_stream_decoder(&s, UINT64_MAX, 0) : lzma_alone_decoder(&s, UINT64_MAX);
	if (rc != LZMA_OK)
		return "liblzma: cannot start";
	s.next_in = p;
	s.avail_in = len;
	do {
		if (buf_room(out, 1u << 20) < 0) {
			lzma_end(&s);
			return TOO_BIG;
		}
		s.next_out = out->p + out->len;
		s.avail_out = out->cap - out->len;
		rc = lzma_code(&s, LZMA_FINISH);
		out->len = out->cap - s.avail_out;
	} while (rc == LZMA_OK);
	*used = (size_t)s.total_in;
	lzma_end(&s);
	if (rc == LZMA_STREAM_END)
		return NULL;
	return rc == LZMA_BUF_ERROR ? "xz/lzma stream truncated" : "xz/lzma stream corrupt";
}

/* One zstd frame at p, as the kernel's unzstd reads it: __unzstd() stops
 * when a frame is complete and unpack_to_rootfs() goes on after it, so a
 * frame right after is a new segment (an archive may not run across two
 * frames: "junk at the end of compressed archive") and a skippable frame
 * is data no decompressor of the kernel knows. */
static const char *un_zstd(const uint8_t *p, size_t len, struct buf *out, size_t *used)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	ZSTD_inBuffer in = { p, len, 0 };
	size_t rc = 1;

	if (!d)
		return "libzstd: cannot start";
	ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, 23); /* 8 MiB: the kernel's ZSTD_WINDOWSIZE_MAX */
	while (rc != 0) {
		ZSTD_outBuffer o;

		if (buf_room(out, 1u << 20) < 0) {
			ZSTD_freeDCtx(d);
			return TOO_BIG;
		}
		o.dst = out->p + out->len;
		o.size = out->cap - out->len;
		o.pos = 0;
		rc = ZSTD_decompressStream(d, &o, &in);
		out->len += o.pos;
		if (ZSTD_isError(rc)) {
			ZSTD_freeDCtx(d);
			*used = in.pos;
			return "zstd stream corrupt";
		}
		if (rc != 0 && in.pos == len && o.pos < o.size) {
			ZSTD_freeDCtx(d);
			*used = in.pos;
			return "zstd stream truncated";
		}
	}
	*used = in.pos;
	ZSTD_freeDCtx(d);
	return NULL;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* lz4 legacy: the magic, then (size, block) chunks; the magic may recur
 * (concatenated streams, as `cat a.lz4 b.lz4`).  The kernel reads chunks
 * to the end of the initrd, so nothing but zero bytes may follow. */
static const char *un_lz4(const uint8_t *p, size_t len, struct buf *out, size_t *used)
{
	size_t off = 4;
	size_t bound = (size_t)LZ4_compressBound((int)LZ4_BLOCK);

	while (len - off >= 4) {
		uint32_t n = le32(p + off);
		int got;

		if (n == LZ4_MAGIC) {
			off += 4;
			continue;
		}
		if (n == 0 || n > bound) {
			/* the kernel's unlz4 reads chunks to the end of the initrd:
			 * only zero padding may follow, and it stops there */
			for (size_t i = off; i < len; i++) {
				if (p[i]) {
					*used = off;
					return "data after the lz4 stream (the kernel's lz4 reader takes everything to the end of the initrd as lz4 chunks)";
				}
			}
			break;
		}
		if (len - off - 4 < n) {
			*used = off;
			return "lz4 stream truncated";
		}
		if (buf_room(out, LZ4_BLOCK) < 0)
			return TOO_BIG;
		got = LZ4_decompress_safe((const char *)p + off + 4, (char *)out->p + out->len, (int)n, (int)LZ4_BLOCK);
		if (got < 0) {
			*used = off;
			return "lz4 stream corrupt";
		}
		out->len += (size_t)got;
		off += 4 + n;
	}
	*used = off;
	return NULL;
}

/* The compressor whose magic starts p, as the kernel's decompress_method()
 * tells them; NULL if none. */
static const char *magic_kind(const uint8_t *p, size_t len)
{
	if (len >= 2 && p[0] == 0x1f && (p[1] == 0x8b || p[1] == 0x9e))
		return "gzip";
	if (len >= 6 && !memcmp(p, "\xfd" "7zXZ\0", 6))
		return "xz";
	if (len >= 3 && p[0] == 0x5d && p[1] == 0 && p[2] == 0)
		return "lzma";
	if (len >= 4 && le32(p) == 0xfd2fb528u)
		return "zstd";
	if (len >= 4 && le32(p) == LZ4_MAGIC)
		return "lz4";
	if (len >= 3 && !memcmp(p, "BZh", 3))
		return "bzip2";
	if (len >= 4 && !memcmp(p, "\x89LZO", 4))
		return "lzo";
	return NULL;
}

/* ---- the walk ---------------------------------------------------------------- */

static int walk_initrd(struct walk *w, const uint8_t *data, size_t len)
{
	size_t off = 0, nseg = 0;
	const char *last = "none";

	for (;;) {
		size_t start, used = 0;
		const char *kind;
		struct buf out = { 0 };

		while (off < len && data[off] == 0)
			off++;
		if (off >= len)
			break;
		start = off;
		w->count = 0;
		nseg++;
		if (cpio_is_newc(data + off, len - off)) {
			if (off & 3) {
				snprintf(w->err, sizeof(w->err),
					"segment %zu: a cpio archive at offset %zu that is not 4-byte aligned (the kernel refuses it)",
					nseg, off);
				return -1;
			}
			if (walk_archives(w, data + off, len - off, &used, false) < 0)
				goto seg_err;
			printf("segment %zu %zu %zu cpio %zu\n", nseg, start, used, w->count);
			off += used;
			last = "cpio";
			continue;
		}
		kind = magic_kind(data + off, len - off);
		if (!kind) {
			snprintf(w->err, sizeof(w->err),
				"offset %zu: data that is neither a cpio archive nor a known compressed stream (the kernel stops here)",
				off);
			return -1;
		}
		{
			const char *why;

			if (!strcmp(kind, "gzip"))
				why = un_gzip(data + off, len - off, &out, &used);
			else if (!strcmp(kind, "xz"))
				why = un_lzma(data + off, len - off, &out, &used, true);
			else if (!strcmp(kind, "lzma"))
				why = un_lzma(data + off, len - off, &out, &used, false);
			else if (!strcmp(kind, "zstd"))
				why = un_zstd(data + off, len - off, &out, &used);
			else if (!strcmp(kind, "lz4"))
				why = un_lz4(data + off, len - off, &out, &used);
			else
				why = "compressed with a method netboot-image does not read (bzip2, lzo): use netboot-remaster --repack";
			if (why) {
				snprintf(w->err, sizeof(w->err), "segment %zu (%s at offset %zu): %s", nseg, kind, off, why);
				free(out.p);
				return -1;
			}
		}
		{
			size_t inner = 0;

			if (walk_archives(w, out.p, out.len, &inner, true) < 0) {
				free(out.p);
				goto seg_err;
			}
		}
		printf("segment %zu %zu %zu %s %zu\n", nseg, start, used, kind, w->count);
		free(out.p);
		off += used;
		last = kind;
		continue;
seg_err:
		{
			char tmp[sizeof(w->err) + 64];

			snprintf(tmp, sizeof(tmp), "segment %zu at offset %zu: %.440s", nseg, start, w->err);
			tmp[sizeof(w->err) - 1] = '\0';
			memcpy(w->err, tmp, sizeof(w->err));
		}
		return -1;
	}
	if (nseg == 0) {
		snprintf(w->err, sizeof(w->err), "empty: no archive at all");
		return -1;
	}
	printf("initrd %zu %zu %s %zu\n", len, nseg, last, w->total);
	return 0;
}

static int read_all(const char *path, uint8_t **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	uint8_t *p;
	size_t done = 0;

	if (fd < 0) {
		fprintf(stderr, "netboot-image: %s: %s\n", path, strerror(errno));
		return IMAGE_EXIT_SYSTEM;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "netboot-image: %s: not a regular file\n", path);
		close(fd);
		return IMAGE_EXIT_REFUSED;
	}
	if ((uint64_t)st.st_size > INPUT_MAX) {
		fprintf(stderr, "netboot-image: %s: larger than 2 GiB: not an initrd\n", path);
		close(fd);
		return IMAGE_EXIT_REFUSED;
	}
	p = malloc((size_t)st.st_size + 1);
	if (!p) {
		close(fd);
		return IMAGE_EXIT_SYSTEM;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, p + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "netboot-image: %s: read failed\n", path);
			free(p);
			close(fd);
			return IMAGE_EXIT_SYSTEM;
		}
		done += (size_t)n;
	}
	close(fd);
	*data = p;
	*len = done;
	return 0;
}

int image_initrd_ls_main(int argc, char **argv)
{
	struct walk w;
	const char *path = NULL;
	uint8_t *data = NULL;
	size_t len = 0;
	int rc;

	memset(&w, 0, sizeof(w));
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--members")) {
			w.members = true;
		} else if (!strcmp(argv[i], "--protect") && i + 1 < argc) {
			if (w.nprotect == PROTECT_MAX) {
				fputs("netboot-image: too many --protect\n", stderr);
				return IMAGE_EXIT_USAGE;
			}
			w.protect[w.nprotect++] = argv[++i];
		} else if (argv[i][0] == '-' || path) {
			fputs("usage: netboot-image initrd-ls [--members] [--protect PATH]... INITRD\n", stderr);
			return IMAGE_EXIT_USAGE;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		fputs("usage: netboot-image initrd-ls [--members] [--protect PATH]... INITRD\n", stderr);
		return IMAGE_EXIT_USAGE;
	}
	w.path = path;
	rc = read_all(path, &data, &len);
	if (rc)
		return rc;
	rc = walk_initrd(&w, data, len);
	fflush(stdout);
	if (rc < 0) {
		fprintf(stderr, "netboot-image: %s: refused: %s\n", path, w.err);
		rc = IMAGE_EXIT_REFUSED;
	}
	for (size_t i = 0; i < w.nlinks; i++)
		free(w.links[i]);
	free(w.links);
	free(data);
	return rc;
}
