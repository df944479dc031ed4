/*
 * check.h - netboot-diag's seven checks, run in boot order and printed as
 * they go (src/diag/check.c; for netboot=http, src/diag/httpcheck.c).  Wires the pure parts (cmdline, nfsspec,
 * squash, explain) to the edges (probe.c, nfs.c).
 */
#ifndef NETBOOT_DIAG_CHECK_H
#define NETBOOT_DIAG_CHECK_H

#include <stdio.h>

/* Exit codes (netboot-diag(8)). */
#define CHECK_EXIT_OK      0   /* every check passed */
#define CHECK_EXIT_PROBLEM 1   /* a problem was found and explained */
#define CHECK_EXIT_USAGE   100 /* bad usage or configuration */
#define CHECK_EXIT_CANNOT  111 /* could not check (no network, system error) */

struct check_opts {
	const char *nfsroot;     /* --nfsroot SERVER:/PATH, NULL: from cmdline/lease */
	const char *url;         /* --url URL[,URL...]: check these over HTTP */
	const char *cmdline;     /* --cmdline FILE (/proc/cmdline) */
	const char *rundir;      /* --rundir DIR (/run/netboot) */
	const char *netconf_dir; /* --netconf-dir DIR (/run) */
	const char *uuid_conf;   /* --uuid-conf FILE (/conf/uuid.conf) */
	unsigned timeout_s;      /* --timeout SEC (5): per network operation */
	unsigned deadline_s;     /* --deadline SEC (60): the whole run */
};

/* Run every check, report on out, errors about the configuration on
 * stderr.  Returns one of the CHECK_EXIT_* codes. */
int check_run(const struct check_opts *o, FILE *out);

#endif
