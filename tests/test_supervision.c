/*
 * Supervision (issue 14): the deadline words, each rule of suprules.c on
 * real files (a trigger, with its file, line, column and code, and a near
 * miss), ysh.ini's four sections refusing what they cannot read, and the
 * two reports of the sample counties against figures worked out by hand.
 */
#include "fixture.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulletin.h"
#include "campaign.h"
#include "deadline.h"
#include "report.h"

/* ---- the deadline words ---- */

static ysh_day day(const char *s)
{
	ysh_day d;
	if (!ysh_parse_date(s, &d))
		fail_msg("bad date %s in test", s);
	return d;
}

static void expect_deadline(const struct ysh_deadline_days *dd, const char *words, const char *want)
{
	ysh_day d = 0;
	if (!ysh_deadline_parse(dd, words, &d))
		fail_msg("'%s' not understood, want %s", words, want);
	char got[11];
	ysh_format_date(d, got);
	if (strcmp(got, want))
		fail_msg("'%s' is %s, want %s", words, got, want);
}

static void test_deadline_words(void **state)
{
	(void)state;
	struct ysh_deadline_days dd;
	ysh_deadline_defaults(&dd);
	/* every word form of seed 003, with and without 前 */
	expect_deadline(&dd, "2018年5月初", "2018-05-05");
	expect_deadline(&dd, "2018年5月初完成", "2018-05-05");
	expect_deadline(&dd, "2018年7月上旬", "2018-07-10");
	expect_deadline(&dd, "2018年7月中旬", "2018-07-20");
	expect_deadline(&dd, "2018年7月中旬前", "2018-07-20");
	expect_deadline(&dd, "2018年7月中旬前完成", "2018-07-20");
	expect_deadline(&dd, "2018年7月下旬", "2018-07-31");
	expect_deadline(&dd, "2018年6月下旬", "2018-06-30");
	expect_deadline(&dd, "2018年5月月底", "2018-05-31");
	expect_deadline(&dd, "2018年5月底前", "2018-05-31");
	expect_deadline(&dd, "2018年6月底", "2018-06-30");
	expect_deadline(&dd, "2020年2月底", "2020-02-29"); /* a leap year's February */
	expect_deadline(&dd, "2019年2月下旬", "2019-02-28");
	expect_deadline(&dd, "2018年6月前", "2018-05-31");   /* before June begins */
	expect_deadline(&dd, "2018年6月以前", "2018-05-31");
	expect_deadline(&dd, "2018年6月之前", "2018-05-31");
	expect_deadline(&dd, "2019年1月前", "2018-12-31");   /* month N-1 of the year before */
	expect_deadline(&dd, "2018年3月前完成", "2018-02-28");
	expect_deadline(&dd, "2018年7月", "2018-07-31");
	expect_deadline(&dd, "2018年7月完成", "2018-07-31");
	expect_deadline(&dd, "2018年4月20日", "2018-04-20");
	expect_deadline(&dd, "2018年4月20日前", "2018-04-20");
	/* [deadlines] moves the days; a day past the month's end is its last */
	dd.day[YSH_DL_MIDDLE] = 15;
	dd.day[YSH_DL_FIRST] = 31;
	dd.day[YSH_DL_EARLY] = 3;
	dd.day[YSH_DL_LATE] = 25;
	expect_deadline(&dd, "2018年7月中旬", "2018-07-15");
	expect_deadline(&dd, "2018年2月上旬", "2018-02-28");
	expect_deadline(&dd, "2018年5月初", "2018-05-03");
	expect_deadline(&dd, "2018年7月下旬", "2018-07-25");
	expect_deadline(&dd, "2018年7月底", "2018-07-31");
	/* not deadlines: no year, a word not known, a day not in the month, words after */
	static const char *const bad[] = {"", "7月中旬", "2018年", "2018年13月", "2018年0月底", "2018年7月中",
					  "2018年2月30日", "2018年7月中旬后", "2018年4月13至20日", "2018-07-20",
					  "18年7月", "2018年7月底前后", "2018年7月20", "２０１８年7月"};
	ysh_deadline_defaults(&dd);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ysh_day d;
		if (ysh_deadline_parse(&dd, bad[i], &d))
			fail_msg("'%s' taken as a deadline", bad[i]);
	}
	assert_int_equal(ysh_deadline_word("中旬"), YSH_DL_MIDDLE);
	assert_int_equal(ysh_deadline_word("季末"), -1);
}

