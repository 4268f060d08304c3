/*
 * test_cells.c - a table's cells (cells.h) read back as set across block
 * boundaries, as a column widens from one byte to two and four and as it
 * stops being coded; a small table's first block grows record by record;
 * a column naming another table's records; the marks of coded values;
 * the values a column met last, found again without their hash; the
 * days a dated column keeps.
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
#include "strpool.h"
#include "util.h"
#include "value.h"

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
			ysh_cells_set(&k, i, c, buf);
			const char *kept = ysh_cells_str(&k, i, c);
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

/* find for test_cells_refer: ids "A<i>" of table `a` (its column 0) for
 * i below its record count */
static bool find_a(const void *ctx, const char *v, uint32_t *idx)
{
	const struct ysh_cells *a = ctx;
	char *end;
	if (v[0] != 'A' || !v[1])
		return false;
	unsigned long i = strtoul(v + 1, &end, 10);
	if (*end || i >= a->nrec)
		return false;
	*idx = (uint32_t)i;
	return true;
}

/* A column that names another table's records keeps their indexes: the
 * strings read back are the other table's id cells, the same pointers,
 * and none is copied; a value found there is not, in its own pool, coded
 * once for equal values; a revision moves a cell from one to the other. */
static void test_cells_refer(void **state)
{
	(void)state;
	enum { NA = 3000, NB = 100000 };
	struct ysh_cells a = {0}, b = {0};
	char buf[32];
	const char *missing[7] = {0}; /* the first copy of each value named nowhere */
	for (size_t i = 0; i < NA; i++) {
		ysh_cells_add_record(&a, 1);
		snprintf(buf, sizeof(buf), "A%zu", i);
		ysh_cells_set(&a, i, 0, buf);
	}
	ysh_cells_refer(&b, 2, 1, &a, 0, find_a, &a);
	assert_int_equal(b.col[1].width, 4);
	for (size_t i = 0; i < NB; i++) {
		assert_int_equal(ysh_cells_add_record(&b, 2), i);
		ysh_cells_set(&b, i, 0, "x");
		if (i % 10 == 3)
			snprintf(buf, sizeof(buf), "A%zu", NA + i % 7); /* named nowhere: 7 of them */
		else if (i % 10 == 5)
			buf[0] = '\0';
		else
			snprintf(buf, sizeof(buf), "A%zu", (i * 31) % NA);
		ysh_cells_set(&b, i, 1, buf);
		const char *kept = ysh_cells_str(&b, i, 1);
		assert_string_equal(kept, buf);
		if (i % 10 == 3 && !missing[i % 7])
			missing[i % 7] = kept;
	}
	for (size_t i = 0; i < NB; i++) {
		const char *v = ysh_cells_str(&b, i, 1);
		if (i % 10 == 3) {
			snprintf(buf, sizeof(buf), "A%zu", NA + i % 7);
			assert_string_equal(v, buf);
			/* equal values found nowhere are one copy */
			assert_ptr_equal(v, missing[i % 7]);
		} else if (i % 10 == 5) {
			assert_string_equal(v, "");
		} else {
			/* the other table's own id cell: not a copy */
			assert_ptr_equal(v, ysh_cells_str(&a, (i * 31) % NA, 0));
		}
	}
	/* 7 values copied, tens of thousands not: the pool holds a few bytes */
	assert_int_equal(b.col[1].ncodes, 1 + 7);
	assert_true(b.pool.nblocks == 1 && b.pool.used < 4096);
	/* revisions: found to not found and back */
	ysh_cells_set(&b, 0, 1, "nowhere");
	assert_string_equal(ysh_cells_str(&b, 0, 1), "nowhere");
	assert_string_equal(ysh_cells_str(&b, 0, 1), "nowhere");
	ysh_cells_set(&b, 0, 1, "A17");
	assert_ptr_equal(ysh_cells_str(&b, 0, 1), ysh_cells_str(&a, 17, 0));
	assert_ptr_equal(ysh_cells_str(&b, 0, 1), ysh_cells_str(&a, 17, 0));
	/* the column that refers to nothing is coded as any other */
	assert_non_null(b.col[0].codes);
	assert_null(b.col[0].other);
	ysh_cells_free(&b);
	ysh_cells_free(&a);
}

