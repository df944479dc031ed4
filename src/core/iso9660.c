/*
 * iso9660.c - ISO 9660 + Rock Ridge directory reader (see iso9660.h).
 *
 * ECMA-119 (ISO 9660): volume descriptors from sector 16, directory
 * records that never cross a sector (a zero length byte pads to the next
 * one), both-endian numbers (the little-endian half is read, the big-endian
 * half must agree).  IEEE P1281 (SUSP) and P1282 (Rock Ridge): entries in a
 * record's System Use area, "SP" on the root's "." record, "CE" pointing at
 * a continuation area, "NM" names, "PX" modes, "SL" symbolic links.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cur.h"
#include "iso9660.h"
#include "text.h"

#define DESC_FIRST 16u
#define REC_MIN    34u /* fixed part of a directory record */
#define FLAG_DIR   0x02u
#define FLAG_MULTI 0x80u
#define S_IFMT_    0170000u
#define S_IFDIR_   0040000u
#define S_IFREG_   0100000u
#define S_IFLNK_   0120000u

/* Both-endian 32-bit field at c: LE then BE, which must agree. */
static int both32(struct cur *c, uint32_t *v)
{
	uint32_t le, be;

	if (cur_le32(c, &le) || cur_be32(c, &be))
		return -EBADMSG;
	if (le != be)
		return -EBADMSG;
	*v = le;
	return 0;
}

static int both16(struct cur *c, uint16_t *v)
{
	uint16_t le, be;

	if (cur_le16(c, &le) || cur_be16(c, &be))
		return -EBADMSG;
	if (le != be)
		return -EBADMSG;
	*v = le;
	return 0;
}

static int read_at(const struct iso_io *io, uint64_t off, void *buf, size_t len)
{
	if (off > io->size || len > io->size - off)
		return -EBADMSG;
	return io->read(io->ctx, off, buf, len);
}

static bool extent_in_image(const struct iso_io *io, uint32_t lba, uint32_t len)
{
	uint64_t off = (uint64_t)lba * ISO_SECTOR;

	return off <= io->size && len <= io->size - off;
}

