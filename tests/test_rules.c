/*
 * Every rule of SPEC §5 on real files: a ledger that triggers it (file,
 * line, column and code asserted) and a near miss that does not.
 */
#include "fixture.h"

#include <string.h>

#include "add.h"

/* Activity columns: 1 id 2 date 3 unit 4 participant 5 position 6 kind
 * 7 mode 8 steps 9 items 10 reported_on */
#define ACT_OK "A2026-0001,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,12345工单,2026-11-03\n"

static void test_clean_directory(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER ACT_OK
		 "A2026-0002,2026-11-05,县行政审批局,李四,局长,走流程,即时,审批服务;业务检查;服务回访;座谈交流,企业开办,2026-11-05\n");
	fx_write(&f, "callbacks.csv",
		 CB_HEADER
		 "C2026-0001,A2026-0002,2026-11-05,王女士,13812345678,2026-10-20,好,好,是,是,好,满意,是\n"
		 "C2026-0002,A2026-0002,2026-11-05,李先生,029-82345678,2026-11-01,好,一般,是,是,好,基本满意,是\n"
		 "C2026-0003,A2026-0002,2026-11-06,某某商贸有限公司,13912345678,2026-10-07,一般,一般,否,是,一般,基本满意,yes\n");
	fx_write(&f, "problems.csv",
		 PROB_HEADER
		 "P2026-0001,2026-11-02,县市场监管局,A2026-0001,处投诉,问题,工单回复,张三（局长）,回复简单,2,规范回复,挂账销号,2026-12-31,整改中,\n"
		 "P2026-0002,2026-11-03,县行政审批局,,督查,问题,窗口纪律,督查组,脱岗,1,通报,立行立改,,已销号,2026-11-03\n");
	fx_write(&f, "filings.csv",
		 FIL_HEADER
		 "F2026-0001,县市场监管局,蓝田县某食品有限公司,9144030071526726XG,2026-11-20,甲;乙,食品安全检查,食品安全法,例行,2026-11-10,副县长 刘某,2026-11-11,县司法局,不予处罚,1000\n");
	fx_check(&f, "2026-11-23");
	if (f.L->findings.n)
		fx_dump(&f);
	assert_int_equal(f.L->findings.n, 0);
	fx_free(&f);
}

static void test_field_required(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER "A2026-0001,2026-11-02,县市场监管局,,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n");
	/* a revision carries only what changed: its blanks are not missing */
	fx_write(&f, "problems.csv",
		 PROB_HEADER
		 "P2026-0001,2026-11-02,县市场监管局,,自我查,问题,事项,张三,描述,2,措施,挂账销号,2026-12-31,整改中,\n"
		 "P2026-0001,,,,,,,,,,,,,已销号,2026-11-20\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 4, "field-required");
	assert_int_equal(fx_count(&f, "field-required"), 1);
	fx_free(&f);
}

static void test_field_type(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER "A2026-0001,2026-11-31,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n"
		 "A2026-2,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n");
	fx_write(&f, "callbacks.csv",
		 CB_HEADER "C2026-0001,A2026-0001,2026-11-05,王女士,138123,2026-10-20,好,好,也许,是,好,满意,是\n");
	fx_write(&f, "filings.csv",
		 FIL_HEADER "F2026-0001,县市场监管局,某公司,91440300715267,2026-11-20,甲,检查,依据,例行,2026-11-10,刘某,2026-11-11,,,1.234\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 2, "field-type");
	assert_finding(&f, "activities.csv", 3, 1, "field-type");
	assert_finding(&f, "callbacks.csv", 2, 5, "field-type");
	assert_finding(&f, "callbacks.csv", 2, 9, "field-type");
	assert_finding(&f, "filings.csv", 2, 4, "field-type");
	assert_finding(&f, "filings.csv", 2, 15, "field-type");
	assert_int_equal(fx_count(&f, "field-type"), 6);
	fx_free(&f);
}

static void test_field_enum(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER
		 "A2026-0001,2026-11-02,县市场监管局,张三,局长,走访,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n"
		 /* steps of another kind */
		 "A2026-0002,2026-11-02,县市场监管局,张三,局长,跟执法,定期,执法检查;审批服务;案卷评查,检查,2026-11-03\n"
		 /* the near miss: 服务回访 belongs to 跟执法 too */
		 "A2026-0003,2026-11-02,县市场监管局,张三,局长,跟执法,跟踪,执法检查、案件处理、服务回访,检查,2026-11-03\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 6, "field-enum");
	assert_finding(&f, "activities.csv", 3, 8, "field-enum");
	assert_int_equal(fx_count(&f, "field-enum"), 2);
	fx_free(&f);
}

static void test_unit_unknown(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER "A2026-0001,2026-11-02,县教育局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n");
	fx_write(&f, "filings.csv",
		 FIL_HEADER "F2026-0001,县市场监管局,某公司,,2026-11-20,甲,检查,依据,例行,2026-11-10,刘某,2026-11-11,县司法局;县消防大队,,\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 3, "unit-unknown");
	assert_finding(&f, "filings.csv", 2, 13, "unit-unknown");
	assert_int_equal(fx_count(&f, "unit-unknown"), 2);
	fx_free(&f);
}

/* A value found clean in a column is not judged again (its code's mark,
 * rules.c); a value found wrong is judged, and reported, in every row that
 * has it, a new record's or a revision's. */
static void test_cell_verdicts_remembered(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER
		 "A2026-0001,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n"
		 "A2026-0002,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n"
		 "A2026-0003,2026-11-31,县教育局,张三,局长,走访,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n"
		 "A2026-0004,2026-11-31,县教育局,张三,局长,走访,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n"
		 "A2026-0005,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n"
		 "A2026-0001,2026-11-31,县教育局,,,走访,,,,\n");
	fx_check(&f, "2026-11-23");
	static const size_t bad[] = {4, 5, 7}; /* two new records and a revision */
	for (size_t k = 0; k < 3; k++) {
		assert_finding(&f, "activities.csv", bad[k], 2, "field-type");
		assert_finding(&f, "activities.csv", bad[k], 3, "unit-unknown");
		assert_finding(&f, "activities.csv", bad[k], 6, "field-enum");
	}
	assert_int_equal(fx_count(&f, "field-type"), 3);
	assert_int_equal(fx_count(&f, "unit-unknown"), 3);
	assert_int_equal(fx_count(&f, "field-enum"), 3);
	fx_free(&f);
}

