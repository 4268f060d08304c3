/*
 * suggest.c - the nearest allowed value (see suggest.h).  Runs only for a
 * value already refused, never on the reading path.
 */
#include "suggest.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

/* Names longer than this are compared by their first MAXCP code points. */
enum { MAXCP = 64 };

/* The code points of s; invalid bytes count as one code point each. */
static size_t code_points(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, left = strlen(s);
	while (left && n < MAXCP) {
		size_t len = 1;
		long c = ysh_utf8_decode(p, left, &len);
		cp[n++] = c < 0 ? *p : (uint32_t)c;
		if (c < 0)
			len = 1;
		p += len;
		left -= len;
	}
	return n;
}

/* Levenshtein distance, one row at a time. */
static size_t distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t row[MAXCP + 1];
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

/* How many edits still count as a slip for a name of n code points. */
static size_t slack(size_t n)
{
	return n <= 4 ? 1 : n / 4 + 1;
}

const char *ysh_suggest(const char *typed, char *const *vals, size_t n)
{
	uint32_t a[MAXCP], b[MAXCP];
	size_t na = code_points(typed, a);
	if (!na)
		return NULL;
	const char *best = NULL;
	size_t best_len = SIZE_MAX;
	/* containment first: 市场监管局 for 县市场监管局 (two code points at least,
	 * or every name with 局 in it would do) */
	for (size_t i = 0; na >= 2 && i < n; i++) {
		if (!strcmp(vals[i], typed))
			return NULL;
		if ((strstr(vals[i], typed) || (code_points(vals[i], b) >= 2 && strstr(typed, vals[i]))) &&
		    strlen(vals[i]) < best_len) {
			best = vals[i];
			best_len = strlen(vals[i]);
		}
	}
	if (best)
		return best;
	size_t best_d = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t nb = code_points(vals[i], b);
		size_t d = distance(a, na, b, nb);
		if (d < best_d && d <= slack(na > nb ? na : nb) && d < (na > nb ? na : nb)) {
			best = vals[i];
			best_d = d;
		}
	}
	return best;
}
