/*
 * ysh-add's prompts, driven through a pseudo-terminal as a clerk would use
 * them: defaults, a wrong answer asked again, Ctrl-D and Ctrl-C aborting
 * with nothing written.
 */
#define _GNU_SOURCE
#include "fixture.h"

#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct tty {
	int fd;
	pid_t pid;
	struct ysh_buf seen;
};

/* The children's locale (LC_ALL), C.UTF-8 from ctest unless set. */
static const char *child_locale;

static void spawn(struct tty *t, const char *dir, char *const *args)
{
	const char *bin = getenv("YSH_BIN_DIR");
	assert_non_null(bin);
	char exe[512];
	snprintf(exe, sizeof(exe), "%s/ysh-add", bin);
	char *argv[32] = {exe, "-C", (char *)dir, "--today", "2026-11-23"};
	int n = 5;
	for (; *args; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	memset(t, 0, sizeof(*t));
	t->pid = forkpty(&t->fd, NULL, NULL, NULL);
	assert_true(t->pid >= 0);
	if (t->pid == 0) {
		if (child_locale)
			setenv("LC_ALL", child_locale, 1);
		execv(exe, argv);
		_exit(127);
	}
}

/* Read until `want` has appeared (since the last call), or fail after 10 s;
 * fail too if `forbid` (unless NULL) appears before it. */
static void expect_text_without(struct tty *t, const char *want, const char *forbid)
{
	size_t start = t->seen.len;
	for (int waited = 0; waited < 10000; waited += 50) {
		if (t->seen.len > start || waited == 0) {
			ysh_buf_str(&t->seen);
			if (strstr(t->seen.p + (start > 4096 ? start - 4096 : 0), want)) {
				/* consume up to the match so the next expect looks further on */
				char *at = strstr(t->seen.p + (start > 4096 ? start - 4096 : 0), want);
				char *bad = forbid ? strstr(t->seen.p, forbid) : NULL;
				if (bad && bad < at)
					fail_msg("saw '%s' before '%s': %s", forbid, want, t->seen.p);
				size_t keep = (size_t)(at - t->seen.p) + strlen(want);
				memmove(t->seen.p, t->seen.p + keep, t->seen.len - keep);
				t->seen.len -= keep;
				return;
			}
		}
		struct pollfd p = {t->fd, POLLIN, 0};
		if (poll(&p, 1, 50) > 0) {
			char buf[4096];
			ssize_t r = read(t->fd, buf, sizeof(buf));
			if (r > 0)
				ysh_buf_add(&t->seen, buf, (size_t)r);
			else if (r < 0 && errno != EINTR && errno != EAGAIN)
				break;
		}
	}
	ysh_buf_str(&t->seen);
	fail_msg("never saw '%s'; saw: %s", want, t->seen.p);
}

static void expect_text(struct tty *t, const char *want)
{
	expect_text_without(t, want, NULL);
}

static void send_text(struct tty *t, const char *s)
{
	assert_int_equal(write(t->fd, s, strlen(s)), (ssize_t)strlen(s));
}

static int finish(struct tty *t)
{
	/* drain so the child never blocks on a full terminal */
	char buf[4096];
	struct pollfd p = {t->fd, POLLIN, 0};
	ssize_t r;
	while (poll(&p, 1, 200) > 0 && (r = read(t->fd, buf, sizeof(buf))) > 0)
		ysh_buf_add(&t->seen, buf, (size_t)r);
	int status;
	assert_int_equal(waitpid(t->pid, &status, 0), t->pid);
	close(t->fd);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		print_message("ysh-add ended with status %d after: %s\n", status, ysh_buf_str(&t->seen));
	ysh_buf_free(&t->seen);
	return status;
}

static void test_prompts_fill_a_record(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	struct tty t;
	char *args[] = {"activity", "unit=县市场监管局", "participant=张三", "position=局长", NULL};
	spawn(&t, f.dir, args);
	expect_text(&t, "活动日期 (date) * [2026-11-23]:");
	send_text(&t, "\n");
	/* whether a deputy went for the head is a fact: no default, Enter asks again */
	expect_text_without(&t, "是否委托 (delegated) *:", "[否]");
	send_text(&t, "\n");
	expect_text(&t, "是否委托 is required");
	expect_text(&t, "是否委托 (delegated) *:");
	send_text(&t, "否\n");
	/* every enum as a numbered list: the number or the name */
	expect_text(&t, "    1 走流程  2 坐窗口  3 跟执法  4 处投诉\r\n");
	expect_text(&t, "(the number or the name)");
	send_text(&t, "跳舞\n");
	expect_text(&t, "'跳舞' is not allowed");
	expect_text(&t, "活动类型 (kind) *");
	send_text(&t, "9\n"); /* no such number: refused as typed */
	expect_text(&t, "'9' is not allowed");
	expect_text(&t, "活动类型 (kind) *");
	send_text(&t, "跟执法流程\n"); /* a slip: the nearest name is offered */
	expect_text(&t, "did you mean '跟执法'?");
	expect_text(&t, "活动类型 (kind) *");
	send_text(&t, "3\n");
	expect_text_without(&t, "体验方式 (mode) *:", "[定期]");
	expect_text(&t, "    1 定期  2 即时  3 跟踪\r\n");
	send_text(&t, "\n");
	expect_text(&t, "体验方式 is required");
	expect_text(&t, "体验方式 (mode) *:");
	send_text(&t, "1\n");
	/* the steps offered are those of the kind just chosen, by number too */
	expect_text(&t, "    1 执法检查  2 案件处理  3 案卷评查  4 服务回访\r\n");
	expect_text(&t, "(the numbers or the names, separated by 、 or ;)");
	send_text(&t, "1、2；案卷评查\n");
	expect_text(&t, "体验事项 (items) *");
	send_text(&t, "\n");
	expect_text(&t, "体验事项 is required");
	send_text(&t, "食品经营检查\n");
	/* today is a default only for the record's own date, not a report's */
	expect_text(&t, "报备日期 (reported_on):");
	send_text(&t, "2026-13-01\n");
	expect_text(&t, "is not a date");
	send_text(&t, "2026-11-23\n");
	expect_text(&t, "备注 (note):");
	send_text(&t, "\n");
	/* the whole record, then a confirmation */
	expect_text(&t, "活动类型 (kind): 跟执法");
	expect_text(&t, "Write it?");
	send_text(&t, "\n");
	expect_text(&t, "A2026-0001");
	int status = finish(&t);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	fx_check(&f, "2026-11-23");
	if (f.L->findings.errors)
		fx_dump(&f);
	assert_int_equal(f.L->findings.errors, 0);
	const struct ysh_table *a = ysh_ledgers_table(f.L, "activities");
	assert_int_equal(a->nrec, 1);
	assert_string_equal(ysh_rec_get(a, &a->recs[0], "date"), "2026-11-23");
	assert_string_equal(ysh_rec_get(a, &a->recs[0], "steps"), "执法检查;案件处理;案卷评查");
	assert_string_equal(ysh_rec_get(a, &a->recs[0], "mode"), "定期");
	assert_string_equal(ysh_rec_get(a, &a->recs[0], "delegated"), "否");
	fx_free(&f);
}

/* Writes A2026-0001 through the prompts, every field given but the note. */
static void add_activity_prompted(struct fx *f)
{
	struct tty t;
	char *args[] = {"activity", "date=2026-11-20", "unit=县市场监管局", "participant=张三", "position=局长",
			"kind=走流程", "mode=定期", "steps=审批服务、业务检查、服务回访、座谈交流", "items=开办企业",
			"reported_on=2026-11-20", "delegated=否", NULL};
	spawn(&t, f->dir, args);
	expect_text(&t, "备注 (note):");
	send_text(&t, "\n");
	expect_text(&t, "Write it?");
	send_text(&t, "是\n");
	expect_text(&t, "A2026-0001");
	assert_int_equal(finish(&t), 0);
}

/* Enter on a date the schema computes (a complaint's reply_due): the date is
 * recorded as computed when the record is made, here across the sample
 * calendar's holiday week to its make-up working day (5 working days from
 * Monday 2026-09-28: 09-29, 09-30, 10-08, 10-09, 10-10). */
static void test_prompted_reply_due_recorded(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	struct tty t;
	char *args[] = {"complaint", "received_on=2026-09-28", "channel=12345热线", "order_no=LT001",
			"complainant=王某", "phone=13812345678", "enterprise=甲公司", "unit=县市场监管局",
			"category=市场秩序", "content=价格标示不清", "dispatched_on=2026-09-28", "status=未办结", NULL};
	spawn(&t, f.dir, args);
	expect_text(&t, "答复时限 (reply_due):");
	send_text(&t, "\n");
	expect_text(&t, "Write it?");
	send_text(&t, "\n");
	expect_text(&t, "T2026-0001");
	assert_int_equal(finish(&t), 0);
	fx_check(&f, "2026-11-23");
	const struct ysh_table *c = ysh_ledgers_table(f.L, "complaints");
	assert_int_equal(c->nrec, 1);
	assert_string_equal(ysh_rec_get(c, &c->recs[0], "reply_due"), "2026-10-10");
	fx_free(&f);
}

/* Enter on 有效回访 asks again: whether a callback was valid (it counts in
 * callbacks-min and 满意率 then) is the clerk's to say, never a default. */
static void test_callback_valid_asked(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	add_activity_prompted(&f);
	struct tty t;
	char *args[] = {"callback", "activity=A2026-0001", "date=2026-11-21", "contact=王女士", "phone=13812345678",
			"served_on=2026-11-20", "attitude=好", "ability=好", "process_ok=是", "channel_ok=是",
			"experience=好", "satisfaction=满意", NULL};
	spawn(&t, f.dir, args);
	expect_text_without(&t, "有效回访 (valid) *:", "[是]");
	send_text(&t, "\n");
	expect_text(&t, "有效回访 is required");
	expect_text_without(&t, "有效回访 (valid) *:", "[是]");
	send_text(&t, "\n");
	expect_text(&t, "有效回访 is required");
	expect_text(&t, "有效回访 (valid) *:");
	send_text(&t, "否\n");
	expect_text(&t, "现实需求 (needs):");
	send_text(&t, "\n");
	expect_text(&t, "改进措施 (measure):");
	send_text(&t, "\n");
	expect_text(&t, "有效回访 (valid): 否");
	expect_text(&t, "Write it?");
	send_text(&t, "是\n");
	expect_text(&t, "C2026-0001");
	assert_int_equal(finish(&t), 0);
	fx_check(&f, "2026-11-23");
	const struct ysh_table *c = ysh_ledgers_table(f.L, "callbacks");
	assert_int_equal(c->nrec, 1);
	assert_string_equal(ysh_rec_get(c, &c->recs[0], "valid"), "否");
	fx_free(&f);
}

static void expect_nothing_written(struct fx *f)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/activities.csv", f->dir);
	assert_int_equal(access(path, F_OK), -1);
}

