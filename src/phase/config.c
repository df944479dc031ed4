/*
 * config.c - the `cmdline` subcommand and the option handling every phase
 * shares: where the kernel command line comes from, where state goes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "budget.h"
#include "clock.h"
#include "cmdline.h"
#include "file.h"
#include "log.h"
#include "phase.h"
#include "shquote.h"
#include "text.h"

static uint64_t start_ms;
static bool started;

void phase_clock_start(void)
{
	start_ms = clock_ms();
	started = true;
}

uint64_t phase_until(const struct cmdline *c, unsigned phase_s, uint64_t now_ms,
		     bool *clamped)
{
	if (!started)
		phase_clock_start();
	return budget_until(start_ms, (uint64_t)c->timeout * 1000, now_ms,
			    (uint64_t)phase_s * 1000, clamped);
}

uint64_t phase_budget_ms(const struct cmdline *c, unsigned phase_s, uint64_t now_ms)
{
	return phase_until(c, phase_s, now_ms, NULL) - now_ms;
}

int phase_getopts(int argc, char **argv, struct phase_opts *o)
{
	int i, out = 1;

	if (!o->cmdline_path)
		o->cmdline_path = "/proc/cmdline";
	if (!o->rundir)
		o->rundir = NETBOOT_RUNDIR_DEFAULT;
	for (i = 1; i < argc; i++) {
		const char **dst = NULL;

		if (!strcmp(argv[i], "--cmdline"))
			dst = &o->cmdline_path;
		else if (!strcmp(argv[i], "--rundir"))
			dst = &o->rundir;
		if (dst) {
			if (i + 1 >= argc) {
				fprintf(stderr, "netboot: %s needs an argument\n", argv[i]);
				return -1;
			}
			*dst = argv[++i];
			continue;
		}
		argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

int phase_load_cmdline(const struct phase_opts *o, struct cmdline *c)
{
	static char buf[CMDLINE_MAX + 2];
	static char safe[4 * CMDLINE_ERR_MAX];
	char err[CMDLINE_ERR_MAX];
	size_t len = 0, i;
	int e = file_read_all(o->cmdline_path, buf, sizeof(buf), &len);

	if (e == -EFBIG) {
		log_error("%s is longer than %d bytes", o->cmdline_path, CMDLINE_MAX);
		return NETBOOT_EXIT_CONFIG;
	}
	if (e) {
		log_error("unable to read the kernel command line from %s: %s",
			  o->cmdline_path, strerror(-e));
		return e == -ENOENT ? NETBOOT_EXIT_CONFIG : NETBOOT_EXIT_TRANSIENT;
	}
	/* the messages quote the command line's words: sanitized, so that no
	 * byte reaches the console that a terminal would interpret */
	if (cmdline_parse(buf, len, c, err, sizeof(err))) {
		text_sanitize(err, safe, sizeof(safe));
		log_error("bad kernel command line: %s", safe);
		return NETBOOT_EXIT_CONFIG;
	}
	for (i = 0; i < c->n_warn; i++) {
		text_sanitize(c->warn[i], safe, sizeof(safe));
		log_info("warning: %s", safe);
	}
	if (c->debug)
		log_set_debug(true);
	return NETBOOT_EXIT_OK;
}

static void kv(const char *key, const char *val)
{
	char q[CMDLINE_PATH_MAX * 4 + 8];

	if (shquote(val, q, sizeof(q)) < 0)
		snprintf(q, sizeof(q), "''");
	printf("%s=%s\n", key, q);
}

static void kv_ip(const char *key, uint32_t a)
{
	char b[TEXT_IPV4_SIZE] = "";

	if (a)
		text_ipv4(a, b);
	kv(key, b);
}

static void kv_u(const char *key, unsigned v)
{
	char b[16];

	snprintf(b, sizeof(b), "%u", v);
	kv(key, b);
}


/* `netboot cmdline`: print the parsed configuration as sourceable
 * key='value' lines. */
int phase_cmdline_main(int argc, char **argv)
{
	struct phase_opts o = { 0 };
	static struct cmdline c;
	char mac[TEXT_MAC_SIZE], ip[TEXT_IPV4_SIZE], list[CMDLINE_NETDEV_MAX * 20];
	size_t i;
	int rc;

	if (phase_getopts(argc, argv, &o) != 1) {
		fprintf(stderr, "usage: netboot cmdline [--cmdline FILE]\n");
		return NETBOOT_EXIT_CONFIG;
	}
	rc = phase_load_cmdline(&o, &c);
	if (rc)
		return rc;
	kv("boot", cmdline_boot_name[c.boot]);
	kv("netboot", cmdline_method_name[c.method]);
	kv("nfsroot", cmdline_nfsroot_name[c.nfsroot]);
	kv("nfs_server", c.nfs_server);
	kv("nfs_path", c.nfs_path);
	kv("nfs_options", c.nfs_opts);
	kv("ip", cmdline_ip_name[c.ip.mode]);
	kv("ip_device", c.ip.dev);
	kv_ip("ip_client", c.ip.client);
	kv_ip("ip_server", c.ip.server);
	kv_ip("ip_gateway", c.ip.gateway);
	kv_ip("ip_netmask", c.ip.netmask);
	kv("ip_hostname", c.ip.hostname);
	kv_ip("ip_dns0", c.ip.dns0);
	kv_ip("ip_dns1", c.ip.dns1);
	mac[0] = '\0';
	if (c.has_bootif)
		text_mac(c.bootif, mac);
	kv("bootif", mac);
	list[0] = '\0';
	for (i = 0; i < c.n_netdev; i++) {
		char one[20];

		if (c.netdev[i].is_mac)
			text_mac(c.netdev[i].mac, one);
		else
			snprintf(one, sizeof(one), "%s", c.netdev[i].name);
		if (i)
			strncat(list, ",", sizeof(list) - strlen(list) - 1);
		strncat(list, one, sizeof(list) - strlen(list) - 1);
	}
	kv("netdev", list);
	kv_u("ethdevice_timeout", c.ethdevice_timeout);
	kv("live_media_path", c.media_path);
	kv("layerfs_path", c.layerfs_path);
	kv("ignore_uuid", c.ignore_uuid ? "1" : "0");
	kv("toram", c.toram ? "1" : "0");
	kv_u("timeout", c.timeout);
	kv_u("dhcp_timeout", c.dhcp_timeout);
	kv_u("carrier_timeout", c.carrier_timeout);
	kv_u("mount_timeout", c.mount_timeout);
	kv("debug", c.debug ? "1" : "0");
	kv("loop_dio", cmdline_dio_name[c.loop_dio]);
	list[0] = '\0';
	if (c.report_port)
		snprintf(list, sizeof(list), "udp:%s:%u", text_ipv4(c.report_addr, ip),
			 (unsigned)c.report_port);
	kv("report", list);
	fflush(stdout);
	return NETBOOT_EXIT_OK;
}