/* ---- the rules ---- */

#define CAMPAIGN_INI                                                                      \
	"[campaign]\nname = 集中行动\n排查 = 2026-07-01..2026-07-31\n"                     \
	"攻坚 = 2026-08-01..2026-09-30\n长效 = 2026-10-01..2026-10-31\n"                   \
	"[lines]\n企业开办专线.office = 县行政审批局\n企业开办专线.units = 县行政审批局, 县市场监管局\n"

#define TASK_HEADER "id,title,unit,deadline_text,deadline,filed_with,status,done_on,filed_on\n"
#define CAMPAIGN_PROB_HEADER                                                              \
	"id,found_on,unit,source,type,item,finder,description,measure,handling,deadline,status,closed_on,line,target\n"

static void test_task_dates(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[deadlines]\n中旬 = 15\n");
	fx_write(&f, "tasks.csv", TASK_HEADER
		 "R2026-0001,宣传周,县司法局,2026年4月13至20日,,,推进中,,\n"          /* 2:4 */
		 "R2026-0002,宣传月,县司法局,2026年4月13至20日,2026-04-20,,推进中,,\n" /* near miss: a date */
		 "R2026-0003,清理文件,县司法局,2026年12月中旬,,,已完成,,\n"              /* 4:7 */
		 "R2026-0004,暗访,县司法局,2026年12月底,,,推进中,2026-11-01,\n"          /* 5:8 */
		 "R2026-0005,督查,县司法局,2026年12月中旬,,,已完成,2026-11-01,\n");    /* near miss */
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "tasks.csv", 2, 4, "task-dates");
	assert_finding(&f, "tasks.csv", 4, 7, "task-dates");
	assert_finding(&f, "tasks.csv", 5, 8, "task-dates");
	assert_int_equal(fx_count(&f, "task-dates"), 3);
	fx_free(&f);
}

static void test_task_overdue(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[deadlines]\n中旬 = 15\n");
	fx_write(&f, "tasks.csv", TASK_HEADER
		 "R2026-0001,暗访,县司法局,2026年11月前,,,推进中,,\n"       /* 10-31: overdue */
		 "R2026-0002,督查,县司法局,2026年11月中旬,,,未开始,,\n"     /* 11-15 with 中旬 = 15: overdue */
		 "R2026-0003,自查,县司法局,2026年11月下旬,,,推进中,,\n"     /* 11-30: not yet */
		 "R2026-0004,总结,县司法局,2026年11月前,2026-11-23,,推进中,,\n" /* the date given: today, not passed */
		 "R2026-0005,方案,县司法局,2026年11月初,,,已完成,2026-11-20,\n"); /* done, late: no finding */
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "tasks.csv", 2, 4, "task-overdue");
	assert_finding(&f, "tasks.csv", 3, 4, "task-overdue");
	assert_int_equal(fx_count(&f, "task-overdue"), 2);
	fx_free(&f);
}

static void test_task_filing_missing(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "tasks.csv", TASK_HEADER
		 "R2026-0001,清理文件,县司法局,2026年12月底,,县行政审批局,已完成,2026-11-01,\n"
		 "R2026-0002,清理清单,县司法局,2026年12月底,,县行政审批局,已完成,2026-11-01,2026-11-02\n"
		 "R2026-0003,梳理文件,县司法局,2026年12月底,,县行政审批局,推进中,,\n"
		 "R2026-0004,自查,县司法局,2026年12月底,,,已完成,2026-11-01,\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "tasks.csv", 2, 9, "task-filing-missing");
	assert_int_equal(fx_count(&f, "task-filing-missing"), 1);
	fx_free(&f);
}

