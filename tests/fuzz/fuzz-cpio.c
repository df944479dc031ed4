/*
 * fuzz-cpio.c - cpio_walk(), cpio_name_problem() and cpio_name_rel() over
 * hostile bytes: what netboot-image reads from an initrd someone handed
 * netboot-remaster.
 *
 * Input: the archive (from its first byte, as a 4-byte aligned segment);
 * the whole input is also judged as one member name.
 * Properties: the walk ends with one of its codes and *end within the
 * buffer, 4-aligned (a member's offset: on an error, the member whose
 * bytes are cut or wrong) unless the trailer's padding is cut; members
 * come in order, 4-aligned, each inside the buffer and after the
 * previous one: the name right after its 110-byte header,
 * NUL-terminated, shorter than CPIO_NAME_MAX, not "TRAILER!!!"; the data
 * 4-aligned after the name, within the buffer.  The walk is a function of
 * the bytes: stopping at member k stops there (CPIO_ERR_STOPPED, *end =
 * its offset); an archive that reads whole reads the same from the
 * prefix [0, *end) and is truncated when cut inside its trailer's header.
 * Names: cpio_name_problem() refuses exactly the empty, the absolute and
 * those with a ".." component; cpio_name_rel() strips only a leading run
 * of "/" and "./" and returns the rest of the name; cpio_name_canon()
 * gives a fixed point without empty, "." or trailing components, the
 * same for a name and its cpio_name_rel() tail, with no ".." left in an
 * acceptable name.
 */
#include <errno.h>
#include <string.h>

#include "cpio.h"
#include "fuzz.h"

#define MAX_MEMBERS 100000u

struct ctx {
	const uint8_t *buf;
	size_t len;
	size_t n;            /* members seen */
	size_t next;         /* the lowest offset the next member may have */
	size_t last;         /* offset of the last member seen */
	size_t stop_at;      /* 1-based; 0: never stop */
	size_t stop_offset;
};

/* The reference rule, written the obvious way. */
static int name_bad(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || s[0] == '/')
		return 1;
	while (i <= n) {
		size_t j = i;

		while (j < n && s[j] != '/')
			j++;
		if (j - i == 2 && s[i] == '.' && s[i + 1] == '.')
			return 1;
		i = j + 1;
	}
	return 0;
}

/* cpio_name_canon(): fits in len + 1, no empty or "." component, no
 * leading or trailing "/", a fixed point, the same for the name and its
 * cpio_name_rel() tail, and free of ".." when the name is acceptable. */
static void check_canon(const char *s, size_t n, const char *rel, size_t rlen, int bad)
{
	static char c[CPIO_NAME_MAX + 1], c2[CPIO_NAME_MAX + 1];
	int k, k2;
	size_t i;

	if (n > CPIO_NAME_MAX)
		return; /* longer names never reach it: the walk refuses them */
	k = cpio_name_canon(s, n, c, n + 1);
	FZ_ASSERT(k >= 0 && (size_t)k <= n && c[k] == '\0');
	FZ_ASSERT(cpio_name_canon(s, n, c2, (size_t)k) == -ENOBUFS);
	for (i = 0; i < (size_t)k;) {
		size_t j = i;

		while (j < (size_t)k && c[j] != '/')
			j++;
		FZ_ASSERT(j > i && !(j - i == 1 && c[i] == '.'));
		if (!bad)
			FZ_ASSERT(!(j - i == 2 && c[i] == '.' && c[i + 1] == '.'));
		i = j + 1;
		FZ_ASSERT(i != (size_t)k); /* no trailing "/" */
	}
	k2 = cpio_name_canon(c, (size_t)k, c2, sizeof(c2));
	FZ_ASSERT(k2 == k && !memcmp(c, c2, (size_t)k));
	k2 = cpio_name_canon(rel, rlen, c2, sizeof(c2));
	FZ_ASSERT(k2 == k && !memcmp(c, c2, (size_t)k));
}

static void check_name(const char *s, size_t n)
{
	const char *why = cpio_name_problem(s, n);
	size_t rlen = n;
	const char *rel = cpio_name_rel(s, &rlen);
	size_t k, stripped;

	FZ_ASSERT(!why == !name_bad(s, n));
	if (why)
		FZ_ASSERT(why[0] != '\0' && strlen(why) < 64);
	/* rel is the tail of the name */
	FZ_ASSERT(rel >= s && rlen <= n && rel + rlen == s + n);
	/* what was stripped is "/" and "./" pieces only */
	stripped = (size_t)(rel - s);
	for (k = 0; k < stripped;) {
		if (s[k] == '/') {
			k++;
		} else {
			FZ_ASSERT(s[k] == '.' && k + 1 < stripped && s[k + 1] == '/');
			k += 2;
		}
	}
	/* ...and all of them */
	FZ_ASSERT(!(rlen >= 1 && rel[0] == '/'));
	FZ_ASSERT(!(rlen >= 2 && rel[0] == '.' && rel[1] == '/'));
	check_canon(s, n, rel, rlen, why != NULL);
}

