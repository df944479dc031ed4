/*
 * fetch-iso.c - netboot=http with a URL naming an ISO (casper's own form,
 * netboot=url url=...iso): instead of the whole ISO, read its directories
 * with range requests (core/iso9660.c decodes them, every byte hostile),
 * find the live image (casper/ or live/, or live-media-path=), its entry
 * in the ISO's own checksum list (SHA256SUMS, sha256sum.txt, md5sum.txt)
 * and the .disk/ files casper reads, then let fetch.c fetch the image's
 * bytes alone as a bounded range of the ISO.
 *
 * Reads go through a 32 KiB window: a directory walk asks for 2 KiB
 * sectors one by one, mostly neighbours.  What the ISO cannot give this
 * way (a server without ranges, a layered casper set, an image in several
 * extents) is said, and the URL gives way to the next one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "fetch-int.h"
#include "file.h"
#include "iso9660.h"
#include "livecheck.h"
#include "log.h"
#include "phase.h"
#include "tcp.h"
#include "text.h"

#define WINDOW      32768u        /* bytes one range read brings */
#define LIST_MAX    (1u << 20)    /* a checksum list read out of the ISO */
#define SMALL_MAX   4096u         /* a .disk/ file */
#define DISK_FILES  16u           /* .disk/ files brought along */
#define READ_TRIES  3

struct window {
	uint64_t off;
	size_t len; /* 0 = empty */
	uint8_t buf[WINDOW];
};

static struct window win;

/* Bytes [off, off + len) of the ISO with one range request, into buf.
 * 0 or -errno, f->why set. */
static int range_get(struct fetch *f, uint64_t off, uint8_t *buf, size_t len)
{
	for (int t = 0; t < READ_TRIES; t++) {
		struct http_resp r;
		size_t extra, have;
		enum outcome o = fx_exchange(f, "GET", off, off + len - 1, &r, &extra);

		if (o == DONE && r.status == 206 && r.has_range && r.range_first == off &&
		    r.range_last == off + len - 1 && r.has_length && r.length == len) {
			have = extra < len ? extra : len;
			memcpy(buf, f->head + r.head_len, have);
			while (have < len) {
				long n = tcp_recv(f->cn.fd, buf + have, len - have,
						  fx_wait_ms(f, FETCH_STALL_MS));

				if (n <= 0)
					break;
				have += (size_t)n;
			}
			if (have == len) {
				if (r.close || extra > len)
					fx_conn_close(f);
				return 0;
			}
			fx_conn_close(f);
			snprintf(f->why, sizeof(f->why), "the connection dropped while reading the ISO");
			continue;
		}
		if (o == DONE) {
			fx_conn_close(f);
			if (r.status == 200) {
				snprintf(f->why, sizeof(f->why),
					 "the server does not answer range requests (it sent the whole ISO)");
				f->no_ranges = true;
				return -EOPNOTSUPP;
			}
			snprintf(f->why, sizeof(f->why), "HTTP %u for bytes %llu-%llu of the ISO",
				 r.status, (unsigned long long)off,
				 (unsigned long long)(off + len - 1));
			if (r.status < 500)
				return -EIO;
		} else if (o != RETRY) {
			return -EIO;
		}
		clock_sleep_ms(fx_wait_ms(f, 500u << t));
	}
	return -EIO;
}

/* iso_io's read: through the window when it fits in one. */
static int iso_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct fetch *f = ctx;
	uint64_t start;
	int e;

	if (len == 0)
		return 0;
	if (win.len && off >= win.off && off + len <= win.off + win.len) {
		memcpy(buf, win.buf + (off - win.off), len);
		return 0;
	}
	start = off - off % WINDOW;
	if (off + len > start + WINDOW)
		return range_get(f, off, buf, len);
	win.len = 0;
	win.off = start;
	e = range_get(f, start,  win.buf,
		      f->res_size - start < WINDOW ? (size_t)(f->res_size - start) : WINDOW);
	if (e)
		return e;
	win.len = f->res_size - start < WINDOW ? (size_t)(f->res_size - start) : WINDOW;
	if (off + len > win.off + win.len)
		return -EBADMSG;
	memcpy(buf, win.buf + (off - win.off), len);
	return 0;
}