bool iso_name_ok(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;

	if (!*p || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (; *p; p++)
		if (*p == '/' || text_ctl(*p))
			return false;
	return true;
}

/* Decode the fixed part of one directory record (rec, reclen bytes). */
struct rec {
	uint32_t lba, len;
	uint8_t flags;
	const uint8_t *id;
	uint8_t id_len;
	const uint8_t *su; /* System Use area */
	size_t su_len;
};

static int rec_parse(const uint8_t *rec, size_t reclen, struct rec *r)
{
	struct cur c;
	uint8_t len, xattr, unit, gap, id_len;
	uint16_t seq;
	size_t su_off;

	cur_init(&c, rec, reclen);
	if (cur_u8(&c, &len) || cur_u8(&c, &xattr) || both32(&c, &r->lba) ||
	    both32(&c, &r->len) || cur_skip(&c, 7) || cur_u8(&c, &r->flags) ||
	    cur_u8(&c, &unit) || cur_u8(&c, &gap) || both16(&c, &seq) ||
	    cur_u8(&c, &id_len))
		return -EBADMSG;
	if (len != reclen || len < REC_MIN || id_len == 0 || id_len > c.rem)
		return -EBADMSG;
	if (unit || gap)
		return -EOPNOTSUPP; /* interleaved */
	(void)xattr;
	r->id = c.p;
	r->id_len = id_len;
	su_off = REC_MIN - 1 + id_len + ((id_len & 1) ? 0 : 1);
	if (su_off > reclen) {
		r->su = NULL;
		r->su_len = 0;
	} else {
		r->su = rec + su_off;
		r->su_len = reclen - su_off;
	}
	return 0;
}

/* ISO 9660 identifier as Linux's isofs map=normal shows it. */
static void plain_name(const uint8_t *id, size_t n, char *dst)
{
	size_t i, o = 0;

	for (i = 0; i < n && id[i] != ';' && o < ISO_NAME_MAX; i++) {
		uint8_t ch = id[i];

		if (ch >= 'A' && ch <= 'Z')
			ch = (uint8_t)(ch - 'A' + 'a');
		dst[o++] = (char)ch;
	}
	if (o > 1 && dst[o - 1] == '.')
		o--;
	dst[o] = '\0';
}

/* What the System Use entries of one record say. */
struct susp {
	char nm[ISO_NAME_MAX + 1];
	size_t nm_len;
	bool nm_seen, nm_open, nm_special, nm_long;
	uint32_t mode;
	bool px_seen;
	char sl[ISO_PATH_MAX + 1];
	size_t sl_len;
	bool sl_seen, sl_open, sl_comp_open, sl_long;
	bool relocated; /* CL or RE */
	bool ce_pending;
	uint32_t ce_lba, ce_off, ce_len;
};

static void sl_put(struct susp *s, const char *p, size_t n)
{
	if (s->sl_len + n > ISO_PATH_MAX) {
		s->sl_long = true;
		return;
	}
	memcpy(s->sl + s->sl_len, p, n);
	s->sl_len += n;
	s->sl[s->sl_len] = '\0';
}

/* SL: component records after the flags byte. */
static int sl_parse(struct susp *s, struct cur *c)
{
	uint8_t flags, cf, cl;

	if (cur_u8(c, &flags))
		return -EBADMSG;
	while (c->rem) {
		const uint8_t *p;

		if (cur_u8(c, &cf) || cur_u8(c, &cl) || cl > c->rem)
			return -EBADMSG;
		p = c->p;
		cur_skip(c, cl);
		/* a new component after a finished one needs a separator */
		if (!s->sl_comp_open && s->sl_len && strcmp(s->sl, "/"))
			sl_put(s, "/", 1);
		if (cf & 0x08) { /* ROOT */
			s->sl_len = 0;
			sl_put(s, "/", 1);
		} else if (cf & 0x02) {
			sl_put(s, ".", 1);
		} else if (cf & 0x04) {
			sl_put(s, "..", 2);
		} else {
			if (memchr(p, '\0', cl) || memchr(p, '/', cl))
				return -EBADMSG;
			sl_put(s, (const char *)p, cl);
		}
		s->sl_comp_open = (cf & 0x01) != 0;
	}
	s->sl_seen = true;
	s->sl_open = (flags & 0x01) != 0;
	return 0;
}

/* Parse one System Use area (or continuation area) into s. */
static int susp_parse(const uint8_t *su, size_t len, struct susp *s)
{
	struct cur c;

	cur_init(&c, su, len);
	while (c.rem >= 4) {
		uint8_t sig0 = c.p[0], sig1 = c.p[1], elen = c.p[2];
		struct cur e;

		if (elen < 4 || elen > c.rem)
			break; /* padding, or the end of the area */
		cur_sub(&c, elen, &e);
		cur_skip(&e, 4);
		if (sig0 == 'S' && sig1 == 'T') {
			break;
		} else if (sig0 == 'C' && sig1 == 'E') {
			if (both32(&e, &s->ce_lba) || both32(&e, &s->ce_off) ||
			    both32(&e, &s->ce_len))
				return -EBADMSG;
			s->ce_pending = true;
		} else if (sig0 == 'N' && sig1 == 'M') {
			uint8_t fl;

			if (cur_u8(&e, &fl))
				return -EBADMSG;
			if (fl & 0x06)
				s->nm_special = true; /* CURRENT / PARENT */
			if (s->nm_len + e.rem > ISO_NAME_MAX)
				s->nm_long = true;
			else if (!s->nm_seen || s->nm_open) {
				memcpy(s->nm + s->nm_len, e.p, e.rem);
				s->nm_len += e.rem;
				s->nm[s->nm_len] = '\0';
			}
			s->nm_seen = true;
			s->nm_open = (fl & 0x01) != 0;
		} else if (sig0 == 'P' && sig1 == 'X') {
			if (both32(&e, &s->mode))
				return -EBADMSG;
			s->px_seen = true;
		} else if (sig0 == 'S' && sig1 == 'L') {
			if (s->sl_seen && !s->sl_open)
				continue; /* a second, separate SL: ignore */
			if (sl_parse(s, &e))
				return -EBADMSG;
		} else if ((sig0 == 'C' && sig1 == 'L') || (sig0 == 'R' && sig1 == 'E')) {
			s->relocated = true;
		}
	}
	return 0;
}

/* All System Use entries of a record, continuation areas included. */
static int susp_all(const struct iso_io *io, const struct iso_vol *v,
		    const struct rec *r, struct susp *s)
{
	uint8_t buf[ISO_SECTOR];
	unsigned hops;
	int rc;

	memset(s, 0, sizeof(*s));
	if (!v->rock_ridge || r->su_len <= v->susp_skip)
		return 0;
	rc = susp_parse(r->su + v->susp_skip, r->su_len - v->susp_skip, s);
	for (hops = 0; rc == 0 && s->ce_pending; hops++) {
		uint64_t off;

		if (hops >= ISO_CE_MAX)
			return -EBADMSG;
		s->ce_pending = false;
		if (s->ce_len > ISO_SECTOR || s->ce_off > ISO_SECTOR - s->ce_len)
			return -EBADMSG;
		off = (uint64_t)s->ce_lba * ISO_SECTOR + s->ce_off;
		rc = read_at(io, off, buf, s->ce_len);
		if (rc == 0)
			rc = susp_parse(buf, s->ce_len, s);
	}
	return rc;
}

int iso_open(const struct iso_io *io, struct iso_vol *v)
{
	uint8_t sec[ISO_SECTOR];
	unsigned i;
	int rc;

	for (i = 0; i < ISO_DESC_MAX; i++) {
		struct cur c;
		uint8_t type;
		uint16_t bsize;
		uint32_t blocks;
		struct rec root;
		struct iso_vol out;
		size_t n;

		rc = read_at(io, (uint64_t)(DESC_FIRST + i) * ISO_SECTOR, sec, sizeof(sec));
		if (rc)
			return rc == -EIO ? rc : -EBADMSG;
		if (memcmp(sec + 1, "CD001", 5) || sec[6] != 1)
			return -EBADMSG;
		type = sec[0];
		if (type == 255)
			return -EBADMSG; /* terminator before any PVD */
		if (type != 1)
			continue;
		memset(&out, 0, sizeof(out));
		cur_init(&c, sec, sizeof(sec));
		cur_skip(&c, 40);
		cur_bytes(&c, out.volume_id, 32);
		for (n = 0; n < 32; n++)
			if (!text_printable((unsigned char)out.volume_id[n]))
				out.volume_id[n] = '_';
		for (n = 32; n > 0 && out.volume_id[n - 1] == ' '; n--)
			;
		out.volume_id[n] = '\0';
		cur_skip(&c, 8);
		if (both32(&c, &blocks))
			return -EBADMSG;
		cur_init(&c, sec + 128, 4);
		if (both16(&c, &bsize))
			return -EBADMSG;
		if (bsize != ISO_SECTOR)
			return -EOPNOTSUPP;
		out.blocks = blocks;
		if (sec[156] != REC_MIN || rec_parse(sec + 156, REC_MIN, &root))
			return -EBADMSG;
		if (!(root.flags & FLAG_DIR) || root.len == 0 || root.len > ISO_DIR_MAX ||
		    !extent_in_image(io, root.lba, root.len))
			return -EBADMSG;
		out.root.lba = root.lba;
		out.root.len = root.len;

		/* Rock Ridge: "SP" first in the root's "." record. */
		rc = read_at(io, (uint64_t)root.lba * ISO_SECTOR, sec, sizeof(sec));
		if (rc)
			return rc;
		if (sec[0] >= REC_MIN && rec_parse(sec, sec[0], &root) == 0 &&
		    root.su_len >= 7 && root.su[0] == 'S' && root.su[1] == 'P' &&
		    root.su[2] == 7 && root.su[4] == 0xbe && root.su[5] == 0xef) {
			out.rock_ridge = true;
			out.susp_skip = root.su[6];
		}
		*v = out;
		return 0;
	}
	return -EBADMSG;
}

/* Fill e from one record (a part of it, for multi-extent files). */
static int entry_from(const struct iso_io *io, const struct iso_vol *v,
		      const struct rec *r, struct iso_entry *e, const char **why)
{
	struct susp s;
	int rc;

	memset(e, 0, sizeof(*e));
	rc = susp_all(io, v, r, &s);
	if (rc) {
		*why = "malformed Rock Ridge entries";
		return rc;
	}
	if (s.nm_seen && !s.nm_special) {
		if (s.nm_long) {
			*why = "name longer than 255 bytes";
			return -ENAMETOOLONG;
		}
		memcpy(e->name, s.nm, s.nm_len + 1);
	} else {
		plain_name(r->id, r->id_len, e->name);
	}
	if (s.relocated) {
		*why = "Rock Ridge deep directory relocation is not supported";
		return -EOPNOTSUPP;
	}
	e->mode = s.px_seen ? s.mode : 0;
	if (r->flags & FLAG_DIR)
		e->type = ISO_DIR;
	else if (s.px_seen && (s.mode & S_IFMT_) == S_IFLNK_)
		e->type = ISO_LNK;
	else if (s.px_seen && (s.mode & S_IFMT_) != S_IFREG_ && (s.mode & S_IFMT_) != 0)
		e->type = ISO_OTHER;
	else
		e->type = ISO_REG;
	if (e->type == ISO_LNK) {
		if (!s.sl_seen || s.sl_long || !s.sl_len) {
			*why = "symbolic link without a usable target";
			return -EBADMSG;
		}
		memcpy(e->link, s.sl, s.sl_len + 1);
	}
	if (e->type == ISO_DIR && (r->len == 0 || r->len > ISO_DIR_MAX)) {
		*why = "directory size out of bounds";
		return -EBADMSG;
	}
	if (r->len && !extent_in_image(io, r->lba, r->len)) {
		*why = "extent beyond the end of the image";
		return -EBADMSG;
	}
	e->ext[0].lba = r->lba;
	e->ext[0].len = r->len;
	e->n_ext = 1;
	e->size = r->len;
	return 0;
}

int iso_dir_each(const struct iso_io *io, const struct iso_vol *v,
		 const struct iso_extent *dir, iso_entry_fn fn, iso_bad_fn bad,
		 void *arg)
{
	uint8_t sec[ISO_SECTOR];
	struct iso_entry cur, part;
	bool open = false;     /* cur is a multi-extent file still growing */
	bool cur_bad = false;  /* the parts of a refused multi-extent file */
	uint32_t s, nsec;
	int rc;

	if (dir->len == 0 || dir->len > ISO_DIR_MAX || !extent_in_image(io, dir->lba, dir->len))
		return -EBADMSG;
	nsec = (dir->len + ISO_SECTOR - 1) / ISO_SECTOR;
	for (s = 0; s < nsec; s++) {
		size_t off = 0, lim = ISO_SECTOR;

		if (s == nsec - 1 && dir->len % ISO_SECTOR)
			lim = dir->len % ISO_SECTOR;
		rc = read_at(io, (uint64_t)(dir->lba + s) * ISO_SECTOR, sec, sizeof(sec));
		if (rc)
			return rc;
		while (off < lim) {
			struct rec r;
			const char *why = NULL;
			uint8_t reclen = sec[off];

			if (reclen == 0)
				break; /* padding to the next sector */
			if (reclen > lim - off)
				return -EBADMSG;
			rc = rec_parse(sec + off, reclen, &r);
			off += reclen;
			if (rc == -EOPNOTSUPP) {
				if (bad)
					bad(arg, "?", "interleaved file");
				continue;
			}
			if (rc)
				return rc;
			if (r.id_len == 1 && (r.id[0] == 0 || r.id[0] == 1))
				continue; /* "." and ".." */
			rc = entry_from(io, v, &r, &part, &why);
			if (rc == 0 && !iso_name_ok(part.name)) {
				rc = -EBADMSG;
				why = "unusable name";
			}
			if (open) {
				/* the next part of cur: same name, not a directory */
				if (rc == 0 && !strcmp(part.name, cur.name) && part.type != ISO_DIR) {
					if (cur.n_ext >= ISO_EXTENTS_MAX) {
						if (bad && !cur_bad)
							bad(arg, cur.name, "too many extents");
						cur_bad = true;
					} else {
						cur.ext[cur.n_ext++] = part.ext[0];
						cur.size += part.size;
					}
					if (r.flags & FLAG_MULTI)
						continue;
					open = false;
					if (cur_bad) {
						cur_bad = false;
						continue;
					}
					rc = fn(arg, &cur);
					if (rc)
						return rc;
					continue;
				}
				if (bad && !cur_bad)
					bad(arg, cur.name, "multi-extent file with a missing part");
				open = false;
				cur_bad = false;
				/* part is a new entry of its own */
			}
			if (rc) {
				if (bad)
					bad(arg, rc == -ENAMETOOLONG || !part.name[0] ? "?" : part.name,
					    why ? why : "unusable entry");
				if (r.flags & FLAG_MULTI) {
					/* swallow the parts that follow */
					cur = part;
					open = true;
					cur_bad = true;
				}
				continue;
			}
			if ((r.flags & FLAG_MULTI) && part.type != ISO_DIR) {
				cur = part;
				open = true;
				continue;
			}
			rc = fn(arg, &part);
			if (rc)
				return rc;
		}
	}
	if (open && bad)
		bad(arg, cur.name, "multi-extent file with a missing part");
	return 0;
}

/* ---- lookup ------------------------------------------------------------ */

struct find {
	const char *name;
	size_t len;
	bool fold; /* compare case-insensitively (no Rock Ridge) */
	struct iso_entry *out;
};

static bool name_eq(const char *a, const char *b, size_t blen, bool fold)
{
	size_t i;

	for (i = 0; i < blen; i++) {
		char x = a[i], y = b[i];

		if (!x)
			return false;
		if (fold) {
			if (x >= 'A' && x <= 'Z')
				x = (char)(x - 'A' + 'a');
			if (y >= 'A' && y <= 'Z')
				y = (char)(y - 'A' + 'a');
		}
		if (x != y)
			return false;
	}
	return a[blen] == '\0';
}

static int find_fn(void *arg, const struct iso_entry *e)
{
	struct find *f = arg;

	if (!name_eq(e->name, f->name, f->len, f->fold))
		return 0;
	*f->out = *e;
	return 1;
}

/* Normalise "a/./b/../c" into dst as an absolute path; -ENAMETOOLONG. */
static int path_join(const char *base, const char *rel, char *dst, size_t dstsz)
{
	char tmp[2 * ISO_PATH_MAX + 2];
	size_t o = 0, i = 0, n;

	if (rel[0] == '/')
		n = (size_t)snprintf(tmp, sizeof(tmp), "%s", rel);
	else
		n = (size_t)snprintf(tmp, sizeof(tmp), "%s/%s", base, rel);
	if (n >= sizeof(tmp))
		return -ENAMETOOLONG;
	dst[0] = '\0';
	while (tmp[i]) {
		size_t s, len;

		while (tmp[i] == '/')
			i++;
		s = i;
		while (tmp[i] && tmp[i] != '/')
			i++;
		len = i - s;
		if (len == 0 || (len == 1 && tmp[s] == '.'))
			continue;
		if (len == 2 && tmp[s] == '.' && tmp[s + 1] == '.') {
			while (o > 0 && dst[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			dst[o] = '\0';
			continue;
		}
		if (o + 1 + len >= dstsz)
			return -ENAMETOOLONG;
		dst[o++] = '/';
		memcpy(dst + o, tmp + s, len);
		o += len;
		dst[o] = '\0';
	}
	if (o == 0) {
		if (dstsz < 2)
			return -ENAMETOOLONG;
		dst[0] = '/';
		dst[1] = '\0';
	}
	return 0;
}

int iso_lookup(const struct iso_io *io, const struct iso_vol *v,
	       const char *path, struct iso_entry *e)
{
	char want[ISO_PATH_MAX + 1], done[ISO_PATH_MAX + 1];
	struct iso_entry at;
	unsigned hops = 0;
	size_t i;
	int rc;

	if (path[0] != '/')
		return -EINVAL;
	if (path_join("/", path, want, sizeof(want)))
		return -ENAMETOOLONG;
restart:
	memset(&at, 0, sizeof(at));
	at.type = ISO_DIR;
	at.ext[0] = v->root;
	at.n_ext = 1;
	at.size = v->root.len;
	strcpy(at.name, "/");
	done[0] = '\0';
	i = 0;
	while (want[i]) {
		struct find f;
		struct iso_entry next;
		size_t s;

		while (want[i] == '/')
			i++;
		if (!want[i])
			break;
		s = i;
		while (want[i] && want[i] != '/')
			i++;
		if (at.type != ISO_DIR)
			return -ENOENT;
		f.name = want + s;
		f.len = i - s;
		f.fold = !v->rock_ridge;
		f.out = &next;
		rc = iso_dir_each(io, v, &at.ext[0], find_fn, NULL, &f);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return -ENOENT;
		if (next.type == ISO_LNK) {
			char target[ISO_PATH_MAX + 1], rest[ISO_PATH_MAX + 1];

			if (++hops > ISO_LINK_HOPS)
				return -ELOOP;
			if (path_join(done[0] ? done : "/", next.link, target, sizeof(target)))
				return -ENAMETOOLONG;
			if ((size_t)snprintf(rest, sizeof(rest), "%s%s", target, want + i) >= sizeof(rest))
				return -ENAMETOOLONG;
			if (path_join("/", rest, want, sizeof(want)))
				return -ENAMETOOLONG;
			goto restart;
		}
		if (strlen(done) + 1 + (i - s) > ISO_PATH_MAX)
			return -ENAMETOOLONG;
		strcat(done, "/");
		strncat(done, want + s, i - s);
		at = next;
	}
	*e = at;
	return 0;
}

/* ---- walk -------------------------------------------------------------- */

struct walk {
	const struct iso_io *io;
	const struct iso_vol *v;
	iso_walk_fn fn;
	iso_bad_fn bad;
	void *arg;
	char path[ISO_PATH_MAX + 1];
	size_t plen;
	uint32_t stack[ISO_WALK_DEPTH + 1]; /* LBAs of the directories above */
	unsigned depth;
	unsigned dirs;
};

static int walk_dir(struct walk *w, const struct iso_extent *dir);

static int walk_fn(void *arg, const struct iso_entry *e)
{
	struct walk *w = arg;
	size_t n = strlen(e->name), save = w->plen;
	unsigned i;
	int rc;

	if (w->plen + 1 + n > ISO_PATH_MAX) {
		if (w->bad)
			w->bad(w->arg, e->name, "path longer than 1023 bytes");
		return 0;
	}
	w->path[w->plen] = '/';
	memcpy(w->path + w->plen + 1, e->name, n + 1);
	w->plen += 1 + n;
	rc = w->fn(w->arg, w->path, e);
	if (rc == 0 && e->type == ISO_DIR) {
		for (i = 0; i <= w->depth; i++)
			if (w->stack[i] == e->ext[0].lba)
				break;
		if (i <= w->depth) {
			if (w->bad)
				w->bad(w->arg, w->path, "directory loop");
		} else if (w->depth >= ISO_WALK_DEPTH) {
			if (w->bad)
				w->bad(w->arg, w->path, "directories nested too deep");
		} else if (++w->dirs > ISO_WALK_DIRS) {
			rc = -E2BIG;
		} else {
			w->stack[++w->depth] = e->ext[0].lba;
			rc = walk_dir(w, &e->ext[0]);
			w->depth--;
		}
	}
	w->plen = save;
	w->path[save] = '\0';
	return rc;
}

/* iso_dir_each reports to the walk; the walk reports to its caller. */
static void walk_bad(void *arg, const char *name, const char *why)
{
	struct walk *w = arg;

	if (w->bad)
		w->bad(w->arg, name, why);
}

static int walk_dir(struct walk *w, const struct iso_extent *dir)
{
	return iso_dir_each(w->io, w->v, dir, walk_fn, walk_bad, w);
}

int iso_walk(const struct iso_io *io, const struct iso_vol *v,
	     iso_walk_fn fn, iso_bad_fn bad, void *arg)
{
	struct walk w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.io = io;
	w.v = v;
	w.fn = fn;
	w.bad = bad;
	w.arg = arg;
	w.stack[0] = v->root.lba;
	rc = walk_dir(&w, &v->root);
	return rc > 0 ? 0 : rc;
}