static void test_line_target_phase(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, CAMPAIGN_INI);
	fx_write(&f, "problems.csv", CAMPAIGN_PROB_HEADER
		 /* 2: clean: found in 排查, struck off in 攻坚, a line, a target */
		 "P2026-0001,2026-07-10,县行政审批局,自我查,问题,登记,张三,退件,告知,挂账销号,2026-09-20,已销号,2026-09-15,企业开办专线,告知率100%\n"
		 /* 3: an unknown line */
		 "P2026-0002,2026-07-11,县行政审批局,自我查,问题,登记,张三,退件,告知,立行立改,,已销号,2026-07-11,政务服务专线,\n"
		 /* 4: 挂账销号 in the campaign without a target */
		 "P2026-0003,2026-07-12,县行政审批局,自我查,问题,登记,张三,退件,告知,挂账销号,2026-09-20,已销号,2026-09-15,,\n"
		 /* 5: near miss: 立行立改 needs no target; before the campaign none either */
		 "P2026-0004,2026-07-13,县行政审批局,自我查,问题,窗口,张三,冷漠,批评,立行立改,,已销号,2026-07-13,,\n"
		 "P2026-0005,2026-06-13,县行政审批局,自我查,问题,窗口,张三,冷漠,批评,挂账销号,2026-06-30,已销号,2026-06-20,,\n"
		 /* 7: found after 排查 ended */
		 "P2026-0006,2026-08-01,县行政审批局,开门查,问题,窗口,李四,冷漠,批评,立行立改,,已销号,2026-08-01,,\n"
		 /* 8: open when 攻坚 ended (and overdue) */
		 "P2026-0007,2026-07-20,县市场监管局,自我查,问题,检查,李四,重复,合并,挂账销号,2026-12-31,整改中,,,合并检查\n"
		 /* 9: near miss: struck off on the last day of 攻坚 */
		 "P2026-0008,2026-07-21,县市场监管局,自我查,问题,检查,李四,频繁,合并,挂账销号,2026-12-31,已销号,2026-09-30,,合并\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "problems.csv", 3, 14, "line-unknown");
	assert_int_equal(fx_count(&f, "line-unknown"), 1);
	assert_finding(&f, "problems.csv", 4, 15, "target-missing");
	assert_int_equal(fx_count(&f, "target-missing"), 1);
	assert_finding(&f, "problems.csv", 7, 2, "phase-late");
	assert_finding(&f, "problems.csv", 8, 12, "phase-late");
	assert_int_equal(fx_count(&f, "phase-late"), 2);
	/* while 攻坚 runs, an open problem is not late yet */
	fx_check(&f, "2026-09-30");
	assert_int_equal(fx_count(&f, "phase-late"), 1);
	fx_free(&f);
}

#define SURVEY_HEADER "id,quarter,unit,conducted_on,method,sample,satisfied,basic,dissatisfied,rate\n"

