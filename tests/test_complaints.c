/*
 * The complaints ledger (issue 13): its four rules, each triggered and
 * missed by a hair; its figures for October and November of a small county
 * worked out by hand below (not by the code under test); the roster of
 * both months ranked by hand, ties included.
 */
#define _GNU_SOURCE
#include "fixture.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define CMP_HEADER                                                                                      \
	"id,received_on,channel,order_no,complainant,phone,unit,category,content,reply_due,replied_on,"  \
	"satisfied,closed_on,status,returned,return_reason,voided,void_reason\n"
enum { COL_REPLY_DUE = 10, COL_REPLIED_ON = 11, COL_STATUS = 14 };

#define STEPS "转办体验;投诉分析;投诉处理"

/* The message of the first finding of `code`, or NULL. */
static const char *message_of(const struct fx *f, const char *code)
{
	for (size_t i = 0; i < f->L->findings.n; i++)
		if (!strcmp(f->L->findings.v[i].code, code))
			return f->L->findings.v[i].msg;
	return NULL;
}

/* ---- reply-overdue ---- */

/* 5 working days (the default reply_workdays) after received_on:
 * 11-02 -> 11-09 (3, 4, 5, 6, 9), 11-03 -> 11-10. */
static void test_reply_overdue(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "complaints.csv", CMP_HEADER
		 /* line 2: due 11-09, no reply on 11-10: overdue */
		 "T2026-0001,2026-11-02,12345热线,,王某,,县市场监管局,市场秩序,价格,,,,,办理中,,,,\n"
		 /* line 3: due 11-10, the day itself: not yet */
		 "T2026-0002,2026-11-03,网络,,李某,,县市场监管局,市场秩序,价格,,,,,办理中,,,,\n"
		 /* line 4: replied on its due day */
		 "T2026-0003,2026-11-02,电话,,张某,,县司法局,行政执法,执法,,2026-11-09,满意,2026-11-09,已办结,,,,\n"
		 /* line 5: its own reply_due 11-04, replied a day after */
		 "T2026-0004,2026-11-03,来访,,赵某,,县司法局,行政执法,执法,2026-11-04,2026-11-05,满意,2026-11-05,已办结,,,,\n");
	fx_check(&f, "2026-11-10");
	assert_finding(&f, "complaints.csv", 2, COL_REPLY_DUE, "reply-overdue");
	assert_finding(&f, "complaints.csv", 5, COL_REPLY_DUE, "reply-overdue");
	assert_int_equal(fx_count(&f, "reply-overdue"), 2);
	assert_int_equal(f.L->findings.errors, 0);
	fx_free(&f);
}

/* The working-day calendar counts: from 09-30 the National Day holidays
 * are skipped and the make-up Saturday 10-10 counts, so the reply is due
 * 10-13 (10-08, 10-09, 10-10, 10-12, 10-13). */
static void test_reply_due_by_calendar(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "complaints.csv", CMP_HEADER
		 "T2026-0001,2026-09-30,12345热线,,王某,,县市场监管局,市场秩序,价格,,,,,办理中,,,,\n");
	fx_check(&f, "2026-10-13");
	assert_no_code(&f, "reply-overdue");
	fx_check(&f, "2026-10-14");
	assert_finding(&f, "complaints.csv", 2, COL_REPLY_DUE, "reply-overdue");
	assert_string_equal(message_of(&f, "reply-overdue"),
			    "reply_due 2026-10-13 has passed and the complaint has no replied_on (答复日期)");
	fx_free(&f);
}

/* reply_workdays = 2 of ysh.ini moves the day: 11-02 -> 11-04. */
static void test_reply_workdays_from_ini(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[rules]\nreply_workdays = 2\n");
	fx_write(&f, "complaints.csv", CMP_HEADER
		 "T2026-0001,2026-11-02,12345热线,,王某,,县市场监管局,市场秩序,价格,,2026-11-05,满意,2026-11-05,已办结,,,,\n");
	fx_check(&f, "2026-11-23");
	assert_string_equal(message_of(&f, "reply-overdue"),
			    "reply_due 2026-11-04 had passed when the complaint got its replied_on (答复日期) on 2026-11-05");
	fx_free(&f);
}

