/*
 * nfs.c - the libnfs edge of netboot-diag (see nfs.h).
 *
 * The export list, the mount and folder listings run asynchronously under
 * our own poll() loop with a deadline: libnfs 4.0's synchronous calls have
 * no connect timeout, mount_getexports() none at all, and its opendir()
 * asks for more as long as the server says the listing is not finished
 * (READDIRPLUS eof false), keeping every entry in memory until the end.
 * A listing therefore also stops when the server has sent
 * DIAG_NFS_LIST_BYTES on the connection (TCP_INFO's bytes_received, Linux
 * 4.1+; older kernels get the deadline only).  After the mount, the other
 * synchronous calls are bounded by nfs_set_timeout(), set before each one
 * to what is left of the call's and the run's deadline.  Strings from the
 * server (export names, folder entries) are copied with explicit bounds;
 * sanitizing them for the console is the caller's (text_sanitize).
 * Leaves explaining errors to explain.c; prints nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include <linux/tcp.h> /* struct tcp_info with tcpi_bytes_received */

#include <nfsc/libnfs.h>
#include <nfsc/libnfs-raw.h>
#include <nfsc/libnfs-raw-mount.h>

#include "nfs.h"

/*
 * libnfs maps NFSv4 owner names ("root@domain") with getpwnam().  In a
 * static glibc binary that call dlopen()s the NSS modules named in
 * /etc/nsswitch.conf: absent in an initrd, and on a host they are built for
 * another libc and crash (seen: libnss_systemd).  netboot-diag needs sizes
 * and modes, not owners: this getpwnam() knows no one, and the linker takes
 * it instead of libc.a's.
 */
struct passwd *getpwnam(const char *name)
{
	(void)name;
	errno = ENOENT;
	return NULL;
}

struct diag_nfs {
	struct nfs_context *nfs; /* NULL after a stopped listing: mount again */
	struct diag_nfs_target t;
	int version;
};

struct wait {
	int done;
	int status;
	char err[DIAG_NFS_ERR_MAX];
	struct diag_nfs_exports *exports; /* exports only */
	struct nfsdir *dir;               /* listings only */
};

uint64_t diag_nfs_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void copy_err(char *dst, size_t dstsz, const char *src)
{
	if (!dstsz)
		return;
	snprintf(dst, dstsz, "%s", src && *src ? src : "unknown error");
}

/* libnfs's status and words to one errno from nfs.h's list. */
static int classify(int status, const char *msg)
{
	const char *m = msg ? msg : "";

	if (strstr(m, "refused") || status == -ECONNREFUSED)
		return -ECONNREFUSED;
	if (strstr(m, "timed out") || strstr(m, "imeout") || status == -ETIMEDOUT)
		return -ETIMEDOUT;
	if (status == -EACCES || status == -EPERM || strstr(m, "ACCES") ||
	    strstr(m, "PERM") || strstr(m, "ermission"))
		return -EACCES;
	if (status == -ENOENT || strstr(m, "NOENT") || strstr(m, "No such"))
		return -ENOENT;
	if (strstr(m, "PROG_MISMATCH") || strstr(m, "PROG_UNAVAIL") ||
	    strstr(m, "MINOR_VERS_MISMATCH") || status == -EPROTONOSUPPORT)
		return -EPROTONOSUPPORT;
	return -EIO;
}

/* The end of one call: timeout_ms from now, never past the run's end. */
static uint64_t call_deadline(const struct diag_nfs_target *t)
{
	uint64_t d = diag_nfs_now_ms() + t->timeout_ms;

	return t->deadline_ms && t->deadline_ms < d ? t->deadline_ms : d;
}

/* Bytes the peer has sent on the TCP socket fd, or -1 when the kernel does
 * not say (not TCP, or older than Linux 4.1). */
static int64_t bytes_received(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	if (fd < 0 || getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0 ||
	    len < offsetof(struct tcp_info, tcpi_bytes_received) +
		  sizeof(ti.tcpi_bytes_received))
		return -1;
	return (int64_t)(ti.tcpi_bytes_received & INT64_MAX);
}

/* Run fd/which/service until w->done, the deadline (absolute, ms), or,
 * when max_bytes > 0, max_bytes received from the server.  0 or
 * -ETIMEDOUT / -EFBIG / -EIO (w->err set). */