static void test_id_duplicate(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	/* every shipped ledger takes revisions: a ledger without them is a schema's choice */
	fx_schemas_edited("activities.ini", "revisions = yes\n", "revisions = no\n");
	fx_write(&f, "activities.csv", ACT_HEADER ACT_OK ACT_OK);
	/* problems have revisions: a repeated id is not a duplicate */
	fx_write(&f, "problems.csv",
		 PROB_HEADER
		 "P2026-0001,2026-11-02,县市场监管局,,自我查,问题,事项,张三,描述,2,措施,立行立改,,整改中,\n"
		 "P2026-0001,,,,,,,,,,,,,已销号,2026-11-05\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 3, 1, "id-duplicate");
	assert_int_equal(fx_count(&f, "id-duplicate"), 1);
	fx_schemas_remove();
	/* with revisions, the same row again revises nothing and changes nothing */
	fx_check(&f, "2026-11-23");
	assert_no_code(&f, "id-duplicate");
	assert_no_code(&f, "revision-conflict");
	assert_int_equal(ysh_ledgers_table(f.L, "activities")->nrec, 1);
	fx_free(&f);
}

static void test_ref_missing(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", ACT_HEADER ACT_OK);
	fx_write(&f, "callbacks.csv",
		 CB_HEADER "C2026-0001,A2026-0099,2026-11-05,王女士,13812345678,2026-10-20,好,好,是,是,好,满意,是\n");
	fx_write(&f, "problems.csv",
		 PROB_HEADER
		 "P2026-0001,2026-11-02,县市场监管局,A2026-0001,处投诉,问题,事项,张三,描述,2,措施,立行立改,,已销号,2026-11-02\n"
		 "P2026-0002,2026-11-02,县市场监管局,A2026-0002,处投诉,问题,事项,张三,描述,2,措施,立行立改,,已销号,2026-11-02\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "callbacks.csv", 2, 2, "ref-missing");
	assert_finding(&f, "problems.csv", 3, 4, "ref-missing");
	assert_int_equal(fx_count(&f, "ref-missing"), 2);
	fx_free(&f);
}

static void test_date_future(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER "A2026-0001,2026-11-24,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-24\n"
		 "A2026-0002,2026-11-23,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-23\n");
	/* deadlines and planned dates may lie ahead */
	fx_write(&f, "problems.csv",
		 PROB_HEADER "P2026-0001,2026-11-02,县市场监管局,,自我查,问题,事项,张三,描述,2,措施,挂账销号,2027-01-31,整改中,\n");
	fx_write(&f, "filings.csv",
		 FIL_HEADER "F2026-0001,县市场监管局,某公司,,2026-12-20,甲,检查,依据,例行,2026-11-20,刘某,2026-11-21,,,\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 2, "date-future");
	assert_finding(&f, "activities.csv", 2, 10, "date-future");
	assert_int_equal(fx_count(&f, "date-future"), 2);
	fx_free(&f);
}

static void test_steps_min(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER
		 "A2026-0001,2026-11-02,县市场监管局,张三,局长,跟执法,定期,执法检查;案件处理,检查,2026-11-03\n"
		 /* a step named twice counts once */
		 "A2026-0002,2026-11-02,县市场监管局,张三,局长,跟执法,定期,执法检查;案件处理;案件处理,检查,2026-11-03\n"
		 "A2026-0003,2026-11-02,县市场监管局,张三,局长,跟执法,定期,执法检查;案件处理;案卷评查,检查,2026-11-03\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 8, "steps-min");
	assert_finding(&f, "activities.csv", 3, 8, "steps-min");
	assert_int_equal(fx_count(&f, "steps-min"), 2);
	fx_free(&f);

	/* a county that asks 4 (靖边) */
	fx_init(&f, "[rules]\nmin_steps_跟执法 = 4\n");
	fx_write(&f, "activities.csv",
		 ACT_HEADER "A2026-0003,2026-11-02,县市场监管局,张三,局长,跟执法,定期,执法检查;案件处理;案卷评查,检查,2026-11-03\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 8, "steps-min");
	fx_free(&f);
}

static void test_report_late(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER
		 "A2026-0001,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-08\n"
		 "A2026-0002,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-07\n"
		 /* never reported and more than 5 days old */
		 "A2026-0003,2026-11-10,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,\n"
		 /* not reported yet, but still within the 5 days */
		 "A2026-0004,2026-11-20,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 10, "report-late");
	assert_finding(&f, "activities.csv", 4, 10, "report-late");
	assert_int_equal(fx_count(&f, "report-late"), 2);
	assert_int_equal(f.L->findings.errors, 0); /* a warning */
	fx_free(&f);
}

static void test_callbacks_min(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER
		 "A2026-0001,2026-11-05,县行政审批局,李四,局长,走流程,即时,审批服务;业务检查;服务回访;座谈交流,企业开办,2026-11-05\n"
		 "A2026-0002,2026-11-05,县行政审批局,李四,局长,坐窗口,即时,审批服务;业务检查;服务回访;座谈交流,企业开办,2026-11-05\n");
	fx_write(&f, "callbacks.csv",
		 CB_HEADER
		 "C2026-0001,A2026-0001,2026-11-05,甲,13812345678,2026-10-20,好,好,是,是,好,满意,是\n"
		 "C2026-0002,A2026-0001,2026-11-05,乙,13812345679,2026-10-20,好,好,是,是,好,满意,是\n"
		 "C2026-0003,A2026-0001,2026-11-05,丙,13812345670,2026-10-20,好,好,是,是,好,满意,否\n"
		 "C2026-0004,A2026-0002,2026-11-05,甲,13812345678,2026-10-20,好,好,是,是,好,满意,是\n"
		 "C2026-0005,A2026-0002,2026-11-05,乙,13812345679,2026-10-20,好,好,是,是,好,满意,是\n"
		 "C2026-0006,A2026-0002,2026-11-05,丙,13812345670,2026-10-20,好,好,是,是,好,满意,是\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 0, "callbacks-min");
	assert_int_equal(fx_count(&f, "callbacks-min"), 1);
	fx_free(&f);
}

static void test_callback_window(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", ACT_HEADER ACT_OK);
	fx_write(&f, "callbacks.csv",
		 CB_HEADER
		 "C2026-0001,A2026-0001,2026-11-05,甲,13812345678,2026-10-05,好,好,是,是,好,满意,是\n"
		 "C2026-0002,A2026-0001,2026-11-05,乙,13812345679,2026-10-06,好,好,是,是,好,满意,是\n"
		 "C2026-0003,A2026-0001,2026-11-05,丙,13812345670,2026-11-06,好,好,是,是,好,满意,是\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "callbacks.csv", 2, 6, "callback-window");
	assert_finding(&f, "callbacks.csv", 4, 6, "callback-window");
	assert_int_equal(fx_count(&f, "callback-window"), 2);
	fx_free(&f);

	/* 靖边: callbacks reach those served in the last 3 months */
	fx_init(&f, "[rules]\ncallback_window_days = 92\n");
	fx_write(&f, "activities.csv", ACT_HEADER ACT_OK);
	fx_write(&f, "callbacks.csv",
		 CB_HEADER "C2026-0001,A2026-0001,2026-11-05,甲,13812345678,2026-09-01,好,好,是,是,好,满意,是\n");
	fx_check(&f, "2026-11-23");
	assert_no_code(&f, "callback-window");
	fx_free(&f);
}

static void test_deadline_missing(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "problems.csv",
		 PROB_HEADER
		 "P2026-0001,2026-11-02,县市场监管局,,自我查,问题,事项,张三,描述,2,措施,挂账销号,,整改中,\n"
		 "P2026-0002,2026-11-02,县市场监管局,,自我查,问题,事项,张三,描述,2,,挂账销号,2026-12-01,整改中,\n"
		 /* a later revision supplies the deadline: the state is complete */
		 "P2026-0003,2026-11-02,县市场监管局,,自我查,问题,事项,张三,描述,2,措施,挂账销号,,未整改,\n"
		 "P2026-0003,,,,,,,,,,,,2026-12-31,整改中,\n"
		 /* 立行立改 needs no deadline */
		 "P2026-0004,2026-11-02,县市场监管局,,自我查,问题,事项,张三,描述,2,,立行立改,,已销号,2026-11-02\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "problems.csv", 2, 13, "deadline-missing");
	assert_finding(&f, "problems.csv", 3, 11, "deadline-missing");
	assert_int_equal(fx_count(&f, "deadline-missing"), 2);
	fx_free(&f);
}

static void test_problem_overdue(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "problems.csv",
		 PROB_HEADER
		 "P2026-0001,2026-11-02,县市场监管局,,自我查,问题,事项,张三,描述,2,措施,挂账销号,2026-11-20,整改中,\n"
		 "P2026-0002,2026-11-02,县市场监管局,,自我查,问题,事项,张三,描述,2,措施,挂账销号,2026-11-20,整改中,\n"
		 "P2026-0003,2026-11-02,县市场监管局,,自我查,问题,事项,张三,描述,2,措施,挂账销号,2026-11-23,整改中,\n"
		 "P2026-0002,,,,,,,,,,,,,已销号,2026-11-19\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "problems.csv", 2, 13, "problem-overdue");
	assert_int_equal(fx_count(&f, "problem-overdue"), 1);
	fx_free(&f);
}

static void test_revision_conflict(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "problems.csv",
		 PROB_HEADER
		 "P2026-0001,2026-11-02,县市场监管局,,自我查,问题,事项,张三,描述,2,措施,挂账销号,2026-12-20,整改中,\n"
		 "P2026-0001,,县司法局,,,,,,,,,,,,\n"
		 "P2026-0001,,,,,,,,,,,,,未整改,\n"
		 /* the same value again, and forward moves, are fine */
		 "P2026-0001,2026-11-02,,,,,,,,,,,,已销号,2026-11-20\n");
	fx_write(&f, "filings.csv",
		 FIL_HEADER
		 "F2026-0001,县市场监管局,某公司,,2026-11-20,甲,检查,依据,例行,2026-11-10,刘某,2026-11-11,,,\n"
		 "F2026-0001,,,,2026-11-21,,,,,,,,,责令改正,\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "problems.csv", 3, 3, "revision-conflict");
	assert_finding(&f, "problems.csv", 4, 14, "revision-conflict");
	assert_finding(&f, "filings.csv", 3, 5, "revision-conflict");
	assert_int_equal(fx_count(&f, "revision-conflict"), 3);
	fx_free(&f);
}

static void test_filing_late(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "filings.csv",
		 FIL_HEADER
		 /* 例行: one week ahead; 6 days is late, 7 is on time */
		 "F2026-0001,县市场监管局,甲公司,,2026-11-20,甲,检查,依据,例行,2026-11-14,刘某,2026-11-14,,,\n"
		 "F2026-0002,县市场监管局,乙公司,,2026-11-20,甲,检查,依据,例行,2026-11-13,刘某,2026-11-13,,,\n"
		 /* 临时 on Thu 10-08 after the 10-01..07 holiday: by Wed 09-30 */
		 "F2026-0003,县市场监管局,丙公司,,2026-10-08,甲,检查,依据,临时,2026-09-30,刘某,2026-09-30,,,\n"
		 "F2026-0004,县市场监管局,丁公司,,2026-10-08,甲,检查,依据,临时,2026-10-07,刘某,2026-10-07,,,\n"
		 /* 临时 on Mon 10-12: Sat 10-10 is a make-up working day */
		 "F2026-0005,县市场监管局,戊公司,,2026-10-12,甲,检查,依据,临时,2026-10-10,刘某,2026-10-10,,,\n"
		 "F2026-0006,县市场监管局,己公司,,2026-10-12,甲,检查,依据,临时,2026-10-11,刘某,2026-10-11,,,\n"
		 /* 临时 on Mon 11-16: by Fri 11-13 */
		 "F2026-0007,县市场监管局,庚公司,,2026-11-16,甲,检查,依据,临时,2026-11-14,刘某,2026-11-14,,,\n"
		 /* 举报: by the day itself */
		 "F2026-0008,县市场监管局,辛公司,,2026-11-16,甲,检查,依据,举报,2026-11-16,刘某,2026-11-16,,,\n"
		 "F2026-0009,县市场监管局,壬公司,,2026-11-16,甲,检查,依据,举报,2026-11-17,刘某,2026-11-16,,,\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "filings.csv", 2, 10, "filing-late");
	assert_finding(&f, "filings.csv", 5, 10, "filing-late");
	assert_finding(&f, "filings.csv", 7, 10, "filing-late");
	assert_finding(&f, "filings.csv", 8, 10, "filing-late");
	assert_finding(&f, "filings.csv", 10, 10, "filing-late");
	assert_int_equal(fx_count(&f, "filing-late"), 5);
	fx_free(&f);
}

static void test_filing_unapproved(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "filings.csv",
		 FIL_HEADER
		 "F2026-0001,县市场监管局,甲公司,,2026-11-20,甲,检查,依据,例行,2026-11-10,,2026-11-11,,,\n"
		 "F2026-0002,县市场监管局,乙公司,,2026-11-20,甲,检查,依据,例行,2026-11-10,刘某,2026-11-21,,,\n"
		 "F2026-0003,县市场监管局,丙公司,,2026-11-20,甲,检查,依据,例行,2026-11-10,刘某,,,,\n"
		 /* approved on the day itself is in time */
		 "F2026-0004,县市场监管局,丁公司,,2026-11-20,甲,检查,依据,例行,2026-11-10,刘某,2026-11-20,,,\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "filings.csv", 2, 11, "filing-unapproved");
	assert_finding(&f, "filings.csv", 3, 12, "filing-unapproved");
	assert_finding(&f, "filings.csv", 4, 12, "filing-unapproved");
	assert_int_equal(fx_count(&f, "filing-unapproved"), 3);
	assert_no_code(&f, "field-required");
	fx_free(&f);
}

static void test_credit_code(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "filings.csv",
		 FIL_HEADER
		 "F2026-0001,县市场监管局,甲公司,9144030071526726XH,2026-11-20,甲,检查,依据,例行,2026-11-10,刘某,2026-11-11,,,\n"
		 "F2026-0002,县市场监管局,乙公司,9144030071526726XG,2026-11-20,甲,检查,依据,例行,2026-11-10,刘某,2026-11-11,,,\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "filings.csv", 2, 4, "credit-code");
	assert_int_equal(fx_count(&f, "credit-code"), 1);
	fx_free(&f);
}

static void test_monthly_missing(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER
		 "A2026-0001,2026-09-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-09-03\n"
		 "A2026-0002,2026-09-09,县行政审批局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-09-10\n"
		 "A2026-0003,2026-09-09,县司法局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-09-10\n"
		 "A2026-0004,2026-09-09,玉山镇,张三,镇长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-09-10\n"
		 "A2026-0005,2026-10-12,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-10-13\n");
	/* whole months from the first activity: 2026-09 and 2026-10 */
	fx_check(&f, "2026-11-23");
	assert_int_equal(fx_count(&f, "monthly-missing"), 3);
	assert_finding(&f, "activities.csv", 0, 0, "monthly-missing");
	for (size_t i = 0; i < f.L->findings.n; i++)
		assert_non_null(strstr(f.L->findings.v[i].msg, "2026-10"));

	/* an explicit range */
	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	ysh_parse_date("2026-11-23", &o.today);
	o.has_range = true;
	ysh_parse_month("2026-09", &o.month_from);
	o.month_to = o.month_from;
	fx_check_opts(&f, &o);
	assert_no_code(&f, "monthly-missing");
	fx_free(&f);

	fx_init(&f, "[rules]\nmonthly_min = 0\n");
	fx_write(&f, "activities.csv", ACT_HEADER "A2026-0001,2026-09-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-09-03\n");
	fx_check(&f, "2026-11-23");
	assert_no_code(&f, "monthly-missing");
	fx_free(&f);
}

/* With period_end_day a month is the reporting period (the 21st to the
 * 20th): the rule judges the days the month's report counts. */
static void test_monthly_missing_by_period(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[reports]\nperiod_end_day = 20\n");
	fx_write(&f, "activities.csv",
		 ACT_HEADER
		 "A2026-0001,2026-09-25,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-09-26\n"
		 "A2026-0002,2026-09-25,县行政审批局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-09-26\n"
		 "A2026-0003,2026-09-25,县司法局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-09-26\n"
		 "A2026-0004,2026-09-25,玉山镇,张三,镇长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-09-26\n"
		 "A2026-0005,2026-10-25,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-10-26\n"
		 /* the 21st starts the period 2026-12, which has not ended */
		 "A2026-0006,2026-11-21,县行政审批局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-21\n");
	/* periods 2026-10 (all four units, from 09-25) and 2026-11 (only 县市场监管局, from 10-25);
	 * calendar months would have judged 2026-09 and 2026-10 */
	fx_check(&f, "2026-11-23");
	assert_int_equal(fx_count(&f, "monthly-missing"), 3);
	for (size_t i = 0; i < f.L->findings.n; i++)
		if (f.L->findings.v[i].rule == YSH_R_MONTHLY_MISSING)
			assert_non_null(strstr(f.L->findings.v[i].msg, "in 2026-11;"));
	/* on the 20th the period 2026-11 has not ended: only 2026-10 is judged, and it is whole */
	fx_check(&f, "2026-11-20");
	assert_no_code(&f, "monthly-missing");
	fx_free(&f);
}

static void test_window_missing(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[rules]\nenforcement_windows = 08-09,12-01\nmonthly_min = 0\n");
	fx_write(&f, "activities.csv",
		 ACT_HEADER
		 "A2026-0001,2026-09-02,县市场监管局,张三,局长,跟执法,定期,执法检查;案件处理;案卷评查,检查,2026-09-03\n"
		 "A2026-0002,2026-08-12,县司法局,张三,局长,走流程,定期,审批服务;业务检查;座谈交流;业务检查;案件处理,检查,2026-08-13\n");
	fx_check(&f, "2026-11-23");
	/* 县司法局 walked the process but did not go along on enforcement */
	assert_int_equal(fx_count(&f, "window-missing"), 1);
	assert_finding(&f, "activities.csv", 0, 0, "window-missing");
	for (size_t i = 0; i < f.L->findings.n; i++)
		if (!strcmp(f.L->findings.v[i].code, "window-missing"))
			assert_non_null(strstr(f.L->findings.v[i].msg, "县司法局 had no 跟执法 in the window 2026-08..2026-09"));
	fx_free(&f);
}

static void test_formula_injection(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER
		 "A2026-0001,2026-11-02,县市场监管局,\"=HYPERLINK(\"\"x\"\")\",局长,处投诉,定期,转办体验;投诉分析;投诉处理,@SUM(1),2026-11-03\n"
		 "A2026-0002,2026-11-02,县市场监管局,\"\tTAB\",局长,处投诉,定期,转办体验;投诉分析;投诉处理,a-b,2026-11-03\n");
	fx_write(&f, "callbacks.csv",
		 CB_HEADER "C2026-0001,A2026-0001,2026-11-05,+甲,029-82345678,2026-10-20,好,好,是,是,好,满意,是\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 4, "formula-injection");
	assert_finding(&f, "activities.csv", 2, 9, "formula-injection");
	assert_finding(&f, "activities.csv", 3, 4, "formula-injection");
	assert_finding(&f, "callbacks.csv", 2, 4, "formula-injection");
	/* the phone starts with 0 and is typed, not text */
	assert_int_equal(fx_count(&f, "formula-injection"), 4);
	fx_free(&f);
}

static void test_rule_selection(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER "A2026-0001,2026-11-24,县教育局,张三,局长,跟执法,定期,执法检查,检查,2026-11-25\n");
	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	ysh_parse_date("2026-11-23", &o.today);
	for (int i = 0; i < YSH_R_COUNT; i++)
		o.enabled[i] = false;
	o.enabled[YSH_R_STEPS_MIN] = true;
	fx_check_opts(&f, &o);
	assert_int_equal(f.L->findings.n, 1);
	assert_finding(&f, "activities.csv", 2, 8, "steps-min");
	fx_free(&f);
}


/* Activities with the voided and void_reason columns, and recorded_at. */
#define ACT_HEADER_V "id,date,unit,participant,position,kind,mode,steps,items,reported_on,voided,void_reason,recorded_at\n"

/* An activity of ACT_HEADER_V's recorded at `at`. */
#define RECORDED_ROW(id, who, at) \
	id ",2026-11-02,县市场监管局," who ",局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,,," at "\n"

/* A row's recorded_at after today is flagged by date-future, judged on
 * the day the reader parsed once for the row (ysh_row.written); one not
 * a timestamp is field-type's alone. */
static void test_recorded_at_future(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER_V RECORDED_ROW("A2026-0001", "张三", "2026-11-24T08:00:00+08:00")
		 RECORDED_ROW("A2026-0002", "李四", "2026-11-23T23:59:00+08:00")
		 RECORDED_ROW("A2026-0003", "王五", "2026-13-01T08:00:00+08:00"));
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 13, "date-future");
	assert_int_equal(fx_count(&f, "date-future"), 1);
	assert_finding(&f, "activities.csv", 4, 13, "field-type");
	fx_free(&f);

	/* a county's schema that makes recorded_at a date: a timestamp in it
	 * is field-type's alone, as the date it is not is never "after today" */
	fx_schemas_edited("activities.ini", "type = timestamp\n", "type = date\n"); /* recorded_at's alone */
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER_V RECORDED_ROW("A2026-0001", "张三", "2026-11-30T08:00:00+08:00"));
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 13, "field-type");
	assert_int_equal(fx_count(&f, "date-future"), 0);
	fx_free(&f);
	fx_schemas_remove();
}