/* ---- complaint-open ---- */

static void test_complaint_open(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[rules]\ncomplaint_open_days = 10\nreply_workdays = 20\n");
	fx_write(&f, "complaints.csv", CMP_HEADER
		 /* 11 days open on 11-13 */
		 "T2026-0001,2026-11-02,12345热线,,王某,,县市场监管局,市场秩序,价格,,2026-11-05,满意,,办理中,,,,\n"
		 /* 10 days: not yet */
		 "T2026-0002,2026-11-03,网络,,李某,,县市场监管局,市场秩序,价格,,,,,未办结,,,,\n"
		 /* closed long ago */
		 "T2026-0003,2026-10-12,电话,,张某,,县司法局,行政执法,执法,,2026-10-13,满意,2026-10-14,已办结,,,,\n");
	fx_check(&f, "2026-11-13");
	assert_finding(&f, "complaints.csv", 2, COL_STATUS, "complaint-open");
	assert_int_equal(fx_count(&f, "complaint-open"), 1);
	assert_string_equal(message_of(&f, "complaint-open"),
			    "received on 2026-11-02, 11 days ago, and still 办理中; complaint_open_days is 10");
	fx_free(&f);
	/* 0 turns it off */
	fx_init(&f, "[rules]\ncomplaint_open_days = 0\nreply_workdays = 20\n");
	fx_write(&f, "complaints.csv", CMP_HEADER
		 "T2026-0001,2026-01-02,12345热线,,王某,,县市场监管局,市场秩序,价格,,,,,办理中,,,,\n");
	fx_check(&f, "2026-11-13");
	assert_no_code(&f, "complaint-open");
	fx_free(&f);
}

/* ---- feedback-missing ---- */

static void test_feedback_missing(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "complaints.csv", CMP_HEADER
		 /* 已办结 without a reply */
		 "T2026-0001,2026-11-02,12345热线,,王某,,县市场监管局,市场秩序,价格,,,,2026-11-03,已办结,,,,\n"
		 /* still being handled: no reply owed yet */
		 "T2026-0002,2026-11-03,网络,,李某,,县市场监管局,市场秩序,价格,,,,,办理中,,,,\n"
		 /* a closing date says it is closed, whatever the status */
		 "T2026-0003,2026-11-03,电话,,张某,,县司法局,行政执法,执法,,,,2026-11-04,办理中,,,,\n"
		 /* closed with its reply */
		 "T2026-0004,2026-11-03,来访,,赵某,,县司法局,行政执法,执法,,2026-11-04,满意,2026-11-04,已办结,,,,\n");
	fx_check(&f, "2026-11-05");
	assert_finding(&f, "complaints.csv", 2, COL_REPLIED_ON, "feedback-missing");
	assert_finding(&f, "complaints.csv", 4, COL_REPLIED_ON, "feedback-missing");
	assert_int_equal(fx_count(&f, "feedback-missing"), 2);
	fx_free(&f);
}

/* A revision that closes a complaint is judged on the record's state: the
 * reply of an earlier revision counts. */
static void test_feedback_in_revisions(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "complaints.csv", CMP_HEADER
		 "T2026-0001,2026-11-02,12345热线,,王某,,县市场监管局,市场秩序,价格,,,,,未办结,,,,\n"
		 "T2026-0001,,,,,,,,,,2026-11-03,满意,,办理中,,,,\n"
		 "T2026-0001,,,,,,,,,,,,2026-11-04,已办结,,,,\n");
	fx_check(&f, "2026-11-05");
	assert_no_code(&f, "feedback-missing");
	assert_int_equal(f.L->findings.n, 0);
	fx_free(&f);
}

/* ---- roster-missed ---- */

static const char roster_ini[] = "[rules]\nroster_size = 2\n[roster]\n2026-10 = 县市场监管局,县司法局\n";

