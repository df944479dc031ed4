/*
 * budget.h - the whole boot budget (netboot.timeout=) and each phase's
 * share of it.
 *
 * netboot.timeout= bounds netboot's whole run, counted from its start; each
 * phase also has a budget of its own (the driver wait, netboot.dhcp-timeout=,
 * netboot.mount-timeout=).  A phase gets its own budget from the moment it
 * starts, cut to what is left of the whole:
 *
 *   deadline = min(now + phase, start + whole)
 *
 * so netboot.timeout=100 netboot.dhcp-timeout=300 gives DHCP at most 100 s
 * minus what came before it, and the default 180 s whole holds the driver
 * wait (10 s), DHCP (60 s) and the mount (180 s) to 180 s together.  Pure:
 * the caller reads the clock.
 */
#ifndef NETBOOT_BUDGET_H
#define NETBOOT_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

/* The absolute deadline (same clock as start_ms and now_ms) of a phase of
 * phase_ms starting at now_ms within a whole of whole_ms from start_ms.
 * Never before now_ms.  *clamped (may be NULL) says whether the whole cut
 * the phase short. */
uint64_t budget_until(uint64_t start_ms, uint64_t whole_ms, uint64_t now_ms,
		      uint64_t phase_ms, bool *clamped);

/* What is left of the whole at now_ms (0 when spent). */
uint64_t budget_left(uint64_t start_ms, uint64_t whole_ms, uint64_t now_ms);

#endif