/* Enter at every prompt of a new problem: nothing belonging to later
 * revisions (struck off, looked back at, voided) is asked or defaulted. */
static void test_new_problem_enter_everywhere(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	struct tty t;
	char *args[] = {"problem", "unit=县市场监管局", "source=自我查", "type=问题", "item=窗口纪律",
			"finder=张三（局长）", "description=脱岗", "handling=立行立改", NULL};
	spawn(&t, f.dir, args);
	static const char *const asked[] = {"发现日期 (found_on) * [2026-11-23]:", "来源活动 (activity):",
		"问题类别 (category):", "改进或优化措施 (measure):", "意见建议 (suggestion):", "完成时限 (deadline):"};
	for (size_t i = 0; i < sizeof(asked) / sizeof(asked[0]); i++) {
		expect_text_without(&t, asked[i], "回头看日期");
		send_text(&t, "\n");
	}
	expect_text_without(&t, "Write it?", "销号日期 (closed_on)");
	send_text(&t, "是\n");
	expect_text(&t, "P2026-0001");
	assert_int_equal(finish(&t), 0);
	fx_check(&f, "2026-11-23");
	const struct ysh_table *p = ysh_ledgers_table(f.L, "problems");
	assert_int_equal(p->nrec, 1);
	assert_string_equal(ysh_rec_get(p, &p->recs[0], "found_on"), "2026-11-23");
	assert_string_equal(ysh_rec_get(p, &p->recs[0], "status"), "未整改");
	assert_string_equal(ysh_rec_get(p, &p->recs[0], "closed_on"), "");
	assert_string_equal(ysh_rec_get(p, &p->recs[0], "reviewed_on"), "");
	fx_free(&f);
}