static int wait_loop(int (*get_fd)(void *), int (*which)(void *),
		     int (*service)(void *, int), const char *(*geterr)(void *),
		     void *ctx, struct wait *w, uint64_t deadline,
		     uint64_t max_bytes)
{
	int64_t base = -1, last = -1, seen = 0; /* bytes, per connection */
	int base_fd = -1;

	while (!w->done) {
		struct pollfd pfd;
		uint64_t now = diag_nfs_now_ms();
		int left, r;

		if (now >= deadline) {
			copy_err(w->err, sizeof(w->err), "no reply before the timeout");
			return -ETIMEDOUT;
		}
		if (max_bytes) {
			int fd = get_fd(ctx);
			int64_t b = bytes_received(fd);

			if (fd != base_fd) { /* another connection: add the last */
				if (base >= 0 && last >= base)
					seen += last - base;
				base_fd = fd;
				base = b;
			}
			last = b;
			if (b >= 0 && base >= 0 && (uint64_t)(seen + b - base) > max_bytes) {
				snprintf(w->err, sizeof(w->err),
					 "the server sent more than %llu bytes",
					 (unsigned long long)max_bytes);
				return -EFBIG;
			}
		}
		left = deadline - now > 100 ? 100 : (int)(deadline - now);
		pfd.fd = get_fd(ctx);
		pfd.events = (short)which(ctx);
		pfd.revents = 0;
		if (pfd.fd < 0)
			r = poll(NULL, 0, left);
		else
			r = poll(&pfd, 1, left);
		if (r < 0 && errno != EINTR) {
			copy_err(w->err, sizeof(w->err), strerror(errno));
			return -EIO;
		}
		if (service(ctx, pfd.fd < 0 ? 0 : pfd.revents) < 0) {
			if (w->done)
				break;
			copy_err(w->err, sizeof(w->err), geterr(ctx));
			return -EIO;
		}
	}
	return 0;
}

/* Adapters: libnfs has one such triple for rpc and one for nfs contexts. */
static int rpc_fd(void *c) { return rpc_get_fd(c); }
static int rpc_ev(void *c) { return rpc_which_events(c); }
static int rpc_sv(void *c, int ev) { return rpc_service(c, ev); }
static const char *rpc_er(void *c) { return rpc_get_error(c); }
static int nfs_fd(void *c) { return nfs_get_fd(c); }
static int nfs_ev(void *c) { return nfs_which_events(c); }
static int nfs_sv(void *c, int ev) { return nfs_service(c, ev); }
static const char *nfs_er(void *c) { return nfs_get_error(c); }

/* ---- exports ----------------------------------------------------------- */

static void export_cb(struct rpc_context *rpc, int status, void *data, void *priv)
{
	struct wait *w = priv;
	struct diag_nfs_exports *ex = w->exports;
	struct exportnode *e;
	size_t guard = 0;

	(void)rpc;
	w->done = 1;
	if (status != RPC_STATUS_SUCCESS) {
		w->status = status == RPC_STATUS_TIMEOUT ? -ETIMEDOUT : -EIO;
		copy_err(w->err, sizeof(w->err),
			 status == RPC_STATUS_ERROR ? data : "export call cancelled");
		return;
	}
	w->status = 0;
	e = data ? *(struct exportnode **)data : NULL;
	for (; e && guard < 100000; e = e->ex_next, guard++) {
		size_t len;

		ex->n_total++;
		if (!e->ex_dir)
			continue;
		len = strnlen(e->ex_dir, DIAG_NFS_NAME_MAX);
		if (len >= DIAG_NFS_NAME_MAX) {
			ex->n_toolong++;
			continue;
		}
		if (ex->n >= DIAG_NFS_EXPORTS_MAX)
			continue;
		memcpy(ex->dir[ex->n], e->ex_dir, len);
		ex->dir[ex->n][len] = '\0';
		ex->n++;
	}
}

static void export_connect_cb(struct rpc_context *rpc, int status, void *data,
			      void *priv)
{
	struct wait *w = priv;

	if (status != RPC_STATUS_SUCCESS) {
		w->done = 1;
		copy_err(w->err, sizeof(w->err),
			 status == RPC_STATUS_ERROR ? data : "connect cancelled");
		w->status = classify(-EIO, w->err);
		return;
	}
	if (rpc_mount3_export_async(rpc, export_cb, w) != 0) {
		w->done = 1;
		w->status = -EIO;
		copy_err(w->err, sizeof(w->err), rpc_get_error(rpc));
	}
}

int diag_nfs_exports(const struct diag_nfs_target *t,
		     struct diag_nfs_exports *out, char *err, size_t errsz)
{
	struct diag_nfs_exports *ex;
	struct rpc_context *rpc;
	struct wait w;
	int r;

