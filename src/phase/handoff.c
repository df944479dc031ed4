/*
 * handoff.c - the last phase, run after casper / live-boot assembled the
 * overlay on ROOT (/root) and before the live system's init starts:
 * keep NetworkManager, networkd, netplan, cloud-init and ifupdown off the
 * boot NIC (core/nmconf.c decides the files; this writes them into the
 * overlay, so they land in /cow), and copy the boot report into
 * ROOT/var/log/netboot.log (streamed, capped: see report_copy()).  Every
 * write is atomic, refuses symlinks (a planted link in the image can not
 * redirect it) and is logged.  No syscall here: src/sys/ (file.h, fs.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "file.h"
#include "fs.h"
#include "handoff.h"
#include "kvfile.h"
#include "log.h"
#include "stream.h"
#include "nmconf.h"
#include "phase.h"

static bool exists_in(const char *root, const char *rel)
{
	char path[1024];
	unsigned mode;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return file_lstat_mode(path, &mode) == 0;
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

/*
 * The boot report is copied in REPORT_CHUNK pieces, never held whole: a
 * report of any size costs the handoff 4 KiB.  Up to REPORT_HEAD +
 * REPORT_TAIL bytes (1 MiB) it is copied whole; a larger one (a flood of
 * foreign DHCP frames, a debug run) as its first REPORT_HEAD bytes (the
 * phases in order) and its last REPORT_TAIL (how it ended, the handoff's
 * own lines), each cut at a line boundary, around one marker line that
 * says how much was left out.  The copy is of the report as it was when
 * the handoff opened it (st_size then): lines logged during the copy are
 * not in it.
 */
static char last_byte; /* the last byte copy_span() wrote */

static int copy_span(int in, struct fs_atomic *out, unsigned long long n, bool to_nl,
		     unsigned long long *copied)
{
	static char buf[REPORT_CHUNK];

	while (n) {
		long got = fs_read(in, buf, n < sizeof(buf) ? (size_t)n : sizeof(buf));
		size_t w;
		int e;

		if (got < 0)
			return (int)got;
		if (got == 0)
			return 0; /* shorter than it was: copy what there is */
		w = (size_t)got;
		n -= (unsigned long long)got;
		if (!n && to_nl) {
			/* the last piece of the head: end on a whole line */
			while (w && buf[w - 1] != '\n')
				w--;
			if (!w)
				w = (size_t)got;
		}
		e = fs_atomic_write(out, buf, w);
		if (e)
			return e;
		*copied += w;
		last_byte = buf[w - 1];
	}
	return 0;
}

/* The tail: from the first line that starts at or after off, to size. */
static int copy_tail(int in, struct fs_atomic *out, unsigned long long off,
		     unsigned long long size, unsigned long long head,
		     struct report_copy *rc)
{
	static char buf[REPORT_CHUNK];
	char mark[200];
	unsigned long long at = off;
	size_t skip = 0;
	long got = 0;
	int e, n;

	e = fs_seek(in, off);
	if (e)
		return e;
	/* find where the first whole line of the tail starts */
	for (;;) {
		got = fs_read(in, buf, sizeof(buf));
		if (got < 0)
			return (int)got;
		if (got == 0)
			break;
		for (skip = 0; skip < (size_t)got && buf[skip] != '\n'; skip++)
			;
		if (skip < (size_t)got) {
			skip++;
			break;
		}
		at += (unsigned long long)got;
		if (at >= size)
			break;
	}
	at += skip;
	if (at > size)
		at = size;
	/* the marker is a line of its own, even after a head cut mid-line */
	n = snprintf(mark, sizeof(mark), "%snetboot: report truncated: %llu of its %llu bytes left out here (copied: the first %llu and the last %llu)\n",
		     last_byte == '\n' ? "" : "\n", at - head, size, head, size - at);
	e = fs_atomic_write(out, mark, (size_t)n);
	if (e)
		return e;
	rc->left_out = at - head;
	if (got > 0 && (size_t)got > skip) {
		size_t w = (size_t)got - skip;

		if (w > size - at)
			w = (size_t)(size - at);
		e = fs_atomic_write(out, buf + skip, w);
		if (e)
			return e;
		rc->copied += w;
		at += w;
	}
	return copy_span(in, out, size - at, false, &rc->copied);
}

int report_copy(const char *src, const char *dst, struct report_copy *rc)
{
	static struct fs_atomic out;
	unsigned long long size = 0;
	int in, e;

	memset(rc, 0, sizeof(*rc));
	rc->step = "reading";
	in = file_open_regular(src, FILE_NOFOLLOW, &size);
	if (in < 0)
		return in;
	rc->size = size;
	rc->step = "creating";
	e = fs_atomic_open(&out, dst, 1);
	if (e) {
		fs_close(in);
		return e;
	}
	rc->step = "copying";
	if (size <= REPORT_HEAD + REPORT_TAIL) {
		e = copy_span(in, &out, size, false, &rc->copied);
	} else {
		e = copy_span(in, &out, REPORT_HEAD, true, &rc->copied);
		if (!e)
			e = copy_tail(in, &out, size - REPORT_TAIL, size, rc->copied, rc);
	}
	fs_close(in);
	if (e) {
		fs_atomic_abort(&out);
		return e;
	}
	rc->step = "renaming";
	return fs_atomic_commit(&out, 0644);
}

static void copy_report(const char *root)
{
	struct report_copy rc;
	char src[600], dst[1024];
	int e;

	if (!log_rundir())
		return;
	snprintf(src, sizeof(src), "%s/netboot.log", log_rundir());
	snprintf(dst, sizeof(dst), "%s/var/log/netboot.log", root);
	e = report_copy(src, dst, &rc);
	if (e)
		log_error("unable to copy the boot report %s to %s (%s, after %llu of %llu bytes): %s",
			  src, dst, rc.step, rc.copied, rc.size, strerror(-e));
	else if (rc.left_out)
		log_info("handoff: the boot report is %llu bytes: copied the first and last %u KiB to %s, %llu bytes left out (marked); the whole report is %s",
			 rc.size, REPORT_HEAD / 1024, dst, rc.left_out, src);
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
