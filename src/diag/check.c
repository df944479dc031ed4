/*
 * check.c - the checks of netboot-diag, in the order the boot needs them:
 * network, server, exports, mount, live media, squashfs, .disk.  Each
 * prints one "[N/7] name STATUS detail" line and, when something is
 * wrong, a cause and a fix from explain.c.  After a failure that makes the
 * later checks meaningless they print SKIP.
 *
 * The decisions belong to the core (cmdline_parse, nfsspec_resolve,
 * squash_*) and to explain.c; the I/O to probe.c and nfs.c.  This file
 * only sequences and prints.  Everything that came from outside (the
 * server's export and file names, file contents, libnfs's error words,
 * the lease's root-path, netboot.log) is printed through text_sanitize().
 * The whole run has a deadline (--deadline): every network wait ends by
 * it, and the steps not started by then print SKIP.  With netboot=http
 * (or --url) the run is httpcheck.c's instead, on the same command line
 * and lease.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cmdline.h"
#include "explain.h"
#include "httpcheck.h"
#include "lease.h"
#include "livecheck.h"
#include "nfs.h"
#include "nfsspec.h"
#include "probe.h"
#include "runconf.h"
#include "squash.h"
#include "text.h"

#define CHECK_STEPS 7

struct check {
	FILE *out;
	const struct check_opts *o;
	struct cmdline cl;
	struct nfsspec spec;
	struct diag_nfs_target tgt;
	struct diag_nfs *mnt;
	const char *boot;
	char path[4 * CMDLINE_PATH_MAX + 1]; /* spec.path, sanitized for show */
	char list_stop[DIAG_NFS_NAME_MAX * 4 + 96]; /* why a listing stopped */
	char image[SQUASH_PATH_MAX + 1]; /* relative path of the root image */
	struct lease ls;                 /* the lease, when have_lease */
	bool have_lease;
	bool http;                       /* netboot=http: httpcheck.c's checks */
	bool stop;                       /* later checks are meaningless */
	bool cannot;                     /* could not check: exit 111 */
	enum diag_kind first_kind;
	unsigned first_step, n_fail, n_warn;
};

static const char *const step_name[CHECK_STEPS + 1] = {
	"", "network", "server", "exports", "mount", "live media", "squashfs",
	".disk",
};

