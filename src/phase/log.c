/*
 * log.c - console + report logging (see log.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "file.h"
#include "fs.h"
#include "log.h"
#include "stream.h"

static char rundir[512];
static char report[600];
static int report_fd = -1; /* open while the process lives: one write a line */
static bool debug_on;
static uint64_t t0;
static bool t0_set;

static uint64_t now_rel(void)
{
	uint64_t now = clock_ms();

	if (!t0_set) {
		t0 = now;
		t0_set = true;
	}
	return now - t0;
}

int log_open(const char *dir)
{
	int e;

	now_rel();
	if (strlen(dir) >= sizeof(rundir))
		return -ENAMETOOLONG;
	e = file_mkdirs(dir, 0755);
	if (e)
		return e;
	memcpy(rundir, dir, strlen(dir) + 1);
	snprintf(report, sizeof(report), "%s/netboot.log", rundir);
	if (report_fd >= 0)
		fs_close(report_fd);
	report_fd = file_append_open(report);
	return 0;
}

const char *log_rundir(void)
{
	return rundir[0] ? rundir : NULL;
}

void log_set_debug(bool on)
{
	debug_on = on;
}

bool log_debug_enabled(void)
{
	return debug_on;
}

unsigned long log_elapsed_ms(void)
{
	return (unsigned long)now_rel();
}

static void emit(bool console, const char *prefix, const char *fmt, va_list ap)
{
	char msg[1024], line[1100];
	/* one clock read a line, for the report and the stream both (a
	 * system call each under klibc: three a line were a third of what
	 * a NIC's lines cost before its DISCOVER) */
	uint64_t b = clock_boot_ms(), ms;
	int n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* the report is stamped with time since boot, like the kernel's log
	 * and casper.log, so lines from several netboot runs line up */
	ms = report[0] && b ? b : now_rel();
	if (console) {
		n = snprintf(line, sizeof(line), "netboot: %s%s\n", prefix, msg);
		if (n > 0)
			fs_stderr(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	}
	/* what reaches the console reaches the boot server too (stream.c
	 * decides whether, and keeps it until the lease) */
	if (console)
		stream_line(prefix[0] == 'e', msg, b);
	if (report[0]) {
		n = snprintf(line, sizeof(line), "[%5lu.%03lu] %s%s\n",
			     (unsigned long)(ms / 1000), (unsigned long)(ms % 1000), prefix, msg);
		if (n > 0 && report_fd >= 0)
			file_append_fd(report_fd, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
		else if (n > 0)
			file_append(report, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	}
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(true, "", fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(debug_on, "debug: ", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(true, "error: ", fmt, ap);
	va_end(ap);
}

void log_phase(const char *name, const char *detail)
{
	stream_phase(name);
	log_info("phase %s: %s", name, detail ? detail : "");
}
