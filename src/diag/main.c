/*
 * main.c - netboot-diag: argv, --help, exit codes.  The checks are in
 * check.c; this file only turns the command line into struct check_opts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char usage[] =
	"usage: netboot-diag [--nfsroot SERVER:/PATH] [--cmdline FILE] [--rundir DIR]\n"
	"                    [--netconf-dir DIR] [--uuid-conf FILE] [--timeout SEC]\n"
	"\n"
	"Run at the initrd's prompt after a failed netboot: checks the network, the\n"
	"NFS server, its exports, the mount (NFSv3 and v4), the live image's place,\n"
	"its squashfs header and .disk/, and says what failed and how to fix it.\n"
	"\n"
	"  --nfsroot SERVER:/PATH  the export to check (default: nfsroot= from the\n"
	"                          command line, else the lease's root-path/server)\n"
	"  --cmdline FILE          kernel command line (default /proc/cmdline)\n"
	"  --rundir DIR            netboot's state and netboot.log (default /run/netboot)\n"
	"  --netconf-dir DIR       where net-DEV.conf lives (default /run)\n"
	"  --uuid-conf FILE        the initrd's casper uuid (default /conf/uuid.conf)\n"
	"  --timeout SEC           per network operation, 1..300 (default 5)\n"
	"\n"
	"Exit codes: 0 every check passed; 1 a problem was found (and explained);\n"
	"100 bad usage or configuration; 111 could not check (no network, system error).\n";

int main(int argc, char **argv)
{
	struct check_opts o = {
		.nfsroot = NULL,
		.cmdline = "/proc/cmdline",
		.rundir = "/run/netboot",
		.netconf_dir = "/run",
		.uuid_conf = "/conf/uuid.conf",
		.timeout_s = 5,
	};
	const char *timeout = NULL;
	int i;

	static const char *const name[] = {
		"--nfsroot", "--cmdline", "--rundir", "--netconf-dir",
		"--uuid-conf", "--timeout",
	};
	const char **slot[] = {
		&o.nfsroot, &o.cmdline, &o.rundir, &o.netconf_dir, &o.uuid_conf,
		&timeout,
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
	if (timeout) {
		char *end;
		unsigned long t = strtoul(timeout, &end, 10);

		if (!*timeout || *end || t < 1 || t > 300) {
			fprintf(stderr, "netboot-diag: --timeout %s: expected 1..300 seconds\n",
				timeout);
			return CHECK_EXIT_USAGE;
		}
		o.timeout_s = (unsigned)t;
	}
	return check_run(&o, stdout);
}
