/*
 * clock.c - time and randomness edges.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/times.h>

#include "clock.h"

#ifdef __KLIBC__
uint64_t clock_ms(void)
{
	/* times() counts clock ticks (USER_HZ = 100 on every Linux ABI) and,
	 * as an unsigned long on 64-bit, does not wrap in practice. */
	unsigned long t = (unsigned long)times(NULL);

	return (uint64_t)t * 10;
}
#else
uint64_t clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
#endif

void clock_sleep_ms(unsigned ms)
{
	poll(NULL, 0, (int)ms);
}

uint32_t clock_random(void)
{
	static uint32_t state;
	uint32_t v = 0;
	int fd = open("/dev/urandom", O_RDONLY);

	if (fd >= 0) {
		if (read(fd, &v, sizeof(v)) != (ssize_t)sizeof(v))
			v = 0;
		close(fd);
	}
	/* xorshift over the clock and pid as a fallback and a mix-in */
	state ^= v ^ (uint32_t)clock_ms() ^ ((uint32_t)getpid() << 16);
	if (!state)
		state = 0x9e3779b9u;
	state ^= state << 13;
	state ^= state >> 17;
	state ^= state << 5;
	return state ^ v;
}

/* /proc/uptime: "SECONDS.HUNDREDTHS IDLE".  0 when unreadable. */
uint64_t clock_boot_ms(void)
{
	char buf[64];
	uint64_t s = 0, frac = 0;
	int fd = open("/proc/uptime", O_RDONLY), i, digits = 0;
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	for (i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		s = s * 10 + (uint64_t)(buf[i] - '0');
	if (i < n && buf[i] == '.')
		for (i++; i < n && buf[i] >= '0' && buf[i] <= '9' && digits < 3; i++, digits++)
			frac = frac * 10 + (uint64_t)(buf[i] - '0');
	for (; digits < 3; digits++)
		frac *= 10;
	return s * 1000 + frac;
}

unsigned long clock_uptime_s(void)
{
	return (unsigned long)(clock_boot_ms() / 1000);
}
