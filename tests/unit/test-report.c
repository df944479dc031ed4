/*
 * test-report.c - unit tests for src/core/report.c: the datagram a client
 * sends for each boot report line, byte for byte; round trips of every
 * kind; the reader's refusals (other syslog messages, every field out of
 * its grammar, escapes, control bytes, sizes).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static struct report_rec sample(void)
{
	struct report_rec r;

	memset(&r, 0, sizeof(r));
	r.kind = REPORT_LINE;
	r.severity = REPORT_SEV_INFO;
	memcpy(r.mac, "\x52\x54\x00\x12\x34\x01", 6);
	r.ip = 0xc0000249; /* 192.0.2.73 */
	strcpy(r.phase, "net");
	r.up_ms = 9780;
	r.seq = 12;
	strcpy(r.text, "ens2: 192.0.2.73/255.255.255.0 via 192.0.2.1, lease from DHCP");
	return r;
}

static int parse_str(const char *s, struct report_rec *r)
{
	return report_parse((const uint8_t *)s, strlen(s), r);
}

static void test_format_exact(void **state)
{
	struct report_rec r = sample();
	char buf[REPORT_DGRAM_MAX + 1];

	(void)state;
	assert_true(report_format(&r, buf, sizeof(buf)) > 0);
	assert_string_equal(buf,
		"<134>1 - 192.0.2.73 netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" "
		"phase=\"net\" up=\"9.780\" seq=\"12\"] ens2: 192.0.2.73/255.255.255.0 via 192.0.2.1, lease from DHCP");
	r.kind = REPORT_VERDICT;
	r.verdict = REPORT_VERDICT_FAILED;
	r.severity = REPORT_SEV_ERR;
	r.ip = 0;
	strcpy(r.phase, "mount");
	strcpy(r.text, "no such export: 192.0.2.2 does not export /wrong");
	assert_true(report_format(&r, buf, sizeof(buf)) > 0);
	assert_string_equal(buf,
		"<131>1 - - netboot - verdict [netboot@32473 mac=\"52:54:00:12:34:01\" "
		"phase=\"mount\" up=\"9.780\" seq=\"12\" verdict=\"failed\"] no such export: 192.0.2.2 does not export /wrong");
	r.kind = REPORT_DIAG;
	r.severity = REPORT_SEV_WARNING;
	r.text[0] = '\0';
	assert_true(report_format(&r, buf, sizeof(buf)) > 0);
	assert_string_equal(buf,
		"<132>1 - - netboot-diag - diag [netboot@32473 mac=\"52:54:00:12:34:01\" "
		"phase=\"mount\" up=\"9.780\" seq=\"12\"]");
}

static void test_round_trip(void **state)
{
	struct report_rec r = sample(), back;
	char buf[REPORT_DGRAM_MAX + 1];
	int n;

	(void)state;
	for (int k = 0; k < REPORT_KIND_MAX; k++) {
		r.kind = (enum report_kind)k;
		r.verdict = k == REPORT_VERDICT ? REPORT_VERDICT_LIVE : REPORT_VERDICT_NONE;
		n = report_format(&r, buf, sizeof(buf));
		assert_true(n > 0);
		assert_int_equal(report_parse((uint8_t *)buf, (size_t)n, &back), 0);
		assert_int_equal(back.kind, r.kind);
		assert_int_equal(back.verdict, r.verdict);
		assert_int_equal(back.severity, r.severity);
		assert_memory_equal(back.mac, r.mac, 6);
		assert_int_equal(back.ip, r.ip);
		assert_string_equal(back.phase, r.phase);
		assert_int_equal(back.up_ms, r.up_ms);
		assert_int_equal(back.seq, r.seq);
		assert_string_equal(back.text, r.text);
	}
	/* the longest text fits one datagram */
	memset(r.text, 'x', REPORT_TEXT_MAX);
	r.text[REPORT_TEXT_MAX] = '\0';
	n = report_format(&r, buf, sizeof(buf));
	assert_true(n > 0 && n <= REPORT_DGRAM_MAX);
	assert_int_equal(report_parse((uint8_t *)buf, (size_t)n, &back), 0);
	assert_int_equal(strlen(back.text), REPORT_TEXT_MAX);
}

