/*
 * main.c - netboot-monitor: the boot server's live view of the room.
 *
 * netboot-server starts it beside dnsmasq and the NFS server.  It
 *  - listens for the clients' boot reports (UDP, RFC 5424 datagrams:
 *    src/core/report.c), refusing everything else;
 *  - follows dnsmasq's log (DHCP and TFTP: src/core/dnslog.c) and the NFS
 *    server's established connections (/proc/net/tcp, tcp6);
 *  - keeps the table of clients (src/core/fleet.c), a log per client under
 *    STATE/clients/ (capped), and STATE/table.txt + table.json for
 *    `netboot-server --status`;
 *  - shows the table refreshed in place on a terminal, or one line per
 *    event otherwise.
 * Every text that came from the network was sanitized by the core before
 * it reaches the terminal or a file.  Exits 0 on SIGINT / SIGTERM.
 *
 * Usage: netboot-monitor --state DIR [--listen ADDR] [--port N]
 *            [--dnsmasq-log FILE] [--tftp-root DIR] [--nfs-port N]
 *            [--proxy] [--lines]
 *        netboot-monitor --print DIR [--json]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dnslog.h"
#include "fleet.h"
#include "report.h"
#include "text.h"

#define LOG_CAP      (1u << 20) /* a client's log file */
#define TICK_MS      250
#define DGRAMS_TICK  512        /* datagrams read per wake-up */
#define READ_CHUNK   (256u << 10)
#define NFS_SEEN_MAX 1024
#define EVENTS_SHOWN 10

static volatile sig_atomic_t stop;

struct opts {
	const char *state, *listen, *dnsmasq_log, *tftp_root;
	unsigned port, nfs_port;
	int proxy, lines;
};

static struct fleet fleet;
static char screen[256 << 10];
static char events[EVENTS_SHOWN][320];
static unsigned nevents;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int usage(void)
{
	fputs("usage: netboot-monitor --state DIR [--listen ADDR] [--port N] [--dnsmasq-log FILE]\n"
	      "                       [--tftp-root DIR] [--nfs-port N] [--proxy] [--lines]\n"
	      "       netboot-monitor --print DIR [--json]\n", stderr);
	return 100;
}

/* ---- files ----------------------------------------------------------------- */

/* Write a whole file atomically (tmp + rename in the same directory). */
static void write_atomic(const char *dir, const char *name, const char *buf, size_t n)
{
	char tmp[4096], path[4096];
	int fd;

	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, buf, n) != (ssize_t)n) {
		close(fd);
		unlink(tmp);
		return;
	}
	close(fd);
	rename(tmp, path);
}

/* Append a line to the client's log, up to LOG_CAP bytes. */
static void client_log(const struct opts *o, const struct fleet_client *c, const char *line)
{
	char path[4096], name[40], m[TEXT_MAC_SIZE], a[TEXT_IPV4_SIZE], buf[512];
	struct stat st;
	time_t t = time(NULL);
	struct tm tm;
	int fd, n;

	if (!c || !line[0])
		return;
	if (c->has_mac) {
		text_mac(c->mac, m);
		for (char *p = m; *p; p++)
			if (*p == ':')
				*p = '-';
		snprintf(name, sizeof(name), "%s.log", m);
	} else if (c->ip) {
		snprintf(name, sizeof(name), "ip-%s.log", text_ipv4(c->ip, a));
	} else {
		return;
	}
	snprintf(path, sizeof(path), "%s/clients/%s", o->state, name);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && (size_t)st.st_size < LOG_CAP) {
		localtime_r(&t, &tm);
		n = snprintf(buf, sizeof(buf), "%02d:%02d:%02d %s\n", tm.tm_hour, tm.tm_min, tm.tm_sec,
			     line);
		if ((size_t)st.st_size + (size_t)n >= LOG_CAP)
			n = snprintf(buf, sizeof(buf), "(log full at %u bytes: the rest is left out)\n",
				     LOG_CAP);
		if (n > 0 && write(fd, buf, (size_t)n) < 0)
			errno = 0;
	}
	close(fd);
}

/* ---- output ------------------------------------------------------------------ */

