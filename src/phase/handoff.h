/*
 * handoff.h - the handoff phase's parts a test drives on their own (the
 * phase itself is phase_handoff() in phase.h).
 */
#ifndef NETBOOT_HANDOFF_H
#define NETBOOT_HANDOFF_H

/* The boot report's copy into the live root: streamed in REPORT_CHUNK
 * pieces; whole up to REPORT_HEAD + REPORT_TAIL bytes (1 MiB), beyond
 * that the first REPORT_HEAD and the last REPORT_TAIL bytes, each cut at
 * a line boundary, around one "netboot: report truncated: ..." line. */
#define REPORT_CHUNK 4096
#define REPORT_HEAD  (512u * 1024)
#define REPORT_TAIL  (512u * 1024)

struct report_copy {
	unsigned long long size;     /* the report's size when opened */
	unsigned long long copied;   /* its bytes written (marker not counted) */
	unsigned long long left_out; /* bytes left out at the marker (0: whole) */
	const char *step;            /* where it stopped: "reading", ... */
};

/*
 * Copy the report src (a regular file: anything else is refused, a
 * symbolic link too) to dst atomically (mode 0644, parents created, no
 * symlink followed).  0 or -errno; *rc says how far it got either way.
 */
int report_copy(const char *src, const char *dst, struct report_copy *rc);

#endif
