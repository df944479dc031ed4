/*
 * fuzz-nfsspec.c - command line + DHCP root-path -> nfsspec_resolve() ->
 * nfsspec_render_opts() / nfsspec_render_dev() for every version to try.
 *
 * Input:
 *   [0]      bit 0: the lease is static (ip=)
 *   [1]      dst size: < 0x80 the full NFSSPEC_DATA_MAX, else (b - 0x80) * 4
 *   [2..13]  yiaddr, siaddr, server_id (big-endian)
 *   [14..]   kernel command line, '\n', DHCP root-path (option 17)
 * The root-path obeys the lease contract (< 256 bytes, no control bytes;
 * other inputs are skipped), the command line is anything.
 *
 * Properties: the rendered options never hold rw, suid or dev (nor their
 * ro / nosuid / nodev twins: those are flags), hold exactly one addr=, the
 * resolved server's, fit the buffer (allocated to the exact size: ASan
 * sees one byte too many) and are terminated; *flags always carries
 * MS_RDONLY | MS_NOSUID | MS_NODEV; on failure dst and *flags are untouched.
 */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>

#include "fuzz.h"
#include "nfsspec.h"

static struct cmdline cl;
static struct lease ls;

static int tok_is(const char *t, size_t n, const char *key)
{
	size_t k = strlen(key);

	return n >= k && !memcmp(t, key, k) && (n == k || t[k] == '=');
}

static void check_opts(const char *o, const struct nfsspec *s)
{
	static const char *const bad[] = { "rw", "suid", "dev", "ro", "nosuid",
					   "nodev" };
	unsigned addrs = 0;
	size_t n, i;
	char want[80];

	snprintf(want, sizeof(want), "addr=%s", s->server);
	FZ_ASSERT(fz_no_ctl(o, strlen(o)));
	while (*o) {
		n = strcspn(o, ",");
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			FZ_ASSERT(!tok_is(o, n, bad[i]));
		if (tok_is(o, n, "addr")) {
			addrs++;
			FZ_ASSERT(n == strlen(want) && !memcmp(o, want, n));
		}
		o += n;
		if (*o == ',')
			o++;
	}
	FZ_ASSERT(addrs == 1);
}

static void render(const struct nfsspec *s, unsigned vers, size_t dstsz)
{
	char *dst = malloc(dstsz ? dstsz : 1);
	unsigned long flags = 0x5a5a;
	int rc;

	FZ_ASSERT(dst);
	memset(dst, 0x5a, dstsz ? dstsz : 1);
	rc = nfsspec_render_opts(s, vers, dst, dstsz, &flags);
	FZ_ASSERT(rc == 0 || rc == -ENOBUFS);
	if (rc == 0) {
		FZ_ASSERT(memchr(dst, 0, dstsz) && strlen(dst) < NFSSPEC_DATA_MAX);
		FZ_ASSERT((flags & (MS_RDONLY | MS_NOSUID | MS_NODEV)) ==
			  (MS_RDONLY | MS_NOSUID | MS_NODEV));
		check_opts(dst, s);
	} else {
		FZ_ASSERT(flags == 0x5a5a && (!dstsz || (uint8_t)dst[0] == 0x5a));
	}
	free(dst);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_rd rd = { data, size };
	struct nfsspec s;
	const char *reason = NULL, *text, *nl;
	char err[CMDLINE_ERR_MAX], dev[NFSSPEC_ADDR_MAX + CMDLINE_PATH_MAX + 8];
	size_t tlen, rlen, dstsz;
	unsigned vers, n;
	uint8_t b;
	int rc;

	memset(&ls, 0, sizeof(ls));
	ls.is_static = fz_u8(&rd) & 1;
	b = fz_u8(&rd);
	dstsz = b < 0x80 ? NFSSPEC_DATA_MAX : (size_t)(b - 0x80) * 4;
	ls.yiaddr = fz_be(&rd, 4);
	ls.siaddr = fz_be(&rd, 4);
	ls.server_id = fz_be(&rd, 4);
	text = (const char *)rd.p;
	nl = memchr(text, '\n', rd.rem);
	tlen = nl ? (size_t)(nl - text) : rd.rem;
	if (nl) {
		rlen = rd.rem - tlen - 1;
		if (rlen >= sizeof(ls.root_path) || !fz_no_ctl(nl + 1, rlen))
			return 0;
		memcpy(ls.root_path, nl + 1, rlen);
	}
	if (cmdline_parse(text, tlen, &cl, err, sizeof(err)))
		return 0;

	memset(&s, 0x5a, sizeof(s));
	rc = nfsspec_resolve(&cl, &ls, &s, &reason);
	if (rc) {
		FZ_ASSERT(rc == -ENOENT || rc == -EINVAL || rc == -ENAMETOOLONG);
		FZ_ASSERT(reason && *reason);
		return 0;
	}
	FZ_ASSERT(FZ_STR_OK(s.server) && FZ_STR_OK(s.path) &&
		  FZ_STR_OK(s.client) && FZ_STR_OK(s.opts));
	FZ_ASSERT(s.server[0] && s.path[0] == '/' && s.vers_mask &&
		  !(s.vers_mask & ~(NFSSPEC_V4_ANY | NFSSPEC_V3 | NFSSPEC_V2)));
	FZ_ASSERT(s.server_from && s.path_from);
	FZ_ASSERT(nfsspec_render_dev(&s, dev, sizeof(dev)) == 0);

	for (n = 0, vers = nfsspec_vers_first(&s); vers; vers = nfsspec_vers_next(&s, vers)) {
		FZ_ASSERT(++n <= 5 && (vers & s.vers_mask));
		render(&s, vers, NFSSPEC_DATA_MAX);
		render(&s, vers, dstsz);
	}
	FZ_ASSERT(n > 0);
	/* A version outside the mask is refused. */
	vers = ~s.vers_mask & (NFSSPEC_V4_ANY | NFSSPEC_V3 | NFSSPEC_V2);
	if (vers) {
		unsigned long flags = 1;
		char d[8] = "x";

		vers &= -vers;
		FZ_ASSERT(nfsspec_render_opts(&s, vers, d, sizeof(d), &flags) == -EINVAL);
		FZ_ASSERT(flags == 1 && d[0] == 'x');
	}
	return 0;
}
