/*
 * livecheck.h - the checks of the live medium that netboot (src/phase/
 * live.c, on the kernel's NFS mount) and netboot-diag (src/diag/check.c,
 * through libnfs) both make, written once so the two never disagree:
 * casper's .disk/casper-uuid* comparison and the bounded search of an
 * export for a *.squashfs image put in the wrong place.
 *
 * Pure: the callers list folders and read files; this file decides which
 * folders to list, what an entry means, and whether two uuids match.  The
 * squashfs superblock and the candidate paths are src/core/squash.h's.
 */
#ifndef NETBOOT_LIVECHECK_H
#define NETBOOT_LIVECHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "squash.h"

/* ---- casper's uuid check ----------------------------------------------- */

/* The prefix of the files casper compares with /conf/uuid.conf. */
#define LIVECHECK_UUID_PREFIX "casper-uuid"
/* The most of a casper-uuid file or uuid.conf worth reading: a uuid is 36
 * bytes; anything longer than this cannot match a real one. */
#define LIVECHECK_UUID_MAX 128

/* Does a .disk/ entry's name take part in casper's check
 * (casper's "$path/.disk/casper-uuid"* glob)? */
bool livecheck_is_uuid_name(const char *name);

/*
 * The length of s[0..len) as casper compares it: casper's matches_uuid()
 * reads both sides with "$(cat FILE)", which drops every trailing newline
 * and nothing else, then compares with [ "$a" = "$b" ].  So "\r", tabs and
 * blanks count: a casper-uuid file written with CRLF does not match, and
 * saying it does would hide the very failure casper will hit.
 */
size_t livecheck_uuid_len(const char *s, size_t len);

/* casper's comparison of uuid.conf's bytes with one casper-uuid file's. */
bool livecheck_uuid_match(const char *conf, size_t conf_len, const char *disk,
			  size_t disk_len);

/* ---- where else a squashfs image might be ------------------------------ */

/*
 * Breadth-first from the export root, LIVECHECK_SEARCH_DEPTH levels of
 * folders (the root, its folders and theirs: enough for casper/, live/,
 * images/NAME/casper/), at most LIVECHECK_SEARCH_DIRS folders and
 * LIVECHECK_SEARCH_ENTRIES entries in all, so a huge export costs a
 * bounded number of listings.  Names starting with '.' are skipped (".",
 * "..", .disk/, hidden trees).  Symbolic links are neither followed nor
 * reported: the caller reports each entry's own type (lstat, not stat).
 */
#define LIVECHECK_SEARCH_DEPTH   3
#define LIVECHECK_SEARCH_DIRS    64
#define LIVECHECK_SEARCH_ENTRIES 2000

enum livecheck_type {
	LIVECHECK_OTHER = 0, /* symlink, FIFO, device, socket, unknown */
	LIVECHECK_REG,
	LIVECHECK_DIR,
};

struct livecheck_search {
	char dirs[LIVECHECK_SEARCH_DIRS][SQUASH_PATH_MAX + 1];
	unsigned depth[LIVECHECK_SEARCH_DIRS];
	size_t head, tail, entries;
	size_t cur;                    /* index in dirs of the folder listed */
	char skip[SQUASH_PATH_MAX + 1]; /* a path not to report ("" = none) */
	char found[SQUASH_PATH_MAX + 1];
};

/* Is name a squashfs image's name ("X.squashfs", X not empty)? */
bool livecheck_is_squashfs(const char *name);

/* Start a search; skip (may be NULL) is a path already known not to be
 * the answer, e.g. the one the command line names. */
void livecheck_search_init(struct livecheck_search *s, const char *skip);

/* The next folder to list, relative to the export root ("" = the root),
 * into *dir (valid until the next call).  0, or -ENOENT when the search is
 * over: found, a cap reached, or nothing left to list. */
int livecheck_search_next(struct livecheck_search *s, const char **dir);

/* One entry of the folder livecheck_search_next() last gave.  Returns 1
 * when the search is over (found, or the entry cap reached): stop listing.
 * 0 otherwise. */
int livecheck_search_entry(struct livecheck_search *s, const char *name,
			   enum livecheck_type type);

/* The image found, relative to the export root.  0, -ENOENT (none) or
 * -ENOBUFS; dst written only on success. */
int livecheck_search_found(const struct livecheck_search *s, char *dst,
			   size_t dstsz);

#endif
