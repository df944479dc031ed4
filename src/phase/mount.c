/*
 * mount.c - the mount phase: from a lease to a checked live medium.  Mount
 * the NFS export (the transport mount, always ro,nosuid,nodev), negotiate
 * the version, retry transient failures with backoff inside the budget,
 * then find the live filesystem image, check its squashfs superblock
 * before anything loop-mounts it, and check .disk/ the way casper will.
 * `netboot mount` runs this phase alone; premount.c runs it between the
 * net phase and the hand-over.
 *
 * Every look at the export after the mount runs in a child killed at a
 * deadline (mnt_call_timed(), MOUNT_IO_MS): the mount is hard, so a server
 * that stops answering would otherwise block a read forever.  The child
 * only reads; this process decides and logs.  What is read must be a
 * regular file (file_open_regular()): a symlink is followed for the
 * squashfs images only, as casper's and live-boot's loop mount follow it,
 * never into a device or a FIFO; .disk/ files are regular on every live
 * medium, so a symlink there is refused (O_NOFOLLOW).
 *
 * What to mount, where the image is, what the bytes mean and how casper
 * compares uuids are decided in core/nfsspec.c, core/squash.c and
 * core/livecheck.c; this file calls the edges (src/sys/) and tells the
 * person at the console what happened.  Names read from the export reach
 * the console through text_sanitize().
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "dir.h"
#include "file.h"
#include "livecheck.h"
#include "log.h"
#include "mnt.h"
#include "mount.h"
#include "net.h"
#include "nfsspec.h"
#include "phase.h"
#include "probe.h"
#include "resolve.h"
#include "runconf.h"
#include "squash.h"
#include "text.h"

#ifndef EBADFD
#define EBADFD 77
#endif

/* The most one read or listing of the export may take after the mount
 * before netboot gives up on the server (a healthy one answers in ms). */
#define MOUNT_IO_MS 15000u
/* casper-uuid* files looked at, at most (an ISO has one or two). */
#define MOUNT_UUID_FILES 16

/* What the checks below look at, for messages: "the export", or "the
 * ISO" when netboot=http fetched a whole ISO (mount_set_medium()). */
static const char *where = "the export";

void mount_set_medium(const char *name)
{
	where = name;
}

/* The export mounted by mount_export(), for messages ("" until then). */
static char mount_src[CMDLINE_HOST_MAX + CMDLINE_PATH_MAX + 8];
/* Its options as the kernel shows them (or as netboot asked for them). */
static char mount_opts_used[NFSSPEC_DATA_MAX];

/* One mount attempt may take what is left of the budget, at most
 * MOUNT_ATTEMPT_MAX_MS, at least MOUNT_ATTEMPT_MIN_MS. */
#define MOUNT_ATTEMPT_MAX_MS 30000u
#define MOUNT_ATTEMPT_MIN_MS 2000u
/* A first NFS 3 try, chosen by the portmapper's answer, gets at most this
 * long: a v3 mount takes well under a second, and a MOUNT port that a
 * firewall drops (111 and 2049 open, mountd not) must not hold the boot
 * for MOUNT_ATTEMPT_MAX_MS before NFS 4 is tried. */
#define MOUNT_V3_FIRST_MS 3000u

static unsigned attempt_ms(uint64_t t0, uint64_t budget)
{
	uint64_t used = clock_ms() - t0;
	uint64_t left = used < budget ? budget - used : 0;

	if (left > MOUNT_ATTEMPT_MAX_MS)
		left = MOUNT_ATTEMPT_MAX_MS;
	return left < MOUNT_ATTEMPT_MIN_MS ? MOUNT_ATTEMPT_MIN_MS : (unsigned)left;
}

/* The options of the mount at dir from /proc/self/mounts (no NFS round
 * trip: the kernel's own table), else those netboot passed. */
static void used_opts(const char *dir, const char *asked)
{
	static char buf[65536];
	size_t len;

	if (file_read_all("/proc/self/mounts", buf, sizeof(buf), &len) ||
	    nfsspec_mounted_opts(buf, len, dir, mount_opts_used, sizeof(mount_opts_used)))
		snprintf(mount_opts_used, sizeof(mount_opts_used), "%s", asked);
}

const char *mount_options(void)
{
	return mount_opts_used;
}

/* A server given as a host name, looked up through the lease's DNS
 * servers before deadline_ms.  An exit code; logs once. */
