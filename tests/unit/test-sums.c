/*
 * test-sums.c - core/sums.c: an Ubuntu md5sum.txt and Debian SHA256SUMS /
 * sha256sum.txt as they look, every line form (text, binary, BSD -r,
 * tagged, OpenSSL, escaped names), paths with and without "./" and "/",
 * CRLF, blanks and comments, names with spaces and parentheses; and the
 * hostile side: malformed digests for the file and for others, another
 * algorithm's digest, duplicates that agree and that do not, NUL bytes,
 * lines and lists over their bounds, bad arguments; sums_parse_hex for
 * netboot.sha256=.  The digest is written only on success; why is set
 * on every failure.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sums.h"

#define FS_MD5  "bc7b36fe4d2924e49800d9b3dc4a325c"
#define FS_SHA  "dce7cce055566bed799f788cd0048e209a27a473c0f48b956fa1f1780e80d2c1"
#define GNOME   "7efe6b06e7c7b87884712e76487b83b1db46564cca67e5639b02c95535e5ab1a"

/* casper/md5sum.txt of an Ubuntu 24.04 desktop ISO, shortened */
#define UBUNTU \
	"caf9b6b99962bf5c2264824231d7a40c  ./.disk/info\n" \
	"06f18f28a688c60a477b01a2d9fe8c3b  ./boot/grub/grub.cfg\n" \
	"7f5cb74af5d7f4b82200738fdbdc5a45  ./casper/filesystem.manifest\n" \
	FS_MD5 "  ./casper/filesystem.squashfs\n" \
	"a35ad41999d0ef4fe38eeb93c6e7076b  ./casper/initrd\n" \
	"d8bd79cc131920d5de426f914d17405a  ./casper/minimal.squashfs\n" \
	"d2229cc70e64ae7c07361778573c4e0c  ./casper/minimal.standard.squashfs\n" \
	"d0dbe915091d400bd8ee7f27f0791303  ./casper/minimal.standard.live.squashfs\n" \
	"2f3cacd1d5c9c33b8de3fc08f8ff3883  ./casper/vmlinuz\n" \
	"0d2cbb5c59aa486ae52f53b908ed3c91  ./pool/main/g/grub2/grub-efi-amd64_2.12-1ubuntu7_amd64.deb\n"

/* SHA256SUMS of cdimage.debian.org's live images */
#define DEBIAN \
	"d065fcf0c9df7b672f2fab30afae212567defef46563cd3544e3ae217767bef1  debian-live-12.5.0-amd64-cinnamon.iso\n" \
	GNOME "  debian-live-12.5.0-amd64-gnome.iso\n" \
	"8078f75685d01482f0259b12698fffed54193b67ddbe9fddb152bbe11f28fa03  debian-live-12.5.0-amd64-kde.iso\n" \
	"eb41fc0209dfe50d555dca2396401b870fdde8a0fe959890ae21ad8c2beed8e0  debian-live-12.5.0-amd64-xfce.iso\n"

/* sha256sum.txt inside a Debian live ISO */
#define DEBIAN_ISO \
	"09e6c018d2c8c4903308613dd1b72484d57eadf12ec50ddc8f52e5accce470f2  ./live/initrd.img-6.1.0-18-amd64\n" \
	FS_SHA "  ./live/filesystem.squashfs\n" \
	"42f083196bf0997a4f9c37295e311eb5012aa59e383c15b8ba466070af14cd8f  ./live/vmlinuz-6.1.0-18-amd64\n"

struct row {
	const char *what;
	const char *list;
	size_t len;
	const char *path;
	enum sums_algo algo;
	int rc;
	const char *hex; /* the digest found, lower case */
};

#define L(s) s, sizeof(s) - 1
#define M SUMS_MD5
#define S SUMS_SHA256

