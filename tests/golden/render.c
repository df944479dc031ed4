/*
 * render.c - host driver for tests/golden/run.sh: prints what the pure
 * renderers produce, for fixed fixtures (compared with *.expected) and for
 * leases built from argv (sourced by real shells).  Not part of netboot.
 *
 *   render netconf FIXTURE | resolv FIXTURE | nmconf FIXTURE
 *   render lease DEV [field=value...]   net-DEV.conf of the "lab" lease
 *                                       with fields replaced; dropped
 *                                       fields on stderr, one per line
 *   render paramconf FIXTURE | netstate FIXTURE
 *   render param [key=value...]         param.conf's lines of the "casper"
 *                                       fixture with keys replaced (boot,
 *                                       dev, nfsroot, media, shim, cmdline)
 *   render state [key=value...]         net.state of the "lab" lease with
 *                                       dev=, reason=, root_path= replaced
 *   render shquote VALUE                V='...' (exit 2 when refused)
 *   render list KIND                    the fixture names of a kind
 *
 * Exit: 0 ok, 1 usage, 2 refused by the renderer, 3 value too long.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "netconf.h"
#include "nmconf.h"
#include "paramconf.h"
#include "shquote.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			(uint32_t)(c) << 8 | (uint32_t)(d))

static struct lease lab(void)
{
	struct lease l;

	memset(&l, 0, sizeof(l));
	l.yiaddr = IP(192, 168, 10, 57);
	l.siaddr = IP(192, 168, 10, 2);
	l.server_id = IP(192, 168, 10, 1);
	l.netmask = IP(255, 255, 255, 0);
	l.broadcast = IP(192, 168, 10, 255);
	l.router = IP(192, 168, 10, 1);
	l.dns[0] = IP(192, 168, 10, 1);
	l.dns[1] = IP(9, 9, 9, 9);
	l.n_dns = 2;
	l.lease_time = 43200;
	strcpy(l.hostname, "live-lab-57");
	strcpy(l.domain, "lab.example.net");
	strcpy(l.root_path, "192.168.10.2:/srv/netboot/noble,vers=3");
	strcpy(l.bootfile, "grub/x86_64-efi/core.efi");
	strcpy(l.domain_search, "lab.example.net example.net");
	return l;
}

/* ip=192.168.1.50::192.168.1.1:255.255.255.0:kiosk:eth0:off */
static struct lease static_ip(void)
{
	struct lease l;

	memset(&l, 0, sizeof(l));
	l.is_static = true;
	l.yiaddr = IP(192, 168, 1, 50);
	l.router = IP(192, 168, 1, 1);
	l.netmask = IP(255, 255, 255, 0);
	strcpy(l.hostname, "kiosk");
	return l;
}

/* A bare lease: address, server id, nothing else (classful guesses). */
static struct lease minimal(void)
{
	struct lease l;

	memset(&l, 0, sizeof(l));
	l.yiaddr = IP(10, 20, 30, 40);
	l.server_id = IP(10, 0, 0, 1);
	l.lease_time = 0xffffffffu;
	return l;
}

/* Every string field hostile: all dropped, file still well formed. */
static struct lease hostile(void)
{
	struct lease l = lab();

	strcpy(l.hostname, "$(reboot)");
	strcpy(l.domain, "x'; reboot; '");
	strcpy(l.nisdomain, "`reboot`");
	strcpy(l.root_path, "/srv/live;reboot");
	strcpy(l.bootfile, "-o x");
	strcpy(l.domain_search, "a.example\"; reboot; \"");
	return l;
}

static const struct {
	const char *name;
	struct lease (*make)(void);
	const char *dev;
	unsigned long uptime;
} leases[] = {
	{ "lab", lab, "enp1s0", 12 },
	{ "static", static_ip, "eth0", 3 },
	{ "minimal", minimal, "eth1", 40 },
	{ "hostile", hostile, "eno1", 5 },
};

