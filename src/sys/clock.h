/*
 * clock.h - the one place netboot reads time.  Monotonic milliseconds since
 * an arbitrary origin (boot, in practice).  klibc has no clock_gettime(), so
 * there times(2) gives jiffies at USER_HZ (100), i.e. 10 ms resolution.
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
/* Milliseconds since boot (/proc/uptime, 10 ms resolution), 0 when
 * unknown: the boot report's timestamps, comparable across processes. */
uint64_t clock_boot_ms(void);
/* Seconds since boot (/proc/uptime), 0 when unknown. */
unsigned long clock_uptime_s(void);

#endif