static int find_server(const struct lease *l, struct nfsspec *spec, uint64_t deadline_ms)
{
	char why[300], ip[TEXT_IPV4_SIZE];
	uint32_t a = 0;
	int e;

	e = resolve_name(spec->host, l ? l->dns : NULL, l ? l->n_dns : 0, deadline_ms, &a,
			 why, sizeof(why));
	switch (e) {
	case 0:
		break;
	case -ENOENT:
		log_error("unable to find the NFS server \"%s\": %s; check the name, or give nfsroot= the server's IP address",
			  spec->host, why);
		return NETBOOT_EXIT_CONFIG;
	case -EHOSTUNREACH:
		log_error("unable to find the NFS server \"%s\": %s; give nfsroot= the server's IP address, or have DHCP hand out a DNS server",
			  spec->host, why);
		return NETBOOT_EXIT_CONFIG;
	default:
		log_error("unable to find the NFS server \"%s\": %s; netboot.mount-timeout= and netboot.timeout= set the budget",
			  spec->host, why);
		return NETBOOT_EXIT_TRANSIENT;
	}
	if (nfsspec_set_addr(spec, a)) {
		log_error("unable to use the NFS server \"%s\": DNS says it is %s, which is this machine or no host; fix the DNS record or give nfsroot= the IP address",
			  spec->host, text_ipv4(a, ip));
		return NETBOOT_EXIT_CONFIG;
	}
	return NETBOOT_EXIT_OK;
}

int mount_export(const struct cmdline *c, const struct lease *l, const char *dir,
	       struct nfsspec *spec, unsigned *vers_used)
{
	char dev[CMDLINE_HOST_MAX + CMDLINE_PATH_MAX + 8];
	static char opts[NFSSPEC_DATA_MAX];
	char why[512];
	const char *reason = NULL;
	/* netboot.mount-timeout=, cut to what is left of netboot.timeout= */
	uint64_t t0 = clock_ms(), budget = phase_budget_ms(c, c->mount_timeout, t0);
	unsigned vers, attempt = 0, tried = 0;
	unsigned long flags;
	int e;

	e = nfsspec_resolve(c, l, spec, &reason);
	if (e) {
		log_error("unable to work out what to mount: %s", reason ? reason : strerror(-e));
		return e == -ENOENT || e == -EINVAL || e == -ENAMETOOLONG ?
			       NETBOOT_EXIT_CONFIG : NETBOOT_EXIT_TRANSIENT;
	}
	if (spec->host[0]) {
		e = find_server(l, spec, t0 + budget);
		if (e)
			return e;
	}
	if (nfsspec_render_dev(spec, dev, sizeof(dev))) {
		log_error("unable to mount: the export name is too long");
		return NETBOOT_EXIT_CONFIG;
	}
	log_info("NFS export %s (server %s%s%s, path %s)", dev,
		 spec->host[0] ? spec->host : "", spec->host[0] ? " " : "",
		 spec->server_from, spec->path_from);
	snprintf(mount_src, sizeof(mount_src), "%s", dev);
	e = file_mkdirs(dir, 0755);
	if (e) {
		log_error("unable to create %s: %s", dir, strerror(-e));
		return NETBOOT_EXIT_TRANSIENT;
	}
	probe_nfs3(spec, t0 + budget);
	vers = nfsspec_vers_first(spec);
	while (vers) {
		unsigned delay;

		if (nfsspec_render_opts(spec, vers, opts, sizeof(opts), &flags)) {
			log_error("unable to mount %s: the mount options are too long", dev);
			return NETBOOT_EXIT_CONFIG;
		}
		log_debug("mount -t nfs -o %s %s %s", opts, dev, dir);
		e = mnt_nfs_timed(dev, dir, flags, opts,
				  spec->v3_first && vers == NFSSPEC_V3 &&
						  attempt_ms(t0, budget) > MOUNT_V3_FIRST_MS ?
					  MOUNT_V3_FIRST_MS : attempt_ms(t0, budget));
		tried |= vers;
		if (!e) {
			*vers_used = vers;
			used_opts(dir, opts);
			log_info("mounted %s on %s (NFS %s, read-only, nosuid, nodev) after %lu ms",
				 dev, dir, nfsspec_vers_name(vers),
				 (unsigned long)(clock_ms() - t0));
			return NETBOOT_EXIT_OK;
		}
		if (nfsspec_explain(spec, vers, e, why, sizeof(why)))
			snprintf(why, sizeof(why), "%s", strerror(-e));
		if (spec->v3_first && vers == NFSSPEC_V3) {
			/* the portmapper's one quick try is over */
			nfsspec_v3_failed(spec);
			if (spec->vers_mask & NFSSPEC_V4_ANY) {
				log_debug("NFS 3: %s", why);
				if (e == -ETIMEDOUT)
					log_info("mount %s (NFS 3, listed by the server's portmapper): no answer in %u s; trying NFS 4",
						 dev, MOUNT_V3_FIRST_MS / 1000);
				else
					log_info("mount %s (NFS 3, listed by the server's portmapper): %s; trying NFS 4",
						 dev, strerror(-e));
				vers = nfsspec_vers_first(spec);
				continue;
			}
		}
		switch (nfsspec_classify(e)) {
		case NFSSPEC_NEXT_VERSION:
			log_debug("NFS %s: %s", nfsspec_vers_name(vers), why);
			vers = nfsspec_vers_next(spec, vers);
			if (!vers) {
				log_error("unable to mount %s on %s: the server speaks none of the NFS versions tried: %s",
					  dev, dir, why);
				return NETBOOT_EXIT_CONFIG;
			}
			continue;
		case NFSSPEC_PERMANENT:
			log_error("unable to mount %s on %s: %s", dev, dir, why);
			return NETBOOT_EXIT_CONFIG;
		case NFSSPEC_TRANSIENT:
			break;
		}
		if (nfsspec_backoff_next(attempt++, clock_random(), clock_ms() - t0,
					 budget, &delay)) {
			log_error("unable to mount %s on %s: %s (gave up after %lu s; netboot.mount-timeout= and netboot.timeout= set the budget)",
				  dev, dir, why, (unsigned long)(budget / 1000));
			return NETBOOT_EXIT_TRANSIENT;
		}
		log_info("mount %s (NFS %s): %s; retry %u in %u ms", dev,
			 nfsspec_vers_name(vers), why, attempt, delay);
		clock_sleep_ms(delay);
	}
	log_error("unable to mount %s: no NFS version left to try", dev);
	return NETBOOT_EXIT_CONFIG;
}

