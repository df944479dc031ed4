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
#include <sys/mount.h>

#include "file.h"
#include "live.h"
#include "stream.h"
#include "log.h"
#include "mnt.h"
#include "net.h"
#include "phase.h"
#include "shquote.h"

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
	if (mount("overlay", media, "overlay", MS_RDONLY | MS_NOSUID | MS_NODEV, opts))
		return -errno;
	return 0;
}

/*
 * live-boot's Select_eth_device, given DEVICE=, probes it with "sleep 1"
 * and then five more one-second rounds (6 s for nothing: the NIC is up).
 * Its fast path is live-netdev=: so for boot=live netboot names its NIC
 * there, through LIVE_BOOT_CMDLINE (live-boot reads that variable when it
 * is set, /proc/cmdline otherwise), and lets live-boot write DEVICE itself.
 */
static int live_boot_cmdline(const char *cmdline_path, const char *dev, char *dst,
			     size_t dstsz)
{
	static char raw[CMDLINE_MAX + 2], line[CMDLINE_MAX + 64];
	size_t len;
	int e = file_read_all(cmdline_path, raw, sizeof(raw), &len);

	if (e)
		return e;
	while (len && (raw[len - 1] == '\n' || raw[len - 1] == ' '))
		raw[--len] = '\0';
	if ((size_t)snprintf(line, sizeof(line), "live-netdev=%s %s", dev, raw) >= sizeof(line))
		return -ENOBUFS;
	return shquote(line, dst, dstsz) < 0 ? -EINVAL : 0;
}

static int write_param(const char *conf, const struct cmdline *c, const char *cmdline_path,
		       const char *dev, const char *nfsroot, const char *media,
		       const char *shim)
{
	static char q5[CMDLINE_MAX * 4 + 128], buf[CMDLINE_MAX * 4 + 2048];
	char q1[64], q2[1400], q3[700], q4[1200], path[1100], who[CMDLINE_MAX * 4 + 200];
	int n;

	snprintf(path, sizeof(path), "%s:/usr/sbin:/usr/bin:/sbin:/bin", shim);
	if (shquote(dev, q1, sizeof(q1)) < 0 || shquote(nfsroot, q2, sizeof(q2)) < 0 ||
	    shquote(media, q3, sizeof(q3)) < 0 || shquote(path, q4, sizeof(q4)) < 0)
		return -EINVAL;
	if (c->boot == CMDLINE_BOOT_LIVE &&
	    !live_boot_cmdline(cmdline_path, dev, q5, sizeof(q5)))
		snprintf(who, sizeof(who), "LIVE_BOOT_CMDLINE=%s\n", q5);
	else if (c->boot == CMDLINE_BOOT_CASPER)
		/* casper before 1.4xx reads $NETBOOT, which only Ubuntu's own
		 * /init sets from netboot=: say it here for any /init */
		snprintf(who, sizeof(who), "DEVICE=%s\nexport DEVICE\nNETBOOT=nfs\nexport NETBOOT\n", q1);
	else
		snprintf(who, sizeof(who), "DEVICE=%s\nexport DEVICE\n", q1);
	n = snprintf(buf, sizeof(buf),
		     "# netboot: the boot NIC, the export, and the shims that hand\n"
		     "# netboot's mount to casper / live-boot\n"
		     "%sNFSROOT=%s\nexport NFSROOT\nNETBOOT_MEDIA=%s\nexport NETBOOT_MEDIA\n"
		     "PATH=%s\nexport PATH\n",
		     who, q2, q3, q4);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -ENOBUFS;
	/* param.conf is shared: append, as initramfs-tools' own scripts do */
	return file_append(conf, buf, (size_t)n);
}

static int premount(const struct phase_opts *o, const char *param, const char *shim);

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
	char nfsdir[600], media[600], image[CMDLINE_PATH_MAX + 1], nfsroot[1400];
	unsigned vers = 0;
	bool info_missing = false;
	int rc, e;

	rc = phase_load_cmdline(&o, &c);
	if (rc)
		return rc;
	if (c.method != CMDLINE_METHOD_NFS) {
		log_debug("no netboot=nfs on the command line: nothing to do");
		return NETBOOT_EXIT_OK;
	}
	log_phase("cmdline", "netboot=nfs");

	net_paths_init(&paths, o.rundir);
	stream_phase("net");
	rc = net_run(&c, &paths, &res);
	if (rc)
		return rc;
	/* the lease is there: the report may go to the boot server now */
	stream_begin(&c, o.rundir, res.mac, res.lease.yiaddr);
	stream_phase("mount");

	snprintf(nfsdir, sizeof(nfsdir), "%s/nfs", o.rundir);
	rc = live_mount(&c, &res.lease, nfsdir, &spec, &vers);
	if (rc)
		return rc;
	log_phase("mount", nfsspec_vers_name(vers));
	stream_phase("squashfs");

	rc = live_find_image(&c, nfsdir, image, sizeof(image));
	if (rc)
		return rc;
	log_phase("squashfs", image);
	stream_phase("premount");
	rc = live_check_disk(&c, nfsdir, &info_missing);
	if (rc)
		return rc;

	snprintf(media, sizeof(media), "%s", nfsdir);
	if (info_missing) {
		e = media_with_disk_info(nfsdir, o.rundir, spec.server, spec.path, media,
					 sizeof(media));
		if (e) {
			log_info("unable to supply .disk/info (%s): casper may stop at its disc-name prompt",
				 strerror(-e));
			snprintf(media, sizeof(media), "%s", nfsdir);
		}
	}
	if (nfsspec_render_dev(&spec, nfsroot, sizeof(nfsroot)))
		nfsroot[0] = '\0';
	e = write_param(param, &c, o.cmdline_path, res.dev, nfsroot, media, shim);
	if (e) {
		log_error("unable to hand over through %s: %s", param, strerror(-e));
		return NETBOOT_EXIT_TRANSIENT;
	}
	log_phase("premount", "done: casper / live-boot take over");
	return NETBOOT_EXIT_OK;
}
