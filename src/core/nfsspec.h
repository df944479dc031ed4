/*
 * nfsspec.h - what to mount, and how: the NFS server and export for the
 * live image, the mount(2) text options for the kernel NFS client, which
 * errors are worth retrying, and the retry backoff.
 *
 * Pure: inputs are the parsed command line and the lease, outputs are
 * strings and numbers.  The phase that mounts (src/phase/) walks the
 * versions, calls the mount edge (src/sys/mnt.h), classifies each errno
 * and sleeps nfsspec_backoff_ms() between tries.  The core never resolves
 * names: a server given as a host name is kept in nfsspec.host for the
 * phase to look up (phase/resolve.h) and hand back with nfsspec_set_addr().
 */
#ifndef NETBOOT_NFSSPEC_H
#define NETBOOT_NFSSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmdline.h"
#include "lease.h"

#define NFSSPEC_ADDR_MAX 46   /* INET6_ADDRSTRLEN: a literal, no brackets */
/* User options kept for the mount: root-path's (DHCP), then the cmdline's. */
#define NFSSPEC_OPTS_MAX (2 * CMDLINE_OPTS_MAX + 1)
/* Rendered mount data.  The kernel copies one page; stay well below. */
#define NFSSPEC_DATA_MAX 2048

/* NFS versions, as bits of nfsspec.vers_mask, in negotiation order. */
enum nfsspec_vers {
	NFSSPEC_V42 = 1u << 0,
	NFSSPEC_V41 = 1u << 1,
	NFSSPEC_V40 = 1u << 2,
	NFSSPEC_V3  = 1u << 3,
	NFSSPEC_V2  = 1u << 4, /* only when pinned: v2 is off in distro kernels */
};
#define NFSSPEC_V4_ANY  (NFSSPEC_V42 | NFSSPEC_V41 | NFSSPEC_V40)
#define NFSSPEC_DEFAULT (NFSSPEC_V4_ANY | NFSSPEC_V3)

/* Defaults for the options netboot adds (each overridden by the user's). */
#define NFSSPEC_TIMEO_DS   100 /* tenths of a second: 10 s first RPC timeout */
#define NFSSPEC_RETRANS    3

struct nfsspec {
	bool v6;                         /* server is an IPv6 literal */
	uint32_t server4;                /* host order, when !v6 */
	char server[NFSSPEC_ADDR_MAX];   /* the literal, no brackets; "" while
					    host is not yet resolved */
	char host[CMDLINE_HOST_MAX + 1]; /* the server's host name as given,
					    "" when it was an address */
	char path[CMDLINE_PATH_MAX + 1]; /* export, %s substituted */
	char client[16];                 /* our dotted address, "" = unknown */
	char opts[NFSSPEC_OPTS_MAX + 1]; /* user options, version and
					    protected ones removed */
	unsigned vers_mask;              /* versions to try */
	/* What the server's portmapper said (nfsspec_set_v3_ports()): when
	 * v3_first, NFS 3 is tried first, with these ports. */
	bool v3_first;
	uint16_t v3_port;                /* NFS 3 over TCP */
	uint16_t mnt_port;               /* MOUNT 3 */
	bool mnt_udp;                    /* MOUNT 3 only over UDP */
	const char *server_from;         /* static: where the server came from */
	const char *path_from;           /* static: where the path came from */
};

/*
 * Resolve the server, export path and options from the command line and
 * the lease (RFC 2132 §3.19 root-path, §9.7 server-id, RFC 2131 siaddr).
 *
 * nfsroot=SERVER:/PATH (CMDLINE_NFSROOT_FULL) is used as given.  With
 * nfsroot=/PATH or no nfsroot= the server comes from root-path (17) when it
 * names one, else from next-server (siaddr), else from the server-id (54);
 * without nfsroot= the path comes from root-path, which may be
 *     /path   server:/path   [v6]:/path   any of these followed by ,opts
 *     nfs://server[:port]/path          (RFC 2224 NFS URL; port -> port=)
 * "%s" in the path becomes our dotted address, as the kernel's nfsroot=
 * (Documentation/admin-guide/nfs/nfsroot.rst).
 *
 * Options from root-path (used only when root-path also gives the path)
 * go through the same charset as nfsopts=; the user's follow them, so they
 * win, and the user's version pin replaces root-path's.  rw/ro/suid/nosuid/dev/nodev/addr= are
 * dropped: the transport mount is always ro,nosuid,nodev at this server.
 * vers=/nfsvers=/vN/minorversion= pin vers_mask ("vers=4" means any 4.x).
 *
 * A server given as a host name (RFC 1123 letters, digits, '-', '.') is
 * returned in out->host with out->server empty: the caller resolves it and
 * calls nfsspec_set_addr() before rendering anything.
 *
 * Returns 0, or a negative errno with *reason set to a static sentence:
 * -ENOENT no server or no path anywhere, -EINVAL a server that is neither
 * an address nor a host name, a malformed
 * root-path or option, "%s" without an address, -ENAMETOOLONG too long.
 * out is written only on success.
 */
int nfsspec_resolve(const struct cmdline *cl, const struct lease *ls,
		    struct nfsspec *out, const char **reason);

/* The address a host name resolved to (host order), for the server
 * literal and addr=.  -EINVAL for 0.0.0.0, 255.255.255.255 or 127/8 (a
 * DNS answer must not point the mount at this machine), else 0. */
int nfsspec_set_addr(struct nfsspec *spec, uint32_t addr);

