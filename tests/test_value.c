/* Typed cells: the parsers every rule and report rely on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"
#include "value.h"

static void test_dates(void **state)
{
	(void)state;
	ysh_day d;
	char buf[11];
	assert_true(ysh_parse_date("1970-01-01", &d));
	assert_int_equal(d, 0);
	assert_true(ysh_parse_date("2026-11-23", &d));
	ysh_format_date(d, buf);
	assert_string_equal(buf, "2026-11-23");
	assert_int_equal(ysh_weekday(d), 0); /* a Monday */
	assert_true(ysh_parse_date("2024-02-29", &d));
	assert_false(ysh_parse_date("2026-02-29", &d)); /* not a leap year */
	assert_false(ysh_parse_date("2100-02-29", &d)); /* century rule */
	assert_true(ysh_parse_date("2000-02-29", &d));  /* 400-year rule */
	assert_false(ysh_parse_date("2026-13-01", &d));
	assert_false(ysh_parse_date("2026-11-31", &d));
	assert_false(ysh_parse_date("2026-1-05", &d));
	assert_false(ysh_parse_date("2026/11/05", &d));
	assert_false(ysh_parse_date("2026-11-05 ", &d));
	assert_false(ysh_parse_date("", &d));
	ysh_day a, b;
	assert_true(ysh_parse_date("2026-12-31", &a));
	assert_true(ysh_parse_date("2027-01-01", &b));
	assert_int_equal(b - a, 1);
}

static void test_months(void **state)
{
	(void)state;
	int m;
	char buf[8], d[11];
	assert_true(ysh_parse_month("2026-02", &m));
	ysh_format_month(m, buf);
	assert_string_equal(buf, "2026-02");
	ysh_format_date(ysh_month_last(m), d);
	assert_string_equal(d, "2026-02-28");
	ysh_format_date(ysh_month_first(m + 11), d);
	assert_string_equal(d, "2027-01-01");
	assert_false(ysh_parse_month("2026-13", &m));
	assert_false(ysh_parse_month("2026-1", &m));
}

static void test_timestamps(void **state)
{
	(void)state;
	ysh_day d, e;
	assert_true(ysh_parse_timestamp("2026-11-20T09:30:00+08:00", &d));
	assert_true(ysh_parse_date("2026-11-20", &e));
	assert_int_equal(d, e);
	assert_true(ysh_parse_timestamp("2026-11-20T01:30:00Z", &d));
	assert_true(ysh_parse_timestamp("2026-11-20T09:30:00.125-05:00", &d));
	assert_false(ysh_parse_timestamp("2026-11-20T09:30:00", &d)); /* no offset */
	assert_false(ysh_parse_timestamp("2026-11-20 09:30:00+08:00", &d));
	assert_false(ysh_parse_timestamp("2026-11-20T24:30:00+08:00", &d));
	assert_false(ysh_parse_timestamp("2026-11-20T09:30:00+0800", &d));
}

static void test_money_and_numbers(void **state)
{
	(void)state;
	int64_t fen;
	long n;
	assert_true(ysh_parse_money("910000", &fen));
	assert_int_equal(fen, 91000000);
	assert_true(ysh_parse_money("1200.5", &fen));
	assert_int_equal(fen, 120050);
	assert_true(ysh_parse_money("0.07", &fen));
	assert_int_equal(fen, 7);
	assert_false(ysh_parse_money("1.234", &fen));
	assert_false(ysh_parse_money("-5", &fen));
	assert_false(ysh_parse_money("1,000", &fen));
	assert_false(ysh_parse_money("12.", &fen));
	assert_false(ysh_parse_money("¥12", &fen));
	assert_true(ysh_parse_integer("12", &n));
	assert_int_equal(n, 12);
	assert_false(ysh_parse_integer("1e3", &n));
	assert_false(ysh_parse_integer("", &n));
}