static void line(struct check *c, unsigned step, const char *status,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void line(struct check *c, unsigned step, const char *status,
		 const char *fmt, ...)
{
	va_list ap;

	fprintf(c->out, "[%u/%u] %-10s %-4s  ", step, CHECK_STEPS,
		step_name[step], status);
	va_start(ap, fmt);
	vfprintf(c->out, fmt, ap);
	va_end(ap);
	fputc('\n', c->out);
	fflush(c->out);
}

/* Print the cause and fix of k and count it. */
static void problem(struct check *c, unsigned step, enum diag_kind k,
		    const struct explain_ctx *x)
{
	struct explain_msg m;
	bool warn = explain_severity(k) == EXPLAIN_WARN;

	if (explain_render(k, x, &m) == 0) {
		fprintf(c->out, "      %s %s\n", warn ? "warning:" : "cause:  ", m.cause);
		fprintf(c->out, "      fix:     %s\n", m.fix);
	} else {
		fprintf(c->out, "      cause:   %s\n", explain_headline(k));
	}
	fflush(c->out);
	if (warn) {
		c->n_warn++;
		return;
	}
	if (c->n_fail++ == 0) {
		c->first_kind = k;
		c->first_step = step;
	}
}

static void ctx_init(struct check *c, struct explain_ctx *x)
{
	memset(x, 0, sizeof(*x));
	x->server = c->spec.server;
	x->path = c->path;
	x->boot = c->boot;
}

/* s made safe for the console in buf (text_sanitize); returns buf. */
static const char *safe(const char *s, char *buf, size_t bufsz)
{
	text_sanitize(s, buf, bufsz);
	return buf;
}

/* Milliseconds left of the whole run (0 when it is over). */
static unsigned left_ms(const struct check *c)
{
	uint64_t now = diag_nfs_now_ms();

	return now >= c->tgt.deadline_ms ? 0 : (unsigned)(c->tgt.deadline_ms - now);
}

/* A network wait: the per-operation timeout, never past the run's end. */
static unsigned wait_ms(const struct check *c)
{
	unsigned l = left_ms(c);

	return l < c->tgt.timeout_ms ? l : c->tgt.timeout_ms;
}

/* Why the listing of dir stopped (r from diag_nfs_list), for a note line;
 * the first one only. */
static void list_stopped(struct check *c, const char *dir, int r)
{
	char d[DIAG_NFS_NAME_MAX * 4 + 1];

	if (c->list_stop[0] || (r != -ETIMEDOUT && r != -EFBIG))
		return;
	text_sanitize(dir[0] ? dir : "/", d, sizeof(d));
	if (r == -EFBIG)
		snprintf(c->list_stop, sizeof(c->list_stop),
			 "the listing of %s stopped: the server sent more than %u MiB for it",
			 d, DIAG_NFS_LIST_BYTES >> 20);
	else
		snprintf(c->list_stop, sizeof(c->list_stop),
			 "the listing of %s stopped: the server did not finish it in time", d);
}

static void note_list_stop(struct check *c)
{
	if (c->list_stop[0])
		fprintf(c->out, "      note:    %s\n", c->list_stop);
}

/* ---- 1. network -------------------------------------------------------- */

static void check_network(struct check *c)
{
	struct probe_if ifs[PROBE_IF_MAX];
	struct explain_ctx x;
	char list[256] = "";
	size_t n = 0, i, used = 0;
	int r;

	if (!strncmp(c->spec.server, "127.", 4) || !strcmp(c->spec.server, "::1")) {
		line(c, 1, "OK", "the server %s is this machine (loopback)",
		     c->spec.server);
		return;
	}
	r = probe_ifaces(ifs, PROBE_IF_MAX, &n);
	if (r == 0 && n == 0) {
		line(c, 1, "FAIL", "no interface has an IPv4 address");
		ctx_init(c, &x);
		problem(c, 1, DIAG_NET_NONE, &x);
		c->stop = c->cannot = true;
		return;
	}
	if (r) {
		line(c, 1, "WARN", "cannot list interfaces (%s); trying anyway",
		     strerror(-r));
		return;
	}
	for (i = 0; i < n && used < sizeof(list) - 40; i++) {
		char name[4 * sizeof(ifs[i].name)];

		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s %s/%u",
					 i ? ", " : "", safe(ifs[i].name, name, sizeof(name)),
					 ifs[i].addr, ifs[i].prefix);
	}
	line(c, 1, "OK", "%s", list);
}

/* ---- 2. server --------------------------------------------------------- */

static void check_server(struct check *c)
{
	unsigned tmo = wait_ms(c), nport = c->tgt.nfsport ? c->tgt.nfsport : 2049;
	struct explain_ctx x;
	int rn, rp;

	rn = probe_tcp(c->spec.server, nport, tmo);
	rp = probe_tcp(c->spec.server, 111, tmo);
	ctx_init(c, &x);
	if (rn == 0 && rp == 0) {
		line(c, 2, "OK", "%s answers on TCP %u (nfs) and 111 (portmapper)",
		     c->spec.server, nport);
		return;
	}
	if (rn == 0) {
		line(c, 2, "WARN", "%s answers on TCP %u (nfs), not on 111: %s",
		     c->spec.server, nport, strerror(-rp));
		if (!c->tgt.mountport)
			problem(c, 2, DIAG_PMAP_DOWN, &x);
		return;
	}
	line(c, 2, "FAIL", "%s:%u: %s", c->spec.server, nport, strerror(-rn));
	x.detail = strerror(-rn);
	if (rn == -ECONNREFUSED)
		problem(c, 2, DIAG_SRV_REFUSED, &x);
	else if (rn == -EHOSTUNREACH || rn == -ENETUNREACH)
		problem(c, 2, DIAG_SRV_UNREACH, &x);
	else
		problem(c, 2, DIAG_SRV_TIMEOUT, &x);
	c->stop = true;
}

/* ---- 3. exports -------------------------------------------------------- */

