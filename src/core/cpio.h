/*
 * cpio.h - a strict reader of the "newc" cpio archives an initrd is made
 * of (070701, and 070702 with checksums), over a buffer in memory.  Pure:
 * no I/O, no allocation.
 *
 * The archive comes from an initrd someone handed us, so every field is
 * hostile: header fields must be 8 hex digits, the name must fit the
 * buffer and end in its NUL, sizes are checked against what is left, and
 * names are judged (absolute, "..", empty) the way the kernel's unpacker
 * and a careful extractor would need.
 *
 * Layout (the kernel's init/initramfs.c reads the same): a 110-byte
 * header, the name (namesize bytes, NUL included) padded so that the data
 * starts on a 4-byte boundary, the data padded to 4 bytes; the archive
 * ends with the member "TRAILER!!!".  Offsets are relative to the start of
 * the buffer, which must be where the archive starts (4-byte aligned in
 * the file, as the kernel requires).
 */
#ifndef NETBOOT_CPIO_H
#define NETBOOT_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CPIO_HDR_LEN   110
#define CPIO_NAME_MAX  4096 /* PATH_MAX: the kernel refuses longer names */

/* st_mode's type bits, as in the archive (not the host's headers). */
#define CPIO_S_IFMT   0170000u
#define CPIO_S_IFDIR  0040000u
#define CPIO_S_IFREG  0100000u
#define CPIO_S_IFLNK  0120000u

struct cpio_member {
	const char *name;     /* NUL-terminated, inside the buffer */
	size_t namelen;       /* without the NUL */
	uint32_t mode;
	uint32_t uid, gid, nlink, mtime;
	const uint8_t *data;  /* size bytes (a symlink's target, unterminated) */
	size_t size;
	size_t offset;        /* of the header, from the start of the buffer */
};

enum cpio_err {
	CPIO_OK = 0,
	CPIO_ERR_MAGIC,      /* not 070701 / 070702 */
	CPIO_ERR_HEADER,     /* a field is not 8 hex digits */
	CPIO_ERR_TRUNCATED,  /* the buffer ends inside a member */
	CPIO_ERR_NAME,       /* name size 0, over CPIO_NAME_MAX, or no NUL at its end */
	CPIO_ERR_STOPPED,    /* the callback returned non-zero */
};

/*
 * Read one archive from buf[0..len): call each(m, arg) for every member
 * but the trailer, in order.  On CPIO_OK, *end is the offset just after
 * the trailer and its padding (what follows may be zero padding, another
 * archive, or a compressed stream).  On an error, *end is the offset of
 * the member that failed.  each may return non-zero to stop
 * (CPIO_ERR_STOPPED).
 */
typedef int (*cpio_each_fn)(const struct cpio_member *m, void *arg);
enum cpio_err cpio_walk(const uint8_t *buf, size_t len, cpio_each_fn each, void *arg, size_t *end);

/* Does buf start with a newc magic ("070701" or "070702")? */
bool cpio_is_newc(const uint8_t *buf, size_t len);

/* A short English reason for an error code. */
const char *cpio_strerror(enum cpio_err e);

/*
 * Judge a member name the way netboot-remaster must before it trusts the
 * archive: NULL if acceptable, else why not ("absolute path", "a \"..\"
 * component", "empty").  A leading "./" is accepted (cpio -o from "."
 * writes it) and "." alone names the root.
 */
const char *cpio_name_problem(const char *name, size_t len);

/*
 * The name without a leading "./" or "/" run: what it unpacks to,
 * relative to the root.  Returns a pointer into name and sets *len.
 */
const char *cpio_name_rel(const char *name, size_t *len);

/*
 * The path a name resolves to, relative to the root: leading "/" and "./"
 * dropped, "//" collapsed, "." components and a trailing "/" removed
 * ("./a//./b/" is "a/b", "." is "").  The kernel resolves every spelling
 * of a path to one file, so a symbolic link must be recognised in this
 * form, whatever spelling planted it.  ".." is kept (cpio_name_problem()
 * refuses it first).  dst gets a NUL-terminated copy; returns its length,
 * or -ENOBUFS when it does not fit (dstsz > len is always enough; names
 * longer than INT_MAX are -EINVAL).
 */
int cpio_name_canon(const char *name, size_t len, char *dst, size_t dstsz);

#endif
