/*
 * mkseeds.c - write the seed corpora for the fuzz targets that take
 * constructed bytes (DHCP frames, nfsspec and build inputs, command
 * lines).  Run by tests/fuzz/mkseeds.sh; the output is committed under
 * tests/fuzz/corpus/, so this only matters when the input layouts change.
 *
 *   mkseeds CORPUS_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp-fixture.h"

static const char *root;

static void put(const char *target, const char *name, const void *a,
		size_t an, const void *b, size_t bn)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s/%s", root, target, name);
	fp = fopen(path, "wb");
	if (!fp || fwrite(a, 1, an, fp) != an || (bn && fwrite(b, 1, bn, fp) != bn) ||
	    fclose(fp)) {
		perror(path);
		exit(1);
	}
}

/* A DHCP frame seed for fuzz-dhcp and fuzz-netconf: mode byte + frame. */
static void frame(const char *name, unsigned mode, const struct fx *f)
{
	uint8_t b[FX_BUF], m = (uint8_t)mode;
	size_t n = fx_frame(b, f);

	put("dhcp", name, &m, 1, b, n);
	put("netconf", name, &m, 1, b, n);
}

#define OPTS(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

/* Options common to a dnsmasq-like OFFER / ACK for 10.0.0.100/24. */
#define LAB_OPTS(type) \
	53, 1, type, 54, 4, 10, 0, 0, 1, 51, 4, 0, 0, 0x0e, 0x10, \
	58, 4, 0, 0, 0x07, 0x08, 59, 4, 0, 0, 0x0c, 0x4e, \
	1, 4, 255, 255, 255, 0, 28, 4, 10, 0, 0, 255, 3, 4, 10, 0, 0, 1, \
	6, 8, 10, 0, 0, 1, 9, 9, 9, 9, 26, 2, 0x05, 0xdc, \
	12, 6, 'p', 'c', '-', '1', '0', '0', \
	15, 11, 'l', 'a', 'b', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', \
	17, 25, '1', '0', '.', '0', '.', '0', '.', '1', ':', '/', 's', 'r', 'v', \
	'/', 'l', 'i', 'v', 'e', ',', 'v', 'e', 'r', 's', '=', '3', \
	66, 8, '1', '0', '.', '0', '.', '0', '.', '1', \
	67, 10, 'p', 'x', 'e', 'l', 'i', 'n', 'u', 'x', '.', '0', \
	119, 21, 3, 'l', 'a', 'b', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, \
	5, 'b', 'u', 'i', 'l', 'd', 0xc0, 0

