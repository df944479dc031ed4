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

#if defined(__KLIBC__) && defined(__x86_64__)
/* klibc has no clock_gettime().  Its own system-call stubs are two
 * instructions, the number in eax and a jump to __syscall_common (which
 * moves rcx to r10, enters the kernel and sets errno): this is one more of
 * them, for clock_gettime(2) (228 on x86_64). */
int nb_clock_gettime(int clk, struct timespec *ts);
__asm__(".section .text.nb_clock_gettime,\"ax\",@progbits\n"
	".globl nb_clock_gettime\n"
	".type nb_clock_gettime,@function\n"
	"nb_clock_gettime:\n"
	"\tmovl $228, %eax\n"
	"\tjmp __syscall_common\n"
	".size nb_clock_gettime, .-nb_clock_gettime\n"
	".previous\n");
#define NB_CLOCK_GETTIME nb_clock_gettime
#elif !defined(__KLIBC__)
#define NB_CLOCK_GETTIME clock_gettime
#endif

#ifdef NB_CLOCK_GETTIME
/* ms of clk, 0 when the kernel refuses it */
static uint64_t clk_ms(int clk)
{
	struct timespec ts;

	if (NB_CLOCK_GETTIME(clk, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t clock_ms(void)
{
	return clk_ms(CLOCK_MONOTONIC);
}
#else
uint64_t clock_ms(void)
{
	/* times() counts clock ticks (USER_HZ = 100 on every Linux ABI) and,
	 * as an unsigned long on 64-bit, does not wrap in practice. */
	unsigned long t = (unsigned long)times(NULL);

	return (uint64_t)t * 10;
}
#endif

void clock_sleep_ms(unsigned ms)
{
	poll(NULL, 0, (int)ms);
}

/*
 * Randomness for xids and jitter, never blocking.  /dev/urandom is not an
 * option this early: since Linux 5.18 a read before the CRNG is ready
 * makes the kernel gather jitter entropy first, about a second per call on
 * an emulated machine.  /proc/sys/kernel/random/uuid comes from
 * get_random_bytes(), which never waits; it seeds a splitmix64 sequence,
 * mixed with the clock and pid.
 */
static uint64_t rnd_state;

static void rnd_seed(void)
{
	char buf[64];
	ssize_t n = 0, i;
	int fd = open("/proc/sys/kernel/random/uuid", O_RDONLY);

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf));
		close(fd);
	}
	rnd_state = 0x9e3779b97f4a7c15ull ^ clock_ms() ^ ((uint64_t)getpid() << 32);
	for (i = 0; i < n; i++)
		rnd_state = (rnd_state ^ (unsigned char)buf[i]) * 0x100000001b3ull;
	if (!rnd_state)
		rnd_state = 1;
}

uint32_t clock_random(void)
{
	uint64_t z;

	if (!rnd_state)
		rnd_seed();
	z = (rnd_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (uint32_t)((z ^ (z >> 31)) >> 16);
}

/* /proc/uptime: "SECONDS.HUNDREDTHS IDLE".  0 when unreadable. */
static uint64_t uptime_ms(void)
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

/* CLOCK_BOOTTIME is the clock /proc/uptime prints (to 10 ms): one system
 * call, no file, 1 ms resolution.  /proc/uptime where it is missing. */
uint64_t clock_boot_ms(void)
{
#ifdef NB_CLOCK_GETTIME
	uint64_t b = clk_ms(CLOCK_BOOTTIME);

	if (b)
		return b;
#endif
	return uptime_ms();
}

unsigned long clock_uptime_s(void)
{
	return (unsigned long)(clock_boot_ms() / 1000);
}
