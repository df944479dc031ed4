/*
 * livecheck.c - casper's uuid comparison and the bounded squashfs search,
 * shared by netboot and netboot-diag (see livecheck.h).  No I/O: the
 * callers list and read; the rules are here.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "livecheck.h"

bool livecheck_is_uuid_name(const char *name)
{
	return name && !strncmp(name, LIVECHECK_UUID_PREFIX,
				sizeof(LIVECHECK_UUID_PREFIX) - 1);
}

size_t livecheck_uuid_len(const char *s, size_t len)
{
	while (len && s[len - 1] == '\n')
		len--;
	return len;
}

bool livecheck_uuid_match(const char *conf, size_t conf_len, const char *disk,
			  size_t disk_len)
{
	conf_len = livecheck_uuid_len(conf, conf_len);
	disk_len = livecheck_uuid_len(disk, disk_len);
	return conf_len == disk_len && !memcmp(conf, disk, conf_len);
}

bool livecheck_is_squashfs(const char *name)
{
	static const char ext[] = ".squashfs";
	size_t n = name ? strlen(name) : 0;

	return n > sizeof(ext) - 1 && !strcmp(name + n - (sizeof(ext) - 1), ext);
}

void livecheck_search_init(struct livecheck_search *s, const char *skip)
{
	memset(s, 0, sizeof(*s));
	if (skip && strlen(skip) < sizeof(s->skip))
		memcpy(s->skip, skip, strlen(skip) + 1);
	s->tail = 1; /* dirs[0] = "": the export root, depth 0 */
}

int livecheck_search_next(struct livecheck_search *s, const char **dir)
{
	if (s->found[0] || s->entries >= LIVECHECK_SEARCH_ENTRIES ||
	    s->head >= s->tail)
		return -ENOENT;
	s->cur = s->head++;
	*dir = s->dirs[s->cur];
	return 0;
}

int livecheck_search_entry(struct livecheck_search *s, const char *name,
			   enum livecheck_type type)
{
	const char *cur = s->dirs[s->cur];
	char p[SQUASH_PATH_MAX + 1];
	int n;

	if (s->found[0] || s->entries >= LIVECHECK_SEARCH_ENTRIES)
		return 1;
	s->entries++;
	if (!name || name[0] == '.' || name[0] == '\0' || strchr(name, '/'))
		return s->entries >= LIVECHECK_SEARCH_ENTRIES;
	n = snprintf(p, sizeof(p), "%s%s%s", cur, cur[0] ? "/" : "", name);
	if (n < 0 || (size_t)n >= sizeof(p))
		return s->entries >= LIVECHECK_SEARCH_ENTRIES;
	if (type == LIVECHECK_REG && livecheck_is_squashfs(name) && strcmp(p, s->skip)) {
		memcpy(s->found, p, (size_t)n + 1);
		return 1;
	}
	if (type == LIVECHECK_DIR && s->depth[s->cur] + 1 < LIVECHECK_SEARCH_DEPTH &&
	    s->tail < LIVECHECK_SEARCH_DIRS) {
		memcpy(s->dirs[s->tail], p, (size_t)n + 1);
		s->depth[s->tail++] = s->depth[s->cur] + 1;
	}
	return s->entries >= LIVECHECK_SEARCH_ENTRIES;
}

int livecheck_search_found(const struct livecheck_search *s, char *dst,
			   size_t dstsz)
{
	size_t n = strlen(s->found);

	if (!n)
		return -ENOENT;
	if (n >= dstsz)
		return -ENOBUFS;
	memcpy(dst, s->found, n + 1);
	return 0;
}