static void roster_activities(struct fx *f, const char *more)
{
	struct ysh_buf b = {0};
	ysh_buf_adds(&b, ACT_HEADER);
	ysh_buf_adds(&b, "A2026-0001,2026-10-20,县市场监管局,张三,局长,处投诉,定期," STEPS ",工单一,2026-10-20\n"
			 /* not on the roster: allowed, counted apart */
			 "A2026-0002,2026-10-22,县行政审批局,李四,局长,处投诉,定期," STEPS ",工单二,2026-10-22\n"
			 /* November's does not make up for October */
			 "A2026-0003,2026-11-02,县司法局,赵六,局长,处投诉,定期," STEPS ",工单三,2026-11-02\n");
	if (more)
		ysh_buf_adds(&b, more);
	fx_write(f, "activities.csv", ysh_buf_str(&b));
	ysh_buf_free(&b);
}

static void test_roster_missed(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, roster_ini);
	roster_activities(&f, NULL);
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 0, 0, "roster-missed");
	assert_int_equal(fx_count(&f, "roster-missed"), 1);
	assert_non_null(strstr(message_of(&f, "roster-missed"), "县司法局 is on the 处投诉 roster of 2026-10"));
	/* a month not yet ended is not judged */
	fx_check(&f, "2026-10-25");
	assert_no_code(&f, "roster-missed");
	fx_free(&f);
	/* near miss: 县司法局 did it on the month's last day */
	fx_init(&f, roster_ini);
	roster_activities(&f, "A2026-0004,2026-10-31,县司法局,赵六,局长,处投诉,定期," STEPS ",工单四,2026-10-31\n");
	fx_check(&f, "2026-11-23");
	assert_no_code(&f, "roster-missed");
	fx_free(&f);
}

static void test_roster_config_errors(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[roster]\n2026-13 = 县司法局\n");
	assert_non_null(strstr(fx_open_error(&f), "not a month YYYY-MM"));
	fx_free(&f);
	fx_init(&f, "[roster]\n2026-10 = 县司法局,县教育局\n");
	assert_non_null(strstr(fx_open_error(&f), "'县教育局' is not listed in [units]"));
	fx_free(&f);
	fx_init(&f, "[rules]\nreply_workdays = 0\n");
	assert_non_null(strstr(fx_open_error(&f), "reply_workdays"));
	fx_free(&f);
}

/* The schema keys that compute reply_due, misused: a clear error naming
 * the schema and the column, nothing checked. */
static void test_due_keys_errors(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to, *want;
	} cases[] = {
		{"due_from = received_on\n", "due_from = content\n", "[reply_due] due_from names content, not a date column"},
		{"due_from = received_on\n", "due_from = nonesuch\n", "nonesuch"},
		{"due_from = received_on\n", "\n", "[reply_due] due_from and due_workdays go together, on a date column"},
		{"due_workdays = reply_workdays\n", "due_workdays = reply_days\n",
		 "schema complaints: [reply_due] due_workdays names no [rules] parameter 'reply_days'"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;
		fx_schemas_edited("complaints.ini", cases[i].from, cases[i].to);
		fx_init(&f, NULL);
		const char *err = fx_open_error(&f);
		if (!err || !strstr(err, cases[i].want))
			fail_msg("case %zu: wanted '%s', got '%s'", i, cases[i].want, err ? err : "(no error)");
		fx_free(&f);
		fx_schemas_remove();
	}
}

/* ---- the figures, for two months ---- */

