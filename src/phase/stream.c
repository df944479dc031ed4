/*
 * stream.c - the boot report to the boot server (stream.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "file.h"
#include "log.h"
#include "phase.h"
#include "report.h"
#include "stream.h"
#include "text.h"
#include "udp.h"

#define BACKLOG_LINE 240

static struct {
	bool on;              /* sending */
	bool busy;            /* inside a send: no recursion through the log */
	char state[600];      /* RUNDIR/report.state */
	uint32_t addr;
	uint16_t port;
	uint8_t mac[6];
	uint32_t ip;
	uint32_t seq;         /* last sequence number used, this boot */
	uint32_t lines;       /* line datagrams this boot */
	uint32_t extra;       /* verdict + diag datagrams this boot */
	uint32_t dropped;     /* lines not sent: rate, queue, caps */
	unsigned errors;      /* failed sends in a row */
	uint64_t tokens_ms;   /* token bucket, in ms of credit */
	uint64_t last_ms;
	char last_error[REPORT_TEXT_MAX + 1];
	/* lines written before the lease */
	char backlog[STREAM_BACKLOG][BACKLOG_LINE];
	uint32_t backlog_up[STREAM_BACKLOG];
	bool backlog_err[STREAM_BACKLOG];
	char backlog_phase[STREAM_BACKLOG][17];
	unsigned n_backlog, backlog_lost;
} st;

/* apart from st, so that st stays all zero and costs no file bytes (bss) */
static int st_fd = -1;
static char st_phase[17] = "init";

static bool phase_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static uint32_t up_ms(void)
{
	uint64_t b = clock_boot_ms();

	return (uint32_t)(b ? b : clock_ms());
}

/* Token bucket: STREAM_RATE a second, STREAM_BURST at most. */
static bool take_token(void)
{
	uint64_t now = clock_ms(), cap = (uint64_t)STREAM_BURST * 1000u;

	if (st.last_ms == 0) {
		st.tokens_ms = cap;
		st.last_ms = now;
	}
	st.tokens_ms += (now - st.last_ms) * STREAM_RATE;
	st.last_ms = now;
	if (st.tokens_ms > cap)
		st.tokens_ms = cap;
	if (st.tokens_ms < 1000u)
		return false;
	st.tokens_ms -= 1000u;
	return true;
}

/* Format and send one record; false when it was not sent. */
static bool send_rec(enum report_kind kind, bool error, enum report_verdict v,
		     const char *text, uint32_t up)
{
	struct report_rec r;
	char dgram[REPORT_DGRAM_MAX + 1];
	int n, e;

	if (!st.on || st.busy)
		return false;
	st.busy = true;
	memset(&r, 0, sizeof(r));
	r.kind = kind;
	r.severity = error ? REPORT_SEV_ERR : REPORT_SEV_INFO;
	r.verdict = v;
	memcpy(r.mac, st.mac, 6);
	r.ip = st.ip;
	memcpy(r.phase, st_phase, sizeof(r.phase));
	r.up_ms = up;
	r.seq = st.seq + 1;
	text_sanitize(text, r.text, sizeof(r.text));
	n = report_format(&r, dgram, sizeof(dgram));
	if (n < 0) {
		st.busy = false;
		return false;
	}
	e = udp_send(st_fd, dgram, (size_t)n);
	st.seq++; /* a gap in seq tells the server a line was lost */
	if (e) {
		/* an ICMP refusal of an earlier datagram is reported on this
		 * send, which went out: count only what did not */
		if (e != -ECONNREFUSED && ++st.errors >= STREAM_ERRORS_MAX) {
			st.on = false;
			udp_close(st_fd);
			st_fd = -1;
		}
		st.busy = false;
		return e == -ECONNREFUSED;
	}
	st.errors = 0;
	st.busy = false;
	return true;
}

static void send_line(bool error, const char *text, uint32_t up)
{
	if (st.lines >= STREAM_TOTAL_MAX || !take_token()) {
		st.dropped++;
		return;
	}
	st.lines++;
	if (!send_rec(REPORT_LINE, error, REPORT_VERDICT_NONE, text, up))
		st.dropped++;
}

