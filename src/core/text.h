/*
 * text.h - the small text rules every module shares, each written once:
 * what a control byte is, how an untrusted string is made safe for a
 * console, how IPv4 and MAC addresses are written, and how an IPv4
 * address is read.  Pure.
 *
 * Leaves the allowlists of particular fields (host names, root-path,
 * interface names) to their owners (netconf.c, cmdline.c, nfsspec.c).
 */
#ifndef NETBOOT_TEXT_H
#define NETBOOT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TEXT_IPV4_SIZE 16 /* "255.255.255.255" and the NUL */
#define TEXT_MAC_SIZE  18 /* "aa:bb:cc:dd:ee:ff" and the NUL */

/* A control byte: below 0x20, or DEL (0x7f). */
bool text_ctl(unsigned char c);
/* Printable ASCII: 0x20 (space) to 0x7e. */
bool text_printable(unsigned char c);
/* Does s[0..n) hold a control byte (a NUL included)? */
bool text_has_ctl(const char *s, size_t n);

/*
 * The one sanitizer for strings that reach a console or the boot report
 * from outside (an NFS server's names, a file's contents, a DHCP server's
 * text): printable ASCII is copied, a backslash becomes "\\" and every
 * other byte (control bytes, ESC, DEL, and anything at or above 0x80, which
 * an 8-bit terminal reads as C1 controls such as CSI 0x9b) becomes "\xNN".
 * The result never holds a byte a terminal interprets.  dst is always
 * NUL-terminated (dstsz > 0); an escape is never cut in half.  Returns the
 * length written.
 */
size_t text_sanitize(const char *s, char *dst, size_t dstsz);
/* The same for len bytes of s, NULs included (as "\x00"): a cpio member
 * name or symlink target is counted, not terminated. */
size_t text_sanitize_n(const char *s, size_t len, char *dst, size_t dstsz);

/* "a.b.c.d" of a host-order address into dst; returns dst. */
char *text_ipv4(uint32_t a, char dst[TEXT_IPV4_SIZE]);
/* "aa:bb:cc:dd:ee:ff" (lower case) into dst; returns dst. */
char *text_mac(const uint8_t m[6], char dst[TEXT_MAC_SIZE]);

/* Strict dotted quad of exactly n bytes: four decimal parts 0..255, no
 * leading zeros (010 is octal to some parsers).  0 with *addr in host
 * order, or -EINVAL. */
int text_parse_ipv4(const char *s, size_t n, uint32_t *addr);

/* The value of one hex digit (either case), or -1. */
int text_hexval(char c);

/* Strict decimal of exactly n bytes (at least one digit, nothing else) not
 * above max.  0 with *v set, or -EINVAL (-ERANGE above max). */
int text_parse_uint(const char *s, size_t n, uint32_t max, uint32_t *v);

#endif