static void event(const struct opts *o, const char *line)
{
	time_t t = time(NULL);
	struct tm tm;

	if (!line[0])
		return;
	localtime_r(&t, &tm);
	if (o->lines) {
		printf("%02d:%02d:%02d %s\n", tm.tm_hour, tm.tm_min, tm.tm_sec, line);
		fflush(stdout);
		return;
	}
	if (nevents == EVENTS_SHOWN) {
		memmove(events[0], events[1], sizeof(events[0]) * (EVENTS_SHOWN - 1));
		nevents--;
	}
	snprintf(events[nevents++], sizeof(events[0]), "%02d:%02d:%02d %s", tm.tm_hour, tm.tm_min,
		 tm.tm_sec, line);
}

/*
 * The table under netboot-server's start screen, redrawn in place: back up
 * over what was drawn last time and clear to the end of the screen, so the
 * start screen above stays.  At most SCREEN_ROWS rows of the table.
 */
#define SCREEN_ROWS 24

static void draw(uint64_t now)
{
	static unsigned drawn;
	unsigned lines = 0, rows = 0;
	char *p, *nl;

	fleet_render_table(&fleet, now, screen, sizeof(screen));
	if (drawn)
		printf("\033[%uF\033[J", drawn);
	for (p = screen; (nl = strchr(p, '\n')); p = nl + 1) {
		if (rows++ < SCREEN_ROWS + 2) {
			fwrite(p, 1, (size_t)(nl - p) + 1, stdout);
			lines++;
		}
	}
	if (rows > SCREEN_ROWS + 2) {
		printf("... %u more (netboot-server --status shows them all)\n", rows - SCREEN_ROWS - 2);
		lines++;
	}
	printf("last events:\n");
	lines++;
	for (unsigned i = 0; i < nevents; i++, lines++)
		printf("  %.150s\n", events[i]);
	fflush(stdout);
	drawn = lines;
}

static void snapshot(const struct opts *o, uint64_t now)
{
	size_t n;

	n = fleet_render_table(&fleet, now, screen, sizeof(screen));
	write_atomic(o->state, "table.txt", screen, n);
	n = fleet_render_json(&fleet, now, screen, sizeof(screen));
	write_atomic(o->state, "table.json", screen, n);
}

/* ---- inputs ----------------------------------------------------------------- */

/* The MAC the ARP table gives for ip (host order), or NULL. */
static const uint8_t *arp_mac(uint32_t ip, uint8_t mac[6])
{
	char line[256], want[TEXT_IPV4_SIZE], addr[64], hw[64];
	FILE *f = fopen("/proc/net/arp", "re");
	const uint8_t *found = NULL;
	unsigned v[6];

	if (!f)
		return NULL;
	text_ipv4(ip, want);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %*s %*s %63s", addr, hw) != 2 || strcmp(addr, want))
			continue;
		if (sscanf(hw, "%2x:%2x:%2x:%2x:%2x:%2x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 6 &&
		    (v[0] | v[1] | v[2] | v[3] | v[4] | v[5])) {
			for (int i = 0; i < 6; i++)
				mac[i] = (uint8_t)v[i];
			found = mac;
		}
		break;
	}
	fclose(f);
	return found;
}

/* " (N MiB)" after a big file's line: the kernel, the initrd. */
static void add_size(const struct opts *o, const char *file, char *line, size_t linesz)
{
	char path[4096];
	struct stat st;
	size_t n = strlen(line);

	if (!o->tftp_root || file[0] == '/' || strstr(file, ".."))
		return;
	snprintf(path, sizeof(path), "%s/%s", o->tftp_root, file);
	if (stat(path, &st) == 0 && st.st_size >= (1 << 20) && n + 16 < linesz)
		snprintf(line + n, linesz - n, " (%lld MiB)", (long long)(st.st_size >> 20));
}

struct tail {
	int fd;
	off_t off;
	char buf[READ_CHUNK + DNSLOG_LINE_MAX + 2];
	size_t have;
	int skipping; /* inside a line too long to keep */
};