static void test_record_duplicate(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER_V
		 "A2026-0001,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,,,\n"
		 /* near miss: another participant the same day */
		 "A2026-0002,2026-11-02,县市场监管局,李四,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,,,\n"
		 /* the same again: flagged at the later one, naming the earlier */
		 "A2026-0003,2026-11-02,县市场监管局,张三,局长,处投诉,即时,转办体验;投诉分析;投诉处理,工单二,2026-11-03,,,\n"
		 /* and a third, voided: a voided record is nobody's duplicate */
		 "A2026-0004,2026-11-02,县市场监管局,李四,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,,,\n"
		 "A2026-0004,,,,,,,,,,是,重复录入,\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 4, 0, "record-duplicate");
	assert_int_equal(fx_count(&f, "record-duplicate"), 1);
	assert_non_null(strstr(f.L->findings.v[0].msg, "A2026-0001 (line 2)"));
	fx_free(&f);
}

static void test_filing_late_by_recording(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "filings.csv",
		 FIL_HEADER_RECORDED
		 /* typed as filed in time, written down after the inspection: late */
		 "F2026-0001,县市场监管局,甲公司,2026-11-20,甲,检查,依据,例行,2026-11-10,刘某,2026-11-11,2026-11-23T09:00:00+08:00\n"
		 /* near miss: recorded the day it was filed and approved */
		 "F2026-0002,县市场监管局,乙公司,2026-11-20,甲,检查,依据,例行,2026-11-10,刘某,2026-11-10,2026-11-10T09:00:00+08:00\n"
		 /* recorded within the lead time but after filed_on: judged by the recording, in time */
		 "F2026-0003,县市场监管局,丙公司,2026-11-20,甲,检查,依据,例行,2026-11-10,刘某,2026-11-11,2026-11-12T09:00:00+08:00\n"
		 /* a 临时 one recorded on the inspection day: late whatever filed_on says */
		 "F2026-0004,县市场监管局,丁公司,2026-11-20,甲,检查,依据,临时,2026-11-19,刘某,2026-11-19,2026-11-20T08:00:00+08:00\n"
		 /* a 举报 one is filed by the day itself: recorded that day, in time */
		 "F2026-0005,县市场监管局,戊公司,2026-11-20,甲,检查,依据,举报,2026-11-20,刘某,2026-11-20,2026-11-20T08:00:00+08:00\n"
		 /* no recorded_at (from elsewhere): filed_on alone */
		 "F2026-0006,县市场监管局,己公司,2026-11-20,甲,检查,依据,例行,2026-11-10,刘某,2026-11-11,\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "filings.csv", 2, 9, "filing-late");
	assert_finding(&f, "filings.csv", 5, 9, "filing-late");
	assert_int_equal(fx_count(&f, "filing-late"), 2);
	assert_int_equal(f.L->findings.n, 2);
	assert_non_null(strstr(f.L->findings.v[0].msg, "filed_on says 2026-11-10 but it was first recorded on 2026-11-23"));
	fx_free(&f);
}

