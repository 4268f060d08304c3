/* The schemas: what SPEC §4 names is there, and the validator follows them. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct ysh_schema_set set;

static int load_all(void **state)
{
	(void)state;
	char *err = NULL;
	if (ysh_schemas_load(ysh_schema_dir(), &set, &err) != 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

static int free_all(void **state)
{
	(void)state;
	ysh_schemas_free(&set);
	return 0;
}

static void expect_columns(const char *ledger, const char *const *cols)
{
	const struct ysh_schema *s = ysh_schemas_find(&set, ledger);
	assert_non_null(s);
	size_t n = 0;
	for (; cols[n]; n += 2) {
		int c = ysh_schema_col(s, cols[n]);
		if (c < 0)
			fail_msg("%s has no column %s", ledger, cols[n]);
		if (strcmp(s->cols[c].title, cols[n + 1]))
			fail_msg("%s.%s is titled %s, not %s", ledger, cols[n], s->cols[c].title, cols[n + 1]);
		assert_int_equal(ysh_schema_col(s, cols[n + 1]), c);
	}
	/* the SPEC's columns, plus id and the two system columns */
	assert_int_equal(s->ncols, n / 2 + 3);
	assert_true(s->cols[ysh_schema_col(s, "recorded_at")].system);
	assert_true(s->cols[ysh_schema_col(s, "recorded_by")].system);
	assert_int_equal(s->cols[s->id_col].type, YSH_T_ID);
}

static void test_spec_columns(void **state)
{
	(void)state;
	static const char *const act[] = {"date", "活动日期", "unit", "单位", "participant", "参与人",
		"position", "职务", "delegated", "是否委托", "kind", "活动类型", "mode", "体验方式",
		"steps", "参与环节", "items", "体验事项", "reported_on", "报备日期", "note", "备注", "voided", "是否作废",
		"void_reason", "作废原因", NULL};
	static const char *const cb[] = {"activity", "活动编号", "date", "回访日期", "contact", "回访对象",
		"phone", "联系电话", "served_on", "办理业务日期", "attitude", "服务态度", "ability", "服务能力",
		"process_ok", "流程是否顺畅", "channel_ok", "投诉渠道是否顺畅", "experience", "办事体验",
		"satisfaction", "满意度", "valid", "有效回访", "needs", "现实需求", "measure", "改进措施",
		"voided", "是否作废", "void_reason", "作废原因", NULL};
	/* voided (是否作废) and void_reason (作废原因) are ours: how a revision
	 * voids a mistaken record, and why */
	static const char *const prob[] = {"found_on", "发现日期", "unit", "单位", "activity", "来源活动",
		"source", "来源", "type", "类型", "item", "事项名称", "finder", "发现人及职务",
		"description", "问题描述", "category", "问题类别", "measure", "改进或优化措施",
		"suggestion", "意见建议", "handling", "处理方式", "deadline", "完成时限", "status", "状态",
		"closed_on", "销号日期", "reviewed_on", "回头看日期", "review_result", "回头看结果", "transferred_to", "转交单位", "transferred_on", "转交日期", "voided", "是否作废", "void_reason",
		"作废原因", "complaint", "来源投诉", "line", "交办专线", "target", "整改目标", NULL};
	/* issue 13's complaints ledger (投诉台账) */
	static const char *const cmp[] = {"received_on", "受理日期", "channel", "受理渠道", "order_no", "工单编号",
		"complainant", "投诉人", "phone", "联系电话", "enterprise", "企业名称", "unit", "承办单位",
		"category", "问题类别", "content", "投诉内容", "dispatched_on", "派单日期", "reply_due", "答复时限",
		"replied_on", "答复日期", "result", "办理结果", "satisfied", "满意度", "closed_on", "办结日期",
		"status", "状态", "returned", "是否退单", "return_reason", "退单原因", "voided", "是否作废",
		"void_reason", "作废原因", NULL};
	static const char *const fil[] = {"unit", "执法单位", "enterprise", "企业名称", "credit_code",
		"统一社会信用代码", "planned_on", "检查日期", "inspectors", "检查人员", "content", "检查内容",
		"basis", "检查依据", "kind", "检查类型", "filed_on", "报备日期", "approved_by", "批准领导",
		"approved_on", "批准日期", "joint", "联合检查单位", "outcome", "检查结果", "fine_waived",
		"减免金额", "voided", "是否作废", "void_reason", "作废原因", NULL};
	expect_columns("activities", act);
	expect_columns("callbacks", cb);
	expect_columns("problems", prob);
	expect_columns("filings", fil);
	expect_columns("complaints", cmp);
	/* referenced ledgers come first */
	assert_string_equal(set.v[0]->name, "activities");
	assert_non_null(ysh_schemas_find(&set, "activity"));
	assert_non_null(ysh_schemas_find(&set, "filings.csv"));
	assert_null(ysh_schemas_find(&set, "minutes"));
}

