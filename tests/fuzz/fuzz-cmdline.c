/*
 * fuzz-cmdline.c - cmdline_parse() on arbitrary bytes.
 *
 * Properties:
 *  - 0 or -EINVAL; on -EINVAL *out is untouched and err holds a message,
 *    also truncated safely into a tiny buffer;
 *  - on success every string is terminated inside its array and has no
 *    control byte, enums and counts are in range, the NFS options never
 *    hold rw / suid / dev, nfsroot's kind matches which of server / path
 *    are set, a static ip= has a contiguous netmask, every timeout is
 *    1..86400 s;
 *  - deterministic, and words after a lone "--" (init's argv) change
 *    nothing.
 */
#include <errno.h>
#include <string.h>

#include "cmdline.h"
#include "fuzz.h"

static struct cmdline c1, c2, pat;

static void check_opts(const char *o)
{
	static const char *const refused[] = { "rw", "suid", "dev" };
	size_t n, i;

	while (*o) {
		n = strcspn(o, ",");
		FZ_ASSERT(n > 0);
		for (i = 0; i < 3; i++)
			FZ_ASSERT(!(n == strlen(refused[i]) &&
				    !memcmp(o, refused[i], n)));
		o += n;
		if (*o == ',')
			o++;
	}
}

static int secs_ok(unsigned s)
{
	return s >= 1 && s <= 86400;
}

static void check_ok(const struct cmdline *c)
{
	size_t i;

	FZ_ASSERT(c->boot <= CMDLINE_BOOT_OTHER && c->method <= CMDLINE_METHOD_NFS &&
		  c->nfsroot <= CMDLINE_NFSROOT_FULL &&
		  c->ip.mode <= CMDLINE_IP_STATIC);
	FZ_ASSERT(FZ_STR_OK(c->nfs_server) && FZ_STR_OK(c->nfs_path) &&
		  FZ_STR_OK(c->nfs_opts) && FZ_STR_OK(c->media_path) &&
		  FZ_STR_OK(c->layerfs_path) && FZ_STR_OK(c->ip.dev) &&
		  FZ_STR_OK(c->ip.hostname));
	check_opts(c->nfs_opts);
	switch (c->nfsroot) {
	case CMDLINE_NFSROOT_DHCP:
		FZ_ASSERT(!c->nfs_server[0] && !c->nfs_path[0]);
		break;
	case CMDLINE_NFSROOT_PATH:
		FZ_ASSERT(!c->nfs_server[0] && c->nfs_path[0] == '/');
		break;
	case CMDLINE_NFSROOT_FULL:
		FZ_ASSERT(c->nfs_server[0] && c->nfs_path[0] == '/');
		break;
	}
	if (c->ip.mode == CMDLINE_IP_STATIC)
		FZ_ASSERT(c->ip.client && c->ip.netmask);
	if (c->ip.netmask)
		FZ_ASSERT(((~c->ip.netmask + 1) & ~c->ip.netmask) == 0);
	FZ_ASSERT(c->n_netdev <= CMDLINE_NETDEV_MAX);
	for (i = 0; i < c->n_netdev; i++)
		FZ_ASSERT(c->netdev[i].is_mac || (FZ_STR_OK(c->netdev[i].name) &&
						  c->netdev[i].name[0]));
	FZ_ASSERT(c->n_warn <= CMDLINE_WARN_MAX);
	for (i = 0; i < c->n_warn; i++)
		FZ_ASSERT(FZ_STR_OK(c->warn[i]) && c->warn[i][0]);
	FZ_ASSERT(secs_ok(c->timeout) && secs_ok(c->dhcp_timeout) &&
		  secs_ok(c->carrier_timeout) && secs_ok(c->mount_timeout));
	FZ_ASSERT(c->ethdevice_timeout <= 86400);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char tail[] = " -- netboot=cifs nfsroot=6.6.6.6:/evil,rw boot=x";
	static char text[CMDLINE_MAX + 64];
	const char *buf = (const char *)data;
	char err[CMDLINE_ERR_MAX], *tiny;
	size_t n;
	int rc;

	memset(&pat, 0x5a, sizeof(pat));
	memcpy(&c1, &pat, sizeof(c1));
	rc = cmdline_parse(buf, size, &c1, err, sizeof(err));
	FZ_ASSERT(rc == 0 || rc == -EINVAL);
	if (rc) {
		FZ_ASSERT(!memcmp(&c1, &pat, sizeof(c1)));
		FZ_ASSERT(memchr(err, 0, sizeof(err)) && err[0]);
		tiny = malloc(7);
		FZ_ASSERT(tiny);
		memcpy(&c2, &pat, sizeof(c2));
		FZ_ASSERT(cmdline_parse(buf, size, &c2, tiny, 7) == -EINVAL);
		FZ_ASSERT(memchr(tiny, 0, 7) && !strncmp(tiny, err, strlen(tiny)));
		free(tiny);
		return 0;
	}
	check_ok(&c1);

	memcpy(&c2, &pat, sizeof(c2));
	FZ_ASSERT(cmdline_parse(buf, size, &c2, err, sizeof(err)) == 0);
	FZ_ASSERT(!memcmp(&c1, &c2, sizeof(c1)));

	/* Init's argv after "--" is not ours: the result must not move. */
	n = memchr(buf, 0, size) ? strlen(buf) : size;
	if (n + sizeof(tail) <= CMDLINE_MAX && !memchr(buf, '"', n)) {
		memcpy(text, buf, n);
		memcpy(text + n, tail, sizeof(tail));
		memcpy(&c2, &pat, sizeof(c2));
		FZ_ASSERT(cmdline_parse(text, n + sizeof(tail) - 1, &c2, err,
					sizeof(err)) == 0);
		FZ_ASSERT(!memcmp(&c1, &c2, sizeof(c1)));
	}
	return 0;
}