static void test_format_refused(void **state)
{
	struct report_rec r;
	char buf[REPORT_DGRAM_MAX + 1], small[20];

	(void)state;
	r = sample();
	strcpy(r.text, "escape \x1b[2J");
	assert_int_equal(report_format(&r, buf, sizeof(buf)), -EINVAL);
	r = sample();
	strcpy(r.phase, "Net");
	assert_int_equal(report_format(&r, buf, sizeof(buf)), -EINVAL);
	r = sample();
	strcpy(r.phase, "a\"b");
	assert_int_equal(report_format(&r, buf, sizeof(buf)), -EINVAL);
	r = sample();
	r.severity = 5;
	assert_int_equal(report_format(&r, buf, sizeof(buf)), -EINVAL);
	r = sample();
	r.kind = REPORT_VERDICT;
	assert_int_equal(report_format(&r, buf, sizeof(buf)), -EINVAL);
	r = sample();
	memset(small, 'z', sizeof(small));
	assert_int_equal(report_format(&r, small, sizeof(small)), -ENOBUFS);
	assert_int_equal(small[0], 'z'); /* untouched */
}

static void test_parse_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"hello",
		/* RFC 5424's own example: another program's syslog */
		"<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed",
		/* facility user, not local0 */
		"<14>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		/* severity debug */
		"<135>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		/* a timestamp */
		"<134>1 2026-12-04T10:00:00Z - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		/* a name for a host */
		"<134>1 - client7 netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		"<134>1 - 192.0.2.073 netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		"<134>1 - 192.0.2.256 netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		"<134>1 - - sshd - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		"<134>1 - - netboot - shout [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		"<134>1 - - netboot - line [origin@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		"<134>1 - - netboot - line - x",
		/* missing, repeated and malformed parameters */
		"<134>1 - - netboot - line [netboot@32473 phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		"<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		"<134>1 - - netboot - line [netboot@32473 mac=\"52-54-00-12-34-01\" phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		"<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"NET\" up=\"1.000\" seq=\"1\"] x",
		"<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.5\" seq=\"1\"] x",
		"<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"0\"] x",
		"<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"99999999999\"] x",
		"<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\" x=\"\\n\"] x",
		"<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"",
		/* a verdict without its value, a line with one */
		"<131>1 - - netboot - verdict [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] x",
		"<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\" verdict=\"live\"] x",
		"<131>1 - - netboot - verdict [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\" verdict=\"maybe\"] x",
		/* control bytes and 8-bit bytes in the text */
		"<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] \x1b[2J",
		"<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] a\nb",
		"<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"] caf\xc3\xa9",
		/* no space before the text */
		"<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" phase=\"net\" up=\"1.000\" seq=\"1\"]x",
	};
	struct report_rec r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse_str(bad[i], &r) != -EBADMSG)
			fail_msg("accepted: %s", bad[i]);
	}
}

static void test_parse_tolerates(void **state)
{
	struct report_rec r;

	(void)state;
	/* parameters in another order, an unknown one, escapes in its value */
	assert_int_equal(parse_str("<132>1 - 10.0.0.5 netboot - line [netboot@32473 seq=\"7\" "
				   "future=\"a\\\"b\\]c\\\\\" up=\"123.456\" phase=\"handoff\" "
				   "mac=\"AA:bb:CC:dd:EE:ff\"] wrote /etc/netplan/00-netboot.yaml", &r), 0);
	assert_int_equal(r.seq, 7);
	assert_int_equal(r.up_ms, 123456);
	assert_int_equal(r.ip, 0x0a000005);
	assert_int_equal(r.mac[0], 0xaa);
	assert_int_equal(r.mac[5], 0xff);
	assert_int_equal(r.severity, REPORT_SEV_WARNING);
	assert_string_equal(r.phase, "handoff");
	/* no text */
	assert_int_equal(parse_str("<134>1 - - netboot - line [netboot@32473 mac=\"52:54:00:12:34:01\" "
				   "phase=\"net\" up=\"0.000\" seq=\"1\"]", &r), 0);
	assert_string_equal(r.text, "");
}

static void test_parse_size(void **state)
{
	uint8_t big[REPORT_DGRAM_MAX + 2];
	struct report_rec r;

	(void)state;
	memset(big, 'a', sizeof(big));
	assert_int_equal(report_parse(big, sizeof(big), &r), -EBADMSG);
	assert_int_equal(report_parse(NULL, 0, &r), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_exact),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_format_refused),
		cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_parse_tolerates),
		cmocka_unit_test(test_parse_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