/* What went wrong reading a file of the export, for the console. */
static const char *read_why(int e)
{
	switch (e) {
	case -EBADFD:
		return "not a regular file (a FIFO, a device node or a socket, or a symbolic link to one): netboot does not open it, and casper or live-boot would block on it";
	case -ELOOP:
		return "a symbolic link, which is not followed here (live media have regular files there)";
	case -EISDIR:
		return "a directory, not a file";
	default:
		return strerror(-e);
	}
}

/* The server went silent (the child was killed at the deadline) or the
 * child died.  what is already sanitized. */
static void log_stalled(int e, const char *what, const char *media)
{
	if (e == -ETIMEDOUT)
		log_error("the NFS server stopped answering while reading %s on %s: no answer in %u s (the mount is hard, so netboot gives up instead of waiting forever); check the server and its network",
			  what, mount_src[0] ? mount_src : media, MOUNT_IO_MS / 1000);
	else
		log_error("unable to read %s on %s: the reading process died (%s)", what,
			  mount_src[0] ? mount_src : media, strerror(-e));
}

static bool stalled(int e)
{
	return e == -ETIMEDOUT || e == -ECHILD;
}

/* The compressors this kernel's squashfs reads, from the config the hook
 * copied into the initrd (or the host's /boot).  0 = unknown.  Read once:
 * every candidate image and layer asks.  One bound with netboot-diag
 * (SQUASH_CONFIG_MAX); a larger config is said, not silently skipped. */
uint32_t mount_kernel_comp_mask(void)
{
	static char buf[SQUASH_CONFIG_MAX + 1];
	static bool done;
	static uint32_t mask;
	char path[300], rel[200];
	size_t len;
	int e;

	if (done)
		return mask;
	done = true;
	if (mnt_kernel_release(rel, sizeof(rel)))
		return 0;
	snprintf(path, sizeof(path), "/boot/config-%s", rel);
	e = file_read_all(path, buf, sizeof(buf), &len);
	if (e == -EFBIG)
		log_info("warning: %s is larger than %u bytes: the squashfs compressor is not checked",
			 path, SQUASH_CONFIG_MAX);
	if (e)
		return 0;
	if (squash_comp_mask_from_config(buf, len, &mask))
		return 0;
	return mask;
}

struct head_ans {
	uint8_t head[SQUASH_SB_SIZE];
	size_t len;
	uint64_t size;
};

