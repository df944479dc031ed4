/*
 * live.c - from a lease to a checked live medium: mount the NFS export
 * (the transport mount, always ro,nosuid,nodev), negotiate the version,
 * retry transient failures with backoff inside the budget, then find the
 * live filesystem image, check its squashfs superblock before anything
 * loop-mounts it, and check .disk/ the way casper will.
 *
 * What to mount and what the bytes mean are decided in core/nfsspec.c and
 * core/squash.c; this file calls the edges and tells the person at the
 * console what happened.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "clock.h"
#include "file.h"
#include "kvfile.h"
#include "live.h"
#include "log.h"
#include "mnt.h"
#include "net.h"
#include "nfsspec.h"
#include "phase.h"
#include "squash.h"

/* One mount attempt may take what is left of the budget, at most
 * LIVE_ATTEMPT_MAX_MS, at least LIVE_ATTEMPT_MIN_MS. */
#define LIVE_ATTEMPT_MAX_MS 30000u
#define LIVE_ATTEMPT_MIN_MS 2000u

static unsigned attempt_ms(uint64_t t0, uint64_t budget)
{
	uint64_t used = clock_ms() - t0;
	uint64_t left = used < budget ? budget - used : 0;

	if (left > LIVE_ATTEMPT_MAX_MS)
		left = LIVE_ATTEMPT_MAX_MS;
	return left < LIVE_ATTEMPT_MIN_MS ? LIVE_ATTEMPT_MIN_MS : (unsigned)left;
}

int live_mount(const struct cmdline *c, const struct lease *l, const char *dir,
	       struct nfsspec *spec, unsigned *vers_used)
{
	char dev[CMDLINE_HOST_MAX + CMDLINE_PATH_MAX + 8];
	static char opts[NFSSPEC_DATA_MAX];
	char why[512];
	const char *reason = NULL;
	uint64_t t0 = clock_ms(), budget = (uint64_t)c->mount_timeout * 1000;
	unsigned vers, attempt = 0, tried = 0;
	unsigned long flags;
	int e;

	e = nfsspec_resolve(c, l, spec, &reason);
	if (e) {
		log_error("unable to work out what to mount: %s", reason ? reason : strerror(-e));
		return e == -ENOENT || e == -EINVAL || e == -ENAMETOOLONG ?
			       NETBOOT_EXIT_CONFIG : NETBOOT_EXIT_TRANSIENT;
	}
	if (nfsspec_render_dev(spec, dev, sizeof(dev))) {
		log_error("unable to mount: the export name is too long");
		return NETBOOT_EXIT_CONFIG;
	}
	log_info("NFS export %s (server %s, path %s)", dev, spec->server_from,
		 spec->path_from);
	e = file_mkdirs(dir, 0755);
	if (e) {
		log_error("unable to create %s: %s", dir, strerror(-e));
		return NETBOOT_EXIT_TRANSIENT;
	}
	vers = nfsspec_vers_first(spec);
	while (vers) {
		unsigned delay;

		if (nfsspec_render_opts(spec, vers, opts, sizeof(opts), &flags)) {
			log_error("unable to mount %s: the mount options are too long", dev);
			return NETBOOT_EXIT_CONFIG;
		}
		log_debug("mount -t nfs -o %s %s %s", opts, dev, dir);
		e = mnt_nfs_timed(dev, dir, flags, opts, attempt_ms(t0, budget));
		tried |= vers;
		if (!e) {
			*vers_used = vers;
			log_info("mounted %s on %s (NFS %s, read-only, nosuid, nodev) after %lu ms",
				 dev, dir, nfsspec_vers_name(vers),
				 (unsigned long)(clock_ms() - t0));
			return NETBOOT_EXIT_OK;
		}
		if (nfsspec_explain(spec, vers, e, why, sizeof(why)))
			snprintf(why, sizeof(why), "%s", strerror(-e));
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
			log_error("unable to mount %s on %s: %s (gave up after %u s; netboot.mount-timeout= sets the budget)",
				  dev, dir, why, c->mount_timeout);
			return NETBOOT_EXIT_TRANSIENT;
		}
		log_info("mount %s (NFS %s): %s; retry %u in %u ms", dev,
			 nfsspec_vers_name(vers), why, attempt, delay);
		clock_sleep_ms(delay);
	}
	log_error("unable to mount %s: no NFS version left to try", dev);
	return NETBOOT_EXIT_CONFIG;
}