static void test_date_after_recording(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "problems.csv",
		 "id,found_on,unit,source,type,item,finder,description,handling,status,closed_on,recorded_at\n"
		 /* struck off "tomorrow", as recorded: no one can know that yet */
		 "P2026-0001,2026-11-02,县市场监管局,自我查,问题,事项,张三,描述,立行立改,已销号,2026-11-04,2026-11-03T10:00:00+08:00\n"
		 /* near miss: struck off the day it was recorded */
		 "P2026-0002,2026-11-02,县市场监管局,自我查,问题,事项二,张三,描述,立行立改,已销号,2026-11-03,2026-11-03T10:00:00+08:00\n"
		 /* a revision is judged by its own recorded_at */
		 "P2026-0001,,,,,,,,,,,2026-11-05T10:00:00+08:00\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "problems.csv", 2, 11, "date-future");
	assert_int_equal(fx_count(&f, "date-future"), 1);
	fx_free(&f);
}

static void test_corrections_and_voiding(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER_V
		 /* too few steps, not reported: then voided, it is judged by nothing */
		 "A2026-0001,2026-11-02,县市场监管局,张三,局长,走流程,定期,审批服务,事项,,,,\n"
		 "A2026-0001,,,,,,,,,,是,录入错误,\n"
		 /* reported late at first, then reported_on added by a revision: judged on the newest */
		 "A2026-0002,2026-11-02,县行政审批局,李四,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,,,,\n"
		 "A2026-0002,,,,,,,,,2026-11-04,,,\n"
		 /* voided without a reason: refused (field-required at the row) */
		 "A2026-0003,2026-11-05,县司法局,王五,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-05,,,\n"
		 "A2026-0003,,,,,,,,,,是,,\n"
		 /* who may not change; voided stays voided */
		 "A2026-0002,,县司法局,,,,,,,,,,\n"
		 "A2026-0001,,,,,,,,,,否,,\n");
	fx_check(&f, "2026-11-23");
	assert_no_code(&f, "steps-min");
	assert_no_code(&f, "report-late");
	assert_finding(&f, "activities.csv", 7, 12, "field-required");
	assert_int_equal(fx_count(&f, "field-required"), 1);
	assert_finding(&f, "activities.csv", 8, 3, "revision-conflict");
	assert_finding(&f, "activities.csv", 9, 11, "revision-conflict");
	assert_int_equal(fx_count(&f, "revision-conflict"), 2);
	fx_free(&f);
}