/* In the child: the image's first bytes and size. */
static int head_child(void *arg, void *out, size_t outsz)
{
	struct head_ans *h = out;

	(void)outsz;
	return mnt_read_head(arg, h->head, sizeof(h->head), &h->len, &h->size);
}

/* 0, or -errno with the console told why (-ETIMEDOUT, -ECHILD: the
 * server stalled).  *exists: is there something at rel at all? */
static int check_image(const char *media, const char *rel, bool *exists)
{
	static char path[CMDLINE_PATH_MAX * 2 + 8];
	char why[256], srel[4 * SQUASH_PATH_MAX + 1];
	struct head_ans h;
	struct squash_sb sb;
	struct squash_env env;
	int e;

	snprintf(path, sizeof(path), "%s/%s", media, rel);
	text_sanitize(rel, srel, sizeof(srel));
	memset(&h, 0, sizeof(h));
	e = mnt_call_timed(head_child, path, &h, sizeof(h), MOUNT_IO_MS);
	*exists = e != -ENOENT && e != -ENOTDIR;
	if (stalled(e)) {
		log_stalled(e, srel, media);
		return e;
	}
	if (e) {
		if (*exists)
			log_error("unable to use %s on %s: %s", srel, where, read_why(e));
		return e;
	}
	memset(&env, 0, sizeof(env));
	env.file_size = h.size;
	env.comp_mask = mount_kernel_comp_mask();
	env.page_size = mnt_page_size();
	e = squash_sb_parse(h.head, h.len, &sb);
	if (!e)
		e = squash_sb_check(&sb, &env, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "only %zu bytes: too short for a squashfs superblock", h.len);
	if (e) {
		log_error("%s is not a usable live image: %s (no loop mount attempted)", srel, why);
		return e;
	}
	log_info("live image %s: squashfs %u.%u, %s, %llu bytes, block size %u", srel,
		 sb.major, sb.minor, squash_comp_name(sb.compression),
		 (unsigned long long)sb.bytes_used, sb.block_size);
	return 0;
}

static int exit_for(int e)
{
	return stalled(e) ? NETBOOT_EXIT_TRANSIENT : NETBOOT_EXIT_CONFIG;
}

static enum livecheck_type entry_type(unsigned mode)
{
	return S_ISREG(mode) ? LIVECHECK_REG : S_ISDIR(mode) ? LIVECHECK_DIR : LIVECHECK_OTHER;
}

static int search_entry(const char *name, unsigned mode, void *arg)
{
	return livecheck_search_entry(arg, name, entry_type(mode));
}

/* In the child: core/livecheck.c's bounded search, over dir_list(). */
static int search_child(void *arg, void *out, size_t outsz)
{
	static struct livecheck_search s;
	static char path[CMDLINE_PATH_MAX * 2 + 8];
	const char *media = arg, *dir;

	livecheck_search_init(&s, NULL);
	while (livecheck_search_next(&s, &dir) == 0) {
		snprintf(path, sizeof(path), "%s%s%s", media, dir[0] ? "/" : "", dir);
		dir_list(path, LIVECHECK_SEARCH_ENTRIES, search_entry, &s);
	}
	return livecheck_search_found(&s, out, outsz);
}

