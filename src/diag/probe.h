/*
 * probe.h - netboot-diag's system edge (src/diag/probe.c): interfaces,
 * TCP connect with a deadline, bounded file reads.  The only diag file
 * besides nfs.c that makes syscalls.  Errors are negative errnos; nothing
 * is printed here.
 */
#ifndef NETBOOT_DIAG_PROBE_H
#define NETBOOT_DIAG_PROBE_H

#include <stddef.h>

#include "text.h"

#define PROBE_IF_MAX 16

struct probe_if {
	char name[16];
	char addr[TEXT_IPV4_SIZE]; /* dotted quad (text_ipv4) */
	unsigned prefix;
};

/* Up, non-loopback interfaces with an IPv4 address.  0 (maybe *n == 0) or
 * a negative errno. */
int probe_ifaces(struct probe_if *out, size_t max, size_t *n);

/* TCP connect to addr (numeric IPv4 or IPv6) : port within timeout_ms.
 * 0, -ECONNREFUSED, -ETIMEDOUT, -EHOSTUNREACH, -ENETUNREACH, -EINVAL (not
 * a numeric address) or another negative errno. */
int probe_tcp(const char *addr, unsigned port, unsigned timeout_ms);

/* Read the whole of path into buf (bufsz-1 bytes at most, NUL added).
 * 0 with *len set, -EFBIG when the file is longer, or a negative errno. */
int probe_read(const char *path, char *buf, size_t bufsz, size_t *len);

/* The first (by name) net-*.conf in dir: its path and contents.
 * 0, -ENOENT, or what probe_read() returns. */
int probe_netconf(const char *dir, char *path, size_t pathsz,
		  char *buf, size_t bufsz, size_t *len);

/* The running kernel's release (uname -r) and its config text from
 * /boot/config-RELEASE (malloc'd, caller frees).  0 or -ENOENT/-errno. */
int probe_kernel_config(char *release, size_t relsz, char **text, size_t *len);

/* The last line of rundir/netboot.log that holds "error" (no newline).
 * 0, -ENOENT (no log or no such line), or a negative errno. */
int probe_log_last_error(const char *rundir, char *dst, size_t dstsz);

#endif