static const struct row rows[] = {
	/* the lists as they are */
	{ "ubuntu", L(UBUNTU), "casper/filesystem.squashfs", M, 0, FS_MD5 },
	{ "ubuntu ./", L(UBUNTU), "./casper/filesystem.squashfs", M, 0, FS_MD5 },
	{ "ubuntu /", L(UBUNTU), "/casper/filesystem.squashfs", M, 0, FS_MD5 },
	{ "ubuntu .//./", L(UBUNTU), ".//./casper/filesystem.squashfs", M, 0, FS_MD5 },
	{ "ubuntu layer", L(UBUNTU), "casper/minimal.standard.squashfs", M, 0,
	  "d2229cc70e64ae7c07361778573c4e0c" },
	{ "ubuntu first", L(UBUNTU), ".disk/info", M, 0, "caf9b6b99962bf5c2264824231d7a40c" },
	{ "ubuntu last", L(UBUNTU), "pool/main/g/grub2/grub-efi-amd64_2.12-1ubuntu7_amd64.deb",
	  M, 0, "0d2cbb5c59aa486ae52f53b908ed3c91" },
	{ "ubuntu basename", L(UBUNTU), "filesystem.squashfs", M, -ENOENT, NULL },
	{ "ubuntu prefix", L(UBUNTU), "casper/filesystem.squash", M, -ENOENT, NULL },
	{ "ubuntu longer", L(UBUNTU), "casper/filesystem.squashfs.gpg", M, -ENOENT, NULL },
	{ "ubuntu case", L(UBUNTU), "CASPER/filesystem.squashfs", M, -ENOENT, NULL },
	{ "ubuntu no dot-dot", L(UBUNTU), "../casper/filesystem.squashfs", M, -ENOENT, NULL },
	{ "ubuntu as sha256", L(UBUNTU), "casper/filesystem.squashfs", S, -EBADMSG, NULL },
	{ "debian", L(DEBIAN), "debian-live-12.5.0-amd64-gnome.iso", S, 0, GNOME },
	{ "debian ./", L(DEBIAN), "./debian-live-12.5.0-amd64-gnome.iso", S, 0, GNOME },
	{ "debian absent", L(DEBIAN), "debian-live-12.5.0-amd64-lxqt.iso", S, -ENOENT, NULL },
	{ "debian as md5", L(DEBIAN), "debian-live-12.5.0-amd64-gnome.iso", M, -EBADMSG, NULL },
	{ "debian iso", L(DEBIAN_ISO), "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "empty list", "", 0, "live/filesystem.squashfs", S, -ENOENT, NULL },
	{ "NULL empty list", NULL, 0, "live/filesystem.squashfs", S, -ENOENT, NULL },

	/* line ends, blanks, comments */
	{ "crlf", L("# made by hand\r\n\r\n" FS_SHA "  live/filesystem.squashfs\r\n"
		    "x  y\r\n"), "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "no final lf", L("\n\n" FS_SHA "  live/filesystem.squashfs"),
	  "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "cr only at the end", L(FS_SHA "  live/filesystem.squashfs\r"),
	  "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "two crs", L(FS_SHA "  live/filesystem.squashfs\r\r\n"),
	  "live/filesystem.squashfs", S, -ENOENT, NULL },
	{ "comment", L("# " FS_SHA "  live/filesystem.squashfs\n"),
	  "live/filesystem.squashfs", S, -ENOENT, NULL },
	{ "indented comment", L(" \t# " FS_SHA "  live/filesystem.squashfs\n"),
	  "live/filesystem.squashfs", S, -ENOENT, NULL },
	{ "blanks", L(" \t \n\t\n   \r\n" FS_SHA "  live/filesystem.squashfs\n"),
	  "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "leading blanks", L("  \t" FS_SHA "  live/filesystem.squashfs\n"),
	  "live/filesystem.squashfs", S, 0, FS_SHA },

	/* line forms */
	{ "binary", L(FS_SHA " *live/filesystem.squashfs\n"), "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "binary ./", L(FS_SHA " */live/filesystem.squashfs\n"), "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "bsd -r", L(FS_SHA " live/filesystem.squashfs\n"), "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "upper case", L("DCE7CCE055566BED799F788CD0048E209A27A473C0F48B956FA1F1780E80D2C1"
			  "  live/filesystem.squashfs\n"), "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "tagged", L("SHA256 (live/filesystem.squashfs) = " FS_SHA "\n"),
	  "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "tagged ./", L("SHA256 (./live/filesystem.squashfs) = " FS_SHA "\n"),
	  "/live/filesystem.squashfs", S, 0, FS_SHA },
	{ "tagged md5", L("MD5 (casper/filesystem.squashfs) = " FS_MD5 "\n"),
	  "casper/filesystem.squashfs", M, 0, FS_MD5 },
	{ "openssl 3", L("SHA2-256(live/filesystem.squashfs)= " FS_SHA "\n"),
	  "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "openssl 1", L("SHA256(live/filesystem.squashfs)= " FS_SHA "\n"),
	  "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "tagged parens", L("SHA256 (image (1).iso) = " GNOME "\n"), "image (1).iso", S, 0, GNOME },
	{ "tagged other algo", L("SHA512 (live/filesystem.squashfs) = " FS_SHA FS_SHA "\n"
				 "SHA1 (live/filesystem.squashfs) = 0123456789012345678901234567890123456789\n"),
	  "live/filesystem.squashfs", S, -ENOENT, NULL },
	{ "tagged other algo, then ours", L("MD5 (live/filesystem.squashfs) = " FS_MD5 "\n"
					    "SHA256 (live/filesystem.squashfs) = " FS_SHA "\n"),
	  "live/filesystem.squashfs", S, 0, FS_SHA },
	{ "tagged lower tag", L("sha256 (live/filesystem.squashfs) = " FS_SHA "\n"),
	  "live/filesystem.squashfs", S, -ENOENT, NULL },
	{ "tagged no =", L("SHA256 (live/filesystem.squashfs) " FS_SHA "\n"),
	  "live/filesystem.squashfs", S, -EBADMSG, NULL },
	{ "tagged nothing after", L("SHA256 (live/filesystem.squashfs)\n"),
	  "live/filesystem.squashfs", S, -EBADMSG, NULL },
	{ "tagged no )", L("SHA256 (live/filesystem.squashfs = " FS_SHA "\n"),
	  "live/filesystem.squashfs", S, -ENOENT, NULL },
	{ "tagged two spaces", L("SHA256 (live/filesystem.squashfs) =  " FS_SHA "\n"),
	  "live/filesystem.squashfs", S, -EBADMSG, NULL },
	{ "escaped", L("\\" FS_SHA "  live/a\\\\b\n"), "live/a\\b", S, 0, FS_SHA },
	{ "escaped tagged", L("\\SHA256 (live/a\\\\b) = " FS_SHA "\n"), "live/a\\b", S, 0, FS_SHA },
	{ "escaped newline", L("\\" FS_SHA "  live/a\\nb\n"), "live/anb", S, -ENOENT, NULL },
	{ "unknown escape", L("\\" FS_SHA "  live/a\\qb\n"), "live/aqb", S, -ENOENT, NULL },
	{ "escape at the end", L("\\" FS_SHA "  live/a\\\n"), "live/a", S, -ENOENT, NULL },
	{ "not escaped", L(FS_SHA "  live/a\\\\b\n"), "live/a\\\\b", S, 0, FS_SHA },

	/* names with spaces */
	{ "spaces", L(GNOME "  my live image.iso\n"), "my live image.iso", S, 0, GNOME },
	{ "leading space kept", L(GNOME "   x.iso\n"), "x.iso", S, -ENOENT, NULL },
	{ "leading space asked", L(GNOME "   x.iso\n"), " x.iso", S, 0, GNOME },
	{ "trailing space kept", L(GNOME "  x.iso \n"), "x.iso", S, -ENOENT, NULL },
	{ "tab is no separator", L(GNOME "\tx.iso\n"), "x.iso", S, -ENOENT, NULL },
	{ "star name", L(GNOME " **x.iso\n"), "*x.iso", S, 0, GNOME },

	/* malformed, for the file and for others */
	{ "short digest", L("bc7b36fe4d2924e49800d9b3dc4a325  ./casper/filesystem.squashfs\n"),
	  "casper/filesystem.squashfs", M, -EBADMSG, NULL },
	{ "long digest", L(FS_MD5 "0  ./casper/filesystem.squashfs\n"),
	  "casper/filesystem.squashfs", M, -EBADMSG, NULL },
	{ "not hex", L("bc7b36fe4d2924e49800d9b3dc4a325g  ./casper/filesystem.squashfs\n"),
	  "casper/filesystem.squashfs", M, -EBADMSG, NULL },
	{ "0x", L("0x" FS_MD5 "  casper/filesystem.squashfs\n"), "casper/filesystem.squashfs", M,
	  -EBADMSG, NULL },
	{ "malformed other", L("zz  ./casper/initrd\nnonsense\n" FS_MD5 "  ./casper/filesystem.squashfs\n"
			       "  *\n \n*  \n" FS_MD5 "\n" FS_MD5 " \n" FS_MD5 "  \n(\n()\nMD5 (\n"),
	  "casper/filesystem.squashfs", M, 0, FS_MD5 },
	{ "no name", L(FS_MD5 "  \n"), "casper/filesystem.squashfs", M, -ENOENT, NULL },

	/* duplicates */
	{ "same twice", L(FS_MD5 "  ./casper/filesystem.squashfs\n" UBUNTU),
	  "casper/filesystem.squashfs", M, 0, FS_MD5 },
	{ "same twice, two forms", L("MD5 (casper/filesystem.squashfs) = BC7B36FE4D2924E49800D9B3DC4A325C\n"
				     FS_MD5 " */casper/filesystem.squashfs\n"),
	  "casper/filesystem.squashfs", M, 0, FS_MD5 },
	{ "two digests", L(UBUNTU "a35ad41999d0ef4fe38eeb93c6e7076b  casper/filesystem.squashfs\n"),
	  "casper/filesystem.squashfs", M, -EBADMSG, NULL },
	{ "a malformed second", L(UBUNTU "a35ad41999d0ef4fe38eeb93c6e7076  casper/filesystem.squashfs\n"),
	  "casper/filesystem.squashfs", M, -EBADMSG, NULL },
	{ "others twice", L(UBUNTU UBUNTU "a35ad41999d0ef4fe38eeb93c6e7076b  casper/initrd.gz\n"),
	  "casper/filesystem.squashfs", M, 0, FS_MD5 },

	/* NUL bytes */
	{ "nul in another line", L("a35ad4\0999d0ef4fe38eeb93c6e7076b  ./casper/initrd\n"
				   FS_MD5 "  ./casper/filesystem.squashfs\n"),
	  "casper/filesystem.squashfs", M, 0, FS_MD5 },
	{ "nul after the name", L(FS_MD5 "  ./casper/filesystem.squashfs\0\n"),
	  "casper/filesystem.squashfs", M, -ENOENT, NULL },
	{ "nul in the name", L(FS_MD5 "  ./casper/\0filesystem.squashfs\n"),
	  "casper/", M, -ENOENT, NULL },
	{ "nul in the digest", L("bc7b36fe4d2924e49800d9b3dc4a325\0  ./casper/filesystem.squashfs\n"),
	  "casper/filesystem.squashfs", M, -EBADMSG, NULL },
	{ "nul ends no line", L(FS_MD5 "  ./casper/initrd\0" FS_MD5 "  ./casper/filesystem.squashfs\n"),
	  "casper/filesystem.squashfs", M, -ENOENT, NULL },
	{ "8-bit bytes", L("\xff\xfe\x80  \xc3\xa9\n" FS_MD5 "  ./casper/caf\xc3\xa9.squashfs\n"),
	  "casper/caf\xc3\xa9.squashfs", M, 0, FS_MD5 },

	/* arguments */
	{ "unknown algo", L(UBUNTU), "casper/filesystem.squashfs", SUMS_ALGO_COUNT, -EINVAL, NULL },
	{ "NULL path", L(UBUNTU), NULL, M, -EINVAL, NULL },
	{ "empty path", L(UBUNTU), "", M, -EINVAL, NULL },
	{ "./ path", L(UBUNTU), ".///./", M, -EINVAL, NULL },
	{ "ctl path", L(UBUNTU), "casper/\tfilesystem.squashfs", M, -EINVAL, NULL },
	{ "NULL list", NULL, 10, "casper/filesystem.squashfs", M, -EINVAL, NULL },
};

static void run(const struct row *r, size_t digsz, int rc)
{
	uint8_t d[40];
	char hex[65];
	const char *why = "unset";
	size_t i, n = sums_algo_size(r->algo);
	int got;

	memset(d, 0xa5, sizeof(d));
	got = sums_find(r->list, r->len, r->path, r->algo, d, digsz, &why);
	if (got != rc)
		print_error("row \"%s\": %d, want %d (%s)\n", r->what, got, rc, why ? why : "NULL");
	assert_int_equal(got, rc);
	if (rc == 0) {
		assert_null(why);
		for (i = 0; i < n; i++)
			snprintf(hex + 2 * i, 3, "%02x", d[i]);
		assert_string_equal(hex, r->hex);
		for (i = n; i < sizeof(d); i++)
			assert_int_equal(d[i], 0xa5);
	} else {
		assert_non_null(why);
		assert_true(strlen(why) > 0);
		for (i = 0; i < sizeof(d); i++)
			assert_int_equal(d[i], 0xa5);
	}
	/* why may be NULL */
	assert_int_equal(sums_find(r->list, r->len, r->path, r->algo, d, digsz, NULL), rc);
}

static void test_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		run(&rows[i], 40, rows[i].rc);
}