static void check_exports(struct check *c)
{
	struct diag_nfs_exports *ex = calloc(1, sizeof(*ex));
	char (*shown)[4 * DIAG_NFS_NAME_MAX] = calloc(DIAG_NFS_EXPORTS_MAX,
						      sizeof(*shown));
	const char *names[DIAG_NFS_EXPORTS_MAX], *show[DIAG_NFS_EXPORTS_MAX];
	char err[DIAG_NFS_ERR_MAX], serr[4 * DIAG_NFS_ERR_MAX], joined[1024];
	struct explain_ctx x;
	size_t i;
	int r, m;

	ctx_init(c, &x);
	if (!ex || !shown) {
		line(c, 3, "WARN", "out of memory");
		goto out;
	}
	r = diag_nfs_exports(&c->tgt, ex, err, sizeof(err));
	if (r) {
		line(c, 3, "WARN", "no export list from %s: %s", c->spec.server,
		     safe(err, serr, sizeof(serr)));
		x.detail = serr;
		problem(c, 3, DIAG_EXP_UNLISTED, &x);
		goto out;
	}
	/* matched raw, shown sanitized */
	for (i = 0; i < ex->n; i++) {
		names[i] = ex->dir[i];
		show[i] = safe(ex->dir[i], shown[i], sizeof(shown[i]));
	}
	explain_join_exports(show, ex->n, joined, sizeof(joined));
	m = explain_export_match(c->spec.path, names, ex->n);
	x.exports = joined;
	if (m >= 0) {
		line(c, 3, "OK", "%s is covered by the export %s (exports: %s%s)",
		     c->path, show[m], joined,
		     ex->n_total > ex->n ? ", and more" : "");
	} else {
		line(c, 3, "FAIL", "%s is not exported (exports: %s)",
		     c->path, joined);
		problem(c, 3, DIAG_EXP_MISSING, &x);
		c->stop = true;
	}
out:
	free(shown);
	free(ex);
}

/* ---- 4. mount ---------------------------------------------------------- */

static enum diag_kind mount_kind(int r)
{
	switch (r) {
	case -EACCES: return DIAG_MNT_DENIED;
	case -ENOENT: return DIAG_MNT_NOENT;
	case -ECONNREFUSED: return DIAG_SRV_REFUSED;
	case -ETIMEDOUT: return DIAG_SRV_TIMEOUT;
	default: return DIAG_MNT_FAILED;
	}
}

static void check_mount(struct check *c)
{
	struct diag_nfs *m3 = NULL, *m4 = NULL;
	char r3e[DIAG_NFS_ERR_MAX], r4e[DIAG_NFS_ERR_MAX];
	char e3[4 * DIAG_NFS_ERR_MAX], e4[4 * DIAG_NFS_ERR_MAX];
	char both[8 * DIAG_NFS_ERR_MAX + 32];
	struct explain_ctx x;
	int r3, r4, r;

	r3 = diag_nfs_mount(&c->tgt, 3, &m3, r3e, sizeof(r3e));
	r4 = diag_nfs_mount(&c->tgt, 4, &m4, r4e, sizeof(r4e));
	if (r3)
		safe(r3e, e3, sizeof(e3));
	if (r4)
		safe(r4e, e4, sizeof(e4));
	if (r3 == 0 && r4 == 0) {
		line(c, 4, "OK", "%s:%s mounts with NFSv3 and NFSv4",
		     c->spec.server, c->path);
		c->mnt = m3;
		diag_nfs_close(m4);
		return;
	}
	if (r3 == 0 || r4 == 0) {
		line(c, 4, "OK", "%s:%s mounts with NFSv%d only (NFSv%d: %s)",
		     c->spec.server, c->path, r3 == 0 ? 3 : 4,
		     r3 == 0 ? 4 : 3, r3 == 0 ? e4 : e3);
		c->mnt = r3 == 0 ? m3 : m4;
		return;
	}
	snprintf(both, sizeof(both), "NFSv3: %s; NFSv4: %s", e3, e4);
	line(c, 4, "FAIL", "%s:%s does not mount (%s)", c->spec.server,
	     c->path, both);
	/* The more telling of the two errors. */
	r = r3;
	if (r3 == -EPROTONOSUPPORT || r3 == -EIO || r3 == -ECONNREFUSED)
		r = r4;
	ctx_init(c, &x);
	x.detail = both;
	problem(c, 4, mount_kind(r), &x);
	c->stop = true;
}

/* ---- 5. live media ----------------------------------------------------- */

/* The search itself (depth, caps, what counts) is src/core/livecheck.c's,
 * the same one netboot runs; this drives it over libnfs.  libnfs tells
 * folders from the rest only, so a symlink or a FIFO named *.squashfs is
 * reported here as a file. */
static int search_fn(const char *name, bool is_dir, void *arg)
{
	return livecheck_search_entry(arg, name, is_dir ? LIVECHECK_DIR : LIVECHECK_REG);
}