	ex = calloc(1, sizeof(*ex));
	rpc = rpc_init_context();
	if (!ex || !rpc) {
		free(ex);
		if (rpc)
			rpc_destroy_context(rpc);
		copy_err(err, errsz, "out of memory");
		return -ENOMEM;
	}
	memset(&w, 0, sizeof(w));
	w.exports = ex;
	if (t->mountport)
		r = rpc_connect_port_async(rpc, t->server, (int)t->mountport,
					   MOUNT_PROGRAM, MOUNT_V3,
					   export_connect_cb, &w);
	else
		r = rpc_connect_program_async(rpc, t->server, MOUNT_PROGRAM,
					      MOUNT_V3, export_connect_cb, &w);
	if (r != 0) {
		copy_err(w.err, sizeof(w.err), rpc_get_error(rpc));
		r = classify(-EIO, w.err);
	} else {
		r = wait_loop(rpc_fd, rpc_ev, rpc_sv, rpc_er, rpc, &w,
			      call_deadline(t), 0);
		if (r == 0)
			r = w.status;
		else if (r == -EIO)
			r = classify(-EIO, w.err);
	}
	rpc_destroy_context(rpc);
	if (r == 0)
		memcpy(out, ex, sizeof(*ex));
	else
		copy_err(err, errsz, w.err);
	free(ex);
	return r;
}

/* ---- mount ------------------------------------------------------------- */

static void mount_cb(int status, struct nfs_context *nfs, void *data, void *priv)
{
	struct wait *w = priv;

	(void)nfs;
	w->done = 1;
	w->status = status;
	if (status < 0)
		copy_err(w->err, sizeof(w->err), data);
}

/* A mounted libnfs context for t and version, or NULL with err set and
 * *rc a negative errno. */
static struct nfs_context *mount_ctx(const struct diag_nfs_target *t,
				     int version, int *rc, char *err,
				     size_t errsz)
{
	struct nfs_context *nfs;
	struct wait w;
	int r;

	nfs = nfs_init_context();
	if (!nfs) {
		copy_err(err, errsz, "out of memory");
		*rc = -ENOMEM;
		return NULL;
	}
	memset(&w, 0, sizeof(w));
	nfs_set_autoreconnect(nfs, 0);
	nfs_set_timeout(nfs, (int)t->timeout_ms);
	if (t->nfsport || t->mountport) {
		/* libnfs 4.0 sets the ports only through URL arguments. */
		char url[DIAG_NFS_NAME_MAX + 128];
		struct nfs_url *u;
		int n = snprintf(url, sizeof(url),
				 "nfs://%s/?nfsport=%u&mountport=%u", t->server,
				 t->nfsport ? t->nfsport : 2049u, t->mountport);

		u = n > 0 && (size_t)n < sizeof(url) ? nfs_parse_url_dir(nfs, url) : NULL;
		if (!u) {
			copy_err(err, errsz, nfs_get_error(nfs));
			nfs_destroy_context(nfs);
			*rc = -EINVAL;
			return NULL;
		}
		nfs_destroy_url(u);
	}
	if (nfs_set_version(nfs, version) != 0) {
		copy_err(err, errsz, nfs_get_error(nfs));
		nfs_destroy_context(nfs);
		*rc = -EPROTONOSUPPORT;
		return NULL;
	}
	if (nfs_mount_async(nfs, t->server, t->path, mount_cb, &w) != 0) {
		copy_err(w.err, sizeof(w.err), nfs_get_error(nfs));
		r = classify(-EIO, w.err);
	} else {
		r = wait_loop(nfs_fd, nfs_ev, nfs_sv, nfs_er, nfs, &w,
			      call_deadline(t), 0);
		if (r == 0 && w.status < 0)
			r = classify(w.status, w.err);
		else if (r == -EIO)
			r = classify(-EIO, w.err);
	}
	if (r != 0) {
		copy_err(err, errsz, w.err);
		nfs_destroy_context(nfs); /* w is still ours: cancels land in it */
		*rc = r;
		return NULL;
	}
	return nfs;
}

int diag_nfs_mount(const struct diag_nfs_target *t, int version,
		   struct diag_nfs **out, char *err, size_t errsz)
{
	struct diag_nfs *d;
	int r = 0;

	if (version != 3 && version != 4) { /* NFS_V3, NFS_V4 */
		copy_err(err, errsz, "unsupported version");
		return -EINVAL;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		copy_err(err, errsz, "out of memory");
		return -ENOMEM;
	}
	d->nfs = mount_ctx(t, version, &r, err, errsz);
	if (!d->nfs) {
		free(d);
		return r;
	}
	d->t = *t;
	d->version = version;
	*out = d;
	return 0;
}

/* Before a synchronous call: mount again after a stopped listing, and
 * bound the call by what is left of its deadline and the run's.  0 or a
 * negative errno. */
