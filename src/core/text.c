/*
 * text.c - control bytes, the console sanitizer, IPv4 / MAC text (see
 * text.h).  Every other file calls these instead of its own copy.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

bool text_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

bool text_printable(unsigned char c)
{
	return c >= 0x20 && c <= 0x7e;
}

bool text_has_ctl(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (text_ctl((unsigned char)s[i]))
			return true;
	return false;
}

size_t text_sanitize(const char *s, char *dst, size_t dstsz)
{
	return text_sanitize_n(s, s ? strlen(s) : 0, dst, dstsz);
}

size_t text_sanitize_n(const char *s, size_t len, char *dst, size_t dstsz)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;

	if (!dstsz)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[4];
		size_t n = 1;

		e[0] = (char)c;
		if (c == '\\') {
			e[1] = '\\';
			n = 2;
		} else if (!text_printable(c)) {
			e[0] = '\\';
			e[1] = 'x';
			e[2] = hex[c >> 4];
			e[3] = hex[c & 15];
			n = 4;
		}
		if (n >= dstsz - o)
			break;
		memcpy(dst + o, e, n);
		o += n;
	}
	dst[o] = '\0';
	return o;
}

char *text_ipv4(uint32_t a, char dst[TEXT_IPV4_SIZE])
{
	snprintf(dst, TEXT_IPV4_SIZE, "%u.%u.%u.%u", (unsigned)(a >> 24),
		 (unsigned)(a >> 16) & 255, (unsigned)(a >> 8) & 255,
		 (unsigned)a & 255);
	return dst;
}

char *text_mac(const uint8_t m[6], char dst[TEXT_MAC_SIZE])
{
	snprintf(dst, TEXT_MAC_SIZE, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1],
		 m[2], m[3], m[4], m[5]);
	return dst;
}

int text_parse_ipv4(const char *s, size_t n, uint32_t *addr)
{
	uint32_t a = 0, part = 0;
	size_t i, digits = 0, dots = 0;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (!digits)
				return -EINVAL;
			a = a << 8 | part;
			part = 0;
			digits = 0;
			if (i < n && ++dots > 3)
				return -EINVAL;
		} else if (s[i] >= '0' && s[i] <= '9') {
			if (digits && part == 0)
				return -EINVAL; /* no leading zeros */
			part = part * 10 + (uint32_t)(s[i] - '0');
			if (part > 255)
				return -EINVAL;
			digits++;
		} else {
			return -EINVAL;
		}
	}
	if (dots != 3)
		return -EINVAL;
	*addr = a;
	return 0;
}

int text_parse_uint(const char *s, size_t n, uint32_t max, uint32_t *v)
{
	uint64_t a = 0;

	if (!n)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		a = a * 10 + (uint64_t)(s[i] - '0');
		if (a > max)
			return -ERANGE;
	}
	*v = (uint32_t)a;
	return 0;
}

int text_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