/* ysh_cells_code and ysh_cells_put are ysh_cells_set in two steps; a
 * value's mark is one byte per code, the same for every cell of that
 * value, and there is none for a value that is no code: a record of the
 * other table, or a column whose values stopped being coded. */
static void test_cells_marks(void **state)
{
	(void)state;
	struct ysh_cells a = {0}, b = {0};
	char buf[32];
	for (size_t i = 0; i < 10; i++) {
		ysh_cells_add_record(&a, 1);
		snprintf(buf, sizeof(buf), "A%zu", i);
		ysh_cells_set(&a, i, 0, buf);
	}
	ysh_cells_refer(&b, 3, 2, &a, 0, find_a, &a);
	uint32_t first = 0;
	for (size_t i = 0; i < 2000; i++) {
		uint32_t v[3];
		const char *yn = i % 2 ? "是" : "否", *ref = i % 3 ? "A7" : "nowhere";
		v[0] = ysh_cells_code(&b, 3, 0, yn, strlen(yn));
		snprintf(buf, sizeof(buf), "note %zu", i); /* never repeats */
		v[1] = ysh_cells_code(&b, 3, 1, buf, strlen(buf));
		v[2] = ysh_cells_code(&b, 3, 2, ref, strlen(ref));
		assert_int_equal(ysh_cells_add_record(&b, 3), i);
		for (size_t c = 0; c < 3; c++)
			ysh_cells_put(&b, i, c, v[c]);
		assert_string_equal(ysh_cells_str(&b, i, 0), i % 2 ? "是" : "否");
		assert_string_equal(ysh_cells_str(&b, i, 1), buf);
		assert_string_equal(ysh_cells_str(&b, i, 2), i % 3 ? "A7" : "nowhere");
		uint8_t *m = ysh_cells_marks(&b, 0, v[0]);
		assert_non_null(m);
		if (i == 0) {
			first = v[0];
			assert_int_equal(*m, 0); /* a new value: nothing said of it yet */
			*m = 5;
		} else {
			/* the byte of the value's code, kept from the first */
			assert_int_equal(*m, v[0] == first ? 5 : 0);
		}
		if (i >= 1023) /* the 1024th note ends the probe: references from it on */
			assert_null(ysh_cells_marks(&b, 1, v[1]));
		else
			assert_non_null(ysh_cells_marks(&b, 1, v[1]));
		/* A7 is a's record, no code; "nowhere" is a copy, coded */
		if (i % 3)
			assert_null(ysh_cells_marks(&b, 2, v[2]));
		else
			assert_non_null(ysh_cells_marks(&b, 2, v[2]));
	}
	assert_null(b.col[1].codes);
	ysh_cells_free(&b);
	ysh_cells_free(&a);
}

/* A dated column (ysh_cells_dated) keeps each value's day: a date's, and
 * none for what is not one (a day that does not exist, text, empty),
 * each the verdict ysh_parse_date gives its string; a column of distinct
 * dates keeps days until it stops being coded, then says it keeps none
 * (the caller parses), and so does a column not dated. */
