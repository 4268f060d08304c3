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
		{"[county]\nname = x\n[units]\na = 镇街\n[rules]\nunit_report_day = 31\n", "from 0 to 28"},
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


static ysh_day day(const char *s)
{
	ysh_day d;
	if (!ysh_parse_date(s, &d))
		fail_msg("bad date %s in test", s);
	return d;
}

/* 蓝田's plan (seed 001): named steps, towns 走流程/坐窗口 only, lists by
 * the 20th, callbacks of 上月, the lead offices' units by role. */
static const char lantian_ini[] =
	"[county]\nname = 蓝田县\n"
	"[units]\n县市场监管局 = 审批服务,行政执法\n县行政审批局 = 审批服务\n县司法局 = 审批服务,行政执法\n"
	"县统计局 = 行政执法\n玉山镇 = 镇街\n国网蓝田供电公司 = 公共服务企业\n无角色单位 =\n"
	"[leads]\n走流程 = 县行政审批局\n坐窗口 = 县行政审批局\n处投诉 = 县行政审批局\n跟执法 = 县司法局\n"
	"[scope]\n县行政审批局 = 审批服务,公共服务企业,镇街\n县司法局 = 行政执法\n"
	"[rules]\nsteps_跟执法 = 执法检查,案件处理,案卷评查\nmin_steps_跟执法 = 3\n"
	"kinds_审批服务 = 走流程,坐窗口,处投诉\nkinds_行政执法 = 跟执法,处投诉\nkinds_镇街 = 走流程,坐窗口\n"
	"report_within_days =\nreport_by_day_走流程 = 20\nreport_by_day_跟执法 = 20\n"
	"callback_window = 上月\n";

static void test_profile_lantian(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char *err;
	struct ysh_config *c = load(&f, lantian_ini, &err);
	if (!c)
		fail_msg("%s", err);
	/* steps by name, and counted */
	const struct ysh_names *st = ysh_config_steps(c, "跟执法");
	assert_non_null(st);
	assert_int_equal(st->n, 3);
	assert_string_equal(st->v[2], "案卷评查");
	assert_null(ysh_config_steps(c, "走流程"));
	assert_int_equal(ysh_config_min_steps(c, "跟执法"), 3);
	/* kinds per role: a town may not go along on enforcement */
	const struct ysh_unit *town = ysh_config_unit(c, "玉山镇");
	struct ysh_buf allowed = {0}, keys = {0};
	assert_false(ysh_config_kind_allowed(c, town, "跟执法", &allowed, &keys));
	assert_string_equal(ysh_buf_str(&allowed), "走流程、坐窗口");
	assert_string_equal(ysh_buf_str(&keys), "kinds_镇街");
	ysh_buf_free(&allowed);
	ysh_buf_free(&keys);
	assert_true(ysh_config_kind_allowed(c, town, "坐窗口", NULL, NULL));
	/* a unit of two roles may record the kinds of either */
	assert_true(ysh_config_kind_allowed(c, ysh_config_unit(c, "县市场监管局"), "跟执法", NULL, NULL));
	assert_true(ysh_config_kind_allowed(c, ysh_config_unit(c, "县市场监管局"), "走流程", NULL, NULL));
	assert_false(ysh_config_kind_allowed(c, ysh_config_unit(c, "县统计局"), "走流程", NULL, NULL));
	/* a role without kinds_ROLE, and a unit without a role: every kind */
	assert_true(ysh_config_kind_allowed(c, ysh_config_unit(c, "国网蓝田供电公司"), "跟执法", NULL, NULL));
	assert_true(ysh_config_kind_allowed(c, ysh_config_unit(c, "无角色单位"), "处投诉", NULL, NULL));
	/* report rules: by the 20th of the month after; 坐窗口 has none (report_within_days empty) */
	ysh_day due;
	assert_int_equal(ysh_config_due(c, "走流程").rule, YSH_DUE_BY_DAY);
	assert_true(ysh_config_due_day(c, "走流程", day("2026-10-31"), &due));
	assert_int_equal(due, day("2026-11-20"));
	assert_true(ysh_config_due_day(c, "跟执法", day("2026-10-01"), &due));
	assert_int_equal(due, day("2026-11-20"));
	assert_false(ysh_config_due_day(c, "坐窗口", day("2026-10-01"), &due));
	assert_int_equal(c->rules.report_within_days, -1);
	/* 上月: the previous calendar month */
	ysh_day first, last;
	ysh_config_callback_span(c, day("2026-11-02"), &first, &last);
	assert_int_equal(first, day("2026-10-01"));
	assert_int_equal(last, day("2026-10-31"));
	ysh_config_callback_span(c, day("2026-03-15"), &first, &last);
	assert_int_equal(first, day("2026-02-01"));
	assert_int_equal(last, day("2026-02-28"));
	/* scope: 县统计局 (附件1: 行政执法 only) is the 司法局's, not the 审批局's */
	const struct ysh_unit *stats = ysh_config_unit(c, "县统计局");
	assert_false(ysh_config_in_scope(c, "县行政审批局", stats));
	assert_true(ysh_config_in_scope(c, "县司法局", stats));
	assert_true(ysh_config_in_scope(c, "县行政审批局", town));
	assert_false(ysh_config_in_scope(c, "县司法局", town));
	assert_int_equal(c->rules.review_after_days, 0);
	ysh_config_free(c);
	fx_free(&f);
}