static void test_period_format_survey_counts(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "surveys.csv", SURVEY_HEADER
		 "S2026-0001,2026Q2,县司法局,2026-06-25,问卷调查,200,150,38,12,94.0%\n"   /* clean */
		 "S2026-0002,2026Q3,县司法局,2026-09-20,问卷调查,100,80,10,5,\n"          /* 3:6 sum */
		 "S2026-0003,2026-Q3,县司法局,2026-09-21,电话访问,100,80,10,10,90%\n"     /* 4:2 quarter */
		 "S2026-0004,2026Q3,县司法局,2026-09-22,问卷调查,100,80,10,10,91.0%\n"    /* 5:10 rate */
		 "S2026-0005,2026Q3,县司法局,2026-09-23,问卷调查,3,1,1,1,66.7%\n"         /* near miss: rounding */
		 "S2026-0006,2026Q3,县司法局,2026-09-24,问卷调查,100,80,10,10,很好\n"    /* 7:10 not a rate */
		 "S2026-0007,2026Q3,县司法局,2026-09-25,问卷调查,100,80,10,10,90\n"      /* near misses: the */
		 "S2026-0008,2026Q3,县司法局,2026-09-26,问卷调查,100,80,10,10,90.04%\n"  /* forms of a rate */
		 "S2026-0009,2026Q3,县司法局,2026-09-27,问卷调查,100,80,10,10,\"90,0\"\n"); /* 10:10 a decimal comma */
	fx_write(&f, "cases.csv", "id,month,unit,kind,title\n"
		 "K2026-0001,2026-07,县司法局,正面,一窗通办\n"
		 "K2026-0002,2026-9,县司法局,曝光,指定中介\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "surveys.csv", 3, 6, "survey-counts");
	assert_finding(&f, "surveys.csv", 5, 10, "survey-counts");
	assert_finding(&f, "surveys.csv", 7, 10, "survey-counts");
	assert_finding(&f, "surveys.csv", 10, 10, "survey-counts");
	assert_int_equal(fx_count(&f, "survey-counts"), 4);
	assert_finding(&f, "surveys.csv", 4, 2, "period-format");
	assert_finding(&f, "cases.csv", 3, 2, "period-format");
	assert_int_equal(fx_count(&f, "period-format"), 2);
	fx_free(&f);
}

static void test_survey_missing(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[supervision]\nsurvey_organiser = 县司法局\nsince = 2026-04-01\n");
	fx_write(&f, "surveys.csv", SURVEY_HEADER
		 "S2026-0001,2026Q2,县司法局,2026-06-25,问卷调查,200,150,38,12,\n"
		 "S2026-0002,2026Q3,县行政审批局,2026-09-20,问卷调查,100,80,10,10,\n");
	fx_check(&f, "2026-11-23");
	/* Q2 surveyed, Q3 by another unit only; Q4 has not ended */
	assert_finding(&f, "surveys.csv", 0, 0, "survey-missing");
	assert_int_equal(fx_count(&f, "survey-missing"), 1);
	fx_check(&f, "2027-01-01");
	assert_int_equal(fx_count(&f, "survey-missing"), 2);
	fx_free(&f);
	/* no organiser named: nothing owed */
	fx_init(&f, NULL);
	fx_write(&f, "surveys.csv", SURVEY_HEADER);
	fx_check(&f, "2027-01-01");
	assert_no_code(&f, "survey-missing");
	fx_free(&f);
}

