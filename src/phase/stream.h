/*
 * stream.h - the boot report, streamed to the boot server as it is
 * written (netboot.report=udp:ADDR[:PORT]).
 *
 * One UDP datagram a line, in the RFC 5424 form of src/core/report.c:
 * the boot NIC's MAC, the address, the phase, seconds since boot, the
 * line.  Then a verdict: the live root reached (sent by the handoff in
 * init-bottom, naming what kept NetworkManager off the boot NIC) or
 * failed with the cause (sent where netboot stops), and, after a failure,
 * netboot-diag's lines (`netboot report-diag`).
 *
 * Best effort and bounded: nothing is sent unless the command line asks,
 * nothing before the lease (the lines written until then are kept, at
 * most STREAM_BACKLOG, and sent once it is there); the socket never
 * blocks (a full queue drops the line); at most STREAM_RATE datagrams a
 * second after a burst of STREAM_BURST, STREAM_TOTAL_MAX lines and
 * STREAM_EXTRA_MAX verdict and diagnosis datagrams a boot, across the
 * netboot runs of that boot (their count is kept in RUNDIR/report.state);
 * no datagram is ever sent twice; after STREAM_ERRORS_MAX failed sends in
 * a row this run stops sending.  The report travels in clear text on the
 * local network.
 */
#ifndef NETBOOT_STREAM_H
#define NETBOOT_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include "cmdline.h"

#define STREAM_BACKLOG     64
#define STREAM_RATE        50
#define STREAM_BURST       120
#define STREAM_TOTAL_MAX   1000
#define STREAM_EXTRA_MAX   60
#define STREAM_ERRORS_MAX  20

/* After the lease: start sending to the server the command line names
 * (nothing when it names none), the backlog first.  Remembers where in
 * RUNDIR/report.state for the later runs of this boot. */
void stream_begin(const struct cmdline *c, const char *rundir, const uint8_t mac[6], uint32_t ip);

/* A later run of the same boot (handoff, report-diag): go on where
 * RUNDIR/report.state says, if it exists.  True when streaming. */
bool stream_resume(const char *rundir);

/* The log's hooks: every line of the report (boot_ms: its time since
 * boot, as the log read it; 0: read here), and each phase mark. */
void stream_line(bool error, const char *text, uint64_t boot_ms);
void stream_phase(const char *name);

/* The verdict: live root reached, or failed; cause NULL = the last error
 * line of this run. */
void stream_verdict(bool live, const char *cause);

/* One line of netboot-diag's findings. */
void stream_diag(const char *line);

/* Save the counters to RUNDIR/report.state and close. */
void stream_end(void);

/* `netboot report-diag [FILE]`: FILE's lines (netboot-diag's output; "-"
 * or none for stdin) as diagnosis datagrams, when streaming. */
int phase_report_diag_main(int argc, char **argv);

#endif