static void test_record_unauthorized(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[clerks]\nzhang = 县市场监管局\noffice = *\n");
	fx_write(&f, "activities.csv",
		 "id,date,unit,participant,position,kind,mode,steps,items,reported_on,recorded_by\n"
		 /* near misses: zhang for his unit, the office for any, a row from elsewhere */
		 "A2026-0001,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,zhang\n"
		 "A2026-0002,2026-11-02,玉山镇,孙静,镇长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,office\n"
		 "A2026-0003,2026-11-02,县司法局,王五,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,\n"
		 /* zhang records for another unit; a login [clerks] does not know */
		 "A2026-0004,2026-11-02,县司法局,赵六,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,zhang\n"
		 "A2026-0005,2026-11-02,县司法局,钱七,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,stranger\n"
		 /* a revision of the office's record by zhang: judged by the record's unit */
		 "A2026-0002,,,,,,,,,2026-11-04,zhang\n");
	/* a callback is about its activity's unit */
	fx_write(&f, "callbacks.csv",
		 "id,activity,date,contact,phone,served_on,attitude,ability,process_ok,channel_ok,experience,satisfaction,valid,recorded_by\n"
		 "C2026-0001,A2026-0001,2026-11-05,甲,13812345678,2026-10-20,好,好,是,是,好,满意,是,zhang\n"
		 "C2026-0002,A2026-0002,2026-11-05,乙,13812345679,2026-10-20,好,好,是,是,好,满意,是,zhang\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 5, 11, "record-unauthorized");
	assert_finding(&f, "activities.csv", 6, 11, "record-unauthorized");
	assert_finding(&f, "activities.csv", 7, 11, "record-unauthorized");
	assert_finding(&f, "callbacks.csv", 3, 14, "record-unauthorized");
	assert_int_equal(fx_count(&f, "record-unauthorized"), 4);
	fx_free(&f);
	/* without [clerks] nobody is judged */
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 "id,date,unit,participant,position,kind,mode,steps,items,reported_on,recorded_by\n"
		 "A2026-0001,2026-11-02,县司法局,赵六,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,stranger\n");
	fx_check(&f, "2026-11-23");
	assert_no_code(&f, "record-unauthorized");
	fx_free(&f);
}

/* 蓝田's lists go to the lead office by the 20th of the month after; a
 * 坐窗口 reported six days later is on time there.  靖边's 跟执法: 5 days. */
