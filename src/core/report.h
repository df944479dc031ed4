/*
 * report.h - one line of a client's boot report as one syslog datagram
 * (RFC 5424), and the server's strict reader of it.
 *
 * The client (netboot, in the initrd) sends each line of its boot report,
 * its verdict and netboot-diag's summary to the boot server, which keeps a
 * log per client and a table of the room.  The format is RFC 5424 so any
 * syslog daemon can take it too:
 *
 *   <134>1 - 192.0.2.73 netboot - line [netboot@32473 mac="52:54:00:12:34:01"
 *       phase="net" up="9.780" seq="12"] ens2: 192.0.2.73/24 via 192.0.2.1
 *
 * PRI is local0 (16) with the line's severity; TIMESTAMP is "-" (an initrd
 * rarely knows the time; "up" is seconds since boot); HOSTNAME the
 * client's address ("-" before the lease); APP-NAME netboot or
 * netboot-diag; MSGID line, verdict or diag; one SD element with the
 * private enterprise number reserved for documentation (RFC 5612).  A
 * verdict carries verdict="live" or verdict="failed" (and the cause in
 * MSG).  Nothing here is secret; it travels in clear text on the LAN.
 *
 * Pure.  The reader is written for hostile senders: every field is
 * checked against its grammar and bounds, anything else is -EBADMSG (not
 * ours) and the server counts it as junk.
 */
#ifndef NETBOOT_REPORT_H
#define NETBOOT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#define REPORT_PORT      5514       /* default UDP port of the listener */
#define REPORT_DGRAM_MAX 1200       /* a datagram, bytes (fits any LAN MTU) */
#define REPORT_TEXT_MAX  900        /* MSG bytes kept; longer is cut */
#define REPORT_SD_ID     "netboot@32473"

enum report_kind {
	REPORT_LINE,    /* a line of the boot report */
	REPORT_VERDICT, /* live root reached, or failed with the cause */
	REPORT_DIAG,    /* a summary line of netboot-diag */
	REPORT_KIND_MAX
};

enum report_verdict {
	REPORT_VERDICT_NONE,
	REPORT_VERDICT_LIVE,
	REPORT_VERDICT_FAILED,
};

enum report_severity {
	REPORT_SEV_ERR = 3,
	REPORT_SEV_WARNING = 4,
	REPORT_SEV_INFO = 6,
};

/* "line", "verdict", "diag"; index by enum report_kind. */
extern const char *const report_kind_name[REPORT_KIND_MAX];

struct report_rec {
	enum report_kind kind;
	enum report_severity severity;
	enum report_verdict verdict;   /* REPORT_VERDICT only */
	uint8_t mac[6];
	uint32_t ip;                   /* host order; 0 = not known ("-") */
	char phase[17];                /* [a-z0-9-]{1,16} */
	uint32_t up_ms;                /* milliseconds since the client booted */
	uint32_t seq;                  /* per client, from 1 */
	char text[REPORT_TEXT_MAX + 1];
};

/*
 * Write r as one datagram into dst.  The text is cut at REPORT_TEXT_MAX
 * bytes and must hold no control byte (the boot report is sanitized
 * already); phase must match its grammar.  Returns the length (no NUL is
 * counted; one is written) or -EINVAL / -ENOBUFS; dst is written only on
 * success.
 */
int report_format(const struct report_rec *r, char *dst, size_t dstsz);

/*
 * Read one datagram.  0 with *r filled, or -EBADMSG when it is not a
 * netboot report (another syslog message, junk, a field out of its
 * grammar or bounds).  *r is written only on success.
 */
int report_parse(const uint8_t *buf, size_t len, struct report_rec *r);

#endif
