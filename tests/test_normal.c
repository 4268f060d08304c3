/* Input normalisation (normal.h) and "did you mean" (suggest.h): every form
 * a clerk may type, accepted and rewritten, or refused and left as typed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "normal.h"
#include "suggest.h"

struct form {
	const char *in, *out;
	bool ok;
};

static void check_forms(enum ysh_type type, const struct form *f, size_t n)
{
	struct ysh_buf b = {0};
	for (size_t i = 0; i < n; i++) {
		bool ok = ysh_normalise(type, f[i].in, &b);
		if (ok != f[i].ok || strcmp(b.p, f[i].out))
			fail_msg("type %d: '%s' gave '%s' (%s), expected '%s' (%s)", (int)type, f[i].in, b.p,
				 ok ? "accepted" : "refused", f[i].out, f[i].ok ? "accepted" : "refused");
	}
	ysh_buf_free(&b);
}

#define CHECK(type, forms) check_forms(type, forms, sizeof(forms) / sizeof(forms[0]))

static void test_dates(void **state)
{
	(void)state;
	static const struct form f[] = {
		{"2026-11-03", "2026-11-03", true},
		{"2026/11/3", "2026-11-03", true},
		{"2026-11-3", "2026-11-03", true},
		{"2026.11.3", "2026-11-03", true},
		{"2026年11月3日", "2026-11-03", true},
		{"2026年11月3号", "2026-11-03", true},
		{"2026年1月3", "2026-01-03", true},
		{"20261103", "2026-11-03", true},
		{"２０２６／１１／３", "2026-11-03", true},     /* full-width */
		{"２０２６年１１月３日", "2026-11-03", true},
		{" 2026/11/3\u3000", "2026-11-03", true},      /* blanks around */
		{"\u00a02026-11-03\t", "2026-11-03", true},
		{"", "", true},
		{"2026/11-3", "2026/11-3", false},              /* mixed separators */
		{"2026/13/3", "2026/13/3", false},
		{"2026/2/29", "2026/2/29", false},              /* not a leap year */
		{"2024/2/29", "2024-02-29", true},
		{"26/11/3", "26/11/3", false},
		{"2026/111/3", "2026/111/3", false},
		{"2026年11月", "2026年11月", false},
		{"11/3/2026", "11/3/2026", false},
		{"2026-11-03x", "2026-11-03x", false},
		{"明天", "明天", false},
		{"1899/12/31", "1899/12/31", false},
	};
	CHECK(YSH_T_DATE, f);
}

static void test_timestamps(void **state)
{
	(void)state;
	static const struct form f[] = {
		{"2026-11-20T09:30:00+08:00", "2026-11-20T09:30:00+08:00", true},
		{"2026/11/20T09:30:00+08:00", "2026-11-20T09:30:00+08:00", true},
		{"2026/11/20 09:30:00+08:00", "2026-11-20T09:30:00+08:00", true},
		{"2026年11月20日T09:30:00Z", "2026-11-20T09:30:00Z", true},
		{"2026/11/20 09:30", "2026/11/20 09:30", false}, /* no offset: not a moment */
		{"2026/11/20", "2026/11/20", false},
	};
	CHECK(YSH_T_TIMESTAMP, f);
}

static void test_money(void **state)
{
	(void)state;
	static const struct form f[] = {
		{"1000", "1000", true},
		{"1,000", "1000", true},
		{"1000元", "1000", true},
		{"1000 元", "1000", true},
		{"1,000.50", "1000.50", true},
		{"￥1000", "1000", true},
		{"¥ 1,234,567.8", "1234567.8", true},
		{"１，０００元", "1000", true},             /* full-width digits and comma */
		{"\u30001000\u3000", "1000", true},
		{"1,00", "1,00", false},                    /* not thousands */
		{"10,00,000", "10,00,000", false},
		{",100", ",100", false},
		{"1000.505", "1000.505", false},
		{"-5", "-5", false},
		{"一千元", "一千元", false},
		{"1000美元", "1000美元", false},
	};
	CHECK(YSH_T_MONEY, f);
}

static void test_integers(void **state)
{
	(void)state;
	static const struct form f[] = {
		{"12", "12", true},
		{"１２", "12", true},
		{" 3 ", "3", true},
		{"1,200", "1200", true},
		{"3个", "3个", false},
		{"1.5", "1.5", false},
	};
	CHECK(YSH_T_INTEGER, f);
}

