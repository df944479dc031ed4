/*
 * sums.h - the expected digest of one file, read from a checksum list
 * that came over the network (an ISO's md5sum.txt or SHA256SUMS, a
 * `sha256sum` or `sha256sum --tag` output), and the hex digest of
 * netboot.sha256= on the command line.  Pure: the list is a buffer, read
 * as hostile bytes; fetching it and hashing the file are the caller's.
 */
#ifndef NETBOOT_SUMS_H
#define NETBOOT_SUMS_H

#include <stddef.h>
#include <stdint.h>

enum sums_algo {
	SUMS_MD5,
	SUMS_SHA256,
	SUMS_ALGO_COUNT,
};

/* "MD5", "SHA256", for logs */
extern const char *const sums_algo_name[SUMS_ALGO_COUNT];

#define SUMS_LIST_MAX  (1024 * 1024) /* bytes in one list */
#define SUMS_LINE_MAX  4096          /* bytes in one line, without its LF */
#define SUMS_LINES_MAX 100000        /* lines in one list */

/* The digest size of algo in bytes (16, 32), 0 for an unknown one. */
size_t sums_algo_size(enum sums_algo algo);

/*
 * Find the algo digest of path in the list buf[0..len).  Lines end in LF
 * or CRLF (the last may have neither).  Blank lines, lines of blanks and
 * comment lines ('#' after optional blanks) are skipped.  A line names a
 * file in one of these forms (leading blanks allowed):
 *   HEX  name         sha256sum / md5sum text mode (md5sum.txt, SHA256SUMS)
 *   HEX *name         binary mode
 *   HEX name          BSD `sha256 -r`: one space, name not led by ' ' '*'
 *   TAG (name) = HEX  BSD / `sha256sum --tag`; TAG "MD5", or "SHA256" or
 *                     "SHA2-256"; "TAG(name)= HEX" (OpenSSL) too
 * and a leading '\' marks a name written with coreutils' escapes (\\, \n,
 * \r).  The name runs to the end of the line (spaces are part of it; in
 * the tagged form, to the last ')').  A tagged line of another algorithm,
 * or a line in none of the forms, names no file and is skipped.  path and
 * every name are compared byte for byte after their leading "./" and "/"
 * are removed ("./casper/x", "/casper/x" and "casper/x" are one file).
 *   0         digest[0..sums_algo_size(algo)) holds it (written only
 *             then); the whole list was read: every line for path gave
 *             the same digest
 *   -ENOENT   no line names path (an empty list too)
 *   -EBADMSG  a line names path but its digest is not sums_algo_size(algo)
 *             * 2 hex digits (either case; another algorithm's digest
 *             included), or two lines give it different digests; or the
 *             list is not a checksum list: a line over SUMS_LINE_MAX
 *             bytes, over SUMS_LINES_MAX lines
 *   -EFBIG    len is over SUMS_LIST_MAX
 *   -ENOBUFS  digsz is below sums_algo_size(algo)
 *   -EINVAL   an unknown algo, a NULL argument, or a path that is empty
 *             (after "./" and "/"), over SUMS_LINE_MAX bytes or holds a
 *             control byte
 * *why, when why is not NULL, is NULL on success and otherwise says which
 * in a few words (static text).
 */
int sums_find(const char *buf, size_t len, const char *path, enum sums_algo algo,
	      uint8_t *digest, size_t digsz, const char **why);

/*
 * Exactly outsz * 2 hex digits (either case, nothing else: no blank, no
 * "0x") in hex[0..n) into out[0..outsz): netboot.sha256= takes 64.  0,
 * or -EINVAL (out then untouched; outsz 0 too).
 */
int sums_parse_hex(const char *hex, size_t n, uint8_t *out, size_t outsz);

#endif