static void test_case_missing(void **state)
{
	(void)state;
	struct fx f;
	/* the line's office, during the campaign (July to October) */
	fx_init(&f, CAMPAIGN_INI);
	fx_write(&f, "cases.csv", "id,month,unit,kind,title\n"
		 "K2026-0001,2026-07,县行政审批局,正面,一窗通办\n"
		 "K2026-0002,2026-08,县行政审批局,正面,不见面审批\n"
		 "K2026-0003,2026-10,县行政审批局,反面,超时\n"
		 "K2026-0004,2026-09,县市场监管局,曝光,重复检查\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "cases.csv", 0, 0, "case-missing");
	assert_int_equal(fx_count(&f, "case-missing"), 1); /* 2026-09: a member's case is not the office's */
	fx_free(&f);
	/* [supervision] case_units: every month of the range */
	fx_init(&f, "[supervision]\ncase_units = 县司法局, 玉山镇\nsince = 2026-09-01\n");
	fx_write(&f, "cases.csv", "id,month,unit,kind,title\n"
		 "K2026-0001,2026-09,县司法局,正面,一网通办\n"
		 "K2026-0002,2026-10,县司法局,正面,免罚轻罚\n"
		 "K2026-0003,2026-10,玉山镇,正面,帮办代办\n");
	fx_check(&f, "2026-11-23");
	assert_int_equal(fx_count(&f, "case-missing"), 1); /* 玉山镇 in 2026-09; November has not ended */
	fx_free(&f);
}

static void test_ini_errors(void **state)
{
	(void)state;
	static const struct {
		const char *ini, *want;
	} cases[] = {
		{"[campaign]\nname = 行动\n排查 = 2026-07-31..2026-07-01\n", "[campaign] 排查: the phase '排查' ends"},
		{"[campaign]\nname = 行动\n排查 = 2026-07\n", "is not a phase's dates"},
		{"[campaign]\n排查 = 2026-07-01..2026-07-31\n", "missing 'name = '"},
		{"[campaign]\nname = 行动\n", "no phases"},
		{"[campaign]\nname = 行动\nA = 2026-07-01..2026-07-31\nB = 2026-07-31..2026-08-31\n", "begins before"},
		{"[campaign]\nname = 行动\nA = 2026-07-01..2026-07-31\nfix_phase = C\n", "'C' is not a phase"},
		{"[lines]\n专线.office = 县财政局\n", "[lines] 专线.office: '县财政局' is not listed in [units]"},
		{"[lines]\n专线.units = 县司法局, 县财政局\n", "'县财政局' is not listed in [units]"},
		{"[lines]\n专线 = 县司法局\n", "name a line's setting as LINE.domain"},
		{"[lines]\n专线.head = 县司法局\n", "unknown setting 'head'"},
		{"[lines]\n专线.domain = 企业开办\n", "the line '专线' has no office"},
		{"[deadlines]\n中旬 = 32\n", "'32' is not a day from 1 to 31"},
		{"[deadlines]\n季末 = 30\n", "unknown word"},
		{"[supervision]\nsurvey_organiser = 县统计局\n", "'县统计局' is not listed in [units]"},
		{"[supervision]\ncase_units = 县统计局\n", "'县统计局' is not listed in [units]"},
		{"[supervision]\nsince = 2026-13-01\n", "'2026-13-01' is not a date"},
		{"[supervision]\nsince = 2026-05-01\nuntil = 2026-04-01\n", "until is before since"},
		{"[supervision]\nbegin = 2026-05-01\n", "unknown key (allowed: survey_organiser"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;
		fx_init(&f, cases[i].ini);
		const char *err = fx_open_error(&f);
		if (!err || !strstr(err, cases[i].want) || !strstr(err, "ysh.ini:"))
			fail_msg("%s: got '%s', want '%s'", cases[i].ini, err ? err : "(opened)", cases[i].want);
		fx_free(&f);
	}
}

/* ---- the reports of the sample counties ---- */

static json_t *report_json(const char *county, const char *today, enum ysh_report_kind kind, const char *month)
{
	const char *src = getenv("YSH_SOURCE_DIR");
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/examples/%s", src ? src : ".", county);
	struct ysh_check_opts co;
	ysh_check_opts_init(&co);
	co.today = day(today);
	char *err = NULL;
	struct ysh_ledgers *L = ysh_ledgers_open(dir, &co, NULL, 0, &err);
	if (!L)
		fail_msg("%s: %s", dir, err);
	ysh_ledgers_finish_check(L);
	assert_int_equal(L->findings.n, 0); /* the samples check clean */
	struct ysh_report_opts o = {.kind = kind, .format = YSH_FMT_JSON};
	assert_true(ysh_parse_month(month, &o.month));
	char *buf = fx_render(L, &o, NULL);
	ysh_ledgers_free(L);
	return fx_json(buf);
}

/* The row of `table` whose `key` is `name`, its cells keys[0..n) as "a,b,c". */
static void expect_row(json_t *rows, const char *key, const char *name, const char *const *keys, const char *want)
{
	json_t *r = fx_row(rows, key, name);
	if (!r)
		fail_msg("no row %s", name);
	char got[256] = "";
	for (size_t k = 0; keys[k]; k++) {
		json_t *v = json_object_get(r, keys[k]);
		if (json_is_real(v)) /* a rate, as a fraction */
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%.4g", k ? "," : "",
				 json_real_value(v));
		else /* counts are JSON numbers, text cells strings */
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", k ? "," : "",
				 fx_cell(r, keys[k]));
	}
	if (strcmp(got, want))
		fail_msg("%s %s: %s, want %s", key, name, got, want);
}