static void test_report_late_per_kind(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[rules]\nreport_within_days =\nreport_by_day_坐窗口 = 20\nreport_within_days_跟执法 = 5\n");
	fx_write(&f, "activities.csv",
		 ACT_HEADER
		 /* near miss: 7 days later, long before the 20th of November */
		 "A2026-0001,2026-10-12,县市场监管局,张三,局长,坐窗口,定期,审批服务;业务检查;服务回访;座谈交流,窗口受理,2026-10-19\n"
		 /* the day after the 20th of November */
		 "A2026-0002,2026-10-13,县市场监管局,李四,局长,坐窗口,定期,审批服务;业务检查;服务回访;座谈交流,窗口受理,2026-11-21\n"
		 /* not reported, and the 20th of November has passed */
		 "A2026-0003,2026-10-25,县行政审批局,王五,局长,坐窗口,定期,审批服务;业务检查;服务回访;座谈交流,窗口受理,\n"
		 /* not reported, due only on 20 December */
		 "A2026-0004,2026-11-02,县行政审批局,王五,局长,坐窗口,定期,审批服务;业务检查;服务回访;座谈交流,窗口受理,\n"
		 /* 跟执法: six days is late */
		 "A2026-0005,2026-11-02,县市场监管局,张三,局长,跟执法,定期,执法检查;案件处理;案卷评查,检查,2026-11-08\n"
		 /* near miss: five days */
		 "A2026-0006,2026-11-02,县司法局,赵六,局长,跟执法,定期,执法检查;案件处理;案卷评查,检查,2026-11-07\n"
		 /* 处投诉 has no rule at all (report_within_days is empty) */
		 "A2026-0007,2026-09-02,县司法局,赵六,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 3, 10, "report-late");
	assert_finding(&f, "activities.csv", 4, 10, "report-late");
	assert_finding(&f, "activities.csv", 6, 10, "report-late");
	assert_int_equal(fx_count(&f, "report-late"), 3);
	for (size_t i = 0; i < f.L->findings.n; i++)
		if (f.L->findings.v[i].line == 3 && !strcmp(f.L->findings.v[i].code, "report-late"))
			assert_string_equal(f.L->findings.v[i].msg, "reported on 2026-11-21; due by 2026-11-20 (report_by_day_坐窗口 = 20)");
	fx_free(&f);
}

/* Callback windows in calendar months: 蓝田's 上月 (the previous month),
 * 靖边's 3个月. */
static void test_callback_window_months(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[rules]\ncallback_window = 上月\n");
	fx_write(&f, "activities.csv", ACT_HEADER ACT_OK);
	fx_write(&f, "callbacks.csv",
		 CB_HEADER
		 /* served 10-01, called 11-02: within 上月, though 32 days before */
		 "C2026-0001,A2026-0001,2026-11-02,甲,13812345678,2026-10-01,好,好,是,是,好,满意,是\n"
		 "C2026-0002,A2026-0001,2026-11-02,乙,13812345679,2026-09-30,好,好,是,是,好,满意,是\n"
		 /* served this month: not 上月 */
		 "C2026-0003,A2026-0001,2026-11-02,丙,13812345670,2026-11-01,好,好,是,是,好,满意,是\n"
		 "C2026-0004,A2026-0001,2026-11-02,丁,13812345671,2026-10-31,好,好,是,是,好,满意,是\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "callbacks.csv", 3, 6, "callback-window");
	assert_finding(&f, "callbacks.csv", 4, 6, "callback-window");
	assert_int_equal(fx_count(&f, "callback-window"), 2);
	fx_free(&f);

	fx_init(&f, "[rules]\ncallback_window = 3个月\n");
	fx_write(&f, "activities.csv", ACT_HEADER ACT_OK);
	fx_write(&f, "callbacks.csv",
		 CB_HEADER
		 "C2026-0001,A2026-0001,2026-11-02,甲,13812345678,2026-08-01,好,好,是,是,好,满意,是\n"
		 "C2026-0002,A2026-0001,2026-11-02,乙,13812345679,2026-07-31,好,好,是,是,好,满意,是\n"
		 "C2026-0003,A2026-0001,2026-11-02,丙,13812345670,2026-11-01,好,好,是,是,好,满意,是\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "callbacks.csv", 3, 6, "callback-window");
	assert_int_equal(fx_count(&f, "callback-window"), 1);
	assert_non_null(strstr(f.L->findings.v[0].msg, "2026-08-01..2026-11-02; callback_window = 3个月"));
	fx_free(&f);
}


/* Whether every finding is one ysh-add writes with a warning (FLAG). */
static bool all_flag(const struct fx *f)
{
	for (size_t i = 0; i < f->L->findings.n; i++)
		if (ysh_rule_info[f->L->findings.v[i].rule].act != YSH_FLAG)
			return false;
	return true;
}

#define LANTIAN_STEPS "[rules]\nsteps_跟执法 = 执法检查,案件处理,案卷评查\nmin_steps_跟执法 = 3\n"
#define JINGBIAN_STEPS "[rules]\nsteps_跟执法 = 执法检查,案件处理,案卷评查,服务回访\nmin_steps_跟执法 = 4\n"

/* Steps by name: 执法检查;案件处理;服务回访 is refused by 蓝田's profile (it
 * has no 服务回访 in 跟执法, and lacks 案卷评查) and written by 靖边's, with
 * what it lacks flagged. */
static void test_step_missing(void **state)
{
	(void)state;
	static const char rows[] = ACT_HEADER
		"A2026-0001,2026-11-02,县市场监管局,张三,局长,跟执法,定期,执法检查;案件处理;服务回访,检查,2026-11-03\n"
		/* near miss in 蓝田: the three named steps */
		"A2026-0002,2026-11-03,县市场监管局,李四,局长,跟执法,定期,案卷评查;执法检查;案件处理,检查,2026-11-03\n";
	struct fx f;
	fx_init(&f, LANTIAN_STEPS);
	fx_write(&f, "activities.csv", rows);
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 8, "field-enum");
	assert_finding(&f, "activities.csv", 2, 8, "step-missing");
	assert_int_equal(fx_count(&f, "step-missing"), 1);
	/* and callbacks-min: a 服务回访 step owes its callbacks */
	assert_int_equal(f.L->findings.n, 3);
	assert_false(all_flag(&f)); /* field-enum refuses */
	for (size_t i = 0; i < f.L->findings.n; i++)
		if (!strcmp(f.L->findings.v[i].code, "step-missing"))
			assert_string_equal(f.L->findings.v[i].msg, "跟执法 lacks the step 案卷评查 (steps_跟执法)");
	fx_free(&f);

	fx_init(&f, JINGBIAN_STEPS);
	fx_write(&f, "activities.csv", rows);
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 8, "step-missing");
	assert_finding(&f, "activities.csv", 2, 8, "steps-min");
	assert_finding(&f, "activities.csv", 3, 8, "step-missing"); /* 服务回访 */
	assert_no_code(&f, "field-enum");
	assert_true(all_flag(&f)); /* written, and flagged */
	fx_free(&f);

	/* without steps_KIND, steps are counted only, as before */
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", rows);
	fx_check(&f, "2026-11-23");
	assert_no_code(&f, "step-missing");
	assert_int_equal(f.L->findings.n, fx_count(&f, "callbacks-min"));
	fx_free(&f);
}

/* 蓝田's towns do 走流程 and 坐窗口 (活动主体 4): a town's 跟执法 is flagged. */
static void test_kind_not_allowed(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[rules]\nkinds_镇街 = 走流程,坐窗口\nkinds_行政执法 = 跟执法,处投诉\n");
	fx_write(&f, "activities.csv",
		 ACT_HEADER
		 "A2026-0001,2026-11-02,玉山镇,孙静,镇长,跟执法,定期,执法检查;案件处理;案卷评查,检查,2026-11-03\n"
		 /* near misses: the town's own kinds; an enforcement unit's 跟执法 */
		 "A2026-0002,2026-11-03,玉山镇,孙静,镇长,坐窗口,定期,审批服务;业务检查;服务回访;座谈交流,便民服务站,2026-11-03\n"
		 "A2026-0003,2026-11-04,县司法局,赵六,局长,跟执法,定期,执法检查;案件处理;案卷评查,检查,2026-11-04\n"
		 /* 县司法局 is also 审批服务, whose kinds are not restricted */
		 "A2026-0004,2026-11-05,县司法局,赵六,局长,走流程,定期,审批服务;业务检查;服务回访;座谈交流,公证,2026-11-05\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 6, "kind-not-allowed");
	assert_int_equal(fx_count(&f, "kind-not-allowed"), 1);
	assert_int_equal(ysh_rule_info[YSH_R_KIND_NOT_ALLOWED].sev, YSH_SEV_WARNING);
	assert_true(all_flag(&f));
	for (size_t i = 0; i < f.L->findings.n; i++)
		if (!strcmp(f.L->findings.v[i].code, "kind-not-allowed"))
			assert_non_null(strstr(f.L->findings.v[i].msg, "玉山镇 may record 走流程、坐窗口, not 跟执法"));
	fx_free(&f);

	/* 靖边 records 跟执法 alone: `kinds` for every role without its own */
	fx_init(&f, "[rules]\nkinds = 跟执法\n");
	fx_write(&f, "activities.csv",
		 ACT_HEADER
		 "A2026-0001,2026-11-02,县司法局,赵六,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n"
		 "A2026-0002,2026-11-02,县司法局,王五,副局长,跟执法,定期,执法检查;案件处理;案卷评查,检查,2026-11-03\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 6, "kind-not-allowed");
	assert_int_equal(f.L->findings.n, 1);
	assert_non_null(strstr(f.L->findings.v[0].msg, "县司法局 may record 跟执法, not 处投诉"));
	assert_non_null(strstr(f.L->findings.v[0].msg, ": kinds)"));
	fx_free(&f);
}

/* A clerk at the prompt hears of a kind the unit may not record as soon as
 * the unit and the kind are typed, and of a missing step once the steps are. */
static void test_profile_at_the_prompt(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "[rules]\nkinds_镇街 = 走流程,坐窗口\nsteps_跟执法 = 执法检查,案件处理,案卷评查\n");
	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	ysh_parse_date("2026-11-23", &o.today);
	char *err = NULL;
	struct ysh_ledgers *L = ysh_ledgers_load(f.dir, &o, &err);
	assert_non_null(L);
	struct ysh_table *t = ysh_ledgers_table(L, "activities");
	struct ysh_add_row row;
	ysh_add_row_init(&row, t->schema);
	static const char *const words[] = {"unit=玉山镇", "kind=跟执法", "steps=执法检查、案件处理"};
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(ysh_add_row_set(&row, t->schema, words[i], &err), 0);
	struct ysh_findings out = {0};
	ysh_add_check_partial(L, t, &row, &out);
	size_t kinds = 0, steps = 0;
	for (size_t i = 0; i < out.n; i++) {
		kinds += !strcmp(out.v[i].code, "kind-not-allowed") && out.v[i].col == (size_t)ysh_schema_col(t->schema, "kind") + 1;
		steps += !strcmp(out.v[i].code, "step-missing") && out.v[i].col == (size_t)ysh_schema_col(t->schema, "steps") + 1;
	}
	assert_int_equal(kinds, 1);
	assert_int_equal(steps, 1);
	ysh_findings_free(&out);
	ysh_add_row_free(&row);
	ysh_ledgers_free(L);
	fx_free(&f);
}

/* "不得随意扩大检查范围，增加检查人员" (seed 002). */
static void test_filing_widened(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "filings.csv",
		 FIL_HEADER
		 "F2026-0001,县市场监管局,甲公司,,2026-11-20,甲;乙,食品检查,食品安全法,例行,2026-11-10,刘某,2026-11-11,,,\n"
		 "F2026-0002,县市场监管局,乙公司,,2026-11-20,甲;乙,食品检查,食品安全法,例行,2026-11-10,刘某,2026-11-11,,,\n"
		 "F2026-0003,县市场监管局,丙公司,,2026-11-20,甲;乙,食品检查,食品安全法,例行,2026-11-10,刘某,2026-11-11,,,\n"
		 "F2026-0004,县市场监管局,丁公司,,2026-11-20,甲;乙,食品检查,食品安全法,例行,2026-11-10,,,,,\n"
		 /* an inspector added, and the content widened, after approval */
		 "F2026-0001,,,,,甲;乙;丙,,,,,,,,,\n"
		 "F2026-0001,,,,,,食品检查、价格检查,,,,,,,,\n"
		 /* a new approval with only its date is no new approval */
		 "F2026-0001,,,,,,,产品质量法,,,,2026-11-12,,,\n"
		 /* near misses: an inspector dropped; widened with a new approval;
		  * widened before any approval; the outcome */
		 "F2026-0002,,,,,乙,,,,,,,,,\n"
		 "F2026-0003,,,,,甲;乙;丙,食品检查、价格检查,,,,副县长 王某,2026-11-12,,,\n"
		 "F2026-0004,,,,,甲;乙;丙,,,,,刘某,2026-11-12,,,\n"
		 "F2026-0001,,,,,,,,,,,,,责令改正,\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "filings.csv", 6, 6, "filing-widened");
	assert_finding(&f, "filings.csv", 7, 7, "filing-widened");
	assert_finding(&f, "filings.csv", 8, 8, "filing-widened");
	assert_int_equal(fx_count(&f, "filing-widened"), 3);
	assert_string_equal(f.L->findings.v[0].msg,
			    "inspectors (检查人员) may not be widened after the approval of 2026-11-11: '甲;乙' (line 2), "
			    "'甲;乙;丙' here; a new approval (approved_by and approved_on) must come with it");
	/* the refused widening is not the state; the rest of the revisions are */
	const struct ysh_table *t = ysh_ledgers_table(f.L, "filings");
	assert_string_equal(ysh_rec_get(t, &t->recs[0], "inspectors"), "甲;乙");
	assert_string_equal(ysh_rec_get(t, &t->recs[0], "content"), "食品检查");
	assert_string_equal(ysh_rec_get(t, &t->recs[0], "outcome"), "责令改正");
	assert_string_equal(ysh_rec_get(t, &t->recs[1], "inspectors"), "乙");
	assert_string_equal(ysh_rec_get(t, &t->recs[2], "inspectors"), "甲;乙;丙");
	assert_string_equal(ysh_rec_get(t, &t->recs[3], "inspectors"), "甲;乙;丙");
	fx_free(&f);
}

/* Problems with the look-back's columns. */
#define PROB_HEADER_R "id,found_on,unit,source,type,item,finder,description,measure,handling,deadline,status,closed_on,reviewed_on,review_result\n"

/* 回头看 (seeds 000, 004): a 挂账销号 problem struck off more than
 * review_after_days ago and not looked back at since. */
static void test_review_missing(void **state)
{
	(void)state;
	static const char rows[] = PROB_HEADER_R
		"P2026-0001,2026-09-10,县市场监管局,自我查,问题,事项一,张三,描述,措施,挂账销号,2026-10-10,已销号,2026-10-01,,\n"
		/* near misses: struck off 24 days ago; looked back at; fixed at once */
		"P2026-0002,2026-09-10,县市场监管局,自我查,问题,事项二,张三,描述,措施,挂账销号,2026-10-31,已销号,2026-10-30,,\n"
		"P2026-0003,2026-09-10,县市场监管局,自我查,问题,事项三,张三,描述,措施,挂账销号,2026-10-10,已销号,2026-10-01,2026-11-01,巩固\n"
		"P2026-0004,2026-09-01,县市场监管局,自我查,问题,事项四,张三,描述,措施,立行立改,,已销号,2026-09-01,,\n"
		/* a look-back before the closure does not count */
		"P2026-0005,2026-09-10,县市场监管局,自我查,问题,事项五,张三,描述,措施,挂账销号,2026-10-10,已销号,2026-10-01,2026-09-25,巩固\n";
	struct fx f;
	fx_init(&f, "[rules]\nreview_after_days = 30\n");
	fx_write(&f, "problems.csv", rows);
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "problems.csv", 2, 14, "review-missing");
	assert_finding(&f, "problems.csv", 6, 14, "review-missing");
	assert_int_equal(fx_count(&f, "review-missing"), 2);
	assert_int_equal(f.L->findings.n, 2);
	assert_string_equal(f.L->findings.v[0].msg, "struck off on 2026-10-01, 53 days ago, with no 回头看 since; review_after_days is 30");
	fx_free(&f);
	/* the documents give no interval: off unless the county sets one */
	fx_init(&f, NULL);
	fx_write(&f, "problems.csv", rows);
	fx_check(&f, "2026-11-23");
	assert_int_equal(f.L->findings.n, 0);
	fx_free(&f);
}

/* A look-back that finds the problem back (反弹) reopens it: status goes
 * back to 整改中 by that revision, the one move backwards allowed. */
static void test_rebound_reopens(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "problems.csv",
		 PROB_HEADER_R
		 "P2026-0001,2026-09-10,县市场监管局,自我查,问题,事项一,张三,描述,措施,挂账销号,2026-10-10,已销号,2026-10-01,,\n"
		 "P2026-0002,2026-09-10,县市场监管局,自我查,问题,事项二,张三,描述,措施,挂账销号,2026-12-31,已销号,2026-10-01,,\n"
		 "P2026-0003,2026-09-10,县市场监管局,自我查,问题,事项三,张三,描述,措施,挂账销号,2026-12-31,已销号,2026-10-01,,\n"
		 "P2026-0004,2026-09-10,县市场监管局,自我查,问题,事项四,张三,描述,措施,挂账销号,2026-12-31,已销号,2026-10-01,,\n"
		 "P2026-0005,2026-09-10,县市场监管局,自我查,问题,事项五,张三,描述,措施,挂账销号,2026-12-31,已销号,2026-10-01,,\n"
		 /* 反弹 alone reopens; with status 整改中 too */
		 "P2026-0001,,,,,,,,,,,,,2026-11-10,反弹\n"
		 "P2026-0002,,,,,,,,,,,整改中,,2026-11-10,反弹\n"
		 /* 反弹 and 已销号 contradict each other */
		 "P2026-0003,,,,,,,,,,,已销号,,2026-11-10,反弹\n"
		 /* back to 整改中 without a rebound: not allowed, as before */
		 "P2026-0004,,,,,,,,,,,整改中,,,\n"
		 /* a result without its date */
		 "P2026-0005,,,,,,,,,,,,,,巩固\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "problems.csv", 9, 12, "revision-conflict");
	assert_finding(&f, "problems.csv", 10, 12, "revision-conflict");
	assert_int_equal(fx_count(&f, "revision-conflict"), 2);
	assert_finding(&f, "problems.csv", 11, 14, "field-required");
	assert_int_equal(fx_count(&f, "field-required"), 1);
	/* reopened: open again, and overdue by its old deadline until a new one */
	const struct ysh_table *t = ysh_ledgers_table(f.L, "problems");
	assert_string_equal(ysh_rec_get(t, &t->recs[0], "status"), "整改中");
	assert_string_equal(ysh_rec_get(t, &t->recs[1], "status"), "整改中");
	assert_string_equal(ysh_rec_get(t, &t->recs[2], "status"), "整改中");
	assert_string_equal(ysh_rec_get(t, &t->recs[3], "status"), "已销号");
	assert_finding(&f, "problems.csv", 2, 11, "problem-overdue");
	assert_int_equal(fx_count(&f, "problem-overdue"), 1);
	fx_free(&f);
}

/* A problem handed over (转交, seed 004's 相互查) keeps its id and its
 * history, and belongs to the new unit from the hand-over on. */
static void test_handover(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "problems.csv",
		 "id,found_on,unit,source,type,item,finder,description,handling,status,closed_on,transferred_to,transferred_on,recorded_at\n"
		 "P2026-0001,2026-10-05,县市场监管局,相互查,问题,事项,张三,描述,立行立改,整改中,,,,2026-10-05T10:00:00+08:00\n"
		 "P2026-0001,,,,,,,,,,,县司法局,2026-10-20,2026-10-21T10:00:00+08:00\n"
		 /* without transferred_on: the day the revision was recorded */
		 "P2026-0001,,,,,,,,,,,玉山镇,,2026-11-05T10:00:00+08:00\n"
		 /* handed to a unit not in ysh.ini */
		 "P2026-0001,,,,,,,,,,,县法院,,2026-11-06T10:00:00+08:00\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "problems.csv", 5, 12, "unit-unknown");
	assert_int_equal(f.L->findings.n, 1);
	const struct ysh_table *t = ysh_ledgers_table(f.L, "problems");
	assert_int_equal(t->nrec, 1);
	/* unit stays the finder's; the hand-overs are listed */
	assert_string_equal(ysh_rec_get(t, &t->recs[0], "unit"), "县市场监管局");
	assert_int_equal(t->nhandovers, 3);
	assert_string_equal(t->handovers[1].from, "县司法局");
	assert_string_equal(t->handovers[1].to, "玉山镇");
	static const struct {
		const char *day, *owner;
	} on[] = {{"2026-10-05", "县市场监管局"}, {"2026-10-19", "县市场监管局"}, {"2026-10-20", "县司法局"},
		  {"2026-11-04", "县司法局"}, {"2026-11-05", "玉山镇"}};
	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		ysh_day d;
		ysh_parse_date(on[i].day, &d);
		assert_string_equal(ysh_rec_owner(t, 0, d), on[i].owner);
	}
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_directory),
		cmocka_unit_test(test_field_required),
		cmocka_unit_test(test_field_type),
		cmocka_unit_test(test_field_enum),
		cmocka_unit_test(test_unit_unknown),
		cmocka_unit_test(test_cell_verdicts_remembered),
		cmocka_unit_test(test_id_duplicate),
		cmocka_unit_test(test_ref_missing),
		cmocka_unit_test(test_date_future),
		cmocka_unit_test(test_recorded_at_future),
		cmocka_unit_test(test_steps_min),
		cmocka_unit_test(test_report_late),
		cmocka_unit_test(test_callbacks_min),
		cmocka_unit_test(test_callback_window),
		cmocka_unit_test(test_deadline_missing),
		cmocka_unit_test(test_problem_overdue),
		cmocka_unit_test(test_revision_conflict),
		cmocka_unit_test(test_filing_late),
		cmocka_unit_test(test_filing_unapproved),
		cmocka_unit_test(test_credit_code),
		cmocka_unit_test(test_monthly_missing),
		cmocka_unit_test(test_monthly_missing_by_period),
		cmocka_unit_test(test_window_missing),
		cmocka_unit_test(test_formula_injection),
		cmocka_unit_test(test_rule_selection),
		cmocka_unit_test(test_record_duplicate),
		cmocka_unit_test(test_filing_late_by_recording),
		cmocka_unit_test(test_date_after_recording),
		cmocka_unit_test(test_corrections_and_voiding),
		cmocka_unit_test(test_record_unauthorized),
		cmocka_unit_test(test_report_late_per_kind),
		cmocka_unit_test(test_callback_window_months),
		cmocka_unit_test(test_step_missing),
		cmocka_unit_test(test_kind_not_allowed),
		cmocka_unit_test(test_profile_at_the_prompt),
		cmocka_unit_test(test_filing_widened),
		cmocka_unit_test(test_review_missing),
		cmocka_unit_test(test_rebound_reopens),
		cmocka_unit_test(test_handover),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
