/* ysh.ini: defaults, every key, the calendar, and every way to get it wrong. */
#include "fixture.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct ysh_config *load(struct fx *f, const char *ini, char **err)
{
	fx_write(f, "ysh.ini", ini);
	*err = NULL;
	return ysh_config_load(f->dir, err);
}

static void test_defaults_and_units(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char *err;
	struct ysh_config *c = load(&f, "[county]\nname = 蓝田县\n[units]\n县市场监管局 = 审批服务,行政执法\n玉山镇 = 镇街 ; a town\n国网蓝田供电公司 =\n", &err);
	assert_non_null(c);
	assert_string_equal(c->county, "蓝田县");
	assert_int_equal(c->nunits, 3);
	const struct ysh_unit *u = ysh_config_unit(c, "县市场监管局");
	assert_non_null(u);
	assert_int_equal(u->roles, YSH_ROLE_APPROVAL | YSH_ROLE_ENFORCEMENT);
	assert_int_equal(ysh_config_unit(c, "玉山镇")->roles, YSH_ROLE_TOWN);
	assert_int_equal(ysh_config_unit(c, "国网蓝田供电公司")->roles, 0);
	assert_null(ysh_config_unit(c, "县教育局"));
	/* the documents' values */
	assert_int_equal(ysh_config_min_steps(c, "走流程"), 4);
	assert_int_equal(ysh_config_min_steps(c, "坐窗口"), 4);
	assert_int_equal(ysh_config_min_steps(c, "跟执法"), 3);
	assert_int_equal(ysh_config_min_steps(c, "处投诉"), 3);
	assert_int_equal(c->rules.report_within_days, 5);
	assert_int_equal(c->rules.min_callbacks, 3);
	assert_int_equal(c->rules.callback_window_days, 30);
	assert_int_equal(c->rules.monthly_min, 1);
	assert_int_equal(c->rules.nwindows, 0);
	assert_int_equal(c->rules.unit_report_day, 20);
	assert_int_equal(c->rules.summary_report_day, 22);
	assert_int_equal(c->rules.lead_days_routine, 7);
	assert_int_equal(c->rules.lead_workdays_adhoc, 1);
	assert_null(ysh_config_lead(c, "跟执法"));
	ysh_config_free(c);
	fx_free(&f);
}

static void test_rules_and_calendar(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char *err;
	struct ysh_config *c = load(&f,
		"[county]\nname = 靖边县\n[units]\n县司法局 = 行政执法\n[leads]\n跟执法 = 县司法局\n"
		"[rules]\nmin_steps_跟执法 = 4\nenforcement_windows = 08-09,12-01\nlead_days_例行 = 10\n"
		"[calendar]\nholidays = 2026-10-01..2026-10-07, 2026-12-31\nworkdays = 2026-10-10\n", &err);
	assert_non_null(c);
	assert_int_equal(ysh_config_min_steps(c, "跟执法"), 4);
	assert_int_equal(c->rules.nwindows, 2);
	assert_int_equal(c->rules.windows[1].from, 12);
	assert_int_equal(c->rules.windows[1].to, 1);
	assert_int_equal(c->rules.lead_days_routine, 10);
	assert_string_equal(ysh_config_lead(c, "跟执法"), "县司法局");
	ysh_day d, w;
	ysh_parse_date("2026-10-03", &d);
	assert_false(ysh_is_workday(c, d)); /* holiday */
	ysh_parse_date("2026-10-10", &d);
	assert_true(ysh_is_workday(c, d)); /* make-up Saturday */
	ysh_parse_date("2026-10-11", &d);
	assert_false(ysh_is_workday(c, d)); /* Sunday */
	ysh_parse_date("2026-12-31", &d);
	assert_false(ysh_is_workday(c, d));
	ysh_parse_date("2026-10-08", &d);
	ysh_parse_date("2026-09-30", &w);
	assert_int_equal(ysh_workdays_before(c, d, 1), w);
	ysh_parse_date("2026-10-12", &d);
	ysh_parse_date("2026-10-09", &w);
	assert_int_equal(ysh_workdays_before(c, d, 2), w);
	ysh_config_free(c);
	fx_free(&f);
}

