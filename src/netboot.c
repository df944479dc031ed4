/*
 * netboot.c - main: argv, dispatch to the phases, exit codes.
 *
 * netboot runs inside casper's or live-boot's /init (and, for tests, on any
 * host).  Each subcommand is one boot phase; see netboot(8).
 */
#include <stdio.h>
#include <string.h>

#include "fetch.h"
#include "mount.h"
#include "net.h"
#include "phase.h"
#include "resolve.h"
#include "stream.h"
#include "tune-phase.h"

static const char usage[] =
	"usage: netboot COMMAND [--cmdline FILE] [--rundir DIR] [ARGS]\n"
	"\n"
	"Netboot a live image (Ubuntu casper, Debian live-boot) over PXE, NFS or HTTP.\n"
	"Runs inside the initrd's /init; every command also runs on a host.\n"
	"\n"
	"Commands:\n"
	"  cmdline    parse the kernel command line and print it as key='value' lines\n"
	"  net        choose the boot NIC, get a lease on it, write /run/net-DEV.conf\n"
	"  mount      mount the NFS export and check the live image on it\n"
	"             [--dir DIR] (default /run/netboot/nfs)\n"
	"  fetch      netboot=http: fetch the image from url= into RAM, checked\n"
	"             [--dir DIR] (default /run/netboot/http)\n"
	"  resolve    NAME: its address through the lease's DNS servers\n"
	"  premount   net + mount + checks, then hand over to casper / live-boot\n"
	"             through /conf/param.conf [--param FILE] [--shim DIR]\n"
	"  handoff    keep network managers off the boot NIC in the live root\n"
	"             --root DIR (the assembled overlay, e.g. /root)\n"
	"  tune       after the loop device exists: NFS read-ahead, loop direct I/O\n"
	"             [--dio auto|on|off|keep] [--nfs-ra KB|keep] [--loop-ra KB|keep]\n"
	"  report-diag send FILE's lines (netboot-diag's findings; stdin if none)\n"
	"             to the boot server, when netboot.report= streams the report\n"
	"\n"
	"Options:\n"
	"  --cmdline FILE  read the kernel command line from FILE (default /proc/cmdline)\n"
	"  --rundir DIR    state and boot report directory (default /run/netboot)\n"
	"  --help          this text\n"
	"  --version       print the version\n"
	"\n"
	"Kernel command line keys: boot= netboot=nfs|http nfsroot= nfsopts= url= fetch=\n"
	"  ip= BOOTIF= netboot.sha256= netboot.fetch-timeout=\n"
	"  ethdevice= ethdevice-timeout= live-netdev= live-media-path= layerfs-path=\n"
	"  ignore_uuid toram netboot.timeout= netboot.dhcp-timeout=\n"
	"  netboot.carrier-timeout= netboot.mount-timeout= netboot.debug\n"
	"  netboot.report=udp:ADDR[:PORT]|off (clear text, to the boot server)\n"
	"  (legacy NETBOOT= NFSROOT= NFSOPTS= are accepted with a warning)\n"
	"\n"
	"Exit codes:\n"
	"  0    success\n"
	"  100  bad configuration or usage (the message says what to fix)\n"
	"  111  transient failure: no lease, server unreachable, system error\n"
	"\n"
	"See netboot(8).\n";

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "cmdline", phase_cmdline_main },
	{ "net", phase_net_main },
	{ "mount", phase_mount_main },
	{ "fetch", phase_fetch_main },
	{ "resolve", phase_resolve_main },
	{ "premount", phase_premount_main },
	{ "handoff", phase_handoff_main },
	{ "tune", phase_tune_main },
	{ "report-diag", phase_report_diag_main },
};

int main(int argc, char **argv)
{
	size_t i;

	phase_clock_start(); /* netboot.timeout= counts from here */
	if (argc < 2) {
		fputs(usage, stderr);
		return NETBOOT_EXIT_CONFIG;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return NETBOOT_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("netboot %s\n", NETBOOT_VERSION);
		return NETBOOT_EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "netboot: unknown command \"%s\"; try netboot --help\n", argv[1]);
	return NETBOOT_EXIT_CONFIG;
}
