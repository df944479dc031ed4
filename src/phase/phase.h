/*
 * phase.h - the boot phases netboot runs, each callable as a subcommand.
 * A phase wires the pure core to the edges and logs; it returns an exit
 * code from the table below.
 */
#ifndef NETBOOT_PHASE_H
#define NETBOOT_PHASE_H

#include <stdbool.h>
#include <stdint.h>

#include "cmdline.h"

/* Exit codes (README, netboot(8)). */
#define NETBOOT_EXIT_OK        0
#define NETBOOT_EXIT_CONFIG    100 /* bad configuration or usage: fix, then retry */
#define NETBOOT_EXIT_TRANSIENT 111 /* network, server or system failure: may work later */

/* Options every subcommand shares. */
struct phase_opts {
	const char *cmdline_path; /* default /proc/cmdline */
	const char *rundir;       /* default /run/netboot */
};

/*
 * Parse the common options (--cmdline FILE, --rundir DIR) out of argv,
 * leaving the rest in place.  Returns the number of arguments left, or -1
 * with a message printed.
 */
int phase_getopts(int argc, char **argv, struct phase_opts *o);

/* Read and parse the command line; prints the error and returns
 * NETBOOT_EXIT_CONFIG / NETBOOT_EXIT_TRANSIENT on failure. */
int phase_load_cmdline(const struct phase_opts *o, struct cmdline *c);

/* The whole budget, netboot.timeout=, counts from this process's start:
 * main calls phase_clock_start() first (else the first phase_until() call
 * starts it). */
void phase_clock_start(void);
/* The deadline (clock_ms()) of a phase of phase_s seconds starting at
 * now_ms: now_ms + phase_s, cut to what is left of c's netboot.timeout=
 * (core/budget.h).  *clamped (may be NULL): whether it was cut. */
uint64_t phase_until(const struct cmdline *c, unsigned phase_s, uint64_t now_ms,
		     bool *clamped);
/* The same as a length: ms from now_ms to phase_until(). */
uint64_t phase_budget_ms(const struct cmdline *c, unsigned phase_s, uint64_t now_ms);

/* Subcommands. */
int phase_cmdline_main(int argc, char **argv);
int phase_premount_main(int argc, char **argv);
int phase_handoff_main(int argc, char **argv);
int phase_handoff(const char *root, const char *rundir);

#endif