/*
 * Working days: 10-01..07 holidays, 10-10 a make-up working day.
 *
 * T1 10-08 12345热线 县市场监管局 市场秩序 due 10-14, replied 10-12 满意, closed 10-12
 * T2 10-09 网络     县市场监管局 市场秩序 due 10-15, replied 10-20 不满意 (late), closed 10-21
 * T3 10-15 电话     县司法局     行政执法 due 10-22, replied 10-16 基本满意, closed 11-03
 * T4 10-20 12345热线 县行政审批局 审批服务 退单; due 10-27, replied 11-02 满意 (late), closed 11-02
 * T5 10-25 来信     县市场监管局 其他     voided
 * T6 11-02 12345热线 县司法局     行政执法 due 11-09, replied 11-05 满意, closed 11-06
 * T7 11-10 来访     县行政审批局 政务服务 no reply, 办理中
 * T8 11-20 12345热线 县市场监管局 市场秩序 due 11-27, replied 11-24 基本满意, 办理中
 *
 * October: received 4 (T1-T4; T5 voided), returned 1 (T4), replied 3 (T1,
 * T2, T3), on time 2 (T1, T3), satisfied 2 (T1, T3) of 3: 0.6667, closed 2
 * (T1, T2), open at the end 2 (T3, T4), voided 1.
 * November: received 3 (T6-T8), replied 3 (T4, T6, T8), on time 2 (T6, T8),
 * satisfied 3 of 3: 1.0, closed 3 (T3, T4, T6), open at the end 2 (T7, T8).
 */
static const char two_months[] = CMP_HEADER
	"T2026-0001,2026-10-08,12345热线,LT001,王某,13812345678,县市场监管局,市场秩序,价格,,2026-10-12,满意,2026-10-12,已办结,,,,\n"
	"T2026-0002,2026-10-09,网络,,李某,,县市场监管局,市场秩序,网购,,2026-10-20,不满意,2026-10-21,已办结,,,,\n"
	"T2026-0003,2026-10-15,电话,,某公司,,县司法局,行政执法,检查,,2026-10-16,基本满意,,办理中,,,,\n"
	"T2026-0004,2026-10-20,12345热线,LT004,赵某,,县行政审批局,审批服务,审批,,,,,未办结,是,不属于本单位,,\n"
	"T2026-0005,2026-10-25,来信,,钱某,,县市场监管局,其他,重复,,,,,未办结,,,,\n"
	"T2026-0005,,,,,,,,,,,,,,,,是,重复录入\n"
	"T2026-0003,,,,,,,,,,,,2026-11-03,已办结,,,,\n"
	"T2026-0004,,,,,,,,,,2026-11-02,满意,2026-11-02,已办结,,,,\n"
	"T2026-0006,2026-11-02,12345热线,LT006,孙某,,县司法局,行政执法,执法,,2026-11-05,满意,2026-11-06,已办结,,,,\n"
	"T2026-0007,2026-11-10,来访,,周某,,县行政审批局,政务服务,窗口,,,,,办理中,,,,\n"
	"T2026-0008,2026-11-20,12345热线,LT008,吴某,,县市场监管局,市场秩序,价格,,2026-11-24,基本满意,,办理中,,,,\n";

static struct fx county;

static int setup(void **state)
{
	(void)state;
	fx_init(&county, roster_ini);
	fx_write(&county, "complaints.csv", two_months);
	roster_activities(&county, NULL);
	fx_check(&county, "2026-12-01");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_free(&county);
	return 0;
}

static char *render(const char *month, enum ysh_report_kind kind, enum ysh_format fmt)
{
	struct ysh_report_opts o = {.kind = kind, .format = fmt};
	assert_true(ysh_parse_month(month, &o.month));
	return fx_render(county.L, &o, NULL);
}

static json_t *render_json(const char *month, enum ysh_report_kind kind)
{
	return fx_json(render(month, kind, YSH_FMT_JSON));
}

/* Not fixture.c's: this one is tighter than test_report.c's (0.00005, not
 * 0.0001) and takes no null, and each asserts what it always did. */
static void expect_rate(json_t *obj, const char *key, double want)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_number(v))
		fail_msg("no rate %s", key);
	assert_true(json_number_value(v) > want - 0.00005 && json_number_value(v) < want + 0.00005);
}