/*
 * The server's portmapper lists NFS 3 over TCP at nfs_port and MOUNT 3 at
 * mnt_tcp (TCP) or mnt_udp (UDP); 0 = not listed.  When NFS 3 is one of
 * the versions to try and both are listed, NFS 3 goes first, with
 * port=, mountport= and mountproto= rendered unless the user's options
 * name a port or a transport (then the kernel asks the portmapper
 * itself).  Returns true when NFS 3 now goes first.
 *
 * Why v3 first: a v3 mount is one MOUNT and a few NFS calls, where a v4
 * mount sets up a client (EXCHANGE_ID, CREATE_SESSION, and a modprobe run
 * for the krb5i machine credential that no mount option avoids) and needs
 * the nfsv4 module loaded; it is also what casper and live-boot mount
 * with (klibc nfsmount).  A v4-only server does not list NFS 3, and a v3
 * mount that fails anyway sends the phase back to the usual order
 * (nfsspec_v3_failed()).
 */
bool nfsspec_set_v3_ports(struct nfsspec *spec, uint16_t nfs_port, uint16_t mnt_tcp,
			  uint16_t mnt_udp);
/* A first NFS 3 try failed: back to the usual order (4.2 .. 3), NFS 3
 * keeping its place after 4.0. */
void nfsspec_v3_failed(struct nfsspec *spec);

/* Versions in negotiation order 4.2, 4.1, 4.0, 3 (then 2), or with
 * v3_first 3, 4.2, 4.1, 4.0 (then 2), restricted to spec->vers_mask.
 * first: the first to try; next: the one after cur.  0 when there is
 * none. */
unsigned nfsspec_vers_first(const struct nfsspec *spec);
unsigned nfsspec_vers_next(const struct nfsspec *spec, unsigned cur);
/* "4.2", "4.1", "4.0", "3", "2"; "?" for anything else. */
const char *nfsspec_vers_name(unsigned vers);

/* The mount(2) source: "10.0.0.1:/srv/live" or "[fd00::1]:/srv/live".
 * 0, -ENOBUFS, or -EDESTADDRREQ while a host name is not yet resolved;
 * dst written only on success. */
int nfsspec_render_dev(const struct nfsspec *spec, char *dst, size_t dstsz);

/*
 * The mount(2) data for filesystem type "nfs" and version vers (one bit):
 *     vers=V,addr=IP[,clientaddr=IP],proto=tcp|tcp6,timeo=100,retrans=3,
 *     sec=sys[,nolock],<user options>
 * A default is left out when the user's options set it (proto= or
 * tcp/udp/rdma; timeo=; retrans=; sec=; lock/nolock/local_lock=;
 * clientaddr=).  sec=sys: the initrd has no rpc.gssd, and naming the
 * flavor spares a v4 mount its flavor probe (nfsspec.c says what it costs).
 * clientaddr= is only added for v4 over IPv4 when our address is known;
 * nolock only for v2/v3 (no rpc.statd in the initrd).
 * ro, nosuid and nodev are NOT in the text: the kernel takes them as mount
 * flags only (nosuid/nodev are in fs/fs_context.c's forbidden_sb_flag[]),
 * so *flags gets MS_RDONLY|MS_NOSUID|MS_NODEV for the edge to pass.
 * 0, -EINVAL (vers not one bit of spec->vers_mask), -EDESTADDRREQ (a
 * host name not yet resolved) or -ENOBUFS; dst and *flags written only on
 * success.
 */
int nfsspec_render_opts(const struct nfsspec *spec, unsigned vers,
			char *dst, size_t dstsz, unsigned long *flags);

/*
 * The options the kernel settled on for the mount at dir: the fourth
 * field of the last line of mounts (len bytes of /proc/self/mounts) whose
 * mount point is dir (the kernel's \ooo escapes undone), e.g.
 * "ro,nosuid,nodev,relatime,vers=4.2,rsize=1048576,...,sec=sys,...".
 * 0, -ENOENT (nothing mounted there), -EBADMSG (a control byte in the
 * options) or -ENOBUFS; dst written only on success.
 */
int nfsspec_mounted_opts(const char *mounts, size_t len, const char *dir,
			 char *dst, size_t dstsz);

/* What the mount loop does with an errno from mount(2). */
enum nfsspec_verdict {
	NFSSPEC_TRANSIENT = 0, /* wait nfsspec_backoff_ms(), retry same version */
	NFSSPEC_NEXT_VERSION,  /* this version is not spoken: try the next */
	NFSSPEC_PERMANENT,     /* retrying cannot help: report and stop */
};
extern const char *const nfsspec_verdict_name[];

/* Classify err (a positive or negative errno). */
enum nfsspec_verdict nfsspec_classify(int err);

/*
 * A sentence for the console about err when mounting spec with vers, e.g.
 * "the server refused the connection: is nfs-server running on 10.0.0.1?".
 * 0 or -ENOBUFS; dst written only on success.
 */
int nfsspec_explain(const struct nfsspec *spec, unsigned vers, int err,
		    char *dst, size_t dstsz);

/* Backoff: exponential from NFSSPEC_BACKOFF_BASE_MS, doubling per attempt
 * (0 = the wait after the first failure), capped at NFSSPEC_BACKOFF_CAP_MS,
 * with "equal jitter": half fixed, half drawn from rnd. */
#define NFSSPEC_BACKOFF_BASE_MS 500u
#define NFSSPEC_BACKOFF_CAP_MS  10000u
unsigned nfsspec_backoff_ms(unsigned attempt, uint32_t rnd);

/*
 * The wait before the next try within a budget: elapsed_ms since the first
 * try, budget_ms in all.  0 with *delay_ms = nfsspec_backoff_ms() clipped to
 * what remains, or -ETIMEDOUT when the budget is spent.
 */
int nfsspec_backoff_next(unsigned attempt, uint32_t rnd, uint64_t elapsed_ms,
			 uint64_t budget_ms, unsigned *delay_ms);

#endif