static void test_cells_dated(void **state)
{
	(void)state;
	static const char *const mixed[] = {"2026-11-03", "2026-02-30", "x", "", "2026-11-3", "2024-02-29"};
	struct ysh_cells k = {0};
	ysh_cells_dated(&k, 3, 0);
	ysh_cells_dated(&k, 3, 1);
	ysh_day first;
	assert_true(ysh_parse_date("2020-01-01", &first));
	char buf[16];
	for (size_t i = 0; i < 2000; i++) {
		const char *m = mixed[i % 6];
		ysh_format_date(first + (ysh_day)i, buf); /* never repeats */
		uint32_t v[3] = {ysh_cells_code(&k, 3, 0, m, strlen(m)), ysh_cells_code(&k, 3, 1, buf, strlen(buf)),
				 ysh_cells_code(&k, 3, 2, m, strlen(m))};
		ysh_day want, got;
		bool is_date = ysh_parse_date(m, &want);
		assert_int_equal(ysh_cells_day(&k, 0, v[0], &got), is_date);
		if (is_date)
			assert_int_equal(got, want);
		int known = ysh_cells_day(&k, 1, v[1], &got);
		if (i >= 1023) { /* references from the 1024th distinct value on */
			assert_int_equal(known, -1);
		} else {
			assert_int_equal(known, 1);
			assert_int_equal(got, first + (ysh_day)i);
		}
		assert_int_equal(ysh_cells_day(&k, 2, v[2], &got), -1);
		assert_int_equal(ysh_cells_add_record(&k, 3), i);
		for (size_t c = 0; c < 3; c++)
			ysh_cells_put(&k, i, c, v[c]);
	}
	assert_null(k.col[1].days);
	for (size_t i = 0; i < 2000; i++) { /* a record's cell: the same verdicts */
		ysh_day want, got;
		bool is_date = ysh_parse_date(mixed[i % 6], &want);
		assert_int_equal(ysh_cells_day_at(&k, i, 0, &got), is_date);
		if (is_date)
			assert_int_equal(got, want);
		assert_int_equal(ysh_cells_day_at(&k, i, 1, &got), -1);
	}
	ysh_cells_free(&k);
}

/* A column's recent values (YSH_CELLS_RECENT of them) are told apart by
 * length, a word of their first and last bytes, then every byte: look-alikes
 * that share the length and the word but not a middle byte get codes of
 * their own, and so do values that cycle through more than the list holds,
 * short ones included.  Coding each value again gives its first code. */
static void test_cells_recent(void **state)
{
	(void)state;
	static const char *const vals[] = {
		"2026-11-03 甲乙 2026-11-03", "2026-11-03 甲丙 2026-11-03", /* the same but a middle byte */
		"2026-11-03 甲丁 2026-11-03", "是", "否", "ab", "ba", "2026-11-03",
	};
	enum { NV = sizeof(vals) / sizeof(vals[0]) };
	struct ysh_cells k = {0};
	uint32_t code[NV] = {0};
	const char *kept[NV] = {0};
	/* runs, alternations and cycles longer than the list: 0,0,1,0,2,1,... */
	for (size_t i = 0; i < 3000; i++) {
		size_t v = i % 7 < 2 ? 0 : (i * 2654435761u >> 7) % NV;
		uint32_t got = ysh_cells_code(&k, 1, 0, vals[v], strlen(vals[v]));
		assert_int_equal(ysh_cells_add_record(&k, 1), i);
		ysh_cells_put(&k, i, 0, got);
		assert_string_equal(ysh_cells_str(&k, i, 0), vals[v]);
		if (!kept[v]) {
			kept[v] = ysh_cells_str(&k, i, 0);
			code[v] = got;
		}
		assert_int_equal(got, code[v]); /* one code a value, whichever path found it */
		assert_ptr_equal(ysh_cells_str(&k, i, 0), kept[v]);
	}
	for (size_t v = 0; v < NV; v++)
		for (size_t w = v + 1; w < NV; w++)
			assert_int_not_equal(code[v], code[w]);
	assert_non_null(k.col[0].codes); /* eight values: still coded */
	ysh_cells_free(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells_read_back),
		cmocka_unit_test(test_cells_small_table),
		cmocka_unit_test(test_cells_refer),
		cmocka_unit_test(test_cells_marks),
		cmocka_unit_test(test_cells_recent),
		cmocka_unit_test(test_cells_dated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
