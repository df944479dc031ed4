/*
 * main.c - netboot-diag: argv, --help, exit codes, and the whole run's
 * hard stop.  The checks are in check.c; this file only turns the command
 * line into struct check_opts.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static const char usage[] =
	"usage: netboot-diag [--nfsroot SERVER:/PATH | --url URL[,URL...]] [--cmdline FILE]\n"
	"                    [--rundir DIR] [--netconf-dir DIR] [--uuid-conf FILE]\n"
	"                    [--timeout SEC] [--deadline SEC]\n"
	"\n"
	"Run at the initrd's prompt after a failed netboot: checks the network, the\n"
	"NFS server, its exports, the mount (NFSv3 and v4), the live image's place,\n"
	"its squashfs header and .disk/, and says what failed and how to fix it.\n"
	"With netboot=http (netboot=url, fetch=): for each URL the network, the\n"
	"name, the web server, the size against RAM, ranges, the checksum and the\n"
	"image's squashfs header.\n"
	"\n"
	"  --nfsroot SERVER:/PATH  the export to check (default: nfsroot= from the\n"
	"                          command line, else the lease's root-path/server)\n"
	"  --url URL[,URL...]      check these http:// URLs (default with netboot=http:\n"
	"                          url= / fetch=, else the lease's http:// root-path)\n"
	"  --cmdline FILE          kernel command line (default /proc/cmdline)\n"
	"  --rundir DIR            netboot's state and netboot.log (default /run/netboot)\n"
	"  --netconf-dir DIR       where net-DEV.conf lives (default /run)\n"
	"  --uuid-conf FILE        the initrd's casper uuid (default /conf/uuid.conf)\n"
	"  --timeout SEC           per network operation, 1..300 (default 5)\n"
	"  --deadline SEC          the whole run, 1..3600 (default 60); then exit 111\n"
	"\n"
	"Exit codes: 0 every check passed; 1 a problem was found (and explained);\n"
	"100 bad usage or configuration; 111 could not check (no network, system error).\n";

/* Parse SEC in lo..hi into *out.  0 or -1 (said on stderr). */
static int seconds(const char *opt, const char *val, unsigned long lo,
		   unsigned long hi, unsigned *out)
{
	char *end;
	unsigned long t = strtoul(val, &end, 10);

	if (!*val || *end || t < lo || t > hi) {
		fprintf(stderr, "netboot-diag: %s %s: expected %lu..%lu seconds\n",
			opt, val, lo, hi);
		return -1;
	}
	*out = (unsigned)t;
	return 0;
}

/*
 * The hard stop: --deadline bounds every network wait of the checks; this
 * catches anything that still blocks (a synchronous libnfs call, a
 * read), one second later.  Only async-signal-safe calls.
 */
static void hard_stop(int sig)
{
	static const char msg[] =
		"\nnetboot-diag: stopped: the whole run's deadline (--deadline) passed\n";
	ssize_t n;

	(void)sig;
	n = write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	(void)n;
	_exit(CHECK_EXIT_CANNOT);
}

int main(int argc, char **argv)
{
	struct check_opts o = {
		.nfsroot = NULL,
		.cmdline = "/proc/cmdline",
		.rundir = "/run/netboot",
		.netconf_dir = "/run",
		.uuid_conf = "/conf/uuid.conf",
		.timeout_s = 5,
		.deadline_s = 60,
	};
	const char *timeout = NULL, *deadline = NULL;
	struct sigaction sa;
	int i;

	static const char *const name[] = {
		"--nfsroot", "--cmdline", "--rundir", "--netconf-dir",
		"--uuid-conf", "--timeout", "--deadline", "--url",
	};
	const char **slot[] = {
		&o.nfsroot, &o.cmdline, &o.rundir, &o.netconf_dir, &o.uuid_conf,
		&timeout, &deadline, &o.url,
	};

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		size_t k, nl;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return CHECK_EXIT_OK;
		}
		if (!strcmp(a, "--version")) {
			printf("netboot-diag %s\n", NETBOOT_VERSION);
			return CHECK_EXIT_OK;
		}
		for (k = 0; k < sizeof(name) / sizeof(name[0]); k++) {
			nl = strlen(name[k]);
			if (strncmp(a, name[k], nl) || (a[nl] != '\0' && a[nl] != '='))
				continue;
			if (a[nl] == '=')
				val = a + nl + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else {
				fprintf(stderr, "netboot-diag: %s needs a value\n%s",
					name[k], usage);
				return CHECK_EXIT_USAGE;
			}
			*slot[k] = val;
			break;
		}
		if (!val) {
			fprintf(stderr, "netboot-diag: unknown argument %s\n%s", a, usage);
			return CHECK_EXIT_USAGE;
		}
	}
	if ((timeout && seconds("--timeout", timeout, 1, 300, &o.timeout_s)) ||
	    (deadline && seconds("--deadline", deadline, 1, 3600, &o.deadline_s)))
		return CHECK_EXIT_USAGE;
	if (o.nfsroot && o.url) {
		fprintf(stderr, "netboot-diag: --nfsroot and --url: give one\n%s", usage);
		return CHECK_EXIT_USAGE;
	}
	if (o.url && (!*o.url || strlen(o.url) > 2048 || strpbrk(o.url, " \t"))) {
		fprintf(stderr, "netboot-diag: --url %s: empty, too long or has blanks\n", o.url);
		return CHECK_EXIT_USAGE;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = hard_stop;
	sigaction(SIGALRM, &sa, NULL);
	alarm(o.deadline_s + 1);
	return check_run(&o, stdout);
}
