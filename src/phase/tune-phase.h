/*
 * tune-phase.h - `netboot tune` (src/phase/tune.c): the live medium's NFS
 * read-ahead and loop device, adjusted from init-bottom.  (core/tune.h
 * holds the decisions.)
 */
#ifndef NETBOOT_TUNE_PHASE_H
#define NETBOOT_TUNE_PHASE_H

#include "tune.h"

/* Apply o; logs what it did; always NETBOOT_EXIT_OK.  dio_from names
 * what set o->dio when it is on or off ("--dio ", "netboot.loop-dio="),
 * for the log line. */
int phase_tune(const struct tune_opts *o, const char *dio_from);
/* argv: tune [--cmdline FILE] [--rundir DIR] [--dio auto|on|off|keep]
 * [--nfs-ra KB|keep] [--loop-ra KB|keep]; defaults: tune_defaults(), and
 * without --dio, netboot.loop-dio= of the command line. */
int phase_tune_main(int argc, char **argv);

#endif
