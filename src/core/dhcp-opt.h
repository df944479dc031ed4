/*
 * dhcp-opt.h - DHCPv4 option fields: structure check, linearisation and the
 * value decoders the codec shares (strings, RFC 3397 domain search).
 *
 * dhcp_opt_scan() checks the TLV structure of the options field and, when
 * option 52 (overload, RFC 2132 9.3) says so, of the BOOTP file and sname
 * fields; dhcp_opt_get() then returns one option as the concatenation of all
 * its instances in the order options, file, sname (RFC 3396 section 5).
 * Pure: no I/O.  What each option means is dhcp-msg.c's business.
 */
#ifndef NETBOOT_DHCP_OPT_H
#define NETBOOT_DHCP_OPT_H

#include <stddef.h>
#include <stdint.h>

#include "cur.h"

enum dhcp_opt_code {
	DHCP_OPT_PAD = 0,
	DHCP_OPT_SUBNET_MASK = 1,
	DHCP_OPT_ROUTER = 3,
	DHCP_OPT_DNS = 6,
	DHCP_OPT_HOSTNAME = 12,
	DHCP_OPT_DOMAIN = 15,
	DHCP_OPT_ROOT_PATH = 17,
	DHCP_OPT_MTU = 26,
	DHCP_OPT_BROADCAST = 28,
	DHCP_OPT_NIS_DOMAIN = 40,
	DHCP_OPT_NTP = 42,
	DHCP_OPT_REQ_IP = 50,
	DHCP_OPT_LEASE_TIME = 51,
	DHCP_OPT_OVERLOAD = 52,
	DHCP_OPT_MSG_TYPE = 53,
	DHCP_OPT_SERVER_ID = 54,
	DHCP_OPT_PARAM_LIST = 55,
	DHCP_OPT_MESSAGE = 56,
	DHCP_OPT_MAX_SIZE = 57,
	DHCP_OPT_T1 = 58,
	DHCP_OPT_T2 = 59,
	DHCP_OPT_VENDOR_CLASS = 60,
	DHCP_OPT_CLIENT_ID = 61,
	DHCP_OPT_TFTP_SERVER = 66,
	DHCP_OPT_BOOTFILE = 67,
	DHCP_OPT_RAPID_COMMIT = 80,
	DHCP_OPT_DOMAIN_SEARCH = 119,
	DHCP_OPT_END = 255,
};

/* Option 52 values (RFC 2132 9.3): which BOOTP fields carry options. */
#define DHCP_OVERLOAD_FILE  1
#define DHCP_OVERLOAD_SNAME 2

/* Longest linearised option the codec accepts (sum of all instances). */
#define DHCP_OPT_MAX 1024

#define DHCP_OPT_FIELDS 3

struct dhcp_opts {
	/* Used fields in RFC 3396 order, each up to (not including) its END. */
	struct cur field[DHCP_OPT_FIELDS];
	unsigned n;
	uint8_t overload; /* option 52: 0, or DHCP_OVERLOAD_* bits */
};

/*
 * Check the option areas of a BOOTP message: opts is the options field
 * after the magic cookie, file (128 bytes) and sname (64 bytes) the BOOTP
 * fields.  Every used field must be a sequence of PAD / code-length-value
 * items ending in END (RFC 2131 section 4.1); bytes after END are padding
 * and ignored.  Option 52 is honoured only in the options field, must be 1
 * byte of value 1..3, and the fields it names must follow the same rules,
 * so a loop is impossible by construction.  -EBADMSG on any violation (also
 * a missing END), -EINVAL on NULL arguments; *o is written only on success.
 */
int dhcp_opt_scan(struct dhcp_opts *o, const uint8_t *opts, size_t optlen,
		  const uint8_t file[128], const uint8_t sname[64]);

/*
 * The value of option code: all instances concatenated (RFC 3396).
 * *len is the total length (0 for an option present but empty).  dst may be
 * NULL to only measure.  -ENOENT absent, -ENOBUFS longer than dstsz,
 * -EINVAL for PAD / END.  dst and *len are written only on success.
 */
int dhcp_opt_get(const struct dhcp_opts *o, uint8_t code, uint8_t *dst,
		 size_t dstsz, size_t *len);

/*
 * A string option: trailing NULs dropped, then any control byte (< 0x20,
 * 0x7f, including an inner NUL) refused with -EBADMSG.  -ENOBUFS when the
 * result and its NUL do not fit dst.  dst is written only on success.
 */
int dhcp_opt_string(const uint8_t *v, size_t n, char *dst, size_t dstsz);

/*
 * Option 119 (RFC 3397): a list of DNS names in wire format whose
 * compression pointers are offsets into the linearised option.  Written to
 * dst as names separated by one space.  Labels are 1..63 bytes of letters,
 * digits, '-' and '_' (anything else would be unsafe in resolv.conf); a
 * name is at most 253 characters; root (empty) names are skipped.  A
 * pointer must point before the start of the run of bytes being read, so
 * each jump moves strictly backwards and loops are impossible.  -EBADMSG on
 * malformed data, -ENOBUFS when dst is too small.  dst is written only on
 * success.
 */
int dhcp_opt_dns_search(const uint8_t *v, size_t n, char *dst, size_t dstsz);

#endif