static void dhcp_seeds(void)
{
	static const uint8_t pxe_file[] = "pxelinux.0";
	static const uint8_t sname_opts[] = { 12, 5, 'l', 'a', 'y', 'e', 'r', 255 };
	static const uint8_t file_opts[] = { 17, 14, '/', 's', 'r', 'v', '/',
		'n', 'o', 'b', 'l', 'e', '-', 'i', 's', 'o', 3, 4, 10, 0, 0, 254, 255 };
	static const uint8_t file_split[] = { 17, 8, 's', 'r', 'v', '/', 'l', 'i', 'v', 'e', 255 };
	static const uint8_t hostile_file[] = "$(reboot)'`id`";
	struct fx f;

	memset(&f, 0, sizeof(f));
	f.yiaddr = FX_YIADDR;
	f.siaddr = FX_SERVER;
	f.file = pxe_file;
	f.filelen = sizeof(pxe_file);
	{
		const uint8_t o[] = { LAB_OPTS(2), 255 };

		f.opts = o;
		f.optlen = sizeof(o);
		frame("offer-lab", 0x07, &f);
		frame("offer-lab-raw", 0x00, &f);
		frame("offer-lab-nocsum", 0x0b, &f);
	}
	{
		const uint8_t o[] = { LAB_OPTS(5), 80, 0, 255 };

		f.opts = o;
		f.optlen = sizeof(o);
		frame("ack-rapid", 0x07, &f);
	}
	{
		const uint8_t o[] = { 53, 1, 6, 54, 4, 10, 0, 0, 1, 56, 16, 'w', 'r',
			'o', 'n', 'g', ' ', 's', 'e', 'r', 'v', 'e', 'r', '-', 'i', 'd',
			'.', 255 };

		f.opts = o;
		f.optlen = sizeof(o);
		f.yiaddr = 0;
		frame("nak", 0x07, &f);
		f.yiaddr = FX_YIADDR;
	}
	/* Option overload (52 = 3): options in file and sname. */
	{
		const uint8_t o[] = { 53, 1, 5, 52, 1, 3, 54, 4, 10, 0, 0, 1,
			1, 4, 255, 255, 255, 0, 255 };

		f.opts = o;
		f.optlen = sizeof(o);
		f.file = file_opts;
		f.filelen = sizeof(file_opts);
		f.sname = sname_opts;
		f.snamelen = sizeof(sname_opts);
		frame("ack-overload-both", 0x07, &f);
	}
	/* RFC 3396: root-path split in the options field and continued in
	 * file (52 = 1); host name split in three. */
	{
		const uint8_t o[] = { 53, 1, 2, 52, 1, 1, 54, 4, 10, 0, 0, 1,
			17, 10, '1', '0', '.', '0', '.', '0', '.', '1', ':', '/',
			12, 2, 'p', 'c', 0, 0, 12, 1, '-', 12, 3, '1', '0', '0', 255 };

		f.opts = o;
		f.optlen = sizeof(o);
		f.file = file_split;
		f.filelen = sizeof(file_split);
		f.sname = NULL;
		f.snamelen = 0;
		frame("offer-rfc3396-split", 0x07, &f);
	}
	/* Hostile strings: shell syntax everywhere, for the drop paths. */
	{
		const uint8_t o[] = { 53, 1, 5, 54, 4, 10, 0, 0, 1,
			12, 9, '$', '(', 'r', 'e', 'b', 'o', 'o', 't', ')',
			15, 8, 'a', '\'', ';', 'i', 'd', ';', '\'', 'b',
			40, 5, 'n', 'i', 's', ' ', 'x',
			17, 12, '/', 's', 'r', 'v', ' ', '-', 'o', ' ', 'r', 'w', ';', '#',
			119, 6, 2, 'a', '!', 0, 0xc0, 0, 255 };

		f.opts = o;
		f.optlen = sizeof(o);
		f.file = hostile_file;
		f.filelen = sizeof(hostile_file);
		frame("ack-hostile", 0x07, &f);
	}
	/* Malformed options that are dropped, not fatal. */
	{
		const uint8_t o[] = { 53, 1, 2, 26, 2, 0, 10, 6, 5, 1, 2, 3, 4, 5,
			1, 3, 255, 255, 0, 80, 1, 0, 12, 3, 'a', 1, 'b', 255 };

		f.opts = o;
		f.optlen = sizeof(o);
		f.file = pxe_file;
		f.filelen = sizeof(pxe_file);
		frame("offer-bad-options", 0x07, &f);
	}
	/* Minimal: a BOOTP-ish reply with only 53. */
	{
		const uint8_t o[] = { 53, 1, 2, 255 };

		f.opts = o;
		f.optlen = sizeof(o);
		f.file = NULL;
		f.filelen = 0;
		f.siaddr = 0;
		frame("offer-minimal", 0x07, &f);
	}
}

static void text(const char *target, const char *name, const char *s)
{
	put(target, name, s, strlen(s), NULL, 0);
}

static void cmdline_seeds(void)
{
	static const char *const lines[] = {
		/* the wiki page's pxelinux append lines */
		"boot=casper netboot=nfs nfsroot=192.168.2.200:/srv/tftpboot/hardy-i386/mnt initrd=hardy-i386/initrd.gz --",
		"boot=casper netboot=nfs nfsroot=192.168.2.200:/srv/tftpboot/intrepid-i386/mnt initrd=intrepid-i386/initrd.gz --",
		"root=/dev/nfs boot=casper netboot=nfs nfsroot=192.168.1.100:/data/images/diskless/ubuntu-7.10-desktop initrd=ubuntu-7.10-desktop/casper/initrd.gz quiet splash --",
		"root=/dev/nfs boot=casper NETBOOT=nfs NFSROOT=192.168.1.100:/srv/ubuntu NFSOPTS=vers=3 quiet splash",
		/* live-boot, pxelinux IPAPPEND 2, ip= forms */
		"BOOT_IMAGE=live/vmlinuz boot=live netboot=nfs nfsroot=10.0.0.1:/srv/live ethdevice=eth1,52:54:00:AA:bb:01 ethdevice-timeout=30 live-media-path=/live toram BOOTIF=01-52-54-00-12-34-56",
		"boot=casper netboot=nfs ip=10.0.0.100:10.0.0.1:10.0.0.1:255.255.255.0:pc100:eth0:off:10.0.0.1:9.9.9.9 nfsroot=[fd00::1]:/srv/%s,vers=4.2,proto=tcp6",
		"boot=casper netboot=nfs nfsroot=auto ip=enp0s25:dhcp layerfs-path=minimal.standard.live.squashfs ignore_uuid netboot.timeout=300 netboot.dhcp-timeout=20 netboot.carrier-timeout=5 netboot.mount-timeout=100 netboot.debug",
		"\"netboot=nfs\" dummy=\"a b c\" nfsroot=\"s:/p\" nfsopts=ro,nosuid,nodev,noexec,timeo=14 live-netdev=aa:bb:cc:dd:ee:ff",
		"netboot=nfs nfsroot=s:/p nfsopts=rw",
	};
	char name[32];
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		snprintf(name, sizeof(name), "line-%02zu", i);
		text("cmdline", name, lines[i]);
	}
}

