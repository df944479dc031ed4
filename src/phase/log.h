/*
 * log.h - netboot's console and boot-report log.
 *
 * Every message goes to stderr (the console, even when casper's own output
 * is a once-a-second tail of casper.log) and, once log_open() named a run
 * directory, to RUNDIR/netboot.log with a monotonic timestamp: the boot
 * report.  Only phases and main log; the core returns codes and reasons.
 */
#ifndef NETBOOT_LOG_H
#define NETBOOT_LOG_H

#include <stdbool.h>

#define NETBOOT_RUNDIR_DEFAULT "/run/netboot"

/* Start the report in rundir (created 0755).  0 or -errno (logging then
 * continues to the console only). */
int log_open(const char *rundir);
const char *log_rundir(void);
void log_set_debug(bool on);
bool log_debug_enabled(void);
/* Elapsed milliseconds since log_open() (or the first call). */
unsigned long log_elapsed_ms(void);

#if defined(__GNUC__)
#define LOG_PRINTF __attribute__((format(printf, 1, 2)))
#else
#define LOG_PRINTF
#endif
/* "netboot: ..." on the console and in the report. */
void log_info(const char *fmt, ...) LOG_PRINTF;
/* Only with netboot.debug: report always, console when debugging. */
void log_debug(const char *fmt, ...) LOG_PRINTF;
/* "netboot: error: ..." */
void log_error(const char *fmt, ...) LOG_PRINTF;
/* A timeline mark "phase NAME" in the report, printed on the console. */
void log_phase(const char *name, const char *detail);

#endif
