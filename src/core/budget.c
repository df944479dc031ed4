/*
 * budget.c - a phase's deadline within the whole budget (see budget.h).
 */
#include "budget.h"

uint64_t budget_left(uint64_t start_ms, uint64_t whole_ms, uint64_t now_ms)
{
	uint64_t used = now_ms > start_ms ? now_ms - start_ms : 0;

	return used < whole_ms ? whole_ms - used : 0;
}

uint64_t budget_until(uint64_t start_ms, uint64_t whole_ms, uint64_t now_ms,
		      uint64_t phase_ms, bool *clamped)
{
	uint64_t left = budget_left(start_ms, whole_ms, now_ms);
	bool cut = left < phase_ms;

	if (clamped)
		*clamped = cut;
	return now_ms + (cut ? left : phase_ms);
}