static void test_phones(void **state)
{
	(void)state;
	static const struct form f[] = {
		{"13812345678", "13812345678", true},
		{"138-1234-5678", "13812345678", true},
		{"138 1234 5678", "13812345678", true},
		{"+86 138 1234 5678", "13812345678", true},
		{"１３８１２３４５６７８", "13812345678", true},
		{"0914 123 4567", "0914-1234567", true},
		{"0914-123-4567", "0914-1234567", true},
		{"(029)82345678", "029-82345678", true},
		{"029-82345678", "029-82345678", true},
		{"02982345678", "029-82345678", true},
		{"09141234567", "0914-1234567", true},
		{"12345", "12345", true},
		{"8234 5678", "82345678", true},
		{"138-1234-567", "138-1234-567", false}, /* one digit short */
		{"1381234567a", "1381234567a", false},
		{"电话13812345678", "电话13812345678", false},
	};
	CHECK(YSH_T_PHONE, f);
}

static void test_ids_codes_text(void **state)
{
	(void)state;
	static const struct form ids[] = {
		{"a2026-0001", "A2026-0001", true},
		{"Ａ２０２６－０００１", "A2026-0001", true},
		{" P2026-0007\u3000", "P2026-0007", true},
	};
	CHECK(YSH_T_ID, ids);
	CHECK(YSH_T_REF, ids);
	static const struct form codes[] = {
		{"91610000ma6tg1xy2q", "91610000MA6TG1XY2Q", true},
		{"９１６１００００ＭＡ６ＴＧ１ＸＹ２Ｑ", "91610000MA6TG1XY2Q", true},
	};
	CHECK(YSH_T_CREDIT, codes);
	static const struct form bools[] = {
		{"ｙｅｓ", "yes", true},
		{" 是\u3000", "是", true},
	};
	CHECK(YSH_T_BOOL, bools);
	/* free text and unit names: trimmed, never folded */
	static const struct form text[] = {
		{"  食品检查（２家）\u3000", "食品检查（２家）", true},
		{"\u3000\u3000", "", true},
	};
	CHECK(YSH_T_TEXT, text);
	static const struct form units[] = {
		{"县市场监管局\u3000", "县市场监管局", true},
		{"\u3000县ＡＢ局 ", "县ＡＢ局", true},
	};
	CHECK(YSH_T_UNIT, units);
}

static void test_suggest(void **state)
{
	(void)state;
	char *units[] = {"县市场监管局", "县行政审批局", "县司法局", "玉山镇", "蓝关街道"};
	char *steps[] = {"执法检查", "案件处理", "案卷评查", "服务回访"};
	char *kinds[] = {"走流程", "坐窗口", "跟执法", "处投诉"};
	char *latin[] = {"yes", "no"};
	assert_string_equal(ysh_suggest("市场监管局", units, 5), "县市场监管局");  /* without 县 */
	assert_string_equal(ysh_suggest("县市场监督局", units, 5), "县市场监管局"); /* one slip */
	assert_string_equal(ysh_suggest("县司法局局", units, 5), "县司法局");       /* contains it */
	assert_string_equal(ysh_suggest("司法", units, 5), "县司法局");
	assert_string_equal(ysh_suggest("玉山", units, 5), "玉山镇");
	assert_string_equal(ysh_suggest("案卷平查", steps, 4), "案卷评查");
	assert_string_equal(ysh_suggest("回访", steps, 4), "服务回访");
	assert_string_equal(ysh_suggest("走流成", kinds, 4), "走流程");
	assert_string_equal(ysh_suggest("ys", latin, 2), "yes");
	assert_null(ysh_suggest("县教育局", units, 5));  /* two edits in four: not a slip */
	assert_null(ysh_suggest("局", units, 5));        /* one character contains nothing */
	assert_null(ysh_suggest("检查组", kinds, 4));
	assert_null(ysh_suggest("", units, 5));
	assert_null(ysh_suggest("走流程", kinds, 4));     /* it is allowed: nothing to suggest */
	assert_null(ysh_suggest("x", NULL, 0));
	/* invalid UTF-8 and long names do not break it */
	assert_null(ysh_suggest("\xff\xfe\xfd\xfc", kinds, 4));
	char longname[400];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_null(ysh_suggest(longname, kinds, 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),       cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_money),       cmocka_unit_test(test_integers),
		cmocka_unit_test(test_phones),      cmocka_unit_test(test_ids_codes_text),
		cmocka_unit_test(test_suggest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
