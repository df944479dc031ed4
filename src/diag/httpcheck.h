/*
 * httpcheck.h - netboot-diag's checks of an HTTP source (netboot=http,
 * netboot=url, boot=live fetch=): for each URL, network, name, server,
 * size and RAM, ranges, checksum, image (src/diag/httpcheck.c).
 */
#ifndef NETBOOT_DIAG_HTTPCHECK_H
#define NETBOOT_DIAG_HTTPCHECK_H

#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "cmdline.h"
#include "lease.h"

/*
 * Check the URLs of --url, else url= / fetch= (cl), else the lease's
 * http:// root-path, in order; report on out.  ls may be NULL (no lease:
 * names cannot be looked up); leasemsg says where the lease came from.
 * deadline_ms is the run's end (probe_now_ms()'s clock).  Returns one of
 * the CHECK_EXIT_* codes (CHECK_EXIT_USAGE, said on stderr, when there is
 * no URL).
 */
int httpcheck_run(const struct check_opts *o, FILE *out, const struct cmdline *cl,
		  const struct lease *ls, const char *leasemsg, uint64_t deadline_ms);

#endif
