/*
 * test-phase-premount.c - premount's hand-over (src/phase/premount.c) on
 * the phase seam: which medium casper / live-boot get (the export, or the
 * read-only overlay with a .disk/info when the export has none, or the
 * export again when that overlay can not be mounted), what param.conf
 * gets for each /init, and the failure paths.  The overlay mount is
 * fs.c's fake; files are real, in a mkdtemp() folder.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake.h"
#include "kvfile.h"
#include "log.h"
#include "phase.h"
#include "premount.h"

static char dir[64], param[128], nfsdir[128], cmdfile[128], path[256];
static struct cmdline c;
static struct nfsspec spec;
static struct premount_handover h;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	snprintf(dir, sizeof(dir), "/tmp/test-premount-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(param, sizeof(param), "%s/param.conf", dir);
	snprintf(nfsdir, sizeof(nfsdir), "%s/nfs", dir);
	snprintf(cmdfile, sizeof(cmdfile), "%s/cmdline", dir);
	assert_int_equal(log_open(dir), 0);
	memset(&c, 0, sizeof(c));
	c.boot = CMDLINE_BOOT_CASPER;
	c.method = CMDLINE_METHOD_NFS;
	memset(&spec, 0, sizeof(spec));
	strcpy(spec.server, "10.0.0.1");
	spec.server4 = 0x0a000001;
	strcpy(spec.path, "/srv/live");
	memset(&h, 0, sizeof(h));
	h.c = &c;
	h.rundir = dir;
	h.cmdline_path = cmdfile;
	h.param = param;
	h.shim = "/usr/lib/netboot/shim";
	h.dev = "enp1s0";
	h.spec = &spec;
	h.nfsdir = nfsdir;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static const char *slurp(const char *p)
{
	static char buf[65536];
	FILE *f = fopen(p, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* KEY's value in param.conf, as sh would read it */
static const char *get(const char *key)
{
	static char out[8192];
	const char *b = slurp(param);

	assert_non_null(b);
	if (kvfile_get(b, strlen(b), key, out, sizeof(out)))
		return NULL;
	return out;
}

static void test_export_has_info(void **state)
{
	(void)state;
	assert_int_equal(premount_handover(&h), NETBOOT_EXIT_OK);
	assert_int_equal(fake_fs_mounts, 0);
	assert_string_equal(get("NETBOOT_MEDIA"), nfsdir);
	assert_string_equal(get("DEVICE"), "enp1s0");
	assert_string_equal(get("NETBOOT"), "nfs");
	assert_string_equal(get("NFSROOT"), "10.0.0.1:/srv/live");
	assert_string_equal(get("PATH"), "/usr/lib/netboot/shim:/usr/sbin:/usr/bin:/sbin:/bin");
}

static void test_info_missing_overlay(void **state)
{
	char want[400];

	(void)state;
	h.info_missing = true;
	assert_int_equal(premount_handover(&h), NETBOOT_EXIT_OK);
	assert_int_equal(fake_fs_mounts, 1);
	snprintf(path, sizeof(path), "%s/media", dir);
	assert_string_equal(fake_fs_mount_target, path);
	snprintf(want, sizeof(want), "lowerdir=%s/disk:%s", dir, nfsdir);
	assert_string_equal(fake_fs_mount_opts, want);
	snprintf(path, sizeof(path), "%s/disk/.disk/info", dir);
	assert_string_equal(slurp(path), "netboot live image 10.0.0.1:/srv/live\n");
	snprintf(path, sizeof(path), "%s/media", dir);
	assert_string_equal(get("NETBOOT_MEDIA"), path);
}

static void test_overlay_fails(void **state)
{
	const char *log;

	(void)state;
	h.info_missing = true;
	fake_fs_mount_err = ENODEV; /* no overlay in this kernel */
	assert_int_equal(premount_handover(&h), NETBOOT_EXIT_OK);
	assert_int_equal(fake_fs_mounts, 1);
	assert_string_equal(get("NETBOOT_MEDIA"), nfsdir);
	snprintf(path, sizeof(path), "%s/netboot.log", dir);
	log = slurp(path);
	assert_non_null(strstr(log, "unable to supply .disk/info (No such device): casper may stop at its disc-name prompt"));
}

