/*
 * test_strpool.c - a table's strings behind 32-bit references: every
 * string read back as it was added, whatever its length, across as many
 * blocks as it takes; pointers got from a reference do not move while the
 * pool grows; reference 0 is the empty string, and no string gets it.
 * The keymap over such a pool (a table's interning and id maps): every key
 * found with its value across the map's growth, absent keys not, and the
 * owner asked for a key only when the hashes agree.  A table's cells
 * (cells.h) read back as set across block boundaries, as a column widens
 * from one byte to two and four and as it stops being coded.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cells.h"
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

/* What record i's cell of column c holds in test_cells_read_back:
 * column 0 repeats 3 values (one byte), column 1 300 (two bytes), column 2
 * 10 in its first 1024 records, so that it stays coded, then 70,000 (four
 * bytes), column 3 never repeats (references), column 4 empty but for
 * every 1000th record; revisions below change some. */
static void cell_of(char *buf, size_t n, size_t i, size_t c)
{
	static const size_t mods[] = {3, 300, 70000};
	if (c == 2 && i < 1024)
		snprintf(buf, n, "%zu-%zu", c, i % 10);
	else if (c < 3)
		snprintf(buf, n, "%zu-%zu", c, (i * 7919) % mods[c]);
	else if (c == 3)
		snprintf(buf, n, "note %zu", i);
	else if (i % 1000 == 0)
		snprintf(buf, n, "x");
	else
		buf[0] = '\0';
}

static void test_cells_read_back(void **state)
{
	(void)state;
	enum { N = 150000, NC = 5 };
	struct ysh_cells k = {0};
	char buf[64];
	const char **first = ysh_xcalloc(N, sizeof(*first));
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(ysh_cells_add_record(&k, NC), i);
		for (size_t c = 0; c < NC; c++) {
			cell_of(buf, sizeof(buf), i, c);
			const char *kept = ysh_cells_set(&k, i, c, buf);
			assert_string_equal(kept, buf);
			if (c == 0)
				first[i] = kept;
		}
		/* a revision of an earlier record, across a block boundary */
		if (i >= 1500 && i % 97 == 0) {
			snprintf(buf, sizeof(buf), "revised %zu", i);
			ysh_cells_set(&k, i - 1500, 3, buf);
		}
	}
	assert_int_equal(k.col[0].width, 1);
	assert_int_equal(k.col[1].width, 2);
	assert_int_equal(k.col[2].width, 4);
	assert_non_null(k.col[2].codes); /* repeats: still coded */
	assert_null(k.col[3].codes);     /* distinct: references */
	assert_int_equal(k.col[3].width, 4);
	for (size_t i = 0; i < N; i++) {
		for (size_t c = 0; c < NC; c++) {
			char want[64];
			cell_of(want, sizeof(want), i, c);
			if (c == 3 && i + 1500 < N && (i + 1500) % 97 == 0)
				snprintf(want, sizeof(want), "revised %zu", i + 1500);
			assert_string_equal(ysh_cells_str(&k, i, c), want);
		}
		/* the string got when it was set did not move as the column widened */
		assert_ptr_equal(ysh_cells_str(&k, i, 0), first[i]);
		/* equal values of a coded column share one reference: record
		 * i % 3 has i's value in column 0 */
		assert_int_equal(ysh_cells_ref(&k, i, 0), ysh_cells_ref(&k, i % 3, 0));
	}
	/* a column of two-byte codes too: record i % 300 has i's value */
	for (size_t i = 300; i < N; i += 7)
		assert_int_equal(ysh_cells_ref(&k, i, 1), ysh_cells_ref(&k, i % 300, 1));
	assert_int_equal(ysh_cells_ref(&k, 1, 4), YSH_STRPOOL_EMPTY);
	/* a value kept for no cell is the column's own copy (record 2's) */
	assert_string_equal(first[2], "0-1");
	assert_ptr_equal(ysh_cells_keep(&k, 0, "0-1"), first[2]);
	free(first);
	ysh_cells_free(&k);
}

/* A small table: block 0 grows record by record, no whole block first. */
static void test_cells_small_table(void **state)
{
	(void)state;
	struct ysh_cells k = {0};
	for (size_t i = 0; i < 40; i++) {
		ysh_cells_add_record(&k, 2);
		ysh_cells_set(&k, i, 1, i % 2 ? "是" : "否");
	}
	assert_true(k.first_cap >= 40 && k.first_cap < YSH_CELLS_BLOCK);
	for (size_t i = 0; i < 40; i++) {
		assert_string_equal(ysh_cells_str(&k, i, 0), "");
		assert_string_equal(ysh_cells_str(&k, i, 1), i % 2 ? "是" : "否");
	}
	ysh_cells_free(&k);
	ysh_cells_free(&k); /* freed twice is freed once */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_is_reference_zero),
		cmocka_unit_test(test_every_length_read_back),
		cmocka_unit_test(test_keymap_finds_what_it_holds),
		cmocka_unit_test(test_keymap_value_zero),
		cmocka_unit_test(test_cells_read_back),
		cmocka_unit_test(test_cells_small_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
