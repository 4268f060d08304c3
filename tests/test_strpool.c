/*
 * test_strpool.c - a table's strings behind 32-bit references: every
 * string read back as it was added, whatever its length, across as many
 * blocks as it takes; pointers got from a reference do not move while the
 * pool grows; reference 0 is the empty string, and no string gets it.
 * The keymap over such a pool (a table's interning and id maps): every key
 * found with its value across the map's growth, absent keys not, and the
 * owner asked for a key only when the hashes agree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keymap.h"
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

/* key_of for a map of pool references, counting how often it is asked */
static size_t keys_asked;
static const char *pool_key(const void *pool, uint32_t ref)
{
	keys_asked++;
	return ysh_strpool_str(pool, ref);
}

/* "u<k>", the kth key: like ids, alike but for their digits */
static void key_of_k(char *buf, size_t n, size_t k)
{
	snprintf(buf, n, "u%zu", k);
}

static void test_keymap_finds_what_it_holds(void **state)
{
	(void)state;
	enum { N = 100000 };
	struct ysh_strpool p = {0};
	struct ysh_keymap m = {0};
	uint32_t *refs = ysh_xcalloc(N, sizeof(*refs));
	char key[32];
	for (size_t k = 0; k < N; k++) {
		key_of_k(key, sizeof(key), k);
		struct ysh_keymap_at at;
		ysh_keymap_seek(&m, key, pool_key, &p, &at);
		assert_false(at.found);
		refs[k] = ysh_strpool_add(&p, key, strlen(key));
		ysh_keymap_put(&m, &at, refs[k]);
		/* the same key again is found, its value the one put */
		ysh_keymap_seek(&m, key, pool_key, &p, &at);
		assert_true(at.found);
		assert_int_equal(at.val, refs[k]);
	}
	assert_int_equal(m.len, N);
	assert_true(m.len * 4 <= m.cap * 3); /* never more than three quarters full */
	keys_asked = 0;
	for (size_t k = 0; k < N; k++) {
		key_of_k(key, sizeof(key), k);
		uint32_t v = UINT32_MAX;
		assert_true(ysh_keymap_get(&m, key, pool_key, &p, &v));
		assert_int_equal(v, refs[k]);
		key_of_k(key, sizeof(key), k + N); /* absent */
		assert_false(ysh_keymap_get(&m, key, pool_key, &p, NULL));
	}
	/* each key found is read once; the slots passed on the way, and every
	 * absent key's, only where 32 bits of hash collide (a few in 2^32) */
	assert_true(keys_asked >= N);
	assert_true(keys_asked < N + N / 100);
	ysh_keymap_free(&m);
	assert_false(ysh_keymap_get(&m, "u1", pool_key, &p, NULL));
	free(refs);
	ysh_strpool_free(&p);
}

/* key_of for a map of indexes into an array of ids, as a table's id map */
static const char *id_at(const void *ids, uint32_t idx)
{
	return ((const char *const *)ids)[idx];
}

/* Value 0, a table's first record, is a value, not an empty slot; a key
 * put twice keeps its first value (the first of two rows of one id). */
static void test_keymap_value_zero(void **state)
{
	(void)state;
	static const char *const ids[] = {"A2026-000001", "A2026-000002", "A2026-000001"};
	struct ysh_keymap m = {0};
	for (uint32_t i = 0; i < 3; i++) {
		struct ysh_keymap_at at;
		ysh_keymap_seek(&m, ids[i], id_at, ids, &at);
		assert_int_equal(at.found, i == 2);
		if (!at.found)
			ysh_keymap_put(&m, &at, i);
		else
			assert_int_equal(at.val, 0);
	}
	uint32_t v = 7;
	assert_true(ysh_keymap_get(&m, "A2026-000001", id_at, ids, &v));
	assert_int_equal(v, 0);
	assert_true(ysh_keymap_get(&m, "A2026-000002", id_at, ids, &v));
	assert_int_equal(v, 1);
	v = 7;
	assert_false(ysh_keymap_get(&m, "A2026-000003", id_at, ids, &v));
	assert_int_equal(v, 7);
	assert_int_equal(m.len, 2);
	ysh_keymap_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_is_reference_zero),
		cmocka_unit_test(test_every_length_read_back),
		cmocka_unit_test(test_keymap_finds_what_it_holds),
		cmocka_unit_test(test_keymap_value_zero),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
