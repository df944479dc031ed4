/*
 * tune.c - `netboot tune`: after casper / live-boot set up the loop
 * device on the NFS-hosted filesystem.squashfs (init-bottom), adjust how
 * the running live system reads it (issue 10): the NFS mounts' bdi
 * read_ahead_kb (/sys/class/bdi/MAJ:MIN, MAJ:MIN the mount's anon dev from
 * /proc/self/mountinfo), and, for each loop device whose backing file is
 * a *.squashfs on one of those mounts (stat(2)'s st_dev), its
 * queue/read_ahead_kb and direct I/O (LOOP_SET_DIRECT_IO: by default on
 * only when the image is more than half of RAM, /proc/meminfo's MemTotal
 * against /sys/block/loopN/size; netboot.loop-dio= on the kernel command
 * line or --dio decide instead).  Which mounts and devices, and the
 * option values, are core/tune.c's; the writes are src/sys/blk.c's.  Never fails the boot: a mount or device not found, a
 * write the kernel refuses, each is one log line and the rest goes on;
 * exit 0 (100 only for a usage error).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "blk.h"
#include "cmdline.h"
#include "dir.h"
#include "file.h"
#include "log.h"
#include "phase.h"
#include "tune-phase.h"
#include "tune.h"

#define TUNE_LOOPS_MAX 64
#define MOUNTINFO_MAX 65536

struct tune_ctx {
	const struct tune_opts *o;
	const char *dio_from;  /* what set o->dio: "--dio", "netboot.loop-dio=" */
	uint64_t mem;          /* MemTotal in bytes, 0 unknown (TUNE_AUTO only) */
	const struct tune_mount *m;
	size_t nm;
	unsigned nloop;      /* loop devices looked at */
	unsigned ntuned;     /* loop devices over NFS */
};

/* "old -> new" of a read_ahead_kb file: 0 or -errno (logged). */
static int set_ra(const char *what, const char *path, int kb)
{
	char buf[32], val[16];
	unsigned old = 0, now = 0;
	size_t len;
	int e, have_old;

	have_old = !file_read_all(path, buf, sizeof(buf), &len) &&
		   !tune_parse_uint(buf, len, &old);
	snprintf(val, sizeof(val), "%d", kb);
	e = blk_sysfs_write(path, val);
	if (e) {
		log_info("tune: %s: unable to set read_ahead_kb %d (%s): %s", what, kb, path,
			 strerror(-e));
		return e;
	}
	if (!file_read_all(path, buf, sizeof(buf), &len) && !tune_parse_uint(buf, len, &now))
		log_info("tune: %s: read_ahead_kb %s%u -> %u", what, have_old ? "" : "?",
			 have_old ? old : 0, now);
	return 0;
}

static void tune_nfs(const struct tune_ctx *t)
{
	char path[96], what[TUNE_PATH_MAX + 64];
	size_t i, j;

	for (i = 0; i < t->nm; i++) {
		bool dup = false;

		for (j = 0; j < i; j++)
			if (t->m[j].major == t->m[i].major && t->m[j].minor == t->m[i].minor)
				dup = true;
		if (dup)
			continue; /* the same superblock mounted twice (moved, bound) */
		snprintf(path, sizeof(path), "/sys/class/bdi/%u:%u/read_ahead_kb", t->m[i].major,
			 t->m[i].minor);
		snprintf(what, sizeof(what), "NFS %s (bdi %u:%u)", t->m[i].dir, t->m[i].major,
			 t->m[i].minor);
		set_ra(what, path, t->o->nfs_ra_kb);
	}
}

static int is_loop_name(const char *name)
{
	size_t i;

	if (strncmp(name, "loop", 4) || !name[4] || strlen(name) > 12)
		return 0;
	for (i = 4; name[i]; i++)
		if (name[i] < '0' || name[i] > '9')
			return 0;
	return 1;
}