static void save_state(void)
{
	char buf[160];
	int n;

	if (!st.state[0])
		return;
	n = snprintf(buf, sizeof(buf), "v1 %lu %u %02x%02x%02x%02x%02x%02x %lu %lu %lu %lu\n",
		     (unsigned long)st.addr, (unsigned)st.port, st.mac[0], st.mac[1], st.mac[2],
		     st.mac[3], st.mac[4], st.mac[5], (unsigned long)st.ip, (unsigned long)st.seq,
		     (unsigned long)st.lines, (unsigned long)st.extra);
	if (n > 0 && (size_t)n < sizeof(buf))
		(void)file_write_atomic(st.state, buf, (size_t)n, 0644, 0);
}

static bool open_socket(void)
{
	int fd = udp_connect(st.addr, st.port);
	char a[TEXT_IPV4_SIZE];

	if (fd < 0) {
		st.on = false;
		log_info("boot report: no socket to %s:%u (%s): it stays on this machine",
			 text_ipv4(st.addr, a), (unsigned)st.port, strerror(-fd));
		return false;
	}
	st_fd = fd;
	st.on = true;
	return true;
}

void stream_begin(const struct cmdline *c, const char *rundir, const uint8_t mac[6], uint32_t ip)
{
	char a[TEXT_IPV4_SIZE];
	unsigned i, first;

	if (st.on || !c->report_port || !c->report_addr)
		return;
	st.addr = c->report_addr;
	st.port = c->report_port;
	memcpy(st.mac, mac, 6);
	st.ip = ip;
	snprintf(st.state, sizeof(st.state), "%s/report.state", rundir);
	if (!open_socket())
		return;
	if (st.backlog_lost) {
		char note[96];

		snprintf(note, sizeof(note), "(%u earlier lines are only in the local boot report)",
			 st.backlog_lost);
		send_line(false, note, up_ms());
	}
	first = st.n_backlog > STREAM_BACKLOG ? st.n_backlog - STREAM_BACKLOG : 0;
	for (i = first; i < st.n_backlog; i++) {
		unsigned k = i % STREAM_BACKLOG;

		char now[sizeof(st_phase)];

		/* each line with the phase it was written in */
		memcpy(now, st_phase, sizeof(now));
		memcpy(st_phase, st.backlog_phase[k], sizeof(st_phase));
		send_line(st.backlog_err[k], st.backlog[k], st.backlog_up[k]);
		memcpy(st_phase, now, sizeof(now));
	}
	st.n_backlog = 0;
	log_info("boot report: streaming to %s:%u (udp, clear text)", text_ipv4(st.addr, a),
		 (unsigned)st.port);
	save_state();
}

/* " N": a blank, then a decimal of at most 32 bits; advances *p. */
static bool take_u32(const char **p, uint32_t *v)
{
	const char *s = *p;
	uint64_t n = 0;

	if (*s++ != ' ' || *s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (uint64_t)(*s - '0');
		if (n > 0xffffffffu)
			return false;
	}
	*v = (uint32_t)n;
	*p = s;
	return true;
}

/* " aabbccddeeff": a blank, then 12 hex digits; advances *p. */
static bool take_mac(const char **p, uint8_t mac[6])
{
	const char *s = *p;

	if (*s++ != ' ')
		return false;
	for (int i = 0; i < 12; i++, s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' :
			*s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;

		if (d < 0)
			return false;
		mac[i / 2] = (uint8_t)(i % 2 ? mac[i / 2] << 4 | d : d);
	}
	*p = s;
	return true;
}

bool stream_resume(const char *rundir)
{
	char buf[200];
	const char *p = buf;
	uint32_t addr, port, ip, seq, lines, extra;
	uint8_t mac[6];
	size_t len;

	if (st.on)
		return true;
	snprintf(st.state, sizeof(st.state), "%s/report.state", rundir);
	if (file_read_all(st.state, buf, sizeof(buf), &len) != 0) {
		st.state[0] = '\0';
		return false;
	}
	/* "v1 ADDR PORT MAC IP SEQ LINES EXTRA\n", as save_state() writes it */
	if (strncmp(p, "v1", 2) || (p += 2, !take_u32(&p, &addr)) || !take_u32(&p, &port) ||
	    !take_mac(&p, mac) || !take_u32(&p, &ip) || !take_u32(&p, &seq) ||
	    !take_u32(&p, &lines) || !take_u32(&p, &extra) || (*p && *p != '\n') ||
	    !port || port > 65535 || !addr) {
		st.state[0] = '\0';
		return false;
	}
	memcpy(st.mac, mac, sizeof(st.mac));
	st.addr = (uint32_t)addr;
	st.port = (uint16_t)port;
	st.ip = (uint32_t)ip;
	st.seq = (uint32_t)seq;
	st.lines = (uint32_t)lines;
	st.extra = (uint32_t)extra;
	st.n_backlog = 0;
	return open_socket();
}

