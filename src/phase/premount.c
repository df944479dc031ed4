/*
 * premount.c - `netboot premount`: everything casper or live-boot need
 * before their own mount code runs, in boot order: the network phase,
 * the NFS transport mount, the live image and .disk/ checks; then the hand-
 * over through initramfs-tools' own channel, /conf/param.conf, which
 * init sources after each init-premount script:
 *
 *   DEVICE=      the boot NIC, so configure_networking and live-boot's
 *                do_netsetup find /run/net-DEVICE.conf and skip DHCP;
 *   NFSROOT=     SERVER:/PATH as resolved (casper's "auto" needs it);
 *   PATH=        our shim directory first: casper's and live-boot's calls
 *                to nfsmount (and live-boot's ipconfig) find the shims,
 *                which bind the medium netboot already mounted instead of
 *                mounting again with klibc's v2/v3-only nfsmount.
 *
 * Neither casper nor live-boot is edited; without netboot=nfs on the
 * command line nothing here runs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fetch.h"
#include "file.h"
#include "fs.h"
#include "mount.h"
#include "stream.h"
#include "log.h"
#include "mnt.h"
#include "net.h"
#include "paramconf.h"
#include "phase.h"
#include "premount.h"

#define SHIM_DIR_DEFAULT "/usr/lib/netboot/shim"

/* An overlay of a tiny .disk/info over the export, read-only (two lower
 * layers, no upper), so casper's apt-cdrom finds a disc name. */
static int media_with_disk_info(const char *nfsdir, const char *rundir,
				const char *server, const char *path, char *media,
				size_t mediasz)
{
	char disk[600], info[700], opts[1400], text[1300];
	int n, e;

	snprintf(disk, sizeof(disk), "%s/disk", rundir);
	snprintf(info, sizeof(info), "%s/.disk/info", disk);
	n = snprintf(text, sizeof(text), "netboot live image %s:%s\n", server, path);
	e = file_write_atomic(info, text, (size_t)n, 0644, 1);
	if (e)
		return e;
	snprintf(media, mediasz, "%s/media", rundir);
	e = file_mkdirs(media, 0755);
	if (e)
		return e;
	snprintf(opts, sizeof(opts), "lowerdir=%s:%s", disk, nfsdir);
	return fs_mount_overlay_ro(media, opts);
}

/* param.conf's lines (core/paramconf.c renders them), appended. */
static int write_param(const char *conf, const struct cmdline *c, const char *cmdline_path,
		       const char *dev, const char *nfsroot, const char *media,
		       const char *shim)
{
	static char raw[CMDLINE_MAX + 2], buf[PARAMCONF_SIZE_MAX];
	struct paramconf p = {
		.boot = c->boot, .dev = dev, .nfsroot = nfsroot, .media = media, .shim = shim,
		.fetched = c->method == CMDLINE_METHOD_HTTP,
	};
	size_t len;
	int n;

	/* live-boot gets its command line back with live-netdev= in front */
	if (c->boot == CMDLINE_BOOT_LIVE && !file_read_all(cmdline_path, raw, sizeof(raw), &len))
		p.cmdline = raw;
	n = paramconf_render(&p, buf, sizeof(buf));
	if (n < 0)
		return n;
	/* param.conf is shared: append, as initramfs-tools' own scripts do */
	return file_append(conf, buf, (size_t)n);
}

int premount_handover(const struct premount_handover *h)
{
	char media[600], nfsroot[CMDLINE_URLS_MAX + 8];
	int e;

	/* casper / live-boot mount from the export itself, or, when it has
	 * no .disk/info, from a read-only overlay that supplies one */
	snprintf(media, sizeof(media), "%s", h->nfsdir);
	if (h->info_missing && h->spec) {
		e = media_with_disk_info(h->nfsdir, h->rundir, h->spec->server, h->spec->path,
					 media, sizeof(media));
		if (e) {
			log_info("unable to supply .disk/info (%s): casper may stop at its disc-name prompt",
				 strerror(-e));
			snprintf(media, sizeof(media), "%s", h->nfsdir);
		} else {
			log_info("premount: the export has no .disk/info: casper gets %s, the export under a read-only overlay with one",
				 media);
		}
	}
	/* netboot=http: the image's URL, which casper and live-boot show as
	 * where they "netboot from" (the nfsmount shim takes the RAM disk) */
	if (!h->spec)
		snprintf(nfsroot, sizeof(nfsroot), "%s", fetch_source());
	else if (nfsspec_render_dev(h->spec, nfsroot, sizeof(nfsroot)))
		nfsroot[0] = '\0';
	e = write_param(h->param, h->c, h->cmdline_path, h->dev, nfsroot, media, h->shim);
	if (e) {
		log_error("unable to hand over through %s: %s", h->param, strerror(-e));
		return NETBOOT_EXIT_TRANSIENT;
	}
	return NETBOOT_EXIT_OK;
}

static int premount(const struct phase_opts *o, const char *param, const char *shim);

/*
 * netboot=http: the image into a tmpfs of its own (RUNDIR/http: /run's
 * tmpfs is 10% of RAM under initramfs-tools), its tree's .disk/ beside
 * it, then the same hand-over as an export: the tmpfs is the medium the
 * nfsmount shim binds.
 */