static void test_bools_ids_phones(void **state)
{
	(void)state;
	assert_int_equal(ysh_parse_bool("是"), 1);
	assert_int_equal(ysh_parse_bool("否"), 0);
	assert_int_equal(ysh_parse_bool("Yes"), 1);
	assert_int_equal(ysh_parse_bool("false"), 0);
	assert_int_equal(ysh_parse_bool("对"), -1);

	int y;
	long s;
	assert_true(ysh_parse_id("A2026-0042", 'A', &y, &s));
	assert_int_equal(y, 2026);
	assert_int_equal(s, 42);
	assert_true(ysh_parse_id("P2026-12345", 'P', &y, &s));
	assert_false(ysh_parse_id("A2026-0042", 'C', &y, &s));
	assert_false(ysh_parse_id("A2026-042", 'A', &y, &s));
	assert_false(ysh_parse_id("A26-0042", 'A', &y, &s));
	assert_false(ysh_parse_id("A2026-00x2", 'A', &y, &s));
	/* a sequence of four to nine digits, nothing after it */
	assert_true(ysh_parse_id("A2026-123456789", 'A', &y, &s));
	assert_int_equal(s, 123456789);
	assert_false(ysh_parse_id("A2026-1234567890", 'A', &y, &s));
	assert_false(ysh_parse_id("A2026-0042 ", 'A', &y, &s));
	assert_false(ysh_parse_id("A2026-", 'A', &y, &s));
	long n;
	assert_true(ysh_parse_integer("-123456789012345", &n));
	assert_int_equal(n, -123456789012345L);
	assert_false(ysh_parse_integer("1234567890123456", &n));

	assert_true(ysh_phone_valid("13812345678"));
	assert_true(ysh_phone_valid("029-82345678"));
	assert_true(ysh_phone_valid("12345"));
	assert_false(ysh_phone_valid("23812345678"));
	assert_false(ysh_phone_valid("138-1234-5678"));
	assert_false(ysh_phone_valid("=1+1"));
	/* masks: the middle hidden, the area code kept, never 823*5678 */
	static const char *const masks[][2] = {
		{"13812345678", "138****5678"},   {"029-82345678", "029-82****78"},
		{"0298-2345678", "0298-2****78"}, {"010-12345678", "010-12****78"},
		{"82345678", "82****78"},         {"2345678", "2****78"},
		{"12345", "****5"},               {"1234", "****"},
		{"", ""},                         {"138123456789", "138******789"},
		{"+86 13812345678", "+86 1*******678"}, {"138-1234-5678", "13*-****-*678"},
		{"02982345678", "02******678"},   {"张三13812345678", "张三13******678"},
	};
	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		char out[64];
		ysh_mask_phone(masks[i][0], out, sizeof(out));
		if (strcmp(out, masks[i][1]))
			fail_msg("mask of '%s': '%s', expected '%s'", masks[i][0], out, masks[i][1]);
		/* at least half of the digits of the number (after a landline's
		 * area code; a mobile is masked as the SPEC shows), and at least
		 * four (or all), hidden */
		if (i == 0)
			continue;
		const char *num = ysh_phone_valid(masks[i][0]) && strchr(masks[i][0], '-')
					  ? strchr(masks[i][0], '-') + 1 : masks[i][0];
		size_t digits = 0, hidden = 0;
		for (const char *p = num; *p; p++)
			digits += *p >= '0' && *p <= '9';
		for (const char *p = out; *p; p++)
			hidden += *p == '*';
		assert_true(hidden * 2 >= digits && (hidden >= 4 || hidden == digits));
	}
	char tiny[4];
	ysh_mask_phone("13812345678", tiny, sizeof(tiny));
	assert_string_equal(tiny, "138");
}

static void test_credit_codes(void **state)
{
	(void)state;
	char expect = 0;
	/* codes of real, published enterprises */
	assert_int_equal(ysh_credit_code_check("9144030071526726XG", NULL), YSH_CREDIT_OK);
	assert_int_equal(ysh_credit_code_check("91110000802100433B", NULL), YSH_CREDIT_OK);
	assert_int_equal(ysh_credit_code_check("91350100M000100Y43", NULL), YSH_CREDIT_OK);
	/* the same with the last character changed */
	assert_int_equal(ysh_credit_code_check("9144030071526726XH", &expect), YSH_CREDIT_CHECK);
	assert_int_equal(expect, 'G');
	/* check value 0: the character is '0' */
	assert_int_equal(ysh_credit_code_check("911100001000013380", &expect), YSH_CREDIT_CHECK);
	assert_int_equal(ysh_credit_code_check("9144030071526726X", NULL), YSH_CREDIT_FORMAT);
	assert_int_equal(ysh_credit_code_check("9144030071526726IG", NULL), YSH_CREDIT_FORMAT);
	assert_int_equal(ysh_credit_code_check("9144030071526726xg", NULL), YSH_CREDIT_FORMAT);
}