/* A rule over two fields speaks as soon as both are typed; a refused
 * answer is asked again; the confirmation can send the clerk back to a
 * field; nothing typed before is lost. */
static void test_filing_judged_as_typed(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	struct tty t;
	char *args[] = {"filing", "unit=县市场监管局", "enterprise=某公司", "inspectors=甲、乙",
			"content=检查", "basis=依据", "kind=例行", NULL};
	spawn(&t, f.dir, args);
	expect_text(&t, "统一社会信用代码 (credit_code)");
	send_text(&t, "9144030071526726XH\n");
	expect_text(&t, "refused: ");
	expect_text(&t, "[credit-code]");
	expect_text(&t, "统一社会信用代码 (credit_code)");
	send_text(&t, "\n");
	expect_text(&t, "检查日期 (planned_on) *:");
	send_text(&t, "2026-11-26\n");
	expect_text(&t, "报备日期 (filed_on) * [2026-11-23]:");
	send_text(&t, "\n");
	/* late, said before the approval is asked: it is written all the same */
	expect_text(&t, "warning: 例行 inspection on 2026-11-26 filed on 2026-11-23; it had to be filed by 2026-11-19 [filing-late]");
	expect_text(&t, "批准领导 (approved_by):");
	send_text(&t, "刘副县长\n");
	expect_text(&t, "批准日期 (approved_on):");
	send_text(&t, "2026-11-23\n");
	expect_text(&t, "联合检查单位 (joint):");
	send_text(&t, "县教育局\n");
	expect_text(&t, "[unit-unknown]");
	expect_text(&t, "联合检查单位 (joint):");
	send_text(&t, "\n");
	/* no prompt for the outcome: it comes with a later revision */
	expect_text_without(&t, "The record to write", "检查结果 (outcome)");
	expect_text(&t, "   5  检查日期 (planned_on): 2026-11-26");
	expect_text(&t, "Write it?");
	send_text(&t, "5\n"); /* as listed: field 5, planned_on, asked again */
	expect_text(&t, "检查日期 (planned_on) *:");
	send_text(&t, "2026-12-01\n");
	expect_text(&t, "Write it?");
	send_text(&t, "是\n");
	expect_text(&t, "F2026-0001");
	assert_int_equal(finish(&t), 0);
	fx_check(&f, "2026-11-23");
	if (f.L->findings.n)
		fx_dump(&f);
	assert_int_equal(f.L->findings.n, 0);
	const struct ysh_table *fl = ysh_ledgers_table(f.L, "filings");
	assert_string_equal(ysh_rec_get(fl, &fl->recs[0], "planned_on"), "2026-12-01");
	assert_string_equal(ysh_rec_get(fl, &fl->recs[0], "approved_by"), "刘副县长");
	fx_free(&f);
}

