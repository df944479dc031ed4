/*
 * test-budget.c - core/budget.c: a phase's deadline inside netboot.timeout=.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "budget.h"

/* rows: start, whole, now, phase -> until - now, clamped */
static void test_rows(void **state)
{
	static const struct {
		uint64_t start, whole, now, phase, len;
		bool cut;
	} r[] = {
		{ 0, 180000, 0, 60000, 60000, false },          /* DHCP first: its own */
		{ 0, 100000, 0, 300000, 100000, true },         /* timeout=100 dhcp=300 */
		{ 0, 180000, 70000, 180000, 110000, true },     /* mount after 70 s of net */
		{ 0, 180000, 180000, 180000, 0, true },         /* spent */
		{ 0, 180000, 250000, 60000, 0, true },          /* overspent: never before now */
		{ 5000, 30000, 1000, 10000, 10000, false },     /* clock before start */
		{ 0, UINT64_MAX / 2, 0, 60000, 60000, false },  /* no overflow */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		bool cut = !r[i].cut;
		uint64_t u = budget_until(r[i].start, r[i].whole, r[i].now, r[i].phase, &cut);

		assert_int_equal(u - r[i].now, r[i].len);
		assert_int_equal(cut, r[i].cut);
		assert_true(u >= r[i].now);
	}
	assert_int_equal(budget_until(0, 1000, 0, 5000, NULL), 1000);
}

/* Defect 3 with the defaults: driver wait 10 s, DHCP 60 s, mount 180 s
 * used to add up to 250 s; within the whole they add up to 180 s. */
static void test_defaults_add_up_to_the_whole(void **state)
{
	uint64_t whole = 180000, now = 0, u;

	(void)state;
	u = budget_until(0, whole, now, 10000, NULL); /* drivers */
	now = u;
	u = budget_until(0, whole, now, 60000, NULL); /* DHCP */
	now = u;
	u = budget_until(0, whole, now, 180000, NULL); /* mount */
	assert_int_equal(u, whole);
	assert_int_equal(budget_left(0, whole, u), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_defaults_add_up_to_the_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