/* The ids of a table's rows, "a,b". */
static void expect_ids(json_t *rows, const char *want)
{
	char got[256] = "";
	for (size_t i = 0; i < json_array_size(rows); i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? "," : "",
			 json_string_value(json_object_get(json_array_get(rows, i), "id")));
	if (strcmp(got, want))
		fail_msg("ids %s, want %s", got, want);
}

static const char *const task_figs[] = {"tasks_due", "tasks_on_time", "tasks_late", "tasks_overdue", "tasks_open", NULL};

/*
 * examples/紫阳, worked out from tasks.csv by hand (due: deadline in the
 * month; on time / late: done in the month by / after the deadline;
 * overdue: deadline before the month's last day, not done by it; open: not
 * done by it).  May: R2 (5月初 = 05-05) not done until 06-08: overdue 26
 * days; R3 (5月底前) done 05-30; R4 (6月前 = 05-31) due the last day, not
 * overdue yet.  June: R2 and R4 done late, R5 (6月底前) on time.
 */
static void test_ziyang_bulletins(void **state)
{
	(void)state;
	json_t *may = report_json("紫阳", "2019-01-05", YSH_REPORT_TASKS, "2018-05");
	json_t *u = fx_table(may, "units");
	expect_row(u, "unit", "县政府督查室", task_figs, "1,0,0,0,3");
	expect_row(u, "unit", "县营商办", task_figs, "1,1,0,0,1");
	expect_row(u, "unit", "县编委办", task_figs, "1,0,0,1,1");
	expect_row(u, "unit", "县法制办", task_figs, "0,0,0,0,1");
	expect_row(u, "unit", "县政务服务中心", task_figs, "0,0,0,0,1");
	expect_row(u, "unit", "合计", task_figs, "3,1,0,1,7");
	assert_int_equal(json_array_size(u), 6);
	expect_ids(fx_table(may, "overdue"), "R2018-0002");
	static const char *const days[] = {"deadline", "days_overdue", NULL};
	expect_row(fx_table(may, "overdue"), "id", "R2018-0002", days, "2018-05-05,26");
	expect_ids(fx_table(may, "done"), "R2018-0003");
	json_decref(may);

	json_t *june = report_json("紫阳", "2019-01-05", YSH_REPORT_TASKS, "2018-06");
	u = fx_table(june, "units");
	expect_row(u, "unit", "县政府督查室", task_figs, "1,1,1,0,1");
	expect_row(u, "unit", "县营商办", task_figs, "0,0,0,0,1");
	expect_row(u, "unit", "县编委办", task_figs, "0,0,1,0,0");
	expect_row(u, "unit", "合计", task_figs, "1,1,2,0,4");
	expect_ids(fx_table(june, "overdue"), "");
	expect_ids(fx_table(june, "done"), "R2018-0002,R2018-0004,R2018-0005");
	static const char *const on_time[] = {"deadline", "done_on", "on_time", NULL};
	expect_row(fx_table(june, "done"), "id", "R2018-0004", on_time, "2018-05-31,2018-06-12,否");
	expect_row(fx_table(june, "done"), "id", "R2018-0005", on_time, "2018-06-30,2018-06-29,是");
	json_decref(june);

	/* July: R6 (7月中旬前 = 07-20) done 07-18 and filed; R7 (7月底前) done 07-31 */
	json_t *july = report_json("紫阳", "2019-01-05", YSH_REPORT_TASKS, "2018-07");
	expect_row(fx_table(july, "units"), "unit", "合计", task_figs, "2,2,0,0,2");
	json_decref(july);
}

static const char *const camp_figs[] = {"problems_found", "problems_closed", "problems_open", "problems_overdue", NULL};