static void test_digest_size(void **state)
{
	const struct row ok = { "sized", L(DEBIAN_ISO), "live/filesystem.squashfs", S, 0, FS_SHA };
	const struct row md5 = { "sized", L(UBUNTU), "casper/filesystem.squashfs", M, 0, FS_MD5 };
	uint8_t d[32];

	(void)state;
	run(&ok, 32, 0);
	run(&ok, 31, -ENOBUFS);
	run(&ok, 0, -ENOBUFS);
	run(&md5, 16, 0);
	run(&md5, 15, -ENOBUFS);
	assert_int_equal(sums_find(DEBIAN_ISO, 10, "live/filesystem.squashfs", S, NULL, 32, NULL), -EINVAL);
	assert_int_equal(sums_find(DEBIAN_ISO, 10, "live/filesystem.squashfs", (enum sums_algo)-1, d,
				   32, NULL), -EINVAL);
	assert_int_equal(sums_algo_size(SUMS_MD5), 16);
	assert_int_equal(sums_algo_size(SUMS_SHA256), 32);
	assert_int_equal(sums_algo_size(SUMS_ALGO_COUNT), 0);
	assert_string_equal(sums_algo_name[SUMS_MD5], "MD5");
	assert_string_equal(sums_algo_name[SUMS_SHA256], "SHA256");
}

