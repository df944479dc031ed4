/*
 * pxeclient.c - a PXE client stand-in for the server benchmark: what an
 * iPXE ROM sends in its first seconds, timed.
 *
 * Broadcasts one DHCPDISCOVER from IFACE (no address yet) carrying what
 * qemu's iPXE ROM sends (vendor class "PXEClient:Arch:00000:UNDI:002001",
 * user class "iPXE", client architecture 0, client NDI, UUID), resent
 * every second, and collects the answers: the site's DHCP server offers an
 * address, the proxyDHCP server (netboot-server) a boot file and no
 * address.  Then it REQUESTs the offered address and waits for the ACK.
 * Prints one line:
 *   MAC proxy_ms=N lease_ms=N file=NAME server=ADDR addr=ADDR
 * (-1 for what never came) and exits 0 when both came.  A test tool: the
 * answers come from servers the benchmark started, but every read is still
 * bounds-checked.
 *
 * Usage: pxeclient IFACE MAC TIMEOUT_S
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BOOTP_MIN 240

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t put_opt(uint8_t *p, size_t o, uint8_t code, const void *v, uint8_t len)
{
	p[o++] = code;
	p[o++] = len;
	memcpy(p + o, v, len);
	return o + len;
}

static size_t build(uint8_t *p, uint32_t xid, const uint8_t mac[6], uint8_t type,
		    uint32_t req_ip, uint32_t server)
{
	static const char vendor[] = "PXEClient:Arch:00000:UNDI:002001";
	static const uint8_t arch[2] = { 0, 0 }, ndi[3] = { 1, 2, 1 };
	static const uint8_t prl[] = { 1, 3, 6, 43, 60, 66, 67, 175 };
	uint8_t uuid[17] = { 0 };
	size_t o = BOOTP_MIN;

	memset(p, 0, 548);
	p[0] = 1;
	p[1] = 1;
	p[2] = 6;
	memcpy(p + 4, &xid, 4);
	p[10] = 0x80; /* broadcast replies: no address yet */
	memcpy(p + 28, mac, 6);
	p[236] = 99; p[237] = 130; p[238] = 83; p[239] = 99;
	o = put_opt(p, o, 53, &type, 1);
	if (type == 3) {
		o = put_opt(p, o, 50, &req_ip, 4);
		o = put_opt(p, o, 54, &server, 4);
	}
	o = put_opt(p, o, 60, vendor, (uint8_t)strlen(vendor));
	o = put_opt(p, o, 77, "iPXE", 4);
	o = put_opt(p, o, 93, arch, 2);
	o = put_opt(p, o, 94, ndi, 3);
	memcpy(uuid + 1, mac, 6);
	o = put_opt(p, o, 97, uuid, 17);
	o = put_opt(p, o, 55, prl, sizeof(prl));
	p[o++] = 255;
	return o < 300 ? 300 : o;
}

struct reply {
	uint8_t type;
	uint32_t yiaddr, siaddr, server_id;
	char file[129];
};

/* Parse a BOOTREPLY for xid/mac; 0 when it is one. */
static int parse(const uint8_t *p, size_t n, uint32_t xid, const uint8_t mac[6], struct reply *r)
{
	size_t o = BOOTP_MIN;
	uint32_t x;

	if (n < BOOTP_MIN || p[0] != 2)
		return -1;
	memcpy(&x, p + 4, 4);
	if (x != xid || memcmp(p + 28, mac, 6) || p[236] != 99 || p[237] != 130 ||
	    p[238] != 83 || p[239] != 99)
		return -1;
	memset(r, 0, sizeof(*r));
	memcpy(&r->yiaddr, p + 16, 4);
	memcpy(&r->siaddr, p + 20, 4);
	memcpy(r->file, p + 108, 128);
	r->file[128] = '\0';
	while (o < n && p[o] != 255) {
		uint8_t code = p[o], len;

		if (code == 0) {
			o++;
			continue;
		}
		if (o + 2 > n)
			return -1;
		len = p[o + 1];
		if (o + 2 + len > n)
			return -1;
		if (code == 53 && len == 1)
			r->type = p[o + 2];
		else if (code == 54 && len == 4)
			memcpy(&r->server_id, p + o + 2, 4);
		else if (code == 67 && len > 0 && len < sizeof(r->file)) {
			memcpy(r->file, p + o + 2, len);
			r->file[len] = '\0';
		}
		o += 2 + len;
	}
	return r->type ? 0 : -1;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return 0;
}

int main(int argc, char **argv)
{
	uint8_t mac[6], buf[1500], out[600];
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_port = htons(68) };
	struct sockaddr_in bc = { .sin_family = AF_INET, .sin_port = htons(67),
				  .sin_addr.s_addr = INADDR_BROADCAST };
	long long t0, deadline, next_send = 0, proxy_ms = -1, lease_ms = -1;
	uint32_t xid, offered = 0, router = 0;
	char file[129] = "-", server[16] = "-", addr[16] = "-";
	int s, one = 1, requested = 0;

	if (argc != 4 || parse_mac(argv[2], mac)) {
		fprintf(stderr, "usage: pxeclient IFACE MAC TIMEOUT_S\n");
		return 2;
	}
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(s, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) ||
	    setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, argv[1], (socklen_t)strlen(argv[1])) ||
	    bind(s, (struct sockaddr *)&any, sizeof(any))) {
		perror("pxeclient: socket");
		return 2;
	}
	srand((unsigned)getpid() ^ (unsigned)now_ms());
	xid = (uint32_t)rand();
	t0 = now_ms();
	deadline = t0 + atoi(argv[3]) * 1000LL;
	while (now_ms() < deadline && (proxy_ms < 0 || lease_ms < 0)) {
		struct pollfd pfd = { .fd = s, .events = POLLIN };
		long long t = now_ms();

		if (t >= next_send) {
			size_t n = requested ? build(out, xid, mac, 3, offered, router)
					     : build(out, xid, mac, 1, 0, 0);

			sendto(s, out, n, 0, (struct sockaddr *)&bc, sizeof(bc));
			next_send = t + 1000;
		}
		if (poll(&pfd, 1, 50) > 0) {
			struct reply r;
			ssize_t n = recv(s, buf, sizeof(buf), 0);

			if (n <= 0 || parse(buf, (size_t)n, xid, mac, &r))
				continue;
			if (r.type == 2 && r.yiaddr == 0 && proxy_ms < 0 && r.file[0]) {
				proxy_ms = now_ms() - t0;
				snprintf(file, sizeof(file), "%s", r.file);
				inet_ntop(AF_INET, &r.siaddr, server, sizeof(server));
			} else if (r.type == 2 && r.yiaddr && !requested) {
				offered = r.yiaddr;
				router = r.server_id;
				requested = 1;
				next_send = 0; /* REQUEST now */
			} else if (r.type == 5 && r.yiaddr && r.yiaddr == offered) {
				lease_ms = now_ms() - t0;
				inet_ntop(AF_INET, &r.yiaddr, addr, sizeof(addr));
			}
		}
	}
	printf("%s proxy_ms=%lld lease_ms=%lld file=%s server=%s addr=%s\n",
	       argv[2], proxy_ms, lease_ms, file, server, addr);
	return proxy_ms >= 0 && lease_ms >= 0 ? 0 : 1;
}