int mount_find_image(const struct cmdline *c, const char *media, char *image,
		    size_t imagesz)
{
	static struct squash_paths cand;
	static char found[SQUASH_PATH_MAX + 1], sfound[4 * SQUASH_PATH_MAX + 1];
	char hint[512];
	bool exists;
	size_t i;
	int e;

	if (c->layerfs_path[0]) {
		e = squash_layers(c, &cand);
		if (e) {
			log_error("layerfs-path=%s: not a layered image name", c->layerfs_path);
			return NETBOOT_EXIT_CONFIG;
		}
		for (i = 0; i < cand.n; i++) {
			e = check_image(media, cand.path[i], &exists);
			if (!exists) {
				log_error("layerfs-path=%s needs %s, which %s lacks",
					  c->layerfs_path, cand.path[i], where);
				return NETBOOT_EXIT_CONFIG;
			}
			if (e)
				return exit_for(e);
		}
		snprintf(image, imagesz, "%s", cand.path[cand.n - 1]);
		return NETBOOT_EXIT_OK;
	}
	e = squash_candidates(c, &cand);
	if (e) {
		log_error("unable to work out where the live image should be: %s", strerror(-e));
		return NETBOOT_EXIT_CONFIG;
	}
	for (i = 0; i < cand.n; i++) {
		e = check_image(media, cand.path[i], &exists);
		if (!exists)
			continue;
		if (e)
			return exit_for(e);
		if (i == 0) {
			snprintf(image, imagesz, "%s", cand.path[0]);
			return NETBOOT_EXIT_OK;
		}
		if (squash_hint(c, cand.path[i], hint, sizeof(hint)))
			snprintf(hint, sizeof(hint), "found %s", cand.path[i]);
		log_error("no %s on %s; %s", cand.path[0], where, hint);
		return NETBOOT_EXIT_CONFIG;
	}
	e = mnt_call_timed(search_child, (void *)(uintptr_t)media, found, sizeof(found),
			   MOUNT_IO_MS);
	if (stalled(e)) {
		log_stalled(e, "the export's folders (looking for a *.squashfs)", media);
		return NETBOOT_EXIT_TRANSIENT;
	}
	if (!e) {
		found[sizeof(found) - 1] = '\0';
		text_sanitize(found, sfound, sizeof(sfound));
		log_error("no %s on %s; the nearest squashfs image is %s: set live-media-path= to its folder",
			  cand.path[0], where, sfound);
	} else {
		log_error("no %s on the export, and no *.squashfs in its top %u folder levels: copy the live CD's contents (cp -a /mnt/. EXPORT/)",
			  cand.path[0], LIVECHECK_SEARCH_DEPTH);
	}
	return NETBOOT_EXIT_CONFIG;
}

/* What the child learns of .disk/ (no decisions). */
struct disk_ans {
	int info_e;              /* .disk/info: 0 (a regular file) or -errno */
	unsigned n, n_more;      /* casper-uuid* files read, and beyond the cap */
	struct {
		char name[256];
		int e;               /* 0, or -errno (-ELOOP, -EBADFD, -EFBIG, ...) */
		size_t len;
		char data[LIVECHECK_UUID_MAX + 1];
	} f[MOUNT_UUID_FILES];
};

struct disk_arg {
	const char *media;
	bool uuids;              /* read the casper-uuid* files */
	struct disk_ans *ans;
	char dir[CMDLINE_PATH_MAX + 16];
};

static int uuid_entry(const char *name, unsigned mode, void *arg)
{
	static char path[CMDLINE_PATH_MAX + 300];
	struct disk_arg *d = arg;
	struct disk_ans *a = d->ans;
	int trunc = 0;

	(void)mode;
	if (!livecheck_is_uuid_name(name))
		return 0;
	if (a->n == MOUNT_UUID_FILES) {
		a->n_more++;
		return 0;
	}
	snprintf(a->f[a->n].name, sizeof(a->f[a->n].name), "%s", name);
	snprintf(path, sizeof(path), "%s/%s", d->dir, name);
	a->f[a->n].e = file_read_regular(path, FILE_NOFOLLOW, a->f[a->n].data,
					 sizeof(a->f[a->n].data), &a->f[a->n].len, &trunc);
	if (!a->f[a->n].e && trunc)
		a->f[a->n].e = -EFBIG;
	a->n++;
	return 0;
}

/* In the child: is .disk/info a regular file (following a link, never
 * opening a device), and what do the casper-uuid* files hold? */
static int disk_child(void *arg, void *out, size_t outsz)
{
	static char path[CMDLINE_PATH_MAX + 32];
	struct disk_arg *d = arg;
	char none[1];
	size_t len;

	(void)outsz;
	d->ans = out;
	snprintf(path, sizeof(path), "%s/.disk/info", d->media);
	d->ans->info_e = file_read_regular(path, 0, none, sizeof(none), &len, NULL);
	if (d->uuids) {
		snprintf(d->dir, sizeof(d->dir), "%s/.disk", d->media);
		dir_list(d->dir, 256, uuid_entry, d);
	}
	return 0;
}

/* casper reads .disk/info for the disc name (apt-cdrom asks for one when
 * it is missing) and compares .disk/casper-uuid* with /conf/uuid.conf
 * (core/livecheck.c has its rule). */