static void test_lists(void **state)
{
	(void)state;
	char **v;
	size_t n = ysh_split_list("执法检查、案件处理；案卷评查, 服务回访;;", &v);
	assert_int_equal(n, 4);
	assert_string_equal(v[0], "执法检查");
	assert_string_equal(v[1], "案件处理");
	assert_string_equal(v[2], "案卷评查");
	assert_string_equal(v[3], "服务回访");
	ysh_free_list(v, n);
	n = ysh_split_list("", &v);
	assert_int_equal(n, 0);
	ysh_free_list(v, n);
	/* blanks trimmed around full-width separators, blank items dropped */
	struct ysh_items it;
	ysh_items_split(&it, " a \t，，b ，\t; c");
	assert_int_equal(it.n, 3);
	assert_string_equal(it.v[0], "a");
	assert_string_equal(it.v[1], "b");
	assert_string_equal(it.v[2], "c");
	ysh_items_free(&it);
	/* the first byte of a separator in other characters: （ ） ： (EF BC ..)
	 * and 。 「 (E3 80 ..) split nothing */
	ysh_items_split(&it, "检查（一）：甲。「乙」、二");
	assert_int_equal(it.n, 2);
	assert_string_equal(it.v[0], "检查（一）：甲。「乙」");
	assert_string_equal(it.v[1], "二");
	ysh_items_free(&it);
	/* a list longer than the room on the stack, with more items than its
	 * first array: the same items as the copying split */
	struct ysh_buf big = {0};
	for (int i = 0; i < 100; i++)
		ysh_buf_printf(&big, "%s步骤%d", i ? "；" : "", i);
	ysh_items_split(&it, ysh_buf_str(&big));
	n = ysh_split_list(ysh_buf_str(&big), &v);
	assert_int_equal(it.n, 100);
	assert_int_equal(n, 100);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(it.v[i], v[i]);
	assert_string_equal(it.v[99], "步骤99");
	ysh_items_free(&it);
	ysh_free_list(v, n);
	ysh_buf_free(&big);
}

static void test_map(void **state)
{
	(void)state;
	struct ysh_map m = {0};
	char key[32];
	for (size_t i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "A2026-%04zu", i);
		assert_true(ysh_map_put(&m, key, i));
	}
	assert_false(ysh_map_put(&m, "A2026-0042", 1));
	size_t v;
	assert_true(ysh_map_get(&m, "A2026-4999", &v));
	assert_int_equal(v, 4999);
	assert_true(ysh_map_get(&m, "A2026-0042", &v));
	assert_int_equal(v, 42);
	assert_false(ysh_map_get(&m, "A2026-5000", &v));
	ysh_map_free(&m);
}

/* Interning: equal strings share the map's one copy, through rehashes;
 * a kept key is the caller's pointer, not a copy. */
static void test_map_intern_and_kept(void **state)
{
	(void)state;
	struct ysh_map m = {0};
	char key[32];
	bool fresh;
	const char *first = ysh_map_intern(&m, "城关镇", &fresh);
	assert_true(fresh);
	for (size_t i = 0; i < 3000; i++) {
		snprintf(key, sizeof(key), "unit-%zu", i % 700);
		ysh_map_intern(&m, key, &fresh);
		assert_int_equal(fresh, i < 700);
	}
	snprintf(key, sizeof(key), "%s", "城关镇");
	const char *again = ysh_map_intern(&m, key, &fresh);
	assert_false(fresh);
	assert_ptr_equal(again, first);
	assert_ptr_not_equal(again, key);
	assert_int_equal(m.len, 701);
	ysh_map_free(&m);

	static const char id[] = "A2026-0007";
	assert_true(ysh_map_put_kept(&m, id, 7));
	assert_false(ysh_map_put_kept(&m, "A2026-0007", 8));
	size_t v;
	assert_true(ysh_map_get(&m, "A2026-0007", &v));
	assert_int_equal(v, 7);
	assert_null(m.keys.head); /* nothing was copied */
	ysh_map_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_money_and_numbers),
		cmocka_unit_test(test_bools_ids_phones),
		cmocka_unit_test(test_credit_codes),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_map_intern_and_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