/* a line of exactly n bytes naming "f" (padded with ./ prefixes), ending in lf */
static size_t line_of(char *p, size_t n, const char *digest)
{
	size_t dl = strlen(digest), i = 0;

	memcpy(p, digest, dl);
	p[dl] = p[dl + 1] = ' ';
	for (i = dl + 2; i < n - 1; i += 2)
		memcpy(p + i, "./", 2);
	if (i == n - 1)
		p[n - 1] = 'f';
	else
		memcpy(p + n - 2, "/f", 2);
	p[n] = '\n';
	return n + 1;
}

static void test_bounds(void **state)
{
	size_t big = SUMS_LIST_MAX + 2, n, i;
	char *b = malloc(big);
	uint8_t d[32];
	const char *why;

	(void)state;
	assert_non_null(b);

	/* a 4096-byte line is read, 4097 is refused, CR or not */
	n = line_of(b, SUMS_LINE_MAX, FS_SHA);
	assert_int_equal(sums_find(b, n, "f", S, d, 32, NULL), 0);
	n = line_of(b, SUMS_LINE_MAX + 1, FS_SHA);
	assert_int_equal(sums_find(b, n - 1, "f", S, d, 32, NULL), -EBADMSG); /* no LF */
	assert_int_equal(sums_find(b, n, "f", S, d, 32, &why), -EBADMSG);
	assert_non_null(why);
	/* an overlong line for another file is refused too, even after ours */
	n = line_of(b, 100, FS_SHA);
	n += line_of(b + n, SUMS_LINE_MAX + 1, GNOME);
	assert_int_equal(sums_find(b, n, "f", S, d, 32, NULL), -EBADMSG);

	/* 100000 lines read, the 100001st refused (empty lines count) */
	memset(b, '\n', SUMS_LINES_MAX);
	n = SUMS_LINES_MAX - 1;
	n += line_of(b + n, 80, FS_SHA) - 1; /* the last line has no LF */
	assert_int_equal(sums_find(b, n, "f", S, d, 32, NULL), 0);
	assert_int_equal(sums_find(b, n + 1, "f", S, d, 32, NULL), 0); /* its LF */
	b[n + 1] = 'x';
	assert_int_equal(sums_find(b, n + 2, "f", S, d, 32, NULL), -EBADMSG);

	/* 1 MiB read, one byte more refused before any line is */
	for (i = 0; i + 80 <= SUMS_LIST_MAX; i += 80)
		line_of(b + i, 79, GNOME);
	memset(b + i, ' ', SUMS_LIST_MAX - i);
	line_of(b, 79, FS_SHA);
	assert_int_equal(sums_find(b, SUMS_LIST_MAX, "f", S, d, 32, NULL), -EBADMSG); /* two digests */
	assert_int_equal(sums_find(b, 80, "f", S, d, 32, NULL), 0);
	line_of(b, 79, GNOME);
	assert_int_equal(sums_find(b, SUMS_LIST_MAX, "f", S, d, 32, NULL), 0);
	assert_int_equal(sums_find(b, SUMS_LIST_MAX + 1, "f", S, d, 32, &why), -EFBIG);
	assert_non_null(why);

	/* a path over 4 KiB */
	memset(b, 'a', SUMS_LINE_MAX + 1);
	b[SUMS_LINE_MAX + 1] = 0;
	assert_int_equal(sums_find(DEBIAN, strlen(DEBIAN), b, S, d, 32, NULL), -EINVAL);
	b[SUMS_LINE_MAX] = 0;
	assert_int_equal(sums_find(DEBIAN, strlen(DEBIAN), b, S, d, 32, NULL), -ENOENT);
	free(b);
}