/* A whole small file of the ISO into buf (cap bytes).  Its length or
 * -errno (-EFBIG when larger than cap). */
static long iso_file(const struct iso_io *io, const struct iso_entry *e, uint8_t *buf,
		     size_t cap)
{
	size_t have = 0;

	if (e->type != ISO_REG)
		return -EINVAL;
	if (e->size > cap)
		return -EFBIG;
	for (unsigned i = 0; i < e->n_ext; i++) {
		size_t n = e->ext[i].len;
		int r;

		if (n > cap - have)
			return -EBADMSG;
		r = io->read(io->ctx, (uint64_t)e->ext[i].lba * ISO_SECTOR, buf + have, n);
		if (r)
			return r;
		have += n;
	}
	return (long)have;
}

struct disk_list {
	char name[DISK_FILES][ISO_NAME_MAX + 1];
	struct iso_entry e[DISK_FILES];
	unsigned n;
};

static int disk_entry(void *arg, const struct iso_entry *e)
{
	struct disk_list *d = arg;

	if (e->type != ISO_REG || d->n >= DISK_FILES)
		return 0;
	if (strcmp(e->name, "info") && strncmp(e->name, "casper-uuid", 11))
		return 0;
	d->e[d->n] = *e;
	memcpy(d->name[d->n], e->name, strlen(e->name) + 1);
	d->n++;
	return 0;
}

/* The checksum list entry for rel, from the first list the ISO has. */
static void find_list(struct fetch *f, const struct iso_io *io, const struct iso_vol *v,
		      const char *rel)
{
	static const struct {
		const char *path;
		enum sums_algo algo;
	} lists[] = {
		{ "/SHA256SUMS", SUMS_SHA256 },
		{ "/sha256sum.txt", SUMS_SHA256 },
		{ "/md5sum.txt", SUMS_MD5 },
	};
	static uint8_t buf[LIST_MAX];
	static struct iso_entry e;

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		const char *why = NULL;
		long n;
		int r;

		if (iso_lookup(io, v, lists[i].path, &e))
			continue;
		n = iso_file(io, &e, buf, sizeof(buf));
		if (n < 0) {
			log_info("warning: the ISO's %s cannot be read (%s): not used", lists[i].path,
				 n == -EFBIG ? "larger than 1 MiB" : strerror((int)-n));
			continue;
		}
		r = sums_find((const char *)buf, (size_t)n, rel, lists[i].algo, f->list_digest,
			      sizeof(f->list_digest), &why);
		if (r == -ENOENT)
			continue;
		if (r) {
			log_info("warning: the ISO's %s: %s for %s: not used", lists[i].path,
				 why ? why : "malformed", rel);
			continue;
		}
		f->has_list = true;
		f->list_algo = lists[i].algo;
		snprintf(f->list_name, sizeof(f->list_name), "the ISO's %s", lists[i].path);
		md5_init(&f->md5);
		log_info("the ISO's %s lists %s: it is checked after the download", lists[i].path,
			 rel);
		return;
	}
	log_info("the ISO has no checksum list naming %s (SHA256SUMS, sha256sum.txt, md5sum.txt)",
		 rel);
}

/* .disk/ files read out of the ISO, written once the image is in. */
static struct held {
	char name[ISO_NAME_MAX + 1];
	uint8_t data[SMALL_MAX];
	size_t len;
} held[DISK_FILES + 1];
static unsigned nheld;

static void hold(const char *name, const void *data, size_t len)
{
	if (nheld > DISK_FILES || len > SMALL_MAX)
		return;
	snprintf(held[nheld].name, sizeof(held[nheld].name), "%s", name);
	memcpy(held[nheld].data, data, len);
	held[nheld].len = len;
	nheld++;
}