static void test_summary_figures(void **state)
{
	(void)state;
	json_t *j = render_json("2026-10", YSH_REPORT_SUMMARY);
	json_t *c = json_object_get(j, "county");
	assert_int_equal(fx_int(c, "complaints_received"), 4);
	assert_int_equal(fx_int(c, "complaints_returned"), 1);
	assert_int_equal(fx_int(c, "complaints_replied"), 3);
	assert_int_equal(fx_int(c, "complaints_on_time"), 2);
	assert_int_equal(fx_int(c, "complaints_closed"), 2);
	assert_int_equal(fx_int(c, "complaints_open"), 2);
	expect_rate(c, "complaint_satisfaction_rate", 2.0 / 3.0);
	assert_int_equal(fx_int(c, "voided"), 1);
	json_decref(j);
	j = render_json("2026-11", YSH_REPORT_SUMMARY);
	c = json_object_get(j, "county");
	assert_int_equal(fx_int(c, "complaints_received"), 3);
	assert_int_equal(fx_int(c, "complaints_returned"), 0);
	assert_int_equal(fx_int(c, "complaints_replied"), 3);
	assert_int_equal(fx_int(c, "complaints_on_time"), 2);
	assert_int_equal(fx_int(c, "complaints_closed"), 3);
	assert_int_equal(fx_int(c, "complaints_open"), 2);
	expect_rate(c, "complaint_satisfaction_rate", 1.0);
	assert_int_equal(fx_int(c, "voided"), 0);
	json_decref(j);
}

static void test_summary_text(void **state)
{
	(void)state;
	char *s = render("2026-10", YSH_REPORT_SUMMARY, YSH_FMT_TEXT);
	assert_non_null(strstr(s, "受理投诉 4 件（退单 1 件），答复 3 件（按时答复 2 件），办结 2 件，期末未办结 2 件，调处满意率 66.7%\n"));
	assert_non_null(strstr(s, "协调解决各类投诉反馈问题 2 个。\n"));
	free(s);
	s = render("2026-11", YSH_REPORT_SUMMARY, YSH_FMT_TEXT);
	assert_non_null(strstr(s, "协调解决各类投诉反馈问题 3 个。\n"));
	free(s);
}

static void test_complaints_tables(void **state)
{
	(void)state;
	json_t *j = render_json("2026-10", YSH_REPORT_COMPLAINTS);
	assert_string_equal(fx_cell(fx_row_of(j, "channel", "channel", "12345热线"), "received"), "2");
	assert_string_equal(fx_cell(fx_row_of(j, "channel", "channel", "网络"), "received"), "1");
	assert_string_equal(fx_cell(fx_row_of(j, "channel", "channel", "电话"), "received"), "1");
	assert_string_equal(fx_cell(fx_row_of(j, "channel", "channel", "合计"), "received"), "4");
	assert_string_equal(fx_cell(fx_row_of(j, "category", "category", "市场秩序"), "received"), "2");
	assert_string_equal(fx_cell(fx_row_of(j, "category", "category", "审批服务"), "received"), "1");
	json_t *u = fx_row_of(j, "units", "unit", "县市场监管局");
	assert_string_equal(fx_cell(u, "complaints_received"), "2");
	assert_string_equal(fx_cell(u, "complaints_on_time"), "1");
	assert_string_equal(fx_cell(u, "complaints_closed"), "2");
	expect_rate(u, "complaint_satisfaction_rate", 0.5);
	u = fx_row_of(j, "units", "unit", "县行政审批局");
	assert_string_equal(fx_cell(u, "complaints_returned"), "1");
	/* nothing replied: no rate (null), not 0 */
	assert_true(json_is_null(json_object_get(u, "complaint_satisfaction_rate")));
	/* open at October's end: T3 and T4, the complainant masked */
	json_t *o = fx_row_of(j, "open", "id", "T2026-0003");
	assert_string_equal(fx_cell(o, "complainant"), "某**");
	assert_string_equal(fx_cell(o, "reply_due"), "2026-10-22");
	fx_row_of(j, "open", "id", "T2026-0004");
	json_decref(j);
	/* the voided T5 is in no table: 来信 has no row */
	char *s = render("2026-10", YSH_REPORT_COMPLAINTS, YSH_FMT_TEXT);
	assert_null(strstr(s, "来信"));
	assert_null(strstr(s, "钱某"));
	free(s);
}

