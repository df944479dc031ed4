/*
 * sums.c - the digest a checksum list gives one file.  The list comes
 * from the same untrusted server as the image, so it only tells an
 * intact download from a broken one (netboot.sha256= is the trusted
 * form); still, every byte of it is hostile: it is read line by line in
 * bounds (1 MiB, 4 KiB lines, 100000 lines), a line is taken apart
 * without copying, a name is compared, never stored, and a list that
 * gives the file two digests or a malformed one is refused rather than
 * guessed at.  Formats: coreutils' md5sum/sha256sum (text, binary and
 * --tag output, escaped names), BSD md5/sha256 (-r too), OpenSSL dgst.
 * Which list to fetch, which algorithm it holds and what to do without
 * one are the caller's.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "sums.h"
#include "text.h"

#define WHY(w, text, rc) ((w) ? (*(w) = (text), (rc)) : (rc))

const char *const sums_algo_name[SUMS_ALGO_COUNT] = {
	[SUMS_MD5] = "MD5",
	[SUMS_SHA256] = "SHA256",
};

static const char *const bad_digest[SUMS_ALGO_COUNT] = {
	[SUMS_MD5] = "the digest listed for it is not 32 hex digits",
	[SUMS_SHA256] = "the digest listed for it is not 64 hex digits",
};

size_t sums_algo_size(enum sums_algo algo)
{
	return algo == SUMS_MD5 ? 16 : algo == SUMS_SHA256 ? 32 : 0;
}

int sums_parse_hex(const char *hex, size_t n, uint8_t *out, size_t outsz)
{
	size_t i;

	if (!hex || !out || !outsz || n % 2 || n / 2 != outsz)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (text_hexval(hex[i]) < 0)
			return -EINVAL;
	for (i = 0; i < outsz; i++)
		out[i] = (uint8_t)(text_hexval(hex[2 * i]) << 4 | text_hexval(hex[2 * i + 1]));
	return 0;
}

/* The bytes of s[0..n) that are leading "./" and "/". */
static size_t lead(const char *s, size_t n)
{
	size_t i = 0;

	for (;;) {
		if (i < n && s[i] == '/')
			i++;
		else if (n - i >= 2 && s[i] == '.' && s[i + 1] == '/')
			i += 2;
		else
			return i;
	}
}

/* Is name[0..n) (in coreutils' escapes when esc) path[0..pn)? */
static bool name_is(const char *name, size_t n, bool esc, const char *path, size_t pn)
{
	size_t i, k = 0;
	char c;

	for (i = 0; i < n; i++, k++) {
		c = name[i];
		if (esc && c == '\\') {
			if (++i == n)
				return false;
			c = name[i] == '\\' ? '\\' : name[i] == 'n' ? '\n' : name[i] == 'r' ? '\r' : 0;
			if (!c)
				return false;
		}
		if (k == pn || path[k] != c)
			return false;
	}
	return k == pn;
}

static bool tag_is(const char *t, size_t n, enum sums_algo algo)
{
	static const char *const tags[] = { "MD5", "SHA256", "SHA2-256" };
	static const enum sums_algo of[] = { SUMS_MD5, SUMS_SHA256, SUMS_SHA256 };
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (of[i] == algo && strlen(tags[i]) == n && !memcmp(t, tags[i], n))
			return true;
	return false;
}

static bool all_hex(const char *s, size_t n)
{
	while (n--)
		if (text_hexval(*s++) < 0)
			return false;
	return true;
}

struct line {
	const char *hex, *name;
	size_t hexn, namen;
	bool esc;
};

/*
 * Take l[0..n) apart.  true: it names a file (*out->name; out->hex may
 * still be anything, out->hex NULL when the tagged form breaks after the
 * name); false: it names none (blank, comment, another algorithm's tag,
 * none of the forms).
 */
