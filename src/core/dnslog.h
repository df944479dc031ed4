/*
 * dnslog.h - read the lines dnsmasq writes to its log (log-dhcp,
 * log-facility) into the client events the boot server shows.
 *
 * dnsmasq writes the lines, but a client chooses much of what is in them:
 * its hardware address, its vendor and user classes, the file names it
 * asks TFTP for.  So each line is matched against the exact shapes below
 * and every field is checked (a MAC is six hex pairs, an address a strict
 * dotted quad, a file name only [A-Za-z0-9._/+-] and bounded); anything
 * else is DNSLOG_NONE.  Pure.
 *
 * Shapes (dnsmasq 2.8x-2.90, "Mon DD HH:MM:SS dnsmasq-dhcp[PID]: " first):
 *   XID vendor class: PXEClient:Arch:NNNNN...   DNSLOG_VENDOR   (xid, arch)
 *   XID user class: iPXE                        DNSLOG_IPXE     (xid)
 *   XID PXE(IF) MAC proxy                       DNSLOG_PROXY    (xid, mac)
 *   XID DHCPACK(IF) IP MAC [NAME]               DNSLOG_ACK      (xid, ip, mac)
 *   sent PATH to IP            (dnsmasq-tftp)   DNSLOG_TFTP_SENT
 *   file PATH not found for IP (dnsmasq-tftp)   DNSLOG_TFTP_MISSING
 * A PATH under the TFTP root is given relative to it.
 */
#ifndef NETBOOT_DNSLOG_H
#define NETBOOT_DNSLOG_H

#include <stddef.h>
#include <stdint.h>

#define DNSLOG_LINE_MAX 1024
#define DNSLOG_FILE_MAX 200

enum dnslog_kind {
	DNSLOG_NONE,
	DNSLOG_VENDOR,
	DNSLOG_IPXE,
	DNSLOG_PROXY,
	DNSLOG_ACK,
	DNSLOG_TFTP_SENT,
	DNSLOG_TFTP_MISSING,
};

struct dnslog_event {
	enum dnslog_kind kind;
	uint32_t xid;
	int arch;            /* DHCP option 93 value; -1 unknown */
	int http;            /* vendor class HTTPClient */
	uint8_t mac[6];
	uint32_t ip;         /* host order */
	char file[DNSLOG_FILE_MAX + 1];
};

/*
 * Parse one line (no newline) of len bytes.  tftp_root (may be NULL) is
 * stripped from file paths.  Always fills *ev; returns ev->kind.
 */
enum dnslog_kind dnslog_parse(const char *line, size_t len, const char *tftp_root,
			      struct dnslog_event *ev);

/* "BIOS", "UEFI", "UEFI ia32", "UEFI HTTP", "UEFI arm64", "arch N". */
const char *dnslog_arch_name(int arch, int http, char *buf, size_t bufsz);

#endif
