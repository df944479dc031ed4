/*
 * handoff.c - the last phase, run after casper / live-boot assembled the
 * overlay on ROOT (/root) and before the live system's init starts:
 * keep NetworkManager, networkd, netplan, cloud-init and ifupdown off the
 * boot NIC (core/nmconf.c decides the files; this writes them into the
 * overlay, so they land in /cow), and copy the boot report into
 * ROOT/var/log/netboot.log.  Every write is atomic, refuses symlinks (a
 * planted link in the image can not redirect it) and is logged.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"
#include "kvfile.h"
#include "log.h"
#include "stream.h"
#include "nmconf.h"
#include "phase.h"

static bool exists_in(const char *root, const char *rel)
{
	char path[1024];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return lstat(path, &st) == 0;
}

static int read_state(const char *rundir, char *dev, size_t devsz, uint8_t mac[6])
{
	static char buf[4096];
	char path[600], m[32];
	size_t len;
	int e;

	snprintf(path, sizeof(path), "%s/net.state", rundir);
	e = file_read_all(path, buf, sizeof(buf), &len);
	if (e)
		return e;
	if (kvfile_get(buf, len, "DEVICE", dev, devsz) ||
	    kvfile_get(buf, len, "MAC", m, sizeof(m)) || cmdline_parse_mac(m, mac))
		return -EBADMSG;
	return 0;
}

static void copy_report(const char *root)
{
	static char buf[65536];
	char src[600], dst[1024];
	size_t len;
	int e;

	if (!log_rundir())
		return;
	snprintf(src, sizeof(src), "%s/netboot.log", log_rundir());
	if (file_read_all(src, buf, sizeof(buf), &len))
		return;
	snprintf(dst, sizeof(dst), "%s/var/log/netboot.log", root);
	e = file_write_atomic(dst, buf, len, 0644, 1);
	if (e)
		log_info("unable to copy the boot report to %s: %s", dst, strerror(-e));
}

int phase_handoff(const char *root, const char *rundir)
{
	static struct nmconf_file files[NMCONF_FILES_MAX];
	char dev[32], path[1024];
	uint8_t mac[6];
	unsigned have = 0;
	size_t i;
	int n, e, failed = 0;

	e = read_state(rundir, dev, sizeof(dev), mac);
	if (e) {
		log_error("no boot NIC recorded in %s/net.state (%s): did the network phase run?",
			  rundir, strerror(-e));
		return NETBOOT_EXIT_CONFIG;
	}
	for (i = 0; i < nmconf_n_probes; i++)
		if (exists_in(root, nmconf_probes[i].path))
			have |= nmconf_probes[i].bit;
	n = nmconf_render(dev, mac, have, files, NMCONF_FILES_MAX);
	if (n < 0) {
		log_error("unable to render the network manager settings for %s: %s", dev,
			  strerror(-n));
		return NETBOOT_EXIT_CONFIG;
	}
	for (i = 0; i < (size_t)n; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, files[i].path);
		e = file_write_atomic(path, files[i].content, files[i].len,
				      (mode_t)files[i].mode, 1);
		if (e) {
			log_error("unable to write %s (%s): %s", path, files[i].what,
				  strerror(-e));
			failed++;
			continue;
		}
		log_info("handoff: %s: wrote /%s (mode %04o)", files[i].what,
			 files[i].path, files[i].mode);
	}
	if (!n)
		log_info("handoff: no network manager found in the live system: nothing to keep off %s",
			 dev);
	log_phase("handoff", failed ? "done, with errors" : "done");
	{
		/* the verdict: what a sysadmin at the server wants to read */
		char v[200], names[120] = "";

		for (i = 0; i < (size_t)n && !failed; i++) {
			size_t l = strlen(names);

			if (strstr(names, files[i].what))
				continue;
			snprintf(names + l, sizeof(names) - l, "%s%s", l ? ", " : "", files[i].what);
		}
		if (failed)
			snprintf(v, sizeof(v), "but %d network manager setting(s) for %s could not be written",
				 failed, dev);
		else if (n)
			snprintf(v, sizeof(v), "%s kept off %s (%d file(s) written)",
				 names, dev, n);
		else
			snprintf(v, sizeof(v), "no network manager in it to keep off %s", dev);
		stream_verdict(true, v);
	}
	copy_report(root);
	return failed ? NETBOOT_EXIT_TRANSIENT : NETBOOT_EXIT_OK;
}

int phase_handoff_main(int argc, char **argv)
{
	struct phase_opts o = { 0 };
	static struct cmdline c;
	const char *root = NULL;
	int i, rc, left = phase_getopts(argc, argv, &o);

	for (i = 1; i < left; i++) {
		if (!strcmp(argv[i], "--root") && i + 1 < left)
			root = argv[++i];
		else
			left = -1;
	}
	if (left < 0 || !root) {
		fprintf(stderr, "usage: netboot handoff --root DIR [--rundir DIR] [--cmdline FILE]\n");
		return NETBOOT_EXIT_CONFIG;
	}
	log_open(o.rundir);
	/* premount started the stream if the command line asked for it */
	stream_resume(o.rundir);
	stream_phase("handoff");
	rc = phase_load_cmdline(&o, &c);
	if (rc == NETBOOT_EXIT_OK)
		rc = phase_handoff(root, o.rundir);
	if (rc != NETBOOT_EXIT_OK && rc != NETBOOT_EXIT_TRANSIENT)
		stream_verdict(false, NULL);
	stream_end();
	return rc;
}
