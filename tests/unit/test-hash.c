/*
 * test-hash.c - core/sha256.c and core/md5.c: the FIPS 180-4 / NIST
 * examples and the RFC 1321 test suite, one million 'a', messages whose
 * lengths sit on the padding's edges (55, 56, 63, 64, 65, 119, 120
 * bytes: digests computed with sha256sum and md5sum), and the same bytes
 * fed whole, a byte at a time and in random pieces giving one digest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "md5.h"
#include "sha256.h"

enum algo { SHA256, MD5 };

/* the digest of len bytes of msg fed in pieces: 0 = whole, 1 = a byte at
 * a time, other = random sizes 1..64*3 from that seed */
static void digest_hex(enum algo a, const void *msg, size_t len, unsigned seed, char *hex)
{
	const uint8_t *p = msg;
	struct sha256 s;
	struct md5 m;
	uint8_t d[SHA256_DIGEST_SIZE];
	size_t dn = a == SHA256 ? SHA256_DIGEST_SIZE : MD5_DIGEST_SIZE, i, k;
	uint32_t r = seed;

	if (a == SHA256)
		sha256_init(&s);
	else
		md5_init(&m);
	for (i = 0; i < len; i += k) {
		if (seed == 0) {
			k = len;
		} else if (seed == 1) {
			k = 1;
		} else {
			r = r * 1103515245u + 12345u;
			k = (r >> 16) % 193; /* 0 too: an empty update is a no-op */
		}
		if (k > len - i)
			k = len - i;
		if (a == SHA256)
			sha256_update(&s, p + i, k);
		else
			md5_update(&m, p + i, k);
	}
	if (a == SHA256)
		sha256_final(&s, d);
	else
		md5_final(&m, d);
	for (i = 0; i < dn; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static void check(enum algo a, const void *msg, size_t len, const char *want)
{
	char hex[2 * SHA256_DIGEST_SIZE + 1];
	unsigned seed;

	for (seed = 0; seed < 6; seed++) {
		if (seed == 1 && len > 200000)
			continue; /* a byte at a time under ASan: seconds */
		digest_hex(a, msg, len, seed, hex);
		assert_string_equal(hex, want);
	}
}

struct vec {
	const char *msg;
	const char *sha256;
	const char *md5;
};

static const struct vec vecs[] = {
	/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf"); RFC 1321 A.5 */
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	  "d41d8cd98f00b204e9800998ecf8427e" },
	{ "a", "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
	  "0cc175b9c0f1b6a831c399e269772661" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	  "900150983cd24fb0d6963f7d28e17f72" },
	{ "message digest", "f7846f55cf23e14eebeab5b4e1550cad5b509e3348fbc4efa3a1413d393cb650",
	  "f96b697d7cb7938d525a2f31aaf161d0" },
	{ "abcdefghijklmnopqrstuvwxyz",
	  "71c480df93d6ae2f1efad1447c66c9525e316218cf51fc8d9ed832f2daf18b73",
	  "c3fcd3d76192e4007dfb496cca67e13b" },
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
	  "db4bfcbd4da0cd85a60c3c37d3fbd8805c77f15fc6b1fdfe614ee0a7c8fdb4c0",
	  "d174ab98d277d9f5a5611c2c9f419d9f" },
	{ "1234567890123456789012345678901234567890123456789012345678901234567890"
	  "1234567890",
	  "f371bc4a311f2b009eef952dd83ca80e2b60026c8e935592d0f9c308453c813e",
	  "57edf4a22be3c955ac49da2e2107b67a" },
	/* the 448-bit message */
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	  "8215ef0796a20bcaaae116d3876c664a" },
	/* the 896-bit message */
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
	  "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
	  "03dd8807a93175fb062dfb55dc7d359c" },
};

static void test_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		check(SHA256, vecs[i].msg, strlen(vecs[i].msg), vecs[i].sha256);
		check(MD5, vecs[i].msg, strlen(vecs[i].msg), vecs[i].md5);
	}
}