/* The loop device's size (the image's), in bytes: 0 when unknown. */
static uint64_t loop_bytes(const char *name)
{
	char path[96], buf[32];
	unsigned sectors;
	size_t len;

	snprintf(path, sizeof(path), "/sys/block/%s/size", name);
	if (file_read_all(path, buf, sizeof(buf), &len) || tune_parse_uint(buf, len, &sectors))
		return 0;
	return (uint64_t)sectors * 512;
}

/* "N KiB" below 10 MiB, else "N MiB" (klibc's printf has no %f). */
static const char *size_text(uint64_t b, char *buf, size_t n)
{
	if (b < (uint64_t)10 << 20)
		snprintf(buf, n, "%lu KiB", (unsigned long)(b >> 10));
	else
		snprintf(buf, n, "%lu MiB", (unsigned long)(b >> 20));
	return buf;
}

/* Direct I/O on name as o->dio says (auto: core/tune.c's rule), and the
 * one line that says what it is now, and why. */
static void set_dio(const struct tune_ctx *t, const char *name, const char *what)
{
	char path[96], buf[32], why[160], is[24], ram[24];
	uint64_t img = 0;
	unsigned dio;
	size_t len;
	int want = t->o->dio, e = 0;

	if (want == TUNE_KEEP)
		return;
	if (want == TUNE_AUTO) {
		img = loop_bytes(name);
		want = tune_dio_auto(img, t->mem);
		if (!img || !t->mem)
			snprintf(why, sizeof(why), "auto: %s unknown",
				 !t->mem ? "the RAM size" : "the image's size");
		else
			snprintf(why, sizeof(why), "auto: the image, %s, is %s half of the RAM, %s",
				 size_text(img, is, sizeof(is)), want == 1 ? "more than" : "at most",
				 size_text(t->mem, ram, sizeof(ram)));
	} else {
		snprintf(why, sizeof(why), "%s%s", t->dio_from, want ? "on" : "off");
	}
	if (want != TUNE_KEEP) {
		snprintf(path, sizeof(path), "/dev/%s", name);
		e = blk_loop_set_dio(path, want);
	}
	snprintf(path, sizeof(path), "/sys/block/%s/loop/dio", name);
	if (file_read_all(path, buf, sizeof(buf), &len) || tune_parse_uint(buf, len, &dio))
		dio = 2;
	if (e)
		log_info("tune: %s: unable to turn direct I/O %s (%s): %s (dio %s)", what,
			 want ? "on" : "off", why, strerror(-e),
			 dio == 2 ? "?" : dio ? "on" : "off");
	else if (want == TUNE_KEEP)
		log_info("tune: %s: direct I/O left %s (%s%s)", what,
			 dio == 2 ? "as it is" : dio ? "on" : "off", why,
			 dio ? "" : "; netboot.loop-dio=on turns it on");
	else
		log_info("tune: %s: direct I/O %s (%s)", what,
			 dio == 2 ? "?" : dio ? "on" : "off", why);
}

static void tune_loop(struct tune_ctx *t, const char *name)
{
	char path[96], buf[TUNE_PATH_MAX + 16], backing[TUNE_PATH_MAX], what[TUNE_PATH_MAX + 32];
	unsigned maj, min;
	size_t len, i;
	bool on_nfs = false;
	int e;

	snprintf(path, sizeof(path), "/sys/block/%s/loop/backing_file", name);
	if (file_read_all(path, buf, sizeof(buf), &len))
		return; /* not bound, or no such attribute */
	t->nloop++;
	e = tune_backing_path(buf, len, backing, sizeof(backing));
	if (e) {
		log_info("tune: %s: backing file not usable (%s)", name, strerror(-e));
		return;
	}
	if (!tune_is_squashfs(backing))
		return;
	e = blk_stat_dev(backing, &maj, &min);
	if (e) {
		log_info("tune: %s: %s: %s", name, backing, strerror(-e));
		return;
	}
	for (i = 0; i < t->nm; i++)
		if (t->m[i].major == maj && t->m[i].minor == min)
			on_nfs = true;
	if (!on_nfs) {
		log_info("tune: %s: %s is not on an NFS mount; left as it is", name, backing);
		return;
	}
	t->ntuned++;
	snprintf(what, sizeof(what), "%s (%s)", name, backing);
	if (t->o->loop_ra_kb != TUNE_KEEP) {
		snprintf(path, sizeof(path), "/sys/block/%s/queue/read_ahead_kb", name);
		set_ra(what, path, t->o->loop_ra_kb);
	}
	set_dio(t, name, what);
}
static int loop_cb(const char *name, unsigned mode, void *arg)
{
	(void)mode;
	if (is_loop_name(name))
		tune_loop(arg, name);
	return 0;
}

