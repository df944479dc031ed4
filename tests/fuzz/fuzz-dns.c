/*
 * fuzz-dns.c - dns_reply_parse() on hostile replies.  The input is the
 * reply itself, copied to a buffer of its exact size (a read past len is
 * an ASan error); the query it answers is "boot.lan"/A with the id the
 * input's first two bytes carry, so the reader gets past the id check and
 * spends its time on the question, the records and the names.
 * Properties: only the documented results; on success 1..DNS_ADDRS_MAX
 * addresses and at most 8 CNAME hops; nothing written on failure; the
 * same bytes always give the same result.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_answer a, b;
	uint8_t *buf = malloc(size ? size : 1);
	uint16_t id = size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 0;
	const char *why = NULL;
	int rc, rc2;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(&a, 0x5a, sizeof(a));
	rc = dns_reply_parse(buf, size, id, "boot.lan", &a, &why);
	FZ_ASSERT(rc == 0 || rc == -ENOMSG || rc == -ENOENT || rc == -EAGAIN ||
		  rc == -EMSGSIZE || rc == -EBADMSG);
	if (rc == 0) {
		FZ_ASSERT(a.n >= 1 && a.n <= DNS_ADDRS_MAX);
		FZ_ASSERT(a.cnames <= 8);
		FZ_ASSERT(why == NULL);
	} else {
		FZ_ASSERT(why != NULL);
		FZ_ASSERT(a.n == 0x5a5a5a5a5a5a5a5aULL);
	}
	rc2 = dns_reply_parse(buf, size, id, "boot.lan", &b, NULL);
	FZ_ASSERT(rc2 == rc);
	if (rc == 0)
		FZ_ASSERT(!memcmp(&a, &b, sizeof(a)));
	free(buf);
	return 0;
}