static void test_live_boot(void **state)
{
	FILE *f = fopen(cmdfile, "w");

	(void)state;
	fputs("boot=live netboot=nfs nfsroot=10.0.0.1:/srv/live quiet\n", f);
	fclose(f);
	c.boot = CMDLINE_BOOT_LIVE;
	assert_int_equal(premount_handover(&h), NETBOOT_EXIT_OK);
	assert_string_equal(get("LIVE_BOOT_CMDLINE"),
			    "live-netdev=enp1s0 boot=live netboot=nfs nfsroot=10.0.0.1:/srv/live quiet");
	assert_null(get("DEVICE"));
	/* the command line unreadable: DEVICE=, as for any /init */
	unlink(param);
	unlink(cmdfile);
	assert_int_equal(premount_handover(&h), NETBOOT_EXIT_OK);
	assert_null(get("LIVE_BOOT_CMDLINE"));
	assert_string_equal(get("DEVICE"), "enp1s0");
	assert_null(get("NETBOOT"));
}

static void test_param_appended(void **state)
{
	FILE *f = fopen(param, "w");
	const char *b;

	(void)state;
	fputs("ROOT=/dev/nfs\n", f);
	fclose(f);
	assert_int_equal(premount_handover(&h), NETBOOT_EXIT_OK);
	b = slurp(param);
	assert_memory_equal(b, "ROOT=/dev/nfs\n# netboot", 23);
}

static void test_param_unwritable(void **state)
{
	const char *log;

	(void)state;
	/* a symlink at /conf/param.conf is never written through */
	snprintf(path, sizeof(path), "%s/elsewhere", dir);
	assert_int_equal(symlink(path, param), 0);
	assert_int_equal(premount_handover(&h), NETBOOT_EXIT_TRANSIENT);
	assert_null(slurp(path));
	snprintf(path, sizeof(path), "%s/netboot.log", dir);
	log = slurp(path);
	assert_non_null(strstr(log, "error: unable to hand over through"));
	/* a value a shell would misread: refused, nothing appended */
	unlink(param);
	h.dev = "eth0\nreboot";
	assert_int_equal(premount_handover(&h), NETBOOT_EXIT_TRANSIENT);
	assert_null(slurp(param));
}

/* The command line's words reach the console and the report only
 * sanitized: an error or a warning that quotes ESC or a C1 CSI byte
 * shows it as \xNN (phase_load_cmdline, which every phase runs). */
static void test_cmdline_messages_sanitized(void **state)
{
	struct phase_opts o = { .cmdline_path = cmdfile, .rundir = dir };
	static struct cmdline cl;
	const char *log;
	FILE *f;

	(void)state;
	f = fopen(cmdfile, "w");
	assert_non_null(f);
	fputs("netboot=nfs NETBOOT=nfs\x9b" "2J netboot.loop-dio=\xc3\xa9\n", f);
	fclose(f);
	assert_int_equal(phase_load_cmdline(&o, &cl), NETBOOT_EXIT_OK);
	f = fopen(cmdfile, "w");
	assert_non_null(f);
	fputs("netboot=nfs nfsroot=\"s:/p\x1b[2J\"\n", f);
	fclose(f);
	assert_int_equal(phase_load_cmdline(&o, &cl), NETBOOT_EXIT_CONFIG);
	snprintf(path, sizeof(path), "%s/netboot.log", dir);
	log = slurp(path);
	assert_non_null(log);
	assert_non_null(strstr(log, "write netboot=nfs\\x9b2J"));
	assert_non_null(strstr(log, "netboot.loop-dio=\\xc3\\xa9: expected auto, on or off"));
	assert_non_null(strstr(log, "s:/p\\x1b[2J"));
	assert_null(strchr(log, '\x1b'));
	assert_null(strchr(log, '\x9b'));
	assert_null(strchr(log, '\xc3'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_export_has_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_info_missing_overlay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlay_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_live_boot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_param_appended, setup, teardown),
		cmocka_unit_test_setup_teardown(test_param_unwritable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cmdline_messages_sanitized, setup, teardown),
	};

	return cmocka_run_group_tests_name("phase-premount", tests, NULL, NULL);
}