/* The first *.squashfs other than skip, into found.  0 or -ENOENT. */
static int search_squashfs(struct check *c, const char *skip, char *found,
			   size_t foundsz)
{
	struct livecheck_search *s = calloc(1, sizeof(*s));
	const char *dir;
	int r;

	if (!s)
		return -ENOMEM;
	livecheck_search_init(s, skip);
	while (livecheck_search_next(s, &dir) == 0 && left_ms(c))
		list_stopped(c, dir, diag_nfs_list(c->mnt, dir[0] ? dir : "/",
						   LIVECHECK_SEARCH_ENTRIES,
						   search_fn, s));
	r = livecheck_search_found(s, found, foundsz);
	free(s);
	return r ? -ENOENT : 0;
}

static bool is_file(struct check *c, const char *path)
{
	struct diag_nfs_stat st;

	return diag_nfs_stat(c->mnt, path, &st) == 0 && st.is_reg;
}

static void media_moved(struct check *c, const char *want, const char *found)
{
	struct explain_ctx x;
	char hint[3 * SQUASH_PATH_MAX + 160], shint[4 * sizeof(hint)];
	char sfound[4 * SQUASH_PATH_MAX + 1];
	const char *base;

	safe(found, sfound, sizeof(sfound));
	line(c, 5, "FAIL", "no %s; found %s", want, sfound);
	base = strrchr(found, '/');
	base = base ? base + 1 : found;
	ctx_init(c, &x);
	x.want = want;
	x.found = sfound;
	/* A layered image: the core's hint names layerfs-path=. */
	if (strcmp(base, "filesystem.squashfs") &&
	    squash_hint(&c->cl, found, hint, sizeof(hint)) == 0)
		x.hint = safe(hint, shint, sizeof(shint));
	problem(c, 5, DIAG_MEDIA_MOVED, &x);
	c->stop = true;
}

static void check_media(struct check *c)
{
	struct squash_paths *p = calloc(1, sizeof(*p));
	struct explain_ctx x;
	char found[SQUASH_PATH_MAX + 1];
	size_t i;
	int r;

	if (!p) {
		line(c, 5, "FAIL", "out of memory");
		c->stop = c->cannot = true;
		return;
	}
	ctx_init(c, &x);
	if (c->cl.layerfs_path[0]) {
		r = squash_layers(&c->cl, p);
		for (i = 0; r == 0 && i < p->n; i++) {
			if (is_file(c, p->path[i]))
				continue;
			line(c, 5, "FAIL", "layerfs-path=%s: layer %s is missing",
			     c->cl.layerfs_path, p->path[i]);
			x.want = p->path[i];
			problem(c, 5, DIAG_MEDIA_NONE, &x);
			c->stop = true;
			goto out;
		}
		if (r == 0 && p->n) {
			snprintf(c->image, sizeof(c->image), "%s", p->path[p->n - 1]);
			line(c, 5, "OK", "all %zu layers of %s are there", p->n, c->image);
			goto out;
		}
	}
	r = squash_candidates(&c->cl, p);
	if (r || p->n == 0) {
		line(c, 5, "FAIL", "live-media-path=%s is not usable", c->cl.media_path);
		c->stop = true;
		goto out;
	}
	if (is_file(c, p->path[0])) {
		snprintf(c->image, sizeof(c->image), "%s", p->path[0]);
		line(c, 5, "OK", "%s is there", c->image);
		goto out;
	}
	for (i = 1; i < p->n; i++) {
		if (is_file(c, p->path[i])) {
			media_moved(c, p->path[0], p->path[i]);
			goto out;
		}
	}
	if (search_squashfs(c, p->path[0], found, sizeof(found)) == 0) {
		media_moved(c, p->path[0], found);
		goto out;
	}
	if (!left_ms(c)) { /* the search was cut short: no verdict on it */
		line(c, 5, "SKIP", "no %s; the search for another *.squashfs stopped at the run's deadline (%u s)",
		     p->path[0], c->o->deadline_s);
		note_list_stop(c);
		c->cannot = true;
		goto out;
	}
	line(c, 5, "FAIL", "no %s and no *.squashfs within %d folder levels",
	     p->path[0], LIVECHECK_SEARCH_DEPTH);
	note_list_stop(c);
	x.want = p->path[0];
	problem(c, 5, DIAG_MEDIA_NONE, &x);
	c->stop = true;
out:
	free(p);
}