/* 靖边's plan (seed 000): 跟执法 only, four named steps, 5 days, 3 months. */
static void test_profile_jingbian(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char *err;
	struct ysh_config *c = load(&f,
		"[county]\nname = 靖边县\n[units]\n县市场监管局 = 行政执法\n县司法局 =\n县审计局 = 行政执法\n"
		"[leads]\n跟执法 = 县司法局\n[scope]\n县司法局 = 县市场监管局,县审计局\n"
		"[rules]\nkinds = 跟执法\nsteps_跟执法 = 执法检查,案件处理,案卷评查,服务回访\nmin_steps_跟执法 = 4\n"
		"report_within_days_跟执法 = 5\ncallback_window = 3个月\nreview_after_days = 90\nunit_report_day = 0\n",
		&err);
	if (!c)
		fail_msg("%s", err);
	assert_int_equal(ysh_config_steps(c, "跟执法")->n, 4);
	/* kinds: the county records 跟执法 only, whatever the role */
	assert_false(ysh_config_kind_allowed(c, ysh_config_unit(c, "县司法局"), "走流程", NULL, NULL));
	assert_false(ysh_config_kind_allowed(c, ysh_config_unit(c, "县市场监管局"), "坐窗口", NULL, NULL));
	assert_true(ysh_config_kind_allowed(c, ysh_config_unit(c, "县市场监管局"), "跟执法", NULL, NULL));
	ysh_day due, first, last;
	assert_true(ysh_config_due_day(c, "跟执法", day("2026-08-28"), &due));
	assert_int_equal(due, day("2026-09-02"));
	/* other kinds keep report_within_days (5) */
	assert_int_equal(ysh_config_due(c, "走流程").rule, YSH_DUE_WITHIN_DAYS);
	/* 3个月: from the first of the month three months back, to the callback */
	ysh_config_callback_span(c, day("2026-11-02"), &first, &last);
	assert_int_equal(first, day("2026-08-01"));
	assert_int_equal(last, day("2026-11-02"));
	/* units listed by name */
	assert_true(ysh_config_in_scope(c, "县司法局", ysh_config_unit(c, "县审计局")));
	assert_false(ysh_config_in_scope(c, "县司法局", ysh_config_unit(c, "县司法局")));
	assert_int_equal(c->rules.review_after_days, 90);
	assert_int_equal(c->rules.unit_report_day, 0);
	ysh_config_free(c);
	fx_free(&f);
}

/* Today's keys keep their meaning: callback_window_days is N天, and
 * report_within_days covers every kind without its own rule. */