/* The county's units and the twelve problem categories by number or by
 * name; a unit typed with a slip is refused with the nearest name, one
 * with a full-width space after it is taken. */
static void units_and_categories(const char *locale, const char *const *say)
{
	struct fx f;
	fx_init(&f, NULL);
	struct tty t;
	char *args[] = {"problem", "found_on=2026-11-20", "source=自我查", "type=问题", "item=窗口纪律",
			"finder=张三（局长）", "description=脱岗", "handling=立行立改", NULL};
	child_locale = locale;
	spawn(&t, f.dir, args);
	child_locale = NULL;
	expect_text(&t, "单位 (unit) *:");
	expect_text(&t, "    1 县市场监管局  2 县行政审批局  3 县司法局  4 玉山镇\r\n");
	expect_text(&t, say[0]);
	send_text(&t, "市场监管局\n");
	expect_text(&t, say[1]);
	expect_text(&t, "单位 (unit) *:");
	send_text(&t, "3\n");
	expect_text(&t, "来源活动 (activity):");
	send_text(&t, "\n");
	expect_text(&t, "问题类别 (category):");
	expect_text(&t, "     1 官本位思想、服务意识不强\r\n     2 不担当不作为慢作为\r\n");
	expect_text(&t, "    12 其他影响营商环境的突出问题\r\n");
	send_text(&t, "审批环节多、办事效率低\n");
	expect_text(&t, "改进或优化措施 (measure):");
	send_text(&t, "\n");
	expect_text(&t, "意见建议 (suggestion):");
	send_text(&t, "\n");
	expect_text(&t, "完成时限 (deadline):");
	send_text(&t, "2026/12/31\n");
	expect_text(&t, "问题类别 (category): 5 (审批环节多、办事效率低)");
	expect_text(&t, "完成时限 (deadline): 2026-12-31");
	send_text(&t, "\n");
	expect_text(&t, "P2026-0001");
	assert_int_equal(finish(&t), 0);
	fx_check(&f, "2026-11-23");
	const struct ysh_table *p = ysh_ledgers_table(f.L, "problems");
	assert_int_equal(p->nrec, 1);
	assert_string_equal(ysh_rec_get(p, &p->recs[0], "unit"), "县司法局");
	assert_string_equal(ysh_rec_get(p, &p->recs[0], "category"), "5");
	assert_string_equal(ysh_rec_get(p, &p->recs[0], "deadline"), "2026-12-31");
	fx_free(&f);
}

