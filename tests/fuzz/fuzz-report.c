/*
 * fuzz-report.c - report_parse() on hostile datagrams (what the boot
 * server's listener reads from anyone on the LAN).
 * Properties: a datagram over REPORT_DGRAM_MAX is refused; an accepted one
 * has a phase of [a-z0-9-]{1,16}, a severity of 3, 4 or 6, a verdict
 * exactly when it is a verdict, a seq > 0, text of printable ASCII within
 * REPORT_TEXT_MAX; and it formats again (report_format) into a datagram
 * that parses back to the same record; the output record is untouched on
 * refusal.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_rec r, pat, back;
	char buf[REPORT_DGRAM_MAX + 1];
	int rc, n;

	memset(&pat, 0x5a, sizeof(pat));
	r = pat;
	rc = report_parse(data, size, &r);
	if (rc) {
		FZ_ASSERT(rc == -EBADMSG && !memcmp(&r, &pat, sizeof(r)));
		return 0;
	}
	FZ_ASSERT(size <= REPORT_DGRAM_MAX);
	FZ_ASSERT(r.kind < REPORT_KIND_MAX);
	FZ_ASSERT(r.severity == REPORT_SEV_ERR || r.severity == REPORT_SEV_WARNING ||
		  r.severity == REPORT_SEV_INFO);
	FZ_ASSERT((r.kind == REPORT_VERDICT) == (r.verdict != REPORT_VERDICT_NONE));
	FZ_ASSERT(r.seq > 0);
	FZ_ASSERT(strlen(r.phase) >= 1 && strlen(r.phase) <= 16);
	FZ_ASSERT(strlen(r.text) <= REPORT_TEXT_MAX);
	for (const char *p = r.text; *p; p++)
		FZ_ASSERT(*p >= 0x20 && *p <= 0x7e);
	n = report_format(&r, buf, sizeof(buf));
	FZ_ASSERT(n > 0);
	FZ_ASSERT(report_parse((const uint8_t *)buf, (size_t)n, &back) == 0);
	FZ_ASSERT(back.kind == r.kind && back.severity == r.severity && back.verdict == r.verdict &&
		  !memcmp(back.mac, r.mac, 6) && back.ip == r.ip && back.up_ms == r.up_ms &&
		  back.seq == r.seq && !strcmp(back.phase, r.phase) && !strcmp(back.text, r.text));
	return 0;
}