/* nfsspec: flags, dst size, yiaddr, siaddr, server_id, cmdline \n root-path */
static void nfs(const char *name, unsigned fl, unsigned sz, uint32_t yi,
		uint32_t si, uint32_t sid, const char *cl, const char *rp)
{
	uint8_t h[14];
	char body[1024];
	int n;

	h[0] = (uint8_t)fl;
	h[1] = (uint8_t)sz;
	fx_put32(h + 2, yi);
	fx_put32(h + 6, si);
	fx_put32(h + 10, sid);
	n = snprintf(body, sizeof(body), "%s%s%s", cl, rp ? "\n" : "", rp ? rp : "");
	put("nfsspec", name, h, sizeof(h), body, (size_t)n);
}

static void nfsspec_seeds(void)
{
	nfs("full", 0, 0, FX_YIADDR, FX_SERVER, FX_SERVER,
	    "boot=casper netboot=nfs nfsroot=10.0.0.1:/srv/live,vers=3,tcp nfsopts=timeo=14", NULL);
	nfs("dhcp-rootpath", 0, 0, FX_YIADDR, 0, FX_SERVER,
	    "boot=live netboot=nfs", "10.0.0.2:/srv/%s,nfsvers=4.1,port=2049,rw,addr=6.6.6.6");
	nfs("dhcp-url", 0, 0xa0, FX_YIADDR, FX_SERVER, 0,
	    "boot=live netboot=nfs nfsroot=auto nfsopts=nolock,retrans=9", "nfs://10.0.0.3:2049/export/live");
	nfs("path-siaddr", 1, 0, FX_YIADDR, FX_SERVER, 0,
	    "netboot=nfs nfsroot=/srv/%s nfsopts=vers=4,clientaddr=10.0.0.9", "iscsi:10.0.0.1::::iqn.x");
	nfs("v6", 0, 0x90, 0, 0, FX_SERVER,
	    "netboot=nfs nfsopts=minorversion=2,proto=rdma", "[fd00::1]:/srv/live,local_lock=none,v3");
	nfs("small-dst", 0, 0x81, FX_YIADDR, FX_SERVER, FX_SERVER,
	    "netboot=nfs nfsroot=10.0.0.1:/srv", NULL);
}

/* dhcp-roundtrip: type xid mac secs bits req server max host vendor */
static void rt(const char *name, uint8_t type, uint8_t bits, uint32_t req,
	       uint32_t sid, uint16_t max, const char *host, const char *vendor)
{
	uint8_t b[600];
	size_t n = 0;

	b[n++] = type;
	fx_put32(b + n, FX_XID);
	n += 4;
	memcpy(b + n, fx_mac, 6);
	n += 6;
	fx_put16(b + n, 3);
	n += 2;
	b[n++] = bits;
	fx_put32(b + n, req);
	n += 4;
	fx_put32(b + n, sid);
	n += 4;
	fx_put16(b + n, max);
	n += 2;
	b[n++] = (uint8_t)strlen(host);
	memcpy(b + n, host, strlen(host));
	n += strlen(host);
	b[n++] = (uint8_t)strlen(vendor);
	memcpy(b + n, vendor, strlen(vendor));
	n += strlen(vendor);
	put("dhcp-roundtrip", name, b, n, NULL, 0);
}

static void roundtrip_seeds(void)
{
	rt("discover", 1, 1, 0, 0, 0, "pc-100", "netboot:0.1.0");
	rt("request", 3, 0, FX_YIADDR, FX_SERVER, 1500, "pc-100", "netboot:0.1.0");
	rt("request-no-sid", 3, 6, FX_YIADDR, 0, 576, "", "");
	rt("discover-long-host", 1, 0, 0, 0, 65535,
	   "a-host-name-of-exactly-sixty-three-bytes-xxxxxxxxxxxxxxxxxxxxxx",
	   "PXEClient:Arch:00000:UNDI:002001");
	rt("bad-max", 1, 0, 0, 0, 575, "h", "v");
	rt("bad-type", 2, 0, 0, 0, 0, "h", "v");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkseeds CORPUS_DIR\n");
		return 2;
	}
	root = argv[1];
	dhcp_seeds();
	cmdline_seeds();
	nfsspec_seeds();
	roundtrip_seeds();
	return 0;
}
