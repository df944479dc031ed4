/*
 * fleet.h - the boot server's view of the room: one row per client, built
 * from what the server sees (dnsmasq's DHCP and TFTP lines, NFS
 * connections) and what the clients send (their boot report, their
 * verdict, netboot-diag's summary), and rendered as a table or JSON.
 *
 * Pure: events come in with the server's clock (now_ms); nothing here
 * reads a socket or a file.  Bounded: at most FLEET_MAX clients (the one
 * not heard from longest makes room), fixed-size fields, every text from
 * a client sanitized (text_sanitize) and cut before it is kept, reports
 * over a client's rate dropped and counted.
 */
#ifndef NETBOOT_FLEET_H
#define NETBOOT_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dnslog.h"
#include "report.h"

#define FLEET_MAX        512
#define FLEET_TEXT_MAX   160 /* kept of a last line or a cause */
#define FLEET_XIDS       64  /* DHCP transactions remembered (arch, iPXE) */
#define FLEET_RATE       100 /* reports a second a client may send ... */
#define FLEET_BURST      400 /* ... after a burst of this many */
#define FLEET_GRUB_WAIT_MS 20000

enum fleet_verdict {
	FLEET_BOOTING,
	FLEET_LIVE,
	FLEET_FAILED,
};

struct fleet_client {
	uint8_t mac[6];
	bool has_mac;
	uint32_t ip;               /* host order, 0 = not known */
	char arch[16];             /* "BIOS", "UEFI", "UEFI iPXE", ... */
	char phase[17];
	enum fleet_verdict verdict;
	char cause[FLEET_TEXT_MAX + 1];
	char last[FLEET_TEXT_MAX + 1];
	uint64_t first_ms, last_ms;
	uint32_t up_ms;            /* the client's uptime in its last report */
	uint32_t seq;              /* its last report's sequence number */
	uint32_t reports, out_of_order, dropped;
	uint32_t tokens_milli;     /* rate limit: tokens x 1000 */
	uint64_t tokens_at_ms;
	uint64_t grub_at_ms;       /* GRUB sent, its menu not yet asked for */
	uint32_t last_xid;         /* its last PXE request (retries are one) */
	char last_file[48];        /* its last TFTP file, and when (menu.c32 */
	uint64_t last_file_ms;     /* reads the menu twice: one line) */
};

struct fleet_xid {
	uint32_t xid;
	int arch, http;
	bool ipxe;
};

struct fleet {
	struct fleet_client c[FLEET_MAX];
	unsigned n;
	bool proxy;                /* proxyDHCP: GRUB's trap can happen */
	uint64_t junk;             /* datagrams that were not netboot reports */
	uint64_t reports;          /* datagrams taken */
	struct fleet_xid x[FLEET_XIDS];
	unsigned xn;
};

void fleet_init(struct fleet *f, bool proxy);

/*
 * Feed one event.  Each returns the client it concerns (NULL when none,
 * or for a report over the client's rate) and, when the event is worth a
 * line of its own, writes it into line ("" otherwise): e.g.
 *   "52:54:00:12:34:01 192.0.2.73 TFTP sent test/initrd".
 * mac_of_ip, when not NULL, is the MAC the ARP table gives for the event's
 * address: it ties an address-only event (TFTP, NFS) to its client.
 */
struct fleet_client *fleet_dnslog(struct fleet *f, const struct dnslog_event *e,
				  const uint8_t *mac_of_ip, uint64_t now_ms,
				  char *line, size_t linesz);
struct fleet_client *fleet_report(struct fleet *f, const struct report_rec *r,
				  uint32_t src_ip, uint64_t now_ms, char *line, size_t linesz);
struct fleet_client *fleet_nfs(struct fleet *f, uint32_t ip, const uint8_t *mac_of_ip,
			       uint64_t now_ms, char *line, size_t linesz);
/* A datagram that was not a report. */
void fleet_junk(struct fleet *f);
/* Timers: a GRUB that never asked for its menu.  Writes at most one line. */
struct fleet_client *fleet_tick(struct fleet *f, uint64_t now_ms, char *line, size_t linesz);

/* The table, for a terminal or a file; the same as JSON.  Return the
 * length written (cut at dstsz - 1, always NUL-terminated). */
size_t fleet_render_table(const struct fleet *f, uint64_t now_ms, char *dst, size_t dstsz);
size_t fleet_render_json(const struct fleet *f, uint64_t now_ms, char *dst, size_t dstsz);

/* "booting", "live", "FAILED". */
const char *fleet_verdict_name(enum fleet_verdict v);

#endif