int phase_tune(const struct tune_opts *o, const char *dio_from)
{
	static char buf[MOUNTINFO_MAX];
	static struct tune_mount m[TUNE_MOUNTS_MAX];
	struct tune_ctx t = { .o = o, .dio_from = dio_from, .m = m };
	size_t len;
	int e;

	if (o->dio == TUNE_AUTO) {
		e = file_read_all("/proc/meminfo", buf, sizeof(buf), &len);
		if (!e)
			e = tune_meminfo_total(buf, len, &t.mem);
		if (e)
			log_info("tune: /proc/meminfo: no MemTotal (%s)", strerror(-e));
	}

	e = file_read_all("/proc/self/mountinfo", buf, sizeof(buf), &len);
	if (e) {
		log_info("tune: /proc/self/mountinfo: %s; nothing tuned", strerror(-e));
		return NETBOOT_EXIT_OK;
	}
	if (tune_nfs_mounts(buf, len, m, TUNE_MOUNTS_MAX, &t.nm) == -ENOBUFS)
		log_info("tune: more than %d NFS mounts; the first %d tuned", TUNE_MOUNTS_MAX,
			 TUNE_MOUNTS_MAX);
	if (t.nm == 0) {
		log_info("tune: no NFS mount; nothing tuned");
		return NETBOOT_EXIT_OK;
	}
	if (o->nfs_ra_kb != TUNE_KEEP)
		tune_nfs(&t);
	e = dir_list("/sys/block", 4096, loop_cb, &t);
	if (e)
		log_info("tune: /sys/block: %s", strerror(-e));
	if (t.ntuned == 0)
		log_info("tune: no loop device over the NFS mount (%u bound); loop left as it is",
			 t.nloop);
	return NETBOOT_EXIT_OK;
}

/* netboot.loop-dio= of the command line, read quietly (premount has said
 * its warnings already): 1, 0, or TUNE_AUTO when absent or unreadable. */
static int dio_from_cmdline(const struct phase_opts *po)
{
	static char buf[CMDLINE_MAX + 2];
	static struct cmdline c;
	char err[CMDLINE_ERR_MAX];
	size_t len;

	if (file_read_all(po->cmdline_path, buf, sizeof(buf), &len) ||
	    cmdline_parse(buf, len, &c, err, sizeof(err)))
		return TUNE_AUTO;
	return c.loop_dio == CMDLINE_DIO_ON ? 1 : c.loop_dio == CMDLINE_DIO_OFF ? 0 : TUNE_AUTO;
}

int phase_tune_main(int argc, char **argv)
{
	struct phase_opts po = { 0 };
	struct tune_opts o;
	const char *dio_from = "netboot.loop-dio=";
	int i, e, left = phase_getopts(argc, argv, &po);

	tune_defaults(&o);
	for (i = 1; i < left; i++)
		if (!strcmp(argv[i], "--dio"))
			dio_from = "--dio ";
	if (left > 0 && dio_from[0] != '-')
		o.dio = dio_from_cmdline(&po);
	for (i = 1; i < left; i++) {
		e = i + 1 < left ? tune_parse_opt(&o, argv[i], argv[i + 1]) : -ENOENT;
		if (e) {
			left = -1;
			break;
		}
		i++;
	}
	if (left < 0) {
		fprintf(stderr, "usage: netboot tune [--cmdline FILE] [--rundir DIR] [--dio auto|on|off|keep] "
				"[--nfs-ra KB|keep] [--loop-ra KB|keep]\n");
		return NETBOOT_EXIT_CONFIG;
	}
	log_open(po.rundir);
	return phase_tune(&o, dio_from);
}