static int arm(struct diag_nfs *d)
{
	char err[DIAG_NFS_ERR_MAX];
	uint64_t end = call_deadline(&d->t), now = diag_nfs_now_ms();
	int r = 0;

	if (now >= end)
		return -ETIMEDOUT;
	if (!d->nfs) {
		d->nfs = mount_ctx(&d->t, d->version, &r, err, sizeof(err));
		if (!d->nfs)
			return r;
		now = diag_nfs_now_ms();
		end = call_deadline(&d->t);
		if (now >= end)
			return -ETIMEDOUT;
	}
	nfs_set_timeout(d->nfs, (int)(end - now));
	return 0;
}

void diag_nfs_close(struct diag_nfs *d)
{
	if (!d)
		return;
	if (d->nfs)
		nfs_destroy_context(d->nfs);
	free(d);
}

/* ---- files ------------------------------------------------------------- */

static int abspath(const char *path, char *dst, size_t dstsz)
{
	int n = snprintf(dst, dstsz, "/%s", path[0] == '/' ? path + 1 : path);

	return n < 0 || (size_t)n >= dstsz ? -ENAMETOOLONG : 0;
}

static int fix(int r)
{
	return r == -EPERM ? -EACCES : r;
}

int diag_nfs_stat(struct diag_nfs *d, const char *path, struct diag_nfs_stat *st)
{
	struct nfs_stat_64 s;
	char p[1100];
	int r;

	if ((r = abspath(path, p, sizeof(p))) != 0 || (r = arm(d)) != 0)
		return r;
	r = nfs_stat64(d->nfs, p, &s);
	if (r < 0)
		return fix(r);
	st->size = s.nfs_size;
	st->is_dir = S_ISDIR(s.nfs_mode);
	st->is_reg = S_ISREG(s.nfs_mode);
	return 0;
}

int diag_nfs_read(struct diag_nfs *d, const char *path, uint64_t off,
		  uint8_t *buf, size_t len, size_t *got)
{
	struct nfsfh *fh = NULL;
	char p[1100];
	size_t have = 0;
	int r;

	if ((r = abspath(path, p, sizeof(p))) != 0 || (r = arm(d)) != 0)
		return r;
	r = nfs_open(d->nfs, p, O_RDONLY, &fh);
	if (r < 0)
		return fix(r);
	while (have < len) {
		if ((r = arm(d)) != 0)
			break;
		r = nfs_pread(d->nfs, fh, off + have, len - have, buf + have);
		if (r < 0)
			break;
		if (r == 0 || (size_t)r > len - have)
			break; /* end of file (or a reply longer than asked) */
		have += (size_t)r;
	}
	nfs_close(d->nfs, fh);
	if (r < 0)
		return fix(r);
	*got = have;
	return 0;
}

static void opendir_cb(int status, struct nfs_context *nfs, void *data,
		       void *priv)
{
	struct wait *w = priv;

	(void)nfs;
	w->done = 1;
	w->status = status;
	if (status < 0)
		copy_err(w->err, sizeof(w->err), data);
	else
		w->dir = data;
}

int diag_nfs_list(struct diag_nfs *d, const char *path, size_t max,
		  int (*fn)(const char *name, bool is_dir, void *arg), void *arg)
{
	struct nfsdirent *e;
	struct wait w;
	char p[1100];
	size_t seen = 0;
	int r;

	if ((r = abspath(path, p, sizeof(p))) != 0 || (r = arm(d)) != 0)
		return r;
	memset(&w, 0, sizeof(w));
	if (nfs_opendir_async(d->nfs, p, opendir_cb, &w) != 0)
		return -EIO;
	r = wait_loop(nfs_fd, nfs_ev, nfs_sv, nfs_er, d->nfs, &w,
		      call_deadline(&d->t), DIAG_NFS_LIST_BYTES);
	if (r == -ETIMEDOUT || r == -EFBIG || r == -EIO) {
		/* The listing may still be under way inside libnfs, its
		 * callback pointing at w: end it here, mount again later. */
		nfs_destroy_context(d->nfs);
		d->nfs = NULL;
		return r;
	}
	if (w.status < 0)
		return fix(classify(w.status, w.err));
	while (seen < max && (e = nfs_readdir(d->nfs, w.dir)) != NULL) {
		if (!e->name || !strcmp(e->name, ".") || !strcmp(e->name, ".."))
			continue;
		seen++;
		if (strnlen(e->name, DIAG_NFS_NAME_MAX) >= DIAG_NFS_NAME_MAX)
			continue;
		if (fn(e->name, (e->mode & S_IFMT) == S_IFDIR, arg))
			break;
	}
	nfs_closedir(d->nfs, w.dir);
	return 0;
}