static void test_units_and_categories(void **state)
{
	(void)state;
	static const char *const en[] = {"(the number or the name)", "did you mean '县市场监管局'?"};
	units_and_categories("C.UTF-8", en);
}

static void test_units_and_categories_zh(void **state)
{
	(void)state;
	static const char *const zh[] = {"（输入序号或名称）", "你是不是要输入“县市场监管局”？"};
	units_and_categories("zh_CN.UTF-8", zh);
}

/* 否 at the confirmation writes nothing. */
static void test_confirmation_no(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	struct tty t;
	char *args[] = {"activity", "date=2026-11-20", "unit=县市场监管局", "participant=张三", "position=局长",
			"kind=处投诉", "mode=定期", "steps=转办体验、投诉分析、投诉处理", "items=工单",
			"reported_on=2026-11-20", "delegated=否", NULL};
	spawn(&t, f.dir, args);
	expect_text(&t, "备注 (note):");
	send_text(&t, "\n");
	expect_text(&t, "Write it?");
	send_text(&t, "否\n");
	expect_text(&t, "aborted: nothing written");
	int status = finish(&t);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	expect_nothing_written(&f);
	fx_free(&f);
}

static void test_ctrl_d_aborts(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	struct tty t;
	char *args[] = {"activity", NULL};
	spawn(&t, f.dir, args);
	expect_text(&t, "活动日期 (date)");
	send_text(&t, "2026-11-20\n");
	expect_text(&t, "单位 (unit)");
	send_text(&t, "\x04"); /* Ctrl-D at the start of a line: end of input */
	expect_text(&t, "aborted: nothing written");
	int status = finish(&t);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	expect_nothing_written(&f);
	fx_free(&f);
}

static void test_ctrl_c_aborts(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	struct tty t;
	char *args[] = {"activity", "date=2026-11-20", NULL};
	spawn(&t, f.dir, args);
	expect_text(&t, "单位 (unit)");
	send_text(&t, "\x03");
	int status = finish(&t);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGINT);
	expect_nothing_written(&f);
	fx_free(&f);
}

int main(void)
{
	/* recorded_at, which filing-late judges, is fixed for the children */
	setenv("YSH_NOW", "2026-11-23T10:00:00+08:00", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prompts_fill_a_record),
		cmocka_unit_test(test_callback_valid_asked),
		cmocka_unit_test(test_prompted_reply_due_recorded),
		cmocka_unit_test(test_new_problem_enter_everywhere),
		cmocka_unit_test(test_filing_judged_as_typed),
		cmocka_unit_test(test_units_and_categories),
		cmocka_unit_test(test_units_and_categories_zh),
		cmocka_unit_test(test_confirmation_no),
		cmocka_unit_test(test_ctrl_d_aborts),
		cmocka_unit_test(test_ctrl_c_aborts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