static void test_enums_and_lifecycle(void **state)
{
	(void)state;
	const struct ysh_schema *p = ysh_schemas_find(&set, "problems");
	const struct ysh_column *status = &p->cols[ysh_schema_col(p, "status")];
	assert_true(status->forward);
	assert_int_equal(ysh_enum_index(status, "未整改"), 0);
	assert_int_equal(ysh_enum_index(status, "已销号"), 2);
	assert_true(p->cols[ysh_schema_col(p, "item")].immutable);
	assert_false(p->cols[ysh_schema_col(p, "measure")].immutable);
	assert_true(p->revisions);
	const struct ysh_schema *a = ysh_schemas_find(&set, "activities");
	/* every ledger can be corrected by a revision, and voided */
	assert_true(a->revisions);
	assert_true(a->cols[ysh_schema_col(a, "unit")].immutable);
	assert_false(a->cols[ysh_schema_col(a, "reported_on")].immutable);
	const struct ysh_column *voided = &a->cols[a->voided_col];
	assert_true(voided->forward && voided->later);
	assert_int_equal(a->cols[ysh_schema_col(a, "void_reason")].required_if_col, a->voided_col);
	assert_int_equal(a->date_col, ysh_schema_col(a, "date"));
	assert_int_equal(a->nkey, 4);
	assert_true(p->cols[ysh_schema_col(p, "closed_on")].later);
	assert_false(p->cols[ysh_schema_col(p, "deadline")].later);
	const struct ysh_column *steps = &a->cols[ysh_schema_col(a, "steps")];
	const char *cells[32] = {0};
	cells[ysh_schema_col(a, "kind")] = "处投诉";
	size_t n;
	char *const *v = ysh_column_enums(steps, cells, &n);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "转办体验");
	cells[ysh_schema_col(a, "kind")] = "跳舞";
	assert_null(ysh_column_enums(steps, cells, &n));
	/* the twelve categories by name, numbered from min */
	const struct ysh_column *cat = &p->cols[ysh_schema_col(p, "category")];
	assert_int_equal(cat->nlabels, 12);
	assert_int_equal(ysh_column_label_value(cat, "官本位思想、服务意识不强"), 1);
	assert_int_equal(ysh_column_label_value(cat, "其他影响营商环境的突出问题"), 12);
	assert_int_equal(ysh_column_label_value(cat, "12"), -1);
	assert_string_equal(ysh_column_label(cat, 5), "审批环节多、办事效率低");
	assert_null(ysh_column_label(cat, 13));
	assert_null(ysh_column_label(cat, 0));
	assert_null(ysh_column_label(status, 1));
	assert_int_equal(ysh_column_label_value(status, "未整改"), -1);
}

/* No default states a fact: the only defaults are the state a record starts
 * in; whether a deputy went, how, and whether a callback was valid are asked. */