static void test_parse_hex(void **state)
{
	static const struct {
		const char *s;
		int rc;
	} cases[] = {
		{ FS_SHA, 0 },
		{ "DCE7CCE055566BED799F788CD0048E209A27A473C0F48B956FA1F1780E80D2C1", 0 },
		{ "dCe7cce055566bed799f788cd0048e209a27a473c0f48b956fa1f1780e80D2c1", 0 },
		{ "dce7cce055566bed799f788cd0048e209a27a473c0f48b956fa1f1780e80d2c", -EINVAL },
		{ FS_SHA "1", -EINVAL },
		{ FS_SHA "11", -EINVAL },
		{ "", -EINVAL },
		{ " ce7cce055566bed799f788cd0048e209a27a473c0f48b956fa1f1780e80d2c1", -EINVAL },
		{ "0xe7cce055566bed799f788cd0048e209a27a473c0f48b956fa1f1780e80d2c1", -EINVAL },
		{ "gce7cce055566bed799f788cd0048e209a27a473c0f48b956fa1f1780e80d2c1", -EINVAL },
		{ "dce7cce055566bed799f788cd0048e209a27a473c0f48b956fa1f1780e80d2c\n", -EINVAL },
	};
	uint8_t d[33], want[32] = { 0xdc, 0xe7, 0xcc, 0xe0, 0x55, 0x56, 0x6b, 0xed, 0x79, 0x9f, 0x78,
				    0x8c, 0xd0, 0x04, 0x8e, 0x20, 0x9a, 0x27, 0xa4, 0x73, 0xc0, 0xf4,
				    0x8b, 0x95, 0x6f, 0xa1, 0xf1, 0x78, 0x0e, 0x80, 0xd2, 0xc1 };
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(d, 0xa5, sizeof(d));
		assert_int_equal(sums_parse_hex(cases[i].s, strlen(cases[i].s), d, 32), cases[i].rc);
		if (cases[i].rc == 0)
			assert_memory_equal(d, want, 32);
		else
			for (j = 0; j < 32; j++)
				assert_int_equal(d[j], 0xa5);
		assert_int_equal(d[32], 0xa5);
	}
	/* n counts: a NUL inside is a byte like any other */
	assert_int_equal(sums_parse_hex(FS_SHA "\0", 65, d, 32), -EINVAL);
	assert_int_equal(sums_parse_hex("ab\0d", 4, d, 2), -EINVAL);
	assert_int_equal(sums_parse_hex(FS_SHA, 64, d, 0), -EINVAL);
	assert_int_equal(sums_parse_hex(NULL, 64, d, 32), -EINVAL);
	assert_int_equal(sums_parse_hex(FS_SHA, 64, NULL, 32), -EINVAL);
	assert_int_equal(sums_parse_hex(FS_SHA, 64, d, (size_t)-1), -EINVAL);
	assert_int_equal(sums_parse_hex(FS_MD5, 32, d, 16), 0);
	assert_int_equal(d[0], 0xbc);
	assert_int_equal(d[15], 0x5c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_digest_size),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_parse_hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
