/*
 * resolve.c - host names through the lease's DNS servers (resolve.h):
 * the query and the reading of replies are core/dns.c's, the socket
 * sys/udp.c's; here the order of servers, the tries, and the deadline.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "dns.h"
#include "lease.h"
#include "log.h"
#include "mount.h"
#include "phase.h"
#include "resolve.h"
#include "text.h"
#include "udp.h"

#define TRIES 3
#define WAIT_FIRST_MS 1000

/* One try: ask server, wait until until_ms for the answer.  0, or the
 * dns_reply_parse() result that ended it, or -ETIMEDOUT / -errno. */
static int ask(uint32_t server, const char *name, uint64_t until_ms, struct dns_answer *a,
	       const char **why)
{
	uint8_t q[DNS_QUERY_MAX], r[DNS_UDP_MAX];
	char ip[TEXT_IPV4_SIZE];
	uint16_t id = (uint16_t)clock_random();
	int fd, len, rc;

	len = dns_query_build(q, sizeof(q), id, name);
	if (len < 0)
		return len;
	fd = udp_connect(server, 53);
	if (fd < 0)
		return fd;
	rc = udp_send(fd, q, (size_t)len);
	while (!rc) {
		uint64_t now = clock_ms();
		int n;

		if (now >= until_ms) {
			rc = -ETIMEDOUT;
			break;
		}
		n = udp_recv(fd, r, sizeof(r), (unsigned)(until_ms - now));
		if (n < 0) {
			rc = n;
			break;
		}
		rc = dns_reply_parse(r, (size_t)n, id, name, a, why);
		if (rc == -ENOMSG || rc == -EBADMSG) {
			log_debug("DNS: ignored a reply from %s for %s: %s",
				  text_ipv4(server, ip), name, *why);
			rc = 0; /* not the answer: keep waiting */
			continue;
		}
		break;
	}
	udp_close(fd);
	return rc;
}

int resolve_name(const char *name, const uint32_t *servers, size_t nservers,
		 uint64_t deadline_ms, uint32_t *addr, char *why, size_t whysz)
{
	char ip[TEXT_IPV4_SIZE], got[TEXT_IPV4_SIZE], last[160] = "";
	uint64_t t0 = clock_ms();
	unsigned wait = WAIT_FIRST_MS;
	bool any = false;

	for (size_t i = 0; i < nservers; i++)
		any |= servers[i] != 0;

	if (!dns_name_ok(name)) {
		snprintf(why, whysz, "not a host name");
		return -EINVAL;
	}
	if (!any) {
		snprintf(why, whysz, "the lease names no DNS server (DHCP option 6)");
		return -EHOSTUNREACH;
	}
	for (int t = 0; t < TRIES; t++, wait *= 2) {
		for (size_t i = 0; i < nservers; i++) {
			struct dns_answer a;
			const char *w = NULL;
			uint64_t now = clock_ms(), until;
			int rc;

			if (!servers[i])
				continue;
			if (now >= deadline_ms)
				goto out;
			until = now + wait < deadline_ms ? now + wait : deadline_ms;
			rc = ask(servers[i], name, until, &a, &w);
			text_ipv4(servers[i], ip);
			if (rc == 0) {
				*addr = a.addr[0];
				log_info("resolved %s to %s (DNS server %s, %lu ms%s)", name,
					 text_ipv4(a.addr[0], got), ip,
					 (unsigned long)(clock_ms() - t0),
					 a.cnames ? ", through a CNAME" : "");
				return 0;
			}
			if (rc == -ENOENT) {
				snprintf(why, whysz, "DNS server %s: %s", ip, w);
				return -ENOENT;
			}
			if (rc == -ETIMEDOUT)
				snprintf(last, sizeof(last), "DNS server %s did not answer in %u ms", ip,
					 (unsigned)(until - now));
			else
				snprintf(last, sizeof(last), "DNS server %s: %s", ip,
					 w ? w : strerror(-rc));
			log_debug("DNS: %s: %s", name, last);
		}
	}
out:
	snprintf(why, whysz, "%s (gave up after %lu ms)", last[0] ? last : "no answer",
		 (unsigned long)(clock_ms() - t0));
	return -ETIMEDOUT;
}

int phase_resolve_main(int argc, char **argv)
{
	struct phase_opts o = { 0 };
	static struct cmdline c;
	static struct lease l;
	char why[300], ip[TEXT_IPV4_SIZE];
	uint32_t a = 0;
	int rc, e, left = phase_getopts(argc, argv, &o);

	if (left != 2) {
		fprintf(stderr, "usage: netboot resolve [--cmdline FILE] [--rundir DIR] NAME\n");
		return NETBOOT_EXIT_CONFIG;
	}
	log_open(o.rundir);
	rc = phase_load_cmdline(&o, &c);
	if (rc)
		return rc;
	if (mount_lease_from_state(o.rundir, &l))
		log_info("no lease recorded in %s/net.state: no DNS server known", o.rundir);
	e = resolve_name(argv[1], l.dns, l.n_dns, phase_until(&c, 15, clock_ms(), NULL), &a, why,
			 sizeof(why));
	if (e) {
		log_error("%s: %s", argv[1], why);
		return e == -ETIMEDOUT ? NETBOOT_EXIT_TRANSIENT : NETBOOT_EXIT_CONFIG;
	}
	printf("%s\n", text_ipv4(a, ip));
	return NETBOOT_EXIT_OK;
}
