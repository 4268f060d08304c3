/*
 * utf8.h - one UTF-8 decoder for the reader's byte checks, for what a
 * ledger may take (safe.c) and for display widths (doc.c).  Inline: the
 * reader runs it over every non-ASCII character of every cell.
 */
#ifndef YSH_UTF8_H
#define YSH_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* The code point of the UTF-8 sequence at s (n > 0 bytes left) and its
 * length; -1 when the bytes there are not UTF-8 (no overlongs, no
 * surrogates, nothing past U+10FFFF). */
static inline long ysh_utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0];
	size_t need;
	unsigned min;
	if (c < 0x80) {
		*len = 1;
		return (long)c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		min = 0x10000;
	} else {
		return -1;
	}
	if (n <= need)
		return -1;
	unsigned cp = c & (0x3F >> need);
	for (size_t k = 1; k <= need; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = need + 1;
	return (long)cp;
}

/* Whether the three bytes at s are a character of U+1000..U+CFFF (E1..EC
 * and two continuation bytes: neither overlong nor a surrogate), where
 * Chinese text lives. */
static inline bool ysh_utf8_cjk3(const unsigned char *s)
{
	return s[0] >= 0xE1 && s[0] <= 0xEC && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80;
}

#endif