int mount_check_disk(const struct cmdline *c, const char *media, bool *info_missing)
{
	static struct disk_ans a;
	struct disk_arg d;
	char uuid[LIVECHECK_UUID_MAX + 1], suuid[4 * LIVECHECK_UUID_MAX + 1];
	char sname[1100];
	size_t len = 0, i;
	bool check_uuid, match = false;
	int e;

	check_uuid = c->boot == CMDLINE_BOOT_CASPER && !c->ignore_uuid &&
		     file_read_all("/conf/uuid.conf", uuid, sizeof(uuid), &len) == 0;
	/* (without /conf/uuid.conf casper checks nothing) */
	memset(&d, 0, sizeof(d));
	memset(&a, 0, sizeof(a));
	d.media = media;
	d.uuids = check_uuid;
	e = mnt_call_timed(disk_child, &d, &a, sizeof(a), MOUNT_IO_MS);
	if (e) {
		log_stalled(e, ".disk/", media);
		return NETBOOT_EXIT_TRANSIENT;
	}
	*info_missing = a.info_e == -ENOENT || a.info_e == -ENOTDIR;
	if (*info_missing)
		log_info("warning: the export has no .disk/info (the .disk folder was not copied: \"cp -a /mnt/. EXPORT/\" copies it); netboot supplies one so the boot does not stop at \"Please provide a name for this Disc\"");
	else if (a.info_e) {
		log_error("unable to use .disk/info on %s: %s; replace it with the live CD's own .disk/info",
			  where, read_why(a.info_e));
		return NETBOOT_EXIT_CONFIG;
	}
	if (!check_uuid)
		return NETBOOT_EXIT_OK;
	for (i = 0; i < a.n; i++) {
		text_sanitize(a.f[i].name, sname, sizeof(sname));
		if (a.f[i].e == -EFBIG) {
			log_info("warning: .disk/%s is larger than %u bytes: not a uuid", sname,
				 LIVECHECK_UUID_MAX);
			continue;
		}
		if (a.f[i].e) {
			/* casper would block on it, or read something else */
			log_error("unable to use .disk/%s on %s: %s", sname, where,
				  read_why(a.f[i].e));
			return NETBOOT_EXIT_CONFIG;
		}
		if (livecheck_uuid_match(uuid, len, a.f[i].data, a.f[i].len))
			match = true;
	}
	if (!match) {
		uuid[livecheck_uuid_len(uuid, len)] = '\0';
		text_sanitize(uuid, suuid, sizeof(suuid));
		log_error("casper will reject %s: the initrd's /conf/uuid.conf (%s) %s %s; boot with ignore_uuid, or use the initrd from the same ISO",
			  where, suuid, a.n ? "matches no .disk/casper-uuid* file on" :
				      "cannot be checked: no .disk/casper-uuid* file on", where);
		return NETBOOT_EXIT_CONFIG;
	}
	return NETBOOT_EXIT_OK;
}

/* Rebuild what the mount needs of a lease from a previous `netboot net`:
 * core/runconf.c's reader, the one netboot-diag uses. */
int mount_lease_from_state(const char *rundir, struct lease *l)
{
	static char buf[4096];
	char path[600], dev[CMDLINE_IFNAME_MAX];
	size_t len;

	memset(l, 0, sizeof(*l));
	snprintf(path, sizeof(path), "%s/net.state", rundir);
	if (file_read_all(path, buf, sizeof(buf), &len))
		return -ENOENT;
	return runconf_parse_state(buf, len, l, dev);
}

int phase_mount_main(int argc, char **argv)
{
	struct phase_opts o = { 0 };
	static struct cmdline c;
	static struct lease l;
	struct nfsspec spec;
	const char *dir = NULL;
	char image[CMDLINE_PATH_MAX + 1];
	unsigned vers = 0;
	bool missing;
	int i, rc, left = phase_getopts(argc, argv, &o);

	for (i = 1; i < left; i++) {
		if (!strcmp(argv[i], "--dir") && i + 1 < left)
			dir = argv[++i];
		else
			left = -1;
	}
	if (left < 0) {
		fprintf(stderr, "usage: netboot mount [--dir DIR] [--cmdline FILE] [--rundir DIR]\n");
		return NETBOOT_EXIT_CONFIG;
	}
	log_open(o.rundir);
	rc = phase_load_cmdline(&o, &c);
	if (rc)
		return rc;
	if (mount_lease_from_state(o.rundir, &l))
		log_debug("no lease recorded in %s/net.state: using the command line only", o.rundir);
	if (!dir)
		dir = MOUNT_NFS_DIR;
	rc = mount_export(&c, &l, dir, &spec, &vers);
	if (rc)
		return rc;
	rc = mount_find_image(&c, dir, image, sizeof(image));
	if (!rc)
		rc = mount_check_disk(&c, dir, &missing);
	return rc;
}