int fetch_iso_disk_write(const char *dir)
{
	char path[1200];

	for (unsigned i = 0; i < nheld; i++) {
		int e;

		snprintf(path, sizeof(path), "%.900s/.disk/%.255s", dir, held[i].name);
		e = file_write_atomic(path, held[i].data, held[i].len, 0444, 1);
		if (e) {
			log_error("unable to write %s: %s", path, strerror(-e));
			return NETBOOT_EXIT_TRANSIENT;
		}
	}
	return NETBOOT_EXIT_OK;
}

/* .disk/info and .disk/casper-uuid* read out of the ISO (held for
 * fetch_iso_disk_write(): nothing is written for an image that may not
 * come), and casper's uuid check.  0, or an exit code (logged). */
static int bring_disk(struct fetch *f, const struct iso_io *io, const struct iso_vol *v)
{
	static struct disk_list d;
	static uint8_t buf[SMALL_MAX];
	static char conf[LIVECHECK_UUID_MAX + 1];
	static struct iso_entry de;
	char sname[4 * LIVECHECK_UUID_MAX + 1];
	size_t clen = 0;
	bool info = false, check, match = false;
	unsigned nuuid = 0;

	memset(&d, 0, sizeof(d));
	nheld = 0;
	if (!iso_lookup(io, v, "/.disk", &de) && de.type == ISO_DIR && de.n_ext == 1)
		iso_dir_each(io, v, &de.ext[0], disk_entry, NULL, &d);
	check = f->c->boot == CMDLINE_BOOT_CASPER && !f->c->ignore_uuid &&
		!file_read_all("/conf/uuid.conf", conf, sizeof(conf) - 1, &clen);
	for (unsigned i = 0; i < d.n; i++) {
		long n = iso_file(io, &d.e[i], buf, sizeof(buf));

		text_sanitize(d.name[i], sname, sizeof(sname));
		if (n < 0) {
			log_info("warning: the ISO's .disk/%s cannot be read: %s", sname,
				 n == -EFBIG ? "too large" : strerror((int)-n));
			continue;
		}
		hold(d.name[i], buf, (size_t)n);
		if (!strcmp(d.name[i], "info")) {
			info = true;
			continue;
		}
		nuuid++;
		if (check && livecheck_uuid_match(conf, clen, (const char *)buf, (size_t)n))
			match = true;
	}
	if (!info) {
		char text[HTTP_HOST_MAX + HTTP_PATH_MAX + 64];
		int n = snprintf(text, sizeof(text), "netboot HTTP image http://%s:%u%s\n",
				 f->u.host, f->u.port, f->u.path);

		hold("info", text, n > 0 && (size_t)n < sizeof(text) ? (size_t)n : 0);
		f->iso_info_made = true;
		log_info("warning: the ISO has no .disk/info: netboot writes one so casper does not stop at \"Please provide a name for this Disc\"");
	}
	if (check && !match) {
		conf[livecheck_uuid_len(conf, clen)] = '\0';
		text_sanitize(conf, sname, sizeof(sname));
		log_error("casper will reject this image: the initrd's /conf/uuid.conf (%s) %s; boot with ignore_uuid, or use the initrd from the same ISO",
			  sname, nuuid ? "matches none of the ISO's .disk/casper-uuid* files" :
					 "cannot be checked: the ISO has no .disk/casper-uuid* file");
		return NETBOOT_EXIT_CONFIG;
	}
	return NETBOOT_EXIT_OK;
}

enum outcome fetch_iso(struct fetch *f, char *image, size_t imagesz)
{
	static struct iso_entry e;
	struct iso_io io;
	struct iso_vol v;
	const char *mp;
	char path[CMDLINE_PATH_MAX + 32], a[24], b[24];
	enum outcome o;
	int r;