static void test_profile_old_keys(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char *err;
	struct ysh_config *c = load(&f, "[county]\nname = x\n[units]\na = 镇街\n"
				    "[rules]\ncallback_window_days = 92\nreport_within_days = 7\n", &err);
	assert_non_null(c);
	ysh_day first, last, due;
	ysh_config_callback_span(c, day("2026-11-02"), &first, &last);
	assert_int_equal(first, day("2026-08-02"));
	assert_true(ysh_config_due_day(c, "坐窗口", day("2026-11-02"), &due));
	assert_int_equal(due, day("2026-11-09"));
	/* with no profile at all, every unit may record every kind */
	assert_true(ysh_config_kind_allowed(c, ysh_config_unit(c, "a"), "跟执法", NULL, NULL));
	ysh_config_free(c);
	/* N天 is the same as callback_window_days */
	c = load(&f, "[county]\nname = x\n[units]\na = 镇街\n[rules]\ncallback_window = 30天\n", &err);
	assert_non_null(c);
	ysh_config_callback_span(c, day("2026-11-02"), &first, &last);
	assert_int_equal(first, day("2026-10-03"));
	ysh_config_free(c);
	fx_free(&f);
}

/* report_by_day with periods cut at the 20th: the first day N after the
 * activity's period. */
static void test_profile_due_by_period(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char *err;
	struct ysh_config *c = load(&f, "[county]\nname = x\n[units]\na = 镇街\n"
				    "[rules]\nreport_by_day_坐窗口 = 25\n[reports]\nperiod_end_day = 20\n", &err);
	assert_non_null(c);
	ysh_day due;
	assert_true(ysh_config_due_day(c, "坐窗口", day("2026-11-20"), &due)); /* period 10-21..11-20 */
	assert_int_equal(due, day("2026-11-25"));
	assert_true(ysh_config_due_day(c, "坐窗口", day("2026-11-21"), &due)); /* period 11-21..12-20 */
	assert_int_equal(due, day("2026-12-25"));
	assert_int_equal(ysh_config_period_of(c, day("2026-11-21")), 2026 * 12 + 11);
	ysh_config_free(c);
	fx_free(&f);
}

/* Each bad profile key is refused with the file, the line and the key. */
static void test_profile_errors(void **state)
{
	(void)state;
	static const char head[] = "[county]\nname = x\n[units]\n县司法局 = 行政执法\n玉山镇 = 镇街\n[leads]\n跟执法 = 县司法局\n";
	static const struct {
		const char *ini;
		const char *want;
	} cases[] = {
		{"[rules]\ncallback_window = 2周\n", "ysh.ini:9: [rules] callback_window: '2周' is not 上月"},
		{"[rules]\ncallback_window = 0个月\n", "ysh.ini:9: [rules] callback_window: '0个月' is not"},
		{"[rules]\ncallback_window_days = 30\ncallback_window = 上月\n", "ysh.ini:10: [rules] callback_window: give callback_window or callback_window_days, not both"},
		{"[rules]\nreport_within_days_跟执法 = 5\nreport_by_day_跟执法 = 20\n", "ysh.ini:10: [rules] report_by_day_跟执法: 跟执法 already has a report rule"},
		{"[rules]\nreport_by_day_坐窗口 = 31\n", "ysh.ini:9: [rules] report_by_day_坐窗口: '31' is not a whole number from 1 to 28"},
		{"[rules]\nreport_within_days = soon\n", "[rules] report_within_days: 'soon' is not a whole number"},
		{"[rules]\nkinds_镇 = 走流程\n", "ysh.ini:9: [rules] kinds_镇: '镇' is not a role"},
		{"[rules]\nsteps_跟执法 =\n", "ysh.ini:9: [rules] steps_跟执法: name the kind's steps"},
		{"[rules]\nkinds =\n", "ysh.ini:9: [rules] kinds: name the kinds"},
		{"[rules]\nreview_after_days = -1\n", "ysh.ini:9: [rules] review_after_days: '-1' is not a whole number from 0 to 3660"},
		{"[scope]\n县法院 = 行政执法\n", "ysh.ini:9: [scope] 县法院: '县法院' is not a lead office"},
		{"[scope]\n县司法局 = 执法单位\n", "ysh.ini:9: [scope] 县司法局: '执法单位' is neither a role"},
		{"[scope]\n县司法局 =\n", "ysh.ini:9: [scope] 县司法局: name the roles or units"},
	};
	struct fx f;
	fx_init(&f, NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *err = NULL;
		char *ini = ysh_xasprintf("%s%s", head, cases[i].ini);
		struct ysh_config *c = load(&f, ini, &err);
		free(ini);
		if (c)
			fail_msg("case %zu was accepted", i);
		if (!strstr(err, cases[i].want))
			fail_msg("case %zu: '%s' does not contain '%s'", i, err, cases[i].want);
		free(err);
	}
	fx_free(&f);
}