/* The compressors this kernel's squashfs reads, from the config the hook
 * copied into the initrd (or the host's /boot).  0 = unknown.  Read once:
 * every candidate image and layer asks. */
static uint32_t kernel_comp_mask(void)
{
	static char buf[300000];
	static bool done;
	static uint32_t mask;
	char path[300];
	struct utsname u;
	size_t len;

	if (done)
		return mask;
	done = true;
	if (uname(&u))
		return 0;
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	if (file_read_all(path, buf, sizeof(buf), &len))
		return 0;
	if (squash_comp_mask_from_config(buf, len, &mask))
		return 0;
	return mask;
}

static int check_image(const char *media, const char *rel, bool *exists)
{
	uint8_t head[SQUASH_SB_SIZE];
	char path[CMDLINE_PATH_MAX * 2 + 8], why[256];
	struct squash_sb sb;
	struct squash_env env;
	uint64_t size = 0;
	size_t len = 0;
	int e;

	snprintf(path, sizeof(path), "%s/%s", media, rel);
	e = mnt_read_head(path, head, sizeof(head), &len, &size);
	*exists = e != -ENOENT && e != -ENOTDIR;
	if (e) {
		if (*exists)
			log_error("unable to read %s: %s", path, strerror(-e));
		return e;
	}
	memset(&env, 0, sizeof(env));
	env.file_size = size;
	env.comp_mask = kernel_comp_mask();
	env.page_size = mnt_page_size();
	e = squash_sb_parse(head, len, &sb);
	if (!e)
		e = squash_sb_check(&sb, &env, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "only %zu bytes: too short for a squashfs superblock", len);
	if (e) {
		log_error("%s is not a usable live image: %s (no loop mount attempted)", rel, why);
		return e;
	}
	log_info("live image %s: squashfs %u.%u, %s, %llu bytes, block size %u", rel,
		 sb.major, sb.minor, squash_comp_name(sb.compression),
		 (unsigned long long)sb.bytes_used, sb.block_size);
	return 0;
}

/* Bounded search of the export for *.squashfs (depth 2, 256 entries a
 * directory) so a wrong media path gets a useful answer. */
static bool search_squashfs(const char *root, const char *rel, int depth,
			    char *found, size_t foundsz)
{
	char path[CMDLINE_PATH_MAX * 2 + 8];
	struct dirent *de;
	DIR *d;
	int seen = 0;
	bool hit = false;

	snprintf(path, sizeof(path), "%s%s%s", root, rel[0] ? "/" : "", rel);
	d = opendir(path);
	if (!d)
		return false;
	while (!hit && (de = readdir(d)) && seen++ < 256) {
		char sub[CMDLINE_PATH_MAX + 1];
		size_t n = strlen(de->d_name);
		struct stat st;
		char full[CMDLINE_PATH_MAX * 2 + 8];

		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
		snprintf(full, sizeof(full), "%s/%s", root, sub);
		if (lstat(full, &st))
			continue;
		if (S_ISREG(st.st_mode) && n > 9 && !strcmp(de->d_name + n - 9, ".squashfs")) {
			snprintf(found, foundsz, "%s", sub);
			hit = true;
		} else if (S_ISDIR(st.st_mode) && depth > 0) {
			hit = search_squashfs(root, sub, depth - 1, found, foundsz);
		}
	}
	closedir(d);
	return hit;
}

int live_find_image(const struct cmdline *c, const char *media, char *image,
		    size_t imagesz)
{
	static struct squash_paths cand;
	char hint[512], found[CMDLINE_PATH_MAX + 1];
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
				log_error("layerfs-path=%s needs %s, which the export lacks",
					  c->layerfs_path, cand.path[i]);
				return NETBOOT_EXIT_CONFIG;
			}
			if (e)
				return NETBOOT_EXIT_CONFIG;
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
			return NETBOOT_EXIT_CONFIG;
		if (i == 0) {
			snprintf(image, imagesz, "%s", cand.path[0]);
			return NETBOOT_EXIT_OK;
		}
		if (squash_hint(c, cand.path[i], hint, sizeof(hint)))
			snprintf(hint, sizeof(hint), "found %s", cand.path[i]);
		log_error("no %s on the export; %s", cand.path[0], hint);
		return NETBOOT_EXIT_CONFIG;
	}
	if (search_squashfs(media, "", 2, found, sizeof(found)))
		log_error("no %s on the export; the nearest squashfs image is %s: set live-media-path= to its folder",
			  cand.path[0], found);
	else
		log_error("no %s on the export, and no *.squashfs anywhere near its top: copy the live CD's contents (cp -a /mnt/. EXPORT/)",
			  cand.path[0]);
	return NETBOOT_EXIT_CONFIG;
}