static const struct {
	const char *name;
	unsigned have;
} roots[] = {
	{ "desktop-noble", NMCONF_HAVE_NM | NMCONF_HAVE_NM_CONFD |
			   NMCONF_HAVE_NETWORKD | NMCONF_HAVE_NETPLAN |
			   NMCONF_HAVE_CLOUD_INIT },
	{ "server-noble", NMCONF_HAVE_NETWORKD | NMCONF_HAVE_NETPLAN |
			  NMCONF_HAVE_CLOUD_INIT },
	{ "debian-bookworm", NMCONF_HAVE_NM | NMCONF_HAVE_NM_CONFD |
			     NMCONF_HAVE_SYSV_NM_DEB | NMCONF_HAVE_NETWORKD |
			     NMCONF_HAVE_IFUPDOWN },
	{ "trusty", NMCONF_HAVE_NM | NMCONF_HAVE_UPSTART_NM |
		    NMCONF_HAVE_SYSV_NM_DEB | NMCONF_HAVE_IFUPDOWN },
	{ "lucid", NMCONF_HAVE_NM | NMCONF_HAVE_SYSV_NM |
		   NMCONF_HAVE_IFUPDOWN },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* param.conf: each /init's form */
static const struct {
	const char *name;
	struct paramconf p;
} params[] = {
	{ "casper", { CMDLINE_BOOT_CASPER, "enp1s0", "192.168.10.2:/srv/netboot/noble",
		      "/run/netboot/nfs", "/usr/lib/netboot/shim", NULL, false } },
	{ "casper-disk-info", { CMDLINE_BOOT_CASPER, "eno1", "10.0.0.1:/srv/live",
				"/run/netboot/media", "/usr/lib/netboot/shim", NULL, false } },
	{ "live", { CMDLINE_BOOT_LIVE, "ens3", "10.0.2.2:/export",
		    "/run/netboot/nfs", "/usr/lib/netboot/shim",
		    "BOOT_IMAGE=/vmlinuz boot=live netboot=nfs nfsroot=10.0.2.2:/export quiet \n", false } },
	/* an image fetched over HTTP: live-boot's own fetch keys and the
	 * method go, netboot=nfs takes it through the nfsmount shim */
	{ "live-http", { CMDLINE_BOOT_LIVE, "ens3", "http://10.0.2.2:8080/live/filesystem.squashfs", "/run/netboot/http",
			 "/usr/lib/netboot/shim",
			 "BOOT_IMAGE=/vmlinuz boot=live  netboot=http url=http://10.0.2.2:8080/live/filesystem.squashfs fetch=http://x/y NETBOOT=url  quiet \n",
			 true } },
	/* a tab in the command line: live-boot gets DEVICE= instead */
	{ "live-ctl", { CMDLINE_BOOT_LIVE, "ens3", "10.0.2.2:/export",
			"/run/netboot/nfs", "/usr/lib/netboot/shim",
			"boot=live\tnetboot=nfs\n", false } },
	{ "other", { CMDLINE_BOOT_NONE, "eth0", "", "/run/netboot/nfs",
		     "/usr/lib/netboot/shim", NULL, false } },
	{ "quotes", { CMDLINE_BOOT_LIVE, "eth0", "10.0.0.1:/srv/it's",
		      "/run/x'y", "/opt/$(shim)", "boot=live a='b c' d=\"e\" $(x) `y`", false } },
};

static const struct {
	const char *name;
	struct lease (*make)(void);
	const char *dev, *reason;
	unsigned long ms;
} states[] = {
	{ "lab", lab, "enp1s0", "BOOTIF=01-52-54-00-12-34-56", 1234 },
	{ "static", static_ip, "eth0", "ip= names eth0", 80 },
	{ "hostile", hostile, "eno1", "it's the only NIC with a carrier; $(reboot)", 5 },
};

static int out_lease(const char *kind, const char *name)
{
	char buf[NETCONF_SIZE_MAX];
	size_t i;
	int r;

	for (i = 0; i < N(leases); i++) {
		struct lease l;

		if (strcmp(name, leases[i].name))
			continue;
		l = leases[i].make();
		if (!strcmp(kind, "netconf"))
			r = netconf_render(leases[i].dev, &l, leases[i].uptime,
					   buf, sizeof(buf), NULL);
		else
			r = resolvconf_render(&l, buf, sizeof(buf), NULL);
		if (r < 0)
			return 2;
		fputs(buf, stdout);
		return 0;
	}
	return 1;
}

static int out_nmconf(const char *name)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct nmconf_file f[NMCONF_FILES_MAX];
	size_t i;
	int n, k;

	for (i = 0; i < N(roots); i++) {
		if (strcmp(name, roots[i].name))
			continue;
		n = nmconf_render("enp1s0", mac, roots[i].have, f, N(f));
		if (n < 0)
			return 2;
		for (k = 0; k < n; k++)
			printf("=== /%s mode %04o (%s)\n%s", f[k].path,
			       f[k].mode, f[k].what, f[k].content);
		return 0;
	}
	return 1;
}

static int out_param(const char *name)
{
	static char buf[PARAMCONF_SIZE_MAX];
	size_t i;

	for (i = 0; i < N(params); i++) {
		if (strcmp(name, params[i].name))
			continue;
		if (paramconf_render(&params[i].p, buf, sizeof(buf)) < 0)
			return 2;
		fputs(buf, stdout);
		return 0;
	}
	return 1;
}

static int out_state(const char *name)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	char buf[2048];
	size_t i;

	for (i = 0; i < N(states); i++) {
		struct lease l;

		if (strcmp(name, states[i].name))
			continue;
		l = states[i].make();
		if (netstate_render(states[i].dev, mac, states[i].reason, &l, states[i].ms, buf,
				    sizeof(buf)) < 0)
			return 2;
		fputs(buf, stdout);
		return 0;
	}
	return 1;
}