static void test_million_a(void **state)
{
	char *a = malloc(1000000);

	(void)state;
	assert_non_null(a);
	memset(a, 'a', 1000000);
	check(SHA256, a, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	check(MD5, a, 1000000, "7707d6ae4e027c70eea2a935c2296f21");
	free(a);
}

/* byte i = i * 31 + 7: digests from sha256sum and md5sum of the same
 * bytes written by python3 */
static const struct {
	size_t len;
	const char *sha256;
	const char *md5;
} edges[] = {
	{ 55, "8aa994584139d128848eeebc4e815639ba5ab6e6e39574195a63ac4f14f7c43b",
	  "c9e512626618c9980ef21a96597af94c" },
	{ 56, "ad574708f75c044c9b85de64cb568ee7711ff4f36448c6242f053ba8f6cc2b63",
	  "ecde7caa08e9f5657c863df107cac60a" },
	{ 63, "280ed3e8ff1df845b2e7dfe6ac6cee817bef20e783cc65abc41b818b4d2fe076",
	  "2f0301069e1c40af7f6c8f843b1b13f2" },
	{ 64, "c6ab9724ade5b6a7a1edfffb12f3aa9181351355af8fd08c919952ad211339dd",
	  "b6bf87c24b1bc334e2541387a92b981b" },
	{ 65, "788367c73c7ddf4c53f65e68cc0d943e6227ab55b0e78ba63ace822b1c6301c0",
	  "f168246f08b6134d66bd2a10343fa9f1" },
	{ 119, "3d610547d68216dedf7435a4fb6260353911f6b3fd3f18805ddb8be285d726fe",
	  "d5dc3d8264de3aa24dee105910ee27fe" },
	{ 120, "1f80156a804cb7862ad113e8200e9d74499723e7c7854d5f48776d3148e09656",
	  "bcc139b3848923904860d1eefd6e5923" },
	{ 1000, "5097e7d587352f5097062ae679f37bda5802d9f875aba14c8cb4d1a188ada179",
	  "2b1e78d5765de9e10495a01412a1cf22" },
	{ 100003, "2a1683cff214df29e77df156a515258190a1bc11526d41cd2b34e72a23b6b7d6",
	  "93439fea539e4ab04241007ef85abb39" },
};

static void test_padding_edges(void **state)
{
	uint8_t *b = malloc(100003);
	size_t i;

	(void)state;
	assert_non_null(b);
	for (i = 0; i < 100003; i++)
		b[i] = (uint8_t)(i * 31 + 7);
	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		check(SHA256, b, edges[i].len, edges[i].sha256);
		check(MD5, b, edges[i].len, edges[i].md5);
	}
	free(b);
}

/* every length 0..300: the pieces agree with the whole */
static void test_pieces_agree(void **state)
{
	uint8_t b[300];
	char whole[65], piece[65];
	size_t len, i;
	unsigned seed;
	int a;

	(void)state;
	for (i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)(i ^ 0xa5);
	for (a = SHA256; a <= MD5; a++)
		for (len = 0; len <= sizeof(b); len++) {
			digest_hex((enum algo)a, b, len, 0, whole);
			for (seed = 1; seed < 5; seed++) {
				digest_hex((enum algo)a, b, len, seed, piece);
				assert_string_equal(piece, whole);
			}
		}
}

/* The CPU's SHA rounds (x86_64 SHA extensions, when this CPU has them)
 * and the portable ones give the same digests for 1..40 blocks of
 * varied bytes, fed whole and in pieces. */
static void test_cpu_and_portable_agree(void **state)
{
	static uint8_t b[64 * 40 + 7];
	char cpu[65], port[65];
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)(i * 131 + (i >> 7));
	for (len = 0; len <= sizeof(b); len += 61) {
		sha256_use_cpu = 1;
		digest_hex(SHA256, b, len, 3, cpu);
		sha256_use_cpu = 0;
		digest_hex(SHA256, b, len, 0, port);
		sha256_use_cpu = 1;
		assert_string_equal(cpu, port);
	}
}

/* Every vector again on the portable rounds (the others ran on the CPU's
 * where it has them). */
static int portable(void **state)
{
	(void)state;
	sha256_use_cpu = 0;
	return 0;
}

static int cpu(void **state)
{
	(void)state;
	sha256_use_cpu = 1;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_padding_edges),
		cmocka_unit_test(test_pieces_agree),
		cmocka_unit_test(test_cpu_and_portable_agree),
		cmocka_unit_test_setup_teardown(test_vectors, portable, cpu),
		cmocka_unit_test_setup_teardown(test_million_a, portable, cpu),
		cmocka_unit_test_setup_teardown(test_padding_edges, portable, cpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