static void follow_dnsmasq(const struct opts *o, struct tail *t, uint64_t now)
{
	char line[320];
	uint8_t mac[6];
	ssize_t n;

	if (!o->dnsmasq_log)
		return;
	if (t->fd < 0) {
		t->fd = open(o->dnsmasq_log, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (t->fd < 0)
			return;
	}
	n = pread(t->fd, t->buf + t->have, READ_CHUNK, t->off);
	if (n <= 0)
		return;
	t->off += n;
	t->have += (size_t)n;
	for (;;) {
		char *nl = memchr(t->buf, '\n', t->have);
		size_t len;
		struct dnslog_event ev;

		if (!nl) {
			if (t->have > DNSLOG_LINE_MAX) {
				t->have = 0; /* a line too long: drop it to its end */
				t->skipping = 1;
			}
			break;
		}
		len = (size_t)(nl - t->buf);
		if (!t->skipping && dnslog_parse(t->buf, len, o->tftp_root, &ev) != DNSLOG_NONE) {
			const uint8_t *m = NULL;
			struct fleet_client *c;

			if (ev.kind == DNSLOG_TFTP_SENT || ev.kind == DNSLOG_TFTP_MISSING)
				m = arp_mac(ev.ip, mac);
			c = fleet_dnslog(&fleet, &ev, m, now, line, sizeof(line));
			if (line[0] && ev.kind == DNSLOG_TFTP_SENT)
				add_size(o, ev.file, line, sizeof(line));
			event(o, line);
			client_log(o, c, line);
		}
		t->skipping = 0;
		memmove(t->buf, nl + 1, t->have - len - 1);
		t->have -= len + 1;
	}
}

/* Established TCP connections to local port p: remote IPv4 addresses. */
static unsigned nfs_peers(unsigned port, uint32_t *out, unsigned max)
{
	static const char *const files[] = { "/proc/net/tcp", "/proc/net/tcp6" };
	char line[512], local[80], remote[80];
	unsigned n = 0, st, lport;

	for (int i = 0; i < 2; i++) {
		FILE *f = fopen(files[i], "re");

		if (!f)
			continue;
		while (fgets(line, sizeof(line), f) && n < max) {
			char *colon;
			size_t rl;
			uint32_t a;

			if (sscanf(line, " %*u: %79s %79s %x", local, remote, &st) != 3 || st != 1)
				continue;
			colon = strrchr(local, ':');
			if (!colon || sscanf(colon + 1, "%x", &lport) != 1 || lport != port)
				continue;
			colon = strrchr(remote, ':');
			if (!colon)
				continue;
			*colon = '\0';
			rl = strlen(remote);
			/* tcp: 8 hex digits (little-endian); tcp6: 32, v4-mapped
			 * ::ffff:a.b.c.d ends in the same 8 */
			if (rl == 32 && strncmp(remote + 16, "FFFF0000", 8))
				continue;
			if (rl != 8 && rl != 32)
				continue;
			if (sscanf(remote + rl - 8, "%8x", &a) != 1)
				continue;
			out[n++] = ntohl(a);
		}
		fclose(f);
	}
	return n;
}

static void follow_nfs(const struct opts *o, uint32_t *seen, unsigned *nseen, uint64_t now)
{
	uint32_t peers[NFS_SEEN_MAX];
	unsigned n, i, j, keep = 0;
	char line[320];
	uint8_t mac[6];

	if (!o->nfs_port)
		return;
	n = nfs_peers(o->nfs_port, peers, NFS_SEEN_MAX);
	for (i = 0; i < n; i++) {
		for (j = 0; j < *nseen && seen[j] != peers[i]; j++)
			;
		if (j < *nseen)
			continue;
		struct fleet_client *c = fleet_nfs(&fleet, peers[i], arp_mac(peers[i], mac), now,
						   line, sizeof(line));

		event(o, line);
		client_log(o, c, line);
	}
	/* forget connections that went away, so a reconnect is seen */
	for (j = 0; j < *nseen; j++)
		for (i = 0; i < n; i++)
			if (peers[i] == seen[j]) {
				seen[keep++] = seen[j];
				break;
			}
	*nseen = keep;
	for (i = 0; i < n && *nseen < NFS_SEEN_MAX; i++) {
		for (j = 0; j < *nseen && seen[j] != peers[i]; j++)
			;
		if (j == *nseen)
			seen[(*nseen)++] = peers[i];
	}
}

static void take_reports(const struct opts *o, int s, uint64_t now)
{
	uint8_t buf[REPORT_DGRAM_MAX + 1];
	char line[1200];

	for (int i = 0; i < DGRAMS_TICK; i++) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		struct report_rec r;
		struct fleet_client *c;
		ssize_t n = recvfrom(s, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);

		if (n < 0)
			return;
		if ((size_t)n > REPORT_DGRAM_MAX || report_parse(buf, (size_t)n, &r)) {
			fleet_junk(&fleet);
			continue;
		}
		c = fleet_report(&fleet, &r, ntohl(from.sin_addr.s_addr), now, line, sizeof(line));
		if (!c)
			continue;
		/* every line goes to the client's log; the screen gets the
		 * verdicts, netboot-diag and the phases' own lines */
		client_log(o, c, line);
		if (r.kind != REPORT_LINE || o->lines)
			event(o, line);
	}
}