/*
 * examples/罗庄, by hand from problems.csv: twelve problems found 01-16..01-30
 * (the 排查 phase), three 立行立改 struck off the day they were found
 * (P1, P6, P9).  By 02-29: P11 (02-14), P7 (02-18), P2 (02-25) struck off;
 * P8's deadline 02-25 passed with it open.  By 03-20 the other six are
 * struck off (P8 03-05, P3 03-06, P4 03-12, P10 03-13, P5 03-18, P12 03-19).
 * Lines: 企业开办 P2 P6 P11, 政务服务 P1 P9 P12, 办理建筑许可 P3 P5 P10, none
 * P4 P7 P8.
 */
static void test_luozhuang_campaign(void **state)
{
	(void)state;
	json_t *feb = report_json("罗庄", "2020-04-05", YSH_REPORT_CAMPAIGN, "2020-02");
	json_t *ph = fx_table(feb, "phases");
	expect_row(ph, "phase", "排查风险问题", camp_figs, "12,3,9,0");
	expect_row(ph, "phase", "集中攻坚化解", camp_figs, "0,3,6,1");
	expect_row(ph, "phase", "建立长效机制", camp_figs, "0,0,0,0");
	json_t *ln = fx_table(feb, "lines");
	expect_row(ln, "line", "企业开办专线", camp_figs, "3,3,0,0");
	expect_row(ln, "line", "政务服务专线", camp_figs, "3,2,1,0");
	expect_row(ln, "line", "办理建筑许可专线", camp_figs, "3,0,3,0");
	expect_row(ln, "line", "未交办专线", camp_figs, "3,1,2,1");
	expect_row(ln, "line", "合计", camp_figs, "12,6,6,1");
	static const char *const office[] = {"leader", "office", NULL};
	expect_row(ln, "line", "企业开办专线", office, "温德河,市场准入科");
	expect_ids(fx_table(feb, "surveys"), "S2020-0001");
	static const char *const rate[] = {"sample", "rate", NULL};
	expect_row(fx_table(feb, "surveys"), "id", "S2020-0001", rate, "120,0.95");
	expect_ids(fx_table(feb, "cases"), "K2020-0004,K2020-0005,K2020-0006");
	json_decref(feb);

	json_t *mar = report_json("罗庄", "2020-04-05", YSH_REPORT_CAMPAIGN, "2020-03");
	ph = fx_table(mar, "phases");
	expect_row(ph, "phase", "排查风险问题", camp_figs, "12,3,9,0");
	expect_row(ph, "phase", "集中攻坚化解", camp_figs, "0,9,0,0");
	expect_row(ph, "phase", "建立长效机制", camp_figs, "0,0,0,0");
	expect_row(fx_table(mar, "lines"), "line", "合计", camp_figs, "12,12,0,0");
	expect_ids(fx_table(mar, "cases"), "K2020-0007,K2020-0008,K2020-0009");
	json_decref(mar);
}

/* The campaign report of a county without [campaign] is refused, in words. */
static void test_campaign_needs_campaign(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_check(&f, "2026-11-23");
	struct ysh_report_opts o = {.kind = YSH_REPORT_CAMPAIGN, .format = YSH_FMT_TEXT, .month = 2026 * 12 + 9};
	char *err = NULL;
	FILE *out = fopen("/dev/null", "w");
	assert_int_equal(ysh_report_write(f.L, &o, out, &err), -1);
	fclose(out);
	assert_non_null(strstr(err, "has no [campaign]"));
	free(err);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline_words),
		cmocka_unit_test(test_task_dates),
		cmocka_unit_test(test_task_overdue),
		cmocka_unit_test(test_task_filing_missing),
		cmocka_unit_test(test_line_target_phase),
		cmocka_unit_test(test_period_format_survey_counts),
		cmocka_unit_test(test_survey_missing),
		cmocka_unit_test(test_case_missing),
		cmocka_unit_test(test_ini_errors),
		cmocka_unit_test(test_ziyang_bulletins),
		cmocka_unit_test(test_luozhuang_campaign),
		cmocka_unit_test(test_campaign_needs_campaign),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
