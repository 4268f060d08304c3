/*
 * test_strpool.c - a table's strings behind 32-bit references: every
 * string read back as it was added, whatever its length, across as many
 * blocks as it takes; pointers got from a reference do not move while the
 * pool grows; reference 0 is the empty string, and no string gets it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strpool.h"
#include "util.h"

/* A string of n bytes that says which it is: n and k spelled over and
 * over (no NUL in it). */
static char *made(size_t n, size_t k)
{
	char *s = ysh_xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)('a' + (i * 7 + k * 13 + n) % 26);
	s[n] = '\0';
	return s;
}
static void test_empty_is_reference_zero(void **state)
{
	(void)state;
	struct ysh_strpool p = {0};
	/* a pool that has no block yet reads reference 0 as "" */
	assert_string_equal(ysh_strpool_str(&p, YSH_STRPOOL_EMPTY), "");
	assert_int_equal(ysh_strpool_add(&p, "", 0), YSH_STRPOOL_EMPTY);
	uint32_t a = ysh_strpool_add(&p, "a", 1);
	assert_int_not_equal(a, YSH_STRPOOL_EMPTY);
	assert_string_equal(ysh_strpool_str(&p, a), "a");
	/* only the first n bytes are taken */
	uint32_t b = ysh_strpool_add(&p, "bcd", 2);
	assert_string_equal(ysh_strpool_str(&p, b), "bc");
	assert_string_equal(ysh_strpool_str(&p, YSH_STRPOOL_EMPTY), "");
	ysh_strpool_free(&p);
	assert_null(p.blocks);
}

/* Strings of every length around the block size, and past it, among many
 * short ones: over 4 MiB in all, so many blocks; each read back whole,
 * and where it was first read. */
static void test_every_length_read_back(void **state)
{
	(void)state;
	static const size_t lens[] = {1, 2, 31, 4095, 4096, 4097, 65535, YSH_STRPOOL_BLOCK - 3,
				      YSH_STRPOOL_BLOCK - 2, YSH_STRPOOL_BLOCK - 1, YSH_STRPOOL_BLOCK,
				      YSH_STRPOOL_BLOCK + 1, 3 * YSH_STRPOOL_BLOCK};
	enum { SHORT_EACH = 200, N = (sizeof(lens) / sizeof(lens[0])) * (SHORT_EACH + 1) };
	struct ysh_strpool p = {0};
	uint32_t refs[N];
	const char *first[N];
	char *want[N];
	size_t n = 0;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (size_t k = 0; k <= SHORT_EACH; k++, n++) {
			size_t len = k == SHORT_EACH ? lens[i] : 1 + (k * 37 + i) % 300;
			want[n] = made(len, n);
			refs[n] = ysh_strpool_add(&p, want[n], len);
			assert_int_not_equal(refs[n], YSH_STRPOOL_EMPTY);
			first[n] = ysh_strpool_str(&p, refs[n]);
			assert_string_equal(first[n], want[n]);
		}
	}
	assert_true(p.nblocks > 8);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i; j++)
			if (refs[i] == refs[j])
				fail_msg("strings %zu and %zu share reference %u", i, j, refs[i]);
		/* the pointer of then is the pointer of now: no block moved */
		assert_ptr_equal(ysh_strpool_str(&p, refs[i]), first[i]);
		assert_int_equal(strlen(first[i]), strlen(want[i]));
		assert_memory_equal(first[i], want[i], strlen(want[i]) + 1);
		free(want[i]);
	}
	ysh_strpool_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_is_reference_zero),
		cmocka_unit_test(test_every_length_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