/* render param key=value...: the "casper" fixture, keys replaced */
static int out_param_custom(int argc, char **argv)
{
	static char buf[PARAMCONF_SIZE_MAX];
	struct paramconf p = params[0].p;
	int i;

	for (i = 0; i < argc; i++) {
		const char *v = strchr(argv[i], '=');

		if (!v)
			return 1;
		v++;
		if (!strncmp(argv[i], "boot=", 5))
			p.boot = !strcmp(v, "live") ? CMDLINE_BOOT_LIVE :
				 !strcmp(v, "casper") ? CMDLINE_BOOT_CASPER : CMDLINE_BOOT_OTHER;
		else if (!strncmp(argv[i], "dev=", 4))
			p.dev = v;
		else if (!strncmp(argv[i], "nfsroot=", 8))
			p.nfsroot = v;
		else if (!strncmp(argv[i], "media=", 6))
			p.media = v;
		else if (!strncmp(argv[i], "shim=", 5))
			p.shim = v;
		else if (!strncmp(argv[i], "cmdline=", 8))
			p.cmdline = v;
		else
			return 1;
	}
	i = paramconf_render(&p, buf, sizeof(buf));
	if (i < 0)
		return i == -ENOBUFS ? 3 : 2;
	fputs(buf, stdout);
	return 0;
}

/* render state key=value...: the "lab" lease, dev= reason= root_path= */
static int out_state_custom(int argc, char **argv)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	const char *dev = "enp1s0", *reason = "BOOTIF";
	struct lease l = lab();
	char buf[2048];
	int i;

	for (i = 0; i < argc; i++) {
		const char *v = strchr(argv[i], '=');

		if (!v)
			return 1;
		v++;
		if (!strncmp(argv[i], "dev=", 4))
			dev = v;
		else if (!strncmp(argv[i], "reason=", 7))
			reason = v;
		else if (!strncmp(argv[i], "root_path=", 10)) {
			if (strlen(v) >= sizeof(l.root_path))
				return 3;
			strcpy(l.root_path, v);
		} else
			return 1;
	}
	i = netstate_render(dev, mac, reason, &l, 7, buf, sizeof(buf));
	if (i < 0)
		return i == -ENOBUFS ? 3 : 2;
	fputs(buf, stdout);
	return 0;
}

static int set_str(char *dst, size_t size, const char *v)
{
	if (strlen(v) >= size)
		return 3;
	strcpy(dst, v);
	return 0;
}

static int out_custom(const char *dev, int argc, char **argv)
{
	struct lease l = lab();
	char buf[NETCONF_SIZE_MAX];
	unsigned dropped = 0;
	int i, r = 0;

	for (i = 0; i < argc && !r; i++) {
		const char *v = strchr(argv[i], '=');

		if (!v)
			return 1;
		v++;
#define FIELD(f) if (!strncmp(argv[i], #f "=", sizeof(#f))) \
			r = set_str(l.f, sizeof(l.f), v); else
		FIELD(hostname) FIELD(domain) FIELD(nisdomain) FIELD(root_path)
		FIELD(bootfile) FIELD(domain_search)
		return 1;
#undef FIELD
	}
	if (r)
		return r;
	r = netconf_render(dev, &l, 1, buf, sizeof(buf), &dropped);
	if (r < 0)
		return 2;
	fputs(buf, stdout);
	for (i = 0; i < NETCONF_DROP_COUNT; i++)
		if (dropped & (1u << i))
			fprintf(stderr, "%s\n", netconf_drop_name[i]);
	return 0;
}

int main(int argc, char **argv)
{
	char buf[8192];
	size_t i;

	if (argc == 3 && (!strcmp(argv[1], "netconf") ||
			  !strcmp(argv[1], "resolv")))
		return out_lease(argv[1], argv[2]);
	if (argc == 3 && !strcmp(argv[1], "nmconf"))
		return out_nmconf(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "paramconf"))
		return out_param(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "netstate"))
		return out_state(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "param"))
		return out_param_custom(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "state"))
		return out_state_custom(argc - 2, argv + 2);
	if (argc >= 3 && !strcmp(argv[1], "lease"))
		return out_custom(argv[2], argc - 3, argv + 3);
	if (argc == 3 && !strcmp(argv[1], "shquote")) {
		if (shquote(argv[2], buf, sizeof(buf)) < 0)
			return 2;
		printf("V=%s\n", buf);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "list")) {
		if (!strcmp(argv[2], "nmconf"))
			for (i = 0; i < N(roots); i++)
				puts(roots[i].name);
		else if (!strcmp(argv[2], "paramconf"))
			for (i = 0; i < N(params); i++)
				puts(params[i].name);
		else if (!strcmp(argv[2], "netstate"))
			for (i = 0; i < N(states); i++)
				puts(states[i].name);
		else
			for (i = 0; i < N(leases); i++)
				puts(leases[i].name);
		return 0;
	}
	fprintf(stderr, "usage: render netconf|resolv|nmconf|paramconf|netstate FIXTURE | "
			"lease DEV [field=value...] | param [key=value...] | "
			"state [key=value...] | shquote VALUE | list KIND\n");
	return 1;
}