/* ---- 6. squashfs ------------------------------------------------------- */

static void check_squashfs(struct check *c)
{
	struct diag_nfs_stat st;
	struct squash_sb sb;
	struct squash_env env;
	struct explain_ctx x;
	uint8_t buf[SQUASH_SB_SIZE];
	char why[256], release[128] = "", kinfo[400];
	char *config = NULL;
	size_t got = 0, clen = 0;
	enum diag_kind k;
	int r;

	ctx_init(c, &x);
	x.want = c->image;
	r = diag_nfs_stat(c->mnt, c->image, &st);
	if (r == 0)
		r = diag_nfs_read(c->mnt, c->image, 0, buf, sizeof(buf), &got);
	if (r) {
		line(c, 6, "FAIL", "cannot read %s: %s", c->image, strerror(-r));
		x.detail = strerror(-r);
		problem(c, 6, r == -EACCES ? DIAG_MNT_DENIED : DIAG_MNT_FAILED, &x);
		return;
	}
	x.size = st.size;
	if (got < SQUASH_SB_SIZE || squash_sb_parse(buf, got, &sb) != 0) {
		line(c, 6, "FAIL", "%s: %llu bytes", c->image,
		     (unsigned long long)st.size);
		problem(c, 6, DIAG_SQ_SHORT, &x);
		return;
	}
	memset(&env, 0, sizeof(env));
	env.file_size = st.size;
	env.page_size = (uint32_t)sysconf(_SC_PAGESIZE);
	r = probe_kernel_config(release, sizeof(release), &config, &clen);
	if (r == 0) {
		if (squash_comp_mask_from_config(config, clen, &env.comp_mask) != 0)
			env.comp_mask = 0;
		free(config);
	}
	if (env.comp_mask)
		snprintf(kinfo, sizeof(kinfo), "kernel %s reads %s", release,
			 squash_comp_name(sb.compression));
	else if (r == -EFBIG)
		snprintf(kinfo, sizeof(kinfo),
			 "kernel %s: compression support not checked (/boot/config-%s is larger than %u bytes)",
			 release, release, SQUASH_CONFIG_MAX);
	else
		snprintf(kinfo, sizeof(kinfo),
			 "kernel %s: compression support not checked (no /boot/config-%s)",
			 release, release);
	r = squash_sb_check(&sb, &env, why, sizeof(why));
	if (r == 0) {
		line(c, 6, "OK", "squashfs %u.%u, %s, %llu of %llu bytes used, %u inodes; %s",
		     sb.major, sb.minor, squash_comp_name(sb.compression),
		     (unsigned long long)sb.bytes_used, (unsigned long long)st.size,
		     sb.inodes, kinfo);
		return;
	}
	x.detail = why;
	x.comp = squash_comp_name(sb.compression);
	x.bytes_used = sb.bytes_used;
	x.version_major = sb.major;
	x.version_minor = sb.minor;
	k = explain_squash_kind(r, env.comp_mask, sb.compression, sb.bytes_used, st.size);
	line(c, 6, "FAIL", "%s: %s", c->image, why);
	problem(c, 6, k, &x);
}

/* ---- 7. .disk ---------------------------------------------------------- */

/* s[0..len) without blanks at both ends, cut at a NUL, sanitized into dst. */
static void tidy(char *s, size_t len, char *dst, size_t dstsz)
{
	size_t b = 0;

	s[len] = '\0';
	len = strlen(s);
	while (len && (s[len - 1] == '\n' || s[len - 1] == ' ' || s[len - 1] == '\r' ||
		       s[len - 1] == '\t'))
		len--;
	while (b < len && (s[b] == ' ' || s[b] == '\t'))
		b++;
	s[len] = '\0';
	text_sanitize(s + b, dst, dstsz);
}

struct uuids {
	struct check *c;
	const char *want;
	size_t want_len;
	char first[80];
	char match[DIAG_NFS_NAME_MAX];
	unsigned n;
};