static bool parse_line(const char *l, size_t n, enum sums_algo algo, struct line *out)
{
	size_t i = 0, t, tn, j, r;

	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	if (i == n || l[i] == '#')
		return false;
	out->esc = l[i] == '\\';
	if (out->esc)
		i++;
	for (t = i; i < n && l[i] != ' ' && l[i] != '('; i++)
		;
	tn = i - t;
	j = i < n && l[i] == ' ' ? i + 1 : i;
	if (j < n && l[j] == '(' && !(tn == 2 * sums_algo_size(algo) && all_hex(l + t, tn))) {
		/* TAG (name) = HEX: the name ends at the last ')' */
		if (!tag_is(l + t, tn, algo))
			return false;
		for (r = n; r > j + 1 && l[r - 1] != ')'; r--)
			;
		if (r == j + 1)
			return false;
		out->name = l + j + 1;
		out->namen = r - 1 - (j + 1);
		out->hex = NULL;
		out->hexn = 0;
		if (r < n && l[r] == ' ')
			r++;
		if (n - r >= 2 && l[r] == '=' && l[r + 1] == ' ') {
			out->hex = l + r + 2;
			out->hexn = n - r - 2;
		}
		return true;
	}
	/* HEX, a space, then ' ' or '*' or the name */
	if (!tn || i == n || l[i] != ' ')
		return false;
	i++;
	if (i < n && (l[i] == ' ' || l[i] == '*'))
		i++;
	if (i == n)
		return false;
	out->hex = l + t;
	out->hexn = tn;
	out->name = l + i;
	out->namen = n - i;
	return true;
}

int sums_find(const char *buf, size_t len, const char *path, enum sums_algo algo,
	      uint8_t *digest, size_t digsz, const char **why)
{
	uint8_t got[32], d[32];
	size_t dn = sums_algo_size(algo), pn, pos = 0, n, lines = 0, k;
	const char *l, *nl;
	struct line ln;
	bool found = false;

	if (why)
		*why = NULL;
	if (!dn)
		return WHY(why, "an unknown checksum algorithm", -EINVAL);
	if (!path || !digest || (!buf && len))
		return WHY(why, "a NULL argument", -EINVAL);
	for (pn = 0; pn <= SUMS_LINE_MAX && path[pn]; pn++)
		;
	if (pn > SUMS_LINE_MAX || text_has_ctl(path, pn))
		return WHY(why, "the file name is too long or has a control byte", -EINVAL);
	k = lead(path, pn);
	path += k;
	pn -= k;
	if (!pn)
		return WHY(why, "an empty file name", -EINVAL);
	if (digsz < dn)
		return WHY(why, "the digest buffer is too small", -ENOBUFS);
	if (len > SUMS_LIST_MAX)
		return WHY(why, "the checksum list is over 1 MiB", -EFBIG);

	while (pos < len) {
		l = buf + pos;
		nl = memchr(l, '\n', len - pos);
		n = nl ? (size_t)(nl - l) : len - pos;
		pos += n + (nl ? 1 : 0);
		if (n > SUMS_LINE_MAX)
			return WHY(why, "a line of the checksum list is over 4 KiB", -EBADMSG);
		if (++lines > SUMS_LINES_MAX)
			return WHY(why, "the checksum list is over 100000 lines", -EBADMSG);
		if (n && l[n - 1] == '\r')
			n--;
		if (!parse_line(l, n, algo, &ln))
			continue;
		k = lead(ln.name, ln.namen);
		if (!name_is(ln.name + k, ln.namen - k, ln.esc, path, pn))
			continue;
		if (!ln.hex || sums_parse_hex(ln.hex, ln.hexn, d, dn))
			return WHY(why, bad_digest[algo], -EBADMSG);
		if (found && memcmp(got, d, dn))
			return WHY(why, "two different digests are listed for it", -EBADMSG);
		memcpy(got, d, dn);
		found = true;
	}
	if (!found)
		return WHY(why, "the checksum list has no line for it", -ENOENT);
	memcpy(digest, got, dn);
	return 0;
}