void stream_line(bool error, const char *text, uint64_t boot_ms)
{
	uint32_t up = boot_ms ? (uint32_t)boot_ms : up_ms();

	if (error)
		text_sanitize(text, st.last_error, sizeof(st.last_error));
	if (st.on) {
		send_line(error, text, up);
		return;
	}
	if (st.state[0] || st.busy)
		return; /* streaming was started and stopped: no backlog */
	{
		unsigned k = st.n_backlog % STREAM_BACKLOG;

		if (st.n_backlog >= STREAM_BACKLOG)
			st.backlog_lost++;
		snprintf(st.backlog[k], BACKLOG_LINE, "%s", text);
		memcpy(st.backlog_phase[k], st_phase, sizeof(st_phase));
		st.backlog_up[k] = up;
		st.backlog_err[k] = error;
		st.n_backlog++;
	}
}

void stream_phase(const char *name)
{
	if (name && phase_ok(name))
		snprintf(st_phase, sizeof(st_phase), "%s", name);
}

static void send_extra(enum report_kind kind, bool error, enum report_verdict v, const char *text)
{
	if (!st.on || st.extra >= STREAM_EXTRA_MAX)
		return;
	st.extra++;
	(void)send_rec(kind, error, v, text, up_ms());
}

void stream_verdict(bool live, const char *cause)
{
	if (!st.on)
		return;
	if (st.dropped) {
		char note[96];

		snprintf(note, sizeof(note), "%lu report lines were not sent (rate or size cap, full queue)",
			 (unsigned long)st.dropped);
		send_extra(REPORT_DIAG, false, REPORT_VERDICT_NONE, note);
		st.dropped = 0;
	}
	if (!cause || !*cause)
		cause = live ? "" : st.last_error[0] ? st.last_error : "failed";
	send_extra(REPORT_VERDICT, !live, live ? REPORT_VERDICT_LIVE : REPORT_VERDICT_FAILED, cause);
}

void stream_diag(const char *line)
{
	send_extra(REPORT_DIAG, false, REPORT_VERDICT_NONE, line);
}

void stream_end(void)
{
	if (st_fd >= 0 || st.on)
		save_state();
	if (st_fd >= 0)
		udp_close(st_fd);
	st_fd = -1;
	st.on = false;
}

#define DIAG_LINES_MAX 40

int phase_report_diag_main(int argc, char **argv)
{
	struct phase_opts o = { 0 };
	static char buf[65536];
	const char *path = NULL;
	size_t len = 0;
	unsigned sent = 0;
	int left = phase_getopts(argc, argv, &o);
	char *p, *nl;

	if (left == 2)
		path = argv[1];
	else if (left != 1)
		left = -1;
	if (left < 0) {
		fprintf(stderr, "usage: netboot report-diag [--rundir DIR] [FILE|-]\n");
		return NETBOOT_EXIT_CONFIG;
	}
	if (!stream_resume(o.rundir))
		return NETBOOT_EXIT_OK; /* not streaming: nothing to do */
	if (path && strcmp(path, "-")) {
		int e = file_read_all(path, buf, sizeof(buf), &len);

		if (e && e != -EFBIG) {
			stream_end();
			return NETBOOT_EXIT_TRANSIENT;
		}
	} else {
		len = fread(buf, 1, sizeof(buf) - 1, stdin);
	}
	buf[len] = '\0';
	stream_phase("diag");
	for (p = buf; *p && sent < DIAG_LINES_MAX; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (nl && nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*p) {
			stream_diag(p);
			sent++;
		}
		if (!nl)
			break;
	}
	stream_end();
	return NETBOOT_EXIT_OK;
}