/* casper's comparison (src/core/livecheck.c), the one netboot makes. */
static int uuid_fn(const char *name, bool is_dir, void *arg)
{
	struct uuids *u = arg;
	char path[DIAG_NFS_NAME_MAX + 8];
	uint8_t buf[LIVECHECK_UUID_MAX];
	size_t got = 0;

	if (is_dir || !livecheck_is_uuid_name(name))
		return 0;
	snprintf(path, sizeof(path), ".disk/%s", name);
	if (diag_nfs_read(u->c->mnt, path, 0, buf, sizeof(buf), &got) != 0)
		return 0;
	u->n++;
	if (!u->first[0]) {
		char raw[LIVECHECK_UUID_MAX + 1];
		size_t n = livecheck_uuid_len((const char *)buf, got);

		memcpy(raw, buf, n);
		raw[n] = '\0';
		text_sanitize(raw, u->first, sizeof(u->first));
	}
	if (livecheck_uuid_match(u->want, u->want_len, (const char *)buf, got)) {
		text_sanitize(name, u->match, sizeof(u->match));
		return 1;
	}
	return 0;
}

static void check_disk(struct check *c)
{
	struct explain_ctx x;
	uint8_t buf[200];
	char raw[201], info[4 * 200 + 1], want[LIVECHECK_UUID_MAX + 1], wantmsg[4 * LIVECHECK_UUID_MAX + 1];
	char uuidmsg[DIAG_NFS_NAME_MAX + 64];
	size_t got = 0, wlen = 0;
	bool casper = c->cl.boot == CMDLINE_BOOT_CASPER;
	struct uuids u;
	int r;

	ctx_init(c, &x);
	r = diag_nfs_read(c->mnt, ".disk/info", 0, buf, sizeof(buf), &got);
	if (r == 0) {
		memcpy(raw, buf, got);
		tidy(raw, got, info, sizeof(info));
	}
	/* casper's uuid check (casper's matches_uuid()). */
	if (!casper)
		snprintf(uuidmsg, sizeof(uuidmsg), "no uuid check (boot=%s)", c->boot);
	else if (c->cl.ignore_uuid)
		snprintf(uuidmsg, sizeof(uuidmsg), "uuid not checked (ignore_uuid)");
	else if (probe_read(c->o->uuid_conf, want, sizeof(want), &wlen) != 0)
		snprintf(uuidmsg, sizeof(uuidmsg), "no %s in the initrd: casper checks no uuid",
			 c->o->uuid_conf);
	else {
		memset(&u, 0, sizeof(u));
		u.c = c;
		u.want = want;
		u.want_len = wlen;
		want[livecheck_uuid_len(want, wlen)] = '\0';
		text_sanitize(want, wantmsg, sizeof(wantmsg));
		list_stopped(c, ".disk", diag_nfs_list(c->mnt, ".disk", 256, uuid_fn, &u));
		if (!u.match[0] && c->list_stop[0])
			snprintf(uuidmsg, sizeof(uuidmsg), "uuid not checked: %.200s",
				 c->list_stop);
		else if (u.match[0])
			snprintf(uuidmsg, sizeof(uuidmsg), "uuid matches .disk/%s", u.match);
		else
			uuidmsg[0] = '\0';
	}
	if (r == 0 && uuidmsg[0]) {
		line(c, 7, "OK", ".disk/info: \"%s\"; %s", info, uuidmsg);
		return;
	}
	if (r != 0 && !casper) {
		line(c, 7, "OK", "no .disk/info (live-boot does not need it); %s", uuidmsg);
		return;
	}
	line(c, 7, "FAIL", "%s%s", r ? "no .disk/info" : "uuid mismatch",
	     r && !uuidmsg[0] ? ", uuid mismatch" : "");
	if (r)
		problem(c, 7, DIAG_DISK_NOINFO, &x);
	if (!uuidmsg[0]) {
		x.uuid_initrd = wantmsg;
		x.uuid_disk = u.n ? u.first : "(no .disk/casper-uuid-* file)";
		problem(c, 7, DIAG_UUID_MISMATCH, &x);
	}
}

/* ---- configuration and the run ------------------------------------------ */

