/*
 * The city's counties (city.h): the total adds every figure, rates by
 * their numerators and denominators; counties open in parallel with the
 * findings each would have alone; one that does not load is named; periods
 * cut on other days are refused.
 */
#define _GNU_SOURCE
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "city.h"
#include "figures.h"
#include "tally.h"

static void test_total_adds_every_figure(void **state)
{
	(void)state;
	struct ysh_figures v[3] = {{0}};
	v[0].activities = 3, v[0].found_by_end = 4, v[0].closed_by_end = 1, v[0].callbacks_valid = 2, v[0].satisfied = 2;
	v[0].fine_waived_fen = 150, v[0].voided = 1, v[0].complaints_received = 5, v[0].filed = 7;
	v[1].activities = 10, v[1].found_by_end = 6, v[1].closed_by_end = 6, v[1].callbacks_valid = 8, v[1].satisfied = 4;
	v[1].fine_waived_fen = 50, v[1].complaints_open = 2, v[1].unapproved = 1;
	struct ysh_figures t;
	ysh_city_total(&t, v, 3);
	assert_int_equal(t.activities, 13);
	assert_int_equal(t.found_by_end, 10);
	assert_int_equal(t.closed_by_end, 7); /* 整改率 70%, not the mean of 25% and 100% */
	assert_int_equal(t.callbacks_valid, 10);
	assert_int_equal(t.satisfied, 6);
	assert_int_equal(t.fine_waived_fen, 200);
	assert_int_equal(t.voided, 1);
	assert_int_equal(t.complaints_received, 5);
	assert_int_equal(t.complaints_open, 2);
	assert_int_equal(t.filed, 7);
	assert_int_equal(t.unapproved, 1);
	/* each figure of the table, the sum of the counties' */
	for (size_t i = 0; i < ysh_nfigures; i++) {
		const struct ysh_figure *g = &ysh_figure_table[i];
		if (g->kind == YSH_FIG_COUNT)
			assert_int_equal(ysh_figure_count(g, &t), ysh_figure_count(g, &v[0]) + ysh_figure_count(g, &v[1]));
	}
	ysh_city_total(&t, v, 0);
	assert_int_equal(t.activities, 0);
}

static const char acts[] = ACT_HEADER
	"A2026-0001,2026-10-10,县市场监管局,张三,局长,跟执法,定期,执法检查;案件处理;案卷评查,检查甲,2026-10-11\n"
	"A2026-0002,2026-10-15,县行政审批局,李四,局长,走流程,定期,审批服务;业务检查,企业开办,2026-10-16\n";

