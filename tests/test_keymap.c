/*
 * test_keymap.c - the map whose keys its owner keeps (a table's interning
 * and id maps): every key found with its value across the map's growth,
 * absent keys not, the owner asked for a key only when the hashes agree,
 * and a map that is only asked never grows.
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
		ysh_keymap_seek(&m, key, strlen(key), pool_key, &p, &at);
		assert_false(at.found);
		refs[k] = ysh_strpool_add(&p, key, strlen(key));
		ysh_keymap_put(&m, &at, refs[k]);
		/* the same key again is found, its value the one put */
		ysh_keymap_seek(&m, key, strlen(key), pool_key, &p, &at);
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
		ysh_keymap_seek(&m, ids[i], strlen(ids[i]), id_at, ids, &at);
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

/* "g<k>": the keys of test_keymap_grows_on_put */
static const char *g_key(const void *ctx, uint32_t k)
{
	static char buf[4][16];
	(void)ctx;
	char *b = buf[k % 4];
	snprintf(b, sizeof(buf[0]), "g%u", k);
	return b;
}

/* A seek finds or misses without costing memory: the map grows when a key
 * goes in that would fill it past three quarters, and the key goes where
 * the grown map has room for it. */
static void test_keymap_grows_on_put(void **state)
{
	(void)state;
	struct ysh_keymap m = {0};
	struct ysh_keymap_at at;
	ysh_keymap_seek(&m, "g0", strlen("g0"), g_key, NULL, &at);
	assert_false(at.found);
	assert_int_equal(m.cap, 0); /* asked, not grown */
	char key[16];
	uint32_t k = 0;
	for (;; k++) {
		snprintf(key, sizeof(key), "g%u", k);
		ysh_keymap_seek(&m, key, strlen(key), g_key, NULL, &at);
		assert_false(at.found);
		if (m.cap && (m.len + 1) * 4 > m.cap * 3)
			break; /* the next put grows the map */
		ysh_keymap_put(&m, &at, k);
	}
	size_t cap = m.cap;
	assert_int_equal(m.len * 4, cap * 3);
	/* every key there and many absent ones asked: no growth */
	for (uint32_t i = 0; i < 10 * k; i++) {
		snprintf(key, sizeof(key), "g%u", i);
		ysh_keymap_seek(&m, key, strlen(key), g_key, NULL, &at);
		assert_int_equal(at.found, i < k);
	}
	assert_int_equal(m.cap, cap);
	/* the seek of key k, made before those, still says where it goes */
	snprintf(key, sizeof(key), "g%u", k);
	ysh_keymap_seek(&m, key, strlen(key), g_key, NULL, &at);
	ysh_keymap_put(&m, &at, k);
	assert_int_equal(m.cap, 2 * cap);
	for (uint32_t i = 0; i <= k; i++) {
		uint32_t v = UINT32_MAX;
		snprintf(key, sizeof(key), "g%u", i);
		assert_true(ysh_keymap_get(&m, key, g_key, NULL, &v));
		assert_int_equal(v, i);
	}
	ysh_keymap_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keymap_finds_what_it_holds),
		cmocka_unit_test(test_keymap_value_zero),
		cmocka_unit_test(test_keymap_grows_on_put),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