/* --nfsroot SERVER:/PATH replaces the command line's nfsroot=. */
static int apply_nfsroot(struct cmdline *cl, const char *arg)
{
	struct cmdline *t = calloc(1, sizeof(*t));
	char buf[CMDLINE_HOST_MAX + CMDLINE_PATH_MAX + 16], err[CMDLINE_ERR_MAX];
	int n, r = 0;

	if (!t)
		return -ENOMEM;
	n = snprintf(buf, sizeof(buf), "nfsroot=%s", arg);
	if (n < 0 || (size_t)n >= sizeof(buf) || strpbrk(arg, " \t\"")) {
		fprintf(stderr, "netboot-diag: --nfsroot %s: too long or has blanks\n", arg);
		r = -EINVAL;
	} else if (cmdline_parse(buf, (size_t)n, t, err, sizeof(err)) != 0) {
		fprintf(stderr, "netboot-diag: --nfsroot %s: %s\n", arg, err);
		r = -EINVAL;
	} else if (t->nfsroot != CMDLINE_NFSROOT_FULL) {
		fprintf(stderr, "netboot-diag: --nfsroot %s: expected SERVER:/PATH\n", arg);
		r = -EINVAL;
	} else {
		cl->nfsroot = CMDLINE_NFSROOT_FULL;
		memcpy(cl->nfs_server, t->nfs_server, sizeof(cl->nfs_server));
		memcpy(cl->nfs_path, t->nfs_path, sizeof(cl->nfs_path));
		if (t->nfs_opts[0])
			memcpy(cl->nfs_opts, t->nfs_opts, sizeof(cl->nfs_opts));
	}
	free(t);
	return r;
}