/* casper reads .disk/info for the disc name (apt-cdrom asks for one when
 * it is missing) and compares .disk/casper-uuid* with /conf/uuid.conf. */
int live_check_disk(const struct cmdline *c, const char *media, bool *info_missing)
{
	char path[CMDLINE_PATH_MAX + 64], uuid[128], img[128];
	struct stat st;
	size_t len;
	DIR *d;
	struct dirent *de;
	bool any = false, match = false;

	snprintf(path, sizeof(path), "%s/.disk/info", media);
	*info_missing = lstat(path, &st) != 0;
	if (*info_missing)
		log_info("warning: the export has no .disk/info (the .disk folder was not copied: \"cp -a /mnt/. EXPORT/\" copies it); netboot supplies one so the boot does not stop at \"Please provide a name for this Disc\"");
	if (c->boot != CMDLINE_BOOT_CASPER || c->ignore_uuid)
		return NETBOOT_EXIT_OK;
	if (file_read_all("/conf/uuid.conf", uuid, sizeof(uuid), &len))
		return NETBOOT_EXIT_OK; /* casper checks nothing without it */
	while (len && (uuid[len - 1] == '\n' || uuid[len - 1] == ' '))
		uuid[--len] = '\0';
	if (!len)
		return NETBOOT_EXIT_OK;
	snprintf(path, sizeof(path), "%s/.disk", media);
	d = opendir(path);
	while (d && (de = readdir(d))) {
		char f[CMDLINE_PATH_MAX + 400];
		size_t n;

		if (strncmp(de->d_name, "casper-uuid", 11))
			continue;
		any = true;
		snprintf(f, sizeof(f), "%s/%s", path, de->d_name);
		if (file_read_all(f, img, sizeof(img), &n))
			continue;
		while (n && (img[n - 1] == '\n' || img[n - 1] == ' '))
			img[--n] = '\0';
		if (!strcmp(img, uuid))
			match = true;
	}
	if (d)
		closedir(d);
	if (!match) {
		log_error("casper will reject this export: the initrd's /conf/uuid.conf (%s) %s; boot with ignore_uuid, or use the initrd from the same ISO as the export",
			  uuid, any ? "matches no .disk/casper-uuid* file on the export" :
				      "cannot be checked: the export has no .disk/casper-uuid* file");
		return NETBOOT_EXIT_CONFIG;
	}
	return NETBOOT_EXIT_OK;
}

/* Rebuild what the mount needs of a lease from a previous `netboot net`. */
static int lease_from_state(const char *rundir, struct lease *l)
{
	static char buf[4096];
	char path[600], v[256];
	size_t len;

	memset(l, 0, sizeof(*l));
	snprintf(path, sizeof(path), "%s/net.state", rundir);
	if (file_read_all(path, buf, sizeof(buf), &len))
		return -ENOENT;
	if (!kvfile_get(buf, len, "ADDRESS", v, sizeof(v)))
		cmdline_parse_ipv4(v, &l->yiaddr);
	if (!kvfile_get(buf, len, "SIADDR", v, sizeof(v)))
		cmdline_parse_ipv4(v, &l->siaddr);
	if (!kvfile_get(buf, len, "SERVERID", v, sizeof(v)))
		cmdline_parse_ipv4(v, &l->server_id);
	if (!kvfile_get(buf, len, "ROOTPATH", v, sizeof(v)))
		snprintf(l->root_path, sizeof(l->root_path), "%s", v);
	return 0;
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
	if (lease_from_state(o.rundir, &l))
		log_debug("no lease recorded in %s/net.state: using the command line only", o.rundir);
	if (!dir)
		dir = LIVE_NFS_DIR;
	rc = live_mount(&c, &l, dir, &spec, &vers);
	if (rc)
		return rc;
	rc = live_find_image(&c, dir, image, sizeof(image));
	if (!rc)
		rc = live_check_disk(&c, dir, &missing);
	return rc;
}