static int each(const struct cpio_member *m, void *arg)
{
	struct ctx *c = arg;
	const uint8_t *name = (const uint8_t *)m->name;

	FZ_ASSERT(c->n < MAX_MEMBERS);
	c->n++;
	FZ_ASSERT((m->offset & 3) == 0);
	FZ_ASSERT(m->offset >= c->next);
	FZ_ASSERT(m->offset <= c->len && c->len - m->offset >= CPIO_HDR_LEN);
	FZ_ASSERT(cpio_is_newc(c->buf + m->offset, c->len - m->offset));
	FZ_ASSERT(name == c->buf + m->offset + CPIO_HDR_LEN);
	FZ_ASSERT(m->namelen < CPIO_NAME_MAX);
	FZ_ASSERT((size_t)(c->buf + c->len - name) > m->namelen);
	FZ_ASSERT(name[m->namelen] == '\0' && memchr(name, 0, m->namelen) == NULL);
	FZ_ASSERT(!(m->namelen == 10 && !memcmp(name, "TRAILER!!!", 10)));
	FZ_ASSERT(m->data >= name + m->namelen + 1);
	FZ_ASSERT(((size_t)(m->data - c->buf) & 3) == 0);
	FZ_ASSERT(m->data <= c->buf + c->len && m->size <= (size_t)(c->buf + c->len - m->data));
	c->next = (size_t)(m->data - c->buf) + m->size;
	c->last = m->offset;
	check_name(m->name, m->namelen);
	if (c->stop_at && c->n == c->stop_at) {
		c->stop_offset = m->offset;
		return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctx c, again;
	enum cpio_err e, e2;
	size_t end = 0, end2 = 0;

	check_name((const char *)data, size);

	memset(&c, 0, sizeof(c));
	c.buf = data;
	c.len = size;
	e = cpio_walk(data, size, each, &c, &end);
	FZ_ASSERT(e == CPIO_OK || e == CPIO_ERR_MAGIC || e == CPIO_ERR_HEADER ||
		  e == CPIO_ERR_TRUNCATED || e == CPIO_ERR_NAME);
	FZ_ASSERT(cpio_strerror(e)[0] != '\0');
	FZ_ASSERT(end <= size);
	if (e != CPIO_OK) {
		/* end is the failing member's offset: the last one seen (its
		 * padding is cut) or the one after it */
		FZ_ASSERT((end & 3) == 0 && end >= c.last);
		FZ_ASSERT(end == c.last || end >= c.next);
		if (e == CPIO_ERR_MAGIC)
			FZ_ASSERT(!cpio_is_newc(data + end, size - end));
		if (e == CPIO_ERR_MAGIC || e == CPIO_ERR_HEADER || e == CPIO_ERR_NAME)
			FZ_ASSERT(size - end >= CPIO_HDR_LEN);
	} else {
		size_t tr = (c.next + 3) & ~(size_t)3; /* the trailer's offset */

		FZ_ASSERT(end >= tr + CPIO_HDR_LEN + 11);
		FZ_ASSERT(!memcmp(data + tr + CPIO_HDR_LEN, "TRAILER!!!", 11));
		/* the prefix up to end reads the same */
		memset(&again, 0, sizeof(again));
		again.buf = data;
		again.len = end;
		e2 = cpio_walk(data, end, each, &again, &end2);
		FZ_ASSERT(e2 == CPIO_OK && end2 == end && again.n == c.n);
		/* cut inside the trailer's header: truncated, at the trailer */
		e2 = cpio_walk(data, tr + CPIO_HDR_LEN - 1, NULL, NULL, &end2);
		FZ_ASSERT(e2 == CPIO_ERR_TRUNCATED && end2 == tr);
	}
	/* without a callback the walk ends the same way */
	e2 = cpio_walk(data, size, NULL, NULL, &end2);
	FZ_ASSERT(e2 == e && end2 == end);
	/* stopping at a member stops there */
	if (c.n) {
		memset(&again, 0, sizeof(again));
		again.buf = data;
		again.len = size;
		again.stop_at = 1 + (size ? data[size - 1] : 0) % c.n;
		e2 = cpio_walk(data, size, each, &again, &end2);
		FZ_ASSERT(e2 == CPIO_ERR_STOPPED && again.n == again.stop_at && end2 == again.stop_offset);
	}
	return 0;
}
