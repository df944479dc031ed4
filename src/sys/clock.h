/*
 * clock.h - the one place netboot reads time.  Monotonic milliseconds since
 * an arbitrary origin (boot, in practice): CLOCK_MONOTONIC, 1 ms resolution.
 * klibc has no clock_gettime(); clock.c calls the system call itself on
 * x86_64 and falls back to times(2) elsewhere (jiffies at USER_HZ = 100,
 * i.e. 10 ms resolution).
 */
#ifndef NETBOOT_CLOCK_H
#define NETBOOT_CLOCK_H

#include <stdint.h>

uint64_t clock_ms(void);
/* Sleep ms milliseconds (poll with no fds). */
void clock_sleep_ms(unsigned ms);
/* 32 random bits that never block: seeded once from the kernel's
 * get_random_bytes() (via /proc/sys/kernel/random/uuid), not /dev/urandom,
 * which may stall for entropy this early in the boot. */
uint32_t clock_random(void);
/* Milliseconds since boot (CLOCK_BOOTTIME, what /proc/uptime prints; the
 * file where the clock is missing), 0 when unknown: the boot report's
 * timestamps, comparable across processes. */
uint64_t clock_boot_ms(void);
/* Seconds since boot (/proc/uptime), 0 when unknown. */
unsigned long clock_uptime_s(void);

#endif
