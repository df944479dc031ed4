/*
 * fuzz-dnslog.c - dnslog_parse() on hostile log lines (a client chooses
 * its MAC, classes and the file names dnsmasq logs).  The input is
 * copied to a buffer of its exact size (no NUL), so a read past len is an
 * ASan error.  Properties: the kind returned is the kind stored; nothing
 * parsed means a zeroed event; a file name is 1..DNSLOG_FILE_MAX bytes of
 * [A-Za-z0-9._/+-]; an arch is -1 or 0..65535.
 */
#include <stdlib.h>
#include <string.h>

#include "dnslog.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnslog_event e;
	char *line = malloc(size ? size : 1);
	enum dnslog_kind k;
	size_t n;

	if (!line)
		return 0;
	memcpy(line, data, size);
	k = dnslog_parse(line, size, "/var/lib/netboot-server/tftp", &e);
	free(line);
	FZ_ASSERT(k == e.kind);
	FZ_ASSERT(e.arch >= -1 && e.arch <= 65535);
	n = strnlen(e.file, sizeof(e.file));
	FZ_ASSERT(n < sizeof(e.file));
	if (k == DNSLOG_NONE) {
		FZ_ASSERT(n == 0 && e.xid == 0 && e.ip == 0 && e.arch == -1);
		return 0;
	}
	if (k == DNSLOG_TFTP_SENT || k == DNSLOG_TFTP_MISSING) {
		FZ_ASSERT(n >= 1 && n <= DNSLOG_FILE_MAX);
		for (size_t i = 0; i < n; i++)
			FZ_ASSERT(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/+-",
					 e.file[i]));
	}
	return 0;
}