/* The value of KEY=N in a comma-separated option list, 0 when absent. */
static unsigned opt_port(const char *opts, const char *key)
{
	size_t kl = strlen(key);
	const char *p = opts;

	while (p && *p) {
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			unsigned long v = strtoul(p + kl + 1, NULL, 10);

			return v > 0 && v < 65536 ? (unsigned)v : 0;
		}
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

static int configure(struct check *c, char *leasemsg, size_t leasemsgsz)
{
	const struct check_opts *o = c->o;
	char cmd[CMDLINE_MAX + 1], err[CMDLINE_ERR_MAX], serr[4 * CMDLINE_ERR_MAX], path[512];
	char *nc = malloc(8192);
	struct lease ls;
	char dev[CMDLINE_IFNAME_MAX];
	const char *reason = "";
	size_t len = 0, i;
	bool have_lease = false;
	int r;

	if (!nc)
		return -ENOMEM;
	r = probe_read(o->cmdline, cmd, sizeof(cmd), &len);
	if (r) {
		fprintf(stderr, "netboot-diag: unable to read %s: %s\n", o->cmdline,
			strerror(-r));
		free(nc);
		return -EINVAL;
	}
	if (cmdline_parse(cmd, len, &c->cl, err, sizeof(err)) != 0) {
		text_sanitize(err, serr, sizeof(serr));
		fprintf(stderr, "netboot-diag: the kernel command line in %s is wrong: %s\n",
			o->cmdline, serr);
		free(nc);
		return -EINVAL;
	}
	/* the messages quote the command line's words: no byte reaches the
	 * console that a terminal would interpret */
	for (i = 0; i < c->cl.n_warn; i++) {
		text_sanitize(c->cl.warn[i], serr, sizeof(serr));
		fprintf(c->out, "note: %s\n", serr);
	}
	if (o->nfsroot && apply_nfsroot(&c->cl, o->nfsroot) != 0) {
		free(nc);
		return -EINVAL;
	}
	/* The lease: netboot's own record, RUNDIR/net.state, the one its
	 * mount phase reads; a net-DEV.conf only when net.state is absent
	 * (netboot's network phase did not run; casper's or live-boot's own
	 * DHCP did).  A net.state that does not parse is said, not replaced. */
	leasemsg[0] = '\0';
	snprintf(path, sizeof(path), "%s/net.state", o->rundir);
	r = probe_read(path, nc, 8192, &len);
	if (r == 0 && runconf_parse_state(nc, len, &ls, dev) == 0)
		have_lease = true;
	else if (r == 0 || r != -ENOENT)
		fprintf(c->out, "note: %s holds no lease netboot-diag can read (%s)\n",
			path, r ? strerror(-r) : "no DEVICE or ADDRESS");
	else if (probe_netconf(o->netconf_dir, path, sizeof(path), nc, 8192, &len) == 0 &&
		 runconf_parse(nc, len, &ls, dev) == 0)
		have_lease = true;
	if (have_lease) {
		char sdev[4 * CMDLINE_IFNAME_MAX];

		snprintf(leasemsg, leasemsgsz, "%s (%s)", path,
			 dev[0] ? safe(dev, sdev, sizeof(sdev)) : "?");
	}
	free(nc);
	/* netboot=http (or --url): httpcheck.c checks the URLs instead */
	if (o->url || (!o->nfsroot && c->cl.method == CMDLINE_METHOD_HTTP)) {
		c->http = true;
		if (have_lease)
			c->ls = ls;
		c->have_lease = have_lease;
		return 0;
	}
	r = nfsspec_resolve(&c->cl, have_lease ? &ls : NULL, &c->spec, &reason);
	if (r) {
		fprintf(stderr, "netboot-diag: %s%s\n", reason,
			r == -ENOENT ? "; pass --nfsroot SERVER:/PATH" : "");
		return -EINVAL;
	}
	c->boot = c->cl.boot == CMDLINE_BOOT_CASPER ? "casper" :
		  c->cl.boot == CMDLINE_BOOT_LIVE ? "live" : "casper";
	c->tgt.server = c->spec.server;
	c->tgt.path = c->spec.path;
	c->tgt.nfsport = opt_port(c->spec.opts, "port");
	c->tgt.mountport = opt_port(c->spec.opts, "mountport");
	c->tgt.timeout_ms = o->timeout_s * 1000u;
	text_sanitize(c->spec.path, c->path, sizeof(c->path));
	return 0;
}

int check_run(const struct check_opts *o, FILE *out)
{
	struct check *c = calloc(1, sizeof(*c));
	char leasemsg[600], logerr[300], verdict[600];
	unsigned step;
	int rc;

	if (!c) {
		fprintf(stderr, "netboot-diag: out of memory\n");
		return CHECK_EXIT_CANNOT;
	}
	c->out = out;
	c->o = o;
	c->tgt.deadline_ms = diag_nfs_now_ms() + (uint64_t)o->deadline_s * 1000u;
	if (configure(c, leasemsg, sizeof(leasemsg)) != 0) {
		free(c);
		return CHECK_EXIT_USAGE;
	}
	if (c->http) {
		rc = httpcheck_run(o, out, &c->cl, c->have_lease ? &c->ls : NULL, leasemsg,
				   c->tgt.deadline_ms);
		free(c);
		return rc;
	}
	fprintf(out, "netboot-diag %s: checking %s:%s (server %s, path %s), boot=%s%s\n",
		NETBOOT_VERSION, c->spec.server, c->path,
		c->spec.server_from ? c->spec.server_from : "?",
		c->spec.path_from ? c->spec.path_from : "?", c->boot,
		c->cl.boot == CMDLINE_BOOT_NONE ? " (no boot= on the command line: assumed)" : "");
	if (o->nfsroot == NULL && c->cl.method != CMDLINE_METHOD_NFS)
		fprintf(out, "note: no netboot=nfs on the kernel command line: netboot did not run\n");
	if (leasemsg[0])
		fprintf(out, "lease: %s\n", leasemsg);
	if (probe_log_last_error(o->rundir, logerr, sizeof(logerr)) == 0)
		fprintf(out, "netboot.log: last error: %s\n", logerr);

	for (step = 1; step <= CHECK_STEPS; step++) {
		if (c->stop) {
			line(c, step, "SKIP", "(needs step %u)", c->first_step ? c->first_step : step - 1);
			continue;
		}
		if (!left_ms(c)) {
			line(c, step, "SKIP", "(the run's deadline of %u s passed)",
			     o->deadline_s);
			c->cannot = true;
			continue;
		}
		switch (step) {
		case 1: check_network(c); break;
		case 2: check_server(c); break;
		case 3: check_exports(c); break;
		case 4: check_mount(c); break;
		case 5: check_media(c); break;
		case 6: check_squashfs(c); break;
		case 7: check_disk(c); break;
		}
	}
	diag_nfs_close(c->mnt);
	if (c->cannot && !c->n_fail)
		fprintf(out, "verdict: not every check ran: the run's deadline of %u s passed (a server that answers slowly, or without end); run again with a larger --deadline\n",
			o->deadline_s);
	else if (explain_verdict(c->n_fail ? c->first_kind : DIAG_OK, c->first_step,
			    step_name[c->first_step], c->n_warn, verdict,
			    sizeof(verdict)) == 0)
		fprintf(out, "%s\n", verdict);
	rc = c->cannot ? CHECK_EXIT_CANNOT : c->n_fail ? CHECK_EXIT_PROBLEM : CHECK_EXIT_OK;
	free(c);
	return rc;
}