/* Kinds and steps are held against the activities schema when a ledger
 * directory is opened: a misspelt one is refused, not ignored. */
static void test_profile_against_schema(void **state)
{
	(void)state;
	static const struct {
		const char *extra;
		const char *want;
	} cases[] = {
		{"[rules]\nsteps_跟执法 = 执法检查,案件处理,案卷评察\n", "ysh.ini:17: [rules] steps_跟执法: '案卷评察' is not a step of 跟执法 (the schema's: 执法检查、案件处理、案卷评查、服务回访)"},
		{"[rules]\nmin_steps_跟执勤 = 3\n", "ysh.ini:17: [rules] min_steps_跟执勤: '跟执勤' is not an activity kind (走流程、坐窗口、跟执法、处投诉)"},
		{"[rules]\nkinds_镇街 = 走流程,巡查\n", "ysh.ini:17: [rules] kinds_镇街: '巡查' is not an activity kind"},
		{"[rules]\nreport_by_day_座窗口 = 20\n", "[rules] report_by_day_座窗口: '座窗口' is not an activity kind"},
		{"[rules]\nkinds = 跟执法,查投诉\n", "[rules] kinds: '查投诉' is not an activity kind"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;
		fx_init(&f, cases[i].extra);
		const char *err = fx_open_error(&f);
		if (!strstr(err, cases[i].want))
			fail_msg("case %zu: '%s' does not contain '%s'", i, err, cases[i].want);
		fx_free(&f);
	}
	/* a lead kind is a kind too */
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "ysh.ini", "[county]\nname = x\n[units]\n县司法局 = 行政执法\n[leads]\n跟执行 = 县司法局\n");
	assert_non_null(strstr(fx_open_error(&f), "ysh.ini:6: [leads] 跟执行: '跟执行' is not an activity kind"));
	fx_free(&f);
	/* a county's steps narrow the schema's: the only steps allowed */
	fx_init(&f, "[rules]\nsteps_跟执法 = 执法检查,案件处理,案卷评查\n");
	fx_check(&f, "2026-11-23");
	const struct ysh_schema *s = ysh_ledgers_table(f.L, "activities")->schema;
	const struct ysh_column *steps = &s->cols[ysh_schema_col(s, "steps")];
	const char *cells[32] = {0};
	for (size_t i = 0; i < s->ncols; i++)
		cells[i] = "";
	cells[ysh_schema_col(s, "kind")] = "跟执法";
	size_t n;
	char *const *vals = ysh_column_enums(steps, cells, &n);
	assert_int_equal(n, 3);
	assert_string_equal(vals[2], "案卷评查");
	cells[ysh_schema_col(s, "kind")] = "走流程";
	ysh_column_enums(steps, cells, &n);
	assert_int_equal(n, 4);
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
		cmocka_unit_test(test_profile_lantian),
		cmocka_unit_test(test_profile_jingbian),
		cmocka_unit_test(test_profile_old_keys),
		cmocka_unit_test(test_profile_due_by_period),
		cmocka_unit_test(test_profile_errors),
		cmocka_unit_test(test_profile_against_schema),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