/* October: 县市场监管局 2 orders; 县司法局 and 县行政审批局 1 each with one
 * open: tied again, 县司法局 (司 U+53F8) before 县行政审批局 (行 U+884C).
 * November: all three 1; open: 县市场监管局 1, 县行政审批局 1, 县司法局 0:
 * 县市场监管局 (市 U+5E02) and 县行政审批局 by name, 县司法局 last. */
static void test_roster_report(void **state)
{
	(void)state;
	json_t *j = render_json("2026-10", YSH_REPORT_ROSTER);
	json_t *r = fx_row_of(j, "ranking", "rank", "1");
	assert_string_equal(fx_cell(r, "unit"), "县市场监管局");
	assert_string_equal(fx_cell(r, "received"), "2");
	assert_string_equal(fx_cell(r, "next_roster"), "是");
	r = fx_row_of(j, "ranking", "rank", "2");
	assert_string_equal(fx_cell(r, "unit"), "县司法局");
	assert_string_equal(fx_cell(r, "open"), "1");
	assert_string_equal(fx_cell(r, "next_roster"), "是");
	assert_string_equal(fx_cell(fx_row_of(j, "ranking", "rank", "3"), "unit"), "县行政审批局");
	assert_string_equal(fx_cell(fx_row_of(j, "ranking", "rank", "3"), "next_roster"), "否");
	/* October's fixed roster kept and missed */
	assert_string_equal(fx_cell(fx_row_of(j, "roster", "unit", "县市场监管局"), "done"), "是");
	assert_string_equal(fx_cell(fx_row_of(j, "roster", "unit", "县司法局"), "done"), "否");
	json_decref(j);
	j = render_json("2026-11", YSH_REPORT_ROSTER);
	assert_string_equal(fx_cell(fx_row_of(j, "ranking", "rank", "1"), "unit"), "县市场监管局");
	assert_string_equal(fx_cell(fx_row_of(j, "ranking", "rank", "2"), "unit"), "县行政审批局");
	assert_string_equal(fx_cell(fx_row_of(j, "ranking", "rank", "3"), "unit"), "县司法局");
	json_decref(j);
	char *s = render("2026-10", YSH_REPORT_ROSTER, YSH_FMT_TEXT);
	assert_non_null(strstr(s, "下月（2026-11）处投诉单位：县市场监管局、县司法局\n"));
	assert_non_null(strstr(s, "名单外单位处投诉 1 次：县行政审批局\n"));
	free(s);
	s = render("2026-11", YSH_REPORT_ROSTER, YSH_FMT_TEXT);
	assert_non_null(strstr(s, "下月（2026-12）处投诉单位：县市场监管局、县行政审批局\n"));
	assert_non_null(strstr(s, "2026-11 未定名单"));
	free(s);
}

int main(void)
{
	const struct CMUnitTest rules[] = {
		cmocka_unit_test(test_reply_overdue),
		cmocka_unit_test(test_reply_due_by_calendar),
		cmocka_unit_test(test_reply_workdays_from_ini),
		cmocka_unit_test(test_complaint_open),
		cmocka_unit_test(test_feedback_missing),
		cmocka_unit_test(test_feedback_in_revisions),
		cmocka_unit_test(test_roster_missed),
		cmocka_unit_test(test_roster_config_errors),
		cmocka_unit_test(test_due_keys_errors),
	};
	const struct CMUnitTest reports[] = {
		cmocka_unit_test(test_summary_figures),
		cmocka_unit_test(test_summary_text),
		cmocka_unit_test(test_complaints_tables),
		cmocka_unit_test(test_roster_report),
	};
	int failed = cmocka_run_group_tests(rules, NULL, NULL);
	return failed + cmocka_run_group_tests(reports, setup, teardown);
}