/* ---- modes -------------------------------------------------------------------- */

static int print_state(const char *dir, int json)
{
	char path[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, json ? "table.json" : "table.txt");
	f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "netboot-monitor: no table in %s (is netboot-server running?)\n", dir);
		return 3;
	}
	while ((n = fread(screen, 1, sizeof(screen), f)) > 0)
		fwrite(screen, 1, n, stdout);
	fclose(f);
	return 0;
}

static int serve(const struct opts *o)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct tail t = { .fd = -1 };
	uint32_t nfs_seen[NFS_SEEN_MAX];
	unsigned nfs_n = 0;
	uint64_t last_tick = 0, last_snap = 0, last_draw = 0;
	int s, one = 1;
	char dir[4096], line[320];

	snprintf(dir, sizeof(dir), "%s/clients", o->state);
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "netboot-monitor: mkdir %s: %s\n", dir, strerror(errno));
		return 111;
	}
	sa.sin_port = htons((uint16_t)o->port);
	if (o->listen && inet_pton(AF_INET, o->listen, &sa.sin_addr) != 1) {
		fprintf(stderr, "netboot-monitor: --listen %s: not an IPv4 address\n", o->listen);
		return 100;
	}
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "netboot-monitor: UDP %s:%u: %s\n", o->listen ? o->listen : "0.0.0.0",
			o->port, strerror(errno));
		return 111;
	}
	fleet_init(&fleet, o->proxy);
	while (!stop) {
		struct pollfd p = { .fd = s, .events = POLLIN };
		uint64_t now;

		poll(&p, 1, TICK_MS);
		now = now_ms();
		if (p.revents & POLLIN)
			take_reports(o, s, now);
		if (now - last_tick >= TICK_MS) {
			last_tick = now;
			follow_dnsmasq(o, &t, now);
			follow_nfs(o, nfs_seen, &nfs_n, now);
			if (fleet_tick(&fleet, now, line, sizeof(line)))
				event(o, line);
		}
		if (now - last_snap >= 1000) {
			last_snap = now;
			snapshot(o, now);
		}
		if (!o->lines && now - last_draw >= 500) {
			last_draw = now;
			draw(now);
		}
	}
	snapshot(o, now_ms());
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { .port = REPORT_PORT, .nfs_port = 2049 };
	struct sigaction sa = { .sa_handler = on_signal };
	const char *print_dir = NULL;
	int json = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--state") && v) o.state = v, i++;
		else if (!strcmp(a, "--listen") && v) o.listen = v, i++;
		else if (!strcmp(a, "--port") && v) o.port = (unsigned)atoi(v), i++;
		else if (!strcmp(a, "--dnsmasq-log") && v) o.dnsmasq_log = v, i++;
		else if (!strcmp(a, "--tftp-root") && v) o.tftp_root = v, i++;
		else if (!strcmp(a, "--nfs-port") && v) o.nfs_port = (unsigned)atoi(v), i++;
		else if (!strcmp(a, "--proxy")) o.proxy = 1;
		else if (!strcmp(a, "--lines")) o.lines = 1;
		else if (!strcmp(a, "--print") && v) print_dir = v, i++;
		else if (!strcmp(a, "--json")) json = 1;
		else return usage();
	}
	if (print_dir)
		return print_state(print_dir, json);
	if (!o.state || !o.port || o.port > 65535 || o.nfs_port > 65535)
		return usage();
	if (!isatty(STDOUT_FILENO))
		o.lines = 1;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return serve(&o);
}