static int premount_http(const struct phase_opts *o, const struct cmdline *c,
			 const struct net_result *res, const char *param, const char *shim)
{
	struct premount_handover h;
	char dir[600], image[CMDLINE_PATH_MAX + 1], what[CMDLINE_PATH_MAX + 64];
	bool info_made = false;
	int rc, e;

	stream_phase("fetch");
	snprintf(dir, sizeof(dir), "%s/http", o->rundir);
	e = fs_mount_tmpfs(dir, "100%");
	if (e) {
		log_error("unable to make the RAM disk for the image at %s: %s", dir, strerror(-e));
		return NETBOOT_EXIT_TRANSIENT;
	}
	rc = fetch_image(c, &res->lease, dir, image, sizeof(image));
	if (!rc && fetch_whole_iso())
		rc = fetch_mount_iso(c, dir, image, sizeof(image));
	else if (!rc)
		rc = fetch_disk(c, dir, &info_made);
	if (rc)
		return rc;
	/* the medium is read-only, as an export's is */
	e = fs_remount_ro(dir);
	if (e)
		log_info("warning: %s stays writable: %s", dir, strerror(-e));
	snprintf(what, sizeof(what), "HTTP, %s in RAM%s", image,
		 info_made ? " (.disk/info supplied by netboot)" : "");
	log_phase("fetch", what);
	stream_phase("premount");
	memset(&h, 0, sizeof(h));
	h.c = c;
	h.rundir = o->rundir;
	h.cmdline_path = o->cmdline_path;
	h.param = param;
	h.shim = shim;
	h.dev = res->dev;
	h.spec = NULL;
	h.nfsdir = fetch_media(); /* dir, or the whole ISO mounted in it */
	rc = premount_handover(&h);
	if (rc)
		return rc;
	log_phase("premount", "done: casper / live-boot take over (the root is in RAM)");
	return NETBOOT_EXIT_OK;
}

int phase_premount_main(int argc, char **argv)
{
	struct phase_opts o = { 0 };
	const char *param = "/conf/param.conf", *shim = SHIM_DIR_DEFAULT;
	int i, rc, left = phase_getopts(argc, argv, &o);

	for (i = 1; i < left; i++) {
		if (!strcmp(argv[i], "--param") && i + 1 < left)
			param = argv[++i];
		else if (!strcmp(argv[i], "--shim") && i + 1 < left)
			shim = argv[++i];
		else
			left = -1;
	}
	if (left < 0) {
		fprintf(stderr, "usage: netboot premount [--cmdline FILE] [--rundir DIR] [--param FILE] [--shim DIR]\n");
		return NETBOOT_EXIT_CONFIG;
	}
	log_open(o.rundir);
	rc = premount(&o, param, shim);
	/* the live root is not reached yet (init-bottom's handoff says so);
	 * a failure is final: say it to the boot server, with its cause */
	if (rc != NETBOOT_EXIT_OK)
		stream_verdict(false, NULL);
	stream_end();
	return rc;
}

static int premount(const struct phase_opts *op, const char *param, const char *shim)
{
	const struct phase_opts o = *op;
	static struct cmdline c;
	static struct net_result res;
	struct net_paths paths;
	struct nfsspec spec;
	struct premount_handover h;
	char nfsdir[600], image[CMDLINE_PATH_MAX + 1], what[NFSSPEC_DATA_MAX + 16];
	unsigned vers = 0;
	bool info_missing = false;
	int rc;

	/* the report's first stamp: netboot's phases are timed from here
	 * (tests/bench/boot.sh reads it) */
	log_debug("premount: start");
	rc = phase_load_cmdline(&o, &c);
	if (rc)
		return rc;
	if (c.method != CMDLINE_METHOD_NFS && c.method != CMDLINE_METHOD_HTTP) {
		log_debug("no netboot=nfs or netboot=http on the command line: nothing to do");
		return NETBOOT_EXIT_OK;
	}
	log_phase("cmdline", c.method == CMDLINE_METHOD_HTTP ? "netboot=http" : "netboot=nfs");

	net_paths_init(&paths, o.rundir);
	stream_phase("net");
	rc = net_run(&c, &paths, &res);
	if (rc)
		return rc;
	/* the lease is there: the report may go to the boot server now */
	stream_begin(&c, o.rundir, res.mac, res.lease.yiaddr);
	if (c.method == CMDLINE_METHOD_HTTP)
		return premount_http(&o, &c, &res, param, shim);
	stream_phase("mount");

	snprintf(nfsdir, sizeof(nfsdir), "%s/nfs", o.rundir);
	rc = mount_export(&c, &res.lease, nfsdir, &spec, &vers);
	if (rc)
		return rc;
	/* the options chosen, as the kernel took them: which version,
	 * rsize/wsize, sec= and so on are in the report */
	snprintf(what, sizeof(what), "NFS %s (%s)", nfsspec_vers_name(vers), mount_options());
	log_phase("mount", what);

	/* still the mount phase: the image check logs "live image ..." */
	rc = mount_find_image(&c, nfsdir, image, sizeof(image));
	if (rc)
		return rc;
	stream_phase("premount");
	rc = mount_check_disk(&c, nfsdir, &info_missing);
	if (rc)
		return rc;

	h.c = &c;
	h.rundir = o.rundir;
	h.cmdline_path = o.cmdline_path;
	h.param = param;
	h.shim = shim;
	h.dev = res.dev;
	h.spec = &spec;
	h.nfsdir = nfsdir;
	h.info_missing = info_missing;
	rc = premount_handover(&h);
	if (rc)
		return rc;
	log_phase("premount", "done: casper / live-boot take over");
	return NETBOOT_EXIT_OK;
}
