/*
 * clock.c (fake) - src/sys/clock.c for the phase seam: time is
 * fake_now_ms and moves only when a test or another fake advances it;
 * randomness is a fixed sequence (see fake.h).
 */
#include "clock.h"
#include "fake.h"

uint64_t fake_now_ms;
static uint64_t rnd_state;

void fake_clock_reset(void)
{
	fake_now_ms = 1000000;
	rnd_state = 0x1234567887654321ull;
}

void fake_clock_advance(uint64_t ms)
{
	fake_now_ms += ms;
}

uint64_t clock_ms(void)
{
	return fake_now_ms;
}

void clock_sleep_ms(unsigned ms)
{
	fake_now_ms += ms;
}

uint32_t clock_random(void)
{
	uint64_t z = (rnd_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (uint32_t)((z ^ (z >> 31)) >> 16);
}

uint64_t clock_boot_ms(void)
{
	return fake_now_ms;
}

unsigned long clock_uptime_s(void)
{
	return (unsigned long)(fake_now_ms / 1000);
}

void fake_reset(void)
{
	fake_clock_reset();
	fake_link_reset();
	fake_packet_reset();
	fake_fs_reset();
}