	f->part = true; /* the HEAD's length is the ISO's, not the file's */
	win.len = 0;
	o = fx_probe(f);
	if (o == RETRY) /* the URL's own retries are fetch_one's; once more */
		o = fx_probe(f);
	if (o != DONE)
		return o == RETRY ? NEXT_URL : o;
	if (!f->res_size) {
		snprintf(f->why, sizeof(f->why),
			 "the server does not say the ISO's size (no Content-Length): its directories cannot be read");
		return NEXT_URL;
	}
	io.read = iso_read;
	io.ctx = f;
	io.size = f->res_size;
	f->why[0] = '\0';
	r = iso_open(&io, &v);
	if (r && f->no_ranges) {
		f->iso_whole = true; /* ranges are what failed, not the ISO */
		return NEXT_URL;
	}
	if (r) {
		if (!f->why[0]) /* else the read said it */
			snprintf(f->why, sizeof(f->why), "not an ISO 9660 image netboot can read (%s)",
				 r == -EBADMSG ? "no primary volume descriptor" : "block size not 2048");
		return NEXT_URL;
	}
	mp = f->c->media_path[0] ? f->c->media_path :
	     f->c->boot == CMDLINE_BOOT_LIVE ? "live" : "casper";
	while (*mp == '/')
		mp++;
	if (f->c->layerfs_path[0]) {
		snprintf(f->why, sizeof(f->why),
			 "layerfs-path= asks for casper's layered images, which need the ISO's whole casper folder");
		f->iso_whole = true;
		return NEXT_URL;
	}
	snprintf(path, sizeof(path), "/%s/filesystem.squashfs", mp);
	r = iso_lookup(&io, &v, path, &e);
	if (r == -ENOENT) {
		snprintf(path, sizeof(path), "/%s/minimal.squashfs", mp);
		if (!iso_lookup(&io, &v, path, &e)) {
			snprintf(f->why, sizeof(f->why),
				 "this ISO holds casper's layered images (/%s/minimal*.squashfs), not one image",
				 mp);
			f->iso_whole = true;
			return NEXT_URL;
		}
		f->rc = NETBOOT_EXIT_CONFIG;
			snprintf(f->why, sizeof(f->why),
				 "the ISO (volume \"%s\") has no /%s/filesystem.squashfs: not a %s live ISO? (live-media-path= names another folder)",
				 v.volume_id, mp, f->c->boot == CMDLINE_BOOT_LIVE ? "live-boot" : "casper");
		return NEXT_URL;
	}
	if (r) {
		if (f->why[0] == '\0')
			snprintf(f->why, sizeof(f->why), "the ISO's directories: %s",
				 r == -EBADMSG ? "malformed" : strerror(-r));
		return NEXT_URL;
	}
	if (e.type == ISO_REG && e.n_ext > 1) {
		snprintf(f->why, sizeof(f->why), "%s is in %u extents (over 4 GiB)", path, e.n_ext);
		f->iso_whole = true;
		return NEXT_URL;
	}
	if (e.type != ISO_REG || e.size == 0) {
		f->rc = NETBOOT_EXIT_CONFIG;
		snprintf(f->why, sizeof(f->why), "%s in the ISO is %s", path,
			 e.type != ISO_REG ? "not a plain file" : "empty");
		return NEXT_URL;
	}
	snprintf(image, imagesz, "%s/filesystem.squashfs", mp);
	log_info("the ISO (volume \"%s\", %s MiB) holds %s: %s MiB at byte %llu",
		 v.volume_id, fx_tenths(a, f->res_size, 1024u * 1024u), path,
		 fx_tenths(b, e.size, 1024u * 1024u),
		 (unsigned long long)e.ext[0].lba * ISO_SECTOR);
	find_list(f, &io, &v, image);
	r = bring_disk(f, &io, &v);
	if (r) {
		f->rc = r;
		f->why[0] = '\0'; /* said */
		return FATAL;
	}
	fx_conn_close(f);
	f->base = (uint64_t)e.ext[0].lba * ISO_SECTOR;
	f->size = e.size;
	f->probed = true;
	f->from_iso = true;
	return DONE;
}