/* Each bad ysh.ini must be refused with a message naming the place. */
static void test_errors(void **state)
{
	(void)state;
	static const struct {
		const char *ini;
		const char *want;
	} cases[] = {
		{"[units]\n县司法局 = 行政执法\n", "[county]: missing 'name = '"},
		{"[county]\nname = x\n", "[units]: no units"},
		{"[county]\nname = x\n[units]\n县司法局 = 执法\n", "ysh.ini:4: [units] 县司法局: unknown role '执法'"},
		{"[county]\nname = x\n[units]\n县司法局 = 行政执法\n[leads]\n跟执法 = 县法院\n", ":6: [leads] 跟执法: lead office '县法院' is not listed"},
		{"[county]\nname = x\n[units]\na = 镇街\n[rules]\nmin_step_走流程 = 4\n", ":6: [rules] min_step_走流程: unknown rule parameter"},
		{"[county]\nname = x\n[units]\na = 镇街\n[rules]\nmonthly_min = many\n", "[rules] monthly_min: 'many' is not a whole number"},
		{"[county]\nname = x\n[units]\na = 镇街\n[rules]\nunit_report_day = 31\n", "from 1 to 28"},
		{"[county]\nname = x\n[units]\na = 镇街\n[rules]\nenforcement_windows = 8-13\n", "not a month range"},
		{"[county]\nname = x\n[units]\na = 镇街\n[calendar]\nholidays = 2026-02-30\n", "[calendar] holidays: '2026-02-30' is not a date"},
		{"[county]\nname = x\n[units]\na = 镇街\n[calendar]\nholidays = 2026-10-07..2026-10-01\n", "is not a date range"},
		{"[county]\nname = x\n[units]\na = 镇街\n[calendar]\nrest = 2026-10-01\n", "[calendar] rest: unknown key"},
		{"[county]\nname = x\nmayor = y\n[units]\na = 镇街\n", "[county] mayor: unknown key"},
		{"[county]\nname = x\n[units]\na = 镇街\n[contacts]\nb = 1\n", "[contacts]: unknown section"},
		{"[county]\nname = x\n[units\na = 镇街\n", "ysh.ini:3: syntax error"},
		/* found by fuzz_ini: a section whose keys iniparser files under [units] */
		{"[county]\nname = x\n[units]\na = 镇街\n[units:county]\nname = y\n", "[units]: 'county:name': ':' may not appear in a section or key name"},
		{"[county]\nname = x\n[units]\njust a line\n", "ysh.ini:4: syntax error: just a line"},
		{"[county]\nname = x\n[units]\na = 镇街\n[clerks]\nzhang = b\n", ":6: [clerks] zhang: 'b' is not listed in [units]"},
		{"[county]\nname = x\n[units]\na = 镇街\n[clerks]\nzhang =\n", "[clerks] zhang: no units"},
		{"[county]\nname = x\n[units]\na = 镇街\n[reports]\nperiod_end_day = 31\n", "[reports] period_end_day: '31' is not 0"},
		{"[county]\nname = x\n[units]\na = 镇街\n[reports]\ncut = 20\n", "[reports] cut: unknown key"},
	};
	struct fx f;
	fx_init(&f, NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *err = NULL;
		struct ysh_config *c = load(&f, cases[i].ini, &err);
		if (c)
			fail_msg("case %zu was accepted", i);
		if (!strstr(err, cases[i].want))
			fail_msg("case %zu: '%s' does not contain '%s'", i, err, cases[i].want);
		free(err);
	}
	/* no ysh.ini at all: the message says how to name the ledger directory */
	char path[256];
	snprintf(path, sizeof(path), "%s/ysh.ini", f.dir);
	unlink(path);
	char *err = NULL;
	assert_null(ysh_config_load(f.dir, &err));
	char want[512];
	snprintf(want, sizeof(want),
		 "%s: not found; run in the ledger directory, or name it with -C DIR or YSH_DIR=DIR", path);
	assert_string_equal(err, want);
	free(err);
	fx_free(&f);
}

/* [clerks]: who may record for which unit; logins without case. */
static void test_clerks(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char *err = NULL;
	struct ysh_config *c = load(&f,
		"[county]\nname = x\n[units]\na = 镇街\nb = 镇街\n[clerks]\nZhang = a\noffice = *\n", &err);
	assert_non_null(c);
	assert_true(ysh_config_clerk_may(c, "zhang", "a"));
	assert_true(ysh_config_clerk_may(c, "ZHANG", "a"));
	assert_false(ysh_config_clerk_may(c, "zhang", "b"));
	assert_true(ysh_config_clerk_may(c, "office", "b"));
	assert_false(ysh_config_clerk_may(c, "stranger", "a"));
	ysh_config_free(c);
	c = load(&f, "[county]\nname = x\n[units]\na = 镇街\n", &err);
	assert_true(ysh_config_clerk_may(c, "stranger", "a")); /* no [clerks]: anyone */
	ysh_config_free(c);
	fx_free(&f);
}

static void test_huge_value(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	struct ysh_buf b = {0};
	ysh_buf_adds(&b, "[county]\nname = ");
	for (int i = 0; i < 100000; i++)
		ysh_buf_addc(&b, 'x');
	ysh_buf_adds(&b, "\n[units]\na = 镇街\n");
	char *err = NULL;
	struct ysh_config *c = load(&f, ysh_buf_str(&b), &err);
	/* iniparser's lines are bounded: refused, not truncated silently */
	assert_null(c);
	assert_non_null(strstr(err, "ysh.ini:2: line too long"));
	free(err);
	ysh_buf_free(&b);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_units),
		cmocka_unit_test(test_rules_and_calendar),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_huge_value),
		cmocka_unit_test(test_clerks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
