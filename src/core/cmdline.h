/*
 * cmdline.h - the kernel command line, parsed into what netboot needs.
 *
 * Pure: the caller reads /proc/cmdline and hands the bytes in.  The parser
 * follows the kernel's own word grammar (blanks separate words, '"' quotes,
 * a lone "--" ends the kernel's parameters) and validates every key it
 * knows.  Unknown keys are ignored: they belong to the kernel or to others.
 */
#ifndef NETBOOT_CMDLINE_H
#define NETBOOT_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CMDLINE_MAX        4096 /* longest command line accepted (bytes) */
#define CMDLINE_HOST_MAX   255  /* server name or address */
#define CMDLINE_PATH_MAX   1024 /* NFS path (MNTPATHLEN) */
#define CMDLINE_OPTS_MAX   512  /* NFS mount options */
#define CMDLINE_IFNAME_MAX 16   /* IFNAMSIZ, with the NUL */
#define CMDLINE_NETDEV_MAX 8    /* entries in ethdevice= */
#define CMDLINE_URLS_MAX   2048 /* url= / fetch=, comma-joined */
#define CMDLINE_URL_COUNT  8    /* URLs in url= */
#define CMDLINE_WARN_MAX   8
#define CMDLINE_ERR_MAX    256

enum cmdline_boot {
	CMDLINE_BOOT_NONE = 0, /* no boot= */
	CMDLINE_BOOT_CASPER,
	CMDLINE_BOOT_LIVE,
	CMDLINE_BOOT_OTHER,
};

enum cmdline_method {
	CMDLINE_METHOD_NONE = 0, /* no netboot=: netboot stays out of the way */
	CMDLINE_METHOD_NFS,
	CMDLINE_METHOD_HTTP, /* netboot=http or casper's netboot=url; live-boot's fetch= */
};

enum cmdline_nfsroot {
	CMDLINE_NFSROOT_DHCP = 0, /* absent or "auto": DHCP root-path (17) */
	CMDLINE_NFSROOT_PATH,     /* "/path": server from DHCP */
	CMDLINE_NFSROOT_FULL,     /* "server:/path" */
};

enum cmdline_ip {
	CMDLINE_IP_UNSET = 0, /* no ip=: netboot configures by DHCP */
	CMDLINE_IP_DHCP,      /* dhcp, on, any, both, bootp, dev:dhcp */
	CMDLINE_IP_OFF,       /* off, none: the network is left alone */
	CMDLINE_IP_STATIC,    /* client:server:gw:mask:host:dev:off */
};

/* netboot.loop-dio=: the live image's loop device reads with direct I/O
 * (`netboot tune`, init-bottom; core/tune.c has the auto rule). */
enum cmdline_dio {
	CMDLINE_DIO_AUTO = 0, /* absent or "auto": on for an image > half of RAM */
	CMDLINE_DIO_ON,
	CMDLINE_DIO_OFF,
};

/* One ethdevice= / live-netdev= entry: an interface name or a MAC. */
struct cmdline_netdev {
	bool is_mac;
	uint8_t mac[6];
	char name[CMDLINE_IFNAME_MAX];
};

struct cmdline_ipconf {
	enum cmdline_ip mode;
	char dev[CMDLINE_IFNAME_MAX]; /* "" = not named */
	uint32_t client, server, gateway, netmask, dns0, dns1; /* host order, 0 = unset */
	char hostname[64];
};

struct cmdline {
	enum cmdline_boot boot;
	enum cmdline_method method;

	enum cmdline_nfsroot nfsroot;
	char nfs_server[CMDLINE_HOST_MAX + 1]; /* "" unless CMDLINE_NFSROOT_FULL */
	char nfs_path[CMDLINE_PATH_MAX + 1];   /* "" with CMDLINE_NFSROOT_DHCP */
	/* User options, nfsroot's first then nfsopts=, validated, comma-joined.
	 * The mount adds ro,nosuid,nodev itself. */
	char nfs_opts[CMDLINE_OPTS_MAX + 1];

	/* netboot=http: url=URL[,URL...] or fetch=URL, each checked by
	 * http_url_parse(), in order, comma-joined; "" = from DHCP root-path */
	char urls[CMDLINE_URLS_MAX + 1];
	bool has_sha256;
	uint8_t sha256[32]; /* netboot.sha256=: the only trusted checksum */

	struct cmdline_ipconf ip;

	bool has_bootif;
	uint8_t bootif[6];

	struct cmdline_netdev netdev[CMDLINE_NETDEV_MAX]; /* ethdevice=, live-netdev= */
	size_t n_netdev;
	unsigned ethdevice_timeout; /* seconds, 0 = unset */

	char media_path[CMDLINE_PATH_MAX + 1]; /* live-media-path=, "" = default */
	char layerfs_path[CMDLINE_PATH_MAX + 1]; /* casper layerfs-path= */
	bool ignore_uuid;
	bool toram;
	bool legacy_root_nfs; /* root=/dev/nfs seen */

	/* netboot.* keys */
	unsigned timeout;         /* netboot.timeout=SEC: whole budget */
	unsigned dhcp_timeout;    /* netboot.dhcp-timeout=SEC */
	unsigned carrier_timeout; /* netboot.carrier-timeout=SEC */
	unsigned mount_timeout;   /* netboot.mount-timeout=SEC */
	unsigned fetch_timeout;   /* netboot.fetch-timeout=SEC, 0 = from the size */
	bool timeout_given;       /* netboot.timeout= was on the command line */
	bool debug;               /* netboot.debug */
	enum cmdline_dio loop_dio; /* netboot.loop-dio= */
	/* netboot.report=udp:ADDR[:PORT] | off: stream the boot report to
	 * the boot server (host order; report_port 0 = off) */
	uint32_t report_addr;
	uint16_t report_port;

	/* Warnings for the console (legacy keys, ignored words). */
	char warn[CMDLINE_WARN_MAX][CMDLINE_ERR_MAX];
	size_t n_warn;
};

/* Defaults, in seconds. */
#define NETBOOT_TIMEOUT_DEFAULT         180
#define NETBOOT_DHCP_TIMEOUT_DEFAULT    60
/* netboot=http: the image's download is in the budget; a 4 GiB image
 * at 2 MB/s takes 35 minutes (netboot.fetch-timeout= bounds it alone). */
#define NETBOOT_HTTP_TIMEOUT_DEFAULT    3600
/* netboot.carrier-timeout defaults to the DHCP budget: a NIC waiting for
 * its link delays no other NIC, and links behind a switch port that runs
 * spanning tree take 30 s and more to come up. */

/*
 * Parse len bytes of a kernel command line into *out.
 * Returns 0, or -EINVAL with a message in err naming the key and the problem
 * (out is then left untouched).
 */
int cmdline_parse(const char *buf, size_t len, struct cmdline *out,
		  char *err, size_t errsz);

/* Parse "aa:bb:cc:dd:ee:ff" / "aa-bb-..", any case.  0 or -EINVAL. */
int cmdline_parse_mac(const char *s, uint8_t mac[6]);

/* Strict dotted quad, host order.  0 or -EINVAL. */
int cmdline_parse_ipv4(const char *s, uint32_t *addr);

extern const char *const cmdline_boot_name[];
extern const char *const cmdline_method_name[];
extern const char *const cmdline_nfsroot_name[];
extern const char *const cmdline_ip_name[];
extern const char *const cmdline_dio_name[];

#endif