static void test_no_default_states_a_fact(void **state)
{
	(void)state;
	size_t ndefaults = 0;
	for (size_t i = 0; i < set.n; i++) {
		const struct ysh_schema *s = set.v[i];
		for (size_t c = 0; c < s->ncols; c++) {
			if (!s->cols[c].dflt)
				continue;
			ndefaults++;
			/* a task of a plan starts 未开始 as a problem starts 未整改: the
			 * state a record is in when it is first recorded, moved on by
			 * dated revisions */
			if (strcmp(s->cols[c].name, "status") ||
			    (strcmp(s->name, "problems") && strcmp(s->name, "complaints") && strcmp(s->name, "tasks")))
				fail_msg("%s.%s has a default (%s): does it state a fact?", s->name, s->cols[c].name,
					 s->cols[c].dflt);
			assert_int_equal(ysh_enum_index(&s->cols[c], s->cols[c].dflt), 0);
		}
	}
	assert_int_equal(ndefaults, 3);
	const struct ysh_schema *a = ysh_schemas_find(&set, "activities");
	const struct ysh_column *delegated = &a->cols[ysh_schema_col(a, "delegated")];
	assert_true(delegated->required && delegated->required_new);
	const struct ysh_column *mode = &a->cols[ysh_schema_col(a, "mode")];
	assert_true(mode->required && !mode->required_new);
	const struct ysh_schema *cb = ysh_schemas_find(&set, "callbacks");
	const struct ysh_column *valid = &cb->cols[ysh_schema_col(cb, "valid")];
	assert_true(valid->required && !valid->required_new);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_bad_schema_files(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		{"[ledger]\nname = x\n", "[ledger] needs name, title, file, record and id_prefix"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\ncolour=red\n",
		 "x.ini:10: [id] unknown key 'colour'"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=uuid\n",
		 "[id] unknown type 'uuid'"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntype=id\n", "[id] has no title"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\n", "no column of type id"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\n[s]\ntitle=S\nenum_by=k\nenum_a=1|2\n",
		 "enum_by names no column 'k'"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\n[due]\ntitle=D\ntype=date\noverdue=too-late\ndone_when=id\n",
		 "[due] overdue names no rule 'too-late'"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\n[due]\ntitle=D\ntype=date\noverdue=problem-overdue\ndone_when=state=done\n",
		 "done_when names no column 'state'"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\n[due]\ntitle=D\noverdue=problem-overdue\ndone_when=id\n",
		 "[due] overdue and done_when go together, on a date column"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\ndate=when\n[id]\ntitle=编号\ntype=id\n",
		 "[ledger] date names no column 'when'"},
		/* labels name an integer's numbers, one each from min to max */
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\n[c]\ntitle=C\nlabels=a|b\n",
		 "[c] has labels but is not an integer with one label for each number from min to max"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\n[c]\ntitle=C\ntype=integer\nmin=1\nmax=3\nlabels=a|b\n",
		 "[c] has labels but"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\n[c]\ntitle=C\ntype=integer\nlabels=a|b\n",
		 "[c] has labels but"},
		/* long = yes is for free text: not a date, a list or an enum */
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\n[d]\ntitle=D\ntype=date\nlong=yes\n",
		 "[d] is long, which is for free text"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\n[k]\ntitle=K\nenum=a|b\nlong=yes\n",
		 "[k] is long, which is for free text"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\n[l]\ntitle=L\nlist=yes\nlong=yes\n",
		 "[l] is long, which is for free text"},
		/* nor a value that reopens the record: ysh_row_reopens reads a view's cells whole */
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\n[r]\ntitle=R\nreopens=反弹\nlong=yes\n",
		 "[r] is long, which is for free text"},
		{"[ledger]\nname=x\ntitle=X\nfile=x.csv\nrecord=x\nid_prefix=X\n[id]\ntitle=编号\ntype=id\n[t]\ntitle=T\nreopen_to=整改中\nlong=yes\n",
		 "[t] is long, which is for free text"},
	};
	char dir[] = "/tmp/ysh-schema-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/x.ini", dir);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_file(path, cases[i].text);
		char *err = NULL;
		struct ysh_schema *s = ysh_schema_load(path, &err);
		if (s)
			fail_msg("case %zu accepted", i);
		if (!strstr(err, cases[i].want))
			fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].want);
		free(err);
	}
	unlink(path);
	struct ysh_schema_set none;
	char *err = NULL;
	assert_int_equal(ysh_schemas_load(dir, &none, &err), -1);
	assert_non_null(strstr(err, "holds no"));
	free(err);
	rmdir(dir);
}

/* Adding an enum value is an edit of a schema file, not of C code. */
static void test_schema_drives_validation(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", ACT_HEADER "A2026-0001,2026-11-02,县市场监管局,张三,局长,处投诉,专项,转办体验;投诉分析;投诉处理,工单,2026-11-03\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 7, "field-enum");
	fx_schemas_edited("activities.ini", "enum = 定期|即时|跟踪\n", "enum = 定期|即时|跟踪|专项\n");
	fx_check(&f, "2026-11-23");
	assert_int_equal(f.L->findings.n, 0);
	fx_free(&f);
	fx_schemas_remove();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_columns),
		cmocka_unit_test(test_enums_and_lifecycle),
		cmocka_unit_test(test_no_default_states_a_fact),
		cmocka_unit_test(test_bad_schema_files),
		cmocka_unit_test(test_schema_drives_validation),
	};
	return cmocka_run_group_tests(tests, load_all, free_all);
}