static void test_open_in_parallel(void **state)
{
	(void)state;
	struct fx a, b, cut;
	fx_init(&a, NULL);
	fx_init(&b, NULL);
	fx_init(&cut, "[reports]\nperiod_end_day = 20\n");
	fx_write(&a, "activities.csv", acts);
	fx_write(&b, "activities.csv", acts);
	fx_check(&a, "2026-11-22");
	char missing[80];
	snprintf(missing, sizeof(missing), "%s/nowhere", a.dir);
	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	ysh_parse_date("2026-11-22", &o.today);

	const char *dirs[] = {a.dir, b.dir, missing};
	struct ysh_city c;
	assert_int_equal(ysh_city_open(&c, dirs, 3, &o, NULL, 0, YSH_CITY_CHECK), -1);
	assert_non_null(c.v[0].L);
	assert_non_null(c.v[1].L);
	assert_null(c.v[2].L);
	assert_non_null(strstr(c.v[2].err, missing));
	/* the findings a county has alone */
	assert_int_equal(c.v[0].L->findings.n, a.L->findings.n);
	assert_int_equal(ysh_city_errors(&c), 2 * a.L->findings.errors);
	ysh_city_free(&c);

	/* ysh-check's use: the same findings, and of the rows only their count */
	const char *two[] = {a.dir, b.dir};
	assert_int_equal(ysh_city_open(&c, two, 2, &o, NULL, 0, YSH_CITY_FINDINGS), 0);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(c.v[i].L->findings.n, a.L->findings.n);
		for (size_t k = 0; k < a.L->findings.n; k++)
			assert_string_equal(c.v[i].L->findings.v[k].msg, a.L->findings.v[k].msg);
		const struct ysh_table *t = ysh_ledgers_table(c.v[i].L, "activities");
		assert_int_equal(t->nrows, 2);
		assert_int_equal(t->nrec, 0);
		assert_null(t->recs);
		assert_null(ysh_table_find(t, "A2026-0001"));
	}
	ysh_city_free(&c);

	/* ysh-report summary's use: the profiles loaded, nothing read; the
	 * period; then each county checked, tallied and kept as its figures
	 * and findings, the figures those of the county read whole */
	assert_int_equal(ysh_city_open(&c, two, 2, &o, NULL, 0, YSH_CITY_LOAD), 0);
	assert_false(ysh_ledgers_table(c.v[0].L, "activities")->read);
	struct ysh_report_opts rs = {.kind = YSH_REPORT_SUMMARY};
	char *perr = NULL;
	assert_int_equal(ysh_city_period(&c, &rs, false, o.today, &perr), 0);
	assert_int_equal(ysh_city_go(&c, YSH_CITY_SUMMARY, &rs), 0);
	struct ysh_tally M;
	ysh_tally_init(&M, a.L, &rs);
	const struct ysh_figures *whole = ysh_tally_fig(&M, M.leads.n, M.nu);
	assert_int_equal(whole->activities, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_true(c.v[i].tallied);
		assert_memory_equal(&c.v[i].fig, whole, sizeof(*whole));
		assert_int_equal(c.v[i].m.first, M.m.first);
		assert_int_equal(c.v[i].L->findings.n, a.L->findings.n);
		const struct ysh_table *t = ysh_ledgers_table(c.v[i].L, "activities");
		assert_int_equal(t->nrows, 2);
		assert_null(t->recs);
	}
	ysh_tally_free(&M);
	ysh_city_free(&c);
	/* a county that cannot be read once loaded: its error, no figures */
	assert_int_equal(ysh_city_open(&c, two, 2, &o, NULL, 0, YSH_CITY_LOAD), 0);
	char broken[96];
	snprintf(broken, sizeof(broken), "%s/activities.csv", b.dir);
	assert_int_equal(unlink(broken), 0);
	assert_int_equal(mkdir(broken, 0700), 0);
	assert_int_equal(ysh_city_go(&c, YSH_CITY_SUMMARY, &rs), -1);
	assert_true(c.v[0].tallied);
	assert_null(c.v[1].L);
	assert_non_null(strstr(c.v[1].err, "activities.csv"));
	ysh_city_free(&c);
	assert_int_equal(rmdir(broken), 0);
	fx_write(&b, "activities.csv", acts);

	const char *same[] = {a.dir, b.dir};
	assert_int_equal(ysh_city_open(&c, same, 2, &o, NULL, 0, YSH_CITY_READ), 0);
	struct ysh_report_opts r = {.kind = YSH_REPORT_SUMMARY};
	char *err = NULL;
	assert_int_equal(ysh_city_period(&c, &r, false, o.today, &err), 0);
	assert_int_equal(r.month, ysh_month_of(o.today) - 1);
	ysh_city_free(&c);

	const char *other[] = {a.dir, cut.dir};
	assert_int_equal(ysh_city_open(&c, other, 2, &o, NULL, 0, YSH_CITY_READ), 0);
	r.month = ysh_month_of(o.today) - 1;
	assert_int_equal(ysh_city_period(&c, &r, true, o.today, &err), -1);
	assert_non_null(strstr(err, "period_end_day"));
	assert_non_null(strstr(err, cut.dir));
	free(err);
	/* a range names its days: no cut to agree on */
	r.from = ysh_month_first(r.month), r.to = ysh_month_last(r.month);
	err = NULL;
	assert_int_equal(ysh_city_period(&c, &r, false, o.today, &err), 0);
	ysh_city_free(&c);
	fx_free(&a);
	fx_free(&b);
	fx_free(&cut);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_total_adds_every_figure),
		cmocka_unit_test(test_open_in_parallel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
